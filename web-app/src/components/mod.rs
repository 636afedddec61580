//! The app's components, one per file.

pub mod app;
pub mod codebook_view;
pub mod lang_toggle;
pub mod scenario_list;
