//! `m.room.power_levels` content: per-version value parsing and the view.

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_events::content::{
    ContentError, PowerLevelError, PowerLevelField, PowerLevelsContent, parse_power_level,
};
use mxp_ids::UserId;
use mxp_room_versions::PowerLevelValues::{
    self, IntegersOnly, IntegersStrings, IntegersStringsFloats,
};
use serde_json::json;

fn obj(v: serde_json::Value) -> CanonicalJsonObject {
    match CanonicalJsonValue::try_from(v).unwrap() {
        CanonicalJsonValue::Object(o) => o,
        _ => unreachable!(),
    }
}

fn s(x: &str) -> CanonicalJsonValue {
    CanonicalJsonValue::String(x.into())
}

fn f(x: &str) -> CanonicalJsonValue {
    CanonicalJsonValue::LegacyNumber(x.into())
}

const ALL: [PowerLevelValues; 3] = [IntegersStringsFloats, IntegersStrings, IntegersOnly];

#[test]
fn integers_are_accepted_everywhere() {
    for mode in ALL {
        for i in [0, 50, -50, (1 << 53) - 1, -(1 << 53) + 1] {
            assert_eq!(
                parse_power_level(&CanonicalJsonValue::Integer(i), mode),
                Ok(i)
            );
        }
    }
}

#[test]
fn the_string_grammar() {
    let ok = [
        ("100", 100),
        ("000100", 100),
        ("+100", 100),
        ("-100", -100),
        (" 100 ", 100),
        (" +100 ", 100),
        ("\x0b7\x0c", 7),
        ("-0", 0),
    ];
    for (text, n) in ok {
        assert_eq!(
            parse_power_level(&s(text), IntegersStrings),
            Ok(n),
            "{text:?}"
        );
        assert_eq!(
            parse_power_level(&s(text), IntegersStringsFloats),
            Ok(n),
            "{text:?}"
        );
        assert!(matches!(
            parse_power_level(&s(text), IntegersOnly),
            Err(PowerLevelError::WrongType { found: "string" })
        ));
    }
    for bad in [
        "", "+", "-", "++1", "+-1", "1 0", "1.0", "1e2", "0x10", "1_000", "١٢", "\u{a0}1", "abc",
        "1a",
    ] {
        assert!(
            matches!(
                parse_power_level(&s(bad), IntegersStrings),
                Err(PowerLevelError::InvalidString(_))
            ),
            "{bad:?}"
        );
    }
    assert!(matches!(
        parse_power_level(&s("99999999999999999999"), IntegersStrings),
        Err(PowerLevelError::OutOfRange(_))
    ));
    assert_eq!(
        parse_power_level(&s("-9223372036854775808"), IntegersStrings),
        Ok(i64::MIN)
    );
}

/// A hostile string is quoted in the error only up to 64 bytes, cut at a
/// character boundary: 30 three-byte characters keep 21 (63 bytes).
#[test]
fn long_invalid_strings_are_truncated_at_a_character_boundary() {
    let euros = "€".repeat(30);
    assert_eq!(
        parse_power_level(&s(&euros), IntegersStrings),
        Err(PowerLevelError::InvalidString("€".repeat(21)))
    );
    let digits = "9".repeat(100);
    assert_eq!(
        parse_power_level(&s(&digits), IntegersStrings),
        Err(PowerLevelError::OutOfRange("9".repeat(64)))
    );
    let float = format!("1e{}", "9".repeat(80));
    assert_eq!(
        parse_power_level(&f(&float), IntegersStringsFloats),
        Err(PowerLevelError::OutOfRange(float[..64].to_owned()))
    );
}

#[test]
fn floats_only_in_v1_to_v5() {
    let cases = [
        ("50.9", 50),
        ("5.0E1", 50),
        ("5.114698E4", 51146),
        ("-50.9", -50),
        ("1e2", 100),
        ("123456789012", 123456789012),
    ];
    for (text, n) in cases {
        assert_eq!(
            parse_power_level(&f(text), IntegersStringsFloats),
            Ok(n),
            "{text}"
        );
        assert!(parse_power_level(&f(text), IntegersStrings).is_err());
        assert!(parse_power_level(&f(text), IntegersOnly).is_err());
    }
    for bad in ["1e400", "-1e400", "9.3e18", "99999999999999999999"] {
        assert!(
            matches!(
                parse_power_level(&f(bad), IntegersStringsFloats),
                Err(PowerLevelError::OutOfRange(_))
            ),
            "{bad}"
        );
    }
}

#[test]
fn other_types_are_never_levels() {
    for mode in ALL {
        for v in [
            json!(null),
            json!(true),
            json!(false),
            json!([1]),
            json!({"a": 1}),
        ] {
            let v = CanonicalJsonValue::try_from(v).unwrap();
            assert!(matches!(
                parse_power_level(&v, mode),
                Err(PowerLevelError::WrongType { .. })
            ));
        }
    }
}

#[test]
fn defaults_when_absent() {
    let p = PowerLevelsContent::absent(IntegersOnly);
    let expected = [0, 0, 50, 50, 50, 50, 0];
    for (field, level) in PowerLevelField::ALL.into_iter().zip(expected) {
        assert_eq!(p.level(field), Ok(level), "{field:?}");
        assert_eq!(p.explicit(field), Ok(None));
        assert_eq!(field.default_level(), level);
    }
    let alice = UserId::parse("@alice:a.org").unwrap();
    assert_eq!(p.user_level(alice), Ok(0));
    assert_eq!(p.required_level("m.room.topic", true), Ok(50));
    assert_eq!(p.required_level("m.room.message", false), Ok(0));
}

#[test]
fn reads_each_field() {
    let c = obj(json!({
        "users": {"@alice:a.org": 100}, "users_default": 3,
        "events": {"m.room.message": 7, "m.custom": 1}, "events_default": 5, "state_default": 60,
        "notifications": {"room": 30}
    }));
    let p = PowerLevelsContent::new(&c, IntegersOnly);
    let alice = UserId::parse("@alice:a.org").unwrap();
    let bob = UserId::parse("@bob:b.org").unwrap();
    assert_eq!(p.user(alice), Ok(Some(100)));
    assert_eq!(p.user(bob), Ok(None));
    assert_eq!(p.user_level(bob), Ok(3));
    assert_eq!(p.required_level("m.room.message", false), Ok(7));
    assert_eq!(p.required_level("m.custom", true), Ok(1));
    assert_eq!(p.required_level("m.room.topic", true), Ok(60));
    assert_eq!(p.required_level("m.reaction", false), Ok(5));
    assert_eq!(p.notification("room"), Ok(Some(30)));
    assert_eq!(p.notification("other"), Ok(None));
    assert!(p.users().unwrap().is_some());
}

#[test]
fn malformed_fields_fail_only_when_read() {
    let c = obj(
        json!({"users": ["@alice:a.org"], "ban": "x", "events": {"m.room.name": "y"}, "kick": 10}),
    );
    let p = PowerLevelsContent::new(&c, IntegersStrings);
    let alice = UserId::parse("@alice:a.org").unwrap();
    assert!(matches!(
        p.user_level(alice),
        Err(ContentError::WrongType { field: "users", .. })
    ));
    assert!(matches!(
        p.level(PowerLevelField::Ban),
        Err(ContentError::InvalidPowerLevel { field: "ban", .. })
    ));
    assert!(matches!(
        p.required_level("m.room.name", true),
        Err(ContentError::InvalidPowerLevel {
            field: "events",
            ..
        })
    ));
    // Unaffected fields read fine.
    assert_eq!(p.level(PowerLevelField::Kick), Ok(10));
    assert_eq!(p.required_level("m.room.topic", true), Ok(50));
    // A user key that is absent never touches other entries.
    let c = obj(json!({"users": {"@bad:x.org": "not a level", "@alice:a.org": 5}}));
    let p = PowerLevelsContent::new(&c, IntegersStrings);
    assert_eq!(p.user_level(alice), Ok(5));
}
