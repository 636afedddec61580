//! The registry as data: for every registered scenario, its default run (the run the site
//! opens: seed 1, no knob, no choice) and the run of every one of its lessons are written as
//! run logs and compared with the golden logs in `golden/runs/<scenario-id>/`
//! (`default.arl.jsonl`, `<lesson>.arl.jsonl`); each log also verifies with the demo key and
//! replays exactly from its header (or, when the header's personal data was redacted, from its
//! link, which is what the comparison does). `UPDATE_GOLDEN=1 cargo test -p maestro-core --test
//! registry` rewrites the folder (and removes the logs of runs that are gone).
#![allow(clippy::unreachable, reason = "tests: an arm that cannot be reached is a failed test")]
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use maestro_core::audit::{self, Verdict};
use maestro_core::chain::ChainKey;
use maestro_core::face::RunRequest;
use maestro_core::lesson;
use maestro_core::link::encode_request;
use maestro_core::scenario::SCENARIOS;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/runs")
}

/// Every run the registry promises, by scenario: (name, link).
fn runs() -> BTreeMap<&'static str, Vec<(String, String)>> {
    let lessons_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/lessons");
    let mut out = BTreeMap::new();
    for s in SCENARIOS {
        let mut list = vec![(
            "default".to_string(),
            encode_request(s.id, &RunRequest { seed: 1, ..RunRequest::default() }),
        )];
        let mut files: Vec<PathBuf> = std::fs::read_dir(lessons_dir.join(s.id))
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        for f in files {
            let stem = f.file_stem().and_then(|n| n.to_str()).unwrap_or_default().to_string();
            let text = std::fs::read_to_string(&f).unwrap_or_default();
            let l = lesson::parse(&format!("{}/{stem}", s.id), &text)
                .unwrap_or_else(|e| unreachable!("{}: {e}", f.display()));
            list.push((stem, l.link));
        }
        out.insert(s.id, list);
    }
    out
}

#[test]
fn every_scenarios_default_run_and_lesson_runs_match_their_golden_logs() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    let mut count = 0;
    for (id, list) in runs() {
        let dir = root().join(id);
        if update {
            let _ = std::fs::remove_dir_all(&dir);
            assert!(std::fs::create_dir_all(&dir).is_ok(), "{}", dir.display());
        }
        for (name, link) in list {
            count += 1;
            let what = format!("{id}/{name}");
            let (_, run) = match audit::log_of_link(&link) {
                Ok(opened) => opened,
                Err(e) => {
                    failures.push(format!("{what}: its link does not open: {e}"));
                    continue;
                }
            };
            let text = run.to_jsonl().unwrap_or_else(|e| format!("(no log: {e})"));
            let path = dir.join(format!("{name}.arl.jsonl"));
            if update {
                assert!(std::fs::write(&path, &text).is_ok(), "{}", path.display());
            }
            match std::fs::read_to_string(&path) {
                Ok(golden) if golden == text => {}
                Ok(_) => failures.push(format!("{what}: the run log changed")),
                Err(_) => failures.push(format!("{what}: no golden log at {}", path.display())),
            }
            // The log verifies with the demo key and replays exactly from its header.
            let log = match audit::import(text.as_bytes()) {
                Ok(log) => log,
                Err(e) => {
                    failures.push(format!("{what}: the log does not import: {e}"));
                    continue;
                }
            };
            if !matches!(
                audit::verify(&log, &ChainKey::demo()),
                Verdict::Intact { digest: true, .. }
            ) {
                failures.push(format!("{what}: the log does not verify"));
            }
            // A header whose personal data was redacted names no whole run: such a run is
            // replayed from its share link, which the golden comparison above already does.
            match audit::replay(&log) {
                Ok(r) if r.divergence.is_none() => {}
                Err(audit::ReplayError::Redacted(knobs)) if !knobs.is_empty() => {}
                Ok(r) => failures.push(format!("{what}: the replay diverges: {:?}", r.divergence)),
                Err(e) => failures.push(format!("{what}: the replay fails: {e}")),
            }
        }
    }
    assert!(count >= 100, "the registry promises only {count} runs");
    assert!(
        failures.is_empty(),
        "(UPDATE_GOLDEN=1 rewrites the golden logs)\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_golden_folder_holds_exactly_the_registrys_runs() {
    let expected: Vec<String> = runs()
        .into_iter()
        .flat_map(|(id, list)| {
            list.into_iter().map(move |(name, _)| format!("{id}/{name}.arl.jsonl"))
        })
        .collect();
    let mut found = Vec::new();
    for dir in
        std::fs::read_dir(root()).map(|d| d.flatten().collect::<Vec<_>>()).unwrap_or_default()
    {
        let id = dir.file_name().to_string_lossy().to_string();
        if !dir.path().is_dir() {
            assert_eq!(id, "README.md", "golden/runs/ holds one folder per scenario");
            continue;
        }
        for f in std::fs::read_dir(dir.path())
            .map(|d| d.flatten().collect::<Vec<_>>())
            .unwrap_or_default()
        {
            found.push(format!("{id}/{}", f.file_name().to_string_lossy()));
        }
    }
    found.sort();
    let mut expected_sorted = expected;
    expected_sorted.sort();
    assert_eq!(
        found, expected_sorted,
        "stale or missing golden logs (UPDATE_GOLDEN=1 rewrites them)"
    );
}

#[test]
fn the_house_plan_holds_every_scenario_in_its_themes_folder_under_its_id() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let text = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
    for s in SCENARIOS {
        // Its file is named after its id, in its theme's folder, and declares it there.
        let file = src
            .join("scenarios")
            .join(s.theme.id())
            .join(format!("{}.rs", s.id.replace(['-', '.'], "_")));
        let body = text(&file);
        assert!(
            body.contains("pub const SCENARIO:"),
            "{}: no declaration in {}",
            s.id,
            file.display()
        );
        // Its id is written as a string once in core/src.
        let literal = format!("\"{}\"", s.id);
        let mut places = Vec::new();
        let mut stack = vec![src.clone()];
        while let Some(dir) = stack.pop() {
            for e in
                std::fs::read_dir(&dir).map(|d| d.flatten().collect::<Vec<_>>()).unwrap_or_default()
            {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    let n = text(&p)
                        .lines()
                        .filter(|l| !l.trim_start().starts_with("//") && l.contains(&literal))
                        .count();
                    if n > 0 {
                        places.push(format!("{} ({n})", p.display()));
                    }
                }
            }
        }
        assert_eq!(places.len(), 1, "{} is written in: {}", s.id, places.join(", "));
        assert!(places.iter().all(|p| p.ends_with("(1)")), "{}: {}", s.id, places.join(", "));
    }
    // No scenario reads another theme's files, and the top of core/src names no scenario
    // (scenario.rs, the registry's types, names the default).
    let themes: Vec<&str> = maestro_core::scenario::Theme::ALL.iter().map(|t| t.id()).collect();
    for theme in &themes {
        for e in std::fs::read_dir(src.join("scenarios").join(theme))
            .map(|d| d.flatten().collect::<Vec<_>>())
            .unwrap_or_default()
        {
            let body = text(&e.path());
            for other in themes.iter().filter(|o| *o != theme) {
                assert!(
                    !body.contains(&format!("crate::scenarios::{other}")),
                    "{} reads the {other} theme",
                    e.path().display()
                );
            }
        }
    }
    for e in std::fs::read_dir(&src).map(|d| d.flatten().collect::<Vec<_>>()).unwrap_or_default() {
        let p = e.path();
        if p.is_file() && !p.ends_with("scenario.rs") {
            assert!(!text(&p).contains("crate::scenarios::"), "{} names a scenario", p.display());
        }
    }
}

#[test]
fn every_scenario_tells_its_story_in_both_languages() {
    for s in SCENARIOS {
        for (part, (en, ja)) in
            [("who", s.story.who), ("risk", s.story.risk), ("decide", s.story.decide)]
        {
            let what = format!("{} story.{part}", s.id);
            assert!(
                en.len() > 40 && en.ends_with('.'),
                "{what}: {en:?} is not an English sentence"
            );
            assert!(ja.ends_with('。'), "{what}: {ja:?} is not a Japanese sentence");
            assert!(
                ja.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)),
                "{what}: {ja:?} has no kana"
            );
        }
    }
}

#[test]
fn every_ended_run_of_the_registry_ends_in_explained_sentences() {
    let mut count = 0;
    for (id, list) in runs() {
        let info = maestro_core::scenario::find(id).unwrap_or_else(|e| unreachable!("{e}"));
        for (name, link) in list {
            let what = format!("{id}/{name}");
            let Ok((_, run)) = audit::log_of_link(&link) else { continue };
            let Some(end) = run.end() else { continue };
            let ending = maestro_core::face::ending(&*run, info.explain)
                .unwrap_or_else(|| unreachable!("{what}: an ended run without an ending"));
            count += 1;
            // The decisive row carries the end's reason, and the sentence explains it.
            assert_eq!(ending.reason, end.reason, "{what}");
            assert_eq!(run.row(ending.row).map(|r| r.reason), Some(end.reason), "{what}");
            assert_ne!(ending.headline.0, ending.reason, "{what}: {} is not explained", end.reason);
            assert_ne!(ending.headline.1, ending.reason, "{what}: {} is not explained", end.reason);
            // One sentence per human answer recorded by a human's row, each explained.
            let human = run
                .decisions()
                .iter()
                .filter(|d| {
                    run.row(d.row + 1)
                        .is_some_and(|r| r.decider != maestro_core::vocab::FinalDecider::System)
                })
                .count();
            assert_eq!(ending.answers.len(), human, "{what}");
            for (en, ja) in &ending.answers {
                assert!(
                    en.contains(' ') && !ja.is_empty(),
                    "{what}: an answer is not explained: {en}"
                );
            }
        }
    }
    assert!(count >= 60, "only {count} ended runs");
}

#[test]
fn a_sealed_end_answers_every_attempt_to_continue_with_a_sealed_stop() {
    use maestro_core::face::Advance;
    use maestro_core::vocab::Decision;
    let mut offered = std::collections::BTreeSet::new();
    for (id, list) in runs() {
        for (name, link) in list {
            let what = format!("{id}/{name}");
            let Ok((_, mut run)) = audit::log_of_link(&link) else { continue };
            while run.advance() == Advance::Row {}
            let Some(end) = run.end() else {
                assert_eq!(run.override_token(), None, "{what}: the run has not ended");
                continue;
            };
            // Every scenario whose run ends sealed lets the student try to continue.
            let Some(token) = run.override_token() else {
                assert!(!end.sealed, "{what}: no way to try to continue");
                continue;
            };
            assert!(end.sealed, "{what}: only a sealed end offers to try");
            offered.insert(id);
            for attempt in 1..=2 {
                let before = run.emitted();
                assert_eq!(run.resolve(token), Ok(()), "{what}: attempt {attempt}");
                assert_eq!(run.emitted(), before + 1, "{what}: one row per attempt");
                let row = run.row(before).unwrap_or_else(|| unreachable!());
                assert_eq!(row.decision, Decision::Stopped, "{what}");
                assert!(row.seal.sealed(), "{what}: {row:?}");
                assert!(run.sealed(), "{what}");
                assert_eq!(run.end(), Some(end), "{what}: the end and its verdict stand");
                while run.advance() == Advance::Row {}
            }
        }
    }
    assert_eq!(
        offered.into_iter().collect::<Vec<_>>(),
        [
            "definition-gate",
            "emergency-contract",
            "emergency-v1",
            "emergency-v4.1",
            "emergency-v5.0.1",
            "kage-emergency",
            "kage3-v1.2.4",
            "kage3-v1.3.5",
            "loop-budget",
            "orchestrator-mediator"
        ]
    );
}
