//! Matrix authorization rules for room versions 1 to 12, each rejection naming
//! its rule.
//!
//! The rules are those of the spec's room versions, numbered as the spec renders
//! them per version: a [`Rejection`] names its rule as `AUTH-v10-4.3.2` (see
//! [`Rule`] for the version-independent names). No I/O: the caller supplies the
//! events through two small traits, [`StateLookup`] (the state an event is
//! checked against, by `(type, state_key)`) and [`EventLookup`] (the events it
//! cites in `auth_events`, by ID, and which were rejected).
//!
//! The state-independent rules ([`check_state_independent`]: `create`,
//! `auth_events.*`, v12 `room_id_is_create`) are separate from the
//! state-dependent ones ([`check_state_dependent`]), so a server can run the
//! first once on receipt and the second against each candidate state, as state
//! resolution does.
//!
//! ```
//! use mxp_auth::{auth_types_for_event, Rule};
//! use mxp_room_versions::RoomVersionRules;
//!
//! // Which auth events may a v11 join cite?
//! let content = mxp_canonical_json::CanonicalJsonValue::try_from(
//!     serde_json::json!({"membership": "join"})).unwrap();
//! let types = auth_types_for_event(&RoomVersionRules::V11, "m.room.member",
//!     "@alice:example.org", Some("@alice:example.org"), content.as_object().unwrap());
//! assert!(types.contains("m.room.create", ""));
//! assert!(types.contains("m.room.join_rules", ""));
//!
//! // Rule IDs are per version.
//! assert_eq!(mxp_auth::RuleId::new(Rule::MemberJoinSelf, 10).to_string(), "AUTH-v10-4.3.2");
//! ```

mod auth_types;
mod check;
pub mod lookup;
mod outcome;
mod power;
mod rule;
mod rule_table;
mod verify;

pub use auth_types::{
    ALIASES, AuthTypes, CREATE, JOIN_RULES, MEMBER, POWER_LEVELS, REDACTION, THIRD_PARTY_INVITE,
    auth_types, auth_types_for_event,
};
pub use check::{AuthCheck, check, check_state_dependent, check_state_independent};
pub use lookup::{EventLookup, StateLookup};
pub use outcome::{Allowed, Rejection};
pub use power::{Action, RoomCreators, RoomPowerLevels, UserPowerLevel};
pub use rule::{Rule, RuleId};
pub use verify::{SignatureVerifier, SignaturesVerifiedOnReceipt};
