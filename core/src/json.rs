//! JSON the way the reference bench writes it, byte for byte.
//!
//! Two layouts exist:
//! - **canonical** ([`canonical`]): keys sorted by code point, separators `,` and `:`, the input
//!   of every row hash;
//! - **line** ([`line`]): the reference's JSON Lines layout, separators `, ` and `: `, keys in
//!   their given order.
//!
//! Both write non-ASCII characters raw, escape control characters as JSON requires, keep
//! integers as integers and write floats as CPython's `repr` does ([`py_float`]).

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write as _;
use serde_json::Value;

/// A JSON object whose keys keep the order they were inserted in (the reference's field order).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Object(pub Vec<(String, Value)>);

impl Object {
    /// An empty object.
    pub fn new() -> Self {
        Object(Vec::new())
    }

    /// Appends `key`, replacing an earlier value of the same key in place.
    pub fn insert(&mut self, key: impl Into<String>, value: Value) {
        let key = key.into();
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key, value)),
        }
    }

    /// The value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The fields, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// Removes `key` and returns its value.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let pos = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(pos).1)
    }

    /// This object as a `serde_json` value (keys in order).
    pub fn to_value(&self) -> Value {
        Value::Object(self.0.iter().cloned().collect())
    }
}

impl serde::Serialize for Object {
    /// Writes the object with its keys in order.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> serde::Deserialize<'de> for Object {
    /// Reads a JSON object keeping its keys in the order they appear (a repeated key keeps
    /// its first position and its last value, as CPython's `json` does).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Object;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Object, A::Error> {
                let mut obj = Object::new();
                while let Some((k, v)) = map.next_entry::<String, Value>()? {
                    obj.insert(k, v);
                }
                Ok(obj)
            }
        }
        d.deserialize_map(Visitor)
    }
}

impl From<serde_json::Map<String, Value>> for Object {
    fn from(map: serde_json::Map<String, Value>) -> Self {
        Object(map.into_iter().collect())
    }
}

/// A number that JSON cannot hold (NaN or an infinity).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NonFiniteFloat(pub f64);

/// Writes `x` as CPython's `repr(float)`: the shortest digits that round-trip, `.0` on
/// integral values, exponent form (`1e-05`, `1e+16`) below 1e-4 and from 1e16 on.
pub fn py_float(out: &mut String, x: f64) -> Result<(), NonFiniteFloat> {
    if !x.is_finite() {
        return Err(NonFiniteFloat(x));
    }
    if x == 0.0 {
        out.push_str(if x.is_sign_negative() { "-0.0" } else { "0.0" });
        return Ok(());
    }
    // Rust's `{:e}` gives the shortest round-trip digits: "-1.2345e-5".
    let mut sci = String::new();
    let _ = write!(sci, "{x:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (negative, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if negative {
        out.push('-');
    }
    if (-4..16).contains(&exp) {
        if exp >= 0 {
            let int_len = usize::try_from(exp).unwrap_or(0) + 1;
            if digits.len() <= int_len {
                out.push_str(&digits);
                out.extend(core::iter::repeat_n('0', int_len - digits.len()));
                out.push_str(".0");
            } else {
                let (int_part, frac) = digits.split_at(int_len);
                out.push_str(int_part);
                out.push('.');
                out.push_str(frac);
            }
        } else {
            out.push_str("0.");
            out.extend(core::iter::repeat_n('0', usize::try_from(-exp - 1).unwrap_or(0)));
            out.push_str(&digits);
        }
    } else {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let _ = write!(out, "e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.unsigned_abs());
    }
    Ok(())
}

/// CPython's `round(x, ndigits)`: the decimal value correctly rounded from the exact binary
/// value (ties to even), read back as the nearest float.
pub fn py_round(x: f64, ndigits: usize) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let mut text = String::new();
    let _ = write!(text, "{x:.ndigits$}");
    text.parse().unwrap_or(x)
}

fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[derive(Clone, Copy)]
struct Style {
    item_sep: &'static str,
    key_sep: &'static str,
    sort_keys: bool,
}

const CANONICAL: Style = Style { item_sep: ",", key_sep: ":", sort_keys: true };
const LINE: Style = Style { item_sep: ", ", key_sep: ": ", sort_keys: false };

fn value(out: &mut String, v: &Value, style: Style) -> Result<(), NonFiniteFloat> {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                let _ = write!(out, "{i}");
            } else if let Some(u) = n.as_u64() {
                let _ = write!(out, "{u}");
            } else {
                py_float(out, n.as_f64().unwrap_or(f64::NAN))?;
            }
        }
        Value::String(s) => string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(style.item_sep);
                }
                value(out, item, style)?;
            }
            out.push(']');
        }
        Value::Object(map) => {
            if style.sort_keys {
                let mut sorted: Vec<(&String, &Value)> = map.iter().collect();
                crate::order::sort_by(&mut sorted, |a, b| a.0.cmp(b.0));
                entries(out, sorted.into_iter(), style)?
            } else {
                entries(out, map.iter(), style)?
            }
        }
    }
    Ok(())
}

fn entries<'a>(
    out: &mut String,
    iter: impl Iterator<Item = (&'a String, &'a Value)>,
    style: Style,
) -> Result<(), NonFiniteFloat> {
    out.push('{');
    for (i, (k, v)) in iter.enumerate() {
        if i > 0 {
            out.push_str(style.item_sep);
        }
        string(out, k);
        out.push_str(style.key_sep);
        value(out, v, style)?;
    }
    out.push('}');
    Ok(())
}

/// Canonical JSON of an object: sorted keys, compact separators.
pub fn canonical(obj: &Object) -> Result<String, NonFiniteFloat> {
    let mut sorted: Vec<&(String, Value)> = obj.0.iter().collect();
    crate::order::sort_by(&mut sorted, |a, b| a.0.cmp(&b.0));
    let mut out = String::new();
    entries(&mut out, sorted.into_iter().map(|(k, v)| (k, v)), CANONICAL)?;
    Ok(out)
}

/// Canonical JSON of any value.
pub fn canonical_value(v: &Value) -> Result<String, NonFiniteFloat> {
    let mut out = String::new();
    value(&mut out, v, CANONICAL)?;
    Ok(out)
}

/// One JSON Lines record as the reference writes it (no trailing newline): keys in order,
/// separators `, ` and `: `.
pub fn line(obj: &Object) -> Result<String, NonFiniteFloat> {
    let mut out = String::new();
    entries(&mut out, obj.0.iter().map(|(k, v)| (k, v)), LINE)?;
    Ok(out)
}

/// A float as a JSON value; non-finite floats (which JSON cannot hold) become `null`.
pub fn float(x: f64) -> Value {
    serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
}

/// Pretty JSON as CPython's `json.dumps(v, indent=2, ensure_ascii=False)` writes it: two-space
/// indent, `": "` and `","` separators, keys in order, floats as `repr`.
pub fn pretty(v: &Value) -> Result<String, NonFiniteFloat> {
    fn go(out: &mut String, v: &Value, depth: usize) -> Result<(), NonFiniteFloat> {
        let pad = |out: &mut String, d: usize| {
            out.push('\n');
            out.extend(core::iter::repeat_n(' ', 2 * d));
        };
        match v {
            Value::Array(items) if !items.is_empty() => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    pad(out, depth + 1);
                    go(out, item, depth + 1)?;
                }
                pad(out, depth);
                out.push(']');
            }
            Value::Object(map) if !map.is_empty() => {
                out.push('{');
                for (i, (k, item)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    pad(out, depth + 1);
                    string(out, k);
                    out.push_str(": ");
                    go(out, item, depth + 1)?;
                }
                pad(out, depth);
                out.push('}');
            }
            other => value(out, other, LINE)?,
        }
        Ok(())
    }
    let mut out = String::new();
    go(&mut out, v, 0)?;
    Ok(out)
}
