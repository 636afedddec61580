//! The page's state: a thin adapter over a scenario run of the core.
//!
//! The page drives any registered scenario through `maestro_core::face::ScenarioRun`; every
//! rule stays in the core. This reducer only forwards the student's actions (step, decide,
//! change a knob) and keeps what the page shows (the selected row, play state, the notice
//! about a bad link, the last announcement for screen readers).

use maestro_core::say::Said;
use std::cell::RefCell;
use std::rc::Rc;

use maestro_core::face::{Advance, RequestError, RunRequest, ScenarioRun};
use maestro_core::link::{RawLink, decode_request, encode_request};
use maestro_core::rng::RngKind;
use maestro_core::scenario::{self, ScenarioInfo};
use yew::Reducible;

/// What the page shows and drives.
pub struct Session {
    /// The scenario.
    pub info: &'static ScenarioInfo,
    /// The run (interior mutability: stepping changes it in place).
    pub run: Rc<RefCell<Box<dyn ScenarioRun>>>,
    /// Bumped on every change, so a new state always differs.
    pub version: u64,
    /// The selected row, for the inspector.
    pub selected: Option<usize>,
    /// Whether the timeline plays.
    pub playing: bool,
    /// Milliseconds between rows while playing.
    pub speed_ms: u32,
    /// Knob values refused by the core: (knob, message).
    pub knob_errors: Vec<(String, Said)>,
    /// A typed seed that was refused.
    pub seed_error: Option<Said>,
    /// What was wrong with the link the page was opened with.
    pub notice: Option<Said>,
    /// The last announcement for the aria-live region.
    pub announcement: Said,
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
    /// Answer the pending decision with a choice token.
    Decide(String),
    /// Another scenario (its default run).
    SetScenario(String),
    /// A new seed (the run starts over).
    SetSeed(u64),
    /// A seed typed by the student (refused with a message unless it is a whole number).
    SetSeedText(String),
    /// A new generator (the run starts over).
    SetRng(RngKind),
    /// A knob value typed by the student (validated by the scenario).
    SetKnob(String, String),
    /// Dismiss the link notice.
    DismissNotice,
    /// Open the run of a link's query (a lesson's link, the browser's back button), as a
    /// page opened with it would (a refused link opens the default run with a notice).
    Load(String),
}

fn default_info() -> &'static ScenarioInfo {
    scenario::DEFAULT
}

fn default_request() -> RunRequest {
    RunRequest { seed: 1, ..RunRequest::default() }
}

fn open(
    info: &'static ScenarioInfo,
    req: &RunRequest,
) -> Result<Rc<RefCell<Box<dyn ScenarioRun>>>, RequestError> {
    (info.open)(req).map(|run| Rc::new(RefCell::new(run)))
}

impl Session {
    /// The session a page opens with: from the link's query, or the default scenario with a
    /// notice saying what was wrong with the link.
    pub fn from_query(query: &str) -> Self {
        let raw = RawLink::parse(query);
        let row = raw.as_ref().ok().map(RawLink::row);
        let (info, req, mut notice) = match &raw {
            Ok(raw) if !raw.has_run() => (default_info(), default_request(), None),
            _ => match decode_request(query) {
                Ok((info, req)) => (info, req, None),
                Err(e) => (default_info(), default_request(), Some(e.said())),
            },
        };
        let row = match row {
            Some(Ok(row)) if notice.is_none() => row,
            Some(Err(e)) if notice.is_none() => {
                notice = Some(e.said());
                None
            }
            _ => None,
        };
        // A teacher's link naming controls this page does not know says so (the rest holds).
        let notice = notice.or_else(|| crate::components::PageMode::refused(query));
        let (run, notice) = match open(info, &req) {
            Ok(run) => (run, notice),
            Err(e) => match open(default_info(), &default_request()) {
                Ok(run) => (run, Some(e.said())),
                Err(e2) => (unreachable_default(e2), None),
            },
        };
        let mut session = Session {
            info,
            run,
            version: 0,
            selected: None,
            playing: false,
            speed_ms: 600,
            knob_errors: Vec::new(),
            seed_error: None,
            notice,
            announcement: Said::default(),
        };
        // A lesson's link names a row: show the run up to its next stop and select that row.
        if let Some(row) = row {
            while session.step_once() {}
            let shown = session.run.borrow().shown();
            session.selected = (row <= shown).then(|| row - 1);
            if row > shown {
                session.notice = Some(Said::new(
                    format!("the link names row {row}, the run shows {shown} rows"),
                    format!("リンクは行 {row} を指していますが、実行が示すのは {shown} 行です"),
                ));
            }
        }
        session
    }

    /// The query of this run's share link.
    pub fn link_query(&self) -> String {
        encode_request(self.info.id, &self.run.borrow().request())
    }

    fn next(&self) -> Self {
        Session {
            info: self.info,
            run: Rc::clone(&self.run),
            version: self.version + 1,
            selected: self.selected,
            playing: self.playing,
            speed_ms: self.speed_ms,
            knob_errors: self.knob_errors.clone(),
            seed_error: self.seed_error.clone(),
            notice: self.notice.clone(),
            announcement: self.announcement.clone(),
        }
    }

    /// A fresh run of `req` (no choices); a refused request leaves the run as it is and
    /// returns the scenario's message.
    fn restart(&self, info: &'static ScenarioInfo, req: RunRequest) -> Result<Self, RequestError> {
        let mut s = self.next();
        s.info = info;
        s.run = open(info, &req)?;
        s.selected = None;
        s.playing = false;
        Ok(s)
    }

    /// Advances one step; returns whether a row was shown.
    fn step_once(&mut self) -> bool {
        let mut run = self.run.borrow_mut();
        match run.advance() {
            Advance::Row => {
                self.selected = Some(run.shown().saturating_sub(1));
                true
            }
            Advance::Hitl => {
                self.playing = false;
                if let Some(req) = run.pending() {
                    let text = format!("{}: {} {}", req.decider, req.layer, req.reason);
                    self.announcement = Said::new(text.clone(), text);
                }
                false
            }
            Advance::Ended => {
                self.playing = false;
                if let Some(end) = run.end() {
                    let text = format!("{} {}", end.state, end.reason);
                    self.announcement = Said::new(text.clone(), text);
                }
                false
            }
        }
    }
}

/// The default run (seed 1, no knob, no choice) cannot be refused: it has nothing to refuse.
#[expect(
    clippy::unreachable,
    reason = "the default scenario's default run takes no knob and no choice, so nothing can refuse it (the registry test opens every scenario's default run); the page has no run to show without it"
)]
fn unreachable_default(e: RequestError) -> Rc<RefCell<Box<dyn ScenarioRun>>> {
    unreachable!("the default run of the default scenario was refused: {e}")
}

impl Reducible for Session {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = self.next();
        let request = self.run.borrow().request();
        let fresh = |f: &dyn Fn(&mut RunRequest)| {
            let mut req = RunRequest { choices: Vec::new(), ..request.clone() };
            f(&mut req);
            req
        };
        match action {
            Action::Step => {
                s.step_once();
            }
            Action::ToNextStop => while s.step_once() {},
            Action::Reset => {
                if let Ok(next) = self.restart(self.info, request.clone()) {
                    s = next;
                }
            }
            Action::SetPlaying(on) => s.playing = on,
            Action::SetSpeed(ms) => s.speed_ms = ms.clamp(50, 5000),
            Action::Select(i) => s.selected = Some(i),
            Action::Decide(token) => {
                let result = self.run.borrow_mut().resolve(&token);
                match result {
                    // The answer's row is shown at once, where the answer was made.
                    Ok(()) => {
                        s.announcement = Said::new(token.clone(), token);
                        s.step_once();
                    }
                    Err(e) => s.announcement = e.said(),
                }
            }
            Action::SetScenario(id) => {
                let next = scenario::find(&id)
                    .ok()
                    .and_then(|info| self.restart(info, default_request()).ok());
                if let Some(next) = next {
                    s = next;
                }
            }
            Action::SetSeed(seed) => {
                if let Ok(next) = self.restart(self.info, fresh(&|r| r.seed = seed)) {
                    s = next;
                    s.seed_error = None;
                }
            }
            Action::SetSeedText(text) => match text.trim().parse::<u64>() {
                Ok(seed) => {
                    if let Ok(next) = self.restart(self.info, fresh(&|r| r.seed = seed)) {
                        s = next;
                        s.seed_error = None;
                    }
                }
                Err(_) => {
                    s.seed_error = Some(Said::new(
                        format!("`{text}` is not a whole number from 0 to 18446744073709551615"),
                        format!("`{text}` は 0 から 18446744073709551615 までの整数ではありません"),
                    ));
                }
            },
            Action::SetRng(rng) => {
                if let Ok(next) = self.restart(self.info, fresh(&|r| r.rng = rng)) {
                    s = next;
                }
            }
            Action::SetKnob(name, value) => {
                let req = fresh(&|r| {
                    r.knobs.retain(|(k, _)| *k != name);
                    r.knobs.push((name.clone(), value.clone()));
                });
                let mut errors = self.knob_errors.clone();
                errors.retain(|(k, _)| *k != name);
                match self.restart(self.info, req) {
                    Ok(next) => s = next,
                    Err(e) => errors.push((e.knob.unwrap_or_else(|| name.clone()), e.message)),
                }
                s.knob_errors = errors;
            }
            Action::DismissNotice => s.notice = None,
            Action::Load(query) => {
                let loaded = Session::from_query(&query);
                s = Session { version: s.version, speed_ms: s.speed_ms, ..loaded };
            }
        }
        Rc::new(s)
    }
}
