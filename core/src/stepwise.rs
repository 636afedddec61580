//! The one way to step a scenario: a bench is a state machine that emits rows and stops at
//! HITL points; [`StepRun`] turns any [`Bench`] into a [`ScenarioRun`] (one row at a time,
//! scripted or live choices, the log with header, chain and digest), so a bench brings only
//! its rules.
//! Every registered scenario runs through it: the emergency contract (typed extras, its own
//! clock, a key of the user's choice) as well as the smaller benches and the simulators.

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::Value;

use crate::arl::{JsonExtras, Row, RowSpec, RunId, Seal};
use crate::chain::ChainKey;
use crate::clock::{SimDuration, SimTime};
use crate::face::{
    Advance, AgentStatus, DecisionMade, EndView, HitlView, KnobInfo, OptionView, RequestError,
    RowView, RunRequest, ScenarioRun, StateView,
};
use crate::say::Said;
use crate::track::Tracker;
use crate::vocab::{Code, Decision, Family, FinalDecider, LogLevel};

/// One answer a HITL point offers: its token at the boundary (scripts, links, the faces) and
/// the typed value `C` the bench receives (each bench's own enum of what a human may answer).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Answer<C: 'static> {
    /// Its token in scripts and links (`def:approve`).
    pub token: &'static str,
    /// The event or choice it sends (`APPROVE`).
    pub label: &'static str,
    /// What it leads to, in English and Japanese.
    pub consequence: (&'static str, &'static str),
    /// What the bench receives.
    pub choice: C,
}

/// An answer, for the benches' answer tables.
pub const fn answer<C: Copy>(
    token: &'static str,
    label: &'static str,
    choice: C,
    en: &'static str,
    ja: &'static str,
) -> Answer<C> {
    Answer { token, label, consequence: (en, ja), choice }
}

/// A pending human decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Point<C: 'static> {
    /// Who must decide.
    pub decider: FinalDecider,
    /// The answers, in display order.
    pub answers: &'static [Answer<C>],
}

/// What a bench does next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next<C: 'static> {
    /// Wait for a human at this point.
    Hitl(Point<C>),
    /// The run is over.
    End,
}

/// The answers of the benches whose human may only let a run go on or stop it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proceed {
    /// Go on.
    Continue,
    /// Stop.
    Stop,
}

/// The answer type of a bench that never asks a human (no value of it exists).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoAnswer {}

/// What one row rules: its gate, decision, seal, decider and reason (every field of a row but
/// its time, run and extras), for the row helpers of benches that add their own extras.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ruling<L, R> {
    /// The gate.
    pub layer: L,
    /// What it decided.
    pub decision: Decision,
    /// Sealed, overrideable or neither.
    pub seal: Seal,
    /// Who decided.
    pub decider: FinalDecider,
    /// Why.
    pub reason: R,
}

impl<L, R> Ruling<L, R> {
    /// The SYSTEM lets the run go on at gate `layer` (`RUN`, neither sealed nor overrideable).
    pub const fn run(layer: L, reason: R) -> Self {
        Ruling {
            layer,
            decision: Decision::Run,
            seal: Seal::Fixed,
            decider: FinalDecider::System,
            reason,
        }
    }
}

/// Rows as a bench emits them: with [`Emitter::emit`] the clock moves one simulated second per
/// row; a bench with its own clock and typed extras writes its checked rows through
/// [`Emitter::sink`].
#[derive(Debug)]
pub struct Emitter<F: Family> {
    rows: Vec<Row<F>>,
    now: SimTime,
    run_id: RunId,
    defect: Option<String>,
    track: Tracker,
}

impl<F: Family<Extras = JsonExtras>> Emitter<F> {
    /// Emits one row; a row that breaks an emit-time invariant is not written, the run is
    /// marked defective, and it ends at its next stop with nothing more written (fail closed).
    pub fn emit(
        &mut self,
        layer: F::Layer,
        decision: Decision,
        seal: Seal,
        decider: FinalDecider,
        reason: F::Reason,
        extras: Vec<(&'static str, Value)>,
    ) {
        // Fail closed: after a refused row nothing more is written.
        if self.defect.is_some() {
            return;
        }
        let spec = RowSpec {
            ts: self.now,
            run_id: self.run_id.clone(),
            layer,
            decision,
            seal,
            decider,
            reason,
            extras: JsonExtras(extras),
        };
        match Row::new(spec) {
            Ok(row) => self.rows.push(row),
            Err(e) => {
                self.defect.get_or_insert_with(|| e.to_string());
            }
        }
        self.now = self.now.plus(SimDuration::from_secs(1));
    }

    /// Emits one row that rules `r` (see [`Emitter::emit`]).
    pub fn rule(&mut self, r: Ruling<F::Layer, F::Reason>, extras: Vec<(&'static str, Value)>) {
        self.emit(r.layer, r.decision, r.seal, r.decider, r.reason, extras);
    }
}

impl<F: Family> Emitter<F> {
    fn new(run_id: &'static str, track: Tracker) -> Self {
        Emitter {
            rows: Vec::new(),
            now: SimTime::DEFAULT_START,
            run_id: RunId::new(run_id),
            defect: None,
            track,
        }
    }

    /// Writes the rows from here on under run `run_id` (a session of several runs, each row
    /// under its own run's id, as the reference's v4.1 writes them).
    pub fn set_run_id(&mut self, run_id: &str) {
        self.run_id = RunId::new(run_id);
    }

    /// Records that agent `agent` has `status` from the row just emitted on (the charts wait
    /// for the round's snapshot; the status shows at once).
    pub fn mark(&mut self, agent: usize, status: AgentStatus) {
        self.track.mark(self.rows.len(), agent, status);
    }

    /// Records the agents' state after `round`: `values` in the tracker's quantity and series
    /// order, `status` in agent order.
    pub fn snap(&mut self, round: u32, values: Vec<f64>, status: Vec<AgentStatus>) {
        self.track.snap(self.rows.len(), round, values, status);
    }

    /// Where a bench that builds its own rows (checked by [`Row::new`] or
    /// [`Row::from_checked`], so every row keeps the row invariants) writes them.
    pub fn sink(&mut self) -> &mut Vec<Row<F>> {
        &mut self.rows
    }

    /// Refuses to write a row the bench found unfit (`why` says why); the run ends, fail
    /// closed, as for a row that breaks an invariant.
    pub fn refuse(&mut self, why: &str) {
        self.defect.get_or_insert_with(|| why.to_string());
    }

    /// The simulated time of the next row.
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Lets `secs` simulated seconds pass before the next row (a human taking time to answer).
    pub fn elapse(&mut self, secs: u64) {
        let secs = i64::try_from(secs).unwrap_or(i64::MAX);
        self.now = self.now.plus(SimDuration::from_secs(secs));
    }

    /// Whether a row was refused.
    pub fn defective(&self) -> bool {
        self.defect.is_some()
    }

    /// Rows emitted so far.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether no row was emitted yet.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// The rules of one bench.
pub trait Bench: Sized + 'static {
    /// The family whose vocabulary its rows use.
    type F: Family;
    /// What a human may answer at its HITL points (a token is parsed into one at the
    /// boundary, against the pending point's answers).
    type Choice: Copy + core::fmt::Debug + 'static;
    /// The scenario id.
    const ID: &'static str;
    /// The run id written into its rows.
    const RUN_ID: &'static str;
    /// The knobs (their defaults leave a request's knob list short).
    const KNOBS: &'static [KnobInfo];
    /// Validates a request's knobs and builds the bench.
    fn open(req: &RunRequest) -> Result<Self, RequestError>;
    /// Every knob's value now, in [`Bench::KNOBS`] order.
    fn knob_values(&self) -> Vec<(&'static str, String)>;
    /// Runs to the first decision or the end.
    fn start(&mut self, out: &mut Emitter<Self::F>) -> Next<Self::Choice>;
    /// Applies `answer` (one of the pending point's answers) and runs on.
    fn resume(
        &mut self,
        answer: &Answer<Self::Choice>,
        out: &mut Emitter<Self::F>,
    ) -> Next<Self::Choice>;
    /// A scripted answer after the end; `false` when the bench refuses it (the default).
    fn after_end(&mut self, _token: &str, _out: &mut Emitter<Self::F>) -> bool {
        false
    }
    /// What a student's attempt to continue an ended, sealed run sends (an answer that
    /// [`Bench::after_end`] takes and refuses with a sealed row); `None` (the default) when
    /// the bench has no such answer.
    fn override_token(&self) -> Option<&'static str> {
        None
    }
    /// A token that is not one of the pending point's answers. `None` (the default) refuses
    /// it and the run keeps waiting; a bench whose reference treats it as an event answers
    /// with the token it recorded and what comes next (the emergency contract seals the run).
    fn off_point(
        &mut self,
        _token: &str,
        _out: &mut Emitter<Self::F>,
    ) -> Option<(&'static str, Next<Self::Choice>)> {
        None
    }
    /// The reason code of the row that decided the ended run: by default the last row that
    /// is not a `RUN`, else the last row.
    fn verdict(&self, rows: &[Row<Self::F>]) -> &'static str {
        let decisive = rows.iter().rev().find(|r| r.decision() != Decision::Run);
        decisive.or(rows.last()).map_or("", |r| r.reason().as_str())
    }
    /// The key that signs the run's log (the demo key unless the bench was given another).
    fn key(&self) -> Result<ChainKey, crate::chain::KeyError> {
        Ok(ChainKey::demo())
    }
    /// The text the log's chain id is derived from (by default the scenario, generator,
    /// seed and run id).
    fn chain_seed(&self, request: &RunRequest) -> String {
        alloc::format!("{}|{}|{}|{}", Self::ID, request.rng.as_str(), request.seed, Self::RUN_ID)
    }
    /// The text the log's header writes for knob `name` when its value must not be logged
    /// (personal data); `None` (the default) writes the value as it is.
    fn redact(&self, _name: &str, _value: &str) -> Option<String> {
        None
    }
    /// The run's state now.
    fn state(&self) -> &'static str;
    /// Whether the run is sealed.
    fn sealed(&self) -> bool;
    /// The decision paths the run has taken (ids of the scenario's paths).
    fn paths(&self, rows: &[Row<Self::F>], answers: &[&'static str]) -> Vec<&'static str>;
    /// The quantities and agents the run's state view charts (none by default; the
    /// simulators chart their agents, recording into the [`Emitter`] as they run).
    fn tracker(&self) -> Tracker {
        Tracker::default()
    }
}

/// A step-wise run of a bench.
#[derive(Debug)]
pub struct StepRun<B: Bench> {
    bench: B,
    request: RunRequest,
    out: Emitter<B::F>,
    shown: usize,
    pending: Option<Point<B::Choice>>,
    ended: bool,
    /// Rows emitted when the run ended (rows after it answer attempts to continue).
    ended_at: usize,
    script: usize,
    made: Vec<&'static str>,
    extra: Vec<String>,
    asked: Vec<(usize, Point<B::Choice>)>,
}

impl<B: Bench> StepRun<B> {
    /// Opens the run a request asks for.
    pub fn open(req: &RunRequest) -> Result<Self, RequestError> {
        Ok(Self::start(B::open(req)?, req))
    }

    /// Starts `bench`, opened from `req`.
    pub fn start(mut bench: B, req: &RunRequest) -> Self {
        let mut out = Emitter::new(B::RUN_ID, bench.tracker());
        let next = bench.start(&mut out);
        let mut run = StepRun {
            bench,
            request: req.clone(),
            out,
            shown: 0,
            pending: None,
            ended: false,
            ended_at: 0,
            script: 0,
            made: Vec::new(),
            extra: Vec::new(),
            asked: Vec::new(),
        };
        run.settle(next);
        run
    }

    /// Every row the run has emitted so far.
    pub fn rows(&self) -> &[Row<B::F>] {
        &self.out.rows
    }

    /// The bench, for what its scenario knows beyond the face (its world, its typed end).
    pub fn bench(&self) -> &B {
        &self.bench
    }

    /// Opens the run as the registry does.
    pub fn open_boxed(req: &RunRequest) -> Result<Box<dyn ScenarioRun>, RequestError> {
        Self::open(req).map(|run| Box::new(run) as Box<dyn ScenarioRun>)
    }

    fn settle(&mut self, next: Next<B::Choice>) {
        match next {
            Next::Hitl(point) if !self.out.defective() => self.pending = Some(point),
            _ => {
                self.pending = None;
                self.ended = true;
                self.ended_at = self.out.rows.len();
            }
        }
    }

    fn apply(&mut self, token: &str) -> Result<(), ResolveError> {
        let Some(point) = self.pending else {
            let was_sealed = self.bench.sealed();
            if self.ended && self.bench.after_end(token, &mut self.out) {
                // A bench that answered with a row its family forbids wrote nothing: say so.
                if let Some(why) = &self.out.defect {
                    return Err(ResolveError::OwnAnswer(why.clone()));
                }
                self.extra.push(token.to_string());
                // An event that seals an ended run decides it anew; a refusal of a sealed
                // run decides nothing.
                if !was_sealed && self.bench.sealed() {
                    self.ended_at = self.out.rows.len();
                }
                return Ok(());
            }
            return Err(ResolveError::Ended);
        };
        let Some(answer) = point.answers.iter().find(|a| a.token == token) else {
            let rows = self.out.rows.len();
            if let Some((recorded, next)) = self.bench.off_point(token, &mut self.out) {
                self.asked.push((rows, point));
                self.made.push(recorded);
                self.settle(next);
                return Ok(());
            }
            let expected = point.answers.iter().map(|a| a.token).collect();
            return Err(ResolveError::NotAnAnswer { token: token.to_string(), expected });
        };
        self.asked.push((self.out.rows.len(), point));
        self.made.push(answer.token);
        let next = self.bench.resume(answer, &mut self.out);
        self.settle(next);
        Ok(())
    }
}

/// Why an answer was refused (said once for every bench, not once per bench's copy of the
/// stepping code).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResolveError {
    /// Rows wait to be shown before the next decision.
    RowsFirst,
    /// The run has ended and takes no answer.
    Ended,
    /// The bench answered with a row its family forbids (a defect of the engine).
    OwnAnswer(String),
    /// The token is not one of the pending decision's answers.
    NotAnAnswer {
        /// The token given.
        token: String,
        /// The answers the decision takes.
        expected: Vec<&'static str>,
    },
}

impl ResolveError {
    /// What is wrong, in both languages.
    #[inline(never)]
    pub fn said(&self) -> Said {
        match self {
            ResolveError::RowsFirst => Said::new(
                "the run has rows to show before its next decision",
                "次の判断の前に、まだ表示する行があります",
            ),
            ResolveError::Ended => Said::new(
                "the run has ended; there is nothing to decide",
                "実行は終わっています。決めることはありません",
            ),
            ResolveError::OwnAnswer(why) => Said::new(
                alloc::format!("the engine refused its own answer: {why}"),
                alloc::format!("エンジンが自らの応答を拒否しました: {why}"),
            ),
            ResolveError::NotAnAnswer { token, expected } => {
                let known = expected.join(", ");
                Said::new(
                    alloc::format!(
                        "`{token}` does not answer the pending decision (expected one of: {known})"
                    ),
                    alloc::format!(
                        "`{token}` は保留中の判断への答えではありません(次のいずれか: {known})"
                    ),
                )
            }
        }
    }
}

impl core::fmt::Display for ResolveError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.said().en)
    }
}

impl core::error::Error for ResolveError {}

fn view<F: Family>(r: &Row<F>) -> RowView {
    RowView {
        layer: r.layer().as_str(),
        decision: r.decision(),
        seal: r.seal(),
        decider: r.decider(),
        reason: r.reason().as_str(),
    }
}

impl<B: Bench> ScenarioRun for StepRun<B> {
    fn advance(&mut self) -> Advance {
        if self.shown < self.out.rows.len() {
            self.shown += 1;
            return Advance::Row;
        }
        if let Some(token) = self.request.choices.get(self.script).cloned() {
            self.script += 1;
            // A scripted answer that does not fit is refused: the run waits for a human.
            if self.apply(&token).is_ok() {
                return self.advance();
            }
        }
        if self.pending.is_some() { Advance::Hitl } else { Advance::Ended }
    }

    fn resolve(&mut self, token: &str) -> Result<(), ResolveError> {
        if self.shown < self.out.rows.len() {
            return Err(ResolveError::RowsFirst);
        }
        self.apply(token)
    }

    fn shown(&self) -> usize {
        self.shown
    }

    fn emitted(&self) -> usize {
        self.out.rows.len()
    }

    fn row(&self, i: usize) -> Option<RowView> {
        self.out.rows.get(i).map(view)
    }

    fn pending(&self) -> Option<HitlView> {
        let last = self.out.rows.last().map(view);
        self.pending.map(|point| hitl_view(point.decider, options_of(&point), last))
    }

    fn end(&self) -> Option<EndView> {
        if !self.ended {
            return None;
        }
        Some(EndView {
            state: self.bench.state(),
            sealed: self.bench.sealed(),
            // The verdict of the rows up to the end: a refused attempt to continue decides
            // nothing.
            reason: self.bench.verdict(self.out.rows.get(..self.ended_at).unwrap_or_default()),
            rows: self.ended_at,
        })
    }

    fn state(&self) -> &'static str {
        self.bench.state()
    }

    fn sealed(&self) -> bool {
        self.bench.sealed()
    }

    fn request(&self) -> RunRequest {
        request_of(&self.request, self.bench.knob_values(), B::KNOBS, &self.made, &self.extra)
    }

    fn knob_values(&self) -> Vec<(&'static str, String)> {
        self.bench.knob_values()
    }

    fn decisions(&self) -> Vec<DecisionMade> {
        let asked: Vec<(usize, Vec<&'static str>)> = self
            .asked
            .iter()
            .map(|(rows, point)| (*rows, point.answers.iter().map(|a| a.token).collect()))
            .collect();
        decisions_of(&asked, &self.made)
    }

    fn paths(&self) -> Vec<&'static str> {
        let rows = self.out.rows.get(..self.shown).unwrap_or(&self.out.rows);
        self.bench.paths(rows, &self.made)
    }

    fn state_view(&self) -> Option<StateView> {
        self.out.track.view(self.shown)
    }

    fn facts(&self, i: usize) -> Vec<(String, String)> {
        // Through the log's own writer (one copy per bench already), then one shared filter.
        self.out.rows.get(i).map_or_else(Vec::new, |r| facts_of(&r.to_object(LogLevel::Summary)))
    }

    fn override_token(&self) -> Option<&'static str> {
        (self.ended && self.bench.sealed()).then(|| self.bench.override_token()).flatten()
    }

    fn to_jsonl(&self) -> Result<String, crate::face::LogError> {
        let (knobs, redacted) =
            redact_knobs(self.bench.knob_values(), &|k, v| self.bench.redact(k, v));
        let mut rows = self.out.rows.iter().map(|r| r.to_object(LogLevel::Summary));
        let request = self.request();
        let chain = crate::runlog::chain_id(&self.bench.chain_seed(&request));
        let signer = (self.bench.key().map_err(crate::face::LogError::Key)?, chain);
        run_log(B::ID, &request, &knobs, &redacted, signer, &mut rows)
    }
}

/// The knob values as the log's header shows them, and the names of those redacted (shared by
/// every bench).
fn redact_knobs(
    values: Vec<(&'static str, String)>,
    redact: &dyn Fn(&str, &str) -> Option<String>,
) -> (Vec<(&'static str, String)>, Vec<&'static str>) {
    let mut redacted = Vec::new();
    let knobs = values
        .into_iter()
        .map(|(k, v)| match redact(k, &v) {
            Some(text) => {
                redacted.push(k);
                (k, text)
            }
            None => (k, v),
        })
        .collect();
    (knobs, redacted)
}

/// The pending point as a face shows it, asked by the last row (shared by every bench).
fn hitl_view(decider: FinalDecider, options: Vec<OptionView>, last: Option<RowView>) -> HitlView {
    HitlView {
        decider,
        layer: last.map_or("", |r| r.layer),
        reason: last.map_or("", |r| r.reason),
        options,
    }
}

/// The answers of `point` as a face shows them.
fn options_of<C>(point: &Point<C>) -> Vec<OptionView> {
    let view =
        |a: &Answer<C>| OptionView { token: a.token, label: a.label, consequence: a.consequence };
    point.answers.iter().map(view).collect()
}

/// The choices made at HITL points, with the rows that asked (shared by every bench).
fn decisions_of(asked: &[(usize, Vec<&'static str>)], made: &[&'static str]) -> Vec<DecisionMade> {
    asked
        .iter()
        .zip(made)
        .enumerate()
        .map(|(index, ((rows, tokens), token))| {
            DecisionMade::new(index, *rows, token, tokens.iter().copied())
        })
        .collect()
}

/// The scalar facts of a row's object beyond its base fields, as text (shared by every bench).
fn facts_of(obj: &crate::json::Object) -> Vec<(String, String)> {
    obj.iter()
        .filter(|(k, _)| !crate::arl::BASE_FIELDS.contains(&k.as_str()))
        .filter_map(|(k, v)| {
            let text = match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => return None,
            };
            Some((k.clone(), text))
        })
        .collect()
}

/// The run log of a step-wise run (shared by every bench, so the bundle carries one copy):
/// `knobs` are the values as the header shows them, `signer` the key and the chain id.
fn run_log(
    scenario: &'static str,
    request: &RunRequest,
    knobs: &[(&'static str, String)],
    redacted: &[&'static str],
    signer: (ChainKey, String),
    rows: &mut dyn Iterator<Item = crate::json::Object>,
) -> Result<String, crate::face::LogError> {
    let (key, chain) = signer;
    let choices: Vec<&str> = request.choices.iter().map(String::as_str).collect();
    let header = crate::runlog::RunHeader {
        scenario,
        seed: request.seed,
        rng: request.rng,
        knobs,
        choices: &choices,
        redacted,
    };
    crate::runlog::write(&header, key, chain, rows).map_err(crate::face::LogError::NonFinite)
}

/// The request that reproduces a step-wise run: its seed and generator, the knobs that differ
/// from their defaults, and the answers made (shared by every bench).
fn request_of(
    asked: &RunRequest,
    values: Vec<(&'static str, String)>,
    infos: &[KnobInfo],
    made: &[&'static str],
    extra: &[String],
) -> RunRequest {
    let mut choices: Vec<String> = made.iter().map(|t| t.to_string()).collect();
    choices.extend(extra.iter().cloned());
    let knobs = values
        .into_iter()
        .filter(|(k, v)| !infos.iter().any(|i| i.name == *k && i.default == v))
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    RunRequest { seed: asked.seed, rng: asked.rng, knobs, choices }
}

/// The decision paths a run took: each id of `found` once, in order, then the `hitl:<token>`
/// path of each answer made (when the scenario declares one).
pub fn taken(
    found: impl IntoIterator<Item = &'static str>,
    paths: &'static [crate::face::PathInfo],
    answers: &[&'static str],
) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    let answered = answers.iter().filter_map(|a| {
        paths.iter().find(|p| p.id.strip_prefix("hitl:") == Some(*a)).map(|p| p.id)
    });
    for id in found.into_iter().chain(answered) {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// Reads the value of knob `info` from a request, checked by [`check`]; the default when the
/// request does not set it.
pub fn knob<'a>(req: &'a RunRequest, info: &KnobInfo) -> Result<&'a str, RequestError> {
    let value = req
        .knobs
        .iter()
        .rev()
        .find(|(k, _)| k == info.name)
        .map_or(info.default, |(_, v)| v.as_str());
    check(info, value)?;
    Ok(value)
}

/// Checks `value` against the kind and range of knob `info`: the one validation of every
/// scenario's knobs. A refusal names the knob, quotes the value and says what is allowed, in
/// English and Japanese.
pub fn check(info: &KnobInfo, value: &str) -> Result<(), RequestError> {
    use crate::face::KnobKind;
    use alloc::format;
    let bad = |en: String, ja: String| Err(RequestError::knob(info.name, en, ja));
    match info.kind {
        KnobKind::Flag if !matches!(value, "true" | "false") => bad(
            format!("`{value}` is not `true` or `false`"),
            format!("`{value}` は `true` でも `false` でもありません"),
        ),
        KnobKind::Choice { values } if !values.contains(&value) => {
            let names: Vec<String> = values.iter().map(|n| format!("`{n}`")).collect();
            bad(
                format!("`{value}` is not one of {}", names.join(", ")),
                format!("`{value}` は {} のどれでもありません", names.join(", ")),
            )
        }
        KnobKind::Integer { min, max } => match value.parse::<u64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(()),
            Ok(n) => bad(
                format!("{n} is outside [{min}, {max}]"),
                format!("{n} は [{min}, {max}] の範囲外です"),
            ),
            Err(_) => bad(
                format!("`{value}` is not a whole number ≥ 0"),
                format!("`{value}` は 0 以上の整数ではありません"),
            ),
        },
        KnobKind::Number { min, max } => match value.parse::<f64>() {
            Ok(x) if x.is_finite() && x >= min && x <= max => Ok(()),
            Ok(x) if x.is_finite() => bad(
                format!("{value} is outside [{min}, {max}]"),
                format!("{value} は [{min}, {max}] の範囲外です"),
            ),
            _ => bad(format!("`{value}` is not a number"), format!("`{value}` は数ではありません")),
        },
        KnobKind::Text { max_chars, .. } if value.chars().count() > max_chars => {
            let n = value.chars().count();
            bad(
                format!("the text is {n} characters long; the limit is {max_chars}"),
                format!("テキストは {n} 文字あります。上限は {max_chars} 文字です"),
            )
        }
        _ => Ok(()),
    }
}

/// Refuses knobs a bench does not have.
pub fn known_knobs(req: &RunRequest, knobs: &[KnobInfo]) -> Result<(), RequestError> {
    for (k, _) in &req.knobs {
        if !knobs.iter().any(|i| i.name == k) {
            let names: Vec<&str> = knobs.iter().map(|i| i.name).collect();
            return Err(RequestError::knob(
                k.clone(),
                alloc::format!("unknown knob (known: {})", names.join(", ")),
                alloc::format!("未知のノブです(使えるノブ: {})", names.join(", ")),
            ));
        }
    }
    Ok(())
}

/// Why a guard refused a row.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Refusal {
    /// The guard found what must never reach the log (`why` says what).
    Found(&'static str),
    /// The row could not be written as text to be inspected: it holds this number, which
    /// JSON cannot hold.
    Unreadable(&'static str, f64),
}

impl core::fmt::Display for Refusal {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Refusal::Found(why) => f.write_str(why),
            Refusal::Unreadable(why, x) => {
                write!(f, "{why}: the row cannot be read to be inspected ({x})")
            }
        }
    }
}

impl core::error::Error for Refusal {}

/// The guard a bench runs on a row's extras before writing it, when something must never reach
/// its log (an `@`, an email address, a secret token): `Ok` when `forbidden` finds nothing in
/// the extras' JSON text, else the [`Refusal`], and the bench refuses the row
/// ([`Emitter::refuse`]). Extras that cannot be written as text cannot be inspected, and are
/// refused too: a guard never passes on an error.
pub fn inspect(
    extras: &[(&'static str, Value)],
    forbidden: &dyn Fn(&str) -> bool,
    why: &'static str,
) -> Result<(), Refusal> {
    let mut probe = crate::json::Object::new();
    for (k, v) in extras {
        probe.insert(*k, v.clone());
    }
    judge(crate::json::line(&probe), forbidden, why)
}

/// The guard's verdict on a row's text, or on the failure to write it.
fn judge(
    text: Result<String, crate::json::NonFiniteFloat>,
    forbidden: &dyn Fn(&str) -> bool,
    why: &'static str,
) -> Result<(), Refusal> {
    match text {
        Ok(text) if forbidden(&text) => Err(Refusal::Found(why)),
        Ok(_) => Ok(()),
        Err(e) => Err(Refusal::Unreadable(why, e.0)),
    }
}

#[cfg(test)]
mod guard_tests {
    use super::*;
    use crate::json::NonFiniteFloat;

    #[test]
    fn a_guard_refuses_what_it_finds_and_what_it_cannot_read() {
        let at = |t: &str| t.contains('@');
        assert_eq!(judge(Ok("{\"to\": \"x\"}".into()), &at, "an `@`"), Ok(()));
        assert_eq!(
            judge(Ok("{\"to\": \"a@b\"}".into()), &at, "an `@`"),
            Err(Refusal::Found("an `@`"))
        );
        // The row that cannot be written is refused, never passed as an empty text.
        let refused = judge(Err(NonFiniteFloat(f64::NAN)), &at, "an `@`");
        assert!(
            matches!(refused, Err(Refusal::Unreadable("an `@`", x)) if x.is_nan()),
            "{refused:?}"
        );
        let said = refused.map_err(|r| r.to_string()).err().unwrap_or_default();
        assert!(said.contains("cannot be read"), "{said}");
        let extras = [("to", Value::from("someone@example.org"))];
        assert!(inspect(&extras, &at, "an `@`").is_err());
        assert!(inspect(&[("to", Value::from("someone"))], &at, "an `@`").is_ok());
    }
}
