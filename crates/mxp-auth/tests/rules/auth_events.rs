//! `auth_events.*`: the events an event cites, judged without state.

use mxp_auth::Rule;
use mxp_ids::RoomId;
use serde_json::json;

use super::{Builder, Case, Expect, Mode};
use crate::common::*;

struct Setup {
    room: Room,
    join: TestEvent,
    pl: TestEvent,
    msg: TestEvent,
}

impl Setup {
    fn new(v: u8) -> Self {
        let mut room = Room::new(v);
        let join = room.member(ALICE, ALICE, "join");
        let pl = room.pl_users(&[]);
        let msg = room.event(ALICE, "m.room.message", None, json!({"body": "hi"}));
        Self {
            room,
            join,
            pl,
            msg,
        }
    }

    /// The right auth events: create (v1–v11), power levels, sender's member.
    fn good_ids(&self) -> Vec<mxp_ids::OwnedEventId> {
        let mut ids = vec![self.pl.event_id.clone(), self.join.event_id.clone()];
        if self.room.version < 12 {
            ids.insert(0, self.room.create.event_id.clone());
        }
        ids
    }

    fn store(&self, extra: Vec<TestEvent>) -> Store {
        let mut events = vec![self.room.create.clone(), self.join.clone(), self.pl.clone()];
        events.extend(extra);
        Store {
            events,
            ..Default::default()
        }
    }

    fn case(
        &self,
        covers: Rule,
        what: &str,
        auth: Vec<mxp_ids::OwnedEventId>,
        store: Store,
        expect: Expect,
    ) -> Case {
        let mut e = self.msg.clone();
        e.auth_events = auth;
        Case::new(covers, what, e, Mode::Independent(store), expect)
    }

    fn ok(&self, covers: Rule) -> Case {
        self.case(
            covers,
            "create, power levels and the sender's membership",
            self.good_ids(),
            self.store(vec![]),
            Expect::Allow(None),
        )
    }
}

pub fn builders() -> Vec<(Rule, Builder)> {
    vec![
        (Rule::AuthEvents, |v| {
            let s = Setup::new(v);
            let mut ids = s.good_ids();
            ids.push(eid("$unknown:a.org"));
            vec![
                s.ok(Rule::AuthEvents),
                s.case(
                    Rule::AuthEvents,
                    "an unknown auth event",
                    ids,
                    s.store(vec![]),
                    Expect::Reject(Rule::AuthEvents),
                ),
            ]
        }),
        (Rule::AuthEventsDuplicate, |v| {
            let mut s = Setup::new(v);
            let pl2 = s.room.pl_users(&[(BOB, 10)]);
            let mut two_pl = s.good_ids();
            two_pl.push(pl2.event_id.clone());
            let mut same_twice = s.good_ids();
            same_twice.push(s.join.event_id.clone());
            vec![
                s.ok(Rule::AuthEventsDuplicate),
                s.case(
                    Rule::AuthEventsDuplicate,
                    "two power levels events",
                    two_pl,
                    s.store(vec![pl2]),
                    Expect::Reject(Rule::AuthEventsDuplicate),
                ),
                s.case(
                    Rule::AuthEventsDuplicate,
                    "the same event twice",
                    same_twice,
                    s.store(vec![]),
                    Expect::Reject(Rule::AuthEventsDuplicate),
                ),
            ]
        }),
        (Rule::AuthEventsSelection, |v| {
            let mut s = Setup::new(v);
            let jr = s.room.join_rules("public");
            let bob = s.room.member(BOB, BOB, "join");
            let other_msg = s.room.event(ALICE, "m.room.message", None, json!({}));
            let mut join = s.room.member(BOB, BOB, "join");
            let with = |e: &TestEvent| {
                let mut ids = s.good_ids();
                ids.push(e.event_id.clone());
                ids
            };
            let mut cases = vec![
                s.ok(Rule::AuthEventsSelection),
                s.case(
                    Rule::AuthEventsSelection,
                    "join rules for a message",
                    with(&jr),
                    s.store(vec![jr.clone()]),
                    Expect::Reject(Rule::AuthEventsSelection),
                ),
                s.case(
                    Rule::AuthEventsSelection,
                    "another user's membership",
                    with(&bob),
                    s.store(vec![bob.clone()]),
                    Expect::Reject(Rule::AuthEventsSelection),
                ),
                s.case(
                    Rule::AuthEventsSelection,
                    "a message event",
                    with(&other_msg),
                    s.store(vec![other_msg.clone()]),
                    Expect::Reject(Rule::AuthEventsSelection),
                ),
            ];
            // Joins may cite the join rules and the target's membership.
            join.auth_events = s
                .good_ids()
                .into_iter()
                .filter(|id| *id != s.join.event_id)
                .chain([jr.event_id.clone()])
                .collect();
            cases.push(Case::new(
                Rule::AuthEventsSelection,
                "join rules for a join",
                join,
                Mode::Independent(s.store(vec![jr])),
                Expect::Allow(None),
            ));
            if v == 12 {
                // v12: the create event is implied and must not be cited.
                let mut ids = s.good_ids();
                ids.push(s.room.create.event_id.clone());
                cases.push(s.case(
                    Rule::AuthEventsSelection,
                    "the create event cited in v12",
                    ids,
                    s.store(vec![]),
                    Expect::Reject(Rule::AuthEventsSelection),
                ));
            }
            cases
        }),
        (Rule::AuthEventsRejected, |v| {
            let s = Setup::new(v);
            let mut store = s.store(vec![]);
            store.rejected.insert(s.pl.event_id.clone());
            vec![
                s.ok(Rule::AuthEventsRejected),
                s.case(
                    Rule::AuthEventsRejected,
                    "the power levels were rejected",
                    s.good_ids(),
                    store,
                    Expect::Reject(Rule::AuthEventsRejected),
                ),
            ]
        }),
        (Rule::AuthEventsHasCreate, |v| {
            let s = Setup::new(v);
            let without: Vec<_> = s
                .good_ids()
                .into_iter()
                .filter(|id| *id != s.room.create.event_id)
                .collect();
            vec![
                s.ok(Rule::AuthEventsHasCreate),
                s.case(
                    Rule::AuthEventsHasCreate,
                    "no create event",
                    without,
                    s.store(vec![]),
                    Expect::Reject(Rule::AuthEventsHasCreate),
                ),
            ]
        }),
        (Rule::AuthEventsSameRoom, |v| {
            let s = Setup::new(v);
            let mut foreign = s.pl.clone();
            let other = if v == 12 {
                "!BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"
            } else {
                "!other:a.org"
            };
            foreign.room_id = Some(RoomId::parse(other).unwrap().to_owned());
            let store = Store {
                events: vec![s.room.create.clone(), s.join.clone(), foreign],
                ..Default::default()
            };
            vec![
                s.ok(Rule::AuthEventsSameRoom),
                s.case(
                    Rule::AuthEventsSameRoom,
                    "power levels from another room (P1-39)",
                    s.good_ids(),
                    store,
                    Expect::Reject(Rule::AuthEventsSameRoom),
                ),
            ]
        }),
    ]
}
