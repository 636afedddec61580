//! Headless-Chromium tests of the web-app shell: it mounts, lists what the core registers,
//! and switches language.
#![cfg(target_arch = "wasm32")]

use maestro_core::scenario::SCENARIOS;
use maestro_core::scenario::Theme;
use maestro_core::scenarios::emergency::{Layer, Reason};
use maestro_core::vocab::Code;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

mod common;
use common::{click, mount_as_is, mount_desk, set_query, text_of};
use yew::scheduler::flush;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn the_landing_lists_every_scenario_by_theme_and_the_desk_the_whole_vocabulary() {
    set_query("");
    let root = mount_as_is().await;
    assert_eq!(
        root.query_selector(".app")
            .ok()
            .flatten()
            .and_then(|a| a.get_attribute("data-view"))
            .as_deref(),
        Some("home")
    );
    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("Maestro Bench"));
    for s in SCENARIOS {
        assert!(text.contains(s.id), "scenario {}", s.id);
        assert!(text.contains(s.title), "title of {}", s.id);
        assert!(text.contains(s.teaches.0), "what {} teaches", s.id);
        let card = format!(".theme[data-theme='{}'] [data-scenario='{}']", s.theme.id(), s.id);
        let count = text_of(&root, &format!("{card} .lesson-count"));
        assert_eq!(count, format!("{} lessons", maestro_web::lessons::count_for(s.id)), "{}", s.id);
    }
    for t in Theme::ALL {
        assert!(text.contains(t.title().0), "theme {t:?}");
    }
    // The codebook is on the desk view.
    set_query("");
    let root = mount_desk().await;
    let text = root.text_content().unwrap_or_default();
    for l in Layer::ALL {
        assert!(text.contains(l.as_str()), "layer {l}");
    }
    for r in Reason::ALL {
        assert!(text.contains(r.as_str()), "reason {r}");
    }
    let rows = root.query_selector_all("[data-vocab=reason_code] tbody tr").map(|n| n.length());
    assert_eq!(rows.ok(), Some(39));
    let rows = root.query_selector_all("[data-vocab=layer] tbody tr").map(|n| n.length());
    assert_eq!(rows.ok(), Some(18));
    assert!(text.contains("279837 = 0x4451D"), "pack example");
}

#[wasm_bindgen_test]
async fn the_language_switch_changes_every_heading() {
    set_query("");
    let root = mount_as_is().await;
    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("Scenarios") && text.contains("Lessons and audit desk"));
    let ja = root.query_selector("button[lang=ja]").ok().flatten();
    let ja = ja.and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
    assert!(ja.is_some(), "no Japanese button");
    if let Some(button) = ja {
        button.click();
    }
    flush().await;
    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("シナリオ"), "{text}");
    assert!(text.contains("レッスンと監査デスク"));
    assert!(SCENARIOS.iter().all(|s| text.contains(s.title_ja)));
    assert!(!text.contains("Scenarios"));
    let pressed = root
        .query_selector("button[lang=ja]")
        .ok()
        .flatten()
        .and_then(|b| b.get_attribute("aria-pressed"));
    assert_eq!(pressed.as_deref(), Some("true"));
    let app_lang = root.query_selector(".app").ok().flatten().and_then(|b| b.get_attribute("lang"));
    assert_eq!(app_lang.as_deref(), Some("ja"));
}

#[wasm_bindgen_test]
fn the_strings_both_pages_show_agree() {
    use maestro_web::i18n::{DeskText, Text};
    for (bench, desk) in [
        (Text::Motto, DeskText::Motto),
        (Text::LocalOnly, DeskText::LocalOnly),
        (Text::Engine, DeskText::Engine),
        (Text::Sealed, DeskText::Sealed),
        (Text::Overrideable, DeskText::Overrideable),
        (Text::Language, DeskText::Language),
    ] {
        assert_eq!(bench.pair(), desk.pair());
    }
}

#[wasm_bindgen_test]
async fn a_card_opens_its_bench_and_the_navigation_switches_views_without_a_reload() {
    set_query("");
    let root = mount_as_is().await;
    let view = |root: &web_sys::Element| {
        root.query_selector(".app").ok().flatten().and_then(|a| a.get_attribute("data-view"))
    };
    for s in SCENARIOS {
        click(&root, "#nav-home").await;
        assert_eq!(view(&root).as_deref(), Some("home"));
        click(&root, &format!("[data-scenario='{}'] a.open-bench", s.id)).await;
        assert_eq!(view(&root).as_deref(), Some("bench"), "{}", s.id);
        // The bench shows the scenario's default run, and the address is its share link.
        let picked = root
            .query_selector("#scenario")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlSelectElement>().ok())
            .map(|e| e.value());
        assert_eq!(picked.as_deref(), Some(s.id));
        let q = common::query();
        assert!(q.starts_with(&format!("v=1&s={}&seed=1&", s.id)), "{q}");
    }
    click(&root, "#nav-desk").await;
    assert_eq!(view(&root).as_deref(), Some("desk"));
    assert!(common::query().ends_with("&view=desk"), "{}", common::query());
    click(&root, "#nav-bench").await;
    assert_eq!(view(&root).as_deref(), Some("bench"));
}

#[wasm_bindgen_test]
fn the_view_comes_from_the_address() {
    use maestro_web::route::View;
    assert_eq!(View::from_query(""), View::Home);
    assert_eq!(View::from_query("?lang=ja"), View::Home);
    assert_eq!(View::from_query("?v=1&s=pacd&seed=1&h=0"), View::Bench);
    assert_eq!(View::from_query("?v=1&s=pacd&seed=1&h=0&view=desk"), View::Desk);
    assert_eq!(View::from_query("?a=x&b=y"), View::Desk);
    assert_eq!(View::from_query("?view=nowhere"), View::Home);
    assert_eq!(
        View::from_query("?%zz"),
        View::Bench,
        "a broken link shows its notice on the bench"
    );
    assert_eq!(maestro_web::route::query("v=1", View::Desk, true, true), "v=1&view=desk&lang=ja");
    assert_eq!(
        maestro_web::route::query("v=1", View::Desk, false, false),
        "v=1&teacher=0&view=desk"
    );
    assert_eq!(maestro_web::route::query("v=1", View::Bench, false, true), "v=1");
    // Back to an address of the same run (fewer or more of its choices) keeps the run.
    use maestro_core::face::RunRequest;
    use maestro_core::link::encode_request;
    let req = |choices: &[&str]| RunRequest {
        seed: 1,
        choices: choices.iter().map(|c| c.to_string()).collect(),
        ..RunRequest::default()
    };
    let now = ("emergency-contract", req(&["coaching:approve"]));
    let same = |r: &RunRequest| {
        maestro_web::route::same_run(&encode_request("emergency-contract", r), Some(&now))
    };
    assert!(same(&req(&[])));
    assert!(same(&req(&["coaching:approve", "auth:approve"])));
    assert!(!same(&req(&["coaching:deny"])));
    assert!(!same(&RunRequest { seed: 2, ..req(&[]) }));
    assert!(maestro_web::route::same_run("view=desk", Some(&now)));
    assert!(!maestro_web::route::same_run("v=1&s=nope", Some(&now)));
}
