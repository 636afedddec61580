//! The log codebook's vocabularies and the 20-bit pack, read from `maestro_core::scenarios::emergency::codebook`.

use maestro_core::scenario::{SCENARIOS, ScenarioInfo};
use maestro_core::scenarios::emergency::codebook::{self, CODEBOOK_VERSION};
use maestro_core::scenarios::emergency::emergency_contract::SCENARIO as EMERGENCY_CONTRACT;
use maestro_core::scenarios::emergency::{Layer, Reason};
use maestro_core::vocab::{Decision, FinalDecider};
use yew::prelude::*;

use crate::i18n::{DeskText, Lang};

fn explanation(key: &str, name: &str, l: Lang) -> Html {
    use maestro_core::scenarios::emergency::explain::{
        explain, explain_decider, explain_decision, explain_layer,
    };
    use maestro_core::vocab::Code;
    let text = match key {
        "reason_code" => Reason::parse(name).map(explain),
        "layer" => Layer::parse(name).map(explain_layer),
        "decision" => Decision::parse(name).map(explain_decision),
        "final_decider" => FinalDecider::parse(name).map(explain_decider),
        _ => None,
    };
    let Some((en, ja)) = text else { return html! {} };
    html! { <td class="explain">{ l.pick(en, ja) }</td> }
}

fn table(title: DeskText, key: &'static str, rows: &[(&'static str, u8)], l: Lang) -> Html {
    html! {
        <figure class="vocab" data-vocab={key}>
            <figcaption>{ format!("{} ({})", title.get(l), rows.len()) }</figcaption>
            <table>
                <thead><tr><th scope="col">{ DeskText::Id.get(l) }</th><th scope="col">{ DeskText::Name.get(l) }</th></tr></thead>
                <tbody>
                    { for rows.iter().map(|(name, id)| html! {
                        <tr><td class="num">{ id }</td><td><code>{ *name }</code></td>{ explanation(key, name, l) }</tr>
                    }) }
                </tbody>
            </table>
        </figure>
    }
}

/// The vocabulary of a scenario outside the reference codebook: its layers and reason codes,
/// each with its explanation.
fn scenario_vocab(s: &ScenarioInfo, l: Lang) -> Html {
    let rows = |names: &'static [&'static str]| {
        names
            .iter()
            .map(|name| {
                let (en, ja) = (s.explain)(name).unwrap_or(("", ""));
                html! { <tr><td><code>{ *name }</code></td><td class="explain">{ l.pick(en, ja) }</td></tr> }
            })
            .collect::<Html>()
    };
    html! {
        <figure class="vocab" data-vocab-scenario={s.id}>
            <figcaption>{ l.pick(s.title, s.title_ja) }</figcaption>
            <table>
                <thead><tr><th scope="col">{ DeskText::Layers.get(l) }</th><th scope="col">{ DeskText::Meaning.get(l) }</th></tr></thead>
                <tbody>{ rows(s.layers) }</tbody>
                <thead><tr><th scope="col">{ DeskText::ReasonCodes.get(l) }</th><th scope="col">{ DeskText::Meaning.get(l) }</th></tr></thead>
                <tbody>{ rows(s.reasons) }</tbody>
            </table>
        </figure>
    }
}

/// The reference codebook (the emergency family's, with the 20-bit pack), where this page
/// lists that family, and the vocabulary of every other scenario it lists.
#[component]
pub fn CodebookView() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    let others = SCENARIOS.iter().filter(|s| s.id != EMERGENCY_CONTRACT.id);
    let reference = if SCENARIOS.iter().any(|s| s.id == EMERGENCY_CONTRACT.id) {
        reference_codebook(l)
    } else {
        html! {}
    };
    html! {
        <section class="codebook" aria-labelledby="codebook-heading">
            { reference }
            <div class="vocab-grid">{ for others.map(|s| scenario_vocab(s, l)) }</div>
        </section>
    }
}

fn reference_codebook(l: Lang) -> Html {
    let [layers, decisions, deciders, reasons] = codebook::entries();
    let example = codebook::PACK_EXAMPLE;
    let packed = example.pack().map_or_else(|e| e.to_string(), |p| format!("{p} = 0x{p:05X}"));
    html! {
        <>
            <h2 id="codebook-heading">{ format!("{} {CODEBOOK_VERSION}", DeskText::Codebook.get(l)) }</h2>
            <p class="lead">{ DeskText::CodebookLead.get(l) }</p>
            <div class="vocab-grid">
                { table(DeskText::Layers, layers.0, &layers.1, l) }
                { table(DeskText::ReasonCodes, reasons.0, &reasons.1, l) }
                <div class="vocab-stack">
                    { table(DeskText::Decisions, decisions.0, &decisions.1, l) }
                    { table(DeskText::Deciders, deciders.0, &deciders.1, l) }
                    <div class="pack">
                        <h3>{ DeskText::PackExample.get(l) }</h3>
                        <p>{ DeskText::PackExampleLead.get(l) }</p>
                        <p class="packed"><code>{ packed }</code></p>
                    </div>
                </div>
            </div>
        </>
    }
}
