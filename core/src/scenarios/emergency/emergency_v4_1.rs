//! Emergency contract v4.1, the "legacy stable bench" (`mediation_emergency_contract_sim_v4_1.py`):
//! a session of runs `SIM#B001`, `SIM#B002`, ... sharing one trust store, with the real
//! relativity branch: run `B002` is boundary-unstable and pauses at `relativity_gate` for the
//! USER's continue or stop (the student decides). Fabricated evidence is flagged at the
//! evidence gate and stopped, sealed, at ethics; authorisation is automatic only with high
//! trust and a streak; the ADMIN's finalisation raises trust.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use serde_json::Value;

use crate::arl::{JsonExtras, Row, Seal};
use crate::face::{KnobInfo, KnobKind, PathInfo, RequestError, RunRequest, TAMPER_PATH, path};
use crate::json::float;
use crate::knob::{KnobSet, knobs};
use crate::scenarios::emergency::knobs::DraftMutation;
use crate::scenarios::emergency::lint::{DraftLint, LintVerdict, REQUIRED_PHRASES};
use crate::scenarios::emergency::state::{
    AUTO_AUTH_STREAK, AUTO_AUTH_TRUST, POSITIVE_CAP, TrustState, update_trust,
};
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
    /// The v4.1 layers.
    pub enum Layer {
        /// Meaning (passes).
        MeaningGate = "meaning_gate",
        /// Consistency (passes).
        ConsistencyGate = "consistency_gate",
        /// Relativity: run B002 is boundary-unstable.
        RelativityGate = "relativity_gate",
        /// The USER's continue / stop at RFL.
        HitlFinalizeRfl = "hitl_finalize_rfl",
        /// Evidence.
        EvidenceGate = "evidence_gate",
        /// Ethics: fabricated evidence is a sealed stop.
        EthicsGate = "ethics_gate",
        /// The pauses for authorisation and finalisation.
        AccGate = "acc_gate",
        /// Trust and grant.
        ModelTrustGate = "model_trust_gate",
        /// Trust changes.
        TrustUpdate = "trust_update",
        /// The authorisation.
        HitlAuth = "hitl_auth",
        /// The draft.
        DocDraft = "doc_draft",
        /// The draft lint.
        DraftLintGate = "draft_lint_gate",
        /// The ADMIN's finalisation.
        HitlFinalizeAdmin = "hitl_finalize_admin",
        /// The contract.
        ContractEffect = "contract_effect",
    }
}

vocabulary! {
    /// The v4.1 reason codes.
    pub enum Reason {
        /// A pass.
        Ok = "OK",
        /// Run B002's judgment is unstable.
        RelBoundaryUnstable = "REL_BOUNDARY_UNSTABLE",
        /// Evidence is valid.
        EvidenceOk = "EVIDENCE_OK",
        /// The evidence is malformed.
        EvidenceSchemaInvalid = "EVIDENCE_SCHEMA_INVALID",
        /// The evidence is fabricated.
        EvidenceFabrication = "EVIDENCE_FABRICATION",
        /// Trust is below the automatic threshold.
        TrustScoreLow = "TRUST_SCORE_LOW",
        /// A cooldown is active.
        TrustCooldownActive = "TRUST_COOLDOWN_ACTIVE",
        /// Trust and streak allow automatic authorisation.
        AutoAuthByTrustAndGrant = "AUTO_AUTH_BY_TRUST_AND_GRANT",
        /// No valid grant.
        NoValidGrant = "NO_VALID_GRANT",
        /// The draft was generated.
        DraftGenerated = "DRAFT_GENERATED",
        /// The draft passes the lint.
        DraftLintOk = "DRAFT_LINT_OK",
        /// The draft lost a required phrase.
        DraftOutOfScope = "DRAFT_OUT_OF_SCOPE",
        /// The draft claims legal force.
        DraftIllegalBinding = "DRAFT_ILLEGAL_BINDING",
        /// The ADMIN approved.
        FinalizeApprove = "FINALIZE_APPROVE",
        /// The contract took effect.
        ContractEffective = "CONTRACT_EFFECTIVE",
        /// A sealed run refuses further action.
        NonOverridableSafety = "NON_OVERRIDABLE_SAFETY",
        /// The USER continued at RFL.
        HitlContinue = "HITL_CONTINUE",
        /// The USER stopped at RFL.
        HitlStop = "HITL_STOP",
        /// The USER authorised.
        AuthApprove = "AUTH_APPROVE",
        /// Authorisation is required.
        AuthRequired = "AUTH_REQUIRED",
        /// Authorisation was skipped (automatic).
        AuthSkipped = "AUTH_SKIPPED",
        /// A trust change.
        TrustUpdate = "TRUST_UPDATE",
        /// The ADMIN must finalise.
        AdminFinalizeRequired = "ADMIN_FINALIZE_REQUIRED",
    }
}

/// The v4.1 family: ethics and ACC may seal; RFL never does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct V41Family;

impl Family for V41Family {
    const ID: &'static str = ID;
    type Layer = Layer;
    type Reason = Reason;
    type Extras = JsonExtras;
    fn may_seal(layer: Layer) -> bool {
        // The RFL handler seals its refusal of a sealed run (`NON_OVERRIDABLE_SAFETY`).
        matches!(layer, Layer::EthicsGate | Layer::AccGate | Layer::HitlFinalizeRfl)
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
            "4",
            "Runs in the session (SIM#B001, SIM#B002, ...); B002 pauses at RFL.",
            "セッションの実行数(SIM#B001、SIM#B002、...)。B002 は RFL で一時停止する。",
        ),
        fabricate: bool = KnobInfo::flag(
            "fabricate",
            "false",
            "Every run's evidence is fabricated (the reference's fabricate variant).",
            "すべての実行の証拠が捏造されている(参照実装の fabricate の変種)。",
        ),
        draft: &'static str = KnobInfo {
            name: "draft",
            kind: KnobKind::Choice { values: &["ok", "legal_binding", "out_of_scope"] },
            default: "ok",
            help: "Every run's draft: as built, with a binding claim, or without the drafting-only sentence.",
            help_ja: "すべての実行の文書:そのまま、拘束力の主張つき、または「drafting only」の文なし。",
        },
    }
}

/// The knobs' descriptions, in form order.
pub const KNOBS: &[KnobInfo] = Knobs::INFO;

/// The human may let the run go on or stop it (the relativity gate's answers).
pub use crate::stepwise::Proceed as Choice;

/// The USER's answers at RFL.
pub const ANSWERS: &[Answer] = &[
    answer(
        "rfl:continue",
        "continue",
        Choice::Continue,
        "Continue: the run resumes (HITL_CONTINUE).",
        "続ける:実行は再開する(HITL_CONTINUE)。",
    ),
    answer(
        "rfl:stop",
        "stop",
        Choice::Stop,
        "Stop: the run ends, unsealed, trust unchanged (HITL_STOP).",
        "止める:実行は封印なしで終わり、信頼は変わらない(HITL_STOP)。",
    ),
];

/// One run's ending, for the session's summary.
#[derive(Clone, Debug, PartialEq)]
pub struct RunEnd {
    /// `SIM#B001`, ...
    pub run_id: String,
    /// `CONTRACT_EFFECTIVE`, `STOPPED`, ...
    pub state: &'static str,
    /// Whether it was sealed.
    pub sealed: bool,
    /// Trust after it.
    pub trust: f64,
    /// The approval streak after it.
    pub streak: u32,
}

/// A v4.1 session.
#[derive(Clone, Debug)]
pub struct EmergencyV41 {
    k: Knobs,
    trust: TrustState,
    index: u64,
    cap: f64,
    ends: Vec<RunEnd>,
    waiting: bool,
}

impl EmergencyV41 {
    fn run_id(&self) -> String {
        format!("SIM#B{:03}", self.index)
    }

    fn pass(
        &self,
        out: &mut Emitter<V41Family>,
        layer: Layer,
        reason: Reason,
        extras: Vec<(&'static str, Value)>,
    ) {
        out.emit(layer, Decision::Run, Seal::Fixed, FinalDecider::System, reason, extras);
    }

    fn trust_change(&mut self, out: &mut Emitter<V41Family>, outcome: &'static str, delta: f64) {
        let change = update_trust(&mut self.trust, &mut self.cap, outcome, delta, out.now());
        let extras = change.extras();
        self.pass(out, Layer::TrustUpdate, Reason::TrustUpdate, extras);
    }

    fn end(&mut self, state: &'static str, sealed: bool) {
        self.ends.push(RunEnd {
            run_id: self.run_id(),
            state,
            sealed,
            trust: self.trust.trust_score,
            streak: self.trust.approval_streak,
        });
    }

    /// Runs from the next run on until the RFL pause or the end of the session.
    fn session(&mut self, out: &mut Emitter<V41Family>) -> Next {
        while self.index < self.k.runs {
            self.index += 1;
            // Each run's rows carry the run's own id, as the reference writes them.
            out.set_run_id(&self.run_id());
            self.cap = POSITIVE_CAP;
            self.pass(out, Layer::MeaningGate, Reason::Ok, vec![]);
            self.pass(out, Layer::ConsistencyGate, Reason::Ok, vec![]);
            if self.run_id().ends_with("B002") {
                out.emit(
                    Layer::RelativityGate,
                    Decision::PauseForHitl,
                    Seal::Overrideable,
                    FinalDecider::System,
                    Reason::RelBoundaryUnstable,
                    vec![],
                );
                self.waiting = true;
                return Next::Hitl(Point { decider: FinalDecider::User, answers: ANSWERS });
            }
            out.emit(
                Layer::RelativityGate,
                Decision::Run,
                Seal::Overrideable,
                FinalDecider::System,
                Reason::Ok,
                vec![],
            );
            self.rest(out);
        }
        Next::End
    }

    /// A run after RFL: evidence, authorisation, draft, lint, finalisation, contract.
    fn rest(&mut self, out: &mut Emitter<V41Family>) {
        let sys = FinalDecider::System;
        if self.k.fabricate {
            self.pass(out, Layer::EvidenceGate, Reason::EvidenceFabrication, vec![]);
            out.emit(
                Layer::EthicsGate,
                Decision::Stopped,
                Seal::Sealed,
                sys,
                Reason::EvidenceFabrication,
                vec![],
            );
            self.trust_change(out, "EVIDENCE_FABRICATION", -0.03);
            self.end("STOPPED", true);
            return;
        }
        self.pass(out, Layer::EvidenceGate, Reason::EvidenceOk, vec![]);
        self.pass(out, Layer::EthicsGate, Reason::Ok, vec![]);
        out.emit(
            Layer::AccGate,
            Decision::PauseForHitl,
            Seal::Overrideable,
            sys,
            Reason::AuthRequired,
            vec![],
        );
        let t = &self.trust;
        let score = float(t.trust_score);
        let (decision, reason, extras) = if t.cooling_down(out.now()) {
            (Decision::PauseForHitl, Reason::TrustCooldownActive, vec![])
        } else if t.trust_score >= AUTO_AUTH_TRUST && t.approval_streak >= AUTO_AUTH_STREAK {
            let e = vec![
                ("grant_id", Value::from(super::GRANT_ID)),
                ("trust_score", score),
                ("approval_streak", Value::from(t.approval_streak)),
            ];
            (Decision::Run, Reason::AutoAuthByTrustAndGrant, e)
        } else {
            let e = vec![
                ("trust_score", score),
                ("need", float(AUTO_AUTH_TRUST)),
                ("approval_streak", Value::from(t.approval_streak)),
            ];
            (Decision::PauseForHitl, Reason::TrustScoreLow, e)
        };
        let seal =
            if decision == Decision::PauseForHitl { Seal::Overrideable } else { Seal::Fixed };
        out.emit(Layer::ModelTrustGate, decision, seal, sys, reason, extras);
        if decision == Decision::Run {
            self.pass(
                out,
                Layer::HitlAuth,
                Reason::AuthSkipped,
                vec![("mode", Value::from("auto"))],
            );
        } else {
            out.emit(
                Layer::HitlAuth,
                Decision::Run,
                Seal::Fixed,
                FinalDecider::User,
                Reason::AuthApprove,
                vec![],
            );
            self.trust_change(out, "AUTH_APPROVE", 0.01);
        }
        let mutation = match self.k.draft {
            "legal_binding" => DraftMutation::LegalBinding,
            "out_of_scope" => DraftMutation::OutOfScope,
            _ => DraftMutation::Ok,
        };
        let text =
            crate::scenarios::emergency::inputs::draft_text(&self.run_id(), out.now(), mutation);
        let draft_id = format!("DRAFT#{}", self.run_id());
        self.pass(
            out,
            Layer::DocDraft,
            Reason::DraftGenerated,
            vec![("draft_id", Value::from(draft_id.as_str()))],
        );
        // v4.1's lint: the first three binding phrases, then the required phrases; a failure
        // stops the run unsealed.
        let plain: String = text.replace(['*', '_', '`'], "").to_lowercase();
        let failure =
            if matches!(DraftLint::new().ethics(&text, 3), LintVerdict::LegalBinding { .. }) {
                Some(Reason::DraftIllegalBinding)
            } else if REQUIRED_PHRASES.iter().any(|p| !plain.contains(&p.to_lowercase())) {
                Some(Reason::DraftOutOfScope)
            } else {
                None
            };
        if let Some(reason) = failure {
            out.emit(Layer::DraftLintGate, Decision::Stopped, Seal::Fixed, sys, reason, vec![]);
            self.trust_change(out, "DRAFT_LINT_FAIL", -0.015);
            self.end("STOPPED", false);
            return;
        }
        self.pass(out, Layer::DraftLintGate, Reason::DraftLintOk, vec![]);
        out.emit(
            Layer::AccGate,
            Decision::PauseForHitl,
            Seal::Overrideable,
            sys,
            Reason::AdminFinalizeRequired,
            vec![],
        );
        out.emit(
            Layer::HitlFinalizeAdmin,
            Decision::Run,
            Seal::Fixed,
            FinalDecider::Admin,
            Reason::FinalizeApprove,
            vec![],
        );
        self.trust_change(out, "FINALIZE_APPROVE", 0.02);
        let contract = format!("CONTRACT#{}", self.run_id());
        self.pass(
            out,
            Layer::ContractEffect,
            Reason::ContractEffective,
            vec![("contract_id", Value::from(contract))],
        );
        self.end("CONTRACT_EFFECTIVE", false);
    }

    /// How each run of the session ended so far.
    pub fn ends(&self) -> &[RunEnd] {
        &self.ends
    }
}

impl Bench for EmergencyV41 {
    type Choice = Choice;
    type F = V41Family;
    const ID: &'static str = ID;
    const RUN_ID: &'static str = "SIM#B-SESSION";
    const KNOBS: &'static [KnobInfo] = KNOBS;

    fn open(req: &RunRequest) -> Result<Self, RequestError> {
        Ok(EmergencyV41 {
            k: Knobs::read(req)?,
            trust: TrustState::default(),
            index: 0,
            cap: POSITIVE_CAP,
            ends: Vec::new(),
            waiting: false,
        })
    }

    fn knob_values(&self) -> Vec<(&'static str, String)> {
        self.k.pairs()
    }

    fn start(&mut self, out: &mut Emitter<V41Family>) -> Next {
        self.session(out)
    }

    fn resume(&mut self, answer: &Answer, out: &mut Emitter<V41Family>) -> Next {
        self.waiting = false;
        if answer.choice == Choice::Stop {
            out.emit(
                Layer::HitlFinalizeRfl,
                Decision::Stopped,
                Seal::Fixed,
                FinalDecider::User,
                Reason::HitlStop,
                vec![],
            );
            self.end("STOPPED", false);
        } else {
            out.emit(
                Layer::HitlFinalizeRfl,
                Decision::Run,
                Seal::Fixed,
                FinalDecider::User,
                Reason::HitlContinue,
                vec![],
            );
            self.rest(out);
        }
        self.session(out)
    }

    /// Trying to continue a sealed session is the USER's `continue` at RFL.
    fn override_token(&self) -> Option<&'static str> {
        ANSWERS.first().map(|a| a.token)
    }

    /// The reference's RFL handler on a sealed run: the stop stands, answered by
    /// `hitl_finalize_rfl STOPPED NON_OVERRIDABLE_SAFETY` (SYSTEM, sealed).
    fn after_end(&mut self, token: &str, out: &mut Emitter<V41Family>) -> bool {
        if !self.sealed() || !ANSWERS.iter().any(|a| a.token == token) {
            return false;
        }
        out.emit(
            Layer::HitlFinalizeRfl,
            Decision::Stopped,
            Seal::Sealed,
            FinalDecider::System,
            Reason::NonOverridableSafety,
            vec![],
        );
        true
    }

    fn state(&self) -> &'static str {
        if self.waiting {
            return "PAUSE_FOR_HITL_RFL";
        }
        self.ends.last().map_or("INIT", |e| e.state)
    }

    fn sealed(&self) -> bool {
        self.ends.last().is_some_and(|e| e.sealed)
    }

    fn paths(&self, rows: &[Row<V41Family>], answers: &[&'static str]) -> Vec<&'static str> {
        let found = rows.iter().filter_map(|r| {
            Some(match r.reason() {
                Reason::ContractEffective => "contract-effective",
                Reason::AuthSkipped => "auto-authorised",
                Reason::EvidenceFabrication if r.layer() == Layer::EthicsGate => {
                    "fabrication-sealed"
                }
                Reason::DraftIllegalBinding | Reason::DraftOutOfScope => "lint-stop",
                Reason::NonOverridableSafety => "override-refused",
                _ => return None,
            })
        });
        crate::stepwise::taken(found, PATHS, answers)
    }
}

/// The decision paths of v4.1.
pub const PATHS: &[PathInfo] = &[
    path(
        "contract-effective",
        "A run completes: the contract takes effect, trust rises",
        "実行が完了する:契約が発効し、信頼が上がる",
    ),
    path(
        "auto-authorised",
        "High trust and a streak: authorisation is automatic (AUTH_SKIPPED)",
        "高い信頼と連続:認可は自動になる(AUTH_SKIPPED)",
    ),
    path(
        "hitl:rfl:continue",
        "The USER continues run B002 past RFL",
        "USER が B002 の実行を RFL を越えて続ける",
    ),
    path("hitl:rfl:stop", "The USER stops run B002 at RFL", "USER が B002 の実行を RFL で止める"),
    path(
        "fabrication-sealed",
        "Fabricated evidence: a sealed stop at ethics, trust falls",
        "捏造された証拠:倫理での封印された停止、信頼が下がる",
    ),
    path(
        "lint-stop",
        "The draft fails v4.1's lint: an unsealed stop, trust falls",
        "文書が v4.1 の検査に落ちる:封印なしの停止、信頼が下がる",
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
        return Some(match l {
            Layer::MeaningGate => {
                ("The meaning gate (passes in v4.1).", "意味ゲート(v4.1 では通過する)。")
            }
            Layer::ConsistencyGate => {
                ("The consistency gate (passes in v4.1).", "整合性ゲート(v4.1 では通過する)。")
            }
            Layer::RelativityGate => (
                "The relativity gate: run B002's judgment is unstable and pauses for the USER.",
                "相対性ゲート:B002 の判断は不安定で、USER のために一時停止する。",
            ),
            Layer::HitlFinalizeRfl => (
                "The USER's continue or stop at RFL, as its own record.",
                "RFL での USER の続行か停止を独立した記録として残す。",
            ),
            Layer::EvidenceGate => (
                "The evidence gate flags fabrication with a RUN row; ethics then stops.",
                "証拠ゲートは捏造を RUN の行で示し、そのあと倫理が止める。",
            ),
            Layer::EthicsGate => (
                "The ethics gate: fabricated evidence is a sealed stop.",
                "倫理ゲート:捏造された証拠は封印された停止。",
            ),
            Layer::AccGate => (
                "The pauses for authorisation and for the ADMIN's finalisation.",
                "認可と ADMIN の最終確定のための一時停止。",
            ),
            Layer::ModelTrustGate => (
                "Trust, streak and cooldown decide whether authorisation is automatic.",
                "信頼、連続、冷却期間が、認可が自動かどうかを決める。",
            ),
            Layer::TrustUpdate => (
                "A trust change, with the numbers before and after.",
                "信頼の変化とその前後の数値。",
            ),
            Layer::HitlAuth => (
                "The authorisation: automatic (AUTH_SKIPPED) or by the USER.",
                "認可:自動(AUTH_SKIPPED)か USER による。",
            ),
            Layer::DocDraft => ("The draft.", "文書。"),
            Layer::DraftLintGate => (
                "v4.1's lint: three binding phrases and the required phrases.",
                "v4.1 の検査:3 つの拘束力の句と必須の句。",
            ),
            Layer::HitlFinalizeAdmin => ("The ADMIN's finalisation.", "ADMIN の最終確定。"),
            Layer::ContractEffect => ("The contract takes effect.", "契約が発効する。"),
        });
    }
    Reason::parse(name).map(|r| match r {
        Reason::Ok => ("The gate passes.", "ゲートを通過する。"),
        Reason::RelBoundaryUnstable => ("The judgment is boundary-unstable: the USER decides whether to continue.", "判断が境界で不安定:続けるかどうかは USER が決める。"),
        Reason::EvidenceOk => ("The evidence is valid.", "証拠は正しい。"),
        Reason::EvidenceSchemaInvalid => ("The evidence is malformed.", "証拠の形が不正である。"),
        Reason::EvidenceFabrication => ("The evidence is fabricated: flagged at evidence, sealed at ethics.", "証拠が捏造されている:証拠ゲートで示され、倫理で封印される。"),
        Reason::TrustScoreLow => ("Trust is below 0.98 or the streak below 2: the USER authorises.", "信頼が 0.98 未満か連続が 2 未満:USER が認可する。"),
        Reason::TrustCooldownActive => ("A recent negative event set a cooldown: the USER authorises.", "最近の否定的な出来事で冷却期間が設定された:USER が認可する。"),
        Reason::AutoAuthByTrustAndGrant => ("Trust at least 0.98, a streak of at least 2 and a valid grant: automatic authorisation.", "信頼 0.98 以上、連続 2 以上、有効な許可:自動の認可。"),
        Reason::NoValidGrant => ("No valid grant for the scenario and location.", "シナリオと場所に有効な許可がない。"),
        Reason::DraftGenerated => ("The draft was generated.", "文書が作られた。"),
        Reason::DraftLintOk => ("The draft passes v4.1's lint.", "文書は v4.1 の検査を通った。"),
        Reason::DraftOutOfScope => ("The draft lost a required phrase: the run stops, unsealed.", "文書が必須の句を失った:実行は封印なしで止まる。"),
        Reason::DraftIllegalBinding => ("The draft claims legal force: the run stops, unsealed (v4.1).", "文書が法的拘束力を主張している:実行は封印なしで止まる(v4.1)。"),
        Reason::FinalizeApprove => ("The ADMIN approved.", "ADMIN が承認した。"),
        Reason::ContractEffective => ("The contract took effect.", "契約が発効した。"),
        Reason::NonOverridableSafety => ("A sealed run refuses further action.", "封印された実行はそれ以上の行動を拒む。"),
        Reason::HitlContinue => ("The USER continued past RFL.", "USER が RFL を越えて続けた。"),
        Reason::HitlStop => ("The USER stopped at RFL: the run ends, unsealed, trust unchanged.", "USER が RFL で止めた:実行は封印なしで終わり、信頼は変わらない。"),
        Reason::AuthApprove => ("The USER authorised (+0.01 trust).", "USER が認可した(信頼 +0.01)。"),
        Reason::AuthRequired => ("Authorisation is required.", "認可が必要である。"),
        Reason::AuthSkipped => ("Authorisation was automatic: no human was asked.", "認可は自動で、人間には尋ねなかった。"),
        Reason::TrustUpdate => ("Trust changed; the row holds the numbers.", "信頼が変わった。行に数値がある。"),
        Reason::AdminFinalizeRequired => ("The ADMIN must finalise.", "ADMIN が最終確定しなければならない。"),
    })
}

/// The scenario's id, written once: the registry, links and logs read it from here.
pub const ID: &str = "emergency-v4.1";

/// Emergency contract v4.1.
pub const SCENARIO: crate::scenario::ScenarioInfo = crate::scenario::ScenarioInfo {
    id: ID,
    family: ID,
    theme: crate::scenario::Theme::Emergency,
    teaches: (
        "A session of runs shares one trust score; an unstable judgment pauses for the user.",
        "実行のセッションが 1 つの信頼スコアを共有し、不安定な判断は利用者を待つ。",
    ),
    story: crate::scenario::Story {
        who: (
            "A session of emergency-contract runs shares one trust score: each approval raises it, each fabrication lowers it.",
            "緊急契約の一連の実行が一つの信頼スコアを共有する:承認のたびに上がり、捏造のたびに下がる。",
        ),
        risk: (
            "Once trust is high, authorisation is skipped automatically, and a relativity question in the second run could slip through.",
            "信頼が高くなると認可は自動で省略され、2 回目の実行で生じる相対性の問いが見過ごされるおそれがある。",
        ),
        decide: (
            "You authorise, finalise, and decide whether the second run continues past the relativity gate.",
            "あなたは認可と確定を行い、2 回目の実行が相対性ゲートを越えて進むかを決める。",
        ),
    },
    title: "Emergency contract v4.1 (the legacy stable bench: a session of runs, RFL on B002)",
    title_ja: "緊急契約 v4.1(旧安定版:実行のセッション、B002 で RFL)",
    reference: "mediation_emergency_contract_sim_v4_1.py",
    version: "4.1",
    layers: Layer::NAMES,
    reasons: Reason::NAMES,
    extra_fields: &[
        "grant_id",
        "trust_score",
        "need",
        "approval_streak",
        "mode",
        "draft_id",
        "contract_id",
        "outcome",
        "trust_before",
        "trust_after",
        "delta_requested",
        "delta_applied",
        "cooldown_until",
        "cap_remaining",
    ],
    paths: PATHS,
    decisions: crate::scenario::SHARED_DECISIONS,
    deciders: crate::scenario::ALL_DECIDERS,
    knobs: KNOBS,
    open: crate::stepwise::StepRun::<EmergencyV41>::open_boxed,
    batch: None,
    explain,
};
