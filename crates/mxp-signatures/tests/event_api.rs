//! Verifying many PDUs at once, and the API around verification: batches
//! agree with one-by-one verification, the types are `Send + Sync`, and a
//! failed signing leaves the event unchanged.

mod common;

use common::pdus::*;
use common::*;
use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_ids::{KeyId, ServerName};
use mxp_room_versions::RoomVersionRules;
use mxp_signatures::{
    BatchMode, EventVerification, KeyRing, SigningKey, VerifyEventError, event_id, sign_event,
    verify_event, verify_events,
};
use proptest::prelude::*;

/// Batch verification of many events across versions gives the same
/// verdicts as one by one, and locates the bad ones.
#[test]
fn batch_verify_events_matches_one_by_one() {
    let kx = key("ed25519:a", 1);
    let ky = key("ed25519:b", 2);
    let keys = ring(&[("x.example", &kx), ("y.example", &ky)]);
    let mut events = Vec::new();
    for i in 0..48usize {
        let rules = RoomVersionRules::ALL[i % 12].1;
        let (sender, signer, k) = if i % 2 == 0 {
            ("@a:x.example", "x.example", &kx)
        } else {
            ("@b:y.example", "y.example", &ky)
        };
        let mut e = signed_by(message(rules, sender), &[(signer, k)], rules);
        match i % 7 {
            3 => {
                e.insert("depth".into(), CanonicalJsonValue::Integer(99));
            }
            5 => {
                e.insert(
                    "content".into(),
                    CanonicalJsonValue::Object(CanonicalJsonObject::new()),
                );
            }
            _ => {}
        }
        events.push((e, rules));
    }
    let input: Vec<_> = events.iter().map(|(e, r)| (e, *r)).collect();
    let batch = verify_events(&input, &keys, BatchMode::Auto);
    let single = verify_events(&input, &keys, BatchMode::OneByOne);
    assert_eq!(batch, single);
    for (i, r) in batch.iter().enumerate() {
        match i % 7 {
            3 => assert!(is_invalid(r), "{i}"),
            5 => assert!(
                matches!(r, Ok(EventVerification::ValidRedacted { .. })),
                "{i}"
            ),
            _ => assert!(is_valid(r), "{i}"),
        }
    }
}

/// `Send + Sync` public types.
#[test]
fn types_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<EventVerification>();
    check::<KeyRing>();
    check::<SigningKey>();
    check::<mxp_signatures::SignatureBatch<'static>>();
    check::<mxp_signatures::ServerKeys>();
    check::<mxp_signatures::XMatrix>();
    check::<VerifyEventError>();
    let _ = KeyId::parse("ed25519:x").unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Sign → verify in every version for arbitrary message content, and
    /// any change to the content is caught (redacted copy, never `Valid`).
    #[test]
    fn sign_verify_and_tamper(v in 0usize..12, body in ".{0,40}", n in any::<i32>(), flip in ".{1,5}") {
        let rules = RoomVersionRules::ALL[v].1;
        let k = key("ed25519:p", 3);
        let keys = ring(&[("x.example", &k)]);
        let mut e = message(rules, "@p:x.example");
        e.insert("content".into(), obj(serde_json::json!({"v": {"body": body, "n": n}}))["v"].clone());
        let e = signed_by(e, &[("x.example", &k)], rules);
        prop_assert!(is_valid(&verify_event(&e, rules, &keys)));
        let mut t = e.clone();
        t.insert("content".into(), obj(serde_json::json!({"v": {"body": format!("{body}{flip}"), "n": n}}))["v"].clone());
        let r = verify_event(&t, rules, &keys).unwrap();
        let is_redacted = matches!(r, EventVerification::ValidRedacted { .. });
        prop_assert!(is_redacted);
    }

    /// Flipping any bit of the signature makes the event invalid.
    #[test]
    fn signature_bit_flip(v in 0usize..12, bit in 0usize..512) {
        let rules = RoomVersionRules::ALL[v].1;
        let k = key("ed25519:p", 3);
        let keys = ring(&[("x.example", &k)]);
        let mut e = signed_by(message(rules, "@p:x.example"), &[("x.example", &k)], rules);
        let sig = e["signatures"].as_object().unwrap()["x.example"].as_object().unwrap()["ed25519:p"].as_str().unwrap().to_owned();
        let mut bytes = mxp_signatures::base64::decode(&sig).unwrap();
        bytes[bit / 8] ^= 1 << (bit % 8);
        e.insert("signatures".into(), obj(serde_json::json!({"v": {"x.example": {"ed25519:p": mxp_signatures::base64::encode(&bytes)}}}))["v"].clone());
        prop_assert!(is_invalid(&verify_event(&e, rules, &keys)));
    }

    /// P1-27: anything under `unsigned` leaves the event ID unchanged.
    #[test]
    fn unsigned_never_changes_the_event_id(v in 2usize..12, age in any::<i32>(), s in ".{0,20}") {
        let rules = RoomVersionRules::ALL[v].1;
        let e = message(rules, "@p:x.example");
        let mut u = e.clone();
        u.insert("unsigned".into(), obj(serde_json::json!({"v": {"age": age, "s": s}}))["v"].clone());
        prop_assert_eq!(event_id(&u, rules), event_id(&e, rules));
    }
}

/// `ESIG-*`: signing fails without changing the event — malformed
/// `signatures`/`hashes`, no `type`, or a non-canonical value that only the
/// signed (redacted) form holds.
#[test]
fn sign_event_errors_leave_the_event_unchanged() {
    let k = key("ed25519:a", 1);
    let server = ServerName::parse("x.example").unwrap();
    let rules = &RoomVersionRules::V10;
    let mut cases = Vec::new();
    let mut e = message(rules, "@a:x.example");
    let mut hashes = CanonicalJsonObject::new();
    hashes.insert(
        "other".into(),
        CanonicalJsonValue::LegacyNumber("1.5".into()),
    );
    e.insert("hashes".into(), hashes.into());
    cases.push((e, "Encode"));
    let mut e = message(rules, "@a:x.example");
    e.insert("hashes".into(), "x".into());
    cases.push((e, "HashesNotObject"));
    let mut e = message(rules, "@a:x.example");
    e.insert("signatures".into(), CanonicalJsonValue::Array(vec![]));
    cases.push((e, "SignaturesNotObject"));
    let mut e = message(rules, "@a:x.example");
    e.insert(
        "signatures".into(),
        obj(serde_json::json!({"v": {"x.example": 1}}))["v"].clone(),
    );
    cases.push((e, "EntitySignaturesNotObject"));
    let mut e = message(rules, "@a:x.example");
    e.remove("type");
    cases.push((e, "Redaction"));
    for (event, kind) in cases {
        let mut copy = event.clone();
        let err = sign_event(&mut copy, server, &k, rules).unwrap_err();
        assert!(format!("{err:?}").starts_with(kind), "{err:?}");
        assert_eq!(copy, event, "{kind}");
    }
}
