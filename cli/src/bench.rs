//! `maestro bench emergency-contract`: batch throughput and peak memory, as figures.

use std::io::Write;
use std::time::Instant;

use clap::Args;
use maestro_core::scenarios::emergency::batch::{Batch, BatchParams};

use crate::Outcome;
use crate::emergency::rng_kind;

/// Benchmark parameters.
#[derive(Args, Debug)]
pub struct BenchArgs {
    /// The scenario (only `emergency-contract` has a batch runner).
    scenario: String,
    /// Runs per batch.
    #[arg(long, default_value = "1000000")]
    runs: u64,
    /// Fabrication rate.
    #[arg(long, default_value = "0.1")]
    fabricate_rate: f64,
    /// Seed.
    #[arg(long, default_value = "42")]
    seed: u64,
    /// Generator.
    #[arg(long, default_value = "chacha")]
    rng: String,
    /// Batches to time; the best is reported.
    #[arg(long, default_value = "3")]
    repeat: u32,
}

/// Peak resident memory of this process, from `/proc/self/status` (Linux), in KiB.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs the benchmark and prints one JSON line of figures.
pub fn run(a: &BenchArgs, out: &mut impl Write) -> Outcome {
    if a.scenario != "emergency-contract" {
        return Outcome::Unusable(format!("no batch benchmark for scenario `{}`", a.scenario));
    }
    if !(0.0..=1.0).contains(&a.fabricate_rate) {
        return Outcome::Unusable(format!(
            "`--fabricate-rate` must lie in [0, 1], not {}",
            a.fabricate_rate
        ));
    }
    let rng = match rng_kind(&a.rng) {
        Ok(r) => r,
        Err(msg) => return Outcome::Unusable(msg),
    };
    let mut best = f64::INFINITY;
    let mut abnormal = 0;
    for _ in 0..a.repeat.max(1) {
        let mut p = BatchParams {
            runs: a.runs,
            seed: Some(a.seed),
            rng,
            sample_runs: 0,
            ..BatchParams::default()
        };
        p.knobs.fabricate_rate = Some(a.fabricate_rate);
        let start = Instant::now();
        let mut batch = Batch::new(p);
        batch.run_all();
        let secs = start.elapsed().as_secs_f64();
        if let Some(why) = batch.failure() {
            return Outcome::Unusable(why.to_string());
        }
        abnormal = batch
            .document()
            .pointer("/abnormal_arl_persistence/abnormal_total")
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0);
        best = best.min(secs);
    }
    let line = serde_json::json!({
        "scenario": a.scenario,
        "target": "native",
        "runs": a.runs.max(1),
        "fabricate_rate": a.fabricate_rate,
        "rng": rng.as_str(),
        "abnormal": abnormal,
        "best_seconds": best,
        "runs_per_second": (a.runs.max(1) as f64 / best).round(),
        "peak_rss_kib": peak_rss_kib(),
    });
    match writeln!(out, "{line}") {
        Ok(()) => Outcome::Ok,
        Err(e) => Outcome::Unusable(format!("cannot write to standard output: {e}")),
    }
}
