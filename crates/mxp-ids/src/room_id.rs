//! Room IDs (`WF-RID-*`).

use crate::bytes::{check_len, check_no_nul, check_sigil, contains, find, tri};
use crate::event_id::{is_plain_hash, validate_hash};
use crate::macros::id_type;
use crate::{EventId, EventIdFormat, IdError, OwnedEventId, ServerName};

id_type!(
    /// A room ID: `!opaque:server_name` (room versions 1–11, `WF-RID-1`) or
    /// `!` + the 43 URL-safe base64 characters of the create event's
    /// reference hash (room version 12, `WF-RID-2`).
    ///
    /// The room version cannot be told from the ID (`WF-RID-2` note):
    /// [`RoomId::parse`] accepts both forms, [`RoomId::parse_as`] only one.
    ///
    /// ```
    /// use mxp_ids::{RoomId, RoomIdFormat};
    /// let id = RoomId::parse("!abc:example.org").unwrap();
    /// assert_eq!(id.server_name().unwrap().as_str(), "example.org");
    ///
    /// let v12 = RoomId::parse("!Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ").unwrap();
    /// assert_eq!(v12.format(), RoomIdFormat::Hash);
    /// assert_eq!(
    ///     v12.create_event_id().unwrap().as_str(),
    ///     "$Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ"
    /// );
    /// ```
    RoomId,
    /// An owned [`RoomId`].
    OwnedRoomId,
    validate
);

/// Maximum length of a room ID in bytes (`WF-RID-1`).
pub const MAX_BYTES: usize = 255;

/// Which of the two room ID forms an ID has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RoomIdFormat {
    /// `!opaque:server_name` (room versions 1–11, `WF-RID-1`).
    Opaque,
    /// `!` + the create event's URL-safe base64 reference hash (room version
    /// 12, `WF-RID-2`).
    Hash,
}

impl RoomIdFormat {
    /// A short description of the form, for messages.
    pub const fn description(self) -> &'static str {
        match self {
            RoomIdFormat::Opaque => "opaque `!localpart:server_name`",
            RoomIdFormat::Hash => "create event hash",
        }
    }
}

pub(crate) const fn validate(s: &str) -> Result<(), IdError> {
    let b = s.as_bytes();
    if is_plain_hash(b, b'!', false) {
        return Ok(());
    }
    tri!(check_sigil(b, b'!'));
    tri!(check_len(b, MAX_BYTES));
    match find(b, 1, b.len(), b':') {
        // WF-RID-1: any code point but `:` and NUL, possibly empty.
        Some(colon) => {
            tri!(check_no_nul(b, 1, colon));
            crate::server_name::validate_range(b, colon + 1, b.len())
        }
        // WF-RID-2: URL-safe alphabet only.
        None => validate_hash(b, 1, b.len(), false),
    }
}

impl RoomId {
    /// Parses a room ID of either form.
    pub const fn parse(s: &str) -> Result<&RoomId, IdError> {
        match validate(s) {
            Ok(()) => Ok(RoomId::from_validated(s)),
            Err(e) => Err(e),
        }
    }

    /// Parses a room ID that must have the given form, e.g. the form of the
    /// room version the room has (P1-07: a room ID without a server name is
    /// invalid in a version 11 room).
    pub const fn parse_as(s: &str, format: RoomIdFormat) -> Result<&RoomId, IdError> {
        let id = match RoomId::parse(s) {
            Ok(id) => id,
            Err(e) => return Err(e),
        };
        let found = id.format();
        if found as u8 == format as u8 {
            Ok(id)
        } else {
            Err(IdError::WrongFormat {
                expected: format.description(),
                found: found.description(),
            })
        }
    }

    /// Which form this ID has.
    pub const fn format(&self) -> RoomIdFormat {
        if self.is_hash_form() {
            RoomIdFormat::Hash
        } else {
            RoomIdFormat::Opaque
        }
    }

    /// Whether this is a room version 12 hash-form room ID.
    #[inline]
    pub const fn is_hash_form(&self) -> bool {
        let b = self.as_str().as_bytes();
        !contains(b, 1, b.len(), b':')
    }

    fn opaque_parts(&self) -> Option<(&str, &str)> {
        self.as_str().get(1..)?.split_once(':')
    }

    /// The opaque localpart of a `!opaque:server_name` ID; `None` for the hash form.
    pub fn localpart(&self) -> Option<&str> {
        self.opaque_parts().map(|(local, _)| local)
    }

    /// The server name of a `!opaque:server_name` ID; `None` for the hash
    /// form, whose rooms are routed by the create event's `sender` instead.
    pub fn server_name(&self) -> Option<&ServerName> {
        self.opaque_parts()
            .map(|(_, server)| ServerName::from_validated(server))
    }

    /// The 43 base64 characters of a hash-form ID.
    #[inline]
    pub fn hash(&self) -> Option<&str> {
        if self.is_hash_form() {
            self.as_str().get(1..)
        } else {
            None
        }
    }

    /// The ID of the create event of a room version 12 room: `!` replaced by
    /// `$` (`WF-RID-2`). `None` for the opaque form.
    pub fn create_event_id(&self) -> Option<OwnedEventId> {
        self.hash()
            .map(|h| OwnedEventId::from_validated_owned(format!("${h}")))
    }
}

impl EventId {
    /// The room version 12 room ID of the room this create event's ID
    /// creates: `$` replaced by `!` (`WF-RID-2`). `None` unless this is a
    /// hash-form ID valid in the URL-safe alphabet.
    ///
    /// ```
    /// use mxp_ids::EventId;
    /// let create = EventId::parse("$Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ").unwrap();
    /// assert_eq!(
    ///     create.to_room_id().unwrap().as_str(),
    ///     "!Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ"
    /// );
    /// ```
    pub fn to_room_id(&self) -> Option<OwnedRoomId> {
        if self.matches_format(EventIdFormat::UrlSafeHash) {
            self.hash()
                .map(|h| OwnedRoomId::from_validated_owned(format!("!{h}")))
        } else {
            None
        }
    }
}
