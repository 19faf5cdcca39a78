//! `m.room.member` content.

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_ids::UserId;

use super::{ContentError, opt_object, opt_str};

/// A membership value. Values the spec does not define (or that the room
/// version does not know, like `knock` before v7) are kept as [`Self::Custom`];
/// the authorization rules treat them as "any other value".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Membership<'a> {
    /// `join`.
    Join,
    /// `invite`.
    Invite,
    /// `leave`.
    Leave,
    /// `ban`.
    Ban,
    /// `knock` (room versions 7+).
    Knock,
    /// Any other string.
    Custom(&'a str),
}

impl<'a> Membership<'a> {
    /// Reads a membership string.
    pub fn parse(s: &'a str) -> Self {
        match s {
            "join" => Self::Join,
            "invite" => Self::Invite,
            "leave" => Self::Leave,
            "ban" => Self::Ban,
            "knock" => Self::Knock,
            other => Self::Custom(other),
        }
    }

    /// The string form.
    pub fn as_str(&self) -> &'a str {
        match self {
            Self::Join => "join",
            Self::Invite => "invite",
            Self::Leave => "leave",
            Self::Ban => "ban",
            Self::Knock => "knock",
            Self::Custom(s) => s,
        }
    }
}

impl std::fmt::Display for Membership<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A view of `m.room.member` content.
///
/// ```
/// use mxp_canonical_json::CanonicalJsonValue;
/// use mxp_events::content::{MemberContent, Membership};
///
/// let content = CanonicalJsonValue::try_from(serde_json::json!({
///     "membership": "join",
///     "displayname": 42, // malformed, but not read by the auth rules
///     "join_authorised_via_users_server": "@admin:example.org",
/// })).unwrap();
/// let member = MemberContent::new(content.as_object().unwrap());
/// assert_eq!(member.membership(), Some(Ok(Membership::Join)));
/// assert_eq!(member.join_authorised_via_users_server().unwrap().unwrap().as_str(), "@admin:example.org");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct MemberContent<'a> {
    content: &'a CanonicalJsonObject,
}

impl<'a> MemberContent<'a> {
    /// A view of `content`.
    pub fn new(content: &'a CanonicalJsonObject) -> Self {
        Self { content }
    }

    /// The raw content.
    pub fn content(&self) -> &'a CanonicalJsonObject {
        self.content
    }

    /// `membership`; `None` when the key is absent, an error when it is not a string.
    pub fn membership(&self) -> Option<Result<Membership<'a>, ContentError>> {
        opt_str(self.content, "membership").map(|r| r.map(Membership::parse))
    }

    /// `displayname`, if it is a string.
    pub fn displayname(&self) -> Option<Result<&'a str, ContentError>> {
        opt_str(self.content, "displayname")
    }

    /// `join_authorised_via_users_server` (v8+ restricted joins).
    pub fn join_authorised_via_users_server(&self) -> Option<Result<&'a UserId, ContentError>> {
        const FIELD: &str = "join_authorised_via_users_server";
        opt_str(self.content, FIELD).map(|r| {
            r.and_then(|s| UserId::parse(s).map_err(|e| ContentError::invalid_id(FIELD, s, e)))
        })
    }

    /// Whether `content` has a `third_party_invite` key (whatever its value).
    pub fn has_third_party_invite(&self) -> bool {
        self.content.contains_key("third_party_invite")
    }

    /// `third_party_invite.signed`: `None` when `third_party_invite` is absent
    /// or has no `signed` key; an error when either is not an object.
    pub fn third_party_invite_signed(
        &self,
    ) -> Option<Result<ThirdPartyInviteSigned<'a>, ContentError>> {
        let tpi = match opt_object(self.content, "third_party_invite")? {
            Ok(o) => o,
            Err(e) => return Some(Err(e)),
        };
        opt_object(tpi, "signed").map(|r| r.map(|signed| ThirdPartyInviteSigned { signed }))
    }
}

/// A view of `third_party_invite.signed` of an invite.
#[derive(Debug, Clone, Copy)]
pub struct ThirdPartyInviteSigned<'a> {
    signed: &'a CanonicalJsonObject,
}

impl<'a> ThirdPartyInviteSigned<'a> {
    /// The raw `signed` object (what the identity server signed).
    pub fn object(&self) -> &'a CanonicalJsonObject {
        self.signed
    }

    /// `mxid`, if it is a string.
    pub fn mxid(&self) -> Option<&'a str> {
        self.signed.get("mxid").and_then(CanonicalJsonValue::as_str)
    }

    /// `token`, if it is a string.
    pub fn token(&self) -> Option<&'a str> {
        self.signed
            .get("token")
            .and_then(CanonicalJsonValue::as_str)
    }

    /// `signatures`, if it is an object: `{entity: {key_id: signature}}`.
    pub fn signatures(&self) -> Option<&'a CanonicalJsonObject> {
        self.signed
            .get("signatures")
            .and_then(CanonicalJsonValue::as_object)
    }
}
