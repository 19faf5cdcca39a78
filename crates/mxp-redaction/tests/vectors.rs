//! Golden vectors: the spec's signing vectors and the redaction incidents
//! P1-30…P1-34, each with its exact expected output per room version.

mod common;

use common::{json, obj, redact_all_ways, rules, versions};
use mxp_canonical_json::{CanonicalJsonValue, to_canonical_string};
use mxp_redaction::redact_without_signatures;
use serde_json::{Value, json};

fn redacted(event: &Value, version: u8) -> Value {
    json(redact_all_ways(&obj(event.clone()), rules(version)).unwrap())
}

fn signing_input(event: &Value, version: u8) -> String {
    let input = redact_without_signatures(&obj(event.clone()), rules(version)).unwrap();
    to_canonical_string(&CanonicalJsonValue::Object(input)).unwrap()
}

/// The spec's "minimal event" signing vector (wire-formats 7.1, signed form)
/// and its signing inputs (7.2): v1–v10 keep `origin` (REDACT-v1-top …
/// REDACT-v10-top), v11–v12 drop it (REDACT-v11-top, REDACT-v12-top);
/// `unsigned` and `signatures` are never part of it.
#[test]
fn spec_vector_minimal_event_signing_input() {
    let event = json!({
        "auth_events": [],
        "content": {},
        "depth": 3,
        "hashes": {"sha256": "5jM4wQpv6lnBo7CLIghJuHdW+s2CMBJPUOGOC89ncos"},
        "origin": "domain",
        "origin_server_ts": 1000000,
        "prev_events": [],
        "room_id": "!x:domain",
        "sender": "@a:domain",
        "signatures": {"domain": {"ed25519:1": "KxwGjPSDEtvnFgU00fwFz+l6d2pJM6XBIaMEn81SXPTRl16AqLAYqfIReFGZlHi5KLjAWbOoMszkwsQma+lYAg"}},
        "type": "X",
        "unsigned": {"age_ts": 1000000},
    });
    let v1_v10 = r#"{"auth_events":[],"content":{},"depth":3,"hashes":{"sha256":"5jM4wQpv6lnBo7CLIghJuHdW+s2CMBJPUOGOC89ncos"},"origin":"domain","origin_server_ts":1000000,"prev_events":[],"room_id":"!x:domain","sender":"@a:domain","type":"X"}"#;
    let v11_v12 = r#"{"auth_events":[],"content":{},"depth":3,"hashes":{"sha256":"5jM4wQpv6lnBo7CLIghJuHdW+s2CMBJPUOGOC89ncos"},"origin_server_ts":1000000,"prev_events":[],"room_id":"!x:domain","sender":"@a:domain","type":"X"}"#;
    for (version, _) in versions() {
        let expected = if version <= 10 { v1_v10 } else { v11_v12 };
        assert_eq!(signing_input(&event, version), expected, "v{version}");
    }
}

/// The spec's "event with redactable content" vector (wire-formats 7.1/7.2):
/// the message body goes (REDACT-v<N>-content), `event_id` stays in every
/// version's list, `origin` only in v1–v10.
#[test]
fn spec_vector_message_event_signing_input() {
    let event = json!({
        "content": {"body": "Here is the message content"},
        "event_id": "$0:domain",
        "hashes": {"sha256": "onLKD1bGljeBWQhWZ1kaP9SorVmRQNdN5aM2JYU2n/g"},
        "origin": "domain",
        "origin_server_ts": 1000000,
        "type": "m.room.message",
        "room_id": "!r:domain",
        "sender": "@u:domain",
        "signatures": {"domain": {"ed25519:1": "Wm+VzmOUOz08Ds+0NTWb1d4CZrVsJSikkeRxh6aCcUwu6pNC78FunoD7KNWzqFn241eYHYMGCA5McEiVPdhzBA"}},
        "unsigned": {"age_ts": 1000000},
    });
    let v1_v10 = r#"{"content":{},"event_id":"$0:domain","hashes":{"sha256":"onLKD1bGljeBWQhWZ1kaP9SorVmRQNdN5aM2JYU2n/g"},"origin":"domain","origin_server_ts":1000000,"room_id":"!r:domain","sender":"@u:domain","type":"m.room.message"}"#;
    let v11_v12 = r#"{"content":{},"event_id":"$0:domain","hashes":{"sha256":"onLKD1bGljeBWQhWZ1kaP9SorVmRQNdN5aM2JYU2n/g"},"origin_server_ts":1000000,"room_id":"!r:domain","sender":"@u:domain","type":"m.room.message"}"#;
    for (version, _) in versions() {
        let expected = if version <= 10 { v1_v10 } else { v11_v12 };
        assert_eq!(signing_input(&event, version), expected, "v{version}");
    }
}

/// The v12 create event vector (wire-formats 7.2): REDACT-v12-content.m.room.create
/// keeps the whole content and the event has no `room_id`; redaction changes
/// nothing but the signatures go from the signing input.
#[test]
fn spec_vector_v12_create_event() {
    let event = json!({"auth_events":[],"content":{"room_version":"12"},"depth":1,"hashes":{"sha256":"ccqBumrNf46eCfIkdZSYW9RNafS0xFYYDm5rnZBSVJU"},"origin_server_ts":1000000,"prev_events":[],"sender":"@a:domain","signatures":{"domain":{"ed25519:1":"0iTJ32BZFymf41Y7UBttP2wZ0JTo6UjsLDQuf+79LB+WeKVfoLyR2I8RF23ZdFgCuxtjVBl5MKXIOWP+ocELDw"}},"state_key":"","type":"m.room.create"});
    assert_eq!(redacted(&event, 12), event);
    assert_eq!(
        signing_input(&event, 12),
        r#"{"auth_events":[],"content":{"room_version":"12"},"depth":1,"hashes":{"sha256":"ccqBumrNf46eCfIkdZSYW9RNafS0xFYYDm5rnZBSVJU"},"origin_server_ts":1000000,"prev_events":[],"sender":"@a:domain","state_key":"","type":"m.room.create"}"#
    );
}

/// P1-30 / P1-32: v1–v10 create events keep only `creator` — `room_version`,
/// `m.federate`, `predecessor` and `type` are lost (REDACT-v1-content.m.room.create
/// … REDACT-v10-…); v11+ keep every key (REDACT-v11-content.m.room.create,
/// REDACT-v12-…), including a legacy `creator`.
#[test]
fn p1_30_p1_32_create_event_per_version() {
    let content = json!({
        "creator": "@alice:example.org",
        "room_version": "11",
        "m.federate": false,
        "predecessor": {"room_id": "!old:example.org", "event_id": "$tomb"},
        "type": "m.space",
        "additional_creators": ["@bob:example.org"],
    });
    let event = json!({"type": "m.room.create", "state_key": "", "content": content});
    for (version, _) in versions() {
        let expected = if version <= 10 {
            json!({"creator": "@alice:example.org"})
        } else {
            content.clone()
        };
        assert_eq!(redacted(&event, version)["content"], expected, "v{version}");
    }
    // Without `creator`, a v1–v10 create event is left with empty content, so
    // its room version reads as "1" (P1-30): callers must pin the version.
    let no_creator =
        json!({"type": "m.room.create", "state_key": "", "content": {"room_version": "10"}});
    assert_eq!(redacted(&no_creator, 10)["content"], json!({}));
    assert_eq!(
        redacted(&no_creator, 11)["content"],
        json!({"room_version": "10"})
    );
}

/// P1-31: a restricted join loses `join_authorised_via_users_server` in v8
/// (REDACT-v8-content.m.room.member) and keeps it from v9
/// (REDACT-v9-content.m.room.member).
#[test]
fn p1_31_restricted_join_v8_vs_v9() {
    let event = json!({
        "type": "m.room.member",
        "state_key": "@bob:example.org",
        "sender": "@bob:example.org",
        "content": {
            "membership": "join",
            "join_authorised_via_users_server": "@alice:example.org",
            "displayname": "Bob",
        },
    });
    for (version, _) in versions() {
        let expected = if version <= 8 {
            json!({"membership": "join"})
        } else {
            json!({"membership": "join", "join_authorised_via_users_server": "@alice:example.org"})
        };
        assert_eq!(redacted(&event, version)["content"], expected, "v{version}");
    }
}

/// P1-31: `m.room.join_rules` keeps `allow` from v8 (REDACT-v8-content.m.room.join_rules).
#[test]
fn p1_31_join_rules_allow_v7_vs_v8() {
    let allow = json!([{"type": "m.room_membership", "room_id": "!space:example.org"}]);
    let event = json!({
        "type": "m.room.join_rules",
        "state_key": "",
        "content": {"join_rule": "restricted", "allow": allow, "other": 1},
    });
    for (version, _) in versions() {
        let expected = if version <= 7 {
            json!({"join_rule": "restricted"})
        } else {
            json!({"join_rule": "restricted", "allow": allow})
        };
        assert_eq!(redacted(&event, version)["content"], expected, "v{version}");
    }
}

/// P1-31: power levels keep `invite` from v11 (REDACT-v11-content.m.room.power_levels);
/// `notifications` is never kept.
#[test]
fn p1_31_power_levels_invite_v10_vs_v11() {
    let content = json!({
        "ban": 50, "events": {"m.room.name": 100}, "events_default": 0, "invite": 0,
        "kick": 50, "redact": 50, "state_default": 50, "users": {"@a:b": 100},
        "users_default": 0, "notifications": {"room": 50}, "historical": 100,
    });
    let event = json!({"type": "m.room.power_levels", "state_key": "", "content": content});
    for (version, _) in versions() {
        let mut expected = content.clone();
        expected.as_object_mut().unwrap().remove("notifications");
        expected.as_object_mut().unwrap().remove("historical");
        if version <= 10 {
            expected.as_object_mut().unwrap().remove("invite");
        }
        assert_eq!(redacted(&event, version)["content"], expected, "v{version}");
    }
}

/// `m.room.aliases` keeps `aliases` in v1–v5 only (REDACT-v5-content.m.room.aliases,
/// REDACT-v6-content).
#[test]
fn aliases_v5_vs_v6() {
    let event = json!({
        "type": "m.room.aliases",
        "state_key": "example.org",
        "content": {"aliases": ["#a:example.org"]},
    });
    for (version, _) in versions() {
        let expected = if version <= 5 {
            json!({"aliases": ["#a:example.org"]})
        } else {
            json!({})
        };
        assert_eq!(redacted(&event, version)["content"], expected, "v{version}");
    }
}

/// P1-34: the top-level `redacts` of v1–v10 is never kept (it is covered by the
/// content hash only); from v11 `content.redacts` is kept
/// (REDACT-v11-content.m.room.redaction) and a stray top-level one still goes
/// (REDACT-v11-top).
#[test]
fn p1_34_redacts_location() {
    let old = json!({
        "type": "m.room.redaction",
        "redacts": "$target",
        "content": {"reason": "spam"},
    });
    let new = json!({
        "type": "m.room.redaction",
        "redacts": "$target",
        "content": {"redacts": "$target", "reason": "spam"},
    });
    for (version, _) in versions() {
        let old = redacted(&old, version);
        assert_eq!(
            old,
            json!({"type": "m.room.redaction", "content": {}}),
            "v{version}"
        );
        let expected = if version <= 10 {
            json!({})
        } else {
            json!({"redacts": "$target"})
        };
        let new = redacted(&new, version);
        assert_eq!(new["content"], expected, "v{version}");
        assert!(new.get("redacts").is_none(), "v{version}");
    }
}

/// REDACT-v11-content.m.room.member / REDACT-v12-…: `third_party_invite` is
/// reduced to `signed`. Before v11 (REDACT-v10-content.m.room.member) it goes
/// entirely.
#[test]
fn third_party_invite_reduced_to_signed() {
    let signed = json!({"mxid": "@bob:example.org", "token": "tok", "signatures": {"id.example.org": {"ed25519:0": "sig"}}});
    let event = json!({
        "type": "m.room.member",
        "state_key": "@bob:example.org",
        "content": {
            "membership": "invite",
            "third_party_invite": {"display_name": "bob@example.org", "signed": signed},
        },
    });
    for (version, _) in versions() {
        let expected = if version <= 10 {
            json!({"membership": "invite"})
        } else {
            json!({"membership": "invite", "third_party_invite": {"signed": signed}})
        };
        assert_eq!(redacted(&event, version)["content"], expected, "v{version}");
    }
}

/// The open case of REDACT-v11-content.m.room.member (digest §2 note):
/// `third_party_invite` without `signed` is kept as `{}`; a non-object one is
/// removed (as Synapse). The `signed` value is kept whatever its type.
#[test]
fn third_party_invite_malformed_decision() {
    let cases = [
        (json!({"display_name": "x"}), Some(json!({}))),
        (json!({}), Some(json!({}))),
        (
            json!({"signed": "not an object"}),
            Some(json!({"signed": "not an object"})),
        ),
        (json!({"signed": null}), Some(json!({"signed": null}))),
        (json!("a string"), None),
        (json!(["signed"]), None),
        (json!(null), None),
        (json!(7), None),
        (json!(true), None),
    ];
    for (third_party_invite, expected) in cases {
        let event = json!({
            "type": "m.room.member",
            "content": {"membership": "invite", "third_party_invite": third_party_invite},
        });
        for version in [11, 12] {
            let content = &redacted(&event, version)["content"];
            assert_eq!(
                content.get("third_party_invite"),
                expected.as_ref(),
                "{event}"
            );
            assert_eq!(content["membership"], "invite");
        }
        // Never kept before v11, whatever its shape.
        assert_eq!(
            redacted(&event, 10)["content"],
            json!({"membership": "invite"})
        );
    }
}

/// Digest §2: kept content keys are copied whole, without validation — a
/// malformed `users` or a nested `events` survive unchanged.
#[test]
fn kept_values_are_not_validated() {
    let content = json!({
        "users": "not an object",
        "events": {"a": {"b": [1, {"c": null}]}},
        "ban": "fifty",
        "kick": [],
    });
    let event = json!({"type": "m.room.power_levels", "state_key": "", "content": content});
    for (version, _) in versions() {
        assert_eq!(redacted(&event, version)["content"], content, "v{version}");
    }
}

/// Digest §2: matching is on `type` only — a power levels event with a
/// non-empty state key keeps the power level keys; a member event without a
/// state key keeps `membership`.
#[test]
fn state_key_not_considered() {
    for (version, _) in versions() {
        let pl = json!({"type": "m.room.power_levels", "state_key": "@x:y", "content": {"ban": 1, "foo": 2}});
        assert_eq!(
            redacted(&pl, version)["content"],
            json!({"ban": 1}),
            "v{version}"
        );
        let member = json!({"type": "m.room.member", "content": {"membership": "join", "foo": 2}});
        assert_eq!(
            redacted(&member, version)["content"],
            json!({"membership": "join"}),
            "v{version}"
        );
    }
}

/// Rules are data: a custom version built from v10 with one v11 redaction
/// change behaves accordingly, without any version string.
#[test]
fn custom_rules_are_followed() {
    use mxp_room_versions::{RedactionRules, RoomVersionRules};
    let custom = RoomVersionRules {
        redaction: RedactionRules {
            keep_power_levels_invite: true,
            ..RoomVersionRules::V10.redaction
        },
        ..RoomVersionRules::V10
    };
    let event = obj(json!({
        "type": "m.room.power_levels",
        "origin": "example.org",
        "content": {"invite": 0, "kick": 1, "x": 2},
    }));
    assert_eq!(
        json(mxp_redaction::redact(&event, &custom).unwrap()),
        json!({
            "type": "m.room.power_levels",
            "origin": "example.org",
            "content": {"invite": 0, "kick": 1},
        })
    );
}
