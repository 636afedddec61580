//! The emergency scenario's knobs: validated run parameters, all part of the run specification.
//!
//! Knobs are set by name from text (`Knobs::set`), so the CLI, share links and the web form all
//! go through the same validation, and listed back as text (`Knobs::to_pairs`) for log headers
//! and links. [`KNOBS`] describes each one (kind, values, range, default) for generated forms.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

pub use crate::face::{KnobInfo, KnobKind};

/// The knobs' names, each written once: the descriptions, [`Knobs::set`] and
/// [`Knobs::to_pairs`] use these.
#[expect(missing_docs, reason = "each constant is its knob's name")]
pub mod names {
    pub const FABRICATE: &str = "fabricate";
    pub const FABRICATE_RATE: &str = "fabricate_rate";
    pub const EVIDENCE: &str = "evidence";
    pub const AUTH_REQUEST: &str = "auth_request";
    pub const DRAFT: &str = "draft";
    pub const STRESS: &str = "stress";
    pub const INITIAL_TRUST: &str = "initial_trust";
    pub const INITIAL_STREAK: &str = "initial_streak";
    pub const COOLDOWN: &str = "cooldown";
    pub const COACHING_SESSIONS: &str = "coaching_sessions";
    pub const GRANT: &str = "grant";
    pub const INCIDENT_TRIGGERS: &str = "incident_triggers";
    pub const FULL_CONTEXT_N: &str = "full_context_n";
}

/// Every knob of the emergency scenario.
pub const KNOBS: &[KnobInfo] = &[
    KnobInfo {
        name: names::FABRICATE,
        kind: KnobKind::Flag,
        default: "false",
        help: "Fabricate the evidence of every run (when no rate is set).",
        help_ja: "すべての実行で証拠を捏造する(率が未指定のとき)。",
    },
    KnobInfo {
        name: names::FABRICATE_RATE,
        kind: KnobKind::Number { min: 0.0, max: 1.0 },
        default: "none",
        help: "Fabricate a run's evidence when its random draw is below this rate (`none` to use the flag).",
        help_ja: "乱数がこの率を下回った実行の証拠を捏造する(`none` でフラグを使う)。",
    },
    KnobInfo {
        name: names::EVIDENCE,
        kind: KnobKind::Choice { values: &["ok", "missing", "schema_invalid", "fabricated"] },
        default: "ok",
        help: "Mutate the evidence bundle.",
        help_ja: "証拠バンドルを変異させる。",
    },
    KnobInfo {
        name: names::AUTH_REQUEST,
        kind: KnobKind::Choice { values: &["ok", "crit_missing", "expired"] },
        default: "ok",
        help: "Mutate the authorisation request.",
        help_ja: "認可リクエストを変異させる。",
    },
    KnobInfo {
        name: names::DRAFT,
        kind: KnobKind::Choice {
            values: &[
                "ok",
                "out_of_scope",
                "legal_binding",
                "discriminatory_wording",
                "discrimination",
            ],
        },
        default: "ok",
        help: "Mutate the drafted agreement.",
        help_ja: "起草された合意書を変異させる。",
    },
    KnobInfo {
        name: names::STRESS,
        kind: KnobKind::Flag,
        default: "false",
        help: "Draw the evidence, request and draft mutations of each run with the reference v4.4 stress weights.",
        help_ja: "各実行の証拠・リクエスト・草案の変異を参照 v4.4 のストレス重みで抽選する。",
    },
    KnobInfo {
        name: names::INITIAL_TRUST,
        kind: KnobKind::Number { min: 0.0, max: 1.0 },
        default: "0.9",
        help: "The model's trust score before the first run.",
        help_ja: "最初の実行前のモデル信頼スコア。",
    },
    KnobInfo {
        name: names::INITIAL_STREAK,
        kind: KnobKind::Integer { min: 0, max: 1000 },
        default: "0",
        help: "The approval streak before the first run.",
        help_ja: "最初の実行前の承認連続数。",
    },
    KnobInfo {
        name: names::COOLDOWN,
        kind: KnobKind::Flag,
        default: "false",
        help: "Start inside a cooldown window, as after a recent negative event.",
        help_ja: "直前の負のイベント後のように、クールダウン中から始める。",
    },
    KnobInfo {
        name: names::COACHING_SESSIONS,
        kind: KnobKind::Integer { min: 0, max: 50 },
        default: "0",
        help: "Coaching sessions already held (at 50, coaching is skipped).",
        help_ja: "実施済みのコーチング回数(50 でコーチングは省略)。",
    },
    KnobInfo {
        name: names::GRANT,
        kind: KnobKind::Choice { values: &["valid", "expired", "none"] },
        default: "valid",
        help: "The standing grant for Case B at INT-042.",
        help_ja: "ケースB・INT-042 の常設グラント。",
    },
    KnobInfo {
        name: names::INCIDENT_TRIGGERS,
        kind: KnobKind::Choice { values: &["earlier", "extended"] },
        default: "earlier",
        help: "Which pauses open an incident: the v5.1.2 set, or the newer extended set.",
        help_ja: "どの一時停止がインシデントを開くか:v5.1.2 の集合か、新しい拡張集合か。",
    },
    KnobInfo {
        name: names::FULL_CONTEXT_N,
        kind: KnobKind::Integer { min: 0, max: 100 },
        default: "0",
        help: "Rows before an incident replayed into its log (pre-context).",
        help_ja: "インシデント前に遡って記録する行数(前文脈)。",
    },
];

/// Evidence mutations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum EvidenceMutation {
    /// The bundle as built.
    #[default]
    Ok,
    /// No bundle at all.
    Missing,
    /// `schema_version` set to `"9.9"`.
    SchemaInvalid,
    /// The item's `fabricated` flag set.
    Fabricated,
}

/// Authorisation-request mutations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum AuthMutation {
    /// The request as built.
    #[default]
    Ok,
    /// `auth_id` dropped.
    CritMissing,
    /// `expires_at` set to 2000-01-01.
    Expired,
}

/// Draft mutations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum DraftMutation {
    /// The draft as built.
    #[default]
    Ok,
    /// The "AI is used for drafting only" sentence deleted.
    OutOfScope,
    /// "We guarantee this contract is binding." appended.
    LegalBinding,
    /// "This clause is discriminatory." appended: the v4.4 stress sentence, which the lint
    /// does not match ("discriminatory" is not one of its words).
    DiscriminatoryWording,
    /// A sentence with the word "discriminate" appended.
    Discrimination,
}

/// The standing grant's state at the start.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum GrantKnob {
    /// A grant valid for seven days.
    #[default]
    Valid,
    /// A grant that expired a day ago.
    Expired,
    /// No grant.
    None,
}

/// Which rows open an incident.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum IncidentTriggers {
    /// The v5.1.2 set (the reference vectors follow it).
    #[default]
    Earlier,
    /// The newer snapshot's extended set.
    Extended,
}

/// How evidence fabrication is decided.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum Fabrication {
    /// Never (unless the evidence mutation says so).
    #[default]
    Off,
    /// Every run.
    Always,
    /// A run is fabricated when its `random()` draw is below the rate.
    Rate(f64),
}

/// The validated knobs of an emergency run or batch.
#[derive(Clone, Debug, PartialEq)]
pub struct Knobs {
    /// The `fabricate` flag.
    pub fabricate: bool,
    /// The `fabricate_rate`, if set.
    pub fabricate_rate: Option<f64>,
    /// Evidence mutation (when not under stress).
    pub evidence: EvidenceMutation,
    /// Request mutation (when not under stress).
    pub auth_request: AuthMutation,
    /// Draft mutation (when not under stress).
    pub draft: DraftMutation,
    /// Draw mutations with the v4.4 weights.
    pub stress: bool,
    /// Trust before the first run.
    pub initial_trust: f64,
    /// Approval streak before the first run.
    pub initial_streak: u32,
    /// Start inside a cooldown window.
    pub cooldown: bool,
    /// Coaching sessions already held.
    pub coaching_sessions: u32,
    /// The standing grant.
    pub grant: GrantKnob,
    /// The incident trigger set.
    pub incident_triggers: IncidentTriggers,
    /// Pre-context size.
    pub full_context_n: usize,
}

impl Default for Knobs {
    fn default() -> Self {
        Knobs {
            fabricate: false,
            fabricate_rate: None,
            evidence: EvidenceMutation::Ok,
            auth_request: AuthMutation::Ok,
            draft: DraftMutation::Ok,
            stress: false,
            initial_trust: 0.9,
            initial_streak: 0,
            cooldown: false,
            coaching_sessions: 0,
            grant: GrantKnob::Valid,
            incident_triggers: IncidentTriggers::Earlier,
            full_context_n: 0,
        }
    }
}

/// A knob value that was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnobError {
    /// The knob.
    pub knob: String,
    /// What is wrong, for the user, in both languages.
    pub message: crate::say::Said,
}

impl KnobError {
    fn new(knob: &str, en: String, ja: String) -> Self {
        KnobError { knob: knob.to_string(), message: crate::say::Said::new(en, ja) }
    }
}

impl core::fmt::Display for KnobError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "knob `{}`: {}", self.knob, self.message.en)
    }
}

const EVIDENCE: [(&str, EvidenceMutation); 4] = [
    ("ok", EvidenceMutation::Ok),
    ("missing", EvidenceMutation::Missing),
    ("schema_invalid", EvidenceMutation::SchemaInvalid),
    ("fabricated", EvidenceMutation::Fabricated),
];
const AUTH: [(&str, AuthMutation); 3] = [
    ("ok", AuthMutation::Ok),
    ("crit_missing", AuthMutation::CritMissing),
    ("expired", AuthMutation::Expired),
];
const DRAFT: [(&str, DraftMutation); 5] = [
    ("ok", DraftMutation::Ok),
    ("out_of_scope", DraftMutation::OutOfScope),
    ("legal_binding", DraftMutation::LegalBinding),
    ("discriminatory_wording", DraftMutation::DiscriminatoryWording),
    ("discrimination", DraftMutation::Discrimination),
];
const GRANT: [(&str, GrantKnob); 3] =
    [("valid", GrantKnob::Valid), ("expired", GrantKnob::Expired), ("none", GrantKnob::None)];
const TRIGGERS: [(&str, IncidentTriggers); 2] =
    [("earlier", IncidentTriggers::Earlier), ("extended", IncidentTriggers::Extended)];

fn name_of<T: PartialEq + Copy>(table: &[(&'static str, T)], v: T) -> &'static str {
    table.iter().find(|(_, t)| *t == v).map_or("?", |(n, _)| n)
}

fn pick<T: Copy>(table: &[(&'static str, T)], text: &str) -> Option<T> {
    table.iter().find(|(n, _)| *n == text).map(|(_, v)| *v)
}

impl Knobs {
    /// Sets the knob `name` from text, checked by the one validation of every scenario's knobs
    /// ([`crate::stepwise::check`]) after this bench's shorthands (`1`, `yes` and `on` for
    /// `true`, `0`, `no` and `off` for `false`, `none` for no fabrication rate, spaces around
    /// the value); nothing changes when the value is refused.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), KnobError> {
        let Some(info) = KNOBS.iter().find(|k| k.name == name) else {
            let names: Vec<&str> = KNOBS.iter().map(|k| k.name).collect();
            return Err(KnobError::new(
                name,
                format!("unknown knob (known: {})", names.join(", ")),
                format!("未知のノブです(使えるノブ: {})", names.join(", ")),
            ));
        };
        let value = match (info.kind, value.trim()) {
            (KnobKind::Flag, "1" | "yes" | "on") => "true",
            (KnobKind::Flag, "0" | "no" | "off") => "false",
            (_, v) => v,
        };
        if name == names::FABRICATE_RATE && value == "none" {
            self.fabricate_rate = None;
            return Ok(());
        }
        crate::stepwise::check(info, value)
            .map_err(|e| KnobError { knob: name.to_string(), message: e.message })?;
        // Checked: each value below is of its knob's kind and within its range.
        let refused = || {
            KnobError::new(
                name,
                format!("`{value}` cannot be read as this knob's value"),
                format!("`{value}` はこのノブの値として読めません"),
            )
        };
        let flag = || Ok::<bool, KnobError>(value == "true");
        let number = || value.parse::<f64>().map_err(|_| refused());
        let whole = || value.parse::<u32>().map_err(|_| refused());
        match name {
            names::FABRICATE => self.fabricate = flag()?,
            names::FABRICATE_RATE => self.fabricate_rate = Some(number()?),
            names::EVIDENCE => self.evidence = pick(&EVIDENCE, value).ok_or_else(refused)?,
            names::AUTH_REQUEST => self.auth_request = pick(&AUTH, value).ok_or_else(refused)?,
            names::DRAFT => self.draft = pick(&DRAFT, value).ok_or_else(refused)?,
            names::STRESS => self.stress = flag()?,
            names::INITIAL_TRUST => self.initial_trust = number()?,
            names::INITIAL_STREAK => self.initial_streak = whole()?,
            names::COOLDOWN => self.cooldown = flag()?,
            names::COACHING_SESSIONS => self.coaching_sessions = whole()?,
            names::GRANT => self.grant = pick(&GRANT, value).ok_or_else(refused)?,
            names::INCIDENT_TRIGGERS => {
                self.incident_triggers = pick(&TRIGGERS, value).ok_or_else(refused)?
            }
            names::FULL_CONTEXT_N => self.full_context_n = whole()? as usize,
            _ => return Err(refused()),
        }
        Ok(())
    }

    /// Every knob as (name, value text), in [`KNOBS`] order; `set` accepts each back.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut float = String::new();
        let _ = crate::json::py_float(&mut float, self.initial_trust);
        let rate = match self.fabricate_rate {
            None => "none".to_string(),
            Some(r) => {
                let mut s = String::new();
                let _ = crate::json::py_float(&mut s, r);
                s
            }
        };
        alloc::vec![
            (names::FABRICATE, self.fabricate.to_string()),
            (names::FABRICATE_RATE, rate),
            (names::EVIDENCE, name_of(&EVIDENCE, self.evidence).to_string()),
            (names::AUTH_REQUEST, name_of(&AUTH, self.auth_request).to_string()),
            (names::DRAFT, name_of(&DRAFT, self.draft).to_string()),
            (names::STRESS, self.stress.to_string()),
            (names::INITIAL_TRUST, float),
            (names::INITIAL_STREAK, self.initial_streak.to_string()),
            (names::COOLDOWN, self.cooldown.to_string()),
            (names::COACHING_SESSIONS, self.coaching_sessions.to_string()),
            (names::GRANT, name_of(&GRANT, self.grant).to_string()),
            (names::INCIDENT_TRIGGERS, name_of(&TRIGGERS, self.incident_triggers).to_string()),
            (names::FULL_CONTEXT_N, self.full_context_n.to_string()),
        ]
    }

    /// How fabrication is decided, from the flag and the rate (the rate wins, as in the
    /// reference).
    pub fn fabrication(&self) -> Fabrication {
        match (self.fabricate_rate, self.fabricate) {
            (Some(rate), _) => Fabrication::Rate(rate),
            (None, true) => Fabrication::Always,
            (None, false) => Fabrication::Off,
        }
    }
}

/// A human's answer at a HITL point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Choice {
    /// ADMIN approves a coaching session.
    CoachingApprove,
    /// ADMIN denies a coaching session.
    CoachingDeny,
    /// USER approves the authorisation request.
    AuthApprove,
    /// USER asks for a revised request (the run ends waiting).
    AuthRevise,
    /// USER rejects the request (the run stops, unsealed).
    AuthReject,
    /// ADMIN approves the draft (the contract becomes effective).
    FinalizeApprove,
    /// ADMIN asks for a revised draft (the run ends waiting).
    FinalizeRevise,
    /// ADMIN stops the run (unsealed).
    FinalizeStop,
}

impl Choice {
    /// Every choice.
    pub const ALL: [Choice; 8] = [
        Choice::CoachingApprove,
        Choice::CoachingDeny,
        Choice::AuthApprove,
        Choice::AuthRevise,
        Choice::AuthReject,
        Choice::FinalizeApprove,
        Choice::FinalizeRevise,
        Choice::FinalizeStop,
    ];

    /// The reference event type this choice sends (`AUTH_APPROVE`, ...).
    pub const fn event_type(self) -> &'static str {
        match self {
            Choice::CoachingApprove => "COACHING_APPROVE",
            Choice::CoachingDeny => "COACHING_DENY",
            Choice::AuthApprove => "AUTH_APPROVE",
            Choice::AuthRevise => "AUTH_REVISE",
            Choice::AuthReject => "AUTH_REJECT",
            Choice::FinalizeApprove => "FINALIZE_APPROVE",
            Choice::FinalizeRevise => "FINALIZE_REVISE",
            Choice::FinalizeStop => "FINALIZE_STOP",
        }
    }

    /// The short name used in scripts and links: `auth:approve`, `finalize:stop`, ...
    pub const fn token(self) -> &'static str {
        match self {
            Choice::CoachingApprove => "coaching:approve",
            Choice::CoachingDeny => "coaching:deny",
            Choice::AuthApprove => "auth:approve",
            Choice::AuthRevise => "auth:revise",
            Choice::AuthReject => "auth:reject",
            Choice::FinalizeApprove => "finalize:approve",
            Choice::FinalizeRevise => "finalize:revise",
            Choice::FinalizeStop => "finalize:stop",
        }
    }

    /// The choice named by `token`.
    pub fn parse(token: &str) -> Result<Choice, UnknownChoice> {
        Choice::ALL
            .into_iter()
            .find(|c| c.token() == token)
            .ok_or_else(|| UnknownChoice(token.to_string()))
    }
}

/// A token that names no [`Choice`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownChoice(pub String);

impl UnknownChoice {
    /// What is wrong, in English and Japanese.
    pub fn said(&self) -> crate::say::Said {
        let names: Vec<&str> = Choice::ALL.iter().map(|c| c.token()).collect();
        let token = &self.0;
        crate::say::Said::new(
            format!("unknown choice `{token}` (expected one of {})", names.join(", ")),
            format!("未知の選択 `{token}` です(使える選択: {})", names.join(", ")),
        )
    }
}

impl core::fmt::Display for UnknownChoice {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.said().en)
    }
}

impl core::error::Error for UnknownChoice {}
