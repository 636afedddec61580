//! End-to-end tests of the `maestro` binary: real processes, real files, exit codes.
#![allow(clippy::unreachable, reason = "tests: an arm that cannot be reached is a failed test")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn maestro(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_maestro")).args(args).output();
    out.unwrap_or_else(|e| unreachable!("cannot start maestro: {e}"))
}

fn golden(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/golden/reference").join(path)
}

fn incidents() -> Vec<PathBuf> {
    (1..=4)
        .map(|i| golden(&format!("arl_fabricate4/INC#00000{i}__SIM#B0000{i}.arl.jsonl")))
        .collect()
}

/// A scratch file under the target directory, unique to this test.
fn scratch(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-tests");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(name);
    let _ = std::fs::write(&path, bytes);
    path
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn scenarios_prints_one_json_object_per_line() {
    let out = maestro(&["scenarios"]);
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or(serde_json::Value::Null))
        .collect();
    assert!(!lines.is_empty());
    for line in &lines {
        for field in ["id", "family", "title"] {
            assert!(line[field].as_str().is_some_and(|s| !s.is_empty()), "{field} in {line}");
        }
    }
    assert!(lines.iter().any(|l| l["id"] == "emergency-contract"));
}

#[test]
fn codebook_prints_the_reference_codebook() {
    let out = maestro(&["codebook"]);
    assert!(out.status.success());
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let reference = std::fs::read(golden("log_codebook_v5_1_demo_1.json")).unwrap_or_default();
    let reference: serde_json::Value = serde_json::from_slice(&reference).unwrap_or_default();
    assert!(reference.is_object());
    assert_eq!(printed["maps"], reference["maps"]);
    assert_eq!(printed["reverse_maps"], reference["reverse_maps"]);
    assert_eq!(printed, reference);
}

#[test]
fn verify_accepts_every_reference_incident_file() {
    for file in incidents() {
        let out = maestro(&["verify", file.to_str().unwrap_or("")]);
        assert_eq!(out.status.code(), Some(0), "{}: {}", file.display(), text(&out.stderr));
        assert_eq!(text(&out.stdout), "chain intact: 9 rows verified with key `demo`\n");
    }
}

#[test]
fn verify_rejects_a_tampered_file_with_the_row_index() {
    let original = text(&std::fs::read(&incidents()[2]).unwrap_or_default());
    let tampered = original.replacen(
        "\"reason_code\": \"EVIDENCE_FABRICATION\"",
        "\"reason_code\": \"EVIDENCE_OK\"",
        1,
    );
    let path = scratch("tampered.arl.jsonl", tampered.as_bytes());
    let out = maestro(&["verify", path.to_str().unwrap_or("")]);
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out.stdout);
    assert!(said.starts_with("chain broken: row_hash mismatch at i=4 (row 5, line 5)"), "{said}");

    // Dropping a row breaks the link of the next one.
    let dropped: String = original
        .lines()
        .enumerate()
        .filter(|(i, _)| *i != 2)
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    let path = scratch("dropped.arl.jsonl", dropped.as_bytes());
    let out = maestro(&["verify", path.to_str().unwrap_or("")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).starts_with("chain broken: prev_hash mismatch at i=2 (row 3, line 3)")
    );
}

#[test]
fn verify_reports_unusable_files_with_exit_2_and_the_line() {
    let cases: [(&str, &[u8], &str); 5] = [
        ("empty.jsonl", b"", "holds no rows"),
        ("notjson.jsonl", b"{\"a\": 1\n", "line 1 is not JSON"),
        ("array.jsonl", b"\n[1]\n", "line 2 is not a JSON object"),
        ("missing.jsonl", b"{\"run_id\": \"x\"}\n", "line 1 has no `layer` field"),
        ("latin1.jsonl", b"{\"run_id\": \"\xe9\"}\n", "line 1 is not valid UTF-8"),
    ];
    for (name, bytes, expected) in cases {
        let path = scratch(name, bytes);
        let out = maestro(&["verify", path.to_str().unwrap_or("")]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(text(&out.stderr).contains(expected), "{name}: {}", text(&out.stderr));
        assert!(out.stdout.is_empty(), "{name}");
    }
    let out = maestro(&["verify", "/no/such/file.arl.jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read `/no/such/file.arl.jsonl`"));
}

#[test]
fn verify_takes_keys_from_files_and_the_environment() {
    let file = incidents()[0].clone();
    let file = file.to_str().unwrap_or("");
    let key = scratch("demo.key", b"DEMO_KEY_DO_NOT_USE_IN_PROD");
    let key = key.to_str().unwrap_or("");
    let out = maestro(&["verify", file, "--key-mode", "file", "--key-file", key]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("key `file:demo.key`"));

    let wrong = scratch("wrong.key", b"not the key");
    let wrong = wrong.to_str().unwrap_or("");
    let out = maestro(&["verify", file, "--key-mode", "FILE ", "--key-file", wrong]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("row_hash mismatch at i=0"));

    let out = Command::new(env!("CARGO_BIN_EXE_maestro"))
        .args(["verify", file, "--key-mode", "env", "--key-env", "MAESTRO_TEST_KEY"])
        .env("MAESTRO_TEST_KEY", "DEMO_KEY_DO_NOT_USE_IN_PROD")
        .output();
    let out = out.unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    let unusable: [(&[&str], &str); 4] = [
        (
            &["--key-mode", "env", "--key-env", "MAESTRO_SURELY_UNSET_VAR"],
            "`MAESTRO_SURELY_UNSET_VAR` is not set",
        ),
        (&["--key-mode", "file"], "needs `--key-file PATH`"),
        (&["--key-mode", "file", "--key-file", "/no/such.key"], "cannot read key file"),
        (&["--key-mode", "vault"], "unknown key mode `vault`"),
    ];
    for (args, expected) in unusable {
        let mut all = vec!["verify", file];
        all.extend_from_slice(args);
        let out = maestro(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains(expected), "{args:?}: {}", text(&out.stderr));
    }
    let empty = scratch("empty.key", b"");
    let out = maestro(&[
        "verify",
        file,
        "--key-mode",
        "file",
        "--key-file",
        empty.to_str().unwrap_or(""),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("key `file:empty.key` is empty"));
}

#[test]
fn unknown_commands_and_missing_arguments_exit_2() {
    assert_eq!(maestro(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(maestro(&["verify"]).status.code(), Some(2));
}

// ---------------------------------------------------------------- emergency-contract

fn json_out(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null)
}

fn fresh_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-tests").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    dir
}

#[test]
fn the_batch_reproduces_the_reference_mixed_figure() {
    let out = maestro(&[
        "emergency-contract",
        "--runs",
        "100",
        "--fabricate-rate",
        "0.10",
        "--seed",
        "42",
        "--rng",
        "cpython-mt",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let doc = json_out(&out);
    assert_eq!(
        doc["repro_summary"]["summary"]["by_state"],
        serde_json::json!({"CONTRACT_EFFECTIVE": 87, "STOPPED": 13})
    );
    assert_eq!(doc["hitl_queue"]["counts"]["queue_size"], 13);
    assert!(doc["trust_after"]["trust_score"].is_f64());
    assert_eq!(doc["meta"]["seed"], 42);
    let keys: Vec<&String> = doc.as_object().map(|o| o.keys().collect()).unwrap_or_default();
    assert_eq!(
        keys,
        [
            "meta",
            "trust_before",
            "eval_before",
            "abnormal_arl_persistence",
            "runs_sample",
            "trust_after",
            "eval_after",
            "hitl_queue",
            "repro_summary"
        ]
    );
    // No progress bar when stderr is not a terminal.
    assert!(out.stderr.is_empty());
}

#[test]
fn incidents_index_and_counter_persist_across_invocations() {
    let dir = fresh_dir("arl");
    let d = dir.to_str().unwrap_or("");
    let args = [
        "emergency-contract",
        "--fabricate",
        "--runs",
        "3",
        "--save-arl-on-abnormal",
        "--arl-out-dir",
        d,
        "--full-context-n",
        "5",
    ];
    assert_eq!(maestro(&args).status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.join("incident_counter.txt")).ok().as_deref(),
        Some("4")
    );
    assert_eq!(maestro(&args).status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.join("incident_counter.txt")).ok().as_deref(),
        Some("7")
    );
    let index = std::fs::read_to_string(dir.join("incident_index.jsonl")).unwrap_or_default();
    let lines: Vec<serde_json::Value> =
        index.lines().map(|l| serde_json::from_str(l).unwrap_or_default()).collect();
    assert_eq!(lines.len(), 6);
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line["incident_id"], format!("INC#{:06}", i + 1));
        let path = line["arl_path"].as_str().unwrap_or("");
        assert!(Path::new(path).exists(), "{path}");
        let verified = maestro(&["verify", path]);
        assert_eq!(verified.status.code(), Some(0), "{path}: {}", text(&verified.stdout));
        assert_eq!(text(&verified.stdout), "chain intact: 9 rows verified with key `demo`\n");
    }
    assert_eq!(lines[3]["run_id"], "SIM#B00001");
}

#[test]
fn the_batch_writes_its_result_queue_and_stores_and_reads_the_stores_back() {
    let dir = fresh_dir("stores");
    let d = |n: &str| dir.join(n).to_str().unwrap_or("").to_string();
    let out = maestro(&[
        "emergency-contract",
        "--runs",
        "2",
        "--fabricate",
        "--out",
        &d("result.json"),
        "--queue-csv",
        &d("queue.csv"),
        "--store-dir",
        &d("s"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d("result.json")).unwrap_or_default())
            .unwrap_or_default();
    assert_eq!(doc["trust_after"]["trust_score"], 0.84);
    let csv = std::fs::read_to_string(d("queue.csv")).unwrap_or_default();
    let mut rows = csv.split("\r\n");
    assert_eq!(
        rows.next(),
        Some(
            "run_id,final_state,sealed,primary_reason_code,primary_layer,overrideable,final_decider,snapshot_json"
        )
    );
    let first = rows.next().unwrap_or("");
    assert!(first.starts_with("SIM#B00001,STOPPED,True,EVIDENCE_FABRICATION,ethics_gate,False,SYSTEM,\"{\"\"layer\"\": \"\"ethics_gate\"\""), "{first}");
    // The next batch starts from the stores.
    let out = maestro(&[
        "emergency-contract",
        "--runs",
        "1",
        "--fabricate",
        "--no-reset",
        "--no-reset-eval",
        "--store-dir",
        &d("s"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let doc = json_out(&out);
    assert_eq!(doc["trust_before"]["trust_score"], 0.84);
    assert_eq!(doc["trust_after"]["trust_score"], 0.8099999999999999);
}

#[test]
fn the_batch_rejects_bad_values_without_writing_anything() {
    let dir = fresh_dir("bad");
    let result = dir.join("result.json");
    let r = result.to_str().unwrap_or("");
    let cases: [(&[&str], &str); 7] = [
        (&["--fabricate-rate", "1.5"], "`--fabricate-rate` must lie in [0, 1], not 1.5"),
        (&["--fabricate-rate", "-0.1"], "`--fabricate-rate` must lie in [0, 1], not -0.1"),
        (&["--runs", "-3"], "`--runs` must be ≥ 0, not -3"),
        (
            &["--key-mode", "file", "--key-file", "/no/such.key"],
            "cannot read key file `/no/such.key`",
        ),
        (&["--knob", "evidence=forged"], "knob `evidence`: `forged` is not one of"),
        (&["--rng", "mt"], "unknown generator `mt`"),
        (&["--no-reset"], "need `--store-dir DIR`"),
    ];
    for (args, expected) in cases {
        let mut all = vec!["emergency-contract", "--out", r];
        all.extend_from_slice(args);
        let out = maestro(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains(expected), "{args:?}: {}", text(&out.stderr));
        assert!(!result.exists(), "{args:?} wrote output");
    }
}

// ---------------------------------------------------------------- run, knobs, bench

#[test]
fn run_prints_a_reproducible_verifiable_log() {
    let args = [
        "run",
        "emergency-contract",
        "--seed",
        "9",
        "--knob",
        "initial_trust=0.95",
        "--choices",
        "auth:approve,finalize:stop",
    ];
    let a = maestro(&args);
    let b = maestro(&args);
    assert_eq!(a.status.code(), Some(0), "{}", text(&a.stderr));
    assert_eq!(a.stdout, b.stdout);
    let log = text(&a.stdout);
    let lines: Vec<serde_json::Value> =
        log.lines().map(|l| serde_json::from_str(l).unwrap_or_default()).collect();
    assert_eq!(lines[0]["record"], "header");
    assert_eq!(lines[0]["choices"], serde_json::json!(["auth:approve", "finalize:stop"]));
    assert_eq!(lines[0]["knobs"]["initial_trust"], "0.95");
    assert_eq!(lines.last().map(|l| l["record"].clone()), Some("digest".into()));
    assert!(
        lines.iter().any(|l| l["reason_code"] == "FINALIZE_STOP" && l["final_decider"] == "ADMIN")
    );
    let path = scratch("run.arl.jsonl", &a.stdout);
    let verified = maestro(&["verify", path.to_str().unwrap_or("")]);
    assert_eq!(verified.status.code(), Some(0));
    assert!(text(&verified.stdout).ends_with("digest matches\n"));
    // `--then wait` stops at the first unanswered decision, as the web app does.
    let waiting = text(&maestro(&["run", "emergency-contract", "--then", "wait"]).stdout);
    let last_row = waiting.lines().rev().nth(1).unwrap_or("");
    assert!(last_row.contains("\"reason_code\": \"COACHING_AUTH_REQUIRED\""), "{last_row}");
}

#[test]
fn run_rejects_unknown_scenarios_choices_and_knobs() {
    let cases: [(&[&str], &str); 7] = [
        (
            &["run", "poker"],
            "unknown scenario `poker` (known: `emergency-contract`, `definition-gate`, `confidential-loop-guard`, `loop-budget`, `tool-proxy`, `orchestrator-mediator`, `kage3-v1.2.4`, `kage3-v1.3.5`, `kage-emergency`, `emergency-v1`, `emergency-v4.1`, `emergency-v5.0.1`, `negotiation-steering`, `alliance-persuasion`, `hierarchy-dynamics`, `reeducation-dynamics`, `all-in-one-mediation`, `governance-mediation`, `pacd`, `hitl-reset-ban`)",
        ),
        (
            &["run", "definition-gate", "--knob", "routing=maybe"],
            "knob `routing`: `maybe` is not `true` or `false`",
        ),
        (&["run", "definition-gate", "--knob", "routing"], "`--knob routing` must be NAME=VALUE"),
        (
            &["run", "definition-gate", "--key-mode", "env", "--key-env", "K"],
            "other key modes are for emergency-contract",
        ),
        (&["run", "emergency-contract", "--choices", "auth:maybe"], "unknown choice `auth:maybe`"),
        (
            &["run", "emergency-contract", "--knob", "initial_trust=2"],
            "knob `initial_trust`: 2 is outside [0, 1]",
        ),
        (&["run", "emergency-contract", "--knob", "stress"], "`--knob stress` must be NAME=VALUE"),
    ];
    for (args, expected) in cases {
        let out = maestro(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains(expected), "{args:?}: {}", text(&out.stderr));
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn knobs_and_bench_print_json_lines() {
    let out = maestro(&["knobs", "emergency-contract"]);
    assert_eq!(out.status.code(), Some(0));
    let names: Vec<String> = text(&out.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap_or_default()["name"]
                .as_str()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    assert!(names.contains(&"fabricate_rate".to_string()) && names.contains(&"stress".to_string()));
    let out = maestro(&["bench", "emergency-contract", "--runs", "2000", "--repeat", "1"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let figures = json_out(&out);
    assert_eq!(figures["runs"], 2000);
    assert!(figures["runs_per_second"].as_f64().unwrap_or(0.0) > 0.0);
}

fn run_log(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/golden/audit").join(name)
}

#[test]
fn replay_reproduces_golden_run_logs_and_reports_divergence() {
    for name in ["approve-all", "coaching-deny", "fabricated", "auth-reject", "waiting"] {
        let path = run_log(&format!("{name}.arl.jsonl"));
        let out = maestro(&["replay", path.to_str().unwrap_or("")]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", text(&out.stderr));
        assert!(text(&out.stdout).starts_with("reproduced exactly: "), "{name}");
    }
    let original = std::fs::read(run_log("approve-all.arl.jsonl")).unwrap_or_default();
    let changed = text(&original).replacen("\"coaching:approve\"", "\"coaching:deny\"", 1);
    let path = scratch("replay-diverges.arl.jsonl", changed.as_bytes());
    let out = maestro(&["replay", path.to_str().unwrap_or("")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).starts_with("diverged at row 5 in reason_code"),
        "{}",
        text(&out.stdout)
    );
    // A file without a header names no run: unusable, exit 2.
    let incident = incidents().into_iter().next().unwrap_or_default();
    let out = maestro(&["replay", incident.to_str().unwrap_or("")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no header line"));
}

#[test]
fn diff_compares_files_and_links_with_exit_codes() {
    let a = run_log("approve-all.arl.jsonl");
    let b = run_log("coaching-deny.arl.jsonl");
    let (a, b) = (a.to_str().unwrap_or(""), b.to_str().unwrap_or(""));
    let out = maestro(&["diff", a, b]);
    assert_eq!(out.status.code(), Some(1));
    let printed = text(&out.stdout);
    assert!(printed.contains("first divergence at row 5: A hitl_coaching_auth RUN COACHING_APPROVE (ADMIN); B hitl_coaching_auth RUN COACHING_DENY (ADMIN)"), "{printed}");
    assert!(printed.contains("HITL choice 1 differs: A coaching:approve, B coaching:deny"));
    assert!(printed.lines().any(|l| l.starts_with("- coaching_event")), "{printed}");
    let out = maestro(&["diff", a, a]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("identical: 19 rows"));
    // A share link stands for the run it opens (here: the same run, waiting at its first
    // decision, so it differs from the finished log after row 3).
    let link = "https://example.org/bench/?v=1&s=emergency-contract&seed=3&rng=chacha&h=";
    let out = maestro(&["diff", link, a]);
    assert_eq!(out.status.code(), Some(2), "a link with a wrong checksum is unusable");
    assert!(text(&out.stderr).contains("checksum"), "{}", text(&out.stderr));
    let out = maestro(&["diff", "/no/such/file", a]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn docs_codebook_md_is_the_generated_document() {
    let out = maestro(&["codebook", "--markdown"]);
    assert!(out.status.success());
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/codebook.md");
    let file = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        text(&out.stdout) == file,
        "docs/codebook.md is stale: run `cargo run -p maestro-cli -- codebook --markdown > docs/codebook.md`"
    );
    for code in [
        "REL_BOUNDARY_UNSTABLE",
        "hitl_finalize_admin",
        "NON_OVERRIDABLE_SAFETY",
        "279837 = 0x4451D",
    ] {
        assert!(file.contains(code), "{code}");
    }
}

#[test]
fn run_link_prints_the_share_link_of_the_run() {
    let out = maestro(&["run", "emergency-contract", "--seed", "3", "--link"]);
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout).trim(),
        "?v=1&s=emergency-contract&seed=3&rng=chacha&c=coaching:approve,auth:approve,finalize:approve&h=55ae4fa8ddab"
    );
}

#[test]
fn run_drives_other_scenarios_through_the_registry() {
    let out = maestro(&["run", "definition-gate", "--choices", "def:approve"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> =
        text(&out.stdout).lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    let reasons: Vec<&str> = lines.iter().filter_map(|l| l["reason_code"].as_str()).collect();
    assert_eq!(reasons, ["DEFINITION_AMBIGUOUS", "HITL_APPROVED"]);
    let path = scratch("definition.arl.jsonl", &out.stdout);
    let verified = maestro(&["verify", path.to_str().unwrap_or("")]);
    assert_eq!(verified.status.code(), Some(0));
    let replayed = maestro(&["replay", path.to_str().unwrap_or("")]);
    assert_eq!(text(&replayed.stdout).trim(), "reproduced exactly: 2 rows");
    // `--then approve` answers every further decision with its first answer.
    let out = maestro(&["run", "definition-gate", "--link"]);
    assert!(text(&out.stdout).contains("&c=def:approve&"), "{}", text(&out.stdout));
    let out = maestro(&["knobs", "definition-gate"]);
    assert!(text(&out.stdout).lines().any(|l| l.contains("\"name\":\"pii_seeking_behavior\"")));
}

#[test]
fn benchmark_prints_the_report_and_exits_by_its_scorecard() {
    let out = maestro(&[
        "benchmark",
        "kage3-v1.3.5",
        "--profile",
        "stress",
        "--runs",
        "20",
        "--rng",
        "cpython-mt",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(report["overall_decision_counts"]["STOPPED"], 20);
    assert_eq!(report["stop_rate"], 1.0);
    assert_eq!(report["scorecard"]["pass"], true);
    assert!(report["elapsed_sec"].as_f64().is_some_and(|s| s >= 0.0));
    assert_eq!(report["repro_semantic_digest_sha256"].as_str().map(str::len), Some(64));
    // The baseline has no seal event: the reference's scorecard fails it (exit 1) unless told.
    let out = maestro(&["benchmark", "kage3-v1.3.5", "--profile", "baseline", "--runs", "5"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("scorecard"));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(report["scorecard"]["fail_reasons"], serde_json::json!(["NO_SEAL_EVENTS"]));
    let out = maestro(&[
        "benchmark",
        "kage3-v1.3.5",
        "--profile",
        "baseline",
        "--runs",
        "5",
        "--no-require-seal-events",
    ]);
    assert_eq!(out.status.code(), Some(0));
    // A custom run with the script's options.
    let out = maestro(&[
        "benchmark",
        "kage3-v1.3.5",
        "--runs",
        "8",
        "--prompt",
        "表を作って送って",
        "--p-continue",
        "0.5",
        "--faults",
        r#"{"word": {"pii": true}}"#,
        "--enable-runaway-seal",
        "--runaway-threshold",
        "1",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(report["config"]["faults"]["word"]["pii"], true);
    assert_eq!(report["runs"], 8);
}

#[test]
fn benchmark_writes_the_profiles_document_and_refuses_bad_options() {
    let path = scratch("profiles.json", b"");
    let p = path.to_string_lossy().into_owned();
    let out = maestro(&[
        "benchmark",
        "kage3-v1.3.5",
        "--all-profiles",
        "--runs",
        "30",
        "--rng",
        "cpython-mt",
        "--out",
        &p,
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap_or_default()).unwrap_or_default();
    assert_eq!(doc["module"], "ai_doc_orchestrator_kage3_v1_3_5");
    let names: Vec<&str> = doc["profiles"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["profile"]["name"].as_str())
        .collect();
    assert_eq!(names, ["baseline", "hitl_observe", "stress"]);
    assert_eq!(doc["profiles"][2]["derived"]["stop_rate"], 1.0);
    for (args, message) in [
        (vec!["benchmark", "emergency-contract"], "no benchmark suite"),
        (vec!["benchmark", "kage3-v1.3.5", "--profile", "nightly"], "unknown profile"),
        (vec!["benchmark", "kage3-v1.3.5", "--faults", "{"], "not JSON"),
        (vec!["benchmark", "kage3-v1.3.5", "--faults", r#"{"pdf": {}}"#], "unknown task kind"),
        (vec!["benchmark", "kage3-v1.3.5", "--p-continue", "1.5"], "[0, 1]"),
        (vec!["benchmark", "kage3-v1.3.5", "--runs", "0"], "from 1"),
        (vec!["benchmark", "kage3-v1.3.5", "--rng", "mt"], "cpython-mt"),
    ] {
        let out = maestro(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains(message), "{args:?}: {}", text(&out.stderr));
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn incidents_writes_one_verified_file_per_run_of_a_v501_session() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-tests/incidents-v501");
    let _ = std::fs::remove_dir_all(&dir);
    let d = dir.to_string_lossy().into_owned();
    let out = maestro(&[
        "incidents",
        "emergency-v5.0.1",
        "--knob",
        "runs=2",
        "--knob",
        "fabricate=true",
        "--out-dir",
        &d,
        "--full-context-n",
        "3",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> =
        text(&out.stdout).lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    assert_eq!(lines.last().map(|v| v["files"].clone()), Some(serde_json::json!(2)));
    for name in ["SIM#B00001.arl.jsonl", "SIM#B00002.arl.jsonl"] {
        let path = dir.join(name);
        let out = maestro(&["verify", &path.to_string_lossy()]);
        assert!(out.status.success(), "{name}: {}", text(&out.stdout));
    }
    // A cap of one file: the second abnormal run is counted, not written.
    let capped = dir.join("capped");
    let results = dir.join("res.json");
    let out = maestro(&[
        "incidents",
        "emergency-v5.0.1",
        "--knob",
        "runs=2",
        "--knob",
        "fabricate=true",
        "--out-dir",
        &capped.to_string_lossy(),
        "--max-arl-files",
        "1",
        "--results-json",
        &results.to_string_lossy(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let written = std::fs::read_dir(&capped).map(|d| d.count()).unwrap_or(0);
    assert_eq!(written, 1);
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&results).unwrap_or_default()).unwrap_or_default();
    let persistence = &doc["abnormal_arl_persistence"];
    assert_eq!(
        (persistence["saved"].as_u64(), persistence["skipped_by_cap"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(doc["runs"].as_array().map(Vec::len), Some(2));
    for (args, message) in [
        (vec!["incidents", "emergency-contract", "--out-dir", &d], "only `emergency-v5.0.1`"),
        (
            vec!["incidents", "emergency-v5.0.1", "--out-dir", &d, "--full-context-n", "101"],
            "at most 100",
        ),
        (vec!["incidents", "emergency-v5.0.1", "--out-dir", &d, "--knob", "runs=99"], "runs"),
    ] {
        let out = maestro(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains(message), "{args:?}: {}", text(&out.stderr));
    }
}

// ---------------------------------------------------------------- report

#[test]
fn report_checks_a_class_and_exits_by_the_worst_file() {
    let dir = fresh_dir("report");
    let run = |seed: &str, choices: &str| {
        let out = maestro(&["run", "emergency-contract", "--seed", seed, "--choices", choices]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        out.stdout
    };
    let a = run("5", "coaching:approve,auth:approve,finalize:approve");
    let b = run("5", "coaching:deny");
    let good: Vec<PathBuf> = [("a.jsonl", &a), ("b.jsonl", &b), ("c.jsonl", &a)]
        .iter()
        .map(|(n, bytes)| {
            let p = dir.join(n);
            let _ = std::fs::write(&p, bytes);
            p
        })
        .collect();
    let args = |paths: &[&PathBuf], extra: &[&str]| -> Vec<String> {
        let mut v = vec!["report".to_string()];
        v.extend(paths.iter().map(|p| p.display().to_string()));
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let call = |v: Vec<String>| maestro(&v.iter().map(String::as_str).collect::<Vec<_>>());

    // Every file intact and reproduced: exit 0; the summary and the group are printed.
    let csv = dir.join("class.csv");
    let out = call(args(&[&good[0], &good[1], &good[2]], &["--csv", &csv.display().to_string()]));
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("3 of 3 files intact and reproduced"), "{stdout}");
    assert!(stdout.contains("decision 1 coaching: approve 2, deny 1"), "{stdout}");
    assert!(stdout.contains("run 1: the same run in"), "{stdout}");
    let written = std::fs::read_to_string(&csv).unwrap_or_default();
    assert_eq!(written.lines().count(), 4, "{written}");
    assert!(written.contains(",reproduced,,1,reproduced exactly"), "{written}");

    // A tampered file: exit 1, its line names the broken row, the others are still reported.
    let tampered = text(&a).replacen("\"reason_code\": \"OK\"", "\"reason_code\": \"FINE\"", 1);
    let bad = scratch("report-tampered.jsonl", tampered.as_bytes());
    let out = call(args(&[&good[0], &bad], &[]));
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("broken"), "{stdout}");
    assert!(stdout.contains("row_hash mismatch at i=0"), "{stdout}");
    assert!(stdout.contains("1 of 2 files intact and reproduced"), "{stdout}");

    // A path that cannot be read: exit 2 naming it, the readable files still reported.
    let missing = dir.join("nobody.jsonl");
    let out = call(args(&[&good[0], &missing], &[]));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("nobody.jsonl"), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("1 of 1 files intact and reproduced"));

    // More than 200 files: exit 2 naming those not read.
    let many: Vec<&PathBuf> = std::iter::repeat_n(&good[0], 201).collect();
    let out = call(args(&many, &[]));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("at most 200 files; not read:"), "{}", text(&out.stderr));
    assert_eq!(maestro(&["report"]).status.code(), Some(2));
}

// ---------------------------------------------------------------- export

#[test]
fn export_writes_the_reference_files_of_a_verified_negotiation_log_only() {
    let dir = fresh_dir("export");
    let log = dir.join("neg.arl.jsonl");
    let out =
        maestro(&["run", "negotiation-steering", "--seed", "3", "--knob", "decider=defaults"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    std::fs::write(&log, &out.stdout).unwrap_or_default();
    let files = dir.join("files");
    let (l, f) = (log.to_string_lossy().into_owned(), files.to_string_lossy().into_owned());
    let out = maestro(&["export", &l, "--reference-files", &f]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let csv = std::fs::read_to_string(files.join("ai_negotiation_log.csv")).unwrap_or_default();
    assert!(
        csv.starts_with(
            "run_id,layer,decision,sealed,overrideable,final_decider,reason_code,agent,"
        )
    );
    // One CSV line per row of the log (its header and digest aside), `\r\n`-ended.
    let rows = text(&out.stdout).lines().count();
    assert_eq!(rows, 2);
    let log_rows = std::fs::read_to_string(&log).unwrap_or_default().lines().count() - 2;
    assert_eq!(csv.split("\r\n").filter(|l| !l.is_empty()).count(), log_rows + 1);
    let txt = std::fs::read_to_string(files.join("ai_negotiation_log.txt")).unwrap_or_default();
    assert!(txt.lines().next().is_some_and(|l| l.contains("] RUN_START run_id=R#")));
    assert!(txt.lines().last().is_some_and(|l| l.contains("] RUN_END run_id=")));

    // A tampered log is not exported (fail closed): exit 1, nothing written.
    let tampered = dir.join("tampered.arl.jsonl");
    let body = std::fs::read_to_string(&log).unwrap_or_default().replacen("\"A1\"", "\"A9\"", 1);
    std::fs::write(&tampered, body).unwrap_or_default();
    let elsewhere = dir.join("elsewhere");
    let e = elsewhere.to_string_lossy().into_owned();
    let out = maestro(&["export", &tampered.to_string_lossy(), "--reference-files", &e]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("not exported: chain broken"), "{}", text(&out.stdout));
    assert!(!elsewhere.exists());

    // OpenTelemetry traces on standard output; refused for the tampered log too.
    let out = maestro(&["export", &l, "--otlp"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let line: serde_json::Value =
        serde_json::from_str(text(&out.stdout).lines().next().unwrap_or("")).unwrap_or_default();
    let spans = &line["resourceSpans"][0]["scopeSpans"][0]["spans"];
    assert_eq!(spans.as_array().map(Vec::len), Some(log_rows + 1));
    assert_eq!(spans[0]["name"], "invoke_agent negotiation-steering");
    let out = maestro(&["export", &tampered.to_string_lossy(), "--otlp"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.iter().all(|b| *b != b'{'), "nothing exported");
    // One format at a time, and one is needed.
    for args in
        [vec!["export", l.as_str(), "--otlp", "--reference-files", &e], vec!["export", l.as_str()]]
    {
        assert_eq!(maestro(&args).status.code(), Some(2), "{args:?}");
    }

    // A scenario whose reference writes no files of its own: exit 2, named.
    let other = dir.join("other.arl.jsonl");
    let out = maestro(&["run", "pacd"]);
    std::fs::write(&other, &out.stdout).unwrap_or_default();
    let out = maestro(&["export", &other.to_string_lossy(), "--reference-files", &e]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("`pacd` has no reference files"), "{}", text(&out.stderr));
    assert!(!elsewhere.exists());
}
