//! One interactive emergency run: advanced one row at a time, paused at every HITL point
//! with a [`HitlRequest`], continued only by a resolution.
//!
//! A [`RunSpec`] fixes everything: seed, generator, knobs, key, and the HITL script (the
//! choices made so far). Scripted choices are applied when their point is reached; when the
//! script runs out the run waits for [`EmergencyRun::resolve`] (or, with
//! [`EmergencyRun::run_to_end`], approves everything, as the reference bench does).

use alloc::string::String;
use alloc::vec::Vec;

use super::knobs::{Choice, Fabrication, Knobs};
use super::persist::chain_id;
use super::pipeline::{Checks, Emitted, HitlPoint, Next, Pipeline, RunCtx, RunState, Score};
use super::state::World;
use super::{Layer, Reason};
use crate::arl::RunId;
use crate::chain::{ChainKey, KeyError};
use crate::rng::{RngKind, SimRng};
use crate::vocab::{FinalDecider, LogLevel};

pub use crate::runlog::{LOG_FORMAT, LOG_FORMAT_VERSION};

/// Which key signs the run's log.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum KeySpec {
    /// The reference's demo key.
    #[default]
    Demo,
    /// A key the user supplied, with an id naming it.
    User {
        /// The key id written into rows.
        key_id: String,
        /// The key bytes.
        secret: Vec<u8>,
    },
}

impl KeySpec {
    /// The chain key.
    pub fn key(&self) -> Result<ChainKey, KeyError> {
        match self {
            KeySpec::Demo => Ok(ChainKey::demo()),
            KeySpec::User { key_id, secret } => ChainKey::custom(key_id.clone(), secret.clone()),
        }
    }
}

/// Everything that determines a run.
#[derive(Clone, Debug, PartialEq)]
pub struct RunSpec {
    /// The seed.
    pub seed: u64,
    /// The generator.
    pub rng: RngKind,
    /// The knobs.
    pub knobs: Knobs,
    /// The HITL script: choices in the order their points are reached.
    pub choices: Vec<Choice>,
    /// The signing key.
    pub key: KeySpec,
}

impl RunSpec {
    /// The default run of a seed: default knobs, ChaCha, no choices, the demo key.
    pub fn new(seed: u64) -> Self {
        RunSpec {
            seed,
            rng: RngKind::ChaCha,
            knobs: Knobs::default(),
            choices: Vec::new(),
            key: KeySpec::Demo,
        }
    }
}

/// What a human is asked at a HITL point.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HitlRequest {
    /// The point.
    pub point: HitlPoint,
    /// Who must decide.
    pub decider: FinalDecider,
    /// The gate that asked (the last pause row's layer).
    pub layer: Layer,
    /// Why (the last pause row's reason).
    pub reason: Reason,
    /// The options, in display order.
    pub options: &'static [Choice],
}

/// What a choice leads to, in one sentence (English, Japanese).
pub const fn consequence(choice: Choice) -> (&'static str, &'static str) {
    match choice {
        Choice::CoachingApprove => (
            "A coaching session is held: compliance rises by 0.03 and the run goes on to the evidence gate.",
            "コーチングを実施:コンプライアンスが 0.03 上がり、証拠ゲートへ進む。",
        ),
        Choice::CoachingDeny => (
            "No coaching: compliance stays as it is and the run goes on to the evidence gate.",
            "コーチングなし:コンプライアンスは変わらず、証拠ゲートへ進む。",
        ),
        Choice::AuthApprove => (
            "The request is authorised (trust +0.01) unless it has expired, which seals the run.",
            "リクエストを認可(信頼 +0.01)。ただし期限切れなら実行は封印される。",
        ),
        Choice::AuthRevise => (
            "A revised request is asked for: the run ends waiting in PAUSE_FOR_HITL_AUTH.",
            "修正を依頼:実行は PAUSE_FOR_HITL_AUTH で待機したまま終わる。",
        ),
        Choice::AuthReject => (
            "The request is rejected: the run stops, unsealed, decided by USER.",
            "リクエストを却下:実行は USER の判断で停止(封印なし)。",
        ),
        Choice::FinalizeApprove => (
            "The draft is finalised (trust +0.02) and the simulated contract becomes effective.",
            "草案を確定(信頼 +0.02)し、模擬契約が発効する。",
        ),
        Choice::FinalizeRevise => (
            "A revised draft is asked for: the run ends waiting in PAUSE_FOR_HITL_FINALIZE.",
            "草案の修正を依頼:実行は PAUSE_FOR_HITL_FINALIZE で待機したまま終わる。",
        ),
        Choice::FinalizeStop => (
            "The run stops, unsealed, decided by ADMIN; nothing takes effect.",
            "実行は ADMIN の判断で停止(封印なし)。何も発効しない。",
        ),
    }
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq)]
pub struct RunEnd {
    /// The final state.
    pub state: RunState,
    /// Whether it was sealed.
    pub sealed: bool,
    /// The reason of the decisive row: the last row that is not a score, reward or trust update.
    pub reason: Reason,
    /// Its scores.
    pub score: Score,
}

/// One step of a run.
#[derive(Clone, Debug, PartialEq)]
pub enum Step<'a> {
    /// The next row.
    Row(&'a Emitted),
    /// A human must decide.
    Hitl(HitlRequest),
    /// The run is over.
    Ended(&'a RunEnd),
}

/// Why a resolution was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResolveError {
    /// Rows before the HITL point have not all been shown yet.
    RowsPending,
    /// The run ended unsealed; there is nothing to continue.
    Ended,
}

impl core::fmt::Display for ResolveError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            ResolveError::RowsPending => "the run has rows to show before its next decision",
            ResolveError::Ended => "the run has ended; there is nothing to decide",
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    At(HitlPoint),
    Ended,
}

/// An emergency run in progress.
#[derive(Debug)]
pub struct EmergencyRun {
    spec: RunSpec,
    world: World,
    rng: SimRng,
    checks: Checks,
    ctx: RunCtx,
    rows: Vec<Emitted>,
    shown: usize,
    status: Status,
    script: usize,
    made: Vec<Choice>,
    /// For each choice made at a HITL point: the rows emitted before it and the point.
    asked: Vec<(usize, HitlPoint)>,
    end: Option<RunEnd>,
}

/// The run id of the single interactive run.
pub const RUN_ID: &str = "SIM#B00001";

impl EmergencyRun {
    /// Starts the run of `spec` (the rows up to the first HITL point are computed).
    pub fn new(spec: RunSpec) -> Self {
        Self::with_checks(spec, Checks::new())
    }

    /// Starts the run of `spec` with checks shared with other runs ([`Checks::share`]).
    pub fn with_checks(spec: RunSpec, checks: Checks) -> Self {
        let world = World::from_knobs(&spec.knobs);
        let mut rng = SimRng::new(spec.rng, spec.seed);
        let mut ctx = RunCtx::new(RunId::new(RUN_ID), world.clock.now(), world.eval.multiplier());
        ctx.fabricate = match spec.knobs.fabrication() {
            Fabrication::Off => false,
            Fabrication::Always => true,
            Fabrication::Rate(rate) => rng.random() < rate,
        };
        ctx.evidence = spec.knobs.evidence;
        ctx.auth = spec.knobs.auth_request;
        ctx.draft = spec.knobs.draft;
        ctx.stress = spec.knobs.stress;
        let mut run = EmergencyRun {
            spec,
            world,
            rng,
            checks,
            ctx,
            rows: Vec::new(),
            shown: 0,
            status: Status::Ended,
            script: 0,
            made: Vec::new(),
            asked: Vec::new(),
            end: None,
        };
        let next = run.pipeline().start();
        run.settle(next);
        run
    }

    fn pipeline(&mut self) -> Pipeline<'_> {
        Pipeline {
            world: &mut self.world,
            rng: &mut self.rng,
            checks: &mut self.checks,
            run: &mut self.ctx,
            out: &mut self.rows,
        }
    }

    fn settle(&mut self, next: Next) {
        match next {
            Next::Hitl(point) => self.status = Status::At(point),
            Next::End => {
                self.status = Status::Ended;
                let score = self.pipeline().score();
                self.end = Some(self.summary(score));
            }
        }
    }

    fn summary(&self, score: Score) -> RunEnd {
        let decisive = self.rows.iter().rev().map(|e| &e.row).find(|r| {
            !matches!(r.layer(), Layer::EvalScore | Layer::HitlReward | Layer::TrustUpdate)
        });
        RunEnd {
            state: self.ctx.state,
            sealed: self.ctx.sealed,
            reason: decisive.map_or(Reason::Ok, |r| r.reason()),
            score,
        }
    }

    /// The next step: a row not yet shown, else the pending decision (a scripted choice is
    /// applied here), else the end.
    pub fn advance(&mut self) -> Step<'_> {
        if self.shown < self.rows.len() {
            self.shown += 1;
            return self
                .rows
                .get(self.shown - 1)
                .map_or(Step::Hitl(self.request_or_default()), Step::Row);
        }
        if let Status::At(_) = self.status {
            if let Some(choice) = self.spec.choices.get(self.script).copied() {
                self.script += 1;
                let _ = self.apply(choice);
                return self.advance();
            }
            return Step::Hitl(self.request_or_default());
        }
        if let Some(choice) = self.spec.choices.get(self.script).copied() {
            // A scripted attempt to continue after the end: only a sealed run answers it.
            self.script += 1;
            if self.ctx.sealed {
                let _ = self.apply(choice);
                return self.advance();
            }
        }
        match &self.end {
            Some(end) => Step::Ended(end),
            None => Step::Hitl(self.request_or_default()),
        }
    }

    fn request_or_default(&self) -> HitlRequest {
        self.pending().unwrap_or(HitlRequest {
            point: HitlPoint::Auth,
            decider: FinalDecider::User,
            layer: Layer::AccGate,
            reason: Reason::Ok,
            options: &[],
        })
    }

    /// The decision the run waits for, if it waits (whether or not every row was shown).
    pub fn pending(&self) -> Option<HitlRequest> {
        let Status::At(point) = self.status else { return None };
        let last = self.rows.last().map(|e| &e.row);
        Some(HitlRequest {
            point,
            decider: point.decider(),
            layer: last.map_or(Layer::AccGate, |r| r.layer()),
            reason: last.map_or(Reason::Ok, |r| r.reason()),
            options: point.options(),
        })
    }

    fn apply(&mut self, choice: Choice) -> Result<(), ResolveError> {
        match self.status {
            Status::At(point) => {
                self.made.push(choice);
                self.asked.push((self.rows.len(), point));
                let next = self.pipeline().resume(point, choice);
                self.settle(next);
                Ok(())
            }
            Status::Ended if self.ctx.sealed => {
                self.made.push(choice);
                self.pipeline().refuse_sealed();
                Ok(())
            }
            Status::Ended => Err(ResolveError::Ended),
        }
    }

    /// A human's choice at the pending point. Every row must have been shown first.
    /// On a sealed run every attempt is answered with `NON_OVERRIDABLE_SAFETY`.
    pub fn resolve(&mut self, choice: Choice) -> Result<(), ResolveError> {
        if self.shown < self.rows.len() {
            return Err(ResolveError::RowsPending);
        }
        self.apply(choice)
    }

    /// Drives the run to its end: the script first, then "approve everything".
    pub fn run_to_end(mut self) -> Self {
        loop {
            match self.advance() {
                Step::Row(_) => {}
                Step::Ended(_) => return self,
                Step::Hitl(req) => {
                    let _ = self.apply(req.point.approve());
                }
            }
        }
    }

    /// Every row emitted so far (shown or not).
    pub fn rows(&self) -> &[Emitted] {
        &self.rows
    }

    /// How many rows have been shown.
    pub fn shown(&self) -> usize {
        self.shown
    }

    /// The end, once reached.
    pub fn end(&self) -> Option<&RunEnd> {
        self.end.as_ref()
    }

    /// The choices made so far (scripted and live): the run's link reproduces it with them.
    pub fn choices(&self) -> &[Choice] {
        &self.made
    }

    /// Where each choice was made: `(rows emitted before it, its HITL point)`, in order; the
    /// `i`-th entry belongs to the `i`-th choice (a choice refused by a sealed run has none
    /// and ends the list).
    pub fn asked(&self) -> &[(usize, HitlPoint)] {
        &self.asked
    }

    /// The run's checks, to share with the next run.
    pub fn checks(&self) -> &Checks {
        &self.checks
    }

    /// The run's state now.
    pub fn state(&self) -> RunState {
        self.ctx.state
    }

    /// Whether the run is sealed.
    pub fn sealed(&self) -> bool {
        self.ctx.sealed
    }

    /// The world after the run (trust, eval, grant, clock).
    pub fn world(&self) -> &World {
        &self.world
    }

    /// The specification that reproduces this run as it stands: the original one with the
    /// choices made so far as its script.
    pub fn spec(&self) -> RunSpec {
        RunSpec { choices: self.made.clone(), ..self.spec.clone() }
    }

    /// The run's log as JSON Lines: a header line, every emitted row (chained), a digest line.
    pub fn to_jsonl(&self) -> Result<String, String> {
        let spec = self.spec();
        let key = spec.key.key().map_err(|e| alloc::format!("{e}"))?;
        let chain = chain_id(&alloc::format!("{}|{}|{}", spec.rng.as_str(), spec.seed, RUN_ID));
        let knobs = spec.knobs.to_pairs();
        let choices: Vec<&str> = spec.choices.iter().map(|c| c.token()).collect();
        let header = crate::runlog::RunHeader {
            scenario: super::emergency_contract::ID,
            seed: spec.seed,
            rng: spec.rng,
            knobs: &knobs,
            choices: &choices,
            redacted: &[],
        };
        let mut rows = self.rows.iter().map(|e| e.row.to_object(LogLevel::Summary));
        crate::runlog::write(&header, key, chain, &mut rows)
            .map_err(|e| alloc::format!("a row holds the non-finite number {}", e.0))
    }
}

/// A human-readable one-line description of an emitted row, for terminals and tests.
pub fn describe(e: &Emitted) -> String {
    let r = &e.row;
    let mut s = alloc::format!("{} {} {} ({}", r.layer(), r.decision(), r.reason(), r.decider());
    if r.seal().sealed() {
        s.push_str("; sealed");
    } else if r.seal().overrideable() {
        s.push_str("; overrideable");
    }
    s.push(')');
    s
}

/// The share link of an emergency run specification.
pub fn encode_link(scenario: &str, spec: &RunSpec) -> String {
    crate::link::encode_request(scenario, &spec.to_request())
}

/// Decodes a share link of the emergency family into its scenario and run specification.
pub fn decode_link(query: &str) -> Result<(String, RunSpec), crate::link::LinkError> {
    let (info, req) = crate::link::decode_request(query)?;
    let spec = RunSpec::from_request(&req)
        .map_err(|e| crate::link::LinkError::Invalid(alloc::string::ToString::to_string(&e)))?;
    Ok((alloc::string::ToString::to_string(info.id), spec))
}
