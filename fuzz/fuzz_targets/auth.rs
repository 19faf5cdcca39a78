//! Authorization rules, structure-aware: arbitrary events of every room
//! version checked against arbitrary small states. Never panics; the full
//! check is exactly the state-independent part then the state-dependent part;
//! the state-dependent part reads only the state named by the auth event
//! selection; garbage in content no rule reads changes nothing (P1-52).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    mxp_fuzz::auth::check_bytes(data);
});
