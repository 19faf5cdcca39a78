//! Shared fixtures for the mxp benchmarks.

// Side-by-side comparison with ruma (benches/ruma_*.rs).
pub mod ruma_alloc;
pub mod ruma_fixtures;
pub mod ruma_pdu;
pub mod ruma_report;
