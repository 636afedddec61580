//! The inspector: the reference bench's five audit questions about the selected row.

use maestro_core::vocab::{Code, Decision, FinalDecider};
use yew::prelude::*;

use super::row_view::{decision_badge, flags};
use super::{Go, Navigate, SessionHandle, follow_in_place};
use crate::i18n::{Lang, Text};

/// The selected row, in plain words.
#[component]
pub fn Inspector() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    let Some(session) = use_context::<SessionHandle>() else { return html! {} };
    let run = session.run.borrow();
    let shown = run.shown();
    let selected = session.selected.filter(|i| *i < shown);
    let row = selected.and_then(|i| run.row(i));
    let go = use_context::<Navigate>().unwrap_or_default();
    let what_if = selected
        // Offered on the pause row and on the answer's row right after it.
        .and_then(|i| run.decisions().into_iter().find(|d| d.row == i || d.row + 1 == i))
        .filter(|d| !d.alternatives.is_empty())
        .map(|d| {
            let request = run.request();
            let here = session.link_query();
            let buttons = d.alternatives.iter().map(|alt| {
                let link = maestro_core::audit::what_if(session.info.id, &request, d.index, alt);
                let query = maestro_core::audit::compare_query(&here, &link);
                let lang = l.link_field();
                let href = format!("?{here}&view=desk&{query}{lang}#compare");
                let onclick = follow_in_place(&go, Go::Compare(here.clone(), link.clone()));
                html! { <a class="what-if button" data-choice={*alt} href={href} {onclick}>{ format!("{} {alt}?", Text::WhatIf.get(l)) }</a> }
            });
            html! {
                <div class="what-if-bar">
                    <p>{ Text::WhatIfLead.get(l) }{ " " }<code>{ d.token }</code></p>
                    { for buttons }
                </div>
            }
        });
    let body = match row {
        None => html! { <p class="muted">{ Text::SelectRow.get(l) }</p> },
        Some(r) => {
            let what = match r.decision {
                Decision::Stopped => Text::Blocked,
                Decision::PauseForHitl => Text::Paused,
                _ => Text::Passed,
            };
            let why = (session.info.explain)(r.reason).map(|(en, ja)| l.pick(en, ja));
            // Who must answer a pause: the pending decision's decider, or the decider of the
            // answer recorded right after it.
            let pause_decider = selected.and_then(|i| {
                let answered = run.decisions().iter().any(|d| d.row == i);
                if answered {
                    run.row(i + 1).map(|next| next.decider)
                } else if i + 1 == run.emitted() {
                    run.pending().map(|p| p.decider)
                } else {
                    None
                }
            });
            let human = match (r.decision, r.decider) {
                (Decision::PauseForHitl, _) => match pause_decider {
                    Some(d) if d != FinalDecider::System => {
                        format!("{}: {}", Text::HumanYes.get(l), d.as_str())
                    }
                    _ => format!("{}: USER / ADMIN", Text::HumanYes.get(l)),
                },
                (_, FinalDecider::System) => format!("{} SYSTEM", Text::HumanNo.get(l)),
                (_, d) => format!("{}: {}", Text::HumanYes.get(l), d.as_str()),
            };
            html! {
                <>
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
                { what_if.clone().unwrap_or_default() }
                </>
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
