//! A deterministic generator of large forked rooms, for benchmarks and
//! property tests.

use std::collections::{HashMap, HashSet};

use mxp_ids::OwnedEventId;
use mxp_room_versions::RoomVersionRules;
use serde_json::{Value, json};

use crate::room::{Fork, Room, StateMap};
use crate::{Rng, TestEvent};

/// The shape of a generated room.
///
/// Common history: create, the admin's join, power levels, public join rules,
/// then `members` joins. Fork A: `changers` members each change their display
/// name `changes` times, the admin bans `bans` members and changes the power
/// levels once (and again every `power_every` events if set). Fork B: the same
/// members make `changes` different changes, the banned members change their
/// profiles, the admin makes a different power levels change. Forks C, D, …
/// (`forks` > 2) are like B without the banned members. Events of a fork are
/// shuffled by the seed.
#[derive(Debug, Clone)]
pub struct Shape {
    /// The room version's rules.
    pub rules: RoomVersionRules,
    /// The room version string of the create event.
    pub version: String,
    /// Members joined in the common history (`n`).
    pub members: usize,
    /// Members who change their profile on every fork (`k`, at most `n`).
    pub changers: usize,
    /// Changes per member per fork (`d`).
    pub changes: usize,
    /// Members banned on fork A (`b`, at most `n`).
    pub bans: usize,
    /// A power levels change every this many events on fork A.
    pub power_every: Option<usize>,
    /// Number of forks (at least 2).
    pub forks: usize,
    /// Entries of the power levels `users` map (the admin plus extra users).
    pub users_map: usize,
    /// The seed.
    pub seed: u64,
}

impl Default for Shape {
    /// Room version 11, n=1000, k=1000, d=5, b=50, two forks.
    fn default() -> Self {
        Self {
            rules: RoomVersionRules::V11,
            version: "11".to_owned(),
            members: 1000,
            changers: 1000,
            changes: 5,
            bans: 50,
            power_every: None,
            forks: 2,
            users_map: 1,
            seed: 0,
        }
    }
}

impl Shape {
    /// The same shape in room version 12.
    pub fn v12(mut self) -> Self {
        self.rules = RoomVersionRules::V12;
        self.version = "12".to_owned();
        self
    }

    /// How many events generation will make (for progress reporting).
    pub fn event_count(&self) -> usize {
        let forks = self.forks.max(2);
        let pl = self
            .power_every
            .map_or(0, |p| self.changers * self.changes / p.max(1));
        4 + self.members
            + forks * (self.changers * self.changes + 1)
            + 2 * self.bans.min(self.members)
            + pl
    }
}

/// A generated room: every event, and one state set per fork.
#[derive(Debug, Clone)]
pub struct GeneratedRoom {
    /// The room version's rules.
    pub rules: RoomVersionRules,
    /// Every event by ID.
    pub events: HashMap<OwnedEventId, TestEvent>,
    /// Event IDs in generation order (auth events before the events citing them).
    pub order: Vec<OwnedEventId>,
    /// The state at the head of each fork.
    pub state_sets: Vec<StateMap>,
}

impl GeneratedRoom {
    /// The PDUs as JSON with their event IDs, in generation order.
    pub fn pdus(&self) -> Vec<(OwnedEventId, Value)> {
        self.order
            .iter()
            .filter_map(|id| Some((id.clone(), self.events.get(id)?.to_json())))
            .collect()
    }
}

/// Generates a room.
pub fn generate(shape: &Shape) -> GeneratedRoom {
    generate_with_progress(shape, |_, _| {})
}

#[derive(Debug, Clone, Copy)]
enum Op {
    Rename(usize, usize),
    Ban(usize),
    Power,
}

/// Generates a room, calling `progress(done, total)` every 1024 events.
pub fn generate_with_progress(
    shape: &Shape,
    mut progress: impl FnMut(usize, usize),
) -> GeneratedRoom {
    let total = shape.event_count();
    let mut rng = Rng::new(shape.seed);
    let mut room = Room::new(shape.rules, &shape.version);
    let admin = "@admin:hs0.example".to_owned();
    let user = |i: usize| format!("@u{i}:hs{}.example", i % 10);
    let mut done = 0usize;
    let mut tick = |room: &Room| {
        let n = room.order().len();
        if n / 1024 != done / 1024 {
            progress(n, total);
        }
        done = n;
    };

    let mut main = room.create(&admin);
    let mut users = serde_json::Map::new();
    if !shape.rules.authorization.creators_have_infinite_power {
        users.insert(admin.clone(), json!(100));
    }
    for i in 1..shape.users_map {
        users.insert(
            format!("@pl{i}:hs{}.example", i % 7),
            json!((i % 50) as i64 + 1),
        );
    }
    let pl_content = |users: &serde_json::Map<String, Value>, topic: i64| {
        json!({
            "users": users, "users_default": 0, "events_default": 0, "state_default": 50,
            "ban": 50, "kick": 50, "redact": 50, "invite": 0,
            "events": {"m.room.name": 50, "m.room.topic": topic, "m.room.power_levels": 100},
        })
    };
    room.state(
        &mut main,
        &admin,
        "m.room.power_levels",
        "",
        pl_content(&users, 50),
    );
    room.state(
        &mut main,
        &admin,
        "m.room.join_rules",
        "",
        json!({"join_rule": "public"}),
    );
    for i in 0..shape.members {
        let u = user(i);
        room.member(&mut main, &u, &u, "join");
        tick(&room);
    }

    let n = shape.members;
    let k = shape.changers.min(n);
    let b = shape.bans.min(n);
    let banned: Vec<usize> = (n - b..n).collect();
    let mut power_changes = 0i64;
    let mut state_sets = Vec::new();
    for f in 0..shape.forks.max(2) {
        let mut fork: Fork = main.clone();
        let mut ops: Vec<Op> = Vec::new();
        for j in 0..k {
            for c in 0..shape.changes {
                ops.push(Op::Rename(j, c));
            }
        }
        match f {
            0 => ops.extend(banned.iter().map(|&u| Op::Ban(u))),
            1 => ops.extend(banned.iter().map(|&u| Op::Rename(u, shape.changes))),
            _ => {}
        }
        ops.push(Op::Power);
        rng.shuffle(&mut ops);
        if f == 0
            && let Some(every) = shape.power_every.filter(|&p| p > 0)
        {
            let mut with_power = Vec::with_capacity(ops.len() + ops.len() / every);
            for (i, op) in ops.into_iter().enumerate() {
                if i > 0 && i % every == 0 {
                    with_power.push(Op::Power);
                }
                with_power.push(op);
            }
            ops = with_power;
        }
        let mut gone: HashSet<usize> = HashSet::new();
        for op in ops {
            match op {
                Op::Rename(j, c) => {
                    if gone.contains(&j) {
                        continue;
                    }
                    let u = user(j);
                    let name = format!("{u} fork {f} change {c}");
                    room.state(
                        &mut fork,
                        &u,
                        "m.room.member",
                        &u,
                        json!({"membership": "join", "displayname": name}),
                    );
                }
                Op::Ban(j) => {
                    gone.insert(j);
                    room.member(&mut fork, &admin, &user(j), "ban");
                }
                Op::Power => {
                    power_changes += 1;
                    let topic = 50 + (power_changes % 50) * if f == 0 { 1 } else { -1 };
                    room.state(
                        &mut fork,
                        &admin,
                        "m.room.power_levels",
                        "",
                        pl_content(&users, topic),
                    );
                }
            }
            tick(&room);
        }
        state_sets.push(fork.state().clone());
    }
    progress(room.order().len(), total);
    let order = room.order().to_vec();
    GeneratedRoom {
        rules: shape.rules,
        events: room.into_events(),
        order,
        state_sets,
    }
}
