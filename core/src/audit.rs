//! The audit desk: open an ARL log, verify its chain, replay it from its header, and compare
//! two logs row by row.
//!
//! Every face (the web app's audit desk, `maestro verify`, `maestro replay`, `maestro diff`)
//! calls these functions, so the browser and the command line give the same verdicts with the
//! same messages.
//! Nothing here trusts the file: sizes are bounded, every field is read by type, unknown
//! fields and vocabulary are reported as notes with their line, and every refusal is a typed
//! error with a message naming the line and the problem.

use crate::say::Said;
use alloc::boxed::Box;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;
use serde_json::Value;

use crate::arl::{BASE_FIELDS, CHAIN_FIELDS};
use crate::chain::{
    self, ArlError, ArlFile, ArlRow, BreakKind, ChainBreak, ChainKey, DigestLine, DigestMismatch,
};
use crate::face::{Advance, RunRequest, ScenarioRun};
use crate::json::Object;
use crate::link::{LinkError, decode_request, encode_request};
use crate::rng::RngKind;
use crate::scenario::{SCENARIOS, ScenarioInfo};
use crate::vocab::{Code, Decision, FinalDecider};

/// The largest log the audit desk reads: 4 MiB (a run log is a few kilobytes, an incident file
/// a few tens; in the browser a 4 MiB log with an intact chain of 8,417 rows is read and verified
/// in 0.8 s, its longest main-thread task 0.42 s).
pub const MAX_LOG_BYTES: usize = 4 * 1024 * 1024;

/// At most this many notes are kept for one file; the rest are counted.
pub const MAX_NOTES: usize = 100;

/// The incident-file markers of replayed and post-context rows.
pub const CONTEXT_FIELDS: [&str; 3] = ["context_replay", "context_seq", "context_post"];

/// The run specification a log's header records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// The scenario id.
    pub scenario: String,
    /// The engine that wrote the log.
    pub engine_version: String,
    /// Seed, generator, knobs and choices.
    pub request: RunRequest,
    /// The key id the header names.
    pub key_id: String,
    /// The chain id the header names.
    pub chain_id: String,
    /// The knobs whose values the writer redacted (personal data): the header alone cannot
    /// replay the run.
    pub redacted: Vec<String>,
}

/// Something worth knowing about a file that does not stop it from being read: an unknown
/// field or vocabulary, a header that disagrees with the rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// The line, from 1.
    pub line: usize,
    /// What was noticed, in both languages.
    pub message: Said,
}

impl Note {
    /// The note for a user, with its line, in both languages.
    pub fn said(&self) -> Said {
        Said::new(
            format!("line {}: {}", self.line, self.message.en),
            format!("{} 行目: {}", self.line, self.message.ja),
        )
    }
}

impl core::fmt::Display for Note {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.said().en)
    }
}

/// A log read by [`import`].
#[derive(Clone, Debug, PartialEq)]
pub struct Log {
    /// The header, for a run log.
    pub header: Option<Header>,
    /// The rows.
    pub rows: Vec<ArlRow>,
    /// The digest line, for a run log.
    pub digest: Option<DigestLine>,
    /// Whether the digest line matches the bytes it covers (`Ok` when there is none).
    pub digest_check: Result<(), DigestMismatch>,
    /// Notes, in line order (at most [`MAX_NOTES`]).
    pub notes: Vec<Note>,
    /// Notes beyond [`MAX_NOTES`], counted.
    pub more_notes: usize,
    /// The file's size in bytes.
    pub bytes: usize,
}

/// Why a file cannot be used as a log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// Larger than [`MAX_LOG_BYTES`].
    TooLarge {
        /// Its size.
        bytes: usize,
    },
    /// Not an ARL file (not UTF-8, not JSON Lines, missing or mistyped fields, ...).
    Unreadable(ArlError),
    /// The last line was cut off.
    Truncated {
        /// The line, from 1.
        line: usize,
    },
    /// The header line is malformed.
    BadHeader {
        /// The line, from 1.
        line: usize,
        /// What is wrong, in both languages.
        problem: Said,
    },
}

impl ImportError {
    /// Why the file cannot be used, in both languages.
    pub fn said(&self) -> Said {
        match self {
            ImportError::TooLarge { bytes } => Said::new(
                format!(
                    "the file is {bytes} bytes; the audit desk reads logs of at most {MAX_LOG_BYTES} bytes (4 MiB)"
                ),
                format!(
                    "ファイルは {bytes} バイトです。監査デスクが読めるログは {MAX_LOG_BYTES} バイト(4 MiB)までです"
                ),
            ),
            ImportError::Unreadable(e) => {
                let why = e.said();
                Said::new(why.en, format!("ARL ファイルとして読めません: {}", why.ja))
            }
            ImportError::Truncated { line } => Said::new(
                format!(
                    "line {line} is cut off (the file ends in the middle of a JSON object): the file is truncated"
                ),
                format!(
                    "{line} 行目が途中で切れています(JSON オブジェクトの途中でファイルが終わっています)。ファイルは途中までしかありません"
                ),
            ),
            ImportError::BadHeader { line, problem } => Said::new(
                format!("line {line}: the header {}", problem.en),
                format!("{line} 行目: ヘッダーが正しくありません({})", problem.ja),
            ),
        }
    }
}

impl core::fmt::Display for ImportError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.said().en)
    }
}

/// Reads a log: size limit, JSON Lines, required fields and types, the header's run
/// specification, the digest; unknown fields and vocabulary become notes.
pub fn import(bytes: &[u8]) -> Result<Log, ImportError> {
    if bytes.len() > MAX_LOG_BYTES {
        return Err(ImportError::TooLarge { bytes: bytes.len() });
    }
    let file = match chain::read_arl_file(bytes) {
        Ok(file) => file,
        Err(ArlError::NotJson { line, detail }) => {
            return Err(if is_cut_off(bytes, line) {
                ImportError::Truncated { line }
            } else {
                ImportError::Unreadable(ArlError::NotJson { line, detail })
            });
        }
        Err(e) => return Err(ImportError::Unreadable(e)),
    };
    let digest_check = file.check_digest(bytes);
    let ArlFile { header, rows, digest } = file;
    let header = match header {
        Some(h) => Some(parse_header(&h)?),
        None => None,
    };
    let mut notes = Notes::default();
    let family = header.as_ref().and_then(|h| crate::scenario::find(&h.scenario).ok());
    if let Some(h) = &header
        && family.is_none()
    {
        let s = &h.scenario;
        notes.push(1, format!("unknown scenario `{s}`"), format!("未知のシナリオ `{s}`"));
    }
    for row in &rows {
        check_row(row, family, &mut notes);
        if let Some(h) = &header {
            for (field, value) in [("key_id", &h.key_id), ("chain_id", &h.chain_id)] {
                let found = row.fields.get(field).and_then(Value::as_str).unwrap_or("");
                if found != value {
                    notes.push(
                        row.line,
                        format!("`{field}` is `{found}`, the header says `{value}`"),
                        format!("`{field}` は `{found}`、ヘッダーでは `{value}`"),
                    );
                }
            }
        }
    }
    Ok(Log {
        header,
        rows,
        digest,
        digest_check,
        notes: notes.kept,
        more_notes: notes.more,
        bytes: bytes.len(),
    })
}

/// Whether line `line` is the file's last line and the file does not end with a newline.
fn is_cut_off(bytes: &[u8], line: usize) -> bool {
    let lines = bytes.split(|b| *b == b'\n').count();
    line == lines && !bytes.ends_with(b"\n")
}

#[derive(Default)]
struct Notes {
    kept: Vec<Note>,
    more: usize,
}

impl Notes {
    fn push(&mut self, line: usize, en: String, ja: String) {
        if self.kept.len() < MAX_NOTES {
            self.kept.push(Note { line, message: Said::new(en, ja) });
        } else {
            self.more += 1;
        }
    }
}

fn check_row(row: &ArlRow, family: Option<&ScenarioInfo>, notes: &mut Notes) {
    let families: &[ScenarioInfo] = match family {
        Some(info) => core::slice::from_ref(info),
        None => SCENARIOS,
    };
    for (name, _) in row.fields.iter() {
        let name_str = name.as_str();
        let known = BASE_FIELDS.contains(&name_str)
            || CHAIN_FIELDS.contains(&name_str)
            || CONTEXT_FIELDS.contains(&name_str)
            || families.iter().any(|f| f.extra_fields.contains(&name.as_str()));
        if !known {
            notes.push(row.line, format!("unknown field `{name}`"), format!("未知の項目 `{name}`"));
        }
    }
    let text = |k: &str| row.fields.get(k).and_then(Value::as_str).unwrap_or("");
    let checks: [(&str, bool); 4] = [
        ("layer", families.iter().any(|f| f.layers.contains(&text("layer")))),
        ("decision", Decision::parse(text("decision")).is_some()),
        ("final_decider", FinalDecider::parse(text("final_decider")).is_some()),
        ("reason_code", families.iter().any(|f| f.reasons.contains(&text("reason_code")))),
    ];
    for (field, ok) in checks {
        if !ok {
            let value = text(field);
            notes.push(
                row.line,
                format!("unknown {field} `{value}`"),
                format!("未知の {field} `{value}`"),
            );
        }
    }
}

fn parse_header(h: &Object) -> Result<Header, ImportError> {
    let bad =
        |en: String, ja: String| ImportError::BadHeader { line: 1, problem: Said::new(en, ja) };
    let text = |k: &'static str| -> Result<String, ImportError> {
        h.get(k).and_then(Value::as_str).map(String::from).ok_or_else(|| {
            bad(
                format!("has no text field `{k}`"),
                format!("テキストのフィールド `{k}` がありません"),
            )
        })
    };
    let seed = h.get("seed").and_then(Value::as_u64).ok_or_else(|| {
        bad(
            "field `seed` must be a whole number from 0 to 2^64-1".into(),
            "フィールド `seed` は 0 から 2^64-1 までの整数でなければなりません".into(),
        )
    })?;
    let rng_name = text("rng")?;
    let rng = RngKind::parse(&rng_name).ok_or_else(|| {
        bad(
            format!("names an unknown generator `{rng_name}`"),
            format!("未知の生成器 `{rng_name}` を指定しています"),
        )
    })?;
    let mut knobs = Vec::new();
    match h.get("knobs") {
        Some(Value::Object(map)) => {
            for (k, v) in map {
                let v = v.as_str().ok_or_else(|| {
                    bad(
                        format!("knob `{k}` must be given as text"),
                        format!("ノブ `{k}` はテキストで書かれていなければなりません"),
                    )
                })?;
                knobs.push((k.clone(), v.to_string()));
            }
        }
        _ => {
            return Err(bad(
                "field `knobs` must be an object".into(),
                "フィールド `knobs` はオブジェクトでなければなりません".into(),
            ));
        }
    }
    let choices = match h.get("choices") {
        Some(Value::Array(list)) => list
            .iter()
            .map(|c| c.as_str().map(String::from))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| {
                bad(
                    "field `choices` must be a list of texts".into(),
                    "フィールド `choices` はテキストのリストでなければなりません".into(),
                )
            })?,
        _ => {
            return Err(bad(
                "field `choices` must be a list".into(),
                "フィールド `choices` はリストでなければなりません".into(),
            ));
        }
    };
    // Knobs at their defaults are left out, as a share link leaves them out.
    let scenario = text("scenario")?;
    if let Ok(info) = crate::scenario::find(&scenario) {
        knobs.retain(|(k, v)| !info.knobs.iter().any(|i| i.name == k && i.default == v));
    }
    let redacted = match h.get("redacted") {
        None => Vec::new(),
        Some(Value::Array(list)) => list
            .iter()
            .map(|c| c.as_str().map(String::from))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| {
                bad(
                    "field `redacted` must be a list of texts".into(),
                    "フィールド `redacted` はテキストのリストでなければなりません".into(),
                )
            })?,
        Some(_) => {
            return Err(bad(
                "field `redacted` must be a list".into(),
                "フィールド `redacted` はリストでなければなりません".into(),
            ));
        }
    };
    Ok(Header {
        redacted,
        scenario,
        engine_version: text("engine_version")?,
        request: RunRequest { seed, rng, knobs, choices },
        key_id: text("key_id")?,
        chain_id: text("chain_id")?,
    })
}

/// What verification found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Every row chains and its HMAC matches; the digest, if any, matches too.
    Intact {
        /// Rows verified.
        rows: usize,
        /// Whether a digest line was checked.
        digest: bool,
    },
    /// The first broken row.
    Broken(ChainBreak),
    /// The rows chain, but the digest line does not match the file.
    Digest(DigestMismatch),
    /// A run log (it has a header) without its digest line: rows may be missing at the end.
    Truncated {
        /// Rows verified.
        rows: usize,
    },
}

impl Verdict {
    /// Whether the log is intact.
    pub fn is_intact(&self) -> bool {
        matches!(self, Verdict::Intact { .. })
    }

    /// The index of the broken row, if a row is broken.
    pub fn broken_row(&self) -> Option<usize> {
        match self {
            Verdict::Broken(b) => Some(b.index),
            _ => None,
        }
    }

    /// The verdict for a user, naming the key.
    pub fn message(&self, key_id: &str) -> String {
        self.said(key_id).en
    }

    /// The verdict for a user, naming the key, in both languages.
    pub fn said(&self, key_id: &str) -> Said {
        match self {
            Verdict::Intact { rows, digest } => Said::new(
                format!(
                    "chain intact: {rows} rows verified with key `{key_id}`{}",
                    if *digest { ", digest matches" } else { "" }
                ),
                format!(
                    "チェーンは無傷: {rows} 行を鍵 `{key_id}` で検証しました{}",
                    if *digest { "。ダイジェストも一致します" } else { "" }
                ),
            ),
            Verdict::Broken(b) => {
                let (en, ja) = match &b.kind {
                    BreakKind::PrevHashMismatch { expected, found } => (
                        format!("prev_hash is {found}, the previous row_hash is {expected}"),
                        format!("prev_hash は {found}、直前の行の row_hash は {expected}"),
                    ),
                    BreakKind::RowHashMismatch { expected, found } => (
                        format!(
                            "row_hash is {found}, the HMAC of the row with key `{key_id}` is {expected}"
                        ),
                        format!("row_hash は {found}、鍵 `{key_id}` による行の HMAC は {expected}"),
                    ),
                    BreakKind::Uncanonical { problem } => (
                        format!("the row is not canonical JSON ({problem})"),
                        format!("行が正準 JSON になりません({problem})"),
                    ),
                    BreakKind::IdMismatch { field, expected, found } => (
                        format!("{field} is `{found}`, the first row's is `{expected}`"),
                        format!("{field} は `{found}`、最初の行では `{expected}`"),
                    ),
                };
                let at = b.said();
                Said::new(
                    format!("chain broken: {}: {en}", at.en),
                    format!("チェーンが壊れています: {}: {ja}", at.ja),
                )
            }
            Verdict::Digest(e) => Said::new(
                format!("chain intact but {e}"),
                format!("チェーンは無傷ですが、ダイジェストが一致しません: {e}"),
            ),
            Verdict::Truncated { rows } => Said::new(
                format!(
                    "chain intact for {rows} rows, but the log has a header and no digest line: it is truncated (rows may be missing at the end)"
                ),
                format!(
                    "{rows} 行までチェーンは無傷ですが、ヘッダーがあるのにダイジェスト行がありません。ログは途中で切れています(末尾の行が欠けている可能性があります)"
                ),
            ),
        }
    }
}

/// Verifies a log's chain with `key`, then its digest line.
pub fn verify(log: &Log, key: &ChainKey) -> Verdict {
    match chain::verify(&log.rows, key) {
        Err(b) => Verdict::Broken(b),
        Ok(rows) => match (&log.digest_check, &log.digest, &log.header) {
            (Err(e), _, _) => Verdict::Digest(e.clone()),
            (Ok(()), Some(_), _) => Verdict::Intact { rows, digest: true },
            (Ok(()), None, Some(_)) => Verdict::Truncated { rows },
            (Ok(()), None, None) => Verdict::Intact { rows, digest: false },
        },
    }
}

/// A row as the desk shows it: the fields as written, chain fields aside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowText {
    /// Its line, from 1.
    pub line: usize,
    /// `layer`.
    pub layer: String,
    /// `decision`.
    pub decision: String,
    /// `sealed`.
    pub sealed: bool,
    /// `overrideable`.
    pub overrideable: bool,
    /// `final_decider`.
    pub decider: String,
    /// `reason_code`.
    pub reason: String,
    /// Every other field but the chain fields, as compact JSON, in the file's order.
    pub extras: Vec<(String, String)>,
}

impl RowText {
    /// The desk's view of `row`.
    pub fn of(row: &ArlRow) -> RowText {
        let f = &row.fields;
        let text = |k: &str| f.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let flag = |k: &str| f.get(k).and_then(Value::as_bool).unwrap_or(false);
        // The row's own fields and the chain are shown apart; `ts` and `log_level` go with
        // the extras.
        let shown = |k: &str| {
            (BASE_FIELDS.contains(&k) && !matches!(k, "ts" | "log_level"))
                || CHAIN_FIELDS.contains(&k)
        };
        RowText {
            line: row.line,
            layer: text("layer"),
            decision: text("decision"),
            sealed: flag("sealed"),
            overrideable: flag("overrideable"),
            decider: text("final_decider"),
            reason: text("reason_code"),
            extras: f
                .iter()
                .filter(|(k, _)| !shown(k))
                .map(|(k, v)| (k.clone(), v.to_string()))
                .collect(),
        }
    }

    /// `layer DECISION REASON (DECIDER; sealed)`, for terminals and summaries.
    pub fn summary(&self) -> String {
        let mut s = format!("{} {} {} ({}", self.layer, self.decision, self.reason, self.decider);
        if self.sealed {
            s.push_str("; sealed");
        } else if self.overrideable {
            s.push_str("; overrideable");
        }
        s.push(')');
        s
    }
}

/// Chain fields that depend on the key, left out when rows are compared.
const KEYED: [&str; 3] = ["prev_hash", "row_hash", "key_id"];

/// The fields in which two rows differ (chain fields that depend on the key aside), in the
/// first row's order, then the second's.
pub fn differing_fields(a: &ArlRow, b: &ArlRow) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (k, v) in a.fields.iter() {
        if !KEYED.contains(&k.as_str()) && b.fields.get(k) != Some(v) {
            out.push(k.clone());
        }
    }
    for (k, _) in b.fields.iter() {
        if !KEYED.contains(&k.as_str()) && a.fields.get(k).is_none() {
            out.push(k.clone());
        }
    }
    out
}

/// Why a log cannot be replayed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplayError {
    /// The log has no header (a reference incident file, for instance).
    NoHeader,
    /// The header's scenario or run specification is refused by this engine.
    Refused(Said),
    /// Knobs of the header were redacted (they held personal data), so the header does not
    /// hold the whole run specification.
    Redacted(Vec<String>),
}

impl ReplayError {
    /// Why the log cannot be replayed, in both languages.
    pub fn said(&self) -> Said {
        match self {
            ReplayError::NoHeader => Said::new(
                "the log has no header line, so it names no run to replay (incident files of a batch cannot be replayed alone; verify them instead)",
                "ログにヘッダー行がないため、再実行する実行が分かりません(バッチのインシデントファイルは単独では再実行できません。検証してください)",
            ),
            ReplayError::Refused(why) => Said::new(
                format!("the header's run cannot be replayed: {}", why.en),
                format!("ヘッダーの実行を再実行できません: {}", why.ja),
            ),
            ReplayError::Redacted(knobs) => {
                let names = knobs.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
                Said::new(
                    format!(
                        "the log cannot be replayed on its own: the header's {names}{} redacted because it held personal data; replay the run from its share link instead",
                        if knobs.len() == 1 { " knob was" } else { " knobs were" }
                    ),
                    format!(
                        "このログは単独では再実行できません: ヘッダーのノブ {names} は個人情報を含むため伏せられています。共有リンクから再実行してください"
                    ),
                )
            }
        }
    }
}

impl core::fmt::Display for ReplayError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.said().en)
    }
}

/// Opens the run a request asks for in `scenario` and shows its rows up to the first
/// decision it has no choice for, or its end.
pub fn run_request(
    scenario: &ScenarioInfo,
    req: &RunRequest,
) -> Result<Box<dyn ScenarioRun>, Said> {
    let mut run = (scenario.open)(req).map_err(|e| e.said())?;
    while run.advance() == Advance::Row {}
    Ok(run)
}

/// The log of a run, read back as the desk reads files.
pub fn log_of(run: &dyn ScenarioRun) -> Result<Log, crate::face::LogError> {
    let text = run.to_jsonl()?;
    import(text.as_bytes()).map_err(crate::face::LogError::Unreadable)
}

/// How a run stands at the end of its log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Standing {
    /// The run's state (`CONTRACT_EFFECTIVE`, `PAUSE_FOR_HITL_FINALIZE`, ...), or for a log
    /// without a header, its last row's decision.
    pub state: String,
    /// Whether it is sealed.
    pub sealed: bool,
    /// The decisive row's reason code (the pending decision's, for a waiting run).
    pub reason: String,
    /// Whether the state comes from replaying the header (else from the last row).
    pub replayed: bool,
}

impl Standing {
    /// How `run` stands now.
    pub fn of_run(run: &dyn ScenarioRun) -> Standing {
        let (sealed, reason) = match (run.end(), run.pending()) {
            (Some(end), _) => (end.sealed, end.reason),
            (None, Some(p)) => (run.sealed(), p.reason),
            (None, None) => (run.sealed(), ""),
        };
        Standing {
            state: run.state().to_string(),
            sealed,
            reason: reason.to_string(),
            replayed: true,
        }
    }

    /// How a log stands: its header's run replayed, else its last row.
    pub fn of_log(log: &Log) -> Standing {
        if let Some(run) = replay_run(log).ok().flatten() {
            return Standing::of_run(&*run);
        }
        let last = log.rows.last().map(RowText::of);
        Standing {
            state: last.as_ref().map_or_else(String::new, |r| r.decision.clone()),
            sealed: last.as_ref().is_some_and(|r| r.sealed),
            reason: last.map_or_else(String::new, |r| r.reason),
            replayed: false,
        }
    }
}

fn replay_run(log: &Log) -> Result<Option<Box<dyn ScenarioRun>>, ReplayError> {
    let Some(h) = &log.header else { return Ok(None) };
    if !h.redacted.is_empty() {
        return Err(ReplayError::Redacted(h.redacted.clone()));
    }
    let info = crate::scenario::find(&h.scenario).map_err(|e| ReplayError::Refused(e.said()))?;
    run_request(info, &h.request).map(Some).map_err(ReplayError::Refused)
}

/// What a replay found.
#[derive(Clone, Debug, PartialEq)]
pub struct Replay {
    /// The engine that wrote the log.
    pub recorded_engine: String,
    /// This engine.
    pub engine: &'static str,
    /// The replayed run's log.
    pub replayed: Log,
    /// The first row (index) where the logs differ, if they do.
    pub divergence: Option<Divergence>,
}

/// The first row where a replay differs from its log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Divergence {
    /// The row's index, from 0.
    pub index: usize,
    /// The recorded row, if the log has one there.
    pub recorded: Option<RowText>,
    /// The replayed row, if the replay has one there.
    pub replayed: Option<RowText>,
    /// The fields that differ (empty when one side has no row).
    pub fields: Vec<String>,
}

impl Replay {
    /// Whether the replay reproduced the log exactly (rows and count).
    pub fn reproduced(&self) -> bool {
        self.divergence.is_none()
    }

    /// Whether the log was written by another engine version.
    pub fn engine_differs(&self) -> bool {
        self.recorded_engine != self.engine
    }

    /// The verdict for a user.
    pub fn message(&self) -> String {
        self.said().en
    }

    /// The verdict for a user, in both languages.
    pub fn said(&self) -> Said {
        let (engine_en, engine_ja) = if self.engine_differs() {
            (
                format!(
                    " (engine version mismatch: the log was written by engine {}, this is engine {})",
                    self.recorded_engine, self.engine
                ),
                format!(
                    "(エンジンのバージョンが異なります: ログはエンジン {} で書かれ、これはエンジン {} です)",
                    self.recorded_engine, self.engine
                ),
            )
        } else {
            (String::new(), String::new())
        };
        match &self.divergence {
            None => {
                let n = self.replayed.rows.len();
                Said::new(
                    format!("reproduced exactly: {n} rows{engine_en}"),
                    format!("完全に再現しました: {n} 行{engine_ja}"),
                )
            }
            Some(d) => {
                let side = |r: &Option<RowText>| {
                    r.as_ref().map_or_else(|| "(no row)".to_string(), RowText::summary)
                };
                let side_ja = |r: &Option<RowText>| {
                    r.as_ref().map_or_else(|| "(行なし)".to_string(), RowText::summary)
                };
                let (fields_en, fields_ja) = if d.fields.is_empty() {
                    (String::new(), String::new())
                } else {
                    (
                        format!(" in {}", d.fields.join(", ")),
                        format!("({} が異なる)", d.fields.join(", ")),
                    )
                };
                let row = d.index + 1;
                Said::new(
                    format!(
                        "diverged at row {row}{fields_en}{engine_en}: recorded {}; replayed {}",
                        side(&d.recorded),
                        side(&d.replayed)
                    ),
                    format!(
                        "行 {row} で分岐しました{fields_ja}{engine_ja}: 記録 {}、再実行 {}",
                        side_ja(&d.recorded),
                        side_ja(&d.replayed)
                    ),
                )
            }
        }
    }
}

/// Re-runs the run a log's header specifies and compares the two logs row by row (the key's
/// own fields aside, so a log signed with another key replays too).
pub fn replay(log: &Log) -> Result<Replay, ReplayError> {
    let run = replay_run(log)?.ok_or(ReplayError::NoHeader)?;
    let replayed = log_of(&*run).map_err(|e| ReplayError::Refused(e.said()))?;
    let n = log.rows.len().max(replayed.rows.len());
    let divergence = (0..n).find_map(|index| {
        let (a, b) = (log.rows.get(index), replayed.rows.get(index));
        let fields = match (a, b) {
            (Some(a), Some(b)) => differing_fields(a, b),
            _ => Vec::new(),
        };
        let differs = !fields.is_empty() || a.is_none() || b.is_none();
        differs.then(|| Divergence {
            index,
            recorded: a.map(RowText::of),
            replayed: b.map(RowText::of),
            fields,
        })
    });
    let recorded_engine = log.header.as_ref().map(|h| h.engine_version.clone()).unwrap_or_default();
    Ok(Replay { recorded_engine, engine: crate::ENGINE_VERSION, replayed, divergence })
}

/// One line of a comparison: a row of each log aligned by gate, or a row only one has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    /// The row of the first log.
    pub a: Option<usize>,
    /// The row of the second log.
    pub b: Option<usize>,
    /// The fields that differ when both have a row.
    pub fields: Vec<String>,
}

impl Pair {
    /// Whether both logs have this row, identical.
    pub fn same(&self) -> bool {
        self.a.is_some() && self.b.is_some() && self.fields.is_empty()
    }
}

/// The first HITL choice in which two runs differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChoiceDifference {
    /// Its position among the choices, from 0.
    pub index: usize,
    /// The first run's choice there, if it made one.
    pub a: Option<String>,
    /// The second run's.
    pub b: Option<String>,
}

/// A comparison of two logs.
#[derive(Clone, Debug, PartialEq)]
pub struct Diff {
    /// The rows aligned by gate.
    pub pairs: Vec<Pair>,
    /// The first pair that is not the same row in both, if any.
    pub first: Option<usize>,
    /// How each run stands.
    pub standing: (Standing, Standing),
    /// The first HITL choice that differs, when both logs have headers.
    pub choice: Option<ChoiceDifference>,
    /// Whether the two headers name different run specifications other than choices.
    pub spec_differs: Vec<String>,
}

impl Diff {
    /// Whether the two logs hold the same rows.
    pub fn identical(&self) -> bool {
        self.first.is_none()
    }

    /// The summary for a user.
    pub fn summary(&self, a: &Log, b: &Log) -> Vec<String> {
        self.said(a, b).into_iter().map(|s| s.en).collect()
    }

    /// The summary for a user, in both languages, one message per line.
    pub fn said(&self, a: &Log, b: &Log) -> Vec<Said> {
        let mut out = Vec::new();
        let stand = |s: &Standing| {
            format!("{} ({}{})", s.state, s.reason, if s.sealed { ", sealed" } else { "" })
        };
        let stand_ja = |s: &Standing| {
            format!("{}({}{})", s.state, s.reason, if s.sealed { "、封印" } else { "" })
        };
        match self.first.and_then(|i| self.pairs.get(i)) {
            None => {
                let n = a.rows.len();
                out.push(Said::new(format!("identical: {n} rows"), format!("同一: {n} 行")));
            }
            Some(p) => {
                let side = |log: &Log, i: Option<usize>, none: &str| {
                    i.and_then(|i| log.rows.get(i))
                        .map_or_else(|| none.to_string(), |r| RowText::of(r).summary())
                };
                let row = p.a.or(p.b).map(|i| i + 1);
                let (at_en, at_ja) = row.map_or((String::new(), String::new()), |r| {
                    (format!("row {r}"), format!("行 {r}"))
                });
                out.push(Said::new(
                    format!(
                        "first divergence at {at_en}: A {}; B {}",
                        side(a, p.a, "(no row)"),
                        side(b, p.b, "(no row)")
                    ),
                    format!(
                        "最初の分岐は{at_ja}: A {}、B {}",
                        side(a, p.a, "(行なし)"),
                        side(b, p.b, "(行なし)")
                    ),
                ));
            }
        }
        let (sa, sb) = (&self.standing.0, &self.standing.1);
        out.push(Said::new(format!("A ends {}", stand(sa)), format!("A の結末: {}", stand_ja(sa))));
        out.push(Said::new(format!("B ends {}", stand(sb)), format!("B の結末: {}", stand_ja(sb))));
        if let Some(c) = &self.choice {
            let show = |c: &Option<String>, none: &str| c.clone().unwrap_or_else(|| none.into());
            let i = c.index + 1;
            out.push(Said::new(
                format!(
                    "HITL choice {i} differs: A {}, B {}",
                    show(&c.a, "(none)"),
                    show(&c.b, "(none)")
                ),
                format!(
                    "HITL の選択 {i} が異なります: A {}、B {}",
                    show(&c.a, "(なし)"),
                    show(&c.b, "(なし)")
                ),
            ));
        }
        if !self.spec_differs.is_empty() {
            let list = self.spec_differs.join(", ");
            out.push(Said::new(
                format!("the runs also differ in: {list}"),
                format!("実行はほかにも異なります: {list}"),
            ));
        }
        out
    }
}

/// Above this many row pairs, rows are aligned by position instead of by gate.
const MAX_ALIGN_CELLS: usize = 4_000_000;

/// Compares two logs: rows aligned by gate (the longest common sequence of layers), the
/// fields that differ, the first divergence, how each run stands and which choice differs.
pub fn diff(a: &Log, b: &Log) -> Diff {
    let pairs = align(&a.rows, &b.rows);
    let first = pairs.iter().position(|p| !p.same());
    let choice = match (&a.header, &b.header) {
        (Some(ha), Some(hb)) => {
            let (ca, cb) = (&ha.request.choices, &hb.request.choices);
            (0..ca.len().max(cb.len())).find(|i| ca.get(*i) != cb.get(*i)).map(|index| {
                ChoiceDifference { index, a: ca.get(index).cloned(), b: cb.get(index).cloned() }
            })
        }
        _ => None,
    };
    let mut spec_differs = Vec::new();
    if let (Some(ha), Some(hb)) = (&a.header, &b.header) {
        if ha.scenario != hb.scenario {
            spec_differs.push("scenario".to_string());
        }
        if ha.request.seed != hb.request.seed {
            spec_differs.push("seed".to_string());
        }
        if ha.request.rng != hb.request.rng {
            spec_differs.push("rng".to_string());
        }
        let (ka, kb) = (&ha.request.knobs, &hb.request.knobs);
        let value = |list: &[(String, String)], k: &str| {
            list.iter().find(|(name, _)| name == k).map(|(_, v)| v.clone())
        };
        for (k, _) in ka.iter().chain(kb.iter().filter(|(k, _)| value(ka, k).is_none())) {
            if value(ka, k) != value(kb, k) {
                spec_differs.push(format!("knob {k}"));
            }
        }
    }
    Diff {
        pairs,
        first,
        standing: (Standing::of_log(a), Standing::of_log(b)),
        choice,
        spec_differs,
    }
}

fn layer(row: &ArlRow) -> &str {
    row.fields.get("layer").and_then(Value::as_str).unwrap_or("")
}

fn pair(a: &[ArlRow], b: &[ArlRow], i: Option<usize>, j: Option<usize>) -> Pair {
    let fields = match (i.and_then(|i| a.get(i)), j.and_then(|j| b.get(j))) {
        (Some(x), Some(y)) => differing_fields(x, y),
        _ => Vec::new(),
    };
    Pair { a: i, b: j, fields }
}

fn align(a: &[ArlRow], b: &[ArlRow]) -> Vec<Pair> {
    let (n, m) = (a.len(), b.len());
    if (n + 1).saturating_mul(m + 1) > MAX_ALIGN_CELLS {
        return (0..n.max(m))
            .map(|k| pair(a, b, (k < n).then_some(k), (k < m).then_some(k)))
            .collect();
    }
    // lcs[i][j]: the longest common sequence of layers of a[i..] and b[j..].
    let w = m + 1;
    let mut lcs = vec![0u32; (n + 1) * w];
    let at = |t: &[u32], i: usize, j: usize| t.get(i * w + j).copied().unwrap_or(0);
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let v = match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) if layer(x) == layer(y) => at(&lcs, i + 1, j + 1) + 1,
                _ => at(&lcs, i + 1, j).max(at(&lcs, i, j + 1)),
            };
            if let Some(cell) = lcs.get_mut(i * w + j) {
                *cell = v;
            }
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(n.max(m));
    while i < n || j < m {
        let same_gate = matches!((a.get(i), b.get(j)), (Some(x), Some(y)) if layer(x) == layer(y));
        if same_gate {
            out.push(pair(a, b, Some(i), Some(j)));
            i += 1;
            j += 1;
        } else if j >= m || (i < n && at(&lcs, i + 1, j) >= at(&lcs, i, j + 1)) {
            out.push(pair(a, b, Some(i), None));
            i += 1;
        } else {
            out.push(pair(a, b, None, Some(j)));
            j += 1;
        }
    }
    out
}

/// The query of a share link pasted whole (`https://host/path/?v=1&...#x`) or as a query.
pub fn link_query(text: &str) -> &str {
    let text = text.trim();
    let query = text.split_once('?').map_or(text, |(_, q)| q);
    query.split_once('#').map_or(query, |(q, _)| q)
}

/// The log of the run a share link opens (up to its first open decision, or its end).
pub fn log_of_link(text: &str) -> Result<(Log, Box<dyn ScenarioRun>), Said> {
    let (info, req) = decode_request(link_query(text)).map_err(|e: LinkError| e.said())?;
    // A scenario's own refusal is in English in both (its messages are not translated yet).
    let run = run_request(info, &req)?;
    let log = log_of(&*run).map_err(|e| e.said())?;
    Ok((log, run))
}

/// The audit desk page's query that compares two runs given by their links (or queries):
/// `a=<link>&b=<link>`, each percent-encoded.
pub fn compare_query(a: &str, b: &str) -> String {
    let mut out = String::from("a=");
    crate::link::encode(a, &mut out);
    out.push_str("&b=");
    crate::link::encode(b, &mut out);
    out
}

/// The two links of a desk query made by [`compare_query`] (other fields, such as `lang`, are
/// ignored); `None` when the query asks for no comparison.
pub fn compare_links(query: &str) -> Option<Result<(String, String), LinkError>> {
    let (mut a, mut b) = (None, None);
    for part in query.trim_start_matches(['?', '#']).split('&') {
        let (slot, value) = match part.split_once('=') {
            Some(("a", v)) => (&mut a, v),
            Some(("b", v)) => (&mut b, v),
            _ => continue,
        };
        *slot = Some(crate::link::decode(value));
    }
    match (a, b) {
        (None, None) => None,
        (Some(Ok(a)), Some(Ok(b))) => Some(Ok((a, b))),
        (Some(Err(e)), _) | (_, Some(Err(e))) => Some(Err(e)),
        _ => Some(Err(LinkError::Malformed("a comparison needs two links, `a` and `b`".into()))),
    }
}

/// The share link of the run that makes the other choice `token` at decision `index` of
/// `req` (the choices before it kept, none after).
pub fn what_if(scenario: &str, req: &RunRequest, index: usize, token: &str) -> String {
    let mut alt = req.clone();
    alt.choices.truncate(index);
    alt.choices.push(token.to_string());
    encode_request(scenario, &alt)
}

/// Changes one field of one row of a log's bytes, as a student would in a text editor (the
/// desk's lesson on tampering): row `row` (from 1, as the desk counts), field `field` set to
/// `value` (a JSON number, `true`, `false` or `null` when it reads as one, else text). The
/// row's line keeps its key order; every other byte stays as it was. The result is meant to
/// fail verification, which names the changed row.
pub fn tamper(bytes: &[u8], row: usize, field: &str, value: &str) -> Result<Vec<u8>, Said> {
    let log = import(bytes).map_err(|e| e.said())?;
    let total = log.rows.len();
    let Some(target) = row.checked_sub(1).and_then(|i| log.rows.get(i)) else {
        return Err(Said::new(
            format!("row {row} is not in the log (it has rows 1 to {total})"),
            format!("行 {row} はログにありません(行は 1 から {total} まで)"),
        ));
    };
    if field.trim().is_empty() {
        return Err(Said::new("name the field to change", "変更する項目を指定してください"));
    }
    let text = core::str::from_utf8(bytes).map_err(|_| {
        Said::new("the log is not UTF-8 text", "ログが UTF-8 のテキストではありません")
    })?;
    let value = match serde_json::from_str::<Value>(value.trim()) {
        Ok(v @ (Value::Number(_) | Value::Bool(_) | Value::Null)) => v,
        _ => Value::String(value.to_string()),
    };
    let mut fields = target.fields.clone();
    match fields.0.iter_mut().find(|(k, _)| k == field) {
        Some(slot) => slot.1 = value,
        None => fields.insert(field, value),
    }
    let changed = crate::json::line(&fields).map_err(|e| {
        Said::new(
            format!("the value is not a finite number: {}", e.0),
            format!("値が有限の数ではありません: {}", e.0),
        )
    })?;
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i + 1 == target.line {
            out.push_str(&changed);
            if line.ends_with('\n') {
                out.push('\n');
            }
        } else {
            out.push_str(line);
        }
    }
    Ok(out.into_bytes())
}
