// trunk post_build step (scripts/post-build.sh, last): writes into the built sw.js the list of
// the site's files and a version derived from their contents, so a new build is a new service
// worker with a new cache, and the old cache is deleted when it takes over (no mix of builds).
// Runs with plain Node (no packages); trunk sets TRUNK_STAGING_DIR.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("offline: TRUNK_STAGING_DIR is not set (run me from trunk's post_build hook)");
  process.exit(1);
}
const files = [];
(function walk(d) {
  for (const name of readdirSync(d).sort()) {
    const path = join(d, name);
    if (statSync(path).isDirectory()) walk(path);
    else files.push(relative(dir, path).split("\\").join("/"));
  }
})(dir);
// Everything the site may load, but not the worker itself, nor what only the package's users
// read (its type declarations, package.json, README and Node entry).
const packageOnly = /^pkg\/(package\.json|README\.md|node\.mjs)$/;
const cached = files.filter((f) => f !== "sw.js" && !f.endsWith(".d.ts") && !packageOnly.test(f));
const hash = createHash("sha256");
for (const f of cached) hash.update(f).update("\0").update(readFileSync(join(dir, f)));
const version = hash.digest("hex").slice(0, 16);
const sw = join(dir, "sw.js");
const text = readFileSync(sw, "utf8");
if (!text.includes('"__VERSION__"') || !text.includes("__FILES__")) {
  console.error("offline: sw.js must hold the __VERSION__ and __FILES__ placeholders");
  process.exit(1);
}
const list = ["./", ...cached.map((f) => `./${f}`)];
writeFileSync(sw, text.replace('"__VERSION__"', JSON.stringify(version)).replace("__FILES__", JSON.stringify(list)));
console.log(`offline: sw.js caches ${list.length} files as version ${version}`);
