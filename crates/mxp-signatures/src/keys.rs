//! Ed25519 keys and signatures (`SIG-4`, `WF-KEY-*`).

use std::fmt;

use ed25519_dalek::Signer as _;
use mxp_ids::{KeyId, OwnedKeyId, SigningKeyAlgorithm};

use crate::base64::{self, Alphabet, Base64Error};

/// Why a key or signature could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The key ID's algorithm is not `ed25519`, the only signing algorithm
    /// (`WF-KEY-1`).
    #[error("unsupported signing algorithm {0:?}; only ed25519 is defined")]
    UnsupportedAlgorithm(String),
    /// The key version of a key ID this library generates has a character
    /// outside `[a-zA-Z0-9_]` (`WF-KEY-2`). IDs received from others are not
    /// checked this way (P1-05).
    #[error("invalid character {character:?} at byte {position} of key version")]
    InvalidKeyVersion {
        /// The offending character.
        character: char,
        /// Its byte offset in the key ID.
        position: usize,
    },
    /// A key or signature is not valid unpadded base64 of the right length.
    #[error("invalid base64: {0}")]
    Base64(#[from] Base64Error),
    /// 32 bytes that are not the encoding of a point on the curve.
    #[error("32 bytes that are not an ed25519 public key")]
    InvalidPublicKey,
}

/// Checks a key ID used to *sign*: algorithm `ed25519` and a version of
/// `[a-zA-Z0-9_]` (`WF-KEY-1`, `WF-KEY-2`). Strict when generating, lenient
/// when verifying (P1-05).
fn check_signing_key_id(key_id: &KeyId) -> Result<(), KeyError> {
    if key_id.algorithm() != SigningKeyAlgorithm::Ed25519 {
        return Err(KeyError::UnsupportedAlgorithm(
            key_id.algorithm_str().to_owned(),
        ));
    }
    let offset = key_id.algorithm_str().len() + 1;
    if let Some((i, c)) = key_id
        .version()
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '_'))
    {
        return Err(KeyError::InvalidKeyVersion {
            character: c,
            position: offset + i,
        });
    }
    Ok(())
}

/// An ed25519 signing key with its key ID (`SIG-4`): a 32-byte seed.
///
/// `Debug` shows the key ID and public key only, never the seed. The seed is
/// wiped from memory when the key is dropped.
///
/// ```
/// use mxp_ids::KeyId;
/// use mxp_signatures::SigningKey;
///
/// let key = SigningKey::from_seed_base64(
///     KeyId::parse("ed25519:1").unwrap(),
///     "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1",
/// )
/// .unwrap();
/// assert_eq!(key.public_key().to_base64(), "XGX0JRS2Af3be3knz2fBiRbApjm2Dh61gXDJA8kcJNI");
/// assert!(!format!("{key:?}").contains("YJDBA9"));
/// ```
#[derive(Clone)]
pub struct SigningKey {
    key_id: OwnedKeyId,
    inner: ed25519_dalek::SigningKey,
    public: PublicKey,
}

impl SigningKey {
    /// A signing key from its 32-byte seed (the ed25519 private key).
    ///
    /// The key ID must be `ed25519:<version>` with a version of
    /// `[a-zA-Z0-9_]`. To make a new key, fill the seed from a
    /// cryptographically secure random source.
    pub fn from_seed(key_id: &KeyId, seed: &[u8; 32]) -> Result<Self, KeyError> {
        check_signing_key_id(key_id)?;
        let inner = ed25519_dalek::SigningKey::from_bytes(seed);
        let public = PublicKey::from_dalek(inner.verifying_key());
        Ok(Self {
            key_id: key_id.to_owned(),
            inner,
            public,
        })
    }

    /// A signing key from its seed in unpadded base64, as Synapse and the
    /// spec's test vectors store it.
    pub fn from_seed_base64(key_id: &KeyId, seed: &str) -> Result<Self, KeyError> {
        let seed = base64::decode_array::<32>(seed, Alphabet::Standard)?;
        Self::from_seed(key_id, &seed)
    }

    /// The key ID, e.g. `ed25519:1`.
    pub fn key_id(&self) -> &KeyId {
        &self.key_id
    }

    /// The public key.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// The 32-byte seed, for storing the key. Handle with care.
    pub fn seed(&self) -> [u8; 32] {
        self.inner.to_bytes()
    }

    /// Signs raw bytes.
    pub fn sign(&self, message: &[u8]) -> Signature {
        Signature(self.inner.sign(message))
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("key_id", &self.key_id)
            .field("public_key", &self.public)
            .finish_non_exhaustive()
    }
}

/// An ed25519 public (verification) key.
///
/// ```
/// use mxp_signatures::PublicKey;
///
/// let key = PublicKey::from_base64("XGX0JRS2Af3be3knz2fBiRbApjm2Dh61gXDJA8kcJNI").unwrap();
/// assert_eq!(key.to_base64(), "XGX0JRS2Af3be3knz2fBiRbApjm2Dh61gXDJA8kcJNI");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PublicKey {
    inner: ed25519_dalek::VerifyingKey,
    /// Whether the point has small order. Such keys never verify anything
    /// under the strict policy; cached for the batch pre-checks.
    weak: bool,
}

impl PublicKey {
    fn from_dalek(inner: ed25519_dalek::VerifyingKey) -> Self {
        Self {
            weak: inner.is_weak(),
            inner,
        }
    }

    /// A public key from its 32 bytes. Fails if they do not encode a curve
    /// point.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, KeyError> {
        ed25519_dalek::VerifyingKey::from_bytes(bytes)
            .map(Self::from_dalek)
            .map_err(|_| KeyError::InvalidPublicKey)
    }

    /// A public key from unpadded standard base64 (`WF-KEY-2`).
    pub fn from_base64(s: &str) -> Result<Self, KeyError> {
        Self::from_bytes(&base64::decode_array::<32>(s, Alphabet::Standard)?)
    }

    /// A public key from unpadded base64 in either alphabet, as
    /// `m.room.third_party_invite` keys may be (`WF-B64-4`).
    pub fn from_base64_any(s: &str) -> Result<Self, KeyError> {
        let bytes = base64::decode_any(s)?;
        let found = bytes.len();
        let bytes: [u8; 32] = bytes.try_into().map_err(|_| Base64Error::WrongLength {
            expected: 32,
            found,
        })?;
        Self::from_bytes(&bytes)
    }

    /// The 32 bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        self.inner.as_bytes()
    }

    /// Unpadded standard base64 of the 32 bytes.
    pub fn to_base64(&self) -> String {
        base64::encode(self.as_bytes())
    }

    /// Whether the key is a point of small order (weak). No signature ever
    /// verifies with such a key under the strict policy.
    pub fn is_weak(&self) -> bool {
        self.weak
    }

    /// Checks a signature over `message` with this key, strictly.
    ///
    /// The policy is ed25519-dalek's `verify_strict` (P1-29): besides the
    /// cofactorless equation `[s]B = R + [k]A`, it rejects a non-canonical
    /// `s`, a public key or `R` of small order, and (because `R` is compared
    /// byte for byte with the recomputed point) a non-canonical encoding of
    /// `R`. This is the behaviour of libsodium (Synapse) and stricter than
    /// ruma's `verify` on small-order points; signatures from honest signers
    /// always pass.
    ///
    /// It is computed as dalek's plain `verify` (equation, canonical `s`,
    /// byte comparison of `R`) plus the two small-order checks done on bytes
    /// (the key's order is known from construction; `R` is compared with the
    /// eight canonical small-order encodings — a non-canonical one fails the
    /// byte comparison anyway). That gives exactly `verify_strict`'s answers
    /// without its decompression of `R`, about 7% of a verification; a test
    /// checks the equivalence.
    pub fn verify(&self, message: &[u8], signature: &Signature) -> Result<(), BadSignature> {
        let r = signature.r_bytes();
        if self.weak || crate::batch::is_small_order(r) {
            return Err(BadSignature);
        }
        ed25519_dalek::Verifier::verify(&self.inner, message, &signature.0)
            .map_err(|_| BadSignature)
    }

    pub(crate) fn dalek(&self) -> &ed25519_dalek::VerifyingKey {
        &self.inner
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PublicKey").field(&self.to_base64()).finish()
    }
}

/// A signature did not verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("ed25519 signature does not verify")]
pub struct BadSignature;

/// A 64-byte ed25519 signature.
///
/// ```
/// use mxp_signatures::Signature;
///
/// let sig = "K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ";
/// assert_eq!(Signature::from_base64(sig).unwrap().to_base64(), sig);
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Signature(ed25519_dalek::Signature);

impl Signature {
    /// A signature from its 64 bytes.
    pub fn from_bytes(bytes: &[u8; 64]) -> Self {
        Self(ed25519_dalek::Signature::from_bytes(bytes))
    }

    /// A signature from unpadded standard base64 (`WF-B64-4`).
    pub fn from_base64(s: &str) -> Result<Self, Base64Error> {
        Ok(Self::from_bytes(&base64::decode_array::<64>(
            s,
            Alphabet::Standard,
        )?))
    }

    /// The 64 bytes.
    pub fn to_bytes(&self) -> [u8; 64] {
        self.0.to_bytes()
    }

    /// Unpadded standard base64 of the 64 bytes.
    pub fn to_base64(&self) -> String {
        base64::encode(self.to_bytes())
    }

    /// The `R` half (the first 32 bytes).
    pub(crate) fn r_bytes(&self) -> &[u8; 32] {
        self.0.r_bytes()
    }

    /// The `s` half (the last 32 bytes).
    pub(crate) fn s_bytes(&self) -> &[u8; 32] {
        self.0.s_bytes()
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Signature").field(&self.to_base64()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1";

    fn key() -> SigningKey {
        SigningKey::from_seed_base64(KeyId::parse("ed25519:1").unwrap(), SEED).unwrap()
    }

    /// Derived vector (`wire-formats.md` §7.2): the public key of the test seed.
    #[test]
    fn sig_4_public_key_of_test_seed() {
        let key = key();
        assert_eq!(
            key.public_key().to_base64(),
            "XGX0JRS2Af3be3knz2fBiRbApjm2Dh61gXDJA8kcJNI"
        );
        let hex: String = key.seed().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "6090c103d5e7af6b15a970fd563ed75549e6159719ae5c3c31dee4316fb75c0d"
        );
    }

    #[test]
    fn debug_never_prints_the_seed() {
        let key = key();
        let debug = format!("{key:?} {key:#?}");
        assert!(!debug.contains(SEED));
        assert!(!debug.contains("6090c103"));
        assert!(!debug.contains("96, 144"), "seed bytes leaked: {debug}");
        assert!(debug.contains("ed25519:1"));
    }

    /// `WF-KEY-1`, `WF-KEY-2`: keys we sign with have strict IDs.
    #[test]
    fn wf_key_signing_key_ids_are_strict() {
        let seed = [7u8; 32];
        assert!(SigningKey::from_seed(KeyId::parse("ed25519:a_B9").unwrap(), &seed).is_ok());
        assert_eq!(
            SigningKey::from_seed(KeyId::parse("curve25519:a").unwrap(), &seed).unwrap_err(),
            KeyError::UnsupportedAlgorithm("curve25519".into())
        );
        assert_eq!(
            SigningKey::from_seed(KeyId::parse("ed25519:a+b").unwrap(), &seed).unwrap_err(),
            KeyError::InvalidKeyVersion {
                character: '+',
                position: 9
            }
        );
    }

    #[test]
    fn seed_must_be_32_bytes() {
        assert_eq!(
            SigningKey::from_seed_base64(KeyId::parse("ed25519:1").unwrap(), "Zm9v").unwrap_err(),
            KeyError::Base64(Base64Error::WrongLength {
                expected: 32,
                found: 3
            })
        );
    }

    #[test]
    fn public_key_must_be_a_point() {
        // y = 2 is not the y-coordinate of any curve point.
        let mut bytes = [0u8; 32];
        bytes[0] = 2;
        assert_eq!(
            PublicKey::from_bytes(&bytes).unwrap_err(),
            KeyError::InvalidPublicKey
        );
    }

    #[test]
    fn sign_and_verify_raw() {
        let key = key();
        let sig = key.sign(b"hello");
        assert!(key.public_key().verify(b"hello", &sig).is_ok());
        assert_eq!(key.public_key().verify(b"hellp", &sig), Err(BadSignature));
    }

    #[test]
    fn third_party_invite_keys_in_either_alphabet() {
        let std = "XGX0JRS2Af3be3knz2fBiRbApjm2Dh61gXDJA8kcJNI";
        let key = PublicKey::from_base64_any(std).unwrap();
        assert_eq!(key.to_base64(), std);
        // A key whose encoding differs between the alphabets.
        let other = SigningKey::from_seed(KeyId::parse("ed25519:x").unwrap(), &[3u8; 32])
            .unwrap()
            .public_key()
            .to_owned();
        let url = base64::encode_url_safe(other.as_bytes());
        assert_eq!(PublicKey::from_base64_any(&url).unwrap(), other);
    }
}
