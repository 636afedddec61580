//! The audit desk in headless Chromium: its state over the core's audit functions (a refused
//! file keeps the open log, a typed key is used), and the comparison and "what if" driven
//! through the DOM.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use maestro_core::audit::Verdict;
use maestro_web::desk::{Desk, DeskAction, TYPED_KEY_ID};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::Reducible;

mod common;
use common::{click, input_into, mount, mount_desk, set_query, text_of};

wasm_bindgen_test_configure!(run_in_browser);

const RUN: &[u8] = include_bytes!("../../core/tests/golden/audit/approve-all.arl.jsonl");
const OTHER: &[u8] = include_bytes!("../../core/tests/golden/audit/coaching-deny.arl.jsonl");

fn open(desk: Rc<Desk>, name: &str, bytes: &[u8]) -> Rc<Desk> {
    desk.reduce(DeskAction::Open { name: name.into(), bytes: bytes.to_vec() })
}

#[wasm_bindgen_test]
fn a_refused_file_keeps_the_open_log_and_its_verdict() {
    let desk = open(Rc::default(), "run.arl.jsonl", RUN);
    let verdict = desk.verdict.clone().map(|(v, _)| v);
    assert_eq!(verdict, Some(Verdict::Intact { rows: 19, digest: true }));
    let desk = open(desk, "notes.txt", b"not a log\n");
    assert_eq!(desk.opened.as_ref().map(|o| o.name.as_str()), Some("run.arl.jsonl"));
    assert!(desk.verdict.as_ref().is_some_and(|(v, _)| v.is_intact()));
    let error = desk.open_error.clone().unwrap_or_default();
    assert!(error.en.starts_with("notes.txt: line 1 is not JSON"), "{error}");
    assert!(error.ja.starts_with("notes.txt: ARL ファイルとして読めません"), "{}", error.ja);
}

#[wasm_bindgen_test]
fn a_typed_key_is_used_and_empty_means_the_demo_key() {
    let desk = open(Rc::default(), "run", RUN);
    let desk = desk.reduce(DeskAction::SetKey("not the key".into())).reduce(DeskAction::Verify);
    let (verdict, key_id) =
        desk.verdict.clone().unwrap_or((Verdict::Truncated { rows: 0 }, String::new()));
    assert_eq!((verdict.broken_row(), key_id.as_str()), (Some(0), TYPED_KEY_ID));
    let desk = desk.reduce(DeskAction::SetKey(String::new())).reduce(DeskAction::Verify);
    assert!(desk.verdict.as_ref().is_some_and(|(v, k)| v.is_intact() && k == "demo"));
}

#[wasm_bindgen_test]
fn replay_and_file_comparison_use_the_core() {
    let desk = open(Rc::default(), "run", RUN).reduce(DeskAction::Replay);
    let replay = desk.replay.clone().and_then(Result::ok);
    assert!(replay.is_some_and(|r| r.reproduced()));
    let desk = desk
        .reduce(DeskAction::SetSlotFile(0, "a".into(), RUN.to_vec()))
        .reduce(DeskAction::SetSlotFile(1, "b".into(), OTHER.to_vec()))
        .reduce(DeskAction::Compare);
    let compare = desk.compare.clone().and_then(Result::ok);
    let summary = compare.map(|c| c.summary.clone()).unwrap_or_default();
    let choice = summary.iter().find(|s| s.en.starts_with("HITL choice"));
    assert_eq!(
        choice.map(|s| (s.en.as_str(), s.ja.as_str())),
        Some((
            "HITL choice 1 differs: A coaching:approve, B coaching:deny",
            "HITL の選択 1 が異なります: A coaching:approve、B coaching:deny"
        ))
    );
    let desk =
        desk.reduce(DeskAction::SetLink(1, "?v=1&s=nope".into())).reduce(DeskAction::Compare);
    let error = desk.compare.clone().and_then(Result::err).unwrap_or_default();
    assert!(error.en.starts_with("B: the link is invalid: unknown scenario `nope`"), "{error}");
    assert!(error.ja.starts_with("B: リンクの値が無効です"), "{}", error.ja);
}

#[wasm_bindgen_test]
async fn what_if_links_to_the_desk_comparing_the_run_with_the_other_choice() {
    set_query("");
    let root = mount().await;
    click(&root, "#next-stop").await;
    click(&root, "button[data-choice='coaching:approve']").await;
    click(&root, "#next-stop").await;
    // The coaching pause is the fourth row; selecting it offers the other choice.
    click(&root, ".timeline .rows li:nth-child(4) button").await;
    let href = root
        .query_selector("a.what-if[data-choice='coaching:deny']")
        .ok()
        .flatten()
        .and_then(|a| a.get_attribute("href"))
        .unwrap_or_default();
    assert!(href.contains("&view=desk&a="), "{href}");
    // The answer's row (the fifth) offers it too, with the same comparison.
    click(&root, ".timeline .rows li:nth-child(5) button").await;
    let from_answer = root
        .query_selector("a.what-if[data-choice='coaching:deny']")
        .ok()
        .flatten()
        .and_then(|a| a.get_attribute("href"))
        .unwrap_or_default();
    assert_eq!(from_answer, href);
    // Followed in place, the link opens the desk comparing the two runs.
    click(&root, "a.what-if[data-choice='coaching:deny']").await;
    let view =
        root.query_selector(".app").ok().flatten().and_then(|a| a.get_attribute("data-view"));
    assert_eq!(view.as_deref(), Some("desk"));
    let summary = text_of(&root, "#compare-summary");
    assert!(
        summary.contains("HITL choice 1 differs: A coaching:approve, B coaching:deny"),
        "{summary}"
    );
    // The same address opened in a new tab compares them too.
    let query = href.split('#').next().unwrap_or("").to_string();
    set_query(query.trim_start_matches('?'));
    let desk = mount_desk().await;
    let summary = text_of(&desk, "#compare-summary");
    assert!(
        summary.contains("HITL choice 1 differs: A coaching:approve, B coaching:deny"),
        "{summary}"
    );
    assert!(desk.query_selector("#compare-result tr.first-divergence").ok().flatten().is_some());
}

#[wasm_bindgen_test]
async fn two_typed_links_are_compared_and_a_bad_one_is_named() {
    set_query("");
    let root = mount_desk().await;
    input_into(
        &root,
        "#compare-a",
        "https://x.example/?v=1&s=emergency-contract&seed=1&rng=chacha&h=0",
    )
    .await;
    input_into(&root, "#compare-b", "").await;
    click(&root, "#compare-go").await;
    let error = text_of(&root, "#compare-error");
    assert!(error.starts_with("A: "), "{error}");
    let a = maestro_core::link::encode_request(
        "emergency-contract",
        &maestro_core::face::RunRequest { seed: 1, ..Default::default() },
    );
    let b = maestro_core::link::encode_request(
        "emergency-contract",
        &maestro_core::face::RunRequest { seed: 2, ..Default::default() },
    );
    input_into(&root, "#compare-a", &format!("https://x.example/bench/?{a}")).await;
    input_into(&root, "#compare-b", &format!("?{b}")).await;
    click(&root, "#compare-go").await;
    assert!(text_of(&root, "#compare-summary").contains("the runs also differ in: seed"));
    // Rows whose visible columns agree still name what differs, with both values.
    let chain = root.query_selector(".field-diff li[data-field='chain_id']").ok().flatten();
    let chain = chain.and_then(|e| e.text_content()).unwrap_or_default();
    assert!(chain.starts_with("chain_id: A chain-") && chain.contains(" · B chain-"), "{chain}");
    // Each side's rows are numbered from 1, as on the bench.
    assert_eq!(text_of(&root, "#compare-result tr.pair td .seq"), "1");
}

#[wasm_bindgen_test]
fn a_malformed_comparison_query_gets_a_message() {
    let desk = Desk::from_query("a=%zz&b=x");
    let error = desk.compare.clone().and_then(Result::err).unwrap_or_default();
    assert!(error.en.contains("bad percent-escape"), "{error}");
    let desk = Desk::from_query("a=x");
    let error = desk.compare.clone().and_then(Result::err).unwrap_or_default();
    assert!(error.en.contains("needs two links"), "{error}");
    assert!(Desk::from_query("lang=ja").compare.is_none());
}

#[wasm_bindgen_test]
fn a_large_log_lists_its_first_rows_and_the_broken_one() {
    use maestro_web::desk::{ROWS_PER_PAGE, listed_ranges};
    assert_eq!(listed_ranges(19, ROWS_PER_PAGE, None), vec![0..19]);
    assert_eq!(listed_ranges(19, ROWS_PER_PAGE, Some(4)), vec![0..19]);
    assert_eq!(listed_ranges(10_000, 200, None), vec![0..200]);
    assert_eq!(listed_ranges(10_000, 200, Some(5_000)), vec![0..200, 4_995..5_006]);
    assert_eq!(listed_ranges(10_000, 200, Some(9_999)), vec![0..200, 9_994..10_000]);
    assert_eq!(listed_ranges(10_000, 200, Some(202)), vec![0..200, 200..208]);
    // Opening a log starts with one page of rows; "show more" adds a page.
    let desk = open(Rc::default(), "run", RUN);
    assert_eq!(desk.rows_listed, ROWS_PER_PAGE);
    let desk = desk.reduce(DeskAction::ShowMoreRows);
    assert_eq!(desk.rows_listed, 2 * ROWS_PER_PAGE);
}

#[wasm_bindgen_test]
fn the_tamper_control_changes_one_field_and_the_verdict_names_its_row() {
    // A changed reason on row 5 breaks the chain there; a bad row is named and changes nothing.
    let desk = open(Rc::default(), "run.arl.jsonl", RUN);
    let tamper = |row: usize, field: &str, value: &str| DeskAction::Tamper {
        row,
        field: field.into(),
        value: value.into(),
    };
    let changed = desk.clone().reduce(tamper(5, "reason_code", "COACHING_DENY"));
    assert_eq!(changed.verdict.as_ref().and_then(|(v, _)| v.broken_row()), Some(4));
    assert_eq!(changed.opened.as_ref().map(|o| o.name.as_str()), Some("run.arl.jsonl (tampered)"));
    let refused = desk.reduce(tamper(99, "reason_code", "X"));
    assert!(
        refused.tamper_error.as_ref().is_some_and(|e| e.en.starts_with("row 99 is not in the log"))
    );
    assert!(refused.verdict.as_ref().is_some_and(|(v, _)| v.is_intact()), "the log is kept");
}
