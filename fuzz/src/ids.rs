//! Identifiers: every kind, strict and lenient.

use mxp_ids::{
    DeviceId, EventId, EventIdFormat, IdError, KeyId, MatrixToUri, MatrixUri, MxcUri, NamespacedId,
    OpaqueId, OwnedDeviceId, OwnedEventId, OwnedKeyId, OwnedMxcUri, OwnedNamespacedId,
    OwnedOpaqueId, OwnedRoomAliasId, OwnedRoomId, OwnedRoomVersionId, OwnedServerName, OwnedUserId,
    RoomAliasId, RoomId, RoomIdFormat, RoomVersionId, ServerName, UserId,
};

/// The byte limit of user, room and event IDs and aliases (`WF-*`, P1-06).
const MAX_ID_BYTES: usize = 255;

/// Runs every identifier check on `s`, as is and wrapped as the localpart of
/// each sigil kind (so the fuzzer explores localparts without having to find
/// a valid server name first).
pub fn check_all(s: &str) {
    check_input(s);
    if s.len() <= 300 {
        for wrapped in [
            format!("@{s}:example.org"),
            format!("!{s}:example.org"),
            format!("${s}:example.org"),
            format!("#{s}:example.org"),
            format!("@alice:{s}"),
            format!("ed25519:{s}"),
            format!("mxc://example.org/{s}"),
        ] {
            check_input(&wrapped);
        }
        check_wrapped_localpart(s);
    }
}

/// The parsers on one input.
pub fn check_input(s: &str) {
    user_id(s);
    room_id(s);
    event_id(s);
    alias(s);
    server_name(s);
    key_id(s);
    mxc(s);
    simple::<DeviceId, OwnedDeviceId>(s, DeviceId::parse);
    simple::<RoomVersionId, OwnedRoomVersionId>(s, RoomVersionId::parse);
    simple::<NamespacedId, OwnedNamespacedId>(s, NamespacedId::parse);
    simple::<OpaqueId, OwnedOpaqueId>(s, OpaqueId::parse);
    uris(s);
}

/// What every kind shares: the borrowed result displays as the input, parses
/// back to itself, and the owned `TryFrom`s and serde agree with `parse`.
fn common<'a, B, O>(s: &'a str, parsed: Result<&'a B, IdError>)
where
    B: ?Sized + std::fmt::Display + std::fmt::Debug + PartialEq + AsRef<str>,
    O: for<'b> TryFrom<&'b str, Error = IdError>
        + TryFrom<String, Error = IdError>
        + std::borrow::Borrow<B>
        + std::fmt::Debug
        + serde::de::DeserializeOwned
        + serde::Serialize,
{
    let owned = O::try_from(s);
    let owned_string = O::try_from(s.to_owned());
    match parsed {
        Ok(id) => {
            let json = serde_json::to_string(s).expect("a str serializes");
            let from_json = serde_json::from_str::<O>(&json);
            assert_eq!(id.as_ref(), s, "parse must keep the input verbatim");
            assert_eq!(id.to_string(), s, "Display must write the input back");
            let owned = owned.expect("owned TryFrom<&str> must agree with parse");
            assert_eq!(owned.borrow(), id);
            let owned_string = owned_string.expect("owned TryFrom<String> must agree");
            assert_eq!(owned_string.borrow(), id);
            let from_json = from_json.expect("Deserialize must agree with parse");
            assert_eq!(from_json.borrow(), id);
            assert_eq!(
                serde_json::to_string(&owned).expect("an ID serializes"),
                json,
                "Serialize must write the string"
            );
        }
        Err(e) => {
            check_error(s, &e);
            assert_eq!(owned.err(), Some(e), "owned TryFrom<&str> must agree");
            assert_eq!(
                owned_string.err(),
                Some(e),
                "owned TryFrom<String> must agree"
            );
            // Deserialize goes through the same TryFrom; checked on success
            // only, to keep the target fast.
        }
    }
}

/// Errors that point into the input must point at what they name.
fn check_error(s: &str, e: &IdError) {
    match *e {
        IdError::InvalidCharacter {
            character,
            position,
        } => {
            let at = s.get(position..);
            assert!(
                at.is_some_and(|rest| rest.starts_with(character)),
                "error {e:?} does not point at {character:?} in {s:?}"
            );
        }
        IdError::TooLong { length, max } => {
            assert!(length > max, "TooLong with length {length} <= max {max}");
        }
        IdError::Empty => assert!(s.is_empty(), "Empty for a non-empty input {s:?}"),
        _ => {}
    }
}

fn simple<'a, B, O>(
    s: &'a str,
    parse: for<'x> fn(&'x str) -> Result<&'x B, IdError>,
) -> Option<&'a B>
where
    B: ?Sized + std::fmt::Display + std::fmt::Debug + PartialEq + AsRef<str>,
    O: for<'b> TryFrom<&'b str, Error = IdError>
        + TryFrom<String, Error = IdError>
        + std::borrow::Borrow<B>
        + std::fmt::Debug
        + serde::de::DeserializeOwned
        + serde::Serialize,
{
    let parsed = parse(s);
    common::<B, O>(s, parsed);
    let id = parsed.ok()?;
    // Through Display on purpose: that is the property.
    #[allow(clippy::unnecessary_to_owned)]
    let displayed = id.to_string();
    assert_eq!(parse(&displayed).ok(), Some(id), "parse(display(x)) != x");
    Some(id)
}

fn user_id(s: &str) {
    let lenient = simple::<UserId, OwnedUserId>(s, UserId::parse);
    let strict = UserId::parse_strict(s);
    if let Err(e) = &strict {
        check_error(s, e);
    }
    if let Ok(strict) = strict {
        assert_eq!(
            lenient,
            Some(strict),
            "strict accepted what lenient rejects"
        );
    }
    let Some(id) = lenient else { return };
    assert!(id.as_str().len() <= MAX_ID_BYTES, "user ID over 255 bytes");
    assert!(s.starts_with('@'));
    let (local, server) = (id.localpart(), id.server_name());
    // P1-02: the split is at the first colon.
    assert!(!local.contains(':') && !local.contains('\0'));
    assert_eq!(format!("@{local}:{server}"), s);
    assert_eq!(ServerName::parse(server.as_str()).ok(), Some(server));
    // Strict = lenient + the current localpart grammar (WF-UID-1).
    assert_eq!(
        strict.is_ok(),
        !id.is_historical(),
        "strict and is_historical disagree on {s:?}"
    );
    if id.is_compliant() {
        assert!(local.bytes().all(|c| (0x21..=0x7e).contains(&c)) && !local.is_empty());
    }
    let built = OwnedUserId::from_parts(local, server);
    assert_eq!(
        built.as_ref().ok().map(|b| b.as_str()),
        strict.ok().map(UserId::as_str),
        "from_parts must be exactly the strict grammar"
    );
}

/// P1-01: any localpart without `:` or NUL is a valid historical user ID
/// (within the length limit); strict accepts exactly `[a-z0-9._=/+-]+`.
fn check_wrapped_localpart(local: &str) {
    let id = format!("@{local}:example.org");
    let fits = id.len() <= MAX_ID_BYTES;
    let lenient_ok = fits && !local.contains(':') && !local.contains('\0');
    assert_eq!(
        UserId::parse(&id).is_ok(),
        lenient_ok,
        "lenient user ID grammar (WF-UID-3) wrong for {id:?}"
    );
    let strict_ok = fits
        && !local.is_empty()
        && local.bytes().all(
            |c| matches!(c, b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'=' | b'-' | b'/' | b'+'),
        );
    assert_eq!(
        UserId::parse_strict(&id).is_ok(),
        strict_ok,
        "strict user ID grammar (WF-UID-1) wrong for {id:?}"
    );
    let room = format!("!{local}:example.org");
    assert_eq!(
        RoomId::parse(&room).is_ok(),
        lenient_ok,
        "opaque room ID localpart rule wrong for {room:?}"
    );
    // Building from parts never accepts a colon (P1-02).
    if local.contains(':') {
        let server = ServerName::parse("example.org").expect("valid server name");
        assert!(OwnedUserId::from_parts(local, server).is_err());
    }
}

fn room_id(s: &str) {
    let Some(id) = simple::<RoomId, OwnedRoomId>(s, RoomId::parse) else {
        for format in [RoomIdFormat::Opaque, RoomIdFormat::Hash] {
            assert!(RoomId::parse_as(s, format).is_err());
        }
        return;
    };
    assert!(id.as_str().len() <= MAX_ID_BYTES);
    assert_eq!(RoomId::parse_as(s, id.format()).ok(), Some(id));
    let other = match id.format() {
        RoomIdFormat::Opaque => RoomIdFormat::Hash,
        _ => RoomIdFormat::Opaque,
    };
    assert!(
        RoomId::parse_as(s, other).is_err(),
        "{s:?} valid in both forms"
    );
    if id.is_hash_form() {
        let hash = id.hash().expect("hash form has a hash");
        assert_eq!(hash.len(), 43);
        assert!(id.server_name().is_none() && id.localpart().is_none());
        let create = id
            .create_event_id()
            .expect("hash form has a create event ID");
        assert_eq!(EventId::parse(create.as_str()).ok(), Some(create.as_id()));
        assert_eq!(create.as_str().get(1..), Some(hash));
        // P1-07: the room ID is the create event ID with `$` → `!`.
        if create.matches_format(EventIdFormat::UrlSafeHash) {
            assert_eq!(create.to_room_id().as_deref(), Some(id));
        }
    } else {
        let (local, server) = (
            id.localpart().expect("opaque form has a localpart"),
            id.server_name().expect("opaque form has a server name"),
        );
        assert_eq!(format!("!{local}:{server}"), s);
        assert!(!local.contains(':'));
        assert!(id.create_event_id().is_none());
    }
}

fn event_id(s: &str) {
    let all = [
        EventIdFormat::Opaque,
        EventIdFormat::StandardHash,
        EventIdFormat::UrlSafeHash,
    ];
    let Some(id) = simple::<EventId, OwnedEventId>(s, EventId::parse) else {
        for format in all {
            assert!(EventId::parse_as(s, format).is_err());
        }
        return;
    };
    assert!(id.as_str().len() <= MAX_ID_BYTES);
    assert!(id.matches_format(id.format()));
    for format in all {
        assert_eq!(
            EventId::parse_as(s, format).is_ok(),
            id.matches_format(format),
            "parse_as and matches_format disagree on {s:?} in {format:?}"
        );
    }
    match id.hash() {
        Some(hash) => {
            assert_eq!(hash.len(), 43);
            assert!(id.server_name().is_none());
        }
        None => {
            let local = id.localpart().expect("opaque form has a localpart");
            let server = id.server_name().expect("opaque form has a server name");
            assert_eq!(format!("${local}:{server}"), s);
            assert!(id.to_room_id().is_none());
        }
    }
    if let Some(room) = id.to_room_id() {
        assert_eq!(RoomId::parse(room.as_str()).ok(), Some(room.as_id()));
        assert_eq!(room.create_event_id().as_deref(), Some(id));
    }
}

fn alias(s: &str) {
    let Some(id) = simple::<RoomAliasId, OwnedRoomAliasId>(s, RoomAliasId::parse) else {
        return;
    };
    assert!(id.as_str().len() <= MAX_ID_BYTES);
    assert_eq!(format!("#{}:{}", id.alias(), id.server_name()), s);
    assert!(!id.alias().contains(':'));
}

fn server_name(s: &str) {
    let Some(name) = simple::<ServerName, OwnedServerName>(s, ServerName::parse) else {
        return;
    };
    let host = name.host();
    assert!(!host.is_empty(), "P1-03: empty host accepted in {s:?}");
    assert!(s.starts_with(host));
    let rest = s.get(host.len()..).expect("host is a prefix");
    match name.port() {
        Some(port) => {
            assert_ne!(port, 0, "port 0 accepted");
            let digits = rest.strip_prefix(':').expect("a port follows the host");
            assert_eq!(digits.parse::<u16>().ok(), Some(port));
        }
        None => assert!(
            rest.is_empty(),
            "text after the host without a port in {s:?}"
        ),
    }
    assert_eq!(name.ip().is_some(), name.is_ip_literal());
    assert!(name.eq_ignore_ascii_case(name));
    let upper = s.to_ascii_uppercase();
    if let Ok(upper) = ServerName::parse(&upper) {
        assert!(name.eq_ignore_ascii_case(upper));
        // P1-04: identity is byte-wise.
        assert_eq!(name == upper, s == upper.as_str());
    }
}

fn key_id(s: &str) {
    let lenient = simple::<KeyId, OwnedKeyId>(s, KeyId::parse);
    let strict = KeyId::parse_strict(s);
    if let Err(e) = &strict {
        check_error(s, e);
    }
    if let Ok(strict) = strict {
        assert_eq!(
            lenient,
            Some(strict),
            "strict key ID grammar accepts more than lenient"
        );
        assert!(
            strict
                .version()
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'_')
        );
    }
    let Some(id) = lenient else { return };
    assert!(!id.algorithm_str().is_empty() && !id.version().is_empty());
    assert_eq!(format!("{}:{}", id.algorithm_str(), id.version()), s);
    assert!(!id.algorithm_str().contains(':'));
    assert_eq!(id.algorithm().as_str(), id.algorithm_str());
}

fn mxc(s: &str) {
    let Some(uri) = simple::<MxcUri, OwnedMxcUri>(s, MxcUri::parse) else {
        return;
    };
    let rebuilt = OwnedMxcUri::from_parts(uri.server_name(), uri.media_id())
        .expect("the parts of a valid mxc URI build it again");
    assert_eq!(rebuilt.as_str(), s);
}

fn uris(s: &str) {
    if let Ok(uri) = MatrixUri::parse(s) {
        let shown = uri.to_string();
        let again = MatrixUri::parse(&shown)
            .unwrap_or_else(|e| panic!("matrix: URI {shown:?} (from {s:?}) fails: {e}"));
        assert_eq!(again, uri, "parse(display(x)) != x for {s:?}");
        assert_eq!(again.to_string(), shown);
    }
    if let Ok(uri) = MatrixToUri::parse(s) {
        let shown = uri.to_string();
        let again = MatrixToUri::parse(&shown)
            .unwrap_or_else(|e| panic!("matrix.to {shown:?} (from {s:?}) fails: {e}"));
        assert_eq!(again, uri, "parse(display(x)) != x for {s:?}");
        assert_eq!(again.to_string(), shown);
    }
}
