//! The site: one page with three views (the landing, the bench, the desk), switched without a
//! reload. The header holds the navigation and the language switch; the address always holds
//! the run's share link, the view (when it is not the bench) and the language.

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use super::agent_state::AgentState;
use super::audit_desk::AuditDesk;
use super::batch_view::BatchView;
use super::codebook_view::CodebookView;
use super::controls::Controls;
use super::gate_flow::GateFlow;
use super::hitl_panel::HitlPanel;
use super::inspector::Inspector;
use super::landing::Landing;
use super::lang_toggle::LangToggle;
use super::lessons_view::LessonsView;
use super::notice::Notice;
use super::now_card::NowCard;
use super::run_setup::RunSetup;
use super::share_bar::ShareBar;
use super::story::StoryPanel;
use super::timeline::Timeline;
use super::{DeskHandle, Go, Navigate, PageMode, SessionHandle, follow_in_place};
use crate::browser;
use crate::desk::{Desk, DeskAction};
use crate::i18n::{Lang, Text};
use crate::route::{self, View};
use crate::state::{Action, Session};
use maestro_core::face::RunRequest;

/// The bench view: the run of the chosen scenario, step by step, and its batch.
fn bench_view(l: Lang, scenario: &'static str) -> Html {
    html! {
        <>
            <section class="bench" aria-labelledby="bench-heading" data-scenario={scenario}>
                <h2 id="bench-heading">{ Text::Bench.get(l) }</h2>
                <p class="lead">{ Text::BenchLead.get(l) }</p>
                <StoryPanel />
                <RunSetup />
                <Controls />
                <GateFlow />
                <div class="bench-grid">
                    <Timeline />
                    <div class="side">
                        <NowCard />
                        <HitlPanel />
                        <Inspector />
                    </div>
                </div>
                <AgentState />
                <ShareBar />
                <super::teacher_link::TeacherLinkPanel />
            </section>
            <BatchView />
        </>
    }
}

/// The desk view: lessons, the audit desk and the codebook.
fn desk_view() -> Html {
    html! {
        <>
            <LessonsView />
            <AuditDesk />
            <super::class_report::ClassReport />
            <CodebookView />
        </>
    }
}

/// One link of the navigation: a real address (it opens in a new tab too), followed in place.
fn nav_link(view: View, current: View, href: String, label: &'static str, go: &Navigate) -> Html {
    let onclick = follow_in_place(go, Go::View(view));
    html! {
        <a href={href} id={format!("nav-{}", view.tag())} class="nav-link"
            aria-current={(view == current).then_some("page")} {onclick}>{ label }</a>
    }
}

/// Properties of [`App`].
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// The query to open with, instead of the page's address (tests mount many apps in one
    /// page, faster than a browser lets a page change its address).
    #[prop_or_default]
    pub query: Option<String>,
}

/// The whole app.
#[component]
pub fn App(props: &AppProps) -> Html {
    let query = use_memo(props.query.clone(), |q| q.clone().unwrap_or_else(browser::query));
    let lang = {
        let query = query.clone();
        use_state(move || browser::initial_lang(&query))
    };
    // How the link asks the page to show itself: for students (`teacher=0`), in a frame
    // (`embed=1`: the bench alone).
    let mode = PageMode::of(&query);
    let view = {
        let query = query.clone();
        use_state(move || mode.allowed(View::from_query(&query)))
    };
    let session: SessionHandle = {
        let query = query.clone();
        use_reducer(move || Session::from_query(&query))
    };
    let desk: DeskHandle = {
        let query = query.clone();
        use_reducer(move || Desk::from_query(&query))
    };
    // A lesson's link names a row: show it (scrolled into view, focused) once drawn.
    let opened_at_row =
        matches!(maestro_core::link::RawLink::parse(&query).map(|r| r.row()), Ok(Ok(Some(_))));
    use_effect_with((), move |_| {
        if opened_at_row {
            browser::focus_soon(".timeline .rows li.selected button".to_string());
        }
    });
    // The run last written into the address (Back to an entry of the same run keeps it).
    let written = use_mut_ref(|| None::<(&'static str, RunRequest)>);
    let l = *lang;
    let v = *view;

    // Keep the address equal to the run's share link, the view and the language.
    use_effect_with((session.version, v, l), {
        let session = session.clone();
        let written = written.clone();
        move |_| {
            let link = session.link_query();
            browser::set_query(&route::query(&link, v, l == Lang::Ja, mode));
            *written.borrow_mut() = Some((session.info.id, session.run.borrow().request()));
            if !mode.embed {
                browser::remember_lang(l);
            }
            browser::set_document_lang(l.tag(), Text::AppTitle.get(l));
        }
    });

    // Back and Forward: show the entry's view, and its run if it names another one.
    use_effect_with((), {
        let view = view.clone();
        let session = session.clone();
        let written = written.clone();
        move |_| {
            let listener = browser::on_history(move |q| {
                view.set(mode.allowed(View::from_query(&q)));
                if !route::same_run(&q, written.borrow().as_ref()) {
                    session.dispatch(Action::Load(q));
                }
            });
            move || drop(listener)
        }
    });

    // Something moves at once: a bench opened from the address (or a scenario chosen) at its
    // first row plays to its first human decision by itself; with reduced motion it steps
    // once. (Tests that pass their own query drive the bench themselves.)
    let from_address = props.query.is_none();
    use_effect_with((v, session.info.id), {
        let session = session.clone();
        move |(v, _)| {
            let fresh = session.run.borrow().shown() == 0;
            if from_address && *v == View::Bench && fresh && !session.playing {
                if browser::reduced_motion() {
                    session.dispatch(Action::Step);
                } else {
                    session.dispatch(Action::SetPlaying(true));
                }
            }
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

    let go: Navigate = {
        let view = view.clone();
        let session = session.clone();
        let desk = desk.clone();
        Callback::from(move |go: Go| {
            let target = mode.allowed(match &go {
                Go::View(v) => *v,
                Go::Scenario(_) | Go::Run(_) => View::Bench,
                Go::Compare(..) => View::Desk,
            });
            let compare = matches!(go, Go::Compare(..));
            let at_row = matches!(&go, Go::Run(q) if q.contains("&row="));
            match go {
                Go::View(_) => {}
                Go::Scenario(id) => session.dispatch(Action::SetScenario(id)),
                Go::Run(q) => session.dispatch(Action::Load(q)),
                Go::Compare(a, b) => desk.dispatch(DeskAction::CompareLinks(a, b)),
            }
            if *view != target {
                browser::push_entry();
                view.set(target);
                browser::scroll_top();
            }
            if compare {
                browser::scroll_to_soon("compare");
            }
            if at_row {
                browser::focus_soon(".timeline .rows li.selected button".to_string());
            }
        })
    };

    let on_lang = {
        let lang = lang.clone();
        Callback::from(move |next: Lang| lang.set(next))
    };
    let link = session.link_query();
    let href = |to: View| format!("?{}", route::query(&link, to, l == Lang::Ja, mode));
    let nav_label = |to: View| match to {
        View::Home => Text::NavHome.get(l),
        View::Bench => Text::NavBench.get(l),
        View::Desk => Text::NavDesk.get(l),
    };
    let body = match v {
        View::Home => html! { <Landing /> },
        View::Bench => bench_view(l, session.info.id),
        View::Desk => desk_view(),
    };
    html! {
        <ContextProvider<Lang> context={l}>
        <ContextProvider<SessionHandle> context={session.clone()}>
        <ContextProvider<DeskHandle> context={desk.clone()}>
        <ContextProvider<Navigate> context={go.clone()}>
        <ContextProvider<PageMode> context={mode}>
            <div class={classes!("app", mode.embed.then_some("embed"), mode.present.then_some("present"))} lang={l.tag()} data-view={v.tag()}>
                if v == View::Bench {
                    <a class="skip-link" href="#decision" onclick={Callback::from(|e: MouseEvent| {
                        e.prevent_default();
                        // The pending question's first answer, else the decision card.
                        let target = if web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector("button[data-choice]").ok().flatten()).is_some() {
                            "button[data-choice]"
                        } else {
                            "#decision"
                        };
                        browser::focus_soon(target.to_string());
                    })}>{ Text::SkipToDecision.get(l) }</a>
                }
                if !mode.embed {
                <header class="masthead">
                    <div>
                        <h1>{ Text::AppTitle.get(l) }</h1>
                        <p class="motto">{ Text::Motto.get(l) }</p>
                    </div>
                    <nav class="views" aria-label={Text::NavLabel.get(l)}>
                        { for View::ALL.iter().filter(|to| mode.allowed(**to) == **to).map(|to| nav_link(*to, v, href(*to), nav_label(*to), &go)) }
                    </nav>
                    <LangToggle current={l} on_change={on_lang} label={Text::Language.get(l)} />
                </header>
                }
                <Notice />
                <main id="main" key={v.tag()}>{ body }</main>
                if !mode.embed {
                <footer>
                    <p>{ Text::LocalOnly.get(l) }</p>
                    <p class="muted">{ format!("{} {}", Text::Engine.get(l), maestro_core::ENGINE_VERSION) }</p>
                </footer>
                }
                <div class="visually-hidden" aria-live="polite" id="announce">{ session.announcement.text(l == Lang::Ja).to_string() }</div>
            </div>
        </ContextProvider<PageMode>>
        </ContextProvider<Navigate>>
        </ContextProvider<DeskHandle>>
        </ContextProvider<SessionHandle>>
        </ContextProvider<Lang>>
    }
}
