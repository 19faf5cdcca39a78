//! `create.*` and `room_id_is_create`.

use mxp_auth::Rule;
use mxp_ids::RoomId;
use serde_json::json;

use super::{Builder, Case, Expect, Mode, allow};
use crate::common::*;

fn create_with(v: u8, f: impl FnOnce(&mut TestEvent)) -> TestEvent {
    let mut e = Room::new(v).create;
    f(&mut e);
    e
}

fn ok(covers: Rule, what: &str, e: TestEvent) -> Case {
    allow(covers, what, e, vec![], Rule::CreateAllow)
}

fn no(covers: Rule, what: &str, e: TestEvent) -> Case {
    // Through the state-independent entry point, which owns the create rules.
    Case::new(
        covers,
        what,
        e,
        Mode::Independent(Store::default()),
        Expect::Reject(covers),
    )
}

pub fn builders() -> Vec<(Rule, Builder)> {
    vec![
        (Rule::CreatePrevEvents, |v| {
            vec![
                ok(
                    Rule::CreatePrevEvents,
                    "no prev_events",
                    Room::new(v).create,
                ),
                no(
                    Rule::CreatePrevEvents,
                    "one prev event",
                    create_with(v, |e| e.prev_events = vec![eid("$x:a.org")]),
                ),
            ]
        }),
        (Rule::CreateRoomIdDomain, |v| {
            vec![
                ok(
                    Rule::CreateRoomIdDomain,
                    "room on the sender's server",
                    Room::new(v).create,
                ),
                no(
                    Rule::CreateRoomIdDomain,
                    "room on another server",
                    create_with(v, |e| {
                        e.room_id = Some(RoomId::parse("!room:b.org").unwrap().to_owned())
                    }),
                ),
                no(
                    Rule::CreateRoomIdDomain,
                    "same host, other port",
                    create_with(v, |e| {
                        e.room_id = Some(RoomId::parse("!room:a.org:8448").unwrap().to_owned())
                    }),
                ),
                no(
                    Rule::CreateRoomIdDomain,
                    "no room_id",
                    create_with(v, |e| e.room_id = None),
                ),
            ]
        }),
        (Rule::CreateNoRoomId, |v| {
            vec![
                ok(Rule::CreateNoRoomId, "no room_id", Room::new(v).create),
                no(
                    Rule::CreateNoRoomId,
                    "a room_id",
                    create_with(v, |e| {
                        e.room_id = Some(RoomId::parse("!room:a.org").unwrap().to_owned())
                    }),
                ),
            ]
        }),
        (Rule::CreateRoomVersion, |v| {
            let mut cases = vec![ok(
                Rule::CreateRoomVersion,
                "absent (\"1\")",
                create_with(v, |e| {
                    e.content.remove("room_version");
                }),
            )];
            for known in 1..=12 {
                cases.push(ok(
                    Rule::CreateRoomVersion,
                    "a known version",
                    create_with(v, |e| {
                        e.content
                            .insert("room_version".into(), known.to_string().into());
                    }),
                ));
            }
            for bad in [
                json!("13"),
                json!("org.example.custom"),
                json!(5),
                json!("V1"),
            ] {
                cases.push(no(
                    Rule::CreateRoomVersion,
                    &format!("unknown {bad}"),
                    create_with(v, |e| {
                        e.content.insert("room_version".into(), cj(bad));
                    }),
                ));
            }
            cases
        }),
        (Rule::CreateAdditionalCreators, |v| {
            let with = |list: serde_json::Value| {
                create_with(v, |e| {
                    e.content.insert("additional_creators".into(), cj(list));
                })
            };
            vec![
                ok(
                    Rule::CreateAdditionalCreators,
                    "valid list",
                    with(json!([BOB, CAROL])),
                ),
                ok(
                    Rule::CreateAdditionalCreators,
                    "empty list",
                    with(json!([])),
                ),
                ok(
                    Rule::CreateAdditionalCreators,
                    "historical user ID",
                    with(json!(["@Bob:b.org"])),
                ),
                ok(
                    Rule::CreateAdditionalCreators,
                    "the sender itself",
                    with(json!([ALICE])),
                ),
                no(
                    Rule::CreateAdditionalCreators,
                    "not a user ID",
                    with(json!(["bob"])),
                ),
                no(
                    Rule::CreateAdditionalCreators,
                    "not strings",
                    with(json!([5])),
                ),
                no(
                    Rule::CreateAdditionalCreators,
                    "not an array",
                    with(json!(BOB)),
                ),
                no(
                    Rule::CreateAdditionalCreators,
                    "too long a user ID",
                    with(json!([format!("@{}:b.org", "x".repeat(260))])),
                ),
            ]
        }),
        (Rule::CreateCreator, |v| {
            vec![
                ok(Rule::CreateCreator, "creator present", Room::new(v).create),
                ok(
                    Rule::CreateCreator,
                    "creator present, not even a user ID (only presence is tested)",
                    create_with(v, |e| {
                        e.content.insert("creator".into(), "nobody".into());
                    }),
                ),
                no(
                    Rule::CreateCreator,
                    "no creator",
                    create_with(v, |e| {
                        e.content.remove("creator");
                    }),
                ),
            ]
        }),
        (Rule::CreateAllow, |v| {
            vec![ok(
                Rule::CreateAllow,
                "a plain create event",
                Room::new(v).create,
            )]
        }),
        (Rule::RoomIdIsCreate, |v| {
            let mut room = Room::new(v);
            let join = room.member(ALICE, ALICE, "join");
            let store = |events: Vec<TestEvent>| Store {
                events,
                ..Default::default()
            };
            let mut msg = room.event(ALICE, "m.room.message", None, json!({}));
            msg.auth_events = vec![join.event_id.clone()];
            let good = Store {
                events: vec![room.create.clone(), join.clone()],
                ..Default::default()
            };
            let mut rejected = Store {
                events: vec![room.create.clone(), join.clone()],
                ..Default::default()
            };
            rejected.rejected.insert(room.create.event_id.clone());
            // A non-create event whose ID the room ID names.
            let mut impostor = join.clone();
            impostor.event_id = room.create.event_id.clone();
            let mut server_room = msg.clone();
            server_room.room_id = Some(RoomId::parse("!room:a.org").unwrap().to_owned());
            let mut no_room = msg.clone();
            no_room.room_id = None;
            let ind = |what: &str, e: &TestEvent, s: Store, x: Expect| {
                Case::new(
                    Rule::RoomIdIsCreate,
                    what,
                    e.clone(),
                    Mode::Independent(s),
                    x,
                )
            };
            vec![
                ind(
                    "the create event is known and accepted",
                    &msg,
                    good,
                    Expect::Allow(None),
                ),
                ind(
                    "unknown create event",
                    &msg,
                    store(vec![join.clone()]),
                    Expect::Reject(Rule::RoomIdIsCreate),
                ),
                ind(
                    "rejected create event",
                    &msg,
                    rejected,
                    Expect::Reject(Rule::RoomIdIsCreate),
                ),
                ind(
                    "the named event is no create event",
                    &msg,
                    store(vec![impostor, join.clone()]),
                    Expect::Reject(Rule::RoomIdIsCreate),
                ),
                ind(
                    "a server-named room ID",
                    &server_room,
                    store(vec![room.create.clone(), join.clone()]),
                    Expect::Reject(Rule::RoomIdIsCreate),
                ),
                ind(
                    "no room ID",
                    &no_room,
                    store(vec![room.create.clone(), join]),
                    Expect::Reject(Rule::RoomIdIsCreate),
                ),
            ]
        }),
    ]
}
