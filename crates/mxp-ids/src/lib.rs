//! Validated Matrix identifiers.
//!
//! Every identifier kind comes as a borrowed unsized type (like `str`) and an
//! owned type (like `String`): [`UserId`]/[`OwnedUserId`], [`RoomId`],
//! [`EventId`], [`RoomAliasId`], [`ServerName`], [`DeviceId`], [`KeyId`],
//! [`RoomVersionId`], [`MxcUri`], [`NamespacedId`] and [`OpaqueId`]. With the
//! default `uri` feature, [`MatrixUri`] and [`MatrixToUri`] parse and build
//! `matrix:` URIs and matrix.to links.
//!
//! A value of one of these types is always valid: parse once at the edge,
//! then pass references around. Accessors such as [`UserId::localpart`] or
//! [`ServerName::port`] only split the string (a scan of at most a few
//! hundred bytes), never re-validate, and never panic. Parsing never panics,
//! allocates nothing for the borrowed types, and is a `const fn`, so literals
//! can be checked at compile time with [`user_id!`], [`room_id!`], … .
//!
//! ```
//! use mxp_ids::{EventId, EventIdFormat, RoomId, UserId};
//!
//! let user = UserId::parse("@alice:example.org:8448").unwrap();
//! assert_eq!(user.localpart(), "alice");
//! assert_eq!(user.server_name().port(), Some(8448));
//! assert!(UserId::parse("alice").is_err());
//!
//! let room = RoomId::parse("!Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ").unwrap();
//! assert!(room.is_hash_form());
//! let create = room.create_event_id().unwrap();
//! assert_eq!(create.format(), EventIdFormat::UrlSafeHash);
//!
//! // Compile-time checked literal.
//! let alice: &'static UserId = mxp_ids::user_id!("@alice:example.org");
//! assert_eq!(alice.server_name().host(), "example.org");
//! ```
//!
//! # Limits and decisions
//!
//! Rule IDs refer to the spec digest (`WF-*`).
//!
//! - **Lengths** are counted in bytes: user IDs, room IDs, event IDs and
//!   aliases at most 255 bytes, sigil and server name included (`WF-UID-2`,
//!   `WF-RID-1`, `WF-EID-5`, `WF-ALIAS-1`); DNS names at most 255 bytes;
//!   room versions at most 32 code points (`WF-RV-1`). Device IDs, key IDs
//!   have no limit in the spec; mxp bounds them at 255 bytes too.
//! - **User IDs** have two grammars, chosen by the caller, never by a Cargo
//!   feature: [`UserId::parse`] is lenient (`WF-UID-3`: any localpart without
//!   `:` or NUL, even empty), for IDs received over federation;
//!   [`UserId::parse_strict`] is the current grammar (`WF-UID-1`), for IDs a
//!   server creates. [`UserId::is_historical`] tells them apart.
//! - **Opaque localparts** of room IDs, event IDs and aliases may hold any
//!   code point but `:` and NUL and may be empty (the spec gives no minimum).
//! - **Ports** must be 1–5 digits with a value in 1..=65535, for IDs of any
//!   origin (`WF-SN-5` lets the grammar accept `0` and `99999`; mxp rejects
//!   them so that a port is always usable).
//! - **IPv4**: four 1–3 digit numbers each 0–255 (`WF-SN-2`), leading zeros
//!   allowed and read as decimal. Digits-and-dots strings that are not IPv4,
//!   such as `999.1.1.1`, are valid DNS names by the grammar and are
//!   accepted as such ([`HostKind::Dns`]).
//! - **IPv6** literals are checked against RFC 3513 §2.2 (`::` compression,
//!   embedded dotted IPv4 without leading zeros), inside `[` `]` (`WF-SN-3`).
//! - **DNS names** follow the grammar: `[A-Za-z0-9.-]`, 1–255 bytes
//!   (`WF-SN-4`). Hostname label rules are a recommendation only, available
//!   as [`ServerName::is_valid_hostname`]. Server names are case-sensitive
//!   (`WF-SN-6`).
//! - **Event ID forms**: [`EventId::format`] reports a hash of only
//!   `A-Z a-z 0-9` (valid in both base64 alphabets) as
//!   [`EventIdFormat::UrlSafeHash`]; [`EventId::matches_format`] and
//!   [`EventId::parse_as`] accept it for both hash forms. Mixing the two
//!   alphabets is rejected. Hashes must be 43 characters; their unused low
//!   bits are not checked (`WF-B64-3`).
//! - **Room IDs** of both forms parse with [`RoomId::parse`]; which form is
//!   valid depends on the room version, so [`RoomId::parse_as`] takes it.
//! - **Key IDs** are lenient with [`KeyId::parse`] (for verifying) and follow
//!   `WF-KEY-2` with [`KeyId::parse_strict`] (for creating).

mod bytes;
mod device_id;
mod error;
mod event_id;
mod grammar_ids;
mod ip;
mod key_id;
mod literals;
mod macros;
mod mxc_uri;
mod room_alias_id;
mod room_id;
mod room_version_id;
mod server_name;
#[cfg(feature = "uri")]
mod uri;
mod user_id;

pub use device_id::{DeviceId, OwnedDeviceId};
pub use error::IdError;
pub use event_id::{EventId, EventIdFormat, OwnedEventId};
pub use grammar_ids::{NamespacedId, OpaqueId, OwnedNamespacedId, OwnedOpaqueId};
pub use key_id::{KeyId, OwnedKeyId, SigningKeyAlgorithm};
pub use mxc_uri::{MxcUri, OwnedMxcUri};
pub use room_alias_id::{OwnedRoomAliasId, RoomAliasId};
pub use room_id::{OwnedRoomId, RoomId, RoomIdFormat};
pub use room_version_id::{OwnedRoomVersionId, RoomVersionId};
pub use server_name::{HostKind, OwnedServerName, ServerName};
#[cfg(feature = "uri")]
pub use uri::{MatrixId, MatrixToUri, MatrixUri, UriAction, recommended_via};
pub use user_id::{OwnedUserId, UserId, map_to_localpart};

/// The length limits of the identifiers, in bytes unless noted.
pub mod limits {
    pub use crate::device_id::MAX_BYTES as DEVICE_ID_MAX_BYTES;
    pub use crate::event_id::HASH_CHARS;
    pub use crate::event_id::MAX_BYTES as EVENT_ID_MAX_BYTES;
    pub use crate::grammar_ids::MAX_CHARS as GRAMMAR_ID_MAX_CHARS;
    pub use crate::key_id::MAX_BYTES as KEY_ID_MAX_BYTES;
    pub use crate::room_alias_id::MAX_BYTES as ROOM_ALIAS_MAX_BYTES;
    pub use crate::room_id::MAX_BYTES as ROOM_ID_MAX_BYTES;
    pub use crate::room_version_id::MAX_CHARS as ROOM_VERSION_MAX_CHARS;
    pub use crate::server_name::MAX_DNS_NAME_BYTES;
    pub use crate::user_id::MAX_BYTES as USER_ID_MAX_BYTES;
}
