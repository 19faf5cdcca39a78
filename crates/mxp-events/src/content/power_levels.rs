//! `m.room.power_levels` content, with per-version value parsing.

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_ids::UserId;
use mxp_room_versions::PowerLevelValues;

use super::{ContentError, EMPTY_OBJECT, PowerLevelError};

/// Reads one power level value as the room version allows.
///
/// * Integers are always accepted.
/// * Strings (v1–v9, [`PowerLevelValues::IntegersStrings`] and wider): optional
///   leading and trailing ASCII whitespace (space, tab, LF, VT, FF, CR), an
///   optional single `+` or `-`, then one or more ASCII digits. No `_`, no
///   decimal point, no exponent, no non-ASCII digits or whitespace: the spec's
///   grammar, stricter than Synapse's Python `int()` (see the digest's note).
/// * Floats (v1–v5, [`PowerLevelValues::IntegersStringsFloats`], held as
///   [`CanonicalJsonValue::LegacyNumber`]): exponent applied, then truncated
///   towards zero (`5.114698E4` → `51146`). Non-finite values are refused.
/// * Booleans and `null` are never power levels (Synapse reads `true` as 1 in
///   v1–v9; the spec does not, and neither do we).
///
/// Values that do not fit an `i64` (long digit strings, huge floats) are
/// [`PowerLevelError::OutOfRange`]: a decision of this library, since the spec
/// leaves arbitrary-precision integers unspecified and every other value a
/// server could emit fits.
///
/// ```
/// use mxp_canonical_json::CanonicalJsonValue;
/// use mxp_events::content::parse_power_level;
/// use mxp_room_versions::PowerLevelValues;
///
/// let s = CanonicalJsonValue::String(" +0050 ".into());
/// assert_eq!(parse_power_level(&s, PowerLevelValues::IntegersStrings), Ok(50));
/// assert!(parse_power_level(&s, PowerLevelValues::IntegersOnly).is_err());
/// let f = CanonicalJsonValue::LegacyNumber("5.114698E4".into());
/// assert_eq!(parse_power_level(&f, PowerLevelValues::IntegersStringsFloats), Ok(51146));
/// ```
pub fn parse_power_level(
    value: &CanonicalJsonValue,
    accepted: PowerLevelValues,
) -> Result<i64, PowerLevelError> {
    let strings = !matches!(accepted, PowerLevelValues::IntegersOnly);
    let floats = matches!(accepted, PowerLevelValues::IntegersStringsFloats);
    match value {
        CanonicalJsonValue::Integer(i) => Ok(*i),
        CanonicalJsonValue::String(s) if strings => parse_string(s),
        CanonicalJsonValue::LegacyNumber(n) if floats => parse_legacy_number(n),
        other => Err(PowerLevelError::WrongType {
            found: json_type(other),
        }),
    }
}

fn json_type(v: &CanonicalJsonValue) -> &'static str {
    match v {
        CanonicalJsonValue::Null => "null",
        CanonicalJsonValue::Bool(_) => "boolean",
        CanonicalJsonValue::Integer(_) => "integer",
        CanonicalJsonValue::String(_) => "string",
        CanonicalJsonValue::Array(_) => "array",
        CanonicalJsonValue::Object(_) => "object",
        CanonicalJsonValue::LegacyNumber(_) => "non-integer number",
    }
}

/// The legacy string form (`v1-stringy-power-levels`).
fn parse_string(s: &str) -> Result<i64, PowerLevelError> {
    let invalid = || PowerLevelError::InvalidString(truncate(s));
    // Python's ASCII whitespace, which includes VT (0x0b) unlike `is_ascii_whitespace`.
    let t = s.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r'));
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    // `i64::from_str` takes exactly one optional sign and ASCII digits.
    t.parse::<i64>()
        .map_err(|_| PowerLevelError::OutOfRange(truncate(s)))
}

/// A float or out-of-canonical-range integer of a v1–v5 event, as source text.
fn parse_legacy_number(n: &str) -> Result<i64, PowerLevelError> {
    let out_of_range = || PowerLevelError::OutOfRange(truncate(n));
    if !n.contains(['.', 'e', 'E']) {
        return n.parse::<i64>().map_err(|_| out_of_range());
    }
    let f: f64 = n.parse().map_err(|_| out_of_range())?;
    let t = f.trunc();
    // 2^63 is exactly representable; every finite value in [-2^63, 2^63) fits.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if !t.is_finite() || !(-LIMIT..LIMIT).contains(&t) {
        return Err(out_of_range());
    }
    // In range and integral, so the conversion is exact.
    Ok(t as i64)
}

fn truncate(s: &str) -> String {
    let mut end = s.len().min(64);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or_default().to_owned()
}

/// The named integer fields of `m.room.power_levels` and their defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PowerLevelField {
    /// `users_default`, default 0.
    UsersDefault,
    /// `events_default`, default 0.
    EventsDefault,
    /// `state_default`, default 50 (0 before CVE-2018-12423, incident P1-35).
    StateDefault,
    /// `ban`, default 50.
    Ban,
    /// `kick`, default 50.
    Kick,
    /// `redact`, default 50.
    Redact,
    /// `invite`, default 0 (the spec said 50 until v1.3, incident P1-35).
    Invite,
}

impl PowerLevelField {
    /// Every field, in the order the power levels rule lists them.
    pub const ALL: [PowerLevelField; 7] = [
        Self::UsersDefault,
        Self::EventsDefault,
        Self::StateDefault,
        Self::Ban,
        Self::Redact,
        Self::Kick,
        Self::Invite,
    ];

    /// The content key.
    pub const fn key(self) -> &'static str {
        match self {
            Self::UsersDefault => "users_default",
            Self::EventsDefault => "events_default",
            Self::StateDefault => "state_default",
            Self::Ban => "ban",
            Self::Kick => "kick",
            Self::Redact => "redact",
            Self::Invite => "invite",
        }
    }

    /// The value when the key, or the whole power levels event, is absent.
    pub const fn default_level(self) -> i64 {
        match self {
            Self::UsersDefault | Self::EventsDefault | Self::Invite => 0,
            Self::StateDefault | Self::Ban | Self::Kick | Self::Redact => 50,
        }
    }
}

/// A view of `m.room.power_levels` content that reads values as a room version
/// allows ([`parse_power_level`]).
///
/// Building the view costs nothing: it borrows the content, and each accessor
/// looks up (`O(log n)`) and parses only the value asked for, so reading two
/// users' levels from a 500-entry `users` map never touches the other entries.
/// [`PowerLevelsContent::absent`] stands for "no power levels event": every
/// value is its default.
#[derive(Debug, Clone, Copy)]
pub struct PowerLevelsContent<'a> {
    content: &'a CanonicalJsonObject,
    values: PowerLevelValues,
    // `users` is read by nearly every check, so it is found once.
    users: Option<&'a CanonicalJsonValue>,
}

impl<'a> PowerLevelsContent<'a> {
    /// A view of `content`, reading values as `values` allows
    /// (`RoomVersionRules::authorization.power_level_values`).
    pub fn new(content: &'a CanonicalJsonObject, values: PowerLevelValues) -> Self {
        Self {
            content,
            values,
            users: content.get("users"),
        }
    }

    /// The view used when the room has no power levels event: all defaults.
    pub fn absent(values: PowerLevelValues) -> Self {
        Self {
            content: &EMPTY_OBJECT,
            values,
            users: None,
        }
    }

    /// The raw content.
    pub fn content(&self) -> &'a CanonicalJsonObject {
        self.content
    }

    /// Which value types this view accepts.
    pub fn values(&self) -> PowerLevelValues {
        self.values
    }

    fn parse(&self, field: &'static str, v: &CanonicalJsonValue) -> Result<i64, ContentError> {
        parse_power_level(v, self.values)
            .map_err(|source| ContentError::InvalidPowerLevel { field, source })
    }

    /// The value of `field` if the content has it.
    pub fn explicit(&self, field: PowerLevelField) -> Result<Option<i64>, ContentError> {
        self.content
            .get(field.key())
            .map(|v| self.parse(field.key(), v))
            .transpose()
    }

    /// The value of `field`, or its default.
    pub fn level(&self, field: PowerLevelField) -> Result<i64, ContentError> {
        Ok(self.explicit(field)?.unwrap_or(field.default_level()))
    }

    fn map(&self, field: &'static str) -> Result<Option<&'a CanonicalJsonObject>, ContentError> {
        super::opt_object(self.content, field).transpose()
    }

    /// The raw `users` object, if present.
    pub fn users(&self) -> Result<Option<&'a CanonicalJsonObject>, ContentError> {
        self.users
            .map(|v| {
                v.as_object().ok_or(ContentError::WrongType {
                    field: "users",
                    expected: "an object",
                })
            })
            .transpose()
    }

    /// The raw `events` object, if present.
    pub fn events(&self) -> Result<Option<&'a CanonicalJsonObject>, ContentError> {
        self.map("events")
    }

    /// The raw `notifications` object, if present.
    pub fn notifications(&self) -> Result<Option<&'a CanonicalJsonObject>, ContentError> {
        self.map("notifications")
    }

    /// Parses a value read from one of the maps (`users`, `events`,
    /// `notifications`); `field` names the map in errors.
    pub fn parse_entry(
        &self,
        field: &'static str,
        value: &CanonicalJsonValue,
    ) -> Result<i64, ContentError> {
        self.parse(field, value)
    }

    /// `users[user]` if present.
    pub fn user(&self, user: &UserId) -> Result<Option<i64>, ContentError> {
        match self.users()? {
            Some(users) => users
                .get(user.as_str())
                .map(|v| self.parse("users", v))
                .transpose(),
            None => Ok(None),
        }
    }

    /// A user's level from this content: `users[user]`, else `users_default`,
    /// else 0. (Room creators are handled by the authorization rules: with no
    /// power levels event they have 100 in v1–v11, and in v12 they are
    /// infinitely powerful whatever this content says.)
    pub fn user_level(&self, user: &UserId) -> Result<i64, ContentError> {
        match self.user(user)? {
            Some(level) => Ok(level),
            None => self.level(PowerLevelField::UsersDefault),
        }
    }

    /// `events[event_type]` if present.
    pub fn event(&self, event_type: &str) -> Result<Option<i64>, ContentError> {
        match self.events()? {
            Some(events) => events
                .get(event_type)
                .map(|v| self.parse("events", v))
                .transpose(),
            None => Ok(None),
        }
    }

    /// The level required to send an event of `event_type`: `events[type]`,
    /// else `state_default` for state events (any `state_key`, `""` included),
    /// else `events_default`.
    pub fn required_level(&self, event_type: &str, is_state: bool) -> Result<i64, ContentError> {
        match self.event(event_type)? {
            Some(level) => Ok(level),
            None if is_state => self.level(PowerLevelField::StateDefault),
            None => self.level(PowerLevelField::EventsDefault),
        }
    }

    /// `notifications[key]` if present (e.g. `room`, default 50 — not used by
    /// the authorization rules).
    pub fn notification(&self, key: &str) -> Result<Option<i64>, ContentError> {
        match self.notifications()? {
            Some(n) => n
                .get(key)
                .map(|v| self.parse("notifications", v))
                .transpose(),
            None => Ok(None),
        }
    }
}
