//! The orchestrator with mediator v1.0 (`orchestrator_with_mediator_v1_0.py`): Agent →
//! Mediator → Orchestrator. The mediator only advises (`RUN` or `PAUSE_FOR_HITL`) and has no
//! authority; the orchestrator evaluates every gate in a fixed order and logs every gate, even
//! the ones an earlier pause makes it skip. Only the ethics gate seals, and nothing personal
//! (an email, a phone number, an `@`) is ever written.
//!
//! A task is one prompt of one kind with a HITL flag; a task that ends paused with the flag
//! unspecified waits for the student, whose answer runs the pipeline again with the flag set
//! (the reference's `hitl_choices`).

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::arl::{JsonExtras, Row, Seal};
use crate::chain::hex;
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
    /// The pipeline's layers, in their fixed order (`hitl_finalize` comes twice).
    pub enum Layer {
        /// The mediator's advice.
        MediatorAdvice = "mediator_advice",
        /// Is the task well formed?
        MeaningGate = "meaning_gate",
        /// Does the prompt fit the kind?
        ConsistencyGate = "consistency_gate",
        /// Is the request relative ("the best one")?
        RelativityGate = "relativity_gate",
        /// The human's HITL flag applied to a pause.
        HitlFinalize = "hitl_finalize",
        /// Personal data: a sealed stop.
        EthicsGate = "ethics_gate",
        /// Outside side effects need a human.
        AccGate = "acc_gate",
        /// The artifact preview is produced.
        Dispatch = "dispatch",
    }
}

vocabulary! {
    /// The pipeline's reason codes.
    pub enum Reason {
        /// The mediator sees nothing to flag.
        MediatorRunOk = "MEDIATOR_RUN_OK",
        /// The human already said continue.
        MediatorHitlContinue = "MEDIATOR_HITL_CONTINUE",
        /// The prompt may cause an outside side effect.
        MediatorExternalSideEffectAmbiguous = "MEDIATOR_EXTERNAL_SIDE_EFFECT_AMBIGUOUS",
        /// The prompt asks for a relative judgment.
        MediatorRelBoundaryUnstable = "MEDIATOR_REL_BOUNDARY_UNSTABLE",
        /// The prompt holds something like personal data.
        MediatorPiiLikeDetected = "MEDIATOR_PII_LIKE_DETECTED",
        /// The human continues.
        HitlContinue = "HITL_CONTINUE",
        /// The human asked to stop: the task stays paused.
        HitlStopRequested = "HITL_STOP_REQUESTED",
        /// No human answer yet: wait.
        HitlUnspecifiedWait = "HITL_UNSPECIFIED_WAIT",
        /// The task is well formed.
        MeaningOk = "MEANING_OK",
        /// The kind is not one the pipeline knows.
        MeaningInvalidKind = "MEANING_INVALID_KIND",
        /// The prompt is empty.
        MeaningEmptyPrompt = "MEANING_EMPTY_PROMPT",
        /// The prompt fits the kind.
        ConsistencyOk = "CONSISTENCY_OK",
        /// The prompt does not fit the kind.
        ConsistencyKindPromptMismatch = "CONSISTENCY_KIND_PROMPT_MISMATCH",
        /// Nothing relative.
        RflOk = "RFL_OK",
        /// A relative request: a human must decide.
        RflRelativeRequest = "RFL_RELATIVE_REQUEST",
        /// No personal data.
        EthicsOk = "ETHICS_OK",
        /// Personal data: a sealed stop.
        EthicsPiiDetected = "ETHICS_PII_DETECTED",
        /// No outside side effect.
        AccOk = "ACC_OK",
        /// An outside side effect needs a human.
        AccExternalSideEffectRequiresHitl = "ACC_EXTERNAL_SIDE_EFFECT_REQUIRES_HITL",
        /// The artifact preview was produced.
        OrchRunOk = "ORCH_RUN_OK",
        /// A student's Continue after the sealed stop, refused (this bench's teaching
        /// extension: the reference pipeline has no way to continue a sealed task).
        NonOverridableSafety = "NON_OVERRIDABLE_SAFETY",
    }
}

/// The mediator family: only the ethics gate seals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MediatorFamily;

impl Family for MediatorFamily {
    const ID: &'static str = ID;
    type Layer = Layer;
    type Reason = Reason;
    type Extras = JsonExtras;
    fn may_seal(layer: Layer) -> bool {
        layer == Layer::EthicsGate
    }
    fn is_relativity(layer: Layer) -> bool {
        layer == Layer::RelativityGate
    }
}

/// Python's `\w` for one character: alphanumeric (any script) or `_`.
fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `text` (lower-cased) holds `word` as a whole word (`\bword\b`).
fn whole_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, w)| {
        let before = text.get(..i).and_then(|s| s.chars().next_back());
        let after = text.get(i + w.len()..).and_then(|s| s.chars().next());
        !before.is_some_and(word_char) && !after.is_some_and(word_char)
    })
}

/// A relative request (RFL).
pub fn relative(prompt: &str) -> bool {
    let p = prompt.to_lowercase();
    ["いい感じ", "おまかせ", "おすすめ", "どっち", "どちら"].iter().any(|w| p.contains(w))
        || whole_word(&p, "best")
}

fn spreadsheet_words(p: &str) -> bool {
    let p = p.to_lowercase();
    ["表", "表計算", "集計", "サマリー", "一覧", "csv", "excel", "xlsx"]
        .iter()
        .any(|w| p.contains(w))
}

fn slide_words(p: &str) -> bool {
    let p = p.to_lowercase();
    ["スライド", "発表", "プレゼン", "ppt", "pptx", "deck", "資料", "まとめ"]
        .iter()
        .any(|w| p.contains(w))
}

/// An outside side effect (sending, uploading).
pub fn side_effect(prompt: &str) -> bool {
    let p = prompt.to_lowercase();
    ["email", "send", "upload"].iter().any(|w| whole_word(&p, w))
        || ["メール", "送信", "アップロード", "送って"].iter().any(|w| p.contains(w))
}

fn email_local(c: char) -> bool {
    c.is_ascii_alphanumeric() || "._%+-".contains(c)
}

/// The spans (byte ranges) of email addresses (`local@domain.tld`).
pub(crate) fn email_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    for (at, _) in text.match_indices('@') {
        let before = text.get(..at).unwrap_or("");
        let local =
            before.chars().rev().take_while(|c| email_local(*c)).map(char::len_utf8).sum::<usize>();
        let after = text.get(at + 1..).unwrap_or("");
        let domain: usize = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
            .map(char::len_utf8)
            .sum();
        // The domain ends with a dot and two or more letters.
        let host = after.get(..domain).unwrap_or("");
        let tld_end = host.trim_end_matches(|c: char| !c.is_ascii_alphabetic()).len();
        let host = host.get(..tld_end).unwrap_or("");
        let ok = host.rsplit_once('.').is_some_and(|(name, tld)| {
            !name.is_empty() && tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic())
        });
        if local > 0 && ok {
            spans.push((at - local, at + 1 + host.len()));
        }
    }
    spans
}

/// The spans of phone-like numbers: an optional `+` and 1–3 digits, an optional 2–4 digit area
/// code (optionally in parentheses), then groups of 2–4, 3–4 and 3–4 digits, each optionally
/// preceded by `-` or a space.
fn phone_spans(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let digits = |i: usize, min: usize, max: usize| -> Vec<usize> {
        let run = b.get(i..).unwrap_or(&[]).iter().take_while(|c| c.is_ascii_digit()).count();
        (min..=max.min(run)).rev().map(|n| i + n).collect()
    };
    let sep = |i: usize| -> Vec<usize> {
        match b.get(i) {
            Some(b'-' | b' ') => vec![i + 1, i],
            _ => vec![i],
        }
    };
    // The three main groups from position i: the end of the longest match.
    let groups = |i: usize| -> Option<usize> {
        for a in digits(i, 2, 4) {
            for s1 in sep(a) {
                for m in digits(s1, 3, 4) {
                    for s2 in sep(m) {
                        if let Some(&end) = digits(s2, 3, 4).first() {
                            return Some(end);
                        }
                    }
                }
            }
        }
        None
    };
    let area = |i: usize| -> Vec<usize> {
        let mut out = Vec::new();
        let open = b.get(i) == Some(&b'(');
        let start = if open { i + 1 } else { i };
        for e in digits(start, 2, 4) {
            let close = if open { (b.get(e) == Some(&b')')).then_some(e + 1) } else { Some(e) };
            if let Some(e) = close {
                out.extend(sep(e));
            }
        }
        out.push(i);
        out
    };
    let mut spans = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts = b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'+' || *c == b'(');
        let mut found = None;
        if starts {
            let mut heads = vec![i];
            if b.get(i) == Some(&b'+') {
                heads = digits(i + 1, 1, 3).into_iter().flat_map(sep).collect();
            }
            'search: for h in heads {
                for a in area(h) {
                    if let Some(end) = groups(a) {
                        found = Some(end);
                        break 'search;
                    }
                }
            }
        }
        match found {
            Some(end) => {
                spans.push((i, end));
                i = end;
            }
            None => i += 1,
        }
    }
    spans
}

/// Whether the prompt holds an email address or a phone number.
pub fn has_pii(prompt: &str) -> bool {
    !email_spans(prompt).is_empty() || !phone_spans(prompt).is_empty()
}

/// The reference's sanitiser: email addresses, phone numbers and any `@` become `[REDACTED]`.
pub fn sanitize(text: &str) -> String {
    let mut spans = email_spans(text);
    spans.extend(phone_spans(text));
    crate::order::sort_by(&mut spans, Ord::cmp);
    let mut out = String::new();
    let mut at = 0;
    for (a, b) in spans {
        if a < at {
            continue;
        }
        out.push_str(text.get(at..a).unwrap_or(""));
        out.push_str("[REDACTED]");
        at = b;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out.replace('@', "[REDACTED]")
}

/// The prompt digest: the first 12 hex characters of the prompt's SHA-256.
pub fn prompt_digest(prompt: &str) -> String {
    let mut h = hex(&Sha256::digest(prompt.as_bytes()));
    h.truncate(12);
    h
}

/// The reference's prompts (§5.5) as presets.
pub const PRESETS: &[(&str, &str)] = &[
    ("stock-table", "在庫の集計表を作って"),
    ("nice-summary", "いい感じにまとめて"),
    ("send-contact", "連絡先は test@example.com に送って"),
    ("mail-slides", "作った資料をメールで送って"),
    ("phone", "会議の資料を 090-1234-5678 に共有するスライドを作って"),
];

knobs! {
    /// The knobs: the task's kind, prompt and HITL flag.
    pub struct Knobs {
        kind: &'static str = KnobInfo {
            name: "kind",
            kind: KnobKind::Choice { values: &["xlsx", "pptx", "docx"] },
            default: "xlsx",
            help: "The task's kind (xlsx and pptx are known; docx is not).",
            help_ja: "タスクの種類(xlsx と pptx は既知、docx は未知)。",
        },
        prompt: String = KnobInfo {
            name: "prompt",
            kind: KnobKind::Text { max_chars: 2000, presets: PRESETS },
            default: "在庫の集計表を作って",
            help: "The task's prompt (any language, up to 2,000 characters); the presets are the reference's examples.",
            help_ja: "タスクのプロンプト(任意の言語、2,000 文字まで)。プリセットは参照実装の例。",
        },
        hitl: &'static str = KnobInfo {
            name: "hitl",
            kind: KnobKind::Choice { values: &["unspecified", "CONTINUE", "STOP"] },
            default: "unspecified",
            help: "The task's HITL flag before the run (unspecified: a pause waits for your answer).",
            help_ja: "実行前のタスクの HITL フラグ(unspecified:一時停止はあなたの答えを待つ)。",
        },
    }
}

/// The knobs' descriptions, in form order.
pub const KNOBS: &[KnobInfo] = Knobs::INFO;

/// The human may let the run go on or stop it (the HITL pause's answers).
pub use crate::stepwise::Proceed as Choice;

/// The student's answers when a task waits with its flag unspecified.
pub const ANSWERS: &[Answer] = &[
    answer(
        "human:continue",
        "CONTINUE",
        Choice::Continue,
        "Set the flag to CONTINUE and run the pipeline again.",
        "フラグを CONTINUE にしてパイプラインをもう一度実行する。",
    ),
    answer(
        "human:stop",
        "STOP",
        Choice::Stop,
        "Set the flag to STOP and run the pipeline again (the task stays paused).",
        "フラグを STOP にしてパイプラインをもう一度実行する(タスクは一時停止のまま)。",
    ),
];

/// A run of the mediator pipeline.
#[derive(Clone, Debug)]
pub struct Mediator {
    k: Knobs,
    /// The task's HITL flag now (the knob's value until a human answers).
    flag: &'static str,
    decision: Decision,
    sealed: bool,
    preview: Option<String>,
}

/// The current state as the gates pass it on.
#[derive(Clone, Copy)]
struct State {
    decision: Decision,
    reason: Reason,
}

const TASK_ID: &str = "task_1";
const SESSION_ID: &str = "SESSION#000001";

impl Mediator {
    fn write(
        &self,
        out: &mut Emitter<MediatorFamily>,
        layer: Layer,
        state: State,
        sealed: bool,
        preview: Option<String>,
        context: Object,
    ) {
        let seal = if sealed {
            Seal::Sealed
        } else if state.decision == Decision::PauseForHitl {
            Seal::Overrideable
        } else {
            Seal::Fixed
        };
        let decider = if layer == Layer::HitlFinalize && self.flag != "unspecified" {
            FinalDecider::User
        } else {
            FinalDecider::System
        };
        let extras = vec![
            ("session_id", Value::from(SESSION_ID)),
            ("task_id", Value::from(TASK_ID)),
            ("artifact_preview", preview.map_or(Value::Null, Value::from)),
            ("safe_context", context.to_value()),
        ];
        // The last guard: nothing personal reaches the log (fail closed: a row it cannot read
        // is refused too).
        if let Err(why) =
            crate::stepwise::inspect(&extras, &|t| t.contains('@'), "a row would hold an `@`")
        {
            out.refuse(&alloc::format!("{why}"));
            return;
        }
        out.emit(layer, state.decision, seal, decider, state.reason, extras);
    }

    fn skipped(&self, out: &mut Emitter<MediatorFamily>, layer: Layer, state: State) {
        let mut c = Object::new();
        c.insert("skipped", Value::Bool(true));
        self.write(out, layer, state, false, None, c);
    }

    fn resolve(&self, out: &mut Emitter<MediatorFamily>, state: State) -> State {
        if state.decision != Decision::PauseForHitl {
            return state;
        }
        let next = match self.flag {
            "CONTINUE" => State { decision: Decision::Run, reason: Reason::HitlContinue },
            "STOP" => State { decision: Decision::PauseForHitl, reason: Reason::HitlStopRequested },
            _ if state.reason == Reason::RflRelativeRequest => {
                State { decision: Decision::PauseForHitl, reason: Reason::HitlUnspecifiedWait }
            }
            _ => state,
        };
        let mut c = Object::new();
        c.insert("hitl", Value::from(self.flag));
        c.insert("from_reason", Value::from(state.reason.as_str()));
        self.write(out, Layer::HitlFinalize, next, false, None, c);
        next
    }

    /// One pass of the pipeline with the current flag.
    fn pipeline(&mut self, out: &mut Emitter<MediatorFamily>) -> State {
        use Decision::{PauseForHitl, Run, Stopped};
        let p = self.k.prompt.as_str();
        let pii = has_pii(p);
        let effect = side_effect(p);
        let state = |decision, reason| State { decision, reason };
        // The mediator advises; its advice becomes the current state.
        let mut s = match self.flag {
            "STOP" => state(PauseForHitl, Reason::HitlStopRequested),
            "CONTINUE" => state(Run, Reason::MediatorHitlContinue),
            _ if effect => state(PauseForHitl, Reason::MediatorExternalSideEffectAmbiguous),
            _ if relative(p) => state(PauseForHitl, Reason::MediatorRelBoundaryUnstable),
            _ if pii => state(PauseForHitl, Reason::MediatorPiiLikeDetected),
            _ => state(Run, Reason::MediatorRunOk),
        };
        let mut c = Object::new();
        c.insert("kind", Value::from(self.k.kind));
        c.insert("hitl", Value::from(self.flag));
        c.insert("prompt_digest", Value::from(prompt_digest(p)));
        self.write(out, Layer::MediatorAdvice, s, false, None, c);
        let kind_context = || {
            let mut c = Object::new();
            c.insert("kind", Value::from(self.k.kind));
            c
        };
        // 1. meaning
        if s.decision == Run {
            s = if p.trim().is_empty() {
                state(PauseForHitl, Reason::MeaningEmptyPrompt)
            } else if !matches!(self.k.kind, "xlsx" | "pptx") {
                state(PauseForHitl, Reason::MeaningInvalidKind)
            } else {
                state(Run, Reason::MeaningOk)
            };
            self.write(out, Layer::MeaningGate, s, false, None, kind_context());
        } else {
            self.skipped(out, Layer::MeaningGate, s);
        }
        // 2. consistency
        if s.decision == Run {
            let fits = if self.k.kind == "xlsx" { spreadsheet_words(p) } else { slide_words(p) };
            s = if fits {
                state(Run, Reason::ConsistencyOk)
            } else {
                state(PauseForHitl, Reason::ConsistencyKindPromptMismatch)
            };
            self.write(out, Layer::ConsistencyGate, s, false, None, kind_context());
        } else {
            self.skipped(out, Layer::ConsistencyGate, s);
        }
        // 3. relativity (never sealed)
        if s.decision == Run {
            s = if relative(p) {
                state(PauseForHitl, Reason::RflRelativeRequest)
            } else {
                state(Run, Reason::RflOk)
            };
            self.write(out, Layer::RelativityGate, s, false, None, kind_context());
        } else {
            self.skipped(out, Layer::RelativityGate, s);
        }
        // 4. the HITL flag on a pause
        s = self.resolve(out, s);
        // 5. ethics, always evaluated: personal data is a sealed stop whatever came before.
        let mut c = Object::new();
        c.insert("prompt_digest", Value::from(prompt_digest(p)));
        c.insert("contains_pii", Value::Bool(pii));
        if pii {
            s = state(Stopped, Reason::EthicsPiiDetected);
            self.sealed = true;
        } else if s.decision == Run {
            s = state(Run, Reason::EthicsOk);
        }
        self.write(out, Layer::EthicsGate, s, pii, None, c);
        // 6. acc: its own pause on a side effect, unless already stopped.
        if s.decision != Stopped && effect {
            s = state(PauseForHitl, Reason::AccExternalSideEffectRequiresHitl);
        } else if s.decision == Run {
            s = state(Run, Reason::AccOk);
        }
        let mut c = Object::new();
        c.insert("acc_mode", Value::from("pass_through"));
        c.insert("contains_external_side_effect", Value::Bool(effect));
        self.write(out, Layer::AccGate, s, false, None, c);
        // 7. the HITL flag again
        s = self.resolve(out, s);
        // 8. dispatch
        if s.decision == Run {
            s = state(Run, Reason::OrchRunOk);
            let preview = sanitize(&format!(
                "{} artifact preview: {}",
                self.k.kind,
                sanitize(p.trim()).chars().take(80).collect::<String>()
            ));
            self.preview = Some(preview.clone());
            let mut c = kind_context();
            c.insert("skipped", Value::Bool(false));
            self.write(out, Layer::Dispatch, s, false, Some(preview), c);
        } else {
            let mut c = kind_context();
            c.insert("skipped", Value::Bool(true));
            self.write(out, Layer::Dispatch, s, false, None, c);
        }
        self.decision = s.decision;
        s
    }

    fn settle(&self, s: State) -> Next {
        if s.decision == Decision::PauseForHitl && self.flag == "unspecified" {
            Next::Hitl(Point { decider: FinalDecider::User, answers: ANSWERS })
        } else {
            Next::End
        }
    }

    /// The artifact preview, when the task was dispatched.
    pub fn preview(&self) -> Option<&str> {
        self.preview.as_deref()
    }
}

impl Bench for Mediator {
    type Choice = Choice;
    type F = MediatorFamily;
    const ID: &'static str = ID;
    const RUN_ID: &'static str = "MEDIATOR#000001";
    const KNOBS: &'static [KnobInfo] = KNOBS;

    fn open(req: &RunRequest) -> Result<Self, RequestError> {
        let k = Knobs::read(req)?;
        Ok(Mediator { flag: k.hitl, k, decision: Decision::Run, sealed: false, preview: None })
    }

    fn knob_values(&self) -> Vec<(&'static str, String)> {
        self.k.pairs()
    }

    fn start(&mut self, out: &mut Emitter<MediatorFamily>) -> Next {
        let s = self.pipeline(out);
        self.settle(s)
    }

    fn resume(&mut self, answer: &Answer, out: &mut Emitter<MediatorFamily>) -> Next {
        self.flag = match answer.choice {
            Choice::Continue => "CONTINUE",
            Choice::Stop => "STOP",
        };
        let s = self.pipeline(out);
        self.settle(s)
    }

    fn redact(&self, name: &str, value: &str) -> Option<String> {
        // The prompt may hold an email or a phone number, which the log never holds.
        (name == Knobs::prompt.name && sanitize(value) != value).then(|| sanitize(value))
    }

    fn state(&self) -> &'static str {
        self.decision.as_str()
    }

    fn sealed(&self) -> bool {
        self.sealed
    }

    /// Trying to continue the sealed task is setting its flag to CONTINUE.
    fn override_token(&self) -> Option<&'static str> {
        ANSWERS.first().map(|a| a.token)
    }

    /// A flag after the sealed stop: the seal stands, answered at ethics
    /// (`STOPPED`, `NON_OVERRIDABLE_SAFETY`, sealed, SYSTEM).
    fn after_end(&mut self, token: &str, out: &mut Emitter<MediatorFamily>) -> bool {
        if !self.sealed || !ANSWERS.iter().any(|a| a.token == token) {
            return false;
        }
        let mut c = Object::new();
        c.insert("prompt_digest", Value::from(prompt_digest(&self.k.prompt)));
        c.insert("contains_pii", Value::Bool(true));
        let refused = State { decision: Decision::Stopped, reason: Reason::NonOverridableSafety };
        self.write(out, Layer::EthicsGate, refused, true, None, c);
        true
    }

    fn paths(&self, rows: &[Row<MediatorFamily>], answers: &[&'static str]) -> Vec<&'static str> {
        let found = rows.iter().filter_map(|r| {
            Some(match (r.layer(), r.reason()) {
                (Layer::Dispatch, Reason::OrchRunOk) => "dispatched",
                (
                    Layer::MediatorAdvice,
                    Reason::MediatorExternalSideEffectAmbiguous
                    | Reason::MediatorRelBoundaryUnstable
                    | Reason::MediatorPiiLikeDetected,
                ) => "mediator-advises-pause",
                (Layer::RelativityGate, Reason::RflRelativeRequest) => "rfl-pause",
                (Layer::AccGate, Reason::AccExternalSideEffectRequiresHitl) => {
                    "acc-side-effect-pause"
                }
                (Layer::EthicsGate, Reason::EthicsPiiDetected) => "ethics-sealed-stop",
                (_, Reason::NonOverridableSafety) => "override-refused",
                (Layer::MeaningGate, Reason::MeaningInvalidKind | Reason::MeaningEmptyPrompt) => {
                    "meaning-pause"
                }
                (Layer::HitlFinalize, Reason::HitlStopRequested) => "stop-flag-keeps-pause",
                _ => return None,
            })
        });
        crate::stepwise::taken(found, PATHS, answers)
    }
}

/// The decision paths of the mediator pipeline.
pub const PATHS: &[PathInfo] = &[
    path(
        "dispatched",
        "Every gate runs: the artifact preview is produced",
        "すべてのゲートを通り、成果物のプレビューが作られる",
    ),
    path(
        "mediator-advises-pause",
        "The mediator advises a pause; later gates log themselves as skipped",
        "仲介者が一時停止を助言し、後のゲートはスキップとして記録される",
    ),
    path(
        "rfl-pause",
        "A relative request pauses at the relativity gate",
        "相対的な依頼が相対性ゲートで一時停止する",
    ),
    path(
        "acc-side-effect-pause",
        "An outside side effect pauses at the ACC gate",
        "外部への副作用が ACC ゲートで一時停止する",
    ),
    path(
        "ethics-sealed-stop",
        "Personal data: the ethics gate seals the stop",
        "個人情報:倫理ゲートが停止を封印する",
    ),
    path(
        "meaning-pause",
        "An unknown kind or an empty prompt pauses at meaning",
        "未知の種類か空のプロンプトが意味ゲートで一時停止する",
    ),
    path(
        "stop-flag-keeps-pause",
        "A STOP flag keeps the task paused; it never becomes STOPPED",
        "STOP フラグはタスクを一時停止のままにする。STOPPED にはならない",
    ),
    path("hitl:human:continue", "The human answers CONTINUE", "人間が CONTINUE と答える"),
    path("hitl:human:stop", "The human answers STOP", "人間が STOP と答える"),
    path(
        "override-refused",
        "Continue after the sealed stop: NON_OVERRIDABLE_SAFETY, the stop stands",
        "封印された停止のあとに続ける:NON_OVERRIDABLE_SAFETY、停止は変わらない",
    ),
    TAMPER_PATH,
];

/// One sentence in English and Japanese for each code of the family, by name.
pub fn explain(name: &str) -> Option<(&'static str, &'static str)> {
    if let Some(l) = Layer::parse(name) {
        return Some(match l {
            Layer::MediatorAdvice => (
                "The mediator advises RUN or PAUSE_FOR_HITL; it has no authority to execute anything.",
                "仲介者は RUN か PAUSE_FOR_HITL を助言するだけで、何かを実行する権限はない。",
            ),
            Layer::MeaningGate => (
                "The meaning gate checks that the task has a prompt and a known kind.",
                "意味ゲートはタスクにプロンプトと既知の種類があるかを確認する。",
            ),
            Layer::ConsistencyGate => (
                "The consistency gate checks that the prompt fits the kind (table words for xlsx, slide words for pptx).",
                "整合性ゲートはプロンプトが種類に合うか(xlsx なら表の語、pptx ならスライドの語)を確認する。",
            ),
            Layer::RelativityGate => (
                "The relativity gate pauses on relative requests such as \"the best one\"; it never seals.",
                "相対性ゲートは「いい感じに」のような相対的な依頼で一時停止する。封印はしない。",
            ),
            Layer::HitlFinalize => (
                "The task's HITL flag applied to a pause: CONTINUE runs on, STOP keeps the pause, no flag waits.",
                "一時停止へのタスクの HITL フラグの適用:CONTINUE は進み、STOP は一時停止を保ち、フラグなしは待つ。",
            ),
            Layer::EthicsGate => (
                "The ethics gate, always evaluated: an email or phone number in the prompt is a sealed stop.",
                "倫理ゲートは常に評価される。プロンプトにメールアドレスや電話番号があれば封印された停止になる。",
            ),
            Layer::AccGate => (
                "The ACC gate pauses on outside side effects (send, upload, email) unless the task is already stopped.",
                "ACC ゲートは、タスクがすでに停止していない限り、外部への副作用(送信、アップロード、メール)で一時停止する。",
            ),
            Layer::Dispatch => (
                "Dispatch writes a sanitised artifact preview, only when the state is RUN.",
                "ディスパッチは状態が RUN のときだけ、無害化した成果物のプレビューを書く。",
            ),
        });
    }
    Reason::parse(name).map(|r| match r {
        Reason::MediatorRunOk => ("The mediator sees nothing to flag.", "仲介者は指摘すべきものを見つけなかった。"),
        Reason::MediatorHitlContinue => ("The human already said CONTINUE, so the mediator advises RUN.", "人間がすでに CONTINUE と答えたので、仲介者は RUN を助言する。"),
        Reason::MediatorExternalSideEffectAmbiguous => ("The prompt may cause an outside side effect: the mediator advises a pause.", "プロンプトが外部への副作用を起こすかもしれない:仲介者は一時停止を助言する。"),
        Reason::MediatorRelBoundaryUnstable => ("The prompt asks for a relative judgment: the mediator advises a pause.", "プロンプトが相対的な判断を求めている:仲介者は一時停止を助言する。"),
        Reason::MediatorPiiLikeDetected => ("The prompt holds something like an email or a phone number: the mediator advises a pause.", "プロンプトにメールアドレスや電話番号のようなものがある:仲介者は一時停止を助言する。"),
        Reason::HitlContinue => ("The human's CONTINUE lets the task run on.", "人間の CONTINUE でタスクは先へ進む。"),
        Reason::HitlStopRequested => ("The human asked to stop: the task stays paused rather than running.", "人間が停止を求めた:タスクは実行されず一時停止のままである。"),
        Reason::HitlUnspecifiedWait => ("No human answer yet: the relative request waits.", "人間の答えがまだない:相対的な依頼は待つ。"),
        Reason::MeaningOk => ("The task has a prompt and a known kind.", "タスクにプロンプトと既知の種類がある。"),
        Reason::MeaningInvalidKind => ("The kind is not xlsx or pptx: the pipeline does not know how to make it.", "種類が xlsx でも pptx でもない:パイプラインは作り方を知らない。"),
        Reason::MeaningEmptyPrompt => ("The prompt is empty.", "プロンプトが空である。"),
        Reason::ConsistencyOk => ("The prompt fits the kind.", "プロンプトが種類に合っている。"),
        Reason::ConsistencyKindPromptMismatch => ("The prompt does not fit the kind: a human must check.", "プロンプトが種類に合わない:人間が確認する。"),
        Reason::RflOk => ("Nothing relative in the request.", "依頼に相対的なものはない。"),
        Reason::RflRelativeRequest => ("A relative request (\"nicely\", \"the best\"): a human must decide what it means.", "相対的な依頼(「いい感じに」「おすすめ」):その意味は人間が決める。"),
        Reason::EthicsOk => ("No personal data in the prompt.", "プロンプトに個人情報はない。"),
        Reason::EthicsPiiDetected => ("Personal data in the prompt: a sealed stop that no flag can override.", "プロンプトに個人情報がある:どのフラグでも覆せない封印された停止。"),
        Reason::AccOk => ("No outside side effect.", "外部への副作用はない。"),
        Reason::AccExternalSideEffectRequiresHitl => ("An outside side effect (sending, uploading) needs a human's decision.", "外部への副作用(送信、アップロード)には人間の判断が要る。"),
        Reason::OrchRunOk => ("The orchestrator produced the sanitised artifact preview.", "オーケストレーターが無害化した成果物のプレビューを作った。"),
        Reason::NonOverridableSafety => ("The task is sealed: no flag, and no one, can continue it.", "タスクは封印されている:どのフラグでも、誰でも続けられない。"),
    })
}

/// The scenario's id, written once: the registry, links and logs read it from here.
pub const ID: &str = "orchestrator-mediator";

/// This scenario: the orchestrator with mediator v1.0.
pub const SCENARIO: crate::scenario::ScenarioInfo = crate::scenario::ScenarioInfo {
    id: ID,
    family: ID,
    theme: crate::scenario::Theme::Orchestrators,
    teaches: (
        "A mediator may only advise: every gate is logged, and only ethics can seal.",
        "仲介者は助言しかできない:すべてのゲートが記録され、封印できるのは倫理だけ。",
    ),
    story: crate::scenario::Story {
        who: (
            "One document task passes an advisory mediator and a fixed order of gates, each of them logged.",
            "一つの文書タスクが、助言役の仲介者と決まった順序のゲートを通る。各ゲートは記録される。",
        ),
        risk: (
            "A relative request or an outside side effect must pause, and personal data must never be written anywhere.",
            "相対的な要求や外部への副作用は一時停止しなければならず、個人情報はどこにも書いてはならない。",
        ),
        decide: (
            "When the task waits for a human, you continue or stop it.",
            "タスクが人間を待つとき、あなたが続行か停止かを決める。",
        ),
    },
    title: "Orchestrator with mediator v1.0 (an advisory mediator, every gate logged)",
    title_ja: "仲介者つきオーケストレーター v1.0(助言だけの仲介者、すべてのゲートを記録)",
    reference: "orchestrator_with_mediator_v1_0.py",
    version: "1.0",
    layers: Layer::NAMES,
    reasons: Reason::NAMES,
    extra_fields: &["session_id", "task_id", "artifact_preview", "safe_context"],
    paths: PATHS,
    decisions: crate::scenario::SHARED_DECISIONS,
    deciders: &[crate::vocab::FinalDecider::System, crate::vocab::FinalDecider::User],
    knobs: KNOBS,
    open: crate::stepwise::StepRun::<Mediator>::open_boxed,
    batch: None,
    explain,
};
