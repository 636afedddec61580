//! Orchestrators of tools and documents: deny-by-default at every outside effect.

pub mod kage3_v1_2_4;
pub mod kage3_v1_3_5;
pub mod orchestrator_mediator;
pub mod tool_proxy;
