//! Issue 7's adversarial inputs, end to end across the crates, on a small
//! thread stack (so that any per-level recursion shows up): 10,000-deep
//! nesting, values at the nesting ceiling, and 64 KiB strings of escapes.
//! Each crate's own `tests/hardening.rs` has the details; thousands of
//! prev/auth events and auth chains with cycles and dangling references are in
//! `mxp-events`, `mxp-auth` and `mxp-state-res`'s hardening tests.

use mxp::canonical_json::{
    CanonicalJsonObject, CanonicalJsonValue, MAX_DEPTH_CEILING, ParseOptions, parse_value,
    to_canonical_bytes,
};
use mxp::events::{Expected, Pdu, PduError, VerifiedOutcome, verify_pdu};
use mxp::ids::{KeyId, RoomId, ServerName};
use mxp::room_versions::RoomVersionRules;
use mxp::signatures::{KeyRing, SigningKey, sign_event, sign_json, verify_json};

/// Runs `f` on a thread with a 256 KiB stack (the main thread has 8 MiB,
/// other threads 2 MiB by default).
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    on_stack(256 * 1024, f);
}

fn on_stack(bytes: usize, f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(bytes)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}

fn key() -> SigningKey {
    SigningKey::from_seed(KeyId::parse("ed25519:1").unwrap(), &[8; 32]).unwrap()
}

fn keys() -> KeyRing {
    let mut keys = KeyRing::new();
    keys.insert("a.example", key().key_id(), *key().public_key());
    keys
}

fn room_for(rules: &RoomVersionRules) -> &'static str {
    if rules.room_id_format == mxp::room_versions::RoomIdFormat::CreateEventHash {
        "!P5-6WTYQ_woy6f4nmleE0XqxjtZcyKGza5_gDN-KAdM"
    } else {
        "!r:a.example"
    }
}

/// A message PDU of `rules`' format with `content_json` (raw text) as content.
fn pdu_text(rules: &RoomVersionRules, content_json: &str) -> String {
    let event_id = if rules.event_format == mxp::room_versions::EventFormat::V1 {
        r#""event_id":"$e:a.example","#
    } else {
        ""
    };
    format!(
        r#"{{{event_id}"type":"m.room.message","room_id":"{}","sender":"@u:a.example","content":{content_json},"origin_server_ts":1,"depth":1,"prev_events":[],"auth_events":[],"hashes":{{"sha256":"aGFzaA"}},"signatures":{{}}}}"#,
        room_for(rules)
    )
}

fn nested(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

#[test]
fn ten_thousand_deep_nesting_is_refused_by_every_entry_point() {
    on_small_stack(|| {
        let deep = nested(10_000);
        for options in [
            ParseOptions::strict(),
            ParseOptions::lenient(),
            ParseOptions::strict().with_max_depth(usize::MAX),
        ] {
            assert!(parse_value(deep.as_bytes(), &options).is_err());
        }
        for (version, rules) in RoomVersionRules::ALL {
            let text = pdu_text(rules, &format!(r#"{{"body":{deep}}}"#));
            let err = Pdu::from_json_bytes(text.as_bytes(), None, rules).unwrap_err();
            assert!(!matches!(err, PduError::EventId(_)), "v{version}: {err}");
            // The same at the default limit parses.
            let ok = pdu_text(rules, &format!(r#"{{"body":{}}}"#, nested(100)));
            Pdu::from_json_bytes(ok.as_bytes(), None, rules)
                .unwrap_or_else(|e| panic!("v{version}: {e}"));
        }
    });
}

#[test]
fn values_at_the_nesting_ceiling_go_through_signing_verification_and_redaction() {
    // Values are cloned and compared recursively (`MAX_DEPTH_CEILING` docs):
    // at the ceiling that takes about 800 bytes of stack per level in debug
    // builds (200 in release), so this runs on Rust's default 2 MiB thread
    // stack rather than the 256 KiB of the other tests.
    on_stack(2 * 1024 * 1024, || {
        // A caller that raised the limit to the ceiling: the deepest value
        // the parser can build is encoded, cloned, compared, hashed, signed,
        // verified, redacted and dropped without deep recursion trouble.
        let deepest = parse_value(
            nested(MAX_DEPTH_CEILING - 2).as_bytes(),
            &ParseOptions::strict().with_max_depth(MAX_DEPTH_CEILING),
        )
        .unwrap();
        let rules = &RoomVersionRules::V11;
        let mut event = CanonicalJsonObject::new();
        for (k, v) in [
            ("type", "m.room.message"),
            ("room_id", "!r:a.example"),
            ("sender", "@u:a.example"),
        ] {
            event.insert(k.into(), v.into());
        }
        let mut content = CanonicalJsonObject::new();
        content.insert("body".into(), deepest.clone());
        event.insert("content".into(), CanonicalJsonValue::Object(content));
        for k in ["origin_server_ts", "depth"] {
            event.insert(k.into(), 1.into());
        }
        for k in ["prev_events", "auth_events"] {
            event.insert(k.into(), CanonicalJsonValue::Array(Vec::new()));
        }
        sign_event(
            &mut event,
            ServerName::parse("a.example").unwrap(),
            &key(),
            rules,
        )
        .unwrap();
        let copy = event.clone();
        assert_eq!(copy, event);
        let bytes = to_canonical_bytes(&CanonicalJsonValue::Object(event.clone())).unwrap();
        assert!(bytes.len() > 2 * (MAX_DEPTH_CEILING - 2));
        let pdu = Pdu::from_canonical_object(event, None, rules).unwrap();
        let room = RoomId::parse("!r:a.example").unwrap();
        let verified = verify_pdu(pdu, Expected::room(room), rules, &keys()).unwrap();
        assert_eq!(verified.outcome(), VerifiedOutcome::Valid);
        let redacted = mxp::redaction::redact(mxp::events::Event::json(&verified), rules).unwrap();
        assert!(redacted["content"].as_object().unwrap().is_empty());

        let mut object = CanonicalJsonObject::new();
        object.insert("deep".into(), deepest);
        sign_json(&mut object, "a.example", &key()).unwrap();
        assert!(
            verify_json(&object, &["a.example"], &keys())
                .unwrap()
                .is_valid()
        );
        object.insert("deep".into(), CanonicalJsonValue::Array(Vec::new()));
        assert!(
            !verify_json(&object, &["a.example"], &keys())
                .unwrap()
                .is_valid()
        );
    });
}

#[test]
fn sixty_four_kib_strings_of_escapes_are_signed_verified_and_bounded() {
    on_small_stack(|| {
        // 64 KiB of escapes on the wire: `\u0041` is 6 bytes for 1 canonical
        // byte, `\n` 2 for 2. Measured in canonical form (PDU-4).
        for (version, rules) in RoomVersionRules::ALL {
            let short = "\\u0041".repeat(65_536 / 6);
            let text = pdu_text(rules, &format!(r#"{{"body":"{short}"}}"#));
            assert!(text.len() > 65_536);
            Pdu::from_json_bytes(text.as_bytes(), None, rules)
                .unwrap_or_else(|e| panic!("v{version}: {e}"));
            let long = "\\n".repeat(65_536 / 2);
            let text = pdu_text(rules, &format!(r#"{{"body":"{long}"}}"#));
            let err = Pdu::from_json_bytes(text.as_bytes(), None, rules).unwrap_err();
            assert!(
                matches!(err, PduError::TooLarge { .. }),
                "v{version}: {err}"
            );
        }
        // And signing and verifying such a string is exact.
        let value = parse_value(
            format!(r#"{{"s":"{}"}}"#, "\\u00e9\\ud83d\\ude00\\\"".repeat(4_096)).as_bytes(),
            &ParseOptions::strict(),
        )
        .unwrap();
        let CanonicalJsonValue::Object(mut object) = value else {
            panic!("not an object")
        };
        sign_json(&mut object, "a.example", &key()).unwrap();
        assert!(
            verify_json(&object, &["a.example"], &keys())
                .unwrap()
                .is_valid()
        );
    });
}
