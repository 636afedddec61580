//! The reference log codebook (`log_codebook_v5_1_demo_1.json`, version `5.1-demo.1`) as data.
//!
//! The ids live beside the vocabulary ([`Layer::codebook_id`], [`Reason::codebook_id`]) and in
//! the exhaustive matches below, so the forward maps, the reverse maps and the 20-bit pack are
//! all derived from one source.
//! [`document`] rebuilds the reference file as JSON; a test compares it with the reference copy.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value, json};

use crate::arl::Seal;
use crate::scenarios::emergency::{Layer, Reason};
use crate::vocab::{Code, Decision, FinalDecider};

/// The codebook's version string.
pub const CODEBOOK_VERSION: &str = "5.1-demo.1";

/// The largest packed value (20 bits).
pub const MAX_PACKED: u32 = 0xF_FFFF;

/// The codebook id of a decision; only `RUN`, `PAUSE_FOR_HITL` and `STOPPED` have one.
pub const fn decision_id(decision: Decision) -> Option<u8> {
    match decision {
        Decision::PauseForHitl => Some(0),
        Decision::Run => Some(1),
        Decision::Stopped => Some(2),
        Decision::EndSessionRecommended
        | Decision::Hitl
        | Decision::Stop
        | Decision::Pass
        | Decision::EscalatedToHitl => None,
    }
}

/// The codebook id of a decider.
pub const fn decider_id(decider: FinalDecider) -> u8 {
    match decider {
        FinalDecider::Admin => 0,
        FinalDecider::System => 1,
        FinalDecider::User => 2,
    }
}

fn from_id<C: Code>(id: u32, id_of: impl Fn(C) -> Option<u8>) -> Option<C> {
    C::ALL.iter().copied().find(|c| id_of(*c).map(u32::from) == Some(id))
}

/// The six fields of a packed row header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PackedHeader {
    /// The row's layer.
    pub layer: Layer,
    /// The row's decision (one of the three codebook decisions).
    pub decision: Decision,
    /// Sealed, overrideable or neither (the pack's two bits; both set is no row's header).
    pub seal: Seal,
    /// Who decided.
    pub decider: FinalDecider,
    /// Why.
    pub reason: Reason,
}

/// The worked example of the pack that the codebook documents and the faces show:
/// `relativity_gate`, `PAUSE_FOR_HITL`, not sealed, overrideable, `SYSTEM`,
/// `REL_BOUNDARY_UNSTABLE` (279837 = 0x4451D).
pub const PACK_EXAMPLE: PackedHeader = PackedHeader {
    layer: Layer::RelativityGate,
    decision: Decision::PauseForHitl,
    seal: Seal::Overrideable,
    decider: FinalDecider::System,
    reason: Reason::RelBoundaryUnstable,
};

/// Why a packed header could not be built or read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PackError {
    /// The decision has no codebook id.
    DecisionNotInCodebook(Decision),
    /// The value does not fit in 20 bits.
    OutOfRange(u32),
    /// Both the sealed and the overrideable bit are set, which no row may be.
    SealedAndOverrideable(u32),
    /// A field holds an id the codebook does not define.
    UnknownId {
        /// The field (`layer_id`, ...).
        field: &'static str,
        /// The id found.
        id: u32,
    },
}

impl core::fmt::Display for PackError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            PackError::DecisionNotInCodebook(d) => {
                write!(f, "decision `{d}` has no id in codebook {CODEBOOK_VERSION}")
            }
            PackError::OutOfRange(v) => write!(f, "packed value {v} does not fit in 20 bits"),
            PackError::SealedAndOverrideable(v) => write!(
                f,
                "packed value {v} is both sealed and overrideable, which no row may be (a sealed stop is never overrideable)"
            ),
            PackError::UnknownId { field, id } => {
                write!(f, "{field} {id} is not defined in codebook {CODEBOOK_VERSION}")
            }
        }
    }
}

impl PackedHeader {
    /// Packs the header, most significant field first:
    /// `layer << 14 | decision << 12 | sealed << 11 | overrideable << 10 | decider << 8 | reason`.
    pub fn pack(&self) -> Result<u32, PackError> {
        let decision =
            decision_id(self.decision).ok_or(PackError::DecisionNotInCodebook(self.decision))?;
        Ok(u32::from(self.layer.codebook_id()) << 14
            | u32::from(decision) << 12
            | u32::from(self.seal.sealed()) << 11
            | u32::from(self.seal.overrideable()) << 10
            | u32::from(decider_id(self.decider)) << 8
            | u32::from(self.reason.codebook_id()))
    }

    /// Reads a packed header back; every id must be one the codebook defines, and the sealed
    /// and overrideable bits may not both be set (a sealed stop is never overrideable).
    pub fn unpack(packed: u32) -> Result<Self, PackError> {
        if packed > MAX_PACKED {
            return Err(PackError::OutOfRange(packed));
        }
        let field = |name: &'static str, id: u32| PackError::UnknownId { field: name, id };
        let layer_bits = packed >> 14;
        let decision_bits = (packed >> 12) & 0b11;
        let decider_bits = (packed >> 8) & 0b11;
        let reason_bits = packed & 0xFF;
        Ok(PackedHeader {
            layer: from_id(layer_bits, |l: Layer| Some(l.codebook_id()))
                .ok_or(field("layer_id", layer_bits))?,
            decision: from_id(decision_bits, decision_id)
                .ok_or(field("decision_id", decision_bits))?,
            seal: match (packed & (1 << 11) != 0, packed & (1 << 10) != 0) {
                (false, false) => Seal::Fixed,
                (false, true) => Seal::Overrideable,
                (true, false) => Seal::Sealed,
                (true, true) => return Err(PackError::SealedAndOverrideable(packed)),
            },
            decider: from_id(decider_bits, |d| Some(decider_id(d)))
                .ok_or(field("final_decider_id", decider_bits))?,
            reason: from_id(reason_bits, |r: Reason| Some(r.codebook_id()))
                .ok_or(field("reason_code_id", reason_bits))?,
        })
    }
}

/// Forward and reverse maps of one vocabulary: (name, id) pairs in id order.
fn pairs<C: Code>(id_of: impl Fn(C) -> Option<u8>) -> Vec<(&'static str, u8)> {
    let mut out: Vec<_> =
        C::ALL.iter().filter_map(|c| id_of(*c).map(|id| (c.as_str(), id))).collect();
    crate::order::sort_by_key(&mut out, |(_, id)| *id);
    out
}

fn forward(pairs: &[(&'static str, u8)]) -> Value {
    Value::Object(pairs.iter().map(|(n, id)| (n.to_string(), json!(id))).collect::<Map<_, _>>())
}

fn reverse(pairs: &[(&'static str, u8)]) -> Value {
    Value::Object(pairs.iter().map(|(n, id)| (format!("{id}"), json!(n))).collect::<Map<_, _>>())
}

/// The vocabularies of the codebook as (name, id) pairs, in id order:
/// layers, decisions, deciders, reason codes.
pub fn entries() -> [(&'static str, Vec<(&'static str, u8)>); 4] {
    [
        ("layer", pairs(|l: Layer| Some(l.codebook_id()))),
        ("decision", pairs(decision_id)),
        ("final_decider", pairs(|d| Some(decider_id(d)))),
        ("reason_code", pairs(|r: Reason| Some(r.codebook_id()))),
    ]
}

/// The whole codebook document, equal to the reference `log_codebook_v5_1_demo_1.json`.
pub fn document() -> Value {
    let mut maps = Map::new();
    let mut reverse_maps = Map::new();
    let mut counts = Map::new();
    for (name, pairs) in entries() {
        maps.insert(format!("{name}_to_id"), forward(&pairs));
        reverse_maps.insert(format!("id_to_{name}"), reverse(&pairs));
        let plural = if name == "final_decider" {
            String::from("final_deciders")
        } else {
            format!("{name}s")
        };
        counts.insert(plural, json!(pairs.len()));
    }
    json!({
        "schema_version": "1.0",
        "codebook_name": "MaestroOrchestrator log codebook (demo)",
        "codebook_version": CODEBOOK_VERSION,
        "generated_at": "2026-02-19T12:14:42+09:00",
        "notes": [
            "This codebook is for compact encoding/decoding of log fields (e.g., bit-packing).",
            "It is NOT encryption and provides NO confidentiality guarantee.",
            "For OSS demo: mappings are stable but may change across versions; pin by codebook_version when exchanging artifacts.",
            "2026-02-19: align simulator v5.1.2 metadata; reason_code is emitted as a string but must be within this codebook (enforced by pytest)."
        ],
        "incident_id": {
            "format": "INC#%06d",
            "description": "Monotonic incident index used as an external handle for pinpoint retrieval."
        },
        "maps": maps,
        "reverse_maps": reverse_maps,
        "pack_spec_example": {
            "goal": "Example layout for a single packed row header. Adjust bit widths to your needs.",
            "fields": [
                {"name": "layer_id", "bits": 6, "note": "supports up to 63 layers (0 reserved)"},
                {"name": "decision_id", "bits": 2, "note": "RUN/PAUSE/STOP (up to 4)"},
                {"name": "sealed", "bits": 1},
                {"name": "overrideable", "bits": 1},
                {"name": "final_decider_id", "bits": 2},
                {"name": "reason_code_id", "bits": 8, "note": "supports up to 256 reason codes"}
            ],
            "total_bits": 20,
            "endianness": "big",
            "note": "This is only a suggested layout; v5.1.0 simulator may not pack bits yet."
        },
        "source_alignment": {
            "base_file": "mediation_emergency_contract_sim_v5_1_2.py",
            "constants_detected": counts
        }
    })
}
