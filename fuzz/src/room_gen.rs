//! Structure-aware generation of small rooms (`arbitrary`): events whose
//! senders, targets, memberships, join rules and power levels come from small
//! pools, so that the fuzzer reaches deep into the authorization rules, plus
//! values at the extremes and garbage where the rules do not look.

use arbitrary::Arbitrary;
use mxp_canonical_json::{
    CanonicalJsonObject, CanonicalJsonValue, MAX_SAFE_INTEGER, MIN_SAFE_INTEGER,
};
use mxp_ids::{OwnedEventId, OwnedRoomId, OwnedUserId};
use mxp_room_versions::{EventFormat, RoomVersionRules};
use mxp_testkit::TestEvent;

/// The users: ordinary ones on three servers, a historical localpart, an
/// empty localpart (P1-01) and a server name with a port.
pub const USERS: [&str; 7] = [
    "@alice:a.example",
    "@bob:b.example",
    "@carol:a.example",
    "@dave:c.example",
    "@\u{c9}mile:b.example",
    "@:c.example",
    "@eve:a.example:8448",
];

const MEMBERSHIPS: [&str; 6] = ["join", "invite", "leave", "ban", "knock", "xyz.custom"];
const JOIN_RULES: [&str; 7] = [
    "public",
    "invite",
    "knock",
    "restricted",
    "knock_restricted",
    "private",
    "xyz.custom",
];
const PL_FIELDS: [&str; 8] = [
    "ban",
    "kick",
    "redact",
    "invite",
    "events_default",
    "state_default",
    "users_default",
    "historical",
];
const EVENT_TYPES: [&str; 8] = [
    "m.room.name",
    "m.room.power_levels",
    "m.room.member",
    "m.room.join_rules",
    "m.room.create",
    "m.room.message",
    "m.room.redaction",
    "m.room.tombstone",
];
/// Strings that look like numbers, for the v1-v9 string power levels (P1-36).
const LEVEL_STRINGS: [&str; 10] = [
    "50",
    " 50",
    "+50",
    "050",
    "5e1",
    "1.5",
    "",
    "-0",
    "abc",
    "9007199254740992",
];
/// Numbers canonical JSON cannot express, kept verbatim in v1-v5 (`CJ-6`).
const LEGACY_NUMBERS: [&str; 5] = ["1.5", "1e2", "9007199254740993", "-0.0", "1E400"];

/// A power level value: mostly integers, sometimes the extremes (P1-44) or
/// what older versions let through.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Level {
    /// A small integer.
    Int(i8),
    /// 100.
    Hundred,
    /// ±(2^53 − 1).
    Extreme(bool),
    /// A string (valid or not as a number).
    Str(u8),
    /// A non-canonical number.
    Legacy(u8),
    /// `null`, `true`, `{}`.
    Odd(u8),
}

impl Level {
    /// The JSON value.
    pub fn value(self) -> CanonicalJsonValue {
        match self {
            Level::Int(i) => CanonicalJsonValue::Integer(i64::from(i)),
            Level::Hundred => CanonicalJsonValue::Integer(100),
            Level::Extreme(true) => CanonicalJsonValue::Integer(MAX_SAFE_INTEGER),
            Level::Extreme(false) => CanonicalJsonValue::Integer(MIN_SAFE_INTEGER),
            Level::Str(i) => pick(&LEVEL_STRINGS, i).into(),
            Level::Legacy(i) => CanonicalJsonValue::LegacyNumber(pick(&LEGACY_NUMBERS, i).into()),
            Level::Odd(i) => match i % 3 {
                0 => CanonicalJsonValue::Null,
                1 => CanonicalJsonValue::Bool(true),
                _ => CanonicalJsonValue::Object(CanonicalJsonObject::new()),
            },
        }
    }
}

/// What kind of event, with the content fields the rules read.
#[derive(Arbitrary, Debug, Clone)]
pub enum Kind {
    /// `m.room.create`.
    Create {
        /// `creator` (v1-v10), as a user index.
        creator: u8,
        /// `additional_creators` (v12), as user indices; `bad` adds a non-ID.
        additional: Vec<u8>,
        /// Put a non-user-ID in `additional_creators`.
        bad_additional: bool,
        /// `m.federate`.
        federate: Option<bool>,
        /// Set `room_version` to another version than the room's.
        wrong_version: bool,
    },
    /// `m.room.member`.
    Member {
        /// The target user (state key).
        target: u8,
        /// The membership.
        membership: u8,
        /// `join_authorised_via_users_server`.
        authorised_via: Option<u8>,
        /// `third_party_invite.signed.token`, by token index.
        third_party_token: Option<u8>,
    },
    /// `m.room.power_levels`.
    PowerLevels {
        /// `users`.
        users: Vec<(u8, Level)>,
        /// Top-level fields.
        fields: Vec<(u8, Level)>,
        /// `events`.
        events: Vec<(u8, Level)>,
        /// `notifications.room`.
        notifications: Option<Level>,
    },
    /// `m.room.join_rules`.
    JoinRules {
        /// The rule.
        rule: u8,
        /// `allow` entries (room memberships of other rooms).
        allow: u8,
    },
    /// `m.room.third_party_invite`, by token index.
    ThirdPartyInvite(u8),
    /// `m.room.redaction`.
    Redaction,
    /// `m.room.aliases` with the sender's server as state key or not.
    Aliases(bool),
    /// Another state event (`m.room.name`, custom types), by type index.
    State(u8),
    /// A message (not a state event).
    Message,
}

/// One event of a generated room.
#[derive(Arbitrary, Debug, Clone)]
pub struct EventSpec {
    /// The kind and its content.
    pub kind: Kind,
    /// The sender, as a user index.
    pub sender: u8,
    /// Garbage under a key no rule reads (P1-52).
    pub garbage: Option<Garbage>,
    /// A room ID of another room (P1-39).
    pub other_room: bool,
}

/// A JSON value the rules never look at.
#[derive(Arbitrary, Debug, Clone)]
pub enum Garbage {
    /// A string.
    Str(String),
    /// An integer.
    Int(i64),
    /// Nested arrays.
    Deep(u8),
    /// A non-canonical number.
    Legacy(u8),
}

impl Garbage {
    /// The JSON value (integers clamped into the canonical range).
    pub fn value(&self) -> CanonicalJsonValue {
        match self {
            Garbage::Str(s) => s.as_str().into(),
            Garbage::Int(i) => {
                CanonicalJsonValue::Integer((*i).clamp(MIN_SAFE_INTEGER, MAX_SAFE_INTEGER))
            }
            Garbage::Deep(n) => {
                let mut v = CanonicalJsonValue::Null;
                for _ in 0..(*n % 32) {
                    v = CanonicalJsonValue::Array(vec![v]);
                }
                v
            }
            Garbage::Legacy(i) => {
                CanonicalJsonValue::LegacyNumber(pick(&LEGACY_NUMBERS, *i).into())
            }
        }
    }
}

/// The key garbage goes under.
pub const GARBAGE_KEY: &str = "org.example.garbage";

/// `pool[i % len]`.
pub fn pick<'a>(pool: &[&'a str], i: u8) -> &'a str {
    pool[usize::from(i) % pool.len()]
}

/// A user ID from the pool.
pub fn user(i: u8) -> &'static str {
    pick(&USERS, i)
}

/// The event ID of the `n`-th event: opaque in v1-v2, else 43 characters
/// valid in both base64 alphabets.
pub fn event_id(rules: &RoomVersionRules, n: usize, sender: &str) -> OwnedEventId {
    let s = match rules.event_format {
        EventFormat::V1 => {
            let server = sender.split_once(':').map_or("a.example", |(_, s)| s);
            format!("$e{n}:{server}")
        }
        _ => format!("${:A>43}", n),
    };
    OwnedEventId::try_from(s).expect("a valid event ID")
}

/// The room ID: `!room:a.example`, or in v12 the create event's ID (event 0)
/// with `!`. `other` gives a different room.
pub fn room_id(rules: &RoomVersionRules, other: bool) -> OwnedRoomId {
    let s = if rules.authorization.room_id_is_create_event {
        if other {
            format!("!{:B>43}", 0)
        } else {
            format!("!{:A>43}", 0)
        }
    } else if other {
        "!other:b.example".to_owned()
    } else {
        "!room:a.example".to_owned()
    };
    OwnedRoomId::try_from(s).expect("a valid room ID")
}

/// The version string of a rules table.
pub fn version_of(rules: &RoomVersionRules) -> &'static str {
    RoomVersionRules::ALL
        .iter()
        .find(|(_, r)| *r == rules)
        .map_or("1", |(id, _)| id.as_str())
}

/// Builds the `n`-th event of a room from its spec.
pub fn build(
    rules: &RoomVersionRules,
    spec: &EventSpec,
    n: usize,
    auth_events: Vec<OwnedEventId>,
    prev_events: Vec<OwnedEventId>,
    depth: i64,
) -> TestEvent {
    let sender = user(spec.sender);
    let mut content = CanonicalJsonObject::new();
    let mut put = |k: &str, v: CanonicalJsonValue| {
        content.insert(k.into(), v);
    };
    let (event_type, state_key): (&str, Option<String>) = match &spec.kind {
        Kind::Create {
            creator,
            additional,
            bad_additional,
            federate,
            wrong_version,
        } => {
            let version = if *wrong_version {
                "13"
            } else {
                version_of(rules)
            };
            put("room_version", version.into());
            if !rules.authorization.room_id_is_create_event {
                put("creator", user(*creator).into());
            }
            let mut extra: Vec<CanonicalJsonValue> =
                additional.iter().take(4).map(|u| user(*u).into()).collect();
            if *bad_additional {
                extra.push("not a user".into());
            }
            if !extra.is_empty() {
                put("additional_creators", CanonicalJsonValue::Array(extra));
            }
            if let Some(f) = federate {
                put("m.federate", CanonicalJsonValue::Bool(*f));
            }
            // P1-52: a malformed predecessor must not matter.
            put("predecessor", "!not-an-object".into());
            ("m.room.create", Some(String::new()))
        }
        Kind::Member {
            target,
            membership,
            authorised_via,
            third_party_token,
        } => {
            put("membership", pick(&MEMBERSHIPS, *membership).into());
            if let Some(a) = authorised_via {
                put("join_authorised_via_users_server", user(*a).into());
            }
            if let Some(t) = third_party_token {
                let mut signed = CanonicalJsonObject::new();
                signed.insert("mxid".into(), user(*target).into());
                signed.insert("token".into(), format!("token{}", t % 3).into());
                signed.insert(
                    "signatures".into(),
                    CanonicalJsonValue::Object(CanonicalJsonObject::new()),
                );
                let mut tpi = CanonicalJsonObject::new();
                tpi.insert("display_name".into(), "invitee".into());
                tpi.insert("signed".into(), CanonicalJsonValue::Object(signed));
                put("third_party_invite", CanonicalJsonValue::Object(tpi));
            }
            ("m.room.member", Some(user(*target).to_owned()))
        }
        Kind::PowerLevels {
            users,
            fields,
            events,
            notifications,
        } => {
            let mut u = CanonicalJsonObject::new();
            for (i, l) in users.iter().take(8) {
                u.insert(user(*i).into(), l.value());
            }
            put("users", CanonicalJsonValue::Object(u));
            for (f, l) in fields.iter().take(8) {
                put(pick(&PL_FIELDS, *f), l.value());
            }
            if !events.is_empty() {
                let mut e = CanonicalJsonObject::new();
                for (t, l) in events.iter().take(8) {
                    e.insert(pick(&EVENT_TYPES, *t).into(), l.value());
                }
                put("events", CanonicalJsonValue::Object(e));
            }
            if let Some(l) = notifications {
                let mut o = CanonicalJsonObject::new();
                o.insert("room".into(), l.value());
                put("notifications", CanonicalJsonValue::Object(o));
            }
            ("m.room.power_levels", Some(String::new()))
        }
        Kind::JoinRules { rule, allow } => {
            put("join_rule", pick(&JOIN_RULES, *rule).into());
            if *allow % 3 != 0 {
                let mut entry = CanonicalJsonObject::new();
                entry.insert("type".into(), "m.room_membership".into());
                entry.insert("room_id".into(), "!other:b.example".into());
                put(
                    "allow",
                    CanonicalJsonValue::Array(vec![CanonicalJsonValue::Object(entry)]),
                );
            }
            ("m.room.join_rules", Some(String::new()))
        }
        Kind::ThirdPartyInvite(t) => {
            put("display_name", "invitee".into());
            put("public_key", "AAAA".into());
            ("m.room.third_party_invite", Some(format!("token{}", t % 3)))
        }
        Kind::Redaction => {
            put("reason", "spam".into());
            ("m.room.redaction", None)
        }
        Kind::Aliases(own) => {
            put(
                "aliases",
                CanonicalJsonValue::Array(vec!["#a:a.example".into()]),
            );
            let key = if *own {
                sender.split_once(':').map_or("", |(_, s)| s).to_owned()
            } else {
                "elsewhere.example".to_owned()
            };
            ("m.room.aliases", Some(key))
        }
        Kind::State(t) => {
            put("name", "a name".into());
            (
                pick(&["m.room.name", "m.room.topic", "org.example.custom"], *t),
                Some(String::new()),
            )
        }
        Kind::Message => {
            put("body", "hi".into());
            ("m.room.message", None)
        }
    };
    if let Some(g) = &spec.garbage {
        content.insert(GARBAGE_KEY.into(), g.value());
    }
    let is_create = event_type == "m.room.create";
    let room = if is_create && rules.authorization.room_id_is_create_event && !spec.other_room {
        None
    } else {
        Some(room_id(rules, spec.other_room))
    };
    let mut json = CanonicalJsonObject::new();
    json.insert("type".into(), event_type.into());
    json.insert("sender".into(), sender.into());
    json.insert(
        "content".into(),
        CanonicalJsonValue::Object(content.clone()),
    );
    if let Some(k) = &state_key {
        json.insert("state_key".into(), k.as_str().into());
    }
    TestEvent {
        event_id: event_id(rules, n, sender),
        room_id: room,
        sender: OwnedUserId::try_from(sender).expect("a valid user ID"),
        event_type: event_type.to_owned(),
        state_key,
        content,
        origin_server_ts: n as i64,
        depth,
        prev_events,
        auth_events,
        json,
    }
}

/// Adds garbage under [`GARBAGE_KEY`] to an event's content (P1-52).
pub fn with_garbage(event: &TestEvent, garbage: &CanonicalJsonValue) -> TestEvent {
    let mut e = event.clone();
    e.content.insert(GARBAGE_KEY.into(), garbage.clone());
    e
}
