//! Every rejection kind of the parser, with its byte offset, next to an
//! accepted neighbour; and the resource limits (P1-17).

use mxp_canonical_json::{
    CanonicalJsonValue, DEFAULT_MAX_DEPTH, MAX_DEPTH_CEILING, ParseError, ParseOptions,
    parse_object, parse_value,
};

const ALL_MODES: [ParseOptions; 3] = [
    ParseOptions::strict(),
    ParseOptions::canonicalizing(),
    ParseOptions::lenient(),
];

/// Asserts that `input` fails with `kind` at `offset` in every mode.
#[track_caller]
fn rejected(input: &[u8], kind: &str, offset: usize) -> ParseError {
    let mut first = None;
    for options in ALL_MODES {
        let err = parse_value(input, &options).expect_err(&format!(
            "{:?} must be rejected ({options:?})",
            String::from_utf8_lossy(input)
        ));
        assert_eq!(
            (err.kind(), err.offset()),
            (kind, offset),
            "{:?} ({options:?}): {err}",
            String::from_utf8_lossy(input)
        );
        // Messages say where.
        assert!(err.to_string().contains(&offset.to_string()), "{err}");
        first.get_or_insert(err);
    }
    first.unwrap()
}

#[track_caller]
fn accepted(input: &[u8]) -> CanonicalJsonValue {
    let mut first = None;
    for options in ALL_MODES {
        let value = parse_value(input, &options)
            .unwrap_or_else(|e| panic!("{:?} ({options:?}): {e}", String::from_utf8_lossy(input)));
        assert_eq!(*first.get_or_insert_with(|| value.clone()), value);
    }
    first.unwrap()
}

#[test]
fn invalid_utf8_is_rejected_with_its_offset() {
    rejected(b"\"ab\xff\"", "invalid_utf8", 3);
    rejected(b"{\"a\":\"\xc3\"}", "invalid_utf8", 6);
    // Overlong encoding of '/', and an encoded surrogate (CESU-8).
    rejected(b"\"\xc0\xaf\"", "invalid_utf8", 1);
    rejected(b"\"\xed\xa0\x80\"", "invalid_utf8", 1);
    // Outside strings, non-ASCII is a syntax error after the UTF-8 check.
    rejected("é".as_bytes(), "invalid_json", 0);
    assert_eq!(
        accepted("\"é😀\"".as_bytes()),
        CanonicalJsonValue::from("é😀")
    );
}

#[test]
fn p1_13_lone_surrogate_escapes_are_rejected() {
    let err = rejected(br#""\ud83d""#, "lone_surrogate", 1);
    assert!(matches!(
        err,
        ParseError::LoneSurrogate { code: 0xd83d, .. }
    ));
    rejected(br#""\ude00""#, "lone_surrogate", 1);
    rejected(br#"["ab\udfff"]"#, "lone_surrogate", 4);
    // High surrogate followed by something other than an escaped low one
    // (gomatrixserverlib #423: `&&` instead of `||`).
    rejected(br#""\ud83dx""#, "lone_surrogate", 1);
    rejected(br#""\ud83d\n""#, "lone_surrogate", 1);
    rejected(br#""\ud83d\ud83d""#, "lone_surrogate", 1);
    rejected(br#""\ud83d\u0041""#, "lone_surrogate", 1);
    // Low then high is not a pair either.
    rejected(br#""\ude00\ud83d""#, "lone_surrogate", 1);
    // A proper pair decodes to the 4-byte UTF-8 character.
    assert_eq!(
        accepted(br#""\ud83d\ude00""#),
        CanonicalJsonValue::from("😀")
    );
    assert_eq!(
        accepted(br#""\uD83D\uDE00""#),
        CanonicalJsonValue::from("😀")
    );
}

#[test]
fn p1_14_duplicate_keys_are_rejected_in_every_mode() {
    let err = rejected(br#"{"a":1,"a":2}"#, "duplicate_key", 7);
    assert!(matches!(err, ParseError::DuplicateKey { ref key, .. } if key == "a"));
    // Duplicates after unescaping count too.
    rejected(br#"{"a":1, "\u0061":1}"#, "duplicate_key", 8);
    // Nested, and identical values.
    rejected(br#"{"x":{"b":[],"b":[]}}"#, "duplicate_key", 13);
    // Long keys are cut in the error, at a character boundary.
    let key = "é".repeat(100);
    let input = format!(r#"{{"{key}":1,"{key}":2}}"#);
    match parse_value(input.as_bytes(), &ParseOptions::strict()).unwrap_err() {
        ParseError::DuplicateKey { key, offset } => {
            assert_eq!(key, "é".repeat(32));
            assert_eq!(offset, 206);
        }
        other => panic!("{other}"),
    }
    // Same key in sibling objects is fine.
    accepted(br#"[{"a":1},{"a":1}]"#);
}

#[test]
fn cj_3_non_integral_numbers_are_rejected_where_integers_are_required() {
    for input in ["1.5", "[0.5]", "1e-1", "12.25e1"] {
        for options in [ParseOptions::strict(), ParseOptions::canonicalizing()] {
            let err = parse_value(input.as_bytes(), &options).unwrap_err();
            assert_eq!(err.kind(), "float_not_allowed", "{input}");
        }
        assert!(parse_value(input.as_bytes(), &ParseOptions::lenient()).is_ok());
    }
    let err = parse_value(br#"{"a": 1.0}"#, &ParseOptions::strict()).unwrap_err();
    assert_eq!((err.kind(), err.offset()), ("float_not_allowed", 6));
}

#[test]
fn cj_3_integers_out_of_range_are_rejected() {
    for (input, offset) in [
        (&b"9007199254740992"[..], 0),
        (b"-9007199254740992", 0),
        (b"[18446744073709551616]", 1),
        (b"{\"depth\": 99999999999999999999999999}", 10),
    ] {
        for options in [ParseOptions::strict(), ParseOptions::canonicalizing()] {
            let err = parse_value(input, &options).unwrap_err();
            assert_eq!((err.kind(), err.offset()), ("integer_out_of_range", offset));
        }
        assert!(parse_value(input, &ParseOptions::lenient()).is_ok());
    }
    assert_eq!(
        accepted(b"9007199254740991"),
        CanonicalJsonValue::Integer((1 << 53) - 1)
    );
    assert_eq!(
        accepted(b"-9007199254740991"),
        CanonicalJsonValue::Integer(1 - (1 << 53))
    );
}

#[test]
fn p1_11_nan_and_infinity_are_rejected_in_every_mode() {
    rejected(b"NaN", "non_finite_number", 0);
    rejected(b"[1, Infinity]", "non_finite_number", 4);
    rejected(br#"{"membership": -Infinity}"#, "non_finite_number", 15);
    // Other spellings are plain syntax errors.
    rejected(b"nan", "invalid_json", 0);
    rejected(b"inf", "invalid_json", 0);
    rejected(b"-inf", "invalid_number", 0);
}

#[test]
fn p1_12_malformed_numbers_are_rejected() {
    for (input, offset) in [
        (&b"01"[..], 0),
        (b"-01", 0),
        (b"[00]", 1),
        (b"+1", 0),
        (b"-", 0),
        (b"- 1", 0),
        (b".5", 0),
        (b"1.", 0),
        (b"1.e5", 0),
        (b"1e", 0),
        (b"1e+", 0),
        (b"[1E-]", 1),
    ] {
        rejected(input, "invalid_number", offset);
    }
    // Hex and trailing garbage are not numbers.
    rejected(b"0x10", "trailing_data", 1);
    rejected(b"[1x]", "invalid_json", 2);
}

#[test]
fn trailing_data_is_rejected() {
    rejected(b"{} {}", "trailing_data", 3);
    rejected(b"1 2", "trailing_data", 2);
    rejected(b"nullx", "trailing_data", 4);
    rejected(b"\"a\"\"b\"", "trailing_data", 3);
    rejected(b"[]]", "trailing_data", 2);
    // Trailing whitespace is fine; a NUL is not whitespace.
    accepted(b" {} \n\t\r ");
    rejected(b"{}\0", "trailing_data", 2);
}

#[test]
fn invalid_escapes_are_rejected() {
    for (input, offset) in [
        (&br#""\x""#[..], 1),
        (br#""ab\'""#, 3),
        (br#""\U0041""#, 1),
        (br#""\u00g1""#, 1),
        (br#""\u12""#, 1),
        (br#""\ud83d\uzzzz""#, 7),
        (br#""\0""#, 1),
    ] {
        rejected(input, "invalid_escape", offset);
    }
    assert_eq!(
        accepted(br#""\"\\\/\b\f\n\r\t\u0000\u00E9""#),
        CanonicalJsonValue::from("\"\\/\u{8}\u{c}\n\r\t\u{0}é")
    );
}

#[test]
fn raw_control_characters_in_strings_are_rejected() {
    let err = rejected(b"\"a\nb\"", "control_character", 2);
    assert!(matches!(
        err,
        ParseError::ControlCharacter { byte: b'\n', .. }
    ));
    rejected(b"{\"k\x01\":1}", "control_character", 3);
    rejected(b"\"\x1f\"", "control_character", 1);
    rejected(b"\"\0\"", "control_character", 1);
    // DEL and everything from 0x20 up are fine raw (CJ-4).
    assert_eq!(
        accepted(b"\"\x7f \x20\""),
        CanonicalJsonValue::from("\u{7f}  ")
    );
}

#[test]
fn syntax_errors_are_invalid_json() {
    for (input, offset) in [
        (&b""[..], 0),
        (b"   ", 3),
        (b"{", 1),
        (b"[", 1),
        (b"[1,", 3),
        (b"[1,]", 3),
        (b"{\"a\":1,}", 7),
        (b"{\"a\"}", 4),
        (b"{\"a\" 1}", 5),
        (b"{a:1}", 1),
        (b"{1:1}", 1),
        (b"[1 2]", 3),
        (b"{\"a\":1 \"b\":2}", 7),
        (b"tru", 0),
        (b"True", 0),
        (b"nul", 0),
        (b"'a'", 0),
        (b"\xef\xbb\xbf{}", 0),
        (b"/* */ {}", 0),
    ] {
        rejected(input, "invalid_json", offset);
    }
    // An unterminated string ends the input.
    rejected(b"\"abc", "invalid_json", 4);
    rejected(b"{\"abc", "invalid_json", 5);
    rejected(b"\"ab\\", "invalid_json", 4);
    rejected(b"\"\\u12", "invalid_json", 5);
}

#[test]
fn p1_17_nesting_is_limited_to_128_by_default() {
    assert_eq!(DEFAULT_MAX_DEPTH, 128);
    let nest = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    accepted(nest(128).as_bytes());
    rejected(nest(129).as_bytes(), "too_deep", 128);
    // Objects count the same, and mixed.
    let objects = |depth: usize| format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
    accepted(objects(128).as_bytes());
    rejected(objects(129).as_bytes(), "too_deep", 128 * 5);
    // Empty containers count too.
    rejected(
        format!("{}{{}}{}", "[".repeat(128), "]".repeat(128)).as_bytes(),
        "too_deep",
        128,
    );
    // A custom limit.
    let options = ParseOptions::strict().with_max_depth(2);
    assert!(parse_value(b"[[1]]", &options).is_ok());
    let err = parse_value(b"[[[1]]]", &options).unwrap_err();
    assert_eq!((err.kind(), err.offset()), ("too_deep", 2));
    assert!(matches!(err, ParseError::TooDeep { limit: 2, .. }));
    // Depth 0 allows only scalars.
    let options = ParseOptions::strict().with_max_depth(0);
    assert!(parse_value(b"1", &options).is_ok());
    assert_eq!(parse_value(b"[]", &options).unwrap_err().kind(), "too_deep");
}

#[test]
fn p1_17_ten_thousand_deep_inputs_fail_cleanly_without_recursion() {
    for open in ["[", "{\"a\":", "[{\"a\":"] {
        let input = open.repeat(10_000);
        rejected(
            input.as_bytes(),
            "too_deep",
            DEFAULT_MAX_DEPTH * open.len() / open.matches(['[', '{']).count(),
        );
    }
    // Even with the highest limit, on a small stack: the parser is iterative
    // and values up to the ceiling drop fine.
    let options = ParseOptions::strict().with_max_depth(usize::MAX);
    assert_eq!(options.max_depth(), MAX_DEPTH_CEILING);
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            let deep = format!(
                "{}{}",
                "[".repeat(MAX_DEPTH_CEILING),
                "]".repeat(MAX_DEPTH_CEILING)
            );
            let value = parse_value(deep.as_bytes(), &options).unwrap();
            let encoded = mxp_canonical_json::to_canonical_string(&value).unwrap();
            assert_eq!(encoded, deep);
            let too_deep = "[".repeat(10_000) + &"]".repeat(10_000);
            let err = parse_value(too_deep.as_bytes(), &options).unwrap_err();
            assert_eq!((err.kind(), err.offset()), ("too_deep", MAX_DEPTH_CEILING));
        })
        .unwrap();
    handle.join().unwrap();
}

#[test]
fn large_strings_of_escapes_parse_in_linear_time() {
    // 64 KiB of `\n` escapes, and of surrogate pairs.
    let input = format!("\"{}\"", "\\n".repeat(32 * 1024));
    assert_eq!(
        accepted(input.as_bytes()),
        CanonicalJsonValue::String("\n".repeat(32 * 1024))
    );
    let input = format!("\"{}\"", "\\ud83d\\ude00".repeat(64 * 1024 / 12));
    let CanonicalJsonValue::String(s) = accepted(input.as_bytes()) else {
        panic!()
    };
    assert_eq!(s.chars().count(), 64 * 1024 / 12);
    // A lone surrogate at the very end of a long string.
    let input = format!("\"{}\\ud800\"", "\\u0041".repeat(10_000));
    rejected(input.as_bytes(), "lone_surrogate", 1 + 6 * 10_000);
}

#[test]
fn input_larger_than_the_callers_limit_is_rejected_before_parsing() {
    let input = br#"{"a":"0123456789"}"#;
    let options = ParseOptions::strict().with_max_size(input.len());
    assert!(parse_value(input, &options).is_ok());
    let options = ParseOptions::strict().with_max_size(input.len() - 1);
    let err = parse_value(input, &options).unwrap_err();
    assert_eq!(err.kind(), "too_large");
    assert!(matches!(
        err,
        ParseError::TooLarge {
            size: 18,
            limit: 17
        }
    ));
    // Checked before anything else, even invalid UTF-8.
    let err = parse_value(b"\xff\xff", &ParseOptions::strict().with_max_size(1)).unwrap_err();
    assert_eq!(err.kind(), "too_large");
    assert_eq!(options.without_max_size().max_size(), None);
}

#[test]
fn parse_object_requires_an_object() {
    for (input, offset) in [(&b"[]"[..], 0), (b"  1", 2), (b"\"{}\"", 0), (b"null", 0)] {
        let err = parse_object(input, &ParseOptions::strict()).unwrap_err();
        assert_eq!((err.kind(), err.offset()), ("not_an_object", offset));
    }
    let object = parse_object(br#" {"a": [true, false, null]} "#, &ParseOptions::strict()).unwrap();
    assert_eq!(object.len(), 1);
    // Other errors come first.
    let err = parse_object(b"[1,]", &ParseOptions::strict()).unwrap_err();
    assert_eq!(err.kind(), "invalid_json");
}

#[test]
fn every_kind_is_distinct_snake_case() {
    let errors = [
        parse_value(b"1", &ParseOptions::strict().with_max_size(0)).unwrap_err(),
        parse_value(b"\xff", &ParseOptions::strict()).unwrap_err(),
        parse_value(b"[", &ParseOptions::strict()).unwrap_err(),
        parse_value(b"01", &ParseOptions::strict()).unwrap_err(),
        parse_value(b"NaN", &ParseOptions::strict()).unwrap_err(),
        parse_value(b"1.0", &ParseOptions::strict()).unwrap_err(),
        parse_value(b"-0", &ParseOptions::strict()).unwrap_err(),
        parse_value(b"1e100", &ParseOptions::canonicalizing()).unwrap_err(),
        parse_value(br#""\q""#, &ParseOptions::strict()).unwrap_err(),
        parse_value(br#""\udc00""#, &ParseOptions::strict()).unwrap_err(),
        parse_value(b"\"\t\"", &ParseOptions::strict()).unwrap_err(),
        parse_value(br#"{"a":1,"a":1}"#, &ParseOptions::strict()).unwrap_err(),
        parse_value(b"[[]]", &ParseOptions::strict().with_max_depth(1)).unwrap_err(),
        parse_value(b"1 1", &ParseOptions::strict()).unwrap_err(),
        parse_object(b"1", &ParseOptions::strict()).unwrap_err(),
    ];
    let kinds: std::collections::BTreeSet<_> = errors.iter().map(ParseError::kind).collect();
    assert_eq!(kinds.len(), errors.len(), "{kinds:?}");
    for kind in kinds {
        assert!(
            kind.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "{kind}"
        );
    }
}
