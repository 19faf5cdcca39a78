//! Signed JSON: verification never accepts a tampered object.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use mxp_canonical_json::{
    CanonicalJsonObject, CanonicalJsonValue, MAX_SAFE_INTEGER, ParseOptions, parse_value,
};
use mxp_ids::KeyId;
use mxp_signatures::{
    BatchMode, KeyRing, Signature, SigningKey, sign_json, signing_input, verify_json,
    verify_json_batch,
};

/// The signing key of the spec's test vectors (`ed25519:1` of `domain`).
const SPEC_SEED: &str = "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1";
const ENTITY: &str = "domain";

struct Keys {
    key: SigningKey,
    ring: KeyRing,
    /// The signing inputs the spec vectors sign with this key: the only
    /// messages an object found by the fuzzer may validly carry a signature of.
    signed_messages: BTreeSet<Vec<u8>>,
}

fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let key_id = KeyId::parse("ed25519:1").expect("valid key ID");
        let key = SigningKey::from_seed_base64(key_id, SPEC_SEED).expect("valid seed");
        let mut ring = KeyRing::new();
        ring.insert(ENTITY, key.key_id(), *key.public_key());
        let vectors: serde_json::Value = serde_json::from_str(include_str!(
            "../../crates/mxp-signatures/tests/data/spec_vectors.json"
        ))
        .expect("spec_vectors.json is JSON");
        let mut signed_messages = BTreeSet::new();
        for section in ["json_signing", "event_signing"] {
            for v in vectors[section].as_array().into_iter().flatten() {
                if let Ok(CanonicalJsonValue::Object(o)) =
                    CanonicalJsonValue::try_from(v["signed"].clone())
                    && let Ok(m) = signing_input(&o)
                {
                    signed_messages.insert(m);
                }
            }
        }
        Keys {
            key,
            ring,
            signed_messages,
        }
    })
}

fn is_valid(object: &CanonicalJsonObject) -> bool {
    let keys = keys();
    let single = verify_json(object, &[ENTITY], &keys.ring);
    let one_by_one = verify_json_batch(&[(object, &[ENTITY][..])], &keys.ring, BatchMode::OneByOne);
    let single_ok = matches!(&single, Ok(r) if r.is_valid());
    let batch_ok = matches!(one_by_one.first(), Some(Ok(r)) if r.is_valid());
    assert_eq!(
        single_ok, batch_ok,
        "verify_json and verify_json_batch disagree"
    );
    single_ok
}

/// Both checks on one input: `data` as an object as found, then `data[3..]`
/// signed and tampered as `data[..3]` says.
pub fn check(data: &[u8]) {
    as_found(data);
    if let [op, a, b, rest @ ..] = data {
        sign_and_tamper(*op, u16::from_le_bytes([*a, *b]), rest);
    }
}

/// An arbitrary object verifies only if it carries one of the spec vectors'
/// signatures over exactly the bytes that signature covers.
fn as_found(data: &[u8]) {
    let Ok(CanonicalJsonValue::Object(object)) = parse_value(data, &ParseOptions::lenient()) else {
        return;
    };
    if is_valid(&object) {
        let message = signing_input(&object).expect("a verified object encodes");
        assert!(
            keys().signed_messages.contains(&message),
            "forged: verified an object the key never signed: {}",
            String::from_utf8_lossy(&message)
        );
    }
}

/// The ways to tamper with a signed object.
#[derive(Debug, Clone, Copy)]
enum Tamper {
    FlipSignatureBit,
    ChangeCoveredValue,
    RemoveCoveredKey,
    AddCoveredKey,
    MoveToOtherEntity,
    UnknownKeyId,
    ReplaySignature,
    TruncateSignature,
    // Must stay valid: the complement, so the other checks are not vacuous.
    ChangeUnsigned,
    AddUnknownKeySignature,
}

const TAMPERS: [Tamper; 10] = [
    Tamper::FlipSignatureBit,
    Tamper::ChangeCoveredValue,
    Tamper::RemoveCoveredKey,
    Tamper::AddCoveredKey,
    Tamper::MoveToOtherEntity,
    Tamper::UnknownKeyId,
    Tamper::ReplaySignature,
    Tamper::TruncateSignature,
    Tamper::ChangeUnsigned,
    Tamper::AddUnknownKeySignature,
];

fn sign_and_tamper(op: u8, index: u16, json: &[u8]) {
    let Ok(CanonicalJsonValue::Object(mut object)) = parse_value(json, &ParseOptions::strict())
    else {
        return;
    };
    object.remove("signatures");
    let keys = keys();
    sign_json(&mut object, ENTITY, &keys.key).expect("a strict object without signatures signs");
    assert!(is_valid(&object), "a freshly signed object does not verify");

    let tamper = TAMPERS[usize::from(op) % TAMPERS.len()];
    let mut tampered = object.clone();
    let index = usize::from(index);
    let changed = match tamper {
        Tamper::FlipSignatureBit => edit_signature(&mut tampered, |sig| {
            let mut bytes = sig.to_bytes();
            bytes[index / 8 % 64] ^= 1 << (index % 8);
            Some(Signature::from_bytes(&bytes).to_base64())
        }),
        Tamper::ChangeCoveredValue => change_covered(&mut tampered, index),
        Tamper::RemoveCoveredKey => {
            let covered: Vec<String> = covered_keys(&tampered);
            match covered.get(index % covered.len().max(1)) {
                Some(k) => tampered.remove(k).is_some(),
                None => false,
            }
        }
        Tamper::AddCoveredKey => {
            let key = format!("tamper{index}");
            tampered
                .insert(key.into(), CanonicalJsonValue::Null)
                .is_none()
        }
        Tamper::MoveToOtherEntity => {
            let sigs = signatures_mut(&mut tampered);
            match sigs.remove(ENTITY) {
                Some(v) => {
                    sigs.insert("other.example".into(), v);
                    true
                }
                None => false,
            }
        }
        Tamper::UnknownKeyId => {
            let entity = entity_mut(&mut tampered);
            match entity.remove("ed25519:1") {
                Some(v) => {
                    entity.insert(format!("ed25519:k{index}").into(), v);
                    true
                }
                None => false,
            }
        }
        Tamper::ReplaySignature => {
            // A valid signature by the same key, over another message.
            let mut other = CanonicalJsonObject::new();
            other.insert("replayed".into(), CanonicalJsonValue::Integer(index as i64));
            sign_json(&mut other, ENTITY, &keys.key).expect("signs");
            let stolen = entity_mut(&mut other).get("ed25519:1").cloned();
            match stolen {
                Some(s) if signing_input(&other).ok() != signing_input(&tampered).ok() => {
                    entity_mut(&mut tampered).insert("ed25519:1".into(), s);
                    true
                }
                _ => false,
            }
        }
        Tamper::TruncateSignature => {
            let entity = entity_mut(&mut tampered);
            match entity.get_mut("ed25519:1") {
                Some(CanonicalJsonValue::String(s)) => {
                    let keep = index % s.len().max(1);
                    s.truncate(keep);
                    true
                }
                _ => false,
            }
        }
        Tamper::ChangeUnsigned => {
            let unsigned = tampered
                .entry("unsigned".into())
                .or_insert_with(|| CanonicalJsonValue::Object(CanonicalJsonObject::new()));
            *unsigned = CanonicalJsonValue::Integer(index as i64);
            true
        }
        Tamper::AddUnknownKeySignature => {
            // P1-05: a key ID that does not follow the grammar, or an unknown
            // algorithm, is skipped, never fatal and never trusted.
            let entity = entity_mut(&mut tampered);
            let id = [
                "ed25519:a+b",
                "ed25519: a_FOWS",
                "curve448:1",
                "ed25519:unknown",
            ][index % 4];
            entity.insert(id.into(), CanonicalJsonValue::String("AAAA".into()));
            true
        }
    };
    if !changed {
        return;
    }
    let still_valid = is_valid(&tampered);
    match tamper {
        Tamper::ChangeUnsigned | Tamper::AddUnknownKeySignature => {
            assert!(still_valid, "{tamper:?} broke a valid signature");
        }
        _ => assert!(
            !still_valid,
            "{tamper:?}: a tampered object verifies: {:?}",
            CanonicalJsonValue::Object(tampered)
        ),
    }
}

fn covered_keys(object: &CanonicalJsonObject) -> Vec<String> {
    object
        .keys()
        .filter(|k| *k != "signatures" && *k != "unsigned")
        .map(|k| k.to_string())
        .collect()
}

fn signatures_mut(object: &mut CanonicalJsonObject) -> &mut CanonicalJsonObject {
    match object
        .entry("signatures".into())
        .or_insert_with(|| CanonicalJsonValue::Object(CanonicalJsonObject::new()))
    {
        CanonicalJsonValue::Object(o) => o,
        _ => unreachable!("sign_json wrote an object"),
    }
}

fn entity_mut(object: &mut CanonicalJsonObject) -> &mut CanonicalJsonObject {
    match signatures_mut(object)
        .entry(ENTITY.into())
        .or_insert_with(|| CanonicalJsonValue::Object(CanonicalJsonObject::new()))
    {
        CanonicalJsonValue::Object(o) => o,
        _ => unreachable!("sign_json wrote an object"),
    }
}

fn edit_signature(
    object: &mut CanonicalJsonObject,
    f: impl FnOnce(&Signature) -> Option<String>,
) -> bool {
    let entity = entity_mut(object);
    let Some(CanonicalJsonValue::String(s)) = entity.get_mut("ed25519:1") else {
        return false;
    };
    let Ok(sig) = Signature::from_base64(s) else {
        return false;
    };
    match f(&sig) {
        Some(new) if new != *s => {
            *s = new;
            true
        }
        _ => false,
    }
}

/// Changes the `index`-th value (in a depth-first walk) of the part of the
/// object the signature covers, so that its canonical form changes.
fn change_covered(object: &mut CanonicalJsonObject, index: usize) -> bool {
    let keys = covered_keys(object);
    let mut count = 0;
    let total = {
        let mut n = 0;
        for k in &keys {
            n += count_nodes(&object[k]);
        }
        n
    };
    if total == 0 {
        return false;
    }
    let target = index % total;
    for k in keys {
        let value = object.get_mut(&k).expect("listed key");
        if let Some(done) = change_nth(value, target, &mut count) {
            return done;
        }
    }
    false
}

fn count_nodes(value: &CanonicalJsonValue) -> usize {
    let mut stack = vec![value];
    let mut n = 0;
    while let Some(v) = stack.pop() {
        n += 1;
        match v {
            CanonicalJsonValue::Array(a) => stack.extend(a),
            CanonicalJsonValue::Object(o) => stack.extend(o.values()),
            _ => {}
        }
    }
    n
}

fn change_nth(value: &mut CanonicalJsonValue, target: usize, count: &mut usize) -> Option<bool> {
    if *count == target {
        *value = match std::mem::take(value) {
            CanonicalJsonValue::Null => CanonicalJsonValue::Bool(false),
            CanonicalJsonValue::Bool(b) => CanonicalJsonValue::Bool(!b),
            CanonicalJsonValue::Integer(i) if i < MAX_SAFE_INTEGER => {
                CanonicalJsonValue::Integer(i + 1)
            }
            CanonicalJsonValue::Integer(i) => CanonicalJsonValue::Integer(i - 1),
            CanonicalJsonValue::String(mut s) => {
                s.push('x');
                CanonicalJsonValue::String(s)
            }
            CanonicalJsonValue::Array(mut a) => {
                a.push(CanonicalJsonValue::Null);
                CanonicalJsonValue::Array(a)
            }
            CanonicalJsonValue::Object(mut o) => {
                if o.remove("\u{1}").is_none() {
                    o.insert("\u{1}".into(), CanonicalJsonValue::Null);
                }
                CanonicalJsonValue::Object(o)
            }
            CanonicalJsonValue::LegacyNumber(n) => CanonicalJsonValue::String(n),
        };
        return Some(true);
    }
    *count += 1;
    match value {
        CanonicalJsonValue::Array(a) => {
            for v in a {
                if let Some(done) = change_nth(v, target, count) {
                    return Some(done);
                }
            }
        }
        CanonicalJsonValue::Object(o) => {
            for v in o.values_mut() {
                if let Some(done) = change_nth(v, target, count) {
                    return Some(done);
                }
            }
        }
        _ => {}
    }
    None
}
