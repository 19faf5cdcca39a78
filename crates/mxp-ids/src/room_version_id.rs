//! Room version identifiers (`WF-RV-1`).

use crate::IdError;
use crate::bytes::{ascii_set, check_ascii_set};
use crate::macros::id_type;

id_type!(
    /// A room version identifier: 1–32 code points of `0-9 a-z - .`
    /// (`WF-RV-1`). Opaque: no ordering, no parsing.
    ///
    /// ```
    /// use mxp_ids::RoomVersionId;
    /// assert_eq!(RoomVersionId::V12.as_str(), "12");
    /// assert!(RoomVersionId::parse("org.matrix.hydra.11").is_ok());
    /// assert!(RoomVersionId::parse("V1").is_err());
    /// ```
    RoomVersionId,
    /// An owned [`RoomVersionId`].
    OwnedRoomVersionId,
    validate
);

/// Maximum length in code points (`WF-RV-1`); every allowed character is
/// ASCII, so this is also the limit in bytes.
pub const MAX_CHARS: usize = 32;

/// `room_version_char = DIGIT / %x61-7A / "-" / "."` (`WF-RV-1`).
const RV_CHAR: [bool; 128] = ascii_set(&[(b'0', b'9'), (b'a', b'z')], b"-.");

pub(crate) const fn validate(s: &str) -> Result<(), IdError> {
    let b = s.as_bytes();
    if b.is_empty() {
        return Err(IdError::Empty);
    }
    // Characters first: a long non-ASCII string reports its first bad
    // character rather than a byte count that is not a code point count.
    match check_ascii_set(b, 0, b.len(), &RV_CHAR) {
        Ok(()) => {}
        Err(e) => return Err(e),
    }
    if b.len() > MAX_CHARS {
        return Err(IdError::TooLong {
            length: b.len(),
            max: MAX_CHARS,
        });
    }
    Ok(())
}

impl RoomVersionId {
    /// Room version 1.
    pub const V1: &'static RoomVersionId = RoomVersionId::from_validated("1");
    /// Room version 2.
    pub const V2: &'static RoomVersionId = RoomVersionId::from_validated("2");
    /// Room version 3.
    pub const V3: &'static RoomVersionId = RoomVersionId::from_validated("3");
    /// Room version 4.
    pub const V4: &'static RoomVersionId = RoomVersionId::from_validated("4");
    /// Room version 5.
    pub const V5: &'static RoomVersionId = RoomVersionId::from_validated("5");
    /// Room version 6.
    pub const V6: &'static RoomVersionId = RoomVersionId::from_validated("6");
    /// Room version 7.
    pub const V7: &'static RoomVersionId = RoomVersionId::from_validated("7");
    /// Room version 8.
    pub const V8: &'static RoomVersionId = RoomVersionId::from_validated("8");
    /// Room version 9.
    pub const V9: &'static RoomVersionId = RoomVersionId::from_validated("9");
    /// Room version 10.
    pub const V10: &'static RoomVersionId = RoomVersionId::from_validated("10");
    /// Room version 11.
    pub const V11: &'static RoomVersionId = RoomVersionId::from_validated("11");
    /// Room version 12.
    pub const V12: &'static RoomVersionId = RoomVersionId::from_validated("12");

    /// Parses a room version identifier.
    pub const fn parse(s: &str) -> Result<&RoomVersionId, IdError> {
        match validate(s) {
            Ok(()) => Ok(RoomVersionId::from_validated(s)),
            Err(e) => Err(e),
        }
    }

    /// Whether the identifier is made only of `0-9` and `.`, the shape
    /// reserved for versions the spec defines (`WF-RV-1`).
    pub fn is_spec_reserved(&self) -> bool {
        self.as_str()
            .bytes()
            .all(|c| c.is_ascii_digit() || c == b'.')
    }
}
