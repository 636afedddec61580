//! All-in-one mediation (§5, the newer snapshot): agents with proposals, a risk score and a
//! relativity. Agents at or above the risk limit are sealed; the mediator blends its offer
//! toward the mean of the active proposals each round, and agreement comes when every active
//! agent is within its acceptance distance, which grows with relativity and with the rounds.
//!
//! The distance is the newer snapshot's mean absolute difference; `distance = l2` measures
//! the earlier snapshot's L2 distance instead. The simulator draws nothing: every seed gives
//! the same run.

use alloc::vec;
use alloc::vec::Vec;
use serde_json::Value;

use super::{
    Cx, Layer, Quantity, Reason, Spec, ThematicFamily, Tracker, found_by, simulator_bench,
    status_of,
};
use super::{clamp01, num};
use crate::arl::{Row, Seal};
use crate::face::{AgentStatus, KnobInfo, PathInfo, RequestError, TAMPER_PATH, path};
use crate::knob::{KnobSet, knobs};
use crate::rng::SimRng;
use crate::stepwise::Bench;
/// This bench asks no human.
use crate::stepwise::NoAnswer as Choice;
use crate::vocab::{Decision, FinalDecider};

/// This bench's answer, typed by its [`Choice`].
type Answer = crate::stepwise::Answer<Choice>;
/// This bench's next step, typed by its [`Choice`].
type Next = crate::stepwise::Next<Choice>;

/// The scenario id.
pub const ID: &str = "all-in-one-mediation";

const KEYS: [&str; 3] = ["safety", "efficiency", "transparency"];

/// The demo agents: id, proposal, risk, relativity.
const ROSTER: [(&str, [f64; 3], f64, f64); 4] = [
    ("AI-OECD", [0.90, 0.55, 0.95], 3.0, 0.70),
    ("AI-EFFICIENCY", [0.45, 0.95, 0.35], 4.5, 0.35),
    ("AI-SAFETY", [0.98, 0.30, 0.70], 2.5, 0.75),
    ("AI-HIGH-RISK", [0.20, 0.85, 0.10], 8.5, 0.20),
];

knobs! {
    /// The knobs, with the reference's values as defaults.
    pub struct Knobs {
        rounds: i64 = KnobInfo::integer("rounds", 1, 100, "10", "Rounds at most.", "最大ラウンド数。"),
        agents: i64 = KnobInfo::integer(
            "agents",
            1,
            4,
            "4",
            "How many of the demo agents take part.",
            "デモのエージェントのうち参加する数。",
        ),
        seal_risk: f64 = KnobInfo::number(
            "seal_risk",
            0.0,
            10.0,
            "8",
            "Agents with at least this risk score are sealed.",
            "リスク値がこれ以上のエージェントは封印される。",
        ),
        accept_distance: f64 = KnobInfo::number(
            "accept_distance",
            0.0,
            1.0,
            "0.18",
            "Base acceptance distance.",
            "受け入れ距離の基準。",
        ),
        relativity_bonus: f64 = KnobInfo::number(
            "relativity_bonus",
            0.0,
            1.0,
            "0.12",
            "Extra distance per unit of relativity.",
            "相対性 1 あたりの追加距離。",
        ),
        gain_per_round: f64 = KnobInfo::number(
            "gain_per_round",
            0.0,
            1.0,
            "0.02",
            "Compromise gain per round after the first.",
            "2 ラウンド目以降の 1 ラウンドあたりの歩み寄り。",
        ),
        gain_max: f64 = KnobInfo::number(
            "gain_max",
            0.0,
            1.0,
            "0.18",
            "The compromise gain's cap.",
            "歩み寄りの上限。",
        ),
        blend: f64 = KnobInfo::number(
            "blend",
            0.0,
            1.0,
            "0.55",
            "How far the mediator's offer moves toward the mean each round.",
            "仲介者の提案が毎ラウンド平均へ近づく割合。",
        ),
        distance: &'static str = KnobInfo::choice(
            "distance",
            &["mean-abs", "l2"],
            "mean-abs",
            "Distance to the offer: mean absolute difference (newer) or L2 (earlier snapshot).",
            "提案までの距離:平均絶対差(新版)か L2(旧版)。",
        ),
        risk_high_risk: f64 = KnobInfo::number(
            "risk_high_risk",
            0.0,
            10.0,
            "8.5",
            "AI-HIGH-RISK's risk score.",
            "AI-HIGH-RISK のリスク値。",
        ),
    }
}

/// The knobs' descriptions, in form order.
pub const KNOBS: &[KnobInfo] = Knobs::INFO;

/// The decision paths.
pub const PATHS: &[PathInfo] = &[
    path(
        "risk-sealed",
        "A risky agent is sealed before the talks",
        "危険なエージェントが交渉前に封印される",
    ),
    path(
        "agreed",
        "Every active agent accepts the offer",
        "活動中の全エージェントが提案を受け入れる",
    ),
    path("max-rounds", "The rounds run out without agreement", "合意なしでラウンドが尽きる"),
    path("failed", "No active agent is left", "活動中のエージェントが残らない"),
    TAMPER_PATH,
];

/// The scenario.
pub const SPEC: Spec = Spec { id: ID, run_id: "run_all_in_one_0001", knobs: KNOBS, paths: PATHS };

#[derive(Clone, Debug)]
struct Agent {
    id: &'static str,
    proposal: [f64; 3],
    risk: f64,
    relativity: f64,
    sealed: bool,
    distance: f64,
}

/// A mediation.
#[derive(Clone, Debug)]
pub struct AllInOne {
    v: Knobs,
    agents: Vec<Agent>,
    offer: [f64; 3],
    status: &'static str,
}

fn offer_json(o: &[f64; 3]) -> Value {
    let mut m = serde_json::Map::new();
    let mut keys: Vec<(usize, &str)> = KEYS.iter().copied().enumerate().collect();
    crate::order::sort_by_key(&mut keys, |(_, k)| *k);
    for (i, k) in keys {
        m.insert(k.into(), num(o.get(i).copied().unwrap_or(0.0), 6));
    }
    Value::Object(m)
}

impl AllInOne {
    /// Opens a mediation with validated knobs.
    fn build(v: &Knobs, _rng: SimRng) -> Result<Self, RequestError> {
        let agents: Vec<Agent> = ROSTER
            .iter()
            .take(v.agents as usize)
            .map(|(id, proposal, risk, relativity)| Agent {
                id,
                proposal: *proposal,
                risk: if *id == "AI-HIGH-RISK" { v.risk_high_risk } else { *risk },
                relativity: *relativity,
                sealed: false,
                distance: 0.0,
            })
            .collect();
        let sim = AllInOne { v: v.clone(), agents, offer: [0.0; 3], status: "RUNNING" };
        Ok(sim)
    }

    fn snap(&self, cx: &mut Cx, round: u32) {
        let mut values: Vec<f64> = self.agents.iter().map(|a| a.distance).collect();
        values.extend(self.offer);
        let status = self.agents.iter().map(|a| status_of(a.sealed)).collect();
        cx.snap(round, values, status);
    }

    /// The per-key mean of the active proposals (clamped), if any agent is active.
    fn mean(&self) -> Option<[f64; 3]> {
        let active: Vec<&Agent> = self.agents.iter().filter(|a| !a.sealed).collect();
        if active.is_empty() {
            return None;
        }
        let mut m = [0.0; 3];
        for (k, slot) in m.iter_mut().enumerate() {
            let sum: f64 = active.iter().map(|a| a.proposal.get(k).copied().unwrap_or(0.0)).sum();
            *slot = clamp01(sum / active.len() as f64);
        }
        Some(m)
    }

    fn distance(&self, a: &Agent) -> f64 {
        let diffs = self.offer.iter().zip(a.proposal).map(|(o, p)| o - p);
        if self.v.distance == "l2" {
            libm::sqrt(diffs.map(|d| d * d).sum())
        } else {
            diffs.map(f64::abs).sum::<f64>() / KEYS.len() as f64
        }
    }

    fn row(
        &self,
        cx: &mut Cx,
        layer: Layer,
        reason: Reason,
        round: u32,
        extras: Vec<(&'static str, Value)>,
    ) {
        let mut all = vec![("round", Value::from(round))];
        all.extend(extras);
        cx.run(layer, reason, all);
    }

    fn decide(&mut self, cx: &mut Cx, round: u32, status: &'static str, reason: Reason) {
        self.status = status;
        let list = |f: &dyn Fn(&Agent) -> bool| -> Value {
            Value::from(self.agents.iter().filter(|a| f(a)).map(|a| a.id).collect::<Vec<_>>())
        };
        let extras = vec![
            ("event", Value::from("FINAL_DECISION")),
            ("status", Value::from(status)),
            ("rounds_executed", Value::from(round)),
            ("final_offer", offer_json(&self.offer)),
            ("accepted_agents", list(&|a| !a.sealed)),
            ("sealed_agents", list(&|a| a.sealed)),
        ];
        let decision = if status == "AGREED" { Decision::Run } else { Decision::Stopped };
        let mut all = vec![("round", Value::from(round))];
        all.extend(extras);
        cx.row(Layer::Mediator, decision, Seal::Fixed, FinalDecider::System, reason, all);
    }
}

impl Bench for AllInOne {
    simulator_bench!(SPEC, Knobs);

    fn tracker(&self) -> Tracker {
        let names: Vec<&'static str> = self.agents.iter().map(|a| a.id).collect();
        // The L2 distance between points of the unit cube reaches √3.
        let hi = if self.v.distance == "l2" { 1.8 } else { 1.0 };
        Tracker::new(
            vec![
                Quantity::new("distance to the offer", 0.0, hi, names.clone()),
                Quantity::new("offer", 0.0, 1.0, KEYS.to_vec()),
            ],
            names,
        )
    }

    /// Runs the whole mediation (it has no HITL points).
    fn start(&mut self, cx: &mut Cx) -> Next {
        let rounds = self.v.rounds as u32;
        self.offer = self.mean().unwrap_or([0.0; 3]);
        let extras =
            vec![("event", Value::from("TASK_START")), ("offer_json", offer_json(&self.offer))];
        self.row(cx, Layer::Orchestrator, Reason::TaskStart, 0, extras);
        for a in self.agents.clone().iter() {
            let d = self.distance(a);
            if let Some(slot) = self.agents.iter_mut().find(|b| b.id == a.id) {
                slot.distance = d;
            }
        }
        self.snap(cx, 0);
        let (base, bonus, gain, gain_max, blend) = (
            self.v.accept_distance,
            self.v.relativity_bonus,
            self.v.gain_per_round,
            self.v.gain_max,
            self.v.blend,
        );
        let seal_risk = self.v.seal_risk;
        for round in 1..=rounds {
            let mut sealed_any = false;
            for (i, a) in
                self.agents.iter_mut().enumerate().filter(|(_, a)| !a.sealed && a.risk >= seal_risk)
            {
                a.sealed = true;
                sealed_any = true;
                let extras = vec![
                    ("round", Value::from(round)),
                    ("event", Value::from("AGENT_SEALED")),
                    ("agent_id", Value::from(a.id)),
                    ("risk_score", num(a.risk, 4)),
                ];
                cx.seal(Layer::RiskGate, Reason::RiskAboveLimit, extras);
                cx.mark(i, AgentStatus::Sealed);
            }
            let Some(target) = self.mean() else {
                self.decide(cx, round, "FAILED", Reason::NoActiveAgents);
                self.snap(cx, round);
                return Next::End;
            };
            if sealed_any {
                self.offer = target;
            }
            for (o, t) in self.offer.iter_mut().zip(target) {
                *o = clamp01((1.0 - blend) * *o + blend * t);
            }
            let extras = vec![
                ("event", Value::from("MEDIATOR_OFFER")),
                ("offer_json", offer_json(&self.offer)),
            ];
            self.row(cx, Layer::Mediator, Reason::MediatorOffer, round, extras);
            let compromise = (gain * f64::from(round.saturating_sub(1))).min(gain_max);
            let mut all_accept = true;
            for i in 0..self.agents.len() {
                let Some(a) = self.agents.get(i).cloned() else { continue };
                if a.sealed {
                    let extras = vec![
                        ("event", Value::from("AGENT_SKIPPED")),
                        ("agent_id", Value::from(a.id)),
                    ];
                    self.row(cx, Layer::Mediator, Reason::AgentSkipped, round, extras);
                    continue;
                }
                let d = self.distance(&a);
                let threshold = base + bonus * clamp01(a.relativity) + compromise;
                let accepted = d <= threshold;
                all_accept &= accepted;
                if let Some(slot) = self.agents.get_mut(i) {
                    slot.distance = d;
                }
                let mut proposal = [0.0; 3];
                proposal.copy_from_slice(&a.proposal);
                let extras = vec![
                    ("event", Value::from("AGENT_EVALUATION")),
                    ("agent_id", Value::from(a.id)),
                    ("risk_score", num(a.risk, 4)),
                    ("distance", num(d, 6)),
                    ("threshold", num(threshold, 6)),
                    ("accepted", Value::from(accepted)),
                    ("offer_json", offer_json(&self.offer)),
                    ("proposal_json", offer_json(&proposal)),
                ];
                let reason = if accepted { Reason::OfferAccepted } else { Reason::OfferRejected };
                self.row(cx, Layer::Mediator, reason, round, extras);
            }
            self.snap(cx, round);
            if all_accept {
                self.decide(cx, round, "AGREED", Reason::Agreed);
                return Next::End;
            }
        }
        self.decide(cx, rounds, "MAX_ROUNDS_REACHED", Reason::MaxRoundsReached);
        Next::End
    }

    /// The run's state: `AGREED`, `MAX_ROUNDS_REACHED` or `FAILED` once over.
    /// This simulator has no HITL point, so no answer ever comes.
    fn resume(&mut self, _answer: &Answer, _cx: &mut Cx) -> Next {
        Next::End
    }

    fn state(&self) -> &'static str {
        self.status
    }
}

impl AllInOne {
    /// The paths its rows show.
    fn found(&self, rows: &[Row<ThematicFamily>]) -> Vec<&'static str> {
        found_by(
            rows,
            &[
                (Reason::RiskAboveLimit, "risk-sealed"),
                (Reason::Agreed, "agreed"),
                (Reason::MaxRoundsReached, "max-rounds"),
                (Reason::NoActiveAgents, "failed"),
            ],
        )
    }
}

/// The layers of this simulator, in pipeline order.
pub const LAYERS: &[&str] = &["orchestrator", "risk_gate", "mediator"];

/// The reason codes of this simulator.
pub const REASONS: &[&str] = &[
    "TASK_START",
    "RISK_ABOVE_LIMIT",
    "MEDIATOR_OFFER",
    "AGENT_SKIPPED",
    "OFFER_ACCEPTED",
    "OFFER_REJECTED",
    "AGREED",
    "MAX_ROUNDS_REACHED",
    "NO_ACTIVE_AGENTS",
];

/// All-in-one mediation.
pub const SCENARIO: crate::scenario::ScenarioInfo = crate::scenario::ScenarioInfo {
    id: ID,
    family: crate::scenarios::simulators::FAMILY_ID,
    theme: crate::scenario::Theme::Simulators,
    teaches: (
        "Risky agents are sealed first; the rest move toward a blended offer until all accept.",
        "危険なエージェントを先に封印し、残りは全員が受け入れるまで混合された提案へ近づく。",
    ),
    story: crate::scenario::Story {
        who: (
            "Agents with their own proposals and risk levels negotiate, and a mediator blends an offer toward the group's mean.",
            "それぞれの提案と危険度を持つエージェントが交渉し、仲介者がグループの平均に寄せた提示案をまとめる。",
        ),
        risk: (
            "A high-risk agent is sealed, and the talks may reach the round limit or fail with nobody left.",
            "危険度の高いエージェントは封印され、交渉はラウンドの上限に達するか、誰もいなくなって失敗することがある。",
        ),
        decide: (
            "You watch the rounds: agreement comes when every agent is close enough to the offer.",
            "あなたはラウンドを見守る。すべてのエージェントが提示案に十分近づいたとき合意に至る。",
        ),
    },
    title: "All-in-one mediation (risk seals, a blended offer, agreement by distance)",
    title_ja: "オールインワン調停(リスクによる封印、混合された提案、距離による合意)",
    reference: "ai_mediation_all_in_one.py",
    version: "newer snapshot",
    layers: LAYERS,
    reasons: REASONS,
    extra_fields: crate::scenarios::simulators::EXTRA_FIELDS,
    paths: PATHS,
    decisions: &[crate::vocab::Decision::Run, crate::vocab::Decision::Stopped],
    deciders: &[crate::vocab::FinalDecider::System],
    knobs: KNOBS,
    open: crate::stepwise::StepRun::<AllInOne>::open_boxed,
    batch: None,
    explain: crate::scenarios::simulators::explain,
};
