//! Fields shared by the signing ops: server names, key IDs, seeds, public
//! keys, key rings, JSON objects, and the exact encoding of the objects they
//! answer with.
//!
//! Error kinds: `invalid_identifier` (a server name or key ID that does not
//! parse), `unsupported_algorithm` (a key ID whose algorithm is not
//! `ed25519`, the only signing algorithm, `WF-KEY-1`), `invalid_key` (a seed
//! or public key that is not base64 of 32 bytes, or not a curve point), and
//! the canonical JSON parser's kinds for objects.

use mxp_canonical_json::{
    CanonicalJsonObject, CanonicalJsonValue, EncodeError, ParseOptions, to_canonical_string,
    to_lenient_canonical_string,
};
use mxp_ids::{KeyId, OwnedServerName, ServerName, SigningKeyAlgorithm};
use mxp_signatures::{KeyError, KeyRing, PublicKey, SigningKey};

use super::{BatchError, Request};

/// A required field holding a server name.
pub(super) fn server_name(req: &Request<'_>, field: &str) -> Result<OwnedServerName, BatchError> {
    parse_server_name(&req.str(field)?, field)
}

fn parse_server_name(text: &str, what: &str) -> Result<OwnedServerName, BatchError> {
    ServerName::parse(text).map(ToOwned::to_owned).map_err(|e| {
        BatchError::new(
            "invalid_identifier",
            format!("{what}: invalid server name {text:?}: {e}"),
        )
    })
}

/// A key ID that must name an `ed25519` key (`WF-KEY-1`). Its version is
/// not checked here: keys received from others may have any (P1-05);
/// [`SigningKey`] checks the versions of keys we sign with (`WF-KEY-2`).
fn ed25519_key_id<'k>(text: &'k str, what: &str) -> Result<&'k KeyId, BatchError> {
    let key_id = KeyId::parse(text).map_err(|e| {
        BatchError::new(
            "invalid_identifier",
            format!("{what}: invalid key ID {text:?}: {e}"),
        )
    })?;
    if key_id.algorithm() != SigningKeyAlgorithm::Ed25519 {
        return Err(BatchError::new(
            "unsupported_algorithm",
            format!(
                "{what}: key algorithm {:?} is not supported; only ed25519 is defined",
                key_id.algorithm_str()
            ),
        ));
    }
    Ok(key_id)
}

/// The signing key of the fields `key_id` and `seed` (unpadded base64 of
/// the 32-byte ed25519 seed).
pub(super) fn signing_key(req: &Request<'_>) -> Result<SigningKey, BatchError> {
    let key_id_text = req.str("key_id")?;
    let key_id = ed25519_key_id(&key_id_text, "key_id")?;
    let seed = req.str("seed")?;
    SigningKey::from_seed_base64(key_id, &seed).map_err(|e| key_error(&e, "seed"))
}

/// A key ring of one key: the fields `server_name`, `key_id` and
/// `public_key`. Returns the ring and the server name.
pub(super) fn single_key(req: &Request<'_>) -> Result<(KeyRing, OwnedServerName), BatchError> {
    let server = server_name(req, "server_name")?;
    let key_id_text = req.str("key_id")?;
    let key_id = ed25519_key_id(&key_id_text, "key_id")?;
    let key = public_key(&req.str("public_key")?, "public_key")?;
    let mut ring = KeyRing::new();
    ring.insert(server.as_str(), key_id, key);
    Ok((ring, server))
}

/// The key ring of a `keys` field: `{server_name: {key_id: public_key}}`,
/// read with the strict parser (a duplicate key is an error, not "the last
/// one wins").
pub(super) fn key_ring(req: &Request<'_>, field: &str) -> Result<KeyRing, BatchError> {
    let servers = object_field(req, field)?;
    let mut ring = KeyRing::new();
    for (server, keys) in &servers {
        let what = format!("{field}[{server:?}]");
        let server = parse_server_name(server, &what)?;
        let CanonicalJsonValue::Object(keys) = keys else {
            return Err(BatchError::bad_request(format!(
                "{what} must be an object of key IDs to public keys"
            )));
        };
        for (key_id, key) in keys {
            let what = format!("{what}[{key_id:?}]");
            let key_id = ed25519_key_id(key_id, &what)?;
            let CanonicalJsonValue::String(key) = key else {
                return Err(BatchError::bad_request(format!(
                    "{what} must be a public key in unpadded base64"
                )));
            };
            ring.insert(server.as_str(), key_id, public_key(key, &what)?);
        }
    }
    Ok(ring)
}

fn public_key(text: &str, what: &str) -> Result<PublicKey, BatchError> {
    PublicKey::from_base64(text).map_err(|e| key_error(&e, what))
}

fn key_error(e: &KeyError, what: &str) -> BatchError {
    let kind = match e {
        KeyError::UnsupportedAlgorithm(_) => "unsupported_algorithm",
        KeyError::InvalidKeyVersion { .. } => "invalid_identifier",
        _ => "invalid_key",
    };
    BatchError::new(kind, format!("{what}: {e}"))
}

/// A required field holding a JSON object, read with the strict canonical
/// JSON parser (`CJ-3`: plain integers only; no duplicate keys), so that
/// what is signed or checked is exactly what was sent. Parse errors keep the
/// parser's kind (`duplicate_key`, `float_not_allowed`, `not_an_object`, …).
pub(super) fn object_field(
    req: &Request<'_>,
    field: &str,
) -> Result<CanonicalJsonObject, BatchError> {
    let raw = req.required_raw(field)?;
    mxp_canonical_json::parse_object_str(raw.get(), &ParseOptions::strict())
        .map_err(|e| BatchError::new(e.kind(), format!("field `{field}`: {e}")))
}

/// The canonical JSON text of an object, to answer with byte for byte:
/// strict (`CJ-1`…`CJ-5`), or lenient for room versions 1–5, whose events
/// may hold numbers canonical JSON cannot express (`CJ-6`), written as they
/// were received.
pub(super) fn encode(object: CanonicalJsonObject, strict: bool) -> Result<String, BatchError> {
    let value = CanonicalJsonValue::Object(object);
    let encoded = if strict {
        to_canonical_string(&value)
    } else {
        to_lenient_canonical_string(&value)
    };
    encoded.map_err(|e| encode_error(&e))
}

/// An encoding error, with the encoder's kind (`integer_out_of_range`,
/// `legacy_number`, …).
pub(super) fn encode_error(e: &EncodeError) -> BatchError {
    BatchError::new(e.kind(), e.to_string())
}
