//! Room IDs (`WF-RID-*`).

use crate::macros::id_type;
use crate::{EventId, IdError, ServerName};

id_type!(
    /// A room ID: `!opaque:server_name` (room versions 1–11) or `!` + 43
    /// URL-safe base64 characters (room version 12, `WF-RID-2`).
    ///
    /// ```
    /// use mxp_ids::RoomId;
    /// let id = RoomId::parse("!abc:example.org").unwrap();
    /// assert_eq!(id.server_name().unwrap().as_str(), "example.org");
    /// ```
    RoomId,
    /// An owned [`RoomId`].
    OwnedRoomId,
    validate
);

/// Maximum length of a room ID in bytes (`WF-RID-1`).
pub const MAX_BYTES: usize = 255;

pub(crate) fn validate(s: &str) -> Result<(), IdError> {
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    if s.len() > MAX_BYTES {
        return Err(IdError::TooLong {
            length: s.len(),
            max: MAX_BYTES,
        });
    }
    let rest = s
        .strip_prefix('!')
        .ok_or(IdError::MissingSigil { expected: '!' })?;
    match rest.find(':') {
        Some(colon) => {
            if let Some((i, c)) = rest[..colon].char_indices().find(|&(_, c)| c == '\0') {
                return Err(IdError::InvalidCharacter {
                    character: c,
                    position: i + 1,
                });
            }
            crate::server_name::validate(&rest[colon + 1..])
        }
        None => crate::event_id::validate_hash(rest, true, 1),
    }
}

impl RoomId {
    /// Parses a room ID of either form.
    pub fn parse(s: &str) -> Result<&RoomId, IdError> {
        s.try_into()
    }

    /// Whether this is a room version 12 hash-form room ID.
    pub fn is_hash_form(&self) -> bool {
        !self.as_str().contains(':')
    }

    /// The opaque localpart of a `!opaque:server` ID.
    pub fn localpart(&self) -> Option<&str> {
        let s = &self.as_str()[1..];
        s.find(':').map(|i| &s[..i])
    }

    /// The server name of a `!opaque:server` ID; `None` for the hash form.
    pub fn server_name(&self) -> Option<&ServerName> {
        let s = self.as_str();
        s.find(':').map(|i| ServerName::from_validated(&s[i + 1..]))
    }

    /// The 43 base64 characters of a hash-form ID.
    pub fn hash(&self) -> Option<&str> {
        self.is_hash_form().then(|| &self.as_str()[1..])
    }

    /// The ID of the create event of a room version 12 room (`!` → `$`).
    pub fn create_event_id(&self) -> Option<crate::OwnedEventId> {
        self.hash()
            .map(|h| EventId::from_validated(&format!("${h}")).to_owned())
    }
}

impl crate::EventId {
    /// The room version 12 room ID of the room this create event's ID creates
    /// (`$` → `!`); `None` unless this is a URL-safe hash-form event ID.
    pub fn to_room_id(&self) -> Option<OwnedRoomId> {
        match self.format() {
            crate::EventIdFormat::UrlSafeHash => {
                Some(RoomId::from_validated(&format!("!{}", &self.as_str()[1..])).to_owned())
            }
            _ => None,
        }
    }
}
