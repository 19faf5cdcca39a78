//! `matrix:` URIs (`WF-URI-1`).

use super::{
    MatrixId, UriAction, component, decode, encode_segment, parse_event_id, parse_query,
    write_query,
};
use crate::{EventId, IdError, OwnedEventId, OwnedServerName, RoomAliasId, RoomId, UserId};

/// A `matrix:` URI (`WF-URI-1`): a user, room alias or room ID, optionally an
/// event in the room, `via` servers and an `action`.
///
/// Parsing reads the legacy types `user`, `room` and `event` as `u`, `r` and
/// `e`; building writes only the current ones. The authority and fragment
/// (reserved, unused) and custom query parameters are ignored when reading.
/// Identifiers must be valid: the spec's example `…/e/event` uses `event` as
/// a placeholder, and `$event` is not a valid event ID (`WF-EID-*`).
///
/// ```
/// use mxp_ids::{MatrixId, MatrixUri, RoomId, ServerName, UriAction};
///
/// let uri = MatrixUri::parse("matrix:roomid/somewhere:example.org/e/event:example.org?via=elsewhere.ca")
///     .unwrap();
/// assert_eq!(uri.id().as_str(), "!somewhere:example.org");
/// assert_eq!(uri.event_id().unwrap().as_str(), "$event:example.org");
/// assert_eq!(uri.via()[0].as_str(), "elsewhere.ca");
///
/// let room = RoomId::parse("!Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ").unwrap();
/// let built = MatrixUri::new(room)
///     .with_via([ServerName::parse("example.org").unwrap().to_owned()])
///     .with_action(UriAction::Join);
/// assert_eq!(
///     built.to_string(),
///     "matrix:roomid/Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ?action=join&via=example.org"
/// );
/// assert_eq!(MatrixUri::parse(&built.to_string()).unwrap(), built);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MatrixUri {
    id: MatrixId,
    event_id: Option<OwnedEventId>,
    via: Vec<OwnedServerName>,
    action: Option<UriAction>,
}

const SCHEME: &str = "matrix:";

impl MatrixUri {
    /// A URI pointing to `id`, with no event, `via` or action.
    pub fn new(id: impl Into<MatrixId>) -> MatrixUri {
        MatrixUri {
            id: id.into(),
            event_id: None,
            via: Vec::new(),
            action: None,
        }
    }

    /// Assembles a URI from parts already checked (only rooms carry events).
    pub(super) fn from_parts(
        id: MatrixId,
        event_id: Option<OwnedEventId>,
        via: Vec<OwnedServerName>,
        action: Option<UriAction>,
    ) -> MatrixUri {
        MatrixUri {
            id,
            event_id,
            via,
            action,
        }
    }

    /// Points the URI at an event in the room. Fails for a user. (An event
    /// after a room alias is deprecated since spec v1.11 but still valid.)
    pub fn with_event_id(mut self, event_id: OwnedEventId) -> Result<MatrixUri, IdError> {
        if !self.id.is_room() {
            return Err(IdError::InvalidUri("only a room can carry an event"));
        }
        self.event_id = Some(event_id);
        Ok(self)
    }

    /// Adds `via` servers (`WF-URI-3`).
    pub fn with_via(mut self, via: impl IntoIterator<Item = OwnedServerName>) -> MatrixUri {
        self.via.extend(via);
        self
    }

    /// Sets the action.
    pub fn with_action(mut self, action: UriAction) -> MatrixUri {
        self.action = Some(action);
        self
    }

    /// What the URI points to.
    pub fn id(&self) -> &MatrixId {
        &self.id
    }

    /// The event in the room, if any.
    pub fn event_id(&self) -> Option<&EventId> {
        self.event_id.as_deref()
    }

    /// The `via` servers, in order.
    pub fn via(&self) -> &[OwnedServerName] {
        &self.via
    }

    /// The action, if any.
    pub fn action(&self) -> Option<&UriAction> {
        self.action.as_ref()
    }

    /// Parses a `matrix:` URI.
    pub fn parse(s: &str) -> Result<MatrixUri, IdError> {
        let rest = s.strip_prefix(SCHEME).ok_or(IdError::InvalidUri(
            "a matrix URI must start with `matrix:`",
        ))?;
        // The fragment is reserved and unused.
        let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        // The authority (`//authority/`) is reserved and unused.
        let path = match path.strip_prefix("//") {
            Some(after) => after
                .split_once('/')
                .map(|(_, p)| p)
                .ok_or(IdError::InvalidUri("no path after the authority"))?,
            None => path,
        };
        let mut segments = path.split('/');
        let kind = segments.next().unwrap_or("");
        let id_part = segments.next().ok_or(IdError::InvalidUri(
            "a type must be followed by `/` and an identifier",
        ))?;
        let id_text = decode(id_part)?;
        let id = match kind {
            "u" | "user" => MatrixId::User(
                component(UserId::parse(&format!("@{id_text}")), "user ID")?.to_owned(),
            ),
            "r" | "room" => MatrixId::RoomAlias(
                component(RoomAliasId::parse(&format!("#{id_text}")), "room alias")?.to_owned(),
            ),
            "roomid" => MatrixId::RoomId(
                component(RoomId::parse(&format!("!{id_text}")), "room ID")?.to_owned(),
            ),
            "" => return Err(IdError::InvalidUri("the URI has no type")),
            _ => {
                return Err(IdError::InvalidUri(
                    "unknown type: expected `u`, `r` or `roomid`",
                ));
            }
        };
        let event_id = match segments.next() {
            None => None,
            Some("e" | "event") => {
                if !id.is_room() {
                    return Err(IdError::InvalidUri("only a room can carry an event"));
                }
                let event = segments.next().ok_or(IdError::InvalidUri(
                    "`e` must be followed by `/` and an event ID",
                ))?;
                Some(parse_event_id(&format!("${}", decode(event)?))?)
            }
            Some(_) => return Err(IdError::InvalidUri("unknown type after the identifier")),
        };
        if segments.next().is_some() {
            return Err(IdError::InvalidUri("too many path segments"));
        }
        let query = parse_query(query)?;
        Ok(MatrixUri {
            id,
            event_id,
            via: query.via,
            action: query.action,
        })
    }
}

impl std::fmt::Display for MatrixUri {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.id {
            MatrixId::User(_) => "u",
            MatrixId::RoomAlias(_) => "r",
            MatrixId::RoomId(_) => "roomid",
        };
        write!(
            f,
            "{SCHEME}{kind}/{}",
            encode_segment(self.id.without_sigil())
        )?;
        if let Some(event) = &self.event_id {
            write!(
                f,
                "/e/{}",
                encode_segment(event.as_str().get(1..).unwrap_or(""))
            )?;
        }
        write_query(f, &self.via, self.action.as_ref())
    }
}

impl std::str::FromStr for MatrixUri {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        MatrixUri::parse(s)
    }
}

impl TryFrom<&str> for MatrixUri {
    type Error = IdError;
    fn try_from(s: &str) -> Result<Self, IdError> {
        MatrixUri::parse(s)
    }
}

impl serde::Serialize for MatrixUri {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for MatrixUri {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        MatrixUri::parse(&s).map_err(serde::de::Error::custom)
    }
}
