//! Every scenario, one file or folder each, named after its id, under a folder per theme;
//! what a theme's scenarios share sits beside them.
//!
//! Each scenario declares itself once, as `SCENARIO` on its own module (id, titles, reference,
//! knobs, paths, explanations, vocabulary); [`SCENARIOS`] registers them all, and the catalogue,
//! the themes, the default scenario and whatever a face lists derive from it.
//! Adding a scenario is writing its file and adding one line below (`docs/ARCHITECTURE.md`
//! shows the recipe).

pub mod emergency;
pub mod orchestrators;
pub mod policies;
pub mod simulators;

use crate::scenario::ScenarioInfo;

/// Every registered scenario, in display order.
pub const SCENARIOS: &[ScenarioInfo] = &[
    emergency::emergency_contract::SCENARIO,
    policies::definition_gate::SCENARIO,
    policies::confidential_loop_guard::SCENARIO,
    policies::loop_budget::SCENARIO,
    orchestrators::tool_proxy::SCENARIO,
    orchestrators::orchestrator_mediator::SCENARIO,
    orchestrators::kage3_v1_2_4::SCENARIO,
    orchestrators::kage3_v1_3_5::SCENARIO,
    emergency::kage_emergency::SCENARIO,
    emergency::emergency_v1::SCENARIO,
    emergency::emergency_v4_1::SCENARIO,
    emergency::emergency_v5_0_1::SCENARIO,
    simulators::negotiation_steering::SCENARIO,
    simulators::alliance_persuasion::SCENARIO,
    simulators::hierarchy_dynamics::SCENARIO,
    simulators::reeducation_dynamics::SCENARIO,
    simulators::all_in_one_mediation::SCENARIO,
    simulators::governance_mediation::SCENARIO,
    simulators::pacd::SCENARIO,
    simulators::hitl_reset_ban::SCENARIO,
];

/// The scenarios whose reference bench writes files of its own for a run, each with the
/// function that makes them from the run's log rows ([`crate::export`]).
#[cfg(feature = "export")]
pub const REFERENCE_FILES: &[(&str, crate::export::MakeFiles)] = &[(
    simulators::negotiation_steering::ID,
    simulators::negotiation_steering::reference_files::files,
)];
