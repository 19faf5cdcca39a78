//! PDUs of every room version: what parses agrees with the format check and
//! the typed accessors, survives re-encoding with the same event ID, and
//! redacts idempotently to a valid PDU with the same event ID.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    mxp_fuzz::pdu::check(data);
});
