//! The second page of the site (`desk/`): the lessons, the audit desk and the codebook.
//!
//! It is its own wasm bundle, so the bench page stays within its size budget; it shares the
//! components, the core and the stylesheet. A query `a=<link>&b=<link>` (the bench's
//! "What if" links) opens with the comparison of the two runs.

use yew::prelude::*;

use super::DeskHandle;
use super::audit_desk::AuditDesk;
use super::codebook_view::CodebookView;
use super::lang_toggle::LangToggle;
use super::lessons_view::LessonsView;
use crate::browser;
use crate::desk::Desk;
use crate::i18n::{DeskText, Lang};

/// The lessons and audit desk page.
#[component]
pub fn DeskApp() -> Html {
    let query = use_memo((), |_| browser::query());
    let lang = {
        let query = query.clone();
        use_state(move || browser::initial_lang(&query))
    };
    let desk: DeskHandle = {
        let query = query.clone();
        use_reducer(move || Desk::from_query(&query))
    };
    let l = *lang;
    use_effect_with(l, move |l| browser::remember_lang(*l));
    let on_lang = {
        let lang = lang.clone();
        Callback::from(move |next: Lang| lang.set(next))
    };
    let back = if l == Lang::Ja { "../?lang=ja" } else { "../" };
    html! {
        <ContextProvider<Lang> context={l}>
        <ContextProvider<DeskHandle> context={desk}>
            <div class="app" lang={l.tag()}>
                <header class="masthead">
                    <div>
                        <h1>{ DeskText::DeskPageTitle.get(l) }</h1>
                        <p class="motto">{ DeskText::Motto.get(l) }</p>
                        <nav><a href={back} id="to-bench">{ DeskText::ToBench.get(l) }</a></nav>
                    </div>
                    <LangToggle current={l} on_change={on_lang} label={DeskText::Language.get(l)} />
                </header>
                <main>
                    <LessonsView />
                    <AuditDesk />
                    <CodebookView />
                </main>
                <footer>
                    <p>{ DeskText::LocalOnly.get(l) }</p>
                    <p class="muted">{ format!("{} {}", DeskText::Engine.get(l), maestro_core::ENGINE_VERSION) }</p>
                </footer>
            </div>
        </ContextProvider<DeskHandle>>
        </ContextProvider<Lang>>
    }
}
