//! Adversarial inputs beyond the parse-error table: numbers built to overflow
//! exponent and digit arithmetic, escapes that only collide after decoding,
//! and very wide objects (issue 7, P1-13, P1-14, P1-17).

use mxp_canonical_json::{
    CanonicalJsonValue, NumberMode, ParseOptions, canonicalize, canonicalize_with, parse_value,
    to_canonical_string, to_lenient_canonical_string,
};

fn modes() -> [ParseOptions; 3] {
    [
        ParseOptions::strict(),
        ParseOptions::canonicalizing(),
        ParseOptions::lenient(),
    ]
}

fn kind(input: &str, options: &ParseOptions) -> Result<CanonicalJsonValue, &'static str> {
    parse_value(input.as_bytes(), options).map_err(|e| e.kind())
}

#[test]
fn exponents_that_overflow_any_integer_type_are_judged_not_wrapped() {
    let canon = ParseOptions::canonicalizing();
    // Huge positive exponents: out of range, never wrapped into range.
    for n in [
        "1e99999999999999999999",
        "1e18446744073709551616",
        "1E+9223372036854775808",
        "-1e4294967296",
        "1e16",
        "9007199254740992e0",
    ] {
        assert_eq!(kind(n, &canon), Err("integer_out_of_range"), "{n}");
        assert_eq!(
            kind(n, &ParseOptions::strict()),
            Err("float_not_allowed"),
            "{n}"
        );
        // Kept verbatim for room versions 1–5.
        let v = parse_value(n.as_bytes(), &ParseOptions::lenient()).unwrap();
        assert_eq!(to_lenient_canonical_string(&v).unwrap(), n);
    }
    // Huge negative exponents: a fraction unless the value is zero.
    assert_eq!(
        kind("1e-99999999999999999999", &canon),
        Err("float_not_allowed")
    );
    assert_eq!(
        kind("0e99999999999999999999", &canon),
        Ok(CanonicalJsonValue::Integer(0))
    );
    assert_eq!(
        kind("-0.0e-99999999999999999999", &canon),
        Ok(CanonicalJsonValue::Integer(0))
    );
    // An exponent that cancels a long fraction exactly.
    assert_eq!(
        kind("9e15", &canon),
        Ok(CanonicalJsonValue::Integer(9_000_000_000_000_000))
    );
    assert_eq!(kind("1.5e1", &canon), Ok(CanonicalJsonValue::Integer(15)));
    assert_eq!(
        kind("15000e-3", &canon),
        Ok(CanonicalJsonValue::Integer(15))
    );
    assert_eq!(kind("15001e-3", &canon), Err("float_not_allowed"));
}

#[test]
fn numbers_of_64_kib_of_digits() {
    let digits = "9".repeat(64 * 1024);
    assert_eq!(
        kind(&digits, &ParseOptions::strict()),
        Err("integer_out_of_range")
    );
    assert_eq!(
        kind(&digits, &ParseOptions::canonicalizing()),
        Err("integer_out_of_range")
    );
    let v = parse_value(digits.as_bytes(), &ParseOptions::lenient()).unwrap();
    assert_eq!(v, CanonicalJsonValue::LegacyNumber(digits.clone()));
    // 1 followed by 64 KiB of zeros after the point is exactly 1.
    let one = format!("1.{}", "0".repeat(64 * 1024));
    assert_eq!(
        kind(&one, &ParseOptions::canonicalizing()),
        Ok(CanonicalJsonValue::Integer(1))
    );
    // …and with a 1 at the very end it is not an integer.
    let almost = format!("{one}1");
    assert_eq!(
        kind(&almost, &ParseOptions::canonicalizing()),
        Err("float_not_allowed")
    );
    // Leading zeros of the fraction times a large exponent.
    let small = format!("0.{}1e{}", "0".repeat(64 * 1024), 64 * 1024 + 1);
    assert_eq!(
        kind(&small, &ParseOptions::canonicalizing()),
        Ok(CanonicalJsonValue::Integer(1))
    );
}

#[test]
fn p1_14_keys_that_collide_only_after_unescaping_are_duplicates() {
    for options in modes() {
        for input in [
            r#"{"a":1,"\u0061":2}"#,
            r#"{"é":1,"\u00e9":2}"#,
            r#"{"😀":1,"\ud83d\ude00":2}"#,
            r#"{"\/":1,"/":2}"#,
        ] {
            assert_eq!(
                kind(input, &options).unwrap_err(),
                "duplicate_key",
                "{input}"
            );
        }
        // NFC and NFD are different keys (nothing normalises, P1-13).
        let v = parse_value("{\"\u{e9}\":1,\"e\u{301}\":2}".as_bytes(), &options).unwrap();
        assert_eq!(v.as_object().unwrap().len(), 2);
    }
}

#[test]
fn p1_13_escape_vectors_canonicalise_to_the_raw_form() {
    let cases: [(&str, &[u8]); 6] = [
        (r#""\u00e9""#, "\"\u{e9}\"".as_bytes()),
        (r#""\ud83d\ude00""#, b"\"\xF0\x9F\x98\x80\""),
        (r#""\u001F""#, br#""\u001f""#),
        (r#""\u007f""#, b"\"\x7f\""),
        (r#""\/""#, b"\"/\""),
        (r#""\b\f\n\r\t""#, br#""\b\f\n\r\t""#),
    ];
    for (input, expected) in cases {
        assert_eq!(
            canonicalize(input.as_bytes()).unwrap().as_bytes(),
            expected,
            "{input}"
        );
    }
    assert_eq!(
        canonicalize(br#""\ud83d""#).unwrap_err().kind(),
        "lone_surrogate"
    );
    assert_eq!(
        canonicalize(br#""\ude00\ud83d""#).unwrap_err().kind(),
        "lone_surrogate"
    );
    // A high surrogate followed by a non-`\u` escape (gomatrixserverlib #423).
    assert_eq!(
        canonicalize(br#""\ud83d\n""#).unwrap_err().kind(),
        "lone_surrogate"
    );
}

#[test]
fn sixty_four_kib_keys_of_escapes_and_wide_objects() {
    let key = "\\u0041".repeat(64 * 1024 / 6);
    let input = format!("{{\"{key}\":1}}");
    let v = parse_value(input.as_bytes(), &ParseOptions::strict()).unwrap();
    let (k, _) = v.as_object().unwrap().iter().next().unwrap();
    assert_eq!(k, &"A".repeat(64 * 1024 / 6));
    // 10,000 keys, given in reverse order, come out sorted (CJ-2).
    let members: Vec<String> = (0..10_000)
        .rev()
        .map(|i| format!("\"k{i:05}\":{i}"))
        .collect();
    let input = format!("{{{}}}", members.join(","));
    let out = canonicalize_with(input.as_bytes(), &ParseOptions::strict()).unwrap();
    let expected: Vec<String> = (0..10_000).map(|i| format!("\"k{i:05}\":{i}")).collect();
    assert_eq!(out, format!("{{{}}}", expected.join(",")));
    // 100,000 array members.
    let input = format!("[{}]", vec!["null"; 100_000].join(","));
    let v = parse_value(input.as_bytes(), &ParseOptions::strict()).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 100_000);
    assert_eq!(to_canonical_string(&v).unwrap(), input);
}

#[test]
fn every_mode_is_named_and_deterministic_on_a_hostile_mix() {
    let input = format!(
        "{{\"a\":[{}],\"b\":\"{}\",\"c\":1e400,\"d\":-0}}",
        "[".repeat(100) + &"]".repeat(100),
        "\\ud83d\\ude00".repeat(1000)
    );
    for options in modes() {
        let first = parse_value(input.as_bytes(), &options);
        let second = parse_value(input.as_bytes(), &options);
        assert_eq!(first, second);
        match options.number_mode() {
            NumberMode::Strict => assert_eq!(first.unwrap_err().kind(), "float_not_allowed"),
            NumberMode::Canonicalize => {
                assert_eq!(first.unwrap_err().kind(), "integer_out_of_range")
            }
            _ => assert!(first.is_ok()),
        }
    }
}
