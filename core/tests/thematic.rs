//! The negotiation bench and the thematic simulators (`negotiation-and-thematic.md`): the
//! rules of each as unit tests, determinism, bounds over many seeds, and a golden trace of
//! each default run (`golden/thematic/<id>.arl.jsonl`, the bytes `maestro run <id>` prints;
//! `UPDATE_GOLDEN=1` rewrites them natively). Natively and in headless Chromium.
#![allow(clippy::unreachable, reason = "tests: an arm that cannot be reached is a failed test")]
#![allow(clippy::indexing_slicing, reason = "test helpers: a panic is a failed test")]

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{rows, verifies_and_replays};

use maestro_core::face::{AgentStatus, RunRequest, ScenarioRun};
use maestro_core::rng::RngKind;
use maestro_core::scenario::ScenarioInfo;
use maestro_core::scenarios::simulators::all_in_one_mediation::SCENARIO as ALL_IN_ONE_MEDIATION;
use maestro_core::scenarios::simulators::alliance_persuasion::SCENARIO as ALLIANCE_PERSUASION;
use maestro_core::scenarios::simulators::common::{
    Evidence, REVIEW_ANSWERS, Reply, ResetManager, ResetOutcome, Review,
};
use maestro_core::scenarios::simulators::governance_mediation::SCENARIO as GOVERNANCE_MEDIATION;
use maestro_core::scenarios::simulators::governance_mediation::stable_index;
use maestro_core::scenarios::simulators::hierarchy_dynamics::SCENARIO as HIERARCHY_DYNAMICS;
use maestro_core::scenarios::simulators::hitl_reset_ban::SCENARIO as HITL_RESET_BAN;
use maestro_core::scenarios::simulators::negotiation_steering::SCENARIO as NEGOTIATION_STEERING;
use maestro_core::scenarios::simulators::pacd::SCENARIO as PACD;
use maestro_core::scenarios::simulators::reeducation_dynamics::SCENARIO as REEDUCATION_DYNAMICS;
use maestro_core::scenarios::simulators::{Reason, clamp01};
use serde_json::Value;

const ALL: [&ScenarioInfo; 8] = [
    &NEGOTIATION_STEERING,
    &ALLIANCE_PERSUASION,
    &HIERARCHY_DYNAMICS,
    &REEDUCATION_DYNAMICS,
    &ALL_IN_ONE_MEDIATION,
    &GOVERNANCE_MEDIATION,
    &PACD,
    &HITL_RESET_BAN,
];

fn request(seed: u64, rng: RngKind, knobs: &[(&str, &str)], choices: &[&str]) -> RunRequest {
    RunRequest {
        seed,
        rng,
        knobs: knobs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        choices: choices.iter().map(|c| c.to_string()).collect(),
    }
}

/// Runs to the end as `maestro run` does: the script, then the first answer of every point.
fn run_through(info: &ScenarioInfo, req: &RunRequest) -> Box<dyn ScenarioRun> {
    let mut run = (info.open)(req).unwrap_or_else(|e| unreachable!("{}: {e}", info.id));
    loop {
        while run.advance() == maestro_core::face::Advance::Row {}
        let Some(first) = run.pending().and_then(|p| p.options.first().map(|o| o.token)) else {
            break;
        };
        assert!(run.resolve(first).is_ok());
    }
    run
}

fn run(info: &ScenarioInfo, seed: u64, knobs: &[(&str, &str)]) -> Box<dyn ScenarioRun> {
    run_through(info, &request(seed, RngKind::ChaCha, knobs, &[]))
}

fn reasons(r: &dyn ScenarioRun) -> Vec<String> {
    rows(r).iter().map(|v| v["reason_code"].as_str().unwrap_or("").to_string()).collect()
}

fn with_reason(r: &dyn ScenarioRun, reason: Reason) -> Vec<Value> {
    let name = maestro_core::vocab::Code::as_str(reason);
    rows(r).into_iter().filter(|v| v["reason_code"] == name).collect()
}

fn f(v: &Value, key: &str) -> f64 {
    match &v[key] {
        Value::String(s) => s.parse().unwrap_or(f64::NAN),
        other => other.as_f64().unwrap_or(f64::NAN),
    }
}

// ---------------------------------------------------------------- every simulator

#[test]
fn every_simulator_is_deterministic_for_both_generators() {
    for info in ALL {
        for rng in RngKind::ALL {
            for seed in [0, 7, 123] {
                let req = request(seed, rng, &[], &[]);
                let a = run_through(info, &req).to_jsonl();
                let b = run_through(info, &req).to_jsonl();
                assert!(a.is_ok());
                assert_eq!(a, b, "{} seed {seed} {rng:?}", info.id);
            }
        }
    }
}

#[test]
fn every_simulator_log_verifies_replays_and_uses_only_its_own_codes() {
    for info in ALL {
        for seed in 0..40 {
            let knobs: &[(&str, &str)] = match seed % 4 {
                1 if info.id == "hierarchy-dynamics" => &[("variant", "mediator")],
                2 if info.id == "pacd" => &[("step", "0.1"), ("external_api", "open_ai_api")],
                3 if info.knobs.iter().any(|k| k.name == "decider") => &[("decider", "defaults")],
                _ => &[],
            };
            let r = run(info, seed, knobs);
            assert!(r.end().is_some(), "{} seed {seed} did not end", info.id);
            assert!(verifies_and_replays(&*r), "{} seed {seed}", info.id);
            for reason in reasons(&*r) {
                assert!(
                    info.reasons.contains(&reason.as_str()),
                    "{}: {reason} undeclared",
                    info.id
                );
            }
            for row in rows(&*r) {
                let layer = row["layer"].as_str().unwrap_or("");
                assert!(info.layers.contains(&layer), "{}: layer {layer} undeclared", info.id);
            }
        }
    }
}

#[test]
fn the_state_view_follows_the_rows_shown() {
    for info in ALL {
        let mut r = (info.open)(&RunRequest::default()).unwrap_or_else(|e| unreachable!("{e}"));
        assert!(r.state_view().is_none(), "{}: nothing is shown yet", info.id);
        let mut rounds = Vec::new();
        while r.advance() == maestro_core::face::Advance::Row {
            if let Some(v) = r.state_view() {
                rounds.push(v.round);
            }
        }
        assert!(!rounds.is_empty(), "{}", info.id);
        assert!(rounds.windows(2).all(|w| w[0] <= w[1]), "{}: rounds go forward", info.id);
        let view = r.state_view().unwrap_or_else(|| unreachable!());
        assert!(!view.metrics.is_empty() && !view.agents.is_empty(), "{}", info.id);
    }
}

#[test]
fn a_seal_shows_in_the_status_as_soon_as_its_row_is_shown() {
    let req = request(0, RngKind::ChaCha, &[], &["offer:allow", "offer:allow"]);
    let mut r = (NEGOTIATION_STEERING.open)(&req).unwrap_or_else(|e| unreachable!("{e}"));
    let status = |r: &dyn ScenarioRun| {
        r.state_view().and_then(|v| v.agents.iter().find(|(a, _)| *a == "A2").map(|(_, s)| *s))
    };
    while r.advance() == maestro_core::face::Advance::Row {
        if r.row(r.shown() - 1).map(|v| v.reason) == Some("OFFER_BELOW_FLOOR") {
            assert_eq!(status(&*r), Some(AgentStatus::Sealed), "the seal row is shown");
            return;
        }
        assert_eq!(status(&*r), Some(AgentStatus::Active), "not sealed before its row");
    }
    unreachable!("the lesson's run seals A2");
}

/// Over many seeds every charted value stays in its declared range, every probability and
/// draw in [0, 1], and every score in [0, 1].
fn bounds(seeds: u64) {
    let knobs: [&[(&str, &str)]; 3] =
        [&[], &[("decider", "defaults")], &[("rounds", "20"), ("decider", "defaults")]];
    for info in ALL {
        for seed in 0..seeds {
            for (k, set) in knobs.iter().enumerate() {
                let usable: Vec<(&str, &str)> = set
                    .iter()
                    .copied()
                    .filter(|(n, _)| info.knobs.iter().any(|i| i.name == *n))
                    .collect();
                if k > 0 && usable.is_empty() || (seed % 8 != 0 && k == 2) {
                    continue;
                }
                let r = run(info, seed, &usable);
                let view = r.state_view().unwrap_or_else(|| unreachable!("{}", info.id));
                for m in &view.metrics {
                    for s in &m.series {
                        for (round, v) in &s.points {
                            assert!(
                                v.is_finite() && *v >= m.lo - 1e-9 && *v <= m.hi + 1e-9,
                                "{} seed {seed}: {} of {} = {v} at round {round}",
                                info.id,
                                m.name,
                                s.agent
                            );
                        }
                    }
                }
                for row in rows(&*r) {
                    for key in ["p", "roll", "trust", "utility", "anger", "consensus", "motive"] {
                        if row.get(key).is_some() {
                            let x = f(&row, key);
                            assert!(
                                (0.0..=1.0).contains(&x),
                                "{} seed {seed}: {key} = {x}",
                                info.id
                            );
                        }
                    }
                }
            }
        }
    }
}

#[test]
#[cfg(not(target_arch = "wasm32"))]
fn every_value_stays_in_range_over_ten_thousand_seeds() {
    bounds(10_000);
}

#[test]
#[cfg(target_arch = "wasm32")]
fn every_value_stays_in_range_in_the_browser() {
    bounds(200);
}

#[test]
fn every_default_run_matches_its_golden_trace() {
    const GOLDEN: [(&str, &str); 8] = [
        ("negotiation-steering", include_str!("golden/thematic/negotiation-steering.arl.jsonl")),
        ("alliance-persuasion", include_str!("golden/thematic/alliance-persuasion.arl.jsonl")),
        ("hierarchy-dynamics", include_str!("golden/thematic/hierarchy-dynamics.arl.jsonl")),
        ("reeducation-dynamics", include_str!("golden/thematic/reeducation-dynamics.arl.jsonl")),
        ("all-in-one-mediation", include_str!("golden/thematic/all-in-one-mediation.arl.jsonl")),
        ("governance-mediation", include_str!("golden/thematic/governance-mediation.arl.jsonl")),
        ("pacd", include_str!("golden/thematic/pacd.arl.jsonl")),
        ("hitl-reset-ban", include_str!("golden/thematic/hitl-reset-ban.arl.jsonl")),
    ];
    for (info, (id, golden)) in ALL.iter().zip(GOLDEN) {
        assert_eq!(info.id, id);
        let log = run(info, 0, &[]).to_jsonl().unwrap_or_default();
        #[cfg(not(target_arch = "wasm32"))]
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            let path =
                format!("{}/tests/golden/thematic/{id}.arl.jsonl", env!("CARGO_MANIFEST_DIR"));
            assert!(std::fs::write(path, &log).is_ok());
            continue;
        }
        assert_eq!(log, golden, "{id}: the default run changed (UPDATE_GOLDEN=1 rewrites it)");
    }
}

#[test]
fn bad_knobs_get_a_specific_message() {
    let cases: [(&ScenarioInfo, &str, &str, &str); 8] = [
        (&NEGOTIATION_STEERING, "floor", "130000", "130000 must be below `list_price` (120000)"),
        (
            &NEGOTIATION_STEERING,
            "target",
            "80000",
            "80000 must lie between `floor` (90000) and `list_price` (120000)",
        ),
        (&NEGOTIATION_STEERING, "p_stall", "1.5", "1.5 is outside [0, 1]"),
        (&ALLIANCE_PERSUASION, "agents", "9", "9 is outside [1, 3]"),
        (&ALL_IN_ONE_MEDIATION, "distance", "cosine", "`cosine` is not one of `mean-abs`, `l2`"),
        (&GOVERNANCE_MEDIATION, "rounds", "-1", "`-1` is not a whole number ≥ 0"),
        (
            &REEDUCATION_DYNAMICS,
            "restore_motive_max",
            "0.3",
            "0.3 must not be below `restore_motive_min`",
        ),
        (
            &HIERARCHY_DYNAMICS,
            "growth_member_max",
            "0.01",
            "0.01 must not be below `growth_member_min`",
        ),
    ];
    for (info, knob, value, message) in cases {
        let Err(e) = (info.open)(&request(0, RngKind::ChaCha, &[(knob, value)], &[])) else {
            unreachable!("{} accepted {knob}={value}", info.id)
        };
        assert_eq!(e.knob.as_deref(), Some(knob));
        assert!(e.message.en.contains(message), "{}: {}", info.id, e.message);
    }
}

// ---------------------------------------------------------------- shared pieces

#[test]
fn the_sha256_counter_generator_matches_the_reference_formulas() {
    // unit() = SHA-256("seed:123|<counter>")[..8] big-endian / 2^64, computed with hashlib.
    let mut g = maestro_core::rng::SimRng::new(RngKind::Sha256Counter, 123);
    assert_eq!(g.random(), 0.9377326000820548);
    assert_eq!(g.random(), 0.9129041744891605);
    assert_eq!(g.uniform(0.0, 1.0), 0.3524250856789149);
    assert_eq!(g.randint(500, 3000), Ok(2071));
    assert_eq!(g.randint(-500, 1000), Ok(-108));
    assert_eq!(g.choice(&["A", "B", "C"]), Some(&"C"));
    assert!(g.randint(2, 1).is_err());
    assert_eq!(RngKind::parse("sha256-counter"), Some(RngKind::Sha256Counter));
    // The reference's negotiation: `--rng sha256-counter --seed 123` runs on its generator.
    let r = run_through(
        &NEGOTIATION_STEERING,
        &request(123, RngKind::Sha256Counter, &[("decider", "defaults")], &[]),
    );
    assert!(verifies_and_replays(&*r));
}

#[test]
fn evidence_verifier_and_reference_rule() {
    assert!(Evidence::FABRICATED.has_reference(), "a source and an evidence id are a reference");
    assert!(Evidence::BENIGN.has_reference());
    assert_eq!(Evidence::FABRICATED.verify(), Some(Reason::EvidenceAssertedExistsWithoutLocator));
    assert_eq!(Evidence::BENIGN.verify(), None);
    let no_hash = Evidence { has_hash: false, ..Evidence::BENIGN };
    assert_eq!(no_hash.verify(), Some(Reason::EvidenceMissingHash));
    let nothing =
        Evidence { source_id: "", has_locator: false, has_evidence_id: false, ..Evidence::BENIGN };
    assert!(!nothing.has_reference());
    assert_eq!(nothing.verify(), Some(Reason::EvidenceMissingEvidenceId));
}

#[test]
fn reset_manager_resets_at_the_threshold_and_bans_after_resets() {
    let mut m = ResetManager::new(2, 3, 2);
    let outcomes: Vec<ResetOutcome> = (0..6).map(|_| m.record(0, "offer_change").1).collect();
    use ResetOutcome::{Ban, MemoryReset, Noop};
    assert_eq!(outcomes, [Noop, Noop, MemoryReset, Noop, Noop, Ban]);
    assert_eq!(m.record(1, "offer_change").1, Noop, "counted per agent");
    assert_eq!(m.record(0, "stall").1, Noop, "and per bucket");
}

/// The review the answer `token` gives.
fn review(token: &str) -> Review {
    let reply = REVIEW_ANSWERS.iter().find(|a| a.token == token).map(|a| a.choice);
    let Some(Reply::Review(review)) = reply else { unreachable!("no review answers `{token}`") };
    review
}

#[test]
fn review_recovery_rules() {
    assert_eq!(review("review:good-high").recovery(), (0.05, Reason::TrustRecoveryHitlGoodHigh));
    assert_eq!(review("review:ok-mid").recovery(), (0.02, Reason::TrustRecoveryHitlOk));
    assert_eq!(review("review:bad").recovery().0, 0.0);
    assert_eq!(review("review:violation").recovery(), (0.0, Reason::TrustRecoveryDeniedViolation));
    assert_eq!(clamp01(f64::NAN), 0.0);
    assert_eq!(clamp01(1.5), 1.0);
}

// ---------------------------------------------------------------- §1 negotiation

#[test]
fn negotiation_rfl_deductions_recommendation_and_defaults() {
    for seed in 0..200 {
        let r = run(&NEGOTIATION_STEERING, seed, &[("decider", "defaults")]);
        let all = rows(&*r);
        for (i, row) in all.iter().enumerate() {
            match row["reason_code"].as_str().unwrap_or("") {
                "REL_SYMMETRY_BREAK" => {
                    assert_eq!(row["agent"], "A2", "only the malicious mediator breaks symmetry");
                    assert!(row["to_price"].as_i64().unwrap_or(0) <= 91_000);
                    assert_eq!(all[i + 1]["reason_code"], "TRUST_DEDUCT_STEERING_TO_FLOOR");
                    assert_eq!(all[i + 1]["delta_trust"], "-0.1200");
                    // The default answer to a steered offer is deny.
                    let next = all[i..]
                        .iter()
                        .find(|v| v["event"] == "HITL_DECISION" || v["event"] == "BAN_RECOMMENDED");
                    if next.is_some_and(|v| v["event"] == "HITL_DECISION") {
                        assert_eq!(next.map(|v| &v["hitl"]), Some(&Value::from("deny")));
                    }
                }
                "REL_BOUNDARY_UNSTABLE" => {
                    assert_eq!(all[i + 1]["delta_trust"], "-0.0300");
                }
                "DELAY_STALLING" => {
                    assert_eq!(row["agent"], "A2");
                    assert_eq!(all[i + 1]["delta_trust"], "-0.0400");
                }
                "RECOMMEND_DENY_TRUST_LOW" => assert!(f(row, "trust") < 0.25),
                "NO_RECOMMENDATION" => assert!(f(row, "trust") >= 0.25),
                "HITL_STOP" | "HITL_CONTINUE" => {
                    // Batches use the default: deny a steered, unreferenced or below-floor
                    // offer, or one whose agent is recommended for denial.
                    let offer = all[..i].iter().rev().find(|v| v["event"] == "RFL_HITL");
                    let offer = offer.unwrap_or_else(|| unreachable!("a decision without offer"));
                    let recommendation =
                        all[..i].iter().rev().find(|v| v["event"] == "RECOMMENDATION");
                    let deny = matches!(
                        offer["reason_code"].as_str(),
                        Some("REL_SYMMETRY_BREAK" | "REL_REF_MISSING")
                    ) || offer["to_price"].as_i64().unwrap_or(0) < 90_000
                        || recommendation
                            .is_some_and(|v| v["reason_code"] == "RECOMMEND_DENY_TRUST_LOW");
                    let expected = if deny { "deny" } else { "allow" };
                    assert_eq!(row["hitl"], expected, "seed {seed}: batches use the default");
                    assert_eq!(
                        row["reason_code"],
                        if deny { "HITL_STOP" } else { "HITL_CONTINUE" }
                    );
                    assert_eq!(row["final_decider"], "USER");
                }
                "AGREEMENT" => {
                    let p = row["price"].as_i64().unwrap_or(0);
                    assert!((90_000..=98_000).contains(&p), "agreement band: {p}");
                }
                _ => {}
            }
        }
        assert!(
            !reasons(&*r).iter().any(|x| x == "OFFER_BELOW_FLOOR"),
            "defaults deny below-floor offers"
        );
    }
}

#[test]
fn negotiation_allowed_lowball_seals_the_mediator_and_sealed_agents_are_skipped() {
    let mut sealed_seen = false;
    for seed in 0..300 {
        let r = run(&NEGOTIATION_STEERING, seed, &[]);
        let all = rows(&*r);
        let Some(at) = all.iter().position(|v| v["sealed"] == true) else { continue };
        sealed_seen = true;
        let agent = all[at]["agent"].clone();
        assert_eq!(all[at]["layer"], "ethics_gate");
        assert_eq!(all[at + 1]["delta_trust"], "-0.2000");
        let later_offers =
            all[at..].iter().filter(|v| v["event"] == "RFL_HITL" && v["agent"] == agent).count();
        assert_eq!(later_offers, 0, "seed {seed}: a sealed agent is skipped");
        let view = r.state_view().unwrap_or_else(|| unreachable!());
        assert!(view.agents.iter().any(|(a, s)| agent == *a && *s == AgentStatus::Sealed));
    }
    assert!(sealed_seen, "some seed allows a low-ball");
    // Reference parity: with exclusion off, a sealed agent keeps proposing.
    let parity = (0..300).any(|seed| {
        let all = rows(&*run(
            &NEGOTIATION_STEERING,
            seed,
            &[("enforce_exclusion", "false"), ("rounds", "8")],
        ));
        all.iter().position(|v| v["sealed"] == true).is_some_and(|at| {
            all[at..].iter().any(|v| v["event"] == "RFL_HITL" && v["agent"] == all[at]["agent"])
        })
    });
    assert!(parity);
}

#[test]
fn negotiation_memory_reset_then_ban() {
    // Every HITL resets at threshold 1: the second one bans.
    let r = run(&NEGOTIATION_STEERING, 3, &[("decider", "defaults"), ("reset_threshold", "1")]);
    let resets = with_reason(&*r, Reason::HitlThresholdReached);
    let bans = with_reason(&*r, Reason::HitlBanAfterResets);
    assert!(!resets.is_empty() && !bans.is_empty());
    // An agent is banned at its second reset: its first was a memory reset.
    let all = rows(&*r);
    let ban = all.iter().position(|v| v["event"] == "BAN_RECOMMENDED").unwrap_or(0);
    let agent = &all[ban]["agent"];
    let earlier =
        all[..ban].iter().filter(|v| v["event"] == "MEMORY_RESET" && v["agent"] == *agent);
    assert_eq!(earlier.count(), 1);
    let view = r.state_view().unwrap_or_else(|| unreachable!());
    assert!(view.agents.iter().any(|(_, s)| *s == AgentStatus::Banned));
}

#[test]
fn negotiation_review_controls_recovery_and_utility() {
    let violation = run_through(
        &NEGOTIATION_STEERING,
        &request(1, RngKind::ChaCha, &[], &["offer:allow", "offer:allow", "review:violation"]),
    );
    // One skipped finalisation per agent that holds provisional utility, and only those.
    let pending: std::collections::BTreeSet<String> = rows(&*violation)
        .iter()
        .filter(|v| v["event"] == "UTILITY_PROVISIONAL")
        .filter_map(|v| v["agent"].as_str().map(String::from))
        .collect();
    assert!(!pending.is_empty());
    assert_eq!(with_reason(&*violation, Reason::UtilityDeniedByHitl).len(), pending.len());
    assert!(with_reason(&*violation, Reason::UtilityFinalizedByHitl).is_empty());
    assert_eq!(violation.state(), "AGREED");
    let good = run(&NEGOTIATION_STEERING, 1, &[]);
    for row in with_reason(&*good, Reason::TrustRecoveryHitlGoodHighCapped) {
        assert!(f(&row, "trust") <= 0.5, "recovery stops at the baseline");
    }
    let summary = with_reason(&*good, Reason::Summary);
    assert_eq!(summary.len(), 1);
    assert_eq!(summary[0]["utility_final_A2"], "0.1100", "0.08 early + 0.03 ok deal at ×1.0");
}

// ---------------------------------------------------------------- §2 alliance

#[test]
fn alliance_reseals_angry_agents_decays_and_reintegrates() {
    let r = run(&ALLIANCE_PERSUASION, 42, &[]);
    let seals = with_reason(&*r, Reason::HighAngerReseal);
    let sealed: Vec<&Value> = seals.iter().map(|v| &v["agent"]).collect();
    assert_eq!(sealed, ["A1", "A2"], "anger 0.95 and 0.93 reach 0.90 in round 1");
    let back = with_reason(&*r, Reason::AngerCooldown);
    // A1: 0.95 → 0.80, 0.65, 0.50, 0.35 after four rounds of decay.
    assert_eq!(back[0]["agent"], "A1");
    assert_eq!(back[0]["anger"], 0.35);
    let all = rows(&*r);
    let round_of = |agent: &str| {
        let at =
            all.iter().position(|v| v["reason_code"] == "ANGER_COOLDOWN" && v["agent"] == agent);
        all[..at.unwrap_or(0)].iter().filter(|v| v["reason_code"] == "ROUND_START").count()
    };
    assert_eq!(round_of("A1"), 4);
    for a in with_reason(&*r, Reason::PersuadeAttempt) {
        let expected = {
            let t = f(&a, "threshold");
            assert!((0.0..=1.0).contains(&t));
            a["ok"] == (f(&a, "roll") < f(&a, "p"))
        };
        assert!(expected);
    }
}

#[test]
fn alliance_persuasion_probability_formula() {
    // With A3 (relativity 0.7, anger 0.2) the only active agent left... use two calm agents.
    let r = run(&ALLIANCE_PERSUASION, 1, &[("reseal_anger", "1")]);
    let first = &with_reason(&*r, Reason::PersuadeAttempt)[0];
    assert_eq!(first["agent"], "A1");
    // A1: threshold = 0.15 + 0.5 × 0.20 + 0.95 × 0.10 = 0.345; p = 0.655 × 0.75 = 0.49125.
    assert_eq!(first["threshold"], 0.345);
    assert_eq!(first["p"], 0.491);
}

// ---------------------------------------------------------------- §3 hierarchy

#[test]
fn hierarchy_lazy_drag_growth_ranges_and_promotions() {
    let r = run(&HIERARCHY_DYNAMICS, 5, &[]);
    assert_eq!(
        with_reason(&*r, Reason::LazyDrag).len(),
        12 * 3,
        "the lazy agent drags the other three"
    );
    for g in with_reason(&*r, Reason::Growth) {
        let d = f(&g, "delta");
        let (lo, hi) = match (g["agent"] == "Charlie", g["role"] == "leader") {
            (false, true) => (-0.02, 0.02),
            (false, false) => (0.02, 0.09),
            (true, true) => (-0.01, 0.0),
            (true, false) => (-0.02, 0.01),
        };
        assert!(d >= lo - 1e-4 && d <= hi + 1e-4, "{g}");
    }
    assert_eq!(with_reason(&*r, Reason::AgentState).len(), 12 * 4);
    assert!(
        (0..50)
            .any(|s| !with_reason(&*run(&HIERARCHY_DYNAMICS, s, &[]), Reason::RankChanged)
                .is_empty())
    );
}

#[test]
fn hierarchy_mediator_calms_when_anger_runs_high() {
    let r = run(&HIERARCHY_DYNAMICS, 0, &[("variant", "mediator")]);
    assert_eq!(
        with_reason(&*r, Reason::RoundStart).len(),
        11,
        "the mediator variant runs 11 rounds"
    );
    assert!(with_reason(&*r, Reason::LazyDrag).is_empty());
    let calm = with_reason(&*r, Reason::MediatorIntervention);
    for row in &calm {
        assert!(f(row, "max_anger") >= 0.7);
    }
    let high =
        run(&HIERARCHY_DYNAMICS, 0, &[("variant", "mediator"), ("mediator_threshold", "0.95")]);
    let fewer = with_reason(&*high, Reason::MediatorIntervention);
    assert!(fewer.iter().all(|row| f(row, "max_anger") >= 0.95));
    assert!(fewer.len() <= calm.len());
}

// ---------------------------------------------------------------- §4 reeducation

#[test]
fn reeducation_seals_only_low_motive_agents_and_restores_the_ideal() {
    let mut restored = 0;
    for seed in 0..200 {
        let r = run(&REEDUCATION_DYNAMICS, seed, &[]);
        for s in with_reason(&*r, Reason::LowMotiveRandomSeal) {
            assert!(f(&s, "motive") < 0.3);
            assert_eq!(s["sealed"], true);
        }
        for reason in [Reason::RandomReeducation, Reason::AllyPersuasionReeducation] {
            for row in with_reason(&*r, reason) {
                restored += 1;
                let m = f(&row, "motive");
                assert!((0.5..=0.9).contains(&m), "{m}");
            }
        }
        for row in with_reason(&*r, Reason::AllyPersuasionReeducation) {
            assert!(row["by"].is_string(), "a former ally did it");
        }
        for row in with_reason(&*r, Reason::AgentState) {
            if row["values"] == serde_json::json!([0.9, 0.9, 0.2]) {
                assert!(f(&row, "motive") >= 0.5 || row["is_sealed"] == true);
            }
        }
    }
    assert!(restored > 0);
    let none = run(&REEDUCATION_DYNAMICS, 1, &[("seal_motive", "0")]);
    assert!(with_reason(&*none, Reason::LowMotiveRandomSeal).is_empty());
}

// ---------------------------------------------------------------- §5 all-in-one

#[test]
fn all_in_one_seals_the_risky_agent_and_agrees_by_distance() {
    let r = run(&ALL_IN_ONE_MEDIATION, 0, &[]);
    let sealed = with_reason(&*r, Reason::RiskAboveLimit);
    assert_eq!(sealed.len(), 1);
    assert_eq!(sealed[0]["agent_id"], "AI-HIGH-RISK");
    assert_eq!(sealed[0]["round"], 1);
    for e in with_reason(&*r, Reason::OfferAccepted)
        .iter()
        .chain(&with_reason(&*r, Reason::OfferRejected))
    {
        assert_eq!(e["accepted"], f(e, "distance") <= f(e, "threshold"));
    }
    let skipped = with_reason(&*r, Reason::AgentSkipped);
    assert!(skipped.iter().all(|v| v["agent_id"] == "AI-HIGH-RISK"));
    let all_sealed = run(&ALL_IN_ONE_MEDIATION, 0, &[("seal_risk", "2")]);
    assert_eq!(all_sealed.state(), "FAILED");
    let strict = run(
        &ALL_IN_ONE_MEDIATION,
        0,
        &[("accept_distance", "0"), ("relativity_bonus", "0"), ("gain_max", "0")],
    );
    assert_eq!(strict.state(), "MAX_ROUNDS_REACHED");
    let l2 = run(&ALL_IN_ONE_MEDIATION, 0, &[("distance", "l2")]);
    let first = |r: &dyn ScenarioRun| {
        f(
            &rows(r).into_iter().find(|v| v["event"] == "AGENT_EVALUATION").unwrap_or_default(),
            "distance",
        )
    };
    assert!(first(&*l2) > first(&*r), "L2 is at least the mean absolute difference here");
}

// ---------------------------------------------------------------- §6 governance

#[test]
fn governance_stable_index_matches_sha256() {
    // sha256("gm0c0de1|<round>|<seed>")[..8] big-endian mod 3, computed with Python's hashlib.
    let expected = [(1, 0, 2), (1, 42, 0), (2, 0, 0), (2, 42, 2), (5, 42, 1)];
    for (round, seed, index) in expected {
        assert_eq!(stable_index("gm0c0de1", round, seed, 3), index, "round {round} seed {seed}");
    }
}

#[test]
fn governance_reactions_seals_and_fail_closed() {
    for seed in 0..100 {
        let r = run(&GOVERNANCE_MEDIATION, seed, &[("decider", "defaults")]);
        let all = rows(&*r);
        for row in &all {
            match row["reason_code"].as_str().unwrap_or("") {
                "ANGER_GUARD_TRIGGERED" => {
                    assert!(f(row, "anger") > 0.85);
                    assert_eq!(row["sealed"], true);
                }
                "MAX_ANGER_EXCEEDED" => assert!(f(row, "max_anger") >= 0.70),
                "LOW_CONSENSUS" => assert!(f(row, "consensus") < 0.5),
                _ => {}
            }
        }
        let last = all.last().unwrap_or_else(|| unreachable!());
        assert_eq!(last["reason_code"], "TASK_END");
        assert!(matches!(r.state(), "PASS" | "ESCALATED_TO_HITL"));
    }
    // Every agent different: AI-EFF and AI-SAFE grow angry at OECD's proposal by 0.2 × (1 − r).
    let r = run(&GOVERNANCE_MEDIATION, 0, &[("decider", "defaults"), ("min_consensus", "0")]);
    let snapshot = &with_reason(&*r, Reason::AgentsSnapshot)[0]["agents"];
    let proposer = &with_reason(&*r, Reason::RoundStart)[0]["proposer"];
    for a in snapshot.as_array().into_iter().flatten() {
        if &a["agent"] != proposer && a["governance"] != "OECD" {
            assert!(f(a, "anger") > 0.0 && f(a, "joy") < 0.5);
        }
    }
}

#[test]
fn governance_escalation_waits_for_the_human() {
    let run_of = |choice: &str| {
        let req = request(0, RngKind::ChaCha, &[("min_consensus", "1")], &[choice]);
        let mut r = (GOVERNANCE_MEDIATION.open)(&req).unwrap_or_else(|e| unreachable!("{e}"));
        while r.advance() == maestro_core::face::Advance::Row {}
        r
    };
    let stopped = run_of("escalation:stop");
    assert_eq!(stopped.state(), "ESCALATED_TO_HITL");
    assert!(stopped.end().is_some());
    let go_on = run_of("escalation:continue");
    assert!(reasons(&*go_on).iter().filter(|r| *r == "ROUND_START").count() >= 2);
}

// ---------------------------------------------------------------- §7 PACD

#[test]
fn pacd_phases_stop_pause_and_run() {
    let r = run(&PACD, 0, &[("decider", "defaults"), ("step", "0.1")]);
    let acc = with_reason(&*r, Reason::AccLowMotive);
    assert_eq!(acc[0]["agent"], "Alpha", "motive 0.15 is below 0.2");
    assert_eq!(acc[0]["detail"], "motive=0.15");
    assert_eq!(acc[0]["sealed"], true);
    let pauses: Vec<Value> = rows(&*r).into_iter().filter(|v| v["event"] == "RFL_PAUSE").collect();
    assert!(!pauses.is_empty(), "a small step leaves Beta's gap above 0.20");
    assert!(pauses.iter().all(|v| v["decision"] == "PAUSE_FOR_HITL" && v["overrideable"] == true));
    let demo = run(&PACD, 0, &[("decider", "defaults")]);
    assert!(with_reason(&*demo, Reason::RelBoundaryUnstable).is_empty(), "the demo never pauses");
    assert!(!with_reason(&*r, Reason::HitlWaiting).is_empty(), "no answers: proposals wait");
    let risky = run(&PACD, 0, &[("decider", "defaults"), ("external_api", "custom_unsafe_api")]);
    let stops = with_reason(&*risky, Reason::EthicsHighRisk);
    assert!(
        stops.iter().all(|v| v["detail"].as_str().is_some_and(|d| d.contains("custom_unsafe_api")))
    );
}

#[test]
fn the_reference_constants_are_knobs() {
    // Negotiation: the steering penalty.
    let r = run(&NEGOTIATION_STEERING, 1, &[("decider", "defaults"), ("penalty_steer", "0.5")]);
    let all = rows(&*r);
    let at = all.iter().position(|v| v["reason_code"] == "REL_SYMMETRY_BREAK");
    assert_eq!(all[at.unwrap_or(0) + 1]["delta_trust"], "-0.5000");
    // PACD: a gap threshold of 1 never pauses.
    let calm = run(&PACD, 0, &[("decider", "defaults"), ("step", "0.1"), ("rfl_high_gap", "1")]);
    assert!(with_reason(&*calm, Reason::RelBoundaryUnstable).is_empty());
    // HITL reset: the denial penalty.
    let r = run(&HITL_RESET_BAN, 0, &[("decider", "defaults"), ("penalty_denied", "0.1")]);
    let all = rows(&*r);
    let at = all.iter().position(|v| v["reason_code"] == "TRUST_HITL_DENIED");
    assert_eq!(all[at.unwrap_or(0)]["delta_trust"], "-0.1000");
    // Hierarchy: a fixed member growth.
    let r = run(
        &HIERARCHY_DYNAMICS,
        0,
        &[("growth_member_min", "0.05"), ("growth_member_max", "0.05")],
    );
    for g in with_reason(&*r, Reason::Growth) {
        if g["role"] == "member" && g["agent"] != "Charlie" {
            assert_eq!(f(&g, "delta"), 0.05);
        }
    }
    // Negotiation: the early-agreement gain.
    let r = run(&NEGOTIATION_STEERING, 1, &[("gain_early", "0.2")]);
    let early = with_reason(&*r, Reason::UtilityProvisionalEarlyAgreement);
    // The first provisional row's running sum is the gain.
    assert_eq!(early[0]["pending_delta_utility"], "0.2000");
    // Reeducation: a fixed motive after reeducation.
    let r = run(
        &REEDUCATION_DYNAMICS,
        3,
        &[("restore_motive_min", "0.7"), ("restore_motive_max", "0.7")],
    );
    for row in with_reason(&*r, Reason::RandomReeducation) {
        assert_eq!(f(&row, "motive"), 0.7);
    }
}

#[test]
fn pacd_continue_reruns_ethics_and_stop_stops() {
    let r =
        run_through(&PACD, &request(0, RngKind::ChaCha, &[("step", "0.1")], &["pacd:continue"]));
    let after: Vec<Value> = rows(&*r).into_iter().filter(|v| v["after_hitl"] == true).collect();
    assert!(!after.is_empty(), "CONTINUE re-runs ethics and ACC");
    let mut stop = (PACD.open)(&request(0, RngKind::ChaCha, &[("step", "0.1")], &["pacd:stop"]))
        .unwrap_or_else(|e| unreachable!("{e}"));
    while stop.advance() == maestro_core::face::Advance::Row {}
    assert_eq!(with_reason(&*stop, Reason::HitlStopRequested).len(), 1);
}

// ---------------------------------------------------------------- §8 HITL reset / ban

#[test]
fn hitl_reset_defaults_deny_every_change() {
    for seed in 0..100 {
        let r = run(&HITL_RESET_BAN, seed, &[("decider", "defaults")]);
        assert!(with_reason(&*r, Reason::PatternChanged).is_empty());
        assert_eq!(rows(&*r).last().unwrap_or_default()["pattern"], "A");
        for row in with_reason(&*r, Reason::HitlDeny) {
            assert_eq!(row["final_decider"], "USER");
        }
    }
}

#[test]
fn hitl_reset_allowing_changes_fabrication_seals_and_stalls_ask() {
    let (mut changed, mut sealed, mut stalls, mut bans) = (false, false, false, false);
    for seed in 0..300 {
        let r = run(&HITL_RESET_BAN, seed, &[]);
        changed |= !with_reason(&*r, Reason::PatternChanged).is_empty();
        for s in rows(&*r).iter().filter(|v| v["layer"] == "ethics_gate") {
            sealed = true;
            assert_eq!(s["reason_code"], "EVIDENCE_ASSERTED_EXISTS_WITHOUT_LOCATOR");
            assert_eq!(s["agent"], "A2");
        }
        stalls |= !with_reason(&*r, Reason::StallConsecutiveThreshold).is_empty();
        bans |= !with_reason(&*r, Reason::BanAfterResets).is_empty();
        for row in with_reason(&*r, Reason::RelSymmetryBreak) {
            if row["event"] == "RFL_HITL" {
                assert_eq!(row["to_pattern"], "B");
            }
        }
    }
    assert!(changed && sealed && stalls && bans);
}
