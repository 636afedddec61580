//! What the faces know of a scenario: [`ScenarioInfo`], which each scenario declares once on
//! its own module (`crate::scenarios`), the themes of the catalogue, and the lookups every face
//! uses ([`SCENARIOS`], [`find`], [`batch`], [`DEFAULT`]).
//!
//! A scenario is described by data (its id, family, titles, reference module and vocabulary),
//! so the web app and the CLI list and explain scenarios without per-scenario code.

#[cfg(feature = "batch")]
use crate::face::OpenBatch;
use crate::face::{KnobInfo, OpenRun};
use crate::vocab::{Decision, FinalDecider};

/// What the faces need to know about one scenario.
#[derive(Clone, Copy, Debug, serde::Serialize)]
pub struct ScenarioInfo {
    /// Stable identifier used in share links and on the command line.
    pub id: &'static str,
    /// The scenario family (which vocabulary set its rows use).
    pub family: &'static str,
    /// The theme the catalogue shows it under.
    pub theme: Theme,
    /// What it teaches, in one line: (English, Japanese).
    pub teaches: (&'static str, &'static str),
    /// Its story, shown above its run.
    pub story: Story,
    /// A short English title.
    pub title: &'static str,
    /// A short Japanese title.
    pub title_ja: &'static str,
    /// The reference module it re-implements.
    pub reference: &'static str,
    /// The reference version it follows.
    pub version: &'static str,
    /// The layers the scenario may emit, in definition order.
    pub layers: &'static [&'static str],
    /// The reason codes the scenario may emit, in definition order.
    pub reasons: &'static [&'static str],
    /// The extra fields its rows may carry beyond the base, chain and context fields.
    pub extra_fields: &'static [&'static str],
    /// The decision paths its runs can take, for lesson coverage.
    pub paths: &'static [crate::face::PathInfo],
    /// The decisions it may emit.
    pub decisions: &'static [Decision],
    /// The deciders it may name.
    pub deciders: &'static [FinalDecider],
    /// The knobs, described for generated forms.
    pub knobs: &'static [KnobInfo],
    /// Opens a run.
    #[serde(skip)]
    pub open: OpenRun,
    /// Its batch runner, if it has one.
    #[serde(skip)]
    pub batch: Option<BatchInfo>,
    /// Explains one of its reason codes or layers: (English, Japanese).
    #[serde(skip)]
    pub explain: fn(&str) -> Option<(&'static str, &'static str)>,
}

/// A scenario's story in three sentences, each (English, Japanese), written from the
/// reference's facts: who wants what, what could go wrong, and what the student decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Story {
    /// Who wants what.
    pub who: (&'static str, &'static str),
    /// What could go wrong.
    pub risk: (&'static str, &'static str),
    /// What the student decides (or watches, where nobody decides).
    pub decide: (&'static str, &'static str),
}

/// A theme of the catalogue: scenarios that teach one kind of governance, shown together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Theme {
    /// The emergency contract and its versions.
    Emergency,
    /// Policy gates: definition, loop-guard, loop budget.
    Policies,
    /// Orchestrators of tools and documents.
    Orchestrators,
    /// Multi-agent simulators: negotiation, mediation, societies.
    Simulators,
}

impl Theme {
    /// Every theme, in catalogue order.
    pub const ALL: &'static [Theme] =
        &[Theme::Emergency, Theme::Policies, Theme::Orchestrators, Theme::Simulators];

    /// Its id (the folder of `core/src/scenarios/` that holds its scenarios).
    pub const fn id(self) -> &'static str {
        match self {
            Theme::Emergency => "emergency",
            Theme::Policies => "policies",
            Theme::Orchestrators => "orchestrators",
            Theme::Simulators => "simulators",
        }
    }

    /// Its title: (English, Japanese).
    pub const fn title(self) -> (&'static str, &'static str) {
        match self {
            Theme::Emergency => ("Emergency contract", "緊急契約"),
            Theme::Policies => ("Policy gates", "方針のゲート"),
            Theme::Orchestrators => {
                ("Orchestrators, tools and documents", "オーケストレーター、ツール、文書")
            }
            Theme::Simulators => ("Multi-agent simulators", "マルチエージェント・シミュレーター"),
        }
    }

    /// What its scenarios share, in one sentence: (English, Japanese).
    pub const fn lead(self) -> (&'static str, &'static str) {
        match self {
            Theme::Emergency => (
                "An emergency vehicle needs a rule broken: evidence, ethics, trust and two human approvals decide.",
                "緊急車両が規則を破る必要がある:証拠、倫理、信頼、そして 2 人の人の承認が決める。",
            ),
            Theme::Policies => (
                "Small policies that stop a run when it is unclear, leaking or looping.",
                "不明確なとき、漏えいするとき、繰り返すときに実行を止める小さな方針。",
            ),
            Theme::Orchestrators => (
                "Orchestrators that call tools and write documents, with deny-by-default at every outside effect.",
                "ツールを呼び文書を書くオーケストレーター。外部への作用はすべてデフォルト拒否。",
            ),
            Theme::Simulators => (
                "Many agents negotiate, ally and quarrel; sealing applies to an agent, and some runs ask you.",
                "多くのエージェントが交渉し、同盟し、争う。封印はエージェントに適用され、あなたに尋ねる実行もある。",
            ),
        }
    }

    /// The registered scenarios of this theme, in registry order.
    pub fn scenarios(self) -> impl Iterator<Item = &'static ScenarioInfo> {
        SCENARIOS.iter().filter(move |s| s.theme == self)
    }
}

/// The decisions most scenarios emit.
pub const SHARED_DECISIONS: &[Decision] =
    &[Decision::Run, Decision::PauseForHitl, Decision::Stopped];
/// Every decider.
pub const ALL_DECIDERS: &[FinalDecider] =
    &[FinalDecider::System, FinalDecider::User, FinalDecider::Admin];

/// A scenario's batch runner.
#[derive(Clone, Copy, Debug)]
pub struct BatchInfo {
    /// Opens a batch (only with the `batch` feature: the page's main bundle leaves the batch
    /// runners out; its Web Worker and the CLI have them).
    #[cfg(feature = "batch")]
    pub open: OpenBatch,
    /// What the batch metric measures: (English, Japanese).
    pub metric: (&'static str, &'static str),
}

/// The batch runner of scenario `id`, if it has one.
pub fn batch(id: &str) -> Option<&'static BatchInfo> {
    find(id).ok().and_then(|s| s.batch.as_ref())
}

pub use crate::scenarios::SCENARIOS;

/// The scenario opened when nothing else is asked for.
pub const DEFAULT: &ScenarioInfo = &crate::scenarios::emergency::emergency_contract::SCENARIO;

/// Why a scenario id was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownScenario(pub alloc::string::String);

impl core::fmt::Display for UnknownScenario {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "unknown scenario `{}` (known: ", self.0)?;
        for (i, s) in SCENARIOS.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "`{}`", s.id)?;
        }
        f.write_str(")")
    }
}

impl UnknownScenario {
    /// The refusal in both languages.
    pub fn said(&self) -> crate::say::Said {
        let known: alloc::vec::Vec<&str> = SCENARIOS.iter().map(|s| s.id).collect();
        crate::say::Said::new(
            alloc::string::ToString::to_string(self),
            alloc::format!(
                "シナリオ `{}` はありません(あるもの: `{}`)",
                self.0,
                known.join("`, `")
            ),
        )
    }
}

/// The scenario with id `id`.
pub fn find(id: &str) -> Result<&'static ScenarioInfo, UnknownScenario> {
    SCENARIOS
        .iter()
        .find(|s| s.id == id)
        .ok_or_else(|| UnknownScenario(alloc::string::String::from(id)))
}

/// How the reference bench's own files for a run of scenario `id` are made, if it writes any.
#[cfg(feature = "export")]
pub fn reference_files(id: &str) -> Option<crate::export::MakeFiles> {
    crate::scenarios::REFERENCE_FILES.iter().find(|(s, _)| *s == id).map(|(_, make)| *make)
}
