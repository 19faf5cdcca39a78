//! State resolution on arbitrary small rooms of every version: forks built
//! event by event with real authorization, merged by resolution, then made
//! hostile (cycles, dangling and missing events, injected and rejected
//! events). Never panics; the result does not depend on the order of the
//! state sets, the hash seed or a sufficient budget; every resolved event
//! comes from a state set or their auth chains; unconflicted state is kept;
//! rejected events stay out (P1-46); one state set resolves to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    mxp_fuzz::state_res::check_bytes(data);
});
