//! Why an object cannot be redacted.

use mxp_canonical_json::CanonicalJsonValue;

/// Why a PDU cannot be redacted.
///
/// The redaction algorithm needs the event's `type` (to pick the content
/// keep-list) and its `content` object; everything else is tolerated (see the
/// crate documentation).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RedactionError {
    /// The object has no top-level `type` key.
    #[error("cannot redact: the event has no top-level `type`")]
    MissingType,
    /// The top-level `type` is not a string.
    #[error("cannot redact: the event's top-level `type` is {found}, not a string")]
    TypeNotString {
        /// The JSON type found instead (`"an object"`, `"null"`, …).
        found: &'static str,
    },
    /// The object has no top-level `content` key.
    #[error("cannot redact: the event has no top-level `content`")]
    MissingContent,
    /// The top-level `content` is not an object.
    #[error("cannot redact: the event's top-level `content` is {found}, not an object")]
    ContentNotObject {
        /// The JSON type found instead (`"an array"`, `"a string"`, …).
        found: &'static str,
    },
}

/// The JSON type of `value`, with an article, for error messages.
pub(crate) fn json_kind(value: &CanonicalJsonValue) -> &'static str {
    match value {
        CanonicalJsonValue::Null => "null",
        CanonicalJsonValue::Bool(_) => "a boolean",
        CanonicalJsonValue::Integer(_) | CanonicalJsonValue::LegacyNumber(_) => "a number",
        CanonicalJsonValue::String(_) => "a string",
        CanonicalJsonValue::Array(_) => "an array",
        CanonicalJsonValue::Object(_) => "an object",
    }
}
