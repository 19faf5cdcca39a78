//! Benchmarks: state resolution with mxp on the shapes of issue 6.
//!
//! Inputs come from `mxp_testkit` (a deterministic generator, seed 0), built
//! outside the timed region; the timed region is one whole `resolve` call,
//! auth chains and (for v12) the conflicted state subgraph included.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use mxp::room_versions::RoomVersionRules;
use mxp::state_res::{Budget, Resolver};
use mxp_testkit::scenarios::{ban_vs_power_levels, benchmark_shapes};

fn classic(c: &mut Criterion) {
    let s = ban_vs_power_levels(RoomVersionRules::V11, "11");
    let resolver = Resolver::new(&RoomVersionRules::V11);
    c.bench_function("state_res/mxp/ban_vs_power_levels", |b| {
        b.iter(|| {
            black_box(
                resolver
                    .resolve(&s.state_sets, s.room.events())
                    .unwrap()
                    .len(),
            )
        })
    });
}

fn shapes(c: &mut Criterion) {
    let only = std::env::var("MXP_BENCH_SHAPE").ok();
    let mut group = c.benchmark_group("state_res/mxp");
    group.sample_size(10).warm_up_time(Duration::from_secs(1));
    for (name, shape) in benchmark_shapes() {
        if only.as_deref().is_some_and(|o| !name.contains(o)) {
            continue;
        }
        let room = mxp_testkit::generate(&shape);
        let resolver = Resolver::new(&room.rules).budget(Budget::unlimited());
        group.bench_function(name, |b| {
            b.iter(|| {
                black_box(
                    resolver
                        .resolve(&room.state_sets, &room.events)
                        .unwrap()
                        .len(),
                )
            })
        });
    }
    group.finish();
}

criterion_group!(group, classic, shapes);
criterion_main!(group);
