//! The HMAC-SHA256 hash chain of persisted rows, its verifier, and the ARL file reader.
//!
//! `row_hash = hex(HMAC-SHA256(key, prev_hash + "\n" + canonical_json(body)))`, where `body`
//! is the persisted row without the chain fields; the genesis `prev_hash` is 64 zeros.
//! This is byte-compatible with the reference bench: its incident files verify here, and
//! re-signing their bodies gives their exact `row_hash` values.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

use crate::arl::CHAIN_FIELDS;
use crate::json::{NonFiniteFloat, Object, canonical};

type HmacSha256 = Hmac<Sha256>;

/// The `prev_hash` of a chain's first row.
pub const GENESIS_PREV_HASH: &str =
    "0000000000000000000000000000000000000000000000000000000000000000";

/// The reference's demo key bytes (key id `demo`).
pub const DEMO_KEY: &[u8] = b"DEMO_KEY_DO_NOT_USE_IN_PROD";

/// Where a chain key comes from, as the reference's `--key-mode` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyMode {
    /// The demo key.
    Demo,
    /// A key file's raw bytes.
    File,
    /// An environment variable's UTF-8 bytes.
    Env,
}

impl KeyMode {
    /// Parses a mode name, trimmed and lower-cased as the reference does.
    pub fn parse(name: &str) -> Result<KeyMode, KeyError> {
        match name.trim().to_ascii_lowercase().as_str() {
            "demo" => Ok(KeyMode::Demo),
            "file" => Ok(KeyMode::File),
            "env" => Ok(KeyMode::Env),
            _ => Err(KeyError::UnknownMode(name.to_string())),
        }
    }
}

/// Why a key could not be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyError {
    /// The mode is not `demo`, `file` or `env`.
    UnknownMode(String),
    /// The key material is empty.
    Empty {
        /// Where it came from (`file:k.bin`, `env:ARL_KEY`).
        key_id: String,
    },
}

impl core::fmt::Display for KeyError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            KeyError::UnknownMode(m) => {
                write!(f, "unknown key mode `{m}` (expected `demo`, `file` or `env`)")
            }
            KeyError::Empty { key_id } => write!(f, "key `{key_id}` is empty"),
        }
    }
}

impl KeyError {
    /// What is wrong, in both languages.
    pub fn said(&self) -> crate::say::Said {
        match self {
            KeyError::UnknownMode(m) => crate::say::Said::new(
                self.to_string(),
                format!("鍵のモード `{m}` はありません(`demo`、`file`、`env` のいずれか)"),
            ),
            KeyError::Empty { key_id } => {
                crate::say::Said::new(self.to_string(), format!("鍵 `{key_id}` が空です"))
            }
        }
    }
}

/// An HMAC key with the id written into every row it signs.
#[derive(Clone, PartialEq, Eq)]
pub struct ChainKey {
    bytes: Vec<u8>,
    key_id: String,
}

impl core::fmt::Debug for ChainKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Never print key material.
        f.debug_struct("ChainKey").field("key_id", &self.key_id).finish_non_exhaustive()
    }
}

impl ChainKey {
    /// The demo key, id `demo`.
    pub fn demo() -> Self {
        ChainKey { bytes: DEMO_KEY.to_vec(), key_id: "demo".to_string() }
    }

    /// A key read from a file: its raw bytes, id `file:<file name>`.
    pub fn from_file(file_name: &str, bytes: Vec<u8>) -> Result<Self, KeyError> {
        Self::custom(format!("file:{file_name}"), bytes)
    }

    /// A key read from an environment variable: its UTF-8 bytes, id `env:<VARIABLE>`.
    pub fn from_env(variable: &str, value: &str) -> Result<Self, KeyError> {
        Self::custom(format!("env:{variable}"), value.as_bytes().to_vec())
    }

    /// A key with any id (a key a user typed, for instance); empty keys are refused.
    pub fn custom(key_id: String, bytes: Vec<u8>) -> Result<Self, KeyError> {
        if bytes.is_empty() {
            return Err(KeyError::Empty { key_id });
        }
        Ok(ChainKey { bytes, key_id })
    }

    /// The id written into the `key_id` field.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    fn mac(&self, prev_hash: &str, canonical_body: &str) -> HmacSha256 {
        // HMAC accepts keys of any length; the error arm cannot be reached.
        let mut mac = match HmacSha256::new_from_slice(&self.bytes) {
            Ok(mac) => mac,
            Err(_) => HmacSha256::new(&Default::default()),
        };
        mac.update(prev_hash.as_bytes());
        mac.update(b"\n");
        mac.update(canonical_body.as_bytes());
        mac
    }

    /// `hex(HMAC-SHA256(key, prev_hash + "\n" + canonical_body))`.
    pub fn row_hash(&self, prev_hash: &str, canonical_body: &str) -> String {
        hex(&self.mac(prev_hash, canonical_body).finalize().into_bytes())
    }

    /// Whether `row_hash` (hex) is the HMAC of the body, compared in constant time.
    pub fn check(&self, prev_hash: &str, canonical_body: &str, row_hash: &str) -> bool {
        match unhex(row_hash) {
            Some(bytes) => self.mac(prev_hash, canonical_body).verify_slice(&bytes).is_ok(),
            None => false,
        }
    }
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        for nibble in [b >> 4, b & 0xF] {
            out.push(char::from(DIGITS.get(usize::from(nibble)).copied().unwrap_or(b'0')));
        }
    }
    out
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    text.as_bytes()
        .chunks(2)
        .map(|pair| u8::from_str_radix(core::str::from_utf8(pair).ok()?, 16).ok())
        .collect()
}

/// Appends rows to one chain.
#[derive(Clone, Debug)]
pub struct ChainWriter {
    key: ChainKey,
    chain_id: String,
    prev_hash: String,
}

impl ChainWriter {
    /// A new chain with id `chain_id`, starting at the genesis hash.
    pub fn new(key: ChainKey, chain_id: String) -> Self {
        ChainWriter { key, chain_id, prev_hash: GENESIS_PREV_HASH.to_string() }
    }

    /// Signs `body` (a row without chain fields) and returns the persisted row: the body
    /// followed by `prev_hash`, `row_hash`, `key_id` and `chain_id`.
    pub fn append(&mut self, mut body: Object) -> Result<Object, NonFiniteFloat> {
        for field in CHAIN_FIELDS {
            body.remove(field);
        }
        let row_hash = self.key.row_hash(&self.prev_hash, &canonical(&body)?);
        let prev = core::mem::replace(&mut self.prev_hash, row_hash.clone());
        body.insert("prev_hash", Value::String(prev));
        body.insert("row_hash", Value::String(row_hash));
        body.insert("key_id", Value::String(self.key.key_id.clone()));
        body.insert("chain_id", Value::String(self.chain_id.clone()));
        Ok(body)
    }

    /// The hash the next row will chain to.
    pub fn head(&self) -> &str {
        &self.prev_hash
    }
}

/// How a chain is broken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BreakKind {
    /// The row's `prev_hash` is not the previous row's `row_hash` (or the genesis hash).
    PrevHashMismatch {
        /// What it should be.
        expected: String,
        /// What the row says.
        found: String,
    },
    /// The row's `key_id` or `chain_id` differs from the first row's (the HMAC does not
    /// cover these two fields, so the verifier checks that one chain has one key and one id).
    IdMismatch {
        /// `key_id` or `chain_id`.
        field: &'static str,
        /// The first row's value.
        expected: String,
        /// What this row says.
        found: String,
    },
    /// The row's body cannot be written as canonical JSON, so its HMAC cannot be checked: the
    /// row is broken (a verifier that hashed something else in its place would pass or fail by
    /// accident).
    Uncanonical {
        /// Why, as the canonical writer says it.
        problem: String,
    },
    /// The row's `row_hash` is not the HMAC of its body.
    RowHashMismatch {
        /// The HMAC of the body under the key.
        expected: String,
        /// What the row says.
        found: String,
    },
}

/// The first broken row of a chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainBreak {
    /// The row's index among the chain's rows, from 0.
    pub index: usize,
    /// The row's line in its file, from 1.
    pub line: usize,
    /// What is wrong.
    pub kind: BreakKind,
}

impl ChainBreak {
    /// Where the chain breaks, in both languages: `i=` is the reference's 0-based index; the
    /// row number counts from 1, as every page of the site and every lesson does.
    pub fn said(&self) -> crate::say::Said {
        let what = match self.kind {
            BreakKind::PrevHashMismatch { .. } => "prev_hash",
            BreakKind::RowHashMismatch { .. } | BreakKind::Uncanonical { .. } => "row_hash",
            BreakKind::IdMismatch { field, .. } => field,
        };
        let (i, row, line) = (self.index, self.index + 1, self.line);
        crate::say::Said::new(
            alloc::format!("{what} mismatch at i={i} (row {row}, line {line})"),
            alloc::format!("{what} が一致しません: i={i}(行 {row}、ファイルの {line} 行目)"),
        )
    }
}

impl core::fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.said().en)
    }
}

/// Verifies a chain of rows read by [`read_arl`]; `Ok` holds the number of rows checked.
///
/// Row by row, as the reference does: `prev_hash` must equal the previous `row_hash` (the
/// genesis hash first), and `row_hash` must be the HMAC of the body.
/// Stricter than the reference: every row must carry the first row's `key_id` and `chain_id`,
/// so that no byte of a file can change unnoticed.
pub fn verify(rows: &[ArlRow], key: &ChainKey) -> Result<usize, ChainBreak> {
    let mut expected_prev = GENESIS_PREV_HASH.to_string();
    let mut ids: Option<(String, String)> = None;
    for (index, row) in rows.iter().enumerate() {
        let mut body = row.fields.clone();
        let field = |body: &mut Object, k: &str| match body.remove(k) {
            Some(Value::String(s)) => s,
            _ => String::new(),
        };
        let prev = field(&mut body, "prev_hash");
        let found = field(&mut body, "row_hash");
        let key_id = field(&mut body, "key_id");
        let chain_id = field(&mut body, "chain_id");
        let (first_key, first_chain) =
            ids.get_or_insert_with(|| (key_id.clone(), chain_id.clone()));
        for (name, first, this) in
            [("key_id", &*first_key, key_id), ("chain_id", &*first_chain, chain_id)]
        {
            if *first != this {
                return Err(ChainBreak {
                    index,
                    line: row.line,
                    kind: BreakKind::IdMismatch {
                        field: name,
                        expected: first.clone(),
                        found: this,
                    },
                });
            }
        }
        if prev != expected_prev {
            return Err(ChainBreak {
                index,
                line: row.line,
                kind: BreakKind::PrevHashMismatch { expected: expected_prev, found: prev },
            });
        }
        let canonical_body = canonical(&body).map_err(|e| ChainBreak {
            index,
            line: row.line,
            kind: BreakKind::Uncanonical {
                problem: alloc::format!("a non-finite number ({})", e.0),
            },
        })?;
        if !key.check(&prev, &canonical_body, &found) {
            return Err(ChainBreak {
                index,
                line: row.line,
                kind: BreakKind::RowHashMismatch {
                    expected: key.row_hash(&prev, &canonical_body),
                    found,
                },
            });
        }
        expected_prev = found;
    }
    Ok(rows.len())
}

/// One row of an ARL file, with the line it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct ArlRow {
    /// Its line number, from 1.
    pub line: usize,
    /// Its fields, in the file's order.
    pub fields: Object,
}

/// Why an ARL file cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArlError {
    /// The file holds no row.
    Empty,
    /// A line is not valid UTF-8.
    NotUtf8 {
        /// The line, from 1.
        line: usize,
    },
    /// A line is not JSON.
    NotJson {
        /// The line, from 1.
        line: usize,
        /// The parser's message.
        detail: String,
    },
    /// A line is JSON but not an object.
    NotObject {
        /// The line, from 1.
        line: usize,
    },
    /// A required field is missing.
    MissingField {
        /// The line, from 1.
        line: usize,
        /// The field.
        field: &'static str,
    },
    /// A `record` line (header or digest) out of place, of an unknown kind, or from a newer
    /// format.
    BadRecord {
        /// The line, from 1.
        line: usize,
        /// What is wrong, in both languages.
        problem: crate::say::Said,
    },
    /// A field has the wrong type.
    WrongType {
        /// The line, from 1.
        line: usize,
        /// The field.
        field: &'static str,
        /// The type it must have.
        expected: &'static str,
    },
}

impl core::fmt::Display for ArlError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ArlError::Empty => {
                f.write_str("the file holds no rows (an ARL file has one JSON object per line)")
            }
            ArlError::NotUtf8 { line } => write!(f, "line {line} is not valid UTF-8"),
            ArlError::NotJson { line, detail } => write!(f, "line {line} is not JSON: {detail}"),
            ArlError::NotObject { line } => write!(f, "line {line} is not a JSON object"),
            ArlError::MissingField { line, field } => {
                write!(f, "line {line} has no `{field}` field")
            }
            ArlError::BadRecord { line, problem } => write!(f, "line {line}: {}", problem.en),
            ArlError::WrongType { line, field, expected } => {
                write!(f, "line {line}: field `{field}` must be {expected}")
            }
        }
    }
}

impl ArlError {
    /// Why the file cannot be read, in both languages (the JSON parser's own detail is given
    /// in English only).
    pub fn said(&self) -> crate::say::Said {
        let ja = match self {
            ArlError::Empty => {
                "ファイルに行がありません(ARL ファイルは 1 行に 1 つの JSON オブジェクトです)"
                    .into()
            }
            ArlError::NotUtf8 { line } => format!("{line} 行目は正しい UTF-8 ではありません"),
            ArlError::NotJson { line, .. } => format!("{line} 行目は JSON ではありません"),
            ArlError::NotObject { line } => {
                format!("{line} 行目は JSON オブジェクトではありません")
            }
            ArlError::MissingField { line, field } => {
                format!("{line} 行目に `{field}` フィールドがありません")
            }
            ArlError::BadRecord { line, problem } => format!("{line} 行目: {}", problem.ja),
            ArlError::WrongType { line, field, expected } => {
                let kind = match *expected {
                    "a boolean" => "真偽値",
                    "a number" => "数値",
                    _ => "文字列",
                };
                format!("{line} 行目: フィールド `{field}` は{kind}でなければなりません")
            }
        };
        crate::say::Said::new(alloc::string::ToString::to_string(self), ja)
    }
}

/// Fields every ARL row must carry, and their JSON types.
const REQUIRED: [(&str, &str); 11] = [
    ("run_id", "a string"),
    ("layer", "a string"),
    ("decision", "a string"),
    ("sealed", "a boolean"),
    ("overrideable", "a boolean"),
    ("final_decider", "a string"),
    ("reason_code", "a string"),
    ("prev_hash", "a string"),
    ("row_hash", "a string"),
    ("key_id", "a string"),
    ("chain_id", "a string"),
];

/// The log format version this engine writes and reads.
pub const FORMAT_VERSION: u64 = 1;

/// A digest line: the row count, the chain head and the SHA-256 of every byte before it.
#[derive(Clone, Debug, PartialEq)]
pub struct DigestLine {
    /// Its line, from 1.
    pub line: usize,
    /// Where it starts in the file: the digest covers the bytes before.
    pub offset: usize,
    /// Rows it counts.
    pub rows: u64,
    /// The last row's `row_hash`.
    pub head: String,
    /// SHA-256 (hex) of the bytes before the line.
    pub sha256: String,
}

/// A parsed ARL file: an optional header line, the rows, an optional digest line.
#[derive(Clone, Debug, PartialEq)]
pub struct ArlFile {
    /// The header (`"record": "header"`), if the first line is one.
    pub header: Option<Object>,
    /// The rows.
    pub rows: Vec<ArlRow>,
    /// The digest (`"record": "digest"`), if the last line is one.
    pub digest: Option<DigestLine>,
}

/// A digest line that does not match the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DigestMismatch(pub String);

impl core::fmt::Display for DigestMismatch {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "digest mismatch: {}", self.0)
    }
}

impl ArlFile {
    /// Checks the digest line, if any, against the rows and the bytes the file was read from.
    pub fn check_digest(&self, bytes: &[u8]) -> Result<(), DigestMismatch> {
        let Some(d) = &self.digest else { return Ok(()) };
        if d.rows != self.rows.len() as u64 {
            return Err(DigestMismatch(format!(
                "it counts {} rows, the file has {}",
                d.rows,
                self.rows.len()
            )));
        }
        let head = self.rows.last().and_then(|r| r.fields.get("row_hash")).and_then(Value::as_str);
        if head != Some(d.head.as_str()) {
            return Err(DigestMismatch(format!(
                "its head is not the last row's row_hash (line {})",
                d.line
            )));
        }
        let covered = bytes.get(..d.offset).unwrap_or(bytes);
        let actual = hex(&<Sha256 as sha2::Digest>::digest(covered));
        if actual != d.sha256 {
            return Err(DigestMismatch(format!(
                "the bytes before line {} hash to {actual}, not {}",
                d.line, d.sha256
            )));
        }
        Ok(())
    }
}

/// Reads a JSON Lines ARL file: one object per non-blank line, each with the row and chain
/// fields. Line endings `\n` and `\r\n` are accepted.
pub fn read_arl(bytes: &[u8]) -> Result<Vec<ArlRow>, ArlError> {
    read_arl_file(bytes).map(|f| f.rows)
}

/// Reads an ARL file with its optional header (first line) and digest (last line).
pub fn read_arl_file(bytes: &[u8]) -> Result<ArlFile, ArlError> {
    let mut rows = Vec::new();
    let mut header = None;
    let mut digest: Option<DigestLine> = None;
    let mut offset = 0usize;
    let mut seen_content = false;
    for (i, raw) in bytes.split(|b| *b == b'\n').enumerate() {
        let line = i + 1;
        let start = offset;
        offset += raw.len() + 1;
        let text = core::str::from_utf8(raw).map_err(|_| ArlError::NotUtf8 { line })?;
        let text = text.strip_suffix('\r').unwrap_or(text);
        if text.trim().is_empty() {
            continue;
        }
        if let Some(d) = &digest {
            return Err(ArlError::BadRecord {
                line,
                problem: crate::say::Said::new(
                    format!("nothing may follow the digest line (line {})", d.line),
                    format!("ダイジェスト行({} 行目)のあとには何も置けません", d.line),
                ),
            });
        }
        let value: Value = serde_json::from_str(text)
            .map_err(|e| ArlError::NotJson { line, detail: e.to_string() })?;
        // `serde_json`'s map keeps the file's key order (a repeated key keeps its first
        // position and its last value, as CPython's `json` does).
        let Value::Object(map) = value else { return Err(ArlError::NotObject { line }) };
        let fields = Object(map.into_iter().collect());
        if let Some(record) = fields.get("record") {
            let bad = |en: String, ja: String| ArlError::BadRecord {
                line,
                problem: crate::say::Said::new(en, ja),
            };
            match record.as_str() {
                Some("header") if !seen_content => {
                    let version = fields.get("format_version").and_then(Value::as_u64);
                    match version {
                        Some(v) if v > FORMAT_VERSION => {
                            return Err(bad(
                                format!(
                                    "log format version {v} is newer than this bench reads ({FORMAT_VERSION})"
                                ),
                                format!(
                                    "ログ形式のバージョン {v} は、このベンチが読める版({FORMAT_VERSION})より新しいものです"
                                ),
                            ));
                        }
                        Some(_) => {}
                        None => {
                            return Err(bad(
                                "the header has no `format_version`".into(),
                                "ヘッダーに `format_version` がありません".into(),
                            ));
                        }
                    }
                    header = Some(fields);
                }
                Some("header") => {
                    return Err(bad(
                        "a header must be the first line".into(),
                        "ヘッダーは最初の行でなければなりません".into(),
                    ));
                }
                Some("digest") => {
                    let get = |k: &str| fields.get(k).and_then(Value::as_str).map(String::from);
                    let (Some(rows_n), Some(head), Some(sha256)) =
                        (fields.get("rows").and_then(Value::as_u64), get("head"), get("sha256"))
                    else {
                        return Err(bad(
                            "the digest needs `rows`, `head` and `sha256`".into(),
                            "ダイジェストには `rows`、`head`、`sha256` が要ります".into(),
                        ));
                    };
                    digest = Some(DigestLine { line, offset: start, rows: rows_n, head, sha256 });
                }
                _ => {
                    return Err(bad(
                        format!("unknown record `{record}`"),
                        format!("未知のレコード `{record}`"),
                    ));
                }
            }
            seen_content = true;
            continue;
        }
        seen_content = true;
        for (field, expected) in REQUIRED {
            let ok = match fields.get(field) {
                None => return Err(ArlError::MissingField { line, field }),
                Some(v) if expected == "a boolean" => v.is_boolean(),
                Some(v) => v.is_string(),
            };
            if !ok {
                return Err(ArlError::WrongType { line, field, expected });
            }
        }
        rows.push(ArlRow { line, fields });
    }
    if rows.is_empty() {
        return Err(ArlError::Empty);
    }
    Ok(ArlFile { header, rows, digest })
}
