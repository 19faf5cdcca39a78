//! Property tests: the encoder and parser are inverse (`CJ-1`…`CJ-5`), the
//! parser never panics, and it agrees with `serde_json` wherever the rules
//! coincide.

use mxp_canonical_json::{
    BLOCK_LEN, CanonicalJsonObject, CanonicalJsonValue, EncodeError, MAX_SAFE_INTEGER,
    MIN_SAFE_INTEGER, ParseOptions, canonicalize, encode_lenient_object_without_in_blocks,
    encode_lenient_object_without_into, encode_object_without_in_blocks,
    encode_object_without_into, parse_value, to_canonical_bytes, to_canonical_string,
    to_lenient_canonical_bytes,
};
use proptest::prelude::*;

/// Strings heavy in what CJ-4 treats specially: controls, quotes,
/// backslashes, DEL, non-ASCII and astral characters.
fn json_string() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::char::range('a', 'z'),
            1 => prop::char::range('\u{0}', '\u{1f}'),
            1 => prop::sample::select(vec!['"', '\\', '/', '\u{7f}', 'é', '\u{2028}', '\u{fffd}', '😀', '\u{e000}']),
            1 => any::<char>(),
        ],
        0..24,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

/// Long strings of runs: plain ASCII, special bytes, multi-byte characters,
/// so that escapes and character boundaries fall at every offset of the
/// block sink's 16-byte steps and 64-byte blocks.
fn long_json_string() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => "[a-z]{1,40}",
            1 => prop::collection::vec(prop::char::range('\u{0}', '\u{1f}'), 1..5)
                .prop_map(|c| c.into_iter().collect::<String>()),
            1 => "[\"\\\\]{1,4}",
            1 => "[é😀\u{2028}]{1,4}",
        ],
        0..40,
    )
    .prop_map(|runs| runs.concat())
}

fn canonical_value() -> impl Strategy<Value = CanonicalJsonValue> {
    let leaf = prop_oneof![
        Just(CanonicalJsonValue::Null),
        any::<bool>().prop_map(CanonicalJsonValue::Bool),
        (MIN_SAFE_INTEGER..=MAX_SAFE_INTEGER).prop_map(CanonicalJsonValue::Integer),
        (-1000i64..1000).prop_map(CanonicalJsonValue::Integer),
        json_string().prop_map(CanonicalJsonValue::String),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(CanonicalJsonValue::Array),
            prop::collection::btree_map(json_string(), inner, 0..8)
                .prop_map(|m| CanonicalJsonValue::Object(m.into())),
        ]
    })
}

/// Writes `value` as valid but non-canonical JSON: random whitespace, keys
/// in reverse order, every character optionally `\u`-escaped.
fn write_loose(value: &CanonicalJsonValue, noise: &mut impl Iterator<Item = u8>, out: &mut String) {
    let ws = |out: &mut String, noise: &mut dyn Iterator<Item = u8>| match noise.next().unwrap_or(0)
        % 6
    {
        0 => out.push(' '),
        1 => out.push_str("\n\t "),
        2 => out.push('\r'),
        _ => {}
    };
    ws(out, noise);
    match value {
        CanonicalJsonValue::Null => out.push_str("null"),
        CanonicalJsonValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        CanonicalJsonValue::Integer(i) => out.push_str(&i.to_string()),
        CanonicalJsonValue::LegacyNumber(n) => out.push_str(n),
        CanonicalJsonValue::String(s) => write_loose_string(s, noise, out),
        CanonicalJsonValue::Array(a) => {
            out.push('[');
            for (i, v) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_loose(v, noise, out);
            }
            ws(out, noise);
            out.push(']');
        }
        CanonicalJsonValue::Object(o) => {
            out.push('{');
            for (i, (k, v)) in o.iter().rev().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                ws(out, noise);
                write_loose_string(k, noise, out);
                ws(out, noise);
                out.push(':');
                write_loose(v, noise, out);
            }
            ws(out, noise);
            out.push('}');
        }
    }
    ws(out, noise);
}

fn write_loose_string(s: &str, noise: &mut impl Iterator<Item = u8>, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        let escape = noise.next().unwrap_or(0).is_multiple_of(3);
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c < ' ' || escape => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04X}"));
                }
            }
            '/' if noise.next().unwrap_or(0).is_multiple_of(2) => out.push_str("\\/"),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// What a block encoder hands over, joined, after checking its contract:
/// every piece but the last a whole number of blocks, the last shorter than
/// a block, and the returned length that of the whole.
fn in_blocks(
    encode: impl FnOnce(&mut dyn FnMut(&[u8])) -> Result<u64, EncodeError>,
) -> Result<Vec<u8>, TestCaseError> {
    let mut pieces = Vec::new();
    let len = encode(&mut |piece| pieces.push(piece.to_vec())).unwrap();
    let (last, whole) = pieces.split_last().unwrap();
    prop_assert!(whole.iter().all(|p| p.len() % BLOCK_LEN == 0));
    prop_assert!(last.len() < BLOCK_LEN);
    let joined = pieces.concat();
    prop_assert_eq!(len, joined.len() as u64);
    Ok(joined)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn encode_parse_encode_is_a_fixed_point(value in canonical_value()) {
        let bytes = to_canonical_bytes(&value).unwrap();
        for options in [ParseOptions::strict(), ParseOptions::canonicalizing(), ParseOptions::lenient()] {
            let parsed = parse_value(&bytes, &options).unwrap();
            prop_assert_eq!(&parsed, &value);
            prop_assert_eq!(to_canonical_bytes(&parsed).unwrap(), bytes.clone());
        }
        prop_assert_eq!(to_lenient_canonical_bytes(&value).unwrap(), bytes.clone());
        prop_assert_eq!(to_canonical_string(&value).unwrap().into_bytes(), bytes.clone());
        // CJ-1: no whitespace outside strings; serde_json reads it back the same.
        let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        prop_assert_eq!(CanonicalJsonValue::try_from(json).unwrap(), value);
    }

    #[test]
    fn p1_15_any_formatting_canonicalizes_to_the_same_bytes(
        value in canonical_value(),
        noise in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        let mut loose = String::new();
        write_loose(&value, &mut noise.into_iter().cycle(), &mut loose);
        let parsed = parse_value(loose.as_bytes(), &ParseOptions::strict()).unwrap();
        prop_assert_eq!(&parsed, &value);
        prop_assert_eq!(
            canonicalize(loose.as_bytes()).unwrap().into_bytes(),
            to_canonical_bytes(&value).unwrap()
        );
    }

    #[test]
    fn parse_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        for options in [ParseOptions::strict(), ParseOptions::canonicalizing(), ParseOptions::lenient()] {
            if let Err(e) = parse_value(&bytes, &options) {
                prop_assert!(e.offset() <= bytes.len());
                prop_assert!(!e.kind().is_empty());
            }
        }
    }

    #[test]
    fn parse_never_panics_on_mutated_json(
        value in canonical_value(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..4),
    ) {
        let mut bytes = to_canonical_bytes(&value).unwrap();
        for (at, byte, op) in edits {
            let i = at.index(bytes.len() + 1);
            match op {
                0 => bytes.insert(i, byte),
                1 if i < bytes.len() => { bytes.remove(i); }
                _ if i < bytes.len() => bytes[i] = byte,
                _ => {}
            }
        }
        for options in [ParseOptions::strict(), ParseOptions::canonicalizing(), ParseOptions::lenient()] {
            match parse_value(&bytes, &options) {
                Ok(v) => {
                    // Whatever is accepted re-encodes (leniently) and re-parses to itself.
                    let again = to_lenient_canonical_bytes(&v).unwrap();
                    prop_assert_eq!(parse_value(&again, &options).unwrap(), v);
                }
                Err(e) => prop_assert!(e.offset() <= bytes.len()),
            }
        }
    }

    #[test]
    fn agrees_with_serde_json_where_the_rules_coincide(
        value in canonical_value(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(
            b"{}[],:\"\\ 0-1.eEu\x01\xff".to_vec()), 0u8..3), 0..3),
    ) {
        let mut bytes = to_canonical_bytes(&value).unwrap();
        for (at, byte, op) in edits {
            let i = at.index(bytes.len() + 1);
            match op {
                0 => bytes.insert(i, byte),
                1 if i < bytes.len() => { bytes.remove(i); }
                _ if i < bytes.len() => bytes[i] = byte,
                _ => {}
            }
        }
        // serde_json allows 127 levels; duplicate keys and huge exponents are
        // where the rules differ by design.
        let ours = parse_value(&bytes, &ParseOptions::lenient().with_max_depth(127));
        let theirs = serde_json::from_slice::<serde_json::Value>(&bytes);
        let by_design = match (&ours, &theirs) {
            (Err(e), Ok(_)) => e.kind() == "duplicate_key",
            (Ok(_), Err(e)) => e.to_string().contains("number out of range"),
            _ => false,
        };
        if !by_design {
            prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{:?}: {:?} vs {:?}",
                String::from_utf8_lossy(&bytes), ours, theirs.map_err(|e| e.to_string()));
        }
        // Where strict canonical JSON accepts, serde_json reads the same value.
        if let (Ok(strict), Ok(theirs)) = (parse_value(&bytes, &ParseOptions::strict()), theirs) {
            prop_assert_eq!(CanonicalJsonValue::try_from(theirs).unwrap(), strict);
        }
    }

    /// The block sink (hashes) writes exactly what the vector sink writes,
    /// whatever the strings and wherever they fall in the buffer (`CJ-4`).
    #[test]
    fn blocks_equal_the_collected_encoding(
        strings in prop::collection::vec(long_json_string(), 1..12),
        keys in prop::collection::vec(prop_oneof![json_string(), "[a-z_]{1,40}", Just("content".to_owned())], 1..12),
    ) {
        let object: CanonicalJsonObject = keys
            .into_iter()
            .zip(strings)
            .map(|(k, v)| (k, CanonicalJsonValue::String(v)))
            .collect();
        let mut expected = Vec::new();
        encode_object_without_into(&object, &["content"], &mut expected).unwrap();
        let got = in_blocks(|feed| encode_object_without_in_blocks(&object, &["content"], feed))?;
        prop_assert_eq!(got, expected);
    }

    /// The same for any members: nested arrays and objects, integers,
    /// booleans and null, and in the lenient mode (`CJ-6`, versions 1–5)
    /// legacy numbers whose text is longer than the sink's short copies.
    #[test]
    fn blocks_equal_the_collected_encoding_for_any_members(
        members in prop::collection::btree_map(json_string(), canonical_value(), 0..10),
        numbers in prop::collection::vec("-?[1-9][0-9]{0,50}(\\.[0-9]{1,20})?(e-?[0-9]{1,3})?", 0..4),
    ) {
        let mut object: CanonicalJsonObject = members.into_iter().collect();
        for (i, text) in numbers.into_iter().enumerate() {
            object.insert(format!("n{i}").into(), CanonicalJsonValue::LegacyNumber(text));
        }
        let mut expected = Vec::new();
        encode_lenient_object_without_into(&object, &["n0"], &mut expected).unwrap();
        let got = in_blocks(|feed| encode_lenient_object_without_in_blocks(&object, &["n0"], feed))?;
        prop_assert_eq!(got, expected);
    }
}
