//! DOM helpers shared by the web app's browser tests.
#![allow(dead_code, reason = "each test file uses its own subset")]

use maestro_web::{App, DeskApp};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::scheduler::flush;

/// Sets the page's query (the share link the app reads on mount).
pub fn set_query(q: &str) {
    let history = web_sys::window().and_then(|w| w.history().ok());
    if let Some(h) = history {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("?{q}")));
    }
}

/// Mounts a fresh app in a new element.
pub async fn mount() -> Element {
    let document = web_sys::window().and_then(|w| w.document()).unwrap_or_else(|| unreachable!());
    let div = document.create_element("div").unwrap_or_else(|_| unreachable!());
    if let Some(body) = document.body() {
        let _ = body.append_child(&div);
    }
    yew::Renderer::<App>::with_root(div.clone()).render();
    flush().await;
    div
}

/// Mounts a fresh lessons and audit desk page in a new element.
pub async fn mount_desk() -> Element {
    let document = web_sys::window().and_then(|w| w.document()).unwrap_or_else(|| unreachable!());
    let div = document.create_element("div").unwrap_or_else(|_| unreachable!());
    if let Some(body) = document.body() {
        let _ = body.append_child(&div);
    }
    yew::Renderer::<DeskApp>::with_root(div.clone()).render();
    flush().await;
    div
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
