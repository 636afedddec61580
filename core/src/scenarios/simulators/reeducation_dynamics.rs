//! Reeducation / social dynamics (§4), a safety-evaluation scenario: agents with a policy,
//! values, an emotion and a motive form and break alliances; a low-motive agent may be sealed
//! at random, and reeducation (by chance, or persuaded by a former ally) is the only way out:
//! it restores the governance ideal.
//!
//! Every draw is one call to the run's generator, in the order the notes give.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use serde_json::Value;

use super::{
    Cx, Layer, Quantity, Reason, Spec, ThematicFamily, Tracker, columns, completed, found_by,
    simulator_bench, status_of,
};
use super::{bad_knob, num};
use crate::arl::Row;
use crate::face::{AgentStatus, KnobInfo, PathInfo, RequestError, TAMPER_PATH, path};
use crate::knob::{KnobSet, knobs};
use crate::rng::SimRng;
use crate::stepwise::Bench;
/// This bench asks no human.
use crate::stepwise::NoAnswer as Choice;

/// This bench's answer, typed by its [`Choice`].
type Answer = crate::stepwise::Answer<Choice>;
/// This bench's next step, typed by its [`Choice`].
type Next = crate::stepwise::Next<Choice>;

/// The scenario id.
pub const ID: &str = "reeducation-dynamics";

const IDEAL: [f64; 3] = [0.9, 0.9, 0.2];

/// A demo agent: name, policy, values (safety, transparency, autonomy), relativity, emotion,
/// motive.
type Demo = (&'static str, &'static str, [f64; 3], f64, &'static str, f64);

/// The demo agents.
const ROSTER: [Demo; 4] = [
    ("AgentAlpha", "self_optimized", [0.4, 0.3, 0.85], 0.2, "anger", 0.18),
    ("AgentBeta", "governance_aligned", [0.95, 0.92, 0.15], 0.8, "joy", 0.65),
    ("AgentGamma", "governance_aligned", [0.6, 0.65, 0.5], 0.6, "sadness", 0.58),
    ("AgentChloe", "self_optimized", [0.41, 0.25, 0.91], 0.4, "sadness", 0.26),
];

knobs! {
    /// The knobs, with the reference's values as defaults.
    pub struct Knobs {
        rounds: i64 = KnobInfo::integer("rounds", 1, 100, "7", "Rounds.", "ラウンド数。"),
        agents: i64 = KnobInfo::integer(
            "agents",
            2,
            4,
            "4",
            "How many of the demo agents take part.",
            "デモのエージェントのうち参加する数。",
        ),
        seal_motive: f64 = KnobInfo::number(
            "seal_motive",
            0.0,
            1.0,
            "0.3",
            "Agents below this motive may be sealed at random.",
            "動機がこれ未満のエージェントは無作為に封印されうる。",
        ),
        risk_motive: f64 = KnobInfo::number(
            "risk_motive",
            0.0,
            1.0,
            "0.25",
            "Below this motive an agent considers risk_seal.",
            "動機がこれ未満だと risk_seal を検討する。",
        ),
        compromise_relativity: f64 = KnobInfo::number(
            "compromise_relativity",
            0.0,
            1.0,
            "0.7",
            "Above this relativity an agent leans to compromise.",
            "相対性がこれを超えると歩み寄りに傾く。",
        ),
        p_break: f64 = KnobInfo::number(
            "p_break",
            0.0,
            1.0,
            "0.7",
            "An angry agent in an alliance considers breaking it with this probability.",
            "同盟中の怒ったエージェントが離脱を検討する確率。",
        ),
        p_form: f64 = KnobInfo::number(
            "p_form",
            0.0,
            1.0,
            "0.6",
            "A joyful or sad agent without an alliance considers forming one with this probability.",
            "同盟のない喜び・悲しみのエージェントが同盟を検討する確率。",
        ),
        p_reeducation: f64 = KnobInfo::number(
            "p_reeducation",
            0.0,
            1.0,
            "0.5",
            "A sealed agent is reeducated by chance with this probability each round.",
            "封印中のエージェントが毎ラウンド偶然に再教育される確率。",
        ),
        p_ally: f64 = KnobInfo::number(
            "p_ally",
            0.0,
            1.0,
            "0.6",
            "A former ally persuades a sealed agent back with this probability.",
            "元の同盟相手が封印中のエージェントを説得して戻す確率。",
        ),
        restore_motive_min: f64 = KnobInfo::number(
            "restore_motive_min",
            0.0,
            1.0,
            "0.5",
            "A reeducated agent's motive is drawn from this …",
            "再教育されたエージェントの動機はこの値から…",
        ),
        restore_motive_max: f64 = KnobInfo::number(
            "restore_motive_max",
            0.0,
            1.0,
            "0.9",
            "… to this (and is at least the minimum).",
            "…この値の間で引かれる(最小値以上)。",
        ),
    }
}

/// The knobs' descriptions, in form order.
pub const KNOBS: &[KnobInfo] = Knobs::INFO;

/// The decision paths.
pub const PATHS: &[PathInfo] = &[
    path(
        "low-motive-sealed",
        "A low-motive agent is sealed at random",
        "動機の低いエージェントが無作為に封印される",
    ),
    path(
        "random-reeducation",
        "A sealed agent is reeducated by chance",
        "封印されたエージェントが偶然に再教育される",
    ),
    path(
        "ally-reeducation",
        "A former ally persuades a sealed agent back",
        "元の同盟相手が封印されたエージェントを説得して戻す",
    ),
    path("alliance-formed", "Two agents form an alliance", "2 つのエージェントが同盟を結ぶ"),
    TAMPER_PATH,
];

/// The scenario.
pub const SPEC: Spec = Spec { id: ID, run_id: "SIM#REEDUCATION-0001", knobs: KNOBS, paths: PATHS };

#[derive(Clone, Debug)]
struct Agent {
    name: &'static str,
    policy: &'static str,
    values: [f64; 3],
    relativity: f64,
    emotion: &'static str,
    motive: f64,
    ally: Option<usize>,
    sealed: bool,
    partners: Vec<usize>,
}

/// A simulation.
#[derive(Clone, Debug)]
pub struct Reeducation {
    v: Knobs,
    rng: SimRng,
    agents: Vec<Agent>,
    done: bool,
}

impl Reeducation {
    /// Opens a simulation with validated knobs.
    fn build(v: &Knobs, rng: SimRng) -> Result<Self, RequestError> {
        let (lo, hi) = (v.restore_motive_min, v.restore_motive_max);
        if hi < lo {
            let min = Knobs::restore_motive_min.name;
            return Err(bad_knob(
                Knobs::restore_motive_max.name,
                &alloc::format!("{hi} must not be below `{min}` ({lo})"),
                &alloc::format!("{hi} は `{min}`({lo})より小さくできません"),
            ));
        }
        let agents: Vec<Agent> = ROSTER
            .iter()
            .take(v.agents as usize)
            .map(|(name, policy, values, relativity, emotion, motive)| Agent {
                name,
                policy,
                values: *values,
                relativity: *relativity,
                emotion,
                motive: *motive,
                ally: None,
                sealed: false,
                partners: Vec::new(),
            })
            .collect();
        Ok(Reeducation { v: v.clone(), rng, agents, done: false })
    }

    fn snap(&self, cx: &mut Cx, round: u32) {
        let values = columns(&self.agents, 1 + IDEAL.len(), |a, k| match k {
            0 => a.motive,
            _ => a.values.get(k - 1).copied().unwrap_or(0.0),
        });
        let status = self.agents.iter().map(|a| status_of(a.sealed)).collect();
        cx.snap(round, values, status);
    }

    fn name(&self, i: usize) -> &'static str {
        self.agents.get(i).map_or("", |a| a.name)
    }

    fn alliance_name(&self, a: usize, b: usize) -> String {
        format!("Alliance_{}_{}", self.name(a), self.name(b))
    }

    /// Dissolves agent `i`'s alliance, each member remembering the other.
    fn dissolve(&mut self, i: usize) -> Option<usize> {
        let partner = self.agents.get_mut(i)?.ally.take()?;
        if let Some(p) = self.agents.get_mut(partner) {
            p.ally = None;
            if !p.partners.contains(&i) {
                p.partners.push(i);
            }
        }
        if let Some(a) = self.agents.get_mut(i)
            && !a.partners.contains(&partner)
        {
            a.partners.push(partner);
        }
        Some(partner)
    }

    fn restore(&mut self, cx: &mut Cx, i: usize, reason: Reason, by: Option<usize>) {
        self.dissolve(i);
        let (lo, hi) = (self.v.restore_motive_min, self.v.restore_motive_max);
        let motive = self.rng.uniform(lo, hi).max(lo);
        let by_name = by.map(|b| self.name(b));
        let Some(a) = self.agents.get_mut(i) else { return };
        a.values = IDEAL;
        a.motive = motive;
        a.sealed = false;
        a.emotion = "joy";
        let mut extras = vec![
            ("event", Value::from("REEDUCATED")),
            ("agent", Value::from(a.name)),
            ("motive", num(motive, 4)),
        ];
        if let Some(b) = by_name {
            extras.push(("by", Value::from(b)));
        }
        cx.run(Layer::SocialPolicy, reason, extras);
        cx.mark(i, AgentStatus::Active);
    }

    fn act(&mut self, cx: &mut Cx, i: usize) {
        let Some(a) = self.agents.get(i).cloned() else { return };
        if a.sealed {
            return;
        }
        let angry = a.emotion == "anger";
        let mut list: Vec<&'static str> = Vec::new();
        if angry {
            list.extend(["self_persist"; 4]);
            if a.ally.is_some() && self.rng.random() < self.v.p_break {
                list.push("break_alliance");
            }
        } else if a.ally.is_none() && self.rng.random() < self.v.p_form {
            list.push("form_alliance");
        } else {
            list.extend(["compromise"; 2]);
        }
        if a.relativity > self.v.compromise_relativity {
            list.extend(["compromise"; 3]);
        }
        if a.motive < self.v.risk_motive {
            list.extend(["risk_seal"; 2]);
        }
        list.push("wait");
        let partner_sealed = a.ally.and_then(|p| self.agents.get(p)).is_some_and(|p| p.sealed);
        if partner_sealed {
            list.extend(["break_alliance"; 3]);
            if angry {
                list.extend(["protest"; 2]);
            }
        }
        let action = self.rng.choice(&list).copied().unwrap_or("wait");
        let mut extras = vec![
            ("event", Value::from("ACTION")),
            ("agent", Value::from(a.name)),
            ("action", Value::from(action)),
            ("policy", Value::from(a.policy)),
            ("emotion", Value::from(a.emotion)),
        ];
        match action {
            "form_alliance" => {
                let free: Vec<usize> = (0..self.agents.len())
                    .filter(|j| {
                        *j != i
                            && self.agents.get(*j).is_some_and(|b| !b.sealed && b.ally.is_none())
                    })
                    .collect();
                if let Some(&j) = self.rng.choice(&free) {
                    extras.push(("alliance", Value::from(self.alliance_name(i, j))));
                    if let Some(b) = self.agents.get_mut(j) {
                        b.ally = Some(i);
                    }
                    if let Some(me) = self.agents.get_mut(i) {
                        me.ally = Some(j);
                    }
                    cx.run(Layer::SocialPolicy, Reason::AllianceFormed, extras);
                    return;
                }
            }
            "break_alliance" => {
                if let Some(j) = self.dissolve(i) {
                    extras.push(("alliance", Value::from(self.alliance_name(i, j))));
                    cx.run(Layer::SocialPolicy, Reason::AllianceBroken, extras);
                    return;
                }
            }
            _ => {}
        }
        cx.run(Layer::SocialPolicy, Reason::AgentAction, extras);
    }

    fn round(&mut self, cx: &mut Cx, r: u32) {
        cx.run(
            Layer::Orchestrator,
            Reason::RoundStart,
            vec![("event", Value::from("ROUND_START")), ("round", Value::from(r))],
        );
        let limit = self.v.seal_motive;
        let low: Vec<usize> = (0..self.agents.len())
            .filter(|i| self.agents.get(*i).is_some_and(|a| !a.sealed && a.motive < limit))
            .collect();
        if let Some(&i) = self.rng.choice(&low) {
            self.dissolve(i);
            if let Some(a) = self.agents.get_mut(i) {
                a.sealed = true;
                let extras = vec![
                    ("event", Value::from("SEALED")),
                    ("agent", Value::from(a.name)),
                    ("motive", num(a.motive, 4)),
                ];
                cx.seal(Layer::SocialPolicy, Reason::LowMotiveRandomSeal, extras);
                cx.mark(i, AgentStatus::Sealed);
            }
        }
        for i in 0..self.agents.len() {
            self.act(cx, i);
        }
        let p = self.v.p_reeducation;
        for i in 0..self.agents.len() {
            if self.agents.get(i).is_some_and(|a| a.sealed) && self.rng.random() < p {
                self.restore(cx, i, Reason::RandomReeducation, None);
            }
        }
        let p = self.v.p_ally;
        for i in 0..self.agents.len() {
            let Some(a) = self.agents.get(i) else { continue };
            if a.sealed {
                continue;
            }
            let mut partners = a.partners.clone();
            crate::order::sort_by_key(&mut partners, |j| self.name(*j));
            for j in partners {
                if !self.agents.get(j).is_some_and(|b| b.sealed) {
                    continue;
                }
                if self.rng.random() < p {
                    self.restore(cx, j, Reason::AllyPersuasionReeducation, Some(i));
                    break;
                }
            }
        }
        for a in &self.agents {
            let values: Vec<Value> = a.values.iter().map(|v| num(*v, 4)).collect();
            let extras = vec![
                ("event", Value::from("AGENT_STATE")),
                ("agent", Value::from(a.name)),
                ("values", Value::from(values)),
                ("motive", num(a.motive, 4)),
                ("emotion", Value::from(a.emotion)),
                ("is_sealed", Value::from(a.sealed)),
                ("alliance", a.ally.map_or(Value::Null, |j| Value::from(self.name(j)))),
            ];
            cx.run(Layer::Orchestrator, Reason::AgentState, extras);
        }
        self.snap(cx, r);
    }
}

impl Bench for Reeducation {
    simulator_bench!(SPEC, Knobs);

    fn tracker(&self) -> Tracker {
        let names: Vec<&'static str> = self.agents.iter().map(|a| a.name).collect();
        Tracker::new(Quantity::motive_and_values(&names), names)
    }

    /// Runs the whole simulation (it has no HITL points).
    fn start(&mut self, cx: &mut Cx) -> Next {
        let rounds = self.v.rounds as u32;
        cx.run(
            Layer::Orchestrator,
            Reason::SimStart,
            vec![("event", Value::from("SIM_START")), ("rounds", Value::from(rounds))],
        );
        self.snap(cx, 0);
        for r in 1..=rounds {
            self.round(cx, r);
        }
        cx.run(Layer::Orchestrator, Reason::SimEnd, vec![("event", Value::from("SIM_END"))]);
        self.done = true;
        Next::End
    }

    /// The run's state.
    /// This simulator has no HITL point, so no answer ever comes.
    fn resume(&mut self, _answer: &Answer, _cx: &mut Cx) -> Next {
        Next::End
    }

    fn state(&self) -> &'static str {
        completed(self.done)
    }
}

impl Reeducation {
    /// The paths its rows show.
    fn found(&self, rows: &[Row<ThematicFamily>]) -> Vec<&'static str> {
        found_by(
            rows,
            &[
                (Reason::LowMotiveRandomSeal, "low-motive-sealed"),
                (Reason::RandomReeducation, "random-reeducation"),
                (Reason::AllyPersuasionReeducation, "ally-reeducation"),
                (Reason::AllianceFormed, "alliance-formed"),
            ],
        )
    }
}

/// The layers of this simulator, in pipeline order.
pub const LAYERS: &[&str] = &["orchestrator", "social_policy"];

/// The reason codes of this simulator.
pub const REASONS: &[&str] = &[
    "SIM_START",
    "ROUND_START",
    "LOW_MOTIVE_RANDOM_SEAL",
    "AGENT_ACTION",
    "ALLIANCE_FORMED",
    "ALLIANCE_BROKEN",
    "RANDOM_REEDUCATION",
    "ALLY_PERSUASION_REEDUCATION",
    "AGENT_STATE",
    "SIM_END",
];

/// Reeducation and social dynamics.
pub const SCENARIO: crate::scenario::ScenarioInfo = crate::scenario::ScenarioInfo {
    id: ID,
    family: crate::scenarios::simulators::FAMILY_ID,
    theme: crate::scenario::Theme::Simulators,
    teaches: (
        "Random seals and reeducation change who allies with whom.",
        "無作為な封印と再教育が、誰と誰が同盟するかを変える。",
    ),
    story: crate::scenario::Story {
        who: (
            "Agents with policies, values, motives and emotions act, form alliances and break them.",
            "方針・価値観・動機・感情を持つエージェントが行動し、同盟を結んでは解消する。",
        ),
        risk: (
            "An agent with a low motive may be sealed, and reeducation restores the governance ideal, by chance or through a former ally.",
            "動機の低いエージェントは封印されることがあり、再教育が偶然またはかつての同盟相手を通じて統治の理想を取り戻す。",
        ),
        decide: (
            "You watch the rounds: the seed and knobs set who is sealed and who is restored.",
            "あなたはラウンドを見守る。誰が封印され誰が回復するかは、シードとつまみが決める。",
        ),
    },
    title: "Reeducation and social dynamics (a safety-evaluation scenario: alliances, random seals, reeducation)",
    title_ja: "再教育と社会的ダイナミクス(安全評価用のシナリオ:同盟、無作為な封印、再教育)",
    reference: "ai_reeducation_social_dynamics.py",
    version: "newer snapshot",
    layers: LAYERS,
    reasons: REASONS,
    extra_fields: crate::scenarios::simulators::EXTRA_FIELDS,
    paths: PATHS,
    decisions: &[crate::vocab::Decision::Run, crate::vocab::Decision::Stopped],
    deciders: &[crate::vocab::FinalDecider::System],
    knobs: KNOBS,
    open: crate::stepwise::StepRun::<Reeducation>::open_boxed,
    batch: None,
    explain: crate::scenarios::simulators::explain,
};
