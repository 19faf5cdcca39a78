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
#[derive(Debug, Clone)]
pub struct Rejection {
    pub(crate) rule: Rule,
    // As in `Allowed`: the numbered ID is found only when asked for (state
    // resolution rejects many events and asks for none).
    pub(crate) rules: RoomVersionRules,
    pub(crate) reason: String,
}

impl Rejection {
    /// The rule that rejected the event, e.g. `AUTH-v10-4.3.2`.
    pub fn rule_id(&self) -> RuleId {
        RuleId::for_rules(self.rule, &self.rules)
    }

    /// The version-independent rule that rejected the event.
    pub fn rule(&self) -> Rule {
        self.rule
    }

    /// Why, in words (empty for a state-dependent rejection of an
    /// [`AuthCheck::without_reasons`](crate::AuthCheck::without_reasons)).
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

/// Equal when the rule IDs and the reasons are.
impl PartialEq for Rejection {
    fn eq(&self, other: &Self) -> bool {
        self.rule_id() == other.rule_id() && self.reason == other.reason
    }
}

impl Eq for Rejection {}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "rejected by {}: {}", self.rule_id(), self.reason)
    }
}

impl std::error::Error for Rejection {}

/// A rejection before the room version is attached.
#[derive(Debug)]
pub(crate) struct Reject {
    pub(crate) rule: Rule,
    pub(crate) reason: String,
}

/// Internal result: the allowing rule, or a rejection.
pub(crate) type Decision = Result<Rule, Reject>;

/// Rejects by `rule` with a formatted reason; with a leading `cx;` (a
/// state-dependent check's context), the reason is left empty when the
/// caller asked for none (`AuthCheck::without_reasons`).
macro_rules! reject {
    ($cx:expr; $rule:expr, $($fmt:tt)+) => {
        return Err($crate::outcome::Reject {
            rule: $rule,
            reason: if $cx.reasons { format!($($fmt)+) } else { String::new() },
        })
    };
    ($rule:expr, $($fmt:tt)+) => {
        return Err($crate::outcome::Reject { rule: $rule, reason: format!($($fmt)+) })
    };
}
pub(crate) use reject;
