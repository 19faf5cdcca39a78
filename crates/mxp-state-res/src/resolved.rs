//! The output: the resolved state map.

use std::collections::{BTreeMap, HashMap};

use crate::hash::FoldState;
use crate::keys::KeyRef;

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
    map: HashMap<KeyRef<'a>, u32, FoldState>,
    values: Vec<Option<&'a EventId>>,
    len: usize,
}

impl<'a> ResolvedState<'a> {
    pub(crate) fn new(
        map: HashMap<KeyRef<'a>, u32, FoldState>,
        values: Vec<Option<&'a EventId>>,
    ) -> Self {
        let len = values.iter().filter(|v| v.is_some()).count();
        Self { map, values, len }
    }

    /// The event for a key.
    pub fn get(&self, event_type: &str, state_key: &str) -> Option<&'a EventId> {
        let s = *self.map.get(&(event_type, state_key))?;
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
        self.map
            .iter()
            .filter_map(|(&k, &s)| Some((k.0, self.values.get(s as usize).copied().flatten()?)))
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
