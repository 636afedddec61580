//! The digest of the lesson files, shared by `build.rs` (which compiles it in) and
//! `lessons.rs` (which checks `lessons.json` against it), so the two cannot drift.

use sha2::{Digest, Sha256};

/// The SHA-256 (hex) of lesson files `(id, text)` in order: each id, a NUL, its text, a NUL.
pub fn digest<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut d = Sha256::new();
    for (id, text) in files {
        d.update(id.as_bytes());
        d.update([0]);
        d.update(text.as_bytes());
        d.update([0]);
    }
    d.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
