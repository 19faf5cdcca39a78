//! Encoding handed over in 64-byte blocks while it is written, for hashing.
//!
//! A hash fed this way needs no heap buffer for the whole encoding, only a
//! small one on the stack. SHA-256 with the processor's SHA instructions is
//! bound by the latency of its rounds, so encoding can also overlap some of
//! the hashing (little, measured: the reorder window holds about one
//! block's rounds).

use crate::CanonicalJsonObject;
use crate::encode::{EncodeError, Lenient, NumberPolicy, Sink, Strict, write_object_without};

mod string;

use string::copy_short;

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

/// A fixed buffer that hands its whole blocks to `feed`.
struct Blocks<F> {
    buf: [u8; BUFFER_LEN + SLACK],
    /// Bytes in `buf` not handed over yet; always below `BUFFER_LEN` after a
    /// push, and below `BLOCK_LEN` after `hand_over`. Only a string step or
    /// a short key writes past `BUFFER_LEN`, into the slack, and hands over
    /// right after.
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

    /// `len` (a length the caller keeps in a register, past `self.len`)
    /// after handing over the whole blocks if it reached `BUFFER_LEN`: below
    /// `BUFFER_LEN` either way.
    #[inline(always)]
    fn settle(&mut self, len: usize) -> usize {
        if len < BUFFER_LEN {
            return len;
        }
        self.len = len;
        self.hand_over();
        self.len
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
            let room = BUFFER_LEN.saturating_sub(self.len);
            let (now, rest) = bytes.split_at(room.min(bytes.len()));
            if let Some(dst) = self.buf.get_mut(self.len..self.len + now.len()) {
                dst.copy_from_slice(now);
            }
            self.len += now.len();
            if self.len >= BUFFER_LEN {
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
                self.len = self.settle(self.len + n + 3);
            }
            _ => {
                self.push_ascii(b'"');
                self.push_bytes(key.as_bytes());
                self.push_bytes(b"\":");
            }
        }
    }

    #[inline(always)]
    fn push_string(&mut self, s: &str) {
        self.put_string(s);
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
