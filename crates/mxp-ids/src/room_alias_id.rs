//! Room aliases (`WF-ALIAS-1`).

use crate::macros::id_type;
use crate::{IdError, ServerName};

id_type!(
    /// A room alias, `#localpart:server_name`.
    ///
    /// ```
    /// use mxp_ids::RoomAliasId;
    /// let alias = RoomAliasId::parse("#room:example.org").unwrap();
    /// assert_eq!(alias.alias(), "room");
    /// ```
    RoomAliasId,
    /// An owned [`RoomAliasId`].
    OwnedRoomAliasId,
    validate
);

/// Maximum length of a room alias in bytes (`WF-ALIAS-1`).
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
        .strip_prefix('#')
        .ok_or(IdError::MissingSigil { expected: '#' })?;
    let colon = rest.find(':').ok_or(IdError::MissingColon)?;
    if let Some((i, c)) = rest[..colon].char_indices().find(|&(_, c)| c == '\0') {
        return Err(IdError::InvalidCharacter {
            character: c,
            position: i + 1,
        });
    }
    crate::server_name::validate(&rest[colon + 1..])
}

impl RoomAliasId {
    /// Parses a room alias.
    pub fn parse(s: &str) -> Result<&RoomAliasId, IdError> {
        s.try_into()
    }

    /// The localpart, between `#` and the first `:`.
    pub fn alias(&self) -> &str {
        let s = &self.as_str()[1..];
        s.find(':').map_or(s, |i| &s[..i])
    }

    /// The server name, after the first `:`.
    pub fn server_name(&self) -> &ServerName {
        let s = self.as_str();
        let i = s.find(':').map_or(s.len(), |i| i + 1);
        ServerName::from_validated(&s[i..])
    }
}
