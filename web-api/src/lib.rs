//! `maestro-wasm`: the engine of Maestro Bench as a JavaScript library, a thin face over
//! `maestro-core` like the CLI.
//!
//! The page's Web Worker (`static/worker.js`) runs batches through [`Batch`], so the page's
//! main bundle carries no batch runner and its main thread stays free while a batch runs.
//! Values cross from JavaScript as plain objects (`serde-wasm-bindgen`); what goes back to the
//! page is the core's JSON text, so key order and numbers arrive exactly as the core wrote them.
//! Errors are JavaScript `Error`s with the core's message, its Japanese text (`ja`) and a
//! stable `code`.

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

/// A run request from JavaScript: a share link's query (checked as the site checks links)
/// or a plain object for scenario `scenario`.
pub fn request_of(scenario: &str, request: JsValue) -> Result<(&str, RunRequest), Failure> {
    if let Some(link) = request.as_string() {
        let (info, request) = maestro_core::link::decode_request(link.trim_start_matches('?'))
            .map_err(|e| Failure { code: "bad-link", message: e.said() })?;
        return Ok((info.id, request));
    }
    let request = serde_wasm_bindgen::from_value(request).map_err(|e| Failure {
        code: "bad-request",
        message: Said::new(
            format!("the run request is not usable: {e}"),
            format!("実行の指定が使えません: {e}"),
        ),
    })?;
    Ok((scenario, request))
}

/// A batch in progress, run a chunk at a time.
#[wasm_bindgen]
pub struct Batch {
    inner: Box<dyn ScenarioBatch>,
}

#[wasm_bindgen]
impl Batch {
    /// Opens a batch of the run `request`: a share link (`?v=1&s=...`, whose scenario it
    /// takes) or a plain object `{ seed, rng, knobs: [[name, value], ...], choices: [] }` of
    /// scenario `scenario`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        scenario: &str,
        request: JsValue,
        runs: u32,
        max_incidents: u32,
    ) -> Result<Batch, JsValue> {
        let (id, request) = request_of(scenario, request)?;
        Ok(Batch { inner: open_batch(id, &request, runs, max_incidents)? })
    }

    /// Runs up to `n` more runs; returns where the batch stands (a `BatchChunk` as JSON text:
    /// `done`, `total`, `more`, `metric`, `queue`, `incidents`).
    pub fn advance(&mut self, n: u32) -> Result<String, JsValue> {
        Ok(chunk_json(self.inner.as_mut(), n)?)
    }

    /// Whether every run is done.
    pub fn finished(&self) -> bool {
        let (done, total) = self.inner.progress();
        done >= total
    }

    /// The result document (compact JSON text).
    pub fn document(&self) -> String {
        // A `Value` holds no non-finite float and only string keys: its text cannot fail.
        self.inner.document().to_string()
    }

    /// The result file as the reference writes it with `--out` (two-space indentation, a
    /// trailing newline), byte for byte.
    pub fn file(&self) -> Result<String, JsValue> {
        file_text(&self.inner.document()).map_err(JsValue::from)
    }

    /// What the page draws of the result (compact JSON, the document's own paths): the final
    /// states and top reasons of the HITL queue, and the abnormal total; the page parses this,
    /// not the whole document.
    pub fn summary(&self) -> String {
        summary(&self.inner.document()).to_string()
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

/// Runs up to `n` more runs of `batch` and reports them as JSON text.
pub fn chunk_json(batch: &mut dyn ScenarioBatch, n: u32) -> Result<String, Failure> {
    let chunk = batch.advance(u64::from(n));
    serde_json::to_string(&chunk).map_err(|e| Failure {
        code: "internal",
        message: Said::new(
            format!("the batch's report could not be written: {e}"),
            format!("バッチの報告を書けませんでした: {e}"),
        ),
    })
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
#[wasm_bindgen(js_name = qrCode)]
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

#[cfg(test)]
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
