//! The stage-3 loop-budget policy against the reference's test file (`contracts.md`, the
//! loop-policy contracts), and the bench's invariants over every budget, fault and script,
//! natively and in headless Chromium.
#![allow(clippy::unreachable, reason = "tests: an arm that cannot be reached is a failed test")]
#![allow(clippy::indexing_slicing, reason = "test helpers: a panic is a failed test")]

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

use maestro_core::arl::Seal;
use maestro_core::face::{RunRequest, ScenarioRun};
use maestro_core::json::Object;
use maestro_core::scenarios::policies::loop_budget::SCENARIO as LOOP_BUDGET;
use maestro_core::scenarios::policies::loop_budget::{
    Event, Kind, Layer, Policy, Reason, ResetReason, Spec,
};
use maestro_core::vocab::{Code, Decision};

fn pause(id: &str) -> Event {
    Event {
        event_id: id.into(),
        session_id: "s1".into(),
        conflict_fingerprint: "c1".into(),
        layer: Layer::RelativityGate,
        decision: Decision::PauseForHitl,
        kind: Kind::HitlPause,
        reason: Reason::RelBoundaryUnstable,
        seal: Seal::Overrideable,
        payload: Object::new(),
    }
}

fn one(events: Vec<Event>) -> Event {
    assert_eq!(events.len(), 1, "{events:?}");
    events.into_iter().next().unwrap_or_else(|| unreachable!())
}

#[test]
fn kinds_and_decisions_are_disjoint() {
    for k in Kind::NAMES {
        assert!(Decision::parse(k).is_none(), "{k}");
    }
}

#[test]
fn four_pauses_give_one_plan_request_one_recommendation_and_a_sealed_stop() {
    let mut p = Policy::new(Spec::DEFAULT);
    let mut plan = Vec::new();
    let mut end = Vec::new();
    for i in 1..=4u32 {
        let (count, out) = p.count(&pause(&format!("e{i}")));
        assert_eq!(count, i);
        for e in out {
            match e.kind {
                Kind::PlanRequested => plan.push(e),
                Kind::EndRecommended => end.push(e),
                other => unreachable!("{other:?}"),
            }
        }
    }
    let plan = one(plan);
    assert_eq!((plan.decision, plan.layer), (Decision::PauseForHitl, Layer::Mediation));
    assert_eq!(plan.reason, Reason::RelPlanRequestedAfter3Hitl);
    assert_eq!(plan.event_id, "e3::plan_requested");
    let end = one(end);
    assert_eq!((end.decision, end.layer), (Decision::EndSessionRecommended, Layer::AccGate));
    assert_eq!(end.seal, Seal::Overrideable);
    let stop = one(p.stop(&end));
    assert_eq!((stop.kind, stop.decision), (Kind::Stopped, Decision::Stopped));
    assert_eq!(stop.seal, Seal::Sealed);
    assert_eq!(stop.reason, Reason::AccEndSessionAfter4Hitl);
    assert_eq!(stop.layer, Layer::Maestro);
    // Once per session, and the terminal guard answers everything afterwards.
    assert!(p.stop(&end).is_empty());
    let guard = p.guard(&pause("e5")).unwrap_or_else(|| unreachable!());
    assert_eq!((guard.kind, guard.decision), (Kind::Stopped, Decision::Stopped));
    assert_eq!(guard.reason, Reason::AccStoppedIsTerminal);
    assert_eq!(guard.seal, Seal::Sealed);
    assert_eq!(guard.event_id, "e5::terminal_guard");
}

#[test]
fn a_repeated_event_id_does_not_count_again() {
    let mut p = Policy::new(Spec::DEFAULT);
    assert_eq!(p.count(&pause("e1")).0, 1);
    assert_eq!(p.count(&pause("e1")).0, 1);
    assert_eq!(p.count(&pause("e2")).0, 2);
}

#[test]
fn the_plan_flow_happens_once_and_plan_events_never_count() {
    let mut p = Policy::new(Spec::DEFAULT);
    let mut request = None;
    for i in 1..=3 {
        request = p.count(&pause(&format!("e{i}"))).1.into_iter().next().or(request);
    }
    let request = request.unwrap_or_else(|| unreachable!());
    let dispatched = one(p.dispatch(&request));
    assert_eq!(dispatched.reason, Reason::MaestroPlanRequestDispatched);
    assert!(p.dispatch(&request).is_empty());
    let proposed = one(p.propose(&dispatched, "a plan"));
    assert_eq!(proposed.payload.get("plan"), Some(&serde_json::Value::from("a plan")));
    assert!(p.propose(&dispatched, "a plan").is_empty());
    let received = one(p.acknowledge(&proposed));
    assert_eq!(received.reason, Reason::MaestroPlanReceived);
    assert!(p.acknowledge(&proposed).is_empty());
    for e in [&request, &dispatched, &proposed, &received] {
        let (count, out) = p.count(e);
        assert_eq!(count, 3);
        assert!(out.is_empty());
    }
    // Other kinds are ignored by the proposal and the acknowledgement before validation.
    assert!(p.propose(&request, "x").is_empty());
    assert!(p.acknowledge(&dispatched).is_empty());
}

#[test]
fn missing_keys_and_bad_pairings_fail_closed() {
    let mut p = Policy::new(Spec::DEFAULT);
    let mut blank = pause("");
    blank.kind = Kind::PlanRequested;
    blank.session_id.clear();
    blank.conflict_fingerprint.clear();
    let fail = one(p.dispatch(&blank));
    assert_eq!((fail.decision, fail.reason), (Decision::PauseForHitl, Reason::SpecMissingKeys));
    assert_eq!(fail.seal, Seal::Overrideable);
    assert_eq!(fail.kind, Kind::PlanReceived);
    assert_eq!(fail.payload.get("note"), Some(&serde_json::Value::from("fail-closed")));
    // A pause with missing keys is ignored by the counter.
    assert_eq!(p.count(&blank).0, 0);

    let mut bad = pause("e9");
    bad.kind = Kind::EndRecommended;
    let fail = one(p.stop(&bad));
    assert_eq!((fail.decision, fail.reason), (Decision::PauseForHitl, Reason::SpecInvalidInput));
    assert_eq!(fail.seal, Seal::Overrideable);
    assert_eq!(fail.kind, Kind::PlanReceived);
    assert_eq!(fail.event_id, "e9::fail_closed");
    assert_eq!(
        fail.payload.get("original_kind"),
        Some(&serde_json::Value::from("K_END_RECOMMENDED"))
    );
    assert!(!p.is_stopped("s1"));
    let none = maestro_core::scenarios::policies::loop_budget::fail_closed(
        None,
        Layer::Maestro,
        Reason::SpecMissingKeys,
    );
    assert_eq!(none.event_id, "fail_closed");
    assert_eq!(none.payload.get("original"), Some(&serde_json::Value::Null));
}

#[test]
fn a_new_session_clears_the_stop_and_the_plan_keys() {
    let mut p = Policy::new(Spec::DEFAULT);
    let mut events = Vec::new();
    for i in 1..=4 {
        events.extend(p.count(&pause(&format!("e{i}"))).1);
    }
    let request = events.iter().find(|e| e.kind == Kind::PlanRequested).cloned();
    let request = request.unwrap_or_else(|| unreachable!());
    let dispatched = one(p.dispatch(&request));
    let proposed = one(p.propose(&dispatched, "plan"));
    one(p.acknowledge(&proposed));
    let end = events.iter().find(|e| e.kind == Kind::EndRecommended).cloned();
    one(p.stop(&end.unwrap_or_else(|| unreachable!())));
    assert!(p.is_stopped("s1"));
    p.new_session("s1");
    assert!(!p.is_stopped("s1"));
    assert!(p.guard(&pause("e5")).is_none());
    assert_eq!(p.count_of("s1", "c1"), 0);
    // The same ids count again, and the plan flow runs again.
    assert_eq!(p.count(&pause("e1")).0, 1);
    one(p.dispatch(&request));
    one(p.propose(&dispatched, "plan"));
    one(p.acknowledge(&proposed));
}

#[test]
fn a_conflict_reset_needs_a_different_fingerprint() {
    let mut p = Policy::new(Spec::DEFAULT);
    p.count(&pause("e1"));
    p.count(&pause("e2"));
    assert!(!p.reset_conflict("s1", "c1", "c1", ResetReason::ConflictFingerprintChange));
    assert_eq!(p.count_of("s1", "c1"), 2);
    assert!(p.reset_conflict("s1", "c1", "c2", ResetReason::UserProvidesRequiredInfo));
    assert_eq!(p.count_of("s1", "c1"), 0);
}

#[test]
fn the_specification_rules_are_enforced() {
    assert!(Spec::new(0, 1).is_err());
    assert!(Spec::new(4, 0).is_err());
    assert!(Spec::new(4, 4).is_err());
    assert_eq!(Spec::new(4, 3), Ok(Spec::DEFAULT));
    let req = RunRequest {
        knobs: vec![
            ("hitl_max_rounds".into(), "3".into()),
            ("plan_request_round".into(), "3".into()),
        ],
        ..RunRequest::default()
    };
    let err = (LOOP_BUDGET.open)(&req).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("SPEC_INVALID") && err.contains("plan_request_round"), "{err}");
}

fn run(knobs: &[(&str, &str)], choices: &[&str]) -> Box<dyn ScenarioRun> {
    common::open(&LOOP_BUDGET, knobs, choices)
}

fn reasons(r: &dyn ScenarioRun) -> Vec<&'static str> {
    (0..r.emitted()).filter_map(|i| r.row(i)).map(|v| v.reason).collect()
}

#[test]
fn the_bench_runs_the_reference_sequence_for_one_conflict() {
    let u = "human:unresolved";
    let r = run(&[], &[u, u, u, "after:pause"]);
    assert_eq!(
        reasons(&*r),
        vec![
            "REL_BOUNDARY_UNSTABLE",
            "REL_BOUNDARY_UNSTABLE",
            "REL_BOUNDARY_UNSTABLE",
            "REL_PLAN_REQUESTED_AFTER_3_HITL",
            "MAESTRO_PLAN_REQUEST_DISPATCHED",
            "MEDIATION_PLAN_PROPOSED",
            "MAESTRO_PLAN_RECEIVED",
            "REL_BOUNDARY_UNSTABLE",
            "ACC_LOOP_BUDGET_EXCEEDED",
            "ACC_END_SESSION_AFTER_4_HITL",
            "ACC_STOPPED_IS_TERMINAL",
        ]
    );
    assert_eq!((r.state(), r.sealed()), ("STOPPED", true));
    assert_eq!(
        r.paths(),
        vec!["plan-flow", "sealed-stop", "terminal-guard", "hitl:human:unresolved"]
    );
}

#[test]
fn faults_fail_closed_in_the_bench() {
    let u = "human:unresolved";
    let r = run(&[("fault", "missing_keys")], &[u, u, u]);
    assert!(reasons(&*r).contains(&"SPEC_MISSING_KEYS"));
    assert!(!reasons(&*r).contains(&"MEDIATION_PLAN_PROPOSED"));
    assert_eq!(r.state(), "STOPPED");
    let r = run(&[("fault", "bad_pairing")], &[u, u, u, u, u]);
    assert!(reasons(&*r).contains(&"SPEC_INVALID_INPUT"));
    assert!(!reasons(&*r).contains(&"ACC_END_SESSION_AFTER_4_HITL"));
    assert_eq!((r.state(), r.sealed()), ("PAUSE_FOR_HITL", false));
    assert!(r.pending().is_some());
}

#[test]
fn resets_start_the_count_again() {
    let u = "human:unresolved";
    let r = run(&[], &[u, u, "human:new-info", u, u, "human:new-session", u, "human:resolve"]);
    assert!(!reasons(&*r).contains(&"ACC_LOOP_BUDGET_EXCEEDED"));
    assert_eq!(reasons(&*r).iter().filter(|c| **c == "MAESTRO_PLAN_RECEIVED").count(), 2);
    assert_eq!((r.state(), r.sealed()), ("RUN", false));
    let log = r.to_jsonl().unwrap_or_default();
    assert!(log.contains("\"session_id\": \"S-2\""));
    assert!(log.contains("user_provides_required_info_for_blocking_fields"));
    assert!(log.contains("explicit_new_session_start"));
}

/// A small deterministic generator for scripts (the property runs are reproducible).
fn scripts() -> Vec<Vec<&'static str>> {
    let tokens = ["human:unresolved", "human:new-info", "human:new-session", "human:resolve"];
    let mut state = 0x9e37_79b9_u64;
    (0..200)
        .map(|_| {
            let mut s = Vec::new();
            for _ in 0..12 {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                let i = (state >> 33) as usize % (tokens.len() + 1);
                s.push(tokens.get(i).copied().unwrap_or("after:pause"));
            }
            s
        })
        .collect()
}

#[test]
fn every_run_keeps_the_budget_and_its_log_verifies() {
    for max in 2u32..=5 {
        for plan in 1..max {
            for fault in ["none", "missing_keys", "bad_pairing"] {
                for script in scripts().iter().take(40) {
                    let knobs = [
                        ("hitl_max_rounds", max.to_string()),
                        ("plan_request_round", plan.to_string()),
                        ("fault", fault.to_string()),
                    ];
                    let knobs: Vec<(&str, &str)> =
                        knobs.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    let r = run(&knobs, script);
                    assert!(common::verifies_and_replays(&*r));
                    // No conflict of a session is counted beyond the budget without a stop or
                    // a fail-closed answer, and only Maestro seals.
                    let text = r.to_jsonl().unwrap_or_default();
                    let mut over = false;
                    for line in text.lines() {
                        let v: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
                        let count = v["payload"]["hitl_count"].as_u64().unwrap_or(0);
                        if v["kind"] == "K_HITL_PAUSE" && count > u64::from(max) {
                            over = true;
                        }
                        if v["sealed"] == true {
                            assert_eq!(v["layer"], "maestro");
                            assert_eq!(v["decision"], "STOPPED");
                        }
                    }
                    if over && fault == "none" {
                        unreachable!("a conflict was counted past its budget: {script:?}");
                    }
                    if r.sealed() {
                        assert_eq!(r.state(), "STOPPED");
                    }
                }
            }
        }
    }
}
