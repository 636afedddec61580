//! The app's components, one per file.

pub mod agent_state;
pub mod app;
pub mod audit_desk;
pub mod batch_view;
pub mod charts;
pub mod codebook_view;
pub mod controls;
pub mod gate_flow;
pub mod hitl_panel;
pub mod inspector;
pub mod landing;
pub mod lang_toggle;
pub mod lessons_view;
pub mod notice;
pub mod now_card;
pub mod row_view;
pub mod run_setup;
pub mod share_bar;
pub mod story;
pub mod timeline;

use yew::UseReducerHandle;

/// The session, shared with every component through a context.
pub type SessionHandle = UseReducerHandle<crate::state::Session>;

/// The audit desk, shared with the bench (its "what if" buttons fill the comparison).
pub type DeskHandle = UseReducerHandle<crate::desk::Desk>;

/// Whether the page may show the lessons' answers for the teacher (a link with `teacher=0`
/// is for students: the answers and their toggle are not shown), for the whole page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TeacherMode(pub bool);

/// Where a click takes the student; the app switches view without reloading the page.
#[derive(Clone, Debug, PartialEq)]
pub enum Go {
    /// Another view, as it stands.
    View(crate::route::View),
    /// The bench, with this scenario's default run.
    Scenario(String),
    /// The bench, with the run of this link's query (a lesson's link).
    Run(String),
    /// The desk, comparing these two runs' links (the bench's "What if").
    Compare(String, String),
}

/// The app's navigation, shared with every component through a context.
pub type Navigate = yew::Callback<Go>;

/// The click handler of a link that the app follows in place: a plain click goes to `to`
/// without reloading; a click that asks for a new tab or window (a modifier, another button)
/// is left to the browser, which opens the link's real address.
pub fn follow_in_place(go: &Navigate, to: Go) -> yew::Callback<web_sys::MouseEvent> {
    let go = go.clone();
    yew::Callback::from(move |e: web_sys::MouseEvent| {
        if e.ctrl_key() || e.meta_key() || e.shift_key() || e.button() != 0 {
            return;
        }
        e.prevent_default();
        go.emit(to.clone());
    })
}
