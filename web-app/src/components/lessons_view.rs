//! The Lessons section of the desk: the lessons of one scenario (the bench's, at first) or of
//! all, in the page's language, each with a link that opens its exact run in the bench with
//! its row selected.

use maestro_core::audit::link_query;
use maestro_core::lesson::{Bilingual, Lesson};
use maestro_core::scenario::SCENARIOS;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::{Go, Navigate, SessionHandle, follow_in_place};
use crate::i18n::{DeskText, Lang};
use crate::lessons::{LESSON_IDS, Lessons, count_for, scenario_of};

fn pick(b: &Bilingual, l: Lang) -> String {
    l.pick(&b.en, &b.ja).clone()
}

/// The query that opens `lesson` in the bench at its row.
pub fn lesson_query(lesson: &Lesson) -> String {
    format!("{}&row={}", link_query(&lesson.link), lesson.highlight)
}

/// The address (relative to the site) that opens `lesson` at its row.
pub fn bench_href(lesson: &Lesson, l: Lang) -> String {
    let lang = l.link_field();
    format!("?{}{lang}", lesson_query(lesson))
}

fn card(lesson: &Lesson, l: Lang, go: &Navigate) -> Html {
    let questions = lesson.questions.iter().map(|q| html! { <li>{ pick(q, l) }</li> });
    let onclick = follow_in_place(go, Go::Run(lesson_query(lesson)));
    html! {
        <li class="lesson card" data-lesson={lesson.id.clone()}>
            <h3>{ pick(&lesson.title, l) }</h3>
            <dl>
                <dt>{ DeskText::LessonGoal.get(l) }</dt><dd>{ pick(&lesson.goal, l) }</dd>
                <dt>{ DeskText::LessonFraming.get(l) }</dt><dd>{ pick(&lesson.framing, l) }</dd>
                <dt>{ DeskText::LessonRow.get(l) }</dt>
                <dd><code>{ format!("{} · {} {}", lesson.highlight, lesson.expect_layer, lesson.expect_reason) }</code></dd>
            </dl>
            <a class="open-lesson button" href={bench_href(lesson, l)} {onclick}>{ DeskText::OpenLesson.get(l) }</a>
            <h4>{ DeskText::LessonQuestions.get(l) }</h4>
            <ol class="questions">{ for questions }</ol>
            <details class="teacher">
                <summary>{ DeskText::LessonTeacher.get(l) }</summary>
                <p>{ pick(&lesson.teacher, l) }</p>
                <p class="muted">{ format!("{}: {}", DeskText::LessonCovers.get(l), lesson.covers.join(", ")) }</p>
            </details>
        </li>
    }
}

/// Where the lessons stand.
#[derive(Clone, PartialEq)]
enum Loading {
    Waiting,
    Ready(Lessons),
    Failed(String),
}

/// The lessons, filtered by scenario.
#[component]
pub fn LessonsView() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    let go = use_context::<Navigate>().unwrap_or_default();
    let current = use_context::<SessionHandle>().map(|s| s.info.id).unwrap_or_default();
    let state = use_state(|| crate::lessons::loaded().map_or(Loading::Waiting, Loading::Ready));
    // Bumped by "Try again".
    let attempt = use_state(|| 0u32);
    use_effect_with(*attempt, {
        let state = state.clone();
        move |_| {
            if !matches!(*state, Loading::Ready(_)) {
                state.set(Loading::Waiting);
                wasm_bindgen_futures::spawn_local(async move {
                    state.set(match crate::lessons::load().await {
                        Ok(lessons) => Loading::Ready(lessons),
                        Err(e) => Loading::Failed(e),
                    });
                });
            }
        }
    });
    // The scenario whose lessons are listed ("" lists every lesson).
    let shown = use_state(move || current.to_string());
    let on_pick = {
        let shown = shown.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                shown.set(select.value());
            }
        })
    };
    let list = match &*state {
        Loading::Waiting => {
            html! { <p class="muted" id="lessons-status" role="status">{ DeskText::LessonsLoading.get(l) }</p> }
        }
        Loading::Failed(e) => {
            let retry = {
                let attempt = attempt.clone();
                Callback::from(move |_| attempt.set(*attempt + 1))
            };
            html! {
                <div class="notice" id="lessons-status" role="alert">
                    <p><strong>{ DeskText::LessonsFailed.get(l) }</strong>{ " " }<span class="notice-text">{ e.clone() }</span></p>
                    <button type="button" id="lessons-retry" onclick={retry}>{ DeskText::LessonsRetry.get(l) }</button>
                </div>
            }
        }
        Loading::Ready(lessons) => {
            let items = lessons
                .iter()
                .filter(|lesson| match lesson {
                    Ok(lesson) => shown.is_empty() || scenario_of(&lesson.id) == shown.as_str(),
                    Err(_) => true,
                })
                .map(|lesson| match lesson {
                    Ok(lesson) => card(lesson, l, &go),
                    Err(e) => {
                        html! { <li class="lesson card error" role="alert">{ e.clone() }</li> }
                    }
                });
            html! { <ol class="cards lesson-list">{ for items }</ol> }
        }
    };
    let options = SCENARIOS.iter().map(|s| {
        let title = l.pick(s.title, s.title_ja);
        html! {
            <option value={s.id} selected={*shown == s.id}>{ format!("{title} ({})", count_for(s.id)) }</option>
        }
    });
    html! {
        <section class="lessons" id="lessons" aria-labelledby="lessons-heading">
            <h2 id="lessons-heading">{ DeskText::Lessons.get(l) }</h2>
            <p class="lead">{ DeskText::LessonsLead.get(l) }</p>
            <p class="field">
                <label for="lesson-scenario">{ DeskText::LessonScenario.get(l) }</label>
                <select id="lesson-scenario" onchange={on_pick}>
                    <option value="" selected={shown.is_empty()}>
                        { format!("{} ({})", DeskText::AllScenarios.get(l), LESSON_IDS.len()) }
                    </option>
                    { for options }
                </select>
            </p>
            { list }
        </section>
    }
}
