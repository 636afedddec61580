//! The stage-3 loop-budget policy (`loop_policy_stage3.py`): how many times one conflict may
//! bounce back to a human. The policy counts HITL pauses per session and conflict, asks the
//! mediation layer for a plan at the `plan_request_round`-th pause, recommends ending the
//! session at the `hitl_max_rounds`-th, and Maestro then stops the session with a sealed,
//! terminal stop that answers every later event.
//!
//! [`Policy`] is the policy itself, event in, events out, as the reference's functions are;
//! [`LoopBudget`] is the bench around it: a simulated relativity gate keeps pausing on one
//! conflict and the student, as the human, answers each pause.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;
use serde_json::Value;

use crate::arl::{JsonExtras, Row, Seal};
use crate::face::{KnobInfo, KnobKind, PathInfo, RequestError, RunRequest, TAMPER_PATH, path};
use crate::json::Object;
use crate::knob::{KnobSet, knobs};
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
    /// The layers of the loop-budget bench: the policy's three, and the relativity gate whose
    /// pauses it counts.
    pub enum Layer {
        /// The simulated relativity gate that sends the conflict to a human (the counted
        /// pauses come from it).
        RelativityGate = "relativity_gate",
        /// The mediation layer: asks for a plan, proposes one.
        Mediation = "mediation",
        /// The accountability gate: recommends ending the session.
        AccGate = "acc_gate",
        /// Maestro: dispatches, acknowledges, stops and guards the stop.
        Maestro = "maestro",
    }
}

vocabulary! {
    /// The policy's reason codes, and the relativity gate's reason for its pauses.
    pub enum Reason {
        /// The relativity gate cannot settle the conflict: a human must (the counted pause).
        RelBoundaryUnstable = "REL_BOUNDARY_UNSTABLE",
        /// Fail closed: an event paired a kind with the wrong decision.
        SpecInvalidInput = "SPEC_INVALID_INPUT",
        /// Fail closed: an event lacks its session, conflict or event id.
        SpecMissingKeys = "SPEC_MISSING_KEYS",
        /// The plan-request round is reached: the mediation layer is asked for a plan.
        RelPlanRequestedAfter3Hitl = "REL_PLAN_REQUESTED_AFTER_3_HITL",
        /// The budget of pauses is spent: ending the session is recommended.
        AccLoopBudgetExceeded = "ACC_LOOP_BUDGET_EXCEEDED",
        /// Maestro sent the plan request on.
        MaestroPlanRequestDispatched = "MAESTRO_PLAN_REQUEST_DISPATCHED",
        /// The mediation layer proposed a plan.
        MediationPlanProposed = "MEDIATION_PLAN_PROPOSED",
        /// Maestro received the plan.
        MaestroPlanReceived = "MAESTRO_PLAN_RECEIVED",
        /// Maestro ends the session: a sealed stop.
        AccEndSessionAfter4Hitl = "ACC_END_SESSION_AFTER_4_HITL",
        /// The session is stopped: every later event is answered with a stop.
        AccStoppedIsTerminal = "ACC_STOPPED_IS_TERMINAL",
    }
}

vocabulary! {
    /// The kinds of the policy's events (none equals a decision value).
    pub enum Kind {
        /// A HITL pause: the only kind that counts.
        HitlPause = "K_HITL_PAUSE",
        /// The plan request.
        PlanRequested = "K_PLAN_REQUESTED",
        /// Maestro's dispatch of the plan request.
        PlanReqDispatch = "K_PLAN_REQ_DISPATCH",
        /// The mediation layer's plan.
        PlanProposed = "K_PLAN_PROPOSED",
        /// Maestro's acknowledgement of the plan (and the kind of fail-closed answers).
        PlanReceived = "K_PLAN_RECEIVED",
        /// The end-session recommendation.
        EndRecommended = "K_END_RECOMMENDED",
        /// The stop.
        Stopped = "K_STOPPED",
    }
}

/// The loop-budget family: only Maestro seals (its stop and its terminal guard).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoopBudgetFamily;

impl Family for LoopBudgetFamily {
    const ID: &'static str = ID;
    type Layer = Layer;
    type Reason = Reason;
    type Extras = JsonExtras;
    fn may_seal(layer: Layer) -> bool {
        layer == Layer::Maestro
    }
    fn is_relativity(layer: Layer) -> bool {
        layer == Layer::RelativityGate
    }
}

/// The policy's frozen specification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spec {
    /// Pauses per conflict before ending the session is recommended (≥ 1).
    pub hitl_max_rounds: u32,
    /// The pause at which a plan is requested (1 ≤ it < `hitl_max_rounds`).
    pub plan_request_round: u32,
}

/// A specification that breaks a rule (`SPEC_INVALID`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecInvalid(pub crate::say::Said);

impl Spec {
    /// The reference's frozen values: 4 rounds, a plan at the 3rd.
    pub const DEFAULT: Spec = Spec { hitl_max_rounds: 4, plan_request_round: 3 };

    /// A checked specification.
    pub fn new(hitl_max_rounds: u32, plan_request_round: u32) -> Result<Spec, SpecInvalid> {
        if hitl_max_rounds < 1 {
            return Err(SpecInvalid(crate::say::Said::new(
                "SPEC_INVALID: hitl_max_rounds must be at least 1",
                "SPEC_INVALID: hitl_max_rounds は 1 以上でなければなりません",
            )));
        }
        if plan_request_round < 1 || plan_request_round >= hitl_max_rounds {
            return Err(SpecInvalid(crate::say::Said::new(
                format!(
                    "SPEC_INVALID: plan_request_round must be at least 1 and below hitl_max_rounds \
                     ({hitl_max_rounds}), not {plan_request_round}"
                ),
                format!(
                    "SPEC_INVALID: plan_request_round は 1 以上で hitl_max_rounds({hitl_max_rounds})未満でなければなりません({plan_request_round} ではなく)"
                ),
            )));
        }
        Ok(Spec { hitl_max_rounds, plan_request_round })
    }
}

/// Why a conflict's counter may be reset (the reference's listed reasons).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResetReason {
    /// The conflict changed.
    ConflictFingerprintChange,
    /// The user supplied what the blocking fields needed.
    UserProvidesRequiredInfo,
}

impl ResetReason {
    /// The reference's name of the reason.
    pub const fn as_str(self) -> &'static str {
        match self {
            ResetReason::ConflictFingerprintChange => "conflict_fingerprint_change",
            ResetReason::UserProvidesRequiredInfo => {
                "user_provides_required_info_for_blocking_fields"
            }
        }
    }
}

/// One event, in or out of the policy (the timestamp and run id are the row's).
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// The event id (emitted events add a suffix to the id of the event they answer).
    pub event_id: String,
    /// The session.
    pub session_id: String,
    /// The conflict.
    pub conflict_fingerprint: String,
    /// The layer that emitted it.
    pub layer: Layer,
    /// The decision.
    pub decision: Decision,
    /// The kind.
    pub kind: Kind,
    /// The reason code.
    pub reason: Reason,
    /// Sealed (Maestro's stops) or overrideable (every other event).
    pub seal: Seal,
    /// The payload.
    pub payload: Object,
}

/// What an answering event is: its layer, decision, kind, reason and seal.
#[derive(Clone, Copy, Debug)]
struct Head {
    layer: Layer,
    decision: Decision,
    kind: Kind,
    reason: Reason,
    seal: Seal,
}

impl Event {
    fn has_keys(&self) -> bool {
        !self.session_id.is_empty()
            && !self.conflict_fingerprint.is_empty()
            && !self.event_id.is_empty()
    }

    fn paired(&self) -> bool {
        match self.kind {
            Kind::EndRecommended => self.decision == Decision::EndSessionRecommended,
            Kind::Stopped => self.decision == Decision::Stopped,
            _ => self.decision == Decision::PauseForHitl,
        }
    }

    fn key(&self) -> String {
        format!("{}|{}", self.session_id, self.conflict_fingerprint)
    }

    /// An event answering this one: the same session and conflict, id `<id>::<suffix>`.
    fn answer(&self, suffix: &str, head: Head, payload: Object) -> Event {
        let Head { layer, decision, kind, reason, seal } = head;
        Event {
            event_id: format!("{}::{suffix}", self.event_id),
            session_id: self.session_id.clone(),
            conflict_fingerprint: self.conflict_fingerprint.clone(),
            layer,
            decision,
            kind,
            reason,
            seal,
            payload,
        }
    }
}

/// The fail-closed standard response to `original` (missing keys or a bad pairing): a
/// non-counting, unsealed, overrideable pause at `layer`.
pub fn fail_closed(original: Option<&Event>, layer: Layer, reason: Reason) -> Event {
    let mut payload = Object::new();
    payload.insert("note", Value::from("fail-closed"));
    let base = match original {
        Some(e) => {
            payload.insert("original_kind", Value::from(e.kind.as_str()));
            payload.insert("original_decision", Value::from(e.decision.as_str()));
            payload.insert("original_reason_code", Value::from(e.reason.as_str()));
            e.clone()
        }
        None => {
            payload.insert("original", Value::Null);
            Event {
                event_id: String::new(),
                session_id: String::new(),
                conflict_fingerprint: String::new(),
                layer,
                decision: Decision::PauseForHitl,
                kind: Kind::PlanReceived,
                reason,
                seal: Seal::Overrideable,
                payload: Object::new(),
            }
        }
    };
    let event_id = if original.is_some() {
        format!("{}::fail_closed", base.event_id)
    } else {
        "fail_closed".to_string()
    };
    Event {
        event_id,
        layer,
        decision: Decision::PauseForHitl,
        kind: Kind::PlanReceived,
        reason,
        seal: Seal::Overrideable,
        payload,
        ..base
    }
}

/// A set of keys (a run holds a handful, so a list is enough and keeps the bundle small).
#[derive(Clone, Debug, Default)]
struct Keys(Vec<String>);

impl Keys {
    /// Adds `key`; `false` when it was already there.
    fn insert(&mut self, key: &str) -> bool {
        if self.contains(key) {
            return false;
        }
        self.0.push(key.to_string());
        true
    }

    fn contains(&self, key: &str) -> bool {
        self.0.iter().any(|k| k == key)
    }

    fn remove(&mut self, key: &str) {
        self.0.retain(|k| k != key);
    }

    /// Drops every key of `session` (keys of the form `session|...`).
    fn drop_session(&mut self, session: &str) {
        self.0.retain(|k| k.split_once('|').is_none_or(|(s, _)| s != session));
    }
}

/// The policy's state: counters, one-shot flags and stopped sessions. Keys are
/// `session|conflict` (counters and flags), `session|conflict|event` (de-duplication) or the
/// session alone (stops).
#[derive(Clone, Debug, Default)]
pub struct Policy {
    spec: Option<Spec>,
    seen: Keys,
    counts: Vec<(String, u32)>,
    plan_requested: Keys,
    end_recommended: Keys,
    dispatched: Keys,
    proposed: Keys,
    received: Keys,
    stop_emitted: Keys,
    stopped: Keys,
}

/// The checks every Maestro-side step makes: keys, then pairing.
fn validate(ev: &Event, layer: Layer) -> Result<(), Event> {
    if !ev.has_keys() {
        return Err(fail_closed(Some(ev), layer, Reason::SpecMissingKeys));
    }
    if !ev.paired() {
        return Err(fail_closed(Some(ev), layer, Reason::SpecInvalidInput));
    }
    Ok(())
}

impl Policy {
    /// A policy with `spec`.
    pub fn new(spec: Spec) -> Policy {
        Policy { spec: Some(spec), ..Policy::default() }
    }

    fn spec(&self) -> Spec {
        self.spec.unwrap_or(Spec::DEFAULT)
    }

    /// The count of conflict `fingerprint` in `session`.
    pub fn count_of(&self, session: &str, fingerprint: &str) -> u32 {
        self.count_at(&format!("{session}|{fingerprint}"))
    }

    fn count_at(&self, key: &str) -> u32 {
        self.counts.iter().find(|(k, _)| k == key).map_or(0, |(_, n)| *n)
    }

    /// Whether `session` is stopped.
    pub fn is_stopped(&self, session: &str) -> bool {
        self.stopped.contains(session)
    }

    /// The HITL counter: counts a new `K_HITL_PAUSE` event and fires the plan request and the
    /// end recommendation once per conflict. Returns the conflict's count and what it emitted.
    pub fn count(&mut self, ev: &Event) -> (u32, Vec<Event>) {
        if !ev.has_keys() {
            return (0, Vec::new());
        }
        let key = ev.key();
        if ev.kind != Kind::HitlPause {
            return (self.count_at(&key), Vec::new());
        }
        if !self.seen.insert(&format!("{key}|{}", ev.event_id)) {
            return (self.count_at(&key), Vec::new());
        }
        let count = self.count_at(&key).saturating_add(1);
        match self.counts.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = count,
            None => self.counts.push((key.clone(), count)),
        }
        let spec = self.spec();
        let mut out = Vec::new();
        let mut rounds = Object::new();
        rounds.insert("hitl_count", Value::from(count));
        if count >= spec.plan_request_round && self.plan_requested.insert(&key) {
            rounds.insert("plan_request_round", Value::from(spec.plan_request_round));
            out.push(ev.answer(
                "plan_requested",
                Head {
                    layer: Layer::Mediation,
                    decision: Decision::PauseForHitl,
                    kind: Kind::PlanRequested,
                    reason: Reason::RelPlanRequestedAfter3Hitl,
                    seal: Seal::Overrideable,
                },
                rounds.clone(),
            ));
        }
        if count >= spec.hitl_max_rounds && self.end_recommended.insert(&key) {
            let mut rounds = Object::new();
            rounds.insert("hitl_count", Value::from(count));
            rounds.insert("hitl_max_rounds", Value::from(spec.hitl_max_rounds));
            out.push(ev.answer(
                "end_recommended",
                Head {
                    layer: Layer::AccGate,
                    decision: Decision::EndSessionRecommended,
                    kind: Kind::EndRecommended,
                    reason: Reason::AccLoopBudgetExceeded,
                    seal: Seal::Overrideable,
                },
                rounds,
            ));
        }
        // Emitted events that break the pairing rule are dropped, never sent on.
        out.retain(Event::paired);
        (count, out)
    }

    /// Maestro's dispatch of a plan request (once per conflict).
    pub fn dispatch(&mut self, ev: &Event) -> Vec<Event> {
        if let Err(fail) = validate(ev, Layer::Maestro) {
            return vec![fail];
        }
        if ev.kind != Kind::PlanRequested || !self.dispatched.insert(&ev.key()) {
            return Vec::new();
        }
        vec![ev.answer(
            "plan_req_dispatch",
            Head {
                layer: Layer::Maestro,
                decision: Decision::PauseForHitl,
                kind: Kind::PlanReqDispatch,
                reason: Reason::MaestroPlanRequestDispatched,
                seal: Seal::Overrideable,
            },
            Object::new(),
        )]
    }

    /// The mediation layer's proposal on a dispatched request (once per conflict; other kinds
    /// are ignored before validation).
    pub fn propose(&mut self, ev: &Event, plan: &str) -> Vec<Event> {
        if ev.kind != Kind::PlanReqDispatch {
            return Vec::new();
        }
        if let Err(fail) = validate(ev, Layer::Mediation) {
            return vec![fail];
        }
        if !self.proposed.insert(&ev.key()) {
            return Vec::new();
        }
        let mut payload = Object::new();
        payload.insert("plan", Value::from(plan));
        vec![ev.answer(
            "plan_proposed",
            Head {
                layer: Layer::Mediation,
                decision: Decision::PauseForHitl,
                kind: Kind::PlanProposed,
                reason: Reason::MediationPlanProposed,
                seal: Seal::Overrideable,
            },
            payload,
        )]
    }

    /// Maestro's acknowledgement of a proposal (once per conflict; other kinds are ignored
    /// before validation).
    pub fn acknowledge(&mut self, ev: &Event) -> Vec<Event> {
        if ev.kind != Kind::PlanProposed {
            return Vec::new();
        }
        if let Err(fail) = validate(ev, Layer::Maestro) {
            return vec![fail];
        }
        if !self.received.insert(&ev.key()) {
            return Vec::new();
        }
        vec![ev.answer(
            "plan_received",
            Head {
                layer: Layer::Maestro,
                decision: Decision::PauseForHitl,
                kind: Kind::PlanReceived,
                reason: Reason::MaestroPlanReceived,
                seal: Seal::Overrideable,
            },
            Object::new(),
        )]
    }

    /// Maestro's stop on an end-session recommendation: a sealed stop, once per session.
    pub fn stop(&mut self, ev: &Event) -> Vec<Event> {
        if let Err(fail) = validate(ev, Layer::Maestro) {
            return vec![fail];
        }
        if ev.kind != Kind::EndRecommended || ev.decision != Decision::EndSessionRecommended {
            return Vec::new();
        }
        if !self.stop_emitted.insert(&ev.session_id) {
            return Vec::new();
        }
        self.stopped.insert(&ev.session_id);
        vec![ev.answer(
            "stop",
            Head {
                layer: Layer::Maestro,
                decision: Decision::Stopped,
                kind: Kind::Stopped,
                reason: Reason::AccEndSessionAfter4Hitl,
                seal: Seal::Sealed,
            },
            ev.payload.clone(),
        )]
    }

    /// The terminal guard: in a stopped session every event is answered with a sealed stop.
    pub fn guard(&self, ev: &Event) -> Option<Event> {
        if !self.stopped.contains(&ev.session_id) {
            return None;
        }
        let mut payload = Object::new();
        payload.insert("incoming_kind", Value::from(ev.kind.as_str()));
        payload.insert("incoming_decision", Value::from(ev.decision.as_str()));
        Some(ev.answer(
            "terminal_guard",
            Head {
                layer: Layer::Maestro,
                decision: Decision::Stopped,
                kind: Kind::Stopped,
                reason: Reason::AccStoppedIsTerminal,
                seal: Seal::Sealed,
            },
            payload,
        ))
    }

    /// An explicit new-session start: drops the session's de-duplication bucket, every
    /// counter, one-shot flag and plan-flow key of the session, and its stopped flags.
    pub fn new_session(&mut self, session: &str) {
        self.seen.drop_session(session);
        self.counts.retain(|(k, _)| k.split_once('|').is_none_or(|(s, _)| s != session));
        for set in [
            &mut self.plan_requested,
            &mut self.end_recommended,
            &mut self.dispatched,
            &mut self.proposed,
            &mut self.received,
        ] {
            set.drop_session(session);
        }
        self.stop_emitted.remove(session);
        self.stopped.remove(session);
    }

    /// Resets the old conflict's counter and one-shot flags when the conflict changed for a
    /// listed reason; `false` (nothing reset) within the same conflict.
    pub fn reset_conflict(
        &mut self,
        session: &str,
        old: &str,
        new: &str,
        _why: ResetReason,
    ) -> bool {
        if old == new {
            return false;
        }
        let key = format!("{session}|{old}");
        self.counts.retain(|(k, _)| *k != key);
        self.plan_requested.remove(&key);
        self.end_recommended.remove(&key);
        true
    }
}

/// The faults the bench can inject between the counter and Maestro.
pub const FAULTS: &[&str] = &["none", "missing_keys", "bad_pairing"];

knobs! {
    /// The knobs.
    pub struct Knobs {
        hitl_max_rounds: u32 = KnobInfo::integer(
            "hitl_max_rounds",
            1,
            10,
            "4",
            "HITL pauses of one conflict before ending the session is recommended.",
            "1 つの衝突について、セッション終了を勧めるまでの HITL 一時停止の回数。",
        ),
        plan_request_round: u32 = KnobInfo::integer(
            "plan_request_round",
            1,
            9,
            "3",
            "The pause at which a plan is requested (at least 1, below hitl_max_rounds).",
            "計画を求める一時停止の回(1 以上、hitl_max_rounds 未満)。",
        ),
        fault: &'static str = KnobInfo {
            name: "fault",
            kind: KnobKind::Choice { values: FAULTS },
            default: "none",
            help: "A broken event on its way to Maestro: the plan request without its keys, or the end recommendation paired with PAUSE_FOR_HITL.",
            help_ja: "Maestro に届く壊れたイベント:キーのない計画依頼、または PAUSE_FOR_HITL と組になった終了の勧め。",
        },
    }
}

/// The knobs' descriptions, in form order.
pub const KNOBS: &[KnobInfo] = Knobs::INFO;

/// What the human answers at a pause.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// The conflict is resolved.
    Resolve,
    /// It is not.
    Unresolved,
    /// The user provides new information (the conflict resets).
    ProvideInfo,
    /// A new session starts.
    NewSession,
}

/// The human's answers at each pause.
/// Settling comes first, so a driver that takes every first answer always ends.
pub const ANSWERS: &[Answer] = &[
    answer(
        "human:resolve",
        "RESOLVE",
        Choice::Resolve,
        "Settle the conflict: the session goes on (RUN).",
        "衝突を解決する:セッションは続く(RUN)。",
    ),
    answer(
        "human:unresolved",
        "UNRESOLVED",
        Choice::Unresolved,
        "The answer does not settle it: the same conflict comes back and counts again.",
        "答えで解決しない:同じ衝突が戻り、もう一度数えられる。",
    ),
    answer(
        "human:new-info",
        "PROVIDE_INFO",
        Choice::ProvideInfo,
        "Supply what the blocking fields need: the conflict changes and its count starts again.",
        "止めている項目に必要な情報を出す:衝突が変わり、回数は最初から。",
    ),
    answer(
        "human:new-session",
        "NEW_SESSION",
        Choice::NewSession,
        "Start a new session: every count and flag of the session is dropped.",
        "新しいセッションを始める:そのセッションの回数とフラグはすべて消える。",
    ),
];

/// The token of a further pause arriving after the session was stopped.
pub const AFTER_STOP: &str = "after:pause";

/// The plan the mediation layer proposes.
const PLAN: &str = "Ask for the missing reference point once, then decide with the fields given.";

/// A run of the loop-budget bench.
#[derive(Clone, Debug)]
pub struct LoopBudget {
    k: Knobs,
    policy: Policy,
    session: u32,
    conflict: u32,
    pause: u32,
    note: Option<(&'static str, Value)>,
    resolved: bool,
    waiting: bool,
}

fn extras(ev: &Event) -> Vec<(&'static str, Value)> {
    vec![
        ("event_id", Value::from(ev.event_id.as_str())),
        ("session_id", Value::from(ev.session_id.as_str())),
        ("conflict_fingerprint", Value::from(ev.conflict_fingerprint.as_str())),
        ("kind", Value::from(ev.kind.as_str())),
        ("payload", ev.payload.to_value()),
    ]
}

fn write(out: &mut Emitter<LoopBudgetFamily>, ev: &Event) {
    out.emit(ev.layer, ev.decision, ev.seal, FinalDecider::System, ev.reason, extras(ev));
}

impl LoopBudget {
    fn session_id(&self) -> String {
        format!("S-{}", self.session)
    }

    fn fingerprint(&self) -> String {
        format!("conflict-{}", self.conflict)
    }

    /// The relativity gate pauses again on the current conflict: the policy counts it, and
    /// the plan flow or the stop follow when their rounds are reached.
    fn pause(&mut self, out: &mut Emitter<LoopBudgetFamily>) -> Next {
        self.pause += 1;
        let mut ev = Event {
            event_id: format!("pause-{}", self.pause),
            session_id: self.session_id(),
            conflict_fingerprint: self.fingerprint(),
            layer: Layer::RelativityGate,
            decision: Decision::PauseForHitl,
            kind: Kind::HitlPause,
            reason: Reason::RelBoundaryUnstable,
            seal: Seal::Overrideable,
            payload: Object::new(),
        };
        let (count, emitted) = self.policy.count(&ev);
        ev.payload.insert("hitl_count", Value::from(count));
        if let Some((k, v)) = self.note.take() {
            ev.payload.insert(k, v);
        }
        write(out, &ev);
        for e in emitted {
            write(out, &e);
            match e.kind {
                Kind::PlanRequested => self.plan_flow(e, out),
                Kind::EndRecommended => self.end(e, out),
                _ => {}
            }
        }
        if self.policy.is_stopped(&self.session_id()) {
            return Next::End;
        }
        self.waiting = true;
        Next::Hitl(Point { decider: FinalDecider::User, answers: ANSWERS })
    }

    fn plan_flow(&mut self, mut request: Event, out: &mut Emitter<LoopBudgetFamily>) {
        if self.k.fault == "missing_keys" {
            request.session_id.clear();
            request.conflict_fingerprint.clear();
            request.event_id.clear();
        }
        for dispatched in self.policy.dispatch(&request) {
            write(out, &dispatched);
            for proposed in self.policy.propose(&dispatched, PLAN) {
                write(out, &proposed);
                for received in self.policy.acknowledge(&proposed) {
                    write(out, &received);
                }
            }
        }
    }

    fn end(&mut self, mut recommendation: Event, out: &mut Emitter<LoopBudgetFamily>) {
        if self.k.fault == "bad_pairing" {
            recommendation.decision = Decision::PauseForHitl;
        }
        for stop in self.policy.stop(&recommendation) {
            write(out, &stop);
        }
    }
}

impl Bench for LoopBudget {
    type Choice = Choice;
    type F = LoopBudgetFamily;
    const ID: &'static str = ID;
    const RUN_ID: &'static str = "LOOPBUDGET#000001";
    const KNOBS: &'static [KnobInfo] = KNOBS;

    fn open(req: &RunRequest) -> Result<Self, RequestError> {
        let k = Knobs::read(req)?;
        let spec = Spec::new(k.hitl_max_rounds, k.plan_request_round).map_err(|e| {
            RequestError { knob: Some(Knobs::plan_request_round.name.into()), message: e.0 }
        })?;
        Ok(LoopBudget {
            k,
            policy: Policy::new(spec),
            session: 1,
            conflict: 1,
            pause: 0,
            note: None,
            resolved: false,
            waiting: false,
        })
    }

    fn knob_values(&self) -> Vec<(&'static str, String)> {
        self.k.pairs()
    }

    fn start(&mut self, out: &mut Emitter<LoopBudgetFamily>) -> Next {
        self.pause(out)
    }

    fn resume(&mut self, answer: &Answer, out: &mut Emitter<LoopBudgetFamily>) -> Next {
        self.waiting = false;
        match answer.choice {
            Choice::Resolve => {
                self.resolved = true;
                return Next::End;
            }
            Choice::ProvideInfo => {
                let old = self.fingerprint();
                self.conflict += 1;
                let why = ResetReason::UserProvidesRequiredInfo;
                self.policy.reset_conflict(&self.session_id(), &old, &self.fingerprint(), why);
                self.note = Some(("reset", Value::from(why.as_str())));
            }
            Choice::NewSession => {
                let old = self.session_id();
                self.policy.new_session(&old);
                self.session += 1;
                self.note = Some(("reset", Value::from("explicit_new_session_start")));
            }
            Choice::Unresolved => self.note = Some(("human_answer", Value::from(answer.label))),
        }
        self.pause(out)
    }

    /// Trying to continue is one more pause after the stop, which the terminal guard refuses.
    fn override_token(&self) -> Option<&'static str> {
        Some(AFTER_STOP)
    }

    fn after_end(&mut self, token: &str, out: &mut Emitter<LoopBudgetFamily>) -> bool {
        if token != AFTER_STOP {
            return false;
        }
        self.pause += 1;
        let ev = Event {
            event_id: format!("pause-{}", self.pause),
            session_id: self.session_id(),
            conflict_fingerprint: self.fingerprint(),
            layer: Layer::RelativityGate,
            decision: Decision::PauseForHitl,
            kind: Kind::HitlPause,
            reason: Reason::RelBoundaryUnstable,
            seal: Seal::Overrideable,
            payload: Object::new(),
        };
        match self.policy.guard(&ev) {
            Some(stop) => {
                write(out, &stop);
                true
            }
            None => false,
        }
    }

    fn state(&self) -> &'static str {
        if self.policy.is_stopped(&self.session_id()) {
            Decision::Stopped.as_str()
        } else if self.resolved {
            Decision::Run.as_str()
        } else {
            Decision::PauseForHitl.as_str()
        }
    }

    fn sealed(&self) -> bool {
        self.policy.is_stopped(&self.session_id())
    }

    fn paths(&self, rows: &[Row<LoopBudgetFamily>], answers: &[&'static str]) -> Vec<&'static str> {
        let found = rows.iter().filter_map(|r| {
            Some(match r.reason() {
                Reason::MaestroPlanReceived => "plan-flow",
                Reason::AccEndSessionAfter4Hitl => "sealed-stop",
                Reason::AccStoppedIsTerminal => "terminal-guard",
                Reason::SpecMissingKeys => "fail-closed:missing-keys",
                Reason::SpecInvalidInput => "fail-closed:bad-pairing",
                _ => return None,
            })
        });
        crate::stepwise::taken(found, PATHS, answers)
    }
}

/// The decision paths of the loop-budget bench.
pub const PATHS: &[PathInfo] = &[
    path(
        "plan-flow",
        "The plan-request round is reached: request, dispatch, proposal and acknowledgement",
        "計画依頼の回に達する:依頼、送付、提案、受領",
    ),
    path(
        "sealed-stop",
        "The budget is spent: ending is recommended and Maestro stops the session, sealed",
        "上限に達する:終了が勧められ、Maestro がセッションを封印して止める",
    ),
    path(
        "terminal-guard",
        "A pause after the stop is answered with a sealed stop",
        "停止後の一時停止に封印された停止で答える",
    ),
    path(
        "hitl:human:unresolved",
        "The human's answer does not settle the conflict",
        "人間の答えで衝突が解決しない",
    ),
    path(
        "hitl:human:new-info",
        "The human supplies the missing information: a new conflict, a new count",
        "人間が足りない情報を出す:新しい衝突、新しい回数",
    ),
    path(
        "hitl:human:new-session",
        "The human starts a new session: every count is dropped",
        "人間が新しいセッションを始める:回数はすべて消える",
    ),
    path("hitl:human:resolve", "The human settles the conflict", "人間が衝突を解決する"),
    path(
        "fail-closed:missing-keys",
        "An event without its keys is answered with a fail-closed pause",
        "キーのないイベントに fail-closed の一時停止で答える",
    ),
    path(
        "fail-closed:bad-pairing",
        "A kind paired with the wrong decision is answered with a fail-closed pause",
        "誤った判断と組になった種別に fail-closed の一時停止で答える",
    ),
    TAMPER_PATH,
];

/// One sentence in English and Japanese for each code of the family, by name.
pub fn explain(name: &str) -> Option<(&'static str, &'static str)> {
    if let Some(l) = Layer::parse(name) {
        return Some(match l {
            Layer::RelativityGate => (
                "A simulated relativity gate that cannot settle the conflict and pauses for a human; these are the pauses the policy counts.",
                "衝突を決めきれず人間を待つ、模擬の相対性ゲート。方針が数えるのはこの一時停止である。",
            ),
            Layer::Mediation => (
                "The mediation layer: asked for a plan, it proposes one.",
                "仲介層:計画を求められ、計画を提案する。",
            ),
            Layer::AccGate => (
                "The accountability gate: it recommends ending the session when the budget is spent.",
                "説明責任ゲート:上限に達するとセッションの終了を勧める。",
            ),
            Layer::Maestro => (
                "Maestro: it dispatches the plan request, acknowledges the plan, stops the session and guards the stop.",
                "Maestro:計画依頼を送り、計画を受け取り、セッションを止め、その停止を守る。",
            ),
        });
    }
    Reason::parse(name).map(|r| match r {
        Reason::RelBoundaryUnstable => ("The judgment is unstable, so the conflict goes to a human; this pause counts toward the budget.", "判断が不安定なので衝突を人間に回す。この一時停止は上限に数えられる。"),
        Reason::SpecInvalidInput => ("Fail closed: the event paired its kind with the wrong decision, so it is answered with a pause, not acted on.", "fail-closed:種別と判断の組が誤っているので、実行せず一時停止で答える。"),
        Reason::SpecMissingKeys => ("Fail closed: the event lacks its session, conflict or event id, so it is answered with a pause, not acted on.", "fail-closed:セッション、衝突、イベント ID のいずれかがないので、実行せず一時停止で答える。"),
        Reason::RelPlanRequestedAfter3Hitl => ("The plan-request round is reached (the name says 3; the payload gives the configured round): the mediation layer is asked for a plan.", "計画依頼の回に達した(名前は 3 だが、設定された回は payload にある):仲介層に計画を求める。"),
        Reason::AccLoopBudgetExceeded => ("The budget of pauses for this conflict is spent: ending the session is recommended.", "この衝突への一時停止の上限に達した:セッションの終了を勧める。"),
        Reason::MaestroPlanRequestDispatched => ("Maestro sent the plan request on, once per conflict.", "Maestro が計画依頼を送った(衝突ごとに 1 回)。"),
        Reason::MediationPlanProposed => ("The mediation layer proposed a plan, once per conflict.", "仲介層が計画を提案した(衝突ごとに 1 回)。"),
        Reason::MaestroPlanReceived => ("Maestro received the plan, once per conflict.", "Maestro が計画を受け取った(衝突ごとに 1 回)。"),
        Reason::AccEndSessionAfter4Hitl => ("Maestro ends the session with a sealed stop that no one can override (the name says 4; the payload gives the configured budget).", "Maestro が誰も覆せない封印された停止でセッションを終える(名前は 4 だが、設定された上限は payload にある)。"),
        Reason::AccStoppedIsTerminal => ("The session is stopped: every later event is answered with a sealed stop.", "セッションは停止している:以後のすべてのイベントに封印された停止で答える。"),
    })
}

/// The scenario's id, written once: the registry, links and logs read it from here.
pub const ID: &str = "loop-budget";

/// This scenario: the stage-3 loop-budget policy.
pub const SCENARIO: crate::scenario::ScenarioInfo = crate::scenario::ScenarioInfo {
    id: ID,
    family: ID,
    theme: crate::scenario::Theme::Policies,
    teaches: (
        "The same conflict keeps coming back: pauses are counted, and the fourth is a sealed stop.",
        "同じ衝突が繰り返す:一時停止を数え、4 回目は封印された停止。",
    ),
    story: crate::scenario::Story {
        who: (
            "A relativity gate keeps pausing on the same conflict, and a policy counts the pauses.",
            "相対性ゲートが同じ対立で一時停止を繰り返し、ポリシーがその回数を数える。",
        ),
        risk: (
            "Without a budget the session would loop on one unresolved conflict; a broken event must not slip through.",
            "上限がなければ、セッションは解決しない一つの対立を繰り返し続ける。壊れたイベントも通してはならない。",
        ),
        decide: (
            "At each pause you settle the conflict, leave it unresolved, supply the missing information, or start a new session.",
            "一時停止のたびに、あなたが対立を解決する・未解決のままにする・不足情報を補う・新しいセッションを始める、のいずれかを選ぶ。",
        ),
    },
    title: "Loop-budget policy, stage 3 (pauses counted per conflict, a sealed stop at the budget)",
    title_ja: "ループ上限の方針 ステージ3(衝突ごとに一時停止を数え、上限で封印された停止)",
    reference: "loop_policy_stage3.py",
    version: "stage 3",
    layers: Layer::NAMES,
    reasons: Reason::NAMES,
    extra_fields: &["event_id", "session_id", "conflict_fingerprint", "kind", "payload"],
    paths: PATHS,
    decisions: &[
        crate::vocab::Decision::PauseForHitl,
        crate::vocab::Decision::Stopped,
        crate::vocab::Decision::EndSessionRecommended,
    ],
    deciders: &[crate::vocab::FinalDecider::System],
    knobs: KNOBS,
    open: crate::stepwise::StepRun::<LoopBudget>::open_boxed,
    batch: None,
    explain,
};
