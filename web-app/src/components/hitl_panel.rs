//! The decision panel: at a pause the student acts as USER or ADMIN; a sealed stop shows why
//! nothing can override it.

use maestro_core::face::ending;
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
        // Who acts and what is at stake: the facts the rows since the last decision recorded
        // (a later value of a field wins), as the question's context.
        let since = run.decisions().last().map_or(0, |d| d.row + 1);
        let mut merged: Vec<(String, String)> = Vec::new();
        for i in since..run.emitted() {
            for (k, v) in run.facts(i) {
                match merged.iter_mut().find(|(name, _)| *name == k) {
                    Some(slot) => slot.1 = v,
                    None => merged.push((k, v)),
                }
            }
        }
        merged.retain(|(k, v)| k != "event" && !v.is_empty() && v.chars().count() <= 40);
        let stake = (!merged.is_empty()).then(|| {
            merged.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(" · ")
        });
        let options = req.options.iter().map(|option| {
            let (en, ja) = option.consequence;
            let pick = {
                let session = session.clone();
                let token = option.token.to_string();
                Callback::from(move |_| {
                    session.dispatch(Action::Decide(token.clone()));
                    // The next thing to do: go on to the next pause or stop.
                    crate::browser::focus_soon("#next-stop".to_string());
                })
            };
            html! {
                <li>
                    // The button names the event it sends, as the log records it.
                    <button type="button" class="choice" data-choice={option.token} onclick={pick}><code class="event">{ option.label }</code></button>
                    <span class="consequence">{ l.pick(en, ja) }</span>
                </li>
            }
        });
        return html! {
            <section class="hitl" aria-labelledby="hitl-heading">
                <h3 id="hitl-heading">{ Text::Decision.get(l) }</h3>
                <p>{ Text::YouAre.get(l) }{ " " }<strong id="hitl-role">{ req.decider.as_str() }</strong>
                   { " · " }{ Text::AskedBy.get(l) }{ " " }<code>{ req.layer }</code></p>
                if let Some(facts) = stake { <p class="stake" id="hitl-stake">{ Text::AtStake.get(l) }{ " " }<code class="facts">{ facts }</code></p> }
                <ul class="choices">{ for options }</ul>
            </section>
        };
    }
    // The ending itself is told by the decision card; a sealed stop adds why nothing can
    // override it, and lets the student try: the engine answers every attempt with a sealed
    // row (where the scenario has such an answer; elsewhere the button stays disabled).
    if let (true, Some(end)) = (all_shown, run.end())
        && end.sealed
    {
        let attempt = run.override_token().map(|token| {
            let session = session.clone();
            Callback::from(move |_| session.dispatch(Action::Decide(token.to_string())))
        });
        let verdict_row = ending(&**run, session.info.explain).map_or(run.emitted(), |e| e.row);
        let refusals: Vec<(usize, &'static str)> = (verdict_row + 1..run.emitted())
            .filter_map(|i| run.row(i).map(|r| (i, r)))
            .filter(|(_, r)| r.seal.sealed())
            .map(|(i, r)| (i, r.reason))
            .collect();
        let answered = refusals.last().map(|(i, reason)| {
            let why = (session.info.explain)(reason).map_or(*reason, |(en, ja)| l.pick(en, ja));
            html! {
                <p class="refused" id="override-refused" role="status">
                    <strong>{ Text::EngineAnswered.get(l) }</strong>{ " " }
                    { Text::RowWord.get(l) }{ " " }{ i + 1 }{ " · " }<code>{ *reason }</code>{ " — " }{ why }
                    { " (" }{ refusals.len() }{ "×)" }
                </p>
            }
        });
        return html! {
            <section class={classes!("hitl", "sealed")} aria-labelledby="hitl-heading">
                <h3 id="hitl-heading">{ Text::SealedTitle.get(l) }</h3>
                <p>{ Text::SealedText.get(l) }</p>
                <ul class="choices">
                    <li>
                        <button type="button" class="choice" id="try-continue" disabled={attempt.is_none()} onclick={attempt}>{ Text::ContinueBtn.get(l) }</button>
                        if run.override_token().is_some() {
                            <span class="consequence">{ Text::TryOverride.get(l) }</span>
                        }
                    </li>
                </ul>
                { for answered }
            </section>
        };
    }
    html! {}
}
