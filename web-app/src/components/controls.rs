//! Step, play / pause, speed, to the next pause or stop, back to start.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::SessionHandle;
use crate::i18n::{Lang, Text};
use crate::state::Action;

/// The timeline's transport controls.
#[component]
pub fn Controls() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    let Some(session) = use_context::<SessionHandle>() else { return html! {} };
    let send = |a: Action| {
        let session = session.clone();
        Callback::from(move |_: MouseEvent| session.dispatch(a.clone()))
    };
    let playing = session.playing;
    let on_speed = {
        let session = session.clone();
        Callback::from(move |e: Event| {
            if let Some(ms) =
                e.target_dyn_into::<HtmlInputElement>().and_then(|t| t.value().parse().ok())
            {
                session.dispatch(Action::SetSpeed(ms));
            }
        })
    };
    html! {
        <div class="controls" role="toolbar" aria-label={Text::Timeline.get(l)}>
            <button type="button" id="step" onclick={send(Action::Step)}>{ "» " }{ Text::StepBtn.get(l) }</button>
            if playing {
                <button type="button" id="play" aria-pressed="true" onclick={send(Action::SetPlaying(false))}>{ "‖ " }{ Text::Pause.get(l) }</button>
            } else {
                <button type="button" id="play" aria-pressed="false" onclick={send(Action::SetPlaying(true))}>{ "▶ " }{ Text::Play.get(l) }</button>
            }
            <button type="button" id="next-stop" onclick={send(Action::ToNextStop)}>{ "⇥ " }{ Text::NextStop.get(l) }</button>
            <button type="button" id="restart" onclick={send(Action::Reset)}>{ "↺ " }{ Text::Restart.get(l) }</button>
            <label class="speed">{ Text::Speed.get(l) }
                <input id="speed" type="number" min="50" max="5000" step="50" value={session.speed_ms.to_string()} onchange={on_speed} />
            </label>
        </div>
    }
}
