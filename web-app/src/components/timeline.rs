//! The rows shown so far, one per line; selecting one opens it in the inspector.

use maestro_core::vocab::Code;
use yew::prelude::*;

use super::SessionHandle;
use super::row_view::{decision_badge, flags};
use crate::i18n::{Lang, Text};
use crate::state::Action;

/// A row's facts on one line (`agent=A2 · price=820`), at most six; `None` without any.
pub fn facts_line(facts: &[(String, String)]) -> Option<String> {
    let shown: Vec<String> = facts
        .iter()
        .filter(|(_, v)| !v.is_empty() && v.chars().count() <= 40)
        .take(8)
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    (!shown.is_empty()).then(|| shown.join(" · "))
}

/// The run's timeline.
#[component]
pub fn Timeline() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    let Some(session) = use_context::<SessionHandle>() else { return html! {} };
    let run = session.run.borrow();
    let shown = run.shown();
    // One tab stop: the selected row (else the last one shown); arrow keys move inside.
    let current = session.selected.filter(|i| *i < shown).or(shown.checked_sub(1));
    let onkeydown = {
        let session = session.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(at) = current else { return };
            let to = match e.key().as_str() {
                "ArrowDown" | "ArrowRight" => (at + 1).min(shown.saturating_sub(1)),
                "ArrowUp" | "ArrowLeft" => at.saturating_sub(1),
                "Home" => 0,
                "End" => shown.saturating_sub(1),
                _ => return,
            };
            e.prevent_default();
            session.dispatch(Action::Select(to));
            crate::browser::focus_soon(format!(".timeline .rows li:nth-child({}) button", to + 1));
        })
    };
    // The simulators name who acts and what is at stake on every row.
    let agents = session.info.family == maestro_core::scenarios::simulators::FAMILY_ID;
    let rows = (0..shown).filter_map(|i| run.row(i).map(|r| (i, r))).map(|(i, r)| {
        let facts = agents.then(|| facts_line(&run.facts(i))).flatten();
        let select = {
            let session = session.clone();
            Callback::from(move |_| session.dispatch(Action::Select(i)))
        };
        let selected = session.selected == Some(i);
        html! {
            <li class={classes!("row", selected.then_some("selected"))} data-layer={r.layer} data-reason={r.reason}>
                <button type="button" class="row-button" aria-pressed={selected.to_string()} onclick={select}
                    tabindex={if current == Some(i) { "0" } else { "-1" }}>
                    <span class="seq">{ i + 1 }</span>
                    <code class="layer">{ r.layer }</code>
                    { decision_badge(r.decision) }
                    <span class="decider">{ r.decider.as_str() }</span>
                    <code class="reason">{ r.reason }</code>
                    { flags(r.seal, l) }
                    if let Some(facts) = facts { <span class="facts">{ facts }</span> }
                </button>
            </li>
        }
    });
    html! {
        <section class="timeline" aria-labelledby="timeline-heading">
            <h3 id="timeline-heading">{ Text::Timeline.get(l) }<span class="muted">{ format!(" · {shown} {}", Text::RowsShown.get(l)) }</span></h3>
            <ol class="rows" aria-describedby="timeline-keys" {onkeydown}>{ for rows }</ol>
            <p class="visually-hidden" id="timeline-keys">{ Text::TimelineKeys.get(l) }</p>
        </section>
    }
}
