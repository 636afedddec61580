//! Embeds the lesson files of `docs/lessons/` (every `*.md` but the README, in name order), so
//! a lesson is added by adding a file: lessons are data the app reads, not code.
//! Only the lessons of the scenario families this build lists are embedded (a family group's
//! pages carry only their own lessons); `GROUPS` maps scenario ids to the feature of their
//! group, and `core/tests/lessons.rs` checks it against the core's catalog.

use std::fmt::Write as _;
use std::path::Path;

/// Scenario id → the cargo feature of its family group.
const GROUPS: &[(&str, &str)] = &[
    ("emergency-contract", "emergency"),
    ("definition-gate", "policies"),
    ("confidential-loop-guard", "policies"),
    ("loop-budget", "policies"),
    ("tool-proxy", "orchestrators"),
    ("orchestrator-mediator", "mediation"),
    ("kage3-v1.2.4", "documents"),
    ("kage3-v1.3.5", "documents"),
    ("kage-emergency", "variants"),
    ("emergency-v1", "variants"),
    ("emergency-v4.1", "legacy"),
    ("emergency-v5.0.1", "legacy"),
    ("negotiation-steering", "negotiation"),
    ("alliance-persuasion", "societies"),
    ("hierarchy-dynamics", "societies"),
    ("reeducation-dynamics", "societies"),
    ("all-in-one-mediation", "societies"),
    ("governance-mediation", "negotiation"),
    ("pacd", "negotiation"),
    ("hitl-reset-ban", "negotiation"),
];

/// The scenario a lesson's link opens (`s=` of its `link:` line).
fn scenario_of(text: &str) -> Option<&str> {
    let link = text.lines().find_map(|l| l.strip_prefix("link:"))?;
    link.split(['?', '&']).find_map(|field| field.trim().strip_prefix("s="))
}

fn listed(scenario: &str) -> bool {
    GROUPS.iter().any(|(id, feature)| {
        *id == scenario
            && std::env::var_os(format!("CARGO_FEATURE_{}", feature.to_ascii_uppercase())).is_some()
    })
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/lessons");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("README.md"));
    files.sort();
    let mut out = String::from(
        "/// The lesson files: (id, text), in name order.\npub const LESSON_FILES: &[(&str, &str)] = &[\n",
    );
    for p in &files {
        println!("cargo:rerun-if-changed={}", p.display());
        let text = std::fs::read_to_string(p).unwrap_or_default();
        // A lesson of an unknown scenario is embedded, so the page shows the reader's message.
        if scenario_of(&text).is_some_and(|s| GROUPS.iter().any(|(id, _)| *id == s) && !listed(s)) {
            continue;
        }
        let id = p.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let _ = writeln!(out, "    ({id:?}, include_str!({:?})),", p.display().to_string());
    }
    out.push_str("];\n");
    let target = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("lessons.rs");
    if let Err(e) = std::fs::write(&target, out) {
        println!("cargo:warning=cannot write {}: {e}", target.display());
    }
}
