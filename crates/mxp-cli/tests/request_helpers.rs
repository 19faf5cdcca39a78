//! The `Request` helpers that ops use to read their fields.

use mxp_cli::Request;
use mxp_room_versions::RoomVersionRules;

fn req(line: &str) -> Request<'_> {
    Request::parse(line.as_bytes()).unwrap()
}

#[test]
fn strings_bools_and_json_fields() {
    let r = req(r#"{"op":"x","s":"plain","e":"esc\u00e9","b":true,"n":null,"list":[1,2],"num":5}"#);
    assert_eq!(r.op().unwrap(), "x");
    assert_eq!(r.str("s").unwrap(), "plain");
    assert_eq!(r.str("e").unwrap(), "escé");
    assert_eq!(r.opt_bool("b").unwrap(), Some(true));
    assert_eq!(r.opt_bool("n").unwrap(), None);
    assert_eq!(r.opt_bool("absent").unwrap(), None);
    assert_eq!(r.opt_str("n").unwrap(), None);
    assert_eq!(r.json::<Vec<u8>>("list").unwrap(), [1, 2]);
    assert_eq!(r.opt_json::<u8>("num").unwrap(), Some(5));
    assert_eq!(r.raw("list").unwrap().get(), "[1,2]");
    assert_eq!(r.str("absent").unwrap_err().kind, "missing_field");
    assert_eq!(r.str("num").unwrap_err().kind, "bad_request");
    assert_eq!(r.opt_bool("s").unwrap_err().kind, "bad_request");
    assert_eq!(r.json::<String>("num").unwrap_err().kind, "bad_request");
}

#[test]
fn room_versions() {
    let r = req(r#"{"room_version":"12"}"#);
    let v = r.room_version().unwrap();
    assert_eq!(v.id.as_str(), "12");
    assert_eq!(v.rules, &RoomVersionRules::V12);
    assert_eq!(req("{}").room_version().unwrap_err().kind, "missing_field");
    assert!(req("{}").opt_room_version().unwrap().is_none());
    for bad in [r#"{"room_version":"13"}"#, r#"{"room_version":"V1"}"#] {
        assert_eq!(
            req(bad).room_version().unwrap_err().kind,
            "unsupported_room_version"
        );
    }
    assert_eq!(
        req(r#"{"room_version":1}"#)
            .room_version()
            .unwrap_err()
            .kind,
        "bad_request"
    );
}

#[test]
fn events_are_parsed_exactly_per_room_version() {
    // CJ-6: floats are refused in v6+ PDUs and kept in v1–v5 ones.
    let r = req(r#"{"event":{"type":"m.room.message","depth":1.5},"events":[{"a":1},{"b":2.0}]}"#);
    assert_eq!(
        r.event("event", &RoomVersionRules::V6).unwrap_err().kind,
        "float_not_allowed"
    );
    let event = r.event("event", &RoomVersionRules::V5).unwrap();
    assert!(event.contains_key("depth"));
    assert_eq!(r.events("events", &RoomVersionRules::V5).unwrap().len(), 2);
    assert_eq!(
        r.events("events", &RoomVersionRules::V11).unwrap_err().kind,
        "float_not_allowed"
    );
    // Duplicate keys inside an event are visible to the strict parser.
    let dup = req(r#"{"event":{"a":1,"a":2}}"#);
    assert_eq!(
        dup.event("event", &RoomVersionRules::V11).unwrap_err().kind,
        "duplicate_key"
    );
    assert_eq!(
        req("{}")
            .event("event", &RoomVersionRules::V11)
            .unwrap_err()
            .kind,
        "missing_field"
    );
}

#[test]
fn request_lines_that_are_not_requests() {
    assert_eq!(Request::parse(b"nope").unwrap_err().kind, "invalid_json");
    assert_eq!(Request::parse(b"[]").unwrap_err().kind, "bad_request");
    assert_eq!(
        Request::parse(b"{\"a\":1,\"a\":1}").unwrap_err().kind,
        "duplicate_key"
    );
    assert_eq!(
        Request::parse(b"{\"a\":\"\xff\"}").unwrap_err().kind,
        "invalid_json"
    );
}
