//! Every scenario of the registry, explored at random: knob values in and out of range, every
//! generator and any seed, and answer scripts that answer, answer wrongly, answer after the
//! end and try to continue a sealed run. Each case checks every invariant the scenarios state:
//!
//! - an out-of-range knob is refused, with a message naming it;
//! - a seal only on a `STOPPED` row, never on a pause, never overrideable;
//! - every layer, reason code, decision and decider within the scenario's declared vocabulary;
//! - a wrong token is refused with a message and changes nothing;
//! - an ended run takes no answer, except the override attempt of a sealed run, which the
//!   engine answers with a sealed row (and the run stays sealed);
//! - the log verifies with the demo key, replays exactly from its header, and the run's
//!   request reproduces it byte for byte;
//! - no row holds an e-mail address (the prompt-driven scenarios redact or refuse it).
//!
//! `PROPTEST_CASES` sets the cases per scenario (10,000 by default; `./x fuzz` asks for more).

#![expect(clippy::indexing_slicing, reason = "test helpers: a panic is a failed test")]

use maestro_core::audit;
use maestro_core::chain::ChainKey;
use maestro_core::face::{Advance, KnobInfo, KnobKind, RunRequest, ScenarioRun};
use maestro_core::rng::RngKind;
use maestro_core::scenario::{SCENARIOS, ScenarioInfo};
use maestro_core::vocab::Decision;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// A knob value: in range (from its description) or, when `out`, outside it.
fn knob_value(k: &KnobInfo, pick: u64, out: bool) -> Option<String> {
    Some(match (k.kind, out) {
        (KnobKind::Choice { values }, false) => {
            values[(pick % values.len() as u64) as usize].to_string()
        }
        (KnobKind::Choice { .. }, true) => format!("no-such-{}", pick % 7),
        (KnobKind::Number { min, max }, false) => {
            format!("{}", min + (max - min) * ((pick % 1001) as f64 / 1000.0))
        }
        (KnobKind::Number { min, max }, true) => match pick % 4 {
            0 => format!("{}", max + 1.0 + (pick % 50) as f64),
            1 => format!("{}", min - 1.0 - (pick % 50) as f64),
            2 => "NaN".to_string(),
            _ => "a lot".to_string(),
        },
        (KnobKind::Integer { min, max }, false) => {
            format!("{}", min + pick % (max - min + 1).min(40))
        }
        (KnobKind::Integer { min, max }, true) => match pick % 3 {
            0 if max < u64::MAX => format!("{}", max + 1 + pick % 50),
            1 if min > 0 => format!("{}", min - 1),
            _ => "-3".to_string(),
        },
        (KnobKind::Flag, false) => (pick % 2 == 1).to_string(),
        (KnobKind::Flag, true) => "maybe".to_string(),
        (KnobKind::Text { presets, .. }, false) => {
            presets.get((pick % 8) as usize).map_or(String::new(), |(_, t)| t.to_string())
        }
        (KnobKind::Text { max_chars, .. }, true) => "x".repeat(max_chars + 1 + (pick % 5) as usize),
    })
}

/// One case: a seed, a generator, knob settings `(knob, pick, out of range)` and an answer
/// script `(action, pick)`.
type Case = (u64, u8, Vec<(usize, u64, bool)>, Vec<(u8, u64)>);

fn case() -> impl Strategy<Value = Case> {
    (
        any::<u64>(),
        0u8..3,
        prop::collection::vec((0usize..16, any::<u64>(), prop::bool::weighted(0.15)), 0..4),
        prop::collection::vec((0u8..10, any::<u64>()), 0..8),
    )
}

fn rng(i: u8) -> RngKind {
    match i {
        0 => RngKind::ChaCha,
        1 => RngKind::CpythonMt,
        _ => RngKind::Sha256Counter,
    }
}

/// Checks every row shown so far against the scenario's vocabulary and the seal rules.
fn rows_keep_their_invariants(
    s: &ScenarioInfo,
    run: &dyn ScenarioRun,
) -> Result<(), TestCaseError> {
    for i in 0..run.shown() {
        let Some(r) = run.row(i) else {
            return Err(TestCaseError::fail(format!("row {i} missing")));
        };
        prop_assert!(s.layers.contains(&r.layer), "{}: layer `{}` is not declared", s.id, r.layer);
        prop_assert!(
            s.reasons.contains(&r.reason),
            "{}: reason `{}` is not declared",
            s.id,
            r.reason
        );
        prop_assert!(
            s.decisions.contains(&r.decision),
            "{}: decision {:?} is not declared",
            s.id,
            r.decision
        );
        prop_assert!(
            s.deciders.contains(&r.decider),
            "{}: decider {:?} is not declared",
            s.id,
            r.decider
        );
        if r.seal.sealed() {
            prop_assert!(!r.seal.overrideable(), "{}: a sealed row is overrideable", s.id);
            prop_assert_eq!(
                r.decision,
                Decision::Stopped,
                "{}: a sealed row that does not stop",
                s.id
            );
        }
        if r.decision == Decision::PauseForHitl {
            prop_assert!(!r.seal.sealed(), "{}: a sealed pause", s.id);
        }
    }
    Ok(())
}

/// Runs one case of scenario `s`.
fn check(s: &ScenarioInfo, (seed, g, settings, script): Case) -> Result<(), TestCaseError> {
    let mut request = RunRequest { seed, rng: rng(g), knobs: Vec::new(), choices: Vec::new() };
    // The knobs set, each with whether its (last) value is out of range.
    let mut set: Vec<(&str, bool)> = Vec::new();
    for (k, pick, out) in settings {
        let Some(knob) = s.knobs.get(k % s.knobs.len().max(1)) else { continue };
        let Some(value) = knob_value(knob, pick, out) else { continue };
        request.knobs.retain(|(n, _)| n != knob.name);
        request.knobs.push((knob.name.to_string(), value));
        set.retain(|(n, _)| *n != knob.name);
        set.push((knob.name, out));
    }
    let opened = (s.open)(&request);
    if let Some((name, _)) = set.iter().find(|(_, out)| *out) {
        // Out of range: refused, and the message names the knob.
        let Err(e) = opened else {
            return Err(TestCaseError::fail(format!(
                "{}: knob `{name}` out of range was taken",
                s.id
            )));
        };
        let named = e.knob.as_deref().unwrap_or_default();
        prop_assert!(
            set.iter().any(|(k, out)| *out && *k == named),
            "{}: the refusal names no knob out of range: {:?}",
            s.id,
            e
        );
        let said = e.said();
        prop_assert!(
            said.en.contains(&format!("`{named}`")) && said.ja.contains(&format!("`{named}`")),
            "{}: {:?}",
            s.id,
            e
        );
        return Ok(());
    }
    let mut run = match opened {
        Ok(run) => run,
        // Values each in range can still conflict (the loop budget's plan round must come
        // before its last round): refused the same way, naming a knob that was set.
        Err(e) => {
            // or naming a knob whose default conflicts, and then the one set.
            let named = e.knob.as_deref().unwrap_or_default();
            let said = e.said();
            prop_assert!(
                s.knobs.iter().any(|k| k.name == named),
                "{}: refused for no knob: {:?}",
                s.id,
                e
            );
            prop_assert!(said.en.contains(&format!("`{named}`")), "{}: {:?}", s.id, e);
            prop_assert!(
                set.iter().any(|(k, _)| *k == named || said.en.contains(*k)),
                "{}: refused for no knob set: {:?}",
                s.id,
                e
            );
            return Ok(());
        }
    };
    for (action, pick) in script {
        while run.advance() == Advance::Row {}
        rows_keep_their_invariants(s, run.as_ref())?;
        let (shown, emitted) = (run.shown(), run.emitted());
        match (run.pending(), action) {
            (Some(p), 0..=6) => {
                let o = &p.options[(pick % p.options.len() as u64) as usize];
                prop_assert!(
                    run.resolve(o.token).is_ok(),
                    "{}: option `{}` refused",
                    s.id,
                    o.token
                );
            }
            (Some(p), _) => {
                // Not one of the options: refused with a message, nothing changes.
                let e = run.resolve("no-such-choice");
                prop_assert!(
                    e.as_ref().is_err_and(|e| !e.said().en.is_empty() && !e.said().ja.is_empty()),
                    "{}",
                    s.id
                );
                prop_assert_eq!((run.shown(), run.emitted()), (shown, emitted));
                prop_assert_eq!(run.pending().map(|q| q.reason), Some(p.reason));
            }
            (None, _) => {
                let sealed = run.sealed();
                match run.override_token() {
                    // Continue at a sealed end: the engine answers with a sealed row.
                    Some(token) if action % 2 == 0 => {
                        prop_assert!(sealed, "{}: an override token on an unsealed run", s.id);
                        prop_assert!(run.resolve(token).is_ok(), "{}: the override attempt", s.id);
                        while run.advance() == Advance::Row {}
                        let last = run.row(run.shown().saturating_sub(1));
                        prop_assert!(last.is_some_and(|r| r.seal.sealed() && r.decision == Decision::Stopped), "{}: {:?}", s.id, last);
                        prop_assert!(run.sealed(), "{}: the run is still sealed", s.id);
                    }
                    _ => {
                        // After the end nothing is taken.
                        prop_assert!(
                            run.resolve("approve").is_err(),
                            "{}: an answer after the end",
                            s.id
                        );
                        prop_assert_eq!(run.emitted(), emitted);
                        prop_assert_eq!(run.sealed(), sealed);
                    }
                }
            }
        }
    }
    while run.advance() == Advance::Row {}
    rows_keep_their_invariants(s, run.as_ref())?;
    // The log verifies, replays exactly, and the run's request reproduces it byte for byte.
    let text = run.to_jsonl().map_err(|e| TestCaseError::fail(e.to_string()))?;
    for line in text.lines().skip(1) {
        let at = line.find('@');
        prop_assert!(
            at.is_none_or(|i| !line[i + 1..].starts_with(|c: char| c.is_ascii_alphanumeric())),
            "{}: an e-mail address in a row: {line}",
            s.id
        );
    }
    let log = audit::import(text.as_bytes())
        .map_err(|e| TestCaseError::fail(format!("{}: {}", s.id, e.said().en)))?;
    let verdict = audit::verify(&log, &ChainKey::demo());
    prop_assert!(verdict.is_intact(), "{}: {}", s.id, verdict.said("demo").en);
    match audit::replay(&log) {
        Ok(replay) => prop_assert!(
            replay.reproduced(),
            "{}: the log does not replay: {}",
            s.id,
            replay.said().en
        ),
        // A prompt that held personal data is redacted in the header, which says so: such a
        // log is refused for replay by name, never replayed from a different prompt.
        Err(audit::ReplayError::Redacted(knobs)) => {
            let header = log.header.as_ref().map(|h| h.redacted.clone()).unwrap_or_default();
            prop_assert!(!knobs.is_empty() && knobs == header, "{}: {knobs:?} vs {header:?}", s.id);
        }
        Err(e) => return Err(TestCaseError::fail(format!("{}: {}", s.id, e.said().en))),
    }
    // The request holds the choices made as its script; a run waiting at a decision waits
    // there again.
    let mut again =
        (s.open)(&run.request()).map_err(|e| TestCaseError::fail(format!("{}: {:?}", s.id, e)))?;
    while again.advance() == Advance::Row {}
    prop_assert_eq!(
        again.to_jsonl().map_err(|e| TestCaseError::fail(e.to_string()))?,
        text,
        "{}: the request does not reproduce the run",
        s.id
    );
    Ok(())
}

#[test]
fn every_scenario_keeps_its_invariants_under_random_knobs_generators_and_answers() {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(10_000);
    // The scenarios shared out over the machine's cores, each with its own runner.
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let failures: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                scope.spawn(move || {
                    let mut failed = Vec::new();
                    for s in SCENARIOS.iter().skip(w).step_by(workers) {
                        let config =
                            Config { cases, failure_persistence: None, ..Config::default() };
                        let started = std::time::Instant::now();
                        if let Err(e) = TestRunner::new(config).run(&case(), |c| check(s, c)) {
                            failed.push(format!("{}: {e}", s.id));
                        }
                        eprintln!(
                            "invariants: {}: {cases} cases in {:.1?}",
                            s.id,
                            started.elapsed()
                        );
                    }
                    failed
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|_| vec!["a worker panicked".into()]))
            .collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
