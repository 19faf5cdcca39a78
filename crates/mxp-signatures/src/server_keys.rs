//! Server key documents: the body of `GET /_matrix/key/v2/server` and the
//! entries of a notary's `POST /_matrix/key/v2/query` (`WF-KEY-2`,
//! `EVAL-4`).
//!
//! ```
//! use mxp_canonical_json::CanonicalJsonValue;
//! use mxp_ids::KeyId;
//! use mxp_signatures::{KeyRing, KeyValidity, ServerKeys, SigningKey, sign_json};
//!
//! // What example.org publishes, signed with its current key.
//! let key = SigningKey::from_seed(KeyId::parse("ed25519:a").unwrap(), &[1; 32]).unwrap();
//! let json = serde_json::json!({
//!     "server_name": "example.org",
//!     "valid_until_ts": 2_000_000,
//!     "verify_keys": {"ed25519:a": {"key": key.public_key().to_base64()}},
//!     "old_verify_keys": {"ed25519:old": {
//!         "key": "XGX0JRS2Af3be3knz2fBiRbApjm2Dh61gXDJA8kcJNI", "expired_ts": 500_000,
//!     }},
//! });
//! let CanonicalJsonValue::Object(mut document) = CanonicalJsonValue::try_from(json).unwrap() else {
//!     unreachable!()
//! };
//! sign_json(&mut document, "example.org", &key).unwrap();
//!
//! // What a server fetching it does.
//! let keys = ServerKeys::parse_verified(&document).unwrap();
//! let mut ring = KeyRing::new();
//! keys.add_to(&mut ring, 1_000_000); // fetched at t = 1,000,000 ms
//! let current = ring.get("example.org", "ed25519:a").unwrap();
//! assert_eq!(current.validity, KeyValidity::ValidUntil(2_000_000));
//! assert!(ring.get("example.org", "ed25519:old").unwrap().validity.is_valid_at(400_000));
//! assert_eq!(keys.key_for_event("ed25519:old", 600_000, 1_000_000), None);
//! ```

use std::collections::BTreeMap;

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_ids::{IdError, KeyId, OwnedKeyId, OwnedServerName, SigningKeyAlgorithm};

use crate::json::{VerifyError, verify_json};
use crate::keyring::{KeyRing, KeyValidity, VerifyKey};
use crate::keys::{KeyError, PublicKey};
use crate::report::SignatureReport;

/// The cap on a key's validity: a server may not be trusted to publish a key
/// for longer than 7 days from the time it was fetched (`EVAL-4`).
pub const MAX_KEY_VALIDITY_MS: i64 = 7 * 24 * 60 * 60 * 1000;

/// An old key from `old_verify_keys`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OldVerifyKey {
    /// The public key.
    pub key: PublicKey,
    /// When the key stopped being used, in milliseconds since the epoch.
    pub expired_ts: i64,
}

/// A parsed server key document.
///
/// Only `ed25519` keys are kept; keys of other algorithms are ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerKeys {
    /// The server the document is about.
    pub server_name: OwnedServerName,
    /// Until when the current keys may be used, in milliseconds since the
    /// epoch (capped by [`MAX_KEY_VALIDITY_MS`] when used, `EVAL-4`).
    pub valid_until_ts: i64,
    /// The current keys (`verify_keys`).
    pub verify_keys: BTreeMap<OwnedKeyId, PublicKey>,
    /// Keys no longer in use (`old_verify_keys`), valid for events sent
    /// before they expired.
    pub old_verify_keys: BTreeMap<OwnedKeyId, OldVerifyKey>,
}

/// Why a server key document was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ServerKeysError {
    /// A required member is missing or has the wrong JSON type.
    #[error("`{0}` is missing or has the wrong type")]
    Field(&'static str),
    /// `server_name` is not a valid server name.
    #[error("invalid server_name: {0}")]
    ServerName(IdError),
    /// A key ID in `verify_keys` or `old_verify_keys` is not
    /// `algorithm:version`.
    #[error("invalid key ID {key_id:?}: {error}")]
    KeyId {
        /// The key ID.
        key_id: String,
        /// What is wrong with it.
        error: IdError,
    },
    /// A key entry lacks `key` (or `expired_ts` for an old key), or has it
    /// with the wrong type.
    #[error("key {key_id}: `{field}` is missing or has the wrong type")]
    KeyField {
        /// The key ID.
        key_id: String,
        /// The missing member.
        field: &'static str,
    },
    /// A public key is not unpadded base64 of a curve point.
    #[error("key {key_id}: {error}")]
    Key {
        /// The key ID.
        key_id: String,
        /// What is wrong with it.
        error: KeyError,
    },
    /// The document is not validly signed by the server with one of its own
    /// current keys.
    #[error("not signed by {0} with one of its verify_keys")]
    NotSelfSigned(OwnedServerName, Box<SignatureReport>),
    /// The signatures could not be checked.
    #[error("cannot check the signatures: {0}")]
    Verify(#[from] VerifyError),
}

impl ServerKeys {
    /// Parses a key document without checking its signatures. Prefer
    /// [`Self::parse_verified`] for documents fetched from the server itself.
    pub fn parse(document: &CanonicalJsonObject) -> Result<Self, ServerKeysError> {
        let server_name = match document.get("server_name") {
            Some(CanonicalJsonValue::String(s)) => {
                OwnedServerName::try_from(s.as_str()).map_err(ServerKeysError::ServerName)?
            }
            _ => return Err(ServerKeysError::Field("server_name")),
        };
        let valid_until_ts = document
            .get("valid_until_ts")
            .and_then(CanonicalJsonValue::as_integer)
            .ok_or(ServerKeysError::Field("valid_until_ts"))?;
        let mut verify_keys = BTreeMap::new();
        let Some(CanonicalJsonValue::Object(current)) = document.get("verify_keys") else {
            return Err(ServerKeysError::Field("verify_keys"));
        };
        for (key_id, entry) in current {
            if let Some((id, key)) = parse_key(key_id, entry)? {
                verify_keys.insert(id, key);
            }
        }
        let mut old_verify_keys = BTreeMap::new();
        match document.get("old_verify_keys") {
            None => {}
            Some(CanonicalJsonValue::Object(old)) => {
                for (key_id, entry) in old {
                    if let Some((id, key)) = parse_key(key_id, entry)? {
                        let expired_ts = entry
                            .as_object()
                            .and_then(|e| e.get("expired_ts"))
                            .and_then(CanonicalJsonValue::as_integer)
                            .ok_or_else(|| ServerKeysError::KeyField {
                                key_id: key_id.to_string(),
                                field: "expired_ts",
                            })?;
                        old_verify_keys.insert(id, OldVerifyKey { key, expired_ts });
                    }
                }
            }
            Some(_) => return Err(ServerKeysError::Field("old_verify_keys")),
        }
        Ok(Self {
            server_name,
            valid_until_ts,
            verify_keys,
            old_verify_keys,
        })
    }

    /// Parses a key document and checks that the server signed it with its
    /// own current keys: at least one signature by a key of `verify_keys`
    /// verifies and none fails (signatures by other keys are skipped, as in
    /// `SIG-3`).
    pub fn parse_verified(document: &CanonicalJsonObject) -> Result<Self, ServerKeysError> {
        let keys = Self::parse(document)?;
        let report = keys.verify_self_signature(document)?;
        if !report.is_valid() {
            return Err(ServerKeysError::NotSelfSigned(
                keys.server_name.clone(),
                Box::new(report),
            ));
        }
        Ok(keys)
    }

    /// Checks the document's signatures by its own server with the keys of
    /// `verify_keys`, and reports per key.
    pub fn verify_self_signature(
        &self,
        document: &CanonicalJsonObject,
    ) -> Result<SignatureReport, VerifyError> {
        let mut ring = KeyRing::new();
        for (key_id, key) in &self.verify_keys {
            ring.insert(self.server_name.as_str(), key_id, *key);
        }
        verify_json(document, &[self.server_name.as_str()], &ring)
    }

    /// The validity of a current key fetched at `fetched_at` (ms):
    /// min(`valid_until_ts`, `fetched_at` + 7 days) (`EVAL-4`).
    pub fn current_validity(&self, fetched_at: i64) -> KeyValidity {
        KeyValidity::ValidUntil(
            self.valid_until_ts
                .min(fetched_at.saturating_add(MAX_KEY_VALIDITY_MS)),
        )
    }

    /// Adds every key to a key ring under the server's name: current keys
    /// with [`Self::current_validity`], old keys with their `expired_ts`.
    pub fn add_to(&self, ring: &mut KeyRing, fetched_at: i64) {
        let validity = self.current_validity(fetched_at);
        for (key_id, key) in &self.verify_keys {
            ring.insert_with_validity(self.server_name.as_str(), key_id, *key, validity);
        }
        for (key_id, old) in &self.old_verify_keys {
            // A key listed as both current and old is current.
            if !self.verify_keys.contains_key(key_id.as_id()) {
                ring.insert_with_validity(
                    self.server_name.as_str(),
                    key_id,
                    old.key,
                    KeyValidity::ExpiredAt(old.expired_ts),
                );
            }
        }
    }

    /// The key with ID `key_id`, if it may check the signature of an event
    /// sent at `origin_server_ts` (document fetched at `fetched_at`): a
    /// current key while min(`valid_until_ts`, `fetched_at` + 7 days) ≥
    /// `origin_server_ts`, an old key while `expired_ts` ≥
    /// `origin_server_ts` (`EVAL-4`). Only room versions 5+ enforce this.
    pub fn key_for_event(
        &self,
        key_id: &str,
        origin_server_ts: i64,
        fetched_at: i64,
    ) -> Option<VerifyKey> {
        let key_id = KeyId::parse(key_id).ok()?;
        let found = if let Some(key) = self.verify_keys.get(key_id) {
            VerifyKey {
                key: *key,
                validity: self.current_validity(fetched_at),
            }
        } else {
            let old = self.old_verify_keys.get(key_id)?;
            VerifyKey {
                key: old.key,
                validity: KeyValidity::ExpiredAt(old.expired_ts),
            }
        };
        found
            .validity
            .is_valid_at(origin_server_ts)
            .then_some(found)
    }
}

/// One entry of `verify_keys`/`old_verify_keys`: `None` for algorithms
/// other than ed25519.
fn parse_key(
    key_id: &str,
    entry: &CanonicalJsonValue,
) -> Result<Option<(OwnedKeyId, PublicKey)>, ServerKeysError> {
    // Lenient key IDs (P1-05): any `algorithm:version`.
    let id = KeyId::parse(key_id).map_err(|error| ServerKeysError::KeyId {
        key_id: key_id.to_owned(),
        error,
    })?;
    if id.algorithm() != SigningKeyAlgorithm::Ed25519 {
        return Ok(None);
    }
    let Some(CanonicalJsonValue::String(encoded)) = entry.as_object().and_then(|e| e.get("key"))
    else {
        return Err(ServerKeysError::KeyField {
            key_id: key_id.to_owned(),
            field: "key",
        });
    };
    let key = PublicKey::from_base64(encoded).map_err(|error| ServerKeysError::Key {
        key_id: key_id.to_owned(),
        error,
    })?;
    Ok(Some((id.to_owned(), key)))
}
