//! Policy gates: small policies that stop a run when it is unclear, leaking or looping.

pub mod confidential_loop_guard;
pub mod definition_gate;
pub mod loop_budget;
