//! The rules value and the twelve stable versions.

/// Everything that differs between room versions.
///
/// Each field is one column (or one change) of the summary tables of the spec
/// digest (`room-versions.md` §1a "Formats and algorithms", §1b "Features and
/// rule changes", "Other version-dependent facts"); its doc says which versions
/// have which value.
///
/// Not `#[non_exhaustive]`, so that callers can build rules for a custom
/// version from an existing one with struct update syntax:
///
/// ```
/// use mxp_room_versions::{RedactionRules, RoomVersionRules};
///
/// // v10 with v11's power-levels redaction change, and nothing else.
/// let custom = RoomVersionRules {
///     redaction: RedactionRules {
///         keep_power_levels_invite: true,
///         ..RoomVersionRules::V10.redaction
///     },
///     ..RoomVersionRules::V10
/// };
/// assert_ne!(custom, RoomVersionRules::V10);
/// assert!(custom.redaction.keep_origin_membership_prev_state);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoomVersionRules {
    /// Whether the version is stable (all of 1–12 are).
    pub stable: bool,
    /// How events reference each other and carry their ID: `event_id` and
    /// `[[id, hashes]]` references in v1–v2, bare IDs from v3 (PDU-1).
    pub event_format: EventFormat,
    /// How event IDs are made (§1a "Event ID format", REF-2).
    pub event_id_format: EventIdFormat,
    /// How room IDs are made (§1a "Room ID format", REF-3); also decides
    /// whether the create event carries a `room_id`, see
    /// [`RoomVersionRules::create_event_has_room_id`].
    pub room_id_format: RoomIdFormat,
    /// Which state resolution algorithm the version uses (§1a "State
    /// resolution").
    pub state_res: StateResolution,
    /// Whether a signing key's `valid_until_ts` must cover the event's
    /// `origin_server_ts` (v5+; §1a "Signing-key validity enforced", EVAL-4).
    /// In v1–v4 `valid_until_ts` must be ignored.
    pub enforce_key_validity: bool,
    /// Whether events must be strict canonical JSON: integers in ±(2^53−1), no
    /// floats (v6+; §1a "Canonical JSON strictly enforced"). v1–v5 must not
    /// enforce it (P1-16).
    pub strict_canonical_json: bool,
    /// The largest `depth` an event may have: 2^63−1 in v1–v5, 2^53−1 from v6
    /// (§1a "Max `depth`", PDU-3).
    pub max_depth: i64,
    /// `knock` membership and join rule (v7+; §1b "knock").
    pub knock: bool,
    /// `restricted` join rule and `join_authorised_via_users_server` (v8+;
    /// §1b "restricted").
    pub restricted_join: bool,
    /// `knock_restricted` join rule (v10+; §1b "knock_restricted").
    pub knock_restricted_join: bool,
    /// Where an `m.room.redaction` names its target ("Other version-dependent
    /// facts", "Redaction target field"; P1-34).
    pub redacts_location: RedactsLocation,
    /// The authorization rule differences.
    pub authorization: AuthorizationRules,
    /// The redaction algorithm's differences (§1b "Redaction changes",
    /// `REDACT-v<N>-*`).
    pub redaction: RedactionRules,
    /// Which servers must sign an event ("Other version-dependent facts",
    /// "Required signatures", EVAL-2).
    pub signatures: SignatureRules,
}

/// How a PDU carries its ID and its references.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EventFormat {
    /// v1–v2: an `event_id` key; `prev_events`/`auth_events` are `[[id, hashes]]`.
    V1,
    /// v3+: no `event_id` key; `prev_events`/`auth_events` are bare IDs.
    V3,
}

/// How event IDs are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EventIdFormat {
    /// `$opaque:server_name`, chosen by the sending server (v1–v2).
    Opaque,
    /// `$` + standard unpadded base64 of the reference hash (v3).
    StandardBase64,
    /// `$` + URL-safe unpadded base64 of the reference hash (v4+).
    UrlSafeBase64,
}

/// How room IDs are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RoomIdFormat {
    /// `!opaque:server_name` (v1–v11); every event, the create event
    /// included, carries its `room_id`.
    ServerNamed,
    /// `!` + the create event's ID without `$` (v12, REF-3); the create event
    /// has no `room_id` (it is hashed without one), every other event must have
    /// one.
    CreateEventHash,
}

/// The state resolution algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StateResolution {
    /// State resolution v1 (room version 1).
    V1,
    /// State resolution v2 (room versions 2–11).
    V2,
    /// State resolution v2.1 (room version 12): empty starting state and the
    /// conflicted state subgraph.
    V2_1,
}

/// Where an `m.room.redaction` event names the event it redacts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RedactsLocation {
    /// The top-level `redacts` key (v1–v10).
    TopLevel,
    /// `content.redacts` (v11+).
    Content,
}

/// Which JSON types power level values may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PowerLevelValues {
    /// Integers, strings holding integers, and floats (truncated) (v1–v5).
    IntegersStringsFloats,
    /// Integers and strings holding integers (v6–v9).
    IntegersStrings,
    /// Integers only (v10+).
    IntegersOnly,
}

/// Who the room's creators are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Creators {
    /// The user in the create event's `content.creator`, which the create
    /// rule requires (v1–v10, AUTH-v1-1.4).
    ContentCreator,
    /// The create event's `sender`; `content.creator` is neither required nor
    /// meaningful (v11).
    Sender,
    /// The create event's `sender` and `content.additional_creators` (v12);
    /// the creator-first-join rule uses the `sender` only.
    SenderAndAdditional,
}

/// The authorization rule differences between versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthorizationRules {
    /// Who the creators are (§1b "Creator handling").
    pub creators: Creators,
    /// Creators have an infinite power level and may not be listed in
    /// `users`; without a power levels event non-creators have 0 (v12). In
    /// v1–v11 the creator has 100 while no power levels event exists.
    pub creators_have_infinite_power: bool,
    /// Which value types power levels accept (§1a "Power-level values
    /// accepted").
    pub power_level_values: PowerLevelValues,
    /// The `m.room.aliases` special case (v1–v5, AUTH-v1-4; "Other
    /// version-dependent facts").
    pub special_case_aliases: bool,
    /// The redaction rule of the auth rules: redact level or same domain
    /// (v1–v2, AUTH-v1-11). From v3 redactions pass auth like other events and
    /// are checked when applied instead (REDACT-v3-apply).
    pub redaction_rule: bool,
    /// `notifications` is checked like `events` in the power levels rule (v6+;
    /// "Other version-dependent facts").
    pub check_notifications: bool,
    /// The create event must be in `auth_events` (v1–v11); in v12 it must not
    /// be ("Other version-dependent facts", "Create event in `auth_events`").
    pub create_in_auth_events: bool,
    /// The create event has no `room_id`, and every other event's `room_id`
    /// must name an accepted create event (v12).
    pub room_id_is_create_event: bool,
    /// `content.additional_creators` of the create event is validated (v12).
    pub additional_creators: bool,
}

/// The redaction algorithm's differences between versions.
///
/// The keep-lists common to every version (`hashes`, `signatures`,
/// `membership` of members, the power-level keys, …) live in `mxp-redaction`;
/// these flags switch the entries that differ (§1b "Redaction changes").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RedactionRules {
    /// Top-level `origin`, `membership` and `prev_state` are kept (v1–v10;
    /// dropped by REDACT-v11-top).
    pub keep_origin_membership_prev_state: bool,
    /// `m.room.aliases` keeps `aliases` (v1–v5; REDACT-v5-content.m.room.aliases).
    pub keep_aliases: bool,
    /// `m.room.join_rules` keeps `allow` (v8+; REDACT-v8-content.m.room.join_rules).
    pub keep_join_rules_allow: bool,
    /// `m.room.member` keeps `join_authorised_via_users_server` (v9+;
    /// REDACT-v9-content.m.room.member, P1-31).
    pub keep_member_join_authorised_via_users_server: bool,
    /// `m.room.create` keeps its whole content, not only `creator` (v11+;
    /// REDACT-v11-content.m.room.create, P1-32).
    pub keep_all_create_content: bool,
    /// `m.room.redaction` keeps `content.redacts` (v11+;
    /// REDACT-v11-content.m.room.redaction).
    pub keep_redaction_redacts: bool,
    /// `m.room.power_levels` keeps `invite` (v11+;
    /// REDACT-v11-content.m.room.power_levels).
    pub keep_power_levels_invite: bool,
    /// `m.room.member` keeps `third_party_invite`, reduced to its `signed`
    /// key (v11+; REDACT-v11-content.m.room.member).
    pub keep_member_third_party_invite_signed: bool,
}

/// Which servers must sign an event, besides the sender's (EVAL-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignatureRules {
    /// The server of the `event_id` must sign, if different (v1–v2; P1-25).
    pub event_id_server: bool,
    /// The authorising server of a `join_authorised_via_users_server` join
    /// must sign (v8+).
    pub join_authorising_server: bool,
}

const MAX_DEPTH_V1: i64 = i64::MAX;
const MAX_DEPTH_V6: i64 = (1 << 53) - 1;

impl RoomVersionRules {
    /// Whether the version's `m.room.create` event carries a `room_id`: yes in
    /// v1–v11, no in v12, where the room ID is derived from the create event
    /// (PDU-1, HASH-2, REF-3). Follows [`RoomVersionRules::room_id_format`].
    ///
    /// ```
    /// use mxp_room_versions::RoomVersionRules;
    /// assert!(RoomVersionRules::V11.create_event_has_room_id());
    /// assert!(!RoomVersionRules::V12.create_event_has_room_id());
    /// ```
    pub const fn create_event_has_room_id(&self) -> bool {
        matches!(self.room_id_format, RoomIdFormat::ServerNamed)
    }

    /// Room version 1.
    pub const V1: RoomVersionRules = RoomVersionRules {
        stable: true,
        event_format: EventFormat::V1,
        event_id_format: EventIdFormat::Opaque,
        room_id_format: RoomIdFormat::ServerNamed,
        state_res: StateResolution::V1,
        enforce_key_validity: false,
        strict_canonical_json: false,
        max_depth: MAX_DEPTH_V1,
        knock: false,
        restricted_join: false,
        knock_restricted_join: false,
        redacts_location: RedactsLocation::TopLevel,
        authorization: AuthorizationRules {
            creators: Creators::ContentCreator,
            creators_have_infinite_power: false,
            power_level_values: PowerLevelValues::IntegersStringsFloats,
            special_case_aliases: true,
            redaction_rule: true,
            check_notifications: false,
            create_in_auth_events: true,
            room_id_is_create_event: false,
            additional_creators: false,
        },
        redaction: RedactionRules {
            keep_origin_membership_prev_state: true,
            keep_aliases: true,
            keep_join_rules_allow: false,
            keep_member_join_authorised_via_users_server: false,
            keep_all_create_content: false,
            keep_redaction_redacts: false,
            keep_power_levels_invite: false,
            keep_member_third_party_invite_signed: false,
        },
        signatures: SignatureRules {
            event_id_server: true,
            join_authorising_server: false,
        },
    };

    /// Room version 2: v1 with state resolution v2.
    pub const V2: RoomVersionRules = RoomVersionRules {
        state_res: StateResolution::V2,
        ..Self::V1
    };

    /// Room version 3: hash event IDs (standard base64), no redaction auth rule.
    pub const V3: RoomVersionRules = RoomVersionRules {
        event_format: EventFormat::V3,
        event_id_format: EventIdFormat::StandardBase64,
        authorization: AuthorizationRules {
            redaction_rule: false,
            ..Self::V2.authorization
        },
        signatures: SignatureRules {
            event_id_server: false,
            ..Self::V2.signatures
        },
        ..Self::V2
    };

    /// Room version 4: URL-safe base64 event IDs.
    pub const V4: RoomVersionRules = RoomVersionRules {
        event_id_format: EventIdFormat::UrlSafeBase64,
        ..Self::V3
    };

    /// Room version 5: signing key validity enforced.
    pub const V5: RoomVersionRules = RoomVersionRules {
        enforce_key_validity: true,
        ..Self::V4
    };

    /// Room version 6: strict canonical JSON, no aliases special case,
    /// `notifications` checked.
    pub const V6: RoomVersionRules = RoomVersionRules {
        strict_canonical_json: true,
        max_depth: MAX_DEPTH_V6,
        authorization: AuthorizationRules {
            power_level_values: PowerLevelValues::IntegersStrings,
            special_case_aliases: false,
            check_notifications: true,
            ..Self::V5.authorization
        },
        redaction: RedactionRules {
            keep_aliases: false,
            ..Self::V5.redaction
        },
        ..Self::V5
    };

    /// Room version 7: knocking.
    pub const V7: RoomVersionRules = RoomVersionRules {
        knock: true,
        ..Self::V6
    };

    /// Room version 8: restricted joins.
    pub const V8: RoomVersionRules = RoomVersionRules {
        restricted_join: true,
        redaction: RedactionRules {
            keep_join_rules_allow: true,
            ..Self::V7.redaction
        },
        signatures: SignatureRules {
            join_authorising_server: true,
            ..Self::V7.signatures
        },
        ..Self::V7
    };

    /// Room version 9: `join_authorised_via_users_server` survives redaction.
    pub const V9: RoomVersionRules = RoomVersionRules {
        redaction: RedactionRules {
            keep_member_join_authorised_via_users_server: true,
            ..Self::V8.redaction
        },
        ..Self::V8
    };

    /// Room version 10: `knock_restricted`, integer-only power levels.
    pub const V10: RoomVersionRules = RoomVersionRules {
        knock_restricted_join: true,
        authorization: AuthorizationRules {
            power_level_values: PowerLevelValues::IntegersOnly,
            ..Self::V9.authorization
        },
        ..Self::V9
    };

    /// Room version 11: creator is the create event's sender, redaction changes,
    /// `redacts` moved into content.
    pub const V11: RoomVersionRules = RoomVersionRules {
        redacts_location: RedactsLocation::Content,
        authorization: AuthorizationRules {
            creators: Creators::Sender,
            ..Self::V10.authorization
        },
        redaction: RedactionRules {
            keep_origin_membership_prev_state: false,
            keep_all_create_content: true,
            keep_redaction_redacts: true,
            keep_power_levels_invite: true,
            keep_member_third_party_invite_signed: true,
            ..Self::V10.redaction
        },
        ..Self::V10
    };

    /// Room version 12: hashed room IDs, privileged creators, state resolution v2.1.
    pub const V12: RoomVersionRules = RoomVersionRules {
        room_id_format: RoomIdFormat::CreateEventHash,
        state_res: StateResolution::V2_1,
        authorization: AuthorizationRules {
            creators: Creators::SenderAndAdditional,
            creators_have_infinite_power: true,
            create_in_auth_events: false,
            room_id_is_create_event: true,
            additional_creators: true,
            ..Self::V11.authorization
        },
        ..Self::V11
    };
}
