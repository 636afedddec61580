//! Messages for people, in both languages of the site: the audit desk's verdicts, replays and
//! comparisons, and the notices of refused links, so that the browser and the CLI say the same
//! thing and a Japanese page says it in Japanese.
//! Codes, field names and values inside a message (`row_hash`, `AUTH_APPROVE`, a seed) stay as
//! they are in both languages.

use alloc::string::String;

/// One message, in English and in Japanese.
#[derive(Clone, Debug, PartialEq, Eq, Default, serde::Serialize)]
pub struct Said {
    /// In English (what the CLI prints).
    pub en: String,
    /// In Japanese.
    pub ja: String,
}

impl Said {
    /// A message from its two texts.
    pub fn new(en: impl Into<String>, ja: impl Into<String>) -> Self {
        Said { en: en.into(), ja: ja.into() }
    }

    /// The text in Japanese when `ja`, else in English.
    pub fn text(&self, ja: bool) -> &str {
        if ja { &self.ja } else { &self.en }
    }
}

impl core::fmt::Display for Said {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.en)
    }
}
