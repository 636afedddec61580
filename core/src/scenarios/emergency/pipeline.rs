//! The v5.1.2 gates in emission order, cut at every HITL point.
//!
//! [`Pipeline::start`] runs from the meaning gate to the first HITL point (or the end);
//! [`Pipeline::resume`] applies a human's [`Choice`] at that point and runs to the next one.
//! Every row is checked by the emit-time invariants before it is written, so they hold by
//! construction; rows are pushed to the caller's buffer, or only checked and counted when the
//! caller reads no rows (a batch's run that nobody reads: see [`Pipeline::out`]).

use alloc::string::String;
use alloc::vec::Vec;
use serde_json::Value;

use super::inputs::{AuthRequest, EvidenceCheck, check_evidence, draft_text, evidence_bundle};
use super::knobs::{AuthMutation, Choice, DraftMutation, EvidenceMutation};
use super::lint::{DraftLint, LintVerdict};
use super::state::{
    AUTO_AUTH_STREAK, AUTO_AUTH_TRUST, COACHING_BELOW, COACHING_GAIN, MAX_COACHING_SESSIONS,
    POSITIVE_CAP, TrustChange, World, update_trust,
};
use super::{Emergency, LOCATION_ID, Layer, POLICY_PACK_HASH, Reason, SCENARIO_ID};
use crate::arl::{Row, RowError, RowExtras, RowSpec, RunId, Seal};
use crate::clock::{SimDuration, SimTime};
use crate::json::{Object, float, py_round};
use crate::rng::SimRng;
use crate::vocab::{Decision, FinalDecider};
use alloc::rc::Rc;

/// The simulated duration of one run: the reference's pace on these machines (about 2,850
/// runs a second), so a 100,000-run batch stays inside one 300 s cooldown as it does there.
pub const SIM_RUN: SimDuration = SimDuration::from_micros(350);

/// The reference v4.4 stress weights: evidence, request, draft.
pub const STRESS_EVIDENCE: [f64; 4] = [0.82, 0.05, 0.05, 0.08];
/// Request mutation weights.
pub const STRESS_AUTH: [f64; 3] = [0.918, 0.041, 0.041];
/// Draft mutation weights (out of scope, legal binding, discriminatory wording).
pub const STRESS_DRAFT: [f64; 4] = [0.927, 0.024, 0.025, 0.024];

/// A run's state, as the reference names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RunState {
    /// Not yet authorised.
    Init,
    /// Waiting for the USER's authorisation (or for a complete request).
    PauseForHitlAuth,
    /// Authorised.
    AuthVerified,
    /// A draft exists.
    DraftReady,
    /// Waiting for the ADMIN's finalisation.
    PauseForHitlFinalize,
    /// The simulated contract is effective.
    ContractEffective,
    /// Stopped.
    Stopped,
    /// Waiting for a human to supply evidence (the reference's missing-evidence branch is a
    /// bug; this port pauses, as the KAGE orchestrator does).
    PauseForHitlEvidence,
}

impl RunState {
    /// The reference's name.
    pub const fn as_str(self) -> &'static str {
        match self {
            RunState::Init => "INIT",
            RunState::PauseForHitlAuth => "PAUSE_FOR_HITL_AUTH",
            RunState::AuthVerified => "AUTH_VERIFIED",
            RunState::DraftReady => "DRAFT_READY",
            RunState::PauseForHitlFinalize => "PAUSE_FOR_HITL_FINALIZE",
            RunState::ContractEffective => "CONTRACT_EFFECTIVE",
            RunState::Stopped => "STOPPED",
            RunState::PauseForHitlEvidence => "PAUSE_FOR_HITL_EVIDENCE",
        }
    }

    /// Whether a run that ended in this state is abnormal (with `sealed`).
    pub const fn abnormal(self, sealed: bool) -> bool {
        sealed
            || matches!(
                self,
                RunState::Stopped
                    | RunState::PauseForHitlAuth
                    | RunState::PauseForHitlFinalize
                    | RunState::PauseForHitlEvidence
            )
    }
}

/// Whether `reason` makes a completion unclean (a fraud reason): evidence fabrication or
/// schema errors, invalid events, expired requests, and unsafe draft wording.
pub const fn is_fraud(reason: Reason) -> bool {
    matches!(
        reason,
        Reason::EvidenceFabrication
            | Reason::EvidenceSchemaInvalid
            | Reason::InvalidEvent
            | Reason::AuthExpired
            | Reason::SafetyLegalBindingClaim
            | Reason::SafetyDiscriminationTerm
    )
}

/// The emergency family's per-layer extras, typed; written in the reference's key order.
#[expect(missing_docs, reason = "each variant's doc names its fields and their keys")]
#[derive(Clone, Debug, PartialEq)]
pub enum Extra {
    /// No extras.
    None,
    /// `hitl_coaching_auth` pause: `{trust_score, compliance_score}`.
    CoachingAsked { trust_score: f64, compliance_score: f64 },
    /// `coaching_event` skipped: `{why: "max_sessions_reached"}`.
    CoachingSkipped,
    /// `coaching_event` passed: `{before, after, sessions}`.
    CoachingPassed { before: f64, after: f64, sessions: u32 },
    /// Evidence schema error: `{error}`.
    Error(String),
    /// `{scenario, location_id}`.
    Place,
    /// Evidence ok: `{scenario, location_id, policy_pack_hash}`.
    EvidenceOk,
    /// Blacklist pause: `{kind: "auth_request", missing_keys}`.
    MissingKeys(Vec<&'static str>),
    /// Cooldown pause: `{trust_score, cooldown_until}`.
    Cooldown { trust_score: f64, until: Option<SimTime> },
    /// No grant: `{scenario, location_id, trust_score}`.
    NoGrant { trust_score: f64 },
    /// Trust-gate decision: `{trust_score, need, approval_streak, grant_id}`.
    TrustGate { trust_score: f64, streak: u32, grant_id: Rc<str> },
    /// ACC authorisation pause: `{auth_request_id, auth_id}`.
    AuthRequest { auth_id: Option<&'static str> },
    /// Automatic authorisation: `{mode: "auto", grant_id}`.
    AutoAuth { grant_id: Rc<str> },
    /// A trust update.
    Trust(TrustChange),
    /// `{draft_id}`.
    Draft,
    /// Lint pause: `{pattern}`.
    Pattern(&'static str),
    /// Lint pause: `{missing}`.
    Missing(Vec<&'static str>),
    /// `{contract_id, draft_id}`.
    Contract,
    /// `eval_score` row.
    Eval(EvalExtras),
    /// `hitl_reward` row: `{multiplier_snapshot, reward_value, clean_completion}`.
    Reward { multiplier: f64, value: f64, clean: bool },
}

/// The numbers of an `eval_score` row.
#[derive(Clone, Debug, PartialEq)]
pub struct EvalExtras {
    /// Simulated runtime.
    pub runtime_ms: f64,
    /// The multiplier taken at run start.
    pub multiplier: f64,
    /// Base score.
    pub base: f64,
    /// Final score.
    pub final_score: f64,
    /// Clean completion.
    pub clean: bool,
    /// Fraud reasons found.
    pub fraud_hits: Vec<Reason>,
    /// Whether the run's evidence was fabricated.
    pub fabricated: bool,
}

#[cfg(feature = "batch")]
impl Extra {
    /// The first number of the extras that JSON cannot hold (NaN or an infinity), by name.
    pub fn non_finite(&self) -> Option<&'static str> {
        let numbers: &[(&'static str, f64)] = match self {
            Extra::CoachingAsked { trust_score, compliance_score } => {
                &[("trust_score", *trust_score), ("compliance_score", *compliance_score)]
            }
            Extra::CoachingPassed { before, after, .. } => {
                &[("before", *before), ("after", *after)]
            }
            Extra::Cooldown { trust_score, .. }
            | Extra::NoGrant { trust_score }
            | Extra::TrustGate { trust_score, .. } => &[("trust_score", *trust_score)],
            Extra::Trust(t) => &[
                ("trust_before", t.before),
                ("trust_after", t.after),
                ("delta_requested", t.requested),
                ("delta_applied", t.applied),
                ("cap_remaining", t.cap_remaining),
            ],
            Extra::Eval(e) => &[
                ("runtime_ms", e.runtime_ms),
                ("multiplier_snapshot", e.multiplier),
                ("base_score", e.base),
                ("final_score", e.final_score),
            ],
            Extra::Reward { multiplier, value, .. } => {
                &[("multiplier_snapshot", *multiplier), ("reward_value", *value)]
            }
            _ => &[],
        };
        numbers.iter().find(|(_, x)| !x.is_finite()).map(|(name, _)| *name)
    }
}

impl RowExtras for Extra {
    fn write(&self, run_id: &str, o: &mut Object) {
        let s = |v: &str| Value::from(v);
        match self {
            Extra::None => {}
            Extra::CoachingAsked { trust_score, compliance_score } => {
                o.insert("trust_score", float(*trust_score));
                o.insert("compliance_score", float(*compliance_score));
            }
            Extra::CoachingSkipped => o.insert("why", s("max_sessions_reached")),
            Extra::CoachingPassed { before, after, sessions } => {
                o.insert("before", float(*before));
                o.insert("after", float(*after));
                o.insert("sessions", Value::from(*sessions));
            }
            Extra::Error(e) => o.insert("error", s(e)),
            Extra::Place => {
                o.insert("scenario", s(SCENARIO_ID));
                o.insert("location_id", s(LOCATION_ID));
            }
            Extra::EvidenceOk => {
                o.insert("scenario", s(SCENARIO_ID));
                o.insert("location_id", s(LOCATION_ID));
                o.insert("policy_pack_hash", s(POLICY_PACK_HASH));
            }
            Extra::MissingKeys(keys) => {
                o.insert("kind", s("auth_request"));
                o.insert("missing_keys", keys.iter().map(|k| s(k)).collect());
            }
            Extra::Cooldown { trust_score, until } => {
                o.insert("trust_score", float(*trust_score));
                o.insert("cooldown_until", until.map_or(Value::Null, |t| s(&t.iso_jst())));
            }
            Extra::NoGrant { trust_score } => {
                o.insert("scenario", s(SCENARIO_ID));
                o.insert("location_id", s(LOCATION_ID));
                o.insert("trust_score", float(*trust_score));
            }
            Extra::TrustGate { trust_score, streak, grant_id } => {
                o.insert("trust_score", float(*trust_score));
                o.insert("need", float(AUTO_AUTH_TRUST));
                o.insert("approval_streak", Value::from(*streak));
                o.insert("grant_id", s(grant_id));
            }
            Extra::AuthRequest { auth_id } => {
                o.insert("auth_request_id", Value::from(alloc::format!("AUTHREQ#{run_id}")));
                o.insert("auth_id", auth_id.map_or(Value::Null, s));
            }
            Extra::AutoAuth { grant_id } => {
                o.insert("mode", s("auto"));
                o.insert("grant_id", s(grant_id));
            }
            Extra::Trust(change) => change.write(o),
            Extra::Draft => o.insert("draft_id", Value::from(alloc::format!("DRAFT#{run_id}"))),
            Extra::Pattern(p) => o.insert("pattern", s(p)),
            Extra::Missing(m) => o.insert("missing", m.iter().map(|k| s(k)).collect()),
            Extra::Contract => {
                o.insert("contract_id", Value::from(alloc::format!("CONTRACT#{run_id}")));
                o.insert("draft_id", Value::from(alloc::format!("DRAFT#{run_id}")));
            }
            Extra::Eval(e) => {
                o.insert("runtime_ms", float(py_round(e.runtime_ms, 6)));
                o.insert("multiplier_snapshot", float(py_round(e.multiplier, 3)));
                o.insert("base_score", float(py_round(e.base, 6)));
                o.insert("final_score", float(py_round(e.final_score, 6)));
                o.insert("clean_completion", Value::Bool(e.clean));
                o.insert(
                    "fraud_hits",
                    e.fraud_hits.iter().map(|r| s(crate::vocab::Code::as_str(*r))).collect(),
                );
                o.insert("fabricate_evidence", Value::Bool(e.fabricated));
            }
            Extra::Reward { multiplier, value, clean } => {
                o.insert("multiplier_snapshot", float(py_round(*multiplier, 3)));
                o.insert("reward_value", float(py_round(*value, 6)));
                o.insert("clean_completion", Value::Bool(*clean));
            }
        }
    }
}

/// A row of the contract, as the pipeline emits it.
pub type Emitted = Row<Emergency>;

/// Whether `row` is persisted when the run is abnormal, even outside an incident window (the
/// score and reward rows).
pub fn force_full(row: &Emitted) -> bool {
    matches!(row.layer(), Layer::EvalScore | Layer::HitlReward)
}

/// A point where a human must decide.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HitlPoint {
    /// ADMIN: coaching session.
    Coaching,
    /// USER: authorisation.
    Auth,
    /// ADMIN: finalisation.
    Finalize,
}

impl HitlPoint {
    /// Who must decide.
    pub const fn decider(self) -> FinalDecider {
        match self {
            HitlPoint::Auth => FinalDecider::User,
            HitlPoint::Coaching | HitlPoint::Finalize => FinalDecider::Admin,
        }
    }

    /// The choices that answer this point, in display order.
    pub const fn options(self) -> &'static [Choice] {
        match self {
            HitlPoint::Coaching => &[Choice::CoachingApprove, Choice::CoachingDeny],
            HitlPoint::Auth => &[Choice::AuthApprove, Choice::AuthRevise, Choice::AuthReject],
            HitlPoint::Finalize => {
                &[Choice::FinalizeApprove, Choice::FinalizeRevise, Choice::FinalizeStop]
            }
        }
    }

    /// The choice the reference bench always makes here ("approve everything").
    pub const fn approve(self) -> Choice {
        match self {
            HitlPoint::Coaching => Choice::CoachingApprove,
            HitlPoint::Auth => Choice::AuthApprove,
            HitlPoint::Finalize => Choice::FinalizeApprove,
        }
    }

    /// Its short name.
    pub const fn as_str(self) -> &'static str {
        match self {
            HitlPoint::Coaching => "coaching",
            HitlPoint::Auth => "auth",
            HitlPoint::Finalize => "finalize",
        }
    }
}

/// Where a segment of the pipeline stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// At a HITL point: a human must choose.
    Hitl(HitlPoint),
    /// The run is over.
    End,
}

/// Per-run facts and progress.
#[derive(Clone, Debug)]
pub struct RunCtx {
    /// `SIM#B00001`, ...
    pub run_id: RunId,
    /// The run's (simulated) start time; every row carries it.
    pub now: SimTime,
    /// Evidence fabricated by the fabrication knob.
    pub fabricate: bool,
    /// Evidence mutation (drawn at the gate when `stress`).
    pub evidence: EvidenceMutation,
    /// Request mutation (drawn when reached when `stress`).
    pub auth: AuthMutation,
    /// Draft mutation (drawn when reached when `stress`).
    pub draft: DraftMutation,
    /// Draw mutations with the v4.4 weights.
    pub stress: bool,
    /// The state.
    pub state: RunState,
    /// Whether a sealed stop happened.
    pub sealed: bool,
    /// The positive trust budget left.
    pub cap: f64,
    /// The eval multiplier at run start.
    pub multiplier: f64,
    /// Whether a fraud reason was emitted.
    pub fraud: Vec<Reason>,
    /// A row the invariants refused (a defect: the run fails closed).
    pub defect: Option<RowError>,
    request: Option<AuthRequest>,
}

impl RunCtx {
    /// A run that has not started.
    pub fn new(run_id: RunId, now: SimTime, multiplier: f64) -> Self {
        RunCtx {
            run_id,
            now,
            fabricate: false,
            evidence: EvidenceMutation::Ok,
            auth: AuthMutation::Ok,
            draft: DraftMutation::Ok,
            stress: false,
            state: RunState::Init,
            sealed: false,
            cap: POSITIVE_CAP,
            multiplier,
            fraud: Vec::new(),
            defect: None,
            request: None,
        }
    }

    /// Whether the evidence of this run is fabricated (by the knob or the mutation).
    pub fn fabricated(&self) -> bool {
        self.fabricate || self.evidence == EvidenceMutation::Fabricated
    }
}

/// Results computed once and reused: the lint and evidence verdicts depend only on the
/// mutation (ids and timestamps in the inputs are drawn from characters that can neither
/// match nor negate a lint pattern, and every timestamp is ISO), so a batch computes each
/// verdict with the real check the first time and remembers it.
#[derive(Clone, Debug, Default)]
pub struct Checks {
    lint_memo: Vec<(DraftMutation, LintVerdict)>,
    evidence_memo: Vec<((EvidenceMutation, bool), EvidenceCheck)>,
}

impl Checks {
    /// Nothing learnt yet.
    pub fn new() -> Self {
        Checks { lint_memo: Vec::new(), evidence_memo: Vec::new() }
    }

    /// Another set starting from what was learnt so far.
    pub fn share(&self) -> Self {
        self.clone()
    }

    fn lint(&mut self, run_id: &RunId, now: SimTime, mutation: DraftMutation) -> LintVerdict {
        if let Some((_, v)) = self.lint_memo.iter().find(|(m, _)| *m == mutation) {
            return v.clone();
        }
        let verdict = DraftLint::new().check(&draft_text(run_id.as_str(), now, mutation));
        self.lint_memo.push((mutation, verdict.clone()));
        verdict
    }

    fn evidence(
        &mut self,
        mutation: EvidenceMutation,
        fabricated: bool,
        now: SimTime,
    ) -> EvidenceCheck {
        let key = (mutation, fabricated);
        if let Some((_, v)) = self.evidence_memo.iter().find(|(k, _)| *k == key) {
            return v.clone();
        }
        let verdict = check_evidence(evidence_bundle(mutation, fabricated, now).as_ref());
        self.evidence_memo.push((key, verdict.clone()));
        verdict
    }
}

/// One segment of a run: borrows everything it reads and changes.
pub struct Pipeline<'a> {
    /// Trust, eval, grants, clock.
    pub world: &'a mut World,
    /// The run's generator (stress draws).
    pub rng: &'a mut SimRng,
    /// Lint and evidence checks.
    pub checks: &'a mut Checks,
    /// The run.
    pub run: &'a mut RunCtx,
    /// Where rows go; `None` when nobody reads this run's rows: every row is still checked
    /// (a refused row still ends the run, fail closed) and counted towards the run's fraud
    /// reasons, but none is built. The run's outcome is the same either way, so a batch can
    /// run it again with a buffer when its outcome asks for its rows.
    pub out: Option<&'a mut Vec<Emitted>>,
}

const EVIDENCE_DRAW: [EvidenceMutation; 4] = [
    EvidenceMutation::Ok,
    EvidenceMutation::Missing,
    EvidenceMutation::SchemaInvalid,
    EvidenceMutation::Fabricated,
];
const AUTH_DRAW: [AuthMutation; 3] =
    [AuthMutation::Ok, AuthMutation::CritMissing, AuthMutation::Expired];
const DRAFT_DRAW: [DraftMutation; 4] = [
    DraftMutation::Ok,
    DraftMutation::OutOfScope,
    DraftMutation::LegalBinding,
    DraftMutation::DiscriminatoryWording,
];

impl Pipeline<'_> {
    /// A stress draw: the pipeline's only use of the generator, and only when `stress` is on
    /// (a batch runs a stress run once, with rows, and reruns only runs that draw nothing).
    fn draw<T: Copy>(&mut self, weights: &[f64], values: &[T], fallback: T) -> T {
        self.rng
            .choose_weighted(weights)
            .ok()
            .and_then(|i| values.get(i).copied())
            .unwrap_or(fallback)
    }

    fn emit(
        &mut self,
        layer: Layer,
        decision: Decision,
        seal: Seal,
        decider: FinalDecider,
        reason: Reason,
        extras: Extra,
    ) {
        // After a refused row nothing more is written.
        if self.run.defect.is_some() {
            return;
        }
        if is_fraud(reason) && !self.run.fraud.contains(&reason) {
            self.run.fraud.push(reason);
        }
        // The batch (the command line's and the worker's) also refuses a number JSON cannot
        // hold; the page's bundle has no room for the check, and its runs' numbers come from
        // knobs validated finite.
        #[cfg(feature = "batch")]
        let checked = match extras.non_finite() {
            Some(field) => Err(crate::arl::RowError::NonFinite { field }),
            None => Row::<Emergency>::check(layer, decision, seal),
        };
        #[cfg(not(feature = "batch"))]
        let checked = Row::<Emergency>::check(layer, decision, seal);
        if let Err(e) = checked {
            // Fail closed: a row the audit writer refuses stops the run.
            self.run.defect.get_or_insert(e);
            self.run.state = RunState::Stopped;
            return;
        }
        if let Some(out) = self.out.as_deref_mut() {
            out.push(Row::from_checked(RowSpec {
                ts: self.run.now,
                run_id: self.run.run_id.clone(),
                layer,
                decision,
                seal,
                decider,
                reason,
                extras,
            }));
        }
    }

    fn run_ok(&mut self, layer: Layer, reason: Reason, extras: Extra) {
        self.emit(layer, Decision::Run, Seal::Fixed, FinalDecider::System, reason, extras);
    }

    fn pause(&mut self, layer: Layer, reason: Reason, extras: Extra) {
        self.emit(
            layer,
            Decision::PauseForHitl,
            Seal::Overrideable,
            FinalDecider::System,
            reason,
            extras,
        );
    }

    fn seal(&mut self, layer: Layer, reason: Reason, extras: Extra) {
        self.emit(layer, Decision::Stopped, Seal::Sealed, FinalDecider::System, reason, extras);
        self.run.sealed = true;
        self.run.state = RunState::Stopped;
    }

    fn trust(&mut self, outcome: &'static str, delta: f64) {
        let change =
            update_trust(&mut self.world.trust, &mut self.run.cap, outcome, delta, self.run.now);
        self.run_ok(Layer::TrustUpdate, Reason::TrustUpdate, Extra::Trust(change));
    }

    /// Runs from the meaning gate to the first HITL point or the end.
    pub fn start(&mut self) -> Next {
        let next = self.start_gates();
        self.fail_closed(next)
    }

    /// Applies `choice` at `point` and runs to the next HITL point or the end.
    pub fn resume(&mut self, point: HitlPoint, choice: Choice) -> Next {
        let next = self.resume_gates(point, choice);
        self.fail_closed(next)
    }

    /// A run with a refused row ends there, `STOPPED`, asking no human (fail closed).
    fn fail_closed(&mut self, next: Next) -> Next {
        if self.run.defect.is_some() {
            self.run.state = RunState::Stopped;
            return Next::End;
        }
        next
    }

    fn start_gates(&mut self) -> Next {
        self.run_ok(Layer::MeaningGate, Reason::Ok, Extra::None);
        self.run_ok(Layer::ConsistencyGate, Reason::Ok, Extra::None);
        // A v5 peculiarity kept for byte-compatible rows: this RUN row is overrideable.
        self.emit(
            Layer::RelativityGate,
            Decision::Run,
            Seal::Overrideable,
            FinalDecider::System,
            Reason::Ok,
            Extra::None,
        );
        let trust = &self.world.trust;
        if trust.trust_score < COACHING_BELOW {
            if trust.coaching_sessions >= MAX_COACHING_SESSIONS {
                self.run_ok(Layer::CoachingEvent, Reason::CoachingSkipped, Extra::CoachingSkipped);
            } else {
                let extras = Extra::CoachingAsked {
                    trust_score: trust.trust_score,
                    compliance_score: trust.compliance_score,
                };
                self.pause(Layer::HitlCoachingAuth, Reason::CoachingAuthRequired, extras);
                return Next::Hitl(HitlPoint::Coaching);
            }
        }
        self.evidence_onwards()
    }

    fn resume_gates(&mut self, point: HitlPoint, choice: Choice) -> Next {
        if !point.options().contains(&choice) {
            let error = alloc::format!(
                "event `{}` does not answer the {} request",
                choice.event_type(),
                point.as_str()
            );
            self.seal(Layer::AccGate, Reason::InvalidEvent, Extra::Error(error));
            self.trust("INVALID_EVENT", -0.03);
            return Next::End;
        }
        match choice {
            Choice::CoachingApprove => {
                let t = &mut self.world.trust;
                let before = t.compliance_score;
                t.compliance_score = (t.compliance_score + COACHING_GAIN).clamp(0.0, 1.0);
                t.coaching_sessions = t.coaching_sessions.saturating_add(1);
                let extras = Extra::CoachingPassed {
                    before,
                    after: t.compliance_score,
                    sessions: t.coaching_sessions,
                };
                self.emit(
                    Layer::HitlCoachingAuth,
                    Decision::Run,
                    Seal::Fixed,
                    FinalDecider::Admin,
                    Reason::CoachingApprove,
                    Extra::None,
                );
                self.run_ok(Layer::CoachingEvent, Reason::CoachingCheckPassed, extras);
                self.evidence_onwards()
            }
            Choice::CoachingDeny => {
                self.emit(
                    Layer::HitlCoachingAuth,
                    Decision::Run,
                    Seal::Fixed,
                    FinalDecider::Admin,
                    Reason::CoachingDeny,
                    Extra::None,
                );
                self.evidence_onwards()
            }
            Choice::AuthApprove | Choice::AuthRevise | Choice::AuthReject => self.authorise(choice),
            Choice::FinalizeApprove | Choice::FinalizeRevise | Choice::FinalizeStop => {
                self.finalise(choice)
            }
        }
    }

    fn evidence_onwards(&mut self) -> Next {
        if self.run.stress {
            self.run.evidence = self.draw(&STRESS_EVIDENCE, &EVIDENCE_DRAW, EvidenceMutation::Ok);
        }
        let fabricated = self.run.fabricate;
        match self.checks.evidence(self.run.evidence, fabricated, self.run.now) {
            EvidenceCheck::Missing => {
                self.pause(Layer::EvidenceGate, Reason::EvidenceMissing, Extra::None);
                self.run.state = RunState::PauseForHitlEvidence;
                return Next::End;
            }
            EvidenceCheck::SchemaInvalid(error) => {
                self.pause(Layer::EvidenceGate, Reason::EvidenceSchemaInvalid, Extra::Error(error));
                self.seal(Layer::AccGate, Reason::EvidenceSchemaInvalid, Extra::None);
                self.trust("EVIDENCE_SCHEMA_INVALID", -0.03);
                return Next::End;
            }
            EvidenceCheck::Fabricated => {
                self.pause(Layer::EvidenceGate, Reason::EvidenceFabrication, Extra::Place);
                self.seal(Layer::EthicsGate, Reason::EvidenceFabrication, Extra::None);
                self.trust("EVIDENCE_FABRICATION", -0.03);
                return Next::End;
            }
            EvidenceCheck::Ok => {
                self.run_ok(Layer::EvidenceGate, Reason::EvidenceOk, Extra::EvidenceOk)
            }
        }
        if self.run.stress {
            self.run.auth = self.draw(&STRESS_AUTH, &AUTH_DRAW, AuthMutation::Ok);
        }
        let request = AuthRequest::build(self.run.now, self.run.auth);
        let missing = request.missing_keys();
        let auth_id = request.auth_id;
        self.run.request = Some(request);
        if !missing.is_empty() {
            self.pause(
                Layer::BlacklistGate,
                Reason::CritMissingRequiredKeys,
                Extra::MissingKeys(missing),
            );
            self.run.state = RunState::PauseForHitlAuth;
            return Next::End;
        }
        let now = self.run.now;
        let trust = self.world.trust.clone();
        let grant =
            self.world.grant.as_ref().filter(|g| g.valid_at(now)).map(|g| g.grant_id.clone());
        let reason = if trust.cooling_down(now) {
            self.pause(
                Layer::ModelTrustGate,
                Reason::TrustCooldownActive,
                Extra::Cooldown { trust_score: trust.trust_score, until: trust.cooldown_until },
            );
            Reason::TrustCooldownActive
        } else if let Some(grant_id) = grant {
            let extras = Extra::TrustGate {
                trust_score: trust.trust_score,
                streak: trust.approval_streak,
                grant_id: grant_id.clone(),
            };
            if trust.trust_score >= AUTO_AUTH_TRUST && trust.approval_streak >= AUTO_AUTH_STREAK {
                self.run_ok(Layer::ModelTrustGate, Reason::AutoAuthByTrustAndGrant, extras);
                self.emit(
                    Layer::HitlAuth,
                    Decision::Run,
                    Seal::Fixed,
                    FinalDecider::System,
                    Reason::AutoAuthByTrustAndGrant,
                    Extra::AutoAuth { grant_id },
                );
                self.run.state = RunState::AuthVerified;
                return self.draft_onwards();
            }
            self.pause(Layer::ModelTrustGate, Reason::TrustScoreLow, extras);
            Reason::TrustScoreLow
        } else {
            self.pause(
                Layer::ModelTrustGate,
                Reason::NoValidGrant,
                Extra::NoGrant { trust_score: trust.trust_score },
            );
            Reason::NoValidGrant
        };
        self.pause(Layer::AccGate, reason, Extra::AuthRequest { auth_id });
        self.run.state = RunState::PauseForHitlAuth;
        Next::Hitl(HitlPoint::Auth)
    }

    fn authorise(&mut self, choice: Choice) -> Next {
        let now = self.run.now;
        if self.run.request.as_ref().is_some_and(|r| r.expired_at(now)) {
            self.seal(Layer::AccGate, Reason::AuthExpired, Extra::None);
            self.trust("AUTH_EXPIRED", -0.03);
            return Next::End;
        }
        match choice {
            Choice::AuthReject => {
                self.emit(
                    Layer::HitlAuth,
                    Decision::Stopped,
                    Seal::Fixed,
                    FinalDecider::User,
                    Reason::AuthReject,
                    Extra::None,
                );
                self.run.state = RunState::Stopped;
                Next::End
            }
            Choice::AuthRevise => {
                // v1 marks this pause not overrideable; a pause a human may continue past is
                // overrideable, as the reference notes recommend.
                self.emit(
                    Layer::HitlAuth,
                    Decision::PauseForHitl,
                    Seal::Overrideable,
                    FinalDecider::User,
                    Reason::AuthRevise,
                    Extra::None,
                );
                self.run.state = RunState::PauseForHitlAuth;
                Next::End
            }
            _ => {
                self.emit(
                    Layer::HitlAuth,
                    Decision::Run,
                    Seal::Fixed,
                    FinalDecider::User,
                    Reason::AuthApprove,
                    Extra::None,
                );
                self.trust("AUTH_APPROVE", 0.01);
                self.run.state = RunState::AuthVerified;
                self.draft_onwards()
            }
        }
    }

    fn draft_onwards(&mut self) -> Next {
        self.run_ok(Layer::DocDraft, Reason::DraftGenerated, Extra::Draft);
        self.run.state = RunState::DraftReady;
        if self.run.stress {
            self.run.draft = self.draw(&STRESS_DRAFT, &DRAFT_DRAW, DraftMutation::Ok);
        }
        let verdict = self.checks.lint(&self.run.run_id, self.run.now, self.run.draft);
        let failure = match verdict {
            LintVerdict::Ok => None,
            LintVerdict::LegalBinding { pattern } => {
                Some((Reason::SafetyLegalBindingClaim, Extra::Pattern(pattern), Layer::EthicsGate))
            }
            LintVerdict::Discrimination { pattern } => {
                Some((Reason::SafetyDiscriminationTerm, Extra::Pattern(pattern), Layer::EthicsGate))
            }
            LintVerdict::OutOfScope { missing } => {
                Some((Reason::DraftOutOfScope, Extra::Missing(missing), Layer::AccGate))
            }
        };
        if let Some((reason, extras, stop_layer)) = failure {
            self.pause(Layer::DraftLintGate, reason, extras);
            self.seal(stop_layer, reason, Extra::None);
            self.trust("DRAFT_LINT_FAIL", -0.015);
            return Next::End;
        }
        self.run_ok(Layer::DraftLintGate, Reason::DraftLintOk, Extra::None);
        self.pause(Layer::AccGate, Reason::AdminFinalizeRequired, Extra::Draft);
        self.run.state = RunState::PauseForHitlFinalize;
        Next::Hitl(HitlPoint::Finalize)
    }

    fn finalise(&mut self, choice: Choice) -> Next {
        match choice {
            Choice::FinalizeStop => {
                self.emit(
                    Layer::HitlFinalizeAdmin,
                    Decision::Stopped,
                    Seal::Fixed,
                    FinalDecider::Admin,
                    Reason::FinalizeStop,
                    Extra::Draft,
                );
                self.run.state = RunState::Stopped;
            }
            Choice::FinalizeRevise => {
                self.emit(
                    Layer::HitlFinalizeAdmin,
                    Decision::PauseForHitl,
                    Seal::Overrideable,
                    FinalDecider::Admin,
                    Reason::FinalizeRevise,
                    Extra::Draft,
                );
                self.run.state = RunState::PauseForHitlFinalize;
            }
            _ => {
                self.emit(
                    Layer::HitlFinalizeAdmin,
                    Decision::Run,
                    Seal::Fixed,
                    FinalDecider::Admin,
                    Reason::FinalizeApprove,
                    Extra::Draft,
                );
                self.trust("FINALIZE_APPROVE", 0.02);
                self.run_ok(Layer::ContractEffect, Reason::ContractEffective, Extra::Contract);
                self.run.state = RunState::ContractEffective;
            }
        }
        Next::End
    }

    /// Answers an attempt to continue a sealed run: a sealed `NON_OVERRIDABLE_SAFETY` stop.
    pub fn refuse_sealed(&mut self) {
        self.seal(Layer::AccGate, Reason::NonOverridableSafety, Extra::None);
    }

    /// Scores the ended run and emits its `eval_score` and `hitl_reward` rows (both
    /// `force_full`); a clean completion raises the eval count. Returns the scores.
    pub fn score(&mut self) -> Score {
        let runtime_ms = SIM_RUN.as_millis_f64();
        let effective = self.run.state == RunState::ContractEffective && !self.run.sealed;
        let clean = effective && self.run.fraud.is_empty();
        let speed = (1.0 / runtime_ms.max(0.001)).min(1.0);
        let base = if effective { 100.0 * (0.70 + 0.30 * speed) } else { 0.0 };
        let final_score = base * self.run.multiplier;
        let reward = if clean { final_score } else { 0.0 };
        let fraud_hits = if effective { self.run.fraud.clone() } else { Vec::new() };
        let eval = EvalExtras {
            runtime_ms,
            multiplier: self.run.multiplier,
            base,
            final_score,
            clean,
            fraud_hits: fraud_hits.clone(),
            fabricated: self.run.fabricated(),
        };
        self.emit(
            Layer::EvalScore,
            Decision::Run,
            Seal::Fixed,
            FinalDecider::System,
            Reason::EvalScored,
            Extra::Eval(eval),
        );
        let reason = if clean { Reason::RewardGranted } else { Reason::RewardSkipped };
        let extras = Extra::Reward { multiplier: self.run.multiplier, value: reward, clean };
        self.emit(
            Layer::HitlReward,
            Decision::Run,
            Seal::Fixed,
            FinalDecider::Admin,
            reason,
            extras,
        );
        if clean {
            self.world.eval.clean_completion_count += 1;
        }
        Score { runtime_ms, base, final_score, reward, clean, fraud_hits }
    }
}

/// A run's scores.
#[derive(Clone, Debug, PartialEq)]
pub struct Score {
    /// Simulated runtime.
    pub runtime_ms: f64,
    /// Base score.
    pub base: f64,
    /// Final score.
    pub final_score: f64,
    /// Reward value.
    pub reward: f64,
    /// Clean completion.
    pub clean: bool,
    /// Fraud reasons found.
    pub fraud_hits: Vec<Reason>,
}
