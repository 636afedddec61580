//! The audit desk (`maestro_core::audit`), run natively and in headless Chromium (wasm32):
//! verification of the reference incident files and of the bench's own run logs, exhaustive
//! single-byte tampering, replay of golden runs, the documented diff, and bad input.
//! The golden run logs and how they were made are listed in `golden/audit/README.md`.
#![allow(clippy::unreachable, reason = "tests: an arm that cannot be reached is a failed test")]

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use maestro_core::audit::{self, ImportError, Log, MAX_LOG_BYTES, RowText, Verdict};
use maestro_core::chain::{ArlError, BreakKind, ChainKey};
use maestro_core::face::RunRequest;
use maestro_core::link::encode_request;
use maestro_core::scenario;

const INCIDENTS: [&[u8]; 4] = [
    include_bytes!("golden/reference/arl_fabricate4/INC#000001__SIM#B00001.arl.jsonl"),
    include_bytes!("golden/reference/arl_fabricate4/INC#000002__SIM#B00002.arl.jsonl"),
    include_bytes!("golden/reference/arl_fabricate4/INC#000003__SIM#B00003.arl.jsonl"),
    include_bytes!("golden/reference/arl_fabricate4/INC#000004__SIM#B00004.arl.jsonl"),
];

const APPROVE_ALL: &[u8] = include_bytes!("golden/audit/approve-all.arl.jsonl");
const COACHING_DENY: &[u8] = include_bytes!("golden/audit/coaching-deny.arl.jsonl");
const RUNS: [(&str, &[u8]); 5] = [
    ("approve-all", APPROVE_ALL),
    ("coaching-deny", COACHING_DENY),
    ("fabricated", include_bytes!("golden/audit/fabricated.arl.jsonl")),
    ("auth-reject", include_bytes!("golden/audit/auth-reject.arl.jsonl")),
    ("waiting", include_bytes!("golden/audit/waiting.arl.jsonl")),
];

fn open(bytes: &[u8]) -> Log {
    match audit::import(bytes) {
        Ok(log) => log,
        Err(e) => unreachable!("a golden file must import: {e}"),
    }
}

fn intact(bytes: &[u8]) -> bool {
    audit::import(bytes).is_ok_and(|log| audit::verify(&log, &ChainKey::demo()).is_intact())
}

// ---------------------------------------------------------------- verify

#[test]
fn the_reference_incident_files_verify_without_notes() {
    for bytes in INCIDENTS {
        let log = open(bytes);
        assert!(log.header.is_none() && log.digest.is_none());
        assert_eq!(log.notes, Vec::new(), "every field and code of the reference is known");
        let verdict = audit::verify(&log, &ChainKey::demo());
        assert_eq!(verdict, Verdict::Intact { rows: log.rows.len(), digest: false });
        assert_eq!(
            verdict.message("demo"),
            format!("chain intact: {} rows verified with key `demo`", log.rows.len())
        );
    }
}

#[test]
fn the_benchs_own_run_logs_verify_with_their_digests() {
    for (name, bytes) in RUNS {
        let log = open(bytes);
        assert!(log.header.is_some() && log.digest.is_some(), "{name}");
        assert_eq!(log.notes, Vec::new(), "{name}");
        let verdict = audit::verify(&log, &ChainKey::demo());
        assert_eq!(verdict, Verdict::Intact { rows: log.rows.len(), digest: true }, "{name}");
        assert!(verdict.message("demo").ends_with(", digest matches"));
    }
}

#[test]
fn a_log_made_in_the_browser_verifies_like_a_file() {
    // The same path the web app's download takes: run → JSON Lines → import → verify.
    let req = RunRequest { seed: 3, ..RunRequest::default() };
    let run = audit::run_request(scenario::DEFAULT, &req).unwrap_or_else(|e| unreachable!("{e}"));
    let log = audit::log_of(&*run).unwrap_or_else(|e| unreachable!("{e}"));
    assert!(audit::verify(&log, &ChainKey::demo()).is_intact());
    assert_eq!(log.header.map(|h| h.request), Some(req));
}

#[test]
fn every_single_byte_tamper_of_a_run_log_is_detected() {
    let mut tampered = APPROVE_ALL.to_vec();
    let mut by_kind = [0usize; 3]; // unreadable, broken chain, digest
    for i in 0..tampered.len() {
        let original = tampered.get(i).copied().unwrap_or(0);
        if let Some(b) = tampered.get_mut(i) {
            *b ^= 1;
        }
        match audit::import(&tampered) {
            Err(_) => by_kind[0] += 1,
            Ok(log) => match audit::verify(&log, &ChainKey::demo()) {
                Verdict::Broken(_) => by_kind[1] += 1,
                Verdict::Digest(_) => by_kind[2] += 1,
                other => unreachable!("byte {i} changed unnoticed: {other:?}"),
            },
        }
        if let Some(b) = tampered.get_mut(i) {
            *b = original;
        }
    }
    assert_eq!(by_kind.iter().sum::<usize>(), APPROVE_ALL.len());
    // Each way of noticing is exercised.
    assert!(by_kind.iter().all(|n| *n > 0), "{by_kind:?}");
}

#[test]
fn a_broken_row_is_named_with_its_index_line_and_cause() {
    let text =
        String::from_utf8_lossy(APPROVE_ALL).replace("\"COACHING_APPROVE\"", "\"COACHING_DENY\"");
    let log = open(text.as_bytes());
    let verdict = audit::verify(&log, &ChainKey::demo());
    assert_eq!(verdict.broken_row(), Some(4));
    let Verdict::Broken(b) = &verdict else { unreachable!("{verdict:?}") };
    assert_eq!(b.line, 6, "row 4 is on line 6, after the header");
    assert!(matches!(b.kind, BreakKind::RowHashMismatch { .. }));
    assert!(
        verdict
            .message("demo")
            .starts_with("chain broken: row_hash mismatch at i=4 (row 5, line 6)")
    );
    // With the wrong key, the first row already fails.
    let wrong = ChainKey::custom("mine".into(), b"not the demo key".to_vec());
    let wrong = wrong.unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(audit::verify(&open(APPROVE_ALL), &wrong).broken_row(), Some(0));
}

#[test]
fn a_run_log_without_its_digest_is_reported_truncated() {
    let text = String::from_utf8_lossy(APPROVE_ALL);
    let cut: String = text.lines().take(8).map(|l| format!("{l}\n")).collect();
    let verdict = audit::verify(&open(cut.as_bytes()), &ChainKey::demo());
    assert_eq!(verdict, Verdict::Truncated { rows: 7 });
    assert!(verdict.message("demo").contains("it is truncated"));
}

// ---------------------------------------------------------------- replay

#[test]
fn every_golden_run_log_replays_exactly() {
    for (name, bytes) in RUNS {
        let replay = audit::replay(&open(bytes)).unwrap_or_else(|e| unreachable!("{name}: {e}"));
        assert!(replay.reproduced(), "{name}: {}", replay.message());
        assert!(!replay.engine_differs());
        assert_eq!(
            replay.message(),
            format!("reproduced exactly: {} rows", open(bytes).rows.len())
        );
        // Byte for byte, too: the replayed run writes the same file.
        let run = audit::run_request(
            scenario::DEFAULT,
            &open(bytes).header.map(|h| h.request).unwrap_or_default(),
        );
        let text = run.ok().and_then(|r| r.to_jsonl().ok()).unwrap_or_default();
        assert_eq!(text.as_bytes(), bytes, "{name}");
    }
}

#[test]
fn replay_names_the_first_divergent_row_and_an_engine_mismatch() {
    // Another seed in the header: the same gates until the rows' chain_id differ.
    let text = String::from_utf8_lossy(APPROVE_ALL)
        .replacen("\"engine_version\": \"", "\"engine_version\": \"0.0.9-", 1)
        .replacen("\"choices\": [\"coaching:approve\"", "\"choices\": [\"coaching:deny\"", 1);
    let replay = audit::replay(&open(text.as_bytes())).unwrap_or_else(|e| unreachable!("{e}"));
    assert!(replay.engine_differs());
    let d = replay.divergence.clone().unwrap_or_else(|| unreachable!("must diverge"));
    assert_eq!(d.index, 4);
    assert_eq!(d.fields, vec!["reason_code".to_string()]);
    assert_eq!(d.recorded.map(|r| r.reason), Some("COACHING_APPROVE".into()));
    assert_eq!(d.replayed.map(|r| r.reason), Some("COACHING_DENY".into()));
    let message = replay.message();
    assert!(message.starts_with("diverged at row 5 in reason_code"), "{message}");
    assert!(message.contains("engine version mismatch"), "{message}");
}

#[test]
fn files_without_a_header_cannot_be_replayed_and_say_why() {
    let err = audit::replay(&open(INCIDENTS[0])).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("no header line"), "{err}");
    let text = String::from_utf8_lossy(APPROVE_ALL).replacen(
        "\"scenario\": \"emergency-contract\"",
        "\"scenario\": \"nope\"",
        1,
    );
    let log = open(text.as_bytes());
    assert!(
        log.notes.iter().any(|n| n.line == 1 && n.message.en.contains("unknown scenario `nope`"))
    );
    let err = audit::replay(&log).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("unknown scenario `nope`"), "{err}");
}

// ---------------------------------------------------------------- diff

#[test]
fn diff_of_the_two_known_runs_finds_the_documented_divergence() {
    let (a, b) = (open(APPROVE_ALL), open(COACHING_DENY));
    let d = audit::diff(&a, &b);
    let first = d.first.and_then(|i| d.pairs.get(i)).cloned();
    let first = first.unwrap_or_else(|| unreachable!("the runs differ"));
    assert_eq!((first.a, first.b), (Some(4), Some(4)));
    assert_eq!(first.fields, vec!["reason_code".to_string()]);
    // approve-all has a coaching_event row that coaching-deny lacks; every other gate aligns.
    let only_a: Vec<String> = d
        .pairs
        .iter()
        .filter(|p| p.b.is_none())
        .filter_map(|p| p.a.and_then(|i| a.rows.get(i)).map(|r| RowText::of(r).layer))
        .collect();
    assert_eq!(only_a, vec!["coaching_event".to_string()]);
    assert!(d.pairs.iter().all(|p| p.a.is_some()));
    let choice = d.choice.clone().unwrap_or_else(|| unreachable!("a choice differs"));
    assert_eq!(
        (choice.index, choice.a.as_deref(), choice.b.as_deref()),
        (0, Some("coaching:approve"), Some("coaching:deny"))
    );
    assert_eq!(d.standing.0.state, "CONTRACT_EFFECTIVE");
    assert_eq!(d.standing.1.state, "CONTRACT_EFFECTIVE");
    let summary = d.summary(&a, &b);
    assert_eq!(
        summary.first().map(String::as_str),
        Some(
            "first divergence at row 5: A hitl_coaching_auth RUN COACHING_APPROVE (ADMIN); B hitl_coaching_auth RUN COACHING_DENY (ADMIN)"
        )
    );
    assert!(summary.contains(&"HITL choice 1 differs: A coaching:approve, B coaching:deny".into()));
    assert!(audit::diff(&a, &a).identical());
}

#[test]
fn diff_reports_how_each_run_stands() {
    let (a, b) = (open(APPROVE_ALL), open(RUNS[2].1));
    let d = audit::diff(&a, &b);
    assert!(!d.identical());
    assert_eq!(d.standing.1.state, "STOPPED");
    assert!(d.standing.1.sealed);
    assert_eq!(d.standing.1.reason, "EVIDENCE_FABRICATION");
    assert!(d.spec_differs.contains(&"seed".to_string()));
    assert!(d.spec_differs.contains(&"knob fabricate".to_string()));
    // A reference incident file stands as its last row says.
    let d = audit::diff(&open(INCIDENTS[0]), &open(INCIDENTS[1]));
    assert!(!d.standing.0.replayed && !d.standing.0.state.is_empty());
}

#[test]
fn what_if_links_open_the_run_with_the_other_choice() {
    let (log, run) = audit::log_of_link(&format!(
        "https://teacher.example/bench/?{}#top",
        encode_request("emergency-contract", &RunRequest { seed: 3, ..RunRequest::default() })
    ))
    .unwrap_or_else(|e| unreachable!("{e}"));
    assert!(run.pending().is_some(), "a link without choices waits at the first decision");
    assert_eq!(log.rows.len(), 4);
    // Decide, then ask what the other choice would have done.
    let mut run = run;
    assert_eq!(run.resolve("coaching:approve"), Ok(()));
    while run.advance() == maestro_core::face::Advance::Row {}
    let decisions = run.decisions();
    let first = decisions.first().cloned().unwrap_or_else(|| unreachable!("one decision"));
    assert_eq!((first.index, first.row, first.token), (0, 3, "coaching:approve"));
    assert_eq!(first.alternatives, vec!["coaching:deny"]);
    let link = audit::what_if("emergency-contract", &run.request(), 0, "coaching:deny");
    let (alt, _) = audit::log_of_link(&link).unwrap_or_else(|e| unreachable!("{e}"));
    let mine = audit::log_of(&*run).unwrap_or_else(|e| unreachable!("{e}"));
    let d = audit::diff(&mine, &alt);
    assert_eq!(d.first, Some(4));
}

// ---------------------------------------------------------------- bad input

#[test]
fn bad_files_get_a_message_naming_the_line_and_the_problem() {
    let cases: [(&[u8], &str); 9] = [
        (b"", "holds no rows"),
        (b"hello\n", "line 1 is not JSON"),
        (b"[1, 2]\n", "line 1 is not a JSON object"),
        (b"\n\xff\xfe\n", "line 2 is not valid UTF-8"),
        (b"{\"run_id\": \"x\"}\n", "line 1 has no `layer` field"),
        (
            b"{\"record\": \"header\", \"format_version\": 2}\n",
            "line 1: log format version 2 is newer than this bench reads (1)",
        ),
        (
            b"{\"record\": \"header\", \"format_version\": 1}\n{\"run_id\": \"x\", \"layer\": \"x\", \"decision\": \"RUN\", \"sealed\": false, \"overrideable\": false, \"final_decider\": \"SYSTEM\", \"reason_code\": \"OK\", \"prev_hash\": \"\", \"row_hash\": \"\", \"key_id\": \"\", \"chain_id\": \"\"}\n",
            "line 1: the header field `seed` must be a whole number",
        ),
        (&APPROVE_ALL[..APPROVE_ALL.len() / 2], "is cut off"),
        (b"{\"record\": \"footer\"}\n", "line 1: unknown record `\"footer\"`"),
    ];
    for (bytes, expected) in cases {
        let message = audit::import(bytes).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains(expected), "{expected:?} not in {message:?}");
    }
    let huge = vec![b' '; MAX_LOG_BYTES + 1];
    assert_eq!(audit::import(&huge), Err(ImportError::TooLarge { bytes: MAX_LOG_BYTES + 1 }));
    assert!(matches!(
        audit::import(b"{}\n"),
        Err(ImportError::Unreadable(ArlError::MissingField { line: 1, field: "run_id" }))
    ));
}

#[test]
fn unknown_fields_and_vocabulary_become_notes_with_their_line() {
    let text = String::from_utf8_lossy(INCIDENTS[0])
        .replacen("\"layer\": \"relativity_gate\"", "\"layer\": \"<script>alert(1)</script>\"", 1)
        .replacen("\"decision\": \"RUN\"", "\"decision\": \"MAYBE\", \"colour\": \"red\"", 1);
    let log = open(text.as_bytes());
    let notes: Vec<String> = log.notes.iter().map(ToString::to_string).collect();
    assert_eq!(
        notes,
        vec![
            "line 1: unknown field `colour`".to_string(),
            "line 1: unknown layer `<script>alert(1)</script>`".to_string(),
            "line 1: unknown decision `MAYBE`".to_string(),
        ]
    );
    // The changed row no longer verifies; the script-like text is only ever data.
    assert_eq!(audit::verify(&log, &ChainKey::demo()).broken_row(), Some(0));
    assert!(!intact(text.as_bytes()));
}

#[test]
fn tampering_with_one_field_in_the_page_is_found_at_that_row() {
    // Setting a field to the value it has changes no byte.
    let log = open(APPROVE_ALL);
    let same = audit::tamper(APPROVE_ALL, 5, "reason_code", "COACHING_APPROVE");
    assert_eq!(same.as_deref(), Ok(APPROVE_ALL), "the line is written back byte for byte");
    assert!(audit::verify(&log, &ChainKey::demo()).is_intact());
    // A changed reason on row 5 breaks the chain at row 5, and nowhere else is touched.
    let bytes = audit::tamper(APPROVE_ALL, 5, "reason_code", "COACHING_DENY").unwrap_or_default();
    assert_eq!(bytes.len(), APPROVE_ALL.len() - "APPROVE".len() + "DENY".len());
    let verdict = audit::verify(&open(&bytes), &ChainKey::demo());
    assert_eq!(verdict.broken_row(), Some(4));
    assert!(verdict.said("demo").ja.contains("行 5"));
    // A number stays a number; a new field is added at the end of the row.
    let bytes = audit::tamper(APPROVE_ALL, 1, "note", "42").unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.lines().nth(1).is_some_and(|l| l.contains("\"note\": 42")), "{text}");
    assert_eq!(audit::verify(&open(&bytes), &ChainKey::demo()).broken_row(), Some(0));
    // Bad requests are named.
    let err = audit::tamper(APPROVE_ALL, 99, "reason_code", "X").err().unwrap_or_default();
    assert!(err.en.starts_with("row 99 is not in the log (it has rows 1 to "), "{err}");
    assert!(audit::tamper(APPROVE_ALL, 1, " ", "X").is_err());
}

#[test]
fn a_row_that_cannot_be_canonicalised_is_a_broken_row_with_its_reason() {
    // The verifier refuses such a row instead of hashing something else in its place.
    let b = maestro_core::chain::ChainBreak {
        index: 2,
        line: 4,
        kind: BreakKind::Uncanonical { problem: "a non-finite number (NaN)".into() },
    };
    let v = Verdict::Broken(b);
    assert_eq!(v.broken_row(), Some(2));
    let said = v.said("demo");
    assert!(
        said.en.starts_with("chain broken: row_hash mismatch at i=2 (row 3, line 4)"),
        "{}",
        said.en
    );
    assert!(said.en.contains("the row is not canonical JSON (a non-finite number (NaN))"));
    assert!(said.ja.contains("正準 JSON"));
}
