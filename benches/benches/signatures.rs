//! Benchmarks: signatures and hashes (issues 3 and 4).
//!
//! * `verify_1000`: 1,000 ed25519 signatures, one by one (`verify_strict`)
//!   vs batch. Goal: batch ≥ 2× the throughput of one by one.
//! * `pdu_hash`: content hash, reference hash and event ID of a typical
//!   ~1.5 KB `m.room.message` PDU (3 auth events, 1 prev event, HTML body).
//!   Goal: each hash ≤ 1.5 µs.
//! * `sign_event` / `verify_event` of that PDU.
//! * `receive_1000`: `verify_events` over 1,000 such PDUs (redaction,
//!   signature, content hash), one by one vs batch.
//!
//! Run: `cd benches && CARGO_TARGET_DIR=/work/target-benches cargo bench
//! --bench signatures -- --warm-up-time 1 --measurement-time 3`.
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use mxp::canonical_json::{CanonicalJsonObject, CanonicalJsonValue, ParseOptions, parse_object};
use mxp::ids::{KeyId, ServerName};
use mxp::room_versions::RoomVersionRules;
use mxp::signatures::{
    BatchMode, KeyRing, SignatureBatch, SigningKey, content_hash, event_id, reference_hash,
    sign_event, verify_event, verify_events,
};

const N: usize = 1_000;

fn message_pdu() -> CanonicalJsonObject {
    let json = mxp_benches::typical_message_pdu_json();
    parse_object(json.as_bytes(), &ParseOptions::strict()).expect("fixture parses")
}

fn signing_key() -> SigningKey {
    SigningKey::from_seed(KeyId::parse("ed25519:a_JaEG").unwrap(), &[42; 32]).unwrap()
}

/// The fixture, properly hashed and signed by `example.org`, with `depth`
/// varied so that every copy has its own signature.
fn signed_pdus(n: usize) -> Vec<CanonicalJsonObject> {
    let key = signing_key();
    let server = ServerName::parse("example.org").unwrap();
    let base = message_pdu();
    (0..n)
        .map(|i| {
            let mut pdu = base.clone();
            pdu.remove("signatures");
            pdu.insert(
                "depth".into(),
                CanonicalJsonValue::Integer(1000 + i64::try_from(i).unwrap()),
            );
            sign_event(&mut pdu, server, &key, &RoomVersionRules::V11).unwrap();
            pdu
        })
        .collect()
}

fn verify_1000(c: &mut Criterion) {
    let keys: Vec<SigningKey> = (0..10u8)
        .map(|i| SigningKey::from_seed(KeyId::parse("ed25519:k").unwrap(), &[i; 32]).unwrap())
        .collect();
    let items: Vec<_> = (0..N)
        .map(|i| {
            let key = &keys[i % keys.len()];
            let message = format!("{{\"depth\":{i},\"content\":{{}},\"type\":\"m.room.message\"}}")
                .repeat(8)
                .into_bytes();
            let signature = key.sign(&message);
            (message, signature, *key.public_key())
        })
        .collect();
    let mut batch = SignatureBatch::new();
    for (m, s, k) in &items {
        let i = batch.add_message(m.as_slice());
        batch.push(i, *s, *k);
    }
    assert!(batch.verify(BatchMode::Auto).all_valid());

    let mut group = c.benchmark_group("signatures/verify_1000");
    group.throughput(Throughput::Elements(N as u64));
    group.bench_function("one_by_one", |b| {
        b.iter(|| {
            for (m, s, k) in &items {
                black_box(k.verify(black_box(m), s)).unwrap();
            }
        });
    });
    group.bench_function("batch", |b| {
        b.iter(|| black_box(batch.verify(BatchMode::Auto)));
    });
    // Reference: ed25519-dalek's verify_batch on the same signatures (no
    // per-key merging, no strict pre-checks).
    let messages: Vec<&[u8]> = items.iter().map(|(m, _, _)| m.as_slice()).collect();
    let signatures: Vec<ed25519_dalek::Signature> = items
        .iter()
        .map(|(_, s, _)| ed25519_dalek::Signature::from_bytes(&s.to_bytes()))
        .collect();
    let verifying_keys: Vec<ed25519_dalek::VerifyingKey> = items
        .iter()
        .map(|(_, _, k)| ed25519_dalek::VerifyingKey::from_bytes(k.as_bytes()).unwrap())
        .collect();
    group.bench_function("dalek_verify_batch", |b| {
        b.iter(|| {
            ed25519_dalek::verify_batch(black_box(&messages), &signatures, &verifying_keys).unwrap()
        });
    });
    group.finish();
}

fn pdu_hash(c: &mut Criterion) {
    let pdu = signed_pdus(1).pop().unwrap();
    let rules = &RoomVersionRules::V11;
    let json_len =
        mxp::canonical_json::to_canonical_bytes(&CanonicalJsonValue::Object(pdu.clone()))
            .unwrap()
            .len();
    eprintln!("typical m.room.message PDU: {json_len} bytes of canonical JSON");
    let mut group = c.benchmark_group("signatures/pdu_hash");
    // Reference point measured under the same load: serde_json writing the
    // same PDU.
    let value = serde_json::Value::from(CanonicalJsonValue::Object(pdu.clone()));
    group.bench_function("serde_json_to_vec", |b| {
        b.iter(|| black_box(serde_json::to_vec(black_box(&value)).unwrap()));
    });
    // Breakdown of the reference hash: redaction, then encoding.
    group.bench_function("redact_without_signatures", |b| {
        b.iter(|| {
            black_box(mxp::redaction::redact_without_signatures(black_box(&pdu), rules).unwrap())
        });
    });
    let redacted = mxp::redaction::redact_without_signatures(&pdu, rules).unwrap();
    let redacted = CanonicalJsonValue::Object(redacted);
    group.bench_function("encode_redacted", |b| {
        b.iter(|| {
            black_box(mxp::canonical_json::to_canonical_bytes(black_box(&redacted)).unwrap())
        });
    });
    group.bench_function("content_hash", |b| {
        b.iter(|| black_box(content_hash(black_box(&pdu), rules).unwrap()));
    });
    group.bench_function("reference_hash", |b| {
        b.iter(|| black_box(reference_hash(black_box(&pdu), rules).unwrap()));
    });
    group.bench_function("event_id", |b| {
        b.iter(|| black_box(event_id(black_box(&pdu), rules).unwrap()));
    });
    group.finish();
}

fn sign_and_verify_one(c: &mut Criterion) {
    let rules = &RoomVersionRules::V11;
    let key = signing_key();
    let server = ServerName::parse("example.org").unwrap();
    let pdu = signed_pdus(1).pop().unwrap();
    let mut ring = KeyRing::new();
    ring.insert("example.org", key.key_id(), *key.public_key());
    let mut group = c.benchmark_group("signatures/pdu");
    group.bench_function("sign_event", |b| {
        b.iter(|| {
            let mut p = pdu.clone();
            sign_event(&mut p, server, &key, rules).unwrap();
            black_box(p)
        });
    });
    group.bench_function("verify_event", |b| {
        b.iter(|| black_box(verify_event(black_box(&pdu), rules, &ring).unwrap()));
    });
    group.finish();
}

fn receive_1000(c: &mut Criterion) {
    let rules = &RoomVersionRules::V11;
    let key = signing_key();
    let pdus = signed_pdus(N);
    let mut ring = KeyRing::new();
    ring.insert("example.org", key.key_id(), *key.public_key());
    let input: Vec<_> = pdus.iter().map(|p| (p, rules)).collect();
    assert!(
        verify_events(&input, &ring, BatchMode::Auto)
            .iter()
            .all(|r| r.as_ref().unwrap().signatures_valid())
    );
    let mut group = c.benchmark_group("signatures/receive_1000");
    group.throughput(Throughput::Elements(N as u64));
    for (name, mode) in [
        ("one_by_one", BatchMode::OneByOne),
        ("batch", BatchMode::Auto),
    ] {
        group.bench_with_input(BenchmarkId::from_parameter(name), &mode, |b, &mode| {
            b.iter(|| black_box(verify_events(black_box(&input), &ring, mode)));
        });
    }
    group.finish();
}

criterion_group!(
    group,
    verify_1000,
    pdu_hash,
    sign_and_verify_one,
    receive_1000
);
criterion_main!(group);
