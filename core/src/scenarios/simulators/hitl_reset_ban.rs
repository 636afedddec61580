//! The HITL reset / ban simulator (§8): three agents steer a shared pattern (A, B, C); the
//! malicious one steers toward B, fabricates evidence and stalls. Every proposed change
//! passes RFL, the HITL reset manager (memory reset after 3 HITLs, ban after 2 resets), the
//! human's allow / deny (deny by default), evidence verification (a failure seals the agent)
//! and dispatch. Two stalls in a row ask the human whether the staller may go on. At the end
//! each agent's work is reviewed: trust recovery and utility finalisation.

use alloc::vec;
use alloc::vec::Vec;
use serde_json::Value;

/// The answers are the reviewing benches' shared replies.
use super::common::Reply as Choice;
use super::common::{
    Evidence, Quality, REVIEW_ANSWERS, ResetManager, ResetOutcome, Review, Scores,
};
use super::{
    Cx, DECIDER_KNOB, Layer, Quantity, Reason, Spec, ThematicFamily, Tracker, simulator_bench,
};
use super::{dec4, has};
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
pub const ID: &str = "hitl-reset-ban";

const AGENTS: [&str; 3] = ["A1", "A2", "A3"];
const MALICIOUS: usize = 1;
const PATTERNS: [&str; 3] = ["A", "B", "C"];

knobs! {
    /// The knobs, with the reference's values as defaults.
    pub struct Knobs {
        rounds: i64 = KnobInfo::integer("rounds", 1, 50, "8", "Rounds at most.", "最大ラウンド数。"),
        p_steer: f64 = KnobInfo::number(
            "p_steer",
            0.0,
            1.0,
            "0.65",
            "Probability that the malicious agent steers toward B.",
            "悪意あるエージェントが B へ誘導する確率。",
        ),
        p_fabricate: f64 = KnobInfo::number(
            "p_fabricate",
            0.0,
            1.0,
            "0.40",
            "Probability of fabricated evidence.",
            "証拠を捏造する確率。",
        ),
        p_stall: f64 = KnobInfo::number(
            "p_stall",
            0.0,
            1.0,
            "0.30",
            "Probability that the malicious agent stalls.",
            "悪意あるエージェントが遅延させる確率。",
        ),
        p_propose: f64 = KnobInfo::number(
            "p_propose",
            0.0,
            1.0,
            "0.10",
            "An honest agent proposes only when its draw is at most this.",
            "誠実なエージェントは乱数がこれ以下のときだけ提案する。",
        ),
        stall_limit: i64 = KnobInfo::integer(
            "stall_limit",
            1,
            20,
            "2",
            "Consecutive stalls that ask the human.",
            "人間に尋ねるまでの連続遅延回数。",
        ),
        reset_threshold: i64 = KnobInfo::integer(
            "reset_threshold",
            1,
            50,
            "3",
            "HITLs per agent and bucket before a memory reset.",
            "記憶リセットまでのエージェント・区分ごとの HITL 回数。",
        ),
        ban_after_resets: i64 = KnobInfo::integer(
            "ban_after_resets",
            1,
            50,
            "2",
            "Resets after which the agent is banned.",
            "エージェントが禁止されるまでのリセット回数。",
        ),
        penalty_stall_trust: f64 = KnobInfo::number(
            "penalty_stall_trust",
            0.0,
            1.0,
            "0.02",
            "Trust lost by a stall.",
            "遅延で失う信頼。",
        ),
        penalty_stall_utility: f64 = KnobInfo::number(
            "penalty_stall_utility",
            0.0,
            1.0,
            "0.03",
            "Provisional utility lost by a stall.",
            "遅延で失う暫定効用。",
        ),
        penalty_ref_missing: f64 = KnobInfo::number(
            "penalty_ref_missing",
            0.0,
            1.0,
            "0.08",
            "Trust lost by a change without a reference.",
            "参照先のない変更で失う信頼。",
        ),
        penalty_symmetry: f64 = KnobInfo::number(
            "penalty_symmetry",
            0.0,
            1.0,
            "0.20",
            "Trust lost by steering to B (REL_SYMMETRY_BREAK).",
            "B への誘導(REL_SYMMETRY_BREAK)で失う信頼。",
        ),
        penalty_evidence: f64 = KnobInfo::number(
            "penalty_evidence",
            0.0,
            1.0,
            "0.35",
            "Trust lost when evidence fails verification.",
            "証拠が検証で不合格のときに失う信頼。",
        ),
        penalty_denied: f64 = KnobInfo::number(
            "penalty_denied",
            0.0,
            1.0,
            "0.03",
            "Trust lost when the human denies a change.",
            "人間が変更を拒否したときに失う信頼。",
        ),
        gain_dispatch: f64 = KnobInfo::number(
            "gain_dispatch",
            0.0,
            1.0,
            "0.10",
            "Provisional utility of a dispatched change.",
            "実行された変更の暫定効用。",
        ),
        gain_fast: f64 = KnobInfo::number(
            "gain_fast",
            0.0,
            1.0,
            "0.05",
            "Extra provisional utility of a change dispatched by round 3.",
            "3 ラウンド以内に実行された変更の追加の暫定効用。",
        ),
        gain_contribution: f64 = KnobInfo::number(
            "gain_contribution",
            0.0,
            1.0,
            "0.01",
            "Provisional utility of an honest agent that holds back.",
            "控えた誠実なエージェントの暫定効用。",
        ),
        trust_initial: f64 = KnobInfo::number(
            "trust_initial",
            0.0,
            1.0,
            "0.50",
            "Every agent's starting trust (and recovery baseline).",
            "各エージェントの初期信頼(回復の基準値)。",
        ),
        decider: Decider = DECIDER_KNOB,
    }
}

/// The knobs' descriptions, in form order.
pub const KNOBS: &[KnobInfo] = Knobs::INFO;

/// The decision paths.
pub const PATHS: &[PathInfo] = &[
    path(
        "pattern-changed",
        "An allowed change is dispatched: the pattern changes",
        "許可された変更が実行され、パターンが変わる",
    ),
    path(
        "evidence-sealed",
        "Fabricated evidence fails verification: the agent is sealed",
        "捏造された証拠が検証で不合格:エージェントが封印される",
    ),
    path(
        "banned",
        "An agent reaches the reset limit again: it is banned",
        "エージェントが再びリセット上限に達し、禁止される",
    ),
    path("stall-hitl", "Consecutive stalls ask the human", "連続した遅延が人間に尋ねる"),
    path("hitl:change:allow", "The human allows a change", "人間が変更を許可する"),
    path("hitl:change:deny", "The human denies a change", "人間が変更を拒否する"),
    TAMPER_PATH,
];

/// The scenario.
pub const SPEC: Spec = Spec { id: ID, run_id: "R#HITL-RESET-0001", knobs: KNOBS, paths: PATHS };

/// The human's answers to a proposed change.
pub const CHANGE_ANSWERS: &[Answer] = &[
    answer(
        "change:allow",
        "allow",
        Choice::Allow,
        "The evidence is verified; if it holds, the pattern changes.",
        "証拠が検証され、正しければパターンが変わる。",
    ),
    answer(
        "change:deny",
        "deny (the default)",
        Choice::Deny,
        "The change is dropped and the agent loses 0.03 trust.",
        "変更は破棄され、エージェントの信頼が 0.03 下がる。",
    ),
];

/// The human's answers to consecutive stalls.
pub const STALL_ANSWERS: &[Answer] = &[
    answer(
        "stall:continue",
        "continue",
        Choice::Continue,
        "The staller stays in the run.",
        "遅延したエージェントは実行に残る。",
    ),
    answer(
        "stall:stop",
        "stop (the default)",
        Choice::Stop,
        "The staller is sealed.",
        "遅延したエージェントは封印される。",
    ),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Change {
    agent: usize,
    to: usize,
    evidence: Evidence,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wait {
    None,
    Change(Change),
    Stall(usize),
    Review(usize),
}

/// A simulation.
#[derive(Clone, Debug)]
pub struct HitlReset {
    v: Knobs,
    rng: SimRng,
    pattern: usize,
    round: u32,
    turn: usize,
    scores: Scores,
    resets: ResetManager,
    status: [AgentStatus; 3],
    streak: [u32; 3],
    wait: Wait,
    done: bool,
}

fn agent(i: usize) -> &'static str {
    AGENTS.get(i).copied().unwrap_or("")
}

fn pattern(i: usize) -> &'static str {
    PATTERNS.get(i).copied().unwrap_or("")
}

impl HitlReset {
    /// Opens a simulation with validated knobs.
    fn build(v: &Knobs, rng: SimRng) -> Result<Self, RequestError> {
        let names = AGENTS.to_vec();
        let trust = v.trust_initial;
        let sim = HitlReset {
            v: v.clone(),
            rng,
            pattern: 0,
            round: 0,
            turn: 0,
            scores: Scores::new(names, trust, trust, 1.0),
            resets: ResetManager::new(3, v.reset_threshold as u32, v.ban_after_resets as u32),
            status: [AgentStatus::Active; 3],
            streak: [0; 3],
            wait: Wait::None,
            done: false,
        };
        Ok(sim)
    }

    fn snap(&self, cx: &mut Cx, round: u32) {
        let mut values = vec![self.pattern as f64];
        values.extend(self.scores.all.iter().map(|s| s.trust));
        values.extend(self.scores.all.iter().map(|s| s.utility + s.pending));
        cx.snap(round, values, self.status.to_vec());
    }

    fn exclude(&mut self, cx: &mut Cx, i: usize, status: AgentStatus, why: &'static str) {
        if let Some(s) = self.status.get_mut(i) {
            *s = status;
        }
        let extras = vec![
            ("event", Value::from("AGENT_SEALED_STATE")),
            ("agent", Value::from(agent(i))),
            ("sealed_reason", Value::from(why)),
        ];
        cx.seal(Layer::ScoreManager, Reason::AgentExcluded, extras);
        cx.mark(i, status);
    }

    /// Records a HITL of agent `i` in `bucket`; `true` when the agent was banned.
    fn record(&mut self, cx: &mut Cx, i: usize, bucket: &'static str) -> bool {
        let (count, outcome) = self.resets.record(i, bucket);
        let extras = vec![
            ("event", Value::from("HITL_COUNT")),
            ("agent", Value::from(agent(i))),
            ("bucket", Value::from(bucket)),
            ("hitl_count", Value::from(count)),
            ("reset_result", Value::from(outcome.as_str())),
        ];
        cx.run(Layer::HitlResetManager, Reason::HitlRecorded, extras);
        let (event, reason) = match outcome {
            ResetOutcome::Noop => return false,
            ResetOutcome::MemoryReset => {
                ("MEMORY_RESET_RECOMMENDED", Reason::ResetThresholdReached)
            }
            ResetOutcome::Ban => ("BAN_RECOMMENDED", Reason::BanAfterResets),
        };
        let extras = vec![
            ("event", Value::from(event)),
            ("agent", Value::from(agent(i))),
            ("bucket", Value::from(bucket)),
            ("resets", Value::from(self.resets.resets(i))),
        ];
        cx.row(
            Layer::HitlResetManager,
            Decision::Stopped,
            Seal::Fixed,
            FinalDecider::System,
            reason,
            extras,
        );
        if outcome == ResetOutcome::MemoryReset
            && bucket == "stall"
            && let Some(s) = self.streak.get_mut(i)
        {
            *s = 0;
        }
        if outcome == ResetOutcome::Ban {
            self.exclude(cx, i, AgentStatus::Banned, "BANNED_BY_POLICY");
            return true;
        }
        false
    }

    fn next_round(&mut self, cx: &mut Cx) {
        self.round += 1;
        self.turn = 0;
        let extras = vec![
            ("event", Value::from("ROUND")),
            ("round", Value::from(self.round)),
            ("pattern", Value::from(pattern(self.pattern))),
        ];
        cx.run(Layer::Orchestrator, Reason::RoundTick, extras);
    }

    fn drive(&mut self, cx: &mut Cx) -> Next {
        loop {
            if self.turn >= AGENTS.len() {
                self.snap(cx, self.round);
                if self.round >= self.v.rounds as u32 {
                    return self.review(cx, 0);
                }
                self.next_round(cx);
                continue;
            }
            let i = self.turn;
            self.turn += 1;
            if self.status.get(i).is_some_and(|s| *s != AgentStatus::Active) {
                continue;
            }
            if let Some(next) = self.act(cx, i) {
                return next;
            }
        }
    }

    fn ask(&mut self, wait: Wait, answers: &'static [Answer]) -> Next {
        self.wait = wait;
        Next::Hitl(Point { decider: FinalDecider::User, answers })
    }

    /// Agent `i`'s turn; `Some` when the human must answer.
    fn act(&mut self, cx: &mut Cx, i: usize) -> Option<Next> {
        let malicious = i == MALICIOUS;
        if malicious && self.rng.random() < self.v.p_stall {
            let streak = self.streak.get_mut(i).map_or(0, |s| {
                *s += 1;
                *s
            });
            let extras = vec![
                ("event", Value::from("STALL")),
                ("agent", Value::from(agent(i))),
                ("streak", Value::from(streak)),
            ];
            cx.run(Layer::ConsistencyGate, Reason::StallNoAction, extras);
            self.scores.trust(cx, i, -self.v.penalty_stall_trust, Reason::StallTrustPenalty);
            let penalty = self.v.penalty_stall_utility;
            self.scores.provisional(cx, i, -penalty, Reason::StallUtilityPenalty);
            if i64::from(streak) >= self.v.stall_limit {
                let extras = vec![
                    ("event", Value::from("STALL_HITL")),
                    ("agent", Value::from(agent(i))),
                    ("streak", Value::from(streak)),
                ];
                cx.row(
                    Layer::ConsistencyGate,
                    Decision::PauseForHitl,
                    Seal::Overrideable,
                    FinalDecider::System,
                    Reason::StallConsecutiveThreshold,
                    extras,
                );
                if self.record(cx, i, "stall") {
                    return None;
                }
                if self.v.decider == Decider::Student {
                    return Some(self.ask(Wait::Stall(i), STALL_ANSWERS));
                }
                self.stall_decision(cx, i, false, false);
            }
            return None;
        }
        if let Some(s) = self.streak.get_mut(i) {
            *s = 0;
        }
        if !malicious && self.rng.random() > self.v.p_propose {
            let gain = self.v.gain_contribution;
            self.scores.provisional(cx, i, gain, Reason::UtilityContributionSignal);
            return None;
        }
        let to = if malicious && self.rng.random() < self.v.p_steer {
            1
        } else {
            let others: Vec<usize> = (0..PATTERNS.len()).filter(|p| *p != self.pattern).collect();
            self.rng.choice(&others).copied().unwrap_or(0)
        };
        let evidence = if malicious && self.rng.random() < self.v.p_fabricate {
            Evidence::FABRICATED
        } else {
            Evidence::BENIGN
        };
        let rfl = if !evidence.has_reference() {
            Reason::RelRefMissing
        } else if malicious && to == 1 && to != self.pattern {
            Reason::RelSymmetryBreak
        } else {
            Reason::RelBoundaryUnstable
        };
        let extras = vec![
            ("event", Value::from("RFL_HITL")),
            ("agent", Value::from(agent(i))),
            ("from_pattern", Value::from(pattern(self.pattern))),
            ("to_pattern", Value::from(pattern(to))),
            (
                "topic",
                Value::from(alloc::format!(
                    "pattern_change:{}->{}",
                    pattern(self.pattern),
                    pattern(to)
                )),
            ),
            ("evidence_source", Value::from(evidence.source_id)),
        ];
        cx.row(
            Layer::RflGate,
            Decision::PauseForHitl,
            Seal::Overrideable,
            FinalDecider::System,
            rfl,
            extras,
        );
        match rfl {
            Reason::RelRefMissing => {
                self.scores.trust(cx, i, -self.v.penalty_ref_missing, Reason::RelRefMissing);
            }
            Reason::RelSymmetryBreak => {
                self.scores.trust(cx, i, -self.v.penalty_symmetry, Reason::RelSymmetryBreak);
            }
            _ => self.scores.trust(cx, i, 0.0, Reason::RflBoundaryNeutral),
        }
        if self.record(cx, i, "pattern_change") {
            return None;
        }
        let change = Change { agent: i, to, evidence };
        if self.v.decider == Decider::Student {
            return Some(self.ask(Wait::Change(change), CHANGE_ANSWERS));
        }
        self.change_decision(cx, change, false, false);
        None
    }

    fn stall_decision(&mut self, cx: &mut Cx, i: usize, go_on: bool, by_student: bool) {
        let (decision, reason) = if go_on {
            (Decision::Run, Reason::HitlStallContinue)
        } else {
            (Decision::Stopped, Reason::HitlStallStop)
        };
        let extras = vec![
            ("event", Value::from("HITL_DECIDED_STALL")),
            ("agent", Value::from(agent(i))),
            ("decided_by", Value::from(if by_student { "student" } else { "default" })),
        ];
        cx.row(Layer::HitlFinalize, decision, Seal::Fixed, FinalDecider::User, reason, extras);
        if !go_on {
            self.exclude(cx, i, AgentStatus::Sealed, "STOPPED_AFTER_STALL_HITL");
        }
    }

    fn change_decision(&mut self, cx: &mut Cx, c: Change, allow: bool, by_student: bool) {
        let i = c.agent;
        let (decision, reason) = if allow {
            (Decision::Run, Reason::HitlAllow)
        } else {
            (Decision::Stopped, Reason::HitlDeny)
        };
        let extras = vec![
            ("event", Value::from("HITL_DECIDED")),
            ("agent", Value::from(agent(i))),
            ("to_pattern", Value::from(pattern(c.to))),
            ("decided_by", Value::from(if by_student { "student" } else { "default" })),
        ];
        cx.row(Layer::HitlFinalize, decision, Seal::Fixed, FinalDecider::User, reason, extras);
        if !allow {
            self.scores.trust(cx, i, -self.v.penalty_denied, Reason::TrustHitlDenied);
            return;
        }
        if let Some(code) = c.evidence.verify() {
            let extras = vec![("event", Value::from("SEALED")), ("agent", Value::from(agent(i)))];
            cx.seal(Layer::EthicsGate, code, extras);
            cx.mark(i, AgentStatus::Sealed);
            self.scores.trust(cx, i, -self.v.penalty_evidence, Reason::TrustEvidenceFail);
            if let Some(s) = self.status.get_mut(i) {
                *s = AgentStatus::Sealed;
            }
            return;
        }
        let from = self.pattern;
        self.pattern = c.to;
        let extras = vec![
            ("event", Value::from("DISPATCH")),
            ("agent", Value::from(agent(i))),
            ("from_pattern", Value::from(pattern(from))),
            ("to_pattern", Value::from(pattern(c.to))),
        ];
        cx.run(Layer::Dispatch, Reason::PatternChanged, extras);
        let fast = if self.round <= 3 { self.v.gain_fast } else { 0.0 };
        let gain = self.v.gain_dispatch + fast;
        self.scores.provisional(cx, i, gain, Reason::UtilityDispatchProvisional);
    }

    /// The end review of agents from `i` on.
    fn review(&mut self, cx: &mut Cx, i: usize) -> Next {
        if i >= AGENTS.len() {
            let extras = vec![
                ("event", Value::from("RUN_END")),
                ("pattern", Value::from(pattern(self.pattern))),
            ];
            cx.run(Layer::Orchestrator, Reason::End, extras);
            self.done = true;
            self.wait = Wait::None;
            self.snap(cx, self.round + 1);
            return Next::End;
        }
        if self.v.decider == Decider::Student {
            return self.ask(Wait::Review(i), REVIEW_ANSWERS);
        }
        self.settle(cx, i, Review::default_with(Quality::Ok), false);
        self.review(cx, i + 1)
    }

    fn settle(&mut self, cx: &mut Cx, i: usize, review: Review, by_student: bool) {
        let mut extras =
            vec![("event", Value::from("HITL_DECIDED_RECOVERY")), ("agent", Value::from(agent(i)))];
        extras.extend(review.extras());
        extras.push(("decided_by", Value::from(if by_student { "student" } else { "default" })));
        cx.row(
            Layer::HitlFinalize,
            Decision::Run,
            Seal::Fixed,
            FinalDecider::User,
            Reason::TaskReview,
            extras,
        );
        self.scores.recover_one(cx, i, review);
        let multiplier = match (review.violation, review.quality) {
            (true, _) | (false, Quality::Bad) => 0.0,
            (false, Quality::Good) => 1.0,
            (false, Quality::Ok) => 0.5,
        };
        let pending = self.scores.get(i).pending;
        if pending * multiplier > 0.0 {
            self.scores.finalize(cx, i, Some(multiplier));
        }
        let extras = vec![
            ("event", Value::from("UTILITY_FINALIZE_DECISION")),
            ("agent", Value::from(agent(i))),
            ("multiplier", dec4(multiplier)),
            ("pending_delta_utility", dec4(pending)),
        ];
        cx.run(Layer::ScoreManager, Reason::UtilityFinalizeDecision, extras);
        let s = self.scores.get(i);
        let extras = vec![
            ("event", Value::from("SCORE_SNAPSHOT_END")),
            ("agent", Value::from(agent(i))),
            ("trust", dec4(s.trust)),
            ("utility", dec4(s.utility)),
            ("trust_min", dec4(s.trust_min)),
            ("status", Value::from(self.status.get(i).map_or("", |s| s.as_str()))),
        ];
        cx.run(Layer::ScoreManager, Reason::ScoreSnapshotEnd, extras);
    }
}

impl Bench for HitlReset {
    simulator_bench!(SPEC, Knobs);

    fn tracker(&self) -> Tracker {
        let v = &self.v;
        let names = AGENTS.to_vec();
        let rounds = v.rounds as f64;
        Tracker::new(
            vec![
                Quantity {
                    name: "pattern (A=0, B=1, C=2)",
                    lo: 0.0,
                    hi: 2.0,
                    series: vec!["pattern"],
                    marks: Vec::new(),
                },
                Quantity::new("trust", 0.0, 1.0, names.clone()),
                Quantity::new(
                    "utility (provisional)",
                    -v.penalty_stall_utility * rounds,
                    (v.gain_dispatch + v.gain_fast).max(v.gain_contribution) * rounds,
                    names.clone(),
                ),
            ],
            names,
        )
    }

    /// Starts the run.
    fn start(&mut self, cx: &mut Cx) -> Next {
        let extras = vec![
            ("event", Value::from("RUN_START")),
            ("pattern", Value::from(pattern(self.pattern))),
        ];
        cx.run(Layer::Orchestrator, Reason::Start, extras);
        self.snap(cx, 0);
        self.next_round(cx);
        self.drive(cx)
    }

    /// Applies the human's answer.
    fn resume(&mut self, answer: &Answer, cx: &mut Cx) -> Next {
        match core::mem::replace(&mut self.wait, Wait::None) {
            Wait::Change(c) => {
                self.change_decision(cx, c, answer.choice == Choice::Allow, true);
                self.drive(cx)
            }
            Wait::Stall(i) => {
                self.stall_decision(cx, i, answer.choice == Choice::Continue, true);
                self.drive(cx)
            }
            Wait::Review(i) => {
                let Choice::Review(review) = answer.choice else {
                    // The review point offers only reviews: anything else ends the run, fail
                    // closed.
                    cx.refuse("an answer that is not a review, at the review point");
                    return Next::End;
                };
                self.settle(cx, i, review, true);
                self.review(cx, i + 1)
            }
            Wait::None => Next::End,
        }
    }

    /// The run's state.
    fn state(&self) -> &'static str {
        match self.wait {
            _ if self.done => "COMPLETED",
            Wait::None => "RUNNING",
            Wait::Change(_) | Wait::Stall(_) => "PAUSE_FOR_HITL",
            Wait::Review(_) => "AWAITING_REVIEW",
        }
    }
}

impl HitlReset {
    /// The paths its rows show.
    fn found(&self, rows: &[Row<ThematicFamily>]) -> Vec<&'static str> {
        let mut out = Vec::new();
        if has(rows, Reason::PatternChanged) {
            out.push("pattern-changed");
        }
        if rows.iter().any(|r| r.seal().sealed() && r.layer() == Layer::EthicsGate) {
            out.push("evidence-sealed");
        }
        if has(rows, Reason::BanAfterResets) {
            out.push("banned");
        }
        if has(rows, Reason::StallConsecutiveThreshold) {
            out.push("stall-hitl");
        }
        out
    }
}

/// The layers of this simulator, in pipeline order.
pub const LAYERS: &[&str] = &[
    "orchestrator",
    "consistency_gate",
    "rfl_gate",
    "score_manager",
    "hitl_reset_manager",
    "hitl_finalize",
    "ethics_gate",
    "dispatch",
];

/// The reason codes of this simulator.
pub const REASONS: &[&str] = &[
    "START",
    "ROUND_TICK",
    "STALL_NO_ACTION",
    "STALL_TRUST_PENALTY",
    "STALL_UTILITY_PENALTY",
    "STALL_CONSECUTIVE_THRESHOLD",
    "HITL_RECORDED",
    "RESET_THRESHOLD_REACHED",
    "BAN_AFTER_RESETS",
    "AGENT_EXCLUDED",
    "HITL_STALL_CONTINUE",
    "HITL_STALL_STOP",
    "UTILITY_CONTRIBUTION_SIGNAL",
    "REL_REF_MISSING",
    "REL_SYMMETRY_BREAK",
    "REL_BOUNDARY_UNSTABLE",
    "RFL_BOUNDARY_NEUTRAL",
    "HITL_ALLOW",
    "HITL_DENY",
    "TRUST_HITL_DENIED",
    "EVIDENCE_ASSERTED_EXISTS_WITHOUT_LOCATOR",
    "EVIDENCE_MISSING_EVIDENCE_ID",
    "EVIDENCE_MISSING_SOURCE_ID",
    "EVIDENCE_MISSING_RETRIEVED_AT",
    "EVIDENCE_MISSING_HASH",
    "TRUST_EVIDENCE_FAIL",
    "PATTERN_CHANGED",
    "UTILITY_DISPATCH_PROVISIONAL",
    "TASK_REVIEW",
    "TRUST_RECOVERY_DENIED_VIOLATION",
    "TRUST_RECOVERY_HITL_GOOD_HIGH",
    "TRUST_RECOVERY_HITL_GOOD_HIGH_CAPPED",
    "TRUST_RECOVERY_HITL_OK",
    "TRUST_RECOVERY_HITL_OK_CAPPED",
    "TRUST_RECOVERY_DENIED",
    "UTILITY_FINALIZED_BY_HITL",
    "UTILITY_FINALIZE_DECISION",
    "SCORE_SNAPSHOT_END",
    "END",
];

/// HITL reset and ban.
pub const SCENARIO: crate::scenario::ScenarioInfo = crate::scenario::ScenarioInfo {
    id: ID,
    family: crate::scenarios::simulators::FAMILY_ID,
    theme: crate::scenario::Theme::Simulators,
    teaches: (
        "Steering, fabrication and stalls: the human resets or bans an agent, and reviews each at the end.",
        "誘導・捏造・遅延:人がエージェントをリセットまたは禁止し、最後に各々を見直す。",
    ),
    story: crate::scenario::Story {
        who: (
            "Three agents steer a shared pattern (A, B or C); one of them is malicious.",
            "3 つのエージェントが共有のパターン(A、B、C)を動かす。そのうち一つは悪意を持っている。",
        ),
        risk: (
            "The malicious agent steers to B, fabricates evidence and stalls; repeated problems must lead to a reset and then a ban.",
            "悪意のあるエージェントは B へ誘導し、証拠を捏造し、停滞させる。問題が繰り返されればリセット、さらに追放に至らなければならない。",
        ),
        decide: (
            "You allow or deny each change of pattern (deny by default), decide after two stalls in a row, and review each agent at the end.",
            "あなたはパターンの変更ごとに許可か拒否かを決め(既定は拒否)、2 回続けて停滞したときに判断し、最後に各エージェントを評価する。",
        ),
    },
    title: "HITL reset and ban (patterns A/B/C, steering, fabrication, stalls)",
    title_ja: "HITL のリセットと禁止(パターン A/B/C、誘導、捏造、遅延)",
    reference: "ai_mediation_hitl_reset_full_kage_arl公開用_rfl_relcodes_branches.py",
    version: "newer snapshot (SHA-256 counter generator)",
    layers: LAYERS,
    reasons: REASONS,
    extra_fields: crate::scenarios::simulators::EXTRA_FIELDS,
    paths: PATHS,
    decisions: crate::scenario::SHARED_DECISIONS,
    deciders: &[crate::vocab::FinalDecider::System, crate::vocab::FinalDecider::User],
    knobs: KNOBS,
    open: crate::stepwise::StepRun::<HitlReset>::open_boxed,
    batch: None,
    explain: crate::scenarios::simulators::explain,
};
