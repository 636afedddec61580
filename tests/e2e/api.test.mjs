// The engine as a JavaScript library (dist/pkg/, the maestro-wasm package) in Node: for every
// scenario, a default run answered as `maestro run` answers it gives `maestro run`'s bytes; a
// golden log verifies and replays; two runs compare; the OTLP export equals `maestro export
// --otlp`; links round-trip; every refusal has its stable code; the README's Node example runs.
// Needs `./x build` (dist/pkg) and the `maestro` binary (target/debug, built by cargo test).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("../../", import.meta.url);
const pkg = process.env.MAESTRO_PKG ? new URL(`file://${process.env.MAESTRO_PKG}/`) : new URL("dist/pkg/", root);
const api = await import(new URL("node.mjs", pkg));
const maestro = new URL("target/debug/maestro", root).pathname;
const cli = (...args) => execFileSync(maestro, args, { encoding: "utf8", maxBuffer: 64 << 20 });
const bytes = (text) => new TextEncoder().encode(text);
const golden = (path) => readFileSync(new URL(`core/tests/golden/runs/${path}`, root));

const refused = (fn, code) => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof Error, "an Error");
    assert.equal(e.code, code, e.message);
    assert.ok(e.message.length > 0 && typeof e.ja === "string" && e.ja.length > 0);
    return e;
  }
  assert.fail(`expected a refusal with code ${code}`);
};

test("the binary and the package are there", () => {
  assert.ok(existsSync(maestro), `${maestro}: run cargo build -p maestro-cli`);
  assert.ok(existsSync(new URL("maestro_wasm.d.ts", pkg)), "the package's declarations");
  const meta = JSON.parse(readFileSync(new URL("package.json", pkg), "utf8"));
  assert.equal(meta.exports["."].node, "./node.mjs");
  for (const f of meta.files) assert.ok(existsSync(new URL(f, pkg)), `${f} is in the package`);
});

test("every scenario's default run, answered as maestro run answers, is maestro run's log", () => {
  const list = api.scenarios();
  assert.equal(list.length, JSON.parse(`[${cli("scenarios").trim().split("\n").join(",")}]`).length);
  for (const s of list) {
    assert.ok(s.title && s.titleJa && s.teaches.en && s.teaches.ja, s.id);
    const knobs = api.knobs(s.id);
    assert.ok(Array.isArray(knobs) && knobs.every((k) => k.name && "default" in k && k.helpJa), s.id);
    const r = api.run({ scenario: s.id });
    let view = r.view();
    assert.equal(view.scenario, s.id);
    while (view.pending) view = api.answer(r, view.pending.options[0].token);
    assert.ok(view.ended, `${s.id} ends`);
    assert.equal(api.log(r), cli("run", s.id), `${s.id}: the same bytes as maestro run`);
  }
});

test("a run pauses at its decision with the options and their consequences", () => {
  const r = api.run({ scenario: "emergency-contract", seed: 7 });
  const view = r.view();
  assert.ok(view.pending, "waits for a human");
  assert.ok(view.rows.length > 0 && view.rows.every((row) => row.layer && row.reason_code));
  for (const o of view.pending.options) assert.ok(o.token && o.label && o.consequence && o.consequenceJa);
  const link = r.link();
  const parsed = api.parseLink(link);
  assert.deepEqual(parsed, { scenario: "emergency-contract", seed: 7, rng: "chacha", knobs: {}, choices: [] });
  assert.equal(api.link(parsed), link, "a link round-trips");
});

test("a golden log verifies and replays; a tampered one is caught at its row", () => {
  const log = golden("emergency-contract/01-clean-run.arl.jsonl");
  const v = api.verify(log);
  assert.equal(v.ok, true, v.message);
  assert.equal(v.brokenRow, null);
  assert.match(v.messageJa, /\S/);
  assert.equal(api.replay(log).ok, true);
  const text = new TextDecoder().decode(log).replace('"reason_code": "OK"', '"reason_code": "OK2"');
  const broken = api.verify(bytes(text));
  assert.equal(broken.ok, false);
  assert.equal(typeof broken.brokenRow, "number");
  assert.equal(api.verify(log, "another key").ok, false, "a log signed with the demo key does not verify with another");
});

test("two runs compare: the same run is identical, a different answer is not", () => {
  const a = api.run({ scenario: "emergency-contract", seed: 3, choices: ["auth:approve"] });
  const b = api.run({ scenario: "emergency-contract", seed: 3, choices: ["auth:reject"] });
  const [la, lb] = [bytes(a.log()), bytes(b.log())];
  assert.equal(api.compare(la, la).ok, true);
  const d = api.compare(la, lb);
  assert.equal(d.ok, false);
  assert.equal(typeof d.firstDifference, "number");
  assert.ok(d.summary.length > 0 && d.summaryJa.length === d.summary.length);
});

test("the OTLP export is maestro export --otlp's bytes", () => {
  const dir = mkdtempSync(join(tmpdir(), "maestro-api-"));
  const r = api.run({ scenario: "tool-proxy" });
  const file = join(dir, "run.arl.jsonl");
  writeFileSync(file, r.log());
  assert.equal(api.exportOtlp(bytes(r.log())), cli("export", file, "--otlp"));
});

test("a batch writes maestro emergency-contract's result file and incident files, byte for byte", () => {
  const dir = mkdtempSync(join(tmpdir(), "maestro-batch-"));
  const batch = new api.Batch({ scenario: "emergency-contract", seed: 42, knobs: { fabricate_rate: "0.2" } }, 3000, 4);
  const first = batch.advance(0);
  assert.deepEqual([first.done, first.total, first.more, first.incidents], [0, 3000, true, []]);
  const incidents = [];
  while (!batch.finished()) {
    const c = batch.advance(1000);
    assert.ok(c.done <= c.total && typeof c.metric === "number" && typeof c.queue === "number");
    incidents.push(...c.incidents);
  }
  const out = join(dir, "r.json");
  // As the page runs it: no sampled run records, incident files under `arl`.
  const args = ["emergency-contract", "--runs", "3000", "--seed", "42", "--fabricate-rate", "0.2", "--sample-runs", "0"];
  execFileSync(maestro, [...args, "--max-arl-files", "4", "--save-arl-on-abnormal", "--arl-out-dir", "arl", "--out", out], { cwd: dir });
  assert.equal(batch.file(), readFileSync(out, "utf8"), "the result file, byte for byte");
  assert.equal(batch.document().hitl_queue.counts.total_runs, 3000);
  assert.deepEqual(batch.summary().hitl_queue.counts.by_state, batch.document().hitl_queue.counts.by_state);
  assert.equal(incidents.length, 4);
  for (const inc of incidents) {
    assert.equal(inc.file, readFileSync(join(dir, "arl", inc.fileName), "utf8"), `${inc.fileName}, byte for byte`);
  }
  assert.equal(incidents.map((i) => i.indexLine).join(""), readFileSync(join(dir, "arl", "incident_index.jsonl"), "utf8"));
  batch.free();
  refused(() => new api.Batch({ scenario: "definition-gate" }, 10, 1), "no-batch");
  refused(() => new api.Batch({ scenario: "emergency-contract" }, 0, 1), "bad-runs");
});

test("the class report and the codebook are objects", () => {
  const log = golden("emergency-contract/01-clean-run.arl.jsonl");
  const r = api.report([{ name: "a.jsonl", bytes: new Uint8Array(log) }, { name: "b.txt", bytes: bytes("no\n") }]);
  assert.deepEqual(r.files.map((f) => f.status), ["reproduced", "unreadable"]);
  assert.equal(r.reproduced, 1);
  assert.match(r.headline.en, /1 of 2/);
  assert.match(r.csv.ja, /^file,scenario,/);
  refused(() => api.report("a.jsonl"), "bad-files");
  const book = api.codebook();
  assert.equal(book.version, "5.1-demo.1");
  assert.ok(book.tables.some((t) => t.key === "reason_code" && t.rows.length > 30));
  assert.equal(book.scenarios.length, api.scenarios().length - 1);
});

test("every refusal has its stable code and both languages", () => {
  refused(() => api.run({ scenario: "no-such-bench" }), "unknown-scenario");
  refused(() => api.knobs("no-such-bench"), "unknown-scenario");
  refused(() => api.run({ scenario: "emergency-v5.0.1", knobs: { runs: "99" } }), "bad-knob");
  refused(() => api.run({ scenario: "emergency-contract", seed: -1 }), "bad-request");
  refused(() => api.run({ scenario: "emergency-contract", colour: "red" }), "bad-request");
  refused(() => api.run("?v=1&s=emergency-contract&seed=7&h=000000000000"), "bad-link");
  refused(() => api.parseLink("not a link"), "bad-link");
  const r = api.run({ scenario: "emergency-contract" });
  refused(() => r.answer("nonsense"), "bad-choice");
  refused(() => api.verify(new Uint8Array(4 * 1024 * 1024 + 1)), "too-large");
  refused(() => api.verify(bytes("not a log\n")), "unreadable");
  const signed = bytes(api.run({ scenario: "tool-proxy" }).log());
  assert.match(refused(() => api.exportOtlp(signed, "another key"), "not-exportable").ja, /書き出しません/);
  refused(() => api.exportOtlp(bytes("not a log\n")), "unreadable");
  refused(() => api.replay(bytes(golden("tool-proxy/default.arl.jsonl").toString().split("\n").slice(1, 3).join("\n") + "\n")), "no-header");
});

test("the package reaches no network: the glue fetches only its own .wasm, the engine imports nothing that could", () => {
  const glue = readFileSync(new URL("maestro_wasm.js", pkg), "utf8");
  const calls = glue.match(/\bfetch\(/g) ?? [];
  assert.equal(calls.length, 1, "one fetch, in init");
  assert.match(glue, /module_or_path = new URL\('maestro_wasm_bg\.wasm', import\.meta\.url\)/, "of the .wasm beside it");
  for (const f of ["maestro_wasm.js", "node.mjs"]) {
    const text = readFileSync(new URL(f, pkg), "utf8");
    assert.doesNotMatch(text, /XMLHttpRequest|WebSocket|sendBeacon|EventSource|importScripts|["'`]https?:\/\//, `${f}: no address in its code`);
  }
  assert.doesNotMatch(readFileSync(new URL("node.mjs", pkg), "utf8"), /\bfetch\(/, "node.mjs reads the file beside it");
  const wasm = new WebAssembly.Module(readFileSync(new URL("maestro_wasm_bg.wasm", pkg)));
  const imports = WebAssembly.Module.imports(wasm).map((i) => i.name);
  assert.ok(imports.length > 0);
  for (const name of imports) assert.doesNotMatch(name, /fetch|xmlhttp|websocket|beacon|eventsource|request|location/i, name);
});

test("the README's Node example runs against the package", () => {
  const readme = readFileSync(new URL("web-api/README.md", root), "utf8");
  const block = readme.split("## In Node")[1].split("```js")[1].split("```")[0];
  const dir = mkdtempSync(join(tmpdir(), "maestro-readme-"));
  const script = join(dir, "example.mjs");
  writeFileSync(script, block.replace('"maestro-bench-engine"', JSON.stringify(new URL("node.mjs", pkg).href)));
  const out = execFileSync(process.execPath, [script], { encoding: "utf8" });
  assert.match(out, /reproduced/);
  assert.match(out, /unknown-scenario/);
});

test("the package's TypeScript declarations type-check an example (tsc --noEmit)", () => {
  const tsc = new URL("node_modules/.bin/tsc", import.meta.url).pathname;
  const project = new URL("types/", import.meta.url).pathname;
  // types/tsconfig.json maps the package to dist/pkg/maestro_wasm.d.ts.
  execFileSync(tsc, ["-p", project], { encoding: "utf8" });
});
