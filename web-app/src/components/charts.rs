//! Small SVG charts, each with a text equivalent (a caption and a data table).

use yew::prelude::*;

use crate::i18n::{Lang, Text};

const W: f64 = 360.0;
const H: f64 = 160.0;

/// A horizontal bar chart of labelled counts.
pub fn bars(id: &str, title: &str, data: &[(String, u64)], l: Lang) -> Html {
    let max = data.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1) as f64;
    let row_h = 22.0;
    let height = row_h * data.len().max(1) as f64 + 4.0;
    let bars = data.iter().enumerate().map(|(i, (label, n))| {
        let y = i as f64 * row_h + 2.0;
        let w = (*n as f64 / max) * (W - 170.0);
        html! {
            <g>
                <text x="0" y={format!("{}", y + 15.0)} class="chart-label">{ label.clone() }</text>
                <rect x="160" y={format!("{y}")} width={format!("{w:.1}")} height="16" class="chart-bar" />
                <text x={format!("{:.1}", 164.0 + w)} y={format!("{}", y + 13.0)} class="chart-value">{ n }</text>
            </g>
        }
    });
    figure(
        id,
        title,
        html! {
            <svg viewBox={format!("0 0 {W} {height}")} role="img" aria-labelledby={format!("{id}-caption")} class="chart">{ for bars }</svg>
        },
        data.iter().map(|(k, v)| (k.clone(), v.to_string())).collect(),
        l,
    )
}

/// A line chart of (x, y) points, y in [`lo`, `hi`].
pub fn line(id: &str, title: &str, points: &[(u64, f64)], lo: f64, hi: f64, l: Lang) -> Html {
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
        .map(|(x, y)| (x.to_string(), format!("{y:.4}")))
        .collect();
    figure(
        id,
        title,
        html! {
            <svg viewBox={format!("0 0 {W} {H}")} role="img" aria-labelledby={format!("{id}-caption")} class="chart">
                <line x1="40" y1={format!("{}", H - 20.0)} x2={format!("{W}")} y2={format!("{}", H - 20.0)} class="axis" />
                <line x1="40" y1="10" x2="40" y2={format!("{}", H - 20.0)} class="axis" />
                <text x="0" y="16" class="chart-value">{ format!("{hi:.2}") }</text>
                <text x="0" y={format!("{}", H - 20.0)} class="chart-value">{ format!("{lo:.2}") }</text>
                <text x={format!("{}", W - 60.0)} y={format!("{}", H - 4.0)} class="chart-value">{ max_x as u64 }</text>
                <polyline points={path.join(" ")} class="chart-line" />
            </svg>
        },
        rows,
        l,
    )
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
