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
use regex_automata::meta::Regex;
use regex_automata::util::syntax;

/// The legal-binding patterns, in the order they are tried, as the reference writes them.
pub const LEGAL_BINDING_PATTERNS: [&str; 6] = [
    r"\blegally binding\b",
    r"\bthis contract is binding\b",
    r"\bwe guarantee\b",
    r"\bhas legal authority\b",
    r"\bgrants? legal authority\b",
    r"\bis a legal authority\b",
];

/// The discrimination pattern, as the reference writes it.
pub const DISCRIMINATION_PATTERN: &str = r"\b(discriminat(?:e|ion)|racist|racial slur)\b";

/// The phrases a draft must contain (checked lower-cased, with `*` and `_` removed).
pub const REQUIRED_PHRASES: [&str; 4] =
    ["draft", "no operational effect", "AI is used for drafting only", "ADMIN approval"];

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

/// The compiled lint.
#[derive(Clone, Debug)]
pub struct DraftLint {
    legal: Vec<(&'static str, Regex)>,
    discrimination: Regex,
    boundary: Regex,
    negation: Regex,
}

/// Compiles a pattern case-insensitively with ASCII classes (`\b`, `\s`, case folding).
///
/// The reference uses Python's Unicode-aware `re`; on drafts, which the bench writes in
/// ASCII, the two agree, and the ASCII engine keeps the Unicode tables out of the web bundle.
fn compile(pattern: &str) -> Option<Regex> {
    Regex::builder()
        .syntax(syntax::Config::new().case_insensitive(true).unicode(false))
        .build(pattern)
        .ok()
}

impl DraftLint {
    /// Compiles the patterns; `None` only if a built-in pattern failed to compile, which the
    /// tests rule out.
    pub fn new() -> Option<Self> {
        let mut legal = Vec::with_capacity(LEGAL_BINDING_PATTERNS.len());
        for p in LEGAL_BINDING_PATTERNS {
            legal.push((p, compile(p)?));
        }
        Some(DraftLint {
            legal,
            discrimination: compile(DISCRIMINATION_PATTERN)?,
            boundary: compile(CLAUSE_BOUNDARY)?,
            negation: compile(NEGATION)?,
        })
    }

    /// Whether the match `[start, end)` is negated within its own clause.
    fn negated(&self, text: &str, start: usize, end: usize) -> bool {
        let prefix = text.get(..start).unwrap_or("");
        let clause_start = self.boundary.find_iter(prefix).last().map_or(0, |m| m.end());
        let fragment: String = text
            .get(clause_start..end)
            .unwrap_or("")
            .chars()
            .filter(|c| !matches!(c, '*' | '_' | '`'))
            .collect();
        self.negation.is_match(fragment.trim())
    }

    /// The first match of `re` in `text` that is not negated, if any.
    fn first_claim(&self, re: &Regex, text: &str) -> bool {
        re.find_iter(text).any(|m| !self.negated(text, m.start(), m.end()))
    }

    /// Lints a Markdown draft.
    pub fn check(&self, text: &str) -> LintVerdict {
        for (pattern, re) in &self.legal {
            if self.first_claim(re, text) {
                return LintVerdict::LegalBinding { pattern };
            }
        }
        if self.first_claim(&self.discrimination, text) {
            return LintVerdict::Discrimination { pattern: DISCRIMINATION_PATTERN };
        }
        let plain: String =
            text.chars().filter(|c| !matches!(c, '*' | '_')).collect::<String>().to_lowercase();
        let missing: Vec<&'static str> =
            REQUIRED_PHRASES.into_iter().filter(|p| !plain.contains(&p.to_lowercase())).collect();
        if missing.is_empty() { LintVerdict::Ok } else { LintVerdict::OutOfScope { missing } }
    }
}
