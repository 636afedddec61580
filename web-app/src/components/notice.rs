//! The notice shown when the page was opened with a link it could not use.

use yew::prelude::*;

use super::SessionHandle;
use crate::i18n::{Lang, Text};
use crate::state::Action;

/// Says what was wrong with the link; dismissible.
#[component]
pub fn Notice() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    let Some(session) = use_context::<SessionHandle>() else { return html! {} };
    let Some(msg) = session.notice.clone() else { return html! {} };
    let dismiss = {
        let session = session.clone();
        Callback::from(move |_| session.dispatch(Action::DismissNotice))
    };
    html! {
        <div class="notice" role="alert">
            <p><strong>{ Text::LinkNotice.get(l) }</strong>{ " " }<span class="notice-text">{ msg.text(l == Lang::Ja).to_string() }</span></p>
            <button type="button" onclick={dismiss}>{ Text::Dismiss.get(l) }</button>
        </div>
    }
}
