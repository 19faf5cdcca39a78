//! Validated Matrix identifiers.
//!
//! Every identifier kind comes as a borrowed unsized type (like `str`) and an
//! owned type (like `String`): [`UserId`]/[`OwnedUserId`], [`RoomId`],
//! [`EventId`], [`RoomAliasId`], [`ServerName`], [`DeviceId`], [`KeyId`] and
//! [`RoomVersionId`]. A value of one of these types is always valid: parse once
//! at the edge, then pass references around. Parsing never panics, whatever
//! the input.
//!
//! ```
//! use mxp_ids::{RoomId, UserId};
//!
//! let user = UserId::parse("@alice:example.org:8448").unwrap();
//! assert_eq!(user.localpart(), "alice");
//! assert_eq!(user.server_name().port(), Some(8448));
//!
//! assert!(RoomId::parse("!Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ").unwrap().is_hash_form());
//! assert!(UserId::parse("alice").is_err());
//! ```
//!
//! Limits: user IDs, room IDs, event IDs and aliases are at most 255 bytes;
//! room version identifiers at most 32 code points.

mod device_id;
mod error;
mod event_id;
mod key_id;
mod macros;
mod room_alias_id;
mod room_id;
mod room_version_id;
mod server_name;
mod user_id;

pub use device_id::{DeviceId, OwnedDeviceId};
pub use error::IdError;
pub use event_id::{EventId, EventIdFormat, OwnedEventId};
pub use key_id::{KeyId, OwnedKeyId, SigningKeyAlgorithm};
pub use room_alias_id::{OwnedRoomAliasId, RoomAliasId};
pub use room_id::{OwnedRoomId, RoomId};
pub use room_version_id::{OwnedRoomVersionId, RoomVersionId};
pub use server_name::{HostKind, OwnedServerName, ServerName};
pub use user_id::{OwnedUserId, UserId};
