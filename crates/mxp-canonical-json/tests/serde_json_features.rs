//! P1-18: `serde_json` features turned on by any crate in the build
//! (`preserve_order`, `arbitrary_precision`) must not change our results.
//!
//! These assertions hold in every feature combination. CI runs this crate's
//! tests a second time with both features forced on:
//!
//! ```sh
//! cargo test -p mxp-canonical-json --features serde_json/preserve_order,serde_json/arbitrary_precision
//! ```
//!
//! and [`the_feature_run_exercises_both_features`] fails that run if the
//! features did not actually take effect (set `MXP_EXPECT_SERDE_JSON_FEATURES=1`).

use mxp_canonical_json::{
    CanonicalJsonValue, ParseOptions, parse_value, to_canonical_string, to_canonical_value,
};
use serde_json::json;

/// Whether `serde_json::Map` keeps insertion order in this build.
fn preserve_order() -> bool {
    let v: serde_json::Value = serde_json::from_str(r#"{"b":0,"a":0}"#).unwrap();
    v.to_string().as_str() == r#"{"b":0,"a":0}"#
}

/// Whether `serde_json::Number` keeps the source text in this build.
fn arbitrary_precision() -> bool {
    let v: serde_json::Value = serde_json::from_str("1.10").unwrap();
    v.to_string().as_str() == "1.10"
}

#[test]
fn the_feature_run_exercises_both_features() {
    eprintln!(
        "serde_json features: preserve_order={}, arbitrary_precision={}",
        preserve_order(),
        arbitrary_precision()
    );
    if std::env::var_os("MXP_EXPECT_SERDE_JSON_FEATURES").is_some() {
        assert!(preserve_order() && arbitrary_precision());
    }
}

fn from_json_text(text: &str) -> Result<String, &'static str> {
    let json: serde_json::Value = serde_json::from_str(text).map_err(|_| "serde_json_error")?;
    let value = CanonicalJsonValue::try_from(json).map_err(|e| e.kind())?;
    Ok(to_canonical_string(&value).unwrap())
}

fn via_serialize(text: &str) -> Result<String, &'static str> {
    let json: serde_json::Value = serde_json::from_str(text).map_err(|_| "serde_json_error")?;
    let value = to_canonical_value(&json).map_err(|e| e.kind())?;
    Ok(to_canonical_string(&value).unwrap())
}

fn via_deserialize(text: &str) -> Result<String, &'static str> {
    let value: CanonicalJsonValue = serde_json::from_str(text).map_err(|_| "rejected")?;
    Ok(to_canonical_string(&value).unwrap())
}

#[test]
fn p1_18_key_order_does_not_depend_on_preserve_order() {
    let text = r#"{"b":{"d":1,"c":2},"a":[{"z":0,"y":0}]}"#;
    let expected = r#"{"a":[{"y":0,"z":0}],"b":{"c":2,"d":1}}"#;
    assert_eq!(from_json_text(text).unwrap(), expected);
    assert_eq!(via_serialize(text).unwrap(), expected);
    assert_eq!(via_deserialize(text).unwrap(), expected);
    // Building serde_json values by hand, in non-sorted insertion order.
    let mut map = serde_json::Map::new();
    map.insert("b".into(), json!(1));
    map.insert("a".into(), json!(2));
    let value = to_canonical_value(&map).unwrap();
    assert_eq!(to_canonical_string(&value).unwrap(), r#"{"a":2,"b":1}"#);
    // And back out: serde_json sees the keys in canonical order either way.
    let back = serde_json::Value::from(value);
    assert_eq!(back.to_string(), r#"{"a":2,"b":1}"#);
}

#[test]
fn p1_18_numbers_do_not_depend_on_arbitrary_precision() {
    // (input, result of TryFrom<serde_json::Value>) — the Serialize path gives
    // the same accept/reject answer.
    let cases: [(&str, Result<&str, &str>); 12] = [
        ("[1,-1,0]", Ok("[1,-1,0]")),
        ("[9007199254740991]", Ok("[9007199254740991]")),
        ("[-9007199254740991]", Ok("[-9007199254740991]")),
        ("[9007199254740992]", Err("integer_out_of_range")),
        ("[-9007199254740992]", Err("integer_out_of_range")),
        ("[18446744073709551616]", Err("integer_out_of_range")),
        ("[1e20]", Err("integer_out_of_range")),
        ("[1.0]", Err("float_not_allowed")),
        ("[1e3]", Err("float_not_allowed")),
        ("[0.5]", Err("float_not_allowed")),
        ("[-0]", Err("float_not_allowed")),
        ("[-0.0]", Err("float_not_allowed")),
    ];
    for (text, expected) in cases {
        assert_eq!(
            from_json_text(text),
            expected.map(str::to_owned),
            "TryFrom {text}"
        );
        assert_eq!(
            via_serialize(text).is_ok(),
            expected.is_ok(),
            "Serialize {text}"
        );
        assert_eq!(
            via_deserialize(text).is_ok(),
            expected.is_ok(),
            "Deserialize {text}"
        );
        if let Ok(out) = expected {
            assert_eq!(via_serialize(text).unwrap(), out);
            assert_eq!(via_deserialize(text).unwrap(), out);
        }
    }
}

#[test]
fn p1_18_our_parser_never_goes_through_serde_json() {
    // Same answers as above, straight from the text, in every build.
    let value = parse_value(
        br#"{"b":1,"a":[9007199254740991]}"#,
        &ParseOptions::strict(),
    )
    .unwrap();
    assert_eq!(
        to_canonical_string(&value).unwrap(),
        r#"{"a":[9007199254740991],"b":1}"#
    );
    let legacy = parse_value(b"[1.10, 1e400]", &ParseOptions::lenient()).unwrap();
    assert_eq!(
        legacy,
        CanonicalJsonValue::Array(vec![
            CanonicalJsonValue::LegacyNumber("1.10".into()),
            CanonicalJsonValue::LegacyNumber("1e400".into()),
        ])
    );
}

#[test]
fn p1_18_raw_values_are_parsed_strictly() {
    let raw =
        serde_json::value::RawValue::from_string(r#"{ "b": 1, "a": [] }"#.to_owned()).unwrap();
    let value = to_canonical_value(&raw).unwrap();
    assert_eq!(to_canonical_string(&value).unwrap(), r#"{"a":[],"b":1}"#);
    let raw = serde_json::value::RawValue::from_string("[1.5]".to_owned()).unwrap();
    assert_eq!(
        to_canonical_value(&raw).unwrap_err().kind(),
        "float_not_allowed"
    );
}
