//! Signature checks the rules make: the identity server's signature on a third
//! party invite (`member.invite.3pid.signature`, always verified here) and the
//! authorising server's signature on a restricted join
//! (`member.authoriser_signature.check`, delegated to a [`SignatureVerifier`]).

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_ids::ServerName;
use mxp_room_versions::RoomVersionRules;
use mxp_signatures::{PublicKey, Signature, signing_input};

/// Decides whether an event carries a valid signature of a server, for the
/// rule `member.authoriser_signature.check` (v8+).
///
/// Signatures are normally verified on receipt, before the auth rules run
/// (checks on receipt, step 2, which in v8+ include the authorising server's);
/// [`SignaturesVerifiedOnReceipt`] relies on that. A caller holding the
/// server's keys can verify here instead.
pub trait SignatureVerifier {
    /// Whether `event` (the whole PDU) is validly signed by `server`.
    fn is_signed_by(
        &self,
        rules: &RoomVersionRules,
        event: &CanonicalJsonObject,
        server: &ServerName,
    ) -> bool;
}

impl<T: SignatureVerifier + ?Sized> SignatureVerifier for &T {
    fn is_signed_by(
        &self,
        rules: &RoomVersionRules,
        event: &CanonicalJsonObject,
        server: &ServerName,
    ) -> bool {
        (**self).is_signed_by(rules, event, server)
    }
}

/// The default [`SignatureVerifier`]: signatures were verified on receipt, so
/// an event is signed by a server when `signatures` has a non-empty entry for
/// it. (An event whose signatures were never verified must not be given to the
/// auth rules with this verifier.)
#[derive(Debug, Clone, Copy, Default)]
pub struct SignaturesVerifiedOnReceipt;

impl SignatureVerifier for SignaturesVerifiedOnReceipt {
    fn is_signed_by(
        &self,
        _: &RoomVersionRules,
        event: &CanonicalJsonObject,
        server: &ServerName,
    ) -> bool {
        event
            .get("signatures")
            .and_then(CanonicalJsonValue::as_object)
            .and_then(|s| s.get(server.as_str()))
            .and_then(CanonicalJsonValue::as_object)
            .is_some_and(|keys| !keys.is_empty())
    }
}

/// Whether any `ed25519` signature in `signed.signatures` (any signing entity,
/// any key ID of algorithm `ed25519`) verifies with `key` (unpadded base64,
/// either alphabet), strictly, through mxp-signatures. `key_validity_url` is
/// not consulted.
pub(crate) fn third_party_signed_by(
    signed: &CanonicalJsonObject,
    message: &[u8],
    key: &str,
) -> bool {
    let Ok(key) = PublicKey::from_base64_any(key) else {
        return false;
    };
    let Some(signatures) = signed
        .get("signatures")
        .and_then(CanonicalJsonValue::as_object)
    else {
        return false;
    };
    signatures
        .values()
        .filter_map(CanonicalJsonValue::as_object)
        .flat_map(|by_key| by_key.iter())
        .filter(|(key_id, _)| {
            key_id
                .split_once(':')
                .is_some_and(|(alg, _)| alg == "ed25519")
        })
        .filter_map(|(_, sig)| Signature::from_base64(sig.as_str()?).ok())
        .any(|sig| key.verify(message, &sig).is_ok())
}

/// The bytes an identity server signs: `signed` without `signatures` and
/// `unsigned`, as canonical JSON; computed once for several keys.
pub(crate) fn third_party_message(signed: &CanonicalJsonObject) -> Option<Vec<u8>> {
    signing_input(signed).ok()
}
