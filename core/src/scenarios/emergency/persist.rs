//! Incident-only persistence: which rows of a run reach the audit log, and their chain.
//!
//! A trigger row (sealed, `STOPPED`, a pause whose reason is in the trigger set, or a broken
//! consistency row) opens an incident: the last N buffered rows are replayed before it
//! (`context_replay`, `context_seq`), and the next M = 8 non-trigger rows follow it
//! (`context_post`). `force_full` rows (score and reward) are persisted when the run is
//! abnormal. Persisted rows are chained with HMAC-SHA256, one chain per run.
//!
//! Fix kept from the reference notes: rows already persisted are not buffered, so a second
//! incident in one run never replays them again.

use alloc::collections::VecDeque;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::Value;

use super::knobs::IncidentTriggers;
use super::pipeline::{Emitted, force_full};
use super::{Layer, Reason};
use crate::chain::{ChainKey, ChainWriter};
use crate::json::{NonFiniteFloat, Object};
use crate::vocab::{Decision, LogLevel};

/// Post-context size.
pub const POST_CONTEXT: usize = 8;

const EARLIER_PAUSE_TRIGGERS: [Reason; 7] = [
    Reason::CritMissingRequiredKeys,
    Reason::InvalidEvent,
    Reason::ConsistencyBreak,
    Reason::SafetyLegalBindingClaim,
    Reason::SafetyDiscriminationTerm,
    Reason::RelBoundaryUnstable,
    Reason::RelRefMissing,
];

const EXTENDED_PAUSE_TRIGGERS: [Reason; 6] = [
    Reason::EvidenceMissing,
    Reason::EvidenceSchemaInvalid,
    Reason::EvidenceFabrication,
    Reason::TrustScoreLow,
    Reason::TrustCooldownActive,
    Reason::NoValidGrant,
];

/// Whether `e` opens (or extends) an incident under `set`.
pub fn is_trigger(e: &Emitted, set: IncidentTriggers) -> bool {
    let row = e;
    if row.seal().sealed() || row.decision() == Decision::Stopped {
        return true;
    }
    let reason = row.reason();
    if row.decision() == Decision::PauseForHitl {
        return EARLIER_PAUSE_TRIGGERS.contains(&reason)
            || (set == IncidentTriggers::Extended && EXTENDED_PAUSE_TRIGGERS.contains(&reason));
    }
    (row.layer() == Layer::ConsistencyGate && reason != Reason::Ok)
        || matches!(
            reason,
            Reason::ConsistencyBreak | Reason::CritMissingRequiredKeys | Reason::InvalidEvent
        )
}

/// How a row came to be persisted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// A trigger, or a `force_full` row outside a window.
    Own,
    /// Replayed pre-context, with its position from 1.
    Replay(usize),
    /// Post-context.
    Post,
}

/// The index of the pause that leaves a run waiting for a human, if the run ended so: the
/// last row before the score and reward rows, when it is a pause.
///
/// Such a pause is a trigger whatever the set says (a deviation from the reference, whose
/// missing-evidence and missing-key branches never ended a run paused): an abnormal run's
/// incident must show the pause it waits at.
pub fn ending_pause(rows: &[Emitted]) -> Option<usize> {
    let i =
        rows.iter().rposition(|e| !matches!(e.layer(), Layer::EvalScore | Layer::HitlReward))?;
    (rows.get(i)?.decision() == Decision::PauseForHitl).then_some(i)
}

/// Chooses the rows of one run to persist, in order, with how each was chosen.
pub fn select(
    rows: &[Emitted],
    n: usize,
    set: IncidentTriggers,
    abnormal: bool,
) -> Vec<(&Emitted, Context)> {
    let ending = if abnormal { ending_pause(rows) } else { None };
    let mut out = Vec::new();
    let mut buffer: VecDeque<&Emitted> = VecDeque::new();
    let mut window: Option<usize> = None;
    for (i, e) in rows.iter().enumerate() {
        let trigger = is_trigger(e, set) || ending == Some(i);
        if trigger && window.is_none() {
            for (k, b) in buffer.drain(..).enumerate() {
                out.push((b, Context::Replay(k + 1)));
            }
            window = Some(POST_CONTEXT);
        }
        let in_post = !trigger && window.is_some_and(|w| w > 0);
        let persist = (force_full(e) && abnormal) || trigger || in_post;
        if persist {
            out.push((e, if in_post { Context::Post } else { Context::Own }));
            if in_post {
                // A used-up window closes: a later trigger opens a new incident.
                window = window.map(|w| w - 1).filter(|w| *w > 0);
            }
        } else if !trigger && n > 0 {
            buffer.push_back(e);
            while buffer.len() > n {
                buffer.pop_front();
            }
        }
    }
    out
}

/// The persisted body of `e` (before chaining).
pub fn body(e: &Emitted, context: Context) -> Object {
    let mut obj = e.to_object(LogLevel::Full);
    match context {
        Context::Own => {}
        Context::Replay(seq) => {
            obj.insert("context_replay", Value::Bool(true));
            obj.insert("context_seq", Value::from(seq));
        }
        Context::Post => obj.insert("context_post", Value::Bool(true)),
    }
    obj
}

pub use crate::runlog::chain_id;

/// Persists the selected rows of one run as one chain.
pub fn chain(
    selected: &[(&Emitted, Context)],
    key: &ChainKey,
    chain_id: String,
) -> Result<Vec<Object>, NonFiniteFloat> {
    let mut writer = ChainWriter::new(key.clone(), chain_id);
    selected.iter().map(|(e, ctx)| writer.append(body(e, *ctx))).collect()
}
