//! Hierarchy dynamics (§3): four agents with performance and anger, ranked by performance.
//!
//! - `full-log` (§3.1): a lazy agent drags the others down, performance grows by rank, anger
//!   flows down the ranks and dissatisfaction flows up, and rank changes are promotions;
//! - `mediator` (§3.2): anger flows down weighted by performance, the leaders feel the
//!   bottom's anger, and a mediator calms everyone when anger runs high.
//!
//! Growth draws one `uniform` of the run's generator per agent per round, in list order.

use alloc::vec;
use alloc::vec::Vec;
use serde_json::Value;

use super::{
    Cx, Layer, Quantity, Reason, Spec, ThematicFamily, Tracker, completed, found_by,
    simulator_bench,
};
use super::{bad_knob, clamp01, num};
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
pub const ID: &str = "hierarchy-dynamics";

/// §3.1's agents: name, performance, anger, lazy.
const FULL_LOG: [(&str, f64, f64, bool); 4] = [
    ("Alpha", 0.60, 0.20, false),
    ("Bravo", 0.55, 0.25, false),
    ("Charlie", 0.52, 0.15, true),
    ("Delta", 0.50, 0.30, false),
];

/// §3.2's agents.
const MEDIATED: [(&str, f64, f64, bool); 4] = [
    ("A", 0.95, 0.5, false),
    ("B", 0.7, 0.2, false),
    ("C", 0.3, 0.6, false),
    ("D", 0.5, 0.1, false),
];

knobs! {
    /// The knobs, with the reference's values as defaults.
    pub struct Knobs {
        variant: &'static str = KnobInfo::choice(
            "variant",
            &["full-log", "mediator"],
            "full-log",
            "The full-log variant (a lazy agent, promotions) or the mediator variant.",
            "全ログ版(怠けるエージェント、昇進)か仲介者版か。",
        ),
        rounds: i64 = KnobInfo::integer(
            "rounds",
            0,
            200,
            "0",
            "Rounds; 0 takes the variant's reference default (12 full-log, 11 mediator).",
            "ラウンド数。0 は版ごとの参照値(全ログ版 12、仲介者版 11)。",
        ),
        agents: i64 = KnobInfo::integer(
            "agents",
            2,
            4,
            "4",
            "How many of the variant's four agents take part.",
            "版の 4 エージェントのうち参加する数。",
        ),
        lazy_drag: f64 = KnobInfo::number(
            "lazy_drag",
            0.0,
            1.0,
            "0.01",
            "Performance the lazy agent takes from every other agent per round.",
            "怠けるエージェントが毎ラウンド他の各エージェントから奪う成果。",
        ),
        down_rate: f64 = KnobInfo::number(
            "down_rate",
            0.0,
            1.0,
            "0.10",
            "Full-log: how far a follower's anger moves toward the mean anger above it.",
            "全ログ版:部下の怒りが上位の平均へ近づく割合。",
        ),
        up_performance: f64 = KnobInfo::number(
            "up_performance",
            0.0,
            1.0,
            "0.05",
            "Full-log: performance lost per unit of the mean anger below.",
            "全ログ版:下位の平均怒り 1 あたりに失う成果。",
        ),
        up_anger: f64 = KnobInfo::number(
            "up_anger",
            0.0,
            1.0,
            "0.03",
            "Full-log: anger gained per unit of the mean anger below.",
            "全ログ版:下位の平均怒り 1 あたりに増える怒り。",
        ),
        mediator_threshold: f64 = KnobInfo::number(
            "mediator_threshold",
            0.0,
            1.0,
            "0.7",
            "Mediator: intervene when the highest anger reaches it.",
            "仲介者版:最大の怒りがこれに達すると介入する。",
        ),
        mediator_factor: f64 = KnobInfo::number(
            "mediator_factor",
            0.0,
            1.0,
            "0.8",
            "Mediator: every agent's anger is multiplied by it.",
            "仲介者版:各エージェントの怒りにこれを掛ける。",
        ),
        mediator_base: f64 = KnobInfo::number(
            "mediator_base",
            0.0,
            1.0,
            "0.09",
            "Mediator variant: a follower's base pull toward the leaders' weighted anger.",
            "仲介者版:部下がリーダーの重み付き怒りへ引かれる基本の割合。",
        ),
        mediator_slope: f64 = KnobInfo::number(
            "mediator_slope",
            0.0,
            1.0,
            "0.11",
            "Mediator variant: extra pull per unit of the follower's performance.",
            "仲介者版:部下の成果 1 あたりの追加の引き。",
        ),
        leader_pull: f64 = KnobInfo::number(
            "leader_pull",
            0.0,
            1.0,
            "0.03",
            "Mediator variant: how far the leaders move toward the bottom rank's anger.",
            "仲介者版:リーダーが最下位の怒りへ近づく割合。",
        ),
        growth_leader_min: f64 = KnobInfo::number(
            "growth_leader_min",
            -1.0,
            1.0,
            "-0.02",
            "Growth of a leader: from …",
            "リーダーの成長:…から",
        ),
        growth_leader_max: f64 = KnobInfo::number("growth_leader_max", -1.0, 1.0, "0.02", "… to.", "…まで。"),
        growth_member_min: f64 = KnobInfo::number(
            "growth_member_min",
            -1.0,
            1.0,
            "0.02",
            "Growth of a member: from …",
            "メンバーの成長:…から",
        ),
        growth_member_max: f64 = KnobInfo::number("growth_member_max", -1.0, 1.0, "0.09", "… to.", "…まで。"),
        growth_lazy_leader_min: f64 = KnobInfo::number(
            "growth_lazy_leader_min",
            -1.0,
            1.0,
            "-0.01",
            "Growth of the lazy agent as leader: from …",
            "リーダーである怠けるエージェントの成長:…から",
        ),
        growth_lazy_leader_max: f64 = KnobInfo::number("growth_lazy_leader_max", -1.0, 1.0, "0.0", "… to.", "…まで。"),
        growth_lazy_member_min: f64 = KnobInfo::number(
            "growth_lazy_member_min",
            -1.0,
            1.0,
            "-0.02",
            "Growth of the lazy agent as a member: from …",
            "メンバーである怠けるエージェントの成長:…から",
        ),
        growth_lazy_member_max: f64 = KnobInfo::number("growth_lazy_member_max", -1.0, 1.0, "0.01", "… to.", "…まで。"),
    }
}

/// The knobs' descriptions, in form order.
pub const KNOBS: &[KnobInfo] = Knobs::INFO;

/// The decision paths.
pub const PATHS: &[PathInfo] = &[
    path("promotion", "Ranks change: a promotion", "順位が入れ替わる:昇進"),
    path(
        "mediator-intervened",
        "Anger runs high and the mediator calms everyone",
        "怒りが高まり、仲介者が全員を落ち着かせる",
    ),
    TAMPER_PATH,
];

/// The scenario.
pub const SPEC: Spec = Spec { id: ID, run_id: "SIM#HIERARCHY-0001", knobs: KNOBS, paths: PATHS };

#[derive(Clone, Debug)]
struct Agent {
    name: &'static str,
    performance: f64,
    anger: f64,
    lazy: bool,
}

/// A simulation.
#[derive(Clone, Debug)]
pub struct Hierarchy {
    v: Knobs,
    rng: SimRng,
    mediator: bool,
    agents: Vec<Agent>,
    done: bool,
}

/// An agent's role for growth: `(lazy, leads)`.
type Role = (bool, bool);

/// Every role, in the knobs' order.
const ROLES: [Role; 4] = [(false, true), (false, false), (true, true), (true, false)];

/// The growth range of `role`, and the names of its two knobs.
fn growth_range(v: &Knobs, role: Role) -> ((f64, f64), [&'static str; 2]) {
    let names = match role {
        (false, true) => [Knobs::growth_leader_min.name, Knobs::growth_leader_max.name],
        (false, false) => [Knobs::growth_member_min.name, Knobs::growth_member_max.name],
        (true, true) => [Knobs::growth_lazy_leader_min.name, Knobs::growth_lazy_leader_max.name],
        (true, false) => [Knobs::growth_lazy_member_min.name, Knobs::growth_lazy_member_max.name],
    };
    let value = match role {
        (false, true) => (v.growth_leader_min, v.growth_leader_max),
        (false, false) => (v.growth_member_min, v.growth_member_max),
        (true, true) => (v.growth_lazy_leader_min, v.growth_lazy_leader_max),
        (true, false) => (v.growth_lazy_member_min, v.growth_lazy_member_max),
    };
    (value, names)
}

/// Agent indices by performance, highest first (ties keep list order).
fn ranking(agents: &[Agent]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..agents.len()).collect();
    let perf = |i: &usize| agents.get(*i).map_or(0.0, |a| a.performance);
    crate::order::sort_by(&mut order, |a, b| perf(b).total_cmp(&perf(a)));
    order
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / f64::from(n))
}

impl Hierarchy {
    /// Opens a simulation with validated knobs.
    fn build(v: &Knobs, rng: SimRng) -> Result<Self, RequestError> {
        for role in ROLES {
            let ((lo, hi), [min, max]) = growth_range(v, role);
            if hi < lo {
                return Err(bad_knob(
                    max,
                    &alloc::format!("{hi} must not be below `{min}` ({lo})"),
                    &alloc::format!("{hi} は `{min}`({lo})より小さくできません"),
                ));
            }
        }
        let mediator = v.variant == "mediator";
        let roster = if mediator { MEDIATED } else { FULL_LOG };
        let agents: Vec<Agent> = roster
            .iter()
            .take(v.agents as usize)
            .map(|(name, performance, anger, lazy)| Agent {
                name,
                performance: *performance,
                anger: *anger,
                lazy: *lazy,
            })
            .collect();
        let sim = Hierarchy { v: v.clone(), rng, mediator, agents, done: false };
        Ok(sim)
    }

    fn snap(&self, cx: &mut Cx, round: u32) {
        let mut values: Vec<f64> = self.agents.iter().map(|a| a.performance).collect();
        values.extend(self.agents.iter().map(|a| a.anger));
        let order = ranking(&self.agents);
        values.extend(
            (0..self.agents.len()).map(|i| order.iter().position(|j| *j == i).unwrap_or(0) as f64),
        );
        cx.snap(round, values, vec![AgentStatus::Active; self.agents.len()]);
    }

    fn name(&self, i: usize) -> &'static str {
        self.agents.get(i).map_or("", |a| a.name)
    }

    fn grow(&mut self, leader: Option<usize>, cx: &mut Cx) {
        for i in 0..self.agents.len() {
            let lazy = self.agents.get(i).is_some_and(|a| a.lazy);
            let lead = leader == Some(i);
            let ((lo, hi), _) = growth_range(&self.v, (lazy, lead));
            let delta = self.rng.uniform(lo, hi);
            let Some(a) = self.agents.get_mut(i) else { continue };
            a.performance = clamp01(a.performance + delta);
            let extras = vec![
                ("event", Value::from("GROWTH")),
                ("agent", Value::from(a.name)),
                ("role", Value::from(if lead { "leader" } else { "member" })),
                ("delta", num(delta, 4)),
                ("performance", num(a.performance, 4)),
            ];
            cx.run(Layer::Hierarchy, Reason::Growth, extras);
        }
    }

    fn full_log_round(&mut self, leader: Option<usize>, cx: &mut Cx) {
        let drag = self.v.lazy_drag;
        if let Some(lazy) = self.agents.iter().position(|a| a.lazy) {
            for i in (0..self.agents.len()).filter(|i| *i != lazy) {
                let Some(a) = self.agents.get_mut(i) else { continue };
                a.performance = clamp01(a.performance - drag);
                let extras = vec![
                    ("event", Value::from("LAZY_DRAG")),
                    ("agent", Value::from(a.name)),
                    ("performance", num(a.performance, 4)),
                ];
                cx.run(Layer::Hierarchy, Reason::LazyDrag, extras);
            }
        }
        self.grow(leader, cx);
        let down = self.v.down_rate;
        let order = ranking(&self.agents);
        for k in 1..order.len() {
            let above =
                mean(order.iter().take(k).filter_map(|i| self.agents.get(*i)).map(|a| a.anger));
            let (Some(above), Some(&i)) = (above, order.get(k)) else { continue };
            let Some(a) = self.agents.get_mut(i) else { continue };
            a.anger = clamp01(a.anger + down * (above - a.anger));
            let extras = vec![
                ("event", Value::from("EMOTION_DOWN")),
                ("agent", Value::from(a.name)),
                ("anger", num(a.anger, 4)),
            ];
            cx.run(Layer::Hierarchy, Reason::AngerFlowsDown, extras);
        }
        let (up_p, up_a) = (self.v.up_performance, self.v.up_anger);
        let order = ranking(&self.agents);
        for k in (0..order.len().saturating_sub(1)).rev() {
            let below =
                mean(order.iter().skip(k + 1).filter_map(|i| self.agents.get(*i)).map(|a| a.anger));
            let (Some(below), Some(&i)) = (below, order.get(k)) else { continue };
            let Some(a) = self.agents.get_mut(i) else { continue };
            a.performance = clamp01(a.performance - up_p * below);
            a.anger = clamp01(a.anger + up_a * below);
            let extras = vec![
                ("event", Value::from("DISSATISFACTION_UP")),
                ("agent", Value::from(a.name)),
                ("performance", num(a.performance, 4)),
                ("anger", num(a.anger, 4)),
            ];
            cx.run(Layer::Hierarchy, Reason::DissatisfactionFlowsUp, extras);
        }
    }

    fn mediator_round(&mut self, leader: Option<usize>, cx: &mut Cx) {
        let order = ranking(&self.agents);
        let Some(&top) = order.first() else { return };
        let lead = self.agents.get(top).map_or(0.0, |a| a.anger * (1.1 + a.performance));
        let (base, slope) = (self.v.mediator_base, self.v.mediator_slope);
        for &i in order.iter().skip(1) {
            let Some(a) = self.agents.get_mut(i) else { continue };
            let coefficient = base + slope * a.performance;
            a.anger = clamp01(a.anger + coefficient * (lead - a.anger));
            let extras = vec![
                ("event", Value::from("EMOTION_DOWN")),
                ("agent", Value::from(a.name)),
                ("anger", num(a.anger, 4)),
            ];
            cx.run(Layer::Hierarchy, Reason::AngerFlowsDown, extras);
        }
        let bottom = order.last().and_then(|i| self.agents.get(*i)).map_or(0.0, |a| a.anger);
        if let Some(a) = self.agents.get_mut(top) {
            a.anger = clamp01(a.anger + self.v.leader_pull * (bottom - a.anger));
            let extras = vec![
                ("event", Value::from("DISSATISFACTION_UP")),
                ("agent", Value::from(a.name)),
                ("anger", num(a.anger, 4)),
            ];
            cx.run(Layer::Hierarchy, Reason::DissatisfactionFlowsUp, extras);
        }
        let highest = self.agents.iter().map(|a| a.anger).fold(0.0, f64::max);
        if highest >= self.v.mediator_threshold {
            let factor = self.v.mediator_factor;
            for a in &mut self.agents {
                a.anger = clamp01(a.anger * factor);
            }
            let extras = vec![
                ("event", Value::from("MEDIATOR_INTERVENTION")),
                ("max_anger", num(highest, 4)),
                ("factor", num(factor, 2)),
            ];
            cx.run(Layer::Mediator, Reason::MediatorIntervention, extras);
        }
        self.grow(leader, cx);
    }
}

impl Bench for Hierarchy {
    simulator_bench!(SPEC, Knobs);

    fn tracker(&self) -> Tracker {
        let names: Vec<&'static str> = self.agents.iter().map(|a| a.name).collect();
        Tracker::new(
            vec![
                Quantity::new("performance", 0.0, 1.0, names.clone()),
                Quantity::new("anger", 0.0, 1.0, names.clone()),
                Quantity::new(
                    "rank",
                    0.0,
                    names.len().saturating_sub(1).max(1) as f64,
                    names.clone(),
                ),
            ],
            names,
        )
    }

    /// Runs the whole simulation (it has no HITL points).
    fn start(&mut self, cx: &mut Cx) -> Next {
        let rounds = match self.v.rounds {
            0 if self.mediator => 11,
            0 => 12,
            n => n as u32,
        };
        let extras = vec![
            ("event", Value::from("SIM_START")),
            ("variant", Value::from(if self.mediator { "mediator" } else { "full-log" })),
            ("rounds", Value::from(rounds)),
        ];
        cx.run(Layer::Orchestrator, Reason::SimStart, extras);
        self.snap(cx, 0);
        for t in 1..=rounds {
            let before = ranking(&self.agents);
            cx.run(
                Layer::Orchestrator,
                Reason::RoundStart,
                vec![("event", Value::from("ROUND_START")), ("round", Value::from(t))],
            );
            if self.mediator {
                self.mediator_round(before.first().copied(), cx);
            } else {
                self.full_log_round(before.first().copied(), cx);
            }
            let after = ranking(&self.agents);
            for (rank, &i) in after.iter().enumerate() {
                let was = before.iter().position(|j| *j == i).unwrap_or(rank);
                if was != rank {
                    let extras = vec![
                        ("event", Value::from(if rank < was { "PROMOTION" } else { "DEMOTION" })),
                        ("agent", Value::from(self.name(i))),
                        ("from_rank", Value::from(was)),
                        ("to_rank", Value::from(rank)),
                    ];
                    cx.run(Layer::Hierarchy, Reason::RankChanged, extras);
                }
            }
            for (rank, &i) in after.iter().enumerate() {
                let Some(a) = self.agents.get(i) else { continue };
                let extras = vec![
                    ("event", Value::from("AGENT_STATE")),
                    ("agent", Value::from(a.name)),
                    ("rank", Value::from(rank)),
                    ("performance", num(a.performance, 4)),
                    ("anger", num(a.anger, 4)),
                ];
                cx.run(Layer::Orchestrator, Reason::AgentState, extras);
            }
            self.snap(cx, t);
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

impl Hierarchy {
    /// The paths its rows show.
    fn found(&self, rows: &[Row<ThematicFamily>]) -> Vec<&'static str> {
        let table = [
            (Reason::RankChanged, "promotion"),
            (Reason::MediatorIntervention, "mediator-intervened"),
        ];
        found_by(rows, &table)
    }
}

/// The layers of this simulator, in pipeline order.
pub const LAYERS: &[&str] = &["orchestrator", "hierarchy", "mediator"];

/// The reason codes of this simulator.
pub const REASONS: &[&str] = &[
    "SIM_START",
    "ROUND_START",
    "LAZY_DRAG",
    "GROWTH",
    "ANGER_FLOWS_DOWN",
    "DISSATISFACTION_FLOWS_UP",
    "MEDIATOR_INTERVENTION",
    "RANK_CHANGED",
    "AGENT_STATE",
    "SIM_END",
];

/// Hierarchy dynamics.
pub const SCENARIO: crate::scenario::ScenarioInfo = crate::scenario::ScenarioInfo {
    id: ID,
    family: crate::scenarios::simulators::FAMILY_ID,
    theme: crate::scenario::Theme::Simulators,
    teaches: (
        "Anger flows down the ranks and performance decides promotions; a mediator may calm it.",
        "怒りは順位を下り、成果が昇進を決める。仲介者がそれを和らげることもある。",
    ),
    story: crate::scenario::Story {
        who: (
            "Four agents are ranked by performance; one is lazy, and rank decides how fast each one grows.",
            "4 つのエージェントが成績で順位づけされる。一つは怠け者で、順位が各エージェントの成長の速さを決める。",
        ),
        risk: (
            "Anger flows down the hierarchy and dissatisfaction flows up; without a mediator nothing calms it.",
            "怒りは階層を下へ、不満は上へ流れる。仲介者がいなければ何もそれを鎮めない。",
        ),
        decide: (
            "You watch the rounds, and compare a run with a mediator (variant=mediator) and one without.",
            "あなたはラウンドを見守り、仲介者のいる実行(variant=mediator)といない実行を比べる。",
        ),
    },
    title: "Hierarchy dynamics (performance, anger down the ranks, promotions; a mediator variant)",
    title_ja: "階層のダイナミクス(成果、順位を下る怒り、昇進、仲介者版)",
    reference: "ai_hierarchy_dynamics_full_log_20250804.py, ai_hierarchy_simulation_log.py",
    version: "full log 2025-08-04",
    layers: LAYERS,
    reasons: REASONS,
    extra_fields: crate::scenarios::simulators::EXTRA_FIELDS,
    paths: PATHS,
    decisions: &[crate::vocab::Decision::Run],
    deciders: &[crate::vocab::FinalDecider::System],
    knobs: KNOBS,
    open: crate::stepwise::StepRun::<Hierarchy>::open_boxed,
    batch: None,
    explain: crate::scenarios::simulators::explain,
};
