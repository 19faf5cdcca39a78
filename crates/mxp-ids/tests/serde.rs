//! Serde: every type serializes as its string and deserializes only valid
//! strings.

use mxp_ids::{
    DeviceId, EventId, KeyId, MatrixToUri, MatrixUri, MxcUri, NamespacedId, OpaqueId,
    OwnedDeviceId, OwnedEventId, OwnedKeyId, OwnedMxcUri, OwnedNamespacedId, OwnedOpaqueId,
    OwnedRoomAliasId, OwnedRoomId, OwnedRoomVersionId, OwnedServerName, OwnedUserId, RoomAliasId,
    RoomId, RoomVersionId, ServerName, UserId,
};
use serde::{Serialize, de::DeserializeOwned};

fn round_trip<T>(valid: &str, invalid: &str)
where
    T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let json = serde_json::to_string(valid).unwrap();
    let value: T = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{valid}: {e}"));
    assert_eq!(serde_json::to_string(&value).unwrap(), json);
    let bad = serde_json::to_string(invalid).unwrap();
    assert!(
        serde_json::from_str::<T>(&bad).is_err(),
        "{invalid} must not deserialize"
    );
    assert!(serde_json::from_str::<T>("42").is_err());
}

#[test]
fn owned_types_round_trip_and_validate() {
    round_trip::<OwnedUserId>("@Alice:example.org", "alice");
    round_trip::<OwnedRoomId>("!Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ", "!abc");
    round_trip::<OwnedEventId>("$acR1l0raoZnm60CBwAVgqbZqoO/mYU81xysh1u7XcJk", "$x");
    round_trip::<OwnedRoomAliasId>("#a:b", "#a");
    round_trip::<OwnedServerName>("[::1]:8448", "[::1]:0");
    round_trip::<OwnedDeviceId>("ABCDEF", "A B");
    round_trip::<OwnedKeyId>("ed25519:abc", "ed25519");
    round_trip::<OwnedRoomVersionId>("12", "V12");
    round_trip::<OwnedMxcUri>("mxc://a/b", "mxc://a/../b");
    round_trip::<OwnedNamespacedId>("m.room.member", "M.room");
    round_trip::<OwnedOpaqueId>("abc~", "a/b");
    round_trip::<MatrixUri>("matrix:u/alice:example.org?action=chat", "matrix:u/alice");
    round_trip::<MatrixToUri>("https://matrix.to/#/%23a:b", "https://matrix.to/#/a:b");
}

#[test]
fn borrowed_types_deserialize_from_unescaped_strings() {
    let json =
        r##"["@a:b","!a:b","$a:b","#a:b","a.org","DEV","ed25519:k","1","mxc://a/b","m.x","o"]"##;
    #[allow(clippy::type_complexity)]
    let v: (
        &UserId,
        &RoomId,
        &EventId,
        &RoomAliasId,
        &ServerName,
        &DeviceId,
        &KeyId,
        &RoomVersionId,
        &MxcUri,
        &NamespacedId,
        &OpaqueId,
    ) = serde_json::from_str(json).unwrap();
    assert_eq!(v.0.localpart(), "a");
    assert_eq!(v.8.media_id(), "b");
    assert_eq!(serde_json::to_string(&v).unwrap(), json);
    assert!(serde_json::from_str::<&UserId>(r#""nope""#).is_err());
}

#[test]
fn owned_ids_work_as_map_keys() {
    let json = r#"{"@a:b":1,"@c:d":2}"#;
    let map: std::collections::BTreeMap<OwnedUserId, u8> = serde_json::from_str(json).unwrap();
    assert_eq!(map[UserId::parse("@c:d").unwrap()], 2);
    assert_eq!(serde_json::to_string(&map).unwrap(), json);
    assert!(
        serde_json::from_str::<std::collections::BTreeMap<OwnedUserId, u8>>(r#"{"x":1}"#).is_err()
    );
}
