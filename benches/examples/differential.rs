//! Differential testing of state resolution: mxp against `ruma-state-res`
//! on rooms from the `state_res` fuzz target's generator (forks of events
//! each authorized against its fork's state, forks merged by resolution),
//! without its hostile mutations, in room versions 3–12. Prints every room
//! whose two resolved states differ, then a summary.
//!
//! ```sh
//! cd benches
//! cargo run --release --example differential -- [rooms] [seed] [room to show]
//! cargo run --release --example differential -- shapes [rooms] [seed]
//! cargo run --release --example differential -- auth [cases] [seed] [case to show]
//! ```
//!
//! Rooms are drawn from `seed` (default 1) one after another, so `rooms`
//! and `seed` name a run, and the third argument prints one room of it in
//! full. With `shapes`, the rooms are small random `mxp_testkit::Shape`s
//! instead (forks of display name changes, bans and power level changes:
//! every room has conflicts). ruma gets the auth chains and (v12) the
//! conflicted state subgraph it asks its caller for, computed by the
//! bench's `RumaStore`.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use arbitrary::{Arbitrary, Unstructured};
use mxp::canonical_json::CanonicalJsonValue;
use mxp::room_versions::RoomVersionRules;
use mxp::state_res::{Budget, EventSource, Resolver};
use mxp_benches::ruma_pdu::{RumaPdu, RumaStore, conflicted_state_set, ruma_state_map};
use mxp_fuzz::auth::AuthInput;
use mxp_fuzz::state_res::{Built, ResInput, build_room};
use mxp_testkit::{Shape, StateMap, TestEvent, generate};
use ruma_common::room_version_rules::{AuthorizationRules, StateResolutionV2Rules};
use ruma_events::StateEventType;
use ruma_state_res::Event as _;

type Resolved = BTreeMap<(String, String), String>;

/// One room to resolve: its rules, state sets, events, and the source mxp
/// reads them from.
struct Room<'a, S: EventSource<Event = TestEvent>> {
    rules: &'a RoomVersionRules,
    sets: &'a [StateMap],
    events: Vec<&'a TestEvent>,
    source: &'a S,
}

/// SplitMix64: a small seeded generator, enough to draw fuzz inputs.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The room version number of `rules` (1–12).
fn version_of(rules: &RoomVersionRules) -> usize {
    RoomVersionRules::ALL
        .iter()
        .position(|(_, r)| *r == rules)
        .map_or(0, |i| i + 1)
}

fn ruma_rules(version: usize) -> Option<(AuthorizationRules, StateResolutionV2Rules)> {
    use ruma_common::room_version_rules::RoomVersionRules as R;
    let rules = match version {
        3 => R::V3,
        4 => R::V4,
        5 => R::V5,
        6 => R::V6,
        7 => R::V7,
        8 => R::V8,
        9 => R::V9,
        10 => R::V10,
        11 => R::V11,
        12 => R::V12,
        _ => return None,
    };
    let sr = if version == 12 {
        StateResolutionV2Rules::V2_1
    } else {
        StateResolutionV2Rules::V2_0
    };
    Some((rules.authorization, sr))
}

fn resolve_mxp<S: EventSource<Event = TestEvent>>(room: &Room<'_, S>) -> Result<Resolved, String> {
    let state = Resolver::new(room.rules)
        .budget(Budget::unlimited())
        .resolve(room.sets, room.source)
        .map_err(|e| e.to_string())?;
    Ok(state
        .to_btree_map()
        .into_iter()
        .map(|(k, v)| (k, v.as_str().to_owned()))
        .collect())
}

fn resolve_ruma<S: EventSource<Event = TestEvent>>(
    room: &Room<'_, S>,
    version: usize,
) -> Result<Resolved, String> {
    let (auth, sr) = ruma_rules(version).ok_or("no ruma rules")?;
    let pdus: Vec<(String, serde_json::Value)> = room
        .events
        .iter()
        .map(|e| (e.event_id.as_str().to_owned(), pdu_json(e)))
        .collect();
    let store = RumaStore::from_pdus(pdus.iter().map(|(id, json)| (id.as_str(), json)))
        .map_err(|e| format!("conversion: {e}"))?;
    let maps = room
        .sets
        .iter()
        .map(|set| {
            ruma_state_map(
                set.iter()
                    .map(|((t, k), id)| (t.as_str(), k.as_str(), id.as_str())),
            )
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("conversion: {e}"))?;
    let chains = maps.iter().map(|m| store.full_auth_chain(m)).collect();
    let subgraph = sr
        .consider_conflicted_state_subgraph
        .then(|| store.conflicted_subgraph(&conflicted_state_set(&maps)));
    let resolved = catch_unwind(AssertUnwindSafe(|| {
        ruma_state_res::resolve(
            &auth,
            &sr,
            maps.iter(),
            chains,
            |id| store.get(id).cloned(),
            |_| subgraph.clone(),
        )
    }))
    .map_err(|_| "ruma panicked".to_owned())?
    .map_err(|e| e.to_string())?;
    Ok(resolved
        .into_iter()
        .map(|((t, k), v)| ((t.to_string(), k), v.to_string()))
        .collect())
}

/// The fields of `event` that ruma's `Event` reads, as PDU JSON (the fuzz
/// generator's events carry them as fields; their `json` may be partial).
fn pdu_json(event: &TestEvent) -> serde_json::Value {
    let mut json = serde_json::json!({
        "type": event.event_type,
        "sender": event.sender.as_str(),
        "origin_server_ts": event.origin_server_ts,
        "depth": event.depth,
        "content": serde_json::Value::from(CanonicalJsonValue::Object(event.content.clone())),
        "prev_events": event.prev_events.iter().map(|id| id.as_str()).collect::<Vec<_>>(),
        "auth_events": event.auth_events.iter().map(|id| id.as_str()).collect::<Vec<_>>(),
    });
    if let Some(room) = &event.room_id {
        json["room_id"] = room.as_str().into();
    }
    if let Some(key) = &event.state_key {
        json["state_key"] = key.as_str().into();
    }
    if let Some(redacts) = event.content.get("redacts").and_then(|r| r.as_str()) {
        json["redacts"] = redacts.into();
    }
    json
}

/// The differing keys of two resolved states, with each side's event.
fn differences(mxp: &Resolved, ruma: &Resolved) -> Vec<String> {
    let keys: std::collections::BTreeSet<_> = mxp.keys().chain(ruma.keys()).collect();
    keys.into_iter()
        .filter(|k| mxp.get(*k) != ruma.get(*k))
        .map(|(t, k)| {
            let side = |r: &Resolved| {
                r.get(&(t.clone(), k.clone()))
                    .map_or("absent".to_owned(), Clone::clone)
            };
            format!("({t}, {k:?}): mxp {} ruma {}", side(mxp), side(ruma))
        })
        .collect()
}

/// Which known difference between the two implementations can explain a
/// disagreement on `room` (documented in the digest), if any.
fn known_cause<S: EventSource<Event = TestEvent>>(
    room: &Room<'_, S>,
    diff: &[String],
) -> Option<&'static str> {
    // Power levels with values the rules of v1–v9 do not require to be
    // integers (floats in v1–v5, strings, or fields they do not read): mxp
    // follows the rules, ruma rejects the event when it cannot parse it.
    let loose_power_levels = version_of(room.rules) <= 9
        && room
            .events
            .iter()
            .any(|e| e.event_type == "m.room.power_levels" && !all_integers(&e.content));
    if loose_power_levels {
        return Some("power levels with non-integer values (v1–v9)");
    }
    // No join rules event in the state: the spec is silent; mxp takes `invite` as Synapse
    // does, ruma rejects the join.
    let no_join_rules = room
        .sets
        .iter()
        .all(|set| !set.contains_key(&("m.room.join_rules".to_owned(), String::new())));
    if no_join_rules && diff.iter().all(|d| d.starts_with("(m.room.member,")) {
        return Some("join without a join rules event");
    }
    None
}

/// Whether every level in a power levels content is an integer: the
/// top-level values, and the values of `users`, `events` and
/// `notifications` (which must be objects).
fn all_integers(content: &mxp::canonical_json::CanonicalJsonObject) -> bool {
    let int = |v: &CanonicalJsonValue| matches!(v, CanonicalJsonValue::Integer(_));
    content.iter().all(|(key, value)| match key.as_str() {
        "users" | "events" | "notifications" => value
            .as_object()
            .is_some_and(|o| o.iter().all(|(_, v)| int(v))),
        _ => int(value),
    })
}

fn show(built: &Built) {
    for (i, set) in built.sets.iter().enumerate() {
        println!("state set {i}:");
        for ((t, k), id) in set {
            println!("  ({t}, {k:?}) = {id}");
        }
    }
    println!("events, in the order sent:");
    for e in built.events() {
        let rejected = built
            .rejection(&e.event_id)
            .map_or(String::new(), |r| format!(" (rejected: {r:?})"));
        println!("  {}{rejected}\n    {}", e.event_id, pdu_json(e));
    }
}

/// What a run found.
#[derive(Default)]
struct Tally {
    /// Per room version: compared, with conflicts, same, different.
    by_version: [[u64; 4]; 13],
    causes: BTreeMap<&'static str, u64>,
    skipped: u64,
    mxp_only: u64,
    ruma_only: u64,
    both_failed: u64,
}

impl Tally {
    /// Resolves `room` with both and records (and prints) the outcome.
    fn compare<S: EventSource<Event = TestEvent>>(&mut self, name: &str, room: &Room<'_, S>) {
        let version = version_of(room.rules);
        let mxp = resolve_mxp(room);
        let ruma = resolve_ruma(room, version);
        match (&mxp, &ruma) {
            (Ok(m), Ok(r)) => {
                let row = &mut self.by_version[version];
                row[0] += 1;
                if room.sets.windows(2).any(|w| w[0] != w[1]) {
                    row[1] += 1;
                }
                let diff = differences(m, r);
                if diff.is_empty() {
                    row[2] += 1;
                    return;
                }
                row[3] += 1;
                let cause = known_cause(room, &diff);
                *self
                    .causes
                    .entry(cause.unwrap_or("unexplained"))
                    .or_insert(0) += 1;
                println!(
                    "{name} (v{version}, {} sets, {} events) differs ({}):",
                    room.sets.len(),
                    room.events.len(),
                    cause.unwrap_or("UNEXPLAINED")
                );
                for d in diff {
                    println!("  {d}");
                }
            }
            (Ok(_), Err(e)) => {
                self.ruma_only += 1;
                println!("{name} (v{version}): only ruma failed: {e}");
            }
            (Err(e), Ok(_)) => {
                self.mxp_only += 1;
                println!("{name} (v{version}): only mxp failed: {e}");
            }
            (Err(_), Err(_)) => self.both_failed += 1,
        }
    }

    fn print(&self) {
        println!("version  compared  with conflicts  same  different");
        for (v, [c, k, s, d]) in self.by_version.iter().enumerate() {
            if *c > 0 {
                println!("v{v:<7} {c:>8} {k:>15} {s:>5} {d:>10}");
            }
        }
        println!(
            "only mxp failed: {}; only ruma failed: {}; both failed: {}",
            self.mxp_only, self.ruma_only, self.both_failed
        );
        for (cause, n) in &self.causes {
            println!("different, {cause}: {n}");
        }
    }
}

/// Rooms of the fuzz target's generator, from random bytes.
fn fuzz_rooms(rooms: u64, seed: u64, only: Option<u64>, tally: &mut Tally) {
    let mut rng = seed;
    for room in 0..rooms {
        let len = 64 + (next(&mut rng) % 2048) as usize;
        let bytes: Vec<u8> = (0..len).map(|_| next(&mut rng) as u8).collect();
        if only.is_some_and(|o| o != room) {
            continue;
        }
        let Ok(input) = ResInput::arbitrary_take_rest(Unstructured::new(&bytes)) else {
            tally.skipped += 1;
            continue;
        };
        let built = build_room(&input.without_mutations());
        if version_of(built.rules) < 3 {
            // ruma's conversion here reads the v3+ event format only.
            tally.skipped += 1;
            continue;
        }
        if only.is_some() {
            show(&built);
        }
        let room_ref = Room {
            rules: built.rules,
            sets: &built.sets,
            events: built.events().collect(),
            source: built.source(),
        };
        tally.compare(&format!("room {room}"), &room_ref);
    }
}

/// Small rooms of `mxp_testkit::Shape` (the benchmark's room shapes: joins,
/// display name changes on every fork, bans, power level changes) with
/// random sizes, in room versions 3–12: every one has conflicts.
fn shape_rooms(rooms: u64, seed: u64, tally: &mut Tally) {
    let mut rng = seed;
    for room in 0..rooms {
        let mut draw = |n: u64| next(&mut rng) % n;
        let version = 3 + draw(10) as usize;
        let (name, rules) = RoomVersionRules::ALL[version - 1];
        let members = 2 + draw(30) as usize;
        let shape = Shape {
            rules: *rules,
            version: name.to_string(),
            members,
            changers: 1 + draw(members as u64) as usize,
            changes: 1 + draw(4) as usize,
            bans: draw(members.min(6) as u64) as usize,
            power_every: (draw(2) == 0).then(|| 1 + draw(6) as usize),
            forks: 2 + draw(3) as usize,
            users_map: 1 + draw(20) as usize,
            seed: next(&mut rng),
        };
        let generated = generate(&shape);
        let room_ref = Room {
            rules,
            sets: &generated.state_sets,
            events: generated
                .order
                .iter()
                .filter_map(|id| generated.events.get(id))
                .collect(),
            source: &generated.events,
        };
        tally.compare(&format!("shape {room} {shape:?}"), &room_ref);
    }
}

/// The state events of an auth case, looked up by ID (nothing rejected).
struct ById<'a>(&'a [TestEvent]);

impl mxp::auth::EventLookup for ById<'_> {
    type Event = TestEvent;
    fn event(&self, id: &mxp::ids::EventId) -> Option<&TestEvent> {
        self.0.iter().find(|e| e.event_id.as_str() == id.as_str())
    }
    fn is_rejected(&self, _: &mxp::ids::EventId) -> bool {
        false
    }
}

/// ruma's verdict on `event` against `state`: the state-independent rules,
/// then the state-dependent ones, as its `resolve` applies them.
fn ruma_verdict(
    auth: &AuthorizationRules,
    state: &[TestEvent],
    event: &TestEvent,
) -> Result<Result<(), String>, String> {
    let convert = |e: &TestEvent| {
        RumaPdu::from_json(e.event_id.as_str(), &pdu_json(e))
            .map_err(|e| format!("conversion: {e}"))
    };
    let state: Vec<RumaPdu> = state.iter().map(convert).collect::<Result<_, _>>()?;
    let event = convert(event)?;
    let fetch_event = |id: &ruma_common::EventId| state.iter().find(|e| e.event_id() == id);
    let fetch_state = |t: &StateEventType, k: &str| {
        state
            .iter()
            .find(|e| e.event_type().to_string() == t.to_string() && e.state_key() == Some(k))
    };
    catch_unwind(AssertUnwindSafe(|| {
        ruma_state_res::check_state_independent_auth_rules(auth, &event, fetch_event)?;
        ruma_state_res::check_state_dependent_auth_rules(auth, &event, fetch_state)
    }))
    .map_err(|_| "ruma panicked".to_owned())
}

/// Authorization: events against small states from the `auth` fuzz target's
/// generator (made honest: auth events selected from the state), mxp's
/// verdict against ruma's. Disagreements are counted by mxp's rule and the
/// start of ruma's reason.
fn auth_cases(cases: u64, seed: u64, only: Option<u64>) {
    let mut rng = seed;
    let mut by_version = [[0u64; 3]; 13]; // compared, allowed by both, differ
    let mut kinds: BTreeMap<String, (u64, String)> = BTreeMap::new();
    let mut skipped = 0u64;
    let mut causes: BTreeMap<&str, u64> = BTreeMap::new();
    for case in 0..cases {
        let len = 32 + (next(&mut rng) % 1024) as usize;
        let bytes: Vec<u8> = (0..len).map(|_| next(&mut rng) as u8).collect();
        if only.is_some_and(|o| o != case) {
            continue;
        }
        let Ok(input) = AuthInput::arbitrary_take_rest(Unstructured::new(&bytes)) else {
            skipped += 1;
            continue;
        };
        let (rules, state, event) = input.honest_case();
        if only.is_some() {
            println!("state:");
            for e in &state {
                println!("  {} {}", e.event_id, pdu_json(e));
            }
            println!("event:\n  {} {}", event.event_id, pdu_json(&event));
        }
        let version = version_of(rules);
        let Some((auth, _)) = ruma_rules(version) else {
            skipped += 1;
            continue;
        };
        let mxp = mxp::auth::check(rules, &event, &ById(&state), &state);
        let ruma = match ruma_verdict(&auth, &state, &event) {
            Ok(verdict) => verdict,
            Err(_) => {
                skipped += 1;
                continue;
            }
        };
        let row = &mut by_version[version];
        row[0] += 1;
        if mxp.is_ok() && ruma.is_ok() {
            row[1] += 1;
        }
        if mxp.is_ok() == ruma.is_ok() {
            continue;
        }
        row[2] += 1;
        if let Some(cause) = known_auth_cause(&mxp, &ruma) {
            *causes.entry(cause).or_insert(0) += 1;
        } else {
            *causes.entry("unexplained").or_insert(0) += 1;
        }
        let mxp_side = match &mxp {
            Ok(a) => format!("mxp allows ({})", a.rule_id()),
            Err(r) => format!("mxp rejects ({})", r.rule_id()),
        };
        let ruma_side = match &ruma {
            Ok(()) => "ruma allows".to_owned(),
            Err(e) => format!("ruma: {}", e.chars().take(70).collect::<String>()),
        };
        let entry = kinds
            .entry(format!("v{version} {mxp_side}; {ruma_side}"))
            .or_insert((0, String::new()));
        entry.0 += 1;
        if entry.1.is_empty() {
            entry.1 = format!(
                "case {case}: {} {} by {} with state [{}]",
                event.event_type,
                pdu_json(&event)["content"],
                event.sender.as_str(),
                state
                    .iter()
                    .map(|e| format!("{} {:?}", e.event_type, e.state_key))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    println!(
        "auth, seed {seed}, {cases} cases drawn, {skipped} skipped (undecodable, v1–v2, or ruma could not take them)"
    );
    println!("version  compared  allowed by both  different");
    for (v, [c, a, d]) in by_version.iter().enumerate() {
        if *c > 0 {
            println!("v{v:<7} {c:>8} {a:>16} {d:>10}");
        }
    }
    for (kind, (n, example)) in &kinds {
        println!("{n:>7}  {kind}\n         e.g. {example}");
    }
    for (cause, n) in &causes {
        println!("different, {cause}: {n}");
    }
}

/// Which known difference explains a disagreement on an auth case, if any.
fn known_auth_cause(
    mxp: &Result<mxp::auth::Allowed, mxp::auth::Rejection>,
    ruma: &Result<(), String>,
) -> Option<&'static str> {
    use mxp::auth::Rule;
    if let Err(e) = ruma {
        // The digest's note on the join rule: none in the state reads as
        // `invite` (Synapse), ruma rejects.
        if e.contains("no `m.room.join_rules` event") {
            return Some("join without a join rules event in the state");
        }
        // A power levels event (the one checked, or the state's) with a
        // value ruma cannot parse (a float, a string, a non-object): the
        // rules of v1–v9 allow it, and in v10+ one in the state could not
        // have been accepted.
        if e.contains("m.room.power_levels") && e.contains("unexpected format") {
            return Some("power levels (the event or the state's) that ruma cannot parse");
        }
    }
    let rule = mxp.as_ref().err()?.rule();
    match rule {
        // A create event naming a room version this implementation does not
        // recognise is rejected (AUTH-vN-1.3); ruma accepts any version.
        Rule::CreateRoomVersion => Some("create names a room version not recognised (AUTH-vN-1.3)"),
        // The authorising server's signature (v8+): mxp's auth checks that
        // the event carries it (verified on receipt); ruma leaves the whole
        // check to `verify_event`.
        Rule::MemberAuthoriserSignatureCheck => {
            Some("authorising server's signature: checked by mxp's auth, by ruma's verify_event")
        }
        // v12: the room ID must name an accepted *create* event
        // (AUTH-v12-2); ruma 0.18 fetches the event the room ID names and
        // checks that it was not rejected, but not that it is a create event.
        Rule::RoomIdIsCreate => Some("v12 room ID names no create event (AUTH-v12-2)"),
        _ => None,
    }
}

/// A random value for a key of an event: strings, integers, booleans, and
/// objects or arrays made of the same, a few levels deep.
fn random_value(rng: &mut u64, depth: u32) -> serde_json::Value {
    use serde_json::json;
    const WORDS: [&str; 8] = [
        "join",
        "invite",
        "@alice:a.example",
        "public",
        "shared",
        "$ev:a.example",
        "",
        "x",
    ];
    match next(rng) % if depth > 2 { 3 } else { 6 } {
        0 => json!(WORDS[(next(rng) % 8) as usize]),
        1 => json!((next(rng) % 201) as i64 - 100),
        2 => json!(next(rng).is_multiple_of(2)),
        3 => {
            let mut o = serde_json::Map::new();
            for _ in 0..next(rng) % 4 {
                let key = CONTENT_KEYS[(next(rng) % CONTENT_KEYS.len() as u64) as usize];
                o.insert(key.to_owned(), random_value(rng, depth + 1));
            }
            serde_json::Value::Object(o)
        }
        4 => json!({
            "display_name": "x",
            "signed": {"mxid": "@alice:a.example", "token": "t", "signatures": {"a.example": {"ed25519:1": "sig"}}},
            "extra": random_value(rng, depth + 1),
        }),
        _ => serde_json::Value::Array(
            (0..next(rng) % 3)
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
    }
}

/// Keys that some room version's redaction keeps in some event's content.
const CONTENT_KEYS: [&str; 34] = [
    "creator",
    "m.federate",
    "room_version",
    "predecessor",
    "additional_creators",
    "type",
    "membership",
    "join_authorised_via_users_server",
    "third_party_invite",
    "signed",
    "mxid",
    "token",
    "signatures",
    "displayname",
    "join_rule",
    "allow",
    "room_id",
    "ban",
    "events",
    "events_default",
    "kick",
    "redact",
    "state_default",
    "users",
    "users_default",
    "notifications",
    "invite",
    "history_visibility",
    "aliases",
    "redacts",
    "body",
    "name",
    "public_key",
    "custom.key",
];

/// Top-level keys of PDUs, and of old ones.
const TOP_KEYS: [&str; 18] = [
    "state_key",
    "sender",
    "room_id",
    "event_id",
    "origin",
    "origin_server_ts",
    "depth",
    "prev_events",
    "auth_events",
    "hashes",
    "signatures",
    "unsigned",
    "membership",
    "prev_state",
    "redacts",
    "age_ts",
    "custom",
    "event_format",
];

const TYPES: [&str; 12] = [
    "m.room.create",
    "m.room.member",
    "m.room.join_rules",
    "m.room.power_levels",
    "m.room.history_visibility",
    "m.room.aliases",
    "m.room.redaction",
    "m.room.message",
    "m.room.name",
    "m.room.third_party_invite",
    "m.room.encryption",
    "m.room.server_acl",
];

/// An event with a random type, random top-level keys and random content.
fn random_event(rng: &mut u64) -> serde_json::Value {
    let mut event = serde_json::Map::new();
    event.insert(
        "type".into(),
        TYPES[(next(rng) % TYPES.len() as u64) as usize].into(),
    );
    for key in TOP_KEYS {
        if next(rng).is_multiple_of(2) {
            event.insert(key.into(), random_value(rng, 1));
        }
    }
    let mut content = serde_json::Map::new();
    for _ in 0..next(rng) % 7 {
        let key = CONTENT_KEYS[(next(rng) % CONTENT_KEYS.len() as u64) as usize];
        content.insert(key.into(), random_value(rng, 1));
    }
    event.insert("content".into(), serde_json::Value::Object(content));
    serde_json::Value::Object(event)
}

/// Redaction, content hash and reference hash of random events in every
/// room version: mxp against ruma.
fn redaction_cases(cases: u64, seed: u64) {
    use mxp::canonical_json::{ParseOptions, parse_object};
    use mxp::signatures::{content_hash, reference_hash_base64};
    use ruma_common::room_version_rules::RoomVersionRules as R;
    const RUMA: [R; 12] = [
        R::V1,
        R::V2,
        R::V3,
        R::V4,
        R::V5,
        R::V6,
        R::V7,
        R::V8,
        R::V9,
        R::V10,
        R::V11,
        R::V12,
    ];
    let mut rng = seed;
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    let mut examples: BTreeMap<String, String> = BTreeMap::new();
    let mut compared = 0u64;
    for case in 0..cases {
        let event = random_event(&mut rng);
        let text = event.to_string();
        let Ok(mxp_object) = parse_object(text.as_bytes(), &ParseOptions::lenient()) else {
            continue;
        };
        let Ok(ruma_object) = serde_json::from_str::<ruma_common::CanonicalJsonObject>(&text)
        else {
            continue;
        };
        for (i, (_, rules)) in RoomVersionRules::ALL.iter().enumerate() {
            let version = i + 1;
            let ruma_rules = &RUMA[i];
            compared += 1;
            let mxp_redacted = mxp::redaction::redact(&mxp_object, rules)
                .map(|o| serde_json::Value::from(CanonicalJsonValue::Object(o)))
                .map_err(|e| e.to_string());
            let ruma_redacted = ruma_common::canonical_json::redact(
                ruma_object.clone(),
                &ruma_rules.redaction,
                None,
            )
            .map(|o| serde_json::to_value(o).unwrap_or_default())
            .map_err(|e| e.to_string());
            let mxp_content = content_hash(&mxp_object, rules)
                .map(mxp::signatures::base64::encode)
                .map_err(|e| e.to_string());
            let ruma_content = ruma_signatures::content_hash(&ruma_object)
                .map(|h| h.encode())
                .map_err(|e| e.to_string());
            let mxp_reference =
                reference_hash_base64(&mxp_object, rules).map_err(|e| e.to_string());
            let ruma_reference = ruma_signatures::reference_hash(&ruma_object, ruma_rules)
                .map_err(|e| e.to_string());
            // v11+: a member event's `third_party_invite` that is not an
            // object. The spec is silent; mxp drops it as Synapse does (the
            // digest's note under REDACT-v11), ruma keeps it as it is.
            let loose_invite = version >= 11
                && event["type"] == "m.room.member"
                && event["content"]
                    .get("third_party_invite")
                    .is_some_and(|v| !v.is_object());
            let mut note = |what: &str, same: bool, detail: String| {
                let verdict = match (same, loose_invite) {
                    (true, _) => "same",
                    (false, true) => "different: non-object third_party_invite (known)",
                    (false, false) => "DIFFERENT",
                };
                let key = format!("v{version} {what}: {verdict}");
                *counts.entry(key.clone()).or_insert(0) += 1;
                if !same {
                    examples
                        .entry(key)
                        .or_insert(format!("case {case}: {detail}"));
                }
            };
            let same = match (&mxp_redacted, &ruma_redacted) {
                (Ok(a), Ok(b)) => a == b,
                (Err(_), Err(_)) => true,
                _ => false,
            };
            note(
                "redact",
                same,
                format!("{text}\n    mxp  {mxp_redacted:?}\n    ruma {ruma_redacted:?}"),
            );
            let same = match (&mxp_content, &ruma_content) {
                (Ok(a), Ok(b)) => a == b,
                (Err(_), Err(_)) => true,
                _ => false,
            };
            note(
                "content hash",
                same,
                format!("{text}\n    mxp  {mxp_content:?}\n    ruma {ruma_content:?}"),
            );
            let same = match (&mxp_reference, &ruma_reference) {
                (Ok(a), Ok(b)) => a == b,
                (Err(_), Err(_)) => true,
                _ => false,
            };
            note(
                "reference hash",
                same,
                format!("{text}\n    mxp  {mxp_reference:?}\n    ruma {ruma_reference:?}"),
            );
        }
    }
    println!("redaction and hashes, seed {seed}, {cases} events, {compared} event × version pairs");
    for (key, n) in &counts {
        println!("{n:>9}  {key}");
        if let Some(e) = examples.get(key) {
            println!("           e.g. {e}");
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).is_some_and(|a| a == "redaction") {
        let arg = |i: usize| args.get(i).and_then(|a| a.parse::<u64>().ok());
        redaction_cases(arg(2).unwrap_or(100_000), arg(3).unwrap_or(1));
        return;
    }
    if args.get(1).is_some_and(|a| a == "auth") {
        let arg = |i: usize| args.get(i).and_then(|a| a.parse::<u64>().ok());
        auth_cases(arg(2).unwrap_or(100_000), arg(3).unwrap_or(1), arg(4));
        return;
    }
    let shapes = args.get(1).is_some_and(|a| a == "shapes");
    let rest = if shapes { &args[2..] } else { &args[1..] };
    let arg = |i: usize| rest.get(i).and_then(|a| a.parse::<u64>().ok());
    let rooms = arg(0).unwrap_or(2000);
    let seed = arg(1).unwrap_or(1);
    let mut tally = Tally::default();
    if shapes {
        shape_rooms(rooms, seed, &mut tally);
        println!("\nshapes, seed {seed}, {rooms} rooms");
    } else {
        fuzz_rooms(rooms, seed, arg(2), &mut tally);
        println!(
            "\nfuzz generator, seed {seed}, {rooms} rooms drawn, {} skipped (undecodable or v1–v2)",
            tally.skipped
        );
    }
    tally.print();
}
