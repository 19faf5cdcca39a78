//! Benchmarks: PDU parsing and format checks (`mxp-events`).
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use mxp::canonical_json::CanonicalJsonValue;
use mxp::events::{Pdu, check_pdu_format};
use mxp::ids::EventId;
use mxp::room_versions::RoomVersionRules;
use std::hint::black_box;

/// A well-formed v4+ event ID for the fixture (v3+ IDs are computed by the
/// caller from the reference hash).
const EVENT_ID: &str = "$acR1l0raoZnm60CBwAVgqbZqoO-mYU81xysh1u7XcJk";

fn benches(c: &mut Criterion) {
    let json = mxp_benches::typical_message_pdu_json();
    let rules = &RoomVersionRules::V11;
    let id = EventId::parse(EVENT_ID).unwrap();
    let object = match CanonicalJsonValue::try_from(
        serde_json::from_str::<serde_json::Value>(&json).unwrap(),
    ) {
        Ok(CanonicalJsonValue::Object(o)) => o,
        _ => unreachable!(),
    };
    assert!(Pdu::from_json_bytes(json.as_bytes(), Some(id), rules).is_ok());

    let mut g = c.benchmark_group("events");
    // Parse and check, the event ID known (the parse goal: <= 3 us).
    g.bench_function("mxp/pdu_from_json_bytes", |b| {
        b.iter(|| Pdu::from_json_bytes(black_box(json.as_bytes()), Some(id), rules))
    });
    // The same plus the event ID computed from the reference hash (REF-2).
    g.bench_function("mxp/pdu_from_json_bytes_computing_event_id", |b| {
        b.iter(|| Pdu::from_json_bytes(black_box(json.as_bytes()), None, rules))
    });
    g.bench_function("mxp/pdu_from_canonical_object", |b| {
        b.iter_batched(
            || object.clone(),
            |o| Pdu::from_canonical_object(o, Some(id), rules),
            BatchSize::SmallInput,
        )
    });
    g.bench_function("mxp/check_pdu_format", |b| {
        b.iter(|| check_pdu_format(black_box(&object), rules))
    });
    g.finish();
}

criterion_group!(group, benches);
criterion_main!(group);
