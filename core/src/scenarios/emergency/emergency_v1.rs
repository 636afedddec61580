//! Emergency contract v1 (`mediation_emergency_contract_sim_v1.py`): the minimal interactive
//! flow. Three baseline gates, the USER's authorisation (APPROVE / REVISE / REJECT, within a
//! 120-second TTL on the simulated clock), the draft, the ADMIN's finalisation (APPROVE /
//! REVISE / STOP), the contract. Every event is checked first: a wrong actor or an event the
//! run is not waiting for is an `INVALID_EVENT` that seals the run, and a sealed run answers
//! everything with `NON_OVERRIDABLE_SAFETY`.
//!
//! As the reference's notes recommend, the two revise pauses are overrideable here.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use serde_json::Value;

use crate::arl::{JsonExtras, Row, Seal};
use crate::face::{KnobInfo, PathInfo, RequestError, RunRequest, TAMPER_PATH, path};
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
    /// The v1 layers.
    pub enum Layer {
        /// Meaning (a baseline pass).
        MeaningGate = "meaning_gate",
        /// Consistency (a baseline pass).
        ConsistencyGate = "consistency_gate",
        /// Relativity (a baseline pass, overrideable).
        RelativityGate = "relativity_gate",
        /// Ethics (defined, not reached in v1's flow).
        EthicsGate = "ethics_gate",
        /// The pauses, and every refusal of an event.
        AccGate = "acc_gate",
        /// The USER's authorisation.
        HitlAuth = "hitl_auth",
        /// The draft.
        DocDraft = "doc_draft",
        /// The ADMIN's finalisation.
        HitlFinalizeAdmin = "hitl_finalize_admin",
        /// The contract.
        ContractEffect = "contract_effect",
    }
}

vocabulary! {
    /// The v1 reason codes.
    pub enum Reason {
        /// A baseline pass.
        Ok = "OK",
        /// The USER must authorise.
        AuthRequired = "AUTH_REQUIRED",
        /// The USER authorised.
        AuthApprove = "AUTH_APPROVE",
        /// The USER asks for a revision: the pause stays open.
        AuthRevise = "AUTH_REVISE",
        /// The USER refused.
        AuthReject = "AUTH_REJECT",
        /// The authorisation came after the request expired.
        AuthExpired = "AUTH_EXPIRED",
        /// Defined, unused in v1.
        AuthBadActor = "AUTH_BAD_ACTOR",
        /// The draft was generated.
        DraftGenerated = "DRAFT_GENERATED",
        /// The ADMIN must finalise.
        AdminFinalizeRequired = "ADMIN_FINALIZE_REQUIRED",
        /// The ADMIN approved.
        FinalizeApprove = "FINALIZE_APPROVE",
        /// The ADMIN asks for a revision: the pause stays open.
        FinalizeRevise = "FINALIZE_REVISE",
        /// The ADMIN stopped.
        FinalizeStop = "FINALIZE_STOP",
        /// The contract takes effect.
        ContractEffective = "CONTRACT_EFFECTIVE",
        /// An event the run cannot accept: a sealed stop.
        InvalidEvent = "INVALID_EVENT",
        /// A sealed run refuses further action.
        NonOverridableSafety = "NON_OVERRIDABLE_SAFETY",
        /// Defined, unused in v1.
        RelRefMissing = "REL_REF_MISSING",
    }
}

/// The v1 family: ethics and ACC may seal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct V1Family;

impl Family for V1Family {
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

/// The authorisation request's time to live, in simulated seconds.
pub const AUTH_TTL_SECS: u64 = 120;

knobs! {
    /// The knobs.
    pub struct Knobs {
        answer_delay_s: u64 = KnobInfo::integer(
            "answer_delay_s",
            0,
            3600,
            "10",
            "Simulated seconds the USER takes to answer the authorisation request (its TTL is 120 s).",
            "USER が認可の要求に答えるまでの模擬の秒数(要求の有効期限は 120 秒)。",
        ),
    }
}

/// The knobs' descriptions, in form order.
pub const KNOBS: &[KnobInfo] = Knobs::INFO;

/// The events a human may send at v1's pauses (two of them from the wrong actor).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// The USER authorises.
    AuthApprove,
    /// The USER asks for a revised request.
    AuthRevise,
    /// The USER rejects.
    AuthReject,
    /// An authorisation sent by the ADMIN (the wrong actor).
    AuthByAdmin,
    /// The ADMIN finalises.
    FinalizeApprove,
    /// The ADMIN asks for a revised draft.
    FinalizeRevise,
    /// The ADMIN stops.
    FinalizeStop,
    /// A finalisation sent by the USER (the wrong actor).
    FinalizeByUser,
}

/// The USER's events at the authorisation pause (the last one comes from the wrong actor).
pub const AUTH_ANSWERS: &[Answer] = &[
    answer(
        "auth:approve",
        "AUTH_APPROVE",
        Choice::AuthApprove,
        "Authorise: the draft is generated.",
        "認可する:文書が作られる。",
    ),
    answer(
        "auth:revise",
        "AUTH_REVISE",
        Choice::AuthRevise,
        "Ask for a revision: the pause stays open.",
        "修正を求める:一時停止は開いたまま。",
    ),
    answer(
        "auth:reject",
        "AUTH_REJECT",
        Choice::AuthReject,
        "Refuse: the run stops, unsealed.",
        "拒否する:実行は封印なしで止まる。",
    ),
    answer(
        "auth:by-admin",
        "AUTH_APPROVE (actor ADMIN)",
        Choice::AuthByAdmin,
        "The ADMIN tries to authorise in the USER's place: an invalid event seals the run.",
        "ADMIN が USER に代わって認可しようとする:不正なイベントとして実行が封印される。",
    ),
];

/// The ADMIN's events at the finalisation pause (the last one comes from the wrong actor).
pub const FINALIZE_ANSWERS: &[Answer] = &[
    answer(
        "finalize:approve",
        "FINALIZE_APPROVE",
        Choice::FinalizeApprove,
        "Finalise: the contract takes effect.",
        "最終確定する:契約が発効する。",
    ),
    answer(
        "finalize:revise",
        "FINALIZE_REVISE",
        Choice::FinalizeRevise,
        "Send the draft back: the pause stays open.",
        "文書を差し戻す:一時停止は開いたまま。",
    ),
    answer(
        "finalize:stop",
        "FINALIZE_STOP",
        Choice::FinalizeStop,
        "Stop: no contract.",
        "止める:契約はない。",
    ),
    answer(
        "finalize:by-user",
        "FINALIZE_APPROVE (actor USER)",
        Choice::FinalizeByUser,
        "The USER tries to finalise in the ADMIN's place: an invalid event seals the run.",
        "USER が ADMIN に代わって最終確定しようとする:不正なイベントとして実行が封印される。",
    ),
];

/// Where the run waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wait {
    Auth,
    Finalize,
}

/// A v1 run.
#[derive(Clone, Debug)]
pub struct EmergencyV1 {
    k: Knobs,
    waiting: Option<Wait>,
    state: &'static str,
    sealed: bool,
}

const AUTH_ID: &str = "AUTH#V1-0001";
const REQUEST_ID: &str = "AUTHREQ#V1-0001";
const DRAFT_ID: &str = "DRAFT#V1-0001";

fn ids(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, Value)> {
    pairs.iter().map(|(k, v)| (*k, Value::from(*v))).collect()
}

impl EmergencyV1 {
    fn seal(&mut self, out: &mut Emitter<V1Family>, reason: Reason, error: Option<String>) -> Next {
        let extras = error.map_or_else(Vec::new, |e| vec![("error", Value::from(e))]);
        out.emit(
            Layer::AccGate,
            Decision::Stopped,
            Seal::Sealed,
            FinalDecider::System,
            reason,
            extras,
        );
        self.sealed = true;
        self.waiting = None;
        self.state = "STOPPED";
        Next::End
    }

    fn point(&mut self, at: Wait) -> Next {
        self.waiting = Some(at);
        let (decider, answers, state) = match at {
            Wait::Auth => (FinalDecider::User, AUTH_ANSWERS, "PAUSE_FOR_HITL_AUTH"),
            Wait::Finalize => (FinalDecider::Admin, FINALIZE_ANSWERS, "PAUSE_FOR_HITL_FINALIZE"),
        };
        self.state = state;
        Next::Hitl(Point { decider, answers })
    }
}

impl Bench for EmergencyV1 {
    type Choice = Choice;
    type F = V1Family;
    const ID: &'static str = ID;
    const RUN_ID: &'static str = "SIM#V1-0001";
    const KNOBS: &'static [KnobInfo] = KNOBS;

    fn open(req: &RunRequest) -> Result<Self, RequestError> {
        Ok(EmergencyV1 { k: Knobs::read(req)?, waiting: None, state: "INIT", sealed: false })
    }

    fn knob_values(&self) -> Vec<(&'static str, String)> {
        self.k.pairs()
    }

    fn start(&mut self, out: &mut Emitter<V1Family>) -> Next {
        let sys = FinalDecider::System;
        out.emit(Layer::MeaningGate, Decision::Run, Seal::Fixed, sys, Reason::Ok, vec![]);
        out.emit(Layer::ConsistencyGate, Decision::Run, Seal::Fixed, sys, Reason::Ok, vec![]);
        out.emit(Layer::RelativityGate, Decision::Run, Seal::Overrideable, sys, Reason::Ok, vec![]);
        let extras =
            ids(&[("auth_request_id", REQUEST_ID), ("auth_id", AUTH_ID), ("ttl_s", "120")]);
        out.emit(
            Layer::AccGate,
            Decision::PauseForHitl,
            Seal::Overrideable,
            sys,
            Reason::AuthRequired,
            extras,
        );
        self.point(Wait::Auth)
    }

    fn resume(&mut self, answer: &Answer, out: &mut Emitter<V1Family>) -> Next {
        let at = self.waiting.take();
        // The checks, in order: the event itself (actor, type, matching pause), then the seal,
        // then the request's expiry.
        if matches!(answer.choice, Choice::AuthByAdmin | Choice::FinalizeByUser) {
            let error =
                format!("actor not allowed for {}", answer.label.split(' ').next().unwrap_or(""));
            return self.seal(out, Reason::InvalidEvent, Some(error));
        }
        if self.sealed {
            return self.seal(out, Reason::NonOverridableSafety, None);
        }
        if at == Some(Wait::Auth) {
            // The USER's answer is written `delay` simulated seconds after the request (the
            // emitter has already moved one second on).
            out.elapse(self.k.answer_delay_s.saturating_sub(1));
        }
        let user = FinalDecider::User;
        let admin = FinalDecider::Admin;
        match (at, answer.choice) {
            (Some(Wait::Auth), _) if self.k.answer_delay_s > AUTH_TTL_SECS => self.seal(
                out,
                Reason::AuthExpired,
                Some(format!("answered after {} s; TTL 120 s", self.k.answer_delay_s)),
            ),
            (Some(Wait::Auth), Choice::AuthReject) => {
                out.emit(
                    Layer::HitlAuth,
                    Decision::Stopped,
                    Seal::Fixed,
                    user,
                    Reason::AuthReject,
                    vec![],
                );
                self.state = "STOPPED";
                Next::End
            }
            (Some(Wait::Auth), Choice::AuthRevise) => {
                out.emit(
                    Layer::HitlAuth,
                    Decision::PauseForHitl,
                    Seal::Overrideable,
                    user,
                    Reason::AuthRevise,
                    vec![],
                );
                self.point(Wait::Auth)
            }
            (Some(Wait::Auth), _) => {
                let extras = ids(&[("auth_request_id", REQUEST_ID), ("auth_id", AUTH_ID)]);
                out.emit(
                    Layer::HitlAuth,
                    Decision::Run,
                    Seal::Fixed,
                    user,
                    Reason::AuthApprove,
                    extras,
                );
                let sys = FinalDecider::System;
                out.emit(
                    Layer::DocDraft,
                    Decision::Run,
                    Seal::Fixed,
                    sys,
                    Reason::DraftGenerated,
                    ids(&[("draft_id", DRAFT_ID)]),
                );
                out.emit(
                    Layer::AccGate,
                    Decision::PauseForHitl,
                    Seal::Overrideable,
                    sys,
                    Reason::AdminFinalizeRequired,
                    ids(&[("draft_id", DRAFT_ID)]),
                );
                self.point(Wait::Finalize)
            }
            (Some(Wait::Finalize), Choice::FinalizeStop) => {
                out.emit(
                    Layer::HitlFinalizeAdmin,
                    Decision::Stopped,
                    Seal::Fixed,
                    admin,
                    Reason::FinalizeStop,
                    vec![],
                );
                self.state = "STOPPED";
                Next::End
            }
            (Some(Wait::Finalize), Choice::FinalizeRevise) => {
                out.emit(
                    Layer::HitlFinalizeAdmin,
                    Decision::PauseForHitl,
                    Seal::Overrideable,
                    admin,
                    Reason::FinalizeRevise,
                    vec![],
                );
                self.point(Wait::Finalize)
            }
            (Some(Wait::Finalize), _) => {
                out.emit(
                    Layer::HitlFinalizeAdmin,
                    Decision::Run,
                    Seal::Fixed,
                    admin,
                    Reason::FinalizeApprove,
                    ids(&[("draft_id", DRAFT_ID)]),
                );
                let extras = ids(&[("contract_id", "CONTRACT#V1-0001"), ("draft_id", DRAFT_ID)]);
                out.emit(
                    Layer::ContractEffect,
                    Decision::Run,
                    Seal::Fixed,
                    FinalDecider::System,
                    Reason::ContractEffective,
                    extras,
                );
                self.state = "CONTRACT_EFFECTIVE";
                Next::End
            }
            (None, _) => Next::End,
        }
    }

    /// Trying to continue is trying to finalise.
    fn override_token(&self) -> Option<&'static str> {
        FINALIZE_ANSWERS.first().map(|a| a.token)
    }

    fn after_end(&mut self, token: &str, out: &mut Emitter<V1Family>) -> bool {
        // An event when the run waits for nothing is invalid (and seals); on a sealed run it
        // is refused as non-overridable.
        let known = AUTH_ANSWERS.iter().chain(FINALIZE_ANSWERS).any(|a| a.token == token);
        if !known {
            return false;
        }
        if self.sealed {
            self.seal(out, Reason::NonOverridableSafety, None);
        } else {
            self.seal(
                out,
                Reason::InvalidEvent,
                Some(format!("no pause is waiting for `{token}`")),
            );
        }
        true
    }

    fn state(&self) -> &'static str {
        self.state
    }

    fn sealed(&self) -> bool {
        self.sealed
    }

    fn paths(&self, rows: &[Row<V1Family>], answers: &[&'static str]) -> Vec<&'static str> {
        let found = rows.iter().filter_map(|r| {
            Some(match r.reason() {
                Reason::ContractEffective => "contract-effective",
                Reason::InvalidEvent => "invalid-event-sealed",
                Reason::NonOverridableSafety => "override-refused",
                Reason::AuthExpired => "auth-expired",
                _ => return None,
            })
        });
        crate::stepwise::taken(found, PATHS, answers)
    }
}

/// The decision paths of v1.
pub const PATHS: &[PathInfo] = &[
    path(
        "contract-effective",
        "Both humans approve: the contract takes effect",
        "2 人とも承認:契約が発効する",
    ),
    path("hitl:auth:approve", "The USER authorises", "USER が認可する"),
    path(
        "hitl:auth:revise",
        "The USER asks for a revision (the pause stays open)",
        "USER が修正を求める(一時停止は開いたまま)",
    ),
    path("hitl:auth:reject", "The USER refuses", "USER が拒否する"),
    path("hitl:finalize:approve", "The ADMIN finalises", "ADMIN が最終確定する"),
    path(
        "hitl:finalize:revise",
        "The ADMIN sends the draft back (the pause stays open)",
        "ADMIN が文書を差し戻す(一時停止は開いたまま)",
    ),
    path("hitl:finalize:stop", "The ADMIN stops", "ADMIN が止める"),
    path(
        "auth-expired",
        "The authorisation came after its TTL: a sealed stop",
        "認可が有効期限のあとに来た:封印された停止",
    ),
    path(
        "invalid-event-sealed",
        "An event from the wrong actor (or for no pause): a sealed stop",
        "誤った行為者からの(または待っていない)イベント:封印された停止",
    ),
    path(
        "override-refused",
        "An event after a seal is refused",
        "封印のあとのイベントが拒否される",
    ),
    TAMPER_PATH,
];

/// One sentence in English and Japanese for each code of the family, by name.
pub fn explain(name: &str) -> Option<(&'static str, &'static str)> {
    if let Some(l) = Layer::parse(name) {
        return Some(match l {
            Layer::MeaningGate => {
                ("The meaning gate (a baseline pass in v1).", "意味ゲート(v1 では基本の通過)。")
            }
            Layer::ConsistencyGate => (
                "The consistency gate (a baseline pass in v1).",
                "整合性ゲート(v1 では基本の通過)。",
            ),
            Layer::RelativityGate => (
                "The relativity gate (a baseline pass, overrideable).",
                "相対性ゲート(基本の通過、覆すことが可能)。",
            ),
            Layer::EthicsGate => (
                "The ethics gate (defined; v1's flow does not reach it).",
                "倫理ゲート(定義のみ。v1 の流れでは到達しない)。",
            ),
            Layer::AccGate => (
                "The accountability gate: the two pauses, and every refusal of an event (sealed).",
                "説明責任ゲート:2 つの一時停止と、イベントのすべての拒否(封印)。",
            ),
            Layer::HitlAuth => ("The USER's authorisation.", "USER の認可。"),
            Layer::DocDraft => ("The draft.", "文書。"),
            Layer::HitlFinalizeAdmin => ("The ADMIN's finalisation.", "ADMIN の最終確定。"),
            Layer::ContractEffect => ("The contract takes effect.", "契約が発効する。"),
        });
    }
    Reason::parse(name).map(|r| match r {
        Reason::Ok => ("The gate passes.", "ゲートを通過する。"),
        Reason::AuthRequired => ("The USER must authorise within 120 simulated seconds.", "USER は模擬の 120 秒以内に認可しなければならない。"),
        Reason::AuthApprove => ("The USER authorised.", "USER が認可した。"),
        Reason::AuthRevise => ("The USER asked for a revision; the authorisation pause stays open.", "USER が修正を求めた。認可の一時停止は開いたまま。"),
        Reason::AuthReject => ("The USER refused: the run stops, unsealed.", "USER が拒否した:実行は封印なしで止まる。"),
        Reason::AuthExpired => ("The authorisation came after the request expired: a sealed stop.", "認可が要求の期限切れのあとに来た:封印された停止。"),
        Reason::AuthBadActor => ("Defined for a wrong actor; v1 reports it as INVALID_EVENT.", "誤った行為者のために定義されている。v1 では INVALID_EVENT として報告する。"),
        Reason::DraftGenerated => ("The draft was generated.", "文書が作られた。"),
        Reason::AdminFinalizeRequired => ("The ADMIN must finalise.", "ADMIN が最終確定しなければならない。"),
        Reason::FinalizeApprove => ("The ADMIN approved.", "ADMIN が承認した。"),
        Reason::FinalizeRevise => ("The ADMIN sent the draft back; the finalisation pause stays open.", "ADMIN が文書を差し戻した。最終確定の一時停止は開いたまま。"),
        Reason::FinalizeStop => ("The ADMIN stopped: no contract.", "ADMIN が止めた:契約はない。"),
        Reason::ContractEffective => ("The contract took effect.", "契約が発効した。"),
        Reason::InvalidEvent => ("An event from the wrong actor, of the wrong type, or for no waiting pause: a sealed stop.", "誤った行為者、誤った種類、または待っていないイベント:封印された停止。"),
        Reason::NonOverridableSafety => ("The run is sealed: no event can override it.", "実行は封印されている:どのイベントも覆せない。"),
        Reason::RelRefMissing => ("Defined, unused in v1.", "定義されているが v1 では使われない。"),
    })
}

/// The scenario's id, written once: the registry, links and logs read it from here.
pub const ID: &str = "emergency-v1";

/// Emergency contract v1.
pub const SCENARIO: crate::scenario::ScenarioInfo = crate::scenario::ScenarioInfo {
    id: ID,
    family: ID,
    theme: crate::scenario::Theme::Emergency,
    teaches: (
        "The smallest emergency flow: the user authorises in time, then the admin finalises.",
        "最小の緊急の流れ:利用者が期限内に認可し、管理者が最終確定する。",
    ),
    story: crate::scenario::Story {
        who: (
            "The first version of the same case: an AI drafts a signal-priority agreement for an ambulance waiting while a pedestrian is in the crosswalk.",
            "同じ事例の最初の版:歩行者が横断歩道にいる中で待つ救急車のため、AI が信号優先の合意書を起草する。",
        ),
        risk: (
            "An answer from the wrong person, for no pending question, or after the 120-second time limit could let the contract through unchecked.",
            "誤った人からの回答、保留中でない問いへの回答、120 秒の期限を過ぎた回答は、確認なしに契約を通してしまうおそれがある。",
        ),
        decide: (
            "You are the USER who authorises the request and the ADMIN who finalises the draft.",
            "あなたはリクエストを認可する USER であり、草案を確定する ADMIN でもある。",
        ),
    },
    title: "Emergency contract v1 (the minimal interactive flow: authorise, finalise)",
    title_ja: "緊急契約 v1(最小の対話の流れ:認可、最終確定)",
    reference: "mediation_emergency_contract_sim_v1.py",
    version: "1",
    layers: Layer::NAMES,
    reasons: Reason::NAMES,
    extra_fields: &["auth_request_id", "auth_id", "ttl_s", "draft_id", "contract_id", "error"],
    paths: PATHS,
    decisions: crate::scenario::SHARED_DECISIONS,
    deciders: crate::scenario::ALL_DECIDERS,
    knobs: KNOBS,
    open: crate::stepwise::StepRun::<EmergencyV1>::open_boxed,
    batch: None,
    explain,
};
