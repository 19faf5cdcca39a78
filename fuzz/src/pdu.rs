//! PDU parsing for every room version, redaction of valid PDUs, and event IDs
//! under re-encoding.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use mxp_canonical_json::{
    CanonicalJsonObject, CanonicalJsonValue, ParseOptions, parse_value, to_canonical_bytes,
    to_lenient_canonical_bytes,
};
use mxp_events::{Event, MAX_AUTH_EVENTS, MAX_PDU_BYTES, MAX_PREV_EVENTS, Pdu, check_pdu_format};
use mxp_ids::{EventId, OwnedEventId};
use mxp_redaction::{redact, redact_without_signatures};
use mxp_room_versions::{EventFormat, EventIdFormat, RoomVersionRules};
use sha2::{Digest, Sha256};

/// Runs the PDU checks on `input` for every room version, and the event
/// signing checks in one of the versions where it is a valid PDU.
pub fn check(input: &[u8]) {
    let mut valid = Vec::new();
    for (_, rules) in RoomVersionRules::ALL {
        if let Some(pdu) = check_version(input, rules) {
            valid.push((pdu, rules));
        }
    }
    if !valid.is_empty() {
        let (pdu, rules) = &valid[input.len() % valid.len()];
        crate::event_signing::check(pdu, rules);
    }
}

/// The canonical encoding of an object, strict or lenient per the version
/// (`CJ-6`).
fn encode(object: &CanonicalJsonObject, rules: &RoomVersionRules) -> Option<Vec<u8>> {
    let value = CanonicalJsonValue::Object(object.clone());
    if rules.strict_canonical_json {
        to_canonical_bytes(&value).ok()
    } else {
        to_lenient_canonical_bytes(&value).ok()
    }
}

/// The reference hash (`REF-1`): SHA-256 of the canonical form of the redacted
/// event without `signatures` and `unsigned`, computed here from the building
/// blocks as an oracle for the event ID.
pub fn reference_hash(object: &CanonicalJsonObject, rules: &RoomVersionRules) -> Option<[u8; 32]> {
    let redacted = redact_without_signatures(object, rules).ok()?;
    let bytes = encode(&redacted, rules)?;
    Some(Sha256::digest(&bytes).into())
}

/// The event ID of a v3+ PDU: `$` + the reference hash in the version's
/// base64 alphabet (`WF-EID-2`, `WF-EID-3`). `None` for v1–v2.
pub fn event_id(object: &CanonicalJsonObject, rules: &RoomVersionRules) -> Option<OwnedEventId> {
    let hash = reference_hash(object, rules)?;
    let b64 = match rules.event_id_format {
        EventIdFormat::Opaque => return None,
        EventIdFormat::StandardBase64 => STANDARD_NO_PAD.encode(hash),
        _ => URL_SAFE_NO_PAD.encode(hash),
    };
    OwnedEventId::try_from(format!("${b64}")).ok()
}

fn check_version(input: &[u8], rules: &RoomVersionRules) -> Option<Pdu> {
    let options = ParseOptions::pdu(rules.strict_canonical_json);
    let parsed = parse_value(input, &options);
    let object = match &parsed {
        Ok(CanonicalJsonValue::Object(o)) => Some(o),
        _ => None,
    };
    let id = object.and_then(|o| event_id(o, rules));
    let pdu = Pdu::from_json_bytes(input, id.as_deref(), rules);
    let Some(object) = object else {
        // Not a canonical JSON object for this version (P1-09, P1-14: the
        // whole PDU, every number and no duplicate key).
        assert!(
            pdu.is_err(),
            "a PDU was accepted from input the canonical JSON parser rejects: {parsed:?}"
        );
        return None;
    };
    // The signature crate's event ID (REF-1, REF-2) is the reference hash
    // computed here from redaction, encoding and SHA-256.
    match mxp_signatures::event_id(object, rules) {
        Ok(theirs) => assert_eq!(Some(&theirs), id.as_ref(), "event IDs differ"),
        Err(_) => assert!(id.is_none(), "mxp-signatures has no event ID for {id:?}"),
    }
    if let Ok(hash) = mxp_signatures::reference_hash(object, rules) {
        assert_eq!(
            Some(hash),
            reference_hash(object, rules),
            "reference hashes differ"
        );
    }
    let format = check_pdu_format(object, rules);
    let pdu = match pdu {
        Ok(pdu) => pdu,
        Err(e) => {
            if rules.event_format == EventFormat::V1 || id.is_some() {
                assert!(
                    format.is_err(),
                    "check_pdu_format accepts, Pdu rejects: {e}"
                );
            }
            assert!(!e.to_string().is_empty());
            return None;
        }
    };
    // Without a supplied ID, the PDU computes the same one.
    if id.is_some() {
        let computed = Pdu::from_json_bytes(input, None, rules).expect("valid with its own ID");
        assert_eq!(computed.event_id(), pdu.event_id());
    }
    assert_eq!(format, Ok(()), "Pdu accepts, check_pdu_format rejects");
    assert_eq!(pdu.json(), object, "the PDU's JSON is not kept losslessly");
    fields_agree(&pdu, object, rules);

    // Re-encoding (canonical, and pretty-printed with serde_json when the
    // numbers allow) gives the same PDU and the same event ID.
    let canonical = encode(object, rules).expect("a valid PDU encodes");
    assert!(
        canonical.len() <= MAX_PDU_BYTES,
        "PDU-4: {} bytes accepted",
        canonical.len()
    );
    let reparsed = Pdu::from_json_bytes(&canonical, id.as_deref(), rules)
        .expect("the canonical form of a valid PDU is valid");
    assert_eq!(reparsed, pdu, "re-encoding changed the PDU");
    if let Ok(CanonicalJsonValue::Object(o)) = parse_value(&canonical, &options) {
        assert_eq!(event_id(&o, rules), id, "re-encoding changed the event ID");
    }
    if CanonicalJsonValue::Object(object.clone()).is_strict() {
        let json = serde_json::Value::from(CanonicalJsonValue::Object(object.clone()));
        let pretty = serde_json::to_vec_pretty(&json).expect("serializes");
        let again = Pdu::from_json_bytes(&pretty, id.as_deref(), rules)
            .expect("a pretty-printed valid PDU is valid");
        assert_eq!(again, pdu);
        if let Ok(CanonicalJsonValue::Object(o)) = parse_value(&pretty, &options) {
            assert_eq!(
                event_id(&o, rules),
                id,
                "pretty-printing changed the event ID"
            );
        }
    }

    // Redaction: a valid PDU always redacts, idempotently, to a valid PDU
    // with the same event ID (the reference hash covers the redacted form).
    let redacted = redact(object, rules).expect("a valid PDU has a type and a content object");
    assert_eq!(
        redact(&redacted, rules).as_ref(),
        Ok(&redacted),
        "redaction not idempotent"
    );
    let redacted_pdu = Pdu::from_canonical_object(redacted.clone(), id.as_deref(), rules)
        .unwrap_or_else(|e| panic!("the redacted form of a valid PDU is invalid: {e}"));
    assert_eq!(redacted_pdu.event_id(), pdu.event_id());
    assert_eq!(redacted_pdu.sender(), pdu.sender());
    assert_eq!(redacted_pdu.event_type(), pdu.event_type());
    assert_eq!(redacted_pdu.state_key(), pdu.state_key());
    assert_eq!(redacted_pdu.prev_events(), pdu.prev_events());
    assert_eq!(redacted_pdu.auth_events(), pdu.auth_events());
    assert_eq!(
        event_id(&redacted, rules),
        id,
        "redaction changed the event ID"
    );
    assert_eq!(
        reference_hash(&redacted, rules),
        reference_hash(object, rules)
    );
    Some(pdu)
}

/// The typed accessors say what the JSON says.
fn fields_agree(pdu: &Pdu, object: &CanonicalJsonObject, rules: &RoomVersionRules) {
    let s = |k: &str| object.get(k).and_then(CanonicalJsonValue::as_str);
    // v1-v5 integers past 2^53 are legacy numbers (`CJ-6`); `depth` and
    // `origin_server_ts` written as plain decimal integers are read exactly
    // (up to 2^63 - 1, `PDU-3`). Found by this target: it once read them as
    // missing.
    let i = |k: &str| match object.get(k) {
        Some(CanonicalJsonValue::Integer(i)) => Some(*i),
        Some(CanonicalJsonValue::LegacyNumber(text)) if !rules.strict_canonical_json => {
            let digits = text.strip_prefix('-').unwrap_or(text);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                None
            } else {
                text.parse::<i64>().ok()
            }
        }
        _ => None,
    };
    assert_eq!(Some(pdu.sender().as_str()), s("sender"));
    assert_eq!(Some(pdu.event_type()), s("type"));
    assert_eq!(pdu.state_key(), s("state_key"));
    assert_eq!(pdu.is_state(), pdu.state_key().is_some());
    assert_eq!(pdu.room_id().map(|r| r.as_str()), s("room_id"));
    assert_eq!(Some(pdu.depth()), i("depth"));
    assert_eq!(Some(pdu.origin_server_ts()), i("origin_server_ts"));
    assert!(
        (0..=rules.max_depth).contains(&pdu.depth()),
        "PDU-3: depth {}",
        pdu.depth()
    );
    assert!(
        pdu.prev_events().len() <= MAX_PREV_EVENTS,
        "PDU-2: too many prev_events"
    );
    assert!(
        pdu.auth_events().len() <= MAX_AUTH_EVENTS,
        "PDU-2: too many auth_events"
    );
    let refs = |k: &str| -> Vec<&EventId> {
        object
            .get(k)
            .and_then(CanonicalJsonValue::as_array)
            .into_iter()
            .flatten()
            .filter_map(|r| match r {
                CanonicalJsonValue::String(s) => EventId::parse(s).ok(),
                CanonicalJsonValue::Array(pair) => pair
                    .first()
                    .and_then(|s| s.as_str())
                    .and_then(|s| EventId::parse(s).ok()),
                _ => None,
            })
            .collect()
    };
    let prev: Vec<&EventId> = pdu.prev_events().iter().map(|e| e.as_id()).collect();
    let auth: Vec<&EventId> = pdu.auth_events().iter().map(|e| e.as_id()).collect();
    assert_eq!(prev, refs("prev_events"));
    assert_eq!(auth, refs("auth_events"));
    for id in prev.iter().chain(&auth).chain([&pdu.event_id()]) {
        assert!(id.as_str().len() <= 255);
        match rules.event_id_format {
            EventIdFormat::Opaque => assert!(!id.is_hash_form()),
            _ => assert!(id.is_hash_form()),
        }
    }
    assert_eq!(
        pdu.content(),
        object
            .get("content")
            .and_then(CanonicalJsonValue::as_object)
            .expect("checked")
    );
    assert_eq!(
        Some(pdu.content_hash()),
        object
            .get("hashes")
            .and_then(|h| h.get("sha256"))
            .and_then(CanonicalJsonValue::as_str)
    );
}
