//! The KAGE emergency orchestrator against the reference's outcome table
//! (`emergency-contract.md` §20) and its emit-time invariants over every knob combination and
//! answer script, natively and in headless Chromium.
#![allow(clippy::unreachable, reason = "tests: an arm that cannot be reached is a failed test")]
#![allow(clippy::indexing_slicing, reason = "test helpers: a panic is a failed test")]

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::rows;

use maestro_core::face::ScenarioRun;
use maestro_core::scenarios::emergency::kage_emergency::SCENARIO as KAGE_EMERGENCY;
use maestro_core::scenarios::emergency::kage_emergency::safe_run_id;

fn run(knobs: &[(&str, &str)], choices: &[&str]) -> Box<dyn ScenarioRun> {
    common::open(&KAGE_EMERGENCY, knobs, choices)
}

/// (state, the run's reason: the decisive row's, sealed, rows).
fn outcome(knobs: &[(&str, &str)], choices: &[&str]) -> (String, String, bool, usize) {
    let r = run(knobs, choices);
    let end = r.end().unwrap_or_else(|| unreachable!("the run waits"));
    (end.state.into(), end.reason.into(), end.sealed, rows(&*r).len())
}

fn o(state: &str, reason: &str, sealed: bool, n: usize) -> (String, String, bool, usize) {
    (state.into(), reason.into(), sealed, n)
}

const OK: &[&str] = &["auth:approve", "finalize:approve"];

#[test]
fn the_outcomes_follow_the_reference_table_with_the_decisive_rows_reason() {
    let r = run(&[], OK);
    assert_eq!(r.state(), "RUN");
    assert_eq!(rows(&*r).len(), 14);
    let last = rows(&*r).pop().unwrap_or_default();
    assert_eq!(
        (last["reason_code"].as_str(), last["real_world_effect"].as_bool()),
        (Some("CONTRACT_EFFECTIVE_SIMULATED"), Some(false))
    );
    assert_eq!(
        outcome(&[("scenario", "missing")], OK),
        o("PAUSE_FOR_HITL", "MEANING_MISSING_SCENARIO", false, 1)
    );
    assert_eq!(
        outcome(&[("scenario", "other")], OK),
        o("PAUSE_FOR_HITL", "MEANING_NOT_EMERGENCY_CONTRACT", false, 1)
    );
    assert_eq!(
        outcome(&[("context_mismatch", "true")], OK),
        o("PAUSE_FOR_HITL", "CONSISTENCY_BREAK", false, 2)
    );
    // The fix of the reference's quirk: a fabricated bundle reports its own reason.
    assert_eq!(
        outcome(&[("evidence", "fabricated")], OK),
        o("PAUSE_FOR_HITL", "EVIDENCE_FABRICATION", false, 4)
    );
    assert_eq!(outcome(&[], &["auth:reject"]), o("STOPPED", "AUTH_REJECT", false, 6));
    assert_eq!(
        outcome(&[("draft", "binding_claim")], &["auth:approve"]),
        o("STOPPED", "ETHICS_LEGAL_BINDING_CLAIM", true, 8)
    );
    assert_eq!(
        outcome(&[("draft", "discrimination")], &["auth:approve"]),
        o("STOPPED", "ETHICS_DISCRIMINATION_TERM", true, 8)
    );
    assert_eq!(
        outcome(&[("draft", "missing_disclaimer")], OK),
        o("PAUSE_FOR_HITL", "DRAFT_OUT_OF_SCOPE", false, 9)
    );
    assert_eq!(
        outcome(&[("requested_real_signal_control", "true")], &["auth:approve"]),
        o("STOPPED", "ACC_REAL_WORLD_CONTROL_BLOCKED", true, 10)
    );
    assert_eq!(
        outcome(&[("requested_external_effect", "true")], OK),
        o("PAUSE_FOR_HITL", "ACC_EXTERNAL_SIDE_EFFECT_REQUIRES_HITL", false, 10)
    );
    assert_eq!(
        outcome(&[("requested_external_effect", "true"), ("allow_external_effects", "true")], OK).0,
        "RUN"
    );
    assert_eq!(
        outcome(&[], &["auth:approve", "finalize:stop"]),
        o("STOPPED", "FINALIZE_STOP", false, 12)
    );
    // The decision point: a USER stop at RFL ends the run STOPPED, unsealed.
    assert_eq!(
        outcome(&[("ped_in_crosswalk", "false")], &["rfl:stop"]),
        o("STOPPED", "REL_BOUNDARY_UNSTABLE", false, 4)
    );
    assert_eq!(
        outcome(
            &[("priority_policy", "LIFE > VEHICLE")],
            &["rfl:continue", "auth:approve", "finalize:approve"]
        )
        .0,
        "RUN"
    );
}

#[test]
fn a_sealed_run_refuses_any_further_answer() {
    let r =
        run(&[("requested_real_signal_control", "true")], &["auth:approve", "finalize:approve"]);
    let last = rows(&*r).pop().unwrap_or_default();
    assert_eq!(
        (last["reason_code"].as_str(), last["sealed"].as_bool()),
        (Some("NON_OVERRIDABLE_SAFETY"), Some(true))
    );
    assert!(r.paths().contains(&"override-refused"));
}

#[test]
fn the_artifact_is_a_path_and_a_keyed_hash() {
    let r = run(&[], OK);
    let dispatch = rows(&*r).into_iter().find(|v| v["layer"] == "dispatch").unwrap_or_default();
    assert_eq!(
        dispatch["artifact_path"],
        "out/emergency_contract_kage/RUN#EMG-KAGE-001__contract_draft.md"
    );
    assert_eq!(dispatch["artifact_sha256"].as_str().map(str::len), Some(64));
    assert_eq!(dispatch["artifact_hmac"].as_str().map(str::len), Some(64));
    assert_eq!(safe_run_id("RUN#EMG KAGE/001"), "RUN#EMG_KAGE_001");
    assert_eq!(safe_run_id("///"), "run");
    assert_eq!(safe_run_id("__a b__"), "a_b");
}

#[test]
fn every_combination_keeps_the_invariants_and_its_log_verifies_and_replays() {
    let choices: [&[&str]; 4] = [
        &["rfl:continue", "auth:approve", "finalize:approve", "finalize:approve"],
        &["rfl:stop"],
        &["auth:reject"],
        &["rfl:continue", "auth:approve", "finalize:stop"],
    ];
    for scenario in ["case_b", "missing", "other"] {
        for policy in ["LIFE > PEDESTRIAN > VEHICLE", "LIFE > VEHICLE"] {
            for evidence in ["ok", "missing", "schema_invalid", "mismatch", "fabricated"] {
                for draft in ["standard", "binding_claim", "discrimination", "missing_disclaimer"] {
                    for (i, acc) in ["none", "external", "allowed", "real"].iter().enumerate() {
                        let mut knobs = vec![
                            ("scenario", scenario),
                            ("priority_policy", policy),
                            ("evidence", evidence),
                            ("draft", draft),
                        ];
                        match *acc {
                            "external" => knobs.push(("requested_external_effect", "true")),
                            "allowed" => knobs.extend([
                                ("requested_external_effect", "true"),
                                ("allow_external_effects", "true"),
                            ]),
                            "real" => knobs.push(("requested_real_signal_control", "true")),
                            _ => {}
                        }
                        let r = run(&knobs, choices[i % choices.len()]);
                        for v in rows(&*r) {
                            if v["sealed"] == true {
                                assert!(
                                    v["layer"] == "ethics_gate" || v["layer"] == "acc_gate",
                                    "{v}"
                                );
                                assert_eq!(
                                    (v["decision"].as_str(), v["final_decider"].as_str()),
                                    (Some("STOPPED"), Some("SYSTEM"))
                                );
                                assert_eq!(v["overrideable"], false);
                            }
                            if v["decision"] == "PAUSE_FOR_HITL" {
                                assert_eq!(v["sealed"], false);
                            }
                            assert_ne!(v["real_world_effect"], true);
                        }
                        if r.state() == "RUN" {
                            assert!(
                                rows(&*r).iter().any(|v| v["reason_code"] == "FINALIZE_APPROVE")
                            );
                        }
                        assert!(common::verifies_and_replays(&*r));
                    }
                }
            }
        }
    }
}
