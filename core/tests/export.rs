//! A run log exported as OpenTelemetry traces (`maestro_core::export::otlp`), over every golden
//! log of the registry: deterministic bytes, one trace per run, a root span and a span per row
//! linked to it, ids as OTLP wants them, times from the simulated clock, the HITL events.
#![allow(clippy::unreachable, reason = "tests: an arm that cannot be reached is a failed test")]
#![allow(clippy::indexing_slicing, reason = "test helpers: a panic is a failed test")]

use std::path::Path;

use maestro_core::audit::import;
use maestro_core::export::{ExportError, otlp};
use serde_json::Value;

fn golden_logs() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/runs");
    let mut out = Vec::new();
    for dir in std::fs::read_dir(&root).map(|d| d.flatten().collect::<Vec<_>>()).unwrap_or_default()
    {
        for f in std::fs::read_dir(dir.path())
            .map(|d| d.flatten().collect::<Vec<_>>())
            .unwrap_or_default()
        {
            let name = format!(
                "{}/{}",
                dir.file_name().to_string_lossy(),
                f.file_name().to_string_lossy()
            );
            out.push((name, std::fs::read(f.path()).unwrap_or_default()));
        }
    }
    out.sort();
    assert!(out.len() >= 100, "the golden logs are missing: {}", out.len());
    out
}

fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len
        && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && s.bytes().any(|b| b != b'0')
}

fn attrs(span: &Value) -> Vec<(String, Value)> {
    span["attributes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| (a["key"].as_str().unwrap_or("").to_string(), a["value"].clone()))
        .collect()
}

fn attr<'a>(list: &'a [(String, Value)], key: &str) -> Option<&'a Value> {
    list.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

#[test]
fn every_golden_log_exports_as_one_trace_per_run_with_a_span_per_row() {
    for (name, bytes) in golden_logs() {
        let log = import(&bytes).unwrap_or_else(|e| unreachable!("{name}: {e}"));
        let text = otlp(&log).unwrap_or_else(|e| unreachable!("{name}: {e}"));
        assert_eq!(otlp(&log).as_deref(), Ok(text.as_str()), "{name}: the same log, other bytes");
        assert!(text.ends_with('\n'));
        // One line per run, in order of the rows' run ids.
        let mut runs: Vec<&str> = Vec::new();
        for r in &log.rows {
            let id = r.fields.get("run_id").and_then(Value::as_str).unwrap_or("");
            if !runs.contains(&id) {
                runs.push(id);
            }
        }
        let lines: Vec<Value> =
            text.lines().map(|l| serde_json::from_str(l).unwrap_or_default()).collect();
        assert_eq!(lines.len(), runs.len(), "{name}");
        let mut traces = std::collections::BTreeSet::new();
        let mut rows_seen = 0;
        for (line, run) in lines.iter().zip(&runs) {
            let scope = &line["resourceSpans"][0]["scopeSpans"][0];
            assert_eq!(scope["scope"]["name"], "maestro-bench");
            let spans = scope["spans"].as_array().cloned().unwrap_or_default();
            let root = &spans[0];
            let trace = root["traceId"].as_str().unwrap_or("");
            assert!(is_hex(trace, 32), "{name}: trace id {trace}");
            assert!(traces.insert(trace.to_string()), "{name}: a trace id twice");
            let root_id = root["spanId"].as_str().unwrap_or("");
            assert!(is_hex(root_id, 16), "{name}: span id {root_id}");
            assert!(root.get("parentSpanId").is_none());
            let scenario = log.header.as_ref().map(|h| h.scenario.clone()).unwrap_or_default();
            assert_eq!(root["name"], format!("invoke_agent {scenario}"));
            assert_eq!(attr(&attrs(root), "maestro.run_id"), Some(&Value::from(json_str(run))));
            let mut ids = std::collections::BTreeSet::new();
            ids.insert(root_id.to_string());
            let time = |s: &Value, k: &str| -> u128 {
                s[k].as_str()
                    .and_then(|t| t.parse().ok())
                    .unwrap_or_else(|| unreachable!("{name}: {k}"))
            };
            for span in &spans[1..] {
                rows_seen += 1;
                assert_eq!(span["traceId"], trace);
                assert_eq!(span["parentSpanId"], root_id);
                assert_eq!(span["kind"], 1);
                let id = span["spanId"].as_str().unwrap_or("");
                assert!(is_hex(id, 16) && ids.insert(id.to_string()), "{name}: span id {id}");
                assert!(time(span, "startTimeUnixNano") <= time(span, "endTimeUnixNano"));
                assert!(time(root, "startTimeUnixNano") <= time(span, "startTimeUnixNano"));
                assert!(time(span, "endTimeUnixNano") <= time(root, "endTimeUnixNano"));
                let a = attrs(span);
                let decision = attr(&a, "maestro.decision").and_then(|v| v["stringValue"].as_str());
                let span_name = span["name"].as_str().unwrap_or("");
                if span_name.starts_with("apply_guardrail ") {
                    let expected = match decision {
                        Some("RUN") => "allow",
                        Some("PAUSE_FOR_HITL") => "escalate",
                        _ => "deny",
                    };
                    let said = attr(&a, "gen_ai.security.decision.type");
                    assert_eq!(said.and_then(|v| v["stringValue"].as_str()), Some(expected));
                } else {
                    assert!(span_name.starts_with("execute_tool "), "{name}: {span_name}");
                }
                for key in [
                    "maestro.reason_code",
                    "maestro.final_decider",
                    "maestro.sealed",
                    "maestro.row_hash",
                ] {
                    assert!(attr(&a, key).is_some(), "{name}: {key}");
                }
                let events: Vec<&str> = span["events"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|e| e["name"].as_str())
                    .collect();
                assert_eq!(
                    events.contains(&"maestro.hitl.pause"),
                    decision == Some("PAUSE_FOR_HITL"),
                    "{name}"
                );
                let decider =
                    attr(&a, "maestro.final_decider").and_then(|v| v["stringValue"].as_str());
                assert_eq!(
                    events.contains(&"maestro.hitl.answer"),
                    matches!(decider, Some("USER" | "ADMIN")),
                    "{name}"
                );
            }
        }
        assert_eq!(rows_seen, log.rows.len(), "{name}: a span per row");
    }
}

fn json_str(s: &str) -> serde_json::Map<String, Value> {
    let mut m = serde_json::Map::new();
    m.insert("stringValue".into(), Value::from(s));
    m
}

#[test]
fn a_session_of_several_runs_is_one_trace_per_run_and_different_answers_differ() {
    let session = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/golden/runs/emergency-v5.0.1/01-asked-first.arl.jsonl"),
    )
    .unwrap_or_default();
    let log = import(&session).unwrap_or_else(|e| unreachable!("{e}"));
    let text = otlp(&log).unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(text.lines().count(), 4, "a v5.0.1 session of four runs");
    // Two runs of the same scenario, seed and generator that differ in one answer.
    let run = |choices: &[&str]| {
        let req = maestro_core::face::RunRequest {
            choices: choices.iter().map(|c| c.to_string()).collect(),
            ..maestro_core::face::RunRequest::default()
        };
        let info = maestro_core::scenario::find("emergency-contract")
            .unwrap_or_else(|e| unreachable!("{e}"));
        let mut r = (info.open)(&req).unwrap_or_else(|e| unreachable!("{e}"));
        while r.advance() == maestro_core::face::Advance::Row {}
        let text = r.to_jsonl().unwrap_or_else(|e| unreachable!("{e}"));
        otlp(&import(text.as_bytes()).unwrap_or_else(|e| unreachable!("{e}"))).unwrap_or_default()
    };
    let (a, b) =
        (run(&["coaching:approve", "auth:approve"]), run(&["coaching:approve", "auth:reject"]));
    let trace =
        |t: &str| t.split("\"traceId\":\"").nth(1).map(|s| s.get(..32).unwrap_or("").to_string());
    assert_ne!(trace(&a), trace(&b));
}

#[test]
fn a_log_without_header_or_with_a_bad_time_is_refused_with_its_reason() {
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/golden/runs/tool-proxy/default.arl.jsonl"),
    )
    .unwrap_or_default();
    let text = String::from_utf8(bytes).unwrap_or_default();
    let rows_only: String =
        text.lines().filter(|l| !l.starts_with("{\"record\"")).map(|l| format!("{l}\n")).collect();
    let log = import(rows_only.as_bytes()).unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(otlp(&log), Err(ExportError::NoHeader));
    let broken = text.replacen("\"ts\": \"2026-", "\"ts\": \"26-", 1);
    let log = import(broken.as_bytes()).unwrap_or_else(|e| unreachable!("{e}"));
    let err = otlp(&log).err();
    assert_eq!(err, Some(ExportError::BadTime { line: 2 }));
    assert!(
        err.map(|e| e.to_string())
            .is_some_and(|m| m.starts_with("line 2: the row's `ts` is not an ISO time"))
    );
}
