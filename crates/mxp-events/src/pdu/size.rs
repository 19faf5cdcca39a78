//! The canonical JSON size of a PDU (`PDU-4`) and, for room versions 6+, the
//! canonical JSON number rules (`CJ-3`, `CJ-6`), in one walk.

use mxp_canonical_json::{
    CanonicalJsonObject, CanonicalJsonValue, MAX_SAFE_INTEGER, MIN_SAFE_INTEGER,
};

use super::PduError;

enum Frame<'a> {
    Object(mxp_canonical_json::object::Iter<'a>),
    Array(std::slice::Iter<'a, CanonicalJsonValue>),
}

/// Checks that `obj` encoded as canonical JSON is at most `max` bytes
/// (`PDU-4`) and, when `strict`, that every number is canonical (`CJ-6`).
///
/// A first walk bounds the size cheaply (a string byte escapes to at most six
/// bytes); only PDUs near the limit are measured exactly. A lenient-mode
/// [`CanonicalJsonValue::LegacyNumber`] counts as its source text, as Synapse
/// measures the JSON it would send.
pub(crate) fn check_size(
    obj: &CanonicalJsonObject,
    strict: bool,
    max: usize,
) -> Result<(), PduError> {
    let bound = walk(obj, strict, |s| s.len().saturating_mul(6).saturating_add(2))?;
    if bound <= max {
        return Ok(());
    }
    let size = canonical_size(obj)?;
    if size > max {
        return Err(PduError::TooLarge { size, max });
    }
    Ok(())
}

/// The exact length of `obj` encoded as canonical JSON (legacy numbers as
/// their text).
pub(crate) fn canonical_size(obj: &CanonicalJsonObject) -> Result<usize, PduError> {
    walk(obj, false, str_len)
}

/// Sums the canonical lengths of every token of `obj`, strings measured by
/// `str_len`, checking numbers when `strict`.
///
/// Iterative (an explicit stack), so objects built by callers with any
/// nesting depth cannot overflow the call stack.
fn walk(
    obj: &CanonicalJsonObject,
    strict: bool,
    str_len: impl Fn(&str) -> usize,
) -> Result<usize, PduError> {
    let mut size = container_len(obj.len());
    let mut stack = Vec::with_capacity(8);
    stack.push(Frame::Object(obj.iter()));
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
    const ONES: u64 = u64::MAX / 255;
    const LOW7: u64 = ONES * 0x7f;
    const HIGH: u64 = ONES * 0x80;
    /// 0x80 in exactly the bytes of `y` that are zero (SWAR, no false
    /// positives: the additions cannot carry between bytes).
    fn zero_bytes(y: u64) -> u64 {
        !(((y & LOW7) + LOW7) | y) & HIGH
    }
    let b = s.as_bytes();
    let mut extra = 0;
    let mut chunks = b.chunks_exact(8);
    // Eight bytes at a time; control characters are rare, so a word holding
    // one is counted byte by byte.
    for chunk in &mut chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // Bytes below 0x20: high bit clear and still clear after adding 0x60.
        let control = !(((x & LOW7) + ONES * 0x60) | x) & HIGH;
        if control == 0 {
            let quotes = zero_bytes(x ^ (ONES * u64::from(b'"')))
                | zero_bytes(x ^ (ONES * u64::from(b'\\')));
            // Rare, and `count_ones` is not one instruction on baseline x86-64.
            if quotes != 0 {
                extra += quotes.count_ones() as usize;
            }
        } else {
            extra += chunk.iter().map(|&c| escape_extra(c)).sum::<usize>();
        }
    }
    extra += chunks
        .remainder()
        .iter()
        .map(|&c| escape_extra(c))
        .sum::<usize>();
    b.len() + extra + 2
}

/// The bytes an escape adds: `\"`, `\\` and the short control escapes one,
/// `\u00XX` five.
fn escape_extra(c: u8) -> usize {
    match c {
        b'"' | b'\\' | 0x08 | 0x09 | 0x0a | 0x0c | 0x0d => 1,
        0..=0x1f => 5,
        _ => 0,
    }
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
            assert_eq!(canonical_size(&o).unwrap(), expected);
            assert_eq!(check_size(&o, true, expected), Ok(()));
            assert_eq!(
                check_size(&o, true, expected - 1),
                Err(PduError::TooLarge {
                    size: expected,
                    max: expected - 1
                })
            );
        }
    }

    #[test]
    fn string_length_with_every_byte_in_every_word_position() {
        for c in (0..=0x7fu8)
            .map(char::from)
            .chain(['é', '\u{80}', '\u{ff}', '😀'])
        {
            for pos in 0..17 {
                let mut s = "a".repeat(17);
                s.replace_range(pos..pos + 1, &c.to_string());
                s.push_str(&c.to_string().repeat(pos));
                let v = CanonicalJsonValue::String(s.clone());
                let expected = to_canonical_bytes(&v).unwrap().len();
                assert_eq!(str_len(&s), expected, "{c:?} at {pos}");
            }
        }
    }

    #[test]
    fn legacy_numbers_counted_in_lenient_mode_rejected_in_strict_mode() {
        let mut o = CanonicalJsonObject::new();
        o.insert("a".into(), CanonicalJsonValue::LegacyNumber("1.5".into()));
        assert_eq!(canonical_size(&o).unwrap(), r#"{"a":1.5}"#.len());
        assert_eq!(check_size(&o, false, 100), Ok(()));
        assert_eq!(
            check_size(&o, true, 100),
            Err(PduError::NotCanonicalJson {
                number: "1.5".into()
            })
        );
        let mut o = CanonicalJsonObject::new();
        o.insert("a".into(), CanonicalJsonValue::Integer(i64::MIN));
        assert_eq!(canonical_size(&o).unwrap(), 6 + 20);
        assert!(check_size(&o, true, 100).is_err());
    }

    proptest::proptest! {
        /// What `Size::ParsedWithinLimit` relies on: the canonical form of
        /// what the PDU parsers accept is never longer than the input.
        #[test]
        fn canonical_form_never_longer_than_parsed_input(
            v in json_value(),
            pretty in proptest::bool::ANY,
            escape_all in proptest::bool::ANY,
        ) {
            let mut text = if pretty {
                serde_json::to_string_pretty(&v).unwrap()
            } else {
                serde_json::to_string(&v).unwrap()
            };
            if escape_all {
                // Escape every non-ASCII character as \uXXXX (surrogate pairs too).
                text = text.chars().fold(String::new(), |mut out, c| {
                    if c.is_ascii() {
                        out.push(c);
                    } else {
                        for unit in c.encode_utf16(&mut [0; 2]) {
                            out.push_str(&format!("\\u{unit:04x}"));
                        }
                    }
                    out
                });
            }
            for options in [mxp_canonical_json::ParseOptions::strict(), mxp_canonical_json::ParseOptions::lenient()] {
                if let Ok(o) = mxp_canonical_json::parse_object(text.as_bytes(), &options) {
                    proptest::prop_assert!(canonical_size(&o).unwrap() <= text.len());
                }
            }
        }
    }

    fn json_value() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::Bool),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<f64>().prop_map(serde_json::Value::from),
            any::<String>().prop_map(serde_json::Value::String),
        ];
        let value = leaf.prop_recursive(3, 32, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
                proptest::collection::btree_map(any::<String>(), inner, 0..6)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        });
        proptest::collection::btree_map(any::<String>(), value, 0..6)
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect()))
    }

    #[test]
    fn deep_nesting_does_not_overflow_the_stack() {
        let mut v = CanonicalJsonValue::Array(vec![]);
        for _ in 0..100_000 {
            v = CanonicalJsonValue::Array(vec![v]);
        }
        let mut o = CanonicalJsonObject::new();
        o.insert("a".into(), v);
        assert_eq!(canonical_size(&o).unwrap(), 6 + 2 * 100_001);
        assert!(check_size(&o, true, 65_536).is_err());
        // Dropping the value recursively would overflow; unwind it by hand.
        let mut cur = o.remove("a");
        while let Some(CanonicalJsonValue::Array(mut a)) = cur {
            cur = a.pop();
        }
    }
}
