//! The agents of a simulator scenario as the rows shown leave them: each agent's status, and
//! one line chart per quantity (trust, anger, price, ...) over the rounds, each with its data
//! as a table. Scenarios without agents show nothing.

use maestro_core::face::AgentStatus;
use yew::prelude::*;

use super::SessionHandle;
use super::charts::lines;
use crate::i18n::{Lang, Text};

fn status_text(s: AgentStatus) -> Text {
    match s {
        AgentStatus::Active => Text::StatusActive,
        AgentStatus::Sealed => Text::StatusSealed,
        AgentStatus::Banned => Text::StatusBanned,
    }
}

/// The agents' state panel.
#[component]
pub fn AgentState() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    let Some(session) = use_context::<SessionHandle>() else { return html! {} };
    let Some(view) = session.run.borrow().state_view() else { return html! {} };
    html! {
        <section class="agent-state" id="agent-state" aria-labelledby="agent-state-heading">
            <h3 id="agent-state-heading">
                { Text::AgentsState.get(l) }{ " · " }{ Text::Round.get(l) }{ " " }
                <span id="agent-round">{ view.round }</span>
            </h3>
            <ul class="agent-status" id="agent-status">
                { for view.agents.iter().map(|(name, s)| html! {
                    <li class={classes!("status", s.as_str())} data-agent={*name} data-status={s.as_str()}>
                        <strong>{ *name }</strong>{ ": " }{ status_text(*s).get(l) }
                    </li>
                }) }
            </ul>
            <div class="charts">
                { for view.metrics.iter().enumerate().map(|(i, m)| {
                    lines(&format!("state-chart-{i}"), m.name, &m.series, (m.lo, m.hi), &m.marks, l)
                }) }
            </div>
        </section>
    }
}
