//! The EN / 日本語 switch.

use yew::prelude::*;

use crate::i18n::Lang;

/// Properties of [`LangToggle`].
#[derive(Properties, PartialEq)]
pub struct LangToggleProps {
    /// The language shown now.
    pub current: Lang,
    /// Called with the language picked.
    pub on_change: Callback<Lang>,
    /// The group's accessible label ("Language"), from the page's own strings.
    pub label: &'static str,
}

/// Two buttons; the pressed one is the current language.
#[component]
pub fn LangToggle(props: &LangToggleProps) -> Html {
    let button = |lang: Lang, label: &'static str| {
        let on_change = props.on_change.clone();
        let pressed = props.current == lang;
        html! {
            <button type="button" class="lang" lang={lang.tag()}
                aria-pressed={if pressed { "true" } else { "false" }}
                onclick={Callback::from(move |_| on_change.emit(lang))}>
                { label }
            </button>
        }
    };
    html! {
        <div class="lang-toggle" role="group" aria-label={props.label}>
            { button(Lang::En, "EN") }
            { button(Lang::Ja, "日本語") }
        </div>
    }
}
