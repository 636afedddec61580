//! The lesson experience in headless Chromium: every scenario's story above its run, the
//! decision shown large with its reason, the ending told as sentences, and the gate flow with
//! the run's path, its pauses and seals, and the deciding gate.
#![allow(clippy::unreachable, reason = "tests: an arm that cannot be reached is a failed test")]
#![cfg(target_arch = "wasm32")]

use maestro_core::face::RunRequest;
use maestro_core::link::encode_request;
use maestro_core::scenario::SCENARIOS;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Element;

mod common;
use common::{click, mount, set_query, text_of};

wasm_bindgen_test_configure!(run_in_browser);

fn attr(root: &Element, selector: &str, name: &str) -> String {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.get_attribute(name))
        .unwrap_or_default()
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).map(|l| l.length()).unwrap_or(0)
}

fn explain(id: &str, code: &str) -> (&'static str, &'static str) {
    let info = maestro_core::scenario::find(id).unwrap_or_else(|e| unreachable!("{e}"));
    (info.explain)(code).unwrap_or_else(|| unreachable!("{code} has no explanation"))
}

#[wasm_bindgen_test]
async fn every_scenario_tells_its_story_above_its_run_in_both_languages() {
    for s in SCENARIOS {
        let link = encode_request(s.id, &RunRequest { seed: 1, ..RunRequest::default() });
        for (lang, pick) in [("en", 0), ("ja", 1)] {
            set_query(&format!("{link}&lang={lang}"));
            let root = mount().await;
            let want = |(en, ja): (&str, &str)| if pick == 0 { en } else { ja }.to_string();
            assert_eq!(text_of(&root, "#story-who"), want(s.story.who), "{} {lang}", s.id);
            assert_eq!(text_of(&root, "#story-risk"), want(s.story.risk), "{} {lang}", s.id);
            assert_eq!(text_of(&root, "#story-decide"), want(s.story.decide), "{} {lang}", s.id);
            assert!(text_of(&root, "#story-heading").contains(if pick == 0 {
                s.title
            } else {
                s.title_ja
            }));
        }
    }
}

#[wasm_bindgen_test]
async fn the_decision_now_shows_its_gate_word_decider_and_reason_large() {
    set_query("");
    let root = mount().await;
    assert!(root.query_selector("#now-decision").ok().flatten().is_none(), "nothing before a row");
    click(&root, "#step").await;
    assert_eq!(text_of(&root, "#now-gate"), "meaning_gate");
    assert_eq!(attr(&root, "#now-decision", "data-decision"), "RUN");
    assert_eq!(text_of(&root, "#now-decider"), "SYSTEM");
    click(&root, "#next-stop").await;
    assert_eq!(text_of(&root, "#now-gate"), "hitl_coaching_auth");
    assert_eq!(attr(&root, "#now-decision", "data-decision"), "PAUSE_FOR_HITL");
    assert!(text_of(&root, "#now-decision").contains("a human must decide"));
    let why = text_of(&root, "#now-why");
    let (en, _) = explain("emergency-contract", "COACHING_AUTH_REQUIRED");
    assert!(why.starts_with(en), "{why}");
    assert!(why.ends_with("COACHING_AUTH_REQUIRED"), "the code is there, small: {why}");
}

#[wasm_bindgen_test]
async fn an_ended_run_is_told_as_sentences_not_codes() {
    set_query("");
    let root = mount().await;
    for choice in ["coaching:approve", "auth:approve", "finalize:approve"] {
        click(&root, "#next-stop").await;
        click(&root, &format!("button[data-choice='{choice}']")).await;
    }
    click(&root, "#next-stop").await;
    assert_eq!(text_of(&root, "#final-state"), "CONTRACT_EFFECTIVE");
    assert_eq!(
        text_of(&root, "#end-sentence"),
        explain("emergency-contract", "CONTRACT_EFFECTIVE").0
    );
    let answers = text_of(&root, "#end-answers");
    for code in ["COACHING_APPROVE", "AUTH_APPROVE", "FINALIZE_APPROVE"] {
        assert!(answers.contains(explain("emergency-contract", code).0), "{code}: {answers}");
    }
    assert_eq!(count(&root, "#end-answers li"), 3);
    assert!(!text_of(&root, ".now").contains("CONTRACT_EFFECTIVE · CONTRACT_EFFECTIVE"));
}

#[wasm_bindgen_test]
async fn the_gate_flow_lights_the_path_and_marks_the_deciding_gate_not_the_last() {
    let mut req = RunRequest { seed: 1, ..RunRequest::default() };
    req.knobs.push(("fabricate".into(), "true".into()));
    set_query(&encode_request("emergency-contract", &req));
    let root = mount().await;
    let layers = maestro_core::scenario::DEFAULT.layers.len() as u32;
    assert_eq!(count(&root, ".flow-svg.wide g.node"), layers, "one node per declared layer");
    assert_eq!(count(&root, ".flow-svg.wide g.node.reached"), 0);
    click(&root, "#next-stop").await;
    assert_eq!(attr(&root, "#gate-flow", "data-reached"), "4");
    assert_eq!(count(&root, ".flow-svg.wide g.node.paused[data-layer='hitl_coaching_auth']"), 1);
    click(&root, "button[data-choice='coaching:approve']").await;
    click(&root, "#next-stop").await;
    assert_eq!(text_of(&root, "#final-state"), "STOPPED");
    // The deciding gate is the sealed ethics gate, though later rows score the run.
    assert_eq!(attr(&root, "#gate-flow", "data-deciding"), "ethics_gate");
    assert_eq!(count(&root, ".flow-svg.wide g.node.deciding.sealed[data-layer='ethics_gate']"), 1);
    assert_eq!(count(&root, ".flow-svg.wide g.node.current[data-layer='hitl_reward']"), 1);
    let reached = attr(&root, "#gate-flow", "data-reached");
    assert_eq!(count(&root, ".flow-svg.wide g.node.reached").to_string(), reached);
    assert!(text_of(&root, "#end-sentence").contains("fabricated"));
}

#[wasm_bindgen_test]
async fn an_answer_appears_where_it_is_made_and_the_state_never_runs_ahead() {
    set_query("");
    let root = mount().await;
    click(&root, "#next-stop").await;
    assert_eq!(count(&root, ".rows li"), 4);
    assert_eq!(text_of(&root, "#run-state"), "INIT");
    click(&root, "button[data-choice='coaching:approve']").await;
    // The answer's row is shown at once, and the card says who answered.
    assert_eq!(count(&root, ".rows li"), 5);
    assert_eq!(attr(&root, ".rows li:last-child", "data-reason"), "COACHING_APPROVE");
    assert_eq!(text_of(&root, "#now-decider"), "ADMIN");
    // Rows after it wait to be shown: the state is not told ahead of them.
    assert_eq!(text_of(&root, "#run-state"), "…");
    click(&root, "#next-stop").await;
    assert_eq!(text_of(&root, "#run-state"), "PAUSE_FOR_HITL_AUTH");
}

#[wasm_bindgen_test]
async fn a_price_chart_draws_the_floor_and_the_target_and_labels_its_rounds() {
    set_query(&encode_request(
        "negotiation-steering",
        &RunRequest { seed: 1, ..RunRequest::default() },
    ));
    let root = mount().await;
    click(&root, "#next-stop").await;
    assert_eq!(count(&root, "#agent-state .chart-mark[data-mark='floor']"), 1);
    assert_eq!(count(&root, "#agent-state .chart-mark[data-mark='target']"), 1);
    assert!(text_of(&root, "#state-chart-0").contains("round"));
    // Prices are whole numbers, shown as such.
    let marks = text_of(&root, "#agent-state .chart-mark[data-mark='floor']");
    assert!(!marks.contains('.'), "{marks}");
}

#[wasm_bindgen_test]
async fn a_simulator_names_who_acts_and_what_is_at_stake() {
    set_query(&encode_request(
        "negotiation-steering",
        &RunRequest { seed: 1, ..RunRequest::default() },
    ));
    let root = mount().await;
    click(&root, "#next-stop").await;
    // Rows that record an agent name it on the timeline.
    assert!(count(&root, ".timeline .rows .facts") > 0);
    assert!(text_of(&root, ".timeline .rows").contains("agent=A1"));
    // The question says who and what: the agent and the offer's prices.
    let stake = text_of(&root, "#hitl-stake");
    assert!(stake.contains("agent=A1"), "{stake}");
    assert!(stake.contains("to_price=117250") && stake.contains("floor=90000"), "{stake}");
}

#[wasm_bindgen_test]
async fn every_scenario_that_seals_answers_continue_at_its_sealed_end_with_a_sealed_row() {
    // Every lesson that ends sealed, opened at its sealed end (a lesson that tries to continue
    // has the attempt taken off its link).
    let mut tried = Vec::new();
    for lesson in maestro_web::lessons::all().into_iter().flatten() {
        if !lesson.expect_sealed {
            continue;
        }
        let (info, mut request) =
            maestro_core::link::decode_request(lesson.link.trim_start_matches('?'))
                .unwrap_or_else(|e| unreachable!("{}: {e:?}", lesson.id));
        let attempt = lesson
            .covers
            .iter()
            .any(|c| c == "override-refused")
            .then(|| request.choices.pop())
            .flatten();
        set_query(&encode_request(info.id, &request));
        let root = mount().await;
        click(&root, "#next-stop").await;
        if let (None, Some(a)) = (root.query_selector("#try-continue").ok().flatten(), &attempt) {
            // The definition gate still asks after its red flag; that answer is refused too.
            click(&root, &format!("button[data-choice='{a}']")).await;
        }
        if root.query_selector("#try-continue").ok().flatten().is_none() {
            continue; // sealed, but waiting at a pause of a later run
        }
        let state = text_of(&root, "#final-state");
        let verdict = text_of(&root, "#end-sentence");
        click(&root, "#try-continue").await;
        let refused = text_of(&root, "#override-refused");
        // The loop budget's reference answers with its terminal guard's own sealed code.
        let code = if info.id == "loop-budget" {
            "ACC_STOPPED_IS_TERMINAL"
        } else {
            "NON_OVERRIDABLE_SAFETY"
        };
        assert!(refused.contains(code), "{}: {refused}", lesson.id);
        assert_eq!(text_of(&root, "#final-state"), state, "{}", lesson.id);
        assert_eq!(text_of(&root, "#end-sentence"), verdict, "{}: the verdict stands", lesson.id);
        tried.push(info.id);
    }
    tried.sort_unstable();
    tried.dedup();
    assert_eq!(
        tried,
        [
            "definition-gate",
            "emergency-contract",
            "emergency-v1",
            "emergency-v4.1",
            "emergency-v5.0.1",
            "kage-emergency",
            "kage3-v1.2.4",
            "kage3-v1.3.5",
            "loop-budget",
            "orchestrator-mediator"
        ]
    );
}
