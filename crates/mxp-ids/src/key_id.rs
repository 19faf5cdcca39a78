//! Key identifiers (`WF-KEY-*`).

use crate::IdError;
use crate::bytes::{ascii_set, check_ascii_set, check_len, find, tri};
use crate::macros::id_type;

id_type!(
    /// A key identifier, `algorithm:version` (`WF-KEY-1`).
    ///
    /// [`KeyId::parse`] is lenient, for key IDs received from others: a
    /// non-empty algorithm before the first `:` (`WF-KEY-5`) and a non-empty
    /// version, whatever their characters, because real servers have
    /// published versions such as `i+b2` or ` a_FOWS` (P1-05).
    /// [`KeyId::parse_strict`] applies the server key grammar (`WF-KEY-2`),
    /// for key IDs a server creates.
    ///
    /// ```
    /// use mxp_ids::{KeyId, SigningKeyAlgorithm};
    /// let id = KeyId::parse("ed25519:abc123").unwrap();
    /// assert_eq!(id.algorithm(), SigningKeyAlgorithm::Ed25519);
    /// assert_eq!(id.version(), "abc123");
    /// assert!(KeyId::parse("ed25519:i+b2").is_ok());
    /// assert!(KeyId::parse_strict("ed25519:i+b2").is_err());
    /// ```
    KeyId,
    /// An owned [`KeyId`].
    OwnedKeyId,
    validate
);

/// Maximum length of a key ID in bytes (mxp's bound; the spec sets none).
pub const MAX_BYTES: usize = 255;

/// The algorithm part of a key ID. Unknown algorithms are kept, not rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum SigningKeyAlgorithm<'a> {
    /// `ed25519`, the only signing algorithm the spec defines.
    Ed25519,
    /// Any other algorithm name.
    Other(&'a str),
}

impl<'a> SigningKeyAlgorithm<'a> {
    /// The algorithm's name.
    pub const fn as_str(&self) -> &'a str {
        match self {
            SigningKeyAlgorithm::Ed25519 => "ed25519",
            SigningKeyAlgorithm::Other(s) => s,
        }
    }
}

/// Server key versions: `[a-zA-Z0-9_]` (`WF-KEY-2`).
const VERSION_CHAR: [bool; 128] = ascii_set(&[(b'a', b'z'), (b'A', b'Z'), (b'0', b'9')], b"_");

/// Algorithm names in the spec (`ed25519`, `curve25519`,
/// `signed_curve25519`): `[a-z0-9_]`; mxp's strict rule.
const ALGORITHM_CHAR: [bool; 128] = ascii_set(&[(b'a', b'z'), (b'0', b'9')], b"_");

/// Checks the shape and returns the index of the first `:`.
const fn split(b: &[u8]) -> Result<usize, IdError> {
    if b.is_empty() {
        return Err(IdError::Empty);
    }
    tri!(check_len(b, MAX_BYTES));
    let colon = match find(b, 0, b.len(), b':') {
        Some(colon) => colon,
        None => return Err(IdError::InvalidKeyId),
    };
    if colon == 0 {
        return Err(IdError::EmptyKeyAlgorithm);
    }
    if colon + 1 == b.len() {
        return Err(IdError::EmptyKeyVersion);
    }
    Ok(colon)
}

pub(crate) const fn validate(s: &str) -> Result<(), IdError> {
    match split(s.as_bytes()) {
        Ok(_) => Ok(()),
        Err(e) => Err(e),
    }
}

pub(crate) const fn validate_strict(s: &str) -> Result<(), IdError> {
    let b = s.as_bytes();
    let colon = tri!(split(b));
    tri!(check_ascii_set(b, 0, colon, &ALGORITHM_CHAR));
    check_ascii_set(b, colon + 1, b.len(), &VERSION_CHAR)
}

impl KeyId {
    /// The key ID of a policy server's key in `m.room.policy` (`WF-KEY-3`).
    pub const POLICY_SERVER: &'static KeyId = KeyId::from_validated("ed25519:policy_server");

    /// Parses a key ID leniently (`WF-KEY-1`, `WF-KEY-5`).
    pub const fn parse(s: &str) -> Result<&KeyId, IdError> {
        match validate(s) {
            Ok(()) => Ok(KeyId::from_validated(s)),
            Err(e) => Err(e),
        }
    }

    /// Parses a key ID with the server key grammar (`WF-KEY-2`): version of
    /// `[a-zA-Z0-9_]`, and (mxp's rule, matching every algorithm the spec
    /// names) algorithm of `[a-z0-9_]`.
    pub const fn parse_strict(s: &str) -> Result<&KeyId, IdError> {
        match validate_strict(s) {
            Ok(()) => Ok(KeyId::from_validated(s)),
            Err(e) => Err(e),
        }
    }

    fn parts(&self) -> (&str, &str) {
        self.as_str().split_once(':').unwrap_or((self.as_str(), ""))
    }

    /// The algorithm, the part before the first `:` (`WF-KEY-5`).
    pub fn algorithm(&self) -> SigningKeyAlgorithm<'_> {
        match self.algorithm_str() {
            "ed25519" => SigningKeyAlgorithm::Ed25519,
            other => SigningKeyAlgorithm::Other(other),
        }
    }

    /// The algorithm as written.
    pub fn algorithm_str(&self) -> &str {
        self.parts().0
    }

    /// The key version, the part after the first `:` (it may itself hold
    /// `:`, as device IDs in `ed25519:<device_id>` may).
    pub fn version(&self) -> &str {
        self.parts().1
    }
}
