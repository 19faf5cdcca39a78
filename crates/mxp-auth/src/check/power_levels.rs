//! Rule `power_levels`: `m.room.power_levels` events.

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_events::Event;
use mxp_events::content::{PowerLevelField, parse_power_level};
use mxp_ids::UserId;
use mxp_room_versions::PowerLevelValues;

use super::Cx;
use crate::auth_types::POWER_LEVELS;
use crate::lookup::StateLookup;
use crate::outcome::{Decision, Reject, reject};
use crate::power::UserPowerLevel;
use crate::rule::Rule;
use crate::verify::SignatureVerifier;

/// Whether a value was added, changed or removed: judged on the keys present
/// in the old and new content, numerically where both parse ("50" → 50 is no
/// change in v1–v9, as Synapse compares parsed integers).
fn changed(
    old: Option<&CanonicalJsonValue>,
    new: Option<&CanonicalJsonValue>,
    values: PowerLevelValues,
) -> bool {
    match (old, new) {
        (None, None) => false,
        (Some(a), Some(b)) => {
            a != b
                && !matches!(
                    (parse_power_level(a, values), parse_power_level(b, values)),
                    (Ok(x), Ok(y)) if x == y
                )
        }
        _ => true,
    }
}

/// The top-level values of a power levels content that the rule reads,
/// found in one pass over the content instead of one search per key (keys
/// are unique, so this is exactly what `get` would return).
struct Fields<'c> {
    /// By index in [`PowerLevelField::ALL`].
    scalars: [Option<&'c CanonicalJsonValue>; 7],
    events: Option<&'c CanonicalJsonValue>,
    notifications: Option<&'c CanonicalJsonValue>,
    users: Option<&'c CanonicalJsonValue>,
}

impl<'c> Fields<'c> {
    fn read(content: &'c CanonicalJsonObject) -> Self {
        let mut f = Fields {
            scalars: [None; 7],
            events: None,
            notifications: None,
            users: None,
        };
        for (key, value) in content {
            match key.as_str() {
                "events" => f.events = Some(value),
                "notifications" => f.notifications = Some(value),
                "users" => f.users = Some(value),
                key => {
                    let field = PowerLevelField::ALL.iter().position(|p| p.key() == key);
                    if let Some(slot) = field.and_then(|i| f.scalars.get_mut(i)) {
                        *slot = Some(value);
                    }
                }
            }
        }
        f
    }

    /// `events` or `notifications`.
    fn map(&self, key: &str) -> Option<&'c CanonicalJsonValue> {
        match key {
            "events" => self.events,
            "notifications" => self.notifications,
            _ => None,
        }
    }

    /// A map of the old content (`users`, `events`, `notifications`); one
    /// that is not an object (possible only in v1–v9 state) reads as empty.
    fn old_map(&self, key: &str) -> Option<&'c CanonicalJsonObject> {
        match key {
            "users" => self.users,
            key => self.map(key),
        }
        .and_then(CanonicalJsonValue::as_object)
    }
}

impl<'a, E, S, V> Cx<'a, E, S, V>
where
    E: Event + ?Sized,
    S: StateLookup + ?Sized,
    V: SignatureVerifier,
{
    /// `sender_level` is the sender's level in the current state.
    pub(super) fn power_levels(&self, sender_level: UserPowerLevel) -> Decision {
        let values = self.rules.authorization.power_level_values;
        let new = Fields::read(self.event.content());
        let parse =
            |rule: Rule, field: &'static str, v: &CanonicalJsonValue| -> Result<i64, Reject> {
                parse_power_level(v, values).map_err(|e| Reject {
                    rule,
                    reason: format!("`{field}` holds an invalid power level: {e}"),
                })
            };

        if values == PowerLevelValues::IntegersOnly {
            // power_levels.scalars_int (v10+)
            for (f, v) in PowerLevelField::ALL.iter().zip(new.scalars) {
                if let Some(v) = v
                    && !matches!(v, CanonicalJsonValue::Integer(_))
                {
                    reject!(self;
                        Rule::PowerLevelsScalarsInt,
                        "`{}` is not an integer",
                        f.key()
                    );
                }
            }
            // power_levels.maps_int (v10+)
            for key in ["events", "notifications"] {
                if let Some(v) = new.map(key) {
                    let ok = v.as_object().is_some_and(|m| {
                        m.values()
                            .all(|v| matches!(v, CanonicalJsonValue::Integer(_)))
                    });
                    if !ok {
                        reject!(self;
                            Rule::PowerLevelsMapsInt,
                            "`{key}` is not an object of integers"
                        );
                    }
                }
            }
        }

        // power_levels.users_shape: a missing `users` is an empty one; keys
        // are user IDs in the lenient (historical) grammar.
        let new_users = match new.users {
            None => None,
            Some(v) => {
                let Some(users) = v.as_object() else {
                    reject!(self; Rule::PowerLevelsUsersShape, "`users` is not an object");
                };
                for (user, level) in users {
                    if let Err(e) = UserId::parse(user) {
                        reject!(self;
                            Rule::PowerLevelsUsersShape,
                            "`users` key {user:?} is not a user ID: {e}"
                        );
                    }
                    parse(Rule::PowerLevelsUsersShape, "users", level)?;
                }
                Some(users)
            }
        };

        // power_levels.no_creators (v12): looked up key by key, never by a
        // walk over `users`.
        if self.rules.authorization.creators_have_infinite_power
            && let Some(users) = new_users
        {
            let create = self.creators.create_content();
            let creators =
                std::iter::once(self.creators.create_sender()).chain(create.additional_creators());
            for creator in creators {
                if users.contains_key(creator.as_str()) {
                    reject!(self;
                        Rule::PowerLevelsNoCreators,
                        "`users` lists the room creator {creator}"
                    );
                }
            }
        }

        // power_levels.first
        let Some(current) = self.state.state_event(POWER_LEVELS, "") else {
            return Ok(Rule::PowerLevelsFirst);
        };
        let old = Fields::read(current.content());
        let above = |level: i64| UserPowerLevel::Int(level) > sender_level;

        // power_levels.scalars
        for (i, f) in PowerLevelField::ALL.iter().enumerate() {
            let key = f.key();
            let (o, n) = (
                old.scalars.get(i).copied().flatten(),
                new.scalars.get(i).copied().flatten(),
            );
            if !changed(o, n, values) {
                continue;
            }
            if let Some(o) = o {
                let o = parse(Rule::PowerLevelsScalarsOld, key, o)?;
                if above(o) {
                    reject!(self;
                        Rule::PowerLevelsScalarsOld,
                        "`{key}` was {o}, above the sender's power level {sender_level}"
                    );
                }
            }
            if let Some(n) = n {
                let n = parse(Rule::PowerLevelsScalarsNew, key, n)?;
                if above(n) {
                    reject!(self;
                        Rule::PowerLevelsScalarsNew,
                        "`{key}` would be {n}, above the sender's power level {sender_level}"
                    );
                }
            }
        }

        // power_levels.events_old / events_new (v6+: `notifications` too)
        let maps: &[&'static str] = if self.rules.authorization.check_notifications {
            &["events", "notifications"]
        } else {
            &["events"]
        };
        let mut new_maps: [Option<&CanonicalJsonObject>; 2] = [None, None];
        for (slot, &key) in new_maps.iter_mut().zip(maps) {
            *slot = match new.map(key) {
                None => None,
                Some(v) => match v.as_object() {
                    Some(m) => Some(m),
                    // Decision: an unreadable new map cannot be judged.
                    None => {
                        reject!(self; Rule::PowerLevelsEventsNewCheck, "`{key}` is not an object")
                    }
                },
            };
        }
        for (&key, new_map) in maps.iter().zip(new_maps) {
            for (k, o) in old.old_map(key).into_iter().flatten() {
                if changed(Some(o), new_map.and_then(|m| m.get(k)), values) {
                    let o = parse(Rule::PowerLevelsEventsOldCheck, key, o)?;
                    if above(o) {
                        reject!(self;
                            Rule::PowerLevelsEventsOldCheck,
                            "`{key}.{k}` was {o}, above the sender's power level {sender_level}"
                        );
                    }
                }
            }
        }
        for (&key, new_map) in maps.iter().zip(new_maps) {
            let old_entries = old.old_map(key);
            for (k, n) in new_map.into_iter().flatten() {
                if changed(old_entries.and_then(|m| m.get(k)), Some(n), values) {
                    let n = parse(Rule::PowerLevelsEventsNewCheck, key, n)?;
                    if above(n) {
                        reject!(self;
                            Rule::PowerLevelsEventsNewCheck,
                            "`{key}.{k}` would be {n}, above the sender's power level {sender_level}"
                        );
                    }
                }
            }
        }

        // power_levels.users_old: not the sender's own entry; `>=` (a user
        // cannot change a peer's level).
        let sender = self.event.sender().as_str();
        let old_users = old.old_map("users");
        for (user, o) in old_users.into_iter().flatten() {
            if user == sender {
                continue;
            }
            if changed(Some(o), new_users.and_then(|m| m.get(user)), values) {
                let o = parse(Rule::PowerLevelsUsersOldCheck, "users", o)?;
                if UserPowerLevel::Int(o) >= sender_level {
                    reject!(self;
                        Rule::PowerLevelsUsersOldCheck,
                        "{user} had power level {o}, not below the sender's {sender_level}"
                    );
                }
            }
        }
        // power_levels.users_new: the sender's own entry included.
        for (user, n) in new_users.into_iter().flatten() {
            if changed(old_users.and_then(|m| m.get(user)), Some(n), values) {
                let n = parse(Rule::PowerLevelsUsersNewCheck, "users", n)?;
                if above(n) {
                    reject!(self;
                        Rule::PowerLevelsUsersNewCheck,
                        "{user} would get power level {n}, above the sender's {sender_level}"
                    );
                }
            }
        }
        Ok(Rule::PowerLevelsAllow)
    }
}
