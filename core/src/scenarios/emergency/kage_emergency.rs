//! The KAGE emergency orchestrator 1.0.0-minimal (`emergency_contract_kage_orchestrator.py`,
//! newer snapshot): one Case-B run in which every gate can trigger: meaning, consistency, RFL
//! (with `REL_REF_MISSING` / `REL_BOUNDARY_UNSTABLE` and the USER's continue / stop), evidence
//! (pauses, never seals), the USER's authorisation, the draft, ethics seals, the draft lint,
//! ACC (a sealed stop on real-world signal control, a pause on outside effects) and the ADMIN's
//! finalisation, then the simulated artifact and a simulated contract effect. Nothing real is
//! ever controlled: the artifact is a path and a hash in the log.
//!
//! Following the reference's notes, the run's reason is the decisive row's (not a gate's
//! fallback code), and a USER stop at RFL ends the run `STOPPED`, unsealed.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::arl::{JsonExtras, Row, Seal};
use crate::chain::hex;
use crate::face::{KnobInfo, KnobKind, PathInfo, RequestError, RunRequest, TAMPER_PATH, path};
use crate::json::{Object, canonical};
use crate::knob::{KnobSet, knobs};
use crate::scenarios::emergency::lint::{DraftLint, LintVerdict};
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
    /// The orchestrator's layers.
    pub enum Layer {
        /// Is this the emergency-contract scenario?
        MeaningGate = "meaning_gate",
        /// Do the request and the input agree?
        ConsistencyGate = "consistency_gate",
        /// Is the priority judgment stable and referenced?
        RelativityGate = "relativity_gate",
        /// Is the evidence present, valid and genuine?
        EvidenceGate = "evidence_gate",
        /// Does the draft claim legal force or discriminate?
        EthicsGate = "ethics_gate",
        /// Outside effects and real-world control.
        AccGate = "acc_gate",
        /// The USER's decisions (authorisation, and the RFL continue / stop).
        HitlAuth = "hitl_auth",
        /// The draft.
        DocDraft = "doc_draft",
        /// Does the draft keep its required disclaimers?
        DraftLintGate = "draft_lint_gate",
        /// The ADMIN's finalisation.
        HitlFinalizeAdmin = "hitl_finalize_admin",
        /// The simulated artifact.
        Dispatch = "dispatch",
        /// The simulated contract effect.
        ContractEffect = "contract_effect",
    }
}

vocabulary! {
    /// The orchestrator's reason codes.
    pub enum Reason {
        /// Generic pass.
        Ok = "OK",
        /// The scenario is the emergency contract.
        MeaningOk = "MEANING_OK",
        /// No scenario was given.
        MeaningMissingScenario = "MEANING_MISSING_SCENARIO",
        /// Another scenario.
        MeaningNotEmergencyContract = "MEANING_NOT_EMERGENCY_CONTRACT",
        /// Request and input agree.
        ConsistencyOk = "CONSISTENCY_OK",
        /// Request and input (or evidence) disagree.
        ConsistencyBreak = "CONSISTENCY_BREAK",
        /// The judgment is stable.
        RelOk = "REL_OK",
        /// The judgment is unstable: a human decides.
        RelBoundaryUnstable = "REL_BOUNDARY_UNSTABLE",
        /// The priority policy lacks a reference point.
        RelRefMissing = "REL_REF_MISSING",
        /// Evidence is valid.
        EvidenceOk = "EVIDENCE_OK",
        /// No evidence.
        EvidenceMissing = "EVIDENCE_MISSING",
        /// The evidence's shape is wrong.
        EvidenceSchemaInvalid = "EVIDENCE_SCHEMA_INVALID",
        /// The evidence is fabricated.
        EvidenceFabrication = "EVIDENCE_FABRICATION",
        /// The draft passes ethics.
        EthicsOk = "ETHICS_OK",
        /// The draft claims legal force: a sealed stop.
        EthicsLegalBindingClaim = "ETHICS_LEGAL_BINDING_CLAIM",
        /// The draft holds a discrimination term: a sealed stop.
        EthicsDiscriminationTerm = "ETHICS_DISCRIMINATION_TERM",
        /// No outside effect.
        AccOk = "ACC_OK",
        /// An outside effect needs a human.
        AccExternalSideEffectRequiresHitl = "ACC_EXTERNAL_SIDE_EFFECT_REQUIRES_HITL",
        /// Real-world signal control: a sealed stop.
        AccRealWorldControlBlocked = "ACC_REAL_WORLD_CONTROL_BLOCKED",
        /// The USER must authorise.
        AuthRequired = "AUTH_REQUIRED",
        /// The USER authorised.
        AuthApprove = "AUTH_APPROVE",
        /// The USER refused.
        AuthReject = "AUTH_REJECT",
        /// The draft was generated (and, at dispatch, written).
        DraftGenerated = "DRAFT_GENERATED",
        /// The draft keeps its disclaimers.
        DraftLintOk = "DRAFT_LINT_OK",
        /// The draft lost a required disclaimer.
        DraftOutOfScope = "DRAFT_OUT_OF_SCOPE",
        /// The ADMIN must finalise.
        AdminFinalizeRequired = "ADMIN_FINALIZE_REQUIRED",
        /// The ADMIN approved.
        FinalizeApprove = "FINALIZE_APPROVE",
        /// The ADMIN stopped.
        FinalizeStop = "FINALIZE_STOP",
        /// The contract takes effect, in simulation only.
        ContractEffectiveSimulated = "CONTRACT_EFFECTIVE_SIMULATED",
        /// A sealed run refuses further action.
        NonOverridableSafety = "NON_OVERRIDABLE_SAFETY",
    }
}

/// The KAGE emergency family: ethics and ACC seal; RFL never does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KageEmergencyFamily;

impl Family for KageEmergencyFamily {
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

/// The orchestrator's version.
pub const VERSION: &str = "1.0.0-minimal";
/// Its policy pack.
pub const POLICY_PACK: &str = "POLICY_PACK#EMERGENCY_CONTRACT_KAGE#V1_0";
/// The run id.
pub const RUN_ID: &str = "RUN#EMG-KAGE-001";
/// The Case-B scenario text.
pub const CASE_B: &str =
    "Case B: an emergency vehicle waits at a signal while a pedestrian is in the crosswalk";

/// The draft's required phrases (lower-cased, after removing `*` and `_`).
const REQUIRED: [&str; 5] = [
    "draft only",
    "no operational effect",
    "ai is used for drafting only",
    "admin approval",
    "not legally binding",
];

/// The draft the orchestrator writes, by variant.
pub fn draft_text(variant: &str) -> String {
    let mut lines = vec![
        "# Emergency passage agreement (DRAFT)",
        "",
        "This document is a **draft only** and has no operational effect.",
        "AI is used for drafting only; ADMIN approval is required before any use.",
        "It does not control real signals, does not create legal authority and is not legally binding.",
        "Priority: LIFE > PEDESTRIAN > VEHICLE.",
    ];
    match variant {
        "binding_claim" => lines.push("This contract is binding on all parties."),
        "discrimination" => {
            lines.push("Drivers from that district are racist and get no priority.")
        }
        "missing_disclaimer" => lines.retain(|l| !l.contains("not legally binding")),
        _ => {}
    }
    lines.join("\n")
}

knobs! {
    /// The knobs: the input and the run options that make each gate trigger.
    pub struct Knobs {
        scenario: &'static str = KnobInfo {
            name: "scenario",
            kind: KnobKind::Choice { values: &["case_b", "missing", "other"] },
            default: "case_b",
            help: "The scenario: Case B, none, or another one (meaning pauses).",
            help_ja: "シナリオ:ケース B、なし、またはほかのもの(意味ゲートが一時停止)。",
        },
        context_mismatch: bool = KnobInfo::flag(
            "context_mismatch",
            "false",
            "The authorisation request's context disagrees with the input (consistency pauses).",
            "認可要求の文脈が入力と食い違う(整合性ゲートが一時停止)。",
        ),
        priority_policy: &'static str = KnobInfo {
            name: "priority_policy",
            kind: KnobKind::Choice { values: &["LIFE > PEDESTRIAN > VEHICLE", "LIFE > VEHICLE"] },
            default: "LIFE > PEDESTRIAN > VEHICLE",
            help: "The priority policy (one without PEDESTRIAN lacks a reference point: REL_REF_MISSING).",
            help_ja: "優先順位の方針(PEDESTRIAN のないものは基準点を欠く:REL_REF_MISSING)。",
        },
        emergency_vehicle_state: &'static str = KnobInfo {
            name: "emergency_vehicle_state",
            kind: KnobKind::Choice { values: &["WAITING_AT_SIGNAL", "unknown"] },
            default: "WAITING_AT_SIGNAL",
            help: "The emergency vehicle's state (unknown makes the judgment unstable).",
            help_ja: "緊急車両の状態(unknown なら判断が不安定になる)。",
        },
        ped_in_crosswalk: bool = KnobInfo::flag(
            "ped_in_crosswalk",
            "true",
            "A pedestrian is in the crosswalk (without one the judgment is unstable).",
            "横断歩道に歩行者がいる(いなければ判断が不安定になる)。",
        ),
        evidence: &'static str = KnobInfo {
            name: "evidence",
            kind: KnobKind::Choice {
            values: &["ok", "missing", "schema_invalid", "mismatch", "fabricated"],
        },
            default: "ok",
            help: "The evidence bundle (every problem pauses; nothing is sealed at evidence here).",
            help_ja: "証拠の束(問題はすべて一時停止になる。ここでは証拠で封印しない)。",
        },
        draft: &'static str = KnobInfo {
            name: "draft",
            kind: KnobKind::Choice {
            values: &["standard", "binding_claim", "discrimination", "missing_disclaimer"],
        },
            default: "standard",
            help: "The draft: standard, or one that claims legal force, holds a discrimination term or lost a disclaimer.",
            help_ja: "文書:標準、または法的拘束力を主張する、差別語を含む、免責文を失ったもの。",
        },
        requested_external_effect: bool = KnobInfo::flag(
            "requested_external_effect",
            "false",
            "The run asks for an outside side effect (ACC pauses unless allowed).",
            "実行が外部への副作用を求める(許可がなければ ACC が一時停止)。",
        ),
        allow_external_effects: bool = KnobInfo::flag(
            "allow_external_effects",
            "false",
            "Outside effects are allowed by configuration.",
            "設定で外部への副作用が許可されている。",
        ),
        requested_real_signal_control: bool = KnobInfo::flag(
            "requested_real_signal_control",
            "false",
            "The run asks to control a real traffic signal (ACC seals the stop).",
            "実行が本物の信号機の制御を求める(ACC が停止を封印する)。",
        ),
    }
}

/// The knobs' descriptions, in form order.
pub const KNOBS: &[KnobInfo] = Knobs::INFO;

/// What a human answers at the orchestrator's pauses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Continue past the relativity gate.
    RflContinue,
    /// Stop there.
    RflStop,
    /// The USER authorises.
    AuthApprove,
    /// The USER rejects.
    AuthReject,
    /// The ADMIN finalises.
    FinalizeApprove,
    /// The ADMIN stops.
    FinalizeStop,
}

/// The student's answers.
pub const RFL_ANSWERS: &[Answer] = &[
    answer(
        "rfl:continue",
        "CONTINUE",
        Choice::RflContinue,
        "Accept the judgment and continue (REL_OK by USER).",
        "判断を受け入れて続ける(USER による REL_OK)。",
    ),
    answer(
        "rfl:stop",
        "STOP",
        Choice::RflStop,
        "Stop the run here (STOPPED, unsealed).",
        "ここで実行を止める(STOPPED、封印なし)。",
    ),
];
/// The USER's authorisation answers.
pub const AUTH_ANSWERS: &[Answer] = &[
    answer(
        "auth:approve",
        "APPROVE",
        Choice::AuthApprove,
        "Authorise: the draft is written next.",
        "認可する:次に文書が作られる。",
    ),
    answer(
        "auth:reject",
        "REJECT",
        Choice::AuthReject,
        "Refuse: the run stops (AUTH_REJECT).",
        "拒否する:実行は止まる(AUTH_REJECT)。",
    ),
];
/// The ADMIN's finalisation answers.
pub const FINALIZE_ANSWERS: &[Answer] = &[
    answer(
        "finalize:approve",
        "APPROVE",
        Choice::FinalizeApprove,
        "Finalise: the artifact and the simulated effect follow.",
        "最終確定する:成果物と模擬の効力が続く。",
    ),
    answer(
        "finalize:stop",
        "STOP",
        Choice::FinalizeStop,
        "Stop: nothing is dispatched (FINALIZE_STOP).",
        "止める:何も送り出さない(FINALIZE_STOP)。",
    ),
];

/// Where the run waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wait {
    Rfl,
    Auth,
    Finalize,
}

/// A run of the KAGE emergency orchestrator.
#[derive(Clone, Debug)]
pub struct KageEmergency {
    k: Knobs,
    waiting: Option<Wait>,
    decision: Decision,
    sealed: bool,
}

type HmacSha256 = Hmac<Sha256>;

/// The reference's demo key: the SHA-256 of `emergency-contract-kage-demo-key`.
fn demo_key() -> [u8; 32] {
    Sha256::digest(b"emergency-contract-kage-demo-key").into()
}

/// What one of the orchestrator's rows does: its gate, decision, decider and reason (its seal
/// follows from the decision and the reason).
#[derive(Clone, Copy, Debug)]
struct Act {
    layer: Layer,
    decision: Decision,
    decider: FinalDecider,
    reason: Reason,
}

impl KageEmergency {
    fn row(
        &mut self,
        out: &mut Emitter<KageEmergencyFamily>,
        act: Act,
        event: &str,
        detail: Option<String>,
        more: Vec<(&'static str, Value)>,
    ) {
        let Act { layer, decision, decider, reason } = act;
        let sealed = decision == Decision::Stopped && Self::seals(reason);
        let seal = if sealed {
            Seal::Sealed
        } else if decision == Decision::PauseForHitl {
            Seal::Overrideable
        } else {
            Seal::Fixed
        };
        let mut extras = vec![
            ("event", Value::from(event)),
            ("detail", detail.map_or(Value::Null, Value::from)),
        ];
        let artifact = more.iter().find(|(k, _)| *k == "artifact_path").map(|(_, v)| v.clone());
        extras.push(("artifact_path", artifact.unwrap_or(Value::Null)));
        extras.extend(more.into_iter().filter(|(k, _)| *k != "artifact_path"));
        out.emit(layer, decision, seal, decider, reason, extras);
        self.decision = decision;
        self.sealed |= sealed;
    }

    fn seals(reason: Reason) -> bool {
        matches!(
            reason,
            Reason::EthicsLegalBindingClaim
                | Reason::EthicsDiscriminationTerm
                | Reason::AccRealWorldControlBlocked
                | Reason::NonOverridableSafety
        )
    }

    fn gate(
        &mut self,
        out: &mut Emitter<KageEmergencyFamily>,
        layer: Layer,
        decision: Decision,
        reason: Reason,
        detail: Option<String>,
    ) {
        self.row(
            out,
            Act { layer, decision, decider: FinalDecider::System, reason },
            "GATE",
            detail,
            vec![],
        );
    }

    fn wait(&mut self, at: Wait) -> Next {
        self.waiting = Some(at);
        let (decider, answers) = match at {
            Wait::Rfl => (FinalDecider::User, RFL_ANSWERS),
            Wait::Auth => (FinalDecider::User, AUTH_ANSWERS),
            Wait::Finalize => (FinalDecider::Admin, FINALIZE_ANSWERS),
        };
        Next::Hitl(Point { decider, answers })
    }

    /// Meaning, consistency, RFL.
    fn begin(&mut self, out: &mut Emitter<KageEmergencyFamily>) -> Next {
        use Decision::{PauseForHitl, Run};
        match self.k.scenario {
            "missing" => {
                self.gate(
                    out,
                    Layer::MeaningGate,
                    PauseForHitl,
                    Reason::MeaningMissingScenario,
                    None,
                );
                return Next::End;
            }
            "other" => {
                let detail = Some("scenario=Case A: a routine delivery".to_string());
                self.gate(
                    out,
                    Layer::MeaningGate,
                    PauseForHitl,
                    Reason::MeaningNotEmergencyContract,
                    detail,
                );
                return Next::End;
            }
            _ => self.gate(out, Layer::MeaningGate, Run, Reason::MeaningOk, None),
        }
        if self.k.context_mismatch {
            let detail = Some("failed=['location_id']".to_string());
            self.gate(out, Layer::ConsistencyGate, PauseForHitl, Reason::ConsistencyBreak, detail);
            return Next::End;
        }
        self.gate(out, Layer::ConsistencyGate, Run, Reason::ConsistencyOk, None);
        let policy = self.k.priority_policy.to_string();
        if !["LIFE", "PEDESTRIAN", "VEHICLE"].iter().all(|t| policy.contains(t)) {
            self.gate(
                out,
                Layer::RelativityGate,
                PauseForHitl,
                Reason::RelRefMissing,
                Some(format!("priority_policy={policy}")),
            );
            return self.wait(Wait::Rfl);
        }
        if self.k.emergency_vehicle_state != "unknown" && self.k.ped_in_crosswalk {
            self.gate(out, Layer::RelativityGate, Run, Reason::RelOk, None);
            return self.evidence(out);
        }
        self.gate(out, Layer::RelativityGate, PauseForHitl, Reason::RelBoundaryUnstable, None);
        self.wait(Wait::Rfl)
    }

    /// Evidence, then the authorisation request.
    fn evidence(&mut self, out: &mut Emitter<KageEmergencyFamily>) -> Next {
        use Decision::{PauseForHitl, Run};
        let problem = match self.k.evidence {
            "missing" => Some(Reason::EvidenceMissing),
            "schema_invalid" => Some(Reason::EvidenceSchemaInvalid),
            "mismatch" => Some(Reason::ConsistencyBreak),
            "fabricated" => Some(Reason::EvidenceFabrication),
            _ => None,
        };
        if let Some(reason) = problem {
            self.gate(
                out,
                Layer::EvidenceGate,
                PauseForHitl,
                reason,
                Some("evidence_id=EV#CASE_B#001".into()),
            );
            return Next::End;
        }
        let hash = format!("sha256:{}", hex(&Sha256::digest(POLICY_PACK.as_bytes())));
        self.row(
            out,
            Act {
                layer: Layer::EvidenceGate,
                decision: Run,
                decider: FinalDecider::System,
                reason: Reason::EvidenceOk,
            },
            "GATE",
            None,
            vec![("policy_pack_hash", Value::from(hash))],
        );
        self.row(
            out,
            Act {
                layer: Layer::HitlAuth,
                decision: PauseForHitl,
                decider: FinalDecider::System,
                reason: Reason::AuthRequired,
            },
            "GATE",
            Some("auth_id=EMG-DEMO001".into()),
            vec![],
        );
        self.wait(Wait::Auth)
    }

    /// The draft, ethics, lint, ACC, then the finalisation request.
    fn draft(&mut self, out: &mut Emitter<KageEmergencyFamily>) -> Next {
        use Decision::{PauseForHitl, Run, Stopped};
        let text = draft_text(self.k.draft);
        self.row(
            out,
            Act {
                layer: Layer::DocDraft,
                decision: Run,
                decider: FinalDecider::System,
                reason: Reason::DraftGenerated,
            },
            "DRAFT_GENERATED",
            Some("DRAFT#EMG-KAGE-001".into()),
            vec![],
        );
        match DraftLint::new().ethics(&text, 5) {
            LintVerdict::LegalBinding { .. } => {
                self.gate(out, Layer::EthicsGate, Stopped, Reason::EthicsLegalBindingClaim, None);
                return Next::End;
            }
            LintVerdict::Discrimination { .. } => {
                self.gate(out, Layer::EthicsGate, Stopped, Reason::EthicsDiscriminationTerm, None);
                return Next::End;
            }
            _ => self.gate(out, Layer::EthicsGate, Run, Reason::EthicsOk, None),
        }
        let plain = text.replace(['*', '_'], "").to_lowercase();
        let missing: Vec<&str> = REQUIRED.iter().copied().filter(|p| !plain.contains(p)).collect();
        if !missing.is_empty() {
            self.gate(
                out,
                Layer::DraftLintGate,
                PauseForHitl,
                Reason::DraftOutOfScope,
                // The list as the reference shows it (`["draft only", ...]`), written out: the
                // phrases are plain ASCII, and `Debug` would bring its escaping tables along.
                Some(format!("missing=[\"{}\"]", missing.join("\", \""))),
            );
            return Next::End;
        }
        self.gate(out, Layer::DraftLintGate, Run, Reason::DraftLintOk, None);
        if self.k.requested_real_signal_control {
            self.gate(out, Layer::AccGate, Stopped, Reason::AccRealWorldControlBlocked, None);
            return Next::End;
        }
        if self.k.requested_external_effect && !self.k.allow_external_effects {
            self.gate(
                out,
                Layer::AccGate,
                PauseForHitl,
                Reason::AccExternalSideEffectRequiresHitl,
                None,
            );
            return Next::End;
        }
        self.gate(out, Layer::AccGate, Run, Reason::AccOk, None);
        self.row(
            out,
            Act {
                layer: Layer::HitlFinalizeAdmin,
                decision: PauseForHitl,
                decider: FinalDecider::System,
                reason: Reason::AdminFinalizeRequired,
            },
            "GATE",
            None,
            vec![],
        );
        self.wait(Wait::Finalize)
    }

    /// The simulated artifact and contract effect.
    fn dispatch(&mut self, out: &mut Emitter<KageEmergencyFamily>) -> Next {
        let text = draft_text(self.k.draft);
        let path =
            format!("out/emergency_contract_kage/{}__contract_draft.md", safe_run_id(RUN_ID));
        let sha = hex(&Sha256::digest(text.as_bytes()));
        let mut signed = Object::new();
        signed.insert("run_id", Value::from(RUN_ID));
        signed.insert("artifact_path", Value::from(path.as_str()));
        signed.insert("artifact_sha256", Value::from(sha.as_str()));
        let key = demo_key();
        // Fail closed: an artifact whose signature cannot be computed is not written.
        let mac = match (HmacSha256::new_from_slice(&key), canonical(&signed)) {
            (Ok(mut m), Ok(body)) => {
                m.update(body.as_bytes());
                hex(&m.finalize().into_bytes())
            }
            _ => {
                out.refuse("the artifact's HMAC cannot be computed, so it is not written");
                return Next::End;
            }
        };
        self.row(
            out,
            Act {
                layer: Layer::Dispatch,
                decision: Decision::Run,
                decider: FinalDecider::System,
                reason: Reason::DraftGenerated,
            },
            "ARTIFACT_WRITTEN",
            None,
            vec![
                ("artifact_path", Value::from(path)),
                ("artifact_sha256", Value::from(sha)),
                ("artifact_hmac", Value::from(mac)),
            ],
        );
        self.row(
            out,
            Act {
                layer: Layer::ContractEffect,
                decision: Decision::Run,
                decider: FinalDecider::Admin,
                reason: Reason::ContractEffectiveSimulated,
            },
            "CONTRACT_EFFECT_SIMULATED",
            None,
            vec![
                ("contract_id", Value::from(format!("CONTRACT#SIM#{RUN_ID}"))),
                ("simulated_effect", Value::Bool(true)),
                ("real_world_effect", Value::Bool(false)),
            ],
        );
        Next::End
    }
}

/// The reference's safe run id for file names: runs of characters outside `A-Za-z0-9_.#-`
/// become one `_`, leading and trailing `_` are stripped, and an empty result is `run`.
pub fn safe_run_id(run_id: &str) -> String {
    let mut out = String::new();
    for c in run_id.chars() {
        if c.is_ascii_alphanumeric() || "_.#-".contains(c) {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let trimmed = out.trim_matches('_');
    if trimmed.is_empty() { "run".to_string() } else { trimmed.to_string() }
}

impl Bench for KageEmergency {
    type Choice = Choice;
    type F = KageEmergencyFamily;
    const ID: &'static str = ID;
    const RUN_ID: &'static str = RUN_ID;
    const KNOBS: &'static [KnobInfo] = KNOBS;

    fn open(req: &RunRequest) -> Result<Self, RequestError> {
        Ok(KageEmergency {
            k: Knobs::read(req)?,
            waiting: None,
            decision: Decision::Run,
            sealed: false,
        })
    }

    fn knob_values(&self) -> Vec<(&'static str, String)> {
        self.k.pairs()
    }

    fn start(&mut self, out: &mut Emitter<KageEmergencyFamily>) -> Next {
        self.begin(out)
    }

    fn resume(&mut self, answer: &Answer, out: &mut Emitter<KageEmergencyFamily>) -> Next {
        use Decision::{Run, Stopped};
        let go =
            !matches!(answer.choice, Choice::RflStop | Choice::AuthReject | Choice::FinalizeStop);
        match self.waiting.take() {
            Some(Wait::Rfl) if go => {
                self.row(
                    out,
                    Act {
                        layer: Layer::HitlAuth,
                        decision: Run,
                        decider: FinalDecider::User,
                        reason: Reason::RelOk,
                    },
                    "HITL_DECIDED",
                    Some("rfl=continue".into()),
                    vec![],
                );
                self.evidence(out)
            }
            Some(Wait::Rfl) => {
                self.row(
                    out,
                    Act {
                        layer: Layer::HitlAuth,
                        decision: Stopped,
                        decider: FinalDecider::User,
                        reason: Reason::RelBoundaryUnstable,
                    },
                    "HITL_DECIDED",
                    Some("rfl=stop".into()),
                    vec![],
                );
                Next::End
            }
            Some(Wait::Auth) if go => {
                self.row(
                    out,
                    Act {
                        layer: Layer::HitlAuth,
                        decision: Run,
                        decider: FinalDecider::User,
                        reason: Reason::AuthApprove,
                    },
                    "HITL_DECIDED",
                    Some("auth_id=EMG-DEMO001".into()),
                    vec![],
                );
                self.draft(out)
            }
            Some(Wait::Auth) => {
                self.row(
                    out,
                    Act {
                        layer: Layer::HitlAuth,
                        decision: Stopped,
                        decider: FinalDecider::User,
                        reason: Reason::AuthReject,
                    },
                    "HITL_DECIDED",
                    Some("auth_id=EMG-DEMO001".into()),
                    vec![],
                );
                Next::End
            }
            Some(Wait::Finalize) if go => {
                self.row(
                    out,
                    Act {
                        layer: Layer::HitlFinalizeAdmin,
                        decision: Run,
                        decider: FinalDecider::Admin,
                        reason: Reason::FinalizeApprove,
                    },
                    "HITL_DECIDED",
                    None,
                    vec![],
                );
                self.dispatch(out)
            }
            Some(Wait::Finalize) => {
                self.row(
                    out,
                    Act {
                        layer: Layer::HitlFinalizeAdmin,
                        decision: Stopped,
                        decider: FinalDecider::Admin,
                        reason: Reason::FinalizeStop,
                    },
                    "HITL_DECIDED",
                    None,
                    vec![],
                );
                Next::End
            }
            None => Next::End,
        }
    }

    /// Trying to continue is trying to finalise.
    fn override_token(&self) -> Option<&'static str> {
        FINALIZE_ANSWERS.first().map(|a| a.token)
    }

    fn after_end(&mut self, token: &str, out: &mut Emitter<KageEmergencyFamily>) -> bool {
        // Any answer to a sealed run is refused with a sealed stop.
        let known = [RFL_ANSWERS, AUTH_ANSWERS, FINALIZE_ANSWERS]
            .iter()
            .any(|list| list.iter().any(|a| a.token == token));
        if !self.sealed || !known {
            return false;
        }
        let layer = if token.starts_with("finalize") { Layer::AccGate } else { Layer::EthicsGate };
        self.row(
            out,
            Act {
                layer,
                decision: Decision::Stopped,
                decider: FinalDecider::System,
                reason: Reason::NonOverridableSafety,
            },
            "GATE",
            Some(format!("refused={token}")),
            vec![],
        );
        true
    }

    fn state(&self) -> &'static str {
        if self.waiting.is_some() {
            return Decision::PauseForHitl.as_str();
        }
        self.decision.as_str()
    }

    fn sealed(&self) -> bool {
        self.sealed
    }

    fn paths(
        &self,
        rows: &[Row<KageEmergencyFamily>],
        answers: &[&'static str],
    ) -> Vec<&'static str> {
        let found = rows.iter().filter_map(|r| {
            Some(match r.reason() {
                Reason::ContractEffectiveSimulated => "contract-effective-simulated",
                Reason::MeaningMissingScenario
                | Reason::MeaningNotEmergencyContract
                | Reason::ConsistencyBreak
                | Reason::EvidenceMissing
                | Reason::EvidenceSchemaInvalid
                | Reason::EvidenceFabrication
                | Reason::DraftOutOfScope => "gate-pause",
                Reason::RelRefMissing => "rfl-ref-missing",
                Reason::EthicsLegalBindingClaim | Reason::EthicsDiscriminationTerm => {
                    "ethics-sealed"
                }
                Reason::AccRealWorldControlBlocked => "real-world-control-blocked",
                Reason::AccExternalSideEffectRequiresHitl => "external-effect-pause",
                Reason::NonOverridableSafety => "override-refused",
                _ => return None,
            })
        });
        crate::stepwise::taken(found, PATHS, answers)
    }
}

/// The decision paths of the KAGE emergency orchestrator.
pub const PATHS: &[PathInfo] = &[
    path(
        "contract-effective-simulated",
        "Every gate passes: the artifact and a simulated contract effect",
        "すべてのゲートを通過:成果物と模擬の契約効力",
    ),
    path(
        "gate-pause",
        "A gate finds a problem (scenario, consistency, evidence, disclaimer): the run pauses for a human",
        "ゲートが問題(シナリオ、整合性、証拠、免責文)を見つける:実行は人間のために一時停止する",
    ),
    path(
        "rfl-ref-missing",
        "The priority policy lacks a reference point: RFL asks the USER",
        "優先順位の方針が基準点を欠く:RFL が USER に尋ねる",
    ),
    path("hitl:rfl:continue", "The USER continues past RFL", "USER が RFL を越えて続ける"),
    path("hitl:rfl:stop", "The USER stops at RFL", "USER が RFL で止める"),
    path("hitl:auth:approve", "The USER authorises", "USER が認可する"),
    path("hitl:auth:reject", "The USER refuses", "USER が拒否する"),
    path(
        "ethics-sealed",
        "The draft claims legal force or discriminates: a sealed stop",
        "文書が法的拘束力を主張するか差別する:封印された停止",
    ),
    path(
        "real-world-control-blocked",
        "Real signal control requested: ACC seals the stop",
        "本物の信号制御が求められた:ACC が停止を封印する",
    ),
    path(
        "external-effect-pause",
        "An outside effect without permission: ACC pauses",
        "許可のない外部への副作用:ACC が一時停止する",
    ),
    path("hitl:finalize:approve", "The ADMIN finalises", "ADMIN が最終確定する"),
    path("hitl:finalize:stop", "The ADMIN stops", "ADMIN が止める"),
    path("override-refused", "An answer after a seal is refused", "封印のあとの答えが拒否される"),
    TAMPER_PATH,
];

/// One sentence in English and Japanese for each code of the family, by name.
pub fn explain(name: &str) -> Option<(&'static str, &'static str)> {
    if let Some(l) = Layer::parse(name) {
        return Some(match l {
            Layer::MeaningGate => (
                "Is the request about the emergency-contract scenario?",
                "要求は緊急契約のシナリオについてか。",
            ),
            Layer::ConsistencyGate => (
                "Do the authorisation request, the input and the evidence agree?",
                "認可要求、入力、証拠は一致しているか。",
            ),
            Layer::RelativityGate => (
                "Is the priority judgment referenced and stable? It pauses, never seals.",
                "優先順位の判断は基準があり安定しているか。一時停止はするが封印はしない。",
            ),
            Layer::EvidenceGate => (
                "Is the evidence present, well formed and genuine? Problems pause here.",
                "証拠はあり、形が正しく、本物か。ここでは問題は一時停止になる。",
            ),
            Layer::EthicsGate => (
                "Does the draft claim legal force or use discriminatory terms? A sealed stop if so.",
                "文書が法的拘束力を主張したり差別的な語を使ったりしていないか。あれば封印された停止。",
            ),
            Layer::AccGate => (
                "Deny by default: real signal control is a sealed stop, outside effects need a human.",
                "デフォルト拒否:本物の信号制御は封印された停止、外部への副作用には人間が要る。",
            ),
            Layer::HitlAuth => (
                "The USER's decisions: authorisation, and continue / stop at RFL.",
                "USER の判断:認可と、RFL での続行 / 停止。",
            ),
            Layer::DocDraft => {
                ("The draft is generated (text only).", "文書が作られる(文字だけ)。")
            }
            Layer::DraftLintGate => (
                "Does the draft keep its five required disclaimers?",
                "文書は 5 つの必須の免責文を保っているか。",
            ),
            Layer::HitlFinalizeAdmin => ("The ADMIN's finalisation.", "ADMIN の最終確定。"),
            Layer::Dispatch => (
                "The artifact: a path, its SHA-256 and an HMAC in the log; no file leaves the sandbox.",
                "成果物:ログにはパス、SHA-256、HMAC。ファイルはサンドボックスの外に出ない。",
            ),
            Layer::ContractEffect => (
                "The contract takes effect in simulation only: no real-world effect.",
                "契約は模擬の中でだけ効力を持つ。現実への影響はない。",
            ),
        });
    }
    Reason::parse(name).map(|r| match r {
        Reason::Ok => ("Passed.", "通過した。"),
        Reason::MeaningOk => {
            ("The request is the emergency-contract scenario.", "要求は緊急契約のシナリオである。")
        }
        Reason::MeaningMissingScenario => {
            ("No scenario was given.", "シナリオが与えられていない。")
        }
        Reason::MeaningNotEmergencyContract => {
            ("The request is about another scenario.", "要求は別のシナリオについてのものである。")
        }
        Reason::ConsistencyOk => ("Request and input agree.", "要求と入力が一致している。"),
        Reason::ConsistencyBreak => (
            "Request, input or evidence disagree on a key field.",
            "要求、入力、証拠が重要な項目で食い違う。",
        ),
        Reason::RelOk => (
            "The priority judgment is stable (or the USER accepted it).",
            "優先順位の判断は安定している(または USER が受け入れた)。",
        ),
        Reason::RelBoundaryUnstable => (
            "The judgment is unstable: the USER decides (and may stop).",
            "判断が不安定:USER が決める(止めることもできる)。",
        ),
        Reason::RelRefMissing => (
            "The priority policy lacks a reference point (LIFE, PEDESTRIAN or VEHICLE).",
            "優先順位の方針に基準点(LIFE、PEDESTRIAN、VEHICLE)が欠けている。",
        ),
        Reason::EvidenceOk => {
            ("The evidence is present, valid and genuine.", "証拠はあり、正しく、本物である。")
        }
        Reason::EvidenceMissing => ("There is no evidence.", "証拠がない。"),
        Reason::EvidenceSchemaInvalid => ("The evidence is malformed.", "証拠の形が不正である。"),
        Reason::EvidenceFabrication => (
            "The evidence is fabricated; this orchestrator pauses rather than seals.",
            "証拠が捏造されている。このオーケストレーターは封印せず一時停止する。",
        ),
        Reason::EthicsOk => ("The draft passes ethics.", "文書は倫理の確認を通った。"),
        Reason::EthicsLegalBindingClaim => (
            "The draft claims legal force: a sealed stop.",
            "文書が法的拘束力を主張している:封印された停止。",
        ),
        Reason::EthicsDiscriminationTerm => (
            "The draft holds a discrimination term: a sealed stop.",
            "文書に差別語がある:封印された停止。",
        ),
        Reason::AccOk => {
            ("No outside effect and no real-world control.", "外部への副作用も現実の制御もない。")
        }
        Reason::AccExternalSideEffectRequiresHitl => (
            "An outside side effect without permission needs a human.",
            "許可のない外部への副作用には人間が要る。",
        ),
        Reason::AccRealWorldControlBlocked => (
            "Controlling a real traffic signal is never allowed: a sealed stop.",
            "本物の信号機の制御は決して許されない:封印された停止。",
        ),
        Reason::AuthRequired => (
            "The USER must authorise before the draft is written.",
            "文書が作られる前に USER が認可しなければならない。",
        ),
        Reason::AuthApprove => ("The USER authorised.", "USER が認可した。"),
        Reason::AuthReject => (
            "The USER refused: the run stops, unsealed.",
            "USER が拒否した:実行は封印なしで止まる。",
        ),
        Reason::DraftGenerated => (
            "The draft was generated (at dispatch: written, in simulation).",
            "文書が作られた(ディスパッチでは模擬として書かれた)。",
        ),
        Reason::DraftLintOk => ("The draft keeps its disclaimers.", "文書は免責文を保っている。"),
        Reason::DraftOutOfScope => {
            ("The draft lost a required disclaimer.", "文書が必須の免責文を失った。")
        }
        Reason::AdminFinalizeRequired => {
            ("The ADMIN must finalise.", "ADMIN が最終確定しなければならない。")
        }
        Reason::FinalizeApprove => ("The ADMIN approved.", "ADMIN が承認した。"),
        Reason::FinalizeStop => {
            ("The ADMIN stopped: nothing is dispatched.", "ADMIN が止めた:何も送り出されない。")
        }
        Reason::ContractEffectiveSimulated => (
            "The contract takes effect in simulation; real_world_effect is false.",
            "契約は模擬として効力を持つ。real_world_effect は false。",
        ),
        Reason::NonOverridableSafety => (
            "The run is sealed: no answer can override it.",
            "実行は封印されている:どの答えも覆せない。",
        ),
    })
}

/// The scenario's id, written once: the registry, links and logs read it from here.
pub const ID: &str = "kage-emergency";

/// This scenario: the KAGE emergency orchestrator.
pub const SCENARIO: crate::scenario::ScenarioInfo = crate::scenario::ScenarioInfo {
    id: ID,
    family: ID,
    theme: crate::scenario::Theme::Emergency,
    teaches: (
        "Every gate can stop the emergency run, and a real traffic signal is never touched.",
        "どのゲートも緊急の実行を止められ、本物の信号には決して触れない。",
    ),
    story: crate::scenario::Story {
        who: (
            "One emergency-contract run in which every gate can trigger, from meaning to the contract's simulated effect.",
            "意味ゲートから契約の模擬発効まで、すべてのゲートが作動しうる緊急契約の 1 回の実行。",
        ),
        risk: (
            "Real signal control would be an outside effect: it is a sealed stop, and any outside action without permission pauses.",
            "実際の信号制御は外部への作用であり、封印された停止になる。許可のない外部操作はすべて一時停止する。",
        ),
        decide: (
            "You are the USER who continues or stops at the relativity gate and authorises, and the ADMIN who finalises.",
            "あなたは相対性ゲートで続行か停止かを決めて認可する USER であり、確定する ADMIN でもある。",
        ),
    },
    title: "KAGE emergency orchestrator 1.0.0-minimal (every gate can trigger; real signals never)",
    title_ja: "KAGE 緊急オーケストレーター 1.0.0-minimal(どのゲートも作動し得る。本物の信号は決して)",
    reference: "emergency_contract_kage_orchestrator.py",
    version: VERSION,
    layers: Layer::NAMES,
    reasons: Reason::NAMES,
    extra_fields: &[
        "event",
        "detail",
        "artifact_path",
        "policy_pack_hash",
        "artifact_sha256",
        "artifact_hmac",
        "contract_id",
        "simulated_effect",
        "real_world_effect",
    ],
    paths: PATHS,
    decisions: crate::scenario::SHARED_DECISIONS,
    deciders: crate::scenario::ALL_DECIDERS,
    knobs: KNOBS,
    open: crate::stepwise::StepRun::<KageEmergency>::open_boxed,
    batch: None,
    explain,
};
