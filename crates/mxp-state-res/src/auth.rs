//! The seam to `mxp-auth`: the state-dependent authorization rules (`SR-N4`:
//! the structural rules were settled on receipt), read through the state
//! lookup the iterative auth checks build (`SR-N5`).

use mxp_auth::StateLookup;
use mxp_room_versions::RoomVersionRules;

use crate::iterative::Authorize;

/// The authorization rules of `mxp-auth`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MxpAuth;

impl Authorize for MxpAuth {
    fn authorize<L: StateLookup + ?Sized>(
        &self,
        rules: &RoomVersionRules,
        event: &L::Event,
        state: &L,
    ) -> bool {
        // Resolution needs the verdict only: no reason is formatted.
        mxp_auth::AuthCheck::new(rules)
            .without_reasons()
            .check_state_dependent(event, state)
            .is_ok()
    }
}
