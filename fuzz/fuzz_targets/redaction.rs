//! Redaction of arbitrary JSON objects in every room version: the errors are
//! exactly the documented ones, the result matches an independent keep-list
//! oracle, and redaction is idempotent.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    mxp_fuzz::redaction::check(data);
});
