//! Encoding handed over in 64-byte blocks while it is written, for hashing.
//!
//! A hash fed this way needs no heap buffer for the whole encoding, only a
//! small one on the stack. SHA-256 with the processor's SHA instructions is
//! bound by the latency of its rounds, so encoding can also overlap some of
//! the hashing (little, measured: the reorder window holds about one
//! block's rounds).

use crate::CanonicalJsonObject;
use crate::encode::{
    EncodeError, Lenient, NumberPolicy, Sink, Strict, escape, write_object_without,
};
use crate::scan::first_special_16;

/// The length of the pieces [`encode_object_without_in_blocks`] hands over
/// while it encodes: one SHA-256 block.
pub const BLOCK_LEN: usize = 64;

/// Bytes held before whole blocks must be handed over (a multiple of
/// [`BLOCK_LEN`]). Blocks are handed over sooner, after a value that leaves
/// at least [`EARLY_LEN`] bytes.
const BUFFER_LEN: usize = 8 * BLOCK_LEN;

/// Held bytes that a value's end hands over: early enough for hashing to
/// overlap some encoding, rarely enough that a PDU takes a few hand-overs
/// (each one a call into the hash and a move of the rest), not one per
/// block.
const EARLY_LEN: usize = 4 * BLOCK_LEN;

/// Room past [`BUFFER_LEN`] for one string step (a 16-byte store, or an
/// escape of at most six bytes that starts inside those 16) or one short
/// key (`"`, 32 bytes, `":`).
const SLACK: usize = 64;

/// Encodes `object` without its top-level members whose key is in `skip`,
/// exactly as [`encode_object_without_into`](crate::encode_object_without_into)
/// does, but hands the bytes to `feed` as encoding goes instead of collecting
/// them: first in pieces whose length is a multiple of [`BLOCK_LEN`], then
/// once more with the rest (shorter than a block, possibly empty). Returns
/// the length of the whole encoding.
///
/// Made for block hashes such as SHA-256, which can then hash each block
/// while the next is being encoded. On error, `feed` may have seen part of
/// the encoding, and is not called with the rest.
///
/// ```
/// use mxp_canonical_json::{
///     BLOCK_LEN, CanonicalJsonObject, encode_object_without_in_blocks, encode_object_without_into,
/// };
///
/// let mut object = CanonicalJsonObject::new();
/// object.insert("body".into(), "x".repeat(200).into());
/// object.insert("unsigned".into(), 1.into());
/// let mut pieces = Vec::new();
/// let len = encode_object_without_in_blocks(&object, &["unsigned"], |piece| {
///     pieces.push(piece.to_vec())
/// })?;
/// let (last, whole) = pieces.split_last().unwrap();
/// assert!(whole.iter().all(|p| p.len() % BLOCK_LEN == 0));
/// assert!(last.len() < BLOCK_LEN);
///
/// let mut expected = Vec::new();
/// encode_object_without_into(&object, &["unsigned"], &mut expected)?;
/// assert_eq!(pieces.concat(), expected);
/// assert_eq!(len, expected.len() as u64);
/// # Ok::<(), mxp_canonical_json::EncodeError>(())
/// ```
pub fn encode_object_without_in_blocks<F: FnMut(&[u8])>(
    object: &CanonicalJsonObject,
    skip: &[&str],
    feed: F,
) -> Result<u64, EncodeError> {
    in_blocks::<Strict, F>(object, skip, feed)
}

/// [`encode_object_without_in_blocks`] with the numbers of
/// [`encode_lenient_into`](crate::encode_lenient_into) (`CJ-6`, room
/// versions 1–5).
pub fn encode_lenient_object_without_in_blocks<F: FnMut(&[u8])>(
    object: &CanonicalJsonObject,
    skip: &[&str],
    feed: F,
) -> Result<u64, EncodeError> {
    in_blocks::<Lenient, F>(object, skip, feed)
}

fn in_blocks<P: NumberPolicy<Error = EncodeError>, F: FnMut(&[u8])>(
    object: &CanonicalJsonObject,
    skip: &[&str],
    feed: F,
) -> Result<u64, EncodeError> {
    let mut sink = Blocks {
        buf: [0; BUFFER_LEN + SLACK],
        len: 0,
        fed: 0,
        feed,
    };
    write_object_without::<P, _>(object, skip, &mut sink)?;
    sink.hand_over();
    // What is left is shorter than a block.
    let rest = sink.buf.get(..sink.len).unwrap_or_default();
    (sink.feed)(rest);
    Ok(sink.fed + rest.len() as u64)
}

impl<F: FnMut(&[u8])> Blocks<F> {
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
    fn push_string_slowly(&mut self, rest: &[u8]) {
        for &byte in rest {
            if byte < 0x20 || byte == b'"' || byte == b'\\' {
                let (escaped, len) = escape(byte);
                self.push_bytes(escaped.get(..len).unwrap_or_default());
            } else {
                self.push_bytes(&[byte]);
            }
        }
        self.push_ascii(b'"');
    }
}

/// The eight bytes of `chunk` at `at` (0 or 8) as a little-endian word.
#[inline(always)]
fn word(chunk: &[u8; 16], at: usize) -> u64 {
    chunk
        .get(at..at + 8)
        .and_then(|w| w.first_chunk::<8>())
        .map_or(0, |w| u64::from_le_bytes(*w))
}

/// Eight spaces: padding that is never special.
const SPACES: u64 = u64::from_le_bytes([b' '; 8]);

/// The 0–15 bytes of `tail` followed by spaces, as the two little-endian
/// words [`word`] would read. Built in registers from overlapping loads: a
/// copy through a stack buffer would make the loads wait on the stores.
#[inline(always)]
fn tail_words(tail: &[u8]) -> (u64, u64) {
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
fn copy_short(src: &[u8], dst: &mut [u8]) {
    let n = src.len();
    if n >= 16 {
        if let (Some(head), Some(tail)) = (src.first_chunk::<16>(), src.last_chunk::<16>()) {
            let (head, tail) = (*head, *tail);
            if let Some(d) = dst.get_mut(..16) {
                d.copy_from_slice(&head);
            }
            if let Some(d) = dst.get_mut(n - 16..n) {
                d.copy_from_slice(&tail);
            }
        }
    } else if n >= 8 {
        if let (Some(head), Some(tail)) = (src.first_chunk::<8>(), src.last_chunk::<8>()) {
            let (head, tail) = (*head, *tail);
            if let Some(d) = dst.get_mut(..8) {
                d.copy_from_slice(&head);
            }
            if let Some(d) = dst.get_mut(n - 8..n) {
                d.copy_from_slice(&tail);
            }
        }
    } else if n >= 4 {
        if let (Some(head), Some(tail)) = (src.first_chunk::<4>(), src.last_chunk::<4>()) {
            let (head, tail) = (*head, *tail);
            if let Some(d) = dst.get_mut(..4) {
                d.copy_from_slice(&head);
            }
            if let Some(d) = dst.get_mut(n - 4..n) {
                d.copy_from_slice(&tail);
            }
        }
    } else {
        for (d, s) in dst.iter_mut().zip(src) {
            *d = *s;
        }
    }
}

/// A fixed buffer that hands its whole blocks to `feed`.
struct Blocks<F> {
    buf: [u8; BUFFER_LEN + SLACK],
    /// Bytes in `buf` not handed over yet; always below `BUFFER_LEN` after a
    /// push, and below `BLOCK_LEN` after `hand_over`. Only a string step
    /// writes past `BUFFER_LEN`, into the slack, and hands over right after.
    len: usize,
    /// Bytes handed over so far.
    fed: u64,
    feed: F,
}

impl<F: FnMut(&[u8])> Blocks<F> {
    /// Hands over the whole blocks held and keeps the rest.
    #[inline]
    fn hand_over(&mut self) {
        let whole = self.len - self.len % BLOCK_LEN;
        if whole == 0 {
            return;
        }
        (self.feed)(self.buf.get(..whole).unwrap_or_default());
        self.fed += whole as u64;
        // Cannot panic: `whole <= len <= BUFFER_LEN + SLACK`, the length of `buf`.
        self.buf.copy_within(whole..self.len, 0);
        self.len -= whole;
    }

    #[inline]
    fn push_bytes(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        // Keys, IDs and most other strings are at most 32 bytes: copy them
        // in place rather than through a call to `memcpy`.
        if bytes.len() <= 32
            && let Some(dst) = self.buf.get_mut(self.len..self.len + 32)
            && end < BUFFER_LEN
        {
            copy_short(bytes, dst);
            self.len = end;
            return;
        }
        match self.buf.get_mut(self.len..end) {
            Some(dst) if end < BUFFER_LEN => {
                dst.copy_from_slice(bytes);
                self.len = end;
            }
            _ => self.push_long(bytes),
        }
    }

    /// Fills the buffer, hands it over, and so on.
    #[cold]
    fn push_long(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            let room = BUFFER_LEN - self.len;
            let (now, rest) = bytes.split_at(room.min(bytes.len()));
            if let Some(dst) = self.buf.get_mut(self.len..self.len + now.len()) {
                dst.copy_from_slice(now);
            }
            self.len += now.len();
            if self.len == BUFFER_LEN {
                self.hand_over();
            }
            bytes = rest;
        }
    }
}

impl<F: FnMut(&[u8])> Sink for Blocks<F> {
    #[inline]
    fn push_ascii(&mut self, byte: u8) {
        match self.buf.get_mut(self.len) {
            Some(slot) if self.len + 1 < BUFFER_LEN => {
                *slot = byte;
                self.len += 1;
            }
            _ => self.push_long(&[byte]),
        }
    }
    #[inline]
    fn push_str(&mut self, s: &str) {
        self.push_bytes(s.as_bytes());
    }
    #[inline]
    fn push_ascii_bytes(&mut self, bytes: &[u8]) {
        self.push_bytes(bytes);
    }
    #[inline]
    fn reserve(&mut self, _: usize) {}

    #[inline(always)]
    fn push_plain_key(&mut self, key: &str) {
        let n = key.len();
        match self.buf.get_mut(self.len..self.len + 35) {
            // `len < BUFFER_LEN`: the 35 bytes fit in the slack.
            Some(dst) if n <= 32 => {
                if let Some((quote, rest)) = dst.split_first_mut() {
                    *quote = b'"';
                    copy_short(key.as_bytes(), rest);
                    if let Some(end) = rest.get_mut(n..n + 2) {
                        end.copy_from_slice(b"\":");
                    }
                }
                self.len += n + 3;
                if self.len >= BUFFER_LEN {
                    self.hand_over();
                }
            }
            _ => {
                self.push_ascii(b'"');
                self.push_bytes(key.as_bytes());
                self.push_bytes(b"\":");
            }
        }
    }

    /// Scans and copies 16 bytes per step straight into the buffer: the
    /// step stores all 16, then keeps those before the first byte that needs
    /// an escape, if any, and writes the escape over the rest. One pass over
    /// the string, and no call per piece between escapes.
    #[inline(always)]
    fn push_string(&mut self, s: &str) {
        self.push_ascii(b'"');
        let mut rest = s.as_bytes();
        // Kept in a register for the loop, stored back before a hand-over.
        let mut len = self.len;
        loop {
            // Here `len < BUFFER_LEN`, so each step stays inside the slack.
            while let Some(chunk) = rest.first_chunk::<16>() {
                let (low, high) = (word(chunk, 0), word(chunk, 8));
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
                if len >= BUFFER_LEN {
                    self.len = len;
                    self.hand_over();
                    len = self.len;
                }
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
                    if len >= BUFFER_LEN {
                        self.len = len;
                        self.hand_over();
                        len = self.len;
                    }
                }
                _ => {
                    len += rest.len();
                    break;
                }
            }
        }
        self.len = len;
        if len >= BUFFER_LEN {
            self.hand_over();
        }
        self.push_ascii(b'"');
    }
    #[inline]
    fn checkpoint(&mut self) {
        if self.len >= EARLY_LEN {
            self.hand_over();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        CanonicalJsonValue, encode_lenient_object_without_into, encode_object_without_into,
    };

    /// Collects what `feed` sees, checking the piece lengths.
    fn pieces(
        object: &CanonicalJsonObject,
        skip: &[&str],
        lenient: bool,
    ) -> Result<(Vec<u8>, u64), EncodeError> {
        let mut all = Vec::new();
        let mut last_seen = false;
        let feed = |piece: &[u8]| {
            assert!(!last_seen, "a piece after the short last one");
            if !piece.len().is_multiple_of(BLOCK_LEN) {
                last_seen = true;
            }
            all.extend_from_slice(piece);
        };
        let len = if lenient {
            encode_lenient_object_without_in_blocks(object, skip, feed)?
        } else {
            encode_object_without_in_blocks(object, skip, feed)?
        };
        Ok((all, len))
    }

    fn object_with_body(body: String) -> CanonicalJsonObject {
        let mut o = CanonicalJsonObject::new();
        o.insert("body".into(), body.into());
        o.insert("n".into(), CanonicalJsonValue::Integer(-12));
        o.insert("signatures".into(), "skipped".into());
        let mut inner = CanonicalJsonObject::new();
        inner.insert(
            "a\"b".into(),
            CanonicalJsonValue::Array(vec![true.into(), 7.into()]),
        );
        o.insert("z".into(), CanonicalJsonValue::Object(inner));
        o
    }

    /// Every length around the block and buffer sizes, with escapes that
    /// grow the output, equals the collected encoding.
    #[test]
    fn equals_the_collected_encoding_at_every_length() {
        for n in 0..=BUFFER_LEN * 3 + 70 {
            let body: String = (0..n)
                .map(|i| {
                    if i % 37 == 5 {
                        '\n'
                    } else if i % 53 == 0 {
                        'é'
                    } else {
                        'x'
                    }
                })
                .collect();
            let object = object_with_body(body);
            for lenient in [false, true] {
                let mut expected = Vec::new();
                if lenient {
                    encode_lenient_object_without_into(&object, &["signatures"], &mut expected)
                } else {
                    encode_object_without_into(&object, &["signatures"], &mut expected)
                }
                .unwrap();
                let (got, len) = pieces(&object, &["signatures"], lenient).unwrap();
                assert_eq!(got, expected, "body length {n}");
                assert_eq!(len, expected.len() as u64);
            }
        }
    }

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

    #[test]
    fn an_empty_object_is_one_short_piece() {
        let (got, len) = pieces(&CanonicalJsonObject::new(), &[], false).unwrap();
        assert_eq!(got, b"{}");
        assert_eq!(len, 2);
    }

    #[test]
    fn numbers_follow_the_policy() {
        let mut o = CanonicalJsonObject::new();
        o.insert("big".into(), CanonicalJsonValue::Integer(1 << 60));
        let err = pieces(&o, &[], false).unwrap_err();
        assert_eq!(err.kind(), "integer_out_of_range");
        let (got, _) = pieces(&o, &[], true).unwrap();
        assert_eq!(got, br#"{"big":1152921504606846976}"#);
    }
}
