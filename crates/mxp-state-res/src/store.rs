//! [`RoomEvents`]: a room's events, indexed for state resolution as they are
//! added, so that each resolution starts with them interned and loaded.

use std::hash::BuildHasher;

use mxp_events::Event;
use mxp_ids::{EventId, OwnedEventId};
use mxp_room_versions::RoomVersionRules;

use crate::graph::{
    EMPTY, Facts, Ix, NONE, classify, grown_table, implied_create_room, kind, probe_table,
    same_bytes,
};
use crate::hash::FoldState;
use crate::power::{self, Power};
use crate::{EventSource, Rejection, ResolveError};

/// What resolution reads of a stored event, read once when it was added.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StoredNode {
    pub(crate) facts: Facts,
    pub(crate) depth: i64,
    pub(crate) ts: i64,
    /// Its auth events in [`RoomEvents::edges`] (empty while pending).
    pub(crate) edges_start: u32,
    pub(crate) edges_len: u32,
    /// Its index in [`RoomEvents::events`] (`NONE` while pending).
    pub(crate) event: Ix,
}

/// The events of one room, kept for state resolution. A server keeps one
/// per room and adds events as they arrive; each is read once, when added
/// (its kind, membership, depth and auth events), and every resolution over
/// the store starts with all of them interned and loaded. It then reads
/// events only to check the state sets' keys and for the authorization
/// checks, which makes resolution of large rooms two and a half to four
/// times faster than over a map of events.
///
/// - **Use:** the store is an [`EventSource`]; pass it (or a reference to
///   it) to [`resolve`](crate::resolve) or
///   [`Resolver::resolve`](crate::Resolver::resolve). Record rejections
///   with [`RoomEvents::set_rejection`].
/// - **Same answer:** as with any source holding the same events and
///   rejections. Only in a room with several faults (two missing events, a
///   cycle and a missing event) may the error name another fault: over a
///   store every auth event is known before any is fetched.
/// - **Any order:** an event's auth events may be added after it.
/// - **One room version:** with other rules, resolution reads the store as
///   a plain source.
/// - **State events only:** resolution never reads anything else (auth
///   events and state set entries are state events), so messages need not
///   be added.
/// - **Cost:** each event is kept with copies of its ID and state key (so
///   that resolution compares them in memory laid out in the order events
///   were added), an ID table entry and a few bytes of facts. A state event
///   whose auth events are all in when it is added also gets its sender's
///   power level, by which resolution orders power events (`SR-N1`): it is
///   read from the event's own auth events, which never change. Each
///   resolution copies the store's tables, about 100 bytes per stored
///   event, and its budget is charged one step per stored event and auth
///   link up front.
///
/// ```
/// use mxp_room_versions::RoomVersionRules;
/// use mxp_state_res::RoomEvents;
/// use mxp_testkit::scenarios::ban_vs_power_levels;
///
/// let s = ban_vs_power_levels(RoomVersionRules::V11, "11");
/// let mut store = RoomEvents::new(&RoomVersionRules::V11);
/// for event in s.room.events().values() {
///     store.insert(event.clone())?;
/// }
/// let state = mxp_state_res::resolve(&RoomVersionRules::V11, &s.state_sets, &store)?;
/// let walked = mxp_state_res::resolve(&RoomVersionRules::V11, &s.state_sets, s.room.events())?;
/// assert_eq!(state.to_btree_map(), walked.to_btree_map());
/// # Ok::<(), mxp_state_res::ResolveError>(())
/// ```
#[derive(Debug, Clone)]
pub struct RoomEvents<E> {
    rules: RoomVersionRules,
    hasher: FoldState,
    /// The ID table over `ids` (see `graph::probe_table`).
    table: Vec<u64>,
    /// The ID of each slot: a copy, so that resolution compares IDs in
    /// memory laid out in the order events were added, not in the events.
    ids: Vec<OwnedEventId>,
    /// The events added, in the order they were: a slot's node gives its
    /// index (a resolution takes an event's address without reading it,
    /// as telling `Some` from `None` in an `Option<E>` would).
    events: Vec<E>,
    /// A copy of each event's state key, for the same reason as `ids`.
    state_keys: Vec<Option<Box<str>>>,
    nodes: Vec<StoredNode>,
    edges: Vec<Ix>,
    rejections: Vec<Option<Rejection>>,
    /// The sender power of each state event whose auth events were all
    /// added before it (`SR-N1`: read from its own auth events, which never
    /// change), by which the power events and their auth ancestors are
    /// ordered; `None` for the others, which resolution reads itself.
    powers: Vec<Option<Power>>,
    /// The number of events added.
    added: usize,
}

/// The parts of a store a resolution starts from.
pub(crate) struct Parts<'s, E> {
    pub(crate) rules: RoomVersionRules,
    pub(crate) hasher: FoldState,
    pub(crate) table: &'s [u64],
    pub(crate) ids: &'s [OwnedEventId],
    pub(crate) events: &'s [E],
    pub(crate) state_keys: &'s [Option<Box<str>>],
    pub(crate) nodes: &'s [StoredNode],
    pub(crate) edges: &'s [Ix],
    pub(crate) rejections: &'s [Option<Rejection>],
    pub(crate) powers: &'s [Option<Power>],
}

impl<E: Event> RoomEvents<E> {
    /// An empty store for a room version.
    pub fn new(rules: &RoomVersionRules) -> Self {
        Self {
            rules: *rules,
            hasher: FoldState::random(),
            table: vec![EMPTY; 64],
            ids: Vec::new(),
            events: Vec::new(),
            state_keys: Vec::new(),
            nodes: Vec::new(),
            edges: Vec::new(),
            rejections: Vec::new(),
            powers: Vec::new(),
            added: 0,
        }
    }

    /// The room version rules the store was made for.
    pub fn rules(&self) -> &RoomVersionRules {
        &self.rules
    }

    /// The number of events added.
    pub fn len(&self) -> usize {
        self.added
    }

    /// Whether no event was added.
    pub fn is_empty(&self) -> bool {
        self.added == 0
    }

    /// Adds an event, not rejected. Returns `false` (and keeps the store as
    /// it was) if an event with its ID was added before: an ID names one
    /// event.
    ///
    /// Fails only with [`ResolveError::TooManyEvents`], past 2^32 − 2
    /// events and cited IDs.
    pub fn insert(&mut self, event: E) -> Result<bool, ResolveError> {
        let own = match self.lookup(event.event_id()) {
            Ok(ix) if self.event_index(ix).is_some() => {
                return Ok(false);
            }
            Ok(ix) => ix,
            Err(free) => self.push_pending(event.event_id().to_owned(), free)?,
        };
        let edges_start = self.edges.len();
        for a in event.auth_events() {
            let a = self.intern(a.as_id())?;
            self.edges.push(a);
        }
        // v12: the create event the room ID names is an auth event of every
        // other event (`SR-v21-N1`), as `Graph::load` adds it.
        if let Some(create) =
            implied_create_room(&self.rules, &event).and_then(|r| r.create_event_id())
        {
            let c = self.intern(&create)?;
            if !self
                .edges
                .get(edges_start..)
                .unwrap_or_default()
                .contains(&c)
            {
                self.edges.push(c);
            }
        }
        let start = u32::try_from(edges_start).map_err(|_| ResolveError::TooManyEvents)?;
        let len = u32::try_from(self.edges.len() - edges_start)
            .map_err(|_| ResolveError::TooManyEvents)?;
        let node = StoredNode {
            facts: classify(&event),
            depth: event.depth(),
            ts: event.origin_server_ts(),
            edges_start: start,
            edges_len: len,
            event: Ix::try_from(self.events.len())
                .ok()
                .filter(|&e| e != NONE)
                .ok_or(ResolveError::TooManyEvents)?,
        };
        let power = if node.facts.kind != kind::NON_STATE {
            self.sender_power(&event, edges_start)
        } else {
            None
        };
        let i = own as usize;
        if let (Some(n), Some(key), Some(p)) = (
            self.nodes.get_mut(i),
            self.state_keys.get_mut(i),
            self.powers.get_mut(i),
        ) {
            *n = node;
            *key = event.state_key().map(Box::from);
            *p = power;
            self.events.push(event);
            self.added += 1;
        }
        Ok(true)
    }

    /// The sender power of `event` as resolution orders power events by it
    /// (`power::sender_power`: its first create and power levels auth
    /// events), if every auth event from `edges_start` on is added (else
    /// resolution reads it, reporting what is missing).
    fn sender_power(&self, event: &E, edges_start: usize) -> Option<Power> {
        let mut create = None;
        let mut pl = None;
        for &a in self.edges.get(edges_start..)? {
            let stored = self.stored(a)?;
            let k = self.nodes.get(a as usize)?.facts.kind;
            if k == kind::CREATE && create.is_none() {
                create = Some(stored);
            } else if k == kind::POWER_LEVELS && pl.is_none() {
                pl = Some(stored);
            }
        }
        Some(power::power_from(&self.rules, event, create, pl))
    }

    /// Records how the event `id` was rejected on receipt (`None`: not
    /// rejected), as [`EventSource::rejection`] reports it. Returns `false`
    /// if no event with this ID was added.
    pub fn set_rejection(&mut self, id: &EventId, rejection: Option<Rejection>) -> bool {
        let Some(ix) = self.find(id) else {
            return false;
        };
        if self.event_index(ix).is_none() {
            return false;
        }
        match self.rejections.get_mut(ix as usize) {
            Some(r) => {
                *r = rejection;
                true
            }
            None => false,
        }
    }

    /// The event with this ID, if added.
    pub fn get(&self, id: &EventId) -> Option<&E> {
        self.stored(self.find(id)?)
    }

    /// The events added, in no particular order.
    pub fn events(&self) -> impl Iterator<Item = &E> {
        self.events.iter()
    }

    /// What a resolution starts from.
    pub(crate) fn parts(&self) -> Parts<'_, E> {
        Parts {
            rules: self.rules,
            hasher: self.hasher,
            table: &self.table,
            ids: &self.ids,
            events: &self.events,
            state_keys: &self.state_keys,
            nodes: &self.nodes,
            edges: &self.edges,
            rejections: &self.rejections,
            powers: &self.powers,
        }
    }

    /// The index in `events` of the event of slot `ix`, if added.
    fn event_index(&self, ix: Ix) -> Option<usize> {
        let e = self.nodes.get(ix as usize)?.event;
        (e != NONE).then_some(e as usize)
    }

    /// The event of slot `ix`, if added.
    fn stored(&self, ix: Ix) -> Option<&E> {
        self.events.get(self.event_index(ix)?)
    }

    fn slot_id(&self, ix: Ix) -> Option<&EventId> {
        self.ids.get(ix as usize).map(OwnedEventId::as_id)
    }

    fn hash(&self, id: &EventId) -> u32 {
        self.hasher.hash_one(id.as_str().as_bytes()) as u32
    }

    /// The slot of `id`, if stored or cited.
    fn find(&self, id: &EventId) -> Option<Ix> {
        self.lookup(id).ok()
    }

    /// The slot of `id`, or else its hash and the free table entry where
    /// it goes (so that adding it hashes and probes once).
    fn lookup(&self, id: &EventId) -> Result<Ix, (u32, usize)> {
        let hash = self.hash(id);
        let matches = |ix| {
            self.slot_id(ix)
                .is_some_and(|s| same_bytes(s.as_str(), id.as_str()))
        };
        probe_table(&self.table, hash, matches).map_err(|pos| (hash, pos))
    }

    /// The slot of `id`, made pending if new.
    fn intern(&mut self, id: &EventId) -> Result<Ix, ResolveError> {
        match self.lookup(id) {
            Ok(ix) => Ok(ix),
            Err(free) => self.push_pending(id.to_owned(), free),
        }
    }

    /// A new slot for `id`, without its event, at the free table entry
    /// `lookup` found for it.
    fn push_pending(
        &mut self,
        id: OwnedEventId,
        (hash, pos): (u32, usize),
    ) -> Result<Ix, ResolveError> {
        let ix = Ix::try_from(self.ids.len())
            .ok()
            .filter(|&ix| ix < NONE - 1)
            .ok_or(ResolveError::TooManyEvents)?;
        if let Some(entry) = self.table.get_mut(pos) {
            *entry = (u64::from(hash) << 32) | u64::from(ix);
        }
        self.ids.push(id);
        self.state_keys.push(None);
        self.nodes.push(StoredNode {
            // Never read: the node is not loaded until its event is added.
            facts: Facts::plain(kind::NON_STATE),
            depth: 0,
            ts: 0,
            edges_start: 0,
            edges_len: 0,
            event: NONE,
        });
        self.rejections.push(None);
        self.powers.push(None);
        if self.ids.len() * 2 > self.table.len() {
            self.table = grown_table(&self.table);
        }
        Ok(ix)
    }
}

impl<E: Event> EventSource for RoomEvents<E> {
    type Event = E;

    fn event(&self, id: &EventId) -> Option<&E> {
        self.get(id)
    }

    fn rejection(&self, id: &EventId) -> Option<Rejection> {
        let ix = self.find(id)?;
        self.rejections.get(ix as usize).copied().flatten()
    }

    fn room_events(&self) -> Option<&RoomEvents<E>> {
        Some(self)
    }
}
