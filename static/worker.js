// The page's Web Worker: runs a batch off the main thread through the maestro-wasm package
// (web-api/, built into pkg/ beside this file, the same package any page or Node script uses),
// so the page stays responsive.
//
// Page → worker: {type: "start", request (the run's share link), runs, maxIncidents, chunk}
//                | {type: "cancel"} | {type: "qr", text}
//   (the teacher-link panel's QR code: → {type: "qr", text, side, path} or an error)
//                | {type: "report", files: [File, ...], key}
//   (the desk's class report: each file read here, unless over the 4 MiB limit, then checked:
//    → {type: "report", report: JSON text of what the desk draws, csv, csvJa} or an error)
//                | {type: "codebook"}  (the desk's codebook: → {type: "codebook", codebook: JSON text})
//                | {type: "otlp", log (its text or bytes), key}
//   (a log as OpenTelemetry traces, once its chain verifies: → {type: "otlp", otlp: the
//    traces' text} or an error)
// Worker → page: {type: "chunks", chunks: [BatchChunk, ...]}  (about every 50 ms; each
//                 incident's file and index line as the text maestro incidents writes)
//                {type: "done", summary: JSON text of what the page draws, file: the result
//                 file's text as the reference writes it, cancelled}
//                {type: "error", code, en, ja}
// The page reads only what it draws; files travel as their exact text (a JavaScript number
// would spell 1.0 as 1), small summaries as JSON text its bundle parses anyway. Cancel takes effect at the next slice (within about 50 ms): the worker
// yields to its message queue between slices.
import init, { Batch, codebook, exportOtlp, qrCode, report } from "./pkg/maestro_wasm.js";

const ready = init();
const SLICE_MS = 50;
let current = 0;
let cancelled = false;

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

async function run(m, id) {
  await ready;
  const batch = new Batch(m.request, m.runs, m.maxIncidents);
  try {
    // Where the batch starts (no run yet): its total and the metric's first value.
    postMessage({ type: "chunks", chunks: [batch.advance(0)] });
    for (let more = true; more; ) {
      const start = performance.now();
      const chunks = [];
      while (more && performance.now() - start < SLICE_MS) {
        chunks.push(batch.advance(m.chunk));
        more = !batch.finished();
      }
      postMessage({ type: "chunks", chunks });
      await tick();
      if (id !== current) return;
      if (cancelled) break;
    }
    postMessage({ type: "done", summary: JSON.stringify(batch.summary()), file: batch.file(), cancelled });
  } finally {
    batch.free();
  }
}

const MAX_LOG_BYTES = 4 * 1024 * 1024;

// The files as the package takes them: a file over the limit is not read (its size refuses it).
const handed = (files) =>
  Promise.all(
    files.map(async (f) => ({
      name: f.name,
      size: f.size,
      bytes: f.size > MAX_LOG_BYTES ? undefined : new Uint8Array(await f.arrayBuffer()),
    })),
  );

const failure = (err, extra) => ({ type: "error", ...extra, code: err.code || "internal", en: String(err.message || err), ja: err.ja || String(err.message || err) });

onmessage = (e) => {
  const m = e.data;
  if (m.type === "codebook") {
    ready
      .then(() => postMessage({ type: "codebook", codebook: JSON.stringify(codebook()) }))
      .catch((err) => postMessage(failure(err, { codebook: true })));
  } else if (m.type === "report") {
    Promise.all([ready, handed(m.files)])
      .then(([, files]) => {
        const full = report(files, m.key || undefined);
        const drawn = { headline: full.headline, reproduced: full.reproduced, total: full.files.length, view: full.view };
        postMessage({ type: "report", report: JSON.stringify(drawn), csv: full.csv.en, csvJa: full.csv.ja });
      })
      .catch((err) => postMessage(failure(err, { report: true })));
  } else if (m.type === "otlp") {
    ready
      .then(() => {
        const log = typeof m.log === "string" ? new TextEncoder().encode(m.log) : m.log;
        postMessage({ type: "otlp", otlp: exportOtlp(log, m.key || undefined) });
      })
      .catch((err) => postMessage(failure(err)));
  } else if (m.type === "qr") {
    ready
      .then(() => {
        const { side, path } = qrCode(m.text);
        postMessage({ type: "qr", text: m.text, side, path });
      })
      .catch((err) => postMessage(failure(err, { text: m.text })));
  } else if (m.type === "cancel") {
    cancelled = true;
  } else if (m.type === "start") {
    cancelled = false;
    const id = ++current;
    run(m, id).catch((err) => postMessage(failure(err)));
  }
};
