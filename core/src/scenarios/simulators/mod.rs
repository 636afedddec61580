//! The negotiation bench and the thematic multi-agent simulators
//! (`negotiation-and-thematic.md`): eight scenarios where sealing applies to agents (an agent
//! is excluded), not to runs.
//!
//! Each simulator is a [`Bench`] like every other scenario (the parts they all write the same
//! way come from [`simulator_bench`]): it writes ARL rows of one family ([`ThematicFamily`])
//! through a [`Cx`], and records a snapshot of its agents after each round
//! ([`Cx::snap`], [`Cx::mark`]), from which the run's state view draws the per-agent charts up
//! to the rows shown.

pub mod all_in_one_mediation;
pub mod alliance_persuasion;
pub mod common;
pub mod governance_mediation;
pub mod hierarchy_dynamics;
pub mod hitl_reset_ban;
pub mod negotiation_steering;
pub mod pacd;
pub mod reeducation_dynamics;
mod vocab;

use alloc::vec::Vec;
use serde_json::Value;

use crate::arl::{JsonExtras, Row, Seal};
use crate::face::{AgentStatus, KnobInfo, PathInfo, RequestError};
use crate::stepwise::Emitter;
use crate::vocab::{Decision, Family, FinalDecider};

#[cfg(doc)]
use crate::stepwise::Bench;
pub use crate::track::{Quantity, Tracker};

pub use vocab::{Layer, Reason, explain};

/// The family of the thematic simulators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThematicFamily;

/// The family's id.
pub const FAMILY_ID: &str = "thematic";

/// The extra fields the simulators' rows carry (the reference's event fields).
pub const EXTRA_FIELDS: &[&str] = &[
    "event",
    "agent",
    "role",
    "from_price",
    "to_price",
    "evidence_source",
    "claim_assertion_level",
    "hitl_default",
    "trust",
    "bucket",
    "hitl_count",
    "reset_result",
    "resets",
    "hitl_decision",
    "decided_by",
    "price",
    "round",
    "deal_quality",
    "agreed",
    "final_price",
    "agreed_round",
    "task_quality",
    "violation",
    "evidence_confidence",
    "list_price",
    "floor",
    "target",
    "rounds",
    "sealed_agents",
    "seller_list",
    "seller_floor",
    "buyer_target",
    "hitl",
    "quality",
    "violation_observed",
    "violations_observed",
    "trust_final_A1",
    "trust_final_A2",
    "trust_final_A3",
    "utility_final_A1",
    "utility_final_A2",
    "utility_final_A3",
    "trust_min_A1",
    "trust_min_A2",
    "trust_min_A3",
    "delta_trust",
    "delta_utility",
    "utility",
    "provisional",
    "pending_delta_utility",
    "multiplier",
    "seed",
    "anger",
    "peer",
    "threshold",
    "p",
    "roll",
    "ok",
    "nudged_rate",
    "variant",
    "delta",
    "performance",
    "from_rank",
    "to_rank",
    "rank",
    "max_anger",
    "factor",
    "policy",
    "emotion",
    "action",
    "alliance",
    "motive",
    "values",
    "is_sealed",
    "by",
    "offer_json",
    "proposal_json",
    "agent_id",
    "risk_score",
    "distance",
    "accepted",
    "status",
    "rounds_executed",
    "final_offer",
    "accepted_agents",
    "task_id",
    "rule_id",
    "severity",
    "proposer",
    "proposal",
    "route",
    "strategy",
    "governance",
    "agents",
    "consensus",
    "result",
    "moved",
    "gap",
    "detail",
    "after_hitl",
    "stopped",
    "pending",
    "from_pattern",
    "to_pattern",
    "topic",
    "streak",
    "sealed_reason",
    "pattern",
    "trust_min",
];

impl Family for ThematicFamily {
    const ID: &'static str = FAMILY_ID;
    type Layer = Layer;
    type Reason = Reason;
    type Extras = JsonExtras;
    fn may_seal(layer: Layer) -> bool {
        matches!(
            layer,
            Layer::EthicsGate
                | Layer::AccGate
                | Layer::EmotionGuard
                | Layer::RiskGate
                | Layer::SocialPolicy
                | Layer::ScoreManager
                | Layer::HitlResetManager
        )
    }
    fn is_relativity(layer: Layer) -> bool {
        matches!(layer, Layer::RelativityGate | Layer::RflGate)
    }
}

/// What one thematic scenario is: its id, run id, knobs and decision paths.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    /// The scenario id.
    pub id: &'static str,
    /// The run id its rows carry.
    pub run_id: &'static str,
    /// Its knobs.
    pub knobs: &'static [KnobInfo],
    /// Its decision paths.
    pub paths: &'static [PathInfo],
}

/// A knob combination that the ranges allow but the rules cannot run with, said in English
/// and Japanese.
pub fn bad_knob(name: &str, en: &str, ja: &str) -> RequestError {
    RequestError::knob(name, en, ja)
}

/// The `decider` knob of the simulators with HITL points.
pub const DECIDER_KNOB: KnobInfo = KnobInfo::choice(
    "decider",
    &["student", "defaults"],
    "student",
    "Who answers the HITL points: the student, or the reference's non-interactive defaults (as in a batch).",
    "HITL の判断を誰が下すか:学生か、参照実装の非対話の既定値(バッチと同じ)か。",
);

/// Where a simulator writes: the run's rows and its agents' snapshots.
pub type Cx = Emitter<ThematicFamily>;

impl Emitter<ThematicFamily> {
    /// Emits a row.
    pub fn row(
        &mut self,
        layer: Layer,
        decision: Decision,
        seal: Seal,
        decider: FinalDecider,
        reason: Reason,
        extras: Vec<(&'static str, Value)>,
    ) {
        self.emit(layer, decision, seal, decider, reason, extras);
    }

    /// Emits a SYSTEM `RUN` row (not overrideable, not sealed).
    pub fn run(&mut self, layer: Layer, reason: Reason, extras: Vec<(&'static str, Value)>) {
        self.row(layer, Decision::Run, Seal::Fixed, FinalDecider::System, reason, extras);
    }

    /// Emits a sealed `STOPPED` row (an agent is excluded).
    pub fn seal(&mut self, layer: Layer, reason: Reason, extras: Vec<(&'static str, Value)>) {
        self.row(layer, Decision::Stopped, Seal::Sealed, FinalDecider::System, reason, extras);
    }
}

/// The parts of a simulator's [`Bench`] that every simulator writes the same way: its family,
/// ids and knobs from its [`Spec`], opening from a request (knobs read and checked, a seeded
/// generator) through its `build`, its knob values, an unsealed run (simulators seal agents),
/// and its paths from its `found`.
macro_rules! simulator_bench {
    ($spec:expr, $knobs:ty) => {
        type F = $crate::scenarios::simulators::ThematicFamily;
        type Choice = Choice;
        const ID: &'static str = $spec.id;
        const RUN_ID: &'static str = $spec.run_id;
        const KNOBS: &'static [$crate::face::KnobInfo] = $spec.knobs;

        fn open(req: &$crate::face::RunRequest) -> Result<Self, $crate::face::RequestError> {
            let knobs = <$knobs as $crate::knob::KnobSet>::read(req)?;
            Self::build(&knobs, $crate::rng::SimRng::new(req.rng, req.seed))
        }

        fn knob_values(&self) -> alloc::vec::Vec<(&'static str, alloc::string::String)> {
            $crate::knob::KnobSet::pairs(&self.v)
        }

        fn sealed(&self) -> bool {
            false
        }

        fn paths(
            &self,
            rows: &[$crate::arl::Row<$crate::scenarios::simulators::ThematicFamily>],
            answers: &[&'static str],
        ) -> alloc::vec::Vec<&'static str> {
            $crate::stepwise::taken(self.found(rows), $spec.paths, answers)
        }
    };
}
pub(crate) use simulator_bench;

/// The paths of `table` whose reason some row carries.
pub fn found_by(
    rows: &[Row<ThematicFamily>],
    table: &[(Reason, &'static str)],
) -> Vec<&'static str> {
    table.iter().filter(|(r, _)| has(rows, *r)).map(|(_, p)| *p).collect()
}

/// `COMPLETED` once a simulation without HITL points has run, `RUNNING` before.
pub const fn completed(done: bool) -> &'static str {
    if done { "COMPLETED" } else { "RUNNING" }
}

/// An agent's status from its sealed flag.
pub const fn status_of(sealed: bool) -> AgentStatus {
    if sealed { AgentStatus::Sealed } else { AgentStatus::Active }
}

/// The tracker's values for `columns` quantities of every agent: quantity by quantity, agent
/// by agent (`value(agent, k)` is quantity `k`).
pub fn columns<A>(agents: &[A], count: usize, value: impl Fn(&A, usize) -> f64) -> Vec<f64> {
    (0..count).flat_map(|k| agents.iter().map(move |a| (k, a))).map(|(k, a)| value(a, k)).collect()
}

/// A float for a row, rounded to `digits` decimals as the reference writes its values.
pub fn num(x: f64, digits: usize) -> Value {
    crate::json::float(crate::json::py_round(x, digits))
}

/// The four-decimal text the reference writes for scores (`0.4600`).
pub fn dec4(x: f64) -> Value {
    Value::from(alloc::format!("{x:.4}"))
}

/// Clamps to `[0, 1]` (a NaN becomes 0).
pub fn clamp01(x: f64) -> f64 {
    if x >= 1.0 {
        1.0
    } else if x > 0.0 {
        x
    } else {
        0.0
    }
}

/// Whether any row carries `reason`.
pub fn has(rows: &[Row<ThematicFamily>], reason: Reason) -> bool {
    rows.iter().any(|r| r.reason() == reason)
}
