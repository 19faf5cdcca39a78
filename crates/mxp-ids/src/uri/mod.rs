//! `matrix:` URIs (`WF-URI-1`) and matrix.to links (`WF-URI-2`), built and
//! parsed with RFC 3986 percent-encoding.

mod matrix_to;
mod matrix_uri;
mod via;

pub use matrix_to::MatrixToUri;
pub use matrix_uri::MatrixUri;
pub use via::recommended_via;

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

use crate::{
    EventId, IdError, OwnedEventId, OwnedRoomAliasId, OwnedRoomId, OwnedServerName, OwnedUserId,
    RoomAliasId, RoomId, ServerName, UserId,
};

/// What a `matrix:` URI or matrix.to link points to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum MatrixId {
    /// A user (`u` in `matrix:` URIs).
    User(OwnedUserId),
    /// A room by alias (`r`).
    RoomAlias(OwnedRoomAliasId),
    /// A room by ID (`roomid`).
    RoomId(OwnedRoomId),
}

impl MatrixId {
    /// The identifier with its sigil.
    pub fn as_str(&self) -> &str {
        match self {
            MatrixId::User(id) => id.as_str(),
            MatrixId::RoomAlias(id) => id.as_str(),
            MatrixId::RoomId(id) => id.as_str(),
        }
    }

    /// The kind's name as used by `mxp batch`: `user`, `room_alias` or `room_id`.
    pub fn kind_str(&self) -> &'static str {
        match self {
            MatrixId::User(_) => "user",
            MatrixId::RoomAlias(_) => "room_alias",
            MatrixId::RoomId(_) => "room_id",
        }
    }

    /// Whether this is a room (by ID or alias), the only targets that may
    /// carry an event.
    pub fn is_room(&self) -> bool {
        !matches!(self, MatrixId::User(_))
    }

    /// The identifier without its sigil (the sigil is always one ASCII byte).
    fn without_sigil(&self) -> &str {
        self.as_str().get(1..).unwrap_or("")
    }

    /// Parses an identifier with its sigil: `@` user, `#` alias, `!` room ID.
    fn parse_with_sigil(s: &str) -> Result<MatrixId, IdError> {
        match s.as_bytes().first() {
            Some(b'@') => Ok(MatrixId::User(
                component(UserId::parse(s), "user ID")?.to_owned(),
            )),
            Some(b'#') => Ok(MatrixId::RoomAlias(
                component(RoomAliasId::parse(s), "room alias")?.to_owned(),
            )),
            Some(b'!') => Ok(MatrixId::RoomId(
                component(RoomId::parse(s), "room ID")?.to_owned(),
            )),
            Some(b'+') => Err(IdError::InvalidUri(
                "group IDs (`+`) are no longer specified",
            )),
            Some(b'$') => Err(IdError::InvalidUri("an event ID must follow a room")),
            _ => Err(IdError::InvalidUri(
                "the identifier must start with `@`, `#` or `!`",
            )),
        }
    }
}

impl std::fmt::Display for MatrixId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<OwnedUserId> for MatrixId {
    fn from(id: OwnedUserId) -> Self {
        MatrixId::User(id)
    }
}

impl From<OwnedRoomAliasId> for MatrixId {
    fn from(id: OwnedRoomAliasId) -> Self {
        MatrixId::RoomAlias(id)
    }
}

impl From<OwnedRoomId> for MatrixId {
    fn from(id: OwnedRoomId) -> Self {
        MatrixId::RoomId(id)
    }
}

impl From<&UserId> for MatrixId {
    fn from(id: &UserId) -> Self {
        MatrixId::User(id.to_owned())
    }
}

impl From<&RoomAliasId> for MatrixId {
    fn from(id: &RoomAliasId) -> Self {
        MatrixId::RoomAlias(id.to_owned())
    }
}

impl From<&RoomId> for MatrixId {
    fn from(id: &RoomId) -> Self {
        MatrixId::RoomId(id.to_owned())
    }
}

/// The `action` query parameter of a `matrix:` URI (`WF-URI-1`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum UriAction {
    /// `action=join`: join the room.
    Join,
    /// `action=chat`: open a direct chat with the user.
    Chat,
    /// An action this library does not know, kept as written (decoded).
    Other(Box<str>),
}

impl UriAction {
    /// The action's value.
    pub fn as_str(&self) -> &str {
        match self {
            UriAction::Join => "join",
            UriAction::Chat => "chat",
            UriAction::Other(s) => s,
        }
    }

    fn from_value(s: &str) -> UriAction {
        match s {
            "join" => UriAction::Join,
            "chat" => UriAction::Chat,
            other => UriAction::Other(other.into()),
        }
    }
}

impl std::fmt::Display for UriAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Characters percent-encoded in a path segment or matrix.to identifier:
/// all but RFC 3986 unreserved characters and the sub-delimiters, `:` and
/// `@` that a segment may hold. `/`, `?`, `#`, `%` and `&` are always encoded.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b':')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=');

/// Characters percent-encoded in a query value: as for segments, plus `&`,
/// `=`, `+` (read as a space by form decoders) and `#`.
const QUERY_VALUE: &AsciiSet = &SEGMENT.add(b'=').add(b'+');

fn encode_segment(s: &str) -> impl std::fmt::Display + '_ {
    utf8_percent_encode(s, SEGMENT)
}

fn encode_query_value(s: &str) -> impl std::fmt::Display + '_ {
    utf8_percent_encode(s, QUERY_VALUE)
}

/// Percent-decodes `s` to UTF-8.
fn decode(s: &str) -> Result<Cow<'_, str>, IdError> {
    percent_decode_str(s)
        .decode_utf8()
        .map_err(|_| IdError::InvalidPercentEncoding)
}

/// Wraps an error of an identifier nested in a URI with the part it is.
fn component<T>(r: Result<T, IdError>, part: &'static str) -> Result<T, IdError> {
    r.map_err(|e| IdError::InvalidUriComponent {
        part,
        reason: e.summary(),
    })
}

/// Parses an event ID given with its sigil.
fn parse_event_id(s: &str) -> Result<OwnedEventId, IdError> {
    Ok(component(EventId::parse(s), "event ID")?.to_owned())
}

/// The parameters of a query string that mxp reads.
#[derive(Default)]
struct Query {
    via: Vec<OwnedServerName>,
    action: Option<UriAction>,
}

/// Parses `via` (repeatable) and `action` (at most once) from a query
/// string; other (custom) parameters are ignored, as `WF-URI-1` lets
/// readers do.
fn parse_query(query: &str) -> Result<Query, IdError> {
    let mut out = Query::default();
    for item in query.split('&').filter(|item| !item.is_empty()) {
        let (name, value) = item.split_once('=').unwrap_or((item, ""));
        match name {
            "via" => {
                let value = decode(value)?;
                let server = component(ServerName::parse(&value), "via server name")?;
                out.via.push(server.to_owned());
            }
            "action" => {
                if out.action.is_some() {
                    return Err(IdError::InvalidUri("`action` is given more than once"));
                }
                out.action = Some(UriAction::from_value(&decode(value)?));
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Writes `?via=…&action=…` (nothing when both are absent).
fn write_query(
    f: &mut std::fmt::Formatter<'_>,
    via: &[OwnedServerName],
    action: Option<&UriAction>,
) -> std::fmt::Result {
    let mut sep = '?';
    if let Some(action) = action {
        write!(f, "{sep}action={}", encode_query_value(action.as_str()))?;
        sep = '&';
    }
    for server in via {
        write!(f, "{sep}via={}", encode_query_value(server.as_str()))?;
        sep = '&';
    }
    Ok(())
}
