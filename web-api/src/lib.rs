//! `maestro-wasm`: the engine of Maestro Bench as a JavaScript library, a thin face over
//! `maestro-core` like the CLI.
//!
//! [`api`] is the library for any page or Node script (run, answer, log, verify, replay,
//! compare, export, links); this module adds what runs long or carries much: batches
//! ([`Batch`]), the class report and the codebook. Values cross as plain objects both ways
//! (through `serde-wasm-bindgen`); what is a file (a log, a result file, an incident file, an
//! OTLP export) crosses as its text, byte for byte what the CLI writes. The page's Web Worker
//! (`static/worker.js`) calls these same exports, so the page's main bundle carries no batch
//! runner and its main thread stays free while a batch runs.
//! Errors are JavaScript `Error`s with the core's message, its Japanese text (`ja`) and a
//! stable `code`.

pub mod api;

use maestro_core::face::{RunRequest, ScenarioBatch};
use maestro_core::say::Said;
use wasm_bindgen::prelude::*;

/// The most runs one batch may have.
pub const MAX_RUNS: u32 = 10_000_000;

/// A refusal: a stable code and the message in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// Stable across versions: `unknown-scenario`, `no-batch`, `bad-link`, `bad-request`,
    /// `bad-knob`, `bad-runs`, `internal`.
    pub code: &'static str,
    /// What is wrong.
    pub message: Said,
}

impl From<Failure> for JsValue {
    fn from(f: Failure) -> JsValue {
        let e = js_sys::Error::new(&f.message.en);
        // Setting a property on a fresh Error object cannot fail.
        let _ = js_sys::Reflect::set(&e, &"code".into(), &f.code.into());
        let _ = js_sys::Reflect::set(&e, &"ja".into(), &f.message.ja.as_str().into());
        e.into()
    }
}

/// Opens a batch of `runs` runs of scenario `id` with the request's seed, generator and knobs,
/// keeping at most `max_incidents` incident files.
pub fn open_batch(
    id: &str,
    request: &RunRequest,
    runs: u32,
    max_incidents: u32,
) -> Result<Box<dyn ScenarioBatch>, Failure> {
    let info = maestro_core::scenario::find(id)
        .map_err(|e| Failure { code: "unknown-scenario", message: e.said() })?;
    if !(1..=MAX_RUNS).contains(&runs) {
        return Err(Failure {
            code: "bad-runs",
            message: Said::new(
                format!("`{runs}` is not a run count from 1 to {MAX_RUNS}"),
                format!("`{runs}` は 1 から {MAX_RUNS} までの実行数ではありません"),
            ),
        });
    }
    let Some(batch) = info.batch.as_ref() else {
        return Err(Failure {
            code: "no-batch",
            message: Said::new(
                format!("scenario `{id}` has no batch runner"),
                format!("シナリオ `{id}` にはバッチ実行がありません"),
            ),
        });
    };
    (batch.open)(request, u64::from(runs), u64::from(max_incidents)).map_err(|e| Failure {
        code: if e.knob.is_some() { "bad-knob" } else { "bad-request" },
        message: e.said(),
    })
}

/// A batch in progress, run a chunk at a time.
#[wasm_bindgen]
pub struct Batch {
    inner: Box<dyn ScenarioBatch>,
}

#[wasm_bindgen]
impl Batch {
    /// Opens a batch of `runs` runs of the run `request` (a `RunRequest`, as `run` takes it,
    /// or a share link `?v=1&s=...`), keeping at most `maxIncidents` incident files.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "RunRequest | string")] request: JsValue,
        runs: u32,
        #[wasm_bindgen(js_name = maxIncidents)] max_incidents: u32,
    ) -> Result<Batch, JsValue> {
        let (id, request) = api::parse_request(&request)?;
        Ok(Batch { inner: open_batch(id, &request, runs, max_incidents)? })
    }

    /// Runs up to `n` more runs; returns where the batch stands.
    #[wasm_bindgen(unchecked_return_type = "BatchChunk")]
    pub fn advance(&mut self, n: u32) -> Result<JsValue, JsValue> {
        api::to_js(&chunk_view(self.inner.as_mut(), n)?)
    }

    /// Whether every run is done.
    pub fn finished(&self) -> bool {
        let (done, total) = self.inner.progress();
        done >= total
    }

    /// The result document, the object `file()` writes.
    #[wasm_bindgen(unchecked_return_type = "Record<string, unknown>")]
    pub fn document(&self) -> Result<JsValue, JsValue> {
        api::to_js(&self.inner.document())
    }

    /// The result file as the reference writes it with `--out` (two-space indentation, a
    /// trailing newline), byte for byte.
    pub fn file(&self) -> Result<String, JsValue> {
        file_text(&self.inner.document()).map_err(JsValue::from)
    }

    /// What the page draws of the result (the document's own paths): the final states and top
    /// reasons of the HITL queue, and the abnormal total.
    #[wasm_bindgen(unchecked_return_type = "BatchSummary")]
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        api::to_js(&summary(&self.inner.document()))
    }
}

/// The result file's text: the document in the reference's layout, with a trailing newline.
pub fn file_text(document: &serde_json::Value) -> Result<String, Failure> {
    maestro_core::json::pretty(document).map(|t| t + "\n").map_err(|e| Failure {
        code: "internal",
        message: Said::new(
            format!("the result holds a number JSON cannot write ({})", e.0),
            format!("結果に JSON で書けない数 ({}) があります", e.0),
        ),
    })
}

/// The parts of the result document the page draws, under their paths in the document.
pub fn summary(document: &serde_json::Value) -> serde_json::Value {
    let pick = |p: &str| document.pointer(p).cloned().unwrap_or(serde_json::Value::Null);
    serde_json::json!({
        "hitl_queue": { "counts": {
            "by_state": pick("/hitl_queue/counts/by_state"),
            "by_reason_code_top20": pick("/hitl_queue/counts/by_reason_code_top20"),
        } },
        "abnormal_arl_persistence": { "abnormal_total": pick("/abnormal_arl_persistence/abnormal_total") },
    })
}

/// Runs up to `n` more runs of `batch` and reports where it stands: `{done, total, more,
/// metric, queue, incidents}`, `metric` `null` when it is not a finite number, and each new
/// incident as its files' text (`{incidentId, fileName, file, indexLine}`), byte for byte what
/// `maestro incidents` writes.
pub fn chunk_view(batch: &mut dyn ScenarioBatch, n: u32) -> Result<serde_json::Value, Failure> {
    let chunk = batch.advance(u64::from(n));
    // Fail closed: a batch that stopped before its last run has no result to give.
    if let Some(why) = batch.failure() {
        return Err(Failure { code: "batch-failed", message: why });
    }
    let mut incidents = Vec::with_capacity(chunk.incidents.len());
    for inc in &chunk.incidents {
        let unwritable = |e: maestro_core::json::NonFiniteFloat| Failure {
            code: "batch-failed",
            message: Said::new(
                format!(
                    "incident `{}` holds a number JSON cannot write ({})",
                    inc.incident_id, e.0
                ),
                format!(
                    "インシデント `{}` に JSON で書けない数 ({}) があります",
                    inc.incident_id, e.0
                ),
            ),
        };
        incidents.push(serde_json::json!({
            "incidentId": inc.incident_id,
            "fileName": inc.file_name,
            "file": inc.jsonl().map_err(unwritable)?,
            "indexLine": inc.index_line().map_err(unwritable)?,
        }));
    }
    Ok(serde_json::json!({
        "done": chunk.done,
        "total": chunk.total,
        "more": chunk.more,
        "metric": maestro_core::json::float(chunk.metric),
        "queue": chunk.queue,
        "incidents": incidents,
    }))
}

/// The QR code of `text` (medium error correction) as an SVG path of its dark modules, each a
/// unit square, with a quiet zone of 4 modules: `(side, path)`, or `None` when `text` is too
/// long for a QR code.
pub fn qr_path(text: &str) -> Option<(i32, String)> {
    use qrcodegen::{QrCode, QrCodeEcc};
    let code = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let size = code.size();
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if code.get_module(x, y) {
                path.push_str(&format!("M{} {}h1v1h-1z", x + 4, y + 4));
            }
        }
    }
    Some((size + 8, path))
}

/// The QR code of `text` for an SVG: `{ side, path }` (draw `path` in a `0 0 side side` box),
/// or an `Error` with code `too-long`.
#[wasm_bindgen(js_name = qrCode, unchecked_return_type = "{ side: number; path: string }")]
pub fn qr_code(text: &str) -> Result<JsValue, JsValue> {
    let (side, path) = qr_path(text).ok_or(Failure {
        code: "too-long",
        message: Said::new(
            "this link is too long for a QR code; share the link itself",
            "このリンクは QR コードには長すぎます。リンクそのものを共有してください",
        ),
    })?;
    let out = js_sys::Object::new();
    js_sys::Reflect::set(&out, &"side".into(), &side.into())?;
    js_sys::Reflect::set(&out, &"path".into(), &path.into())?;
    Ok(out.into())
}

/// The codebook as the audit desk shows it (`maestro codebook`, with every code's explanation in
/// both languages), so the page's first load carries none of it:
/// `{version, packed, tables: [{key, rows: [[id, name, en, ja]]}], scenarios: [{id, title:
/// {en, ja}, layers: [[name, en, ja]], reasons: [[name, en, ja]]}]}`. The reference codebook's
/// tables are the emergency family's (layers, reason codes, decisions, final deciders); every
/// other scenario lists its own layers and reason codes.
pub fn codebook_value() -> serde_json::Value {
    use maestro_core::scenario::SCENARIOS;
    use maestro_core::scenarios::emergency::codebook;
    use maestro_core::scenarios::emergency::emergency_contract::SCENARIO as EMERGENCY_CONTRACT;
    use maestro_core::scenarios::emergency::explain::{
        explain, explain_decider, explain_decision, explain_layer,
    };
    use maestro_core::scenarios::emergency::{Layer, Reason};
    use maestro_core::vocab::{Code, Decision, FinalDecider};
    use serde_json::json;
    let meaning = |key: &str, name: &str| -> (&'static str, &'static str) {
        match key {
            "reason_code" => Reason::parse(name).map(explain),
            "layer" => Layer::parse(name).map(explain_layer),
            "decision" => Decision::parse(name).map(explain_decision),
            "final_decider" => FinalDecider::parse(name).map(explain_decider),
            _ => None,
        }
        .unwrap_or(("", ""))
    };
    let tables: Vec<serde_json::Value> = codebook::entries()
        .iter()
        .map(|(key, rows)| {
            let rows: Vec<serde_json::Value> = rows
                .iter()
                .map(|(name, id)| {
                    let (en, ja) = meaning(key, name);
                    json!([id, name, en, ja])
                })
                .collect();
            json!({ "key": key, "rows": rows })
        })
        .collect();
    let example = codebook::PACK_EXAMPLE;
    let packed = example.pack().map_or_else(|e| e.to_string(), |p| format!("{p} = 0x{p:05X}"));
    let scenarios: Vec<serde_json::Value> = SCENARIOS
        .iter()
        .filter(|s| s.id != EMERGENCY_CONTRACT.id)
        .map(|s| {
            let rows = |names: &[&str]| -> Vec<serde_json::Value> {
                names
                    .iter()
                    .map(|name| {
                        let (en, ja) = (s.explain)(name).unwrap_or(("", ""));
                        json!([name, en, ja])
                    })
                    .collect()
            };
            json!({
                "id": s.id,
                "title": { "en": s.title, "ja": s.title_ja },
                "layers": rows(s.layers),
                "reasons": rows(s.reasons),
            })
        })
        .collect();
    json!({
        "version": codebook::CODEBOOK_VERSION,
        "packed": packed,
        "tables": tables,
        "scenarios": scenarios,
    })
}

/// `codebook()`: the codebook (see [`codebook_value`]).
#[wasm_bindgen(unchecked_return_type = "Codebook")]
pub fn codebook() -> Result<JsValue, JsValue> {
    api::to_js(&codebook_value())
}

/// The key id of a key the teacher typed (as the audit desk names it).
pub const TYPED_KEY_ID: &str = "typed key";

/// The chain key a caller typed: the demo key when there is none or it is empty.
pub fn key_of(key: Option<&str>) -> Result<maestro_core::chain::ChainKey, Failure> {
    use maestro_core::chain::ChainKey;
    match key.filter(|k| !k.is_empty()) {
        None => Ok(ChainKey::demo()),
        Some(k) => ChainKey::custom(TYPED_KEY_ID.into(), k.as_bytes().to_vec())
            .map_err(|e| Failure { code: "bad-key", message: e.said() }),
    }
}

/// The class report of `files` (handed in as `(name, size, bytes)`), checked with `key` (the
/// demo key when empty): the core's report with, in both languages, the headline, the view the desk draws
/// ([`report_view`]) and the CSV added: `{files, scenarios, groups, reproduced, headline, view,
/// csv}`.
pub fn report_value(
    files: &[(String, usize, Vec<u8>)],
    key: &str,
) -> Result<serde_json::Value, Failure> {
    use maestro_core::report::{ClassReport, Handed, MAX_FILES};
    if files.len() > MAX_FILES {
        let n = files.len();
        return Err(Failure {
            code: "too-many-files",
            message: Said::new(
                format!("{n} files: a report reads at most {MAX_FILES}"),
                format!("{n} 個のファイル: レポートが読めるのは {MAX_FILES} 個までです"),
            ),
        });
    }
    let key = key_of(Some(key))?;
    let handed: Vec<Handed<'_>> =
        files.iter().map(|(name, size, bytes)| Handed { name, size: *size, bytes }).collect();
    let report = ClassReport::of(&handed, &key);
    let mut doc = serde_json::to_value(&report).map_err(|e| Failure {
        code: "internal",
        message: Said::new(e.to_string(), e.to_string()),
    })?;
    if let Some(o) = doc.as_object_mut() {
        o.insert("headline".into(), said_json(&report.headline()));
        o.insert("view".into(), report_view(&report));
        o.insert(
            "csv".into(),
            serde_json::json!({ "en": report.csv(false), "ja": report.csv(true) }),
        );
    }
    Ok(doc)
}

/// The report as the audit desk draws it, both languages ready (so the page's first load
/// carries no report code): `rows` (a table line per file: `cells` file, scenario, seed,
/// answers, outcome; `verdict`; `why` unless reproduced; `run`), `charts` (per scenario, each
/// decision point's answers and the ends: `id`, `title`, `data` of `[label, count]`) and
/// `groups` (a sentence per group of files holding the same run).
pub fn report_view(report: &maestro_core::report::ClassReport) -> serde_json::Value {
    use maestro_core::report::Status;
    use serde_json::json;
    let rows: Vec<serde_json::Value> = report
        .files
        .iter()
        .map(|e| {
            let outcome = e.outcome.as_ref().map_or_else(String::new, |o| {
                format!("{}{}", o.state, if o.sealed { " ◆" } else { "" })
            });
            let seed = e.seed.map(|s| s.to_string()).unwrap_or_default();
            let good = e.status == Status::Reproduced;
            json!({
                "cells": [e.file, e.scenario, seed, e.choices.join(" "), outcome],
                "status": e.status.code(),
                "verdict": said_json(&e.status.said()),
                "why": if good { serde_json::Value::Null } else { said_json(&e.message) },
                "run": e.run.map(|r| r.to_string()).unwrap_or_default(),
            })
        })
        .collect();
    let mut charts = Vec::new();
    for (i, s) in report.scenarios.iter().enumerate() {
        let data = |list: &[maestro_core::report::Tally]| -> serde_json::Value {
            list.iter().map(|t| json!([t.label, t.count])).collect()
        };
        let chart = |id: String, title: Said, tallies: &[maestro_core::report::Tally]| json!({ "id": id, "title": said_json(&title), "data": data(tallies) });
        let sc = &s.scenario;
        for (k, p) in s.points.iter().enumerate() {
            let (n, point) = (p.index, &p.point);
            let title = Said::new(
                format!("{sc} · decision {n}: {point}"),
                format!("{sc} · 判断 {n}: {point}"),
            );
            charts.push(chart(format!("class-{i}-point-{k}"), title, &p.answers));
        }
        let logs = s.logs;
        let title = Said::new(
            format!("{sc} · how the {logs} reproduced runs ended"),
            format!("{sc} · 再現された {logs} 件の実行の終わり方"),
        );
        charts.push(chart(format!("class-{i}-ends"), title, &s.ends));
    }
    let groups: Vec<serde_json::Value> = report
        .groups
        .iter()
        .enumerate()
        .map(|(g, members)| {
            let names: Vec<&str> = members
                .iter()
                .filter_map(|&m| report.files.get(m).map(|e| e.file.as_str()))
                .collect();
            let (g, names) = (g + 1, names.join(", "));
            said_json(&Said::new(
                format!("Run {g}, the same run in {} files: {names}", members.len()),
                format!("実行 {g}: {} 個のファイルが同じ実行です: {names}", members.len()),
            ))
        })
        .collect();
    json!({ "rows": rows, "charts": charts, "groups": groups })
}

fn said_json(s: &Said) -> serde_json::Value {
    serde_json::json!({ "en": s.en, "ja": s.ja })
}

/// `report(files, key?)`: a class's logs checked in one go (`maestro report`). `files` is an
/// array of `{name, bytes}` (`bytes` a `Uint8Array`; `size` may stand in for the bytes of a
/// file too large to read); the result is the report (see [`report_value`]).
/// Errors: `bad-files` (not such an array), `too-many-files` (over 200), `bad-key`.
#[wasm_bindgen(unchecked_return_type = "ClassReport")]
pub fn report(
    #[wasm_bindgen(unchecked_param_type = "{ name: string; bytes?: Uint8Array; size?: number }[]")]
    files: JsValue,
    key: Option<String>,
) -> Result<JsValue, JsValue> {
    let bad = |what: &str| Failure {
        code: "bad-files",
        message: Said::new(
            format!("files must be an array of {{name, bytes}}: {what}"),
            format!("files は {{name, bytes}} の配列でなければなりません: {what}"),
        ),
    };
    let list: js_sys::Array = files.dyn_into().map_err(|_| bad("not an array"))?;
    let mut read = Vec::with_capacity(list.length() as usize);
    for (i, f) in list.iter().enumerate() {
        let get = |k: &str| js_sys::Reflect::get(&f, &k.into()).unwrap_or(JsValue::UNDEFINED);
        let name = get("name").as_string().ok_or_else(|| bad(&format!("item {i} has no name")))?;
        let bytes = get("bytes");
        let bytes = if bytes.is_undefined() {
            Vec::new()
        } else {
            bytes
                .dyn_into::<js_sys::Uint8Array>()
                .map_err(|_| bad(&format!("item {i}'s bytes are not a Uint8Array")))?
                .to_vec()
        };
        let size = get("size").as_f64().map_or(bytes.len(), |s| s as usize);
        read.push((name, size.max(bytes.len()), bytes));
    }
    api::to_js(&report_value(&read, key.as_deref().unwrap_or(""))?)
}

#[cfg(test)]
#[allow(clippy::unreachable, reason = "tests: an arm that cannot be reached is a failed test")]
mod tests {
    use super::*;

    #[test]
    fn a_links_qr_code_is_a_square_of_unit_modules_with_its_quiet_zone() {
        let (side, path) =
            qr_path("http://127.0.0.1:8080/?v=1&s=emergency-contract&seed=1&h=0123456789ab")
                .unwrap_or_else(|| unreachable!());
        // Version 4 or 5 at medium correction for a link of this length: 33 or 37 modules.
        assert!([41, 45].contains(&side), "{side}");
        assert!(path.starts_with("M4 4h1v1h-1z"), "the finder pattern's corner is dark");
        assert!(qr_path(&"x".repeat(3000)).is_none(), "too long for any QR code");
    }
}
