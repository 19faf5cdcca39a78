//! The rules of Matrix room versions 1–12, as constant data.
//!
//! Every difference between room versions that the other mxp crates act on is a
//! named field of [`RoomVersionRules`]; the algorithms read these fields and never
//! compare version strings. Rules are `const`, `Copy` and cheap to pass around.
//!
//! ```
//! use mxp_ids::RoomVersionId;
//! use mxp_room_versions::{RoomVersionRules, StateResolution};
//!
//! let rules = RoomVersionRules::get(RoomVersionId::V12).unwrap();
//! assert_eq!(rules.state_res, StateResolution::V2_1);
//! assert!(rules.authorization.creators_have_infinite_power);
//!
//! // A custom version built from an existing one.
//! let custom = RoomVersionRules { knock: false, ..RoomVersionRules::V11 };
//! assert!(!custom.knock);
//! ```
//!
//! # Resource limits
//!
//! Constant tables only: nothing here reads untrusted input, so there is
//! nothing to bound. The limits live with the parsers: identifiers (255 bytes,
//! `mxp-ids`), JSON depth (128 by default, ceiling 1,024,
//! `mxp-canonical-json`), PDU size (65,536 bytes, `mxp-events`), state
//! resolution work (`mxp-state-res`'s `Budget`).

mod rules;

pub use rules::*;

use mxp_ids::RoomVersionId;

/// The room version is not one this library knows (any identifier other than
/// the stable versions `"1"` … `"12"`, e.g. `"13"` or an unstable
/// `"org.matrix.hydra.11"`). Holds the identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported room version {0:?}: only the stable versions 1 to 12 are known")]
pub struct UnsupportedRoomVersion(pub String);

impl RoomVersionRules {
    /// The rules of a stable room version 1–12.
    ///
    /// Other versions are an error; callers that support a custom version
    /// build its rules from an existing one (see [`RoomVersionRules`]).
    ///
    /// ```
    /// use mxp_ids::RoomVersionId;
    /// use mxp_room_versions::RoomVersionRules;
    ///
    /// let v11 = RoomVersionRules::get(RoomVersionId::parse("11").unwrap()).unwrap();
    /// assert_eq!(v11, &RoomVersionRules::V11);
    /// assert!(RoomVersionRules::get(RoomVersionId::parse("13").unwrap()).is_err());
    /// ```
    pub fn get(id: &RoomVersionId) -> Result<&'static RoomVersionRules, UnsupportedRoomVersion> {
        Self::from_str_id(id.as_str()).ok_or_else(|| UnsupportedRoomVersion(id.as_str().to_owned()))
    }

    fn from_str_id(s: &str) -> Option<&'static RoomVersionRules> {
        Some(match s {
            "1" => &Self::V1,
            "2" => &Self::V2,
            "3" => &Self::V3,
            "4" => &Self::V4,
            "5" => &Self::V5,
            "6" => &Self::V6,
            "7" => &Self::V7,
            "8" => &Self::V8,
            "9" => &Self::V9,
            "10" => &Self::V10,
            "11" => &Self::V11,
            "12" => &Self::V12,
            _ => return None,
        })
    }

    /// Every stable room version this library implements, in order.
    pub const ALL: [(&'static RoomVersionId, &'static RoomVersionRules); 12] = [
        (RoomVersionId::V1, &Self::V1),
        (RoomVersionId::V2, &Self::V2),
        (RoomVersionId::V3, &Self::V3),
        (RoomVersionId::V4, &Self::V4),
        (RoomVersionId::V5, &Self::V5),
        (RoomVersionId::V6, &Self::V6),
        (RoomVersionId::V7, &Self::V7),
        (RoomVersionId::V8, &Self::V8),
        (RoomVersionId::V9, &Self::V9),
        (RoomVersionId::V10, &Self::V10),
        (RoomVersionId::V11, &Self::V11),
        (RoomVersionId::V12, &Self::V12),
    ];
}
