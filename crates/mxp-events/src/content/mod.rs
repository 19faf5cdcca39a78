//! Typed, lazy views of the contents of the state events the authorization
//! rules read.
//!
//! Every view borrows the event's `content` object and parses a field only when
//! it is asked for, so a malformed field that the caller never reads cannot make
//! anything fail (incident P1-52: a create event whose `predecessor` is a string
//! must not break a room). Unknown enum values (`join_rule: "xyz.custom"`) are
//! kept as they are ([`JoinRule::Custom`], [`Membership::Custom`]).
//!
//! ```
//! use mxp_canonical_json::CanonicalJsonValue;
//! use mxp_events::content::{PowerLevelsContent, PowerLevelField};
//! use mxp_room_versions::PowerLevelValues;
//!
//! let content = CanonicalJsonValue::try_from(serde_json::json!({
//!     "users": {"@alice:example.org": "100"},
//!     "ban": " +60 ",
//! })).unwrap();
//! let pl = PowerLevelsContent::new(content.as_object().unwrap(), PowerLevelValues::IntegersStrings);
//! let alice = mxp_ids::UserId::parse("@alice:example.org").unwrap();
//! assert_eq!(pl.user_level(alice).unwrap(), 100);
//! assert_eq!(pl.level(PowerLevelField::Ban).unwrap(), 60);
//! assert_eq!(pl.level(PowerLevelField::Kick).unwrap(), 50); // the default
//! ```

mod aliases;
mod create;
mod error;
mod join_rules;
mod member;
mod power_levels;
mod redaction;
mod third_party_invite;

pub use aliases::AliasesContent;
pub use create::{CreateContent, Predecessor};
pub use error::{ContentError, PowerLevelError};
pub use join_rules::{JoinRule, JoinRulesContent};
pub use member::{MemberContent, Membership, ThirdPartyInviteSigned};
pub use power_levels::{PowerLevelField, PowerLevelsContent, parse_power_level};
pub use redaction::RedactionContent;
pub use third_party_invite::ThirdPartyInviteContent;

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};

/// An empty content object, for views of events that are absent.
pub(crate) static EMPTY_OBJECT: CanonicalJsonObject = CanonicalJsonObject::new();

/// Reads an optional string field.
pub(crate) fn opt_str<'a>(
    content: &'a CanonicalJsonObject,
    field: &'static str,
) -> Option<Result<&'a str, ContentError>> {
    content.get(field).map(|v| {
        v.as_str().ok_or(ContentError::WrongType {
            field,
            expected: "a string",
        })
    })
}

/// Reads an optional object field.
pub(crate) fn opt_object<'a>(
    content: &'a CanonicalJsonObject,
    field: &'static str,
) -> Option<Result<&'a CanonicalJsonObject, ContentError>> {
    content.get(field).map(|v| {
        v.as_object().ok_or(ContentError::WrongType {
            field,
            expected: "an object",
        })
    })
}

/// Reads an optional array field.
pub(crate) fn opt_array<'a>(
    content: &'a CanonicalJsonObject,
    field: &'static str,
) -> Option<Result<&'a [CanonicalJsonValue], ContentError>> {
    content.get(field).map(|v| {
        v.as_array().ok_or(ContentError::WrongType {
            field,
            expected: "an array",
        })
    })
}
