//! Every identifier kind, strict and lenient, on arbitrary strings.
//!
//! Asserts, for each kind that accepts the input: `parse(display(x)) == x`
//! byte for byte; the owned, borrowed and serde paths agree; the accessors
//! split the string back into exactly the input; strict grammars accept a
//! subset of the lenient ones; the byte limits hold (P1-06). For rejected
//! inputs, the error's position points at the character it names.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mxp_fuzz::ids::check_all;

fuzz_target!(|data: &[u8]| {
    // Valid UTF-8 as is; anything else through the lossy decoder, so that the
    // fuzzer's byte mutations still reach the parsers.
    let s = String::from_utf8_lossy(data);
    check_all(&s);
});
