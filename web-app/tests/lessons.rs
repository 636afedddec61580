//! The lessons in headless Chromium: every lesson file is shown on the desk page, its link
//! opens the bench, and the bench opened with that link shows the lesson's run with its row
//! selected.
#![allow(clippy::unreachable, reason = "tests: an arm that cannot be reached is a failed test")]
#![cfg(target_arch = "wasm32")]

use maestro_web::components::lessons_view::bench_href;
use maestro_web::i18n::Lang;
use maestro_web::lessons::{LESSON_FILES, all};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

mod common;
use common::{click, mount, mount_desk, select, set_query};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn every_lesson_is_shown_and_opens_its_run_at_its_row() {
    set_query("");
    let desk = mount_desk().await;
    // The desk lists the bench's scenario's lessons first; "every scenario" lists them all.
    let first = desk.query_selector_all(".lesson").map(|n| n.length()).unwrap_or(0);
    assert_eq!(first as usize, maestro_web::lessons::count_for("emergency-contract"));
    select(&desk, "#lesson-scenario", "").await;
    assert!(LESSON_FILES.len() >= 10);
    let shown = desk.query_selector_all(".lesson").map(|n| n.length()).unwrap_or(0);
    assert_eq!(shown as usize, LESSON_FILES.len());
    assert!(
        desk.query_selector(".lesson.error").ok().flatten().is_none(),
        "a lesson failed to parse"
    );
    // Every card's link, read before the bench is mounted (one app lives at a time).
    let lessons: Vec<_> = all().into_iter().flatten().collect();
    let hrefs: Vec<String> = lessons
        .iter()
        .map(|lesson| {
            desk.query_selector(&format!("[data-lesson='{}'] a.open-lesson", lesson.id))
                .ok()
                .flatten()
                .and_then(|a| a.get_attribute("href"))
                .unwrap_or_default()
        })
        .collect();
    for (lesson, href) in lessons.iter().zip(hrefs) {
        assert_eq!(href, bench_href(lesson, Lang::En));
        set_query(href.trim_start_matches('?'));
        let bench = mount().await;
        let selected = bench
            .query_selector(".timeline .rows li.selected")
            .ok()
            .flatten()
            .and_then(|e| e.get_attribute("data-reason"));
        assert_eq!(
            selected.as_deref(),
            Some(lesson.expect_reason.as_str()),
            "{} at {}: {}",
            lesson.id,
            common::query(),
            bench.text_content().unwrap_or_default().chars().take(600).collect::<String>()
        );
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

#[wasm_bindgen_test]
async fn a_lessons_link_opens_its_run_in_the_bench_without_a_reload() {
    set_query("");
    let root = mount_desk().await;
    select(&root, "#lesson-scenario", "pacd").await;
    let lesson = all().into_iter().flatten().find(|l| l.id.starts_with("pacd/"));
    let Some(lesson) = lesson else { unreachable!("no pacd lesson") };
    click(&root, &format!("[data-lesson='{}'] a.open-lesson", lesson.id)).await;
    let view =
        root.query_selector(".app").ok().flatten().and_then(|a| a.get_attribute("data-view"));
    assert_eq!(view.as_deref(), Some("bench"));
    let selected = root
        .query_selector(".timeline .rows li.selected")
        .ok()
        .flatten()
        .and_then(|e| e.get_attribute("data-reason"));
    assert_eq!(selected.as_deref(), Some(lesson.expect_reason.as_str()));
}

#[wasm_bindgen_test]
fn a_lessons_file_of_another_build_is_refused() {
    use maestro_web::lessons::from_files;
    let files: Vec<(String, String)> =
        LESSON_FILES.iter().map(|(id, text)| (id.to_string(), text.to_string())).collect();
    assert_eq!(from_files(&files).map(|l| l.len()).ok(), Some(LESSON_FILES.len()));
    let mut changed = files.clone();
    if let Some((_, text)) = changed.first_mut() {
        text.push(' ');
    }
    let e = from_files(&changed).err().unwrap_or_default();
    assert!(e.contains("not this version's") && e.contains("reload the page"), "{e}");
    let e = from_files(files.get(1..).unwrap_or_default()).err().unwrap_or_default();
    assert!(e.starts_with(&format!("the lessons file holds {} lessons", files.len() - 1)), "{e}");
}

#[wasm_bindgen_test]
async fn lessons_are_numbered_grouped_by_scenario_and_the_teachers_answers_wait_for_a_toggle() {
    set_query("");
    let desk = mount_desk().await;
    select(&desk, "#lesson-scenario", "").await;
    let count = |sel: &str| desk.query_selector_all(sel).map(|n| n.length()).unwrap_or(0);
    // One group per scenario with lessons, in the registry's order, numbered from 1.
    let groups = count(".lesson-group");
    assert_eq!(groups as usize, maestro_core::scenario::SCENARIOS.len());
    let first =
        common::text_of(&desk, ".lesson-group[data-scenario='emergency-contract'] .lesson-number");
    assert_eq!(first, "Lesson 1");
    // The answers for the teacher are hidden until the toggle shows them.
    assert_eq!(count(".lesson .teacher"), 0);
    click(&desk, "#teacher-toggle").await;
    assert_eq!(count(".lesson .teacher") as usize, LESSON_FILES.len());
    // A link for students (`teacher=0`) shows neither the answers nor the toggle.
    set_query("view=desk&teacher=0");
    let students = mount_desk().await;
    assert!(students.query_selector("#teacher-toggle").ok().flatten().is_none());
    assert_eq!(students.query_selector_all(".lesson .teacher").map(|n| n.length()).unwrap_or(1), 0);
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    assert!(search.contains("teacher=0"), "the address keeps it: {search}");
}
