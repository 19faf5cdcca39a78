//! The auth events selection (spec §2 "Auth events selection"): which
//! `(type, state_key)` pairs an event may cite in `auth_events`.

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_events::Event;
use mxp_room_versions::RoomVersionRules;

/// `m.room.create`.
pub const CREATE: &str = "m.room.create";
/// `m.room.power_levels`.
pub const POWER_LEVELS: &str = "m.room.power_levels";
/// `m.room.member`.
pub const MEMBER: &str = "m.room.member";
/// `m.room.join_rules`.
pub const JOIN_RULES: &str = "m.room.join_rules";
/// `m.room.third_party_invite`.
pub const THIRD_PARTY_INVITE: &str = "m.room.third_party_invite";
/// `m.room.aliases`.
pub const ALIASES: &str = "m.room.aliases";
/// `m.room.redaction`.
pub const REDACTION: &str = "m.room.redaction";

/// The most pairs a selection can hold: create, power levels, sender, target,
/// join rules, third party invite, authorising user.
const MAX: usize = 7;

/// The `(type, state_key)` pairs an event needs as auth events, borrowed from
/// the event. At most seven; no allocation. Pairs may repeat (e.g. the sender's
/// and the target's member event when they are the same user).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthTypes<'a> {
    pairs: [(&'static str, &'a str); MAX],
    len: usize,
}

impl<'a> AuthTypes<'a> {
    fn push(&mut self, event_type: &'static str, state_key: &'a str) {
        if let Some(slot) = self.pairs.get_mut(self.len) {
            *slot = (event_type, state_key);
            self.len += 1;
        }
    }

    /// The pairs, in selection order.
    pub fn as_slice(&self) -> &[(&'static str, &'a str)] {
        self.pairs.get(..self.len).unwrap_or_default()
    }

    /// Whether `(event_type, state_key)` is selected.
    pub fn contains(&self, event_type: &str, state_key: &str) -> bool {
        self.as_slice()
            .iter()
            .any(|&(t, k)| t == event_type && k == state_key)
    }

    /// Iterates over the pairs.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &'a str)> + '_ {
        self.as_slice().iter().copied()
    }
}

/// The auth events selection for an event given its parts.
///
/// 1. `m.room.create` (v1–v11 only: in v12 the create event is implied by the
///    room ID and never selected); 2. the power levels; 3. the sender's member
///    event; and for `m.room.member` events: 4.1 the target's member event;
///    4.2 the join rules when `membership` is `join`, `invite` or `knock`;
///    4.3 the third party invite named by `third_party_invite.signed.token` on
///    invites; 4.4 the authorising user's member event on joins with
///    `join_authorised_via_users_server` (v8+). `m.room.create` needs nothing.
///
/// Fields that are malformed simply select nothing.
///
/// ```
/// use mxp_auth::auth_types_for_event;
/// use mxp_room_versions::RoomVersionRules;
///
/// let content = mxp_canonical_json::CanonicalJsonValue::try_from(
///     serde_json::json!({"membership": "join"})).unwrap();
/// let types = auth_types_for_event(
///     &RoomVersionRules::V12, "m.room.member", "@alice:example.org",
///     Some("@alice:example.org"), content.as_object().unwrap());
/// assert_eq!(types.as_slice(), [
///     ("m.room.power_levels", ""),
///     ("m.room.member", "@alice:example.org"),
///     ("m.room.member", "@alice:example.org"),
///     ("m.room.join_rules", ""),
/// ]);
/// ```
pub fn auth_types_for_event<'a>(
    rules: &RoomVersionRules,
    event_type: &str,
    sender: &'a str,
    state_key: Option<&'a str>,
    content: &'a CanonicalJsonObject,
) -> AuthTypes<'a> {
    let mut out = AuthTypes {
        pairs: [("", ""); MAX],
        len: 0,
    };
    if event_type == CREATE {
        return out;
    }
    if rules.authorization.create_in_auth_events {
        out.push(CREATE, "");
    }
    out.push(POWER_LEVELS, "");
    out.push(MEMBER, sender);
    if event_type == MEMBER {
        if let Some(target) = state_key {
            out.push(MEMBER, target);
        }
        let membership = content
            .get("membership")
            .and_then(CanonicalJsonValue::as_str);
        // `knock` selects the join rules in every version, as Synapse does; in
        // versions without knocking the membership is rejected anyway.
        if matches!(membership, Some("join" | "invite" | "knock")) {
            out.push(JOIN_RULES, "");
        }
        if membership == Some("invite")
            && let Some(token) = content.get("third_party_invite").and_then(|t| {
                t.as_object()?
                    .get("signed")?
                    .as_object()?
                    .get("token")?
                    .as_str()
            })
        {
            out.push(THIRD_PARTY_INVITE, token);
        }
        if membership == Some("join")
            && rules.restricted_join
            && let Some(user) = content
                .get("join_authorised_via_users_server")
                .and_then(CanonicalJsonValue::as_str)
        {
            out.push(MEMBER, user);
        }
    }
    out
}

/// [`auth_types_for_event`] for an [`Event`].
pub fn auth_types<'a, E: Event + ?Sized>(rules: &RoomVersionRules, event: &'a E) -> AuthTypes<'a> {
    auth_types_for_event(
        rules,
        event.event_type(),
        event.sender().as_str(),
        event.state_key(),
        event.content(),
    )
}
