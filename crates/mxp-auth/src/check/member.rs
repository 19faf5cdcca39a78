//! Rule `member`: `m.room.member` events.

use mxp_canonical_json::CanonicalJsonValue;
use mxp_events::Event;
use mxp_events::content::{
    JoinRule, MemberContent, Membership, PowerLevelField, ThirdPartyInviteContent,
};
use mxp_ids::UserId;

use super::Cx;
use crate::auth_types::THIRD_PARTY_INVITE;
use crate::lookup::StateLookup;
use crate::outcome::{Decision, reject};
use crate::rule::Rule;
use crate::verify::{SignatureVerifier, third_party_message, third_party_signed_by};

impl<'a, E, S, V> Cx<'a, E, S, V>
where
    E: Event + ?Sized,
    S: StateLookup + ?Sized,
    V: SignatureVerifier,
{
    pub(super) fn member(&self) -> Decision {
        let event = self.event;
        let content = MemberContent::new(event.content());
        // member.shape
        let Some(state_key) = event.state_key() else {
            reject!(self;
                Rule::MemberShape,
                "an m.room.member event needs a state_key"
            );
        };
        let membership = match self.state.checked_membership() {
            Some(m) => Some(Ok(m)),
            None => content.membership(),
        };
        let Some(membership) = membership else {
            reject!(self; Rule::MemberShape, "content has no membership key");
        };
        // Decision (spec silent): the target must be a user ID; a state_key
        // that is not one fails the shape rule (Synapse and Ruma refuse it too).
        // The sender is a valid user ID already: a self-targeted membership
        // (the common case) needs no second parse.
        let self_targeted = match self.state.checked_self_targeted() {
            Some(t) => t,
            None => state_key == event.sender().as_str(),
        };
        let target = if self_targeted {
            event.sender()
        } else {
            let Ok(target) = UserId::parse(state_key) else {
                reject!(self;
                    Rule::MemberShape,
                    "the state_key {state_key:?} is not a user ID"
                );
            };
            target
        };

        // member.authoriser_signature (v8+): whatever the membership, as the
        // spec says (Synapse checks it on joins only; see incident P1-40).
        if self.rules.restricted_join
            && self.state.checked_has_authoriser().unwrap_or_else(|| {
                content
                    .content()
                    .contains_key("join_authorised_via_users_server")
            })
        {
            let rule = Rule::MemberAuthoriserSignatureCheck;
            match content.join_authorised_via_users_server() {
                Some(Ok(user)) => {
                    if !self
                        .verifier
                        .is_signed_by(self.rules, event.json(), user.server_name())
                    {
                        reject!(self;
                            rule,
                            "the event is not signed by {}, the server of the authorising user {user}",
                            user.server_name()
                        );
                    }
                }
                Some(Err(e)) => reject!(self; rule, "no server can have authorised the join: {e}"),
                None => reject!(self; rule, "join_authorised_via_users_server is missing"),
            }
        }

        match membership {
            Ok(Membership::Join) => self.join(target, &content),
            Ok(Membership::Invite) => self.invite(target, &content),
            Ok(Membership::Leave) => self.leave(target),
            Ok(Membership::Ban) => self.ban(target),
            Ok(Membership::Knock) if self.rules.knock => self.knock(target),
            Ok(other) => reject!(self;
                Rule::MemberUnknown,
                "membership {:?} is not one this room version knows",
                other.as_str()
            ),
            Err(e) => reject!(self; Rule::MemberUnknown, "{e}"),
        }
    }

    fn join(&self, target: &UserId, content: &MemberContent<'a>) -> Decision {
        let event = self.event;
        let sender = event.sender();
        // member.join.creator_first: the only prev event is the create event
        // and the target is the creator (v1–v10 `content.creator`, v11+ the
        // create event's sender, never an additional creator: P1-43).
        // The target is tested first: it is at hand, while `prev_events` is
        // memory of the caller's that no other rule reads.
        if self.creators.first_join_user() == Some(target.as_str())
            && let [only] = event.prev_events()
            && **only == *self.create_event_id
        {
            return Ok(Rule::MemberJoinCreatorFirst);
        }
        // member.join.self (a self-targeted join's target is the sender itself)
        if !std::ptr::eq(sender, target) && sender != target {
            reject!(self;
                Rule::MemberJoinSelf,
                "{sender} cannot join on behalf of {target}"
            );
        }
        let current = self.membership_of(sender.as_str());
        // member.join.banned
        if current == Some(Membership::Ban) {
            reject!(self; Rule::MemberJoinBanned, "{sender} is banned");
        }
        let join_rule = self.join_rule();
        let was_invited_or_joined = matches!(current, Some(Membership::Invite | Membership::Join));
        // member.join.invite_rule (v7+: `knock` too)
        let invite_like =
            join_rule == JoinRule::Invite || (self.rules.knock && join_rule == JoinRule::Knock);
        if invite_like && was_invited_or_joined {
            return Ok(Rule::MemberJoinInviteRule);
        }
        // member.join.restricted (v8+; v10+: `knock_restricted` too)
        let restricted = (self.rules.restricted_join && join_rule == JoinRule::Restricted)
            || (self.rules.knock_restricted_join && join_rule == JoinRule::KnockRestricted);
        if restricted {
            if was_invited_or_joined {
                return Ok(Rule::MemberJoinRestrictedMember);
            }
            let rule = Rule::MemberJoinRestrictedAuthoriser;
            let authoriser = match content.join_authorised_via_users_server() {
                None => reject!(self;
                    rule,
                    "a restricted join needs join_authorised_via_users_server"
                ),
                Some(Err(e)) => reject!(self; rule, "{e}"),
                Some(Ok(user)) => user,
            };
            if self.membership_of(authoriser.as_str()) != Some(Membership::Join) {
                reject!(self;
                    rule,
                    "the authorising user {authoriser} is not joined to the room"
                );
            }
            let level = self.user_level(authoriser, rule)?;
            let invite = self.level(PowerLevelField::Invite, rule)?;
            if !level.at_least(invite) {
                reject!(self;
                    rule,
                    "the authorising user {authoriser} has power level {level}, below the invite level {invite}"
                );
            }
            return Ok(Rule::MemberJoinRestrictedAllow);
        }
        // member.join.public
        if join_rule == JoinRule::Public {
            return Ok(Rule::MemberJoinPublic);
        }
        reject!(self;
            Rule::MemberJoinReject,
            "join rule {:?} does not let {sender} (membership {}) join",
            join_rule.as_str(),
            current.map_or("none", |m| m.as_str())
        )
    }

    fn invite(&self, target: &UserId, content: &MemberContent<'a>) -> Decision {
        let event = self.event;
        let sender = event.sender();
        let target_membership = self.membership_of(target.as_str());
        // member.invite.3pid: no joined sender needed, a joined target is fine.
        if content.has_third_party_invite() {
            if target_membership == Some(Membership::Ban) {
                reject!(self; Rule::MemberInviteThirdPartyBanned, "{target} is banned");
            }
            let signed = content
                .content()
                .get("third_party_invite")
                .and_then(CanonicalJsonValue::as_object)
                .and_then(|t| t.get("signed"));
            let Some(signed) = signed else {
                reject!(self;
                    Rule::MemberInviteThirdPartySigned,
                    "third_party_invite has no signed key"
                );
            };
            // Decision: a `signed` that is not an object has no `mxid`/`token`.
            let signed = signed.as_object();
            let field = |k: &str| {
                signed
                    .and_then(|s| s.get(k))
                    .and_then(CanonicalJsonValue::as_str)
            };
            let (Some(mxid), Some(token)) = (field("mxid"), field("token")) else {
                reject!(self;
                    Rule::MemberInviteThirdPartyFields,
                    "third_party_invite.signed needs string mxid and token"
                );
            };
            if mxid != target.as_str() {
                reject!(self;
                    Rule::MemberInviteThirdPartyMxid,
                    "signed.mxid {mxid:?} is not the state_key {target}"
                );
            }
            let Some(tpi) = self.state.state_event(THIRD_PARTY_INVITE, token) else {
                reject!(self;
                    Rule::MemberInviteThirdPartyToken,
                    "no m.room.third_party_invite has state_key {token:?}"
                );
            };
            if tpi.sender() != sender {
                reject!(self;
                    Rule::MemberInviteThirdPartySender,
                    "the third party invite was sent by {}, not {sender}",
                    tpi.sender()
                );
            }
            let keys = ThirdPartyInviteContent::new(tpi.content());
            if let Some(signed) = signed
                && let Some(message) = third_party_message(signed)
            {
                if let Some(key) = keys.public_key()
                    && third_party_signed_by(signed, &message, key)
                {
                    return Ok(Rule::MemberInviteThirdPartySignaturePublicKey);
                }
                if keys
                    .public_keys()
                    .any(|key| third_party_signed_by(signed, &message, key))
                {
                    return Ok(Rule::MemberInviteThirdPartySignaturePublicKeys);
                }
            }
            reject!(self;
                Rule::MemberInviteThirdPartyReject,
                "no signature in third_party_invite.signed verifies with a public key of the third party invite"
            );
        }
        // member.invite.sender_joined
        if self.membership_of(sender.as_str()) != Some(Membership::Join) {
            reject!(self;
                Rule::MemberInviteSenderJoined,
                "the inviter {sender} is not joined"
            );
        }
        // member.invite.target
        if let Some(m @ (Membership::Join | Membership::Ban)) = target_membership {
            reject!(self;
                Rule::MemberInviteTarget,
                "{target} cannot be invited: membership is {m}"
            );
        }
        // member.invite.level
        let rule = Rule::MemberInviteLevel;
        let level = self.user_level(sender, rule)?;
        let invite = self.level(PowerLevelField::Invite, rule)?;
        if level.at_least(invite) {
            return Ok(rule);
        }
        reject!(self;
            Rule::MemberInviteReject,
            "the inviter's power level {level} is below the invite level {invite}"
        )
    }

    fn leave(&self, target: &UserId) -> Decision {
        let sender = self.event.sender();
        // member.leave.self: from invite or join (v7+: knock) only.
        if sender == target {
            let current = self.membership_of(sender.as_str());
            let ok = matches!(current, Some(Membership::Invite | Membership::Join))
                || (self.rules.knock && current == Some(Membership::Knock));
            if ok {
                return Ok(Rule::MemberLeaveSelf);
            }
            reject!(self;
                Rule::MemberLeaveSelf,
                "{sender} cannot leave from membership {}",
                current.map_or("none", |m| m.as_str())
            );
        }
        // member.leave.sender_joined
        if self.membership_of(sender.as_str()) != Some(Membership::Join) {
            reject!(self; Rule::MemberLeaveSenderJoined, "{sender} is not joined");
        }
        // member.leave.unban
        let sender_level = self.user_level(sender, Rule::MemberLeaveUnban)?;
        if self.membership_of(target.as_str()) == Some(Membership::Ban) {
            let ban = self.level(PowerLevelField::Ban, Rule::MemberLeaveUnban)?;
            if !sender_level.at_least(ban) {
                reject!(self;
                    Rule::MemberLeaveUnban,
                    "unbanning needs power level {ban}, the sender has {sender_level}"
                );
            }
        }
        // member.leave.kick
        let rule = Rule::MemberLeaveKick;
        let kick = self.level(PowerLevelField::Kick, rule)?;
        let target_level = self.user_level(target, rule)?;
        if sender_level.at_least(kick) && target_level < sender_level {
            return Ok(rule);
        }
        reject!(self;
            Rule::MemberLeaveReject,
            "kicking needs power level {kick} and more than the target's {target_level}; the sender has {sender_level}"
        )
    }

    fn ban(&self, target: &UserId) -> Decision {
        let sender = self.event.sender();
        // member.ban.sender_joined
        if self.membership_of(sender.as_str()) != Some(Membership::Join) {
            reject!(self; Rule::MemberBanSenderJoined, "{sender} is not joined");
        }
        // member.ban.level
        let rule = Rule::MemberBanLevel;
        let sender_level = self.user_level(sender, rule)?;
        let ban = self.level(PowerLevelField::Ban, rule)?;
        let target_level = self.user_level(target, rule)?;
        if sender_level.at_least(ban) && target_level < sender_level {
            return Ok(rule);
        }
        reject!(self;
            Rule::MemberBanReject,
            "banning needs power level {ban} and more than the target's {target_level}; the sender has {sender_level}"
        )
    }

    fn knock(&self, target: &UserId) -> Decision {
        let sender = self.event.sender();
        // member.knock.rule (v10+: `knock_restricted` too; incident P1-41)
        let join_rule = self.join_rule();
        let knockable = join_rule == JoinRule::Knock
            || (self.rules.knock_restricted_join && join_rule == JoinRule::KnockRestricted);
        if !knockable {
            reject!(self;
                Rule::MemberKnockRule,
                "join rule {:?} does not allow knocking",
                join_rule.as_str()
            );
        }
        // member.knock.self
        if sender != target {
            reject!(self;
                Rule::MemberKnockSelf,
                "{sender} cannot knock on behalf of {target}"
            );
        }
        // member.knock.allow
        match self.membership_of(sender.as_str()) {
            Some(m @ (Membership::Ban | Membership::Invite | Membership::Join)) => {
                reject!(self;
                    Rule::MemberKnockReject,
                    "{sender} cannot knock from membership {m}"
                )
            }
            _ => Ok(Rule::MemberKnockAllow),
        }
    }
}
