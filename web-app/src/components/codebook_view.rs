//! The log codebook's vocabularies with every code's explanation, and the 20-bit pack: the
//! reference codebook (the emergency family's) and each other scenario's layers and reason
//! codes. The page's Web Worker writes them (`maestro_wasm::codebook_value`, from the core's
//! codebook and each scenario's declaration), so the first load carries none of their text.

use std::rc::Rc;

use maestro_core::say::Said;
use serde_json::Value;
use yew::prelude::*;

use crate::i18n::{DeskText, Lang};
use crate::worker::PageWorker;

fn cell(row: &Value, i: usize) -> String {
    match row.get(i) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn list(v: &Value, key: &str) -> Vec<Value> {
    v.get(key).and_then(Value::as_array).cloned().unwrap_or_default()
}

/// A table of the reference codebook: rows `[id, name, en, ja]`.
fn table(table: &Value, l: Lang) -> Html {
    let key = table.get("key").and_then(Value::as_str).unwrap_or_default().to_string();
    let title = match key.as_str() {
        "layer" => DeskText::Layers,
        "decision" => DeskText::Decisions,
        "final_decider" => DeskText::Deciders,
        _ => DeskText::ReasonCodes,
    };
    let rows = list(table, "rows");
    let explain = if l == Lang::Ja { 3 } else { 2 };
    html! {
        <figure class="vocab" data-vocab={key}>
            <figcaption>{ format!("{} ({})", title.get(l), rows.len()) }</figcaption>
            <table>
                <thead><tr><th scope="col">{ DeskText::Id.get(l) }</th><th scope="col">{ DeskText::Name.get(l) }</th></tr></thead>
                <tbody>
                    { for rows.iter().map(|r| html! {
                        <tr><td class="num">{ cell(r, 0) }</td><td><code>{ cell(r, 1) }</code></td><td class="explain">{ cell(r, explain) }</td></tr>
                    }) }
                </tbody>
            </table>
        </figure>
    }
}

/// The vocabulary of a scenario outside the reference codebook: its layers and reason codes
/// (rows `[name, en, ja]`), each with its explanation.
fn scenario_vocab(s: &Value, l: Lang) -> Html {
    let explain = if l == Lang::Ja { 2 } else { 1 };
    let rows = |key: &str| {
        list(s, key)
            .iter()
            .map(|r| html! { <tr><td><code>{ cell(r, 0) }</code></td><td class="explain">{ cell(r, explain) }</td></tr> })
            .collect::<Html>()
    };
    let title = s.get("title").and_then(|t| t.get(if l == Lang::Ja { "ja" } else { "en" }));
    html! {
        <figure class="vocab" data-vocab-scenario={s.get("id").and_then(Value::as_str).unwrap_or_default().to_string()}>
            <figcaption>{ title.and_then(Value::as_str).unwrap_or_default().to_string() }</figcaption>
            <table>
                <thead><tr><th scope="col">{ DeskText::Layers.get(l) }</th><th scope="col">{ DeskText::Meaning.get(l) }</th></tr></thead>
                <tbody>{ rows("layers") }</tbody>
                <thead><tr><th scope="col">{ DeskText::ReasonCodes.get(l) }</th><th scope="col">{ DeskText::Meaning.get(l) }</th></tr></thead>
                <tbody>{ rows("reasons") }</tbody>
            </table>
        </figure>
    }
}

/// The codebook, once the worker has written it.
#[component]
pub fn CodebookView() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    let book = use_state(|| None::<Rc<Result<Value, Said>>>);
    let worker = use_mut_ref(|| None::<PageWorker>);
    use_effect_with((), {
        let book = book.clone();
        move |_| {
            let made = book.clone();
            let asked = PageWorker::ask(&[("type", "codebook".into())], move |reply| {
                let parsed = reply.and_then(|data| {
                    crate::worker::text(&data, "codebook")
                        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
                        .ok_or_else(|| crate::worker::failed("no codebook"))
                });
                made.set(Some(Rc::new(parsed)));
            });
            match asked {
                Ok(w) => *worker.borrow_mut() = Some(w),
                Err(e) => book.set(Some(Rc::new(Err(e)))),
            }
        }
    });
    let body = match book.as_deref() {
        None => html! { <p class="muted" role="status">{ "…" }</p> },
        Some(Err(e)) => {
            html! { <p class="error" role="alert">{ e.text(l == Lang::Ja).to_string() }</p> }
        }
        Some(Ok(book)) => {
            let tables = list(book, "tables");
            let text =
                |k: &str| book.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
            // The reference's order: layers, reason codes, then decisions and deciders stacked
            // beside the pack.
            let by = |key: &str| {
                tables
                    .iter()
                    .find(|t| t.get("key").and_then(Value::as_str) == Some(key))
                    .map(|t| table(t, l))
                    .unwrap_or_default()
            };
            html! {
                <>
                    <div class="vocab-grid">
                        { by("layer") }
                        { by("reason_code") }
                        <div class="vocab-stack">
                            { by("decision") }
                            { by("final_decider") }
                            <div class="pack">
                                <h3>{ DeskText::PackExample.get(l) }</h3>
                                <p>{ DeskText::PackExampleLead.get(l) }</p>
                                <p class="packed"><code>{ text("packed") }</code></p>
                            </div>
                        </div>
                    </div>
                    <div class="vocab-grid">{ for list(book, "scenarios").iter().map(|s| scenario_vocab(s, l)) }</div>
                </>
            }
        }
    };
    let version = match book.as_deref() {
        Some(Ok(b)) => b.get("version").and_then(Value::as_str).unwrap_or_default().to_string(),
        _ => String::new(),
    };
    html! {
        <section class="codebook" id="codebook" aria-labelledby="codebook-heading" aria-busy={book.is_none().to_string()}>
            <h2 id="codebook-heading">{ format!("{} {version}", DeskText::Codebook.get(l)) }</h2>
            <p class="lead">{ DeskText::CodebookLead.get(l) }</p>
            { body }
        </section>
    }
}
