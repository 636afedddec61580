//! The Yew front end of Maestro Bench.
//!
//! A thin face over `maestro-core`: it reads the scenario registry and the codebook from the
//! core and shows them; it holds no scenario rule of its own.
//! Every visible string goes through [`i18n`], which has an English and a Japanese text for
//! each key by construction.
//! The app makes no network request: the page's Content-Security-Policy allows only its own
//! origin, and nothing here calls `fetch`.

pub mod components;
pub mod i18n;

pub use components::app::App;
