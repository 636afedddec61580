//! The app's components, one per file.

pub mod agent_state;
pub mod app;
pub mod audit_desk;
pub mod batch_view;
pub mod charts;
pub mod codebook_view;
pub mod controls;
pub mod desk_app;
pub mod gate_strip;
pub mod hitl_panel;
pub mod inspector;
pub mod lang_toggle;
pub mod lessons_view;
pub mod notice;
pub mod row_view;
pub mod run_setup;
pub mod scenario_list;
pub mod share_bar;
pub mod timeline;

use yew::UseReducerHandle;

/// The session, shared with every component through a context.
pub type SessionHandle = UseReducerHandle<crate::state::Session>;

/// The audit desk, shared with the bench (its "what if" buttons fill the comparison).
pub type DeskHandle = UseReducerHandle<crate::desk::Desk>;
