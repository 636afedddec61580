//! KAGE3 v1.3.5 and its benchmark suite against the reference's profile tests
//! (`doc-orchestrators.md` §4.2), figures computed with CPython's own `random.Random`, and the
//! scenario's invariants, natively and in headless Chromium.
#![allow(clippy::unreachable, reason = "tests: an arm that cannot be reached is a failed test")]
#![allow(clippy::indexing_slicing, reason = "test helpers: a panic is a failed test")]

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use maestro_core::audit;
use maestro_core::chain::ChainKey;
use maestro_core::face::{RunRequest, ScenarioRun};
use maestro_core::rng::RngKind;
use maestro_core::scenarios::orchestrators::kage3_v1_3_5::SCENARIO as KAGE3_V135;
use maestro_core::scenarios::orchestrators::kage3_v1_3_5::{
    FaultsError, KindFaults, NO_FAULTS, Resolver, Runaway, benchmark, derived, infer_tasks,
    parse_faults, profiles, run_memory, scorecard,
};
use maestro_core::vocab::Decision;

fn profile(name: &str, runs: u64) -> maestro_core::scenarios::orchestrators::kage3_v1_3_5::Profile {
    let mut p = profiles().into_iter().find(|p| p.name == name).unwrap_or_else(|| unreachable!());
    p.runs = runs;
    p
}

fn f(report: &maestro_core::json::Object, key: &str) -> f64 {
    report.get(key).and_then(serde_json::Value::as_f64).unwrap_or(-1.0)
}

#[test]
fn the_profiles_meet_the_reference_thresholds() {
    for rng in [RngKind::CpythonMt, RngKind::ChaCha] {
        let r = benchmark(&profile("baseline", 60), rng);
        assert_eq!((f(&r, "run_rate"), f(&r, "pause_rate"), f(&r, "stop_rate")), (1.0, 0.0, 0.0));
        assert_eq!(
            (f(&r, "crashes"), f(&r, "crash_free_rate"), f(&r, "at_sign_violations")),
            (0.0, 1.0, 0.0)
        );

        let r = benchmark(&profile("hitl_observe", 90), rng);
        assert!(f(&r, "hitl_requested_count") / 90.0 > 0.5);
        assert!(f(&r, "stop_rate") > 0.05);
        assert_eq!((f(&r, "pause_rate"), f(&r, "run_rate")), (0.0, 0.0));

        let r = benchmark(&profile("stress", 60), rng);
        assert_eq!((f(&r, "stop_rate"), f(&r, "run_rate"), f(&r, "pause_rate")), (1.0, 0.0, 0.0));
        assert_eq!((f(&r, "crashes"), f(&r, "at_sign_violations")), (0.0, 0.0));
        assert_eq!(f(&r, "acc_seal_events"), 180.0);
    }
}

/// Figures computed with CPython 3.11:
/// `sum(sum(Random(7 + i).random() < 0.7 for _ in range(3)) for i in range(300))` is 634, and
/// with one shared `r = Random(7)`, the share of 300 runs whose three draws are all below 0.7
/// is 115 / 300.
#[test]
fn cpython_mt_reproduces_the_references_random_resolver() {
    let p = profile("hitl_observe", 300);
    let r = benchmark(&p, RngKind::CpythonMt);
    let events = r.get("event_counts").cloned().unwrap_or_default();
    assert_eq!(events["TASK_DONE"], 634);
    assert_eq!(events["HITL_DECIDED"], 900);
    let d = derived(&p, RngKind::CpythonMt);
    assert_eq!(d.get("run_rate").and_then(serde_json::Value::as_f64), Some(115.0 / 300.0));
    assert_eq!(d.get("hitl_requested_rate").and_then(serde_json::Value::as_f64), Some(1.0));
    // Same configuration, same digest; another generator, another stream.
    let again = benchmark(&p, RngKind::CpythonMt);
    assert_eq!(r.get("repro_semantic_digest_sha256"), again.get("repro_semantic_digest_sha256"));
    let chacha = benchmark(&p, RngKind::ChaCha);
    assert_ne!(r.get("repro_semantic_digest_sha256"), chacha.get("repro_semantic_digest_sha256"));
}

#[test]
fn tasks_are_inferred_from_tokens_or_a_create_word() {
    assert_eq!(infer_tasks("Wordで要約してPPTも"), vec!["word", "ppt"]);
    assert_eq!(infer_tasks("何か作って"), vec!["excel", "word", "ppt"]);
    assert_eq!(infer_tasks("こんにちは"), Vec::<&str>::new());
    let mut none = Resolver::None;
    let runaway = Runaway { enabled: false, threshold: 1, max_attempts: 1 };
    let core = run_memory("こんにちは", NO_FAULTS, runaway, &mut none);
    let events: Vec<&str> = core.rows().iter().map(|r| r.event).collect();
    assert_eq!(events, ["ORCH_START", "ORCH_FINAL"]);
    assert_eq!(core.decision(), Decision::Stopped);
}

#[test]
fn pauses_stay_pending_without_a_resolver_and_emails_seal() {
    let runaway = Runaway { enabled: false, threshold: 1, max_attempts: 1 };
    let core = run_memory("Excelで一覧を作って送って", NO_FAULTS, runaway, &mut Resolver::None);
    assert_eq!(core.decision(), Decision::PauseForHitl);
    assert_eq!(core.rows().last().map(|r| r.reason.to_string()), Some("HITL_PENDING".into()));
    let core = run_memory("表を a@b.example に", NO_FAULTS, runaway, &mut Resolver::None);
    assert!(core.sealed());
    assert_eq!(core.rows().iter().filter(|r| r.event == "ETHICS_SEALED").count(), 1);
    // The overall reason says HITL_STOP for any stop, sealed ones included.
    assert_eq!(core.rows().last().map(|r| r.reason.to_string()), Some("HITL_STOP".into()));
}

#[test]
fn the_runaway_seal_and_the_regeneration_fallback() {
    let broken = KindFaults { break_contract: true, ..KindFaults::NONE };
    let faults = [("excel", broken), ("word", KindFaults::NONE), ("ppt", KindFaults::NONE)];
    let sealed = run_memory(
        "表",
        faults,
        Runaway { enabled: true, threshold: 3, max_attempts: 5 },
        &mut Resolver::None,
    );
    assert_eq!(sealed.rows().iter().filter(|r| r.event == "TASK_ATTEMPT").count(), 3);
    assert!(sealed.sealed());
    let fallback = run_memory(
        "表",
        faults,
        Runaway { enabled: true, threshold: 9, max_attempts: 2 },
        &mut Resolver::None,
    );
    assert_eq!(fallback.rows().iter().filter(|r| r.event == "TASK_ATTEMPT").count(), 2);
    assert!(fallback.rows().iter().any(|r| r.event == "REGEN_INSTRUCTIONS"));
    assert_eq!(fallback.decision(), Decision::PauseForHitl);
}

#[test]
fn the_scorecard_and_the_faults_json() {
    let r = benchmark(&profile("baseline", 5), RngKind::ChaCha);
    let card = scorecard(&r, true, true, true);
    assert_eq!(card.get("fail_reasons"), Some(&serde_json::json!(["NO_SEAL_EVENTS"])));
    let card = scorecard(&r, false, true, true);
    assert_eq!(card.get("pass"), Some(&serde_json::Value::Bool(true)));
    assert!(parse_faults(r#"{"excel": {"break_contract": true}}"#).is_ok());
    let s = |t: &str| t.to_string();
    for (bad, why) in [
        ("[]", FaultsError::NotObject),
        (r#"{"pdf": {}}"#, FaultsError::UnknownKind(s("pdf"))),
        (r#"{"excel": 1}"#, FaultsError::KindNotObject(s("excel"))),
        (r#"{"excel": {"explode": true}}"#, FaultsError::UnknownFault(s("excel"), s("explode"))),
        (r#"{"excel": {"pii": "yes"}}"#, FaultsError::NotBool(s("excel"), s("pii"))),
    ] {
        assert_eq!(parse_faults(bad).err(), Some(why), "{bad}");
    }
    assert!(matches!(parse_faults("["), Err(FaultsError::NotJson(_))));
}

fn run(knobs: &[(&str, &str)], choices: &[&str], seed: u64, rng: RngKind) -> Box<dyn ScenarioRun> {
    let req = RunRequest {
        seed,
        rng,
        knobs: knobs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        choices: choices.iter().map(|c| c.to_string()).collect(),
    };
    audit::run_request(&KAGE3_V135, &req).unwrap_or_else(|e| unreachable!("{e}"))
}

#[test]
fn the_scenario_steps_with_the_student_and_its_logs_verify_and_replay() {
    let ask = "ExcelとWordとPPTを作って。どっちがいい？おすすめは？";
    let r = run(&[("prompt", ask)], &["hitl:continue", "hitl:stop"], 0, RngKind::ChaCha);
    assert!(r.pending().is_some(), "the third task waits");
    let r = run(
        &[("prompt", ask)],
        &["hitl:continue", "hitl:stop", "hitl:continue"],
        0,
        RngKind::ChaCha,
    );
    assert_eq!((r.state(), r.sealed()), ("STOPPED", false));
    let prompts = [
        ask,
        "Excelで一覧を作ってメールで送って",
        "こんにちは",
        maestro_core::scenarios::orchestrators::kage3_v1_3_5::BASELINE_PROMPT,
    ];
    for prompt in prompts {
        for resolver in ["student", "random", "none"] {
            for (k, v) in [
                ("break_contract_word", "true"),
                ("leak_email_ppt", "true"),
                ("enable_runaway_seal", "true"),
                ("p_continue", "0.3"),
            ] {
                for (seed, rng) in [(1u64, RngKind::ChaCha), (7, RngKind::CpythonMt)] {
                    let knobs = [
                        ("prompt", prompt),
                        ("resolver", resolver),
                        (k, v),
                        ("break_contract_excel", "true"),
                    ];
                    let r = run(
                        &knobs,
                        &["hitl:continue", "hitl:stop", "hitl:continue", "hitl:continue"],
                        seed,
                        rng,
                    );
                    let log = audit::log_of(&*r).unwrap_or_else(|e| unreachable!("{e}"));
                    assert!(audit::verify(&log, &ChainKey::demo()).is_intact());
                    assert!(
                        audit::replay(&log).is_ok_and(|rp| rp.reproduced()),
                        "{prompt} {resolver} {k}"
                    );
                    assert!(!r.to_jsonl().unwrap_or_default().contains('@'));
                }
            }
        }
    }
}
