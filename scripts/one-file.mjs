// trunk post_build step (scripts/post-build.sh, last): writes the one-file edition,
// maestro-bench.html: the whole site in one self-contained HTML file that works opened from
// disk (file://, with a run query too), uploaded to a course platform, or mailed.
//
// What it holds, all inline (no other file, no external origin):
//   - the stylesheet, in a <style> allowed by its hash;
//   - the page's wasm, the worker package's wasm and the lessons, gzipped and base64-encoded in
//     data blocks (<script type="application/octet-stream">, never run); the browser inflates
//     them with DecompressionStream (no library);
//   - the page's JavaScript glue and a loader, in one module script allowed by its hash; the
//     loader serves `lessons.json` from its data block (the page's one fetch; anything else is
//     refused: deny by default) and starts the page's Web Worker from a blob: URL built from the
//     worker's text block (a page opened from disk cannot load worker.js);
//   - no service worker (a file has no origin to cache for).
// The policy is the site's, with the file's own allowances: inline code only by hash, workers
// only from blob:, nothing fetched from anywhere.
// Budget: 1.5 MB on disk. Runs with plain Node (no packages); trunk sets TRUNK_STAGING_DIR.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";

const LIMIT = 1_500_000;
const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("one-file: TRUNK_STAGING_DIR is not set (run me from trunk's post_build hook)");
  process.exit(1);
}
const fail = (why) => {
  console.error(`one-file: ${why}`);
  process.exit(1);
};
const one = (re, what) => {
  const found = readdirSync(dir).filter((f) => re.test(f));
  if (found.length !== 1) fail(`expected one ${what}, found ${found.length}`);
  return join(dir, found[0]);
};
const text = (path) => readFileSync(path, "utf8");
const packed = (bytes) => gzipSync(bytes, { level: 9 }).toString("base64");
const sha256 = (s) => `'sha256-${createHash("sha256").update(s, "utf8").digest("base64")}'`;
// Text inside <script> / <style> must not close its element early.
const inert = (s, tag) => {
  if (new RegExp(`</${tag}`, "i").test(s)) fail(`a ${tag} body holds </${tag}`);
  return s;
};

const page = text(join(dir, "index.html"));
const css = text(one(/^style-[0-9a-f]+\.css$/, "stylesheet"));
const glue = text(one(/^maestro-web-[0-9a-f]+\.js$/, "page glue"));
const pageWasm = readFileSync(one(/^maestro-web-[0-9a-f]+_bg\.wasm$/, "page wasm"));
const lessons = readFileSync(join(dir, "lessons.json"));
const pkgGlue = text(join(dir, "pkg", "maestro_wasm.js"));
const workerWasm = readFileSync(join(dir, "pkg", "maestro_wasm_bg.wasm"));
const worker = text(join(dir, "worker.js"));

// The glue's init function: `export{… as default}` (trunk's minified glue names it anew each build).
const init = /export\s*\{[^}]*?\b([\w$]+)\s+as\s+default\b/.exec(glue)?.[1];
if (!init) fail("the page glue exports no default init function");

// The worker: the package's glue, then worker.js without its import, its wasm inflated from
// the text block's own copy (a blob: worker cannot read the page's DOM). A classic script: a
// page opened from disk cannot start a module worker from a blob: (Chromium refuses it), so the
// glue's `export`s become plain declarations.
const classic = (code) => {
  const out = code
    .replace(/^export \{[^}]*\};?\s*$/m, "")
    .replace(/^export (class|function|async function|const|let) /gm, "$1 ")
    .replace(/import\.meta\.url/g, "self.location.href");
  if (/^\s*(import|export)\b/m.test(out)) fail("the package glue has an import or export one-file.mjs does not rewrite");
  return out;
};
const importLine = /^import init, \{([^}]*)\} from "\.\/pkg\/maestro_wasm\.js";$/m;
if (!importLine.test(worker)) fail("worker.js no longer imports ./pkg/maestro_wasm.js as expected");
if (!worker.includes("const ready = init();")) fail("worker.js no longer starts with `const ready = init();`");
const inflate = `const inflate = async (b64) => {
  const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const stream = new Blob([bin]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
};`;
const workerSource = [
  classic(pkgGlue),
  "const init = __wbg_init;",
  inflate,
  `const WASM = "${packed(workerWasm)}";`,
  worker
    .replace(importLine, "")
    .replace("const ready = init();", "const ready = inflate(WASM).then((bytes) => init({ module_or_path: bytes }));"),
].join("\n");
if (!pkgGlue.includes("async function __wbg_init(")) fail("the package glue has no __wbg_init");
// Minified like the page's glue (terser from .tools/node, installed by `x`).
const { minify } = createRequire(new URL("../.tools/node/package.json", import.meta.url))("terser");
const workerCode = (await minify(workerSource, { compress: { passes: 2 }, mangle: true, format: { comments: false } })).code;
if (!workerCode) fail("terser gave nothing for the worker");

const loader = `${glue}
${inflate}
const block = (id) => document.getElementById(id).textContent;
// The page's one fetch, lessons.json, is served from the file; nothing else is fetched.
const lessons = inflate(block("maestro-lessons")).then((b) => new TextDecoder().decode(b));
window.fetch = (input) => {
  const url = String(input instanceof Request ? input.url : input);
  return /(^|\\/)lessons\\.json(\\?|$)/.test(url)
    ? lessons.then((t) => new Response(t, { headers: { "content-type": "application/json" } }))
    : Promise.reject(new TypeError("the one-file edition fetches nothing: " + url));
};
// The page's Web Worker, from the file's own text (a page opened from disk cannot load worker.js).
const PageWorker = window.Worker;
let workerUrl;
window.Worker = class extends PageWorker {
  constructor(url, options) {
    if (/(^|\\/)worker\\.js$/.test(String(url))) {
      workerUrl ??= URL.createObjectURL(new Blob([block("maestro-worker")], { type: "text/javascript" }));
      url = workerUrl;
      options = { ...options, type: "classic" };
    }
    super(url, options);
  }
};
await ${init}({ module_or_path: await inflate(block("maestro-page-wasm")) });
`;

// The site's head, but for what the file replaces: the policy, the stylesheet link, the
// preloads and trunk's loader.
const head = /<head>([\s\S]*?)<\/head>/.exec(page)?.[1] ?? page.split(/<body/)[0];
const keep = [...head.matchAll(/<meta charset[^>]*>|<meta content="width[^>]*>|<meta content=no-referrer[^>]*>|<meta content="Maestro Bench:[^"]*" name=description>|<title>[^<]*<\/title>|<link href="data:image\/svg\+xml[^>]*>/g)].map((m) => m[0]);
if (keep.length < 4) fail(`the page's head changed (kept ${keep.length} tags); update one-file.mjs`);
const policy = [
  "default-src 'none'",
  `script-src 'wasm-unsafe-eval' ${sha256(loader)}`,
  `style-src ${sha256(css)}`,
  "img-src data:",
  "worker-src blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join("; ");
const html = `<!doctype html><html lang=en><head>${keep.join("")}<meta http-equiv=Content-Security-Policy content="${policy}"><style>${inert(css, "style")}</style><script type=application/octet-stream id=maestro-page-wasm>${packed(pageWasm)}</script><script type=application/octet-stream id=maestro-lessons>${packed(lessons)}</script><script type=text/plain id=maestro-worker>${inert(workerCode, "script")}</script><script type=module>${inert(loader, "script")}</script></head><body><noscript>Maestro Bench runs in WebAssembly; please enable JavaScript.</noscript></body></html>\n`;
if (html.length > LIMIT) fail(`maestro-bench.html is ${html.length} bytes, over its budget of ${LIMIT}`);
writeFileSync(join(dir, "maestro-bench.html"), html);
console.log(`one-file: maestro-bench.html ${html.length} bytes (budget ${LIMIT})`);
