//! The audit desk on the command line: `maestro verify FILE`, `maestro replay FILE` and
//! `maestro diff A B`. The verdicts and their messages come from `maestro_core::audit`, so the
//! browser's audit desk says the same.

use std::io::Write;
use std::path::Path;

use maestro_core::audit::{self, Log, RowText};

use crate::Outcome;
use crate::key::KeyArgs;

/// Reads and imports a log file; notes go to standard error.
pub fn open(file: &Path) -> Result<Log, String> {
    let shown = file.display();
    match std::fs::metadata(file) {
        Ok(meta) if meta.len() > audit::MAX_LOG_BYTES as u64 => {
            return Err(format!(
                "`{shown}` is {} bytes; the audit desk reads logs of at most {} bytes (4 MiB)",
                meta.len(),
                audit::MAX_LOG_BYTES
            ));
        }
        Ok(meta) if meta.is_dir() => return Err(format!("`{shown}` is a directory")),
        Ok(_) => {}
        Err(e) => return Err(format!("cannot read `{shown}`: {e}")),
    }
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read `{shown}`: {e}"))?;
    let log = audit::import(&bytes).map_err(|e| format!("`{shown}`: {e}"))?;
    for note in &log.notes {
        eprintln!("note: `{shown}` {note}");
    }
    if log.more_notes > 0 {
        eprintln!("note: `{shown}`: {} more notes", log.more_notes);
    }
    Ok(log)
}

/// `maestro verify FILE`: the chain (and digest) with the key the flags name.
pub fn verify(file: &Path, key: &KeyArgs, out: &mut impl Write) -> Outcome {
    let key = match key.load() {
        Ok(key) => key,
        Err(msg) => return Outcome::Unusable(msg),
    };
    let log = match open(file) {
        Ok(log) => log,
        Err(msg) => return Outcome::Unusable(msg),
    };
    let verdict = audit::verify(&log, &key);
    let message = verdict.message(key.key_id());
    if verdict.is_intact() {
        let _ = writeln!(out, "{message}");
        Outcome::Ok
    } else {
        Outcome::Failed(message)
    }
}

/// `maestro replay FILE`: re-runs the header's specification and compares row by row.
pub fn replay(file: &Path, out: &mut impl Write) -> Outcome {
    let log = match open(file) {
        Ok(log) => log,
        Err(msg) => return Outcome::Unusable(msg),
    };
    match audit::replay(&log) {
        Err(e) => Outcome::Unusable(format!("`{}`: {e}", file.display())),
        Ok(r) if r.reproduced() => {
            let _ = writeln!(out, "{}", r.message());
            Outcome::Ok
        }
        Ok(r) => Outcome::Failed(r.message()),
    }
}

/// A log from a file, or from a share link when the argument is one.
fn open_either(arg: &str) -> Result<Log, String> {
    let path = Path::new(arg);
    if !path.exists() && audit::link_query(arg).starts_with("v=") {
        return audit::log_of_link(arg).map(|(log, _)| log).map_err(|e| format!("`{arg}`: {e}"));
    }
    open(path)
}

/// `maestro diff A B`: two logs (files or share links) aligned by gate.
pub fn diff(a: &str, b: &str, out: &mut impl Write) -> Outcome {
    let (la, lb) = match (open_either(a), open_either(b)) {
        (Ok(la), Ok(lb)) => (la, lb),
        (Err(msg), _) | (_, Err(msg)) => return Outcome::Unusable(msg),
    };
    let d = audit::diff(&la, &lb);
    let mut text = String::new();
    for p in &d.pairs {
        let row = |log: &Log, i: Option<usize>| {
            i.and_then(|i| log.rows.get(i)).map_or_else(String::new, |r| RowText::of(r).summary())
        };
        let mark = match (p.a, p.b) {
            (Some(_), None) => '-',
            (None, Some(_)) => '+',
            _ if p.same() => ' ',
            _ => '~',
        };
        let fields = if p.fields.is_empty() {
            String::new()
        } else {
            format!("  [{}]", p.fields.join(", "))
        };
        text.push_str(&format!("{mark} {:<60} | {}{fields}\n", row(&la, p.a), row(&lb, p.b)));
    }
    for line in d.summary(&la, &lb) {
        text.push_str(&line);
        text.push('\n');
    }
    if d.identical() {
        let _ = out.write_all(text.as_bytes());
        Outcome::Ok
    } else {
        let body = text.trim_end().to_string();
        Outcome::Failed(body)
    }
}
