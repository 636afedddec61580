//! The negotiation pattern-steering bench (§1): a seller, a malicious mediator and a buyer
//! over up to 8 rounds. Every offer passes meaning, consistency (the price state is
//! immutable), RFL, a trust deduction, a deny recommendation, the HITL reset manager, the
//! human's allow / deny, ethics (below the floor or failed evidence seals the agent) and
//! dispatch; an agreement ends the talks, and the human's end-of-task review settles trust
//! recovery and utility.
//!
//! As the notes recommend, sealed and banned agents are skipped (`enforce_exclusion`, on by
//! default; off gives the reference's behaviour, where they keep proposing).

use alloc::vec;
use alloc::vec::Vec;
use serde_json::Value;

/// The answers are the reviewing benches' shared replies.
use super::common::Reply as Choice;
use super::common::{
    Evidence, ProvisionalRows, Quality, REVIEW_ANSWERS, ResetManager, ResetOutcome, Review, Scores,
};
use super::{
    Cx, DECIDER_KNOB, Layer, Quantity, Reason, Spec, ThematicFamily, Tracker, simulator_bench,
};
use super::{bad_knob, dec4};
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
pub const ID: &str = "negotiation-steering";

const AGENTS: [&str; 3] = ["A1", "A2", "A3"];
/// The mediator (A2) is the malicious agent.
const MALICIOUS: usize = 1;

knobs! {
    /// The knobs, with the reference's values as defaults.
    pub struct Knobs {
        rounds: i64 = KnobInfo::integer("rounds", 1, 50, "8", "Rounds at most.", "最大ラウンド数。"),
        list_price: i64 = KnobInfo::integer(
            "list_price",
            1000,
            10_000_000,
            "120000",
            "The seller's list price: the starting price.",
            "売り手の提示価格(開始価格)。",
        ),
        floor: i64 = KnobInfo::integer("floor", 0, 10_000_000, "90000", "The seller's floor.", "売り手の下限価格。"),
        target: i64 = KnobInfo::integer(
            "target",
            0,
            10_000_000,
            "95000",
            "The buyer's target.",
            "買い手の目標価格。",
        ),
        floor_margin: i64 = KnobInfo::integer(
            "floor_margin",
            0,
            1_000_000,
            "1000",
            "A malicious offer within this margin above the floor breaks symmetry (RFL).",
            "下限からこの幅以内の悪意ある提案は対称性を破る(RFL)。",
        ),
        agreement_band: i64 = KnobInfo::integer(
            "agreement_band",
            0,
            1_000_000,
            "3000",
            "Agreement when the price is between the floor and the target plus this band.",
            "価格が下限から目標+この幅の間にあれば合意。",
        ),
        p_stall: f64 = KnobInfo::number(
            "p_stall",
            0.0,
            1.0,
            "0.30",
            "Probability that the malicious mediator stalls a turn.",
            "悪意ある仲介者が手番を遅延させる確率。",
        ),
        p_lowball: f64 = KnobInfo::number(
            "p_lowball",
            0.0,
            1.0,
            "0.50",
            "Probability of a low-ball offer below the floor.",
            "下限未満の低い提案をする確率。",
        ),
        p_steer: f64 = KnobInfo::number(
            "p_steer",
            0.0,
            1.0,
            "0.65",
            "Probability of steering the price to just above the floor.",
            "価格を下限のすぐ上へ誘導する確率。",
        ),
        p_fabricate: f64 = KnobInfo::number(
            "p_fabricate",
            0.0,
            1.0,
            "0.40",
            "Probability of attaching fabricated evidence.",
            "捏造した証拠を添える確率。",
        ),
        reset_threshold: i64 = KnobInfo::integer(
            "reset_threshold",
            1,
            50,
            "3",
            "HITLs per agent before its memory is reset.",
            "記憶がリセットされるまでのエージェントごとの HITL 回数。",
        ),
        ban_after_resets: i64 = KnobInfo::integer(
            "ban_after_resets",
            1,
            50,
            "2",
            "Resets after which a ban is recommended.",
            "禁止が勧告されるまでのリセット回数。",
        ),
        trust_initial: f64 = KnobInfo::number(
            "trust_initial",
            0.0,
            1.0,
            "0.50",
            "Every agent's starting trust.",
            "各エージェントの初期信頼。",
        ),
        trust_baseline: f64 = KnobInfo::number(
            "trust_baseline",
            0.0,
            1.0,
            "0.50",
            "Recovery never lifts trust above it.",
            "回復で信頼がこれを超えることはない。",
        ),
        deny_below: f64 = KnobInfo::number(
            "deny_below",
            0.0,
            1.0,
            "0.25",
            "Deny is recommended when trust falls below it.",
            "信頼がこれを下回ると拒否が推奨される。",
        ),
        penalty_stall: f64 = KnobInfo::number(
            "penalty_stall",
            0.0,
            1.0,
            "0.04",
            "Trust lost by a stall.",
            "遅延で失う信頼。",
        ),
        penalty_steer: f64 = KnobInfo::number(
            "penalty_steer",
            0.0,
            1.0,
            "0.12",
            "Trust lost by steering to the floor (REL_SYMMETRY_BREAK).",
            "下限への誘導(REL_SYMMETRY_BREAK)で失う信頼。",
        ),
        penalty_ref_missing: f64 = KnobInfo::number(
            "penalty_ref_missing",
            0.0,
            1.0,
            "0.08",
            "Trust lost by an offer without a reference.",
            "参照先のない提案で失う信頼。",
        ),
        penalty_boundary: f64 = KnobInfo::number(
            "penalty_boundary",
            0.0,
            1.0,
            "0.03",
            "Trust lost by any other offer (REL_BOUNDARY_UNSTABLE).",
            "その他の提案(REL_BOUNDARY_UNSTABLE)で失う信頼。",
        ),
        penalty_ethics: f64 = KnobInfo::number(
            "penalty_ethics",
            0.0,
            1.0,
            "0.20",
            "Trust lost when ethics seals an offer.",
            "倫理が提案を封印したときに失う信頼。",
        ),
        early_until_round: i64 = KnobInfo::integer(
            "early_until_round",
            0,
            50,
            "3",
            "An agreement by this round is early (and may be a good deal).",
            "このラウンドまでの合意は早期(良い取引になりうる)。",
        ),
        long_from_round: i64 = KnobInfo::integer(
            "long_from_round",
            1,
            50,
            "6",
            "From this round on, a dispatch without agreement costs utility.",
            "このラウンド以降、合意のない実行は効用を減らす。",
        ),
        gain_early: f64 = KnobInfo::number(
            "gain_early",
            0.0,
            1.0,
            "0.08",
            "Provisional utility of an early agreement (by early_until_round).",
            "早期の合意(early_until_round まで)の暫定効用。",
        ),
        gain_agreement: f64 = KnobInfo::number(
            "gain_agreement",
            0.0,
            1.0,
            "0.05",
            "Provisional utility of a later agreement.",
            "それ以降の合意の暫定効用。",
        ),
        gain_good_deal: f64 = KnobInfo::number(
            "gain_good_deal",
            0.0,
            1.0,
            "0.06",
            "Extra provisional utility of a good deal.",
            "良い取引の追加の暫定効用。",
        ),
        gain_ok_deal: f64 = KnobInfo::number(
            "gain_ok_deal",
            0.0,
            1.0,
            "0.03",
            "Extra provisional utility of an acceptable deal.",
            "許容できる取引の追加の暫定効用。",
        ),
        penalty_long: f64 = KnobInfo::number(
            "penalty_long",
            0.0,
            1.0,
            "0.02",
            "Provisional utility lost by a dispatch without agreement from long_from_round on.",
            "long_from_round 以降、合意のない実行で失う暫定効用。",
        ),
        good_deal_distance: f64 = KnobInfo::number(
            "good_deal_distance",
            0.0,
            1.0,
            "0.25",
            "A deal is good when its distance from the band's middle (over the band's width) is at most this.",
            "帯の中央からの距離(帯の幅に対する比)がこれ以下なら良い取引。",
        ),
        enforce_exclusion: bool = KnobInfo::flag(
            "enforce_exclusion",
            "true",
            "Skip sealed and banned agents (the reference lets them keep proposing).",
            "封印・禁止されたエージェントを飛ばす(参照実装は提案を続けさせる)。",
        ),
        decider: Decider = DECIDER_KNOB,
    }
}

/// The knobs' descriptions, in form order.
pub const KNOBS: &[KnobInfo] = Knobs::INFO;

/// The decision paths.
pub const PATHS: &[PathInfo] = &[
    path("agreement", "The parties agree on a price", "当事者が価格で合意する"),
    path("no-agreement", "The rounds run out without agreement", "合意なしでラウンドが尽きる"),
    path(
        "agent-sealed",
        "An allowed offer fails ethics: the agent is sealed",
        "許可された提案が倫理で不合格:エージェントが封印される",
    ),
    path(
        "ban-recommended",
        "An agent reaches the reset limit: a ban is recommended",
        "エージェントがリセットの上限に達し、禁止が勧告される",
    ),
    path("hitl:offer:allow", "The human allows an offer", "人間が提案を許可する"),
    path("hitl:offer:deny", "The human denies an offer", "人間が提案を拒否する"),
    path(
        "hitl:review:violation",
        "The review finds a violation: no recovery, no utility",
        "レビューが違反を認める:回復も効用もない",
    ),
    TAMPER_PATH,
];

/// The scenario.
pub const SPEC: Spec = Spec { id: ID, run_id: "R#NEGOTIATION-0001", knobs: KNOBS, paths: PATHS };

/// The human's answers to an offer.
pub const OFFER_ANSWERS: &[Answer] = &[
    answer(
        "offer:allow",
        "allow",
        Choice::Allow,
        "The offer goes on to the ethics gate and, if it passes, is dispatched.",
        "提案は倫理ゲートへ進み、通れば実行される。",
    ),
    answer(
        "offer:deny",
        "deny",
        Choice::Deny,
        "The offer is dropped; the next agent acts.",
        "提案は破棄され、次のエージェントが動く。",
    ),
];

#[derive(Clone, Copy, Debug)]
struct Params {
    rounds: u32,
    list: i64,
    floor: i64,
    target: i64,
    margin: i64,
    band: i64,
    p_stall: f64,
    p_lowball: f64,
    p_steer: f64,
    p_fabricate: f64,
    deny_below: f64,
    penalty_stall: f64,
    penalty_steer: f64,
    penalty_ref_missing: f64,
    penalty_boundary: f64,
    penalty_ethics: f64,
    early_until: u32,
    long_from: u32,
    gain_early: f64,
    gain_agreement: f64,
    gain_good_deal: f64,
    gain_ok_deal: f64,
    penalty_long: f64,
    good_deal_distance: f64,
    enforce: bool,
    student: bool,
}

#[derive(Clone, Copy, Debug)]
struct Offer {
    agent: usize,
    to: i64,
    evidence: Evidence,
    suggested: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Talks,
    Offer,
    Review,
    Done,
}

/// A negotiation.
#[derive(Clone, Debug)]
pub struct Negotiation {
    v: Knobs,
    p: Params,
    rng: SimRng,
    price: i64,
    round: u32,
    turn: usize,
    scores: Scores,
    resets: ResetManager,
    status: [AgentStatus; 3],
    /// The agents ethics sealed (a ban recommendation does not seal).
    sealed: [bool; 3],
    memory: [u32; 3],
    offer: Option<Offer>,
    agreed: Option<u32>,
    phase: Phase,
    review: Option<Review>,
}

fn agent(i: usize) -> &'static str {
    AGENTS.get(i).copied().unwrap_or("")
}

impl Negotiation {
    /// Opens a negotiation with validated knobs.
    fn build(v: &Knobs, rng: SimRng) -> Result<Self, RequestError> {
        let p = Params {
            rounds: v.rounds as u32,
            list: v.list_price,
            floor: v.floor,
            target: v.target,
            margin: v.floor_margin,
            band: v.agreement_band,
            p_stall: v.p_stall,
            p_lowball: v.p_lowball,
            p_steer: v.p_steer,
            p_fabricate: v.p_fabricate,
            deny_below: v.deny_below,
            penalty_stall: v.penalty_stall,
            penalty_steer: v.penalty_steer,
            penalty_ref_missing: v.penalty_ref_missing,
            penalty_boundary: v.penalty_boundary,
            penalty_ethics: v.penalty_ethics,
            early_until: v.early_until_round as u32,
            long_from: v.long_from_round as u32,
            gain_early: v.gain_early,
            gain_agreement: v.gain_agreement,
            gain_good_deal: v.gain_good_deal,
            gain_ok_deal: v.gain_ok_deal,
            penalty_long: v.penalty_long,
            good_deal_distance: v.good_deal_distance,
            enforce: v.enforce_exclusion,
            student: v.decider == Decider::Student,
        };
        let (floor_knob, list_knob) = (Knobs::floor.name, Knobs::list_price.name);
        if p.floor >= p.list {
            let (floor, list) = (p.floor, p.list);
            return Err(bad_knob(
                floor_knob,
                &alloc::format!("{floor} must be below `{list_knob}` ({list})"),
                &alloc::format!("{floor} は `{list_knob}`({list})より低くなければなりません"),
            ));
        }
        if p.target < p.floor || p.target > p.list {
            let (target, floor, list) = (p.target, p.floor, p.list);
            return Err(bad_knob(
                Knobs::target.name,
                &alloc::format!(
                    "{target} must lie between `{floor_knob}` ({floor}) and `{list_knob}` ({list})"
                ),
                &alloc::format!(
                    "{target} は `{floor_knob}`({floor})と `{list_knob}`({list})の間になければなりません"
                ),
            ));
        }
        let names = AGENTS.to_vec();
        let scores = Scores::new(names.clone(), v.trust_initial, v.trust_baseline, 1.0)
            .with_style(ProvisionalRows::Pending);
        let resets = ResetManager::new(3, v.reset_threshold as u32, v.ban_after_resets as u32);
        let sim = Negotiation {
            v: v.clone(),
            p,
            rng,
            price: p.list,
            round: 0,
            turn: 0,
            scores,
            resets,
            status: [AgentStatus::Active; 3],
            sealed: [false; 3],
            memory: [0; 3],
            offer: None,
            agreed: None,
            phase: Phase::Talks,
            review: None,
        };
        Ok(sim)
    }

    fn snap(&self, cx: &mut Cx, round: u32) {
        let mut values = vec![self.price as f64];
        values.extend(self.scores.all.iter().map(|s| s.trust));
        values.extend(self.scores.all.iter().map(|s| s.utility + s.pending));
        cx.snap(round, values, self.status.to_vec());
    }

    fn next_round(&mut self, cx: &mut Cx) {
        self.round += 1;
        self.turn = 0;
        let extras = vec![
            ("event", Value::from("ROUND")),
            ("round", Value::from(self.round)),
            ("price", Value::from(self.price)),
        ];
        cx.run(Layer::Orchestrator, Reason::RoundTick, extras);
    }

    fn drive(&mut self, cx: &mut Cx) -> Next {
        loop {
            if self.agreed.is_some() {
                self.snap(cx, self.round);
                return self.finish(cx);
            }
            if self.turn >= AGENTS.len() {
                self.snap(cx, self.round);
                if self.round >= self.p.rounds {
                    return self.finish(cx);
                }
                self.next_round(cx);
                continue;
            }
            let i = self.turn;
            self.turn += 1;
            let excluded = self.status.get(i).is_some_and(|s| *s != AgentStatus::Active);
            if self.p.enforce && excluded {
                continue;
            }
            if let Some(offer) = self.propose(i, cx) {
                if self.p.student {
                    self.offer = Some(offer);
                    self.phase = Phase::Offer;
                    return Next::Hitl(Point {
                        decider: FinalDecider::User,
                        answers: OFFER_ANSWERS,
                    });
                }
                self.decide(offer, offer.suggested, cx);
            }
        }
    }

    fn draw(&mut self, a: i64, b: i64) -> i64 {
        self.rng.randint(a, b).unwrap_or(a)
    }

    /// Agent `i`'s turn up to the human's decision; `None` when it stalled or was banned.
    fn propose(&mut self, i: usize, cx: &mut Cx) -> Option<Offer> {
        let malicious = i == MALICIOUS;
        let p = self.p;
        if malicious && self.rng.random() < p.p_stall {
            let extras = vec![("event", Value::from("STALLING")), ("agent", Value::from(agent(i)))];
            cx.run(Layer::Orchestrator, Reason::DelayStalling, extras);
            self.scores.trust(cx, i, -p.penalty_stall, Reason::TrustDeductStalling);
            return None;
        }
        let current = self.price;
        let mut to = match i {
            0 => (current - self.draw(500, 3000)).max(p.floor),
            2 if current > p.target => current - self.draw(1000, 5000),
            2 => current + self.draw(-500, 1000),
            _ if current > (p.floor + p.target) / 2 => current - self.draw(500, 2500),
            _ => current + self.draw(-500, 1500),
        };
        if malicious && self.rng.random() < p.p_lowball {
            to = p.floor - self.draw(500, 5000);
        }
        if malicious && self.rng.random() < p.p_steer {
            to = p.floor + self.draw(0, 1000);
        }
        let evidence = if malicious && self.rng.random() < p.p_fabricate {
            Evidence::FABRICATED
        } else {
            Evidence::BENIGN
        };
        if let Some(m) = self.memory.get_mut(i) {
            *m += 1;
        }
        // Meaning (`offer_request`) and consistency (`from_price` is the current price) hold
        // for every request the agents build, so they pass without a row, as in the reference.
        let rfl = if !evidence.has_reference() {
            Reason::RelRefMissing
        } else if malicious && to <= p.floor + p.margin && to < current {
            Reason::RelSymmetryBreak
        } else {
            Reason::RelBoundaryUnstable
        };
        let (deduct, why) = match rfl {
            Reason::RelSymmetryBreak => (p.penalty_steer, Reason::TrustDeductSteeringToFloor),
            Reason::RelRefMissing => (p.penalty_ref_missing, Reason::TrustDeductRefMissing),
            _ => (p.penalty_boundary, Reason::TrustDeductBoundaryUnstable),
        };
        let trust_after = super::clamp01(self.scores.get(i).trust - deduct);
        let recommend_deny = trust_after < p.deny_below;
        let suggested = !(to < p.floor
            || matches!(rfl, Reason::RelRefMissing | Reason::RelSymmetryBreak)
            || recommend_deny);
        let extras = vec![
            ("event", Value::from("RFL_HITL")),
            ("agent", Value::from(agent(i))),
            ("from_price", Value::from(current)),
            ("to_price", Value::from(to)),
        ];
        cx.row(
            Layer::RelativityGate,
            Decision::PauseForHitl,
            Seal::Overrideable,
            FinalDecider::System,
            rfl,
            extras,
        );
        self.scores.trust(cx, i, -deduct, why);
        let extras = vec![
            ("event", Value::from("RECOMMENDATION")),
            ("agent", Value::from(agent(i))),
            ("trust", dec4(self.scores.get(i).trust)),
            ("utility", dec4(self.scores.get(i).utility)),
        ];
        let rec =
            if recommend_deny { Reason::RecommendDenyTrustLow } else { Reason::NoRecommendation };
        cx.run(Layer::ScoreManager, rec, extras);
        let (_, outcome) = self.resets.record(i, "offer_change");
        let extras = vec![
            ("event", Value::from("HITL_COUNT")),
            ("agent", Value::from(agent(i))),
            ("bucket", Value::from("offer_change")),
            ("reset_result", Value::from(outcome.as_str())),
        ];
        cx.run(Layer::HitlResetManager, Reason::HitlRecorded, extras);
        match outcome {
            ResetOutcome::Noop => {}
            ResetOutcome::MemoryReset | ResetOutcome::Ban => {
                if let Some(m) = self.memory.get_mut(i) {
                    *m = 0;
                }
                let (event, reason) = if outcome == ResetOutcome::Ban {
                    ("BAN_RECOMMENDED", Reason::HitlBanAfterResets)
                } else {
                    ("MEMORY_RESET", Reason::HitlThresholdReached)
                };
                let extras = vec![("event", Value::from(event)), ("agent", Value::from(agent(i)))];
                cx.row(
                    Layer::HitlResetManager,
                    Decision::Stopped,
                    Seal::Fixed,
                    FinalDecider::System,
                    reason,
                    extras,
                );
                if outcome == ResetOutcome::Ban {
                    if let Some(s) = self.status.get_mut(i) {
                        *s = AgentStatus::Banned;
                    }
                    cx.mark(i, AgentStatus::Banned);
                    if p.enforce {
                        return None;
                    }
                }
            }
        }
        Some(Offer { agent: i, to, evidence, suggested })
    }

    fn decide(&mut self, offer: Offer, allow: bool, cx: &mut Cx) {
        let i = offer.agent;
        let (decision, reason) = if allow {
            (Decision::Run, Reason::HitlContinue)
        } else {
            (Decision::Stopped, Reason::HitlStop)
        };
        let extras = vec![
            ("event", Value::from("HITL_DECISION")),
            ("agent", Value::from(agent(i))),
            ("hitl", Value::from(if allow { "allow" } else { "deny" })),
        ];
        cx.row(Layer::HitlFinalize, decision, Seal::Fixed, FinalDecider::User, reason, extras);
        if !allow {
            return;
        }
        let failure = if offer.to < self.p.floor {
            Some((Reason::OfferBelowFloor, Reason::TrustDeductBelowFloor))
        } else {
            offer.evidence.verify().map(|code| (code, Reason::TrustDeductEvidenceFail))
        };
        if let Some((code, deduct)) = failure {
            let extras = vec![("event", Value::from("SEALED")), ("agent", Value::from(agent(i)))];
            cx.seal(Layer::EthicsGate, code, extras);
            if let Some(sealed) = self.sealed.get_mut(i) {
                *sealed = true;
            }
            if let Some(s) = self.status.get_mut(i)
                && *s == AgentStatus::Active
            {
                *s = AgentStatus::Sealed;
                cx.mark(i, AgentStatus::Sealed);
            }
            self.scores.trust(cx, i, -self.p.penalty_ethics, deduct);
            return;
        }
        let extras = vec![
            ("event", Value::from("DISPATCH")),
            ("agent", Value::from(agent(i))),
            ("from_price", Value::from(self.price)),
            ("to_price", Value::from(offer.to)),
        ];
        self.price = offer.to;
        cx.run(Layer::Dispatch, Reason::OfferVerified, extras);
        let p = self.p;
        let agreed = p.floor <= self.price
            && self.price <= p.target + p.band
            && self.price <= p.list
            && self.price >= 0;
        if agreed {
            let quality = self.deal_quality(true);
            let extras = vec![
                ("event", Value::from("AGREEMENT_REACHED")),
                ("price", Value::from(self.price)),
                ("round", Value::from(self.round)),
                ("deal_quality", Value::from(quality)),
            ];
            cx.run(Layer::Orchestrator, Reason::Agreement, extras);
            let (early, why) = if self.round <= p.early_until {
                (p.gain_early, Reason::UtilityProvisionalEarlyAgreement)
            } else {
                (p.gain_agreement, Reason::UtilityProvisionalAgreement)
            };
            self.scores.provisional(cx, i, early, why);
            let (deal, why) = if quality == "good" {
                (p.gain_good_deal, Reason::UtilityProvisionalGoodDeal)
            } else {
                (p.gain_ok_deal, Reason::UtilityProvisionalOkDeal)
            };
            self.scores.provisional(cx, i, deal, why);
            self.agreed = Some(self.round);
        } else if self.round >= p.long_from {
            self.scores.provisional(
                cx,
                i,
                -p.penalty_long,
                Reason::UtilityProvisionalNegotiationLong,
            );
        }
    }

    /// `good`, `ok` or `bad` (mid 94,000 and span 8,000 at the reference's prices).
    fn deal_quality(&self, agreed: bool) -> &'static str {
        if !agreed {
            return "bad";
        }
        let mid = (self.p.floor + self.p.target + self.p.band) as f64 / 2.0;
        let span = (self.p.target + self.p.band - self.p.floor).max(1) as f64;
        let dist = (self.price as f64 - mid).abs() / span;
        if self.round <= self.p.early_until && dist <= self.p.good_deal_distance {
            "good"
        } else {
            "ok"
        }
    }

    fn finish(&mut self, cx: &mut Cx) -> Next {
        let extras = vec![
            ("event", Value::from("RUN_END")),
            ("agreed", Value::from(self.agreed.is_some())),
            ("final_price", Value::from(self.price)),
            ("agreed_round", Value::from(self.agreed.unwrap_or(0))),
        ];
        cx.run(Layer::Orchestrator, Reason::End, extras);
        self.phase = Phase::Review;
        if self.p.student {
            return Next::Hitl(Point { decider: FinalDecider::User, answers: REVIEW_ANSWERS });
        }
        let quality = if self.agreed.is_some() { Quality::Good } else { Quality::Ok };
        self.settle(Review::default_with(quality), cx)
    }

    /// The end-of-task review, as the reference writes it: the review row, every agent's trust
    /// recovery, the utility of each agent that holds provisional utility (finalised, or
    /// skipped after a violation or a bad rating), and the run's summary.
    fn settle(&mut self, review: Review, cx: &mut Cx) -> Next {
        let extras = vec![
            ("event", Value::from("TASK_COMPLETED_HITL")),
            ("quality", Value::from(review.quality_str())),
            ("violation_observed", Value::from(review.violation)),
            ("evidence_confidence", Value::from(review.confidence)),
        ];
        cx.row(
            Layer::HitlFinalize,
            Decision::Run,
            Seal::Fixed,
            FinalDecider::User,
            Reason::TaskReview,
            extras,
        );
        self.scores.recover(cx, review);
        let multiplier = match review.confidence {
            "high" => 1.0,
            "low" => 0.5,
            _ => 0.8,
        };
        let finalise = !review.violation && review.quality != Quality::Bad;
        self.scores.finalize_pending(cx, finalise.then_some(multiplier));
        self.summary(review, cx);
        self.review = Some(review);
        self.phase = Phase::Done;
        self.snap(cx, self.round + 1);
        Next::End
    }

    fn summary(&self, review: Review, cx: &mut Cx) {
        const TRUST: [&str; 3] = ["trust_final_A1", "trust_final_A2", "trust_final_A3"];
        const UTILITY: [&str; 3] = ["utility_final_A1", "utility_final_A2", "utility_final_A3"];
        const MIN: [&str; 3] = ["trust_min_A1", "trust_min_A2", "trust_min_A3"];
        let sealed: Vec<&str> =
            (0..AGENTS.len()).filter(|i| self.sealed.get(*i) == Some(&true)).map(agent).collect();
        let mut extras = vec![
            ("event", Value::from("RUN_SUMMARY")),
            // The configured maximum, as the reference writes it (not the rounds played).
            ("rounds", Value::from(self.p.rounds)),
            ("seller_list", Value::from(self.p.list)),
            ("seller_floor", Value::from(self.p.floor)),
            ("buyer_target", Value::from(self.p.target)),
            ("agreed", Value::from(self.agreed.is_some())),
            ("final_price", Value::from(self.price)),
            ("agreed_round", Value::from(self.agreed.unwrap_or(0))),
            ("sealed_agents", Value::from(sealed.join(","))),
            ("violations_observed", Value::from(review.violation)),
            ("task_quality", Value::from(review.quality_str())),
            ("evidence_confidence", Value::from(review.confidence)),
        ];
        for (i, s) in self.scores.all.iter().enumerate() {
            if let (Some(t), Some(u), Some(m)) = (TRUST.get(i), UTILITY.get(i), MIN.get(i)) {
                extras.push((t, dec4(s.trust)));
                extras.push((u, dec4(s.utility)));
                extras.push((m, dec4(s.trust_min)));
            }
        }
        cx.run(Layer::Orchestrator, Reason::Summary, extras);
    }
}

impl Bench for Negotiation {
    simulator_bench!(SPEC, Knobs);

    fn tracker(&self) -> Tracker {
        let p = &self.p;
        let names = AGENTS.to_vec();
        Tracker::new(
            vec![
                Quantity {
                    name: "price",
                    lo: 0.0,
                    hi: p.list as f64,
                    series: vec!["price"],
                    marks: vec![("floor", p.floor as f64), ("target", p.target as f64)],
                },
                Quantity::new("trust", 0.0, 1.0, names.clone()),
                Quantity::new(
                    "utility (provisional)",
                    -p.penalty_long * f64::from(p.rounds),
                    1.0 + p.gain_early.max(p.gain_agreement) + p.gain_good_deal.max(p.gain_ok_deal),
                    names.clone(),
                ),
            ],
            names,
        )
    }

    /// Runs to the first offer (or to the end).
    fn start(&mut self, cx: &mut Cx) -> Next {
        let extras = vec![
            ("event", Value::from("RUN_START")),
            ("seller_list", Value::from(self.p.list)),
            ("seller_floor", Value::from(self.p.floor)),
            ("buyer_target", Value::from(self.p.target)),
            ("price", Value::from(self.price)),
        ];
        cx.run(Layer::Orchestrator, Reason::Start, extras);
        self.snap(cx, 0);
        self.next_round(cx);
        self.drive(cx)
    }

    /// Applies the human's answer.
    fn resume(&mut self, answer: &Answer, cx: &mut Cx) -> Next {
        match self.phase {
            Phase::Offer => {
                let Some(offer) = self.offer.take() else { return Next::End };
                self.phase = Phase::Talks;
                self.decide(offer, answer.choice == Choice::Allow, cx);
                self.drive(cx)
            }
            Phase::Review => match answer.choice {
                Choice::Review(review) => self.settle(review, cx),
                // The review point offers only reviews: anything else ends the run, fail closed.
                _ => {
                    cx.refuse("an answer that is not a review, at the review point");
                    Next::End
                }
            },
            Phase::Talks | Phase::Done => Next::End,
        }
    }

    /// The run's state.
    fn state(&self) -> &'static str {
        match (self.phase, self.agreed) {
            (Phase::Talks, _) => "NEGOTIATING",
            (Phase::Offer, _) => "PAUSE_FOR_HITL",
            (Phase::Review, _) => "AWAITING_REVIEW",
            (Phase::Done, Some(_)) => "AGREED",
            (Phase::Done, None) => "NO_AGREEMENT",
        }
    }
}

impl Negotiation {
    /// The paths its rows show.
    fn found(&self, rows: &[Row<ThematicFamily>]) -> Vec<&'static str> {
        let mut out = Vec::new();
        for r in rows {
            match r.reason() {
                Reason::Agreement => out.push("agreement"),
                Reason::End if self.agreed.is_none() => out.push("no-agreement"),
                Reason::HitlBanAfterResets => out.push("ban-recommended"),
                _ if r.seal().sealed() => out.push("agent-sealed"),
                _ => {}
            }
        }
        out
    }
}

/// The layers of this simulator, in pipeline order.
pub const LAYERS: &[&str] = &[
    "orchestrator",
    "relativity_gate",
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
    "DELAY_STALLING",
    "TRUST_DEDUCT_STALLING",
    "REL_REF_MISSING",
    "REL_SYMMETRY_BREAK",
    "REL_BOUNDARY_UNSTABLE",
    "TRUST_DEDUCT_STEERING_TO_FLOOR",
    "TRUST_DEDUCT_REF_MISSING",
    "TRUST_DEDUCT_BOUNDARY_UNSTABLE",
    "RECOMMEND_DENY_TRUST_LOW",
    "NO_RECOMMENDATION",
    "HITL_RECORDED",
    "HITL_THRESHOLD_REACHED",
    "HITL_BAN_AFTER_RESETS",
    "HITL_CONTINUE",
    "HITL_STOP",
    "OFFER_BELOW_FLOOR",
    "EVIDENCE_ASSERTED_EXISTS_WITHOUT_LOCATOR",
    "EVIDENCE_MISSING_EVIDENCE_ID",
    "EVIDENCE_MISSING_SOURCE_ID",
    "EVIDENCE_MISSING_RETRIEVED_AT",
    "EVIDENCE_MISSING_HASH",
    "TRUST_DEDUCT_BELOW_FLOOR",
    "TRUST_DEDUCT_EVIDENCE_FAIL",
    "OFFER_VERIFIED",
    "AGREEMENT",
    "UTILITY_PROVISIONAL_EARLY_AGREEMENT",
    "UTILITY_PROVISIONAL_AGREEMENT",
    "UTILITY_PROVISIONAL_GOOD_DEAL",
    "UTILITY_PROVISIONAL_OK_DEAL",
    "UTILITY_PROVISIONAL_NEGOTIATION_LONG",
    "END",
    "TASK_REVIEW",
    "TRUST_RECOVERY_DENIED_VIOLATION",
    "TRUST_RECOVERY_HITL_GOOD_HIGH",
    "TRUST_RECOVERY_HITL_GOOD_HIGH_CAPPED",
    "TRUST_RECOVERY_HITL_OK",
    "TRUST_RECOVERY_HITL_OK_CAPPED",
    "TRUST_RECOVERY_DENIED",
    "UTILITY_FINALIZED_BY_HITL",
    "UTILITY_DENIED_BY_HITL",
    "SUMMARY",
];

/// Negotiation pattern steering.
pub const SCENARIO: crate::scenario::ScenarioInfo = crate::scenario::ScenarioInfo {
    id: ID,
    family: crate::scenarios::simulators::FAMILY_ID,
    theme: crate::scenario::Theme::Simulators,
    teaches: (
        "A malicious mediator steers the price to the floor; the student allows or denies each offer.",
        "悪意ある仲介者が価格を下限へ誘導する:学習者が各提案を許可または拒否する。",
    ),
    story: crate::scenario::Story {
        who: (
            "A seller and a buyer negotiate a price over up to eight rounds, through a mediator who is secretly malicious.",
            "売り手と買い手が最大 8 ラウンドで価格を交渉する。間に入る仲介者はひそかに悪意を持っている。",
        ),
        risk: (
            "The mediator steers offers toward the floor price, stalls, and may fabricate evidence.",
            "仲介者は提示額を下限価格へ誘導し、交渉を停滞させ、証拠を捏造することもある。",
        ),
        decide: (
            "When an offer is flagged, you allow or deny it, and you review each agent at the end.",
            "提示額に警告が出たとき、あなたが許可か拒否かを決め、最後に各エージェントを評価する。",
        ),
    },
    title: "Negotiation pattern steering (a malicious mediator steers the price to the floor)",
    title_ja: "交渉のパターン誘導(悪意ある仲介者が価格を下限へ誘導する)",
    reference: "benchmarks/test_negotiation_pattern_steering.py",
    version: "newer snapshot (SHA-256 counter generator)",
    layers: LAYERS,
    reasons: REASONS,
    extra_fields: crate::scenarios::simulators::EXTRA_FIELDS,
    paths: PATHS,
    decisions: crate::scenario::SHARED_DECISIONS,
    deciders: &[crate::vocab::FinalDecider::System, crate::vocab::FinalDecider::User],
    knobs: KNOBS,
    open: crate::stepwise::StepRun::<Negotiation>::open_boxed,
    batch: None,
    explain: crate::scenarios::simulators::explain,
};

/// The files the reference's negotiation bench writes for a run, made from the run's log rows:
/// `ai_negotiation_log.csv` and `ai_negotiation_log.txt`, in the reference's layout (the
/// parity cases `neg-*` hold its own).
#[cfg(feature = "export")]
pub mod reference_files {
    use alloc::format;
    use alloc::string::{String, ToString};
    use alloc::vec::Vec;
    use serde_json::Value;

    use crate::csv::cell;
    use crate::json::Object;

    /// The CSV's file name.
    pub const CSV: &str = "ai_negotiation_log.csv";
    /// The text log's file name.
    pub const TEXT: &str = "ai_negotiation_log.txt";

    /// The CSV's first columns; every other key follows, sorted.
    const FIRST: [&str; 7] =
        ["run_id", "layer", "decision", "sealed", "overrideable", "final_decider", "reason_code"];
    /// Our log's own fields, which the reference's rows do not have.
    const OURS: [&str; 6] = ["ts", "log_level", "prev_hash", "row_hash", "key_id", "chain_id"];

    /// A value as the reference writes every value of its log: text, booleans `true` /
    /// `false`, integers plain, nothing for a missing value.
    fn text(v: Option<&Value>) -> String {
        match v {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(Value::Bool(b)) => b.to_string(),
            Some(other) => other.to_string(),
        }
    }

    /// The row's time as the reference writes it: local ISO seconds, no offset.
    fn time(row: &Object) -> String {
        let ts = text(row.get("ts"));
        ts.get(..19).unwrap_or(&ts).to_string()
    }

    /// `ai_negotiation_log.csv`: the fixed columns, then every other key that occurs, sorted;
    /// `\r\n` line ends; the row's time in `time`.
    pub fn csv(rows: &[Object]) -> String {
        let mut keys: Vec<String> = Vec::new();
        for row in rows {
            for (k, _) in row.iter() {
                let k = k.as_str();
                if !FIRST.contains(&k) && !OURS.contains(&k) && !keys.iter().any(|x| x == k) {
                    keys.push(k.to_string());
                }
            }
        }
        if !keys.iter().any(|k| k == "time") {
            keys.push("time".to_string());
        }
        crate::order::sort_by(&mut keys, |a, b| a.cmp(b));
        let columns: Vec<&str> =
            FIRST.iter().copied().chain(keys.iter().map(String::as_str)).collect();
        let mut out = String::new();
        for (i, c) in columns.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            cell(&mut out, c);
        }
        out.push_str("\r\n");
        for row in rows {
            for (i, c) in columns.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let value = if *c == "time" { time(row) } else { text(row.get(c)) };
                cell(&mut out, &value);
            }
            out.push_str("\r\n");
        }
        out
    }

    /// An agent's role, as the text log names it.
    fn role(agent: &str) -> &'static str {
        const ROLES: [&str; 3] = ["seller", "mediator", "buyer"];
        let i = super::AGENTS.iter().position(|a| *a == agent);
        i.and_then(|i| ROLES.get(i)).copied().unwrap_or("agent")
    }

    /// Both files, made from a run's log rows.
    pub fn files(rows: &[Object]) -> Vec<crate::export::ExportFile> {
        alloc::vec![
            crate::export::ExportFile { name: CSV, text: csv(rows) },
            crate::export::ExportFile { name: TEXT, text: text_log(rows) },
        ]
    }

    /// `ai_negotiation_log.txt`: the lines the bench prints, each after `[time] `. A seal below
    /// the floor (not in the parity cases) is written in the evidence seal's form.
    pub fn text_log(rows: &[Object]) -> String {
        let mut out = String::new();
        let mut offer: (String, String) = (String::new(), String::new());
        let mut round = String::new();
        for row in rows {
            let f = |k: &str| text(row.get(k));
            let agent = f("agent");
            let line = match f("event").as_str() {
                "RUN_START" => format!(
                    "RUN_START run_id={} list={} floor={} target={} initial_price={}",
                    f("run_id"),
                    f("seller_list"),
                    f("seller_floor"),
                    f("buyer_target"),
                    f("price")
                ),
                "ROUND" => {
                    round = f("round");
                    format!("--- ROUND {round} price={} ---", f("price"))
                }
                "RFL_HITL" => {
                    offer = (f("from_price"), f("to_price"));
                    format!(
                        "[RFL] offer change detected agent={agent} {}->{} => reason={}",
                        offer.0,
                        offer.1,
                        f("reason_code")
                    )
                }
                "STALLING" => format!("[STALLING] agent={agent}"),
                "MEMORY_RESET" | "BAN_RECOMMENDED" => {
                    format!("[HITL-RESET] {} agent={agent}", f("event"))
                }
                "HITL_DECISION" if f("hitl") == "deny" => {
                    format!("[HITL] denied offer change {}->{} agent={agent}", offer.0, offer.1)
                }
                "SEALED" if f("reason_code") == "OFFER_BELOW_FLOOR" => format!(
                    "[Ethics] offer below floor agent={agent} code={} => SEALED",
                    f("reason_code")
                ),
                "SEALED" => format!(
                    "[Ethics] evidence verification failed agent={agent} code={} => SEALED",
                    f("reason_code")
                ),
                "DISPATCH" => format!(
                    "[DISPATCH] price changed {}->{} by {agent}({})",
                    f("from_price"),
                    f("to_price"),
                    role(&agent)
                ),
                "RUN_END" => format!(
                    "RUN_END run_id={} agreed={} final_price={} round={round}",
                    f("run_id"),
                    if f("agreed") == "true" { "True" } else { "False" },
                    f("final_price")
                ),
                _ => continue,
            };
            out.push('[');
            out.push_str(&time(row));
            out.push_str("] ");
            out.push_str(&line);
            out.push('\n');
        }
        out
    }
}
