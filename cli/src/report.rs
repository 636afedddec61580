//! `maestro report FILES... [--csv PATH]`: a class's logs checked in one go, with the verdicts
//! of `maestro verify` and `maestro replay` for each file and the class's answers and ends
//! (`maestro_core::report`, the same report the audit desk shows).

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use maestro_core::audit::MAX_LOG_BYTES;
use maestro_core::report::{ClassReport, Handed, MAX_FILES, Status};

use crate::Outcome;
use crate::key::KeyArgs;

/// `maestro report`'s arguments.
#[derive(Args, Debug)]
pub struct ReportArgs {
    /// The logs (a class's downloads: at most 200 files of at most 4 MiB each).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Also write the table as CSV to this file.
    #[arg(long, value_name = "PATH")]
    pub csv: Option<PathBuf>,
    #[command(flatten)]
    pub key: KeyArgs,
}

/// Reads every file (a file over the size limit is not read: its line says so), reports, and
/// prints the table and the summary. Exit 0 when every file is intact and reproduced, 1 when
/// one is not, 2 when an argument cannot be used (a path that cannot be read, more than 200
/// files, an unwritable CSV path): the files that can be read are still reported.
pub fn run(args: &ReportArgs, out: &mut impl Write) -> Outcome {
    let key = match args.key.load() {
        Ok(key) => key,
        Err(msg) => return Outcome::Unusable(msg),
    };
    let mut problems = Vec::new();
    let (taken, refused) = args.files.split_at(args.files.len().min(MAX_FILES));
    if !refused.is_empty() {
        let names: Vec<String> = refused.iter().map(|p| p.display().to_string()).collect();
        problems.push(format!(
            "a report reads at most {MAX_FILES} files; not read: {}",
            names.join(", ")
        ));
    }
    let mut read: Vec<(String, usize, Vec<u8>)> = Vec::new();
    for path in taken {
        let name = path.display().to_string();
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => problems.push(format!("`{name}` is a directory")),
            Ok(meta) if meta.len() > MAX_LOG_BYTES as u64 => {
                read.push((name, usize::try_from(meta.len()).unwrap_or(usize::MAX), Vec::new()));
            }
            Ok(_) => match std::fs::read(path) {
                Ok(bytes) => read.push((name, bytes.len(), bytes)),
                Err(e) => problems.push(format!("cannot read `{name}`: {e}")),
            },
            Err(e) => problems.push(format!("cannot read `{name}`: {e}")),
        }
    }
    let handed: Vec<Handed<'_>> =
        read.iter().map(|(name, size, bytes)| Handed { name, size: *size, bytes }).collect();
    let report = ClassReport::of(&handed, &key);
    let _ = out.write_all(table(&report).as_bytes());
    if let Some(path) = &args.csv
        && let Err(e) = std::fs::write(path, report.csv(false))
    {
        problems.push(format!("cannot write `{}`: {e}", path.display()));
    }
    if !problems.is_empty() {
        return Outcome::Unusable(problems.join("\n"));
    }
    if report.all_reproduced() {
        Outcome::Ok
    } else {
        let n = report.files.len() - report.reproduced;
        Outcome::Failed(format!(
            "{n} of {} files are not intact and reproduced",
            report.files.len()
        ))
    }
}

/// The report as text: a line per file, then per scenario its decision points and ends, then
/// the groups of files holding the same run.
pub fn table(report: &ClassReport) -> String {
    let mut t = String::new();
    let width = report.files.iter().map(|e| e.file.chars().count()).max().unwrap_or(4).max(4);
    let sw = report.files.iter().map(|e| e.scenario.len()).max().unwrap_or(8).max(8);
    t.push_str(&format!(
        "{:<16} {:<width$} {:<sw$} {:>6}  {:<32} {}\n",
        "status", "file", "scenario", "seed", "outcome", "choices"
    ));
    for e in &report.files {
        let seed = e.seed.map(|s| s.to_string()).unwrap_or_default();
        let outcome = e.outcome.as_ref().map_or_else(String::new, |o| {
            format!("{}{}", o.state, if o.sealed { " (sealed)" } else { "" })
        });
        t.push_str(&format!(
            "{:<16} {:<width$} {:<sw$} {:>6}  {:<32} {}\n",
            e.status.code(),
            e.file,
            e.scenario,
            seed,
            outcome,
            e.choices.join(" ")
        ));
        if e.status != Status::Reproduced {
            t.push_str(&format!("{:<16} {}\n", "", e.message.en));
        }
    }
    t.push_str(&format!("\n{}\n", report.headline().en));
    for s in &report.scenarios {
        t.push_str(&format!("\n{}: {} reproduced logs\n", s.scenario, s.logs));
        for p in &s.points {
            let answers: Vec<String> =
                p.answers.iter().map(|a| format!("{} {}", a.label, a.count)).collect();
            t.push_str(&format!("  decision {} {}: {}\n", p.index, p.point, answers.join(", ")));
        }
        let ends: Vec<String> = s.ends.iter().map(|a| format!("{} {}", a.label, a.count)).collect();
        t.push_str(&format!("  ended: {}\n", ends.join(", ")));
    }
    for (g, members) in report.groups.iter().enumerate() {
        let names: Vec<&str> =
            members.iter().filter_map(|&m| report.files.get(m).map(|e| e.file.as_str())).collect();
        t.push_str(&format!("\nrun {}: the same run in {}\n", g + 1, names.join(", ")));
    }
    t
}
