//! Redaction of arbitrary JSON objects for every room version.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use mxp_canonical_json::{
    CanonicalJsonObject, CanonicalJsonValue, ParseOptions, parse_value, to_lenient_canonical_bytes,
};
use mxp_redaction::{
    RedactionError, redact, redact_content, redact_content_in_place, redact_in_place,
    redact_without_signatures,
};
use mxp_room_versions::RoomVersionRules;

/// Parses `input` leniently and, if it is an object, checks redaction in every
/// room version.
pub fn check(input: &[u8]) {
    if let Ok(CanonicalJsonValue::Object(object)) = parse_value(input, &ParseOptions::lenient()) {
        for (id, rules) in RoomVersionRules::ALL {
            check_object(&object, id.as_str(), rules);
        }
    }
}

/// The keep-lists of the redaction crate's own test data (`REDACT-v<N>-*`),
/// an oracle written independently of the implementation.
struct KeepList {
    top: Vec<String>,
    content: BTreeMap<String, Vec<String>>,
}

fn keep_lists() -> &'static BTreeMap<String, KeepList> {
    static LISTS: OnceLock<BTreeMap<String, KeepList>> = OnceLock::new();
    LISTS.get_or_init(|| {
        let data: serde_json::Value = serde_json::from_str(include_str!(
            "../../crates/mxp-redaction/tests/data/keep_lists.json"
        ))
        .expect("keep_lists.json is JSON");
        let strings = |v: &serde_json::Value| -> Vec<String> {
            v.as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        };
        data["versions"]
            .as_object()
            .expect("versions")
            .iter()
            .map(|(version, v)| {
                let content = v["content"]
                    .as_object()
                    .expect("content keep-lists")
                    .iter()
                    .map(|(t, keys)| (t.clone(), strings(keys)))
                    .collect();
                (
                    version.clone(),
                    KeepList {
                        top: strings(&v["top"]),
                        content,
                    },
                )
            })
            .collect()
    })
}

/// Redaction by the keep-lists, written as plainly as possible.
fn oracle(object: &CanonicalJsonObject, version: &str) -> Option<CanonicalJsonObject> {
    let list = keep_lists().get(version)?;
    let event_type = object.get("type")?.as_str()?;
    let content = object.get("content")?.as_object()?;
    let mut out: CanonicalJsonObject = object
        .iter()
        .filter(|(k, _)| list.top.iter().any(|t| t == *k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let keys = list
        .content
        .get(event_type)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let mut kept = CanonicalJsonObject::new();
    for (k, v) in content {
        for rule in keys {
            if rule == "*" || rule == k {
                kept.insert(k.clone(), v.clone());
            } else if let Some((head, sub)) = rule.split_once('.')
                && head == k
                && let CanonicalJsonValue::Object(inner) = v
            {
                // `a.b`: `a` reduced to an object holding only `b`; a non-object
                // `a` is dropped (the crate's documented choice, as Synapse).
                let reduced: CanonicalJsonObject = inner
                    .iter()
                    .filter(|(ik, _)| *ik == sub)
                    .map(|(ik, iv)| (ik.clone(), iv.clone()))
                    .collect();
                kept.insert(k.clone(), CanonicalJsonValue::Object(reduced));
            }
        }
    }
    out.insert("content".into(), CanonicalJsonValue::Object(kept));
    Some(out)
}

/// Every property of redaction on one object in one room version.
pub fn check_object(object: &CanonicalJsonObject, version: &str, rules: &RoomVersionRules) {
    let redacted = redact(object, rules);
    let expected_error = match (object.get("type"), object.get("content")) {
        (None, _) => Some(RedactionError::MissingType),
        (Some(t), _) if t.as_str().is_none() => Some(RedactionError::TypeNotString { found: "" }),
        (_, None) => Some(RedactionError::MissingContent),
        (_, Some(c)) if c.as_object().is_none() => {
            Some(RedactionError::ContentNotObject { found: "" })
        }
        _ => None,
    };
    let mut in_place = object.clone();
    let in_place_result = redact_in_place(&mut in_place, rules);
    let redacted = match (redacted, expected_error) {
        (Err(e), Some(expected)) => {
            assert_eq!(
                std::mem::discriminant(&e),
                std::mem::discriminant(&expected),
                "wrong redaction error"
            );
            assert_eq!(in_place_result, Err(e), "redact_in_place disagrees");
            assert_eq!(
                &in_place, object,
                "a failed redact_in_place changed the object"
            );
            assert!(redact_without_signatures(object, rules).is_err());
            return;
        }
        (Ok(r), None) => r,
        (result, expected) => {
            panic!("redaction returned {result:?}, expected error {expected:?} (v{version})")
        }
    };
    // Same answer from the independent keep-list oracle.
    let expected = oracle(object, version).expect("the oracle covers every version");
    assert_eq!(
        redacted, expected,
        "redaction differs from the keep-lists (v{version})"
    );
    // Idempotence: redacting a redacted event changes nothing.
    let twice = redact(&redacted, rules).expect("a redacted event redacts again");
    assert_eq!(twice, redacted, "redaction is not idempotent (v{version})");
    // The other entry points agree.
    assert_eq!(in_place_result, Ok(()));
    assert_eq!(in_place, redacted, "redact_in_place differs from redact");
    let mut without = redacted.clone();
    without.remove("signatures");
    assert_eq!(
        redact_without_signatures(object, rules).expect("redacts"),
        without,
        "redact_without_signatures differs from redact minus signatures"
    );
    let event_type = object
        .get("type")
        .and_then(CanonicalJsonValue::as_str)
        .unwrap_or_default();
    let content = object
        .get("content")
        .and_then(CanonicalJsonValue::as_object);
    if let Some(content) = content {
        let only = redact_content(content, event_type, rules);
        assert_eq!(
            redacted
                .get("content")
                .and_then(CanonicalJsonValue::as_object),
            Some(&only)
        );
        let mut c = content.clone();
        redact_content_in_place(&mut c, event_type, rules);
        assert_eq!(c, only);
    }
    // Redaction only removes: never a new key, never a longer encoding.
    assert!(redacted.keys().all(|k| object.contains_key(k)));
    assert!(!redacted.contains_key("unsigned"));
    let before = to_lenient_canonical_bytes(&CanonicalJsonValue::Object(object.clone()));
    let after = to_lenient_canonical_bytes(&CanonicalJsonValue::Object(redacted));
    if let (Ok(before), Ok(after)) = (before, after) {
        assert!(after.len() <= before.len(), "redaction grew the event");
    }
}
