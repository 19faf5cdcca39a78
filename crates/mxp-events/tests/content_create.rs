//! `m.room.create` content.

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_events::content::{ContentError, CreateContent};
use mxp_ids::UserId;
use serde_json::json;

fn obj(v: serde_json::Value) -> CanonicalJsonObject {
    match CanonicalJsonValue::try_from(v).unwrap() {
        CanonicalJsonValue::Object(o) => o,
        _ => unreachable!(),
    }
}

#[test]
fn room_version_defaults_to_1() {
    let c = obj(json!({}));
    assert_eq!(CreateContent::new(&c).room_version().unwrap().as_str(), "1");
    let c = obj(json!({"room_version": "11"}));
    assert_eq!(
        CreateContent::new(&c).room_version().unwrap().as_str(),
        "11"
    );
    for bad in [json!(11), json!("V1"), json!("")] {
        let c = obj(json!({"room_version": bad}));
        assert!(CreateContent::new(&c).room_version().is_err());
    }
}

#[test]
fn federate_is_false_only_for_the_literal_false() {
    for (v, expected) in [
        (json!(false), false),
        (json!(true), true),
        (json!("false"), true),
        (json!(0), true),
        (json!(null), true),
    ] {
        let c = obj(json!({"m.federate": v}));
        assert_eq!(CreateContent::new(&c).federate(), expected, "{v}");
    }
    assert!(CreateContent::new(&obj(json!({}))).federate());
}

#[test]
fn creator_presence_and_value() {
    let c = obj(json!({"creator": "@alice:a.org"}));
    let view = CreateContent::new(&c);
    assert!(view.has_creator());
    assert_eq!(view.creator().unwrap().unwrap().as_str(), "@alice:a.org");
    let c = obj(json!({"creator": 5}));
    assert!(CreateContent::new(&c).has_creator());
    assert!(matches!(
        CreateContent::new(&c).creator(),
        Some(Err(ContentError::WrongType { .. }))
    ));
    assert!(CreateContent::new(&obj(json!({}))).creator().is_none());
}

#[test]
fn additional_creators() {
    let bob = UserId::parse("@bob:b.org").unwrap();
    let c = obj(json!({"additional_creators": ["@bob:b.org", "@Carol:c.org"]}));
    let view = CreateContent::new(&c);
    assert!(view.validate_additional_creators().is_ok());
    assert!(view.is_additional_creator(bob));
    assert_eq!(view.additional_creators().count(), 2);
    for bad in [
        json!("@bob:b.org"),
        json!([1]),
        json!(["bob"]),
        json!([null]),
    ] {
        let c = obj(json!({"additional_creators": bad}));
        let view = CreateContent::new(&c);
        assert!(view.validate_additional_creators().is_err(), "{bad}");
        assert!(!view.is_additional_creator(bob));
    }
    assert!(
        CreateContent::new(&obj(json!({})))
            .validate_additional_creators()
            .is_ok()
    );
}

#[test]
fn p1_52_a_string_predecessor_breaks_nothing_else() {
    // #foundation-office:matrix.org has such a create event.
    let c = obj(
        json!({"creator": "@alice:a.org", "predecessor": "!old:a.org", "room_version": "5", "type": 7}),
    );
    let view = CreateContent::new(&c);
    assert!(matches!(
        view.predecessor(),
        Some(Err(ContentError::WrongType {
            field: "predecessor",
            ..
        }))
    ));
    assert!(view.room_type().unwrap().is_err());
    assert_eq!(view.room_version().unwrap().as_str(), "5");
    assert!(view.federate());
    assert!(view.has_creator());
    let c = obj(json!({"predecessor": {"room_id": "!old:a.org", "event_id": 5}}));
    let p = CreateContent::new(&c).predecessor().unwrap().unwrap();
    assert_eq!(p.room_id().unwrap().unwrap().as_str(), "!old:a.org");
    assert!(p.event_id().unwrap().is_err());
}
