//! The encoder: `CJ-1`…`CJ-5` byte for byte, refusal of what canonical JSON
//! cannot express (P1-10), and the lenient encoder for rooms v1–5 (`CJ-6`).

use mxp_canonical_json::{
    CanonicalJsonObject, CanonicalJsonValue, MAX_SAFE_INTEGER, MIN_SAFE_INTEGER, encode_into,
    encode_lenient_into, to_canonical_bytes, to_canonical_string, to_lenient_canonical_bytes,
    to_lenient_canonical_string,
};

fn string(s: &str) -> String {
    to_canonical_string(&CanonicalJsonValue::from(s)).unwrap()
}

fn object(members: &[(&str, CanonicalJsonValue)]) -> CanonicalJsonValue {
    CanonicalJsonValue::Object(
        members
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    )
}

#[test]
fn cj_4_every_control_character_has_exactly_one_escape() {
    for byte in 0u8..0x20 {
        let expected = match byte {
            0x08 => "\\b".to_owned(),
            0x09 => "\\t".to_owned(),
            0x0a => "\\n".to_owned(),
            0x0c => "\\f".to_owned(),
            0x0d => "\\r".to_owned(),
            _ => format!("\\u{byte:04x}"),
        };
        let s = char::from(byte).to_string();
        assert_eq!(string(&s), format!("\"{expected}\""), "{byte:#x}");
        // Lower-case hex only (gomatrixserverlib #425).
        assert!(!string(&s).bytes().any(|b| b.is_ascii_uppercase()));
    }
    assert_eq!(string("\u{1f}"), r#""\u001f""#);
}

#[test]
fn cj_4_nothing_else_is_escaped() {
    assert_eq!(string("\"\\"), r#""\"\\""#);
    // Not '/', not DEL, not non-ASCII, not U+2028/U+2029, not U+FFFF.
    for s in [
        "/",
        "\u{7f}",
        "é",
        "日本語",
        "\u{2028}\u{2029}",
        "\u{ffff}",
        "😀",
        "'<>&",
    ] {
        assert_eq!(string(s), format!("\"{s}\""), "{s:?}");
    }
    // Long strings with escapes at every position of an 8-byte word.
    for at in 0..24 {
        let mut s = "abcdefghijklmnopqrstuvwxyz".to_owned();
        s.insert(at, '\n');
        s.insert(0, 'é');
        let expected = format!("\"{}\"", s.replace('\n', "\\n"));
        assert_eq!(string(&s), expected);
    }
}

#[test]
fn p1_13_nfc_and_nfd_stay_different() {
    // Nothing normalizes: é (U+00E9) and e + U+0301 are different bytes.
    let nfc = string("\u{e9}");
    let nfd = string("e\u{301}");
    assert_ne!(nfc, nfd);
    assert_eq!(nfd.as_bytes(), b"\"e\xcc\x81\"");
}

#[test]
fn cj_1_cj_2_cj_5_no_whitespace_sorted_keys_array_order() {
    let value = object(&[
        (
            "b",
            CanonicalJsonValue::Array(vec![3.into(), 1.into(), 2.into()]),
        ),
        (
            "a",
            object(&[("y", CanonicalJsonValue::Null), ("x", true.into())]),
        ),
        ("", false.into()),
    ]);
    assert_eq!(
        to_canonical_string(&value).unwrap(),
        r#"{"":false,"a":{"x":true,"y":null},"b":[3,1,2]}"#
    );
}

#[test]
fn cj_3_integers_are_written_exactly() {
    let mut cases: Vec<i64> = (-1000..=1000).collect();
    let mut p = 1i64;
    while p <= MAX_SAFE_INTEGER / 10 {
        p *= 10;
        cases.extend([p - 1, p, p + 1, -p + 1, -p, -p - 1]);
    }
    cases.extend([
        MAX_SAFE_INTEGER,
        MIN_SAFE_INTEGER,
        1_000_000_000_000,
        1_700_000_000_123,
    ]);
    for i in cases {
        let value = CanonicalJsonValue::Integer(i);
        assert_eq!(to_canonical_string(&value).unwrap(), i.to_string());
        assert_eq!(to_lenient_canonical_string(&value).unwrap(), i.to_string());
    }
}

#[test]
fn p1_10_out_of_range_integers_are_never_emitted() {
    for i in [
        MAX_SAFE_INTEGER + 1,
        MIN_SAFE_INTEGER - 1,
        i64::MAX,
        i64::MIN,
    ] {
        let nested = object(&[("depth", CanonicalJsonValue::Integer(i))]);
        let err = to_canonical_bytes(&nested).unwrap_err();
        assert_eq!(err.kind(), "integer_out_of_range");
        assert!(err.to_string().contains(&i.to_string()));
        assert!(to_canonical_string(&nested).is_err());
        // The lenient encoder writes any i64.
        assert_eq!(
            to_lenient_canonical_string(&nested).unwrap(),
            format!(r#"{{"depth":{i}}}"#)
        );
    }
}

#[test]
fn cj_6_legacy_numbers_only_through_the_lenient_encoder() {
    let value = object(&[
        ("a", CanonicalJsonValue::LegacyNumber("1.50".into())),
        ("b", CanonicalJsonValue::LegacyNumber("-1E+400".into())),
    ]);
    let err = to_canonical_bytes(&value).unwrap_err();
    assert_eq!(err.kind(), "legacy_number");
    assert_eq!(
        to_lenient_canonical_bytes(&value).unwrap(),
        br#"{"a":1.50,"b":-1E+400}"#
    );
    // Hand-made legacy numbers must still be JSON numbers.
    for bad in ["", "}", "1.", "NaN", "1 ", "+1", "0x1", "--1"] {
        let value = CanonicalJsonValue::LegacyNumber(bad.into());
        let err = to_lenient_canonical_bytes(&value).unwrap_err();
        assert_eq!(err.kind(), "invalid_legacy_number", "{bad:?}");
    }
}

#[test]
fn encode_into_appends() {
    let mut out = b"prefix:".to_vec();
    encode_into(&CanonicalJsonValue::from("x"), &mut out).unwrap();
    encode_lenient_into(&CanonicalJsonValue::Null, &mut out).unwrap();
    assert_eq!(out, b"prefix:\"x\"null");
}

#[test]
fn strings_and_bytes_agree() {
    let value = object(&[
        ("k\u{0}", CanonicalJsonValue::from("v\u{7f}\u{1}é")),
        (
            "n",
            CanonicalJsonValue::Array(vec![CanonicalJsonValue::Array(vec![]), object(&[])]),
        ),
    ]);
    assert_eq!(
        to_canonical_string(&value).unwrap().into_bytes(),
        to_canonical_bytes(&value).unwrap()
    );
    assert_eq!(
        to_canonical_string(&value).unwrap(),
        "{\"k\\u0000\":\"v\u{7f}\\u0001é\",\"n\":[[],{}]}"
    );
}

#[test]
fn p1_17_encoding_is_iterative() {
    // A hand-built value far deeper than the parser allows, on a small stack.
    let handle = std::thread::Builder::new()
        .stack_size(128 * 1024)
        .spawn(|| {
            let depth = 100_000;
            let mut value = CanonicalJsonValue::Integer(1);
            for i in 0..depth {
                value = if i % 2 == 0 {
                    CanonicalJsonValue::Array(vec![value])
                } else {
                    let mut o = CanonicalJsonObject::new();
                    o.insert("a".into(), value);
                    CanonicalJsonValue::Object(o)
                };
            }
            let out = to_canonical_bytes(&value).unwrap();
            assert_eq!(out.len(), depth / 2 * 2 + depth / 2 * 6 + 1);
            // The value type's own drop glue recurses; leak it instead.
            std::mem::forget(value);
        })
        .unwrap();
    handle.join().unwrap();
}

#[test]
fn nesting_around_the_in_place_stack_limit_encodes_like_serde_json() {
    // The encoder keeps its first eight open containers in place and spills
    // deeper ones; siblings after a deep member must still close correctly.
    for depth in 0..20 {
        let mut json = serde_json::json!("leaf");
        for level in 0..depth {
            json = if level % 2 == 0 {
                serde_json::json!([json, level, {"z": level}])
            } else {
                serde_json::json!({"a": json, "b": [level], "c": level})
            };
        }
        let value = CanonicalJsonValue::try_from(json.clone()).unwrap();
        let expected = serde_json::to_string(&json).unwrap();
        assert_eq!(to_canonical_string(&value).unwrap(), expected, "{depth}");
        // The reusable encoder, twice: its stack is left clean.
        let mut encoder = mxp_canonical_json::Encoder::new();
        let mut out = Vec::new();
        encoder.encode_into(&value, &mut out).unwrap();
        encoder.encode_into(&value, &mut out).unwrap();
        assert_eq!(out, [expected.as_bytes(), expected.as_bytes()].concat());
    }
}
