//! Power levels as the rules read them: creators, effective user levels,
//! required levels (spec §2 "Power level of a user", "Required power level",
//! "Named levels").

use mxp_canonical_json::CanonicalJsonObject;
use mxp_events::Event;
use mxp_events::content::{ContentError, CreateContent, PowerLevelField, PowerLevelsContent};
use mxp_ids::UserId;
use mxp_room_versions::{Creators, RoomVersionRules};

/// A user's power level: an integer, or the infinite level of a room version 12
/// creator, which is above every integer (two creators compare equal).
///
/// The order is total and derived, so comparisons never panic whatever the
/// values, including `i64::MIN` (incident P1-44).
///
/// ```
/// use mxp_auth::UserPowerLevel;
/// assert!(UserPowerLevel::Infinite > UserPowerLevel::Int(i64::MAX));
/// assert!(UserPowerLevel::Int(50) >= UserPowerLevel::Int(50));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UserPowerLevel {
    /// A finite level.
    Int(i64),
    /// A room version 12 creator.
    Infinite,
}

impl UserPowerLevel {
    /// Whether this level reaches `required`.
    pub fn at_least(self, required: i64) -> bool {
        self >= Self::Int(required)
    }
}

impl std::fmt::Display for UserPowerLevel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Int(i) => write!(f, "{i}"),
            Self::Infinite => f.write_str("infinite (room creator)"),
        }
    }
}

/// An action gated by a named level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Action {
    /// Inviting (`invite`, default 0).
    Invite,
    /// Kicking (`kick`, default 50).
    Kick,
    /// Banning and unbanning (`ban`, default 50).
    Ban,
    /// Redacting others' events (`redact`, default 50).
    Redact,
}

impl Action {
    /// The power levels field holding the level this action needs.
    pub fn field(self) -> PowerLevelField {
        match self {
            Self::Invite => PowerLevelField::Invite,
            Self::Kick => PowerLevelField::Kick,
            Self::Ban => PowerLevelField::Ban,
            Self::Redact => PowerLevelField::Redact,
        }
    }
}

/// Who created the room, per the room version (spec §2 "Room creator(s)").
#[derive(Debug, Clone, Copy)]
pub struct RoomCreators<'a> {
    kind: Creators,
    sender: &'a UserId,
    content: CreateContent<'a>,
}

impl<'a> RoomCreators<'a> {
    /// The creators named by a create event (its `sender` and `content`).
    pub fn new(
        rules: &RoomVersionRules,
        sender: &'a UserId,
        content: &'a CanonicalJsonObject,
    ) -> Self {
        Self {
            kind: rules.authorization.creators,
            sender,
            content: CreateContent::new(content),
        }
    }

    /// The creators named by a create event.
    pub fn from_event<E: Event + ?Sized>(rules: &RoomVersionRules, create: &'a E) -> Self {
        Self::new(rules, create.sender(), create.content())
    }

    /// Whether `user` is a creator: `content.creator` (v1–v10), the create
    /// event's `sender` (v11), or the `sender` and `content.additional_creators` (v12).
    pub fn is_creator(&self, user: &UserId) -> bool {
        match self.kind {
            Creators::ContentCreator => self.content_creator() == Some(user.as_str()),
            Creators::Sender => self.sender == user,
            _ => self.sender == user || self.content.is_additional_creator(user),
        }
    }

    /// The one user the creator's first join (`member.join.creator_first`) is
    /// for: `content.creator` in v1–v10, the create `sender` from v11 (never an
    /// additional creator, incident P1-43).
    pub fn first_join_user(&self) -> Option<&'a str> {
        match self.kind {
            Creators::ContentCreator => self.content_creator(),
            _ => Some(self.sender.as_str()),
        }
    }

    fn content_creator(&self) -> Option<&'a str> {
        self.content
            .content()
            .get("creator")
            .and_then(|v| v.as_str())
    }

    /// The create event's sender.
    pub fn create_sender(&self) -> &'a UserId {
        self.sender
    }

    /// The create event's content.
    pub fn create_content(&self) -> CreateContent<'a> {
        self.content
    }
}

/// The power levels of a room in some state: the `m.room.power_levels` content
/// (if any) read as the room version allows, plus the creators.
///
/// Building it costs nothing (it borrows); every lookup reads only the values
/// it needs. Build it once per state and reuse it across checks.
///
/// ```
/// use mxp_auth::{RoomPowerLevels, UserPowerLevel};
/// use mxp_room_versions::RoomVersionRules;
///
/// let rules = RoomVersionRules::V11;
/// let content = mxp_canonical_json::CanonicalJsonValue::try_from(serde_json::json!({
///     "users": {"@mod:example.org": 50}, "kick": 40
/// })).unwrap();
/// let pl = RoomPowerLevels::new(&rules, None, Some(content.as_object().unwrap()));
/// let moderator = mxp_ids::UserId::parse("@mod:example.org").unwrap();
/// let someone = mxp_ids::UserId::parse("@someone:example.org").unwrap();
/// assert_eq!(pl.user_level(moderator).unwrap(), UserPowerLevel::Int(50));
/// assert!(pl.can_act_on(moderator, someone, mxp_auth::Action::Kick).unwrap());
/// assert!(!pl.can_act_on(someone, moderator, mxp_auth::Action::Kick).unwrap());
/// ```
#[derive(Debug, Clone, Copy)]
pub struct RoomPowerLevels<'a> {
    content: PowerLevelsContent<'a>,
    has_event: bool,
    creators: Option<RoomCreators<'a>>,
    infinite_creators: bool,
}

impl<'a> RoomPowerLevels<'a> {
    /// The power levels given the room's creators (from the create event, if
    /// known) and the `m.room.power_levels` content, if the state has one.
    pub fn new(
        rules: &RoomVersionRules,
        creators: Option<RoomCreators<'a>>,
        power_levels: Option<&'a CanonicalJsonObject>,
    ) -> Self {
        let values = rules.authorization.power_level_values;
        Self {
            content: match power_levels {
                Some(c) => PowerLevelsContent::new(c, values),
                None => PowerLevelsContent::absent(values),
            },
            has_event: power_levels.is_some(),
            creators,
            infinite_creators: rules.authorization.creators_have_infinite_power,
        }
    }

    /// The same, from the create and power levels events of a state.
    pub fn from_events<C: Event + ?Sized, P: Event + ?Sized>(
        rules: &RoomVersionRules,
        create: Option<&'a C>,
        power_levels: Option<&'a P>,
    ) -> Self {
        Self::new(
            rules,
            create.map(|c| RoomCreators::from_event(rules, c)),
            power_levels.map(|p| p.content()),
        )
    }

    /// The power levels content (all defaults if there is no event).
    pub fn content(&self) -> PowerLevelsContent<'a> {
        self.content
    }

    /// Whether the state has an `m.room.power_levels` event.
    pub fn has_event(&self) -> bool {
        self.has_event
    }

    /// The creators, if the create event is known.
    pub fn creators(&self) -> Option<&RoomCreators<'a>> {
        self.creators.as_ref()
    }

    /// Whether `user` is a room creator.
    pub fn is_creator(&self, user: &UserId) -> bool {
        self.creators.is_some_and(|c| c.is_creator(user))
    }

    /// A user's effective power level. v12 creators: infinite. Otherwise, with a
    /// power levels event: `users[user]`, else `users_default`, else 0; without
    /// one: 100 for a creator (v1–v11), else 0.
    pub fn user_level(&self, user: &UserId) -> Result<UserPowerLevel, ContentError> {
        if self.infinite_creators && self.is_creator(user) {
            return Ok(UserPowerLevel::Infinite);
        }
        if self.has_event {
            return self.content.user_level(user).map(UserPowerLevel::Int);
        }
        Ok(UserPowerLevel::Int(if self.is_creator(user) {
            100
        } else {
            0
        }))
    }

    /// A named level (with its default).
    pub fn level(&self, field: PowerLevelField) -> Result<i64, ContentError> {
        self.content.level(field)
    }

    /// The level an action needs.
    pub fn action_level(&self, action: Action) -> Result<i64, ContentError> {
        self.level(action.field())
    }

    /// The level needed to send an event of this type (state events: any
    /// `state_key`, `""` included).
    pub fn required_level(&self, event_type: &str, is_state: bool) -> Result<i64, ContentError> {
        self.content.required_level(event_type, is_state)
    }

    /// Whether `user` may send an event of this type.
    pub fn can_send(
        &self,
        user: &UserId,
        event_type: &str,
        is_state: bool,
    ) -> Result<bool, ContentError> {
        Ok(self
            .user_level(user)?
            .at_least(self.required_level(event_type, is_state)?))
    }

    /// Whether `user` reaches the level of `action`.
    pub fn can(&self, user: &UserId, action: Action) -> Result<bool, ContentError> {
        Ok(self.user_level(user)?.at_least(self.action_level(action)?))
    }

    /// Whether `sender` may kick or ban (`action`) `target`: the sender reaches
    /// the action's level and the target's level is below the sender's. A v12
    /// creator is never below anyone, so can never be kicked or banned.
    pub fn can_act_on(
        &self,
        sender: &UserId,
        target: &UserId,
        action: Action,
    ) -> Result<bool, ContentError> {
        let s = self.user_level(sender)?;
        Ok(s.at_least(self.action_level(action)?) && self.user_level(target)? < s)
    }
}
