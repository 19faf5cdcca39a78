//! mxp against ruma-state-res 0.18 on state resolution (issue 6), same rooms,
//! same run.
//!
//! Rooms come from `mxp_testkit::generate` (room v11, two forks unless said
//! otherwise; see `Shape`), plus the classic "ban vs power levels" scenario.
//! Every PDU is converted to ruma's event type before timing.
//!
//! What each side is given, and what is timed:
//! - mxp: the state sets and the events; it walks `auth_events` itself, so
//!   its time **includes** computing the auth chains, the auth difference
//!   and (v12) the conflicted state subgraph. Two rows per shape: over the
//!   map of events, and over a `RoomEvents` store, which a server keeps per
//!   room and fills as events arrive (here: in order of depth, before
//!   timing; the time it took is in the notes). The store saves reading
//!   and interning the events, not the walk: the auth difference and the
//!   subgraph are still computed in the timed region.
//! - ruma: `ruma_state_res::resolve` asks its caller for the full auth chain
//!   of each state set and, in v12, for the conflicted state subgraph. Both
//!   are computed **outside** its timed region (and handed over as fresh
//!   copies made by criterion's untimed batch setup).
//!
//! Before timing, both results are compared; a difference is reported in the
//! summary. Allocations and the heap high-water mark of one call each are
//! counted with a counting global allocator.
//!
//! ```text
//! cd benches && CARGO_TARGET_DIR=/work/target-benches cargo bench --bench ruma_state_res
//! # one shape:
//! ... cargo bench --bench ruma_state_res -- sr_row2
//! ```

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, SamplingMode};
use mxp::room_versions::RoomVersionRules;
use mxp::state_res::{Budget, Resolver, RoomEvents};
use mxp_benches::ruma_alloc::CountingAlloc;
use mxp_benches::ruma_cputime::BenchTime;
use mxp_benches::ruma_fixtures::ban_vs_power_levels;
use mxp_benches::ruma_pdu::{RumaStore, conflicted_state_set, ruma_state_map};
use mxp_benches::ruma_report::{Report, Side, setup};
use mxp_testkit::{GeneratedRoom, Shape, TestEvent, generate};
use ruma_common::OwnedEventId as RumaEventId;
use ruma_common::room_version_rules::{AuthorizationRules, StateResolutionV2Rules};
use ruma_state_res::StateMap;
use ruma_state_res::utils::event_id_set::EventIdSet;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

/// One benchmarked room.
struct Input {
    room: GeneratedRoom,
    ruma: RumaStore,
    ruma_maps: Vec<StateMap<RumaEventId>>,
    auth_chains: Vec<EventIdSet<RumaEventId>>,
    subgraph: Option<EventIdSet<RumaEventId>>,
    ruma_auth: AuthorizationRules,
    ruma_sr: StateResolutionV2Rules,
    store: RoomEvents<TestEvent>,
    store_built: Duration,
    auth_difference: usize,
    conflicted_events: usize,
    setup: Duration,
}

fn prepare(room: GeneratedRoom) -> Input {
    let t = Instant::now();
    let v12 = room.rules.authorization.room_id_is_create_event;
    let (ruma_auth, ruma_sr) = if v12 {
        (AuthorizationRules::V12, StateResolutionV2Rules::V2_1)
    } else {
        (AuthorizationRules::V11, StateResolutionV2Rules::V2_0)
    };
    let pdus = room.pdus();
    let ruma = RumaStore::from_pdus(pdus.iter().map(|(id, j)| (id.as_str(), j)))
        .expect("PDUs convert to ruma's type");
    let ruma_maps: Vec<_> = room
        .state_sets
        .iter()
        .map(|s| {
            ruma_state_map(
                s.iter()
                    .map(|((t, k), id)| (t.as_str(), k.as_str(), id.as_str())),
            )
            .expect("state map converts")
        })
        .collect();
    let auth_chains: Vec<_> = ruma_maps.iter().map(|m| ruma.full_auth_chain(m)).collect();
    let conflicted = conflicted_state_set(&ruma_maps);
    let subgraph = v12.then(|| ruma.conflicted_subgraph(&conflicted));
    // Sizes for the report: the auth difference, and the full conflicted set.
    let mut counts: BTreeMap<&ruma_common::EventId, usize> = BTreeMap::new();
    for chain in &auth_chains {
        for id in chain.iter() {
            *counts.entry(&**id).or_default() += 1;
        }
    }
    let mut full: std::collections::HashSet<&ruma_common::EventId> = counts
        .iter()
        .filter(|&(_, &n)| n < auth_chains.len())
        .map(|(id, _)| *id)
        .collect();
    let auth_difference = full.len();
    full.extend(
        conflicted
            .values()
            .flatten()
            .map(|id| -> &ruma_common::EventId { id }),
    );
    if let Some(s) = &subgraph {
        full.extend(s.iter().map(|id| -> &ruma_common::EventId { id }));
    }
    let conflicted_events = full.len();
    drop(full);
    drop(counts);
    let built = Instant::now();
    let mut store = RoomEvents::new(&room.rules);
    // As a server receives them: by depth.
    let mut by_depth: Vec<&TestEvent> = room.events.values().collect();
    by_depth.sort_by(|a, b| (a.depth, &a.event_id).cmp(&(b.depth, &b.event_id)));
    for e in by_depth {
        store.insert(e.clone()).expect("the store takes the room");
    }
    let store_built = built.elapsed();
    Input {
        room,
        ruma,
        ruma_maps,
        auth_chains,
        subgraph,
        ruma_auth,
        ruma_sr,
        store,
        store_built,
        auth_difference,
        conflicted_events,
        setup: t.elapsed(),
    }
}

fn resolve_ruma(
    input: &Input,
    auth_chains: Vec<EventIdSet<RumaEventId>>,
    subgraph: Option<EventIdSet<RumaEventId>>,
) -> StateMap<RumaEventId> {
    let subgraph = Cell::new(subgraph);
    ruma_state_res::resolve(
        &input.ruma_auth,
        &input.ruma_sr,
        input.ruma_maps.iter(),
        auth_chains,
        |id| input.ruma.get(id),
        |_| subgraph.take(),
    )
    .expect("ruma resolves")
}

fn mxp_resolver(rules: &RoomVersionRules) -> Resolver {
    Resolver::new(rules).budget(Budget::unlimited())
}

/// Runs both once and compares the resolved states.
fn compare(input: &Input) -> Option<String> {
    let mxp = mxp_resolver(&input.room.rules)
        .resolve(&input.room.state_sets, &input.room.events)
        .expect("mxp resolves")
        .to_btree_map();
    let stored = mxp_resolver(&input.room.rules)
        .resolve(&input.room.state_sets, &input.store)
        .expect("mxp resolves over the store")
        .to_btree_map();
    if stored != mxp {
        return Some("**mxp over the store differs from mxp over the map**".to_owned());
    }
    let ruma = resolve_ruma(input, input.auth_chains.clone(), input.subgraph.clone());
    let mxp: BTreeMap<(String, String), String> = mxp
        .into_iter()
        .map(|(k, v)| (k, v.as_str().to_owned()))
        .collect();
    let ruma: BTreeMap<(String, String), String> = ruma
        .into_iter()
        .map(|((t, k), v)| ((t.to_string(), k), v.to_string()))
        .collect();
    if mxp == ruma {
        return None;
    }
    let differing: Vec<String> = mxp
        .keys()
        .chain(ruma.keys())
        .filter(|k| mxp.get(*k) != ruma.get(*k))
        .take(3)
        .map(|(t, k)| format!("({t}, {k})"))
        .collect();
    Some(format!(
        "**results differ** ({} vs {} entries; e.g. {})",
        mxp.len(),
        ruma.len(),
        differing.join(", ")
    ))
}

/// How to run one shape.
#[derive(Clone, Copy)]
struct Plan {
    /// Few, long samples (flat sampling, 10 samples).
    large: bool,
    /// Also time ruma.
    ruma: bool,
}

fn bench_room(
    c: &mut Criterion<BenchTime>,
    report: &Report,
    group: &str,
    label: &str,
    room: GeneratedRoom,
    plan: Plan,
) {
    let input = prepare(room);
    let mismatch = compare(&input);
    if let Some(m) = &mismatch {
        eprintln!("{group}: {m}");
    }
    let mut case = report.case(c, group, label, 1);
    {
        let g = case.group();
        if plan.large {
            g.sample_size(10);
            g.sampling_mode(SamplingMode::Flat);
            g.warm_up_time(Duration::from_millis(500));
        }
    }
    let mut note = format!(
        "{} events, auth difference {}, full conflicted set {}{}",
        input.room.events.len(),
        input.auth_difference,
        input.conflicted_events,
        if input.subgraph.is_some() {
            " (incl. the conflicted state subgraph)"
        } else {
            ""
        },
    );
    if let Some(m) = &mismatch {
        note.push_str("; ");
        note.push_str(m);
    }
    if !plan.ruma {
        note.push_str("; ruma not run (too slow for a bench run)");
    }
    let _ = write!(
        note,
        "; the store was filled in {:.2?} ({:.2?} per event, cloning included)",
        input.store_built,
        input.store_built / input.store.len().max(1) as u32
    );
    eprintln!("{group}: {note} (prepared in {:.2?})", input.setup);
    case.note(&note);
    case.store_label(&format!("{label}, mxp over a `RoomEvents` store"));

    let resolver = mxp_resolver(&input.room.rules);
    case.bench(Side::Mxp, || {
        resolver
            .resolve(black_box(&input.room.state_sets), &input.room.events)
            .map(|s| s.len())
            .expect("mxp resolves")
    });
    case.bench(Side::MxpStore, || {
        resolver
            .resolve(black_box(&input.room.state_sets), &input.store)
            .map(|s| s.len())
            .expect("mxp resolves over the store")
    });
    if plan.ruma {
        case.bench_batched(
            Side::Ruma,
            || (input.auth_chains.clone(), input.subgraph.clone()),
            |(chains, subgraph)| resolve_ruma(&input, chains, subgraph).len(),
            if plan.large {
                BatchSize::PerIteration
            } else {
                BatchSize::SmallInput
            },
        );
    }
    case.finish();
}

/// Whether criterion's filter (the first positional argument, if any) can
/// select a benchmark of `group`, so that rooms nobody asked for are not
/// generated. The filter is treated as a plain substring.
fn selected(group: &str) -> bool {
    const WITH_VALUE: &[&str] = &[
        "--warm-up-time",
        "--measurement-time",
        "--sample-size",
        "--save-baseline",
        "--baseline",
        "--baseline-lenient",
        "--load-baseline",
        "--profile-time",
        "--output-format",
        "--plotting-backend",
        "--color",
        "--noise-threshold",
        "--confidence-level",
        "--significance-level",
        "--nresamples",
        "--format",
    ];
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if WITH_VALUE.contains(&a.as_str()) {
            args.next();
        } else if !a.starts_with('-') {
            return group.contains(&a) || a.contains(group);
        }
    }
    true
}

fn main() {
    let (mut c, report) = setup("ruma_state_res");
    let small = Plan {
        large: false,
        ruma: true,
    };
    let large = Plan {
        large: true,
        ruma: true,
    };
    let row2 = Shape::default();

    if selected("sr_classic") {
        bench_room(
            &mut c,
            &report,
            "sr_classic",
            "classic ban vs power levels",
            ban_vs_power_levels(),
            small,
        );
    }
    let shapes: Vec<(&str, &str, Shape)> = vec![
        ("sr_row2", "n=1000, k=1000, d=5, b=50", row2.clone()),
        (
            "sr_row3",
            "n=10000, k=1000, d=5, b=50",
            Shape {
                members: 10_000,
                ..row2.clone()
            },
        ),
        (
            "sr_row4",
            "n=1000, k=1000, d=10, b=100",
            Shape {
                changes: 10,
                bans: 100,
                ..row2.clone()
            },
        ),
        (
            "sr_row5",
            "row 2 + power levels change every 10 events on fork A",
            Shape {
                power_every: Some(10),
                ..row2.clone()
            },
        ),
        (
            "sr_row6",
            "n=2000, k=1000, d=1, b=1000, 500-entry users map",
            Shape {
                members: 2000,
                changes: 1,
                bans: 1000,
                users_map: 500,
                ..row2.clone()
            },
        ),
        (
            "sr_row7_v12",
            "row 2 in room v12 (v2.1)",
            row2.clone().v12(),
        ),
        (
            "sr_forks20",
            "row 2 with 20 forks",
            Shape {
                forks: 20,
                ..row2.clone()
            },
        ),
        (
            "sr_diff100k",
            "n=10000, k=10000, d=5, b=50 (≈100,000 auth difference)",
            Shape {
                members: 10_000,
                changers: 10_000,
                ..row2.clone()
            },
        ),
    ];
    for (group, label, shape) in shapes {
        if !selected(group) {
            continue;
        }
        let t = Instant::now();
        let room = generate(&shape);
        eprintln!(
            "{group}: generated {} events in {:.2?}",
            room.events.len(),
            t.elapsed()
        );
        bench_room(&mut c, &report, group, label, room, large);
    }
    c.final_summary();
    report.finish();
}
