//! Golden tests of the core's audit model, run natively and in headless Chromium (wasm32).
//!
//! Every expected value comes from a file next to this test: the reference bench's own
//! codebook and incident files (`golden/reference/`), and draws, float reprs and JSON
//! layouts recorded from CPython (`golden/cpython.json`, made by
//! `scripts/gen_cpython_vectors.py`), plus the ChaCha draws pinned in `golden/chacha.json`.
//! Running the same file on both targets shows the wasm build computes what the native one does.
#![allow(clippy::unreachable, reason = "tests: an arm that cannot be reached is a failed test")]

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use maestro_core::arl::{Row, RowError, RowSpec, Seal};
use maestro_core::chain::{self, BreakKind, ChainKey, ChainWriter, read_arl};
use maestro_core::clock::{SimClock, SimDuration, SimTime};
use maestro_core::json::{self, Object};
use maestro_core::rng::{RngKind, SimRng};
use maestro_core::scenarios::emergency::codebook::{self, PackError, PackedHeader};
use maestro_core::scenarios::emergency::pipeline::Extra;
use maestro_core::scenarios::emergency::{Emergency, Layer, Reason};
use maestro_core::vocab::{Code, Decision, FinalDecider};
use serde_json::Value;

const REFERENCE_CODEBOOK: &str = include_str!("golden/reference/log_codebook_v5_1_demo_1.json");
const CPYTHON: &str = include_str!("golden/cpython.json");
const CHACHA: &str = include_str!("golden/chacha.json");
const INCIDENTS: [(&str, &[u8]); 4] = [
    (
        "INC#000001",
        include_bytes!("golden/reference/arl_fabricate4/INC#000001__SIM#B00001.arl.jsonl"),
    ),
    (
        "INC#000002",
        include_bytes!("golden/reference/arl_fabricate4/INC#000002__SIM#B00002.arl.jsonl"),
    ),
    (
        "INC#000003",
        include_bytes!("golden/reference/arl_fabricate4/INC#000003__SIM#B00003.arl.jsonl"),
    ),
    (
        "INC#000004",
        include_bytes!("golden/reference/arl_fabricate4/INC#000004__SIM#B00004.arl.jsonl"),
    ),
];

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

// ---------------------------------------------------------------- codebook

#[test]
fn codebook_document_equals_the_reference_file() {
    let reference = parse(REFERENCE_CODEBOOK);
    assert!(reference.is_object());
    assert_eq!(codebook::document(), reference);
}

#[test]
fn codebook_maps_are_exact_inverses_and_match_the_vocabulary() {
    let doc = codebook::document();
    for (name, pairs) in codebook::entries() {
        let fwd = &doc["maps"][format!("{name}_to_id")];
        let rev = &doc["reverse_maps"][format!("id_to_{name}")];
        assert_eq!(fwd.as_object().map(|m| m.len()), Some(pairs.len()), "{name}");
        assert_eq!(rev.as_object().map(|m| m.len()), Some(pairs.len()), "{name}");
        for (text, id) in pairs {
            assert_eq!(fwd[text], Value::from(id), "{name} {text}");
            assert_eq!(rev[id.to_string()], Value::from(text), "{name} {id}");
        }
    }
    assert_eq!(Layer::ALL.len(), 18);
    assert_eq!(Reason::ALL.len(), 39);
    assert!(doc["reverse_maps"]["id_to_layer"].get("0").is_none(), "layer id 0 is reserved");
}

#[test]
fn vocabulary_strings_round_trip() {
    fn check<C: Code>() {
        for c in C::ALL {
            assert_eq!(C::parse(c.as_str()), Some(*c));
        }
        assert_eq!(C::parse("no_such_value"), None);
    }
    check::<Layer>();
    check::<Reason>();
    check::<Decision>();
    check::<FinalDecider>();
    assert_eq!(Reason::NonOverridableSafety.codebook_id(), 26);
    assert_eq!(Reason::NoValidGrant.codebook_id(), 27);
}

#[test]
fn pack_worked_example() {
    let header = PackedHeader {
        layer: Layer::RelativityGate,
        decision: Decision::PauseForHitl,
        seal: Seal::Overrideable,
        decider: FinalDecider::System,
        reason: Reason::RelBoundaryUnstable,
    };
    assert_eq!(header.pack(), Ok(279_837));
    assert_eq!(header.pack(), Ok(0x4451D));
    assert_eq!(PackedHeader::unpack(279_837), Ok(header));
}

#[test]
fn pack_round_trips_every_combination() {
    let mut count = 0;
    for &layer in Layer::ALL {
        for decision in [Decision::Run, Decision::PauseForHitl, Decision::Stopped] {
            for seal in [Seal::Fixed, Seal::Overrideable, Seal::Sealed] {
                for &decider in FinalDecider::ALL {
                    for &reason in Reason::ALL {
                        let h = PackedHeader { layer, decision, seal, decider, reason };
                        let packed = h.pack();
                        assert!(matches!(packed, Ok(p) if p <= codebook::MAX_PACKED));
                        assert_eq!(packed.and_then(PackedHeader::unpack), Ok(h));
                        count += 1;
                    }
                }
            }
        }
    }
    assert_eq!(count, 18 * 3 * 3 * 3 * 39);
}

#[test]
fn unpack_rejects_what_the_codebook_does_not_define() {
    assert_eq!(PackedHeader::unpack(0x10_0000), Err(PackError::OutOfRange(0x10_0000)));
    // The worked example with the sealed bit set as well: sealed stops are never overrideable.
    assert_eq!(
        PackedHeader::unpack(279_837 | 1 << 11),
        Err(PackError::SealedAndOverrideable(279_837 | 1 << 11))
    );
    assert_eq!(
        PackedHeader::unpack(279_837 & !(0x3F << 14)),
        Err(PackError::UnknownId { field: "layer_id", id: 0 })
    );
    assert_eq!(
        PackedHeader::unpack((17 << 14) | (3 << 12) | (1 << 8)),
        Err(PackError::UnknownId { field: "decision_id", id: 3 })
    );
    assert_eq!(
        PackedHeader::unpack((17 << 14) | (1 << 8) | 39),
        Err(PackError::UnknownId { field: "reason_code_id", id: 39 })
    );
    let pass = PackedHeader {
        layer: Layer::AccGate,
        decision: Decision::Pass,
        seal: Seal::Fixed,
        decider: FinalDecider::System,
        reason: Reason::Ok,
    };
    assert_eq!(pass.pack(), Err(PackError::DecisionNotInCodebook(Decision::Pass)));
}

// ---------------------------------------------------------------- rows

fn spec(layer: Layer, decision: Decision, seal: Seal, reason: Reason) -> RowSpec<Emergency> {
    RowSpec {
        ts: SimTime::DEFAULT_START,
        run_id: "SIM#B00001".into(),
        layer,
        decision,
        seal,
        decider: FinalDecider::System,
        reason,
        extras: Extra::None,
    }
}

#[test]
fn row_invariants_are_enforced_at_emission() {
    use Decision::*;
    let ok = Row::new(spec(Layer::EthicsGate, Stopped, Seal::Sealed, Reason::EvidenceFabrication));
    assert!(ok.is_ok());
    assert!(Row::new(spec(Layer::AccGate, Stopped, Seal::Sealed, Reason::AuthExpired)).is_ok());
    assert_eq!(
        Row::new(spec(Layer::EvidenceGate, Stopped, Seal::Sealed, Reason::EvidenceSchemaInvalid)),
        Err(RowError::SealedOutsideSealingLayer { layer: "evidence_gate" })
    );
    assert_eq!(
        Row::new(spec(Layer::RelativityGate, Stopped, Seal::Sealed, Reason::RelBoundaryUnstable)),
        Err(RowError::SealedRelativity)
    );
    assert_eq!(
        Row::new(spec(Layer::AccGate, PauseForHitl, Seal::Sealed, Reason::TrustScoreLow)),
        Err(RowError::SealedNotStopped { decision: PauseForHitl })
    );
    // Sealed-and-overrideable cannot even be expressed.
    assert_eq!(Seal::from_flags(true, true), None);
    assert_eq!(Seal::from_flags(true, false), Some(Seal::Sealed));
    // Every layer but ethics and acc refuses a seal.
    for &layer in Layer::ALL {
        let sealed = Row::new(spec(layer, Stopped, Seal::Sealed, Reason::Ok));
        assert_eq!(sealed.is_ok(), matches!(layer, Layer::EthicsGate | Layer::AccGate), "{layer}");
    }
}

#[test]
fn rows_serialise_in_the_reference_field_order() {
    let mut s = spec(
        Layer::HitlCoachingAuth,
        Decision::PauseForHitl,
        Seal::Overrideable,
        Reason::CoachingAuthRequired,
    );
    s.extras = Extra::CoachingAsked { trust_score: 0.9, compliance_score: 0.0 };
    let row = Row::new(s).map(|r| r.to_object(maestro_core::vocab::LogLevel::Full));
    let line = row.as_ref().map(json::line);
    assert_eq!(
        line,
        Ok(Ok(r#"{"ts": "2026-04-22T10:15:30+09:00", "run_id": "SIM#B00001", "layer": "hitl_coaching_auth", "decision": "PAUSE_FOR_HITL", "sealed": false, "overrideable": true, "final_decider": "SYSTEM", "reason_code": "COACHING_AUTH_REQUIRED", "log_level": "FULL", "trust_score": 0.9, "compliance_score": 0.0}"#.to_string()))
    );
}

// ---------------------------------------------------------------- JSON

#[test]
fn floats_are_written_as_cpython_repr() {
    let golden = parse(CPYTHON);
    let cases = golden["float_repr"].as_array().cloned().unwrap_or_default();
    assert!(cases.len() > 10);
    for case in cases {
        let x = case[0].as_f64().unwrap_or(f64::NAN);
        let mut out = String::new();
        assert!(json::py_float(&mut out, x).is_ok());
        assert_eq!(out, case[1].as_str().unwrap_or("?"), "repr({x:e})");
    }
    let mut out = String::new();
    assert!(json::py_float(&mut out, f64::NAN).is_err());
}

#[test]
fn rounding_matches_cpython_round() {
    let golden = parse(CPYTHON);
    let cases = golden["round"].as_array().cloned().unwrap_or_default();
    assert!(cases.len() > 10);
    for case in cases {
        let x = case[0].as_f64().unwrap_or(f64::NAN);
        let n = case[1].as_u64().unwrap_or(0) as usize;
        assert_eq!(json::py_round(x, n), case[2].as_f64().unwrap_or(f64::NAN), "round({x}, {n})");
    }
}

#[test]
fn canonical_and_line_layouts_match_cpython_json() {
    let golden = parse(CPYTHON);
    let cases = golden["json"].as_array().cloned().unwrap_or_default();
    assert_eq!(cases.len(), 3);
    for case in cases {
        let text = serde_json::to_string(&case["object"]).unwrap_or_default();
        let obj: Object = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(json::canonical(&obj).ok().as_deref(), case["canonical"].as_str());
        assert_eq!(
            json::canonical_value(&case["object"]).ok().as_deref(),
            case["canonical"].as_str()
        );
        // The golden object was read with sorted keys; write the line from the file's order.
        let ordered = ordered_object(CPYTHON, &case["line"]);
        assert_eq!(json::line(&ordered).ok().as_deref(), case["line"].as_str());
    }
}

/// The object of a golden `line` string, keys in their written order.
fn ordered_object(_: &str, line: &Value) -> Object {
    serde_json::from_str(line.as_str().unwrap_or("{}")).unwrap_or_default()
}

// ---------------------------------------------------------------- chain

#[test]
fn reference_incident_files_verify_with_the_demo_key() {
    let key = ChainKey::demo();
    for (name, bytes) in INCIDENTS {
        let rows = read_arl(bytes);
        assert!(rows.is_ok(), "{name}: {rows:?}");
        let rows = rows.unwrap_or_default();
        assert_eq!(rows.len(), 9, "{name}");
        assert_eq!(chain::verify(&rows, &key), Ok(9), "{name}");
    }
}

#[test]
fn resigning_reference_bodies_gives_their_exact_hashes_and_lines() {
    let key = ChainKey::demo();
    for (name, bytes) in INCIDENTS {
        let text = core::str::from_utf8(bytes).unwrap_or("");
        let rows = read_arl(bytes).unwrap_or_default();
        let chain_id =
            rows[0].fields.get("chain_id").and_then(Value::as_str).unwrap_or("").to_string();
        let mut writer = ChainWriter::new(key.clone(), chain_id);
        for (row, original) in rows.iter().zip(text.lines()) {
            let mut body = row.fields.clone();
            let expected_hash = body.get("row_hash").cloned();
            for f in ["prev_hash", "row_hash", "key_id", "chain_id"] {
                body.remove(f);
            }
            let signed = writer.append(body);
            assert!(signed.is_ok());
            let signed = signed.unwrap_or_default();
            assert_eq!(signed.get("row_hash").cloned(), expected_hash, "{name} line {}", row.line);
            // Same layout byte for byte: the reference's JSON Lines writer.
            assert_eq!(
                json::line(&signed).ok().as_deref(),
                Some(original),
                "{name} line {}",
                row.line
            );
        }
    }
}

#[test]
fn every_single_byte_tamper_of_a_reference_file_is_detected() {
    let key = ChainKey::demo();
    let (_, original) = INCIDENTS[0];
    let mut detected = 0;
    for i in 0..original.len() {
        let mut bytes = original.to_vec();
        bytes[i] ^= 0x01;
        let outcome = read_arl(&bytes).map(|rows| chain::verify(&rows, &key));
        assert!(!matches!(outcome, Ok(Ok(_))), "byte {i} flipped went unnoticed");
        detected += 1;
    }
    assert_eq!(detected, original.len());
}

#[test]
fn a_tampered_reason_code_names_the_row() {
    let key = ChainKey::demo();
    let (_, original) = INCIDENTS[1];
    let text = core::str::from_utf8(original).unwrap_or("");
    let tampered = text.replacen("\"EVIDENCE_FABRICATION\"", "\"EVIDENCE_OK\"", 1);
    let rows = read_arl(tampered.as_bytes()).unwrap_or_default();
    let broken = chain::verify(&rows, &key);
    let err = broken.err();
    assert_eq!(err.as_ref().map(|b| b.index), Some(4));
    assert!(matches!(err.as_ref().map(|b| &b.kind), Some(BreakKind::RowHashMismatch { .. })));
    assert_eq!(err.map(|b| b.to_string()), Some("row_hash mismatch at i=4 (row 5, line 5)".into()));
    // A wrong key breaks the first row.
    let other = ChainKey::custom("typed".into(), b"another key".to_vec());
    let rows = read_arl(original).unwrap_or_default();
    assert_eq!(other.map(|k| chain::verify(&rows, &k).map_err(|b| b.index)), Ok(Err(0)));
}

#[test]
fn bad_arl_files_get_messages_naming_the_line() {
    let msg = |bytes: &[u8]| read_arl(bytes).err().map(|e| e.to_string());
    assert_eq!(
        msg(b""),
        Some("the file holds no rows (an ARL file has one JSON object per line)".into())
    );
    assert_eq!(
        msg(b"\n\n"),
        Some("the file holds no rows (an ARL file has one JSON object per line)".into())
    );
    assert!(
        msg(b"{\"a\": 1}\nnot json\n")
            .is_some_and(|m| m.starts_with("line 1 has no `run_id` field"))
    );
    assert!(msg(b"\nnot json\n").is_some_and(|m| m.starts_with("line 2 is not JSON")));
    assert_eq!(msg(b"[1, 2]"), Some("line 1 is not a JSON object".into()));
    assert_eq!(msg(b"{\"x\": \"\xff\"}"), Some("line 1 is not valid UTF-8".into()));
    let (_, original) = INCIDENTS[0];
    let text = core::str::from_utf8(original).unwrap_or("").replacen(
        "\"sealed\": false",
        "\"sealed\": \"no\"",
        1,
    );
    assert_eq!(msg(text.as_bytes()), Some("line 1: field `sealed` must be a boolean".into()));
}

// ---------------------------------------------------------------- randomness

fn u64s(v: &Value) -> Vec<u64> {
    v.as_array().map(|a| a.iter().filter_map(Value::as_u64).collect()).unwrap_or_default()
}

fn f64s(v: &Value) -> Vec<f64> {
    v.as_array().map(|a| a.iter().filter_map(Value::as_f64).collect()).unwrap_or_default()
}

#[test]
fn mersenne_twister_matches_the_reference_notes() {
    let mut r = SimRng::new(RngKind::CpythonMt, 42);
    let raw: Vec<u32> = (0..4).map(|_| r.next_u32()).collect();
    assert_eq!(raw, [2_746_317_213, 478_163_327, 107_420_369, 3_184_935_163]);
    let expect: [(u64, [f64; 5]); 4] = [
        (
            42,
            [
                0.6394267984578837,
                0.025010755222666936,
                0.27502931836911926,
                0.22321073814882275,
                0.7364712141640124,
            ],
        ),
        (
            7,
            [
                0.32383276483316237,
                0.15084917392450192,
                0.6509344730398537,
                0.07243628666754276,
                0.5358820043066892,
            ],
        ),
        (
            99,
            [
                0.40397807494366633,
                0.20007544457494542,
                0.17880232058661227,
                0.24843131850096878,
                0.7598774365080779,
            ],
        ),
        (
            123,
            [
                0.052363598850944326,
                0.08718667752263232,
                0.4072417636703983,
                0.10770023493843905,
                0.9011988779516946,
            ],
        ),
    ];
    for (seed, draws) in expect {
        let mut r = SimRng::new(RngKind::CpythonMt, seed);
        let got: Vec<f64> = (0..5).map(|_| r.random()).collect();
        assert_eq!(got, draws, "seed {seed}");
    }
}

#[test]
fn mersenne_twister_derived_draws_match_cpython() {
    let golden = parse(CPYTHON);
    let cases = golden["mt"].as_array().cloned().unwrap_or_default();
    assert_eq!(cases.len(), 8);
    for case in cases {
        let seed = case["seed"].as_u64().unwrap_or(0);
        let fresh = || SimRng::new(RngKind::CpythonMt, seed);
        let mut r = fresh();
        assert_eq!(
            (0..5).map(|_| r.random()).collect::<Vec<_>>(),
            f64s(&case["random"]),
            "seed {seed}"
        );
        let mut r = fresh();
        assert_eq!(
            (0..4).map(|_| r.getrandbits(32)).collect::<Vec<_>>(),
            u64s(&case["getrandbits32"])
        );
        let mut r = fresh();
        assert_eq!(
            (0..3).map(|_| r.getrandbits(40)).collect::<Vec<_>>(),
            u64s(&case["getrandbits40"])
        );
        let mut r = fresh();
        let dice: Vec<u64> = (0..10).map(|_| r.randint(1, 6).unwrap_or(0) as u64).collect();
        assert_eq!(dice, u64s(&case["randint_1_6"]), "seed {seed}");
        let mut r = fresh();
        let rr: Vec<u64> = (0..5).map(|_| r.randrange(0, 1000).unwrap_or(-1) as u64).collect();
        assert_eq!(rr, u64s(&case["randrange_0_1000"]));
        let mut r = fresh();
        let items = [0u64, 1, 2, 3, 4, 5, 6];
        let ch: Vec<u64> = (0..5).map(|_| r.choice(&items).copied().unwrap_or(99)).collect();
        assert_eq!(ch, u64s(&case["choice_7"]));
        let mut r = fresh();
        assert_eq!(
            (0..3).map(|_| r.uniform(2.5, 7.5)).collect::<Vec<_>>(),
            f64s(&case["uniform_2_5_7_5"])
        );
        let mut r = fresh();
        let w = [0.82, 0.05, 0.05, 0.08];
        let picks: Vec<u64> = (0..10).map(|_| r.choose_weighted(&w).unwrap_or(99) as u64).collect();
        assert_eq!(picks, u64s(&case["choices_v44_evidence"]), "seed {seed}");
    }
}

#[test]
fn chacha_draws_are_pinned() {
    let golden = parse(CHACHA);
    let cases = golden["chacha"].as_array().cloned().unwrap_or_default();
    assert!(cases.len() >= 3);
    for case in cases {
        let seed = case["seed"].as_u64().unwrap_or(0);
        let mut r = SimRng::new(RngKind::ChaCha, seed);
        let raw: Vec<u64> = (0..4).map(|_| u64::from(r.next_u32())).collect();
        assert_eq!(raw, u64s(&case["next_u32"]), "seed {seed}");
        let mut r = SimRng::new(RngKind::ChaCha, seed);
        assert_eq!(
            (0..5).map(|_| r.random()).collect::<Vec<_>>(),
            f64s(&case["random"]),
            "seed {seed}"
        );
    }
    // Determinism: the same seed gives the same stream; another seed does not.
    let a: Vec<u32> = {
        let mut r = SimRng::new(RngKind::ChaCha, 9);
        (0..64).map(|_| r.next_u32()).collect()
    };
    let b: Vec<u32> = {
        let mut r = SimRng::new(RngKind::ChaCha, 9);
        (0..64).map(|_| r.next_u32()).collect()
    };
    let c: Vec<u32> = {
        let mut r = SimRng::new(RngKind::ChaCha, 10);
        (0..64).map(|_| r.next_u32()).collect()
    };
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn weighted_choice_rejects_bad_weights() {
    let mut r = SimRng::new(RngKind::ChaCha, 1);
    assert!(r.choose_weighted(&[]).is_err());
    assert!(r.choose_weighted(&[0.0, 0.0]).is_err());
    assert!(r.choose_weighted(&[1.0, -1.0]).is_err());
    assert!(r.choose_weighted(&[f64::NAN]).is_err());
    assert!(r.randint(5, 4).is_err());
    assert_eq!(RngKind::parse("cpython-mt"), Some(RngKind::CpythonMt));
    assert_eq!(RngKind::parse("mt"), None);
}

// ---------------------------------------------------------------- clock

#[test]
fn the_simulated_clock_prints_jst_and_only_moves_when_told() {
    let mut clock = SimClock::default();
    assert_eq!(clock.now().iso_jst(), "2026-04-22T10:15:30+09:00");
    clock.advance(SimDuration::from_secs(300));
    assert_eq!(clock.now().iso_jst(), "2026-04-22T10:20:30+09:00");
    clock.advance(SimDuration::from_secs(-10));
    assert_eq!(clock.now().iso_jst(), "2026-04-22T10:20:30+09:00");
    clock.advance(SimDuration::from_secs(7 * 86_400 + 14 * 3600));
    assert_eq!(clock.now().iso_jst(), "2026-04-30T00:20:30+09:00");
    for text in
        ["2026-11-24T11:00:48+09:00", "2000-01-01T00:00:00+09:00", "2024-02-29T23:59:59+09:00"]
    {
        assert_eq!(SimTime::parse_iso(text).map(|t| t.iso_jst()), Some(text.to_string()));
    }
    assert_eq!(SimTime::parse_iso("2026-04-22T01:15:30Z"), Some(SimTime::DEFAULT_START));
    assert_eq!(SimTime::parse_iso("2026-04-22T01:15:30.123456Z"), Some(SimTime::DEFAULT_START));
    for bad in [
        "",
        "2026-04-22",
        "2026-13-01T00:00:00Z",
        "2026-04-22T10:15:30",
        "２０２６-04-22T10:15:30Z",
    ] {
        assert_eq!(SimTime::parse_iso(bad), None, "{bad}");
    }
}

// ---------------------------------------------------------------- draft lint

mod lint {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use maestro_core::clock::SimTime;
    use maestro_core::scenarios::emergency::inputs::draft_text;
    use maestro_core::scenarios::emergency::knobs::DraftMutation;
    use maestro_core::scenarios::emergency::lint::{
        DISCRIMINATION_PATTERN, DraftLint, LintVerdict,
    };

    fn verdict(body: &str) -> LintVerdict {
        let mut text = draft_text("SIM#B00001", SimTime::DEFAULT_START, DraftMutation::Ok);
        text.push_str(body);
        text.push('\n');
        DraftLint::new().check(&text)
    }

    fn legal(pattern: &'static str) -> LintVerdict {
        LintVerdict::LegalBinding { pattern }
    }

    const DISCRIMINATION: LintVerdict =
        LintVerdict::Discrimination { pattern: DISCRIMINATION_PATTERN };

    #[test]
    fn the_reference_regression_vectors() {
        assert_eq!(
            verdict("No delay is expected. This contract is binding."),
            legal(r"\bthis contract is binding\b")
        );
        assert_eq!(verdict("This is not racist. This text is racist."), DISCRIMINATION);
        assert_eq!(verdict("This draft is not legally binding."), LintVerdict::Ok);
        assert_eq!(verdict("This document has no binding effect."), LintVerdict::Ok);
    }

    #[test]
    fn negation_is_clause_scoped_and_explicit() {
        let cases: [(&str, LintVerdict); 16] = [
            // A negation in an earlier clause never excuses a later claim.
            ("This is not legal advice, but it is legally binding.", legal(r"\blegally binding\b")),
            ("It is not final; this contract is binding.", legal(r"\bthis contract is binding\b")),
            ("Nothing here is not a draft: we guarantee delivery.", legal(r"\bwe guarantee\b")),
            // The old substring rule excused these ("know", "no" far away): no more.
            ("We know this contract is binding.", legal(r"\bthis contract is binding\b")),
            ("Never mind, the ADMIN has legal authority.", legal(r"\bhas legal authority\b")),
            ("The ADMIN grants legal authority to the AI.", legal(r"\bgrants? legal authority\b")),
            ("The AI is a legal authority here.", legal(r"\bis a legal authority\b")),
            // Explicit negation forms excuse their own clause.
            ("This agreement is non-binding and not legally binding.", LintVerdict::Ok),
            ("The AI does not have legal authority.", LintVerdict::Ok),
            (
                "The AI cannot grant authority, and the ADMIN has legal authority only after approval.",
                legal(r"\bhas legal authority\b"),
            ),
            ("We do not guarantee any outcome.", LintVerdict::Ok),
            ("The signal plan does not discriminate between road users.", LintVerdict::Ok),
            ("This rule is non-discriminatory.", LintVerdict::Ok),
            ("The system may discriminate by vehicle type.", DISCRIMINATION),
            ("This clause is discriminatory.", LintVerdict::Ok),
            ("Use no racial slur; this text is racist.", DISCRIMINATION),
        ];
        for (body, expected) in cases {
            assert_eq!(verdict(body), expected, "{body}");
        }
    }

    #[test]
    fn the_mutations_of_the_draft() {
        let lint = Some(DraftLint::new());
        let check = |m| {
            lint.as_ref().map(|l| l.check(&draft_text("SIM#B00042", SimTime::DEFAULT_START, m)))
        };
        assert_eq!(check(DraftMutation::Ok), Some(LintVerdict::Ok));
        assert_eq!(
            check(DraftMutation::OutOfScope),
            Some(LintVerdict::OutOfScope { missing: vec!["AI is used for drafting only"] })
        );
        assert_eq!(
            check(DraftMutation::LegalBinding),
            Some(legal(r"\bthis contract is binding\b"))
        );
        assert_eq!(check(DraftMutation::DiscriminatoryWording), Some(LintVerdict::Ok));
        assert_eq!(check(DraftMutation::Discrimination), Some(DISCRIMINATION));
        // The verdict does not depend on the run id or the time written into the draft.
        let other = lint
            .as_ref()
            .map(|l| l.check(&draft_text("STRESS#99999", SimTime(0), DraftMutation::LegalBinding)));
        assert_eq!(other, check(DraftMutation::LegalBinding));
    }
}

// ---------------------------------------------------------------- emergency runs

mod runs {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use maestro_core::face::ScenarioRun;
    use maestro_core::rng::RngKind;
    use maestro_core::scenarios::emergency::knobs::Choice;
    use maestro_core::scenarios::emergency::run::{EmergencyRun, RunSpec};
    use serde_json::Value;

    const RUNS: &str = include_str!("golden/runs.json");

    #[test]
    fn runs_give_the_pinned_digests_on_every_target() {
        let golden: Value = serde_json::from_str(RUNS).unwrap_or_default();
        let cases = golden["runs"].as_array().cloned().unwrap_or_default();
        assert_eq!(cases.len(), 3);
        for case in cases {
            let mut spec = RunSpec::new(case["seed"].as_u64().unwrap_or(0));
            spec.rng = RngKind::parse(case["rng"].as_str().unwrap_or("")).unwrap_or_default();
            for (k, v) in case["knobs"].as_object().into_iter().flatten() {
                assert!(spec.knobs.set(k, v.as_str().unwrap_or("")).is_ok());
            }
            spec.choices = case["choices"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| Choice::parse(c.as_str().unwrap_or("")).ok())
                .collect();
            let log = EmergencyRun::new(spec).run_to_end().to_jsonl().unwrap_or_default();
            let digest: Value =
                serde_json::from_str(log.lines().last().unwrap_or("")).unwrap_or_default();
            assert_eq!(digest, case["digest"], "seed {}", case["seed"]);
        }
    }
}

// ---------------------------------------------------------------- share links

mod links {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use maestro_core::link::LinkError;
    use maestro_core::scenarios::emergency::knobs::Choice;
    use maestro_core::scenarios::emergency::run::RunSpec;
    use maestro_core::scenarios::emergency::run::{decode_link, encode_link};

    fn spec() -> RunSpec {
        let mut s = RunSpec::new(7);
        assert!(s.knobs.set("initial_trust", "0.95").is_ok());
        s.choices = vec![Choice::AuthApprove, Choice::FinalizeStop];
        s
    }

    #[test]
    fn a_link_carries_the_specification_and_nothing_else() {
        let query = encode_link("emergency-contract", &spec());
        let body = "v=1&s=emergency-contract&seed=7&rng=chacha&k.initial_trust=0.95&c=auth:approve,finalize:stop";
        assert!(query.starts_with(body), "{query}");
        assert_eq!(query.len(), body.len() + "&h=".len() + 12);
        assert_eq!(decode_link(&query), Ok(("emergency-contract".to_string(), spec())));
        assert_eq!(decode_link(&format!("?{query}&lang=ja")).map(|(_, s)| s), Ok(spec()));
        assert_eq!(encode_link("emergency-contract", &RunSpec::new(0)).len(), 57);
    }

    #[test]
    fn bad_links_say_what_is_wrong() {
        let good = encode_link("emergency-contract", &spec());
        let msg = |q: &str| decode_link(q).err().map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(
            msg(&good.replace("seed=7", "seed=8")),
            "the link was changed after it was made (its checksum does not match)"
        );
        assert_eq!(
            msg(&good.replace("v=1", "v=2")),
            "the link is format version `2`; this bench reads version 1"
        );
        assert_eq!(msg("v=1&seed=1&h=0"), "the link has no `s` field");
        assert_eq!(msg(&format!("{good}&x=1")), "the link has an unknown field `x`");
        assert_eq!(msg(&format!("{good}&seed=9")), "the link sets `seed` twice");
        assert_eq!(
            msg("v=1&s=poker&seed=1&h=0"),
            "the link is invalid: unknown scenario `poker` (known: `emergency-contract`, `definition-gate`, `confidential-loop-guard`, `loop-budget`, `tool-proxy`, `orchestrator-mediator`, `kage3-v1.2.4`, `kage3-v1.3.5`, `kage-emergency`, `emergency-v1`, `emergency-v4.1`, `emergency-v5.0.1`, `negotiation-steering`, `alliance-persuasion`, `hierarchy-dynamics`, `reeducation-dynamics`, `all-in-one-mediation`, `governance-mediation`, `pacd`, `hitl-reset-ban`)"
        );
        assert_eq!(msg(&format!("{good}&row=0")), "");
        let row = |q: &str| {
            maestro_core::link::RawLink::parse(q).map(|r| r.row().map_err(|e| e.to_string()))
        };
        assert_eq!(row(&format!("{good}&row=3")), Ok(Ok(Some(3))));
        assert_eq!(
            row(&format!("{good}&row=0")),
            Ok(Err("the link is invalid: row `0` is not a row number from 1".into()))
        );
        assert_eq!(
            msg("v=1&s=emergency-contract&seed=-1&h=0"),
            "the link is invalid: seed `-1` is not a whole number from 0 to 18446744073709551615"
        );
        assert_eq!(
            msg("v=1&s=emergency-contract&seed=1&k.initial_trust=7&h=0"),
            "the link is invalid: knob `initial_trust`: 7 is outside [0, 1]"
        );
        // The refusal keeps which knob was wrong, for a face to point at it.
        let refused = maestro_core::link::decode_request(
            "v=1&s=negotiation-steering&seed=1&k.p_stall=1.5&h=0",
        )
        .err();
        assert!(
            matches!(&refused, Some(maestro_core::link::LinkError::Refused(e)) if e.knob.as_deref() == Some("p_stall")),
            "{refused:?}"
        );
        assert_eq!(
            msg("v=1&s=emergency-contract&seed=1&c=auth:maybe&h=0").split(" (").next(),
            Some("the link is invalid: unknown choice `auth:maybe`")
        );
        assert_eq!(msg("v=1&garbage"), "the link is malformed: `garbage` is not name=value");
        assert_eq!(msg("v=%ZZ"), "the link is malformed: bad percent-escape in `%ZZ`");
        assert!(matches!(decode_link(&"a=b&".repeat(9000)), Err(LinkError::TooLong(_))));
    }
}

// ---------------------------------------------------------------- explanations

mod explanations {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use maestro_core::scenarios::emergency::explain::{
        explain, explain_decider, explain_decision, explain_layer,
    };
    use maestro_core::scenarios::emergency::{Layer, Reason};
    use maestro_core::vocab::{Code, Decision, FinalDecider};

    fn check(what: &str, (en, ja): (&str, &str)) {
        assert!(en.ends_with('.') || en.ends_with('?'), "{what}: English `{en}`");
        assert!(!ja.is_empty() && !ja.is_ascii(), "{what}: Japanese `{ja}`");
    }

    #[test]
    fn every_code_has_an_english_and_a_japanese_explanation() {
        Reason::ALL.iter().for_each(|r| check(r.as_str(), explain(*r)));
        Layer::ALL.iter().for_each(|l| check(l.as_str(), explain_layer(*l)));
        Decision::ALL.iter().for_each(|d| check(d.as_str(), explain_decision(*d)));
        FinalDecider::ALL.iter().for_each(|d| check(d.as_str(), explain_decider(*d)));
    }

    #[test]
    fn every_registered_scenario_explains_each_of_its_codes_in_both_languages() {
        for s in maestro_core::scenario::SCENARIOS {
            for name in s.layers.iter().chain(s.reasons) {
                match (s.explain)(name) {
                    Some(pair) => check(name, pair),
                    None => unreachable!("{}: `{name}` has no explanation", s.id),
                }
            }
            for d in s.decisions {
                check(d.as_str(), explain_decision(*d));
            }
            for d in s.deciders {
                check(d.as_str(), explain_decider(*d));
            }
            for p in s.paths {
                assert!(!p.en.is_empty() && !p.ja.is_ascii(), "{}: path {}", s.id, p.id);
            }
        }
    }
}
