//! `m.room.redaction` content.

use mxp_canonical_json::CanonicalJsonObject;
use mxp_ids::EventId;

use super::{ContentError, opt_str};

/// A view of `m.room.redaction` content. From room version 11 the target is
/// `content.redacts`; before, it is the top-level `redacts` of the PDU
/// (`Event::redacts` reads the right one for the version).
#[derive(Debug, Clone, Copy)]
pub struct RedactionContent<'a> {
    content: &'a CanonicalJsonObject,
}

impl<'a> RedactionContent<'a> {
    /// A view of `content`.
    pub fn new(content: &'a CanonicalJsonObject) -> Self {
        Self { content }
    }

    /// `redacts` (v11+), parsed as an event ID.
    pub fn redacts(&self) -> Option<Result<&'a EventId, ContentError>> {
        opt_str(self.content, "redacts").map(|r| {
            r.and_then(|s| EventId::parse(s).map_err(|e| ContentError::invalid_id("redacts", s, e)))
        })
    }

    /// `reason`, if it is a string.
    pub fn reason(&self) -> Option<Result<&'a str, ContentError>> {
        opt_str(self.content, "reason")
    }
}
