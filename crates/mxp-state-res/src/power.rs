//! Power events (`SR-v2-D1`) and the sender power level used to order them
//! (`SR-N1`, `SR-v21-4`).

use std::hash::BuildHasher;

use mxp_canonical_json::CanonicalJsonValue;
use mxp_events::Event;
use mxp_room_versions::{Creators, PowerLevelValues};

use crate::graph::{CREATE, Graph, Ix, JOIN_RULES, MEMBER, POWER_LEVELS};
use crate::{EventSource, ResolveError};

/// A sender's power level for ordering. Creators of a v12 room are infinitely
/// powerful and compare equal to each other (`SR-v21-4`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Power {
    /// An integer level.
    Level(i64),
    /// A v12 creator: above every integer.
    Infinite,
}

/// Whether the event is a power event (`SR-v2-D1`): power levels, join rules,
/// or a kick/ban (a `leave`/`ban` membership sent by someone else).
/// The create event counts too, and the first three only with state key `""`,
/// as in Synapse and Ruma (the digest's note on `SR-v2-D1`; it only matters
/// for malformed state).
pub(crate) fn is_power_event<E: Event>(event: &E) -> bool {
    let Some(state_key) = event.state_key() else {
        return false;
    };
    match event.event_type() {
        POWER_LEVELS | JOIN_RULES | CREATE => state_key.is_empty(),
        MEMBER => {
            matches!(membership(event), Some("leave" | "ban"))
                && event.sender().as_str() != state_key
        }
        _ => false,
    }
}

/// `content.membership`, if a string.
pub(crate) fn membership<E: Event>(event: &E) -> Option<&str> {
    event.content().get("membership")?.as_str()
}

/// Whether `user` is a creator per the create event and the version's creator
/// definition (`room-versions.md` §2, "Room creator(s)").
pub(crate) fn is_creator<E: Event>(creators: Creators, create: &E, user: &str) -> bool {
    match creators {
        Creators::ContentCreator => {
            create.content().get("creator").and_then(|v| v.as_str()) == Some(user)
        }
        Creators::Sender => create.sender().as_str() == user,
        _ => {
            create.sender().as_str() == user
                || create
                    .content()
                    .get("additional_creators")
                    .and_then(|v| v.as_array())
                    .is_some_and(|a| a.iter().any(|c| c.as_str() == Some(user)))
        }
    }
}

/// The power level of the sender of `ix`, read from its own auth events
/// (`SR-N1`): the `users` entry or `users_default` of its power-levels auth
/// event, else 100 for a creator and 0 for anyone else; v12 creators are
/// infinite whatever the power levels say (`SR-v21-4`).
pub(crate) fn sender_power<S, H>(graph: &mut Graph<'_, S, H>, ix: Ix) -> Result<Power, ResolveError>
where
    S: EventSource,
    H: BuildHasher,
{
    let event = graph.load(ix)?;
    let sender = event.sender().as_str();
    let auth = graph.rules.authorization;
    let create = graph.auth_event_of_type(ix, CREATE, "")?;
    let creator = match create.and_then(|c| graph.event(c)) {
        Some(c) => is_creator(auth.creators, c, sender),
        None => false,
    };
    if auth.creators_have_infinite_power && creator {
        return Ok(Power::Infinite);
    }
    let Some(pl) = graph.auth_event_of_type(ix, POWER_LEVELS, "")? else {
        return Ok(Power::Level(
            if creator && !auth.creators_have_infinite_power {
                100
            } else {
                0
            },
        ));
    };
    let Some(pl) = graph.event(pl) else {
        return Ok(Power::Level(0));
    };
    let content = pl.content();
    let values = auth.power_level_values;
    let user_level = content
        .get("users")
        .and_then(|u| u.as_object())
        .and_then(|u| u.get(sender))
        .and_then(|v| level_value(v, values));
    let level = user_level
        .or_else(|| {
            content
                .get("users_default")
                .and_then(|v| level_value(v, values))
        })
        .unwrap_or(0);
    Ok(Power::Level(level))
}

/// A power level value per the version's value rules.
fn level_value(v: &CanonicalJsonValue, values: PowerLevelValues) -> Option<i64> {
    match (v, values) {
        (CanonicalJsonValue::Integer(i), _) => Some(*i),
        (CanonicalJsonValue::String(s), PowerLevelValues::IntegersStrings)
        | (CanonicalJsonValue::String(s), PowerLevelValues::IntegersStringsFloats) => {
            parse_int_string(s)
        }
        (CanonicalJsonValue::LegacyNumber(s), PowerLevelValues::IntegersStringsFloats) => {
            let f: f64 = s.parse().ok()?;
            (f.is_finite() && f.abs() < 9.2e18).then_some(f.trunc() as i64)
        }
        _ => None,
    }
}

/// `room-versions.md` §2 string form: optional whitespace, one optional sign,
/// digits.
fn parse_int_string(s: &str) -> Option<i64> {
    let t = s.trim();
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, t.get(1..)?),
        Some(b'+') => (false, t.get(1..)?),
        _ => (false, t),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut n: i64 = 0;
    for b in digits.bytes() {
        n = n.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
    }
    Some(if neg { -n } else { n })
}
