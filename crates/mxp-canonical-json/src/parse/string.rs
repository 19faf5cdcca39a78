//! JSON strings: escapes decoded, surrogate pairs joined, lone surrogates and
//! raw control characters rejected (`CJ-4`, P1-13).

use std::borrow::Cow;

use super::error::ParseError;
use crate::scan::{find_quote, find_special};

fn unexpected_end(bytes: &[u8]) -> ParseError {
    ParseError::UnexpectedEnd {
        offset: bytes.len(),
        expected: "'\"' to end the string",
    }
}

/// Parses the string whose opening quote is at `start`; returns it and the
/// offset just past the closing quote. `text` is valid UTF-8 already, and
/// every slice boundary below is at an ASCII byte, so slicing cannot fail.
/// Unescaped strings are borrowed from `text`, so the caller decides whether
/// to copy them (a well-known key is not copied at all).
#[inline]
pub(super) fn parse_string(text: &str, start: usize) -> Result<(Cow<'_, str>, usize), ParseError> {
    let content = start + 1;
    let pos = find_special(text.as_bytes(), content);
    // Fast path: no escapes, nothing to decode.
    if text.as_bytes().get(pos) == Some(&b'"') {
        let s = text.get(content..pos).unwrap_or_default();
        return Ok((Cow::Borrowed(s), pos + 1));
    }
    parse_escaped(text, content, pos).map(|(s, end)| (Cow::Owned(s), end))
}

/// The rest of [`parse_string`] once `pos`, the first special byte of the
/// string whose content starts at `content`, is not its closing quote.
#[inline(never)]
fn parse_escaped(
    text: &str,
    content: usize,
    mut pos: usize,
) -> Result<(String, usize), ParseError> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(raw_end(bytes, pos).saturating_sub(content));
    let mut chunk_start = content;
    loop {
        out.push_str(text.get(chunk_start..pos).unwrap_or_default());
        match bytes.get(pos) {
            Some(b'"') => return Ok((out, pos + 1)),
            Some(b'\\') => pos = unescape(bytes, pos, &mut out)?,
            Some(&byte) => return Err(ParseError::ControlCharacter { offset: pos, byte }),
            None => return Err(unexpected_end(bytes)),
        }
        chunk_start = pos;
        pos = find_special(bytes, pos);
    }
}

/// The offset of the closing quote of a string whose content includes
/// `from` (at a backslash or later), or the input's end if it is unterminated.
fn raw_end(bytes: &[u8], from: usize) -> usize {
    let mut pos = from;
    loop {
        let quote = find_quote(bytes, pos);
        if quote >= bytes.len() {
            return bytes.len();
        }
        // Escaped if an odd number of backslashes precede it.
        let backslashes = bytes
            .get(from..quote)
            .unwrap_or_default()
            .iter()
            .rev()
            .take_while(|&&b| b == b'\\')
            .count();
        if backslashes % 2 == 0 {
            return quote;
        }
        pos = quote + 1;
    }
}

/// The four hex digits at `pos` as a UTF-16 code unit.
fn hex4(bytes: &[u8], pos: usize) -> Result<Option<u32>, ParseError> {
    let mut unit = 0;
    for i in pos..pos + 4 {
        let Some(&d) = bytes.get(i) else {
            return Err(unexpected_end(bytes));
        };
        let Some(v) = char::from(d).to_digit(16) else {
            return Ok(None);
        };
        unit = unit * 16 + v;
    }
    Ok(Some(unit))
}

/// Decodes the escape whose backslash is at `pos` into `out`; returns the
/// offset after it.
fn unescape(bytes: &[u8], pos: usize, out: &mut String) -> Result<usize, ParseError> {
    let invalid = ParseError::InvalidEscape { offset: pos };
    let decoded = match bytes.get(pos + 1) {
        None => return Err(unexpected_end(bytes)),
        Some(b'"') => '"',
        Some(b'\\') => '\\',
        Some(b'/') => '/',
        Some(b'b') => '\u{8}',
        Some(b'f') => '\u{c}',
        Some(b'n') => '\n',
        Some(b'r') => '\r',
        Some(b't') => '\t',
        Some(b'u') => {
            let unit = hex4(bytes, pos + 2)?.ok_or(invalid)?;
            match unit {
                0xd800..=0xdbff => {
                    // A high surrogate must be followed by an escaped low one
                    // (P1-13: not "`\u` or a low surrogate", both).
                    let lone = ParseError::LoneSurrogate {
                        offset: pos,
                        code: unit as u16,
                    };
                    if bytes.get(pos + 6..pos + 8) != Some(b"\\u") {
                        return Err(lone);
                    }
                    let low = hex4(bytes, pos + 8)?
                        .ok_or(ParseError::InvalidEscape { offset: pos + 6 })?;
                    if !(0xdc00..=0xdfff).contains(&low) {
                        return Err(lone);
                    }
                    let code_point = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
                    // Always a valid scalar value: 0x10000..=0x10FFFF.
                    out.push(char::from_u32(code_point).unwrap_or(char::REPLACEMENT_CHARACTER));
                    return Ok(pos + 12);
                }
                0xdc00..=0xdfff => {
                    return Err(ParseError::LoneSurrogate {
                        offset: pos,
                        code: unit as u16,
                    });
                }
                _ => {
                    // Not a surrogate, so a valid scalar value.
                    out.push(char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER));
                    return Ok(pos + 6);
                }
            }
        }
        Some(_) => return Err(invalid),
    };
    out.push(decoded);
    Ok(pos + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_end_skips_escaped_quotes_only() {
        // Offsets are of the closing quote; `from` is at the first backslash.
        let cases: [(&[u8], usize, usize); 6] = [
            (br#""a\"b""#, 2, 5),
            (br#""a\\"b""#, 2, 4),
            (br#""\\\"x""#, 1, 6),
            (br#""\\\\""#, 1, 5),
            (b"\"a\\\"", 2, 4),
            (b"\"a\\\"0123456789abcdef\\\"z\"", 2, 23),
        ];
        for (input, from, end) in cases {
            assert_eq!(
                raw_end(input, from),
                end,
                "{}",
                String::from_utf8_lossy(input)
            );
        }
    }

    #[test]
    fn escaped_strings_are_allocated_once_at_most_their_raw_length() {
        let text = r#""x\n\"y\\\"z\u00e9""#;
        let (s, end) = parse_string(text, 0).unwrap();
        let s = s.into_owned();
        assert_eq!(s, "x\n\"y\\\"zé");
        assert_eq!(end, text.len());
        assert!(s.capacity() <= text.len() - 2, "{}", s.capacity());
    }
}
