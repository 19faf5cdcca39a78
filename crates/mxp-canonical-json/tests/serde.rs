//! Conversions from `Serialize` types and `serde_json`, to `Deserialize`
//! types, and `Serialize`/`Deserialize` of the value type itself.

use std::collections::{BTreeMap, HashMap};

use mxp_canonical_json::{
    CanonicalJsonObject, CanonicalJsonValue, ParseOptions, from_canonical_value, parse_value,
    to_canonical_string, to_canonical_value,
};
use serde::{Deserialize, Serialize};

fn canonical<T: Serialize + ?Sized>(value: &T) -> String {
    to_canonical_string(&to_canonical_value(value).unwrap()).unwrap()
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
enum Kind {
    Unit,
    Newtype(u8),
    Tuple(u8, String),
    Struct { z: bool, a: Option<i32> },
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Event {
    r#type: String,
    depth: u64,
    origin_server_ts: i64,
    kinds: Vec<Kind>,
    tags: BTreeMap<String, u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    state_key: Option<String>,
}

#[test]
fn serialize_structs_enums_and_maps() {
    let event = Event {
        r#type: "m.room.message".into(),
        depth: 12,
        origin_server_ts: 1_700_000_000_000,
        kinds: vec![
            Kind::Unit,
            Kind::Newtype(7),
            Kind::Tuple(1, "x".into()),
            Kind::Struct { z: true, a: None },
        ],
        tags: [("b".to_owned(), 2), ("a".to_owned(), 1)].into(),
        state_key: None,
    };
    let text = canonical(&event);
    assert_eq!(
        text,
        r#"{"depth":12,"kinds":["Unit",{"Newtype":7},{"Tuple":[1,"x"]},{"Struct":{"a":null,"z":true}}],"origin_server_ts":1700000000000,"tags":{"a":1,"b":2},"type":"m.room.message"}"#
    );
    // And back.
    let value = parse_value(text.as_bytes(), &ParseOptions::strict()).unwrap();
    assert_eq!(from_canonical_value::<Event>(value).unwrap(), event);
    // Same bytes as serde_json for this float-free value.
    let json = serde_json::to_value(&event).unwrap();
    let via_json = CanonicalJsonValue::try_from(json).unwrap();
    assert_eq!(to_canonical_string(&via_json).unwrap(), text);
}

#[test]
fn serialize_scalars_and_keys() {
    assert_eq!(canonical(&()), "null");
    assert_eq!(canonical(&Some('x')), r#""x""#);
    assert_eq!(canonical(&None::<u8>), "null");
    assert_eq!(canonical(&(1u8, -2i16, 3u32, -4i64)), "[1,-2,3,-4]");
    assert_eq!(canonical(serde_bytes_like(b"\x00\xff")), "[0,255]");
    let keys: HashMap<i32, bool> = [(10, true), (-1, false), (2, true)].into();
    // Integer keys become strings, sorted as strings (CJ-2).
    assert_eq!(canonical(&keys), r#"{"-1":false,"10":true,"2":true}"#);
    let keys: BTreeMap<char, ()> = [('b', ()), ('a', ())].into();
    assert_eq!(canonical(&keys), r#"{"a":null,"b":null}"#);
    let keys: BTreeMap<bool, u8> = [(true, 1)].into();
    assert_eq!(canonical(&keys), r#"{"true":1}"#);
}

/// Every key type serde_json writes as a string gives the same key here,
/// and every other value serializes as serde_json's does.
#[test]
fn keys_and_scalars_of_every_width_match_serde_json() {
    #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
    enum Unit {
        Alpha,
        Beta,
    }
    #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
    struct Name(String);
    #[derive(Serialize)]
    struct Empty;
    #[derive(Serialize)]
    struct Pair(u8, &'static str);
    fn same<T: Serialize>(value: T) {
        let ours = canonical(&value);
        let json = CanonicalJsonValue::try_from(serde_json::to_value(&value).unwrap()).unwrap();
        assert_eq!(ours, to_canonical_string(&json).unwrap());
    }
    same(BTreeMap::from([(-8i8, 1), (7, 2)]));
    same(BTreeMap::from([(-16i16, 1), (15, 2)]));
    same(BTreeMap::from([(-64i64, 1), (63, 2)]));
    same(BTreeMap::from([(-128i128, 1), (i128::MAX, 2)]));
    same(BTreeMap::from([(8u8, 1), (255, 2)]));
    same(BTreeMap::from([(16u16, 1), (65535, 2)]));
    same(BTreeMap::from([(32u32, 1), (u32::MAX, 2)]));
    same(BTreeMap::from([(64u64, 1), (u64::MAX, 2)]));
    same(BTreeMap::from([(128u128, 1), (u128::MAX, 2)]));
    same(BTreeMap::from([(Unit::Beta, 1), (Unit::Alpha, 2)]));
    same(BTreeMap::from([
        (Name("b".into()), 1),
        (Name("a".into()), 2),
    ]));
    same((-8i8, -32i32, 16u16, Empty, Name("n".into()), Pair(1, "p")));
}

/// Keys that are neither strings nor scalars serde_json writes as strings
/// are refused, and so are float keys: canonical JSON has no floats
/// (`CJ-3`), even where serde_json would write them as text.
#[test]
fn keys_that_are_not_strings_are_refused() {
    /// A map of one entry with this key.
    struct OneEntry<K>(K);
    impl<K: Serialize> Serialize for OneEntry<K> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap;
            let mut map = s.serialize_map(Some(1))?;
            map.serialize_entry(&self.0, &1)?;
            map.end()
        }
    }
    #[derive(Serialize)]
    struct Empty;
    #[derive(Serialize)]
    struct Pair(u8, u8);
    #[derive(Serialize)]
    struct Point {
        x: u8,
    }
    #[derive(Serialize)]
    enum Tagged {
        Newtype(u8),
        Tuple(u8, u8),
        Struct { x: u8 },
    }
    fn refused<K: Serialize>(key: K, what: &str) {
        assert_eq!(
            to_canonical_value(&OneEntry(key)).unwrap_err().kind(),
            "key_must_be_a_string",
            "{what}"
        );
    }
    refused(1.5f64, "f64");
    refused(1.5f32, "f32");
    refused(serde_bytes_like(b"k"), "bytes");
    refused(None::<u8>, "none");
    refused(Some(1u8), "some");
    refused((), "unit");
    refused(Empty, "unit struct");
    refused(vec![1u8], "sequence");
    refused((1u8,), "tuple");
    refused(Pair(1, 2), "tuple struct");
    refused(BTreeMap::from([(1u8, 1u8)]), "map");
    refused(Point { x: 1 }, "struct");
    refused(Tagged::Newtype(1), "newtype variant");
    refused(Tagged::Tuple(1, 2), "tuple variant");
    refused(Tagged::Struct { x: 1 }, "struct variant");
}

/// `&[u8]` serializes as a sequence; `serialize_bytes` is reached through a
/// wrapper that calls it.
fn serde_bytes_like(bytes: &'static [u8]) -> &'static impl Serialize {
    struct Bytes(&'static [u8]);
    impl Serialize for Bytes {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(self.0)
        }
    }
    Box::leak(Box::new(Bytes(bytes)))
}

#[test]
fn cj_3_serialize_rejects_floats_and_out_of_range_integers() {
    assert_eq!(
        to_canonical_value(&1.0f64).unwrap_err().kind(),
        "float_not_allowed"
    );
    assert_eq!(
        to_canonical_value(&[0.5f32]).unwrap_err().kind(),
        "float_not_allowed"
    );
    assert_eq!(
        to_canonical_value(&f64::NAN).unwrap_err().kind(),
        "float_not_allowed"
    );
    for big in [1u64 << 53, u64::MAX] {
        assert_eq!(
            to_canonical_value(&big).unwrap_err().kind(),
            "integer_out_of_range"
        );
    }
    assert_eq!(
        to_canonical_value(&i64::MIN).unwrap_err().kind(),
        "integer_out_of_range"
    );
    assert_eq!(
        to_canonical_value(&(1i128 << 60)).unwrap_err().kind(),
        "integer_out_of_range"
    );
    assert_eq!(
        to_canonical_value(&((1u128 << 53) - 1)).unwrap(),
        CanonicalJsonValue::Integer((1 << 53) - 1)
    );
    assert_eq!(
        to_canonical_value(&-((1i64 << 53) - 1)).unwrap(),
        CanonicalJsonValue::Integer(1 - (1 << 53))
    );
}

#[test]
fn serialize_rejects_non_string_keys_and_duplicates() {
    let map: BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into();
    assert_eq!(
        to_canonical_value(&map).unwrap_err().kind(),
        "key_must_be_a_string"
    );
    let map: BTreeMap<Option<u8>, u8> = [(None, 3)].into();
    assert_eq!(
        to_canonical_value(&map).unwrap_err().kind(),
        "key_must_be_a_string"
    );

    // P1-14: `flatten` can produce the same key twice.
    #[derive(Serialize)]
    struct Outer {
        a: u8,
        #[serde(flatten)]
        rest: BTreeMap<String, u8>,
    }
    let outer = Outer {
        a: 1,
        rest: [("a".to_owned(), 2)].into(),
    };
    let err = to_canonical_value(&outer).unwrap_err();
    assert_eq!(err.kind(), "duplicate_key");
    // serde_json silently keeps the last one.
    assert_eq!(serde_json::to_value(&outer).unwrap()["a"], 2);
}

#[test]
fn p1_17_serialize_depth_is_bounded() {
    // A `Serialize` impl that nests forever: stopped at the ceiling, and the
    // nesting error surfaces instead of a stack overflow.
    struct Forever;
    impl Serialize for Forever {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeSeq;
            let mut seq = s.serialize_seq(Some(1))?;
            seq.serialize_element(&Forever)?;
            seq.end()
        }
    }
    let handle = std::thread::Builder::new()
        .stack_size(8 * 1024 * 1024)
        .spawn(|| to_canonical_value(&Forever).unwrap_err().kind())
        .unwrap();
    assert_eq!(handle.join().unwrap(), "too_deep");
}

#[test]
fn try_from_serde_json_value_sorts_and_checks_numbers() {
    let json: serde_json::Value =
        serde_json::from_str(r#"{"z": [1, -2, "x", null, true], "a": {"c": {}, "b": []}}"#)
            .unwrap();
    let value = CanonicalJsonValue::try_from(json).unwrap();
    assert_eq!(
        to_canonical_string(&value).unwrap(),
        r#"{"a":{"b":[],"c":{}},"z":[1,-2,"x",null,true]}"#
    );
    // And back: key order is kept whatever serde_json's map is.
    let back = serde_json::Value::from(value);
    assert_eq!(
        serde_json::to_string(&back).unwrap(),
        r#"{"a":{"b":[],"c":{}},"z":[1,-2,"x",null,true]}"#
    );
}

#[test]
fn serde_json_value_depth_is_bounded() {
    use mxp_canonical_json::MAX_DEPTH_CEILING;
    let nest = |depth| {
        let mut json = serde_json::Value::Null;
        for _ in 0..depth {
            json = serde_json::Value::Array(vec![json]);
        }
        json
    };
    let err = CanonicalJsonValue::try_from(nest(MAX_DEPTH_CEILING + 1)).unwrap_err();
    assert_eq!(err.kind(), "too_deep");
    assert!(CanonicalJsonValue::try_from(nest(MAX_DEPTH_CEILING)).is_ok());
}

#[test]
fn value_serialize_matches_the_canonical_encoding() {
    let value = parse_value(
        "{\"b\":[1,-9007199254740991,\"\\u001f\u{7f}é\\\"\"],\"a\":{\"\":null}}".as_bytes(),
        &ParseOptions::strict(),
    )
    .unwrap();
    // serde_json writes the same escapes as CJ-4 for these strings.
    assert_eq!(
        serde_json::to_string(&value).unwrap(),
        to_canonical_string(&value).unwrap()
    );
}

#[test]
fn value_serialize_legacy_numbers() {
    let value = parse_value(b"[9007199254740993, 0.5]", &ParseOptions::lenient()).unwrap();
    let json = serde_json::to_value(&value).unwrap();
    assert_eq!(json[0].as_u64(), Some(9_007_199_254_740_993));
    assert_eq!(json[1].as_f64(), Some(0.5));
    let bad = CanonicalJsonValue::LegacyNumber("x".into());
    assert!(serde_json::to_string(&bad).is_err());
}

#[test]
fn p1_14_value_deserialize_agrees_with_the_strict_parser() {
    // The typed (Deserialize) path and the parser path accept and reject the
    // same inputs, and agree on the value.
    for input in [
        r#"{"a":1,"b":[true,null,"x"]}"#,
        r#"{"a":1,"a":2}"#,
        r#"{"n":1.5}"#,
        r#"{"n":1e10}"#,
        r#"{"n":-0}"#,
        r#"{"n":9007199254740992}"#,
        r#"{"n":-9007199254740992}"#,
        r#"{"n":18446744073709551616}"#,
        r#"{"n":-9007199254740991}"#,
        r#"[{"x":{"y":{}}}]"#,
        r#""\ud800""#,
    ] {
        let parsed = parse_value(input.as_bytes(), &ParseOptions::strict());
        let typed = serde_json::from_str::<CanonicalJsonValue>(input);
        assert_eq!(
            parsed.is_ok(),
            typed.is_ok(),
            "{input}: {parsed:?} vs {typed:?}"
        );
        if let (Ok(a), Ok(b)) = (parsed, typed) {
            assert_eq!(a, b, "{input}");
        }
    }
}

#[test]
fn structs_can_hold_canonical_json_fields() {
    #[derive(Deserialize, Serialize)]
    struct Pdu {
        content: CanonicalJsonObject,
        unsigned: Option<CanonicalJsonValue>,
    }
    let pdu: Pdu = serde_json::from_str(r#"{"content":{"b":1,"a":[]},"unsigned":null}"#).unwrap();
    assert_eq!(pdu.content.keys().collect::<Vec<_>>(), ["a", "b"]);
    assert!(serde_json::from_str::<Pdu>(r#"{"content":{"a":0.5}}"#).is_err());
    assert_eq!(
        serde_json::to_string(&pdu).unwrap(),
        r#"{"content":{"a":[],"b":1},"unsigned":null}"#
    );
}

#[test]
fn small_integer_conversions() {
    assert_eq!(
        CanonicalJsonValue::from(-5i8),
        CanonicalJsonValue::Integer(-5)
    );
    assert_eq!(
        CanonicalJsonValue::from(u32::MAX),
        CanonicalJsonValue::Integer(u32::MAX.into())
    );
    assert!(CanonicalJsonValue::try_from(1i64 << 53).is_err());
    assert!(CanonicalJsonValue::try_from((1u64 << 53) - 1).is_ok());
    assert!(CanonicalJsonValue::try_from(u64::MAX).is_err());
}

#[test]
fn p1_17_values_at_the_depth_ceiling_survive_every_conversion() {
    use mxp_canonical_json::MAX_DEPTH_CEILING;
    // On a 2 MiB stack (the default for spawned threads), in debug builds too.
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(|| {
            let half = MAX_DEPTH_CEILING / 2;
            let text = format!("{}1{}", "[{\"a\":".repeat(half), "}]".repeat(half));
            let options = ParseOptions::strict().with_max_depth(MAX_DEPTH_CEILING);
            let value = parse_value(text.as_bytes(), &options).unwrap();
            assert_eq!(to_canonical_string(&value).unwrap(), text);
            let json = serde_json::Value::from(value.clone());
            assert_eq!(CanonicalJsonValue::try_from(json).unwrap(), value);
            assert_eq!(to_canonical_value(&value).unwrap(), value);
            assert!(!format!("{value:?}").is_empty());
        })
        .unwrap()
        .join()
        .unwrap();
}
