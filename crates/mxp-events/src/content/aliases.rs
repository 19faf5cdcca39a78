//! `m.room.aliases` content (special-cased by the auth rules in v1–v5).

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_ids::RoomAliasId;

/// A view of `m.room.aliases` content.
#[derive(Debug, Clone, Copy)]
pub struct AliasesContent<'a> {
    content: &'a CanonicalJsonObject,
}

impl<'a> AliasesContent<'a> {
    /// A view of `content`.
    pub fn new(content: &'a CanonicalJsonObject) -> Self {
        Self { content }
    }

    /// The valid aliases in `aliases`; anything else is skipped.
    pub fn aliases(&self) -> impl Iterator<Item = &'a RoomAliasId> + 'a {
        self.content
            .get("aliases")
            .and_then(CanonicalJsonValue::as_array)
            .unwrap_or_default()
            .iter()
            .filter_map(|v| v.as_str().and_then(|s| RoomAliasId::parse(s).ok()))
    }
}
