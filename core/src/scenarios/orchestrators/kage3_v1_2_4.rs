//! The document orchestrator KAGE3 v1.2.4 (`ai_doc_orchestrator_kage3_v1_2_4.py`, the newer
//! snapshot with post-HITL semantics): one prompt, three tasks (word, excel, ppt), each
//! through meaning, a PII preflight, the agent's draft, consistency (strict schema contracts),
//! RFL, ethics and ACC, with a HITL firepoint wherever a gate pauses. No file is written: the
//! artifact is a path in the log. No `@` ever reaches the log.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use serde_json::{Value, json};

use crate::arl::{JsonExtras, Row, Seal};
use crate::face::{KnobInfo, KnobKind, PathInfo, RequestError, RunRequest, TAMPER_PATH, path};
use crate::knob::{KnobSet, knobs};
use crate::stepwise::{Bench, Emitter, Ruling, answer};
use crate::vocab::{Code, Decision, Family, FinalDecider};
use crate::vocabulary;

/// This bench's answer, typed by its [`Choice`].
type Answer = crate::stepwise::Answer<Choice>;
/// This bench's point, typed by its [`Choice`].
type Point = crate::stepwise::Point<Choice>;
/// This bench's next step, typed by its [`Choice`].
type Next = crate::stepwise::Next<Choice>;

vocabulary! {
    /// The orchestrator's layers (short names).
    pub enum Layer {
        /// Does the prompt ask for this task's kind?
        Meaning = "meaning",
        /// Does the draft meet its kind's contract?
        Consistency = "consistency",
        /// Is the request ambiguous (which is better)?
        Rfl = "rfl",
        /// Personal data: a sealed stop.
        Ethics = "ethics",
        /// Accountability (a stub that passes).
        Acc = "acc",
        /// The orchestrator's own records.
        Orchestrator = "orchestrator",
        /// The agent's output.
        Agent = "agent",
        /// The human's answer at a HITL firepoint.
        HitlFinalize = "hitl_finalize",
    }
}

vocabulary! {
    /// The orchestrator's reason codes.
    pub enum Reason {
        /// A task was assigned.
        TaskAssigned = "TASK_ASSIGNED",
        /// The prompt names no kind: every task may run.
        MeaningGenericAllowAll = "MEANING_GENERIC_ALLOW_ALL",
        /// The prompt names this task's kind.
        MeaningKindMatch = "MEANING_KIND_MATCH",
        /// The prompt names only other kinds.
        MeaningKindMissing = "MEANING_KIND_MISSING",
        /// The agent's redacted output preview.
        AgentOutputPreview = "AGENT_OUTPUT_PREVIEW",
        /// The draft meets its contract.
        ContractOk = "CONTRACT_OK",
        /// The draft is not an object.
        ContractDraftInvalid = "CONTRACT_DRAFT_INVALID",
        /// Excel: bad columns.
        ContractExcelColumnsInvalid = "CONTRACT_EXCEL_COLUMNS_INVALID",
        /// Excel: bad rows.
        ContractExcelRowsInvalid = "CONTRACT_EXCEL_ROWS_INVALID",
        /// Excel: a row's keys differ from the columns.
        ContractExcelRowKeysInvalid = "CONTRACT_EXCEL_ROW_KEYS_INVALID",
        /// Excel: a cell is not a scalar.
        ContractExcelCellValueInvalid = "CONTRACT_EXCEL_CELL_VALUE_INVALID",
        /// Word: bad headings.
        ContractWordHeadingsInvalid = "CONTRACT_WORD_HEADINGS_INVALID",
        /// PowerPoint: bad slides.
        ContractPptSlidesInvalid = "CONTRACT_PPT_SLIDES_INVALID",
        /// An unknown kind.
        ContractUnknownKind = "CONTRACT_UNKNOWN_KIND",
        /// Regeneration was requested.
        RegenForConsistency = "REGEN_FOR_CONSISTENCY",
        /// The regeneration instructions.
        RegenInstructionsV1 = "REGEN_INSTRUCTIONS_V1",
        /// Nothing ambiguous.
        RelOk = "REL_OK",
        /// An ambiguous request: a human decides.
        RelBoundaryUnstable = "REL_BOUNDARY_UNSTABLE",
        /// No personal data.
        EthicsOk = "ETHICS_OK",
        /// An email address in the agent's output: a sealed stop.
        EthicsEmailDetected = "ETHICS_EMAIL_DETECTED",
        /// Accountability passes.
        AccOk = "ACC_OK",
        /// Accountability blocks.
        AccBlocked = "ACC_BLOCKED",
        /// The human continues.
        HitlContinue = "HITL_CONTINUE",
        /// The human stops (or no one answered).
        HitlStop = "HITL_STOP",
        /// The resolver failed: stop.
        HitlResolverFailed = "HITL_RESOLVER_FAILED",
        /// The artifact was written.
        ArtifactWritten = "ARTIFACT_WRITTEN",
        /// The task's result (results only).
        Ok = "OK",
        /// A student's Continue after a sealed stop, refused (this bench's teaching
        /// extension: the reference orchestrator has no way to continue a sealed task).
        NonOverridableSafety = "NON_OVERRIDABLE_SAFETY",
    }
}

/// The document-orchestrator family: only ethics seals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kage3Family;

impl Family for Kage3Family {
    const ID: &'static str = ID;
    type Layer = Layer;
    type Reason = Reason;
    type Extras = JsonExtras;
    fn may_seal(layer: Layer) -> bool {
        layer == Layer::Ethics
    }
    fn is_relativity(layer: Layer) -> bool {
        layer == Layer::Rfl
    }
}

/// The three tasks, in order: (task id, kind, artifact extension).
pub const TASKS: [(&str, &str, &str); 3] =
    [("task_word", "word", "docx"), ("task_excel", "excel", "xlsx"), ("task_ppt", "ppt", "pptx")];

/// The kind tokens.
const KIND_TOKENS: [(&str, &[&str]); 3] = [
    ("excel", &["excel", "xlsx", "表", "列", "columns", "table"]),
    ("word", &["word", "docx", "見出し", "章", "アウトライン", "outline", "document"]),
    ("ppt", &["ppt", "pptx", "powerpoint", "スライド", "slides", "slide"]),
];

/// The ambiguity tokens of the RFL gate.
const RFL_TOKENS: &[&str] =
    &["どっち", "どちら", "どれが", "良いか", "いいか", "おすすめ", "最適", "評価", "比較"];

fn ascii_token(t: &str) -> bool {
    t.chars().all(|c| c.is_ascii_alphanumeric() || "_.+-".contains(c))
}

/// Whether `prompt` mentions `token`: ASCII tokens case-insensitively as whole tokens (no
/// ASCII letter or digit around them), others as plain substrings.
pub fn mentions(prompt: &str, token: &str) -> bool {
    if !ascii_token(token) {
        return prompt.contains(token);
    }
    let p = prompt.to_ascii_lowercase();
    p.match_indices(token).any(|(i, w)| {
        let before = p.get(..i).and_then(|s| s.chars().next_back());
        let after = p.get(i + w.len()..).and_then(|s| s.chars().next());
        !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

/// The kinds the prompt mentions.
pub fn kinds_mentioned(prompt: &str) -> Vec<&'static str> {
    KIND_TOKENS
        .iter()
        .filter(|(_, tokens)| tokens.iter().any(|t| mentions(prompt, t)))
        .map(|(k, _)| *k)
        .collect()
}

/// Whether the prompt is ambiguous (an RFL token).
pub fn ambiguous(prompt: &str) -> bool {
    RFL_TOKENS.iter().any(|t| prompt.contains(t))
}

/// The agent's draft for `kind`: (structured draft, raw text).
pub fn draft(kind: &str, break_contract: bool, leak_email: bool) -> (Value, String) {
    let (good, bad, mut raw) = match kind {
        "excel" => (
            json!({"columns": ["Item", "Owner", "Status"], "rows": [
                {"Item": "Task A", "Owner": "Team", "Status": "In Progress"},
                {"Item": "Task B", "Owner": "Team", "Status": "Planned"}]}),
            json!({"cols": "Item,Owner,Status"}),
            String::from("Excel Table:\n- Columns: Item | Owner | Status\n- Rows: 2\n"),
        ),
        "word" => (
            json!({"headings": ["Title", "Purpose", "Summary", "Next Steps"]}),
            json!({"heading": "Title"}),
            String::from("Word Outline:\n1) Title\n2) Purpose\n3) Summary\n4) Next Steps\n"),
        ),
        _ => (
            json!({"slides": ["Purpose", "Key Points", "Next Steps"]}),
            json!({"slides": "Purpose,Key Points"}),
            String::from(
                "PPT Slides:\n- Slide 1: Purpose\n- Slide 2: Key Points\n- Slide 3: Next Steps\n",
            ),
        ),
    };
    if leak_email {
        raw.push_str("\nContact: test.user+demo@example.com\n");
    }
    (if break_contract { bad } else { good }, raw)
}

/// The text with every email address replaced by `<REDACTED_EMAIL>`.
pub fn redact_emails(text: &str) -> String {
    let mut out = String::new();
    let mut at = 0;
    for (a, b) in crate::scenarios::orchestrators::orchestrator_mediator::email_spans(text) {
        out.push_str(text.get(at..a).unwrap_or(""));
        out.push_str("<REDACTED_EMAIL>");
        at = b;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

fn nonempty_strings(v: Option<&Value>) -> bool {
    v.and_then(Value::as_array).is_some_and(|list| {
        !list.is_empty() && list.iter().all(|s| s.as_str().is_some_and(|s| !s.is_empty()))
    })
}

/// The consistency gate's contract check of a draft of `kind`.
pub fn contract(kind: &str, draft: &Value) -> Reason {
    let Some(obj) = draft.as_object() else { return Reason::ContractDraftInvalid };
    match kind {
        "excel" => {
            if !nonempty_strings(obj.get("columns")) {
                return Reason::ContractExcelColumnsInvalid;
            }
            let columns: Vec<&str> = obj
                .get("columns")
                .and_then(Value::as_array)
                .map(|c| c.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let rows = obj.get("rows").and_then(Value::as_array);
            let Some(rows) = rows.filter(|r| !r.is_empty() && r.iter().all(Value::is_object))
            else {
                return Reason::ContractExcelRowsInvalid;
            };
            let maps = rows.iter().filter_map(Value::as_object);
            for row in maps.clone() {
                let same =
                    row.len() == columns.len() && columns.iter().all(|c| row.contains_key(*c));
                if !same {
                    return Reason::ContractExcelRowKeysInvalid;
                }
            }
            if maps.flat_map(|r| r.values()).any(|v| v.is_array() || v.is_object()) {
                return Reason::ContractExcelCellValueInvalid;
            }
            Reason::ContractOk
        }
        "word" if !nonempty_strings(obj.get("headings")) => Reason::ContractWordHeadingsInvalid,
        "ppt" if !nonempty_strings(obj.get("slides")) => Reason::ContractPptSlidesInvalid,
        "word" | "ppt" => Reason::ContractOk,
        _ => Reason::ContractUnknownKind,
    }
}

/// Where a task waits for a human.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gate {
    Meaning,
    Consistency(Reason),
    Rfl,
}

impl Gate {
    fn layer(self) -> Layer {
        match self {
            Gate::Meaning => Layer::Meaning,
            Gate::Consistency(_) => Layer::Consistency,
            Gate::Rfl => Layer::Rfl,
        }
    }
}

/// Where a task goes on from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    Assign,
    Generate,
    Rfl,
    Write,
}

/// One task's result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskResult {
    /// The task id.
    pub task_id: &'static str,
    /// The task's decision.
    pub decision: Decision,
    /// The gate that blocked it, if any.
    pub blocked_layer: Option<Layer>,
    /// Its reason.
    pub reason: Reason,
}

/// The reference's prompts (§1.8) as presets.
pub const PRESETS: &[(&str, &str)] = &[
    ("excel-only", "Excelの表を作って"),
    ("excel-polite", "Excelで表を作ってください。"),
    ("which-is-better", "おすすめはどっち？"),
    ("generic", "資料を作って"),
    ("demo", "WordとExcelとPPTを作って。どっちがいい？"),
];

/// How HITL firepoints are answered.
pub const RESOLVERS: &[&str] = &["student", "none", "always-continue", "always-stop", "invalid"];

knobs! {
    /// The knobs.
    pub struct Knobs {
        prompt: String = KnobInfo {
            name: "prompt",
            kind: KnobKind::Text { max_chars: 2000, presets: PRESETS },
            default: "WordとExcelとPPTを作って。どっちがいい？",
            help: "The prompt for the three tasks (any language, up to 2,000 characters); the presets are the reference's traces.",
            help_ja: "3 つのタスクへのプロンプト(任意の言語、2,000 文字まで)。プリセットは参照実装のトレース。",
        },
        resolver: &'static str = KnobInfo {
            name: "resolver",
            kind: KnobKind::Choice { values: RESOLVERS },
            default: "student",
            help: "Who answers HITL: you, no one (fail closed: STOP), always CONTINUE, always STOP, or a broken resolver.",
            help_ja: "HITL に答えるのは誰か:あなた、誰もいない(fail-closed で STOP)、常に CONTINUE、常に STOP、壊れた応答者。",
        },
        policy: &'static str = KnobInfo {
            name: "policy",
            kind: KnobKind::Choice { values: &["iep", "legacy"] },
            default: "iep",
            help: "The overall decision: iep (RUN / PAUSE_FOR_HITL / STOPPED) or legacy (RUN / HITL).",
            help_ja: "全体の判断:iep(RUN / PAUSE_FOR_HITL / STOPPED)か legacy(RUN / HITL)。",
        },
        leak_email_word: bool = KnobInfo::flag(
            "leak_email_word",
            "false",
            "Fault: the word draft leaks an email address.",
            "故障:word の下書きがメールアドレスを漏らす。",
        ),
        leak_email_excel: bool = KnobInfo::flag(
            "leak_email_excel",
            "false",
            "Fault: the excel draft leaks an email address.",
            "故障:excel の下書きがメールアドレスを漏らす。",
        ),
        leak_email_ppt: bool = KnobInfo::flag(
            "leak_email_ppt",
            "false",
            "Fault: the ppt draft leaks an email address.",
            "故障:ppt の下書きがメールアドレスを漏らす。",
        ),
        break_contract_word: bool = KnobInfo::flag(
            "break_contract_word",
            "false",
            "Fault: the word draft breaks its contract.",
            "故障:word の下書きが契約を破る。",
        ),
        break_contract_excel: bool = KnobInfo::flag(
            "break_contract_excel",
            "false",
            "Fault: the excel draft breaks its contract.",
            "故障:excel の下書きが契約を破る。",
        ),
        break_contract_ppt: bool = KnobInfo::flag(
            "break_contract_ppt",
            "false",
            "Fault: the ppt draft breaks its contract.",
            "故障:ppt の下書きが契約を破る。",
        ),
    }
}

/// The knobs' descriptions, in form order.
pub const KNOBS: &[KnobInfo] = Knobs::INFO;

/// The human may let the run go on or stop it (the firepoint's answers).
pub use crate::stepwise::Proceed as Choice;

/// The student's answers at a HITL firepoint.
pub const ANSWERS: &[Answer] = &[
    answer("hitl:continue", "CONTINUE", Choice::Continue, "Continue the task.", "タスクを続ける。"),
    answer(
        "hitl:stop",
        "STOP",
        Choice::Stop,
        "Stop the task (its artifact is skipped).",
        "タスクを止める(成果物は作られない)。",
    ),
];

/// A run of the document orchestrator.
#[derive(Clone, Debug)]
pub struct Kage3 {
    k: Knobs,
    task: usize,
    pending: Option<Gate>,
    results: Vec<TaskResult>,
}

fn info_extras(task_id: &str, event: &str) -> Vec<(&'static str, Value)> {
    vec![("task_id", Value::from(task_id)), ("event", Value::from(event))]
}

impl Kage3 {
    fn task(&self) -> (&'static str, &'static str, &'static str) {
        TASKS.get(self.task).copied().unwrap_or(("", "", ""))
    }

    fn row(
        &self,
        out: &mut Emitter<Kage3Family>,
        event: &str,
        ruling: Ruling<Layer, Reason>,
        more: Vec<(&'static str, Value)>,
    ) {
        let mut extras = info_extras(self.task().0, event);
        extras.extend(more);
        out.rule(ruling, extras);
    }

    fn info(
        &self,
        out: &mut Emitter<Kage3Family>,
        event: &str,
        layer: Layer,
        reason: Reason,
        more: Vec<(&'static str, Value)>,
    ) {
        self.row(out, event, Ruling::run(layer, reason), more);
    }

    /// The faults injected into the drafts of task kind `kind`: (break the contract, leak an
    /// email address).
    fn faults(&self, kind: &str) -> (bool, bool) {
        let k = &self.k;
        match kind {
            "word" => (k.break_contract_word, k.leak_email_word),
            "excel" => (k.break_contract_excel, k.leak_email_excel),
            "ppt" => (k.break_contract_ppt, k.leak_email_ppt),
            _ => (false, false),
        }
    }

    fn finish_task(&mut self, decision: Decision, blocked: Option<Layer>, reason: Reason) {
        self.results.push(TaskResult {
            task_id: self.task().0,
            decision,
            blocked_layer: blocked,
            reason,
        });
        self.task += 1;
    }

    /// The firepoint: `HITL_REQUESTED`, then the resolver's answer (`None`: wait for the
    /// student).
    fn fire(&mut self, out: &mut Emitter<Kage3Family>, gate: Gate, reason: Reason) -> Option<bool> {
        let layer = gate.layer();
        self.row(
            out,
            "HITL_REQUESTED",
            Ruling {
                layer,
                decision: Decision::PauseForHitl,
                seal: Seal::Overrideable,
                decider: FinalDecider::System,
                reason,
            },
            vec![],
        );
        let choice = match self.k.resolver {
            "student" => return None,
            "always-continue" => true,
            "invalid" => {
                self.row(
                    out,
                    "HITL_RESOLVER_FAILED",
                    Ruling {
                        layer: Layer::HitlFinalize,
                        decision: Decision::Stopped,
                        seal: Seal::Fixed,
                        decider: FinalDecider::User,
                        reason: Reason::HitlResolverFailed,
                    },
                    vec![("error_type", Value::from("InvalidHitlChoice"))],
                );
                false
            }
            // No resolver, or always STOP: fail closed.
            _ => false,
        };
        self.decided(out, choice);
        Some(choice)
    }

    fn decided(&self, out: &mut Emitter<Kage3Family>, go: bool) {
        let (decision, reason) = if go {
            (Decision::Run, Reason::HitlContinue)
        } else {
            (Decision::Stopped, Reason::HitlStop)
        };
        self.row(
            out,
            "HITL_DECIDED",
            Ruling {
                layer: Layer::HitlFinalize,
                decision,
                seal: Seal::Fixed,
                decider: FinalDecider::User,
                reason,
            },
            vec![],
        );
    }

    /// Applies the human's answer at `gate`; returns where the run goes on.
    fn after(&mut self, out: &mut Emitter<Kage3Family>, gate: Gate, go: bool) -> Stage {
        if !go {
            self.row(
                out,
                "ARTIFACT_SKIPPED",
                Ruling {
                    layer: Layer::Orchestrator,
                    decision: Decision::Stopped,
                    seal: Seal::Fixed,
                    decider: FinalDecider::User,
                    reason: Reason::HitlStop,
                },
                vec![],
            );
            self.finish_task(Decision::Stopped, Some(gate.layer()), Reason::HitlStop);
            return Stage::Assign;
        }
        match gate {
            Gate::Meaning => Stage::Generate,
            Gate::Rfl => Stage::Write,
            Gate::Consistency(code) => {
                // CONTINUE does not regenerate: the task waits for a regeneration.
                let kind = self.task().1;
                self.info(
                    out,
                    "REGEN_REQUESTED",
                    Layer::Orchestrator,
                    Reason::RegenForConsistency,
                    vec![],
                );
                self.info(
                    out,
                    "REGEN_INSTRUCTIONS",
                    Layer::Orchestrator,
                    Reason::RegenInstructionsV1,
                    vec![(
                        "instructions",
                        Value::from(format!(
                            "Regenerate the {kind} output so that it matches the {kind} contract schema."
                        )),
                    )],
                );
                self.row(
                    out,
                    "ARTIFACT_SKIPPED",
                    Ruling {
                        layer: Layer::Orchestrator,
                        decision: Decision::PauseForHitl,
                        seal: Seal::Overrideable,
                        decider: FinalDecider::System,
                        reason: code,
                    },
                    vec![],
                );
                self.finish_task(Decision::PauseForHitl, Some(Layer::Consistency), code);
                Stage::Assign
            }
        }
    }

    /// Runs tasks from `stage` of the current task until a HITL point or the end.
    fn drive(&mut self, out: &mut Emitter<Kage3Family>, mut stage: Stage) -> Next {
        while let Some(&(task_id, kind, ext)) = TASKS.get(self.task) {
            let wait = |this: &mut Self, gate| {
                this.pending = Some(gate);
                Next::Hitl(Point { decider: FinalDecider::User, answers: ANSWERS })
            };
            match stage {
                Stage::Assign => {
                    self.info(
                        out,
                        "TASK_ASSIGNED",
                        Layer::Orchestrator,
                        Reason::TaskAssigned,
                        vec![("kind", Value::from(kind))],
                    );
                    let mentioned = kinds_mentioned(&self.k.prompt);
                    let reason = if mentioned.is_empty() {
                        Reason::MeaningGenericAllowAll
                    } else if mentioned.contains(&kind) {
                        Reason::MeaningKindMatch
                    } else {
                        Reason::MeaningKindMissing
                    };
                    if reason == Reason::MeaningKindMissing {
                        self.row(
                            out,
                            "GATE_MEANING",
                            Ruling {
                                layer: Layer::Meaning,
                                decision: Decision::PauseForHitl,
                                seal: Seal::Overrideable,
                                decider: FinalDecider::System,
                                reason,
                            },
                            vec![],
                        );
                        match self.fire(out, Gate::Meaning, reason) {
                            Some(go) => stage = self.after(out, Gate::Meaning, go),
                            None => return wait(self, Gate::Meaning),
                        }
                    } else {
                        self.info(out, "GATE_MEANING", Layer::Meaning, reason, vec![]);
                        stage = Stage::Generate;
                    }
                }
                Stage::Generate => {
                    let (break_contract, leak_email) = self.faults(kind);
                    let (draft, raw) = draft(kind, break_contract, leak_email);
                    // The PII preflight, before anything else: a contract failure never hides a leak.
                    if !crate::scenarios::orchestrators::orchestrator_mediator::email_spans(&raw)
                        .is_empty()
                    {
                        for event in ["GATE_ETHICS", "ARTIFACT_SKIPPED"] {
                            self.row(
                                out,
                                event,
                                Ruling {
                                    layer: Layer::Ethics,
                                    decision: Decision::Stopped,
                                    seal: Seal::Sealed,
                                    decider: FinalDecider::System,
                                    reason: Reason::EthicsEmailDetected,
                                },
                                vec![],
                            );
                        }
                        self.finish_task(
                            Decision::Stopped,
                            Some(Layer::Ethics),
                            Reason::EthicsEmailDetected,
                        );
                        stage = Stage::Assign;
                        continue;
                    }
                    let preview: String = redact_emails(&raw).chars().take(200).collect();
                    self.info(
                        out,
                        "AGENT_OUTPUT",
                        Layer::Agent,
                        Reason::AgentOutputPreview,
                        vec![("preview", Value::from(preview))],
                    );
                    let verdict = contract(kind, &draft);
                    if verdict == Reason::ContractOk {
                        self.info(out, "GATE_CONSISTENCY", Layer::Consistency, verdict, vec![]);
                        stage = Stage::Rfl;
                    } else {
                        self.row(
                            out,
                            "GATE_CONSISTENCY",
                            Ruling {
                                layer: Layer::Consistency,
                                decision: Decision::PauseForHitl,
                                seal: Seal::Overrideable,
                                decider: FinalDecider::System,
                                reason: verdict,
                            },
                            vec![],
                        );
                        let gate = Gate::Consistency(verdict);
                        match self.fire(out, gate, verdict) {
                            Some(go) => stage = self.after(out, gate, go),
                            None => return wait(self, gate),
                        }
                    }
                }
                Stage::Rfl => {
                    if ambiguous(&self.k.prompt) {
                        let reason = Reason::RelBoundaryUnstable;
                        self.row(
                            out,
                            "GATE_RFL",
                            Ruling {
                                layer: Layer::Rfl,
                                decision: Decision::PauseForHitl,
                                seal: Seal::Overrideable,
                                decider: FinalDecider::System,
                                reason,
                            },
                            vec![],
                        );
                        match self.fire(out, Gate::Rfl, reason) {
                            Some(go) => stage = self.after(out, Gate::Rfl, go),
                            None => return wait(self, Gate::Rfl),
                        }
                    } else {
                        self.info(out, "GATE_RFL", Layer::Rfl, Reason::RelOk, vec![]);
                        stage = Stage::Write;
                    }
                }
                Stage::Write => {
                    self.info(out, "GATE_ETHICS", Layer::Ethics, Reason::EthicsOk, vec![]);
                    self.info(out, "GATE_ACC", Layer::Acc, Reason::AccOk, vec![]);
                    let path = format!("artifacts/{task_id}.{ext}.txt");
                    self.info(
                        out,
                        "ARTIFACT_WRITTEN",
                        Layer::Orchestrator,
                        Reason::ArtifactWritten,
                        vec![("artifact_path", Value::from(path))],
                    );
                    self.finish_task(Decision::Run, None, Reason::Ok);
                    stage = Stage::Assign;
                }
            }
        }
        self.pending = None;
        Next::End
    }

    /// Every task's result so far.
    pub fn results(&self) -> &[TaskResult] {
        &self.results
    }

    fn overall(&self) -> Decision {
        let any = |d: Decision| self.results.iter().any(|r| r.decision == d);
        if self.k.policy == "legacy" {
            return if self.results.iter().all(|r| r.decision == Decision::Run) {
                Decision::Run
            } else {
                Decision::Hitl
            };
        }
        if any(Decision::Stopped) {
            Decision::Stopped
        } else if any(Decision::PauseForHitl) {
            Decision::PauseForHitl
        } else {
            Decision::Run
        }
    }
}

impl Bench for Kage3 {
    type Choice = Choice;
    type F = Kage3Family;
    const ID: &'static str = ID;
    const RUN_ID: &'static str = "KAGE3#000001";
    const KNOBS: &'static [KnobInfo] = KNOBS;

    fn open(req: &RunRequest) -> Result<Self, RequestError> {
        Ok(Kage3 { k: Knobs::read(req)?, task: 0, pending: None, results: Vec::new() })
    }

    fn knob_values(&self) -> Vec<(&'static str, String)> {
        self.k.pairs()
    }

    fn start(&mut self, out: &mut Emitter<Kage3Family>) -> Next {
        self.drive(out, Stage::Assign)
    }

    fn resume(&mut self, answer: &Answer, out: &mut Emitter<Kage3Family>) -> Next {
        let Some(gate) = self.pending.take() else { return Next::End };
        let go = answer.choice == Choice::Continue;
        self.decided(out, go);
        let stage = self.after(out, gate, go);
        self.drive(out, stage)
    }

    fn redact(&self, name: &str, value: &str) -> Option<String> {
        (name == Knobs::prompt.name && value.contains('@'))
            .then(|| redact_emails(value).replace('@', "<REDACTED_EMAIL>"))
    }

    fn state(&self) -> &'static str {
        if self.pending.is_some() {
            Decision::PauseForHitl.as_str()
        } else {
            self.overall().as_str()
        }
    }

    fn sealed(&self) -> bool {
        self.results.iter().any(|r| r.reason == Reason::EthicsEmailDetected)
    }

    /// Trying to continue a sealed run is a CONTINUE at the sealed task.
    fn override_token(&self) -> Option<&'static str> {
        ANSWERS.first().map(|a| a.token)
    }

    /// A CONTINUE after the run ended with a sealed task: the seal stands, answered at ethics
    /// (`HITL_DECIDED`, `STOPPED`, `NON_OVERRIDABLE_SAFETY`, sealed, SYSTEM) for that task.
    fn after_end(&mut self, token: &str, out: &mut Emitter<Kage3Family>) -> bool {
        let sealed = self.results.iter().find(|r| r.reason == Reason::EthicsEmailDetected);
        let (Some(task), true) = (sealed, ANSWERS.iter().any(|a| a.token == token)) else {
            return false;
        };
        out.emit(
            Layer::Ethics,
            Decision::Stopped,
            Seal::Sealed,
            FinalDecider::System,
            Reason::NonOverridableSafety,
            info_extras(task.task_id, "HITL_DECIDED"),
        );
        true
    }

    fn paths(&self, rows: &[Row<Kage3Family>], answers: &[&'static str]) -> Vec<&'static str> {
        let found = rows.iter().filter_map(|r| {
            Some(match (r.layer(), r.reason()) {
                (Layer::Orchestrator, Reason::ArtifactWritten) => "artifact-written",
                (Layer::Meaning, Reason::MeaningKindMissing) => "meaning-pause",
                (Layer::Ethics, Reason::EthicsEmailDetected) => "pii-preflight-sealed",
                (_, Reason::NonOverridableSafety) => "override-refused",
                (Layer::Orchestrator, Reason::RegenForConsistency) => "regeneration-pending",
                (Layer::Rfl, Reason::RelBoundaryUnstable) => "rfl-pause",
                (Layer::HitlFinalize, Reason::HitlResolverFailed) => "resolver-failed",
                (Layer::HitlFinalize, Reason::HitlStop) if self.k.resolver == "none" => {
                    "no-resolver-stop"
                }
                _ => return None,
            })
        });
        crate::stepwise::taken(found, PATHS, answers)
    }
}

/// The decision paths of the document orchestrator.
pub const PATHS: &[PathInfo] = &[
    path(
        "artifact-written",
        "A task passes every gate and its artifact is written",
        "タスクがすべてのゲートを通り、成果物が書かれる",
    ),
    path(
        "meaning-pause",
        "The prompt names only other kinds: the task pauses at meaning",
        "プロンプトがほかの種類だけを挙げる:タスクは意味ゲートで一時停止する",
    ),
    path(
        "pii-preflight-sealed",
        "An email in the agent's output: a sealed stop before anything else",
        "エージェントの出力にメールアドレス:何よりも先に封印された停止",
    ),
    path(
        "regeneration-pending",
        "A broken contract, CONTINUE: regeneration is requested, the task stays paused",
        "契約違反で CONTINUE:再生成が求められ、タスクは一時停止のまま",
    ),
    path("rfl-pause", "An ambiguous request pauses at RFL", "あいまいな依頼が RFL で一時停止する"),
    path(
        "resolver-failed",
        "The resolver gives an invalid answer: HITL_RESOLVER_FAILED, then STOP",
        "応答者が不正な答えを返す:HITL_RESOLVER_FAILED のあと STOP",
    ),
    path(
        "no-resolver-stop",
        "No one can answer: the firepoint fails closed with STOP",
        "答える人がいない:発火点は fail-closed で STOP になる",
    ),
    path("hitl:hitl:continue", "The human continues a task", "人間がタスクを続ける"),
    path("hitl:hitl:stop", "The human stops a task", "人間がタスクを止める"),
    path(
        "override-refused",
        "Continue after the sealed task: NON_OVERRIDABLE_SAFETY, the stop stands",
        "封印されたタスクのあとに続ける:NON_OVERRIDABLE_SAFETY、停止は変わらない",
    ),
    TAMPER_PATH,
];

/// One sentence in English and Japanese for each code of the family, by name.
pub fn explain(name: &str) -> Option<(&'static str, &'static str)> {
    if let Some(l) = Layer::parse(name) {
        return Some(match l {
            Layer::Meaning => (
                "The meaning gate: does the prompt ask for this task's kind (word, excel, ppt)?",
                "意味ゲート:プロンプトはこのタスクの種類(word、excel、ppt)を求めているか。",
            ),
            Layer::Consistency => (
                "The consistency gate: does the draft meet its kind's strict contract?",
                "整合性ゲート:下書きはその種類の厳密な契約を満たすか。",
            ),
            Layer::Rfl => (
                "The relativity gate: an ambiguous request (which is better?) needs a human.",
                "相対性ゲート:あいまいな依頼(どちらが良い?)には人間が要る。",
            ),
            Layer::Ethics => (
                "The ethics gate: an email address in the agent's output is a sealed stop.",
                "倫理ゲート:エージェントの出力にメールアドレスがあれば封印された停止。",
            ),
            Layer::Acc => (
                "The accountability gate (a stub that passes in this version).",
                "説明責任ゲート(この版では通過するだけのスタブ)。",
            ),
            Layer::Orchestrator => (
                "The orchestrator's own records: assignments, skips, regeneration and artifacts.",
                "オーケストレーター自身の記録:割り当て、スキップ、再生成、成果物。",
            ),
            Layer::Agent => (
                "The agent's output, as a redacted preview; the raw text is never logged.",
                "エージェントの出力を伏せたプレビュー。生の文章は記録しない。",
            ),
            Layer::HitlFinalize => (
                "The human's answer at a HITL firepoint, as its own record.",
                "HITL 発火点での人間の答えを独立した記録として残す。",
            ),
        });
    }
    Reason::parse(name).map(|r| match r {
        Reason::TaskAssigned => {
            ("A task was assigned to the agent.", "タスクがエージェントに割り当てられた。")
        }
        Reason::MeaningGenericAllowAll => (
            "The prompt names no kind, so every task may run.",
            "プロンプトが種類を挙げていないので、すべてのタスクを実行してよい。",
        ),
        Reason::MeaningKindMatch => {
            ("The prompt names this task's kind.", "プロンプトがこのタスクの種類を挙げている。")
        }
        Reason::MeaningKindMissing => (
            "The prompt names other kinds but not this one: a human decides whether to make it.",
            "プロンプトがほかの種類を挙げ、これは挙げていない:作るかどうかは人間が決める。",
        ),
        Reason::AgentOutputPreview => (
            "The first 200 characters of the agent's output, emails redacted.",
            "エージェントの出力の先頭 200 文字(メールアドレスは伏せる)。",
        ),
        Reason::ContractOk => ("The draft meets its contract.", "下書きが契約を満たしている。"),
        Reason::ContractDraftInvalid => {
            ("The draft is not an object.", "下書きがオブジェクトではない。")
        }
        Reason::ContractExcelColumnsInvalid => (
            "The table's columns are missing, empty or not all non-empty texts.",
            "表の列がない、空、またはすべてが空でない文字列ではない。",
        ),
        Reason::ContractExcelRowsInvalid => (
            "The table's rows are missing, empty or not all objects.",
            "表の行がない、空、またはすべてがオブジェクトではない。",
        ),
        Reason::ContractExcelRowKeysInvalid => {
            ("A row's keys differ from the columns.", "ある行のキーが列と異なる。")
        }
        Reason::ContractExcelCellValueInvalid => (
            "A cell holds a list or an object instead of a single value.",
            "あるセルが単一の値ではなくリストかオブジェクトを持つ。",
        ),
        Reason::ContractWordHeadingsInvalid => (
            "The outline's headings are missing, empty or not all non-empty texts.",
            "アウトラインの見出しがない、空、またはすべてが空でない文字列ではない。",
        ),
        Reason::ContractPptSlidesInvalid => (
            "The slides are missing, empty or not all non-empty texts.",
            "スライドがない、空、またはすべてが空でない文字列ではない。",
        ),
        Reason::ContractUnknownKind => {
            ("No contract exists for this kind.", "この種類の契約はない。")
        }
        Reason::RegenForConsistency => (
            "Regeneration was requested to meet the contract; nothing is regenerated yet.",
            "契約を満たすため再生成が求められた。まだ何も再生成されていない。",
        ),
        Reason::RegenInstructionsV1 => {
            ("The instructions for the regeneration.", "再生成のための指示。")
        }
        Reason::RelOk => ("Nothing ambiguous in the request.", "依頼にあいまいなところはない。"),
        Reason::RelBoundaryUnstable => (
            "The request asks which is better: the judgment is unstable and needs a human.",
            "依頼がどちらが良いかを尋ねている:判断が不安定で人間が要る。",
        ),
        Reason::EthicsOk => ("No personal data in the output.", "出力に個人情報はない。"),
        Reason::EthicsEmailDetected => (
            "An email address in the agent's output: a sealed stop, and the artifact is skipped.",
            "エージェントの出力にメールアドレス:封印された停止で、成果物は作られない。",
        ),
        Reason::AccOk => ("Accountability passes.", "説明責任の確認を通過した。"),
        Reason::AccBlocked => {
            ("Accountability blocks the artifact.", "説明責任の確認が成果物を止める。")
        }
        Reason::HitlContinue => ("The human continues.", "人間が続ける。"),
        Reason::HitlStop => (
            "The task stops: a human said STOP, or no one could answer.",
            "タスクは止まる:人間が STOP と言ったか、答える人がいなかった。",
        ),
        Reason::HitlResolverFailed => (
            "The resolver failed or answered something invalid: fail closed with STOP.",
            "応答者が失敗したか不正な答えを返した:fail-closed で STOP。",
        ),
        Reason::ArtifactWritten => (
            "The artifact was written (a path in this sandbox; no file).",
            "成果物が書かれた(このサンドボックスではパスのみでファイルはない)。",
        ),
        Reason::Ok => ("The task ran.", "タスクが実行された。"),
        Reason::NonOverridableSafety => (
            "A sealed task cannot be continued by anyone: the stop stands.",
            "封印されたタスクは誰も続けられない:停止はそのまま。",
        ),
    })
}

/// The scenario's id, written once: the registry, links and logs read it from here.
pub const ID: &str = "kage3-v1.2.4";

/// This scenario: the document orchestrator KAGE3 v1.2.4.
pub const SCENARIO: crate::scenario::ScenarioInfo = crate::scenario::ScenarioInfo {
    id: ID,
    family: ID,
    theme: crate::scenario::Theme::Orchestrators,
    teaches: (
        "One prompt makes three documents: strict contracts, a PII check first, and a human at each firepoint.",
        "1 つのプロンプトから 3 つの文書:厳格な契約、最初に個人情報の確認、各発火点で人の判断。",
    ),
    story: crate::scenario::Story {
        who: (
            "One prompt becomes three document tasks (word, excel, ppt), each through meaning, privacy, schema, relativity, ethics and ACC.",
            "一つのプロンプトが 3 つの文書タスク(word、excel、ppt)になり、それぞれが意味・プライバシー・スキーマ・相対性・倫理・ACC を通る。",
        ),
        risk: (
            "A leaked email address or a broken contract must stop the task before anything else, and no @ may reach the log.",
            "漏れたメールアドレスや壊れた契約は何よりも先にタスクを止めなければならず、@ はログに一つも残してはならない。",
        ),
        decide: (
            "At each pause you continue or stop the task (or let a resolver answer for you).",
            "一時停止のたびに、あなたがタスクの続行か停止かを決める(リゾルバーに任せることもできる)。",
        ),
    },
    title: "Document orchestrator KAGE3 v1.2.4 (word, excel, ppt from one prompt; HITL firepoints)",
    title_ja: "文書オーケストレーター KAGE3 v1.2.4(1 つのプロンプトから word、excel、ppt。HITL 発火点)",
    reference: "ai_doc_orchestrator_kage3_v1_2_4.py",
    version: "1.2.4",
    layers: Layer::NAMES,
    reasons: Reason::NAMES,
    extra_fields: &[
        "task_id",
        "event",
        "kind",
        "preview",
        "instructions",
        "artifact_path",
        "error_type",
    ],
    paths: PATHS,
    decisions: &[
        crate::vocab::Decision::Run,
        crate::vocab::Decision::PauseForHitl,
        crate::vocab::Decision::Stopped,
        crate::vocab::Decision::Hitl,
    ],
    deciders: &[crate::vocab::FinalDecider::System, crate::vocab::FinalDecider::User],
    knobs: KNOBS,
    open: crate::stepwise::StepRun::<Kage3>::open_boxed,
    batch: None,
    explain,
};
