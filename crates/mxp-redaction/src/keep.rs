//! The keep-lists of the redaction algorithm, as functions of the room
//! version's [`RedactionRules`].
//!
//! The lists are written once here; which optional entries apply is decided
//! only by the rule flags, never by a version string.

use mxp_room_versions::RedactionRules;

/// Whether a top-level key survives redaction (`REDACT-v<N>-top`).
///
/// `unsigned` is in no version's list; `hashes` and `signatures` are in all.
/// `origin`, `membership` and `prev_state` are kept in v1–v10 only
/// (`REDACT-v11-top`). The top-level `redacts` of v1–v10 redactions is never
/// kept: it is covered by the content hash alone.
#[inline]
pub(crate) fn top_level_key_kept(key: &str, rules: &RedactionRules) -> bool {
    match key {
        "event_id" | "type" | "room_id" | "sender" | "state_key" | "content" | "hashes"
        | "signatures" | "depth" | "prev_events" | "auth_events" | "origin_server_ts" => true,
        "origin" | "membership" | "prev_state" => rules.keep_origin_membership_prev_state,
        _ => false,
    }
}

/// The event types whose content keeps something in some room version.
///
/// Matching is on the top-level `type` only; the `state_key` is not
/// considered (digest §2, notes on the redaction algorithm).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ContentKind {
    /// `m.room.member`.
    Member,
    /// `m.room.create`.
    Create,
    /// `m.room.join_rules`.
    JoinRules,
    /// `m.room.power_levels`.
    PowerLevels,
    /// `m.room.aliases`.
    Aliases,
    /// `m.room.history_visibility`.
    HistoryVisibility,
    /// `m.room.redaction`.
    Redaction,
    /// Any other type: the content becomes `{}` (`REDACT-v<N>-content`).
    Other,
}

impl ContentKind {
    /// The kind of an event `type`.
    #[inline]
    pub(crate) fn of(event_type: &str) -> Self {
        match event_type {
            "m.room.member" => Self::Member,
            "m.room.create" => Self::Create,
            "m.room.join_rules" => Self::JoinRules,
            "m.room.power_levels" => Self::PowerLevels,
            "m.room.aliases" => Self::Aliases,
            "m.room.history_visibility" => Self::HistoryVisibility,
            "m.room.redaction" => Self::Redaction,
            _ => Self::Other,
        }
    }

    /// Whether no content key at all is kept, so that the content can be
    /// replaced by `{}` without looking at it.
    #[inline]
    pub(crate) fn keeps_nothing(self, rules: &RedactionRules) -> bool {
        match self {
            Self::Other => true,
            Self::Aliases => !rules.keep_aliases,
            Self::Redaction => !rules.keep_redaction_redacts,
            _ => false,
        }
    }

    /// Whether every content key is kept, so that the content can be copied
    /// whole (`REDACT-v11-content.m.room.create`).
    #[inline]
    pub(crate) fn keeps_everything(self, rules: &RedactionRules) -> bool {
        self == Self::Create && rules.keep_all_create_content
    }

    /// What happens to one content key.
    #[inline]
    pub(crate) fn keep(self, key: &str, rules: &RedactionRules) -> Keep {
        let kept = match self {
            // REDACT-v<N>-content.m.room.member; `join_authorised_via_users_server`
            // from v9 (P1-31), `third_party_invite.signed` from v11.
            Self::Member => match key {
                "membership" => true,
                "join_authorised_via_users_server" => {
                    rules.keep_member_join_authorised_via_users_server
                }
                "third_party_invite" if rules.keep_member_third_party_invite_signed => {
                    return Keep::SignedOnly;
                }
                _ => false,
            },
            // REDACT-v<N>-content.m.room.create: `creator` in v1–v10, every key
            // from v11 (P1-30, P1-32).
            Self::Create => rules.keep_all_create_content || key == "creator",
            // REDACT-v<N>-content.m.room.join_rules: `allow` from v8.
            Self::JoinRules => match key {
                "join_rule" => true,
                "allow" => rules.keep_join_rules_allow,
                _ => false,
            },
            // REDACT-v<N>-content.m.room.power_levels: `invite` from v11;
            // `notifications` never.
            Self::PowerLevels => match key {
                "ban" | "events" | "events_default" | "kick" | "redact" | "state_default"
                | "users" | "users_default" => true,
                "invite" => rules.keep_power_levels_invite,
                _ => false,
            },
            // REDACT-v<N>-content.m.room.aliases: v1–v5 only.
            Self::Aliases => rules.keep_aliases && key == "aliases",
            Self::HistoryVisibility => key == "history_visibility",
            // REDACT-v11-content.m.room.redaction (P1-34).
            Self::Redaction => rules.keep_redaction_redacts && key == "redacts",
            Self::Other => false,
        };
        if kept { Keep::Whole } else { Keep::Drop }
    }
}

/// What happens to one content key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keep {
    /// Removed.
    Drop,
    /// Kept with its whole value, unchecked.
    Whole,
    /// `m.room.member` `third_party_invite` from v11: reduced to an object
    /// holding only its `signed` key (see [`crate`] docs for the malformed
    /// cases).
    SignedOnly,
}
