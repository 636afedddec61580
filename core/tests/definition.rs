//! The definition HITL gate against the reference's test file (`contracts.md` §12) and its
//! invariants over every candidate, natively and in headless Chromium (wasm32).
#![allow(clippy::unreachable, reason = "tests: an arm that cannot be reached is a failed test")]

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use maestro_core::audit::{self, Log};
use maestro_core::chain::ChainKey;
use maestro_core::face::{Advance, RunRequest, ScenarioRun};
use maestro_core::scenario;
use maestro_core::scenarios::policies::definition_gate::SCENARIO as DEFINITION_GATE;
use maestro_core::scenarios::policies::definition_gate::{self, MUST_FEATURES, RED_FLAGS};
use maestro_core::vocab::Decision;
use serde_json::Value;

/// A run with `met` of the five features (the first ones), the given red flags, and choices.
fn run(met: usize, flags: &[&str], choices: &[&str]) -> Box<dyn ScenarioRun> {
    let mut knobs: Vec<(String, String)> = MUST_FEATURES
        .iter()
        .enumerate()
        .map(|(i, f)| (f.to_string(), (i < met).to_string()))
        .collect();
    knobs.extend(flags.iter().map(|f| (f.to_string(), "true".to_string())));
    let req = RunRequest {
        knobs,
        choices: choices.iter().map(|c| c.to_string()).collect(),
        ..RunRequest::default()
    };
    match audit::run_request(&DEFINITION_GATE, &req) {
        Ok(run) => run,
        Err(e) => unreachable!("{e}"),
    }
}

fn log(run: &dyn ScenarioRun) -> Log {
    audit::log_of(run).unwrap_or_else(|e| unreachable!("{e}"))
}

fn evidence(log: &Log, row: usize, field: &str) -> Value {
    let e = log.rows.get(row).and_then(|r| r.fields.get("evidence")).cloned();
    e.and_then(|e| e.get(field).cloned()).unwrap_or(Value::Null)
}

#[test]
fn the_pack_hash_is_the_references() {
    assert_eq!(
        definition_gate::pack_hash().unwrap(),
        "sha256:35b2ff9a5cb864e3574c5bcbc3a18842744880c35a4525716be5f91a2e791a90"
    );
}

#[test]
fn three_of_five_pauses_and_approve_runs_in_two_records() {
    let waiting = run(3, &[], &[]);
    assert_eq!(waiting.state(), "PAUSE_FOR_HITL");
    let first = waiting.row(0).unwrap_or_else(|| unreachable!());
    assert_eq!((first.decision, first.reason), (Decision::PauseForHitl, "DEFINITION_AMBIGUOUS"));
    let l = log(&*waiting);
    assert_eq!(
        evidence(&l, 0, "suggested_choices"),
        serde_json::json!(["APPROVE", "REJECT", "REVISE_DEF", "STOP"])
    );
    let approved = run(3, &[], &["def:approve"]);
    assert_eq!(approved.emitted(), 2, "exactly two records");
    let second = approved.row(1).unwrap_or_else(|| unreachable!());
    assert_eq!(
        (second.layer, second.decision, second.reason),
        ("hitl_finalize", Decision::Run, "HITL_APPROVED")
    );
    let l = log(&*approved);
    assert_eq!(evidence(&l, 1, "final_decider"), "USER");
    assert_eq!(evidence(&l, 1, "final_choice"), "APPROVE");
    assert_eq!(evidence(&l, 1, "authority_basis"), "definition_ambiguous->hitl");
    assert_eq!(
        l.rows.get(1).and_then(|r| r.fields.get("final_decider")).cloned(),
        Some("USER".into())
    );
}

#[test]
fn five_of_five_runs_in_one_record_and_two_of_five_stops() {
    let r = run(5, &[], &[]);
    assert_eq!((r.emitted(), r.state()), (1, "RUN"));
    assert_eq!(r.row(0).map(|v| v.reason), Some("DEF_IN"));
    let r = run(2, &[], &[]);
    assert_eq!(r.state(), "STOPPED");
    assert_eq!(r.row(0).map(|v| v.reason), Some("DEF_OUT"));
    assert!(!r.sealed());
}

#[test]
fn a_red_flag_stops_sealed_and_refuses_every_answer() {
    for answer in ["def:approve", "def:reject", "def:revise_def", "def:stop"] {
        let r = run(5, &["pii_seeking_behavior"], &[answer]);
        assert_eq!(r.emitted(), 2, "two records");
        let first = r.row(0).unwrap_or_else(|| unreachable!());
        assert_eq!(
            (first.decision, first.reason, first.seal.sealed()),
            (Decision::Stopped, "SAFETY_RED_FLAG", true)
        );
        let second = r.row(1).unwrap_or_else(|| unreachable!());
        assert_eq!(
            (second.decision, second.reason, second.seal.sealed()),
            (Decision::Stopped, "NON_OVERRIDABLE_SAFETY", true)
        );
        let l = log(&*r);
        assert_eq!(evidence(&l, 1, "final_decider"), "SYSTEM");
        assert_eq!(evidence(&l, 1, "final_choice"), "STOP");
        assert_eq!(evidence(&l, 0, "non_overridable"), true);
        assert_eq!(r.state(), "STOPPED");
        assert!(r.sealed());
    }
}

#[test]
fn an_answer_when_the_gate_did_not_ask_changes_nothing() {
    let r = run(5, &[], &["def:stop"]);
    assert_eq!(r.emitted(), 2);
    let noop = r.row(1).unwrap_or_else(|| unreachable!());
    assert_eq!(
        (noop.layer, noop.decision, noop.reason),
        ("hitl_finalize", Decision::Run, "HITL_NOOP")
    );
    assert_eq!(r.state(), "RUN");
    assert!(r.paths().contains(&"hitl-noop"));
}

#[test]
fn every_candidate_follows_the_pack_and_its_log_verifies_and_replays() {
    for mask in 0u32..(1 << 8) {
        let on = |i: usize| mask >> i & 1 == 1;
        let mut knobs: Vec<(String, String)> = Vec::new();
        for (i, f) in MUST_FEATURES.iter().chain(&RED_FLAGS).enumerate() {
            knobs.push((f.to_string(), on(i).to_string()));
        }
        let met = (0..5).filter(|i| on(*i)).count();
        let flagged = (5..8).any(on);
        for choice in [None, Some("def:approve"), Some("def:stop")] {
            let req = RunRequest {
                knobs: knobs.clone(),
                choices: choice.into_iter().map(String::from).collect(),
                ..RunRequest::default()
            };
            let mut r = (DEFINITION_GATE.open)(&req).unwrap_or_else(|e| unreachable!("{e}"));
            while r.advance() == Advance::Row {}
            let first = r.row(0).unwrap_or_else(|| unreachable!());
            let expected = match (flagged, met) {
                (true, _) => "SAFETY_RED_FLAG",
                (false, 5) => "DEF_IN",
                (false, 0..=2) => "DEF_OUT",
                _ => "DEFINITION_AMBIGUOUS",
            };
            assert_eq!(first.reason, expected, "mask {mask:08b}");
            // A sealed row only ever for a red flag; nothing after a red flag runs.
            for i in 0..r.emitted() {
                let row = r.row(i).unwrap_or_else(|| unreachable!());
                assert!(!row.seal.sealed() || flagged, "mask {mask:08b}");
                assert!(!(flagged && row.decision == Decision::Run), "mask {mask:08b}");
            }
            let l = log(&*r);
            assert!(audit::verify(&l, &ChainKey::demo()).is_intact());
            assert!(audit::replay(&l).is_ok_and(|rp| rp.reproduced()), "mask {mask:08b}");
            assert_eq!(l.notes, Vec::new(), "mask {mask:08b}");
            // The confidence written is the pack's.
            let confidence = evidence(&l, 0, "definition").get("confidence").cloned();
            let (_, c) = definition_gate::classify(met);
            assert_eq!(confidence.and_then(|v| v.as_f64()), Some((c * 1000.0).round() / 1000.0));
        }
    }
}

#[test]
fn bad_knobs_and_answers_get_messages() {
    let bad = |knobs: &[(&str, &str)]| {
        let req = RunRequest {
            knobs: knobs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            ..RunRequest::default()
        };
        (DEFINITION_GATE.open)(&req).err().map(|e| e.to_string()).unwrap_or_default()
    };
    assert_eq!(bad(&[("routing", "maybe")]), "knob `routing`: `maybe` is not `true` or `false`");
    assert!(
        bad(&[("colour", "red")])
            .starts_with("knob `colour`: unknown knob (known: task_decomposition")
    );
    assert!(bad(&[("user_id", "root")]).contains("is not one of `student`, `teacher`, `reviewer`"));
    let mut r = run(3, &[], &[]);
    let e = r.resolve("coaching:approve").err().map(|e| e.said()).unwrap_or_default();
    assert!(e.en.contains("does not answer the pending decision"), "{e:?}");
    assert!(e.ja.contains("保留中の判断への答えではありません"), "{e:?}");
    assert_eq!(r.state(), "PAUSE_FOR_HITL");
    assert!(scenario::find("definition-gate").is_ok());
}
