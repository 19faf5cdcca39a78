//! What resolution reads of an event's type and content, once, when it is
//! fetched: its kind, membership or join rule, and whether it is a power
//! event (`SR-v2-D1`). The passes then test bytes instead of strings.

use mxp_events::Event;

use super::same_bytes;

/// `m.room.create`.
pub(crate) const CREATE: &str = "m.room.create";
/// `m.room.power_levels`.
pub(crate) const POWER_LEVELS: &str = "m.room.power_levels";
/// `m.room.join_rules`.
pub(crate) const JOIN_RULES: &str = "m.room.join_rules";
/// `m.room.member`.
pub(crate) const MEMBER: &str = "m.room.member";

/// What kind of event a node is, read once when it is fetched, so the
/// passes test a byte instead of comparing type strings.
pub(crate) mod kind {
    /// Not a state event.
    pub(crate) const NON_STATE: u8 = 0;
    /// `m.room.create` with state key `""`.
    pub(crate) const CREATE: u8 = 1;
    /// `m.room.power_levels` with state key `""`.
    pub(crate) const POWER_LEVELS: u8 = 2;
    /// `m.room.join_rules` with state key `""`.
    pub(crate) const JOIN_RULES: u8 = 3;
    /// `m.room.member` (any state key).
    pub(crate) const MEMBER: u8 = 4;
    /// Any other state event.
    pub(crate) const OTHER_STATE: u8 = 5;

    /// The type of the kinds whose key is fixed (that type, state key
    /// `""`): create, power levels and join rules.
    pub(crate) fn fixed_type(kind: u8) -> Option<&'static str> {
        match kind {
            CREATE => Some(super::CREATE),
            POWER_LEVELS => Some(super::POWER_LEVELS),
            JOIN_RULES => Some(super::JOIN_RULES),
            _ => None,
        }
    }
}

/// A member event's `membership`, read once when it is fetched.
pub(crate) mod membership {
    /// Absent, not a string, or not a member event.
    pub(crate) const NONE: u8 = 0;
    /// `join`.
    pub(crate) const JOIN: u8 = 1;
    /// `invite`.
    pub(crate) const INVITE: u8 = 2;
    /// `leave`.
    pub(crate) const LEAVE: u8 = 3;
    /// `ban`.
    pub(crate) const BAN: u8 = 4;
    /// `knock`.
    pub(crate) const KNOCK: u8 = 5;
    /// Any other string (read from the content when needed).
    pub(crate) const CUSTOM: u8 = 6;

    /// The code of a `membership` value (`None`: absent or not a string).
    pub(crate) fn code(value: Option<&str>) -> u8 {
        match value {
            None => NONE,
            Some("join") => JOIN,
            Some("invite") => INVITE,
            Some("leave") => LEAVE,
            Some("ban") => BAN,
            Some("knock") => KNOCK,
            Some(_) => CUSTOM,
        }
    }
}

/// A join rules event's `join_rule` as the auth rules read it, kept in the
/// same byte as a member event's membership.
pub(crate) mod join_rule {
    /// Anything else (a custom or non-string value): read from the content.
    pub(crate) const OTHER: u8 = 0;
    /// `public`.
    pub(crate) const PUBLIC: u8 = 1;
    /// `invite`, or no `join_rule` key (read as `invite`).
    pub(crate) const INVITE: u8 = 2;
    /// `knock`.
    pub(crate) const KNOCK: u8 = 3;
    /// `restricted`.
    pub(crate) const RESTRICTED: u8 = 4;
    /// `knock_restricted`.
    pub(crate) const KNOCK_RESTRICTED: u8 = 5;
    /// `private`.
    pub(crate) const PRIVATE: u8 = 6;
}

/// The facts of an event that the passes read, gathered once when it is
/// fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Facts {
    /// The [`kind`].
    pub(crate) kind: u8,
    /// The [`membership`] of a member event, the [`join_rule`] of a join
    /// rules event, or 1 if a create event federates (0 if not).
    pub(crate) membership: u8,
    /// Whether it is a power event (`SR-v2-D1`).
    pub(crate) power: bool,
    /// Whether a member event's content has `join_authorised_via_users_server`.
    pub(crate) authoriser: bool,
    /// Whether a member event's state key is its sender.
    pub(crate) self_target: bool,
}

impl Facts {
    /// The facts of an event of `kind` that has none of the others (also
    /// those of a node whose event is not known yet).
    pub(crate) const fn plain(kind: u8) -> Self {
        Self {
            kind,
            membership: membership::NONE,
            power: false,
            authoriser: false,
            self_target: false,
        }
    }
}

/// Reads the [`Facts`] of an event.
pub(crate) fn classify<E: Event>(event: &E) -> Facts {
    let plain = Facts::plain;
    let Some(state_key) = event.state_key() else {
        return plain(kind::NON_STATE);
    };
    let empty = state_key.is_empty();
    // Member events first (the most common), compared a word at a time.
    let t = event.event_type();
    let k = if same_bytes(t, MEMBER) {
        kind::MEMBER
    } else if !empty {
        kind::OTHER_STATE
    } else if same_bytes(t, CREATE) {
        kind::CREATE
    } else if same_bytes(t, POWER_LEVELS) {
        kind::POWER_LEVELS
    } else if same_bytes(t, JOIN_RULES) {
        kind::JOIN_RULES
    } else {
        kind::OTHER_STATE
    };
    match k {
        kind::CREATE => {
            // The auth rules' `federate` test, read once (`false` only for the
            // JSON literal `false`).
            let federates = !matches!(
                event.content().get("m.federate"),
                Some(mxp_canonical_json::CanonicalJsonValue::Bool(false))
            );
            Facts {
                membership: u8::from(federates),
                power: true,
                ..plain(kind::CREATE)
            }
        }
        kind::POWER_LEVELS => Facts {
            power: true,
            ..plain(kind::POWER_LEVELS)
        },
        kind::JOIN_RULES => {
            let rule = match event.content().get("join_rule").map(|r| r.as_str()) {
                None => join_rule::INVITE,
                Some(Some("public")) => join_rule::PUBLIC,
                Some(Some("invite")) => join_rule::INVITE,
                Some(Some("knock")) => join_rule::KNOCK,
                Some(Some("restricted")) => join_rule::RESTRICTED,
                Some(Some("knock_restricted")) => join_rule::KNOCK_RESTRICTED,
                Some(Some("private")) => join_rule::PRIVATE,
                Some(_) => join_rule::OTHER,
            };
            Facts {
                membership: rule,
                power: true,
                ..plain(kind::JOIN_RULES)
            }
        }
        kind::MEMBER => {
            // One pass over the content (keys sorted, usually a handful):
            // `membership`, and whether `join_authorised_via_users_server` is
            // there (rule `member.authoriser_signature` reads it in v8+).
            let mut m = membership::NONE;
            let mut authoriser = false;
            for (key, value) in event.content() {
                match key.as_str() {
                    "join_authorised_via_users_server" => authoriser = true,
                    "membership" => {
                        m = membership::code(value.as_str());
                        // Keys are sorted: none the rules need comes later.
                        break;
                    }
                    _ => {}
                }
            }
            // Compared here, while the state key is at hand: the rule
            // `member` asks again (`checked_self_targeted`).
            let self_target = same_bytes(event.sender().as_str(), state_key);
            Facts {
                membership: m,
                // SR-v2-D1: a kick or ban, i.e. sent by someone else.
                power: matches!(m, membership::LEAVE | membership::BAN) && !self_target,
                authoriser,
                self_target,
                kind: kind::MEMBER,
            }
        }
        _ => plain(kind::OTHER_STATE),
    }
}

/// The room whose create event is an implicit auth event of `event`
/// (`SR-v21-N1`: from room version 12 the room ID names the create event,
/// which every other event then cites), if any. Whether that room ID names
/// a create event at all is for the caller to ask (`create_event_id`).
pub(crate) fn implied_create_room<'e, E: Event>(
    rules: &mxp_room_versions::RoomVersionRules,
    event: &'e E,
) -> Option<&'e mxp_ids::RoomId> {
    if rules.authorization.room_id_is_create_event && event.event_type() != CREATE {
        event.room_id()
    } else {
        None
    }
}
