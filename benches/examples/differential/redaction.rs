//! Redaction and hashes of random events: mxp against ruma.

use super::*;

/// A random value for a key of an event: strings, integers, booleans, and
/// objects or arrays made of the same, a few levels deep.
fn random_value(rng: &mut u64, depth: u32) -> serde_json::Value {
    use serde_json::json;
    const WORDS: [&str; 8] = [
        "join",
        "invite",
        "@alice:a.example",
        "public",
        "shared",
        "$ev:a.example",
        "",
        "x",
    ];
    match next(rng) % if depth > 2 { 3 } else { 6 } {
        0 => json!(WORDS[(next(rng) % 8) as usize]),
        1 => json!((next(rng) % 201) as i64 - 100),
        2 => json!(next(rng).is_multiple_of(2)),
        3 => {
            let mut o = serde_json::Map::new();
            for _ in 0..next(rng) % 4 {
                let key = CONTENT_KEYS[(next(rng) % CONTENT_KEYS.len() as u64) as usize];
                o.insert(key.to_owned(), random_value(rng, depth + 1));
            }
            serde_json::Value::Object(o)
        }
        4 => json!({
            "display_name": "x",
            "signed": {"mxid": "@alice:a.example", "token": "t", "signatures": {"a.example": {"ed25519:1": "sig"}}},
            "extra": random_value(rng, depth + 1),
        }),
        _ => serde_json::Value::Array(
            (0..next(rng) % 3)
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
    }
}

/// Keys that some room version's redaction keeps in some event's content.
const CONTENT_KEYS: [&str; 34] = [
    "creator",
    "m.federate",
    "room_version",
    "predecessor",
    "additional_creators",
    "type",
    "membership",
    "join_authorised_via_users_server",
    "third_party_invite",
    "signed",
    "mxid",
    "token",
    "signatures",
    "displayname",
    "join_rule",
    "allow",
    "room_id",
    "ban",
    "events",
    "events_default",
    "kick",
    "redact",
    "state_default",
    "users",
    "users_default",
    "notifications",
    "invite",
    "history_visibility",
    "aliases",
    "redacts",
    "body",
    "name",
    "public_key",
    "custom.key",
];

/// Top-level keys of PDUs, and of old ones.
const TOP_KEYS: [&str; 18] = [
    "state_key",
    "sender",
    "room_id",
    "event_id",
    "origin",
    "origin_server_ts",
    "depth",
    "prev_events",
    "auth_events",
    "hashes",
    "signatures",
    "unsigned",
    "membership",
    "prev_state",
    "redacts",
    "age_ts",
    "custom",
    "event_format",
];

const TYPES: [&str; 12] = [
    "m.room.create",
    "m.room.member",
    "m.room.join_rules",
    "m.room.power_levels",
    "m.room.history_visibility",
    "m.room.aliases",
    "m.room.redaction",
    "m.room.message",
    "m.room.name",
    "m.room.third_party_invite",
    "m.room.encryption",
    "m.room.server_acl",
];

/// An event with a random type, random top-level keys and random content.
fn random_event(rng: &mut u64) -> serde_json::Value {
    let mut event = serde_json::Map::new();
    event.insert(
        "type".into(),
        TYPES[(next(rng) % TYPES.len() as u64) as usize].into(),
    );
    for key in TOP_KEYS {
        if next(rng).is_multiple_of(2) {
            event.insert(key.into(), random_value(rng, 1));
        }
    }
    let mut content = serde_json::Map::new();
    for _ in 0..next(rng) % 7 {
        let key = CONTENT_KEYS[(next(rng) % CONTENT_KEYS.len() as u64) as usize];
        content.insert(key.into(), random_value(rng, 1));
    }
    event.insert("content".into(), serde_json::Value::Object(content));
    serde_json::Value::Object(event)
}

/// Redaction, content hash and reference hash of random events in every
/// room version: mxp against ruma.
pub(super) fn redaction_cases(cases: u64, seed: u64) {
    use mxp::canonical_json::{ParseOptions, parse_object};
    use mxp::signatures::{content_hash, reference_hash_base64};
    use ruma_common::room_version_rules::RoomVersionRules as R;
    const RUMA: [R; 12] = [
        R::V1,
        R::V2,
        R::V3,
        R::V4,
        R::V5,
        R::V6,
        R::V7,
        R::V8,
        R::V9,
        R::V10,
        R::V11,
        R::V12,
    ];
    let mut rng = seed;
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    let mut examples: BTreeMap<String, String> = BTreeMap::new();
    let mut compared = 0u64;
    for case in 0..cases {
        let event = random_event(&mut rng);
        let text = event.to_string();
        let Ok(mxp_object) = parse_object(text.as_bytes(), &ParseOptions::lenient()) else {
            continue;
        };
        let Ok(ruma_object) = serde_json::from_str::<ruma_common::CanonicalJsonObject>(&text)
        else {
            continue;
        };
        for (i, (_, rules)) in RoomVersionRules::ALL.iter().enumerate() {
            let version = i + 1;
            let ruma_rules = &RUMA[i];
            compared += 1;
            let mxp_redacted = mxp::redaction::redact(&mxp_object, rules)
                .map(|o| serde_json::Value::from(CanonicalJsonValue::Object(o)))
                .map_err(|e| e.to_string());
            let ruma_redacted = ruma_common::canonical_json::redact(
                ruma_object.clone(),
                &ruma_rules.redaction,
                None,
            )
            .map(|o| serde_json::to_value(o).unwrap_or_default())
            .map_err(|e| e.to_string());
            let mxp_content = content_hash(&mxp_object, rules)
                .map(mxp::signatures::base64::encode)
                .map_err(|e| e.to_string());
            let ruma_content = ruma_signatures::content_hash(&ruma_object)
                .map(|h| h.encode())
                .map_err(|e| e.to_string());
            let mxp_reference =
                reference_hash_base64(&mxp_object, rules).map_err(|e| e.to_string());
            let ruma_reference = ruma_signatures::reference_hash(&ruma_object, ruma_rules)
                .map_err(|e| e.to_string());
            // v11+: a member event's `third_party_invite` that is not an
            // object. The spec is silent; mxp drops it as Synapse does (the
            // digest's note under REDACT-v11), ruma keeps it as it is.
            let loose_invite = version >= 11
                && event["type"] == "m.room.member"
                && event["content"]
                    .get("third_party_invite")
                    .is_some_and(|v| !v.is_object());
            let mut note = |what: &str, same: bool, detail: String| {
                let verdict = match (same, loose_invite) {
                    (true, _) => "same",
                    (false, true) => "different: non-object third_party_invite (known)",
                    (false, false) => "DIFFERENT",
                };
                let key = format!("v{version} {what}: {verdict}");
                *counts.entry(key.clone()).or_insert(0) += 1;
                if !same {
                    examples
                        .entry(key)
                        .or_insert(format!("case {case}: {detail}"));
                }
            };
            let same = agree(&mxp_redacted, &ruma_redacted);
            note(
                "redact",
                same,
                format!("{text}\n    mxp  {mxp_redacted:?}\n    ruma {ruma_redacted:?}"),
            );
            let same = agree(&mxp_content, &ruma_content);
            note(
                "content hash",
                same,
                format!("{text}\n    mxp  {mxp_content:?}\n    ruma {ruma_content:?}"),
            );
            let same = agree(&mxp_reference, &ruma_reference);
            note(
                "reference hash",
                same,
                format!("{text}\n    mxp  {mxp_reference:?}\n    ruma {ruma_reference:?}"),
            );
        }
    }
    println!("redaction and hashes, seed {seed}, {cases} events, {compared} event × version pairs");
    for (key, n) in &counts {
        println!("{n:>9}  {key}");
        if let Some(e) = examples.get(key) {
            println!("           e.g. {e}");
        }
    }
}
