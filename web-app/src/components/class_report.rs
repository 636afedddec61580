//! The class report on the audit desk: a teacher picks or drops the logs a class handed in
//! (up to 200 files, each within the desk's 4 MiB limit), and the page's Web Worker checks them
//! all with the core's report (`maestro_core::report`, the same as `maestro report`): a table
//! with a line per file, the answers chosen at each decision point and how the runs ended (SVG
//! charts with their data tables), the files holding the same run, and the table as CSV.
//! Files are added to the class (picking again adds more); the page hands the `File` objects to
//! the worker, which reads them (a file over 4 MiB is refused by its size, unread); nothing
//! leaves the tab.

use std::cell::RefCell;
use std::rc::Rc;

use maestro_core::say::Said;
use serde_json::Value;
use wasm_bindgen::JsValue;
use web_sys::{FileList, HtmlInputElement};
use yew::prelude::*;

use super::charts::bars;
use crate::i18n::{DeskText, Lang};
use crate::worker::PageWorker;

/// The most files in one class (as the core's report reads).
const MAX_FILES: u32 = 200;

/// The class being gathered and what the panel shows; `tick` redraws the panel after a change.
#[derive(Default)]
struct Class {
    /// The handed-in files (`File` objects: the worker reads them, the page never does).
    files: Option<js_sys::Array>,
    worker: Option<PageWorker>,
    /// The worker failed (to load, or while running): the next pick starts a new one.
    broken: bool,
    /// The last report (what the desk draws of it, parsed).
    report: Option<Rc<Value>>,
    /// Its table as CSV, in English and Japanese (kept as text: never parsed).
    csv: Option<Rc<Said>>,
    /// Files are being read or checked.
    busy: bool,
    /// Files refused at the door, or why the worker failed.
    notice: Option<Said>,
    /// Bumped on every change.
    version: usize,
}

type Shared = Rc<RefCell<Class>>;

/// Redraws the panel after a change of the class.
fn redraw(class: &Shared, tick: &UseStateHandle<usize>) {
    let version = {
        let mut c = class.borrow_mut();
        c.version += 1;
        c.version
    };
    tick.set(version);
}

/// Shows why the class could not be checked (what was loaded stays).
fn fail(class: &Shared, tick: &UseStateHandle<usize>, why: Said) {
    {
        let mut c = class.borrow_mut();
        c.busy = false;
        c.notice = Some(why);
    }
    redraw(class, tick);
}

fn said(v: &Value, l: Lang) -> String {
    let key = if l == Lang::Ja { "ja" } else { "en" };
    v.get(key).and_then(Value::as_str).unwrap_or_default().to_string()
}

/// A text or number field of `v` as text (`v` itself when `key` is empty).
fn text(v: &Value, key: &str) -> String {
    match if key.is_empty() { Some(v) } else { v.get(key) } {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// Adds the picked or dropped files to the class (refusing those beyond 200 by name) and sends
/// the class to the worker, which reads and checks every file.
fn add(list: FileList, class: &Shared, tick: &UseStateHandle<usize>, key: &str) {
    let files = class.borrow_mut().files.get_or_insert_with(js_sys::Array::new).clone();
    let mut refused = Vec::new();
    for i in 0..list.length() {
        let Some(file) = list.get(i) else { continue };
        if files.length() < MAX_FILES {
            files.push(&file);
        } else {
            refused.push(file.name());
        }
    }
    let notice = (!refused.is_empty()).then(|| {
        let names = refused.join(", ");
        Said::new(
            format!("Not added (a class report holds at most {MAX_FILES} files): {names}"),
            format!(
                "追加しませんでした(クラスのレポートに入るのは {MAX_FILES} 個までです): {names}"
            ),
        )
    });
    {
        let mut c = class.borrow_mut();
        c.busy = true;
        c.notice = notice;
    }
    redraw(class, tick);
    if class.borrow().broken {
        // Dropped here, outside its own callbacks: a failed worker is replaced, not reused.
        let old = class.borrow_mut().worker.take();
        class.borrow_mut().broken = false;
        drop(old);
    }
    if class.borrow().worker.is_none() {
        let done = (class.clone(), tick.clone());
        let spawned = PageWorker::spawn(move |reply| {
            let read = reply.and_then(|data| {
                crate::worker::text(&data, "report")
                    .and_then(|t| serde_json::from_str::<Value>(&t).ok())
                    .map(|r| (data, r))
                    .ok_or_else(|| crate::worker::failed("no report"))
            });
            match read {
                Ok((data, r)) => {
                    {
                        let mut c = done.0.borrow_mut();
                        c.busy = false;
                        c.report = Some(Rc::new(r));
                        let csv = |k| crate::worker::text(&data, k).unwrap_or_default();
                        c.csv = Some(Rc::new(Said::new(csv("csv"), csv("csvJa"))));
                    }
                    redraw(&done.0, &done.1);
                }
                Err(e) => {
                    // A refusal or a failure: the next report starts a fresh worker.
                    done.0.borrow_mut().broken = true;
                    fail(&done.0, &done.1, e);
                }
            }
        });
        match spawned {
            Ok(w) => class.borrow_mut().worker = Some(w),
            Err(e) => return fail(class, tick, e),
        }
    }
    let posted = class.borrow().worker.as_ref().map(|w| {
        w.post(&[("type", "report".into()), ("files", files.into()), ("key", JsValue::from(key))])
    });
    if let Some(Err(e)) = posted {
        fail(class, tick, e);
    }
}

fn strings(v: Option<&Value>) -> impl Iterator<Item = &Value> {
    v.and_then(Value::as_array).into_iter().flatten()
}

/// The report as the worker prepared it (`maestro_wasm::report_view`): the table, the charts,
/// the groups.
fn drawn(report: &Value, l: Lang) -> Html {
    let view = report.get("view");
    let rows = strings(view.and_then(|v| v.get("rows"))).enumerate().map(|(i, r)| {
        let why = r.get("why").filter(|w| !w.is_null());
        // The file, its verdict, then what its header says (the verdict in view on a phone).
        let cells: Vec<String> = strings(r.get("cells")).map(|c| text(c, "")).collect();
        html! {
            <tr class={if why.is_some() { "bad" } else { "" }} data-status={text(r, "status")}>
                <td>{ i + 1 }</td>
                { for cells.iter().enumerate().map(|(k, c)| html! {
                    <>
                        <td>{ c.clone() }</td>
                        if k == 0 {
                            <td class="verdict-cell"><strong>{ r.get("verdict").map(|v| said(v, l)).unwrap_or_default() }</strong>
                                if let Some(w) = why { <br /><small>{ said(w, l) }</small> }</td>
                        }
                    </>
                }) }
                <td>{ text(r, "run") }</td>
            </tr>
        }
    });
    let charts = strings(view.and_then(|v| v.get("charts"))).map(|c| {
        let data: Vec<(String, u64)> = strings(c.get("data"))
            .map(|d| {
                let at = |i: usize| d.get(i).unwrap_or(&Value::Null);
                (text(at(0), ""), at(1).as_u64().unwrap_or(0))
            })
            .collect();
        let title = c.get("title").map(|t| said(t, l)).unwrap_or_default();
        bars(&text(c, "id"), &title, &data, l)
    });
    let groups =
        strings(view.and_then(|v| v.get("groups"))).map(|g| html! { <li>{ said(g, l) }</li> });
    html! {
        <>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="class-headline">
                <table class="compare" id="class-table">
                    <thead><tr>{ for DeskText::ClassColumns.get(l).split('|').map(|h| html! { <th scope="col">{ h }</th> }) }</tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            <div class="charts">{ for charts }</div>
            <ul class="class-groups" id="class-groups">{ for groups }</ul>
        </>
    }
}

/// The class report panel.
#[component]
pub fn ClassReport() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    let key = use_context::<super::DeskHandle>().map(|d| d.key.clone()).unwrap_or_default();
    let class = use_mut_ref(Class::default);
    let tick = use_state(|| 0usize);
    let on_pick = {
        let (class, tick, key) = (class.clone(), tick.clone(), key.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(list) = input.files() {
                add(list, &class, &tick, &key);
            }
            input.set_value("");
        })
    };
    let on_drop = {
        let (class, tick) = (class.clone(), tick.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(list) = e.data_transfer().and_then(|d| d.files()) {
                add(list, &class, &tick, &key);
            }
        })
    };
    let on_clear = {
        let (class, tick) = (class.clone(), tick.clone());
        Callback::from(move |_| {
            // The worker stays (and stays marked if it failed); the class and report go.
            let (worker, broken) = {
                let mut c = class.borrow_mut();
                (c.worker.take(), c.broken)
            };
            *class.borrow_mut() = Class { worker, broken, ..Class::default() };
            redraw(&class, &tick);
        })
    };
    let (report, notice, busy) = {
        let c = class.borrow();
        (c.report.clone(), c.notice.clone(), c.busy)
    };
    let on_csv = {
        let csv = class.borrow().csv.clone();
        Callback::from(move |_| {
            if let Some(csv) = &csv {
                crate::browser::download_as(
                    "class-report.csv",
                    csv.text(l == Lang::Ja),
                    "text/csv",
                );
            }
        })
    };
    html! {
        <section class="class-report" id="class-report" aria-labelledby="class-report-title" aria-busy={busy.to_string()}>
            <h3 id="class-report-title">{ DeskText::ClassReport.get(l) }</h3>
            <p class="lead">{ DeskText::ClassLead.get(l) }</p>
            <div class="dropzone" ondragover={Callback::from(|e: DragEvent| e.prevent_default())} ondrop={on_drop}>
                <label>{ DeskText::ClassPick.get(l) }{ " " }
                    <input id="class-files" type="file" multiple=true accept=".jsonl,.json,text/plain" onchange={on_pick} />
                </label>
                <span class="muted">{ DeskText::DropHere.get(l) }</span>
            </div>
            if let Some(n) = &notice { <p class="error" role="alert" id="class-notice">{ n.text(l == Lang::Ja).to_string() }</p> }
            if let Some(r) = report {
                <p role="status" id="class-headline" class={if text(&r, "reproduced") == text(&r, "total") { "verdict ok" } else { "verdict bad" }}>
                    { r.get("headline").map(|h| said(h, l)).unwrap_or_default() }
                </p>
                <div class="class-actions">
                    <button type="button" id="class-csv" onclick={on_csv}>{ DeskText::ClassCsv.get(l) }</button>
                    <button type="button" id="class-clear" onclick={on_clear}>{ DeskText::ClassClear.get(l) }</button>
                </div>
                { drawn(&r, l) }
            }
        </section>
    }
}
