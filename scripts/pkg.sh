#!/usr/bin/env bash
# trunk post_build hook: builds the maestro-wasm package (web-api/) into the site's pkg/, where
# the page's Web Worker (static/worker.js) loads it from. Optimised for speed (the `worker`
# profile, wasm-opt -O3): it is loaded when the first batch starts, not on the first visit.
set -euo pipefail
staging=${TRUNK_STAGING_DIR:?run me from trunk\'s post_build hook}
target=${CARGO_TARGET_DIR:-target}
out=$staging/pkg
cargo build -q -p maestro-wasm --profile worker --target wasm32-unknown-unknown
rm -rf "$out"
wasm-bindgen --target web --out-dir "$out" "$target/wasm32-unknown-unknown/worker/maestro_wasm.wasm"
wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue "$out/maestro_wasm_bg.wasm" -o "$out/maestro_wasm_bg.wasm"
echo "pkg: built maestro-wasm into pkg/ ($(wc -c <"$out/maestro_wasm_bg.wasm") bytes of wasm)"
