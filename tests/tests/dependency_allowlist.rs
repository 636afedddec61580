//! Deny-by-default holds by construction: the core's dependency tree is an explicit allowlist.
//!
//! The core is `#![no_std]`, so the compiler already refuses any file, socket or process call
//! in its own code; this test keeps its dependencies honest too: every crate reachable from
//! `maestro-core` through normal and build edges, on wasm32 and on the host, must be listed
//! below, and none may be a randomness, browser or I/O crate.
#![allow(clippy::unreachable, reason = "tests: an arm that cannot be reached is a failed test")]
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::indexing_slicing, reason = "test helpers: a panic is a failed test")]

use std::collections::{BTreeSet, HashMap};
use std::process::Command;

use serde_json::Value;

/// Crates the core may depend on, directly or not, with why.
const ALLOWED: &[&str] = &[
    "maestro-core",
    // JSON and serde.
    "serde",
    "serde_core",
    "serde_derive",
    "serde_json",
    "itoa",
    "memchr",
    "zmij",
    "ryu",
    // serde_json's order-preserving maps.
    "indexmap",
    "hashbrown",
    "equivalent",
    "foldhash",
    "allocator-api2",
    // proc-macro toolchain of serde_derive (compile time only).
    "proc-macro2",
    "quote",
    "syn",
    "unicode-ident",
    // RustCrypto HMAC-SHA256.
    "hmac",
    "sha2",
    "digest",
    "block-buffer",
    "crypto-common",
    "generic-array",
    "typenum",
    "version_check",
    "subtle",
    "cpufeatures",
    "cfg-if",
    "libc",
    // Seeded generators.
    "rand_core",
    "rand_chacha",
    "rand_mt",
    "ppv-lite86",
    "zerocopy",
    "zerocopy-derive",
    // Pure maths in no_std (square roots): no I/O, no dependencies of its own.
    "libm",
    // Build time only: core/build.rs generates the NFKC table with it.
    "unicode-normalization",
    "tinyvec",
    "tinyvec_macros",
];

/// Crates that must never appear: ambient randomness, the browser, the network, the OS.
const FORBIDDEN: &[&str] = &[
    "getrandom",
    "rand",
    "web-sys",
    "js-sys",
    "wasm-bindgen",
    "std-io",
    "tokio",
    "mio",
    "socket2",
    "reqwest",
    "hyper",
    "ureq",
    "libloading",
    "chrono",
    "time",
];

fn core_tree(target: Option<&str>) -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml");
    let mut cmd = Command::new(cargo);
    cmd.args(["metadata", "--format-version", "1", "--manifest-path", manifest]);
    if let Some(t) = target {
        cmd.args(["--filter-platform", t]);
    }
    let out = cmd.output();
    let out = out.unwrap_or_else(|e| unreachable!("cannot run cargo metadata: {e}"));
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: Value = serde_json::from_slice(&out.stdout).unwrap_or_default();

    let names: HashMap<&str, &str> = meta["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| Some((p["id"].as_str()?, p["name"].as_str()?)))
        .collect();
    let nodes: HashMap<&str, &Value> = meta["resolve"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| Some((n["id"].as_str()?, n)))
        .collect();
    let root = names
        .iter()
        .find(|(_, name)| **name == "maestro-core")
        .map(|(id, _)| *id)
        .unwrap_or_default();
    assert!(!root.is_empty(), "maestro-core not found in cargo metadata");

    let mut seen = BTreeSet::new();
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let deps = nodes.get(id).map(|n| &n["deps"]);
        for dep in deps.and_then(Value::as_array).into_iter().flatten() {
            let normal_or_build = dep["dep_kinds"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|k| k["kind"].is_null() || k["kind"] == "build");
            if let (true, Some(pkg)) = (normal_or_build, dep["pkg"].as_str()) {
                stack.push(pkg);
            }
        }
    }
    seen.iter().filter_map(|id| names.get(id).map(|n| n.to_string())).collect()
}

fn check(target: Option<&str>) {
    let tree = core_tree(target);
    assert!(tree.contains("hmac") && tree.contains("rand_chacha"), "tree looks wrong: {tree:?}");
    for name in &tree {
        assert!(
            !FORBIDDEN.contains(&name.as_str()),
            "forbidden crate `{name}` in the core's tree ({target:?})"
        );
        assert!(
            ALLOWED.contains(&name.as_str()),
            "crate `{name}` is not on the core's allowlist ({target:?})"
        );
    }
}

#[test]
fn the_core_tree_for_wasm32_is_on_the_allowlist() {
    check(Some("wasm32-unknown-unknown"));
}

#[test]
fn the_core_tree_for_the_host_is_on_the_allowlist() {
    check(None);
}

#[test]
fn the_core_is_no_std_and_forbids_unsafe() {
    let lib = include_str!("../../core/src/lib.rs");
    assert!(lib.contains("#![no_std]"));
    assert!(lib.contains("#![forbid(unsafe_code)]"));
}
