//! `m.room.create` content.

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_ids::{EventId, RoomId, RoomVersionId, UserId};

use super::{ContentError, opt_array, opt_object, opt_str};

/// A view of `m.room.create` content.
///
/// ```
/// use mxp_canonical_json::CanonicalJsonValue;
/// use mxp_events::content::CreateContent;
///
/// let content = CanonicalJsonValue::try_from(serde_json::json!({
///     "room_version": "12",
///     "additional_creators": ["@bob:example.org"],
///     "predecessor": "not an object", // never read, so harmless (P1-52)
/// })).unwrap();
/// let create = CreateContent::new(content.as_object().unwrap());
/// assert_eq!(create.room_version().unwrap().as_str(), "12");
/// assert!(create.federate());
/// let bob = mxp_ids::UserId::parse("@bob:example.org").unwrap();
/// assert!(create.is_additional_creator(bob));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct CreateContent<'a> {
    content: &'a CanonicalJsonObject,
}

impl<'a> CreateContent<'a> {
    /// A view of `content`.
    pub fn new(content: &'a CanonicalJsonObject) -> Self {
        Self { content }
    }

    /// The raw content.
    pub fn content(&self) -> &'a CanonicalJsonObject {
        self.content
    }

    /// Whether `content` has a `creator` key (what `create.creator` tests in
    /// v1–v10, whatever its value).
    pub fn has_creator(&self) -> bool {
        self.content.contains_key("creator")
    }

    /// `creator` (v1–v10), parsed as a user ID.
    pub fn creator(&self) -> Option<Result<&'a UserId, ContentError>> {
        opt_str(self.content, "creator").map(|r| {
            r.and_then(|s| UserId::parse(s).map_err(|e| ContentError::invalid_id("creator", s, e)))
        })
    }

    /// `room_version`; `"1"` when absent.
    pub fn room_version(&self) -> Result<&'a RoomVersionId, ContentError> {
        match opt_str(self.content, "room_version") {
            None => Ok(RoomVersionId::V1),
            Some(r) => r.and_then(|s| {
                RoomVersionId::parse(s).map_err(|e| ContentError::invalid_id("room_version", s, e))
            }),
        }
    }

    /// `m.federate`: `false` only when the value is the JSON literal `false`
    /// (the spec's wording; Synapse also treats `"false"`, `0` and `null` as
    /// not federating).
    pub fn federate(&self) -> bool {
        !matches!(
            self.content.get("m.federate"),
            Some(CanonicalJsonValue::Bool(false))
        )
    }

    /// `additional_creators` (v12) as raw values, if present.
    pub fn additional_creators_raw(
        &self,
    ) -> Option<Result<&'a [CanonicalJsonValue], ContentError>> {
        opt_array(self.content, "additional_creators")
    }

    /// Checks that `additional_creators`, if present, is an array of strings
    /// that are all valid user IDs (historical forms included, like `sender`).
    pub fn validate_additional_creators(&self) -> Result<(), ContentError> {
        let Some(list) = self.additional_creators_raw().transpose()? else {
            return Ok(());
        };
        for v in list {
            let s = v.as_str().ok_or(ContentError::WrongType {
                field: "additional_creators",
                expected: "an array of strings",
            })?;
            UserId::parse(s).map_err(|e| ContentError::invalid_id("additional_creators", s, e))?;
        }
        Ok(())
    }

    /// The valid user IDs in `additional_creators` (anything else is skipped;
    /// a v12 create event with such entries is rejected by `create.additional_creators`).
    pub fn additional_creators(&self) -> impl Iterator<Item = &'a UserId> + 'a {
        self.content
            .get("additional_creators")
            .and_then(CanonicalJsonValue::as_array)
            .unwrap_or_default()
            .iter()
            .filter_map(|v| v.as_str().and_then(|s| UserId::parse(s).ok()))
    }

    /// Whether `user` is listed in `additional_creators`.
    pub fn is_additional_creator(&self, user: &UserId) -> bool {
        self.content
            .get("additional_creators")
            .and_then(CanonicalJsonValue::as_array)
            .is_some_and(|list| list.iter().any(|v| v.as_str() == Some(user.as_str())))
    }

    /// `predecessor`, if present.
    pub fn predecessor(&self) -> Option<Result<Predecessor<'a>, ContentError>> {
        opt_object(self.content, "predecessor").map(|r| r.map(|content| Predecessor { content }))
    }

    /// `type` (e.g. `m.space`), if present.
    pub fn room_type(&self) -> Option<Result<&'a str, ContentError>> {
        opt_str(self.content, "type")
    }
}

/// A view of the `predecessor` object of a create event.
#[derive(Debug, Clone, Copy)]
pub struct Predecessor<'a> {
    content: &'a CanonicalJsonObject,
}

impl<'a> Predecessor<'a> {
    /// `room_id` of the previous room.
    pub fn room_id(&self) -> Option<Result<&'a RoomId, ContentError>> {
        opt_str(self.content, "room_id").map(|r| {
            r.and_then(|s| {
                RoomId::parse(s).map_err(|e| ContentError::invalid_id("predecessor.room_id", s, e))
            })
        })
    }

    /// `event_id` of the tombstone event in the previous room (optional since v12).
    pub fn event_id(&self) -> Option<Result<&'a EventId, ContentError>> {
        opt_str(self.content, "event_id").map(|r| {
            r.and_then(|s| {
                EventId::parse(s)
                    .map_err(|e| ContentError::invalid_id("predecessor.event_id", s, e))
            })
        })
    }
}
