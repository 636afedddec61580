//! The batch benchmark compiled to wasm32 and run in Node by `wasm-bindgen-test-runner`.
//!
//! Not a timed test: it asserts nothing about speed. `./x bench` runs it with the `fast`
//! profile and reads the figures it prints; `./x test` never runs it.
#![cfg(target_arch = "wasm32")]

use maestro_core::scenarios::emergency::batch::{Batch, BatchParams};
use wasm_bindgen_test::{console_log, wasm_bindgen_test};

fn runs() -> u64 {
    option_env!("MAESTRO_BENCH_RUNS").and_then(|r| r.parse().ok()).unwrap_or(1_000_000)
}

#[wasm_bindgen_test]
fn batch_throughput_in_wasm() {
    let runs = runs();
    let mut best = f64::INFINITY;
    let mut abnormal = 0;
    for _ in 0..3 {
        let mut p = BatchParams { runs, seed: Some(42), sample_runs: 0, ..BatchParams::default() };
        p.knobs.fabricate_rate = Some(0.1);
        let start = js_sys::Date::now();
        let mut batch = Batch::new(p);
        batch.run_all();
        let ms = js_sys::Date::now() - start;
        abnormal =
            batch.document()["abnormal_arl_persistence"]["abnormal_total"].as_u64().unwrap_or(0);
        best = best.min(ms);
    }
    assert!(abnormal > 0, "a 10% fabrication rate must give abnormal runs");
    console_log!(
        "{{\"scenario\":\"emergency-contract\",\"target\":\"wasm32 (Node)\",\"runs\":{runs},\"fabricate_rate\":0.1,\"abnormal\":{abnormal},\"best_seconds\":{},\"runs_per_second\":{}}}",
        best / 1000.0,
        (runs as f64 / (best / 1000.0)).round()
    );
}
