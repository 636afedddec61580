//! Download the ARL (or its OpenTelemetry traces) and copy the share link.

use maestro_core::say::Said;
use yew::prelude::*;

use super::SessionHandle;
use crate::browser;
use crate::i18n::{Lang, Text};

/// The run's log and seed, clearing the last refusal; or, when the log cannot be written, `None`
/// with the reason shown beside the buttons.
fn log_or_refusal(
    session: &SessionHandle,
    refused: &UseStateHandle<Option<Said>>,
) -> Option<(String, u64)> {
    let run = session.run.borrow();
    match run.to_jsonl() {
        Ok(text) => {
            refused.set(None);
            Some((text, run.request().seed))
        }
        Err(e) => {
            refused.set(Some(e.said()));
            None
        }
    }
}

/// The download and link buttons.
#[component]
pub fn ShareBar() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    let Some(session) = use_context::<SessionHandle>() else { return html! {} };
    // After a copy: `Some(true)` copied, `Some(false)` the browser could not, so the link is
    // shown selected in a field for the student to copy by hand.
    let copied = use_state(|| None::<bool>);
    // Why the last download or export could not be made (the log unwritable, the worker's
    // refusal).
    let refused = use_state(|| None::<Said>);
    let field = use_node_ref();
    let download = {
        let (session, refused) = (session.clone(), refused.clone());
        Callback::from(move |_| {
            if let Some((text, seed)) = log_or_refusal(&session, &refused) {
                let name = format!("maestro-{}-seed{seed}.arl.jsonl", session.info.id);
                browser::download(&name, &text);
            }
        })
    };
    let copy = {
        let copied = copied.clone();
        Callback::from(move |_| {
            let copied = copied.clone();
            wasm_bindgen_futures::spawn_local(async move {
                copied.set(Some(browser::copy(&browser::href()).await));
            });
        })
    };
    use_effect_with(*copied, {
        let field = field.clone();
        move |copied| {
            if *copied == Some(false)
                && let Some(input) = field.cast::<web_sys::HtmlInputElement>()
            {
                let _ = input.focus();
                input.select();
            }
        }
    });
    let otlp = {
        let (session, refused) = (session.clone(), refused.clone());
        Callback::from(move |_| {
            if let Some((text, seed)) = log_or_refusal(&session, &refused) {
                let refused = refused.clone();
                let refused = Callback::from(move |e| refused.set(Some(e)));
                crate::worker::export_otlp(text.into(), "", session.info.id, seed, refused);
            }
        })
    };
    let link = browser::href();
    html! {
        <div class="share">
            <button type="button" id="download" onclick={download}>{ "↓ " }{ Text::Download.get(l) }</button>
            <button type="button" id="download-otlp" onclick={otlp}>{ "↓ " }{ Text::DownloadOtlp.get(l) }</button>
            <button type="button" id="copy-link" onclick={copy}><svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><rect x="5" y="1.5" width="9" height="10" rx="1.5" /><rect x="2" y="4.5" width="9" height="10" rx="1.5" /></svg>{ " " }{ Text::CopyLink.get(l) }</button>
            if let Some(e) = &*refused { <small class="field-error" role="alert">{ e.text(l == Lang::Ja).to_string() }</small> }
            if *copied == Some(true) { <span role="status" id="copy-status">{ Text::Copied.get(l) }</span> }
            if *copied == Some(false) {
                <span class="copy-fallback" role="status" id="copy-status">
                    <label for="copy-field">{ Text::CopyByHand.get(l) }</label>
                    <input id="copy-field" ref={field} type="text" readonly=true value={link} />
                </span>
            }
        </div>
    }
}
