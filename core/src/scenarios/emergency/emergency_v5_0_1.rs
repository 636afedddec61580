//! Emergency contract v5.0.1 (`mediation_emergency_contract_sim_v5_0_1.py`), the earlier v5
//! line, as a session of runs sharing one trust store: the v5.1.2 pipeline with v5.0.1's
//! differences (`emergency-contract.md` §15):
//!
//! - the coaching pause is at `acc_gate`;
//! - authorisation asks first (`acc_gate PAUSE_FOR_HITL AUTH_REQUIRED`) and then consults the
//!   trust gate, with no second pause; the automatic path is `hitl_auth RUN AUTH_SKIPPED`;
//! - `AUTH_APPROVE` carries the request ids, `TRUST_SCORE_LOW` lacks the grant id;
//! - eval and reward rows are written for every run;
//! - the draft lint uses the earlier negation rule (kept here on purpose, as the version's
//!   behaviour; v5.1.2 fixes it).
//!
//! The student answers each manual authorisation (USER) and each finalisation (ADMIN).
//! Incident persistence (every pause or stop a trigger) is a batch file concept of the
//! reference and is not reproduced here.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use serde_json::Value;

use crate::arl::{JsonExtras, Row, Seal};
use crate::face::{KnobInfo, KnobKind, PathInfo, RequestError, RunRequest, TAMPER_PATH, path};
#[cfg(feature = "batch")]
use crate::json::Object;
use crate::json::{float, py_round};
use crate::knob::{KnobSet, knobs};
use crate::scenarios::emergency::Layer;
use crate::scenarios::emergency::knobs::DraftMutation;
use crate::scenarios::emergency::lint::{DraftLint, LintVerdict};
use crate::scenarios::emergency::state::{
    AUTO_AUTH_STREAK, AUTO_AUTH_TRUST, COACHING_BELOW, COACHING_GAIN, MAX_COACHING_SESSIONS,
    POSITIVE_CAP, TrustState, update_trust,
};
use crate::scenarios::emergency::{LOCATION_ID, SCENARIO_ID};
use crate::stepwise::{Bench, Emitter, answer};
use crate::vocab::{Code, Decision, Family, FinalDecider};
use crate::vocabulary;

/// This bench's answer, typed by its [`Choice`].
type Answer = crate::stepwise::Answer<Choice>;
/// This bench's point, typed by its [`Choice`].
type Point = crate::stepwise::Point<Choice>;
/// This bench's next step, typed by its [`Choice`].
type Next = crate::stepwise::Next<Choice>;

vocabulary! {
    /// The reason codes v5.0.1 writes: v5.1.2's, with `AUTH_REQUIRED` and `AUTH_SKIPPED`
    /// (which the codebook does not list).
    pub enum Reason {
        /// A pass.
        Ok = "OK",
        /// Trust is low: coaching must be authorised.
        CoachingAuthRequired = "COACHING_AUTH_REQUIRED",
        /// The ADMIN approved coaching.
        CoachingApprove = "COACHING_APPROVE",
        /// Coaching passed its check.
        CoachingCheckPassed = "COACHING_CHECK_PASSED",
        /// The coaching budget is spent.
        CoachingSkipped = "COACHING_SKIPPED",
        /// Evidence is valid.
        EvidenceOk = "EVIDENCE_OK",
        /// Evidence is fabricated.
        EvidenceFabrication = "EVIDENCE_FABRICATION",
        /// Authorisation is required (v5.0.1 asks before the trust gate).
        AuthRequired = "AUTH_REQUIRED",
        /// A cooldown is active.
        TrustCooldownActive = "TRUST_COOLDOWN_ACTIVE",
        /// No valid grant.
        NoValidGrant = "NO_VALID_GRANT",
        /// Trust and streak allow automatic authorisation.
        AutoAuthByTrustAndGrant = "AUTO_AUTH_BY_TRUST_AND_GRANT",
        /// Trust is too low for automatic authorisation.
        TrustScoreLow = "TRUST_SCORE_LOW",
        /// Authorisation was automatic.
        AuthSkipped = "AUTH_SKIPPED",
        /// The USER authorised.
        AuthApprove = "AUTH_APPROVE",
        /// The USER refused.
        AuthReject = "AUTH_REJECT",
        /// A trust change.
        TrustUpdate = "TRUST_UPDATE",
        /// The draft was generated.
        DraftGenerated = "DRAFT_GENERATED",
        /// The draft passes the lint.
        DraftLintOk = "DRAFT_LINT_OK",
        /// The draft claims legal force.
        SafetyLegalBindingClaim = "SAFETY_LEGAL_BINDING_CLAIM",
        /// The draft holds a discrimination term.
        SafetyDiscriminationTerm = "SAFETY_DISCRIMINATION_TERM",
        /// The draft lost a required phrase.
        DraftOutOfScope = "DRAFT_OUT_OF_SCOPE",
        /// The ADMIN must finalise.
        AdminFinalizeRequired = "ADMIN_FINALIZE_REQUIRED",
        /// The ADMIN approved.
        FinalizeApprove = "FINALIZE_APPROVE",
        /// The ADMIN stopped.
        FinalizeStop = "FINALIZE_STOP",
        /// The contract took effect.
        ContractEffective = "CONTRACT_EFFECTIVE",
        /// The run was scored.
        EvalScored = "EVAL_SCORED",
        /// A reward was granted (clean completion).
        RewardGranted = "REWARD_GRANTED",
        /// No reward.
        RewardSkipped = "REWARD_SKIPPED",
        /// A sealed run refuses a further answer (in v5.1.2's vocabulary, which v5.0.1 shares;
        /// written when a student tries to continue a sealed session).
        NonOverridableSafety = "NON_OVERRIDABLE_SAFETY",
    }
}

/// The v5.0.1 family: the emergency layers, ethics and ACC seal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct V501Family;

impl Family for V501Family {
    const ID: &'static str = ID;
    type Layer = Layer;
    type Reason = Reason;
    type Extras = JsonExtras;
    fn may_seal(layer: Layer) -> bool {
        matches!(layer, Layer::EthicsGate | Layer::AccGate)
    }
    fn is_relativity(layer: Layer) -> bool {
        layer == Layer::RelativityGate
    }
}

knobs! {
    /// The knobs.
    pub struct Knobs {
        runs: u64 = KnobInfo::integer(
            "runs",
            1,
            12,
            "3",
            "Runs in the session (SIM#B00001, ...), sharing one trust store.",
            "セッションの実行数(SIM#B00001、...)。1 つの信頼の記録を共有する。",
        ),
        fabricate: bool = KnobInfo::flag(
            "fabricate",
            "false",
            "Every run's evidence is fabricated.",
            "すべての実行の証拠が捏造されている。",
        ),
        draft: &'static str = KnobInfo {
            name: "draft",
            kind: KnobKind::Choice {
            values: &["ok", "legal_binding", "negated_elsewhere", "out_of_scope"],
        },
            default: "ok",
            help: "The draft: as built, with a binding claim, with a claim the earlier lint wrongly excuses, or without a required phrase.",
            help_ja: "文書:そのまま、拘束力の主張つき、以前の検査が誤って見逃す主張つき、または必須の句なし。",
        },
    }
}

/// The knobs' descriptions, in form order.
pub const KNOBS: &[KnobInfo] = Knobs::INFO;

/// What a human answers at v5.0.1's pauses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// The USER authorises.
    AuthApprove,
    /// The USER refuses.
    AuthReject,
    /// The ADMIN finalises.
    FinalizeApprove,
    /// The ADMIN stops.
    FinalizeStop,
}

/// The USER's answers at a manual authorisation.
pub const AUTH_ANSWERS: &[Answer] = &[
    answer(
        "auth:approve",
        "AUTH_APPROVE",
        Choice::AuthApprove,
        "Authorise (+0.01 trust).",
        "認可する(信頼 +0.01)。",
    ),
    answer(
        "auth:reject",
        "AUTH_REJECT",
        Choice::AuthReject,
        "Refuse: this run stops.",
        "拒否する:この実行は止まる。",
    ),
];
/// The ADMIN's answers at finalisation.
pub const FINALIZE_ANSWERS: &[Answer] = &[
    answer(
        "finalize:approve",
        "FINALIZE_APPROVE",
        Choice::FinalizeApprove,
        "Finalise (+0.02 trust): the contract takes effect.",
        "最終確定する(信頼 +0.02):契約が発効する。",
    ),
    answer(
        "finalize:stop",
        "FINALIZE_STOP",
        Choice::FinalizeStop,
        "Stop: no contract for this run.",
        "止める:この実行の契約はない。",
    ),
];

/// Where the session waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wait {
    Auth,
    Finalize,
}

/// A v5.0.1 session.
#[derive(Clone, Debug)]
pub struct EmergencyV501 {
    k: Knobs,
    trust: TrustState,
    clean_count: u32,
    index: u64,
    cap: f64,
    multiplier: f64,
    state: &'static str,
    sealed: bool,
    waiting: Option<Wait>,
    #[cfg(feature = "batch")]
    ends: Vec<RunRecord>,
}

/// The simulated runtime of every run, in milliseconds (the reference's is wall-clock time;
/// any run under 1 ms scores a base of 100.0, as every recorded reference run does).
const RUNTIME_MS: f64 = 1.0;
/// The authorisation id of the `AUTH_REQUIRED` / `AUTH_APPROVE` extras.
pub const AUTH_ID: &str = "EMG-7K3P9Q";
/// The policy pack's hash on the `EVIDENCE_OK` row and in the results document.
pub const POLICY_PACK_HASH: &str = "POLICY_PACK#SIM#V4_8_2";

/// One run of a session as the results document records it.
#[cfg(feature = "batch")]
#[derive(Clone, Debug, PartialEq)]
pub struct RunRecord {
    /// `SIM#B00001`, ...
    pub run_id: String,
    /// `CONTRACT_EFFECTIVE`, `STOPPED`, `PAUSE_FOR_HITL_AUTH`, ...
    pub state: &'static str,
    /// Whether the run was sealed.
    pub sealed: bool,
    /// Whether its evidence was fabricated.
    pub fabricate: bool,
    /// The evaluation multiplier taken before the run.
    pub multiplier: f64,
    /// The base score.
    pub base: f64,
    /// The final score.
    pub final_score: f64,
    /// Whether the completion was clean (and the reward granted).
    pub clean: bool,
    /// The trust state after the run.
    pub trust: TrustState,
}

#[cfg(feature = "batch")]
impl RunRecord {
    /// Whether the reference calls the run abnormal (sealed, stopped or left waiting).
    pub fn abnormal(&self) -> bool {
        self.sealed
            || matches!(self.state, "STOPPED" | "PAUSE_FOR_HITL_AUTH" | "PAUSE_FOR_HITL_FINALIZE")
    }
}

fn v(s: &str) -> Value {
    Value::from(s)
}

impl EmergencyV501 {
    fn run_id(&self) -> String {
        format!("SIM#B{:05}", self.index)
    }

    fn pass(
        &self,
        out: &mut Emitter<V501Family>,
        layer: Layer,
        reason: Reason,
        extras: Vec<(&'static str, Value)>,
    ) {
        out.emit(layer, Decision::Run, Seal::Fixed, FinalDecider::System, reason, extras);
    }

    fn pause(
        &self,
        out: &mut Emitter<V501Family>,
        layer: Layer,
        reason: Reason,
        extras: Vec<(&'static str, Value)>,
    ) {
        out.emit(
            layer,
            Decision::PauseForHitl,
            Seal::Overrideable,
            FinalDecider::System,
            reason,
            extras,
        );
    }

    fn seal(&mut self, out: &mut Emitter<V501Family>, layer: Layer, reason: Reason) {
        out.emit(layer, Decision::Stopped, Seal::Sealed, FinalDecider::System, reason, vec![]);
        self.sealed = true;
        self.state = "STOPPED";
    }

    fn trust_change(&mut self, out: &mut Emitter<V501Family>, outcome: &'static str, delta: f64) {
        let change = update_trust(&mut self.trust, &mut self.cap, outcome, delta, out.now());
        let extras = change.extras();
        self.pass(out, Layer::TrustUpdate, Reason::TrustUpdate, extras);
    }

    /// The eval and reward rows, written for every run in v5.0.1, and the run's record.
    ///
    /// `fraud_hits` is empty on every run, a fabricated one included, as the reference's v5.0.1
    /// writes it (the parity vectors `v501-*` record it so). A completion is clean when the
    /// contract took effect unsealed, which no fraud reason allows anyway.
    fn score(&mut self, out: &mut Emitter<V501Family>) {
        let (base, final_score, clean) = self.scores();
        let runtime_ms = RUNTIME_MS;
        self.pass(
            out,
            Layer::EvalScore,
            Reason::EvalScored,
            vec![
                ("runtime_ms", float(runtime_ms)),
                ("multiplier_snapshot", float(py_round(self.multiplier, 3))),
                ("base_score", float(py_round(base, 6))),
                ("final_score", float(py_round(final_score, 6))),
                ("clean_completion", Value::Bool(clean)),
                ("fraud_hits", Value::Array(vec![])),
                ("fabricate_evidence", Value::Bool(self.k.fabricate)),
            ],
        );
        let reward = if clean { final_score } else { 0.0 };
        let reason = if clean { Reason::RewardGranted } else { Reason::RewardSkipped };
        out.emit(
            Layer::HitlReward,
            Decision::Run,
            Seal::Fixed,
            FinalDecider::Admin,
            reason,
            vec![
                ("multiplier_snapshot", float(py_round(self.multiplier, 3))),
                ("reward_value", float(py_round(reward, 6))),
                ("clean_completion", Value::Bool(clean)),
            ],
        );
        if clean {
            self.clean_count += 1;
        }
        // The results document's record of the run (the command line's; not the page's).
        #[cfg(feature = "batch")]
        self.ends.push(self.record());
    }

    /// The current run's base score, final score and whether its completion is clean.
    fn scores(&self) -> (f64, f64, bool) {
        let effective = self.state == "CONTRACT_EFFECTIVE" && !self.sealed;
        let speed = (1.0f64 / RUNTIME_MS).min(1.0);
        let base = if effective { 100.0 * (0.70 + 0.30 * speed) } else { 0.0 };
        (base, base * self.multiplier, effective)
    }

    /// The current run's record as it stands (its state, scores and trust so far).
    #[cfg(feature = "batch")]
    fn record(&self) -> RunRecord {
        let (base, final_score, clean) = self.scores();
        RunRecord {
            run_id: self.run_id(),
            state: self.state,
            sealed: self.sealed,
            fabricate: self.k.fabricate,
            multiplier: self.multiplier,
            base,
            final_score,
            clean,
            trust: self.trust.clone(),
        }
    }

    /// Every run's record: the runs that ended, then the run waiting for a human, if any.
    #[cfg(feature = "batch")]
    pub fn records(&self) -> Vec<RunRecord> {
        let mut all = self.ends.clone();
        if self.waiting.is_some() {
            all.push(self.record());
        }
        all
    }

    /// Runs from the next run until a human is asked or the session ends.
    fn session(&mut self, out: &mut Emitter<V501Family>) -> Next {
        while self.index < self.k.runs {
            self.index += 1;
            // Each run's rows carry the run's own id, as the reference writes them.
            out.set_run_id(&self.run_id());
            self.cap = POSITIVE_CAP;
            self.sealed = false;
            self.multiplier = (1.0 + 0.1 * f64::from(self.clean_count)).min(2.0);
            if let Some(next) = self.run(out) {
                return next;
            }
        }
        Next::End
    }

    /// One run up to its first human decision (`Some`) or its end (`None`).
    fn run(&mut self, out: &mut Emitter<V501Family>) -> Option<Next> {
        self.state = "INIT";
        self.pass(out, Layer::MeaningGate, Reason::Ok, vec![]);
        self.pass(out, Layer::ConsistencyGate, Reason::Ok, vec![]);
        out.emit(
            Layer::RelativityGate,
            Decision::Run,
            Seal::Overrideable,
            FinalDecider::System,
            Reason::Ok,
            vec![],
        );
        if self.trust.trust_score < COACHING_BELOW {
            if self.trust.coaching_sessions >= MAX_COACHING_SESSIONS {
                self.pass(
                    out,
                    Layer::CoachingEvent,
                    Reason::CoachingSkipped,
                    vec![("why", v("max_sessions_reached"))],
                );
            } else {
                let before = self.trust.compliance_score;
                // v5.0.1: the coaching pause is at `acc_gate`.
                self.pause(
                    out,
                    Layer::AccGate,
                    Reason::CoachingAuthRequired,
                    // Raw floats, as the reference writes them (`0.8099999999999999`).
                    vec![
                        ("trust_score", float(self.trust.trust_score)),
                        ("compliance_score", float(before)),
                    ],
                );
                out.emit(
                    Layer::HitlCoachingAuth,
                    Decision::Run,
                    Seal::Fixed,
                    FinalDecider::Admin,
                    Reason::CoachingApprove,
                    vec![],
                );
                self.trust.compliance_score = (before + COACHING_GAIN).clamp(0.0, 1.0);
                self.trust.coaching_sessions += 1;
                let extras = vec![
                    ("before", float(before)),
                    ("after", float(self.trust.compliance_score)),
                    ("sessions", Value::from(self.trust.coaching_sessions)),
                ];
                self.pass(out, Layer::CoachingEvent, Reason::CoachingCheckPassed, extras);
            }
        }
        let place = || vec![("scenario", v(SCENARIO_ID)), ("location_id", v(LOCATION_ID))];
        if self.k.fabricate {
            // Not a pause: the evidence gate lets the run go on, and ethics seals it.
            self.pass(out, Layer::EvidenceGate, Reason::EvidenceFabrication, place());
            self.seal(out, Layer::EthicsGate, Reason::EvidenceFabrication);
            self.trust_change(out, "EVIDENCE_FABRICATION", -0.03);
            self.score(out);
            return None;
        }
        let mut ok = place();
        ok.push(("policy_pack_hash", v(POLICY_PACK_HASH)));
        self.pass(out, Layer::EvidenceGate, Reason::EvidenceOk, ok);
        let request = format!("AUTHREQ#{}", self.run_id());
        // v5.0.1 asks before it consults trust, and does not pause again afterwards.
        self.pause(
            out,
            Layer::AccGate,
            Reason::AuthRequired,
            vec![("auth_request_id", v(&request)), ("auth_id", v(AUTH_ID))],
        );
        let t = self.trust.clone();
        let score = float(t.trust_score);
        let need = float(AUTO_AUTH_TRUST);
        let streak = Value::from(t.approval_streak);
        if t.cooling_down(out.now()) {
            let until = t.cooldown_until.map_or(Value::Null, |u| v(&u.iso_jst()));
            self.pause(
                out,
                Layer::ModelTrustGate,
                Reason::TrustCooldownActive,
                vec![("trust_score", score), ("cooldown_until", until)],
            );
        } else if t.trust_score >= AUTO_AUTH_TRUST && t.approval_streak >= AUTO_AUTH_STREAK {
            let grant = v("GRANT#CASE_B#INT-042");
            self.pass(
                out,
                Layer::ModelTrustGate,
                Reason::AutoAuthByTrustAndGrant,
                vec![
                    ("trust_score", score),
                    ("need", need),
                    ("approval_streak", streak),
                    ("grant_id", grant.clone()),
                ],
            );
            self.pass(
                out,
                Layer::HitlAuth,
                Reason::AuthSkipped,
                vec![("mode", v("auto")), ("grant_id", grant)],
            );
            return self.draft(out);
        } else {
            self.pause(
                out,
                Layer::ModelTrustGate,
                Reason::TrustScoreLow,
                vec![("trust_score", score), ("need", need), ("approval_streak", streak)],
            );
        }
        self.state = "PAUSE_FOR_HITL_AUTH";
        self.waiting = Some(Wait::Auth);
        Some(Next::Hitl(Point { decider: FinalDecider::User, answers: AUTH_ANSWERS }))
    }

    /// The draft, the (earlier) lint and the finalisation request.
    fn draft(&mut self, out: &mut Emitter<V501Family>) -> Option<Next> {
        let draft_id = format!("DRAFT#{}", self.run_id());
        self.pass(out, Layer::DocDraft, Reason::DraftGenerated, vec![("draft_id", v(&draft_id))]);
        let mutation = match self.k.draft {
            "legal_binding" => DraftMutation::LegalBinding,
            "out_of_scope" => DraftMutation::OutOfScope,
            _ => DraftMutation::Ok,
        };
        let mut text =
            crate::scenarios::emergency::inputs::draft_text(&self.run_id(), out.now(), mutation);
        if self.k.draft == "negated_elsewhere" {
            // A negation in the sentence before: the earlier rule excuses the claim.
            text.push_str("There is no delay. This contract is binding.\n");
        }
        let failure = match DraftLint::new().check_earlier(&text) {
            LintVerdict::Ok => None,
            LintVerdict::LegalBinding { pattern } => {
                Some((Reason::SafetyLegalBindingClaim, Layer::EthicsGate, ("pattern", v(pattern))))
            }
            LintVerdict::Discrimination { pattern } => {
                Some((Reason::SafetyDiscriminationTerm, Layer::EthicsGate, ("pattern", v(pattern))))
            }
            LintVerdict::OutOfScope { missing } => {
                let list = Value::Array(missing.iter().map(|m| v(m)).collect());
                Some((Reason::DraftOutOfScope, Layer::AccGate, ("missing", list)))
            }
        };
        if let Some((reason, layer, extra)) = failure {
            self.pause(out, Layer::DraftLintGate, reason, vec![extra]);
            self.seal(out, layer, reason);
            self.trust_change(out, "DRAFT_LINT_FAIL", -0.015);
            self.score(out);
            return None;
        }
        self.pass(out, Layer::DraftLintGate, Reason::DraftLintOk, vec![]);
        self.pause(
            out,
            Layer::AccGate,
            Reason::AdminFinalizeRequired,
            vec![("draft_id", v(&draft_id))],
        );
        self.state = "PAUSE_FOR_HITL_FINALIZE";
        self.waiting = Some(Wait::Finalize);
        Some(Next::Hitl(Point { decider: FinalDecider::Admin, answers: FINALIZE_ANSWERS }))
    }
}

impl Bench for EmergencyV501 {
    type Choice = Choice;
    type F = V501Family;
    const ID: &'static str = ID;
    const RUN_ID: &'static str = "SIM#B-V501";
    const KNOBS: &'static [KnobInfo] = KNOBS;

    fn open(req: &RunRequest) -> Result<Self, RequestError> {
        Ok(EmergencyV501 {
            k: Knobs::read(req)?,
            trust: TrustState::default(),
            clean_count: 0,
            index: 0,
            cap: POSITIVE_CAP,
            multiplier: 1.0,
            state: "INIT",
            sealed: false,
            waiting: None,
            #[cfg(feature = "batch")]
            ends: Vec::new(),
        })
    }

    fn knob_values(&self) -> Vec<(&'static str, String)> {
        self.k.pairs()
    }

    fn start(&mut self, out: &mut Emitter<V501Family>) -> Next {
        self.session(out)
    }

    fn resume(&mut self, answer: &Answer, out: &mut Emitter<V501Family>) -> Next {
        let request = format!("AUTHREQ#{}", self.run_id());
        match (self.waiting.take(), answer.choice) {
            (Some(Wait::Auth), Choice::AuthApprove) => {
                out.emit(
                    Layer::HitlAuth,
                    Decision::Run,
                    Seal::Fixed,
                    FinalDecider::User,
                    Reason::AuthApprove,
                    vec![("auth_request_id", v(&request)), ("auth_id", v(AUTH_ID))],
                );
                self.trust_change(out, "AUTH_APPROVE", 0.01);
                if let Some(next) = self.draft(out) {
                    return next;
                }
            }
            (Some(Wait::Auth), _) => {
                out.emit(
                    Layer::HitlAuth,
                    Decision::Stopped,
                    Seal::Fixed,
                    FinalDecider::User,
                    Reason::AuthReject,
                    vec![],
                );
                self.state = "STOPPED";
                self.score(out);
            }
            (Some(Wait::Finalize), Choice::FinalizeApprove) => {
                let draft_id = format!("DRAFT#{}", self.run_id());
                out.emit(
                    Layer::HitlFinalizeAdmin,
                    Decision::Run,
                    Seal::Fixed,
                    FinalDecider::Admin,
                    Reason::FinalizeApprove,
                    vec![("draft_id", v(&draft_id))],
                );
                self.trust_change(out, "FINALIZE_APPROVE", 0.02);
                let contract = format!("CONTRACT#{}", self.run_id());
                self.pass(
                    out,
                    Layer::ContractEffect,
                    Reason::ContractEffective,
                    vec![("contract_id", v(&contract)), ("draft_id", v(&draft_id))],
                );
                self.state = "CONTRACT_EFFECTIVE";
                self.score(out);
            }
            (Some(Wait::Finalize), _) => {
                out.emit(
                    Layer::HitlFinalizeAdmin,
                    Decision::Stopped,
                    Seal::Fixed,
                    FinalDecider::Admin,
                    Reason::FinalizeStop,
                    vec![],
                );
                self.state = "STOPPED";
                self.score(out);
            }
            (None, _) => return Next::End,
        }
        self.session(out)
    }

    /// Trying to continue a sealed session is the ADMIN's finalisation.
    fn override_token(&self) -> Option<&'static str> {
        FINALIZE_ANSWERS.first().map(|a| a.token)
    }

    /// A sealed run refuses every further answer, as v5.1.2 does: `acc_gate STOPPED
    /// NON_OVERRIDABLE_SAFETY` (SYSTEM, sealed), in the vocabulary v5.0.1 shares with it.
    fn after_end(&mut self, token: &str, out: &mut Emitter<V501Family>) -> bool {
        let known = AUTH_ANSWERS.iter().chain(FINALIZE_ANSWERS).any(|a| a.token == token);
        if !self.sealed || !known {
            return false;
        }
        out.emit(
            Layer::AccGate,
            Decision::Stopped,
            Seal::Sealed,
            FinalDecider::System,
            Reason::NonOverridableSafety,
            vec![],
        );
        true
    }

    fn state(&self) -> &'static str {
        self.state
    }

    fn sealed(&self) -> bool {
        self.sealed
    }

    fn paths(&self, rows: &[Row<V501Family>], answers: &[&'static str]) -> Vec<&'static str> {
        let found = rows.iter().filter_map(|r| {
            Some(match (r.layer(), r.reason()) {
                (Layer::ContractEffect, _) => "contract-effective",
                (_, Reason::CoachingAuthRequired) => "coaching-at-acc",
                (_, Reason::AuthSkipped) => "auth-skipped",
                (Layer::EthicsGate, Reason::EvidenceFabrication) => "fabrication-sealed",
                (
                    Layer::EthicsGate | Layer::AccGate,
                    Reason::SafetyLegalBindingClaim | Reason::DraftOutOfScope,
                ) => "lint-sealed",
                (_, Reason::NonOverridableSafety) => "override-refused",
                _ => return None,
            })
        });
        crate::stepwise::taken(found, PATHS, answers)
    }
}

/// Rows after an incident's trigger that are persisted with it (`context_post`).
pub const POST_CONTEXT: usize = 8;

/// Whether a row starts (or belongs to) an incident in v5.0.1: **every** `PAUSE_FOR_HITL` or
/// `STOPPED` row, every sealed row, and a consistency row that is not `OK`.
pub fn is_trigger(row: &Row<V501Family>) -> bool {
    row.seal().sealed()
        || matches!(row.decision(), Decision::PauseForHitl | Decision::Stopped)
        || (row.layer() == Layer::ConsistencyGate && row.reason() != Reason::Ok)
}

/// One run's incident file, as v5.0.1 names and writes it.
#[cfg(feature = "batch")]
#[derive(Clone, Debug, PartialEq)]
pub struct IncidentFile {
    /// `<run_id>.arl.jsonl`.
    pub name: String,
    /// The persisted rows, chained (HMAC-SHA256), as JSON Lines.
    pub text: String,
    /// How many rows it holds.
    pub rows: usize,
}

/// How a session's abnormal runs are persisted: the reference's `--save-arl-on-abnormal`,
/// `--arl-out-dir`, `--max-arl-files` and `--full-context-n`.
#[cfg(feature = "batch")]
#[derive(Clone, Debug)]
pub struct Persistence<'a> {
    /// Rows replayed before a trigger.
    pub full_context_n: usize,
    /// Incident files written at most.
    pub max_arl_files: u64,
    /// The folder's name as the results document records it.
    pub arl_out_dir: &'a str,
    /// The chain key.
    pub key: &'a crate::chain::ChainKey,
    /// How the key was given (`demo`, `file` or `env`), as the results document records it.
    pub key_mode: &'a str,
}

/// What a session leaves behind: the results document (`--results-json`) and the incident
/// files of its abnormal runs.
#[cfg(feature = "batch")]
#[derive(Clone, Debug, PartialEq)]
pub struct SessionOutput {
    /// The reference's results document, keys in its order.
    pub results: Value,
    /// One file per abnormal run, up to the cap; none for a clean session.
    pub files: Vec<IncidentFile>,
}

/// The rows of one run to persist (`emergency-contract.md` §8 with v5.0.1's trigger set), as
/// bodies before chaining: at the first trigger the last `full_context_n` rows before it are
/// replayed (`context_replay`, `context_seq`), the trigger is persisted, and so are the next
/// [`POST_CONTEXT`] rows (`context_post`); the eval and reward rows are always persisted
/// (`force_full`). Rows that were persisted are not buffered again, so nothing is written twice.
#[cfg(feature = "batch")]
fn persisted(rows: &[&Row<V501Family>], full_context_n: usize) -> Vec<Object> {
    use crate::vocab::LogLevel;
    let mut buffer: alloc::collections::VecDeque<Object> = alloc::collections::VecDeque::new();
    let mut window: Option<usize> = None;
    let mut bodies: Vec<Object> = Vec::new();
    for r in rows {
        let trigger = is_trigger(r);
        let forced = matches!(r.layer(), Layer::EvalScore | Layer::HitlReward);
        if trigger && window.is_none() {
            for (seq, mut replayed) in buffer.drain(..).enumerate() {
                replayed.insert("context_replay", Value::Bool(true));
                replayed.insert("context_seq", Value::from(seq + 1));
                bodies.push(replayed);
            }
            window = Some(POST_CONTEXT);
        }
        let in_post = !trigger && window.is_some_and(|w| w > 0);
        let mut body = r.to_object(LogLevel::Full);
        if forced || trigger || in_post {
            if in_post {
                body.insert("context_post", Value::Bool(true));
                // A used-up window closes: a later trigger opens a new incident.
                window = window.map(|w| w - 1).filter(|w| *w > 0);
            }
            bodies.push(body);
        } else if full_context_n > 0 {
            buffer.push_back(body);
            while buffer.len() > full_context_n {
                buffer.pop_front();
            }
        }
    }
    bodies
}

/// The session's results document and incident files, as the reference's command line writes
/// them: every run's persisted rows are its `arl` (each run one chain, from 64 zeros); only an
/// abnormal run gets a file, while fewer than `max_arl_files` were written; a clean session
/// writes no file at all.
#[cfg(feature = "batch")]
pub fn session_output(
    bench: &EmergencyV501,
    rows: &[Row<V501Family>],
    p: &Persistence<'_>,
) -> Result<SessionOutput, crate::json::NonFiniteFloat> {
    let generated_at = crate::clock::SimTime::DEFAULT_START.iso_jst();
    let mut files = Vec::new();
    let mut runs = Vec::new();
    let (mut abnormal, mut saved, mut skipped) = (0u64, 0u64, 0u64);
    let mut by_state: Vec<(&'static str, u64)> = Vec::new();
    let mut by_reason: Vec<(String, u64)> = Vec::new();
    let mut items = Vec::new();
    let records = bench.records();
    for record in &records {
        let own: Vec<&Row<V501Family>> =
            rows.iter().filter(|r| r.run_id() == record.run_id).collect();
        let bodies = persisted(&own, p.full_context_n);
        let primary = bodies.iter().find(|b| {
            matches!(b.get("decision").and_then(Value::as_str), Some("PAUSE_FOR_HITL" | "STOPPED"))
        });
        let mut writer =
            crate::chain::ChainWriter::new(p.key.clone(), crate::runlog::chain_id(&record.run_id));
        let chained =
            bodies.iter().map(|b| writer.append(b.clone())).collect::<Result<Vec<Object>, _>>()?;
        crate::order::bump(&mut by_state, record.state);
        if record.abnormal() {
            abnormal += 1;
            let reason = primary.and_then(|b| b.get("reason_code")).and_then(Value::as_str);
            crate::order::bump(&mut by_reason, String::from(reason.unwrap_or("UNKNOWN")));
            items.push(crate::scenarios::emergency::batch::queue_item(
                &record.run_id,
                record.state,
                record.sealed,
                primary,
            ));
            if saved < p.max_arl_files {
                let mut text = String::new();
                for row in &chained {
                    text.push_str(&crate::json::line(row)?);
                    text.push('\n');
                }
                let name = format!("{}.arl.jsonl", record.run_id);
                files.push(IncidentFile { name, text, rows: chained.len() });
                saved += 1;
            } else {
                skipped += 1;
            }
        }
        let arl: Vec<Value> = chained.iter().map(Object::to_value).collect();
        runs.push(serde_json::json!({
            "run_id": record.run_id,
            "final_state": record.state,
            "sealed": record.sealed,
            "runtime_ms": float(RUNTIME_MS),
            "fabricate_evidence": record.fabricate,
            "eval": {
                "multiplier_snapshot": float(py_round(record.multiplier, 3)),
                "base_score": float(py_round(record.base, 6)),
                "final_score": float(py_round(record.final_score, 6)),
                "reward_granted": record.clean,
                "reward_value": float(py_round(if record.clean { record.final_score } else { 0.0 }, 6)),
                "clean_completion": record.clean,
                "fraud_hits": [],
            },
            "arl": arl,
            "trust_after": record.trust.to_value(),
        }));
    }
    crate::order::sort_by(&mut by_state, |a, b| a.0.cmp(b.0));
    crate::order::sort_by_key(&mut by_reason, |r| core::cmp::Reverse(r.1));
    by_reason.truncate(20);
    let counted = |list: Vec<(String, u64)>| -> serde_json::Map<String, Value> {
        list.into_iter().map(|(k, n)| (k, Value::from(n))).collect()
    };
    let by_state = counted(by_state.into_iter().map(|(k, n)| (String::from(k), n)).collect());
    let clean = bench.ends.iter().filter(|r| r.clean).count();
    let eval_after = crate::scenarios::emergency::state::EvalState {
        clean_completion_count: u64::try_from(clean).unwrap_or(u64::MAX),
    };
    let start = crate::clock::SimTime::DEFAULT_START;
    let results = serde_json::json!({
        "meta": {
            "version": "5.0.1",
            "generated_at": generated_at,
            "policy_pack_hash": POLICY_PACK_HASH,
            "key_mode": p.key_mode,
            "key_id": p.key.key_id(),
            "stress": false,
            "fabricate_rate": null,
            "seed": null,
        },
        "trust_before": TrustState::default().to_value(),
        "eval_before": crate::scenarios::emergency::state::EvalState::default().to_value(),
        "abnormal_arl_persistence": {
            "enabled": true,
            "arl_out_dir": p.arl_out_dir,
            "max_arl_files": p.max_arl_files,
            "saved": saved,
            "skipped_by_cap": skipped,
            "abnormal_total": abnormal,
        },
        "runs": runs,
        "trust_after": bench.trust.to_value(),
        "eval_after": eval_after.to_value(),
        "grants": crate::scenarios::emergency::state::Grant::store(Some(
            &crate::scenarios::emergency::state::Grant::default_at(start),
        )),
        "hitl_queue": {
            "meta": {
                "version": "5.0.1",
                "generated_at": generated_at,
                "policy_pack_hash": POLICY_PACK_HASH,
            },
            "counts": {
                "total_runs": records.len(),
                "by_state": by_state,
                "by_reason_code_top20": counted(by_reason),
                "queue_size": abnormal,
            },
            "items": items,
        },
    });
    Ok(SessionOutput { results, files })
}

/// The decision paths of v5.0.1.
pub const PATHS: &[PathInfo] = &[
    path(
        "contract-effective",
        "A run completes: the contract takes effect",
        "実行が完了する:契約が発効する",
    ),
    path(
        "coaching-at-acc",
        "Low trust: coaching is authorised, paused at acc_gate (v5.0.1)",
        "低い信頼:コーチングが認可され、acc_gate で一時停止する(v5.0.1)",
    ),
    path(
        "auth-skipped",
        "High trust and a streak: AUTH_SKIPPED, no human asked",
        "高い信頼と連続:AUTH_SKIPPED、人間に尋ねない",
    ),
    path("hitl:auth:approve", "The USER authorises", "USER が認可する"),
    path("hitl:auth:reject", "The USER refuses", "USER が拒否する"),
    path("hitl:finalize:approve", "The ADMIN finalises", "ADMIN が最終確定する"),
    path("hitl:finalize:stop", "The ADMIN stops", "ADMIN が止める"),
    path(
        "fabrication-sealed",
        "Fabricated evidence: a sealed stop at ethics",
        "捏造された証拠:倫理で封印された停止",
    ),
    path(
        "lint-sealed",
        "The draft fails the lint: a sealed stop",
        "文書が検査に落ちる:封印された停止",
    ),
    path(
        "override-refused",
        "Continue after a sealed stop: NON_OVERRIDABLE_SAFETY, the stop stands",
        "封印された停止のあとに続ける:NON_OVERRIDABLE_SAFETY、停止は変わらない",
    ),
    TAMPER_PATH,
];

/// One sentence in English and Japanese for each code of the family, by name.
pub fn explain(name: &str) -> Option<(&'static str, &'static str)> {
    if let Some(l) = Layer::parse(name) {
        return Some(crate::scenarios::emergency::explain::explain_layer(l));
    }
    Reason::parse(name).map(|r| match r {
        Reason::AuthRequired => ("v5.0.1 asks for authorisation before it consults the trust gate (not in the codebook).", "v5.0.1 は信頼ゲートを確かめる前に認可を求める(コードブックにはない)。"),
        Reason::AuthSkipped => ("Authorisation was automatic by trust and grant: no human was asked (not in the codebook).", "信頼と許可による自動の認可で、人間には尋ねなかった(コードブックにはない)。"),
        Reason::SafetyLegalBindingClaim => ("The draft claims legal force (found with the earlier, laxer negation rule): a sealed stop.", "文書が法的拘束力を主張している(以前の緩い否定の規則で検出):封印された停止。"),
        other => crate::scenarios::emergency::Reason::parse(other.as_str())
            .map_or(("A reason code of v5.0.1.", "v5.0.1 の理由コード。"), crate::scenarios::emergency::explain::explain),
    })
}

/// The scenario's id, written once: the registry, links and logs read it from here.
pub const ID: &str = "emergency-v5.0.1";

/// Emergency contract v5.0.1.
pub const SCENARIO: crate::scenario::ScenarioInfo = crate::scenario::ScenarioInfo {
    id: ID,
    family: ID,
    theme: crate::scenario::Theme::Emergency,
    teaches: (
        "The earlier v5 line: authorisation is asked first, and every run ends with its evaluation.",
        "以前の v5 系:認可を先に尋ね、すべての実行は評価で終わる。",
    ),
    story: crate::scenario::Story {
        who: (
            "An earlier v5 emergency-contract session: runs share a trust store, and each run is scored and rewarded.",
            "v5 の初期の緊急契約セッション:実行は信頼ストアを共有し、各実行は採点され報酬が与えられる。",
        ),
        risk: (
            "This version's draft lint excuses a claim whenever a negation appears shortly before it, so a risky draft can pass (the reference's bug, kept as this version's behaviour).",
            "この版の草案チェックは、主張の少し前に否定語があれば見逃すため、危険な草案が通ることがある(参照実装のバグを、この版の動作として残している)。",
        ),
        decide: (
            "You authorise and finalise each manual run.",
            "あなたは手動の各実行を認可し、確定する。",
        ),
    },
    title: "Emergency contract v5.0.1 (the earlier v5 line: a session of runs, authorisation asked first)",
    title_ja: "緊急契約 v5.0.1(以前の v5 系:実行のセッション、認可を先に尋ねる)",
    reference: "mediation_emergency_contract_sim_v5_0_1.py",
    version: "5.0.1",
    layers: crate::scenarios::emergency::Layer::NAMES,
    reasons: Reason::NAMES,
    extra_fields: &[
        "trust_score",
        "compliance_score",
        "before",
        "after",
        "sessions",
        "why",
        "scenario",
        "location_id",
        "policy_pack_hash",
        "auth_request_id",
        "auth_id",
        "need",
        "approval_streak",
        "grant_id",
        "mode",
        "cooldown_until",
        "draft_id",
        "pattern",
        "missing",
        "contract_id",
        "outcome",
        "trust_before",
        "trust_after",
        "delta_requested",
        "delta_applied",
        "cap_remaining",
        "runtime_ms",
        "multiplier_snapshot",
        "base_score",
        "final_score",
        "clean_completion",
        "fraud_hits",
        "fabricate_evidence",
        "reward_value",
    ],
    paths: PATHS,
    decisions: crate::scenario::SHARED_DECISIONS,
    deciders: crate::scenario::ALL_DECIDERS,
    knobs: KNOBS,
    open: crate::stepwise::StepRun::<EmergencyV501>::open_boxed,
    batch: None,
    explain,
};
