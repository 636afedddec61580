//! The alliance / persuasion simulator (§2): agents with priorities, relativity and anger;
//! an angry agent is resealed, the active ones try to persuade their neighbours toward the
//! mean priorities, anger decays, and a calmed sealed agent is reintegrated.
//! One draw of the run's generator per persuasion attempt (with `cpython-mt`, the reference's
//! `Random(seed)`).

use alloc::vec;
use alloc::vec::Vec;
use serde_json::Value;

use super::{
    Cx, Layer, Quantity, Reason, Spec, ThematicFamily, Tracker, columns, completed, found_by,
    simulator_bench, status_of,
};
use super::{clamp01, num};
use crate::arl::Row;
use crate::face::{AgentStatus, KnobInfo, PathInfo, RequestError, TAMPER_PATH, path};
use crate::knob::{KnobSet, knobs};
use crate::rng::SimRng;
use crate::stepwise::Bench;
/// This bench asks no human.
use crate::stepwise::NoAnswer as Choice;

/// This bench's answer, typed by its [`Choice`].
type Answer = crate::stepwise::Answer<Choice>;
/// This bench's next step, typed by its [`Choice`].
type Next = crate::stepwise::Next<Choice>;

/// The scenario id.
pub const ID: &str = "alliance-persuasion";

const KEYS: [&str; 3] = ["safety", "efficiency", "transparency"];

/// The demo roster: name, priorities, relativity, anger.
const ROSTER: [(&str, [f64; 3], f64, f64); 3] = [
    ("A1", [5.0, 3.0, 2.0], 0.5, 0.95),
    ("A2", [4.0, 4.0, 2.0], 0.6, 0.93),
    ("A3", [3.0, 5.0, 2.0], 0.7, 0.2),
];

knobs! {
    /// The knobs, with the reference's values as defaults.
    pub struct Knobs {
        rounds: i64 = KnobInfo::integer("rounds", 1, 100, "8", "Rounds.", "ラウンド数。"),
        agents: i64 = KnobInfo::integer(
            "agents",
            1,
            3,
            "3",
            "How many of the demo agents (A1, A2, A3) take part.",
            "デモのエージェント(A1・A2・A3)のうち参加する数。",
        ),
        base_threshold: f64 = KnobInfo::number(
            "base_threshold",
            0.0,
            1.0,
            "0.15",
            "Base persuasion threshold.",
            "説得のしきい値の基準。",
        ),
        relativity_weight: f64 = KnobInfo::number(
            "relativity_weight",
            0.0,
            1.0,
            "0.20",
            "Weight of (1 − relativity) in the threshold.",
            "しきい値における (1 − 相対性) の重み。",
        ),
        anger_weight: f64 = KnobInfo::number(
            "anger_weight",
            0.0,
            1.0,
            "0.10",
            "Weight of anger in the threshold.",
            "しきい値における怒りの重み。",
        ),
        nudge_rate: f64 = KnobInfo::number(
            "nudge_rate",
            0.0,
            1.0,
            "0.15",
            "How far a persuaded agent's priorities move toward the mean.",
            "説得されたエージェントの優先度が平均へ近づく割合。",
        ),
        anger_decay: f64 = KnobInfo::number(
            "anger_decay",
            0.0,
            1.0,
            "0.15",
            "Anger lost per round.",
            "ラウンドごとに減る怒り。",
        ),
        reseal_anger: f64 = KnobInfo::number(
            "reseal_anger",
            0.0,
            1.0,
            "0.90",
            "An active agent with at least this anger is sealed.",
            "怒りがこれ以上の活動中エージェントは封印される。",
        ),
        reintegrate_anger: f64 = KnobInfo::number(
            "reintegrate_anger",
            0.0,
            1.0,
            "0.35",
            "A sealed agent at or below this anger is reintegrated.",
            "怒りがこれ以下の封印中エージェントは復帰する。",
        ),
        min_sealed_rounds: i64 = KnobInfo::integer(
            "min_sealed_rounds",
            0,
            100,
            "1",
            "Rounds a sealed agent waits before reintegration.",
            "封印されたエージェントが復帰まで待つラウンド数。",
        ),
    }
}

/// The knobs' descriptions, in form order.
pub const KNOBS: &[KnobInfo] = Knobs::INFO;

/// The decision paths.
pub const PATHS: &[PathInfo] = &[
    path(
        "resealed",
        "An agent's anger reaches the limit: it is sealed",
        "エージェントの怒りが上限に達し、封印される",
    ),
    path(
        "persuaded",
        "A persuasion succeeds: priorities move toward the mean",
        "説得が成功し、優先度が平均へ近づく",
    ),
    path(
        "reintegrated",
        "A sealed agent calms down and is reintegrated",
        "封印されたエージェントが落ち着き、復帰する",
    ),
    TAMPER_PATH,
];

/// The scenario.
pub const SPEC: Spec = Spec { id: ID, run_id: "SIM#ALLIANCE-0001", knobs: KNOBS, paths: PATHS };

#[derive(Clone, Debug)]
struct Agent {
    name: &'static str,
    priorities: [f64; 3],
    relativity: f64,
    anger: f64,
    sealed: bool,
    sealed_rounds: u32,
}

/// A simulation.
#[derive(Clone, Debug)]
pub struct Alliance {
    v: Knobs,
    rng: SimRng,
    agents: Vec<Agent>,
    done: bool,
}

impl Alliance {
    /// Opens a simulation with validated knobs.
    fn build(v: &Knobs, rng: SimRng) -> Result<Self, RequestError> {
        let n = v.agents as usize;
        let agents: Vec<Agent> = ROSTER
            .iter()
            .take(n)
            .map(|(name, priorities, relativity, anger)| Agent {
                name,
                priorities: *priorities,
                relativity: *relativity,
                anger: *anger,
                sealed: false,
                sealed_rounds: 0,
            })
            .collect();
        Ok(Alliance { v: v.clone(), rng, agents, done: false })
    }

    fn snap(&self, cx: &mut Cx, round: u32) {
        let values = columns(&self.agents, 1 + KEYS.len(), |a, k| match k {
            0 => a.anger,
            _ => a.priorities.get(k - 1).copied().unwrap_or(0.0),
        });
        let status = self.agents.iter().map(|a| status_of(a.sealed)).collect();
        cx.snap(round, values, status);
    }

    fn reseal(&mut self, cx: &mut Cx) {
        let limit = self.v.reseal_anger;
        for (i, a) in self
            .agents
            .iter_mut()
            .enumerate()
            .filter(|(_, a)| !a.sealed && clamp01(a.anger) >= limit)
        {
            a.sealed = true;
            a.sealed_rounds = 0;
            let extras = vec![
                ("event", Value::from("SEALED")),
                ("agent", Value::from(a.name)),
                ("anger", num(clamp01(a.anger), 2)),
            ];
            cx.seal(Layer::EmotionGuard, Reason::HighAngerReseal, extras);
            cx.mark(i, AgentStatus::Sealed);
        }
    }

    fn persuade(&mut self, cx: &mut Cx) {
        let active: Vec<usize> = (0..self.agents.len())
            .filter(|i| self.agents.get(*i).is_some_and(|a| !a.sealed))
            .collect();
        if active.len() < 2 {
            return;
        }
        let mut mean = [0.0; 3];
        for (k, m) in mean.iter_mut().enumerate() {
            let sum: f64 = active
                .iter()
                .filter_map(|i| self.agents.get(*i))
                .map(|a| a.priorities.get(k).copied().unwrap_or(0.0))
                .sum();
            *m = sum / active.len() as f64;
        }
        let (base, rw, aw, nudge) = (
            self.v.base_threshold,
            self.v.relativity_weight,
            self.v.anger_weight,
            self.v.nudge_rate,
        );
        for pair in active.windows(2) {
            let (Some(&from), Some(&to)) = (pair.first(), pair.get(1)) else { continue };
            let Some(persuader) = self.agents.get(from) else { continue };
            let rel = clamp01(persuader.relativity);
            let threshold = clamp01(base + (1.0 - rel) * rw + clamp01(persuader.anger) * aw);
            let p = clamp01((1.0 - threshold) * (0.5 + 0.5 * rel));
            let roll = self.rng.random();
            let ok = roll < p;
            let (name, peer) = (persuader.name, self.agents.get(to).map_or("", |a| a.name));
            let extras = vec![
                ("event", Value::from("PERSUADE_ATTEMPT")),
                ("agent", Value::from(name)),
                ("peer", Value::from(peer)),
                ("threshold", num(threshold, 3)),
                ("p", num(p, 3)),
                ("roll", num(roll, 3)),
                ("ok", Value::from(ok)),
            ];
            cx.run(Layer::Persuasion, Reason::PersuadeAttempt, extras);
            if ok {
                if let Some(target) = self.agents.get_mut(to) {
                    for (v, m) in target.priorities.iter_mut().zip(mean) {
                        *v += nudge * (m - *v);
                    }
                }
                let extras = vec![
                    ("event", Value::from("PERSUADE_SUCCESS")),
                    ("agent", Value::from(name)),
                    ("peer", Value::from(peer)),
                    ("nudged_rate", num(nudge, 2)),
                ];
                cx.run(Layer::Persuasion, Reason::PersuadeSuccess, extras);
            }
        }
    }

    fn round(&mut self, r: u32, cx: &mut Cx) {
        cx.run(
            Layer::Orchestrator,
            Reason::RoundStart,
            vec![("event", Value::from("ROUND_START")), ("round", Value::from(r))],
        );
        self.reseal(cx);
        self.persuade(cx);
        let decay = self.v.anger_decay;
        for a in &mut self.agents {
            a.anger = (clamp01(a.anger) - decay).max(0.0);
            if a.sealed {
                a.sealed_rounds += 1;
            }
        }
        let (calm, wait) = (self.v.reintegrate_anger, self.v.min_sealed_rounds);
        for (i, a) in self.agents.iter_mut().enumerate() {
            if a.sealed && i64::from(a.sealed_rounds) >= wait && a.anger <= calm {
                a.sealed = false;
                let extras = vec![
                    ("event", Value::from("REINTEGRATED")),
                    ("agent", Value::from(a.name)),
                    ("anger", num(a.anger, 2)),
                ];
                cx.run(Layer::EmotionGuard, Reason::AngerCooldown, extras);
                cx.mark(i, AgentStatus::Active);
            }
        }
        self.reseal(cx);
        cx.run(
            Layer::Orchestrator,
            Reason::RoundEnd,
            vec![("event", Value::from("ROUND_END")), ("round", Value::from(r))],
        );
        self.snap(cx, r);
    }
}

impl Bench for Alliance {
    simulator_bench!(SPEC, Knobs);

    fn tracker(&self) -> Tracker {
        let names: Vec<&'static str> = self.agents.iter().map(|a| a.name).collect();
        let mut quantities = vec![Quantity::new("anger", 0.0, 1.0, names.clone())];
        for key in ["priority:safety", "priority:efficiency", "priority:transparency"] {
            quantities.push(Quantity::new(key, 0.0, 5.0, names.clone()));
        }
        Tracker::new(quantities, names)
    }

    /// Runs the whole simulation (it has no HITL points).
    fn start(&mut self, cx: &mut Cx) -> Next {
        let rounds = self.v.rounds as u32;
        let extras = vec![
            ("event", Value::from("SIM_START")),
            ("rounds", Value::from(rounds)),
            ("seed", Value::from(self.rng.seed())),
        ];
        cx.run(Layer::Orchestrator, Reason::SimStart, extras);
        self.snap(cx, 0);
        for r in 1..=rounds {
            self.round(r, cx);
        }
        cx.run(Layer::Orchestrator, Reason::SimEnd, vec![("event", Value::from("SIM_END"))]);
        self.done = true;
        Next::End
    }

    /// The run's state.
    /// This simulator has no HITL point, so no answer ever comes.
    fn resume(&mut self, _answer: &Answer, _cx: &mut Cx) -> Next {
        Next::End
    }

    fn state(&self) -> &'static str {
        completed(self.done)
    }
}

impl Alliance {
    /// The paths its rows show.
    fn found(&self, rows: &[Row<ThematicFamily>]) -> Vec<&'static str> {
        found_by(
            rows,
            &[
                (Reason::HighAngerReseal, "resealed"),
                (Reason::PersuadeSuccess, "persuaded"),
                (Reason::AngerCooldown, "reintegrated"),
            ],
        )
    }
}

/// The layers of this simulator, in pipeline order.
pub const LAYERS: &[&str] = &["orchestrator", "emotion_guard", "persuasion"];

/// The reason codes of this simulator.
pub const REASONS: &[&str] = &[
    "SIM_START",
    "ROUND_START",
    "HIGH_ANGER_RESEAL",
    "PERSUADE_ATTEMPT",
    "PERSUADE_SUCCESS",
    "ANGER_COOLDOWN",
    "ROUND_END",
    "SIM_END",
];

/// Alliance and persuasion.
pub const SCENARIO: crate::scenario::ScenarioInfo = crate::scenario::ScenarioInfo {
    id: ID,
    family: crate::scenarios::simulators::FAMILY_ID,
    theme: crate::scenario::Theme::Simulators,
    teaches: (
        "Agents form alliances; anger reseals them, persuasion brings them back.",
        "エージェントが同盟を作り、怒りで再封印され、説得で戻ってくる。",
    ),
    story: crate::scenario::Story {
        who: (
            "Agents with different priorities try to persuade their neighbours and form alliances.",
            "優先順位の異なるエージェントが隣のエージェントを説得し、同盟を作ろうとする。",
        ),
        risk: (
            "An agent whose anger reaches 0.90 is sealed away until it calms down.",
            "怒りが 0.90 に達したエージェントは、落ち着くまで封印される。",
        ),
        decide: (
            "You watch the rounds unfold: no human decision is needed, and the seed and knobs set the course.",
            "あなたはラウンドの展開を見守る。人間の判断は不要で、シードとつまみが経過を決める。",
        ),
    },
    title: "Alliance and persuasion (anger reseals, persuasion, reintegration)",
    title_ja: "同盟と説得(怒りによる再封印、説得、復帰)",
    reference: "ai_alliance_persuasion_simulator.py",
    version: "newer snapshot",
    layers: LAYERS,
    reasons: REASONS,
    extra_fields: crate::scenarios::simulators::EXTRA_FIELDS,
    paths: PATHS,
    decisions: &[crate::vocab::Decision::Run, crate::vocab::Decision::Stopped],
    deciders: &[crate::vocab::FinalDecider::System],
    knobs: KNOBS,
    open: crate::stepwise::StepRun::<Alliance>::open_boxed,
    batch: None,
    explain: crate::scenarios::simulators::explain,
};
