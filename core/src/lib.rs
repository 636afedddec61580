//! The engine of Maestro Bench: everything a run is made of, and nothing else.
//!
//! Maestro Bench re-implements the Maestro Orchestrator research bench ("if uncertain, stop;
//! if risky, escalate") for the browser.
//! This crate holds the audit model every scenario shares:
//!
//! - [`vocab`]: closed vocabularies (decisions, deciders, log levels) and the [`vocab::Family`]
//!   trait through which each scenario family brings its own layers and reason codes;
//! - [`emergency`]: the emergency-contract family's 18 layers and 39 reason codes;
//! - [`emergency_v1`]: emergency contract v1, the minimal interactive flow;
//! - [`emergency_v41`]: emergency contract v4.1, the legacy stable bench with its RFL branch;
//! - [`emergency_v501`]: emergency contract v5.0.1, the earlier v5 line, as a session;
//! - [`definition`]: the definition HITL gate (IN / GRAY / OUT, red flags never overridden);
//! - [`loopguard`]: the confidential loop-guard (revision budget, no leaked content in the log);
//! - [`loopbudget`]: the stage-3 loop-budget policy (pauses counted per conflict, a plan at
//!   the 3rd, a sealed terminal stop at the 4th);
//! - [`toolproxy`]: the diverse PII guard and deny-by-default tool proxy (precheck, signed
//!   instruction, accept-check, capability and proxy);
//! - [`mediator`]: the orchestrator with mediator v1.0 (advisory mediator, every gate logged,
//!   only ethics seals, nothing personal written);
//! - [`stepwise`]: step-wise runs of the smaller benches, from their rules alone;
//! - [`thematic`]: the negotiation bench and the thematic multi-agent simulators (alliance,
//!   hierarchy, reeducation, all-in-one and governance mediation, PACD, HITL reset / ban),
//!   with per-agent state for charts;
//! - [`kage3`]: the document orchestrator KAGE3 v1.2.4 (three tasks, strict contracts, a PII
//!   preflight, HITL firepoints);
//! - [`kage3v135`]: KAGE3 v1.3.5 (memory-first) and its benchmark suite, scorecard and profiles;
//! - [`kage_emergency`]: the KAGE emergency orchestrator (every gate can trigger; deny by
//!   default on real-world control);
//! - [`codebook`]: the reference log codebook as data, with the 20-bit row pack;
//! - [`arl`]: audit rows whose emit-time invariants are checked on construction;
//! - [`json`]: canonical JSON and the reference's JSON Lines layout, with CPython float repr;
//! - [`chain`]: the HMAC-SHA256 hash chain and its verifier, plus the ARL file reader;
//! - [`rng`]: seeded generators (ChaCha, and a CPython-compatible Mersenne Twister);
//! - [`clock`]: the simulated clock that every timestamp, TTL and cooldown reads;
//! - [`face`]: the scenario-agnostic run and batch interfaces every face drives;
//! - [`link`]: share links, a run specification as a URL query and back;
//! - [`scenario`]: the registry of scenarios the faces list;
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
pub mod face;
pub mod json;
pub mod lesson;
pub mod link;
pub mod rng;
pub mod runlog;
pub mod scenario;
pub mod scenarios;
pub mod stepwise;
pub mod vocab;

/// The engine version, written into every log header and share link.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");
