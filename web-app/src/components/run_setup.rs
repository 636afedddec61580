//! Scenario, seed, generator and knobs: form controls generated from the core's knob
//! descriptions, validated by the core, with its message next to the field.

use maestro_core::face::{KnobInfo, KnobKind};
use maestro_core::rng::RngKind;
use maestro_core::scenario::SCENARIOS;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::SessionHandle;
use crate::browser;
use crate::i18n::{Lang, Text};
use crate::state::Action;

fn knob_field(
    k: &KnobInfo,
    value: &str,
    error: Option<&str>,
    session: &SessionHandle,
    l: Lang,
) -> Html {
    let id = format!("knob-{}", k.name);
    let name = k.name.to_string();
    let dispatch = {
        let session = session.clone();
        move |v: String| session.dispatch(Action::SetKnob(name.clone(), v))
    };
    let help = l.pick(k.help, k.help_ja);
    let control = match k.kind {
        KnobKind::Choice { values } => {
            let onchange = Callback::from(move |e: Event| {
                if let Some(t) = e.target_dyn_into::<HtmlSelectElement>() {
                    dispatch(t.value());
                }
            });
            html! {
                <select id={id.clone()} {onchange}>
                    { for values.iter().map(|v| html! { <option value={*v} selected={*v == value}>{ *v }</option> }) }
                </select>
            }
        }
        KnobKind::Flag => {
            let onchange = Callback::from(move |e: Event| {
                if let Some(t) = e.target_dyn_into::<HtmlInputElement>() {
                    dispatch(t.checked().to_string());
                }
            });
            html! { <input id={id.clone()} type="checkbox" checked={value == "true"} {onchange} /> }
        }
        KnobKind::Text { presets, .. } => {
            // A preset fills the text; the text itself is free (the core checks its length).
            let pick = {
                let dispatch = dispatch.clone();
                Callback::from(move |e: Event| {
                    let name = e.target_dyn_into::<HtmlSelectElement>().map(|t| t.value());
                    if let Some((_, text)) =
                        presets.iter().find(|(n, _)| Some(n.to_string()) == name)
                    {
                        dispatch(text.to_string());
                    }
                })
            };
            // While the field shows an error, each keystroke checks again, so the error
            // clears as soon as the value is valid.
            let oninput = error.is_some().then(|| {
                let dispatch = dispatch.clone();
                Callback::from(move |e: InputEvent| {
                    if let Some(t) = e.target_dyn_into::<HtmlTextAreaElement>() {
                        dispatch(t.value());
                    }
                })
            });
            let onchange = Callback::from(move |e: Event| {
                if let Some(t) = e.target_dyn_into::<HtmlTextAreaElement>() {
                    dispatch(t.value());
                }
            });
            let current = presets.iter().find(|(_, t)| *t == value).map(|(n, _)| *n);
            html! {
                <>
                    <select id={format!("{id}-preset")} aria-label={format!("{} presets", k.name)} onchange={pick}>
                        <option value="" selected={current.is_none()}>{ "—" }</option>
                        { for presets.iter().map(|(n, _)| html! { <option value={*n} selected={current == Some(*n)}>{ *n }</option> }) }
                    </select>
                    <textarea id={id.clone()} rows="3" value={value.to_string()} aria-invalid={error.is_some().to_string()} {onchange} {oninput} />
                </>
            }
        }
        KnobKind::Number { .. } | KnobKind::Integer { .. } => {
            let oninput = error.is_some().then(|| {
                let dispatch = dispatch.clone();
                Callback::from(move |e: InputEvent| {
                    if let Some(t) = e.target_dyn_into::<HtmlInputElement>() {
                        dispatch(t.value());
                    }
                })
            });
            let onchange = Callback::from(move |e: Event| {
                if let Some(t) = e.target_dyn_into::<HtmlInputElement>() {
                    dispatch(t.value());
                }
            });
            html! { <input id={id.clone()} type="text" inputmode="decimal" value={value.to_string()} aria-invalid={error.is_some().to_string()} {onchange} {oninput} /> }
        }
    };
    html! {
        <div class="knob" data-knob={k.name}>
            <label for={id}>{ k.name }</label>
            { control }
            <small class="help">{ help }</small>
            if let Some(msg) = error {
                <small class="field-error" role="alert">{ msg.to_string() }</small>
            }
        </div>
    }
}

/// The scenario families, in registry order.
fn families() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for s in SCENARIOS {
        if !out.contains(&s.family) {
            out.push(s.family);
        }
    }
    out
}

/// The run's setup form.
#[component]
pub fn RunSetup() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    let Some(session) = use_context::<SessionHandle>() else { return html! {} };
    let mode = use_context::<super::PageMode>().unwrap_or_default();
    let (locked, hidden) = (|c: &str| mode.lock.has(c), |c: &str| mode.hide.has(c));
    let request = session.run.borrow().request();
    let values = session.run.borrow().knob_values();
    // What a teacher's link fixed, said once above the form.
    let fixed: Vec<&str> = super::LOCKABLE.iter().copied().filter(|c| locked(c)).collect();
    let on_seed = {
        let session = session.clone();
        Callback::from(move |e: Event| {
            if let Some(t) = e.target_dyn_into::<HtmlInputElement>() {
                session.dispatch(Action::SetSeedText(t.value()));
            }
        })
    };
    let on_seed_input = session.seed_error.is_some().then(|| {
        let session = session.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<HtmlInputElement>() {
                session.dispatch(Action::SetSeedText(t.value()));
            }
        })
    });
    // A closed picker does not switch scenario on arrow keys (a whole run would restart at
    // each key): open it (Alt+Down, Space or Enter) and choose in its list.
    let hold_arrows = Callback::from(|e: KeyboardEvent| {
        let arrow = matches!(
            e.key().as_str(),
            "ArrowUp"
                | "ArrowDown"
                | "ArrowLeft"
                | "ArrowRight"
                | "Home"
                | "End"
                | "PageUp"
                | "PageDown"
        );
        if arrow && !e.alt_key() {
            e.prevent_default();
        }
    });
    let on_scenario = {
        let session = session.clone();
        Callback::from(move |e: Event| {
            if let Some(t) = e.target_dyn_into::<HtmlSelectElement>() {
                session.dispatch(Action::SetScenario(t.value()));
            }
        })
    };
    let new_seed = {
        let session = session.clone();
        Callback::from(move |_| session.dispatch(Action::SetSeed(browser::random_seed())))
    };
    let on_rng = {
        let session = session.clone();
        Callback::from(move |e: Event| {
            if let Some(kind) =
                e.target_dyn_into::<HtmlSelectElement>().and_then(|t| RngKind::parse(&t.value()))
            {
                session.dispatch(Action::SetRng(kind));
            }
        })
    };
    html! {
        <form class="setup" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            if !fixed.is_empty() {
                <p class="set-by-teacher" id="set-by-teacher">{ Text::SetByTeacher.get(l) }{ " " }{ fixed.join(", ") }</p>
            }
            <div class="setup-row">
                <label>{ Text::Scenario.get(l) }
                    <select id="scenario" onchange={on_scenario} onkeydown={hold_arrows} disabled={locked("scenario")}>
                        { for families().into_iter().map(|family| html! {
                            <optgroup label={family}>
                                { for SCENARIOS.iter().filter(|s| s.family == family).map(|s| html! {
                                    <option value={s.id} selected={s.id == session.info.id}>{ l.pick(s.title, s.title_ja) }</option>
                                }) }
                            </optgroup>
                        }) }
                    </select>
                </label>
                <label>{ Text::Seed.get(l) }
                    <input id="seed" type="text" inputmode="numeric" value={request.seed.to_string()} aria-invalid={session.seed_error.is_some().to_string()} onchange={on_seed} oninput={on_seed_input} disabled={locked("seed")} />
                    if let Some(msg) = session.seed_error.clone() {
                        <small class="field-error" role="alert">{ msg.text(l == Lang::Ja).to_string() }</small>
                    }
                </label>
                <button type="button" id="new-seed" onclick={new_seed} disabled={locked("seed")}>{ Text::NewSeed.get(l) }</button>
                if !hidden("rng") {
                <label>{ Text::Generator.get(l) }
                    <select id="rng" onchange={on_rng} disabled={locked("rng")}>
                        { for RngKind::ALL.iter().map(|k| html! { <option value={k.as_str()} selected={*k == request.rng}>{ k.as_str() }</option> }) }
                    </select>
                </label>
                }
            </div>
            if !hidden("knobs") {
            <details class="knobs">
                <summary>{ Text::Knobs.get(l) }</summary>
                // A disabled fieldset disables every knob's control at once.
                <fieldset class="knob-grid" disabled={locked("knobs")}>
                    { for session.info.knobs.iter().map(|k| {
                        let value = values.iter().find(|(n, _)| *n == k.name).map(|(_, v)| v.clone()).unwrap_or_default();
                        let error = session.knob_errors.iter().find(|(n, _)| n == k.name).map(|(_, m)| m.text(l == Lang::Ja));
                        knob_field(k, &value, error, &session, l)
                    }) }
                </fieldset>
            </details>
            }
        </form>
    }
}
