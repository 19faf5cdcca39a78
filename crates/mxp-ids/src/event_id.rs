//! Event IDs (`WF-EID-*`).

use crate::macros::id_type;
use crate::{IdError, ServerName};

id_type!(
    /// An event ID: `$opaque:server_name` (room versions 1–2), `$` + 43
    /// standard base64 characters (v3) or `$` + 43 URL-safe base64 characters
    /// (v4+).
    ///
    /// ```
    /// use mxp_ids::{EventId, EventIdFormat};
    /// let id = EventId::parse("$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg").unwrap();
    /// assert_eq!(id.format(), EventIdFormat::UrlSafeHash);
    /// ```
    EventId,
    /// An owned [`EventId`].
    OwnedEventId,
    validate
);

/// Maximum length of an event ID in bytes (`WF-EID-5`).
pub const MAX_BYTES: usize = 255;

/// Which of the three event ID forms an ID has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EventIdFormat {
    /// `$opaque:server_name` (room versions 1–2, `WF-EID-1`).
    Opaque,
    /// Standard base64 hash (room version 3, `WF-EID-2`). IDs made only of
    /// characters common to both alphabets report as [`Self::UrlSafeHash`]
    /// unless they contain `+` or `/`.
    StandardHash,
    /// URL-safe base64 hash (room versions 4+, `WF-EID-3`).
    UrlSafeHash,
}

/// Validates 43 unpadded base64 characters of a SHA-256 hash.
pub(crate) fn validate_hash(h: &str, url_safe_only: bool, offset: usize) -> Result<(), IdError> {
    if h.len() != 43 {
        return Err(IdError::InvalidHash("expected 43 base64 characters"));
    }
    if let Some((i, c)) = h.char_indices().find(|&(_, c)| {
        !(c.is_ascii_alphanumeric()
            || matches!(c, '-' | '_')
            || (!url_safe_only && matches!(c, '+' | '/')))
    }) {
        return Err(IdError::InvalidCharacter {
            character: c,
            position: i + offset,
        });
    }
    Ok(())
}

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
        .strip_prefix('$')
        .ok_or(IdError::MissingSigil { expected: '$' })?;
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
        None => {
            let mixed = rest.contains(['+', '/']) && rest.contains(['-', '_']);
            if mixed {
                return Err(IdError::InvalidHash(
                    "mixes standard and URL-safe base64 alphabets",
                ));
            }
            validate_hash(rest, false, 1)
        }
    }
}

impl EventId {
    /// Parses an event ID of any form.
    pub fn parse(s: &str) -> Result<&EventId, IdError> {
        s.try_into()
    }

    /// Which form this ID has.
    pub fn format(&self) -> EventIdFormat {
        let s = self.as_str();
        if s.contains(':') {
            EventIdFormat::Opaque
        } else if s.contains(['+', '/']) {
            EventIdFormat::StandardHash
        } else {
            EventIdFormat::UrlSafeHash
        }
    }

    /// The opaque localpart of a `$opaque:server` ID.
    pub fn localpart(&self) -> Option<&str> {
        let s = &self.as_str()[1..];
        s.find(':').map(|i| &s[..i])
    }

    /// The server name of a `$opaque:server` ID; `None` for hash forms.
    pub fn server_name(&self) -> Option<&ServerName> {
        let s = self.as_str();
        s.find(':').map(|i| ServerName::from_validated(&s[i + 1..]))
    }

    /// The 43 base64 characters after `$` of a hash-form ID.
    pub fn hash(&self) -> Option<&str> {
        (!self.as_str().contains(':')).then(|| &self.as_str()[1..])
    }
}
