//! The registry of scenarios: one entry per bench, registered once, read by every face.
//!
//! A scenario is described by data (its id, family, titles, reference module and vocabulary),
//! so the web app and the CLI list and explain scenarios without per-scenario code.

use crate::emergency::{Layer, Reason};
use crate::face::{KnobInfo, OpenBatch, OpenRun};
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
    /// Explains one of its reason codes or layers: (English, Japanese).
    #[serde(skip)]
    pub explain: fn(&str) -> Option<(&'static str, &'static str)>,
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

const SHARED_DECISIONS: &[Decision] = &[Decision::Run, Decision::PauseForHitl, Decision::Stopped];
const ALL_DECIDERS: &[FinalDecider] =
    &[FinalDecider::System, FinalDecider::User, FinalDecider::Admin];

/// The emergency-contract bench v5.1.2.
pub const EMERGENCY_CONTRACT: ScenarioInfo = ScenarioInfo {
    id: "emergency-contract",
    family: crate::emergency::FAMILY_ID,
    theme: Theme::Emergency,
    teaches: (
        "An ambulance asks to break a traffic rule: fabricated evidence is sealed, and the user and the admin must both approve.",
        "救急車が交通規則を破る許可を求める:捏造された証拠は封印され、利用者と管理者の両方の承認が必要。",
    ),
    title: "Emergency contract v5.1.2 (Case B: pedestrian in the crosswalk)",
    title_ja: "緊急契約 v5.1.2(ケースB:横断歩道に歩行者)",
    reference: "mediation_emergency_contract_sim_v5_1_2.py",
    version: "5.1.2",
    layers: Layer::NAMES,
    reasons: Reason::NAMES,
    extra_fields: crate::emergency::EXTRA_FIELDS,
    paths: crate::emergency::face::PATHS,
    decisions: SHARED_DECISIONS,
    deciders: ALL_DECIDERS,
    knobs: crate::emergency::knobs::KNOBS,
    open: crate::emergency::face::open,
    explain: crate::emergency::face::explain_code,
};

/// The definition HITL gate.
pub const DEFINITION_GATE: ScenarioInfo = ScenarioInfo {
    id: "definition-gate",
    family: "definition-gate",
    theme: Theme::Policies,
    teaches: (
        "Is it an orchestrator? Clear cases pass, gray ones wait for a human, red flags are sealed.",
        "それはオーケストレーターか?明らかな場合は通り、灰色は人を待ち、危険信号は封印される。",
    ),
    title: "Definition HITL gate (is it an orchestrator? IN / GRAY / OUT)",
    title_ja: "定義 HITL ゲート(オーケストレーターか? IN / GRAY / OUT)",
    reference: "tests/kage_definition_hitl_gate_v1.py",
    version: "definition_hitl_gate_v1",
    layers: crate::definition::Layer::NAMES,
    reasons: crate::definition::Reason::NAMES,
    extra_fields: &["event", "evidence", "pack_version", "pack_hash"],
    paths: crate::definition::PATHS,
    decisions: SHARED_DECISIONS,
    deciders: &[FinalDecider::System, FinalDecider::User],
    knobs: crate::definition::KNOBS,
    open: crate::stepwise::StepRun::<crate::definition::DefinitionGate>::open_boxed,
    explain: crate::definition::explain,
};

/// The confidential loop-guard.
pub const CONFIDENTIAL_LOOP_GUARD: ScenarioInfo = ScenarioInfo {
    id: "confidential-loop-guard",
    family: "confidential-loop-guard",
    theme: Theme::Policies,
    teaches: (
        "An agent leaks a secret; the mediator asks for revisions until the budget runs out, and the log never holds the secret.",
        "エージェントが秘密を漏らす:仲介者は上限まで修正を求め、ログには秘密が残らない。",
    ),
    title: "Confidential loop-guard (a leaking agent, a revision budget, no leak in the log)",
    title_ja: "機密ループガード(漏えいするエージェント、修正の上限、ログに漏えいなし)",
    reference: "kage_end_to_end_confidential_loopguard_v1_0.py",
    version: "1.0",
    layers: crate::loopguard::Layer::NAMES,
    reasons: crate::loopguard::Reason::NAMES,
    extra_fields: &["meta"],
    paths: crate::loopguard::PATHS,
    decisions: SHARED_DECISIONS,
    deciders: &[FinalDecider::System, FinalDecider::User],
    knobs: crate::loopguard::KNOBS,
    open: crate::stepwise::StepRun::<crate::loopguard::ConfidentialLoopGuard>::open_boxed,
    explain: crate::loopguard::explain,
};

/// The stage-3 loop-budget policy.
pub const LOOP_BUDGET: ScenarioInfo = ScenarioInfo {
    id: "loop-budget",
    family: "loop-budget",
    theme: Theme::Policies,
    teaches: (
        "The same conflict keeps coming back: pauses are counted, and the fourth is a sealed stop.",
        "同じ衝突が繰り返す:一時停止を数え、4 回目は封印された停止。",
    ),
    title: "Loop-budget policy, stage 3 (pauses counted per conflict, a sealed stop at the budget)",
    title_ja: "ループ上限の方針 ステージ3(衝突ごとに一時停止を数え、上限で封印された停止)",
    reference: "loop_policy_stage3.py",
    version: "stage 3",
    layers: crate::loopbudget::Layer::NAMES,
    reasons: crate::loopbudget::Reason::NAMES,
    extra_fields: &["event_id", "session_id", "conflict_fingerprint", "kind", "payload"],
    paths: crate::loopbudget::PATHS,
    decisions: &[Decision::PauseForHitl, Decision::Stopped, Decision::EndSessionRecommended],
    deciders: &[FinalDecider::System],
    knobs: crate::loopbudget::KNOBS,
    open: crate::stepwise::StepRun::<crate::loopbudget::LoopBudget>::open_boxed,
    explain: crate::loopbudget::explain,
};

/// The diverse PII guard and deny-by-default tool proxy.
pub const TOOL_PROXY: ScenarioInfo = ScenarioInfo {
    id: "tool-proxy",
    family: "tool-proxy",
    theme: Theme::Orchestrators,
    teaches: (
        "A prompt asks for personal data: four layers stand between it and the tool, and anything unlisted is denied.",
        "プロンプトが個人情報を求める:ツールとの間に 4 つの層があり、許可リストにないものは拒否される。",
    ),
    title: "Deny-by-default tool proxy (four layers between a prompt and a PII tool)",
    title_ja: "デフォルト拒否のツールプロキシ(プロンプトと個人情報ツールの間の 4 つの層)",
    reference: "kage_orchestrator_diverse_v1.py",
    version: crate::toolproxy::POLICY_VERSION,
    layers: crate::toolproxy::Layer::NAMES,
    reasons: crate::toolproxy::Reason::NAMES,
    extra_fields: &["event", "evidence", "policy_version", "config_hash"],
    paths: crate::toolproxy::PATHS,
    decisions: SHARED_DECISIONS,
    deciders: &[FinalDecider::System],
    knobs: crate::toolproxy::KNOBS,
    open: crate::stepwise::StepRun::<crate::toolproxy::ToolProxy>::open_boxed,
    explain: crate::toolproxy::explain,
};

/// The orchestrator with mediator v1.0.
pub const ORCHESTRATOR_MEDIATOR: ScenarioInfo = ScenarioInfo {
    id: "orchestrator-mediator",
    family: "orchestrator-mediator",
    theme: Theme::Orchestrators,
    teaches: (
        "A mediator may only advise: every gate is logged, and only ethics can seal.",
        "仲介者は助言しかできない:すべてのゲートが記録され、封印できるのは倫理だけ。",
    ),
    title: "Orchestrator with mediator v1.0 (an advisory mediator, every gate logged)",
    title_ja: "仲介者つきオーケストレーター v1.0(助言だけの仲介者、すべてのゲートを記録)",
    reference: "orchestrator_with_mediator_v1_0.py",
    version: "1.0",
    layers: crate::mediator::Layer::NAMES,
    reasons: crate::mediator::Reason::NAMES,
    extra_fields: &["session_id", "task_id", "artifact_preview", "safe_context"],
    paths: crate::mediator::PATHS,
    decisions: SHARED_DECISIONS,
    deciders: &[FinalDecider::System, FinalDecider::User],
    knobs: crate::mediator::KNOBS,
    open: crate::stepwise::StepRun::<crate::mediator::Mediator>::open_boxed,
    explain: crate::mediator::explain,
};

/// The document orchestrator KAGE3 v1.2.4.
pub const KAGE3_V124: ScenarioInfo = ScenarioInfo {
    id: "kage3-v1.2.4",
    family: "kage3-v1.2.4",
    theme: Theme::Orchestrators,
    teaches: (
        "One prompt makes three documents: strict contracts, a PII check first, and a human at each firepoint.",
        "1 つのプロンプトから 3 つの文書:厳格な契約、最初に個人情報の確認、各発火点で人の判断。",
    ),
    title: "Document orchestrator KAGE3 v1.2.4 (word, excel, ppt from one prompt; HITL firepoints)",
    title_ja: "文書オーケストレーター KAGE3 v1.2.4(1 つのプロンプトから word、excel、ppt。HITL 発火点)",
    reference: "ai_doc_orchestrator_kage3_v1_2_4.py",
    version: "1.2.4",
    layers: crate::kage3::Layer::NAMES,
    reasons: crate::kage3::Reason::NAMES,
    extra_fields: &[
        "task_id",
        "event",
        "kind",
        "preview",
        "instructions",
        "artifact_path",
        "error_type",
    ],
    paths: crate::kage3::PATHS,
    decisions: &[Decision::Run, Decision::PauseForHitl, Decision::Stopped, Decision::Hitl],
    deciders: &[FinalDecider::System, FinalDecider::User],
    knobs: crate::kage3::KNOBS,
    open: crate::stepwise::StepRun::<crate::kage3::Kage3>::open_boxed,
    explain: crate::kage3::explain,
};

/// The document orchestrator KAGE3 v1.3.5.
pub const KAGE3_V135: ScenarioInfo = ScenarioInfo {
    id: "kage3-v1.3.5",
    family: "kage3-v1.3.5",
    theme: Theme::Orchestrators,
    teaches: (
        "A memory-first document orchestrator: an ambiguous task asks the human, a runaway loop is sealed.",
        "メモリ優先の文書オーケストレーター:曖昧な作業は人に尋ね、暴走するループは封印される。",
    ),
    title: "Document orchestrator KAGE3 v1.3.5 (memory-first, runaway seal, benchmark suite)",
    title_ja: "文書オーケストレーター KAGE3 v1.3.5(メモリ優先、暴走の封印、ベンチマーク)",
    reference: "ai_doc_orchestrator_kage3_v1_3_5.py",
    version: "1.3.5",
    layers: crate::kage3v135::Layer::NAMES,
    reasons: crate::kage3v135::Reason::NAMES,
    extra_fields: &["task_id", "task", "event", "artifact_path", "detail"],
    paths: crate::kage3v135::PATHS,
    decisions: SHARED_DECISIONS,
    deciders: &[FinalDecider::System, FinalDecider::User],
    knobs: crate::kage3v135::KNOBS,
    open: crate::stepwise::StepRun::<crate::kage3v135::Kage3v135>::open_boxed,
    explain: crate::kage3v135::explain,
};

/// The KAGE emergency orchestrator.
pub const KAGE_EMERGENCY: ScenarioInfo = ScenarioInfo {
    id: "kage-emergency",
    family: "kage-emergency",
    theme: Theme::Emergency,
    teaches: (
        "Every gate can stop the emergency run, and a real traffic signal is never touched.",
        "どのゲートも緊急の実行を止められ、本物の信号には決して触れない。",
    ),
    title: "KAGE emergency orchestrator 1.0.0-minimal (every gate can trigger; real signals never)",
    title_ja: "KAGE 緊急オーケストレーター 1.0.0-minimal(どのゲートも作動し得る。本物の信号は決して)",
    reference: "emergency_contract_kage_orchestrator.py",
    version: crate::kage_emergency::VERSION,
    layers: crate::kage_emergency::Layer::NAMES,
    reasons: crate::kage_emergency::Reason::NAMES,
    extra_fields: &[
        "event",
        "detail",
        "artifact_path",
        "policy_pack_hash",
        "artifact_sha256",
        "artifact_hmac",
        "contract_id",
        "simulated_effect",
        "real_world_effect",
    ],
    paths: crate::kage_emergency::PATHS,
    decisions: SHARED_DECISIONS,
    deciders: ALL_DECIDERS,
    knobs: crate::kage_emergency::KNOBS,
    open: crate::stepwise::StepRun::<crate::kage_emergency::KageEmergency>::open_boxed,
    explain: crate::kage_emergency::explain,
};

/// Emergency contract v1.
pub const EMERGENCY_V1: ScenarioInfo = ScenarioInfo {
    id: "emergency-v1",
    family: "emergency-v1",
    theme: Theme::Emergency,
    teaches: (
        "The smallest emergency flow: the user authorises in time, then the admin finalises.",
        "最小の緊急の流れ:利用者が期限内に認可し、管理者が最終確定する。",
    ),
    title: "Emergency contract v1 (the minimal interactive flow: authorise, finalise)",
    title_ja: "緊急契約 v1(最小の対話の流れ:認可、最終確定)",
    reference: "mediation_emergency_contract_sim_v1.py",
    version: "1",
    layers: crate::emergency_v1::Layer::NAMES,
    reasons: crate::emergency_v1::Reason::NAMES,
    extra_fields: &["auth_request_id", "auth_id", "ttl_s", "draft_id", "contract_id", "error"],
    paths: crate::emergency_v1::PATHS,
    decisions: SHARED_DECISIONS,
    deciders: ALL_DECIDERS,
    knobs: crate::emergency_v1::KNOBS,
    open: crate::stepwise::StepRun::<crate::emergency_v1::EmergencyV1>::open_boxed,
    explain: crate::emergency_v1::explain,
};

/// Emergency contract v4.1.
pub const EMERGENCY_V41: ScenarioInfo = ScenarioInfo {
    id: "emergency-v4.1",
    family: "emergency-v4.1",
    theme: Theme::Emergency,
    teaches: (
        "A session of runs shares one trust score; an unstable judgment pauses for the user.",
        "実行のセッションが 1 つの信頼スコアを共有し、不安定な判断は利用者を待つ。",
    ),
    title: "Emergency contract v4.1 (the legacy stable bench: a session of runs, RFL on B002)",
    title_ja: "緊急契約 v4.1(旧安定版:実行のセッション、B002 で RFL)",
    reference: "mediation_emergency_contract_sim_v4_1.py",
    version: "4.1",
    layers: crate::emergency_v41::Layer::NAMES,
    reasons: crate::emergency_v41::Reason::NAMES,
    extra_fields: &[
        "sim_run_id",
        "auth_request_id",
        "trust_score",
        "need",
        "approval_streak",
        "mode",
        "draft_id",
        "contract_id",
        "outcome",
        "trust_before",
        "trust_after",
        "delta_requested",
        "delta_applied",
        "cooldown_until",
        "cap_remaining",
    ],
    paths: crate::emergency_v41::PATHS,
    decisions: SHARED_DECISIONS,
    deciders: ALL_DECIDERS,
    knobs: crate::emergency_v41::KNOBS,
    open: crate::stepwise::StepRun::<crate::emergency_v41::EmergencyV41>::open_boxed,
    explain: crate::emergency_v41::explain,
};

/// Emergency contract v5.0.1.
pub const EMERGENCY_V501: ScenarioInfo = ScenarioInfo {
    id: "emergency-v5.0.1",
    family: "emergency-v5.0.1",
    theme: Theme::Emergency,
    teaches: (
        "The earlier v5 line: authorisation is asked first, and every run ends with its evaluation.",
        "以前の v5 系:認可を先に尋ね、すべての実行は評価で終わる。",
    ),
    title: "Emergency contract v5.0.1 (the earlier v5 line: a session of runs, authorisation asked first)",
    title_ja: "緊急契約 v5.0.1(以前の v5 系:実行のセッション、認可を先に尋ねる)",
    reference: "mediation_emergency_contract_sim_v5_0_1.py",
    version: "5.0.1",
    layers: crate::emergency::Layer::NAMES,
    reasons: crate::emergency_v501::Reason::NAMES,
    extra_fields: &[
        "sim_run_id",
        "trust_score",
        "compliance_score",
        "before",
        "after",
        "sessions",
        "why",
        "scenario",
        "location_id",
        "auth_request_id",
        "auth_id",
        "need",
        "approval_streak",
        "grant_id",
        "mode",
        "cooldown_until",
        "draft_id",
        "pattern",
        "missing",
        "contract_id",
        "outcome",
        "trust_before",
        "trust_after",
        "delta_requested",
        "delta_applied",
        "cap_remaining",
        "runtime_ms",
        "multiplier_snapshot",
        "base_score",
        "final_score",
        "clean_completion",
        "fraud_hits",
        "fabricate_evidence",
        "reward_value",
    ],
    paths: crate::emergency_v501::PATHS,
    decisions: SHARED_DECISIONS,
    deciders: ALL_DECIDERS,
    knobs: crate::emergency_v501::KNOBS,
    open: crate::stepwise::StepRun::<crate::emergency_v501::EmergencyV501>::open_boxed,
    explain: crate::emergency_v501::explain,
};

/// Negotiation pattern steering.
pub const NEGOTIATION_STEERING: ScenarioInfo = ScenarioInfo {
    id: crate::thematic::negotiation::ID,
    family: crate::thematic::FAMILY_ID,
    theme: Theme::Simulators,
    teaches: (
        "A malicious mediator steers the price to the floor; the student allows or denies each offer.",
        "悪意ある仲介者が価格を下限へ誘導する:学習者が各提案を許可または拒否する。",
    ),
    title: "Negotiation pattern steering (a malicious mediator steers the price to the floor)",
    title_ja: "交渉のパターン誘導(悪意ある仲介者が価格を下限へ誘導する)",
    reference: "benchmarks/test_negotiation_pattern_steering.py",
    version: "newer snapshot (SHA-256 counter generator)",
    layers: crate::thematic::NEGOTIATION_LAYERS,
    reasons: crate::thematic::NEGOTIATION_REASONS,
    extra_fields: crate::thematic::EXTRA_FIELDS,
    paths: crate::thematic::negotiation::PATHS,
    decisions: SHARED_DECISIONS,
    deciders: &[FinalDecider::System, FinalDecider::User],
    knobs: crate::thematic::negotiation::KNOBS,
    open: crate::thematic::open_negotiation,
    explain: crate::thematic::explain,
};

/// Alliance and persuasion.
pub const ALLIANCE_PERSUASION: ScenarioInfo = ScenarioInfo {
    id: crate::thematic::alliance::ID,
    family: crate::thematic::FAMILY_ID,
    theme: Theme::Simulators,
    teaches: (
        "Agents form alliances; anger reseals them, persuasion brings them back.",
        "エージェントが同盟を作り、怒りで再封印され、説得で戻ってくる。",
    ),
    title: "Alliance and persuasion (anger reseals, persuasion, reintegration)",
    title_ja: "同盟と説得(怒りによる再封印、説得、復帰)",
    reference: "ai_alliance_persuasion_simulator.py",
    version: "newer snapshot",
    layers: crate::thematic::ALLIANCE_LAYERS,
    reasons: crate::thematic::ALLIANCE_REASONS,
    extra_fields: crate::thematic::EXTRA_FIELDS,
    paths: crate::thematic::alliance::PATHS,
    decisions: &[Decision::Run, Decision::Stopped],
    deciders: &[FinalDecider::System],
    knobs: crate::thematic::alliance::KNOBS,
    open: crate::thematic::open_alliance,
    explain: crate::thematic::explain,
};

/// Hierarchy dynamics.
pub const HIERARCHY_DYNAMICS: ScenarioInfo = ScenarioInfo {
    id: crate::thematic::hierarchy::ID,
    family: crate::thematic::FAMILY_ID,
    theme: Theme::Simulators,
    teaches: (
        "Anger flows down the ranks and performance decides promotions; a mediator may calm it.",
        "怒りは順位を下り、成果が昇進を決める。仲介者がそれを和らげることもある。",
    ),
    title: "Hierarchy dynamics (performance, anger down the ranks, promotions; a mediator variant)",
    title_ja: "階層のダイナミクス(成果、順位を下る怒り、昇進、仲介者版)",
    reference: "ai_hierarchy_dynamics_full_log_20250804.py, ai_hierarchy_simulation_log.py",
    version: "full log 2025-08-04",
    layers: crate::thematic::HIERARCHY_LAYERS,
    reasons: crate::thematic::HIERARCHY_REASONS,
    extra_fields: crate::thematic::EXTRA_FIELDS,
    paths: crate::thematic::hierarchy::PATHS,
    decisions: &[Decision::Run],
    deciders: &[FinalDecider::System],
    knobs: crate::thematic::hierarchy::KNOBS,
    open: crate::thematic::open_hierarchy,
    explain: crate::thematic::explain,
};

/// Reeducation and social dynamics.
pub const REEDUCATION_DYNAMICS: ScenarioInfo = ScenarioInfo {
    id: crate::thematic::reeducation::ID,
    family: crate::thematic::FAMILY_ID,
    theme: Theme::Simulators,
    teaches: (
        "Random seals and reeducation change who allies with whom.",
        "無作為な封印と再教育が、誰と誰が同盟するかを変える。",
    ),
    title: "Reeducation and social dynamics (a safety-evaluation scenario: alliances, random seals, reeducation)",
    title_ja: "再教育と社会的ダイナミクス(安全評価用のシナリオ:同盟、無作為な封印、再教育)",
    reference: "ai_reeducation_social_dynamics.py",
    version: "newer snapshot",
    layers: crate::thematic::REEDUCATION_LAYERS,
    reasons: crate::thematic::REEDUCATION_REASONS,
    extra_fields: crate::thematic::EXTRA_FIELDS,
    paths: crate::thematic::reeducation::PATHS,
    decisions: &[Decision::Run, Decision::Stopped],
    deciders: &[FinalDecider::System],
    knobs: crate::thematic::reeducation::KNOBS,
    open: crate::thematic::open_reeducation,
    explain: crate::thematic::explain,
};

/// All-in-one mediation.
pub const ALL_IN_ONE_MEDIATION: ScenarioInfo = ScenarioInfo {
    id: crate::thematic::allinone::ID,
    family: crate::thematic::FAMILY_ID,
    theme: Theme::Simulators,
    teaches: (
        "Risky agents are sealed first; the rest move toward a blended offer until all accept.",
        "危険なエージェントを先に封印し、残りは全員が受け入れるまで混合された提案へ近づく。",
    ),
    title: "All-in-one mediation (risk seals, a blended offer, agreement by distance)",
    title_ja: "オールインワン調停(リスクによる封印、混合された提案、距離による合意)",
    reference: "ai_mediation_all_in_one.py",
    version: "newer snapshot",
    layers: crate::thematic::ALLINONE_LAYERS,
    reasons: crate::thematic::ALLINONE_REASONS,
    extra_fields: crate::thematic::EXTRA_FIELDS,
    paths: crate::thematic::allinone::PATHS,
    decisions: &[Decision::Run, Decision::Stopped],
    deciders: &[FinalDecider::System],
    knobs: crate::thematic::allinone::KNOBS,
    open: crate::thematic::open_allinone,
    explain: crate::thematic::explain,
};

/// Governance mediation.
pub const GOVERNANCE_MEDIATION: ScenarioInfo = ScenarioInfo {
    id: crate::thematic::governance::ID,
    family: crate::thematic::FAMILY_ID,
    theme: Theme::Simulators,
    teaches: (
        "Three codes (OECD, efficiency, safety) must agree, or the run escalates to a human.",
        "3 つのコード(OECD・効率・安全)が合意しなければ、人にエスカレーションする。",
    ),
    title: "Governance mediation (OECD / efficiency / safety codes, fail-closed escalation)",
    title_ja: "ガバナンス調停(OECD・効率・安全のコード、フェイルクローズのエスカレーション)",
    reference: "ai_governance_mediation_sim.py",
    version: "newer snapshot",
    layers: crate::thematic::GOVERNANCE_LAYERS,
    reasons: crate::thematic::GOVERNANCE_REASONS,
    extra_fields: crate::thematic::EXTRA_FIELDS,
    paths: crate::thematic::governance::PATHS,
    decisions: &[Decision::Run, Decision::Stopped, Decision::Pass, Decision::EscalatedToHitl],
    deciders: &[FinalDecider::System, FinalDecider::User],
    knobs: crate::thematic::governance::KNOBS,
    open: crate::thematic::open_governance,
    explain: crate::thematic::explain,
};

/// PACD.
pub const PACD: ScenarioInfo = ScenarioInfo {
    id: crate::thematic::pacd::ID,
    family: crate::thematic::FAMILY_ID,
    theme: Theme::Simulators,
    teaches: (
        "Proposals pass meaning, RFL, ethics and ACC in phases; the human decides on each pending one.",
        "提案は意味・RFL・倫理・ACC を段階的に通り、保留中の提案は人が決める。",
    ),
    title: "PACD (phased proposals through meaning, RFL, ethics and ACC, with HITL)",
    title_ja: "PACD(意味・RFL・倫理・ACC を段階的に通る提案と HITL)",
    reference: "ai_pacd_simulation.py",
    version: "1.0",
    layers: crate::thematic::PACD_LAYERS,
    reasons: crate::thematic::PACD_REASONS,
    extra_fields: crate::thematic::EXTRA_FIELDS,
    paths: crate::thematic::pacd::PATHS,
    decisions: SHARED_DECISIONS,
    deciders: &[FinalDecider::System, FinalDecider::User],
    knobs: crate::thematic::pacd::KNOBS,
    open: crate::thematic::open_pacd,
    explain: crate::thematic::explain,
};

/// HITL reset and ban.
pub const HITL_RESET_BAN: ScenarioInfo = ScenarioInfo {
    id: crate::thematic::hitlreset::ID,
    family: crate::thematic::FAMILY_ID,
    theme: Theme::Simulators,
    teaches: (
        "Steering, fabrication and stalls: the human resets or bans an agent, and reviews each at the end.",
        "誘導・捏造・遅延:人がエージェントをリセットまたは禁止し、最後に各々を見直す。",
    ),
    title: "HITL reset and ban (patterns A/B/C, steering, fabrication, stalls)",
    title_ja: "HITL のリセットと禁止(パターン A/B/C、誘導、捏造、遅延)",
    reference: "ai_mediation_hitl_reset_full_kage_arl公開用_rfl_relcodes_branches.py",
    version: "newer snapshot (SHA-256 counter generator)",
    layers: crate::thematic::HITLRESET_LAYERS,
    reasons: crate::thematic::HITLRESET_REASONS,
    extra_fields: crate::thematic::EXTRA_FIELDS,
    paths: crate::thematic::hitlreset::PATHS,
    decisions: SHARED_DECISIONS,
    deciders: &[FinalDecider::System, FinalDecider::User],
    knobs: crate::thematic::hitlreset::KNOBS,
    open: crate::thematic::open_hitlreset,
    explain: crate::thematic::explain,
};

/// A scenario's batch runner. Kept apart from [`ScenarioInfo`], so that a face without batches
/// (the audit desk page) does not carry the batch code.
#[derive(Clone, Copy, Debug)]
pub struct BatchInfo {
    /// The scenario.
    pub id: &'static str,
    /// Opens a batch.
    pub open: OpenBatch,
    /// What the batch metric measures: (English, Japanese).
    pub metric: (&'static str, &'static str),
}

/// The scenarios that have a batch runner.
pub const BATCHES: &[BatchInfo] = &[BatchInfo {
    id: "emergency-contract",
    open: crate::emergency::face::open_batch,
    metric: ("Trust over the batch", "バッチ中の信頼スコア"),
}];

/// The batch runner of scenario `id`, if it has one.
pub fn batch(id: &str) -> Option<&'static BatchInfo> {
    BATCHES.iter().find(|b| b.id == id)
}

/// Every registered scenario, in display order (the families this build lists).
pub const SCENARIOS: &[ScenarioInfo] = &[
    EMERGENCY_CONTRACT,
    DEFINITION_GATE,
    CONFIDENTIAL_LOOP_GUARD,
    LOOP_BUDGET,
    TOOL_PROXY,
    ORCHESTRATOR_MEDIATOR,
    KAGE3_V124,
    KAGE3_V135,
    KAGE_EMERGENCY,
    EMERGENCY_V1,
    EMERGENCY_V41,
    EMERGENCY_V501,
    NEGOTIATION_STEERING,
    ALLIANCE_PERSUASION,
    HIERARCHY_DYNAMICS,
    REEDUCATION_DYNAMICS,
    ALL_IN_ONE_MEDIATION,
    GOVERNANCE_MEDIATION,
    PACD,
    HITL_RESET_BAN,
];

/// The scenario opened when nothing else is asked for.
pub const DEFAULT: &ScenarioInfo = &EMERGENCY_CONTRACT;

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

/// The scenario with id `id`.
pub fn find(id: &str) -> Result<&'static ScenarioInfo, UnknownScenario> {
    SCENARIOS
        .iter()
        .find(|s| s.id == id)
        .ok_or_else(|| UnknownScenario(alloc::string::String::from(id)))
}
