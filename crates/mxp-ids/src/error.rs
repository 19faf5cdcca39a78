//! The one error type of identifier parsing.

use thiserror::Error;

/// Why a string is not a valid identifier of the requested kind.
///
/// Positions are byte offsets into the whole input (for a user ID, the
/// position of a bad character in its server name counts from the `@`).
/// The type is `Copy` and holds no heap data, so the validators can be
/// `const fn` (see the literal macros such as [`user_id!`](crate::user_id)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Error)]
#[non_exhaustive]
pub enum IdError {
    /// The input is empty.
    #[error("identifier is empty")]
    Empty,
    /// The input does not start with the sigil of its kind (`WF-ID-1`).
    #[error("identifier must start with `{expected}`")]
    MissingSigil {
        /// The sigil the kind requires.
        expected: char,
    },
    /// There is no `:` separating the localpart from the server name (`WF-ID-2`).
    #[error("identifier has no `:` separating the localpart from the server name")]
    MissingColon,
    /// The localpart is empty where the grammar requires at least one
    /// character (strict user IDs, `WF-UID-1`).
    #[error("localpart is empty")]
    EmptyLocalpart,
    /// A character that the grammar does not allow at this place.
    #[error("invalid character {character:?} at byte {position}")]
    InvalidCharacter {
        /// The offending character.
        character: char,
        /// Its byte offset in the input.
        position: usize,
    },
    /// The identifier (or the part the limit applies to) is longer than its
    /// limit: bytes for IDs and DNS names, code points for room versions.
    #[error("identifier is {length} long, more than the limit of {max}")]
    TooLong {
        /// The length found.
        length: usize,
        /// The limit.
        max: usize,
    },
    /// The server name has no valid structure (empty, empty host, unclosed
    /// `[`, text after `]`), `WF-SN-1`.
    #[error("invalid server name: {0}")]
    InvalidServerName(&'static str),
    /// The port after `:` is empty or longer than 5 digits (`WF-SN-5`).
    #[error("invalid port: must be 1 to 5 decimal digits")]
    InvalidPort,
    /// The port is 0 or above 65535 (`WF-SN-5`; mxp rejects such ports).
    #[error("port {port} is out of range 1..=65535")]
    PortOutOfRange {
        /// The port's value.
        port: u32,
    },
    /// A bracketed IPv6 literal that is not a valid RFC 3513 address (`WF-SN-3`).
    #[error("invalid IPv6 address literal")]
    InvalidIpLiteral,
    /// A hash-form ID (`$`/`!` + 43 base64 characters) that is malformed.
    #[error("invalid hash-form identifier: {0}")]
    InvalidHash(&'static str),
    /// An identifier without `:server_name` that is not 43 characters long,
    /// so neither form fits (`WF-RID-2`, `WF-EID-2`, `WF-EID-3`).
    #[error(
        "identifier has no `:server_name`, so it must be 43 base64 characters after the sigil, but has {length} bytes"
    )]
    InvalidHashLength {
        /// The length in bytes after the sigil.
        length: usize,
    },
    /// An identifier whose form is not the one required, e.g. a hash-form
    /// event ID in a room version 1 room.
    #[error("expected the {expected} form, found the {found} form")]
    WrongFormat {
        /// The form required.
        expected: &'static str,
        /// The form found.
        found: &'static str,
    },
    /// A key ID without the `algorithm:version` shape (`WF-KEY-1`).
    #[error("key ID must be `algorithm:version`")]
    InvalidKeyId,
    /// A key ID whose algorithm (before the first `:`) is empty (`WF-KEY-5`).
    #[error("key ID has an empty algorithm")]
    EmptyKeyAlgorithm,
    /// A key ID whose version (after the first `:`) is empty (`WF-KEY-1`).
    #[error("key ID has an empty version")]
    EmptyKeyVersion,
    /// A URI (mxc:, matrix:, matrix.to) that does not follow its grammar.
    #[error("invalid URI: {0}")]
    InvalidUri(&'static str),
    /// A percent-encoded part of a URI that does not decode to UTF-8.
    #[error("percent-encoded text in URI is not UTF-8")]
    InvalidPercentEncoding,
    /// An identifier or server name inside a URI is invalid.
    #[error("invalid {part} in URI: {reason}")]
    InvalidUriComponent {
        /// Which part of the URI (`user ID`, `event ID`, `via`, …).
        part: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
}

impl IdError {
    /// A short description of the error without its data (no position or
    /// character), as used for identifiers nested in URIs.
    ///
    /// ```
    /// use mxp_ids::UserId;
    /// let err = UserId::parse_strict("@Alice:example.org").unwrap_err();
    /// assert_eq!(err.summary(), "invalid character");
    /// ```
    pub const fn summary(&self) -> &'static str {
        match self {
            IdError::Empty => "empty",
            IdError::MissingSigil { .. } => "missing sigil",
            IdError::MissingColon => "no `:` before the server name",
            IdError::EmptyLocalpart => "empty localpart",
            IdError::InvalidCharacter { .. } => "invalid character",
            IdError::TooLong { .. } => "too long",
            IdError::InvalidServerName(reason) => reason,
            IdError::InvalidPort => "invalid port",
            IdError::PortOutOfRange { .. } => "port out of range",
            IdError::InvalidIpLiteral => "invalid IPv6 literal",
            IdError::InvalidHash(reason) => reason,
            IdError::InvalidHashLength { .. } => "neither `:server_name` nor a 43-character hash",
            IdError::WrongFormat { .. } => "wrong form",
            IdError::InvalidKeyId => "not `algorithm:version`",
            IdError::EmptyKeyAlgorithm => "empty key algorithm",
            IdError::EmptyKeyVersion => "empty key version",
            IdError::InvalidUri(reason) => reason,
            IdError::InvalidPercentEncoding => "percent-encoding is not UTF-8",
            IdError::InvalidUriComponent { reason, .. } => reason,
        }
    }
}
