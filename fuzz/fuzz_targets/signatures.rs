//! Signed JSON: an arbitrary object verifies only with a signature the spec
//! vectors made over exactly its bytes; a freshly signed object, tampered in
//! any covered part, in its signature, entity or key ID, never verifies; and
//! changes the signature does not cover (`unsigned`, unknown keys) keep it
//! valid.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    mxp_fuzz::signatures::check(data);
});
