//! Inputs the fuzzers found (fuzz/, issue 7), kept as regression tests.

use mxp_events::{Pdu, PduError};
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
