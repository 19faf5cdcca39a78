//! The rules of every version checked against the summary tables of the spec
//! digest (`room-versions.md` §1a, §1b, "Other version-dependent facts"),
//! one test per column. The expected rows are copied from those tables.

use mxp_ids::RoomVersionId;
use mxp_room_versions::{
    Creators, EventFormat, EventIdFormat, PowerLevelValues, RedactsLocation, RoomIdFormat,
    RoomVersionRules, StateResolution,
};

/// The rules of versions 1–12, in order.
fn all() -> [&'static RoomVersionRules; 12] {
    RoomVersionRules::ALL.map(|(_, rules)| rules)
}

/// Asserts one column: `expected[n - 1]` is version n's value.
#[track_caller]
fn column<T: PartialEq + std::fmt::Debug>(
    name: &str,
    field: impl Fn(&RoomVersionRules) -> T,
    expected: [T; 12],
) {
    for (i, (rules, expected)) in all().into_iter().zip(expected).enumerate() {
        assert_eq!(field(rules), expected, "{name}, room version {}", i + 1);
    }
}

const N: bool = false;
const Y: bool = true;

// §1a "Formats and algorithms".

/// §1a "Event ID format": opaque (v1–v2), standard base64 (v3), URL-safe (v4+).
#[test]
fn table_1a_event_id_format() {
    use EventIdFormat::*;
    column(
        "event ID format",
        |r| r.event_id_format,
        [
            Opaque,
            Opaque,
            StandardBase64,
            UrlSafeBase64,
            UrlSafeBase64,
            UrlSafeBase64,
            UrlSafeBase64,
            UrlSafeBase64,
            UrlSafeBase64,
            UrlSafeBase64,
            UrlSafeBase64,
            UrlSafeBase64,
        ],
    );
}

/// §1a "Room ID format": `!opaque:server_name` until v11, the create event's
/// hash in v12 (whose create event then has no `room_id`, PDU-1).
#[test]
fn table_1a_room_id_format() {
    use RoomIdFormat::*;
    let s = ServerNamed;
    column(
        "room ID format",
        |r| r.room_id_format,
        [s, s, s, s, s, s, s, s, s, s, s, CreateEventHash],
    );
    column(
        "create event has room_id",
        RoomVersionRules::create_event_has_room_id,
        [Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, N],
    );
}

/// §1a "State resolution": v1, then v2, then v2.1 in v12.
#[test]
fn table_1a_state_resolution() {
    use StateResolution::*;
    column(
        "state resolution",
        |r| r.state_res,
        [V1, V2, V2, V2, V2, V2, V2, V2, V2, V2, V2, V2_1],
    );
}

/// §1a "Signing-key validity (`valid_until_ts`) enforced": from v5.
#[test]
fn table_1a_key_validity_enforced() {
    column(
        "key validity enforced",
        |r| r.enforce_key_validity,
        [N, N, N, N, Y, Y, Y, Y, Y, Y, Y, Y],
    );
}

/// §1a "Canonical JSON strictly enforced": from v6.
#[test]
fn table_1a_canonical_json_enforced() {
    column(
        "canonical JSON enforced",
        |r| r.strict_canonical_json,
        [N, N, N, N, N, Y, Y, Y, Y, Y, Y, Y],
    );
}

/// §1a "Power-level values accepted": floats until v5, strings until v9,
/// integers only from v10.
#[test]
fn table_1a_power_level_values() {
    use PowerLevelValues::*;
    let f = IntegersStringsFloats;
    let s = IntegersStrings;
    let i = IntegersOnly;
    column(
        "power level values",
        |r| r.authorization.power_level_values,
        [f, f, f, f, f, s, s, s, s, i, i, i],
    );
}

/// §1a "Max `depth`": 2^63−1 until v5, 2^53−1 from v6.
#[test]
fn table_1a_max_depth() {
    let big = 9_223_372_036_854_775_807; // 2^63−1
    let small = 9_007_199_254_740_991; // 2^53−1
    column(
        "max depth",
        |r| r.max_depth,
        [
            big, big, big, big, big, small, small, small, small, small, small, small,
        ],
    );
}

// §1b "Features and rule changes".

/// §1b "knock": from v7.
#[test]
fn table_1b_knock() {
    column("knock", |r| r.knock, [N, N, N, N, N, N, Y, Y, Y, Y, Y, Y]);
}

/// §1b "restricted": from v8.
#[test]
fn table_1b_restricted() {
    column(
        "restricted",
        |r| r.restricted_join,
        [N, N, N, N, N, N, N, Y, Y, Y, Y, Y],
    );
}

/// §1b "knock_restricted": from v10.
#[test]
fn table_1b_knock_restricted() {
    column(
        "knock_restricted",
        |r| r.knock_restricted_join,
        [N, N, N, N, N, N, N, N, N, Y, Y, Y],
    );
}

/// §1b "Creator handling": `content.creator` until v10, the create `sender`
/// in v11, `sender` ∪ `additional_creators` with infinite power in v12.
#[test]
fn table_1b_creator_handling() {
    use Creators::*;
    let c = ContentCreator;
    column(
        "creators",
        |r| r.authorization.creators,
        [c, c, c, c, c, c, c, c, c, c, Sender, SenderAndAdditional],
    );
    column(
        "creators have infinite power",
        |r| r.authorization.creators_have_infinite_power,
        [N, N, N, N, N, N, N, N, N, N, N, Y],
    );
    column(
        "additional_creators validated",
        |r| r.authorization.additional_creators,
        [N, N, N, N, N, N, N, N, N, N, N, Y],
    );
}

/// §1b "Auth-rule changes": v3 removes the redaction rule (AUTH-v1-11).
#[test]
fn table_1b_auth_redaction_rule() {
    column(
        "auth redaction rule",
        |r| r.authorization.redaction_rule,
        [Y, Y, N, N, N, N, N, N, N, N, N, N],
    );
}

/// §1b "Auth-rule changes": v12's create event has no `room_id` and every
/// `room_id` names an accepted create event.
#[test]
fn table_1b_auth_room_id_is_create_event() {
    column(
        "room_id is the create event",
        |r| r.authorization.room_id_is_create_event,
        [N, N, N, N, N, N, N, N, N, N, N, Y],
    );
}

/// §1b "Redaction changes" and `REDACT-v<N>-*`: each flag per version.
#[test]
fn table_1b_redaction_changes() {
    column(
        "REDACT-v<N>-top keeps origin/membership/prev_state",
        |r| r.redaction.keep_origin_membership_prev_state,
        [Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, N, N],
    );
    column(
        "REDACT-v<N>-content.m.room.aliases keeps aliases",
        |r| r.redaction.keep_aliases,
        [Y, Y, Y, Y, Y, N, N, N, N, N, N, N],
    );
    column(
        "REDACT-v<N>-content.m.room.join_rules keeps allow",
        |r| r.redaction.keep_join_rules_allow,
        [N, N, N, N, N, N, N, Y, Y, Y, Y, Y],
    );
    column(
        "REDACT-v<N>-content.m.room.member keeps join_authorised_via_users_server",
        |r| r.redaction.keep_member_join_authorised_via_users_server,
        [N, N, N, N, N, N, N, N, Y, Y, Y, Y],
    );
    column(
        "REDACT-v<N>-content.m.room.create keeps all content",
        |r| r.redaction.keep_all_create_content,
        [N, N, N, N, N, N, N, N, N, N, Y, Y],
    );
    column(
        "REDACT-v<N>-content.m.room.redaction keeps redacts",
        |r| r.redaction.keep_redaction_redacts,
        [N, N, N, N, N, N, N, N, N, N, Y, Y],
    );
    column(
        "REDACT-v<N>-content.m.room.power_levels keeps invite",
        |r| r.redaction.keep_power_levels_invite,
        [N, N, N, N, N, N, N, N, N, N, Y, Y],
    );
    column(
        "REDACT-v<N>-content.m.room.member keeps third_party_invite.signed",
        |r| r.redaction.keep_member_third_party_invite_signed,
        [N, N, N, N, N, N, N, N, N, N, Y, Y],
    );
}

// "Other version-dependent facts".

/// "Redaction target field": top-level `redacts` until v10, `content.redacts`
/// from v11 (P1-34).
#[test]
fn other_facts_redaction_target_field() {
    use RedactsLocation::*;
    let t = TopLevel;
    let c = Content;
    column(
        "redacts location",
        |r| r.redacts_location,
        [t, t, t, t, t, t, t, t, t, t, c, c],
    );
}

/// "Required signatures (besides the `sender`'s server)": the `event_id`
/// server in v1–v2, none in v3–v7, the authorising server of a restricted
/// join from v8.
#[test]
fn other_facts_required_signatures() {
    column(
        "event_id server signs",
        |r| r.signatures.event_id_server,
        [Y, Y, N, N, N, N, N, N, N, N, N, N],
    );
    column(
        "authorising server signs",
        |r| r.signatures.join_authorising_server,
        [N, N, N, N, N, N, N, Y, Y, Y, Y, Y],
    );
}

/// "`m.room.aliases` special-cased": v1–v5.
#[test]
fn other_facts_aliases_special_cased() {
    column(
        "aliases special case",
        |r| r.authorization.special_case_aliases,
        [Y, Y, Y, Y, Y, N, N, N, N, N, N, N],
    );
}

/// "`notifications` checked by auth": from v6.
#[test]
fn other_facts_notifications_checked() {
    column(
        "notifications checked",
        |r| r.authorization.check_notifications,
        [N, N, N, N, N, Y, Y, Y, Y, Y, Y, Y],
    );
}

/// "Create event in `auth_events`": required until v11, forbidden in v12.
#[test]
fn other_facts_create_in_auth_events() {
    column(
        "create in auth_events",
        |r| r.authorization.create_in_auth_events,
        [Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, N],
    );
}

/// Per-version event format (PDU-1): `event_id` and `[[id, hashes]]` in
/// v1–v2, bare IDs from v3.
#[test]
fn event_format() {
    use EventFormat::*;
    column(
        "event format",
        |r| r.event_format,
        [V1, V1, V3, V3, V3, V3, V3, V3, V3, V3, V3, V3],
    );
}

/// Feature notes: "All listed versions are stable".
#[test]
fn all_versions_are_stable() {
    column("stable", |r| r.stable, [Y; 12]);
}

// Completeness: the differences between consecutive versions are exactly the
// changes the digest lists for each version, so no field is set in one
// version and forgotten in the next.

/// Every leaf field of a rules value as `path: value`, from its `{:#?}` form
/// (so that a field added later is covered without touching this test).
fn leaves(rules: &RoomVersionRules) -> Vec<(String, String)> {
    let text = format!("{rules:#?}");
    let mut path: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for line in text.lines().skip(1) {
        let line = line.trim().trim_end_matches(',');
        if line == "}" {
            path.pop();
        } else if let Some((name, value)) = line.split_once(": ") {
            if value.ends_with('{') {
                path.push(name.to_owned());
            } else {
                let mut full = path.clone();
                full.push(name.to_owned());
                out.push((full.join("."), value.to_owned()));
            }
        }
    }
    out
}

fn changed_fields(old: &RoomVersionRules, new: &RoomVersionRules) -> Vec<String> {
    let old = leaves(old);
    let new = leaves(new);
    assert_eq!(old.len(), new.len());
    old.into_iter()
        .zip(new)
        .filter(|((_, a), (_, b))| a != b)
        .map(|((name, _), _)| name)
        .collect()
}

/// §1b rows and each version's "Changes vs v<N−1>" list.
#[test]
fn changes_between_consecutive_versions_are_the_listed_ones() {
    let expected: [&[&str]; 11] = [
        // v2: state resolution v2.
        &["state_res"],
        // v3: hash event IDs, bare references, no redaction auth rule, no
        // event_id-server signature.
        &[
            "event_format",
            "event_id_format",
            "authorization.redaction_rule",
            "signatures.event_id_server",
        ],
        // v4: URL-safe event IDs.
        &["event_id_format"],
        // v5: key validity.
        &["enforce_key_validity"],
        // v6: canonical JSON, depth limit, no float PLs, no aliases special
        // case, notifications checked, aliases no longer kept by redaction.
        &[
            "strict_canonical_json",
            "max_depth",
            "authorization.power_level_values",
            "authorization.special_case_aliases",
            "authorization.check_notifications",
            "redaction.keep_aliases",
        ],
        // v7: knocking.
        &["knock"],
        // v8: restricted joins, `allow` kept, authorising server signs.
        &[
            "restricted_join",
            "redaction.keep_join_rules_allow",
            "signatures.join_authorising_server",
        ],
        // v9: `join_authorised_via_users_server` kept.
        &["redaction.keep_member_join_authorised_via_users_server"],
        // v10: knock_restricted, integer-only PLs.
        &["knock_restricted_join", "authorization.power_level_values"],
        // v11: redacts in content, creator = sender, redaction rewrite.
        &[
            "redacts_location",
            "authorization.creators",
            "redaction.keep_origin_membership_prev_state",
            "redaction.keep_all_create_content",
            "redaction.keep_redaction_redacts",
            "redaction.keep_power_levels_invite",
            "redaction.keep_member_third_party_invite_signed",
        ],
        // v12: hashed room IDs, state res v2.1, privileged creators, create
        // event implied by room_id.
        &[
            "room_id_format",
            "state_res",
            "authorization.creators",
            "authorization.creators_have_infinite_power",
            "authorization.create_in_auth_events",
            "authorization.room_id_is_create_event",
            "authorization.additional_creators",
        ],
    ];
    let all = all();
    for (i, expected) in expected.iter().enumerate() {
        let mut got = changed_fields(all[i], all[i + 1]);
        let mut expected: Vec<String> = expected.iter().map(|s| (*s).to_owned()).collect();
        got.sort();
        expected.sort();
        assert_eq!(got, expected, "changes from v{} to v{}", i + 1, i + 2);
    }
}

/// The field walk above sees every field, nested ones included.
#[test]
fn leaves_cover_nested_fields() {
    let names: Vec<String> = leaves(&RoomVersionRules::V1)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    for name in [
        "stable",
        "max_depth",
        "authorization.creators",
        "redaction.keep_aliases",
        "signatures.event_id_server",
    ] {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }
    assert!(names.len() >= 30, "{names:?}");
}

// Lookup.

#[test]
fn lookup_of_every_stable_version() {
    let ids = [
        "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12",
    ];
    for (i, (id, rules)) in RoomVersionRules::ALL.into_iter().enumerate() {
        assert_eq!(id.as_str(), ids[i]);
        let parsed = RoomVersionId::parse(ids[i]).unwrap();
        assert_eq!(RoomVersionRules::get(parsed).unwrap(), rules);
        assert_eq!(RoomVersionRules::get(id).unwrap(), rules);
    }
    assert_eq!(
        RoomVersionRules::get(RoomVersionId::V1).unwrap(),
        &RoomVersionRules::V1
    );
    assert_eq!(
        RoomVersionRules::get(RoomVersionId::V12).unwrap(),
        &RoomVersionRules::V12
    );
}

#[test]
fn unknown_versions_are_an_error() {
    for id in [
        "13",
        "0",
        "01",
        "1.0",
        "12.0",
        "v1",
        "org.matrix.hydra.11",
        "org.matrix.msc3821.opt1",
        "1-",
    ] {
        let id = RoomVersionId::parse(id).unwrap();
        let err = RoomVersionRules::get(id).unwrap_err();
        assert_eq!(err.0, id.as_str());
        assert!(err.to_string().contains(id.as_str()), "{err}");
    }
}

/// Callers can build a custom version from an existing one; only the changed
/// field differs, and lookup by ID still knows only the stable versions.
#[test]
fn custom_version_from_an_existing_one() {
    use mxp_room_versions::AuthorizationRules;
    let custom = RoomVersionRules {
        authorization: AuthorizationRules {
            power_level_values: PowerLevelValues::IntegersOnly,
            ..RoomVersionRules::V9.authorization
        },
        ..RoomVersionRules::V9
    };
    assert_eq!(
        changed_fields(&RoomVersionRules::V9, &custom),
        ["authorization.power_level_values"]
    );
    assert!(
        RoomVersionRules::ALL
            .iter()
            .all(|(_, rules)| **rules != custom)
    );
}

/// Rules are plain constant data: `Copy`, `Send`, `Sync`, usable in `const`.
#[test]
fn rules_are_const_copy_send_sync() {
    fn assert_copy<T: Copy + Send + Sync + 'static>() {}
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_copy::<RoomVersionRules>();
    assert_send_sync::<mxp_room_versions::UnsupportedRoomVersion>();
    const RULES: RoomVersionRules = RoomVersionRules::V12;
    const HAS_ROOM_ID: [bool; 2] = [
        RULES.create_event_has_room_id(),
        RoomVersionRules::V1.create_event_has_room_id(),
    ];
    assert_eq!(HAS_ROOM_ID, [false, true]);
}
