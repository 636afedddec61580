//! `maestro emergency-contract`: the v5.1.2 batch runner with the reference's flags.
//!
//! Everything is computed first; files are written only when the whole batch succeeded, so
//! bad input never leaves partial output.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::Args;
use maestro_core::rng::RngKind;
use maestro_core::scenarios::emergency::batch::{Batch, BatchParams, Stores, queue_csv};
use maestro_core::scenarios::emergency::knobs::Knobs;
use maestro_core::scenarios::emergency::state::{EvalState, Grant, TrustState};
use serde_json::Value;

use crate::Outcome;
use crate::key::KeyArgs;

/// The reference's batch flags, plus the generator and the knobs.
#[derive(Args, Debug)]
pub struct BatchArgs {
    /// Runs in the batch (0 counts as 1).
    #[arg(long, default_value = "4", allow_negative_numbers = true)]
    runs: i64,
    /// Fabricate the evidence of every run (when no rate is given).
    #[arg(long)]
    fabricate: bool,
    /// Fabricate a run's evidence when its `random()` draw is below this rate, in [0, 1].
    #[arg(long, value_name = "RATE", allow_negative_numbers = true)]
    fabricate_rate: Option<f64>,
    /// Seed of the generator.
    #[arg(long, allow_negative_numbers = true)]
    seed: Option<i128>,
    /// The generator: `chacha`, or `cpython-mt` to reproduce the reference bench's draws.
    #[arg(long, default_value = "chacha", value_name = "chacha|cpython-mt|sha256-counter")]
    rng: String,
    /// Keep the stores of `--store-dir` instead of starting fresh: trust and grants, and the
    /// eval store too (the reference deletes nothing when reset is off).
    #[arg(long)]
    no_reset: bool,
    /// Keep the eval store of `--store-dir` (alone: only the eval store is kept).
    #[arg(long)]
    no_reset_eval: bool,
    /// Folder of the trust, grant and eval stores: read with `--no-reset`/`--no-reset-eval`,
    /// written after the batch.
    #[arg(long, value_name = "DIR")]
    store_dir: Option<PathBuf>,
    /// Save abnormal runs as incident files (needs `--arl-out-dir`).
    #[arg(long)]
    save_arl_on_abnormal: bool,
    /// Folder of the incident files, the index and the counter.
    #[arg(long, value_name = "DIR", default_value = "")]
    arl_out_dir: String,
    /// At most this many incident files.
    #[arg(long, default_value = "1000")]
    max_arl_files: u64,
    /// Pre-context rows replayed before an incident.
    #[arg(long, default_value = "0")]
    full_context_n: usize,
    /// Let a replayed context row be an incident's primary row, as the reference does (its
    /// bug: a replayed coaching pause becomes the primary reason); by default replayed rows
    /// are skipped.
    #[arg(long)]
    primary_from_context: bool,
    #[command(flatten)]
    key: KeyArgs,
    /// Keep every run record in `runs`.
    #[arg(long)]
    keep_runs: bool,
    /// At most this many HITL queue items.
    #[arg(long, default_value = "1000")]
    queue_max_items: u64,
    /// Without `--keep-runs`, keep the first this many run records in `runs_sample`.
    #[arg(long, default_value = "10")]
    sample_runs: u64,
    /// Write the result document here (else print it).
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
    /// Write the HITL queue as CSV here.
    #[arg(long, value_name = "PATH")]
    queue_csv: Option<PathBuf>,
    /// A scenario knob, `NAME=VALUE` (repeatable); `maestro knobs emergency-contract` lists them.
    #[arg(long = "knob", value_name = "NAME=VALUE")]
    knobs: Vec<String>,
}

/// Applies `NAME=VALUE` knob settings.
pub fn apply_knobs(knobs: &mut Knobs, settings: &[String]) -> Result<(), String> {
    for setting in settings {
        let (name, value) = setting
            .split_once('=')
            .ok_or_else(|| format!("`--knob {setting}` must be NAME=VALUE"))?;
        knobs.set(name.trim(), value.trim()).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Parses `--rng`.
pub fn rng_kind(name: &str) -> Result<RngKind, String> {
    RngKind::parse(name).ok_or_else(|| {
        format!("unknown generator `{name}` (expected `chacha`, `cpython-mt` or `sha256-counter`)")
    })
}

/// Parses `--seed` into the generator's 64-bit seed.
pub fn seed(seed: Option<i128>) -> Result<Option<u64>, String> {
    seed.map(|s| {
        u64::try_from(s.unsigned_abs()).map_err(|_| format!("seed {s} is outside the 64-bit range"))
    })
    .transpose()
}

/// A batch's seed: its absolute value's low 64 bits and, for a seed of 2^64 or more, its
/// 32-bit words (CPython's generator seeds with all of them; the others read 64 bits).
fn batch_seed(seed: Option<i128>, rng: &str) -> Result<(Option<u64>, Option<Vec<u32>>), String> {
    let Some(s) = seed else { return Ok((None, None)) };
    let abs = s.unsigned_abs();
    if let Ok(small) = u64::try_from(abs) {
        return Ok((Some(small), None));
    }
    if rng != "cpython-mt" {
        return Err(format!(
            "seed {s} is 2^64 or more: only `--rng cpython-mt` reads such a seed (CPython seeds with every 32-bit word of it)"
        ));
    }
    let mut words = Vec::new();
    let mut rest = abs;
    while rest > 0 {
        words.push((rest & 0xFFFF_FFFF) as u32);
        rest >>= 32;
    }
    Ok((Some(abs as u64), Some(words)))
}

/// The result document's text with the seed echoed as the reference echoes it: as given. The
/// document holds the seed its draws use (the absolute value, in 64 bits), so a negative seed
/// or one of 2^64 or more is written back here, on the `seed` lines of `meta` and
/// `repro_summary`.
fn echo_seed(text: String, a: &BatchArgs) -> String {
    let Some(given) = a.seed else { return text };
    let held = given.unsigned_abs() as u64;
    if i128::from(held) == given {
        return text;
    }
    let (from, to) = (format!("\"seed\": {held}"), format!("\"seed\": {given}"));
    text.lines()
        .map(|line| match line.trim_start().strip_prefix(&from) {
            Some("" | ",") => line.replacen(&from, &to, 1),
            _ => line.to_string(),
        })
        .fold(String::with_capacity(text.len() + 8), |mut out, line| {
            out.push_str(&line);
            out.push('\n');
            out
        })
}

fn read_store(dir: &Path, name: &str) -> Value {
    std::fs::read(dir.join(name))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or(Value::Null)
}

fn params(a: &BatchArgs) -> Result<BatchParams, String> {
    if a.runs < 0 {
        return Err(format!("`--runs` must be ≥ 0, not {}", a.runs));
    }
    let mut knobs =
        Knobs { fabricate: a.fabricate, full_context_n: a.full_context_n, ..Knobs::default() };
    if let Some(rate) = a.fabricate_rate {
        knobs
            .set(
                maestro_core::scenarios::emergency::knobs::names::FABRICATE_RATE,
                &rate.to_string(),
            )
            .map_err(|_| format!("`--fabricate-rate` must lie in [0, 1], not {rate}"))?;
    }
    apply_knobs(&mut knobs, &a.knobs)?;
    let key = a.key.load_full()?;
    if (a.no_reset || a.no_reset_eval) && a.store_dir.is_none() {
        return Err(
            "`--no-reset` and `--no-reset-eval` need `--store-dir DIR` to read the stores from"
                .into(),
        );
    }
    let stores = a.store_dir.as_ref().map(|dir| Stores {
        trust: TrustState::from_value(&read_store(dir, "model_trust_store.json")),
        eval: EvalState::from_value(&read_store(dir, "eval_state.json")),
        grant: grant_from_store(&read_store(dir, "model_grants.json")),
    });
    let counter = if a.arl_out_dir.is_empty() {
        1
    } else {
        std::fs::read_to_string(Path::new(&a.arl_out_dir).join("incident_counter.txt"))
            .ok()
            .and_then(|t| t.trim().parse::<u64>().ok())
            .unwrap_or(1)
    };
    // The working folder's stores are named bare, as the reference names them.
    let store_path = |name: &str| match &a.store_dir {
        Some(d) if d.as_os_str() != "." && !d.as_os_str().is_empty() => {
            d.join(name).display().to_string()
        }
        _ => name.to_string(),
    };
    let (seed, seed_words) = batch_seed(a.seed, &a.rng)?;
    Ok(BatchParams {
        runs: a.runs.unsigned_abs(),
        seed,
        rng: rng_kind(&a.rng)?,
        knobs,
        reset: !a.no_reset,
        reset_eval: !a.no_reset_eval,
        stores,
        save_arl_on_abnormal: a.save_arl_on_abnormal,
        arl_out_dir: a.arl_out_dir.clone(),
        max_arl_files: a.max_arl_files,
        key: key.key,
        key_mode: key.mode.to_string(),
        keep_runs: a.keep_runs,
        queue_max_items: a.queue_max_items,
        sample_runs: a.sample_runs,
        first_incident_id: counter,
        primary_from_context: a.primary_from_context,
        seed_words,
        store_paths: [
            store_path("model_trust_store.json"),
            store_path("model_grants.json"),
            store_path("eval_state.json"),
        ],
    })
}

fn grant_from_store(v: &Value) -> Option<Grant> {
    let g = v.get("grants")?.as_array()?.iter().find(|g| {
        g.get("scenario").and_then(Value::as_str)
            == Some(maestro_core::scenarios::emergency::SCENARIO_ID)
            && g.get("location_id").and_then(Value::as_str)
                == Some(maestro_core::scenarios::emergency::LOCATION_ID)
    })?;
    Some(Grant {
        grant_id: g.get("grant_id")?.as_str()?.into(),
        expires_at: maestro_core::clock::SimTime::parse_iso(g.get("expires_at")?.as_str()?)?,
    })
}

/// `v` as indented JSON and a newline; an error (and no file) when it holds a number JSON
/// cannot hold.
fn pretty(v: &Value) -> Result<String, String> {
    let mut text = maestro_core::json::pretty(v).map_err(|e| {
        format!("the result holds the number {}, which JSON cannot hold: nothing was written", e.0)
    })?;
    text.push('\n');
    Ok(text)
}

/// Runs the batch and writes its outputs.
pub fn run(a: &BatchArgs, out: &mut impl Write) -> Outcome {
    let p = match params(a) {
        Ok(p) => p,
        Err(msg) => return Outcome::Unusable(msg),
    };
    let total = p.runs.max(1);
    let mut batch = Batch::new(p);
    let show = std::io::stderr().is_terminal() && total >= 10_000;
    let tick = (total / 100).max(1);
    let mut incidents = Vec::new();
    while batch.step() {
        let (done, _) = batch.progress();
        if show && (done % tick == 0 || done == total) {
            let filled = (done * 40 / total) as usize;
            eprint!("\r[{}{}] {done}/{total} runs", "#".repeat(filled), " ".repeat(40 - filled));
        }
        incidents.append(&mut batch.take_incidents());
    }
    if show {
        eprintln!();
    }
    // Fail closed: a batch that stopped before its last run writes nothing.
    if let Some(why) = batch.failure() {
        return Outcome::Unusable(why.to_string());
    }
    let doc = batch.document();
    match write_outputs(a, &batch, &doc, &incidents, out) {
        Ok(()) => Outcome::Ok,
        Err(msg) => Outcome::Unusable(msg),
    }
}

fn write_outputs(
    a: &BatchArgs,
    batch: &Batch,
    doc: &Value,
    incidents: &[maestro_core::scenarios::emergency::batch::Incident],
    out: &mut impl Write,
) -> Result<(), String> {
    let write = |path: &Path, bytes: &[u8]| {
        std::fs::write(path, bytes).map_err(|e| format!("cannot write `{}`: {e}", path.display()))
    };
    // As the reference: the folder, the index and the counter are written only when an
    // incident file is saved (no abnormal run, or a cap of 0, writes nothing).
    if !a.arl_out_dir.is_empty() && a.save_arl_on_abnormal && !incidents.is_empty() {
        let dir = Path::new(&a.arl_out_dir);
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
        let mut index = String::new();
        for inc in incidents {
            let unwritable = |e: maestro_core::json::NonFiniteFloat| {
                format!("incident `{}` holds a number JSON cannot write ({})", inc.incident_id, e.0)
            };
            write(&dir.join(&inc.file_name), inc.jsonl().map_err(unwritable)?.as_bytes())?;
            index.push_str(&inc.index_line().map_err(unwritable)?);
        }
        let index_path = dir.join("incident_index.jsonl");
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&index_path)
            .map_err(|e| format!("cannot open `{}`: {e}", index_path.display()))?;
        file.write_all(index.as_bytes())
            .map_err(|e| format!("cannot write `{}`: {e}", index_path.display()))?;
        write(&dir.join("incident_counter.txt"), batch.next_incident_id().to_string().as_bytes())?;
    }
    if let Some(dir) = &a.store_dir {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
        let stores = batch.stores();
        write(&dir.join("model_trust_store.json"), pretty(&stores.trust.to_value())?.as_bytes())?;
        write(&dir.join("eval_state.json"), pretty(&stores.eval.to_value())?.as_bytes())?;
        write(
            &dir.join("model_grants.json"),
            pretty(&Grant::store(stores.grant.as_ref()))?.as_bytes(),
        )?;
    }
    if let Some(path) = &a.queue_csv {
        let csv = queue_csv(doc).map_err(|e| {
            format!("the queue cannot be written as CSV: it holds the number {}, which JSON cannot hold", e.0)
        })?;
        write(path, csv.as_bytes())?;
    }
    let text = echo_seed(pretty(doc)?, a);
    match &a.out {
        Some(path) => write(path, text.as_bytes())?,
        None => out
            .write_all(text.as_bytes())
            .map_err(|e| format!("cannot write to standard output: {e}"))?,
    }
    Ok(())
}
