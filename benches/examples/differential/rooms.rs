//! State resolution of generated rooms: mxp against ruma.

use super::*;

type Resolved = BTreeMap<(String, String), String>;

/// One room to resolve: its rules, state sets, events, and the source mxp
/// reads them from.
struct Room<'a, S: EventSource<Event = TestEvent>> {
    rules: &'a RoomVersionRules,
    sets: &'a [StateMap],
    events: Vec<&'a TestEvent>,
    source: &'a S,
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
pub(super) struct Tally {
    /// Per room version: compared, with conflicts, same, different.
    by_version: [[u64; 4]; 13],
    causes: BTreeMap<&'static str, u64>,
    pub(super) skipped: u64,
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

    pub(super) fn print(&self) {
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
pub(super) fn fuzz_rooms(rooms: u64, seed: u64, only: Option<u64>, tally: &mut Tally) {
    let mut rng = seed;
    for room in 0..rooms {
        let bytes = random_bytes(&mut rng, 64, 2048);
        if only.is_some_and(|o| o != room) {
            continue;
        }
        let Ok(input) = ResInput::arbitrary_take_rest(Unstructured::new(&bytes)) else {
            tally.skipped += 1;
            continue;
        };
        let built = build_room(&input.without_mutations());
        if version_of(built.rules) < 2 {
            // Room version 1 resolves with state resolution v1, which ruma
            // does not implement.
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
/// random sizes, in room versions 2–12: every one has conflicts.
pub(super) fn shape_rooms(rooms: u64, seed: u64, tally: &mut Tally) {
    let mut rng = seed;
    for room in 0..rooms {
        let mut draw = |n: u64| next(&mut rng) % n;
        let version = 2 + draw(11) as usize;
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
