//! Event signatures and content hashes on valid PDUs (`ESIG-*`, `EVAL-*`).

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_events::{Event, Expected, Pdu, VerifiedOutcome, VerifyPduError, verify_pdu};
use mxp_ids::{KeyId, OwnedServerName};
use mxp_redaction::redact;
use mxp_room_versions::RoomVersionRules;
use mxp_signatures::{
    EventVerification, KeyRing, RequiredSigners, SigningKey, required_signers, sign_event,
    verify_event,
};

fn key() -> SigningKey {
    SigningKey::from_seed(KeyId::parse("ed25519:f").expect("valid"), &[9; 32]).expect("valid")
}

/// Signs a valid PDU as every server that must sign it, then checks that it
/// verifies, that its redacted copy verifies, and that tampering with a part
/// the signatures cover never verifies.
pub fn check(pdu: &Pdu, rules: &RoomVersionRules) {
    let mut event = pdu.json().clone();
    if !CanonicalJsonValue::Object(event.clone()).is_strict() {
        // v1-v5 legacy numbers: we never sign non-canonical JSON (P1-10).
        return;
    }
    event.insert(
        "signatures".into(),
        CanonicalJsonValue::Object(CanonicalJsonObject::new()),
    );
    let signers: Vec<OwnedServerName> = match required_signers(&event, rules) {
        Ok(RequiredSigners::Servers(s)) => s,
        Ok(_) => vec![pdu.sender().server_name().to_owned()],
        Err(_) => return,
    };
    let key = key();
    let mut keys = KeyRing::new();
    for server in &signers {
        sign_event(&mut event, server, &key, rules).expect("a valid strict PDU signs");
        keys.insert(server.as_str(), key.key_id(), *key.public_key());
    }
    let verdict = verify_event(&event, rules, &keys).expect("a signed PDU can be checked");
    assert!(
        matches!(verdict, EventVerification::Valid { .. }),
        "a freshly signed event does not verify: {verdict:?}"
    );
    let signed = Pdu::from_canonical_object(event.clone(), None, rules)
        .expect("a signed valid PDU is still a valid PDU");
    if rules.event_id_format == mxp_room_versions::EventIdFormat::Opaque {
        // v1-v2: the ID is in the PDU; signing does not change it.
        assert_eq!(signed.event_id(), pdu.event_id());
    }
    check_verify_pdu(&signed, rules, &keys);

    // The redacted copy verifies too (EVAL-1): signatures cover the redacted
    // form. Its content hash matches only if redaction removed nothing hashed.
    let redacted = redact(&event, rules).expect("a valid PDU redacts");
    let verdict = verify_event(&redacted, rules, &keys).expect("checkable");
    assert!(
        verdict.signatures_valid(),
        "the redacted copy of a signed event fails: {verdict:?}"
    );
    let mut hashed = event.clone();
    hashed.remove("unsigned");
    if redacted == hashed {
        assert!(matches!(verdict, EventVerification::Valid { .. }));
    } else {
        assert!(
            matches!(verdict, EventVerification::ValidRedacted { .. }),
            "{verdict:?}"
        );
    }

    // Not covered by anything: `unsigned`.
    let mut tampered = event.clone();
    tampered.insert("unsigned".into(), CanonicalJsonValue::Integer(1));
    let verdict = verify_event(&tampered, rules, &keys).expect("checkable");
    assert!(
        matches!(verdict, EventVerification::Valid { .. }),
        "unsigned changed the verdict"
    );

    // Content the redaction algorithm drops: signatures hold, the hash does
    // not; the redacted copy is what to use (EVAL-5, P1-26). Content it keeps:
    // the signatures fail.
    let mut tampered = event.clone();
    if let Some(CanonicalJsonValue::Object(content)) = tampered.get_mut("content") {
        content.insert("\u{1}tamper".into(), CanonicalJsonValue::Integer(1));
    }
    let verdict = verify_event(&tampered, rules, &keys).expect("checkable");
    if redact(&tampered, rules) == redact(&event, rules) {
        match &verdict {
            EventVerification::ValidRedacted {
                redacted: to_use, ..
            } => {
                assert_eq!(
                    to_use, &redacted,
                    "the copy to use is not the redacted event"
                );
            }
            other => panic!("changed content, expected ValidRedacted, got {other:?}"),
        }
    } else {
        assert!(
            matches!(verdict, EventVerification::Invalid { .. }),
            "{verdict:?}"
        );
    }

    // Covered by the signatures in every version.
    for key_name in ["origin_server_ts", "depth", "sender", "type", "prev_events"] {
        let mut tampered = event.clone();
        let changed = match tampered.get_mut(key_name) {
            Some(CanonicalJsonValue::Integer(i)) => {
                *i = if *i > 0 { *i - 1 } else { *i + 1 };
                true
            }
            Some(CanonicalJsonValue::String(s)) => {
                s.push('x');
                true
            }
            Some(CanonicalJsonValue::Array(a)) => {
                a.push(CanonicalJsonValue::Null);
                true
            }
            _ => false,
        };
        if !changed {
            continue;
        }
        if let Ok(verdict) = verify_event(&tampered, rules, &keys) {
            assert!(
                !verdict.signatures_valid(),
                "changing {key_name} kept the signatures valid: {verdict:?}"
            );
        }
    }

    // Without the signature of a required server (P1-19, P1-25): invalid.
    for server in &signers {
        let mut tampered = event.clone();
        if let Some(CanonicalJsonValue::Object(sigs)) = tampered.get_mut("signatures") {
            sigs.remove(server.as_str());
        }
        let verdict = verify_event(&tampered, rules, &keys).expect("checkable");
        assert!(
            matches!(verdict, EventVerification::Invalid { .. }),
            "valid without the signature of required server {server}: {verdict:?}"
        );
    }
}

/// `verify_pdu` (P1-20, P1-21) on a signed PDU: verified in its own room (the
/// same answer as `verify_event`), refused in any other room and when the
/// membership or origin the request expects differs, whatever the signatures.
fn check_verify_pdu(signed: &Pdu, rules: &RoomVersionRules, keys: &KeyRing) {
    let own_room = match signed.room_id() {
        Some(r) => r.to_owned(),
        None => match mxp_signatures::room_id_of_create_event(signed.json(), rules) {
            Ok(r) => r,
            Err(_) => return,
        },
    };
    let verified = verify_pdu(signed.clone(), Expected::room(&own_room), rules, keys)
        .expect("a freshly signed PDU verifies in its own room");
    assert_eq!(verified.outcome(), VerifiedOutcome::Valid);
    assert_eq!(verified.get(), signed);
    assert!(verify_pdu(signed.clone(), Expected::any_room(), rules, keys).is_ok());
    // Without the keys, never verified (P1-21).
    assert!(matches!(
        verify_pdu(
            signed.clone(),
            Expected::room(&own_room),
            rules,
            &KeyRing::new()
        ),
        Err(VerifyPduError::BadSignatures { .. })
    ));
    // Another room: refused before the signatures are looked at (P1-20).
    let other = if rules.room_id_format == mxp_room_versions::RoomIdFormat::CreateEventHash {
        "!AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    } else {
        "!other:fuzz.example"
    };
    let other = mxp_ids::RoomId::parse(other).expect("valid room ID");
    if other != &*own_room {
        assert!(matches!(
            verify_pdu(signed.clone(), Expected::room(other), rules, keys),
            Err(VerifyPduError::WrongRoom { .. })
        ));
    }
    // A membership endpoint: accepted only for the event's own user and
    // membership.
    let membership = signed
        .content()
        .get("membership")
        .and_then(CanonicalJsonValue::as_str);
    let as_join = Expected::room(&own_room).membership(signed.sender(), "join");
    let result = verify_pdu(signed.clone(), as_join, rules, keys);
    let is_own_join = signed.event_type() == "m.room.member"
        && signed.state_key() == Some(signed.sender().as_str())
        && membership == Some("join");
    assert_eq!(result.is_ok(), is_own_join, "{result:?}");
    let origin = signed.sender().server_name();
    let from_origin = Expected::room(&own_room).origin(origin);
    assert!(verify_pdu(signed.clone(), from_origin, rules, keys).is_ok());
    if origin.as_str() != "elsewhere.example" {
        let elsewhere = mxp_ids::ServerName::parse("elsewhere.example").expect("valid");
        assert!(matches!(
            verify_pdu(
                signed.clone(),
                Expected::room(&own_room).origin(elsewhere),
                rules,
                keys
            ),
            Err(VerifyPduError::WrongOrigin { .. })
        ));
    }
}
