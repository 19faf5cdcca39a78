//! State keys `(type, state_key)` interned to slots, and the grouping of the
//! input state sets into unconflicted and conflicted keys (`SR-v2-D2`, `SR-v1-1`).

use std::hash::BuildHasher;

use mxp_events::Event;
use mxp_ids::EventId;

use crate::graph::{
    CREATE, Graph, Ix, JOIN_RULES, MAX_PRESIZE, MEMBER, NONE, POWER_LEVELS, WARM_BATCH, grow_to,
    kind, same_bytes,
};
use crate::key_table::KeyTable;
use crate::{EventSource, ResolveError, StateSet};

/// What resolution knows about one key.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slot {
    /// The value of the first state set that has the key.
    pub(crate) first: Ix,
    /// How many state sets have the key.
    pub(crate) count: u32,
    /// Whether two sets disagree on the value.
    pub(crate) differs: bool,
    /// The value in the state being built (partial state, or v1's `R`).
    pub(crate) current: Ix,
}

/// Interned keys.
pub(crate) struct Keys<'a, H> {
    pub(crate) table: KeyTable<'a, H>,
    pub(crate) slots: Vec<Slot>,
    /// The slots of the keys every authorization check reads (create, power
    /// levels, join rules, each with an empty state key), or `NONE`: they are
    /// found without hashing.
    fixed: [u32; 3],
    /// The slot of each event's own key, by event index (`NONE`: not yet
    /// known), so that an event's key is hashed at most once.
    by_event: Vec<u32>,
}

/// The keys of [`Keys::fixed`] (with state key `""`), with their [`kind`].
pub(crate) const FIXED_KEYS: [(&str, Option<u8>); 3] = [
    (CREATE, Some(kind::CREATE)),
    (POWER_LEVELS, Some(kind::POWER_LEVELS)),
    (JOIN_RULES, Some(kind::JOIN_RULES)),
];

/// The index of the create key in [`FIXED_KEYS`].
pub(crate) const FIXED_CREATE: usize = 0;
/// The index of the join rules key in [`FIXED_KEYS`].
pub(crate) const FIXED_JOIN_RULES: usize = 2;

/// The index in [`Keys::fixed`] (and [`FIXED_KEYS`]) of a key, if it is one
/// of them.
#[inline]
pub(crate) fn fixed_index(event_type: &str, state_key: &str) -> Option<usize> {
    if !state_key.is_empty() {
        return None;
    }
    // The three types have different lengths, so one length test decides
    // which string to compare.
    match event_type.len() {
        13 if same_bytes(event_type, CREATE) => Some(0),
        19 if same_bytes(event_type, POWER_LEVELS) => Some(1),
        17 if same_bytes(event_type, JOIN_RULES) => Some(2),
        _ => None,
    }
}

impl<'a, H: BuildHasher> Keys<'a, H> {
    /// The slot of a key, if known.
    #[inline]
    pub(crate) fn get(&self, event_type: &str, state_key: &str) -> Option<&Slot> {
        if let Some(f) = fixed_index(event_type, state_key) {
            // `fixed` only ever holds slot indices made by `slot_of`.
            return self.slots.get(self.fixed[f] as usize);
        }
        let s = self.table.get(event_type, state_key)?;
        self.slots.get(s as usize)
    }

    /// The current value of a key (`NONE` if absent).
    #[inline]
    pub(crate) fn current(&self, event_type: &str, state_key: &str) -> Ix {
        self.get(event_type, state_key).map_or(NONE, |s| s.current)
    }

    /// The slot index of a key, creating an empty slot if new.
    pub(crate) fn slot_of(&mut self, event_type: &'a str, state_key: &'a str) -> u32 {
        let fixed = fixed_index(event_type, state_key);
        if let Some(f) = fixed
            && self.fixed[f] != NONE
        {
            return self.fixed[f];
        }
        // Keys of the common types hold the constant, not the event's copy of
        // the type: later lookups then compare against memory that is warm.
        let event_type = if event_type == MEMBER {
            MEMBER
        } else {
            event_type
        };
        let (s, new) = self.table.intern(event_type, state_key);
        if new {
            self.slots.push(Slot {
                first: NONE,
                count: 0,
                differs: false,
                current: NONE,
            });
        }
        if let Some(f) = fixed {
            self.fixed[f] = s;
        }
        s
    }

    /// Sets the current value of a key.
    pub(crate) fn set_current(&mut self, event_type: &'a str, state_key: &'a str, ix: Ix) {
        let s = self.slot_of(event_type, state_key);
        self.slots[s as usize].current = ix;
    }

    /// The slot of the key of event `ix`, whose type and state key are given.
    pub(crate) fn slot_of_event(&mut self, ix: Ix, event_type: &'a str, state_key: &'a str) -> u32 {
        if let Some(&s) = self.by_event.get(ix as usize)
            && s != NONE
        {
            return s;
        }
        let s = self.slot_of(event_type, state_key);
        self.note_slot(ix, s);
        s
    }

    /// Records that event `ix` has the key of slot `s` (the caller has
    /// compared the keys).
    pub(crate) fn note_slot(&mut self, ix: Ix, s: u32) {
        let i = ix as usize;
        grow_to(&mut self.by_event, i + 1, NONE);
        self.by_event[i] = s;
    }

    /// The slot of the key of event `ix`, if already known.
    #[inline]
    pub(crate) fn known_slot(&self, ix: Ix) -> Option<u32> {
        self.by_event
            .get(ix as usize)
            .copied()
            .filter(|&s| s != NONE)
    }

    /// The current value of the fixed key `f` (an index of [`FIXED_KEYS`]).
    #[inline]
    pub(crate) fn current_fixed(&self, f: usize) -> Ix {
        // `fixed` only ever holds slot indices made by `slot_of`, or `NONE`.
        self.fixed
            .get(f)
            .and_then(|&s| self.slots.get(s as usize))
            .map_or(NONE, |slot| slot.current)
    }

    /// The current value of slot `s`.
    #[inline]
    pub(crate) fn current_of_slot(&self, s: u32) -> Ix {
        self.slots.get(s as usize).map_or(NONE, |slot| slot.current)
    }

    /// Sets the current value of the key of event `ix` to `ix`.
    pub(crate) fn set_current_event(&mut self, ix: Ix, event_type: &'a str, state_key: &'a str) {
        let s = self.slot_of_event(ix, event_type, state_key);
        self.slots[s as usize].current = ix;
    }
}

/// The input state sets, interned.
pub(crate) struct Grouped<'a, H> {
    pub(crate) keys: Keys<'a, H>,
    /// `(slot, event)` for every entry of every set, set after set.
    pub(crate) entries: Vec<(u32, Ix)>,
    /// Where each set's entries end in `entries`.
    pub(crate) set_ends: Vec<usize>,
}

impl<H> Grouped<'_, H> {
    /// The number of state sets.
    pub(crate) fn set_count(&self) -> usize {
        self.set_ends.len()
    }

    /// The entries of set `i`.
    pub(crate) fn set(&self, i: usize) -> &[(u32, Ix)] {
        let start = if i == 0 { 0 } else { self.set_ends[i - 1] };
        &self.entries[start..self.set_ends[i]]
    }
}

/// Interns every entry of every set, loads its event and checks that the
/// event is a state event with the key the set gives it.
pub(crate) fn group<'a, S, H, T>(
    graph: &mut Graph<'a, S, H>,
    sets: &'a [T],
    hasher: H,
) -> Result<Grouped<'a, H>, ResolveError>
where
    S: EventSource,
    H: BuildHasher,
    T: StateSet,
{
    // Sized to the input (and to `SMALL_GRAPH` events at least); the tables
    // grow from there. A size hint is the caller's claim: the sum saturates
    // and is capped, so that a wrong one cannot make a huge allocation.
    let total = sets
        .iter()
        .map(|s| s.entries().size_hint().0)
        .fold(0usize, usize::saturating_add)
        .min(MAX_PRESIZE);
    graph.reserve(total);
    let per_set = total / sets.len().max(1) + 4;
    let mut keys = Keys {
        table: KeyTable::with_capacity(per_set, hasher),
        slots: Vec::with_capacity(per_set),
        fixed: [NONE; 3],
        // As long as the node table has room: most events are interned by
        // then, and their slots are noted without growing the table.
        by_event: vec![NONE; graph.node_capacity()],
    };
    let mut entries = Vec::with_capacity(total);
    let mut set_ends = Vec::with_capacity(sets.len());
    // Large inputs go through in batches, so that the caches are warmed for
    // a batch's events at once (`Graph::warm_fetches`).
    let warm = graph.warming();
    if !warm {
        // Small inputs stay in the cache: no batches.
        for set in sets {
            for (event_type, state_key, id) in set.entries() {
                group_entry(graph, &mut keys, &mut entries, event_type, state_key, id)?;
            }
            set_ends.push(entries.len());
        }
        return Ok(Grouped {
            keys,
            entries,
            set_ends,
        });
    }
    let mut batch: Vec<(&'a str, &'a str, &'a EventId)> = Vec::with_capacity(WARM_BATCH);
    let mut ids: Vec<&'a EventId> = Vec::new();
    let mut keys_batch: Vec<(&'a str, &'a str)> = Vec::new();
    for set in sets {
        let mut it = set.entries();
        loop {
            batch.clear();
            batch.extend(it.by_ref().take(WARM_BATCH));
            if batch.is_empty() {
                break;
            }
            ids.clear();
            ids.extend(batch.iter().map(|e| e.2));
            keys_batch.clear();
            keys_batch.extend(batch.iter().map(|e| (e.0, e.1)));
            graph.warm_fetches(&ids, &keys_batch);
            for &(event_type, state_key, id) in &batch {
                group_entry(graph, &mut keys, &mut entries, event_type, state_key, id)?;
            }
        }
        set_ends.push(entries.len());
    }
    Ok(Grouped {
        keys,
        entries,
        set_ends,
    })
}

/// One entry of [`group`].
fn group_entry<'a, S, H>(
    graph: &mut Graph<'a, S, H>,
    keys: &mut Keys<'a, H>,
    entries: &mut Vec<(u32, Ix)>,
    event_type: &'a str,
    state_key: &'a str,
    id: &'a EventId,
) -> Result<(), ResolveError>
where
    S: EventSource,
    H: BuildHasher,
{
    let ix = graph.intern(id)?;
    let event = graph.fetch(ix)?;
    // The kind read at fetch settles the type (and the empty state key of
    // the fixed keys) without reading the event's strings again.
    let k = graph.kind(ix);
    let same = match k {
        kind::NON_STATE => {
            return Err(ResolveError::NotAStateEvent {
                event_id: id.to_owned(),
            });
        }
        kind::MEMBER => {
            same_bytes(event_type, MEMBER) && graph.state_key_of(ix, event) == Some(state_key)
        }
        k if let Some(t) = kind::fixed_type(k) => state_key.is_empty() && same_bytes(event_type, t),
        _ => graph.state_key_of(ix, event) == Some(state_key) && event.event_type() == event_type,
    };
    if !same {
        return Err(ResolveError::KeyMismatch {
            event_type: event_type.to_owned(),
            state_key: state_key.to_owned(),
            event_id: id.to_owned(),
        });
    }
    let s = keys.slot_of_event(ix, event_type, state_key);
    let slot = &mut keys.slots[s as usize];
    if slot.count == 0 {
        slot.first = ix;
    } else if slot.first != ix {
        slot.differs = true;
    }
    slot.count += 1;
    entries.push((s, ix));
    Ok(())
}
