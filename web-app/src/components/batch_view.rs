//! The batch view: run N runs of the current setup with a progress bar and a cancel button,
//! then charts (final states, top reasons, trust, HITL queue), the result download, and the
//! incident list that drills down to each incident's rows.

use gloo::timers::callback::Timeout;
use serde_json::Value;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::SessionHandle;
use super::charts::{bars, int, line};
use crate::batch::{BatchAction, BatchState, parse_runs};
use crate::browser;
use crate::i18n::{Lang, Text};
use crate::worker::PageWorker;

fn counts(doc: &Value, pointer: &str) -> Vec<(String, u64)> {
    doc.pointer(pointer)
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_u64().unwrap_or(0))).collect())
        .unwrap_or_default()
}

/// The batch section.
#[component]
pub fn BatchView() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    let Some(session) = use_context::<SessionHandle>() else { return html! {} };
    // Only scenarios with a batch runner show the batch view, and not in a frame (the bench
    // alone; a sandboxed frame cannot start the worker).
    let removed = use_context::<super::PageMode>().is_some_and(|m| m.embed || m.hide.has("batch"));
    if maestro_core::scenario::batch(session.info.id).is_none() || removed {
        return html! {};
    }
    let state = use_reducer(BatchState::default);
    let runs_text = use_state(|| "10000".to_string());
    // The worker, started by the first batch and kept for the next ones.
    let worker = use_mut_ref(|| None::<PageWorker>);
    // The incident list is drawn one task after the charts: the end of a batch is then two
    // short tasks, not one long one.
    let list_ready = use_state(|| false);
    use_effect_with(state.document.is_some(), {
        let list_ready = list_ready.clone();
        move |done: &bool| {
            if !*done {
                list_ready.set(false);
            }
            let timer = done.then(|| Timeout::new(0, move || list_ready.set(true)));
            move || drop(timer)
        }
    });

    let on_runs = {
        let runs_text = runs_text.clone();
        Callback::from(move |e: Event| {
            if let Some(t) = e.target_dyn_into::<HtmlInputElement>() {
                runs_text.set(t.value());
            }
        })
    };
    let start = {
        let state = state.clone();
        let session = session.clone();
        let runs_text = runs_text.clone();
        let worker = worker.clone();
        Callback::from(move |_| {
            let started = parse_runs(&runs_text).and_then(|runs| {
                let mut slot = worker.borrow_mut();
                if slot.is_none() {
                    let to = state.dispatcher();
                    *slot = Some(crate::batch::spawn(Callback::from(move |a| to.dispatch(a)))?);
                }
                // The worker gets the run as its share link: the one textual form of a run.
                let link = maestro_core::link::encode_request(
                    session.info.id,
                    &session.run.borrow().request(),
                );
                slot.as_ref().map_or(Ok(()), |w| crate::batch::start(w, &link, runs))
            });
            state.dispatch(match started {
                Ok(()) => BatchAction::Started,
                Err(e) => BatchAction::Refused(e),
            });
        })
    };
    let cancel = {
        let worker = worker.clone();
        let state = state.clone();
        Callback::from(move |_| {
            if let Some(Err(e)) = worker.borrow().as_ref().map(crate::batch::cancel) {
                state.dispatch(BatchAction::Refused(e));
            }
        })
    };
    let (done, total) = state.progress;
    let abnormal = state
        .document
        .as_ref()
        .and_then(|d| d.pointer("/abnormal_arl_persistence/abnormal_total"))
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(0);

    let results = state.document.as_ref().map(|doc| {
        let states = counts(doc, "/hitl_queue/counts/by_state");
        let reasons = counts(doc, "/hitl_queue/counts/by_reason_code_top20");
        let trust: Vec<(u64, f64)> = state.samples.iter().map(|(d, t, _)| (*d, *t)).collect();
        let queue: Vec<(u64, f64)> = state.samples.iter().map(|(d, _, q)| (*d, *q as f64)).collect();
        let max_q = queue.iter().map(|(_, q)| *q).fold(1.0, f64::max);
        let download = {
            let file = state.file.clone();
            Callback::from(move |_| {
                if let Some(text) = &file {
                    browser::download_as("maestro-batch-result.json", text, "application/json");
                }
            })
        };
        let index = {
            let lines: String = state
                .incidents
                .iter()
                .map(|i| i.index_line.as_str())
                .collect();
            Callback::from(move |_| browser::download("incident_index.jsonl", &lines))
        };
        html! {
            <div class="batch-results">
                if state.cancelled { <p class="notice-inline" role="status">{ Text::CancelledNote.get(l) }</p> }
                <div class="charts">
                    { bars("chart-states", Text::FinalStates.get(l), &states, l) }
                    { bars("chart-reasons", Text::TopReasons.get(l), &reasons, l) }
                    { line("chart-trust", { let m = maestro_core::scenario::batch(session.info.id).map_or(("", ""), |b| b.metric); l.pick(m.0, m.1) }, &trust, (0.0, 1.0), Text::RunsAxis.get(l), l) }
                    { line("chart-queue", Text::QueueOverBatch.get(l), &queue, (0.0, max_q), Text::RunsAxis.get(l), l) }
                </div>
                <div class="share">
                    <button type="button" id="download-result" onclick={download}>{ "↓ " }{ Text::DownloadResult.get(l) }</button>
                    <button type="button" id="download-index" onclick={index}>{ "↓ " }{ Text::DownloadIndex.get(l) }</button>
                </div>
            </div>
        }
    });

    let incidents = state.incidents.iter().enumerate().map(|(i, inc)| {
        let select = {
            let state = state.clone();
            Callback::from(move |_| state.dispatch(BatchAction::Select(i)))
        };
        let get = |k: &str| inc.index.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        // The worker hands over each file's text: nothing is written on this thread.
        let file = {
            let incidents = state.incidents.clone();
            Callback::from(move |_| {
                if let Some(inc) = incidents.get(i) {
                    browser::download(&inc.file_name, &inc.file);
                }
            })
        };
        html! {
            <li class={classes!("incident", (state.selected == Some(i)).then_some("selected"))}>
                <button type="button" class="row-button" onclick={select}>
                    <code>{ inc.incident_id.clone() }</code>{ " " }<code>{ get("run_id") }</code>{ " " }
                    <code class="reason">{ get("primary_reason_code") }</code>{ " " }<span>{ get("final_state") }</span>
                </button>
                <button type="button" class="small" onclick={file} aria-label={format!("{} {}", Text::Download.get(l), inc.file_name)}>{ "↓ .jsonl" }</button>
            </li>
        }
    });
    let drill = state.selected.and_then(|i| state.incidents.get(i)).map(|inc| {
        html! {
            <ol class="rows incident-rows" aria-label={inc.file_name.clone()}>
                { for inc.file.lines().filter_map(|l| serde_json::from_str::<Value>(l).ok()).map(|r| {
                    let f = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or("").to_string();
                    let sealed = r.get("sealed") == Some(&Value::Bool(true));
                    html! {
                        <li class="row" data-reason={f("reason_code")}>
                            <span class="row-button">
                                <code class="layer">{ f("layer") }</code>
                                <span class="badge">{ f("decision") }</span>
                                <span class="decider">{ f("final_decider") }</span>
                                <code class="reason">{ f("reason_code") }</code>
                                if sealed { <span class="flag sealed">{ "◆ " }{ Text::Sealed.get(l) }</span> }
                            </span>
                        </li>
                    }
                }) }
            </ol>
        }
    });

    html! {
        <section class="batch" aria-labelledby="batch-heading">
            <h2 id="batch-heading">{ Text::BatchTitle.get(l) }</h2>
            <p class="lead">{ Text::BatchLead.get(l) }</p>
            <div class="controls">
                <label>{ Text::Runs.get(l) }{ " " }
                    <input id="batch-runs" type="text" inputmode="numeric" value={(*runs_text).clone()} onchange={on_runs} aria-invalid={state.error.is_some().to_string()} />
                </label>
                <button type="button" id="batch-start" onclick={start} disabled={state.running}>{ "▶ " }{ Text::RunBatch.get(l) }</button>
                <button type="button" id="batch-cancel" onclick={cancel} disabled={!state.running}>{ "■ " }{ Text::Cancel.get(l) }</button>
                if let Some(e) = state.error.clone() { <small class="field-error" role="alert">{ e.text(l == Lang::Ja).to_string() }</small> }
            </div>
            if total > 0 {
                <label class="progress">{ Text::Progress.get(l) }{ " " }
                    <progress id="batch-progress" max={total.to_string()} value={done.to_string()}>{ format!("{done}/{total}") }</progress>
                    <span>{ format!(" {} / {} {}", int(done), int(total), Text::RunsDone.get(l)) }</span>
                </label>
            }
            { results.unwrap_or_default() }
            if state.document.is_some() && *list_ready {
                <h3>{ Text::Incidents.get(l) }{ format!(" ({})", int(state.incidents.len() as u64)) }</h3>
                if abnormal > state.incidents.len() as u64 {
                    <p class="muted" id="incidents-capped">{ l.pick(
                        format!("Showing {} of {} abnormal runs (the first {} are kept).", int(state.incidents.len() as u64), int(abnormal), int(crate::batch::MAX_INCIDENTS)),
                        format!("異常な実行 {} 件のうち {} 件を表示(最初の {} 件を保持)。", int(abnormal), int(state.incidents.len() as u64), int(crate::batch::MAX_INCIDENTS)),
                    ) }</p>
                }
                if state.incidents.is_empty() {
                    <p class="muted">{ Text::NoIncidents.get(l) }</p>
                } else {
                    <div class="bench-grid">
                        <ul class="incidents">{ for incidents }</ul>
                        <div>{ drill.unwrap_or_default() }</div>
                    </div>
                }
            }
        </section>
    }
}
