//! Lessons: one Markdown file per lesson (`docs/lessons/*.md`), read by the web app and checked
//! by the tests, so that a lesson whose link no longer gives the outcome it states fails CI.
//!
//! A lesson file is a front matter block of `key: value` lines between two `---` lines, then
//! four sections, each line of text given in English (`en: `) and then Japanese (`ja: `):
//!
//! ```text
//! ---
//! id: clean-run
//! title_en: A clean run
//! title_ja: 問題のない実行
//! link: ?v=1&s=emergency-contract&seed=3&rng=chacha&c=...&h=...
//! highlight: 17
//! expect_state: CONTRACT_EFFECTIVE
//! expect_layer: contract_effect
//! expect_reason: CONTRACT_EFFECTIVE
//! expect_sealed: false
//! covers: run-through, hitl:auth:approve
//! tamper: 5            (optional: change row 5 of the log; verification must name it)
//! ---
//!
//! ## Goal
//! en: ...
//! ja: ...
//!
//! ## Framing
//! en: ...
//! ja: ...
//!
//! ## Questions
//! 1. en: ...
//!    ja: ...
//!
//! ## For the teacher
//! en: ...
//! ja: ...
//! ```
//!
//! [`check`] opens the link through the decoder the app uses, runs it in the core to its next
//! stop, and compares the outcome with what the lesson states.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::audit;
use crate::chain::ChainKey;
use crate::face::{RowView, TAMPER_PATH};
use crate::link::decode_request;
use crate::say::Said;
use crate::scenario::ScenarioInfo;

/// A text in both languages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bilingual {
    /// English.
    pub en: String,
    /// Japanese.
    pub ja: String,
}

/// One lesson.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lesson {
    /// Its id (the file name without `.md`).
    pub id: String,
    /// Its title.
    pub title: Bilingual,
    /// The share link's query (`?v=1&...`).
    pub link: String,
    /// The row the lesson points at, from 1 as the timeline numbers them.
    pub highlight: usize,
    /// The run's state at its stop.
    pub expect_state: String,
    /// The highlighted row's layer.
    pub expect_layer: String,
    /// The highlighted row's reason code.
    pub expect_reason: String,
    /// Whether the run is sealed at its stop.
    pub expect_sealed: bool,
    /// The decision paths the lesson claims to show.
    pub covers: Vec<String>,
    /// A row (from 1) to change in the run's log, whose break verification must report.
    pub tamper: Option<usize>,
    /// The learning goal.
    pub goal: Bilingual,
    /// The short framing.
    pub framing: Bilingual,
    /// Questions for the student.
    pub questions: Vec<Bilingual>,
    /// What the teacher should expect students to observe.
    pub teacher: Bilingual,
}

/// Why a lesson file cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonError {
    /// The line, from 1 (0 for the file as a whole).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl core::fmt::Display for LessonError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        if self.line == 0 {
            f.write_str(&self.message)
        } else {
            write!(f, "line {}: {}", self.line, self.message)
        }
    }
}

fn err(line: usize, message: impl Into<String>) -> LessonError {
    LessonError { line, message: message.into() }
}

#[derive(Clone, Copy, PartialEq)]
enum Section {
    None,
    Goal,
    Framing,
    Questions,
    Teacher,
}

/// Reads a lesson file; `id` is its file name without `.md`.
pub fn parse(id: &str, text: &str) -> Result<Lesson, LessonError> {
    let mut lesson = Lesson { id: id.to_string(), ..Lesson::default() };
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    match lines.next() {
        Some((_, "---")) => {}
        _ => return Err(err(1, "a lesson starts with a `---` line (its front matter)")),
    }
    let mut closed = false;
    let mut seen: Vec<String> = Vec::new();
    for (n, line) in lines.by_ref() {
        if line == "---" {
            closed = true;
            break;
        }
        let (key, value) =
            line.split_once(':').ok_or_else(|| err(n, "front matter lines are `key: value`"))?;
        let (key, value) = (key.trim(), value.trim());
        if seen.iter().any(|k| k == key) {
            return Err(err(n, format!("`{key}` is given twice")));
        }
        seen.push(key.to_string());
        let number = |v: &str| {
            v.parse::<usize>().map_err(|_| err(n, format!("`{key}` must be a whole number")))
        };
        match key {
            "id" if value != id => {
                return Err(err(n, format!("the id `{value}` is not the file name `{id}`")));
            }
            "id" => {}
            "title_en" => lesson.title.en = value.to_string(),
            "title_ja" => lesson.title.ja = value.to_string(),
            "link" => lesson.link = value.to_string(),
            "highlight" => lesson.highlight = number(value)?,
            "expect_state" => lesson.expect_state = value.to_string(),
            "expect_layer" => lesson.expect_layer = value.to_string(),
            "expect_reason" => lesson.expect_reason = value.to_string(),
            "expect_sealed" => {
                lesson.expect_sealed = match value {
                    "true" => true,
                    "false" => false,
                    _ => return Err(err(n, "`expect_sealed` must be `true` or `false`")),
                }
            }
            "covers" => {
                lesson.covers = value
                    .split(',')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(String::from)
                    .collect();
            }
            "tamper" => lesson.tamper = Some(number(value)?),
            _ => return Err(err(n, format!("unknown front matter key `{key}`"))),
        }
    }
    if !closed {
        return Err(err(0, "the front matter has no closing `---` line"));
    }
    for key in [
        "id",
        "title_en",
        "title_ja",
        "link",
        "highlight",
        "expect_state",
        "expect_layer",
        "expect_reason",
        "expect_sealed",
        "covers",
    ] {
        if !seen.iter().any(|k| k == key) {
            return Err(err(0, format!("the front matter has no `{key}`")));
        }
    }
    let mut section = Section::None;
    let mut pending_en: Option<(usize, String)> = None;
    let mut sections_seen: Vec<&'static str> = Vec::new();
    for (n, line) in lines {
        let trimmed = line.trim();
        if let Some(heading) = trimmed.strip_prefix("## ") {
            if let Some((m, _)) = pending_en.take() {
                return Err(err(m, "this `en:` line has no `ja:` line after it"));
            }
            let (s, name) = match heading.trim() {
                "Goal" => (Section::Goal, "Goal"),
                "Framing" => (Section::Framing, "Framing"),
                "Questions" => (Section::Questions, "Questions"),
                "For the teacher" => (Section::Teacher, "For the teacher"),
                other => return Err(err(n, format!("unknown section `{other}`"))),
            };
            if sections_seen.contains(&name) {
                return Err(err(n, format!("section `{name}` appears twice")));
            }
            sections_seen.push(name);
            section = s;
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        // A question line may start with its number (`1. en: ...`).
        let body = match trimmed.split_once(". ") {
            Some((num, rest)) if !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()) => rest,
            _ => trimmed,
        };
        if let Some(en) = body.strip_prefix("en:") {
            if let Some((m, _)) = pending_en {
                return Err(err(m, "this `en:` line has no `ja:` line after it"));
            }
            pending_en = Some((n, en.trim().to_string()));
            continue;
        }
        let Some(ja) = body.strip_prefix("ja:") else {
            return Err(err(n, "text lines start with `en:` or `ja:`"));
        };
        let Some((_, en)) = pending_en.take() else {
            return Err(err(n, "a `ja:` line must follow its `en:` line"));
        };
        let pair = Bilingual { en, ja: ja.trim().to_string() };
        if pair.en.is_empty() || pair.ja.is_empty() {
            return Err(err(n, "a text is empty in one language"));
        }
        let join = |slot: &mut Bilingual| {
            for (into, from) in [(&mut slot.en, &pair.en), (&mut slot.ja, &pair.ja)] {
                if !into.is_empty() {
                    into.push(' ');
                }
                into.push_str(from);
            }
        };
        match section {
            Section::None => return Err(err(n, "text before the first section")),
            Section::Goal => join(&mut lesson.goal),
            Section::Framing => join(&mut lesson.framing),
            Section::Teacher => join(&mut lesson.teacher),
            Section::Questions => lesson.questions.push(pair),
        }
    }
    if let Some((m, _)) = pending_en {
        return Err(err(m, "this `en:` line has no `ja:` line after it"));
    }
    for name in ["Goal", "Framing", "Questions", "For the teacher"] {
        if !sections_seen.contains(&name) {
            return Err(err(0, format!("the lesson has no `## {name}` section")));
        }
    }
    if lesson.questions.is_empty() {
        return Err(err(0, "the lesson asks no question"));
    }
    Ok(lesson)
}

/// What a lesson's run showed.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The scenario the link opens.
    pub scenario: &'static ScenarioInfo,
    /// The run's state at its stop.
    pub state: &'static str,
    /// Whether it is sealed.
    pub sealed: bool,
    /// The highlighted row.
    pub row: RowView,
    /// The paths the run took (with [`TAMPER_PATH`] when the lesson's tampering was found).
    pub paths: Vec<&'static str>,
}

/// Which statement of a lesson no longer holds (see [`check`]).
#[derive(Clone, Debug, PartialEq)]
pub enum CheckError {
    /// The lesson's link does not open.
    Link(crate::link::LinkError),
    /// The scenario refuses the link's run.
    Run(Said),
    /// The run stops in another state.
    State {
        /// Where it stops.
        found: &'static str,
        /// Where the lesson says it stops.
        said: String,
    },
    /// The run is sealed and the lesson says not, or the other way round.
    Sealed {
        /// Whether the run is sealed.
        found: bool,
    },
    /// The highlighted row is not among the rows the run shows.
    NoRow {
        /// The rows shown.
        shown: usize,
        /// The row the lesson highlights (from 1).
        asked: usize,
    },
    /// The highlighted row has another layer or reason.
    Row {
        /// The row (from 1).
        n: usize,
        /// Its layer and reason.
        found: (String, String),
        /// The layer and reason the lesson states.
        said: (String, String),
    },
    /// The run's log cannot be written.
    Log(crate::face::LogError),
    /// The log has no row to tamper with.
    NoTamperRow(usize),
    /// The tampered log cannot be read back.
    Import(crate::audit::ImportError),
    /// Changing this row is not reported at that row.
    TamperMissed(usize),
    /// The lesson claims a path the scenario does not declare.
    UnknownPath(String),
    /// The lesson claims a path its run does not take.
    PathNotTaken(String),
}

impl core::fmt::Display for CheckError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            CheckError::Link(e) => write!(f, "its link: {e}"),
            CheckError::Run(e) => write!(f, "its run: {}", e.en),
            CheckError::State { found, said } => {
                write!(f, "the run stops in state {found}, the lesson says {said}")
            }
            CheckError::Sealed { found } => write!(
                f,
                "the run is {}sealed, the lesson says otherwise",
                if *found { "" } else { "not " }
            ),
            CheckError::NoRow { shown, asked } => {
                write!(f, "the run shows {shown} rows, it has no row {asked}")
            }
            CheckError::Row { n, found, said } => write!(
                f,
                "row {n} is {} {}, the lesson says {} {}",
                found.0, found.1, said.0, said.1
            ),
            CheckError::Log(e) => write!(f, "{e}"),
            CheckError::NoTamperRow(n) => write!(f, "the log has no row {n} to change"),
            CheckError::Import(e) => write!(f, "{e}"),
            CheckError::TamperMissed(n) => {
                write!(f, "changing row {n} of the log is not reported at that row")
            }
            CheckError::UnknownPath(p) => write!(f, "it claims an unknown path `{p}`"),
            CheckError::PathNotTaken(p) => {
                write!(f, "it claims the path `{p}`, which its run does not take")
            }
        }
    }
}

impl core::error::Error for CheckError {}

/// Opens the lesson's link as the app does, runs it to its next stop, and checks every outcome
/// the lesson states; the error says which statement no longer holds.
pub fn check(lesson: &Lesson) -> Result<Outcome, CheckError> {
    let (scenario, request) =
        decode_request(audit::link_query(&lesson.link)).map_err(CheckError::Link)?;
    let run = audit::run_request(scenario, &request).map_err(CheckError::Run)?;
    let (state, sealed) = (run.state(), run.sealed());
    if state != lesson.expect_state {
        return Err(CheckError::State { found: state, said: lesson.expect_state.clone() });
    }
    if sealed != lesson.expect_sealed {
        return Err(CheckError::Sealed { found: sealed });
    }
    let row = lesson
        .highlight
        .checked_sub(1)
        .and_then(|i| (i < run.shown()).then(|| run.row(i)).flatten())
        .ok_or(CheckError::NoRow { shown: run.shown(), asked: lesson.highlight })?;
    if row.layer != lesson.expect_layer || row.reason != lesson.expect_reason {
        return Err(CheckError::Row {
            n: lesson.highlight,
            found: (row.layer.to_string(), row.reason.to_string()),
            said: (lesson.expect_layer.clone(), lesson.expect_reason.clone()),
        });
    }
    let mut paths = run.paths();
    if let Some(n) = lesson.tamper {
        let text = run.to_jsonl().map_err(CheckError::Log)?;
        let tampered = tamper(&text, n).ok_or(CheckError::NoTamperRow(n))?;
        let log = audit::import(tampered.as_bytes()).map_err(CheckError::Import)?;
        let broken = audit::verify(&log, &ChainKey::demo()).broken_row();
        if broken != Some(n - 1) {
            return Err(CheckError::TamperMissed(n));
        }
        paths.push(TAMPER_PATH.id);
    }
    for claim in &lesson.covers {
        if !scenario.paths.iter().any(|p| p.id == claim) {
            return Err(CheckError::UnknownPath(claim.clone()));
        }
        if !paths.iter().any(|p| p == claim) {
            return Err(CheckError::PathNotTaken(claim.clone()));
        }
    }
    Ok(Outcome { scenario, state, sealed, row, paths })
}

/// The log with row `n` (from 1) changed: its `reason_code`'s last letter swapped, the way a
/// careless or dishonest edit would change it.
pub fn tamper(jsonl: &str, n: usize) -> Option<String> {
    let mut out = String::with_capacity(jsonl.len());
    let mut row = 0;
    let mut done = false;
    for line in jsonl.split_inclusive('\n') {
        let is_row = !line.starts_with("{\"record\"");
        if is_row {
            row += 1;
        }
        if is_row && row == n && !done {
            let key = "\"reason_code\": \"";
            let start = line.find(key)? + key.len();
            let end = start + line.get(start..)?.find('"')?;
            let last = line.get(end - 1..end)?;
            let swapped = if last == "X" { "Y" } else { "X" };
            out.push_str(line.get(..end - 1)?);
            out.push_str(swapped);
            out.push_str(line.get(end..)?);
            done = true;
        } else {
            out.push_str(line);
        }
    }
    done.then_some(out)
}
