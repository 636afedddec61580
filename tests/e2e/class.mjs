// A class of 30 logs as students hand them in, made with `maestro run` (the end-to-end test's
// class report and the screenshots share it): 22 good runs of three kinds, two tampered, one of
// another scenario, one handed in twice, one not a log, one of a newer format, one of an
// unknown scenario, one good run under a name a spreadsheet would run.
import { execFileSync } from "node:child_process";

/** The class's files as `page.setInputFiles` takes them: `{name, mimeType, buffer}`. */
export function makeClass(maestro) {
  const run = (scenario, seed, choices) =>
    execFileSync(maestro, ["run", scenario, "--seed", String(seed), "--then", "wait", "--choices", choices]);
  const kinds = ["coaching:approve,auth:approve,finalize:approve", "coaching:approve,auth:reject", "coaching:deny"];
  const made = kinds.map((c) => run("emergency-contract", 42, c));
  const files = [];
  for (let i = 0; i < 22; i++) files.push({ name: `student-${String(i).padStart(2, "0")}.arl.jsonl`, buffer: made[i % 3] });
  const reject = made[1].toString();
  files.push({ name: "tampered-row.arl.jsonl", buffer: Buffer.from(reject.replace('"decision": "RUN"', '"decision": "STOPPED"')) });
  const lines = reject.split("\n");
  lines.splice(3, 1);
  files.push({ name: "missing-row.arl.jsonl", buffer: Buffer.from(lines.join("\n")) });
  files.push({ name: "other.arl.jsonl", buffer: run("definition-gate", 3, "def:approve") });
  files.push({ ...files[0] });
  files.push({ name: "essay.txt", buffer: Buffer.from("My essay about orchestration.\n") });
  files.push({ name: "newer.arl.jsonl", buffer: Buffer.from(reject.replace('"format_version": 1', '"format_version": 9')) });
  files.push({ name: "unknown.arl.jsonl", buffer: Buffer.from(reject.replace('"scenario": "emergency-contract"', '"scenario": "moon-landing"')) });
  files.push({ name: "=SUM(1).arl.jsonl", buffer: made[1] });
  return files.map((f) => ({ ...f, mimeType: "text/plain" }));
}
