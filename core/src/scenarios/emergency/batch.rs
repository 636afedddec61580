//! The v5.1.2 batch runner: many runs in one world, the reference's result document, the
//! HITL queue, and the incident files with their index and counter.
//!
//! Memory is bounded by what is kept (incidents not yet taken by the caller, the queue items,
//! the sampled run records), never by the number of runs: a [`Batch`] runs one run at a time
//! ([`Batch::step`]) and the caller drains incidents as they come ([`Batch::take_incidents`]).

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value, json};

use super::knobs::{Fabrication, Knobs};
use super::persist::{self, Context};
use super::pipeline::{Checks, Emitted, Next, Pipeline, RunCtx, RunState, SIM_RUN, Score};
use super::state::{EvalState, Grant, TrustState, World};
use super::{POLICY_PACK_HASH, SIM_VERSION};
use crate::arl::RunId;
use crate::chain::ChainKey;
use crate::json::{Object, float, py_round};
use crate::rng::{RngKind, SimRng};
use crate::vocab::{Code, Decision};

/// The stores a batch starts from when it does not reset, and ends with.
#[derive(Clone, Debug, PartialEq)]
pub struct Stores {
    /// Trust.
    pub trust: TrustState,
    /// Evaluation.
    pub eval: EvalState,
    /// The grant.
    pub grant: Option<Grant>,
}

/// The batch runner's parameters (the reference's, plus the generator and the knobs).
#[derive(Clone, Debug)]
pub struct BatchParams {
    /// Runs (0 becomes 1).
    pub runs: u64,
    /// The seed; `None` is written as `null` and seeds the generator with 0.
    pub seed: Option<u64>,
    /// The generator.
    pub rng: RngKind,
    /// Knobs (fabrication, mutations, stress, initial state, triggers, pre-context).
    pub knobs: Knobs,
    /// Start from fresh trust and grants (else from `stores`).
    pub reset: bool,
    /// Reset the eval count when the stores are reset (the reference's `--no-reset-eval`
    /// clears it): with `reset` off nothing is reset, so the eval count carries over too.
    pub reset_eval: bool,
    /// The stores to start from when not resetting.
    pub stores: Option<Stores>,
    /// Save abnormal runs as incident files (needs `arl_out_dir`).
    pub save_arl_on_abnormal: bool,
    /// The incident folder, as written into the index and the result.
    pub arl_out_dir: String,
    /// At most this many incident files.
    pub max_arl_files: u64,
    /// The chain key.
    pub key: ChainKey,
    /// The key mode's name, for `meta`.
    pub key_mode: String,
    /// Keep every run record.
    pub keep_runs: bool,
    /// At most this many HITL queue items.
    pub queue_max_items: u64,
    /// Without `keep_runs`, keep the first this many run records.
    pub sample_runs: u64,
    /// The first incident id to issue (the counter file's value).
    pub first_incident_id: u64,
    /// Store paths written into the repro summary: trust, grants, eval.
    pub store_paths: [String; 3],
    /// Choose an incident's primary row among the replayed context rows too, as the reference
    /// does (its bug: with `full_context_n` > 0 a replayed coaching pause becomes the primary
    /// reason); off by default.
    pub primary_from_context: bool,
    /// The 32-bit words of a seed of 2^64 or more (CPython's generator only): the draws
    /// follow CPython's seeding with every word, while `seed` holds the low 64 bits.
    pub seed_words: Option<Vec<u32>>,
}

impl Default for BatchParams {
    fn default() -> Self {
        BatchParams {
            runs: 4,
            seed: None,
            rng: RngKind::ChaCha,
            knobs: Knobs::default(),
            reset: true,
            reset_eval: true,
            stores: None,
            save_arl_on_abnormal: false,
            arl_out_dir: String::new(),
            max_arl_files: 1000,
            key: ChainKey::demo(),
            key_mode: "demo".to_string(),
            keep_runs: false,
            queue_max_items: 1000,
            sample_runs: 10,
            first_incident_id: 1,
            store_paths: [
                "model_trust_store.json".to_string(),
                "model_grants.json".to_string(),
                "eval_state.json".to_string(),
            ],
            primary_from_context: false,
            seed_words: None,
        }
    }
}

pub use crate::face::Incident;

/// A batch in progress.
#[derive(Debug)]
pub struct Batch {
    p: BatchParams,
    runs: u64,
    world: World,
    rng: SimRng,
    checks: Checks,
    rows: Vec<Emitted>,
    done: u64,
    trust_before: TrustState,
    eval_before: EvalState,
    generated_at: String,
    by_state: Vec<(RunState, u64)>,
    by_reason: Vec<(String, u64)>,
    queue_size: u64,
    items: Vec<Value>,
    records: Vec<Value>,
    abnormal: u64,
    saved: u64,
    skipped: u64,
    next_incident: u64,
    incidents: Vec<Incident>,
    failure: Option<String>,
}

use crate::order::bump;

impl Batch {
    /// Prepares a batch: the world (reset or from the stores), the default grant, the generator.
    pub fn new(p: BatchParams) -> Self {
        let mut world = World::from_knobs(&p.knobs);
        if let (false, Some(stores)) = (p.reset, &p.stores) {
            world.trust = stores.trust.clone();
            world.grant = stores.grant.clone();
        }
        // The reference resets its stores only when reset is on (and then the eval store
        // unless `--no-reset-eval`): `--no-reset` alone keeps every store.
        if let (false, Some(stores)) = (p.reset && p.reset_eval, &p.stores) {
            world.eval = stores.eval;
        }
        world.ensure_grant();
        let rng = match (&p.seed_words, p.rng) {
            (Some(words), RngKind::CpythonMt) => SimRng::cpython_words(words),
            _ => SimRng::new(p.rng, p.seed.unwrap_or(0)),
        };
        Batch {
            runs: p.runs.max(1),
            trust_before: world.trust.clone(),
            eval_before: world.eval,
            generated_at: world.clock.now().iso_jst(),
            next_incident: p.first_incident_id.max(1),
            p,
            world,
            rng,
            checks: Checks::new(),
            rows: Vec::with_capacity(32),
            done: 0,
            by_state: Vec::new(),
            by_reason: Vec::new(),
            queue_size: 0,
            items: Vec::new(),
            records: Vec::new(),
            abnormal: 0,
            saved: 0,
            skipped: 0,
            incidents: Vec::new(),
            failure: None,
        }
    }

    /// The model's trust score now.
    pub fn trust_score(&self) -> f64 {
        self.world.trust.trust_score
    }

    /// Runs queued for a human so far.
    pub fn queue_size(&self) -> u64 {
        self.queue_size
    }

    /// Runs done and runs in all.
    pub fn progress(&self) -> (u64, u64) {
        (self.done, self.runs)
    }

    /// Why the batch stopped before its last run, if it did: its result must not be written.
    pub fn failure(&self) -> Option<&str> {
        self.failure.as_deref()
    }

    /// Takes the incident files produced so far.
    pub fn take_incidents(&mut self) -> Vec<Incident> {
        core::mem::take(&mut self.incidents)
    }

    /// Runs every remaining run.
    pub fn run_all(&mut self) {
        while self.step() {}
    }

    /// Runs the next run; `false` when every run is done.
    pub fn step(&mut self) -> bool {
        if self.done >= self.runs || self.failure.is_some() {
            return false;
        }
        self.done += 1;
        let i = self.done;
        let run_id = RunId::numbered("SIM#B", i, 5);
        let now = self.world.clock.now();
        let mut ctx = RunCtx::new(run_id.clone(), now, self.world.eval.multiplier());
        ctx.fabricate = match self.p.knobs.fabrication() {
            Fabrication::Off => false,
            Fabrication::Always => true,
            Fabrication::Rate(rate) => self.rng.random() < rate,
        };
        ctx.evidence = self.p.knobs.evidence;
        ctx.auth = self.p.knobs.auth_request;
        ctx.draft = self.p.knobs.draft;
        ctx.stress = self.p.knobs.stress;
        // A run nobody reads (no record kept, and normal, as most are) is run without rows.
        // Its outcome decides: an abnormal run is queued and persisted, so it runs again from
        // the same world, with its rows; the rows and the world after it are the same as if it
        // had been run with rows once (the pipeline's outcome does not depend on whether rows
        // are built). A stress run draws its mutations from the generator, and more of its
        // runs are abnormal, so it is run once, with its rows (restoring the generator for the
        // rare rerun would cost every run a copy of it).
        let keep_record = self.p.keep_runs || i <= self.p.sample_runs;
        let (ctx, score) = if keep_record || ctx.stress {
            self.run_pipeline(ctx, true)
        } else {
            let world = self.world.clone();
            let (lean, score) = self.run_pipeline(ctx.clone(), false);
            if lean.state.abnormal(lean.sealed) || lean.defect.is_some() {
                self.world = world;
                self.run_pipeline(ctx, true)
            } else {
                (lean, score)
            }
        };
        let state = ctx.state;
        let sealed = ctx.sealed;
        let abnormal = state.abnormal(sealed) || ctx.defect.is_some();
        bump(&mut self.by_state, state);

        let selected = persist::select(
            &self.rows,
            self.p.knobs.full_context_n,
            self.p.knobs.incident_triggers,
            abnormal,
        );
        // The primary row: the first pause or stop, skipping replayed context rows (unless
        // the reference's choice is asked for).
        let counts = |c: &Context| self.p.primary_from_context || !matches!(c, Context::Replay(_));
        let primary = selected
            .iter()
            .filter(|(_, c)| counts(c))
            .position(|(e, _)| matches!(e.decision(), Decision::PauseForHitl | Decision::Stopped));
        let queued = abnormal && (self.items.len() as u64) < self.p.queue_max_items;
        let save = abnormal && self.p.save_arl_on_abnormal && !self.p.arl_out_dir.is_empty();
        let saving = save && self.saved < self.p.max_arl_files;
        let chained = if keep_record || queued || saving {
            let chain_id = persist::chain_id(&format!(
                "{}|{}|{}",
                self.p.rng.as_str(),
                self.p.seed.map_or_else(|| "none".to_string(), |s| s.to_string()),
                run_id
            ));
            match persist::chain(&selected, &self.p.key, chain_id) {
                Ok(rows) => rows,
                Err(e) => {
                    // Fail closed: a run whose audit rows cannot be chained stops the batch;
                    // no result is written without them.
                    self.failure = Some(format!(
                        "run {}: its audit rows cannot be chained (a row holds the non-finite number {}); the batch stopped",
                        run_id.as_str(),
                        e.0
                    ));
                    return false;
                }
            }
        } else {
            Vec::new()
        };
        // The primary row among the chained rows.
        let primary_row = primary.and_then(|k| {
            let mut seen = 0;
            selected.iter().zip(chained.iter()).find_map(|((_, c), obj)| {
                if !counts(c) {
                    return None;
                }
                seen += 1;
                (seen == k + 1).then_some(obj)
            })
        });
        let primary_emitted = primary
            .and_then(|k| selected.iter().filter(|(_, c)| counts(c)).nth(k).map(|(e, _)| *e));

        if abnormal {
            self.abnormal += 1;
            self.queue_size += 1;
            let reason = primary_emitted.map_or("UNKNOWN", |e| e.reason().as_str());
            bump(&mut self.by_reason, reason.to_string());
            if queued {
                self.items.push(queue_item(run_id.as_str(), state.as_str(), sealed, primary_row));
            }
            if save {
                if saving {
                    let first_not_run = selected
                        .iter()
                        .filter(|(_, c)| counts(c))
                        .find(|(e, _)| e.decision() != Decision::Run)
                        .map_or("OK", |(e, _)| e.reason().as_str());
                    let incident = self.incident(
                        run_id.as_str(),
                        now,
                        state,
                        sealed,
                        first_not_run,
                        chained.clone(),
                    );
                    self.incidents.push(incident);
                } else {
                    self.skipped += 1;
                }
            }
        }
        if keep_record {
            let arl: Vec<Value> = chained.iter().map(Object::to_value).collect();
            self.records.push(json!({
                "run_id": run_id.as_str(),
                "final_state": state.as_str(),
                "sealed": sealed,
                "runtime_ms": float(py_round(score.runtime_ms, 6)),
                "fabricate_evidence": ctx.fabricated(),
                "eval": {
                    "multiplier_snapshot": float(py_round(ctx.multiplier, 3)),
                    "base_score": float(py_round(score.base, 6)),
                    "final_score": float(py_round(score.final_score, 6)),
                    "reward_granted": score.clean,
                    "reward_value": float(py_round(score.reward, 6)),
                    "clean_completion": score.clean,
                    "fraud_hits": score.fraud_hits.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
                },
                "arl": arl,
                "trust_after": self.world.trust.to_value(),
            }));
        }
        self.world.clock.advance(SIM_RUN);
        true
    }

    /// Runs one run to its end, answering every HITL point as the reference's batch does
    /// (approve), with its rows in `self.rows` when `rows`, else building none.
    fn run_pipeline(&mut self, mut ctx: RunCtx, rows: bool) -> (RunCtx, Score) {
        self.rows.clear();
        let mut pipeline = Pipeline {
            world: &mut self.world,
            rng: &mut self.rng,
            checks: &mut self.checks,
            run: &mut ctx,
            out: rows.then_some(&mut self.rows),
        };
        let mut next = pipeline.start();
        while let Next::Hitl(point) = next {
            next = pipeline.resume(point, point.approve());
        }
        let score = pipeline.score();
        (ctx, score)
    }

    fn incident(
        &mut self,
        run_id: &str,
        now: crate::clock::SimTime,
        state: RunState,
        sealed: bool,
        primary: &str,
        rows: Vec<Object>,
    ) -> Incident {
        let incident_id = format!("INC#{:06}", self.next_incident);
        self.next_incident += 1;
        self.saved += 1;
        let file_name = format!("{incident_id}__{run_id}.arl.jsonl");
        let dir = self.p.arl_out_dir.trim_end_matches('/');
        let mut index = Object::new();
        index.insert("incident_id", Value::from(incident_id.as_str()));
        index.insert("run_id", Value::from(run_id));
        index.insert("created_at", Value::from(now.iso_jst()));
        index.insert("primary_reason_code", Value::from(primary));
        index.insert("final_state", Value::from(state.as_str()));
        index.insert("sealed", Value::Bool(sealed));
        index.insert("arl_path", Value::from(format!("{dir}/{file_name}")));
        index.insert("sim_version", Value::from(SIM_VERSION));
        Incident { incident_id, file_name, rows, index }
    }

    /// The next incident id (the counter file's new value).
    pub fn next_incident_id(&self) -> u64 {
        self.next_incident
    }

    /// The stores after the batch (what the reference writes back at the end).
    pub fn stores(&self) -> Stores {
        Stores {
            trust: self.world.trust.clone(),
            eval: self.world.eval,
            grant: self.world.grant.clone(),
        }
    }

    /// The reference's result document (runs that were not run yet are not counted).
    pub fn document(&self) -> Value {
        let p = &self.p;
        let mut by_state: Vec<(&str, u64)> =
            self.by_state.iter().map(|(s, n)| (s.as_str(), *n)).collect();
        crate::order::sort_by(&mut by_state, |a, b| a.0.cmp(b.0));
        let by_state: Map<String, Value> =
            by_state.into_iter().map(|(s, n)| (s.to_string(), Value::from(n))).collect();
        let mut top = self.by_reason.clone();
        crate::order::sort_by_key(&mut top, |r| core::cmp::Reverse(r.1));
        top.truncate(20);
        let top: Map<String, Value> = top.into_iter().map(|(r, n)| (r, Value::from(n))).collect();
        let rate = p.knobs.fabricate_rate.map_or(Value::Null, float);
        let seed = p.seed.map_or(Value::Null, Value::from);
        let counts = json!({
            "total_runs": self.done,
            "by_state": by_state,
            "by_reason_code_top20": top,
            "queue_size": self.queue_size,
            "items_kept": self.items.len(),
        });
        let mut summary = counts.clone();
        if let Some(obj) = summary.as_object_mut() {
            obj.insert("abnormal_total".into(), Value::from(self.abnormal));
            obj.insert("saved".into(), Value::from(self.saved));
            obj.insert("skipped_by_cap".into(), Value::from(self.skipped));
        }
        let mut doc = Map::new();
        doc.insert(
            "meta".into(),
            json!({
                "version": SIM_VERSION,
                "generated_at": self.generated_at,
                "policy_pack_hash": POLICY_PACK_HASH,
                "key_mode": p.key_mode,
                "key_id": p.key.key_id(),
                "keep_runs": p.keep_runs,
                "fabricate_rate": rate,
                "seed": seed,
            }),
        );
        doc.insert("trust_before".into(), self.trust_before.to_value());
        doc.insert("eval_before".into(), self.eval_before.to_value());
        doc.insert(
            "abnormal_arl_persistence".into(),
            json!({
                "enabled": p.save_arl_on_abnormal && !p.arl_out_dir.is_empty(),
                "arl_out_dir": p.arl_out_dir,
                "max_arl_files": p.max_arl_files,
                "saved": self.saved,
                "skipped_by_cap": self.skipped,
                "abnormal_total": self.abnormal,
            }),
        );
        let records_key = if p.keep_runs { "runs" } else { "runs_sample" };
        doc.insert(records_key.into(), Value::Array(self.records.clone()));
        doc.insert("trust_after".into(), self.world.trust.to_value());
        doc.insert("eval_after".into(), self.world.eval.to_value());
        doc.insert(
            "hitl_queue".into(),
            json!({
                "meta": {
                    "version": SIM_VERSION,
                    "generated_at": self.generated_at,
                    "policy_pack_hash": POLICY_PACK_HASH,
                    "key_id": p.key.key_id(),
                },
                "counts": counts,
                "items": self.items.clone(),
            }),
        );
        doc.insert("repro_summary".into(), json!({
            "sim_version": SIM_VERSION,
            "policy_pack_hash": POLICY_PACK_HASH,
            "runs_requested": self.runs,
            "fabricate": p.knobs.fabricate,
            "fabricate_rate": rate,
            "seed": seed,
            "reset": p.reset,
            "reset_eval": p.reset_eval,
            "full_context_n": p.knobs.full_context_n,
            "keep_runs": p.keep_runs,
            "store_paths": {"trust": p.store_paths[0], "grants": p.store_paths[1], "eval": p.store_paths[2]},
            "summary": summary,
        }));
        Value::Object(doc)
    }
}

const SNAPSHOT_KEYS: [&str; 9] = [
    "layer",
    "decision",
    "reason_code",
    "missing_keys",
    "kind",
    "error",
    "pattern",
    "prev_hash",
    "row_hash",
];

/// A HITL queue item (v5.1.2 and v5.0.1): the run, and its primary row's layer, reason,
/// overrideability and decider, with a snapshot of the row's keys the reference copies.
pub fn queue_item(run_id: &str, state: &str, sealed: bool, primary: Option<&Object>) -> Value {
    let mut snapshot = Map::new();
    if let Some(row) = primary {
        for k in SNAPSHOT_KEYS {
            if let Some(v) = row.get(k) {
                snapshot.insert(k.to_string(), v.clone());
            }
        }
    }
    let field = |k: &str| primary.and_then(|row| row.get(k)).cloned().unwrap_or(Value::Null);
    let reason = primary.and_then(|row| row.get("reason_code"));
    json!({
        "run_id": run_id,
        "final_state": state,
        "sealed": sealed,
        "primary_reason_code": reason.cloned().unwrap_or_else(|| Value::from("UNKNOWN")),
        "primary_layer": field("layer"),
        "overrideable": field("overrideable"),
        "final_decider": field("final_decider"),
        "snapshot": snapshot,
    })
}

/// The HITL queue as the reference's CSV (`--queue-csv`): `\r\n` line ends, `True`/`False`,
/// empty for missing values, the snapshot as JSON with default separators; an error when a
/// snapshot holds a number JSON cannot hold (no file is better than a wrong one).
pub fn queue_csv(document: &Value) -> Result<String, crate::json::NonFiniteFloat> {
    use crate::csv::cell as field;
    let mut out = String::from(
        "run_id,final_state,sealed,primary_reason_code,primary_layer,overrideable,final_decider,snapshot_json\r\n",
    );
    let items = document.pointer("/hitl_queue/items").and_then(Value::as_array);
    for item in items.into_iter().flatten() {
        for (i, key) in [
            "run_id",
            "final_state",
            "sealed",
            "primary_reason_code",
            "primary_layer",
            "overrideable",
            "final_decider",
        ]
        .iter()
        .enumerate()
        {
            if i > 0 {
                out.push(',');
            }
            let text = match item.get(*key) {
                Some(Value::Bool(true)) => "True".to_string(),
                Some(Value::Bool(false)) => "False".to_string(),
                Some(Value::String(s)) => s.clone(),
                Some(Value::Null) | None => String::new(),
                Some(other) => other.to_string(),
            };
            field(&mut out, &text);
        }
        out.push(',');
        let snapshot = item.get("snapshot").cloned().unwrap_or(Value::Null);
        let obj = match snapshot {
            Value::Object(m) => Object::from(m),
            _ => Object::new(),
        };
        field(&mut out, &crate::json::line(&obj)?);
        out.push_str("\r\n");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_with_a_number_json_cannot_hold_is_refused_and_its_run_fails_closed() {
        let mut batch =
            Batch::new(BatchParams { runs: 3, keep_runs: true, ..BatchParams::default() });
        assert!(batch.step(), "the first run is clean");
        // A non-finite trust reaches the next run's trust-gate row: written, it would be `null`.
        batch.world.trust.trust_score = f64::NAN;
        assert!(batch.step());
        assert!(batch.failure().is_none(), "a refused row ends its run, not the batch");
        let doc = batch.document();
        let run = &doc["runs"][1];
        assert_eq!(run["final_state"], "STOPPED", "{run}");
        // Its rows stop before the refused one: no row carries the number as `null`.
        let rows = run["arl"].as_array().cloned().unwrap_or_default();
        assert!(rows.iter().all(|r| r.get("trust_score").is_none_or(|t| t.is_number())));
        assert!(rows.iter().all(|r| r["layer"] != "model_trust_gate"), "{rows:?}");
        assert_eq!(doc["abnormal_arl_persistence"]["abnormal_total"], 1);
    }
}
