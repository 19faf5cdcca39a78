//! Strings into the block buffer, scanned and copied 16 bytes per step.

use super::Blocks;
use crate::encode::{Sink, escape};
use crate::scan::{first_special_16, is_special, words_16};

impl<F: FnMut(&[u8])> Blocks<F> {
    /// Pushes `s` as a JSON string, quoted, with exactly the `CJ-4` escapes.
    ///
    /// Scans and copies 16 bytes per step straight into the buffer: the
    /// step stores all 16, then keeps those before the first byte that needs
    /// an escape, if any, and writes the escape over the rest. One pass over
    /// the string, and no call per piece between escapes.
    #[inline(always)]
    pub(super) fn put_string(&mut self, s: &str) {
        self.push_ascii(b'"');
        let mut rest = s.as_bytes();
        // Kept in a register for the loop, stored back before a hand-over.
        let mut len = self.len;
        loop {
            // Here `len < BUFFER_LEN`, so each step stays inside the slack.
            while let Some(chunk) = rest.first_chunk::<16>() {
                let (low, high) = words_16(chunk);
                if !self.store_16(len, low, high) {
                    self.len = len;
                    return self.push_string_slowly(rest);
                }
                match first_special_16(low, high) {
                    None => {
                        len += 16;
                        rest = rest.get(16..).unwrap_or_default();
                    }
                    Some(at) => {
                        let byte = chunk.get(at).copied().unwrap_or_default();
                        let Some(end) = self.store_escape(len + at, byte) else {
                            self.len = len + at;
                            return self.push_string_slowly(rest.get(at..).unwrap_or_default());
                        };
                        len = end;
                        rest = rest.get(at + 1..).unwrap_or_default();
                    }
                }
                len = self.settle(len);
            }
            // The last 0–15 bytes, padded with spaces (never special).
            if rest.is_empty() {
                break;
            }
            let (low, high) = tail_words(rest);
            if !self.store_16(len, low, high) {
                self.len = len;
                return self.push_string_slowly(rest);
            }
            match first_special_16(low, high) {
                Some(at) if at < rest.len() => {
                    let byte = rest.get(at).copied().unwrap_or_default();
                    let Some(end) = self.store_escape(len + at, byte) else {
                        self.len = len + at;
                        return self.push_string_slowly(rest.get(at..).unwrap_or_default());
                    };
                    len = end;
                    rest = rest.get(at + 1..).unwrap_or_default();
                    len = self.settle(len);
                }
                _ => {
                    len += rest.len();
                    break;
                }
            }
        }
        self.len = self.settle(len);
        self.push_ascii(b'"');
    }
    /// Stores 16 bytes, given as two little-endian words, at `at`; `false`
    /// if they do not fit (never while `at < BUFFER_LEN`).
    #[inline(always)]
    fn store_16(&mut self, at: usize, low: u64, high: u64) -> bool {
        match self.buf.get_mut(at..at + 16) {
            Some(dst) => {
                let (dst_low, dst_high) = dst.split_at_mut(8);
                dst_low.copy_from_slice(&low.to_le_bytes());
                dst_high.copy_from_slice(&high.to_le_bytes());
                true
            }
            None => false,
        }
    }

    /// Writes the escape of `byte` at `at` and returns where it ends; `None`
    /// if it does not fit (never when `at` is less than 16 past a position
    /// below `BUFFER_LEN`).
    #[inline(always)]
    fn store_escape(&mut self, at: usize, byte: u8) -> Option<usize> {
        let (escaped, len) = escape(byte);
        let dst = self.buf.get_mut(at..at + 6)?;
        dst.copy_from_slice(&escaped);
        Some(at + len)
    }

    /// The rest of a string and its closing quote, a byte at a time; never
    /// taken while `len` keeps its invariant, but correct if it did not.
    #[cold]
    pub(super) fn push_string_slowly(&mut self, rest: &[u8]) {
        for &byte in rest {
            if is_special(byte) {
                let (escaped, len) = escape(byte);
                self.push_bytes(escaped.get(..len).unwrap_or_default());
            } else {
                self.push_bytes(&[byte]);
            }
        }
        self.push_ascii(b'"');
    }
}

/// Eight spaces: padding that is never special.
const SPACES: u64 = u64::from_le_bytes([b' '; 8]);

/// The 0–15 bytes of `tail` followed by spaces, as the two little-endian
/// words [`words_16`] would read. Built in registers from overlapping loads: a
/// copy through a stack buffer would make the loads wait on the stores.
#[inline(always)]
pub(super) fn tail_words(tail: &[u8]) -> (u64, u64) {
    let n = tail.len();
    if let (Some(first), Some(last)) = (tail.first_chunk::<8>(), tail.last_chunk::<8>()) {
        // 8 ≤ n < 16: `last` ends with the `n - 8` bytes of the high word.
        let low = u64::from_le_bytes(*first);
        let keep = (n - 8) as u32;
        let high = match u64::from_le_bytes(*last).checked_shr(8 * (8 - keep)) {
            Some(bytes) if keep > 0 => bytes | SPACES << (8 * keep),
            _ => SPACES,
        };
        (low, high)
    } else if let (Some(first), Some(last)) = (tail.first_chunk::<4>(), tail.last_chunk::<4>()) {
        // 4 ≤ n < 8: the two halves overlap on equal bytes.
        let first = u64::from(u32::from_le_bytes(*first));
        let last = u64::from(u32::from_le_bytes(*last));
        let bytes = first | last << (8 * (n - 4));
        (bytes | SPACES << (8 * n), SPACES)
    } else {
        let mut low = SPACES;
        for (i, &byte) in tail.iter().enumerate() {
            let shift = 8 * i;
            low = low & !(0xff << shift) | u64::from(byte) << shift;
        }
        (low, SPACES)
    }
}

/// Copies `src` (at most 32 bytes) to the start of `dst` (32 bytes) with
/// at most two overlapping loads and stores of one width, as `memcpy` does
/// inside, but without the call.
#[inline(always)]
pub(super) fn copy_short(src: &[u8], dst: &mut [u8]) {
    let n = src.len();
    if n >= 16 {
        copy_ends::<16>(src, dst);
    } else if n >= 8 {
        copy_ends::<8>(src, dst);
    } else if n >= 4 {
        copy_ends::<4>(src, dst);
    } else {
        for (d, s) in dst.iter_mut().zip(src) {
            *d = *s;
        }
    }
}

/// Copies the first `W` and the last `W` bytes of `src` (from `W` to
/// `2 * W` long, so together all of it) to the same places in `dst`.
#[inline(always)]
fn copy_ends<const W: usize>(src: &[u8], dst: &mut [u8]) {
    let n = src.len();
    if let (Some(head), Some(tail)) = (src.first_chunk::<W>(), src.last_chunk::<W>()) {
        let (head, tail) = (*head, *tail);
        if let Some(d) = dst.get_mut(..W) {
            d.copy_from_slice(&head);
        }
        // `n >= W`: the head was there.
        if let Some(d) = dst.get_mut(n - W..n) {
            d.copy_from_slice(&tail);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{BUFFER_LEN, SLACK};
    use super::*;

    /// The defensive byte-at-a-time path escapes exactly as the encoder.
    #[test]
    fn the_slow_string_path_writes_the_same_escapes() {
        let text = "a\"b\\c\u{1}é\n\u{1f}😀";
        let mut expected = Vec::new();
        crate::encode::write_string(text, &mut expected);
        let mut sink = Blocks {
            buf: [0; BUFFER_LEN + SLACK],
            len: 0,
            fed: 0,
            feed: |_: &[u8]| panic!("nothing is fed before a whole block"),
        };
        sink.push_ascii(b'"');
        sink.push_string_slowly(text.as_bytes());
        assert_eq!(sink.buf.get(..sink.len), Some(&expected[..]));
    }

    /// Spaces pad the tail of a string and are never taken for special.
    #[test]
    fn tail_words_pad_with_spaces() {
        for n in 0..16 {
            let tail: Vec<u8> = (0..n).map(|i| b'a' + i as u8).collect();
            let (low, high) = tail_words(&tail);
            let mut bytes = low.to_le_bytes().to_vec();
            bytes.extend_from_slice(&high.to_le_bytes());
            let mut expected = tail.clone();
            expected.resize(16, b' ');
            assert_eq!(bytes, expected, "{n} bytes");
        }
    }
}
