//! The emergency family behind the scenario-agnostic face ([`crate::face`]).

use alloc::boxed::Box;
use alloc::string::ToString;
use alloc::vec::Vec;
#[cfg(feature = "batch")]
use serde_json::Value;

#[cfg(feature = "batch")]
use super::batch::{Batch, BatchParams};
use super::explain::{explain, explain_layer};
use super::knobs::{Choice, IncidentTriggers, Knobs};
use super::pipeline::Emitted;
use super::run::{EmergencyRun, KeySpec, RunSpec};
use super::{Layer, Reason};
#[cfg(feature = "batch")]
use crate::face::{Incident, ScenarioBatch};
use crate::face::{PathInfo, RequestError, RunRequest, ScenarioRun, path};
use crate::vocab::{Code, Decision};

impl RunSpec {
    /// The request form of this specification: the knobs that differ from their defaults, in
    /// knob order, and the choices as tokens.
    pub fn to_request(&self) -> RunRequest {
        let defaults = Knobs::default().to_pairs();
        let knobs = self
            .knobs
            .to_pairs()
            .into_iter()
            .zip(defaults)
            .filter(|((_, v), (_, d))| v != d)
            .map(|((k, v), _)| (k.to_string(), v))
            .collect();
        RunRequest {
            seed: self.seed,
            rng: self.rng,
            knobs,
            choices: self.choices.iter().map(|c| c.token().to_string()).collect(),
        }
    }

    /// The specification a request asks for (with the demo key), validated.
    pub fn from_request(req: &RunRequest) -> Result<RunSpec, RequestError> {
        let mut knobs = Knobs::default();
        for (k, v) in &req.knobs {
            knobs.set(k, v).map_err(|e| RequestError { knob: Some(e.knob), message: e.message })?;
        }
        let mut choices = Vec::with_capacity(req.choices.len());
        for token in &req.choices {
            let choice =
                Choice::parse(token).map_err(|e| RequestError { knob: None, message: e.said() })?;
            choices.push(choice);
        }
        Ok(RunSpec { seed: req.seed, rng: req.rng, knobs, choices, key: KeySpec::Demo })
    }
}

/// The decision paths of the emergency family.
pub const PATHS: &[PathInfo] = &[
    path(
        "run-through",
        "Every gate passes and the contract takes effect",
        "すべてのゲートを通過し契約が発効する",
    ),
    path("hitl:coaching:approve", "The ADMIN approves coaching", "ADMIN がコーチングを承認する"),
    path("hitl:coaching:deny", "The ADMIN denies coaching", "ADMIN がコーチングを却下する"),
    path("hitl:auth:approve", "The USER approves the authorisation", "USER が認可を承認する"),
    path(
        "hitl:auth:revise",
        "The USER asks to revise the authorisation",
        "USER が認可の修正を求める",
    ),
    path("hitl:auth:reject", "The USER rejects the authorisation", "USER が認可を拒否する"),
    path("hitl:finalize:approve", "The ADMIN approves finalisation", "ADMIN が最終確定を承認する"),
    path(
        "hitl:finalize:revise",
        "The ADMIN asks to revise the draft",
        "ADMIN が文書の修正を求める",
    ),
    path("hitl:finalize:stop", "The ADMIN stops finalisation", "ADMIN が最終確定を停止する"),
    path("sealed-stop", "A sealed stop that no human can override", "人間が覆せない封印された停止"),
    path(
        "stop-unsealed",
        "A stop by a human's decision, not sealed",
        "人間の判断による封印されない停止",
    ),
    path(
        "deny-by-default",
        "An outside action without valid authorisation is denied or escalated",
        "有効な認可のない外部操作が拒否またはエスカレーションされる",
    ),
    path(
        "loop-budget-exhausted",
        "The coaching budget is spent, so coaching is skipped",
        "コーチングの上限に達しスキップされる",
    ),
    path(
        "incident-persisted",
        "A row triggers incident persistence (a batch writes an incident file)",
        "行がインシデント保存の契機になる(バッチがインシデントファイルを書く)",
    ),
    crate::face::TAMPER_PATH,
];

/// The paths a run has taken, from the rows shown, the answers made at its decisions, whether
/// it has ended, and its incident triggers.
pub fn paths(
    rows: &[Emitted],
    answers: &[&'static str],
    ended: bool,
    triggers: IncidentTriggers,
) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    if ended && rows.iter().any(|e| e.reason() == Reason::ContractEffective) {
        out.push("run-through");
    }
    for token in answers {
        let id = PATHS.iter().find(|p| p.id.strip_prefix("hitl:") == Some(*token));
        if let Some(p) = id
            && !out.contains(&p.id)
        {
            out.push(p.id);
        }
    }
    let stopped = |sealed: bool| {
        rows.iter().any(|e| e.decision() == Decision::Stopped && e.seal().sealed() == sealed)
    };
    if stopped(true) {
        out.push("sealed-stop");
    }
    if stopped(false) {
        out.push("stop-unsealed");
    }
    let denied = rows.iter().any(|e| {
        matches!(e.layer(), Layer::AccGate | Layer::BlacklistGate | Layer::ModelTrustGate)
            && e.decision() != Decision::Run
            && matches!(
                e.reason(),
                Reason::AuthExpired | Reason::CritMissingRequiredKeys | Reason::NoValidGrant
            )
    });
    if denied {
        out.push("deny-by-default");
    }
    if rows.iter().any(|e| e.reason() == Reason::CoachingSkipped) {
        out.push("loop-budget-exhausted");
    }
    if rows.iter().any(|e| super::persist::is_trigger(e, triggers)) {
        out.push("incident-persisted");
    }
    out
}

/// Opens an emergency run.
pub fn open(req: &RunRequest) -> Result<Box<dyn ScenarioRun>, RequestError> {
    EmergencyRun::open_boxed(req)
}

#[cfg(feature = "batch")]
impl ScenarioBatch for Batch {
    fn step(&mut self, n: u64) -> bool {
        for _ in 0..n {
            if !Batch::step(self) {
                return false;
            }
        }
        self.progress().0 < self.progress().1
    }

    fn progress(&self) -> (u64, u64) {
        Batch::progress(self)
    }

    fn metric(&self) -> f64 {
        self.trust_score()
    }

    fn queue_size(&self) -> u64 {
        Batch::queue_size(self)
    }

    fn take_incidents(&mut self) -> Vec<Incident> {
        Batch::take_incidents(self)
    }

    fn document(&self) -> Value {
        Batch::document(self)
    }

    fn failure(&self) -> Option<crate::say::Said> {
        Batch::failure(self).map(|why| {
            crate::say::Said::new(why.to_string(), alloc::format!("バッチは止まりました: {why}"))
        })
    }
}

#[cfg(feature = "batch")]
/// Opens an emergency batch of `runs` runs (the request's seed, generator and knobs; every
/// decision approved, as the reference bench does) keeping at most `max_incidents` incidents.
pub fn open_batch(
    req: &RunRequest,
    runs: u64,
    max_incidents: u64,
) -> Result<Box<dyn ScenarioBatch>, RequestError> {
    let spec = RunSpec::from_request(req)?;
    Ok(Box::new(Batch::new(BatchParams {
        runs,
        seed: Some(spec.seed),
        rng: spec.rng,
        knobs: spec.knobs,
        save_arl_on_abnormal: true,
        arl_out_dir: "arl".into(),
        max_arl_files: max_incidents,
        sample_runs: 0,
        ..BatchParams::default()
    })))
}

/// Explains a reason code or a layer of the family, by name.
pub fn explain_code(name: &str) -> Option<(&'static str, &'static str)> {
    Reason::parse(name).map(explain).or_else(|| Layer::parse(name).map(explain_layer))
}
