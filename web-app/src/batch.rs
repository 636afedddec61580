//! The batch view's state, and the Web Worker that runs the batch.
//!
//! A batch runs in `worker.js` through the `maestro-wasm` package (web-api/), never on the
//! page's main thread: this bundle carries no batch runner at all (the core's `batch` feature
//! is off here). The worker reports chunks of progress (one chart point each, with the
//! incidents they produced, each as its file's text) about every 50 ms, then the result
//! document; the page only reads them and draws.

use std::rc::Rc;

use maestro_core::say::Said;
use serde_json::Value;
use yew::{Callback, Reducible};

use crate::worker::PageWorker;

/// Runs per chunk (one chart point): about 2 ms of work in the worker.
pub const CHUNK: u64 = 5_000;
/// The most runs a page batch may have.
pub const MAX_RUNS: u64 = 1_000_000;
/// Incident files kept for drill-down and download.
pub const MAX_INCIDENTS: u64 = 200;

/// One point of the batch's history: (runs done, the scenario's metric, HITL queue size).
pub type Sample = (u64, f64, u64);

/// An incident file of the batch, as the worker hands it over: the file's text and its line of
/// `incident_index.jsonl` (both byte for byte what `maestro incidents` writes), and that line read.
#[derive(Clone, Debug, PartialEq)]
pub struct Incident {
    /// `INC#000001`.
    pub incident_id: String,
    /// `INC#000001__SIM#B00001.arl.jsonl`.
    pub file_name: String,
    /// The file's text.
    pub file: String,
    /// Its index line's text (with the newline).
    pub index_line: String,
    /// Its index line, read.
    pub index: Value,
}

/// Where the batch stood after one chunk of the worker.
#[derive(Clone, Debug, PartialEq)]
pub struct Chunk {
    /// Runs done and in all.
    pub done: u64,
    /// Runs in all.
    pub total: u64,
    /// The scenario's metric (NaN when the worker had no finite number).
    pub metric: f64,
    /// Runs queued for a human so far.
    pub queue: u64,
    /// The incident files this chunk produced.
    pub incidents: Vec<Incident>,
}

/// The batch view's state.
#[derive(Default, Clone)]
pub struct BatchState {
    /// Bumped on every change.
    pub version: u64,
    /// Whether the worker is still running the batch.
    pub running: bool,
    /// Whether the student cancelled it.
    pub cancelled: bool,
    /// Runs done and runs in all.
    pub progress: (u64, u64),
    /// The scenario's metric and the queue size as the batch went.
    pub samples: Vec<Sample>,
    /// Incident files, in order.
    pub incidents: Rc<Vec<Incident>>,
    /// The selected incident.
    pub selected: Option<usize>,
    /// What the page draws of the result document (its final states, top reasons and abnormal
    /// total, under the document's own paths), once finished or cancelled.
    pub document: Option<Rc<Value>>,
    /// The result file's text, as the reference writes it, for the download.
    pub file: Option<Rc<String>>,
    /// A refused run count, or why the worker failed.
    pub error: Option<Said>,
}

impl PartialEq for BatchState {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
    }
}

/// What the batch view can do, and what the worker reports.
#[derive(Clone, Debug, PartialEq)]
pub enum BatchAction {
    /// A batch was handed to the worker.
    Started,
    /// A refused run count or request.
    Refused(Said),
    /// The worker's progress since its last report.
    Chunks(Vec<Chunk>),
    /// The worker finished (or stopped on a cancel): what the page draws of the result, the
    /// result file's text, and whether it was cancelled.
    Done(Rc<Value>, Rc<String>, bool),
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

impl Reducible for BatchState {
    type Action = BatchAction;

    fn reduce(self: Rc<Self>, action: BatchAction) -> Rc<Self> {
        let mut s = (*self).clone();
        s.version += 1;
        s.error = None;
        match action {
            BatchAction::Started => {
                s = BatchState { version: s.version, running: true, ..BatchState::default() };
            }
            BatchAction::Refused(e) => {
                s.running = false;
                s.error = Some(e);
            }
            BatchAction::Chunks(chunks) => {
                for c in chunks {
                    s.progress = (c.done, c.total);
                    s.samples.push((c.done, c.metric, c.queue));
                    // Shared with the previous state: copied only when incidents arrive.
                    if !c.incidents.is_empty() {
                        Rc::make_mut(&mut s.incidents).extend(c.incidents);
                    }
                }
            }
            BatchAction::Done(document, file, cancelled) => {
                s.running = false;
                s.cancelled = cancelled;
                s.document = Some(document);
                s.file = Some(file);
            }
            BatchAction::Select(i) => s.selected = Some(i),
        }
        Rc::new(s)
    }
}

/// Reads one chunk report of the worker (a `BatchChunk` of the maestro-wasm package).
fn chunk_of(c: &wasm_bindgen::JsValue) -> Option<Chunk> {
    let get = |o: &wasm_bindgen::JsValue, k: &str| js_sys::Reflect::get(o, &k.into()).ok();
    let n = |k: &str| get(c, k)?.as_f64().map(|x| x as u64);
    let incidents = js_sys::Array::from(&get(c, "incidents")?)
        .iter()
        .map(|i| {
            let text = |k: &str| get(&i, k)?.as_string();
            let index_line = text("indexLine")?;
            Some(Incident {
                incident_id: text("incidentId")?,
                file_name: text("fileName")?,
                file: text("file")?,
                index: serde_json::from_str(&index_line).ok()?,
                index_line,
            })
        })
        .collect::<Option<_>>()?;
    Some(Chunk {
        done: n("done")?,
        total: n("total")?,
        // A non-finite metric travels as `null`.
        metric: get(c, "metric")?.as_f64().unwrap_or(f64::NAN),
        queue: n("queue")?,
        incidents,
    })
}

/// Reads one message of the worker into an action.
pub fn action_of(data: &wasm_bindgen::JsValue) -> BatchAction {
    let get = |k: &str| js_sys::Reflect::get(data, &k.into()).ok().and_then(|v| v.as_string());
    match get("type").as_deref() {
        Some("chunks") => {
            let parsed: Option<Vec<Chunk>> = js_sys::Reflect::get(data, &"chunks".into())
                .ok()
                .and_then(|v| js_sys::Array::from(&v).iter().map(|c| chunk_of(&c)).collect());
            match parsed {
                Some(chunks) => BatchAction::Chunks(chunks),
                None => BatchAction::Refused(crate::worker::failed(
                    "a report of the worker is not a batch chunk",
                )),
            }
        }
        Some("done") => {
            // The summary is small; the file is kept as text (never parsed on this thread).
            let summary = serde_json::from_str::<Value>(&get("summary").unwrap_or_default());
            match (summary, get("file")) {
                (Ok(doc), Some(file)) => {
                    let cancelled = js_sys::Reflect::get(data, &"cancelled".into())
                        .ok()
                        .and_then(|v| v.as_bool())
                        .unwrap_or(false);
                    BatchAction::Done(Rc::new(doc), Rc::new(file), cancelled)
                }
                (Err(e), _) => BatchAction::Refused(crate::worker::failed(&e.to_string())),
                (_, None) => {
                    BatchAction::Refused(crate::worker::failed("the result file is missing"))
                }
            }
        }
        Some("error") => BatchAction::Refused(crate::worker::refusal(data)),
        other => BatchAction::Refused(crate::worker::failed(other.unwrap_or("no message type"))),
    }
}

/// Starts the page's worker for batches (on the first batch; kept for the next ones); its
/// reports go to `to`.
pub fn spawn(to: Callback<BatchAction>) -> Result<PageWorker, Said> {
    PageWorker::spawn(move |reply| {
        to.emit(match reply {
            Ok(data) => action_of(&data),
            Err(e) => BatchAction::Refused(e),
        });
    })
}

/// Hands `worker` a batch of `runs` runs of the run `link` (its share link's query).
pub fn start(worker: &PageWorker, link: &str, runs: u64) -> Result<(), Said> {
    worker.post(&[
        ("type", "start".into()),
        ("request", link.into()),
        ("runs", (runs as f64).into()),
        ("maxIncidents", (MAX_INCIDENTS as f64).into()),
        ("chunk", (CHUNK as f64).into()),
    ])
}

/// Asks `worker` to stop after its current slice (it then sends what it has).
pub fn cancel(worker: &PageWorker) -> Result<(), Said> {
    worker.post(&[("type", "cancel".into())])
}
