//! The package called as the page's Web Worker calls it, in headless Chromium: a batch opened
//! from a plain JavaScript request, advanced a chunk at a time, and its refusals as `Error`s
//! with a stable `code`.
#![allow(clippy::unreachable, reason = "tests: an arm that cannot be reached is a failed test")]
#![cfg(target_arch = "wasm32")]

use maestro_wasm::Batch;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// A request object as `run` takes it.
fn request(scenario: &str, knobs: &str) -> JsValue {
    js_sys::JSON::parse(&format!(
        r#"{{"scenario":"{scenario}","seed":7,"rng":"chacha","knobs":{knobs},"choices":[]}}"#
    ))
    .unwrap_or_else(|_| unreachable!())
}

/// A returned object, read back (through `JSON.stringify`) to check its fields.
fn value(v: Result<JsValue, JsValue>) -> serde_json::Value {
    v.ok()
        .and_then(|v| js_sys::JSON::stringify(&v).ok())
        .and_then(|t| t.as_string())
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

/// `v` with every number as a float: JavaScript has one number type, so `1.0` comes back `1`.
fn as_floats(v: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) => n.as_f64().map_or(Value::Null, maestro_core::json::float),
        Value::Array(a) => a.iter().map(as_floats).collect(),
        Value::Object(o) => o.iter().map(|(k, v)| (k.clone(), as_floats(v))).collect(),
        other => other.clone(),
    }
}

fn code_of(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &"code".into()).ok().and_then(|c| c.as_string()).unwrap_or_default()
}

#[wasm_bindgen_test]
fn a_batch_runs_a_chunk_at_a_time_and_ends_with_the_cores_document() {
    let mut batch =
        Batch::new(request("emergency-contract", r#"{"fabricate_rate":"0.3"}"#), 2_500, 5)
            .unwrap_or_else(|_| unreachable!());
    let start = value(batch.advance(0));
    assert_eq!(start.get("done"), Some(&0.into()));
    assert_eq!(start.get("total"), Some(&2_500.into()));
    let mut incidents = 0;
    while !batch.finished() {
        let chunk = value(batch.advance(1_000));
        let first = chunk.pointer("/incidents/0/file").and_then(|f| f.as_str());
        assert!(first.is_none_or(|f| f.ends_with("}\n")), "an incident file's text");
        incidents += chunk.get("incidents").and_then(|i| i.as_array()).map_or(0, Vec::len);
    }
    assert_eq!(incidents, 5, "at most max_incidents incident files");
    // The document equals the core's batch for the same request.
    let mut spec = maestro_core::scenarios::emergency::run::RunSpec::new(7);
    assert!(spec.knobs.set("fabricate_rate", "0.3").is_ok());
    let mut core = maestro_wasm::open_batch("emergency-contract", &spec.to_request(), 2_500, 5)
        .unwrap_or_else(|_| unreachable!());
    while core.step(1_000) {}
    assert_eq!(as_floats(&value(batch.document())), as_floats(&core.document()));
    assert_eq!(batch.file().ok(), maestro_wasm::file_text(&core.document()).ok());
    let summary = value(batch.summary());
    assert_eq!(
        summary.pointer("/hitl_queue/counts/by_state"),
        core.document().pointer("/hitl_queue/counts/by_state")
    );
}

#[wasm_bindgen_test]
fn a_share_link_names_the_run_as_the_page_sends_it() {
    let mut spec = maestro_core::scenarios::emergency::run::RunSpec::new(7);
    assert!(spec.knobs.set("fabricate_rate", "0.3").is_ok());
    let link = maestro_core::link::encode_request("emergency-contract", &spec.to_request());
    let mut by_link = Batch::new(JsValue::from_str(&format!("?{link}")), 500, 5)
        .unwrap_or_else(|_| unreachable!());
    let mut by_object =
        Batch::new(request("emergency-contract", r#"{"fabricate_rate":"0.3"}"#), 500, 5)
            .unwrap_or_else(|_| unreachable!());
    while !by_link.finished() {
        assert_eq!(value(by_link.advance(200)), value(by_object.advance(200)));
    }
    assert_eq!(by_link.file().ok(), by_object.file().ok());
}

#[wasm_bindgen_test]
fn refusals_are_errors_with_a_stable_code_and_both_languages() {
    let cases = [
        (request("nope", "{}"), 10, "unknown-scenario"),
        (request("definition-gate", "{}"), 10, "no-batch"),
        (request("emergency-contract", "{}"), 0, "bad-runs"),
        (request("emergency-contract", r#"{"fabricate_rate":"2"}"#), 10, "bad-knob"),
        (JsValue::from(5), 10, "bad-request"),
        (JsValue::from_str("?v=1&s=emergency-contract&seed=1&h=000000000000"), 10, "bad-link"),
        (JsValue::from_str("?v=1&s=nope&seed=1&h=000000000000"), 10, "bad-link"),
    ];
    for (req, runs, code) in cases {
        let e = Batch::new(req, runs, 5).err().unwrap_or_else(|| unreachable!("{code}"));
        assert!(e.is_instance_of::<js_sys::Error>(), "{code}");
        assert_eq!(code_of(&e), code);
        let ja = js_sys::Reflect::get(&e, &"ja".into())
            .ok()
            .and_then(|j| j.as_string())
            .unwrap_or_default();
        assert!(!ja.is_empty(), "{code}: no Japanese message");
    }
}

/// A file as worker.js hands it to `report`: `{name, size, bytes}`.
fn handed(name: &str, bytes: &[u8], size: Option<f64>) -> JsValue {
    let o = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&o, &k.into(), v).is_ok();
    assert!(set("name", &name.into()));
    assert!(set("bytes", &js_sys::Uint8Array::from(bytes).into()));
    if let Some(size) = size {
        assert!(set("size", &size.into()));
    }
    o.into()
}

#[wasm_bindgen_test]
fn a_class_report_checks_each_file_and_draws_the_desks_view() {
    let info =
        maestro_core::scenario::find("emergency-contract").unwrap_or_else(|_| unreachable!());
    let req = maestro_core::face::RunRequest {
        seed: 3,
        rng: maestro_core::rng::RngKind::ChaCha,
        knobs: Vec::new(),
        choices: vec!["coaching:deny".into()],
    };
    let log = maestro_core::audit::run_request(info, &req)
        .ok()
        .and_then(|run| run.to_jsonl().ok())
        .unwrap_or_default();
    let files = js_sys::Array::new();
    files.push(&handed("a.jsonl", log.as_bytes(), None));
    files.push(&handed("b.jsonl", log.as_bytes(), None));
    files.push(&handed("c.txt", b"not a log\n", None));
    files.push(&handed("huge.jsonl", b"", Some(5.0 * 1024.0 * 1024.0)));
    let v = value(maestro_wasm::report(files.into(), None));
    let status: Vec<&str> = v
        .pointer("/files")
        .unwrap_or(&serde_json::Value::Null)
        .as_array()
        .map(|f| f.iter().filter_map(|e| e.get("status").and_then(|s| s.as_str())).collect())
        .unwrap_or_default();
    assert_eq!(status, ["reproduced", "reproduced", "unreadable", "unreadable"]);
    assert_eq!(
        v.pointer("/headline/en").unwrap_or(&serde_json::Value::Null),
        "2 of 4 files intact and reproduced"
    );
    assert_eq!(v.pointer("/view/rows/0/cells/0").unwrap_or(&serde_json::Value::Null), "a.jsonl");
    assert_eq!(
        v.pointer("/view/rows/2/why/en")
            .unwrap_or(&serde_json::Value::Null)
            .as_str()
            .map(|w| w.contains("not JSON")),
        Some(true)
    );
    assert_eq!(
        v.pointer("/view/groups").unwrap_or(&serde_json::Value::Null).as_array().map(Vec::len),
        Some(1)
    );
    assert!(
        v.pointer("/csv/ja")
            .unwrap_or(&serde_json::Value::Null)
            .as_str()
            .is_some_and(|c| c.starts_with("file,scenario,"))
    );
    // Not an array of files: an Error with its code.
    let e = maestro_wasm::report(JsValue::from(3), None).err().unwrap_or_else(|| unreachable!());
    assert_eq!(code_of(&e), "bad-files");
}

#[wasm_bindgen_test]
fn the_codebook_lists_the_reference_vocabularies_and_every_other_scenarios() {
    let v = value(maestro_wasm::codebook());
    assert_eq!(v.pointer("/version").unwrap_or(&serde_json::Value::Null), "5.1-demo.1");
    assert_eq!(v.pointer("/packed").unwrap_or(&serde_json::Value::Null), "279837 = 0x4451D");
    let rows = |key: &str| {
        v.pointer("/tables")
            .unwrap_or(&serde_json::Value::Null)
            .as_array()
            .and_then(|t| t.iter().find(|t| t["key"] == key))
            .and_then(|t| t["rows"].as_array())
            .map_or(0, Vec::len)
    };
    assert_eq!((rows("reason_code"), rows("layer")), (39, 18));
    assert_eq!(
        v.pointer("/scenarios").unwrap_or(&serde_json::Value::Null).as_array().map(Vec::len),
        Some(maestro_core::scenario::SCENARIOS.len() - 1)
    );
}

#[wasm_bindgen_test]
fn the_library_runs_answers_logs_and_checks_a_run_in_the_browser() {
    use maestro_wasm::api;
    let req = js_sys::JSON::parse(r#"{"scenario":"emergency-contract","seed":7}"#)
        .unwrap_or_else(|_| unreachable!());
    let mut run = api::run(req).unwrap_or_else(|_| unreachable!("opens"));
    let view = run.view().unwrap_or_else(|_| unreachable!());
    // A plain object (not a Map) with the pending decision and its options.
    assert!(view.is_object() && !view.is_instance_of::<js_sys::Map>());
    let pending = js_sys::Reflect::get(&view, &"pending".into()).unwrap_or_default();
    assert!(pending.is_object(), "the run waits for a human");
    let mut rounds = 0;
    loop {
        let view = run.view().unwrap_or_else(|_| unreachable!());
        let pending = js_sys::Reflect::get(&view, &"pending".into()).unwrap_or_default();
        if pending.is_null() {
            break;
        }
        let options: js_sys::Array =
            js_sys::Reflect::get(&pending, &"options".into()).unwrap_or_default().unchecked_into();
        let token = js_sys::Reflect::get(&options.get(0), &"token".into())
            .ok()
            .and_then(|t| t.as_string())
            .unwrap_or_default();
        assert!(api::answer(&mut run, &token).is_ok());
        rounds += 1;
        assert!(rounds < 50);
    }
    let log = api::log(&run).unwrap_or_default();
    let verdict = api::verify(log.as_bytes(), None).unwrap_or_default();
    assert_eq!(js_sys::Reflect::get(&verdict, &"ok".into()).ok(), Some(JsValue::TRUE));
    let replayed = api::replay(log.as_bytes()).unwrap_or_default();
    assert_eq!(js_sys::Reflect::get(&replayed, &"ok".into()).ok(), Some(JsValue::TRUE));
    assert!(
        api::export_otlp(log.as_bytes(), None).is_ok_and(|t| t.starts_with("{\"resourceSpans\""))
    );
    let bad = js_sys::JSON::parse(r#"{"scenario":"nope"}"#).unwrap_or_else(|_| unreachable!());
    let refused = api::run(bad).err().unwrap_or_default();
    assert_eq!(code_of(&refused), "unknown-scenario");
}
