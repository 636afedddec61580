//! The batch view's state: a core `Batch` run in chunks on the main thread, so the page stays
//! responsive (each chunk is a few milliseconds; the page yields between chunks) and a cancel
//! button works between any two chunks.

use maestro_core::say::Said;
use std::cell::RefCell;
use std::rc::Rc;

use maestro_core::face::{Incident, RunRequest, ScenarioBatch};
use serde_json::Value;
use yew::Reducible;

/// Runs per chunk: about 2 ms of work in a release build.
pub const CHUNK: u64 = 5_000;
/// The most runs a page batch may have.
pub const MAX_RUNS: u64 = 1_000_000;
/// Incident files kept for drill-down and download.
pub const MAX_INCIDENTS: u64 = 200;

/// One point of the batch's history: (runs done, the scenario's metric, HITL queue size).
pub type Sample = (u64, f64, u64);

/// The batch view's state.
#[derive(Default)]
pub struct BatchState {
    /// Bumped on every change.
    pub version: u64,
    /// The batch in progress (or finished).
    pub batch: Option<Rc<RefCell<Box<dyn ScenarioBatch>>>>,
    /// Whether chunks are still being run.
    pub running: bool,
    /// Whether the student cancelled it.
    pub cancelled: bool,
    /// The scenario's metric and the queue size as the batch went.
    pub samples: Vec<Sample>,
    /// Incident files, in order.
    pub incidents: Rc<Vec<Incident>>,
    /// The selected incident.
    pub selected: Option<usize>,
    /// The result document, once finished or cancelled.
    pub document: Option<Rc<Value>>,
    /// A refused run count.
    pub error: Option<Said>,
}

impl PartialEq for BatchState {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
    }
}

/// What the batch view can do.
#[derive(Clone, Debug, PartialEq)]
pub enum BatchAction {
    /// Start a batch of the typed run count with the run's seed, generator and knobs.
    Start(String, &'static str, RunRequest),
    /// Run the next chunk.
    Chunk,
    /// Stop after the current chunk.
    Cancel,
    /// Show an incident's rows.
    Select(usize),
}

/// Parses a typed run count.
pub fn parse_runs(text: &str) -> Result<u64, Said> {
    let text = text.trim();
    match text.parse::<u64>() {
        Ok(n) if (1..=MAX_RUNS).contains(&n) => Ok(n),
        _ => Err(Said::new(
            format!("`{text}` is not a run count from 1 to {MAX_RUNS}"),
            format!("`{text}` は 1 から {MAX_RUNS} までの実行数ではありません"),
        )),
    }
}

impl BatchState {
    fn next(&self) -> Self {
        BatchState {
            version: self.version + 1,
            batch: self.batch.clone(),
            running: self.running,
            cancelled: self.cancelled,
            samples: self.samples.clone(),
            incidents: self.incidents.clone(),
            selected: self.selected,
            document: self.document.clone(),
            error: None,
        }
    }

    fn sample(&mut self) {
        if let Some(b) = &self.batch {
            let b = b.borrow();
            self.samples.push((b.progress().0, b.metric(), b.queue_size()));
        }
    }

    fn finish(&mut self) {
        self.running = false;
        if let Some(b) = &self.batch {
            self.document = Some(Rc::new(b.borrow().document()));
        }
    }
}

impl Reducible for BatchState {
    type Action = BatchAction;

    fn reduce(self: Rc<Self>, action: BatchAction) -> Rc<Self> {
        let mut s = self.next();
        match action {
            BatchAction::Start(text, id, request) => {
                match (parse_runs(&text), maestro_core::scenario::find(id)) {
                    (Err(e), _) => s.error = Some(e),
                    (Ok(_), Err(e)) => s.error = Some(Said::new(e.to_string(), e.to_string())),
                    (Ok(runs), Ok(info)) => {
                        let batch = maestro_core::scenario::batch(info.id);
                        match batch.map(|b| (b.open)(&request, runs, MAX_INCIDENTS)) {
                            Some(Ok(batch)) => {
                                s = BatchState {
                                    version: self.version + 1,
                                    batch: Some(Rc::new(RefCell::new(batch))),
                                    running: true,
                                    ..BatchState::default()
                                };
                                s.sample();
                            }
                            Some(Err(e)) => s.error = Some(e.said()),
                            None => {
                                s.error = Some(Said::new(
                                    format!("scenario `{}` has no batch runner", info.id),
                                    format!("シナリオ `{}` にはバッチ実行がありません", info.id),
                                ))
                            }
                        }
                    }
                }
            }
            BatchAction::Chunk if s.running => {
                let mut more = true;
                if let Some(b) = &s.batch {
                    let mut b = b.borrow_mut();
                    more = b.step(CHUNK);
                    let new = b.take_incidents();
                    // Shared with the previous state: copied only when incidents arrive.
                    if !new.is_empty() {
                        Rc::make_mut(&mut s.incidents).extend(new);
                    }
                }
                s.sample();
                if !more {
                    s.finish();
                }
            }
            BatchAction::Chunk => {}
            BatchAction::Cancel => {
                if s.running {
                    s.cancelled = true;
                    s.finish();
                }
            }
            BatchAction::Select(i) => s.selected = Some(i),
        }
        Rc::new(s)
    }
}
