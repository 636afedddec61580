//! Golden traces and contracts of the emergency-contract bench v5.1.2.
#![cfg(not(target_arch = "wasm32"))]

use maestro_core::chain::{self, ChainKey, read_arl};
use maestro_core::emergency::batch::{Batch, BatchParams, Incident};
use maestro_core::json::{self, Object};
use maestro_core::rng::RngKind;
use serde_json::Value;

const INCIDENTS: [&str; 4] = [
    include_str!("golden/reference/arl_fabricate4/INC#000001__SIM#B00001.arl.jsonl"),
    include_str!("golden/reference/arl_fabricate4/INC#000002__SIM#B00002.arl.jsonl"),
    include_str!("golden/reference/arl_fabricate4/INC#000003__SIM#B00003.arl.jsonl"),
    include_str!("golden/reference/arl_fabricate4/INC#000004__SIM#B00004.arl.jsonl"),
];
const RESULT: &str = include_str!("golden/reference/result_fabricate4.json");

/// Fields that depend on the reference's wall clock or random chain id.
const NONDETERMINISTIC: [&str; 8] = [
    "ts",
    "cooldown_until",
    "runtime_ms",
    "prev_hash",
    "row_hash",
    "chain_id",
    "generated_at",
    "created_at",
];

fn strip(mut v: Value) -> Value {
    match &mut v {
        Value::Object(m) => {
            for k in NONDETERMINISTIC {
                m.remove(k);
            }
            for (_, x) in m.iter_mut() {
                *x = strip(x.take());
            }
        }
        Value::Array(a) => {
            for x in a.iter_mut() {
                *x = strip(x.take());
            }
        }
        _ => {}
    }
    v
}

fn batch(p: BatchParams) -> (Value, Vec<Incident>, u64) {
    let mut b = Batch::new(p);
    b.run_all();
    (b.document(), b.take_incidents(), b.next_incident_id())
}

fn fabricate4() -> BatchParams {
    let mut p = BatchParams {
        save_arl_on_abnormal: true,
        arl_out_dir: "arl".into(),
        ..BatchParams::default()
    };
    p.knobs.fabricate = true;
    p.knobs.full_context_n = 5;
    p
}

#[test]
fn the_fabricated_batch_persists_the_reference_incident_bodies() {
    let (_, incidents, next) = batch(fabricate4());
    assert_eq!(incidents.len(), 4);
    assert_eq!(next, 5);
    for (inc, reference) in incidents.iter().zip(INCIDENTS) {
        let ours: Vec<Value> = inc.rows.iter().map(|o| strip(o.to_value())).collect();
        let theirs: Vec<Value> =
            reference.lines().map(|l| strip(serde_json::from_str(l).unwrap())).collect();
        assert_eq!(ours, theirs, "{}", inc.file_name);
        // Our own files verify too.
        let rows = read_arl(inc.jsonl().as_bytes()).unwrap();
        assert_eq!(chain::verify(&rows, &ChainKey::demo()), Ok(9));
    }
    assert_eq!(incidents[0].file_name, "INC#000001__SIM#B00001.arl.jsonl");
}

#[test]
fn the_fabricated_batch_result_matches_the_reference_document() {
    let (doc, _, _) = batch(fabricate4());
    let reference: Value = serde_json::from_str(RESULT).unwrap();
    for key in
        ["trust_before", "eval_before", "abnormal_arl_persistence", "trust_after", "eval_after"]
    {
        assert_eq!(strip(doc[key].clone()), strip(reference[key].clone()), "{key}");
    }
    let ours = strip(doc["runs_sample"].clone());
    let theirs = strip(reference["runs_sample"].clone());
    assert_eq!(ours, theirs);
    // The documented deviation: the primary row skips replayed context rows.
    assert_eq!(
        doc["hitl_queue"]["counts"]["by_reason_code_top20"],
        serde_json::json!({"EVIDENCE_FABRICATION": 4})
    );
    assert_eq!(
        reference["hitl_queue"]["counts"]["by_reason_code_top20"],
        serde_json::json!({"COACHING_AUTH_REQUIRED": 4})
    );
    let keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
    let ref_keys: Vec<&String> = reference.as_object().unwrap().keys().collect();
    assert_eq!(keys, ref_keys);
    let mut repro = strip(doc["repro_summary"].clone());
    let mut theirs = strip(reference["repro_summary"].clone());
    for v in [&mut repro, &mut theirs] {
        v["summary"]["by_reason_code_top20"] = Value::Null;
    }
    assert_eq!(repro, theirs);
    let _ = Object::new();
    let _ = json::line;
    let _ = RngKind::ChaCha;
}
