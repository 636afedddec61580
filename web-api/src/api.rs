//! The engine as a library for any web page or Node script: the scenarios and their knobs, a
//! run to its next decision, a human's answer, the run's log (the bytes `maestro run` prints),
//! and the audit desk's verify, replay, compare and export, and share links.
//!
//! Values cross as plain JavaScript objects (`serde-wasm-bindgen`, JSON-compatible: objects,
//! not `Map`s); a file format (a log, an OTLP export) crosses as its text. Errors are
//! JavaScript `Error`s with the core's message, its Japanese text (`ja`) and a stable `code`
//! ([`Failure`]). Nothing here reaches the network: the core cannot, and this face adds nothing.

use maestro_core::audit::{self, Log, MAX_LOG_BYTES};
use maestro_core::face::{Advance, RunRequest, ScenarioRun};
use maestro_core::rng::RngKind;
use maestro_core::say::Said;
use maestro_core::vocab::Code;
use serde::Serialize;
use serde_json::{Value, json};
use wasm_bindgen::prelude::*;

use crate::Failure;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A scenario of the registry. */
export interface ScenarioInfo {
  id: string; title: string; titleJa: string; theme: string;
  reference: string; version: string; teaches: { en: string; ja: string };
}
/** A knob: its kind decides which of values / min / max it has. */
export interface KnobInfo {
  name: string; kind: "choice" | "number" | "integer" | "flag" | "text";
  values?: string[]; min?: number; max?: number;
  default: string; help: string; helpJa: string;
}
/** What to run: a scenario, a seed and generator, knob values, and the HITL script. */
export interface RunRequest {
  scenario: string; seed?: number; rng?: "chacha" | "cpython-mt" | "sha256-counter";
  knobs?: Record<string, string>; choices?: string[];
}
/** One option of a pending decision. */
export interface DecisionOption { token: string; label: string; consequence: string; consequenceJa: string }
/** Where a run stands: every row so far, and the decision it waits for (or null). */
export interface RunView {
  scenario: string; state: string; sealed: boolean; ended: boolean;
  rows: Record<string, unknown>[];
  pending: { decider: string; layer: string; reason: string; options: DecisionOption[] } | null;
}
/** A verdict of the desk, in both languages. */
export interface Verdict { ok: boolean; message: string; messageJa: string }
export interface VerifyVerdict extends Verdict { rows: number; brokenRow: number | null }
export interface ReplayVerdict extends Verdict { engine: string; recordedEngine: string; divergence: number | null }
export interface CompareVerdict extends Verdict { pairs: number; firstDifference: number | null; summary: string[]; summaryJa: string[] }
/** A new incident file of a batch: its text and its line of incident_index.jsonl, byte for byte what `maestro incidents` writes. */
export interface BatchIncident { incidentId: string; fileName: string; file: string; indexLine: string }
/** Where a batch stands after `advance`: runs done of total, the batch metric (null when not finite), the HITL queue, the new incidents. */
export interface BatchChunk { done: number; total: number; more: boolean; metric: number | null; queue: number; incidents: BatchIncident[] }
/** What a page draws of a batch's result. */
export interface BatchSummary {
  hitl_queue: { counts: { by_state: Record<string, number> | null; by_reason_code_top20: unknown } };
  abnormal_arl_persistence: { abnormal_total: number | null };
}
/** Text in both languages. */
export interface Said { en: string; ja: string }
/** The codebook: the reference's tables (rows of [id, name, en, ja]) and every other scenario's layers and reason codes ([name, en, ja]). */
export interface Codebook {
  version: string; packed: string;
  tables: { key: string; rows: [number, string, string, string][] }[];
  scenarios: { id: string; title: Said; layers: [string, string, string][]; reasons: [string, string, string][] }[];
}
/** A class's logs checked in one go (`maestro report`), with the desk's view and the CSV in both languages. */
export interface ClassReport {
  files: Record<string, unknown>[]; scenarios: Record<string, unknown>[]; groups: number[][];
  reproduced: number; headline: Said;
  view: {
    rows: { cells: string[]; status: string; verdict: Said; why: Said | null; run: string }[];
    charts: { id: string; title: Said; data: [string, number][] }[];
    groups: Said[];
  };
  csv: Said;
}
/** Every refusal: an Error with a stable code and the Japanese message. */
export interface MaestroError extends Error {
  code: "unknown-scenario" | "bad-request" | "bad-knob" | "bad-link" | "bad-choice" | "too-large" | "unreadable" | "no-header" | "not-replayable" | "bad-key" | "not-exportable" | "no-batch" | "bad-runs" | "batch-failed" | "bad-files" | "too-many-files" | "too-long" | "internal";
  ja: string;
}
"#;

fn fail(code: &'static str, message: Said) -> Failure {
    Failure { code, message }
}

pub(crate) fn to_js(value: &Value) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| fail("internal", Said::new(e.to_string(), e.to_string())).into())
}

fn bad_request(en: String, ja: String) -> Failure {
    fail("bad-request", Said::new(en, ja))
}

/// The run request a plain object or a share link (`?v=1&s=...`) asks for.
pub fn parse_request(request: &JsValue) -> Result<(&'static str, RunRequest), Failure> {
    if let Some(text) = request.as_string() {
        let (info, req) = maestro_core::link::decode_request(audit::link_query(&text))
            .map_err(|e| fail("bad-link", e.said()))?;
        return Ok((info.id, req));
    }
    let v: Value = serde_wasm_bindgen::from_value(request.clone()).map_err(|e| {
        bad_request(
            format!("the run request is not an object: {e}"),
            format!("実行の指定がオブジェクトではありません: {e}"),
        )
    })?;
    request_of_value(&v)
}

/// The run request of a plain object `{scenario, seed?, rng?, knobs?, choices?}`.
pub fn request_of_value(v: &Value) -> Result<(&'static str, RunRequest), Failure> {
    let Some(o) = v.as_object() else {
        return Err(bad_request(
            "the run request is not an object".into(),
            "実行の指定がオブジェクトではありません".into(),
        ));
    };
    let known = ["scenario", "seed", "rng", "knobs", "choices"];
    if let Some(k) = o.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(bad_request(
            format!(
                "the run request has no field `{k}` (it has scenario, seed, rng, knobs, choices)"
            ),
            format!(
                "実行の指定に `{k}` という項目はありません(scenario、seed、rng、knobs、choices)"
            ),
        ));
    }
    let id = o.get("scenario").and_then(Value::as_str).unwrap_or("");
    let info = maestro_core::scenario::find(id).map_err(|e| fail("unknown-scenario", e.said()))?;
    let seed = match o.get("seed") {
        None | Some(Value::Null) => 0,
        Some(Value::Number(n)) if n.as_u64().is_some() => n.as_u64().unwrap_or(0),
        Some(Value::String(s)) if s.parse::<u64>().is_ok() => s.parse().unwrap_or(0),
        Some(other) => {
            return Err(bad_request(
                format!("`seed` must be a whole number from 0 to 2^64 − 1, not `{other}`"),
                format!("`seed` は 0 から 2^64 − 1 までの整数です(`{other}` ではなく)"),
            ));
        }
    };
    let rng = match o.get("rng") {
        None | Some(Value::Null) => RngKind::default(),
        Some(Value::String(s)) => RngKind::parse(s).ok_or_else(|| {
            bad_request(
                format!("`rng` is `chacha`, `cpython-mt` or `sha256-counter`, not `{s}`"),
                format!("`rng` は `chacha`、`cpython-mt`、`sha256-counter` のいずれかです(`{s}` ではなく)"),
            )
        })?,
        Some(other) => {
            return Err(bad_request(format!("`rng` must be text, not `{other}`"), format!("`rng` は文字列です(`{other}` ではなく)")));
        }
    };
    let mut knobs = Vec::new();
    match o.get("knobs") {
        None | Some(Value::Null) => {}
        Some(Value::Object(map)) => {
            for (k, value) in map {
                let text = match value {
                    Value::String(s) => s.clone(),
                    Value::Number(_) | Value::Bool(_) => value.to_string(),
                    other => {
                        return Err(bad_request(
                            format!(
                                "knob `{k}` must be text, a number or true/false, not `{other}`"
                            ),
                            format!(
                                "つまみ `{k}` の値は文字列・数・真偽値です(`{other}` ではなく)"
                            ),
                        ));
                    }
                };
                knobs.push((k.clone(), text));
            }
        }
        Some(other) => {
            return Err(bad_request(
                format!("`knobs` must be an object of names and values, not `{other}`"),
                format!("`knobs` は名前と値のオブジェクトです(`{other}` ではなく)"),
            ));
        }
    }
    let choices = match o.get("choices") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(list)) if list.iter().all(Value::is_string) => {
            list.iter().filter_map(|c| c.as_str().map(String::from)).collect()
        }
        Some(other) => {
            return Err(bad_request(
                format!("`choices` must be a list of choice tokens, not `{other}`"),
                format!("`choices` は選択のトークンの配列です(`{other}` ではなく)"),
            ));
        }
    };
    Ok((info.id, RunRequest { seed, rng, knobs, choices }))
}

/// Every registered scenario.
#[wasm_bindgen(unchecked_return_type = "ScenarioInfo[]")]
pub fn scenarios() -> Result<JsValue, JsValue> {
    to_js(&scenarios_value())
}

/// [`scenarios`] as a JSON value.
pub fn scenarios_value() -> Value {
    let list: Vec<Value> = maestro_core::scenario::SCENARIOS
        .iter()
        .map(|s| {
            json!({
                "id": s.id, "title": s.title, "titleJa": s.title_ja, "theme": s.theme.id(),
                "reference": s.reference, "version": s.version,
                "teaches": {"en": s.teaches.0, "ja": s.teaches.1},
            })
        })
        .collect();
    Value::Array(list)
}

/// The knobs of scenario `id`, with their kinds, ranges, defaults and help.
#[wasm_bindgen(unchecked_return_type = "KnobInfo[]")]
pub fn knobs(id: &str) -> Result<JsValue, JsValue> {
    to_js(&knobs_value(id)?)
}

/// [`knobs`] as a JSON value.
pub fn knobs_value(id: &str) -> Result<Value, Failure> {
    let info = maestro_core::scenario::find(id).map_err(|e| fail("unknown-scenario", e.said()))?;
    let mut list = Vec::new();
    for k in info.knobs {
        let mut v = serde_json::to_value(k)
            .map_err(|e| fail("internal", Said::new(e.to_string(), e.to_string())))?;
        if let Some(o) = v.as_object_mut()
            && let Some(ja) = o.remove("help_ja")
        {
            o.insert("helpJa".into(), ja);
        }
        list.push(v);
    }
    Ok(Value::Array(list))
}

/// A run of a scenario, stepped through its decisions.
#[wasm_bindgen]
pub struct Run {
    inner: Box<dyn ScenarioRun>,
    scenario: &'static str,
}

impl Run {
    /// Opens `request` and runs it (and its script) to the next decision or the end.
    pub fn open(scenario: &'static str, request: &RunRequest) -> Result<Run, Failure> {
        let info = maestro_core::scenario::find(scenario)
            .map_err(|e| fail("unknown-scenario", e.said()))?;
        let inner = (info.open)(request).map_err(|e| {
            fail(if e.knob.is_some() { "bad-knob" } else { "bad-request" }, e.said())
        })?;
        let mut run = Run { inner, scenario: info.id };
        run.settle();
        Ok(run)
    }

    fn settle(&mut self) {
        while self.inner.advance() == Advance::Row {}
    }

    /// Where the run stands, as a JSON value.
    pub fn view_value(&self) -> Result<Value, Failure> {
        let text = self.inner.to_jsonl().map_err(|e| fail("internal", e.said()))?;
        let rows: Vec<Value> = text
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter(|v| v.get("record").is_none())
            .take(self.inner.shown())
            .collect();
        let pending = self.inner.pending().map(|p| {
            let options: Vec<Value> = p
                .options
                .iter()
                .map(|o| json!({"token": o.token, "label": o.label, "consequence": o.consequence.0, "consequenceJa": o.consequence.1}))
                .collect();
            json!({"decider": p.decider.as_str(), "layer": p.layer, "reason": p.reason, "options": options})
        });
        Ok(json!({
            "scenario": self.scenario,
            "state": self.inner.state(),
            "sealed": self.inner.sealed(),
            "ended": self.inner.end().is_some(),
            "rows": rows,
            "pending": pending,
        }))
    }

    /// Answers the pending decision with `choice` (one of its options' tokens) and runs on.
    pub fn answer_token(&mut self, choice: &str) -> Result<(), Failure> {
        self.inner.resolve(choice).map_err(|e| fail("bad-choice", e.said()))?;
        self.settle();
        Ok(())
    }

    /// The run's log: the bytes `maestro run` prints for the same request and answers.
    pub fn log_text(&self) -> Result<String, Failure> {
        self.inner.to_jsonl().map_err(|e| fail("internal", e.said()))
    }

    /// The share link (`?v=1&...`) that reproduces the run as it stands.
    pub fn link_text(&self) -> String {
        format!("?{}", maestro_core::link::encode_request(self.scenario, &self.inner.request()))
    }
}

#[wasm_bindgen]
impl Run {
    /// Where the run stands: its rows, its state, and the decision it waits for.
    #[wasm_bindgen(unchecked_return_type = "RunView")]
    pub fn view(&self) -> Result<JsValue, JsValue> {
        to_js(&self.view_value()?)
    }

    /// Answers the pending decision and runs on; returns where the run then stands.
    #[wasm_bindgen(unchecked_return_type = "RunView")]
    pub fn answer(&mut self, choice: &str) -> Result<JsValue, JsValue> {
        self.answer_token(choice)?;
        self.view()
    }

    /// The run's log (JSON Lines: header, rows, digest).
    pub fn log(&self) -> Result<String, JsValue> {
        Ok(self.log_text()?)
    }

    /// The share link that reproduces the run as it stands.
    pub fn link(&self) -> String {
        self.link_text()
    }
}

/// Opens a run (a request object or a share link) and runs it to its next decision or end.
#[wasm_bindgen]
pub fn run(
    #[wasm_bindgen(unchecked_param_type = "RunRequest | string")] request: JsValue,
) -> Result<Run, JsValue> {
    let (scenario, req) = parse_request(&request)?;
    Ok(Run::open(scenario, &req)?)
}

/// Answers `run`'s pending decision with `choice`; returns where the run then stands.
#[wasm_bindgen(unchecked_return_type = "RunView")]
pub fn answer(run: &mut Run, choice: &str) -> Result<JsValue, JsValue> {
    run.answer(choice)
}

/// `run`'s log: the bytes `maestro run` prints.
#[wasm_bindgen]
pub fn log(run: &Run) -> Result<String, JsValue> {
    run.log()
}

/// Reads a log file's bytes as the desk does (at most 4 MiB).
pub fn open_log(bytes: &[u8]) -> Result<Log, Failure> {
    if bytes.len() > MAX_LOG_BYTES {
        let e = audit::ImportError::TooLarge { bytes: bytes.len() };
        return Err(fail("too-large", e.said()));
    }
    audit::import(bytes).map_err(|e| fail("unreadable", e.said()))
}

fn verdict(ok: bool, said: &Said) -> serde_json::Map<String, Value> {
    let mut m = serde_json::Map::new();
    m.insert("ok".into(), Value::Bool(ok));
    m.insert("message".into(), Value::from(said.en.as_str()));
    m.insert("messageJa".into(), Value::from(said.ja.as_str()));
    m
}

/// [`verify`] as a JSON value.
pub fn verify_value(bytes: &[u8], key: Option<&str>) -> Result<Value, Failure> {
    let log = open_log(bytes)?;
    let key = crate::key_of(key)?;
    let v = audit::verify(&log, &key);
    let mut m = verdict(v.is_intact(), &v.said(key.key_id()));
    m.insert("rows".into(), Value::from(log.rows.len()));
    m.insert("brokenRow".into(), v.broken_row().map_or(Value::Null, Value::from));
    Ok(Value::Object(m))
}

/// Verifies a log's HMAC chain and digest with the demo key, or with `key` (its text's bytes).
#[wasm_bindgen(unchecked_return_type = "VerifyVerdict")]
pub fn verify(bytes: &[u8], key: Option<String>) -> Result<JsValue, JsValue> {
    to_js(&verify_value(bytes, key.as_deref())?)
}

/// [`replay`] as a JSON value.
pub fn replay_value(bytes: &[u8]) -> Result<Value, Failure> {
    let log = open_log(bytes)?;
    let r = audit::replay(&log).map_err(|e| {
        let code =
            if matches!(e, audit::ReplayError::NoHeader) { "no-header" } else { "not-replayable" };
        fail(code, e.said())
    })?;
    let mut m = verdict(r.reproduced(), &r.said());
    m.insert("engine".into(), Value::from(r.engine));
    m.insert("recordedEngine".into(), Value::from(r.recorded_engine.as_str()));
    m.insert(
        "divergence".into(),
        r.divergence.as_ref().map_or(Value::Null, |d| Value::from(d.index)),
    );
    Ok(Value::Object(m))
}

/// Re-runs the run a log's header specifies and compares it row by row.
#[wasm_bindgen(unchecked_return_type = "ReplayVerdict")]
pub fn replay(bytes: &[u8]) -> Result<JsValue, JsValue> {
    to_js(&replay_value(bytes)?)
}

/// [`compare`] as a JSON value.
pub fn compare_value(a: &[u8], b: &[u8]) -> Result<Value, Failure> {
    let (la, lb) = (open_log(a)?, open_log(b)?);
    let d = audit::diff(&la, &lb);
    let lines = d.said(&la, &lb);
    let said = lines.first().cloned().unwrap_or_else(|| Said::new("", ""));
    let mut m = verdict(d.identical(), &said);
    m.insert("pairs".into(), Value::from(d.pairs.len()));
    m.insert("firstDifference".into(), d.first.map_or(Value::Null, Value::from));
    m.insert("summary".into(), lines.iter().map(|s| Value::from(s.en.as_str())).collect());
    m.insert("summaryJa".into(), lines.iter().map(|s| Value::from(s.ja.as_str())).collect());
    Ok(Value::Object(m))
}

/// Compares two logs aligned by gate: whether they hold the same rows, and what differs.
#[wasm_bindgen(unchecked_return_type = "CompareVerdict")]
pub fn compare(a: &[u8], b: &[u8]) -> Result<JsValue, JsValue> {
    to_js(&compare_value(a, b)?)
}

/// [`export_otlp`] on the core's side: the log's chain must verify with `key` (the demo key
/// when there is none); an export never vouches for a chain it did not check.
pub fn otlp_text(bytes: &[u8], key: Option<&str>) -> Result<String, Failure> {
    let log = open_log(bytes)?;
    let key = crate::key_of(key)?;
    let v = audit::verify(&log, &key);
    if !v.is_intact() {
        let said = v.said(key.key_id());
        return Err(fail(
            "not-exportable",
            Said::new(format!("not exported: {}", said.en), format!("書き出しません: {}", said.ja)),
        ));
    }
    maestro_core::export::otlp(&log).map_err(|e| {
        let code = match e {
            maestro_core::export::ExportError::NoHeader => "no-header",
            _ => "not-exportable",
        };
        fail(code, e.said())
    })
}

/// A run log as OpenTelemetry traces (OTLP JSON Lines, one trace per run), as
/// `maestro export --otlp` prints it. The log's chain must verify with `key` (the key's text;
/// the demo key when absent or empty), else `not-exportable`.
#[wasm_bindgen(js_name = exportOtlp)]
pub fn export_otlp(bytes: &[u8], key: Option<String>) -> Result<String, JsValue> {
    Ok(otlp_text(bytes, key.as_deref())?)
}

/// The share link (`?v=1&...`) of a run request.
#[wasm_bindgen]
pub fn link(
    #[wasm_bindgen(unchecked_param_type = "RunRequest")] request: JsValue,
) -> Result<String, JsValue> {
    let (scenario, req) = parse_request(&request)?;
    // The scenario checks the request as the site does before a link is made of it.
    Run::open(scenario, &req)?;
    Ok(format!("?{}", maestro_core::link::encode_request(scenario, &req)))
}

/// [`parse_link`] as a JSON value.
pub fn parse_link_value(url: &str) -> Result<Value, Failure> {
    let (info, req) = maestro_core::link::decode_request(audit::link_query(url))
        .map_err(|e| fail("bad-link", e.said()))?;
    let knobs: serde_json::Map<String, Value> =
        req.knobs.iter().map(|(k, v)| (k.clone(), Value::from(v.as_str()))).collect();
    Ok(json!({
        "scenario": info.id,
        "seed": req.seed,
        "rng": req.rng.as_str(),
        "knobs": knobs,
        "choices": req.choices,
    }))
}

/// The run request a share link (or a page address holding one) asks for.
#[wasm_bindgen(js_name = parseLink, unchecked_return_type = "RunRequest")]
pub fn parse_link(url: &str) -> Result<JsValue, JsValue> {
    to_js(&parse_link_value(url)?)
}
