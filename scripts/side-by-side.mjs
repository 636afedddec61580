// `./x bench`'s side-by-side measurement: the command a user runs,
//   maestro emergency-contract --runs 1000000 --seed 42 --fabricate-rate 0.1 --out r.json
// and the reference bench's own command line,
//   python3 mediation_emergency_contract_sim_v5_1_2.py --runs 10000 --seed 42 --fabricate-rate 0.1 --out r.json
// in turn, three pairs on the same machine in one run (never against an old figure), each in an
// empty folder, timed from start to exit (the result document, the HITL queue and incident
// persistence included). Prints one JSON line per command and one with the ratio of the best
// runs per second of each side.
//
// The reference script is not part of this repository: its path comes from the environment
// variable MAESTRO_REFERENCE_V512; without it (or without python3) this says so and measures
// maestro alone.
//
// Usage: node scripts/side-by-side.mjs PATH-TO-MAESTRO
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const maestro = resolve(process.argv[2] ?? "target/fast/maestro");
const reference = process.env.MAESTRO_REFERENCE_V512;
const PAIRS = 3;
const OURS_RUNS = 1_000_000;
const THEIRS_RUNS = 10_000;

function timed(command, args) {
  const dir = mkdtempSync(join(tmpdir(), "maestro-side-"));
  const start = process.hrtime.bigint();
  const run = spawnSync(command, args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const wrote = existsSync(join(dir, "r.json"));
  rmSync(dir, { recursive: true, force: true });
  if (run.status !== 0 || !wrote) {
    throw new Error(`${command} ${args.join(" ")} failed (exit ${run.status}): ${String(run.stderr).trim().split("\n").pop()}`);
  }
  return seconds;
}

const python = (() => {
  try {
    execFileSync("python3", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
const side = reference && existsSync(reference) && python;
if (!side) {
  const why = !reference
    ? "MAESTRO_REFERENCE_V512 is not set (the reference script is not in this repository)"
    : !existsSync(reference)
      ? `MAESTRO_REFERENCE_V512 names ${reference}, which does not exist`
      : "python3 is not installed";
  console.error(`side-by-side: ${why}: measuring maestro alone. Set MAESTRO_REFERENCE_V512=/path/to/mediation_emergency_contract_sim_v5_1_2.py to compare.`);
}
const args = (runs) => ["--runs", String(runs), "--seed", "42", "--fabricate-rate", "0.1", "--out", "r.json"];
const ours = [];
const theirs = [];
for (let i = 0; i < PAIRS; i++) {
  ours.push(OURS_RUNS / timed(maestro, ["emergency-contract", ...args(OURS_RUNS)]));
  if (side) theirs.push(THEIRS_RUNS / timed("python3", [reference, ...args(THEIRS_RUNS)]));
}
const best = (xs) => Math.max(...xs);
console.log(JSON.stringify({ figure: "user_command_runs_per_second", command: `maestro emergency-contract ${args(OURS_RUNS).join(" ")}`, best: Math.round(best(ours)), each: ours.map(Math.round) }));
if (side) {
  console.log(JSON.stringify({ figure: "reference_runs_per_second", command: `python3 ${reference} ${args(THEIRS_RUNS).join(" ")}`, best: Math.round(best(theirs)), each: theirs.map(Math.round) }));
  const ratio = best(ours) / best(theirs);
  console.log(JSON.stringify({ figure: "maestro_over_reference", ratio: Math.round(ratio), target: 1000, within: ratio >= 1000 }));
}
