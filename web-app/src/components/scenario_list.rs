//! The scenarios of the site: those this page runs (`maestro_core::scenario::SCENARIOS`), and
//! the others of `CATALOG`, which link to the pages that run them.

use maestro_core::scenario::{CATALOG, SCENARIOS};
use yew::prelude::*;

use crate::i18n::{Lang, Text};

/// One card per registered scenario.
#[component]
pub fn ScenarioList() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    html! {
        <section class="scenarios" aria-labelledby="scenarios-heading">
            <h2 id="scenarios-heading">{ Text::Scenarios.get(l) }</h2>
            <p class="lead">{ Text::ScenariosLead.get(l) }</p>
            <ul class="cards">
                { for SCENARIOS.iter().map(|s| html! {
                    <li class="card" data-scenario={s.id}>
                        <h3>{ if l == Lang::Ja { s.title_ja } else { s.title } }</h3>
                        <dl>
                            <dt>{ Text::ScenarioId.get(l) }</dt><dd><code>{ s.id }</code></dd>
                            <dt>{ Text::Family.get(l) }</dt><dd><code>{ s.family }</code></dd>
                            <dt>{ Text::Reference.get(l) }</dt><dd><code>{ s.reference }</code></dd>
                            <dt>{ Text::Version.get(l) }</dt><dd>{ s.version }</dd>
                            <dt>{ Text::Vocabulary.get(l) }</dt>
                            <dd>{ format!("{} {} · {} {}", s.layers.len(), Text::LayersUnit.get(l), s.reasons.len(), Text::ReasonsUnit.get(l)) }</dd>
                        </dl>
                    </li>
                }) }
                { for CATALOG.iter().filter(|c| !SCENARIOS.iter().any(|s| s.id == c.id)).map(|c| html! {
                    <li class="card elsewhere" data-scenario={c.id}>
                        <h3>{ if l == Lang::Ja { c.title_ja } else { c.title } }</h3>
                        <p><code>{ c.id }</code></p>
                        <a class="button" href={crate::browser::group_href(c.group, l)}>{ Text::OpenElsewhere.get(l) }</a>
                    </li>
                }) }
            </ul>
        </section>
    }
}
