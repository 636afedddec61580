#!/usr/bin/env bash
# trunk post_build hook: builds the maestro-wasm package (web-api/) into the site's pkg/, where
# the page's Web Worker (static/worker.js) loads it from, and which is also the engine's
# JavaScript library, ready to publish: the .wasm, its glue for the web (maestro_wasm.js) and for
# Node (node.mjs: the same glue, instantiated from the file beside it), the TypeScript
# declarations, package.json and the package's README (web-api/README.md).
# Built with the `worker` profile (opt-level "s", for the one-file edition's size; see
# Cargo.toml) and wasm-opt -O3: it is loaded when the first batch starts, not on the first visit.
set -euo pipefail
staging=${TRUNK_STAGING_DIR:?run me from trunk\'s post_build hook}
target=${CARGO_TARGET_DIR:-target}
out=$staging/pkg
cargo build -q -p maestro-wasm --profile worker --target wasm32-unknown-unknown
rm -rf "$out"
wasm-bindgen --target web --out-dir "$out" "$target/wasm32-unknown-unknown/worker/maestro_wasm.wasm"
wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue "$out/maestro_wasm_bg.wasm" -o "$out/maestro_wasm_bg.wasm"
cat >"$out/node.mjs" <<'NODE'
// The engine in Node: the web glue, instantiated synchronously from the .wasm beside it.
import { readFileSync } from "node:fs";
import { initSync } from "./maestro_wasm.js";
initSync({ module: readFileSync(new URL("./maestro_wasm_bg.wasm", import.meta.url)) });
export * from "./maestro_wasm.js";
NODE
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
cat >"$out/package.json" <<JSON
{
  "name": "maestro-bench-engine",
  "version": "$version",
  "description": "Maestro Bench's engine (fail-closed gates, human-in-the-loop, hash-chained audit logs) as WebAssembly: run, verify, replay, compare and export from a web page or Node.",
  "license": "Apache-2.0",
  "type": "module",
  "main": "./node.mjs",
  "types": "./maestro_wasm.d.ts",
  "exports": {
    ".": {
      "types": "./maestro_wasm.d.ts",
      "node": "./node.mjs",
      "default": "./maestro_wasm.js"
    }
  },
  "files": ["maestro_wasm.js", "maestro_wasm_bg.wasm", "maestro_wasm.d.ts", "maestro_wasm_bg.wasm.d.ts", "node.mjs", "README.md"],
  "sideEffects": ["./node.mjs"],
  "engines": { "node": ">=18" }
}
JSON
cp web-api/README.md "$out/README.md"
echo "pkg: built maestro-wasm into pkg/ ($(wc -c <"$out/maestro_wasm_bg.wasm") bytes of wasm)"
