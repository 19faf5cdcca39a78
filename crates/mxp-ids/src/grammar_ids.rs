//! Common namespaced identifiers (`WF-NS-1`) and opaque identifiers
//! (`WF-OPQ-1`).

use crate::IdError;
use crate::bytes::{ascii_set, byte, check_ascii_set, check_len, invalid_char, tri};
use crate::macros::id_type;

id_type!(
    /// A common namespaced identifier (`WF-NS-1`): 1–255 characters of
    /// `a-z 0-9 - _ .`, starting with `a-z`, such as `m.login.password` or
    /// `com.example.identifier`.
    ///
    /// ```
    /// use mxp_ids::NamespacedId;
    /// let id = NamespacedId::parse("m.room.member").unwrap();
    /// assert!(id.is_spec_reserved());
    /// assert!(NamespacedId::parse("1abc").is_err());
    /// ```
    NamespacedId,
    /// An owned [`NamespacedId`].
    OwnedNamespacedId,
    validate_namespaced
);

id_type!(
    /// An opaque identifier (`WF-OPQ-1`): 1–255 characters of the RFC 3986
    /// unreserved set `0-9 A-Z a-z - . _ ~`.
    ///
    /// ```
    /// use mxp_ids::OpaqueId;
    /// assert!(OpaqueId::parse("abc-DEF_1.2~3").is_ok());
    /// assert!(OpaqueId::parse("a/b").is_err());
    /// ```
    OpaqueId,
    /// An owned [`OpaqueId`].
    OwnedOpaqueId,
    validate_opaque
);

/// Maximum length of both grammars (`WF-NS-1`, `WF-OPQ-1`); ASCII only, so
/// characters and bytes agree.
pub const MAX_CHARS: usize = 255;

const NS_CHAR: [bool; 128] = ascii_set(&[(b'a', b'z'), (b'0', b'9')], b"-_.");
const OPQ_CHAR: [bool; 128] = ascii_set(&[(b'a', b'z'), (b'A', b'Z'), (b'0', b'9')], b"-._~");

pub(crate) const fn validate_namespaced(s: &str) -> Result<(), IdError> {
    let b = s.as_bytes();
    if b.is_empty() {
        return Err(IdError::Empty);
    }
    tri!(check_len(b, MAX_CHARS));
    if !byte(b, 0).is_ascii_lowercase() {
        return Err(invalid_char(b, 0));
    }
    check_ascii_set(b, 1, b.len(), &NS_CHAR)
}

pub(crate) const fn validate_opaque(s: &str) -> Result<(), IdError> {
    let b = s.as_bytes();
    if b.is_empty() {
        return Err(IdError::Empty);
    }
    tri!(check_len(b, MAX_CHARS));
    check_ascii_set(b, 0, b.len(), &OPQ_CHAR)
}

impl NamespacedId {
    /// Parses a common namespaced identifier.
    pub const fn parse(s: &str) -> Result<&NamespacedId, IdError> {
        match validate_namespaced(s) {
            Ok(()) => Ok(NamespacedId::from_validated(s)),
            Err(e) => Err(e),
        }
    }

    /// Whether the identifier uses the `m.` prefix reserved for the spec.
    pub fn is_spec_reserved(&self) -> bool {
        self.as_str().starts_with("m.")
    }
}

impl OpaqueId {
    /// Parses an opaque identifier.
    pub const fn parse(s: &str) -> Result<&OpaqueId, IdError> {
        match validate_opaque(s) {
            Ok(()) => Ok(OpaqueId::from_validated(s)),
            Err(e) => Err(e),
        }
    }
}
