//! Signing and verifying JSON objects (`SIG-1`…`SIG-4`).

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue, EncodeError};

use crate::batch::BatchMode;
use crate::canonical::{Numbers, object_bytes_without};
use crate::engine::{Collector, SignaturesNotObject, dedup};
use crate::keyring::KeyRing;
use crate::keys::SigningKey;
use crate::report::{Requirement, SignatureReport};

/// The keys never covered by a signature (`SIG-1`).
pub(crate) const UNSIGNED_KEYS: [&str; 2] = ["signatures", "unsigned"];

/// Why an object could not be signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignError {
    /// The object's `signatures` member is not an object.
    #[error("`signatures` is not an object")]
    SignaturesNotObject,
    /// `signatures[entity]` exists and is not an object.
    #[error("`signatures.{0}` is not an object")]
    EntitySignaturesNotObject(String),
    /// The object has no canonical JSON encoding (an integer out of range, a
    /// legacy number).
    #[error("cannot encode as canonical JSON: {0}")]
    Encode(#[from] EncodeError),
}

/// Why an object's signatures could not be checked at all. (A signature that
/// does not verify is not an error: it is reported in the
/// [`SignatureReport`].)
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The object's `signatures` member is not an object.
    #[error("`signatures` is not an object")]
    SignaturesNotObject,
    /// The object has no canonical JSON encoding.
    #[error("cannot encode as canonical JSON: {0}")]
    Encode(#[from] EncodeError),
}

impl From<SignaturesNotObject> for VerifyError {
    fn from(_: SignaturesNotObject) -> Self {
        Self::SignaturesNotObject
    }
}

/// The bytes a signature of `object` covers: its canonical JSON without
/// `signatures` and `unsigned` (`SIG-1`, `SIG-3` steps 5–6).
///
/// ```
/// use mxp_canonical_json::CanonicalJsonValue;
/// use mxp_signatures::signing_input;
///
/// let json = serde_json::json!({"two": "Two", "one": 1, "unsigned": {"age_ts": 5}});
/// let CanonicalJsonValue::Object(object) = CanonicalJsonValue::try_from(json).unwrap() else {
///     unreachable!()
/// };
/// assert_eq!(signing_input(&object).unwrap(), br#"{"one":1,"two":"Two"}"#);
/// ```
pub fn signing_input(object: &CanonicalJsonObject) -> Result<Vec<u8>, EncodeError> {
    object_bytes_without(object, &UNSIGNED_KEYS, Numbers::Strict)
}

/// Signs a JSON object in place as `entity` (`SIG-1`, `SIG-2`): the
/// signature goes to `signatures[entity][key ID]`, replacing a previous one
/// under the same key ID; signatures of other entities and keys are kept, and
/// `unsigned` is left alone.
///
/// On error the object is unchanged.
///
/// ```
/// use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue, to_canonical_string};
/// use mxp_ids::KeyId;
/// use mxp_signatures::{SigningKey, sign_json};
///
/// let key = SigningKey::from_seed_base64(
///     KeyId::parse("ed25519:1").unwrap(),
///     "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1",
/// )
/// .unwrap();
/// let mut object = CanonicalJsonObject::new();
/// sign_json(&mut object, "domain", &key).unwrap();
/// assert_eq!(
///     to_canonical_string(&CanonicalJsonValue::Object(object)).unwrap(),
///     r#"{"signatures":{"domain":{"ed25519:1":"K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ"}}}"#,
/// );
/// ```
pub fn sign_json(
    object: &mut CanonicalJsonObject,
    entity: &str,
    key: &SigningKey,
) -> Result<(), SignError> {
    // Check the shape first, so that errors leave the object unchanged.
    match object.get("signatures") {
        None => {}
        Some(CanonicalJsonValue::Object(s)) => match s.get(entity) {
            None | Some(CanonicalJsonValue::Object(_)) => {}
            Some(_) => return Err(SignError::EntitySignaturesNotObject(entity.to_owned())),
        },
        Some(_) => return Err(SignError::SignaturesNotObject),
    }
    let signature = key.sign(&signing_input(object)?);
    insert_signature(object, entity, key.key_id().as_str(), signature.to_base64());
    Ok(())
}

/// Puts `signature` at `signatures[entity][key_id]`, creating the maps. The
/// caller has checked that existing members are objects.
pub(crate) fn insert_signature(
    object: &mut CanonicalJsonObject,
    entity: &str,
    key_id: &str,
    signature: String,
) {
    let signatures = object
        .entry("signatures".into())
        .or_insert_with(|| CanonicalJsonValue::Object(CanonicalJsonObject::new()));
    if let CanonicalJsonValue::Object(signatures) = signatures {
        let by_key = signatures
            .entry(entity.into())
            .or_insert_with(|| CanonicalJsonValue::Object(CanonicalJsonObject::new()));
        if let CanonicalJsonValue::Object(by_key) = by_key {
            by_key.insert(key_id.into(), CanonicalJsonValue::String(signature));
        }
    }
}

/// Checks that each of `entities` signed `object` (`SIG-3`), with the keys in
/// `keys`.
///
/// For each required entity, every signature with an `ed25519` key ID whose
/// key is known is verified; unknown algorithms and unknown keys are skipped
/// (`SIG-3`, `EVAL-3`); the entity passes if at least one signature verified
/// and none failed. The report is valid only if every entity passes, so it is
/// never valid with zero signatures checked or zero entities required
/// (P1-22). Signatures of other entities are ignored. Key validity periods
/// are not applied here (they concern events, see
/// [`verify_event`](crate::verify_event)).
///
/// ```
/// use mxp_canonical_json::CanonicalJsonValue;
/// use mxp_ids::KeyId;
/// use mxp_signatures::{EntityStatus, KeyRing, PublicKey, verify_json};
///
/// let json = serde_json::json!({"signatures": {"domain": {
///     "ed25519:1": "K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ",
///     "ed25519:other": "not even base64!",
/// }}});
/// let CanonicalJsonValue::Object(object) = CanonicalJsonValue::try_from(json).unwrap() else {
///     unreachable!()
/// };
/// let mut keys = KeyRing::new();
/// let key = PublicKey::from_base64("XGX0JRS2Af3be3knz2fBiRbApjm2Dh61gXDJA8kcJNI").unwrap();
/// keys.insert("domain", KeyId::parse("ed25519:1").unwrap(), key);
///
/// let report = verify_json(&object, &["domain"], &keys).unwrap();
/// assert!(report.is_valid());
/// assert_eq!(report.entity("domain").unwrap().status, EntityStatus::Verified { checked: 1 });
/// assert_eq!(report.skipped().count(), 1); // ed25519:other is unknown
/// ```
pub fn verify_json(
    object: &CanonicalJsonObject,
    entities: &[&str],
    keys: &KeyRing,
) -> Result<SignatureReport, VerifyError> {
    let mut results = verify_json_batch(&[(object, entities)], keys, BatchMode::Auto);
    results
        .pop()
        .unwrap_or(Err(VerifyError::SignaturesNotObject))
}

/// [`verify_json`] for many objects at once, with all their signatures
/// checked in one batch (see [`SignatureBatch`](crate::SignatureBatch) for
/// the policy). Results are in input order.
pub fn verify_json_batch(
    objects: &[(&CanonicalJsonObject, &[&str])],
    keys: &KeyRing,
    mode: BatchMode,
) -> Vec<Result<SignatureReport, VerifyError>> {
    let mut collector = Collector::new(keys);
    let planned: Vec<Result<usize, VerifyError>> = objects
        .iter()
        .map(|(object, entities)| {
            let message = signing_input(object)?;
            let required = dedup(entities.iter().map(|e| (*e).to_owned()));
            Ok(collector.add(object, message, Requirement::All(required), None)?)
        })
        .collect();
    let mut reports = collector
        .finish(mode)
        .into_iter()
        .map(Some)
        .collect::<Vec<_>>();
    planned
        .into_iter()
        .map(|p| {
            p.and_then(|i| {
                reports
                    .get_mut(i)
                    .and_then(Option::take)
                    .ok_or(VerifyError::SignaturesNotObject)
            })
        })
        .collect()
}
