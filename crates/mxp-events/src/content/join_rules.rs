//! `m.room.join_rules` content.

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};

use super::{ContentError, opt_array, opt_str};

/// A join rule. Values the spec does not define are kept as [`Self::Custom`];
/// the authorization rules treat them (and values the room version does not
/// know yet, like `knock` before v7) as none of the values they test for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JoinRule<'a> {
    /// `public`.
    Public,
    /// `invite`.
    Invite,
    /// `knock` (v7+).
    Knock,
    /// `restricted` (v8+).
    Restricted,
    /// `knock_restricted` (v10+).
    KnockRestricted,
    /// `private` (reserved, without meaning).
    Private,
    /// Any other string.
    Custom(&'a str),
}

impl<'a> JoinRule<'a> {
    /// Reads a join rule string.
    pub fn parse(s: &'a str) -> Self {
        match s {
            "public" => Self::Public,
            "invite" => Self::Invite,
            "knock" => Self::Knock,
            "restricted" => Self::Restricted,
            "knock_restricted" => Self::KnockRestricted,
            "private" => Self::Private,
            other => Self::Custom(other),
        }
    }

    /// The string form.
    pub fn as_str(&self) -> &'a str {
        match self {
            Self::Public => "public",
            Self::Invite => "invite",
            Self::Knock => "knock",
            Self::Restricted => "restricted",
            Self::KnockRestricted => "knock_restricted",
            Self::Private => "private",
            Self::Custom(s) => s,
        }
    }
}

impl std::fmt::Display for JoinRule<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A view of `m.room.join_rules` content.
///
/// ```
/// use mxp_canonical_json::CanonicalJsonValue;
/// use mxp_events::content::{JoinRule, JoinRulesContent};
///
/// let content = CanonicalJsonValue::try_from(serde_json::json!({"join_rule": "xyz.custom"})).unwrap();
/// let rules = JoinRulesContent::new(content.as_object().unwrap());
/// assert_eq!(rules.join_rule(), Some(Ok(JoinRule::Custom("xyz.custom"))));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct JoinRulesContent<'a> {
    content: &'a CanonicalJsonObject,
}

impl<'a> JoinRulesContent<'a> {
    /// A view of `content`.
    pub fn new(content: &'a CanonicalJsonObject) -> Self {
        Self { content }
    }

    /// The raw content.
    pub fn content(&self) -> &'a CanonicalJsonObject {
        self.content
    }

    /// `join_rule`; `None` when absent, an error when not a string.
    pub fn join_rule(&self) -> Option<Result<JoinRule<'a>, ContentError>> {
        opt_str(self.content, "join_rule").map(|r| r.map(JoinRule::parse))
    }

    /// The `allow` conditions (v8+) as raw objects; entries that are not
    /// objects are skipped. They are evaluated by the resident server that
    /// authorises a restricted join, never by the authorization rules.
    pub fn allow(
        &self,
    ) -> Result<impl Iterator<Item = &'a CanonicalJsonObject> + 'a, ContentError> {
        let list = opt_array(self.content, "allow")
            .transpose()?
            .unwrap_or_default();
        Ok(list.iter().filter_map(CanonicalJsonValue::as_object))
    }
}
