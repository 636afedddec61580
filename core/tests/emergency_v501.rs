//! Emergency contract v5.0.1 against its differences from v5.1.2 (`emergency-contract.md`
//! §15), natively and in headless Chromium.
#![allow(clippy::unreachable, reason = "tests: an arm that cannot be reached is a failed test")]
#![allow(clippy::indexing_slicing, reason = "test helpers: a panic is a failed test")]

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::rows;

use maestro_core::face::ScenarioRun;
use maestro_core::scenarios::emergency::emergency_v5_0_1::SCENARIO as EMERGENCY_V501;
use maestro_core::scenarios::emergency::lint::{DraftLint, LintVerdict};

fn run(knobs: &[(&str, &str)], choices: &[&str]) -> Box<dyn ScenarioRun> {
    common::open(&EMERGENCY_V501, knobs, choices)
}

fn of_run(r: &dyn ScenarioRun, id: &str) -> Vec<serde_json::Value> {
    rows(r).into_iter().filter(|v| v["run_id"] == id).collect()
}

const OK: &[&str] = &[
    "auth:approve",
    "finalize:approve",
    "auth:approve",
    "finalize:approve",
    "auth:approve",
    "finalize:approve",
    "finalize:approve",
];

#[test]
fn authorisation_is_asked_before_the_trust_gate_and_not_again_after_it() {
    let r = run(&[("runs", "4")], OK);
    let first = of_run(&*r, "SIM#B00001");
    let order: Vec<(String, String)> = first
        .iter()
        .map(|v| {
            (
                v["layer"].as_str().unwrap_or("").into(),
                v["reason_code"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    let at = |layer: &str, reason: &str| order.iter().position(|(l, c)| l == layer && c == reason);
    let asked = at("acc_gate", "AUTH_REQUIRED").unwrap_or(usize::MAX);
    let gate = at("model_trust_gate", "TRUST_SCORE_LOW").unwrap_or(0);
    assert!(asked < gate, "{order:?}");
    assert_eq!(order.iter().filter(|(l, c)| l == "acc_gate" && c == "TRUST_SCORE_LOW").count(), 0);
    // The coaching pause is at acc_gate; TRUST_SCORE_LOW has no grant id; AUTH_APPROVE has the ids.
    assert!(at("acc_gate", "COACHING_AUTH_REQUIRED").is_some());
    let low =
        first.iter().find(|v| v["reason_code"] == "TRUST_SCORE_LOW").cloned().unwrap_or_default();
    assert!(low.get("grant_id").is_none());
    let approve =
        first.iter().find(|v| v["reason_code"] == "AUTH_APPROVE").cloned().unwrap_or_default();
    assert_eq!(approve["auth_request_id"], "AUTHREQ#SIM#B00001");
    assert_eq!(approve["auth_id"], "EMG-7K3P9Q");
    // Valid evidence names the policy pack.
    let ok = first.iter().find(|v| v["reason_code"] == "EVIDENCE_OK").cloned().unwrap_or_default();
    assert_eq!(ok["policy_pack_hash"], "POLICY_PACK#SIM#V4_8_2");
    // Run 4 is automatic: AUTH_SKIPPED with the grant.
    let fourth = of_run(&*r, "SIM#B00004");
    let skipped =
        fourth.iter().find(|v| v["reason_code"] == "AUTH_SKIPPED").cloned().unwrap_or_default();
    assert_eq!(
        (skipped["layer"].as_str(), skipped["mode"].as_str()),
        (Some("hitl_auth"), Some("auto"))
    );
    assert!(skipped["grant_id"].as_str().is_some());
}

#[test]
fn eval_and_reward_rows_are_written_for_every_run() {
    let auth_only: &[&str] = &["auth:approve", "auth:approve", "auth:approve"];
    for (knobs, script) in [
        (&[("runs", "3")][..], OK),
        (&[("runs", "3"), ("fabricate", "true")][..], &[][..]),
        (&[("runs", "3"), ("draft", "legal_binding")][..], auth_only),
    ] {
        let r = run(knobs, script);
        assert!(r.end().is_some(), "{knobs:?}");
        for id in ["SIM#B00001", "SIM#B00002", "SIM#B00003"] {
            let mine = of_run(&*r, id);
            let layers: Vec<&str> = mine.iter().filter_map(|v| v["layer"].as_str()).collect();
            assert_eq!(layers[layers.len() - 2..], ["eval_score", "hitl_reward"], "{knobs:?} {id}");
        }
    }
    let r = run(&[("runs", "1")], OK);
    let reward = rows(&*r).pop().unwrap_or_default();
    assert_eq!(
        (reward["reason_code"].as_str(), reward["clean_completion"].as_bool()),
        (Some("REWARD_GRANTED"), Some(true))
    );
}

#[test]
fn the_earlier_lint_rule_excuses_a_claim_after_an_unrelated_negation() {
    let lint = DraftLint::new();
    let body = "AI is used for drafting only. no operational effect. draft. ADMIN approval. ";
    let text = format!("{body}There is no delay. This contract is binding.");
    assert_eq!(lint.check_earlier(&text), LintVerdict::Ok, "the version's bug, kept");
    assert!(matches!(lint.check(&text), LintVerdict::LegalBinding { .. }), "v5.1.2 fixes it");
    let r = run(&[("runs", "1"), ("draft", "negated_elsewhere")], OK);
    assert_eq!(r.state(), "CONTRACT_EFFECTIVE");
    let r = run(&[("runs", "1"), ("draft", "legal_binding")], OK);
    assert_eq!((r.state(), r.sealed()), ("STOPPED", true));
}

#[test]
fn every_session_verifies_and_replays() {
    for runs in ["1", "2", "5"] {
        for fabricate in ["false", "true"] {
            for draft in ["ok", "legal_binding", "negated_elsewhere", "out_of_scope"] {
                for script in [OK, &["auth:reject", "auth:approve", "finalize:stop"][..]] {
                    let r =
                        run(&[("runs", runs), ("fabricate", fabricate), ("draft", draft)], script);
                    for v in rows(&*r) {
                        if v["sealed"] == true {
                            assert!(v["layer"] == "ethics_gate" || v["layer"] == "acc_gate");
                        }
                    }
                    assert!(common::verifies_and_replays(&*r), "{runs} {fabricate} {draft}");
                }
            }
        }
    }
}

#[test]
fn every_pause_or_stop_opens_an_incident_and_only_abnormal_runs_get_a_file() {
    use maestro_core::chain::ChainKey;
    use maestro_core::face::RunRequest;
    use maestro_core::scenarios::emergency::emergency_v5_0_1::{
        EmergencyV501, POST_CONTEXT, Persistence, session_output,
    };
    use maestro_core::stepwise::StepRun;
    // Run 1 completes, run 2 is refused by the USER (abnormal: STOPPED), run 3 completes.
    let req = RunRequest {
        knobs: vec![("runs".into(), "3".into())],
        choices: ["auth:approve", "finalize:approve", "auth:reject"]
            .iter()
            .map(|c| c.to_string())
            .collect(),
        ..RunRequest::default()
    };
    let mut session = StepRun::<EmergencyV501>::open(&req).unwrap_or_else(|e| unreachable!("{e}"));
    loop {
        match session.advance() {
            maestro_core::face::Advance::Row => {}
            maestro_core::face::Advance::Ended => break,
            maestro_core::face::Advance::Hitl => {
                let first = session.pending().and_then(|p| p.options.first().map(|o| o.token));
                let token = first.unwrap_or_else(|| unreachable!("a point without answers"));
                session.resolve(token).unwrap_or_else(|e| unreachable!("{e}"));
            }
        }
    }
    assert!(session.end().is_some());
    let key = ChainKey::demo();
    for n in [0usize, 2, 5] {
        let p = Persistence {
            full_context_n: n,
            max_arl_files: 1000,
            arl_out_dir: "arl",
            key: &key,
            key_mode: "demo",
        };
        let output = session_output(session.bench(), session.rows(), &p)
            .unwrap_or_else(|e| unreachable!("{e:?}"));
        let names: Vec<&str> = output.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["SIM#B00002.arl.jsonl"], "{n}");
        let runs = output.results["runs"].as_array().cloned().unwrap_or_default();
        let states: Vec<&str> = runs.iter().filter_map(|r| r["final_state"].as_str()).collect();
        assert_eq!(states, ["CONTRACT_EFFECTIVE", "STOPPED", "CONTRACT_EFFECTIVE"]);
        assert_eq!(output.results["hitl_queue"]["counts"]["queue_size"], 1);
        for (f, run) in output.files.iter().zip(&runs[1..]) {
            let log = maestro_core::audit::import(f.text.as_bytes())
                .unwrap_or_else(|e| unreachable!("{e}"));
            assert!(maestro_core::audit::verify(&log, &key).is_intact(), "{}", f.name);
            let rows: Vec<serde_json::Value> =
                f.text.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
            assert_eq!(rows.len(), f.rows);
            // The file holds exactly the run's `arl` in the results document.
            assert_eq!(Some(&rows), run["arl"].as_array());
            assert!(rows.iter().all(|v| v["run_id"] == "SIM#B00002"));
            let replayed = rows.iter().filter(|v| v["context_replay"] == true).count();
            assert!(replayed <= n, "{n}: {replayed}");
            assert!(rows.iter().filter(|v| v["context_post"] == true).count() <= 2 * POST_CONTEXT);
            assert!(rows.iter().all(|v| v["log_level"] == "FULL"));
            // Every pause or stop of the run is in its file, and so are the eval and reward rows.
            let layers: Vec<&str> = rows.iter().filter_map(|v| v["layer"].as_str()).collect();
            assert!(layers.contains(&"eval_score") && layers.contains(&"hitl_reward"));
            assert!(rows.iter().any(|v| v["reason_code"] == "AUTH_REQUIRED"));
            assert!(rows.iter().any(|v| v["reason_code"] == "AUTH_REJECT"));
            // Nothing is written twice.
            let stamps: std::collections::BTreeSet<&str> =
                rows.iter().filter_map(|v| v["ts"].as_str()).collect();
            assert_eq!(stamps.len(), rows.len(), "{}", f.name);
        }
    }
}
