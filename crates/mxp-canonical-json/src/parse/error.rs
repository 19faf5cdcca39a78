//! Why the parser rejected an input.

/// The most bytes of a duplicate key kept in [`ParseError::DuplicateKey`].
const MAX_KEY_IN_ERROR: usize = 64;

/// Why an input is not accepted as (canonical) JSON.
///
/// Every variant carries the byte offset in the input where the problem
/// starts, and [`kind`](Self::kind) gives a stable machine-readable name for
/// it (reported as `error.kind` by `mxp batch`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// The input is longer than the caller's limit
    /// ([`ParseOptions::with_max_size`](crate::ParseOptions::with_max_size)).
    #[error("input is {size} bytes, more than the limit of {limit} bytes")]
    TooLarge {
        /// The input length.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The input is not valid UTF-8.
    #[error("invalid UTF-8 at byte {offset}")]
    InvalidUtf8 {
        /// Offset of the first byte that is not part of valid UTF-8.
        offset: usize,
    },
    /// The input ended inside a value.
    #[error("unexpected end of input at byte {offset}, expected {expected}")]
    UnexpectedEnd {
        /// The input length.
        offset: usize,
        /// What the parser was looking for.
        expected: &'static str,
    },
    /// A character that cannot appear here in JSON.
    #[error("unexpected {found:?} at byte {offset}, expected {expected}")]
    UnexpectedCharacter {
        /// Offset of the character.
        offset: usize,
        /// The character.
        found: char,
        /// What the parser was looking for.
        expected: &'static str,
    },
    /// A number that is not valid JSON (`01`, `+1`, `1.`, `-`, `.5`, `1e`).
    #[error("invalid number at byte {offset}: {reason}")]
    InvalidNumber {
        /// Offset of the number.
        offset: usize,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// `NaN`, `Infinity` or `-Infinity`: not JSON, rejected in every mode (P1-11).
    #[error("{token} at byte {offset} is not a JSON number")]
    NonFiniteNumber {
        /// Offset of the token.
        offset: usize,
        /// The token.
        token: &'static str,
    },
    /// A number written with a fraction or exponent where only integers are
    /// allowed, or one whose value is not an integer (`CJ-3`).
    #[error(
        "number at byte {offset} is not an integer; canonical JSON allows integers only (CJ-3)"
    )]
    FloatNotAllowed {
        /// Offset of the number.
        offset: usize,
    },
    /// `-0`, which strict canonical JSON forbids (`CJ-3`).
    #[error("-0 at byte {offset}; canonical JSON writes zero as 0 (CJ-3)")]
    NegativeZero {
        /// Offset of the number.
        offset: usize,
    },
    /// An integer outside [−(2^53)+1, 2^53−1] (`CJ-3`).
    #[error("integer at byte {offset} is outside [-(2^53)+1, 2^53-1] (CJ-3)")]
    IntegerOutOfRange {
        /// Offset of the number.
        offset: usize,
    },
    /// A backslash escape JSON does not define, or a `\u` without four hex digits.
    #[error("invalid escape sequence at byte {offset}")]
    InvalidEscape {
        /// Offset of the backslash.
        offset: usize,
    },
    /// A `\uD800`–`\uDFFF` escape that is not part of a surrogate pair; it has
    /// no UTF-8 form (MSC4458, P1-13).
    #[error("unpaired surrogate \\u{code:04x} at byte {offset}")]
    LoneSurrogate {
        /// Offset of the backslash of the escape.
        offset: usize,
        /// The surrogate code unit.
        code: u16,
    },
    /// A raw byte below 0x20 inside a string; JSON requires it escaped.
    #[error("unescaped control character 0x{byte:02x} in a string at byte {offset}")]
    ControlCharacter {
        /// Offset of the byte.
        offset: usize,
        /// The byte.
        byte: u8,
    },
    /// The same key twice in one object. The spec leaves this open; signed data
    /// must not be ambiguous, so it is rejected in every mode (P1-14).
    #[error("duplicate key {key:?} at byte {offset}")]
    DuplicateKey {
        /// Offset of the second occurrence.
        offset: usize,
        /// The key, cut to its first 64 bytes (at a character boundary).
        key: String,
    },
    /// More nested arrays and objects than the limit
    /// ([`ParseOptions::with_max_depth`](crate::ParseOptions::with_max_depth)).
    #[error("nesting deeper than {limit} levels at byte {offset}")]
    TooDeep {
        /// Offset of the opening bracket that went too deep.
        offset: usize,
        /// The limit.
        limit: usize,
    },
    /// Something other than whitespace after the value.
    #[error("trailing data at byte {offset} after the JSON value")]
    TrailingData {
        /// Offset of the first such byte.
        offset: usize,
    },
    /// The input is a JSON value but not an object, where an object is needed.
    #[error("expected a JSON object at byte {offset}")]
    NotAnObject {
        /// Offset of the value.
        offset: usize,
    },
}

impl ParseError {
    /// A stable, machine-readable name for the kind of error, in snake case:
    /// `too_large`, `invalid_utf8`, `invalid_json` (unexpected end or
    /// character), `invalid_number`, `non_finite_number`, `float_not_allowed`,
    /// `negative_zero`, `integer_out_of_range`, `invalid_escape`,
    /// `lone_surrogate`, `control_character`, `duplicate_key`, `too_deep`,
    /// `trailing_data`, `not_an_object`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::TooLarge { .. } => "too_large",
            Self::InvalidUtf8 { .. } => "invalid_utf8",
            Self::UnexpectedEnd { .. } | Self::UnexpectedCharacter { .. } => "invalid_json",
            Self::InvalidNumber { .. } => "invalid_number",
            Self::NonFiniteNumber { .. } => "non_finite_number",
            Self::FloatNotAllowed { .. } => "float_not_allowed",
            Self::NegativeZero { .. } => "negative_zero",
            Self::IntegerOutOfRange { .. } => "integer_out_of_range",
            Self::InvalidEscape { .. } => "invalid_escape",
            Self::LoneSurrogate { .. } => "lone_surrogate",
            Self::ControlCharacter { .. } => "control_character",
            Self::DuplicateKey { .. } => "duplicate_key",
            Self::TooDeep { .. } => "too_deep",
            Self::TrailingData { .. } => "trailing_data",
            Self::NotAnObject { .. } => "not_an_object",
        }
    }

    /// The byte offset in the input where the problem starts (for
    /// [`TooLarge`](Self::TooLarge), the limit).
    pub fn offset(&self) -> usize {
        match self {
            Self::TooLarge { limit, .. } => *limit,
            Self::InvalidUtf8 { offset }
            | Self::UnexpectedEnd { offset, .. }
            | Self::UnexpectedCharacter { offset, .. }
            | Self::InvalidNumber { offset, .. }
            | Self::NonFiniteNumber { offset, .. }
            | Self::FloatNotAllowed { offset }
            | Self::NegativeZero { offset }
            | Self::IntegerOutOfRange { offset }
            | Self::InvalidEscape { offset }
            | Self::LoneSurrogate { offset, .. }
            | Self::ControlCharacter { offset, .. }
            | Self::DuplicateKey { offset, .. }
            | Self::TooDeep { offset, .. }
            | Self::TrailingData { offset }
            | Self::NotAnObject { offset } => *offset,
        }
    }

    pub(crate) fn duplicate_key(offset: usize, key: &str) -> Self {
        let mut end = key.len().min(MAX_KEY_IN_ERROR);
        while !key.is_char_boundary(end) {
            end -= 1;
        }
        Self::DuplicateKey {
            offset,
            key: key.get(..end).unwrap_or_default().to_owned(),
        }
    }
}
