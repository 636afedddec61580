//! Emergency contract v4.1 against the reference's traces (`emergency-contract.md` §16: the
//! `continue`, `stop` and `fabricate` variants of a four-run session), natively and in headless
//! Chromium.

#![allow(clippy::indexing_slicing, reason = "test helpers: a panic is a failed test")]

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

use maestro_core::face::ScenarioRun;
use maestro_core::scenarios::emergency::emergency_v4_1::SCENARIO as EMERGENCY_V41;

fn run(knobs: &[(&str, &str)], choices: &[&str]) -> Box<dyn ScenarioRun> {
    common::open(&EMERGENCY_V41, knobs, choices)
}

/// Per run of the session (its rows carry its own `run_id`): (rows, last reason, sealed, trust
/// after, streak, authorisation).
fn session(r: &dyn ScenarioRun) -> Vec<(usize, String, bool, f64, u64, String)> {
    let text = r.to_jsonl().unwrap_or_default();
    let rows: Vec<serde_json::Value> = text
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .filter(|v: &serde_json::Value| v.get("layer").is_some())
        .collect();
    let mut ids: Vec<String> = Vec::new();
    for v in &rows {
        let id = v["run_id"].as_str().unwrap_or("").to_string();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    let mut trust = 0.9;
    let mut streak = 0;
    ids.iter()
        .map(|id| {
            let mine: Vec<&serde_json::Value> =
                rows.iter().filter(|v| v["run_id"] == id.as_str()).collect();
            let sealed = mine.iter().any(|v| v["sealed"] == true);
            for t in mine.iter().filter(|v| v["layer"] == "trust_update") {
                trust = t["trust_after"].as_f64().unwrap_or(-1.0);
                streak = t["approval_streak"].as_u64().unwrap_or(99);
            }
            let auth = mine
                .iter()
                .find(|v| v["layer"] == "hitl_auth")
                .map_or("-", |v| v["reason_code"].as_str().unwrap_or(""));
            let end = mine
                .iter()
                .rev()
                .find(|v| v["layer"] != "trust_update")
                .map_or("", |v| v["reason_code"].as_str().unwrap_or(""));
            (mine.len(), end.to_string(), sealed, trust, streak, auth.to_string())
        })
        .collect()
}

fn s(
    n: usize,
    end: &str,
    sealed: bool,
    trust: f64,
    streak: u64,
    auth: &str,
) -> (usize, String, bool, f64, u64, String) {
    (n, end.into(), sealed, trust, streak, auth.into())
}

#[test]
fn the_continue_variant_matches_the_reference_trace() {
    let r = run(&[], &["rfl:continue"]);
    assert_eq!(
        session(&*r),
        vec![
            s(15, "CONTRACT_EFFECTIVE", false, 0.93, 2, "AUTH_APPROVE"),
            s(16, "CONTRACT_EFFECTIVE", false, 0.96, 4, "AUTH_APPROVE"),
            s(15, "CONTRACT_EFFECTIVE", false, 0.99, 6, "AUTH_APPROVE"),
            s(14, "CONTRACT_EFFECTIVE", false, 1.0, 7, "AUTH_SKIPPED"),
        ]
    );
    assert_eq!(r.state(), "CONTRACT_EFFECTIVE");
}

#[test]
fn the_stop_variant_matches_the_reference_trace() {
    let r = run(&[], &["rfl:stop"]);
    assert_eq!(
        session(&*r),
        vec![
            s(15, "CONTRACT_EFFECTIVE", false, 0.93, 2, "AUTH_APPROVE"),
            s(4, "HITL_STOP", false, 0.93, 2, "-"),
            s(15, "CONTRACT_EFFECTIVE", false, 0.96, 4, "AUTH_APPROVE"),
            s(15, "CONTRACT_EFFECTIVE", false, 0.99, 6, "AUTH_APPROVE"),
        ]
    );
}

#[test]
fn the_fabricate_variant_matches_the_reference_trace() {
    let r = run(&[("fabricate", "true")], &["rfl:continue"]);
    assert_eq!(
        session(&*r),
        vec![
            s(6, "EVIDENCE_FABRICATION", true, 0.87, 0, "-"),
            s(7, "EVIDENCE_FABRICATION", true, 0.84, 0, "-"),
            s(6, "EVIDENCE_FABRICATION", true, 0.81, 0, "-"),
            s(6, "EVIDENCE_FABRICATION", true, 0.78, 0, "-"),
        ]
    );
    assert!(r.sealed());
}

#[test]
fn lint_failures_stop_unsealed_and_cost_trust() {
    for (draft, reason) in
        [("legal_binding", "DRAFT_ILLEGAL_BINDING"), ("out_of_scope", "DRAFT_OUT_OF_SCOPE")]
    {
        let r = run(&[("draft", draft), ("runs", "1")], &[]);
        let got = session(&*r);
        assert_eq!(got, vec![s(12, reason, false, 0.895, 0, "AUTH_APPROVE")], "{draft}");
        assert_eq!((r.state(), r.sealed()), ("STOPPED", false));
    }
}

#[test]
fn every_session_verifies_replays_and_keeps_the_invariants() {
    for runs in ["1", "2", "3", "7", "12"] {
        for fabricate in ["false", "true"] {
            for draft in ["ok", "legal_binding", "out_of_scope"] {
                for answer in ["rfl:continue", "rfl:stop"] {
                    let r = run(
                        &[("runs", runs), ("fabricate", fabricate), ("draft", draft)],
                        &[answer],
                    );
                    assert!(r.end().is_some());
                    let text = r.to_jsonl().unwrap_or_default();
                    for v in text
                        .lines()
                        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                    {
                        // Sealed at ethics or acc, or the RFL handler's refusal of a sealed run.
                        if v["sealed"] == true {
                            assert!(
                                v["layer"] == "ethics_gate"
                                    || v["layer"] == "acc_gate"
                                    || (v["layer"] == "hitl_finalize_rfl"
                                        && v["reason_code"] == "NON_OVERRIDABLE_SAFETY")
                            );
                        }
                        if v["layer"] == "relativity_gate" {
                            assert_eq!(v["sealed"], false);
                        }
                    }
                    assert!(common::verifies_and_replays(&*r));
                }
            }
        }
    }
}
