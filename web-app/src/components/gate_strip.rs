//! The gate pipeline: every layer of the scenario, the deciding one highlighted, and the run
//! state.

use yew::prelude::*;

use super::SessionHandle;
use crate::i18n::{Lang, Text};

/// The pipeline strip.
#[component]
pub fn GateStrip() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    let Some(session) = use_context::<SessionHandle>() else { return html! {} };
    let run = session.run.borrow();
    let current = run.shown().checked_sub(1).and_then(|i| run.row(i)).map(|r| r.layer);
    html! {
        <div class="gates" aria-label={Text::Gates.get(l)}>
            <ol class="gate-list">
                { for session.info.layers.iter().map(|layer| {
                    let active = current == Some(*layer);
                    html! {
                        <li class={classes!("gate", active.then_some("active"))} aria-current={active.then_some("step")}>
                            { *layer }
                        </li>
                    }
                }) }
            </ol>
            <p class="run-state">{ Text::RunState.get(l) }{ ": " }<strong id="run-state">{ run.state() }</strong>
                if run.sealed() { { " ◆" } }
            </p>
        </div>
    }
}
