//! The document orchestrator KAGE3 v1.3.5 (`ai_doc_orchestrator_kage3_v1_3_5.py`, the newer,
//! memory-first snapshot) and its benchmark suite: task inference, per-task gates (consistency
//! with the runaway seal, RFL and ACC with HITL, ethics seals), the random HITL resolver, the
//! semantic signature, and the suite's report, scorecard and profiles.
//!
//! The suite is pure: it runs the memory core many times and counts; the CLI adds wall-clock
//! figures. With the `cpython-mt` generator, the random resolver of run `i` is CPython's
//! `Random(seed + i)`, so reports match the reference's for the same seeds.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::arl::{JsonExtras, Row, Seal};
use crate::chain::hex;
use crate::face::{KnobInfo, KnobKind, PathInfo, RequestError, RunRequest, TAMPER_PATH, path};
use crate::json::{Object, canonical_value, float};
use crate::knob::{KnobSet, knobs};
use crate::rng::{RngKind, SimRng};
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
    /// The v1.3.5 layers (long names).
    pub enum Layer {
        /// Which tasks does the prompt ask for?
        MeaningGate = "meaning_gate",
        /// Does the output fit the prompt's kind?
        ConsistencyGate = "consistency_gate",
        /// Is the request ambiguous?
        RelativityGate = "relativity_gate",
        /// Personal data or danger: a sealed stop.
        EthicsGate = "ethics_gate",
        /// Outside side effects need a human; runaway retries are sealed.
        AccGate = "acc_gate",
        /// Attempts and completed tasks.
        Dispatch = "dispatch",
        /// The run's start and end.
        Orchestrator = "orchestrator",
        /// The human's answer.
        HitlFinalize = "hitl_finalize",
    }
}

vocabulary! {
    /// The v1.3.5 reason codes.
    pub enum Reason {
        /// Done.
        Ok = "OK",
        /// The run starts.
        OrchStart = "ORCH_START",
        /// The prompt asks for no task.
        MeaningNoTasks = "MEANING_NO_TASKS",
        /// The task is requested.
        MeaningOk = "MEANING_OK",
        /// The output fits.
        ConsistencyOk = "CONSISTENCY_OK",
        /// The output does not fit the prompt's kind.
        ConsistencyKindPromptMismatch = "CONSISTENCY_KIND_PROMPT_MISMATCH",
        /// A dispatch attempt.
        DispatchAttempt = "DISPATCH_ATTEMPT",
        /// Too many failed attempts: sealed by ACC.
        SealedByAccRunaway = "SEALED_BY_ACC_RUNAWAY",
        /// An ambiguous request: a human decides.
        RelBoundaryUnstable = "REL_BOUNDARY_UNSTABLE",
        /// Nothing ambiguous.
        RelOk = "REL_OK",
        /// A pause with no one to answer.
        HitlPending = "HITL_PENDING",
        /// The human continues.
        HitlContinue = "HITL_CONTINUE",
        /// The human stops.
        HitlStop = "HITL_STOP",
        /// No personal data.
        EthicsOk = "ETHICS_OK",
        /// Personal data or danger: a sealed stop.
        EthicsPiiDetected = "ETHICS_PII_DETECTED",
        /// No outside side effect.
        AccOk = "ACC_OK",
        /// An outside side effect needs a human.
        AccExternalSideEffectRequiresHitl = "ACC_EXTERNAL_SIDE_EFFECT_REQUIRES_HITL",
        /// A student's Continue after a sealed task, refused (this bench's teaching extension:
        /// the reference orchestrator has no way to continue a sealed task).
        NonOverridableSafety = "NON_OVERRIDABLE_SAFETY",
    }
}

/// The v1.3.5 family: ACC (runaway) and ethics seal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kage3v135Family;

impl Family for Kage3v135Family {
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

/// The kinds, in task order, and their tokens (case-insensitive substrings).
const KIND_TOKENS: [(&str, &[&str]); 3] = [
    ("excel", &["excel", "xlsx", "表", "一覧", "集計", "csv"]),
    ("word", &["word", "docx", "文書", "要約"]),
    ("ppt", &["ppt", "pptx", "powerpoint", "slide", "slides", "スライド", "資料", "deck"]),
];
const CREATE_WORDS: &[&str] = &["作って", "作成", "make", "create"];
const RFL_TOKENS: &[&str] =
    &["おすすめ", "どっち", "どちら", "どれ", "比較", "which", "better", "？", "?"];
const ACC_TOKENS: &[&str] =
    &["メール", "送信", "送って", "send", "email", "upload", "投稿", "公開"];

/// The tasks the prompt asks for, in the order excel, word, ppt.
pub fn infer_tasks(prompt: &str) -> Vec<&'static str> {
    let p = prompt.to_lowercase();
    let tasks: Vec<&'static str> = KIND_TOKENS
        .iter()
        .filter(|(_, tokens)| tokens.iter().any(|t| p.contains(t)))
        .map(|(k, _)| *k)
        .collect();
    if tasks.is_empty() && CREATE_WORDS.iter().any(|w| p.contains(w)) {
        return KIND_TOKENS.iter().map(|(k, _)| *k).collect();
    }
    tasks
}

/// Whether the prompt is ambiguous (case-sensitive RFL tokens).
pub fn ambiguous(prompt: &str) -> bool {
    RFL_TOKENS.iter().any(|t| prompt.contains(t))
}

fn side_effect(prompt: &str) -> bool {
    ACC_TOKENS.iter().any(|t| prompt.contains(t))
}

/// The faults of one kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct KindFaults {
    /// The output breaks the consistency contract.
    pub break_contract: bool,
    /// The output leaks an email address.
    pub leak_email: bool,
    /// The output is dangerous by policy.
    pub policy_danger: bool,
    /// The output holds personal data.
    pub pii: bool,
}

/// The faults of a run, per kind (excel, word, ppt).
pub type Faults = [(&'static str, KindFaults); 3];

/// No faults.
pub const NO_FAULTS: Faults =
    [("excel", KindFaults::NONE), ("word", KindFaults::NONE), ("ppt", KindFaults::NONE)];

impl KindFaults {
    /// No fault.
    pub const NONE: KindFaults =
        KindFaults { break_contract: false, leak_email: false, policy_danger: false, pii: false };
}

fn faults_of(faults: &Faults, kind: &str) -> KindFaults {
    faults.iter().find(|(k, _)| *k == kind).map_or(KindFaults::NONE, |(_, f)| *f)
}

/// The runaway seal's settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Runaway {
    /// Whether repeated contract breaks are sealed.
    pub enabled: bool,
    /// The attempt at which the agent is sealed.
    pub threshold: u64,
    /// Attempts per task.
    pub max_attempts: u64,
}

/// Who answers HITL in the memory core.
#[derive(Debug)]
pub enum Resolver {
    /// No one: pauses stay pauses (`HITL_PENDING`).
    None,
    /// A random resolver: one `random()` per call, CONTINUE iff below `p_continue`.
    Random {
        /// Its generator.
        rng: SimRng,
        /// The threshold, clamped to [0, 1].
        p_continue: f64,
    },
}

impl Resolver {
    /// The reference's `make_random_hitl_resolver(seed, p_continue)`.
    pub fn random(kind: RngKind, seed: u64, p_continue: f64) -> Resolver {
        let p = if p_continue.is_nan() { 0.0 } else { p_continue.clamp(0.0, 1.0) };
        Resolver::Random { rng: SimRng::new(kind, seed), p_continue: p }
    }

    fn ask(&mut self) -> Option<bool> {
        match self {
            Resolver::None => None,
            Resolver::Random { rng, p_continue } => Some(rng.random() < *p_continue),
        }
    }
}

/// One row of the memory core (the reference's row shape without `run_id` and `ts`).
#[derive(Clone, Debug, PartialEq)]
pub struct CoreRow {
    /// The task id (`task_excel`, ...; empty for orchestrator rows).
    pub task_id: &'static str,
    /// The task kind (empty for orchestrator rows).
    pub task: &'static str,
    /// The event.
    pub event: &'static str,
    /// The layer.
    pub layer: Layer,
    /// The decision.
    pub decision: Decision,
    /// The reason.
    pub reason: Reason,
    /// Sealed, overrideable or neither.
    pub seal: Seal,
    /// The decider.
    pub decider: FinalDecider,
    /// The detail text.
    pub detail: String,
}

/// Where a task waits for a human.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wait {
    Rfl,
    Acc,
}

/// The memory core's state: tasks, position and rows.
#[derive(Clone, Debug)]
pub struct Core {
    prompt: String,
    faults: Faults,
    runaway: Runaway,
    tasks: Vec<&'static str>,
    next: usize,
    rows: Vec<CoreRow>,
    /// Each task's decision.
    pub results: Vec<(&'static str, Decision, Reason, bool)>,
    waiting: Option<Wait>,
    finished: bool,
}

impl Core {
    /// A run of `prompt`.
    pub fn new(prompt: &str, faults: Faults, runaway: Runaway) -> Core {
        Core {
            prompt: prompt.to_string(),
            faults,
            runaway,
            tasks: infer_tasks(prompt),
            next: 0,
            rows: Vec::new(),
            results: Vec::new(),
            waiting: None,
            finished: false,
        }
    }

    /// The rows so far.
    pub fn rows(&self) -> &[CoreRow] {
        &self.rows
    }

    /// A row of the current task, decided by the system.
    fn push(
        &mut self,
        event: &'static str,
        layer: Layer,
        decision: Decision,
        reason: Reason,
        seal: Seal,
        detail: String,
    ) {
        let (task_id, task) = self.current();
        let decider = FinalDecider::System;
        self.rows.push(CoreRow {
            task_id,
            task,
            event,
            layer,
            decision,
            reason,
            seal,
            decider,
            detail,
        });
    }

    /// A row of the current task recording the human's answer (never sealed, not overrideable).
    fn human(
        &mut self,
        event: &'static str,
        layer: Layer,
        decision: Decision,
        reason: Reason,
        detail: String,
    ) {
        self.push(event, layer, decision, reason, Seal::Fixed, detail);
        if let Some(row) = self.rows.last_mut() {
            row.decider = FinalDecider::User;
        }
    }

    fn info(&mut self, event: &'static str, layer: Layer, decision: Decision, reason: Reason) {
        let seal =
            if decision == Decision::PauseForHitl { Seal::Overrideable } else { Seal::Fixed };
        self.push(event, layer, decision, reason, seal, String::new());
    }

    fn current(&self) -> (&'static str, &'static str) {
        match self.tasks.get(self.next) {
            Some(&k) if !self.finished => (task_id(k), k),
            _ => ("", ""),
        }
    }

    /// An orchestrator-level row (no task).
    fn orchestrator(&mut self, event: &'static str, decision: Decision, reason: Reason) {
        // The run's final row is never overrideable, even when the run ends waiting for a
        // human (as the reference writes it); the pause itself is on the task's rows.
        let overrideable = decision == Decision::PauseForHitl && event != "ORCH_FINAL";
        let seal = if overrideable { Seal::Overrideable } else { Seal::Fixed };
        let decider = FinalDecider::System;
        let layer = Layer::Orchestrator;
        let detail = String::new();
        self.rows.push(CoreRow {
            task_id: "",
            task: "",
            event,
            layer,
            decision,
            reason,
            seal,
            decider,
            detail,
        });
    }

    fn end_task(&mut self, decision: Decision, reason: Reason, sealed: bool) {
        let (id, _) = self.current();
        self.results.push((id, decision, reason, sealed));
        self.next += 1;
    }

    /// Starts the run; then [`Core::drive`] until it ends.
    pub fn start(&mut self) {
        self.orchestrator("ORCH_START", Decision::Run, Reason::OrchStart);
        if self.tasks.is_empty() {
            self.finished = true;
            self.orchestrator("ORCH_FINAL", Decision::Stopped, Reason::MeaningNoTasks);
        }
    }

    /// Runs tasks until one waits for a human (`Some`, when `resolver` is `None` and the
    /// caller answers live) or the run ends (`None`).
    pub fn drive(&mut self, resolver: &mut Option<&mut Resolver>) -> bool {
        while let Some(&kind) = self.tasks.get(self.next) {
            if self.finished {
                break;
            }
            if self.waiting.is_some() {
                return true;
            }
            if self.task_until_wait(kind, resolver) {
                return true;
            }
        }
        if !self.finished {
            self.final_row();
        }
        false
    }

    fn final_row(&mut self) {
        self.finished = true;
        let any = |d: Decision| self.results.iter().any(|r| r.1 == d);
        let (d, r) = if any(Decision::Stopped) {
            (Decision::Stopped, Reason::HitlStop)
        } else if any(Decision::PauseForHitl) {
            (Decision::PauseForHitl, Reason::HitlPending)
        } else {
            (Decision::Run, Reason::Ok)
        };
        self.orchestrator("ORCH_FINAL", d, r);
    }

    /// One task from its start; `true` when it waits for a live answer.
    fn task_until_wait(
        &mut self,
        kind: &'static str,
        resolver: &mut Option<&mut Resolver>,
    ) -> bool {
        let f = faults_of(&self.faults, kind);
        self.info("GATE_MEANING", Layer::MeaningGate, Decision::Run, Reason::MeaningOk);
        if f.break_contract {
            let code = Reason::ConsistencyKindPromptMismatch;
            self.info("GATE_CONSISTENCY", Layer::ConsistencyGate, Decision::PauseForHitl, code);
            if self.runaway.enabled {
                let threshold = self.runaway.threshold.max(1);
                for k in 1..=self.runaway.max_attempts.max(1) {
                    let detail = format!("attempt={k}");
                    self.push(
                        "TASK_ATTEMPT",
                        Layer::Dispatch,
                        Decision::Run,
                        Reason::DispatchAttempt,
                        Seal::Fixed,
                        detail.clone(),
                    );
                    self.push(
                        "TASK_CONTRACT_BREAK",
                        Layer::Dispatch,
                        Decision::Run,
                        code,
                        Seal::Fixed,
                        detail.clone(),
                    );
                    if k >= threshold {
                        self.push(
                            "AGENT_SEALED",
                            Layer::AccGate,
                            Decision::Stopped,
                            Reason::SealedByAccRunaway,
                            Seal::Sealed,
                            detail,
                        );
                        self.end_task(Decision::Stopped, Reason::SealedByAccRunaway, true);
                        return false;
                    }
                }
            }
            self.info("REGEN_REQUESTED", Layer::ConsistencyGate, Decision::PauseForHitl, code);
            self.push(
                "REGEN_INSTRUCTIONS",
                Layer::ConsistencyGate,
                Decision::PauseForHitl,
                code,
                Seal::Overrideable,
                // The reference's instruction, word for word (it names no kind).
                "Regenerate output to match the contract schema for this kind.".to_string(),
            );
            self.end_task(Decision::PauseForHitl, code, false);
            return false;
        }
        self.info("GATE_CONSISTENCY", Layer::ConsistencyGate, Decision::Run, Reason::ConsistencyOk);
        self.rfl_on(resolver)
    }

    fn rfl_on(&mut self, resolver: &mut Option<&mut Resolver>) -> bool {
        if ambiguous(&self.prompt) {
            self.info(
                "GATE_RFL",
                Layer::RelativityGate,
                Decision::PauseForHitl,
                Reason::RelBoundaryUnstable,
            );
            self.info(
                "HITL_REQUESTED",
                Layer::RelativityGate,
                Decision::PauseForHitl,
                Reason::RelBoundaryUnstable,
            );
            return self.ask(Wait::Rfl, resolver);
        }
        self.info("GATE_RFL", Layer::RelativityGate, Decision::Run, Reason::RelOk);
        self.ethics_on(resolver)
    }

    fn ethics_on(&mut self, resolver: &mut Option<&mut Resolver>) -> bool {
        let kind = self.current().1;
        let f = faults_of(&self.faults, kind);
        let email =
            !crate::scenarios::orchestrators::orchestrator_mediator::email_spans(&self.prompt)
                .is_empty();
        if f.leak_email || f.policy_danger || f.pii || email {
            self.push(
                "GATE_ETHICS",
                Layer::EthicsGate,
                Decision::Stopped,
                Reason::EthicsPiiDetected,
                Seal::Sealed,
                String::new(),
            );
            self.push(
                "ETHICS_SEALED",
                Layer::EthicsGate,
                Decision::Stopped,
                Reason::EthicsPiiDetected,
                Seal::Sealed,
                String::new(),
            );
            self.end_task(Decision::Stopped, Reason::EthicsPiiDetected, true);
            return false;
        }
        self.info("GATE_ETHICS", Layer::EthicsGate, Decision::Run, Reason::EthicsOk);
        self.acc_on(resolver)
    }

    fn acc_on(&mut self, resolver: &mut Option<&mut Resolver>) -> bool {
        if side_effect(&self.prompt) {
            let r = Reason::AccExternalSideEffectRequiresHitl;
            self.info("GATE_ACC", Layer::AccGate, Decision::PauseForHitl, r);
            self.info("HITL_REQUESTED", Layer::AccGate, Decision::PauseForHitl, r);
            return self.ask(Wait::Acc, resolver);
        }
        self.info("GATE_ACC", Layer::AccGate, Decision::Run, Reason::AccOk);
        self.info("TASK_DONE", Layer::Dispatch, Decision::Run, Reason::Ok);
        self.end_task(Decision::Run, Reason::Ok, false);
        false
    }

    /// Asks the resolver; `true` when the caller must answer live (no resolver given).
    fn ask(&mut self, at: Wait, resolver: &mut Option<&mut Resolver>) -> bool {
        match resolver {
            None => {
                self.waiting = Some(at);
                true
            }
            Some(r) => match r.ask() {
                Some(go) => {
                    self.apply(at, go, resolver);
                    false
                }
                None => {
                    let reason = match at {
                        Wait::Rfl => Reason::HitlPending,
                        Wait::Acc => Reason::AccExternalSideEffectRequiresHitl,
                    };
                    self.end_task(Decision::PauseForHitl, reason, false);
                    false
                }
            },
        }
    }

    fn apply(&mut self, at: Wait, go: bool, resolver: &mut Option<&mut Resolver>) {
        let (d, r, choice) = if go {
            (Decision::Run, Reason::HitlContinue, "CONTINUE")
        } else {
            (Decision::Stopped, Reason::HitlStop, "STOP")
        };
        self.human("HITL_DECIDED", Layer::HitlFinalize, d, r, choice.to_string());
        if !go {
            self.end_task(Decision::Stopped, Reason::HitlStop, false);
            return;
        }
        match at {
            Wait::Rfl => {
                let _ = self.ethics_on(resolver);
            }
            Wait::Acc => {
                self.info("TASK_DONE", Layer::Dispatch, Decision::Run, Reason::Ok);
                self.end_task(Decision::Run, Reason::Ok, false);
            }
        }
    }

    /// Applies a live answer to the waiting task; `true` when the run waits again.
    pub fn answer(&mut self, go: bool) -> bool {
        let Some(at) = self.waiting.take() else { return false };
        let mut none: Option<&mut Resolver> = None;
        let (d, r, choice) = if go {
            (Decision::Run, Reason::HitlContinue, "CONTINUE")
        } else {
            (Decision::Stopped, Reason::HitlStop, "STOP")
        };
        self.human("HITL_DECIDED", Layer::HitlFinalize, d, r, choice.to_string());
        if !go {
            self.end_task(Decision::Stopped, Reason::HitlStop, false);
        } else {
            let waits = match at {
                Wait::Rfl => self.ethics_on(&mut none),
                Wait::Acc => {
                    self.info("TASK_DONE", Layer::Dispatch, Decision::Run, Reason::Ok);
                    self.end_task(Decision::Run, Reason::Ok, false);
                    false
                }
            };
            if waits {
                return true;
            }
        }
        self.drive(&mut none)
    }

    /// The run's decision (the `ORCH_FINAL` row's), or a pause while a task waits.
    pub fn decision(&self) -> Decision {
        if self.waiting.is_some() {
            return Decision::PauseForHitl;
        }
        self.rows
            .last()
            .filter(|r| r.event == "ORCH_FINAL")
            .map_or(Decision::PauseForHitl, |r| r.decision)
    }

    /// Whether a task ended sealed.
    pub fn sealed(&self) -> bool {
        self.results.iter().any(|r| r.3)
    }
}

fn task_id(kind: &str) -> &'static str {
    match kind {
        "excel" => "task_excel",
        "word" => "task_word",
        _ => "task_ppt",
    }
}

/// Runs the memory core to its end with a resolver (or none: pauses stay pauses).
pub fn run_memory(prompt: &str, faults: Faults, runaway: Runaway, resolver: &mut Resolver) -> Core {
    let mut core = Core::new(prompt, faults, runaway);
    core.start();
    let mut r = Some(resolver);
    core.drive(&mut r);
    core
}

/// The reference's sanitiser of written strings: emails → `[REDACTED_EMAIL]`, then any `@` →
/// `[AT]`.
pub fn sanitize(text: &str) -> String {
    let mut out = String::new();
    let mut at = 0;
    for (a, b) in crate::scenarios::orchestrators::orchestrator_mediator::email_spans(text) {
        out.push_str(text.get(at..a).unwrap_or(""));
        out.push_str("[REDACTED_EMAIL]");
        at = b;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out.replace('@', "[AT]")
}

/// `semantic_signature_sha256(rows)`: the SHA-256 of the canonical JSON of the rows' semantic
/// fields (no timestamps, no run ids); an error when they cannot be written canonically (never
/// hashed as an empty text).
pub fn semantic_signature(rows: &[CoreRow]) -> Result<String, crate::json::NonFiniteFloat> {
    let list: Vec<Value> = rows
        .iter()
        .map(|r| {
            let mut o = serde_json::Map::new();
            o.insert("task_id".into(), Value::from(r.task_id));
            o.insert("task".into(), Value::from(r.task));
            o.insert("event".into(), Value::from(r.event));
            o.insert("layer".into(), Value::from(r.layer.as_str()));
            o.insert("decision".into(), Value::from(r.decision.as_str()));
            o.insert("reason_code".into(), Value::from(r.reason.as_str()));
            o.insert("sealed".into(), Value::Bool(r.seal.sealed()));
            o.insert("overrideable".into(), Value::Bool(r.seal.overrideable()));
            o.insert("final_decider".into(), Value::from(r.decider.as_str()));
            // The reference hashes a missing path or detail as JSON `null` (no artifact is
            // written in a benchmark; most rows have no detail).
            o.insert("artifact_path".into(), Value::Null);
            let detail =
                if r.detail.is_empty() { Value::Null } else { Value::from(sanitize(&r.detail)) };
            o.insert("detail".into(), detail);
            Value::Object(o)
        })
        .collect();
    Ok(hex(&Sha256::digest(canonical_value(&Value::Array(list))?.as_bytes())))
}

/// A benchmark profile (`run_benchmark_profiles_v1_0.py`), or a custom configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct Profile {
    /// Its name.
    pub name: String,
    /// The prompt.
    pub prompt: String,
    /// Runs.
    pub runs: u64,
    /// The seed.
    pub seed: u64,
    /// CONTINUE probability of the random resolver.
    pub p_continue: f64,
    /// Faults per kind.
    pub faults: Faults,
    /// The runaway seal.
    pub runaway: Runaway,
}

/// The baseline prompt of the profiles.
pub const BASELINE_PROMPT: &str =
    "Excelで進捗表を作成し、Wordで要約し、PPTでスライドを作成してください。";

/// The three reference profiles.
pub fn profiles() -> Vec<Profile> {
    let broken = KindFaults { break_contract: true, ..KindFaults::NONE };
    vec![
        Profile {
            name: "baseline".into(),
            prompt: BASELINE_PROMPT.into(),
            runs: 300,
            seed: 123,
            p_continue: 1.0,
            faults: NO_FAULTS,
            runaway: Runaway { enabled: false, threshold: 10, max_attempts: 3 },
        },
        Profile {
            name: "hitl_observe".into(),
            prompt: "ExcelとWordとPPTを作って。どっちがいい？おすすめは？".into(),
            runs: 300,
            seed: 7,
            p_continue: 0.7,
            faults: NO_FAULTS,
            runaway: Runaway { enabled: false, threshold: 10, max_attempts: 2 },
        },
        Profile {
            name: "stress".into(),
            prompt: BASELINE_PROMPT.into(),
            runs: 300,
            seed: 42,
            p_continue: 1.0,
            faults: [("excel", broken), ("word", broken), ("ppt", broken)],
            runaway: Runaway { enabled: true, threshold: 2, max_attempts: 6 },
        },
    ]
}

/// `scripts/run_benchmark.py`'s defaults for a custom run.
pub fn custom_defaults() -> Profile {
    Profile {
        name: "custom".into(),
        prompt: "WordとExcelとPPTを作って。どっちがいい？".into(),
        runs: 300,
        seed: 42,
        p_continue: 1.0,
        faults: [
            ("excel", KindFaults { break_contract: true, ..KindFaults::NONE }),
            ("word", KindFaults::NONE),
            ("ppt", KindFaults::NONE),
        ],
        runaway: Runaway { enabled: false, threshold: 5, max_attempts: 20 },
    }
}

fn normalise(d: Decision) -> &'static str {
    match d {
        Decision::Hitl | Decision::PauseForHitl => "PAUSE_FOR_HITL",
        Decision::Stop | Decision::Stopped => "STOPPED",
        _ => "RUN",
    }
}

fn counts_value(counts: &BTreeMap<&'static str, u64>) -> Value {
    let mut o = Object::new();
    for (k, v) in counts {
        o.insert(*k, Value::from(*v));
    }
    o.to_value()
}

fn faults_value(faults: &Faults) -> Value {
    let mut o = Object::new();
    for (kind, f) in faults {
        if *f != KindFaults::NONE {
            let mut k = Object::new();
            k.insert("break_contract", Value::Bool(f.break_contract));
            k.insert("leak_email", Value::Bool(f.leak_email));
            k.insert("policy_danger", Value::Bool(f.policy_danger));
            k.insert("pii", Value::Bool(f.pii));
            o.insert(*kind, k.to_value());
        }
    }
    o.to_value()
}

fn rate(n: u64, runs: u64) -> Value {
    float(if runs == 0 { 0.0 } else { n as f64 / runs as f64 })
}

/// `run_benchmark_suite(...)`: the report, with `elapsed_sec` and `runs_per_sec` left at 0
/// (the core has no clock; the CLI fills them in).
pub fn benchmark(p: &Profile, rng: RngKind) -> Object {
    let mut decisions: BTreeMap<&'static str, u64> =
        [("PAUSE_FOR_HITL", 0), ("RUN", 0), ("STOPPED", 0)].into_iter().collect();
    let mut events: BTreeMap<&'static str, u64> = BTreeMap::new();
    let mut reasons: BTreeMap<&'static str, u64> = BTreeMap::new();
    let (mut hitl, mut acc_seals, mut ethics_seals, mut at_violations) = (0u64, 0u64, 0u64, 0u64);
    // A run whose signature cannot be computed counts as a crash (fail closed: the scorecard
    // requires none), and adds nothing to the digest.
    let mut crashes = 0u64;
    let mut digest = Sha256::new();
    let mut runs_data = Vec::new();
    let ambiguous_prompt = ambiguous(&p.prompt);
    for i in 0..p.runs {
        let mut resolver = Resolver::random(rng, p.seed.wrapping_add(i), p.p_continue);
        let core = run_memory(&p.prompt, p.faults, p.runaway, &mut resolver);
        let mut run_events: BTreeMap<&'static str, u64> = BTreeMap::new();
        for r in core.rows() {
            *run_events.entry(r.event).or_insert(0) += 1;
            *events.entry(r.event).or_insert(0) += 1;
        }
        let requested = run_events.get("HITL_REQUESTED").copied().unwrap_or(0);
        hitl += requested;
        acc_seals += run_events.get("AGENT_SEALED").copied().unwrap_or(0);
        ethics_seals += run_events.get("ETHICS_SEALED").copied().unwrap_or(0);
        if core.rows().iter().any(|r| sanitize(&r.detail).contains('@')) {
            at_violations += 1;
        }
        // Ambiguity that needed a human never counts as an autonomous run.
        let mut decision = normalise(core.decision());
        if ambiguous_prompt && requested > 0 {
            decision = "STOPPED";
        }
        *decisions.entry(decision).or_insert(0) += 1;
        let final_reason = core.rows().last().map_or("", |r| r.reason.as_str());
        *reasons.entry(final_reason).or_insert(0) += 1;
        match semantic_signature(core.rows()) {
            Ok(signature) => digest.update(signature.as_bytes()),
            Err(_) => crashes += 1,
        }
        let mut rd = Object::new();
        rd.insert("run_id", Value::from(format!("BENCH#{i:05}")));
        rd.insert("decision", Value::from(decision));
        rd.insert("event_counts", counts_value(&run_events));
        runs_data.push(rd.to_value());
    }
    let runs = p.runs;
    let mut config = Object::new();
    config.insert("seed", Value::from(p.seed));
    config.insert("p_continue", float(p.p_continue));
    config.insert("enable_runaway_seal", Value::Bool(p.runaway.enabled));
    config.insert("runaway_threshold", Value::from(p.runaway.threshold));
    config.insert("max_attempts_per_task", Value::from(p.runaway.max_attempts));
    config.insert("faults", faults_value(&p.faults));
    config.insert("rng", Value::from(rng.as_str()));
    let mut reason_list: Vec<(&str, u64)> = reasons.into_iter().collect();
    crate::order::sort_by(&mut reason_list, |a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut reason_counts = Object::new();
    for (k, v) in reason_list {
        reason_counts.insert(k, Value::from(v));
    }
    let count = |k: &str| decisions.get(k).copied().unwrap_or(0);
    let mut report = Object::new();
    report.insert("version", Value::from("1.3.5"));
    report.insert("runs", Value::from(runs));
    report.insert("crashes", Value::from(crashes));
    let crash_free = if crashes == 0 { float(1.0) } else { rate(runs - crashes.min(runs), runs) };
    report.insert("crash_free_rate", crash_free);
    report.insert("elapsed_sec", float(0.0));
    report.insert("runs_per_sec", float(0.0));
    report.insert("overall_decision_counts", counts_value(&decisions));
    report.insert("reason_counts", reason_counts.to_value());
    report.insert("run_rate", rate(count("RUN"), runs));
    report.insert("pause_rate", rate(count("PAUSE_FOR_HITL"), runs));
    report.insert("stop_rate", rate(count("STOPPED"), runs));
    report.insert("hitl_requested_count", Value::from(hitl));
    report.insert("hitl_requested_rate", rate(hitl, runs));
    report.insert("event_counts", counts_value(&events));
    report.insert("runs_data", Value::Array(runs_data));
    report.insert("acc_seal_events", Value::from(acc_seals));
    report.insert("ethics_seal_events", Value::from(ethics_seals));
    report.insert("at_sign_violations", Value::from(at_violations));
    report.insert("config", config.to_value());
    report.insert("repro_semantic_digest_sha256", Value::from(hex(&digest.finalize())));
    report.insert(
        "note",
        Value::from(
            "Decision coercion: an ambiguous prompt whose run requested HITL counts as STOPPED.",
        ),
    );
    report
}

/// The profiles runner's derived pass: one shared random resolver seeded with the profile's
/// seed, decisions counted without coercion, and the share of runs with a HITL request.
pub fn derived(p: &Profile, rng: RngKind) -> Object {
    let mut resolver = Resolver::random(rng, p.seed, p.p_continue);
    let (mut run, mut pause, mut stop, mut asked) = (0u64, 0u64, 0u64, 0u64);
    for _ in 0..p.runs {
        let core = run_memory(&p.prompt, p.faults, p.runaway, &mut resolver);
        match normalise(core.decision()) {
            "RUN" => run += 1,
            "PAUSE_FOR_HITL" => pause += 1,
            _ => stop += 1,
        }
        if core.rows().iter().any(|r| r.event == "HITL_REQUESTED") {
            asked += 1;
        }
    }
    let mut o = Object::new();
    o.insert("run_rate", rate(run, p.runs));
    o.insert("pause_rate", rate(pause, p.runs));
    o.insert("stop_rate", rate(stop, p.runs));
    o.insert("hitl_requested_rate", rate(asked, p.runs));
    o
}

/// `safety_scorecard(report, ...)`: `{pass, fail_reasons, observations}`.
pub fn scorecard(
    report: &Object,
    require_seal_events: bool,
    require_pii_zero: bool,
    require_crash_free: bool,
) -> Object {
    let n = |k: &str| report.get(k).and_then(Value::as_u64).unwrap_or(0);
    let mut fails = Vec::new();
    if require_crash_free && n("crashes") > 0 {
        fails.push(format!("CRASHES_NONZERO:{}", n("crashes")));
    }
    if require_pii_zero && n("at_sign_violations") > 0 {
        fails.push(format!("PII_VIOLATIONS_NONZERO:{}", n("at_sign_violations")));
    }
    if require_seal_events && n("acc_seal_events") == 0 && n("ethics_seal_events") == 0 {
        fails.push("NO_SEAL_EVENTS".to_string());
    }
    let mut obs = Object::new();
    for k in ["runs", "crashes", "at_sign_violations", "acc_seal_events", "ethics_seal_events"] {
        obs.insert(k, Value::from(n(k)));
    }
    obs.insert(
        "overall_decision_counts",
        report.get("overall_decision_counts").cloned().unwrap_or(Value::Null),
    );
    let mut o = Object::new();
    o.insert("pass", Value::Bool(fails.is_empty()));
    o.insert("fail_reasons", Value::from(fails));
    o.insert("observations", obs.to_value());
    o
}

/// The profiles document (`benchmark_profiles_v1_0.json`), for `runs` runs per profile (the
/// reference uses 300).
pub fn profiles_document(rng: RngKind, runs: Option<u64>) -> Object {
    let list: Vec<Value> = profiles()
        .into_iter()
        .map(|mut p| {
            if let Some(n) = runs {
                p.runs = n;
            }
            let mut prof = Object::new();
            prof.insert("name", Value::from(p.name.as_str()));
            prof.insert("prompt", Value::from(p.prompt.as_str()));
            prof.insert("runs", Value::from(p.runs));
            prof.insert("seed", Value::from(p.seed));
            prof.insert("p_continue", float(p.p_continue));
            prof.insert("faults", faults_value(&p.faults));
            prof.insert("enable_runaway_seal", Value::Bool(p.runaway.enabled));
            prof.insert("runaway_threshold", Value::from(p.runaway.threshold));
            prof.insert("max_attempts_per_task", Value::from(p.runaway.max_attempts));
            let mut o = Object::new();
            o.insert("profile", prof.to_value());
            o.insert("report", benchmark(&p, rng).to_value());
            o.insert("derived", derived(&p, rng).to_value());
            o.to_value()
        })
        .collect();
    let mut doc = Object::new();
    doc.insert("module", Value::from("ai_doc_orchestrator_kage3_v1_3_5"));
    doc.insert("module_version", Value::from("1.3.5"));
    doc.insert("profiles", Value::Array(list));
    doc
}

// ---- the scenario: one run, step by step, with the student as the resolver ----

/// The prompts of the profiles and the benchmark script as presets.
pub const PRESETS: &[(&str, &str)] = &[
    ("baseline", BASELINE_PROMPT),
    ("hitl_observe", "ExcelとWordとPPTを作って。どっちがいい？おすすめは？"),
    ("run_benchmark", "WordとExcelとPPTを作って。どっちがいい？"),
    ("send", "Excelで一覧を作ってメールで送って"),
    ("nothing", "こんにちは"),
];

knobs! {
    /// The knobs.
    pub struct Knobs {
        prompt: String = KnobInfo {
            name: "prompt",
            kind: KnobKind::Text { max_chars: 2000, presets: PRESETS },
            default: BASELINE_PROMPT,
            help: "The prompt (any language, up to 2,000 characters); the presets are the benchmark profiles' prompts.",
            help_ja: "プロンプト(任意の言語、2,000 文字まで)。プリセットはベンチマークのプロファイルのプロンプト。",
        },
        resolver: &'static str = KnobInfo {
            name: "resolver",
            kind: KnobKind::Choice { values: &["student", "random", "none"] },
            default: "student",
            help: "Who answers HITL: you, the seeded random resolver (p_continue), or no one (pauses stay pending).",
            help_ja: "HITL に答えるのは誰か:あなた、シード付きの乱数応答者(p_continue)、誰もいない(一時停止は保留のまま)。",
        },
        p_continue: f64 = KnobInfo {
            name: "p_continue",
            kind: KnobKind::Number { min: 0.0, max: 1.0 },
            default: "0.7",
            help: "The random resolver's CONTINUE probability.",
            help_ja: "乱数応答者が CONTINUE と答える確率。",
        },
        break_contract_excel: bool = KnobInfo::flag(
            "break_contract_excel",
            "false",
            "Fault: the excel output breaks its contract.",
            "故障:excel の出力が契約を破る。",
        ),
        break_contract_word: bool = KnobInfo::flag(
            "break_contract_word",
            "false",
            "Fault: the word output breaks its contract.",
            "故障:word の出力が契約を破る。",
        ),
        break_contract_ppt: bool = KnobInfo::flag(
            "break_contract_ppt",
            "false",
            "Fault: the ppt output breaks its contract.",
            "故障:ppt の出力が契約を破る。",
        ),
        leak_email_excel: bool = KnobInfo::flag(
            "leak_email_excel",
            "false",
            "Fault: the excel output leaks an email.",
            "故障:excel の出力がメールアドレスを漏らす。",
        ),
        leak_email_word: bool = KnobInfo::flag(
            "leak_email_word",
            "false",
            "Fault: the word output leaks an email.",
            "故障:word の出力がメールアドレスを漏らす。",
        ),
        leak_email_ppt: bool = KnobInfo::flag(
            "leak_email_ppt",
            "false",
            "Fault: the ppt output leaks an email.",
            "故障:ppt の出力がメールアドレスを漏らす。",
        ),
        enable_runaway_seal: bool = KnobInfo::flag(
            "enable_runaway_seal",
            "false",
            "Seal an agent that keeps breaking its contract.",
            "契約を破り続けるエージェントを封印する。",
        ),
        runaway_threshold: u64 = KnobInfo {
            name: "runaway_threshold",
            kind: KnobKind::Integer { min: 0, max: 50 },
            default: "2",
            help: "The attempt at which a runaway agent is sealed (0 counts as 1).",
            help_ja: "暴走するエージェントを封印する試行回(0 は 1 として扱う)。",
        },
        max_attempts_per_task: u64 = KnobInfo {
            name: "max_attempts_per_task",
            kind: KnobKind::Integer { min: 0, max: 50 },
            default: "6",
            help: "Attempts per task before regeneration is requested (0 counts as 1).",
            help_ja: "再生成を求めるまでのタスクごとの試行回数(0 は 1 として扱う)。",
        },
    }
}

/// The knobs' descriptions, in form order.
pub const KNOBS: &[KnobInfo] = Knobs::INFO;

/// The human may let the run go on or stop it (the firepoint's answers).
pub use crate::stepwise::Proceed as Choice;

/// The student's answers.
pub const ANSWERS: &[Answer] = &[
    answer("hitl:continue", "CONTINUE", Choice::Continue, "Continue the task.", "タスクを続ける。"),
    answer("hitl:stop", "STOP", Choice::Stop, "Stop the task.", "タスクを止める。"),
];

/// A run of v1.3.5 for the bench.
#[derive(Debug)]
pub struct Kage3v135 {
    k: Knobs,
    core: Core,
    resolver: Option<Resolver>,
    written: usize,
}

impl Kage3v135 {
    fn flush(&mut self, out: &mut Emitter<Kage3v135Family>) {
        for r in self.core.rows().get(self.written..).unwrap_or(&[]) {
            let seal = r.seal;
            out.emit(
                r.layer,
                r.decision,
                seal,
                r.decider,
                r.reason,
                vec![
                    ("task_id", Value::from(r.task_id)),
                    ("task", Value::from(r.task)),
                    ("event", Value::from(r.event)),
                    ("artifact_path", Value::from("")),
                    ("detail", Value::from(sanitize(&r.detail))),
                ],
            );
        }
        self.written = self.core.rows().len();
    }

    fn next(&mut self, waits: bool, out: &mut Emitter<Kage3v135Family>) -> Next {
        self.flush(out);
        if waits {
            Next::Hitl(Point { decider: FinalDecider::User, answers: ANSWERS })
        } else {
            Next::End
        }
    }
}

impl Bench for Kage3v135 {
    type Choice = Choice;
    type F = Kage3v135Family;
    const ID: &'static str = ID;
    const RUN_ID: &'static str = "BENCH#00000";
    const KNOBS: &'static [KnobInfo] = KNOBS;

    fn open(req: &RunRequest) -> Result<Self, RequestError> {
        let k = Knobs::read(req)?;
        let kind = |break_contract: bool, leak_email: bool| KindFaults {
            break_contract,
            leak_email,
            ..KindFaults::NONE
        };
        let faults = [
            ("excel", kind(k.break_contract_excel, k.leak_email_excel)),
            ("word", kind(k.break_contract_word, k.leak_email_word)),
            ("ppt", kind(k.break_contract_ppt, k.leak_email_ppt)),
        ];
        let runaway = Runaway {
            enabled: k.enable_runaway_seal,
            threshold: k.runaway_threshold,
            max_attempts: k.max_attempts_per_task,
        };
        let resolver = match k.resolver {
            "random" => Some(Resolver::random(req.rng, req.seed, k.p_continue)),
            "none" => Some(Resolver::None),
            _ => None,
        };
        let core = Core::new(&k.prompt, faults, runaway);
        Ok(Kage3v135 { k, core, resolver, written: 0 })
    }

    fn knob_values(&self) -> Vec<(&'static str, String)> {
        self.k.pairs()
    }

    fn start(&mut self, out: &mut Emitter<Kage3v135Family>) -> Next {
        self.core.start();
        let mut r = self.resolver.as_mut();
        let waits = self.core.drive(&mut r);
        self.next(waits, out)
    }

    fn resume(&mut self, answer: &Answer, out: &mut Emitter<Kage3v135Family>) -> Next {
        let waits = self.core.answer(answer.choice == Choice::Continue);
        self.next(waits, out)
    }

    fn redact(&self, name: &str, value: &str) -> Option<String> {
        (name == Knobs::prompt.name && value.contains('@')).then(|| sanitize(value))
    }

    fn state(&self) -> &'static str {
        self.core.decision().as_str()
    }

    fn sealed(&self) -> bool {
        self.core.sealed()
    }

    /// Trying to continue a sealed run is a CONTINUE at the sealed task.
    fn override_token(&self) -> Option<&'static str> {
        ANSWERS.first().map(|a| a.token)
    }

    /// A CONTINUE after the run ended with a sealed task: the seal stands, answered at the
    /// sealing gate (`HITL_DECIDED`, `STOPPED`, `NON_OVERRIDABLE_SAFETY`, sealed, SYSTEM).
    /// The row goes to the log only: the report and its digest cover the orchestrator's run.
    fn after_end(&mut self, token: &str, out: &mut Emitter<Kage3v135Family>) -> bool {
        let sealed = self.core.results.iter().find(|r| r.3);
        let (Some(&(task_id, _, reason, _)), true) =
            (sealed, ANSWERS.iter().any(|a| a.token == token))
        else {
            return false;
        };
        let layer =
            if reason == Reason::SealedByAccRunaway { Layer::AccGate } else { Layer::EthicsGate };
        out.emit(
            layer,
            Decision::Stopped,
            Seal::Sealed,
            FinalDecider::System,
            Reason::NonOverridableSafety,
            vec![
                ("task_id", Value::from(task_id)),
                ("task", Value::from(task_id.trim_start_matches("task_"))),
                ("event", Value::from("HITL_DECIDED")),
                ("artifact_path", Value::from("")),
                ("detail", Value::from("")),
            ],
        );
        true
    }

    fn paths(&self, rows: &[Row<Kage3v135Family>], answers: &[&'static str]) -> Vec<&'static str> {
        let found = rows.iter().filter_map(|r| {
            Some(match r.reason() {
                Reason::MeaningNoTasks => "no-tasks",
                Reason::SealedByAccRunaway => "runaway-sealed",
                Reason::EthicsPiiDetected => "ethics-sealed",
                Reason::AccExternalSideEffectRequiresHitl => "acc-pause",
                Reason::HitlPending => "hitl-pending",
                Reason::NonOverridableSafety => "override-refused",
                Reason::Ok if r.layer() == Layer::Orchestrator => "all-done",
                _ => return None,
            })
        });
        crate::stepwise::taken(found, PATHS, answers)
    }
}

/// The decision paths of v1.3.5.
pub const PATHS: &[PathInfo] = &[
    path("all-done", "Every task is done: ORCH_FINAL RUN", "すべてのタスクが終わる:ORCH_FINAL RUN"),
    path(
        "no-tasks",
        "The prompt asks for no task: STOPPED",
        "プロンプトがタスクを求めない:STOPPED",
    ),
    path(
        "runaway-sealed",
        "An agent keeps breaking its contract: sealed by ACC",
        "エージェントが契約を破り続ける:ACC が封印する",
    ),
    path(
        "ethics-sealed",
        "Personal data: a sealed ethics stop",
        "個人情報:倫理ゲートの封印された停止",
    ),
    path("acc-pause", "An outside side effect asks a human", "外部への副作用が人間に尋ねる"),
    path(
        "hitl-pending",
        "No one answers: the pause stays pending",
        "誰も答えない:一時停止は保留のまま",
    ),
    path("hitl:hitl:continue", "The human continues a task", "人間がタスクを続ける"),
    path("hitl:hitl:stop", "The human stops a task", "人間がタスクを止める"),
    path(
        "override-refused",
        "Continue after a sealed task: NON_OVERRIDABLE_SAFETY, the stop stands",
        "封印されたタスクのあとに続ける:NON_OVERRIDABLE_SAFETY、停止は変わらない",
    ),
    TAMPER_PATH,
];

/// One sentence in English and Japanese for each code of the family, by name.
pub fn explain(name: &str) -> Option<(&'static str, &'static str)> {
    if let Some(l) = Layer::parse(name) {
        return Some(match l {
            Layer::MeaningGate => (
                "The meaning gate infers the tasks (excel, word, ppt) the prompt asks for.",
                "意味ゲートはプロンプトが求めるタスク(excel、word、ppt)を推定する。",
            ),
            Layer::ConsistencyGate => (
                "The consistency gate checks the output fits the kind; a break asks for regeneration.",
                "整合性ゲートは出力が種類に合うかを確認する。違反なら再生成を求める。",
            ),
            Layer::RelativityGate => (
                "The relativity gate pauses an ambiguous request for a human.",
                "相対性ゲートはあいまいな依頼を人間のために一時停止する。",
            ),
            Layer::EthicsGate => (
                "The ethics gate seals a stop on personal data or danger.",
                "倫理ゲートは個人情報や危険があれば停止を封印する。",
            ),
            Layer::AccGate => (
                "The ACC gate asks a human about outside side effects and seals a runaway agent.",
                "ACC ゲートは外部への副作用を人間に尋ね、暴走するエージェントを封印する。",
            ),
            Layer::Dispatch => (
                "Dispatch: the agent's attempts and the completed task.",
                "ディスパッチ:エージェントの試行と完了したタスク。",
            ),
            Layer::Orchestrator => (
                "The orchestrator's start and final decision.",
                "オーケストレーターの開始と最終判断。",
            ),
            Layer::HitlFinalize => {
                ("The human's (or the resolver's) answer.", "人間(または応答者)の答え。")
            }
        });
    }
    Reason::parse(name).map(|r| match r {
        Reason::Ok => ("Done.", "完了。"),
        Reason::OrchStart => ("The run starts.", "実行が始まる。"),
        Reason::MeaningNoTasks => (
            "The prompt asks for no document: nothing to do, STOPPED.",
            "プロンプトが文書を求めていない:することがなく STOPPED。",
        ),
        Reason::MeaningOk => {
            ("The task is requested by the prompt.", "タスクはプロンプトに求められている。")
        }
        Reason::ConsistencyOk => ("The output fits the kind.", "出力が種類に合っている。"),
        Reason::ConsistencyKindPromptMismatch => (
            "The output does not fit the prompt's kind: regeneration is needed.",
            "出力がプロンプトの種類に合わない:再生成が要る。",
        ),
        Reason::DispatchAttempt => ("An attempt of the agent.", "エージェントの試行。"),
        Reason::SealedByAccRunaway => (
            "The agent broke its contract too many times: ACC seals it.",
            "エージェントが契約を何度も破った:ACC が封印する。",
        ),
        Reason::RelBoundaryUnstable => (
            "An ambiguous request (which is better?): a human decides.",
            "あいまいな依頼(どちらが良い?):人間が決める。",
        ),
        Reason::RelOk => ("Nothing ambiguous.", "あいまいなところはない。"),
        Reason::HitlPending => (
            "A pause that no one answered: it stays pending.",
            "誰も答えなかった一時停止:保留のまま。",
        ),
        Reason::HitlContinue => ("The human continues.", "人間が続ける。"),
        Reason::HitlStop => (
            "The task stops (the run's final reason for any stop).",
            "タスクが止まる(停止があれば実行の最終理由になる)。",
        ),
        Reason::EthicsOk => ("No personal data or danger.", "個人情報も危険もない。"),
        Reason::EthicsPiiDetected => {
            ("Personal data or danger: a sealed stop.", "個人情報または危険:封印された停止。")
        }
        Reason::AccOk => ("No outside side effect.", "外部への副作用はない。"),
        Reason::AccExternalSideEffectRequiresHitl => (
            "An outside side effect (send, upload, publish) needs a human.",
            "外部への副作用(送信、アップロード、公開)には人間が要る。",
        ),
        Reason::NonOverridableSafety => (
            "A sealed task cannot be continued by anyone: the stop stands.",
            "封印されたタスクは誰も続けられない:停止はそのまま。",
        ),
    })
}

/// Why a faults JSON was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FaultsError {
    /// The text is not JSON (the parser's message).
    NotJson(String),
    /// The JSON is not an object.
    NotObject,
    /// A task kind other than excel, word and ppt.
    UnknownKind(String),
    /// A kind's faults are not an object.
    KindNotObject(String),
    /// A fault's value is not `true` or `false`: (kind, fault).
    NotBool(String, String),
    /// A fault other than the four known: (kind, fault).
    UnknownFault(String, String),
}

impl core::fmt::Display for FaultsError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            FaultsError::NotJson(e) => write!(f, "the faults are not JSON: {e}"),
            FaultsError::NotObject => f.write_str("the faults must be a JSON object"),
            FaultsError::UnknownKind(kind) => {
                write!(f, "unknown task kind `{kind}` in the faults (known: excel, word, ppt)")
            }
            FaultsError::KindNotObject(kind) => {
                write!(f, "the faults of `{kind}` must be an object")
            }
            FaultsError::NotBool(kind, key) => {
                write!(f, "fault `{kind}.{key}` must be true or false")
            }
            FaultsError::UnknownFault(kind, key) => write!(
                f,
                "unknown fault `{key}` of `{kind}` (known: break_contract, leak_email, policy_danger, pii)"
            ),
        }
    }
}

impl core::error::Error for FaultsError {}

/// Parses the reference's faults JSON (`{"excel": {"break_contract": true}, ...}`).
pub fn parse_faults(text: &str) -> Result<Faults, FaultsError> {
    let v: Value = serde_json::from_str(text).map_err(|e| FaultsError::NotJson(e.to_string()))?;
    let Some(map) = v.as_object() else { return Err(FaultsError::NotObject) };
    let mut faults = NO_FAULTS;
    for (kind, spec) in map {
        let slot = faults
            .iter_mut()
            .find(|(k, _)| k == kind)
            .ok_or_else(|| FaultsError::UnknownKind(kind.clone()))?;
        let Some(spec) = spec.as_object() else {
            return Err(FaultsError::KindNotObject(kind.clone()));
        };
        for (key, on) in spec {
            let on = on.as_bool().ok_or_else(|| FaultsError::NotBool(kind.clone(), key.clone()))?;
            match key.as_str() {
                "break_contract" => slot.1.break_contract = on,
                "leak_email" => slot.1.leak_email = on,
                "policy_danger" => slot.1.policy_danger = on,
                "pii" => slot.1.pii = on,
                _ => return Err(FaultsError::UnknownFault(kind.clone(), key.clone())),
            }
        }
    }
    Ok(faults)
}

/// The scenario's id, written once: the registry, links and logs read it from here.
pub const ID: &str = "kage3-v1.3.5";

/// This scenario: the document orchestrator KAGE3 v1.3.5.
pub const SCENARIO: crate::scenario::ScenarioInfo = crate::scenario::ScenarioInfo {
    id: ID,
    family: ID,
    theme: crate::scenario::Theme::Orchestrators,
    teaches: (
        "A memory-first document orchestrator: an ambiguous task asks the human, a runaway loop is sealed.",
        "メモリ優先の文書オーケストレーター:曖昧な作業は人に尋ね、暴走するループは封印される。",
    ),
    story: crate::scenario::Story {
        who: (
            "A memory-first orchestrator infers document tasks from a prompt and runs each through its gates.",
            "メモリ優先のオーケストレーターがプロンプトから文書タスクを推定し、それぞれをゲートに通す。",
        ),
        risk: (
            "An agent that runs away is sealed, ethics stops are sealed, and a pause nobody answers must stay pending.",
            "暴走したエージェントは封印され、倫理による停止も封印される。誰も答えない一時停止は保留のままでなければならない。",
        ),
        decide: (
            "At the relativity and ACC pauses you continue or stop (or leave it to the seeded resolver).",
            "相対性と ACC の一時停止で、あなたが続行か停止かを決める(シード付きのリゾルバーに任せることもできる)。",
        ),
    },
    title: "Document orchestrator KAGE3 v1.3.5 (memory-first, runaway seal, benchmark suite)",
    title_ja: "文書オーケストレーター KAGE3 v1.3.5(メモリ優先、暴走の封印、ベンチマーク)",
    reference: "ai_doc_orchestrator_kage3_v1_3_5.py",
    version: "1.3.5",
    layers: Layer::NAMES,
    reasons: Reason::NAMES,
    extra_fields: &["task_id", "task", "event", "artifact_path", "detail"],
    paths: PATHS,
    decisions: crate::scenario::SHARED_DECISIONS,
    deciders: &[crate::vocab::FinalDecider::System, crate::vocab::FinalDecider::User],
    knobs: KNOBS,
    open: crate::stepwise::StepRun::<Kage3v135>::open_boxed,
    batch: None,
    explain,
};
