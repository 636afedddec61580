//! The lessons the app shows: the files of `docs/lessons/<scenario-id>/`.
//!
//! The bundle knows every lesson's id (so the landing counts them) and the digest of their
//! texts; the texts come from `lessons.json`, beside the bundle, the first time the desk shows
//! them, and are refused unless they match the digest (a stale or changed file never mixes
//! with this build). With the `embed-lessons` feature they are compiled in instead.

use std::cell::RefCell;
use std::rc::Rc;

use maestro_core::lesson::{self, Lesson};

include!(concat!(env!("OUT_DIR"), "/lesson_ids.rs"));

#[cfg(feature = "embed-lessons")]
include!(concat!(env!("OUT_DIR"), "/lesson_files.rs"));

/// The lessons, parsed: each a lesson, or the reader's message for its file.
pub type Lessons = Rc<Vec<Result<Lesson, String>>>;

thread_local! {
    static LOADED: RefCell<Option<Lessons>> = const { RefCell::new(None) };
}

/// The scenario a lesson belongs to: the folder its file sits in.
pub fn scenario_of(id: &str) -> &str {
    id.split('/').next().unwrap_or_default()
}

/// How many lessons scenario `scenario` has.
pub fn count_for(scenario: &str) -> usize {
    LESSON_IDS.iter().filter(|id| scenario_of(id) == scenario).count()
}

pub use crate::lesson_digest::digest;

/// Parses lesson files after checking that they are this build's: the same ids, the same
/// digest. A refused set gives a message saying so.
pub fn from_files(files: &[(String, String)]) -> Result<Vec<Result<Lesson, String>>, String> {
    let ids: Vec<&str> = files.iter().map(|(id, _)| id.as_str()).collect();
    if ids != LESSON_IDS
        || digest(files.iter().map(|(i, t)| (i.as_str(), t.as_str()))) != LESSONS_DIGEST
    {
        return Err(format!(
            "the lessons file holds {} lessons that are not this version's {} (reload the page)",
            files.len(),
            LESSON_IDS.len()
        ));
    }
    Ok(files
        .iter()
        .map(|(id, text)| lesson::parse(id, text).map_err(|e| format!("{id}: {e}")))
        .collect())
}

/// The lessons, if they are loaded.
pub fn loaded() -> Option<Lessons> {
    LOADED.with(|l| l.borrow().clone())
}

fn keep(lessons: Vec<Result<Lesson, String>>) -> Lessons {
    let lessons = Rc::new(lessons);
    LOADED.with(|l| *l.borrow_mut() = Some(lessons.clone()));
    lessons
}

/// Every lesson, compiled in.
#[cfg(feature = "embed-lessons")]
pub fn all() -> Vec<Result<Lesson, String>> {
    LESSON_FILES
        .iter()
        .map(|(id, text)| lesson::parse(id, text).map_err(|e| format!("{id}: {e}")))
        .collect()
}

/// Loads the lessons (once): compiled in.
#[cfg(feature = "embed-lessons")]
pub async fn load() -> Result<Lessons, String> {
    Ok(loaded().unwrap_or_else(|| keep(all())))
}

/// Loads the lessons (once): `lessons.json` beside the page, named with this build's digest so
/// that no cache serves another build's file.
#[cfg(not(feature = "embed-lessons"))]
pub async fn load() -> Result<Lessons, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    if let Some(lessons) = loaded() {
        return Ok(lessons);
    }
    let window = web_sys::window().ok_or("no window")?;
    let url = format!("lessons.json?d={}", LESSONS_DIGEST.get(..12).unwrap_or_default());
    let failed =
        |e: wasm_bindgen::JsValue| format!("cannot read {url}: {}", crate::browser::js_message(&e));
    let response = JsFuture::from(window.fetch_with_str(&url)).await.map_err(failed)?;
    let response: web_sys::Response = response.dyn_into().map_err(failed)?;
    if !response.ok() {
        return Err(format!("cannot read {url}: HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(failed)?).await.map_err(failed)?;
    let text = text.as_string().unwrap_or_default();
    let files: Vec<(String, String)> =
        serde_json::from_str(&text).map_err(|e| format!("{url} is not a lessons file: {e}"))?;
    from_files(&files).map(keep)
}
