//! Share links: a run specification as a URL query, and back.
//!
//! The link carries the run specification and nothing else (no rows): format version,
//! scenario, seed, generator, every knob that differs from its default, the HITL choices made
//! so far, and a checksum over all of them:
//!
//! `v=1&s=emergency-contract&seed=7&rng=chacha&k.initial_trust=0.95&c=auth:approve&h=3f2a…`
//!
//! Decoding is two-stage, as a command line is parsed: [`RawLink::parse`] splits the query
//! into fields (and refuses what is not a link at all), then [`RawLink::resolve_request`] validates
//! every field through the same knob validation the CLI uses and yields a [`RunRequest`].
//! Every refusal is a [`LinkError`] whose message says what was wrong with the link.
//!
//! A few fields are for the page, not the run, and stay outside the checksum
//! ([`PAGE_FIELDS`]): `lang` (the interface language), `row` (the row a lesson points at, from
//! 1), `view` (which view of the site shows the run), the audit desk's comparison, `a` and `b`,
//! `teacher=0`, which hides the lessons' answers for the teacher (a link for students),
//! `embed=1`, the bench alone for a frame in a course page, and the controls a teacher fixes
//! or removes for a class: `lock=seed,knobs,scenario,rng`, `hide=batch,knobs,rng,desk,teacher`
//! and `present=1` (the projector).

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use sha2::{Digest, Sha256};

use crate::chain::hex;
use crate::face::RunRequest;
use crate::rng::RngKind;
use crate::scenario::ScenarioInfo;

/// The link format version this engine writes and reads.
pub const LINK_VERSION: u64 = 1;

/// The longest link accepted, in bytes: room for the longest free-text knob (2,000 characters
/// of four UTF-8 bytes each, percent-encoded) with the rest of a specification.
pub const MAX_LINK_LEN: usize = 32_768;

/// The fields a link may carry for the page rather than the run (outside the checksum).
pub const PAGE_FIELDS: &[&str] =
    &["lang", "row", "view", "a", "b", "teacher", "embed", "lock", "hide", "present"];

/// The fields of the run itself (besides the knobs, `k.<name>`).
const RUN_FIELDS: &[&str] = &["v", "s", "seed", "rng", "c", "h"];

/// The most HITL choices a link may carry.
pub const MAX_CHOICES: usize = 64;

/// What was wrong with a link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// Longer than [`MAX_LINK_LEN`].
    TooLong(usize),
    /// A field is not `name=value`, or is not valid percent-encoding or UTF-8.
    Malformed(String),
    /// A field appears twice.
    Repeated(String),
    /// A field the format does not know.
    UnknownField(String),
    /// A required field is missing.
    Missing(&'static str),
    /// From a newer (or unknown) format version.
    Version(String),
    /// A value is refused; the message says which and why, in both languages.
    Invalid(crate::say::Said),
    /// The scenario refused the link's run: a knob (named in the error) or a choice.
    Refused(crate::face::RequestError),
    /// The checksum does not match the other fields: the link was changed after it was made.
    Tampered,
}

impl LinkError {
    /// What was wrong, in both languages (a refused value's own detail is the scenario's).
    pub fn said(&self) -> crate::say::Said {
        use crate::say::Said;
        match self {
            LinkError::TooLong(n) => Said::new(
                format!("the link is {n} bytes long; the limit is {MAX_LINK_LEN}"),
                format!("リンクが {n} バイトあり、上限の {MAX_LINK_LEN} バイトを超えています"),
            ),
            LinkError::Malformed(what) => Said::new(
                format!("the link is malformed: {what}"),
                format!("リンクの形式が正しくありません: {what}"),
            ),
            LinkError::Repeated(name) => Said::new(
                format!("the link sets `{name}` twice"),
                format!("リンクが `{name}` を 2 回指定しています"),
            ),
            LinkError::UnknownField(name) => Said::new(
                format!("the link has an unknown field `{name}`"),
                format!("リンクに未知の項目 `{name}` があります"),
            ),
            LinkError::Missing(name) => Said::new(
                format!("the link has no `{name}` field"),
                format!("リンクに `{name}` 項目がありません"),
            ),
            LinkError::Version(v) => Said::new(
                format!(
                    "the link is format version `{v}`; this bench reads version {LINK_VERSION}"
                ),
                format!(
                    "リンクの形式バージョンは `{v}` です。このベンチが読めるのはバージョン {LINK_VERSION} です"
                ),
            ),
            LinkError::Invalid(why) => Said::new(
                format!("the link is invalid: {}", why.en),
                format!("リンクの値が無効です: {}", why.ja),
            ),
            LinkError::Refused(e) => {
                let why = e.said();
                Said::new(
                    format!("the link is invalid: {}", why.en),
                    format!("リンクの値が無効です: {}", why.ja),
                )
            }
            LinkError::Tampered => Said::new(
                "the link was changed after it was made (its checksum does not match)",
                "リンクは作成後に変更されています(チェックサムが一致しません)",
            ),
        }
    }
}

impl core::fmt::Display for LinkError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.said().en)
    }
}

/// A link split into its fields, not yet validated.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RawLink {
    fields: Vec<(String, String)>,
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

pub(crate) fn decode(part: &str) -> Result<String, LinkError> {
    let mut out = Vec::with_capacity(part.len());
    let mut bytes = part.bytes();
    while let Some(b) = bytes.next() {
        match b {
            b'%' => {
                let hi = bytes.next().and_then(hex_val);
                let lo = bytes.next().and_then(hex_val);
                match (hi, lo) {
                    (Some(h), Some(l)) => out.push(h << 4 | l),
                    _ => {
                        return Err(LinkError::Malformed(format!(
                            "bad percent-escape in `{part}`"
                        )));
                    }
                }
            }
            b'+' => out.push(b' '),
            other => out.push(other),
        }
    }
    String::from_utf8(out).map_err(|_| LinkError::Malformed(format!("`{part}` is not UTF-8")))
}

pub(crate) fn encode(text: &str, out: &mut String) {
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b':' | b',') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

impl RawLink {
    /// Splits a query (with or without a leading `?` or `#`) into fields.
    pub fn parse(query: &str) -> Result<Self, LinkError> {
        if query.len() > MAX_LINK_LEN {
            return Err(LinkError::TooLong(query.len()));
        }
        let query = query.trim_start_matches(['?', '#']);
        let mut fields: Vec<(String, String)> = Vec::new();
        for part in query.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = part
                .split_once('=')
                .ok_or_else(|| LinkError::Malformed(format!("`{part}` is not name=value")))?;
            let (name, value) = (decode(name)?, decode(value)?);
            if fields.iter().any(|(n, _)| *n == name) {
                return Err(LinkError::Repeated(name));
            }
            fields.push((name, value));
        }
        Ok(RawLink { fields })
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// Whether the query holds no field at all (no link was given).
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// Whether the query holds any field besides the page's own ([`PAGE_FIELDS`]): a query
    /// of page fields alone (`?view=desk&lang=ja`) names no run.
    pub fn has_run(&self) -> bool {
        self.fields.iter().any(|(n, _)| !PAGE_FIELDS.contains(&n.as_str()))
    }

    /// The view the link asks for (`view`), if any; not part of the run.
    pub fn view(&self) -> Option<&str> {
        self.get("view")
    }

    /// The interface language the link asks for (`lang`), if any; not part of the run.
    pub fn lang(&self) -> Option<&str> {
        self.get("lang")
    }

    /// Whether the page may show the lessons' answers for the teacher (`teacher=0` says no: a
    /// link handed to students); not part of the run.
    pub fn teacher(&self) -> bool {
        self.get("teacher") != Some("0")
    }

    /// Whether the page shows the bench alone, for a frame in a course page (`embed=1`: no
    /// header, catalogue or footer, no browser storage); not part of the run.
    pub fn embed(&self) -> bool {
        self.get("embed") == Some("1")
    }

    /// The comma-separated names of page field `name` (`lock`, `hide`), in order, without
    /// empty ones; not part of the run (the page says which names it knows).
    pub fn names(&self, name: &str) -> Vec<&str> {
        self.get(name).map_or_else(Vec::new, |v| v.split(',').filter(|n| !n.is_empty()).collect())
    }

    /// Whether the page is shown for a projector (`present=1`); not part of the run.
    pub fn present(&self) -> bool {
        self.get("present") == Some("1")
    }

    /// The row a lesson points at (`row`, from 1), if any; not part of the run.
    pub fn row(&self) -> Result<Option<usize>, LinkError> {
        match self.get("row") {
            None => Ok(None),
            Some(text) => match text.parse::<usize>() {
                Ok(n) if n >= 1 => Ok(Some(n)),
                _ => Err(LinkError::Invalid(crate::say::Said::new(
                    format!("row `{text}` is not a row number from 1"),
                    format!("row `{text}` は 1 から数えた行番号ではありません"),
                ))),
            },
        }
    }

    /// Validates the fields into a scenario and a run request (the scenario validates the
    /// knobs and choices).
    pub fn resolve_request(&self) -> Result<(&'static ScenarioInfo, RunRequest), LinkError> {
        for (name, _) in &self.fields {
            let known = RUN_FIELDS.contains(&name.as_str())
                || PAGE_FIELDS.contains(&name.as_str())
                || name.starts_with("k.");
            if !known {
                return Err(LinkError::UnknownField(name.clone()));
            }
        }
        let version = self.get("v").ok_or(LinkError::Missing("v"))?;
        if version.parse::<u64>().ok() != Some(LINK_VERSION) {
            return Err(LinkError::Version(version.to_string()));
        }
        let scenario = self.get("s").ok_or(LinkError::Missing("s"))?;
        let info = crate::scenario::find(scenario).map_err(|e| LinkError::Invalid(e.said()))?;
        let seed_text = self.get("seed").ok_or(LinkError::Missing("seed"))?;
        let seed: u64 = seed_text.parse().map_err(|_| {
            LinkError::Invalid(crate::say::Said::new(
                format!("seed `{seed_text}` is not a whole number from 0 to 18446744073709551615"),
                format!(
                    "シード `{seed_text}` は 0 から 18446744073709551615 までの整数ではありません"
                ),
            ))
        })?;
        let rng_text = self.get("rng").unwrap_or("chacha");
        let rng = RngKind::parse(rng_text).ok_or_else(|| {
            LinkError::Invalid(crate::say::Said::new(
                format!("unknown generator `{rng_text}`"),
                format!("未知の生成器 `{rng_text}`"),
            ))
        })?;
        let knobs: Vec<(String, String)> = self
            .fields
            .iter()
            .filter_map(|(n, v)| n.strip_prefix("k.").map(|k| (k.to_string(), v.clone())))
            .collect();
        let choices: Vec<String> = match self.get("c") {
            None | Some("") => Vec::new(),
            Some(list) => list.split(',').map(String::from).collect(),
        };
        if choices.len() > MAX_CHOICES {
            let n = choices.len();
            return Err(LinkError::Invalid(crate::say::Said::new(
                format!("{n} choices; at most {MAX_CHOICES}"),
                format!("選択が {n} 個あります。上限は {MAX_CHOICES} 個です"),
            )));
        }
        let req = RunRequest { seed, rng, knobs, choices };
        (info.open)(&req).map_err(LinkError::Refused)?;
        let expected = checksum(&body(info.id, &req));
        match self.get("h") {
            Some(h) if h == expected => Ok((info, req)),
            Some(_) => Err(LinkError::Tampered),
            None => Err(LinkError::Missing("h")),
        }
    }
}

/// The link's fields without the checksum, in canonical order.
fn body(scenario: &str, req: &RunRequest) -> String {
    let mut out = format!("v={LINK_VERSION}&s=");
    encode(scenario, &mut out);
    out.push_str(&format!("&seed={}&rng={}", req.seed, req.rng.as_str()));
    for (name, value) in &req.knobs {
        out.push_str("&k.");
        encode(name, &mut out);
        out.push('=');
        encode(value, &mut out);
    }
    if !req.choices.is_empty() {
        out.push_str("&c=");
        out.push_str(&req.choices.join(","));
    }
    out
}

fn checksum(body: &str) -> String {
    hex(&Sha256::digest(body.as_bytes())).get(..12).unwrap_or("").to_string()
}

/// The query of a share link for `req` in `scenario` (without `?`). A user's key never goes
/// into a link: a linked run is signed with the demo key.
pub fn encode_request(scenario: &str, req: &RunRequest) -> String {
    let body = body(scenario, req);
    let h = checksum(&body);
    format!("{body}&h={h}")
}

/// Decodes a share link's query into its scenario and run request.
pub fn decode_request(query: &str) -> Result<(&'static ScenarioInfo, RunRequest), LinkError> {
    RawLink::parse(query)?.resolve_request()
}
