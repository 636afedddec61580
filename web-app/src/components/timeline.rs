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
    let rows = (0..shown).filter_map(|i| run.row(i).map(|r| (i, r))).map(|(i, r)| {
        let select = {
            let session = session.clone();
            Callback::from(move |_| session.dispatch(Action::Select(i)))
        };
        let selected = session.selected == Some(i);
        html! {
            <li class={classes!("row", selected.then_some("selected"))} data-layer={r.layer} data-reason={r.reason}>
                <button type="button" class="row-button" aria-pressed={selected.to_string()} onclick={select}>
                    <span class="seq">{ i + 1 }</span>
                    <code class="layer">{ r.layer }</code>
                    { decision_badge(r.decision) }
                    <span class="decider">{ r.decider.as_str() }</span>
                    <code class="reason">{ r.reason }</code>
                    { flags(r.seal, l) }
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
