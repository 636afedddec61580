// trunk post_build hook: writes lessons.json beside the bundle: every lesson file of
// docs/lessons/<scenario-id>/*.md as [id, text] pairs in id order (the id is the path without
// `.md`). The app checks the file against the digest its build computed (web-app/build.rs).
// Runs with plain Node (no packages); trunk sets TRUNK_STAGING_DIR.
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("lessons-json: TRUNK_STAGING_DIR is not set (run me from trunk's post_build hook)");
  process.exit(1);
}
const root = join(fileURLToPath(new URL(".", import.meta.url)), "../docs/lessons");
const lessons = [];
for (const scenario of readdirSync(root)) {
  if (!statSync(join(root, scenario)).isDirectory()) continue;
  for (const file of readdirSync(join(root, scenario))) {
    if (!file.endsWith(".md")) continue;
    lessons.push([`${scenario}/${file.slice(0, -3)}`, readFileSync(join(root, scenario, file), "utf8")]);
  }
}
// Byte order of the ids (they are ASCII), as the build script sorts them.
lessons.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
writeFileSync(join(dir, "lessons.json"), JSON.stringify(lessons));
console.log(`lessons-json: wrote ${lessons.length} lessons`);
