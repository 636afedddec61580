//! The engine of Maestro Bench: everything a run is made of, and nothing else.
//!
//! Maestro Bench re-implements the Maestro Orchestrator research bench ("if uncertain, stop;
//! if risky, escalate") for the browser.
//! The top of the crate is the audit model every scenario shares and the interface the faces
//! drive; the scenarios themselves live in [`scenarios`], one file each under a theme:
//!
//! - [`vocab`]: closed vocabularies (decisions, deciders, log levels) and the [`vocab::Family`]
//!   trait through which each scenario brings its own layers and reason codes;
//! - [`arl`]: audit rows whose emit-time invariants are checked on construction;
//! - [`json`]: canonical JSON and the reference's JSON Lines layout, with CPython float repr;
//! - [`chain`]: the HMAC-SHA256 hash chain and its verifier, plus the ARL file reader;
//! - [`rng`]: seeded generators (ChaCha, CPython's Mersenne Twister, the SHA-256 counter);
//! - [`clock`]: the simulated clock that every timestamp, TTL and cooldown reads;
//! - [`runlog`]: the run log every scenario writes (header, chained rows, digest);
//! - [`face`]: the scenario-agnostic run and batch interfaces every face drives;
//! - [`stepwise`]: step-wise runs of a scenario from its rules alone;
//! - [`link`]: share links, a run specification as a URL query and back;
//! - [`scenario`]: what the faces know of a scenario, and the themes of the catalogue;
//! - [`scenarios`]: every scenario, declared once each, and the list that registers them;
//! - [`audit`]: the audit desk: open a log, verify its chain, replay it, compare two logs;
//! - [`lesson`]: lesson files (front matter, English and Japanese texts) and their check.
//!
//! The crate promises what its faces rely on: it does no I/O (it is `#![no_std]`, so it cannot
//! open a file, a socket or a process), reads no wall clock, has no ambient randomness (every
//! draw comes from a generator seeded by the run specification), and never panics on input:
//! bad input becomes a typed error with a message, or a fail-closed decision.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod arl;
pub mod audit;
pub mod chain;
pub mod clock;
#[cfg(any(feature = "batch", feature = "export"))]
pub mod csv;
#[cfg(feature = "export")]
pub mod export;
pub mod face;
pub mod json;
pub mod knob;
pub mod lesson;
pub mod link;
pub mod order;
#[cfg(feature = "report")]
pub mod report;
pub mod rng;
pub mod runlog;
pub mod say;
pub mod scenario;
pub mod scenarios;
pub mod stepwise;
pub mod track;
pub mod vocab;

/// The engine version, written into every log header and share link.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");
