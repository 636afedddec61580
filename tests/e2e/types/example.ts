// Type-checked against the package's declarations (`tsc --noEmit -p tests/e2e/types`): every
// export used as a course builder would use it, so a declaration that drifts fails the test.
import {
  answer, compare, exportOtlp, knobs, link, log, parseLink, replay, run, scenarios, verify,
  type KnobInfo, type MaestroError, type RunRequest, type RunView, type ScenarioInfo,
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

try {
  run({ scenario: "no-such-bench" });
} catch (e) {
  const m = e as MaestroError;
  const code: MaestroError["code"] = m.code;
  console.log(code, m.ja);
}
console.log(kinds.length, view.state, ok, broken, traces.length, again.scenario);
