//! The Lessons section of the lessons and audit desk page: every lesson file in the page's
//! language, each with a link that opens its exact run in the bench with its row selected.

use maestro_core::audit::link_query;
use maestro_core::lesson::{Bilingual, Lesson};
use yew::prelude::*;

use crate::i18n::{DeskText, Lang};

fn pick(b: &Bilingual, l: Lang) -> String {
    if l == Lang::Ja { b.ja.clone() } else { b.en.clone() }
}

/// The bench page's address (relative to this page) that opens `lesson` at its row.
pub fn bench_href(lesson: &Lesson, l: Lang) -> String {
    let lang = if l == Lang::Ja { "&lang=ja" } else { "" };
    format!("../?{}&row={}{lang}", link_query(&lesson.link), lesson.highlight)
}

fn card(lesson: &Lesson, l: Lang) -> Html {
    let questions = lesson.questions.iter().map(|q| html! { <li>{ pick(q, l) }</li> });
    html! {
        <li class="lesson card" data-lesson={lesson.id.clone()}>
            <h3>{ pick(&lesson.title, l) }</h3>
            <dl>
                <dt>{ DeskText::LessonGoal.get(l) }</dt><dd>{ pick(&lesson.goal, l) }</dd>
                <dt>{ DeskText::LessonFraming.get(l) }</dt><dd>{ pick(&lesson.framing, l) }</dd>
                <dt>{ DeskText::LessonRow.get(l) }</dt>
                <dd><code>{ format!("{} · {} {}", lesson.highlight, lesson.expect_layer, lesson.expect_reason) }</code></dd>
            </dl>
            <a class="open-lesson button" href={bench_href(lesson, l)}>{ DeskText::OpenLesson.get(l) }</a>
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

/// The lessons.
#[component]
pub fn LessonsView() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    let lessons = use_memo((), |_| crate::lessons::all());
    let items = lessons.iter().map(|lesson| match lesson {
        Ok(lesson) => card(lesson, l),
        Err(e) => html! { <li class="lesson card error" role="alert">{ e.clone() }</li> },
    });
    html! {
        <section class="lessons" id="lessons" aria-labelledby="lessons-heading">
            <h2 id="lessons-heading">{ DeskText::Lessons.get(l) }</h2>
            <p class="lead">{ DeskText::LessonsLead.get(l) }</p>
            <ol class="cards lesson-list">{ for items }</ol>
        </section>
    }
}
