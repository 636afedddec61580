//! The Lessons section: every lesson file, in the page's language, with a button that opens
//! the lesson's exact run in the bench and selects the row it talks about.

use maestro_core::lesson::{Bilingual, Lesson};
use yew::prelude::*;

use super::SessionHandle;
use crate::i18n::{Lang, Text};
use crate::state::Action;

fn pick(b: &Bilingual, l: Lang) -> String {
    if l == Lang::Ja { b.ja.clone() } else { b.en.clone() }
}

fn card(lesson: &Lesson, session: &SessionHandle, l: Lang) -> Html {
    let open = {
        let session = session.clone();
        let (link, highlight) = (lesson.link.clone(), lesson.highlight);
        Callback::from(move |_| {
            session.dispatch(Action::OpenLesson { link: link.clone(), highlight });
            crate::browser::scroll_to("bench-heading");
        })
    };
    let questions = lesson.questions.iter().map(|q| html! { <li>{ pick(q, l) }</li> });
    html! {
        <li class="lesson card" data-lesson={lesson.id.clone()}>
            <h3>{ pick(&lesson.title, l) }</h3>
            <dl>
                <dt>{ Text::LessonGoal.get(l) }</dt><dd>{ pick(&lesson.goal, l) }</dd>
                <dt>{ Text::LessonFraming.get(l) }</dt><dd>{ pick(&lesson.framing, l) }</dd>
                <dt>{ Text::LessonRow.get(l) }</dt>
                <dd><code>{ format!("{} · {} {}", lesson.highlight, lesson.expect_layer, lesson.expect_reason) }</code></dd>
            </dl>
            <button type="button" class="open-lesson" onclick={open}>{ Text::OpenLesson.get(l) }</button>
            <h4>{ Text::LessonQuestions.get(l) }</h4>
            <ol class="questions">{ for questions }</ol>
            <details class="teacher">
                <summary>{ Text::LessonTeacher.get(l) }</summary>
                <p>{ pick(&lesson.teacher, l) }</p>
                <p class="muted">{ format!("{}: {}", Text::LessonCovers.get(l), lesson.covers.join(", ")) }</p>
            </details>
        </li>
    }
}

/// The lessons.
#[component]
pub fn LessonsView() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    let Some(session) = use_context::<SessionHandle>() else { return html! {} };
    let lessons = use_memo((), |_| crate::lessons::all());
    let items = lessons.iter().map(|lesson| match lesson {
        Ok(lesson) => card(lesson, &session, l),
        Err(e) => html! { <li class="lesson card error" role="alert">{ e.clone() }</li> },
    });
    html! {
        <section class="lessons" id="lessons" aria-labelledby="lessons-heading">
            <h2 id="lessons-heading">{ Text::Lessons.get(l) }</h2>
            <p class="lead">{ Text::LessonsLead.get(l) }</p>
            <ol class="cards lesson-list">{ for items }</ol>
        </section>
    }
}
