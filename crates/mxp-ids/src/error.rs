//! The one error type of identifier parsing.

use thiserror::Error;

/// Why a string is not a valid identifier of the requested kind.
///
/// Positions are byte offsets into the input.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum IdError {
    /// The input is empty.
    #[error("identifier is empty")]
    Empty,
    /// The input does not start with the sigil of its kind.
    #[error("identifier must start with `{expected}`")]
    MissingSigil {
        /// The sigil the kind requires.
        expected: char,
    },
    /// There is no `:` separating the localpart from the server name.
    #[error("identifier has no `:` separating the localpart from the server name")]
    MissingColon,
    /// The localpart is empty where the grammar requires at least one character.
    #[error("localpart is empty")]
    EmptyLocalpart,
    /// A character that the grammar does not allow.
    #[error("invalid character {character:?} at byte {position}")]
    InvalidCharacter {
        /// The offending character.
        character: char,
        /// Its byte offset in the input.
        position: usize,
    },
    /// The identifier is longer than its limit (in bytes, or code points for room versions).
    #[error("identifier is {length} long, more than the limit of {max}")]
    TooLong {
        /// The length found.
        length: usize,
        /// The limit.
        max: usize,
    },
    /// The server name part is invalid.
    #[error("invalid server name: {0}")]
    InvalidServerName(&'static str),
    /// The port is not 1–5 digits in 1..=65535.
    #[error("invalid port")]
    InvalidPort,
    /// An IPv4 or IPv6 literal that is not a valid address.
    #[error("invalid IP address literal")]
    InvalidIpLiteral,
    /// A hash-form ID (`$`/`!` + 43 base64 characters) that is malformed.
    #[error("invalid hash-form identifier: {0}")]
    InvalidHash(&'static str),
    /// A key ID without the `algorithm:version` shape.
    #[error("key ID must be `algorithm:version`")]
    InvalidKeyId,
    /// A URI (mxc:, matrix:, matrix.to) that does not follow its grammar.
    #[error("invalid URI: {0}")]
    InvalidUri(&'static str),
}
