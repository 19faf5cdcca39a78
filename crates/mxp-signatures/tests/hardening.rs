//! Hostile signed objects and headers (issue 7, P1-15, P1-29, P1-51): huge
//! `signatures` maps, 64 KiB signatures, maximal headers, small-order keys,
//! and verification that does not depend on how the JSON was formatted.

mod common;

use common::*;
use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue, ParseOptions, parse_object};
use mxp_ids::{KeyId, ServerName};
use mxp_room_versions::RoomVersionRules;
use mxp_signatures::{
    EventVerification, KeyRing, PublicKey, Signature, XMatrix, XMatrixParseError, event_id,
    sign_event, sign_json, verify_event, verify_json,
};
use serde_json::json;

fn signed_hello() -> (CanonicalJsonObject, KeyRing) {
    let key = key("ed25519:1", 5);
    let mut o = obj(json!({"hello": "world"}));
    sign_json(&mut o, "a.example", &key).unwrap();
    (o, ring(&[("a.example", &key)]))
}

fn sigs_of<'a>(o: &'a mut CanonicalJsonObject, entity: &str) -> &'a mut CanonicalJsonObject {
    let CanonicalJsonValue::Object(sigs) = o.get_mut("signatures").unwrap() else {
        panic!()
    };
    let CanonicalJsonValue::Object(e) = sigs
        .entry(entity.into())
        .or_insert_with(|| CanonicalJsonValue::Object(CanonicalJsonObject::new()))
    else {
        panic!()
    };
    e
}

#[test]
fn p1_51_ten_thousand_unknown_keys_and_entities_are_skipped() {
    let (mut o, keys) = signed_hello();
    for i in 0..10_000 {
        sigs_of(&mut o, "a.example").insert(format!("ed25519:k{i}").into(), "c2ln".into());
    }
    for i in 0..10_000 {
        sigs_of(&mut o, &format!("s{i}.example")).insert("ed25519:1".into(), "c2ln".into());
    }
    // The one known key verifies; the unknown ones are skipped (P1-23).
    let report = verify_json(&o, &["a.example"], &keys).unwrap();
    assert!(report.is_valid());
    assert!(report.skipped().count() >= 10_000);
    // Without the known key: nothing checked, never valid (P1-22).
    sigs_of(&mut o, "a.example").remove("ed25519:1");
    assert!(!verify_json(&o, &["a.example"], &keys).unwrap().is_valid());
}

#[test]
fn sixty_four_kib_and_ill_typed_signatures_are_failures_not_panics() {
    let (mut o, keys) = signed_hello();
    let huge = "A".repeat(64 * 1024);
    sigs_of(&mut o, "a.example").insert("ed25519:1".into(), huge.into());
    assert!(!verify_json(&o, &["a.example"], &keys).unwrap().is_valid());
    for bad in [json!(null), json!(1), json!([]), json!({"x": 1}), json!("")] {
        let (mut o, keys) = signed_hello();
        sigs_of(&mut o, "a.example").insert(
            "ed25519:1".into(),
            CanonicalJsonValue::try_from(bad.clone()).unwrap(),
        );
        let verdict = verify_json(&o, &["a.example"], &keys);
        assert!(!verdict.is_ok_and(|r| r.is_valid()), "{bad}");
    }
    // `signatures` itself of the wrong type.
    let (mut o, keys) = signed_hello();
    o.insert("signatures".into(), CanonicalJsonValue::Array(vec![]));
    assert!(verify_json(&o, &["a.example"], &keys).is_err());
}

#[test]
fn p1_29_small_order_keys_verify_nothing() {
    // The identity point (y = 1) and the all-zero encoding (y = 0, order 4).
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let mut sig = [0u8; 64];
    sig[0] = 1; // R = identity, s = 0: `[0]B = R + [k]A` holds for A = identity.
    let mut checked = 0;
    for (key_bytes, sig_bytes) in [
        (identity, sig),
        (identity, [0u8; 64]),
        ([0u8; 32], [0u8; 64]),
    ] {
        // Both encodings are curve points (of order 1 and 4).
        let key = PublicKey::from_bytes(&key_bytes).unwrap();
        checked += 1;
        assert!(key.is_weak());
        let signature = Signature::from_bytes(&sig_bytes);
        for message in [&b""[..], b"anything", b"{\"hello\":\"world\"}"] {
            assert!(key.verify(message, &signature).is_err());
        }
        // The same through signed JSON: never valid.
        let mut o = obj(json!({"hello": "world"}));
        o.insert(
            "signatures".into(),
            CanonicalJsonValue::try_from(
                json!({"a.example": {"ed25519:1": signature.to_base64()}}),
            )
            .unwrap(),
        );
        let mut keys = KeyRing::new();
        keys.insert("a.example", KeyId::parse("ed25519:1").unwrap(), key);
        assert!(!verify_json(&o, &["a.example"], &keys).unwrap().is_valid());
    }
    assert_eq!(checked, 3);
}

#[test]
fn p1_15_verification_and_event_ids_ignore_formatting() {
    let rules = &RoomVersionRules::V11;
    let key = key("ed25519:1", 8);
    let mut event = obj(json!({
        "type": "m.room.message", "room_id": "!r:a.example", "sender": "@u:a.example",
        "content": {"body": "h\u{e9}llo \u{1F600}", "n": [1, {"z": null, "a": true}]},
        "origin_server_ts": 5, "depth": 1, "prev_events": [], "auth_events": [],
    }));
    sign_event(
        &mut event,
        ServerName::parse("a.example").unwrap(),
        &key,
        rules,
    )
    .unwrap();
    let keys = ring(&[("a.example", &key)]);
    let canonical = canon(&event);
    // The same event pretty-printed, with escapes instead of raw characters
    // and keys in reverse order.
    let reordered = reverse_keys(
        &serde_json::from_str::<serde_json::Value>(&canonical).unwrap(),
        0,
    )
    .replace('\u{e9}', "\\u00e9")
    .replace('\u{1F600}', "\\ud83d\\ude00");
    assert_ne!(reordered, canonical);
    let parsed = parse_object(reordered.as_bytes(), &ParseOptions::strict()).unwrap();
    assert_eq!(parsed, event);
    assert!(matches!(
        verify_event(&parsed, rules, &keys),
        Ok(EventVerification::Valid { .. })
    ));
    assert_eq!(
        event_id(&parsed, rules).unwrap(),
        event_id(&event, rules).unwrap()
    );
}

/// JSON text with every object's keys in reverse order and indentation.
fn reverse_keys(v: &serde_json::Value, indent: usize) -> String {
    let pad = " ".repeat(indent + 2);
    match v {
        serde_json::Value::Object(o) => {
            let members: Vec<String> = o
                .iter()
                .rev()
                .map(|(k, v)| {
                    format!(
                        "\n{pad}{} :  {}",
                        serde_json::to_string(k).unwrap(),
                        reverse_keys(v, indent + 2)
                    )
                })
                .collect();
            format!("{{{}\n{}}}", members.join(" ,"), " ".repeat(indent))
        }
        serde_json::Value::Array(a) => {
            let members: Vec<String> = a.iter().map(|m| reverse_keys(m, indent + 2)).collect();
            format!("[ {} ]", members.join(" , "))
        }
        other => other.to_string(),
    }
}

#[test]
fn x_matrix_headers_at_and_over_the_length_limit() {
    let sig =
        "K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ";
    let valid = format!(r#"X-Matrix origin="a.example",key="ed25519:1",sig="{sig}""#);
    // Padded with unknown parameters up to exactly 8,192 bytes: parses.
    let mut padded = valid.clone();
    let mut i = 0;
    while padded.len() + 12 <= 8_192 {
        padded.push_str(&format!(",x{:04}=\"y\"", i % 10_000));
        i += 1;
    }
    padded.push_str(&" ".repeat(8_192 - padded.len()));
    assert_eq!(padded.len(), 8_192);
    assert!(XMatrix::parse(&padded).is_ok());
    // One byte more: refused before parsing.
    padded.push(' ');
    assert_eq!(XMatrix::parse(&padded), Err(XMatrixParseError::TooLong));
    // Thousands of empty list elements, quotes and escapes: errors, not panics.
    for hostile in [
        format!("X-Matrix {}", ",".repeat(8_000)),
        format!("X-Matrix origin=\"{}", "\\\"".repeat(4_000)),
        format!("X-Matrix {}", "origin=a,".repeat(900)),
        "X-Matrix origin=\"a.example\",key=\"ed25519:1\",sig=\"\"".to_owned(),
    ] {
        assert!(XMatrix::parse(&hostile).is_err(), "{}", &hostile[..40]);
    }
}
