//! The seam to `mxp-auth`: the state-dependent authorization rules (`SR-N4`:
//! the structural rules were settled on receipt), read through the state
//! lookup the iterative auth checks build (`SR-N5`).

use mxp_auth::StateLookup;
use mxp_events::Event;
use mxp_room_versions::RoomVersionRules;

use crate::iterative::Authorize;

/// The authorization rules of `mxp-auth`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MxpAuth;

/// Adapts the lookup closure to `mxp_auth::StateLookup`.
struct Lookup<'f, 'e, E>(&'f dyn Fn(&str, &str) -> Option<&'e E>);

impl<E: Event> StateLookup for Lookup<'_, '_, E> {
    type Event = E;
    fn state_event(&self, event_type: &str, state_key: &str) -> Option<&E> {
        (self.0)(event_type, state_key)
    }
}

impl Authorize for MxpAuth {
    fn authorize<'e, E: Event>(
        &self,
        rules: &RoomVersionRules,
        event: &'e E,
        state: &dyn Fn(&str, &str) -> Option<&'e E>,
    ) -> bool {
        mxp_auth::check_state_dependent(rules, event, &Lookup(state)).is_ok()
    }
}
