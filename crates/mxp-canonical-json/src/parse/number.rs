//! JSON numbers: lexing per RFC 8259, then the [`NumberMode`] policy (`CJ-3`).

use super::error::ParseError;
use crate::options::NumberMode;
use crate::value::{CanonicalJsonValue, MAX_SAFE_INTEGER};

/// The most decimal digits an integer in ±(2^53 − 1) has.
const MAX_DIGITS: usize = 16;

/// Offsets of the parts of one JSON number token.
struct Lexeme {
    negative: bool,
    /// Integer digits, `int_start..int_end` (no sign).
    int_start: usize,
    int_end: usize,
    /// Fraction digits after the `.`, if any.
    frac: Option<(usize, usize)>,
    /// Exponent: negative sign and digit offsets, if any.
    exp: Option<(bool, usize, usize)>,
    end: usize,
}

fn digits_end(bytes: &[u8], mut pos: usize) -> usize {
    while bytes.get(pos).is_some_and(u8::is_ascii_digit) {
        pos += 1;
    }
    pos
}

/// Lexes the number starting at `start` (a `-` or a digit).
fn lex(bytes: &[u8], start: usize) -> Result<Lexeme, ParseError> {
    let invalid = |reason| ParseError::InvalidNumber {
        offset: start,
        reason,
    };
    let negative = bytes.get(start) == Some(&b'-');
    let int_start = start + usize::from(negative);
    let int_end = match bytes.get(int_start) {
        Some(b'0') => {
            if bytes.get(int_start + 1).is_some_and(u8::is_ascii_digit) {
                return Err(invalid("leading zeros are not allowed"));
            }
            int_start + 1
        }
        Some(b'1'..=b'9') => digits_end(bytes, int_start + 1),
        Some(b'I') if negative && bytes.get(int_start..int_start + 8) == Some(b"Infinity") => {
            return Err(ParseError::NonFiniteNumber {
                offset: start,
                token: "-Infinity",
            });
        }
        _ => return Err(invalid("a digit must follow '-'")),
    };
    let mut end = int_end;
    let frac = if bytes.get(end) == Some(&b'.') {
        let frac_end = digits_end(bytes, end + 1);
        if frac_end == end + 1 {
            return Err(invalid("a digit must follow '.'"));
        }
        let frac = (end + 1, frac_end);
        end = frac_end;
        Some(frac)
    } else {
        None
    };
    let exp = if let Some(b'e' | b'E') = bytes.get(end) {
        let mut digits_start = end + 1;
        let exp_negative = match bytes.get(digits_start) {
            Some(b'-') => true,
            Some(b'+') => false,
            _ => {
                digits_start -= 1;
                false
            }
        };
        digits_start += 1;
        let exp_end = digits_end(bytes, digits_start);
        if exp_end == digits_start {
            return Err(invalid("a digit must follow the exponent marker"));
        }
        end = exp_end;
        Some((exp_negative, digits_start, exp_end))
    } else {
        None
    };
    Ok(Lexeme {
        negative,
        int_start,
        int_end,
        frac,
        exp,
        end,
    })
}

/// The value of ASCII digits; the caller ensures at most [`MAX_DIGITS`] of them
/// (so no overflow).
fn digits_value<'a>(digits: impl Iterator<Item = &'a u8>) -> i64 {
    digits.fold(0i64, |acc, d| acc * 10 + i64::from(d - b'0'))
}

/// The common case in one pass: a non-negative integer of 1–15 digits with
/// no leading zero, fraction or exponent (always in range, valid in every
/// mode). Anything else is `None`, for [`lex`] to read or reject.
#[inline]
fn plain_non_negative(bytes: &[u8], start: usize) -> Option<(CanonicalJsonValue, usize)> {
    let mut value: i64 = 0;
    let mut pos = start;
    while let Some(&d) = bytes.get(pos)
        && d.is_ascii_digit()
    {
        value = value * 10 + i64::from(d - b'0');
        pos += 1;
        if pos - start > 15 {
            return None;
        }
    }
    let digits = pos - start;
    let leading_zero = digits > 1 && bytes.get(start) == Some(&b'0');
    let continues = matches!(bytes.get(pos), Some(b'.' | b'e' | b'E'));
    (digits > 0 && !leading_zero && !continues).then_some((CanonicalJsonValue::Integer(value), pos))
}

/// Parses the number at `start` per `mode`; returns the value and the offset
/// just past the number.
pub(super) fn parse_number(
    text: &str,
    start: usize,
    mode: NumberMode,
) -> Result<(CanonicalJsonValue, usize), ParseError> {
    let bytes = text.as_bytes();
    if let Some(plain) = plain_non_negative(bytes, start) {
        return Ok(plain);
    }
    let lexeme = lex(bytes, start)?;
    let int_digits = bytes
        .get(lexeme.int_start..lexeme.int_end)
        .unwrap_or_default();
    let plain = lexeme.frac.is_none() && lexeme.exp.is_none();
    let legacy = || {
        let source = text.get(start..lexeme.end).unwrap_or_default();
        CanonicalJsonValue::LegacyNumber(source.to_owned())
    };
    let value = if plain {
        if int_digits == b"0" && lexeme.negative {
            // CJ-3: `-0` must not appear. Python reads it as the integer 0.
            match mode {
                NumberMode::Strict => return Err(ParseError::NegativeZero { offset: start }),
                _ => CanonicalJsonValue::Integer(0),
            }
        } else {
            let magnitude = if int_digits.len() <= MAX_DIGITS {
                digits_value(int_digits.iter())
            } else {
                i64::MAX
            };
            if magnitude <= MAX_SAFE_INTEGER {
                CanonicalJsonValue::Integer(if lexeme.negative {
                    -magnitude
                } else {
                    magnitude
                })
            } else if mode == NumberMode::Lenient {
                legacy()
            } else {
                return Err(ParseError::IntegerOutOfRange { offset: start });
            }
        }
    } else {
        match mode {
            NumberMode::Strict => return Err(ParseError::FloatNotAllowed { offset: start }),
            NumberMode::Lenient => legacy(),
            NumberMode::Canonicalize => {
                CanonicalJsonValue::Integer(exact_integer(bytes, &lexeme, start)?)
            }
        }
    };
    Ok((value, lexeme.end))
}

/// The exact value of a number with a fraction or exponent, if it is an
/// integer in range. Works on the decimal digits, never through a float.
fn exact_integer(bytes: &[u8], lexeme: &Lexeme, start: usize) -> Result<i64, ParseError> {
    let int_digits = bytes
        .get(lexeme.int_start..lexeme.int_end)
        .unwrap_or_default();
    let frac_digits = lexeme
        .frac
        .and_then(|(s, e)| bytes.get(s..e))
        .unwrap_or_default();
    // An exponent beyond ±10^15 is clamped: it stays far outside any result
    // the digit counts below allow, and cannot overflow the arithmetic.
    const EXP_CLAMP: i64 = 1_000_000_000_000_000;
    let exponent = lexeme.exp.map_or(0i64, |(negative, s, e)| {
        let magnitude = bytes
            .get(s..e)
            .unwrap_or_default()
            .iter()
            .fold(0i64, |acc, d| {
                (acc * 10 + i64::from(d - b'0')).min(EXP_CLAMP)
            });
        if negative { -magnitude } else { magnitude }
    });
    // The number is `digits × 10^(exponent − len(frac_digits))` where `digits`
    // is the integer digits followed by the fraction digits.
    let digits = || int_digits.iter().chain(frac_digits.iter());
    let total = int_digits.len() + frac_digits.len();
    let Some(first) = digits().position(|&d| d != b'0') else {
        // Zero in any form (`0.0`, `-0e5`) is the integer 0.
        return Ok(0);
    };
    let trailing_zeros = digits().rev().position(|&d| d != b'0').unwrap_or(0);
    let significant = total - first - trailing_zeros;
    let frac_len = i64::try_from(frac_digits.len()).unwrap_or(i64::MAX);
    let zeros = i64::try_from(trailing_zeros).unwrap_or(i64::MAX);
    // Power of ten applied to the significant digits (without trailing zeros).
    let scale = exponent.saturating_sub(frac_len).saturating_add(zeros);
    if scale < 0 {
        return Err(ParseError::FloatNotAllowed { offset: start });
    }
    let out_of_range = ParseError::IntegerOutOfRange { offset: start };
    let width = i64::try_from(significant)
        .unwrap_or(i64::MAX)
        .saturating_add(scale);
    if width > MAX_DIGITS as i64 {
        return Err(out_of_range);
    }
    let mut magnitude = digits_value(digits().skip(first).take(significant));
    for _ in 0..scale {
        magnitude *= 10;
    }
    if magnitude > MAX_SAFE_INTEGER {
        return Err(out_of_range);
    }
    Ok(if lexeme.negative {
        -magnitude
    } else {
        magnitude
    })
}

/// Whether `text` is exactly one JSON number (RFC 8259 grammar).
pub(crate) fn is_json_number(text: &str) -> bool {
    matches!(lex(text.as_bytes(), 0), Ok(lexeme) if lexeme.end == text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_one_pass_integer_path_agrees_with_the_lexer() {
        let inputs = [
            "0",
            "7",
            "10",
            "01",
            "00",
            "0.5",
            "1e3",
            "1E3",
            "12.",
            "999999999999999",
            "1000000000000000",
            "9007199254740991",
            "9007199254740992",
            "1754000000000",
            "42,",
            "42}",
            "42]",
            "42 ",
            "-1",
            "-0",
            "5x",
        ];
        for input in inputs {
            let bytes = input.as_bytes();
            let Some((fast, end)) = plain_non_negative(bytes, 0) else {
                continue;
            };
            for mode in [
                NumberMode::Strict,
                NumberMode::Canonicalize,
                NumberMode::Lenient,
            ] {
                let lexeme = lex(bytes, 0).unwrap();
                assert_eq!(lexeme.end, end, "{input}");
                assert!(lexeme.frac.is_none() && lexeme.exp.is_none(), "{input}");
                let digits = &input[lexeme.int_start..lexeme.int_end];
                assert_eq!(
                    fast,
                    CanonicalJsonValue::Integer(digits.parse().unwrap()),
                    "{input} {mode:?}"
                );
            }
        }
        // What it leaves to the full path.
        for input in ["01", "0.5", "1e3", "12.", "1000000000000000", "-1", "x"] {
            assert!(plain_non_negative(input.as_bytes(), 0).is_none(), "{input}");
        }
        assert_eq!(
            plain_non_negative(b"[1754000000000]", 1),
            Some((CanonicalJsonValue::Integer(1_754_000_000_000), 14))
        );
    }
}
