//! The inspector: the reference bench's five audit questions about the selected row.

use maestro_core::vocab::{Code, Decision, FinalDecider};
use yew::prelude::*;

use super::SessionHandle;
use super::row_view::{decision_badge, flags};
use crate::i18n::{Lang, Text};

/// The selected row, in plain words.
#[component]
pub fn Inspector() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    let Some(session) = use_context::<SessionHandle>() else { return html! {} };
    let run = session.run.borrow();
    let shown = run.shown();
    let row = session.selected.filter(|i| *i < shown).and_then(|i| run.row(i));
    let body = match row {
        None => html! { <p class="muted">{ Text::SelectRow.get(l) }</p> },
        Some(r) => {
            let what = match r.decision {
                Decision::Stopped => Text::Blocked,
                Decision::PauseForHitl => Text::Paused,
                _ => Text::Passed,
            };
            let why = (session.info.explain)(r.reason)
                .map(|(en, ja)| if l == Lang::Ja { ja } else { en });
            let human = match (r.decision, r.decider) {
                (Decision::PauseForHitl, _) => format!("{}: USER / ADMIN", Text::HumanYes.get(l)),
                (_, FinalDecider::System) => format!("{} SYSTEM", Text::HumanNo.get(l)),
                (_, d) => format!("{}: {}", Text::HumanYes.get(l), d.as_str()),
            };
            html! {
                <dl class="audit">
                    <dt>{ Text::QWhat.get(l) }</dt>
                    <dd>{ decision_badge(r.decision) }{ " " }{ what.get(l) }{ " " }{ flags(r.seal, l) }</dd>
                    <dt>{ Text::QWhere.get(l) }</dt>
                    <dd><code>{ r.layer }</code></dd>
                    <dt>{ Text::QWhy.get(l) }</dt>
                    <dd><code>{ r.reason }</code>{ ": " }{ why.unwrap_or("") }</dd>
                    <dt>{ Text::QHuman.get(l) }</dt>
                    <dd>{ human }</dd>
                    <dt>{ Text::QRepro.get(l) }</dt>
                    <dd>{ Text::ReproText.get(l) }<br /><code class="link">{ format!("?{}", session.link_query()) }</code></dd>
                </dl>
            }
        }
    };
    html! {
        <section class="inspector" aria-labelledby="inspector-heading">
            <h3 id="inspector-heading">{ Text::Inspector.get(l) }</h3>
            { body }
        </section>
    }
}
