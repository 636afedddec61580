//! The Lessons section in headless Chromium: every lesson file is shown, and opening a lesson
//! loads its exact run into the bench with the row it talks about selected.
#![cfg(target_arch = "wasm32")]

use maestro_web::lessons::{LESSON_FILES, all};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

mod common;
use common::{click, mount, set_query};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn every_lesson_is_shown_and_opens_its_run_at_its_row() {
    set_query("");
    let root = mount().await;
    assert!(LESSON_FILES.len() >= 10);
    let shown = root.query_selector_all(".lesson").map(|n| n.length()).unwrap_or(0);
    assert_eq!(shown as usize, LESSON_FILES.len());
    assert!(
        root.query_selector(".lesson.error").ok().flatten().is_none(),
        "a lesson failed to parse"
    );
    for lesson in all().into_iter().flatten() {
        click(&root, &format!("[data-lesson='{}'] .open-lesson", lesson.id)).await;
        let selected = root
            .query_selector(".timeline .rows li.selected")
            .ok()
            .flatten()
            .and_then(|e| e.get_attribute("data-reason"));
        assert_eq!(selected.as_deref(), Some(lesson.expect_reason.as_str()), "{}", lesson.id);
        let rows = root.query_selector_all(".timeline .rows li").map(|n| n.length()).unwrap_or(0);
        assert!(rows as usize >= lesson.highlight, "{}", lesson.id);
    }
}
