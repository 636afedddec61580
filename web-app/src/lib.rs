//! The Yew front end of Maestro Bench.
//!
//! A thin face over `maestro-core`: it drives a run of the core one row at a time, shows
//! each gate decision, lets the student answer HITL requests, and downloads and shares the
//! run; it holds no scenario rule of its own ([`state`] only forwards actions to the core).
//! Every visible string goes through [`i18n`], which has an English and a Japanese text for
//! each key by construction.
//! The app makes no network request: the page's Content-Security-Policy allows only its own
//! origin, and nothing here calls `fetch`.

pub mod batch;
pub mod browser;
pub mod components;
pub mod desk;
pub mod i18n;
pub mod lesson_digest;
pub mod lessons;
pub mod route;
pub mod state;
pub mod worker;

pub use components::app::App;
