//! Benchmarks: canonical JSON encoding and strict parsing, against
//! `serde_json` on the same trees (issue 3 goals: encoding at least as fast as
//! `serde_json::to_vec`, strict parsing within 1.5× of
//! `serde_json::from_slice::<Value>`).
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use mxp::canonical_json::{
    CanonicalJsonValue, ParseOptions, parse_value, to_canonical_bytes, to_canonical_string,
};

/// A typical m.room.message PDU as received over federation (~1.5 KB).
fn message_pdu() -> String {
    let body = "Hello everyone! Here is the \"agenda\" for today's meeting:\n\
                1. Review of last week's action items\n2. Roadmap \u{2014} Q3 priorities\n\
                3. Any other business \u{1f600}\n\nPlease add your items to the shared document \
                before 10:00 UTC, and remember that the call link changed last week.";
    let formatted = "<p>Hello everyone! Here is the &quot;agenda&quot; for today&#39;s meeting:</p>\
                     <ol><li>Review of last week&#39;s action items</li><li>Roadmap \u{2014} Q3 \
                     priorities</li><li>Any other business \u{1f600}</li></ol><p>Please add your items \
                     to the <a href=\"https://docs.example.org/agenda\">shared document</a> \
                     before 10:00 UTC.</p>";
    serde_json::json!({
        "auth_events": [
            "$Jd7sMbBv2XvE4xHdCqTzU8W4a5nq1n7RMaTQzD3eH0c",
            "$7qwG0iJXK7FqXbUuMzOp8f0W9eZ3Dk4vRtnY1l6sAaQ",
            "$Xb2nR5tQmW8kLp3vZ0cYh6gF1dJ9eU4iO7aS2xN5rBk"
        ],
        "content": {
            "body": body,
            "format": "org.matrix.custom.html",
            "formatted_body": formatted,
            "m.mentions": {"user_ids": ["@alice:example.org"]},
            "m.relates_to": {"m.in_reply_to": {"event_id": "$Qm9vK2pL8sT1vX4yZ7bC0dF3gH6jK9mN2pQ5rS8tU1w"}},
            "msgtype": "m.text"
        },
        "depth": 181_234,
        "hashes": {"sha256": "dGhpcyBpcyBub3QgYSByZWFsIGhhc2ggYnV0IGl0IGxvb2tzIGxpa2Ugb25l"},
        "origin_server_ts": 1_700_000_123_456_i64,
        "prev_events": ["$P5-6WTYQ_woy6f4nmleE0XqxjtZcyKGza5_gDN-KAdM"],
        "room_id": "!P5-6WTYQ_woy6f4nmleE0XqxjtZcyKGza5_gDN-KAdM",
        "sender": "@bob.example-user:matrix.example.org",
        "signatures": {
            "matrix.example.org": {
                "ed25519:a_AbCd": "0iTJ32BZFymf41Y7UBttP2wZ0JTo6UjsLDQuf+79LB+WeKVfoLyR2I8RF23ZdFgCuxtjVBl5MKXIOWP+ocELDw"
            }
        },
        "type": "m.room.message",
        "unsigned": {"age_ts": 1_700_000_123_456_i64, "transaction_id": "m1700000123456.42"}
    })
    .to_string()
}

/// A large state-like object (~60 KB): a power levels event with many users
/// and a list of member summaries.
fn large_object() -> String {
    let users: serde_json::Map<String, serde_json::Value> = (0..800)
        .map(|i| {
            (
                format!("@user{i:04}:server{}.example.org", i % 17),
                (i % 101).into(),
            )
        })
        .collect();
    let members: Vec<serde_json::Value> = (0..300)
        .map(|i| {
            serde_json::json!({
                "displayname": format!("User number {i} \u{e9}\u{1f600}"),
                "membership": if i % 5 == 0 { "leave" } else { "join" },
                "avatar_url": format!("mxc://example.org/{i:08x}AbCdEfGh"),
                "ts": 1_600_000_000_000_i64 + i,
            })
        })
        .collect();
    serde_json::json!({
        "type": "m.room.power_levels",
        "content": {"users": users, "users_default": 0, "events": {"m.room.name": 50}},
        "members": members,
    })
    .to_string()
}

fn inputs() -> Vec<(&'static str, Vec<u8>)> {
    let pdu = canonical(&message_pdu());
    let large = canonical(&large_object());
    eprintln!(
        "message_pdu: {} bytes, large_object: {} bytes",
        pdu.len(),
        large.len()
    );
    vec![("message_pdu", pdu), ("large_object", large)]
}

/// The canonical form of `text`, so both libraries parse the same compact bytes.
fn canonical(text: &str) -> Vec<u8> {
    let value = parse_value(text.as_bytes(), &ParseOptions::strict()).unwrap();
    to_canonical_bytes(&value).unwrap()
}

fn encode(c: &mut Criterion) {
    let mut group = c.benchmark_group("canonical_json/encode");
    for (name, bytes) in inputs() {
        let ours = parse_value(&bytes, &ParseOptions::strict()).unwrap();
        let theirs: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        // Same tree, same output bytes.
        assert_eq!(serde_json::to_vec(&theirs).unwrap(), bytes);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("mxp_to_canonical_bytes", name),
            &ours,
            |b, v| b.iter(|| to_canonical_bytes(black_box(v)).unwrap()),
        );
        group.bench_with_input(
            BenchmarkId::new("mxp_to_canonical_string", name),
            &ours,
            |b, v| b.iter(|| to_canonical_string(black_box(v)).unwrap()),
        );
        group.bench_with_input(
            BenchmarkId::new("serde_json_to_vec", name),
            &theirs,
            |b, v| b.iter(|| serde_json::to_vec(black_box(v)).unwrap()),
        );
        group.bench_with_input(
            BenchmarkId::new("serde_json_to_string", name),
            &theirs,
            |b, v| b.iter(|| serde_json::to_string(black_box(v)).unwrap()),
        );
    }
    group.finish();
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("canonical_json/parse");
    for (name, bytes) in inputs() {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        let strict = ParseOptions::strict();
        group.bench_with_input(
            BenchmarkId::new("mxp_parse_value_strict", name),
            &bytes,
            |b, i| b.iter(|| parse_value(black_box(i), &strict).unwrap()),
        );
        group.bench_with_input(
            BenchmarkId::new("serde_json_from_slice", name),
            &bytes,
            |b, i| b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(i)).unwrap()),
        );
        group.bench_with_input(
            BenchmarkId::new("serde_json_from_slice_then_try_from", name),
            &bytes,
            |b, i| {
                b.iter(|| {
                    let v: serde_json::Value = serde_json::from_slice(black_box(i)).unwrap();
                    CanonicalJsonValue::try_from(v).unwrap()
                })
            },
        );
    }
    group.finish();
}

criterion_group!(group, encode, parse);
criterion_main!(group);
