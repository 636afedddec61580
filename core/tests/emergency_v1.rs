//! Emergency contract v1 against the reference's outcomes (`emergency-contract.md` §17): the
//! event checks in order, the TTL on the simulated clock, the revise pauses, and every script
//! of answers, natively and in headless Chromium.
#![allow(clippy::unreachable, reason = "tests: an arm that cannot be reached is a failed test")]
#![allow(clippy::indexing_slicing, reason = "test helpers: a panic is a failed test")]

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::rows;

use maestro_core::audit;
use maestro_core::face::{RunRequest, ScenarioRun};
use maestro_core::scenarios::emergency::emergency_v1::SCENARIO as EMERGENCY_V1;
use maestro_core::scenarios::emergency::emergency_v1::{AUTH_ANSWERS, FINALIZE_ANSWERS};

fn run(delay: &str, choices: &[&str]) -> Box<dyn ScenarioRun> {
    let req = RunRequest {
        knobs: vec![("answer_delay_s".into(), delay.into())],
        choices: choices.iter().map(|c| c.to_string()).collect(),
        ..RunRequest::default()
    };
    audit::run_request(&EMERGENCY_V1, &req).unwrap_or_else(|e| unreachable!("{e}"))
}

fn reasons(r: &dyn ScenarioRun) -> Vec<String> {
    rows(r).iter().map(|v| v["reason_code"].as_str().unwrap_or("").to_string()).collect()
}

#[test]
fn approving_both_makes_the_contract_effective() {
    let r = run("10", &["auth:approve", "finalize:approve"]);
    assert_eq!(
        reasons(&*r),
        [
            "OK",
            "OK",
            "OK",
            "AUTH_REQUIRED",
            "AUTH_APPROVE",
            "DRAFT_GENERATED",
            "ADMIN_FINALIZE_REQUIRED",
            "FINALIZE_APPROVE",
            "CONTRACT_EFFECTIVE"
        ]
    );
    assert_eq!(r.state(), "CONTRACT_EFFECTIVE");
    assert_eq!(rows(&*r)[2]["overrideable"], true, "the RFL row is overrideable");
    assert_eq!(rows(&*r)[8]["contract_id"], "CONTRACT#V1-0001");
}

#[test]
fn revise_keeps_the_pause_open_and_is_overrideable() {
    let r = run("10", &["auth:revise"]);
    assert_eq!(r.state(), "PAUSE_FOR_HITL_AUTH");
    assert!(r.pending().is_some());
    let last = rows(&*r).pop().unwrap_or_default();
    assert_eq!(
        (last["reason_code"].as_str(), last["overrideable"].as_bool()),
        (Some("AUTH_REVISE"), Some(true))
    );
    let r = run("10", &["auth:approve", "finalize:revise", "finalize:stop"]);
    assert_eq!(r.state(), "STOPPED");
    assert!(!r.sealed());
    assert_eq!(reasons(&*r)[7..], ["FINALIZE_REVISE".to_string(), "FINALIZE_STOP".to_string()]);
    let r = run("10", &["auth:reject"]);
    assert_eq!((r.state(), r.sealed()), ("STOPPED", false));
    assert_eq!(rows(&*r)[4]["final_decider"], "USER");
}

#[test]
fn invalid_events_and_expired_requests_seal_and_seals_refuse_everything() {
    let r = run("10", &["auth:by-admin", "finalize:approve"]);
    assert_eq!(
        reasons(&*r)[4..],
        ["INVALID_EVENT".to_string(), "NON_OVERRIDABLE_SAFETY".to_string()]
    );
    assert!(r.sealed());
    let r = run("121", &["auth:approve"]);
    assert_eq!(reasons(&*r).last().map(String::as_str), Some("AUTH_EXPIRED"));
    // The answer arrives 121 simulated seconds after the request.
    let ts: Vec<String> =
        rows(&*r).iter().map(|v| v["ts"].as_str().unwrap_or("").to_string()).collect();
    assert_eq!(
        (ts[3].as_str(), ts[4].as_str()),
        ("2026-04-22T10:15:33+09:00", "2026-04-22T10:17:34+09:00")
    );
    let r = run("120", &["auth:approve"]);
    assert_eq!(reasons(&*r).last().map(String::as_str), Some("ADMIN_FINALIZE_REQUIRED"));
    // An event when nothing waits is invalid.
    let r = run("10", &["auth:reject", "auth:approve"]);
    assert_eq!(reasons(&*r).last().map(String::as_str), Some("INVALID_EVENT"));
    assert!(r.sealed());
}

#[test]
fn every_script_keeps_the_invariants_and_verifies_and_replays() {
    let tokens: Vec<&str> = AUTH_ANSWERS.iter().chain(FINALIZE_ANSWERS).map(|a| a.token).collect();
    let mut state = 12345u64;
    for delay in ["0", "60", "120", "121", "3600"] {
        for _ in 0..60 {
            let script: Vec<&str> = (0..5)
                .map(|_| {
                    state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    tokens[(state >> 33) as usize % tokens.len()]
                })
                .collect();
            let r = run(delay, &script);
            for v in rows(&*r) {
                if v["sealed"] == true {
                    assert_eq!(
                        (v["layer"].as_str(), v["decision"].as_str(), v["final_decider"].as_str()),
                        (Some("acc_gate"), Some("STOPPED"), Some("SYSTEM"))
                    );
                }
            }
            if r.state() == "CONTRACT_EFFECTIVE" {
                assert!(delay.parse::<u64>().unwrap_or(0) <= 120);
                assert!(!r.sealed());
            }
            assert!(common::verifies_and_replays(&*r), "{delay} {script:?}");
        }
    }
}

#[test]
fn an_event_after_an_unsealed_end_seals_and_decides_the_run_but_a_refusal_decides_nothing() {
    let mut r = run("0", &["auth:reject"]);
    while r.advance() == maestro_core::face::Advance::Row {}
    let end = r.end().unwrap_or_else(|| unreachable!());
    assert_eq!((end.state, end.sealed, end.reason), ("STOPPED", false, "AUTH_REJECT"));
    assert_eq!(r.override_token(), None, "an unsealed end offers no override");
    // A late event seals the run as an invalid event: that row now decides it.
    assert_eq!(r.resolve("auth:approve"), Ok(()));
    let end = r.end().unwrap_or_else(|| unreachable!());
    assert_eq!((end.sealed, end.reason), (true, "INVALID_EVENT"));
    // Trying to continue the sealed run is refused, and the verdict stands.
    let token = r.override_token().unwrap_or_else(|| unreachable!());
    while r.advance() == maestro_core::face::Advance::Row {}
    assert_eq!(r.resolve(token), Ok(()));
    assert_eq!(reasons(&*r).last().map(String::as_str), Some("NON_OVERRIDABLE_SAFETY"));
    assert_eq!(r.end().map(|e| e.reason), Some("INVALID_EVENT"));
}
