//! Every room version's PDU format (`PDU-1`, `WF-EID-*`, `WF-RID-*`,
//! `room-versions.md` "Event format, IDs, signing") accepted, and its
//! violations rejected with the precise error.

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_events::{Event, Field, Pdu, PduError, check_pdu_format};
use mxp_ids::{EventId, RoomVersionId};
use mxp_room_versions::{EventFormat, RoomIdFormat, RoomVersionRules};
use serde_json::{Value, json};

fn obj(v: Value) -> CanonicalJsonObject {
    match CanonicalJsonValue::try_from(v) {
        Ok(CanonicalJsonValue::Object(o)) => o,
        other => panic!("not an object: {other:?}"),
    }
}

/// An event ID of the version's form, distinct per `i`.
fn eid(rules: &RoomVersionRules, i: usize) -> String {
    match rules.event_id_format {
        mxp_room_versions::EventIdFormat::Opaque => format!("$ev{i}:example.org"),
        mxp_room_versions::EventIdFormat::StandardBase64 => format!("$+/{:A>41}", i),
        _ => format!("$-_{:A>41}", i),
    }
}

fn reference(rules: &RoomVersionRules, i: usize) -> Value {
    match rules.event_format {
        EventFormat::V1 => json!([eid(rules, i), {"sha256": "aGFzaA"}]),
        _ => json!(eid(rules, i)),
    }
}

const V12_ROOM: &str = "!Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ";

fn room(rules: &RoomVersionRules) -> &'static str {
    match rules.room_id_format {
        RoomIdFormat::ServerNamed => "!room:example.org",
        _ => V12_ROOM,
    }
}

/// A valid `m.room.member` PDU for the room version.
fn member(rules: &RoomVersionRules) -> Value {
    let mut v = json!({
        "room_id": room(rules),
        "sender": "@alice:example.org",
        "type": "m.room.member",
        "state_key": "@alice:example.org",
        "content": {"membership": "join"},
        "origin_server_ts": 1_700_000_000_000i64,
        "depth": 7,
        "prev_events": [reference(rules, 1)],
        "auth_events": [reference(rules, 2), reference(rules, 3), reference(rules, 4)],
        "hashes": {"sha256": "aGFzaA"},
        "signatures": {"example.org": {"ed25519:1": "c2ln"}},
        "unsigned": {"age": 5},
    });
    if rules.event_format == EventFormat::V1 {
        v["event_id"] = json!(eid(rules, 0));
    }
    v
}

fn own_id(rules: &RoomVersionRules) -> Option<String> {
    (rules.event_format != EventFormat::V1).then(|| eid(rules, 0))
}

fn parse(v: Value, rules: &RoomVersionRules) -> Result<Pdu, PduError> {
    let id = own_id(rules);
    let id = id.as_deref().map(|s| EventId::parse(s).unwrap());
    let o = obj(v);
    let checked = check_pdu_format(&o, rules);
    let parsed = Pdu::from_canonical_object(o, id, rules);
    // The standalone step-1 check and the parser agree.
    assert_eq!(checked.clone().err(), parsed.clone().err());
    parsed
}

fn all() -> impl Iterator<Item = (&'static RoomVersionId, &'static RoomVersionRules)> {
    RoomVersionRules::ALL.into_iter()
}

fn err(v: Value, rules: &RoomVersionRules) -> PduError {
    match parse(v, rules) {
        Ok(p) => panic!("accepted: {p:?}"),
        Err(e) => e,
    }
}

#[test]
fn pdu_1_every_version_accepts_its_own_format() {
    for (version, rules) in all() {
        let pdu = parse(member(rules), rules).unwrap_or_else(|e| panic!("v{version}: {e}"));
        assert_eq!(pdu.event_id().as_str(), eid(rules, 0), "v{version}");
        assert_eq!(pdu.room_id().map(|r| r.as_str()), Some(room(rules)));
        assert_eq!(pdu.sender().as_str(), "@alice:example.org");
        assert_eq!(pdu.event_type(), "m.room.member");
        assert_eq!(pdu.state_key(), Some("@alice:example.org"));
        assert!(pdu.is_state());
        assert_eq!(pdu.content(), &obj(json!({"membership": "join"})));
        assert_eq!(pdu.origin_server_ts(), 1_700_000_000_000);
        assert_eq!(pdu.depth(), 7);
        let ids = |v: &[mxp_ids::OwnedEventId]| v.iter().map(|i| i.to_string()).collect::<Vec<_>>();
        assert_eq!(ids(pdu.prev_events()), [eid(rules, 1)]);
        assert_eq!(
            ids(pdu.auth_events()),
            [eid(rules, 2), eid(rules, 3), eid(rules, 4)]
        );
        assert_eq!(pdu.redacts(), None);
        assert_eq!(pdu.content_hash(), "aGFzaA");
        assert_eq!(
            pdu.signatures(),
            &obj(json!({"example.org": {"ed25519:1": "c2ln"}}))
        );
        assert_eq!(pdu.unsigned(), Some(&obj(json!({"age": 5}))));
        assert_eq!(pdu.format(), rules.event_format);
        assert_eq!(pdu.json(), &obj(member(rules)));
    }
}

#[test]
fn pdu_1_v1_pair_references_rejected_from_v3() {
    for (version, rules) in all().filter(|(_, r)| r.event_format == EventFormat::V3) {
        let mut v = member(rules);
        v["prev_events"] = json!([[eid(rules, 1), {"sha256": "aGFzaA"}]]);
        assert_eq!(
            err(v, rules),
            PduError::WrongType {
                field: Field::PrevEvent(0),
                expected: "an event ID string"
            },
            "v{version}"
        );
        let mut v = member(rules);
        v["auth_events"][2] = json!([eid(rules, 4), {"sha256": "aGFzaA"}]);
        assert!(matches!(
            err(v, rules),
            PduError::WrongType {
                field: Field::AuthEvent(2),
                ..
            }
        ));
    }
}

#[test]
fn pdu_1_bare_references_rejected_in_v1_v2() {
    for rules in [&RoomVersionRules::V1, &RoomVersionRules::V2] {
        let mut v = member(rules);
        v["prev_events"] = json!([eid(rules, 1)]);
        assert_eq!(
            err(v, rules),
            PduError::WrongType {
                field: Field::PrevEvent(0),
                expected: "an [event_id, {\"sha256\": hash}] pair"
            }
        );
        // Pairs must be exactly two elements, the second an object.
        for bad in [
            json!([eid(rules, 1)]),
            json!([eid(rules, 1), "aGFzaA"]),
            json!([eid(rules, 1), {"sha256": "aGFzaA"}, 1]),
            json!([1, {"sha256": "aGFzaA"}]),
        ] {
            let mut v = member(rules);
            v["auth_events"] = json!([bad]);
            assert!(matches!(
                err(v, rules),
                PduError::WrongType {
                    field: Field::AuthEvent(0),
                    ..
                }
            ));
        }
        // The hashes of a reference are read by no rule: tolerated.
        let mut v = member(rules);
        v["prev_events"] = json!([[eid(rules, 1), {}]]);
        assert!(parse(v, rules).is_ok());
    }
}

#[test]
fn wf_eid_reference_forms_per_version() {
    let cases: [(&RoomVersionRules, &str); 6] = [
        // v1–v2: opaque only.
        (
            &RoomVersionRules::V1,
            "$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg",
        ),
        // v3: standard base64, no `-`/`_`, and not opaque.
        (
            &RoomVersionRules::V3,
            "$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg",
        ),
        (&RoomVersionRules::V3, "$ev:example.org"),
        // v4+: URL-safe, no `+`/`/`.
        (
            &RoomVersionRules::V4,
            "$acR1l0raoZnm60CBwAVgqbZqoO/mYU81xysh1u7XcJk",
        ),
        (&RoomVersionRules::V11, "$ev:example.org"),
        (
            &RoomVersionRules::V12,
            "$acR1l0raoZnm60CBwAVgqbZqoO/mYU81xysh1u7XcJk",
        ),
    ];
    for (rules, bad) in cases {
        let mut v = member(rules);
        v["auth_events"][1] = match rules.event_format {
            EventFormat::V1 => json!([bad, {"sha256": "aGFzaA"}]),
            _ => json!(bad),
        };
        assert_eq!(
            err(v, rules),
            PduError::WrongEventIdForm {
                field: Field::AuthEvent(1),
                event_id: EventId::parse(bad).unwrap().to_owned(),
                expected: rules.event_id_format,
            },
            "{bad} in {:?}",
            rules.event_id_format
        );
    }
    // v3 accepts hash IDs made only of characters both alphabets share.
    let rules = &RoomVersionRules::V3;
    let mut v = member(rules);
    v["prev_events"] = json!([format!("${:A>43}", 7)]);
    assert!(parse(v, rules).is_ok());
}

#[test]
fn wf_eid_1_v1_v2_event_id_required_and_opaque() {
    for rules in [&RoomVersionRules::V1, &RoomVersionRules::V2] {
        let mut v = member(rules);
        v.as_object_mut().unwrap().remove("event_id");
        assert_eq!(err(v, rules), PduError::MissingField(Field::EventId));

        let mut v = member(rules);
        v["event_id"] = json!("$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg");
        assert!(matches!(
            err(v, rules),
            PduError::WrongEventIdForm {
                field: Field::EventId,
                ..
            }
        ));

        let mut v = member(rules);
        v["event_id"] = json!(7);
        assert!(matches!(
            err(v, rules),
            PduError::WrongType {
                field: Field::EventId,
                ..
            }
        ));

        let mut v = member(rules);
        v["event_id"] = json!("ev:example.org");
        assert!(matches!(
            err(v, rules),
            PduError::InvalidId {
                field: Field::EventId,
                ..
            }
        ));

        // A supplied ID must match the carried one.
        let o = obj(member(rules));
        let same = EventId::parse("$ev0:example.org").unwrap();
        assert!(Pdu::from_canonical_object(o.clone(), Some(same), rules).is_ok());
        let other = EventId::parse("$other:example.org").unwrap();
        assert_eq!(
            Pdu::from_canonical_object(o, Some(other), rules),
            Err(PduError::EventIdMismatch {
                in_pdu: same.to_owned(),
                supplied: other.to_owned()
            })
        );
    }
}

#[test]
fn wf_eid_4_v3_plus_event_id_computed_or_supplied_in_the_right_form() {
    for (version, rules) in all().filter(|(_, r)| r.event_format == EventFormat::V3) {
        let o = obj(member(rules));
        // REF-2: without a supplied ID, the reference hash in the version's alphabet.
        let computed = Pdu::from_canonical_object(o.clone(), None, rules).unwrap();
        let expected = mxp_signatures::event_id(&o, rules).unwrap();
        assert_eq!(computed.event_id(), &*expected, "v{version}");
        assert_eq!(computed.event_id().len(), 44);
        let id = computed.event_id().as_str();
        if rules.event_id_format == mxp_room_versions::EventIdFormat::StandardBase64 {
            assert!(!id.contains(['-', '_']), "{id}");
        } else {
            assert!(!id.contains(['+', '/']), "{id}");
        }
        // P1-27: `unsigned` and `signatures` do not change it.
        let mut other = o.clone();
        other.insert("unsigned".into(), obj(json!({"age": 99})).into());
        other.insert(
            "signatures".into(),
            obj(json!({"x.org": {"ed25519:a": "b"}})).into(),
        );
        let other = Pdu::from_canonical_object(other, None, rules).unwrap();
        assert_eq!(other.event_id(), computed.event_id());
        let wrong = if rules.event_id_format == mxp_room_versions::EventIdFormat::StandardBase64 {
            "$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg"
        } else {
            "$acR1l0raoZnm60CBwAVgqbZqoO/mYU81xysh1u7XcJk"
        };
        for wrong in [wrong, "$ev:example.org"] {
            let wrong = EventId::parse(wrong).unwrap();
            assert!(matches!(
                Pdu::from_canonical_object(o.clone(), Some(wrong), rules),
                Err(PduError::WrongEventIdForm {
                    field: Field::EventId,
                    ..
                })
            ));
        }
        // An `event_id` key in a v3+ PDU is an extra key: kept, not read.
        let mut v = member(rules);
        v["event_id"] = json!("$ev:elsewhere.org");
        let pdu = parse(v.clone(), rules).unwrap();
        assert_eq!(pdu.event_id().as_str(), eid(rules, 0));
        assert_eq!(pdu.json(), &obj(v));
    }
}

#[test]
fn ref_2_event_id_of_the_spec_signing_vector() {
    // The spec's event-signing example (origin "domain"), whose v4+ event ID
    // is published in the digest's derived vectors.
    let json = br#"{
        "auth_events": [], "content": {}, "depth": 3,
        "hashes": {"sha256": "5jM4wQpv6lnBo7CLIghJuHdW+s2CMBJPUOGOC89ncos"},
        "origin": "domain", "origin_server_ts": 1000000, "prev_events": [],
        "room_id": "!x:domain", "sender": "@a:domain", "type": "X",
        "signatures": {"domain": {"ed25519:1": "KxwGjPSDEtvnFgU00fwFz+l6d2pJM6XBIaMEn81SXPTRl16AqLAYqfIReFGZlHi5KLjAWbOoMszkwsQma+lYAg"}},
        "unsigned": {"age_ts": 1000000}
    }"#;
    for rules in [&RoomVersionRules::V3, &RoomVersionRules::V10] {
        let pdu = Pdu::from_json_bytes(json, None, rules).unwrap();
        assert_eq!(
            pdu.event_id().as_str(),
            "$8yif6p8EqgoSten2BLje9ntKm720NyFLWQv9tn8memc"
        );
    }
    // v11 redaction drops `origin`, which changes the hash.
    let pdu = Pdu::from_json_bytes(json, None, &RoomVersionRules::V11).unwrap();
    assert_eq!(
        pdu.event_id().as_str(),
        "$70O_oKlXzFbkfu0KE88USi98DjSWrOELrPj-8tisl8I"
    );
}

#[test]
fn wf_rid_room_id_form_per_version() {
    for (version, rules) in all() {
        let mut v = member(rules);
        let wrong = match rules.room_id_format {
            RoomIdFormat::ServerNamed => V12_ROOM,
            _ => "!room:example.org",
        };
        v["room_id"] = json!(wrong);
        assert_eq!(
            err(v, rules),
            PduError::WrongRoomIdForm {
                room_id: wrong.try_into().unwrap(),
                expected: rules.room_id_format
            },
            "v{version}"
        );

        let mut v = member(rules);
        v["room_id"] = json!("room:example.org");
        assert!(matches!(
            err(v, rules),
            PduError::InvalidId {
                field: Field::RoomId,
                ..
            }
        ));

        let mut v = member(rules);
        v.as_object_mut().unwrap().remove("room_id");
        assert_eq!(err(v, rules), PduError::MissingField(Field::RoomId));
    }
}

fn create(rules: &RoomVersionRules) -> Value {
    let mut v = member(rules);
    v["type"] = json!("m.room.create");
    v["state_key"] = json!("");
    v["content"] = json!({"room_version": "12"});
    v["prev_events"] = json!([]);
    v["auth_events"] = json!([]);
    v["depth"] = json!(1);
    v
}

#[test]
fn pdu_1_v12_create_has_no_room_id() {
    let rules = &RoomVersionRules::V12;
    let mut v = create(rules);
    v.as_object_mut().unwrap().remove("room_id");
    let pdu = parse(v, rules).unwrap();
    assert_eq!(pdu.room_id(), None);
    assert_eq!(pdu.event_type(), "m.room.create");

    // Before v12 a create event needs its room_id like any other.
    for (_, rules) in all().filter(|(_, r)| r.room_id_format == RoomIdFormat::ServerNamed) {
        let mut v = create(rules);
        v.as_object_mut().unwrap().remove("room_id");
        assert_eq!(err(v, rules), PduError::MissingField(Field::RoomId));
    }
}

#[test]
fn auth_v12_1_2_v12_create_with_room_id_is_left_to_the_auth_rules() {
    // A v12 create carrying a room_id is rejected by AUTH-v12-1.2 (persisted
    // as rejected), not dropped as malformed: the format accepts it.
    let rules = &RoomVersionRules::V12;
    for room_id in [V12_ROOM, "!room:example.org"] {
        let mut v = create(rules);
        v["room_id"] = json!(room_id);
        let pdu = parse(v, rules).unwrap();
        assert_eq!(pdu.room_id().map(|r| r.as_str()), Some(room_id));
    }
    // It must still be a room ID.
    let mut v = create(rules);
    v["room_id"] = json!(12);
    assert!(matches!(
        err(v, rules),
        PduError::WrongType {
            field: Field::RoomId,
            ..
        }
    ));
}

#[test]
fn pdu_1_required_keys() {
    let keys = [
        ("room_id", Field::RoomId),
        ("sender", Field::Sender),
        ("type", Field::Type),
        ("content", Field::Content),
        ("origin_server_ts", Field::OriginServerTs),
        ("depth", Field::Depth),
        ("prev_events", Field::PrevEvents),
        ("auth_events", Field::AuthEvents),
        ("hashes", Field::Hashes),
        ("signatures", Field::Signatures),
    ];
    for (_, rules) in all() {
        for (key, field) in keys.clone() {
            let mut v = member(rules);
            v.as_object_mut().unwrap().remove(key);
            let e = err(v, rules);
            assert_eq!(e, PduError::MissingField(field), "{key}");
            // The message names the key as it is spelled in the JSON.
            assert!(e.to_string().contains(&format!("`{key}`")), "{e}");
        }
        // Optional: state_key and unsigned.
        for key in ["state_key", "unsigned"] {
            let mut v = member(rules);
            v.as_object_mut().unwrap().remove(key);
            assert!(parse(v, rules).is_ok(), "{key}");
        }
    }
}

#[test]
fn pdu_1_json_types() {
    // Each case's last element is where the message must say the problem is.
    let cases: Vec<(&str, Value, Field)> = vec![
        ("sender", json!(1), Field::Sender),
        ("type", json!(null), Field::Type),
        ("type", json!(["m.room.member"]), Field::Type),
        ("state_key", json!(0), Field::StateKey),
        ("state_key", json!({}), Field::StateKey),
        ("content", json!("{}"), Field::Content),
        ("content", json!([]), Field::Content),
        ("content", json!(null), Field::Content),
        (
            "origin_server_ts",
            json!("1700000000000"),
            Field::OriginServerTs,
        ),
        ("origin_server_ts", json!(null), Field::OriginServerTs),
        ("depth", json!("7"), Field::Depth),
        ("depth", json!(true), Field::Depth),
        ("prev_events", json!({}), Field::PrevEvents),
        ("auth_events", json!(null), Field::AuthEvents),
        ("hashes", json!("aGFzaA"), Field::Hashes),
        ("hashes", json!({"sha256": 5}), Field::HashesSha256),
        ("hashes", json!({"sha256": {"x": 1}}), Field::HashesSha256),
        ("signatures", json!([]), Field::Signatures),
        (
            "signatures",
            json!({"example.org": "c2ln"}),
            Field::SignaturesOf {
                server: "example.org".into(),
            },
        ),
        (
            "signatures",
            json!({"example.org": {"ed25519:1": "c2ln", "ed25519:2": 2}}),
            Field::Signature {
                server: "example.org".into(),
                key_id: "ed25519:2".into(),
            },
        ),
    ];
    for (_, rules) in all() {
        for (key, value, field) in cases.clone() {
            let mut v = member(rules);
            v[key] = value.clone();
            let e = err(v, rules);
            match &e {
                PduError::WrongType { field: f, .. } => {
                    let path = match f {
                        Field::HashesSha256 => "hashes.sha256".to_owned(),
                        Field::SignaturesOf { server } => format!("signatures[{server:?}]"),
                        Field::Signature { server, key_id } => {
                            format!("signatures[{server:?}][{key_id:?}]")
                        }
                        _ => key.to_owned(),
                    };
                    assert!(e.to_string().contains(&format!("`{path}`")), "{e}");
                    assert_eq!(*f, field, "{key}: {value}");
                }
                e => panic!("{key}: {value}: {e}"),
            }
        }
        let mut v = member(rules);
        v["hashes"] = json!({"sha512": "aGFzaA"});
        assert_eq!(err(v, rules), PduError::MissingField(Field::HashesSha256));
    }
}

#[test]
fn pdu_1_tolerated_shapes() {
    for (version, rules) in all() {
        // state_key: null reads as "not a state event" (Synapse and ruma).
        let mut v = member(rules);
        v["state_key"] = json!(null);
        let pdu = parse(v, rules).unwrap();
        assert_eq!(pdu.state_key(), None, "v{version}");
        assert!(!pdu.is_state());
        // Any `unsigned`, extra hashes, a non-base64 sha256, empty signatures,
        // odd server names and key IDs, negative timestamps, empty type.
        let mut v = member(rules);
        v["unsigned"] = json!("not an object");
        v["hashes"] = json!({"sha256": "not base64!", "sha512": 1});
        v["signatures"] = json!({"not a server": {"unknown": "x"}, "example.org": {}});
        v["origin_server_ts"] = json!(-5);
        v["type"] = json!("");
        let pdu = parse(v, rules).unwrap();
        assert_eq!(pdu.unsigned(), None);
        assert_eq!(pdu.origin_server_ts(), -5);
        assert_eq!(pdu.content_hash(), "not base64!");
        // Historical user IDs are valid senders (WF-UID-3).
        for sender in [
            "@Alice:example.org",
            "@:example.org",
            "@a b\u{1}é:example.org:8448",
        ] {
            let mut v = member(rules);
            v["sender"] = json!(sender);
            assert_eq!(parse(v, rules).unwrap().sender().as_str(), sender);
        }
        for sender in ["alice", "@alice", "@alice:", "@a\u{0}:example.org", ""] {
            let mut v = member(rules);
            v["sender"] = json!(sender);
            assert!(matches!(
                err(v, rules),
                PduError::InvalidId {
                    field: Field::Sender,
                    ..
                }
            ));
        }
        // An empty prev_events is the format's business only for creates; the
        // auth rules decide the rest.
        let mut v = member(rules);
        v["prev_events"] = json!([]);
        assert!(parse(v, rules).is_ok());
    }
}

#[test]
fn p1_52_content_is_never_read_by_the_format() {
    for (_, rules) in all() {
        let mut v = create(rules);
        v["content"] = json!({
            "predecessor": "not an object",
            "m.federate": "maybe",
            "creator": 5,
            "room_version": ["12"],
            "custom": {"deep": [{"x": null}]}
        });
        let pdu = parse(v.clone(), rules).unwrap();
        assert_eq!(pdu.content(), &obj(v["content"].clone()));
        let mut v = member(rules);
        v["content"] = json!({});
        assert!(parse(v, rules).is_ok());
    }
}

#[test]
fn pdu_unknown_types_and_keys_round_trip_losslessly() {
    for (_, rules) in all() {
        let mut v = member(rules);
        v["type"] = json!("com.example.custom");
        v["origin"] = json!("example.org");
        v["membership"] = json!("join");
        v["prev_state"] = json!([]);
        v["com.example.extra"] = json!({"nested": [1, "two", null, false, {"a": -3}]});
        v["content"] = json!({"join_rule": "xyz.custom", "weird": [[[]]]});
        let o = obj(v);
        let pdu = Pdu::from_canonical_object(
            o.clone(),
            own_id(rules).as_deref().map(|s| EventId::parse(s).unwrap()),
            rules,
        )
        .unwrap();
        assert_eq!(pdu.event_type(), "com.example.custom");
        assert_eq!(pdu.json(), &o);
        assert_eq!(Event::json(&pdu), &o);
        assert_eq!(pdu.into_json(), o);
    }
}

#[test]
fn pdu_is_send_sync_and_usable_through_event_pointers() {
    fn assert_traits<T: Send + Sync + Clone + std::fmt::Debug>() {}
    assert_traits::<Pdu>();
    assert_traits::<PduError>();
    let rules = &RoomVersionRules::V11;
    let pdu = std::sync::Arc::new(parse(member(rules), rules).unwrap());
    fn depth(e: impl Event) -> i64 {
        e.depth()
    }
    assert_eq!(depth(&*pdu), 7);
    assert_eq!(depth(pdu.clone()), 7);
}

#[test]
fn pdu_errors_name_the_field() {
    let rules = &RoomVersionRules::V10;
    let mut v = member(rules);
    v["auth_events"][2] = json!(["$x", {}]);
    let e = err(v, rules);
    assert!(e.to_string().contains("auth_events[2]"), "{e}");
    let mut v = member(rules);
    v["signatures"] = json!({"a.org": {"ed25519:1": 1}});
    let e = err(v, rules);
    assert!(
        e.to_string()
            .contains(r#"signatures["a.org"]["ed25519:1"]"#),
        "{e}"
    );
}

#[test]
fn pdu_from_json_bytes_rejects_non_json_and_non_objects() {
    let rules = &RoomVersionRules::V11;
    let kind = |bytes: &[u8]| match Pdu::from_json_bytes(bytes, None, rules) {
        Err(PduError::Json(e)) => e.kind(),
        other => panic!("{other:?}"),
    };
    assert_eq!(kind(b"{\"a\":"), "invalid_json");
    assert_eq!(kind(b"[1]"), "not_an_object");
    assert_eq!(kind(br#"{"a":1,"a":2}"#), "duplicate_key");
    assert_eq!(kind(br#"{"a":-0}"#), "negative_zero");
    assert_eq!(kind(br#"{"a":1e3}"#), "float_not_allowed");
    assert_eq!(kind(br#"{"a":"\ud800"}"#), "lone_surrogate");
    let bytes = serde_json::to_vec(&member(rules)).unwrap();
    let id = eid(rules, 0);
    let pdu = Pdu::from_json_bytes(&bytes, Some(EventId::parse(&id).unwrap()), rules).unwrap();
    assert_eq!(pdu.json(), &obj(member(rules)));
}
