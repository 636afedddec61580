//! The class report (`maestro_core::report`): a class of thirty logs made by the engine, with
//! the kinds of trouble a teacher meets (two tampered logs, one of another scenario, one handed
//! in twice, one that is not a log, one of a newer format, one of an unknown scenario, one too
//! large), checked line by line, in the summary, the groups and the CSV.
#![allow(clippy::unreachable, reason = "tests: an arm that cannot be reached is a failed test")]

use maestro_core::audit::{self, MAX_LOG_BYTES};
use maestro_core::chain::ChainKey;
use maestro_core::face::RunRequest;
use maestro_core::report::{ClassReport, Handed, Status, Tally};
use maestro_core::rng::RngKind;
use maestro_core::scenario;

fn log(id: &str, seed: u64, choices: &[&str]) -> Vec<u8> {
    let Ok(info) = scenario::find(id) else { unreachable!("{id} is registered") };
    let req = RunRequest {
        seed,
        rng: RngKind::ChaCha,
        knobs: Vec::new(),
        choices: choices.iter().map(|c| c.to_string()).collect(),
    };
    match audit::run_request(info, &req).and_then(|run| run.to_jsonl().map_err(|e| e.said())) {
        Ok(text) => text.into_bytes(),
        Err(e) => unreachable!("the run must be written: {e}"),
    }
}

const APPROVE: [&str; 3] = ["coaching:approve", "auth:approve", "finalize:approve"];
const REJECT: [&str; 2] = ["coaching:approve", "auth:reject"];
const DENY: [&str; 1] = ["coaching:deny"];

/// Thirty files: 22 good runs of three kinds, then the trouble.
fn class() -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for i in 0..22 {
        let choices: &[&str] = match i % 3 {
            0 => &APPROVE,
            1 => &REJECT,
            _ => &DENY,
        };
        files.push((format!("student-{i:02}.jsonl"), log("emergency-contract", 42, choices)));
    }
    let good = log("emergency-contract", 42, &REJECT);
    let text = String::from_utf8(good.clone()).unwrap_or_default();
    // 22: a tampered decision (one row's field changed, its hash kept).
    let tampered = text.replacen("\"decision\": \"RUN\"", "\"decision\": \"STOPPED\"", 1);
    files.push(("tampered-row.jsonl".into(), tampered.into_bytes()));
    // 23: a row removed from the middle.
    let lines: Vec<&str> = text.lines().collect();
    let mut cut: Vec<&str> = lines.clone();
    cut.remove(3);
    files.push(("missing-row.jsonl".into(), (cut.join("\n") + "\n").into_bytes()));
    // 24: another scenario.
    files.push(("other.jsonl".into(), log("definition-gate", 3, &["def:approve"])));
    // 25: the same file handed in twice.
    files.push(("student-00.jsonl".into(), log("emergency-contract", 42, &APPROVE)));
    // 26: not a log.
    files.push(("essay.txt".into(), b"My essay about orchestration.\n".to_vec()));
    // 27: a newer format.
    let newer = text.replacen("\"format_version\": 1", "\"format_version\": 9", 1);
    files.push(("newer.jsonl".into(), newer.into_bytes()));
    // 28: an unknown scenario.
    let unknown =
        text.replacen("\"scenario\": \"emergency-contract\"", "\"scenario\": \"moon-landing\"", 1);
    files.push(("unknown.jsonl".into(), unknown.into_bytes()));
    // 29: a name a spreadsheet would run, same bytes as a good file (the same run, not a duplicate).
    files.push(("=HYPERLINK(\"x\").jsonl".into(), good));
    files
}

fn report_of(files: &[(String, Vec<u8>)]) -> ClassReport {
    let handed: Vec<Handed<'_>> =
        files.iter().map(|(n, b)| Handed { name: n, size: b.len(), bytes: b }).collect();
    ClassReport::of(&handed, &ChainKey::demo())
}

#[test]
fn every_file_gets_its_verdict_and_the_rest_of_the_class_is_still_reported() {
    let files = class();
    assert_eq!(files.len(), 30);
    let r = report_of(&files);
    let status: Vec<Status> = r.files.iter().map(|e| e.status).collect();
    for (i, s) in status.iter().enumerate().take(22) {
        assert_eq!(*s, Status::Reproduced, "file {i}: {:?}", r.files[i].message);
    }
    assert_eq!(
        &status[22..],
        &[
            Status::Broken,
            Status::Broken,
            Status::Reproduced,
            Status::Duplicate,
            Status::Unreadable,
            Status::Unreadable,
            Status::UnknownScenario,
            Status::Reproduced,
        ]
    );
    assert_eq!(r.reproduced, 24);
    assert!(!r.all_reproduced());
    // The broken rows are named, with the verifier's own words.
    assert_eq!(r.files[22].row, Some(1));
    assert!(
        r.files[22].message.en.starts_with("chain broken: row_hash mismatch"),
        "{:?}",
        r.files[22].message
    );
    assert!(
        r.files[23].message.en.starts_with("chain broken: prev_hash mismatch"),
        "{:?}",
        r.files[23].message
    );
    assert!(r.files[25].message.en.contains("the same file as line 1"));
    assert!(r.files[25].message.ja.contains("1 行目と同じファイル"));
    assert!(r.files[26].message.en.contains("line 1 is not JSON"), "{:?}", r.files[26].message);
    assert!(r.files[27].message.en.contains("newer"), "{:?}", r.files[27].message);
    assert!(r.files[28].message.en.contains("moon-landing"), "{:?}", r.files[28].message);
    // What the header says is shown even for a file that does not check out.
    assert_eq!(r.files[22].scenario, "emergency-contract");
    assert_eq!(r.files[22].seed, Some(42));
    assert_eq!(r.files[22].choices, ["coaching:approve", "auth:reject"]);
    assert_eq!(r.files[26].outcome, None);
}

#[test]
fn the_summary_counts_the_reproduced_runs_per_decision_point_and_end() {
    let r = report_of(&class());
    assert_eq!(r.scenarios.len(), 2);
    let s = &r.scenarios[0];
    assert_eq!((s.scenario.as_str(), s.logs), ("emergency-contract", 23));
    let t = |label: &str, count: usize| Tally { label: label.into(), count };
    let points: Vec<(usize, &str, &[Tally])> =
        s.points.iter().map(|p| (p.index, p.point.as_str(), p.answers.as_slice())).collect();
    assert_eq!(
        points,
        [
            (1, "coaching", &[t("approve", 16), t("deny", 7)][..]),
            (2, "auth", &[t("approve", 8), t("reject", 8)][..]),
            (3, "finalize", &[t("approve", 8)][..]),
        ]
    );
    let ends: Vec<(&str, usize)> = s.ends.iter().map(|e| (e.label.as_str(), e.count)).collect();
    assert_eq!(ends.iter().map(|e| e.1).sum::<usize>(), 23);
    assert!(ends.contains(&("CONTRACT_EFFECTIVE", 8)), "{ends:?}");
    assert_eq!(r.scenarios[1].scenario, "definition-gate");
    assert_eq!(r.scenarios[1].logs, 1);
}

#[test]
fn files_holding_the_same_run_are_grouped_and_a_duplicate_is_not() {
    let r = report_of(&class());
    assert_eq!(r.groups.len(), 3);
    // Approve-all runs: 0, 3, ..., 21 (8 files); the duplicate of file 0 is not a member.
    assert_eq!(r.groups[0], vec![0, 3, 6, 9, 12, 15, 18, 21]);
    // Reject runs: 1, 4, ..., 19 and the oddly named copy.
    assert_eq!(r.groups[1], vec![1, 4, 7, 10, 13, 16, 19, 29]);
    assert_eq!(r.files[29].run, Some(2));
    assert_eq!(r.files[25].run, None);
    assert_eq!(r.files[24].run, None, "a run nobody else holds has no group");
}

#[test]
fn the_csv_has_a_line_per_file_and_quotes_what_a_spreadsheet_would_misread() {
    let r = report_of(&class());
    let csv = r.csv(false);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines.len(), 32, "header, 30 files, and the empty end");
    assert_eq!(
        lines[0],
        "file,scenario,seed,choices,state,reason,sealed,status,broken_row,run,message"
    );
    assert!(lines[1].starts_with("student-00.jsonl,emergency-contract,42,coaching:approve auth:approve finalize:approve,CONTRACT_EFFECTIVE,"), "{}", lines[1]);
    assert!(lines[23].contains(",broken,1,,\"chain broken: row_hash mismatch"), "{}", lines[23]);
    assert!(lines[30].starts_with("\"'=HYPERLINK(\"\"x\"\").jsonl\","), "{}", lines[30]);
    let ja = r.csv(true);
    assert!(ja.contains("チェーンが壊れています"));
}

#[test]
fn a_file_over_the_limit_is_refused_by_its_size_without_being_read() {
    let files = [Handed { name: "huge.jsonl", size: MAX_LOG_BYTES + 1, bytes: &[] }];
    let r = ClassReport::of(&files, &ChainKey::demo());
    assert_eq!(r.files[0].status, Status::Unreadable);
    assert!(r.files[0].message.en.contains("4 MiB"), "{:?}", r.files[0].message);
    assert_eq!(r.reproduced, 0);
    assert!(ClassReport::of(&[], &ChainKey::demo()).all_reproduced());
}

#[test]
fn a_log_signed_with_another_key_is_broken_under_the_class_key() {
    let good = log("emergency-contract", 7, &APPROVE);
    let other = match ChainKey::custom("file:other.key".into(), b"another key".to_vec()) {
        Ok(k) => k,
        Err(e) => unreachable!("{e}"),
    };
    let r = ClassReport::of(&[Handed { name: "a", size: good.len(), bytes: &good }], &other);
    assert_eq!(r.files[0].status, Status::Broken);
}

#[test]
fn the_report_as_json_names_statuses_by_their_codes() {
    let r = report_of(&class());
    let v: serde_json::Value = match serde_json::from_str(&r.to_json()) {
        Ok(v) => v,
        Err(e) => unreachable!("{e}"),
    };
    assert_eq!(v["files"][25]["status"], "duplicate");
    assert_eq!(v["files"][28]["status"], "unknown_scenario");
    assert_eq!(
        v["files"][22]["message"]["ja"].as_str().map(|s| s.starts_with("チェーン")),
        Some(true)
    );
    assert_eq!(v["reproduced"], 24);
}
