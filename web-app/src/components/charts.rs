//! Small SVG charts, each with a text equivalent (a caption and a data table).

use yew::prelude::*;

use maestro_core::face::Series;

use crate::i18n::{Lang, Text};

const W: f64 = 360.0;
const H: f64 = 160.0;

/// A whole number with thousands separators (`899,606`; Japanese groups the same way).
pub fn int(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A value as a chart shows it: a whole number as a whole number, else four decimals.
pub fn value(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        let text = int(x.abs() as u64);
        if x < 0.0 { format!("-{text}") } else { text }
    } else {
        format!("{x:.4}")
    }
}

/// An axis end: a whole number as a whole number, else two decimals.
fn tick(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 { value(x) } else { format!("{x:.2}") }
}

/// A horizontal bar chart of labelled counts: every number fits (the bars leave room for the
/// widest), and an empty chart says so.
pub fn bars(id: &str, title: &str, data: &[(String, u64)], l: Lang) -> Html {
    const LABEL_W: f64 = 160.0;
    const VALUE_W: f64 = 70.0;
    let max = data.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1) as f64;
    let row_h = 22.0;
    let height = row_h * data.len().max(1) as f64 + 4.0;
    let bars = data.iter().enumerate().map(|(i, (label, n))| {
        let y = i as f64 * row_h + 2.0;
        let w = (*n as f64 / max) * (W - LABEL_W - VALUE_W);
        html! {
            <g>
                <text x="0" y={format!("{}", y + 15.0)} class="chart-label">{ label.clone() }</text>
                <rect x={format!("{LABEL_W}")} y={format!("{y}")} width={format!("{w:.1}")} height="16" class="chart-bar" />
                <text x={format!("{:.1}", LABEL_W + w + 4.0)} y={format!("{}", y + 13.0)} class="chart-value">{ int(*n) }</text>
            </g>
        }
    });
    let empty = data.is_empty().then(|| {
        html! { <text x="0" y="16" class="chart-label chart-empty">{ Text::NoneWord.get(l) }</text> }
    });
    figure(
        id,
        title,
        html! {
            <svg viewBox={format!("0 0 {W} {height}")} role="img" aria-labelledby={format!("{id}-caption")} class="chart">{ for bars }{ for empty }</svg>
        },
        data.iter().map(|(k, v)| (k.clone(), int(*v))).collect(),
        l,
    )
}

/// A line chart of (x, y) points, y in [`lo`, `hi`], its x axis labelled `x_label`.
pub fn line(
    id: &str,
    title: &str,
    points: &[(u64, f64)],
    (lo, hi): (f64, f64),
    x_label: &str,
    l: Lang,
) -> Html {
    let max_x = points.iter().map(|(x, _)| *x).max().unwrap_or(1).max(1) as f64;
    let span = (hi - lo).max(f64::EPSILON);
    let path: Vec<String> = points
        .iter()
        .map(|(x, y)| {
            format!(
                "{:.1},{:.1}",
                40.0 + (*x as f64 / max_x) * (W - 50.0),
                10.0 + (1.0 - (y - lo) / span) * (H - 30.0)
            )
        })
        .collect();
    let rows = points
        .iter()
        .step_by((points.len() / 10).max(1))
        .chain(points.last())
        .map(|(x, y)| (int(*x), value(*y)))
        .collect();
    figure(
        id,
        title,
        html! {
            <svg viewBox={format!("0 0 {W} {H}")} role="img" aria-labelledby={format!("{id}-caption")} class="chart">
                { axes((lo, hi), "0".into(), x_label, int(max_x as u64)) }
                <polyline points={path.join(" ")} class="chart-line" />
            </svg>
        },
        rows,
        l,
    )
}

/// A line chart of several series over rounds (one line per agent, each with its own dash
/// pattern and a legend), y in [`lo`, `hi`], with labelled reference lines (`marks`, such
/// as a price's floor and target); its x axis is labelled "round" and its table lists every
/// round.
pub fn lines(
    id: &str,
    title: &str,
    series: &[Series],
    (lo, hi): (f64, f64),
    marks: &[(&'static str, f64)],
    l: Lang,
) -> Html {
    let rounds = || series.iter().flat_map(|s| s.points.iter().map(|(r, _)| *r));
    let (first, last) = (rounds().min().unwrap_or(0), rounds().max().unwrap_or(1));
    let span_x = f64::from(last.saturating_sub(first).max(1));
    let span = (hi - lo).max(f64::EPSILON);
    let x = |r: u32| 40.0 + f64::from(r.saturating_sub(first)) / span_x * (W - 50.0);
    let y = |v: f64| 10.0 + (1.0 - (v.clamp(lo, hi) - lo) / span) * (H - 30.0);
    let paths = series.iter().enumerate().map(|(k, s)| {
        let points: Vec<String> =
            s.points.iter().map(|(r, v)| format!("{:.1},{:.1}", x(*r), y(*v))).collect();
        html! { <polyline points={points.join(" ")} class={format!("chart-line series-{}", k % 4)} /> }
    });
    // Labels alternate right and left, so two close lines do not print over each other.
    let refs = marks.iter().filter(|(_, v)| (lo..=hi).contains(v)).enumerate().map(|(k, (name, v))| {
        let y = y(*v);
        let (x, anchor) = if k % 2 == 0 { (W - 2.0, "end") } else { (44.0, "start") };
        html! {
            <g class="chart-mark" data-mark={*name}>
                <line x1="40" y1={format!("{y:.1}")} x2={format!("{W}")} y2={format!("{y:.1}")} class="mark-line" />
                <text x={format!("{x}")} y={format!("{:.1}", y - 3.0)} class="chart-value" text-anchor={anchor}>{ format!("{name} {}", value(*v)) }</text>
            </g>
        }
    });
    let legend = series.iter().enumerate().map(|(k, s)| {
        html! {
            <li><svg viewBox="0 0 24 8" class="legend-swatch" aria-hidden="true"><line x1="0" y1="4" x2="24" y2="4" class={format!("chart-line series-{}", k % 4)} /></svg>{ s.agent }</li>
        }
    });
    let head = series.iter().map(|s| html! { <th scope="col">{ s.agent }</th> });
    let steps: Vec<usize> = (0..series.first().map_or(0, |s| s.points.len())).collect();
    let body = steps.into_iter().map(|i| {
        let round = series.first().and_then(|s| s.points.get(i)).map_or(0, |p| p.0);
        html! {
            <tr>
                <th scope="row">{ round }</th>
                { for series.iter().map(|s| html! { <td>{ s.points.get(i).map_or(String::new(), |p| value(p.1)) }</td> }) }
            </tr>
        }
    });
    html! {
        <figure class="chart-figure" id={id.to_string()}>
            <figcaption id={format!("{id}-caption")}>{ title.to_string() }</figcaption>
            <svg viewBox={format!("0 0 {W} {H}")} role="img" aria-labelledby={format!("{id}-caption")} class="chart">
                { axes((lo, hi), first.to_string(), Text::Round.get(l), last.to_string()) }
                { for refs }
                { for paths }
            </svg>
            <ul class="legend">{ for legend }</ul>
            <details>
                <summary>{ Text::DataTable.get(l) }</summary>
                <table>
                    <thead><tr><th scope="col">{ Text::Round.get(l) }</th>{ for head }</tr></thead>
                    <tbody>{ for body }</tbody>
                </table>
            </details>
        </figure>
    }
}

/// A line chart's axes: y from `lo` to `hi`, x from `first` to `last`, labelled `x_label`.
fn axes((lo, hi): (f64, f64), first: String, x_label: &str, last: String) -> Html {
    html! {
        <>
            <line x1="40" y1={format!("{}", H - 20.0)} x2={format!("{W}")} y2={format!("{}", H - 20.0)} class="axis" />
            <line x1="40" y1="10" x2="40" y2={format!("{}", H - 20.0)} class="axis" />
            <text x="0" y="16" class="chart-value">{ tick(hi) }</text>
            <text x="0" y={format!("{}", H - 20.0)} class="chart-value">{ tick(lo) }</text>
            <text x="40" y={format!("{}", H - 4.0)} class="chart-value">{ first }</text>
            <text x={format!("{}", W / 2.0)} y={format!("{}", H - 4.0)} class="chart-value axis-label" text-anchor="middle">{ x_label.to_string() }</text>
            <text x={format!("{}", W - 2.0)} y={format!("{}", H - 4.0)} class="chart-value" text-anchor="end">{ last }</text>
        </>
    }
}

fn figure(id: &str, title: &str, chart: Html, rows: Vec<(String, String)>, l: Lang) -> Html {
    html! {
        <figure class="chart-figure" id={id.to_string()}>
            <figcaption id={format!("{id}-caption")}>{ title.to_string() }</figcaption>
            { chart }
            <details>
                <summary>{ Text::DataTable.get(l) }</summary>
                <table>
                    <tbody>
                        { for rows.into_iter().map(|(k, v)| html! { <tr><th scope="row">{ k }</th><td>{ v }</td></tr> }) }
                    </tbody>
                </table>
            </details>
        </figure>
    }
}
