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

/// Whether `b[start..end]` contains `needle`.
pub(crate) const fn contains(b: &[u8], start: usize, end: usize, needle: u8) -> bool {
    find(b, start, end, needle).is_some()
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
