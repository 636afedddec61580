//! Audit rows (ARL): one row per gate decision, with the emit-time invariants enforced.
//!
//! A [`Row`] can only be built through [`Row::new`], which refuses every row the reference's
//! audit writer refuses:
//! - a sealed row from a layer that may not seal (in the emergency family: anything but
//!   `ethics_gate` and `acc_gate`), or any sealed relativity (RFL) row;
//! - a sealed `PAUSE_FOR_HITL` row, or a sealed row whose decision is not `STOPPED`;
//!
//! and [`Seal`] makes "sealed and overrideable" unrepresentable.
//! Rows serialise to the reference's field order: `ts, run_id, layer, decision, sealed,
//! overrideable, final_decider, reason_code, log_level`, then the extras in their order.

use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::marker::PhantomData;
use serde_json::Value;

use crate::clock::SimTime;
use crate::json::Object;
use crate::vocab::{Code, Decision, Family, FinalDecider, LogLevel};

/// A run's id: short ids (every id the benches make) are stored inline, so building and
/// copying rows allocates nothing.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RunId(RunIdRepr);

#[derive(Clone, PartialEq, Eq, Hash)]
enum RunIdRepr {
    Inline(InlineId),
    Shared(Rc<str>),
}

/// Up to 15 bytes and their length, aligned so that a copy is two word moves.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(C, align(8))]
struct InlineId {
    bytes: [u8; RunId::INLINE],
    len: u8,
}

impl RunId {
    const INLINE: usize = 15;

    /// The id `text`.
    #[inline]
    pub fn new(text: &str) -> Self {
        let mut bytes = [0u8; Self::INLINE];
        match bytes.get_mut(..text.len()) {
            Some(slot) => {
                slot.copy_from_slice(text.as_bytes());
                RunId(RunIdRepr::Inline(InlineId { bytes, len: text.len() as u8 }))
            }
            None => RunId(RunIdRepr::Shared(Rc::from(text))),
        }
    }

    /// `prefix` followed by `n` written with at least `width` digits (`SIM#B00001`).
    pub fn numbered(prefix: &str, n: u64, width: usize) -> Self {
        let mut digits = [0u8; 20];
        let mut len = 0;
        let mut rest = n;
        loop {
            if let Some(d) = digits.get_mut(len) {
                *d = b'0' + (rest % 10) as u8;
            }
            len += 1;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        let pad = width.saturating_sub(len);
        let mut text = [0u8; 48];
        let mut at = 0;
        let mut put = |b: u8| {
            if let Some(slot) = text.get_mut(at) {
                *slot = b;
            }
            at += 1;
        };
        prefix.bytes().for_each(&mut put);
        (0..pad).for_each(|_| put(b'0'));
        digits.iter().take(len).rev().for_each(|d| put(*d));
        Self::new(core::str::from_utf8(text.get(..at).unwrap_or(&[])).unwrap_or(""))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            RunIdRepr::Inline(id) => {
                core::str::from_utf8(id.bytes.get(..usize::from(id.len)).unwrap_or(&[]))
                    .unwrap_or("")
            }
            RunIdRepr::Shared(text) => text,
        }
    }
}

impl core::fmt::Debug for RunId {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        core::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl core::fmt::Display for RunId {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for RunId {
    fn from(text: &str) -> Self {
        RunId::new(text)
    }
}

/// Whether a row is a sealed stop, and if not, whether a human may continue past it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Seal {
    /// A terminal safety stop: never overrideable by anyone.
    Sealed,
    /// Not sealed; a human may continue past this row.
    Overrideable,
    /// Not sealed and not overrideable.
    Fixed,
}

impl Seal {
    /// The `sealed` field.
    pub const fn sealed(self) -> bool {
        matches!(self, Seal::Sealed)
    }

    /// The `overrideable` field.
    pub const fn overrideable(self) -> bool {
        matches!(self, Seal::Overrideable)
    }

    /// The seal state of a row read from a file; `None` for the forbidden sealed-and-overrideable.
    pub const fn from_flags(sealed: bool, overrideable: bool) -> Option<Seal> {
        match (sealed, overrideable) {
            (true, true) => None,
            (true, false) => Some(Seal::Sealed),
            (false, true) => Some(Seal::Overrideable),
            (false, false) => Some(Seal::Fixed),
        }
    }
}

/// A row the audit writer refuses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowError {
    /// A sealed row from a layer that may not seal.
    SealedOutsideSealingLayer {
        /// The layer.
        layer: &'static str,
    },
    /// A sealed relativity-gate row.
    SealedRelativity,
    /// A sealed row whose decision is not `STOPPED` (a sealed pause among them).
    SealedNotStopped {
        /// The decision.
        decision: Decision,
    },
    /// A number of the row's extras that JSON cannot hold (NaN or an infinity): written, it
    /// would silently become `null`.
    NonFinite {
        /// The extra.
        field: &'static str,
    },
}

impl core::fmt::Display for RowError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            RowError::SealedOutsideSealingLayer { layer } => {
                write!(f, "layer `{layer}` may not emit a sealed row")
            }
            RowError::SealedRelativity => f.write_str("the relativity gate never seals"),
            RowError::SealedNotStopped { decision } => {
                write!(f, "a sealed row must be `STOPPED`, not `{decision}`")
            }
            RowError::NonFinite { field } => {
                write!(f, "extra `{field}` holds a number JSON cannot hold (NaN or an infinity)")
            }
        }
    }
}

/// A family's per-layer extras: typed, so emitting a row allocates nothing, and written as
/// JSON only when a row is persisted or shown.
pub trait RowExtras: Clone + core::fmt::Debug + PartialEq {
    /// Appends the extras to `obj` in the reference's order (`run_id` is the row's run).
    /// No key may be a base or chain field.
    fn write(&self, run_id: &str, obj: &mut Object);
}

/// Extras given as JSON values, for families that need no typed extras.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct JsonExtras(pub Vec<(&'static str, Value)>);

impl RowExtras for JsonExtras {
    fn write(&self, _run_id: &str, obj: &mut Object) {
        for (k, v) in &self.0 {
            if !BASE_FIELDS.contains(k) && !CHAIN_FIELDS.contains(k) {
                obj.insert(*k, v.clone());
            }
        }
    }
}

/// The base fields of every row, in the reference's order.
pub const BASE_FIELDS: [&str; 9] = [
    "ts",
    "run_id",
    "layer",
    "decision",
    "sealed",
    "overrideable",
    "final_decider",
    "reason_code",
    "log_level",
];

/// The fields the hash chain adds to a persisted row, in order.
pub const CHAIN_FIELDS: [&str; 4] = ["prev_hash", "row_hash", "key_id", "chain_id"];

/// What a row says, before the invariants are checked.
#[derive(Clone, Debug)]
pub struct RowSpec<F: Family> {
    /// When.
    pub ts: SimTime,
    /// Which run.
    pub run_id: RunId,
    /// Which gate.
    pub layer: F::Layer,
    /// What it decided.
    pub decision: Decision,
    /// Sealed / overrideable.
    pub seal: Seal,
    /// Who decided.
    pub decider: FinalDecider,
    /// Why.
    pub reason: F::Reason,
    /// Per-layer extras.
    pub extras: F::Extras,
}

/// One audit row of family `F`, valid by construction.
///
/// The five small fields are packed into one word (`head`): rows are built by the million in
/// batches, and one store moves them faster than five.
#[derive(Clone, Debug, PartialEq)]
pub struct Row<F: Family> {
    ts: SimTime,
    run_id: RunId,
    head: u32,
    extras: F::Extras,
    family: PhantomData<F>,
}

const fn seal_bits(seal: Seal) -> u32 {
    match seal {
        Seal::Fixed => 0,
        Seal::Overrideable => 1,
        Seal::Sealed => 2,
    }
}

impl<F: Family> Row<F> {
    /// Checks the emit-time invariants and builds the row.
    #[inline]
    pub fn new(spec: RowSpec<F>) -> Result<Self, RowError> {
        Self::check(spec.layer, spec.decision, spec.seal)?;
        Ok(Self::from_checked(spec))
    }

    /// The emit-time invariants of a row with these fields.
    #[inline]
    pub fn check(layer: F::Layer, decision: Decision, seal: Seal) -> Result<(), RowError> {
        if seal.sealed() {
            if F::is_relativity(layer) {
                return Err(RowError::SealedRelativity);
            }
            if !F::may_seal(layer) {
                return Err(RowError::SealedOutsideSealingLayer { layer: layer.as_str() });
            }
            if decision != Decision::Stopped {
                return Err(RowError::SealedNotStopped { decision });
            }
        }
        Ok(())
    }

    /// Builds a row whose fields passed [`Row::check`] (only the crate's emitters call this,
    /// right after the check, to build the row in place).
    #[inline]
    pub(crate) fn from_checked(spec: RowSpec<F>) -> Self {
        let head = (spec.layer.index() as u32 & 0xFF)
            | (spec.decision.index() as u32 & 0xF) << 8
            | seal_bits(spec.seal) << 12
            | (spec.decider.index() as u32 & 0x3) << 14
            | (spec.reason.index() as u32 & 0xFF) << 16;
        Row { ts: spec.ts, run_id: spec.run_id, head, extras: spec.extras, family: PhantomData }
    }

    /// When the row was emitted.
    pub fn ts(&self) -> SimTime {
        self.ts
    }
    /// The run it belongs to.
    pub fn run_id(&self) -> &str {
        self.run_id.as_str()
    }
    /// The run id.
    pub fn run(&self) -> &RunId {
        &self.run_id
    }
    /// Its layer.
    pub fn layer(&self) -> F::Layer {
        F::Layer::from_index((self.head & 0xFF) as usize)
    }
    /// Its decision.
    pub fn decision(&self) -> Decision {
        Decision::from_index((self.head >> 8 & 0xF) as usize)
    }
    /// Sealed / overrideable.
    pub fn seal(&self) -> Seal {
        match self.head >> 12 & 0x3 {
            2 => Seal::Sealed,
            1 => Seal::Overrideable,
            _ => Seal::Fixed,
        }
    }
    /// Who decided.
    pub fn decider(&self) -> FinalDecider {
        FinalDecider::from_index((self.head >> 14 & 0x3) as usize)
    }
    /// Its reason code.
    pub fn reason(&self) -> F::Reason {
        F::Reason::from_index((self.head >> 16 & 0xFF) as usize)
    }
    /// Its extras.
    pub fn extras(&self) -> &F::Extras {
        &self.extras
    }

    /// The row as an ordered object: base fields at `level`, then the extras.
    pub fn to_object(&self, level: LogLevel) -> Object {
        let mut obj = base_object(
            self.ts,
            self.run_id.as_str(),
            [
                self.layer().as_str(),
                self.decision().as_str(),
                self.decider().as_str(),
                self.reason().as_str(),
            ],
            self.seal(),
            level,
        );
        self.extras.write(self.run_id.as_str(), &mut obj);
        obj
    }
}

/// A row's base fields in the reference's order, shared by every family (one copy in the
/// page's bundle instead of one per family): `names` are the layer, decision, final decider
/// and reason code.
#[inline(never)]
fn base_object(ts: SimTime, run_id: &str, names: [&str; 4], seal: Seal, level: LogLevel) -> Object {
    let [layer, decision, decider, reason] = names;
    let mut obj = Object(Vec::with_capacity(BASE_FIELDS.len() + 12));
    let base: [(&str, Value); 9] = [
        ("ts", Value::String(ts.iso_jst())),
        ("run_id", Value::from(run_id)),
        ("layer", Value::from(layer)),
        ("decision", Value::from(decision)),
        ("sealed", Value::Bool(seal.sealed())),
        ("overrideable", Value::Bool(seal.overrideable())),
        ("final_decider", Value::from(decider)),
        ("reason_code", Value::from(reason)),
        ("log_level", Value::from(level.as_str())),
    ];
    obj.0.extend(base.into_iter().map(|(k, v)| (String::from(k), v)));
    obj
}
