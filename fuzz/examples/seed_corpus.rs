//! Writes the seed corpora under `fuzz/corpus/<target>/` from the test
//! vectors of the library crates (their `tests/data/*.json` files and the
//! string literals of their tests), plus rooms of every version built with
//! `mxp-testkit`.
//!
//! ```sh
//! cd fuzz && cargo run --example seed_corpus
//! ```
//!
//! Re-running it is idempotent: file names are a hash of the content.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use mxp_canonical_json::{CanonicalJsonValue, to_canonical_string};
use mxp_room_versions::RoomVersionRules;
use mxp_testkit::Room;
use serde_json::{Value, json};

fn main() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR"));
    let repo = fuzz.parent().expect("fuzz/ is inside the repository");
    let crates = repo.join("crates");

    let mut ids = literals(&crates.join("mxp-ids/tests"));
    ids.extend(literals(&crates.join("mxp-cli/tests")));
    ids.retain(|s| s.len() <= 300 && !s.contains('\n'));
    write(fuzz, "ids", ids.iter().map(|s| s.as_bytes().to_vec()));

    let mut cj: BTreeSet<String> = BTreeSet::new();
    let vectors = read_json(&crates.join("mxp-canonical-json/tests/data/canonical_vectors.json"));
    for v in vectors.as_array().into_iter().flatten() {
        for key in ["input", "canonical"] {
            if let Some(s) = v.get(key).and_then(Value::as_str) {
                cj.insert(s.to_owned());
            }
        }
    }
    cj.extend(
        literals(&crates.join("mxp-canonical-json/tests"))
            .into_iter()
            .filter(|s| s.len() <= 4096 && looks_like_json(s)),
    );
    let events = event_objects(&crates);
    cj.extend(events.iter().map(|e| e.to_string()));
    write(
        fuzz,
        "canonical_json",
        cj.iter().map(|s| s.as_bytes().to_vec()),
    );

    let pdus: Vec<Vec<u8>> = events.iter().map(pretty).collect();
    write(fuzz, "pdu", pdus.iter().cloned());
    let mut redaction = pdus.clone();
    let keep = read_json(&crates.join("mxp-redaction/tests/data/keep_lists.json"));
    redaction.extend(keep_list_objects(&keep).iter().map(pretty));
    write(fuzz, "redaction", redaction);

    let spec = read_json(&crates.join("mxp-signatures/tests/data/spec_vectors.json"));
    let mut signed = Vec::new();
    for section in ["json_signing", "event_signing"] {
        for v in spec
            .get(section)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            for key in ["input", "signed"] {
                if let Some(o) = v.get(key) {
                    signed.push(pretty(o));
                    // The signatures target reads a tamper operation and an
                    // index from the first three bytes, then the object.
                    for op in 0..10u8 {
                        let mut seed = vec![op, op.wrapping_mul(37), 0];
                        seed.extend(o.to_string().into_bytes());
                        signed.push(seed);
                    }
                }
            }
        }
    }
    write(fuzz, "signatures", signed);

    let mut headers: BTreeSet<String> = literals(&crates.join("mxp-signatures/tests"))
        .into_iter()
        .filter(|s| s.len() <= 1024 && (s.contains("X-Matrix") || s.contains("origin=")))
        .collect();
    let valid = mxp_fuzz::xmatrix::valid_header();
    headers.insert(valid.replace("origin=\"origin.example\"", "origin=origin.example"));
    headers.insert(valid.to_lowercase());
    headers.insert(valid);
    let mut xmatrix: Vec<Vec<u8>> = headers.into_iter().map(String::into_bytes).collect();
    // Request paths and bodies (after a NUL byte) for the signing half.
    xmatrix.push(b"_matrix/federation/v1/send/txn1?a=b".to_vec());
    xmatrix.push(b"_matrix/federation/v1/send/1\0{\"pdus\":[],\"edus\":[]}".to_vec());
    xmatrix.push(b"_matrix/key/v2/server\0{}".to_vec());
    write(fuzz, "xmatrix", xmatrix);

    // The structure-aware targets decode their input with `arbitrary`; any
    // bytes make a valid input, so the seeds are pseudo-random bytes of
    // varied lengths (deterministic, so re-running changes nothing).
    for target in ["auth", "state_res"] {
        write(fuzz, target, random_seeds(target.len() as u64, 48));
    }
}

fn random_seeds(seed: u64, count: usize) -> Vec<Vec<u8>> {
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..count)
        .map(|i| {
            let len = 32 + (i * 37) % 900;
            (0..len).map(|_| next() as u8).collect()
        })
        .collect()
}

/// The events of the vectors and of a small room of every version.
fn event_objects(crates: &Path) -> Vec<Value> {
    let mut out = Vec::new();
    let spec = read_json(&crates.join("mxp-signatures/tests/data/spec_vectors.json"));
    for v in spec
        .get("event_signing")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        out.extend(v.get("input").cloned());
        out.extend(v.get("signed").cloned());
    }
    let derived = read_json(&crates.join("mxp-signatures/tests/data/derived_vectors.json"));
    for (_, v) in derived.as_object().into_iter().flatten() {
        if v.is_object() {
            collect_events(v, &mut out);
        }
    }
    for (id, rules) in RoomVersionRules::ALL {
        out.extend(small_room(rules, id.as_str()));
    }
    out
}

/// Objects with `type` and `content` anywhere inside `v`.
fn collect_events(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Object(o) => {
            if o.contains_key("type") && o.contains_key("content") {
                out.push(v.clone());
            }
            o.values().for_each(|m| collect_events(m, out));
        }
        Value::Array(a) => a.iter().for_each(|m| collect_events(m, out)),
        _ => {}
    }
}

/// Create, joins, power levels, join rules, a message, a ban, a redaction.
fn small_room(rules: &RoomVersionRules, version: &str) -> Vec<Value> {
    let mut room = Room::new(*rules, version);
    let alice = "@alice:example.org";
    let bob = "@bob:other.example";
    let mut fork = room.create(alice);
    room.state(
        &mut fork,
        alice,
        "m.room.power_levels",
        "",
        json!({"users": {alice: 100}, "users_default": 0, "events": {"m.room.name": 50},
               "state_default": 50, "ban": 50, "kick": 50, "redact": 50, "invite": 0}),
    );
    room.state(
        &mut fork,
        alice,
        "m.room.join_rules",
        "",
        json!({"join_rule": "public"}),
    );
    room.member(&mut fork, bob, bob, "join");
    room.state(
        &mut fork,
        alice,
        "m.room.name",
        "",
        json!({"name": "a room \u{1F600}"}),
    );
    let msg = room.send(
        &mut fork,
        mxp_testkit::Spec::message(
            bob,
            "m.room.message",
            json!({"body": "hi", "msgtype": "m.text"}),
        ),
    );
    room.send(
        &mut fork,
        mxp_testkit::Spec::message(
            alice,
            "m.room.redaction",
            json!({"redacts": msg.as_str(), "reason": "spam"}),
        ),
    );
    room.member(&mut fork, alice, bob, "ban");
    room.order()
        .iter()
        .filter_map(|id| room.get(id))
        .map(|e| e.to_json())
        .collect()
}

/// Objects built from the redaction keep-lists: every listed key present.
fn keep_list_objects(keep: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    let Some(versions) = keep.get("versions").and_then(Value::as_object) else {
        return out;
    };
    for (_, v) in versions {
        let Some(content) = v.get("content").and_then(Value::as_object) else {
            continue;
        };
        for (event_type, keys) in content {
            let mut c = serde_json::Map::new();
            for k in keys
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                let (head, tail) = k.split_once('.').unwrap_or((k, ""));
                let value = if tail.is_empty() {
                    json!(1)
                } else {
                    json!({tail: 1, "dropped": 2})
                };
                c.insert(head.to_owned(), value);
            }
            c.insert("dropped".into(), json!("x"));
            let mut o = serde_json::Map::new();
            for k in v.get("top").and_then(Value::as_array).into_iter().flatten() {
                if let Some(k) = k.as_str() {
                    o.insert(k.to_owned(), json!(k));
                }
            }
            o.insert("type".into(), json!(event_type));
            o.insert("content".into(), Value::Object(c));
            o.insert("unsigned".into(), json!({"age": 1}));
            out.push(Value::Object(o));
        }
    }
    out
}

fn looks_like_json(s: &str) -> bool {
    let t = s.trim_start();
    t.starts_with(['{', '[', '"', '-', 't', 'f', 'n'])
        || t.starts_with(|c: char| c.is_ascii_digit())
}

/// The JSON with some whitespace, so the fuzzer also starts from
/// non-canonical forms; the canonical form is checked by the targets.
fn pretty(v: &Value) -> Vec<u8> {
    match CanonicalJsonValue::try_from(v.clone()) {
        Ok(c) if v.to_string().len().is_multiple_of(2) => to_canonical_string(&c)
            .map(String::into_bytes)
            .unwrap_or_else(|_| v.to_string().into_bytes()),
        _ => serde_json::to_vec_pretty(v).expect("a Value serializes"),
    }
}

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The string literals (`"…"` and `r#"…"#`) of every `.rs` file in `dir`.
fn literals(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    for f in files {
        let text = fs::read_to_string(&f).unwrap_or_default();
        scan_literals(&text, &mut out);
    }
    out
}

fn scan_literals(text: &str, out: &mut BTreeSet<String>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Skip line comments and char literals such as '"'.
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if b[i] == b'\'' && i + 2 < b.len() && b[i + 2] == b'\'' {
            i += 3;
            continue;
        }
        if b[i] == b'r' && i + 1 < b.len() && (b[i + 1] == b'#' || b[i + 1] == b'"') {
            let mut j = i + 1;
            let mut hashes = 0;
            while j < b.len() && b[j] == b'#' {
                hashes += 1;
                j += 1;
            }
            if j < b.len() && b[j] == b'"' {
                let close = format!("\"{}", "#".repeat(hashes));
                if let Some(end) = text[j + 1..].find(&close) {
                    out.insert(text[j + 1..j + 1 + end].to_owned());
                    i = j + 1 + end + close.len();
                    continue;
                }
            }
            i += 1;
            continue;
        }
        if b[i] == b'"' {
            let mut s = String::new();
            let mut j = i + 1;
            let mut ok = true;
            while j < b.len() && b[j] != b'"' {
                if b[j] == b'\\' && j + 1 < b.len() {
                    j += 1;
                    match b[j] {
                        b'n' => s.push('\n'),
                        b't' => s.push('\t'),
                        b'r' => s.push('\r'),
                        b'0' => s.push('\0'),
                        b'\\' => s.push('\\'),
                        b'"' => s.push('"'),
                        b'\'' => s.push('\''),
                        b'u' => {
                            let close = text[j..].find('}').map(|e| j + e);
                            let code = close
                                .and_then(|e| u32::from_str_radix(&text[j + 2..e], 16).ok())
                                .and_then(char::from_u32);
                            match (code, close) {
                                (Some(c), Some(e)) => {
                                    s.push(c);
                                    j = e;
                                }
                                _ => ok = false,
                            }
                        }
                        b'x' => {
                            let code = text
                                .get(j + 1..j + 3)
                                .and_then(|h| u8::from_str_radix(h, 16).ok());
                            match code {
                                Some(c) => {
                                    s.push(char::from(c));
                                    j += 2;
                                }
                                None => ok = false,
                            }
                        }
                        b'\n' => {
                            // Line continuation: skip leading whitespace.
                            while j + 1 < b.len() && b[j + 1].is_ascii_whitespace() {
                                j += 1;
                            }
                        }
                        _ => ok = false,
                    }
                    j += 1;
                } else {
                    let ch = text[j..].chars().next().expect("inside the text");
                    s.push(ch);
                    j += ch.len_utf8();
                }
            }
            if ok && !s.is_empty() {
                out.insert(s);
            }
            i = j + 1;
            continue;
        }
        i += 1;
    }
}

/// Writes each input as `corpus/<target>/<hash>`.
fn write(fuzz: &Path, target: &str, inputs: impl IntoIterator<Item = Vec<u8>>) {
    let dir = fuzz.join("corpus").join(target);
    fs::create_dir_all(&dir).expect("create the corpus directory");
    let mut n = 0;
    for input in inputs {
        let name = format!("seed-{:016x}", fnv1a(&input));
        fs::write(dir.join(name), &input).expect("write a seed");
        n += 1;
    }
    println!("{target}: {n} seeds");
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
