//! `HASH-*`, `ESIG-*`, `REF-*`: the spec's event signing vectors and the
//! digest's derived vectors, reproduced exactly, for every room version.

mod common;

use common::*;
use mxp_canonical_json::{CanonicalJsonObject, to_canonical_string};
use mxp_ids::ServerName;
use mxp_redaction::redact_without_signatures;
use mxp_room_versions::RoomVersionRules;
use mxp_signatures::{
    EventHashError, EventVerification, KeyRing, PublicKey, base64, check_content_hash,
    content_hash, event_id, reference_hash, reference_hash_base64, room_id_of_create_event,
    sign_event, verify_event,
};
use sha2::{Digest, Sha256};

const V1_TO_V10: [&RoomVersionRules; 10] = [
    &RoomVersionRules::V1,
    &RoomVersionRules::V2,
    &RoomVersionRules::V3,
    &RoomVersionRules::V4,
    &RoomVersionRules::V5,
    &RoomVersionRules::V6,
    &RoomVersionRules::V7,
    &RoomVersionRules::V8,
    &RoomVersionRules::V9,
    &RoomVersionRules::V10,
];
const V11_V12: [&RoomVersionRules; 2] = [&RoomVersionRules::V11, &RoomVersionRules::V12];

fn vector(i: usize) -> (CanonicalJsonObject, CanonicalJsonObject) {
    let v = &spec()["event_signing"][i];
    (obj(v["input"].clone()), obj(v["signed"].clone()))
}

fn domain() -> &'static ServerName {
    ServerName::parse("domain").unwrap()
}

fn spec_keys() -> KeyRing {
    let mut keys = KeyRing::new();
    keys.insert(
        "domain",
        mxp_ids::KeyId::parse("ed25519:1").unwrap(),
        PublicKey::from_base64(derived()["public_key"].as_str().unwrap()).unwrap(),
    );
    keys
}

fn signature_of(event: &CanonicalJsonObject) -> String {
    event["signatures"].as_object().unwrap()["domain"]
        .as_object()
        .unwrap()["ed25519:1"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn sha256_b64(s: &str) -> String {
    base64::encode(Sha256::digest(s.as_bytes()))
}

/// `ESIG-1`…`ESIG-4` with the spec's two event vectors: reproduced byte for
/// byte under the v1–v10 redaction rules they were made with.
#[test]
fn esig_spec_vectors_v1_to_v10() {
    for i in 0..2 {
        let (input, signed) = vector(i);
        for rules in V1_TO_V10 {
            let mut event = input.clone();
            sign_event(&mut event, domain(), &spec_key(), rules).unwrap();
            assert_eq!(canon(&event), canon(&signed), "vector {i}, {rules:?}");
        }
    }
}

/// Derived vectors: under v11/v12 rules `origin` is redacted away before
/// signing, so the signatures differ (`REDACT-v11-top`).
#[test]
fn esig_derived_signatures_v11_v12() {
    let d = derived();
    for (i, name) in [(0, "minimal_event"), (1, "message_event")] {
        let (input, signed) = vector(i);
        for rules in V11_V12 {
            let mut event = input.clone();
            sign_event(&mut event, domain(), &spec_key(), rules).unwrap();
            assert_eq!(event["hashes"], signed["hashes"], "{name}");
            assert_eq!(
                signature_of(&event),
                d[name]["signature_v11_v12"].as_str().unwrap()
            );
        }
    }
}

/// `HASH-1`: the content hash inputs of the derived vectors, and the hashes
/// the spec vectors carry, in every room version.
#[test]
fn hash_1_content_hash_inputs() {
    let d = derived();
    for (i, name) in [(0, "minimal_event"), (1, "message_event")] {
        let (input, signed) = vector(i);
        let expected = signed["hashes"].as_object().unwrap()["sha256"]
            .as_str()
            .unwrap();
        assert_eq!(
            sha256_b64(d[name]["content_hash_input"].as_str().unwrap()),
            expected
        );
        for (_, rules) in RoomVersionRules::ALL {
            // The input's `hashes: {}`, `signatures: {}` and `unsigned` are ignored.
            assert_eq!(
                base64::encode(content_hash(&input, rules).unwrap()),
                expected
            );
            assert_eq!(
                base64::encode(content_hash(&signed, rules).unwrap()),
                expected
            );
            assert!(check_content_hash(&signed, rules).unwrap().is_match());
        }
    }
}

/// `ESIG-2`/`ESIG-3`: the signing inputs of the derived vectors are what the
/// spec's signatures (v1–v10) and the derived ones (v11/v12) sign.
#[test]
fn esig_3_signing_inputs() {
    let d = derived();
    let key = spec_key();
    for (i, name) in [(0, "minimal_event"), (1, "message_event")] {
        let (_, signed) = vector(i);
        let v10_input = d[name]["signing_input_v1_v10"].as_str().unwrap();
        for rules in V1_TO_V10 {
            let redacted = redact_without_signatures(&signed, rules).unwrap();
            assert_eq!(canon(&redacted), v10_input, "{name} {rules:?}");
        }
        assert_eq!(
            key.sign(v10_input.as_bytes()).to_base64(),
            signature_of(&signed)
        );
    }
    let v11_input = d["minimal_event"]["signing_input_v11_v12"]
        .as_str()
        .unwrap();
    let (_, signed) = vector(0);
    for rules in V11_V12 {
        let redacted = redact_without_signatures(&signed, rules).unwrap();
        assert_eq!(canon(&redacted), v11_input);
    }
    assert_eq!(
        key.sign(v11_input.as_bytes()).to_base64(),
        d["minimal_event"]["signature_v11_v12"].as_str().unwrap()
    );
}

/// `REF-1`/`REF-2`: reference hashes and event IDs of the derived vectors.
#[test]
fn ref_1_2_reference_hashes_and_event_ids() {
    let d = derived();
    let (_, minimal) = vector(0);
    let (_, message) = vector(1);
    let m = &d["minimal_event"];
    let g = &d["message_event"];
    for rules in V1_TO_V10 {
        let hash = reference_hash(&minimal, rules).unwrap();
        assert_eq!(
            base64::encode(hash),
            m["reference_hash_v1_v10_standard"].as_str().unwrap()
        );
        assert_eq!(
            base64::encode_url_safe(hash),
            m["reference_hash_v1_v10_url_safe"].as_str().unwrap()
        );
        let hash = reference_hash(&message, rules).unwrap();
        assert_eq!(
            base64::encode(hash),
            g["reference_hash_v1_v10_standard"].as_str().unwrap()
        );
        assert_eq!(
            base64::encode_url_safe(hash),
            g["reference_hash_v1_v10_url_safe"].as_str().unwrap()
        );
    }
    for rules in V11_V12 {
        let hash = reference_hash(&minimal, rules).unwrap();
        assert_eq!(
            base64::encode(hash),
            m["reference_hash_v11_v12_standard"].as_str().unwrap()
        );
        assert_eq!(
            base64::encode_url_safe(hash),
            m["reference_hash_v11_v12_url_safe"].as_str().unwrap()
        );
        let hash = reference_hash(&message, rules).unwrap();
        assert_eq!(
            base64::encode(hash),
            g["reference_hash_v11_v12"].as_str().unwrap()
        );
        assert_eq!(
            base64::encode_url_safe(hash),
            g["reference_hash_v11_v12"].as_str().unwrap()
        );
    }
    // REF-2: v1/v2 not derivable; v3 standard; v4+ URL-safe.
    for rules in [&RoomVersionRules::V1, &RoomVersionRules::V2] {
        assert_eq!(event_id(&message, rules), Err(EventHashError::NotDerivable));
    }
    assert_eq!(
        event_id(&message, &RoomVersionRules::V3).unwrap().as_str(),
        format!("${}", g["reference_hash_v1_v10_standard"].as_str().unwrap())
    );
    for rules in &V1_TO_V10[3..] {
        assert_eq!(
            event_id(&message, rules).unwrap().as_str(),
            format!("${}", g["reference_hash_v1_v10_url_safe"].as_str().unwrap())
        );
        assert_eq!(
            event_id(&minimal, rules).unwrap().as_str(),
            m["event_id_v1_v10"].as_str().unwrap()
        );
    }
    assert_eq!(
        event_id(&minimal, &RoomVersionRules::V11).unwrap().as_str(),
        format!(
            "${}",
            m["reference_hash_v11_v12_url_safe"].as_str().unwrap()
        )
    );
}

/// The `reference_hash` batch op: standard alphabet for v1–v3, URL-safe for
/// v4+ (`REF-2`).
#[test]
fn ref_2_reference_hash_alphabet_per_version() {
    let (_, message) = vector(1);
    let g = &derived()["message_event"];
    for rules in &V1_TO_V10[..3] {
        assert_eq!(
            reference_hash_base64(&message, rules).unwrap(),
            g["reference_hash_v1_v10_standard"].as_str().unwrap()
        );
    }
    for rules in &V1_TO_V10[3..] {
        assert_eq!(
            reference_hash_base64(&message, rules).unwrap(),
            g["reference_hash_v1_v10_url_safe"].as_str().unwrap()
        );
    }
}

/// `REF-3` and P1-07: the derived v12 create event, its event ID and the
/// room ID it defines; the creator's join that follows.
#[test]
fn ref_3_v12_create_event_and_room_id() {
    let d = derived();
    let create = obj(d["v12_create_event"]["event"].clone());
    let v12 = &RoomVersionRules::V12;
    assert_eq!(
        event_id(&create, v12).unwrap().as_str(),
        d["v12_create_event"]["event_id"].as_str().unwrap()
    );
    assert_eq!(
        room_id_of_create_event(&create, v12).unwrap().as_str(),
        d["v12_create_event"]["room_id"].as_str().unwrap()
    );
    let join = obj(d["v12_creator_join"]["event"].clone());
    assert_eq!(
        event_id(&join, v12).unwrap().as_str(),
        d["v12_creator_join"]["event_id"].as_str().unwrap()
    );
    // Both verify with the test key, hashes included.
    for event in [&create, &join] {
        assert!(matches!(
            verify_event(event, v12, &spec_keys()),
            Ok(EventVerification::Valid { .. })
        ));
    }
    // Re-signing the create event reproduces its hash and signature.
    let mut unsigned = create.clone();
    unsigned.remove("signatures");
    unsigned.remove("hashes");
    sign_event(&mut unsigned, domain(), &spec_key(), v12).unwrap();
    assert_eq!(canon(&unsigned), canon(&create));

    // REF-3 preconditions.
    assert_eq!(
        room_id_of_create_event(&create, &RoomVersionRules::V11),
        Err(EventHashError::RoomIdNotDerivable)
    );
    assert_eq!(
        room_id_of_create_event(&join, v12),
        Err(EventHashError::NotACreateEvent)
    );
    let mut with_room = create.clone();
    with_room.insert("room_id".into(), "!a:b".into());
    assert_eq!(
        room_id_of_create_event(&with_room, v12),
        Err(EventHashError::CreateEventHasRoomId)
    );
}

/// `EVAL-1`: the spec's signed vectors verify in the versions they were made
/// for (v1/v2 need an `event_id`: only the message vector has one).
#[test]
fn eval_spec_vectors_verify() {
    let keys = spec_keys();
    let (_, minimal) = vector(0);
    let (_, message) = vector(1);
    for rules in &V1_TO_V10[2..] {
        for event in [&minimal, &message] {
            assert!(
                matches!(
                    verify_event(event, rules, &keys),
                    Ok(EventVerification::Valid { .. })
                ),
                "{rules:?}"
            );
        }
    }
    for rules in &V1_TO_V10[..2] {
        assert!(matches!(
            verify_event(&message, rules, &keys),
            Ok(EventVerification::Valid { .. })
        ));
    }
    // Under v11 rules the v1–v10 signatures do not verify (origin is no
    // longer covered).
    assert!(matches!(
        verify_event(&minimal, &RoomVersionRules::V11, &keys),
        Ok(EventVerification::Invalid { .. })
    ));
}

/// `REF-1` after redaction: the redacted form has the same event ID, since
/// `hashes` survives redaction.
#[test]
fn ref_1_redacted_copy_has_the_same_event_id() {
    let (_, message) = vector(1);
    for (_, rules) in &RoomVersionRules::ALL[2..] {
        let redacted = mxp_redaction::redact(&message, rules).unwrap();
        assert_eq!(event_id(&redacted, rules), event_id(&message, rules));
        assert_ne!(
            to_canonical_string(&redacted.clone().into()).unwrap(),
            canon(&message)
        );
    }
}
