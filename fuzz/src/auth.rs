//! Authorization: arbitrary events against arbitrary small states.

use std::collections::{BTreeMap, BTreeSet};

use arbitrary::{Arbitrary, Unstructured};
use mxp_auth::{EventLookup, auth_types, check, check_state_dependent, check_state_independent};
use mxp_canonical_json::CanonicalJsonValue;
use mxp_events::Event;
use mxp_ids::{EventId, OwnedEventId};
use mxp_room_versions::RoomVersionRules;
use mxp_testkit::TestEvent;

use crate::room_gen::{EventSpec, Kind, build, with_garbage};

/// The fuzzer's input: a room version, a state, and an event to check.
#[derive(Arbitrary, Debug)]
pub struct AuthInput {
    version: u8,
    /// The state events; the first is a create event unless `no_create`.
    state: Vec<EventSpec>,
    no_create: bool,
    /// The event to check.
    event: EventSpec,
    /// Cite the auth events the selection algorithm picks from the state.
    select_auth_events: bool,
    /// More `auth_events`: state indices, or dangling IDs past the end.
    extra_auth: Vec<u8>,
    /// State indices of events marked rejected.
    rejected: Vec<u8>,
    /// Garbage put into every content for the P1-52 check.
    garbage: String,
}

/// The events an event cites, some of them rejected.
struct Lookup<'a> {
    events: &'a [TestEvent],
    rejected: &'a BTreeSet<OwnedEventId>,
}

impl EventLookup for Lookup<'_> {
    type Event = TestEvent;
    fn event(&self, id: &EventId) -> Option<&TestEvent> {
        self.events.iter().find(|e| e.event_id() == id)
    }
    fn is_rejected(&self, id: &EventId) -> bool {
        self.rejected.contains(id)
    }
}

/// Decodes `data` as an [`AuthInput`] and checks it.
pub fn check_bytes(data: &[u8]) {
    if let Ok(input) = AuthInput::arbitrary_take_rest(Unstructured::new(data)) {
        check_input(&input);
    }
}

impl AuthInput {
    /// The state and the event of this input, made honest for comparisons
    /// with other implementations (`benches/examples/differential.rs`): the
    /// auth events are the ones selected from the state, none extra or
    /// dangling, nothing rejected.
    pub fn honest_case(&self) -> (&'static RoomVersionRules, Vec<TestEvent>, TestEvent) {
        let (_, rules) = RoomVersionRules::ALL[usize::from(self.version) % 12];
        let (state, event) = room_with(self, rules, true);
        (rules, state, event)
    }
}

/// The room: state events (one per key, the last wins) and the event.
fn room(input: &AuthInput, rules: &RoomVersionRules) -> (Vec<TestEvent>, TestEvent) {
    room_with(input, rules, false)
}

/// [`room`], or with `honest` its honest form ([`AuthInput::honest_case`]).
fn room_with(
    input: &AuthInput,
    rules: &RoomVersionRules,
    honest: bool,
) -> (Vec<TestEvent>, TestEvent) {
    let mut specs: Vec<EventSpec> = Vec::new();
    if !input.no_create {
        specs.push(EventSpec {
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
        });
    }
    specs.extend(input.state.iter().take(12).cloned());
    let mut by_key: BTreeMap<(String, String), TestEvent> = BTreeMap::new();
    for (n, spec) in specs.iter().enumerate() {
        let e = build(rules, spec, n, Vec::new(), Vec::new(), n as i64 + 1);
        if let Some(k) = &e.state_key {
            by_key.insert((e.event_type.clone(), k.clone()), e);
        }
    }
    let state: Vec<TestEvent> = by_key.into_values().collect();
    let n = specs.len();
    let mut event = build(rules, &input.event, n, Vec::new(), Vec::new(), n as i64 + 1);
    let mut auth: Vec<OwnedEventId> = Vec::new();
    if input.select_auth_events || honest {
        for (t, k) in auth_types(rules, &event).iter() {
            if let Some(e) = state
                .iter()
                .find(|e| e.event_type == t && e.state_key.as_deref() == Some(k))
                && !auth.contains(&e.event_id)
            {
                auth.push(e.event_id.clone());
            }
        }
    }
    let extra = if honest {
        &[][..]
    } else {
        &input.extra_auth[..]
    };
    for &i in extra.iter().take(12) {
        let id = match state.get(usize::from(i)) {
            Some(e) => e.event_id.clone(),
            None => crate::room_gen::event_id(rules, 1000 + usize::from(i), "@x:dangling.example"),
        };
        auth.push(id);
    }
    event.auth_events = auth;
    (state, event)
}

/// Every property on one input.
pub fn check_input(input: &AuthInput) {
    let (_, rules) = RoomVersionRules::ALL[usize::from(input.version) % 12];
    let (state, event) = room(input, rules);
    let rejected: BTreeSet<OwnedEventId> = input
        .rejected
        .iter()
        .filter_map(|&i| state.get(usize::from(i)).map(|e| e.event_id.clone()))
        .collect();
    let lookup = Lookup {
        events: &state,
        rejected: &rejected,
    };

    let full = check(rules, &event, &lookup, &state);
    let independent = check_state_independent(rules, &event, &lookup);
    let dependent = check_state_dependent(rules, &event, &state);

    // The full check is exactly "state-independent, then state-dependent".
    match &independent {
        Err(e) => assert_eq!(
            full.as_ref().err(),
            Some(e),
            "full check ignores a state-independent rejection"
        ),
        Ok(()) => assert_eq!(
            full, dependent,
            "full check differs from the state-dependent part"
        ),
    }
    // A create event is decided by the create rules alone.
    if event.event_type == "m.room.create" {
        assert_eq!(
            dependent.is_ok(),
            independent.is_ok(),
            "create decided differently with state"
        );
    }
    // Rule IDs carry the room version they were judged under.
    let version = crate::room_gen::version_of(rules).parse::<u8>().ok();
    match &full {
        Ok(a) => assert_eq!(a.rule_id().version(), version),
        Err(r) => assert_eq!(r.rule_id().version(), version),
    }

    // The state-dependent rules read only the state the auth event selection
    // names (plus the create event, which v12 does not cite): the same answer
    // against that part of the state alone.
    let types = auth_types(rules, &event);
    let selected: Vec<TestEvent> = state
        .iter()
        .filter(|e| {
            let key = e.state_key.as_deref().unwrap_or_default();
            e.event_type == "m.room.create" || types.contains(&e.event_type, key)
        })
        .cloned()
        .collect();
    let on_selected = check_state_dependent(rules, &event, &selected);
    assert_eq!(
        on_selected.as_ref().map_err(|r| r.rule_id()),
        dependent.as_ref().map_err(|r| r.rule_id()),
        "the state-dependent check reads state outside auth_types {:?}",
        types.as_slice()
    );

    // P1-52: garbage under a key no rule reads changes nothing.
    let garbage = CanonicalJsonValue::String(input.garbage.clone());
    let g_state: Vec<TestEvent> = state.iter().map(|e| with_garbage(e, &garbage)).collect();
    let g_event = with_garbage(&event, &garbage);
    let g_lookup = Lookup {
        events: &g_state,
        rejected: &rejected,
    };
    let g_full = check(rules, &g_event, &g_lookup, &g_state);
    assert_eq!(
        g_full.as_ref().map_err(|r| r.rule_id()),
        full.as_ref().map_err(|r| r.rule_id()),
        "garbage in content changed the verdict (P1-52)"
    );
    // Deterministic.
    assert_eq!(check(rules, &event, &lookup, &state), full);
}

/// The verdict on an input, for corpus statistics: `ok <rule>` or
/// `rejected <rule>`.
pub fn outcome(data: &[u8]) -> Option<String> {
    let input = AuthInput::arbitrary_take_rest(Unstructured::new(data)).ok()?;
    let (_, rules) = RoomVersionRules::ALL[usize::from(input.version) % 12];
    let (state, event) = room(&input, rules);
    let rejected = BTreeSet::new();
    let lookup = Lookup {
        events: &state,
        rejected: &rejected,
    };
    Some(match check(rules, &event, &lookup, &state) {
        Ok(a) => format!("ok {:?}", a.rule()),
        Err(r) => format!("rejected {:?}", r.rule()),
    })
}
