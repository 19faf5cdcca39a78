//! `mxp batch` ops `auth` and `auth_types` end to end (PROTOCOL.md).

use std::io::Write;
use std::process::{Command, Stdio};

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
use mxp_ids::{KeyId, ServerName};
use mxp_room_versions::RoomVersionRules;
use mxp_signatures::{SigningKey, sign_event};
use serde_json::{Value, json};

/// Runs `mxp batch` on one request per line and returns the responses.
fn run(requests: &[Value]) -> Vec<Value> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mxp"))
        .arg("batch")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = String::new();
    for r in requests {
        input.push_str(&r.to_string());
        input.push('\n');
    }
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn rules(v: &str) -> &'static RoomVersionRules {
    RoomVersionRules::get(mxp_ids::RoomVersionId::parse(v).unwrap()).unwrap()
}

fn object(v: &Value) -> CanonicalJsonObject {
    match CanonicalJsonValue::try_from(v.clone()).unwrap() {
        CanonicalJsonValue::Object(o) => o,
        _ => unreachable!(),
    }
}

/// The event ID mxp computes for a v3+ event.
fn id_of(v: &str, event: &Value) -> String {
    mxp_signatures::event_id(&object(event), rules(v))
        .unwrap()
        .to_string()
}

fn event(
    room_id: Option<&str>,
    sender: &str,
    ty: &str,
    state_key: Option<&str>,
    content: Value,
    auth: &[&str],
    prev: &[&str],
) -> Value {
    let mut e = json!({
        "sender": sender, "type": ty, "content": content, "origin_server_ts": 1, "depth": 1,
        "prev_events": prev, "auth_events": auth,
        "hashes": {"sha256": "aGFzaA"}, "signatures": {},
    });
    if let Some(r) = room_id {
        e["room_id"] = json!(r);
    }
    if let Some(k) = state_key {
        e["state_key"] = json!(k);
    }
    e
}

const ALICE: &str = "@alice:a.org";
const BOB: &str = "@bob:b.org";

#[test]
fn auth_v11_allows_and_rejects_with_rule_ids() {
    let room = Some("!room:a.org");
    let create = event(
        room,
        ALICE,
        "m.room.create",
        Some(""),
        json!({"room_version": "11"}),
        &[],
        &[],
    );
    let create_id = id_of("11", &create);
    let join = event(
        room,
        ALICE,
        "m.room.member",
        Some(ALICE),
        json!({"membership": "join"}),
        &[&create_id],
        &[&create_id],
    );
    let join_id = id_of("11", &join);
    let hello = event(
        room,
        ALICE,
        "m.room.message",
        None,
        json!({"body": "hi"}),
        &[&create_id, &join_id],
        &[&join_id],
    );
    let intruder = event(
        room,
        BOB,
        "m.room.message",
        None,
        json!({"body": "hi"}),
        &[&create_id],
        &[&join_id],
    );
    let missing = event(
        room,
        ALICE,
        "m.room.message",
        None,
        json!({}),
        &[&join_id],
        &[&join_id],
    );
    let responses = run(&[
        json!({"op": "auth", "room_version": "11", "event": create, "auth_events": []}),
        json!({"op": "auth", "room_version": "11", "event": join, "auth_events": [create]}),
        json!({"op": "auth", "room_version": "11", "event": hello, "auth_events": [create, join], "id": 3}),
        json!({"op": "auth", "room_version": "11", "event": intruder, "auth_events": [create, join]}),
        json!({"op": "auth", "room_version": "11", "event": missing, "auth_events": [create, join]}),
    ]);
    assert_eq!(responses[0], json!({"ok": {"allowed": true}}));
    assert_eq!(responses[1], json!({"ok": {"allowed": true}}));
    assert_eq!(responses[2], json!({"id": 3, "ok": {"allowed": true}}));
    assert_eq!(responses[3]["ok"]["allowed"], json!(false));
    assert_eq!(responses[3]["ok"]["rule"], json!("AUTH-v11-5"));
    assert!(responses[3]["ok"]["reason"].as_str().unwrap().contains(BOB));
    assert_eq!(responses[4]["ok"]["rule"], json!("AUTH-v11-2.4"));
}

#[test]
fn auth_v12_create_event_is_implied() {
    let create = event(
        None,
        ALICE,
        "m.room.create",
        Some(""),
        json!({"room_version": "12"}),
        &[],
        &[],
    );
    let create_id = id_of("12", &create);
    let room_id = format!("!{}", &create_id[1..]);
    let join = event(
        Some(&room_id),
        ALICE,
        "m.room.member",
        Some(ALICE),
        json!({"membership": "join"}),
        &[],
        &[&create_id],
    );
    let citing_create = event(
        Some(&room_id),
        ALICE,
        "m.room.member",
        Some(ALICE),
        json!({"membership": "join"}),
        &[&create_id],
        &[&create_id],
    );
    let responses = run(&[
        json!({"op": "auth", "room_version": "12", "event": create, "auth_events": []}),
        json!({"op": "auth", "room_version": "12", "event": join, "auth_events": [create]}),
        json!({"op": "auth", "room_version": "12", "event": join, "auth_events": []}),
        json!({"op": "auth", "room_version": "12", "event": citing_create, "auth_events": [create]}),
    ]);
    assert_eq!(responses[0], json!({"ok": {"allowed": true}}));
    assert_eq!(responses[1], json!({"ok": {"allowed": true}}));
    assert_eq!(responses[2]["ok"]["rule"], json!("AUTH-v12-2"));
    assert_eq!(responses[3]["ok"]["rule"], json!("AUTH-v12-3.2"));
}

#[test]
fn auth_v1_uses_the_carried_event_ids() {
    let room = Some("!room:a.org");
    let mut create = event(
        room,
        ALICE,
        "m.room.create",
        Some(""),
        json!({"creator": ALICE}),
        &[],
        &[],
    );
    create["event_id"] = json!("$create:a.org");
    let mut join = event(
        room,
        ALICE,
        "m.room.member",
        Some(ALICE),
        json!({"membership": "join"}),
        &[],
        &[],
    );
    join["event_id"] = json!("$join:a.org");
    join["auth_events"] = json!([["$create:a.org", {"sha256": "aGFzaA"}]]);
    join["prev_events"] = json!([["$create:a.org", {"sha256": "aGFzaA"}]]);
    let mut no_creator = create.clone();
    no_creator["content"] = json!({});
    let responses = run(&[
        json!({"op": "auth", "room_version": "1", "event": join, "auth_events": [create]}),
        json!({"op": "auth", "room_version": "1", "event": no_creator, "auth_events": []}),
    ]);
    assert_eq!(responses[0], json!({"ok": {"allowed": true}}));
    assert_eq!(responses[1]["ok"]["rule"], json!("AUTH-v1-1.4"));
}

#[test]
fn auth_checks_the_authorising_server_signature_with_keys() {
    let v = "10";
    let key_a = SigningKey::from_seed(KeyId::parse("ed25519:a").unwrap(), &[1; 32]).unwrap();
    let key_b = SigningKey::from_seed(KeyId::parse("ed25519:b").unwrap(), &[2; 32]).unwrap();
    let other = SigningKey::from_seed(KeyId::parse("ed25519:a").unwrap(), &[3; 32]).unwrap();
    let room = Some("!room:a.org");
    let create = event(
        room,
        ALICE,
        "m.room.create",
        Some(""),
        json!({"room_version": v}),
        &[],
        &[],
    );
    let c = id_of(v, &create);
    let join_alice = event(
        room,
        ALICE,
        "m.room.member",
        Some(ALICE),
        json!({"membership": "join"}),
        &[&c],
        &[&c],
    );
    let ja = id_of(v, &join_alice);
    let rules_event = event(
        room,
        ALICE,
        "m.room.join_rules",
        Some(""),
        json!({"join_rule": "restricted"}),
        &[&c, &ja],
        &[&ja],
    );
    let jr = id_of(v, &rules_event);
    let mut join = object(&event(
        room,
        BOB,
        "m.room.member",
        Some(BOB),
        json!({"membership": "join", "join_authorised_via_users_server": ALICE}),
        &[&c, &jr, &ja],
        &[&jr],
    ));
    sign_event(
        &mut join,
        ServerName::parse("b.org").unwrap(),
        &key_b,
        rules(v),
    )
    .unwrap();
    sign_event(
        &mut join,
        ServerName::parse("a.org").unwrap(),
        &key_a,
        rules(v),
    )
    .unwrap();
    let join: Value = CanonicalJsonValue::Object(join).into();
    let keys = |a: &SigningKey| json!({"a.org": {"ed25519:a": a.public_key().to_base64()}, "b.org": {"ed25519:b": key_b.public_key().to_base64()}});
    let auth = [create, join_alice, rules_event];
    let responses = run(&[
        json!({"op": "auth", "room_version": v, "event": join, "auth_events": auth}),
        json!({"op": "auth", "room_version": v, "event": join, "auth_events": auth, "keys": keys(&key_a)}),
        json!({"op": "auth", "room_version": v, "event": join, "auth_events": auth, "keys": keys(&other)}),
        json!({"op": "auth", "room_version": v, "event": join, "auth_events": auth, "keys": {"a.org": {"ed25519:a": "not base64"}}}),
    ]);
    assert_eq!(responses[0], json!({"ok": {"allowed": true}}));
    assert_eq!(responses[1], json!({"ok": {"allowed": true}}));
    assert_eq!(responses[2]["ok"]["rule"], json!("AUTH-v10-4.2.1"));
    assert_eq!(responses[3]["error"]["kind"], json!("bad_request"));
}

#[test]
fn auth_types_lists_each_pair_once() {
    let join = event(
        Some("!room:a.org"),
        BOB,
        "m.room.member",
        Some(BOB),
        json!({"membership": "join", "join_authorised_via_users_server": ALICE}),
        &[],
        &[],
    );
    let msg = event(
        Some("!room:a.org"),
        BOB,
        "m.room.message",
        None,
        json!({}),
        &[],
        &[],
    );
    let create = event(None, ALICE, "m.room.create", Some(""), json!({}), &[], &[]);
    let responses = run(&[
        json!({"op": "auth_types", "room_version": "11", "event": join}),
        json!({"op": "auth_types", "room_version": "7", "event": join}),
        json!({"op": "auth_types", "room_version": "12", "event": msg}),
        json!({"op": "auth_types", "room_version": "12", "event": create}),
        json!({"op": "auth_types", "room_version": "12", "event": {"type": "m.room.message"}}),
        json!({"op": "auth_types", "room_version": "99", "event": msg}),
        json!({"op": "auth_types", "room_version": "12"}),
    ]);
    assert_eq!(
        responses[0],
        json!({"ok": [["m.room.create", ""], ["m.room.power_levels", ""], ["m.room.member", BOB], ["m.room.join_rules", ""], ["m.room.member", ALICE]]})
    );
    assert_eq!(
        responses[1],
        json!({"ok": [["m.room.create", ""], ["m.room.power_levels", ""], ["m.room.member", BOB], ["m.room.join_rules", ""]]})
    );
    assert_eq!(
        responses[2],
        json!({"ok": [["m.room.power_levels", ""], ["m.room.member", BOB]]})
    );
    assert_eq!(responses[3], json!({"ok": []}));
    assert_eq!(responses[4]["error"]["kind"], json!("invalid_event"));
    assert_eq!(
        responses[5]["error"]["kind"],
        json!("unsupported_room_version")
    );
    assert_eq!(responses[6]["error"]["kind"], json!("missing_field"));
}

#[test]
fn auth_reports_bad_events_as_errors() {
    let responses = run(&[
        json!({"op": "auth", "room_version": "11", "event": {"type": "m.room.message"}, "auth_events": []}),
        json!({"op": "auth", "room_version": "11", "auth_events": []}),
        json!({"op": "auth", "room_version": "11", "event": event(Some("!r:a.org"), ALICE, "m.room.message", None, json!({}), &[], &[])}),
    ]);
    assert_eq!(responses[0]["error"]["kind"], json!("invalid_event"));
    assert_eq!(responses[1]["error"]["kind"], json!("missing_field"));
    assert_eq!(responses[2]["error"]["kind"], json!("missing_field"));
}
