//! What a simulation's agents look like, row by row: the quantities a run charts, a snapshot
//! of every agent after each round, and status changes between rounds, from which
//! [`Tracker::view`] draws the state as of any number of rows shown.
//! A bench records into the [`crate::stepwise::Emitter`]'s tracker as it emits rows.

use alloc::vec::Vec;

use crate::face::{AgentStatus, Metric, Series, StateView};

/// One recorded state of the agents.
#[derive(Clone, Debug)]
struct Snap {
    /// Rows emitted when it was taken.
    at: usize,
    round: u32,
    values: Vec<f64>,
    status: Vec<AgentStatus>,
}

/// A chart's quantity: its name, range and series names (the agents, or one name).
#[derive(Clone, Debug)]
pub struct Quantity {
    /// Its name.
    pub name: &'static str,
    /// Lowest value.
    pub lo: f64,
    /// Highest value.
    pub hi: f64,
    /// Its series.
    pub series: Vec<&'static str>,
    /// Reference values drawn across its chart, `(name, value)`.
    pub marks: Vec<(&'static str, f64)>,
}

impl Quantity {
    /// A quantity named `name` in `[lo, hi]` with one series per name of `series`, without
    /// reference marks.
    pub fn new(name: &'static str, lo: f64, hi: f64, series: Vec<&'static str>) -> Self {
        Quantity { name, lo, hi, series, marks: Vec::new() }
    }

    /// The motive and the three values (safety, transparency, autonomy) of every agent, each
    /// in `[0, 1]`: the charts of the value-driven simulators.
    pub fn motive_and_values(names: &[&'static str]) -> Vec<Quantity> {
        let mut out = alloc::vec![Quantity::new("motive", 0.0, 1.0, names.to_vec())];
        for key in ["value:safety", "value:transparency", "value:autonomy"] {
            out.push(Quantity::new(key, 0.0, 1.0, names.to_vec()));
        }
        out
    }
}

/// The agents' recorded states, round by round, and status changes between rounds.
#[derive(Clone, Debug, Default)]
pub struct Tracker {
    quantities: Vec<Quantity>,
    agents: Vec<&'static str>,
    snaps: Vec<Snap>,
    /// `(rows emitted, agent, status)`: a status change as soon as its row is shown.
    marks: Vec<(usize, usize, AgentStatus)>,
}

impl Tracker {
    /// A tracker of `quantities` for `agents`.
    pub fn new(quantities: Vec<Quantity>, agents: Vec<&'static str>) -> Self {
        Tracker { quantities, agents, snaps: Vec::new(), marks: Vec::new() }
    }

    /// Records that agent `agent` has `status` from row `at` on (the charts wait for the
    /// round's snapshot; the status shows at once).
    pub fn mark(&mut self, at: usize, agent: usize, status: AgentStatus) {
        self.marks.push((at, agent, status));
    }

    /// Records the agents' state after `round`, taken when `at` rows were emitted: `values`
    /// in quantity and series order, `status` in agent order.
    pub fn snap(&mut self, at: usize, round: u32, values: Vec<f64>, status: Vec<AgentStatus>) {
        self.snaps.push(Snap { at, round, values, status });
    }

    /// The agents' state as of the first `shown` rows (`None` before the first snapshot).
    pub fn view(&self, shown: usize) -> Option<StateView> {
        let snaps: Vec<&Snap> = self.snaps.iter().filter(|s| s.at <= shown).collect();
        let last = snaps.last()?;
        let mut offset = 0;
        let metrics = self
            .quantities
            .iter()
            .map(|q| {
                let series = q
                    .series
                    .iter()
                    .enumerate()
                    .map(|(i, name)| Series {
                        agent: name,
                        points: snaps
                            .iter()
                            .filter_map(|s| s.values.get(offset + i).map(|v| (s.round, *v)))
                            .collect(),
                    })
                    .collect();
                offset += q.series.len();
                Metric { name: q.name, lo: q.lo, hi: q.hi, series, marks: q.marks.clone() }
            })
            .collect();
        let mut status = last.status.clone();
        for (at, agent, s) in &self.marks {
            if *at > last.at
                && *at <= shown
                && let Some(slot) = status.get_mut(*agent)
            {
                *slot = *s;
            }
        }
        Some(StateView {
            round: last.round,
            metrics,
            agents: self.agents.iter().copied().zip(status).collect(),
        })
    }
}
