//! # mxp — the core of the Matrix protocol, without I/O
//!
//! `mxp` re-exports a family of small crates that implement the parts of the
//! Matrix specification every homeserver, bridge and federation tool needs:
//! identifiers, canonical JSON and signing, event (PDU) formats, per-room-version
//! redaction and authorization rules, and state resolution, for room versions
//! 1 through 12.
//!
//! None of the crates opens a socket, reads a file or looks at a clock: callers
//! pass data in and get data out. Each module below is one crate; depend on the
//! crate directly when you need only a part.
//!
//! ```
//! use mxp::ids::UserId;
//!
//! let alice = UserId::parse("@alice:example.org").unwrap();
//! assert_eq!(alice.localpart(), "alice");
//! assert_eq!(alice.server_name().as_str(), "example.org");
//! ```
//!
//! # Resource limits
//!
//! Hostile input never panics, never recurses without bound and never
//! allocates without bound:
//!
//! | Limit | Value | Where |
//! |---|---|---|
//! | Identifier length | 255 bytes | [`ids`] (`ids::limits`) |
//! | JSON nesting depth | 128 by default, ceiling 1,024 | [`canonical_json`] (`DEFAULT_MAX_DEPTH`, `MAX_DEPTH_CEILING`) |
//! | PDU size | 65,536 bytes of canonical JSON; 20 `prev_events`, 10 `auth_events` | [`events`] (`MAX_PDU_BYTES`) |
//! | State resolution work | 50,000,000 steps by default | [`state_res`] (`Budget`) |

pub use mxp_auth as auth;
pub use mxp_canonical_json as canonical_json;
pub use mxp_events as events;
pub use mxp_ids as ids;
pub use mxp_redaction as redaction;
pub use mxp_room_versions as room_versions;
pub use mxp_signatures as signatures;
pub use mxp_state_res as state_res;
