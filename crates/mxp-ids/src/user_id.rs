//! User IDs (`WF-UID-*`).

use crate::macros::id_type;
use crate::{IdError, ServerName};

id_type!(
    /// A user ID, `@localpart:server_name`.
    ///
    /// Parsing is lenient by default (historical localparts, `WF-UID-3`), as
    /// IDs received in events must be; [`UserId::parse_strict`] applies the
    /// current grammar (`WF-UID-1`) for IDs a server creates.
    ///
    /// ```
    /// use mxp_ids::UserId;
    /// let id = UserId::parse("@Alice:example.org").unwrap();
    /// assert!(id.is_historical());
    /// assert!(UserId::parse_strict("@Alice:example.org").is_err());
    /// ```
    UserId,
    /// An owned [`UserId`].
    OwnedUserId,
    validate_lenient
);

/// Maximum length of a user ID in bytes (`WF-UID-2`).
pub const MAX_BYTES: usize = 255;

fn split(s: &str) -> Result<(&str, &str), IdError> {
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
        .strip_prefix('@')
        .ok_or(IdError::MissingSigil { expected: '@' })?;
    let colon = rest.find(':').ok_or(IdError::MissingColon)?;
    Ok((&rest[..colon], &rest[colon + 1..]))
}

pub(crate) fn validate_lenient(s: &str) -> Result<(), IdError> {
    let (local, server) = split(s)?;
    if let Some((i, c)) = local.char_indices().find(|&(_, c)| c == '\0') {
        return Err(IdError::InvalidCharacter {
            character: c,
            position: i + 1,
        });
    }
    crate::server_name::validate(server)
}

pub(crate) fn validate_strict(s: &str) -> Result<(), IdError> {
    let (local, server) = split(s)?;
    if local.is_empty() {
        return Err(IdError::EmptyLocalpart);
    }
    if let Some((i, c)) = local.char_indices().find(|&(_, c)| !is_strict_char(c)) {
        return Err(IdError::InvalidCharacter {
            character: c,
            position: i + 1,
        });
    }
    crate::server_name::validate(server)
}

fn is_strict_char(c: char) -> bool {
    matches!(c, 'a'..='z' | '0'..='9' | '-' | '.' | '=' | '_' | '/' | '+')
}

impl UserId {
    /// Parses a user ID leniently, accepting historical localparts (`WF-UID-3`).
    pub fn parse(s: &str) -> Result<&UserId, IdError> {
        s.try_into()
    }

    /// Parses a user ID with the current grammar (`WF-UID-1`).
    pub fn parse_strict(s: &str) -> Result<&UserId, IdError> {
        validate_strict(s)?;
        Ok(UserId::from_validated(s))
    }

    /// The localpart, between `@` and the first `:`.
    pub fn localpart(&self) -> &str {
        let s = &self.as_str()[1..];
        s.find(':').map_or(s, |i| &s[..i])
    }

    /// The server name, after the first `:`.
    pub fn server_name(&self) -> &ServerName {
        let s = self.as_str();
        let i = s.find(':').map_or(s.len(), |i| i + 1);
        ServerName::from_validated(&s[i..])
    }

    /// Whether the localpart is outside the current grammar (`WF-UID-1`).
    pub fn is_historical(&self) -> bool {
        let local = self.localpart();
        local.is_empty() || !local.chars().all(is_strict_char)
    }
}
