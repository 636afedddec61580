//! The document orchestrator KAGE3 v1.2.4 against the reference traces
//! (`doc-orchestrators.md` §1.8), its contracts and token rules, and its invariants over every
//! preset, resolver and fault combination, natively and in headless Chromium.
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
use maestro_core::scenarios::orchestrators::kage3_v1_2_4::SCENARIO as KAGE3_V124;
use maestro_core::scenarios::orchestrators::kage3_v1_2_4::{
    PRESETS, RESOLVERS, Reason, contract, kinds_mentioned,
};
use serde_json::json;

fn run(prompt: &str, resolver: &str, faults: &[&str], choices: &[&str]) -> Box<dyn ScenarioRun> {
    let mut knobs =
        vec![("prompt".to_string(), prompt.to_string()), ("resolver".into(), resolver.into())];
    knobs.extend(faults.iter().map(|f| (f.to_string(), "true".to_string())));
    let req = RunRequest {
        knobs,
        choices: choices.iter().map(|c| c.to_string()).collect(),
        ..RunRequest::default()
    };
    audit::run_request(&KAGE3_V124, &req).unwrap_or_else(|e| unreachable!("{e}"))
}

/// Each task's last row: how it ended.
fn endings(r: &dyn ScenarioRun) -> Vec<(String, String)> {
    let rows = rows(r);
    ["task_word", "task_excel", "task_ppt"]
        .iter()
        .map(|t| {
            let last = rows.iter().rev().find(|v| v["task_id"] == *t).cloned().unwrap_or_default();
            (
                last["event"].as_str().unwrap_or("").into(),
                last["reason_code"].as_str().unwrap_or("").into(),
            )
        })
        .collect()
}

fn e(event: &str, reason: &str) -> (String, String) {
    (event.into(), reason.into())
}

#[test]
fn the_reference_traces_have_their_row_counts_and_outcomes() {
    let written = e("ARTIFACT_WRITTEN", "ARTIFACT_WRITTEN");
    let stopped = e("ARTIFACT_SKIPPED", "HITL_STOP");

    let r = run("Excelの表を作って", "always-stop", &[], &[]);
    assert_eq!((rows(&*r).len(), r.state()), (18, "STOPPED"));
    assert_eq!(endings(&*r), vec![stopped.clone(), written.clone(), stopped.clone()]);

    let r = run("Excelで表を作ってください。", "always-continue", &[], &[]);
    assert_eq!((rows(&*r).len(), r.state()), (28, "RUN"));

    let r = run("おすすめはどっち？", "always-continue", &[], &[]);
    assert_eq!((rows(&*r).len(), r.state()), (30, "RUN"));
    let events: Vec<String> =
        rows(&*r).iter().take(10).map(|v| v["event"].as_str().unwrap_or("").into()).collect();
    assert_eq!(
        events,
        [
            "TASK_ASSIGNED",
            "GATE_MEANING",
            "AGENT_OUTPUT",
            "GATE_CONSISTENCY",
            "GATE_RFL",
            "HITL_REQUESTED",
            "HITL_DECIDED",
            "GATE_ETHICS",
            "GATE_ACC",
            "ARTIFACT_WRITTEN"
        ]
    );

    let r = run("おすすめはどっち？", "always-stop", &[], &[]);
    assert_eq!((rows(&*r).len(), r.state()), (24, "STOPPED"));

    let r = run("資料を作って", "none", &["leak_email_word"], &[]);
    assert_eq!((rows(&*r).len(), r.state()), (20, "STOPPED"));
    assert_eq!(endings(&*r)[0], e("ARTIFACT_SKIPPED", "ETHICS_EMAIL_DETECTED"));
    let word: Vec<String> = rows(&*r)
        .iter()
        .filter(|v| v["task_id"] == "task_word")
        .map(|v| v["event"].as_str().unwrap_or("").into())
        .collect();
    assert_eq!(word, ["TASK_ASSIGNED", "GATE_MEANING", "GATE_ETHICS", "ARTIFACT_SKIPPED"]);
    let sealed = rows(&*r).iter().filter(|v| v["sealed"] == true).count();
    assert_eq!(sealed, 2);
    assert!(r.sealed());
    assert!(!r.to_jsonl().unwrap_or_default().contains('@'));

    let r = run("資料を作って", "always-continue", &["break_contract_excel"], &[]);
    assert_eq!((rows(&*r).len(), r.state()), (25, "PAUSE_FOR_HITL"));
    assert_eq!(endings(&*r)[1], e("ARTIFACT_SKIPPED", "CONTRACT_EXCEL_COLUMNS_INVALID"));

    let r = run("WordとExcelとPPTを作って。どっちがいい？", "none", &[], &[]);
    assert_eq!((rows(&*r).len(), r.state()), (24, "STOPPED"));
    assert_eq!(endings(&*r), vec![stopped.clone(), stopped.clone(), stopped]);
}

#[test]
fn a_leak_is_caught_before_a_broken_contract_can_hide_it() {
    let r = run("資料を作って", "always-continue", &["leak_email_ppt", "break_contract_ppt"], &[]);
    let ppt: Vec<String> = rows(&*r)
        .iter()
        .filter(|v| v["task_id"] == "task_ppt")
        .map(|v| v["event"].as_str().unwrap_or("").into())
        .collect();
    assert!(!ppt.contains(&"GATE_CONSISTENCY".to_string()));
    assert_eq!(endings(&*r)[2], e("ARTIFACT_SKIPPED", "ETHICS_EMAIL_DETECTED"));
}

#[test]
fn an_invalid_resolver_answer_fails_closed() {
    let r = run("おすすめはどっち？", "invalid", &[], &[]);
    let failed: Vec<serde_json::Value> =
        rows(&*r).into_iter().filter(|v| v["event"] == "HITL_RESOLVER_FAILED").collect();
    assert_eq!(failed.len(), 3);
    assert_eq!(failed[0]["error_type"], "InvalidHitlChoice");
    assert_eq!(failed[0]["final_decider"], "USER");
    assert_eq!(r.state(), "STOPPED");
}

#[test]
fn the_student_answers_like_a_resolver_and_the_legacy_policy_says_hitl() {
    let c = "hitl:continue";
    let student = run("おすすめはどっち？", "student", &[], &[c, c, c]);
    let auto = run("おすすめはどっち？", "always-continue", &[], &[]);
    let strip = |r: &dyn ScenarioRun| -> Vec<serde_json::Value> { rows(r) };
    assert_eq!(strip(&*student), strip(&*auto));
    let waiting = run("おすすめはどっち？", "student", &[], &[c]);
    assert_eq!(waiting.state(), "PAUSE_FOR_HITL");
    assert!(waiting.pending().is_some());
    let req = RunRequest {
        knobs: vec![
            ("prompt".into(), "Excelの表を作って".into()),
            ("resolver".into(), "always-stop".into()),
            ("policy".into(), "legacy".into()),
        ],
        ..RunRequest::default()
    };
    let legacy = audit::run_request(&KAGE3_V124, &req).unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(legacy.state(), "HITL");
}

#[test]
fn kind_tokens_match_whole_ascii_tokens_and_japanese_substrings() {
    assert_eq!(
        kinds_mentioned("a documentary about wordplay, a tableau and slideware"),
        Vec::<&str>::new()
    );
    assert_eq!(kinds_mentioned("Create a document."), vec!["word"]);
    assert_eq!(kinds_mentioned("EXCEL and PowerPoint"), vec!["excel", "ppt"]);
    assert_eq!(kinds_mentioned("見出しと表"), vec!["excel", "word"]);
    assert_eq!(kinds_mentioned("xlsx-file"), vec!["excel"]);
}

#[test]
fn the_contracts_are_strict() {
    use Reason::*;
    let cols = json!(["A", "B"]);
    assert_eq!(contract("excel", &json!("text")), ContractDraftInvalid);
    assert_eq!(
        contract("excel", &json!({"columns": [], "rows": [{}]})),
        ContractExcelColumnsInvalid
    );
    assert_eq!(
        contract("excel", &json!({"columns": ["A", ""], "rows": [{}]})),
        ContractExcelColumnsInvalid
    );
    assert_eq!(contract("excel", &json!({"columns": cols, "rows": []})), ContractExcelRowsInvalid);
    assert_eq!(contract("excel", &json!({"columns": cols, "rows": [1]})), ContractExcelRowsInvalid);
    assert_eq!(
        contract("excel", &json!({"columns": cols, "rows": [{"A": 1, "C": 2}]})),
        ContractExcelRowKeysInvalid
    );
    assert_eq!(
        contract("excel", &json!({"columns": cols, "rows": [{"A": 1, "B": [2]}]})),
        ContractExcelCellValueInvalid
    );
    assert_eq!(
        contract("excel", &json!({"columns": cols, "rows": [{"A": null, "B": 2.5}]})),
        ContractOk
    );
    assert_eq!(contract("word", &json!({"headings": []})), ContractWordHeadingsInvalid);
    assert_eq!(contract("ppt", &json!({"slides": "a,b"})), ContractPptSlidesInvalid);
    assert_eq!(contract("ppt", &json!({"slides": ["a"]})), ContractOk);
    assert_eq!(contract("pdf", &json!({})), ContractUnknownKind);
}

#[test]
fn no_run_writes_an_at_sign_and_every_log_verifies_and_replays() {
    let faults = [
        "leak_email_word",
        "leak_email_excel",
        "leak_email_ppt",
        "break_contract_word",
        "break_contract_excel",
        "break_contract_ppt",
    ];
    let prompts: Vec<&str> = PRESETS
        .iter()
        .map(|(_, p)| *p)
        .chain(["", "mail me at a@b.example", "ｅｘｃｅｌ?"])
        .collect();
    for prompt in &prompts {
        for resolver in RESOLVERS {
            for mask in [0u32, 1, 9, 18, 36, 63, 7, 56] {
                let on: Vec<&str> = faults
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| mask >> i & 1 == 1)
                    .map(|(_, f)| *f)
                    .collect();
                let r =
                    run(prompt, resolver, &on, &["hitl:continue", "hitl:stop", "hitl:continue"]);
                let text = r.to_jsonl().unwrap_or_default();
                assert!(!text.contains('@'), "{prompt} {resolver} {on:?}");
                for v in rows(&*r) {
                    if v["sealed"] == true {
                        assert_eq!(v["layer"], "ethics");
                    }
                }
                let log = audit::log_of(&*r).unwrap_or_else(|e| unreachable!("{e}"));
                assert!(audit::verify(&log, &ChainKey::demo()).is_intact());
                if prompt.contains('@') {
                    assert!(audit::replay(&log).is_err());
                } else {
                    assert!(
                        audit::replay(&log).is_ok_and(|rp| rp.reproduced()),
                        "{prompt} {resolver} {on:?}"
                    );
                }
            }
        }
    }
}
