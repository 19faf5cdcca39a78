//! Word-at-a-time search for the bytes a JSON string cannot hold raw.
//!
//! Both the parser and the encoder look for the same three classes of byte
//! inside strings: `"`, `\` and the C0 controls U+0000–U+001F (`CJ-4`). Testing
//! eight bytes per step keeps long plain strings cheap without `unsafe`.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// High bit set in each byte of `word` that is `"`, `\` or below 0x20.
///
/// The lowest set bit is always exact; bits above it may be false positives
/// (borrows propagate upwards), so callers only use the lowest one.
#[inline]
pub(crate) fn special_mask(word: u64) -> u64 {
    // `"` ^ 0x02 is 0x20 and the C0 controls stay below 0x20 under ^ 0x02
    // (nothing else lands below 0x21), so one "below 0x21" test finds both.
    let flipped = word ^ (ONES * 0x02);
    let quote_or_control = flipped.wrapping_sub(ONES * 0x21) & !flipped;
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let backslash = backslash.wrapping_sub(ONES) & !backslash;
    (quote_or_control | backslash) & HIGHS
}

/// Whether `byte` cannot stand raw in a JSON string: `"`, `\` or a C0
/// control (`CJ-4`); what [`special_mask`] finds a word at a time.
#[inline]
pub(crate) fn is_special(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// The eight bytes at the start of `chunk` (at least eight long) as a word.
#[inline]
fn word_at(chunk: &[u8]) -> u64 {
    chunk
        .first_chunk::<8>()
        .map_or(0, |w| u64::from_le_bytes(*w))
}

/// The 16 bytes of `chunk` as two little-endian words, the first eight and
/// the last eight: what [`first_special_16`] takes.
#[inline(always)]
pub(crate) fn words_16(chunk: &[u8; 16]) -> (u64, u64) {
    let (low, high) = chunk.split_at(8);
    (word_at(low), word_at(high))
}

/// Index of the first byte that is `"`, `\` or below 0x20 in the 16 bytes
/// whose first eight are the little-endian word `low`, the rest `high`.
#[inline(always)]
pub(crate) fn first_special_16(low: u64, high: u64) -> Option<usize> {
    let low = special_mask(low);
    let high = special_mask(high);
    if low | high == 0 {
        None
    } else if low != 0 {
        Some((low.trailing_zeros() / 8) as usize)
    } else {
        Some(8 + (high.trailing_zeros() / 8) as usize)
    }
}

/// Index of the first byte at or after `from` that is `"`, `\` or below 0x20,
/// or `bytes.len()` if there is none.
#[inline(always)]
pub(crate) fn find_special(bytes: &[u8], from: usize) -> usize {
    let rest = bytes.get(from..).unwrap_or_default();
    let mut pos = from;
    // Two words per step: fewer branches on long strings.
    let mut pairs = rest.chunks_exact(16);
    for pair in &mut pairs {
        let low = special_mask(word_at(pair));
        let high = special_mask(word_at(pair.get(8..).unwrap_or_default()));
        if low | high != 0 {
            // Little-endian: the lowest set bit belongs to the first byte.
            return pos
                + if low != 0 {
                    (low.trailing_zeros() / 8) as usize
                } else {
                    8 + (high.trailing_zeros() / 8) as usize
                };
        }
        pos += 16;
    }
    let mut chunks = pairs.remainder().chunks_exact(8);
    for chunk in &mut chunks {
        let mask = special_mask(word_at(chunk));
        if mask != 0 {
            return pos + (mask.trailing_zeros() / 8) as usize;
        }
        pos += 8;
    }
    // The last 1–7 bytes: when a whole word precedes them, re-read the last
    // eight bytes as one word (the bytes before the tail are known not to be
    // special, so the lowest set bit is still exact); else one padded word.
    let tail = chunks.remainder();
    if tail.is_empty() {
        return bytes.len();
    }
    if rest.len() >= 8
        && let Some(last) = bytes.last_chunk::<8>()
    {
        let mask = special_mask(u64::from_le_bytes(*last));
        return if mask != 0 {
            bytes.len() - 8 + (mask.trailing_zeros() / 8) as usize
        } else {
            bytes.len()
        };
    }
    // Shorter than a word all told: pad with spaces, which are not special.
    let mut word = [b' '; 8];
    if let Some(dst) = word.get_mut(..tail.len()) {
        dst.copy_from_slice(tail);
    }
    let mask = special_mask(u64::from_le_bytes(word));
    if mask != 0 {
        pos + (mask.trailing_zeros() / 8) as usize
    } else {
        bytes.len()
    }
}

/// Index of the first `"` at or after `from`, or `bytes.len()`.
#[inline]
pub(crate) fn find_quote(bytes: &[u8], from: usize) -> usize {
    let rest = bytes.get(from..).unwrap_or_default();
    let mut pos = from;
    let mut words = rest.chunks_exact(8);
    for word in &mut words {
        let x = word_at(word) ^ (ONES * u64::from(b'"'));
        let mask = x.wrapping_sub(ONES) & !x & HIGHS;
        if mask != 0 {
            return pos + (mask.trailing_zeros() / 8) as usize;
        }
        pos += 8;
    }
    match words.remainder().iter().position(|&b| b == b'"') {
        Some(i) => pos + i,
        None => bytes.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `true` for the special bytes, built independently of
    /// [`super::is_special`] and [`special_mask`] to check them.
    static SPECIAL: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 0x20 {
            table[b] = true;
            b += 1;
        }
        table[b'"' as usize] = true;
        table[b'\\' as usize] = true;
        table
    };

    /// Whether `b` must not appear raw inside a JSON string, or ends it.
    fn in_table(b: u8) -> bool {
        SPECIAL[usize::from(b)]
    }

    /// `CJ-4`: exactly `"`, `\` and U+0000–U+001F need escaping.
    #[test]
    fn is_special_matches_the_table() {
        for b in 0..=u8::MAX {
            assert_eq!(super::is_special(b), in_table(b), "{b:#04x}");
        }
    }

    fn naive(bytes: &[u8], from: usize) -> usize {
        bytes
            .iter()
            .enumerate()
            .skip(from)
            .find(|(_, b)| in_table(**b))
            .map_or(bytes.len(), |(i, _)| i)
    }

    #[test]
    fn find_quote_agrees_with_a_naive_scan_for_every_length() {
        for len in 0..=40 {
            for at in 0..=len {
                let mut buf = vec![b'\\'; len];
                if let Some(b) = buf.get_mut(at) {
                    *b = b'"';
                }
                for from in 0..=len {
                    let naive = buf
                        .iter()
                        .enumerate()
                        .skip(from)
                        .find(|(_, b)| **b == b'"')
                        .map_or(len, |(i, _)| i);
                    assert_eq!(find_quote(&buf, from), naive, "{len} {at} {from}");
                }
            }
        }
    }

    #[test]
    fn padded_tail_agrees_with_naive_scan_for_every_length() {
        for len in 0..=40 {
            let plain = vec![b'z'; len];
            for from in 0..=len {
                assert_eq!(find_special(&plain, from), len, "{len} {from}");
            }
            for special in [0u8, 0x1f, b'"', b'\\'] {
                for at in 0..len {
                    let mut buf = plain.clone();
                    buf[at] = special;
                    for from in 0..=len {
                        assert_eq!(
                            find_special(&buf, from),
                            naive(&buf, from),
                            "{len} {at} {from}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn agrees_with_naive_scan_on_every_byte_value_and_position() {
        for special in 0u8..=255 {
            for at in 0..20 {
                let mut buf = vec![b'a'; 20];
                buf[at] = special;
                // Also put non-ASCII and near-miss bytes before it.
                if at > 2 {
                    buf[at - 1] = 0xc3;
                    buf[at - 2] = 0x21;
                }
                for from in 0..=at {
                    assert_eq!(
                        find_special(&buf, from),
                        naive(&buf, from),
                        "{special} {at} {from}"
                    );
                }
            }
        }
    }
}
