//! Helpers shared by the integration tests.
#![allow(dead_code)]

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_room_versions::RoomVersionRules;

/// Converts a `serde_json` object into a canonical JSON object.
pub fn obj(json: serde_json::Value) -> CanonicalJsonObject {
    match CanonicalJsonValue::try_from(json) {
        Ok(CanonicalJsonValue::Object(object)) => object,
        other => panic!("test input is not an object: {other:?}"),
    }
}

/// Converts a canonical JSON object back into `serde_json`, for comparisons
/// and readable failure messages.
pub fn json(object: CanonicalJsonObject) -> serde_json::Value {
    CanonicalJsonValue::Object(object).into()
}

/// The rules of room version `n` (1–12).
pub fn rules(n: u8) -> &'static RoomVersionRules {
    RoomVersionRules::ALL[usize::from(n) - 1].1
}

/// Room versions 1–12 with their number.
pub fn versions() -> impl Iterator<Item = (u8, &'static RoomVersionRules)> {
    (1..=12u8).map(|n| (n, rules(n)))
}

/// Redacts with every entry point and checks that they agree, returning the
/// result of [`mxp_redaction::redact`].
pub fn redact_all_ways(
    event: &CanonicalJsonObject,
    rules: &RoomVersionRules,
) -> Result<CanonicalJsonObject, mxp_redaction::RedactionError> {
    let copied = mxp_redaction::redact(event, rules);

    let mut in_place = event.clone();
    let in_place_result = mxp_redaction::redact_in_place(&mut in_place, rules);
    match (&copied, in_place_result) {
        (Ok(copied), Ok(())) => assert_eq!(copied, &in_place, "redact vs redact_in_place"),
        (Err(e1), Err(e2)) => {
            assert_eq!(e1, &e2, "redact vs redact_in_place error");
            assert_eq!(
                &in_place, event,
                "redact_in_place changed the object on error"
            );
        }
        (a, b) => panic!("redact {a:?} vs redact_in_place {b:?}"),
    }

    let unsigned = mxp_redaction::redact_without_signatures(event, rules);
    match (&copied, unsigned) {
        (Ok(copied), Ok(unsigned)) => {
            let mut expected = copied.clone();
            expected.remove("signatures");
            assert_eq!(expected, unsigned, "redact vs redact_without_signatures");
        }
        (Err(e1), Err(e2)) => assert_eq!(e1, &e2),
        (a, b) => panic!("redact {a:?} vs redact_without_signatures {b:?}"),
    }

    check_encoders(event, rules, &copied);

    if let (Ok(copied), Some(CanonicalJsonValue::String(event_type)), Some(content)) = (
        &copied,
        event.get("type"),
        event.get("content").and_then(CanonicalJsonValue::as_object),
    ) {
        let redacted = mxp_redaction::redact_content(content, event_type, rules);
        assert_eq!(
            copied.get("content"),
            Some(&CanonicalJsonValue::Object(redacted.clone())),
            "redact vs redact_content"
        );
        let mut in_place = content.clone();
        mxp_redaction::redact_content_in_place(&mut in_place, event_type, rules);
        assert_eq!(
            in_place, redacted,
            "redact_content vs redact_content_in_place"
        );
    }
    copied
}

/// The redacting encoders write exactly the canonical bytes of `redact` /
/// `redact_without_signatures`, fail in the same cases, and leave the buffer
/// untouched on error.
fn check_encoders(
    event: &CanonicalJsonObject,
    rules: &RoomVersionRules,
    copied: &Result<CanonicalJsonObject, mxp_redaction::RedactionError>,
) {
    use mxp_redaction::RedactedEncodeError;
    for keep_signatures in [true, false] {
        let expected: Result<Vec<u8>, RedactedEncodeError> = match copied {
            Err(e) => Err(RedactedEncodeError::Redaction(e.clone())),
            Ok(copied) => {
                let mut copied = copied.clone();
                if !keep_signatures {
                    copied.remove("signatures");
                }
                mxp_canonical_json::to_canonical_bytes(&CanonicalJsonValue::Object(copied))
                    .map_err(RedactedEncodeError::Encode)
            }
        };
        let mut out = b"prefix".to_vec();
        let result = if keep_signatures {
            mxp_redaction::encode_redacted_into(event, rules, &mut out)
        } else {
            mxp_redaction::encode_redacted_without_signatures_into(event, rules, &mut out)
        };
        match (expected, result) {
            (Ok(bytes), Ok(())) => assert_eq!(
                out.strip_prefix(b"prefix").map(<[u8]>::to_vec),
                Some(bytes),
                "encoder (signatures kept: {keep_signatures})"
            ),
            (Err(e1), Err(e2)) => {
                assert_eq!(e1, e2, "encoder error (signatures kept: {keep_signatures})");
                assert_eq!(out, b"prefix", "encoder wrote on error");
            }
            (a, b) => panic!("expected {a:?}, encoder gave {b:?}"),
        }
    }
}
