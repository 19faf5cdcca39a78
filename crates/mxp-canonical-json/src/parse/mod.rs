//! The strict, iterative canonical JSON reader.
//!
//! One pass over the bytes with an explicit stack of open containers: no
//! recursion, so no input can overflow the call stack, and the nesting limit
//! bounds the stack. Every accepted input yields a value the encoder can write
//! (in [`NumberMode::Lenient`], the lenient encoder).

mod error;
pub(crate) mod number;
mod string;

pub use error::ParseError;

use std::borrow::Cow;

use crate::object::ObjectKey;
use crate::options::{NumberMode, ParseOptions};
use crate::value::{CanonicalJsonObject, CanonicalJsonValue};

/// Parses one JSON value from `input` per `options`.
///
/// Whitespace between tokens is allowed (the input need not be canonical);
/// anything but whitespace after the value is [`ParseError::TrailingData`].
///
/// ```
/// use mxp_canonical_json::{ParseOptions, parse_value, to_canonical_string};
///
/// let value = parse_value(br#"{ "b": [1, "\u00e9"], "a": null }"#, &ParseOptions::strict())?;
/// assert_eq!(to_canonical_string(&value)?, r#"{"a":null,"b":[1,"é"]}"#);
///
/// let err = parse_value(br#"{"a": 1, "a": 2}"#, &ParseOptions::strict()).unwrap_err();
/// assert_eq!(err.kind(), "duplicate_key");
/// assert_eq!(err.offset(), 9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn parse_value(input: &[u8], options: &ParseOptions) -> Result<CanonicalJsonValue, ParseError> {
    check_size(input.len(), options)?;
    let text = std::str::from_utf8(input).map_err(|e| ParseError::InvalidUtf8 {
        offset: e.valid_up_to(),
    })?;
    Parser::new(text, options).parse()
}

/// Parses one JSON value from a string; like [`parse_value`] without the
/// UTF-8 check.
pub fn parse_str(input: &str, options: &ParseOptions) -> Result<CanonicalJsonValue, ParseError> {
    check_size(input.len(), options)?;
    Parser::new(input, options).parse()
}

/// Parses a JSON object (a PDU, a signed JSON object) from `input`.
///
/// ```
/// use mxp_canonical_json::{ParseOptions, parse_object};
///
/// let pdu = parse_object(br#"{"depth": 9007199254740992}"#, &ParseOptions::strict());
/// assert_eq!(pdu.unwrap_err().kind(), "integer_out_of_range");
///
/// let old = parse_object(br#"{"depth": 9007199254740992}"#, &ParseOptions::lenient())?;
/// assert!(old["depth"].as_integer().is_none());
/// assert_eq!(parse_object(b"[]", &ParseOptions::strict()).unwrap_err().kind(), "not_an_object");
/// # Ok::<(), mxp_canonical_json::ParseError>(())
/// ```
pub fn parse_object(
    input: &[u8],
    options: &ParseOptions,
) -> Result<CanonicalJsonObject, ParseError> {
    into_object(input, parse_value(input, options)?)
}

/// Parses a JSON object from a string; like [`parse_object`] without the UTF-8
/// check.
pub fn parse_object_str(
    input: &str,
    options: &ParseOptions,
) -> Result<CanonicalJsonObject, ParseError> {
    into_object(input.as_bytes(), parse_str(input, options)?)
}

fn into_object(input: &[u8], value: CanonicalJsonValue) -> Result<CanonicalJsonObject, ParseError> {
    match value {
        CanonicalJsonValue::Object(object) => Ok(object),
        _ => Err(ParseError::NotAnObject {
            offset: input
                .iter()
                .position(|b| !is_whitespace(*b))
                .unwrap_or_default(),
        }),
    }
}

fn check_size(size: usize, options: &ParseOptions) -> Result<(), ParseError> {
    match options.max_size() {
        Some(limit) if size > limit => Err(ParseError::TooLarge { size, limit }),
        _ => Ok(()),
    }
}

fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// An open container and what has been read of it so far.
enum Frame {
    Array(Vec<CanonicalJsonValue>),
    Object {
        /// Where this object's members start in [`Members`].
        start: usize,
        /// Whether its keys so far came in strictly increasing order.
        sorted: bool,
        /// The key whose value is being read, and the offset of its quote.
        key: ObjectKey,
        key_offset: usize,
    },
}

/// The members of every open object, innermost last, each with the offset of
/// its key's quote: one buffer for the whole parse, so each object is
/// allocated once, at its exact size, when it closes.
struct Members(Vec<(ObjectKey, CanonicalJsonValue, usize)>);

impl Members {
    /// Adds a member to the innermost object (which starts at `start`).
    /// A key equal to the one before is refused at once; other out-of-order
    /// keys clear `sorted` and are checked when the object closes.
    fn push(
        &mut self,
        start: usize,
        sorted: &mut bool,
        key: ObjectKey,
        key_offset: usize,
        value: CanonicalJsonValue,
    ) -> Result<(), ParseError> {
        if self.0.len() > start
            && let Some((last, _, _)) = self.0.last()
        {
            match last.as_bytes().cmp(key.as_bytes()) {
                std::cmp::Ordering::Less => {}
                // P1-14: duplicates are rejected, never resolved.
                std::cmp::Ordering::Equal => {
                    return Err(ParseError::duplicate_key(key_offset, &key));
                }
                std::cmp::Ordering::Greater => *sorted = false,
            }
        }
        self.0.push((key, value, key_offset));
        Ok(())
    }

    /// Takes the innermost object's members out as an object.
    fn close(&mut self, start: usize, sorted: bool) -> Result<CanonicalJsonObject, ParseError> {
        let start = start.min(self.0.len());
        if !sorted && let Some(members) = self.0.get_mut(start..) {
            // Sorted in place; stable, so equal keys keep their input order.
            members.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            // P1-14: report the duplicate whose second occurrence comes first.
            let duplicate = members
                .windows(2)
                .filter_map(|pair| match pair {
                    [(a, _, first), (b, _, second)] if a == b => Some((*first.max(second), b)),
                    _ => None,
                })
                .min_by_key(|(offset, _)| *offset);
            if let Some((offset, key)) = duplicate {
                return Err(ParseError::duplicate_key(offset, key));
            }
        }
        Ok(CanonicalJsonObject::from_sorted(
            self.0
                .drain(start..)
                .map(|(key, value, _)| (key, value))
                .collect(),
        ))
    }
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    mode: NumberMode,
    max_depth: usize,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str, options: &ParseOptions) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            mode: options.number_mode(),
            max_depth: options.max_depth(),
        }
    }

    #[inline]
    fn skip_whitespace(&mut self) {
        while self.bytes.get(self.pos).is_some_and(|b| is_whitespace(*b)) {
            self.pos += 1;
        }
    }

    /// The next non-whitespace byte, not consumed.
    #[inline]
    fn peek_token(&mut self) -> Option<u8> {
        self.skip_whitespace();
        self.bytes.get(self.pos).copied()
    }

    fn unexpected(&self, expected: &'static str) -> ParseError {
        match self
            .text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
        {
            Some(found) => ParseError::UnexpectedCharacter {
                offset: self.pos,
                found,
                expected,
            },
            None => ParseError::UnexpectedEnd {
                offset: self.bytes.len(),
                expected,
            },
        }
    }

    fn parse(mut self) -> Result<CanonicalJsonValue, ParseError> {
        // Sized for a typical PDU, so neither buffer grows while reading one.
        let mut stack: Vec<Frame> = Vec::with_capacity(8);
        let mut members = Members(Vec::with_capacity(16));
        'value: loop {
            // Read one value, or open a container and go read its first value.
            let mut value = match self.peek_token() {
                Some(b'{') => {
                    self.enter(stack.len())?;
                    self.pos += 1;
                    if self.peek_token() == Some(b'}') {
                        self.pos += 1;
                        CanonicalJsonValue::Object(CanonicalJsonObject::new())
                    } else {
                        let (key, key_offset) = self.parse_key()?;
                        stack.push(Frame::Object {
                            start: members.0.len(),
                            sorted: true,
                            key,
                            key_offset,
                        });
                        continue 'value;
                    }
                }
                Some(b'[') => {
                    self.enter(stack.len())?;
                    self.pos += 1;
                    if self.peek_token() == Some(b']') {
                        self.pos += 1;
                        CanonicalJsonValue::Array(Vec::new())
                    } else {
                        stack.push(Frame::Array(Vec::new()));
                        continue 'value;
                    }
                }
                _ => self.parse_scalar()?,
            };
            // Hand the finished value to the open containers, closing those
            // that end here.
            loop {
                match stack.last_mut() {
                    None => {
                        self.skip_whitespace();
                        if self.pos < self.bytes.len() {
                            return Err(ParseError::TrailingData { offset: self.pos });
                        }
                        return Ok(value);
                    }
                    Some(Frame::Array(array)) => {
                        array.push(value);
                        match self.peek_token() {
                            Some(b',') => {
                                self.pos += 1;
                                continue 'value;
                            }
                            Some(b']') => self.pos += 1,
                            _ => return Err(self.unexpected("',' or ']'")),
                        }
                    }
                    Some(Frame::Object {
                        start,
                        sorted,
                        key,
                        key_offset,
                    }) => {
                        members.push(*start, sorted, std::mem::take(key), *key_offset, value)?;
                        match self.peek_token() {
                            Some(b',') => {
                                self.pos += 1;
                                let (next_key, next_offset) = self.parse_key()?;
                                *key = next_key;
                                *key_offset = next_offset;
                                continue 'value;
                            }
                            Some(b'}') => self.pos += 1,
                            _ => return Err(self.unexpected("',' or '}'")),
                        }
                    }
                }
                // The container on top of the stack ended: it is the value now.
                value = match stack.pop() {
                    Some(Frame::Array(array)) => CanonicalJsonValue::Array(array),
                    Some(Frame::Object { start, sorted, .. }) => {
                        CanonicalJsonValue::Object(members.close(start, sorted)?)
                    }
                    None => return Err(self.unexpected("a value")),
                };
            }
        }
    }

    /// Checks that one more container fits under the depth limit.
    fn enter(&self, open: usize) -> Result<(), ParseError> {
        if open >= self.max_depth {
            return Err(ParseError::TooDeep {
                offset: self.pos,
                limit: self.max_depth,
            });
        }
        Ok(())
    }

    /// Reads `"key" :` and returns the key and the offset of its quote.
    fn parse_key(&mut self) -> Result<(ObjectKey, usize), ParseError> {
        if self.peek_token() != Some(b'"') {
            return Err(self.unexpected("a string key"));
        }
        let offset = self.pos;
        let (key, end) = string::parse_string(self.text, offset)?;
        // A borrowed key is shared if well known (most are), else copied.
        let key = match key {
            Cow::Borrowed(text) => ObjectKey::from(text),
            Cow::Owned(text) => ObjectKey::from(text),
        };
        self.pos = end;
        if self.peek_token() != Some(b':') {
            return Err(self.unexpected("':'"));
        }
        self.pos += 1;
        Ok((key, offset))
    }

    /// Reads a string, number or literal at the current (non-whitespace) position.
    fn parse_scalar(&mut self) -> Result<CanonicalJsonValue, ParseError> {
        let start = self.pos;
        let rest = self.bytes.get(start..).unwrap_or_default();
        let literal = |word: &[u8], value| rest.starts_with(word).then_some((value, word.len()));
        let (value, len) = match rest.first() {
            Some(b'"') => {
                let (s, end) = string::parse_string(self.text, start)?;
                self.pos = end;
                return Ok(CanonicalJsonValue::String(s.into_owned()));
            }
            Some(b'-' | b'0'..=b'9') => {
                let (value, end) = number::parse_number(self.text, start, self.mode)?;
                self.pos = end;
                return Ok(value);
            }
            Some(b't') => literal(b"true", CanonicalJsonValue::Bool(true)),
            Some(b'f') => literal(b"false", CanonicalJsonValue::Bool(false)),
            Some(b'n') => literal(b"null", CanonicalJsonValue::Null),
            Some(b'N') if rest.starts_with(b"NaN") => {
                return Err(ParseError::NonFiniteNumber {
                    offset: start,
                    token: "NaN",
                });
            }
            Some(b'I') if rest.starts_with(b"Infinity") => {
                return Err(ParseError::NonFiniteNumber {
                    offset: start,
                    token: "Infinity",
                });
            }
            Some(b'+') => {
                return Err(ParseError::InvalidNumber {
                    offset: start,
                    reason: "a leading '+' is not allowed",
                });
            }
            Some(b'.') => {
                return Err(ParseError::InvalidNumber {
                    offset: start,
                    reason: "a digit must precede '.'",
                });
            }
            _ => None,
        }
        .ok_or_else(|| self.unexpected("a value"))?;
        self.pos = start + len;
        Ok(value)
    }
}
