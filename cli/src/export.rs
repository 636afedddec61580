//! `maestro export FILE --otlp` (OpenTelemetry traces, to standard output) and `maestro export
//! FILE --reference-files DIR` (the files the reference bench writes for the same run). The
//! formats come from `maestro_core::export`; this face checks the log's chain first (a broken
//! log is not exported) and writes the result.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use maestro_core::audit;

use crate::Outcome;
use crate::key::KeyArgs;

/// Options of `maestro export`.
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The run log (`maestro run` or the web app's download).
    file: PathBuf,
    /// Print the log as OpenTelemetry traces: OTLP JSON Lines, one `TracesData` per run
    /// (`docs/log-format.md` has the mapping).
    #[arg(long, conflicts_with = "reference_files", required_unless_present = "reference_files")]
    otlp: bool,
    /// Write the files the reference bench writes for this run into DIR (created if missing):
    /// for `negotiation-steering`, `ai_negotiation_log.csv` and `ai_negotiation_log.txt`.
    #[arg(long, value_name = "DIR")]
    reference_files: Option<PathBuf>,
    #[command(flatten)]
    key: KeyArgs,
}

/// Verifies the log, then writes its reference files and prints one JSON line per file.
pub fn run(a: &ExportArgs, out: &mut impl Write) -> Outcome {
    let key = match a.key.load() {
        Ok(key) => key,
        Err(msg) => return Outcome::Unusable(msg),
    };
    let log = match crate::audit::open(&a.file) {
        Ok(log) => log,
        Err(msg) => return Outcome::Unusable(msg),
    };
    let verdict = audit::verify(&log, &key);
    if !verdict.is_intact() {
        return Outcome::Failed(format!("not exported: {}", verdict.message(key.key_id())));
    }
    let Some(dir) = &a.reference_files else {
        return match maestro_core::export::otlp(&log) {
            Ok(text) => match out.write_all(text.as_bytes()) {
                Ok(()) => Outcome::Ok,
                Err(_) => Outcome::Unusable("cannot write to standard output".into()),
            },
            Err(e) => Outcome::Unusable(format!("`{}`: {e}", a.file.display())),
        };
    };
    let files = match maestro_core::export::reference_files(&log) {
        Ok(files) => files,
        Err(e) => return Outcome::Unusable(format!("`{}`: {e}", a.file.display())),
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        return Outcome::Unusable(format!("cannot create {}: {e}", dir.display()));
    }
    for f in &files {
        let path = dir.join(f.name);
        if let Err(e) = std::fs::write(&path, &f.text) {
            return Outcome::Unusable(format!("cannot write {}: {e}", path.display()));
        }
        let line = serde_json::json!({"file": path.display().to_string(), "bytes": f.text.len()});
        if writeln!(out, "{line}").is_err() {
            return Outcome::Unusable("cannot write to standard output".into());
        }
    }
    Outcome::Ok
}
