//! PDUs of every room version: what parses agrees with the format check and
//! the typed accessors, survives re-encoding with the same event ID, and
//! redacts idempotently to a valid PDU with the same event ID. Signed, it
//! verifies (and its redacted copy too), tampering with a covered part never
//! verifies, and `verify_pdu` accepts it only in its own room, for its own
//! membership and origin, and with the keys (P1-20, P1-21).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    mxp_fuzz::pdu::check(data);
});
