// trunk post_build step (scripts/post-build.sh): writes the SHA-256 of every inline <script>
// of the built page into its Content-Security-Policy, in place of the CSP_LOADER_HASH
// placeholder, and fetches the stylesheet with CORS (as trunk does the script and the wasm).
// Runs with plain Node (no packages); trunk sets TRUNK_STAGING_DIR.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("csp-hash: TRUNK_STAGING_DIR is not set (run me from trunk's post_build hook)");
  process.exit(1);
}
const file = join(dir, "index.html");
const html = readFileSync(file, "utf8");
const hashes = [];
for (const m of html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  hashes.push(`'sha256-${createHash("sha256").update(m[1], "utf8").digest("base64")}'`);
}
if (html.split("CSP_LOADER_HASH").length !== 2) {
  console.error("csp-hash: the page must hold the CSP_LOADER_HASH placeholder exactly once");
  process.exit(1);
}
if (hashes.length === 0) {
  console.error("csp-hash: no inline script found; refusing to guess");
  process.exit(1);
}
// The stylesheet is checked by its hash like the script and the wasm, and fetched with CORS like
// them: in a course page's sandboxed frame (an opaque origin) a hash can only be checked on a
// CORS response.
const styled = html.replace(/<link (?![^>]*\bcrossorigin\b)([^>]*\brel="?stylesheet"?[^>]*)>/g, "<link crossorigin $1>");
writeFileSync(file, styled.replace("CSP_LOADER_HASH", hashes.join(" ")));
console.log(`csp-hash: allowed ${hashes.length} inline script(s) by hash`);
