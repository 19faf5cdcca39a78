//! The canonical JSON size of a PDU (`PDU-4`) and, for room versions 6+, the
//! canonical JSON number rules (`CJ-3`, `CJ-6`), in one walk.

use mxp_canonical_json::{
    CanonicalJsonObject, CanonicalJsonValue, MAX_SAFE_INTEGER, MIN_SAFE_INTEGER,
};

use super::PduError;

enum Frame<'a> {
    Object(std::collections::btree_map::Iter<'a, String, CanonicalJsonValue>),
    Array(std::slice::Iter<'a, CanonicalJsonValue>),
}

/// The length of `obj` encoded as canonical JSON, checking on the way that
/// every number is canonical when `strict`.
///
/// Iterative (an explicit stack), so objects built by callers with any
/// nesting depth cannot overflow the call stack. A lenient-mode
/// [`CanonicalJsonValue::LegacyNumber`] counts as its source text, as
/// Synapse measures the JSON it would send.
pub(crate) fn canonical_size(obj: &CanonicalJsonObject, strict: bool) -> Result<usize, PduError> {
    let mut size = container_len(obj.len());
    let mut stack = vec![Frame::Object(obj.iter())];
    while let Some(frame) = stack.last_mut() {
        let next = match frame {
            Frame::Object(it) => it.next().map(|(k, v)| {
                size = size.saturating_add(str_len(k) + 1);
                v
            }),
            Frame::Array(it) => it.next(),
        };
        let Some(value) = next else {
            stack.pop();
            continue;
        };
        let len = match value {
            CanonicalJsonValue::Object(o) => {
                stack.push(Frame::Object(o.iter()));
                container_len(o.len())
            }
            CanonicalJsonValue::Array(a) => {
                stack.push(Frame::Array(a.iter()));
                container_len(a.len())
            }
            CanonicalJsonValue::Null => 4,
            CanonicalJsonValue::Bool(true) => 4,
            CanonicalJsonValue::Bool(false) => 5,
            CanonicalJsonValue::String(s) => str_len(s),
            CanonicalJsonValue::Integer(i) => {
                if strict && !(MIN_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(i) {
                    return Err(PduError::NotCanonicalJson {
                        number: i.to_string(),
                    });
                }
                int_len(*i)
            }
            CanonicalJsonValue::LegacyNumber(n) => {
                if strict {
                    return Err(PduError::NotCanonicalJson { number: n.clone() });
                }
                n.len()
            }
        };
        size = size.saturating_add(len);
    }
    Ok(size)
}

/// Brackets plus the commas between `n` members.
fn container_len(n: usize) -> usize {
    2 + n.saturating_sub(1)
}

/// Quotes plus the string with canonical escapes (`CJ-4`).
fn str_len(s: &str) -> usize {
    let extra: usize = s
        .bytes()
        .map(|b| match b {
            b'"' | b'\\' | b'\x08' | b'\x0c' | b'\n' | b'\r' | b'\t' => 1,
            0..=0x1f => 5,
            _ => 0,
        })
        .sum();
    s.len() + extra + 2
}

fn int_len(i: i64) -> usize {
    let digits = i
        .unsigned_abs()
        .checked_ilog10()
        .map_or(1, |l| l as usize + 1);
    digits + usize::from(i < 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mxp_canonical_json::to_canonical_bytes;

    fn obj(v: serde_json::Value) -> CanonicalJsonObject {
        match CanonicalJsonValue::try_from(v) {
            Ok(CanonicalJsonValue::Object(o)) => o,
            other => panic!("not an object: {other:?}"),
        }
    }

    #[test]
    fn size_equals_encoder_output() {
        for v in [
            serde_json::json!({}),
            serde_json::json!({"a": []}),
            serde_json::json!({"a": [1, -1, 0, 10, -10, 9007199254740991i64, -9007199254740991i64]}),
            serde_json::json!({"a": {"b": {"c": [true, false, null, {}, []]}}}),
            serde_json::json!({"\"k\\": "\u{0}\u{1}\u{8}\u{9}\u{a}\u{b}\u{c}\u{d}\u{1f}\u{7f}é😀\"\\/"}),
        ] {
            let o = obj(v);
            let expected = to_canonical_bytes(&CanonicalJsonValue::Object(o.clone()))
                .unwrap()
                .len();
            assert_eq!(canonical_size(&o, true).unwrap(), expected);
        }
    }

    #[test]
    fn legacy_numbers_counted_in_lenient_mode_rejected_in_strict_mode() {
        let mut o = CanonicalJsonObject::new();
        o.insert("a".into(), CanonicalJsonValue::LegacyNumber("1.5".into()));
        assert_eq!(canonical_size(&o, false).unwrap(), r#"{"a":1.5}"#.len());
        assert_eq!(
            canonical_size(&o, true),
            Err(PduError::NotCanonicalJson {
                number: "1.5".into()
            })
        );
        let mut o = CanonicalJsonObject::new();
        o.insert("a".into(), CanonicalJsonValue::Integer(i64::MIN));
        assert_eq!(canonical_size(&o, false).unwrap(), 6 + 20);
        assert!(canonical_size(&o, true).is_err());
    }

    #[test]
    fn deep_nesting_does_not_overflow_the_stack() {
        let mut v = CanonicalJsonValue::Array(vec![]);
        for _ in 0..100_000 {
            v = CanonicalJsonValue::Array(vec![v]);
        }
        let mut o = CanonicalJsonObject::new();
        o.insert("a".into(), v);
        assert_eq!(canonical_size(&o, true).unwrap(), 6 + 2 * 100_001);
        // Dropping the value recursively would overflow; unwind it by hand.
        let mut cur = o.remove("a");
        while let Some(CanonicalJsonValue::Array(mut a)) = cur {
            cur = a.pop();
        }
    }
}
