//! The orchestrator with mediator v1.0 against the reference's flows (`doc-orchestrators.md`
//! §5.5), its pattern sets and sanitiser, and its invariants over many prompts, natively and in
//! headless Chromium.
#![allow(clippy::unreachable, reason = "tests: an arm that cannot be reached is a failed test")]
#![allow(clippy::indexing_slicing, reason = "test helpers: a panic is a failed test")]

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::rows;

use maestro_core::audit;
use maestro_core::chain::ChainKey;
use maestro_core::face::{RunRequest, ScenarioRun};
use maestro_core::scenarios::orchestrators::orchestrator_mediator::SCENARIO as ORCHESTRATOR_MEDIATOR;
use maestro_core::scenarios::orchestrators::orchestrator_mediator::{
    has_pii, prompt_digest, relative, sanitize, side_effect,
};

fn run(kind: &str, prompt: &str, hitl: &str, choices: &[&str]) -> Box<dyn ScenarioRun> {
    let req = RunRequest {
        knobs: vec![
            ("kind".into(), kind.into()),
            ("prompt".into(), prompt.into()),
            ("hitl".into(), hitl.into()),
        ],
        choices: choices.iter().map(|c| c.to_string()).collect(),
        ..RunRequest::default()
    };
    audit::run_request(&ORCHESTRATOR_MEDIATOR, &req).unwrap_or_else(|e| unreachable!("{e}"))
}

/// The task's result: the dispatch row's decision and reason.
fn result(r: &dyn ScenarioRun) -> (String, String) {
    let rows = rows(r);
    let last = rows.last().cloned().unwrap_or_default();
    assert_eq!(last["layer"], "dispatch");
    (
        last["decision"].as_str().unwrap_or("").into(),
        last["reason_code"].as_str().unwrap_or("").into(),
    )
}

fn pair(d: &str, r: &str) -> (String, String) {
    (d.into(), r.into())
}

#[test]
fn the_reference_flows_end_as_documented() {
    let r = run("xlsx", "在庫の集計表を作って", "unspecified", &[]);
    assert_eq!(result(&*r), pair("RUN", "ORCH_RUN_OK"));
    assert_eq!(
        rows(&*r).last().map(|v| v["artifact_preview"].clone()),
        Some("xlsx artifact preview: 在庫の集計表を作って".into())
    );
    assert_eq!(rows(&*r).len(), 7, "every gate logged once, no HITL row");

    let r = run("pptx", "いい感じにまとめて", "unspecified", &[]);
    assert_eq!(result(&*r), pair("PAUSE_FOR_HITL", "MEDIATOR_REL_BOUNDARY_UNSTABLE"));
    let layers: Vec<String> =
        rows(&*r).iter().map(|v| v["layer"].as_str().unwrap_or("").into()).collect();
    assert_eq!(
        layers,
        [
            "mediator_advice",
            "meaning_gate",
            "consistency_gate",
            "relativity_gate",
            "hitl_finalize",
            "ethics_gate",
            "acc_gate",
            "hitl_finalize",
            "dispatch"
        ]
    );
    assert!(rows(&*r)[1..4].iter().all(|v| v["safe_context"]["skipped"] == true));
    assert!(r.pending().is_some(), "an unspecified pause waits for the human");

    let r = run("pptx", "いい感じにまとめて", "CONTINUE", &[]);
    assert_eq!(result(&*r), pair("RUN", "ORCH_RUN_OK"));
    let reasons: Vec<String> =
        rows(&*r).iter().map(|v| v["reason_code"].as_str().unwrap_or("").into()).collect();
    assert_eq!(reasons[0], "MEDIATOR_HITL_CONTINUE");
    assert_eq!(reasons[3], "RFL_RELATIVE_REQUEST");
    assert_eq!(reasons[4], "HITL_CONTINUE");

    let r = run("pptx", "いい感じにまとめて", "STOP", &[]);
    assert_eq!(result(&*r), pair("PAUSE_FOR_HITL", "HITL_STOP_REQUESTED"));
    assert!(r.pending().is_none() && !r.sealed());

    let r = run("xlsx", "連絡先は test@example.com に送って", "unspecified", &[]);
    assert_eq!(result(&*r), pair("STOPPED", "ETHICS_PII_DETECTED"));
    assert_eq!(rows(&*r)[0]["reason_code"], "MEDIATOR_EXTERNAL_SIDE_EFFECT_AMBIGUOUS");
    assert!(r.sealed());
    assert!(!r.to_jsonl().unwrap_or_default().contains('@'));

    let r = run("pptx", "作った資料をメールで送って", "unspecified", &[]);
    assert_eq!(result(&*r), pair("PAUSE_FOR_HITL", "ACC_EXTERNAL_SIDE_EFFECT_REQUIRES_HITL"));
    let r = run("pptx", "作った資料をメールで送って", "CONTINUE", &[]);
    assert_eq!(result(&*r), pair("RUN", "ORCH_RUN_OK"));

    let r = run("docx", "報告書を作って", "unspecified", &[]);
    assert_eq!(result(&*r), pair("PAUSE_FOR_HITL", "MEANING_INVALID_KIND"));
}

#[test]
fn the_humans_answer_runs_the_pipeline_again_with_the_flag() {
    let r = run("pptx", "いい感じにまとめて", "unspecified", &["human:continue"]);
    assert_eq!(result(&*r), pair("RUN", "ORCH_RUN_OK"));
    assert_eq!(rows(&*r).len(), 9 + 8);
    let r = run("pptx", "いい感じにまとめて", "unspecified", &["human:stop"]);
    assert_eq!(result(&*r), pair("PAUSE_FOR_HITL", "HITL_STOP_REQUESTED"));
    assert!(r.end().is_some() && r.pending().is_none());
    // A sealed stop does not ask.
    let r = run("xlsx", "表を test@example.com に", "unspecified", &[]);
    assert!(r.sealed() && r.pending().is_none());
}

#[test]
fn the_pattern_sets_and_the_sanitiser() {
    assert!(relative("What is the BEST deck?"));
    assert!(!relative("bestseller list"));
    assert!(relative("おすすめはどちら"));
    assert!(side_effect("please SEND it"));
    assert!(!side_effect("sender list"));
    assert!(!side_effect("資料をsendして"), "Python's \\b treats kana as word characters");
    assert!(side_effect("アップロードして"));
    assert!(has_pii("mail a.b+c@example.co.jp"));
    assert!(has_pii("call 090-1234-5678"));
    assert!(has_pii("+81 (03) 12 345 6789"));
    assert!(!has_pii("+81 (03) 1234 5678"), "two groups after the area code are not enough");
    assert!(has_pii("12345678"));
    assert!(!has_pii("1234567"));
    assert!(!has_pii("user@localhost"));
    assert_eq!(sanitize("x test@example.com y"), "x [REDACTED] y");
    assert_eq!(sanitize("tel 090-1234-5678."), "tel [REDACTED].");
    assert_eq!(sanitize("a@b"), "a[REDACTED]b");
    assert_eq!(prompt_digest("在庫の集計表を作って").len(), 12);
}

#[test]
fn no_prompt_writes_personal_data_and_only_ethics_seals() {
    let parts = [
        "表を作って",
        "スライドの資料",
        "いい感じに",
        "best",
        "send",
        "メールで送って",
        "x@y.org",
        "03-1234-5678",
        "+1 212 555 0100",
        "@@",
        "",
        " ",
        "どっち?",
        "ＧＰＳ",
    ];
    let mut n = 0u64;
    for a in parts {
        for b in parts {
            for kind in ["xlsx", "pptx", "docx"] {
                for hitl in ["unspecified", "CONTINUE", "STOP"] {
                    let prompt = format!("{a}{b}");
                    let choice = ["human:continue", "human:stop"][(n % 2) as usize];
                    n += 1;
                    let r = run(kind, &prompt, hitl, &[choice]);
                    let text = r.to_jsonl().unwrap_or_default();
                    assert!(!text.contains('@'), "{prompt}: {text}");
                    // Nothing the detectors recognise remains in the texts the log takes from
                    // the prompt (as the reference's regular expressions, matches do not
                    // overlap); hashes are hex and are not looked at.
                    let header: serde_json::Value =
                        serde_json::from_str(text.lines().next().unwrap_or("")).unwrap_or_default();
                    assert!(!has_pii(header["knobs"]["prompt"].as_str().unwrap_or("")), "{prompt}");
                    for v in rows(&*r) {
                        assert!(!has_pii(v["artifact_preview"].as_str().unwrap_or("")), "{prompt}");
                    }
                    for v in rows(&*r) {
                        if v["sealed"] == true {
                            assert_eq!(
                                (v["layer"].as_str(), v["decision"].as_str()),
                                (Some("ethics_gate"), Some("STOPPED"))
                            );
                        }
                    }
                    assert_eq!(r.sealed(), has_pii(&prompt));
                    let log = audit::log_of(&*r).unwrap_or_else(|e| unreachable!("{e}"));
                    assert!(audit::verify(&log, &ChainKey::demo()).is_intact());
                    if sanitize(&prompt) == prompt {
                        assert!(audit::replay(&log).is_ok_and(|rp| rp.reproduced()), "{prompt}");
                    } else {
                        // The header's prompt was redacted: the log alone cannot replay it.
                        let err =
                            audit::replay(&log).err().map(|e| e.to_string()).unwrap_or_default();
                        assert!(err.contains("`prompt` knob was redacted"), "{err}");
                    }
                }
            }
        }
    }
}
