//! `mxp batch` event ops, end to end for every room version: `redact`,
//! `content_hash`, `reference_hash`, `event_id`, `sign_event`,
//! `verify_event`. The binary is spawned and its response lines compared
//! exactly.
//!
//! Vectors: the spec's event signing vectors and the derived reference
//! hashes, event IDs and v12 events, copied from the workspace's spec digest
//! (wire formats §7.1 and §7.2).

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

const SEED: &str = "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1";
const PUBLIC_KEY: &str = "XGX0JRS2Af3be3knz2fBiRbApjm2Dh61gXDJA8kcJNI";
/// Another valid ed25519 public key.
const OTHER_KEY: &str = "Ux0EBu6UZLkhzvdJ8HdhTymbrN84Y6ePrw3ZfNpVB2M";

/// §7.1 "minimal event", as input.
const MINIMAL: &str = r#"{"room_id":"!x:domain","sender":"@a:domain","origin":"domain","origin_server_ts":1000000,"signatures":{},"hashes":{},"type":"X","content":{},"prev_events":[],"auth_events":[],"depth":3,"unsigned":{"age_ts":1000000}}"#;
const MINIMAL_HASH: &str = "5jM4wQpv6lnBo7CLIghJuHdW+s2CMBJPUOGOC89ncos";
/// Its signature under the v1–v10 redaction rules (§7.1) and v11+ (§7.2).
const MINIMAL_SIG_V1: &str =
    "KxwGjPSDEtvnFgU00fwFz+l6d2pJM6XBIaMEn81SXPTRl16AqLAYqfIReFGZlHi5KLjAWbOoMszkwsQma+lYAg";
const MINIMAL_SIG_V11: &str =
    "Jxp+1glFcZM+nnHpY0EkedRR7u0VmKsJYGnQqIvqus3UvL5X/p1y6wSkLhGoTBel6MZ9lrMIzUqrjqFquWJKBw";

/// §7.1 "event with redactable content", as input.
const MESSAGE: &str = r#"{"content":{"body":"Here is the message content"},"event_id":"$0:domain","origin":"domain","origin_server_ts":1000000,"type":"m.room.message","room_id":"!r:domain","sender":"@u:domain","signatures":{},"unsigned":{"age_ts":1000000}}"#;
const MESSAGE_HASH: &str = "onLKD1bGljeBWQhWZ1kaP9SorVmRQNdN5aM2JYU2n/g";
const MESSAGE_SIG_V1: &str =
    "Wm+VzmOUOz08Ds+0NTWb1d4CZrVsJSikkeRxh6aCcUwu6pNC78FunoD7KNWzqFn241eYHYMGCA5McEiVPdhzBA";
const MESSAGE_SIG_V11: &str =
    "4WQB/6LN2OtkUN/+18xUNB/U4RTX1N3EeKBdlCxux08YO8izKDrSRqML1XB8V97IK7AujkNO1xMl7TaBLA4kDw";

/// §7.2: a v12 create event and the creator's join, signed.
const CREATE_V12: &str = r#"{"auth_events":[],"content":{"room_version":"12"},"depth":1,"hashes":{"sha256":"ccqBumrNf46eCfIkdZSYW9RNafS0xFYYDm5rnZBSVJU"},"origin_server_ts":1000000,"prev_events":[],"sender":"@a:domain","signatures":{"domain":{"ed25519:1":"0iTJ32BZFymf41Y7UBttP2wZ0JTo6UjsLDQuf+79LB+WeKVfoLyR2I8RF23ZdFgCuxtjVBl5MKXIOWP+ocELDw"}},"state_key":"","type":"m.room.create"}"#;
const CREATE_V12_ID: &str = "$P5-6WTYQ_woy6f4nmleE0XqxjtZcyKGza5_gDN-KAdM";
const JOIN_V12: &str = r#"{"auth_events":[],"content":{"membership":"join"},"depth":2,"hashes":{"sha256":"TcRcImZbXG5qc2WUTnU9xgCQyqqafSCLfFCb1WG80uU"},"origin_server_ts":1000001,"prev_events":["$P5-6WTYQ_woy6f4nmleE0XqxjtZcyKGza5_gDN-KAdM"],"room_id":"!P5-6WTYQ_woy6f4nmleE0XqxjtZcyKGza5_gDN-KAdM","sender":"@a:domain","signatures":{"domain":{"ed25519:1":"nCqEGEYAhRa0E3awGCYi+oLYGRofpBqY7MiaVvHkCmaZ4nsR51UUNYqThhV1IkaOXccoRStde9tj+XRwjMlkDg"}},"state_key":"@a:domain","type":"m.room.member"}"#;
const JOIN_V12_ID: &str = "$6SmfXRmPKZktUiSQl9V_6azWFIFoRunj3pNs6rxiw-g";

const VERSIONS: std::ops::RangeInclusive<u32> = 1..=12;

/// The minimal event signed with `sig`, in canonical form (§7.1).
fn minimal_signed(sig: &str) -> String {
    format!(
        r#"{{"auth_events":[],"content":{{}},"depth":3,"hashes":{{"sha256":"{MINIMAL_HASH}"}},"origin":"domain","origin_server_ts":1000000,"prev_events":[],"room_id":"!x:domain","sender":"@a:domain","signatures":{{"domain":{{"ed25519:1":"{sig}"}}}},"type":"X","unsigned":{{"age_ts":1000000}}}}"#
    )
}

/// The message event signed with `sig`, in canonical form (§7.1).
fn message_signed(sig: &str) -> String {
    format!(
        r#"{{"content":{{"body":"Here is the message content"}},"event_id":"$0:domain","hashes":{{"sha256":"{MESSAGE_HASH}"}},"origin":"domain","origin_server_ts":1000000,"room_id":"!r:domain","sender":"@u:domain","signatures":{{"domain":{{"ed25519:1":"{sig}"}}}},"type":"m.room.message","unsigned":{{"age_ts":1000000}}}}"#
    )
}

/// The message event signed with `sig`, redacted: the v1–v10 signing input
/// of §7.2 plus the signatures (`REDACT-v1-top`), or without `origin` for
/// v11+ (`REDACT-v11-top`).
fn message_redacted(sig: &str, v11: bool) -> String {
    let origin = if v11 { "" } else { r#""origin":"domain","# };
    format!(
        r#"{{"content":{{}},"event_id":"$0:domain","hashes":{{"sha256":"{MESSAGE_HASH}"}},{origin}"origin_server_ts":1000000,"room_id":"!r:domain","sender":"@u:domain","signatures":{{"domain":{{"ed25519:1":"{sig}"}}}},"type":"m.room.message"}}"#
    )
}

/// The v1–v10 or v11+ signature of an event, per room version.
fn sig_for(version: u32, v1: &'static str, v11: &'static str) -> &'static str {
    if version >= 11 { v11 } else { v1 }
}

fn run(requests: &[String]) -> Vec<String> {
    let input: String = requests.iter().map(|r| format!("{r}\n")).collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_mxp"))
        .arg("batch")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), requests.len(), "one response per request");
    lines
}

/// Checks each response line is exactly the expected one.
fn check_exact(cases: &[(String, String)]) {
    let requests: Vec<String> = cases.iter().map(|(r, _)| r.clone()).collect();
    for ((request, expected), line) in cases.iter().zip(run(&requests)) {
        assert_eq!(&line, expected, "request {request}");
    }
}

/// Checks each request fails with the kind given, and a message.
fn check_errors(cases: &[(String, &str)]) {
    let requests: Vec<String> = cases.iter().map(|(r, _)| r.clone()).collect();
    for ((request, kind), line) in cases.iter().zip(run(&requests)) {
        let got: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(got["error"]["kind"], *kind, "request {request}: {line}");
        assert!(got["error"]["message"].is_string(), "{line}");
    }
}

/// A request of an event op, the event given as its exact text.
fn op(op: &str, version: u32, event: &str) -> String {
    format!(r#"{{"op":"{op}","room_version":"{version}","event":{event}}}"#)
}

fn sign(version: u32, event: &str) -> String {
    format!(
        r#"{{"op":"sign_event","room_version":"{version}","event":{event},"server_name":"domain","key_id":"ed25519:1","seed":"{SEED}"}}"#
    )
}

fn verify_with(version: u32, event: &str, keys: &str) -> String {
    format!(r#"{{"op":"verify_event","room_version":"{version}","event":{event},"keys":{keys}}}"#)
}

fn verify(version: u32, event: &str) -> String {
    verify_with(
        version,
        event,
        &format!(r#"{{"domain":{{"ed25519:1":"{PUBLIC_KEY}"}}}}"#),
    )
}

fn ok(value: &str) -> String {
    format!(r#"{{"ok":{value}}}"#)
}

fn ok_str(value: &str) -> String {
    ok(&Value::from(value).to_string())
}

fn verified(signatures: &str, hash: &str, event: &str) -> String {
    ok(&format!(
        r#"{{"content_hash":"{hash}","event":{event},"signatures":"{signatures}"}}"#
    ))
}

/// Removes a top-level key from an event's text.
fn without(event: &str, key: &str) -> String {
    let mut value: Value = serde_json::from_str(event).unwrap();
    value.as_object_mut().unwrap().remove(key);
    value.to_string()
}

/// Sets a top-level key of an event's text.
fn with(event: &str, key: &str, new: Value) -> String {
    let mut value: Value = serde_json::from_str(event).unwrap();
    value[key] = new;
    value.to_string()
}

/// HASH-1: `unsigned`, `signatures` and `hashes` are left out, so the input
/// and the signed event hash alike, in every room version.
#[test]
fn content_hash_every_version() {
    let mut cases = Vec::new();
    for v in VERSIONS {
        cases.push((op("content_hash", v, MINIMAL), ok_str(MINIMAL_HASH)));
        cases.push((
            op("content_hash", v, &minimal_signed(MINIMAL_SIG_V1)),
            ok_str(MINIMAL_HASH),
        ));
        cases.push((op("content_hash", v, MESSAGE), ok_str(MESSAGE_HASH)));
        cases.push((
            op("content_hash", v, &message_signed(MESSAGE_SIG_V11)),
            ok_str(MESSAGE_HASH),
        ));
    }
    cases.push((
        op(
            "content_hash",
            12,
            &without(&without(CREATE_V12, "hashes"), "signatures"),
        ),
        ok_str("ccqBumrNf46eCfIkdZSYW9RNafS0xFYYDm5rnZBSVJU"),
    ));
    cases.push((
        op("content_hash", 12, JOIN_V12),
        ok_str("TcRcImZbXG5qc2WUTnU9xgCQyqqafSCLfFCb1WG80uU"),
    ));
    // Any other key counts (hash computed independently with Python's
    // hashlib over the canonical bytes).
    cases.push((
        op("content_hash", 10, &with(MINIMAL, "depth", json!(4))),
        ok_str("GQY5tZrsWxzZeGK/8qYeTK/JZtD4l0Bsa6PDK/iPEJk"),
    ));
    check_exact(&cases);
}

/// REF-1, REF-2: standard alphabet for v1–v3, URL-safe for v4+; the v11
/// redaction rules (no `origin`) change the hash. Signatures and
/// `unsigned` never count (P1-27).
#[test]
fn reference_hash_every_version() {
    let mut cases = Vec::new();
    for v in VERSIONS {
        let (minimal, message) = match v {
            1..=3 => (
                "8yif6p8EqgoSten2BLje9ntKm720NyFLWQv9tn8memc",
                "oFAil2fHTGY66j9PIsC3hnc+/6r2SQGxCzd1/FUgtOE",
            ),
            4..=10 => (
                "8yif6p8EqgoSten2BLje9ntKm720NyFLWQv9tn8memc",
                "oFAil2fHTGY66j9PIsC3hnc-_6r2SQGxCzd1_FUgtOE",
            ),
            _ => (
                "70O_oKlXzFbkfu0KE88USi98DjSWrOELrPj-8tisl8I",
                "4Wse3wARkU3vfz3WvvTUUlWan9kETgdNEiY6CTbJGTQ",
            ),
        };
        cases.push((
            op("reference_hash", v, &minimal_signed(MINIMAL_SIG_V1)),
            ok_str(minimal),
        ));
        let other_signatures = with(
            &minimal_signed(MINIMAL_SIG_V11),
            "unsigned",
            json!({"age": 99}),
        );
        cases.push((op("reference_hash", v, &other_signatures), ok_str(minimal)));
        cases.push((
            op("reference_hash", v, &message_signed(MESSAGE_SIG_V1)),
            ok_str(message),
        ));
    }
    cases.push((
        op("reference_hash", 12, CREATE_V12),
        ok_str(&CREATE_V12_ID[1..]),
    ));
    check_exact(&cases);
}

/// REF-2: `$` + the reference hash from v3; v1 and v2 IDs are not derived.
#[test]
fn event_id_every_version() {
    let mut cases = Vec::new();
    for v in VERSIONS {
        let message = match v {
            1 | 2 => None,
            3 => Some("$oFAil2fHTGY66j9PIsC3hnc+/6r2SQGxCzd1/FUgtOE"),
            4..=10 => Some("$oFAil2fHTGY66j9PIsC3hnc-_6r2SQGxCzd1_FUgtOE"),
            _ => Some("$4Wse3wARkU3vfz3WvvTUUlWan9kETgdNEiY6CTbJGTQ"),
        };
        if let Some(id) = message {
            cases.push((
                op("event_id", v, &message_signed(MESSAGE_SIG_V1)),
                ok_str(id),
            ));
        }
        if (3..=10).contains(&v) {
            cases.push((
                op("event_id", v, &minimal_signed(MINIMAL_SIG_V1)),
                ok_str("$8yif6p8EqgoSten2BLje9ntKm720NyFLWQv9tn8memc"),
            ));
        }
    }
    cases.push((op("event_id", 12, CREATE_V12), ok_str(CREATE_V12_ID)));
    cases.push((op("event_id", 12, JOIN_V12), ok_str(JOIN_V12_ID)));
    let mut with_id = op("event_id", 12, JOIN_V12);
    with_id.insert_str(1, r#""id":[1],"#);
    cases.push((with_id, format!(r#"{{"id":[1],"ok":"{JOIN_V12_ID}"}}"#)));
    check_exact(&cases);

    check_errors(&[
        (
            op("event_id", 1, &message_signed(MESSAGE_SIG_V1)),
            "not_derivable",
        ),
        (
            op("event_id", 2, &message_signed(MESSAGE_SIG_V1)),
            "not_derivable",
        ),
        (op("event_id", 2, MINIMAL), "not_derivable"),
    ]);
}

/// ESIG-1…ESIG-4: the spec's signed events, byte for byte, in every room
/// version (the v1–v10 vectors; v11+ sign without `origin`).
#[test]
fn sign_event_every_version() {
    let mut cases = Vec::new();
    for v in VERSIONS {
        cases.push((
            sign(v, MINIMAL),
            ok(&minimal_signed(sig_for(v, MINIMAL_SIG_V1, MINIMAL_SIG_V11))),
        ));
        cases.push((
            sign(v, MESSAGE),
            ok(&message_signed(sig_for(v, MESSAGE_SIG_V1, MESSAGE_SIG_V11))),
        ));
        // Re-signing a signed event gives the same event.
        cases.push((
            sign(v, &message_signed(MESSAGE_SIG_V1)),
            ok(&message_signed(sig_for(v, MESSAGE_SIG_V1, MESSAGE_SIG_V11))),
        ));
    }
    let unsigned = |event: &str| without(&without(event, "hashes"), "signatures");
    cases.push((sign(12, &unsigned(CREATE_V12)), ok(CREATE_V12)));
    cases.push((sign(12, &unsigned(JOIN_V12)), ok(JOIN_V12)));
    check_exact(&cases);
}

#[test]
fn sign_event_rejects_bad_input() {
    let base = sign(10, MINIMAL);
    let field = |name: &str, value: &str| {
        let mut request: Value = serde_json::from_str(&base).unwrap();
        request[name] = Value::from(value);
        request.to_string()
    };
    check_errors(&[
        (field("seed", "c2VlZA"), "invalid_key"),
        (field("key_id", "curve25519:1"), "unsupported_algorithm"),
        (field("key_id", "ed25519:a-b"), "invalid_identifier"),
        (field("server_name", "-bad-.example:"), "invalid_identifier"),
        (field("room_version", "13"), "unsupported_room_version"),
        (sign(10, &without(MINIMAL, "type")), "missing_field"),
        (sign(10, &without(MINIMAL, "content")), "missing_field"),
        (
            sign(10, &with(MINIMAL, "content", json!([]))),
            "invalid_event",
        ),
        (
            sign(10, &with(MINIMAL, "hashes", json!("x"))),
            "invalid_event",
        ),
        (
            sign(10, &with(MINIMAL, "signatures", json!([]))),
            "invalid_signature",
        ),
        // P1-10: outgoing events are canonical JSON in every version.
        (
            sign(3, r#"{"type":"X","content":{"n":1.5}}"#),
            "legacy_number",
        ),
        (
            sign(10, r#"{"type":"X","content":{"n":1.5}}"#),
            "float_not_allowed",
        ),
        (
            sign(10, r#"{"type":"X","content":{},"type":"Y"}"#),
            "duplicate_key",
        ),
        (
            format!(
                r#"{{"op":"sign_event","room_version":"10","event":{MINIMAL},"server_name":"domain","key_id":"ed25519:1"}}"#
            ),
            "missing_field",
        ),
    ]);
}

/// REDACT-v<N>-top and -content, through the op, for the versions where the
/// rules change: v8 (join rules `allow`), v9 (member
/// `join_authorised_via_users_server`), v11 (`origin`, `membership`,
/// `prev_state` dropped; create content kept; `third_party_invite.signed`).
#[test]
fn redact_every_version() {
    let member = r#"{"type":"m.room.member","state_key":"@a:domain","sender":"@a:domain","membership":"join","prev_state":[],"origin":"domain","unsigned":{"age":1},"extra":true,"content":{"membership":"join","displayname":"A","join_authorised_via_users_server":"@b:domain","third_party_invite":{"display_name":"x","signed":{"token":"t"}}}}"#;
    let create = r#"{"type":"m.room.create","state_key":"","content":{"creator":"@a:domain","room_version":"1","m.federate":false}}"#;
    let join_rules = r#"{"type":"m.room.join_rules","state_key":"","content":{"join_rule":"restricted","allow":[{"type":"m.room_membership","room_id":"!r:domain"}],"x":1}}"#;
    let mut cases = Vec::new();
    for v in VERSIONS {
        cases.push((
            op("redact", v, &message_signed(MESSAGE_SIG_V1)),
            ok(&message_redacted(MESSAGE_SIG_V1, v >= 11)),
        ));
        let member_content = match v {
            1..=8 => r#"{"membership":"join"}"#,
            9 | 10 => r#"{"join_authorised_via_users_server":"@b:domain","membership":"join"}"#,
            _ => {
                r#"{"join_authorised_via_users_server":"@b:domain","membership":"join","third_party_invite":{"signed":{"token":"t"}}}"#
            }
        };
        let member_top = if v >= 11 {
            ""
        } else {
            r#""membership":"join","origin":"domain","prev_state":[],"#
        };
        cases.push((
            op("redact", v, member),
            ok(&format!(
                r#"{{"content":{member_content},{member_top}"sender":"@a:domain","state_key":"@a:domain","type":"m.room.member"}}"#
            )),
        ));
        let create_content = if v >= 11 {
            r#"{"creator":"@a:domain","m.federate":false,"room_version":"1"}"#
        } else {
            r#"{"creator":"@a:domain"}"#
        };
        cases.push((
            op("redact", v, create),
            ok(&format!(
                r#"{{"content":{create_content},"state_key":"","type":"m.room.create"}}"#
            )),
        ));
        let join_rules_content = if v >= 8 {
            r#"{"allow":[{"room_id":"!r:domain","type":"m.room_membership"}],"join_rule":"restricted"}"#
        } else {
            r#"{"join_rule":"restricted"}"#
        };
        cases.push((
            op("redact", v, join_rules),
            ok(&format!(
                r#"{{"content":{join_rules_content},"state_key":"","type":"m.room.join_rules"}}"#
            )),
        ));
    }
    check_exact(&cases);
    check_errors(&[
        (op("redact", 10, r#"{"content":{}}"#), "missing_field"),
        (op("redact", 10, r#"{"type":"X"}"#), "missing_field"),
        (
            op("redact", 10, r#"{"type":1,"content":{}}"#),
            "invalid_event",
        ),
        (
            op("redact", 10, r#"{"type":"X","content":"x"}"#),
            "invalid_event",
        ),
        (op("redact", 10, r#"["type"]"#), "not_an_object"),
        (op("redact", 0, MINIMAL), "unsupported_room_version"),
        (r#"{"op":"redact","event":{}}"#.into(), "missing_field"),
        (
            r#"{"op":"redact","room_version":"1"}"#.into(),
            "missing_field",
        ),
        (
            r#"{"op":"redact","room_version":1,"event":{}}"#.into(),
            "bad_request",
        ),
    ]);
}

/// CJ-6: events of v1–v5 may hold numbers canonical JSON cannot express;
/// they are kept verbatim. From v6 they are errors of the parser's kind.
#[test]
fn number_rules_per_version() {
    let legacy = r#"{"type":"m.room.power_levels","depth":1.5,"content":{"ban":50.0,"kick":1e2,"users_default":9007199254740993,"x":-0}}"#;
    let mut cases = Vec::new();
    for v in 1..=5 {
        cases.push((
            op("redact", v, legacy),
            ok(
                r#"{"content":{"ban":50.0,"kick":1e2,"users_default":9007199254740993},"depth":1.5,"type":"m.room.power_levels"}"#,
            ),
        ));
        // SHA-256 of the bytes `{"content":{"ban":50.0,"kick":1e2,
        // "users_default":9007199254740993,"x":0},"depth":1.5,
        // "type":"m.room.power_levels"}` (Python's hashlib).
        cases.push((
            op("content_hash", v, legacy),
            ok_str("seQ9hELvx1g7SfHOB4veCL9OUpSlt6ZrjEMHmQEoAk4"),
        ));
    }
    check_exact(&cases);
    let mut errors = Vec::new();
    for v in 6..=12 {
        errors.push((op("redact", v, legacy), "float_not_allowed"));
        errors.push((
            op(
                "content_hash",
                v,
                r#"{"type":"X","content":{"n":9007199254740992}}"#,
            ),
            "integer_out_of_range",
        ));
        errors.push((
            op("event_id", v, r#"{"type":"X","content":{"n":-0}}"#),
            "negative_zero",
        ));
    }
    for v in VERSIONS {
        errors.push((
            op(
                "reference_hash",
                v,
                r#"{"type":"X","type":"X","content":{}}"#,
            ),
            "duplicate_key",
        ));
    }
    check_errors(&errors);
}

/// EVAL-1…EVAL-5: the spec's signed events verify; a changed content means
/// "use the redacted event"; wrong keys or versions mean invalid.
#[test]
fn verify_event_outcomes() {
    let mut cases = Vec::new();
    cases.push((
        verify(12, CREATE_V12),
        verified("valid", "match", CREATE_V12),
    ));
    cases.push((verify(12, JOIN_V12), verified("valid", "match", JOIN_V12)));
    for v in VERSIONS {
        let sig = sig_for(v, MESSAGE_SIG_V1, MESSAGE_SIG_V11);
        let signed = message_signed(sig);
        // EVAL-2: in v1 and v2 the server of `event_id` signs too; here it
        // is the sender's.
        cases.push((verify(v, &signed), verified("valid", "match", &signed)));
        // EVAL-5 (P1-26): a changed content still verifies, but the
        // redacted event is to be used.
        let changed = with(&signed, "content", json!({"body": "changed"}));
        cases.push((
            verify(v, &changed),
            verified("valid", "mismatch", &message_redacted(sig, v >= 11)),
        ));
        // The redacted copy itself verifies, and its hash does not match.
        cases.push((
            verify(v, &message_redacted(sig, v >= 11)),
            verified("valid", "mismatch", &message_redacted(sig, v >= 11)),
        ));
        // A missing content hash is a mismatch too.
        cases.push((
            verify(v, &with(&signed, "hashes", json!({}))),
            verified(
                "invalid",
                "mismatch",
                &message_redacted(sig, v >= 11).replace(
                    &format!(r#""hashes":{{"sha256":"{MESSAGE_HASH}"}}"#),
                    r#""hashes":{}"#,
                ),
            ),
        ));
        // The other rule set's signature does not hold (v11 drops `origin`).
        let wrong_rules = message_signed(sig_for(v, MESSAGE_SIG_V11, MESSAGE_SIG_V1));
        cases.push((
            verify(v, &wrong_rules),
            verified("invalid", "match", &wrong_rules),
        ));
        // Another server's key, an unknown key ID, no keys (EVAL-3, P1-22,
        // P1-23): never valid.
        let other = format!(r#"{{"domain":{{"ed25519:1":"{OTHER_KEY}"}}}}"#);
        let unknown = format!(r#"{{"domain":{{"ed25519:2":"{PUBLIC_KEY}"}}}}"#);
        let elsewhere = format!(r#"{{"other.example":{{"ed25519:1":"{PUBLIC_KEY}"}}}}"#);
        for keys in [other.as_str(), &unknown, &elsewhere, "{}"] {
            cases.push((
                verify_with(v, &signed, keys),
                verified("invalid", "match", &signed),
            ));
        }
        cases.push((
            verify_with(v, &changed, &other),
            verified("invalid", "mismatch", &message_redacted(sig, v >= 11)),
        ));
    }
    // The minimal event has no `event_id`: fine from v3.
    for v in 3..=12 {
        let signed = minimal_signed(sig_for(v, MINIMAL_SIG_V1, MINIMAL_SIG_V11));
        cases.push((verify(v, &signed), verified("valid", "match", &signed)));
    }
    // EVAL-2: in v1–v2 the event ID's server must sign as well.
    let elsewhere = message_signed(MESSAGE_SIG_V1).replace("$0:domain", "$0:other.example");
    for v in [1, 2] {
        cases.push((
            verify(v, &elsewhere),
            verified(
                "invalid",
                "mismatch",
                &elsewhere
                    .replace(
                        r#""content":{"body":"Here is the message content"}"#,
                        r#""content":{}"#,
                    )
                    .replace(r#","unsigned":{"age_ts":1000000}"#, ""),
            ),
        ));
    }
    check_exact(&cases);
}

#[test]
fn verify_event_rejects_malformed_input() {
    let signed = message_signed(MESSAGE_SIG_V1);
    let keys = |k: &str| verify_with(10, &signed, k);
    check_errors(&[
        (verify(10, &without(&signed, "sender")), "missing_field"),
        (
            verify(10, &with(&signed, "sender", json!("nope"))),
            "invalid_identifier",
        ),
        (verify(1, &without(&signed, "event_id")), "missing_field"),
        (
            verify(2, &with(&signed, "event_id", json!("$abc"))),
            "invalid_identifier",
        ),
        // EVAL-4: from v5, key validity is checked at `origin_server_ts`.
        (
            verify(5, &without(&signed, "origin_server_ts")),
            "missing_field",
        ),
        (
            verify(10, &with(&signed, "signatures", json!([]))),
            "invalid_signature",
        ),
        (verify(10, &without(&signed, "type")), "missing_field"),
        (keys(r#"{"bad server":{}}"#), "invalid_identifier"),
        (keys(r#"{"domain":{"ed25519:1":"c2ln"}}"#), "invalid_key"),
        (
            keys(r#"{"domain":{"curve25519:1":"c2ln"}}"#),
            "unsupported_algorithm",
        ),
        (
            keys(r#"{"domain":{"nocolon":"c2ln"}}"#),
            "invalid_identifier",
        ),
        (keys(r#"{"domain":[]}"#), "bad_request"),
        (keys(r#"{"domain":{"ed25519:1":1}}"#), "bad_request"),
        (keys(r#"{"domain":{},"domain":{}}"#), "duplicate_key"),
        (keys("[]"), "not_an_object"),
        (op("verify_event", 10, &signed), "missing_field"),
    ]);
    // Before v5 key validity is not checked, so no timestamp is needed; the
    // signature covered it, so it no longer holds.
    let no_ts = without(&signed, "origin_server_ts");
    let lines = run(&[verify(4, &no_ts)]);
    let got: Value = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(got["ok"]["signatures"], "invalid");
    assert_eq!(got["ok"]["content_hash"], "mismatch");
}

/// What `sign_event` writes, `verify_event` accepts, in every room version;
/// any change of the content then reads as a hash mismatch.
#[test]
fn sign_then_verify_every_version() {
    let event = |v: u32| {
        let mut event = json!({
            "type": "m.room.message", "room_id": "!r:domain", "sender": "@u:domain",
            "content": {"body": "hi", "msgtype": "m.text"}, "origin_server_ts": 5,
            "depth": 1, "prev_events": [], "auth_events": [], "unsigned": {"age": 1},
        });
        if v <= 2 {
            event["event_id"] = json!("$e:domain");
        }
        event.to_string()
    };
    let signed = run(&VERSIONS.map(|v| sign(v, &event(v))).collect::<Vec<_>>());
    let signed: Vec<String> = signed
        .iter()
        .map(|line| {
            let got: Value = serde_json::from_str(line).unwrap();
            got["ok"].to_string()
        })
        .collect();
    let mut requests = Vec::new();
    for (v, event) in VERSIONS.zip(&signed) {
        requests.push(verify(v, event));
        requests.push(verify(v, &with(event, "content", json!({"body": "hi"}))));
    }
    let lines = run(&requests);
    for (i, v) in VERSIONS.enumerate() {
        let got: Value = serde_json::from_str(&lines[2 * i]).unwrap();
        assert_eq!(got["ok"]["signatures"], "valid", "v{v}");
        assert_eq!(got["ok"]["content_hash"], "match", "v{v}");
        assert_eq!(got["ok"]["event"].to_string(), signed[i], "v{v}");
        let got: Value = serde_json::from_str(&lines[2 * i + 1]).unwrap();
        assert_eq!(got["ok"]["signatures"], "valid", "v{v}");
        assert_eq!(got["ok"]["content_hash"], "mismatch", "v{v}");
        assert_eq!(got["ok"]["event"]["content"], json!({}), "v{v}");
    }
}
