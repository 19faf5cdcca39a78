//! Interned events: every event ID seen gets a dense index, every loaded event
//! its `auth_events` as indices. All later passes work on indices.
//!
//! Indexing: an [`Ix`] is only ever made by [`Graph::intern`], which pushes the
//! node it names, and nodes are never removed; so `nodes[ix]` and per-node
//! side tables sized to [`Graph::len`] cannot go out of bounds. Untrusted data
//! never becomes an index without going through `intern`.

use std::hash::BuildHasher;

use mxp_events::Event;
use mxp_ids::{EventId, RoomId};
use mxp_room_versions::RoomVersionRules;

use crate::budget::Meter;

mod facts;
mod seed;
mod warm;
use crate::{EventSource, Rejection, ResolveError};
pub(crate) use facts::{
    CREATE, Facts, JOIN_RULES, MEMBER, POWER_LEVELS, classify, implied_create_room, join_rule,
    kind, membership,
};
pub(crate) use warm::WARM_BATCH;

/// A dense event index.
pub(crate) type Ix = u32;

/// "No event".
pub(crate) const NONE: Ix = Ix::MAX;

/// The most events (or state set entries) tables are sized for up front, so
/// that a caller's claim (a size hint) cannot make a huge allocation; past
/// it, tables grow as entries come.
pub(crate) const MAX_PRESIZE: usize = 1 << 20;

/// The per-event facts of a [`RoomEvents`] store that a seeded graph reads
/// instead of the events, by index.
#[derive(Clone, Copy)]
pub(super) struct Seed<'a> {
    /// The state keys (the store's copies).
    pub(super) state_keys: &'a [Option<Box<str>>],
    /// The sender powers computed when events were added.
    pub(super) powers: &'a [Option<crate::power::Power>],
}

#[derive(Debug)]
struct Node<'a, E> {
    id: &'a EventId,
    event: Option<&'a E>,
    /// Whether the auth events have been interned into `edges`.
    expanded: bool,
    /// [`kind`], valid once fetched.
    kind: u8,
    /// [`membership`] of a member event, [`join_rule`] of a join rules
    /// event, or 1 if a create event federates (0 if not), valid once fetched.
    membership: u8,
    /// Whether it is a power event (`SR-v2-D1`), valid once fetched.
    power: bool,
    /// Whether a member event's content has `join_authorised_via_users_server`,
    /// valid once fetched.
    authoriser: bool,
    /// Whether a member event's state key is its sender, valid once fetched.
    self_target: bool,
    /// Whether every auth event in `edges` has been fetched.
    edges_fetched: bool,
    edges_start: u32,
    edges_len: u32,
    /// `depth`, valid once fetched.
    depth: i64,
    /// `origin_server_ts`, valid once fetched.
    ts: i64,
    /// The power levels auth event (`NONE` if it has none), or `UNSEARCHED`.
    pl_auth: Ix,
    /// How the source says the event was rejected, valid once fetched.
    rejection: Option<Rejection>,
}

/// [`Node::pl_auth`] not looked up yet. Never an index: `intern` stops
/// before it.
const UNSEARCHED: Ix = NONE - 1;

/// The number of events from which resolution warms the caches.
pub(crate) const WARM_MIN: usize = 256;

/// A free slot of the ID table (its index part is `NONE`, never a real index).
pub(crate) const EMPTY: u64 = u64::MAX;

/// Whether two IDs are equal (see [`same_bytes`]).
#[inline]
fn same_id(a: &EventId, b: &EventId) -> bool {
    same_bytes(a.as_str(), b.as_str())
}

/// Whether two strings are equal, comparing eight bytes at a time (event
/// IDs are 44 bytes from room version 4 on; types and user IDs are mostly
/// 8–30). The last word overlaps the one before, so no byte-wise tail (and
/// no `memcmp` call) is needed.
#[inline]
pub(crate) fn same_bytes(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let (Some(la), Some(lb)) = (a.last_chunk::<8>(), b.last_chunk::<8>()) else {
        // Shorter than a word.
        return a == b;
    };
    if la != lb {
        return false;
    }
    let (mut a, mut b) = (a, b);
    while let (Some((x, ra)), Some((y, rb))) =
        (a.split_first_chunk::<8>(), b.split_first_chunk::<8>())
    {
        if x != y {
            return false;
        }
        a = ra;
        b = rb;
    }
    true
}

/// The number of entries of [`Graph::recent`] (a power of two).
const RECENT: usize = 64;

/// The entry of [`Graph::recent`] for an ID: a multiplicative hash of the
/// eight bytes after the sigil (the first of the unpadded base64 hash in
/// room versions 3+). Not keyed: a collision only costs a miss.
#[inline]
fn recent_slot(id: &EventId) -> usize {
    let b = id.as_str().as_bytes();
    let x = b
        .get(1..)
        .and_then(|t| t.first_chunk::<8>())
        .map_or(b.len() as u64, |c| u64::from_le_bytes(*c));
    (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58) as usize & (RECENT - 1)
}

/// The interned events of one resolution.
pub(crate) struct Graph<'a, S: EventSource, H> {
    source: &'a S,
    pub(crate) rules: RoomVersionRules,
    hasher: H,
    /// Open addressing over the IDs: `(low 32 bits of the hash) << 32 | ix`,
    /// `EMPTY` for a free slot; at most half full.
    table: Vec<u64>,
    /// Recently interned events, direct-mapped by the bytes after the
    /// sigil: most auth events an event cites (create, power levels, join
    /// rules) were interned moments ago, and a hit here skips the hash. A
    /// hit is confirmed by comparing the IDs; `NONE` is a free entry.
    recent: [Ix; RECENT],
    nodes: Vec<Node<'a, S::Event>>,
    edges: Vec<Ix>,
    /// What the source returned for IDs looked up by cache warming, so
    /// that `fetch` does not look them up again: direct-mapped by the
    /// address of the ID reference looked up (empty until the first
    /// warming).
    stash: Vec<(Option<&'a EventId>, Option<&'a S::Event>)>,
    /// Whether [`Graph::reserve`] was told of a large input.
    warm: bool,
    /// The number of events from which to warm ([`WARM_MIN`]; tests vary
    /// it to compare resolution with and without warming).
    pub(crate) warm_min: usize,
    /// Scratch space of cache warming.
    warm_ids: Vec<&'a EventId>,
    /// Scratch space of cache warming.
    warm_found: Vec<&'a S::Event>,
    /// Scratch space of cache warming: events whose keys grouping compares.
    warm_keys: Vec<(Ix, u8, &'a S::Event)>,
    /// Scratch space of cache warming: indices the ID table suggests.
    warm_guessed: Vec<Ix>,
    pub(crate) meter: Meter,
    /// The last room whose implicit create event was looked up (v12).
    implicit_create: Option<(&'a RoomId, Ix)>,
    /// What a [`RoomEvents`] store read when its events were added, by
    /// index (`None`: not seeded from a store).
    pub(super) seed: Option<Seed<'a>>,
}

impl<'a, S: EventSource, H: BuildHasher> Graph<'a, S, H> {
    pub(crate) fn new(source: &'a S, rules: RoomVersionRules, meter: Meter, hasher: H) -> Self {
        Self::with_table(source, rules, meter, hasher, vec![EMPTY; 64])
    }

    /// A graph with no nodes yet and this ID table.
    pub(super) fn with_table(
        source: &'a S,
        rules: RoomVersionRules,
        meter: Meter,
        hasher: H,
        table: Vec<u64>,
    ) -> Self {
        Self {
            source,
            rules,
            hasher,
            table,
            recent: [NONE; RECENT],
            nodes: Vec::new(),
            edges: Vec::new(),
            stash: Vec::new(),
            warm: false,
            warm_min: WARM_MIN,
            warm_ids: Vec::new(),
            warm_found: Vec::new(),
            warm_keys: Vec::new(),
            warm_guessed: Vec::new(),
            meter,
            implicit_create: None,
            seed: None,
        }
    }

    /// Reserves room for `events` events (at least the state sets' entries;
    /// the tables grow from there), and for [`SMALL_GRAPH`] at least.
    pub(crate) fn reserve(&mut self, events: usize) {
        let events = events.min(MAX_PRESIZE);
        self.warm |= events >= self.warm_min;
        if self.seed.is_some() {
            // Its events are all in: only a missing one would be added.
            return;
        }
        let room = events.max(SMALL_GRAPH);
        self.nodes.reserve(room.saturating_sub(self.nodes.len()));
        self.edges
            .reserve(room.saturating_mul(4).saturating_sub(self.edges.len()));
    }

    /// The number of events the node table has room for.
    pub(crate) fn node_capacity(&self) -> usize {
        self.nodes.capacity()
    }

    /// A new side table with an entry `fill` per interned event, and room
    /// for [`SMALL_GRAPH`] events at least: a small resolution then never
    /// grows it, and a large one grows it by doubling ([`grow_to`]) only if
    /// its walk interns more events.
    pub(crate) fn side_table<T: Copy>(&self, fill: T) -> Vec<T> {
        side_table(self.nodes.len(), 1, fill)
    }

    /// Whether cache warming pays (see [`warm`]): the input or the graph is
    /// large. Small inputs stay in the cache, and warming would only add
    /// work.
    #[inline]
    pub(crate) fn warming(&self) -> bool {
        self.warm || self.nodes.len() >= self.warm_min
    }

    /// The number of interned events.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.nodes.len()
    }

    /// The index of `id`, interning it (without loading) if new.
    ///
    /// The hash is keyed (random seeds by default) and covers every byte, and
    /// a match is confirmed by comparing the IDs, so colliding IDs cost probes,
    /// never a wrong answer.
    /// Inlined: most calls hit the cache of recent IDs.
    #[inline]
    pub(crate) fn intern(&mut self, id: &'a EventId) -> Result<Ix, ResolveError> {
        let r = recent_slot(id);
        // `r` is masked to `RECENT - 1`; a cached index was made by `intern`.
        let ix = self.recent[r];
        if ix != NONE && same_id(self.id(ix), id) {
            return Ok(ix);
        }
        self.intern_miss(id, r)
    }

    /// [`Graph::intern`] of an ID not in the cache of recent IDs.
    #[inline(never)]
    fn intern_miss(&mut self, id: &'a EventId, r: usize) -> Result<Ix, ResolveError> {
        let ix = self.intern_hashed(id)?;
        self.recent[r] = ix;
        Ok(ix)
    }

    /// [`Graph::intern`] through the hash table.
    #[inline]
    fn intern_hashed(&mut self, id: &'a EventId) -> Result<Ix, ResolveError> {
        let hash = self.hasher.hash_one(id.as_str().as_bytes()) as u32;
        let pos = match self.probe(hash, |ix| same_id(self.id(ix), id)) {
            Ok(ix) => return Ok(ix),
            Err(pos) => pos,
        };
        let ix = Ix::try_from(self.nodes.len())
            .ok()
            .filter(|&ix| ix < UNSEARCHED)
            .ok_or(ResolveError::TooManyEvents)?;
        self.meter.spend(1)?;
        self.table[pos] = (u64::from(hash) << 32) | u64::from(ix);
        self.nodes.push(Node {
            id,
            event: None,
            expanded: false,
            kind: kind::NON_STATE,
            membership: membership::NONE,
            power: false,
            authoriser: false,
            self_target: false,
            edges_fetched: false,
            edges_start: 0,
            edges_len: 0,
            depth: 0,
            ts: 0,
            pl_auth: UNSEARCHED,
            rejection: None,
        });
        if self.nodes.len() * 2 > self.table.len() {
            self.grow_table();
        }
        Ok(ix)
    }

    /// Probes the ID table for `hash` (see [`probe_table`]).
    #[inline]
    pub(super) fn probe(&self, hash: u32, matches: impl FnMut(Ix) -> bool) -> Result<Ix, usize> {
        probe_table(&self.table, hash, matches)
    }

    fn grow_table(&mut self) {
        self.table = grown_table(&self.table);
    }

    /// The ID of an interned event.
    #[inline]
    pub(crate) fn id(&self, ix: Ix) -> &'a EventId {
        self.nodes[ix as usize].id
    }

    /// The event, if loaded.
    #[inline]
    pub(crate) fn event(&self, ix: Ix) -> Option<&'a S::Event> {
        self.nodes[ix as usize].event
    }

    /// The rejection status the source reported for a fetched event.
    pub(crate) fn rejection(&self, ix: Ix) -> Option<Rejection> {
        self.nodes[ix as usize].rejection
    }

    /// The precomputed auth chain of an event, if the source has one.
    pub(crate) fn source_auth_chain(&self, ix: Ix) -> Option<&'a [mxp_ids::OwnedEventId]> {
        self.source.auth_chain(self.id(ix))
    }

    /// Fetches the event from the source, without interning its auth events.
    /// Inlined: most calls find the event fetched already.
    #[inline]
    pub(crate) fn fetch(&mut self, ix: Ix) -> Result<&'a S::Event, ResolveError> {
        match self.nodes[ix as usize].event {
            Some(e) => Ok(e),
            None => self.fetch_new(ix),
        }
    }

    /// [`Graph::fetch`] of an event not fetched yet.
    #[inline(never)]
    fn fetch_new(&mut self, ix: Ix) -> Result<&'a S::Event, ResolveError> {
        let id = self.id(ix);
        let event = match self.stashed(id) {
            Some(e) => e,
            None => self
                .source
                .event(id)
                .ok_or_else(|| ResolveError::MissingEvent {
                    event_id: id.to_owned(),
                })?,
        };
        self.meter.spend(1)?;
        let facts = classify(event);
        // Asked once here, as the facts are, not at every check.
        let rejection = self.source.rejection(id);
        let node = &mut self.nodes[ix as usize];
        node.rejection = rejection;
        node.event = Some(event);
        node.kind = facts.kind;
        node.membership = facts.membership;
        node.power = facts.power;
        node.authoriser = facts.authoriser;
        node.self_target = facts.self_target;
        node.depth = event.depth();
        node.ts = event.origin_server_ts();
        Ok(event)
    }

    /// The state key of the fetched event `ix`: the store's copy for an
    /// event of a [`RoomEvents`], else the event's.
    #[inline]
    pub(crate) fn state_key_of(&self, ix: Ix, event: &'a S::Event) -> Option<&'a str> {
        match self.seed.and_then(|s| s.state_keys.get(ix as usize)) {
            Some(key) => key.as_deref(),
            None => event.state_key(),
        }
    }

    /// The sender power a [`RoomEvents`] computed for `ix`, if any.
    #[inline]
    pub(crate) fn seeded_power(&self, ix: Ix) -> Option<crate::power::Power> {
        self.seed?.powers.get(ix as usize).copied().flatten()
    }

    /// The `origin_server_ts` of a fetched event.
    #[inline]
    pub(crate) fn ts(&self, ix: Ix) -> i64 {
        self.nodes[ix as usize].ts
    }

    /// The [`kind`] of a fetched event.
    #[inline]
    pub(crate) fn kind(&self, ix: Ix) -> u8 {
        self.nodes[ix as usize].kind
    }

    /// Whether a fetched member event's content has
    /// `join_authorised_via_users_server`.
    #[inline]
    pub(crate) fn has_authoriser(&self, ix: Ix) -> bool {
        self.nodes[ix as usize].authoriser
    }

    /// Whether a fetched member event's state key is its sender.
    #[inline]
    pub(crate) fn is_self_target(&self, ix: Ix) -> bool {
        self.nodes[ix as usize].self_target
    }

    /// The [`membership`] of a fetched member event, the [`join_rule`]
    /// of a fetched join rules event, or 1 if a fetched create event
    /// federates (0 if not).
    #[inline]
    pub(crate) fn membership(&self, ix: Ix) -> u8 {
        self.nodes[ix as usize].membership
    }

    /// Whether a fetched event is a power event (`SR-v2-D1`).
    #[inline]
    pub(crate) fn is_power(&self, ix: Ix) -> bool {
        self.nodes[ix as usize].power
    }

    /// The `depth` of a fetched event.
    #[inline]
    pub(crate) fn fetched_depth(&self, ix: Ix) -> i64 {
        self.nodes[ix as usize].depth
    }

    /// The `depth` of an event, fetching it if needed.
    #[inline]
    pub(crate) fn depth(&mut self, ix: Ix) -> Result<i64, ResolveError> {
        if self.nodes[ix as usize].event.is_none() {
            self.fetch(ix)?;
        }
        Ok(self.nodes[ix as usize].depth)
    }

    /// Fetches the event and interns its auth events (plus, in v12, the
    /// implicit create event, `SR-v21-N1`).
    /// Inlined: most calls find the event loaded already.
    #[inline]
    pub(crate) fn load(&mut self, ix: Ix) -> Result<&'a S::Event, ResolveError> {
        let node = &self.nodes[ix as usize];
        match node.event {
            Some(e) if node.expanded => Ok(e),
            _ => self.load_new(ix),
        }
    }

    /// [`Graph::load`] of an event not loaded yet.
    #[inline(never)]
    fn load_new(&mut self, ix: Ix) -> Result<&'a S::Event, ResolveError> {
        let event = self.fetch(ix)?;
        if self.nodes[ix as usize].expanded {
            return Ok(event);
        }
        let auth = event.auth_events();
        self.meter.spend(auth.len() as u64)?;
        let start = self.edges.len();
        for a in auth {
            let a = self.intern(a.as_id())?;
            self.edges.push(a);
        }
        if let Some(room) = implied_create_room(&self.rules, event) {
            let create = self.implicit_create(room)?;
            if create != NONE && !self.edges[start..].contains(&create) {
                self.edges.push(create);
            }
        }
        let start32 = u32::try_from(start).map_err(|_| ResolveError::TooManyEvents)?;
        let len32 =
            u32::try_from(self.edges.len() - start).map_err(|_| ResolveError::TooManyEvents)?;
        let n = &mut self.nodes[ix as usize];
        n.expanded = true;
        n.edges_start = start32;
        n.edges_len = len32;
        Ok(event)
    }

    fn implicit_create(&mut self, room: &'a RoomId) -> Result<Ix, ResolveError> {
        if let Some((r, ix)) = self.implicit_create
            && r == room
        {
            return Ok(ix);
        }
        // A v1–v11 style room ID has no implicit create event: nothing to add
        // (such an event fails `room_id_is_create_event` in the auth rules).
        let Some(create_id) = room.create_event_id() else {
            return Ok(NONE);
        };
        let create = self
            .source
            .event(&create_id)
            .ok_or(ResolveError::MissingEvent {
                event_id: create_id,
            })?;
        let ix = self.intern(create.event_id())?;
        self.implicit_create = Some((room, ix));
        Ok(ix)
    }

    /// The auth events of a loaded event, as indices (empty if not loaded).
    #[inline]
    pub(crate) fn edges(&self, ix: Ix) -> &[Ix] {
        let n = &self.nodes[ix as usize];
        let s = n.edges_start as usize;
        &self.edges[s..s + n.edges_len as usize]
    }

    /// The auth events of `ix`, loading it first. Returned by value range so
    /// the caller can keep mutating the graph.
    pub(crate) fn load_edges(&mut self, ix: Ix) -> Result<EdgeRange, ResolveError> {
        self.load(ix)?;
        let n = &self.nodes[ix as usize];
        Ok(EdgeRange {
            next: n.edges_start as usize,
            end: n.edges_start as usize + n.edges_len as usize,
        })
    }

    /// Fetches every auth event of `ix` (loading `ix` first), once.
    #[inline]
    pub(crate) fn fetch_edges(&mut self, ix: Ix) -> Result<(), ResolveError> {
        if self.nodes[ix as usize].edges_fetched {
            return Ok(());
        }
        let range = self.load_edges(ix)?;
        for i in range.next..range.end {
            let a = self.edges[i];
            self.fetch(a)?;
        }
        self.note_edges_fetched(ix);
        Ok(())
    }

    /// Records that every auth event of the loaded event `ix` is fetched.
    #[inline]
    pub(crate) fn note_edges_fetched(&mut self, ix: Ix) {
        self.nodes[ix as usize].edges_fetched = true;
    }

    /// The `i`-th edge of the flat edge list.
    #[inline]
    pub(crate) fn edge_at(&self, i: usize) -> Ix {
        self.edges[i]
    }

    /// The first auth event of `ix` of this [`kind`] (`CREATE`,
    /// `POWER_LEVELS` or `JOIN_RULES`: the type with state key `""`),
    /// loading `ix` and fetching its auth events as needed.
    pub(crate) fn auth_event_of_kind(&mut self, ix: Ix, k: u8) -> Result<Option<Ix>, ResolveError> {
        if k == kind::POWER_LEVELS {
            let memo = self.nodes[ix as usize].pl_auth;
            if memo != UNSEARCHED {
                return Ok((memo != NONE).then_some(memo));
            }
            let found = self.search_auth_event(ix, k)?;
            self.nodes[ix as usize].pl_auth = found.unwrap_or(NONE);
            return Ok(found);
        }
        self.search_auth_event(ix, k)
    }

    /// Records the first power levels auth event of the loaded event `ix`
    /// (`NONE`: it has none), found by a caller that fetched every auth
    /// event of `ix` in order.
    pub(crate) fn note_pl_auth(&mut self, ix: Ix, pl: Ix) {
        self.nodes[ix as usize].pl_auth = pl;
    }

    fn search_auth_event(&mut self, ix: Ix, k: u8) -> Result<Option<Ix>, ResolveError> {
        let range = self.load_edges(ix)?;
        for i in range.next..range.end {
            let a = self.edge_at(i);
            if self.nodes[a as usize].event.is_none() {
                self.fetch(a)?;
            }
            if self.nodes[a as usize].kind == k {
                return Ok(Some(a));
            }
        }
        Ok(None)
    }
}

/// Probes an ID table (open addressing, `(low 32 bits of the hash) << 32 |
/// ix` per entry, [`EMPTY`] for a free one, a power-of-two length of 64 at
/// least, at most half full) for `hash`: the first index stored under that
/// hash that `matches` accepts, or else the free slot where a new entry for
/// it goes.
#[inline]
pub(crate) fn probe_table(
    table: &[u64],
    hash: u32,
    mut matches: impl FnMut(Ix) -> bool,
) -> Result<Ix, usize> {
    let mask = table.len() - 1;
    let mut pos = hash as usize & mask;
    // Tables are never empty (64 entries at least) and at most half full,
    // so a free slot ends every probe.
    loop {
        // `pos` is masked to the table, whose length is a power of two.
        let entry = table[pos];
        if entry == EMPTY {
            return Err(pos);
        }
        if (entry >> 32) as u32 == hash && matches(entry as Ix) {
            return Ok(entry as Ix);
        }
        pos = (pos + 1) & mask;
    }
}

/// An ID table twice as long with the same entries (see [`probe_table`]).
pub(crate) fn grown_table(table: &[u64]) -> Vec<u64> {
    let len = (table.len() * 2).max(64);
    let mask = len - 1;
    let mut grown = vec![EMPTY; len];
    for &entry in table {
        if entry == EMPTY {
            continue;
        }
        let mut pos = (entry >> 32) as usize & mask;
        while grown[pos] != EMPTY {
            pos = (pos + 1) & mask;
        }
        grown[pos] = entry;
    }
    grown
}

/// The node capacity reserved for any input, so that a small resolution
/// (a few dozen events) never grows its tables: the classic scenario then
/// makes 28 allocations instead of 33 and runs 2% fewer instructions. 64
/// saves another 1% but doubles its peak heap.
pub(crate) const SMALL_GRAPH: usize = 32;

/// A table of `per` entries `fill` for each of `events` events, with room
/// for [`SMALL_GRAPH`] events at least (see [`Graph::side_table`]).
pub(crate) fn side_table<T: Copy>(events: usize, per: usize, fill: T) -> Vec<T> {
    let mut table = Vec::with_capacity(events.max(SMALL_GRAPH).saturating_mul(per));
    table.resize(events.saturating_mul(per), fill);
    table
}

/// Extends a side table (per node, per depth…) to at least `len` entries,
/// new ones `fill`. It may grow further (up to twice its length), so tables
/// grown one index at a time resize rarely: callers never read entries past
/// the indices they set, or read them as `fill`.
/// Inlined: the check runs once per event visited, the growth rarely.
#[inline]
pub(crate) fn grow_to<T: Copy>(v: &mut Vec<T>, len: usize, fill: T) {
    if v.len() < len {
        grow_cold(v, len, fill);
    }
}

#[cold]
#[inline(never)]
fn grow_cold<T: Copy>(v: &mut Vec<T>, len: usize, fill: T) {
    v.resize(len.max(v.len().saturating_mul(2)), fill);
}

/// A range of the flat edge list.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EdgeRange {
    pub(crate) next: usize,
    pub(crate) end: usize,
}

#[cfg(test)]
mod tests {
    use super::same_id;
    use mxp_ids::EventId;

    /// `same_id` agrees with `==` on short IDs (under a word), IDs that
    /// differ only in the overlapping last word, and IDs of other lengths.
    #[test]
    fn same_id_matches_string_equality() {
        let ids = [
            "$a:b.c",
            "$a:b.d",
            "$abcdefg:x",
            "$abcdefg:y",
            "$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg",
            "$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zh",
            "$Sqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg",
            "$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5:x.org",
        ];
        for a in ids {
            for b in ids {
                let (x, y) = (EventId::parse(a).unwrap(), EventId::parse(b).unwrap());
                assert_eq!(same_id(x, y), a == b, "{a} vs {b}");
            }
        }
    }
}
