//! Canonical JSON on arbitrary bytes: parse → encode → parse is a fixed point
//! in every number mode, the strict presets accept only what the encoder writes
//! back, the modes nest, and accept/reject and values agree with `serde_json`
//! wherever the two sets of rules coincide.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    mxp_fuzz::canonical_json::check(data);
});
