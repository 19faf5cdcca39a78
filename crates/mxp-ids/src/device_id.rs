//! Device IDs (`WF-DEV-1`).

use crate::IdError;
use crate::bytes::{ascii_set, check_ascii_set, check_len, tri};
use crate::macros::id_type;

id_type!(
    /// A device ID: a non-empty string of the characters `WF-DEV-1` requires
    /// (those of OAuth 2.0 scope tokens: printable ASCII except space, `"`
    /// and `\`), at most 255 bytes.
    ///
    /// The spec gives device IDs no length limit; 255 bytes is mxp's bound,
    /// the limit of the other identifiers.
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

/// Maximum length of a device ID in bytes (mxp's bound).
pub const MAX_BYTES: usize = 255;

/// `%x21 / %x23-5B / %x5D-7E` (`WF-DEV-1`).
const SCOPE_CHAR: [bool; 128] = ascii_set(&[(0x23, 0x5b), (0x5d, 0x7e)], &[0x21]);

/// RFC 3986 unreserved characters.
const UNRESERVED: [bool; 128] = ascii_set(&[(b'A', b'Z'), (b'a', b'z'), (b'0', b'9')], b"-._~");

pub(crate) const fn validate(s: &str) -> Result<(), IdError> {
    let b = s.as_bytes();
    if b.is_empty() {
        return Err(IdError::Empty);
    }
    tri!(check_len(b, MAX_BYTES));
    check_ascii_set(b, 0, b.len(), &SCOPE_CHAR)
}

impl DeviceId {
    /// Parses a device ID.
    pub const fn parse(s: &str) -> Result<&DeviceId, IdError> {
        match validate(s) {
            Ok(()) => Ok(DeviceId::from_validated(s)),
            Err(e) => Err(e),
        }
    }

    /// Whether the ID uses only the RFC 3986 unreserved characters
    /// (`A-Z a-z 0-9 - . _ ~`) that `WF-DEV-1` recommends for new IDs.
    pub fn is_unreserved(&self) -> bool {
        check_ascii_set(self.as_str().as_bytes(), 0, self.len(), &UNRESERVED).is_ok()
    }
}
