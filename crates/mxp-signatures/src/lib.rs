//! Matrix signing: unpadded base64, ed25519, signed JSON, content and
//! reference hashes, event IDs, X-Matrix request signatures and server key
//! documents.
//!
//! No I/O and no clock: keys, times and requests come in as values. Rule IDs
//! in the docs (`SIG-*`, `HASH-*`, `ESIG-*`, `EVAL-*`, `REF-*`, `WF-B64-*`)
//! refer to the workspace's spec digest.
//!
//! ```
//! use mxp_canonical_json::CanonicalJsonObject;
//! use mxp_ids::KeyId;
//! use mxp_signatures::{KeyRing, SigningKey, sign_json, verify_json};
//!
//! let key = SigningKey::from_seed(KeyId::parse("ed25519:1").unwrap(), &[7; 32]).unwrap();
//! let mut object = CanonicalJsonObject::new();
//! object.insert("hello".into(), "world".into());
//! sign_json(&mut object, "example.org", &key).unwrap();
//!
//! let mut keys = KeyRing::new();
//! keys.insert("example.org", key.key_id(), *key.public_key());
//! assert!(verify_json(&object, &["example.org"], &keys).unwrap().is_valid());
//!
//! object.insert("hello".into(), "mallory".into());
//! assert!(!verify_json(&object, &["example.org"], &keys).unwrap().is_valid());
//! ```
//!
//! # Contents
//!
//! * [`base64`]: unpadded standard and URL-safe base64 (`WF-B64-*`).
//! * Keys: [`SigningKey`] (32-byte seed, `Debug` never shows it),
//!   [`PublicKey`], [`Signature`]; [`KeyRing`] holds the keys a caller trusts,
//!   with their [`KeyValidity`] and a deny-list.
//! * JSON objects: [`sign_json`], [`verify_json`], [`verify_json_batch`]
//!   (`SIG-1`…`SIG-4`), reporting per entity and key ([`SignatureReport`]).
//! * Many signatures at once: [`SignatureBatch`].
//! * PDUs: [`content_hash`] / [`check_content_hash`] (`HASH-*`),
//!   [`reference_hash`], [`event_id`], [`room_id_of_create_event`]
//!   (`REF-*`), [`sign_event`] (`ESIG-*`), [`verify_event`] /
//!   [`verify_events`] with [`required_signers`] (`EVAL-*`), whose
//!   [`EventVerification`] says whether to use the event, its redacted copy,
//!   or nothing.
//! * Federation requests: [`sign_request`], [`verify_request`] and the
//!   [`XMatrix`] Authorization header.
//! * Server key documents: [`ServerKeys`].
//!
//! # Verification policy
//!
//! * Single signatures are verified with ed25519-dalek's `verify_strict`
//!   ([`PublicKey::verify`]); batches give the same answers for every
//!   signature an honest signer can make ([`batch`] module docs, P1-29).
//! * A report is never valid when zero signatures were checked (P1-22):
//!   unknown algorithms and unknown keys are skipped, not trusted (P1-23).
//! * Deny-listed keys fail even when the signature is valid (P1-28).
//!
//! # Resource limits
//!
//! Inputs are parsed objects, bounded by their parser (JSON depth 128 by
//! default, ceiling 1,024, `mxp-canonical-json`; PDUs 65,536 bytes,
//! `mxp-events`); identifiers (server names, key IDs) are at most 255 bytes
//! (`mxp-ids`); an X-Matrix header is at most 8,192 bytes. Signature checks
//! are linear in the number of signatures present: unknown entities and keys
//! are skipped (10,000 of them are tested, P1-51).

pub mod base64;
pub mod batch;
mod canonical;
mod engine;
mod event;
mod hash;
mod json;
mod keyring;
mod keys;
mod report;
mod server_keys;
mod xmatrix;

pub use batch::{BatchMode, BatchResult, SignatureBatch};
pub use event::{
    EventHashError, EventVerification, RequiredSigners, SignEventError, VerifyEventError, event_id,
    reference_hash, reference_hash_base64, required_signers, room_id_of_create_event, sign_event,
    verify_event, verify_events, verify_events_hashed,
};
pub use hash::{ContentHashCheck, HashError, MissingHash, check_content_hash, content_hash};
pub use json::{SignError, VerifyError, sign_json, signing_input, verify_json, verify_json_batch};
pub use keyring::{KeyRing, KeyValidity, VerifyKey};
pub use keys::{BadSignature, KeyError, PublicKey, Signature, SigningKey};
pub use report::{
    CheckOutcome, EntityReport, EntityStatus, KeyCheck, MalformedSignature, Requirement,
    SignatureReport,
};
pub use server_keys::{MAX_KEY_VALIDITY_MS, OldVerifyKey, ServerKeys, ServerKeysError};
pub use xmatrix::{
    RequestSignError, RequestVerifyError, XMatrix, XMatrixParseError, request_json, sign_request,
    verify_request,
};
