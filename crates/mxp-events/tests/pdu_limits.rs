//! Size and field limits at their boundaries: `PDU-2`, `PDU-3`, `PDU-4`,
//! `PDU-5`, and canonical JSON enforcement from v6 (`CJ-6`).

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue, to_canonical_bytes};
use mxp_events::{
    Event, Field, MAX_AUTH_EVENTS, MAX_FIELD_BYTES, MAX_PDU_BYTES, MAX_PREV_EVENTS, Pdu, PduError,
};
use mxp_ids::{EventId, RoomVersionId};
use mxp_room_versions::{EventFormat, EventIdFormat, RoomIdFormat, RoomVersionRules};
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

fn reference(rules: &RoomVersionRules, id: String) -> Value {
    match rules.event_format {
        EventFormat::V1 => json!([id, {"sha256": "aGFzaA"}]),
        _ => json!(id),
    }
}

fn message(rules: &RoomVersionRules) -> Value {
    let mut v = json!({
        "room_id": match rules.room_id_format {
            RoomIdFormat::ServerNamed => "!room:example.org",
            _ => "!Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ",
        },
        "sender": "@alice:example.org",
        "type": "m.room.message",
        "content": {"body": "hello"},
        "origin_server_ts": 1,
        "depth": 2,
        "prev_events": [reference(rules, eid(rules, 1))],
        "auth_events": [reference(rules, eid(rules, 2))],
        "hashes": {"sha256": "aGFzaA"},
        "signatures": {"example.org": {"ed25519:1": "c2ln"}},
    });
    if rules.event_format == EventFormat::V1 {
        v["event_id"] = json!(eid(rules, 0));
    }
    v
}

fn parse_obj(o: CanonicalJsonObject, rules: &RoomVersionRules) -> Result<Pdu, PduError> {
    let id = (rules.event_format != EventFormat::V1).then(|| eid(rules, 0));
    Pdu::from_canonical_object(o, id.as_deref().map(|s| EventId::parse(s).unwrap()), rules)
}

fn parse(v: Value, rules: &RoomVersionRules) -> Result<Pdu, PduError> {
    parse_obj(obj(v), rules)
}

fn all() -> impl Iterator<Item = (&'static RoomVersionId, &'static RoomVersionRules)> {
    RoomVersionRules::ALL.into_iter()
}

/// A string of exactly `n` bytes, made of two-byte characters where possible
/// so that code points and bytes differ.
fn bytes(prefix: &str, n: usize, suffix: &str) -> String {
    let fill = n - prefix.len() - suffix.len();
    format!(
        "{prefix}{}{}{suffix}",
        "é".repeat(fill / 2),
        "a".repeat(fill % 2)
    )
}

/// Builds a field value of the given byte length.
type MakeString = Box<dyn Fn(usize) -> String>;

#[test]
fn pdu_5_field_limits_are_255_bytes() {
    assert_eq!(MAX_FIELD_BYTES, 255);
    for (version, rules) in all() {
        let mut cases: Vec<(&str, Field, MakeString)> = vec![
            (
                "sender",
                Field::Sender,
                Box::new(|n| bytes("@", n, ":example.org")),
            ),
            ("type", Field::Type, Box::new(|n| bytes("", n, ""))),
            ("state_key", Field::StateKey, Box::new(|n| bytes("", n, ""))),
        ];
        if rules.room_id_format == RoomIdFormat::ServerNamed {
            cases.push((
                "room_id",
                Field::RoomId,
                Box::new(|n| bytes("!", n, ":example.org")),
            ));
        }
        if rules.event_format == EventFormat::V1 {
            cases.push((
                "event_id",
                Field::EventId,
                Box::new(|n| bytes("$", n, ":example.org")),
            ));
        }
        for (key, field, make) in cases {
            let mut v = message(rules);
            v[key] = json!(make(255));
            assert_eq!(v[key].as_str().unwrap().len(), 255);
            assert!(parse(v, rules).is_ok(), "v{version} {key} at 255 bytes");
            let mut v = message(rules);
            let long = make(256);
            // 256 bytes but far fewer code points: PDU-5 counts bytes.
            assert!(long.chars().count() < 200);
            v[key] = json!(long);
            assert_eq!(
                parse(v, rules),
                Err(PduError::TooLong {
                    field,
                    length: 256,
                    max: 255
                }),
                "v{version} {key} at 256 bytes"
            );
        }
    }
}

#[test]
fn pdu_5_reference_ids_are_255_bytes_in_v1_v2() {
    for rules in [&RoomVersionRules::V1, &RoomVersionRules::V2] {
        let mut v = message(rules);
        v["prev_events"] = json!([reference(rules, bytes("$", 255, ":example.org"))]);
        assert!(parse(v, rules).is_ok());
        let mut v = message(rules);
        v["auth_events"] = json!([reference(rules, bytes("$", 256, ":example.org"))]);
        assert_eq!(
            parse(v, rules),
            Err(PduError::TooLong {
                field: Field::AuthEvent(0),
                length: 256,
                max: 255
            })
        );
    }
}

#[test]
fn pdu_2_at_most_20_prev_events_and_10_auth_events() {
    assert_eq!((MAX_PREV_EVENTS, MAX_AUTH_EVENTS), (20, 10));
    for (version, rules) in all() {
        let refs = |n: usize| {
            Value::Array(
                (0..n)
                    .map(|i| reference(rules, eid(rules, 100 + i)))
                    .collect(),
            )
        };
        let mut v = message(rules);
        v["prev_events"] = refs(20);
        v["auth_events"] = refs(10);
        let pdu = parse(v, rules).unwrap_or_else(|e| panic!("v{version}: {e}"));
        assert_eq!((pdu.prev_events().len(), pdu.auth_events().len()), (20, 10));

        let mut v = message(rules);
        v["prev_events"] = refs(21);
        assert_eq!(
            parse(v, rules),
            Err(PduError::TooManyPrevEvents { count: 21, max: 20 })
        );
        let mut v = message(rules);
        v["auth_events"] = refs(11);
        assert_eq!(
            parse(v, rules),
            Err(PduError::TooManyAuthEvents { count: 11, max: 10 })
        );
    }
}

fn with_depth(rules: &RoomVersionRules, depth: CanonicalJsonValue) -> CanonicalJsonObject {
    let mut o = obj(message(rules));
    o.insert("depth".into(), depth);
    o
}

#[test]
fn pdu_3_depth_limit_v1_to_v5_is_2_pow_63_minus_1() {
    for (version, rules) in all().filter(|(_, r)| !r.strict_canonical_json) {
        assert_eq!(rules.max_depth, i64::MAX);
        // The lenient parser keeps integers beyond 2^53 as their text.
        let bytes = |depth: &str| {
            let mut s = serde_json::to_string(&message(rules)).unwrap();
            s = s.replacen("\"depth\":2", &format!("\"depth\":{depth}"), 1);
            s.into_bytes()
        };
        let id = (rules.event_format != EventFormat::V1).then(|| eid(rules, 0));
        let id = id.as_deref().map(|s| EventId::parse(s).unwrap());
        for ok in [0, 9_007_199_254_740_992, i64::MAX] {
            let pdu = Pdu::from_json_bytes(&bytes(&ok.to_string()), id, rules)
                .unwrap_or_else(|e| panic!("v{version} depth {ok}: {e}"));
            assert_eq!(pdu.depth(), ok);
        }
        let max_plus_1 = "9223372036854775808";
        assert_eq!(
            Pdu::from_json_bytes(&bytes(max_plus_1), id, rules),
            Err(PduError::DepthOutOfRange {
                depth: max_plus_1.into(),
                max: i64::MAX
            }),
            "v{version}"
        );
        // Same through from_canonical_object with a legacy number.
        let o = with_depth(rules, CanonicalJsonValue::LegacyNumber(max_plus_1.into()));
        assert!(matches!(
            parse_obj(o, rules),
            Err(PduError::DepthOutOfRange { .. })
        ));
        let o = with_depth(
            rules,
            CanonicalJsonValue::LegacyNumber(i64::MAX.to_string()),
        );
        assert_eq!(parse_obj(o, rules).unwrap().depth(), i64::MAX);
        // Floats are not depths, even integral ones (Synapse agrees).
        for float in ["1.0", "1e3", "2.5"] {
            let o = with_depth(rules, CanonicalJsonValue::LegacyNumber(float.into()));
            assert_eq!(
                parse_obj(o, rules),
                Err(PduError::WrongType {
                    field: Field::Depth,
                    expected: "an integer"
                })
            );
        }
    }
}

#[test]
fn pdu_3_depth_limit_from_v6_is_2_pow_53_minus_1() {
    const MAX: i64 = (1 << 53) - 1;
    for (version, rules) in all().filter(|(_, r)| r.strict_canonical_json) {
        assert_eq!(rules.max_depth, MAX);
        let o = with_depth(rules, CanonicalJsonValue::Integer(MAX));
        assert_eq!(parse_obj(o, rules).unwrap().depth(), MAX, "v{version}");
        // 2^53 is not canonical JSON, which v6+ enforces first (CJ-6).
        let o = with_depth(rules, CanonicalJsonValue::Integer(MAX + 1));
        assert_eq!(
            parse_obj(o, rules),
            Err(PduError::NotCanonicalJson {
                number: (MAX + 1).to_string()
            })
        );
        // The depth limit itself, seen with canonical JSON enforcement off.
        let lenient = RoomVersionRules {
            strict_canonical_json: false,
            ..*rules
        };
        let o = with_depth(
            &lenient,
            CanonicalJsonValue::LegacyNumber((MAX + 1).to_string()),
        );
        assert_eq!(
            parse_obj(o, &lenient),
            Err(PduError::DepthOutOfRange {
                depth: (MAX + 1).to_string(),
                max: MAX
            })
        );
    }
}

#[test]
fn pdu_3_negative_depth_rejected_in_every_version() {
    for (_, rules) in all() {
        let o = with_depth(rules, CanonicalJsonValue::Integer(-1));
        assert_eq!(
            parse_obj(o, rules),
            Err(PduError::DepthOutOfRange {
                depth: "-1".into(),
                max: rules.max_depth
            })
        );
        let o = with_depth(rules, CanonicalJsonValue::Integer(0));
        assert_eq!(parse_obj(o, rules).unwrap().depth(), 0);
    }
}

/// The message padded so that its canonical JSON is exactly `size` bytes.
fn sized(rules: &RoomVersionRules, size: usize) -> CanonicalJsonObject {
    let mut o = obj(message(rules));
    o.insert("unsigned".into(), obj(json!({"pad": ""})).into());
    let base = to_canonical_bytes(&o.clone().into()).unwrap().len();
    o.insert(
        "unsigned".into(),
        obj(json!({"pad": "x".repeat(size - base)})).into(),
    );
    assert_eq!(to_canonical_bytes(&o.clone().into()).unwrap().len(), size);
    o
}

#[test]
fn pdu_4_whole_pdu_at_most_65536_canonical_bytes() {
    assert_eq!(MAX_PDU_BYTES, 65_536);
    for (version, rules) in all() {
        assert!(parse_obj(sized(rules, 65_536), rules).is_ok(), "v{version}");
        assert_eq!(
            parse_obj(sized(rules, 65_537), rules),
            Err(PduError::TooLarge {
                size: 65_537,
                max: 65_536
            })
        );
    }
}

#[test]
fn pdu_4_limit_from_bytes() {
    for (version, rules) in all() {
        let id = (rules.event_format != EventFormat::V1).then(|| eid(rules, 0));
        let id = id.as_deref().map(|s| EventId::parse(s).unwrap());
        for (size, ok) in [(65_536, true), (65_537, false)] {
            let bytes = to_canonical_bytes(&sized(rules, size).into()).unwrap();
            assert_eq!(bytes.len(), size);
            let result = Pdu::from_json_bytes(&bytes, id, rules);
            assert_eq!(result.is_ok(), ok, "v{version} {size}: {result:?}");
            if !ok {
                assert_eq!(result, Err(PduError::TooLarge { size, max: 65_536 }));
            }
        }
    }
}

#[test]
fn pdu_4_size_is_measured_in_canonical_form_not_input_bytes() {
    let rules = &RoomVersionRules::V11;
    let o = sized(rules, 65_536);
    // Pretty-printed input is far larger than 65,536 bytes.
    let pretty = serde_json::to_vec_pretty(&Value::from(CanonicalJsonValue::Object(o))).unwrap();
    let pretty = [b"   ".repeat(1000), pretty].concat();
    assert!(pretty.len() > 65_536);
    let id = EventId::parse(&eid(rules, 0)).unwrap().to_owned();
    assert!(Pdu::from_json_bytes(&pretty, Some(&id), rules).is_ok());
}

#[test]
fn pdu_4_checked_before_anything_else() {
    let rules = &RoomVersionRules::V11;
    let mut o = sized(rules, 70_000);
    o.remove("sender");
    assert!(matches!(
        parse_obj(o, rules),
        Err(PduError::TooLarge { .. })
    ));
}

#[test]
fn cj_6_canonical_json_enforced_from_v6_only() {
    for (version, rules) in all() {
        let mut o = obj(message(rules));
        let mut content = CanonicalJsonObject::new();
        content.insert("n".into(), CanonicalJsonValue::LegacyNumber("1.5".into()));
        o.insert("content".into(), content.into());
        let result = parse_obj(o.clone(), rules);
        if rules.strict_canonical_json {
            assert_eq!(
                result,
                Err(PduError::NotCanonicalJson {
                    number: "1.5".into()
                }),
                "v{version}"
            );
        } else {
            // Kept losslessly in v1–v5.
            assert_eq!(result.unwrap().json(), &o, "v{version}");
        }
        // From bytes too, anywhere in the PDU, `unsigned` included.
        let mut v = message(rules);
        v["unsigned"] = json!({"age": 1.5});
        let id = (rules.event_format != EventFormat::V1).then(|| eid(rules, 0));
        let id = id.as_deref().map(|s| EventId::parse(s).unwrap());
        let result = Pdu::from_json_bytes(&serde_json::to_vec(&v).unwrap(), id, rules);
        assert_eq!(result.is_ok(), !rules.strict_canonical_json, "v{version}");
    }
}

#[test]
fn origin_server_ts_must_be_an_integer() {
    for (_, rules) in all() {
        let mut o = obj(message(rules));
        o.insert(
            "origin_server_ts".into(),
            CanonicalJsonValue::LegacyNumber("1.5".into()),
        );
        let e = parse_obj(
            o,
            &RoomVersionRules {
                strict_canonical_json: false,
                ..*rules
            },
        );
        assert_eq!(
            e,
            Err(PduError::WrongType {
                field: Field::OriginServerTs,
                expected: "an integer"
            })
        );
    }
    // v1–v5: timestamps beyond 2^53 but within i64 are integers.
    let rules = &RoomVersionRules::V5;
    let mut o = obj(message(rules));
    o.insert(
        "origin_server_ts".into(),
        CanonicalJsonValue::LegacyNumber("-9007199254740993".into()),
    );
    assert_eq!(
        parse_obj(o, rules).unwrap().origin_server_ts(),
        -9_007_199_254_740_993
    );
}
