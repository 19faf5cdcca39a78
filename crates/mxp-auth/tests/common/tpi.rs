//! Identity-server signing for third party invites.

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_ids::KeyId;
use mxp_signatures::{SigningKey, signing_input};
use serde_json::json;

use super::obj;

pub fn key(n: u8) -> SigningKey {
    SigningKey::from_seed(KeyId::parse("ed25519:0").unwrap(), &[n; 32]).unwrap()
}

pub fn public(n: u8) -> String {
    key(n).public_key().to_base64()
}

/// The public key in the URL-safe alphabet.
pub fn public_url_safe(n: u8) -> String {
    public(n).replace('+', "-").replace('/', "_")
}

/// Signs `signed` (without `signatures`/`unsigned`) with key `n` under `key_id`.
pub fn sign(signed: &mut CanonicalJsonObject, n: u8, key_id: &str) {
    let bytes = signing_input(signed).unwrap();
    let sig = key(n).sign(&bytes).to_base64();
    let sigs = signed
        .entry("signatures".into())
        .or_insert_with(|| CanonicalJsonValue::Object(CanonicalJsonObject::new()));
    if let CanonicalJsonValue::Object(by_entity) = sigs {
        let entry = by_entity
            .entry("id.example.org".into())
            .or_insert_with(|| CanonicalJsonValue::Object(CanonicalJsonObject::new()));
        if let CanonicalJsonValue::Object(by_key) = entry {
            by_key.insert(key_id.into(), sig.into());
        }
    }
}

/// A `signed` block for Bob and token `tok`, signed by key `n`.
pub fn signed_block(mxid: &str, token: &str, n: u8) -> CanonicalJsonObject {
    let mut signed = obj(json!({"mxid": mxid, "token": token}));
    sign(&mut signed, n, "ed25519:0");
    signed
}
