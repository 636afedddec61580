//! Helpers shared by the scenario test files (each file uses some of them).
#![allow(clippy::unreachable, reason = "tests: an arm that cannot be reached is a failed test")]
#![allow(dead_code, reason = "each test file uses a part of the helpers")]

use maestro_core::audit;
use maestro_core::chain::ChainKey;
use maestro_core::face::{RunRequest, ScenarioRun};
use maestro_core::scenario::ScenarioInfo;

/// Opens a run of `info` with `knobs` and the answer script `choices`, shown up to its first
/// unanswered decision or its end.
pub fn open(info: &ScenarioInfo, knobs: &[(&str, &str)], choices: &[&str]) -> Box<dyn ScenarioRun> {
    let req = RunRequest {
        knobs: knobs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        choices: choices.iter().map(|c| c.to_string()).collect(),
        ..RunRequest::default()
    };
    audit::run_request(info, &req).unwrap_or_else(|e| unreachable!("{e}"))
}

/// The rows of a run's log, as JSON objects (header and digest left out).
pub fn rows(r: &dyn ScenarioRun) -> Vec<serde_json::Value> {
    r.to_jsonl()
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v.get("layer").is_some())
        .collect()
}

/// The run's log verifies with the demo key and replays row for row from its header.
pub fn verifies_and_replays(r: &dyn ScenarioRun) -> bool {
    let Ok(log) = audit::log_of(r) else { return false };
    audit::verify(&log, &ChainKey::demo()).is_intact()
        && audit::replay(&log).is_ok_and(|rp| rp.reproduced())
        && log.notes.is_empty()
}
