//! A driver for instruction-level profiles of state resolution: generates a
//! room (or the classic fixture), then resolves it `runs` times inside
//! [`resolve_once`], so a profiler can count resolution alone:
//!
//! ```text
//! cargo build --release -p mxp-state-res --example profile_resolve
//! valgrind --tool=callgrind --toggle-collect='*resolve_once*' \
//!     target/release/examples/profile_resolve row2 1
//! ```
//!
//! Shapes: `classic`, `row2` (default), `row3`, `row4`, `row5`, `row6`, `v12`,
//! `diff100k`. A third argument `chains` makes the source supply every state
//! event's auth chain (computed before timing), as a server with an auth
//! chain index would; `store` resolves over a `RoomEvents` store (built
//! before timing, as a server keeps one per room).

use std::collections::HashMap;
use std::hint::black_box;

use mxp_ids::{EventId, OwnedEventId};

use mxp_room_versions::RoomVersionRules;
use mxp_state_res::{Budget, Resolver};
use mxp_testkit::Shape;
use mxp_testkit::scenarios::ban_vs_power_levels;

#[inline(never)]
fn resolve_once<S: mxp_state_res::EventSource, T: mxp_state_res::StateSet>(
    resolver: &Resolver,
    sets: &[T],
    source: &S,
) -> usize {
    resolver
        .resolve(black_box(sets), source)
        .map_or(0, |s| s.len())
}

/// The generated room's events, with precomputed auth chains.
struct WithChains<'a> {
    events: &'a HashMap<OwnedEventId, mxp_testkit::TestEvent>,
    chains: HashMap<OwnedEventId, Vec<OwnedEventId>>,
}

impl mxp_state_res::EventSource for WithChains<'_> {
    type Event = mxp_testkit::TestEvent;
    fn event(&self, id: &EventId) -> Option<&Self::Event> {
        self.events.get(id)
    }
    fn auth_chain(&self, id: &EventId) -> Option<&[OwnedEventId]> {
        self.chains.get(id).map(Vec::as_slice)
    }
}

/// A store of `events`, added in the order a server receives them: by
/// depth.
fn store_by_depth(
    rules: &RoomVersionRules,
    events: &HashMap<OwnedEventId, mxp_testkit::TestEvent>,
) -> mxp_state_res::RoomEvents<mxp_testkit::TestEvent> {
    let mut store = mxp_state_res::RoomEvents::new(rules);
    let mut list: Vec<_> = events.values().collect();
    list.sort_by(|a, b| (a.depth, &a.event_id).cmp(&(b.depth, &b.event_id)));
    for e in list {
        let _ = store.insert(e.clone());
    }
    store
}

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| "row2".to_owned());
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(1);
    let mode = args.next();
    let chains = mode.as_deref() == Some("chains");
    let stored = mode.as_deref() == Some("store");
    let row2 = Shape::default();
    let shape = match name.as_str() {
        "classic" => {
            let s = ban_vs_power_levels(RoomVersionRules::V11, "11");
            let resolver = Resolver::new(&RoomVersionRules::V11).seed(1);
            let store = store_by_depth(&RoomVersionRules::V11, s.room.events());
            let mut n = 0;
            for _ in 0..runs {
                n = match mode.as_deref() {
                    Some("store") => resolve_once(&resolver, &s.state_sets, &store),
                    _ => resolve_once(&resolver, &s.state_sets, s.room.events()),
                };
            }
            println!("classic: {n} entries, {runs} runs");
            return;
        }
        "row3" => Shape {
            members: 10_000,
            ..row2
        },
        "row4" => Shape {
            changes: 10,
            bans: 100,
            ..row2
        },
        "row5" => Shape {
            power_every: Some(10),
            ..row2
        },
        "row6" => Shape {
            members: 2000,
            changes: 1,
            bans: 1000,
            users_map: 500,
            ..row2
        },
        "v12" => row2.v12(),
        "diff100k" => Shape {
            members: 10_000,
            changers: 10_000,
            ..row2
        },
        _ => row2,
    };
    let room = mxp_testkit::generate(&shape);
    let resolver = Resolver::new(&room.rules)
        .budget(Budget::unlimited())
        .seed(1);
    let mut n = 0;
    let with_chains = chains.then(|| {
        let heads = room.state_sets.iter().flat_map(|s| s.values());
        WithChains {
            events: &room.events,
            chains: mxp_testkit::auth_chains(&room.events, heads.map(|id| &**id)),
        }
    });
    let store = stored.then(|| {
        let t = std::time::Instant::now();
        let store = store_by_depth(&room.rules, &room.events);
        println!(
            "store of {} events built in {:.2?}",
            store.len(),
            t.elapsed()
        );
        store
    });
    let mut times = Vec::with_capacity(runs);
    let t = std::time::Instant::now();
    for _ in 0..runs {
        let t = std::time::Instant::now();
        n = match (&with_chains, &store) {
            (Some(source), _) => resolve_once(&resolver, &room.state_sets, source),
            (None, Some(store)) => resolve_once(&resolver, &room.state_sets, store),
            (None, None) => resolve_once(&resolver, &room.state_sets, &room.events),
        };
        times.push(t.elapsed());
    }
    let total = t.elapsed();
    times.sort_unstable();
    println!(
        "{name}{}: {} events, {n} entries, {runs} runs, {:.2?} per run (best {:.2?}, median {:.2?})",
        match (chains, stored) {
            (true, _) => " (auth chains given)",
            (_, true) => " (over a RoomEvents store)",
            _ => "",
        },
        room.events.len(),
        total / runs.max(1) as u32,
        times.first().copied().unwrap_or_default(),
        times.get(times.len() / 2).copied().unwrap_or_default(),
    );
}
