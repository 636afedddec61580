//! The decision now, shown large: the gate, the decision as a word, a shape and a colour, who
//! decided, and one plain sentence of why (the reason code's explanation, the code itself
//! small). At the end, the run's ending as sentences from its decisive row and the human
//! answers on the way ([`maestro_core::face::ending`]), never two bare codes.

use maestro_core::arl::Seal;
use maestro_core::face::ending;
use maestro_core::vocab::{Code, Decision};
use yew::prelude::*;

use super::SessionHandle;
use crate::i18n::{Lang, Text};

/// The big word, its shape and its class for a decision.
fn says(decision: Decision, seal: Seal, ended: bool, l: Lang) -> Html {
    let (shape, class, text) = match decision {
        Decision::Run if ended => ("✓", "run", Text::SaysDone),
        Decision::Run => ("▶", "run", Text::SaysRun),
        Decision::PauseForHitl => ("‖", "pause", Text::SaysPause),
        Decision::Stopped if seal.sealed() => ("◆", "sealed", Text::SaysSealed),
        _ => ("■", "stop", Text::SaysStop),
    };
    html! {
        <p class={classes!("now-decision", class)} id="now-decision" data-decision={decision.as_str()}>
            <span class="now-shape" aria-hidden="true">{ shape }</span>{ " " }{ text.get(l) }
        </p>
    }
}

/// The current decision, or the run's ending.
#[component]
pub fn NowCard() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    let Some(session) = use_context::<SessionHandle>() else { return html! {} };
    let run = session.run.borrow();
    let explain = session.info.explain;
    let say = |code: &'static str| explain(code).map_or(code, |(en, ja)| l.pick(en, ja));
    let all_shown = run.shown() == run.emitted();
    if let Some(end) = all_shown.then(|| ending(&**run, explain)).flatten() {
        let decisive = run.row(end.row);
        let answers = end.answers.iter().map(|(en, ja)| html! { <li>{ l.pick(*en, *ja) }</li> });
        return html! {
            <section class={classes!("now", "ended", end.sealed.then_some("sealed"))} aria-labelledby="now-heading" id="decision" tabindex="-1">
                <h3 id="now-heading">{ Text::EndHeading.get(l) }</h3>
                if let Some(r) = decisive { { says(r.decision, r.seal, true, l) } }
                <p class="now-state">{ Text::RunState.get(l) }{ ": " }<strong id="final-state">{ run.state() }</strong></p>
                <p class="now-why" id="end-sentence">{ l.pick(end.headline.0, end.headline.1) }</p>
                if !end.answers.is_empty() {
                    <p class="along">{ Text::AlongTheWay.get(l) }</p>
                    <ul class="along" id="end-answers">{ for answers }</ul>
                }
                <p class="now-meta">
                    { Text::RowWord.get(l) }{ " " }{ end.row + 1 }{ " · " }<code>{ end.layer }</code>
                    { " · " }{ Text::DecidedBy.get(l) }{ " " }<strong>{ end.decider.as_str() }</strong>
                    { " · " }<code class="code">{ end.reason }</code>
                </p>
            </section>
        };
    }
    let current = run.shown().checked_sub(1).and_then(|i| run.row(i).map(|r| (i, r)));
    let Some((i, row)) = current else {
        return html! {
            <section class="now" aria-labelledby="now-heading" id="decision" tabindex="-1">
                <h3 id="now-heading">{ Text::NowHeading.get(l) }</h3>
                <p class="now-why">{ Text::NowNothing.get(l) }</p>
            </section>
        };
    };
    html! {
        <section class={classes!("now", row.seal.sealed().then_some("sealed"))} aria-labelledby="now-heading" id="decision" tabindex="-1">
            <h3 id="now-heading">{ Text::NowHeading.get(l) }</h3>
            <p class="now-meta">{ Text::RowWord.get(l) }{ " " }{ i + 1 }{ " · " }<code id="now-gate">{ row.layer }</code></p>
            { says(row.decision, row.seal, false, l) }
            <p class="now-who">{ Text::DecidedBy.get(l) }{ " " }<strong id="now-decider">{ row.decider.as_str() }</strong></p>
            <p class="now-why" id="now-why">{ say(row.reason) }{ " " }<code class="code">{ row.reason }</code></p>
        </section>
    }
}
