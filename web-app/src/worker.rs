//! The page's Web Worker (`worker.js`), which runs the `maestro-wasm` package (web-api/) off
//! the main thread and off the first load: batches (`batch.rs`) and the teacher link's QR code
//! (`components/teacher_link.rs`). Messages are plain objects; what the worker reports goes to
//! the callbacks given at its start.

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

/// A started worker; it stops when dropped.
pub struct PageWorker {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl PageWorker {
    /// Starts `worker.js`: each message it posts goes to `on_message`; a failure to load or
    /// run it goes to `on_error`.
    pub fn spawn(
        mut on_message: impl FnMut(JsValue) + 'static,
        mut on_error: impl FnMut(Said) + 'static,
    ) -> Result<PageWorker, Said> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options("worker.js", &options)
            .map_err(|e| failed(&crate::browser::js_message(&e)))?;
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            on_message(e.data());
        });
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            let detail = e
                .dyn_ref::<web_sys::ErrorEvent>()
                .map(|e| e.message())
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "worker.js or pkg/ did not load".into());
            on_error(failed(&detail));
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
