//! Signing an outgoing PDU (`ESIG-1`…`ESIG-4`).

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue, EncodeError};
use mxp_ids::ServerName;
use mxp_redaction::RedactionError;
use mxp_room_versions::RoomVersionRules;

use crate::base64;
use crate::canonical::Numbers;
use crate::event::ids::{InputError, redacted_signing_input};
use crate::hash::{HashError, content_hash_with};
use crate::json::insert_signature;
use crate::keys::SigningKey;

/// Why a PDU could not be signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignEventError {
    /// `signatures` exists and is not an object.
    #[error("`signatures` is not an object")]
    SignaturesNotObject,
    /// `signatures[server]` exists and is not an object.
    #[error("`signatures.{0}` is not an object")]
    EntitySignaturesNotObject(String),
    /// `hashes` exists and is not an object.
    #[error("`hashes` is not an object")]
    HashesNotObject,
    /// The event cannot be redacted (no string `type` or no object
    /// `content`).
    #[error("{0}")]
    Redaction(#[from] RedactionError),
    /// The event is not strict canonical JSON. Outgoing events never carry
    /// out-of-range integers or floats, in any room version (P1-10).
    #[error("the event is not canonical JSON: {0}")]
    Encode(#[from] EncodeError),
}

impl From<HashError> for SignEventError {
    fn from(e: HashError) -> Self {
        match e {
            HashError::Encode(e) => Self::Encode(e),
        }
    }
}

/// Signs an outgoing PDU in place as `server_name` (`ESIG-1`…`ESIG-4`):
/// sets `hashes.sha256` to the content hash (other members of `hashes` are
/// kept), redacts a copy with the room version's algorithm, signs the
/// redacted copy, and stores the signature in the event's
/// `signatures[server_name][key ID]` next to any others.
///
/// The event must be in federation format for its room version (`HASH-2`)
/// and strict canonical JSON (P1-10). On error it is unchanged.
///
/// ```
/// use mxp_canonical_json::CanonicalJsonValue;
/// use mxp_ids::{KeyId, ServerName};
/// use mxp_room_versions::RoomVersionRules;
/// use mxp_signatures::{SigningKey, sign_event};
///
/// let key = SigningKey::from_seed_base64(
///     KeyId::parse("ed25519:1").unwrap(),
///     "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1",
/// )
/// .unwrap();
/// let json = serde_json::json!({
///     "room_id": "!x:domain", "sender": "@a:domain", "origin": "domain",
///     "origin_server_ts": 1000000, "signatures": {}, "hashes": {}, "type": "X",
///     "content": {}, "prev_events": [], "auth_events": [], "depth": 3,
///     "unsigned": {"age_ts": 1000000},
/// });
/// let CanonicalJsonValue::Object(mut event) = CanonicalJsonValue::try_from(json).unwrap() else {
///     unreachable!()
/// };
/// sign_event(&mut event, ServerName::parse("domain").unwrap(), &key, &RoomVersionRules::V10).unwrap();
/// let signatures = event["signatures"].as_object().unwrap()["domain"].as_object().unwrap();
/// assert_eq!(
///     signatures["ed25519:1"].as_str().unwrap(),
///     "KxwGjPSDEtvnFgU00fwFz+l6d2pJM6XBIaMEn81SXPTRl16AqLAYqfIReFGZlHi5KLjAWbOoMszkwsQma+lYAg"
/// );
/// ```
pub fn sign_event(
    event: &mut CanonicalJsonObject,
    server_name: &ServerName,
    key: &SigningKey,
    rules: &RoomVersionRules,
) -> Result<(), SignEventError> {
    let server = server_name.as_str();
    match event.get("signatures") {
        None => {}
        Some(CanonicalJsonValue::Object(s)) => match s.get(server) {
            None | Some(CanonicalJsonValue::Object(_)) => {}
            Some(_) => return Err(SignEventError::EntitySignaturesNotObject(server.to_owned())),
        },
        Some(_) => return Err(SignEventError::SignaturesNotObject),
    }
    if !matches!(
        event.get("hashes"),
        None | Some(CanonicalJsonValue::Object(_))
    ) {
        return Err(SignEventError::HashesNotObject);
    }
    // ESIG-1. Strict numbers: we never emit non-canonical JSON (P1-10).
    let hash = base64::encode(content_hash_with(event, Numbers::Strict)?);
    // ESIG-2/3 on the event with its hash set; the previous `hashes` is put
    // back if that fails, so that errors leave the event unchanged.
    let previous = event.get("hashes").cloned();
    set_sha256(event, hash);
    let input = match redacted_signing_input(event, rules, Numbers::Strict) {
        Ok(input) => input,
        Err(e) => {
            match previous {
                Some(previous) => event.insert("hashes".into(), previous),
                None => event.remove("hashes"),
            };
            return Err(e.into());
        }
    };
    // ESIG-4.
    let signature = key.sign(&input).to_base64();
    insert_signature(event, server, key.key_id().as_str(), signature);
    Ok(())
}

impl From<InputError> for SignEventError {
    fn from(e: InputError) -> Self {
        match e {
            InputError::Redaction(e) => Self::Redaction(e),
            InputError::Encode(e) => Self::Encode(e),
        }
    }
}

fn set_sha256(event: &mut CanonicalJsonObject, hash: String) {
    let hashes = event
        .entry("hashes".into())
        .or_insert_with(|| CanonicalJsonValue::Object(CanonicalJsonObject::new()));
    if let CanonicalJsonValue::Object(hashes) = hashes {
        hashes.insert("sha256".into(), CanonicalJsonValue::String(hash));
    }
}
