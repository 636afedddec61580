//! The app's components, one per file.

pub mod agent_state;
pub mod app;
pub mod audit_desk;
pub mod batch_view;
pub mod charts;
pub mod class_report;
pub mod codebook_view;
pub mod controls;
pub mod gate_flow;
pub mod hitl_panel;
pub mod inspector;
pub mod landing;
pub mod lang_toggle;
pub mod lessons_view;
pub mod notice;
pub mod now_card;
pub mod row_view;
pub mod run_setup;
pub mod share_bar;
pub mod story;
pub mod teacher_link;
pub mod timeline;

use yew::UseReducerHandle;

/// The session, shared with every component through a context.
pub type SessionHandle = UseReducerHandle<crate::state::Session>;

/// The audit desk, shared with the bench (its "what if" buttons fill the comparison).
pub type DeskHandle = UseReducerHandle<crate::desk::Desk>;

/// The controls a teacher's link can fix (`lock=`) or remove (`hide=`), as one set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Controls(u8);

/// Every control a link may name, in the order links write them.
pub const CONTROLS: [&str; 7] = ["seed", "knobs", "scenario", "rng", "batch", "desk", "teacher"];
/// What `lock=` can fix: the run's setup.
pub const LOCKABLE: [&str; 4] = ["seed", "knobs", "scenario", "rng"];
/// What `hide=` can remove.
pub const HIDEABLE: [&str; 5] = ["batch", "knobs", "rng", "desk", "teacher"];

impl Controls {
    /// Whether the set holds control `name`.
    pub fn has(self, name: &str) -> bool {
        CONTROLS.iter().position(|c| *c == name).is_some_and(|i| self.0 & (1 << i) != 0)
    }

    /// The set with control `name` added or taken away.
    pub fn with(self, name: &str, on: bool) -> Controls {
        match CONTROLS.iter().position(|c| *c == name) {
            Some(i) if on => Controls(self.0 | (1 << i)),
            Some(i) => Controls(self.0 & !(1 << i)),
            None => self,
        }
    }

    /// The names in the set, in link order, comma-separated.
    pub fn list(self) -> String {
        CONTROLS.iter().filter(|c| self.has(c)).copied().collect::<Vec<_>>().join(",")
    }

    /// The known names of `names` (those of `allowed`), and the unknown ones.
    fn parse<'a>(names: &[&'a str], allowed: &[&str]) -> (Controls, Vec<&'a str>) {
        let mut set = Controls::default();
        let mut unknown = Vec::new();
        for n in names {
            if allowed.contains(n) {
                set = set.with(n, true);
            } else {
                unknown.push(*n);
            }
        }
        (set, unknown)
    }
}

/// How the page's link asks the page to show itself (fields outside the run's checksum).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageMode {
    /// Whether the lessons' answers for the teacher may be shown (`teacher=0` or
    /// `hide=teacher` say no).
    pub teacher: bool,
    /// The bench alone, for a frame (`embed=1`): no header, catalogue, footer, batch or storage.
    pub embed: bool,
    /// The projector (`present=1`): large type, high contrast, one decision at a time.
    pub present: bool,
    /// Setup controls the teacher fixed (`lock=`).
    pub lock: Controls,
    /// Controls the teacher removed (`hide=`).
    pub hide: Controls,
}

impl PageMode {
    /// The mode a page's query asks for (the defaults when it cannot be read; unknown control
    /// names are left out, and [`PageMode::refused`] names them).
    pub fn of(query: &str) -> PageMode {
        maestro_core::link::RawLink::parse(query).map_or(PageMode::default(), |r| {
            let (lock, _) = Controls::parse(&r.names("lock"), &LOCKABLE);
            let (hide, _) = Controls::parse(&r.names("hide"), &HIDEABLE);
            PageMode {
                teacher: r.teacher() && !hide.has("teacher"),
                embed: r.embed(),
                present: r.present(),
                lock,
                hide,
            }
        })
    }

    /// The view the page shows for `view`: the bench alone in a frame, the bench instead of
    /// the catalogue when the scenario is fixed, or instead of the desk when it is removed.
    pub fn allowed(self, view: crate::route::View) -> crate::route::View {
        use crate::route::View;
        match view {
            _ if self.embed => View::Bench,
            View::Home if self.lock.has("scenario") => View::Bench,
            View::Desk if self.hide.has("desk") => View::Bench,
            other => other,
        }
    }

    /// What the page cannot do of what `query` asks (`lock=` or `hide=` names it does not
    /// know), said in both languages.
    pub fn refused(query: &str) -> Option<maestro_core::say::Said> {
        let raw = maestro_core::link::RawLink::parse(query).ok()?;
        let (_, lock) = Controls::parse(&raw.names("lock"), &LOCKABLE);
        let (_, hide) = Controls::parse(&raw.names("hide"), &HIDEABLE);
        let unknown: Vec<&str> = lock.iter().chain(&hide).copied().collect();
        if unknown.is_empty() {
            return None;
        }
        let names = unknown.join("`, `");
        let (lockable, hideable) = (LOCKABLE.join(", "), HIDEABLE.join(", "));
        let en =
            format!("this page cannot lock or hide `{names}` (lock: {lockable}; hide: {hideable})");
        let ja = format!(
            "このページは `{names}` を固定・非表示にできません(固定: {lockable}、非表示: {hideable})"
        );
        Some(maestro_core::say::Said::new(en, ja))
    }
}

impl Default for PageMode {
    fn default() -> Self {
        PageMode {
            teacher: true,
            embed: false,
            present: false,
            lock: Controls::default(),
            hide: Controls::default(),
        }
    }
}

/// Where a click takes the student; the app switches view without reloading the page.
#[derive(Clone, Debug, PartialEq)]
pub enum Go {
    /// Another view, as it stands.
    View(crate::route::View),
    /// The bench, with this scenario's default run.
    Scenario(String),
    /// The bench, with the run of this link's query (a lesson's link).
    Run(String),
    /// The desk, comparing these two runs' links (the bench's "What if").
    Compare(String, String),
}

/// The app's navigation, shared with every component through a context.
pub type Navigate = yew::Callback<Go>;

/// The click handler of a link that the app follows in place: a plain click goes to `to`
/// without reloading; a click that asks for a new tab or window (a modifier, another button)
/// is left to the browser, which opens the link's real address.
pub fn follow_in_place(go: &Navigate, to: Go) -> yew::Callback<web_sys::MouseEvent> {
    let go = go.clone();
    yew::Callback::from(move |e: web_sys::MouseEvent| {
        if e.ctrl_key() || e.meta_key() || e.shift_key() || e.button() != 0 {
            return;
        }
        e.prevent_default();
        go.emit(to.clone());
    })
}
