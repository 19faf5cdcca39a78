//! Identity-server signing for third party invites.

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use ed25519_dalek::{Signer, SigningKey};
use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue, to_canonical_bytes};
use serde_json::json;

use super::obj;

pub fn key(n: u8) -> SigningKey {
    SigningKey::from_bytes(&[n; 32])
}

pub fn public(n: u8) -> String {
    STANDARD_NO_PAD.encode(key(n).verifying_key().as_bytes())
}

/// Signs `signed` (without `signatures`/`unsigned`) with key `n` under `key_id`.
pub fn sign(signed: &mut CanonicalJsonObject, n: u8, key_id: &str) {
    let mut copy = signed.clone();
    copy.remove("signatures");
    copy.remove("unsigned");
    let bytes = to_canonical_bytes(&CanonicalJsonValue::Object(copy)).unwrap();
    let sig = STANDARD_NO_PAD.encode(key(n).sign(&bytes).to_bytes());
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
