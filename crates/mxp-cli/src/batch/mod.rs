//! `mxp batch`: the JSON-lines protocol of `PROTOCOL.md`.
//!
//! One request per input line, one response per output line, in order,
//! flushed after each; a bad line gets an error response and the loop goes
//! on; end of input ends the loop.
//!
//! # Adding an op
//!
//! 1. Write `pub(super) fn my_op(req: &Request<'_>) -> Result<Output, BatchError>`
//!    in the module of its family (`ids.rs`, `canonical.rs`, `events.rs`,
//!    `auth.rs`, `resolve.rs`; add `mod <family>;` below if it is new).
//! 2. Read fields with the [`Request`] helpers: [`Request::str`] (required
//!    string), [`Request::opt_bool`], [`Request::json`] (any `Deserialize`
//!    type), [`Request::room_version`], [`Request::event`] (a PDU parsed
//!    exactly, with the room version's canonical JSON rules),
//!    [`Request::raw`] (the field's exact JSON text). They answer
//!    `missing_field`, `bad_request` or `unsupported_room_version` for you.
//! 3. Return `Ok(Output::Json(value))`, or `Ok(Output::Raw(text))` when the
//!    JSON text must be written byte for byte; fail with
//!    [`BatchError::new`]`(kind, message)`, with a stable snake_case `kind`.
//! 4. Add one line to the `match` in `dispatch` (below).
//! 5. Add requests and expected responses to `tests/batch.rs`.

mod auth;
mod canonical;
mod events;
mod ids;
mod keys;
mod resolve;

use std::borrow::Cow;
use std::fmt;
use std::io::{self, BufRead, Write};

use mxp_canonical_json::{CanonicalJsonObject, ParseOptions};
use mxp_ids::{OwnedRoomVersionId, RoomVersionId};
use mxp_room_versions::RoomVersionRules;
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

/// The longest request line read, in bytes (128 MiB): enough for `resolve`
/// requests carrying large auth chains, small enough to bound memory. A
/// longer line is skipped and answered with a `too_large` error.
pub const MAX_LINE_BYTES: usize = 128 << 20;

/// Runs the batch protocol until `input` ends: one response line on
/// `output` per request line of `input`, flushed after each.
///
/// Only I/O errors (reading `input` or writing `output`) end it early.
///
/// ```
/// let input = br#"{"op":"parse_id","kind":"user_id","input":"@alice:example.org","id":7}"#;
/// let mut output = Vec::new();
/// mxp_cli::run_batch(&input[..], &mut output).unwrap();
/// assert_eq!(
///     String::from_utf8(output).unwrap(),
///     "{\"id\":7,\"ok\":{\"historical\":false,\"localpart\":\"alice\",\"server_name\":\"example.org\"}}\n"
/// );
/// ```
pub fn run_batch(input: impl BufRead, output: impl Write) -> io::Result<()> {
    run_batch_with_max_line(input, output, MAX_LINE_BYTES)
}

/// [`run_batch`] with another limit on the length of a request line; a
/// longer line is skipped and answered with a `too_large` error.
pub fn run_batch_with_max_line(
    mut input: impl BufRead,
    mut output: impl Write,
    max_line_bytes: usize,
) -> io::Result<()> {
    let mut line = Vec::new();
    let mut response = Vec::new();
    loop {
        line.clear();
        let complete = read_line(&mut input, &mut line, max_line_bytes)?;
        if line.is_empty() && complete == LineEnd::Eof {
            return Ok(());
        }
        response.clear();
        if complete == LineEnd::TooLong {
            write_response(
                &mut response,
                None,
                Err(BatchError::new(
                    "too_large",
                    format!("request line is longer than {max_line_bytes} bytes"),
                )),
            );
        } else {
            handle_line(&line, &mut response);
        }
        output.write_all(&response)?;
        output.flush()?;
        if complete == LineEnd::Eof {
            return Ok(());
        }
    }
}

#[derive(PartialEq, Eq)]
enum LineEnd {
    Newline,
    Eof,
    TooLong,
}

/// Reads one line without its `\n` into `line`, at most `max` bytes; the
/// rest of a longer line is read and dropped.
fn read_line(input: &mut impl BufRead, line: &mut Vec<u8>, max: usize) -> io::Result<LineEnd> {
    let mut too_long = false;
    loop {
        let available = match input.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(if too_long {
                LineEnd::TooLong
            } else {
                LineEnd::Eof
            });
        }
        let (chunk, found, used) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (available.get(..i).unwrap_or(available), true, i + 1),
            None => (available, false, available.len()),
        };
        if !too_long {
            if line.len() + chunk.len() > max {
                too_long = true;
                line.clear();
            } else {
                line.extend_from_slice(chunk);
            }
        }
        input.consume(used);
        if found {
            return Ok(if too_long {
                LineEnd::TooLong
            } else {
                LineEnd::Newline
            });
        }
    }
}

/// Answers one request line into `response` (a full line with `\n`).
fn handle_line(line: &[u8], response: &mut Vec<u8>) {
    match Request::parse(line) {
        Ok(req) => {
            let result = match req.op() {
                Ok(op) => dispatch(&op, &req),
                Err(e) => Err(e),
            };
            write_response(response, req.id.as_ref(), result);
        }
        Err(e) => write_response(response, None, Err(e)),
    }
}

/// Routes a request to its op: one line per op.
fn dispatch(op: &str, req: &Request<'_>) -> Result<Output, BatchError> {
    match op {
        "canonical_json" => canonical::canonical_json(req),
        "sign_json" => canonical::sign_json(req),
        "verify_json" => canonical::verify_json(req),
        "redact" => events::redact(req),
        "content_hash" => events::content_hash(req),
        "reference_hash" => events::reference_hash(req),
        "event_id" => events::event_id(req),
        "sign_event" => events::sign_event(req),
        "verify_event" => events::verify_event(req),
        "parse_id" => ids::parse_id(req),
        "auth" => auth::auth(req),
        "auth_types" => auth::auth_types(req),
        "resolve" => resolve::resolve(req),
        _ => Err(BatchError::unsupported_op(op)),
    }
}

/// What an op answers on success.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// A JSON value, written compactly.
    Json(serde_json::Value),
    /// JSON text written as is; it must be valid JSON on one line.
    Raw(String),
}

impl From<serde_json::Value> for Output {
    fn from(value: serde_json::Value) -> Self {
        Output::Json(value)
    }
}

/// An error response: a stable machine-readable `kind` and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchError {
    /// Short snake_case kind, e.g. `invalid_identifier`.
    pub kind: &'static str,
    /// Human-readable explanation.
    pub message: String,
}

impl BatchError {
    /// An error of the given kind.
    pub fn new(kind: &'static str, message: impl Into<String>) -> Self {
        BatchError {
            kind,
            message: message.into(),
        }
    }

    /// `bad_request`: a field of the wrong type or value.
    pub fn bad_request(message: impl Into<String>) -> Self {
        BatchError::new("bad_request", message)
    }

    /// `missing_field`: a required field is absent.
    pub fn missing_field(name: &str) -> Self {
        BatchError::new("missing_field", format!("missing field `{name}`"))
    }

    /// `unsupported_op`: no such op (yet).
    pub fn unsupported_op(op: &str) -> Self {
        BatchError::new("unsupported_op", format!("unsupported op {op:?}"))
    }
}

impl fmt::Display for BatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}

impl std::error::Error for BatchError {}

/// Writes `{"id":…,"ok":…}` or `{"id":…,"error":{…}}` and a newline.
fn write_response(
    out: &mut Vec<u8>,
    id: Option<&serde_json::Value>,
    result: Result<Output, BatchError>,
) {
    out.push(b'{');
    if let Some(id) = id {
        out.extend_from_slice(b"\"id\":");
        write_json(out, id);
        out.push(b',');
    }
    match result {
        Ok(Output::Json(value)) => {
            out.extend_from_slice(b"\"ok\":");
            write_json(out, &value);
        }
        Ok(Output::Raw(text)) => {
            out.extend_from_slice(b"\"ok\":");
            out.extend_from_slice(text.as_bytes());
        }
        Err(e) => {
            out.extend_from_slice(b"\"error\":{\"kind\":");
            write_json(out, e.kind);
            out.extend_from_slice(b",\"message\":");
            write_json(out, &e.message);
            out.push(b'}');
        }
    }
    out.extend_from_slice(b"}\n");
}

/// Serializes into a `Vec`, which cannot fail for `Value` and `str`.
fn write_json<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    if serde_json::to_writer(&mut *out, value).is_err() {
        out.extend_from_slice(b"null");
    }
}

/// One parsed request line: its fields as exact JSON text.
#[derive(Debug)]
pub struct Request<'a> {
    fields: Vec<(Cow<'a, str>, &'a RawValue)>,
    id: Option<serde_json::Value>,
}

/// A request's room version and its rules.
#[derive(Debug, Clone)]
pub struct RoomVersion {
    /// The identifier as given.
    pub id: OwnedRoomVersionId,
    /// Its rules.
    pub rules: &'static RoomVersionRules,
}

impl<'a> Request<'a> {
    /// Parses a request line: a JSON object without duplicate keys.
    pub fn parse(line: &'a [u8]) -> Result<Request<'a>, BatchError> {
        let text = std::str::from_utf8(line)
            .map_err(|e| BatchError::new("invalid_json", format!("request is not UTF-8: {e}")))?;
        let fields = match serde_json::from_str::<Fields<'a>>(text) {
            Ok(Fields(fields)) => fields,
            Err(e) if e.is_data() => {
                let kind = if e.to_string().starts_with(DUPLICATE) {
                    "duplicate_key"
                } else {
                    "bad_request"
                };
                return Err(BatchError::new(kind, e.to_string()));
            }
            Err(e) => return Err(BatchError::new("invalid_json", e.to_string())),
        };
        let mut req = Request { fields, id: None };
        if let Some(raw) = req.raw("id") {
            req.id = serde_json::from_str(raw.get()).ok();
        }
        Ok(req)
    }

    /// The `op` field.
    pub fn op(&self) -> Result<Cow<'a, str>, BatchError> {
        self.str("op")
    }

    /// The exact JSON text of a field, if present.
    pub fn raw(&self, name: &str) -> Option<&'a RawValue> {
        self.fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|&(_, raw)| raw)
    }

    /// The exact JSON text of a required field.
    pub fn required_raw(&self, name: &str) -> Result<&'a RawValue, BatchError> {
        self.raw(name)
            .ok_or_else(|| BatchError::missing_field(name))
    }

    /// A required string field (borrowed when it has no escapes).
    pub fn str(&self, name: &str) -> Result<Cow<'a, str>, BatchError> {
        self.opt_str(name)?
            .ok_or_else(|| BatchError::missing_field(name))
    }

    /// An optional string field; `null` counts as absent.
    pub fn opt_str(&self, name: &str) -> Result<Option<Cow<'a, str>>, BatchError> {
        let Some(raw) = self.raw(name) else {
            return Ok(None);
        };
        let text = raw.get();
        if text == "null" {
            return Ok(None);
        }
        let wrong_type = || BatchError::bad_request(format!("field `{name}` must be a string"));
        if !text.starts_with('"') {
            return Err(wrong_type());
        }
        if let Ok(s) = serde_json::from_str::<&'a str>(text) {
            return Ok(Some(Cow::Borrowed(s)));
        }
        serde_json::from_str::<String>(text)
            .map(|s| Some(Cow::Owned(s)))
            .map_err(|_| wrong_type())
    }

    /// An optional boolean field; `null` counts as absent.
    pub fn opt_bool(&self, name: &str) -> Result<Option<bool>, BatchError> {
        match self.raw(name).map(RawValue::get) {
            None | Some("null") => Ok(None),
            Some("true") => Ok(Some(true)),
            Some("false") => Ok(Some(false)),
            Some(_) => Err(BatchError::bad_request(format!(
                "field `{name}` must be true or false"
            ))),
        }
    }

    /// A required field of any `Deserialize` type, read with serde_json.
    /// Use [`Request::event`] for events, whose exact form matters.
    pub fn json<T: Deserialize<'a>>(&self, name: &str) -> Result<T, BatchError> {
        let raw = self.required_raw(name)?;
        serde_json::from_str(raw.get())
            .map_err(|e| BatchError::bad_request(format!("field `{name}`: {e}")))
    }

    /// An optional field of any `Deserialize` type; `null` counts as absent.
    pub fn opt_json<T: Deserialize<'a>>(&self, name: &str) -> Result<Option<T>, BatchError> {
        match self.raw(name) {
            None => Ok(None),
            Some(raw) if raw.get() == "null" => Ok(None),
            Some(_) => self.json(name).map(Some),
        }
    }

    /// The required `room_version` field and its rules.
    pub fn room_version(&self) -> Result<RoomVersion, BatchError> {
        self.opt_room_version()?
            .ok_or_else(|| BatchError::missing_field("room_version"))
    }

    /// The optional `room_version` field and its rules; an unknown version
    /// is an `unsupported_room_version` error.
    pub fn opt_room_version(&self) -> Result<Option<RoomVersion>, BatchError> {
        let Some(text) = self.opt_str("room_version")? else {
            return Ok(None);
        };
        let unsupported = || {
            BatchError::new(
                "unsupported_room_version",
                format!("unsupported room version {text:?}"),
            )
        };
        let id = RoomVersionId::parse(&text).map_err(|_| unsupported())?;
        let rules = RoomVersionRules::get(id).map_err(|_| unsupported())?;
        Ok(Some(RoomVersion {
            id: id.to_owned(),
            rules,
        }))
    }

    /// A required field holding a PDU, parsed from its exact text with the
    /// canonical JSON rules of the room version (`CJ-6`: strict for v6+,
    /// lenient numbers for v1–v5). Parse errors keep the parser's kind
    /// (`float_not_allowed`, `duplicate_key`, …).
    pub fn event(
        &self,
        name: &str,
        rules: &RoomVersionRules,
    ) -> Result<CanonicalJsonObject, BatchError> {
        parse_event(self.required_raw(name)?, rules, name)
    }

    /// A required field holding a list of PDUs, each parsed like
    /// [`Request::event`].
    pub fn events(
        &self,
        name: &str,
        rules: &RoomVersionRules,
    ) -> Result<Vec<CanonicalJsonObject>, BatchError> {
        let items: Vec<&RawValue> = self.json(name)?;
        items
            .into_iter()
            .enumerate()
            .map(|(i, raw)| parse_event(raw, rules, &format!("{name}[{i}]")))
            .collect()
    }
}

fn parse_event(
    raw: &RawValue,
    rules: &RoomVersionRules,
    what: &str,
) -> Result<CanonicalJsonObject, BatchError> {
    let options = ParseOptions::pdu(rules.strict_canonical_json);
    mxp_canonical_json::parse_object_str(raw.get(), &options)
        .map_err(|e| BatchError::new(e.kind(), format!("field `{what}`: {e}")))
}

/// Prefix of the error message for a duplicate key, so that it can be told
/// from other data errors.
const DUPLICATE: &str = "duplicate key";

/// The fields of a request object, in order, duplicates rejected.
struct Fields<'a>(Vec<(Cow<'a, str>, &'a RawValue)>);

impl<'de> Deserialize<'de> for Fields<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(FieldsVisitor)
    }
}

struct FieldsVisitor;

impl<'de> Visitor<'de> for FieldsVisitor {
    type Value = Fields<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a request object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields<'de>, A::Error> {
        let mut fields: Vec<(Cow<'de, str>, &'de RawValue)> = Vec::new();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            if fields.iter().any(|(k, _)| *k == key) {
                return Err(de::Error::custom(format_args!(
                    "{DUPLICATE} {key:?} in request"
                )));
            }
            let value: &'de RawValue = map.next_value()?;
            fields.push((key, value));
        }
        Ok(Fields(fields))
    }
}

/// An object key, borrowed from the line when it has no escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}
