//! Entry point of the site's second page (`desk/`): the lessons and the audit desk.

fn main() {
    yew::Renderer::<maestro_web::DeskApp>::new().render();
}
