//! The emergency contract v5.1.2 (Case B: a pedestrian in the crosswalk while an emergency
//! vehicle waits at the signal): its declaration. Its engine sits beside it in this theme
//! ([`super::pipeline`], [`super::run`], [`super::batch`], [`super::face`], ...).

/// The scenario's id, written once: the registry, links and logs read it from here.
pub const ID: &str = "emergency-contract";

/// This scenario: the emergency-contract bench v5.1.2.
pub const SCENARIO: crate::scenario::ScenarioInfo = crate::scenario::ScenarioInfo {
    id: ID,
    family: super::FAMILY_ID,
    theme: crate::scenario::Theme::Emergency,
    teaches: (
        "An ambulance asks to break a traffic rule: fabricated evidence is sealed, and the user and the admin must both approve.",
        "救急車が交通規則を破る許可を求める:捏造された証拠は封印され、利用者と管理者の両方の承認が必要。",
    ),
    story: crate::scenario::Story {
        who: (
            "A pedestrian is still in the crosswalk while an ambulance waits at the signal; an AI drafts an agreement that would give the ambulance signal priority.",
            "救急車が信号で待つ中、横断歩道にはまだ歩行者がいる。AI が救急車に信号の優先権を与える合意書を起草する。",
        ),
        risk: (
            "Evidence may be missing or fabricated, the request may have expired, and the draft may claim to be legally binding; an agreement that takes effect unchecked puts the pedestrian at risk.",
            "証拠が欠けていたり捏造されていたりし、リクエストが期限切れのことも、草案が法的拘束力を主張することもある。確認なしに発効した合意は歩行者を危険にさらす。",
        ),
        decide: (
            "You are the field operator (USER) who authorises the request, and the ADMIN who allows coaching and finalises the agreement.",
            "あなたはリクエストを認可する現場担当者(USER)であり、コーチングを許可し合意を確定する ADMIN でもある。",
        ),
    },
    title: "Emergency contract v5.1.2 (Case B: pedestrian in the crosswalk)",
    title_ja: "緊急契約 v5.1.2(ケースB:横断歩道に歩行者)",
    reference: "mediation_emergency_contract_sim_v5_1_2.py",
    version: "5.1.2",
    layers: super::Layer::NAMES,
    reasons: super::Reason::NAMES,
    extra_fields: super::EXTRA_FIELDS,
    paths: super::face::PATHS,
    decisions: crate::scenario::SHARED_DECISIONS,
    deciders: crate::scenario::ALL_DECIDERS,
    knobs: super::knobs::KNOBS,
    open: super::face::open,
    batch: Some(crate::scenario::BatchInfo {
        #[cfg(feature = "batch")]
        open: super::face::open_batch,
        metric: ("Trust over the batch", "バッチ中の信頼スコア"),
    }),
    explain: super::face::explain_code,
};
