//! The teacher-link panel: a link to this run for a class, with controls fixed (`lock=`) or
//! removed (`hide=`), the projector (`present=1`) or a frame (`embed=1`), and its QR code
//! drawn in the page (no network). The code itself comes from the page's worker (the
//! `maestro-wasm` package, `qrCode`), asked once the panel is opened, so the QR encoder is not
//! part of the first load. Not shown on a student's link (`teacher=0`, `hide=teacher`) nor in
//! a frame.

use maestro_core::say::Said;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{PageMode, SessionHandle};
use crate::i18n::{Lang, Text};
use crate::route::View;

/// The QR code as the worker drew it for a link: `(side, path)`, or why not.
type Qr = Result<(i32, String), Said>;

/// The QR code of the link as an SVG, while it is made, or why there is none.
fn qr_view(qr: Option<&Qr>, label: &str, l: Lang) -> Html {
    match qr {
        None => html! { <p class="muted" id="teacher-link-qr-wait">{ "…" }</p> },
        Some(Err(why)) => {
            html! { <p class="field-error" id="teacher-link-qr">{ why.text(l == Lang::Ja).to_string() }</p> }
        }
        Some(Ok((side, path))) => html! {
            <svg class="qr" id="teacher-link-qr" viewBox={format!("0 0 {side} {side}")} role="img" aria-label={label.to_string()} shape-rendering="crispEdges">
                <rect width={side.to_string()} height={side.to_string()} fill="#fff" />
                <path d={path.clone()} fill="#000" />
            </svg>
        },
    }
}

/// The panel's state: the link's options, whether it is open, and the QR code (kept with the
/// link it is of: a stale one is not shown).
#[derive(Clone, PartialEq)]
struct Panel {
    chosen: PageMode,
    open: bool,
    qr: Option<(String, Qr)>,
}

/// The options a teacher can tick: `(field, control)`, the control empty for a flag.
const OPTIONS: [(&str, &str); 11] = [
    ("lock", "seed"),
    ("lock", "knobs"),
    ("lock", "scenario"),
    ("lock", "rng"),
    ("hide", "batch"),
    ("hide", "knobs"),
    ("hide", "rng"),
    ("hide", "desk"),
    ("hide", "teacher"),
    ("present", ""),
    ("embed", ""),
];

fn ticked(m: PageMode, field: &str, name: &str) -> bool {
    match field {
        "lock" => m.lock.has(name),
        "hide" => m.hide.has(name),
        "present" => m.present,
        _ => m.embed,
    }
}

fn tick(m: PageMode, field: &str, name: &str, on: bool) -> PageMode {
    match field {
        "lock" => PageMode { lock: m.lock.with(name, on), ..m },
        "hide" => PageMode { hide: m.hide.with(name, on), ..m },
        "present" => PageMode { present: on, ..m },
        _ => PageMode { embed: on, ..m },
    }
}

/// The class link: this run's setup (scenario, seed, generator, knobs) without the choices made
/// on screen, so that each student makes them, with the chosen options.
fn class_link(session: &SessionHandle, chosen: PageMode, l: Lang) -> String {
    let mut request = session.run.borrow().request();
    request.choices.clear();
    let run = maestro_core::link::encode_request(session.info.id, &request);
    let href = crate::browser::href();
    let base = href.split(['?', '#']).next().unwrap_or_default();
    format!("{base}?{}", crate::route::query(&run, View::Bench, l == Lang::Ja, chosen))
}

/// The panel.
#[component]
pub fn TeacherLinkPanel() -> Html {
    let l = use_context::<Lang>().unwrap_or_default();
    let mode = use_context::<PageMode>().unwrap_or_default();
    let session = use_context::<SessionHandle>();
    let panel = use_state(|| Panel { chosen: PageMode::default(), open: false, qr: None });
    let worker = use_mut_ref(|| None::<crate::worker::PageWorker>);
    let link = session.as_ref().map(|s| class_link(s, panel.chosen, l)).unwrap_or_default();
    // Once open, the worker makes the QR code of the link (again whenever the link changes).
    use_effect_with((panel.open, link.clone()), {
        let panel = panel.clone();
        move |(open, link): &(bool, String)| {
            if !*open {
                return;
            }
            let show = {
                let panel = panel.clone();
                move |text: String, code: Qr| {
                    panel.set(Panel { qr: Some((text, code)), ..(*panel).clone() })
                }
            };
            // A worker per link (it replaces the last): its answer is always this link's code.
            let (made, asked) = (show.clone(), link.clone());
            let spawned = crate::worker::PageWorker::ask(
                &[("type", "qr".into()), ("text", link.as_str().into())],
                move |reply| {
                    let code = reply.and_then(|data| {
                        let side = js_sys::Reflect::get(&data, &"side".into())
                            .ok()
                            .and_then(|v| v.as_f64());
                        match (side, crate::worker::text(&data, "path")) {
                            (Some(side), Some(path)) => Ok((side as i32, path)),
                            _ => Err(crate::worker::failed("no QR code")),
                        }
                    });
                    made(asked.clone(), code);
                },
            );
            match spawned {
                Ok(w) => *worker.borrow_mut() = Some(w),
                Err(e) => show(link.clone(), Err(e)),
            }
        }
    });
    if session.is_none() || !mode.teacher || mode.embed {
        return html! {};
    }
    let on_toggle = {
        let panel = panel.clone();
        Callback::from(move |e: Event| {
            if let Some(d) = e.target_dyn_into::<web_sys::HtmlDetailsElement>() {
                panel.set(Panel { open: d.open(), ..(*panel).clone() });
            }
        })
    };
    let boxes = OPTIONS.iter().enumerate().map(|(i, (field, name))| {
        // Each group says what it does before its first box.
        let group = match i {
            0 => Some(Text::LockLegend.get(l)),
            4 => Some(Text::HideLegend.get(l)),
            _ => None,
        };
        let id = if name.is_empty() { format!("link-{field}") } else { format!("{field}-{name}") };
        let label = match *field {
            "present" => html! { Text::PresentLabel.get(l) },
            "embed" => html! { Text::EmbedLabel.get(l) },
            _ => html! { <code>{ *name }</code> },
        };
        let onchange = {
            let panel = panel.clone();
            Callback::from(move |e: Event| {
                if let Some(t) = e.target_dyn_into::<HtmlInputElement>() {
                    let chosen = tick(panel.chosen, field, name, t.checked());
                    panel.set(Panel { chosen, ..(*panel).clone() });
                }
            })
        };
        html! {
            <>
                if let Some(g) = group { <strong class="link-group">{ g }{ ":" }</strong> }
                <label for={id.clone()} data-field={*field}><input type="checkbox" id={id} checked={ticked(panel.chosen, field, name)} {onchange} />{ " " }{ label }</label>
            </>
        }
    });
    let shown = panel.qr.as_ref().filter(|(of, _)| *of == link).map(|(_, code)| code);
    html! {
        <details class="teacher-link" id="teacher-link" ontoggle={on_toggle}>
            <summary>{ Text::TeacherLink.get(l) }</summary>
            <p class="link-options">{ for boxes }</p>
            <label for="teacher-link-url">{ Text::ResultingLink.get(l) }</label>
            <textarea id="teacher-link-url" readonly=true rows="3" value={link} />
            if panel.open { { qr_view(shown, Text::QrLabel.get(l), l) } }
        </details>
    }
}
