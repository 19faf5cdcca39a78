//! Parser options: which numbers are accepted, and the resource limits.

/// How the parser treats numbers, the one place where the three modes differ.
///
/// Every mode rejects `NaN`, `Infinity` and `-Infinity` (not JSON; P1-11),
/// duplicate keys, lone surrogates and everything else that is not valid JSON.
///
/// | input            | `Strict`               | `Canonicalize`          | `Lenient`                     |
/// |------------------|------------------------|-------------------------|-------------------------------|
/// | `42`, `-7`       | integer                | integer                 | integer                       |
/// | `-0`             | `negative_zero`        | `0`                     | `0`                           |
/// | `1e10`, `1.0`    | `float_not_allowed`    | `10000000000`, `1`      | `LegacyNumber` (verbatim)     |
/// | `1.5`, `1e-1`    | `float_not_allowed`    | `float_not_allowed`     | `LegacyNumber` (verbatim)     |
/// | `9007199254740992` | `integer_out_of_range` | `integer_out_of_range` | `LegacyNumber` (verbatim)   |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum NumberMode {
    /// Only numbers written as plain integers (`-?(0|[1-9][0-9]*)`) in
    /// ±(2^53 − 1), and not `-0` (`CJ-3`). For PDUs of room versions 6 and
    /// later (`CJ-6`).
    ///
    /// This follows the major implementations rather than the spec's own
    /// example: Synapse parses `1e10` as a float and rejects it in v6+ rooms,
    /// ruma and gomatrixserverlib reject every fraction, exponent and `-0`
    /// (P1-12; matrix-spec#2424 is the open spec issue).
    #[default]
    Strict,
    /// Every number whose exact value is an integer in ±(2^53 − 1) is accepted
    /// and canonicalized, whatever its textual form: `-0` → `0`,
    /// `1e10` → `10000000000`, `1.0` → `1`, `2.50e1` → `25`. Numbers with a
    /// non-zero fraction (`1.5`) are rejected. This is what the spec's own test
    /// values do (`{"a": -0, "b": 1e10}` → `{"a":0,"b":10000000000}`), and it
    /// is the generic canonicalizer behind the `canonical_json` batch op.
    ///
    /// The value is computed exactly from the decimal digits, never through a
    /// float, so `9007199254740993.0` is out of range rather than rounded.
    Canonicalize,
    /// For events of room versions 1–5, which servers must not strictly check
    /// (`CJ-6`): numbers that canonical JSON cannot express (fractions,
    /// exponents, integers outside ±(2^53 − 1)) are kept verbatim as
    /// [`CanonicalJsonValue::LegacyNumber`](crate::CanonicalJsonValue::LegacyNumber)
    /// so that hashes and signatures can be re-checked with the lenient
    /// encoder. `-0` becomes `0`, as Python (and so Synapse) reads it.
    Lenient,
}

/// The default nesting limit: at most 128 arrays and objects open at once
/// (P1-17). It is the limit ruma keeps; `serde_json`'s recursion limit of 128
/// admits one level less (127).
pub const DEFAULT_MAX_DEPTH: usize = 128;

/// The highest nesting limit the parser accepts; larger requests are lowered
/// to it. Values are dropped, cloned and compared recursively, so the parser
/// never builds one deeper than this.
pub const MAX_DEPTH_CEILING: usize = 1024;

/// Options for [`parse_value`](crate::parse_value) and friends.
///
/// Start from a preset and adjust limits with the builder methods:
///
/// ```
/// use mxp_canonical_json::{NumberMode, ParseOptions};
///
/// let options = ParseOptions::strict().with_max_size(65_536).with_max_depth(64);
/// assert_eq!(options.number_mode(), NumberMode::Strict);
/// assert_eq!(options.max_size(), Some(65_536));
/// assert_eq!(ParseOptions::pdu(false), ParseOptions::lenient());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ParseOptions {
    number_mode: NumberMode,
    max_depth: usize,
    max_size: Option<usize>,
}

impl Default for ParseOptions {
    fn default() -> Self {
        Self::strict()
    }
}

impl ParseOptions {
    /// Plain integers only, as for room version 6+ PDUs ([`NumberMode::Strict`]).
    /// Depth limit [`DEFAULT_MAX_DEPTH`], no size limit.
    pub const fn strict() -> Self {
        Self {
            number_mode: NumberMode::Strict,
            max_depth: DEFAULT_MAX_DEPTH,
            max_size: None,
        }
    }

    /// Integral values in any textual form, canonicalized
    /// ([`NumberMode::Canonicalize`]); the spec's generic canonical JSON.
    pub const fn canonicalizing() -> Self {
        Self::strict().with_number_mode(NumberMode::Canonicalize)
    }

    /// Room version 1–5 events: non-canonical numbers kept verbatim
    /// ([`NumberMode::Lenient`]).
    pub const fn lenient() -> Self {
        Self::strict().with_number_mode(NumberMode::Lenient)
    }

    /// The options for a PDU of a room version, given its
    /// `strict_canonical_json` rule (`CJ-6`): [`strict`](Self::strict) when
    /// set, [`lenient`](Self::lenient) otherwise.
    pub const fn pdu(strict_canonical_json: bool) -> Self {
        if strict_canonical_json {
            Self::strict()
        } else {
            Self::lenient()
        }
    }

    /// Sets how numbers are treated.
    #[must_use]
    pub const fn with_number_mode(mut self, mode: NumberMode) -> Self {
        self.number_mode = mode;
        self
    }

    /// Sets the nesting limit: the most arrays and objects that may be open at
    /// once (`[[1]]` has depth 2, a scalar depth 0). Values above
    /// [`MAX_DEPTH_CEILING`] are lowered to it.
    #[must_use]
    pub const fn with_max_depth(mut self, max_depth: usize) -> Self {
        self.max_depth = if max_depth > MAX_DEPTH_CEILING {
            MAX_DEPTH_CEILING
        } else {
            max_depth
        };
        self
    }

    /// Rejects inputs longer than `max_size` bytes before looking at them.
    #[must_use]
    pub const fn with_max_size(mut self, max_size: usize) -> Self {
        self.max_size = Some(max_size);
        self
    }

    /// Removes the input size limit.
    #[must_use]
    pub const fn without_max_size(mut self) -> Self {
        self.max_size = None;
        self
    }

    /// How numbers are treated.
    pub const fn number_mode(&self) -> NumberMode {
        self.number_mode
    }

    /// The nesting limit.
    pub const fn max_depth(&self) -> usize {
        self.max_depth
    }

    /// The input size limit in bytes, if any.
    pub const fn max_size(&self) -> Option<usize> {
        self.max_size
    }
}
