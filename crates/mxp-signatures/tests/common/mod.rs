//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod pdus;

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue, to_canonical_string};
use mxp_ids::KeyId;
use mxp_signatures::{KeyRing, SigningKey};

pub const SPEC: &str = include_str!("../data/spec_vectors.json");
pub const DERIVED: &str = include_str!("../data/derived_vectors.json");

pub fn spec() -> serde_json::Value {
    serde_json::from_str(SPEC).unwrap()
}

pub fn derived() -> serde_json::Value {
    serde_json::from_str(DERIVED).unwrap()
}

pub fn obj(v: serde_json::Value) -> CanonicalJsonObject {
    match CanonicalJsonValue::try_from(v).unwrap() {
        CanonicalJsonValue::Object(o) => o,
        other => panic!("not an object: {other:?}"),
    }
}

pub fn canon(o: &CanonicalJsonObject) -> String {
    to_canonical_string(&CanonicalJsonValue::Object(o.clone())).unwrap()
}

/// The spec's test key: seed `YJDBA9…`, key ID `ed25519:1`.
pub fn spec_key() -> SigningKey {
    SigningKey::from_seed_base64(
        KeyId::parse("ed25519:1").unwrap(),
        "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1",
    )
    .unwrap()
}

pub fn key(id: &str, seed: u8) -> SigningKey {
    SigningKey::from_seed(KeyId::parse(id).unwrap(), &[seed; 32]).unwrap()
}

pub fn ring(entries: &[(&str, &SigningKey)]) -> KeyRing {
    let mut ring = KeyRing::new();
    for (entity, key) in entries {
        ring.insert(entity, key.key_id(), *key.public_key());
    }
    ring
}
