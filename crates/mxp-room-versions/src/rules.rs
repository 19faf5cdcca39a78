//! The rules value and the twelve stable versions.

/// Everything that differs between room versions.
///
/// Not `#[non_exhaustive]`, so that callers can build rules for a custom
/// version from an existing one with struct update syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoomVersionRules {
    /// Whether the version is stable (all of 1–12 are).
    pub stable: bool,
    /// How events reference each other and carry their ID.
    pub event_format: EventFormat,
    /// How event IDs are made.
    pub event_id_format: EventIdFormat,
    /// How room IDs are made.
    pub room_id_format: RoomIdFormat,
    /// Which state resolution algorithm the version uses.
    pub state_res: StateResolution,
    /// Whether a signing key's `valid_until_ts` must cover the event's
    /// `origin_server_ts` (v5+).
    pub enforce_key_validity: bool,
    /// Whether events must be strict canonical JSON: integers in ±(2^53−1), no
    /// floats (v6+).
    pub strict_canonical_json: bool,
    /// The largest `depth` an event may have.
    pub max_depth: i64,
    /// `knock` membership and join rule (v7+).
    pub knock: bool,
    /// `restricted` join rule and `join_authorised_via_users_server` (v8+).
    pub restricted_join: bool,
    /// `knock_restricted` join rule (v10+).
    pub knock_restricted_join: bool,
    /// Where an `m.room.redaction` names its target.
    pub redacts_location: RedactsLocation,
    /// The authorization rule differences.
    pub authorization: AuthorizationRules,
    /// The redaction algorithm's differences.
    pub redaction: RedactionRules,
    /// Which servers must sign an event.
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
    /// `!opaque:server_name` (v1–v11).
    ServerNamed,
    /// `!` + the create event's ID without `$`; the create event has no
    /// `room_id` (v12).
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
    /// The user in the create event's `content.creator`, which is required (v1–v10).
    ContentCreator,
    /// The create event's `sender` (v11).
    Sender,
    /// The create event's `sender` and `content.additional_creators` (v12).
    SenderAndAdditional,
}

/// The authorization rule differences between versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthorizationRules {
    /// Who the creators are.
    pub creators: Creators,
    /// Creators have an infinite power level and may not be listed in
    /// `users` (v12).
    pub creators_have_infinite_power: bool,
    /// Which value types power levels accept.
    pub power_level_values: PowerLevelValues,
    /// The `m.room.aliases` special case (v1–v5).
    pub special_case_aliases: bool,
    /// The redaction rule of the auth rules: redact level or same domain (v1–v2).
    pub redaction_rule: bool,
    /// `notifications` is checked like `events` in the power levels rule (v6+).
    pub check_notifications: bool,
    /// The create event must be in `auth_events` (v1–v11); in v12 it must not be.
    pub create_in_auth_events: bool,
    /// The create event has no `room_id`, and every other event's `room_id`
    /// must name an accepted create event (v12).
    pub room_id_is_create_event: bool,
    /// `content.additional_creators` of the create event is validated (v12).
    pub additional_creators: bool,
}

/// The redaction algorithm's differences between versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RedactionRules {
    /// Top-level `origin`, `membership` and `prev_state` are kept (v1–v10).
    pub keep_origin_membership_prev_state: bool,
    /// `m.room.aliases` keeps `aliases` (v1–v5).
    pub keep_aliases: bool,
    /// `m.room.join_rules` keeps `allow` (v8+).
    pub keep_join_rules_allow: bool,
    /// `m.room.member` keeps `join_authorised_via_users_server` (v9+).
    pub keep_member_join_authorised_via_users_server: bool,
    /// `m.room.create` keeps its whole content, not only `creator` (v11+).
    pub keep_all_create_content: bool,
    /// `m.room.redaction` keeps `content.redacts` (v11+).
    pub keep_redaction_redacts: bool,
    /// `m.room.power_levels` keeps `invite` (v11+).
    pub keep_power_levels_invite: bool,
    /// `m.room.member` keeps `third_party_invite.signed` (v11+).
    pub keep_member_third_party_invite_signed: bool,
}

/// Which servers must sign an event, besides the sender's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignatureRules {
    /// The server of the `event_id` must sign, if different (v1–v2).
    pub event_id_server: bool,
    /// The authorising server of a `join_authorised_via_users_server` join
    /// must sign (v8+).
    pub join_authorising_server: bool,
}

const MAX_DEPTH_V1: i64 = i64::MAX;
const MAX_DEPTH_V6: i64 = (1 << 53) - 1;

impl RoomVersionRules {
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
