//! The gate pipeline: every layer of the scenario, the deciding one highlighted, and the run
//! state.

use maestro_core::emergency::Layer;
use maestro_core::vocab::Code;
use yew::prelude::*;

use super::SessionHandle;
use crate::i18n::{Lang, Text};

/// The pipeline strip.
#[component]
pub fn GateStrip() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    let Some(session) = use_context::<SessionHandle>() else { return html! {} };
    let run = session.run.borrow();
    let current = run.rows().get(run.shown().wrapping_sub(1)).map(|e| e.row.layer());
    let state = run.state().as_str();
    html! {
        <div class="gates" aria-label={Text::Gates.get(l)}>
            <ol class="gate-list">
                { for Layer::ALL.iter().map(|layer| {
                    let active = current == Some(*layer);
                    html! {
                        <li class={classes!("gate", active.then_some("active"))} aria-current={active.then_some("step")}>
                            { layer.as_str() }
                        </li>
                    }
                }) }
            </ol>
            <p class="run-state">{ Text::RunState.get(l) }{ ": " }<strong id="run-state">{ state }</strong>
                if run.sealed() { { " ◆" } }
            </p>
        </div>
    }
}
