//! The run log every scenario writes (`maestro run`, the web app's download): a header line
//! with the run specification, the rows chained with HMAC-SHA256, and a digest line.
//! The format is specified in `docs/log-format.md`.

use alloc::string::String;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::chain::{ChainKey, ChainWriter, hex};
use crate::json::{NonFiniteFloat, Object, line};
use crate::rng::RngKind;

/// The format name written into every log header.
pub const LOG_FORMAT: &str = "maestro-arl";

/// The log format version written into every log header.
pub const LOG_FORMAT_VERSION: u64 = crate::chain::FORMAT_VERSION;

/// A run's chain id: `chain-` and the first 12 hex digits of the SHA-256 of `seed_text`
/// (derived from the run specification, so a replay gives the same id).
pub fn chain_id(seed_text: &str) -> String {
    let mut id = String::from("chain-");
    id.push_str(hex(&Sha256::digest(seed_text.as_bytes())).get(..12).unwrap_or(""));
    id
}

/// What a header says about the run.
#[derive(Clone, Debug)]
pub struct RunHeader<'a> {
    /// The scenario id.
    pub scenario: &'a str,
    /// The seed.
    pub seed: u64,
    /// The generator.
    pub rng: RngKind,
    /// Every knob's value, as text, in the scenario's knob order.
    pub knobs: &'a [(&'static str, String)],
    /// The choices made, as tokens, in order.
    pub choices: &'a [&'a str],
    /// The knobs whose values were redacted because they held personal data (then the log
    /// cannot be replayed on its own; its share link can).
    pub redacted: &'a [&'static str],
}

/// Writes the log: header, `rows` chained under `key` as chain `chain_id`, digest.
pub fn write(
    header: &RunHeader<'_>,
    key: ChainKey,
    chain_id: String,
    rows: &mut dyn Iterator<Item = Object>,
) -> Result<String, NonFiniteFloat> {
    let mut knobs = Object::new();
    for (k, v) in header.knobs {
        knobs.insert(*k, Value::from(v.as_str()));
    }
    let mut h = Object::new();
    h.insert("record", Value::from("header"));
    h.insert("format", Value::from(LOG_FORMAT));
    h.insert("format_version", Value::from(LOG_FORMAT_VERSION));
    h.insert("engine_version", Value::from(crate::ENGINE_VERSION));
    h.insert("scenario", Value::from(header.scenario));
    h.insert("seed", Value::from(header.seed));
    h.insert("rng", Value::from(header.rng.as_str()));
    h.insert("knobs", knobs.to_value());
    if !header.redacted.is_empty() {
        h.insert("redacted", header.redacted.iter().map(|k| Value::from(*k)).collect());
    }
    h.insert("choices", header.choices.iter().map(|c| Value::from(*c)).collect());
    h.insert("key_id", Value::from(key.key_id()));
    h.insert("chain_id", Value::from(chain_id.as_str()));
    let mut out = line(&h)?;
    out.push('\n');
    let mut writer = ChainWriter::new(key, chain_id);
    let mut count = 0u64;
    for row in rows {
        out.push_str(&line(&writer.append(row)?)?);
        out.push('\n');
        count += 1;
    }
    let mut d = Object::new();
    d.insert("record", Value::from("digest"));
    d.insert("rows", Value::from(count));
    d.insert("head", Value::from(writer.head()));
    d.insert("sha256", Value::from(hex(&Sha256::digest(out.as_bytes()))));
    out.push_str(&line(&d)?);
    out.push('\n');
    Ok(out)
}
