//! The page's state: a thin adapter over the core's `EmergencyRun`.
//!
//! Every rule stays in the core; this reducer only forwards the student's actions (step,
//! decide, change a knob) and keeps what the page shows (the selected row, play state, the
//! notice about a bad link, the last announcement for screen readers).

use std::cell::RefCell;
use std::rc::Rc;

use maestro_core::emergency::knobs::{Choice, Knobs};
use maestro_core::emergency::pipeline::Checks;
use maestro_core::emergency::run::{EmergencyRun, RunSpec, Step};
use maestro_core::link::{LinkError, RawLink, decode_link, encode_link};
use maestro_core::rng::RngKind;
use yew::Reducible;

/// The scenario the page opens by default.
pub const DEFAULT_SCENARIO: &str = maestro_core::scenario::DEFAULT_SCENARIO;

/// What the page shows and drives.
pub struct Session {
    /// The scenario id.
    pub scenario: String,
    /// The run (interior mutability: stepping changes it in place).
    pub run: Rc<RefCell<EmergencyRun>>,
    /// Bumped on every change, so a new state always differs.
    pub version: u64,
    /// The selected row, for the inspector.
    pub selected: Option<usize>,
    /// Whether the timeline plays.
    pub playing: bool,
    /// Milliseconds between rows while playing.
    pub speed_ms: u32,
    /// Knob values refused by the core: (knob, message).
    pub knob_errors: Vec<(String, String)>,
    /// A typed seed that was refused.
    pub seed_error: Option<String>,
    /// What was wrong with the link the page was opened with.
    pub notice: Option<String>,
    /// The last announcement for the aria-live region.
    pub announcement: String,
    checks: Rc<Checks>,
}

impl PartialEq for Session {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
    }
}

/// What the student can do.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Show the next row (or stop at the pending decision).
    Step,
    /// Show rows until a decision or the end.
    ToNextStop,
    /// Back to the first row (the choices made so far are kept as the script).
    Reset,
    /// Start or stop playing.
    SetPlaying(bool),
    /// Milliseconds between rows.
    SetSpeed(u32),
    /// Select a row for the inspector.
    Select(usize),
    /// Answer the pending decision.
    Decide(Choice),
    /// A new seed (the run starts over).
    SetSeed(u64),
    /// A seed typed by the student (refused with a message unless it is a whole number).
    SetSeedText(String),
    /// A new generator (the run starts over).
    SetRng(RngKind),
    /// A knob value typed by the student (validated by the core).
    SetKnob(String, String),
    /// Dismiss the link notice.
    DismissNotice,
}

fn start(spec: RunSpec, checks: &Checks) -> Rc<RefCell<EmergencyRun>> {
    Rc::new(RefCell::new(EmergencyRun::with_checks(spec, checks.share())))
}

impl Session {
    /// The session a page opens with: from the link's query, or the default scenario with a
    /// notice saying what was wrong with the link.
    pub fn from_query(query: &str) -> Self {
        let checks = Rc::new(Checks::new());
        let (scenario, spec, notice) = match RawLink::parse(query) {
            Ok(raw) if raw.is_empty() => (DEFAULT_SCENARIO.to_string(), RunSpec::new(1), None),
            Ok(_) | Err(_) => match decode_link(query) {
                Ok((scenario, spec)) => (scenario, spec, None),
                Err(e) => (DEFAULT_SCENARIO.to_string(), RunSpec::new(1), Some(e)),
            },
        };
        Session {
            scenario,
            run: start(spec, &checks),
            version: 0,
            selected: None,
            playing: false,
            speed_ms: 600,
            knob_errors: Vec::new(),
            seed_error: None,
            notice: notice.map(|e: LinkError| e.to_string()),
            announcement: String::new(),
            checks,
        }
    }

    /// The query of this run's share link.
    pub fn link_query(&self) -> String {
        encode_link(&self.scenario, &self.run.borrow().spec())
    }

    fn next(&self) -> Self {
        Session {
            scenario: self.scenario.clone(),
            run: Rc::clone(&self.run),
            version: self.version + 1,
            selected: self.selected,
            playing: self.playing,
            speed_ms: self.speed_ms,
            knob_errors: self.knob_errors.clone(),
            seed_error: self.seed_error.clone(),
            notice: self.notice.clone(),
            announcement: self.announcement.clone(),
            checks: Rc::clone(&self.checks),
        }
    }

    fn restart(&self, spec: RunSpec) -> Self {
        let mut s = self.next();
        s.run = start(spec, &self.checks);
        s.selected = None;
        s.playing = false;
        s
    }

    /// Advances one step; returns whether a row was shown.
    fn step_once(&mut self) -> bool {
        let mut run = self.run.borrow_mut();
        match run.advance() {
            Step::Row(_) => {
                self.selected = Some(run.shown().saturating_sub(1));
                true
            }
            Step::Hitl(req) => {
                self.playing = false;
                self.announcement = format!("{}: {}", req.decider, req.reason);
                false
            }
            Step::Ended(end) => {
                self.playing = false;
                self.announcement = format!("{} {}", end.state.as_str(), end.reason);
                false
            }
        }
    }
}

impl Reducible for Session {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = self.next();
        match action {
            Action::Step => {
                s.step_once();
            }
            Action::ToNextStop => while s.step_once() {},
            Action::Reset => {
                let spec = self.run.borrow().spec();
                s = self.restart(spec);
            }
            Action::SetPlaying(on) => s.playing = on,
            Action::SetSpeed(ms) => s.speed_ms = ms.clamp(50, 5000),
            Action::Select(i) => s.selected = Some(i),
            Action::Decide(choice) => {
                let result = self.run.borrow_mut().resolve(choice);
                s.announcement = match result {
                    Ok(()) => choice.token().to_string(),
                    Err(e) => e.to_string(),
                };
            }
            Action::SetSeed(seed) => {
                let spec = RunSpec { seed, choices: Vec::new(), ..self.run.borrow().spec() };
                s = self.restart(spec);
                s.seed_error = None;
            }
            Action::SetSeedText(text) => match text.trim().parse::<u64>() {
                Ok(seed) => {
                    let spec = RunSpec { seed, choices: Vec::new(), ..self.run.borrow().spec() };
                    s = self.restart(spec);
                    s.seed_error = None;
                }
                Err(_) => {
                    s.seed_error = Some(format!(
                        "`{text}` is not a whole number from 0 to 18446744073709551615"
                    ));
                }
            },
            Action::SetRng(rng) => {
                let spec = RunSpec { rng, choices: Vec::new(), ..self.run.borrow().spec() };
                s = self.restart(spec);
            }
            Action::SetKnob(name, value) => {
                let mut knobs: Knobs = self.run.borrow().spec().knobs;
                s.knob_errors.retain(|(k, _)| *k != name);
                match knobs.set(&name, &value) {
                    Ok(()) => {
                        let spec =
                            RunSpec { knobs, choices: Vec::new(), ..self.run.borrow().spec() };
                        let errors = s.knob_errors.clone();
                        s = self.restart(spec);
                        s.knob_errors = errors;
                    }
                    Err(e) => s.knob_errors.push((name, e.message)),
                }
            }
            Action::DismissNotice => s.notice = None,
        }
        Rc::new(s)
    }
}
