//! mxp against ruma-state-res 0.18 on the authorization rules (issue 5):
//! Alice's display name change and the admin's ban of Bob, each checked
//! against a room whose power levels `users` map has 1 or 500 entries.
//!
//! Both libraries get the same PDUs (built by `mxp_testkit`, converted to each
//! library's event type outside the timed region) and a hash map of the state
//! that looks events up without allocating. Two checks per case:
//! - `state-dependent`: the rules that read the room state
//!   (`mxp::auth::check_state_dependent` vs
//!   `ruma_state_res::check_state_dependent_auth_rules`), the part state
//!   resolution runs per event;
//! - `full`: the state-independent rules against the event's `auth_events`,
//!   then the state-dependent ones.
//!
//! ```text
//! cd benches && CARGO_TARGET_DIR=/work/target-benches cargo bench --bench ruma_auth
//! ```

use std::collections::HashMap;
use std::hint::black_box;

use criterion::Criterion;
use mxp::auth::{EventLookup, check, check_state_dependent};
use mxp::canonical_json::CanonicalJsonValue;
use mxp::events::Pdu;
use mxp::ids::{EventId, OwnedEventId};
use mxp::room_versions::RoomVersionRules;
use mxp_benches::ruma_alloc::CountingAlloc;
use mxp_benches::ruma_cputime::BenchTime;
use mxp_benches::ruma_fixtures::{AuthRoom, auth_room};
use mxp_benches::ruma_pdu::{RumaPdu, RumaStore, ruma_id};
use mxp_benches::ruma_report::{Report, Side, setup};
use ruma_common::room_version_rules::AuthorizationRules;
use ruma_events::StateEventType;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

/// mxp's side: the PDUs parsed once into `mxp::events::Pdu`.
struct MxpSide {
    events: HashMap<OwnedEventId, Pdu>,
    state: HashMap<(String, String), Pdu>,
}

/// `auth_events` lookup by ID over the room's events (nothing rejected).
struct ById<'a>(&'a HashMap<OwnedEventId, Pdu>);

impl EventLookup for ById<'_> {
    type Event = Pdu;
    fn event(&self, id: &EventId) -> Option<&Pdu> {
        self.0.get(id)
    }
    fn is_rejected(&self, _: &EventId) -> bool {
        false
    }
}

fn mxp_side(room: &AuthRoom) -> MxpSide {
    let rules = RoomVersionRules::V11;
    let events: HashMap<OwnedEventId, Pdu> = room
        .pdus
        .iter()
        .map(|(id, json)| {
            let id = OwnedEventId::try_from(id.as_str()).expect("valid event ID");
            let Ok(CanonicalJsonValue::Object(object)) = CanonicalJsonValue::try_from(json.clone())
            else {
                panic!("PDU is not a canonical JSON object");
            };
            let pdu = Pdu::from_canonical_object(object, Some(&id), &rules).expect("valid PDU");
            (id, pdu)
        })
        .collect();
    let state = room
        .state
        .iter()
        .map(|(key, id)| (key.clone(), events[id].clone()))
        .collect();
    MxpSide { events, state }
}

/// ruma's side: the PDUs converted once, the state in a nested map so that a
/// lookup by `(&StateEventType, &str)` allocates nothing.
struct RumaSide {
    store: RumaStore,
    state: HashMap<StateEventType, HashMap<String, RumaPdu>>,
}

fn ruma_side(room: &AuthRoom) -> RumaSide {
    let store = RumaStore::from_pdus(room.pdus.iter().map(|(id, j)| (id.as_str(), j)))
        .expect("PDUs convert");
    let mut state: HashMap<StateEventType, HashMap<String, RumaPdu>> = HashMap::new();
    for ((t, k), id) in &room.state {
        let pdu = store
            .get(&ruma_id(id.as_str()).expect("valid ID"))
            .expect("state event")
            .clone();
        state
            .entry(StateEventType::from(t.as_str()))
            .or_default()
            .insert(k.clone(), pdu);
    }
    RumaSide { store, state }
}

fn bench_case(c: &mut Criterion<BenchTime>, report: &Report, users: usize) {
    let room = auth_room(users);
    let mxp = mxp_side(&room);
    let ruma = ruma_side(&room);
    let rules = RoomVersionRules::V11;
    let ruma_rules = AuthorizationRules::V11;

    for (what, id) in [("display name", &room.rename), ("ban", &room.ban)] {
        let mxp_event = &mxp.events[&OwnedEventId::try_from(id.as_str()).expect("valid ID")];
        let ruma_event = ruma
            .store
            .get(&ruma_id(id).expect("valid ID"))
            .expect("event");
        let fetch_state = |t: &StateEventType, k: &str| ruma.state.get(t).and_then(|m| m.get(k));
        let fetch_event = |id: &ruma_common::EventId| ruma.store.get(id);

        // Both must allow the event, or the comparison means nothing.
        check(&rules, mxp_event, &ById(&mxp.events), &mxp.state)
            .unwrap_or_else(|e| panic!("mxp rejects the {what}: {e}"));
        ruma_state_res::check_state_independent_auth_rules(&ruma_rules, ruma_event, fetch_event)
            .unwrap_or_else(|e| panic!("ruma rejects the {what}: {e}"));
        ruma_state_res::check_state_dependent_auth_rules(&ruma_rules, ruma_event, fetch_state)
            .unwrap_or_else(|e| panic!("ruma rejects the {what}: {e}"));

        let slug = if what == "ban" { "ban" } else { "rename" };
        let group = format!("auth_{slug}_{users}users_dependent");
        let label = format!("{what}, {users}-entry users map, state-dependent rules");
        let mut case = report.case(c, &group, &label, 1);
        case.bench(Side::Mxp, || {
            black_box(check_state_dependent(
                &rules,
                black_box(mxp_event),
                &mxp.state,
            ))
            .is_ok()
        });
        case.bench(Side::Ruma, || {
            ruma_state_res::check_state_dependent_auth_rules(
                &ruma_rules,
                black_box(ruma_event),
                fetch_state,
            )
            .is_ok()
        });
        case.finish();

        let group = format!("auth_{slug}_{users}users_full");
        let label = format!("{what}, {users}-entry users map, all rules");
        let mut case = report.case(c, &group, &label, 1);
        case.bench(Side::Mxp, || {
            black_box(check(
                &rules,
                black_box(mxp_event),
                &ById(&mxp.events),
                &mxp.state,
            ))
            .is_ok()
        });
        case.bench(Side::Ruma, || {
            ruma_state_res::check_state_independent_auth_rules(
                &ruma_rules,
                black_box(ruma_event),
                fetch_event,
            )
            .is_ok()
                && ruma_state_res::check_state_dependent_auth_rules(
                    &ruma_rules,
                    ruma_event,
                    fetch_state,
                )
                .is_ok()
        });
        case.finish();
    }
}

fn main() {
    let (mut c, report) = setup("ruma_auth");
    bench_case(&mut c, &report, 1);
    bench_case(&mut c, &report, 500);
    c.final_summary();
    report.finish();
}
