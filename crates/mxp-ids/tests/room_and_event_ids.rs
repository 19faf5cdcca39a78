//! Room IDs (`WF-RID-*`), event IDs (`WF-EID-*`), aliases (`WF-ALIAS-1`),
//! incident P1-07.

use mxp_ids::{EventId, EventIdFormat, IdError, RoomAliasId, RoomId, RoomIdFormat};

const V12_ROOM: &str = "!Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ";
const V3_EVENT: &str = "$acR1l0raoZnm60CBwAVgqbZqoO/mYU81xysh1u7XcJk";
const V4_EVENT: &str = "$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg";
/// A hash of characters common to both alphabets.
const AMBIGUOUS: &str = "$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";

#[test]
fn wf_rid_1_opaque_room_ids() {
    for s in [
        "!abc:example.org",
        "!ABCdef123:example.org:8448",
        "!\u{1}ctl:example.org",
        "!émoji😀:[::1]",
        "!:example.org",
    ] {
        let id = RoomId::parse(s).unwrap_or_else(|e| panic!("{s:?}: {e}"));
        assert_eq!(id.format(), RoomIdFormat::Opaque);
        assert!(!id.is_hash_form());
        assert!(id.hash().is_none());
        assert!(id.create_event_id().is_none());
    }
    let id = RoomId::parse("!abc:example.org:8448").unwrap();
    assert_eq!(id.localpart(), Some("abc"));
    assert_eq!(id.server_name().unwrap().port(), Some(8448));
    assert_eq!(
        RoomId::parse("!a\0:example.org"),
        Err(IdError::InvalidCharacter {
            character: '\0',
            position: 2
        })
    );
    assert!(RoomId::parse("!abc:exa mple.org").is_err());
    assert_eq!(
        RoomId::parse("abc:example.org"),
        Err(IdError::MissingSigil { expected: '!' })
    );
    let long = format!("!{}:example.org", "a".repeat(255 - 13 + 1));
    assert_eq!(
        RoomId::parse(&long),
        Err(IdError::TooLong {
            length: 256,
            max: 255
        })
    );
    let fits = format!("!{}:example.org", "a".repeat(255 - 13));
    assert!(RoomId::parse(&fits).is_ok());
}

#[test]
fn wf_rid_2_v12_room_ids() {
    let id = RoomId::parse(V12_ROOM).unwrap();
    assert_eq!(id.format(), RoomIdFormat::Hash);
    assert_eq!(id.hash(), Some(&V12_ROOM[1..]));
    assert_eq!(id.localpart(), None);
    assert_eq!(id.server_name(), None);
    let create = id.create_event_id().unwrap();
    assert_eq!(create.as_str(), format!("${}", &V12_ROOM[1..]));
    assert_eq!(create.to_room_id().unwrap(), id);
    // Standard-alphabet characters are not URL-safe base64.
    let standard = format!("!{}", &V3_EVENT[1..]);
    assert_eq!(
        RoomId::parse(&standard),
        Err(IdError::InvalidCharacter {
            character: '/',
            position: 27
        })
    );
    assert_eq!(
        RoomId::parse("!abc"),
        Err(IdError::InvalidHashLength { length: 3 })
    );
    assert_eq!(
        RoomId::parse(&format!("{V12_ROOM}A")),
        Err(IdError::InvalidHashLength { length: 44 })
    );
    assert!(RoomId::parse(&format!("{}=", &V12_ROOM[..43])).is_err());
    // A v3 (standard alphabet) event ID has no room ID form.
    assert!(EventId::parse(V3_EVENT).unwrap().to_room_id().is_none());
    assert!(
        EventId::parse("$a:example.org")
            .unwrap()
            .to_room_id()
            .is_none()
    );
    assert!(EventId::parse(AMBIGUOUS).unwrap().to_room_id().is_some());
}

#[test]
fn wf_rid_3_room_ids_are_case_sensitive() {
    let a = RoomId::parse("!abc:example.org").unwrap();
    let b = RoomId::parse("!ABC:example.org").unwrap();
    assert_ne!(a, b);
}

#[test]
fn p1_07_room_id_form_depends_on_the_room_version() {
    // v11 mode: a room ID without a domain fails.
    assert_eq!(
        RoomId::parse_as(V12_ROOM, RoomIdFormat::Opaque),
        Err(IdError::WrongFormat {
            expected: RoomIdFormat::Opaque.description(),
            found: RoomIdFormat::Hash.description(),
        })
    );
    assert!(RoomId::parse_as(V12_ROOM, RoomIdFormat::Hash).is_ok());
    assert!(RoomId::parse_as("!a:example.org", RoomIdFormat::Opaque).is_ok());
    assert!(RoomId::parse_as("!a:example.org", RoomIdFormat::Hash).is_err());
}

#[test]
fn wf_eid_1_opaque_event_ids() {
    let id = EventId::parse("$event:example.org").unwrap();
    assert_eq!(id.format(), EventIdFormat::Opaque);
    assert_eq!(id.localpart(), Some("event"));
    assert_eq!(id.server_name().unwrap().as_str(), "example.org");
    assert_eq!(id.hash(), None);
    assert!(id.matches_format(EventIdFormat::Opaque));
    assert!(!id.matches_format(EventIdFormat::UrlSafeHash));
    assert!(EventId::parse("$:example.org").is_ok());
    assert!(EventId::parse("$ev\0:example.org").is_err());
    assert!(EventId::parse("$event:").is_err());
    assert_eq!(
        EventId::parse("event:example.org"),
        Err(IdError::MissingSigil { expected: '$' })
    );
}

#[test]
fn wf_eid_2_v3_standard_base64() {
    let id = EventId::parse(V3_EVENT).unwrap();
    assert_eq!(id.len(), 44);
    assert_eq!(id.format(), EventIdFormat::StandardHash);
    assert_eq!(id.hash(), Some(&V3_EVENT[1..]));
    assert!(id.matches_format(EventIdFormat::StandardHash));
    assert!(!id.matches_format(EventIdFormat::UrlSafeHash));
    assert!(EventId::parse_as(V3_EVENT, EventIdFormat::StandardHash).is_ok());
    assert_eq!(
        EventId::parse_as(V4_EVENT, EventIdFormat::StandardHash),
        Err(IdError::WrongFormat {
            expected: EventIdFormat::StandardHash.description(),
            found: EventIdFormat::UrlSafeHash.description(),
        })
    );
    assert_eq!(
        EventId::parse("$abc+/"),
        Err(IdError::InvalidHashLength { length: 5 })
    );
    // Padding is not part of the form.
    assert!(EventId::parse(&format!("{V3_EVENT}=")).is_err());
}

#[test]
fn wf_eid_3_v4_url_safe_base64() {
    let id = EventId::parse(V4_EVENT).unwrap();
    assert_eq!(id.format(), EventIdFormat::UrlSafeHash);
    assert!(EventId::parse_as(V4_EVENT, EventIdFormat::UrlSafeHash).is_ok());
    assert!(EventId::parse_as(V3_EVENT, EventIdFormat::UrlSafeHash).is_err());
    assert!(EventId::parse_as(V4_EVENT, EventIdFormat::Opaque).is_err());
    // Mixing the alphabets fits neither.
    let mixed = format!("${}+{}", &V4_EVENT[1..22], &V4_EVENT[23..]);
    assert!(matches!(
        EventId::parse(&mixed),
        Err(IdError::InvalidHash(_))
    ));
    let bad = format!("${}!", &V4_EVENT[1..43]);
    assert_eq!(
        EventId::parse(&bad),
        Err(IdError::InvalidCharacter {
            character: '!',
            position: 43
        })
    );
}

#[test]
fn wf_eid_3_ambiguous_hashes_fit_both_hash_forms() {
    let id = EventId::parse(AMBIGUOUS).unwrap();
    // Documented choice: reported as URL-safe, valid in both hash forms.
    assert_eq!(id.format(), EventIdFormat::UrlSafeHash);
    assert!(id.matches_format(EventIdFormat::StandardHash));
    assert!(id.matches_format(EventIdFormat::UrlSafeHash));
    assert!(!id.matches_format(EventIdFormat::Opaque));
    assert!(EventId::parse_as(AMBIGUOUS, EventIdFormat::StandardHash).is_ok());
}

#[test]
fn wf_eid_4_hash_form_ids_have_no_server() {
    let id = EventId::parse(V4_EVENT).unwrap();
    assert!(id.is_hash_form());
    assert_eq!(id.server_name(), None);
    assert_eq!(id.localpart(), None);
    assert!(!EventId::parse("$a:b").unwrap().is_hash_form());
}

#[test]
fn wf_eid_5_length_is_255_bytes() {
    let fits = format!("${}:example.org", "é".repeat((255 - 13) / 2));
    assert_eq!(fits.len(), 255);
    assert!(EventId::parse(&fits).is_ok());
    let over = format!("${}a:example.org", "é".repeat((255 - 13) / 2));
    assert_eq!(
        EventId::parse(&over),
        Err(IdError::TooLong {
            length: 256,
            max: 255
        })
    );
}

#[test]
fn wf_alias_1_room_aliases() {
    let alias = RoomAliasId::parse("#somewhere:example.org").unwrap();
    assert_eq!(alias.alias(), "somewhere");
    assert_eq!(alias.server_name().as_str(), "example.org");
    for s in [
        "#Ünïcode room 😀:example.org",
        "#:example.org",
        "#a#b:[::1]:80",
    ] {
        assert!(RoomAliasId::parse(s).is_ok(), "{s}");
    }
    assert_eq!(RoomAliasId::parse("#room"), Err(IdError::MissingColon));
    assert_eq!(
        RoomAliasId::parse("#ro\0om:example.org"),
        Err(IdError::InvalidCharacter {
            character: '\0',
            position: 3
        })
    );
    assert_eq!(
        RoomAliasId::parse("room:a"),
        Err(IdError::MissingSigil { expected: '#' })
    );
    let over = format!("#{}:example.org", "a".repeat(255 - 12));
    assert_eq!(over.len(), 256);
    assert!(matches!(
        RoomAliasId::parse(&over),
        Err(IdError::TooLong { .. })
    ));
    assert!(RoomAliasId::parse(&over[1..].replacen('a', "#", 1)).is_ok());
}
