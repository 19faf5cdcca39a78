//! Server key documents: parsing, self-signatures and key validity (`EVAL-4`).

mod common;

use common::*;
use mxp_canonical_json::CanonicalJsonObject;
use mxp_signatures::{
    KeyRing, KeyValidity, MAX_KEY_VALIDITY_MS, ServerKeys, ServerKeysError, sign_json,
};

fn document(current: &mxp_signatures::SigningKey) -> CanonicalJsonObject {
    obj(serde_json::json!({
        "server_name": "example.org",
        "valid_until_ts": 10_000_000_000i64,
        "verify_keys": {
            current.key_id().as_str(): {"key": current.public_key().to_base64()},
            "curve25519:x": {"key": "whatever"},
        },
        "old_verify_keys": {
            "ed25519:old": {"key": key("ed25519:old", 8).public_key().to_base64(), "expired_ts": 1_000},
        },
    }))
}

#[test]
fn parses_and_verifies_a_self_signed_document() {
    let k = key("ed25519:cur", 1);
    let mut doc = document(&k);
    sign_json(&mut doc, "example.org", &k).unwrap();
    let keys = ServerKeys::parse_verified(&doc).unwrap();
    assert_eq!(keys.server_name.as_str(), "example.org");
    assert_eq!(keys.valid_until_ts, 10_000_000_000);
    assert_eq!(keys.verify_keys.len(), 1, "non-ed25519 keys are ignored");
    assert_eq!(keys.old_verify_keys.len(), 1);
    assert_eq!(
        keys.old_verify_keys.values().next().unwrap().expired_ts,
        1_000
    );
}

#[test]
fn self_signature_is_required() {
    let k = key("ed25519:cur", 1);
    let doc = document(&k);
    assert!(matches!(
        ServerKeys::parse_verified(&doc),
        Err(ServerKeysError::NotSelfSigned(..))
    ));
    // Signed by another server's key under the right name: the key is not
    // in verify_keys, so nothing is checked → not accepted.
    let mut doc2 = document(&k);
    sign_json(&mut doc2, "example.org", &key("ed25519:other", 2)).unwrap();
    assert!(matches!(
        ServerKeys::parse_verified(&doc2),
        Err(ServerKeysError::NotSelfSigned(..))
    ));
    // Signed, then changed.
    let mut doc3 = document(&k);
    sign_json(&mut doc3, "example.org", &k).unwrap();
    doc3.insert(
        "valid_until_ts".into(),
        mxp_canonical_json::CanonicalJsonValue::Integer(1),
    );
    assert!(matches!(
        ServerKeys::parse_verified(&doc3),
        Err(ServerKeysError::NotSelfSigned(..))
    ));
    // Signed by the old key only: skipped, so not accepted either.
    let mut doc4 = document(&k);
    sign_json(&mut doc4, "example.org", &key("ed25519:old", 8)).unwrap();
    let report = ServerKeys::parse(&doc4)
        .unwrap()
        .verify_self_signature(&doc4)
        .unwrap();
    assert_eq!(report.checked(), 0);
    assert!(!report.is_valid());
}

#[test]
fn malformed_documents_rejected() {
    let k = key("ed25519:cur", 1);
    let base = document(&k);
    let with = |key: &str, value: serde_json::Value| {
        let mut d = base.clone();
        d.insert(
            key.into(),
            obj(serde_json::json!({"v": value}))["v"].clone(),
        );
        ServerKeys::parse(&d).unwrap_err()
    };
    assert!(matches!(
        with("server_name", serde_json::json!("bad name!")),
        ServerKeysError::ServerName(_)
    ));
    assert_eq!(
        with("valid_until_ts", serde_json::json!("1")),
        ServerKeysError::Field("valid_until_ts")
    );
    assert_eq!(
        with("verify_keys", serde_json::json!([])),
        ServerKeysError::Field("verify_keys")
    );
    assert_eq!(
        with("old_verify_keys", serde_json::json!(1)),
        ServerKeysError::Field("old_verify_keys")
    );
    assert!(matches!(
        with(
            "verify_keys",
            serde_json::json!({"ed25519:a": {"key": "Zm9v"}})
        ),
        ServerKeysError::Key { .. }
    ));
    assert!(matches!(
        with("verify_keys", serde_json::json!({"ed25519:a": {}})),
        ServerKeysError::KeyField { field: "key", .. }
    ));
    assert!(matches!(
        with("verify_keys", serde_json::json!({"nocolon": {}})),
        ServerKeysError::KeyId { .. }
    ));
    assert!(matches!(
        with(
            "old_verify_keys",
            serde_json::json!({"ed25519:o": {"key": k.public_key().to_base64()}})
        ),
        ServerKeysError::KeyField {
            field: "expired_ts",
            ..
        }
    ));
    let mut no_name = base.clone();
    no_name.remove("server_name");
    assert_eq!(
        ServerKeys::parse(&no_name).unwrap_err(),
        ServerKeysError::Field("server_name")
    );
}

/// P1-05: a key ID outside `[a-zA-Z0-9_]` is still accepted when received.
#[test]
fn p1_05_lenient_key_ids_in_documents() {
    let k = key("ed25519:cur", 1);
    let mut doc = document(&k);
    let mut vk = doc["verify_keys"].as_object().unwrap().clone();
    vk.insert("ed25519:a+b".into(), vk["ed25519:cur"].clone());
    doc.insert("verify_keys".into(), vk.into());
    assert_eq!(ServerKeys::parse(&doc).unwrap().verify_keys.len(), 2);
}

/// `EVAL-4`: current keys are valid until min(valid_until_ts, fetched + 7
/// days); old keys until `expired_ts`.
#[test]
fn eval_4_validity_windows() {
    let k = key("ed25519:cur", 1);
    let mut doc = document(&k);
    sign_json(&mut doc, "example.org", &k).unwrap();
    let keys = ServerKeys::parse_verified(&doc).unwrap();

    // Fetched long ago: the 7-day cap applies.
    let fetched = 1_000_000;
    assert_eq!(
        keys.current_validity(fetched),
        KeyValidity::ValidUntil(fetched + MAX_KEY_VALIDITY_MS)
    );
    // Fetched close to valid_until_ts: valid_until_ts applies.
    assert_eq!(
        keys.current_validity(9_999_000_000),
        KeyValidity::ValidUntil(10_000_000_000)
    );
    assert_eq!(
        keys.current_validity(i64::MAX),
        KeyValidity::ValidUntil(10_000_000_000)
    );

    let at_limit = fetched + MAX_KEY_VALIDITY_MS;
    assert!(
        keys.key_for_event("ed25519:cur", at_limit, fetched)
            .is_some()
    );
    assert!(
        keys.key_for_event("ed25519:cur", at_limit + 1, fetched)
            .is_none()
    );
    assert!(keys.key_for_event("ed25519:old", 1_000, fetched).is_some());
    assert!(keys.key_for_event("ed25519:old", 1_001, fetched).is_none());
    assert!(keys.key_for_event("ed25519:nope", 0, fetched).is_none());

    let mut ring = KeyRing::new();
    keys.add_to(&mut ring, fetched);
    assert_eq!(
        ring.get("example.org", "ed25519:cur").unwrap().validity,
        KeyValidity::ValidUntil(at_limit)
    );
    assert_eq!(
        ring.get("example.org", "ed25519:old").unwrap().validity,
        KeyValidity::ExpiredAt(1_000)
    );
}
