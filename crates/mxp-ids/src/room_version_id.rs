//! Room version identifiers (`WF-RV-1`).

use crate::IdError;
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

/// Maximum length in code points (`WF-RV-1`).
pub const MAX_CHARS: usize = 32;

pub(crate) fn validate(s: &str) -> Result<(), IdError> {
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    let chars = s.chars().count();
    if chars > MAX_CHARS {
        return Err(IdError::TooLong {
            length: chars,
            max: MAX_CHARS,
        });
    }
    if let Some((i, c)) = s
        .char_indices()
        .find(|&(_, c)| !matches!(c, '0'..='9' | 'a'..='z' | '-' | '.'))
    {
        return Err(IdError::InvalidCharacter {
            character: c,
            position: i,
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
    pub fn parse(s: &str) -> Result<&RoomVersionId, IdError> {
        s.try_into()
    }
}
