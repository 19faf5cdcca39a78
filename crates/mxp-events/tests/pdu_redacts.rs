//! Where an `m.room.redaction` names its target (`PDU-1`, P1-34): top-level
//! `redacts` in v1–v10, `content.redacts` from v11; the other location is
//! ignored, and a missing or malformed target is tolerated.

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_events::{Event, Pdu};
use mxp_ids::EventId;
use mxp_room_versions::{
    EventFormat, EventIdFormat, RedactsLocation, RoomIdFormat, RoomVersionRules,
};
use serde_json::{Value, json};

fn obj(v: Value) -> CanonicalJsonObject {
    match CanonicalJsonValue::try_from(v) {
        Ok(CanonicalJsonValue::Object(o)) => o,
        other => panic!("not an object: {other:?}"),
    }
}

fn eid(rules: &RoomVersionRules, i: usize) -> String {
    match rules.event_id_format {
        EventIdFormat::Opaque => format!("$ev{i}:example.org"),
        EventIdFormat::StandardBase64 => format!("$+/{:A>41}", i),
        _ => format!("$-_{:A>41}", i),
    }
}

fn redaction(rules: &RoomVersionRules, top: Option<Value>, content: Option<Value>) -> Value {
    let r = |i| match rules.event_format {
        EventFormat::V1 => json!([eid(rules, i), {"sha256": "aGFzaA"}]),
        _ => json!(eid(rules, i)),
    };
    let mut v = json!({
        "room_id": match rules.room_id_format {
            RoomIdFormat::ServerNamed => "!room:example.org",
            _ => "!Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ",
        },
        "sender": "@alice:example.org",
        "type": "m.room.redaction",
        "content": {"reason": "spam"},
        "origin_server_ts": 1,
        "depth": 2,
        "prev_events": [r(1)],
        "auth_events": [r(2)],
        "hashes": {"sha256": "aGFzaA"},
        "signatures": {"example.org": {"ed25519:1": "c2ln"}},
    });
    if rules.event_format == EventFormat::V1 {
        v["event_id"] = json!(eid(rules, 0));
    }
    if let Some(top) = top {
        v["redacts"] = top;
    }
    if let Some(c) = content {
        v["content"]["redacts"] = c;
    }
    v
}

fn parse(v: Value, rules: &RoomVersionRules) -> Pdu {
    let id = (rules.event_format != EventFormat::V1).then(|| eid(rules, 0));
    Pdu::from_canonical_object(
        obj(v),
        id.as_deref().map(|s| EventId::parse(s).unwrap()),
        rules,
    )
    .unwrap()
}

#[test]
fn p1_34_redacts_read_from_the_versions_location_only() {
    for (version, rules) in RoomVersionRules::ALL {
        let target = eid(rules, 9);
        let decoy = eid(rules, 8);
        let top = rules.redacts_location == RedactsLocation::TopLevel;
        let (at_top, in_content) = if top {
            (target.clone(), decoy.clone())
        } else {
            (decoy.clone(), target.clone())
        };
        let pdu = parse(
            redaction(rules, Some(json!(at_top)), Some(json!(in_content))),
            rules,
        );
        assert_eq!(
            pdu.redacts().map(|e| e.as_str()),
            Some(target.as_str()),
            "v{version}"
        );
        // Only in the other location: ignored.
        let other = if top {
            redaction(rules, None, Some(json!(target)))
        } else {
            redaction(rules, Some(json!(target)), None)
        };
        assert_eq!(parse(other, rules).redacts(), None, "v{version}");
        assert_eq!(version.as_str().parse::<u8>().unwrap() <= 10, top);
    }
}

#[test]
fn pdu_1_missing_or_malformed_redacts_is_tolerated() {
    for (version, rules) in RoomVersionRules::ALL {
        let top = rules.redacts_location == RedactsLocation::TopLevel;
        for bad in [
            None,
            Some(json!(5)),
            Some(json!(null)),
            Some(json!("not an event id")),
            // An event ID of another version's form.
            Some(json!(if rules.event_id_format == EventIdFormat::Opaque {
                "$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg"
            } else {
                "$ev:example.org"
            })),
        ] {
            let v = if top {
                redaction(rules, bad.clone(), None)
            } else {
                redaction(rules, None, bad.clone())
            };
            let pdu = parse(v.clone(), rules);
            assert_eq!(pdu.redacts(), None, "v{version} {bad:?}");
            assert_eq!(pdu.json(), &obj(v));
        }
    }
}

#[test]
fn redacts_only_for_redaction_events() {
    for (_, rules) in RoomVersionRules::ALL {
        let target = eid(rules, 9);
        let mut v = redaction(rules, Some(json!(target)), Some(json!(target)));
        v["type"] = json!("m.room.message");
        assert_eq!(parse(v, rules).redacts(), None);
    }
}
