//! The decision panel: at a pause the student acts as USER or ADMIN; a sealed stop shows why
//! nothing can override it.

use maestro_core::vocab::Code;
use yew::prelude::*;

use super::SessionHandle;
use crate::i18n::{Lang, Text};
use crate::state::Action;

/// The pending decision, the sealed explanation, or the run's end.
#[component]
pub fn HitlPanel() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    let Some(session) = use_context::<SessionHandle>() else { return html! {} };
    let run = session.run.borrow();
    let all_shown = run.shown() == run.emitted();
    if let (true, Some(req)) = (all_shown, run.pending()) {
        let options = req.options.iter().map(|option| {
            let (en, ja) = option.consequence;
            let pick = {
                let session = session.clone();
                let token = option.token.to_string();
                Callback::from(move |_| session.dispatch(Action::Decide(token.clone())))
            };
            html! {
                <li>
                    <button type="button" class="choice" data-choice={option.token} onclick={pick}>{ option.label }</button>
                    <span class="consequence">{ l.pick(en, ja) }</span>
                </li>
            }
        });
        return html! {
            <section class="hitl" aria-labelledby="hitl-heading">
                <h3 id="hitl-heading">{ Text::Decision.get(l) }</h3>
                <p>{ Text::YouAre.get(l) }{ " " }<strong id="hitl-role">{ req.decider.as_str() }</strong>
                   { " · " }{ Text::AskedBy.get(l) }{ " " }<code>{ req.layer }</code></p>
                <ul class="choices">{ for options }</ul>
            </section>
        };
    }
    // The ending itself is told by the decision card; a sealed stop adds why nothing can
    // override it.
    if let (true, Some(end)) = (all_shown, run.end())
        && end.sealed
    {
        return html! {
            <section class={classes!("hitl", "sealed")} aria-labelledby="hitl-heading">
                <h3 id="hitl-heading">{ Text::SealedTitle.get(l) }</h3>
                <p>{ Text::SealedText.get(l) }</p>
                <ul class="choices">
                    <li><button type="button" class="choice" disabled=true>{ Text::ContinueBtn.get(l) }</button></li>
                </ul>
            </section>
        };
    }
    html! {}
}
