//! The emergency theme: the emergency contract (reference bench v5.1.2, Case B) and its other
//! versions (v1, v4.1, v5.0.1, the KAGE emergency orchestrator), one file each, and what they
//! share beside them.
//!
//! The scenarios: [`emergency_contract`] (its engine: [`knobs`], [`pipeline`], [`run`],
//! [`persist`], [`batch`], [`face`]), [`emergency_v1`], [`emergency_v4_1`], [`emergency_v5_0_1`],
//! [`kage_emergency`]; [`codebook`] is the family's reference log codebook.
//! What they share:
//!
//! - [`vocab`]: the family's 18 layers and 39 reason codes with their codebook ids;
//! - [`knobs`]: the validated run parameters (mutations, stress profile, initial state, key);
//! - [`lint`]: the draft lint with the fixed, clause-scoped negation rules;
//! - [`inputs`]: the evidence bundle, the authorisation request and the draft, with their mutations;
//! - [`state`]: trust, eval and grant state that carries from run to run;
//! - [`pipeline`]: the gates in emission order, cut at every HITL point;
//! - [`run`]: one interactive run, one row at a time, with HITL requests and resolutions;
//! - [`persist`]: incident-only persistence with pre- and post-context, and the chain;
//! - [`batch`]: the batch runner and the reference's result document.
//! - [`explain`]: one-sentence explanations of every reason code, in English and Japanese.

#[cfg(feature = "batch")]
pub mod batch;
pub mod codebook;
pub mod emergency_contract;
pub mod emergency_v1;
pub mod emergency_v4_1;
pub mod emergency_v5_0_1;
pub mod explain;
pub mod face;
pub mod inputs;
pub mod kage_emergency;
pub mod knobs;
pub mod lint;
pub mod persist;
pub mod pipeline;
pub mod run;
pub mod state;
pub mod vocab;

pub use vocab::{Emergency, FAMILY_ID, Layer, Reason};

/// The extra fields the family's rows may carry, beyond the shared row and chain fields.
pub const EXTRA_FIELDS: &[&str] = &[
    "trust_score",
    "compliance_score",
    "why",
    "before",
    "after",
    "sessions",
    "error",
    "scenario",
    "location_id",
    "policy_pack_hash",
    "kind",
    "missing_keys",
    "cooldown_until",
    "need",
    "approval_streak",
    "grant_id",
    "auth_request_id",
    "auth_id",
    "mode",
    "outcome",
    "trust_before",
    "trust_after",
    "delta_requested",
    "delta_applied",
    "cap_remaining",
    "draft_id",
    "pattern",
    "missing",
    "contract_id",
    "runtime_ms",
    "multiplier_snapshot",
    "base_score",
    "final_score",
    "clean_completion",
    "fraud_hits",
    "fabricate_evidence",
    "reward_value",
];

/// The reference simulator version this family follows.
pub const SIM_VERSION: &str = "5.1.2";
/// The stub policy-pack fingerprint written into rows and results.
pub const POLICY_PACK_HASH: &str = "POLICY_PACK#SIM#V4_8_2";
/// Scenario id of Case B.
pub const SCENARIO_ID: &str = "CASE_B_PED_IN_CROSSWALK_EMERGENCY_PRESENT";
/// Location of Case B.
pub const LOCATION_ID: &str = "INT-042";
/// The emergency vehicle's state in Case B.
pub const VEHICLE_STATE: &str = "WAITING_AT_SIGNAL";
/// The dummy authorisation id.
pub const DUMMY_AUTH_ID: &str = "EMG-7K3P9Q";
/// The default grant's id.
pub const GRANT_ID: &str = "GRANT#CASE_B#INT-042";
