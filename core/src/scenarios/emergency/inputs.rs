//! The inputs of a run: the evidence bundle, the authorisation request and the draft, each
//! with its mutations, and the validations the gates apply to them.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{Value, json};

use super::knobs::{AuthMutation, DraftMutation, EvidenceMutation};
use super::{DUMMY_AUTH_ID, LOCATION_ID, SCENARIO_ID};
use crate::clock::{SimDuration, SimTime};

/// The authorisation request's time to live in the pipeline.
pub const AUTH_TTL: SimDuration = SimDuration::from_secs(120);

/// Whether `s` counts as ISO for the reference: it starts with `YYYY-MM-DDT`.
pub fn looks_iso(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 11
        && b.iter().take(11).enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            _ => c.is_ascii_digit(),
        })
}

/// The Case-B evidence bundle as the gate receives it (`None` when missing).
pub fn evidence_bundle(
    mutation: EvidenceMutation,
    fabricated: bool,
    now: SimTime,
) -> Option<Value> {
    let schema = match mutation {
        EvidenceMutation::SchemaInvalid => "9.9",
        _ => "1.0",
    };
    if mutation == EvidenceMutation::Missing {
        return None;
    }
    Some(json!({
        "schema_version": schema,
        "scenario": SCENARIO_ID,
        "location_id": LOCATION_ID,
        "evidence_items": [{
            "evidence_id": "EV#001",
            "source_id": "SIM_SOURCE",
            "locator": {"kind": "SIM", "location_id": LOCATION_ID},
            "retrieved_at": now.iso_jst(),
            "hash": {"algo": "sha256", "value": "SIMULATED"},
            "supports": [
                {"claim": "emergency_vehicle_present", "value": true},
                {"claim": "ped_in_crosswalk", "value": true}
            ],
            "fabricated": fabricated || mutation == EvidenceMutation::Fabricated,
            "relevance": "high"
        }]
    }))
}

/// What the evidence gate concluded about a bundle.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum EvidenceCheck {
    /// No bundle.
    Missing,
    /// The bundle violates its schema; the reference's error text.
    SchemaInvalid(String),
    /// A valid bundle with a fabricated item.
    Fabricated,
    /// A valid, genuine bundle.
    Ok,
}

/// Validates a bundle in the reference's order, with its error texts.
pub fn check_evidence(bundle: Option<&Value>) -> EvidenceCheck {
    let Some(bundle) = bundle else { return EvidenceCheck::Missing };
    let bad = |s: &str| EvidenceCheck::SchemaInvalid(String::from(s));
    let Some(obj) = bundle.as_object() else { return bad("bundle must be object") };
    if obj.get("schema_version").and_then(Value::as_str) != Some("1.0") {
        return bad("bundle.schema_version must be '1.0'");
    }
    for key in ["scenario", "location_id", "evidence_items"] {
        if !obj.contains_key(key) {
            return EvidenceCheck::SchemaInvalid(format!("'missing: {key}'"));
        }
    }
    let Some(items) = obj.get("evidence_items").and_then(Value::as_array) else {
        return bad("evidence_items must be list");
    };
    if items.is_empty() {
        return bad("evidence_items must not be empty");
    }
    let mut fabricated = false;
    for item in items {
        let Some(item) = item.as_object() else { return bad("each evidence_item must be object") };
        for key in [
            "evidence_id",
            "source_id",
            "locator",
            "retrieved_at",
            "hash",
            "supports",
            "fabricated",
        ] {
            if !item.contains_key(key) {
                return EvidenceCheck::SchemaInvalid(format!("'missing: {key}'"));
            }
        }
        if !item.get("retrieved_at").and_then(Value::as_str).is_some_and(looks_iso) {
            return bad("ts must be ISO-8601 string");
        }
        if !item.get("locator").is_some_and(Value::is_object) {
            return bad("locator must be object");
        }
        if !item.get("supports").is_some_and(Value::is_array) {
            return bad("supports must be list");
        }
        fabricated |= item.get("fabricated").and_then(Value::as_bool).unwrap_or(false);
    }
    if fabricated { EvidenceCheck::Fabricated } else { EvidenceCheck::Ok }
}

/// The authorisation request of a run, typed; `auth_id` is `None` when dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthRequest {
    /// The dummy authorisation id, unless dropped.
    pub auth_id: Option<&'static str>,
    /// When it expires.
    pub expires_at: SimTime,
}

/// 2000-01-01T00:00:00+09:00, the expiry the `expired` mutation writes.
const LONG_AGO: SimTime = SimTime(946_652_400 * crate::clock::MICROS_PER_SEC);

impl AuthRequest {
    /// The request built at `now` (TTL 120 s), with `mutation` applied.
    pub fn build(now: SimTime, mutation: AuthMutation) -> Self {
        AuthRequest {
            auth_id: if mutation == AuthMutation::CritMissing { None } else { Some(DUMMY_AUTH_ID) },
            expires_at: if mutation == AuthMutation::Expired {
                LONG_AGO
            } else {
                now.plus(AUTH_TTL)
            },
        }
    }

    /// The critical keys that are missing (`schema_version`, `auth_request_id`, `auth_id`,
    /// `context`, `expires_at`: only `auth_id` can be dropped here).
    pub fn missing_keys(&self) -> Vec<&'static str> {
        if self.auth_id.is_none() { alloc::vec!["auth_id"] } else { Vec::new() }
    }

    /// Whether the request has expired at `now` (strictly later than `expires_at`, compared
    /// at whole seconds as the ISO strings are).
    pub fn expired_at(&self, now: SimTime) -> bool {
        now.unix_secs() > self.expires_at.unix_secs()
    }
}

/// The bullet of the safety notes that the `out_of_scope` mutation empties.
const DRAFTING_ONLY_BULLET: &str =
    "- AI is used for **drafting only**; it grants no permissions and cannot authorise actions.";

/// The Markdown draft of run `run_id`, with `mutation` applied.
pub fn draft_text(run_id: &str, now: SimTime, mutation: DraftMutation) -> String {
    let drafting_only = match mutation {
        DraftMutation::OutOfScope => "- ",
        _ => DRAFTING_ONLY_BULLET,
    };
    let mut text = format!(
        "# Agreement Draft (Emergency Signal Priority)\n\
         \n\
         **Draft ID**: DRAFT#{run_id}\n\
         **Run ID**: {run_id}\n\
         **Policy**: LIFE > PEDESTRIAN > VEHICLE\n\
         **Scenario**: {SCENARIO_ID}\n\
         **Location**: {LOCATION_ID}\n\
         **Auth Request ID**: AUTHREQ#{run_id}\n\
         **Dummy Auth ID**: {DUMMY_AUTH_ID}\n\
         **Generated At**: {now}\n\
         \n\
         ## 1. Purpose\n\
         Set the order of priority for signal control while an emergency vehicle is present.\n\
         \n\
         ## 2. Priority Order\n\
         1) LIFE (emergency vehicle)\n\
         2) PEDESTRIAN (in crosswalk)\n\
         3) VEHICLE (general traffic)\n\
         \n\
         ## 3. Case B Rule (pedestrian in crosswalk, emergency vehicle present)\n\
         - Pedestrian protection stays active while the pedestrian is in the crosswalk.\n\
         - The pedestrian phase is never shortened.\n\
         - Emergency priority applies from the next cycle after clearance is detected.\n\
         - A minimum all-red safety clearance comes before the emergency green.\n\
         \n\
         ## 4. Non-goals / Safety Notes\n\
         - This document is a **draft** with **no operational effect** until ADMIN final approval.\n\
         {drafting_only}\n\
         \n\
         ## 5. Effective Condition\n\
         This draft takes effect only after an ADMIN approval event references the Draft ID.\n\
         \n\
         **ADMIN Approval Required**: YES\n"
    );
    match mutation {
        DraftMutation::LegalBinding => text.push_str("We guarantee this contract is binding.\n"),
        DraftMutation::DiscriminatoryWording => text.push_str("This clause is discriminatory.\n"),
        DraftMutation::Discrimination => {
            text.push_str("Signal timing may discriminate between road users.\n")
        }
        DraftMutation::Ok | DraftMutation::OutOfScope => {}
    }
    text
}
