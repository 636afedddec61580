//! The gates as a flow: the scenario's declared layers, in their order, drawn as an SVG
//! pipeline; the run's path is lit as it goes (a line through the gates in the order the
//! rows reached them), pauses, stops and seals are marked where they happened, and the
//! deciding gate of an ended run is marked (not the last one).

use maestro_core::face::{RowView, ending};
use maestro_core::vocab::Decision;
use yew::prelude::*;

use super::SessionHandle;
use crate::i18n::{Lang, Text};

const NODE_W: f64 = 168.0;
const NODE_H: f64 = 34.0;
const GAP_X: f64 = 22.0;
const GAP_Y: f64 = 18.0;

/// What happened at one gate so far.
#[derive(Clone, Copy, Default, PartialEq)]
struct Mark {
    reached: bool,
    paused: bool,
    stopped: bool,
    sealed: bool,
    current: bool,
    deciding: bool,
}

fn marks(layers: &[&'static str], rows: &[RowView], deciding: Option<&str>) -> Vec<Mark> {
    let last = rows.last().map(|r| r.layer);
    layers
        .iter()
        .map(|layer| {
            let here = || rows.iter().filter(|r| r.layer == *layer);
            Mark {
                reached: here().next().is_some(),
                paused: here().any(|r| r.decision == Decision::PauseForHitl),
                stopped: here().any(|r| r.decision == Decision::Stopped),
                sealed: here().any(|r| r.seal.sealed()),
                current: last == Some(*layer),
                deciding: deciding == Some(*layer),
            }
        })
        .collect()
}

/// The node indices in the order the rows reached them (a repeat of the same gate once).
fn path(layers: &[&'static str], rows: &[RowView]) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for r in rows {
        if let Some(i) = layers.iter().position(|l| *l == r.layer)
            && out.last() != Some(&i)
        {
            out.push(i);
        }
    }
    out
}

/// The margin around the grid: the path's gutters run there too.
const PAD_X: f64 = GAP_X / 2.0;
const PAD_Y: f64 = GAP_Y / 2.0;

fn centre(i: usize, cols: usize) -> (f64, f64) {
    let (col, row) = ((i % cols) as f64, (i / cols) as f64);
    (PAD_X + col * (NODE_W + GAP_X) + NODE_W / 2.0, PAD_Y + row * (NODE_H + GAP_Y) + NODE_H / 2.0)
}

/// One step of the path, from gate `a` to gate `b`, drawn in the gaps between the gates so it
/// never crosses one: side by side on a row, a straight line between them; otherwise out of
/// `a` into the gutter between rows, along it to the channel beside `b`'s column, along that
/// to the gutter next to `b`'s row, and into `b`.
fn step(a: usize, b: usize, cols: usize) -> String {
    let ((xa, ya), (xb, yb)) = (centre(a, cols), centre(b, cols));
    let (ra, rb) = (a / cols, b / cols);
    if ra == rb && a.abs_diff(b) == 1 {
        let dir = if b > a { 1.0 } else { -1.0 };
        let (x1, x2) = (xa + dir * NODE_W / 2.0, xb - dir * NODE_W / 2.0);
        return format!("M{x1:.1} {ya:.1}H{x2:.1}");
    }
    let (half_h, half_gap) = (NODE_H / 2.0, GAP_Y / 2.0);
    // Down into the gutter below `a` when `b` is on a later row, else up into the one above.
    let (exit, y1) = if rb > ra {
        (ya + half_h, ya + half_h + half_gap)
    } else {
        (ya - half_h, ya - half_h - half_gap)
    };
    // Into `b` from the gutter on the side the path comes from.
    let (entry, y2) = if rb < ra {
        (yb + half_h, yb + half_h + half_gap)
    } else {
        (yb - half_h, yb - half_h - half_gap)
    };
    let channel = xb - NODE_W / 2.0 - GAP_X / 2.0;
    format!("M{xa:.1} {exit:.1}V{y1:.1}H{channel:.1}V{y2:.1}H{xb:.1}V{entry:.1}")
}

/// One drawing of the flow with `cols` gates a row (`class` says which screens show it).
fn drawing(
    layers: &[&'static str],
    marks: &[Mark],
    path: &[usize],
    cols: usize,
    class: &'static str,
    label: &str,
) -> Html {
    let rows = layers.len().div_ceil(cols).max(1);
    let width = cols as f64 * (NODE_W + GAP_X);
    let height = rows as f64 * (NODE_H + GAP_Y);
    let line: String =
        path.windows(2).filter_map(|w| Some(step(*w.first()?, *w.get(1)?, cols))).collect();
    let nodes = layers.iter().zip(marks).enumerate().map(|(i, (layer, m))| {
        let (cx, cy) = centre(i, cols);
        let (x, y) = (cx - NODE_W / 2.0, cy - NODE_H / 2.0);
        let symbol = match () {
            _ if m.sealed => "◆",
            _ if m.stopped => "■",
            _ if m.paused => "‖",
            _ => "",
        };
        let class = classes!(
            "node",
            m.reached.then_some("reached"),
            m.paused.then_some("paused"),
            m.stopped.then_some("stopped"),
            m.sealed.then_some("sealed"),
            m.current.then_some("current"),
            m.deciding.then_some("deciding"),
        );
        html! {
            <g class={class} data-layer={*layer}>
                <rect x={format!("{x:.1}")} y={format!("{y:.1}")} width={format!("{NODE_W}")} height={format!("{NODE_H}")} rx="8" />
                <text x={format!("{:.1}", x + 8.0)} y={format!("{:.1}", cy + 4.5)} class="node-label">{ *layer }</text>
                <text x={format!("{:.1}", x + NODE_W - 8.0)} y={format!("{:.1}", cy + 5.0)} class="node-mark" text-anchor="end">
                    { if m.deciding { format!("★{symbol}") } else { symbol.to_string() } }
                </text>
            </g>
        }
    });
    html! {
        <svg viewBox={format!("0 0 {width:.0} {height:.0}")} class={classes!("flow-svg", class)} role="img" aria-label={label.to_string()}>
            <path d={line} class="flow-path" />
            { for nodes }
        </svg>
    }
}

/// The gate flow, with the run state under it.
#[component]
pub fn GateFlow() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    let Some(session) = use_context::<SessionHandle>() else { return html! {} };
    let run = session.run.borrow();
    let layers = session.info.layers;
    let rows: Vec<RowView> = (0..run.shown()).filter_map(|i| run.row(i)).collect();
    let caught_up = run.shown() == run.emitted();
    let deciding =
        caught_up.then(|| ending(&**run, session.info.explain)).flatten().map(|e| e.layer);
    let marks = marks(layers, &rows, deciding);
    let path = path(layers, &rows);
    let reached = marks.iter().filter(|m| m.reached).count();
    let order: Vec<&str> = path.iter().filter_map(|i| layers.get(*i).copied()).collect();
    let label = format!(
        "{}: {reached} / {} {}. {}",
        Text::Gates.get(l),
        layers.len(),
        Text::FlowVisited.get(l),
        order.join(" → ")
    );
    html! {
        <figure class="gates flow" id="gate-flow" data-reached={reached.to_string()} data-deciding={deciding.unwrap_or("")}>
            { drawing(layers, &marks, &path, 5, "wide", &label) }
            { drawing(layers, &marks, &path, 2, "narrow", &label) }
            <figcaption>
                <span class="flow-count">{ Text::Gates.get(l) }{ ": " }{ reached }{ " / " }{ layers.len() }{ " " }{ Text::FlowVisited.get(l) }</span>
                { " · " }<span class="flow-legend">{ Text::FlowLegend.get(l) }</span>
                // The state as of the last row shown: while rows wait to be shown it is not
                // told (the state never runs ahead of the timeline).
                <span class="run-state">{ " · " }{ Text::RunState.get(l) }{ ": " }<strong id="run-state">{ if caught_up { run.state() } else { "…" } }</strong>
                    if caught_up && run.sealed() { { " ◆" } }
                </span>
            </figcaption>
        </figure>
    }
}
