//! The checks behind the fuzz targets, as plain functions.
//!
//! Each `fuzz_targets/<name>.rs` is a thin `fuzz_target!` wrapper around one
//! function here, so the same checks replay the checked-in corpora on the
//! stable toolchain (`cargo test` in this directory, `tests/corpus.rs`) and can
//! be called from a debugger on a crash artifact.
//!
//! Every check asserts properties that could fail, not only "no panic".

pub mod auth;
pub mod canonical_json;
pub mod event_signing;
pub mod ids;
pub mod pdu;
pub mod redaction;
pub mod room_gen;
pub mod signatures;
pub mod state_res;
pub mod xmatrix;
