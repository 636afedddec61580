//! The lessons the app shows: the files of `docs/lessons/`, embedded at build time (see
//! `build.rs`) and parsed by the core's lesson reader.

use maestro_core::lesson::{self, Lesson};

include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

/// Every lesson, in file-name order; a file the reader refuses gives its message instead.
pub fn all() -> Vec<Result<Lesson, String>> {
    LESSON_FILES
        .iter()
        .map(|(id, text)| lesson::parse(id, text).map_err(|e| format!("{id}: {e}")))
        .collect()
}
