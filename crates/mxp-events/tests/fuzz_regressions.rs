//! Inputs the fuzzers found (fuzz/, issue 7), kept as regression tests.

use mxp_events::{Event, Pdu, PduError};
use mxp_room_versions::RoomVersionRules;

/// `pdu` target, first run: a v1 create event whose keys `origin` and
/// `hashes` each appear twice. The interim `serde_json` parser kept the last
/// duplicate and accepted the PDU; signed data must not be ambiguous, so the
/// whole PDU is refused in every version (P1-14, MSC4458).
#[test]
fn p1_14_pdu_with_duplicate_top_level_keys_is_refused() {
    let input = br#"{"auth_events":[],"content":{"creator":"@alice:example.org","room_version":"2"},"depth":1,"event_id":"$1:example.org","hashes":{"sha256":""},"origin":"example.org","origin_sehashes":{"sha256":""},"origin":"example.org","origin_server_ts":1,"prev_events":[],"room_id":"!room:example.org","rver_ts":1,"prev_events":[],"room_id":"!room:example.org","sender":"@alice:example.org","signatures":{},"state_key":"","type":"m.room.create"}"#;
    for (id, rules) in RoomVersionRules::ALL {
        match Pdu::from_json_bytes(input, None, rules) {
            Err(PduError::Json(e)) => assert_eq!(e.kind(), "duplicate_key", "v{id}"),
            other => panic!("v{id}: expected a duplicate key error, got {other:?}"),
        }
    }
}

/// `pdu` target, second run (the finding was in the target's oracle, the
/// library was right): a v1–v5 `depth` above 2^53 − 1 is a legacy number to
/// the canonical JSON parser (`CJ-6`) but a valid depth up to 2^63 − 1
/// (`PDU-3`); `Pdu::depth` reads it exactly. From v6 such a number is not
/// canonical JSON and the PDU is refused.
#[test]
fn pdu_3_legacy_depth_above_2_53_is_read_exactly_in_v1_to_v5() {
    let input = br#"{"auth_events":[],"content":{"creator":"@alice:example.g","room_version":"1"},"depth":33233333333333331,"event_id":"$1:example.org","hashes":{"sha256":""},	"origin":"example.org","origin_server_ts":1,"prev_events":[],"room_id":"!\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\!\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\room:exame.org","sender":"@alice++++++++++++++++++++:example.org","signatures":{},"state_key":"","type":"m(xalrpoemate"}"#;
    for (id, rules) in RoomVersionRules::ALL {
        let pdu = Pdu::from_json_bytes(input, None, rules);
        if rules.strict_canonical_json {
            assert!(matches!(pdu, Err(PduError::Json(_))), "v{id}: {pdu:?}");
        } else if rules.event_format == mxp_room_versions::EventFormat::V1 {
            assert_eq!(pdu.map(|p| p.depth()), Ok(33_233_333_333_333_331), "v{id}");
        }
    }
    // The same depth just past 2^63 − 1 is out of range (PDU-3), not wrapped.
    let text = std::str::from_utf8(input)
        .unwrap()
        .replace("33233333333333331", "9223372036854775808");
    let err = Pdu::from_json_bytes(text.as_bytes(), None, &RoomVersionRules::V1).unwrap_err();
    assert!(err.to_string().contains("depth"), "{err}");
}
