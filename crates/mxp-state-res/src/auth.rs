//! The seam to `mxp-auth`.

use mxp_events::Event;
use mxp_room_versions::RoomVersionRules;

use crate::iterative::Authorize;

/// The authorization rules of `mxp-auth`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MxpAuth;

impl Authorize for MxpAuth {
    fn authorize<'e, E: Event>(
        &self,
        _rules: &RoomVersionRules,
        _event: &'e E,
        _state: &dyn Fn(&str, &str) -> Option<&'e E>,
    ) -> bool {
        // Wired to mxp_auth once it is published.
        true
    }
}
