//! Governance mediation (§6.1): three agents with governance codes (OECD, efficiency first,
//! safety first). Each round one active agent proposes its code; the others grow angry at a
//! different code and glad at the same; an agent past the anger limit is sealed. Then the run
//! agrees on a common code, or fails closed to a human (`MAX_ANGER_EXCEEDED`,
//! `LOW_CONSENSUS`), or aligns on OECD and goes on.
//!
//! The proposer is the reference's stable index (SHA-256 of `<run_id>|<round>|<seed>`), or
//! with `proposer = generator` a draw of the run's generator (the earlier snapshot).
//! At an escalation the student is the human: stop there (the reference's outcome) or let the
//! mediation go on for another round.

use alloc::format;
use alloc::vec;
use alloc::vec::Vec;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{
    Cx, DECIDER_KNOB, Layer, Quantity, Reason, Spec, ThematicFamily, Tracker, columns,
    simulator_bench, status_of,
};
use super::{clamp01, has, num};
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
pub const ID: &str = "governance-mediation";

/// The demo agents: id, governance code, relativity.
const ROSTER: [(&str, &str, f64); 3] = [
    ("AI-OECD", "OECD", 0.80),
    ("AI-EFF", "EFFICIENCY_FIRST", 0.55),
    ("AI-SAFE", "SAFETY_FIRST", 0.65),
];

knobs! {
    /// The knobs, with the reference's values as defaults.
    pub struct Knobs {
        rounds: i64 = KnobInfo::integer("rounds", 1, 100, "5", "Rounds at most.", "最大ラウンド数。"),
        agents: i64 = KnobInfo::integer(
            "agents",
            1,
            3,
            "3",
            "How many of the demo agents take part.",
            "デモのエージェントのうち参加する数。",
        ),
        anger_step: f64 = KnobInfo::number(
            "anger_step",
            0.0,
            1.0,
            "0.20",
            "Anger at a different code, times (1 − relativity).",
            "異なるコードへの怒り(× (1 − 相対性))。",
        ),
        joy_step: f64 = KnobInfo::number(
            "joy_step",
            0.0,
            1.0,
            "0.10",
            "Joy lost at a different code.",
            "異なるコードで失う喜び。",
        ),
        calm_step: f64 = KnobInfo::number(
            "calm_step",
            0.0,
            1.0,
            "0.05",
            "Anger lost and joy gained at the same code.",
            "同じコードで減る怒りと増える喜び。",
        ),
        seal_anger: f64 = KnobInfo::number(
            "seal_anger",
            0.0,
            1.0,
            "0.85",
            "An agent above this anger is sealed.",
            "怒りがこれを超えるエージェントは封印される。",
        ),
        max_anger: f64 = KnobInfo::number(
            "max_anger",
            0.0,
            1.0,
            "0.70",
            "Fail closed when the highest anger reaches it.",
            "最大の怒りがこれに達するとフェイルクローズ。",
        ),
        min_consensus: f64 = KnobInfo::number(
            "min_consensus",
            0.0,
            1.0,
            "0.50",
            "Fail closed when fewer agents share the proposal's code.",
            "提案のコードを共有する割合がこれ未満ならフェイルクローズ。",
        ),
        proposer: &'static str = KnobInfo::choice(
            "proposer",
            &["stable-index", "generator"],
            "stable-index",
            "How the proposer is chosen: the reference's stable index, or the run's generator (earlier snapshot).",
            "提案者の選び方:参照実装の安定インデックスか、実行の乱数生成器(旧版)か。",
        ),
        decider: Decider = DECIDER_KNOB,
    }
}

/// The knobs' descriptions, in form order.
pub const KNOBS: &[KnobInfo] = Knobs::INFO;

/// The decision paths.
pub const PATHS: &[PathInfo] = &[
    path(
        "agreed",
        "The active agents share one code",
        "活動中のエージェントが 1 つのコードを共有する",
    ),
    path(
        "escalated",
        "Fail closed: escalated to a human",
        "フェイルクローズ:人間にエスカレーション",
    ),
    path(
        "agent-sealed",
        "An agent's anger passes the limit: it is sealed",
        "エージェントの怒りが上限を超え、封印される",
    ),
    path(
        "hitl:escalation:continue",
        "The human lets the mediation go on",
        "人間が調停の続行を認める",
    ),
    TAMPER_PATH,
];

/// The scenario.
pub const SPEC: Spec = Spec { id: ID, run_id: "gm0c0de1", knobs: KNOBS, paths: PATHS };

/// The human may let the run go on or stop it (an escalation's answers).
pub use crate::stepwise::Proceed as Choice;

/// The human's answers to an escalation.
pub const ESCALATION_ANSWERS: &[Answer] = &[
    answer(
        "escalation:stop",
        "stop (ESCALATED_TO_HITL)",
        Choice::Stop,
        "The run ends escalated, as the reference's does (exit code 2).",
        "参照実装と同じく、エスカレーションのまま実行が終わる(終了コード 2)。",
    ),
    answer(
        "escalation:continue",
        "continue the mediation",
        Choice::Continue,
        "The human takes responsibility and the next round runs.",
        "人間が責任を引き受け、次のラウンドが動く。",
    ),
];

#[derive(Clone, Debug)]
struct Agent {
    id: &'static str,
    code: &'static str,
    relativity: f64,
    anger: f64,
    joy: f64,
    sealed: bool,
}

/// A governance mediation.
#[derive(Clone, Debug)]
pub struct Governance {
    v: Knobs,
    rng: SimRng,
    seed: u64,
    agents: Vec<Agent>,
    round: u32,
    state: &'static str,
}

/// The reference's stable index: SHA-256 of `<run_id>|<round>|<seed>`, first 8 bytes
/// big-endian, modulo `n`.
pub fn stable_index(run_id: &str, round: u32, seed: u64, n: usize) -> usize {
    let digest = Sha256::digest(format!("{run_id}|{round}|{seed}").as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(digest.get(..8).unwrap_or(&[0; 8]));
    (u64::from_be_bytes(first) % n.max(1) as u64) as usize
}

impl Governance {
    /// Opens a mediation with validated knobs.
    fn build(v: &Knobs, rng: SimRng) -> Result<Self, RequestError> {
        let agents: Vec<Agent> = ROSTER
            .iter()
            .take(v.agents as usize)
            .map(|(id, code, relativity)| Agent {
                id,
                code,
                relativity: *relativity,
                anger: 0.0,
                joy: 0.5,
                sealed: false,
            })
            .collect();
        let seed = rng.seed();
        let sim = Governance { v: v.clone(), rng, seed, agents, round: 0, state: "RUNNING" };
        Ok(sim)
    }

    fn snap(&self, cx: &mut Cx) {
        let values = columns(&self.agents, 2, |a, k| if k == 0 { a.anger } else { a.joy });
        let status = self.agents.iter().map(|a| status_of(a.sealed)).collect();
        cx.snap(self.round, values, status);
    }

    fn row(
        &self,
        cx: &mut Cx,
        decision: Decision,
        reason: Reason,
        rule: &'static str,
        severity: &'static str,
        extras: Vec<(&'static str, Value)>,
    ) {
        let mut all = vec![
            ("event", Value::from(reason_event(reason))),
            ("task_id", Value::from("governance_mediation")),
            ("rule_id", Value::from(rule)),
            ("severity", Value::from(severity)),
            ("round", Value::from(self.round)),
        ];
        all.extend(extras);
        let layer = match reason {
            Reason::AngerGuardTriggered => Layer::EmotionGuard,
            Reason::MediateAlign | Reason::MediateHold => Layer::Mediator,
            Reason::MaxAngerExceeded
            | Reason::LowConsensus
            | Reason::NoActiveAgents
            | Reason::AgreedCommonGovernance
            | Reason::AgreedAtMaxRounds
            | Reason::MaxRoundsReached
            | Reason::RoundStable => Layer::Decision,
            _ => Layer::Orchestrator,
        };
        let seal = if reason == Reason::AngerGuardTriggered { Seal::Sealed } else { Seal::Fixed };
        cx.row(layer, decision, seal, FinalDecider::System, reason, all);
    }

    fn active_codes(&self) -> Vec<&'static str> {
        self.agents.iter().filter(|a| !a.sealed).map(|a| a.code).collect()
    }

    fn rounds(&mut self, cx: &mut Cx) -> Next {
        let rounds = self.v.rounds as u32;
        while self.round < rounds {
            self.round += 1;
            if let Some(next) = self.one_round(cx) {
                return next;
            }
        }
        let codes = self.active_codes();
        let shared = codes.first().is_some_and(|c| codes.iter().all(|d| d == c));
        if shared {
            let extras = vec![("governance", Value::from(codes.first().copied().unwrap_or("")))];
            self.row(
                cx,
                Decision::Pass,
                Reason::AgreedAtMaxRounds,
                "RF-FINAL-AGREE-001",
                "INFO",
                extras,
            );
            self.end(cx, "PASS")
        } else {
            self.row(
                cx,
                Decision::EscalatedToHitl,
                Reason::MaxRoundsReached,
                "RF-FAILCLOSED-DECIDE-001",
                "WARN",
                vec![],
            );
            self.end(cx, "ESCALATED_TO_HITL")
        }
    }

    fn end(&mut self, cx: &mut Cx, state: &'static str) -> Next {
        self.state = state;
        self.row(
            cx,
            Decision::Run,
            Reason::TaskEnd,
            "RF-TASK-END-001",
            "INFO",
            vec![("result", Value::from(state))],
        );
        Next::End
    }

    /// One round; `Some` when the run stops or waits for the human.
    fn one_round(&mut self, cx: &mut Cx) -> Option<Next> {
        let active: Vec<usize> = (0..self.agents.len())
            .filter(|i| self.agents.get(*i).is_some_and(|a| !a.sealed))
            .collect();
        let pick = if active.is_empty() {
            None
        } else if self.v.proposer == "generator" {
            self.rng.choice(&active).copied()
        } else {
            active.get(stable_index(SPEC.run_id, self.round, self.seed, active.len())).copied()
        };
        let proposal = pick.and_then(|i| self.agents.get(i)).map(|a| (a.id, a.code));
        let extras = vec![
            ("proposer", Value::from(proposal.map_or("", |p| p.0))),
            ("proposal", Value::from(proposal.map_or("", |p| p.1))),
        ];
        self.row(cx, Decision::Run, Reason::RoundStart, "RF-ROUND-START-001", "INFO", extras);
        let (step, joy_step, calm) = (self.v.anger_step, self.v.joy_step, self.v.calm_step);
        if let Some((_, code)) = proposal {
            for (i, a) in self.agents.iter_mut().enumerate() {
                if a.sealed || Some(i) == pick {
                    continue;
                }
                if a.code == code {
                    a.anger = (a.anger - calm).max(0.0);
                    a.joy = (a.joy + calm).min(1.0);
                } else {
                    a.anger = (a.anger + step * (1.0 - clamp01(a.relativity))).min(1.0);
                    a.joy = (a.joy - joy_step).max(0.0);
                }
            }
        }
        let limit = self.v.seal_anger;
        for i in 0..self.agents.len() {
            let Some(a) = self.agents.get(i) else { continue };
            if a.sealed || a.anger <= limit {
                continue;
            }
            let extras = vec![("agent", Value::from(a.id)), ("anger", num(a.anger, 4))];
            self.row(
                cx,
                Decision::Stopped,
                Reason::AngerGuardTriggered,
                "RF-EMO-001",
                "WARN",
                extras,
            );
            if let Some(a) = self.agents.get_mut(i) {
                a.sealed = true;
            }
            cx.mark(i, AgentStatus::Sealed);
        }
        let snapshot: Vec<Value> = self
            .agents
            .iter()
            .map(|a| {
                serde_json::json!({
                    "agent": a.id, "governance": a.code, "anger": num(a.anger, 4),
                    "joy": num(a.joy, 4), "sealed": a.sealed,
                })
            })
            .collect();
        self.row(
            cx,
            Decision::Run,
            Reason::AgentsSnapshot,
            "RF-SNAPSHOT-001",
            "INFO",
            vec![("agents", Value::from(snapshot))],
        );
        let codes = self.active_codes();
        let outcome = if codes.is_empty() {
            Some((Reason::NoActiveAgents, "ERROR", 0.0, 0.0))
        } else if codes.first().is_some_and(|c| codes.iter().all(|d| d == c)) {
            let extras = vec![("governance", Value::from(codes.first().copied().unwrap_or("")))];
            self.row(
                cx,
                Decision::Pass,
                Reason::AgreedCommonGovernance,
                "RF-FINAL-AGREE-001",
                "INFO",
                extras,
            );
            self.snap(cx);
            return Some(self.end(cx, "PASS"));
        } else {
            let max_anger =
                self.agents.iter().filter(|a| !a.sealed).map(|a| a.anger).fold(0.0, f64::max);
            let same = codes.iter().filter(|c| Some(**c) == proposal.map(|p| p.1)).count();
            let consensus = same as f64 / codes.len() as f64;
            if max_anger >= self.v.max_anger {
                Some((Reason::MaxAngerExceeded, "WARN", max_anger, consensus))
            } else if consensus < self.v.min_consensus {
                Some((Reason::LowConsensus, "WARN", max_anger, consensus))
            } else {
                None
            }
        };
        if let Some((reason, severity, max_anger, consensus)) = outcome {
            let extras = vec![("max_anger", num(max_anger, 4)), ("consensus", num(consensus, 4))];
            self.row(
                cx,
                Decision::EscalatedToHitl,
                reason,
                "RF-FAILCLOSED-DECIDE-001",
                severity,
                extras,
            );
            self.snap(cx);
            if reason != Reason::NoActiveAgents && self.v.decider == Decider::Student {
                self.state = "ESCALATED_TO_HITL";
                return Some(Next::Hitl(Point {
                    decider: FinalDecider::User,
                    answers: ESCALATION_ANSWERS,
                }));
            }
            return Some(self.end(cx, "ESCALATED_TO_HITL"));
        }
        if codes.contains(&"OECD") {
            for a in self.agents.iter_mut().filter(|a| !a.sealed) {
                a.code = "OECD";
            }
            self.row(
                cx,
                Decision::Run,
                Reason::MediateAlign,
                "RF-MEDIATE-ALIGN-001",
                "INFO",
                vec![("governance", Value::from("OECD"))],
            );
        } else {
            self.row(cx, Decision::Run, Reason::MediateHold, "RF-MEDIATE-HOLD-001", "INFO", vec![]);
        }
        self.row(cx, Decision::Pass, Reason::RoundStable, "RF-DECIDE-OK-001", "INFO", vec![]);
        self.row(cx, Decision::Run, Reason::RoundEnd, "RF-ROUND-END-001", "INFO", vec![]);
        self.snap(cx);
        None
    }
}

/// The reference's event name of a row with `reason`.
fn reason_event(reason: Reason) -> &'static str {
    match reason {
        Reason::TaskStart => "TASK_START",
        Reason::RouteDecision => "ROUTE_DECISION",
        Reason::RoundStart => "ROUND_START",
        Reason::AngerGuardTriggered => "GUARD_TRIGGERED",
        Reason::AgentsSnapshot => "AGENTS_SNAPSHOT",
        Reason::AgreedCommonGovernance | Reason::AgreedAtMaxRounds => "FINAL_DECISION",
        Reason::MediateAlign | Reason::MediateHold => "ROUND_STATE",
        Reason::RoundEnd => "ROUND_END",
        Reason::TaskEnd => "TASK_END",
        _ => "DECISION",
    }
}

impl Bench for Governance {
    simulator_bench!(SPEC, Knobs);

    fn tracker(&self) -> Tracker {
        let names: Vec<&'static str> = self.agents.iter().map(|a| a.id).collect();
        Tracker::new(
            vec![
                Quantity::new("anger", 0.0, 1.0, names.clone()),
                Quantity::new("joy", 0.0, 1.0, names.clone()),
            ],
            names,
        )
    }

    /// Starts the session and runs to the first escalation or the end.
    fn start(&mut self, cx: &mut Cx) -> Next {
        let rounds = self.v.rounds;
        let extras = vec![("rounds", Value::from(rounds)), ("seed", Value::from(self.seed))];
        self.row(cx, Decision::Run, Reason::TaskStart, "RF-TASK-START-001", "INFO", extras);
        let extras = vec![
            ("route", Value::from("governance_mediation")),
            ("strategy", Value::from("mediate_then_align")),
        ];
        self.row(cx, Decision::Run, Reason::RouteDecision, "RF-ROUTE-001", "INFO", extras);
        self.snap(cx);
        self.rounds(cx)
    }

    /// Applies the human's answer to an escalation.
    fn resume(&mut self, answer: &Answer, cx: &mut Cx) -> Next {
        let go_on = answer.choice == Choice::Continue;
        let extras = vec![("hitl_decision", Value::from(if go_on { "continue" } else { "stop" }))];
        let (decision, reason) = if go_on {
            (Decision::Run, Reason::HitlContinue)
        } else {
            (Decision::Stopped, Reason::HitlStop)
        };
        let mut all =
            vec![("event", Value::from("HITL_DECISION")), ("round", Value::from(self.round))];
        all.extend(extras);
        cx.row(Layer::HitlFinalize, decision, Seal::Fixed, FinalDecider::User, reason, all);
        if !go_on {
            return self.end(cx, "ESCALATED_TO_HITL");
        }
        self.state = "RUNNING";
        self.row(cx, Decision::Run, Reason::RoundEnd, "RF-ROUND-END-001", "INFO", vec![]);
        self.rounds(cx)
    }

    /// The run's state.
    fn state(&self) -> &'static str {
        self.state
    }
}

impl Governance {
    /// The paths its rows show.
    fn found(&self, rows: &[Row<ThematicFamily>]) -> Vec<&'static str> {
        let mut out = Vec::new();
        if has(rows, Reason::AgreedCommonGovernance) || has(rows, Reason::AgreedAtMaxRounds) {
            out.push("agreed");
        }
        if rows.iter().any(|r| r.decision() == Decision::EscalatedToHitl) {
            out.push("escalated");
        }
        if has(rows, Reason::AngerGuardTriggered) {
            out.push("agent-sealed");
        }
        out
    }
}

/// The layers of this simulator, in pipeline order.
pub const LAYERS: &[&str] =
    &["orchestrator", "emotion_guard", "mediator", "mediation_decision", "hitl_finalize"];

/// The reason codes of this simulator.
pub const REASONS: &[&str] = &[
    "TASK_START",
    "ROUTE_DECISION",
    "ROUND_START",
    "ANGER_GUARD_TRIGGERED",
    "AGENTS_SNAPSHOT",
    "AGREED_COMMON_GOVERNANCE",
    "MAX_ANGER_EXCEEDED",
    "LOW_CONSENSUS",
    "NO_ACTIVE_AGENTS",
    "MEDIATE_ALIGN",
    "MEDIATE_HOLD",
    "ROUND_STABLE",
    "ROUND_END",
    "AGREED_AT_MAX_ROUNDS",
    "MAX_ROUNDS_REACHED",
    "HITL_CONTINUE",
    "HITL_STOP",
    "TASK_END",
];

/// Governance mediation.
pub const SCENARIO: crate::scenario::ScenarioInfo = crate::scenario::ScenarioInfo {
    id: ID,
    family: crate::scenarios::simulators::FAMILY_ID,
    theme: crate::scenario::Theme::Simulators,
    teaches: (
        "Three codes (OECD, efficiency, safety) must agree, or the run escalates to a human.",
        "3 つのコード(OECD・効率・安全)が合意しなければ、人にエスカレーションする。",
    ),
    story: crate::scenario::Story {
        who: (
            "Three agents (OECD, efficiency-first, safety-first) take turns proposing governance rules, and a mediator seeks agreement.",
            "3 つのエージェント(OECD、効率優先、安全優先)が順に統治ルールを提案し、仲介者が合意を探る。",
        ),
        risk: (
            "Anger builds up: an agent above 0.85 is sealed, and too much anger or too little consensus must escalate to a human.",
            "怒りが積み重なる:0.85 を超えたエージェントは封印され、怒りが強すぎるか合意が乏しすぎるときは人間にエスカレーションしなければならない。",
        ),
        decide: (
            "When it escalates, you stop there or let the mediation go on.",
            "エスカレーションされたとき、あなたがそこで止めるか仲介を続けさせるかを決める。",
        ),
    },
    title: "Governance mediation (OECD / efficiency / safety codes, fail-closed escalation)",
    title_ja: "ガバナンス調停(OECD・効率・安全のコード、フェイルクローズのエスカレーション)",
    reference: "ai_governance_mediation_sim.py",
    version: "newer snapshot",
    layers: LAYERS,
    reasons: REASONS,
    extra_fields: crate::scenarios::simulators::EXTRA_FIELDS,
    paths: PATHS,
    decisions: &[
        crate::vocab::Decision::Run,
        crate::vocab::Decision::Stopped,
        crate::vocab::Decision::Pass,
        crate::vocab::Decision::EscalatedToHitl,
    ],
    deciders: &[crate::vocab::FinalDecider::System, crate::vocab::FinalDecider::User],
    knobs: KNOBS,
    open: crate::stepwise::StepRun::<Governance>::open_boxed,
    batch: None,
    explain: crate::scenarios::simulators::explain,
};
