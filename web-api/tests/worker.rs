//! The package called as the page's Web Worker calls it, in headless Chromium: a batch opened
//! from a plain JavaScript request, advanced a chunk at a time, and its refusals as `Error`s
//! with a stable `code`.
#![cfg(target_arch = "wasm32")]

use maestro_wasm::Batch;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// A request object as worker.js receives it from the page.
fn request(knobs: &str) -> JsValue {
    js_sys::JSON::parse(&format!(r#"{{"seed":7,"rng":"chacha","knobs":{knobs},"choices":[]}}"#))
        .unwrap_or_else(|_| unreachable!())
}

fn code_of(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &"code".into()).ok().and_then(|c| c.as_string()).unwrap_or_default()
}

#[wasm_bindgen_test]
fn a_batch_runs_a_chunk_at_a_time_and_ends_with_the_cores_document() {
    let mut batch =
        Batch::new("emergency-contract", request(r#"[["fabricate_rate","0.3"]]"#), 2_500, 5)
            .unwrap_or_else(|_| unreachable!());
    let start: serde_json::Value =
        serde_json::from_str(&batch.advance(0).unwrap_or_default()).unwrap_or_default();
    assert_eq!(start.get("done"), Some(&0.into()));
    assert_eq!(start.get("total"), Some(&2_500.into()));
    let mut incidents = 0;
    while !batch.finished() {
        let chunk: serde_json::Value =
            serde_json::from_str(&batch.advance(1_000).unwrap_or_default()).unwrap_or_default();
        incidents += chunk.get("incidents").and_then(|i| i.as_array()).map_or(0, Vec::len);
    }
    assert_eq!(incidents, 5, "at most max_incidents incident files");
    // The document equals the core's batch for the same request.
    let mut spec = maestro_core::scenarios::emergency::run::RunSpec::new(7);
    assert!(spec.knobs.set("fabricate_rate", "0.3").is_ok());
    let mut core = maestro_wasm::open_batch("emergency-contract", &spec.to_request(), 2_500, 5)
        .unwrap_or_else(|_| unreachable!());
    while core.step(1_000) {}
    assert_eq!(batch.document(), core.document().to_string());
}

#[wasm_bindgen_test]
fn a_share_link_names_the_run_as_the_page_sends_it() {
    let mut spec = maestro_core::scenarios::emergency::run::RunSpec::new(7);
    assert!(spec.knobs.set("fabricate_rate", "0.3").is_ok());
    let link = maestro_core::link::encode_request("emergency-contract", &spec.to_request());
    let mut by_link = Batch::new("", JsValue::from_str(&format!("?{link}")), 500, 5)
        .unwrap_or_else(|_| unreachable!());
    let mut by_object =
        Batch::new("emergency-contract", request(r#"[["fabricate_rate","0.3"]]"#), 500, 5)
            .unwrap_or_else(|_| unreachable!());
    while !by_link.finished() {
        assert_eq!(by_link.advance(200).ok(), by_object.advance(200).ok());
    }
    assert_eq!(by_link.document(), by_object.document());
}

#[wasm_bindgen_test]
fn refusals_are_errors_with_a_stable_code_and_both_languages() {
    let cases = [
        ("nope", request("[]"), 10, "unknown-scenario"),
        ("definition-gate", request("[]"), 10, "no-batch"),
        ("emergency-contract", request("[]"), 0, "bad-runs"),
        ("emergency-contract", request(r#"[["fabricate_rate","2"]]"#), 10, "bad-knob"),
        ("emergency-contract", JsValue::from(5), 10, "bad-request"),
        ("", JsValue::from_str("?v=1&s=emergency-contract&seed=1&h=000000000000"), 10, "bad-link"),
        ("", JsValue::from_str("?v=1&s=nope&seed=1&h=000000000000"), 10, "bad-link"),
    ];
    for (id, req, runs, code) in cases {
        let e = Batch::new(id, req, runs, 5).err().unwrap_or_else(|| unreachable!("{id} {code}"));
        assert!(e.is_instance_of::<js_sys::Error>(), "{code}");
        assert_eq!(code_of(&e), code);
        let ja = js_sys::Reflect::get(&e, &"ja".into())
            .ok()
            .and_then(|j| j.as_string())
            .unwrap_or_default();
        assert!(!ja.is_empty(), "{code}: no Japanese message");
    }
}
