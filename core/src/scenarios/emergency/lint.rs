//! The draft lint of v5.1.2 with the fixed, clause-scoped negation rules.
//!
//! Three checks in order, the first failure ends the lint:
//! 1. legal-binding claims (six patterns, tried in order),
//! 2. discrimination terms,
//! 3. the four required phrases.
//!
//! For checks 1 and 2 every match is examined; a match is excused only when its own clause
//! (the text from the last clause boundary before it to its end) holds an explicit negation
//! form. A negation in an earlier sentence or clause never excuses a later claim, and generic
//! words such as "no" or "never" negate nothing.

use alloc::string::String;
use alloc::vec::Vec;

/// The legal-binding patterns, in the order they are tried, as the reference writes them
/// (the `pattern` extra of a pause row); [`LEGAL_BINDING_PHRASES`] are what they match.
pub const LEGAL_BINDING_PATTERNS: [&str; 6] = [
    r"\blegally binding\b",
    r"\bthis contract is binding\b",
    r"\bwe guarantee\b",
    r"\bhas legal authority\b",
    r"\bgrants? legal authority\b",
    r"\bis a legal authority\b",
];

/// The phrases each legal-binding pattern matches: whole words, ASCII case-insensitive,
/// with exactly the spaces shown.
pub const LEGAL_BINDING_PHRASES: [&[&str]; 6] = [
    &["legally binding"],
    &["this contract is binding"],
    &["we guarantee"],
    &["has legal authority"],
    &["grants legal authority", "grant legal authority"],
    &["is a legal authority"],
];

/// The discrimination pattern, as the reference writes it.
pub const DISCRIMINATION_PATTERN: &str = r"\b(discriminat(?:e|ion)|racist|racial slur)\b";

/// The phrases the discrimination pattern matches.
pub const DISCRIMINATION_PHRASES: &[&str] =
    &["discriminate", "discrimination", "racist", "racial slur"];

/// The phrases a draft must contain (checked lower-cased, with `*` and `_` removed).
pub const REQUIRED_PHRASES: [&str; 4] =
    ["draft", "no operational effect", "AI is used for drafting only", "ADMIN approval"];

/// Punctuation that ends a clause.
const CLAUSE_PUNCTUATION: &[u8] = b".!?;:,\n";
/// Whole words that start a new clause.
const CLAUSE_WORDS: &[&str] =
    &["but", "however", "although", "though", "yet", "nevertheless", "whereas"];

/// How two words of a negation form may be joined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Joint {
    /// One or more whitespace characters (`\s+`).
    Space,
    /// A hyphen, whitespace, or nothing (`non-binding`, `non binding`, `nonbinding`).
    NonPrefix,
}

/// One slot of a negation form: alternative word sequences, possibly optional.
#[derive(Clone, Copy, Debug)]
struct Slot {
    alts: &'static [&'static str],
    optional: bool,
    joint: Joint,
}

const fn w(alts: &'static [&'static str]) -> Slot {
    Slot { alts, optional: false, joint: Joint::Space }
}

const fn opt(alts: &'static [&'static str]) -> Slot {
    Slot { alts, optional: true, joint: Joint::Space }
}

const fn after_non(alts: &'static [&'static str]) -> Slot {
    Slot { alts, optional: false, joint: Joint::NonPrefix }
}

const DO: &[&str] = &["do", "does", "did"];

/// The explicit negation forms of the reference notes, one per row of their table.
const NEGATIONS: &[&[Slot]] = &[
    &[w(&["not"]), opt(&["legally"]), w(&["binding"])],
    &[w(&["non"]), after_non(&["binding"])],
    &[w(&["no"]), opt(&["legal"]), w(&["binding effect"])],
    &[w(&["without"]), opt(&["legal"]), w(&["binding effect"])],
    &[
        w(DO),
        w(&["not"]),
        w(&["create", "have"]),
        opt(&["legal"]),
        w(&["effect", "obligation", "binding effect"]),
    ],
    &[
        w(DO),
        w(&["not"]),
        w(&["constitute"]),
        opt(&["a"]),
        w(&["contract", "binding agreement", "legal agreement"]),
    ],
    &[w(DO), w(&["not"]), w(&["grant", "create", "have"]), opt(&["legal"]), w(&["authority"])],
    &[w(&["cannot"]), w(&["grant", "create", "have"]), opt(&["legal"]), w(&["authority"])],
    &[w(&["no"]), opt(&["legal"]), w(&["authority"])],
    &[w(&["without"]), opt(&["legal"]), w(&["authority"])],
    &[w(DO), w(&["not"]), w(&["guarantee"])],
    &[w(&["cannot"]), w(&["guarantee"])],
    &[w(&["no"]), w(&["guarantee"])],
    &[w(&["not"]), w(&["discriminate", "discrimination", "discriminatory"])],
    &[w(&["non"]), after_non(&["discriminatory"])],
    &[w(&["no"]), w(&["discrimination"])],
    &[w(&["not"]), w(&["racist"])],
    &[w(&["without"]), w(&["racial"]), w(&["slurs", "slur"])],
];

/// A word character as Python's Unicode-aware `\b` sees it (letters and digits of every
/// script, and `_`).
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether a word may start at byte `i` of `t` (no word character right before it).
fn word_start(t: &str, i: usize) -> bool {
    t.get(..i).is_some_and(|before| !before.chars().next_back().is_some_and(is_word))
}

/// Whether a word may end at byte `j` of `t` (no word character right after it).
fn word_end(t: &str, j: usize) -> bool {
    t.get(j..).is_some_and(|after| !after.chars().next().is_some_and(is_word))
}

/// The bytes of whitespace (Unicode `White_Space`, as `\s` matches) starting at `i`.
fn spaces(t: &str, i: usize) -> usize {
    t.get(i..).map_or(0, |s| s.chars().take_while(|c| c.is_whitespace()).map(char::len_utf8).sum())
}

/// Where `phrase` (ASCII, case-insensitive; spaces in it stand for themselves) ends if it
/// starts at byte `i`.
fn literal(t: &str, i: usize, phrase: &str) -> Option<usize> {
    let end = i.checked_add(phrase.len())?;
    t.as_bytes().get(i..end).filter(|s| s.eq_ignore_ascii_case(phrase.as_bytes())).map(|_| end)
}

/// Leftmost non-overlapping whole-word matches of any of `phrases` (first phrase first).
fn find_phrases(text: &str, phrases: &[&str]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let hit = if word_start(text, i) {
            phrases.iter().find_map(|p| literal(text, i, p).filter(|end| word_end(text, *end)))
        } else {
            None
        };
        match hit {
            Some(end) => {
                out.push((i, end));
                i = end.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

/// The end of the last clause boundary in `prefix` (0 if none), scanning `prefix` alone.
fn clause_start(prefix: &str) -> usize {
    let t = prefix.as_bytes();
    let mut last = 0;
    let mut i = 0;
    while i < t.len() {
        let end = if t.get(i).is_some_and(|b| CLAUSE_PUNCTUATION.contains(b)) {
            Some(i + 1)
        } else if word_start(prefix, i) {
            CLAUSE_WORDS
                .iter()
                .find_map(|word| literal(prefix, i, word).filter(|end| word_end(prefix, *end)))
        } else {
            None
        };
        match end {
            Some(end) => {
                last = end;
                i = end;
            }
            None => i += 1,
        }
    }
    last
}

/// Where a multi-word alternative (words joined by `\s+`) ends if it starts at `i`.
fn words(t: &str, mut i: usize, alt: &str) -> Option<usize> {
    for (k, word) in alt.split(' ').enumerate() {
        if k > 0 {
            let n = spaces(t, i);
            if n == 0 {
                return None;
            }
            i += n;
        }
        i = literal(t, i, word)?;
    }
    Some(i)
}

/// Whether `slots` match from `i` (the first slot needs no joint before it).
fn form_at(t: &str, i: usize, slots: &[Slot], first: bool) -> bool {
    let Some((slot, rest)) = slots.split_first() else { return word_end(t, i) };
    let after_joint: Vec<usize> = if first {
        alloc::vec![i]
    } else {
        let n = spaces(t, i);
        match slot.joint {
            Joint::Space if n > 0 => alloc::vec![i + n],
            Joint::Space => Vec::new(),
            Joint::NonPrefix => {
                let mut starts = alloc::vec![i];
                if t.as_bytes().get(i) == Some(&b'-') {
                    starts.push(i + 1);
                }
                if n > 0 {
                    starts.push(i + n);
                }
                starts
            }
        }
    };
    let matched = after_joint.iter().any(|&start| {
        slot.alts
            .iter()
            .any(|alt| words(t, start, alt).is_some_and(|end| form_at(t, end, rest, false)))
    });
    matched || (slot.optional && form_at(t, i, rest, first))
}

/// Whether `fragment` holds one of the explicit negation forms.
fn has_negation(fragment: &str) -> bool {
    (0..fragment.len()).any(|i| {
        word_start(fragment, i) && NEGATIONS.iter().any(|form| form_at(fragment, i, form, true))
    })
}

/// What the lint found.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LintVerdict {
    /// All checks passed.
    Ok,
    /// A legal-binding claim; `pattern` is the reference's pattern string.
    LegalBinding {
        /// The pattern that matched.
        pattern: &'static str,
    },
    /// A discrimination term.
    Discrimination {
        /// The pattern that matched.
        pattern: &'static str,
    },
    /// Required phrases are missing (in the order of [`REQUIRED_PHRASES`]).
    OutOfScope {
        /// The missing phrases, in their original casing.
        missing: Vec<&'static str>,
    },
}

/// The draft lint. It holds no state: the phrases and negation forms are constant data.
#[derive(Clone, Copy, Debug, Default)]
pub struct DraftLint;

impl DraftLint {
    /// The lint.
    pub const fn new() -> Self {
        DraftLint
    }

    /// Whether the match `[start, end)` is negated within its own clause.
    fn negated(&self, text: &str, start: usize, end: usize) -> bool {
        let prefix = text.get(..start).unwrap_or("");
        let from = clause_start(prefix);
        let fragment: String = text
            .get(from..end)
            .unwrap_or("")
            .chars()
            .filter(|c| !matches!(c, '*' | '_' | '`'))
            .collect();
        has_negation(fragment.trim())
    }

    /// Whether some match of `phrases` in `text` is not negated.
    fn first_claim(&self, phrases: &[&str], text: &str) -> bool {
        find_phrases(text, phrases).into_iter().any(|(s, e)| !self.negated(text, s, e))
    }

    /// The ethics part alone, as the KAGE emergency orchestrator runs it: the first
    /// `binding_patterns` legal-binding patterns, then the discrimination terms (same
    /// clause-scoped negation rule); [`LintVerdict::Ok`] when nothing is claimed.
    pub fn ethics(&self, text: &str, binding_patterns: usize) -> LintVerdict {
        let patterns = LEGAL_BINDING_PATTERNS.into_iter().zip(LEGAL_BINDING_PHRASES);
        for (pattern, phrases) in patterns.take(binding_patterns) {
            if self.first_claim(phrases, text) {
                return LintVerdict::LegalBinding { pattern };
            }
        }
        if self.first_claim(DISCRIMINATION_PHRASES, text) {
            return LintVerdict::Discrimination { pattern: DISCRIMINATION_PATTERN };
        }
        LintVerdict::Ok
    }

    /// The earlier lint of v5.0.1, kept for that bench only (a known bug of the reference,
    /// fixed by [`DraftLint::check`]): only the first match of each pattern is examined, and
    /// it counts as negated when one of `not`, `no`, `cannot`, `can't`, `without`, `lacks`,
    /// `lack`, `never` occurs as a substring anywhere in the 40 characters before it.
    pub fn check_earlier(&self, text: &str) -> LintVerdict {
        const WORDS: [&str; 8] =
            ["not", "no", "cannot", "can't", "without", "lacks", "lack", "never"];
        let claimed = |phrases: &[&str]| {
            find_phrases(text, phrases).first().is_some_and(|(start, _)| {
                let before: String =
                    text.get(..*start).unwrap_or("").chars().rev().take(40).collect();
                let before: String = before.chars().rev().collect::<String>().to_lowercase();
                !WORDS.iter().any(|w| before.contains(w))
            })
        };
        for (pattern, phrases) in LEGAL_BINDING_PATTERNS.into_iter().zip(LEGAL_BINDING_PHRASES) {
            if claimed(phrases) {
                return LintVerdict::LegalBinding { pattern };
            }
        }
        if claimed(DISCRIMINATION_PHRASES) {
            return LintVerdict::Discrimination { pattern: DISCRIMINATION_PATTERN };
        }
        required(text)
    }

    /// Lints a Markdown draft.
    pub fn check(&self, text: &str) -> LintVerdict {
        let claim = self.ethics(text, LEGAL_BINDING_PATTERNS.len());
        if claim != LintVerdict::Ok {
            return claim;
        }
        required(text)
    }
}

/// Check 3: the required phrases (after removing `*` and `_`, lower-cased).
fn required(text: &str) -> LintVerdict {
    let plain: String =
        text.chars().filter(|c| !matches!(c, '*' | '_')).collect::<String>().to_lowercase();
    let missing: Vec<&'static str> =
        REQUIRED_PHRASES.into_iter().filter(|p| !plain.contains(&p.to_lowercase())).collect();
    if missing.is_empty() { LintVerdict::Ok } else { LintVerdict::OutOfScope { missing } }
}
