//! The class report: a class's logs checked in one go.
//!
//! A teacher collects the logs thirty students downloaded and wants to know, for each file,
//! whether it is intact and reproduces the run its header names, and for the class, which
//! answers were chosen at each decision point and how the runs ended. Each file is imported,
//! verified and replayed with the audit desk's own functions ([`crate::audit`]), so a line of
//! the report says what `maestro verify` and `maestro replay` say of that file.
//!
//! A file that cannot be used (not a log, too large, a newer format, an unknown scenario, the
//! same file twice) gets its own line with the reason; the rest of the class is still reported.
//! The summary counts only the logs that reproduce: a tampered log's answers are not evidence.
//! Both faces call [`ClassReport::of`]: `maestro report` and the page's Web Worker (for the
//! audit desk).

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::audit::{self, ImportError, MAX_LOG_BYTES, Standing};
use crate::chain::ChainKey;
use crate::say::Said;

/// The most files one report reads (a class's downloads).
pub const MAX_FILES: usize = 200;

/// One handed-in file: its name, its size, and its bytes (empty when the size is over
/// [`MAX_LOG_BYTES`]: a face need not read a file it will refuse).
#[derive(Clone, Copy, Debug)]
pub struct Handed<'a> {
    /// The file's name, as the teacher sees it.
    pub name: &'a str,
    /// Its size in bytes.
    pub size: usize,
    /// Its content (unread when too large).
    pub bytes: &'a [u8],
}

/// What the report found for a file, worst first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The same name and bytes as an earlier file: counted once.
    Duplicate,
    /// Not a log this bench reads (not JSON Lines, too large, truncated, a newer format, a bad
    /// header).
    Unreadable,
    /// A log of a scenario this bench does not know.
    UnknownScenario,
    /// The chain is broken (or the digest does not match, or rows are missing at the end).
    Broken,
    /// Intact, but replaying its header does not give its rows (or it cannot be replayed).
    NotReproducible,
    /// Intact, but without a header: nothing to replay (an incident file).
    Intact,
    /// Intact, and its header's run replays to exactly its rows.
    Reproduced,
}

impl Status {
    /// The status's stable code (`reproduced`, `broken`, ...), as the CSV and the API write it.
    pub fn code(self) -> &'static str {
        match self {
            Status::Duplicate => "duplicate",
            Status::Unreadable => "unreadable",
            Status::UnknownScenario => "unknown_scenario",
            Status::Broken => "broken",
            Status::NotReproducible => "not_reproducible",
            Status::Intact => "intact",
            Status::Reproduced => "reproduced",
        }
    }

    /// The status as a word for the report's table, in both languages.
    pub fn said(self) -> Said {
        let (en, ja) = match self {
            Status::Duplicate => ("duplicate", "重複"),
            Status::Unreadable => ("not a log", "ログではない"),
            Status::UnknownScenario => ("unknown scenario", "未知のシナリオ"),
            Status::Broken => ("broken", "改ざん・破損"),
            Status::NotReproducible => ("not reproducible", "再現できない"),
            Status::Intact => ("intact, no header", "無傷(ヘッダーなし)"),
            Status::Reproduced => ("intact, reproduced", "無傷・再現"),
        };
        Said::new(en, ja)
    }
}

/// How a run ended, as a line of the report shows it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Outcome {
    /// The run's state (`CONTRACT_EFFECTIVE`, `STOPPED`, `PAUSE_FOR_HITL_FINALIZE`, ...).
    pub state: String,
    /// The decisive row's reason code.
    pub reason: String,
    /// Whether it ended sealed.
    pub sealed: bool,
}

/// One file's line in the report.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Entry {
    /// The file's name.
    pub file: String,
    /// The scenario its header names (empty without a header).
    pub scenario: String,
    /// The seed its header names.
    pub seed: Option<u64>,
    /// The answers its header records, in order (`auth:approve`, ...).
    pub choices: Vec<String>,
    /// How the run ended: replayed from the header when it reproduces, else read from the last
    /// row (absent for a file that is not a log).
    pub outcome: Option<Outcome>,
    /// The verdict.
    pub status: Status,
    /// The first broken row (from 1), when the chain is broken at a row.
    pub row: Option<usize>,
    /// Why, in both languages: the verifier's, the replay's or the importer's own words.
    pub message: Said,
    /// The group of files that hold the same run (from 1), when another file holds it too.
    pub run: Option<usize>,
}

/// How often one answer was chosen at a decision point.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    /// The answer (`approve`), or the state a run ended in.
    pub label: String,
    /// How many reproduced logs.
    pub count: usize,
}

/// A decision point of a scenario: the `index`-th human decision, at `point`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Point {
    /// Its place in the run's decisions, from 1.
    pub index: usize,
    /// What is decided (the answer token's prefix: `coaching`, `auth`, ...).
    pub point: String,
    /// The answers chosen there, most chosen first.
    pub answers: Vec<Tally>,
}

/// The class's runs of one scenario.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ScenarioSummary {
    /// The scenario id.
    pub scenario: String,
    /// The reproduced logs counted.
    pub logs: usize,
    /// Each decision point reached, in the order of the runs' decisions.
    pub points: Vec<Point>,
    /// How the runs ended (state, with ` (sealed)` when sealed), most frequent first.
    pub ends: Vec<Tally>,
}

/// The report of a class's files.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ClassReport {
    /// One line per file, in the order handed in.
    pub files: Vec<Entry>,
    /// Per scenario, over the reproduced logs.
    pub scenarios: Vec<ScenarioSummary>,
    /// The groups of files (indexes into `files`) that hold the same run, in order of first file.
    pub groups: Vec<Vec<usize>>,
    /// How many files reproduced.
    pub reproduced: usize,
}

impl ClassReport {
    /// Checks every file with `key` (the chain key the class's logs were written with).
    pub fn of(files: &[Handed<'_>], key: &ChainKey) -> ClassReport {
        let mut entries: Vec<Entry> = Vec::with_capacity(files.len());
        // The run each reproduced file holds: scenario and canonical link.
        let mut runs: Vec<Option<String>> = Vec::with_capacity(files.len());
        for (i, f) in files.iter().enumerate() {
            let earlier = files.iter().take(i).position(|g| g.name == f.name && g.bytes == f.bytes);
            let (entry, run) = match earlier {
                Some(j) if f.size <= MAX_LOG_BYTES => (duplicate(f, j, &entries), None),
                _ => check(f, key),
            };
            entries.push(entry);
            runs.push(run);
        }
        let groups = group(&runs);
        for (g, members) in groups.iter().enumerate() {
            for &m in members {
                if let Some(e) = entries.get_mut(m) {
                    e.run = Some(g + 1);
                }
            }
        }
        let scenarios = summarise(&entries);
        let reproduced = entries.iter().filter(|e| e.status == Status::Reproduced).count();
        ClassReport { files: entries, scenarios, groups, reproduced }
    }

    /// The report in one sentence: how many files are intact and reproduced.
    pub fn headline(&self) -> Said {
        let (r, n) = (self.reproduced, self.files.len());
        Said::new(
            format!("{r} of {n} files intact and reproduced"),
            format!("{n} 個のファイルのうち {r} 個が無傷で、再現できました"),
        )
    }

    /// Whether every file is intact and reproduces its run.
    pub fn all_reproduced(&self) -> bool {
        self.reproduced == self.files.len()
    }

    /// The report as one line of JSON (what the page's worker hands the page).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| {
            // Nothing in the report can fail to serialise (texts, counts, no floats); say so
            // rather than hand over an empty report if it ever did.
            format!("{{\"error\":{}}}", serde_json::Value::from(e.to_string()))
        })
    }

    /// The table as CSV (RFC 4180, a header line, CRLF line ends), messages in Japanese when
    /// `ja`. A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`) is prefixed with
    /// `'`: file names come from students.
    pub fn csv(&self, ja: bool) -> String {
        let mut out = String::from(
            "file,scenario,seed,choices,state,reason,sealed,status,broken_row,run,message\r\n",
        );
        for e in &self.files {
            let seed = e.seed.map(|s| s.to_string()).unwrap_or_default();
            let (state, reason, sealed) = match &e.outcome {
                Some(o) => {
                    (o.state.as_str(), o.reason.as_str(), if o.sealed { "yes" } else { "no" })
                }
                None => ("", "", ""),
            };
            let row = e.row.map(|r| r.to_string()).unwrap_or_default();
            let run = e.run.map(|r| r.to_string()).unwrap_or_default();
            let cells = [
                e.file.as_str(),
                &e.scenario,
                &seed,
                &e.choices.join(" "),
                state,
                reason,
                sealed,
                e.status.code(),
                &row,
                &run,
                e.message.text(ja),
            ];
            for (k, cell) in cells.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                push_cell(&mut out, cell);
            }
            out.push_str("\r\n");
        }
        out
    }
}

fn push_cell(out: &mut String, cell: &str) {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quoted = formula || cell.contains([',', '"', '\n', '\r']);
    if quoted {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    for c in cell.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quoted {
        out.push('"');
    }
}

fn duplicate(f: &Handed<'_>, first: usize, entries: &[Entry]) -> Entry {
    let n = first + 1;
    let mut e = entries.get(first).cloned().unwrap_or_else(|| blank(f.name));
    e.file = f.name.to_string();
    e.status = Status::Duplicate;
    e.row = None;
    e.run = None;
    e.message = Said::new(
        format!("the same file as line {n} (same name, same bytes): counted once"),
        format!("{n} 行目と同じファイルです(同じ名前、同じ内容)。1 回だけ数えます"),
    );
    e
}

fn blank(name: &str) -> Entry {
    Entry {
        file: name.to_string(),
        scenario: String::new(),
        seed: None,
        choices: Vec::new(),
        outcome: None,
        status: Status::Unreadable,
        row: None,
        message: Said::default(),
        run: None,
    }
}

/// One file's verdict, and the run it holds when it reproduces.
fn check(f: &Handed<'_>, key: &ChainKey) -> (Entry, Option<String>) {
    let mut e = blank(f.name);
    let log = if f.size > MAX_LOG_BYTES {
        Err(ImportError::TooLarge { bytes: f.size })
    } else {
        audit::import(f.bytes)
    };
    let log = match log {
        Ok(log) => log,
        Err(err) => {
            e.message = err.said();
            return (e, None);
        }
    };
    if let Some(h) = &log.header {
        e.scenario = h.scenario.clone();
        e.seed = Some(h.request.seed);
        e.choices = h.request.choices.clone();
    }
    e.outcome = Some(outcome(&Standing::of_log(&log)));
    if let Some(h) = &log.header
        && let Err(unknown) = crate::scenario::find(&h.scenario)
    {
        e.status = Status::UnknownScenario;
        e.message = unknown.said();
        return (e, None);
    }
    let verdict = audit::verify(&log, key);
    if !verdict.is_intact() {
        e.status = Status::Broken;
        e.row = verdict.broken_row().map(|i| i + 1);
        e.message = verdict.said(key.key_id());
        return (e, None);
    }
    let Some(h) = &log.header else {
        e.status = Status::Intact;
        e.message = Said::new(
            format!("{}; no header: nothing to replay", verdict.said(key.key_id()).en),
            format!("{}。ヘッダーがないため再実行できません", verdict.said(key.key_id()).ja),
        );
        return (e, None);
    };
    match audit::replay(&log) {
        Ok(r) if r.reproduced() => {
            e.status = Status::Reproduced;
            e.message = r.said();
            let run =
                format!("{}\n{}", h.scenario, crate::link::encode_request(&h.scenario, &h.request));
            (e, Some(run))
        }
        Ok(r) => {
            e.status = Status::NotReproducible;
            e.message = r.said();
            (e, None)
        }
        Err(err) => {
            e.status = Status::NotReproducible;
            e.message = err.said();
            (e, None)
        }
    }
}

fn outcome(s: &Standing) -> Outcome {
    Outcome { state: s.state.clone(), reason: s.reason.clone(), sealed: s.sealed }
}

/// The groups of two or more files holding the same run.
fn group(runs: &[Option<String>]) -> Vec<Vec<usize>> {
    let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
    for (i, run) in runs.iter().enumerate() {
        let Some(run) = run else { continue };
        match groups.iter_mut().find(|(r, _)| *r == run.as_str()) {
            Some((_, members)) => members.push(i),
            None => groups.push((run, alloc::vec![i])),
        }
    }
    groups.into_iter().map(|(_, m)| m).filter(|m| m.len() > 1).collect()
}

fn tally(list: &mut Vec<Tally>, label: &str) {
    match list.iter_mut().find(|t| t.label == label) {
        Some(t) => t.count += 1,
        None => list.push(Tally { label: label.to_string(), count: 1 }),
    }
}

/// Most frequent first; ties keep their first-seen order.
fn by_count(list: &mut [Tally]) {
    crate::order::sort_by_key(list, |t| core::cmp::Reverse(t.count));
}

fn summarise(entries: &[Entry]) -> Vec<ScenarioSummary> {
    let mut out: Vec<ScenarioSummary> = Vec::new();
    for e in entries.iter().filter(|e| e.status == Status::Reproduced) {
        let at = match out.iter().position(|s| s.scenario == e.scenario) {
            Some(at) => at,
            None => {
                out.push(ScenarioSummary {
                    scenario: e.scenario.clone(),
                    logs: 0,
                    points: Vec::new(),
                    ends: Vec::new(),
                });
                out.len() - 1
            }
        };
        let Some(s) = out.get_mut(at) else { continue };
        s.logs += 1;
        for (i, token) in e.choices.iter().enumerate() {
            let (point, answer) = token.split_once(':').unwrap_or(("", token.as_str()));
            let index = i + 1;
            let p = match s.points.iter().position(|p| p.index == index && p.point == point) {
                Some(k) => k,
                None => {
                    s.points.push(Point { index, point: point.to_string(), answers: Vec::new() });
                    s.points.len() - 1
                }
            };
            if let Some(p) = s.points.get_mut(p) {
                tally(&mut p.answers, answer);
            }
        }
        if let Some(o) = &e.outcome {
            let end = if o.sealed { format!("{} (sealed)", o.state) } else { o.state.clone() };
            tally(&mut s.ends, &end);
        }
    }
    for s in &mut out {
        crate::order::sort_by_key(&mut s.points, |p| p.index);
        for p in &mut s.points {
            by_count(&mut p.answers);
        }
        by_count(&mut s.ends);
    }
    out
}
