//! One interactive emergency run: the contract's rules ([`Contract`]) behind the one stepping
//! interface ([`StepRun`]), advanced one row at a time, paused at every HITL point, continued
//! only by a resolution.
//!
//! A [`RunSpec`] fixes everything: seed, generator, knobs, key, and the HITL script (the
//! choices made so far). Scripted choices are applied when their point is reached; when the
//! script runs out the run waits for a resolution (or, with [`EmergencyRun::run_to_end`],
//! approves everything, as the reference bench does).

use alloc::string::String;
use alloc::vec::Vec;

use super::knobs::{Choice, Fabrication, Knobs};
use super::pipeline::{
    Checks, Emitted, HitlPoint, Next as PipelineNext, Pipeline, RunCtx, RunState, Score,
};
use super::state::World;
use super::{Emergency, Layer, Reason};
use crate::arl::RunId;
use crate::chain::{ChainKey, KeyError};
use crate::face::{Advance, KnobInfo, RequestError, RunRequest, ScenarioRun};
use crate::rng::{RngKind, SimRng};
use crate::stepwise::{Bench, Emitter, StepRun};
use crate::vocab::Code;

/// This bench's answer, typed by its [`Choice`].
type Answer = crate::stepwise::Answer<Choice>;
/// This bench's point, typed by its [`Choice`].
type Point = crate::stepwise::Point<Choice>;
/// This bench's next step, typed by its [`Choice`].
type Next = crate::stepwise::Next<Choice>;

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

/// An answer of a HITL point, from its choice.
const fn answer_of(c: Choice) -> Answer {
    Answer { token: c.token(), label: c.event_type(), consequence: consequence(c), choice: c }
}

const COACHING: [Answer; 2] = [answer_of(Choice::CoachingApprove), answer_of(Choice::CoachingDeny)];
const AUTH: [Answer; 3] =
    [answer_of(Choice::AuthApprove), answer_of(Choice::AuthRevise), answer_of(Choice::AuthReject)];
const FINALIZE: [Answer; 3] = [
    answer_of(Choice::FinalizeApprove),
    answer_of(Choice::FinalizeRevise),
    answer_of(Choice::FinalizeStop),
];

impl HitlPoint {
    /// The point as the stepping interface asks it: its decider and its answers, in the
    /// order of [`HitlPoint::options`] (the approving one first).
    pub const fn point(self) -> Point {
        let answers: &'static [Answer] = match self {
            HitlPoint::Coaching => &COACHING,
            HitlPoint::Auth => &AUTH,
            HitlPoint::Finalize => &FINALIZE,
        };
        Point { decider: self.decider(), answers }
    }
}

/// The rules of one interactive run of the contract, as [`StepRun`] drives them.
#[derive(Debug)]
pub struct Contract {
    spec: RunSpec,
    world: World,
    rng: SimRng,
    checks: Checks,
    ctx: RunCtx,
    at: Option<HitlPoint>,
    end: Option<RunEnd>,
}

/// One interactive emergency run: the contract's rules behind the one stepping interface.
pub type EmergencyRun = StepRun<Contract>;

/// The run id of the single interactive run.
pub const RUN_ID: &str = "SIM#B00001";

impl Contract {
    /// The contract of `spec`, with checks shared with other runs ([`Checks::share`]).
    pub fn new(spec: RunSpec, checks: Checks) -> Self {
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
        Contract { spec, world, rng, checks, ctx, at: None, end: None }
    }

    fn pipeline<'a>(&'a mut self, out: &'a mut Emitter<Emergency>) -> Pipeline<'a> {
        Pipeline {
            world: &mut self.world,
            rng: &mut self.rng,
            checks: &mut self.checks,
            run: &mut self.ctx,
            out: Some(out.sink()),
        }
    }

    fn settle(&mut self, next: PipelineNext, out: &mut Emitter<Emergency>) -> Next {
        match next {
            PipelineNext::Hitl(point) => {
                self.at = Some(point);
                Next::Hitl(point.point())
            }
            PipelineNext::End => {
                self.at = None;
                let score = self.pipeline(out).score();
                let decisive = out.sink().iter().rev().find(|r| {
                    !matches!(r.layer(), Layer::EvalScore | Layer::HitlReward | Layer::TrustUpdate)
                });
                self.end = Some(RunEnd {
                    state: self.ctx.state,
                    sealed: self.ctx.sealed,
                    reason: decisive.map_or(Reason::Ok, |r| r.reason()),
                    score,
                });
                Next::End
            }
        }
    }

    /// The end, once reached (its state, seal and decisive reason as of the end, and scores).
    pub fn end(&self) -> Option<&RunEnd> {
        self.end.as_ref()
    }

    /// The run's state now.
    pub fn run_state(&self) -> RunState {
        self.ctx.state
    }

    /// The world after the run (trust, eval, grant, clock).
    pub fn world(&self) -> &World {
        &self.world
    }

    /// The run's checks, to share with the next run.
    pub fn checks(&self) -> &Checks {
        &self.checks
    }

    /// The specification the run was opened with (its script as given).
    pub fn opened(&self) -> &RunSpec {
        &self.spec
    }
}

impl Bench for Contract {
    type Choice = Choice;
    type F = Emergency;
    const ID: &'static str = super::emergency_contract::ID;
    const RUN_ID: &'static str = RUN_ID;
    const KNOBS: &'static [KnobInfo] = super::knobs::KNOBS;

    fn open(req: &RunRequest) -> Result<Self, RequestError> {
        Ok(Contract::new(RunSpec::from_request(req)?, Checks::new()))
    }

    fn knob_values(&self) -> Vec<(&'static str, String)> {
        self.spec.knobs.to_pairs()
    }

    fn start(&mut self, out: &mut Emitter<Emergency>) -> Next {
        let next = self.pipeline(out).start();
        self.settle(next, out)
    }

    fn resume(&mut self, answer: &Answer, out: &mut Emitter<Emergency>) -> Next {
        match self.at {
            Some(point) => {
                let next = self.pipeline(out).resume(point, answer.choice);
                self.settle(next, out)
            }
            // An answer with no pending point: the run ends, fail closed.
            None => {
                out.refuse("an answer with no pending decision");
                Next::End
            }
        }
    }

    /// A choice that does not answer the pending request is an invalid event, as in the
    /// reference: the run is sealed.
    fn off_point(
        &mut self,
        token: &str,
        out: &mut Emitter<Emergency>,
    ) -> Option<(&'static str, Next)> {
        let choice = Choice::parse(token).ok()?;
        let point = self.at?;
        let next = self.pipeline(out).resume(point, choice);
        Some((choice.token(), self.settle(next, out)))
    }

    /// Trying to continue is trying to finalise.
    fn override_token(&self) -> Option<&'static str> {
        Some(Choice::FinalizeApprove.token())
    }

    /// A sealed run answers every further choice with a `NON_OVERRIDABLE_SAFETY` row.
    fn after_end(&mut self, token: &str, out: &mut Emitter<Emergency>) -> bool {
        if !self.ctx.sealed || Choice::parse(token).is_err() {
            return false;
        }
        self.pipeline(out).refuse_sealed();
        true
    }

    fn verdict(&self, _rows: &[Emitted]) -> &'static str {
        self.end.as_ref().map_or(Reason::Ok, |e| e.reason).as_str()
    }

    fn key(&self) -> Result<ChainKey, KeyError> {
        self.spec.key.key()
    }

    fn chain_seed(&self, request: &RunRequest) -> String {
        alloc::format!("{}|{}|{}", request.rng.as_str(), request.seed, RUN_ID)
    }

    fn state(&self) -> &'static str {
        self.ctx.state.as_str()
    }

    fn sealed(&self) -> bool {
        self.ctx.sealed
    }

    fn paths(&self, rows: &[Emitted], answers: &[&'static str]) -> Vec<&'static str> {
        super::face::paths(rows, answers, self.end.is_some(), self.spec.knobs.incident_triggers)
    }
}

impl StepRun<Contract> {
    /// Starts the run of `spec` (the rows up to the first HITL point are computed).
    pub fn new(spec: RunSpec) -> Self {
        Self::with_checks(spec, Checks::new())
    }

    /// Starts the run of `spec` with checks shared with other runs ([`Checks::share`]).
    pub fn with_checks(spec: RunSpec, checks: Checks) -> Self {
        let request = spec.to_request();
        StepRun::start(Contract::new(spec, checks), &request)
    }

    /// Drives the run to its end: the script first, then "approve everything", as the
    /// reference bench does.
    pub fn run_to_end(mut self) -> Self {
        loop {
            match self.advance() {
                Advance::Row => {}
                Advance::Ended => return self,
                Advance::Hitl => {
                    let approve = self.bench().at.map(|p| p.approve().token());
                    if approve.and_then(|t| self.resolve(t).ok()).is_none() {
                        return self;
                    }
                }
            }
        }
    }

    /// The specification that reproduces this run as it stands: the one it was opened with,
    /// the choices made so far as its script.
    pub fn spec(&self) -> RunSpec {
        let choices = self.request().choices.iter().filter_map(|t| Choice::parse(t).ok()).collect();
        RunSpec { choices, ..self.bench().spec.clone() }
    }
}

/// A human-readable one-line description of an emitted row, for terminals and tests.
pub fn describe(r: &Emitted) -> String {
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
    let spec = RunSpec::from_request(&req).map_err(crate::link::LinkError::Refused)?;
    Ok((alloc::string::ToString::to_string(info.id), spec))
}
