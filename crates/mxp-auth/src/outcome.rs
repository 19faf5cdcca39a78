//! The outcome of an authorization check.

use mxp_room_versions::RoomVersionRules;

use crate::rule::{Rule, RuleId};

/// The event is allowed; [`Allowed::rule`] is the rule that allowed it (e.g.
/// `member.join.public`, or the final `allow`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Allowed {
    pub(crate) rule: Rule,
    // The version is found only when an ID is asked for.
    pub(crate) rules: RoomVersionRules,
}

impl Allowed {
    /// The rule that allowed the event, e.g. `AUTH-v10-4.3.6`.
    pub fn rule_id(&self) -> RuleId {
        RuleId::for_rules(self.rule, &self.rules)
    }

    /// The version-independent rule that allowed the event.
    pub fn rule(&self) -> Rule {
        self.rule
    }
}

/// The event is rejected by the rule [`Rejection::rule_id`], for
/// [`Rejection::reason`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rejected by {rule}: {reason}")]
pub struct Rejection {
    pub(crate) rule: RuleId,
    pub(crate) reason: String,
}

impl Rejection {
    /// The rule that rejected the event, e.g. `AUTH-v10-4.3.2`.
    pub fn rule_id(&self) -> RuleId {
        self.rule
    }

    /// The version-independent rule that rejected the event.
    pub fn rule(&self) -> Rule {
        self.rule.rule()
    }

    /// Why, in words.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

/// A rejection before the room version is attached.
#[derive(Debug)]
pub(crate) struct Reject {
    pub(crate) rule: Rule,
    pub(crate) reason: String,
}

/// Internal result: the allowing rule, or a rejection.
pub(crate) type Decision = Result<Rule, Reject>;

/// Rejects by `rule` with a formatted reason.
macro_rules! reject {
    ($rule:expr, $($fmt:tt)+) => {
        return Err($crate::outcome::Reject { rule: $rule, reason: format!($($fmt)+) })
    };
}
pub(crate) use reject;
