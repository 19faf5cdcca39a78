//! Properties over arbitrary objects: redaction never panics, redacting twice
//! equals redacting once, all entry points agree, and only kept keys remain.

mod common;

use common::{redact_all_ways, versions};
use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::sample::select;

/// Keys the algorithm cares about, so that random objects hit every path.
const KEYS: &[&str] = &[
    "type",
    "content",
    "state_key",
    "unsigned",
    "signatures",
    "hashes",
    "origin",
    "membership",
    "prev_state",
    "redacts",
    "event_id",
    "creator",
    "room_version",
    "join_rule",
    "allow",
    "invite",
    "ban",
    "users",
    "notifications",
    "aliases",
    "history_visibility",
    "join_authorised_via_users_server",
    "third_party_invite",
    "signed",
    "body",
];

const TYPES: &[&str] = &[
    "m.room.member",
    "m.room.create",
    "m.room.join_rules",
    "m.room.power_levels",
    "m.room.aliases",
    "m.room.history_visibility",
    "m.room.redaction",
    "m.room.message",
    "",
];

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => select(KEYS).prop_map(str::to_owned),
        1 => "[a-z_.]{0,6}",
    ]
}

fn leaf() -> impl Strategy<Value = CanonicalJsonValue> {
    prop_oneof![
        Just(CanonicalJsonValue::Null),
        any::<bool>().prop_map(CanonicalJsonValue::Bool),
        (mxp_canonical_json::MIN_SAFE_INTEGER..=mxp_canonical_json::MAX_SAFE_INTEGER)
            .prop_map(CanonicalJsonValue::Integer),
        select(TYPES).prop_map(CanonicalJsonValue::from),
        "[a-z@:!$]{0,6}".prop_map(CanonicalJsonValue::String),
        "[0-9][0-9.e]{0,4}".prop_map(CanonicalJsonValue::LegacyNumber),
        // Outside the canonical range: the encoders must refuse it.
        Just(CanonicalJsonValue::Integer(i64::MAX)),
    ]
}

fn value() -> impl Strategy<Value = CanonicalJsonValue> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(CanonicalJsonValue::Array),
            btree_map(key(), inner, 0..6).prop_map(|m| CanonicalJsonValue::Object(m.into())),
        ]
    })
}

/// Mostly well-formed events (string `type`, object `content`), sometimes
/// not, with random other keys.
fn event() -> impl Strategy<Value = CanonicalJsonObject> {
    let event_type = prop_oneof![
        6 => select(TYPES).prop_map(|t| Some(CanonicalJsonValue::from(t))),
        1 => value().prop_map(Some),
        1 => Just(None),
    ];
    let content = prop_oneof![
        6 => btree_map(key(), value(), 0..8).prop_map(|c| Some(CanonicalJsonValue::Object(c.into()))),
        1 => value().prop_map(Some),
        1 => Just(None),
    ];
    (btree_map(key(), value(), 0..10), event_type, content).prop_map(
        |(event, event_type, content)| {
            let mut event = CanonicalJsonObject::from(event);
            for (key, value) in [("type", event_type), ("content", content)] {
                match value {
                    Some(value) => event.insert(key.into(), value),
                    None => event.remove(key),
                };
            }
            event
        },
    )
}

fn top_level_allowed(version: u8) -> &'static [&'static str] {
    const V1: &[&str] = &[
        "event_id",
        "type",
        "room_id",
        "sender",
        "state_key",
        "content",
        "hashes",
        "signatures",
        "depth",
        "prev_events",
        "prev_state",
        "auth_events",
        "origin",
        "origin_server_ts",
        "membership",
    ];
    const V11: &[&str] = &[
        "event_id",
        "type",
        "room_id",
        "sender",
        "state_key",
        "content",
        "hashes",
        "signatures",
        "depth",
        "prev_events",
        "auth_events",
        "origin_server_ts",
    ];
    if version <= 10 { V1 } else { V11 }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Never panics; `redact`, `redact_in_place`, `redact_without_signatures`,
    /// `redact_content` and the redacting encoders agree (checked inside
    /// `redact_all_ways`).
    #[test]
    fn never_panics_and_entry_points_agree(event in event()) {
        for (_, rules) in versions() {
            let _ = redact_all_ways(&event, rules);
        }
    }

    /// Redacting twice equals redacting once, in every version.
    #[test]
    fn idempotent(event in event()) {
        for (version, rules) in versions() {
            if let Ok(once) = mxp_redaction::redact(&event, rules) {
                let twice = mxp_redaction::redact(&once, rules);
                prop_assert_eq!(Ok(&once), twice.as_ref(), "v{}", version);
            }
        }
    }

    /// Only keys of REDACT-v<N>-top remain, `unsigned` never; kept top-level
    /// values other than `content` are unchanged (`hashes`, `signatures`, …).
    #[test]
    fn only_listed_top_level_keys_remain(event in event()) {
        for (version, rules) in versions() {
            if let Ok(redacted) = mxp_redaction::redact(&event, rules) {
                prop_assert!(!redacted.contains_key("unsigned"));
                for (key, value) in &redacted {
                    prop_assert!(top_level_allowed(version).contains(&key.as_str()), "v{} {}", version, key);
                    if key != "content" {
                        prop_assert_eq!(Some(value), event.get(key));
                    }
                }
                for key in top_level_allowed(version) {
                    prop_assert_eq!(redacted.contains_key(key), event.contains_key(key));
                }
            }
        }
    }

    /// Redaction succeeds exactly when `type` is a string and `content` an
    /// object.
    #[test]
    fn errors_exactly_on_missing_type_or_content(event in event()) {
        let well_formed = matches!(event.get("type"), Some(CanonicalJsonValue::String(_)))
            && matches!(event.get("content"), Some(CanonicalJsonValue::Object(_)));
        for (_, rules) in versions() {
            prop_assert_eq!(mxp_redaction::redact(&event, rules).is_ok(), well_formed);
        }
    }
}
