//! How one ARL row looks: decision, seal and override flags each with its own shape, word
//! and colour (colour is never the only channel).

use maestro_core::arl::Seal;
use maestro_core::vocab::{Code, Decision};
use yew::prelude::*;

use crate::i18n::{Lang, Text};

/// The decision's symbol and class.
pub fn decision_badge(d: Decision) -> Html {
    let (symbol, class) = match d {
        Decision::Run => ("▶", "run"),
        Decision::PauseForHitl => ("‖", "pause"),
        Decision::Stopped => ("■", "stop"),
        _ => ("•", "other"),
    };
    html! { <span class={classes!("badge", class)}><span aria-hidden="true">{ symbol }</span>{ " " }{ d.as_str() }</span> }
}

/// The seal / override flags.
pub fn flags(seal: Seal, l: Lang) -> Html {
    html! {
        <>
            if seal.sealed() {
                <span class="flag sealed"><span aria-hidden="true">{ "◆ " }</span>{ Text::Sealed.get(l) }</span>
            }
            if seal.overrideable() {
                <span class="flag overrideable"><span aria-hidden="true">{ "↷ " }</span>{ Text::Overrideable.get(l) }</span>
            }
        </>
    }
}
