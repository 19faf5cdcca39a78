//! `mxp batch` throughput on `parse_id` requests, driven in process through
//! `mxp_cli::run_batch` (target: at least 100,000 requests per second on one
//! core). Criterion reports the rate as elements (requests) per second.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::json;

/// Number of request lines per iteration.
const LINES: usize = 10_000;

/// A deterministic mix of every kind, valid and invalid inputs, strict user
/// IDs, room-version-checked room and event IDs, ids and bad lines.
fn requests() -> Vec<u8> {
    let templates = [
        json!({"op": "parse_id", "kind": "user_id", "input": "@alice:example.org"}),
        json!({"op": "parse_id", "kind": "user_id", "input": "@Alice:example.org", "strict": true}),
        json!({"op": "parse_id", "kind": "user_id", "input": "@bob:[2001:db8::1]:8448"}),
        json!({"op": "parse_id", "kind": "room_id", "input": "!abcdefghijk:matrix.org", "room_version": "11"}),
        json!({"op": "parse_id", "kind": "room_id", "input": "!Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ", "room_version": "12"}),
        json!({"op": "parse_id", "kind": "event_id", "input": "$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg", "room_version": "10"}),
        json!({"op": "parse_id", "kind": "event_id", "input": "$acR1l0raoZnm60CBwAVgqbZqoO/mYU81xysh1u7XcJk"}),
        json!({"op": "parse_id", "kind": "event_id", "input": "$1234567890:example.org", "room_version": "1"}),
        json!({"op": "parse_id", "kind": "room_alias", "input": "#matrix:matrix.org"}),
        json!({"op": "parse_id", "kind": "server_name", "input": "matrix.org:8448"}),
        json!({"op": "parse_id", "kind": "server_name", "input": "example.org:99999"}),
        json!({"op": "parse_id", "kind": "device_id", "input": "ABCDEFGHIJ"}),
        json!({"op": "parse_id", "kind": "key_id", "input": "ed25519:a_bcDE"}),
        json!({"op": "parse_id", "kind": "mxc_uri", "input": "mxc://example.org/SEsfnsuifSDFSSEF"}),
        json!({"op": "parse_id", "kind": "matrix_uri", "input": "matrix:roomid/somewhere:example.org/e/event:example.org?via=elsewhere.ca&action=join"}),
        json!({"op": "parse_id", "kind": "matrix_to", "input": "https://matrix.to/#/%21somewhere%3Aexample.org?via=elsewhere.ca"}),
        json!({"op": "parse_id", "kind": "room_version_id", "input": "org.matrix.hydra.11"}),
        json!({"op": "parse_id", "kind": "user_id", "input": "alice"}),
        json!({"op": "unknown_op"}),
    ];
    let mut out = Vec::new();
    for i in 0..LINES {
        if i % 97 == 96 {
            out.extend_from_slice(b"not json\n");
            continue;
        }
        let mut request = templates[i % templates.len()].clone();
        request["id"] = json!(i);
        out.extend_from_slice(request.to_string().as_bytes());
        out.push(b'\n');
    }
    out
}

fn benches(c: &mut Criterion) {
    let input = requests();
    let mut output = Vec::with_capacity(4 << 20);
    // Sanity check outside the measurement: one response per line.
    mxp_cli::run_batch(&input[..], &mut output).expect("in-memory I/O cannot fail");
    assert_eq!(output.iter().filter(|&&b| b == b'\n').count(), LINES);

    let mut group = c.benchmark_group("batch_parse_id");
    group.throughput(Throughput::Elements(LINES as u64));
    group.bench_function("mixed_10k_lines", |b| {
        b.iter(|| {
            output.clear();
            mxp_cli::run_batch(std::hint::black_box(&input[..]), &mut output)
                .expect("in-memory I/O cannot fail");
            std::hint::black_box(output.len())
        })
    });
    group.finish();
}

criterion_group!(group, benches);
criterion_main!(group);
