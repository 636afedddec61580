//! The lessons in headless Chromium: every lesson file is shown on the desk page, its link
//! opens the bench, and the bench opened with that link shows the lesson's run with its row
//! selected.
#![cfg(target_arch = "wasm32")]

use maestro_web::components::lessons_view::bench_href;
use maestro_web::i18n::Lang;
use maestro_web::lessons::{LESSON_FILES, all};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

mod common;
use common::{mount, mount_desk, set_query};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn every_lesson_is_shown_and_opens_its_run_at_its_row() {
    set_query("");
    let desk = mount_desk().await;
    assert!(LESSON_FILES.len() >= 10);
    let shown = desk.query_selector_all(".lesson").map(|n| n.length()).unwrap_or(0);
    assert_eq!(shown as usize, LESSON_FILES.len());
    assert!(
        desk.query_selector(".lesson.error").ok().flatten().is_none(),
        "a lesson failed to parse"
    );
    for lesson in all().into_iter().flatten() {
        let href = desk
            .query_selector(&format!("[data-lesson='{}'] a.open-lesson", lesson.id))
            .ok()
            .flatten()
            .and_then(|a| a.get_attribute("href"))
            .unwrap_or_default();
        assert_eq!(href, bench_href(&lesson, Lang::En));
        set_query(href.trim_start_matches("../?"));
        let bench = mount().await;
        let selected = bench
            .query_selector(".timeline .rows li.selected")
            .ok()
            .flatten()
            .and_then(|e| e.get_attribute("data-reason"));
        assert_eq!(selected.as_deref(), Some(lesson.expect_reason.as_str()), "{}", lesson.id);
        assert!(bench.query_selector(".notice").ok().flatten().is_none(), "{}", lesson.id);
    }
}

#[wasm_bindgen_test]
async fn a_row_beyond_the_run_gets_a_notice() {
    let link = all().into_iter().flatten().next().map(|l| l.link).unwrap_or_default();
    set_query(&format!("{}&row=999", link.trim_start_matches('?')));
    let bench = mount().await;
    let notice = bench.query_selector(".notice-text").ok().flatten().and_then(|e| e.text_content());
    assert!(notice.unwrap_or_default().contains("names row 999"));
}
