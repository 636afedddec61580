//! DOM helpers shared by the web app's browser tests.
#![allow(clippy::unreachable, reason = "tests: an arm that cannot be reached is a failed test")]
#![allow(dead_code, reason = "each test file uses its own subset")]

use maestro_web::App;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::scheduler::flush;

/// Sets the page's query (the share link the app reads on mount).
pub fn set_query(q: &str) {
    NEXT.with(|n| *n.borrow_mut() = q.to_string());
    let history = web_sys::window().and_then(|w| w.history().ok());
    if let Some(h) = history {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("?{q}")));
    }
}

/// The page's query, without `?`.
pub fn query() -> String {
    let q = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    q.trim_start_matches('?').to_string()
}

thread_local! {
    /// The query the next app mounts with (the address may lag: browsers throttle changes).
    static NEXT: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    /// The app mounted last: one app lives at a time, so no earlier app rewrites the address.
    static MOUNTED: std::cell::RefCell<Option<yew::AppHandle<App>>> = const { std::cell::RefCell::new(None) };
}

/// Mounts a fresh app in a new element, with the page's query as it is (the app mounted
/// before is destroyed first).
pub async fn mount_as_is() -> Element {
    let q = NEXT.with(|n| n.borrow().clone());
    unmount().await;
    // Each app starts without a remembered language (the query may still ask for one).
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.remove_item("maestro.lang");
    }
    set_query(&q);
    let document = web_sys::window().and_then(|w| w.document()).unwrap_or_else(|| unreachable!());
    let div = document.create_element("div").unwrap_or_else(|_| unreachable!());
    if let Some(body) = document.body() {
        let _ = body.append_child(&div);
    }
    let props = maestro_web::components::app::AppProps { query: Some(q) };
    let handle = yew::Renderer::<App>::with_root_and_props(div.clone(), props).render();
    MOUNTED.with(|m| *m.borrow_mut() = Some(handle));
    flush().await;
    // The first render's effects (the address) may schedule one more render.
    flush().await;
    div
}

/// Destroys the app mounted last, if any (its last effects run before it goes, so the
/// address is set after this).
pub async fn unmount() {
    if let Some(old) = MOUNTED.with(|m| m.borrow_mut().take()) {
        flush().await;
        old.destroy();
        flush().await;
    }
}

/// Mounts a fresh app showing `view` (added to the query unless it names a view already).
async fn mount_view(view: &str) -> Element {
    let q = NEXT.with(|n| n.borrow().clone());
    if !q.split('&').any(|f| f.starts_with("view=")) {
        set_query(&if q.is_empty() { format!("view={view}") } else { format!("{q}&view={view}") });
    }
    mount_as_is().await
}

/// Mounts a fresh app on the bench view (the run of the page's query).
pub async fn mount() -> Element {
    mount_view("bench").await
}

/// Mounts a fresh app on the desk view (lessons, audit desk, codebook).
pub async fn mount_desk() -> Element {
    mount_view("desk").await
}

/// Mounts a fresh app on the landing.
pub async fn mount_home() -> Element {
    mount_view("home").await
}

/// Picks `value` in the select `selector` names and sends a `change` event.
pub async fn select(root: &Element, selector: &str, value: &str) {
    let el = root
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlSelectElement>().ok());
    assert!(el.is_some(), "no select `{selector}`");
    if let Some(el) = el {
        el.set_value(value);
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        if let Ok(event) = web_sys::Event::new_with_event_init_dict("change", &init) {
            let _ = el.dispatch_event(&event);
        }
    }
    flush().await;
}

/// Clicks the element `selector` names.
pub async fn click(root: &Element, selector: &str) {
    let el =
        root.query_selector(selector).ok().flatten().and_then(|e| e.dyn_into::<HtmlElement>().ok());
    assert!(el.is_some(), "no element `{selector}`");
    if let Some(el) = el {
        el.click();
    }
    flush().await;
}

/// The text of the element `selector` names.
pub fn text_of(root: &Element, selector: &str) -> String {
    root.query_selector(selector).ok().flatten().and_then(|e| e.text_content()).unwrap_or_default()
}

/// Types `value` into the input `selector` names and sends a `change` event.
pub async fn type_into(root: &Element, selector: &str, value: &str) {
    send_value(root, selector, value, "change").await;
}

/// Types `value` into the input `selector` names and sends an `input` event.
pub async fn input_into(root: &Element, selector: &str, value: &str) {
    send_value(root, selector, value, "input").await;
}

async fn send_value(root: &Element, selector: &str, value: &str, kind: &str) {
    let input = root
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
    assert!(input.is_some(), "no input `{selector}`");
    if let Some(input) = input {
        input.set_value(value);
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        if let Ok(event) = web_sys::Event::new_with_event_init_dict(kind, &init) {
            let _ = input.dispatch_event(&event);
        }
    }
    flush().await;
}
