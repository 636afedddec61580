// trunk post_build step (scripts/post-build.sh): shrinks the first load (500 KB gzipped at most).
//   - The page's wasm: wasm-opt with a pass order trunk cannot give (trunk runs `-Oz` first;
//     flattening and re-looping the IR before the size passes saves 1.4 KB gzipped):
//     `--flatten --rereloop -Oz -Oz --converge --low-memory-unused` (the last: Rust's wasm32
//     stack sits below its data and is 1 MiB deep, so the first 1 KiB of memory is never used),
//     then `--reorder-functions-by-name --reorder-locals`: the same code laid out with each
//     generic's copies side by side (their names sort together), which gzip's window finds:
//     9.4 KB less gzipped for the same bytes (1,166,193 vs 1,166,203), nothing else changed.
//     Not `--ignore-implicit-traps` (it saves 0.2 KB but lets the optimiser move a load above
//     the check that guards it: the page then traps with "memory access out of bounds" at the
//     emergency contract's authorisation, which the budget run caught), nor `-tnh`.
//     trunk's own wasm-opt is off (`data-wasm-opt="0"` in static/index.html).
//   - The page's JavaScript glue: trunk leaves wasm-bindgen's glue as written (52 KB, 8.9 KB
//     gzipped); terser makes it 23 KB (6.9 KB gzipped).
// Both files' new hashes go into the page's `integrity` attributes, so the preloads still
// check them. With `--file F`: minifies one more file in place (the service worker, after its
// list is written). terser and wasm-opt come from .tools/node (installed by `x`).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const tools = createRequire(new URL("../.tools/node/package.json", import.meta.url));
let minify;
try {
  ({ minify } = tools("terser"));
} catch {
  console.error("shrink: terser is not installed in .tools/node (run ./x setup)");
  process.exit(1);
}

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("shrink: TRUNK_STAGING_DIR is not set (run me from trunk's post_build hook)");
  process.exit(1);
}

async function shrink(file, module) {
  const code = readFileSync(file, "utf8");
  const out = await minify(code, { module, compress: { passes: 2 }, mangle: true, format: { comments: false } });
  if (!out.code) throw new Error(`terser gave nothing for ${file}`);
  writeFileSync(file, out.code);
  return { before: code.length, after: out.code.length, code: out.code };
}

/** Writes `bytes`' SHA-384 into the page's `integrity` attribute of the link to `name`. */
function integrity(html, name, bytes) {
  const sri = `sha384-${createHash("sha384").update(bytes).digest("base64")}`;
  const escaped = name.replace(/\./g, "\\.");
  const tag = new RegExp(`(<link\\b[^>]*\\bhref="?\\./${escaped}"?[^>]*\\bintegrity="?)sha384-[A-Za-z0-9+/=]+`);
  const alt = new RegExp(`(<link\\b[^>]*\\bintegrity="?)sha384-[A-Za-z0-9+/=]+("?[^>]*\\bhref="?\\./${escaped})`);
  let fixed = html.replace(tag, `$1${sri}`);
  if (fixed === html) fixed = html.replace(alt, `$1${sri}$2`);
  if (fixed === html) {
    console.error(`shrink: no integrity attribute for ${name} in index.html`);
    process.exit(1);
  }
  return fixed;
}

const WASM_OPT = ["--flatten", "--rereloop", "-Oz", "-Oz", "--converge", "--low-memory-unused",
  "--reorder-functions-by-name", "--reorder-locals",
  "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
  "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue"];

const extra = process.argv.indexOf("--file");
if (extra > 0) {
  const file = join(dir, process.argv[extra + 1]);
  const { before, after } = await shrink(file, false);
  console.log(`shrink: ${process.argv[extra + 1]} ${before} -> ${after} bytes`);
} else {
  const page = join(dir, "index.html");
  let html = readFileSync(page, "utf8");
  const one = (re, what) => {
    const found = readdirSync(dir).filter((f) => re.test(f));
    if (found.length !== 1) {
      console.error(`shrink: expected one ${what} in ${dir}, found ${found.length}`);
      process.exit(1);
    }
    return found[0];
  };
  const wasm = one(/^maestro-web-[0-9a-f]+_bg\.wasm$/, "maestro-web-<hash>_bg.wasm");
  const wasmFile = join(dir, wasm);
  const before = readFileSync(wasmFile).length;
  const local = fileURLToPath(new URL("../.tools/node/node_modules/.bin/wasm-opt", import.meta.url));
  execFileSync(existsSync(local) ? local : "wasm-opt", [wasmFile, "-o", wasmFile, ...WASM_OPT], { stdio: "inherit" });
  const shrunk = readFileSync(wasmFile);
  html = integrity(html, wasm, shrunk);
  console.log(`shrink: ${wasm} ${before} -> ${shrunk.length} bytes`);
  const glue = one(/^maestro-web-[0-9a-f]+\.js$/, "maestro-web-<hash>.js");
  const js = await shrink(join(dir, glue), true);
  html = integrity(html, glue, Buffer.from(js.code, "utf8"));
  console.log(`shrink: ${glue} ${js.before} -> ${js.after} bytes`);
  writeFileSync(page, html);
}
