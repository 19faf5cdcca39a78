//! The `mxp` command as a library: the JSON-lines batch protocol and the
//! identifier inspector, so that tests and benchmarks can drive them in
//! process.
//!
//! - [`run_batch`] implements `mxp batch` (the protocol of `PROTOCOL.md`):
//!   one JSON response line per JSON request line, in order, flushed.
//! - [`describe_id`] implements `mxp id <string>`.
//!
//! ```
//! let requests = concat!(
//!     r#"{"op":"parse_id","kind":"server_name","input":"[::1]:8448"}"#, "\n",
//!     r#"{"op":"parse_id","kind":"user_id","input":"@Alice:example.org","strict":true}"#, "\n",
//!     "not json\n",
//! );
//! let mut out = Vec::new();
//! mxp_cli::run_batch(requests.as_bytes(), &mut out).unwrap();
//! let lines: Vec<serde_json::Value> = String::from_utf8(out)
//!     .unwrap()
//!     .lines()
//!     .map(|l| serde_json::from_str(l).unwrap())
//!     .collect();
//! assert_eq!(lines[0]["ok"]["host_kind"], "ipv6");
//! assert_eq!(lines[1]["error"]["kind"], "invalid_identifier");
//! assert_eq!(lines[2]["error"]["kind"], "invalid_json");
//! ```
//!
//! # Resource limits
//!
//! A batch request line is at most 128 MiB ([`MAX_LINE_BYTES`]); the
//! library limits apply inside: identifiers 255 bytes, JSON depth 128
//! (ceiling 1,024), PDUs 65,536 bytes, state resolution's default `Budget`.

pub mod batch;
mod inspect;

pub use batch::{
    BatchError, MAX_LINE_BYTES, Output, Request, RoomVersion, run_batch, run_batch_with_max_line,
};
pub use inspect::{IdReport, describe_id};

/// The usage text of `mxp --help`.
pub const USAGE: &str = "\
mxp — the core of the Matrix protocol, without I/O

Usage:
  mxp batch          Read JSON requests from standard input, one per line, and
                     write one JSON response per line to standard output.
  mxp id <string>    Say what kind of Matrix identifier <string> is, its parts,
                     and why it is invalid if it is.
  mxp help           Print this text (also -h, --help).
  mxp version        Print the version (also -V, --version).

Batch requests are objects with an \"op\" and its fields, and an optional \"id\"
echoed in the response, for example:
  {\"op\":\"parse_id\",\"kind\":\"user_id\",\"input\":\"@alice:example.org\",\"id\":1}
Responses are {\"ok\": <value>} or {\"error\": {\"kind\": \"...\", \"message\": \"...\"}}.
Ops: parse_id, canonical_json, sign_json, verify_json, redact, content_hash,
reference_hash, event_id, sign_event, verify_event, auth, auth_types, resolve.
parse_id kinds: user_id (optional \"strict\": true), room_id, event_id (optional
\"room_version\"), room_alias, server_name, device_id, key_id, mxc_uri, matrix_uri,
matrix_to, room_version_id.
";
