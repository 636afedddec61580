//! End-to-end tests of the `maestro` binary: real processes, real files, exit codes.

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
    assert!(said.starts_with("chain broken: row_hash mismatch at i=4 (line 5)"), "{said}");

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
    assert!(text(&out.stdout).starts_with("chain broken: prev_hash mismatch at i=2 (line 3)"));
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
