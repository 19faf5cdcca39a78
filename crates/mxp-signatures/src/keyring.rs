//! The caller-supplied verification keys (`SIG-3` step 3, `EVAL-3`, `EVAL-4`).

use std::collections::{BTreeMap, BTreeSet};

use mxp_ids::KeyId;

use crate::keys::PublicKey;

/// How long a verification key may be used to check event signatures.
///
/// Validity is only enforced for events of room versions 5 and later
/// (`EVAL-4`); JSON-level verification ignores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyValidity {
    /// No bound: a key pinned by configuration, or one checked for something
    /// other than events.
    Unbounded,
    /// A current key (`verify_keys`), usable for events whose
    /// `origin_server_ts` is at most this many milliseconds since the epoch.
    /// Callers pass min(`valid_until_ts`, time fetched + 7 days) (`EVAL-4`);
    /// [`ServerKeys::add_to`](crate::ServerKeys::add_to) does this.
    ValidUntil(i64),
    /// An old key (`old_verify_keys`) that expired at this time; usable for
    /// events whose `origin_server_ts` is at most this value (`EVAL-3`,
    /// `EVAL-4`).
    ExpiredAt(i64),
}

impl KeyValidity {
    /// Whether the key may check the signature of an event sent at
    /// `origin_server_ts` (`EVAL-4`: `valid_until_ts ≥ origin_server_ts`).
    ///
    /// ```
    /// use mxp_signatures::KeyValidity;
    ///
    /// assert!(KeyValidity::ValidUntil(1000).is_valid_at(1000));
    /// assert!(!KeyValidity::ValidUntil(1000).is_valid_at(1001));
    /// assert!(KeyValidity::ExpiredAt(1000).is_valid_at(999));
    /// assert!(KeyValidity::Unbounded.is_valid_at(i64::MAX));
    /// ```
    pub fn is_valid_at(&self, origin_server_ts: i64) -> bool {
        match *self {
            Self::Unbounded => true,
            Self::ValidUntil(until) | Self::ExpiredAt(until) => until >= origin_server_ts,
        }
    }
}

/// A public key and how long it may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct VerifyKey {
    /// The public key.
    pub key: PublicKey,
    /// Its validity.
    pub validity: KeyValidity,
}

/// The verification keys a caller knows, by entity (server name, or user ID
/// for end-to-end signatures, `SIG-2`) and key ID, plus a deny-list.
///
/// Fetching keys is the caller's job (this crate does no I/O): a server's own
/// `/_matrix/key/v2/server` document ([`ServerKeys`](crate::ServerKeys)), a
/// notary, or configuration.
///
/// ```
/// use mxp_ids::KeyId;
/// use mxp_signatures::{KeyRing, KeyValidity, PublicKey};
///
/// let key = PublicKey::from_base64("XGX0JRS2Af3be3knz2fBiRbApjm2Dh61gXDJA8kcJNI").unwrap();
/// let mut keys = KeyRing::new();
/// keys.insert_with_validity("domain", KeyId::parse("ed25519:1").unwrap(), key, KeyValidity::ValidUntil(5000));
/// assert_eq!(keys.get("domain", "ed25519:1").unwrap().key, key);
/// assert!(keys.get("domain", "ed25519:2").is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyRing {
    entities: BTreeMap<String, BTreeMap<String, VerifyKey>>,
    denied: BTreeSet<[u8; 32]>,
}

impl KeyRing {
    /// An empty key ring.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a key with no validity bound, replacing any key under the same
    /// entity and key ID.
    pub fn insert(&mut self, entity: &str, key_id: &KeyId, key: PublicKey) -> &mut Self {
        self.insert_with_validity(entity, key_id, key, KeyValidity::Unbounded)
    }

    /// Adds a key with a validity bound, replacing any key under the same
    /// entity and key ID.
    pub fn insert_with_validity(
        &mut self,
        entity: &str,
        key_id: &KeyId,
        key: PublicKey,
        validity: KeyValidity,
    ) -> &mut Self {
        self.entities
            .entry(entity.into())
            .or_default()
            .insert(key_id.as_str().to_owned(), VerifyKey { key, validity });
        self
    }

    /// The key of `entity` with ID `key_id`, if known.
    pub fn get(&self, entity: &str, key_id: &str) -> Option<&VerifyKey> {
        self.entities.get(entity)?.get(key_id)
    }

    /// Every key of `entity`, by key ID.
    pub fn keys_of(&self, entity: &str) -> impl Iterator<Item = (&str, &VerifyKey)> {
        self.entities
            .get(entity)
            .into_iter()
            .flat_map(|keys| keys.iter().map(|(id, k)| (id.as_str(), k)))
    }

    /// Every entity with at least one key.
    pub fn entities(&self) -> impl Iterator<Item = &str> {
        self.entities.keys().map(String::as_str)
    }

    /// Puts a public key on the deny-list: signatures made with it fail, even
    /// when they are mathematically valid, whatever entity or key ID they are
    /// filed under (P1-28: known-compromised keys).
    pub fn deny(&mut self, key: &PublicKey) -> &mut Self {
        self.denied.insert(*key.as_bytes());
        self
    }

    /// Whether a public key is on the deny-list.
    pub fn is_denied(&self, key: &PublicKey) -> bool {
        self.denied.contains(key.as_bytes())
    }

    /// Whether the ring holds no keys.
    pub fn is_empty(&self) -> bool {
        self.entities.values().all(BTreeMap::is_empty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A distinct valid public key for each `seed`.
    fn key(seed: u8) -> PublicKey {
        let id = KeyId::parse("ed25519:k").unwrap();
        *crate::SigningKey::from_seed(id, &[seed; 32])
            .unwrap()
            .public_key()
    }

    /// The ring lists entities and their keys in order, replaces a key filed
    /// under the same ID, and counts a deny-listed key as no key.
    #[test]
    fn lists_entities_and_keys() {
        let mut ring = KeyRing::new();
        assert!(ring.is_empty());
        ring.deny(&key(1));
        assert!(ring.is_empty() && ring.is_denied(&key(1)));
        let (k1, k2) = (
            KeyId::parse("ed25519:1").unwrap(),
            KeyId::parse("ed25519:2").unwrap(),
        );
        ring.insert("b.example", k2, key(2))
            .insert("a.example", k2, key(3))
            .insert("a.example", k1, key(4))
            .insert_with_validity("a.example", k1, key(5), KeyValidity::ExpiredAt(9));
        assert!(!ring.is_empty());
        assert_ne!(key(4), key(5));
        assert_eq!(
            ring.entities().collect::<Vec<_>>(),
            ["a.example", "b.example"]
        );
        let a: Vec<_> = ring.keys_of("a.example").collect();
        assert_eq!(a.len(), 2);
        assert_eq!((a[0].0, a[1].0), ("ed25519:1", "ed25519:2"));
        assert_eq!(
            a[0].1,
            &VerifyKey {
                key: key(5),
                validity: KeyValidity::ExpiredAt(9)
            }
        );
        assert_eq!(ring.keys_of("c.example").count(), 0);
    }
}
