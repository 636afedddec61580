// Type-checked against the package's declarations (`tsc --noEmit -p tests/e2e/types`): every
// export used as a course builder would use it, so a declaration that drifts fails the test.
import {
  Batch, answer, codebook, compare, exportOtlp, knobs, link, log, parseLink, qrCode, replay, report, run, scenarios, verify,
  type BatchChunk, type ClassReport, type Codebook, type KnobInfo, type MaestroError, type RunRequest, type RunView, type ScenarioInfo,
} from "maestro-bench-engine";

const all: ScenarioInfo[] = scenarios();
const first: string = all[0]?.id ?? "emergency-contract";
const ks: KnobInfo[] = knobs(first);
const kinds: string[] = ks.map((k) => `${k.name}:${k.kind}:${k.default}:${k.helpJa}`);

const request: RunRequest = { scenario: first, seed: 7, rng: "chacha", knobs: {}, choices: [] };
const r = run(request);
let view: RunView = r.view();
while (view.pending) view = answer(r, view.pending.options[0]?.token ?? "");
const text: string = log(r);
const bytes = new TextEncoder().encode(text);
const ok: boolean = verify(bytes).ok && replay(bytes).ok && compare(bytes, bytes).ok;
const broken: number | null = verify(bytes, "a typed key").brokenRow;
const traces: string = exportOtlp(bytes);
const again: RunRequest = parseLink(link(request));

const batch = new Batch({ scenario: "emergency-contract", knobs: { fabricate_rate: "0.1" } }, 1000, 5);
let chunk: BatchChunk = batch.advance(0);
while (!batch.finished()) chunk = batch.advance(250);
const files: string[] = chunk.incidents.map((i) => i.fileName + i.file + i.indexLine);
const result: string = batch.file();
const metric: number | null = chunk.metric;
const classReport: ClassReport = report([{ name: "a.jsonl", bytes }], "a typed key");
const headline: string = classReport.headline.ja + classReport.view.rows.map((r) => r.cells.join(",")).join();
const book: Codebook = codebook();
const qr: { side: number; path: string } = qrCode(link(request));
console.log(files.length, result.length, metric, headline, book.tables.length, qr.side);

try {
  run({ scenario: "no-such-bench" });
} catch (e) {
  const m = e as MaestroError;
  const code: MaestroError["code"] = m.code;
  console.log(code, m.ja);
}
console.log(kinds.length, view.state, ok, broken, traces.length, again.scenario);
