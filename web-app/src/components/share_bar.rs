//! Download the ARL and copy the share link.

use yew::prelude::*;

use super::SessionHandle;
use crate::browser;
use crate::i18n::{Lang, Text};

/// The download and link buttons.
#[component]
pub fn ShareBar() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    let Some(session) = use_context::<SessionHandle>() else { return html! {} };
    let copied = use_state(|| false);
    let download = {
        let session = session.clone();
        Callback::from(move |_| {
            let run = session.run.borrow();
            if let Ok(text) = run.to_jsonl() {
                let seed = run.request().seed;
                browser::download(
                    &format!("maestro-{}-seed{seed}.arl.jsonl", session.info.id),
                    &text,
                );
            }
        })
    };
    let copy = {
        let copied = copied.clone();
        Callback::from(move |_| {
            browser::copy(&browser::href());
            copied.set(true);
        })
    };
    html! {
        <div class="share">
            <button type="button" id="download" onclick={download}>{ "↓ " }{ Text::Download.get(l) }</button>
            <button type="button" id="copy-link" onclick={copy}>{ "⧉ " }{ Text::CopyLink.get(l) }</button>
            if *copied { <span role="status">{ Text::Copied.get(l) }</span> }
        </div>
    }
}
