//! State resolution on arbitrary small rooms: forks built event by event (each
//! event authorised against its fork's state, rejected ones kept out of it),
//! merged by resolution, then bent by adversarial mutations (cycles,
//! dangling references, missing events).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use arbitrary::{Arbitrary, Unstructured};
use mxp_auth::{EventLookup, auth_types, check, check_state_independent};
use mxp_ids::{EventId, OwnedEventId};
use mxp_room_versions::{RoomVersionRules, StateResolution};
use mxp_state_res::{Budget, EventSource, Rejection, ResolveError, Resolver, RoomEvents};
use mxp_testkit::TestEvent;

use crate::room_gen::{EventSpec, Kind, build};

type StateMap = BTreeMap<(String, String), OwnedEventId>;

/// The fuzzer's input.
#[derive(Arbitrary, Debug)]
pub struct ResInput {
    version: u8,
    /// How the room grows.
    ops: Vec<Op>,
    /// Changes that make the graph hostile.
    mutations: Vec<Mutation>,
    /// The budget of the small-budget run.
    small_budget: u16,
}

/// One step of growing the room.
#[derive(Arbitrary, Debug)]
pub enum Op {
    /// Send an event on a fork.
    Send {
        /// The fork.
        fork: u8,
        /// The event.
        spec: EventSpec,
    },
    /// Start a new fork from an existing one.
    Fork(u8),
    /// Merge fork `b` into fork `a` by resolving their states.
    Merge(u8, u8),
}

/// A hostile change to the finished room.
#[derive(Arbitrary, Debug)]
pub enum Mutation {
    /// Add `auth_events` link from one event to another (may close a cycle).
    Link(u8, u8),
    /// Add an `auth_events` link to an event nobody has.
    Dangling(u8),
    /// Remove an event from the source (its ID stays referenced).
    Forget(u8),
    /// Put an event into a state set under its own key.
    Inject(u8, u8),
    /// Mark an event rejected (check 4) or soft-rejected (check 5).
    Reject(u8, bool),
}

/// Events by ID and which were rejected.
#[derive(Debug, Default)]
pub struct Source {
    events: HashMap<OwnedEventId, TestEvent>,
    rejected: HashMap<OwnedEventId, Rejection>,
}

impl EventSource for Source {
    type Event = TestEvent;
    fn event(&self, id: &EventId) -> Option<&TestEvent> {
        self.events.get(id)
    }
    fn rejection(&self, id: &EventId) -> Option<Rejection> {
        self.rejected.get(id).copied()
    }
}

/// A [`Source`] that also supplies exact auth chains (`EventSource::auth_chain`).
struct WithChains<'a> {
    source: &'a Source,
    chains: HashMap<OwnedEventId, Vec<OwnedEventId>>,
}

impl EventSource for WithChains<'_> {
    type Event = TestEvent;
    fn event(&self, id: &EventId) -> Option<&TestEvent> {
        EventSource::event(self.source, id)
    }
    fn rejection(&self, id: &EventId) -> Option<Rejection> {
        self.source.rejection(id)
    }
    fn auth_chain(&self, id: &EventId) -> Option<&[OwnedEventId]> {
        self.chains.get(id).map(Vec::as_slice)
    }
}

impl EventLookup for Source {
    type Event = TestEvent;
    fn event(&self, id: &EventId) -> Option<&TestEvent> {
        self.events.get(id)
    }
    fn is_rejected(&self, id: &EventId) -> bool {
        self.rejected.contains_key(id)
    }
}

#[derive(Debug, Clone, Default)]
struct Fork {
    state: StateMap,
    prev: Vec<OwnedEventId>,
    depth: i64,
}

/// A built room: the events, the state sets to resolve.
pub struct Built {
    /// The room version's rules.
    pub rules: &'static RoomVersionRules,
    /// Every event, and which were rejected.
    pub source: Source,
    /// The states of the forks.
    pub sets: Vec<StateMap>,
    /// The order events were sent in.
    pub order: Vec<OwnedEventId>,
}

fn state_events<'a>(source: &'a Source, state: &StateMap) -> Vec<&'a TestEvent> {
    state
        .values()
        .filter_map(|id| source.events.get(id))
        .collect()
}

/// Sends one event on a fork: auth events selected from the fork's state,
/// authorised against it, added to the state only if allowed.
fn send(
    rules: &RoomVersionRules,
    source: &mut Source,
    order: &mut Vec<OwnedEventId>,
    fork: &mut Fork,
    spec: &EventSpec,
) {
    let n = order.len();
    let mut event = build(
        rules,
        spec,
        n,
        Vec::new(),
        fork.prev.clone(),
        fork.depth + 1,
    );
    let mut auth = Vec::new();
    if event.event_type != "m.room.create" {
        for (t, k) in auth_types(rules, &event).iter() {
            if let Some(id) = fork.state.get(&(t.to_owned(), k.to_owned()))
                && !auth.contains(id)
            {
                auth.push(id.clone());
            }
        }
    }
    event.auth_events = auth;
    let state = state_events(source, &fork.state);
    let verdict = if check_state_independent(rules, &event, &*source).is_err() {
        Some(Rejection::AuthEvents)
    } else if check(rules, &event, &*source, &state).is_err() {
        Some(Rejection::StateBefore)
    } else {
        None
    };
    let id = event.event_id.clone();
    match verdict {
        Some(r) => {
            source.rejected.insert(id.clone(), r);
        }
        None => {
            if let Some(k) = &event.state_key {
                fork.state
                    .insert((event.event_type.clone(), k.clone()), id.clone());
            }
        }
    }
    fork.prev = vec![id.clone()];
    fork.depth += 1;
    order.push(id.clone());
    source.events.insert(id, event);
}

/// Builds the room an input describes.
pub fn build_room(input: &ResInput) -> Built {
    let (_, rules) = RoomVersionRules::ALL[usize::from(input.version) % 12];
    let mut source = Source::default();
    let mut order = Vec::new();
    let mut forks = vec![Fork::default()];
    let create = EventSpec {
        kind: Kind::Create {
            creator: 0,
            additional: Vec::new(),
            bad_additional: false,
            federate: None,
            wrong_version: false,
        },
        sender: 0,
        garbage: None,
        other_room: false,
    };
    let join = EventSpec {
        kind: Kind::Member {
            target: 0,
            membership: 0,
            authorised_via: None,
            third_party_token: None,
        },
        sender: 0,
        garbage: None,
        other_room: false,
    };
    for spec in [&create, &join] {
        send(rules, &mut source, &mut order, &mut forks[0], spec);
    }
    for op in input.ops.iter().take(40) {
        match op {
            Op::Send { fork, spec } => {
                let i = usize::from(*fork) % forks.len();
                send(rules, &mut source, &mut order, &mut forks[i], spec);
            }
            Op::Fork(from) if forks.len() < 4 => {
                let f = forks[usize::from(*from) % forks.len()].clone();
                forks.push(f);
            }
            Op::Fork(_) => {}
            Op::Merge(a, b) => {
                let (a, b) = (usize::from(*a) % forks.len(), usize::from(*b) % forks.len());
                if a == b {
                    continue;
                }
                let sets = [forks[a].state.clone(), forks[b].state.clone()];
                if let Ok(resolved) = Resolver::new(rules).resolve(&sets, &source) {
                    let state = resolved.to_btree_map();
                    let mut prev = forks[a].prev.clone();
                    prev.extend(forks[b].prev.iter().cloned());
                    let depth = forks[a].depth.max(forks[b].depth);
                    forks[a] = Fork { state, prev, depth };
                }
            }
        }
    }
    let mut sets: Vec<StateMap> = forks.into_iter().map(|f| f.state).collect();
    for m in input.mutations.iter().take(4) {
        let nth = |i: u8| order.get(usize::from(i) % order.len()).cloned();
        match m {
            Mutation::Link(from, to) => {
                if let (Some(from), Some(to)) = (nth(*from), nth(*to))
                    && let Some(e) = source.events.get_mut(&from)
                {
                    e.auth_events.push(to);
                }
            }
            Mutation::Dangling(at) => {
                if let Some(e) = nth(*at).and_then(|id| source.events.get_mut(&id)) {
                    e.auth_events
                        .push(crate::room_gen::event_id(rules, 5000, "@x:gone.example"));
                }
            }
            Mutation::Forget(at) => {
                if let Some(id) = nth(*at) {
                    source.events.remove(&id);
                }
            }
            Mutation::Inject(at, set) => {
                if let Some(e) = nth(*at).and_then(|id| source.events.get(&id))
                    && let Some(k) = &e.state_key
                {
                    let s = usize::from(*set) % sets.len();
                    sets[s].insert((e.event_type.clone(), k.clone()), e.event_id.clone());
                }
            }
            Mutation::Reject(at, hard) => {
                if let Some(id) = nth(*at) {
                    let r = if *hard {
                        Rejection::AuthEvents
                    } else {
                        Rejection::StateBefore
                    };
                    source.rejected.insert(id, r);
                }
            }
        }
    }
    Built {
        rules,
        source,
        sets,
        order,
    }
}

/// Decodes `data` as a [`ResInput`] and checks it.
pub fn check_bytes(data: &[u8]) {
    if let Ok(input) = ResInput::arbitrary_take_rest(Unstructured::new(data)) {
        check_input(&input);
    }
}

/// Resolves with a hash seed; with `warm`, the caches are warmed ahead even
/// though fuzz inputs are far below the size from which resolution does that
/// by itself (warming must never change the answer or the budget spent).
fn resolve_map<S: EventSource>(
    rules: &RoomVersionRules,
    sets: &[StateMap],
    source: &S,
    seed: u64,
    warm: bool,
) -> Result<StateMap, ResolveError> {
    Resolver::new(rules)
        .seed(seed)
        .warm_min(if warm { 0 } else { usize::MAX })
        .resolve(sets, source)
        .map(|r| r.to_btree_map())
}

/// Every event reachable from `roots` through `auth_events` (roots included).
fn auth_closure(
    source: &Source,
    roots: impl IntoIterator<Item = OwnedEventId>,
) -> BTreeSet<OwnedEventId> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<OwnedEventId> = roots.into_iter().collect();
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        if let Some(e) = source.events.get(&id) {
            stack.extend(e.auth_events.iter().cloned());
        }
    }
    seen
}

/// Every property on one input.
pub fn check_input(input: &ResInput) {
    let built = build_room(input);
    let (rules, source, sets) = (built.rules, &built.source, &built.sets);
    let result = resolve_map(rules, sets, source, 1, false);

    // The answer does not depend on the order of the state sets or the hash
    // seed (SR-N7, P1-49).
    let mut reordered = sets.clone();
    reordered.reverse();
    if reordered.len() > 2 {
        reordered.rotate_left(1);
    }
    let again = resolve_map(rules, &reordered, source, 2, true);
    match (&result, &again) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "the order of the state sets changed the result"),
        (Err(_), Err(_)) => {}
        _ => panic!("order of state sets decides success: {result:?} vs {again:?}"),
    }

    // A small budget either suffices (and changes nothing) or fails cleanly.
    let small = Resolver::new(rules)
        .warm_min(0)
        .budget(Budget::new(u64::from(input.small_budget)))
        .resolve(sets, source)
        .map(|r| r.to_btree_map());
    match (&small, &result) {
        (Ok(s), Ok(r)) => assert_eq!(s, r, "the budget changed the result"),
        (Ok(s), Err(e)) => {
            panic!("a smaller budget succeeded ({s:?}) where the default failed: {e}")
        }
        (Err(ResolveError::BudgetExceeded { .. }), _) | (Err(_), Err(_)) => {}
        (Err(e), Ok(_)) => panic!("a small budget failed with something else than the budget: {e}"),
    }

    // A source that supplies the exact auth chains of the state sets' events
    // (SR-v2-D3) gives the answer found by walking: it may only succeed where
    // the walk met an error (it walks less), or run out of budget (a chain
    // costs its whole length).
    let heads: BTreeSet<&EventId> = sets
        .iter()
        .flat_map(|s| s.values().map(|id| &**id))
        .collect();
    let with_chains = WithChains {
        source,
        chains: mxp_testkit::auth_chains(&source.events, heads),
    };
    match (&result, resolve_map(rules, sets, &with_chains, 5, true)) {
        (Ok(a), Ok(b)) => assert_eq!(a, &b, "supplied auth chains changed the result"),
        (Ok(_), Err(ResolveError::BudgetExceeded { .. })) | (Err(_), _) => {}
        (Ok(_), Err(e)) => panic!("supplied auth chains failed where the walk succeeded: {e}"),
    }

    // A RoomEvents store of the same events and rejections, filled in the
    // reverse of the order they were sent (so auth events arrive after the
    // events citing them), gives the same outcome: the same state, or an
    // error. Which error, when a room has several faults (two missing
    // events, a cycle and a missing event), may differ: over a store every
    // auth event is known before any is fetched, so faults are met in
    // another order.
    let mut store = RoomEvents::new(rules);
    let mut order: Vec<&TestEvent> = built
        .order
        .iter()
        .rev()
        .filter_map(|id| source.events.get(id))
        .collect();
    // Events made by the mutations, not sent, come last.
    let sent: BTreeSet<&EventId> = order.iter().map(|e| &*e.event_id).collect();
    let mut rest: Vec<&TestEvent> = source
        .events
        .values()
        .filter(|e| !sent.contains(&*e.event_id))
        .collect();
    rest.sort_by(|a, b| a.event_id.cmp(&b.event_id));
    order.extend(rest);
    for e in order {
        assert!(
            matches!(store.insert(e.clone()), Ok(true)),
            "a store refused {}",
            e.event_id
        );
    }
    for (id, r) in &source.rejected {
        // A rejection of an event the source lacks is recorded nowhere.
        assert_eq!(
            store.set_rejection(id, Some(*r)),
            source.events.contains_key(id)
        );
    }
    assert_eq!(store.len(), source.events.len());
    let stored = resolve_map(rules, sets, &store, 6, true);
    match (&stored, &result) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "a store changed the result"),
        (Err(_), Err(_)) => {}
        _ => panic!("a store changed the outcome: {stored:?} vs {result:?}"),
    }

    let Ok(resolved) = result else { return };

    // Each entry is the event of its key, and comes from a state set or the
    // auth chain of one.
    let in_sets: BTreeSet<OwnedEventId> = sets.iter().flat_map(|s| s.values().cloned()).collect();
    let reachable = auth_closure(source, in_sets.iter().cloned());
    for ((t, k), id) in &resolved {
        let e = source
            .events
            .get(id)
            .expect("a resolved event comes from the source");
        assert_eq!(
            (e.event_type.as_str(), e.state_key.as_deref()),
            (t.as_str(), Some(k.as_str()))
        );
        assert!(
            reachable.contains(id),
            "{id} is in no state set and no auth chain"
        );
    }

    // Unconflicted entries (same event in every set) are kept; a hard-
    // rejected event never enters the result otherwise (P1-46).
    // v1: a key present in only some sets is not a conflict (SR-v1-1); v2 and
    // v2.1: it is (SR-v2-D2).
    let v1 = rules.state_res == StateResolution::V1;
    let mut unconflicted = StateMap::new();
    for set in sets {
        for (key, id) in set {
            let agree = sets.iter().all(|s| match s.get(key) {
                Some(other) => other == id,
                None => v1,
            });
            if agree {
                unconflicted.insert(key.clone(), id.clone());
            }
        }
    }
    for (key, id) in &unconflicted {
        assert_eq!(
            resolved.get(key),
            Some(id),
            "unconflicted entry {key:?} lost"
        );
    }
    // SR-v2-R2 is a v2 rule; v1 (SR-v1-3, SR-v1-6) has no notion of rejected
    // events and may fall back to any conflicting event.
    for (key, id) in resolved.iter().filter(|_| !v1) {
        if source.rejected.get(id) == Some(&Rejection::AuthEvents) {
            assert_eq!(
                unconflicted.get(key),
                Some(id),
                "rejected event {id} resolved (P1-46)"
            );
        }
    }

    // One state set, alone or twice, resolves to itself.
    for set in sets.iter().take(2) {
        if let Ok(alone) = resolve_map(rules, std::slice::from_ref(set), source, 3, false) {
            assert_eq!(&alone, set, "resolving one state set changed it");
        }
        if let Ok(twice) = resolve_map(rules, &[set.clone(), set.clone()], source, 4, true) {
            assert_eq!(&twice, set, "resolving a state set with itself changed it");
        }
    }
}

impl ResInput {
    /// The same room without its hostile mutations: an honest room, as the
    /// differential comparison with other implementations needs
    /// (`benches/examples/differential.rs`).
    pub fn without_mutations(mut self) -> Self {
        self.mutations.clear();
        self
    }
}

impl Built {
    /// Every event of the room, in the order it was sent.
    pub fn events(&self) -> impl Iterator<Item = &TestEvent> {
        self.order
            .iter()
            .filter_map(|id| self.source.events.get(id))
    }
    /// An event of the room (for debugging a crash input).
    pub fn source_event(&self, id: &EventId) -> Option<&TestEvent> {
        self.source.events.get(id)
    }
    /// How an event was rejected, if it was.
    pub fn rejection(&self, id: &EventId) -> Option<Rejection> {
        self.source.rejected.get(id).copied()
    }
    /// The event source.
    pub fn source(&self) -> &Source {
        &self.source
    }
}
