//! Generates the NFKC table of the prompt-driven benches from `unicode-normalization`.
//!
//! The full NFKC tables cost about 70 KB gzipped in a page bundle, more than a page can
//! spend. The benches' detectors look for ASCII and Japanese words, so the core normalises
//! the blocks where compatibility forms of those appear (full-width and half-width forms,
//! CJK symbols, kana, enclosed and squared CJK, letterlike and number forms, spaces and
//! punctuation, Latin-1, CJK compatibility ideographs), and composes kana with their voiced
//! sound marks. The table is generated from the library, never written by hand, and
//! `core/tests/toolproxy.rs` checks the result against the library's full NFKC.

use std::fmt::Write as _;
use unicode_normalization::UnicodeNormalization;

/// The blocks the table covers (inclusive ranges).
const COVERED: &[(u32, u32)] = &[
    (0x00A0, 0x00FF),
    (0x2000, 0x206F),
    (0x2100, 0x218F),
    (0x2460, 0x24FF),
    (0x3000, 0x30FF),
    (0x3200, 0x33FF),
    (0xF900, 0xFAFF),
    (0xFF00, 0xFFEF),
];

fn main() {
    let mut out = String::new();
    out.push_str(
        "/// The blocks the table covers (inclusive).\npub const COVERED: &[(char, char)] = &[\n",
    );
    for (a, b) in COVERED {
        let _ = writeln!(out, "    ('\\u{{{a:x}}}', '\\u{{{b:x}}}'),");
    }
    out.push_str("];\n\n/// NFKC of each covered character that it changes, sorted.\npub const MAP: &[(char, &str)] = &[\n");
    for (a, b) in COVERED {
        for c in (*a..=*b).filter_map(char::from_u32) {
            let n: String = c.to_string().nfkc().collect();
            if n != c.to_string() {
                let _ = writeln!(out, "    ({c:?}, {n:?}),");
            }
        }
    }
    out.push_str("];\n\n/// Kana and a voiced sound mark that compose, with the result, sorted.\npub const COMPOSE: &[(char, char, char)] = &[\n");
    for base in (0x3040..=0x30FF).filter_map(char::from_u32) {
        for mark in ['\u{3099}', '\u{309A}'] {
            let pair: String = [base, mark].iter().collect();
            let n: Vec<char> = pair.nfc().collect();
            if let [one] = n[..] {
                let _ = writeln!(out, "    ({base:?}, {mark:?}, {one:?}),");
            }
        }
    }
    out.push_str("];\n");
    let path = std::path::Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("nfkc.rs");
    if let Err(e) = std::fs::write(&path, out) {
        println!("cargo:warning=could not write {}: {e}", path.display());
        std::process::exit(1);
    }
    println!("cargo:rerun-if-changed=build.rs");
}
