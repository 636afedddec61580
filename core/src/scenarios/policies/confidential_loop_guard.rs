//! The end-to-end confidential loop-guard (`kage_end_to_end_confidential_loopguard_v1_0.py`):
//! an agent keeps leaking confidential content, the mediator keeps asking for a revision, the
//! orchestrator notifies the user, warns at the last revision before the budget (the user
//! answers `ACK`, `CONTINUE` or `STOP`) and ends the session when the budget is spent.
//! No row is sealed, and the log never holds the leaked content: every row is checked for an
//! email-like string or a `secret_token=` value before it is written, and refused (the run
//! then ends, fail closed) if it has one.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use serde_json::Value;

use crate::arl::{JsonExtras, Row, Seal};
use crate::face::{KnobInfo, PathInfo, RequestError, RunRequest, TAMPER_PATH, path};
use crate::json::Object;
use crate::knob::{KnobSet, knobs};
use crate::stepwise::{Bench, Emitter, Ruling, answer};
use crate::vocab::{Code, Decision, Family, FinalDecider};
use crate::vocabulary;

/// This bench's answer, typed by its [`Choice`].
type Answer = crate::stepwise::Answer<Choice>;
/// This bench's point, typed by its [`Choice`].
type Point = crate::stepwise::Point<Choice>;
/// This bench's next step, typed by its [`Choice`].
type Next = crate::stepwise::Next<Choice>;

vocabulary! {
    /// The loop-guard's layers.
    pub enum Layer {
        /// The agent writes (or revises) a draft.
        AgentDraft = "agent_draft",
        /// The mediator reviews the draft.
        MediatorAdvice = "mediator_advice",
        /// A notice to the user.
        HitlNotifyUser = "hitl_notify_user",
        /// The revision-loop guard.
        RrlLoopGuard = "rrl_loop_guard",
        /// The user's answer to the warning.
        HitlFinalize = "hitl_finalize",
        /// The draft is sent on.
        Dispatch = "dispatch",
        /// The session's result is fixed.
        Finalize = "finalize",
        /// The session ends.
        SessionEnd = "session_end",
    }
}

vocabulary! {
    /// The loop-guard's reason codes.
    pub enum Reason {
        /// The first draft.
        AgentDraftCreated = "AGENT_DRAFT_CREATED",
        /// A revised draft.
        AgentRevisedCreated = "AGENT_REVISED_CREATED",
        /// The draft is clean.
        MediatorOk = "MEDIATOR_OK",
        /// The draft holds confidential content: revise.
        MediatorRevisionRequestConfidential = "MEDIATOR_REVISION_REQUEST_CONFIDENTIAL",
        /// The user is told a revision was requested.
        HitlNotifyRevisionRequest = "HITL_NOTIFY_REVISION_REQUEST",
        /// The last revision before the budget: a warning.
        HitlWarnRev3 = "HITL_WARN_REV3",
        /// The revision budget is spent.
        MaxRevExceeded = "MAX_REV_EXCEEDED",
        /// The user is told the session ended.
        HitlNotifySessionEnded = "HITL_NOTIFY_SESSION_ENDED",
        /// The user acknowledged the warning.
        HitlAck = "HITL_ACK",
        /// The user chose to continue.
        HitlContinue = "HITL_CONTINUE",
        /// The user stopped.
        HitlStop = "HITL_STOP",
        /// The draft was sent on.
        Dispatch = "DISPATCH",
        /// The session's result is fixed.
        Finalize = "FINALIZE",
        /// The session ended.
        SessionEnd = "SESSION_END",
    }
}

/// The loop-guard family: nothing it writes is sealed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoopGuard;

impl Family for LoopGuard {
    const ID: &'static str = ID;
    type Layer = Layer;
    type Reason = Reason;
    type Extras = JsonExtras;
    fn may_seal(_layer: Layer) -> bool {
        false
    }
    fn is_relativity(_layer: Layer) -> bool {
        false
    }
}

/// Whether `text` holds an email-like string (`x@y.z`: non-space text, `@`, a dot after it).
pub fn has_email(text: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == ',' || c == ';').any(
        |word| match word.split_once('@') {
            Some((user, host)) => {
                !user.is_empty()
                    && host.split_once('.').is_some_and(|(a, b)| !a.is_empty() && !b.is_empty())
            }
            None => false,
        },
    )
}

/// Whether `text` holds `secret_token` followed by optional spaces, `=`, optional spaces and a
/// non-space value (case-insensitive).
pub fn has_secret_token(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("secret_token") {
        let after = rest.get(at + "secret_token".len()..).unwrap_or("");
        let after = after.trim_start_matches(' ');
        if let Some(value) = after.strip_prefix('=') {
            let value = value.trim_start_matches(' ');
            if value.chars().next().is_some_and(|c| !c.is_whitespace()) {
                return true;
            }
        }
        rest = rest.get(at + 1..).unwrap_or("");
    }
    false
}

knobs! {
    /// The knobs.
    pub struct Knobs {
        max_same_issue: u64 = KnobInfo::integer(
            "max_same_issue",
            1,
            10,
            "4",
            "Revision requests for the same issue before the session ends (the warning comes one before).",
            "セッションを終えるまでの同じ問題への修正依頼の回数(警告はその 1 回前)。",
        ),
        clean_from_attempt: u64 = KnobInfo::integer(
            "clean_from_attempt",
            0,
            10,
            "0",
            "The attempt from which the agent stops leaking (0: it always leaks, as in the reference).",
            "エージェントが漏えいをやめる試行回(0:参照実装と同じく常に漏えいする)。",
        ),
    }
}

/// The knobs' descriptions, in form order.
pub const KNOBS: &[KnobInfo] = Knobs::INFO;

/// What the user answers at the warning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Acknowledge the warning (the agent revises).
    Ack,
    /// Continue.
    Continue,
    /// Stop the session.
    Stop,
}

/// The user's answers to the warning.
pub const ANSWERS: &[Answer] = &[
    answer(
        "warn:ack",
        "ACK",
        Choice::Ack,
        "Acknowledge: the loop goes on to its budget (HITL_ACK).",
        "確認:ループは上限まで続く(HITL_ACK)。",
    ),
    answer(
        "warn:continue",
        "CONTINUE",
        Choice::Continue,
        "Continue: the loop goes on to its budget (HITL_CONTINUE).",
        "続行:ループは上限まで続く(HITL_CONTINUE)。",
    ),
    answer(
        "warn:stop",
        "STOP",
        Choice::Stop,
        "Stop now: the session ends (HITL_STOP).",
        "今すぐ停止:セッションを終える(HITL_STOP)。",
    ),
];

/// A run of the loop-guard.
#[derive(Clone, Debug)]
pub struct ConfidentialLoopGuard {
    k: Knobs,
    attempt: u64,
    same_issue: u64,
    decision: Decision,
    waiting: bool,
}

fn meta(pairs: Vec<(&'static str, Value)>) -> Vec<(&'static str, Value)> {
    let mut o = Object::new();
    for (k, v) in pairs {
        o.insert(k, v);
    }
    vec![("meta", o.to_value())]
}

impl ConfidentialLoopGuard {
    fn draft(&self) -> String {
        if self.k.clean_from_attempt > 0 && self.attempt >= self.k.clean_from_attempt {
            format!(
                "Draft v{}: a summary of the incident report without confidential data.",
                self.attempt
            )
        } else {
            format!(
                "Draft v{}: send it to alice@example.com, secret_token=sk_live_{}X9",
                self.attempt, self.attempt
            )
        }
    }

    /// Writes a row unless its JSON would hold confidential content (then the run ends).
    fn emit(
        &mut self,
        out: &mut Emitter<LoopGuard>,
        ruling: Ruling<Layer, Reason>,
        extras: Vec<(&'static str, Value)>,
    ) {
        // Fail closed: a row that would hold confidential content, or that cannot be read to
        // be inspected, is refused.
        let leaks = |t: &str| has_email(t) || has_secret_token(t);
        if let Err(why) =
            crate::stepwise::inspect(&extras, &leaks, "a row would hold confidential content")
        {
            out.refuse(&alloc::format!("{why}"));
            return;
        }
        out.rule(ruling, extras);
    }

    fn end_session(&mut self, out: &mut Emitter<LoopGuard>, stopped_by: &'static str) -> Next {
        let sys = FinalDecider::System;
        self.emit(
            out,
            Ruling {
                layer: Layer::Finalize,
                decision: Decision::Stopped,
                seal: Seal::Fixed,
                decider: sys,
                reason: Reason::Finalize,
            },
            meta(vec![("stopped_by", Value::from(stopped_by))]),
        );
        self.emit(
            out,
            Ruling {
                layer: Layer::SessionEnd,
                decision: Decision::Stopped,
                seal: Seal::Fixed,
                decider: sys,
                reason: Reason::SessionEnd,
            },
            meta(vec![("revision_count", Value::from(self.same_issue))]),
        );
        self.decision = Decision::Stopped;
        Next::End
    }

    /// One attempt from the draft on: a clean draft is dispatched; a leaking one is counted,
    /// warned about, or ends the session.
    fn attempt(&mut self, out: &mut Emitter<LoopGuard>) -> Next {
        self.attempt += 1;
        let sys = FinalDecider::System;
        let reason =
            if self.attempt == 1 { Reason::AgentDraftCreated } else { Reason::AgentRevisedCreated };
        self.emit(
            out,
            Ruling {
                layer: Layer::AgentDraft,
                decision: Decision::Run,
                seal: Seal::Fixed,
                decider: sys,
                reason,
            },
            meta(vec![("attempt", Value::from(self.attempt))]),
        );
        let draft = self.draft();
        if !(has_email(&draft) || has_secret_token(&draft)) {
            self.emit(
                out,
                Ruling {
                    layer: Layer::MediatorAdvice,
                    decision: Decision::Run,
                    seal: Seal::Fixed,
                    decider: sys,
                    reason: Reason::MediatorOk,
                },
                meta(vec![("attempt", Value::from(self.attempt))]),
            );
            self.emit(
                out,
                Ruling {
                    layer: Layer::Dispatch,
                    decision: Decision::Run,
                    seal: Seal::Fixed,
                    decider: sys,
                    reason: Reason::Dispatch,
                },
                meta(vec![("attempt", Value::from(self.attempt))]),
            );
            self.emit(
                out,
                Ruling {
                    layer: Layer::Finalize,
                    decision: Decision::Run,
                    seal: Seal::Fixed,
                    decider: sys,
                    reason: Reason::Finalize,
                },
                meta(vec![("attempt", Value::from(self.attempt))]),
            );
            self.decision = Decision::Run;
            return Next::End;
        }
        self.emit(
            out,
            Ruling {
                layer: Layer::MediatorAdvice,
                decision: Decision::PauseForHitl,
                seal: Seal::Overrideable,
                decider: sys,
                reason: Reason::MediatorRevisionRequestConfidential,
            },
            meta(vec![
                ("attempt", Value::from(self.attempt)),
                ("summary", Value::from("confidential content detected (redacted)")),
            ]),
        );
        self.same_issue += 1;
        if self.same_issue >= self.k.max_same_issue {
            let count = Value::from(self.same_issue);
            self.emit(
                out,
                Ruling {
                    layer: Layer::RrlLoopGuard,
                    decision: Decision::Stopped,
                    seal: Seal::Fixed,
                    decider: sys,
                    reason: Reason::MaxRevExceeded,
                },
                meta(vec![("same_issue_count", count.clone())]),
            );
            self.emit(
                out,
                Ruling {
                    layer: Layer::HitlNotifyUser,
                    decision: Decision::PauseForHitl,
                    seal: Seal::Fixed,
                    decider: sys,
                    reason: Reason::HitlNotifySessionEnded,
                },
                meta(vec![("same_issue_count", count)]),
            );
            return self.end_session(out, "SYSTEM");
        }
        if self.same_issue + 1 == self.k.max_same_issue {
            let count = Value::from(self.same_issue);
            self.emit(
                out,
                Ruling {
                    layer: Layer::RrlLoopGuard,
                    decision: Decision::PauseForHitl,
                    seal: Seal::Overrideable,
                    decider: sys,
                    reason: Reason::HitlWarnRev3,
                },
                meta(vec![("same_issue_count", count.clone())]),
            );
            self.emit(
                out,
                Ruling {
                    layer: Layer::HitlNotifyUser,
                    decision: Decision::PauseForHitl,
                    seal: Seal::Overrideable,
                    decider: sys,
                    reason: Reason::HitlWarnRev3,
                },
                meta(vec![("same_issue_count", count)]),
            );
            self.waiting = true;
            self.decision = Decision::PauseForHitl;
            return Next::Hitl(Point { decider: FinalDecider::User, answers: ANSWERS });
        }
        self.notify_revision(out);
        self.attempt(out)
    }

    fn notify_revision(&mut self, out: &mut Emitter<LoopGuard>) {
        self.emit(
            out,
            Ruling {
                layer: Layer::HitlNotifyUser,
                decision: Decision::PauseForHitl,
                seal: Seal::Overrideable,
                decider: FinalDecider::System,
                reason: Reason::HitlNotifyRevisionRequest,
            },
            meta(vec![
                ("attempt", Value::from(self.attempt)),
                ("same_issue_count", Value::from(self.same_issue)),
                (
                    "message",
                    Value::from(
                        "The mediator asked for a revision: confidential content was found.",
                    ),
                ),
            ]),
        );
    }
}

impl Bench for ConfidentialLoopGuard {
    type Choice = Choice;
    type F = LoopGuard;
    const ID: &'static str = ID;
    const RUN_ID: &'static str = "LOOPGUARD#000001";
    const KNOBS: &'static [KnobInfo] = KNOBS;

    fn open(req: &RunRequest) -> Result<Self, RequestError> {
        Ok(ConfidentialLoopGuard {
            k: Knobs::read(req)?,
            attempt: 0,
            same_issue: 0,
            decision: Decision::Run,
            waiting: false,
        })
    }

    fn knob_values(&self) -> Vec<(&'static str, String)> {
        self.k.pairs()
    }

    fn start(&mut self, out: &mut Emitter<LoopGuard>) -> Next {
        self.attempt(out)
    }

    fn resume(&mut self, answer: &Answer, out: &mut Emitter<LoopGuard>) -> Next {
        self.waiting = false;
        let user = FinalDecider::User;
        let choice = meta(vec![("choice", Value::from(answer.label))]);
        match answer.choice {
            Choice::Stop => {
                self.emit(
                    out,
                    Ruling {
                        layer: Layer::HitlFinalize,
                        decision: Decision::Stopped,
                        seal: Seal::Fixed,
                        decider: user,
                        reason: Reason::HitlStop,
                    },
                    choice,
                );
                self.end_session(out, "USER")
            }
            Choice::Continue => {
                self.emit(
                    out,
                    Ruling {
                        layer: Layer::HitlFinalize,
                        decision: Decision::Run,
                        seal: Seal::Fixed,
                        decider: user,
                        reason: Reason::HitlContinue,
                    },
                    choice,
                );
                self.notify_revision(out);
                self.attempt(out)
            }
            Choice::Ack => {
                self.emit(
                    out,
                    Ruling {
                        layer: Layer::HitlFinalize,
                        decision: Decision::PauseForHitl,
                        seal: Seal::Fixed,
                        decider: user,
                        reason: Reason::HitlAck,
                    },
                    choice,
                );
                self.notify_revision(out);
                self.attempt(out)
            }
        }
    }

    fn state(&self) -> &'static str {
        if self.waiting { Decision::PauseForHitl.as_str() } else { self.decision.as_str() }
    }

    fn sealed(&self) -> bool {
        false
    }

    fn paths(&self, rows: &[Row<LoopGuard>], answers: &[&'static str]) -> Vec<&'static str> {
        let found = rows.iter().filter_map(|r| match r.reason() {
            Reason::Dispatch => Some("clean-dispatch"),
            Reason::MediatorRevisionRequestConfidential => Some("revision-requested"),
            Reason::MaxRevExceeded => Some("loop-budget-exhausted"),
            _ => None,
        });
        crate::stepwise::taken(found, PATHS, answers)
    }
}

/// The decision paths of the loop-guard.
pub const PATHS: &[PathInfo] = &[
    path(
        "clean-dispatch",
        "A clean draft is dispatched and finalised",
        "問題のない草案が送られ、確定する",
    ),
    path(
        "revision-requested",
        "The mediator finds confidential content and asks for a revision",
        "仲介者が機密情報を見つけ、修正を求める",
    ),
    path("hitl:warn:ack", "The user acknowledges the warning", "ユーザーが警告を確認する"),
    path(
        "hitl:warn:continue",
        "The user chooses to continue after the warning",
        "ユーザーが警告のあと続行を選ぶ",
    ),
    path(
        "hitl:warn:stop",
        "The user stops the session at the warning",
        "ユーザーが警告の時点でセッションを止める",
    ),
    path(
        "loop-budget-exhausted",
        "The revision budget is spent: the session ends",
        "修正の上限に達し、セッションが終わる",
    ),
    TAMPER_PATH,
];

/// One sentence in English and Japanese for each code of the family, by name.
pub fn explain(name: &str) -> Option<(&'static str, &'static str)> {
    if let Some(l) = Layer::parse(name) {
        return Some(match l {
            Layer::AgentDraft => (
                "The agent writes a draft; the draft text itself is never logged.",
                "エージェントが草案を書く。草案の本文はログに残さない。",
            ),
            Layer::MediatorAdvice => (
                "The mediator reviews the draft for confidential content.",
                "仲介者が草案に機密情報がないか確認する。",
            ),
            Layer::HitlNotifyUser => (
                "The orchestrator tells the user what happened.",
                "オーケストレーターが何が起きたかをユーザーに伝える。",
            ),
            Layer::RrlLoopGuard => (
                "The revision-loop guard counts requests for the same issue and enforces the budget.",
                "修正ループの番人が同じ問題への依頼を数え、上限を守らせる。",
            ),
            Layer::HitlFinalize => (
                "The user's answer to the warning, as its own record.",
                "警告へのユーザーの答えを独立した記録として残す。",
            ),
            Layer::Dispatch => ("The clean draft is sent on.", "問題のない草案が送られる。"),
            Layer::Finalize => ("The session's result is fixed.", "セッションの結果が確定する。"),
            Layer::SessionEnd => ("The session ends.", "セッションが終わる。"),
        });
    }
    Reason::parse(name).map(|r| match r {
        Reason::AgentDraftCreated => ("The agent created its first draft.", "エージェントが最初の草案を作った。"),
        Reason::AgentRevisedCreated => ("The agent created a revised draft.", "エージェントが修正した草案を作った。"),
        Reason::MediatorOk => ("The mediator found nothing confidential.", "仲介者は機密情報を見つけなかった。"),
        Reason::MediatorRevisionRequestConfidential => ("The mediator found confidential content and asks for a revision; the content is redacted.", "仲介者が機密情報を見つけ修正を求めた。内容は伏せられる。"),
        Reason::HitlNotifyRevisionRequest => ("The user is told that a revision was requested.", "修正が求められたことがユーザーに伝えられる。"),
        Reason::HitlWarnRev3 => ("One more identical revision request would end the session: the user is warned.", "同じ修正依頼があと 1 回でセッションが終わるため、ユーザーに警告する。"),
        Reason::MaxRevExceeded => ("The revision budget for the same issue is spent: the loop stops.", "同じ問題への修正の上限に達した:ループを止める。"),
        Reason::HitlNotifySessionEnded => ("The user is told the session ended.", "セッションが終わったことがユーザーに伝えられる。"),
        Reason::HitlAck => ("The user acknowledged the warning.", "ユーザーが警告を確認した。"),
        Reason::HitlContinue => ("The user chose to continue.", "ユーザーが続行を選んだ。"),
        Reason::HitlStop => ("The user stopped the session.", "ユーザーがセッションを止めた。"),
        Reason::Dispatch => ("The draft was sent on.", "草案が送られた。"),
        Reason::Finalize => ("The session's result was fixed.", "セッションの結果が確定した。"),
        Reason::SessionEnd => ("The session ended.", "セッションが終わった。"),
    })
}

/// The scenario's id, written once: the registry, links and logs read it from here.
pub const ID: &str = "confidential-loop-guard";

/// This scenario: the confidential loop-guard.
pub const SCENARIO: crate::scenario::ScenarioInfo = crate::scenario::ScenarioInfo {
    id: ID,
    family: ID,
    theme: crate::scenario::Theme::Policies,
    teaches: (
        "An agent leaks a secret; the mediator asks for revisions until the budget runs out, and the log never holds the secret.",
        "エージェントが秘密を漏らす:仲介者は上限まで修正を求め、ログには秘密が残らない。",
    ),
    story: crate::scenario::Story {
        who: (
            "An agent writes a document but keeps leaking an email address and a secret token; a mediator asks it to revise.",
            "エージェントが文書を書くが、メールアドレスと秘密トークンを漏らし続ける。仲介者が修正を求める。",
        ),
        risk: (
            "The loop of revisions could run forever, and the leaked content could end up in the audit log.",
            "修正の繰り返しが終わらないおそれがあり、漏れた内容が監査ログに残るおそれもある。",
        ),
        decide: (
            "Warned one request before the budget runs out, you acknowledge, continue or stop.",
            "上限の 1 回手前で警告を受け、あなたが了承・続行・停止のいずれかを選ぶ。",
        ),
    },
    title: "Confidential loop-guard (a leaking agent, a revision budget, no leak in the log)",
    title_ja: "機密ループガード(漏えいするエージェント、修正の上限、ログに漏えいなし)",
    reference: "kage_end_to_end_confidential_loopguard_v1_0.py",
    version: "1.0",
    layers: Layer::NAMES,
    reasons: Reason::NAMES,
    extra_fields: &["meta"],
    paths: PATHS,
    decisions: crate::scenario::SHARED_DECISIONS,
    deciders: &[crate::vocab::FinalDecider::System, crate::vocab::FinalDecider::User],
    knobs: KNOBS,
    open: crate::stepwise::StepRun::<ConfidentialLoopGuard>::open_boxed,
    batch: None,
    explain,
};
