//! The output: the resolved state map.

use std::collections::BTreeMap;

use crate::hash::FoldState;
use crate::key_table::KeyTable;

use mxp_ids::{EventId, OwnedEventId};

/// The resolved state: `(event type, state key)` → event ID, borrowing the
/// strings from the input state sets and the events.
///
/// ```
/// # use mxp_state_res::ResolvedState;
/// fn topic<'a>(state: &ResolvedState<'a>) -> Option<&'a mxp_ids::EventId> {
///     state.get("m.room.topic", "")
/// }
/// ```
#[derive(Debug, Clone)]
pub struct ResolvedState<'a> {
    keys: KeyTable<'a, FoldState>,
    values: Vec<Option<&'a EventId>>,
    len: usize,
}

impl<'a> ResolvedState<'a> {
    pub(crate) fn new(keys: KeyTable<'a, FoldState>, values: Vec<Option<&'a EventId>>) -> Self {
        let len = values.iter().filter(|v| v.is_some()).count();
        Self { keys, values, len }
    }

    /// The event for a key.
    pub fn get(&self, event_type: &str, state_key: &str) -> Option<&'a EventId> {
        let s = self.keys.get(event_type, state_key)?;
        self.values.get(s as usize).copied().flatten()
    }

    /// The number of keys.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the state is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The entries, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = ((&'a str, &'a str), &'a EventId)> + '_ {
        self.values
            .iter()
            .zip(0..self.keys.len() as u32)
            .filter_map(|(v, s)| Some((self.keys.key(s)?, (*v)?)))
    }

    /// The entries sorted by key.
    pub fn to_sorted_vec(&self) -> Vec<((&'a str, &'a str), &'a EventId)> {
        let mut v: Vec<_> = self.iter().collect();
        v.sort_unstable_by_key(|&(k, _)| k);
        v
    }

    /// An owned copy, ordered by key.
    pub fn to_btree_map(&self) -> BTreeMap<(String, String), OwnedEventId> {
        self.iter()
            .map(|((t, k), id)| ((t.to_owned(), k.to_owned()), id.to_owned()))
            .collect()
    }
}

impl PartialEq for ResolvedState<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().all(|((t, k), id)| other.get(t, k) == Some(id))
    }
}

impl Eq for ResolvedState<'_> {}
