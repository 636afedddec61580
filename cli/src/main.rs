//! `maestro`: the command-line face of Maestro Bench.
//!
//! Every rule lives in `maestro-core`; this binary only reads files and the environment,
//! calls the core, and prints.
//! Exit codes: 0 success, 1 a check failed (a broken chain), 2 unusable input.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod audit;
mod bench;
mod benchmark;
mod docs;
mod emergency;
mod export;
mod incidents;
mod key;
mod report;
mod run;

/// Maestro Bench: a teaching bench for governable agent orchestration.
#[derive(Parser, Debug)]
#[command(name = "maestro", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// List the registered scenarios, one JSON object per line.
    Scenarios,
    /// Print the log codebook (version 5.1-demo.1) as JSON, or with `--markdown` as the
    /// bilingual document `docs/codebook.md`.
    Codebook {
        /// Print `docs/codebook.md` (every code with its explanation in English and Japanese).
        #[arg(long)]
        markdown: bool,
    },
    /// Run a batch of the emergency-contract bench v5.1.2 (the reference's command line).
    EmergencyContract(Box<emergency::BatchArgs>),
    /// Time a batch and print runs per second and peak memory as JSON.
    Bench(bench::BenchArgs),
    /// Print one run's log as JSON Lines: header, rows, digest.
    Run(run::RunArgs),
    /// Run a scenario's benchmark suite (`kage3-v1.3.5`): print the report with its safety
    /// scorecard (exit 1 when it fails), or the profiles document with `--all-profiles`.
    Benchmark(Box<benchmark::BenchmarkArgs>),
    /// Write a session's incident files as emergency v5.0.1's command line does (every pause
    /// or stop a trigger, one `<run_id>.arl.jsonl` per abnormal run, none for a clean session)
    /// and, with `--results-json`, its results document; print one JSON line per file.
    Incidents(Box<incidents::IncidentArgs>),
    /// List a scenario's knobs (name, kind, values or range, default), one JSON object per line.
    Knobs {
        /// The scenario.
        scenario: String,
    },
    /// Verify the HMAC-SHA256 chain of an ARL file (.arl.jsonl), and its digest line.
    /// Exit 0 intact, 1 broken or truncated, 2 unusable input.
    Verify {
        /// The ARL file.
        file: PathBuf,
        #[command(flatten)]
        key: key::KeyArgs,
    },
    /// Re-run the run a log's header specifies and compare it row by row.
    /// Exit 0 reproduced exactly, 1 diverged, 2 unusable input.
    Replay {
        /// The run log (with a header line: `maestro run` or the web app's download).
        file: PathBuf,
    },
    /// Compare two logs, aligned by gate: files, or share links (`?v=1&s=...`).
    /// Exit 0 identical, 1 different, 2 unusable input.
    Diff {
        /// The first log: a file or a share link.
        a: String,
        /// The second log: a file or a share link.
        b: String,
    },
    /// A class's logs in one go: each verified and replayed (a line per file), the answers
    /// chosen at each decision point and how the runs ended, the files holding the same run.
    /// Exit 0 every file intact and reproduced, 1 otherwise, 2 unusable input.
    Report(report::ReportArgs),
    /// Export a run log: `--otlp` prints it as OpenTelemetry traces (OTLP JSON Lines, one trace
    /// per run); `--reference-files DIR` writes the files the reference bench writes for the
    /// same run (`negotiation-steering`: `ai_negotiation_log.csv` and `ai_negotiation_log.txt`,
    /// byte for byte as the reference's but for its clock and run id). The log's chain must
    /// verify. Exit 0 written, 1 the chain is broken, 2 unusable input.
    Export(export::ExportArgs),
}

/// What a command ended with.
pub enum Outcome {
    /// Everything checked out.
    Ok,
    /// A check failed; the message says which.
    Failed(String),
    /// The input could not be used; the message says why.
    Unusable(String),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = std::io::stdout().lock();
    let outcome = match cli.command {
        Command::Scenarios => scenarios(&mut out),
        Command::Codebook { markdown: false } => codebook(&mut out),
        Command::Codebook { markdown: true } => {
            match write!(out, "{}", docs::codebook_markdown()) {
                Ok(()) => Outcome::Ok,
                Err(_) => Outcome::Unusable("cannot write to standard output".into()),
            }
        }
        Command::Verify { file, key } => audit::verify(&file, &key, &mut out),
        Command::Replay { file } => audit::replay(&file, &mut out),
        Command::Diff { a, b } => audit::diff(&a, &b, &mut out),
        Command::EmergencyContract(args) => emergency::run(&args, &mut out),
        Command::Run(args) => run::run(&args, &mut out),
        Command::Bench(args) => bench::run(&args, &mut out),
        Command::Benchmark(args) => benchmark::run(&args, &mut out),
        Command::Incidents(args) => incidents::run(&args, &mut out),
        Command::Export(args) => export::run(&args, &mut out),
        Command::Knobs { scenario } => knobs(&scenario, &mut out),
        Command::Report(args) => report::run(&args, &mut out),
    };
    match outcome {
        Outcome::Ok => ExitCode::SUCCESS,
        Outcome::Failed(msg) => {
            if !msg.is_empty() {
                let _ = writeln!(out, "{msg}");
            }
            ExitCode::from(1)
        }
        Outcome::Unusable(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}

fn scenarios(out: &mut impl std::io::Write) -> Outcome {
    for s in maestro_core::scenario::SCENARIOS {
        let line = serde_json::json!({
            "id": s.id,
            "family": s.family,
            "title": s.title,
            "title_ja": s.title_ja,
            "reference": s.reference,
            "version": s.version,
            "layers": s.layers.len(),
            "reason_codes": s.reasons.len(),
        });
        if writeln!(out, "{line}").is_err() {
            return Outcome::Unusable("cannot write to standard output".into());
        }
    }
    Outcome::Ok
}

fn codebook(out: &mut impl std::io::Write) -> Outcome {
    let doc = maestro_core::scenarios::emergency::codebook::document();
    match serde_json::to_string_pretty(&doc) {
        Ok(text) if writeln!(out, "{text}").is_ok() => Outcome::Ok,
        _ => Outcome::Unusable("cannot write to standard output".into()),
    }
}

fn knobs(scenario: &str, out: &mut impl std::io::Write) -> Outcome {
    let info = match maestro_core::scenario::find(scenario) {
        Ok(info) => info,
        Err(e) => return Outcome::Unusable(e.to_string()),
    };
    for k in info.knobs {
        let line = match serde_json::to_string(k) {
            Ok(line) => line,
            Err(e) => {
                return Outcome::Unusable(format!("knob `{}` cannot be written: {e}", k.name));
            }
        };
        if writeln!(out, "{line}").is_err() {
            return Outcome::Unusable("cannot write to standard output".into());
        }
    }
    Outcome::Ok
}
