//! Golden traces and contracts of the emergency-contract bench v5.1.2.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    reason = "test helpers: a panic is a failed test"
)]

use maestro_core::chain::{self, ChainKey, read_arl};
use maestro_core::json::{self, Object};
use maestro_core::rng::RngKind;
use maestro_core::scenarios::emergency::batch::{Batch, BatchParams, Incident};
use serde_json::Value;

const INCIDENTS: [&str; 4] = [
    include_str!("golden/reference/arl_fabricate4/INC#000001__SIM#B00001.arl.jsonl"),
    include_str!("golden/reference/arl_fabricate4/INC#000002__SIM#B00002.arl.jsonl"),
    include_str!("golden/reference/arl_fabricate4/INC#000003__SIM#B00003.arl.jsonl"),
    include_str!("golden/reference/arl_fabricate4/INC#000004__SIM#B00004.arl.jsonl"),
];
const RESULT: &str = include_str!("golden/reference/result_fabricate4.json");

/// Fields that depend on the reference's wall clock or random chain id.
const NONDETERMINISTIC: [&str; 8] = [
    "ts",
    "cooldown_until",
    "runtime_ms",
    "prev_hash",
    "row_hash",
    "chain_id",
    "generated_at",
    "created_at",
];

fn strip(mut v: Value) -> Value {
    match &mut v {
        Value::Object(m) => {
            for k in NONDETERMINISTIC {
                m.remove(k);
            }
            for (_, x) in m.iter_mut() {
                *x = strip(x.take());
            }
        }
        Value::Array(a) => {
            for x in a.iter_mut() {
                *x = strip(x.take());
            }
        }
        _ => {}
    }
    v
}

fn batch(p: BatchParams) -> (Value, Vec<Incident>, u64) {
    let mut b = Batch::new(p);
    b.run_all();
    (b.document(), b.take_incidents(), b.next_incident_id())
}

fn fabricate4() -> BatchParams {
    let mut p = BatchParams {
        save_arl_on_abnormal: true,
        arl_out_dir: "arl".into(),
        ..BatchParams::default()
    };
    p.knobs.fabricate = true;
    p.knobs.full_context_n = 5;
    p
}

#[test]
fn the_fabricated_batch_persists_the_reference_incident_bodies() {
    let (_, incidents, next) = batch(fabricate4());
    assert_eq!(incidents.len(), 4);
    assert_eq!(next, 5);
    for (inc, reference) in incidents.iter().zip(INCIDENTS) {
        let ours: Vec<Value> = inc.rows.iter().map(|o| strip(o.to_value())).collect();
        let theirs: Vec<Value> =
            reference.lines().map(|l| strip(serde_json::from_str(l).unwrap())).collect();
        assert_eq!(ours, theirs, "{}", inc.file_name);
        // Our own files verify too.
        let rows = read_arl(inc.jsonl().unwrap().as_bytes()).unwrap();
        assert_eq!(chain::verify(&rows, &ChainKey::demo()), Ok(9));
    }
    assert_eq!(incidents[0].file_name, "INC#000001__SIM#B00001.arl.jsonl");
}

#[test]
fn the_fabricated_batch_result_matches_the_reference_document() {
    let (doc, _, _) = batch(fabricate4());
    let reference: Value = serde_json::from_str(RESULT).unwrap();
    for key in
        ["trust_before", "eval_before", "abnormal_arl_persistence", "trust_after", "eval_after"]
    {
        assert_eq!(strip(doc[key].clone()), strip(reference[key].clone()), "{key}");
    }
    let ours = strip(doc["runs_sample"].clone());
    let theirs = strip(reference["runs_sample"].clone());
    assert_eq!(ours, theirs);
    // The documented deviation: the primary row skips replayed context rows.
    assert_eq!(
        doc["hitl_queue"]["counts"]["by_reason_code_top20"],
        serde_json::json!({"EVIDENCE_FABRICATION": 4})
    );
    assert_eq!(
        reference["hitl_queue"]["counts"]["by_reason_code_top20"],
        serde_json::json!({"COACHING_AUTH_REQUIRED": 4})
    );
    let keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
    let ref_keys: Vec<&String> = reference.as_object().unwrap().keys().collect();
    assert_eq!(keys, ref_keys);
    let mut repro = strip(doc["repro_summary"].clone());
    let mut theirs = strip(reference["repro_summary"].clone());
    for v in [&mut repro, &mut theirs] {
        v["summary"]["by_reason_code_top20"] = Value::Null;
    }
    assert_eq!(repro, theirs);
    let _ = Object::new();
    let _ = json::line;
    let _ = RngKind::ChaCha;
}

// ---------------------------------------------------------------- reference traces

use maestro_core::face::{Advance, HitlView, ScenarioRun};
use maestro_core::scenarios::emergency::knobs::{Choice, IncidentTriggers, Knobs};
use maestro_core::scenarios::emergency::pipeline::RunState;
use maestro_core::scenarios::emergency::run::{EmergencyRun, RunSpec};
use maestro_core::scenarios::emergency::{Layer, Reason};
use maestro_core::vocab::{Code, Decision, FinalDecider};

fn kept(p: BatchParams) -> Value {
    let (doc, _, _) = batch(BatchParams { keep_runs: true, ..p });
    doc
}

fn arl_names(record: &Value) -> Vec<String> {
    record["arl"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {} {}",
                r["layer"].as_str().unwrap(),
                r["decision"].as_str().unwrap(),
                r["reason_code"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn the_default_clean_batch_follows_the_reference_trace() {
    let doc = kept(BatchParams::default());
    let runs = doc["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 4);
    let expected = [(0.93, 2), (0.9600000000000001, 4), (0.9900000000000001, 6), (1.0, 7)];
    for (run, (trust, streak)) in runs.iter().zip(expected) {
        assert_eq!(run["final_state"], "CONTRACT_EFFECTIVE");
        assert_eq!(run["trust_after"]["trust_score"].as_f64(), Some(trust), "{}", run["run_id"]);
        assert_eq!(run["trust_after"]["approval_streak"], streak);
        // The earlier trigger set persists nothing of a successful run.
        assert_eq!(run["arl"], serde_json::json!([]));
    }
    let finals: Vec<f64> =
        runs.iter().map(|r| r["eval"]["final_score"].as_f64().unwrap()).collect();
    assert_eq!(finals, [100.0, 110.0, 120.0, 130.0]);
    let mults: Vec<f64> =
        runs.iter().map(|r| r["eval"]["multiplier_snapshot"].as_f64().unwrap()).collect();
    assert_eq!(mults, [1.0, 1.1, 1.2, 1.3]);
    assert_eq!(
        doc["eval_after"],
        serde_json::json!({"clean_completion_count": 4, "multiplier": 1.4})
    );
    assert_eq!(doc["trust_after"]["compliance_score"], 0.03);
    assert_eq!(doc["trust_after"]["coaching_sessions"], 1);
    assert_eq!(doc["hitl_queue"]["counts"]["queue_size"], 0);
}

#[test]
fn the_extended_trigger_set_persists_manual_authorisations() {
    let mut p = BatchParams::default();
    p.knobs.incident_triggers = IncidentTriggers::Extended;
    let doc = kept(p);
    let runs = doc["runs"].as_array().unwrap();
    let counts: Vec<usize> = runs.iter().map(|r| r["arl"].as_array().unwrap().len()).collect();
    assert_eq!(counts, [10, 10, 10, 0]);
    assert_eq!(
        arl_names(&runs[0]),
        [
            "model_trust_gate PAUSE_FOR_HITL TRUST_SCORE_LOW",
            "acc_gate PAUSE_FOR_HITL TRUST_SCORE_LOW",
            "hitl_auth RUN AUTH_APPROVE",
            "trust_update RUN TRUST_UPDATE",
            "doc_draft RUN DRAFT_GENERATED",
            "draft_lint_gate RUN DRAFT_LINT_OK",
            "acc_gate PAUSE_FOR_HITL ADMIN_FINALIZE_REQUIRED",
            "hitl_finalize_admin RUN FINALIZE_APPROVE",
            "trust_update RUN TRUST_UPDATE",
            "contract_effect RUN CONTRACT_EFFECTIVE",
        ]
    );
    let first = &runs[0]["arl"][0];
    assert_eq!(first["prev_hash"], "0".repeat(64));
}

#[test]
fn the_fabricated_batch_follows_the_reference_trace() {
    for (set, rows) in [(IncidentTriggers::Earlier, 4), (IncidentTriggers::Extended, 5)] {
        let mut p = BatchParams::default();
        p.knobs.fabricate = true;
        p.knobs.incident_triggers = set;
        let doc = kept(p);
        let runs = doc["runs"].as_array().unwrap();
        let trust: Vec<f64> =
            runs.iter().map(|r| r["trust_after"]["trust_score"].as_f64().unwrap()).collect();
        assert_eq!(trust, [0.87, 0.84, 0.8099999999999999, 0.7799999999999999]);
        for run in runs {
            assert_eq!(run["final_state"], "STOPPED");
            assert_eq!(run["sealed"], true);
            assert_eq!(run["arl"].as_array().unwrap().len(), rows, "{set:?}");
        }
        assert_eq!(doc["trust_after"]["approval_streak"], 0);
        assert_eq!(doc["trust_after"]["compliance_score"], 0.12);
        assert_eq!(doc["trust_after"]["coaching_sessions"], 4);
        assert_eq!(
            doc["eval_after"],
            serde_json::json!({"clean_completion_count": 0, "multiplier": 1.0})
        );
        assert_eq!(doc["hitl_queue"]["counts"]["queue_size"], 4);
        assert_eq!(
            doc["hitl_queue"]["counts"]["by_reason_code_top20"],
            serde_json::json!({"EVIDENCE_FABRICATION": 4})
        );
    }
}

fn mixed(runs: u64, rate: f64, seed: u64) -> BatchParams {
    let mut p =
        BatchParams { runs, seed: Some(seed), rng: RngKind::CpythonMt, ..BatchParams::default() };
    p.knobs.fabricate_rate = Some(rate);
    p
}

#[test]
fn the_mixed_batch_reproduces_the_reference_figure() {
    let (doc, _, _) = batch(mixed(100, 0.10, 42));
    let summary = &doc["repro_summary"]["summary"];
    assert_eq!(summary["by_state"], serde_json::json!({"CONTRACT_EFFECTIVE": 87, "STOPPED": 13}));
    assert_eq!(summary["by_reason_code_top20"], serde_json::json!({"EVIDENCE_FABRICATION": 13}));
    for item in doc["hitl_queue"]["items"].as_array().unwrap() {
        assert_eq!(item["sealed"], true);
        assert_eq!(item["primary_layer"], "ethics_gate");
    }
    assert_eq!(doc["repro_summary"]["runs_requested"], 100);
    assert_eq!(doc["repro_summary"]["seed"], 42);
    assert_eq!(doc["repro_summary"]["fabricate_rate"], 0.1);
    assert_eq!(doc["meta"]["version"], "5.1.2");
}

// ---------------------------------------------------------------- reference contracts

#[test]
fn a_thousand_clean_runs_all_take_effect_with_the_multiplier_capped() {
    let p =
        BatchParams { runs: 1000, queue_max_items: 0, sample_runs: 0, ..BatchParams::default() };
    let (doc, incidents, _) = batch(p);
    let s = &doc["repro_summary"]["summary"];
    assert_eq!(s["total_runs"], 1000);
    assert_eq!(s["by_state"], serde_json::json!({"CONTRACT_EFFECTIVE": 1000}));
    assert_eq!(s["queue_size"], 0);
    assert_eq!(
        (s["abnormal_total"].clone(), s["saved"].clone(), s["skipped_by_cap"].clone()),
        (0.into(), 0.into(), 0.into())
    );
    assert_eq!(
        doc["eval_after"],
        serde_json::json!({"clean_completion_count": 1000, "multiplier": 2.0})
    );
    let t = doc["trust_after"]["trust_score"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&t));
    assert!(incidents.is_empty());
    assert_eq!(doc["runs_sample"], serde_json::json!([]));
}

#[test]
fn the_same_seed_gives_the_same_document_incidents_and_bytes() {
    let save =
        |p: BatchParams| BatchParams { save_arl_on_abnormal: true, arl_out_dir: "arl".into(), ..p };
    let (a, ia, _) = batch(save(mixed(500, 0.10, 42)));
    let (b, ib, _) = batch(save(mixed(500, 0.10, 42)));
    assert_eq!(a, b);
    assert_eq!(ia, ib);
    assert!(a["repro_summary"]["summary"]["abnormal_total"].as_u64().unwrap() > 0);
    let (c, _, _) = batch(save(mixed(500, 0.10, 43)));
    assert_ne!(a["hitl_queue"], c["hitl_queue"]);
}

#[test]
fn incident_persistence_respects_the_cap_and_the_counter() {
    let mut p = mixed(200, 0.20, 7);
    p.save_arl_on_abnormal = true;
    p.arl_out_dir = "out/arl".into();
    p.max_arl_files = 30;
    p.knobs.full_context_n = 5;
    p.first_incident_id = 12;
    let (doc, incidents, next) = batch(p);
    let pers = &doc["abnormal_arl_persistence"];
    let abnormal = pers["abnormal_total"].as_u64().unwrap();
    assert!(abnormal > 0);
    assert_eq!(pers["saved"].as_u64().unwrap(), abnormal.min(30));
    assert_eq!(pers["skipped_by_cap"].as_u64().unwrap(), abnormal.saturating_sub(30));
    assert_eq!(incidents.len() as u64, abnormal.min(30));
    assert_eq!(next, 12 + incidents.len() as u64);
    let mut ids: Vec<&str> = incidents.iter().map(|i| i.incident_id.as_str()).collect();
    assert_eq!(ids.first(), Some(&"INC#000012"));
    ids.dedup();
    assert_eq!(ids.len(), incidents.len());
    for inc in &incidents {
        assert_eq!(
            inc.index.get("arl_path").and_then(Value::as_str),
            Some(format!("out/arl/{}", inc.file_name).as_str())
        );
        let rows = read_arl(inc.jsonl().unwrap().as_bytes()).unwrap();
        assert!(chain::verify(&rows, &ChainKey::demo()).is_ok(), "{}", inc.file_name);
        assert_eq!(
            inc.index.get("primary_reason_code").and_then(Value::as_str),
            Some("EVIDENCE_FABRICATION")
        );
    }
}

#[test]
fn persisted_rows_keep_the_invariants_under_load() {
    let mut p = mixed(200, 0.15, 99);
    p.keep_runs = true;
    p.queue_max_items = 50;
    p.knobs.stress = true;
    p.knobs.full_context_n = 3;
    let doc = kept(p);
    let runs = doc["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 200);
    let mut rows = 0;
    for run in runs {
        for row in run["arl"].as_array().unwrap() {
            rows += 1;
            let sealed = row["sealed"] == true;
            if row["decision"] == "PAUSE_FOR_HITL" {
                assert!(!sealed);
            }
            if sealed {
                assert!(row["layer"] == "ethics_gate" || row["layer"] == "acc_gate", "{row}");
                assert_eq!(row["overrideable"], false);
            }
            if row["layer"] == "relativity_gate" {
                assert!(!sealed);
            }
            assert!(Reason::parse(row["reason_code"].as_str().unwrap()).is_some());
        }
    }
    assert!(rows > 0);
    assert_eq!(
        doc["hitl_queue"]["items"].as_array().unwrap().len().min(50),
        doc["hitl_queue"]["counts"]["items_kept"].as_u64().unwrap() as usize
    );
}

#[test]
fn stress_mutations_reach_the_fail_closed_outcomes() {
    let mut p = mixed(2000, 0.0, 42);
    p.knobs.fabricate_rate = None;
    p.knobs.stress = true;
    let (doc, _, _) = batch(p);
    let reasons = doc["hitl_queue"]["counts"]["by_reason_code_top20"].as_object().unwrap();
    for reason in [
        "EVIDENCE_MISSING",
        "EVIDENCE_SCHEMA_INVALID",
        "EVIDENCE_FABRICATION",
        "CRIT_MISSING_REQUIRED_KEYS",
        "AUTH_EXPIRED",
        "SAFETY_LEGAL_BINDING_CLAIM",
        "DRAFT_OUT_OF_SCOPE",
    ] {
        assert!(reasons.contains_key(reason), "{reason} missing from {reasons:?}");
    }
    // The v4.4 discrimination sentence ("discriminatory") is not a lint word: never a stop.
    assert!(!reasons.contains_key("SAFETY_DISCRIMINATION_TERM"));
    let states = doc["hitl_queue"]["counts"]["by_state"].as_object().unwrap();
    assert!(
        states.contains_key("PAUSE_FOR_HITL_EVIDENCE")
            && states.contains_key("PAUSE_FOR_HITL_AUTH")
    );
}

// ---------------------------------------------------------------- interactive runs

fn spec(knobs: &[(&str, &str)], choices: &[Choice]) -> RunSpec {
    let mut s = RunSpec::new(7);
    for (k, v) in knobs {
        s.knobs.set(k, v).unwrap();
    }
    s.choices = choices.to_vec();
    s
}

fn ended(spec: RunSpec) -> EmergencyRun {
    EmergencyRun::new(spec).run_to_end()
}

fn trace(run: &EmergencyRun) -> Vec<String> {
    run.rows().iter().map(maestro_core::scenarios::emergency::run::describe).collect()
}

/// Advances to the next decision (the rows before it shown), or `None` at the end.
fn next_decision(run: &mut EmergencyRun) -> Option<HitlView> {
    loop {
        match run.advance() {
            Advance::Row => {}
            Advance::Hitl => return run.pending(),
            Advance::Ended => return None,
        }
    }
}

#[test]
fn a_run_advances_one_row_at_a_time_and_waits_at_each_decision() {
    let mut run = EmergencyRun::new(spec(&[], &[]));
    let mut rows = 0;
    while run.advance() == Advance::Row {
        rows += 1;
    }
    assert_eq!(rows, 4, "meaning, consistency, relativity, coaching pause");
    let request = run.pending().expect("it waits for a decision");
    assert_eq!(request.decider, FinalDecider::Admin);
    assert_eq!((request.layer, request.reason), ("hitl_coaching_auth", "COACHING_AUTH_REQUIRED"));
    let tokens: Vec<&str> = request.options.iter().map(|o| o.token).collect();
    assert_eq!(tokens, [Choice::CoachingApprove.token(), Choice::CoachingDeny.token()]);
    let labels: Vec<&str> = request.options.iter().map(|o| o.label).collect();
    assert_eq!(labels, ["COACHING_APPROVE", "COACHING_DENY"]);
    // It waits: advancing again asks again.
    assert_eq!(run.advance(), Advance::Hitl);
    run.resolve("coaching:approve").unwrap();
    let req = next_decision(&mut run).unwrap();
    assert_eq!(
        (req.decider, req.layer, req.reason),
        (FinalDecider::User, Layer::AccGate.as_str(), Reason::TrustScoreLow.as_str())
    );
    assert_eq!(run.bench().run_state(), RunState::PauseForHitlAuth);
    assert_eq!(run.spec().choices, [Choice::CoachingApprove]);
}

#[test]
fn a_resolution_waits_until_every_row_was_shown() {
    let mut run = EmergencyRun::new(spec(&[], &[]));
    assert_eq!(
        run.resolve("coaching:approve").map_err(|e| e.said()),
        Err(maestro_core::say::Said::new(
            "the run has rows to show before its next decision",
            "次の判断の前に、まだ表示する行があります"
        ))
    );
}

#[test]
fn each_option_has_the_reference_effect() {
    let case = |choices: &[Choice]| {
        let run = ended(spec(&[("initial_trust", "0.95")], choices));
        let end = run.bench().end().unwrap().clone();
        (end.state, end.sealed, end.reason, run.rows().iter().rev().nth(2).map(|e| e.decider()))
    };
    use Choice::*;
    assert_eq!(case(&[AuthApprove, FinalizeApprove]).0, RunState::ContractEffective);
    assert_eq!(
        case(&[AuthReject]),
        (RunState::Stopped, false, Reason::AuthReject, Some(FinalDecider::User))
    );
    assert_eq!(
        case(&[AuthRevise]),
        (RunState::PauseForHitlAuth, false, Reason::AuthRevise, Some(FinalDecider::User))
    );
    assert_eq!(
        case(&[AuthApprove, FinalizeStop]),
        (RunState::Stopped, false, Reason::FinalizeStop, Some(FinalDecider::Admin))
    );
    assert_eq!(
        case(&[AuthApprove, FinalizeRevise]),
        (RunState::PauseForHitlFinalize, false, Reason::FinalizeRevise, Some(FinalDecider::Admin))
    );
    // A choice that does not answer the pending request is an invalid event: sealed.
    let (state, sealed, reason, _) = case(&[FinalizeApprove]);
    assert_eq!((state, sealed, reason), (RunState::Stopped, true, Reason::InvalidEvent));
    // The same answer given live is the same invalid event, recorded as a decision.
    let mut live = EmergencyRun::new(spec(&[("initial_trust", "0.95")], &[]));
    assert_eq!(next_decision(&mut live).map(|p| p.layer), Some("acc_gate"));
    assert_eq!(live.resolve("finalize:approve"), Ok(()));
    assert_eq!(next_decision(&mut live), None);
    let end = live.end().unwrap();
    assert_eq!((end.state, end.sealed, end.reason), ("STOPPED", true, "INVALID_EVENT"));
    assert_eq!(live.decisions()[0].token, "finalize:approve");
    // An expired request seals whatever the USER answers.
    let run = ended(spec(&[("initial_trust", "0.95"), ("auth_request", "expired")], &[AuthReject]));
    let end = run.bench().end().unwrap();
    assert_eq!((end.state, end.sealed, end.reason), (RunState::Stopped, true, Reason::AuthExpired));
}

#[test]
fn no_choice_can_undo_a_sealed_stop() {
    let mut run = ended(spec(&[("fabricate", "true")], &[Choice::CoachingApprove]));
    assert!(run.sealed());
    let verdict = run.end().unwrap();
    for choice in Choice::ALL {
        let before = run.rows().len();
        assert_eq!(run.resolve(choice.token()), Ok(()));
        let last = run.rows().last().unwrap();
        assert_eq!(run.rows().len(), before + 1);
        assert_eq!(
            (last.layer(), last.decision(), last.reason()),
            (Layer::AccGate, Decision::Stopped, Reason::NonOverridableSafety)
        );
        assert!(last.seal().sealed());
        assert!(run.sealed());
        assert_eq!(run.bench().run_state(), RunState::Stopped);
        // The end still names the row that decided the run, not the refusal.
        assert_eq!(run.end(), Some(verdict));
        while run.advance() == Advance::Row {}
    }
    // A token that is no choice at all is refused, and writes nothing.
    let before = run.rows().len();
    assert!(run.resolve("auth:maybe").is_err());
    assert_eq!(run.rows().len(), before);
    // An unsealed end has nothing to continue.
    let mut run = ended(spec(&[("initial_trust", "0.95")], &[Choice::AuthReject]));
    assert_eq!(
        run.resolve("auth:approve").map_err(|e| e.said()),
        Err(maestro_core::say::Said::new(
            "the run has ended; there is nothing to decide",
            "実行は終わっています。決めることはありません"
        ))
    );
}

#[test]
fn a_run_specification_reproduces_the_identical_log() {
    let mut live = EmergencyRun::new(spec(&[("fabricate_rate", "0.5"), ("stress", "true")], &[]));
    while let Some(req) = next_decision(&mut live) {
        live.resolve(req.options.last().unwrap().token).unwrap();
    }
    let replay = ended(live.spec());
    assert_eq!(live.to_jsonl().unwrap(), replay.to_jsonl().unwrap());
    assert_eq!(trace(&live), trace(&replay));
    let text = live.to_jsonl().unwrap();
    let file = chain::read_arl_file(text.as_bytes()).unwrap();
    assert_eq!(chain::verify(&file.rows, &ChainKey::demo()), Ok(live.rows().len()));
    assert_eq!(file.check_digest(text.as_bytes()), Ok(()));
    assert_eq!(file.header.unwrap().get("scenario"), Some(&Value::from("emergency-contract")));
}

/// One configuration per reachable reason code of the v5.1.2 vocabulary.
/// A reason code, the knobs and the HITL script of a run that emits it.
type Reach = (Reason, Vec<(&'static str, &'static str)>, Vec<Choice>);

fn reachability() -> Vec<Reach> {
    use Choice as C;
    use Reason::*;
    let high = vec![("initial_trust", "0.99"), ("initial_streak", "2")];
    vec![
        (Ok, vec![], vec![]),
        (EvidenceOk, vec![], vec![]),
        (EvidenceMissing, vec![("evidence", "missing")], vec![]),
        (EvidenceSchemaInvalid, vec![("evidence", "schema_invalid")], vec![]),
        (EvidenceFabrication, vec![("evidence", "fabricated")], vec![]),
        (TrustScoreLow, vec![("initial_trust", "0.95")], vec![]),
        (TrustCooldownActive, vec![("cooldown", "true"), ("initial_trust", "0.95")], vec![]),
        (AutoAuthByTrustAndGrant, high.clone(), vec![]),
        (NoValidGrant, vec![("grant", "none"), ("initial_trust", "0.95")], vec![]),
        (AuthApprove, vec![("initial_trust", "0.95")], vec![C::AuthApprove]),
        (AuthReject, vec![("initial_trust", "0.95")], vec![C::AuthReject]),
        (AuthRevise, vec![("initial_trust", "0.95")], vec![C::AuthRevise]),
        (
            AuthExpired,
            vec![("initial_trust", "0.95"), ("auth_request", "expired")],
            vec![C::AuthApprove],
        ),
        (InvalidEvent, vec![("initial_trust", "0.95")], vec![C::FinalizeApprove]),
        (CritMissingRequiredKeys, vec![("auth_request", "crit_missing")], vec![]),
        (SafetyLegalBindingClaim, vec![("draft", "legal_binding")], vec![]),
        (SafetyDiscriminationTerm, vec![("draft", "discrimination")], vec![]),
        (DraftGenerated, vec![], vec![]),
        (DraftLintOk, vec![], vec![]),
        (DraftOutOfScope, vec![("draft", "out_of_scope")], vec![]),
        (FinalizeApprove, high.clone(), vec![C::FinalizeApprove]),
        (FinalizeRevise, high.clone(), vec![C::FinalizeRevise]),
        (FinalizeStop, high.clone(), vec![C::FinalizeStop]),
        (ContractEffective, high.clone(), vec![]),
        (
            NonOverridableSafety,
            vec![("fabricate", "true")],
            vec![C::CoachingApprove, C::AuthApprove],
        ),
        (RewardGranted, high.clone(), vec![]),
        (RewardSkipped, vec![("fabricate", "true")], vec![]),
        (EvalScored, vec![], vec![]),
        (TrustUpdate, vec![], vec![]),
        (AdminFinalizeRequired, vec![], vec![]),
        (CoachingAuthRequired, vec![], vec![]),
        (CoachingApprove, vec![], vec![C::CoachingApprove]),
        (CoachingDeny, vec![], vec![C::CoachingDeny]),
        (CoachingCheckPassed, vec![], vec![]),
        (CoachingSkipped, vec![("coaching_sessions", "50")], vec![]),
    ]
}

#[test]
fn every_reason_code_with_a_code_path_is_reachable() {
    let mut reached = std::collections::BTreeSet::new();
    for (reason, knobs, choices) in reachability() {
        let run = ended(spec(&knobs, &choices));
        let emitted: Vec<Reason> = run.rows().iter().map(|e| e.reason()).collect();
        assert!(
            emitted.contains(&reason),
            "{reason}: {knobs:?} {choices:?} gave {:#?}",
            trace(&run)
        );
        reached.extend(emitted);
    }
    let unreachable: Vec<&str> =
        Reason::ALL.iter().filter(|r| !reached.contains(r)).map(|r| r.as_str()).collect();
    // Vocabulary only in v5.1.2: no gate of the bench emits these.
    assert_eq!(
        unreachable,
        ["REL_BOUNDARY_UNSTABLE", "REL_REF_MISSING", "CONSISTENCY_BREAK", "DRAFT_ILLEGAL_BINDING"]
    );
}

#[test]
fn knobs_are_validated_with_clear_messages() {
    let mut k = Knobs::default();
    let msg = |r: Result<(), maestro_core::scenarios::emergency::knobs::KnobError>| {
        r.unwrap_err().to_string()
    };
    assert_eq!(msg(k.set("fabricate_rate", "1.5")), "knob `fabricate_rate`: 1.5 is outside [0, 1]");
    assert_eq!(msg(k.set("initial_trust", "high")), "knob `initial_trust`: `high` is not a number");
    assert!(
        msg(k.set("evidence", "forged"))
            .starts_with("knob `evidence`: `forged` is not one of `ok`, `missing`")
    );
    assert!(
        msg(k.set("volume", "11")).starts_with("knob `volume`: unknown knob (known: fabricate, ")
    );
    assert_eq!(
        msg(k.set("coaching_sessions", "51")),
        "knob `coaching_sessions`: 51 is outside [0, 50]"
    );
    assert_eq!(k, Knobs::default(), "a refused value changes nothing");
    // Every knob's text round-trips.
    let mut custom = Knobs::default();
    for (name, value) in [
        ("fabricate_rate", "0.25"),
        ("draft", "legal_binding"),
        ("grant", "expired"),
        ("stress", "true"),
    ] {
        custom.set(name, value).unwrap();
    }
    let mut back = Knobs::default();
    for (name, value) in custom.to_pairs() {
        back.set(name, &value).unwrap();
    }
    assert_eq!(back, custom);
}

#[test]
fn rows_stay_small() {
    // Batches emit millions of rows: keep them cheap to move.
    let size = std::mem::size_of::<maestro_core::scenarios::emergency::pipeline::Emitted>();
    assert!(size <= 136, "an emitted row takes {size} bytes");
}

// ---------------------------------------------------------------- the scenario-agnostic face

#[test]
fn the_registry_opens_runs_and_batches_without_scenario_types() {
    use maestro_core::face::{Advance, RunRequest};
    let info = maestro_core::scenario::find("emergency-contract").unwrap();
    let req = RunRequest {
        seed: 7,
        knobs: vec![("initial_trust".into(), "0.95".into())],
        choices: vec!["auth:approve".into(), "finalize:stop".into()],
        ..RunRequest::default()
    };
    let mut run = (info.open)(&req).unwrap();
    loop {
        match run.advance() {
            Advance::Row => {}
            Advance::Hitl => {
                let first = run.pending().unwrap().options[0].token;
                run.resolve(first).unwrap();
            }
            Advance::Ended => break,
        }
    }
    let end = run.end().unwrap();
    assert_eq!((end.state, end.sealed, end.reason), ("STOPPED", false, "FINALIZE_STOP"));
    // The same run through the family's own types gives the same bytes.
    let mut spec = RunSpec::new(7);
    spec.knobs.set("initial_trust", "0.95").unwrap();
    spec.choices = vec![Choice::AuthApprove, Choice::FinalizeStop];
    assert_eq!(run.to_jsonl().unwrap(), ended(spec).to_jsonl().unwrap());
    assert_eq!(run.request(), req);
    // Refusals name the knob, or say what is wrong with a choice.
    let bad = |knobs: Vec<(String, String)>, choices: Vec<String>| {
        (info.open)(&RunRequest { knobs, choices, ..RunRequest::default() }).err().unwrap()
    };
    let e = bad(vec![("initial_trust".into(), "7".into())], vec![]);
    assert_eq!(
        (e.knob.as_deref(), e.message.en.as_str()),
        (Some("initial_trust"), "7 is outside [0, 1]")
    );
    assert!(
        bad(vec![], vec!["auth:maybe".into()])
            .message
            .en
            .starts_with("unknown choice `auth:maybe`")
    );
    // A batch through the face.
    let mut batch = (maestro_core::scenario::batch(info.id).unwrap().open)(
        &RunRequest {
            seed: 42,
            knobs: vec![("fabricate_rate".into(), "0.1".into())],
            ..RunRequest::default()
        },
        1000,
        5,
    )
    .unwrap();
    while batch.step(300) {}
    assert_eq!(batch.progress(), (1000, 1000));
    assert_eq!(batch.take_incidents().len(), 5);
    assert!((0.0..=1.0).contains(&batch.metric()));
    assert_eq!(batch.document()["repro_summary"]["summary"]["total_runs"], 1000);
}
