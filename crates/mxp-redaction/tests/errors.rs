//! What is an error and what is tolerated (crate docs, "What is an error").

mod common;

use common::{json, obj, redact_all_ways, versions};
use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_redaction::RedactionError;
use serde_json::json;

fn error(event: serde_json::Value) -> RedactionError {
    let event = obj(event);
    let mut first = None;
    for (version, rules) in versions() {
        // redact_all_ways also checks that redact_in_place leaves the object
        // unchanged on error.
        let err = redact_all_ways(&event, rules).unwrap_err();
        assert_eq!(*first.get_or_insert_with(|| err.clone()), err, "v{version}");
    }
    first.unwrap()
}

#[test]
fn missing_type_is_an_error() {
    assert_eq!(error(json!({"content": {}})), RedactionError::MissingType);
    // `type` is checked before `content`.
    assert_eq!(
        error(json!({"sender": "@a:b"})),
        RedactionError::MissingType
    );
}

#[test]
fn non_string_type_is_an_error() {
    for (value, found) in [
        (json!(null), "null"),
        (json!(true), "a boolean"),
        (json!(1), "a number"),
        (json!(["m.room.member"]), "an array"),
        (json!({"m.room.member": 1}), "an object"),
    ] {
        assert_eq!(
            error(json!({"type": value, "content": {}})),
            RedactionError::TypeNotString { found }
        );
    }
}

#[test]
fn missing_content_is_an_error() {
    assert_eq!(
        error(json!({"type": "m.room.message"})),
        RedactionError::MissingContent
    );
}

#[test]
fn non_object_content_is_an_error() {
    for (value, found) in [
        (json!(null), "null"),
        (json!(false), "a boolean"),
        (json!(-3), "a number"),
        (json!("body"), "a string"),
        (json!([{"membership": "join"}]), "an array"),
    ] {
        // Also for types whose content is dropped entirely.
        for event_type in ["m.room.member", "m.room.create", "m.room.message"] {
            assert_eq!(
                error(json!({"type": event_type, "content": value})),
                RedactionError::ContentNotObject { found }
            );
        }
    }
}

#[test]
fn error_messages_say_what_and_where() {
    let message = RedactionError::ContentNotObject { found: "an array" }.to_string();
    assert!(
        message.contains("`content`") && message.contains("an array"),
        "{message}"
    );
    let message = RedactionError::TypeNotString { found: "null" }.to_string();
    assert!(
        message.contains("`type`") && message.contains("null"),
        "{message}"
    );
}

/// Legacy (v1–v5) numbers anywhere are tolerated: kept values keep them,
/// dropped values drop them.
#[test]
fn legacy_numbers_are_tolerated() {
    let mut content = CanonicalJsonObject::new();
    content.insert(
        "ban".into(),
        CanonicalJsonValue::LegacyNumber("50.5".into()),
    );
    content.insert(
        "other".into(),
        CanonicalJsonValue::LegacyNumber("1e400".into()),
    );
    let mut event = CanonicalJsonObject::new();
    event.insert("type".into(), "m.room.power_levels".into());
    event.insert("content".into(), CanonicalJsonValue::Object(content));
    event.insert(
        "depth".into(),
        CanonicalJsonValue::LegacyNumber("1.0".into()),
    );
    event.insert(
        "unsigned".into(),
        CanonicalJsonValue::LegacyNumber("2.5".into()),
    );
    for (version, rules) in versions() {
        let redacted = redact_all_ways(&event, rules).unwrap();
        assert_eq!(
            redacted.get("depth"),
            Some(&CanonicalJsonValue::LegacyNumber("1.0".into())),
            "v{version}"
        );
        assert!(!redacted.contains_key("unsigned"));
        let content = redacted.get("content").and_then(|c| c.as_object()).unwrap();
        assert_eq!(content.len(), 1);
        assert_eq!(
            content.get("ban"),
            Some(&CanonicalJsonValue::LegacyNumber("50.5".into()))
        );
    }
}

/// Keys the algorithm does not need may have any shape: a non-string
/// `state_key`, an object `sender`, a string `signatures`.
#[test]
fn other_keys_of_any_shape_are_tolerated() {
    let event = json!({
        "type": "m.room.member",
        "state_key": 12,
        "sender": {"not": "a user"},
        "signatures": "nope",
        "hashes": [],
        "unsigned": "whatever",
        "content": {"membership": {"weird": true}},
    });
    for (version, rules) in versions() {
        let redacted = json(redact_all_ways(&obj(event.clone()), rules).unwrap());
        let mut expected = event.clone();
        expected.as_object_mut().unwrap().remove("unsigned");
        assert_eq!(redacted, expected, "v{version}");
    }
}

/// `unsigned` is removed in every version, whatever it holds (REDACT-v<N>-top).
#[test]
fn unsigned_always_removed() {
    for unsigned in [
        json!({}),
        json!({"age_ts": 1}),
        json!({"redacted_because": {}}),
        json!(null),
    ] {
        let event = json!({"type": "m.room.create", "content": {}, "unsigned": unsigned});
        for (version, rules) in versions() {
            let redacted = json(redact_all_ways(&obj(event.clone()), rules).unwrap());
            assert_eq!(
                redacted,
                json!({"type": "m.room.create", "content": {}}),
                "v{version}"
            );
        }
    }
}
