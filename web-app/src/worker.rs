//! The page's Web Worker (`worker.js`), which runs the `maestro-wasm` package (web-api/) off
//! the main thread and off the first load: batches (`batch.rs`), the teacher link's QR code
//! (`components/teacher_link.rs`), the class report, the codebook and the OpenTelemetry export
//! ([`export_otlp`]). Messages are plain objects; what the worker reports goes to the callbacks
//! given at its start.

use std::cell::RefCell;
use std::rc::Rc;

use maestro_core::say::Said;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

/// Why the worker could not be used, in both languages.
pub fn failed(detail: &str) -> Said {
    Said::new(
        format!("The page's worker could not run ({detail})."),
        format!("ページのワーカーを実行できませんでした({detail})。"),
    )
}

/// What the worker answered: its message, or why it could not answer (its `{type: "error"}`
/// refusal, or its failure to load or run), in both languages.
pub type Reply = Result<JsValue, Said>;

/// A started worker; it stops when dropped.
pub struct PageWorker {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl PageWorker {
    /// Starts `worker.js`: each of its answers goes to `on_reply`.
    pub fn spawn(on_reply: impl FnMut(Reply) + 'static) -> Result<PageWorker, Said> {
        // One body for every caller (not one copy per caller's closure): the first load is
        // budgeted.
        Self::start(Rc::new(RefCell::new(on_reply)))
    }

    /// Starts `worker.js` and posts it a message of these fields; its answers go to `on_reply`.
    pub fn ask(
        fields: &[(&str, JsValue)],
        on_reply: impl FnMut(Reply) + 'static,
    ) -> Result<PageWorker, Said> {
        let worker = Self::spawn(on_reply)?;
        worker.post(fields)?;
        Ok(worker)
    }

    fn start(on_reply: Rc<RefCell<dyn FnMut(Reply)>>) -> Result<PageWorker, Said> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options("worker.js", &options)
            .map_err(|e| failed(&crate::browser::js_message(&e)))?;
        let replies = on_reply.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let data = e.data();
            let reply = if text(&data, "type").as_deref() == Some("error") {
                Err(refusal(&data))
            } else {
                Ok(data)
            };
            (replies.borrow_mut())(reply);
        });
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            let detail = e
                .dyn_ref::<web_sys::ErrorEvent>()
                .map(|e| e.message())
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "worker.js or pkg/ did not load".into());
            (on_reply.borrow_mut())(Err(failed(&detail)));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(PageWorker { worker, _on_message: on_message, _on_error: on_error })
    }

    /// Posts a message of these fields.
    pub fn post(&self, fields: &[(&str, JsValue)]) -> Result<(), Said> {
        let m = js_sys::Object::new();
        for (k, v) in fields {
            js_sys::Reflect::set(&m, &(*k).into(), v)
                .map_err(|e| failed(&crate::browser::js_message(&e)))?;
        }
        self.worker.post_message(&m).map_err(|e| failed(&crate::browser::js_message(&e)))
    }
}

impl Drop for PageWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// A text field of a message, if it is one.
pub fn text(data: &JsValue, key: &str) -> Option<String> {
    js_sys::Reflect::get(data, &key.into()).ok().and_then(|v| v.as_string())
}

/// The refusal a worker's `{type: "error", en, ja}` message carries.
pub fn refusal(data: &JsValue) -> Said {
    let en = text(data, "en").unwrap_or_default();
    Said::new(en.clone(), text(data, "ja").unwrap_or(en))
}

thread_local! {
    /// The worker of the latest OpenTelemetry export (the next export replaces it).
    static EXPORTER: RefCell<Option<PageWorker>> = const { RefCell::new(None) };
}

/// Has the worker export `log` (its text or bytes), the run of `seed` of scenario `scenario`,
/// as OpenTelemetry traces once its chain verifies with `key` (empty: the demo key), and
/// downloads them as `maestro-<scenario>-seed<seed>.otlp.jsonl`; a refusal (the desk's
/// message) goes to `refused`.
pub fn export_otlp(
    log: JsValue,
    key: &str,
    scenario: &str,
    seed: u64,
    refused: yew::Callback<Said>,
) {
    let name = format!("maestro-{scenario}-seed{seed}.otlp.jsonl");
    let on_reply = refused.clone();
    let asked = PageWorker::ask(
        &[("type", "otlp".into()), ("log", log), ("key", key.into())],
        move |reply| match reply
            .and_then(|data| text(&data, "otlp").ok_or_else(|| failed("no export")))
        {
            Ok(otlp) => crate::browser::download(&name, &otlp),
            Err(e) => on_reply.emit(e),
        },
    );
    match asked {
        Ok(w) => EXPORTER.with_borrow_mut(|slot| *slot = Some(w)),
        Err(e) => refused.emit(e),
    }
}
