//! Rule identifiers: a version-independent [`Rule`] plus the room version give
//! the digest's `AUTH-v<N>-<number>` ID.

use mxp_room_versions::RoomVersionRules;

pub use crate::rule_table::Rule;

impl Rule {
    /// The rule's number in a stable room version 1–12 (e.g. `"4.3.2"`), or
    /// `None` if the rule does not exist there (or `version` is not 1–12).
    ///
    /// ```
    /// use mxp_auth::Rule;
    /// assert_eq!(Rule::MemberJoinSelf.number(6), Some("4.2.2"));
    /// assert_eq!(Rule::MemberJoinSelf.number(8), Some("4.3.2"));
    /// assert_eq!(Rule::Aliases.number(6), None);
    /// ```
    pub fn number(self, version: u8) -> Option<&'static str> {
        let index = usize::from(version).checked_sub(1)?;
        self.numbers().get(index).copied().flatten()
    }

    /// The versions (1–12) in which this rule exists.
    pub fn versions(self) -> impl Iterator<Item = u8> {
        (1..=12u8).filter(move |&v| self.number(v).is_some())
    }

    /// The rule with this slug.
    pub fn from_slug(slug: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.slug() == slug)
    }

    /// The rules that contain this one (`member.join.self` is inside
    /// `member.join`, inside `member`), innermost first.
    pub fn ancestors(self) -> impl Iterator<Item = Rule> {
        let slug = self.slug();
        slug.rmatch_indices('.')
            .filter_map(move |(i, _)| slug.get(..i).and_then(Rule::from_slug))
    }
}

/// The stable room version (1–12) whose rules these are, if any: rule IDs are
/// numbered per version, so a custom version has only slugs.
pub(crate) fn version_of(rules: &RoomVersionRules) -> Option<u8> {
    // The statics themselves first (the common case), then by value.
    let all = RoomVersionRules::ALL;
    all.iter()
        .position(|(_, r)| std::ptr::eq(*r, rules))
        .or_else(|| all.iter().position(|(_, r)| **r == *rules))
        .and_then(|i| u8::try_from(i + 1).ok())
}

/// A rule in a room version: displays as the digest's rule ID, e.g.
/// `AUTH-v10-4.3.2`, or as `{slug}` for a custom room version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RuleId {
    rule: Rule,
    version: Option<u8>,
}

impl RuleId {
    /// The rule `rule` in stable room version `version` (1–12).
    pub fn new(rule: Rule, version: u8) -> Self {
        Self {
            rule,
            version: Some(version),
        }
    }

    pub(crate) fn for_rules(rule: Rule, rules: &RoomVersionRules) -> Self {
        Self {
            rule,
            version: version_of(rules),
        }
    }

    /// The version-independent rule.
    pub fn rule(&self) -> Rule {
        self.rule
    }

    /// The stable room version, if the rules were those of one.
    pub fn version(&self) -> Option<u8> {
        self.version
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.version.and_then(|v| Some((v, self.rule.number(v)?))) {
            Some((v, n)) => write!(f, "AUTH-v{v}-{n}"),
            None => write!(f, "{{{}}}", self.rule.slug()),
        }
    }
}
