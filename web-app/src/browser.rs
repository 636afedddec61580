//! The few browser services the app uses: the URL, local storage, downloads, the clipboard,
//! and a random seed. Each fails softly: without them the bench still runs.

use gloo::storage::{LocalStorage, Storage};
use wasm_bindgen::JsCast;

use crate::i18n::Lang;

const LANG_KEY: &str = "maestro.lang";

/// The page's query string (`?v=1&...`), or empty.
pub fn query() -> String {
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// Replaces the URL's query without reloading or adding a history entry (and does nothing
/// when it is already that: browsers throttle frequent history changes).
pub fn set_query(query: &str) {
    if self::query().trim_start_matches('?') == query {
        return;
    }
    let Some(history) = web_sys::window().and_then(|w| w.history().ok()) else { return };
    let _ = history.replace_state_with_url(
        &wasm_bindgen::JsValue::NULL,
        "",
        Some(&format!("?{query}")),
    );
}

/// Adds a history entry holding the current address, so that the browser's Back button
/// returns to it after the page changes view (the new entry's address is then replaced).
pub fn push_entry() {
    let Some(window) = web_sys::window() else { return };
    let (Ok(history), Ok(href)) = (window.history(), window.location().href()) else { return };
    let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href));
}

/// Calls `f` with the new query whenever the browser moves through the history (Back,
/// Forward); the listener lives as long as the returned value.
pub fn on_history(f: impl Fn(String) + 'static) -> Option<gloo::events::EventListener> {
    let window = web_sys::window()?;
    Some(gloo::events::EventListener::new(&window, "popstate", move |_| f(query())))
}

/// Scrolls element `id` into view once the page has drawn it (the next task).
pub fn scroll_to_soon(id: &'static str) {
    gloo::timers::callback::Timeout::new(0, move || {
        let element =
            web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
        if let Some(element) = element {
            element.scroll_into_view();
        }
    })
    .forget();
}

/// Moves the keyboard focus to the element `selector` names once the page has drawn it (the
/// next task), scrolling it into view.
pub fn focus_soon(selector: String) {
    gloo::timers::callback::Timeout::new(0, move || {
        let element = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(&selector).ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = element {
            let _ = element.focus();
            element.scroll_into_view_with_bool(false);
        }
    })
    .forget();
}

/// Sets the document's language (`<html lang>`) and title for the page's language.
pub fn set_document_lang(tag: &str, title: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Some(html) = document.document_element() {
        let _ = html.set_attribute("lang", tag);
    }
    document.set_title(title);
}

/// Scrolls the page to its top (a new view starts at its heading).
pub fn scroll_top() {
    if let Some(w) = web_sys::window() {
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// The full URL of the page (for the copied link).
pub fn href() -> String {
    web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default()
}

/// The language: the page query's `lang`, else the remembered one (not in a frame: `embed=1`
/// uses no browser storage), else English.
pub fn initial_lang(query: &str) -> Lang {
    let raw = maestro_core::link::RawLink::parse(query).ok();
    let link_lang = raw.as_ref().and_then(|r| r.lang());
    let embedded = raw.as_ref().is_some_and(|r| r.embed());
    let stored: Option<String> = if embedded { None } else { LocalStorage::get(LANG_KEY).ok() };
    match link_lang.or(stored.as_deref()) {
        Some("ja") => Lang::Ja,
        _ => Lang::En,
    }
}

/// Remembers the language.
pub fn remember_lang(lang: Lang) {
    let _ = LocalStorage::set(LANG_KEY, lang.tag());
}

/// Offers `text` as a JSON Lines file download named `name`.
pub fn download(name: &str, text: &str) {
    download_as(name, text, "application/x-ndjson");
}

/// Offers `text` as a file download named `name` of type `mime`.
pub fn download_as(name: &str, text: &str, mime: &str) {
    let blob = gloo::file::Blob::new_with_options(text, Some(mime));
    let url = gloo::file::ObjectUrl::from(blob);
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(a) = document.create_element("a") else { return };
    let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>() else { return };
    a.set_href(&url);
    a.set_download(name);
    a.click();
}

/// Copies `text` to the clipboard; `false` where the browser has no clipboard for this page
/// (a plain-http address on the class network is not a secure context) or refuses.
pub async fn copy(text: &str) -> bool {
    let Some(w) = web_sys::window() else { return false };
    let navigator = w.navigator();
    let has_clipboard = w.is_secure_context()
        && js_sys::Reflect::get(&navigator, &wasm_bindgen::JsValue::from_str("clipboard"))
            .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !has_clipboard {
        return false;
    }
    let promise = navigator.clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// A fresh seed from the browser's `crypto.getRandomValues` (0 if unavailable).
pub fn random_seed() -> u64 {
    let mut bytes = [0u8; 8];
    match getrandom::getrandom(&mut bytes) {
        Ok(()) => u64::from_le_bytes(bytes) >> 11,
        Err(_) => 0,
    }
}

/// Whether the reader asked for reduced motion (then nothing plays by itself).
pub fn reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// What a JavaScript error says: its text, or its `message`, without `Debug` (whose glue
/// brings a whole value printer into the bundle).
pub fn js_message(e: &wasm_bindgen::JsValue) -> String {
    e.as_string()
        .or_else(|| js_sys::Reflect::get(e, &"message".into()).ok().and_then(|m| m.as_string()))
        .unwrap_or_else(|| "an unnamed JavaScript error".into())
}
