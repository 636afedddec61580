// Prints the budget figures of the built site (dist/): the gzipped first load, the build time,
// and how soon after navigation the first gate decision is visible in headless Chromium.
// Run by `./x budget` after a release build; prints one JSON line per figure.
import { readFile, readdir } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { join, extname } from "node:path";
import { chromium } from "playwright-core";
import { DIST, serveDir } from "../../scripts/serve.mjs";


// The site is one page and one bundle: its first load is every html, js, wasm and css file
// of dist/ (the icon aside), gzipped by zlib at level 9 as a static host (nginx, Apache,
// Node) would send them. Later loads: the lesson texts (lessons.json) when the desk opens, the
// page's worker (worker.js and pkg/) when a batch, the class report, the codebook or a QR code
// first needs it. The one-file edition (maestro-bench.html) is a download of its own.
{
  const files = (await readdir(DIST)).filter((f) => [".html", ".js", ".wasm", ".css"].includes(extname(f)) && f !== "worker.js" && f !== "maestro-bench.html");
  let total = 0;
  const sizes = {};
  for (const f of files) {
    const bytes = await readFile(join(DIST, f));
    const gz = gzipSync(bytes, { level: 9 }).length;
    sizes[f] = { bytes: bytes.length, gzip: gz };
    total += gz;
  }
  const budget = 500000;
  console.log(JSON.stringify({ figure: "first_load_gzip_bytes", total, budget_bytes: budget, within: total <= budget, files: sizes }));
  // The lesson texts, loaded when the desk first shows them (not part of the first load).
  const lessons = await readFile(join(DIST, "lessons.json"));
  console.log(JSON.stringify({ figure: "lessons_json_gzip_bytes", bytes: lessons.length, gzip: gzipSync(lessons, { level: 9 }).length, loaded: "when the desk first opens" }));
  let worker = 0;
  for (const f of ["worker.js", ...(await readdir(join(DIST, "pkg"))).filter((f) => /\.(js|wasm)$/.test(f)).map((f) => join("pkg", f))]) {
    worker += gzipSync(await readFile(join(DIST, f)), { level: 9 }).length;
  }
  console.log(JSON.stringify({ figure: "page_worker_gzip_bytes", gzip: worker, loaded: "when a batch, the class report, the codebook or a QR code first needs it" }));
  const oneFile = (await readFile(join(DIST, "maestro-bench.html"))).length;
  console.log(JSON.stringify({ figure: "one_file_edition_bytes", bytes: oneFile, budget_bytes: 1500000, within: oneFile <= 1500000 }));
}
// The build's time, measured by `./x budget` around `./x build`.
if (process.env.BUILD_SECONDS) {
  const seconds = Number(process.env.BUILD_SECONDS);
  console.log(JSON.stringify({ figure: "build_seconds", seconds, budget_seconds: 180, within: seconds <= 180 }));
}

const server = await serveDir(DIST);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
// Measured inside the page, so the figure is the page's own and not the test driver's
// round trips: as soon as the Step button exists it is pressed, and the time the first
// timeline row appears is recorded (milliseconds since navigation started).
const times = [];
for (let i = 0; i < 5; i++) {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      const step = document.querySelector("#step");
      if (step && !window.__pressed) {
        window.__pressed = true;
        step.click();
      }
      if (document.querySelector(".rows li")) {
        window.__firstRow = performance.now();
        obs.disconnect();
      }
    }).observe(document, { subtree: true, childList: true });
  });
  await page.goto(`http://127.0.0.1:${server.address().port}/?view=bench`);
  await page.waitForFunction(() => window.__firstRow !== undefined);
  times.push(await page.evaluate(() => window.__firstRow));
  await page.close();
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(JSON.stringify({ figure: "first_gate_decision_visible_ms", median: Math.round(median), runs: times.map(Math.round), budget_ms: 300, within: median <= 300 }));
// A 10^6-run batch in the Web Worker: runs per second from pressing Run to the charts being
// drawn, and the longest main-thread task meanwhile. Headless Chromium reports no
// \`longtask\` entries here, so the page measures it itself: a heartbeat (setTimeout 0) records
// the longest gap between its beats, which is at least the longest task. The heartbeat is
// calibrated first with a deliberate 80 ms task, so a small figure means no long task
// happened, not that nothing was measured.
/** The heartbeat, run in the page: `__gap` the longest gap seen, `__restart()` starts anew. */
function heartbeat() {
  window.__gap = 0;
  let last = performance.now();
  window.__restart = () => { window.__gap = 0; last = performance.now(); };
  const beat = () => {
    const now = performance.now();
    window.__gap = Math.max(window.__gap, now - last);
    last = now;
    setTimeout(beat, 0);
  };
  setTimeout(beat, 0);
}

async function batch(label, knobs) {
  const page = await browser.newPage();
  await page.addInitScript(heartbeat);
  await page.goto(`http://127.0.0.1:${server.address().port}/?view=bench`);
  await page.waitForSelector("#batch-runs");
  await page.click("summary");
  for (const [name, value] of knobs) {
    const input = `#knob-${name}`;
    if ((await page.getAttribute(input, "type")) === "checkbox") await page.check(input);
    else await page.fill(input, value);
    await page.press(input, "Tab");
  }
  await page.fill("#batch-runs", "1000000");
  await page.press("#batch-runs", "Tab");
  await page.waitForTimeout(200);
  await page.evaluate(() => { window.__gap = 0; const t = performance.now(); while (performance.now() - t < 80); });
  await page.waitForTimeout(50);
  const calibration = await page.evaluate(() => window.__gap);
  await page.evaluate(() => { window.__gap = 0; window.__t0 = performance.now(); });
  await page.click("#batch-start");
  await page.waitForFunction(() => document.querySelector("#chart-states") && (window.__t1 ??= performance.now()), null, { timeout: 300000, polling: "raf" });
  await page.waitForTimeout(50);
  const ms = await page.evaluate(() => window.__t1 - window.__t0);
  const longest = await page.evaluate(() => window.__gap);
  const runsPerSecond = Math.round(1e6 / (ms / 1000));
  console.log(JSON.stringify({ figure: `batch_1e6_${label}`, runs_per_second: runsPerSecond, seconds: +(ms / 1000).toFixed(2), target_runs_per_second: 1000000, within: runsPerSecond >= 1000000 }));
  const calibrated = calibration >= 80;
  console.log(JSON.stringify({ figure: `longest_main_thread_task_during_1e6_batch_${label}_ms`, longest: Math.round(longest), heartbeat_saw_80ms_task_as: Math.round(calibration), budget_ms: 50, within: calibrated && longest <= 50 }));
  // Cancel: from the click to the worker's last report being shown.
  await page.fill("#batch-runs", "1000000");
  await page.press("#batch-runs", "Tab");
  await page.click("#batch-start");
  await page.waitForFunction(() => Number(document.querySelector("#batch-progress")?.value) > 100000);
  await page.evaluate(() => {
    window.__c1 = undefined;
    new MutationObserver((_, obs) => {
      if (document.querySelector(".batch-results .notice-inline")) { window.__c1 = performance.now(); obs.disconnect(); }
    }).observe(document.body, { subtree: true, childList: true });
    window.__c0 = performance.now();
    document.querySelector("#batch-cancel").click();
  });
  await page.waitForFunction(() => window.__c1 !== undefined);
  const cancelMs = await page.evaluate(() => window.__c1 - window.__c0);
  console.log(JSON.stringify({ figure: `batch_cancel_ms_${label}`, ms: Math.round(cancelMs), budget_ms: 100, within: cancelMs <= 100 }));
  await page.close();
}
// The class report: 200 handed-in logs of a run to its end (19 rows each), from the change of
// the file picker to the report's headline, and the longest main-thread task meanwhile (the
// same calibrated heartbeat as the batch's).
{
  const base = `http://127.0.0.1:${server.address().port}`;
  const page = await browser.newPage();
  await page.goto(`${base}/?view=bench`);
  for (const choice of ["coaching:approve", "auth:approve", "finalize:approve"]) {
    await page.click("#next-stop");
    await page.click(`button[data-choice='${choice}']`);
  }
  await page.click("#next-stop");
  await page.waitForSelector("#final-state");
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
  const log = await readFile(await dl.path());
  const rows = log.toString("utf8").trim().split("\n").length - 2;
  await page.addInitScript(heartbeat);
  await page.addInitScript(() => {
    // From the moment the picker reports its files (what the browser does to create them is
    // not the page's work): the heartbeat's gaps count from here.
    document.addEventListener("change", (e) => { if (e.target.id === "class-files") { window.__r0 = performance.now(); window.__restart(); } }, true);
    new MutationObserver(() => {
      if (/200 of 200/.test(document.querySelector("#class-headline")?.textContent ?? "")) window.__r1 ??= performance.now();
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto(`${base}/?view=desk`);
  await page.waitForSelector("#class-files");
  await page.waitForTimeout(300);
  await page.evaluate(() => { window.__gap = 0; const t = performance.now(); while (performance.now() - t < 80); });
  await page.waitForTimeout(50);
  const calibration = await page.evaluate(() => window.__gap);
  await page.evaluate(() => { window.__gap = 0; });
  const files = Array.from({ length: 200 }, (_, i) => ({ name: `student-${String(i).padStart(3, "0")}.arl.jsonl`, mimeType: "text/plain", buffer: log }));
  await page.setInputFiles("#class-files", files);
  await page.waitForFunction(() => window.__r1 !== undefined, null, { timeout: 60000 });
  await page.waitForTimeout(50);
  const [ms, longest] = await page.evaluate(() => [window.__r1 - window.__r0, window.__gap]);
  console.log(JSON.stringify({ figure: "class_report_200_files_ms", ms: Math.round(ms), rows_per_file: rows, budget_ms: 2000, within: ms <= 2000 }));
  console.log(JSON.stringify({ figure: "longest_main_thread_task_during_class_report_ms", longest: Math.round(longest), heartbeat_saw_80ms_task_as: Math.round(calibration), budget_ms: 100, within: calibration >= 80 && longest <= 100 }));
  await page.close();
}
await batch("fabricate_rate_0.1", [["fabricate_rate", "0.1"]]);
await batch("stress", [["stress", "true"]]);
await browser.close();
server.close();
