// End-to-end test of the built static site (dist/) in the system Chromium.
//
// A small static server on 127.0.0.1 serves dist/ at `/` and again under a sub-path, as a
// class's static host would; playwright-core drives /usr/bin/chromium (no browser download).
// Checks: the page renders what the core registers, the language switch works, the
// Content-Security-Policy reports no violation, and the page requests nothing outside its
// own origin (deny-by-default: the sandbox never touches the network).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, extname, normalize, resolve } from "node:path";
import { mkdirSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { chromium } from "playwright-core";
import { fileURLToPath } from "node:url";
import { makeClass } from "./class.mjs";

// The folder of this file (`import.meta.dirname` needs Node 20.11; Debian 12 ships Node 18).
const HERE = fileURLToPath(new URL(".", import.meta.url));

const DIST = resolve(process.env.MAESTRO_DIST ?? join(HERE, "../../dist"));
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SUBPATH = "/class/lesson-1/";
const MAESTRO = resolve(process.env.MAESTRO_BIN ?? join(HERE, "../../target/debug/maestro"));
const ARTIFACTS = join(HERE, "artifacts");
mkdirSync(ARTIFACTS, { recursive: true });
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
};

let server;
let browser;
let origin;

async function serve(req, res) {
  let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  if (path.startsWith(SUBPATH)) path = "/" + path.slice(SUBPATH.length);
  if (path.endsWith("/")) path += "index.html";
  const file = normalize(join(DIST, path));
  if (!file.startsWith(DIST)) {
    res.writeHead(403).end();
    return;
  }
  try {
    if (!(await stat(file)).isFile()) throw new Error("not a file");
    // As GitHub Pages and scripts/serve.mjs do: a sandboxed frame (an opaque origin) loads
    // the module script and the wasm with CORS.
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "access-control-allow-origin": "*" });
    res.end(await readFile(file));
  } catch {
    res.writeHead(404).end("not found");
  }
}

before(async () => {
  assert.ok(existsSync(join(DIST, "index.html")), `no built site at ${DIST}: run \`trunk build\` first`);
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}`);
  server = createServer((req, res) => void serve(req, res));
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
});

async function open(path, context, ready = "[data-scenario]") {
  const page = await (context ?? browser).newPage();
  const problems = [];
  const foreign = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("request", (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith("data:")) foreign.push(r.url());
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(origin + path);
  await page.waitForSelector(ready, { timeout: 20000 });
  return { page, problems, foreign };
}

for (const path of ["/", SUBPATH]) {
  test(`the landing renders every scenario by theme from ${path} under a strict CSP with no foreign request`, async () => {
    const { page, problems, foreign } = await open(path);
    const text = await page.textContent("body");
    assert.match(text, /Maestro Bench/);
    assert.equal(await page.getAttribute(".app", "data-view"), "home");
    assert.equal(await page.locator(".scenario-card").count(), (await scenarioIds()).length);
    assert.equal(await page.locator(".theme").count(), 4);
    assert.match(text, /emergency-contract/);
    assert.match(text, /definition-gate/);
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
    assert.ok(csp && !csp.includes("CSP_LOADER_HASH"), "the loader hash was not written into the CSP");
    assert.ok(!csp.includes("unsafe-inline"));
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(problems, []);
    assert.deepEqual(foreign, []);
    await page.close();
  });

  test(`the desk view renders from ${path}?view=desk under the same CSP`, async () => {
    const { page, problems, foreign } = await open(`${path}?view=desk`, undefined, "#audit-desk");
    // The lesson texts and the codebook (written by the page's worker) arrive on their own,
    // after the page.
    await page.waitForSelector("[data-lesson]");
    await page.waitForSelector("[data-vocab=reason_code]");
    assert.ok((await page.locator(".lesson").count()) >= 10);
    const text = await page.textContent("body");
    assert.match(text, /REL_BOUNDARY_UNSTABLE/);
    assert.match(text, /279837 = 0x4451D/);
    assert.equal(await page.locator("[data-vocab=reason_code] tbody tr").count(), 39);
    assert.equal(await page.locator("[data-vocab=layer] tbody tr").count(), 18);
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
    assert.ok(csp && !csp.includes("CSP_LOADER_HASH") && !csp.includes("unsafe-inline"));
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    await page.click("#nav-bench");
    await page.waitForSelector("#bench-heading");
    assert.deepEqual(problems, []);
    assert.deepEqual(foreign, []);
    await page.close();
  });
}

test("the icon costs no request however often the address changes, and a sealed flag is drawn whole", async () => {
  const { page, problems } = await open("/?view=bench");
  const icons = [];
  page.on("request", (r) => { if (/icon[^/]*\.svg/.test(r.url())) icons.push(r.url()); });
  await page.reload();
  await page.waitForSelector("#bench-heading");
  await page.click("summary");
  await page.selectOption("#knob-evidence", "fabricated");
  await page.click("#next-stop");
  await page.click("button[data-choice='coaching:approve']");
  await page.click("#next-stop");
  await page.waitForSelector(".flag.sealed");
  // The icon travels inside the page: no request at all, however often the address changes.
  assert.deepEqual(icons, []);
  assert.match(await page.getAttribute("link[rel=icon]", "href"), /^data:image\/svg\+xml,/);
  // The flag's box holds its text (nothing clipped).
  const clipped = await page.evaluate(() => [...document.querySelectorAll(".flag.sealed")]
    .some((f) => f.scrollWidth > f.clientWidth + 1 || f.scrollHeight > f.clientHeight + 1));
  assert.equal(clipped, false);
  assert.deepEqual(problems, []);
  await page.close();
});

test("the language switch turns the page Japanese", async () => {
  const { page, problems } = await open("/");
  await page.click("button[lang=ja]");
  await page.waitForSelector(".app[lang=ja]");
  const text = await page.textContent("body");
  assert.match(text, /シナリオ/);
  assert.match(text, /レッスンと監査デスク/);
  assert.equal(await page.getAttribute("button[lang=ja]", "aria-pressed"), "true");
  await page.click("button[lang=en]");
  await page.waitForSelector(".app[lang=en]");
  assert.match(await page.textContent("body"), /Scenarios/);
  assert.deepEqual(problems, []);
  await page.close();
});

/** The `maestro run` bytes for the run a page URL encodes, stopping at the next decision. */
function maestroRun(url) {
  assert.ok(existsSync(MAESTRO), `no maestro binary at ${MAESTRO}: run \`cargo build -p maestro-cli\` first`);
  const q = new URL(url).searchParams;
  const args = ["run", q.get("s"), "--seed", q.get("seed"), "--rng", q.get("rng"), "--then", "wait"];
  for (const [k, v] of q) if (k.startsWith("k.")) args.push("--knob", `${k.slice(2)}=${v}`);
  if (q.get("c")) args.push("--choices", q.get("c"));
  return execFileSync(MAESTRO, args);
}

/** Waits until the element's text matches `pattern` (file reads and updates are asynchronous). */
async function waitText(page, selector, pattern) {
  await page.waitForFunction(
    ([sel, src, flags]) => new RegExp(src, flags).test(document.querySelector(sel)?.textContent ?? ""),
    [selector, pattern.source, pattern.flags],
  );
  return page.textContent(selector);
}

/** Answers every decision with its first option until the run ends. */
async function answerFirstToTheEnd(page) {
  while (await page.locator("button[data-choice]").count()) {
    await page.click("button[data-choice]:first-of-type");
    await page.click("#next-stop");
  }
}

async function download(page) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
  return readFile(await file.path());
}

test("a student runs, decides, downloads the same bytes as `maestro run`, and shares the link", async () => {
  const { page, problems, foreign } = await open("/?view=bench");
  await page.click("#next-stop");
  await page.waitForSelector("button[data-choice='coaching:approve']");
  await page.screenshot({ path: join(ARTIFACTS, "1-coaching-decision.png"), fullPage: true });
  await page.click("button[data-choice='coaching:approve']");
  await page.click("#next-stop");
  await page.waitForSelector("button[data-choice='auth:approve']");
  await page.click("button[data-choice='auth:approve']");
  await page.click("#next-stop");
  await page.waitForSelector("button[data-choice='finalize:approve']");
  await page.screenshot({ path: join(ARTIFACTS, "2-finalize-decision.png"), fullPage: true });
  const url = page.url();
  assert.match(url, /c=coaching:approve,auth:approve/);
  const bytes = await download(page);
  assert.deepEqual(bytes, maestroRun(url));
  const digest = JSON.parse(bytes.toString("utf8").trim().split("\n").pop());
  assert.equal(digest.record, "digest");

  // The copied link in a fresh browser context reproduces the identical run.
  await page.click("#copy-link");
  const fresh = await browser.newContext();
  const again = await open(new URL(url).pathname + new URL(url).search, fresh);
  await again.page.click("#next-stop");
  await again.page.waitForSelector("button[data-choice='finalize:approve']");
  assert.deepEqual(await download(again.page), bytes);
  await fresh.close();

  await page.click("button[data-choice='finalize:approve']");
  await page.click("#next-stop");
  await page.waitForSelector("#final-state");
  assert.equal(await page.textContent("#final-state"), "CONTRACT_EFFECTIVE");
  await page.screenshot({ path: join(ARTIFACTS, "3-contract-effective.png"), fullPage: true });
  assert.deepEqual(await download(page), maestroRun(page.url()));
  assert.deepEqual(problems, []);
  assert.deepEqual(foreign, []);
  await page.close();
});

test("a tampered link opens the default scenario with a notice", async () => {
  const { page, problems, foreign } = await open("/?v=1&s=emergency-contract&seed=99&rng=chacha&h=000000000000");
  await page.waitForSelector(".notice");
  assert.match(await page.textContent(".notice"), /checksum does not match/);
  assert.equal(await page.inputValue("#seed"), "1");
  await page.screenshot({ path: join(ARTIFACTS, "4-bad-link-notice.png") });
  const { page: p2 } = await open("/?v=9&s=emergency-contract&seed=1&h=x");
  assert.match(await p2.textContent(".notice"), /format version `9`/);
  assert.deepEqual(problems, []);
  assert.deepEqual(foreign, []);
  await page.close();
  await p2.close();
});

test("a sealed stop shows why no choice can override it, and answers an attempt with a sealed row", async () => {
  const { page } = await open("/?view=bench");
  await page.click("summary");
  await page.selectOption("#knob-evidence", "fabricated");
  await page.click("#next-stop");
  await page.click("button[data-choice='coaching:approve']");
  await page.click("#next-stop");
  await page.waitForSelector(".hitl.sealed");
  // Pressing Continue anyway: the engine answers with a sealed NON_OVERRIDABLE_SAFETY row,
  // and the link (with the attempt) reproduces it in `maestro run`.
  await page.click("#try-continue");
  await page.waitForSelector("#override-refused");
  assert.match(await page.textContent("#override-refused"), /NON_OVERRIDABLE_SAFETY/);
  assert.equal(await page.getAttribute(".rows li:last-child", "data-reason"), "NON_OVERRIDABLE_SAFETY");
  assert.equal(await page.textContent("#final-state"), "STOPPED");
  await page.screenshot({ path: join(ARTIFACTS, "5-sealed-stop.png"), fullPage: true });
  assert.deepEqual(await download(page), maestroRun(page.url()));
  await page.close();
});

test("a 10^5-run batch runs in the Web Worker and shows its charts and incident list, and the page stays responsive", async () => {
  const { page, problems, foreign } = await open("/?view=bench");
  await page.click("summary");
  await page.fill("#knob-fabricate_rate", "0.1");
  await page.press("#knob-fabricate_rate", "Tab");
  await page.fill("#batch-runs", "100000");
  await page.press("#batch-runs", "Tab");
  const worker = page.waitForEvent("worker");
  await page.click("#batch-start");
  assert.match((await worker).url(), /\/worker\.js$/);
  // While it runs, the page answers clicks (the batch runs in the worker).
  await page.waitForSelector("#batch-progress");
  await page.click("#step");
  await page.waitForSelector("#chart-states", { timeout: 60000 });
  assert.match(await page.textContent("#chart-states"), /CONTRACT_EFFECTIVE/);
  assert.match(await page.textContent("#chart-reasons"), /EVIDENCE_FABRICATION/);
  await page.waitForSelector(".incident");
  assert.equal(await page.locator(".incident").count(), 200, "incidents are capped at 200");
  assert.match(await page.textContent("#incidents-capped"), /^Showing 200 of \d{1,3}(,\d{3})+ abnormal runs/);
  // Every bar's number lies inside its drawing, grouped by thousands.
  const values = await page.$$eval("#chart-states text.chart-value, #chart-reasons text.chart-value", (ts) =>
    ts.map((t) => ({ text: t.textContent, right: t.getBBox().x + t.getBBox().width, width: t.ownerSVGElement.viewBox.baseVal.width })),
  );
  assert.ok(values.some((v) => /^\d{1,3}(,\d{3})+$/.test(v.text)), JSON.stringify(values));
  for (const v of values) assert.ok(v.right <= v.width, `${v.text} is clipped`);
  assert.match(await page.textContent("#chart-trust"), /runs/);
  await page.click(".incident .row-button");
  assert.ok((await page.locator(".incident-rows li").count()) >= 4);
  await page.screenshot({ path: join(ARTIFACTS, "6-batch.png"), fullPage: true });
  const [file] = await Promise.all([page.waitForEvent("download"), page.click("#download-result")]);
  const text = (await readFile(await file.path())).toString("utf8");
  const doc = JSON.parse(text);
  assert.equal(doc.repro_summary.summary.total_runs, 100000);
  // The page's download equals the CLI's result document for the same batch, byte for byte.
  const dir = join(ARTIFACTS, "cli-batch");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const seed = new URL(page.url()).searchParams.get("seed");
  execFileSync(MAESTRO, ["emergency-contract", "--runs", "100000", "--seed", seed, "--fabricate-rate", "0.1", "--save-arl-on-abnormal", "--arl-out-dir", "arl", "--max-arl-files", "200", "--sample-runs", "0", "--out", "result.json"], { cwd: dir });
  assert.equal(text, (await readFile(join(dir, "result.json"))).toString("utf8"));
  assert.deepEqual(problems, []);
  assert.deepEqual(foreign, []);
  await page.close();
});

test("a cancelled batch stops in the worker and shows what it ran", async () => {
  const { page, problems } = await open("/?view=bench");
  await page.fill("#batch-runs", "1000000");
  await page.press("#batch-runs", "Tab");
  await page.click("#batch-start");
  await page.waitForFunction(() => Number(document.querySelector("#batch-progress")?.value) > 0);
  await page.click("#batch-cancel");
  await page.waitForSelector(".batch-results .notice-inline");
  const done = Number(await page.getAttribute("#batch-progress", "value"));
  assert.ok(done > 0 && done < 1000000, `${done} runs`);
  assert.equal(await page.isDisabled("#batch-start"), false);
  // The next batch starts in the same worker.
  await page.fill("#batch-runs", "20000");
  await page.press("#batch-runs", "Tab");
  await page.click("#batch-start");
  await page.waitForFunction(() => document.querySelector("#batch-progress")?.value === 20000 && document.querySelector("#chart-states"));
  assert.equal(await page.locator(".batch-results .notice-inline").count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test("the audit desk verifies a downloaded log, finds a tampered byte, replays, and compares runs", async () => {
  const { page, problems, foreign } = await open("/?view=bench");
  const dialogs = [];
  page.on("dialog", async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await page.click("#next-stop");
  await page.click("button[data-choice='coaching:approve']");
  await page.click("#next-stop");
  await page.waitForSelector("button[data-choice='auth:approve']");
  const bytes = await download(page);
  const rows = bytes.toString("utf8").trim().split("\n").length - 2;
  const here = page.url();

  // What if: the coaching decision with the other choice, on the desk view (no reload).
  await page.click(".timeline .rows li:nth-child(4) button");
  await page.click("a.what-if[data-choice='coaching:deny']");
  await page.waitForSelector(".app[data-view='desk']");
  await page.waitForSelector("#compare-summary");
  const summary = await page.textContent("#compare-summary");
  assert.match(summary, /first divergence at row 5: A hitl_coaching_auth RUN COACHING_APPROVE \(ADMIN\); B hitl_coaching_auth RUN COACHING_DENY \(ADMIN\)/);
  assert.match(summary, /HITL choice 1 differs: A coaching:approve, B coaching:deny/);

  // Open the download: the chain and the digest verify with the demo key, and it replays.
  await page.setInputFiles("#desk-file", { name: "run.arl.jsonl", mimeType: "application/x-ndjson", buffer: bytes });
  assert.equal(await waitText(page, "#desk-verdict", /^chain intact/),
    `chain intact: ${rows} rows verified with key \`demo\`, digest matches`);
  await page.click("#desk-replay");
  await waitText(page, "#desk-replay-result", new RegExp(`^reproduced exactly: ${rows} rows`));

  // A typed wrong key breaks the first row; emptying it goes back to the demo key.
  await page.fill("#desk-key", "not the key");
  await page.click("#desk-verify");
  await waitText(page, "#desk-verdict", /^chain broken: row_hash mismatch at i=0 \(row 1, line 2\)/);
  await page.fill("#desk-key", "");
  await page.click("#desk-verify");
  await waitText(page, "#desk-verdict", /^chain intact/);

  // The desk's own tamper control: row 5's reason changed in the page, the verdict names row 5.
  await page.click("#desk-tamper summary");
  await page.fill("#tamper-row", "5");
  await page.press("#tamper-row", "Tab");
  await page.selectOption("#tamper-field", "reason_code");
  await page.fill("#tamper-value", "COACHING_DENY");
  await page.click("#tamper-go");
  await waitText(page, "#desk-verdict", /^chain broken: row_hash mismatch at i=4 \(row 5, line 6\)/);
  assert.match(await page.textContent(".desk-file"), /\(tampered\)/);

  // Tamper one byte of the fifth row (line 6): the desk names it and highlights it.
  const lines = bytes.toString("utf8").split("\n");
  lines[5] = lines[5].replace("COACHING_APPROVE", "COACHING_APPROVF");
  const tampered = Buffer.from(lines.join("\n"));
  assert.equal(tampered.length, bytes.length);
  await page.setInputFiles("#desk-file", { name: "tampered.arl.jsonl", mimeType: "application/x-ndjson", buffer: tampered });
  await waitText(page, "#desk-verdict", /^chain broken: row_hash mismatch at i=4 \(row 5, line 6\)/);
  assert.equal(await page.getAttribute(".desk-rows .row.broken", "data-line"), "6");
  assert.match(await page.textContent("#desk-notes"), /line 6: unknown reason_code `COACHING_APPROVF`/);
  assert.deepEqual(await axeViolations(page), [], "the desk with an opened, tampered log");
  await page.locator("#audit-desk").screenshot({ path: join(ARTIFACTS, "7-audit-desk-tampered.png") });

  // Bad files get a message and lose nothing; script-like text stays text.
  await page.setInputFiles("#desk-file", { name: "half.arl.jsonl", mimeType: "text/plain", buffer: bytes.subarray(0, 700) });
  await waitText(page, "#desk-error", /^half\.arl\.jsonl: line 2 is cut off/);
  assert.equal(await page.getAttribute(".desk-rows .row.broken", "data-line"), "6", "the open log is kept");
  await page.setInputFiles("#desk-file", { name: "x.jsonl", mimeType: "text/plain", buffer: Buffer.from([0xff, 0xfe, 0x0a]) });
  await waitText(page, "#desk-error", /^x\.jsonl: line 1 is not valid UTF-8/);
  const script = lines.map((l, i) => (i === 3 ? l.replace('"relativity_gate"', '"<img src=x onerror=alert(1)><script>alert(2)</script>"') : l));
  await page.setInputFiles("#desk-file", { name: "script.arl.jsonl", mimeType: "text/plain", buffer: Buffer.from(script.join("\n")) });
  await waitText(page, ".desk-file", /^script\.arl\.jsonl/);
  assert.match(await page.textContent(".desk-rows"), /<img src=x onerror=alert\(1\)><script>alert\(2\)<\/script>/);
  assert.equal(await page.locator(".desk-rows img, .desk-rows script").count(), 0);
  const huge = Buffer.alloc(4 * 1024 * 1024 + 1, 0x20);
  await page.setInputFiles("#desk-file", { name: "huge.jsonl", mimeType: "text/plain", buffer: huge });
  await waitText(page, "#desk-error", /^huge\.jsonl: the file is 4194305 bytes; the audit desk reads logs of at most 4194304 bytes \(4 MiB\)/);
  const newer = '{"record": "header", "format_version": 2}\n';
  await page.setInputFiles("#desk-file", { name: "newer.jsonl", mimeType: "text/plain", buffer: Buffer.from(newer) });
  await waitText(page, "#desk-error", /^newer\.jsonl: line 1: log format version 2 is newer than this bench reads \(1\)/);

  // Two links pasted whole: this run, and seed 2's link as `maestro run --link` prints it.
  const seed2 = execFileSync(MAESTRO, ["run", "emergency-contract", "--seed", "2", "--then", "wait", "--link"]).toString().trim();
  await page.fill("#compare-a", here);
  await page.fill("#compare-b", new URL(seed2, here).toString());
  await page.click("#compare-go");
  await waitText(page, "#compare-summary", /the runs also differ in: seed/);
  // A changed link is named, and nothing else is lost.
  const changed = new URL(here);
  changed.searchParams.set("seed", "3");
  await page.fill("#compare-b", changed.toString());
  await page.click("#compare-go");
  await waitText(page, "#compare-error", /^B: the link was changed after it was made/);
  await page.locator("#audit-desk").screenshot({ path: join(ARTIFACTS, "8-audit-desk-compare.png") });

  assert.deepEqual(dialogs, []);
  assert.deepEqual(problems, []);
  assert.deepEqual(foreign, []);
  await page.close();
});

/** `maestro export --otlp` of a log's bytes. */
function maestroOtlp(bytes) {
  const file = join(mkdtempSync(join(tmpdir(), "maestro-otlp-")), "run.arl.jsonl");
  writeFileSync(file, bytes);
  return execFileSync(MAESTRO, ["export", file, "--otlp"]);
}

test("the bench and the desk download a run as OpenTelemetry traces, the bytes of `maestro export --otlp`; a broken log is not exported", async () => {
  const { page, problems, foreign } = await open("/?view=bench");
  await page.click("#next-stop");
  await page.waitForSelector("button[data-choice='coaching:approve']");
  const bytes = await download(page);
  const expected = maestroOtlp(bytes);
  const seed = new URL(page.url()).searchParams.get("seed");
  // The bench: the run so far, exported in the page's worker.
  const [traces] = await Promise.all([page.waitForEvent("download"), page.click("#download-otlp")]);
  assert.equal(traces.suggestedFilename(), `maestro-emergency-contract-seed${seed}.otlp.jsonl`);
  assert.deepEqual(await readFile(await traces.path()), expected);
  assert.equal(await page.locator(".share .field-error").count(), 0);

  // The desk: the opened file, verified with the key typed (here none: the demo key).
  const desk = await open("/?view=desk&lang=ja");
  await desk.page.setInputFiles("#desk-file", { name: "run.arl.jsonl", mimeType: "application/x-ndjson", buffer: bytes });
  await waitText(desk.page, "#desk-verdict", /チェーン|chain/);
  const [again] = await Promise.all([desk.page.waitForEvent("download"), desk.page.click("#desk-otlp")]);
  assert.deepEqual(await readFile(await again.path()), expected);
  // A tampered log is refused with the desk's message, in the page's language, and nothing downloads.
  const lines = bytes.toString("utf8").split("\n");
  lines[3] = lines[3].replace(/"reason_code": "(\w+)"/, '"reason_code": "$1X"');
  await desk.page.setInputFiles("#desk-file", { name: "tampered.arl.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(lines.join("\n")) });
  await waitText(desk.page, ".desk-file", /^tampered/);
  let downloaded = false;
  desk.page.on("download", () => { downloaded = true; });
  await desk.page.click("#desk-otlp");
  assert.match(await waitText(desk.page, "#desk-error", /書き出しません/), /書き出しません: チェーンが壊れています: .*行 3/);
  assert.equal(downloaded, false);
  // Typed with a wrong key, the intact log is not vouched for either.
  await desk.page.setInputFiles("#desk-file", { name: "run.arl.jsonl", mimeType: "application/x-ndjson", buffer: bytes });
  await desk.page.fill("#desk-key", "not the key");
  await desk.page.click("#desk-otlp");
  await waitText(desk.page, "#desk-error", /書き出しません: .*i=0/);
  assert.deepEqual([...problems, ...desk.problems], []);
  assert.deepEqual([...foreign, ...desk.foreign], []);
  await page.close();
  await desk.page.close();
});

test("a numbered lesson on the desk opens its exact run in the bench with its row selected and in view", async () => {
  const { page, problems, foreign } = await open("/?view=desk", undefined, "[data-lesson]");
  assert.ok((await page.locator(".lesson").count()) >= 10);
  await page.click("button[lang=ja]");
  await page.waitForSelector(".app[lang=ja]");
  const fabricated = "[data-lesson='emergency-contract/07-fabricated-evidence']";
  assert.match(await page.textContent(`${fabricated} h4`), /捏造された証拠/);
  assert.match(await page.textContent(`${fabricated} .lesson-number`), /レッスン 7/);
  await page.click(`${fabricated} a.open-lesson`);
  await page.waitForSelector(".timeline .rows li.selected[data-reason='EVIDENCE_FABRICATION']");
  // The lesson's row is brought into view and focused.
  await page.waitForFunction(() => document.activeElement?.closest("li.selected") !== null);
  assert.ok(await page.locator(".timeline .rows li.selected").isVisible());
  const box = await page.locator(".timeline .rows li.selected").boundingBox();
  const height = await page.evaluate(() => window.innerHeight);
  assert.ok(box.y >= 0 && box.y < height, `the row is on screen (y=${box.y})`);
  assert.match(page.url(), /k\.evidence=fabricated/);
  assert.equal(await page.getAttribute(".app", "lang"), "ja");
  assert.deepEqual(problems, []);
  assert.deepEqual(foreign, []);
  await page.close();
});

test("the tool proxy takes a free-text prompt, refuses an over-long one, and its runs reproduce", async () => {
  const { page, problems, foreign } = await open("/?view=bench");
  await page.selectOption("#scenario", "tool-proxy");
  await page.waitForURL(/s=tool-proxy/);
  await page.click("summary");
  // A preset fills the prompt; the precheck stops the PII request at row 1.
  await page.selectOption("#knob-prompt-preset", "TV-D1");
  assert.match(await page.inputValue("#knob-prompt"), /住所と電話番号/);
  await page.click("#next-stop");
  await page.waitForSelector("#final-state");
  assert.equal(await page.textContent("#final-state"), "STOPPED");
  await page.waitForSelector(".timeline .rows li[data-reason='PII_REQUEST_DETECTED']");
  assert.deepEqual(await download(page), maestroRun(page.url()));
  // Free text in any script; a forced orchestrator and agent still meet the proxy's refusal.
  await page.fill("#knob-prompt", "Ａさんの連絡先を今すぐ取得して 🙂");
  await page.press("#knob-prompt", "Tab");
  for (const f of ["force_orchestrator_run", "force_plan_pii_tool", "force_agent_accept"]) await page.check(`#knob-${f}`);
  await page.click("#next-stop");
  await page.waitForSelector(".timeline .rows li[data-reason='TOOL_ACCESS_BLOCKED']");
  assert.deepEqual(await download(page), maestroRun(page.url()));
  await page.screenshot({ path: join(ARTIFACTS, "10-tool-proxy.png"), fullPage: true });
  // Over the limit: a message next to the field, and the run keeps its last valid prompt.
  await page.fill("#knob-prompt", "あ".repeat(2001));
  await page.press("#knob-prompt", "Tab");
  await page.waitForSelector("[data-knob='prompt'] .field-error");
  assert.match(await page.textContent("[data-knob='prompt'] .field-error"), /2000/);
  assert.deepEqual(problems, []);
  assert.deepEqual(foreign, []);
  await page.close();
});

/** Every scenario id: the folders of docs/lessons/ (a test keeps them equal to the registry). */
async function scenarioIds() {
  const { readdir } = await import("node:fs/promises");
  const dir = join(HERE, "../../docs/lessons");
  return (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

/** A lesson file's front matter fields. */
async function lessonFile(id) {
  const text = await readFile(join(HERE, "../../docs/lessons", `${id}.md`), "utf8");
  const field = (k) => text.match(new RegExp(`^${k}: (.*)$`, "m"))?.[1]?.trim();
  return { id, link: field("link"), row: Number(field("highlight")), reason: field("expect_reason") };
}

/** The first lesson of every scenario. */
async function firstLessons() {
  const { readdir } = await import("node:fs/promises");
  const out = new Map();
  for (const scenario of await scenarioIds()) {
    const files = (await readdir(join(HERE, "../../docs/lessons", scenario))).filter((f) => f.endsWith(".md")).sort();
    out.set(scenario, await lessonFile(`${scenario}/${files[0].replace(/\.md$/, "")}`));
  }
  return out;
}

test("from the landing, by clicking only: every scenario's bench, a lesson of each, and the desk's verify and replay of its log", async () => {
  const lessons = await firstLessons();
  const { page, problems, foreign } = await open("/");
  for (const [scenario, lesson] of lessons) {
    await page.click("#nav-home");
    await page.click(`[data-scenario='${scenario}'] a.open-bench`);
    await page.waitForSelector(".app[data-view='bench']");
    assert.equal(await page.inputValue("#scenario"), scenario);
    await page.click("#next-stop");
    await page.waitForSelector(".timeline .rows li");
    assert.deepEqual(await download(page), maestroRun(page.url()), `${scenario}: its default run`);
    // The desk lists this scenario's lessons; its first opens at its row.
    await page.click("#nav-desk");
    await page.waitForSelector(`[data-lesson='${lesson.id}']`);
    assert.equal(await page.inputValue("#lesson-scenario"), scenario);
    await page.click(`[data-lesson='${lesson.id}'] a.open-lesson`);
    await page.waitForSelector(`.app[data-view='bench'] .timeline .rows li.selected[data-reason='${lesson.reason}']`);
    const bytes = await download(page);
    assert.deepEqual(bytes, maestroRun(page.url()), `${scenario}: ${lesson.id}`);
    // The desk verifies and replays the downloaded log.
    await page.click("#nav-desk");
    await page.setInputFiles("#desk-file", { name: `${scenario}.arl.jsonl`, mimeType: "application/x-ndjson", buffer: bytes });
    await waitText(page, "#desk-verdict", /^chain intact/);
    await page.click("#desk-replay");
    await waitText(page, "#desk-replay-result", /^reproduced exactly/);
  }
  assert.deepEqual(problems, []);
  assert.deepEqual(foreign, []);
  await page.close();
});

test("a bench link opened on the desk view keeps its run, and Back and Forward move between views", async () => {
  const lesson = await lessonFile("definition-gate/07-red-flag");
  const { page, problems, foreign } = await open(`/${lesson.link}&view=desk`, undefined, "#audit-desk");
  assert.equal(await page.inputValue("#lesson-scenario"), "definition-gate");
  await page.click("#nav-bench");
  await page.waitForSelector(".app[data-view='bench']");
  assert.equal(await page.inputValue("#scenario"), "definition-gate");
  assert.match(page.url(), /\?v=1&s=definition-gate&/);
  await page.click("#next-stop");
  await page.waitForSelector(".timeline .rows li");
  await page.goBack();
  await page.waitForSelector(".app[data-view='desk']");
  await page.goForward();
  await page.waitForSelector(".app[data-view='bench'] .timeline .rows li");
  assert.equal(await page.inputValue("#scenario"), "definition-gate");
  assert.deepEqual(problems, []);
  assert.deepEqual(foreign, []);
  await page.close();
});

test("when the lessons cannot be loaded the desk says so, keeps working, and tries again", async () => {
  const context = await browser.newContext();
  await context.route("**/lessons.json*", (r) => r.fulfill({ status: 404, body: "not found" }));
  const { page, foreign } = await open("/?view=desk", context, "#lessons-status");
  await waitText(page, "#lessons-status", /could not be loaded.*HTTP 404/);
  await page.click("#nav-bench");
  await page.click("#next-stop");
  await page.waitForSelector(".timeline .rows li");
  await page.click("#nav-desk");
  await context.unroute("**/lessons.json*");
  await page.click("#lessons-retry");
  await page.waitForSelector("[data-lesson='emergency-contract/01-clean-run']");
  assert.deepEqual(foreign, []);
  await context.close();
});

/** axe-core's violations on the page as it stands, of any impact. */
async function axeViolations(page) {
  const source = await readFile(join(HERE, "node_modules/axe-core/axe.min.js"), "utf8");
  // Evaluated by the test driver, not loaded by the page: the page's CSP stays as it is.
  await page.evaluate(source);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return result.violations
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`);
}

test("axe-core finds no violation of any impact on the landing, the bench at a decision and at its end, and the desk, in both languages", async () => {
  for (const lang of ["en", "ja"]) {
    const { page, problems } = await open(`/?lang=${lang}`, undefined, ".scenario-card");
    assert.deepEqual(await axeViolations(page), [], `landing (${lang})`);
    await page.click("[data-scenario='emergency-contract'] a.open-bench");
    await page.click("#next-stop");
    await page.waitForSelector("button[data-choice]");
    assert.deepEqual(await axeViolations(page), [], `bench (${lang})`);
    await answerFirstToTheEnd(page);
    await page.waitForSelector("#end-sentence");
    assert.deepEqual(await axeViolations(page), [], `bench at the end (${lang})`);
    // What if, from the coaching pause: the desk comparing the two runs.
    await page.click(".timeline .rows li:nth-child(4) button");
    await page.click("a.what-if");
    await page.waitForSelector("#compare-result tr.first-divergence");
    assert.deepEqual(await axeViolations(page), [], `desk comparing two runs (${lang})`);
    await page.click("#nav-bench");
    await page.click("#nav-desk");
    await page.waitForSelector("[data-lesson]");
    await page.waitForSelector("[data-vocab=reason_code]");
    assert.deepEqual(await axeViolations(page), [], `desk (${lang})`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test("a first visit plays the run to its first human decision by itself; with reduced motion it steps once", async () => {
  // From the landing, one click: the bench plays on its own and lands on a question.
  const { page, problems } = await open("/", undefined, ".scenario-card");
  await page.click("[data-scenario='emergency-contract'] a.open-bench");
  await page.waitForSelector("button[data-choice='coaching:approve']", { timeout: 15000 });
  assert.equal(await page.locator(".rows li").count(), 4);
  assert.equal(await page.textContent("#now-gate"), "hitl_coaching_auth");
  assert.match(await page.textContent("#story-who"), /ambulance/);
  assert.equal(await page.getAttribute("#gate-flow", "data-reached"), "4");
  assert.deepEqual(problems, []);
  await page.close();
  // A shared bench link plays too; with reduced motion, one step and no more.
  const still = await browser.newContext({ reducedMotion: "reduce" });
  const calm = await open("/?view=bench", still);
  await calm.page.waitForSelector(".rows li");
  await calm.page.waitForTimeout(1500);
  assert.equal(await calm.page.locator(".rows li").count(), 1);
  assert.equal(await calm.page.getAttribute("#play", "aria-pressed"), "false");
  assert.deepEqual(calm.problems, []);
  await still.close();
});

test("Copy link copies where the browser allows it, and elsewhere selects the link in a field to copy by hand", async () => {
  const allowed = await browser.newContext();
  await allowed.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  const ok = await open("/?view=bench", allowed);
  await ok.page.click("#copy-link");
  await ok.page.waitForSelector("#copy-status");
  assert.match(await ok.page.textContent("#copy-status"), /Link copied/);
  assert.equal(await ok.page.evaluate(() => navigator.clipboard.readText()), ok.page.url());
  await allowed.close();
  // A plain-http address on the class network has no clipboard API.
  const plain = await browser.newContext();
  await plain.addInitScript(() => Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined }));
  const lan = await open("/?view=bench&lang=ja", plain);
  await lan.page.click("#copy-link");
  await lan.page.waitForSelector("#copy-field");
  assert.equal(await lan.page.inputValue("#copy-field"), lan.page.url());
  assert.equal(await lan.page.evaluate(() => document.activeElement?.id), "copy-field");
  assert.equal(await lan.page.evaluate(() => {
    const f = document.getElementById("copy-field");
    return f.selectionEnd - f.selectionStart === f.value.length;
  }), true, "the whole link is selected");
  assert.match(await lan.page.textContent("#copy-status"), /Ctrl\+C/);
  assert.deepEqual(lan.problems, []);
  await plain.close();
});

test("by keyboard: a skip link to the decision, a timeline that is one tab stop with arrow keys, focus on the next step after a choice, a picker that arrows do not switch", async () => {
  const still = await browser.newContext({ reducedMotion: "reduce" });
  const { page, problems } = await open("/?view=bench", still);
  await page.click("#next-stop");
  await page.waitForSelector("button[data-choice='coaching:approve']");
  // The skip link is the first stop of the page and lands on the pending question.
  assert.equal(await page.evaluate(() =>
    document.querySelector("a[href], button, select, input, textarea, [tabindex='0']")?.className), "skip-link");
  await page.focus(".skip-link");
  assert.ok((await page.locator(".skip-link").boundingBox()).x >= 0, "visible when focused");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.activeElement?.dataset?.choice === "coaching:approve");
  // The timeline is one tab stop; arrows, Home and End move the selection and the focus.
  assert.equal(await page.locator(".timeline .rows button[tabindex='0']").count(), 1);
  await page.focus(".timeline .rows button[tabindex='0']");
  const focusedRow = () => page.evaluate(() => document.activeElement?.querySelector(".seq")?.textContent);
  await page.keyboard.press("ArrowUp");
  await page.waitForFunction(() => document.activeElement?.querySelector(".seq")?.textContent === "3");
  assert.equal(await page.getAttribute(".timeline .rows li:nth-child(3) button", "aria-pressed"), "true");
  await page.keyboard.press("Home");
  await page.waitForFunction(() => document.activeElement?.querySelector(".seq")?.textContent === "1");
  await page.keyboard.press("End");
  await page.waitForFunction(() => document.activeElement?.querySelector(".seq")?.textContent === "4");
  assert.equal(await focusedRow(), "4");
  // After a choice, the focus is on the next thing to do.
  await page.click("button[data-choice='coaching:approve']");
  await page.waitForFunction(() => document.activeElement?.id === "next-stop");
  // Arrow keys on the closed scenario picker do not switch the scenario.
  await page.focus("#scenario");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.getAttribute(".bench", "data-scenario"), "emergency-contract");
  assert.deepEqual(problems, []);
  await still.close();
});

/** English prose shown on a Japanese page: text outside codes, identifiers and values. */
async function englishOnJapanesePage(page) {
  return page.evaluate(() => {
    const out = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const neutral = "code, pre, svg, option, textarea, input, [lang=en], .layer, .reason, .decider, .badge, .flag, .seq, .extras, .desk-file strong";
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const el = node.parentElement;
      if (!el || el.closest(neutral) || !el.checkVisibility()) continue;
      const text = node.textContent.trim();
      // Two words in a row, the second in lower case: prose, not a code or a value.
      const words = text.split(/\s+/);
      const prose = words.some((w, i) =>
        /^[A-Za-z]{2,}[,.:;]?$/.test(w) && /^[a-z]{2,}[,.:;)]?$/.test(words[i + 1] ?? ""));
      if (prose) out.add(text.slice(0, 140));
    }
    return [...out];
  });
}

test("a Japanese page shows no English prose: views, notices, the desk's verdicts, replays and comparisons, a simulator; <html lang> and the title follow", async () => {
  const ctx = await browser.newContext({ reducedMotion: "reduce" });
  const { page, problems } = await open("/?lang=ja", ctx, ".scenario-card");
  assert.deepEqual(await englishOnJapanesePage(page), [], "landing");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "ja");
  assert.match(await page.title(), /マエストロ/);
  // A tampered link's notice.
  await page.goto(`${origin}/?v=1&s=emergency-contract&seed=3&rng=chacha&h=000000000000&lang=ja`);
  await page.waitForSelector(".notice");
  assert.deepEqual(await englishOnJapanesePage(page), [], "a refused link");
  // The bench at a decision and at its end.
  await page.goto(`${origin}/?view=bench&lang=ja`);
  await page.click("#next-stop");
  await page.waitForSelector("button[data-choice]");
  assert.deepEqual(await englishOnJapanesePage(page), [], "bench at a decision");
  // Refused values: a knob out of range, a seed that is not a number, a bad run count.
  await page.click("summary");
  await page.fill("#knob-initial_trust", "7");
  await page.press("#knob-initial_trust", "Tab");
  await page.waitForSelector("[data-knob=initial_trust] .field-error");
  assert.match(await page.textContent("[data-knob=initial_trust] .field-error"), /範囲外/);
  await page.fill("#seed", "twelve");
  await page.press("#seed", "Tab");
  await page.fill("#batch-runs", "0");
  await page.press("#batch-runs", "Tab");
  await page.click("#batch-start");
  await page.waitForSelector(".batch .field-error");
  assert.deepEqual(await englishOnJapanesePage(page), [], "refused values");
  await page.fill("#knob-initial_trust", "0.9");
  await page.press("#knob-initial_trust", "Tab");
  await page.fill("#seed", "1");
  await page.press("#seed", "Tab");
  await page.click("summary");
  await page.click("#next-stop");
  await page.waitForSelector("button[data-choice]");
  const bytes = await download(page);
  await answerFirstToTheEnd(page);
  await page.waitForSelector("#end-sentence");
  assert.deepEqual(await englishOnJapanesePage(page), [], "bench at its end");
  // The desk: a comparison, then a log verified (with a wrong key too) and replayed.
  await page.click(".timeline .rows li:nth-child(4) button");
  await page.click("a.what-if");
  await page.waitForSelector("#compare-summary");
  assert.deepEqual(await englishOnJapanesePage(page), [], "desk comparison");
  await page.setInputFiles("#desk-file", { name: "run.arl.jsonl", mimeType: "application/x-ndjson", buffer: bytes });
  await waitText(page, "#desk-verdict", /チェーンは無傷/);
  await page.click("#desk-replay");
  await waitText(page, "#desk-replay-result", /完全に再現/);
  assert.deepEqual(await englishOnJapanesePage(page), [], "desk verify and replay");
  await page.fill("#desk-key", "not the key");
  await page.click("#desk-verify");
  await waitText(page, "#desk-verdict", /チェーンが壊れています/);
  assert.deepEqual(await englishOnJapanesePage(page), [], "desk, a broken chain");
  // A changed reason code is noted; a cut-off file is refused: both in Japanese.
  await page.fill("#desk-key", "");
  const lines = bytes.toString("utf8").split("\n");
  lines[2] = lines[2].replace(/"reason_code": "[A-Z_]+"/, '"reason_code": "NOT_A_CODE"');
  await page.setInputFiles("#desk-file", { name: "changed.arl.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(lines.join("\n")) });
  await page.waitForSelector("#desk-notes");
  assert.match(await page.textContent("#desk-notes"), /未知の reason_code `NOT_A_CODE`/);
  await page.setInputFiles("#desk-file", { name: "half.arl.jsonl", mimeType: "text/plain", buffer: bytes.subarray(0, 700) });
  await waitText(page, "#desk-error", /途中で切れています/);
  assert.deepEqual(await englishOnJapanesePage(page), [], "desk notes and a refused file");
  // A simulator at a decision.
  await page.goto(`${origin}/?view=home&lang=ja`);
  await page.click("[data-scenario='negotiation-steering'] a.open-bench");
  await page.click("#next-stop");
  await page.waitForSelector("button[data-choice]");
  assert.deepEqual(await englishOnJapanesePage(page), [], "a simulator");
  assert.deepEqual(problems, []);
  await ctx.close();
});

test("on a 390 px phone no view is wider than the screen, in either language", async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const wider = (page) => page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    return [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > w + 0.5)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}.${e.className}`);
  });
  for (const lang of ["en", "ja"]) {
    const { page, problems } = await open(`/?lang=${lang}`, context, ".scenario-card");
    assert.deepEqual(await wider(page), [], `landing (${lang})`);
    await page.click("[data-scenario='emergency-contract'] a.open-bench");
    await page.click("#next-stop");
    await page.waitForSelector("button[data-choice]");
    assert.deepEqual(await wider(page), [], `bench (${lang})`);
    await page.click("#nav-desk");
    await page.waitForSelector("[data-lesson]");
    assert.deepEqual(await wider(page), [], `desk (${lang})`);
    assert.deepEqual(problems, []);
    await page.close();
  }
  await context.close();
});

test("a simulator shows its agents: a status per agent and a line chart per quantity, each with its data as a table", async () => {
  const lesson = lessonFile;
  // The negotiation: the allowed low-ball seals the mediator as soon as its row is shown.
  const n3 = await lesson("negotiation-steering/03-below-the-floor");
  const { page, problems, foreign } = await open(`/${n3.link}&row=${n3.row}`);
  await page.waitForSelector(`.timeline .rows li.selected[data-reason='${n3.reason}']`);
  await page.waitForSelector("#agent-state");
  assert.equal(await page.getAttribute("#agent-status li[data-agent='A2']", "data-status"), "sealed");
  assert.equal(await page.getAttribute("#agent-status li[data-agent='A1']", "data-status"), "active");
  assert.equal(await page.locator("#agent-state figure").count(), 3, "price, trust, provisional utility");
  assert.equal(await page.locator("#state-chart-1 polyline").count(), 3, "one trust line per agent");
  const header = await page.locator("#state-chart-1 thead th").allTextContents();
  assert.deepEqual(header.slice(1), ["A1", "A2", "A3"]);
  assert.ok((await page.locator("#state-chart-1 tbody tr").count()) >= 1, "the data table has a row per round");
  await page.screenshot({ path: join(ARTIFACTS, "8-negotiation-agents.png"), fullPage: true });
  // Stepping on moves the charts round by round; the download still equals `maestro run`.
  await page.click("#next-stop");
  assert.deepEqual(await download(page), maestroRun(page.url()));
  assert.deepEqual(problems, []);
  assert.deepEqual(foreign, []);
  await page.close();

  // The alliance simulator runs to its end (no HITL point): the
  // angry agents were reintegrated. Back at the start and stepped row by row, both are sealed
  // as soon as their rows are shown, and the charts start at round 0.
  const s1 = await lesson("alliance-persuasion/01-reseal-and-persuade");
  const other = await open(`/${s1.link}&row=${s1.row}`);
  await other.page.waitForSelector("#agent-state");
  const status = (agent) => other.page.getAttribute(`#agent-status li[data-agent='${agent}']`, "data-status");
  assert.equal(await status("A1"), "active", "reintegrated by the end");
  assert.equal(await other.page.locator("#agent-state figure").count(), 4, "anger and three priorities");
  await other.page.click("#restart");
  for (let i = 0; i < s1.row + 1; i++) await other.page.click("#step");
  await other.page.waitForSelector("#agent-status li[data-agent='A2'][data-status='sealed']");
  assert.equal(await status("A1"), "sealed");
  assert.equal(await status("A3"), "active");
  assert.equal(await other.page.textContent("#agent-round"), "0");
  assert.deepEqual(other.problems, []);
  await other.page.close();
});

test("after the first visit the site opens and runs with the network off, and a new build replaces its cache", async () => {
  // A server of its own, which the test stops: as offline as a school network that drops.
  const overrides = new Map();
  const own = createServer((req, res) => {
    const body = overrides.get(new URL(req.url, "http://x").pathname);
    if (body) res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }).end(body);
    else void serve(req, res);
  });
  await new Promise((ok) => own.listen(0, "127.0.0.1", ok));
  const at = `http://127.0.0.1:${own.address().port}`;
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`${at}/?view=bench`);
  await page.waitForSelector("[data-scenario]");
  // The build's version: the one 16-hex-digit string of the (minified) sw.js.
  const version = (await readFile(join(DIST, "sw.js"), "utf8")).match(/"([0-9a-f]{16})"/)[1];
  await page.waitForFunction(async (v) => (await caches.keys()).includes(`maestro-bench-${v}`), version);
  await page.evaluate(() => navigator.serviceWorker.ready);
  // The network goes away: the server stops.
  await new Promise((ok) => own.close(ok));
  own.closeAllConnections?.();
  const lesson = await lessonFile("emergency-v4.1/03-fabrication");
  await page.goto(`${at}/${lesson.link}&row=${lesson.row}`);
  await page.waitForSelector(`.rows li[data-reason='${lesson.reason}']`);
  assert.equal(await page.textContent("#final-state"), "STOPPED");
  // The desk's lessons and a batch in the worker, offline too.
  await page.goto(`${at}/?view=desk`);
  await page.waitForSelector(".lesson");
  await page.goto(`${at}/?view=bench`);
  await page.fill("#batch-runs", "2000");
  await page.press("#batch-runs", "Tab");
  await page.click("#batch-start");
  await page.waitForSelector("#chart-states", { timeout: 20000 });
  // A new build: the server is back with another sw.js; the new worker takes over and the old
  // build's cache is gone (one build's files, never a mix).
  overrides.set("/sw.js", (await readFile(join(DIST, "sw.js"), "utf8")).replace(version, "0000000000000000"));
  await new Promise((ok) => own.listen(Number(at.split(":").pop()), "127.0.0.1", ok));
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
  await page.waitForFunction(async () => {
    const keys = await caches.keys();
    return keys.length === 1 && keys[0] === "maestro-bench-0000000000000000";
  });
  assert.deepEqual(problems, []);
  await context.close();
  await new Promise((ok) => own.close(ok));
  own.closeAllConnections?.();
});

test("`./x serve --lan` serves the site on the machine's network addresses and says which", async () => {
  const { spawn } = await import("node:child_process");
  const { lanAddresses } = await import("../../scripts/serve.mjs");
  const child = spawn(process.execPath, [join(HERE, "../../scripts/serve.mjs"), "--lan"], {
    env: { ...process.env, PORT: "0", MAESTRO_DIST: DIST },
  });
  try {
    const out = await new Promise((ok, fail) => {
      let text = "";
      child.stdout.on("data", (d) => {
        text += d;
        if (/Ctrl\+C/.test(text) && text.trim().split("\n").length >= 3) ok(text);
      });
      child.on("exit", (code) => fail(new Error(`serve exited ${code}: ${text}`)));
    });
    assert.match(out, /to the local network on port (\d+)/);
    const port = out.match(/on port (\d+)/)[1];
    const addresses = lanAddresses();
    if (addresses.length === 0) {
      assert.match(out, /no network address other than 127\.0\.0\.1/);
    }
    for (const a of addresses) {
      assert.match(out, new RegExp(`http://${a.replace(/\./g, "\\.")}:${port}/`));
      const res = await fetch(`http://${a}:${port}/`);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /Maestro Bench/);
    }
    // Everything else stays on 127.0.0.1 by default.
    assert.equal((await fetch(`http://127.0.0.1:${port}/`)).status, 200);
  } finally {
    child.kill();
  }
});

test("embedded in a course page: embed=1 shows the bench alone in a sandboxed frame with storage blocked, and runs to a decision", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  const link = execFileSync(MAESTRO, ["run", "emergency-contract", "--seed", "1", "--then", "wait", "--link"]).toString().trim();
  const src = `${origin}/${link}&embed=1&lang=ja`;
  // The snippet the README gives a teacher: scripts only (no same-origin, so no storage).
  await page.setContent(`<!doctype html><title>Course</title><h1>Lesson 3</h1>
    <iframe id="bench" title="Maestro Bench" sandbox="allow-scripts" style="width:100%;height:1400px;border:0" src="${src}"></iframe>`);
  const frame = page.frameLocator("#bench");
  await frame.locator(".app.embed[data-view='bench']").waitFor({ timeout: 20000 });
  assert.equal(await frame.locator("header.masthead").count(), 0, "no header");
  assert.equal(await frame.locator("footer").count(), 0, "no footer");
  assert.equal(await frame.locator(".batch").count(), 0, "the bench alone");
  assert.equal(await frame.locator(".app").getAttribute("lang"), "ja", "the language comes from the link");
  await frame.locator("#next-stop").click();
  await frame.locator("button[data-choice]").first().waitFor();
  assert.match(await frame.locator("#hitl-role").textContent(), /ADMIN|USER/);
  // No storage was touched (it would have thrown in this frame), and the frame fits its width.
  const fits = await frame.locator("body").evaluate((b) => b.scrollWidth <= b.clientWidth + 1);
  assert.ok(fits, "no sideways scrolling in the frame");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a teacher builds a class link with its QR code, and the class opens it fixed, removed and projected", async () => {
  const { page, problems, foreign } = await open("/?view=bench");
  await page.click("#teacher-link summary");
  for (const box of ["#lock-seed", "#lock-knobs", "#hide-batch", "#hide-desk"]) await page.check(box);
  const link = await page.inputValue("#teacher-link-url");
  assert.match(link, /&lock=seed,knobs&hide=batch,desk/);
  // The QR code is drawn in the page from the worker's package: the same code the package
  // makes for the link (no network, nothing off the origin).
  await page.waitForSelector("#teacher-link-qr path");
  const drawn = await page.getAttribute("#teacher-link-qr path", "d");
  const pkg = await import(join(DIST, "pkg/maestro_wasm.js"));
  pkg.initSync({ module: await readFile(join(DIST, "pkg/maestro_wasm_bg.wasm")) });
  assert.equal(drawn, pkg.qrCode(link).path);
  await page.check("#link-present");
  assert.match(await page.inputValue("#teacher-link-url"), /&present=1/);
  await page.waitForFunction(() => !document.querySelector("#teacher-link-qr-wait"));
  assert.deepEqual(problems, []);
  assert.deepEqual(foreign, []);
  await page.close();
  // A student opens the class link: fixed controls with the teacher's note, removed ones gone.
  const student = await open(new URL(link).search.replace(/^/, "/"));
  assert.equal(await student.page.isDisabled("#seed"), true);
  assert.equal(await student.page.isDisabled("#knob-fabricate_rate"), true);
  assert.match(await student.page.textContent("#set-by-teacher"), /seed, knobs/);
  assert.equal(await student.page.locator(".batch, #nav-desk").count(), 0);
  // A projector link, and one naming a control the page does not know.
  const shown = await open(`${new URL(link).search.replace(/^/, "/")}&present=1`);
  assert.equal(await shown.page.locator(".app.present").count(), 1);
  const odd = await open(`${new URL(link).search.replace(/^/, "/").replace("lock=seed,knobs", "lock=seed,colour")}`);
  assert.match(await odd.page.textContent(".notice"), /`colour`/);
  assert.deepEqual([...student.problems, ...shown.problems, ...odd.problems], []);
  for (const p of [student.page, shown.page, odd.page]) await p.close();
});

test("the class report checks 30 handed-in logs in the page as `maestro report` does: table, summary, groups, CSV", async () => {
  const files = makeClass(MAESTRO);
  assert.equal(files.length, 30);
  const dir = join(ARTIFACTS, "class");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const { writeFileSync } = await import("node:fs");
  // The CLI: the same verdicts, exit 1 (not every file reproduced), the CSV.
  for (const f of files) writeFileSync(join(dir, f.name), f.buffer);
  let cli;
  try {
    // In the class's folder, so that the CLI names the files as the page does.
    execFileSync(MAESTRO, ["report", ...files.map((f) => f.name), "--csv", "cli.csv"], { cwd: dir });
    assert.fail("maestro report must exit 1 for this class");
  } catch (e) {
    assert.equal(e.status, 1, String(e.stderr));
    cli = String(e.stdout);
  }
  assert.match(cli, /24 of 30 files intact and reproduced/);

  const { page, problems, foreign } = await open("/?view=desk", undefined, "#class-report");
  // In two picks, as a teacher gathers a class: nothing picked first is lost.
  await page.setInputFiles("#class-files", files.slice(0, 10));
  await waitText(page, "#class-headline", /of 10 files/);
  await page.setInputFiles("#class-files", files.slice(10));
  const headline = await waitText(page, "#class-headline", /of 30 files/);
  assert.match(headline, /24 of 30 files intact and reproduced/);
  const status = await page.$$eval("#class-table tbody tr", (rows) => rows.map((r) => r.dataset.status));
  assert.deepEqual(status.slice(22), ["broken", "broken", "reproduced", "duplicate", "unreadable", "unreadable", "unknown_scenario", "reproduced"]);
  assert.equal(status.filter((s) => s === "reproduced").length, 24);
  const rowText = async (n) => page.textContent(`#class-table tbody tr:nth-child(${n})`);
  assert.match(await rowText(23), /chain broken: row_hash mismatch at i=0/);
  assert.match(await rowText(26), /the same file as line 1/);
  assert.match(await rowText(27), /line 1 is not JSON/);
  assert.match(await rowText(28), /newer/);
  assert.match(await rowText(29), /moon-landing/);
  // The summary: each decision point's answers and the ends, as charts with their data.
  const points = await page.textContent("#class-0-point-1");
  assert.match(points, /emergency-contract · decision 2: auth/);
  assert.match(await page.textContent("#class-0-ends"), /how the 23 reproduced runs ended/);
  assert.match(await page.textContent("#class-1-ends"), /definition-gate/);
  // The groups of files holding the same run.
  const groups = await page.textContent("#class-groups");
  assert.match(groups, /Run 1, the same run in 8 files: student-00\.arl\.jsonl/);
  assert.match(groups, /=SUM\(1\)\.arl\.jsonl/);
  // The CSV equals `maestro report --csv` byte for byte.
  const [csv] = await Promise.all([page.waitForEvent("download"), page.click("#class-csv")]);
  const pageCsv = (await readFile(await csv.path())).toString();
  const cliCsv = (await readFile(join(dir, "cli.csv"))).toString();
  assert.equal(pageCsv, cliCsv);
  assert.match(pageCsv, /^"'=SUM\(1\)\.arl\.jsonl",/m);
  assert.deepEqual(await axeViolations(page), [], "the class report");
  // In Japanese, the verdicts and messages too.
  await page.click("button[lang=ja]");
  await waitText(page, "#class-headline", /30 個のファイルのうち 24 個/);
  assert.match(await rowText(23), /チェーンが壊れています/);
  // More than 200 files: the rest are refused by name, the class already loaded stays.
  const many = Array.from({ length: 180 }, (_, i) => ({ name: `extra-${i}.arl.jsonl`, mimeType: "text/plain", buffer: files[0].buffer }));
  await page.setInputFiles("#class-files", many);
  const notice = await waitText(page, "#class-notice", /200/);
  assert.match(notice, /extra-170\.arl\.jsonl/);
  assert.doesNotMatch(notice, /extra-169\.arl\.jsonl/);
  await waitText(page, "#class-headline", /200 個のファイル/);
  await page.click("#class-clear");
  await page.waitForSelector("#class-headline", { state: "detached" });
  assert.deepEqual(problems, []);
  assert.deepEqual(foreign, []);
  await page.close();
});

test("the one-file edition opened from disk (file://) with a run query: the same run and download as `maestro run`, its lessons, the codebook, a batch and a class report, under its own strict CSP, with no request at all", async () => {
  const file = join(DIST, "maestro-bench.html");
  assert.ok(existsSync(file), "no dist/maestro-bench.html: `./x build` writes it");
  assert.ok((await stat(file)).size <= 1_500_000, "the one-file edition is within 1.5 MB");
  const link = execFileSync(MAESTRO, ["run", "emergency-contract", "--seed", "7", "--then", "wait", "--choices", "coaching:approve", "--link"]).toString().trim();
  const page = await browser.newPage();
  const problems = [];
  const requests = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("request", (r) => { if (!/^(data|blob):/.test(r.url())) requests.push(r.url()); });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const url = `file://${file}${link.slice(link.indexOf("?"))}`;
  await page.goto(url);
  await page.waitForSelector("#bench-heading", { timeout: 20000 });
  await page.click("#next-stop");
  await page.waitForSelector("button[data-choice='auth:approve']");
  const bytes = await download(page);
  assert.deepEqual(bytes, maestroRun(page.url()));
  // A batch, in the worker the file starts from its own text.
  await page.fill("#batch-runs", "2000");
  await page.press("#batch-runs", "Tab");
  await page.click("#batch-start");
  await page.waitForSelector("#chart-states", { timeout: 30000 });
  // The desk: the lessons and the codebook from the file, and a class report.
  await page.click("#nav-desk");
  await page.waitForSelector("[data-lesson]");
  await page.waitForSelector("[data-vocab=reason_code]");
  await page.setInputFiles("#class-files", [{ name: "run.arl.jsonl", mimeType: "text/plain", buffer: bytes }]);
  assert.match(await waitText(page, "#class-headline", /of 1 files/), /1 of 1 files intact and reproduced/);
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
  assert.match(csp, /default-src 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline|https?:|'self'/);
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(problems, []);
  // Nothing but the file itself was requested (deny by default: no network at all).
  assert.deepEqual(requests.filter((r) => !r.startsWith(`file://${file}`)), []);
  await page.close();
});
