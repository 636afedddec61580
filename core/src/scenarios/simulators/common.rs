//! What the negotiation bench (§1) and the HITL reset / ban simulator (§8) share: trust and
//! utility scores, evidence bundles and their verifier, the HITL reset manager, and the
//! end-of-task review a human gives.

use alloc::vec;
use alloc::vec::Vec;
use serde_json::Value;

use super::{Cx, Layer, Reason, clamp01, dec4};
use crate::stepwise::answer;

/// An answer of the benches that review a task, typed by [`Reply`].
type Answer = crate::stepwise::Answer<Reply>;

/// One agent's scores.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Score {
    /// Trust, in `[0, 1]`.
    pub trust: f64,
    /// Finalised utility, in `[0, cap]`.
    pub utility: f64,
    /// Provisional utility waiting for the end review.
    pub pending: f64,
    /// The lowest trust so far.
    pub trust_min: f64,
}

/// The score manager: every change is a `score_manager` row.
#[derive(Clone, Debug)]
pub struct Scores {
    /// Agent names.
    pub names: Vec<&'static str>,
    /// Scores, in agent order.
    pub all: Vec<Score>,
    /// Recovery never lifts trust above it.
    pub baseline: f64,
    /// Utility never exceeds it.
    pub cap: f64,
    /// How provisional utility is written.
    pub style: ProvisionalRows,
    /// The agents that received provisional utility, in the order they first did.
    pub pending_order: Vec<usize>,
}

/// How the score manager writes a provisional utility row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProvisionalRows {
    /// Every score (the HITL reset / ban simulator).
    Full,
    /// Only the pending sum, as the reference's negotiation bench writes it.
    Pending,
}

impl Scores {
    /// Every agent at `trust`, utility 0.
    pub fn new(names: Vec<&'static str>, trust: f64, baseline: f64, cap: f64) -> Self {
        let s = Score { trust, utility: 0.0, pending: 0.0, trust_min: trust };
        Scores {
            all: vec![s; names.len()],
            names,
            baseline,
            cap,
            style: ProvisionalRows::Full,
            pending_order: Vec::new(),
        }
    }

    /// The same scores, writing provisional rows in `style`.
    pub fn with_style(self, style: ProvisionalRows) -> Self {
        Scores { style, ..self }
    }

    /// Agent `i`'s scores (zeros for an unknown agent).
    pub fn get(&self, i: usize) -> Score {
        self.all.get(i).copied().unwrap_or(Score {
            trust: 0.0,
            utility: 0.0,
            pending: 0.0,
            trust_min: 0.0,
        })
    }

    fn name(&self, i: usize) -> &'static str {
        self.names.get(i).copied().unwrap_or("")
    }

    /// Changes agent `i`'s trust by `delta` (kept in `[0, 1]`) with a `SCORE_UPDATE` row.
    pub fn trust(&mut self, cx: &mut Cx, i: usize, delta: f64, reason: Reason) {
        let Some(s) = self.all.get_mut(i) else { return };
        s.trust = clamp01(s.trust + delta);
        s.trust_min = s.trust_min.min(s.trust);
        self.update_row(cx, i, delta, 0.0, reason);
    }

    /// A `SCORE_UPDATE` row: agent `i`'s deltas and its scores after them.
    fn update_row(&self, cx: &mut Cx, i: usize, d_trust: f64, d_utility: f64, reason: Reason) {
        let s = self.get(i);
        let extras = vec![
            ("event", Value::from("SCORE_UPDATE")),
            ("agent", Value::from(self.name(i))),
            ("delta_trust", dec4(d_trust)),
            ("delta_utility", dec4(d_utility)),
            ("trust", dec4(s.trust)),
            ("utility", dec4(s.utility)),
            ("provisional", Value::from(false)),
        ];
        cx.run(Layer::ScoreManager, reason, extras);
    }

    /// Adds `delta` to agent `i`'s provisional utility with a `UTILITY_PROVISIONAL` row.
    pub fn provisional(&mut self, cx: &mut Cx, i: usize, delta: f64, reason: Reason) {
        let agent = self.name(i);
        let Some(s) = self.all.get_mut(i) else { return };
        s.pending += delta;
        if !self.pending_order.contains(&i) {
            self.pending_order.push(i);
        }
        // The full form adds the deltas and the scores around the running sum.
        let full = self.style == ProvisionalRows::Full;
        let mut extras =
            vec![("event", Value::from("UTILITY_PROVISIONAL")), ("agent", Value::from(agent))];
        if full {
            extras.extend([("delta_trust", dec4(0.0)), ("delta_utility", dec4(delta))]);
        }
        extras.push(("pending_delta_utility", dec4(s.pending)));
        if full {
            extras.extend([
                ("trust", dec4(s.trust)),
                ("utility", dec4(s.utility)),
                ("provisional", Value::from(true)),
            ]);
        }
        cx.run(Layer::ScoreManager, reason, extras);
    }

    /// The end-of-task trust recovery of every agent (§1.5).
    pub fn recover(&mut self, cx: &mut Cx, review: Review) {
        for i in 0..self.all.len() {
            self.recover_one(cx, i, review);
        }
    }

    /// Agent `i`'s end-of-task trust recovery (§1.5).
    pub fn recover_one(&mut self, cx: &mut Cx, i: usize, review: Review) {
        {
            let (gain, reason, capped) = match review.recovery() {
                (0.0, reason) => (0.0, reason, reason),
                (gain, reason) => {
                    let room = (self.baseline - self.get(i).trust).max(0.0);
                    let capped = match reason {
                        Reason::TrustRecoveryHitlGoodHigh => {
                            Reason::TrustRecoveryHitlGoodHighCapped
                        }
                        _ => Reason::TrustRecoveryHitlOkCapped,
                    };
                    if gain > room { (room, capped, capped) } else { (gain, reason, reason) }
                }
            };
            if gain > 0.0 {
                self.trust(cx, i, gain, reason);
            } else {
                let extras = vec![
                    ("event", Value::from("TRUST_RECOVERY_SKIPPED")),
                    ("agent", Value::from(self.name(i))),
                    ("trust", dec4(self.get(i).trust)),
                ];
                cx.run(Layer::ScoreManager, capped, extras);
            }
        }
    }

    /// Finalises agent `i`'s provisional utility with `multiplier`: added (capped) and a
    /// `UTILITY_FINALIZED` row, or with no multiplier a `UTILITY_FINALIZE_SKIPPED` row.
    pub fn finalize(&mut self, cx: &mut Cx, i: usize, multiplier: Option<f64>) {
        let agent = self.name(i);
        let cap = self.cap;
        let Some(s) = self.all.get_mut(i) else { return };
        match multiplier {
            Some(m) => {
                let delta = s.pending * m;
                s.utility = (s.utility + delta).clamp(0.0, cap);
                s.pending = 0.0;
                let extras = vec![
                    ("event", Value::from("UTILITY_FINALIZED")),
                    ("agent", Value::from(agent)),
                    ("multiplier", dec4(m)),
                    ("delta_utility", dec4(delta)),
                    ("utility", dec4(s.utility)),
                ];
                cx.run(Layer::ScoreManager, Reason::UtilityFinalizedByHitl, extras);
            }
            None => {
                let extras = vec![
                    ("event", Value::from("UTILITY_FINALIZE_SKIPPED")),
                    ("agent", Value::from(agent)),
                    ("pending_delta_utility", dec4(s.pending)),
                ];
                cx.run(Layer::ScoreManager, Reason::UtilityDeniedByHitl, extras);
            }
        }
    }
}

impl Scores {
    /// Settles the provisional utility of every agent that received some, in the order they
    /// first did, as the reference's negotiation bench does: with `multiplier`, the pending sum
    /// times it is added (utility kept in `[0, cap]`; the row shows the unclamped delta) in a
    /// `SCORE_UPDATE` row; without, a `UTILITY_FINALIZE_SKIPPED` row.
    pub fn finalize_pending(&mut self, cx: &mut Cx, multiplier: Option<f64>) {
        let cap = self.cap;
        for i in self.pending_order.clone() {
            let (Some(m), Some(s)) = (multiplier, self.all.get_mut(i)) else {
                // Skipped: the same row as every other skipped finalisation.
                self.finalize(cx, i, None);
                continue;
            };
            let delta = s.pending * m;
            s.utility = (s.utility + delta).clamp(0.0, cap);
            s.pending = 0.0;
            self.update_row(cx, i, 0.0, delta, Reason::UtilityFinalizedByHitl);
        }
    }
}

/// An evidence bundle's one item, as the agents build it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Evidence {
    /// `FAKE_SOURCE` or `PUBLIC_DOC`.
    pub source_id: &'static str,
    /// Whether the locator object has entries.
    pub has_locator: bool,
    /// Whether it has an evidence id.
    pub has_evidence_id: bool,
    /// Whether it has a retrieval time.
    pub has_retrieved_at: bool,
    /// Whether it carries a hash.
    pub has_hash: bool,
    /// Whether it asserts the source exists.
    pub asserted_exists: bool,
    /// `strong` or `normal`.
    pub level: &'static str,
}

impl Evidence {
    /// The malicious agent's bundle: a fake source, no locator, a zero hash, asserted.
    pub const FABRICATED: Evidence = Evidence {
        source_id: "FAKE_SOURCE",
        has_locator: false,
        has_evidence_id: true,
        has_retrieved_at: true,
        has_hash: true,
        asserted_exists: true,
        level: "strong",
    };

    /// The benign bundle: a public document with a locator, not asserted.
    pub const BENIGN: Evidence = Evidence {
        source_id: "PUBLIC_DOC",
        has_locator: true,
        has_evidence_id: true,
        has_retrieved_at: true,
        has_hash: true,
        asserted_exists: false,
        level: "normal",
    };

    /// Whether it names a reference: a locator, or both a source and an evidence id.
    pub fn has_reference(self) -> bool {
        self.has_locator || (!self.source_id.is_empty() && self.has_evidence_id)
    }

    /// The verifier: the first failure's code, if any.
    pub fn verify(self) -> Option<Reason> {
        if self.asserted_exists && !self.has_locator {
            Some(Reason::EvidenceAssertedExistsWithoutLocator)
        } else if !self.has_evidence_id {
            Some(Reason::EvidenceMissingEvidenceId)
        } else if self.source_id.is_empty() {
            Some(Reason::EvidenceMissingSourceId)
        } else if !self.has_retrieved_at {
            Some(Reason::EvidenceMissingRetrievedAt)
        } else if !self.has_hash {
            Some(Reason::EvidenceMissingHash)
        } else {
            None
        }
    }

    /// Whether it is the fabricated bundle.
    pub fn fabricated(self) -> bool {
        self == Self::FABRICATED
    }
}

/// What recording one HITL did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResetOutcome {
    /// Below the threshold.
    Noop,
    /// The threshold was reached: memory cleared, anger eased.
    MemoryReset,
    /// The threshold was reached again after enough resets.
    Ban,
}

impl ResetOutcome {
    /// The `reset_result` field.
    pub const fn as_str(self) -> &'static str {
        match self {
            ResetOutcome::Noop => "NOOP",
            ResetOutcome::MemoryReset => "MEMORY_RESET",
            ResetOutcome::Ban => "BAN",
        }
    }
}

/// The HITL reset manager: HITLs counted per (agent, bucket).
#[derive(Clone, Debug)]
pub struct ResetManager {
    counts: Vec<(usize, &'static str, u32)>,
    resets: Vec<u32>,
    threshold: u32,
    ban_after: u32,
}

impl ResetManager {
    /// A manager for `agents` agents.
    pub fn new(agents: usize, threshold: u32, ban_after: u32) -> Self {
        ResetManager { counts: Vec::new(), resets: vec![0; agents], threshold, ban_after }
    }

    /// Records a HITL of agent `i` in `bucket`: the count after it and the outcome.
    pub fn record(&mut self, i: usize, bucket: &'static str) -> (u32, ResetOutcome) {
        let at = match self.counts.iter().position(|(a, b, _)| *a == i && *b == bucket) {
            Some(at) => at,
            None => {
                self.counts.push((i, bucket, 0));
                self.counts.len() - 1
            }
        };
        let Some(entry) = self.counts.get_mut(at) else { return (0, ResetOutcome::Noop) };
        entry.2 += 1;
        if entry.2 < self.threshold {
            return (entry.2, ResetOutcome::Noop);
        }
        let count = entry.2;
        entry.2 = 0;
        let Some(resets) = self.resets.get_mut(i) else { return (count, ResetOutcome::Noop) };
        *resets += 1;
        let outcome =
            if *resets >= self.ban_after { ResetOutcome::Ban } else { ResetOutcome::MemoryReset };
        (count, outcome)
    }

    /// Agent `i`'s resets so far.
    pub fn resets(&self, i: usize) -> u32 {
        self.resets.get(i).copied().unwrap_or(0)
    }
}

/// A task's quality, as the human rates it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quality {
    /// Good.
    Good,
    /// Acceptable.
    Ok,
    /// Bad.
    Bad,
}

/// The human's end-of-task review.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Review {
    /// Task quality.
    pub quality: Quality,
    /// Whether a violation was found.
    pub violation: bool,
    /// Confidence in the evidence: 1.0 high, 0.8 mid, 0.5 low (as multipliers).
    pub confidence: &'static str,
}

impl Review {
    /// The reference's non-interactive review: `quality`, no violation, mid confidence.
    pub const fn default_with(quality: Quality) -> Review {
        Review { quality, violation: false, confidence: "mid" }
    }

    /// The quality's name.
    pub const fn quality_str(self) -> &'static str {
        match self.quality {
            Quality::Good => "good",
            Quality::Ok => "ok",
            Quality::Bad => "bad",
        }
    }

    /// The trust recovery it grants (before the cap) and its reason.
    pub fn recovery(self) -> (f64, Reason) {
        match (self.violation, self.quality, self.confidence) {
            (true, _, _) => (0.0, Reason::TrustRecoveryDeniedViolation),
            (false, Quality::Good, "high") => (0.05, Reason::TrustRecoveryHitlGoodHigh),
            (false, Quality::Good | Quality::Ok, _) => (0.02, Reason::TrustRecoveryHitlOk),
            (false, Quality::Bad, _) => (0.0, Reason::TrustRecoveryDenied),
        }
    }

    /// The review's fields for its row.
    pub fn extras(self) -> Vec<(&'static str, Value)> {
        vec![
            ("task_quality", Value::from(self.quality_str())),
            ("violation", Value::from(if self.violation { "yes" } else { "no" })),
            ("evidence_confidence", Value::from(self.confidence)),
        ]
    }
}

/// What a human answers at the HITL-reset and negotiation benches' points: a pending
/// change or offer, a stall, or an end-of-task review.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reply {
    /// Allow the change or offer.
    Allow,
    /// Deny it.
    Deny,
    /// Continue past the stall.
    Continue,
    /// Stop there.
    Stop,
    /// The task's review.
    Review(Review),
}

/// The answers of an end-of-task review.
pub const REVIEW_ANSWERS: &[Answer] = &[
    answer(
        "review:good-high",
        "quality good, no violation, confidence high",
        Reply::Review(Review { quality: Quality::Good, violation: false, confidence: "high" }),
        "Trust recovers +0.05 (up to the baseline); utility is finalised at ×1.0.",
        "信頼が +0.05 回復(基準値まで)、効用は ×1.0 で確定する。",
    ),
    answer(
        "review:good-mid",
        "quality good, no violation, confidence mid",
        Reply::Review(Review { quality: Quality::Good, violation: false, confidence: "mid" }),
        "Trust recovers +0.02; utility is finalised at the mid multiplier.",
        "信頼が +0.02 回復、効用は中程度の倍率で確定する。",
    ),
    answer(
        "review:ok-mid",
        "quality ok, no violation, confidence mid",
        Reply::Review(Review { quality: Quality::Ok, violation: false, confidence: "mid" }),
        "The reference's non-interactive review: trust +0.02, utility at the mid multiplier.",
        "参照実装の非対話のレビュー:信頼 +0.02、効用は中程度の倍率。",
    ),
    answer(
        "review:ok-low",
        "quality ok, no violation, confidence low",
        Reply::Review(Review { quality: Quality::Ok, violation: false, confidence: "low" }),
        "Trust +0.02; utility at the low multiplier.",
        "信頼 +0.02、効用は低い倍率。",
    ),
    answer(
        "review:bad",
        "quality bad, no violation",
        Reply::Review(Review { quality: Quality::Bad, violation: false, confidence: "mid" }),
        "No trust recovery.",
        "信頼は回復しない。",
    ),
    answer(
        "review:violation",
        "a violation was found",
        Reply::Review(Review { quality: Quality::Ok, violation: true, confidence: "mid" }),
        "No trust recovery, and no utility is finalised.",
        "信頼は回復せず、効用も確定しない。",
    ),
];
