//! `const fn` helpers over the bytes of a `&str`.
//!
//! The validators work on byte ranges `[start, end)` of the whole input so
//! that error positions are offsets into the input. Every index is checked
//! against the slice length before use; nothing here can panic.

use crate::IdError;

/// The byte at `i`, or 0 past the end (callers check ranges first; 0 is never
/// a byte that any grammar accepts where it is read).
pub(crate) const fn byte(b: &[u8], i: usize) -> u8 {
    if i < b.len() { b[i] } else { 0 }
}

/// Index of the first `needle` in `b[start..end]`.
pub(crate) const fn find(b: &[u8], start: usize, end: usize, needle: u8) -> Option<usize> {
    let mut i = start;
    while i < end && i < b.len() {
        if b[i] == needle {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Whether `b[start..end]` contains `needle` (`end` is clamped to the
/// length). Eight bytes at a time: validation and `is_hash_form` scan whole
/// 43-character hash-form IDs, on every auth check in room version 12.
#[inline]
pub(crate) const fn contains(b: &[u8], start: usize, end: usize, needle: u8) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let end = if end < b.len() { end } else { b.len() };
    let Some((head, _)) = b.split_at_checked(end) else {
        return false;
    };
    let Some((_, mut rest)) = head.split_at_checked(start) else {
        return false;
    };
    let pattern = u64::from_ne_bytes([needle; 8]);
    while let Some((chunk, tail)) = rest.split_first_chunk::<8>() {
        // A zero byte in `word ^ pattern` is a `needle`; this test flags a
        // word with a zero byte exactly (it may misplace which, never whether).
        let v = u64::from_ne_bytes(*chunk) ^ pattern;
        if v.wrapping_sub(ONES) & !v & HIGHS != 0 {
            return true;
        }
        rest = tail;
    }
    find(rest, 0, rest.len(), needle).is_some()
}

/// Whether `b` starts with `prefix`.
pub(crate) const fn starts_with(b: &[u8], prefix: &[u8]) -> bool {
    if b.len() < prefix.len() {
        return false;
    }
    let mut i = 0;
    while i < prefix.len() {
        if b[i] != prefix[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Decodes the character starting at byte `i` of a valid UTF-8 slice (the
/// bytes of a `&str`). Returns U+FFFD if `i` is not at a character start.
pub(crate) const fn char_at(b: &[u8], i: usize) -> char {
    let b0 = byte(b, i) as u32;
    let (len, init) = if b0 < 0x80 {
        (1, b0)
    } else if b0 >= 0xF0 {
        (4, b0 & 0x07)
    } else if b0 >= 0xE0 {
        (3, b0 & 0x0F)
    } else if b0 >= 0xC0 {
        (2, b0 & 0x1F)
    } else {
        return char::REPLACEMENT_CHARACTER;
    };
    let mut cp = init;
    let mut k = 1;
    while k < len {
        cp = (cp << 6) | (byte(b, i + k) as u32 & 0x3F);
        k += 1;
    }
    match char::from_u32(cp) {
        Some(c) => c,
        None => char::REPLACEMENT_CHARACTER,
    }
}

/// The error for the character starting at byte `i`.
pub(crate) const fn invalid_char(b: &[u8], i: usize) -> IdError {
    IdError::InvalidCharacter {
        character: char_at(b, i),
        position: i,
    }
}

/// Rejects NUL in `b[start..end]`: the one character (besides `:`, which
/// ends the localpart) that opaque localparts may not hold (`WF-UID-3`,
/// `WF-RID-1`, `WF-ALIAS-1`).
pub(crate) const fn check_no_nul(b: &[u8], start: usize, end: usize) -> Result<(), IdError> {
    match find(b, start, end, 0) {
        Some(i) => Err(invalid_char(b, i)),
        None => Ok(()),
    }
}

/// Checks that `b[start..end]` has only bytes for which `allowed` is true.
/// `allowed` must reject every non-ASCII byte, so the reported position is
/// always at a character start.
pub(crate) const fn check_ascii_set(
    b: &[u8],
    start: usize,
    end: usize,
    allowed: &[bool; 128],
) -> Result<(), IdError> {
    let mut i = start;
    while i < end && i < b.len() {
        let c = b[i];
        if c >= 128 || !allowed[c as usize] {
            return Err(invalid_char(b, i));
        }
        i += 1;
    }
    Ok(())
}

/// Builds a 128-entry ASCII membership table from ranges and single bytes.
pub(crate) const fn ascii_set(ranges: &[(u8, u8)], singles: &[u8]) -> [bool; 128] {
    let mut t = [false; 128];
    let mut r = 0;
    while r < ranges.len() {
        let (lo, hi) = ranges[r];
        let mut c = lo;
        while c <= hi && c < 128 {
            t[c as usize] = true;
            if c == 127 {
                break;
            }
            c += 1;
        }
        r += 1;
    }
    let mut s = 0;
    while s < singles.len() {
        if singles[s] < 128 {
            t[singles[s] as usize] = true;
        }
        s += 1;
    }
    t
}

/// Propagates an error inside a `const fn` (where `?` is not available).
macro_rules! tri {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(e) => return Err(e),
        }
    };
}

pub(crate) use tri;

/// Checks the byte length of a whole identifier.
pub(crate) const fn check_len(b: &[u8], max: usize) -> Result<(), IdError> {
    if b.len() > max {
        Err(IdError::TooLong {
            length: b.len(),
            max,
        })
    } else {
        Ok(())
    }
}

/// Checks the sigil of a sigilled identifier.
pub(crate) const fn check_sigil(b: &[u8], sigil: u8) -> Result<(), IdError> {
    if b.is_empty() {
        Err(IdError::Empty)
    } else if b[0] != sigil {
        Err(IdError::MissingSigil {
            expected: sigil as char,
        })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `contains` agrees with a byte search over every range, wherever the
    /// needle is and whatever its neighbours (bytes one off `:`, high bytes,
    /// zeros).
    #[test]
    fn contains_matches_a_byte_search() {
        for len in 0..=45usize {
            for fill in [b'a', 0xba, b';', b'9', 0, 0xff] {
                let mut b = vec![fill; len];
                for at in (0..len).map(Some).chain([None]) {
                    if let Some(at) = at {
                        b[at] = b':';
                    }
                    for start in 0..=len {
                        for end in [start, len, len + 3] {
                            let want = b
                                .get(start..end.min(len))
                                .is_some_and(|r| r.contains(&b':'));
                            assert_eq!(
                                contains(&b, start, end, b':'),
                                want,
                                "{len} {fill} {at:?} {start} {end}"
                            );
                        }
                    }
                    if let Some(at) = at {
                        b[at] = fill;
                    }
                }
            }
        }
    }
}
