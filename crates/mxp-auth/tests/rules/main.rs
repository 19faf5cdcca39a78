//! Every authorization rule of every room version, with at least one event the
//! rule allows and one it rejects (rules that only say "otherwise allow" or
//! "otherwise reject" need only that side). Cases are written per rule slug and
//! run in every version where the rule exists (the digest's cross-version
//! index); `coverage` fails if any of the 934 rule IDs has no case.

#[path = "../common/mod.rs"]
mod common;

mod auth_events;
mod create;
mod member_invite;
mod member_join;
mod member_other;
mod misc;
mod power_levels;

use std::collections::{BTreeMap, BTreeSet};

use common::{Store, TestEvent};
use mxp_auth::{Rule, RuleId, check_state_dependent, check_state_independent};

/// Against what a case is checked.
pub(crate) enum Mode {
    /// `check_state_dependent` against this state.
    State(Vec<TestEvent>),
    /// `check_state_independent` with these events by ID.
    Independent(Store),
}

/// The expected outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expect {
    /// Allowed (for state-dependent checks, by this rule if given).
    Allow(Option<Rule>),
    /// Rejected by this rule.
    Reject(Rule),
}

/// One test case: the rule it covers, in one version.
pub(crate) struct Case {
    pub(crate) covers: Rule,
    pub(crate) what: String,
    pub(crate) event: TestEvent,
    pub(crate) mode: Mode,
    pub(crate) expect: Expect,
}

impl Case {
    pub(crate) fn new(
        covers: Rule,
        what: impl Into<String>,
        event: TestEvent,
        mode: Mode,
        expect: Expect,
    ) -> Self {
        Self {
            covers,
            what: what.into(),
            event,
            mode,
            expect,
        }
    }
}

/// Shorthands.
pub(crate) fn allow(
    covers: Rule,
    what: &str,
    event: TestEvent,
    state: Vec<TestEvent>,
    by: Rule,
) -> Case {
    Case::new(
        covers,
        what,
        event,
        Mode::State(state),
        Expect::Allow(Some(by)),
    )
}

pub(crate) fn reject(
    covers: Rule,
    what: &str,
    event: TestEvent,
    state: Vec<TestEvent>,
    by: Rule,
) -> Case {
    Case::new(covers, what, event, Mode::State(state), Expect::Reject(by))
}

/// The case builders, each run in every version where its rule exists.
type Builder = fn(u8) -> Vec<Case>;

fn builders() -> Vec<(Rule, Builder)> {
    let mut all = Vec::new();
    all.extend(create::builders());
    all.extend(auth_events::builders());
    all.extend(misc::builders());
    all.extend(member_join::builders());
    all.extend(member_invite::builders());
    all.extend(member_other::builders());
    all.extend(power_levels::builders());
    all
}

fn run(v: u8, case: &Case) -> Result<Option<Rule>, (Rule, String)> {
    let rules = common::rules(v);
    match &case.mode {
        Mode::State(state) => check_state_dependent(rules, &case.event, state)
            .map(|a| Some(a.rule()))
            .map_err(|r| (r.rule(), r.to_string())),
        Mode::Independent(store) => check_state_independent(rules, &case.event, store)
            .map(|()| None)
            .map_err(|r| (r.rule(), r.to_string())),
    }
}

/// Runs every case; returns the rule IDs observed on each side.
fn run_all() -> (BTreeSet<String>, BTreeSet<String>, usize) {
    let mut allowed = BTreeSet::new();
    let mut rejected = BTreeSet::new();
    let mut failures = Vec::new();
    let mut count = 0;
    for (rule, build) in builders() {
        for v in rule.versions() {
            for case in build(v) {
                count += 1;
                let label = format!(
                    "{} (v{v}, {}): {}",
                    RuleId::new(case.covers, v),
                    case.covers.slug(),
                    case.what
                );
                assert!(
                    case.covers.number(v).is_some(),
                    "{label}: covers a rule absent from v{v}"
                );
                let outcome = run(v, &case);
                let ok = match (case.expect, &outcome) {
                    (Expect::Allow(None), Ok(_)) => true,
                    (Expect::Allow(Some(by)), Ok(Some(r))) => *r == by,
                    (Expect::Allow(Some(_)), Ok(None)) => true,
                    (Expect::Reject(by), Err((r, _))) => *r == by,
                    _ => false,
                };
                if !ok {
                    failures.push(format!(
                        "{label}: expected {:?}, got {outcome:?}",
                        case.expect
                    ));
                    continue;
                }
                // A case also exercises the rules that contain the one it covers.
                let side = if matches!(case.expect, Expect::Allow(_)) {
                    &mut allowed
                } else {
                    &mut rejected
                };
                for r in std::iter::once(case.covers).chain(case.covers.ancestors()) {
                    if let Some(n) = r.number(v) {
                        side.insert(format!("AUTH-v{v}-{n}"));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
    (allowed, rejected, count)
}

/// Rules whose only outcome is "otherwise → allow" / "otherwise → reject".
fn one_sided(slug: &str) -> Option<bool> {
    match slug {
        "create.allow"
        | "aliases.allow"
        | "member.join.restricted.allow"
        | "power_levels.allow"
        | "allow" => Some(true),
        "member.join.reject"
        | "member.invite.3pid.reject"
        | "member.invite.reject"
        | "member.leave.reject"
        | "member.ban.reject"
        | "member.knock.reject"
        | "member.unknown"
        | "redaction.reject" => Some(false),
        _ => None,
    }
}

/// Runs every case, then checks that each of the 934 rule IDs was observed.
#[test]
fn every_rule_id_has_allow_and_reject_cases() {
    let data = include_str!("../data/rule_ids.txt");
    let ids: BTreeMap<&str, &str> = data
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| l.split_once(' '))
        .collect();
    assert_eq!(ids.len(), 934);
    // The generated table agrees with the digest's list.
    let mut from_table = BTreeSet::new();
    for rule in Rule::ALL {
        for v in rule.versions() {
            from_table.insert(RuleId::new(rule, v).to_string());
        }
    }
    assert_eq!(from_table, ids.keys().map(|s| s.to_string()).collect());

    let (allowed, rejected, count) = run_all();
    assert!(count > 1000, "only {count} cases");
    println!("{count} cases run");
    let mut missing = Vec::new();
    for (id, slug) in &ids {
        let need_allow = one_sided(slug) != Some(false);
        let need_reject = one_sided(slug) != Some(true);
        if need_allow && !allowed.contains(*id) {
            missing.push(format!("{id} {{{slug}}}: no allow case"));
        }
        if need_reject && !rejected.contains(*id) {
            missing.push(format!("{id} {{{slug}}}: no reject case"));
        }
    }
    let covered = ids.len()
        - missing
            .iter()
            .map(|m| m.split(' ').next())
            .collect::<BTreeSet<_>>()
            .len();
    assert!(
        missing.is_empty(),
        "{covered}/934 rule IDs covered; missing:\n{}",
        missing.join("\n")
    );
}
