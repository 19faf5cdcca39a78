//! Key identifiers (`WF-KEY-*`).

use crate::IdError;
use crate::macros::id_type;

id_type!(
    /// A signing key identifier, `algorithm:version` (`WF-KEY-1`).
    ///
    /// ```
    /// use mxp_ids::{KeyId, SigningKeyAlgorithm};
    /// let id = KeyId::parse("ed25519:abc123").unwrap();
    /// assert_eq!(id.algorithm(), SigningKeyAlgorithm::Ed25519);
    /// assert_eq!(id.version(), "abc123");
    /// ```
    KeyId,
    /// An owned [`KeyId`].
    OwnedKeyId,
    validate
);

/// The algorithm part of a key ID. Unknown algorithms are kept, not rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum SigningKeyAlgorithm<'a> {
    /// `ed25519`, the only signing algorithm the spec defines.
    Ed25519,
    /// Any other algorithm name.
    Other(&'a str),
}

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
    let colon = s.find(':').ok_or(IdError::InvalidKeyId)?;
    if colon == 0 || colon + 1 == s.len() {
        return Err(IdError::InvalidKeyId);
    }
    Ok(())
}

impl KeyId {
    /// Parses a key ID.
    pub fn parse(s: &str) -> Result<&KeyId, IdError> {
        s.try_into()
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
        let s = self.as_str();
        s.find(':').map_or(s, |i| &s[..i])
    }

    /// The key version, the part after the first `:`.
    pub fn version(&self) -> &str {
        let s = self.as_str();
        s.find(':').map_or("", |i| &s[i + 1..])
    }
}
