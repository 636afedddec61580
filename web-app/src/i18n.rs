//! Interface strings in English and Japanese.
//!
//! [`Text`] is an exhaustive enum and [`Text::pair`] an exhaustive match, so a key without
//! either language does not compile.

/// The interface language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Japanese.
    Ja,
}

impl Lang {
    /// The BCP 47 tag, for the `lang` attribute.
    pub const fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }
}

/// Every interface string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    /// The product name.
    AppTitle,
    /// The reference bench's motto.
    Motto,
    /// The language switch's label.
    Language,
    /// Heading of the scenario list.
    Scenarios,
    /// Lead-in of the scenario list.
    ScenariosLead,
    /// Label: scenario id.
    ScenarioId,
    /// Label: family.
    Family,
    /// Label: reference module.
    Reference,
    /// Label: reference version.
    Version,
    /// Label: vocabulary size.
    Vocabulary,
    /// Unit: layers.
    LayersUnit,
    /// Unit: reason codes.
    ReasonsUnit,
    /// Heading of the codebook view.
    Codebook,
    /// Lead-in of the codebook view.
    CodebookLead,
    /// Table heading: layers.
    Layers,
    /// Table heading: decisions.
    Decisions,
    /// Table heading: deciders.
    Deciders,
    /// Table heading: reason codes.
    ReasonCodes,
    /// Column: id.
    Id,
    /// Column: name.
    Name,
    /// Heading of the pack example.
    PackExample,
    /// Explanation of the pack example.
    PackExampleLead,
    /// Footer: nothing leaves the browser.
    LocalOnly,
    /// Footer: engine version label.
    Engine,
}

impl Text {
    /// (English, Japanese).
    pub const fn pair(self) -> (&'static str, &'static str) {
        match self {
            Text::AppTitle => ("Maestro Bench", "Maestro Bench(マエストロ・ベンチ)"),
            Text::Motto => (
                "If uncertain, stop. If risky, escalate.",
                "不確かなら止める。危ういなら人に上げる。",
            ),
            Text::Language => ("Language", "言語"),
            Text::Scenarios => ("Scenarios", "シナリオ"),
            Text::ScenariosLead => (
                "Benches of the reference orchestrator, re-implemented in Rust and run in your browser.",
                "参照オーケストレーターのベンチを Rust で再実装し、ブラウザ内で実行します。",
            ),
            Text::ScenarioId => ("id", "ID"),
            Text::Family => ("family", "ファミリー"),
            Text::Reference => ("reference module", "参照モジュール"),
            Text::Version => ("version", "バージョン"),
            Text::Vocabulary => ("vocabulary", "語彙"),
            Text::LayersUnit => ("layers", "レイヤー"),
            Text::ReasonsUnit => ("reason codes", "理由コード"),
            Text::Codebook => ("Log codebook", "ログ・コードブック"),
            Text::CodebookLead => (
                "Every audit-row string has a small id, used to pack a row header into 20 bits. It is an encoding, not encryption.",
                "監査行の各文字列には小さな ID があり、行ヘッダーを 20 ビットに詰めるのに使います。暗号化ではなく符号化です。",
            ),
            Text::Layers => ("Layers", "レイヤー"),
            Text::Decisions => ("Decisions", "判定"),
            Text::Deciders => ("Final deciders", "最終決定者"),
            Text::ReasonCodes => ("Reason codes", "理由コード"),
            Text::Id => ("id", "ID"),
            Text::Name => ("name", "名前"),
            Text::PackExample => ("Packing a row header", "行ヘッダーのパック"),
            Text::PackExampleLead => (
                "relativity_gate, PAUSE_FOR_HITL, unsealed, overrideable, SYSTEM, REL_BOUNDARY_UNSTABLE packs to",
                "relativity_gate・PAUSE_FOR_HITL・非封印・上書き可・SYSTEM・REL_BOUNDARY_UNSTABLE をパックすると",
            ),
            Text::LocalOnly => (
                "Everything runs in this page. Nothing is sent anywhere.",
                "すべてこのページ内で動きます。どこにも送信しません。",
            ),
            Text::Engine => ("engine", "エンジン"),
        }
    }

    /// The text in `lang`.
    pub const fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.pair().0,
            Lang::Ja => self.pair().1,
        }
    }
}
