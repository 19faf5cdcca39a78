//! `power_levels.*`.

use mxp_auth::Rule;
use mxp_canonical_json::CanonicalJsonValue;
use serde_json::{Value, json};

use super::member_join::setup;
use super::{Builder, Case, allow, reject};
use crate::common::*;

/// The old power levels: Bob 60, Carol 59 (and Alice 100 before v12).
fn old() -> Value {
    json!({"users": {BOB: 60, CAROL: 59}, "ban": 50, "kick": 50, "events": {"m.room.name": 50}})
}

/// A power levels change by `sender` from `old` to `new`, against a state
/// where Bob and Carol are joined (Alice keeps 100 before v12).
fn change(v: u8, old: Value, mut new: Value, sender: &str) -> (TestEvent, Vec<TestEvent>) {
    let (mut room, state) = setup(v, None, &[(BOB, "join"), (CAROL, "join")], Some(old));
    if v < 12 && new.get("users").and_then(|u| u.get(ALICE)).is_none() {
        new["users"][ALICE] = json!(100);
    }
    (room.state(sender, "m.room.power_levels", "", new), state)
}

/// The old content with `f` applied.
fn edit(f: impl FnOnce(&mut Value)) -> Value {
    let mut v = old();
    f(&mut v);
    v
}

/// The first power levels event (none in state), by Alice.
fn first(v: u8, content: Value) -> (TestEvent, Vec<TestEvent>) {
    let (mut room, state) = setup(v, None, &[(BOB, "join")], None);
    (room.state(ALICE, "m.room.power_levels", "", content), state)
}

/// Like [`first`], with one raw canonical JSON value inserted at `key`.
fn first_raw(v: u8, key: &str, value: CanonicalJsonValue) -> (TestEvent, Vec<TestEvent>) {
    let (mut e, state) = first(v, json!({}));
    e.content.insert(key.into(), value);
    (e, state)
}

fn ok(covers: Rule, what: &str, (e, s): (TestEvent, Vec<TestEvent>), by: Rule) -> Case {
    allow(covers, what, e, s, by)
}

fn no(covers: Rule, what: &str, (e, s): (TestEvent, Vec<TestEvent>), by: Rule) -> Case {
    reject(covers, what, e, s, by)
}

fn legacy(n: &str) -> CanonicalJsonValue {
    CanonicalJsonValue::LegacyNumber(n.into())
}

pub fn builders() -> Vec<(Rule, Builder)> {
    vec![
        (Rule::PowerLevelsScalarsInt, |v| {
            let r = Rule::PowerLevelsScalarsInt;
            let mut cases = vec![ok(
                r,
                "integers",
                first(v, json!({"ban": 50, "kick": 0, "invite": -5})),
                Rule::PowerLevelsFirst,
            )];
            for (key, value) in [
                ("ban", cj(json!("50"))),
                ("users_default", cj(json!(true))),
                ("state_default", legacy("50.0")),
                ("invite", cj(json!(null))),
            ] {
                cases.push(no(
                    r,
                    &format!("{key} = {value:?}"),
                    first_raw(v, key, value),
                    r,
                ));
            }
            cases
        }),
        (Rule::PowerLevelsMapsInt, |v| {
            let r = Rule::PowerLevelsMapsInt;
            vec![
                ok(
                    r,
                    "integer maps",
                    first(
                        v,
                        json!({"events": {"m.room.name": 50}, "notifications": {"room": 20}}),
                    ),
                    Rule::PowerLevelsFirst,
                ),
                no(
                    r,
                    "string in events",
                    first(v, json!({"events": {"m.room.name": "50"}})),
                    r,
                ),
                no(
                    r,
                    "string in notifications",
                    first(v, json!({"notifications": {"room": "50"}})),
                    r,
                ),
                no(r, "events not an object", first(v, json!({"events": 5})), r),
                no(
                    r,
                    "notifications not an object",
                    first(v, json!({"notifications": []})),
                    r,
                ),
            ]
        }),
        (Rule::PowerLevelsUsersShape, |v| {
            let r = Rule::PowerLevelsUsersShape;
            let mut cases = vec![
                ok(
                    r,
                    "valid users",
                    first(v, json!({"users": {BOB: 50}})),
                    Rule::PowerLevelsFirst,
                ),
                ok(r, "no users", first(v, json!({})), Rule::PowerLevelsFirst),
                ok(
                    r,
                    "historical user ID",
                    first(v, json!({"users": {"@Bob:b.org": 50}})),
                    Rule::PowerLevelsFirst,
                ),
                no(
                    r,
                    "users not an object",
                    first(v, json!({"users": [BOB]})),
                    r,
                ),
                no(
                    r,
                    "key not a user ID",
                    first(v, json!({"users": {"bob": 50}})),
                    r,
                ),
                no(
                    r,
                    "value not an integer string",
                    first(v, json!({"users": {BOB: "fifty"}})),
                    r,
                ),
                no(
                    r,
                    "value a boolean",
                    first(v, json!({"users": {BOB: true}})),
                    r,
                ),
                no(
                    r,
                    "value 5e1 as a string",
                    first(v, json!({"users": {BOB: "5e1"}})),
                    r,
                ),
            ];
            let string = first(v, json!({"users": {BOB: " +50 "}}));
            cases.push(if v <= 9 {
                ok(r, "string value (v1–v9)", string, Rule::PowerLevelsFirst)
            } else {
                no(r, "string value (v10+)", string, r)
            });
            let (mut float, state) = first(v, json!({}));
            float.content.insert(
                "users".into(),
                CanonicalJsonValue::Object([(BOB.to_string(), legacy("5.114698E4"))].into()),
            );
            cases.push(if v <= 5 {
                ok(
                    r,
                    "float value (v1–v5)",
                    (float, state),
                    Rule::PowerLevelsFirst,
                )
            } else {
                no(r, "float value (v6+)", (float, state), r)
            });
            cases
        }),
        (Rule::PowerLevelsNoCreators, |v| {
            let r = Rule::PowerLevelsNoCreators;
            let mut room = Room::with_create_content(v, json!({"additional_creators": [BOB]}));
            let state = room.base_state(vec![]);
            let e = |room: &mut Room, users: Value| {
                room.state(ALICE, "m.room.power_levels", "", json!({"users": users}))
            };
            vec![
                allow(
                    r,
                    "no creator listed",
                    e(&mut room, json!({CAROL: 100})),
                    state.clone(),
                    Rule::PowerLevelsFirst,
                ),
                reject(
                    r,
                    "the create sender listed (P1-43)",
                    e(&mut room, json!({ALICE: 100})),
                    state.clone(),
                    r,
                ),
                reject(
                    r,
                    "an additional creator listed",
                    e(&mut room, json!({BOB: 0})),
                    state,
                    r,
                ),
            ]
        }),
        (Rule::PowerLevelsFirst, |v| {
            vec![
                ok(
                    Rule::PowerLevelsFirst,
                    "no power levels yet",
                    first(v, json!({"ban": 1000, "users": {BOB: 1000}})),
                    Rule::PowerLevelsFirst,
                ),
                no(
                    Rule::PowerLevelsFirst,
                    "later ones are checked",
                    change(v, old(), edit(|p| p["ban"] = json!(61)), BOB),
                    Rule::PowerLevelsScalarsNew,
                ),
            ]
        }),
        (Rule::PowerLevelsScalarsOld, |v| {
            let r = Rule::PowerLevelsScalarsOld;
            let high_ban = edit(|p| p["ban"] = json!(70));
            let mut cases = vec![
                ok(
                    r,
                    "old value at the sender's level",
                    change(
                        v,
                        edit(|p| p["ban"] = json!(60)),
                        edit(|p| p["ban"] = json!(10)),
                        BOB,
                    ),
                    Rule::PowerLevelsAllow,
                ),
                ok(
                    r,
                    "unchanged old value above the sender's",
                    change(
                        v,
                        high_ban.clone(),
                        edit(|p| {
                            p["ban"] = json!(70);
                            p["kick"] = json!(40);
                        }),
                        BOB,
                    ),
                    Rule::PowerLevelsAllow,
                ),
                no(
                    r,
                    "changing an old value above the sender's",
                    change(v, high_ban.clone(), edit(|p| p["ban"] = json!(50)), BOB),
                    r,
                ),
                no(
                    r,
                    "removing an old value above the sender's",
                    change(
                        v,
                        high_ban,
                        edit(|p| {
                            p.as_object_mut().unwrap().remove("ban");
                        }),
                        BOB,
                    ),
                    r,
                ),
            ];
            if v <= 9 {
                // "70" → 70 is no change (v1–v9 compare parsed values).
                cases.push(ok(
                    r,
                    "string to the same integer",
                    change(
                        v,
                        edit(|p| p["ban"] = json!("70")),
                        edit(|p| p["ban"] = json!(70)),
                        BOB,
                    ),
                    Rule::PowerLevelsAllow,
                ));
                cases.push(no(
                    r,
                    "unparseable old value changed",
                    change(
                        v,
                        edit(|p| p["ban"] = json!("x")),
                        edit(|p| p["ban"] = json!(0)),
                        BOB,
                    ),
                    r,
                ));
            }
            cases
        }),
        (Rule::PowerLevelsScalarsNew, |v| {
            let r = Rule::PowerLevelsScalarsNew;
            let mut cases = vec![
                ok(
                    r,
                    "new value at the sender's level",
                    change(v, old(), edit(|p| p["ban"] = json!(60)), BOB),
                    Rule::PowerLevelsAllow,
                ),
                no(
                    r,
                    "new value above the sender's",
                    change(v, old(), edit(|p| p["ban"] = json!(61)), BOB),
                    r,
                ),
                no(
                    r,
                    "added value above the sender's",
                    change(v, old(), edit(|p| p["invite"] = json!(100)), BOB),
                    r,
                ),
            ];
            if v <= 9 {
                cases.push(no(
                    r,
                    "unparseable new value",
                    change(v, old(), edit(|p| p["redact"] = json!("lots")), BOB),
                    r,
                ));
            }
            cases
        }),
        (Rule::PowerLevelsEventsOldCheck, |v| {
            let r = Rule::PowerLevelsEventsOldCheck;
            let high = edit(|p| p["events"]["m.room.name"] = json!(70));
            let notif = edit(|p| p["notifications"] = json!({"room": 70}));
            let mut cases = vec![
                ok(
                    r,
                    "old value within reach",
                    change(
                        v,
                        old(),
                        edit(|p| p["events"]["m.room.name"] = json!(20)),
                        BOB,
                    ),
                    Rule::PowerLevelsAllow,
                ),
                no(
                    r,
                    "changing an old value above the sender's",
                    change(
                        v,
                        high.clone(),
                        edit(|p| p["events"]["m.room.name"] = json!(20)),
                        BOB,
                    ),
                    r,
                ),
                no(
                    r,
                    "removing an old value above the sender's",
                    change(v, high, edit(|p| p["events"] = json!({})), BOB),
                    r,
                ),
            ];
            let lowered = change(
                v,
                notif,
                edit(|p| p["notifications"] = json!({"room": 0})),
                BOB,
            );
            cases.push(if v >= 6 {
                no(r, "notifications checked (v6+)", lowered, r)
            } else {
                ok(
                    r,
                    "notifications not checked (v1–v5)",
                    lowered,
                    Rule::PowerLevelsAllow,
                )
            });
            cases
        }),
        (Rule::PowerLevelsEventsNewCheck, |v| {
            let r = Rule::PowerLevelsEventsNewCheck;
            let mut cases = vec![
                ok(
                    r,
                    "new value at the sender's level",
                    change(
                        v,
                        old(),
                        edit(|p| p["events"]["m.room.topic"] = json!(60)),
                        BOB,
                    ),
                    Rule::PowerLevelsAllow,
                ),
                no(
                    r,
                    "new value above the sender's",
                    change(
                        v,
                        old(),
                        edit(|p| p["events"]["m.room.topic"] = json!(61)),
                        BOB,
                    ),
                    r,
                ),
                no(
                    r,
                    "changed value above the sender's",
                    change(
                        v,
                        old(),
                        edit(|p| p["events"]["m.room.name"] = json!(61)),
                        BOB,
                    ),
                    r,
                ),
            ];
            let raised = change(
                v,
                old(),
                edit(|p| p["notifications"] = json!({"room": 61})),
                BOB,
            );
            cases.push(if v >= 6 {
                no(r, "notifications checked (v6+)", raised, r)
            } else {
                ok(
                    r,
                    "notifications not checked (v1–v5)",
                    raised,
                    Rule::PowerLevelsAllow,
                )
            });
            if v <= 9 {
                cases.push(no(
                    r,
                    "events not an object",
                    change(v, old(), edit(|p| p["events"] = json!("x")), BOB),
                    r,
                ));
            }
            cases
        }),
        (Rule::PowerLevelsUsersOldCheck, |v| {
            let r = Rule::PowerLevelsUsersOldCheck;
            let peer = edit(|p| p["users"][CAROL] = json!(60));
            let mut cases = vec![
                ok(
                    r,
                    "demoting a lower user",
                    change(v, old(), edit(|p| p["users"][CAROL] = json!(10)), BOB),
                    Rule::PowerLevelsAllow,
                ),
                ok(
                    r,
                    "demoting oneself",
                    change(v, old(), edit(|p| p["users"][BOB] = json!(10)), BOB),
                    Rule::PowerLevelsAllow,
                ),
                no(
                    r,
                    "demoting a peer",
                    change(
                        v,
                        peer.clone(),
                        edit(|p| p["users"][CAROL] = json!(10)),
                        BOB,
                    ),
                    r,
                ),
                no(
                    r,
                    "removing a peer",
                    change(
                        v,
                        peer,
                        edit(|p| {
                            p["users"].as_object_mut().unwrap().remove(CAROL);
                        }),
                        BOB,
                    ),
                    r,
                ),
            ];
            if v == 12 {
                // A creator is above everyone (its level is infinite).
                cases.push(ok(
                    r,
                    "a creator demotes anyone",
                    change(
                        v,
                        peer_of(100),
                        edit(|p| p["users"][CAROL] = json!(0)),
                        ALICE,
                    ),
                    Rule::PowerLevelsAllow,
                ));
            } else {
                cases.push(no(
                    r,
                    "demoting the creator",
                    change(v, old(), edit(|p| p["users"][ALICE] = json!(0)), BOB),
                    r,
                ));
            }
            cases
        }),
        (Rule::PowerLevelsUsersNewCheck, |v| {
            let r = Rule::PowerLevelsUsersNewCheck;
            vec![
                ok(
                    r,
                    "promoting to the sender's level",
                    change(v, old(), edit(|p| p["users"][CAROL] = json!(60)), BOB),
                    Rule::PowerLevelsAllow,
                ),
                ok(
                    r,
                    "adding a user at the sender's level",
                    change(v, old(), edit(|p| p["users"][DAVE] = json!(60)), BOB),
                    Rule::PowerLevelsAllow,
                ),
                no(
                    r,
                    "promoting above the sender",
                    change(v, old(), edit(|p| p["users"][CAROL] = json!(61)), BOB),
                    r,
                ),
                no(
                    r,
                    "promoting oneself",
                    change(v, old(), edit(|p| p["users"][BOB] = json!(61)), BOB),
                    r,
                ),
            ]
        }),
        (Rule::PowerLevelsAllow, |v| {
            vec![ok(
                Rule::PowerLevelsAllow,
                "an allowed change",
                change(v, old(), edit(|p| p["kick"] = json!(55)), BOB),
                Rule::PowerLevelsAllow,
            )]
        }),
    ]
}

fn peer_of(level: i64) -> Value {
    edit(|p| p["users"][CAROL] = json!(level))
}
