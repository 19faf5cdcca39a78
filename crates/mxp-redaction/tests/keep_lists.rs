//! Every room version's keep-lists, checked against `data/keep_lists.json`
//! (a copy of the digest's `REDACT-v<N>-top` / `REDACT-v<N>-content.*` lists).
//!
//! One test per version and event type: kept keys are kept with their value,
//! every other key is removed, absent keys stay absent, and the `state_key`
//! plays no part.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use common::{json, obj, redact_all_ways, rules};
use serde_json::{Value, json};

/// The keep-lists of one version, from the test data.
struct Lists {
    top: Vec<String>,
    content: BTreeMap<String, Vec<String>>,
}

fn lists(version: u8) -> &'static Lists {
    static ALL: OnceLock<Vec<Lists>> = OnceLock::new();
    let all = ALL.get_or_init(|| (1..=12).map(load_lists).collect());
    &all[usize::from(version) - 1]
}

fn load_lists(version: u8) -> Lists {
    let data: Value = serde_json::from_str(include_str!("data/keep_lists.json")).unwrap();
    let v = &data["versions"][version.to_string()];
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect()
    };
    Lists {
        top: strings(&v["top"]),
        content: v["content"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), strings(v)))
            .collect(),
    }
}

/// Every top-level key any version keeps, plus keys none keeps.
const TOP_LEVEL_KEYS: &[&str] = &[
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
    // Never kept.
    "unsigned",
    "redacts",
    "age_ts",
    "age",
    "prev_content",
    "replaces_state",
    "user_id",
    "com.example.custom",
];

/// Every content key any version keeps for any type, plus look-alikes and
/// keys that are never kept.
const CONTENT_KEYS: &[&str] = &[
    "membership",
    "join_authorised_via_users_server",
    "third_party_invite",
    "creator",
    "room_version",
    "m.federate",
    "predecessor",
    "type",
    "additional_creators",
    "join_rule",
    "allow",
    "ban",
    "events",
    "events_default",
    "invite",
    "kick",
    "redact",
    "state_default",
    "users",
    "users_default",
    "notifications",
    "aliases",
    "history_visibility",
    "redacts",
    "reason",
    "body",
    "msgtype",
    "displayname",
    "avatar_url",
    "is_direct",
    "name",
    "topic",
    "url",
    "Membership",
    "membership ",
    "",
];

/// A distinct, nested value per key, so that a swapped or rebuilt value
/// would show.
fn value_for(key: &str) -> Value {
    json!({"value of": key, "nested": [key, {"deep": [1, true, null]}]})
}

/// A full content object for `event_type`: every key of [`CONTENT_KEYS`], with
/// `third_party_invite` shaped like the real thing.
fn full_content() -> Value {
    let mut content = serde_json::Map::new();
    for key in CONTENT_KEYS {
        content.insert((*key).to_owned(), value_for(key));
    }
    content.insert(
        "third_party_invite".to_owned(),
        json!({
            "display_name": "alice",
            "signed": {"mxid": "@alice:example.org", "token": "abc", "signatures": {}},
        }),
    );
    Value::Object(content)
}

/// The content the digest's list for `event_type` in `version` keeps out of
/// `content`.
fn expected_content(version: u8, event_type: &str, content: &Value) -> Value {
    let lists = lists(version);
    let mut out = serde_json::Map::new();
    let Some(keep) = lists.content.get(event_type) else {
        return Value::Object(out); // REDACT-v<N>-content: any other type → {}
    };
    let content = content.as_object().unwrap();
    for entry in keep {
        if entry == "*" {
            return Value::Object(content.clone());
        }
        match entry.split_once('.') {
            None => {
                if let Some(v) = content.get(entry) {
                    out.insert(entry.clone(), v.clone());
                }
            }
            Some((outer, inner)) => {
                if let Some(Value::Object(o)) = content.get(outer) {
                    let mut reduced = serde_json::Map::new();
                    if let Some(v) = o.get(inner) {
                        reduced.insert(inner.into(), v.clone());
                    }
                    out.insert(outer.into(), Value::Object(reduced));
                }
            }
        }
    }
    Value::Object(out)
}

fn event_with_content(event_type: &str, state_key: Option<&str>, content: &Value) -> Value {
    let mut event = json!({
        "type": event_type,
        "room_id": "!room:example.org",
        "sender": "@alice:example.org",
        "origin": "example.org",
        "origin_server_ts": 1_000_000,
        "depth": 7,
        "prev_events": ["$prev"],
        "auth_events": ["$auth"],
        "hashes": {"sha256": "hash"},
        "signatures": {"example.org": {"ed25519:1": "sig"}},
        "unsigned": {"age": 5, "redacted_because": {"type": "m.room.redaction"}},
        "content": content,
    });
    if let Some(state_key) = state_key {
        event["state_key"] = json!(state_key);
    }
    event
}

/// `REDACT-v<N>-top`: exactly the listed keys survive, with their values;
/// absent keys stay absent; `unsigned` never survives; `hashes` and
/// `signatures` always do.
fn check_top(version: u8) {
    let rule = format!("REDACT-v{version}-top");
    let lists = lists(version);
    let keep: BTreeSet<&str> = lists.top.iter().map(String::as_str).collect();
    assert!(
        keep.contains("hashes") && keep.contains("signatures"),
        "{rule}"
    );
    assert!(!keep.contains("unsigned"), "{rule}");

    // Every key present.
    let mut full = serde_json::Map::new();
    for key in TOP_LEVEL_KEYS {
        full.insert((*key).to_owned(), value_for(key));
    }
    full.insert("type".into(), json!("m.room.message"));
    full.insert("content".into(), json!({"body": "hi"}));
    let full = Value::Object(full);
    let redacted = json(redact_all_ways(&obj(full.clone()), rules(version)).unwrap());
    let got: BTreeSet<&str> = redacted
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(got, keep, "{rule}: kept top-level keys");
    for (key, value) in redacted.as_object().unwrap() {
        if key != "content" {
            assert_eq!(value, &full[key], "{rule}: value of {key} changed");
        }
    }
    assert_eq!(redacted["content"], json!({}), "{rule}");

    // Only the required keys present: nothing is invented.
    let minimal = json!({"type": "m.room.message", "content": {}});
    let redacted = json(redact_all_ways(&obj(minimal.clone()), rules(version)).unwrap());
    assert_eq!(redacted, minimal, "{rule}: absent keys must stay absent");

    // Each non-kept key alone is removed; each kept key alone survives.
    for key in TOP_LEVEL_KEYS {
        if matches!(*key, "type" | "content") {
            continue;
        }
        let mut event = minimal.clone();
        event[*key] = value_for(key);
        let redacted = json(redact_all_ways(&obj(event.clone()), rules(version)).unwrap());
        let expected = if keep.contains(key) {
            event
        } else {
            minimal.clone()
        };
        assert_eq!(redacted, expected, "{rule}: top-level {key}");
    }
}

/// `REDACT-v<N>-content.<event_type>` (or `REDACT-v<N>-content` for types
/// without a list).
fn check_content(version: u8, event_type: &str) {
    let rule = match lists(version).content.contains_key(event_type) {
        true => format!("REDACT-v{version}-content.{event_type}"),
        false => format!("REDACT-v{version}-content (other types: {event_type:?})"),
    };
    let content = full_content();
    let expected = expected_content(version, event_type, &content);

    // The state key is not considered: none, empty, a user ID, arbitrary.
    for state_key in [None, Some(""), Some("@mallory:example.org"), Some("x")] {
        let event = event_with_content(event_type, state_key, &content);
        let redacted = json(redact_all_ways(&obj(event), rules(version)).unwrap());
        assert_eq!(
            redacted["content"], expected,
            "{rule}: full content, state_key {state_key:?}"
        );
    }

    // Key by key: a kept key alone is kept, a dropped key alone leaves `{}`.
    for key in CONTENT_KEYS {
        let single = json!({ *key: content[*key].clone() });
        let event = event_with_content(event_type, Some(""), &single);
        let redacted = json(redact_all_ways(&obj(event), rules(version)).unwrap());
        let expected_single = expected_content(version, event_type, &single);
        assert_eq!(redacted["content"], expected_single, "{rule}: only {key:?}");
        let was_kept = expected[*key] != Value::Null;
        assert_eq!(
            redacted["content"].get(*key).is_some(),
            was_kept,
            "{rule}: {key:?} kept alone iff kept with the others"
        );
    }

    // Absent keys stay absent.
    let event = event_with_content(event_type, Some(""), &json!({}));
    let redacted = json(redact_all_ways(&obj(event), rules(version)).unwrap());
    assert_eq!(redacted["content"], json!({}), "{rule}: empty content");
}

/// Types with no keep-list in any version, and look-alikes of listed ones.
const OTHER_TYPES: &[&str] = &[
    "m.room.message",
    "m.room.name",
    "m.room.topic",
    "m.room.third_party_invite",
    "m.room.server_acl",
    "m.room.tombstone",
    "m.room.encryption",
    "m.room.guest_access",
    "m.reaction",
    "org.example.custom",
    "",
    "m.room.member ",
    "M.room.member",
    "m.room.power_levels.extra",
];

macro_rules! version_tests {
    ($($module:ident = $version:literal;)*) => {$(
        mod $module {
            use super::*;

            /// `REDACT-vN-top`.
            #[test]
            fn top() {
                check_top($version);
            }

            /// `REDACT-vN-content.m.room.member`.
            #[test]
            fn content_m_room_member() {
                check_content($version, "m.room.member");
            }

            /// `REDACT-vN-content.m.room.create`.
            #[test]
            fn content_m_room_create() {
                check_content($version, "m.room.create");
            }

            /// `REDACT-vN-content.m.room.join_rules`.
            #[test]
            fn content_m_room_join_rules() {
                check_content($version, "m.room.join_rules");
            }

            /// `REDACT-vN-content.m.room.power_levels`.
            #[test]
            fn content_m_room_power_levels() {
                check_content($version, "m.room.power_levels");
            }

            /// `REDACT-vN-content.m.room.aliases` (v1–v5; `{}` from v6).
            #[test]
            fn content_m_room_aliases() {
                check_content($version, "m.room.aliases");
            }

            /// `REDACT-vN-content.m.room.history_visibility`.
            #[test]
            fn content_m_room_history_visibility() {
                check_content($version, "m.room.history_visibility");
            }

            /// `REDACT-vN-content.m.room.redaction` (v11+; `{}` before).
            #[test]
            fn content_m_room_redaction() {
                check_content($version, "m.room.redaction");
            }

            /// `REDACT-vN-content`: any other type keeps nothing.
            #[test]
            fn content_other_types() {
                for event_type in OTHER_TYPES {
                    check_content($version, event_type);
                }
            }
        }
    )*};
}

version_tests! {
    v1 = 1;
    v2 = 2;
    v3 = 3;
    v4 = 4;
    v5 = 5;
    v6 = 6;
    v7 = 7;
    v8 = 8;
    v9 = 9;
    v10 = 10;
    v11 = 11;
    v12 = 12;
}

/// The test data itself: every version has a list for each type the
/// digest lists, and the types of the data are exactly the tested ones.
#[test]
fn test_data_covers_the_listed_types() {
    let listed = [
        "m.room.member",
        "m.room.create",
        "m.room.join_rules",
        "m.room.power_levels",
        "m.room.aliases",
        "m.room.history_visibility",
        "m.room.redaction",
    ];
    for version in 1..=12u8 {
        for event_type in lists(version).content.keys() {
            assert!(
                listed.contains(&event_type.as_str()),
                "v{version} {event_type}"
            );
        }
        assert_eq!(
            lists(version).content.contains_key("m.room.aliases"),
            version <= 5
        );
        assert_eq!(
            lists(version).content.contains_key("m.room.redaction"),
            version >= 11
        );
        assert_eq!(
            lists(version).top.len(),
            if version <= 10 { 15 } else { 12 }
        );
    }
}
