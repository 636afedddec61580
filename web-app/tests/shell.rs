//! Headless-Chromium tests of the web-app shell: it mounts, lists what the core registers,
//! and switches language.
#![cfg(target_arch = "wasm32")]

use maestro_core::scenario::SCENARIOS;
use maestro_core::scenario::Theme;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

mod common;
use common::{click, mount, mount_as_is, mount_desk, set_query, text_of};
use yew::scheduler::flush;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn the_landing_lists_every_scenario_by_theme_and_the_desk_the_whole_vocabulary() {
    set_query("");
    let root = mount_as_is().await;
    assert_eq!(view_of(&root).as_deref(), Some("home"));
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
    // The codebook is on the desk view; the page's worker writes its tables (the worker is not
    // served here: its content is checked by maestro-wasm's tests and the end-to-end test).
    set_query("");
    let root = mount_desk().await;
    let heading = text_of(&root, "#codebook-heading");
    assert!(heading.starts_with("Log codebook"), "{heading}");
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
    for (bench, desk) in
        [(Text::Sealed, DeskText::Sealed), (Text::Overrideable, DeskText::Overrideable)]
    {
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
    use maestro_web::components::PageMode;
    let normal = PageMode::default();
    let students = PageMode { teacher: false, ..normal };
    let framed = PageMode::of("?v=1&embed=1&lang=ja");
    assert_eq!(framed, PageMode { embed: true, ..normal });
    // A teacher's link: fixed and removed controls, the projector; unknown names are refused
    // with a notice naming them, the known ones still hold.
    let class = PageMode::of("?v=1&lock=rng,seed&hide=batch,teacher&present=1");
    assert!(class.lock.has("seed") && class.lock.has("rng") && !class.lock.has("knobs"));
    assert!(class.hide.has("batch") && !class.teacher && class.present);
    assert_eq!(PageMode::refused("?v=1&lock=rng,seed&hide=batch"), None);
    let odd = PageMode::of("?v=1&lock=seed,colour&hide=desk,everything");
    assert!(odd.lock.has("seed") && odd.hide.has("desk"));
    let refused =
        PageMode::refused("?v=1&lock=seed,colour&hide=desk,everything").unwrap_or_default();
    assert!(
        refused.en.contains("`colour`") && refused.en.contains("`everything`"),
        "{}",
        refused.en
    );
    assert!(refused.ja.contains("`colour`") && refused.ja.contains("固定"), "{}", refused.ja);
    assert_eq!(
        maestro_web::route::query("v=1", View::Bench, false, class),
        "v=1&lock=seed,rng&hide=batch,teacher&present=1",
        "written back in one order"
    );
    assert_eq!(maestro_web::route::query("v=1", View::Desk, true, normal), "v=1&view=desk&lang=ja");
    assert_eq!(
        maestro_web::route::query("v=1", View::Desk, false, students),
        "v=1&teacher=0&view=desk"
    );
    assert_eq!(maestro_web::route::query("v=1", View::Bench, false, normal), "v=1");
    assert_eq!(maestro_web::route::query("v=1", View::Bench, true, framed), "v=1&embed=1&lang=ja");
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

/// The view the mounted app shows.
fn view_of(root: &web_sys::Element) -> Option<String> {
    root.query_selector(".app").ok().flatten().and_then(|a| a.get_attribute("data-view"))
}

fn input_value(root: &web_sys::Element, selector: &str) -> String {
    let el = root.query_selector(selector).ok().flatten();
    el.clone()
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .or_else(|| {
            el.and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok()).map(|t| t.value())
        })
        .unwrap_or_default()
}

fn disabled(root: &web_sys::Element, selector: &str) -> bool {
    root.query_selector(selector).ok().flatten().is_some_and(|e| e.has_attribute("disabled"))
}

fn present(root: &web_sys::Element, selector: &str) -> bool {
    root.query_selector(selector).ok().flatten().is_some()
}

#[wasm_bindgen_test]
async fn a_teachers_link_fixes_removes_and_projects_the_controls_it_names() {
    let run = maestro_core::link::encode_request(
        "emergency-contract",
        &maestro_core::face::RunRequest { seed: 7, ..Default::default() },
    );
    // Fixed: the setup's controls are there but cannot be changed, and say who set them.
    set_query(&format!("{run}&lock=seed,knobs,scenario,rng"));
    let root = mount().await;
    for control in ["#seed", "#new-seed", "#scenario", "#rng", "fieldset.knob-grid"] {
        assert!(disabled(&root, control), "{control} is not fixed");
    }
    assert_eq!(
        text_of(&root, "#set-by-teacher"),
        "Set by your teacher: seed, knobs, scenario, rng"
    );
    assert!(!present(&root, ".notice"));
    // The catalogue would switch scenario: its link is gone.
    assert!(!present(&root, "#nav-home") && present(&root, "#nav-bench"));
    // Removed: not on the page at all; the desk is not reachable either.
    set_query(&format!("{run}&hide=batch,knobs,rng,desk,teacher&view=desk"));
    let root = mount().await;
    assert_eq!(view_of(&root).as_deref(), Some("bench"));
    for gone in [".batch", "details.knobs", "#rng", "#nav-desk", "#teacher-link"] {
        assert!(!present(&root, gone), "{gone} is still shown");
    }
    assert!(!disabled(&root, "#seed"), "nothing was fixed");
    // The projector.
    set_query(&format!("{run}&present=1"));
    let root = mount().await;
    assert!(present(&root, ".app.present"));
    // Unknown names: a notice names them; what is known still holds.
    set_query(&format!("{run}&lock=seed,colour&hide=everything"));
    let root = mount().await;
    let notice = text_of(&root, ".notice");
    assert!(notice.contains("`colour`") && notice.contains("`everything`"), "{notice}");
    assert!(disabled(&root, "#seed"));
    assert_eq!(input_value(&root, "#seed"), "7", "the run itself opened");
}

#[wasm_bindgen_test]
async fn the_teacher_link_panel_builds_the_link_its_checkboxes_say() {
    set_query("");
    let root = mount().await;
    click(&root, "#lock-seed").await;
    click(&root, "#hide-batch").await;
    click(&root, "#link-present").await;
    let link = input_value(&root, "#teacher-link-url");
    assert!(link.contains("&lock=seed&hide=batch&present=1"), "{link}");
    assert!(link.contains("v=1&s=emergency-contract"), "{link}");
    // The link opens what the panel said.
    let query = link.split_once('?').map(|(_, q)| q).unwrap_or_default();
    assert_eq!(
        maestro_web::components::PageMode::of(query),
        maestro_web::components::PageMode {
            present: true,
            lock: maestro_web::components::Controls::default().with("seed", true),
            hide: maestro_web::components::Controls::default().with("batch", true),
            ..Default::default()
        }
    );
    // Its QR code comes from the page's worker (the end-to-end test draws it).
}
