//! [`KeyTable`]: state keys `(type, state_key)` interned to dense slot
//! numbers.
//!
//! Open addressing over 8-byte entries (32 bits of the key's hash and the
//! slot), with the keys themselves in a separate list by slot: a large
//! room's table stays small enough for the cache, adding a key compares no
//! strings unless 32 bits of hash agree, and a match is confirmed by
//! comparing the keys, so colliding keys cost probes, never a wrong answer.

use std::hash::BuildHasher;

use crate::graph::{EMPTY, grown_table, probe_table, same_bytes};

/// State keys interned to slots `0..len`.
#[derive(Debug, Clone)]
pub(crate) struct KeyTable<'a, H> {
    hasher: H,
    /// `(hash as u32) << 32 | slot`, [`EMPTY`] when free; a power of two
    /// long, 64 entries at least, at most half full.
    table: Vec<u64>,
    /// The key of each slot.
    keys: Vec<(&'a str, &'a str)>,
}

impl<'a, H: BuildHasher> KeyTable<'a, H> {
    /// An empty table with room for `keys` keys before it grows.
    pub(crate) fn with_capacity(keys: usize, hasher: H) -> Self {
        let len = keys
            .saturating_mul(2)
            .checked_next_power_of_two()
            .unwrap_or(1 << 31)
            .max(64);
        Self {
            hasher,
            table: vec![EMPTY; len],
            keys: Vec::with_capacity(keys),
        }
    }

    #[inline]
    fn hash(&self, event_type: &str, state_key: &str) -> u32 {
        self.hasher.hash_one((event_type, state_key)) as u32
    }

    /// The slot of a key, if interned.
    #[inline]
    pub(crate) fn get(&self, event_type: &str, state_key: &str) -> Option<u32> {
        let hash = self.hash(event_type, state_key);
        probe_table(&self.table, hash, |s| self.is_key(s, event_type, state_key)).ok()
    }

    /// The slot of a key, interning it (as slot `len()`) if new. Returns
    /// the slot and whether it is new.
    #[inline]
    pub(crate) fn intern(&mut self, event_type: &'a str, state_key: &'a str) -> (u32, bool) {
        let hash = self.hash(event_type, state_key);
        let pos = match probe_table(&self.table, hash, |s| self.is_key(s, event_type, state_key)) {
            Ok(s) => return (s, false),
            Err(pos) => pos,
        };
        // Slots are `u32`, as event indices; a state set of 2^32 keys is
        // far past any budget.
        let s = self.keys.len() as u32;
        if let Some(entry) = self.table.get_mut(pos) {
            *entry = (u64::from(hash) << 32) | u64::from(s);
        }
        self.keys.push((event_type, state_key));
        if self.keys.len() * 2 > self.table.len() {
            self.table = grown_table(&self.table);
        }
        (s, true)
    }

    #[inline]
    fn is_key(&self, s: u32, event_type: &str, state_key: &str) -> bool {
        self.keys
            .get(s as usize)
            .is_some_and(|&(t, k)| same_bytes(k, state_key) && same_bytes(t, event_type))
    }

    /// The key of slot `s`.
    pub(crate) fn key(&self, s: u32) -> Option<(&'a str, &'a str)> {
        self.keys.get(s as usize).copied()
    }

    /// The number of keys.
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::hash::{BuildHasher, Hasher};

    use super::KeyTable;

    /// A hasher that maps every key to the same hash: every lookup walks
    /// the whole probe sequence and compares keys.
    #[derive(Clone, Copy)]
    struct Same;
    struct SameHasher;
    impl Hasher for SameHasher {
        fn finish(&self) -> u64 {
            7
        }
        fn write(&mut self, _: &[u8]) {}
    }
    impl BuildHasher for Same {
        type Hasher = SameHasher;
        fn build_hasher(&self) -> SameHasher {
            SameHasher
        }
    }

    /// Interning gives dense slots in order, the same slot for the same
    /// key (also when every hash collides and the table grows), and keys
    /// that differ only in where the type ends and the state key starts
    /// stay apart.
    #[test]
    fn slots_are_dense_and_keys_distinct_even_when_hashes_collide() {
        let strings: Vec<(String, String)> = (0..300)
            .map(|i| (format!("t{}", i % 7), format!("k{i}")))
            .chain([("ab".into(), "c".into()), ("a".into(), "bc".into())])
            .collect();
        let mut colliding = KeyTable::with_capacity(4, Same);
        let mut normal = KeyTable::with_capacity(4, std::hash::RandomState::new());
        let mut want = HashMap::new();
        for (t, k) in &strings {
            let next = want.len() as u32;
            let s = *want.entry((t.as_str(), k.as_str())).or_insert(next);
            assert_eq!(colliding.intern(t, k), (s, s == next));
            assert_eq!(normal.intern(t, k), (s, s == next));
        }
        for (t, k) in &strings {
            let s = want[&(t.as_str(), k.as_str())];
            assert_eq!(colliding.intern(t, k), (s, false));
            assert_eq!(colliding.get(t, k), Some(s));
            assert_eq!(normal.get(t, k), Some(s));
            assert_eq!(normal.key(s), Some((t.as_str(), k.as_str())));
        }
        assert_eq!(normal.get("t1", "missing"), None);
        assert_eq!(colliding.get("t1", "missing"), None);
        assert_eq!(normal.len(), want.len());
    }
}
