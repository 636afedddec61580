//! The page: header with the language switch, the link notice, the lesson bench, the
//! batch view, the scenario list, and the aria-live region. The lessons, the codebook and the
//! audit desk are the second page (`desk/`, [`super::desk_app::DeskApp`]).

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use super::SessionHandle;
use super::agent_state::AgentState;
use super::batch_view::BatchView;
use super::controls::Controls;
use super::gate_strip::GateStrip;
use super::hitl_panel::HitlPanel;
use super::inspector::Inspector;
use super::lang_toggle::LangToggle;
use super::notice::Notice;
use super::run_setup::RunSetup;
use super::scenario_list::ScenarioList;
use super::share_bar::ShareBar;
use super::timeline::Timeline;
use crate::browser;
use crate::i18n::{Lang, Text};
use crate::state::{Action, Session};

/// The agents panel, on the simulator pages only (other pages do not carry its code).
fn agents_panel() -> Html {
    if cfg!(any(feature = "negotiation", feature = "societies")) {
        html! { <AgentState /> }
    } else {
        html! {}
    }
}

/// The whole app.
#[component]
pub fn App() -> Html {
    let query = use_memo((), |_| browser::query());
    let lang = {
        let query = query.clone();
        use_state(move || browser::initial_lang(&query))
    };
    let session: SessionHandle = {
        let query = query.clone();
        use_reducer(move || Session::from_query(&query))
    };
    let l = *lang;

    // Keep the URL equal to the run's share link (and the language).
    use_effect_with((session.version, l), {
        let session = session.clone();
        move |_| {
            let mut q = session.link_query();
            if l == Lang::Ja {
                q.push_str("&lang=ja");
            }
            browser::set_query(&q);
            browser::remember_lang(l);
        }
    });

    // Playing: one row per tick.
    use_effect_with((session.playing, session.version, session.speed_ms), {
        let session = session.clone();
        move |(playing, _, speed)| {
            let timer = playing.then(|| {
                let session = session.clone();
                Timeout::new(*speed, move || session.dispatch(Action::Step))
            });
            move || drop(timer)
        }
    });

    let on_lang = {
        let lang = lang.clone();
        Callback::from(move |next: Lang| lang.set(next))
    };
    html! {
        <ContextProvider<Lang> context={l}>
        <ContextProvider<SessionHandle> context={session.clone()}>
            <div class="app" lang={l.tag()}>
                <header class="masthead">
                    <div>
                        <h1>{ Text::AppTitle.get(l) }</h1>
                        <p class="motto">{ Text::Motto.get(l) }</p>
                        <nav><a href={if l == Lang::Ja { "desk/?lang=ja" } else { "desk/" }} id="to-desk">{ Text::ToDesk.get(l) }</a></nav>
                    </div>
                    <LangToggle current={l} on_change={on_lang} label={Text::Language.get(l)} />
                </header>
                <Notice />
                <main>
                    <section class="bench" aria-labelledby="bench-heading">
                        <h2 id="bench-heading">{ Text::Bench.get(l) }</h2>
                        <p class="lead">{ Text::BenchLead.get(l) }</p>
                        <RunSetup />
                        <Controls />
                        <GateStrip />
                        <div class="bench-grid">
                            <Timeline />
                            <div class="side">
                                <HitlPanel />
                                <Inspector />
                            </div>
                        </div>
                        { agents_panel() }
                        <ShareBar />
                    </section>
                    <BatchView />
                    <ScenarioList />
                </main>
                <footer>
                    <p>{ Text::LocalOnly.get(l) }</p>
                    <p class="muted">{ format!("{} {}", Text::Engine.get(l), maestro_core::ENGINE_VERSION) }</p>
                </footer>
                <div class="visually-hidden" aria-live="polite" id="announce">{ session.announcement.clone() }</div>
            </div>
        </ContextProvider<SessionHandle>>
        </ContextProvider<Lang>>
    }
}
