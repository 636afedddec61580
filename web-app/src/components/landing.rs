//! The landing: every registered scenario at once, grouped by theme, each card saying what
//! it teaches and how many lessons it has; one click opens its bench with its default run.

use maestro_core::face::RunRequest;
use maestro_core::link::encode_request;
use maestro_core::scenario::{ScenarioInfo, Theme};
use yew::prelude::*;

use super::{Go, Navigate, follow_in_place};
use crate::i18n::{Lang, Text};

fn card(s: &'static ScenarioInfo, l: Lang, go: &Navigate) -> Html {
    let lessons = crate::lessons::count_for(s.id);
    let link = encode_request(s.id, &RunRequest { seed: 1, ..RunRequest::default() });
    let lang = l.link_field();
    let onclick = follow_in_place(go, Go::Scenario(s.id.to_string()));
    let heading = format!("card-{}", s.id);
    html! {
        <li class="card scenario-card" data-scenario={s.id} aria-labelledby={heading.clone()}>
            <h4 id={heading}>{ l.pick(s.title, s.title_ja) }</h4>
            <p class="teaches">{ l.pick(s.teaches.0, s.teaches.1) }</p>
            <p class="card-meta">
                <code>{ s.id }</code>
                { " · " }
                <span class="lesson-count">{ format!("{lessons} {}", Text::LessonsUnit.get(l)) }</span>
                { " · " }
                <span>{ format!("{} {}", s.layers.len(), Text::LayersUnit.get(l)) }</span>
            </p>
            <p class="card-ref">{ format!("{}: ", Text::Reference.get(l)) }<code>{ s.reference }</code>{ format!(" · {} ", Text::Version.get(l)) }<code lang="en">{ s.version }</code></p>
            <a class="button primary open-bench" href={format!("?{link}{lang}")} {onclick}>
                { Text::OpenBench.get(l) }
            </a>
        </li>
    }
}

/// Every scenario, theme by theme.
#[component]
pub fn Landing() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    let Some(go) = use_context::<Navigate>() else { return html! {} };
    let themes = Theme::ALL.iter().map(|t| {
        let heading = format!("theme-{}", t.id());
        html! {
            <section class="theme" data-theme={t.id()} aria-labelledby={heading.clone()}>
                <h3 id={heading} class="theme-title">{ { let (en, ja) = t.title(); l.pick(en, ja) } }</h3>
                <p class="lead">{ { let (en, ja) = t.lead(); l.pick(en, ja) } }</p>
                <ul class="cards">{ for t.scenarios().map(|s| card(s, l, &go)) }</ul>
            </section>
        }
    });
    html! {
        <section class="landing scenarios" aria-labelledby="scenarios-heading">
            <h2 id="scenarios-heading">{ Text::Scenarios.get(l) }</h2>
            <p class="lead">{ Text::ScenariosLead.get(l) }</p>
            { for themes }
        </section>
    }
}
