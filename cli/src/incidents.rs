//! `maestro incidents emergency-v5.0.1`: the session's incident files and results document as
//! v5.0.1's command line writes them (every pause or stop a trigger; one `<run_id>.arl.jsonl`
//! per abnormal run, none for a clean session), computed by the core; this face only writes
//! the files and prints what it wrote.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use maestro_core::chain::ChainKey;
use maestro_core::face::ScenarioRun;
use maestro_core::scenarios::emergency::emergency_v5_0_1::{
    EmergencyV501, Persistence, session_output,
};
use maestro_core::stepwise::StepRun;

use crate::Outcome;
use crate::run::RunArgs;

/// Options of `maestro incidents`.
#[derive(Args, Debug)]
pub struct IncidentArgs {
    #[command(flatten)]
    run: RunArgs,
    /// Where the incident files are written (created if missing).
    #[arg(long, value_name = "DIR")]
    out_dir: PathBuf,
    /// Rows replayed before a trigger (`full_context_n`), 0 to 100.
    #[arg(long, default_value = "0")]
    full_context_n: usize,
    /// Incident files written at most (`--max-arl-files`); abnormal runs past it are counted
    /// as `skipped_by_cap`.
    #[arg(long, default_value = "1000")]
    max_arl_files: u64,
    /// Also write the session's results document here (`--results-json`), as the reference
    /// does: two-space indented JSON.
    #[arg(long, value_name = "PATH")]
    results_json: Option<PathBuf>,
}

/// Runs the session (the script, then the first answer of every decision, as the reference's
/// bench approves) and writes its incident files.
pub fn run(a: &IncidentArgs, out: &mut impl Write) -> Outcome {
    if a.run.scenario() != "emergency-v5.0.1" {
        return Outcome::Unusable(format!(
            "`{}` writes no incident files here (only `emergency-v5.0.1`; the v5.1.2 batch is `maestro emergency-contract`)",
            a.run.scenario()
        ));
    }
    if a.full_context_n > 100 {
        return Outcome::Unusable(format!(
            "`--full-context-n {}` must be at most 100",
            a.full_context_n
        ));
    }
    let req = match crate::run::request(&a.run) {
        Ok((_, req)) => req,
        Err(e) => return Outcome::Unusable(e),
    };
    let mut session = match StepRun::<EmergencyV501>::open(&req) {
        Ok(s) => s,
        Err(e) => return Outcome::Unusable(e.to_string()),
    };
    crate::run::drive(&mut session, false);
    let key = ChainKey::demo();
    let dir = a.out_dir.to_string_lossy();
    let persistence = Persistence {
        full_context_n: a.full_context_n,
        max_arl_files: a.max_arl_files,
        arl_out_dir: &dir,
        key: &key,
        key_mode: "demo",
    };
    let output = match session_output(session.bench(), session.rows(), &persistence) {
        Ok(o) => o,
        Err(e) => return Outcome::Unusable(format!("a row holds the non-finite number {}", e.0)),
    };
    let files = &output.files;
    // As the reference: no abnormal run, no folder.
    if !files.is_empty()
        && let Err(e) = std::fs::create_dir_all(&a.out_dir)
    {
        return Outcome::Unusable(format!("cannot create {}: {e}", a.out_dir.display()));
    }
    if let Some(path) = &a.results_json {
        let text = match maestro_core::json::pretty(&output.results) {
            Ok(t) => t,
            Err(e) => {
                return Outcome::Unusable(format!("a result holds the non-finite number {}", e.0));
            }
        };
        if let Err(e) = std::fs::write(path, text) {
            return Outcome::Unusable(format!("cannot write {}: {e}", path.display()));
        }
    }
    for f in files {
        let path = a.out_dir.join(&f.name);
        if let Err(e) = std::fs::write(&path, &f.text) {
            return Outcome::Unusable(format!("cannot write {}: {e}", path.display()));
        }
        let line = serde_json::json!({"file": path.display().to_string(), "rows": f.rows});
        if writeln!(out, "{line}").is_err() {
            return Outcome::Unusable("cannot write to standard output".into());
        }
    }
    let summary = serde_json::json!({"scenario": "emergency-v5.0.1", "state": session.state(), "files": files.len()});
    match writeln!(out, "{summary}") {
        Ok(()) => Outcome::Ok,
        Err(_) => Outcome::Unusable("cannot write to standard output".into()),
    }
}
