//! `CJ-3` and `CJ-6`: how each [`NumberMode`] reads every form of number.

use mxp_canonical_json::{
    CanonicalJsonValue, NumberMode, ParseOptions, canonicalize, canonicalize_with, parse_value,
};

/// What a mode makes of one number.
#[derive(Debug, PartialEq)]
enum Outcome {
    Int(i64),
    Legacy(&'static str),
    Err(&'static str),
}
use Outcome::{Err, Int, Legacy};

fn outcome(input: &str, options: &ParseOptions) -> Outcome {
    match parse_value(input.as_bytes(), options) {
        Ok(CanonicalJsonValue::Integer(i)) => Int(i),
        Ok(CanonicalJsonValue::LegacyNumber(text)) => {
            assert_eq!(text, input, "legacy numbers are kept verbatim");
            Legacy(input.to_owned().leak())
        }
        Ok(other) => panic!("{input}: {other:?}"),
        Result::Err(e) => {
            assert_eq!(e.offset(), 0, "{input}");
            Err(e.kind())
        }
    }
}

const MAX: i64 = 9_007_199_254_740_991;

/// input, strict (rooms v6+), canonicalizing (generic), lenient (rooms v1–5).
#[rustfmt::skip]
fn table() -> Vec<(&'static str, Outcome, Outcome, Outcome)> {
    vec![
        ("0",                   Int(0),   Int(0),   Int(0)),
        ("7",                   Int(7),   Int(7),   Int(7)),
        ("-7",                  Int(-7),  Int(-7),  Int(-7)),
        ("9007199254740991",    Int(MAX), Int(MAX), Int(MAX)),
        ("-9007199254740991",   Int(-MAX), Int(-MAX), Int(-MAX)),
        // CJ-3: -0 must not appear; Python (Synapse) reads it as int 0.
        ("-0",                  Err("negative_zero"), Int(0), Int(0)),
        // Integral values in other forms: the spec example canonicalizes them;
        // Synapse/ruma reject them in v6+ rooms (matrix-spec#2424).
        ("1e10",                Err("float_not_allowed"), Int(10_000_000_000), Legacy("1e10")),
        ("1E3",                 Err("float_not_allowed"), Int(1000), Legacy("1E3")),
        ("1e+3",                Err("float_not_allowed"), Int(1000), Legacy("1e+3")),
        ("1.0",                 Err("float_not_allowed"), Int(1), Legacy("1.0")),
        ("-1.000",              Err("float_not_allowed"), Int(-1), Legacy("-1.000")),
        ("2.50e1",              Err("float_not_allowed"), Int(25), Legacy("2.50e1")),
        ("1500e-2",             Err("float_not_allowed"), Int(15), Legacy("1500e-2")),
        ("0.0",                 Err("float_not_allowed"), Int(0), Legacy("0.0")),
        ("-0.0",                Err("float_not_allowed"), Int(0), Legacy("-0.0")),
        ("-0e5",                Err("float_not_allowed"), Int(0), Legacy("-0e5")),
        ("0e-99999999999999999999", Err("float_not_allowed"), Int(0), Legacy("0e-99999999999999999999")),
        ("0.09007199254740991e17", Err("float_not_allowed"), Int(MAX), Legacy("0.09007199254740991e17")),
        ("9007199254740991.000", Err("float_not_allowed"), Int(MAX), Legacy("9007199254740991.000")),
        // Computed exactly: never rounded through a float.
        ("9007199254740993.0",  Err("float_not_allowed"), Err("integer_out_of_range"), Legacy("9007199254740993.0")),
        ("9007199254740992e0",  Err("float_not_allowed"), Err("integer_out_of_range"), Legacy("9007199254740992e0")),
        ("1e16",                Err("float_not_allowed"), Err("integer_out_of_range"), Legacy("1e16")),
        ("1e400",               Err("float_not_allowed"), Err("integer_out_of_range"), Legacy("1e400")),
        ("1e99999999999999999999", Err("float_not_allowed"), Err("integer_out_of_range"), Legacy("1e99999999999999999999")),
        // Not integral.
        ("1.5",                 Err("float_not_allowed"), Err("float_not_allowed"), Legacy("1.5")),
        ("1e-1",                Err("float_not_allowed"), Err("float_not_allowed"), Legacy("1e-1")),
        ("10e-2",               Err("float_not_allowed"), Err("float_not_allowed"), Legacy("10e-2")),
        ("9007199254740991.5",  Err("float_not_allowed"), Err("float_not_allowed"), Legacy("9007199254740991.5")),
        ("1.00000000000000000000001", Err("float_not_allowed"), Err("float_not_allowed"), Legacy("1.00000000000000000000001")),
        // Out of range plain integers: kept verbatim for v1–5 (P1-09, P1-16).
        ("9007199254740992",    Err("integer_out_of_range"), Err("integer_out_of_range"), Legacy("9007199254740992")),
        ("-9007199254740992",   Err("integer_out_of_range"), Err("integer_out_of_range"), Legacy("-9007199254740992")),
        ("9223372036854775807", Err("integer_out_of_range"), Err("integer_out_of_range"), Legacy("9223372036854775807")),
        ("99999999999999999999999999", Err("integer_out_of_range"), Err("integer_out_of_range"), Legacy("99999999999999999999999999")),
        // Never numbers, in any mode (P1-11, P1-12).
        ("NaN",                 Err("non_finite_number"), Err("non_finite_number"), Err("non_finite_number")),
        ("-Infinity",           Err("non_finite_number"), Err("non_finite_number"), Err("non_finite_number")),
        ("01",                  Err("invalid_number"), Err("invalid_number"), Err("invalid_number")),
        ("+1",                  Err("invalid_number"), Err("invalid_number"), Err("invalid_number")),
        ("1.",                  Err("invalid_number"), Err("invalid_number"), Err("invalid_number")),
    ]
}

#[test]
fn cj_3_cj_6_number_modes_table() {
    for (input, strict, canonicalizing, lenient) in table() {
        assert_eq!(
            outcome(input, &ParseOptions::strict()),
            strict,
            "strict {input}"
        );
        assert_eq!(
            outcome(input, &ParseOptions::canonicalizing()),
            canonicalizing,
            "canonicalizing {input}"
        );
        assert_eq!(
            outcome(input, &ParseOptions::lenient()),
            lenient,
            "lenient {input}"
        );
    }
}

#[test]
fn cj_3_canonicalizing_output_is_plain_integers() {
    for (input, expected) in [
        (
            "[-0, 1e10, 1.0, 2.50e1, -1.5e1, 0.0e0]",
            "[0,10000000000,1,25,-15,0]",
        ),
        ("{\"depth\": 3.0E0}", "{\"depth\":3}"),
    ] {
        assert_eq!(canonicalize(input.as_bytes()).unwrap(), expected);
    }
}

#[test]
fn cj_6_lenient_mode_rechecks_old_events_verbatim() {
    // A v1–5 event with a float and an out-of-range depth.
    let input =
        br#"{"content":{"big":-18446744073709551616,"ratio":0.5},"depth":9007199254741000}"#;
    assert_eq!(
        canonicalize_with(input, &ParseOptions::lenient())
            .unwrap()
            .as_bytes(),
        input
    );
    // The same event in a v6+ room is rejected at the first offender.
    let err = parse_value(input, &ParseOptions::strict()).unwrap_err();
    assert_eq!((err.kind(), err.offset()), ("integer_out_of_range", 18));
}

#[test]
fn modes_are_runtime_options() {
    assert_eq!(ParseOptions::default(), ParseOptions::strict());
    assert_eq!(ParseOptions::pdu(true), ParseOptions::strict());
    assert_eq!(ParseOptions::pdu(false), ParseOptions::lenient());
    assert_eq!(
        ParseOptions::canonicalizing().number_mode(),
        NumberMode::Canonicalize
    );
    let options = ParseOptions::strict().with_number_mode(NumberMode::Lenient);
    assert_eq!(options, ParseOptions::lenient());
    assert_eq!(NumberMode::default(), NumberMode::Strict);
}

#[test]
fn p1_12_strict_rejects_every_non_plain_integer_form() {
    for (input, kind) in [
        ("1.0", "float_not_allowed"),
        ("1e3", "float_not_allowed"),
        ("1E3", "float_not_allowed"),
        ("-0", "negative_zero"),
        ("01", "invalid_number"),
        ("+1", "invalid_number"),
    ] {
        let err = parse_value(input.as_bytes(), &ParseOptions::strict()).unwrap_err();
        assert_eq!(err.kind(), kind, "{input}");
    }
    assert!(parse_value(b"10", &ParseOptions::strict()).is_ok());
}

#[test]
fn p1_09_the_strict_check_covers_the_whole_pdu() {
    let depth = br#"{"content":{},"depth":9007199254740992,"type":"m.room.message"}"#;
    let nested = br#"{"content":{"a":[{"b":-9007199254740992}]},"depth":1}"#;
    let unsigned = br#"{"content":{},"depth":1,"unsigned":{"age":18446744073709551615}}"#;
    for input in [&depth[..], nested, unsigned] {
        let err = parse_value(input, &ParseOptions::strict()).unwrap_err();
        assert_eq!(err.kind(), "integer_out_of_range");
        // A caller that exempts `unsigned` parses leniently and checks the rest.
        let value = parse_value(input, &ParseOptions::lenient()).unwrap();
        assert!(!value.is_strict());
        let mut object = value.as_object().unwrap().clone();
        object.remove("unsigned");
        assert_eq!(
            CanonicalJsonValue::Object(object).is_strict(),
            input == unsigned
        );
    }
    assert!(!CanonicalJsonValue::Integer(i64::MAX).is_strict());
    assert!(CanonicalJsonValue::Integer(MAX).is_strict());
}

#[test]
fn p1_16_room_versions_choose_the_mode_at_runtime() {
    // `strict_canonical_json` of the room version rules picks the options.
    let old_event = br#"{"content":{"score":0.75},"depth":2}"#;
    assert!(parse_value(old_event, &ParseOptions::pdu(false)).is_ok());
    assert_eq!(
        parse_value(old_event, &ParseOptions::pdu(true))
            .unwrap_err()
            .kind(),
        "float_not_allowed"
    );
}
