//! Federation request signatures: the `X-Matrix` Authorization scheme
//! (Server-Server API, "Request Authentication").
//!
//! A request is authenticated by signing (`SIG-1`) the JSON object
//! `{"method", "uri", "origin", "destination", "content"?}` as the origin
//! server, and sending the signature in an `Authorization` header:
//!
//! ```text
//! Authorization: X-Matrix origin="origin.example",destination="dest.example",key="ed25519:1",sig="…"
//! ```
//!
//! The functions here build and check that object and read and write the
//! header, with `http` types at the edges; sending and receiving requests is
//! the caller's business.
//!
//! ```
//! use http::{Method, Uri};
//! use mxp_canonical_json::CanonicalJsonValue;
//! use mxp_ids::{KeyId, ServerName};
//! use mxp_signatures::{KeyRing, SigningKey, XMatrix, sign_request, verify_request};
//!
//! let key = SigningKey::from_seed(KeyId::parse("ed25519:1").unwrap(), &[1; 32]).unwrap();
//! let origin = ServerName::parse("origin.example").unwrap();
//! let destination = ServerName::parse("dest.example").unwrap();
//! let uri: Uri = "/_matrix/federation/v1/send/1?x=y".parse().unwrap();
//! let body = CanonicalJsonValue::try_from(serde_json::json!({"pdus": []})).unwrap();
//!
//! // Sending side.
//! let header = sign_request(&Method::PUT, &uri, origin, destination, Some(&body), &key).unwrap();
//! let value = header.to_header_value().unwrap();
//!
//! // Receiving side.
//! let received = XMatrix::from_header_value(&value).unwrap();
//! let mut keys = KeyRing::new();
//! keys.insert("origin.example", key.key_id(), *key.public_key());
//! verify_request(&Method::PUT, &uri, destination, Some(&body), &received, &keys).unwrap();
//! assert!(verify_request(&Method::PUT, &uri, destination, None, &received, &keys).is_err());
//! ```

use std::fmt;

use http::{HeaderValue, Method, Uri};
use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue, EncodeError};
use mxp_ids::{IdError, OwnedKeyId, OwnedServerName, ServerName, SigningKeyAlgorithm};

use crate::base64::Base64Error;
use crate::json::signing_input;
use crate::keyring::KeyRing;
use crate::keys::{Signature, SigningKey};

/// The longest header value parsed; real ones are about 250 bytes.
const MAX_HEADER_LEN: usize = 8192;

/// A parsed `X-Matrix` Authorization header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XMatrix {
    /// The requesting server (`origin`).
    pub origin: OwnedServerName,
    /// The server the request is for (`destination`); absent in requests from
    /// servers older than spec v1.3, in which case the recipient assumes its
    /// own name.
    pub destination: Option<OwnedServerName>,
    /// The ID of the origin's key that made the signature (`key`).
    pub key: OwnedKeyId,
    /// The signature (`sig`).
    pub sig: Signature,
}

/// Why an `Authorization` header is not a valid `X-Matrix` one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum XMatrixParseError {
    /// The header value has bytes outside visible ASCII, space and tab.
    #[error("the header value is not visible ASCII")]
    NotAscii,
    /// The header value is longer than 8192 bytes.
    #[error("the header value is longer than 8192 bytes")]
    TooLong,
    /// The scheme is not `X-Matrix` (compared case-insensitively).
    #[error("authorization scheme {0:?} is not X-Matrix")]
    WrongScheme(String),
    /// The text does not follow the `auth-param` list syntax.
    #[error("syntax error at byte {position}: expected {expected}")]
    Syntax {
        /// Byte offset into the header value.
        position: usize,
        /// What was expected there.
        expected: &'static str,
    },
    /// A parameter appears twice (names compared case-insensitively).
    #[error("parameter {0:?} appears twice")]
    DuplicateParameter(String),
    /// A required parameter (`origin`, `key` or `sig`) is missing.
    #[error("parameter {0:?} is missing")]
    MissingParameter(&'static str),
    /// `origin` is not a valid server name.
    #[error("invalid origin: {0}")]
    InvalidOrigin(IdError),
    /// `destination` is not a valid server name.
    #[error("invalid destination: {0}")]
    InvalidDestination(IdError),
    /// `key` is not a key ID.
    #[error("invalid key ID: {0}")]
    InvalidKeyId(IdError),
    /// `sig` is not unpadded base64 of 64 bytes.
    #[error("invalid signature: {0}")]
    InvalidSignature(Base64Error),
}

/// Why a request could not be signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestSignError {
    /// The body has no canonical JSON encoding.
    #[error("the request body has no canonical JSON encoding: {0}")]
    Encode(#[from] EncodeError),
}

/// Why a signed request was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestVerifyError {
    /// The header names another server as the destination.
    #[error("request is for {found}, not {expected}")]
    WrongDestination {
        /// This server.
        expected: OwnedServerName,
        /// The header's `destination`.
        found: OwnedServerName,
    },
    /// The key ID's algorithm is not `ed25519`.
    #[error("unsupported key algorithm in {0}")]
    UnsupportedAlgorithm(OwnedKeyId),
    /// The origin's key with this ID is not in the key ring.
    #[error("unknown key {key} of {origin}")]
    UnknownKey {
        /// The origin.
        origin: OwnedServerName,
        /// The key ID.
        key: OwnedKeyId,
    },
    /// The key is on the deny-list (P1-28).
    #[error("key {0} is deny-listed")]
    DeniedKey(OwnedKeyId),
    /// The signature does not verify.
    #[error("the request signature does not verify")]
    BadSignature,
    /// The body has no canonical JSON encoding.
    #[error("the request body has no canonical JSON encoding: {0}")]
    Encode(#[from] EncodeError),
}

/// The JSON object a request signature covers: `method`, `uri` (path and
/// query), `origin`, `destination` and, when the request has a body,
/// `content`.
pub fn request_json(
    method: &Method,
    uri: &Uri,
    origin: &ServerName,
    destination: &ServerName,
    content: Option<&CanonicalJsonValue>,
) -> CanonicalJsonObject {
    let mut object = CanonicalJsonObject::new();
    object.insert("method".into(), method.as_str().into());
    object.insert("uri".into(), request_target(uri).into());
    object.insert("origin".into(), origin.as_str().into());
    object.insert("destination".into(), destination.as_str().into());
    if let Some(content) = content {
        object.insert("content".into(), content.clone());
    }
    object
}

/// The path and query of a request URI, as signed (`"/a/b?c=d"`).
fn request_target(uri: &Uri) -> &str {
    uri.path_and_query()
        .map_or_else(|| uri.path(), |pq| pq.as_str())
}

/// Signs a request as `origin` and returns the `Authorization` header.
pub fn sign_request(
    method: &Method,
    uri: &Uri,
    origin: &ServerName,
    destination: &ServerName,
    content: Option<&CanonicalJsonValue>,
    key: &SigningKey,
) -> Result<XMatrix, RequestSignError> {
    let object = request_json(method, uri, origin, destination, content);
    let sig = key.sign(&signing_input(&object)?);
    Ok(XMatrix {
        origin: origin.to_owned(),
        destination: Some(destination.to_owned()),
        key: key.key_id().to_owned(),
        sig,
    })
}

/// Checks a received request's `X-Matrix` header. `destination` is this
/// server's name: the header's `destination` must equal it (when absent, it
/// is assumed). The origin's key is looked up in `keys`.
pub fn verify_request(
    method: &Method,
    uri: &Uri,
    destination: &ServerName,
    content: Option<&CanonicalJsonValue>,
    header: &XMatrix,
    keys: &KeyRing,
) -> Result<(), RequestVerifyError> {
    if let Some(found) = &header.destination
        && found.as_str() != destination.as_str()
    {
        return Err(RequestVerifyError::WrongDestination {
            expected: destination.to_owned(),
            found: found.clone(),
        });
    }
    if header.key.algorithm() != SigningKeyAlgorithm::Ed25519 {
        return Err(RequestVerifyError::UnsupportedAlgorithm(header.key.clone()));
    }
    let key = keys
        .get(header.origin.as_str(), header.key.as_str())
        .ok_or_else(|| RequestVerifyError::UnknownKey {
            origin: header.origin.clone(),
            key: header.key.clone(),
        })?;
    if keys.is_denied(&key.key) {
        return Err(RequestVerifyError::DeniedKey(header.key.clone()));
    }
    let object = request_json(method, uri, &header.origin, destination, content);
    key.key
        .verify(&signing_input(&object)?, &header.sig)
        .map_err(|_| RequestVerifyError::BadSignature)
}

impl XMatrix {
    /// Parses an `Authorization` header value.
    ///
    /// Follows RFC 9110 §11.4 as the spec asks: the scheme is compared
    /// case-insensitively; parameters are comma-separated `name=value` pairs
    /// with optional spaces and tabs around commas and `=`; names are
    /// case-insensitive and in any order; values are tokens or quoted strings
    /// with backslash escapes. For older servers, unquoted values may also
    /// hold `:`, `[`, `]` and `/` (server names with ports, IPv6 literals,
    /// base64). Unknown parameters are ignored; duplicates are an error.
    ///
    /// ```
    /// use mxp_signatures::XMatrix;
    ///
    /// let sig = "K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ";
    /// let header = format!(r#"x-matrix  Key="ed25519:1" , sig={sig},origin=a.example:8448,extra="ignored""#);
    /// let parsed = XMatrix::parse(&header).unwrap();
    /// assert_eq!(parsed.origin.as_str(), "a.example:8448");
    /// assert_eq!(parsed.destination, None);
    /// assert_eq!(parsed.key.as_str(), "ed25519:1");
    /// ```
    pub fn parse(header: &str) -> Result<Self, XMatrixParseError> {
        if header.len() > MAX_HEADER_LEN {
            return Err(XMatrixParseError::TooLong);
        }
        if !header
            .bytes()
            .all(|b| b == b'\t' || (0x20..0x7f).contains(&b))
        {
            return Err(XMatrixParseError::NotAscii);
        }
        let mut p = Parser {
            s: header.as_bytes(),
            i: 0,
        };
        p.skip_ows();
        let scheme = p.token();
        if !scheme.eq_ignore_ascii_case("X-Matrix") {
            return Err(XMatrixParseError::WrongScheme(scheme.to_owned()));
        }
        if !p.skip_spaces() {
            return Err(p.error("a space after the scheme"));
        }
        let mut origin = None;
        let mut destination = None;
        let mut key = None;
        let mut sig = None;
        loop {
            p.skip_ows();
            if p.at_end() {
                break;
            }
            if p.eat(b',') {
                continue; // empty list element (RFC 9110 §5.6.1)
            }
            let name = p.token();
            if name.is_empty() {
                return Err(p.error("a parameter name"));
            }
            p.skip_ows();
            if !p.eat(b'=') {
                return Err(p.error("`=`"));
            }
            p.skip_ows();
            let value = p.value()?;
            let slot = match name.to_ascii_lowercase().as_str() {
                "origin" => Some(&mut origin),
                "destination" => Some(&mut destination),
                "key" => Some(&mut key),
                "sig" => Some(&mut sig),
                _ => None, // unknown parameters are ignored
            };
            if let Some(slot) = slot {
                if slot.is_some() {
                    return Err(XMatrixParseError::DuplicateParameter(
                        name.to_ascii_lowercase(),
                    ));
                }
                *slot = Some(value);
            }
            p.skip_ows();
            if !p.at_end() && !p.eat(b',') {
                return Err(p.error("`,` or the end of the header"));
            }
        }
        let origin = origin.ok_or(XMatrixParseError::MissingParameter("origin"))?;
        let key = key.ok_or(XMatrixParseError::MissingParameter("key"))?;
        let sig = sig.ok_or(XMatrixParseError::MissingParameter("sig"))?;
        Ok(Self {
            origin: OwnedServerName::try_from(origin).map_err(XMatrixParseError::InvalidOrigin)?,
            destination: destination
                .map(OwnedServerName::try_from)
                .transpose()
                .map_err(XMatrixParseError::InvalidDestination)?,
            key: OwnedKeyId::try_from(key).map_err(XMatrixParseError::InvalidKeyId)?,
            sig: Signature::from_base64(&sig).map_err(XMatrixParseError::InvalidSignature)?,
        })
    }

    /// Parses an `http` header value; see [`Self::parse`].
    pub fn from_header_value(value: &HeaderValue) -> Result<Self, XMatrixParseError> {
        Self::parse(value.to_str().map_err(|_| XMatrixParseError::NotAscii)?)
    }

    /// The header value, with every parameter quoted and names in lower case,
    /// as the spec recommends for compatibility.
    ///
    /// Fails only for a hand-built header whose key ID holds characters a
    /// header cannot carry (control or non-ASCII characters); headers from
    /// [`sign_request`] or [`Self::parse`] always convert.
    pub fn to_header_value(&self) -> Result<HeaderValue, http::header::InvalidHeaderValue> {
        HeaderValue::from_str(&self.to_string())
    }
}

impl fmt::Display for XMatrix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("X-Matrix origin=")?;
        write_quoted(f, self.origin.as_str())?;
        if let Some(destination) = &self.destination {
            f.write_str(",destination=")?;
            write_quoted(f, destination.as_str())?;
        }
        f.write_str(",key=")?;
        write_quoted(f, self.key.as_str())?;
        f.write_str(",sig=")?;
        write_quoted(f, &self.sig.to_base64())
    }
}

fn write_quoted(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_str("\"")?;
    for c in s.chars() {
        if c == '"' || c == '\\' {
            f.write_str("\\")?;
        }
        write!(f, "{c}")?;
    }
    f.write_str("\"")
}

/// `tchar` (RFC 9110 §5.6.2).
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// What an unquoted value may hold: `tchar`, plus `:` (which the spec asks
/// recipients to allow), `[`, `]` and `/` (IPv6 literals and base64 from
/// older senders).
fn is_unquoted_value_char(b: u8) -> bool {
    is_tchar(b) || b":[]/=".contains(&b)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn at_end(&self) -> bool {
        self.i >= self.s.len()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// Skips spaces and tabs.
    fn skip_ows(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }

    /// Skips one or more spaces; whether there was one.
    fn skip_spaces(&mut self) -> bool {
        let start = self.i;
        while self.peek() == Some(b' ') {
            self.i += 1;
        }
        self.i > start
    }

    fn take_while(&mut self, f: impl Fn(u8) -> bool) -> &'a str {
        let start = self.i;
        while self.peek().is_some_and(&f) {
            self.i += 1;
        }
        // Only ASCII was consumed, so this is a char boundary.
        self.s
            .get(start..self.i)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default()
    }

    fn token(&mut self) -> &'a str {
        self.take_while(is_tchar)
    }

    fn value(&mut self) -> Result<String, XMatrixParseError> {
        if !self.eat(b'"') {
            let v = self.take_while(is_unquoted_value_char);
            if v.is_empty() {
                return Err(self.error("a parameter value"));
            }
            return Ok(v.to_owned());
        }
        let mut out = String::new();
        loop {
            match self.peek() {
                None => return Err(self.error("a closing `\"`")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    match self.peek() {
                        Some(b) => {
                            out.push(char::from(b));
                            self.i += 1;
                        }
                        None => return Err(self.error("a character after `\\`")),
                    }
                }
                Some(b) => {
                    out.push(char::from(b));
                    self.i += 1;
                }
            }
        }
    }

    fn error(&self, expected: &'static str) -> XMatrixParseError {
        XMatrixParseError::Syntax {
            position: self.i,
            expected,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIG: &str =
        "K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ";

    fn header(origin: &str, destination: Option<&str>) -> XMatrix {
        XMatrix {
            origin: OwnedServerName::try_from(origin).unwrap(),
            destination: destination.map(|d| OwnedServerName::try_from(d).unwrap()),
            key: OwnedKeyId::try_from("ed25519:1").unwrap(),
            sig: Signature::from_base64(SIG).unwrap(),
        }
    }

    #[test]
    fn formats_as_the_spec_shows() {
        assert_eq!(
            header("origin.hs.example.com", Some("destination.hs.example.com")).to_string(),
            format!(
                r#"X-Matrix origin="origin.hs.example.com",destination="destination.hs.example.com",key="ed25519:1",sig="{SIG}""#
            )
        );
    }

    #[test]
    fn round_trips() {
        for h in [
            header("a.example", Some("b.example")),
            header("[::1]:8448", None),
            header("1.2.3.4:80", Some("[2001:db8::1]")),
        ] {
            assert_eq!(XMatrix::parse(&h.to_string()).unwrap(), h);
            assert_eq!(
                XMatrix::from_header_value(&h.to_header_value().unwrap()).unwrap(),
                h
            );
        }
    }

    #[test]
    fn accepts_unquoted_any_order_any_case_and_whitespace() {
        let expected = header("a.example:8448", Some("b.example"));
        for text in [
            format!("X-Matrix origin=a.example:8448,destination=b.example,key=ed25519:1,sig={SIG}"),
            format!(
                "x-matrix sig=\"{SIG}\",KEY=\"ed25519:1\",Destination=b.example,ORIGIN=\"a.example:8448\""
            ),
            format!(
                "X-MATRIX   origin = \"a.example:8448\" ,\tdestination=\"b.example\" , key=\"ed25519:1\",sig=\"{SIG}\"  "
            ),
            format!(
                "X-Matrix ,origin=\"a.example:8448\",,destination=\"b.example\",key=\"ed25519:1\",sig=\"{SIG}\","
            ),
            format!(
                "X-Matrix origin=\"a.ex\\ample:8448\",destination=\"b.example\",key=\"ed25519:1\",sig=\"{SIG}\",unknown=\"x, y\",other=z"
            ),
        ] {
            assert_eq!(XMatrix::parse(&text).unwrap(), expected, "{text}");
        }
    }

    #[test]
    fn rejects_bad_input() {
        use XMatrixParseError as E;
        let ok = format!("origin=\"a.example\",key=\"ed25519:1\",sig=\"{SIG}\"");
        type Check = fn(&E) -> bool;
        let cases: Vec<(String, Check)> = vec![
            (
                format!("Bearer {ok}"),
                |e| matches!(e, E::WrongScheme(s) if s == "Bearer"),
            ),
            (format!("X-Matrix{ok}"), |e| matches!(e, E::WrongScheme(_))),
            ("X-Matrix".to_owned(), |e| matches!(e, E::Syntax { .. })),
            ("X-Matrix ".to_owned(), |e| {
                matches!(e, E::MissingParameter("origin"))
            }),
            (
                format!("X-Matrix {ok},origin=b.example"),
                |e| matches!(e, E::DuplicateParameter(n) if n == "origin"),
            ),
            (format!("X-Matrix {ok},ORIGIN=b.example"), |e| {
                matches!(e, E::DuplicateParameter(_))
            }),
            (format!("X-Matrix key=\"ed25519:1\",sig=\"{SIG}\""), |e| {
                matches!(e, E::MissingParameter("origin"))
            }),
            (format!("X-Matrix origin=a.example,sig=\"{SIG}\""), |e| {
                matches!(e, E::MissingParameter("key"))
            }),
            ("X-Matrix origin=a.example,key=ed25519:1".to_owned(), |e| {
                matches!(e, E::MissingParameter("sig"))
            }),
            (format!("X-Matrix {ok},destination=\"unterminated"), |e| {
                matches!(
                    e,
                    E::Syntax {
                        expected: "a closing `\"`",
                        ..
                    }
                )
            }),
            (format!("X-Matrix {ok} origin2=x"), |e| {
                matches!(e, E::Syntax { .. })
            }),
            (format!("X-Matrix {ok},=x"), |e| {
                matches!(e, E::Syntax { .. })
            }),
            (format!("X-Matrix {ok},destination"), |e| {
                matches!(e, E::Syntax { .. })
            }),
            (format!("X-Matrix {ok},destination="), |e| {
                matches!(e, E::Syntax { .. })
            }),
            (
                format!("X-Matrix origin=\"bad host!\",key=\"ed25519:1\",sig=\"{SIG}\""),
                |e| matches!(e, E::InvalidOrigin(_)),
            ),
            (format!("X-Matrix {ok},destination=\"\""), |e| {
                matches!(e, E::InvalidDestination(_))
            }),
            (
                format!("X-Matrix origin=a.example,key=nocolon,sig=\"{SIG}\""),
                |e| matches!(e, E::InvalidKeyId(_)),
            ),
            (
                "X-Matrix origin=a.example,key=ed25519:1,sig=\"Zm9v\"".to_owned(),
                |e| matches!(e, E::InvalidSignature(_)),
            ),
            (format!("X-Matrix {ok},x=\"é\""), |e| {
                matches!(e, E::NotAscii)
            }),
            (format!("X-Matrix {ok},x=\"{}\"", "a".repeat(9000)), |e| {
                matches!(e, E::TooLong)
            }),
        ];
        for (text, check) in cases {
            let err = XMatrix::parse(&text).unwrap_err();
            assert!(check(&err), "{text:.80}: {err:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,200}") {
            let _ = XMatrix::parse(&s);
            let _ = XMatrix::parse(&format!("X-Matrix {s}"));
        }
    }
}
