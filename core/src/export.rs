//! A run log in other formats:
//!
//! - [`reference_files`]: the files the reference bench itself writes for the same run (its own
//!   layout, so tools built on the reference's outputs read ours). The formats are the
//!   scenarios' (each knows its reference's files); this module picks by the log's scenario.
//! - [`otlp`]: OpenTelemetry traces in the OTLP file exporter's JSON Lines (one `TracesData`
//!   object per line, one trace per run), for trace viewers (`docs/log-format.md` has the
//!   mapping).
//!
//! Both fail with a typed error on a log they cannot export, and both are pure functions of
//! the log's bytes: the same log always exports the same bytes.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::audit::Log;
use crate::json::Object;

/// Makes a scenario's reference files from a run's log rows.
pub type MakeFiles = fn(&[Object]) -> Vec<ExportFile>;

/// One exported file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportFile {
    /// Its name, as the reference names it.
    pub name: &'static str,
    /// Its text.
    pub text: String,
}

/// Why a log cannot be exported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportError {
    /// The log has no header line, so its scenario is unknown.
    NoHeader,
    /// The log's scenario has no reference files.
    NoReferenceFiles {
        /// The log's scenario.
        scenario: String,
    },
    /// A row's `ts` is not an ISO time, so its span has no time.
    BadTime {
        /// The row's line in the file.
        line: usize,
    },
}

impl core::fmt::Display for ExportError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ExportError::NoHeader => f.write_str(
                "the log has no header line, so its scenario is unknown (export a run log: `maestro run` or the web app's download)",
            ),
            ExportError::BadTime { line } => write!(
                f,
                "line {line}: the row's `ts` is not an ISO time (`YYYY-MM-DDTHH:MM:SS+09:00`), so it has no place in a trace"
            ),
            ExportError::NoReferenceFiles { scenario } => {
                write!(f, "`{scenario}` has no reference files to export (its reference bench writes none this bench reproduces)")
            }
        }
    }
}

impl core::error::Error for ExportError {}

impl ExportError {
    /// What is wrong, in both languages.
    pub fn said(&self) -> crate::say::Said {
        let ja = match self {
            ExportError::NoHeader => "ログに見出し行がないため、シナリオが分かりません(実行ログを書き出してください: `maestro run` か Web アプリのダウンロード)".to_string(),
            ExportError::BadTime { line } => format!(
                "{line} 行目: 行の `ts` が ISO 形式の時刻(`YYYY-MM-DDTHH:MM:SS+09:00`)ではないため、トレースに置けません"
            ),
            ExportError::NoReferenceFiles { scenario } => format!(
                "`{scenario}` には書き出す参照ファイルがありません(その参照ベンチが書くファイルでこのベンチが再現するものはありません)"
            ),
        };
        crate::say::Said::new(self.to_string(), ja)
    }
}

/// The files the reference bench writes for the run `log` holds.
pub fn reference_files(log: &Log) -> Result<Vec<ExportFile>, ExportError> {
    let header = log.header.as_ref().ok_or(ExportError::NoHeader)?;
    let make = crate::scenario::reference_files(&header.scenario)
        .ok_or_else(|| ExportError::NoReferenceFiles { scenario: header.scenario.clone() })?;
    let rows: Vec<Object> = log.rows.iter().map(|r| r.fields.clone()).collect();
    Ok(make(&rows))
}

/// The instrumentation scope and service name the traces carry.
const SERVICE: &str = "maestro-bench";
/// OTLP's `SPAN_KIND_INTERNAL`: every span stays inside the simulation.
const INTERNAL: u8 = 1;

/// The first `n` bytes of SHA-256(`text`) as lowercase hex, never all zeros (an invalid id in
/// OTLP): the last byte is set to 1 in that (astronomically unlikely) case.
fn id(text: &str, n: usize) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut bytes: Vec<u8> = digest.iter().copied().take(n).collect();
    if bytes.iter().all(|b| *b == 0)
        && let Some(last) = bytes.last_mut()
    {
        *last = 1;
    }
    crate::chain::hex(&bytes)
}

/// One OTLP attribute (`{key, value: {stringValue | boolValue | intValue}}`).
fn attr(key: &str, value: Value) -> Value {
    let typed = match value {
        Value::Bool(b) => json!({ "boolValue": b }),
        // OTLP/JSON writes 64-bit integers as decimal strings.
        Value::Number(n) if n.is_i64() || n.is_u64() => json!({ "intValue": n.to_string() }),
        Value::String(s) => json!({ "stringValue": s }),
        other => json!({ "stringValue": other.to_string() }),
    };
    json!({ "key": key, "value": typed })
}

/// A row's field as text (empty when missing).
fn field<'a>(row: &'a Object, key: &str) -> &'a str {
    row.get(key).and_then(Value::as_str).unwrap_or("")
}

/// The gen_ai guardrail decision of an ARL decision: `allow`, `deny`, or `escalate` (a human is
/// asked; the proposed conventions' open enum has no value for it).
fn decision_type(decision: &str) -> &'static str {
    match decision {
        "RUN" => "allow",
        "PAUSE_FOR_HITL" => "escalate",
        _ => "deny",
    }
}

/// The tool a row ran, when it records a side effect that really ran in the simulation: the
/// tool proxy's `executed` call, or a simulated contract effect.
fn tool_of(row: &Object) -> Option<String> {
    let evidence = row.get("evidence");
    let executed = evidence.and_then(|e| e.get("executed")).and_then(Value::as_bool);
    if executed == Some(true) {
        let tool = evidence.and_then(|e| e.get("attempted_tool")).and_then(Value::as_str);
        return Some(tool.unwrap_or("tool").to_string());
    }
    (row.get("simulated_effect").and_then(Value::as_bool) == Some(true))
        .then(|| field(row, "layer").to_string())
}

/// The time of a row (`ts`) in nanoseconds since the epoch, as OTLP/JSON writes it.
fn nanos(row: &crate::chain::ArlRow) -> Result<i128, ExportError> {
    let ts = field(&row.fields, "ts");
    let t = crate::clock::SimTime::parse_iso(ts).ok_or(ExportError::BadTime { line: row.line })?;
    Ok(i128::from(t.0) * 1000)
}

/// The log as OTLP JSON traces: one line per run (the rows' `run_id`, in order of first
/// appearance), each a `TracesData` object with one resource, one scope, a root span
/// `invoke_agent <scenario>` and one child span per row (`apply_guardrail <layer>`, or
/// `execute_tool <tool>` where a side effect ran), HITL pauses and human answers as span events.
/// Ids are SHA-256 of the log's chain id and the run (trace) or row (span); times are the
/// rows' simulated clock.
pub fn otlp(log: &Log) -> Result<String, ExportError> {
    let header = log.header.as_ref().ok_or(ExportError::NoHeader)?;
    let mut runs: Vec<(String, Vec<&crate::chain::ArlRow>)> = Vec::new();
    for row in &log.rows {
        let run = field(&row.fields, "run_id").to_string();
        match runs.iter_mut().find(|(r, _)| *r == run) {
            Some((_, rows)) => rows.push(row),
            None => runs.push((run, vec![row])),
        }
    }
    let mut out = String::new();
    for (run, rows) in runs {
        // The run's last row hash covers every row before it (the chain), so two runs that
        // differ anywhere (a human's answer, say) get different traces.
        let head = rows.last().map_or("", |r| field(&r.fields, "row_hash"));
        let trace = id(&format!("maestro-otlp|trace|{}|{run}|{head}", header.chain_id), 16);
        let root = id(&format!("maestro-otlp|span|{trace}|root"), 8);
        let mut spans = Vec::with_capacity(rows.len() + 1);
        let mut times = Vec::with_capacity(rows.len());
        for row in &rows {
            times.push(nanos(row)?);
        }
        let sealed = rows.iter().any(|r| r.fields.get("sealed") == Some(&Value::Bool(true)));
        for (i, row) in rows.iter().enumerate() {
            let f = &row.fields;
            let start = times.get(i).copied().unwrap_or(0);
            // A row lasts until the next one (the last: one simulated second).
            let end = times.get(i + 1).copied().unwrap_or(start + 1_000_000_000).max(start);
            let layer = field(f, "layer");
            let decision = field(f, "decision");
            let (name, mut attributes) = match tool_of(f) {
                Some(tool) => (
                    format!("execute_tool {tool}"),
                    vec![
                        attr("gen_ai.operation.name", "execute_tool".into()),
                        attr("gen_ai.tool.name", tool.into()),
                    ],
                ),
                None => (
                    format!("apply_guardrail {layer}"),
                    vec![
                        attr("gen_ai.operation.name", "apply_guardrail".into()),
                        attr("gen_ai.guardian.name", layer.into()),
                        attr("gen_ai.security.decision.type", decision_type(decision).into()),
                        attr("gen_ai.security.decision.code", field(f, "reason_code").into()),
                    ],
                ),
            };
            for key in [
                "layer",
                "decision",
                "final_decider",
                "reason_code",
                "sealed",
                "overrideable",
                "row_hash",
            ] {
                if let Some(v) = f.get(key) {
                    attributes.push(attr(&format!("maestro.{key}"), v.clone()));
                }
            }
            attributes.push(attr("maestro.line", Value::from(row.line)));
            let mut events = Vec::new();
            let at = start.to_string();
            let reason = attr("maestro.reason_code", field(f, "reason_code").into());
            if decision == "PAUSE_FOR_HITL" {
                events.push(json!({"timeUnixNano": at, "name": "maestro.hitl.pause", "attributes": [reason.clone()]}));
            }
            let decider = field(f, "final_decider");
            if matches!(decider, "USER" | "ADMIN") {
                let by = attr("maestro.final_decider", decider.into());
                let said = attr("maestro.decision", decision.into());
                events.push(json!({"timeUnixNano": at, "name": "maestro.hitl.answer", "attributes": [by, said, reason]}));
            }
            spans.push(json!({
                "traceId": trace,
                "spanId": id(&format!("maestro-otlp|span|{trace}|{}", row.line), 8),
                "parentSpanId": root,
                "name": name,
                "kind": INTERNAL,
                "startTimeUnixNano": start.to_string(),
                "endTimeUnixNano": end.to_string(),
                "attributes": attributes,
                "events": events,
            }));
        }
        let first = times.first().copied().unwrap_or(0);
        let last = times.last().copied().map_or(first, |t| t + 1_000_000_000);
        let request = &header.request;
        spans.insert(
            0,
            json!({
                "traceId": trace,
                "spanId": root,
                "name": format!("invoke_agent {}", header.scenario),
                "kind": INTERNAL,
                "startTimeUnixNano": first.to_string(),
                "endTimeUnixNano": last.to_string(),
                "attributes": [
                    attr("gen_ai.operation.name", "invoke_agent".into()),
                    attr("gen_ai.agent.name", header.scenario.as_str().into()),
                    attr("maestro.run_id", run.as_str().into()),
                    attr("maestro.seed", request.seed.to_string().into()),
                    attr("maestro.rng", request.rng.as_str().into()),
                    attr("maestro.chain_id", header.chain_id.as_str().into()),
                    attr("maestro.rows", Value::from(rows.len())),
                    attr("maestro.sealed", Value::Bool(sealed)),
                ],
            }),
        );
        let line = json!({"resourceSpans": [{
            "resource": {"attributes": [
                attr("service.name", SERVICE.into()),
                attr("service.version", header.engine_version.as_str().into()),
            ]},
            "scopeSpans": [{
                "scope": {"name": SERVICE, "version": header.engine_version},
                "spans": spans,
            }],
        }]});
        out.push_str(&line.to_string());
        out.push('\n');
    }
    Ok(out)
}
