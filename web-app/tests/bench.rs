//! A full emergency-contract run driven through the DOM in headless Chromium: the rows the
//! page shows are the core's rows, the decisions go into the link, and a bad link opens the
//! default scenario with a notice.
#![allow(clippy::unreachable, reason = "tests: an arm that cannot be reached is a failed test")]
#![cfg(target_arch = "wasm32")]

use maestro_core::scenarios::emergency::knobs::Choice;
use maestro_core::scenarios::emergency::run::{EmergencyRun, RunSpec};
use maestro_core::vocab::Code;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Element;

mod common;
use common::{click, input_into, mount, set_query, text_of, type_into};

wasm_bindgen_test_configure!(run_in_browser);

fn shown_reasons(root: &Element) -> Vec<String> {
    let rows = root.query_selector_all(".rows li").unwrap_or_else(|_| unreachable!());
    (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .map(|e| e.get_attribute("data-reason").unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn a_full_run_through_the_dom_shows_the_cores_rows() {
    set_query("");
    let root = mount().await;
    click(&root, "#next-stop").await;
    assert_eq!(text_of(&root, "#hitl-role"), "ADMIN");
    click(&root, "button[data-choice='coaching:approve']").await;
    click(&root, "#next-stop").await;
    assert_eq!(text_of(&root, "#hitl-role"), "USER");
    click(&root, "button[data-choice='auth:approve']").await;
    click(&root, "#next-stop").await;
    assert_eq!(text_of(&root, "#hitl-role"), "ADMIN");
    click(&root, "button[data-choice='finalize:stop']").await;
    click(&root, "#next-stop").await;
    assert_eq!(text_of(&root, "#final-state"), "STOPPED");

    let mut spec = RunSpec::new(1);
    spec.choices = vec![Choice::CoachingApprove, Choice::AuthApprove, Choice::FinalizeStop];
    let core = EmergencyRun::new(spec).run_to_end();
    let expected: Vec<String> =
        core.rows().iter().map(|e| e.reason().as_str().to_string()).collect();
    assert_eq!(shown_reasons(&root), expected);

    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    assert!(search.contains("c=coaching:approve,auth:approve,finalize:stop"), "{search}");
    // Back to start keeps the choices as the script: stepping to the end gives the same rows.
    click(&root, "#restart").await;
    assert!(shown_reasons(&root).is_empty());
    click(&root, "#next-stop").await;
    assert_eq!(shown_reasons(&root), expected);
}

#[wasm_bindgen_test]
async fn a_sealed_stop_answers_every_attempt_to_continue_with_a_sealed_row() {
    let mut spec = RunSpec::new(4);
    assert!(spec.knobs.set("fabricate", "true").is_ok());
    set_query(&maestro_core::scenarios::emergency::run::encode_link("emergency-contract", &spec));
    let root = mount().await;
    click(&root, "#next-stop").await;
    click(&root, "button[data-choice='coaching:approve']").await;
    click(&root, "#next-stop").await;
    assert_eq!(text_of(&root, "#final-state"), "STOPPED");
    assert!(shown_reasons(&root).contains(&"EVIDENCE_FABRICATION".to_string()));
    // The student may still try to continue: the engine answers each attempt at once with a
    // sealed NON_OVERRIDABLE_SAFETY row, and the run's verdict stands.
    let before = shown_reasons(&root).len();
    let verdict = text_of(&root, "#end-sentence");
    for attempt in 1..=2 {
        click(&root, "#try-continue").await;
        let shown = shown_reasons(&root);
        assert_eq!(shown.len(), before + attempt, "one row per attempt");
        assert_eq!(shown.last().map(String::as_str), Some("NON_OVERRIDABLE_SAFETY"));
        assert!(text_of(&root, "#override-refused").contains("NON_OVERRIDABLE_SAFETY"));
        assert_eq!(text_of(&root, "#final-state"), "STOPPED");
        assert_eq!(text_of(&root, "#end-sentence"), verdict);
    }
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    assert!(
        search.contains("finalize:approve,finalize:approve"),
        "the attempts are in the link: {search}"
    );
}

#[wasm_bindgen_test]
async fn a_bad_link_opens_the_default_scenario_with_a_notice() {
    set_query("v=1&s=emergency-contract&seed=3&rng=chacha&h=000000000000");
    let root = mount().await;
    let notice = text_of(&root, ".notice");
    assert!(notice.contains("its checksum does not match"), "{notice}");
    let seed = root
        .query_selector("#seed")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
    assert_eq!(seed.map(|s| s.value()).as_deref(), Some("1"));
    click(&root, ".notice button").await;
    assert!(root.query_selector(".notice").ok().flatten().is_none());
}

#[wasm_bindgen_test]
async fn bad_values_get_the_cores_message_next_to_the_field() {
    set_query("");
    let root = mount().await;
    type_into(&root, "#seed", "5").await;
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    assert!(search.contains("seed=5"), "{search}");
    type_into(&root, "#seed", "twelve").await;
    assert_eq!(
        text_of(&root, "label .field-error"),
        "`twelve` is not a whole number from 0 to 18446744073709551615"
    );
    type_into(&root, "#knob-initial_trust", "7").await;
    assert_eq!(text_of(&root, "[data-knob=initial_trust] .field-error"), "7 is outside [0, 1]");
    // The error clears as soon as the value is valid again, while typing.
    input_into(&root, "#knob-initial_trust", "1.5").await;
    assert_eq!(text_of(&root, "[data-knob=initial_trust] .field-error"), "1.5 is outside [0, 1]");
    input_into(&root, "#knob-initial_trust", "0.5").await;
    assert!(root.query_selector("[data-knob=initial_trust] .field-error").ok().flatten().is_none());
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    assert!(search.contains("initial_trust=0.5"), "{search}");
    // The run is untouched by refused values; a valid one restarts it.
    type_into(&root, "#seed", "42").await;
    assert!(root.query_selector("label .field-error").ok().flatten().is_none());
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    assert!(search.contains("seed=42"), "{search}");
}

/// A message as `worker.js` posts it.
fn worker_message(kind: &str, fields: &[(&str, wasm_bindgen::JsValue)]) -> wasm_bindgen::JsValue {
    let m = js_sys::Object::new();
    let set = |k: &str, v: &wasm_bindgen::JsValue| {
        assert!(js_sys::Reflect::set(&m, &k.into(), v).is_ok())
    };
    set("type", &kind.into());
    for (k, v) in fields {
        set(k, v);
    }
    m.into()
}

#[wasm_bindgen_test]
fn the_batch_state_follows_the_workers_reports_from_the_maestro_wasm_package() {
    use maestro_web::batch::{BatchAction, BatchState, action_of};
    use std::rc::Rc;
    use yew::Reducible;
    // The worker's half, as worker.js calls it: the package's batch, a chunk at a time.
    let mut spec = RunSpec::new(42);
    assert!(spec.knobs.set("fabricate_rate", "0.2").is_ok());
    let link = maestro_core::link::encode_request("emergency-contract", &spec.to_request());
    let mut batch = maestro_wasm::Batch::new(format!("?{link}").into(), 12_000, 200)
        .unwrap_or_else(|_| unreachable!());
    // The core's own batch of the same request, for the incident files' bytes.
    let mut core = maestro_wasm::open_batch("emergency-contract", &spec.to_request(), 12_000, 200)
        .unwrap_or_else(|e| unreachable!("{e:?}"));
    let mut files = Vec::new();
    let mut state = Rc::new(BatchState::default()).reduce(BatchAction::Started);
    loop {
        let chunk = batch.advance(5_000).unwrap_or_else(|_| unreachable!());
        files.extend(core.advance(5_000).incidents.iter().filter_map(|i| i.jsonl().ok()));
        let action =
            action_of(&worker_message("chunks", &[("chunks", js_sys::Array::of1(&chunk).into())]));
        state = state.reduce(action);
        if state.progress.0 == 12_000 {
            break;
        }
    }
    assert!(state.running);
    assert_eq!(state.samples.len(), 3, "one chart point per chunk");
    assert_eq!(state.incidents.len(), 200, "incidents are capped at 200");
    let kept: Vec<&str> = state.incidents.iter().map(|i| i.file.as_str()).collect();
    assert_eq!(kept, files, "the page keeps each incident file's exact bytes");
    assert!(
        state
            .incidents
            .iter()
            .all(|i| i.index.get("run_id").is_some() && i.index_line.ends_with("}\n"))
    );
    // What worker.js sends at the end: the summary the page draws and the result file.
    let summary = batch.summary().ok().and_then(|s| js_sys::JSON::stringify(&s).ok());
    let summary = summary.and_then(|s| s.as_string()).unwrap_or_default();
    let file = batch.file().unwrap_or_else(|_| unreachable!());
    let done = worker_message(
        "done",
        &[
            ("summary", summary.as_str().into()),
            ("file", file.as_str().into()),
            ("cancelled", false.into()),
        ],
    );
    state = state.reduce(action_of(&done));
    assert!(!state.running && !state.cancelled);
    let doc = state.document.clone().unwrap_or_else(|| unreachable!());
    let count = |p: &str| doc.pointer(p).and_then(|v| v.as_u64());
    assert!(count("/hitl_queue/counts/by_state/STOPPED").is_some_and(|n| n > 0));
    assert!(count("/abnormal_arl_persistence/abnormal_total").is_some_and(|n| n > 200));
    // The page downloads exactly the file the worker wrote: the reference's layout, byte for byte.
    let text = state.file.clone().unwrap_or_default();
    assert!(text.ends_with("}\n") && text.contains("\n  \"meta\": {\n"), "{:?}", text.get(..80));
    assert!(text.contains("\"total_runs\": 12000"));
    // The worker's refusal arrives in both languages; a garbled report is refused, not dropped.
    let refused = worker_message(
        "error",
        &[("code", "bad-knob".into()), ("en", "no".into()), ("ja", "いいえ".into())],
    );
    assert!(matches!(action_of(&refused), BatchAction::Refused(s) if s.ja == "いいえ"));
    let garbled = worker_message("chunks", &[("chunks", js_sys::Array::of1(&"{".into()).into())]);
    assert!(
        matches!(action_of(&garbled), BatchAction::Refused(s) if s.en.contains("not a batch chunk") && s.ja.contains("ワーカー"))
    );
}

#[wasm_bindgen_test]
async fn a_bad_run_count_is_refused_before_any_worker_starts() {
    set_query("");
    let root = mount().await;
    type_into(&root, "#batch-runs", "0").await;
    click(&root, "#batch-start").await;
    assert_eq!(text_of(&root, ".batch .field-error"), "`0` is not a run count from 1 to 1000000");
    assert!(root.query_selector("#batch-progress").ok().flatten().is_none());
}

#[wasm_bindgen_test]
async fn the_definition_gate_runs_through_the_same_page() {
    set_query(&maestro_core::link::encode_request(
        "definition-gate",
        &maestro_core::face::RunRequest::default(),
    ));
    let root = mount().await;
    click(&root, "#next-stop").await;
    assert_eq!(shown_reasons(&root), vec!["DEFINITION_AMBIGUOUS".to_string()]);
    for token in ["def:approve", "def:reject", "def:revise_def", "def:stop"] {
        assert!(
            root.query_selector(&format!("button[data-choice='{token}']")).ok().flatten().is_some(),
            "{token}"
        );
    }
    click(&root, "button[data-choice='def:reject']").await;
    click(&root, "#next-stop").await;
    assert_eq!(
        shown_reasons(&root),
        vec!["DEFINITION_AMBIGUOUS".to_string(), "HITL_REJECTED".to_string()]
    );
    assert_eq!(text_of(&root, "#final-state"), "STOPPED");
}

#[wasm_bindgen_test]
async fn the_inspector_names_who_must_answer_a_pause() {
    set_query("");
    let root = mount().await;
    click(&root, "#next-stop").await;
    // The coaching pause (row 4) waits for the ADMIN.
    click(&root, ".timeline .rows li:nth-child(4) button").await;
    assert!(text_of(&root, ".inspector").contains(": ADMIN"), "{}", text_of(&root, ".inspector"));
    click(&root, "button[data-choice='coaching:approve']").await;
    click(&root, "#next-stop").await;
    // The authorisation pause (the last row) waits for the USER; the coaching one was the ADMIN's.
    let last = root.query_selector_all(".timeline .rows li").map(|n| n.length()).unwrap_or(0);
    click(&root, &format!(".timeline .rows li:nth-child({last}) button")).await;
    assert!(text_of(&root, ".inspector").contains(": USER"), "{}", text_of(&root, ".inspector"));
    click(&root, ".timeline .rows li:nth-child(4) button").await;
    assert!(text_of(&root, ".inspector").contains(": ADMIN"));
    assert!(!text_of(&root, ".inspector").contains("USER / ADMIN"));
}
