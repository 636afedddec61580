//! Property tests of the core's invariants over generated inputs (native only).
//!
//! `PROPTEST_CASES` raises the case count; CI runs the default set below.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    reason = "test helpers: a panic is a failed test"
)]

use maestro_core::arl::{Row, RowSpec, Seal};
use maestro_core::chain::{self, ChainKey, ChainWriter, read_arl};
use maestro_core::clock::{MICROS_PER_SEC, SimTime};
use maestro_core::json::{self, Object};
use maestro_core::rng::{RngKind, SimRng};
use maestro_core::scenarios::emergency::codebook::PackedHeader;
use maestro_core::scenarios::emergency::{Emergency, Layer, Reason};
use maestro_core::vocab::{Code, Decision, FinalDecider, LogLevel};
use proptest::prelude::*;
use serde_json::Value;

fn config() -> ProptestConfig {
    ProptestConfig { cases: 2_000, ..ProptestConfig::default() }
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |x| x.is_finite()).prop_map(json::float),
        any::<String>().prop_map(Value::String),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn body() -> impl Strategy<Value = Object> {
    prop::collection::vec(("[a-z_]{1,12}", value()), 0..6).prop_map(|pairs| {
        let mut obj = Object::new();
        for (k, v) in pairs {
            obj.insert(k, v);
        }
        obj
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn float_repr_round_trips(x in any::<f64>().prop_filter("finite", |x| x.is_finite())) {
        let mut out = String::new();
        prop_assert!(json::py_float(&mut out, x).is_ok());
        let back: f64 = out.parse().unwrap_or(f64::NAN);
        prop_assert_eq!(back.to_bits(), x.to_bits(), "{}", out);
        prop_assert!(out.contains('.') || out.contains('e'), "{} must read as a float", out);
    }

    #[test]
    fn canonical_json_parses_back_to_the_same_value(obj in body()) {
        let text = json::canonical(&obj);
        prop_assert!(text.is_ok());
        let text = text.unwrap_or_default();
        let back: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        prop_assert_eq!(back, obj.to_value());
        let line = json::line(&obj).unwrap_or_default();
        let back: Object = serde_json::from_str(&line).unwrap_or_default();
        prop_assert_eq!(back, obj);
    }

    #[test]
    fn a_written_chain_verifies_and_any_changed_body_breaks_at_its_row(
        bodies in prop::collection::vec(body(), 1..6),
        victim in any::<prop::sample::Index>(),
        key_bytes in prop::collection::vec(any::<u8>(), 1..40),
    ) {
        let key = ChainKey::custom("test".into(), key_bytes);
        prop_assert!(key.is_ok());
        let key = key.unwrap_or_else(|_| ChainKey::demo());
        let mut writer = ChainWriter::new(key.clone(), "chain-test".into());
        let mut text = String::new();
        for b in &bodies {
            let mut b = b.clone();
            for (k, v) in [("run_id", "R"), ("layer", "meaning_gate"), ("decision", "RUN"), ("final_decider", "SYSTEM"), ("reason_code", "OK")] {
                b.insert(k, Value::from(v));
            }
            b.insert("sealed", Value::Bool(false));
            b.insert("overrideable", Value::Bool(false));
            let row = writer.append(b);
            prop_assert!(row.is_ok());
            text.push_str(&json::line(&row.unwrap_or_default()).unwrap_or_default());
            text.push('\n');
        }
        let rows = read_arl(text.as_bytes());
        prop_assert!(rows.is_ok(), "{:?}", rows);
        let mut rows = rows.unwrap_or_default();
        prop_assert_eq!(chain::verify(&rows, &key), Ok(bodies.len()));
        let i = victim.index(rows.len());
        rows[i].fields.insert("tampered", Value::Bool(true));
        prop_assert_eq!(chain::verify(&rows, &key).map_err(|b| b.index), Err(i));
    }

    #[test]
    fn unpack_accepts_only_what_pack_produces(packed in 0u32..0x10_0000) {
        if let Ok(h) = PackedHeader::unpack(packed) {
            prop_assert_eq!(h.pack(), Ok(packed));
        }
    }

    #[test]
    fn the_arl_reader_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = read_arl(&bytes).map(|rows| chain::verify(&rows, &ChainKey::demo()));
    }

    #[test]
    fn the_arl_reader_never_panics_on_json_lines(lines in prop::collection::vec(value(), 0..4)) {
        let text: String = lines.iter().map(|v| format!("{v}\n")).collect();
        let _ = read_arl(text.as_bytes()).map(|rows| chain::verify(&rows, &ChainKey::demo()));
    }

    #[test]
    fn rows_keep_their_invariants(
        layer in prop::sample::select(Layer::ALL.to_vec()),
        decision in prop::sample::select(Decision::ALL.to_vec()),
        seal in prop::sample::select(vec![Seal::Sealed, Seal::Overrideable, Seal::Fixed]),
        decider in prop::sample::select(FinalDecider::ALL.to_vec()),
        reason in prop::sample::select(Reason::ALL.to_vec()),
    ) {
        let row = Row::<Emergency>::new(RowSpec { ts: SimTime::DEFAULT_START, run_id: "R".into(), layer, decision, seal, decider, reason, extras: maestro_core::scenarios::emergency::pipeline::Extra::None });
        if let Ok(row) = row {
            let obj = row.to_object(LogLevel::Full);
            let sealed = obj.get("sealed") == Some(&Value::Bool(true));
            let overrideable = obj.get("overrideable") == Some(&Value::Bool(true));
            prop_assert!(!(sealed && overrideable));
            if sealed {
                prop_assert!(matches!(layer, Layer::EthicsGate | Layer::AccGate));
                prop_assert_eq!(decision, Decision::Stopped);
            }
        } else {
            prop_assert_eq!(seal, Seal::Sealed);
        }
    }

    #[test]
    fn iso_timestamps_round_trip(secs in -2_000_000_000i64..8_000_000_000) {
        let t = SimTime(secs * MICROS_PER_SEC);
        prop_assert_eq!(SimTime::parse_iso(&t.iso_jst()), Some(t));
    }

    #[test]
    fn draws_stay_in_range(seed in any::<u64>(), n in 1u64..u64::MAX, mt in any::<bool>(),
                           weights in prop::collection::vec(0.0f64..10.0, 1..6)) {
        let kind = if mt { RngKind::CpythonMt } else { RngKind::ChaCha };
        let mut r = SimRng::new(kind, seed);
        prop_assert!(r.randbelow(n) < n);
        let x = r.random();
        prop_assert!((0.0..1.0).contains(&x));
        if weights.iter().sum::<f64>() > 0.0 {
            let i = r.choose_weighted(&weights);
            prop_assert!(matches!(i, Ok(i) if i < weights.len()));
        }
    }
}

// ---------------------------------------------------------------- emergency runs

use maestro_core::face::{Advance, ScenarioRun};
use maestro_core::scenarios::emergency::batch::{Batch, BatchParams};
use maestro_core::scenarios::emergency::knobs::{Choice, KNOBS, KnobKind};
use maestro_core::scenarios::emergency::pipeline::RunState;
use maestro_core::scenarios::emergency::run::{EmergencyRun, RunSpec};

/// A random but valid knob setting, from the core's own knob descriptions.
fn knob_settings() -> impl Strategy<Value = Vec<(usize, u64)>> {
    prop::collection::vec((0..KNOBS.len(), any::<u64>()), 0..6)
}

fn knob_value(kind: KnobKind, pick: u64) -> String {
    match kind {
        KnobKind::Choice { values } => values[(pick % values.len() as u64) as usize].to_string(),
        KnobKind::Number { min, max } => {
            format!("{}", min + (max - min) * ((pick % 1001) as f64 / 1000.0))
        }
        KnobKind::Integer { min, max } => format!("{}", min + pick % (max - min + 1).min(60)),
        KnobKind::Flag => (pick % 2 == 1).to_string(),
        KnobKind::Text { presets, .. } => {
            presets.get((pick % 8) as usize).map_or(String::new(), |(_, t)| t.to_string())
        }
    }
}

fn run_spec() -> impl Strategy<Value = RunSpec> {
    (
        any::<u64>(),
        any::<bool>(),
        knob_settings(),
        prop::collection::vec(0..Choice::ALL.len(), 0..6),
    )
        .prop_map(|(seed, mt, settings, script)| {
            let mut spec = RunSpec::new(seed);
            spec.rng = if mt { RngKind::CpythonMt } else { RngKind::ChaCha };
            for (i, pick) in settings {
                let k = &KNOBS[i];
                spec.knobs.set(k.name, &knob_value(k.kind, pick)).unwrap();
            }
            spec.choices = script.into_iter().map(|i| Choice::ALL[i]).collect();
            spec
        })
}

fn cases(default: u32) -> ProptestConfig {
    let cases =
        std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(default);
    ProptestConfig { cases, ..ProptestConfig::default() }
}

thread_local! {
    static CHECKS: maestro_core::scenarios::emergency::pipeline::Checks = maestro_core::scenarios::emergency::pipeline::Checks::new();
}

fn start(spec: RunSpec) -> EmergencyRun {
    CHECKS.with(|c| EmergencyRun::with_checks(spec, c.share()))
}

proptest! {
    #![proptest_config(cases(10_000))]

    #[test]
    fn every_run_keeps_every_invariant(spec in run_spec(), wait in any::<bool>()) {
        let mut run = start(spec.clone());
        if wait {
            while run.advance() == Advance::Row {}
        } else {
            run = run.run_to_end();
        }
        let mut sealed_seen = false;
        for e in run.rows() {
            let r = e;
            let seal = r.seal();
            prop_assert!(!(seal.sealed() && seal.overrideable()));
            if seal.sealed() {
                sealed_seen = true;
                prop_assert!(matches!(r.layer(), Layer::EthicsGate | Layer::AccGate), "{:?}", r);
                prop_assert_eq!(r.decision(), Decision::Stopped);
                prop_assert_eq!(r.decider(), FinalDecider::System);
            }
            if r.decision() == Decision::PauseForHitl || r.layer() == Layer::RelativityGate {
                prop_assert!(!seal.sealed());
            }
            if sealed_seen && !seal.sealed() {
                // After a seal only its trust update and the score rows may follow.
                prop_assert!(matches!(r.layer(), Layer::TrustUpdate | Layer::EvalScore | Layer::HitlReward), "{:?}", r);
            }
        }
        prop_assert_eq!(run.sealed(), sealed_seen);
        if run.sealed() {
            prop_assert_eq!(run.bench().run_state(), RunState::Stopped);
        }
        if let Some(end) = run.bench().end() {
            prop_assert_eq!(end.score.clean, end.state == RunState::ContractEffective && !end.sealed);
        }
        let trust = run.bench().world().trust.trust_score;
        prop_assert!((0.0..=1.0).contains(&trust));
        // The specification reproduces the run byte for byte, and the log verifies.
        let text = run.to_jsonl().unwrap();
        let mut again = start(run.spec());
        if wait {
            while again.advance() == Advance::Row {}
        } else {
            again = again.run_to_end();
        }
        prop_assert_eq!(&again.to_jsonl().unwrap(), &text);
        let file = chain::read_arl_file(text.as_bytes()).unwrap();
        prop_assert_eq!(chain::verify(&file.rows, &ChainKey::demo()), Ok(run.rows().len()));
        prop_assert!(file.check_digest(text.as_bytes()).is_ok());
    }
}

proptest! {
    #![proptest_config(cases(300))]

    #[test]
    fn batches_keep_their_books(seed in any::<u64>(), runs in 1u64..60, rate in 0.0f64..0.6, cap in 0u64..6,
                                stress in any::<bool>(), n in 0usize..6, first in 1u64..50) {
        let mut p = BatchParams { runs, seed: Some(seed), save_arl_on_abnormal: true, arl_out_dir: "arl".into(),
                                  max_arl_files: cap, first_incident_id: first, keep_runs: true, ..BatchParams::default() };
        p.knobs.fabricate_rate = Some(rate);
        p.knobs.stress = stress;
        p.knobs.full_context_n = n;
        let mut b = Batch::new(p);
        b.run_all();
        let doc = b.document();
        let incidents = b.take_incidents();
        let pers = &doc["abnormal_arl_persistence"];
        let abnormal = pers["abnormal_total"].as_u64().unwrap();
        prop_assert_eq!(pers["saved"].as_u64().unwrap(), abnormal.min(cap));
        prop_assert_eq!(pers["skipped_by_cap"].as_u64().unwrap(), abnormal - abnormal.min(cap));
        prop_assert_eq!(incidents.len() as u64, abnormal.min(cap));
        prop_assert_eq!(b.next_incident_id(), first + abnormal.min(cap));
        prop_assert_eq!(doc["hitl_queue"]["counts"]["queue_size"].as_u64().unwrap(), abnormal);
        let total: u64 = doc["hitl_queue"]["counts"]["by_state"].as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum();
        prop_assert_eq!(total, runs);
        for inc in &incidents {
            let rows = read_arl(inc.jsonl().unwrap().as_bytes()).unwrap();
            prop_assert!(chain::verify(&rows, &ChainKey::demo()).is_ok());
        }
    }
}

proptest! {
    #![proptest_config(cases(300))]

    /// A batch runs the runs nobody reads without rows, and runs an abnormal one again with
    /// its rows: every book, queue item, incident file and store equals the batch that keeps
    /// every run's rows (`keep_runs`), for any knobs, generator and seed.
    #[test]
    fn runs_without_rows_change_nothing(spec in run_spec(), runs in 1u64..80, rate in prop::option::of(0.0f64..0.6),
                                         sha in any::<bool>(), cap in 0u64..40) {
        let params = |keep_runs: bool| {
            let mut p = BatchParams { runs, seed: Some(spec.seed), rng: if sha { RngKind::Sha256Counter } else { spec.rng },
                                      save_arl_on_abnormal: true, arl_out_dir: "arl".into(), max_arl_files: cap,
                                      keep_runs, sample_runs: 0, queue_max_items: 25, ..BatchParams::default() };
            p.knobs = spec.knobs.clone();
            if rate.is_some() {
                p.knobs.fabricate_rate = rate;
            }
            p
        };
        let (mut lean, mut full) = (Batch::new(params(false)), Batch::new(params(true)));
        lean.run_all();
        full.run_all();
        let strip = |mut doc: Value| {
            // The records and the flag that asks for them differ; nothing else may.
            if let Some(o) = doc.as_object_mut() {
                o.remove("runs");
                o.remove("runs_sample");
            }
            doc["meta"]["keep_runs"] = Value::Null;
            doc["repro_summary"]["keep_runs"] = Value::Null;
            doc
        };
        prop_assert_eq!(strip(lean.document()), strip(full.document()));
        prop_assert_eq!(lean.take_incidents(), full.take_incidents());
        prop_assert_eq!(lean.stores(), full.stores());
        prop_assert_eq!(lean.trust_score().to_bits(), full.trust_score().to_bits());
    }
}

// ---------------------------------------------------------------- share links

use maestro_core::scenarios::emergency::run::{decode_link, encode_link};

proptest! {
    #![proptest_config(cases(5_000))]

    #[test]
    fn share_links_round_trip(spec in run_spec()) {
        let query = encode_link("emergency-contract", &spec);
        prop_assert_eq!(decode_link(&query), Ok(("emergency-contract".to_string(), spec)));
    }

    #[test]
    fn the_link_decoder_never_panics_and_always_says_why(query in ".{0,200}") {
        if let Err(e) = decode_link(&query) {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn a_changed_character_of_a_link_is_refused(spec in run_spec(), at in any::<prop::sample::Index>(), c in "[a-z0-9=&.:,%]") {
        let query = encode_link("emergency-contract", &spec);
        let i = at.index(query.len());
        let mut changed = query.clone();
        changed.replace_range(i..i + 1, &c);
        if changed != query {
            // Either refused, or (rarely) an equivalent spelling of the same specification.
            if let Ok((_, decoded)) = decode_link(&changed) {
                prop_assert_eq!(decoded, spec);
            }
        }
    }
}

// ---------------------------------------------------------------- draft lint vs. the reference regexes

/// The reference's lint, written with the reference's regular expressions (Unicode-aware,
/// case-insensitive, as Python's `re` runs them), to check the phrase matcher against.
mod reference_lint {
    use maestro_core::scenarios::emergency::lint::{
        DISCRIMINATION_PATTERN, LEGAL_BINDING_PATTERNS, LintVerdict, REQUIRED_PHRASES,
    };
    use regex_automata::meta::Regex;
    use regex_automata::util::syntax;

    const CLAUSE_BOUNDARY: &str =
        r"[.!?;:,\n]|\b(?:but|however|although|though|yet|nevertheless|whereas)\b";
    const NEGATION: &str = concat!(
        r"\bnot\s+(?:legally\s+)?binding\b",
        r"|\bnon(?:-|\s+)?binding\b",
        r"|\bno\s+(?:legal\s+)?binding\s+effect\b",
        r"|\bwithout\s+(?:legal\s+)?binding\s+effect\b",
        r"|\b(?:do|does|did)\s+not\s+(?:create|have)\s+(?:legal\s+)?(?:effect|obligation|binding\s+effect)\b",
        r"|\b(?:do|does|did)\s+not\s+constitute\s+(?:a\s+)?(?:contract|binding\s+agreement|legal\s+agreement)\b",
        r"|\b(?:do|does|did)\s+not\s+(?:grant|create|have)\s+(?:legal\s+)?authority\b",
        r"|\bcannot\s+(?:grant|create|have)\s+(?:legal\s+)?authority\b",
        r"|\bno\s+(?:legal\s+)?authority\b",
        r"|\bwithout\s+(?:legal\s+)?authority\b",
        r"|\b(?:do|does|did)\s+not\s+guarantee\b",
        r"|\bcannot\s+guarantee\b",
        r"|\bno\s+guarantee\b",
        r"|\bnot\s+(?:discriminate|discrimination|discriminatory)\b",
        r"|\bnon(?:-|\s+)?discriminatory\b",
        r"|\bno\s+discrimination\b",
        r"|\bnot\s+racist\b",
        r"|\bwithout\s+racial\s+slurs?\b",
    );

    fn re(p: &str) -> Regex {
        Regex::builder().syntax(syntax::Config::new().case_insensitive(true)).build(p).unwrap()
    }

    struct Compiled {
        legal: Vec<Regex>,
        discrimination: Regex,
        boundary: Regex,
        negation: Regex,
    }

    static COMPILED: std::sync::LazyLock<Compiled> = std::sync::LazyLock::new(|| Compiled {
        legal: LEGAL_BINDING_PATTERNS.iter().map(|p| re(p)).collect(),
        discrimination: re(DISCRIMINATION_PATTERN),
        boundary: re(CLAUSE_BOUNDARY),
        negation: re(NEGATION),
    });

    pub fn check(text: &str) -> LintVerdict {
        let c = &*COMPILED;
        let (boundary, negation) = (&c.boundary, &c.negation);
        let negated = |start: usize, end: usize| {
            let from = boundary.find_iter(&text[..start]).last().map_or(0, |m| m.end());
            let fragment: String =
                text[from..end].chars().filter(|c| !matches!(c, '*' | '_' | '`')).collect();
            negation.is_match(fragment.trim())
        };
        for (p, r) in LEGAL_BINDING_PATTERNS.into_iter().zip(&c.legal) {
            if r.find_iter(text).any(|m| !negated(m.start(), m.end())) {
                return LintVerdict::LegalBinding { pattern: p };
            }
        }
        if c.discrimination.find_iter(text).any(|m| !negated(m.start(), m.end())) {
            return LintVerdict::Discrimination { pattern: DISCRIMINATION_PATTERN };
        }
        let plain: String =
            text.chars().filter(|c| !matches!(c, '*' | '_')).collect::<String>().to_lowercase();
        let missing: Vec<&'static str> =
            REQUIRED_PHRASES.into_iter().filter(|p| !plain.contains(&p.to_lowercase())).collect();
        if missing.is_empty() { LintVerdict::Ok } else { LintVerdict::OutOfScope { missing } }
    }
}

/// Words and separators that make the lint's patterns, boundaries and negations likely.
fn lint_text() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "legally",
        "binding",
        "this",
        "contract",
        "is",
        "we",
        "guarantee",
        "has",
        "legal",
        "authority",
        "grant",
        "grants",
        "a",
        "discriminate",
        "discrimination",
        "discriminatory",
        "racist",
        "racial",
        "slur",
        "slurs",
        "not",
        "non",
        "no",
        "without",
        "do",
        "does",
        "did",
        "create",
        "have",
        "effect",
        "obligation",
        "constitute",
        "agreement",
        "cannot",
        "but",
        "however",
        "although",
        "though",
        "yet",
        "nevertheless",
        "whereas",
        "know",
        "never",
        "nonbinding",
        "Legally",
        "BINDING",
        "draft",
        "AI",
        "ADMIN",
        "approval",
        "x_y",
        "é",
        "2",
        "ß",
        "日本",
        "—",
    ]);
    let sep = prop::sample::select(vec![
        " ", "  ", "\n", ". ", ", ", "; ", "-", "*", "_", "`", "**", ": ", "\t", "!", "?",
        "\u{a0}", "\u{2028}", "é",
    ]);
    prop::collection::vec((word, sep), 1..24)
        .prop_map(|parts| parts.into_iter().map(|(w, s)| format!("{w}{s}")).collect())
}

proptest! {
    #![proptest_config(cases(20_000))]

    #[test]
    fn the_phrase_lint_agrees_with_the_reference_regexes(text in lint_text()) {
        let ours = maestro_core::scenarios::emergency::lint::DraftLint::new().check(&text);
        prop_assert_eq!(ours, reference_lint::check(&text), "{:?}", text);
    }
}
