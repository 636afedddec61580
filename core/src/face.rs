//! The scenario-agnostic face of the core: what the web app and the CLI drive.
//!
//! Every scenario implements [`ScenarioRun`] (one run, a row at a time, with HITL requests)
//! and, where it has a batch runner, [`ScenarioBatch`]; the registry
//! ([`crate::scenario::SCENARIOS`]) says how to open them from a [`RunRequest`] and describes
//! the knobs, so faces need no per-scenario code.
//! Views ([`RowView`], [`HitlView`], [`EndView`]) carry the exact vocabulary strings.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::Value;

use crate::arl::Seal;
use crate::json::Object;
use crate::rng::RngKind;
use crate::vocab::{Decision, FinalDecider};

/// How a knob's value is given.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum KnobKind {
    /// One of a fixed set of names.
    Choice {
        /// The accepted names.
        values: &'static [&'static str],
    },
    /// A number in `[min, max]`.
    Number {
        /// The smallest accepted value.
        min: f64,
        /// The largest accepted value.
        max: f64,
    },
    /// A whole number in `[min, max]`.
    Integer {
        /// The smallest accepted value.
        min: u64,
        /// The largest accepted value.
        max: u64,
    },
    /// `true` or `false`.
    Flag,
    /// Free text (any Unicode) of at most `max_chars` characters, with named presets.
    Text {
        /// The longest accepted text, in characters.
        max_chars: usize,
        /// Named example values, `(name, text)`.
        presets: &'static [(&'static str, &'static str)],
    },
}

/// The description of one knob, for generated forms and help texts.
#[derive(Clone, Copy, Debug, serde::Serialize)]
pub struct KnobInfo {
    /// Its name in specifications, links and `--knob NAME=VALUE`.
    pub name: &'static str,
    /// How its value is given.
    #[serde(flatten)]
    pub kind: KnobKind,
    /// The default, as text.
    pub default: &'static str,
    /// One sentence in English.
    pub help: &'static str,
    /// One sentence in Japanese.
    pub help_ja: &'static str,
}

impl KnobInfo {
    /// A `true` / `false` knob.
    pub const fn flag(
        name: &'static str,
        default: &'static str,
        help: &'static str,
        help_ja: &'static str,
    ) -> KnobInfo {
        KnobInfo { name, kind: KnobKind::Flag, default, help, help_ja }
    }

    /// A number knob in `[min, max]`.
    pub const fn number(
        name: &'static str,
        min: f64,
        max: f64,
        default: &'static str,
        help: &'static str,
        help_ja: &'static str,
    ) -> KnobInfo {
        KnobInfo { name, kind: KnobKind::Number { min, max }, default, help, help_ja }
    }

    /// One of a fixed set of names.
    pub const fn choice(
        name: &'static str,
        values: &'static [&'static str],
        default: &'static str,
        help: &'static str,
        help_ja: &'static str,
    ) -> KnobInfo {
        KnobInfo { name, kind: KnobKind::Choice { values }, default, help, help_ja }
    }

    /// A whole-number knob in `[min, max]`.
    pub const fn integer(
        name: &'static str,
        min: u64,
        max: u64,
        default: &'static str,
        help: &'static str,
        help_ja: &'static str,
    ) -> KnobInfo {
        KnobInfo { name, kind: KnobKind::Integer { min, max }, default, help, help_ja }
    }
}

/// What a face asks to open: a scenario's run specification as text, validated by the
/// scenario when it is opened. It crosses to the page's Web Worker as JSON.
#[derive(Clone, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct RunRequest {
    /// The seed.
    pub seed: u64,
    /// The generator.
    pub rng: RngKind,
    /// Knob settings, `(name, value)`, in the order given (only those that differ from the
    /// defaults, in a link).
    pub knobs: Vec<(String, String)>,
    /// The HITL script: choice tokens in the order their decisions come.
    pub choices: Vec<String>,
}

/// A run request the scenario refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestError {
    /// The knob at fault, if the problem is a knob's value.
    pub knob: Option<String>,
    /// What is wrong, for the user (without the knob's name), in both languages.
    pub message: crate::say::Said,
}

impl RequestError {
    /// A refusal of knob `knob`'s value, with what is wrong in English and Japanese.
    pub fn knob(knob: impl Into<String>, en: impl Into<String>, ja: impl Into<String>) -> Self {
        RequestError { knob: Some(knob.into()), message: crate::say::Said::new(en, ja) }
    }

    /// A refusal that is not about one knob.
    pub fn other(en: impl Into<String>, ja: impl Into<String>) -> Self {
        RequestError { knob: None, message: crate::say::Said::new(en, ja) }
    }

    /// The refusal to open a bench whose policy pack cannot be hashed (it holds a number JSON
    /// cannot hold): the bench does not run rather than write another hash.
    pub fn unhashable_pack(e: crate::json::NonFiniteFloat) -> Self {
        RequestError::other(
            alloc::format!(
                "the policy pack cannot be hashed: it holds the number {}, which JSON cannot hold",
                e.0
            ),
            alloc::format!(
                "ポリシーパックをハッシュできません: JSON で表せない数 {} を含みます",
                e.0
            ),
        )
    }

    /// The refusal for a user, naming the knob, in both languages.
    pub fn said(&self) -> crate::say::Said {
        match &self.knob {
            Some(k) => crate::say::Said::new(
                alloc::format!("knob `{k}`: {}", self.message.en),
                alloc::format!("ノブ `{k}`: {}", self.message.ja),
            ),
            None => self.message.clone(),
        }
    }
}

impl core::fmt::Display for RequestError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.said().en)
    }
}

/// One row, as a face shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowView {
    /// The layer.
    pub layer: &'static str,
    /// The decision.
    pub decision: Decision,
    /// Sealed / overrideable.
    pub seal: Seal,
    /// Who decided.
    pub decider: FinalDecider,
    /// The reason code.
    pub reason: &'static str,
}

/// One option of a HITL request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OptionView {
    /// The choice's token (`auth:approve`), for scripts and links.
    pub token: &'static str,
    /// The event it sends (`AUTH_APPROVE`).
    pub label: &'static str,
    /// What it leads to, in English and Japanese.
    pub consequence: (&'static str, &'static str),
}

/// A pending HITL request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HitlView {
    /// Who must decide.
    pub decider: FinalDecider,
    /// The gate that asked.
    pub layer: &'static str,
    /// Why.
    pub reason: &'static str,
    /// The options, in display order.
    pub options: Vec<OptionView>,
}

/// A decision path a scenario can take (a lesson covers it when its run takes it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PathInfo {
    /// Its id (`run-through`, `hitl:auth:reject`, `sealed-stop`, ...).
    pub id: &'static str,
    /// What it is, in English.
    pub en: &'static str,
    /// What it is, in Japanese.
    pub ja: &'static str,
}

/// A path, for the scenarios' `PATHS` tables.
pub const fn path(id: &'static str, en: &'static str, ja: &'static str) -> PathInfo {
    PathInfo { id, en, ja }
}

/// The path every scenario has: a changed byte of the run's log is found by verification.
pub const TAMPER_PATH: PathInfo = PathInfo {
    id: "tampered-log-detected",
    en: "A changed byte of the run's log is found by verification",
    ja: "実行ログの 1 バイトの改変が検証で見つかる",
};

/// A choice made at a HITL point, for "what if" comparisons.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionMade {
    /// Its position among the run's choices (the request's `choices` index).
    pub index: usize,
    /// The row that asked (the last row emitted before the choice).
    pub row: usize,
    /// The token chosen.
    pub token: &'static str,
    /// The other tokens the point offered.
    pub alternatives: Vec<&'static str>,
}

impl DecisionMade {
    /// The `index`-th choice, `token`, made after `rows_before` rows at a point that offered
    /// `offered`.
    pub fn new(
        index: usize,
        rows_before: usize,
        token: &'static str,
        offered: impl Iterator<Item = &'static str>,
    ) -> Self {
        DecisionMade {
            index,
            row: rows_before.saturating_sub(1),
            token,
            alternatives: offered.filter(|t| *t != token).collect(),
        }
    }
}

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EndView {
    /// The final state.
    pub state: &'static str,
    /// Whether it was sealed.
    pub sealed: bool,
    /// The decisive row's reason.
    pub reason: &'static str,
    /// The rows written when the run ended (the decisive row is among them; rows after are
    /// refused attempts to continue).
    pub rows: usize,
}

/// The end of a run told as sentences, from its decisive rows (never two bare codes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ending {
    /// The decisive row (0-based; pages number rows from 1).
    pub row: usize,
    /// Its gate.
    pub layer: &'static str,
    /// Who decided it.
    pub decider: FinalDecider,
    /// Its reason code.
    pub reason: &'static str,
    /// Whether the run is sealed.
    pub sealed: bool,
    /// What the decisive row says, as a sentence: (English, Japanese).
    pub headline: (&'static str, &'static str),
    /// Each human answer on the way, as a sentence, in order: (English, Japanese).
    pub answers: Vec<(&'static str, &'static str)>,
}

/// The end of `run` as sentences, once it has ended: the decisive row (the last row carrying
/// the end's reason) explained by `explain`, and the rows that recorded each human answer.
/// A code `explain` does not know is shown as the code itself, never dropped.
pub fn ending(
    run: &dyn ScenarioRun,
    explain: fn(&str) -> Option<(&'static str, &'static str)>,
) -> Option<Ending> {
    let end = run.end()?;
    let rows: Vec<RowView> = (0..run.emitted()).filter_map(|i| run.row(i)).collect();
    let row = rows.get(..end.rows).unwrap_or(&rows).iter().rposition(|r| r.reason == end.reason)?;
    let decisive = rows.get(row)?;
    let say = |code: &'static str| explain(code).unwrap_or((code, code));
    let answers = run
        .decisions()
        .iter()
        .filter_map(|d| rows.get(d.row + 1))
        .filter(|r| r.decider != FinalDecider::System)
        .map(|r| say(r.reason))
        .collect();
    Some(Ending {
        row,
        layer: decisive.layer,
        decider: decisive.decider,
        reason: decisive.reason,
        sealed: end.sealed,
        headline: say(decisive.reason),
        answers,
    })
}

/// What [`ScenarioRun::advance`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Advance {
    /// Showed the next row.
    Row,
    /// Stopped at a pending decision.
    Hitl,
    /// The run is over.
    Ended,
}

/// Why a run's log cannot be written or read back.
#[derive(Clone, Debug, PartialEq)]
pub enum LogError {
    /// The bench's key cannot be made.
    Key(crate::chain::KeyError),
    /// A row holds a number JSON cannot hold.
    NonFinite(crate::json::NonFiniteFloat),
    /// The written log does not read back (a defect of the writer).
    Unreadable(crate::audit::ImportError),
}

impl LogError {
    /// What is wrong, in both languages.
    pub fn said(&self) -> crate::say::Said {
        match self {
            LogError::Key(e) => {
                let s = e.said();
                crate::say::Said::new(
                    alloc::format!("the log cannot be signed: {}", s.en),
                    alloc::format!("ログに署名できません: {}", s.ja),
                )
            }
            LogError::NonFinite(x) => crate::say::Said::new(
                alloc::format!("a row holds the non-finite number {}", x.0),
                alloc::format!("行に有限でない数 {} があります", x.0),
            ),
            LogError::Unreadable(e) => {
                let s = e.said();
                crate::say::Said::new(
                    alloc::format!("the written log does not read back: {}", s.en),
                    alloc::format!("書いたログが読み戻せません: {}", s.ja),
                )
            }
        }
    }
}

impl core::fmt::Display for LogError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.said().en)
    }
}

impl core::error::Error for LogError {}

/// One run of any scenario.
pub trait ScenarioRun {
    /// Shows the next row, applies a scripted choice, or reports the pending decision or end.
    fn advance(&mut self) -> Advance;
    /// A human's choice (a token) at the pending decision.
    fn resolve(&mut self, token: &str) -> Result<(), crate::stepwise::ResolveError>;
    /// Rows shown so far.
    fn shown(&self) -> usize;
    /// Rows emitted so far (shown or not).
    fn emitted(&self) -> usize;
    /// Row `i`.
    fn row(&self, i: usize) -> Option<RowView>;
    /// The pending decision, if the run waits for one.
    fn pending(&self) -> Option<HitlView>;
    /// The end, once reached.
    fn end(&self) -> Option<EndView>;
    /// The run's state now.
    fn state(&self) -> &'static str;
    /// Whether the run is sealed.
    fn sealed(&self) -> bool;
    /// The request that reproduces the run as it stands (the choices made so far as script).
    fn request(&self) -> RunRequest;
    /// Every knob's value now, as text, in the scenario's knob order.
    fn knob_values(&self) -> Vec<(&'static str, String)>;
    /// The choices made at HITL points so far, with the rows that asked for them.
    fn decisions(&self) -> Vec<DecisionMade>;
    /// The decision paths (ids of the scenario's [`PathInfo`]s) the run has taken so far.
    fn paths(&self) -> Vec<&'static str>;
    /// The run's log as JSON Lines: header, rows, digest.
    fn to_jsonl(&self) -> Result<String, LogError>;
    /// The agents' state as of the rows shown, for scenarios that simulate agents.
    fn state_view(&self) -> Option<StateView> {
        None
    }
    /// The facts row `i` records beyond its base fields (who acted, the quantities at stake:
    /// `agent`, `price`, `trust`, ...), as `(field, value)` in the log's order: scalar values
    /// only, as text.
    fn facts(&self, _i: usize) -> Vec<(String, String)> {
        Vec::new()
    }
    /// The answer a student's "Continue" sends to the ended, sealed run, for the engine to
    /// refuse with a sealed `NON_OVERRIDABLE_SAFETY` row; `None` when the run is not an ended
    /// sealed one or its scenario has no such answer.
    fn override_token(&self) -> Option<&'static str> {
        None
    }
}

/// How an agent stands in a simulation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AgentStatus {
    /// Takes part.
    Active,
    /// Excluded by a seal (some simulators reintegrate sealed agents later).
    Sealed,
    /// Excluded for good by a ban.
    Banned,
}

impl AgentStatus {
    /// Its name as the state view shows it.
    pub const fn as_str(self) -> &'static str {
        match self {
            AgentStatus::Active => "active",
            AgentStatus::Sealed => "sealed",
            AgentStatus::Banned => "banned",
        }
    }
}

/// One agent's values of one quantity, round by round (or the quantity's only series, such
/// as the negotiation's `price`).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Series {
    /// The agent (or the series' name).
    pub agent: &'static str,
    /// `(round, value)`; round 0 is the starting state.
    pub points: Vec<(u32, f64)>,
}

/// One quantity of a simulation (trust, anger, price, ...), per agent over rounds.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Metric {
    /// Its name (`trust`, `anger`, `price`, `priority:safety`, ...).
    pub name: &'static str,
    /// The lowest value it can take.
    pub lo: f64,
    /// The highest value it can take.
    pub hi: f64,
    /// One series per agent it applies to.
    pub series: Vec<Series>,
    /// Reference values drawn across the chart, `(name, value)` (a price's floor and target).
    pub marks: Vec<(&'static str, f64)>,
}

/// What a simulation's agents look like so far: the charts' data and each agent's status.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct StateView {
    /// The last round shown.
    pub round: u32,
    /// The quantities, in display order.
    pub metrics: Vec<Metric>,
    /// Each agent and its status now.
    pub agents: Vec<(&'static str, AgentStatus)>,
}

/// One incident file of a batch (sent from the page's Web Worker as JSON).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Incident {
    /// `INC#000001`.
    pub incident_id: String,
    /// `INC#000001__SIM#B00001.arl.jsonl`.
    pub file_name: String,
    /// The persisted, chained rows.
    pub rows: Vec<Object>,
    /// The line appended to `incident_index.jsonl`.
    pub index: Object,
}

impl Incident {
    /// The file's bytes: one row per line in the reference's layout (fail closed: a row JSON
    /// cannot hold writes no file).
    pub fn jsonl(&self) -> Result<String, crate::json::NonFiniteFloat> {
        let mut out = String::new();
        for row in &self.rows {
            out.push_str(&crate::json::line(row)?);
            out.push('\n');
        }
        Ok(out)
    }

    /// The incident's line of `incident_index.jsonl`, with its newline.
    pub fn index_line(&self) -> Result<String, crate::json::NonFiniteFloat> {
        crate::json::line(&self.index).map(|l| l + "\n")
    }
}

/// A batch of any scenario, run a chunk at a time.
pub trait ScenarioBatch {
    /// Runs up to `n` more runs; `false` once every run is done.
    fn step(&mut self, n: u64) -> bool;
    /// Runs done and runs in all.
    fn progress(&self) -> (u64, u64);
    /// The scenario's batch metric now (the emergency bench: the model's trust score).
    fn metric(&self) -> f64;
    /// Runs queued for a human so far.
    fn queue_size(&self) -> u64;
    /// The incident files produced since the last call.
    fn take_incidents(&mut self) -> Vec<Incident>;
    /// The result document.
    fn document(&self) -> Value;
    /// Why the batch stopped before its last run, if it did (fail closed: its result must not
    /// be written).
    fn failure(&self) -> Option<crate::say::Said> {
        None
    }

    /// Runs up to `n` more runs and reports where the batch stands (what a face that runs the
    /// batch elsewhere, such as the page's Web Worker, sends after each chunk).
    fn advance(&mut self, n: u64) -> BatchChunk {
        let more = self.step(n);
        let (done, total) = self.progress();
        BatchChunk {
            done,
            total,
            more,
            metric: self.metric(),
            queue: self.queue_size(),
            incidents: self.take_incidents(),
        }
    }
}

/// Where a batch stands after a chunk: one point of its charts and the incidents it produced.
/// (The page reads it back through `serde_json::Value`, which its bundle parses anyway.)
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct BatchChunk {
    /// Runs done.
    pub done: u64,
    /// Runs in all.
    pub total: u64,
    /// Whether runs remain.
    pub more: bool,
    /// The scenario's batch metric now.
    pub metric: f64,
    /// Runs queued for a human so far.
    pub queue: u64,
    /// The incident files produced by this chunk.
    pub incidents: Vec<Incident>,
}

/// Opens a run.
pub type OpenRun = fn(&RunRequest) -> Result<Box<dyn ScenarioRun>, RequestError>;
/// Opens a batch of `runs` runs keeping at most `max_incidents` incident files.
pub type OpenBatch = fn(&RunRequest, u64, u64) -> Result<Box<dyn ScenarioBatch>, RequestError>;
