//! `SIG-*`: signing and verifying JSON objects, against the spec's vectors
//! and by property.

mod common;

use common::*;
use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_ids::KeyId;
use mxp_signatures::{
    BatchMode, CheckOutcome, EntityStatus, KeyRing, MalformedSignature, PublicKey, SignError,
    VerifyError, base64, sign_json, signing_input, verify_json, verify_json_batch,
};
use proptest::prelude::*;

/// `SIG-1` with the spec's JSON signing vectors, byte for byte.
#[test]
fn sig_1_spec_json_vectors() {
    let key = spec_key();
    for vector in spec()["json_signing"].as_array().unwrap() {
        let mut object = obj(vector["input"].clone());
        sign_json(&mut object, "domain", &key).unwrap();
        assert_eq!(
            canon(&object),
            canon(&obj(vector["signed"].clone())),
            "{}",
            vector["name"]
        );
    }
}

/// Derived vector: the bytes signed for `{"one":1,"two":"Two"}`.
#[test]
fn sig_1_derived_signing_input() {
    let object = obj(spec()["json_signing"][1]["signed"].clone());
    assert_eq!(
        signing_input(&object).unwrap(),
        derived()["json_signing_input_one_two"]
            .as_str()
            .unwrap()
            .as_bytes()
    );
}

/// `SIG-3` with the spec's vectors: they verify with the derived public key.
#[test]
fn sig_3_spec_vectors_verify() {
    let mut keys = KeyRing::new();
    keys.insert(
        "domain",
        KeyId::parse("ed25519:1").unwrap(),
        PublicKey::from_base64(derived()["public_key"].as_str().unwrap()).unwrap(),
    );
    for vector in spec()["json_signing"].as_array().unwrap() {
        let report = verify_json(&obj(vector["signed"].clone()), &["domain"], &keys).unwrap();
        assert!(report.is_valid(), "{}", vector["name"]);
        assert_eq!(report.checked(), 1);
    }
}

/// `SIG-1`: `unsigned` is not covered and is put back unchanged; other
/// entities' signatures are kept.
#[test]
fn sig_1_unsigned_and_other_signatures_kept() {
    let key = spec_key();
    let mut object = obj(serde_json::json!({
        "one": 1,
        "unsigned": {"age_ts": 5},
        "signatures": {"other.org": {"ed25519:x": "abc"}},
    }));
    sign_json(&mut object, "domain", &key).unwrap();
    assert_eq!(
        object["unsigned"],
        obj(serde_json::json!({"v": {"age_ts": 5}}))["v"]
    );
    let signatures = object["signatures"].as_object().unwrap();
    assert_eq!(
        signatures["other.org"].as_object().unwrap()["ed25519:x"],
        "abc".into()
    );
    // The signature is the same as without `unsigned` and other signatures.
    let mut plain = obj(serde_json::json!({"one": 1}));
    sign_json(&mut plain, "domain", &key).unwrap();
    assert_eq!(
        signatures["domain"],
        plain["signatures"].as_object().unwrap()["domain"]
    );

    // Signing again with a second key of the same entity keeps the first.
    let key2 = key_of("ed25519:2", 9);
    sign_json(&mut object, "domain", &key2).unwrap();
    let domain = object["signatures"].as_object().unwrap()["domain"]
        .as_object()
        .unwrap()
        .clone();
    assert_eq!(domain.len(), 2);
}

fn key_of(id: &str, seed: u8) -> mxp_signatures::SigningKey {
    key(id, seed)
}

/// `SIG-1`: a malformed `signatures` member is an error and nothing changes.
#[test]
fn sig_1_malformed_signatures_member_rejected() {
    let key = spec_key();
    let mut object = obj(serde_json::json!({"signatures": []}));
    let before = object.clone();
    assert_eq!(
        sign_json(&mut object, "domain", &key),
        Err(SignError::SignaturesNotObject)
    );
    assert_eq!(object, before);
    let mut object = obj(serde_json::json!({"signatures": {"domain": "x"}}));
    assert_eq!(
        sign_json(&mut object, "domain", &key),
        Err(SignError::EntitySignaturesNotObject("domain".into()))
    );
    let mut object = obj(serde_json::json!({"signatures": {"other": "x"}}));
    assert!(sign_json(&mut object, "domain", &key).is_ok());
}

/// `SIG-1`: objects without a canonical form (an out-of-range integer) are
/// not signed (P1-10: never emit non-canonical JSON).
#[test]
fn sig_1_out_of_range_integer_refused() {
    let mut object = CanonicalJsonObject::new();
    object.insert("depth".into(), CanonicalJsonValue::Integer(1 << 60));
    assert!(matches!(
        sign_json(&mut object, "domain", &spec_key()),
        Err(SignError::Encode(_))
    ));
}

/// `SIG-3` step 1: no entry for the entity → fail.
#[test]
fn sig_3_1_not_signed() {
    let key = spec_key();
    let mut object = obj(serde_json::json!({"a": 1}));
    sign_json(&mut object, "domain", &key).unwrap();
    let keys = ring(&[("domain", &key), ("other", &key)]);
    let report = verify_json(&object, &["domain", "other"], &keys).unwrap();
    assert!(!report.is_valid());
    assert_eq!(
        report.entity("other").unwrap().status,
        EntityStatus::NotSigned
    );
    assert_eq!(
        report.entity("domain").unwrap().status,
        EntityStatus::Verified { checked: 1 }
    );
    assert!(verify_json(&object, &["domain"], &keys).unwrap().is_valid());
}

/// `SIG-3` step 2 and P1-22: only unknown-algorithm signatures → fail, with
/// zero signatures checked; adding one valid ed25519 signature → ok.
#[test]
fn sig_3_2_p1_22_unknown_algorithm_only_is_invalid() {
    let key = spec_key();
    let keys = ring(&[("origin", &key)]);
    let mut object = obj(serde_json::json!({
        "a": 1,
        "signatures": {"origin": {"foo:1": "AAAA"}},
    }));
    let report = verify_json(&object, &["origin"], &keys).unwrap();
    assert!(!report.is_valid());
    assert_eq!(report.checked(), 0);
    assert_eq!(
        report.entity("origin").unwrap().status,
        EntityStatus::NoUsableKey
    );
    assert_eq!(
        report.entity("origin").unwrap().checks[0].outcome,
        CheckOutcome::UnsupportedAlgorithm
    );

    sign_json(&mut object, "origin", &key).unwrap();
    let report = verify_json(&object, &["origin"], &keys).unwrap();
    assert!(report.is_valid());
    assert_eq!(report.checked(), 1);
    assert_eq!(report.skipped().count(), 1);
}

/// `SIG-3` step 3 and P1-23: {valid known key, unknown key} → ok;
/// {unknown key only} → fail.
#[test]
fn sig_3_3_p1_23_unknown_keys_skipped() {
    let known = key("ed25519:known", 1);
    let unknown = key("ed25519:unknown", 2);
    let keys = ring(&[("origin", &known)]);

    let mut object = obj(serde_json::json!({"a": 1}));
    sign_json(&mut object, "origin", &unknown).unwrap();
    let report = verify_json(&object, &["origin"], &keys).unwrap();
    assert!(!report.is_valid());
    assert_eq!(
        report.entity("origin").unwrap().checks[0].outcome,
        CheckOutcome::UnknownKey
    );

    sign_json(&mut object, "origin", &known).unwrap();
    let report = verify_json(&object, &["origin"], &keys).unwrap();
    assert!(report.is_valid());
    assert_eq!(
        report.skipped().collect::<Vec<_>>(),
        [("origin", "ed25519:unknown", &CheckOutcome::UnknownKey)]
    );
}

/// P1-05: a key ID that does not follow the grammar (`ed25519:a+b`) is
/// skipped; the good key alone verifies the object.
#[test]
fn p1_05_unparseable_key_ids_skipped() {
    let good = key("ed25519:good", 1);
    let keys = ring(&[("origin", &good)]);
    let mut object = obj(serde_json::json!({
        "a": 1,
        "signatures": {"origin": {"ed25519:a+b": "AAAA", "ed25519": "AAAA", "nocolon": 1}},
    }));
    sign_json(&mut object, "origin", &good).unwrap();
    let report = verify_json(&object, &["origin"], &keys).unwrap();
    assert!(report.is_valid());
    assert_eq!(report.checked(), 1);
}

/// `SIG-3` step 4: a signature that is not base64 of 64 bytes fails, and
/// fails the entity even next to a valid one.
#[test]
fn sig_3_4_undecodable_signature_fails() {
    let a = key("ed25519:a", 1);
    let b = key("ed25519:b", 2);
    let keys = ring(&[("origin", &a), ("origin", &b)]);
    let mut object = obj(serde_json::json!({"a": 1}));
    sign_json(&mut object, "origin", &a).unwrap();
    for bad in [
        CanonicalJsonValue::String("not base64!".into()),
        CanonicalJsonValue::String(base64::encode([0u8; 63])),
        CanonicalJsonValue::Integer(5),
    ] {
        let mut o = object.clone();
        if let Some(CanonicalJsonValue::Object(s)) = o.get_mut("signatures")
            && let Some(CanonicalJsonValue::Object(origin)) = s.get_mut("origin")
        {
            origin.insert("ed25519:b".into(), bad.clone());
        }
        let report = verify_json(&o, &["origin"], &keys).unwrap();
        assert!(!report.is_valid(), "{bad:?}");
        assert_eq!(
            report.entity("origin").unwrap().status,
            EntityStatus::Failed
        );
        let (_, key_id, outcome) = report.failures().next().unwrap();
        assert_eq!(key_id, "ed25519:b");
        assert!(matches!(outcome, CheckOutcome::Malformed(_)));
        if bad.as_integer().is_some() {
            assert_eq!(
                outcome,
                &CheckOutcome::Malformed(MalformedSignature::NotAString)
            );
        }
    }
}

/// `SIG-3` step 5: `signatures` and `unsigned` are removed before checking,
/// so changing `unsigned` (P1-27) or adding signatures keeps it valid.
#[test]
fn sig_3_5_unsigned_not_covered() {
    let key = spec_key();
    let keys = ring(&[("domain", &key)]);
    let mut object = obj(serde_json::json!({"a": 1, "unsigned": {"age": 1}}));
    sign_json(&mut object, "domain", &key).unwrap();
    object.insert("unsigned".into(), CanonicalJsonValue::Integer(99));
    sign_json(&mut object, "other", &key_of("ed25519:z", 3)).unwrap();
    assert!(verify_json(&object, &["domain"], &keys).unwrap().is_valid());
}

/// `SIG-3` step 7: any change to covered content fails the check.
#[test]
fn sig_3_7_tampering_fails() {
    let key = spec_key();
    let keys = ring(&[("domain", &key)]);
    let mut object = obj(serde_json::json!({"one": 1, "two": "Two"}));
    sign_json(&mut object, "domain", &key).unwrap();
    object.insert("two".into(), "Three".into());
    let report = verify_json(&object, &["domain"], &keys).unwrap();
    assert!(!report.is_valid());
    assert_eq!(
        report.failures().next().unwrap().2,
        &CheckOutcome::BadSignature
    );
    assert_eq!(report.checked(), 1);
}

/// A malformed `signatures` member cannot be checked at all.
#[test]
fn verify_malformed_signatures_member_is_an_error() {
    let object = obj(serde_json::json!({"signatures": "x"}));
    assert_eq!(
        verify_json(&object, &["a"], &KeyRing::new()),
        Err(VerifyError::SignaturesNotObject)
    );
    let object = obj(serde_json::json!({"signatures": {"a": []}}));
    let report = verify_json(&object, &["a"], &KeyRing::new()).unwrap();
    assert_eq!(report.entity("a").unwrap().status, EntityStatus::Malformed);
    assert!(!report.is_valid());
}

/// Never valid with nothing required, and duplicates count once.
#[test]
fn no_required_entity_is_never_valid() {
    let key = spec_key();
    let keys = ring(&[("domain", &key)]);
    let mut object = obj(serde_json::json!({}));
    sign_json(&mut object, "domain", &key).unwrap();
    assert!(!verify_json(&object, &[], &keys).unwrap().is_valid());
    let report = verify_json(&object, &["domain", "domain"], &keys).unwrap();
    assert!(report.is_valid());
    assert_eq!(report.entities().len(), 1);
}

/// P1-28: a deny-listed key fails even though the signature is valid.
#[test]
fn p1_28_denied_key_fails() {
    let key = spec_key();
    let mut keys = ring(&[("domain", &key)]);
    let mut object = obj(serde_json::json!({}));
    sign_json(&mut object, "domain", &key).unwrap();
    assert!(verify_json(&object, &["domain"], &keys).unwrap().is_valid());
    keys.deny(key.public_key());
    let report = verify_json(&object, &["domain"], &keys).unwrap();
    assert!(!report.is_valid());
    assert_eq!(
        report.failures().next().unwrap().2,
        &CheckOutcome::DeniedKey
    );
}

/// A key filed under another entity does not verify this entity's
/// signature (swapped key).
#[test]
fn swapped_key_detected() {
    let a = key("ed25519:1", 1);
    let b = key("ed25519:1", 2);
    let mut object = obj(serde_json::json!({"x": 1}));
    sign_json(&mut object, "a.org", &a).unwrap();
    let keys = ring(&[("a.org", &b)]);
    let report = verify_json(&object, &["a.org"], &keys).unwrap();
    assert!(!report.is_valid());
    assert_eq!(
        report.failures().next().unwrap().2,
        &CheckOutcome::BadSignature
    );
}

/// Batch verification gives the same reports as one by one.
#[test]
fn batch_matches_one_by_one() {
    let keys_list: Vec<_> = (0..5).map(|i| key("ed25519:k", i)).collect();
    let mut keys = KeyRing::new();
    let mut objects = Vec::new();
    for (i, k) in keys_list.iter().enumerate() {
        keys.insert(&format!("s{i}.org"), k.key_id(), *k.public_key());
    }
    for n in 0..60u8 {
        let i = usize::from(n % 5);
        let mut o = obj(serde_json::json!({"n": n}));
        sign_json(&mut o, &format!("s{i}.org"), &keys_list[i]).unwrap();
        if n % 17 == 3 {
            o.insert("n".into(), CanonicalJsonValue::Integer(-1));
        }
        objects.push((o, format!("s{i}.org")));
    }
    let entities: Vec<[&str; 1]> = objects.iter().map(|(_, e)| [e.as_str()]).collect();
    let input: Vec<(&CanonicalJsonObject, &[&str])> = objects
        .iter()
        .zip(&entities)
        .map(|((o, _), e)| (o, e.as_slice()))
        .collect();
    let batch = verify_json_batch(&input, &keys, BatchMode::Auto);
    let single = verify_json_batch(&input, &keys, BatchMode::OneByOne);
    assert_eq!(batch, single);
    let invalid: Vec<usize> = batch
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.as_ref().unwrap().is_valid())
        .map(|(i, _)| i)
        .collect();
    assert_eq!(invalid, [3, 20, 37, 54]);
}

fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        (-1000i64..1000).prop_map(|i| serde_json::json!(i)),
        ".{0,8}".prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(".{0,6}", inner, 0..4)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

fn arb_object() -> impl Strategy<Value = CanonicalJsonObject> {
    prop::collection::btree_map("[a-z]{1,6}", arb_json(), 1..6)
        .prop_map(|m| obj(serde_json::Value::Object(m.into_iter().collect())))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Sign → verify always succeeds.
    #[test]
    fn sign_then_verify(object in arb_object(), seed: [u8; 32]) {
        let key = mxp_signatures::SigningKey::from_seed(KeyId::parse("ed25519:p").unwrap(), &seed).unwrap();
        let mut object = object;
        sign_json(&mut object, "prop.org", &key).unwrap();
        let keys = ring(&[("prop.org", &key)]);
        prop_assert!(verify_json(&object, &["prop.org"], &keys).unwrap().is_valid());
    }

    /// Changing any byte of any covered string is detected.
    #[test]
    fn tampered_content_detected(object in arb_object(), which: prop::sample::Index, bit in 0u8..7) {
        let key = spec_key();
        let keys = ring(&[("domain", &key)]);
        let mut object = object;
        sign_json(&mut object, "domain", &key).unwrap();
        // Flip one bit of the canonical signing input, re-parse; if it is
        // still JSON and still different, the signature must fail.
        let input = signing_input(&object).unwrap();
        let mut tampered = input.clone();
        let i = which.index(tampered.len());
        tampered[i] ^= 1 << bit;
        if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&tampered)
            && let Ok(CanonicalJsonValue::Object(mut t)) = CanonicalJsonValue::try_from(v)
            && signing_input(&t).map(|b| b != input).unwrap_or(false)
        {
            t.insert("signatures".into(), object["signatures"].clone());
            prop_assert!(!verify_json(&t, &["domain"], &keys).unwrap().is_valid());
        }
    }

    /// Flipping any bit of the signature is detected.
    #[test]
    fn tampered_signature_detected(object in arb_object(), bit in 0usize..512) {
        let key = spec_key();
        let keys = ring(&[("domain", &key)]);
        let mut object = object;
        sign_json(&mut object, "domain", &key).unwrap();
        let sig = object["signatures"].as_object().unwrap()["domain"].as_object().unwrap()["ed25519:1"]
            .as_str().unwrap().to_owned();
        let mut bytes = base64::decode(&sig).unwrap();
        bytes[bit / 8] ^= 1 << (bit % 8);
        let mut o = object.clone();
        let mut sigs = CanonicalJsonObject::new();
        sigs.insert("ed25519:1".into(), base64::encode(&bytes).into());
        let mut all = CanonicalJsonObject::new();
        all.insert("domain".into(), sigs.into());
        o.insert("signatures".into(), all.into());
        prop_assert!(!verify_json(&o, &["domain"], &keys).unwrap().is_valid());
    }
}
