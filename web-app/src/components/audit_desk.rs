//! The audit desk: open a log (pick or drop), verify its chain with the demo key or a typed
//! one, replay it from its header, and compare two runs (links or files) aligned by gate.
//! Files are read with the browser's `FileReader`; nothing leaves the tab.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::file::callbacks::{FileReader, read_as_bytes};
use maestro_core::audit::{Log, MAX_LOG_BYTES, Pair, RowText};
use maestro_core::chain::ArlRow;
use maestro_core::vocab::{Code, Decision};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::DeskHandle;
use super::row_view::decision_badge;
use crate::desk::{DeskAction, Slot, listed_ranges};
use crate::i18n::{DeskText, Lang};

/// Where a read file goes.
#[derive(Clone, Copy, PartialEq)]
enum Target {
    Open,
    Slot(usize),
}

/// Reads `file` (refusing files above the desk's limit before reading a byte) and sends it
/// to the desk; `readers` keeps the reader alive until it reports.
fn read(
    file: web_sys::File,
    target: Target,
    desk: &DeskHandle,
    readers: &Rc<RefCell<Vec<FileReader>>>,
) {
    let name = file.name();
    let size = file.size();
    if size > MAX_LOG_BYTES as f64 {
        let bytes = size as usize;
        let msg =
            crate::desk::named(&name, maestro_core::audit::ImportError::TooLarge { bytes }.said());
        desk.dispatch(match target {
            Target::Open => DeskAction::Refuse(msg),
            Target::Slot(i) => DeskAction::RefuseSlot(i, msg),
        });
        return;
    }
    let file = gloo::file::File::from(file);
    let desk = desk.clone();
    let reader = read_as_bytes(&file, move |result| {
        let action = match (result, target) {
            (Ok(bytes), Target::Open) => DeskAction::Open { name, bytes },
            (Ok(bytes), Target::Slot(i)) => DeskAction::SetSlotFile(i, name, bytes),
            (Err(e), Target::Open) => DeskAction::Refuse(cannot_read(&name, &e.to_string())),
            (Err(e), Target::Slot(i)) => {
                DeskAction::RefuseSlot(i, cannot_read(&name, &e.to_string()))
            }
        };
        desk.dispatch(action);
    });
    readers.borrow_mut().push(reader);
}

fn first_file(input: &HtmlInputElement) -> Option<web_sys::File> {
    input.files().and_then(|list| list.get(0))
}

fn flags(sealed: bool, overrideable: bool, l: Lang) -> Html {
    html! {
        <>
            if sealed { <span class="flag sealed"><span aria-hidden="true">{ "◆ " }</span>{ DeskText::Sealed.get(l) }</span> }
            if overrideable { <span class="flag overrideable"><span aria-hidden="true">{ "↷ " }</span>{ DeskText::Overrideable.get(l) }</span> }
        </>
    }
}

/// The main fields of a row read from a file, as inert text.
/// A file the browser could not read.
fn cannot_read(name: &str, why: &str) -> maestro_core::say::Said {
    maestro_core::say::Said::new(
        format!("{name}: cannot read the file: {why}"),
        format!("{name}: ファイルを読めません: {why}"),
    )
}

/// The tamper control: change one field of one row of the opened log, in the page, and see
/// the verdict name the broken row (no text editor needed for the lesson on tampering).
#[component]
fn TamperForm() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    let Some(desk) = use_context::<DeskHandle>() else { return html! {} };
    let row = use_state(|| 1usize);
    let field = use_state(|| "reason_code".to_string());
    let value = use_state(String::new);
    let Some(opened) = desk.opened.clone() else { return html! {} };
    let fields: Vec<String> = opened
        .log
        .rows
        .get(row.saturating_sub(1))
        .map(|r| r.fields.iter().map(|(k, _)| k.clone()).collect())
        .unwrap_or_default();
    let on_row = {
        let row = row.clone();
        Callback::from(move |e: Event| {
            if let Some(n) =
                e.target_dyn_into::<HtmlInputElement>().and_then(|t| t.value().parse().ok())
            {
                row.set(n);
            }
        })
    };
    let on_field = {
        let field = field.clone();
        Callback::from(move |e: Event| {
            if let Some(t) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                field.set(t.value());
            }
        })
    };
    let on_value = {
        let value = value.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<HtmlInputElement>() {
                value.set(t.value());
            }
        })
    };
    let on_change = {
        let (desk, row, field, value) = (desk.clone(), row.clone(), field.clone(), value.clone());
        Callback::from(move |_| {
            desk.dispatch(DeskAction::Tamper {
                row: *row,
                field: (*field).clone(),
                value: (*value).clone(),
            });
        })
    };
    html! {
        <details class="tamper" id="desk-tamper">
            <summary>{ DeskText::TamperTitle.get(l) }</summary>
            <p class="muted">{ DeskText::TamperLead.get(l) }</p>
            <div class="tamper-fields">
                <label>{ DeskText::TamperRow.get(l) }{ " " }
                    <input id="tamper-row" type="number" min="1" max={opened.log.rows.len().to_string()} value={row.to_string()} onchange={on_row} />
                </label>
                <label>{ DeskText::TamperField.get(l) }{ " " }
                    <select id="tamper-field" onchange={on_field}>
                        { for fields.iter().map(|f| html! { <option value={f.clone()} selected={*f == *field}>{ f.clone() }</option> }) }
                    </select>
                </label>
                <label>{ DeskText::TamperValue.get(l) }{ " " }
                    <input id="tamper-value" type="text" value={(*value).clone()} oninput={on_value} />
                </label>
                <button type="button" id="tamper-go" onclick={on_change}>{ DeskText::TamperBtn.get(l) }</button>
            </div>
            if let Some(e) = &desk.tamper_error { <p class="error" role="alert" id="tamper-error">{ e.text(l == Lang::Ja).to_string() }</p> }
        </details>
    }
}

fn row_cells(r: &RowText, l: Lang) -> Html {
    let decision = match Decision::parse(&r.decision) {
        Some(d) => decision_badge(d),
        None => html! { <code class="badge other">{ r.decision.clone() }</code> },
    };
    html! {
        <span class="cells">
            <code class="layer">{ r.layer.clone() }</code>
            { decision }
            <span class="decider">{ r.decider.clone() }</span>
            <code class="reason">{ r.reason.clone() }</code>
            { flags(r.sealed, r.overrideable, l) }
        </span>
    }
}

fn extras(r: &RowText) -> Html {
    if r.extras.is_empty() {
        return html! {};
    }
    let items = r.extras.iter().map(|(k, v)| html! { <span class="extra"><code>{ k.clone() }</code>{ "=" }{ v.clone() }</span> });
    html! { <span class="extras">{ for items }</span> }
}

fn log_rows(
    log: &Log,
    broken: Option<usize>,
    limit: usize,
    more: Callback<MouseEvent>,
    l: Lang,
) -> Html {
    let ranges = listed_ranges(log.rows.len(), limit, broken);
    let listed: usize = ranges.iter().map(|r| r.len()).sum();
    let mut items: Vec<Html> = Vec::with_capacity(listed + 2);
    let mut last_end = 0;
    for range in ranges {
        if range.start > last_end {
            items.push(html! { <li class="row gap muted">{ format!("… {} {}", range.start - last_end, DeskText::RowsHidden.get(l)) }</li> });
        }
        last_end = range.end;
        items.extend(
            range.filter_map(|i| log.rows.get(i).map(|row| row_item(i, row, broken == Some(i), l))),
        );
    }
    let hidden = log.rows.len().saturating_sub(listed);
    html! {
        <>
            <ol class="rows desk-rows" id="desk-rows" tabindex="0" aria-label={DeskText::OpenedRows.get(l)}>{ for items }</ol>
            if hidden > 0 {
                <button type="button" id="desk-more" onclick={more}>{ format!("{} ({hidden} {})", DeskText::ShowMore.get(l), DeskText::RowsHidden.get(l)) }</button>
            }
        </>
    }
}

fn row_item(i: usize, row: &ArlRow, is_broken: bool, l: Lang) -> Html {
    let r = RowText::of(row);
    html! {
        <li class={classes!("row", is_broken.then_some("broken"))} data-line={r.line.to_string()} aria-current={is_broken.then_some("true")}>
            <span class="seq">{ i + 1 }</span>
            <span class="line">{ format!("{} {}", DeskText::Line.get(l), r.line) }</span>
            { row_cells(&r, l) }
            { extras(&r) }
        </li>
    }
}

/// The desk.
#[component]
pub fn AuditDesk() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    let Some(desk) = use_context::<DeskHandle>() else { return html! {} };
    let readers = use_mut_ref(Vec::<FileReader>::new);
    let dragging = use_state(|| false);

    let on_pick = {
        let (desk, readers) = (desk.clone(), readers.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = first_file(&input) {
                read(file, Target::Open, &desk, &readers);
            }
            input.set_value("");
        })
    };
    let on_drop = {
        let (desk, readers, dragging) = (desk.clone(), readers.clone(), dragging.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            let file = e.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0));
            if let Some(file) = file {
                read(file, Target::Open, &desk, &readers);
            }
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let on_key = {
        let desk = desk.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            desk.dispatch(DeskAction::SetKey(input.value()));
        })
    };
    let on_verify = {
        let desk = desk.clone();
        Callback::from(move |_| desk.dispatch(DeskAction::Verify))
    };
    let on_replay = {
        let desk = desk.clone();
        Callback::from(move |_| desk.dispatch(DeskAction::Replay))
    };
    let on_more = {
        let desk = desk.clone();
        Callback::from(move |_: MouseEvent| desk.dispatch(DeskAction::ShowMoreRows))
    };

    let opened = desk.opened.as_ref().map(|o| {
        let log = &o.log;
        // A log with a header names its run: it can be exported (the export needs the header).
        let otlp = log.header.as_ref().map(|h| {
            let (bytes, key, desk) = (o.bytes.clone(), desk.key.clone(), desk.clone());
            let (scenario, seed) = (h.scenario.clone(), h.request.seed);
            Callback::from(move |_| {
                let log = js_sys::Uint8Array::from(bytes.as_slice());
                let desk = desk.clone();
                let refused = Callback::from(move |e| desk.dispatch(DeskAction::Refuse(e)));
                crate::worker::export_otlp(log.into(), &key, &scenario, seed, refused);
            })
        });
        let broken = desk.verdict.as_ref().and_then(|(v, _)| v.broken_row());
        let header = log.header.as_ref().map(|h| {
            format!(
                "{} · seed {} · {} · engine {}",
                h.scenario,
                h.request.seed,
                h.request.rng.as_str(),
                h.engine_version
            )
        });
        let notes = (!log.notes.is_empty()).then(|| {
            let items = log.notes.iter().map(|n| html! { <li>{ n.said().text(l == Lang::Ja).to_string() }</li> });
            html! {
                <details class="notes" id="desk-notes" open=true>
                    <summary>{ format!("{} ({})", DeskText::Notes.get(l), log.notes.len() + log.more_notes) }</summary>
                    <ul>{ for items }</ul>
                    if log.more_notes > 0 { <p class="muted">{ format!("+{} {}", log.more_notes, DeskText::MoreNotes.get(l)) }</p> }
                </details>
            }
        });
        let verdict = desk.verdict.as_ref().map(|(v, key_id)| {
            let class = if v.is_intact() { "verdict ok" } else { "verdict bad" };
            html! { <p class={class} id="desk-verdict" role="status">{ v.said(key_id).text(l == Lang::Ja).to_string() }</p> }
        });
        let replay = desk.replay.as_ref().map(|r| match r {
            Err(e) => html! { <p class="verdict bad" id="desk-replay-result" role="status">{ e.text(l == Lang::Ja).to_string() }</p> },
            Ok(r) => {
                let class = if r.reproduced() && !r.engine_differs() { "verdict ok" } else { "verdict bad" };
                let side = r.divergence.as_ref().map(|d| {
                    let cell = |row: &Option<RowText>| match row {
                        Some(r) => html! { <>{ row_cells(r, l) }{ extras(r) }</> },
                        None => html! { <span class="muted">{ "—" }</span> },
                    };
                    html! {
                        <table class="side-by-side" id="desk-divergence">
                            <thead><tr><th>{ DeskText::Recorded.get(l) }</th><th>{ DeskText::Replayed.get(l) }</th></tr></thead>
                            <tbody><tr><td>{ cell(&d.recorded) }</td><td>{ cell(&d.replayed) }</td></tr></tbody>
                        </table>
                    }
                });
                html! {
                    <div id="desk-replay-result">
                        <p class={class} role="status">{ r.said().text(l == Lang::Ja).to_string() }</p>
                        { side }
                    </div>
                }
            }
        });
        html! {
            <div class="desk-log">
                <p class="desk-file"><strong>{ o.name.clone() }</strong>{ l.pick(format!(" · {} rows · {} bytes", log.rows.len(), log.bytes), format!(" · {} 行 · {} バイト", log.rows.len(), log.bytes)) }
                    if let Some(h) = header { <br /><code>{ h }</code> }
                </p>
                { notes.unwrap_or_default() }
                <div class="desk-key">
                    <label for="desk-key">{ DeskText::KeyLabel.get(l) }</label>
                    <input id="desk-key" type="password" autocomplete="off" value={desk.key.clone()} oninput={on_key} />
                    <button type="button" id="desk-verify" onclick={on_verify}>{ DeskText::VerifyBtn.get(l) }</button>
                    <button type="button" id="desk-replay" onclick={on_replay} disabled={log.header.is_none()}>{ DeskText::ReplayBtn.get(l) }</button>
                    if let Some(otlp) = otlp { <button type="button" id="desk-otlp" onclick={otlp}>{ "↓ " }{ crate::i18n::Text::DownloadOtlp.get(l) }</button> }
                </div>
                if log.header.is_none() { <p class="muted">{ DeskText::NoHeaderNote.get(l) }</p> }
                { verdict.unwrap_or_default() }
                { replay.unwrap_or_default() }
                <TamperForm />
                { log_rows(log, broken, desk.rows_listed, on_more.clone(), l) }
            </div>
        }
    });

    html! {
        <section class="desk" id="audit-desk" aria-labelledby="desk-heading">
            <h2 id="desk-heading">{ DeskText::Desk.get(l) }</h2>
            <p class="lead">{ DeskText::DeskLead.get(l) }</p>
            <div class={classes!("dropzone", dragging.then_some("dragging"))} id="desk-drop"
                ondragover={on_drag_over} ondragleave={on_drag_leave} ondrop={on_drop}>
                <label for="desk-file">{ DeskText::OpenLog.get(l) }</label>
                <input id="desk-file" type="file" accept=".jsonl,.json,application/x-ndjson,application/json,text/plain" onchange={on_pick} />
                <span class="muted">{ DeskText::DropHere.get(l) }</span>
            </div>
            if let Some(e) = &desk.open_error { <p class="error" id="desk-error" role="alert">{ e.text(l == Lang::Ja).to_string() }</p> }
            { opened.unwrap_or_default() }
            <CompareView />
        </section>
    }
}

/// The comparison of two runs.
#[component]
fn CompareView() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    let Some(desk) = use_context::<DeskHandle>() else { return html! {} };
    let readers = use_mut_ref(Vec::<FileReader>::new);
    let slot = |i: usize, title: DeskText| {
        let id = if i == 0 { "compare-a" } else { "compare-b" };
        let on_link = {
            let desk = desk.clone();
            Callback::from(move |e: InputEvent| {
                let input: HtmlInputElement = e.target_unchecked_into();
                desk.dispatch(DeskAction::SetLink(i, input.value()));
            })
        };
        let on_file = {
            let (desk, readers) = (desk.clone(), readers.clone());
            Callback::from(move |e: Event| {
                let input: HtmlInputElement = e.target_unchecked_into();
                if let Some(file) = first_file(&input) {
                    read(file, Target::Slot(i), &desk, &readers);
                }
                input.set_value("");
            })
        };
        let (value, file) = match desk.slots.get(i) {
            Some(Slot::Link(t)) => (t.clone(), None),
            Some(Slot::File { name, .. }) => (String::new(), Some(name.clone())),
            _ => (String::new(), None),
        };
        let error = desk.slot_errors.get(i).cloned().flatten();
        html! {
            <fieldset class="slot">
                <legend>{ title.get(l) }</legend>
                <input id={id} type="text" class="link-input" placeholder={DeskText::LinkPlaceholder.get(l)} aria-label={title.get(l)} value={value} oninput={on_link} />
                <label>{ DeskText::OrFile.get(l) }{ " " }<input id={format!("{id}-file")} type="file" accept=".jsonl,.json,text/plain" onchange={on_file} /></label>
                if let Some(name) = file { <p class="muted">{ format!("{}: {name}", DeskText::FileLoaded.get(l)) }</p> }
                if let Some(e) = error { <p class="error" role="alert">{ e.text(l == Lang::Ja).to_string() }</p> }
            </fieldset>
        }
    };
    let on_compare = {
        let desk = desk.clone();
        Callback::from(move |_| desk.dispatch(DeskAction::Compare))
    };
    let result = desk.compare.as_ref().map(|c| match c {
        Err(e) => html! { <p class="error" id="compare-error" role="alert">{ e.text(l == Lang::Ja).to_string() }</p> },
        Ok(c) => {
            let summary = c.summary.iter().map(|s| html! { <li>{ s.text(l == Lang::Ja).to_string() }</li> });
            let rows = c.diff.pairs.iter().enumerate().map(|(k, p)| pair_row(k, p, &c.a, &c.b, c.diff.first == Some(k), l));
            html! {
                <div id="compare-result">
                    <ul class="compare-summary" id="compare-summary">{ for summary }</ul>
                    <table class="compare">
                        <thead><tr><th>{ DeskText::RunA.get(l) }</th><th>{ DeskText::RunB.get(l) }</th></tr></thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
            }
        }
    });
    html! {
        <div class="compare-view" id="compare">
            <h3>{ DeskText::Compare.get(l) }</h3>
            <p class="lead">{ DeskText::CompareLead.get(l) }</p>
            <div class="slots">
                { slot(0, DeskText::RunA) }
                { slot(1, DeskText::RunB) }
            </div>
            <button type="button" id="compare-go" onclick={on_compare}>{ DeskText::CompareBtn.get(l) }</button>
            { result.unwrap_or_default() }
        </div>
    }
}

/// A value as the comparison shows it: a long hash or id shortened to its ends.
fn short(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() > 24 {
        let head: String = chars.iter().take(12).collect();
        let tail: String = chars.iter().skip(chars.len() - 6).collect();
        format!("{head}…{tail}")
    } else {
        text.to_string()
    }
}

fn pair_row(k: usize, p: &Pair, a: &Log, b: &Log, first: bool, l: Lang) -> Html {
    let class = match (p.a, p.b) {
        (Some(_), None) => "only-a",
        (None, Some(_)) => "only-b",
        _ if p.same() => "same",
        _ => "changed",
    };
    // Each side's row number counts from 1, as the bench, the lessons and the messages do.
    let cell = |log: &Log, i: Option<usize>| match i.and_then(|n| log.rows.get(n).map(|r| (n, r))) {
        Some((n, row)) => {
            let r = RowText::of(row);
            html! { <td><span class="seq">{ n + 1 }</span>{ " " }{ row_cells(&r, l) }</td> }
        }
        None => html! { <td class="muted">{ "—" }</td> },
    };
    // The fields that differ, each with both values (long hashes shortened), so a difference
    // the visible columns do not show (a `chain_id`, say) is named and seen.
    let value = |log: &Log, i: Option<usize>, field: &str| {
        i.and_then(|n| log.rows.get(n)).and_then(|r| r.fields.get(field)).map_or_else(
            || "—".to_string(),
            |v| short(&v.as_str().map_or_else(|| v.to_string(), str::to_string)),
        )
    };
    let fields = (!p.fields.is_empty()).then(|| {
        let items = p.fields.iter().map(|f| html! {
            <li data-field={f.clone()}><code>{ f.clone() }</code>{ ": A " }<code>{ value(a, p.a, f) }</code>{ " · B " }<code>{ value(b, p.b, f) }</code></li>
        });
        html! {
            <tr class="fields"><td colspan="2">{ DeskText::Changed.get(l) }{ ":" }<ul class="field-diff">{ for items }</ul></td></tr>
        }
    });
    html! {
        <>
            <tr class={classes!("pair", class, first.then_some("first-divergence"))} data-pair={k.to_string()}>
                { cell(a, p.a) }
                { cell(b, p.b) }
            </tr>
            { fields.unwrap_or_default() }
        </>
    }
}
