//! Inputs of the side-by-side benches: signed message PDUs, auth check rooms
//! and state resolution rooms. mxp and ruma are fed exactly the same JSON.

use std::collections::BTreeMap;

use mxp::ids::KeyId;
use mxp::room_versions::RoomVersionRules;
use mxp::signatures::{KeyRing, SigningKey};
use mxp_testkit::{GeneratedRoom, Room, StateMap};
use ruma_common::CanonicalJsonObject as RumaObject;
use ruma_common::serde::Base64;
use ruma_signatures::{Ed25519KeyPair, PublicKeyMap};
use serde_json::{Value, json};

/// The origin server of the message PDUs (that of
/// [`crate::typical_message_pdu_json`]).
pub const SERVER: &str = "example.org";
/// The version part of its signing key ID.
pub const KEY_VERSION: &str = "a_JaEG";
/// The seed of its signing key (fixed, so runs are reproducible).
pub const SEED: [u8; 32] = [
    0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4,
    0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60,
];

/// The seed as a PKCS#8 v1 document, the form ruma loads ed25519 keys from:
/// the fixed RFC 8410 prefix followed by the 32-byte seed.
fn pkcs8_der(seed: &[u8; 32]) -> Vec<u8> {
    let mut der = vec![
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04,
        0x20,
    ];
    der.extend_from_slice(seed);
    der
}

/// ruma's key pair for [`SERVER`].
///
/// # Panics
/// If ruma rejects the document (a bench setup error).
pub fn ruma_key_pair() -> Ed25519KeyPair {
    Ed25519KeyPair::from_der(&pkcs8_der(&SEED), KEY_VERSION.to_owned())
        .expect("PKCS#8 v1 ed25519 document")
}

/// ruma's view of the public keys: `{SERVER: {"ed25519:a_AbCd": key}}`.
pub fn ruma_public_keys() -> PublicKeyMap {
    let pair = ruma_key_pair();
    let mut set = BTreeMap::new();
    set.insert(
        format!("ed25519:{KEY_VERSION}"),
        Base64::new(pair.public_key().to_vec()),
    );
    let mut map = PublicKeyMap::new();
    map.insert(SERVER.to_owned(), set);
    map
}

/// mxp's view of the same public key.
///
/// # Panics
/// On an invalid key ID (a bench setup error).
pub fn mxp_keyring() -> KeyRing {
    let key_id = format!("ed25519:{KEY_VERSION}");
    let key_id = KeyId::parse(&key_id).expect("valid key ID");
    let key = SigningKey::from_seed(key_id, &SEED).expect("valid seed");
    let mut keys = KeyRing::new();
    keys.insert(SERVER, key.key_id(), *key.public_key());
    keys
}

/// The typical `m.room.message` PDU of [`crate::typical_message_pdu_json`]
/// (room v11, 3 auth events, 1 prev event, an HTML body) before signing:
/// `hashes` and `signatures` emptied. `i` > 0 varies the body, timestamp,
/// depth and transaction ID so that batches hold distinct events.
///
/// # Panics
/// If the shared fixture is not a JSON object (a bench setup error).
pub fn message_pdu_unsigned(i: usize) -> Value {
    let mut pdu: Value =
        serde_json::from_str(&crate::typical_message_pdu_json()).expect("fixture is JSON");
    pdu["hashes"] = json!({});
    pdu["signatures"] = json!({});
    if i > 0 {
        let ts = 1_754_000_000_000_i64 + i as i64;
        pdu["origin_server_ts"] = json!(ts);
        pdu["depth"] = json!(4242 + i);
        pdu["unsigned"] = json!({"age_ts": ts, "transaction_id": format!("m{ts}.{i}")});
        if let Some(body) = pdu["content"]["body"].as_str() {
            pdu["content"]["body"] = json!(format!("{body} (#{i})"));
        }
    }
    pdu
}

/// `n` distinct message PDUs, hashed and signed by [`SERVER`] (with ruma's
/// signing code), serialized as they arrive over federation.
///
/// # Panics
/// If signing fails (a bench setup error).
pub fn signed_message_pdus(n: usize) -> Vec<String> {
    let pair = ruma_key_pair();
    let rules = ruma_common::room_version_rules::RoomVersionRules::V11;
    (0..n)
        .map(|i| {
            let mut object: RumaObject =
                serde_json::from_value(message_pdu_unsigned(i)).expect("canonical JSON");
            ruma_signatures::hash_and_sign_event(SERVER, &pair, &mut object, &rules.redaction)
                .expect("signing");
            serde_json::to_string(&object).expect("serializable")
        })
        .collect()
}

/// A room for the auth check benches: create, the admin's join, power levels
/// whose `users` map has `users` entries, public join rules, Alice's and
/// Bob's joins. Two events are checked against its state: Alice changing her
/// display name, and the admin banning Bob.
#[derive(Debug, Clone)]
pub struct AuthRoom {
    /// Every PDU of the room (the two checked events included) with its ID.
    pub pdus: Vec<(String, Value)>,
    /// The state both events are checked against.
    pub state: StateMap,
    /// Alice's display name change.
    pub rename: String,
    /// The admin's ban of Bob.
    pub ban: String,
}

/// Builds an [`AuthRoom`] (room version 11).
pub fn auth_room(users: usize) -> AuthRoom {
    let admin = "@admin:hs0.example";
    let alice = "@alice:hs1.example";
    let bob = "@bob:hs2.example";
    let mut room = Room::new(RoomVersionRules::V11, "11");
    let mut main = room.create(admin);
    let mut map = serde_json::Map::new();
    map.insert(admin.to_owned(), json!(100));
    for i in 1..users {
        map.insert(
            format!("@pl{i}:hs{}.example", i % 7),
            json!((i % 50) as i64 + 1),
        );
    }
    let pl = json!({
        "users": map, "users_default": 0, "events_default": 0, "state_default": 50,
        "ban": 50, "kick": 50, "redact": 50, "invite": 0,
        "events": {"m.room.name": 50, "m.room.power_levels": 100},
    });
    room.state(&mut main, admin, "m.room.power_levels", "", pl);
    room.state(
        &mut main,
        admin,
        "m.room.join_rules",
        "",
        json!({"join_rule": "public"}),
    );
    room.member(&mut main, alice, alice, "join");
    room.member(&mut main, bob, bob, "join");
    let state = main.state().clone();
    let rename = room.state(
        &mut main.clone(),
        alice,
        "m.room.member",
        alice,
        json!({"membership": "join", "displayname": "Alice (away)"}),
    );
    let ban = room.member(&mut main.clone(), admin, bob, "ban");
    let pdus = room
        .order()
        .iter()
        .filter_map(|id| Some((id.as_str().to_owned(), room.get(id)?.to_json())))
        .collect();
    AuthRoom {
        pdus,
        state,
        rename: rename.as_str().to_owned(),
        ban: ban.as_str().to_owned(),
    }
}

/// The classic "ban vs power levels" scenario (room version 11): Alice
/// (PL 100) promotes Bob to 50; on one fork she then re-joins and bans Bob,
/// on the other Bob sends a power levels event of his own. Resolution keeps
/// Alice's power levels and the ban.
pub fn ban_vs_power_levels() -> GeneratedRoom {
    let alice = "@alice:hs0.example";
    let bob = "@bob:hs1.example";
    let charlie = "@charlie:hs2.example";
    let mut room = Room::new(RoomVersionRules::V11, "11");
    let mut main = room.create(alice);
    room.state(
        &mut main,
        alice,
        "m.room.power_levels",
        "",
        json!({"users": {alice: 100}}),
    );
    room.state(
        &mut main,
        alice,
        "m.room.join_rules",
        "",
        json!({"join_rule": "public"}),
    );
    room.member(&mut main, bob, bob, "join");
    room.member(&mut main, charlie, charlie, "join");
    let promoted = json!({"users": {alice: 100, bob: 50}});
    room.state(
        &mut main,
        alice,
        "m.room.power_levels",
        "",
        promoted.clone(),
    );
    let mut a = main.clone();
    let mut b = main;
    room.state(
        &mut a,
        alice,
        "m.room.member",
        alice,
        json!({"membership": "join", "displayname": "Alice"}),
    );
    room.member(&mut a, alice, bob, "ban");
    room.state(&mut b, bob, "m.room.power_levels", "", promoted);
    let state_sets = vec![a.state().clone(), b.state().clone()];
    let order = room.order().to_vec();
    GeneratedRoom {
        rules: RoomVersionRules::V11,
        events: room.into_events(),
        order,
        state_sets,
    }
}
