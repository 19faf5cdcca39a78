//! Batch verification of many signatures at once.
//!
//! # Policy: the same answers as one-by-one strict verification
//!
//! Single signatures are checked with [`PublicKey::verify`] (ed25519-dalek's
//! `verify_strict`). A batch first applies, byte by byte, every check
//! `verify_strict` makes besides the equation itself: the public key is not of
//! small order, `R` is a canonical encoding of a point that is not of small
//! order, and `s` is a canonical scalar. Items failing them fail without
//! entering the batch. The rest is checked with one batch equation (a
//! random linear combination of the cofactorless equations, as
//! ed25519-dalek's `verify_batch` computes it, with the terms of signatures
//! made by the same key merged; see `batch_equation`). If the batch fails,
//! it is split in halves, recursively, down to single strict checks, so the
//! result says exactly which signatures failed.
//!
//! One difference remains, and it concerns only signatures crafted by the
//! holder of the private key: when `R` or the public key has a
//! small-order *component* (a point of mixed order), the batch equation may
//! accept a signature that `verify_strict` rejects. Honest signers never
//! produce such values (`R = [r]B` and `A = [a]B` lie in the prime-order
//! subgroup), and detecting them costs about as much as a verification, which
//! would defeat batching. Callers that must match one-by-one verification
//! bit-exactly even against a malicious key holder use
//! [`BatchMode::OneByOne`]. See P1-29.

use std::borrow::Cow;

use crate::keys::{PublicKey, Signature};

/// How a set of signatures is verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum BatchMode {
    /// Batch verification when there are enough signatures to gain from it
    /// (see the module docs for the exact policy).
    #[default]
    Auto,
    /// Every signature on its own with the strict check.
    OneByOne,
}

/// Below this many signatures the batch equation is not worth it.
const MIN_BATCH: usize = 4;
/// Failing batches are split until they are this small, then checked one by
/// one.
const MIN_SPLIT: usize = 8;

/// Many `(message, signature, public key)` triples, verified together.
///
/// Messages are stored once and shared by index, because several signatures
/// usually cover the same bytes (an event signed by two servers).
///
/// ```
/// use mxp_ids::KeyId;
/// use mxp_signatures::{BatchMode, SignatureBatch, SigningKey};
///
/// let key = SigningKey::from_seed(KeyId::parse("ed25519:1").unwrap(), &[1; 32]).unwrap();
/// let mut batch = SignatureBatch::new();
/// for i in 0..10u8 {
///     let message = vec![i; 100];
///     let signature = key.sign(&message);
///     let m = batch.add_message(message);
///     batch.push(m, signature, *key.public_key());
/// }
/// let bad = batch.add_message(&b"tampered"[..]);
/// batch.push(bad, key.sign(b"original"), *key.public_key());
///
/// let results = batch.verify(BatchMode::Auto);
/// assert_eq!(results.failed().collect::<Vec<_>>(), [10]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct SignatureBatch<'a> {
    messages: Vec<Cow<'a, [u8]>>,
    items: Vec<Item>,
}

#[derive(Debug, Clone, Copy)]
struct Item {
    message: usize,
    signature: Signature,
    key: PublicKey,
}

/// The result of [`SignatureBatch::verify`]: one flag per signature, in the
/// order they were pushed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchResult {
    valid: Vec<bool>,
}

impl BatchResult {
    /// Whether signature `index` verified (`false` for an unknown index).
    pub fn is_valid(&self, index: usize) -> bool {
        self.valid.get(index).copied().unwrap_or(false)
    }

    /// Whether every signature verified.
    pub fn all_valid(&self) -> bool {
        self.valid.iter().all(|&v| v)
    }

    /// The indices of the signatures that failed.
    pub fn failed(&self) -> impl Iterator<Item = usize> + '_ {
        self.valid
            .iter()
            .enumerate()
            .filter(|&(_, &v)| !v)
            .map(|(i, _)| i)
    }

    /// One flag per signature.
    pub fn as_slice(&self) -> &[bool] {
        &self.valid
    }
}

impl<'a> SignatureBatch<'a> {
    /// An empty batch.
    pub fn new() -> Self {
        Self::default()
    }

    /// Stores a message and returns its index for [`Self::push`].
    pub fn add_message(&mut self, message: impl Into<Cow<'a, [u8]>>) -> usize {
        self.messages.push(message.into());
        self.messages.len() - 1
    }

    /// Adds a signature over the message with index `message` (from
    /// [`Self::add_message`]) and returns its index in the result.
    ///
    /// An unknown message index makes the signature fail.
    pub fn push(&mut self, message: usize, signature: Signature, key: PublicKey) -> usize {
        self.items.push(Item {
            message,
            signature,
            key,
        });
        self.items.len() - 1
    }

    /// The number of signatures.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are no signatures.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Verifies every signature (see the module docs for the policy).
    pub fn verify(&self, mode: BatchMode) -> BatchResult {
        let mut valid = vec![false; self.items.len()];
        let mut candidates = Vec::with_capacity(self.items.len());
        for (i, item) in self.items.iter().enumerate() {
            if self.messages.get(item.message).is_some() && passes_prechecks(item) {
                candidates.push(i);
            }
        }
        match mode {
            BatchMode::OneByOne => self.one_by_one(&candidates, &mut valid),
            BatchMode::Auto if candidates.len() < MIN_BATCH => {
                self.one_by_one(&candidates, &mut valid);
            }
            BatchMode::Auto => self.bisect(&candidates, &mut valid),
        }
        BatchResult { valid }
    }

    fn message(&self, item: &Item) -> &[u8] {
        self.messages.get(item.message).map_or(&[], |m| m)
    }

    fn one_by_one(&self, indices: &[usize], valid: &mut [bool]) {
        for &i in indices {
            if let (Some(item), Some(slot)) = (self.items.get(i), valid.get_mut(i)) {
                *slot = item.key.verify(self.message(item), &item.signature).is_ok();
            }
        }
    }

    /// Checks `indices` as one batch; on failure splits in halves. Recursion
    /// depth is bounded by log2(len / MIN_SPLIT). When both halves of a failed
    /// batch fail too, failures are dense and the rest is checked one by one,
    /// so a batch of all-bad signatures costs about 1.7× one-by-one, not more.
    fn bisect(&self, indices: &[usize], valid: &mut [bool]) {
        if indices.is_empty() {
            return;
        }
        if indices.len() <= MIN_SPLIT {
            return self.one_by_one(indices, valid);
        }
        if self.batch_equation(indices) {
            for &i in indices {
                if let Some(slot) = valid.get_mut(i) {
                    *slot = true;
                }
            }
            return;
        }
        let (left, right) = indices.split_at(indices.len() / 2);
        let left_ok = self.batch_equation_or_split(left, valid);
        let right_ok = self.batch_equation_or_split(right, valid);
        if !left_ok && !right_ok {
            self.one_by_one(left, valid);
            self.one_by_one(right, valid);
        } else if !left_ok {
            self.bisect(left, valid);
        } else if !right_ok {
            self.bisect(right, valid);
        }
    }

    /// Runs the batch equation on one half; marks it valid if it passes.
    fn batch_equation_or_split(&self, indices: &[usize], valid: &mut [bool]) -> bool {
        if indices.len() <= MIN_SPLIT {
            // Small halves go straight to single checks in `bisect`.
            return false;
        }
        let ok = self.batch_equation(indices);
        if ok {
            for &i in indices {
                if let Some(slot) = valid.get_mut(i) {
                    *slot = true;
                }
            }
        }
        ok
    }

    /// The batch equation over `indices` (see [`batch_equation`]).
    fn batch_equation(&self, indices: &[usize]) -> bool {
        let mut items = Vec::with_capacity(indices.len());
        for &i in indices {
            let Some(item) = self.items.get(i) else {
                return false;
            };
            items.push((self.message(item), &item.signature, &item.key));
        }
        batch_equation(&items)
    }
}

/// Checks `[∑ zᵢsᵢ]B = ∑ zᵢRᵢ + ∑ (zᵢkᵢ)Aᵢ` for 128-bit weights zᵢ, with
/// kᵢ = SHA-512(Rᵢ ‖ Aᵢ ‖ Mᵢ) — the cofactorless equation of every signature
/// at once, as ed25519-dalek's `verify_batch` does, with one difference:
/// the terms of signatures made with the same public key are merged
/// (`(∑ zᵢkᵢ)A`), so a batch of n signatures from m keys costs a
/// multi-scalar multiplication of n + m + 1 points instead of 2n + 1. Most
/// federation traffic comes from a few servers, so this nearly halves the
/// work.
///
/// The weights are derived from a SHA-512 hash of every (R, A, s, k) in the
/// batch (as dalek derives them from a transcript of the batch): they are
/// fixed only once every input is, so a forger cannot aim at them. A batch
/// with an invalid signature passes with probability about 2⁻¹²⁸, except
/// for the small-order components discussed in the module docs.
///
/// Callers apply the byte pre-checks first (canonical `s`, canonical `R`
/// not of small order, key not of small order).
fn batch_equation(items: &[(&[u8], &Signature, &PublicKey)]) -> bool {
    use curve25519_dalek::constants::ED25519_BASEPOINT_POINT;
    use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
    use curve25519_dalek::scalar::Scalar;
    use curve25519_dalek::traits::{IsIdentity, VartimeMultiscalarMul};
    use sha2::{Digest, Sha512};

    let mut seed = Sha512::new();
    seed.update(b"mxp ed25519 batch v1");
    seed.update((items.len() as u64).to_le_bytes());
    let mut rs = Vec::with_capacity(items.len());
    let mut ss = Vec::with_capacity(items.len());
    let mut ks = Vec::with_capacity(items.len());
    for (message, signature, key) in items {
        let r = signature.r_bytes();
        let Some(s) = Option::<Scalar>::from(Scalar::from_canonical_bytes(*signature.s_bytes()))
        else {
            return false;
        };
        let Some(big_r) = CompressedEdwardsY(*r).decompress() else {
            return false;
        };
        let mut h = Sha512::new();
        h.update(r);
        h.update(key.as_bytes());
        h.update(message);
        let k = Scalar::from_hash(h);
        seed.update(r);
        seed.update(key.as_bytes());
        seed.update(signature.s_bytes());
        seed.update(k.as_bytes());
        rs.push(big_r);
        ss.push(s);
        ks.push(k);
    }
    let seed = seed.finalize();

    // Four 128-bit weights per SHA-512 block of (seed ‖ counter).
    let mut weights = Vec::with_capacity(items.len());
    let mut counter = 0u64;
    while weights.len() < items.len() {
        let block = Sha512::new()
            .chain_update(seed)
            .chain_update(counter.to_le_bytes())
            .finalize();
        for chunk in block.chunks_exact(16) {
            let mut bytes = [0u8; 32];
            bytes[..16].copy_from_slice(chunk);
            weights.push(Scalar::from_bytes_mod_order(bytes));
        }
        counter += 1;
    }

    let mut b_coefficient = Scalar::ZERO;
    // (key bytes, point, coefficient), merged by key.
    let mut keys: Vec<([u8; 32], EdwardsPoint, Scalar)> = Vec::new();
    for (((z, s), k), (_, _, key)) in weights.iter().zip(&ss).zip(&ks).zip(items) {
        b_coefficient -= z * s;
        let zk = z * k;
        match keys
            .iter_mut()
            .find(|(bytes, _, _)| bytes == key.as_bytes())
        {
            Some((_, _, coefficient)) => *coefficient += zk,
            None => keys.push((*key.as_bytes(), key.dalek().to_edwards(), zk)),
        }
    }
    let scalars = std::iter::once(b_coefficient)
        .chain(weights.iter().take(items.len()).copied())
        .chain(keys.iter().map(|(_, _, c)| *c));
    let points = std::iter::once(ED25519_BASEPOINT_POINT)
        .chain(rs.iter().copied())
        .chain(keys.iter().map(|(_, p, _)| *p));
    EdwardsPoint::vartime_multiscalar_mul(scalars, points).is_identity()
}

/// The checks `verify_strict` makes besides the equation, done on bytes.
fn passes_prechecks(item: &Item) -> bool {
    let bytes = item.signature.to_bytes();
    let (r, s) = bytes.split_at(32);
    !item.key.is_weak() && is_canonical_scalar(s) && is_canonical_point(r) && !is_small_order(r)
}

/// The group order ℓ = 2^252 + 27742317777372353535851937790883648493,
/// little-endian.
const ORDER: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

/// The field prime p = 2^255 − 19, little-endian.
const PRIME: [u8; 32] = [
    0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
];

/// Little-endian `a < b` for 32-byte numbers.
fn less_than(a: &[u8], b: &[u8; 32]) -> bool {
    for (x, y) in a.iter().rev().zip(b.iter().rev()) {
        if x != y {
            return x < y;
        }
    }
    false
}

/// `s < ℓ`: the scalar half of a signature is reduced.
fn is_canonical_scalar(s: &[u8]) -> bool {
    s.len() == 32 && less_than(s, &ORDER)
}

/// The compressed point is the canonical encoding of its point: y < p, and
/// the sign bit is clear when x = 0 (y = 1 or y = p − 1).
fn is_canonical_point(r: &[u8]) -> bool {
    let Ok(mut y) = <[u8; 32]>::try_from(r) else {
        return false;
    };
    let sign = y[31] >> 7;
    y[31] &= 0x7f;
    if !less_than(&y, &PRIME) {
        return false;
    }
    let mut one = [0u8; 32];
    one[0] = 1;
    let mut minus_one = PRIME;
    minus_one[0] = 0xec;
    !(sign == 1 && (y == one || y == minus_one))
}

/// The canonical encodings of the eight points of small order (the
/// identity, the point of order 2, two of order 4, four of order 8).
/// Only meaningful for canonical encodings.
const SMALL_ORDER: [[u8; 32]; 8] = [
    // identity (0, 1)
    [
        0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0,
    ],
    // order 2: (0, −1)
    [
        0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0x7f,
    ],
    // order 4: (±√−1, 0)
    [0; 32],
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0x80,
    ],
    // order 8
    [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98,
        0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53,
        0xfc, 0x05,
    ],
    [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98,
        0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53,
        0xfc, 0x85,
    ],
    [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67,
        0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac,
        0x03, 0x7a,
    ],
    [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67,
        0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac,
        0x03, 0xfa,
    ],
];

pub(crate) fn is_small_order(r: &[u8]) -> bool {
    SMALL_ORDER.iter().any(|p| p.as_slice() == r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use curve25519_dalek::constants::EIGHT_TORSION;
    use curve25519_dalek::edwards::CompressedEdwardsY;
    use curve25519_dalek::scalar::Scalar;
    use mxp_ids::KeyId;

    use crate::SigningKey;

    #[test]
    fn small_order_table_is_exactly_the_eight_torsion_points() {
        let mut expected: Vec<[u8; 32]> = EIGHT_TORSION
            .iter()
            .map(|p| p.compress().to_bytes())
            .collect();
        expected.sort();
        let mut ours = SMALL_ORDER.to_vec();
        ours.sort();
        assert_eq!(ours, expected);
        for p in SMALL_ORDER {
            let point = CompressedEdwardsY(p).decompress().unwrap();
            assert!(point.is_small_order());
            assert_eq!(point.compress().to_bytes(), p);
        }
    }

    #[test]
    fn order_constant_matches_curve25519_dalek() {
        assert!(bool::from(Scalar::from_canonical_bytes(ORDER).is_none()));
        let mut below = ORDER;
        below[0] -= 1;
        assert!(is_canonical_scalar(&below));
        assert!(!is_canonical_scalar(&ORDER));
        assert!(bool::from(Scalar::from_canonical_bytes(below).is_some()));
    }

    proptest::proptest! {
        #[test]
        fn canonical_scalar_agrees_with_dalek(bytes: [u8; 32], top in 0u8..=0x1f) {
            let mut s = bytes;
            s[31] = top;
            let dalek: bool = Scalar::from_canonical_bytes(s).is_some().into();
            proptest::prop_assert_eq!(is_canonical_scalar(&s), dalek);
        }

        #[test]
        fn canonical_point_agrees_with_recompression(bytes: [u8; 32]) {
            if let Some(point) = CompressedEdwardsY(bytes).decompress() {
                let canonical = point.compress().to_bytes() == bytes;
                proptest::prop_assert_eq!(is_canonical_point(&bytes), canonical);
                proptest::prop_assert_eq!(
                    canonical && is_small_order(&bytes),
                    canonical && point.is_small_order()
                );
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(96))]

        /// `PublicKey::verify` answers exactly as dalek's `verify_strict`,
        /// on valid, tampered and small-order inputs.
        #[test]
        fn verify_equals_verify_strict(
            seed: [u8; 32],
            message: Vec<u8>,
            flip in proptest::option::of(0usize..512),
            small_r in proptest::option::of(0usize..8),
            small_a in proptest::option::of(0usize..8),
        ) {
            let signing = SigningKey::from_seed(KeyId::parse("ed25519:k").unwrap(), &seed).unwrap();
            let mut key = *signing.public_key();
            let mut bytes = signing.sign(&message).to_bytes();
            if let Some(bit) = flip {
                bytes[bit / 8] ^= 1 << (bit % 8);
            }
            if let Some(i) = small_r {
                bytes[..32].copy_from_slice(&SMALL_ORDER[i]);
            }
            if let Some(i) = small_a {
                key = PublicKey::from_bytes(&SMALL_ORDER[i]).unwrap();
            }
            let sig = Signature::from_bytes(&bytes);
            let strict = key
                .dalek()
                .verify_strict(&message, &ed25519_dalek::Signature::from_bytes(&sig.to_bytes()))
                .is_ok();
            proptest::prop_assert_eq!(key.verify(&message, &sig).is_ok(), strict);
        }
    }

    /// Our batch equation (terms merged per key) agrees with
    /// ed25519-dalek's `verify_batch` on valid batches and batches with one
    /// bad signature, for 1 to 5 distinct keys.
    #[test]
    fn batch_equation_agrees_with_dalek() {
        for keys in 1..=5u8 {
            for bad in [None, Some(0), Some(17)] {
                let signers: Vec<SigningKey> = (0..keys)
                    .map(|i| {
                        SigningKey::from_seed(KeyId::parse("ed25519:k").unwrap(), &[i; 32]).unwrap()
                    })
                    .collect();
                let mut messages: Vec<Vec<u8>> = (0..30u8).map(|i| vec![i; 50]).collect();
                let sigs: Vec<(Signature, PublicKey)> = messages
                    .iter()
                    .enumerate()
                    .map(|(i, m)| {
                        let k = &signers[i % signers.len()];
                        (k.sign(m), *k.public_key())
                    })
                    .collect();
                if let Some(b) = bad {
                    messages[b].push(0);
                }
                let items: Vec<(&[u8], &Signature, &PublicKey)> = messages
                    .iter()
                    .zip(&sigs)
                    .map(|(m, (s, k))| (m.as_slice(), s, k))
                    .collect();
                let dalek_sigs: Vec<ed25519_dalek::Signature> = sigs
                    .iter()
                    .map(|(s, _)| ed25519_dalek::Signature::from_bytes(&s.to_bytes()))
                    .collect();
                let dalek_keys: Vec<ed25519_dalek::VerifyingKey> =
                    sigs.iter().map(|(_, k)| *k.dalek()).collect();
                let dalek_messages: Vec<&[u8]> = messages.iter().map(Vec::as_slice).collect();
                let dalek =
                    ed25519_dalek::verify_batch(&dalek_messages, &dalek_sigs, &dalek_keys).is_ok();
                assert_eq!(batch_equation(&items), dalek, "{keys} keys, bad {bad:?}");
                assert_eq!(dalek, bad.is_none());
            }
        }
    }

    #[test]
    fn non_canonical_encodings_detected() {
        // y = p + 1 encodes the identity non-canonically.
        let mut y = PRIME;
        y[0] = 0xee;
        assert!(!is_canonical_point(&y));
        // (0, 1) with the sign bit set.
        let mut neg_zero = [0u8; 32];
        neg_zero[0] = 1;
        neg_zero[31] = 0x80;
        assert!(!is_canonical_point(&neg_zero));
        assert!(CompressedEdwardsY(neg_zero).decompress().is_some());
    }

    fn signed(n: usize) -> Vec<(Vec<u8>, Signature, PublicKey)> {
        (0..n)
            .map(|i| {
                let seed = [u8::try_from(i % 7).unwrap(); 32];
                let key = SigningKey::from_seed(KeyId::parse("ed25519:k").unwrap(), &seed).unwrap();
                let message = format!("message {i}").into_bytes();
                let signature = key.sign(&message);
                (message, signature, *key.public_key())
            })
            .collect()
    }

    fn batch_of(items: &[(Vec<u8>, Signature, PublicKey)]) -> SignatureBatch<'_> {
        let mut batch = SignatureBatch::new();
        for (m, s, k) in items {
            let i = batch.add_message(m.as_slice());
            batch.push(i, *s, *k);
        }
        batch
    }

    #[test]
    fn all_valid_in_both_modes() {
        for n in [0, 1, 3, 4, 9, 40, 100] {
            let items = signed(n);
            let batch = batch_of(&items);
            for mode in [BatchMode::Auto, BatchMode::OneByOne] {
                let r = batch.verify(mode);
                assert!(r.all_valid(), "n = {n}, {mode:?}");
                assert_eq!(r.as_slice().len(), n);
            }
        }
    }

    #[test]
    fn failures_are_located_exactly() {
        let mut items = signed(100);
        let bad = [0, 13, 14, 57, 99];
        for &b in &bad {
            items[b].0.push(b'!');
        }
        let batch = batch_of(&items);
        for mode in [BatchMode::Auto, BatchMode::OneByOne] {
            assert_eq!(batch.verify(mode).failed().collect::<Vec<_>>(), bad);
        }
        // Every one bad.
        for item in &mut items {
            item.0.push(b'?');
        }
        assert_eq!(
            batch_of(&items).verify(BatchMode::Auto).failed().count(),
            100
        );
    }

    /// A single bad signature is found wherever it is: the bisection
    /// descends into the left half, the right half, or neither, and the
    /// rest of the batch stays valid; so are two bad ones in either half.
    #[test]
    fn a_bad_signature_is_found_at_every_position() {
        // 20 = two halves of 10, each split once more before single checks.
        let items = signed(20);
        let mut cases: Vec<Vec<usize>> = [0, 4, 5, 9, 10, 14, 15, 19].map(|b| vec![b]).into();
        cases.extend([vec![0, 1], vec![2, 7], vec![11, 19], vec![9, 10]]);
        for bad in cases {
            let mut items = items.clone();
            for &b in &bad {
                items[b].0.push(b'!');
            }
            let result = batch_of(&items).verify(BatchMode::Auto);
            assert_eq!(result.failed().collect::<Vec<_>>(), bad);
        }
    }

    #[test]
    fn unknown_message_index_fails() {
        let items = signed(1);
        let mut batch = SignatureBatch::new();
        batch.push(3, items[0].1, items[0].2);
        assert!(!batch.verify(BatchMode::Auto).is_valid(0));
        assert!(!batch.verify(BatchMode::Auto).is_valid(7));
    }

    /// P1-29: a small-order key with an all-zero-R signature (which Go's
    /// crypto/ed25519 accepts for any message) fails in the batch as in
    /// single strict verification, even among valid signatures.
    #[test]
    fn p1_29_small_order_key_and_r_rejected_in_batch() {
        let identity = PublicKey::from_bytes(&SMALL_ORDER[0]).unwrap();
        assert!(identity.is_weak());
        let mut sig = [0u8; 64];
        sig[..32].copy_from_slice(&SMALL_ORDER[0]);
        let forged = Signature::from_bytes(&sig);
        let mut items = signed(20);
        items.push((b"anything".to_vec(), forged, identity));
        let batch = batch_of(&items);
        for mode in [BatchMode::Auto, BatchMode::OneByOne] {
            assert_eq!(batch.verify(mode).failed().collect::<Vec<_>>(), [20]);
        }
        assert!(identity.verify(b"anything", &forged).is_err());
    }

    /// P1-29: a non-canonical `s` (s + ℓ) is rejected in both modes.
    #[test]
    fn p1_29_non_canonical_s_rejected() {
        let mut items = signed(20);
        let mut bytes = items[5].1.to_bytes();
        let s = Scalar::from_canonical_bytes(bytes[32..].try_into().unwrap()).unwrap();
        // s + ℓ as an unreduced 256-bit number, when it fits.
        let mut carry = 0u16;
        let mut sum = [0u8; 32];
        for (i, byte) in sum.iter_mut().enumerate() {
            let t = u16::from(s.as_bytes()[i]) + u16::from(ORDER[i]) + carry;
            *byte = (t & 0xff) as u8;
            carry = t >> 8;
        }
        if carry == 0 {
            bytes[32..].copy_from_slice(&sum);
            items[5].1 = Signature::from_bytes(&bytes);
            let batch = batch_of(&items);
            for mode in [BatchMode::Auto, BatchMode::OneByOne] {
                assert_eq!(batch.verify(mode).failed().collect::<Vec<_>>(), [5]);
            }
        }
    }

    /// P1-29: a valid signature whose `R` is re-encoded non-canonically
    /// (y + p) is rejected in both modes, as `verify_strict` does.
    #[test]
    fn p1_29_non_canonical_r_rejected() {
        // Find a signature whose R has y < 19, so that y + p still fits.
        // That is rare for real R, so build the case from the identity-like
        // encodings instead: R bytes of y = p + 1 never pass the prechecks.
        let mut items = signed(20);
        let mut bytes = items[3].1.to_bytes();
        let mut r = PRIME;
        r[0] = 0xee;
        bytes[..32].copy_from_slice(&r);
        items[3].1 = Signature::from_bytes(&bytes);
        let batch = batch_of(&items);
        for mode in [BatchMode::Auto, BatchMode::OneByOne] {
            assert_eq!(batch.verify(mode).failed().collect::<Vec<_>>(), [3]);
        }
    }

    /// Documented residual difference: a signature whose R has a small-order
    /// component, made by the key holder, fails strict verification; the
    /// batch may or may not catch it, but one-by-one mode always does.
    #[test]
    fn mixed_order_r_rejected_by_one_by_one_mode() {
        use sha2::{Digest, Sha512};
        let a = Scalar::from_bytes_mod_order([9u8; 32]);
        let public = curve25519_dalek::constants::ED25519_BASEPOINT_POINT * a;
        let key = PublicKey::from_bytes(&public.compress().to_bytes()).unwrap();
        let r = Scalar::from_bytes_mod_order([5u8; 32]);
        let big_r = curve25519_dalek::constants::ED25519_BASEPOINT_POINT * r + EIGHT_TORSION[1];
        let message = b"crafted";
        let mut h = Sha512::new();
        h.update(big_r.compress().as_bytes());
        h.update(key.as_bytes());
        h.update(message);
        let k = Scalar::from_hash(h);
        let s = r + k * a;
        let mut bytes = [0u8; 64];
        bytes[..32].copy_from_slice(big_r.compress().as_bytes());
        bytes[32..].copy_from_slice(s.as_bytes());
        let sig = Signature::from_bytes(&bytes);
        assert!(key.verify(message, &sig).is_err());
        let mut batch = SignatureBatch::new();
        let m = batch.add_message(&message[..]);
        batch.push(m, sig, key);
        assert!(!batch.verify(BatchMode::OneByOne).is_valid(0));
    }
}
