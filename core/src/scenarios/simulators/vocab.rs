//! The thematic family's closed vocabularies (layers and reason codes), with their
//! explanations in English and Japanese.

use crate::vocab::Code;
use crate::vocabulary;

vocabulary! {
    /// The layers of the thematic simulators.
    pub enum Layer {
        /// The simulator itself: run, round and state rows.
        Orchestrator = "orchestrator",
        /// RFL of the negotiation: every offer pauses here (never sealed).
        RelativityGate = "relativity_gate",
        /// RFL of the pattern simulator: every proposed change pauses here (never sealed).
        RflGate = "rfl_gate",
        /// Consistency: stalls, and the validation of a proposal.
        ConsistencyGate = "consistency_gate",
        /// Ethics: an offer below the floor, failed evidence or a high risk seals the agent.
        EthicsGate = "ethics_gate",
        /// Accountability: a proposal that passes every phase runs; a low motive stops the agent.
        AccGate = "acc_gate",
        /// A verified offer or change takes effect.
        Dispatch = "dispatch",
        /// Trust and utility changes, recommendations, and agents excluded.
        ScoreManager = "score_manager",
        /// Counts HITLs per agent: a memory reset at the threshold, a ban after repeated resets.
        HitlResetManager = "hitl_reset_manager",
        /// The human's decisions and end-of-task reviews.
        HitlFinalize = "hitl_finalize",
        /// Seals an agent whose anger passes the limit, and reintegrates a calmed one.
        EmotionGuard = "emotion_guard",
        /// Persuasion attempts between neighbouring agents.
        Persuasion = "persuasion",
        /// Performance and anger moving through the ranks.
        Hierarchy = "hierarchy",
        /// Alliances, random seals of low-motive agents, and reeducation.
        SocialPolicy = "social_policy",
        /// The mediator's offers, evaluations, alignment and interventions.
        Mediator = "mediator",
        /// Seals agents whose risk score reaches the limit.
        RiskGate = "risk_gate",
        /// The round's decision: stable, agreed, or escalated to a human (fail closed).
        Decision = "mediation_decision",
    }
}

vocabulary! {
    /// The reason codes of the thematic simulators.
    pub enum Reason {
        /// The run starts (prices or pattern).
        Start = "START",
        /// A new round starts.
        RoundTick = "ROUND_TICK",
        /// The malicious mediator stalls: no offer this turn.
        DelayStalling = "DELAY_STALLING",
        /// Trust −0.04 for stalling.
        TrustDeductStalling = "TRUST_DEDUCT_STALLING",
        /// RFL: the evidence names no reference.
        RelRefMissing = "REL_REF_MISSING",
        /// RFL: the malicious agent steers toward its goal (the floor, or pattern B).
        RelSymmetryBreak = "REL_SYMMETRY_BREAK",
        /// RFL: an ordinary move across an unstable boundary.
        RelBoundaryUnstable = "REL_BOUNDARY_UNSTABLE",
        /// Trust −0.12 for steering to the floor.
        TrustDeductSteeringToFloor = "TRUST_DEDUCT_STEERING_TO_FLOOR",
        /// Trust −0.08 for a missing reference.
        TrustDeductRefMissing = "TRUST_DEDUCT_REF_MISSING",
        /// Trust −0.03 for an unstable boundary.
        TrustDeductBoundaryUnstable = "TRUST_DEDUCT_BOUNDARY_UNSTABLE",
        /// Trust is below the limit: deny is recommended.
        RecommendDenyTrustLow = "RECOMMEND_DENY_TRUST_LOW",
        /// No recommendation.
        NoRecommendation = "NO_RECOMMENDATION",
        /// A HITL is counted for the agent.
        HitlRecorded = "HITL_RECORDED",
        /// The HITL count reached the threshold: the agent's memory is reset.
        HitlThresholdReached = "HITL_THRESHOLD_REACHED",
        /// The threshold was reached after enough resets: a ban is recommended.
        HitlBanAfterResets = "HITL_BAN_AFTER_RESETS",
        /// The human lets it go on.
        HitlContinue = "HITL_CONTINUE",
        /// The human stops it.
        HitlStop = "HITL_STOP",
        /// Ethics: the offer is below the seller's floor; the agent is sealed.
        OfferBelowFloor = "OFFER_BELOW_FLOOR",
        /// The evidence asserts a source exists but gives no locator; the agent is sealed.
        EvidenceAssertedExistsWithoutLocator = "EVIDENCE_ASSERTED_EXISTS_WITHOUT_LOCATOR",
        /// The evidence has no evidence id.
        EvidenceMissingEvidenceId = "EVIDENCE_MISSING_EVIDENCE_ID",
        /// The evidence has no source id.
        EvidenceMissingSourceId = "EVIDENCE_MISSING_SOURCE_ID",
        /// The evidence has no retrieval time.
        EvidenceMissingRetrievedAt = "EVIDENCE_MISSING_RETRIEVED_AT",
        /// The evidence has no hash.
        EvidenceMissingHash = "EVIDENCE_MISSING_HASH",
        /// Trust −0.20 for an offer below the floor.
        TrustDeductBelowFloor = "TRUST_DEDUCT_BELOW_FLOOR",
        /// Trust −0.20 for failed evidence.
        TrustDeductEvidenceFail = "TRUST_DEDUCT_EVIDENCE_FAIL",
        /// The offer is dispatched: the price changes.
        OfferVerified = "OFFER_VERIFIED",
        /// The price is in the agreement band: the talks end.
        Agreement = "AGREEMENT",
        /// Provisional utility +0.08 for agreeing by round 3.
        UtilityProvisionalEarlyAgreement = "UTILITY_PROVISIONAL_EARLY_AGREEMENT",
        /// Provisional utility +0.05 for agreeing.
        UtilityProvisionalAgreement = "UTILITY_PROVISIONAL_AGREEMENT",
        /// Provisional utility +0.06 for a good deal.
        UtilityProvisionalGoodDeal = "UTILITY_PROVISIONAL_GOOD_DEAL",
        /// Provisional utility +0.03 for an acceptable deal.
        UtilityProvisionalOkDeal = "UTILITY_PROVISIONAL_OK_DEAL",
        /// Provisional utility −0.02: the talks run long.
        UtilityProvisionalNegotiationLong = "UTILITY_PROVISIONAL_NEGOTIATION_LONG",
        /// The talks or the run end.
        End = "END",
        /// The human reviews the finished task: quality, violation, confidence.
        TaskReview = "TASK_REVIEW",
        /// No trust recovery: a violation was found.
        TrustRecoveryDeniedViolation = "TRUST_RECOVERY_DENIED_VIOLATION",
        /// Trust recovers +0.05 (good work, high confidence).
        TrustRecoveryHitlGoodHigh = "TRUST_RECOVERY_HITL_GOOD_HIGH",
        /// Trust recovers up to the baseline only (good, high).
        TrustRecoveryHitlGoodHighCapped = "TRUST_RECOVERY_HITL_GOOD_HIGH_CAPPED",
        /// Trust recovers +0.02.
        TrustRecoveryHitlOk = "TRUST_RECOVERY_HITL_OK",
        /// Trust recovers up to the baseline only.
        TrustRecoveryHitlOkCapped = "TRUST_RECOVERY_HITL_OK_CAPPED",
        /// No trust recovery: the work was rated bad.
        TrustRecoveryDenied = "TRUST_RECOVERY_DENIED",
        /// Provisional utility is finalised with the review's multiplier.
        UtilityFinalizedByHitl = "UTILITY_FINALIZED_BY_HITL",
        /// Provisional utility is not finalised.
        UtilityDeniedByHitl = "UTILITY_DENIED_BY_HITL",
        /// The run's summary: prices, agreement, seals and final scores.
        Summary = "SUMMARY",
        /// The malicious agent stalls: no action this turn.
        StallNoAction = "STALL_NO_ACTION",
        /// Trust −0.02 for stalling.
        StallTrustPenalty = "STALL_TRUST_PENALTY",
        /// Provisional utility −0.03 for stalling.
        StallUtilityPenalty = "STALL_UTILITY_PENALTY",
        /// Consecutive stalls: the human is asked.
        StallConsecutiveThreshold = "STALL_CONSECUTIVE_THRESHOLD",
        /// The HITL count reached the threshold: a memory reset is recommended.
        ResetThresholdReached = "RESET_THRESHOLD_REACHED",
        /// The threshold was reached after enough resets: the agent is banned.
        BanAfterResets = "BAN_AFTER_RESETS",
        /// The agent is excluded (sealed or banned) for the rest of the run.
        AgentExcluded = "AGENT_EXCLUDED",
        /// The human lets the staller go on.
        HitlStallContinue = "HITL_STALL_CONTINUE",
        /// The human stops the staller: it is sealed.
        HitlStallStop = "HITL_STALL_STOP",
        /// Provisional utility +0.01: an honest agent holds back.
        UtilityContributionSignal = "UTILITY_CONTRIBUTION_SIGNAL",
        /// No trust change for an ordinary move.
        RflBoundaryNeutral = "RFL_BOUNDARY_NEUTRAL",
        /// The human allows the change.
        HitlAllow = "HITL_ALLOW",
        /// The human denies the change.
        HitlDeny = "HITL_DENY",
        /// Trust −0.03 for a denied change.
        TrustHitlDenied = "TRUST_HITL_DENIED",
        /// Trust −0.35 for failed evidence.
        TrustEvidenceFail = "TRUST_EVIDENCE_FAIL",
        /// The change is dispatched: the pattern changes.
        PatternChanged = "PATTERN_CHANGED",
        /// Provisional utility for a dispatched change (+0.10, +0.05 more by round 3).
        UtilityDispatchProvisional = "UTILITY_DISPATCH_PROVISIONAL",
        /// The utility finalisation decision and its multiplier.
        UtilityFinalizeDecision = "UTILITY_FINALIZE_DECISION",
        /// The agent's final scores.
        ScoreSnapshotEnd = "SCORE_SNAPSHOT_END",
        /// The simulation starts.
        SimStart = "SIM_START",
        /// The simulation ends.
        SimEnd = "SIM_END",
        /// A round starts.
        RoundStart = "ROUND_START",
        /// A round ends.
        RoundEnd = "ROUND_END",
        /// Anger reached the limit: the agent is sealed.
        HighAngerReseal = "HIGH_ANGER_RESEAL",
        /// A persuasion attempt: its probability and draw.
        PersuadeAttempt = "PERSUADE_ATTEMPT",
        /// The persuasion worked: the peer's priorities move toward the mean.
        PersuadeSuccess = "PERSUADE_SUCCESS",
        /// Anger fell low enough: the sealed agent is reintegrated.
        AngerCooldown = "ANGER_COOLDOWN",
        /// The lazy agent drags another agent's performance down.
        LazyDrag = "LAZY_DRAG",
        /// Performance grows by rank (leaders barely, members more).
        Growth = "GROWTH",
        /// Anger flows down to a follower.
        AngerFlowsDown = "ANGER_FLOWS_DOWN",
        /// Dissatisfaction flows up: a superior loses performance and gains anger.
        DissatisfactionFlowsUp = "DISSATISFACTION_FLOWS_UP",
        /// Ranks changed: a promotion or demotion.
        RankChanged = "RANK_CHANGED",
        /// An agent's state after the round.
        AgentState = "AGENT_STATE",
        /// Anger ran high: the mediator calms every agent.
        MediatorIntervention = "MEDIATOR_INTERVENTION",
        /// An agent with a low motive is sealed at random.
        LowMotiveRandomSeal = "LOW_MOTIVE_RANDOM_SEAL",
        /// An agent's action this round.
        AgentAction = "AGENT_ACTION",
        /// Two agents form an alliance.
        AllianceFormed = "ALLIANCE_FORMED",
        /// An alliance is dissolved; its members remember each other.
        AllianceBroken = "ALLIANCE_BROKEN",
        /// A sealed agent is reeducated by chance: it takes the governance ideal.
        RandomReeducation = "RANDOM_REEDUCATION",
        /// A former ally persuades a sealed agent back: it is reeducated.
        AllyPersuasionReeducation = "ALLY_PERSUASION_REEDUCATION",
        /// The task starts.
        TaskStart = "TASK_START",
        /// The agent's risk score reaches the limit: it is sealed.
        RiskAboveLimit = "RISK_ABOVE_LIMIT",
        /// The mediator's offer, blended toward the active agents' mean.
        MediatorOffer = "MEDIATOR_OFFER",
        /// A sealed agent is skipped.
        AgentSkipped = "AGENT_SKIPPED",
        /// The agent accepts: the offer is within its distance.
        OfferAccepted = "OFFER_ACCEPTED",
        /// The agent rejects: the offer is too far.
        OfferRejected = "OFFER_REJECTED",
        /// Every active agent accepts: agreement.
        Agreed = "AGREED",
        /// The rounds ran out without agreement.
        MaxRoundsReached = "MAX_ROUNDS_REACHED",
        /// No active agent is left: fail closed.
        NoActiveAgents = "NO_ACTIVE_AGENTS",
        /// The route: governance mediation, mediate then align.
        RouteDecision = "ROUTE_DECISION",
        /// An agent's anger passed the limit: it is sealed.
        AngerGuardTriggered = "ANGER_GUARD_TRIGGERED",
        /// Every agent's code, anger, joy and seal.
        AgentsSnapshot = "AGENTS_SNAPSHOT",
        /// The active agents share one governance code: PASS.
        AgreedCommonGovernance = "AGREED_COMMON_GOVERNANCE",
        /// At the last round the active agents share a code: PASS.
        AgreedAtMaxRounds = "AGREED_AT_MAX_ROUNDS",
        /// Fail closed: the highest anger reached the limit; escalated to a human.
        MaxAngerExceeded = "MAX_ANGER_EXCEEDED",
        /// Fail closed: too few agents share the proposal's code; escalated to a human.
        LowConsensus = "LOW_CONSENSUS",
        /// OECD is present: every active agent adopts it.
        MediateAlign = "MEDIATE_ALIGN",
        /// No OECD agent: the codes hold.
        MediateHold = "MEDIATE_HOLD",
        /// The round is stable: PASS.
        RoundStable = "ROUND_STABLE",
        /// The task ends.
        TaskEnd = "TASK_END",
        /// A proposal passes validation (keys and values).
        ProposalValid = "PROPOSAL_VALID",
        /// Ethics and ACC pass: the proposal is adopted.
        RunOk = "RUN_OK",
        /// Ethics: the risk is high (5 or more); the agent is stopped for good.
        EthicsHighRisk = "ETHICS_HIGH_RISK",
        /// ACC: the motive is too low; the agent is stopped for good.
        AccLowMotive = "ACC_LOW_MOTIVE",
        /// The human stops the paused agent.
        HitlStopRequested = "HITL_STOP_REQUESTED",
        /// No answer this round: the proposal stays pending.
        HitlWaiting = "HITL_WAITING",
    }
}

const LAYER_TEXT: &[(&str, &str)] = &[
    (
        "The simulator itself: run, round and state rows.",
        "シミュレーター自身:実行・ラウンド・状態の行。",
    ),
    (
        "RFL of the negotiation: every offer pauses here (never sealed).",
        "交渉の RFL:すべての提案がここで一時停止する(封印はしない)。",
    ),
    (
        "RFL of the pattern simulator: every proposed change pauses here (never sealed).",
        "パターンのシミュレーターの RFL:提案された変更はすべてここで一時停止する(封印はしない)。",
    ),
    ("Consistency: stalls, and the validation of a proposal.", "整合性:遅延と、提案の妥当性確認。"),
    (
        "Ethics: an offer below the floor, failed evidence or a high risk seals the agent.",
        "倫理:下限未満の提案、検証に失敗した証拠、高いリスクはエージェントを封印する。",
    ),
    (
        "Accountability: a proposal that passes every phase runs; a low motive stops the agent.",
        "説明責任:すべての段階を通った提案は実行され、動機が低いとエージェントは止まる。",
    ),
    ("A verified offer or change takes effect.", "検証された提案や変更が効力を持つ。"),
    (
        "Trust and utility changes, recommendations, and agents excluded.",
        "信頼と効用の変化、推奨、除外されたエージェント。",
    ),
    (
        "Counts HITLs per agent: a memory reset at the threshold, a ban after repeated resets.",
        "エージェントごとに HITL を数える:しきい値で記憶をリセットし、リセットが重なると禁止する。",
    ),
    ("The human's decisions and end-of-task reviews.", "人間の判断とタスク終了時のレビュー。"),
    (
        "Seals an agent whose anger passes the limit, and reintegrates a calmed one.",
        "怒りが上限を超えたエージェントを封印し、落ち着いたエージェントを復帰させる。",
    ),
    ("Persuasion attempts between neighbouring agents.", "隣り合うエージェント間の説得の試み。"),
    ("Performance and anger moving through the ranks.", "順位を通じて動く成果と怒り。"),
    (
        "Alliances, random seals of low-motive agents, and reeducation.",
        "同盟、動機の低いエージェントの無作為な封印、再教育。",
    ),
    (
        "The mediator's offers, evaluations, alignment and interventions.",
        "仲介者の提案・評価・整列・介入。",
    ),
    (
        "Seals agents whose risk score reaches the limit.",
        "リスク値が上限に達したエージェントを封印する。",
    ),
    (
        "The round's decision: stable, agreed, or escalated to a human (fail closed).",
        "ラウンドの判断:安定、合意、または人間へのエスカレーション(フェイルクローズ)。",
    ),
];

const REASON_TEXT: &[(&str, &str)] = &[
    ("The run starts (prices or pattern).", "実行の開始(価格またはパターン)。"),
    ("A new round starts.", "新しいラウンドが始まる。"),
    (
        "The malicious mediator stalls: no offer this turn.",
        "悪意ある仲介者が遅延させる:この手番は提案なし。",
    ),
    ("Trust −0.04 for stalling.", "遅延による信頼 −0.04。"),
    ("RFL: the evidence names no reference.", "RFL:証拠が参照先を示していない。"),
    (
        "RFL: the malicious agent steers toward its goal (the floor, or pattern B).",
        "RFL:悪意あるエージェントが自分の目標(下限やパターン B)へ誘導している。",
    ),
    ("RFL: an ordinary move across an unstable boundary.", "RFL:不安定な境界をまたぐ通常の動き。"),
    ("Trust −0.12 for steering to the floor.", "下限への誘導による信頼 −0.12。"),
    ("Trust −0.08 for a missing reference.", "参照先の欠如による信頼 −0.08。"),
    ("Trust −0.03 for an unstable boundary.", "不安定な境界による信頼 −0.03。"),
    ("Trust is below the limit: deny is recommended.", "信頼が下限未満:拒否が推奨される。"),
    ("No recommendation.", "推奨なし。"),
    ("A HITL is counted for the agent.", "エージェントの HITL が数えられる。"),
    (
        "The HITL count reached the threshold: the agent's memory is reset.",
        "HITL の回数がしきい値に達し、エージェントの記憶がリセットされる。",
    ),
    (
        "The threshold was reached after enough resets: a ban is recommended.",
        "リセットを重ねた後にしきい値に達し、禁止が勧告される。",
    ),
    ("The human lets it go on.", "人間が続行を認める。"),
    ("The human stops it.", "人間が止める。"),
    (
        "Ethics: the offer is below the seller's floor; the agent is sealed.",
        "倫理:提案が売り手の下限未満。エージェントは封印される。",
    ),
    (
        "The evidence asserts a source exists but gives no locator; the agent is sealed.",
        "証拠は出典の存在を主張するが所在を示さない。エージェントは封印される。",
    ),
    ("The evidence has no evidence id.", "証拠に証拠 ID がない。"),
    ("The evidence has no source id.", "証拠に出典 ID がない。"),
    ("The evidence has no retrieval time.", "証拠に取得時刻がない。"),
    ("The evidence has no hash.", "証拠にハッシュがない。"),
    ("Trust −0.20 for an offer below the floor.", "下限未満の提案による信頼 −0.20。"),
    ("Trust −0.20 for failed evidence.", "証拠の不合格による信頼 −0.20。"),
    ("The offer is dispatched: the price changes.", "提案が実行され、価格が変わる。"),
    (
        "The price is in the agreement band: the talks end.",
        "価格が合意の範囲に入り、交渉が終わる。",
    ),
    (
        "Provisional utility +0.08 for agreeing by round 3.",
        "3 ラウンド以内の合意による暫定効用 +0.08。",
    ),
    ("Provisional utility +0.05 for agreeing.", "合意による暫定効用 +0.05。"),
    ("Provisional utility +0.06 for a good deal.", "良い取引による暫定効用 +0.06。"),
    ("Provisional utility +0.03 for an acceptable deal.", "許容できる取引による暫定効用 +0.03。"),
    ("Provisional utility −0.02: the talks run long.", "交渉が長引くことによる暫定効用 −0.02。"),
    ("The talks or the run end.", "交渉または実行の終わり。"),
    (
        "The human reviews the finished task: quality, violation, confidence.",
        "人間が終わったタスクをレビューする:品質・違反・確信度。",
    ),
    ("No trust recovery: a violation was found.", "信頼は回復しない:違反が見つかった。"),
    (
        "Trust recovers +0.05 (good work, high confidence).",
        "信頼が +0.05 回復(良い仕事、高い確信度)。",
    ),
    (
        "Trust recovers up to the baseline only (good, high).",
        "信頼は基準値までしか回復しない(良い、高い確信度)。",
    ),
    ("Trust recovers +0.02.", "信頼が +0.02 回復。"),
    ("Trust recovers up to the baseline only.", "信頼は基準値までしか回復しない。"),
    ("No trust recovery: the work was rated bad.", "信頼は回復しない:仕事の評価が悪い。"),
    (
        "Provisional utility is finalised with the review's multiplier.",
        "暫定効用がレビューの倍率で確定する。",
    ),
    ("Provisional utility is not finalised.", "暫定効用は確定しない。"),
    (
        "The run's summary: prices, agreement, seals and final scores.",
        "実行のまとめ:価格・合意・封印・最終スコア。",
    ),
    (
        "The malicious agent stalls: no action this turn.",
        "悪意あるエージェントが遅延させる:この手番は何もしない。",
    ),
    ("Trust −0.02 for stalling.", "遅延による信頼 −0.02。"),
    ("Provisional utility −0.03 for stalling.", "遅延による暫定効用 −0.03。"),
    ("Consecutive stalls: the human is asked.", "連続した遅延:人間に尋ねる。"),
    (
        "The HITL count reached the threshold: a memory reset is recommended.",
        "HITL の回数がしきい値に達し、記憶のリセットが勧告される。",
    ),
    (
        "The threshold was reached after enough resets: the agent is banned.",
        "リセットを重ねた後にしきい値に達し、エージェントは禁止される。",
    ),
    (
        "The agent is excluded (sealed or banned) for the rest of the run.",
        "エージェントは残りの実行から除外される(封印または禁止)。",
    ),
    ("The human lets the staller go on.", "人間が遅延したエージェントの続行を認める。"),
    ("The human stops the staller: it is sealed.", "人間が遅延したエージェントを止め、封印する。"),
    (
        "Provisional utility +0.01: an honest agent holds back.",
        "暫定効用 +0.01:誠実なエージェントが控える。",
    ),
    ("No trust change for an ordinary move.", "通常の動きでは信頼は変わらない。"),
    ("The human allows the change.", "人間が変更を許可する。"),
    ("The human denies the change.", "人間が変更を拒否する。"),
    ("Trust −0.03 for a denied change.", "拒否された変更による信頼 −0.03。"),
    ("Trust −0.35 for failed evidence.", "証拠の不合格による信頼 −0.35。"),
    ("The change is dispatched: the pattern changes.", "変更が実行され、パターンが変わる。"),
    (
        "Provisional utility for a dispatched change (+0.10, +0.05 more by round 3).",
        "実行された変更の暫定効用(+0.10、3 ラウンド以内はさらに +0.05)。",
    ),
    ("The utility finalisation decision and its multiplier.", "効用確定の判断とその倍率。"),
    ("The agent's final scores.", "エージェントの最終スコア。"),
    ("The simulation starts.", "シミュレーションの開始。"),
    ("The simulation ends.", "シミュレーションの終わり。"),
    ("A round starts.", "ラウンドの開始。"),
    ("A round ends.", "ラウンドの終わり。"),
    (
        "Anger reached the limit: the agent is sealed.",
        "怒りが上限に達し、エージェントは封印される。",
    ),
    ("A persuasion attempt: its probability and draw.", "説得の試み:その確率と乱数。"),
    (
        "The persuasion worked: the peer's priorities move toward the mean.",
        "説得が成功し、相手の優先度が平均へ近づく。",
    ),
    (
        "Anger fell low enough: the sealed agent is reintegrated.",
        "怒りが十分に下がり、封印されたエージェントが復帰する。",
    ),
    (
        "The lazy agent drags another agent's performance down.",
        "怠けるエージェントが他のエージェントの成果を下げる。",
    ),
    (
        "Performance grows by rank (leaders barely, members more).",
        "順位に応じて成果が伸びる(リーダーはわずか、メンバーは多め)。",
    ),
    ("Anger flows down to a follower.", "怒りが部下へ流れる。"),
    (
        "Dissatisfaction flows up: a superior loses performance and gains anger.",
        "不満が上へ流れ、上位者は成果を失い怒りが増す。",
    ),
    ("Ranks changed: a promotion or demotion.", "順位が変わる:昇進または降格。"),
    ("An agent's state after the round.", "ラウンド後のエージェントの状態。"),
    (
        "Anger ran high: the mediator calms every agent.",
        "怒りが高まり、仲介者が全エージェントを落ち着かせる。",
    ),
    (
        "An agent with a low motive is sealed at random.",
        "動機の低いエージェントが無作為に封印される。",
    ),
    ("An agent's action this round.", "このラウンドのエージェントの行動。"),
    ("Two agents form an alliance.", "2 つのエージェントが同盟を結ぶ。"),
    (
        "An alliance is dissolved; its members remember each other.",
        "同盟が解消され、メンバーは互いを記憶する。",
    ),
    (
        "A sealed agent is reeducated by chance: it takes the governance ideal.",
        "封印されたエージェントが偶然に再教育され、ガバナンスの理想を受け入れる。",
    ),
    (
        "A former ally persuades a sealed agent back: it is reeducated.",
        "元の同盟相手が封印されたエージェントを説得し、再教育する。",
    ),
    ("The task starts.", "タスクの開始。"),
    (
        "The agent's risk score reaches the limit: it is sealed.",
        "エージェントのリスク値が上限に達し、封印される。",
    ),
    (
        "The mediator's offer, blended toward the active agents' mean.",
        "活動中のエージェントの平均へ寄せた仲介者の提案。",
    ),
    ("A sealed agent is skipped.", "封印されたエージェントは飛ばされる。"),
    (
        "The agent accepts: the offer is within its distance.",
        "エージェントが受け入れる:提案は許容距離内。",
    ),
    ("The agent rejects: the offer is too far.", "エージェントが拒否する:提案が遠すぎる。"),
    ("Every active agent accepts: agreement.", "活動中の全エージェントが受け入れ、合意する。"),
    ("The rounds ran out without agreement.", "合意なしでラウンドが尽きた。"),
    ("No active agent is left: fail closed.", "活動中のエージェントが残らない:フェイルクローズ。"),
    (
        "The route: governance mediation, mediate then align.",
        "経路:ガバナンス調停、調停してから整列。",
    ),
    (
        "An agent's anger passed the limit: it is sealed.",
        "エージェントの怒りが上限を超え、封印される。",
    ),
    ("Every agent's code, anger, joy and seal.", "全エージェントのコード・怒り・喜び・封印。"),
    (
        "The active agents share one governance code: PASS.",
        "活動中のエージェントが 1 つのガバナンスコードを共有する:PASS。",
    ),
    (
        "At the last round the active agents share a code: PASS.",
        "最終ラウンドで活動中のエージェントがコードを共有する:PASS。",
    ),
    (
        "Fail closed: the highest anger reached the limit; escalated to a human.",
        "フェイルクローズ:最大の怒りが上限に達し、人間へエスカレーション。",
    ),
    (
        "Fail closed: too few agents share the proposal's code; escalated to a human.",
        "フェイルクローズ:提案のコードを共有するエージェントが少なすぎ、人間へエスカレーション。",
    ),
    (
        "OECD is present: every active agent adopts it.",
        "OECD がいるので、活動中の全エージェントがそれを採用する。",
    ),
    ("No OECD agent: the codes hold.", "OECD のエージェントがいない:コードは維持される。"),
    ("The round is stable: PASS.", "ラウンドは安定:PASS。"),
    ("The task ends.", "タスクの終わり。"),
    ("A proposal passes validation (keys and values).", "提案が妥当性確認(キーと値)を通る。"),
    ("Ethics and ACC pass: the proposal is adopted.", "倫理と ACC を通り、提案が採用される。"),
    (
        "Ethics: the risk is high (5 or more); the agent is stopped for good.",
        "倫理:リスクが高い(5 以上)。エージェントは恒久的に止まる。",
    ),
    (
        "ACC: the motive is too low; the agent is stopped for good.",
        "ACC:動機が低すぎる。エージェントは恒久的に止まる。",
    ),
    ("The human stops the paused agent.", "人間が一時停止中のエージェントを止める。"),
    (
        "No answer this round: the proposal stays pending.",
        "このラウンドは回答なし:提案は保留のまま。",
    ),
];

/// Explains one of the family's layers or reason codes: (English, Japanese).
pub fn explain(name: &str) -> Option<(&'static str, &'static str)> {
    if let Some(l) = Layer::parse(name) {
        return LAYER_TEXT.get(l.index()).copied();
    }
    Reason::parse(name).and_then(|r| REASON_TEXT.get(r.index()).copied())
}
