//! The authorization check: state-independent rules, then state-dependent ones.

mod auth_events;
mod create;
mod member;
mod power_levels;

use std::cell::OnceCell;

use mxp_events::Event;
use mxp_events::content::{ContentError, JoinRule, Membership, PowerLevelField};
use mxp_ids::UserId;
use mxp_room_versions::RoomVersionRules;

use crate::auth_types::{ALIASES, CREATE, MEMBER, POWER_LEVELS, REDACTION, THIRD_PARTY_INVITE};
use crate::lookup::{EventLookup, StateLookup};
use crate::outcome::{Allowed, Decision, Reject, Rejection, reject};
use crate::power::{RoomCreators, RoomPowerLevels, UserPowerLevel};
use crate::rule::Rule;
use crate::verify::{SignatureVerifier, SignaturesVerifiedOnReceipt};

/// The authorization rules of a room version, with the way signatures of
/// authorising servers are checked.
///
/// ```
/// # use mxp_auth::AuthCheck;
/// # use mxp_room_versions::RoomVersionRules;
/// let check = AuthCheck::new(&RoomVersionRules::V12);
/// # let _ = check;
/// ```
#[derive(Debug, Clone, Copy)]
pub struct AuthCheck<'r, V = SignaturesVerifiedOnReceipt> {
    rules: &'r RoomVersionRules,
    verifier: V,
    /// Whether rejections of the state-dependent rules carry a reason.
    reasons: bool,
}

impl<'r> AuthCheck<'r> {
    /// The rules of `rules`, trusting signatures verified on receipt.
    pub fn new(rules: &'r RoomVersionRules) -> Self {
        Self {
            rules,
            verifier: SignaturesVerifiedOnReceipt,
            reasons: true,
        }
    }
}

impl<'r, V: SignatureVerifier> AuthCheck<'r, V> {
    /// Uses `verifier` for `member.authoriser_signature.check`.
    pub fn with_verifier<W: SignatureVerifier>(self, verifier: W) -> AuthCheck<'r, W> {
        AuthCheck {
            rules: self.rules,
            verifier,
            reasons: self.reasons,
        }
    }

    /// Leaves the reason of state-dependent rejections empty
    /// ([`Rejection::reason`]); the rule and its ID stay exact. For callers
    /// that only need the verdict of many checks, such as state resolution:
    /// formatting a reason allocates.
    ///
    /// ```
    /// # use mxp_auth::AuthCheck;
    /// # use mxp_room_versions::RoomVersionRules;
    /// let check = AuthCheck::new(&RoomVersionRules::V11).without_reasons();
    /// # let _ = check;
    /// ```
    pub fn without_reasons(mut self) -> Self {
        self.reasons = false;
        self
    }

    /// The room version's rules.
    pub fn rules(&self) -> &'r RoomVersionRules {
        self.rules
    }

    fn finish(&self, decision: Decision) -> Result<Allowed, Rejection> {
        match decision {
            Ok(rule) => Ok(Allowed {
                rule,
                rules: *self.rules,
            }),
            Err(Reject { rule, reason }) => Err(Rejection {
                rule,
                rules: *self.rules,
                reason,
            }),
        }
    }

    /// Every rule: [`Self::check_state_independent`] against `auth_events`,
    /// then [`Self::check_state_dependent`] against `state`.
    pub fn check<E, A, S>(
        &self,
        event: &E,
        auth_events: &A,
        state: &S,
    ) -> Result<Allowed, Rejection>
    where
        E: Event + ?Sized,
        A: EventLookup + ?Sized,
        S: StateLookup + ?Sized,
    {
        self.check_state_independent(event, auth_events)?;
        self.check_state_dependent(event, state)
    }

    /// The rules that depend only on the event and the events it cites:
    /// `create` (which decides a create event entirely), `room_id_is_create`
    /// (v12; `auth_events` must hold the create event) and `auth_events.*`.
    /// A server runs these once, on receipt.
    pub fn check_state_independent<E, A>(&self, event: &E, auth_events: &A) -> Result<(), Rejection>
    where
        E: Event + ?Sized,
        A: EventLookup + ?Sized,
    {
        let decision = (|| {
            if event.event_type() == CREATE {
                return create::check(self.rules, event).map(drop);
            }
            if self.rules.authorization.room_id_is_create_event {
                auth_events::room_id_is_create(event, auth_events)?;
            }
            auth_events::check(self.rules, event, auth_events)
        })();
        decision.map_err(|Reject { rule, reason }| Rejection {
            rule,
            rules: *self.rules,
            reason,
        })
    }

    /// The rules that read the room state, from `federate` on, against
    /// `state` (which must hold the create event, in v12 too). State resolution
    /// runs these against each candidate state. A create event is judged by
    /// the `create` rules, which need no state.
    pub fn check_state_dependent<E, S>(&self, event: &E, state: &S) -> Result<Allowed, Rejection>
    where
        E: Event + ?Sized,
        S: StateLookup + ?Sized,
    {
        self.finish(self.state_dependent(event, state))
    }

    fn state_dependent<E, S>(&self, event: &E, state: &S) -> Decision
    where
        E: Event + ?Sized,
        S: StateLookup + ?Sized,
    {
        let rules = self.rules;
        if event.event_type() == CREATE {
            return create::check(rules, event);
        }
        let Some(create) = state.state_event(CREATE, "") else {
            let rule = if rules.authorization.create_in_auth_events {
                Rule::AuthEventsHasCreate
            } else {
                Rule::RoomIdIsCreate
            };
            reject!(rule, "the state has no m.room.create event");
        };
        // v12: the create event read from the state must be the one the
        // event's room ID names (`room_id_is_create`), or the creators and
        // `m.federate` would come from another room.
        if rules.authorization.room_id_is_create_event {
            // `room_id.hash()` must be some and equal the create event's
            // hash. Equal text after the sigils makes that ID hash-form too,
            // so one `hash()` scan decides.
            let named = event.room_id().and_then(|r| r.hash());
            let names_create =
                named.is_some_and(|h| Some(h) == create.event_id().as_str().get(1..));
            if !names_create {
                reject!(
                    Rule::RoomIdIsCreate,
                    "the state's create event {} is not the one room_id {:?} names",
                    create.event_id(),
                    event.room_id().map(|r| r.as_str())
                );
            }
        }
        let creators = RoomCreators::from_event(rules, create);
        let cx = Cx {
            rules,
            event,
            state,
            verifier: &self.verifier,
            create_event_id: create.event_id(),
            creators,
            power: OnceCell::new(),
            reasons: self.reasons,
        };
        cx.run()
    }
}

/// Every rule, with signatures of authorising servers taken as verified on
/// receipt. See [`AuthCheck::check`] and the crate documentation's example.
pub fn check<E, A, S>(
    rules: &RoomVersionRules,
    event: &E,
    auth_events: &A,
    state: &S,
) -> Result<Allowed, Rejection>
where
    E: Event + ?Sized,
    A: EventLookup + ?Sized,
    S: StateLookup + ?Sized,
{
    AuthCheck::new(rules).check(event, auth_events, state)
}

/// The state-independent rules. See [`AuthCheck::check_state_independent`].
pub fn check_state_independent<E, A>(
    rules: &RoomVersionRules,
    event: &E,
    auth_events: &A,
) -> Result<(), Rejection>
where
    E: Event + ?Sized,
    A: EventLookup + ?Sized,
{
    AuthCheck::new(rules).check_state_independent(event, auth_events)
}

/// The state-dependent rules. See [`AuthCheck::check_state_dependent`].
pub fn check_state_dependent<E, S>(
    rules: &RoomVersionRules,
    event: &E,
    state: &S,
) -> Result<Allowed, Rejection>
where
    E: Event + ?Sized,
    S: StateLookup + ?Sized,
{
    AuthCheck::new(rules).check_state_dependent(event, state)
}

/// What the state-dependent rules read, gathered once.
pub(crate) struct Cx<'a, E: ?Sized, S: ?Sized, V> {
    pub(crate) rules: &'a RoomVersionRules,
    pub(crate) event: &'a E,
    pub(crate) state: &'a S,
    pub(crate) verifier: &'a V,
    pub(crate) create_event_id: &'a mxp_ids::EventId,
    pub(crate) creators: RoomCreators<'a>,
    /// Read on first use: many checks (a join to a public room, a display
    /// name change) never need a power level.
    power: OnceCell<RoomPowerLevels<'a>>,
    /// Whether rejections carry a reason (see `reject!`).
    pub(crate) reasons: bool,
}

/// A power levels read failed while evaluating `rule`.
pub(crate) fn pl_error(rule: Rule) -> impl Fn(ContentError) -> Reject {
    move |e| Reject {
        rule,
        reason: format!("the power levels cannot be read: {e}"),
    }
}

impl<'a, E, S, V> Cx<'a, E, S, V>
where
    E: Event + ?Sized,
    S: StateLookup + ?Sized,
    V: SignatureVerifier,
{
    /// A user's current membership; `None` when they have no member event (or
    /// its `membership` is not a string), which counts as none of the values.
    pub(crate) fn membership_of(&self, user: &str) -> Option<Membership<'a>> {
        self.state.membership(user)
    }

    /// The power levels of the state (read on first use).
    pub(crate) fn power(&self) -> &RoomPowerLevels<'a> {
        self.power.get_or_init(|| {
            let state: &'a S = self.state;
            RoomPowerLevels::new(
                self.rules,
                Some(self.creators),
                state.state_event(POWER_LEVELS, "").map(|e| e.content()),
            )
        })
    }

    /// The current join rule. Decision (spec silent, digest note): with no
    /// `m.room.join_rules` event, or one without a `join_rule` key, the rule
    /// is `invite`, as Synapse has it, so an invited user can join such a
    /// room. A non-string value is none of the values the rules test.
    pub(crate) fn join_rule(&self) -> JoinRule<'a> {
        self.state.join_rule()
    }

    pub(crate) fn user_level(&self, user: &UserId, rule: Rule) -> Result<UserPowerLevel, Reject> {
        self.power().user_level(user).map_err(pl_error(rule))
    }

    pub(crate) fn level(&self, field: PowerLevelField, rule: Rule) -> Result<i64, Reject> {
        self.power().level(field).map_err(pl_error(rule))
    }

    fn run(&self) -> Decision {
        let rules = self.rules;
        let event = self.event;
        let sender = event.sender();

        // federate: only the literal `false` blocks, and only the sender's
        // server is compared (Synapse also blocks other values and compares the
        // target of member events; we follow the spec).
        let create_sender = self.creators.create_sender();
        let federates = match self.state.create_federates() {
            Some(f) => f,
            None => self.creators.create_content().federate(),
        };
        if !federates && sender.server_name().as_str() != create_sender.server_name().as_str() {
            reject!(self;
                Rule::Federate,
                "the room does not federate (m.federate is false) and the sender's server {} is not the creator's {}",
                sender.server_name(),
                create_sender.server_name()
            );
        }

        // aliases (v1–v5)
        if rules.authorization.special_case_aliases && event.event_type() == ALIASES {
            let Some(state_key) = event.state_key() else {
                reject!(self;
                    Rule::AliasesStateKey,
                    "an m.room.aliases event needs a state_key"
                );
            };
            if state_key != sender.server_name().as_str() {
                reject!(self;
                    Rule::AliasesDomain,
                    "the state_key {state_key:?} is not the sender's server name {}",
                    sender.server_name()
                );
            }
            return Ok(Rule::AliasesAllow);
        }

        if event.event_type() == MEMBER {
            return self.member();
        }

        // sender_joined
        if self.membership_of(sender.as_str()) != Some(Membership::Join) {
            reject!(self;
                Rule::SenderJoined,
                "the sender {sender} is not joined to the room"
            );
        }

        // third_party_invite
        if event.event_type() == THIRD_PARTY_INVITE {
            let rule = Rule::ThirdPartyInviteLevel;
            let level = self.user_level(sender, rule)?;
            let invite = self.level(PowerLevelField::Invite, rule)?;
            if level.at_least(invite) {
                return Ok(rule);
            }
            reject!(self;
                rule,
                "the sender's power level {level} is below the invite level {invite}"
            );
        }

        // required_level
        let rule = Rule::RequiredLevel;
        let required = self
            .power()
            .required_level(event.event_type(), event.state_key().is_some())
            .map_err(pl_error(rule))?;
        let level = self.user_level(sender, rule)?;
        if !level.at_least(required) {
            reject!(self;
                rule,
                "sending {} needs power level {required}, the sender has {level}",
                event.event_type()
            );
        }

        // user_state_key
        if let Some(k) = event.state_key()
            && k.starts_with('@')
            && k != sender.as_str()
        {
            reject!(self;
                Rule::UserStateKey,
                "the state_key {k:?} is a user ID other than the sender's"
            );
        }

        if event.event_type() == POWER_LEVELS {
            return self.power_levels(level);
        }

        // redaction (v1–v2)
        if rules.authorization.redaction_rule && event.event_type() == REDACTION {
            let redact = self.level(PowerLevelField::Redact, Rule::RedactionLevel)?;
            if level.at_least(redact) {
                return Ok(Rule::RedactionLevel);
            }
            // Decision (spec silent): a missing `redacts` matches no domain, so
            // it falls through to the rejection (Ruma does the same; Synapse
            // lets it through).
            let target_server = event.redacts().and_then(|r| r.server_name());
            let own_server = event.event_id().server_name();
            if let (Some(t), Some(o)) = (target_server, own_server)
                && t.as_str() == o.as_str()
            {
                return Ok(Rule::RedactionSameDomain);
            }
            reject!(self;
                Rule::RedactionReject,
                "the sender's power level {level} is below the redact level {redact} and the redacted event is not from this event's server"
            );
        }

        Ok(Rule::Allow)
    }
}
