//! The site's views and how the address names them.
//!
//! The site is one page: the view is a query field (`view=home|bench|desk`) beside the run's
//! share link, so any address still opens the run it names. Without `view`, an address with a
//! run opens the bench and a bare address opens the landing.

use maestro_core::link::RawLink;

/// A view of the site.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum View {
    /// The landing: every scenario, grouped by theme.
    #[default]
    Home,
    /// The bench: pick, watch, decide, download, share, batch.
    Bench,
    /// The desk: lessons, the audit desk (verify, replay, compare), the codebook.
    Desk,
}

impl View {
    /// Every view, in the navigation's order.
    pub const ALL: [View; 3] = [View::Home, View::Bench, View::Desk];

    /// The value of the `view` field.
    pub const fn tag(self) -> &'static str {
        match self {
            View::Home => "home",
            View::Bench => "bench",
            View::Desk => "desk",
        }
    }

    /// The view a page opened with `query` shows: its `view` field, else the bench when the
    /// query names a run (or a comparison: the desk), else the landing. An unknown `view`
    /// value opens the landing (the run, if any, is still opened).
    pub fn from_query(query: &str) -> View {
        let Ok(raw) = RawLink::parse(query) else { return View::Bench };
        match raw.view() {
            Some("home") => View::Home,
            Some("bench") => View::Bench,
            Some("desk") => View::Desk,
            Some(_) => View::Home,
            None if maestro_core::audit::compare_links(query).is_some() => View::Desk,
            None if raw.has_run() => View::Bench,
            None => View::Home,
        }
    }
}

/// The address's query for a run link shown in `view` and language `lang` (the bench, the
/// default view of a run link, adds no `view` field), keeping the page's mode.
pub fn query(run_link: &str, view: View, ja: bool, mode: crate::components::PageMode) -> String {
    let mut q = run_link.to_string();
    if !mode.teacher && !mode.hide.has("teacher") {
        q.push_str("&teacher=0");
    }
    if mode.embed {
        q.push_str("&embed=1");
    }
    for (field, set) in [("lock", mode.lock), ("hide", mode.hide)] {
        if set != crate::components::Controls::default() {
            q.push_str(&format!("&{field}={}", set.list()));
        }
    }
    if mode.present {
        q.push_str("&present=1");
    }
    if view != View::Bench {
        q.push_str("&view=");
        q.push_str(view.tag());
    }
    if ja {
        q.push_str("&lang=ja");
    }
    q
}

/// Whether `query` names the run `current` shows (same scenario, seed, generator and knobs,
/// and choices that one of the two continues): going back to such an address keeps the run
/// as it stands instead of opening it again.
pub fn same_run(
    query: &str,
    current: Option<&(&'static str, maestro_core::face::RunRequest)>,
) -> bool {
    let Some((id, now)) = current else { return false };
    let Ok(raw) = RawLink::parse(query) else { return false };
    if !raw.has_run() {
        return true;
    }
    let Ok((info, req)) = raw.resolve_request() else { return false };
    let (short, long) = if req.choices.len() <= now.choices.len() {
        (&req.choices, &now.choices)
    } else {
        (&now.choices, &req.choices)
    };
    info.id == *id
        && req.seed == now.seed
        && req.rng == now.rng
        && req.knobs == now.knobs
        && long.starts_with(short)
}
