//! `EVAL-*`: verifying received PDUs, per room version — required signers,
//! key validity, hash mismatches, tampering (batches: `event_api.rs`).

mod common;

use common::pdus::*;
use common::*;
use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_ids::ServerName;
use mxp_room_versions::RoomVersionRules;
use mxp_signatures::{
    BatchMode, CheckOutcome, ContentHashCheck, EntityStatus, EventVerification, KeyRing,
    KeyValidity, RequiredSigners, VerifyEventError, event_id, reference_hash, required_signers,
    sign_event, sign_json, verify_event, verify_events, verify_events_hashed,
};

/// Sign → verify works in every room version.
#[test]
fn eval_sign_then_verify_every_version() {
    let k = key("ed25519:a", 1);
    let keys = ring(&[("x.example", &k)]);
    for rules in all() {
        let e = signed_by(message(rules, "@u:x.example"), &[("x.example", &k)], rules);
        let r = verify_event(&e, rules, &keys);
        assert!(is_valid(&r), "v{}: {r:?}", version(rules));
        assert_eq!(r.unwrap().report().checked(), 1);
    }
}

/// REF-1: `verify_events_hashed` returns each event's reference hash, in
/// every room version, for a valid event and for one whose content was
/// changed (same redacted form); the verifications equal `verify_events`'.
#[test]
fn ref_1_verify_events_hashed_every_version() {
    let k = key("ed25519:a", 1);
    let keys = ring(&[("x.example", &k)]);
    for rules in all() {
        let e = signed_by(message(rules, "@u:x.example"), &[("x.example", &k)], rules);
        let expected = reference_hash(&e, rules).unwrap();
        let mut changed = e.clone();
        changed.insert(
            "content".into(),
            CanonicalJsonValue::Object(Default::default()),
        );
        let events = [(&e, rules), (&changed, rules)];
        let hashed = verify_events_hashed(&events, &keys, BatchMode::Auto);
        let plain = verify_events(&events, &keys, BatchMode::Auto);
        assert_eq!(hashed.len(), 2);
        for (h, p) in hashed.into_iter().zip(plain) {
            let (verification, hash) = h.unwrap();
            assert_eq!(hash, expected, "v{}", version(rules));
            assert_eq!(verification, p.unwrap());
        }
    }
}

/// P1-19 (CVE-2018-16515): an event from `@a:x` signed only by `y` fails,
/// in every room version.
#[test]
fn p1_19_sender_server_must_sign() {
    let kx = key("ed25519:a", 1);
    let ky = key("ed25519:a", 2);
    let keys = ring(&[("x.example", &kx), ("y.example", &ky)]);
    for rules in all() {
        let mut e = message(rules, "@a:x.example");
        if version(rules) <= 2 {
            e.insert("event_id".into(), "$ev:y.example".into());
        }
        let e = signed_by(e, &[("y.example", &ky)], rules);
        let r = verify_event(&e, rules, &keys).unwrap();
        assert!(!r.signatures_valid(), "v{}", version(rules));
        assert_eq!(
            r.report().entity("x.example").unwrap().status,
            EntityStatus::NotSigned
        );
    }
}

/// P1-25 / `EVAL-2`: in v1 and v2 the server of the `event_id` must sign
/// too; from v3 it need not.
#[test]
fn p1_25_event_id_server_in_v1_v2() {
    let kx = key("ed25519:a", 1);
    let ko = key("ed25519:a", 2);
    let keys = ring(&[("x.example", &kx), ("other.example", &ko)]);
    for rules in [&RoomVersionRules::V1, &RoomVersionRules::V2] {
        let e = pdu(
            rules,
            "@a:x.example",
            "m.room.message",
            serde_json::json!({}),
            None,
            "other.example",
        );
        assert_eq!(
            required_signers(&e, rules).unwrap(),
            RequiredSigners::Servers(vec![
                "x.example".try_into().unwrap(),
                "other.example".try_into().unwrap()
            ])
        );
        let only_sender = signed_by(e.clone(), &[("x.example", &kx)], rules);
        assert!(is_invalid(&verify_event(&only_sender, rules, &keys)));
        let both = signed_by(
            e.clone(),
            &[("x.example", &kx), ("other.example", &ko)],
            rules,
        );
        assert!(is_valid(&verify_event(&both, rules, &keys)));
        // Same server: required once.
        let same = pdu(
            rules,
            "@a:x.example",
            "m.room.message",
            serde_json::json!({}),
            None,
            "x.example",
        );
        assert_eq!(
            required_signers(&same, rules).unwrap(),
            RequiredSigners::Servers(vec!["x.example".try_into().unwrap()])
        );
    }
    let rules = &RoomVersionRules::V3;
    let mut e = message(rules, "@a:x.example");
    e.insert("event_id".into(), "$ev:other.example".into());
    let e = signed_by(e, &[("x.example", &kx)], rules);
    assert!(is_valid(&verify_event(&e, rules, &keys)));
}

/// `EVAL-2` errors: a v1/v2 event without a usable `event_id`.
#[test]
fn eval_2_v1_event_id_required() {
    let rules = &RoomVersionRules::V1;
    let mut e = message(rules, "@a:x.example");
    e.remove("event_id");
    assert_eq!(
        required_signers(&e, rules),
        Err(VerifyEventError::MissingEventId)
    );
    e.insert(
        "event_id".into(),
        "$8yif6p8EqgoSten2BLje9ntKm720NyFLWQv9tn8memc".into(),
    );
    assert_eq!(
        required_signers(&e, rules),
        Err(VerifyEventError::EventIdHasNoServer)
    );
    e.insert("event_id".into(), "nope".into());
    assert!(matches!(
        required_signers(&e, rules),
        Err(VerifyEventError::InvalidEventId(_))
    ));
}

fn restricted_join(
    rules: &RoomVersionRules,
    membership: &str,
    authoriser: serde_json::Value,
) -> CanonicalJsonObject {
    pdu(
        rules,
        "@joiner:x.example",
        "m.room.member",
        serde_json::json!({"membership": membership, "join_authorised_via_users_server": authoriser}),
        Some("@joiner:x.example"),
        "x.example",
    )
}

/// `EVAL-2` (v8+): the authorising server of a restricted join must sign;
/// before v8 the key means nothing. P1-40: joins and non-joins alike, as
/// the spec's text says.
#[test]
fn eval_2_restricted_join_authoriser_signature() {
    let kx = key("ed25519:a", 1);
    let ka = key("ed25519:a", 2);
    let keys = ring(&[("x.example", &kx), ("auth.example", &ka)]);
    for rules in all() {
        for membership in ["join", "invite", "leave"] {
            let e = restricted_join(rules, membership, "@admin:auth.example".into());
            let only_joiner = signed_by(e.clone(), &[("x.example", &kx)], rules);
            let both = signed_by(e, &[("x.example", &kx), ("auth.example", &ka)], rules);
            let v = version(rules);
            assert!(
                is_valid(&verify_event(&both, rules, &keys)),
                "v{v} {membership}"
            );
            let r = verify_event(&only_joiner, rules, &keys);
            if v >= 8 {
                assert!(is_invalid(&r), "v{v} {membership}");
                assert_eq!(
                    r.unwrap().report().entity("auth.example").unwrap().status,
                    EntityStatus::NotSigned
                );
            } else {
                assert!(is_valid(&r), "v{v} {membership}");
            }
        }
        // A malformed authoriser is an error from v8, ignored before.
        let bad = restricted_join(rules, "join", serde_json::json!(5));
        let bad = signed_by(bad, &[("x.example", &kx)], rules);
        let r = verify_event(&bad, rules, &keys);
        if version(rules) >= 8 {
            assert_eq!(r, Err(VerifyEventError::InvalidAuthorisingUser));
        } else {
            assert!(is_valid(&r));
        }
    }
}

fn third_party_invite(rules: &RoomVersionRules, with_3pid: bool) -> CanonicalJsonObject {
    let mut content = serde_json::json!({"membership": "invite"});
    if with_3pid {
        content["third_party_invite"] = serde_json::json!({
            "display_name": "alice",
            "signed": {"mxid": "@bob:y.example", "token": "abc", "signatures": {}},
        });
    }
    pdu(
        rules,
        "@alice:x.example",
        "m.room.member",
        content,
        Some("@bob:y.example"),
        "y.example",
    )
}

/// P1-24 / `EVAL-2`: a third-party invite needs no signature from the
/// sender's server; the server that sends it signs. A plain invite signed
/// only by that server is rejected.
#[test]
fn p1_24_third_party_invite_exception() {
    let kx = key("ed25519:a", 1);
    let ky = key("ed25519:a", 2);
    let keys = ring(&[("x.example", &kx), ("y.example", &ky)]);
    for rules in all() {
        let v = version(rules);
        let invite = signed_by(
            third_party_invite(rules, true),
            &[("y.example", &ky)],
            rules,
        );
        let r = verify_event(&invite, rules, &keys);
        assert!(is_valid(&r), "v{v}: {r:?}");
        if v >= 3 {
            assert_eq!(
                required_signers(&invite, rules).unwrap(),
                RequiredSigners::AnyServer
            );
        } else {
            // v1/v2: the event ID's server (y) is still required.
            assert_eq!(
                required_signers(&invite, rules).unwrap(),
                RequiredSigners::Servers(vec!["y.example".try_into().unwrap()])
            );
        }
        let plain = signed_by(
            third_party_invite(rules, false),
            &[("y.example", &ky)],
            rules,
        );
        assert!(is_invalid(&verify_event(&plain, rules, &keys)), "v{v}");

        // Never valid with zero signatures checked: no known key at all.
        let unknown = signed_by(
            third_party_invite(rules, true),
            &[("y.example", &key("ed25519:zz", 9))],
            rules,
        );
        assert!(is_invalid(&verify_event(&unknown, rules, &keys)), "v{v}");
        // With no required server, a bad signature from any server whose
        // key is known fails it; in v1/v2 only the required server counts.
        let mut forged = invite.clone();
        sign_json(&mut forged, "x.example", &key("ed25519:a", 7)).unwrap();
        let r = verify_event(&forged, rules, &keys);
        if v >= 3 {
            assert!(is_invalid(&r), "v{v}");
        } else {
            assert!(is_valid(&r), "v{v}");
        }
    }
}

/// P1-22 at the event level: only unknown-algorithm signatures → invalid;
/// plus one valid ed25519 signature → valid.
#[test]
fn p1_22_unknown_algorithms_only() {
    let k = key("ed25519:a", 1);
    let keys = ring(&[("x.example", &k)]);
    for rules in all() {
        let mut e = message(rules, "@a:x.example");
        e.insert(
            "signatures".into(),
            obj(serde_json::json!({"v": {"x.example": {"foo:1": "AAAA"}}}))["v"].clone(),
        );
        let r = verify_event(&e, rules, &keys).unwrap();
        assert!(!r.signatures_valid());
        assert_eq!(r.report().checked(), 0);
        let e = signed_by(e, &[("x.example", &k)], rules);
        assert!(is_valid(&verify_event(&e, rules, &keys)));
    }
}

/// P1-23 / `EVAL-3`: {valid known key, unknown key} → ok; {unknown only} →
/// fail; {known key that expired before origin_server_ts} → skipped (v5+).
#[test]
fn p1_23_unknown_and_expired_keys() {
    let known = key("ed25519:known", 1);
    let unknown = key("ed25519:unknown", 2);
    for rules in all() {
        let v = version(rules);
        let e = message(rules, "@a:x.example");
        let both = signed_by(
            e.clone(),
            &[("x.example", &unknown), ("x.example", &known)],
            rules,
        );
        let only_unknown = signed_by(e.clone(), &[("x.example", &unknown)], rules);
        let keys = ring(&[("x.example", &known)]);
        assert!(is_valid(&verify_event(&both, rules, &keys)));
        assert!(is_invalid(&verify_event(&only_unknown, rules, &keys)));

        let mut expired = KeyRing::new();
        expired.insert_with_validity(
            "x.example",
            known.key_id(),
            *known.public_key(),
            KeyValidity::ExpiredAt(TS - 1),
        );
        expired.insert_with_validity(
            "x.example",
            unknown.key_id(),
            *unknown.public_key(),
            KeyValidity::ValidUntil(TS),
        );
        let r = verify_event(&both, rules, &expired).unwrap();
        assert!(r.signatures_valid(), "v{v}");
        if v >= 5 {
            let skipped: Vec<_> = r.report().skipped().collect();
            assert_eq!(skipped.len(), 1);
            assert_eq!(skipped[0].1, "ed25519:known");
            assert_eq!(
                skipped[0].2,
                &CheckOutcome::ExpiredKey(KeyValidity::ExpiredAt(TS - 1))
            );
        } else {
            assert_eq!(r.report().checked(), 2);
        }
    }
}

/// `EVAL-4`: from v5 a key is usable only while `valid_until_ts` ≥
/// `origin_server_ts` (boundary included); v1–v4 ignore validity.
#[test]
fn eval_4_key_validity_from_v5() {
    let k = key("ed25519:a", 1);
    for rules in all() {
        let v = version(rules);
        let e = signed_by(message(rules, "@a:x.example"), &[("x.example", &k)], rules);
        for (validity, usable) in [
            (KeyValidity::ValidUntil(TS), true),
            (KeyValidity::ValidUntil(TS - 1), false),
            (KeyValidity::ExpiredAt(TS), true),
            (KeyValidity::ExpiredAt(TS - 1), false),
            (KeyValidity::Unbounded, true),
        ] {
            let mut keys = KeyRing::new();
            keys.insert_with_validity("x.example", k.key_id(), *k.public_key(), validity);
            let r = verify_event(&e, rules, &keys);
            let expect_valid = usable || v < 5;
            assert_eq!(is_valid(&r), expect_valid, "v{v} {validity:?}");
            if !expect_valid {
                assert_eq!(
                    r.unwrap().report().entity("x.example").unwrap().status,
                    EntityStatus::NoUsableKey
                );
            }
        }
    }
}

/// `EVAL-4`: v5+ needs an integer `origin_server_ts`.
#[test]
fn eval_4_origin_server_ts_required_from_v5() {
    let k = key("ed25519:a", 1);
    let keys = ring(&[("x.example", &k)]);
    for rules in all() {
        let mut e = signed_by(message(rules, "@a:x.example"), &[("x.example", &k)], rules);
        e.insert("origin_server_ts".into(), "soon".into());
        let r = verify_event(&e, rules, &keys);
        if version(rules) >= 5 {
            assert_eq!(r, Err(VerifyEventError::MissingOriginServerTs));
        } else {
            // Covered by the signature: changed, so invalid.
            assert!(is_invalid(&r));
        }
    }
}

/// P1-28: a deny-listed key fails even with a valid signature.
#[test]
fn p1_28_denied_key() {
    let k = key("ed25519:a", 1);
    let mut keys = ring(&[("x.example", &k)]);
    keys.deny(k.public_key());
    for rules in all() {
        let e = signed_by(message(rules, "@a:x.example"), &[("x.example", &k)], rules);
        let r = verify_event(&e, rules, &keys).unwrap();
        assert!(!r.signatures_valid());
        assert_eq!(
            r.report().failures().next().unwrap().2,
            &CheckOutcome::DeniedKey
        );
    }
}

/// `EVAL-5` / P1-26: changed content with valid signatures → use the
/// redacted copy; `EVAL-1`: a redacted copy verifies and yields itself.
#[test]
fn eval_5_p1_26_hash_mismatch_means_redact() {
    let k = key("ed25519:a", 1);
    let keys = ring(&[("x.example", &k)]);
    for rules in all() {
        let e = signed_by(message(rules, "@a:x.example"), &[("x.example", &k)], rules);
        let mut tampered = e.clone();
        tampered.insert(
            "content".into(),
            obj(serde_json::json!({"v": {"body": "evil"}}))["v"].clone(),
        );
        let r = verify_event(&tampered, rules, &keys).unwrap();
        let EventVerification::ValidRedacted {
            redacted,
            content_hash,
            ..
        } = &r
        else {
            panic!("v{}: {r:?}", version(rules));
        };
        assert!(matches!(content_hash, ContentHashCheck::Mismatch { .. }));
        assert_eq!(
            redacted["content"],
            CanonicalJsonValue::Object(CanonicalJsonObject::new())
        );
        assert_eq!(r.event_to_use(&tampered), Some(redacted));
        assert_eq!(
            r.clone().into_event_to_use(tampered.clone()).as_ref(),
            Some(redacted)
        );
        // The untouched event is used as received.
        let valid = verify_event(&e, rules, &keys).unwrap();
        assert!(matches!(valid, EventVerification::Valid { .. }));
        assert_eq!(valid.event_to_use(&e), Some(&e));
        assert_eq!(valid.into_event_to_use(e.clone()), Some(e.clone()));
        // The redacted copy has the original's event ID and still verifies.
        if version(rules) >= 3 {
            assert_eq!(event_id(redacted, rules), event_id(&e, rules));
        }
        let again = verify_event(redacted, rules, &keys).unwrap();
        assert!(
            matches!(&again, EventVerification::ValidRedacted { redacted: r2, .. } if r2 == redacted)
        );

        // Receiving an already-redacted copy (EVAL-1).
        let copy = mxp_redaction::redact(&e, rules).unwrap();
        assert!(
            verify_event(&copy, rules, &keys)
                .unwrap()
                .signatures_valid()
        );

        // A missing `hashes.sha256` is treated like a mismatch only if the
        // signature still holds — removing it breaks the signature.
        let mut no_hash = e.clone();
        no_hash.remove("hashes");
        let invalid = verify_event(&no_hash, rules, &keys).unwrap();
        assert!(matches!(invalid, EventVerification::Invalid { .. }));
        // An invalid event is never used, in either form.
        assert_eq!(invalid.event_to_use(&no_hash), None);
        assert_eq!(invalid.into_event_to_use(no_hash), None);
    }
}

/// P1-27: `unsigned` never affects verification or the event ID.
#[test]
fn p1_27_unsigned_ignored() {
    let k = key("ed25519:a", 1);
    let keys = ring(&[("x.example", &k)]);
    for rules in all() {
        let e = signed_by(message(rules, "@a:x.example"), &[("x.example", &k)], rules);
        let mut changed = e.clone();
        changed.insert(
            "unsigned".into(),
            obj(serde_json::json!({"v": {"age_ts": 1, "redacted_because": {}}}))["v"].clone(),
        );
        assert!(is_valid(&verify_event(&changed, rules, &keys)));
        if version(rules) >= 3 {
            assert_eq!(event_id(&changed, rules), event_id(&e, rules));
        }
    }
}

/// Changing any kept top-level field breaks the signature.
#[test]
fn tampering_signed_fields_is_invalid() {
    let k = key("ed25519:a", 1);
    let keys = ring(&[("x.example", &k)]);
    for rules in all() {
        let e = signed_by(message(rules, "@a:x.example"), &[("x.example", &k)], rules);
        for (field, value) in [
            ("type", CanonicalJsonValue::from("m.room.messagf")),
            ("room_id", "!other:x.example".into()),
            ("origin_server_ts", CanonicalJsonValue::Integer(TS + 1)),
            ("depth", CanonicalJsonValue::Integer(6)),
            ("prev_events", CanonicalJsonValue::Array(vec!["$x".into()])),
            (
                "hashes",
                obj(serde_json::json!({"v": {"sha256": "AAAA"}}))["v"].clone(),
            ),
            ("state_key", "".into()),
        ] {
            let mut t = e.clone();
            t.insert(field.into(), value);
            let r = verify_event(&t, rules, &keys);
            assert!(is_invalid(&r), "v{} {field}: {r:?}", version(rules));
        }
        // Swapped key: another key under the same ID.
        let other = ring(&[("x.example", &key("ed25519:a", 2))]);
        assert!(is_invalid(&verify_event(&e, rules, &other)));
    }
}

/// Malformed PDUs are errors (dropped), not verdicts.
#[test]
fn malformed_pdus_are_errors() {
    let keys = KeyRing::new();
    let rules = &RoomVersionRules::V10;
    let mut e = message(rules, "@a:x.example");
    e.remove("sender");
    assert_eq!(
        verify_event(&e, rules, &keys),
        Err(VerifyEventError::MissingSender)
    );
    e.insert("sender".into(), "nope".into());
    assert!(matches!(
        verify_event(&e, rules, &keys),
        Err(VerifyEventError::InvalidSender(_))
    ));
    let mut e = message(rules, "@a:x.example");
    e.insert("signatures".into(), CanonicalJsonValue::Array(vec![]));
    assert_eq!(
        verify_event(&e, rules, &keys),
        Err(VerifyEventError::SignaturesNotObject)
    );
    let mut e = message(rules, "@a:x.example");
    e.insert("content".into(), "x".into());
    assert!(matches!(
        verify_event(&e, rules, &keys),
        Err(VerifyEventError::Redaction(_))
    ));
    let mut e = message(rules, "@a:x.example");
    e.insert(
        "depth".into(),
        CanonicalJsonValue::LegacyNumber("1e3".into()),
    );
    assert!(matches!(
        verify_event(&e, rules, &keys),
        Err(VerifyEventError::Encode(_))
    ));
}

/// `CJ-6` / P1-16: v1–v5 events with legacy numbers are hashed and verified
/// with the lenient encoding; outgoing signing refuses them (P1-10).
#[test]
fn cj_6_legacy_numbers_in_old_rooms() {
    let k = key("ed25519:a", 1);
    let keys = ring(&[("x.example", &k)]);
    let rules = &RoomVersionRules::V4;
    let mut e = pdu(
        rules,
        "@a:x.example",
        "m.room.power_levels",
        serde_json::json!({}),
        Some(""),
        "x.example",
    );
    let mut content = CanonicalJsonObject::new();
    content.insert(
        "ban".into(),
        CanonicalJsonValue::LegacyNumber("50.0".into()),
    );
    e.insert("content".into(), content.into());
    assert!(matches!(
        sign_event(
            &mut e.clone(),
            ServerName::parse("x.example").unwrap(),
            &k,
            rules
        ),
        Err(mxp_signatures::SignEventError::Encode(_))
    ));
    // Sign it the way an old server did: hash and signature over the lenient bytes.
    let hash = mxp_signatures::content_hash(&e, rules).unwrap();
    e.insert(
        "hashes".into(),
        obj(serde_json::json!({"v": {"sha256": mxp_signatures::base64::encode(hash)}}))["v"]
            .clone(),
    );
    let redacted = mxp_redaction::redact_without_signatures(&e, rules).unwrap();
    let input = mxp_canonical_json::to_lenient_canonical_bytes(&redacted.into()).unwrap();
    assert!(String::from_utf8_lossy(&input).contains(r#""ban":50.0"#));
    let sig = k.sign(&input).to_base64();
    e.insert(
        "signatures".into(),
        obj(serde_json::json!({"v": {"x.example": {"ed25519:a": sig}}}))["v"].clone(),
    );
    assert!(is_valid(&verify_event(&e, rules, &keys)));
    // The same event in a v6 room is not canonical JSON.
    assert!(matches!(
        verify_event(&e, &RoomVersionRules::V6, &keys),
        Err(VerifyEventError::Encode(_))
    ));
}
