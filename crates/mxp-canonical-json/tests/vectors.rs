//! The spec's canonical JSON test values and the derived edge cases
//! (`tests/data/canonical_vectors.json`, copied from wire-formats §4), byte
//! for byte, through every entry point.

use mxp_canonical_json::{
    CanonicalJsonValue, ParseOptions, canonicalize, canonicalize_with, parse_str, parse_value,
    to_canonical_bytes, to_canonical_string, to_lenient_canonical_bytes,
};

struct Vector {
    id: String,
    rules: String,
    input: String,
    canonical: Vec<u8>,
}

fn vectors() -> Vec<Vector> {
    let text = include_str!("data/canonical_vectors.json");
    let data: serde_json::Value = serde_json::from_str(text).expect("test data is JSON");
    let field = |v: &serde_json::Value, k: &str| v[k].as_str().expect(k).to_owned();
    data.as_array()
        .expect("a list")
        .iter()
        .map(|v| {
            let canonical = hex(&field(v, "canonical_hex"));
            assert_eq!(
                canonical,
                field(v, "canonical").into_bytes(),
                "test data is consistent"
            );
            Vector {
                id: field(v, "id"),
                rules: field(v, "rules"),
                input: field(v, "input"),
                canonical,
            }
        })
        .collect()
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

/// The one spec value whose input is not written with plain integers.
const NON_PLAIN_NUMBERS: &str = "spec-9";

#[test]
fn cj_1_to_5_spec_and_derived_vectors_canonicalize_byte_for_byte() {
    let vectors = vectors();
    assert_eq!(vectors.len(), 16);
    for v in &vectors {
        let out = canonicalize(v.input.as_bytes())
            .unwrap_or_else(|e| panic!("{} ({}): {e}", v.id, v.rules));
        assert_eq!(out.as_bytes(), v.canonical, "{} ({})", v.id, v.rules);
    }
}

#[test]
fn cj_1_to_5_vectors_through_parse_then_encode_in_every_mode() {
    for v in vectors() {
        for options in [
            ParseOptions::strict(),
            ParseOptions::lenient(),
            ParseOptions::canonicalizing(),
        ] {
            let parsed = parse_value(v.input.as_bytes(), &options);
            if v.id == NON_PLAIN_NUMBERS && options == ParseOptions::strict() {
                continue;
            }
            let value = parsed.unwrap_or_else(|e| panic!("{} {options:?}: {e}", v.id));
            if v.id == NON_PLAIN_NUMBERS && options == ParseOptions::lenient() {
                continue;
            }
            assert_eq!(to_canonical_bytes(&value).unwrap(), v.canonical, "{}", v.id);
            assert_eq!(
                to_canonical_string(&value).unwrap().as_bytes(),
                v.canonical,
                "{}",
                v.id
            );
            assert_eq!(
                to_lenient_canonical_bytes(&value).unwrap(),
                v.canonical,
                "{}",
                v.id
            );
            assert_eq!(parse_str(&v.input, &options).unwrap(), value, "{}", v.id);
        }
    }
}

#[test]
fn cj_1_to_5_canonical_output_is_a_fixed_point() {
    for v in vectors() {
        let again = canonicalize(&v.canonical).unwrap();
        assert_eq!(again.as_bytes(), v.canonical, "{}", v.id);
        // And strict mode accepts every canonical output.
        let value = parse_value(&v.canonical, &ParseOptions::strict()).unwrap();
        assert_eq!(to_canonical_bytes(&value).unwrap(), v.canonical, "{}", v.id);
    }
}

#[test]
fn cj_3_spec_example_minus_zero_and_exponent_per_mode() {
    let input = br#"{ "a": -0, "b": 1e10 }"#;
    // Generic canonicalizer: the spec's answer.
    assert_eq!(canonicalize(input).unwrap(), r#"{"a":0,"b":10000000000}"#);
    // Room v6+ PDUs: rejected, like Synapse and ruma (the first offender, `-0`).
    let err = parse_value(input, &ParseOptions::strict()).unwrap_err();
    assert_eq!((err.kind(), err.offset()), ("negative_zero", 7));
    let err = parse_value(br#"{ "b": 1e10 }"#, &ParseOptions::strict()).unwrap_err();
    assert_eq!((err.kind(), err.offset()), ("float_not_allowed", 7));
    // Rooms v1–5: `-0` is the integer 0 (as Python reads it); `1e10` verbatim.
    assert_eq!(
        canonicalize_with(input, &ParseOptions::lenient()).unwrap(),
        r#"{"a":0,"b":1e10}"#
    );
    let value = parse_value(input, &ParseOptions::lenient()).unwrap();
    assert_eq!(
        value.as_object().unwrap()["b"],
        CanonicalJsonValue::LegacyNumber("1e10".into())
    );
}

#[test]
fn cj_2_keys_sort_by_code_point_not_utf16() {
    // U+FFFD sorts before U+1F600 by code point; in UTF-16 the surrogate
    // 0xD83D would sort before 0xFFFD.
    let out = canonicalize("{\"😀\":2,\"\u{fffd}\":1,\"\u{e000}\":0}".as_bytes()).unwrap();
    assert_eq!(out, "{\"\u{e000}\":0,\"\u{fffd}\":1,\"😀\":2}");
}
