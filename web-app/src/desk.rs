//! The audit desk's state: a thin adapter over `maestro_core::audit`.
//!
//! The desk holds the opened log, the key the student typed (in memory only), the verdict,
//! the replay, and the two comparison slots. Every check is the core's; a refused file or
//! link sets a message and keeps whatever was open before, so nothing is lost.

use maestro_core::say::Said;
use std::rc::Rc;

use maestro_core::audit::{self, Diff, Log, Replay, Verdict};
use maestro_core::chain::ChainKey;
use yew::Reducible;

/// The key id shown for a key the student typed.
pub const TYPED_KEY_ID: &str = "typed key";

/// An opened log.
#[derive(Debug)]
pub struct Opened {
    /// The file's name.
    pub name: String,
    /// The log.
    pub log: Log,
    /// Its bytes, for the tamper control.
    pub bytes: Rc<Vec<u8>>,
}

/// One side of a comparison.
#[derive(Clone, Debug, Default)]
pub enum Slot {
    /// A share link, as typed or pasted.
    #[default]
    Empty,
    /// A share link.
    Link(String),
    /// A log file that was read.
    File {
        /// Its name.
        name: String,
        /// The log.
        log: Rc<Log>,
    },
}

/// A comparison of two logs.
#[derive(Debug)]
pub struct Comparison {
    /// The first log.
    pub a: Rc<Log>,
    /// The second log.
    pub b: Rc<Log>,
    /// The rows aligned by gate, and the summary's facts.
    pub diff: Diff,
    /// The summary lines, in both languages.
    pub summary: Vec<Said>,
}

/// The desk.
#[derive(Clone, Default)]
pub struct Desk {
    /// Bumped on every change.
    pub version: u64,
    /// The opened log.
    pub opened: Option<Rc<Opened>>,
    /// Why the last file could not be opened (the opened log, if any, is kept).
    pub open_error: Option<Said>,
    /// Why the last change of the tamper control was refused.
    pub tamper_error: Option<Said>,
    /// The key the student typed; empty means the demo key.
    pub key: String,
    /// The verdict on the opened log, with the id of the key it was checked with.
    pub verdict: Option<(Verdict, String)>,
    /// The replay of the opened log.
    pub replay: Option<Result<Rc<Replay>, Said>>,
    /// The comparison slots A and B.
    pub slots: [Slot; 2],
    /// Why a comparison slot's file could not be read.
    pub slot_errors: [Option<Said>; 2],
    /// The comparison.
    pub compare: Option<Result<Rc<Comparison>, Said>>,
    /// How many of the opened log's rows are listed (more on request): a large log must not
    /// put tens of thousands of rows into the page at once.
    pub rows_listed: usize,
}

/// What the desk appends to the name of a log changed by its tamper control.
pub const TAMPERED: &str = " (tampered)";

/// A message about file `name`, its name first in both languages.
pub fn named(name: &str, said: Said) -> Said {
    Said::new(format!("{name}: {}", said.en), format!("{name}: {}", said.ja))
}

/// Rows listed at first, and added by each "show more".
pub const ROWS_PER_PAGE: usize = 200;

/// The row ranges to list for a log of `total` rows: the first `limit`, and a few rows around
/// `focus` (the broken row) when it lies beyond them.
pub fn listed_ranges(
    total: usize,
    limit: usize,
    focus: Option<usize>,
) -> Vec<core::ops::Range<usize>> {
    let head = 0..limit.min(total);
    match focus {
        Some(f) if f >= head.end && f < total => {
            let around = f.saturating_sub(5).max(head.end)..(f + 6).min(total);
            vec![head, around]
        }
        _ => vec![head],
    }
}

impl PartialEq for Desk {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
    }
}

/// What the student can do at the desk.
#[derive(Clone, Debug, PartialEq)]
pub enum DeskAction {
    /// A file was read: import it (and verify it with the current key).
    Open {
        /// Its name.
        name: String,
        /// Its bytes.
        bytes: Vec<u8>,
    },
    /// A file was refused before it was read (too large, unreadable).
    Refuse(Said),
    /// The typed key.
    SetKey(String),
    /// Verify the opened log with the current key.
    Verify,
    /// Replay the opened log.
    Replay,
    /// A link typed into slot `0` (A) or `1` (B).
    SetLink(usize, String),
    /// A file read into slot `0` or `1`.
    SetSlotFile(usize, String, Vec<u8>),
    /// A file refused for slot `0` or `1`.
    RefuseSlot(usize, Said),
    /// Compare the two slots.
    Compare,
    /// List more of the opened log's rows.
    ShowMoreRows,
    /// Put two links into the slots and compare them (the bench's "What if").
    CompareLinks(String, String),
    /// Change one field of one row of the opened log (from 1), then verify it again.
    Tamper {
        /// The row, from 1.
        row: usize,
        /// The field.
        field: String,
        /// The new value.
        value: String,
    },
}

impl Desk {
    /// The desk a page opens with: with the comparison of the query's `a` and `b` links
    /// (the bench's "What if"), if it has them; a malformed pair gives the comparison's message.
    pub fn from_query(query: &str) -> Desk {
        let mut desk = Desk::default();
        match audit::compare_links(query) {
            Some(Ok((a, b))) => {
                desk.slots = [Slot::Link(a), Slot::Link(b)];
                desk.compare();
            }
            Some(Err(e)) => desk.compare = Some(Err(e.said())),
            None => {}
        }
        desk
    }

    fn key(&self) -> Result<ChainKey, String> {
        if self.key.is_empty() {
            return Ok(ChainKey::demo());
        }
        ChainKey::custom(TYPED_KEY_ID.into(), self.key.as_bytes().to_vec())
            .map_err(|e| e.to_string())
    }

    fn verify(&mut self) {
        let Some(opened) = &self.opened else { return };
        self.verdict = match self.key() {
            Ok(key) => Some((audit::verify(&opened.log, &key), key.key_id().to_string())),
            Err(_) => None,
        };
    }

    fn slot_log(&self, i: usize) -> Result<Rc<Log>, Said> {
        let side = if i == 0 { "A" } else { "B" };
        match self.slots.get(i) {
            Some(Slot::File { log, .. }) => Ok(log.clone()),
            Some(Slot::Link(text)) if !text.trim().is_empty() => audit::log_of_link(text)
                .map(|(log, _)| Rc::new(log))
                .map_err(|e| Said::new(format!("{side}: {}", e.en), format!("{side}: {}", e.ja))),
            _ => Err(Said::new(
                format!("{side}: paste a share link or choose a log file"),
                format!("{side}: 共有リンクを貼り付けるか、ログファイルを選んでください"),
            )),
        }
    }

    fn compare(&mut self) {
        self.compare = Some(match (self.slot_log(0), self.slot_log(1)) {
            (Ok(a), Ok(b)) => {
                let diff = audit::diff(&a, &b);
                let summary = diff.said(&a, &b);
                Ok(Rc::new(Comparison { a, b, diff, summary }))
            }
            (Err(e), _) | (_, Err(e)) => Err(e),
        });
    }
}

impl Reducible for Desk {
    type Action = DeskAction;

    fn reduce(self: Rc<Self>, action: DeskAction) -> Rc<Self> {
        let mut next = Desk { version: self.version + 1, ..(*self).clone() };
        match action {
            DeskAction::Open { name, bytes } => match audit::import(&bytes) {
                Ok(log) => {
                    next.opened = Some(Rc::new(Opened { name, log, bytes: Rc::new(bytes) }));
                    next.tamper_error = None;
                    next.open_error = None;
                    next.replay = None;
                    next.rows_listed = ROWS_PER_PAGE;
                    next.verify();
                }
                Err(e) => next.open_error = Some(named(&name, e.said())),
            },
            DeskAction::Refuse(msg) => next.open_error = Some(msg),
            DeskAction::SetKey(key) => next.key = key,
            DeskAction::Verify => next.verify(),
            DeskAction::Replay => {
                next.replay = next
                    .opened
                    .as_ref()
                    .map(|o| audit::replay(&o.log).map(Rc::new).map_err(|e| e.said()));
            }
            DeskAction::SetLink(i, text) => {
                if let Some(slot) = next.slots.get_mut(i) {
                    *slot = Slot::Link(text);
                }
            }
            DeskAction::SetSlotFile(i, name, bytes) => match audit::import(&bytes) {
                Ok(log) => {
                    if let Some(slot) = next.slots.get_mut(i) {
                        *slot = Slot::File { name, log: Rc::new(log) };
                    }
                    if let Some(err) = next.slot_errors.get_mut(i) {
                        *err = None;
                    }
                }
                Err(e) => {
                    if let Some(err) = next.slot_errors.get_mut(i) {
                        *err = Some(named(&name, e.said()));
                    }
                }
            },
            DeskAction::RefuseSlot(i, msg) => {
                if let Some(err) = next.slot_errors.get_mut(i) {
                    *err = Some(msg);
                }
            }
            DeskAction::Compare => next.compare(),
            DeskAction::ShowMoreRows => next.rows_listed += ROWS_PER_PAGE,
            DeskAction::Tamper { row, field, value } => {
                let Some(opened) = next.opened.clone() else { return Rc::new(next) };
                match audit::tamper(&opened.bytes, row, &field, &value).and_then(|bytes| {
                    audit::import(&bytes).map(|log| (log, bytes)).map_err(|e| e.said())
                }) {
                    Ok((log, bytes)) => {
                        let name = if opened.name.ends_with(TAMPERED) {
                            opened.name.clone()
                        } else {
                            format!("{}{TAMPERED}", opened.name)
                        };
                        next.opened = Some(Rc::new(Opened { name, log, bytes: Rc::new(bytes) }));
                        next.tamper_error = None;
                        next.replay = None;
                        next.verify();
                    }
                    Err(e) => next.tamper_error = Some(e),
                }
            }
            DeskAction::CompareLinks(a, b) => {
                next.slots = [Slot::Link(a), Slot::Link(b)];
                next.slot_errors = [None, None];
                next.compare();
            }
        }
        Rc::new(next)
    }
}
