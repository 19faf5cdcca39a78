//! Property tests: parsing never panics on arbitrary input, extra keys and
//! arbitrary content never break a valid PDU (P1-52) and are kept losslessly.

use mxp_canonical_json::{
    CanonicalJsonObject, CanonicalJsonValue, MAX_SAFE_INTEGER, MIN_SAFE_INTEGER,
};
use mxp_events::{Event, Pdu};
use mxp_ids::EventId;
use mxp_room_versions::{EventFormat, RoomVersionRules};
use proptest::prelude::*;
use serde_json::json;

fn value() -> impl Strategy<Value = CanonicalJsonValue> {
    let leaf = prop_oneof![
        Just(CanonicalJsonValue::Null),
        any::<bool>().prop_map(CanonicalJsonValue::Bool),
        (MIN_SAFE_INTEGER..=MAX_SAFE_INTEGER).prop_map(CanonicalJsonValue::Integer),
        any::<i64>().prop_map(CanonicalJsonValue::Integer),
        "[-0-9.eE+]{1,22}".prop_map(CanonicalJsonValue::LegacyNumber),
        ".{0,300}".prop_map(CanonicalJsonValue::String),
        // Strings shaped like the identifiers the format reads.
        "[@!$][a-zA-Z0-9_+/=-]{0,50}(:[a-z.]{1,12}(:[0-9]{1,5})?)?"
            .prop_map(CanonicalJsonValue::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(CanonicalJsonValue::Array),
            prop::collection::btree_map(key(), inner, 0..8)
                .prop_map(|m| CanonicalJsonValue::Object(m.into())),
        ]
    })
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(KEYS).prop_map(str::to_owned),
        ".{0,12}",
    ]
}

const KEYS: &[&str] = &[
    "event_id",
    "room_id",
    "sender",
    "type",
    "state_key",
    "content",
    "origin_server_ts",
    "depth",
    "prev_events",
    "auth_events",
    "hashes",
    "sha256",
    "signatures",
    "unsigned",
    "redacts",
];

fn object() -> impl Strategy<Value = CanonicalJsonObject> {
    prop::collection::btree_map(key(), value(), 0..16).prop_map(CanonicalJsonObject::from)
}

fn versions() -> impl Strategy<Value = &'static RoomVersionRules> {
    prop::sample::select(RoomVersionRules::ALL.map(|(_, r)| r).to_vec())
}

fn eid(rules: &RoomVersionRules, i: usize) -> String {
    match rules.event_id_format {
        mxp_room_versions::EventIdFormat::Opaque => format!("$ev{i}:example.org"),
        mxp_room_versions::EventIdFormat::StandardBase64 => format!("$+/{:A>41}", i),
        _ => format!("$-_{:A>41}", i),
    }
}

fn valid(rules: &RoomVersionRules) -> CanonicalJsonObject {
    let r = |i| match rules.event_format {
        EventFormat::V1 => json!([eid(rules, i), {"sha256": "aGFzaA"}]),
        _ => json!(eid(rules, i)),
    };
    let mut v = json!({
        "room_id": if rules.authorization.room_id_is_create_event {
            "!Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ"
        } else {
            "!room:example.org"
        },
        "sender": "@alice:example.org",
        "type": "m.room.member",
        "state_key": "@alice:example.org",
        "content": {"membership": "join"},
        "origin_server_ts": 1,
        "depth": 2,
        "prev_events": [r(1)],
        "auth_events": [r(2), r(3)],
        "hashes": {"sha256": "aGFzaA"},
        "signatures": {"example.org": {"ed25519:1": "c2ln"}},
    });
    if rules.event_format == EventFormat::V1 {
        v["event_id"] = json!(eid(rules, 0));
    }
    match CanonicalJsonValue::try_from(v) {
        Ok(CanonicalJsonValue::Object(o)) => o,
        _ => unreachable!(),
    }
}

fn parse(o: CanonicalJsonObject, rules: &RoomVersionRules) -> Result<Pdu, mxp_events::PduError> {
    let id = (rules.event_format != EventFormat::V1).then(|| eid(rules, 0));
    Pdu::from_canonical_object(o, id.as_deref().map(|s| EventId::parse(s).unwrap()), rules)
}

proptest! {
    #[test]
    fn arbitrary_objects_never_panic(o in object(), rules in versions(), with_id in any::<bool>()) {
        let id = eid(rules, 0);
        let id = with_id.then(|| EventId::parse(&id).unwrap());
        let _ = mxp_events::check_pdu_format(&o, rules);
        if let Ok(pdu) = Pdu::from_canonical_object(o.clone(), id, rules) {
            prop_assert_eq!(pdu.json(), &o);
            let _ = (pdu.content(), pdu.content_hash(), pdu.signatures(), pdu.unsigned());
        }
    }

    #[test]
    fn one_key_replaced_or_removed_never_panics(
        rules in versions(),
        k in prop::sample::select(KEYS),
        v in prop::option::of(value()),
    ) {
        let mut o = valid(rules);
        match v {
            Some(v) => o.insert(k.into(), v),
            None => o.remove(k),
        };
        if let Ok(pdu) = parse(o.clone(), rules) {
            prop_assert_eq!(pdu.into_json(), o);
        }
    }

    #[test]
    fn p1_52_arbitrary_content_and_extra_keys_are_kept(
        rules in versions(),
        content in prop::collection::btree_map(key(), value(), 0..8).prop_map(CanonicalJsonObject::from),
        extra in prop::collection::btree_map("[a-z._]{1,10}", value(), 0..4),
    ) {
        let mut o = valid(rules);
        o.insert("content".into(), CanonicalJsonValue::Object(content.clone()));
        let known = ["event_id", "room_id", "sender", "type", "state_key", "content",
            "origin_server_ts", "depth", "prev_events", "auth_events", "hashes",
            "signatures", "unsigned", "redacts"];
        for (k, v) in extra {
            if !known.contains(&k.as_str()) {
                o.insert(k.into(), v);
            }
        }
        // Only v6+ refuses non-canonical numbers, wherever they are (CJ-6).
        let non_canonical = o.values().any(not_canonical);
        match parse(o.clone(), rules) {
            Ok(pdu) => {
                prop_assert!(!(rules.strict_canonical_json && non_canonical));
                prop_assert_eq!(pdu.content(), &content);
                prop_assert_eq!(pdu.json(), &o);
            }
            Err(e) => prop_assert!(
                rules.strict_canonical_json && non_canonical,
                "{e}"
            ),
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512), rules in versions()) {
        let _ = Pdu::from_json_bytes(&bytes, None, rules);
    }

    #[test]
    fn arbitrary_identifier_strings_never_panic(
        rules in versions(),
        k in prop::sample::select(&["sender", "room_id", "type", "state_key", "event_id"][..]),
        s in "\\PC{0,300}",
    ) {
        let mut o = valid(rules);
        o.insert(k.into(), CanonicalJsonValue::String(s));
        let _ = parse(o, rules);
    }
}

/// Whether `v` holds a number canonical JSON cannot express (`CJ-3`).
fn not_canonical(v: &CanonicalJsonValue) -> bool {
    match v {
        CanonicalJsonValue::Integer(i) => !(MIN_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(i),
        CanonicalJsonValue::LegacyNumber(_) => true,
        CanonicalJsonValue::Array(a) => a.iter().any(not_canonical),
        CanonicalJsonValue::Object(o) => o.values().any(not_canonical),
        _ => false,
    }
}
