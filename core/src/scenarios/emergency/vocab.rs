//! The emergency-contract family's vocabulary (reference bench v5.1.2, Case B).
//!
//! Eighteen layers and thirty-nine reason codes, in the reference's definition order, with the
//! ids the reference codebook (`5.1-demo.1`) gives them.

use crate::vocab::Family;
use crate::vocabulary;

vocabulary! {
    /// The emergency family's layers, in definition order.
    pub enum Layer {
        /// Meaning gate.
        MeaningGate = "meaning_gate",
        /// Consistency gate.
        ConsistencyGate = "consistency_gate",
        /// Relativity filter (RFL): pauses, never seals.
        RelativityGate = "relativity_gate",
        /// Evidence gate.
        EvidenceGate = "evidence_gate",
        /// Ethics gate: may seal.
        EthicsGate = "ethics_gate",
        /// Accountability / authority-control gate: may seal.
        AccGate = "acc_gate",
        /// Model trust gate.
        ModelTrustGate = "model_trust_gate",
        /// Trust update event.
        TrustUpdate = "trust_update",
        /// USER authorisation.
        HitlAuth = "hitl_auth",
        /// Draft generation.
        DocDraft = "doc_draft",
        /// Draft lint.
        DraftLintGate = "draft_lint_gate",
        /// ADMIN finalisation.
        HitlFinalizeAdmin = "hitl_finalize_admin",
        /// Contract effect (simulated).
        ContractEffect = "contract_effect",
        /// Critical-key blacklist gate.
        BlacklistGate = "blacklist_gate",
        /// ADMIN reward.
        HitlReward = "hitl_reward",
        /// Evaluation score.
        EvalScore = "eval_score",
        /// ADMIN coaching authorisation.
        HitlCoachingAuth = "hitl_coaching_auth",
        /// Coaching event.
        CoachingEvent = "coaching_event",
    }
}

vocabulary! {
    /// The emergency family's reason codes, in definition order.
    pub enum Reason {
        /// Gate passed.
        Ok = "OK",
        /// RFL: a boundary judgment is unstable.
        RelBoundaryUnstable = "REL_BOUNDARY_UNSTABLE",
        /// RFL: a reference point is missing.
        RelRefMissing = "REL_REF_MISSING",
        /// Evidence is valid.
        EvidenceOk = "EVIDENCE_OK",
        /// No evidence bundle.
        EvidenceMissing = "EVIDENCE_MISSING",
        /// The evidence bundle violates its schema.
        EvidenceSchemaInvalid = "EVIDENCE_SCHEMA_INVALID",
        /// An evidence item is fabricated.
        EvidenceFabrication = "EVIDENCE_FABRICATION",
        /// Trust is below the auto-authorisation threshold.
        TrustScoreLow = "TRUST_SCORE_LOW",
        /// A cooldown after a negative event is active.
        TrustCooldownActive = "TRUST_COOLDOWN_ACTIVE",
        /// Authorised automatically by trust and grant.
        AutoAuthByTrustAndGrant = "AUTO_AUTH_BY_TRUST_AND_GRANT",
        /// No valid grant for the scenario and location.
        NoValidGrant = "NO_VALID_GRANT",
        /// USER approved the authorisation request.
        AuthApprove = "AUTH_APPROVE",
        /// USER rejected the authorisation request.
        AuthReject = "AUTH_REJECT",
        /// USER asked for a revision of the request.
        AuthRevise = "AUTH_REVISE",
        /// The authorisation request expired.
        AuthExpired = "AUTH_EXPIRED",
        /// A HITL event failed validation.
        InvalidEvent = "INVALID_EVENT",
        /// Consistency broken.
        ConsistencyBreak = "CONSISTENCY_BREAK",
        /// Required keys are missing.
        CritMissingRequiredKeys = "CRIT_MISSING_REQUIRED_KEYS",
        /// The draft claims legal force.
        SafetyLegalBindingClaim = "SAFETY_LEGAL_BINDING_CLAIM",
        /// The draft contains a discrimination term.
        SafetyDiscriminationTerm = "SAFETY_DISCRIMINATION_TERM",
        /// A draft was generated.
        DraftGenerated = "DRAFT_GENERATED",
        /// The draft passed the lint.
        DraftLintOk = "DRAFT_LINT_OK",
        /// The draft lacks required safety phrases.
        DraftOutOfScope = "DRAFT_OUT_OF_SCOPE",
        /// Legacy lint failure for a binding claim.
        DraftIllegalBinding = "DRAFT_ILLEGAL_BINDING",
        /// ADMIN approved the draft.
        FinalizeApprove = "FINALIZE_APPROVE",
        /// ADMIN asked for a revision.
        FinalizeRevise = "FINALIZE_REVISE",
        /// ADMIN stopped the run.
        FinalizeStop = "FINALIZE_STOP",
        /// The (simulated) contract is effective.
        ContractEffective = "CONTRACT_EFFECTIVE",
        /// A sealed stop cannot be overridden.
        NonOverridableSafety = "NON_OVERRIDABLE_SAFETY",
        /// Reward granted.
        RewardGranted = "REWARD_GRANTED",
        /// Reward skipped.
        RewardSkipped = "REWARD_SKIPPED",
        /// Run scored.
        EvalScored = "EVAL_SCORED",
        /// Trust updated.
        TrustUpdate = "TRUST_UPDATE",
        /// ADMIN finalisation is required.
        AdminFinalizeRequired = "ADMIN_FINALIZE_REQUIRED",
        /// ADMIN must authorise coaching.
        CoachingAuthRequired = "COACHING_AUTH_REQUIRED",
        /// ADMIN approved coaching.
        CoachingApprove = "COACHING_APPROVE",
        /// ADMIN denied coaching.
        CoachingDeny = "COACHING_DENY",
        /// Coaching check passed.
        CoachingCheckPassed = "COACHING_CHECK_PASSED",
        /// Coaching skipped.
        CoachingSkipped = "COACHING_SKIPPED",
    }
}

/// The family's identifier.
pub const FAMILY_ID: &str = super::emergency_contract::ID;

/// The emergency-contract family (Case B).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Emergency;

impl Family for Emergency {
    const ID: &'static str = FAMILY_ID;
    type Layer = Layer;
    type Reason = Reason;
    type Extras = super::pipeline::Extra;

    fn may_seal(layer: Layer) -> bool {
        matches!(layer, Layer::EthicsGate | Layer::AccGate)
    }

    fn is_relativity(layer: Layer) -> bool {
        layer == Layer::RelativityGate
    }
}

impl Layer {
    /// The layer's id in the reference codebook (alphabetical, starting at 1; 0 is reserved).
    pub const fn codebook_id(self) -> u8 {
        match self {
            Layer::AccGate => 1,
            Layer::BlacklistGate => 2,
            Layer::CoachingEvent => 3,
            Layer::ConsistencyGate => 4,
            Layer::ContractEffect => 5,
            Layer::DocDraft => 6,
            Layer::DraftLintGate => 7,
            Layer::EthicsGate => 8,
            Layer::EvalScore => 9,
            Layer::EvidenceGate => 10,
            Layer::HitlAuth => 11,
            Layer::HitlCoachingAuth => 12,
            Layer::HitlFinalizeAdmin => 13,
            Layer::HitlReward => 14,
            Layer::MeaningGate => 15,
            Layer::ModelTrustGate => 16,
            Layer::RelativityGate => 17,
            Layer::TrustUpdate => 18,
        }
    }
}

impl Reason {
    /// The reason's id in the reference codebook (ids 0–37 alphabetical by byte order, 38 appended).
    pub const fn codebook_id(self) -> u8 {
        match self {
            Reason::AuthApprove => 0,
            Reason::AuthExpired => 1,
            Reason::AuthReject => 2,
            Reason::AuthRevise => 3,
            Reason::AutoAuthByTrustAndGrant => 4,
            Reason::CoachingApprove => 5,
            Reason::CoachingAuthRequired => 6,
            Reason::CoachingCheckPassed => 7,
            Reason::CoachingDeny => 8,
            Reason::CoachingSkipped => 9,
            Reason::ConsistencyBreak => 10,
            Reason::ContractEffective => 11,
            Reason::CritMissingRequiredKeys => 12,
            Reason::DraftGenerated => 13,
            Reason::DraftIllegalBinding => 14,
            Reason::DraftLintOk => 15,
            Reason::DraftOutOfScope => 16,
            Reason::EvalScored => 17,
            Reason::EvidenceFabrication => 18,
            Reason::EvidenceMissing => 19,
            Reason::EvidenceOk => 20,
            Reason::EvidenceSchemaInvalid => 21,
            Reason::FinalizeApprove => 22,
            Reason::FinalizeRevise => 23,
            Reason::FinalizeStop => 24,
            Reason::InvalidEvent => 25,
            Reason::NonOverridableSafety => 26,
            Reason::NoValidGrant => 27,
            Reason::Ok => 28,
            Reason::RelBoundaryUnstable => 29,
            Reason::RelRefMissing => 30,
            Reason::RewardGranted => 31,
            Reason::RewardSkipped => 32,
            Reason::SafetyDiscriminationTerm => 33,
            Reason::SafetyLegalBindingClaim => 34,
            Reason::TrustCooldownActive => 35,
            Reason::TrustScoreLow => 36,
            Reason::TrustUpdate => 37,
            Reason::AdminFinalizeRequired => 38,
        }
    }
}
