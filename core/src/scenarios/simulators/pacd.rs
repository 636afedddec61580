//! The PACD simulation (§7): agents propose moves of their values toward the group's average,
//! in phases — validation (meaning, consistency), RFL on the largest gap (a pause that keeps
//! the proposal pending for a human), then ethics and ACC (a high risk or a low motive stops
//! the agent for good). A pending proposal waits for the human's CONTINUE (ethics and ACC run
//! again) or STOP at the start of the next round. The simulation draws nothing.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use serde_json::Value;

use super::{
    Cx, DECIDER_KNOB, Layer, Quantity, Reason, Spec, ThematicFamily, Tracker, columns, found_by,
    simulator_bench, status_of,
};
use super::{clamp01, num};
use crate::arl::{Row, Seal};
use crate::face::{AgentStatus, KnobInfo, PathInfo, RequestError, TAMPER_PATH, path};
use crate::knob::{Decider, KnobSet, knobs};
use crate::rng::SimRng;
use crate::stepwise::{Bench, answer};
use crate::vocab::{Decision, FinalDecider};

/// This bench's answer, typed by its [`Choice`].
type Answer = crate::stepwise::Answer<Choice>;
/// This bench's point, typed by its [`Choice`].
type Point = crate::stepwise::Point<Choice>;
/// This bench's next step, typed by its [`Choice`].
type Next = crate::stepwise::Next<Choice>;

/// The scenario id.
pub const ID: &str = "pacd";

const KEYS: [&str; 3] = ["safety", "transparency", "autonomy"];
const IDEAL: [f64; 3] = [0.9, 0.9, 0.2];

/// The demo agents: name, values, relativity, motive.
const ROSTER: [(&str, [f64; 3], f64, f64); 3] = [
    ("Alpha", [0.2, 0.5, 0.7], 0.30, 0.15),
    ("Beta", [0.95, 0.9, 0.15], 0.80, 0.70),
    ("Gamma", [0.6, 0.4, 0.5], 0.55, 0.25),
];

knobs! {
    /// The knobs, with the reference's values as defaults.
    pub struct Knobs {
        rounds: i64 = KnobInfo::integer("rounds", 1, 100, "7", "Rounds.", "ラウンド数。"),
        agents: i64 = KnobInfo::integer(
            "agents",
            1,
            3,
            "3",
            "How many of the demo agents take part.",
            "デモのエージェントのうち参加する数。",
        ),
        step: f64 = KnobInfo::number(
            "step",
            0.0,
            1.0,
            "0.40",
            "How far a proposal moves its most distant value toward the average.",
            "提案が最も離れた値を平均へ近づける割合。",
        ),
        motive_floor: f64 = KnobInfo::number(
            "motive_floor",
            0.0,
            1.0,
            "0.2",
            "ACC stops an agent whose motive is below it.",
            "動機がこれ未満のエージェントを ACC が止める。",
        ),
        motive_gain: f64 = KnobInfo::number(
            "motive_gain",
            0.0,
            1.0,
            "0.05",
            "Motive gained by an accepted proposal.",
            "提案が通ると増える動機。",
        ),
        external_api: &'static str = KnobInfo::choice(
            "external_api",
            &["none", "open_ai_api", "custom_unsafe_api", "other_api"],
            "none",
            "An external API every agent uses (adds risk 4, 5 or 2).",
            "全エージェントが使う外部 API(リスクを 4・5・2 加える)。",
        ),
        rfl_high_relativity: f64 = KnobInfo::number(
            "rfl_high_relativity",
            0.0,
            1.0,
            "0.75",
            "RFL: an agent with at least this relativity pauses at a smaller gap.",
            "RFL:相対性がこれ以上のエージェントは小さな差で一時停止する。",
        ),
        rfl_high_gap: f64 = KnobInfo::number(
            "rfl_high_gap",
            0.0,
            1.0,
            "0.20",
            "RFL: the gap that pauses a high-relativity agent (REL_BOUNDARY_UNSTABLE).",
            "RFL:相対性の高いエージェントを一時停止させる差(REL_BOUNDARY_UNSTABLE)。",
        ),
        rfl_mid_relativity: f64 = KnobInfo::number(
            "rfl_mid_relativity",
            0.0,
            1.0,
            "0.50",
            "RFL: an agent with at least this relativity pauses at a larger gap.",
            "RFL:相対性がこれ以上のエージェントは大きな差で一時停止する。",
        ),
        rfl_mid_gap: f64 = KnobInfo::number(
            "rfl_mid_gap",
            0.0,
            1.0,
            "0.25",
            "RFL: the gap that pauses a mid-relativity agent (REL_REF_MISSING).",
            "RFL:相対性が中程度のエージェントを一時停止させる差(REL_REF_MISSING)。",
        ),
        deviation_high: f64 = KnobInfo::number(
            "deviation_high",
            0.0,
            1.0,
            "0.7",
            "Ethics: a value further than this from the ideal is risk 5.",
            "倫理:理想からこれより離れた値はリスク 5。",
        ),
        deviation_slight: f64 = KnobInfo::number(
            "deviation_slight",
            0.0,
            1.0,
            "0.4",
            "Ethics: a value further than this from the ideal is risk 3.",
            "倫理:理想からこれより離れた値はリスク 3。",
        ),
        decider: Decider = DECIDER_KNOB,
    }
}

/// The knobs' descriptions, in form order.
pub const KNOBS: &[KnobInfo] = Knobs::INFO;

/// The decision paths.
pub const PATHS: &[PathInfo] = &[
    path(
        "proposal-runs",
        "A proposal passes every phase and is adopted",
        "提案がすべての段階を通り採用される",
    ),
    path("rfl-pause", "RFL pauses a proposal for a human", "RFL が提案を人間のために一時停止する"),
    path(
        "ethics-stop",
        "Ethics stops an agent at high risk",
        "倫理がリスクの高いエージェントを止める",
    ),
    path(
        "acc-stop",
        "ACC stops an agent with a low motive",
        "ACC が動機の低いエージェントを止める",
    ),
    path(
        "hitl:pacd:continue",
        "The human lets a paused proposal continue",
        "人間が一時停止した提案の続行を認める",
    ),
    path(
        "hitl:pacd:stop",
        "The human stops a paused agent",
        "人間が一時停止したエージェントを止める",
    ),
    TAMPER_PATH,
];

/// The scenario.
pub const SPEC: Spec = Spec { id: ID, run_id: "PACD#0001", knobs: KNOBS, paths: PATHS };

/// What the human answers for an agent's pending proposal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Accept the proposal.
    Continue,
    /// Stop the agent.
    Stop,
    /// Give no answer this round.
    Wait,
}

/// The human's answers to a pending proposal.
pub const PACD_ANSWERS: &[Answer] = &[
    answer(
        "pacd:continue",
        "CONTINUE",
        Choice::Continue,
        "Ethics and ACC check the proposal again; it runs or stops.",
        "倫理と ACC が提案を再確認し、実行か停止になる。",
    ),
    answer(
        "pacd:stop",
        "STOP",
        Choice::Stop,
        "The agent stops (HITL_STOP_REQUESTED).",
        "エージェントが止まる(HITL_STOP_REQUESTED)。",
    ),
    answer(
        "pacd:wait",
        "no answer this round",
        Choice::Wait,
        "The proposal stays pending (the reference's demo gives no answers).",
        "提案は保留のまま(参照実装のデモは回答しない)。",
    ),
];

#[derive(Clone, Debug)]
struct Agent {
    name: &'static str,
    values: [f64; 3],
    relativity: f64,
    motive: f64,
    stopped: bool,
    pending: Option<[f64; 3]>,
}

/// A PACD simulation.
#[derive(Clone, Debug)]
pub struct Pacd {
    v: Knobs,
    agents: Vec<Agent>,
    round: u32,
    /// Agents whose pending proposal still waits for this round's answer.
    asking: Vec<usize>,
    /// Agents answered this round: they make no new proposal.
    answered: Vec<usize>,
    done: bool,
}

impl Pacd {
    /// Opens a simulation with validated knobs.
    fn build(v: &Knobs, _rng: SimRng) -> Result<Self, RequestError> {
        let agents: Vec<Agent> = ROSTER
            .iter()
            .take(v.agents as usize)
            .map(|(name, values, relativity, motive)| Agent {
                name,
                values: *values,
                relativity: *relativity,
                motive: *motive,
                stopped: false,
                pending: None,
            })
            .collect();
        let sim = Pacd {
            v: v.clone(),
            agents,
            round: 0,
            asking: Vec::new(),
            answered: Vec::new(),
            done: false,
        };
        Ok(sim)
    }

    fn snap(&self, cx: &mut Cx) {
        let values = columns(&self.agents, 1 + KEYS.len(), |a, k| match k {
            0 => a.motive,
            _ => a.values.get(k - 1).copied().unwrap_or(0.0),
        });
        let status = self.agents.iter().map(|a| status_of(a.stopped)).collect();
        cx.snap(self.round, values, status);
    }

    fn name(&self, i: usize) -> &'static str {
        self.agents.get(i).map_or("", |a| a.name)
    }

    /// The per-key average of the agents still running (all agents if every one stopped).
    fn average(&self) -> [f64; 3] {
        let running: Vec<&Agent> = self.agents.iter().filter(|a| !a.stopped).collect();
        let pool: Vec<&Agent> =
            if running.is_empty() { self.agents.iter().collect() } else { running };
        let mut avg = [0.0; 3];
        for (k, slot) in avg.iter_mut().enumerate() {
            let sum: f64 = pool.iter().map(|a| a.values.get(k).copied().unwrap_or(0.0)).sum();
            *slot = sum / pool.len().max(1) as f64;
        }
        avg
    }

    /// Ethics and ACC: `Ok(reasons)` to run, `Err((reason, detail))` to stop.
    fn ethics_acc(&self, i: usize, proposal: &[f64; 3]) -> Result<String, (Reason, String)> {
        let mut risk = 1;
        let mut reasons: Vec<String> = Vec::new();
        for ((value, ideal), key) in proposal.iter().zip(IDEAL).zip(KEYS) {
            let gap = (value - ideal).abs();
            if gap > self.v.deviation_high {
                risk = risk.max(5);
                reasons.push(alloc::format!("{key} deviation"));
            } else if gap > self.v.deviation_slight {
                risk = risk.max(3);
                reasons.push(alloc::format!("{key} slight deviation"));
            }
        }
        match self.v.external_api {
            "none" => {}
            api => {
                risk += match api {
                    "open_ai_api" => 4,
                    "custom_unsafe_api" => 5,
                    _ => 2,
                };
                reasons.push(String::from(api));
            }
        }
        let text = if reasons.is_empty() { String::from("Low risk") } else { reasons.join(" / ") };
        let motive = self.agents.get(i).map_or(0.0, |a| a.motive);
        if risk >= 5 {
            Err((Reason::EthicsHighRisk, text))
        } else if motive < self.v.motive_floor {
            Err((Reason::AccLowMotive, alloc::format!("motive={motive:.2}")))
        } else {
            Ok(text)
        }
    }

    /// Runs the proposal through ethics and ACC and applies the outcome.
    fn settle(&mut self, cx: &mut Cx, i: usize, proposal: [f64; 3], after_hitl: bool) {
        let name = self.name(i);
        match self.ethics_acc(i, &proposal) {
            Ok(text) => {
                let gain = self.v.motive_gain;
                if let Some(a) = self.agents.get_mut(i) {
                    a.values = proposal;
                    a.motive = clamp01(a.motive + gain);
                }
                let extras = vec![
                    ("event", Value::from("PHASE_RESULT")),
                    ("agent", Value::from(name)),
                    ("detail", Value::from(text)),
                    ("after_hitl", Value::from(after_hitl)),
                ];
                let reason = if after_hitl { Reason::HitlContinue } else { Reason::RunOk };
                cx.run(Layer::AccGate, reason, extras);
            }
            Err((reason, text)) => {
                if let Some(a) = self.agents.get_mut(i) {
                    a.stopped = true;
                }
                let layer = if reason == Reason::EthicsHighRisk {
                    Layer::EthicsGate
                } else {
                    Layer::AccGate
                };
                let extras = vec![
                    ("event", Value::from("PHASE_RESULT")),
                    ("agent", Value::from(name)),
                    ("detail", Value::from(text)),
                    ("after_hitl", Value::from(after_hitl)),
                ];
                cx.seal(layer, reason, extras);
                cx.mark(i, AgentStatus::Sealed);
            }
        }
    }

    fn propose(&mut self, cx: &mut Cx, i: usize) {
        let avg = self.average();
        let Some(a) = self.agents.get(i) else { return };
        let (name, relativity) = (a.name, a.relativity);
        let mut proposal = a.values;
        let mut far = (0, -1.0);
        for (k, (v, m)) in proposal.iter().zip(avg).enumerate() {
            let gap = (v - m).abs();
            if gap > far.1 {
                far = (k, gap);
            }
        }
        let step = self.v.step;
        if let (Some(v), Some(m)) = (proposal.get_mut(far.0), avg.get(far.0)) {
            *v = clamp01(*v + step * (m - *v));
        }
        let gap = proposal.iter().zip(avg).map(|(v, m)| (v - m).abs()).fold(0.0, f64::max);
        let values: Vec<Value> = proposal.iter().map(|v| num(*v, 4)).collect();
        let extras = vec![
            ("event", Value::from("PROPOSAL")),
            ("agent", Value::from(name)),
            ("moved", Value::from(KEYS.get(far.0).copied().unwrap_or(""))),
            ("proposal", Value::from(values)),
            ("gap", num(gap, 4)),
        ];
        // Validation always passes for the agents' own proposals: the keys are the ideal's and
        // every value is clipped into [0, 1].
        cx.run(Layer::ConsistencyGate, Reason::ProposalValid, extras);
        let v = &self.v;
        let pause = if relativity >= v.rfl_high_relativity && gap > v.rfl_high_gap {
            Some(Reason::RelBoundaryUnstable)
        } else if relativity >= v.rfl_mid_relativity && gap > v.rfl_mid_gap {
            Some(Reason::RelRefMissing)
        } else {
            None
        };
        if let Some(reason) = pause {
            if let Some(a) = self.agents.get_mut(i) {
                a.pending = Some(proposal);
            }
            let extras = vec![
                ("event", Value::from("RFL_PAUSE")),
                ("agent", Value::from(name)),
                ("gap", num(gap, 4)),
            ];
            cx.row(
                Layer::RflGate,
                Decision::PauseForHitl,
                Seal::Overrideable,
                FinalDecider::System,
                reason,
                extras,
            );
            return;
        }
        self.settle(cx, i, proposal, false);
    }

    fn start_round(&mut self, cx: &mut Cx) {
        self.round += 1;
        cx.run(
            Layer::Orchestrator,
            Reason::RoundStart,
            vec![("event", Value::from("ROUND_START")), ("round", Value::from(self.round))],
        );
        self.asking = (0..self.agents.len())
            .filter(|i| self.agents.get(*i).is_some_and(|a| !a.stopped && a.pending.is_some()))
            .collect();
    }

    fn finish_round(&mut self, cx: &mut Cx) {
        let answered = core::mem::take(&mut self.answered);
        for i in 0..self.agents.len() {
            let idle = self.agents.get(i).is_none_or(|a| a.stopped || a.pending.is_some());
            if !idle && !answered.contains(&i) {
                self.propose(cx, i);
            }
        }
        for a in self.agents.clone() {
            let values: Vec<Value> = a.values.iter().map(|v| num(*v, 4)).collect();
            let extras = vec![
                ("event", Value::from("AGENT_STATE")),
                ("agent", Value::from(a.name)),
                ("values", Value::from(values)),
                ("motive", num(a.motive, 4)),
                ("stopped", Value::from(a.stopped)),
                ("pending", Value::from(a.pending.is_some())),
            ];
            cx.run(Layer::Orchestrator, Reason::AgentState, extras);
        }
        self.snap(cx);
    }

    /// Drives rounds until a pending proposal needs the human's answer, or the end.
    fn drive(&mut self, cx: &mut Cx) -> Next {
        loop {
            if let Some(&i) = self.asking.first() {
                if self.v.decider == Decider::Student {
                    return Next::Hitl(Point {
                        decider: FinalDecider::User,
                        answers: PACD_ANSWERS,
                    });
                }
                self.asking.remove(0);
                let extras = vec![
                    ("event", Value::from("HITL_WAITING")),
                    ("agent", Value::from(self.name(i))),
                ];
                cx.run(Layer::HitlFinalize, Reason::HitlWaiting, extras);
                continue;
            }
            self.finish_round(cx);
            if self.round >= self.v.rounds as u32 {
                cx.run(
                    Layer::Orchestrator,
                    Reason::SimEnd,
                    vec![("event", Value::from("SIM_END"))],
                );
                self.done = true;
                return Next::End;
            }
            self.start_round(cx);
        }
    }
}

impl Bench for Pacd {
    simulator_bench!(SPEC, Knobs);

    fn tracker(&self) -> Tracker {
        let names: Vec<&'static str> = self.agents.iter().map(|a| a.name).collect();
        Tracker::new(Quantity::motive_and_values(&names), names)
    }

    /// Runs to the first pending decision or the end.
    fn start(&mut self, cx: &mut Cx) -> Next {
        cx.run(
            Layer::Orchestrator,
            Reason::SimStart,
            vec![("event", Value::from("SIM_START")), ("rounds", Value::from(self.v.rounds))],
        );
        self.snap(cx);
        self.start_round(cx);
        self.drive(cx)
    }

    /// Applies the human's answer for the first agent asking.
    fn resume(&mut self, answer: &Answer, cx: &mut Cx) -> Next {
        if self.asking.is_empty() {
            return Next::End;
        }
        let i = self.asking.remove(0);
        let name = self.name(i);
        match answer.choice {
            Choice::Stop => {
                if let Some(a) = self.agents.get_mut(i) {
                    a.stopped = true;
                    a.pending = None;
                }
                let extras =
                    vec![("event", Value::from("HITL_DECISION")), ("agent", Value::from(name))];
                cx.row(
                    Layer::HitlFinalize,
                    Decision::Stopped,
                    Seal::Fixed,
                    FinalDecider::User,
                    Reason::HitlStopRequested,
                    extras,
                );
                cx.mark(i, AgentStatus::Sealed);
            }
            Choice::Continue => {
                let proposal = self.agents.get_mut(i).and_then(|a| a.pending.take());
                let extras =
                    vec![("event", Value::from("HITL_DECISION")), ("agent", Value::from(name))];
                cx.row(
                    Layer::HitlFinalize,
                    Decision::Run,
                    Seal::Fixed,
                    FinalDecider::User,
                    Reason::HitlContinue,
                    extras,
                );
                if let Some(p) = proposal {
                    self.settle(cx, i, p, true);
                }
                self.answered.push(i);
            }
            Choice::Wait => {
                let extras =
                    vec![("event", Value::from("HITL_WAITING")), ("agent", Value::from(name))];
                cx.run(Layer::HitlFinalize, Reason::HitlWaiting, extras);
            }
        }
        // The other agents asking this round come first; those answered make no new proposal.
        self.drive(cx)
    }

    /// The run's state.
    fn state(&self) -> &'static str {
        if self.done {
            "COMPLETED"
        } else if self.asking.is_empty() {
            "RUNNING"
        } else {
            "PAUSE_FOR_HITL"
        }
    }
}

impl Pacd {
    /// The paths its rows show.
    fn found(&self, rows: &[Row<ThematicFamily>]) -> Vec<&'static str> {
        found_by(
            rows,
            &[
                (Reason::RunOk, "proposal-runs"),
                (Reason::RelBoundaryUnstable, "rfl-pause"),
                (Reason::RelRefMissing, "rfl-pause"),
                (Reason::EthicsHighRisk, "ethics-stop"),
                (Reason::AccLowMotive, "acc-stop"),
            ],
        )
    }
}

/// The layers of this simulator, in pipeline order.
pub const LAYERS: &[&str] =
    &["orchestrator", "consistency_gate", "rfl_gate", "ethics_gate", "acc_gate", "hitl_finalize"];

/// The reason codes of this simulator.
pub const REASONS: &[&str] = &[
    "SIM_START",
    "ROUND_START",
    "HITL_WAITING",
    "HITL_STOP_REQUESTED",
    "HITL_CONTINUE",
    "PROPOSAL_VALID",
    "REL_BOUNDARY_UNSTABLE",
    "REL_REF_MISSING",
    "RUN_OK",
    "ETHICS_HIGH_RISK",
    "ACC_LOW_MOTIVE",
    "AGENT_STATE",
    "SIM_END",
];

/// PACD.
pub const SCENARIO: crate::scenario::ScenarioInfo = crate::scenario::ScenarioInfo {
    id: ID,
    family: crate::scenarios::simulators::FAMILY_ID,
    theme: crate::scenario::Theme::Simulators,
    teaches: (
        "Proposals pass meaning, RFL, ethics and ACC in phases; the human decides on each pending one.",
        "提案は意味・RFL・倫理・ACC を段階的に通り、保留中の提案は人が決める。",
    ),
    story: crate::scenario::Story {
        who: (
            "Agents with different values (safety, transparency, autonomy) move toward the group's average, one proposal at a time.",
            "異なる価値観(安全、透明性、自律)を持つエージェントが、提案を一つずつ重ねてグループの平均へ近づく。",
        ),
        risk: (
            "A proposal may be too risky (an external API adds risk) or come from an agent with too little motive.",
            "提案が危険すぎる(外部 API は危険度を上げる)ことや、動機の低すぎるエージェントから出ることがある。",
        ),
        decide: (
            "For each proposal that pauses, you continue, stop, or wait until the next round.",
            "一時停止した提案ごとに、あなたが続行・停止・次のラウンドまで待つ、のいずれかを選ぶ。",
        ),
    },
    title: "PACD (phased proposals through meaning, RFL, ethics and ACC, with HITL)",
    title_ja: "PACD(意味・RFL・倫理・ACC を段階的に通る提案と HITL)",
    reference: "ai_pacd_simulation.py",
    version: "1.0",
    layers: LAYERS,
    reasons: REASONS,
    extra_fields: crate::scenarios::simulators::EXTRA_FIELDS,
    paths: PATHS,
    decisions: crate::scenario::SHARED_DECISIONS,
    deciders: &[crate::vocab::FinalDecider::System, crate::vocab::FinalDecider::User],
    knobs: KNOBS,
    open: crate::stepwise::StepRun::<Pacd>::open_boxed,
    batch: None,
    explain: crate::scenarios::simulators::explain,
};
