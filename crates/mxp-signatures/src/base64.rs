//! Unpadded base64 (`WF-B64-*`).
//!
//! Matrix carries every binary value (hashes, signatures, keys, hash-form IDs)
//! as base64 without `=` padding. Encoding is exact: no padding, ever.
//! Decoding is lenient where the spec allows it (`WF-B64-3`): input with or
//! without padding is accepted, and non-zero trailing bits in the last
//! character are tolerated ("be lenient on input, exact on output").
//!
//! ```
//! use mxp_signatures::base64;
//!
//! assert_eq!(base64::encode(b"foob"), "Zm9vYg");
//! assert_eq!(base64::decode("Zm9vYg").unwrap(), b"foob");
//! assert_eq!(base64::decode("Zm9vYg==").unwrap(), b"foob");
//! assert_eq!(base64::encode_url_safe([0xfb, 0xff]), "-_8");
//! assert!(base64::decode("Zm9vY").is_err()); // length ≡ 1 (mod 4)
//! ```

use ::base64::Engine as _;
use ::base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

/// The two base64 alphabets Matrix uses (`WF-B64-1`, `WF-B64-2`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Alphabet {
    /// RFC 4648 §4: `A-Z a-z 0-9 + /`. Hashes, signatures, keys, v3 event IDs.
    Standard,
    /// RFC 4648 §5: `A-Z a-z 0-9 - _`. v4+ event IDs and v12 room IDs.
    UrlSafe,
}

/// Why a string is not valid base64.
///
/// Positions are byte offsets into the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Base64Error {
    /// A character outside the alphabet.
    #[error("invalid base64 character {character:?} at byte {position}")]
    InvalidCharacter {
        /// The offending character.
        character: char,
        /// Its byte offset.
        position: usize,
    },
    /// `=` padding somewhere other than at the very end, or too much of it.
    #[error("misplaced base64 padding at byte {position}")]
    InvalidPadding {
        /// Byte offset of the first misplaced `=`, or of the end of the input.
        position: usize,
    },
    /// The number of base64 characters (padding excluded) is ≡ 1 (mod 4),
    /// which no byte string encodes to.
    #[error("{length} base64 characters cannot encode whole bytes")]
    InvalidLength {
        /// The number of characters, padding excluded.
        length: usize,
    },
    /// The input decoded fine but to the wrong number of bytes for its use
    /// (a 32-byte key, a 64-byte signature…).
    #[error("expected {expected} bytes, decoded {found}")]
    WrongLength {
        /// The number of bytes required.
        expected: usize,
        /// The number of bytes decoded.
        found: usize,
    },
}

const ENCODE_CONFIG: GeneralPurposeConfig = GeneralPurposeConfig::new().with_encode_padding(false);
const DECODE_CONFIG: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_encode_padding(false)
    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
    .with_decode_allow_trailing_bits(true);

const STANDARD_ENCODE: GeneralPurpose =
    GeneralPurpose::new(&::base64::alphabet::STANDARD, ENCODE_CONFIG);
const URL_SAFE_ENCODE: GeneralPurpose =
    GeneralPurpose::new(&::base64::alphabet::URL_SAFE, ENCODE_CONFIG);
const STANDARD_DECODE: GeneralPurpose =
    GeneralPurpose::new(&::base64::alphabet::STANDARD, DECODE_CONFIG);
const URL_SAFE_DECODE: GeneralPurpose =
    GeneralPurpose::new(&::base64::alphabet::URL_SAFE, DECODE_CONFIG);

impl Alphabet {
    fn encoder(self) -> &'static GeneralPurpose {
        match self {
            Self::Standard => &STANDARD_ENCODE,
            Self::UrlSafe => &URL_SAFE_ENCODE,
        }
    }

    fn decoder(self) -> &'static GeneralPurpose {
        match self {
            Self::Standard => &STANDARD_DECODE,
            Self::UrlSafe => &URL_SAFE_DECODE,
        }
    }
}

/// Encodes bytes as unpadded standard base64 (`WF-B64-1`).
pub fn encode(bytes: impl AsRef<[u8]>) -> String {
    STANDARD_ENCODE.encode(bytes)
}

/// Encodes bytes as unpadded URL-safe base64 (`WF-B64-2`).
pub fn encode_url_safe(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_ENCODE.encode(bytes)
}

/// Encodes bytes as unpadded base64 in the given alphabet.
pub fn encode_with(bytes: impl AsRef<[u8]>, alphabet: Alphabet) -> String {
    alphabet.encoder().encode(bytes)
}

/// Appends the unpadded base64 encoding of `bytes` to `out`.
pub fn encode_into(bytes: impl AsRef<[u8]>, alphabet: Alphabet, out: &mut String) {
    alphabet.encoder().encode_string(bytes, out);
}

/// Decodes standard base64, with or without padding (`WF-B64-3`).
pub fn decode(s: &str) -> Result<Vec<u8>, Base64Error> {
    decode_with(s, Alphabet::Standard)
}

/// Decodes URL-safe base64, with or without padding (`WF-B64-3`).
pub fn decode_url_safe(s: &str) -> Result<Vec<u8>, Base64Error> {
    decode_with(s, Alphabet::UrlSafe)
}

/// Decodes base64 in either alphabet, for the values the spec lets use
/// either (`m.room.third_party_invite` public keys, `WF-B64-4`).
///
/// The alphabet is URL-safe if the input contains `-` or `_`, standard
/// otherwise; mixing `+`/`/` with `-`/`_` is an error.
pub fn decode_any(s: &str) -> Result<Vec<u8>, Base64Error> {
    let alphabet = if s.contains(['-', '_']) {
        Alphabet::UrlSafe
    } else {
        Alphabet::Standard
    };
    decode_with(s, alphabet)
}

/// Decodes base64 in the given alphabet, with or without padding.
pub fn decode_with(s: &str, alphabet: Alphabet) -> Result<Vec<u8>, Base64Error> {
    alphabet
        .decoder()
        .decode(s)
        .map_err(|e| map_error(s, alphabet, e))
}

/// Decodes base64 that must hold exactly `N` bytes (a key, a hash, a
/// signature).
pub fn decode_array<const N: usize>(s: &str, alphabet: Alphabet) -> Result<[u8; N], Base64Error> {
    let bytes = decode_with(s, alphabet)?;
    let found = bytes.len();
    bytes
        .try_into()
        .map_err(|_| Base64Error::WrongLength { expected: N, found })
}

/// Turns the `base64` crate's error into ours, locating the fault precisely.
fn map_error(s: &str, alphabet: Alphabet, e: ::base64::DecodeError) -> Base64Error {
    use ::base64::DecodeError as E;
    // Re-scan: the crate's offsets are exact, but classifying `=` and finding
    // the character (not just the byte) is simpler from the input itself.
    let valid = |c: char| {
        c.is_ascii_alphanumeric()
            || match alphabet {
                Alphabet::Standard => matches!(c, '+' | '/'),
                Alphabet::UrlSafe => matches!(c, '-' | '_'),
            }
    };
    let body_end = s.trim_end_matches('=').len();
    if let Some((position, character)) = s.char_indices().find(|&(_, c)| !valid(c) && c != '=') {
        return Base64Error::InvalidCharacter {
            character,
            position,
        };
    }
    if let Some(position) = s.get(..body_end).and_then(|body| body.find('=')) {
        return Base64Error::InvalidPadding { position };
    }
    let padding = s.len() - body_end;
    if body_end % 4 == 1 {
        return Base64Error::InvalidLength { length: body_end };
    }
    if padding > 0 && !(body_end + padding).is_multiple_of(4) {
        return Base64Error::InvalidPadding { position: body_end };
    }
    // Everything the re-scan can see is fine; report what the crate said.
    match e {
        E::InvalidByte(position, byte) => Base64Error::InvalidCharacter {
            character: char::from(byte),
            position,
        },
        E::InvalidLength(length) => Base64Error::InvalidLength { length },
        E::InvalidLastSymbol(position, byte) => Base64Error::InvalidCharacter {
            character: char::from(byte),
            position,
        },
        E::InvalidPadding => Base64Error::InvalidPadding { position: body_end },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `WF-B64-1`: the spec's examples, exactly.
    #[test]
    fn wf_b64_1_spec_examples() {
        let cases = [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(encode(plain), encoded);
            assert_eq!(decode(encoded).unwrap(), plain.as_bytes());
        }
    }

    /// `WF-B64-2`: `-` and `_` replace `+` and `/`.
    #[test]
    fn wf_b64_2_url_safe_alphabet() {
        let bytes = [0xfb, 0xef, 0xff];
        assert_eq!(encode(bytes), "++//");
        assert_eq!(encode_url_safe(bytes), "--__");
        assert_eq!(decode_url_safe("--__").unwrap(), bytes);
        assert!(matches!(
            decode_url_safe("++//"),
            Err(Base64Error::InvalidCharacter {
                character: '+',
                position: 0
            })
        ));
        assert!(matches!(
            decode("--__"),
            Err(Base64Error::InvalidCharacter {
                character: '-',
                position: 0
            })
        ));
    }

    /// `WF-B64-3`: padded and unpadded input both decode.
    #[test]
    fn wf_b64_3_padding_accepted_on_input() {
        assert_eq!(decode("Zg==").unwrap(), b"f");
        assert_eq!(decode("Zg=").unwrap(), b"f");
        assert_eq!(decode("Zm8=").unwrap(), b"fo");
        assert_eq!(decode_url_safe("Zm8=").unwrap(), b"fo");
    }

    #[test]
    fn wf_b64_3_bad_padding_rejected() {
        assert_eq!(
            decode("Zg===").unwrap_err(),
            Base64Error::InvalidPadding { position: 2 }
        );
        assert_eq!(
            decode("Z=g").unwrap_err(),
            Base64Error::InvalidPadding { position: 1 }
        );
        assert_eq!(
            decode("Zm9v=").unwrap_err(),
            Base64Error::InvalidPadding { position: 4 }
        );
    }

    /// Note under `WF-B64`: a length ≡ 1 (mod 4) is always invalid.
    #[test]
    fn wf_b64_length_1_mod_4_rejected() {
        assert_eq!(
            decode("Zm9vY").unwrap_err(),
            Base64Error::InvalidLength { length: 5 }
        );
        assert_eq!(
            decode("A").unwrap_err(),
            Base64Error::InvalidLength { length: 1 }
        );
    }

    /// "Be lenient on input": non-zero trailing bits are tolerated.
    #[test]
    fn wf_b64_trailing_bits_tolerated() {
        assert_eq!(decode("Zh").unwrap(), b"f");
        assert_eq!(decode("Zg").unwrap(), b"f");
    }

    #[test]
    fn invalid_characters_located() {
        assert_eq!(
            decode("Zm9v é").unwrap_err(),
            Base64Error::InvalidCharacter {
                character: ' ',
                position: 4
            }
        );
        assert_eq!(
            decode("Zm9vé").unwrap_err(),
            Base64Error::InvalidCharacter {
                character: 'é',
                position: 4
            }
        );
    }

    #[test]
    fn decode_any_picks_the_alphabet() {
        assert_eq!(decode_any("--__").unwrap(), [0xfb, 0xef, 0xff]);
        assert_eq!(decode_any("++//").unwrap(), [0xfb, 0xef, 0xff]);
        assert!(decode_any("+-").is_err());
    }

    #[test]
    fn decode_array_checks_length() {
        assert_eq!(
            decode_array::<3>("Zm9v", Alphabet::Standard).unwrap(),
            *b"foo"
        );
        assert_eq!(
            decode_array::<4>("Zm9v", Alphabet::Standard).unwrap_err(),
            Base64Error::WrongLength {
                expected: 4,
                found: 3
            }
        );
    }

    /// Sizes listed under `WF-B64`: 32 bytes → 43 characters, 64 → 86.
    #[test]
    fn wf_b64_sizes() {
        assert_eq!(encode([0u8; 32]).len(), 43);
        assert_eq!(encode([0u8; 64]).len(), 86);
    }

    proptest::proptest! {
        #[test]
        fn round_trip(bytes: Vec<u8>) {
            for alphabet in [Alphabet::Standard, Alphabet::UrlSafe] {
                let encoded = encode_with(&bytes, alphabet);
                proptest::prop_assert!(!encoded.contains('='));
                proptest::prop_assert_eq!(decode_with(&encoded, alphabet).unwrap(), bytes.clone());
            }
        }

        #[test]
        fn never_panics(s: String) {
            let _ = decode(&s);
            let _ = decode_url_safe(&s);
            let _ = decode_any(&s);
        }
    }
}
