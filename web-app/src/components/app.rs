//! The page: header with the language switch, the scenario list, the codebook.

use yew::prelude::*;

use super::codebook_view::CodebookView;
use super::lang_toggle::LangToggle;
use super::scenario_list::ScenarioList;
use crate::i18n::{Lang, Text};

/// The whole app.
#[component]
pub fn App() -> Html {
    let lang = use_state(Lang::default);
    let l = *lang;
    let on_lang = {
        let lang = lang.clone();
        Callback::from(move |next: Lang| lang.set(next))
    };
    html! {
        <ContextProvider<Lang> context={l}>
            <div class="app" lang={l.tag()}>
                <header class="masthead">
                    <div>
                        <h1>{ Text::AppTitle.get(l) }</h1>
                        <p class="motto">{ Text::Motto.get(l) }</p>
                    </div>
                    <LangToggle current={l} on_change={on_lang} />
                </header>
                <main>
                    <ScenarioList />
                    <CodebookView />
                </main>
                <footer>
                    <p>{ Text::LocalOnly.get(l) }</p>
                    <p class="muted">{ format!("{} {}", Text::Engine.get(l), maestro_core::ENGINE_VERSION) }</p>
                </footer>
            </div>
        </ContextProvider<Lang>>
    }
}
