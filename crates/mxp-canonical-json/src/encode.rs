//! The canonical encoder (`CJ-1`…`CJ-5`).
//!
//! One iterative walk (no recursion, so any depth is fine) writes straight
//! into the caller's buffer: no whitespace (`CJ-1`), keys in code point order
//! because [`CanonicalJsonObject`](crate::CanonicalJsonObject) keeps them sorted
//! (`CJ-2`), integers only (`CJ-3`), the `CJ-4` escapes, lower-case literals
//! and arrays in order (`CJ-5`).

use std::convert::Infallible;

use crate::parse::number::is_json_number;
use crate::scan::find_special;
use crate::value::{CanonicalJsonObject, CanonicalJsonValue, MAX_SAFE_INTEGER, MIN_SAFE_INTEGER};

/// Why a value cannot be encoded as canonical JSON.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// An integer outside ±(2^53 − 1) (`CJ-3`). The strict encoder never emits
    /// one (P1-10).
    #[error("integer {0} is outside the canonical JSON range (CJ-3)")]
    IntegerOutOfRange(i64),
    /// A [`CanonicalJsonValue::LegacyNumber`], which has no canonical form;
    /// only the lenient encoder writes it.
    #[error("number {0} has no canonical JSON form (CJ-3)")]
    LegacyNumber(String),
    /// A [`CanonicalJsonValue::LegacyNumber`] whose text is not a JSON number
    /// (only possible for a hand-built value).
    #[error("legacy number {0:?} is not a JSON number")]
    InvalidLegacyNumber(String),
}

impl EncodeError {
    /// A stable, machine-readable name for the kind of error:
    /// `integer_out_of_range`, `legacy_number` or `invalid_legacy_number`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::IntegerOutOfRange(_) => "integer_out_of_range",
            Self::LegacyNumber(_) => "legacy_number",
            Self::InvalidLegacyNumber(_) => "invalid_legacy_number",
        }
    }
}

/// Appends the canonical encoding of `value` to `out`.
///
/// Refuses integers outside ±(2^53 − 1) and [`CanonicalJsonValue::LegacyNumber`]s;
/// on error, `out` holds a partial encoding.
///
/// ```
/// use mxp_canonical_json::{CanonicalJsonValue, EncodeError, encode_into};
///
/// let mut out = Vec::new();
/// encode_into(&CanonicalJsonValue::from("a\u{1f}\"/"), &mut out)?;
/// assert_eq!(out, br#""a\u001f\"/""#);
/// let err = encode_into(&CanonicalJsonValue::Integer(1 << 53), &mut Vec::new()).unwrap_err();
/// assert_eq!(err.kind(), "integer_out_of_range");
/// # Ok::<(), EncodeError>(())
/// ```
pub fn encode_into(value: &CanonicalJsonValue, out: &mut Vec<u8>) -> Result<(), EncodeError> {
    write_value::<Strict, _>(value, out)
}

/// The canonical encoding of `value` as bytes; see [`encode_into`].
pub fn to_canonical_bytes(value: &CanonicalJsonValue) -> Result<Vec<u8>, EncodeError> {
    let mut out = Vec::with_capacity(256);
    encode_into(value, &mut out)?;
    Ok(out)
}

/// The canonical encoding of `value` as a string; see [`encode_into`].
pub fn to_canonical_string(value: &CanonicalJsonValue) -> Result<String, EncodeError> {
    let mut out = String::with_capacity(256);
    write_value::<Strict, _>(value, &mut out)?;
    Ok(out)
}

/// A canonical encoder that keeps its work stack from one value to the next,
/// so that encoding many values (the members of a PDU, say) allocates it
/// once. Each call is the same as the free function of the same name.
///
/// ```
/// use mxp_canonical_json::{CanonicalJsonValue, Encoder};
///
/// let values = [CanonicalJsonValue::from(vec![1.into()]), CanonicalJsonValue::from(true)];
/// let mut encoder = Encoder::new();
/// let mut out = Vec::new();
/// for value in &values {
///     encoder.encode_into(value, &mut out)?;
/// }
/// assert_eq!(out, b"[1]true");
/// # Ok::<(), mxp_canonical_json::EncodeError>(())
/// ```
#[derive(Debug, Default)]
pub struct Encoder<'a> {
    stack: Stack<'a>,
}

impl<'a> Encoder<'a> {
    /// A new encoder; it allocates on first use.
    pub fn new() -> Self {
        Self {
            stack: Stack::new(),
        }
    }

    /// Like [`encode_into`].
    pub fn encode_into(
        &mut self,
        value: &'a CanonicalJsonValue,
        out: &mut Vec<u8>,
    ) -> Result<(), EncodeError> {
        write_value_with::<Strict, _>(value, out, &mut self.stack)
    }

    /// Like [`encode_lenient_into`].
    pub fn encode_lenient_into(
        &mut self,
        value: &'a CanonicalJsonValue,
        out: &mut Vec<u8>,
    ) -> Result<(), EncodeError> {
        write_value_with::<Lenient, _>(value, out, &mut self.stack)
    }
}

/// Appends the canonical encoding of `object` without its top-level members
/// whose key is in `skip` to `out`, as if they had been removed first, but
/// without copying anything.
///
/// This is how hashes and signatures leave out `signatures`, `unsigned` and
/// `hashes` (`HASH-1`, `SIG-1`). Errors as [`encode_into`].
///
/// ```
/// use mxp_canonical_json::{CanonicalJsonObject, encode_object_without_into};
///
/// let mut object = CanonicalJsonObject::new();
/// object.insert("b".into(), 1.into());
/// object.insert("unsigned".into(), "x".into());
/// let mut out = Vec::new();
/// encode_object_without_into(&object, &["unsigned"], &mut out)?;
/// assert_eq!(out, br#"{"b":1}"#);
/// # Ok::<(), mxp_canonical_json::EncodeError>(())
/// ```
pub fn encode_object_without_into(
    object: &CanonicalJsonObject,
    skip: &[&str],
    out: &mut Vec<u8>,
) -> Result<(), EncodeError> {
    write_object_without::<Strict, _>(object, skip, out)
}

/// [`encode_object_without_into`] with the numbers of
/// [`encode_lenient_into`] (`CJ-6`, room versions 1–5).
pub fn encode_lenient_object_without_into(
    object: &CanonicalJsonObject,
    skip: &[&str],
    out: &mut Vec<u8>,
) -> Result<(), EncodeError> {
    write_object_without::<Lenient, _>(object, skip, out)
}

/// Appends the encoding of `value` to `out` like [`encode_into`], but also
/// writes what room versions 1–5 may hold (`CJ-6`): every `i64`, and each
/// [`CanonicalJsonValue::LegacyNumber`] verbatim, as the lenient parser read it.
///
/// Use it only to re-check hashes and signatures of old events. For integers
/// outside ±(2^53 − 1) written in plain form, the output equals Synapse's
/// relaxed canonical JSON; floats and exponents are printed as received, which
/// may differ from what Synapse's Python float formatting signed (exact
/// compatibility there is out of scope, P1-16).
///
/// ```
/// use mxp_canonical_json::{ParseOptions, parse_value, to_lenient_canonical_string};
///
/// let old = parse_value(br#"{"b": 1.50, "a": 18446744073709551616}"#, &ParseOptions::lenient())?;
/// assert_eq!(to_lenient_canonical_string(&old)?, r#"{"a":18446744073709551616,"b":1.50}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn encode_lenient_into(
    value: &CanonicalJsonValue,
    out: &mut Vec<u8>,
) -> Result<(), EncodeError> {
    write_value::<Lenient, _>(value, out)
}

/// The lenient encoding of `value` as bytes; see [`encode_lenient_into`].
pub fn to_lenient_canonical_bytes(value: &CanonicalJsonValue) -> Result<Vec<u8>, EncodeError> {
    let mut out = Vec::with_capacity(256);
    encode_lenient_into(value, &mut out)?;
    Ok(out)
}

/// The lenient encoding of `value` as a string; see [`encode_lenient_into`].
pub fn to_lenient_canonical_string(value: &CanonicalJsonValue) -> Result<String, EncodeError> {
    let mut out = String::with_capacity(256);
    write_value::<Lenient, _>(value, &mut out)?;
    Ok(out)
}

/// Encodes a value the parser produced: its integers and legacy numbers are
/// known to be valid for the mode it was parsed in, so nothing is checked.
pub(crate) fn write_parsed(value: &CanonicalJsonValue, out: &mut String) {
    match write_value::<Parsed, _>(value, out) {
        Ok(()) => {}
        Err(never) => match never {},
    }
}

/// Where the encoder writes: a byte vector, a string or a block feed
/// ([`crate::blocks`]), all only ever fed whole UTF-8 strings and ASCII bytes.
pub(crate) trait Sink {
    fn push_ascii(&mut self, byte: u8);
    fn push_str(&mut self, s: &str);
    /// Pushes bytes the caller guarantees to be ASCII.
    fn push_ascii_bytes(&mut self, bytes: &[u8]);
    fn reserve(&mut self, additional: usize);
    /// Pushes `s` as a JSON string, quoted, with exactly the `CJ-4` escapes.
    #[inline]
    fn push_string(&mut self, s: &str)
    where
        Self: Sized,
    {
        write_string(s, self);
    }
    /// Pushes `"key":` for a key that needs no escape.
    #[inline]
    fn push_plain_key(&mut self, key: &str) {
        self.reserve(key.len() + 3);
        self.push_ascii(b'"');
        self.push_str(key);
        self.push_ascii_bytes(b"\":");
    }
    /// Called after each scalar value: a sink that hands its bytes on in
    /// pieces may do so here.
    #[inline]
    fn checkpoint(&mut self) {}
}

impl Sink for Vec<u8> {
    #[inline]
    fn push_ascii(&mut self, byte: u8) {
        self.push(byte);
    }
    #[inline]
    fn push_str(&mut self, s: &str) {
        self.extend_from_slice(s.as_bytes());
    }
    #[inline]
    fn push_ascii_bytes(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
    #[inline]
    fn reserve(&mut self, additional: usize) {
        Vec::reserve(self, additional);
    }
}

impl Sink for String {
    #[inline]
    fn push_ascii(&mut self, byte: u8) {
        self.push(char::from(byte));
    }
    #[inline]
    fn push_str(&mut self, s: &str) {
        String::push_str(self, s);
    }
    #[inline]
    fn push_ascii_bytes(&mut self, bytes: &[u8]) {
        self.extend(bytes.iter().map(|&b| char::from(b)));
    }
    #[inline]
    fn reserve(&mut self, additional: usize) {
        String::reserve(self, additional);
    }
}

/// What the encoder does with numbers canonical JSON cannot express.
pub(crate) trait NumberPolicy {
    type Error;
    fn integer(i: i64) -> Result<(), Self::Error>;
    fn legacy(text: &str) -> Result<(), Self::Error>;
}

/// `CJ-3`: in-range integers only.
pub(crate) struct Strict;
impl NumberPolicy for Strict {
    type Error = EncodeError;
    #[inline]
    fn integer(i: i64) -> Result<(), EncodeError> {
        if (MIN_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&i) {
            Ok(())
        } else {
            Err(EncodeError::IntegerOutOfRange(i))
        }
    }
    fn legacy(text: &str) -> Result<(), EncodeError> {
        Err(EncodeError::LegacyNumber(text.to_owned()))
    }
}

/// `CJ-6`, rooms v1–5: anything that is a JSON number.
pub(crate) struct Lenient;
impl NumberPolicy for Lenient {
    type Error = EncodeError;
    #[inline]
    fn integer(_: i64) -> Result<(), EncodeError> {
        Ok(())
    }
    fn legacy(text: &str) -> Result<(), EncodeError> {
        if is_json_number(text) {
            Ok(())
        } else {
            Err(EncodeError::InvalidLegacyNumber(text.to_owned()))
        }
    }
}

/// Parser output, valid by construction.
struct Parsed;
impl NumberPolicy for Parsed {
    type Error = Infallible;
    #[inline]
    fn integer(_: i64) -> Result<(), Infallible> {
        Ok(())
    }
    #[inline]
    fn legacy(_: &str) -> Result<(), Infallible> {
        Ok(())
    }
}

/// An open container and the rest of its members.
#[derive(Debug)]
enum Frame<'a> {
    Array(std::slice::Iter<'a, CanonicalJsonValue>),
    Object(crate::object::Iter<'a>),
}

/// The open containers of an encoding: the first [`Stack::INLINE`] levels in
/// place, deeper ones in a vector, so that encoding a PDU (a few levels deep)
/// does not allocate.
#[derive(Debug)]
struct Stack<'a> {
    inline: [Frame<'a>; Stack::INLINE],
    /// Levels past [`Stack::INLINE`].
    spill: Vec<Frame<'a>>,
    /// Open levels, inline and spilled.
    len: usize,
}

impl<'a> Stack<'a> {
    const INLINE: usize = 8;

    fn new() -> Self {
        Self {
            inline: std::array::from_fn(|_| Frame::Array([].iter())),
            spill: Vec::new(),
            len: 0,
        }
    }

    #[inline]
    fn clear(&mut self) {
        self.spill.clear();
        self.len = 0;
    }

    #[inline]
    fn push(&mut self, frame: Frame<'a>) {
        match self.inline.get_mut(self.len) {
            Some(slot) => *slot = frame,
            None => self.spill.push(frame),
        }
        self.len += 1;
    }

    #[inline]
    fn last_mut(&mut self) -> Option<&mut Frame<'a>> {
        let top = self.len.checked_sub(1)?;
        if top < Self::INLINE {
            self.inline.get_mut(top)
        } else {
            self.spill.last_mut()
        }
    }

    #[inline]
    fn pop(&mut self) {
        if self.len > Self::INLINE {
            self.spill.pop();
        }
        self.len = self.len.saturating_sub(1);
    }
}

impl Default for Stack<'_> {
    fn default() -> Self {
        Self::new()
    }
}

fn write_value<P: NumberPolicy, S: Sink>(
    value: &CanonicalJsonValue,
    out: &mut S,
) -> Result<(), P::Error> {
    write_value_with::<P, S>(value, out, &mut Stack::new())
}

/// Appends `{`, the members of `object` whose key is not in `skip`, `}`,
/// with one stack for every member.
pub(crate) fn write_object_without<P: NumberPolicy, S: Sink>(
    object: &CanonicalJsonObject,
    skip: &[&str],
    out: &mut S,
) -> Result<(), P::Error> {
    let mut stack = Stack::new();
    out.push_ascii(b'{');
    let mut first = true;
    for (key, value) in object {
        if skip.iter().any(|s| same_text(s.as_bytes(), key.as_bytes())) {
            continue;
        }
        if !first {
            out.push_ascii(b',');
        }
        first = false;
        write_key(key, out);
        write_value_with::<P, S>(value, out, &mut stack)?;
    }
    out.push_ascii(b'}');
    Ok(())
}

/// `a == b`, without a call to `memcmp` for the short keys of a PDU: two
/// overlapping words compare anything from 4 to 16 bytes.
#[inline]
fn same_text(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    if let Some(equal) = ends_equal::<8>(a, b)
        && a.len() <= 16
    {
        return equal;
    }
    if let Some(equal) = ends_equal::<4>(a, b)
        && a.len() <= 8
    {
        return equal;
    }
    a == b
}

/// Whether the first `W` and the last `W` bytes of `a` and `b` agree: for
/// equal lengths from `W` to `2 * W`, whether `a == b`. `None` if shorter.
#[inline(always)]
fn ends_equal<const W: usize>(a: &[u8], b: &[u8]) -> Option<bool> {
    match (
        a.first_chunk::<W>(),
        a.last_chunk::<W>(),
        b.first_chunk::<W>(),
        b.last_chunk::<W>(),
    ) {
        (Some(a0), Some(a1), Some(b0), Some(b1)) => Some(a0 == b0 && a1 == b1),
        _ => None,
    }
}

/// [`write_value`] with a caller's stack (left empty on success).
fn write_value_with<'a, P: NumberPolicy, S: Sink>(
    value: &'a CanonicalJsonValue,
    out: &mut S,
    stack: &mut Stack<'a>,
) -> Result<(), P::Error> {
    stack.clear();
    let mut current = value;
    loop {
        match current {
            CanonicalJsonValue::Null => out.push_str("null"),
            CanonicalJsonValue::Bool(true) => out.push_str("true"),
            CanonicalJsonValue::Bool(false) => out.push_str("false"),
            CanonicalJsonValue::Integer(i) => {
                P::integer(*i)?;
                write_integer(*i, out);
            }
            CanonicalJsonValue::LegacyNumber(text) => {
                P::legacy(text)?;
                out.push_str(text);
            }
            CanonicalJsonValue::String(s) => out.push_string(s),
            CanonicalJsonValue::Array(array) => {
                out.push_ascii(b'[');
                let mut members = array.iter();
                if let Some(first) = members.next() {
                    stack.push(Frame::Array(members));
                    current = first;
                    continue;
                }
                out.push_ascii(b']');
            }
            CanonicalJsonValue::Object(object) => {
                out.push_ascii(b'{');
                let mut members = object.iter();
                if let Some((key, first)) = members.next() {
                    write_key(key, out);
                    stack.push(Frame::Object(members));
                    current = first;
                    continue;
                }
                out.push_ascii(b'}');
            }
        }
        // `current` is written: move to the next member, closing finished
        // containers on the way.
        out.checkpoint();
        loop {
            match stack.last_mut() {
                None => return Ok(()),
                Some(Frame::Array(members)) => {
                    if let Some(next) = members.next() {
                        out.push_ascii(b',');
                        current = next;
                        break;
                    }
                    out.push_ascii(b']');
                }
                Some(Frame::Object(members)) => {
                    if let Some((key, next)) = members.next() {
                        out.push_ascii(b',');
                        write_key(key, out);
                        current = next;
                        break;
                    }
                    out.push_ascii(b'}');
                }
            }
            stack.pop();
        }
    }
}

/// Pairs of decimal digits "00" to "99".
const DIGIT_PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// Writes `i` in decimal without allocating (`CJ-3`: no `+`, no leading zeros).
fn write_integer<S: Sink>(i: i64, out: &mut S) {
    let mut buf = [0u8; 20];
    let mut pos = buf.len();
    let mut n = i.unsigned_abs();
    // Each step writes the low two digits of `n` in front of the earlier ones;
    // `pos` only ever counts down from 20, at most 10 times.
    while n >= 10 {
        let pair = (n % 100) as usize * 2;
        n /= 100;
        if let (Some(dst), Some(src)) = (buf.get_mut(pos - 2..pos), DIGIT_PAIRS.get(pair..pair + 2))
        {
            dst.copy_from_slice(src);
        }
        pos -= 2;
    }
    if pos == buf.len() || n > 0 {
        pos -= 1;
        if let Some(slot) = buf.get_mut(pos) {
            *slot = b'0' + n as u8;
        }
    }
    if i < 0 {
        pos -= 1;
        if let Some(slot) = buf.get_mut(pos) {
            *slot = b'-';
        }
    }
    // Only ASCII digits and '-' were written.
    out.push_ascii_bytes(buf.get(pos..).unwrap_or_default());
}

/// A key and its `:`: a shared well-known key is plain ASCII, so needs no
/// escape scan.
#[inline(always)]
fn write_key<S: Sink>(key: &crate::object::ObjectKey, out: &mut S) {
    if key.is_shared() {
        out.push_plain_key(key);
    } else {
        out.push_string(key);
        out.push_ascii(b':');
    }
}

/// The escape of a byte that cannot stand raw in a JSON string (`CJ-4`):
/// `\"`, `\\`, the five short control escapes, else lower-case `\u00xx`.
/// Returns the escape's bytes, padded to six, and its length.
#[inline]
pub(crate) fn escape(byte: u8) -> ([u8; 6], usize) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match byte {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x09 => b't',
        0x0a => b'n',
        0x0c => b'f',
        0x0d => b'r',
        _ => {
            let hex = |nibble: u8| HEX.get(usize::from(nibble)).copied().unwrap_or(b'0');
            return (
                [b'\\', b'u', b'0', b'0', hex(byte >> 4), hex(byte & 0xf)],
                6,
            );
        }
    };
    ([b'\\', short, 0, 0, 0, 0], 2)
}

/// Writes `s` as a JSON string with exactly the `CJ-4` escapes.
pub(crate) fn write_string<S: Sink>(s: &str, out: &mut S) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push_ascii(b'"');
    let mut start = 0;
    loop {
        let pos = find_special(bytes, start);
        // `pos` is at an ASCII byte or the end: a character boundary.
        out.push_str(s.get(start..pos).unwrap_or_default());
        let Some(&byte) = bytes.get(pos) else {
            break;
        };
        let (escaped, len) = escape(byte);
        out.push_ascii_bytes(escaped.get(..len).unwrap_or_default());
        start = pos + 1;
    }
    out.push_ascii(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every length around the word sizes, equal and differing at each byte.
    #[test]
    fn same_text_is_byte_equality() {
        for n in 0..40 {
            let a: Vec<u8> = (0..n).map(|i| b'a' + (i % 26) as u8).collect();
            assert!(same_text(&a, &a.clone()), "{n}");
            for at in 0..n {
                let mut b = a.clone();
                b[at] ^= 1;
                assert!(!same_text(&a, &b), "{n} at {at}");
            }
            assert!(!same_text(&a, &a[..n.saturating_sub(1)]) || n == 0);
        }
    }
}
