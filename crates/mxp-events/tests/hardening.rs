//! Hostile PDUs in every room version (issue 7, P1-17, P1-51): 10,000-deep
//! content, thousands of references, 64 KiB strings of escapes, wide objects.
//! Each is refused with its own error or accepted, never a panic, and the size
//! limit is measured on the canonical form.

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_events::{Event, MAX_PDU_BYTES, Pdu, PduError};
use mxp_room_versions::{EventFormat, RoomIdFormat, RoomVersionRules};
use serde_json::{Value, json};

fn reference(rules: &RoomVersionRules, i: usize) -> Value {
    match rules.event_format {
        EventFormat::V1 => json!([format!("$e{i}:example.org"), {"sha256": "aGFzaA"}]),
        _ => json!(format!("${:A>43}", i)),
    }
}

/// A valid message PDU of the version, as a JSON value.
fn message(rules: &RoomVersionRules) -> Value {
    let room = match rules.room_id_format {
        RoomIdFormat::ServerNamed => "!room:example.org".to_owned(),
        _ => format!("!{:A>43}", 0),
    };
    let mut v = json!({
        "room_id": room,
        "sender": "@alice:example.org",
        "type": "m.room.message",
        "content": {"body": "hi"},
        "origin_server_ts": 1,
        "depth": 5,
        "prev_events": [reference(rules, 1)],
        "auth_events": [reference(rules, 2)],
        "hashes": {"sha256": "aGFzaA"},
        "signatures": {"example.org": {"ed25519:1": "c2ln"}},
    });
    if rules.event_format == EventFormat::V1 {
        v["event_id"] = json!("$msg:example.org");
    }
    v
}

/// The PDU's JSON text with `content` replaced by `content` (raw JSON text).
fn with_raw_content(rules: &RoomVersionRules, content: &str) -> String {
    let mut v = message(rules);
    v["content"] = json!("@@CONTENT@@");
    v.to_string().replace("\"@@CONTENT@@\"", content)
}

fn parse(rules: &RoomVersionRules, text: &str) -> Result<Pdu, PduError> {
    Pdu::from_json_bytes(text.as_bytes(), None, rules)
}

fn every_version() -> impl Iterator<Item = &'static RoomVersionRules> {
    RoomVersionRules::ALL.iter().map(|(_, r)| *r)
}

#[test]
fn the_baseline_message_is_valid_in_every_version() {
    for rules in every_version() {
        let pdu = parse(rules, &message(rules).to_string()).unwrap();
        assert_eq!(pdu.event_type(), "m.room.message");
    }
}

#[test]
fn p1_17_ten_thousand_deep_content_is_refused_cleanly() {
    for rules in every_version() {
        for open in ["[", "{\"a\":"] {
            let close = if open == "[" { "]" } else { "}" };
            let deep = format!("{{\"x\":{}1{}}}", open.repeat(10_000), close.repeat(10_000));
            let err = parse(rules, &with_raw_content(rules, &deep)).unwrap_err();
            match err {
                PduError::Json(e) => assert_eq!(e.kind(), "too_deep"),
                other => panic!("expected a depth error, got {other}"),
            }
        }
        // Within the limit it is fine: content is not interpreted (P1-52).
        let ok = format!("{{\"x\":{}1{}}}", "[".repeat(100), "]".repeat(100));
        assert!(parse(rules, &with_raw_content(rules, &ok)).is_ok());
    }
}

#[test]
fn p1_51_thousands_of_prev_and_auth_events_are_refused() {
    for rules in every_version() {
        for (key, count) in [
            ("prev_events", 5_000),
            ("auth_events", 5_000),
            ("prev_events", 21),
        ] {
            let mut v = message(rules);
            v[key] = Value::Array((0..count).map(|i| reference(rules, i)).collect());
            let err = parse(rules, &v.to_string()).unwrap_err();
            let ok = matches!(
                (key, &err),
                ("prev_events", PduError::TooManyPrevEvents { .. })
                    | ("auth_events", PduError::TooManyAuthEvents { .. })
                    // 5,000 references are more than 65,536 bytes in some
                    // formats: the size check comes first.
                    | (_, PduError::TooLarge { .. })
            );
            assert!(ok, "{key} × {count}: {err}");
        }
        // The same event cited thousands of times: no dedup shortcut.
        let mut v = message(rules);
        v["auth_events"] = Value::Array(vec![reference(rules, 7); 3_000]);
        assert!(parse(rules, &v.to_string()).is_err());
    }
}

#[test]
fn sixty_four_kib_strings_of_escapes_are_measured_in_canonical_form() {
    for rules in every_version() {
        // 96 KiB of `\u0041` on the wire, 16 KiB canonical: accepted.
        let body = "\\u0041".repeat(16 * 1024);
        let text = with_raw_content(rules, &format!("{{\"body\":\"{body}\"}}"));
        assert!(text.len() > MAX_PDU_BYTES);
        let pdu = parse(rules, &text).unwrap();
        let got = pdu.content()["body"].as_str().unwrap();
        assert_eq!(got, "A".repeat(16 * 1024));
        // 64 KiB of `\n`: every one stays two bytes canonical, too large.
        let body = "\\n".repeat(32 * 1024);
        let text = with_raw_content(rules, &format!("{{\"body\":\"{body}\"}}"));
        assert!(matches!(
            parse(rules, &text),
            Err(PduError::TooLarge { .. })
        ));
        // 64 KiB of control characters written as `\u0001`: six bytes each
        // canonical (CJ-4), so far too large although few characters.
        let body = "\\u0001".repeat(11 * 1024);
        let text = with_raw_content(rules, &format!("{{\"body\":\"{body}\"}}"));
        assert!(matches!(
            parse(rules, &text),
            Err(PduError::TooLarge { .. })
        ));
        // A lone surrogate at the end of 64 KiB of escapes: refused as JSON.
        let body = format!("{}\\udead", "\\u0041".repeat(11 * 1024));
        let text = with_raw_content(rules, &format!("{{\"body\":\"{body}\"}}"));
        match parse(rules, &text) {
            Err(PduError::Json(e)) => assert_eq!(e.kind(), "lone_surrogate"),
            other => panic!("expected a lone surrogate error, got {other:?}"),
        }
    }
}

#[test]
fn wide_objects_are_bounded_by_the_size_limit() {
    for rules in every_version() {
        // 4,000 content keys fit; 10,000 servers in `signatures` do not.
        let keys: Vec<String> = (0..4_000).map(|i| format!("\"k{i}\":{i}")).collect();
        let text = with_raw_content(rules, &format!("{{{}}}", keys.join(",")));
        assert_eq!(parse(rules, &text).unwrap().content().len(), 4_000);
        let mut v = message(rules);
        let sigs: serde_json::Map<String, Value> = (0..10_000)
            .map(|i| (format!("s{i}.example"), json!({"ed25519:1": "c2ln"})))
            .collect();
        v["signatures"] = Value::Object(sigs);
        assert!(matches!(
            parse(rules, &v.to_string()),
            Err(PduError::TooLarge { .. })
        ));
    }
}

#[test]
fn a_pdu_of_exactly_the_limit_passes_and_one_byte_more_fails() {
    for rules in every_version() {
        let base = message(rules);
        let base_len = base.to_string().len();
        // `"body":"hi"` → `"body":"hi…"` grows the canonical form byte for byte.
        let fill = MAX_PDU_BYTES - base_len;
        let mut v = base.clone();
        v["content"]["body"] = json!(format!("hi{}", "x".repeat(fill)));
        let exact = CanonicalJsonValue::try_from(v.clone()).unwrap();
        let CanonicalJsonValue::Object(exact) = exact else {
            unreachable!()
        };
        assert_eq!(canonical_len(&exact), MAX_PDU_BYTES);
        assert!(Pdu::from_canonical_object(exact, None, rules).is_ok());
        v["content"]["body"] = json!(format!("hi{}", "x".repeat(fill + 1)));
        let over = CanonicalJsonValue::try_from(v).unwrap();
        let CanonicalJsonValue::Object(over) = over else {
            unreachable!()
        };
        assert!(matches!(
            Pdu::from_canonical_object(over, None, rules),
            Err(PduError::TooLarge { size, .. }) if size == MAX_PDU_BYTES + 1
        ));
    }
}

fn canonical_len(o: &CanonicalJsonObject) -> usize {
    mxp_canonical_json::to_canonical_bytes(&CanonicalJsonValue::Object(o.clone()))
        .unwrap()
        .len()
}
