//! The rows shown so far, one per line; selecting one opens it in the inspector.

use maestro_core::vocab::Code;
use yew::prelude::*;

use super::SessionHandle;
use super::row_view::{decision_badge, flags};
use crate::i18n::{Lang, Text};
use crate::state::Action;

/// The run's timeline.
#[component]
pub fn Timeline() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    let Some(session) = use_context::<SessionHandle>() else { return html! {} };
    let run = session.run.borrow();
    let shown = run.shown();
    let rows = run.rows().iter().take(shown).enumerate().map(|(i, e)| {
        let r = &e.row;
        let select = {
            let session = session.clone();
            Callback::from(move |_| session.dispatch(Action::Select(i)))
        };
        let selected = session.selected == Some(i);
        html! {
            <li class={classes!("row", selected.then_some("selected"))} data-layer={r.layer().as_str()} data-reason={r.reason().as_str()}>
                <button type="button" class="row-button" aria-pressed={selected.to_string()} onclick={select}>
                    <span class="seq">{ i + 1 }</span>
                    <code class="layer">{ r.layer().as_str() }</code>
                    { decision_badge(r.decision()) }
                    <span class="decider">{ r.decider().as_str() }</span>
                    <code class="reason">{ r.reason().as_str() }</code>
                    { flags(e, l) }
                </button>
            </li>
        }
    });
    html! {
        <section class="timeline" aria-labelledby="timeline-heading">
            <h3 id="timeline-heading">{ Text::Timeline.get(l) }<span class="muted">{ format!(" · {shown} {}", Text::RowsShown.get(l)) }</span></h3>
            <ol class="rows">{ for rows }</ol>
        </section>
    }
}
