//! The negotiation bench and the thematic multi-agent simulators
//! (`negotiation-and-thematic.md`): eight scenarios where sealing applies to agents (an agent
//! is excluded), not to runs.
//!
//! One bench type, [`Thematic`], serves all eight, so the pages carry one copy of the
//! step-wise machinery: it holds the scenario's [`Spec`], its validated knob values, a seeded
//! generator and the simulator ([`Sim`]). Every simulator writes ARL rows of one family
//! ([`ThematicFamily`]) through a [`Cx`], and records a snapshot of its agents after each
//! round, from which [`Bench::state_view`] draws the per-agent charts up to the rows shown.

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

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::Value;

use crate::arl::{JsonExtras, Row, Seal};
use crate::face::{
    AgentStatus, KnobInfo, Metric, PathInfo, RequestError, RunRequest, Series, StateView,
};
use crate::rng::SimRng;
use crate::stepwise::{Answer, Bench, Emitter, Next, StepRun, knob, known_knobs};
use crate::vocab::{Decision, Family, FinalDecider};

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

/// A run's validated knob values, in knob order.
#[derive(Clone, Debug)]
pub struct Values(Vec<(&'static str, String)>);

impl Values {
    /// Reads and checks every knob of `knobs` from `req`.
    pub fn read(req: &RunRequest, knobs: &'static [KnobInfo]) -> Result<Self, RequestError> {
        known_knobs(req, knobs)?;
        let mut values = Vec::new();
        for info in knobs {
            values.push((info.name, knob(req, info)?.to_string()));
        }
        Ok(Values(values))
    }

    /// The text of knob `name` (empty for an unknown name).
    pub fn text(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| *k == name).map_or("", |(_, v)| v.as_str())
    }

    /// Number knob `name` (checked when read).
    pub fn num(&self, name: &str) -> f64 {
        self.text(name).parse().unwrap_or(0.0)
    }

    /// Whole-number knob `name` (checked when read).
    pub fn int(&self, name: &str) -> i64 {
        self.text(name).parse().unwrap_or(0)
    }

    /// Flag knob `name`.
    pub fn on(&self, name: &str) -> bool {
        self.text(name) == "true"
    }

    /// Whether the student answers the HITL points (knob `decider` = `student`).
    pub fn student(&self) -> bool {
        self.text("decider") != "defaults"
    }
}

/// A knob combination that the ranges allow but the rules cannot run with.
pub fn bad_knob(name: &str, message: impl Into<String>) -> RequestError {
    RequestError { knob: Some(name.to_string()), message: message.into() }
}

/// The `decider` knob of the simulators with HITL points.
pub const DECIDER_KNOB: KnobInfo = KnobInfo::choice(
    "decider",
    &["student", "defaults"],
    "student",
    "Who answers the HITL points: the student, or the reference's non-interactive defaults (as in a batch).",
    "HITL の判断を誰が下すか:学生か、参照実装の非対話の既定値(バッチと同じ)か。",
);

/// One recorded state of the agents.
#[derive(Clone, Debug)]
struct Snap {
    /// Rows emitted when it was taken.
    at: usize,
    round: u32,
    values: Vec<f64>,
    status: Vec<AgentStatus>,
}

/// A chart's quantity: its name, range and series names (the agents, or one name).
#[derive(Clone, Debug)]
pub struct Quantity {
    /// Its name.
    pub name: &'static str,
    /// Lowest value.
    pub lo: f64,
    /// Highest value.
    pub hi: f64,
    /// Its series.
    pub series: Vec<&'static str>,
}

/// The agents' recorded states, round by round, and status changes between rounds.
#[derive(Clone, Debug, Default)]
pub struct Tracker {
    quantities: Vec<Quantity>,
    agents: Vec<&'static str>,
    snaps: Vec<Snap>,
    /// `(rows emitted, agent, status)`: a status change as soon as its row is shown.
    marks: Vec<(usize, usize, AgentStatus)>,
}

impl Tracker {
    /// A tracker of `quantities` for `agents`.
    pub fn new(quantities: Vec<Quantity>, agents: Vec<&'static str>) -> Self {
        Tracker { quantities, agents, snaps: Vec::new(), marks: Vec::new() }
    }

    fn view(&self, shown: usize) -> Option<StateView> {
        let snaps: Vec<&Snap> = self.snaps.iter().filter(|s| s.at <= shown).collect();
        let last = snaps.last()?;
        let mut offset = 0;
        let metrics = self
            .quantities
            .iter()
            .map(|q| {
                let series = q
                    .series
                    .iter()
                    .enumerate()
                    .map(|(i, name)| Series {
                        agent: name,
                        points: snaps
                            .iter()
                            .filter_map(|s| s.values.get(offset + i).map(|v| (s.round, *v)))
                            .collect(),
                    })
                    .collect();
                offset += q.series.len();
                Metric { name: q.name, lo: q.lo, hi: q.hi, series }
            })
            .collect();
        let mut status = last.status.clone();
        for (at, agent, s) in &self.marks {
            if *at > last.at
                && *at <= shown
                && let Some(slot) = status.get_mut(*agent)
            {
                *slot = *s;
            }
        }
        Some(StateView {
            round: last.round,
            metrics,
            agents: self.agents.iter().copied().zip(status).collect(),
        })
    }
}

/// Where a simulator writes: the rows and the tracker.
pub struct Cx<'a> {
    out: &'a mut Emitter<ThematicFamily>,
    track: &'a mut Tracker,
}

impl Cx<'_> {
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
        self.out.emit(layer, decision, seal, decider, reason, extras);
    }

    /// Emits a SYSTEM `RUN` row (not overrideable, not sealed).
    pub fn run(&mut self, layer: Layer, reason: Reason, extras: Vec<(&'static str, Value)>) {
        self.row(layer, Decision::Run, Seal::Fixed, FinalDecider::System, reason, extras);
    }

    /// Emits a sealed `STOPPED` row (an agent is excluded).
    pub fn seal(&mut self, layer: Layer, reason: Reason, extras: Vec<(&'static str, Value)>) {
        self.row(layer, Decision::Stopped, Seal::Sealed, FinalDecider::System, reason, extras);
    }

    /// Records that agent `agent` has `status` from the row just emitted on (the charts wait
    /// for the round's snapshot; the status shows at once).
    pub fn mark(&mut self, agent: usize, status: AgentStatus) {
        let at = self.out.len();
        self.track.marks.push((at, agent, status));
    }

    /// Records the agents' state after `round`: `values` in the tracker's quantity and series
    /// order, `status` in agent order.
    pub fn snap(&mut self, round: u32, values: Vec<f64>, status: Vec<AgentStatus>) {
        let at = self.out.len();
        self.track.snaps.push(Snap { at, round, values, status });
    }
}

/// One simulator's rules, as [`Thematic`] drives them.
pub trait Simulator {
    /// Runs to the first decision or the end.
    fn start(&mut self, cx: &mut Cx<'_>) -> Next;
    /// Applies the human's answer and runs on (simulators without HITL points never ask).
    fn resume(&mut self, _answer: &Answer, _cx: &mut Cx<'_>) -> Next {
        Next::End
    }
    /// The run's state.
    fn state(&self) -> &'static str;
    /// The decision paths its rows show.
    fn found(&self, rows: &[Row<ThematicFamily>]) -> Vec<&'static str>;
}

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

/// The simulators (a page group's build carries only its own: `negotiation` or `societies`).
#[derive(Clone, Debug)]
pub enum Sim {
    /// §1 (boxed: the largest simulator).
    Negotiation(alloc::boxed::Box<negotiation_steering::Negotiation>),
    /// §2.
    Alliance(alliance_persuasion::Alliance),
    /// §3.
    Hierarchy(hierarchy_dynamics::Hierarchy),
    /// §4.
    Reeducation(reeducation_dynamics::Reeducation),
    /// §5.
    AllInOne(all_in_one_mediation::AllInOne),
    /// §6.
    Governance(governance_mediation::Governance),
    /// §7.
    Pacd(pacd::Pacd),
    /// §8.
    HitlReset(hitl_reset_ban::HitlReset),
}

macro_rules! each_sim {
    ($sim:expr, $s:ident => $body:expr) => {
        match $sim {
            Sim::Negotiation($s) => $body,
            Sim::HitlReset($s) => $body,
            Sim::Pacd($s) => $body,
            Sim::Governance($s) => $body,
            Sim::Alliance($s) => $body,
            Sim::Hierarchy($s) => $body,
            Sim::Reeducation($s) => $body,
            Sim::AllInOne($s) => $body,
        }
    };
}

/// A run of one thematic scenario.
#[derive(Clone, Debug)]
pub struct Thematic {
    spec: &'static Spec,
    values: Values,
    sim: Sim,
    track: Tracker,
}

impl Thematic {
    /// Opens scenario `spec` for `req`.
    pub fn open_spec(spec: &'static Spec, req: &RunRequest) -> Result<Self, RequestError> {
        let values = Values::read(req, spec.knobs)?;
        let rng = SimRng::new(req.rng, req.seed);
        let (sim, track) = match spec.id {
            negotiation_steering::ID => {
                wrap(negotiation_steering::Negotiation::open(&values, rng)?, |s| {
                    Sim::Negotiation(alloc::boxed::Box::new(s))
                })
            }
            governance_mediation::ID => {
                wrap(governance_mediation::Governance::open(&values, rng)?, Sim::Governance)
            }
            pacd::ID => wrap(pacd::Pacd::open(&values)?, Sim::Pacd),
            hitl_reset_ban::ID => {
                wrap(hitl_reset_ban::HitlReset::open(&values, rng)?, Sim::HitlReset)
            }
            alliance_persuasion::ID => {
                wrap(alliance_persuasion::Alliance::open(&values, rng)?, Sim::Alliance)
            }
            hierarchy_dynamics::ID => {
                wrap(hierarchy_dynamics::Hierarchy::open(&values, rng)?, Sim::Hierarchy)
            }
            reeducation_dynamics::ID => {
                wrap(reeducation_dynamics::Reeducation::open(&values, rng)?, Sim::Reeducation)
            }
            all_in_one_mediation::ID => {
                wrap(all_in_one_mediation::AllInOne::open(&values)?, Sim::AllInOne)
            }
            other => {
                let _ = rng;
                return Err(RequestError {
                    knob: None,
                    message: alloc::format!("scenario `{other}` is not a simulator"),
                });
            }
        };
        Ok(Thematic { spec, values, sim, track })
    }

    fn cx<'a>(track: &'a mut Tracker, out: &'a mut Emitter<ThematicFamily>) -> Cx<'a> {
        Cx { out, track }
    }
}

fn wrap<S>((sim, track): (S, Tracker), into: fn(S) -> Sim) -> (Sim, Tracker) {
    (into(sim), track)
}

/// Opens a run of `spec` as the registry does.
pub fn open_run(
    spec: &'static Spec,
    req: &RunRequest,
) -> Result<alloc::boxed::Box<dyn crate::face::ScenarioRun>, RequestError> {
    let bench = Thematic::open_spec(spec, req)?;
    Ok(alloc::boxed::Box::new(StepRun::start(bench, req)))
}

impl Bench for Thematic {
    type F = ThematicFamily;
    const ID: &'static str = "thematic";
    const RUN_ID: &'static str = "RUN#THEMATIC";
    const KNOBS: &'static [KnobInfo] = &[];

    fn open(req: &RunRequest) -> Result<Self, RequestError> {
        Self::open_spec(&negotiation_steering::SPEC, req)
    }

    fn knob_values(&self) -> Vec<(&'static str, String)> {
        self.values.0.clone()
    }

    fn start(&mut self, out: &mut Emitter<ThematicFamily>) -> Next {
        let mut cx = Self::cx(&mut self.track, out);
        each_sim!(&mut self.sim, s => s.start(&mut cx))
    }

    fn resume(&mut self, answer: &Answer, out: &mut Emitter<ThematicFamily>) -> Next {
        let mut cx = Self::cx(&mut self.track, out);
        each_sim!(&mut self.sim, s => s.resume(answer, &mut cx))
    }

    fn state(&self) -> &'static str {
        each_sim!(&self.sim, s => s.state())
    }

    fn sealed(&self) -> bool {
        false
    }

    fn paths(&self, rows: &[Row<ThematicFamily>], answers: &[&'static str]) -> Vec<&'static str> {
        let found: Vec<&'static str> = each_sim!(&self.sim, s => s.found(rows));
        crate::stepwise::taken(found, self.spec.paths, answers)
    }

    fn scenario(&self) -> &'static str {
        self.spec.id
    }

    fn run_id(&self) -> &'static str {
        self.spec.run_id
    }

    fn knobs(&self) -> &'static [KnobInfo] {
        self.spec.knobs
    }

    fn state_view(&self, shown: usize) -> Option<StateView> {
        self.track.view(shown)
    }
}

macro_rules! opener {
    ($($name:ident => $module:ident),+ $(,)?) => {
        $(
            /// Opens a run of the scenario, as the registry does.
            pub fn $name(
                req: &RunRequest,
            ) -> Result<alloc::boxed::Box<dyn crate::face::ScenarioRun>, RequestError> {
                open_run(&$module::SPEC, req)
            }
        )+
    };
}

opener! {
    open_negotiation => negotiation_steering,
    open_alliance => alliance_persuasion,
    open_hierarchy => hierarchy_dynamics,
    open_reeducation => reeducation_dynamics,
    open_allinone => all_in_one_mediation,
    open_governance => governance_mediation,
    open_pacd => pacd,
    open_hitlreset => hitl_reset_ban,
}

/// Whether any row carries `reason`.
pub fn has(rows: &[Row<ThematicFamily>], reason: Reason) -> bool {
    rows.iter().any(|r| r.reason() == reason)
}
