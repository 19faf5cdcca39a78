//! JSON bytes to a canonical JSON object, with the room version's number rules.

use mxp_canonical_json::{CanonicalJsonObject, ParseOptions};

use super::PduError;

/// Parses a PDU with the canonical JSON parser: plain integers only in v6+,
/// non-canonical numbers kept verbatim in v1–v5 (`CJ-6`). Duplicate keys,
/// lone surrogates and nesting deeper than 128 levels are refused.
///
/// The input is not limited to 65,536 bytes here: `PDU-4` bounds the
/// canonical form, which whitespace in the input does not count towards;
/// [`super::check`] measures that. Callers bound the request bodies.
pub(crate) fn parse_object(bytes: &[u8], strict: bool) -> Result<CanonicalJsonObject, PduError> {
    Ok(mxp_canonical_json::parse_object(
        bytes,
        &ParseOptions::pdu(strict),
    )?)
}
