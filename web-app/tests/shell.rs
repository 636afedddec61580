//! Headless-Chromium tests of the web-app shell: it mounts, lists what the core registers,
//! and switches language.
#![cfg(target_arch = "wasm32")]

use maestro_core::emergency::{Layer, Reason};
use maestro_core::scenario::SCENARIOS;
use maestro_core::vocab::Code;
use maestro_web::{App, DeskApp};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::scheduler::flush;

wasm_bindgen_test_configure!(run_in_browser);

fn root() -> web_sys::Element {
    let document = web_sys::window().and_then(|w| w.document());
    let document = document.unwrap_or_else(|| unreachable!("no document in the test page"));
    let div = document.create_element("div").unwrap_or_else(|_| unreachable!());
    if let Some(body) = document.body() {
        let _ = body.append_child(&div);
    }
    div
}

#[wasm_bindgen_test]
async fn the_shell_lists_scenarios_and_the_desk_page_the_whole_vocabulary() {
    let root = root();
    yew::Renderer::<App>::with_root(root.clone()).render();
    flush().await;
    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("Maestro Bench"));
    for s in SCENARIOS {
        assert!(text.contains(s.id), "scenario {}", s.id);
        assert!(text.contains(s.title), "title of {}", s.id);
    }
    // The codebook is on the lessons, codebook and audit desk page.
    let root = self::root();
    yew::Renderer::<DeskApp>::with_root(root.clone()).render();
    flush().await;
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
    let root = root();
    yew::Renderer::<App>::with_root(root.clone()).render();
    flush().await;
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
