//! Named inputs shared by tests and benchmarks.

use mxp_room_versions::RoomVersionRules;
use serde_json::json;

use crate::{Room, Shape, StateMap};

/// A hand-built scenario: its room (all events) and the state sets to resolve.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The room with every event.
    pub room: Room,
    /// The state sets (one per fork).
    pub state_sets: Vec<StateMap>,
}

/// The classic "ban vs power levels" fixture: Alice (admin) creates the room,
/// Bob and Charlie join, Alice makes Bob a moderator; then on one fork Alice
/// re-joins and bans Bob, on the other Bob re-sends the power levels. The
/// resolved state keeps Alice's power levels and Bob's ban.
pub fn ban_vs_power_levels(rules: RoomVersionRules, version: &str) -> Scenario {
    let (alice, bob, charlie) = ("@alice:a.example", "@bob:b.example", "@charlie:c.example");
    let users = |bob_level: i64| {
        if rules.authorization.creators_have_infinite_power {
            json!({"users": {bob: bob_level}})
        } else {
            json!({"users": {alice: 100, bob: bob_level}})
        }
    };
    let mut room = Room::new(rules, version);
    let mut main = room.create(alice);
    let pl = "m.room.power_levels";
    room.state(&mut main, alice, pl, "", users(0));
    room.state(
        &mut main,
        alice,
        "m.room.join_rules",
        "",
        json!({"join_rule": "public"}),
    );
    room.member(&mut main, bob, bob, "join");
    room.member(&mut main, charlie, charlie, "join");
    room.state(&mut main, alice, pl, "", users(50));
    let (mut a, mut b) = (main.clone(), main.clone());
    room.state(
        &mut a,
        alice,
        "m.room.member",
        alice,
        json!({"membership": "join", "displayname": "A"}),
    );
    room.member(&mut a, alice, bob, "ban");
    room.state(&mut b, bob, pl, "", users(50));
    Scenario {
        state_sets: vec![a.state().clone(), b.state().clone()],
        room,
    }
}

/// The room shapes of the state resolution benchmarks (issue 6), by name.
/// All are room version 11 with two forks unless the name says otherwise.
pub fn benchmark_shapes() -> Vec<(&'static str, Shape)> {
    let row2 = Shape::default();
    vec![
        ("n1000_k1000_d5_b50", row2.clone()),
        (
            "n10000_k1000_d5_b50",
            Shape {
                members: 10_000,
                ..row2.clone()
            },
        ),
        (
            "n1000_k1000_d10_b100",
            Shape {
                changes: 10,
                bans: 100,
                ..row2.clone()
            },
        ),
        (
            "n1000_k1000_d5_b50_pl_every_10",
            Shape {
                power_every: Some(10),
                ..row2.clone()
            },
        ),
        (
            "n2000_k1000_d1_b1000_users500",
            Shape {
                members: 2000,
                changes: 1,
                bans: 1000,
                users_map: 500,
                ..row2.clone()
            },
        ),
        ("n1000_k1000_d5_b50_v12", row2.clone().v12()),
        (
            "n1000_k1000_d5_b50_20_forks",
            Shape {
                forks: 20,
                ..row2.clone()
            },
        ),
        (
            "n10000_k10000_d5_b50",
            Shape {
                members: 10_000,
                changers: 10_000,
                ..row2
            },
        ),
    ]
}
