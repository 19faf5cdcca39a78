//! The hasher of the internal maps: a folded-multiply hash keyed with random
//! seeds per resolution.
//!
//! Event IDs and state keys are attacker-influenced (v1–v2 event IDs and user
//! IDs are chosen by servers), so the hash is keyed: the seeds come from the
//! standard library's randomly seeded `RandomState`, so collisions cannot be
//! precomputed. It is several times faster than SipHash on the 44-byte event
//! IDs that dominate resolution. Results never depend on the seed: every
//! order the algorithm uses is defined by the spec's comparisons, not by map
//! iteration order (`SR-N7`; property-tested).

use std::hash::{BuildHasher, Hasher, RandomState};

const MUL: u64 = 0x9E37_79B9_7F4A_7C15;

#[inline]
fn fold(a: u64, b: u64) -> u64 {
    let r = u128::from(a).wrapping_mul(u128::from(b));
    (r as u64) ^ ((r >> 64) as u64)
}

/// Builds [`FoldHasher`]s with fixed seeds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FoldState {
    seeds: [u64; 3],
}

impl FoldState {
    /// Random seeds.
    pub(crate) fn random() -> Self {
        let s = RandomState::new();
        Self::with_seed(s.hash_one(0x6d78_7073_7461_7465u64))
    }

    /// Seeds derived from `seed`.
    pub(crate) fn with_seed(seed: u64) -> Self {
        let a = fold(seed ^ 0x243F_6A88_85A3_08D3, MUL) | 1;
        let b = fold(seed ^ 0x1319_8A2E_0370_7344, a) | 1;
        let c = fold(seed ^ 0xA409_3822_299F_31D0, b) | 1;
        Self { seeds: [a, b, c] }
    }
}

impl BuildHasher for FoldState {
    type Hasher = FoldHasher;
    #[inline]
    fn build_hasher(&self) -> FoldHasher {
        FoldHasher {
            acc: self.seeds[0],
            seeds: self.seeds,
        }
    }
}

/// The hasher.
#[derive(Debug, Clone)]
pub(crate) struct FoldHasher {
    acc: u64,
    seeds: [u64; 3],
}

#[inline]
fn first8(b: &[u8]) -> u64 {
    b.first_chunk::<8>().map_or(0, |c| u64::from_le_bytes(*c))
}

#[inline]
fn last8(b: &[u8]) -> u64 {
    b.last_chunk::<8>().map_or(0, |c| u64::from_le_bytes(*c))
}

#[inline]
fn first4(b: &[u8]) -> u64 {
    b.first_chunk::<4>()
        .map_or(0, |c| u64::from(u32::from_le_bytes(*c)))
}

#[inline]
fn last4(b: &[u8]) -> u64 {
    b.last_chunk::<4>()
        .map_or(0, |c| u64::from(u32::from_le_bytes(*c)))
}

impl Hasher for FoldHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let [_, s1, s2] = self.seeds;
        let mut acc = self.acc ^ (bytes.len() as u64).wrapping_mul(MUL);
        let mut rest = bytes;
        while let Some((chunk, tail)) = rest.split_first_chunk::<16>() {
            acc = fold(acc ^ first8(chunk) ^ s1, last8(chunk) ^ s2);
            rest = tail;
        }
        // The last 1–15 bytes, read as two possibly overlapping words (the
        // length is already mixed in, so overlaps cannot collide).
        let (lo, hi) = match rest.len() {
            0 => (0, 0),
            1..=3 => {
                let (a, b, c) = (
                    rest.first().copied().unwrap_or(0),
                    rest.get(rest.len() / 2).copied().unwrap_or(0),
                    rest.last().copied().unwrap_or(0),
                );
                (u64::from(a) | (u64::from(b) << 8) | (u64::from(c) << 16), 0)
            }
            4..=7 => (first4(rest), last4(rest)),
            _ => (first8(rest), last8(rest)),
        };
        if !rest.is_empty() {
            acc = fold(acc ^ lo ^ s1, hi ^ s2);
        }
        self.acc = acc;
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        // Only used for the `0xff` that ends a `str`: the next `write` or
        // `finish` mixes it, so a cheap combine is enough.
        self.acc = self.acc.rotate_left(8) ^ u64::from(i);
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.acc = fold(self.acc ^ i ^ self.seeds[1], MUL ^ self.seeds[2]);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        fold(self.acc, self.seeds[2])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_hashes_differ_and_repeat() {
        let a = FoldState::with_seed(1);
        let b = FoldState::with_seed(2);
        let id = "$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg";
        assert_eq!(a.hash_one(id), a.hash_one(id));
        assert_ne!(a.hash_one(id), b.hash_one(id));
        assert_ne!(a.hash_one("ab"), a.hash_one("ba"));
        assert_ne!(a.hash_one(("a", "bc")), a.hash_one(("ab", "c")));
    }
}
