//! Device IDs (`WF-DEV-1`).

use crate::IdError;
use crate::macros::id_type;

id_type!(
    /// A device ID: a non-empty opaque string of the OAuth 2.0 scope-token
    /// characters (printable ASCII except space, `"` and `\`), at most 255 bytes.
    ///
    /// ```
    /// use mxp_ids::DeviceId;
    /// assert!(DeviceId::parse("ABCDEFGHIJ").is_ok());
    /// assert!(DeviceId::parse("has space").is_err());
    /// ```
    DeviceId,
    /// An owned [`DeviceId`].
    OwnedDeviceId,
    validate
);

pub(crate) fn validate(s: &str) -> Result<(), IdError> {
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    if s.len() > 255 {
        return Err(IdError::TooLong {
            length: s.len(),
            max: 255,
        });
    }
    if let Some((i, c)) = s
        .char_indices()
        .find(|&(_, c)| !matches!(c, '\x21' | '\x23'..='\x5b' | '\x5d'..='\x7e'))
    {
        return Err(IdError::InvalidCharacter {
            character: c,
            position: i,
        });
    }
    Ok(())
}

impl DeviceId {
    /// Parses a device ID.
    pub fn parse(s: &str) -> Result<&DeviceId, IdError> {
        s.try_into()
    }
}
