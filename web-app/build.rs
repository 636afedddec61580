//! Indexes the lesson files of `docs/lessons/<scenario-id>/*.md` (in id order), so a lesson is
//! added by adding a file: lessons are data the app reads, not code.
//! A lesson's id is its path under `docs/lessons/` without `.md` (`pacd/01-phases`).
//!
//! The bundle carries each lesson's id and the SHA-256 digest of them all; the texts reach the
//! page as `lessons.json`, written beside the bundle by `scripts/lessons-json.mjs` (a trunk
//! hook) and checked against the digest when the desk loads them. With the `embed-lessons`
//! feature (the browser tests) the texts are compiled in instead.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "src/lesson_digest.rs"]
mod lesson_digest;

fn entries(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default()
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/lessons");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for folder in entries(&dir).into_iter().filter(|p| p.is_dir()) {
        println!("cargo:rerun-if-changed={}", folder.display());
        let scenario = folder.file_name().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        for p in entries(&folder) {
            if p.extension().is_some_and(|e| e == "md") {
                let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
                files.push((format!("{scenario}/{stem}"), p));
            }
        }
    }
    files.sort();
    let mut ids =
        String::from("/// Every lesson's id, in id order.\npub const LESSON_IDS: &[&str] = &[\n");
    let mut texts = String::from(
        "/// The lesson files: (id, text), in id order.\npub const LESSON_FILES: &[(&str, &str)] = &[\n",
    );
    let mut texts_read = Vec::new();
    for (id, p) in &files {
        println!("cargo:rerun-if-changed={}", p.display());
        texts_read.push((id.as_str(), std::fs::read_to_string(p).unwrap_or_default()));
        let _ = writeln!(ids, "    {id:?},");
        let _ = writeln!(texts, "    ({id:?}, include_str!({:?})),", p.display().to_string());
    }
    ids.push_str("];\n");
    texts.push_str("];\n");
    let hex = lesson_digest::digest(texts_read.iter().map(|(id, text)| (*id, text.as_str())));
    let _ = writeln!(
        ids,
        "/// SHA-256 of every (id, text), as `lessons::digest` computes it.\npub const LESSONS_DIGEST: &str = {hex:?};"
    );
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default());
    for (name, text) in [("lesson_ids.rs", ids), ("lesson_files.rs", texts)] {
        if let Err(e) = std::fs::write(out.join(name), text) {
            println!("cargo:warning=cannot write {name}: {e}");
        }
    }
}
