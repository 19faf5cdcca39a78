//! `X-Matrix` Authorization headers: what parses writes back to the same
//! header, authenticates a request only with the signature the key made, and
//! a signed request stops verifying when its method, URI, body, origin or
//! destination changes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    mxp_fuzz::xmatrix::check(data);
});
