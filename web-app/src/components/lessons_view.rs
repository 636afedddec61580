//! The Lessons section of the desk: the lessons of one scenario (the bench's, at first) or of
//! all, in the page's language, each with a link that opens its exact run in the bench with
//! its row selected.

use maestro_core::audit::link_query;
use maestro_core::lesson::{Bilingual, Lesson};
use maestro_core::scenario::SCENARIOS;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::{Go, Navigate, PageMode, SessionHandle, follow_in_place};
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

/// A lesson's number within its scenario, from its file name (`03-title` is lesson 3).
fn number(lesson: &Lesson) -> u32 {
    let name = lesson.id.rsplit('/').next().unwrap_or("");
    name.split('-').next().and_then(|n| n.parse().ok()).unwrap_or(0)
}

fn card(lesson: &Lesson, l: Lang, go: &Navigate, teacher: bool) -> Html {
    let questions = lesson.questions.iter().map(|q| html! { <li>{ pick(q, l) }</li> });
    let onclick = follow_in_place(go, Go::Run(lesson_query(lesson)));
    html! {
        <li class="lesson card" data-lesson={lesson.id.clone()}>
            <h4 class="lesson-title"><span class="lesson-number">{ format!("{} {}", DeskText::LessonWord.get(l), number(lesson)) }</span>{ " · " }{ pick(&lesson.title, l) }</h4>
            <dl>
                <dt>{ DeskText::LessonGoal.get(l) }</dt><dd>{ pick(&lesson.goal, l) }</dd>
                <dt>{ DeskText::LessonFraming.get(l) }</dt><dd>{ pick(&lesson.framing, l) }</dd>
                <dt>{ DeskText::LessonRow.get(l) }</dt>
                <dd><code>{ format!("{} · {} {}", lesson.highlight, lesson.expect_layer, lesson.expect_reason) }</code></dd>
            </dl>
            <a class="open-lesson button" href={bench_href(lesson, l)} {onclick}>{ DeskText::OpenLesson.get(l) }</a>
            <h5>{ DeskText::LessonQuestions.get(l) }</h5>
            <ol class="questions">{ for questions }</ol>
            if teacher {
                <div class="teacher">
                    <h5>{ DeskText::LessonTeacher.get(l) }</h5>
                    <p>{ pick(&lesson.teacher, l) }</p>
                    <p class="muted">{ format!("{}: {}", DeskText::LessonCovers.get(l), lesson.covers.join(", ")) }</p>
                </div>
            }
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
    // The teacher's answers: hidden until the toggle shows them; absent from a students' link.
    let allowed = use_context::<PageMode>().is_none_or(|m| m.teacher);
    let show_teacher = use_state(|| false);
    let teacher = allowed && *show_teacher;
    let on_teacher = {
        let show_teacher = show_teacher.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                show_teacher.set(input.checked());
            }
        })
    };
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
            // Grouped by scenario, in the registry's order, each group numbered from 1.
            let errors = lessons.iter().filter_map(|lesson| lesson.as_ref().err()).map(|e| {
                html! { <p class="lesson card error" role="alert">{ e.clone() }</p> }
            });
            let groups = SCENARIOS
                .iter()
                .filter(|s| shown.is_empty() || s.id == shown.as_str())
                .map(|s| {
                    let mut own: Vec<&Lesson> = lessons
                        .iter()
                        .filter_map(|lesson| lesson.as_ref().ok())
                        .filter(|lesson| scenario_of(&lesson.id) == s.id)
                        .collect();
                    maestro_core::order::sort_by_key(&mut own, |lesson| number(lesson));
                    let cards = own.iter().map(|lesson| card(lesson, l, &go, teacher));
                    html! {
                        <section class="lesson-group" data-scenario={s.id} aria-labelledby={format!("lessons-of-{}", s.id)}>
                            <h3 id={format!("lessons-of-{}", s.id)}>{ l.pick(s.title, s.title_ja) }{ format!(" ({})", own.len()) }</h3>
                            <ol class="cards lesson-list">{ for cards }</ol>
                        </section>
                    }
                });
            html! { <>{ for errors }{ for groups }</> }
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
            if allowed {
                <p class="field teacher-toggle">
                    <label><input type="checkbox" id="teacher-toggle" checked={*show_teacher} onchange={on_teacher} />
                        { " " }{ DeskText::ShowTeacher.get(l) }</label>
                </p>
            }
            { list }
        </section>
    }
}
