//! matrix.to links (`WF-URI-2`).

use super::{MatrixId, decode, encode_segment, parse_event_id, parse_query, write_query};
use crate::{EventId, IdError, MatrixUri, OwnedEventId, OwnedServerName};

/// A matrix.to link (`WF-URI-2`):
/// `https://matrix.to/#/<identifier>[/<event ID>][?via=…]`.
///
/// Built links percent-encode the identifier and event ID (RFC 3986); parsed
/// links may be encoded or not, and may carry extra `/` from unencoded v3
/// event IDs. Query arguments other than `via` are ignored.
///
/// ```
/// use mxp_ids::{MatrixToUri, MatrixId};
/// let link = MatrixToUri::parse("https://matrix.to/#/%23somewhere%3Aexample.org").unwrap();
/// assert!(matches!(link.id(), MatrixId::RoomAlias(_)));
/// assert_eq!(link.to_string(), "https://matrix.to/#/%23somewhere:example.org");
///
/// let permalink = MatrixToUri::parse(
///     "https://matrix.to/#/!somewhere:example.org/$event:example.org?via=elsewhere.ca",
/// )
/// .unwrap();
/// assert_eq!(permalink.event_id().unwrap().as_str(), "$event:example.org");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MatrixToUri {
    id: MatrixId,
    event_id: Option<OwnedEventId>,
    via: Vec<OwnedServerName>,
}

const PREFIX: &str = "https://matrix.to/#/";

impl MatrixToUri {
    /// A link to `id`, with no event and no `via`.
    pub fn new(id: impl Into<MatrixId>) -> MatrixToUri {
        MatrixToUri {
            id: id.into(),
            event_id: None,
            via: Vec::new(),
        }
    }

    /// Points the link at an event in the room (a permalink). Fails for a user.
    pub fn with_event_id(mut self, event_id: OwnedEventId) -> Result<MatrixToUri, IdError> {
        if !self.id.is_room() {
            return Err(IdError::InvalidUri("only a room can carry an event"));
        }
        self.event_id = Some(event_id);
        Ok(self)
    }

    /// Adds `via` servers (`WF-URI-3`).
    pub fn with_via(mut self, via: impl IntoIterator<Item = OwnedServerName>) -> MatrixToUri {
        self.via.extend(via);
        self
    }

    /// What the link points to.
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

    /// Parses a matrix.to link.
    pub fn parse(s: &str) -> Result<MatrixToUri, IdError> {
        let rest = s.strip_prefix(PREFIX).ok_or(IdError::InvalidUri(
            "a matrix.to link must start with `https://matrix.to/#/`",
        ))?;
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        // No valid identifier ends with `/`; tolerate extra ones.
        let path = path.trim_end_matches('/');
        // The event starts at the first `/` followed by its sigil, encoded
        // or not; an unencoded v3 event ID may itself hold `/`.
        let split = path.match_indices('/').find_map(|(i, _)| {
            let after = path.get(i + 1..)?;
            (after.starts_with('$') || after.starts_with("%24")).then_some(i)
        });
        let (id_part, event_part) = match split {
            Some(i) => (path.get(..i).unwrap_or(""), path.get(i + 1..)),
            None => (path, None),
        };
        let id = MatrixId::parse_with_sigil(&decode(id_part)?)?;
        let event_id = match event_part {
            Some(event) => {
                if !id.is_room() {
                    return Err(IdError::InvalidUri("only a room can carry an event"));
                }
                Some(parse_event_id(&decode(event)?)?)
            }
            None => None,
        };
        let query = parse_query(query)?;
        Ok(MatrixToUri {
            id,
            event_id,
            via: query.via,
        })
    }
}

impl std::fmt::Display for MatrixToUri {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{PREFIX}{}", encode_segment(self.id.as_str()))?;
        if let Some(event) = &self.event_id {
            write!(f, "/{}", encode_segment(event.as_str()))?;
        }
        write_query(f, &self.via, None)
    }
}

impl From<MatrixToUri> for MatrixUri {
    fn from(link: MatrixToUri) -> MatrixUri {
        MatrixUri::from_parts(link.id, link.event_id, link.via, None)
    }
}

impl From<&MatrixUri> for MatrixToUri {
    /// The matrix.to link of a `matrix:` URI; the action has no matrix.to form
    /// and is dropped.
    fn from(uri: &MatrixUri) -> MatrixToUri {
        MatrixToUri {
            id: uri.id().clone(),
            event_id: uri.event_id().map(ToOwned::to_owned),
            via: uri.via().to_vec(),
        }
    }
}

impl std::str::FromStr for MatrixToUri {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        MatrixToUri::parse(s)
    }
}

impl TryFrom<&str> for MatrixToUri {
    type Error = IdError;
    fn try_from(s: &str) -> Result<Self, IdError> {
        MatrixToUri::parse(s)
    }
}

impl serde::Serialize for MatrixToUri {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for MatrixToUri {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        MatrixToUri::parse(&s).map_err(serde::de::Error::custom)
    }
}
