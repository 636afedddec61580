//! The scenario's story, above its run: who wants what, what could go wrong, and what the
//! student decides (declared with the scenario in the core).

use yew::prelude::*;

use super::SessionHandle;
use crate::i18n::{Lang, Text};

/// The story panel.
#[component]
pub fn StoryPanel() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    let Some(session) = use_context::<SessionHandle>() else { return html! {} };
    let story = session.info.story;
    let part = |id: &'static str, label: Text, (en, ja): (&'static str, &'static str)| {
        html! {
            <div class="story-part">
                <dt>{ label.get(l) }</dt>
                <dd id={id}>{ l.pick(en, ja) }</dd>
            </div>
        }
    };
    html! {
        <section class="story" aria-labelledby="story-heading">
            <h3 id="story-heading">{ Text::Story.get(l) }{ " · " }{ l.pick(session.info.title, session.info.title_ja) }</h3>
            <dl>
                { part("story-who", Text::StoryWho, story.who) }
                { part("story-risk", Text::StoryRisk, story.risk) }
                { part("story-decide", Text::StoryDecide, story.decide) }
            </dl>
        </section>
    }
}
