//! Canonical JSON: the parser in its three number modes, the two encoders,
//! and a differential check against `serde_json`.

use mxp_canonical_json::{
    BLOCK_LEN, CanonicalJsonObject, CanonicalJsonValue, DEFAULT_MAX_DEPTH, ParseError,
    ParseOptions, canonicalize_with, encode_lenient_object_without_in_blocks,
    encode_lenient_object_without_into, encode_object_without_in_blocks,
    encode_object_without_into, parse_value, to_canonical_bytes, to_canonical_string,
    to_lenient_canonical_bytes,
};

/// Runs every canonical JSON check on `input`.
pub fn check(input: &[u8]) {
    let strict = parse_value(input, &ParseOptions::strict());
    let canon = parse_value(input, &ParseOptions::canonicalizing());
    let lenient = parse_value(input, &ParseOptions::lenient());
    for (result, options) in [
        (&strict, ParseOptions::strict()),
        (&canon, ParseOptions::canonicalizing()),
        (&lenient, ParseOptions::lenient()),
    ] {
        match result {
            Ok(value) => fixed_point(input, value, &options),
            Err(e) => check_error(input, e),
        }
    }
    modes_nest(&strict, &canon, &lenient);
    size_limit(input, &lenient);
    against_serde_json(input, &strict, &lenient);
}

/// parse → encode → parse is a fixed point, and the strict presets accept only
/// what the strict encoder writes back (`CJ-1`…`CJ-5`).
fn fixed_point(input: &[u8], value: &CanonicalJsonValue, options: &ParseOptions) {
    let lenient_mode = *options == ParseOptions::lenient();
    let encoded = if lenient_mode {
        to_lenient_canonical_bytes(value).expect("the lenient encoder writes every parsed value")
    } else {
        // Strict and canonicalizing parsers produce only values the strict
        // encoder accepts (P1-10: nothing out of range, no legacy numbers).
        assert!(value.is_strict(), "{options:?} produced a non-strict value");
        to_canonical_bytes(value).expect("a strictly parsed value must encode")
    };
    let again = parse_value(&encoded, options).unwrap_or_else(|e| {
        panic!(
            "the encoding {:?} of an accepted input does not parse back: {e}",
            String::from_utf8_lossy(&encoded)
        )
    });
    assert_eq!(&again, value, "parse(encode(parse(x))) != parse(x)");
    let twice = if lenient_mode {
        to_lenient_canonical_bytes(&again)
    } else {
        to_canonical_bytes(&again)
    }
    .expect("encodes again");
    assert_eq!(twice, encoded, "encode is not a fixed point");
    if let CanonicalJsonValue::Object(object) = value {
        in_blocks(object, lenient_mode);
    }
    // The one-call canonicalizer agrees with parse + encode.
    let one_call = canonicalize_with(input, options).expect("canonicalize agrees with parse");
    assert_eq!(one_call.as_bytes(), encoded.as_slice());
    if !lenient_mode {
        // Canonical output is strict canonical JSON: the strict parser takes it
        // unchanged, and the string encoder gives the same bytes.
        let strict_again =
            parse_value(&encoded, &ParseOptions::strict()).expect("canonical output is strict");
        assert_eq!(&strict_again, value);
        let as_string = to_canonical_string(value).expect("encodes");
        assert_eq!(as_string.as_bytes(), encoded.as_slice());
        // CJ-1: no insignificant whitespace; an input already canonical is
        // accepted and reproduced byte for byte.
        if input == encoded.as_slice() {
            assert_eq!(encoded, input);
        }
    } else if !value.is_strict() {
        // The strict encoder refuses what only the lenient parser holds.
        assert!(to_canonical_bytes(value).is_err());
    }
}

/// Encoding in blocks gives the bytes of encoding into a vector, with and
/// without a skipped key: whole blocks, then one short piece.
fn in_blocks(object: &CanonicalJsonObject, lenient: bool) {
    let skip = object.iter().next().map(|(k, _)| k.as_str());
    for skip in [None, skip] {
        let skip = skip.as_slice();
        let mut expected = Vec::new();
        let mut pieces: Vec<Vec<u8>> = Vec::new();
        let feed = |piece: &[u8]| pieces.push(piece.to_vec());
        let len = if lenient {
            encode_lenient_object_without_into(object, skip, &mut expected)
                .expect("the lenient encoder writes every parsed value");
            encode_lenient_object_without_in_blocks(object, skip, feed)
        } else {
            encode_object_without_into(object, skip, &mut expected).expect("encodes");
            encode_object_without_in_blocks(object, skip, feed)
        }
        .expect("encodes in blocks as it encodes into a vector");
        let (last, whole) = pieces.split_last().expect("at least the last piece");
        assert!(whole.iter().all(|p| p.len() % BLOCK_LEN == 0));
        assert!(last.len() < BLOCK_LEN);
        assert_eq!(pieces.concat(), expected);
        assert_eq!(len, expected.len() as u64);
    }
}

/// Errors point inside the input and name a kind.
fn check_error(input: &[u8], e: &ParseError) {
    assert!(!e.kind().is_empty());
    assert!(!e.to_string().is_empty());
    if !matches!(e, ParseError::TooLarge { .. }) {
        assert!(
            e.offset() <= input.len(),
            "error offset {} past the end ({} bytes): {e}",
            e.offset(),
            input.len()
        );
    }
}

/// Strict ⊂ canonicalizing ⊂ lenient, and they agree on what they share.
fn modes_nest(
    strict: &Result<CanonicalJsonValue, ParseError>,
    canon: &Result<CanonicalJsonValue, ParseError>,
    lenient: &Result<CanonicalJsonValue, ParseError>,
) {
    if let Ok(s) = strict {
        assert_eq!(
            canon.as_ref().ok(),
            Some(s),
            "strict accepts, canonicalizing differs"
        );
        assert_eq!(
            lenient.as_ref().ok(),
            Some(s),
            "strict accepts, lenient differs"
        );
    }
    if canon.is_ok() {
        assert!(
            lenient.is_ok(),
            "canonicalizing accepts what lenient rejects"
        );
    }
    // A non-number error is the same in every mode.
    let number_kinds = ["float_not_allowed", "negative_zero", "integer_out_of_range"];
    if let Err(e) = lenient {
        assert!(
            strict.is_err() && canon.is_err(),
            "lenient rejects, another mode accepts"
        );
        if let (Err(s), Err(c)) = (strict, canon)
            && !number_kinds.contains(&s.kind())
            && !number_kinds.contains(&c.kind())
        {
            // The modes scan numbers in the same order, so the first error
            // not about a number's value is found at the same place.
            assert_eq!(s, e, "strict and lenient disagree on a non-number error");
            assert_eq!(
                c, e,
                "canonicalizing and lenient disagree on a non-number error"
            );
        }
    }
}

/// A size limit rejects longer inputs up front and changes nothing else.
fn size_limit(input: &[u8], lenient: &Result<CanonicalJsonValue, ParseError>) {
    let limit = input.len() / 2;
    let limited = parse_value(input, &ParseOptions::lenient().with_max_size(limit));
    if input.len() > limit {
        assert!(matches!(limited, Err(ParseError::TooLarge { .. })));
    }
    let exact = parse_value(input, &ParseOptions::lenient().with_max_size(input.len()));
    assert_eq!(
        &exact, lenient,
        "a size limit equal to the input changed the result"
    );
}

/// Where the rules coincide, `serde_json` and mxp agree on accept/reject and
/// on the value; where they differ, only for the documented reasons.
fn against_serde_json(
    input: &[u8],
    strict: &Result<CanonicalJsonValue, ParseError>,
    lenient: &Result<CanonicalJsonValue, ParseError>,
) {
    // serde_json counts depth slightly differently near its own limit of 128.
    if nesting(input) + 2 >= DEFAULT_MAX_DEPTH {
        return;
    }
    let theirs = serde_json::from_slice::<serde_json::Value>(input);
    match (&theirs, lenient) {
        (Ok(_), Err(e)) => {
            // mxp is stricter only on duplicate keys (P1-14).
            assert_eq!(
                e.kind(),
                "duplicate_key",
                "serde_json accepts {:?}, mxp rejects it: {e}",
                String::from_utf8_lossy(input)
            );
        }
        (Err(theirs), Ok(_)) => {
            // mxp is more lenient only on numbers serde_json cannot hold
            // (kept verbatim for room versions 1-5, CJ-6).
            assert!(
                theirs.to_string().contains("number out of range"),
                "mxp accepts {:?}, serde_json rejects it: {theirs}",
                String::from_utf8_lossy(input)
            );
        }
        _ => {}
    }
    if let (Ok(theirs), Ok(ours)) = (theirs, strict) {
        // Same value: serde_json's numbers, converted, are our integers.
        let converted = CanonicalJsonValue::try_from(theirs.clone())
            .expect("what mxp parses strictly, serde_json holds as integers");
        assert_eq!(&converted, ours, "serde_json and mxp read different values");
        // Same encoding: serde_json's compact writer with sorted keys escapes
        // exactly as canonical JSON does (CJ-4).
        let theirs_encoded = serde_json::to_string(&serde_json::Value::from(ours.clone()))
            .expect("serde_json writes a Value");
        let ours_encoded = to_canonical_string(ours).expect("encodes");
        assert_eq!(theirs_encoded, ours_encoded, "the encoders disagree");
    }
}

/// The deepest bracket nesting in the raw bytes (strings not excluded; an
/// over-estimate is fine for skipping).
fn nesting(input: &[u8]) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for &b in input {
        match b {
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}
