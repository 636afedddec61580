//! Lessons cannot rot: every lesson in `docs/lessons/` is opened through the link decoder the
//! app uses, run in the core, and checked against the outcome it states (final state, the
//! highlighted row's layer and reason code, sealed or not, the paths it claims, and for the
//! tampering lesson, the broken row). Together the lessons must cover every decision path of
//! every registered scenario, and `docs/lessons/README.md` holds the generated coverage table
//! (`UPDATE_DOCS=1 cargo test -p maestro-core --test lessons` rewrites it).
#![allow(clippy::unreachable, reason = "tests: an arm that cannot be reached is a failed test")]
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use maestro_core::lesson::{self, Lesson};
use maestro_core::scenario::SCENARIOS;

fn lessons_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/lessons")
}

/// Every lesson file, `<scenario-id>/NN-title.md`, in path order.
fn lesson_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(lessons_dir())
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .filter(|p| p.is_dir())
        .flat_map(|dir| {
            std::fs::read_dir(dir)
                .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect::<Vec<_>>())
                .unwrap_or_default()
        })
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

/// A lesson's id: its path under `docs/lessons/` without `.md`.
fn lesson_id(path: &Path) -> String {
    let rel = path.strip_prefix(lessons_dir()).unwrap_or(path).with_extension("");
    rel.to_string_lossy().replace('\\', "/")
}

fn lessons() -> Vec<Lesson> {
    lesson_files()
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            lesson::parse(&lesson_id(p), &text)
                .unwrap_or_else(|e| unreachable!("{}: {e}", p.display()))
        })
        .collect()
}

#[test]
fn every_lesson_sits_in_its_scenarios_folder_and_nothing_else_is_there() {
    // docs/lessons/ holds the README and one folder per registered scenario, nothing else.
    for entry in std::fs::read_dir(lessons_dir())
        .map(|d| d.flatten().collect::<Vec<_>>())
        .unwrap_or_default()
    {
        let name = entry.file_name().to_string_lossy().to_string();
        if entry.path().is_dir() {
            assert!(
                SCENARIOS.iter().any(|s| s.id == name),
                "docs/lessons/{name}/ names no scenario"
            );
        } else {
            assert_eq!(
                name, "README.md",
                "docs/lessons/{name}: lessons live in their scenario's folder"
            );
        }
    }
    for l in lessons() {
        let folder = l.id.split('/').next().unwrap_or_default();
        let opened = lesson::check(&l).map(|o| o.scenario.id).unwrap_or_default();
        assert_eq!(folder, opened, "{} opens a run of another scenario", l.id);
        let stem = l.id.rsplit('/').next().unwrap_or_default();
        let numbered = stem.len() > 3
            && stem.as_bytes().get(..2).is_some_and(|d| d.iter().all(u8::is_ascii_digit))
            && stem.as_bytes().get(2) == Some(&b'-');
        assert!(numbered, "{}: a lesson's file is named NN-title.md", l.id);
    }
}

#[test]
fn every_lesson_reproduces_the_outcome_it_states() {
    let all = lessons();
    assert!(all.len() >= 10, "the lesson set is missing");
    let mut failures = Vec::new();
    for l in &all {
        if let Err(e) = lesson::check(l) {
            failures.push(format!("{}: {e}", l.id));
        }
    }
    assert!(failures.is_empty(), "lessons that no longer hold:\n{}", failures.join("\n"));
}

fn coverage_table() -> String {
    let all = lessons();
    let mut out = String::new();
    for s in SCENARIOS {
        out.push_str(&format!("### `{}`\n\n| path | lessons |\n|---|---|\n", s.id));
        for p in s.paths {
            let by: Vec<String> = all
                .iter()
                .filter(|l| {
                    l.covers.iter().any(|c| c == p.id)
                        && lesson::check(l).is_ok_and(|o| o.scenario.id == s.id)
                })
                .map(|l| format!("[{}]({}.md)", l.id, l.id))
                .collect();
            out.push_str(&format!("| `{}`: {} / {} | {} |\n", p.id, p.en, p.ja, by.join(", ")));
        }
        out.push('\n');
    }
    out
}

#[test]
fn the_lessons_cover_every_path_of_every_scenario() {
    let all = lessons();
    for s in SCENARIOS {
        for p in s.paths {
            let covered = all.iter().any(|l| {
                l.covers.iter().any(|c| c == p.id)
                    && lesson::check(l).is_ok_and(|o| o.scenario.id == s.id)
            });
            assert!(covered, "no lesson covers `{}` of `{}`", p.id, s.id);
        }
    }
}

#[test]
fn the_coverage_table_in_the_docs_is_current() {
    const BEGIN: &str = "<!-- coverage:begin (generated by core/tests/lessons.rs) -->\n";
    const END: &str = "<!-- coverage:end -->";
    let path = lessons_dir().join("README.md");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let (Some(b), Some(e)) = (text.find(BEGIN), text.find(END)) else {
        unreachable!("{} has no coverage markers", path.display())
    };
    let current = &text[b + BEGIN.len()..e];
    let table = coverage_table();
    if current != table {
        if std::env::var_os("UPDATE_DOCS").is_some() {
            let updated = format!("{}{BEGIN}{table}{}", &text[..b], &text[e..]);
            let _ = std::fs::write(&path, updated);
        } else {
            unreachable!(
                "the coverage table in {} is stale: run `UPDATE_DOCS=1 cargo test -p maestro-core --test lessons`",
                path.display()
            );
        }
    }
}

#[test]
fn a_lesson_that_no_longer_holds_is_named() {
    let all = lessons();
    let mut l =
        all.into_iter().find(|l| l.id == "emergency-contract/01-clean-run").unwrap_or_default();
    l.expect_reason = "OK".into();
    let e = lesson::check(&l).err();
    assert!(matches!(&e, Some(lesson::CheckError::Row { n, .. }) if *n == l.highlight), "{e:?}");
    let e = e.map(|e| e.to_string()).unwrap_or_default();
    assert!(e.starts_with(&format!("row {} is ", l.highlight)), "{e}");
    l.link = l.link.replace("seed=3", "seed=4");
    let e = lesson::check(&l).err();
    assert!(matches!(e, Some(lesson::CheckError::Link(_))), "{e:?}");
    let e = e.map(|e| e.to_string()).unwrap_or_default();
    assert!(e.contains("checksum"), "{e}");
    let bad = lesson::parse("x", "---\nid: x\n---\n").err().map(|e| e.to_string());
    assert_eq!(bad.as_deref(), Some("the front matter has no `title_en`"));
    let text = "---\nid: x\ntitle_en: a\ntitle_ja: b\nlink: ?\nhighlight: 1\nexpect_state: S\nexpect_layer: l\nexpect_reason: r\nexpect_sealed: no\ncovers: x\n---\n";
    let bad = lesson::parse("x", text).err().map(|e| e.to_string());
    assert_eq!(bad.as_deref(), Some("line 10: `expect_sealed` must be `true` or `false`"));
    let text =
        text.replace("sealed: no", "sealed: true") + "## Goal\nen: only English\n## Framing\n";
    let bad = lesson::parse("x", &text).err().map(|e| e.to_string());
    assert_eq!(bad.as_deref(), Some("line 14: this `en:` line has no `ja:` line after it"));
}
