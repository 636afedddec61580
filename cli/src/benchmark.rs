//! `maestro benchmark kage3-v1.3.5`: the reference's benchmark suite and profiles, run by the
//! core; this face only parses options, times the run, prints and writes the report.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use maestro_core::rng::RngKind;
use maestro_core::scenarios::orchestrators::kage3_v1_3_5::{self, Profile};
use serde_json::Value;

use crate::Outcome;

/// Options of `maestro benchmark`.
#[derive(Args, Debug)]
pub struct BenchmarkArgs {
    /// The benchmarked scenario (only `kage3-v1.3.5` has a suite).
    scenario: String,
    /// A reference profile: `baseline`, `hitl_observe` or `stress` (default: the benchmark
    /// script's custom run).
    #[arg(long)]
    profile: Option<String>,
    /// Write the reference's profiles document (all three profiles, report and derived rates).
    #[arg(long, conflicts_with = "profile")]
    all_profiles: bool,
    /// Runs (the profile's, else 300).
    #[arg(long)]
    runs: Option<u64>,
    /// The seed (the profile's, else 42); run i's resolver is seeded with seed + i.
    #[arg(long)]
    seed: Option<u64>,
    /// `chacha`, or `cpython-mt` to reproduce the reference's reports exactly.
    #[arg(long, default_value = "chacha", value_name = "chacha|cpython-mt|sha256-counter")]
    rng: String,
    /// The prompt.
    #[arg(long)]
    prompt: Option<String>,
    /// The random resolver's CONTINUE probability, in [0, 1].
    #[arg(long)]
    p_continue: Option<f64>,
    /// Faults as JSON: `{"excel": {"break_contract": true}, ...}`.
    #[arg(long, value_name = "JSON")]
    faults: Option<String>,
    /// Seal an agent that keeps breaking its contract.
    #[arg(long)]
    enable_runaway_seal: bool,
    /// The attempt at which a runaway agent is sealed.
    #[arg(long)]
    runaway_threshold: Option<u64>,
    /// Attempts per task.
    #[arg(long)]
    max_attempts_per_task: Option<u64>,
    /// Do not fail the scorecard when no seal event occurred.
    #[arg(long)]
    no_require_seal_events: bool,
    /// Do not fail the scorecard on `@` violations.
    #[arg(long)]
    no_require_pii_zero: bool,
    /// Do not fail the scorecard on crashes.
    #[arg(long)]
    no_require_crash_free: bool,
    /// Also write the JSON to this file.
    #[arg(long)]
    out: Option<PathBuf>,
}

fn profile(a: &BenchmarkArgs) -> Result<Profile, String> {
    let mut p = match a.profile.as_deref() {
        None => kage3_v1_3_5::custom_defaults(),
        Some(name) => {
            kage3_v1_3_5::profiles().into_iter().find(|p| p.name == name).ok_or_else(|| {
                format!("unknown profile `{name}` (known: baseline, hitl_observe, stress)")
            })?
        }
    };
    if let Some(n) = a.runs {
        if n == 0 || n > 10_000_000 {
            return Err(format!("`--runs {n}` must be from 1 to 10000000"));
        }
        p.runs = n;
    }
    if let Some(s) = a.seed {
        p.seed = s;
    }
    if let Some(prompt) = &a.prompt {
        if prompt.chars().count() > 2000 {
            return Err("the prompt is longer than 2,000 characters".into());
        }
        p.prompt = prompt.clone();
    }
    if let Some(x) = a.p_continue {
        if !(0.0..=1.0).contains(&x) {
            return Err(format!("`--p-continue {x}` must be a number in [0, 1]"));
        }
        p.p_continue = x;
    }
    if let Some(f) = &a.faults {
        p.faults = kage3_v1_3_5::parse_faults(f).map_err(|e| e.to_string())?;
    }
    if a.enable_runaway_seal {
        p.runaway.enabled = true;
    }
    if let Some(t) = a.runaway_threshold {
        p.runaway.threshold = t;
    }
    if let Some(m) = a.max_attempts_per_task {
        if m > 10_000 {
            return Err(format!("`--max-attempts-per-task {m}` must be at most 10000"));
        }
        p.runaway.max_attempts = m;
    }
    Ok(p)
}

/// Runs the benchmark and prints the report (with its scorecard) or the profiles document.
pub fn run(a: &BenchmarkArgs, out: &mut impl Write) -> Outcome {
    if a.scenario != "kage3-v1.3.5" {
        return Outcome::Unusable(format!(
            "`{}` has no benchmark suite (only `kage3-v1.3.5` has one)",
            a.scenario
        ));
    }
    let Some(rng) = RngKind::parse(&a.rng) else {
        return Outcome::Unusable(format!("`--rng {}` must be `chacha` or `cpython-mt`", a.rng));
    };
    let started = Instant::now();
    let (doc, pass) = if a.all_profiles {
        let runs = match a.runs {
            Some(0) => return Outcome::Unusable("`--runs 0` must be at least 1".into()),
            r => r,
        };
        (kage3_v1_3_5::profiles_document(rng, runs).to_value(), true)
    } else {
        let p = match profile(a) {
            Ok(p) => p,
            Err(e) => return Outcome::Unusable(e),
        };
        let mut report = kage3_v1_3_5::benchmark(&p, rng);
        let elapsed = started.elapsed().as_secs_f64();
        report.insert("elapsed_sec", Value::from(elapsed));
        let per_sec = if elapsed > 0.0 { p.runs as f64 / elapsed } else { 0.0 };
        report.insert("runs_per_sec", Value::from(per_sec));
        let card = kage3_v1_3_5::scorecard(
            &report,
            !a.no_require_seal_events,
            !a.no_require_pii_zero,
            !a.no_require_crash_free,
        );
        let pass = card.get("pass").and_then(Value::as_bool).unwrap_or(false);
        report.insert("scorecard", card.to_value());
        (report.to_value(), pass)
    };
    let text = match maestro_core::json::pretty(&doc) {
        Ok(t) => t,
        Err(e) => {
            return Outcome::Unusable(format!("the report holds the non-finite number {}", e.0));
        }
    };
    if let Some(path) = &a.out
        && let Err(e) = std::fs::write(path, format!("{text}\n"))
    {
        return Outcome::Unusable(format!("cannot write {}: {e}", path.display()));
    }
    if writeln!(out, "{text}").is_err() {
        return Outcome::Unusable("cannot write to standard output".into());
    }
    if pass {
        Outcome::Ok
    } else {
        // Standard output holds only the JSON; the verdict goes to standard error.
        eprintln!("the safety scorecard failed (see `scorecard.fail_reasons`)");
        Outcome::Failed(String::new())
    }
}
