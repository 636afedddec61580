#!/usr/bin/env bash
# trunk post_build hook: finishes the built page in trunk's staging folder, in order (trunk runs
# separate hooks at the same time; these depend on each other):
#   1. lessons.json        the lesson texts, loaded by the desk (scripts/lessons-json.mjs)
#   1b. the wasm and JS    the page's wasm optimised for size, its JS glue minified, their
#                          integrity hashes updated (scripts/shrink.mjs)
#   2. the CSP             the inline scripts' hashes into the page's policy (scripts/csp-hash.mjs)
#   3. pkg/                the maestro-wasm package the batch worker runs (scripts/pkg.sh)
#   4. sw.js               the offline service worker's file list and version (scripts/offline.mjs),
#                          then minified
#   5. maestro-bench.html  the one-file edition: the whole site in one HTML file (scripts/one-file.mjs)
set -euo pipefail
: "${TRUNK_STAGING_DIR:?run me from the post_build hook of trunk}"
node scripts/lessons-json.mjs
node scripts/shrink.mjs
node scripts/csp-hash.mjs
bash scripts/pkg.sh
node scripts/offline.mjs
node scripts/shrink.mjs --file sw.js
node scripts/one-file.mjs
