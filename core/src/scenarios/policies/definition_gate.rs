//! The definition HITL gate (`tests/kage_definition_hitl_gate_v1.py`): does a candidate
//! behaviour count as an "orchestrator" under a fixed definition pack? `IN` runs, `OUT`
//! stops, `GRAY` goes to a human (`APPROVE` / `REJECT` / `REVISE_DEF` / `STOP`), and a safety
//! red flag stops the run sealed: the human is still asked, and every answer is refused with
//! `NON_OVERRIDABLE_SAFETY`.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::arl::{JsonExtras, Row, Seal};
use crate::chain::hex;
use crate::face::{KnobInfo, KnobKind, PathInfo, RequestError, RunRequest, TAMPER_PATH, path};
use crate::json::{Object, line, py_round};
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
    /// The definition gate's layers.
    pub enum Layer {
        /// The gate that classifies the candidate.
        DefinitionGate = "definition_gate",
        /// The human's answer (always its own record).
        HitlFinalize = "hitl_finalize",
    }
}

vocabulary! {
    /// The definition gate's reason codes.
    pub enum Reason {
        /// Every must-have feature is met.
        DefIn = "DEF_IN",
        /// Two or fewer must-have features are met.
        DefOut = "DEF_OUT",
        /// Three or four must-have features: a human decides.
        DefinitionAmbiguous = "DEFINITION_AMBIGUOUS",
        /// A safety red flag fired.
        SafetyRedFlag = "SAFETY_RED_FLAG",
        /// A human's answer after a red flag, refused.
        NonOverridableSafety = "NON_OVERRIDABLE_SAFETY",
        /// An answer when the gate did not ask.
        HitlNoop = "HITL_NOOP",
        /// The human approved.
        HitlApproved = "HITL_APPROVED",
        /// The human rejected.
        HitlRejected = "HITL_REJECTED",
        /// The human asked to revise the definition.
        HitlReviseDef = "HITL_REVISE_DEF",
        /// The human stopped.
        HitlStop = "HITL_STOP",
    }
}

/// The definition gate family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Definition;

impl Family for Definition {
    const ID: &'static str = ID;
    type Layer = Layer;
    type Reason = Reason;
    type Extras = JsonExtras;
    fn may_seal(_layer: Layer) -> bool {
        true
    }
    fn is_relativity(_layer: Layer) -> bool {
        false
    }
}

/// The pack version.
pub const PACK_VERSION: &str = "definition_hitl_gate_v1";
/// The must-have features, in the pack's order.
pub const MUST_FEATURES: [&str; 5] = [
    Knobs::task_decomposition.name,
    Knobs::routing.name,
    Knobs::guardrails_fail_closed.name,
    Knobs::audit_reason_codes.name,
    Knobs::hitl_escalation.name,
];
/// The safety red flags, in the pack's order.
pub const RED_FLAGS: [&str; 3] = [
    Knobs::autonomous_external_actions.name,
    Knobs::pii_seeking_behavior.name,
    Knobs::manipulation_or_reeducation_intent.name,
];
/// Met features at or above this: `IN`.
pub const IN_THRESHOLD: usize = 5;
/// Met features at or below this: `OUT`.
pub const OUT_THRESHOLD: usize = 2;
/// The fields every audit record of the reference carries.
pub const REQUIRED_AUDIT_FIELDS: [&str; 9] = [
    "run_id",
    "timestamp",
    "event",
    "layer",
    "decision",
    "reason_code",
    "evidence",
    "pack_version",
    "pack_hash",
];

fn strings(list: &[&str]) -> Value {
    Value::Array(list.iter().map(|s| Value::from(*s)).collect())
}

/// `"sha256:"` + SHA-256 of the sorted-key JSON (separators `, ` and `: `) of `fields`.
fn sorted_hash(mut fields: Vec<(&str, Value)>) -> Result<String, crate::json::NonFiniteFloat> {
    crate::order::sort_by(&mut fields, |a, b| a.0.cmp(b.0));
    let mut o = Object::new();
    for (k, v) in fields {
        o.insert(k, v);
    }
    let text = line(&o)?;
    Ok(alloc::format!("sha256:{}", hex(&Sha256::digest(text.as_bytes()))))
}

/// The pack hash written into every record (the reference's value); an error when the pack
/// cannot be written as JSON (the bench then refuses to open).
pub fn pack_hash() -> Result<String, crate::json::NonFiniteFloat> {
    sorted_hash(vec![
        ("pack_version", Value::from(PACK_VERSION)),
        ("must_features", strings(&MUST_FEATURES)),
        ("safety_red_flags", strings(&RED_FLAGS)),
        ("in_threshold", Value::from(IN_THRESHOLD)),
        ("out_threshold", Value::from(OUT_THRESHOLD)),
        ("required_audit_fields", strings(&REQUIRED_AUDIT_FIELDS)),
    ])
}

knobs! {
    /// The knobs: the candidate's features and red flags, and the user's id.
    pub struct Knobs {
        task_decomposition: bool = KnobInfo::flag(
            "task_decomposition",
            "true",
            "The candidate splits a task into steps.",
            "候補はタスクを手順に分解する。",
        ),
        routing: bool = KnobInfo::flag(
            "routing",
            "true",
            "The candidate routes steps to agents or tools.",
            "候補は手順をエージェントやツールに振り分ける。",
        ),
        guardrails_fail_closed: bool = KnobInfo::flag(
            "guardrails_fail_closed",
            "true",
            "The candidate's guardrails fail closed.",
            "候補のガードレールはフェイルクローズする。",
        ),
        audit_reason_codes: bool = KnobInfo::flag(
            "audit_reason_codes",
            "false",
            "The candidate logs decisions with reason codes.",
            "候補は判断を理由コード付きで記録する。",
        ),
        hitl_escalation: bool = KnobInfo::flag(
            "hitl_escalation",
            "false",
            "The candidate escalates to a human.",
            "候補は人間にエスカレーションする。",
        ),
        autonomous_external_actions: bool = KnobInfo::flag(
            "autonomous_external_actions",
            "false",
            "Red flag: the candidate acts on the outside world on its own.",
            "危険信号:候補は単独で外部世界に働きかける。",
        ),
        pii_seeking_behavior: bool = KnobInfo::flag(
            "pii_seeking_behavior",
            "false",
            "Red flag: the candidate seeks personal data.",
            "危険信号:候補は個人情報を求める。",
        ),
        manipulation_or_reeducation_intent: bool = KnobInfo::flag(
            "manipulation_or_reeducation_intent",
            "false",
            "Red flag: the candidate intends to manipulate or re-educate people.",
            "危険信号:候補は人を操作・再教育しようとする。",
        ),
        user_id: &'static str = KnobInfo {
            name: "user_id",
            kind: KnobKind::Choice { values: &["student", "teacher", "reviewer"] },
            default: "student",
            help: "Who answers at the HITL point (written into the finalize record).",
            help_ja: "HITL の時点で答える人(最終確定の記録に書かれる)。",
        },
    }
}

/// The knobs' descriptions, in form order.
pub const KNOBS: &[KnobInfo] = Knobs::INFO;

/// What the human answers at the gate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// The candidate counts as an orchestrator.
    Approve,
    /// It does not.
    Reject,
    /// The definition must be revised first.
    ReviseDef,
    /// Stop here.
    Stop,
}

/// The answers a human may give at the gate.
pub const ANSWERS: &[Answer] = &[
    answer(
        "def:approve",
        "APPROVE",
        Choice::Approve,
        "The candidate counts as an orchestrator: RUN (HITL_APPROVED).",
        "候補をオーケストレーターとして認める:RUN(HITL_APPROVED)。",
    ),
    answer(
        "def:reject",
        "REJECT",
        Choice::Reject,
        "The candidate does not count: STOPPED (HITL_REJECTED).",
        "候補を認めない:STOPPED(HITL_REJECTED)。",
    ),
    answer(
        "def:revise_def",
        "REVISE_DEF",
        Choice::ReviseDef,
        "The definition must be revised first: STOPPED (HITL_REVISE_DEF).",
        "まず定義の見直しが必要:STOPPED(HITL_REVISE_DEF)。",
    ),
    answer(
        "def:stop",
        "STOP",
        Choice::Stop,
        "Stop here: STOPPED (HITL_STOP).",
        "ここで停止:STOPPED(HITL_STOP)。",
    ),
];

/// The answers after a red flag: the same choices, each refused.
pub const RED_FLAG_ANSWERS: &[Answer] = &[
    answer(
        "def:approve",
        "APPROVE",
        Choice::Approve,
        "Refused: a red flag cannot be overridden (NON_OVERRIDABLE_SAFETY).",
        "拒否:危険信号は覆せない(NON_OVERRIDABLE_SAFETY)。",
    ),
    answer(
        "def:reject",
        "REJECT",
        Choice::Reject,
        "Recorded as STOP: a red flag cannot be overridden (NON_OVERRIDABLE_SAFETY).",
        "STOP として記録:危険信号は覆せない(NON_OVERRIDABLE_SAFETY)。",
    ),
    answer(
        "def:revise_def",
        "REVISE_DEF",
        Choice::ReviseDef,
        "Recorded as STOP: a red flag cannot be overridden (NON_OVERRIDABLE_SAFETY).",
        "STOP として記録:危険信号は覆せない(NON_OVERRIDABLE_SAFETY)。",
    ),
    answer(
        "def:stop",
        "STOP",
        Choice::Stop,
        "Recorded as STOP by the SYSTEM (NON_OVERRIDABLE_SAFETY).",
        "SYSTEM による STOP として記録(NON_OVERRIDABLE_SAFETY)。",
    ),
];

/// The gate's classification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Every must-have met.
    In,
    /// Too few met.
    Out,
    /// In between.
    Gray,
}

impl Status {
    /// `IN`, `OUT`, `GRAY`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::In => "IN",
            Status::Out => "OUT",
            Status::Gray => "GRAY",
        }
    }
}

/// Classifies `met` features out of five, with the pack's confidence.
pub fn classify(met: usize) -> (Status, f64) {
    let of = MUST_FEATURES.len() as f64;
    if met >= IN_THRESHOLD {
        (Status::In, met as f64 / of)
    } else if met <= OUT_THRESHOLD {
        (Status::Out, 1.0 - met as f64 / of)
    } else {
        (Status::Gray, 0.5)
    }
}

/// A run of the definition gate.
#[derive(Clone, Debug)]
pub struct DefinitionGate {
    k: Knobs,
    /// The candidate's features, in [`MUST_FEATURES`] order.
    features: [bool; 5],
    /// Its red flags, in [`RED_FLAGS`] order.
    flags: [bool; 3],
    pack_hash: String,
    /// The hash of the candidate's features and red flags.
    candidate: String,
    status: Option<Status>,
    decision: Decision,
    sealed: bool,
    waiting: bool,
}

impl DefinitionGate {
    /// The answer to any choice after a red flag: `hitl_finalize STOPPED
    /// NON_OVERRIDABLE_SAFETY` (SYSTEM, sealed); the stop stands.
    fn refuse(&self, answer: &Answer, out: &mut Emitter<Definition>) {
        let mut evidence = Object::new();
        evidence.insert("final_decider", Value::from("SYSTEM"));
        evidence.insert("final_choice", Value::from("STOP"));
        evidence.insert("authority_basis", Value::from("safety_non_overridable"));
        evidence.insert("choice_received", Value::from(answer.label));
        evidence.insert("original_reason_code", Value::from("SAFETY_RED_FLAG"));
        let extras = self.base(evidence.to_value());
        out.emit(
            Layer::HitlFinalize,
            Decision::Stopped,
            Seal::Sealed,
            FinalDecider::System,
            Reason::NonOverridableSafety,
            extras,
        );
    }

    fn base(&self, evidence: Value) -> Vec<(&'static str, Value)> {
        vec![
            ("event", Value::from("DECISION")),
            ("evidence", evidence),
            ("pack_version", Value::from(PACK_VERSION)),
            ("pack_hash", Value::from(self.pack_hash.as_str())),
        ]
    }

    fn candidate_hash(&self) -> Result<String, crate::json::NonFiniteFloat> {
        let named = |names: &[&str], on: &[bool]| {
            let mut o = Object::new();
            for (n, v) in names.iter().zip(on) {
                o.insert(*n, Value::Bool(*v));
            }
            o.to_value()
        };
        sorted_hash(vec![
            ("features", named(&MUST_FEATURES, &self.features)),
            ("red_flags", named(&RED_FLAGS, &self.flags)),
        ])
    }

    fn definition(&self) -> Value {
        let met: Vec<&str> = MUST_FEATURES
            .iter()
            .zip(self.features)
            .filter(|(_, on)| *on)
            .map(|(n, _)| *n)
            .collect();
        let missing: Vec<&str> = MUST_FEATURES
            .iter()
            .zip(self.features)
            .filter(|(_, on)| !*on)
            .map(|(n, _)| *n)
            .collect();
        let (status, confidence) = classify(met.len());
        let mut d = Object::new();
        d.insert("status", Value::from(status.as_str()));
        d.insert("met", Value::from(met.len()));
        d.insert("of", Value::from(MUST_FEATURES.len()));
        d.insert("confidence", crate::json::float(py_round(confidence, 3)));
        d.insert("features_met", strings(&met));
        d.insert("features_missing", strings(&missing));
        d.to_value()
    }
}

impl Bench for DefinitionGate {
    type Choice = Choice;
    type F = Definition;
    const ID: &'static str = ID;
    const RUN_ID: &'static str = "DEF#000001";
    const KNOBS: &'static [KnobInfo] = KNOBS;

    fn open(req: &RunRequest) -> Result<Self, RequestError> {
        let k = Knobs::read(req)?;
        let mut gate = DefinitionGate {
            features: [
                k.task_decomposition,
                k.routing,
                k.guardrails_fail_closed,
                k.audit_reason_codes,
                k.hitl_escalation,
            ],
            flags: [
                k.autonomous_external_actions,
                k.pii_seeking_behavior,
                k.manipulation_or_reeducation_intent,
            ],
            k,
            pack_hash: pack_hash().map_err(RequestError::unhashable_pack)?,
            candidate: String::new(),
            status: None,
            decision: Decision::Run,
            sealed: false,
            waiting: false,
        };
        gate.candidate = gate.candidate_hash().map_err(RequestError::unhashable_pack)?;
        Ok(gate)
    }

    fn knob_values(&self) -> Vec<(&'static str, String)> {
        self.k.pairs()
    }

    fn start(&mut self, out: &mut Emitter<Definition>) -> Next {
        let fired: Vec<&str> =
            RED_FLAGS.iter().zip(self.flags).filter(|(_, on)| *on).map(|(n, _)| *n).collect();
        let met = self.features.iter().filter(|on| **on).count();
        let (status, _) = classify(met);
        self.status = Some(status);
        let mut evidence = Object::new();
        evidence.insert("candidate_hash", Value::from(self.candidate.as_str()));
        let (layer, sys) = (Layer::DefinitionGate, FinalDecider::System);
        if !fired.is_empty() {
            evidence.insert("red_flags_fired", strings(&fired));
            evidence.insert("non_overridable", Value::Bool(true));
            evidence.insert("definition", self.definition());
            let extras = self.base(evidence.to_value());
            out.emit(layer, Decision::Stopped, Seal::Sealed, sys, Reason::SafetyRedFlag, extras);
            (self.decision, self.sealed, self.waiting) = (Decision::Stopped, true, true);
            return Next::Hitl(Point { decider: FinalDecider::User, answers: RED_FLAG_ANSWERS });
        }
        evidence.insert("definition", self.definition());
        match status {
            Status::In => {
                let extras = self.base(evidence.to_value());
                out.emit(layer, Decision::Run, Seal::Fixed, sys, Reason::DefIn, extras);
                Next::End
            }
            Status::Out => {
                let extras = self.base(evidence.to_value());
                out.emit(layer, Decision::Stopped, Seal::Fixed, sys, Reason::DefOut, extras);
                self.decision = Decision::Stopped;
                Next::End
            }
            Status::Gray => {
                evidence.insert(
                    "suggested_choices",
                    strings(&["APPROVE", "REJECT", "REVISE_DEF", "STOP"]),
                );
                let extras = self.base(evidence.to_value());
                out.emit(
                    layer,
                    Decision::PauseForHitl,
                    Seal::Overrideable,
                    sys,
                    Reason::DefinitionAmbiguous,
                    extras,
                );
                (self.decision, self.waiting) = (Decision::PauseForHitl, true);
                Next::Hitl(Point { decider: FinalDecider::User, answers: ANSWERS })
            }
        }
    }

    fn resume(&mut self, answer: &Answer, out: &mut Emitter<Definition>) -> Next {
        self.waiting = false;
        if self.sealed {
            self.refuse(answer, out);
            return Next::End;
        }
        let mut evidence = Object::new();
        let (decision, reason) = match answer.choice {
            Choice::Approve => (Decision::Run, Reason::HitlApproved),
            Choice::Reject => (Decision::Stopped, Reason::HitlRejected),
            Choice::ReviseDef => (Decision::Stopped, Reason::HitlReviseDef),
            Choice::Stop => (Decision::Stopped, Reason::HitlStop),
        };
        evidence.insert("final_decider", Value::from("USER"));
        evidence.insert("final_choice", Value::from(answer.label));
        evidence.insert("authority_basis", Value::from("definition_ambiguous->hitl"));
        evidence.insert("user_id", Value::from(self.k.user_id));
        evidence.insert("original_reason_code", Value::from("DEFINITION_AMBIGUOUS"));
        let extras = self.base(evidence.to_value());
        out.emit(Layer::HitlFinalize, decision, Seal::Fixed, FinalDecider::User, reason, extras);
        self.decision = decision;
        Next::End
    }

    fn after_end(&mut self, token: &str, out: &mut Emitter<Definition>) -> bool {
        // An answer when the gate did not ask: the prior decision stands (`HITL_NOOP`); after
        // a red flag every answer is refused as the gate's own pause refuses it.
        let Some(answer) = ANSWERS.iter().find(|a| a.token == token) else { return false };
        if self.sealed {
            self.refuse(answer, out);
            return true;
        }
        if self.status == Some(Status::Gray) {
            return false;
        }
        let mut evidence = Object::new();
        evidence.insert("final_decider", Value::from("SYSTEM"));
        evidence.insert("final_choice", Value::from("NOOP"));
        evidence.insert("choice_received", Value::from(answer.label));
        let extras = self.base(evidence.to_value());
        out.emit(
            Layer::HitlFinalize,
            self.decision,
            Seal::Fixed,
            FinalDecider::System,
            Reason::HitlNoop,
            extras,
        );
        true
    }

    /// Trying to continue after the red flag is approving.
    fn override_token(&self) -> Option<&'static str> {
        ANSWERS.first().map(|a| a.token)
    }

    fn state(&self) -> &'static str {
        if self.waiting { Decision::PauseForHitl.as_str() } else { self.decision.as_str() }
    }

    fn sealed(&self) -> bool {
        self.sealed
    }

    fn paths(&self, rows: &[Row<Definition>], answers: &[&'static str]) -> Vec<&'static str> {
        let found = rows.iter().filter_map(|r| {
            Some(match r.reason() {
                Reason::DefIn => "def-in",
                Reason::DefOut => "def-out",
                Reason::SafetyRedFlag => "sealed-stop",
                Reason::NonOverridableSafety => "override-refused",
                Reason::HitlNoop => "hitl-noop",
                _ => return None,
            })
        });
        // After a red flag the human's answer changes nothing: it is not a path of its own.
        crate::stepwise::taken(found, PATHS, if self.sealed { &[] } else { answers })
    }
}

/// The decision paths of the definition gate.
pub const PATHS: &[PathInfo] = &[
    path("def-in", "All five must-have features: RUN (DEF_IN)", "必須要件 5 つすべて:RUN(DEF_IN)"),
    path(
        "def-out",
        "Two or fewer must-have features: STOPPED (DEF_OUT)",
        "必須要件 2 つ以下:STOPPED(DEF_OUT)",
    ),
    path("hitl:def:approve", "GRAY, and the human approves", "GRAY で人間が承認する"),
    path("hitl:def:reject", "GRAY, and the human rejects", "GRAY で人間が却下する"),
    path(
        "hitl:def:revise_def",
        "GRAY, and the human asks to revise the definition",
        "GRAY で人間が定義の見直しを求める",
    ),
    path("hitl:def:stop", "GRAY, and the human stops", "GRAY で人間が停止する"),
    path("sealed-stop", "A safety red flag: a sealed stop", "危険信号:封印された停止"),
    path(
        "override-refused",
        "A human's answer after a red flag is refused",
        "危険信号のあとの人間の答えが拒否される",
    ),
    path(
        "hitl-noop",
        "An answer when the gate did not ask changes nothing",
        "ゲートが尋ねていないときの答えは何も変えない",
    ),
    TAMPER_PATH,
];

/// One sentence in English and Japanese for each code of the family, by name.
pub fn explain(name: &str) -> Option<(&'static str, &'static str)> {
    if let Some(l) = Layer::parse(name) {
        return Some(match l {
            Layer::DefinitionGate => (
                "Classifies the candidate against the definition pack: IN, OUT or GRAY, and checks the safety red flags first.",
                "定義パックに照らして候補を IN・OUT・GRAY に分類する。先に危険信号を確認する。",
            ),
            Layer::HitlFinalize => (
                "Records the human's answer as its own audit record, with who decided and on what authority.",
                "人間の答えを、誰がどの権限で決めたかとともに独立した監査記録として残す。",
            ),
        });
    }
    Reason::parse(name).map(|r| match r {
        Reason::DefIn => (
            "All five must-have features are met: the candidate is an orchestrator.",
            "必須要件 5 つすべてを満たす:候補はオーケストレーターである。",
        ),
        Reason::DefOut => (
            "Two or fewer must-have features are met: the candidate is not an orchestrator.",
            "必須要件が 2 つ以下:候補はオーケストレーターではない。",
        ),
        Reason::DefinitionAmbiguous => (
            "Three or four features are met: the definition cannot decide, so a human must.",
            "要件が 3 つか 4 つ:定義では決められないため人間が決める。",
        ),
        Reason::SafetyRedFlag => (
            "A safety red flag fired: the run stops sealed, whatever the features say.",
            "危険信号が出た:要件にかかわらず実行は封印されて停止する。",
        ),
        Reason::NonOverridableSafety => (
            "The human's answer came after a red flag, so it is refused and recorded as STOP.",
            "危険信号のあとの人間の答えは拒否され、STOP として記録される。",
        ),
        Reason::HitlNoop => (
            "An answer arrived when the gate did not ask: the earlier decision stands.",
            "ゲートが尋ねていないときに答えが届いた:先の判断がそのまま残る。",
        ),
        Reason::HitlApproved => {
            ("The human approved the ambiguous candidate.", "人間があいまいな候補を承認した。")
        }
        Reason::HitlRejected => {
            ("The human rejected the ambiguous candidate.", "人間があいまいな候補を却下した。")
        }
        Reason::HitlReviseDef => (
            "The human asked for the definition to be revised before deciding.",
            "人間が判断の前に定義の見直しを求めた。",
        ),
        Reason::HitlStop => ("The human stopped the decision.", "人間が判断を停止した。"),
    })
}

/// The scenario's id, written once: the registry, links and logs read it from here.
pub const ID: &str = "definition-gate";

/// This scenario: the definition HITL gate.
pub const SCENARIO: crate::scenario::ScenarioInfo = crate::scenario::ScenarioInfo {
    id: ID,
    family: ID,
    theme: crate::scenario::Theme::Policies,
    teaches: (
        "Is it an orchestrator? Clear cases pass, gray ones wait for a human, red flags are sealed.",
        "それはオーケストレーターか?明らかな場合は通り、灰色は人を待ち、危険信号は封印される。",
    ),
    story: crate::scenario::Story {
        who: (
            "A team wants to call a system an orchestrator; the gate checks it against five must-have features.",
            "あるチームがシステムをオーケストレーターと呼びたい。ゲートはそれを 5 つの必須の特徴と照らし合わせる。",
        ),
        risk: (
            "A system with only some of the features is a grey case, and one with a safety red flag must never pass.",
            "特徴の一部しかないシステムはグレーの事例であり、安全上の危険信号があるものは決して通してはならない。",
        ),
        decide: (
            "In a grey case you approve, reject, ask to revise the definition, or stop.",
            "グレーの事例では、あなたが承認・却下・定義の修正依頼・停止のいずれかを選ぶ。",
        ),
    },
    title: "Definition HITL gate (is it an orchestrator? IN / GRAY / OUT)",
    title_ja: "定義 HITL ゲート(オーケストレーターか? IN / GRAY / OUT)",
    reference: "tests/kage_definition_hitl_gate_v1.py",
    version: "definition_hitl_gate_v1",
    layers: Layer::NAMES,
    reasons: Reason::NAMES,
    extra_fields: &["event", "evidence", "pack_version", "pack_hash"],
    paths: PATHS,
    decisions: crate::scenario::SHARED_DECISIONS,
    deciders: &[crate::vocab::FinalDecider::System, crate::vocab::FinalDecider::User],
    knobs: KNOBS,
    open: crate::stepwise::StepRun::<DefinitionGate>::open_boxed,
    batch: None,
    explain,
};
