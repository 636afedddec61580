//! The confidential loop-guard against the reference's test file (`contracts.md` §13) and its
//! invariants over every budget, clean attempt and answer, natively and in headless Chromium.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

use maestro_core::face::ScenarioRun;
use maestro_core::scenarios::policies::confidential_loop_guard::SCENARIO as CONFIDENTIAL_LOOP_GUARD;
use maestro_core::scenarios::policies::confidential_loop_guard::{has_email, has_secret_token};
use maestro_core::vocab::Decision;

fn run(knobs: &[(&str, &str)], choices: &[&str]) -> Box<dyn ScenarioRun> {
    common::open(&CONFIDENTIAL_LOOP_GUARD, knobs, choices)
}

fn reasons(r: &dyn ScenarioRun) -> Vec<&'static str> {
    (0..r.emitted()).filter_map(|i| r.row(i)).map(|v| v.reason).collect()
}

fn count(r: &dyn ScenarioRun, layer: &str, reason: &str) -> usize {
    (0..r.emitted())
        .filter_map(|i| r.row(i))
        .filter(|v| v.layer == layer && v.reason == reason)
        .count()
}

fn clean_log(r: &dyn ScenarioRun) {
    let text = r.to_jsonl().unwrap_or_default();
    assert!(!has_email(&text), "an email-like string in the log");
    assert!(!has_secret_token(&text), "a secret token in the log");
    for line in text.lines() {
        assert!(serde_json::from_str::<serde_json::Value>(line).is_ok(), "{line}");
    }
}

#[test]
fn ack_on_the_warning_runs_to_the_budget_and_ends_the_session() {
    let r = run(&[], &["warn:ack"]);
    assert_eq!(r.emitted(), 18);
    assert_eq!(r.state(), "STOPPED");
    assert!(!r.sealed());
    assert_eq!(count(&*r, "mediator_advice", "MEDIATOR_REVISION_REQUEST_CONFIDENTIAL"), 4);
    assert_eq!(count(&*r, "rrl_loop_guard", "HITL_WARN_REV3"), 1);
    assert_eq!(count(&*r, "hitl_notify_user", "HITL_WARN_REV3"), 1);
    assert_eq!(count(&*r, "hitl_finalize", "HITL_ACK"), 1);
    assert_eq!(count(&*r, "rrl_loop_guard", "MAX_REV_EXCEEDED"), 1);
    assert_eq!(count(&*r, "hitl_notify_user", "HITL_NOTIFY_SESSION_ENDED"), 1);
    assert_eq!(count(&*r, "session_end", "SESSION_END"), 1);
    assert!(count(&*r, "hitl_notify_user", "HITL_NOTIFY_REVISION_REQUEST") >= 2);
    assert!((0..r.emitted()).filter_map(|i| r.row(i)).all(|v| !v.seal.sealed()));
    clean_log(&*r);
}

#[test]
fn stop_on_the_warning_ends_after_thirteen_rows() {
    let r = run(&[], &["warn:stop"]);
    assert_eq!(r.emitted(), 13);
    assert_eq!(r.state(), "STOPPED");
    assert_eq!(
        reasons(&*r).get(10..).map(<[_]>::to_vec),
        Some(vec!["HITL_STOP", "FINALIZE", "SESSION_END"])
    );
    let user = r.row(10).map(|v| (v.decider.to_string(), v.decision));
    assert_eq!(user, Some(("USER".to_string(), Decision::Stopped)));
    clean_log(&*r);
    let r = run(&[], &["warn:continue"]);
    assert_eq!((r.emitted(), r.state()), (18, "STOPPED"));
    assert_eq!(count(&*r, "hitl_finalize", "HITL_CONTINUE"), 1);
    clean_log(&*r);
}

#[test]
fn a_clean_draft_is_dispatched_and_the_run_ends_run() {
    let r = run(&[("clean_from_attempt", "2")], &[]);
    assert_eq!(
        reasons(&*r),
        vec![
            "AGENT_DRAFT_CREATED",
            "MEDIATOR_REVISION_REQUEST_CONFIDENTIAL",
            "HITL_NOTIFY_REVISION_REQUEST",
            "AGENT_REVISED_CREATED",
            "MEDIATOR_OK",
            "DISPATCH",
            "FINALIZE"
        ]
    );
    assert_eq!(r.state(), "RUN");
}

#[test]
fn the_warning_and_the_stop_follow_the_budget_parameter() {
    // The reference hard-codes 3 and 4; here the warning comes at max − 1 and the stop at max.
    for max in 1u64..=10 {
        let r = run(&[("max_same_issue", &max.to_string())], &["warn:ack"]);
        assert_eq!(
            count(&*r, "mediator_advice", "MEDIATOR_REVISION_REQUEST_CONFIDENTIAL") as u64,
            max
        );
        assert_eq!(count(&*r, "rrl_loop_guard", "MAX_REV_EXCEEDED"), 1);
        assert_eq!(count(&*r, "rrl_loop_guard", "HITL_WARN_REV3"), usize::from(max >= 2));
    }
}

#[test]
fn no_run_of_any_budget_answer_or_clean_attempt_leaks_or_breaks_its_log() {
    for max in 1u64..=6 {
        for clean in 0u64..=7 {
            for answer in ["warn:ack", "warn:continue", "warn:stop"] {
                let knobs = [
                    ("max_same_issue", max.to_string()),
                    ("clean_from_attempt", clean.to_string()),
                ];
                let knobs: Vec<(&str, &str)> =
                    knobs.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let r = run(&knobs, &[answer]);
                assert!(r.end().is_some(), "max {max} clean {clean} {answer}");
                clean_log(&*r);
                assert!(common::verifies_and_replays(&*r));
            }
        }
    }
}

#[test]
fn the_detectors_find_emails_and_secret_tokens() {
    assert!(has_email("write to alice@example.com now"));
    assert!(has_email("\"a@b.c\""));
    assert!(!has_email("user@localhost"));
    assert!(!has_email("@ mention and a.b"));
    assert!(has_secret_token("SECRET_TOKEN = abc"));
    assert!(has_secret_token("x secret_token=1"));
    assert!(!has_secret_token("secret_token = "));
    assert!(!has_secret_token("the secret token is hidden"));
}
