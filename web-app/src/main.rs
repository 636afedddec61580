//! Entry point of the static site: mounts the app on `<body>`.

fn main() {
    yew::Renderer::<maestro_web::App>::new().render();
}
