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

    /// The one of two texts (or values) that is in this language.
    pub fn pick<T>(self, en: T, ja: T) -> T {
        match self {
            Lang::En => en,
            Lang::Ja => ja,
        }
    }

    /// The link field that keeps this language (`&lang=ja`; English is the default).
    pub const fn link_field(self) -> &'static str {
        match self {
            Lang::En => "",
            Lang::Ja => "&lang=ja",
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
    /// Navigation: the landing.
    NavHome,
    /// Navigation: the bench.
    NavBench,
    /// Navigation: the desk.
    NavDesk,
    /// The navigation's accessible label.
    NavLabel,
    /// Unit: lessons.
    LessonsUnit,
    /// A scenario card's button.
    OpenBench,
    /// Lead-in of the scenario list.
    ScenariosLead,
    /// Label: reference module.
    Reference,
    /// Label: reference version.
    Version,
    /// Unit: layers.
    LayersUnit,
    /// Footer: nothing leaves the browser.
    LocalOnly,
    /// Footer: engine version label.
    Engine,
    /// Lesson bench
    Bench,
    /// Pick a seed and knobs, watch each gate decide, and act as the human when the run pauses.
    BenchLead,
    /// Scenario
    Scenario,
    /// Seed
    Seed,
    /// New seed
    NewSeed,
    /// Generator
    Generator,
    /// Knobs
    Knobs,
    /// Step
    StepBtn,
    /// Play
    Play,
    /// Pause
    Pause,
    /// Speed (ms per row)
    Speed,
    /// To next pause or stop
    NextStop,
    /// Back to start
    Restart,
    /// Timeline
    Timeline,
    /// rows shown
    RowsShown,
    /// Run state
    RunState,
    /// Gates
    Gates,
    /// Inspector
    Inspector,
    /// Select a row on the timeline to inspect it.
    SelectRow,
    /// What happened?
    QWhat,
    /// Where?
    QWhere,
    /// Why?
    QWhy,
    /// Was a human required?
    QHuman,
    /// How to reproduce it?
    QRepro,
    /// blocked: the run stops here
    Blocked,
    /// paused: a human must decide
    Paused,
    /// passed: the run goes on
    Passed,
    /// yes
    HumanYes,
    /// no: decided by
    HumanNo,
    /// Open this page's link (Copy link below): the same seed, knobs and choices give the same rows.
    ReproText,
    /// Your decision
    Decision,
    /// You act as
    YouAre,
    /// asked by
    AskedBy,
    /// Sealed stop
    SealedTitle,
    /// This run was stopped by a sealed safety gate. No human choice can override it: every attempt to continue is answered with NON_OVERRIDABLE_SAFETY.
    SealedText,
    /// Download ARL (.jsonl)
    Download,
    /// Copy link
    CopyLink,
    /// A control a teacher's link fixed.
    SetByTeacher,
    /// The teacher-link panel.
    TeacherLink,
    /// Fix controls.
    LockLegend,
    /// Remove controls.
    HideLegend,
    /// The projector.
    PresentLabel,
    /// The frame.
    EmbedLabel,
    /// The resulting link.
    ResultingLink,
    /// The QR code's label.
    QrLabel,
    /// Link copied
    Copied,
    /// This link could not be opened, so the default scenario is shown:
    LinkNotice,
    /// Dismiss
    Dismiss,
    /// sealed
    Sealed,
    /// overrideable
    Overrideable,
    /// Batch
    BatchTitle,
    /// Run many seeds of this setup at once (the reference bench approves every decision) and look at what happened overall.
    BatchLead,
    /// Runs
    Runs,
    /// Run batch
    RunBatch,
    /// Cancel
    Cancel,
    /// Progress
    Progress,
    /// Cancelled: the figures cover the runs done so far.
    CancelledNote,
    /// Final states
    FinalStates,
    /// Top reason codes of the HITL queue
    TopReasons,
    /// HITL queue size over the batch
    QueueOverBatch,
    /// Incidents
    Incidents,
    /// No incident: every run completed normally.
    NoIncidents,
    /// What if
    WhatIf,
    /// Compare this run with the other choice at this decision:
    WhatIfLead,
    /// Download result (.json)
    DownloadResult,
    /// Download incident index (.jsonl)
    DownloadIndex,
    /// A log as OpenTelemetry traces.
    DownloadOtlp,
    /// Data as a table
    DataTable,
    /// runs done
    RunsDone,
    /// The disabled continue button of a sealed stop.
    ContinueBtn,
    /// The story's heading.
    Story,
    /// The story: who wants what.
    StoryWho,
    /// The story: what could go wrong.
    StoryRisk,
    /// The story: what the student decides.
    StoryDecide,
    /// The current decision's heading.
    NowHeading,
    /// Before the first row.
    NowNothing,
    /// "decided by"
    DecidedBy,
    /// "row"
    RowWord,
    /// The end's heading.
    EndHeading,
    /// Heading of the human answers on the way to the end.
    AlongTheWay,
    /// The decision words, as the big card says them.
    SaysRun,
    /// A run that went through to its end.
    SaysDone,
    /// A pause for a human.
    SaysPause,
    /// A stop.
    SaysStop,
    /// A sealed stop.
    SaysSealed,
    /// The gate flow's caption: visited of all.
    FlowVisited,
    /// The gate flow's legend.
    FlowLegend,
    /// An empty chart.
    NoneWord,
    /// Before the facts of the row that asks.
    AtStake,
    /// The skip link to the current decision.
    SkipToDecision,
    /// How to move in the timeline with the keyboard.
    TimelineKeys,
    /// Where the browser gives the page no clipboard.
    CopyByHand,
    /// The x axis of a batch's charts.
    RunsAxis,
    /// What pressing Continue on a sealed stop does.
    TryOverride,
    /// "The engine answered:"
    EngineAnswered,
    /// Heading of a simulator's agent state.
    AgentsState,
    /// A round number's label.
    Round,
    /// Agent status: active.
    StatusActive,
    /// Agent status: sealed.
    StatusSealed,
    /// Agent status: banned.
    StatusBanned,
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
            Text::NavHome => ("Scenarios", "シナリオ"),
            Text::NavBench => ("Bench", "ベンチ"),
            Text::NavDesk => ("Lessons and audit desk", "レッスンと監査デスク"),
            Text::NavLabel => ("Views", "表示"),
            Text::LessonsUnit => ("lessons", "レッスン"),
            Text::OpenBench => ("Open the bench", "ベンチを開く"),
            Text::ScenariosLead => (
                "Every bench of the reference orchestrator, re-implemented in Rust and run in your browser: pick one to watch its gates decide.",
                "参照オーケストレーターのすべてのベンチを Rust で再実装し、ブラウザ内で実行します。1 つ選んでゲートの判断を見てください。",
            ),
            Text::Reference => ("reference module", "参照モジュール"),
            Text::Version => ("version", "バージョン"),
            Text::LayersUnit => ("layers", "レイヤー"),
            Text::LocalOnly => (
                "Everything runs in this page. Nothing is sent anywhere.",
                "すべてこのページ内で動きます。どこにも送信しません。",
            ),
            Text::Engine => ("engine", "エンジン"),
            Text::Bench => ("Lesson bench", "レッスン・ベンチ"),
            Text::BenchLead => (
                "Pick a seed and knobs, watch each gate decide, and act as the human when the run pauses.",
                "シードとノブを選び、各ゲートの判断を見て、一時停止したら人として判断します。",
            ),
            Text::Scenario => ("Scenario", "シナリオ"),
            Text::Seed => ("Seed", "シード"),
            Text::NewSeed => ("New seed", "新しいシード"),
            Text::Generator => ("Generator", "乱数生成器"),
            Text::Knobs => ("Knobs", "ノブ"),
            Text::StepBtn => ("Step", "1 行進む"),
            Text::Play => ("Play", "再生"),
            Text::Pause => ("Pause", "一時停止"),
            Text::Speed => ("Speed (ms per row)", "速度(1 行あたり ms)"),
            Text::NextStop => ("To next pause or stop", "次の停止まで"),
            Text::Restart => ("Back to start", "最初に戻る"),
            Text::Timeline => ("Timeline", "タイムライン"),
            Text::RowsShown => ("rows shown", "行を表示"),
            Text::RunState => ("Run state", "実行状態"),
            Text::Gates => ("Gates", "ゲート"),
            Text::Inspector => ("Inspector", "インスペクター"),
            Text::SelectRow => (
                "Select a row on the timeline to inspect it.",
                "タイムラインの行を選ぶと詳しく表示します。",
            ),
            Text::QWhat => ("What happened?", "何が起きたか?"),
            Text::QWhere => ("Where?", "どこで?"),
            Text::QWhy => ("Why?", "なぜ?"),
            Text::QHuman => ("Was a human required?", "人の判断が必要か?"),
            Text::QRepro => ("How to reproduce it?", "どう再現するか?"),
            Text::Blocked => ("blocked: the run stops here", "阻止:実行はここで止まる"),
            Text::Paused => ("paused: a human must decide", "一時停止:人が判断する"),
            Text::Passed => ("passed: the run goes on", "通過:実行は続く"),
            Text::HumanYes => ("yes", "はい"),
            Text::HumanNo => ("no: decided by", "いいえ:決定者"),
            Text::ReproText => (
                "Open this page's link (Copy link below): the same seed, knobs and choices give the same rows.",
                "このページのリンク(下の「リンクをコピー」)を開くと、同じシード・ノブ・選択で同じ行が得られます。",
            ),
            Text::Decision => ("Your decision", "あなたの判断"),
            Text::YouAre => ("You act as", "あなたの役割:"),
            Text::AskedBy => ("asked by", "要求元"),
            Text::SealedTitle => ("Sealed stop", "封印停止"),
            Text::SealedText => (
                "This run was stopped by a sealed safety gate. No human choice can override it: the engine answers every attempt to continue with another sealed stop.",
                "この実行は封印された安全ゲートで停止しました。人のどの選択でも覆せません。続行の試みには、エンジンがさらに封印された停止で応えます。",
            ),
            Text::Download => ("Download ARL (.jsonl)", "ARL をダウンロード(.jsonl)"),
            Text::CopyLink => ("Copy link", "リンクをコピー"),
            Text::SetByTeacher => ("Set by your teacher:", "先生が設定:"),
            Text::TeacherLink => ("Teacher link (QR)", "先生用リンク(QR)"),
            Text::LockLegend => ("Lock", "固定"),
            Text::HideLegend => ("Hide", "非表示"),
            Text::PresentLabel => ("Projector mode", "プロジェクター表示"),
            Text::EmbedLabel => ("For a frame in a course page", "授業ページの枠用"),
            Text::ResultingLink => ("The link", "リンク"),
            Text::QrLabel => ("QR code of the link", "リンクの QR コード"),
            Text::Copied => ("Link copied", "リンクをコピーしました"),
            Text::LinkNotice => (
                "This link could not be opened, so the default scenario is shown:",
                "このリンクは開けなかったため、既定のシナリオを表示しています:",
            ),
            Text::Dismiss => ("Dismiss", "閉じる"),
            Text::Sealed => ("sealed", "封印"),
            Text::Overrideable => ("overrideable", "上書き可"),
            Text::BatchTitle => ("Batch", "バッチ"),
            Text::BatchLead => (
                "Run many seeds of this setup at once (the reference bench approves every decision) and look at what happened overall.",
                "この設定で多数の実行をまとめて行い(参照ベンチと同じくすべて承認)、全体として何が起きたかを見ます。",
            ),
            Text::Runs => ("Runs", "実行数"),
            Text::RunBatch => ("Run batch", "バッチ実行"),
            Text::Cancel => ("Cancel", "中止"),
            Text::Progress => ("Progress", "進捗"),
            Text::CancelledNote => (
                "Cancelled: the figures cover the runs done so far.",
                "中止しました:図は実行済みの分だけを示します。",
            ),
            Text::FinalStates => ("Final states", "最終状態"),
            Text::TopReasons => {
                ("Top reason codes of the HITL queue", "HITL キューの主な理由コード")
            }
            Text::QueueOverBatch => {
                ("HITL queue size over the batch", "バッチ中の HITL キューの長さ")
            }
            Text::Incidents => ("Incidents", "インシデント"),
            Text::NoIncidents => (
                "No incident: every run completed normally.",
                "インシデントなし:すべての実行が正常に完了しました。",
            ),
            Text::WhatIf => ("What if", "もしも"),
            Text::WhatIfLead => (
                "Compare this run with the other choice at this decision:",
                "この判断で別の選択をした実行と比較します:",
            ),
            Text::DownloadResult => ("Download result (.json)", "結果をダウンロード(.json)"),
            Text::DownloadIndex => {
                ("Download incident index (.jsonl)", "インシデント索引をダウンロード(.jsonl)")
            }
            Text::DownloadOtlp => ("OpenTelemetry traces", "OpenTelemetry トレース"),
            Text::DataTable => ("Data as a table", "表で見る"),
            Text::AgentsState => ("Agents", "エージェント"),
            Text::Round => ("round", "ラウンド"),
            Text::StatusActive => ("active", "活動中"),
            Text::StatusSealed => ("sealed", "封印"),
            Text::StatusBanned => ("banned", "禁止"),
            Text::RunsDone => ("runs done", "実行済み"),
            Text::ContinueBtn => ("Continue", "続行"),
            Text::Story => ("The story", "状況"),
            Text::StoryWho => ("Who wants what", "誰が何を望むか"),
            Text::StoryRisk => ("What could go wrong", "何が起こりうるか"),
            Text::StoryDecide => ("What you decide", "あなたが決めること"),
            Text::NowHeading => ("The decision now", "いまの判断"),
            Text::NowNothing => (
                "Nothing has happened yet: press Step or Play.",
                "まだ何も起きていない。「ステップ」か「再生」を押す。",
            ),
            Text::DecidedBy => ("decided by", "判断者"),
            Text::RowWord => ("row", "行"),
            Text::EndHeading => ("How the run ended", "実行の結末"),
            Text::AlongTheWay => ("The human answers on the way:", "途中での人間の回答:"),
            Text::SaysRun => ("RUN — it goes on", "RUN — 続行"),
            Text::SaysDone => ("RUN — it went through", "RUN — 最後まで進んだ"),
            Text::SaysPause => ("PAUSE — a human must decide", "PAUSE — 人間の判断が必要"),
            Text::SaysStop => ("STOPPED", "STOPPED — 停止"),
            Text::SaysSealed => {
                ("STOPPED and SEALED — no one can override it", "STOPPED・封印 — 誰も覆せない")
            }
            Text::FlowVisited => ("gates reached", "到達したゲート"),
            Text::FlowLegend => (
                "The line runs in the order reached. ‖ paused, ■ stopped, ◆ sealed, ★ deciding gate.",
                "線は到達順。‖ 判断待ち、■ 停止、◆ 封印、★ 決め手。",
            ),
            Text::TryOverride => (
                "Try it: ask the engine to go on anyway.",
                "試してみよう:それでも続けるようエンジンに求める。",
            ),
            Text::EngineAnswered => ("The engine answered:", "エンジンの応答:"),
            Text::NoneWord => ("none", "なし"),
            Text::AtStake => ("At stake:", "判断の材料:"),
            Text::SkipToDecision => ("Skip to the current decision", "現在の判断へ移動"),
            Text::TimelineKeys => (
                "Arrow keys move between rows; Home and End go to the first and the last.",
                "矢印キーで行を移動、Home と End で最初と最後の行へ。",
            ),
            Text::CopyByHand => (
                "The page cannot copy here: the link is selected, press Ctrl+C (⌘C on a Mac).",
                "ここではコピーできません。選択したリンクで Ctrl+C(Mac は ⌘C)を押してください。",
            ),
            Text::RunsAxis => ("runs", "実行数"),
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

/// The strings of the lessons, codebook and audit desk page (`desk/`), apart from [`Text`] so
/// that each page's bundle carries only its own strings. The few strings both pages show
/// (motto, footer, seal flags) are in both enums; a test checks that they agree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeskText {
    /// Heading of the class report.
    ClassReport,
    /// What the class report does.
    ClassLead,
    /// The class report's file picker.
    ClassPick,
    /// Download the class table as CSV.
    ClassCsv,
    /// Clear the class.
    ClassClear,
    /// The table's column heads, separated by `|`.
    ClassColumns,
    /// Show more rows
    ShowMore,
    /// rows not listed
    RowsHidden,
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
    /// Column: what a code means.
    Meaning,
    /// The tamper control's title.
    TamperTitle,
    /// What the tamper control is for.
    TamperLead,
    /// Its row field.
    TamperRow,
    /// Its field selector.
    TamperField,
    /// Its value field.
    TamperValue,
    /// Its button.
    TamperBtn,
    /// "Lesson" before a lesson's number.
    LessonWord,
    /// The toggle that shows the teacher's answers.
    ShowTeacher,
    /// The opened log's rows, for screen readers.
    OpenedRows,
    /// Heading of the pack example.
    PackExample,
    /// Explanation of the pack example.
    PackExampleLead,
    /// Audit desk
    Desk,
    /// Open an ARL log to verify its hash chain, replay it from its header, or compare two runs. Files are read in this tab only; nothing is uploaded.
    DeskLead,
    /// Open a log (.jsonl)
    OpenLog,
    /// …or drop a .jsonl file here
    DropHere,
    /// HMAC key (empty: the demo key; kept in this tab's memory only)
    KeyLabel,
    /// Verify chain
    VerifyBtn,
    /// Replay from header
    ReplayBtn,
    /// This log has no header (an incident file, for instance): it can be verified, not replayed.
    NoHeaderNote,
    /// Notes
    Notes,
    /// more notes
    MoreNotes,
    /// Recorded
    Recorded,
    /// Replayed
    Replayed,
    /// line
    Line,
    /// Compare two runs
    Compare,
    /// Paste two share links, or choose two log files; rows are aligned by gate and differences highlighted.
    CompareLead,
    /// Run A
    RunA,
    /// Run B
    RunB,
    /// share link (https://…/?v=1&s=…)
    LinkPlaceholder,
    /// or a log file
    OrFile,
    /// Compare
    CompareBtn,
    /// changed
    Changed,
    /// file
    FileLoaded,
    /// Lessons
    Lessons,
    /// The lesson list's scenario picker.
    LessonScenario,
    /// The lessons are on their way.
    LessonsLoading,
    /// The lessons could not be loaded (the reason follows).
    LessonsFailed,
    /// Try loading the lessons again.
    LessonsRetry,
    /// The picker's choice of every scenario.
    AllScenarios,
    /// Each lesson opens an exact run with a share link; watch the highlighted row, answer the questions, then compare with the teacher's notes.
    LessonsLead,
    /// Goal
    LessonGoal,
    /// Framing
    LessonFraming,
    /// Questions
    LessonQuestions,
    /// For the teacher
    LessonTeacher,
    /// Open this run in the bench
    OpenLesson,
    /// Look at row
    LessonRow,
    /// Paths
    LessonCovers,
    /// sealed
    Sealed,
    /// overrideable
    Overrideable,
}

impl DeskText {
    /// The (English, Japanese) pair.
    pub const fn pair(self) -> (&'static str, &'static str) {
        match self {
            DeskText::ClassReport => ("Class report", "クラスのレポート"),
            DeskText::ClassLead => (
                "A class's logs (up to 200 files of 4 MiB): each verified and replayed, the answers and ends summed up, in this tab only.",
                "クラスのログ(4 MiB までを最大 200 個)を検証・再実行し、回答と結果を集計します。このタブの中だけで処理します。",
            ),
            DeskText::ClassPick => ("Add logs", "ログを追加"),
            DeskText::ClassCsv => ("Download the table (.csv)", "表をダウンロード(.csv)"),
            DeskText::ClassClear => ("Clear the class", "クラスを消去"),
            DeskText::ClassColumns => (
                "#|File|Verdict|Scenario|Seed|Answers|Outcome|Same run",
                "#|ファイル|判定|シナリオ|シード|回答|結果|同じ実行",
            ),
            DeskText::ShowMore => ("Show more rows", "さらに行を表示"),
            DeskText::RowsHidden => ("rows not listed", "行は未表示"),
            DeskText::Codebook => ("Log codebook", "ログ・コードブック"),
            DeskText::CodebookLead => (
                "Every audit-row string has a small id, used to pack a row header into 20 bits. It is an encoding, not encryption.",
                "監査行の各文字列には小さな ID があり、行ヘッダーを 20 ビットに詰めるのに使います。暗号化ではなく符号化です。",
            ),
            DeskText::Layers => ("Layers", "レイヤー"),
            DeskText::Decisions => ("Decisions", "判定"),
            DeskText::Deciders => ("Final deciders", "最終決定者"),
            DeskText::ReasonCodes => ("Reason codes", "理由コード"),
            DeskText::Id => ("id", "ID"),
            DeskText::Name => ("name", "名前"),
            DeskText::PackExample => ("Packing a row header", "行ヘッダーのパック"),
            DeskText::PackExampleLead => (
                "relativity_gate, PAUSE_FOR_HITL, unsealed, overrideable, SYSTEM, REL_BOUNDARY_UNSTABLE packs to",
                "relativity_gate・PAUSE_FOR_HITL・非封印・上書き可・SYSTEM・REL_BOUNDARY_UNSTABLE をパックすると",
            ),
            DeskText::Desk => ("Audit desk", "監査デスク"),
            DeskText::DeskLead => (
                "Open an ARL log to verify its hash chain, replay it from its header, or compare two runs. Files are read in this tab only; nothing is uploaded.",
                "ARL ログを開いてハッシュチェーンを検証し、ヘッダーから再実行し、2 つの実行を比較します。ファイルはこのタブの中だけで読み込まれ、どこにも送信されません。",
            ),
            DeskText::OpenLog => ("Open a log (.jsonl)", "ログを開く(.jsonl)"),
            DeskText::DropHere => {
                ("…or drop a .jsonl file here", "…または .jsonl ファイルをここへドロップ")
            }
            DeskText::KeyLabel => (
                "HMAC key (empty: the demo key; kept in this tab's memory only)",
                "HMAC 鍵(空欄ならデモ鍵。このタブのメモリにのみ保持)",
            ),
            DeskText::VerifyBtn => ("Verify chain", "チェーンを検証"),
            DeskText::ReplayBtn => ("Replay from header", "ヘッダーから再実行"),
            DeskText::NoHeaderNote => (
                "This log has no header (an incident file, for instance): it can be verified, not replayed.",
                "このログにはヘッダーがありません(インシデントファイルなど)。検証はできますが再実行はできません。",
            ),
            DeskText::Notes => ("Notes", "注記"),
            DeskText::MoreNotes => ("more notes", "件の注記(省略)"),
            DeskText::Recorded => ("Recorded", "記録"),
            DeskText::Replayed => ("Replayed", "再実行"),
            DeskText::Line => ("line", "行"),
            DeskText::Compare => ("Compare two runs", "2 つの実行を比較"),
            DeskText::CompareLead => (
                "Paste two share links, or choose two log files; rows are aligned by gate and differences highlighted.",
                "共有リンクを 2 つ貼り付けるか、ログファイルを 2 つ選びます。行はゲートごとに揃えられ、違いが強調されます。",
            ),
            DeskText::RunA => ("Run A", "実行 A"),
            DeskText::RunB => ("Run B", "実行 B"),
            DeskText::LinkPlaceholder => {
                ("share link (https://…/?v=1&s=…)", "共有リンク(https://…/?v=1&s=…)")
            }
            DeskText::OrFile => ("or a log file", "またはログファイル"),
            DeskText::CompareBtn => ("Compare", "比較"),
            DeskText::Changed => ("changed", "変更"),
            DeskText::Meaning => ("Meaning", "意味"),
            DeskText::TamperTitle => ("Tamper with the log", "ログを改変する"),
            DeskText::TamperLead => (
                "Change one field of one row; verification then names the row whose hash no longer matches.",
                "1 行の 1 項目を変えると、検証がハッシュの合わない行を示します。",
            ),
            DeskText::TamperRow => ("Row", "行"),
            DeskText::TamperField => ("Field", "項目"),
            DeskText::TamperValue => ("New value", "新しい値"),
            DeskText::TamperBtn => ("Change it", "変更する"),
            DeskText::LessonWord => ("Lesson", "レッスン"),
            DeskText::ShowTeacher => ("Show the answers for the teacher", "教師向けの解答を表示"),
            DeskText::OpenedRows => ("The opened log's rows", "開いたログの行"),
            DeskText::FileLoaded => ("file", "ファイル"),
            DeskText::Lessons => ("Lessons", "レッスン"),
            DeskText::LessonScenario => ("Lessons of", "レッスンの対象"),
            DeskText::LessonsLoading => ("Loading the lessons…", "レッスンを読み込んでいます…"),
            DeskText::LessonsFailed => (
                "The lessons could not be loaded; the bench and the audit desk still work.",
                "レッスンを読み込めませんでした。ベンチと監査デスクは引き続き使えます。",
            ),
            DeskText::LessonsRetry => ("Try again", "もう一度試す"),
            DeskText::AllScenarios => ("Every scenario", "すべてのシナリオ"),
            DeskText::LessonsLead => (
                "Each lesson opens an exact run with a share link; watch the highlighted row, answer the questions, then compare with the teacher's notes.",
                "各レッスンは共有リンクで特定の実行をそのまま開きます。強調された行を見て質問に答え、教師向けメモと照らし合わせましょう。",
            ),
            DeskText::LessonGoal => ("Goal", "目標"),
            DeskText::LessonFraming => ("Framing", "導入"),
            DeskText::LessonQuestions => ("Questions", "質問"),
            DeskText::LessonTeacher => ("For the teacher", "教師向け"),
            DeskText::OpenLesson => ("Open this run in the bench", "この実行をベンチで開く"),
            DeskText::LessonRow => ("Look at row", "注目する行"),
            DeskText::LessonCovers => ("Paths", "経路"),
            DeskText::Sealed => ("sealed", "封印"),
            DeskText::Overrideable => ("overrideable", "上書き可"),
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
