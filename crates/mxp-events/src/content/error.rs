//! Errors of the content views.

use mxp_ids::IdError;

/// A field of an event's content that the caller asked for is malformed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ContentError {
    /// The field has the wrong JSON type.
    #[error("`{field}` is not {expected}")]
    WrongType {
        /// The field's key.
        field: &'static str,
        /// What it should be, e.g. "a string".
        expected: &'static str,
    },
    /// The field (or a key or element of it) is not a valid identifier.
    #[error("`{field}` holds an invalid identifier {value:?}: {source}")]
    InvalidId {
        /// The field's key.
        field: &'static str,
        /// The offending value, truncated to 64 bytes.
        value: String,
        /// Why it is invalid.
        source: IdError,
    },
    /// A power level value cannot be read.
    #[error("`{field}` holds an invalid power level: {source}")]
    InvalidPowerLevel {
        /// The field's key (for map entries, the map's key, e.g. `users`).
        field: &'static str,
        /// Why it is invalid.
        source: PowerLevelError,
    },
}

impl ContentError {
    pub(crate) fn invalid_id(field: &'static str, value: &str, source: IdError) -> Self {
        let mut end = value.len().min(64);
        while !value.is_char_boundary(end) {
            end -= 1;
        }
        Self::InvalidId {
            field,
            value: value.get(..end).unwrap_or_default().to_owned(),
            source,
        }
    }
}

/// Why a power level value cannot be read in a room version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PowerLevelError {
    /// A JSON type the room version does not accept here (e.g. a string in v10+,
    /// a boolean or `null` anywhere).
    #[error("a {found} is not a power level in this room version")]
    WrongType {
        /// The JSON type found.
        found: &'static str,
    },
    /// A string that is not a base-10 integer with optional whitespace and sign.
    #[error("the string {0:?} is not an integer")]
    InvalidString(String),
    /// A number that is not finite or does not fit a 64-bit signed integer.
    #[error("the number {0} is out of range")]
    OutOfRange(String),
}
