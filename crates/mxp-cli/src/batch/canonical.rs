//! Ops `canonical_json`, `sign_json` and `verify_json` (`PROTOCOL.md`).
//!
//! - `canonical_json` (`input`: JSON text): the generic canonicalizer
//!   ([`mxp_canonical_json::canonicalize`]), which follows the spec's own
//!   examples: integral values in any textual form are canonicalized (`-0` →
//!   `0`, `1e10` → `10000000000`, `CJ-3`); fractions, out-of-range integers,
//!   duplicate keys, lone surrogates, … are errors of the parser's kind.
//!   The answer is the canonical text as a JSON string.
//! - `sign_json` (`json`, `server_name`, `key_id`, `seed`): the object
//!   signed per `SIG-1`, written as canonical JSON.
//! - `verify_json` (`json`, `server_name`, `key_id`, `public_key`): whether
//!   `server_name` signed the object with that key (`SIG-3`): `true` or
//!   `false`. Malformed input is an error: a `signatures` member that is not
//!   an object of objects, or a signature under `key_id` that is not base64
//!   of 64 bytes, is `invalid_signature`.
//!
//! The objects of `sign_json` and `verify_json` are read with the strict
//! parser (plain integers only, as for room version 6+ events, `CJ-6`):
//! signed data must be exactly what is signed, so `1e10` or `-0` in it is an
//! error (`float_not_allowed`, `negative_zero`) rather than silently
//! rewritten.

use mxp_signatures::{CheckOutcome, EntityStatus, SignError, VerifyError};

use super::keys::{encode, object_field, server_name, signing_key, single_key};
use super::{BatchError, Output, Request};

pub(super) fn canonical_json(req: &Request<'_>) -> Result<Output, BatchError> {
    let input = req.str("input")?;
    let canonical = mxp_canonical_json::canonicalize(input.as_bytes())
        .map_err(|e| BatchError::new(e.kind(), format!("field `input`: {e}")))?;
    Ok(Output::Json(canonical.into()))
}

pub(super) fn sign_json(req: &Request<'_>) -> Result<Output, BatchError> {
    let mut object = object_field(req, "json")?;
    let server = server_name(req, "server_name")?;
    let key = signing_key(req)?;
    mxp_signatures::sign_json(&mut object, server.as_str(), &key).map_err(|e| {
        let kind = match &e {
            SignError::Encode(e) => e.kind(),
            _ => "invalid_signature",
        };
        BatchError::new(kind, format!("field `json`: {e}"))
    })?;
    Ok(Output::Raw(encode(object, true)?))
}

pub(super) fn verify_json(req: &Request<'_>) -> Result<Output, BatchError> {
    let object = object_field(req, "json")?;
    let (keys, server) = single_key(req)?;
    let key_id = req.str("key_id")?;
    let report = mxp_signatures::verify_json(&object, &[server.as_str()], &keys).map_err(|e| {
        let kind = match &e {
            VerifyError::Encode(e) => e.kind(),
            _ => "invalid_signature",
        };
        BatchError::new(kind, format!("field `json`: {e}"))
    })?;
    if let Some(entity) = report.entity(server.as_str()) {
        if entity.status == EntityStatus::Malformed {
            return Err(BatchError::new(
                "invalid_signature",
                format!("field `json`: `signatures.{server}` is not an object"),
            ));
        }
        // Only the signature under the given key ID is checked; a malformed
        // one is malformed input, not a signature that fails to verify.
        let malformed = entity.checks.iter().find_map(|c| match &c.outcome {
            CheckOutcome::Malformed(why) if c.key_id == *key_id => Some(why),
            _ => None,
        });
        if let Some(why) = malformed {
            return Err(BatchError::new(
                "invalid_signature",
                format!("field `json`: `signatures.{server}.{key_id}`: {why}"),
            ));
        }
    }
    Ok(Output::Json(report.is_valid().into()))
}
