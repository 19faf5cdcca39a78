//! The sender powers a `RoomEvents` computes when power events are added
//! (`SR-N1`) are the ones resolution computes itself.

use std::hash::RandomState;

use mxp_testkit::{Shape, TestEvent, generate};

use crate::budget::Meter;
use crate::graph::{Graph, kind};
use crate::power::sender_power;
use crate::store::RoomEvents;
use crate::{Budget, EventSource};

fn room() -> mxp_testkit::GeneratedRoom {
    generate(&Shape {
        members: 12,
        changers: 8,
        changes: 2,
        bans: 3,
        power_every: Some(3),
        seed: 7,
        ..Shape::default()
    })
}

/// Added in the order a server receives them, every state event gets its
/// sender power when added (the power events and their auth ancestors in
/// the full conflicted set are ordered by it), equal to what a plain graph over the same
/// events computes.
#[test]
fn sr_n1_stored_powers_equal_the_computed_ones() {
    let g = room();
    let mut store = RoomEvents::new(&g.rules);
    for id in &g.order {
        store.insert(g.events[id].clone()).unwrap();
    }
    let mut plain = Graph::new(
        &g.events,
        g.rules,
        Meter::new(Budget::default()),
        RandomState::new(),
    );
    let parts = store.parts();
    let mut checked = 0;
    for (i, id) in parts.ids.iter().enumerate() {
        let stored = parts.powers[i];
        if parts.nodes[i].facts.kind == kind::NON_STATE {
            assert_eq!(stored, None, "{id}: not a state event");
            continue;
        }
        let ix = plain.intern(id).unwrap();
        assert_eq!(stored, Some(sender_power(&mut plain, ix).unwrap()), "{id}");
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} state events");
}

/// An event added before its auth events gets no stored power: resolution
/// computes it (and reports a missing auth event if there is one).
#[test]
fn sr_n1_an_event_added_before_its_auth_events_has_no_stored_power() {
    let g = room();
    let mut store: RoomEvents<TestEvent> = RoomEvents::new(&g.rules);
    for id in g.order.iter().rev() {
        store.insert(g.events[id].clone()).unwrap();
    }
    let parts = store.parts();
    let powers = parts.powers.iter().filter(|p| p.is_some()).count();
    // Only the create event (no auth events) has all of its auth events
    // added when it is.
    assert!(powers <= 1, "{powers} stored powers");
    assert!(store.event(g.order[0].as_id()).is_some());
}
