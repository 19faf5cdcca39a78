//! `mxp batch` end to end: the binary is spawned and fed request lines
//! (PROTOCOL.md).

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use serde_json::{Value, json};

const V12_ROOM: &str = "!Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ";
const V3_EVENT: &str = "$acR1l0raoZnm60CBwAVgqbZqoO/mYU81xysh1u7XcJk";
const V4_EVENT: &str = "$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg";
const AMBIGUOUS: &str = "$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";

/// Runs `mxp batch` on `input` and returns its output lines and exit status.
fn run(input: &[u8]) -> (Vec<String>, i32) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mxp"))
        .arg("batch")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.is_empty() || text.ends_with('\n'));
    (
        text.lines().map(str::to_owned).collect(),
        output.status.code().unwrap_or(-1),
    )
}

/// Sends each request (a JSON value, or raw text when a string starting
/// with `raw:`) and checks each response.
fn check(cases: &[(Value, Value)]) {
    let mut input = String::new();
    for (request, _) in cases {
        match request.as_str().and_then(|s| s.strip_prefix("raw:")) {
            Some(raw) => input.push_str(raw),
            None => input.push_str(&request.to_string()),
        }
        input.push('\n');
    }
    let (lines, status) = run(input.as_bytes());
    assert_eq!(status, 0);
    assert_eq!(lines.len(), cases.len(), "one response per request line");
    for ((request, expected), line) in cases.iter().zip(&lines) {
        let got: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        assert_eq!(&got, expected, "request {request}");
    }
}

fn parse_id(kind: &str, input: &str) -> Value {
    json!({"op": "parse_id", "kind": kind, "input": input})
}

fn with(mut request: Value, key: &str, value: Value) -> Value {
    request[key] = value;
    request
}

/// A check of one response.
type Expect = Box<dyn Fn(&Value) -> bool>;

fn error_kind(kind: &str) -> impl Fn(&Value) -> bool + '_ {
    move |v: &Value| v["error"]["kind"] == kind && v["error"]["message"].is_string()
}

/// Like `check`, but the expected side is a predicate (error messages are
/// free text).
fn check_with(cases: Vec<(Value, Expect)>) {
    let input: String = cases.iter().map(|(r, _)| format!("{r}\n")).collect();
    let (lines, status) = run(input.as_bytes());
    assert_eq!(status, 0);
    assert_eq!(lines.len(), cases.len());
    for ((request, ok), line) in cases.iter().zip(&lines) {
        let got: Value = serde_json::from_str(line).unwrap();
        assert!(ok(&got), "request {request} got {got}");
    }
}

#[test]
fn parse_id_every_kind_ok() {
    check(&[
        (
            parse_id("user_id", "@alice:example.org"),
            json!({"ok": {"localpart": "alice", "server_name": "example.org", "historical": false}}),
        ),
        (
            parse_id("user_id", "@Alice:example.org"),
            json!({"ok": {"localpart": "Alice", "server_name": "example.org", "historical": true}}),
        ),
        (
            with(
                parse_id("user_id", "@alice:example.org"),
                "strict",
                json!(true),
            ),
            json!({"ok": {"localpart": "alice", "server_name": "example.org", "historical": false}}),
        ),
        (
            with(parse_id("user_id", "@:example.org"), "strict", json!(false)),
            json!({"ok": {"localpart": "", "server_name": "example.org", "historical": true}}),
        ),
        (
            parse_id("room_id", "!abc:example.org:8448"),
            json!({"ok": {"localpart": "abc", "server_name": "example.org:8448"}}),
        ),
        (
            parse_id("room_id", V12_ROOM),
            json!({"ok": {"hash": &V12_ROOM[1..]}}),
        ),
        (
            parse_id("event_id", "$ev:example.org"),
            json!({"ok": {"localpart": "ev", "server_name": "example.org"}}),
        ),
        (
            parse_id("event_id", V3_EVENT),
            json!({"ok": {"hash": &V3_EVENT[1..]}}),
        ),
        (
            parse_id("event_id", V4_EVENT),
            json!({"ok": {"hash": &V4_EVENT[1..]}}),
        ),
        (
            parse_id("room_alias", "#room:example.org"),
            json!({"ok": {"localpart": "room", "server_name": "example.org"}}),
        ),
        (
            parse_id("server_name", "example.org"),
            json!({"ok": {"host": "example.org", "host_kind": "dns"}}),
        ),
        (
            parse_id("server_name", "1.2.3.4:80"),
            json!({"ok": {"host": "1.2.3.4", "port": 80, "host_kind": "ipv4"}}),
        ),
        (
            parse_id("server_name", "[1234:5678::abcd]:5678"),
            json!({"ok": {"host": "[1234:5678::abcd]", "port": 5678, "host_kind": "ipv6"}}),
        ),
        (
            parse_id("device_id", "ABCDEFGHIJ"),
            json!({"ok": {"device_id": "ABCDEFGHIJ"}}),
        ),
        (
            parse_id("key_id", "ed25519:abc123"),
            json!({"ok": {"algorithm": "ed25519", "version": "abc123"}}),
        ),
        (
            parse_id("key_id", "ed25519:i+b2"),
            json!({"ok": {"algorithm": "ed25519", "version": "i+b2"}}),
        ),
        (
            parse_id("mxc_uri", "mxc://example.org/SEsfnsuifSDFSSEF"),
            json!({"ok": {"server_name": "example.org", "media_id": "SEsfnsuifSDFSSEF"}}),
        ),
        (
            parse_id(
                "matrix_uri",
                "matrix:roomid/somewhere:example.org/e/event:example.org?via=elsewhere.ca&action=join",
            ),
            json!({"ok": {"kind": "room_id", "id": "!somewhere:example.org", "event_id": "$event:example.org", "via": ["elsewhere.ca"], "action": "join"}}),
        ),
        (
            parse_id("matrix_uri", "matrix:u/alice:example.org?action=chat"),
            json!({"ok": {"kind": "user", "id": "@alice:example.org", "via": [], "action": "chat"}}),
        ),
        (
            parse_id("matrix_uri", "matrix:r/somewhere:example.org"),
            json!({"ok": {"kind": "room_alias", "id": "#somewhere:example.org", "via": []}}),
        ),
        (
            parse_id(
                "matrix_to",
                "https://matrix.to/#/%21somewhere%3Aexample.org/%24event%3Aexample.org?via=elsewhere.ca",
            ),
            json!({"ok": {"kind": "room_id", "id": "!somewhere:example.org", "event_id": "$event:example.org", "via": ["elsewhere.ca"]}}),
        ),
        (
            parse_id("matrix_to", "https://matrix.to/#/@alice:example.org"),
            json!({"ok": {"kind": "user", "id": "@alice:example.org", "via": []}}),
        ),
        (
            parse_id("room_version_id", "org.matrix.hydra.11"),
            json!({"ok": {"room_version_id": "org.matrix.hydra.11"}}),
        ),
    ]);
}

#[test]
fn parse_id_every_kind_rejects() {
    let invalid = || -> Expect { Box::new(error_kind("invalid_identifier")) };
    check_with(vec![
        (parse_id("user_id", "alice"), invalid()),
        (
            with(
                parse_id("user_id", "@Alice:example.org"),
                "strict",
                json!(true),
            ),
            invalid(),
        ),
        (
            with(parse_id("user_id", "@:example.org"), "strict", json!(true)),
            invalid(),
        ),
        (
            parse_id("user_id", &format!("@{}:a", "é".repeat(128))),
            invalid(),
        ),
        (parse_id("room_id", "!abc"), invalid()),
        (parse_id("event_id", "$abc"), invalid()),
        (parse_id("room_alias", "#room"), invalid()),
        (parse_id("server_name", "example.org:99999"), invalid()),
        (parse_id("server_name", ":8448"), invalid()),
        (parse_id("server_name", "[::1"), invalid()),
        (parse_id("device_id", "has space"), invalid()),
        (parse_id("key_id", "ed25519"), invalid()),
        (
            with(parse_id("key_id", "ed25519:i+b2"), "strict", json!(true)),
            invalid(),
        ),
        (
            parse_id(
                "mxc_uri",
                "mxc://127.0.0.1/../../../some_service/etc/passwd",
            ),
            invalid(),
        ),
        (parse_id("matrix_uri", "matrix:x/a:b"), invalid()),
        (
            parse_id("matrix_to", "https://matrix.to/#/%2Bexample%3Aexample.org"),
            invalid(),
        ),
        (parse_id("room_version_id", "V1"), invalid()),
    ]);
}

#[test]
fn parse_id_room_version_decides_the_form() {
    let mut cases: Vec<(Value, Expect)> = Vec::new();
    let ok = || -> Expect { Box::new(|v: &Value| v.get("ok").is_some()) };
    let bad = || -> Expect { Box::new(error_kind("invalid_identifier")) };
    for v in 1..=12 {
        let rv = json!(v.to_string());
        let room = |input: &str| with(parse_id("room_id", input), "room_version", rv.clone());
        let event = |input: &str| with(parse_id("event_id", input), "room_version", rv.clone());
        // WF-RID-1 / WF-RID-2 (P1-07)
        cases.push((room("!a:example.org"), if v < 12 { ok() } else { bad() }));
        cases.push((room(V12_ROOM), if v < 12 { bad() } else { ok() }));
        // WF-EID-1 / WF-EID-2 / WF-EID-3
        cases.push((event("$a:example.org"), if v <= 2 { ok() } else { bad() }));
        cases.push((event(V3_EVENT), if v == 3 { ok() } else { bad() }));
        cases.push((event(V4_EVENT), if v >= 4 { ok() } else { bad() }));
        cases.push((event(AMBIGUOUS), if v >= 3 { ok() } else { bad() }));
    }
    // Unknown versions are refused whatever the kind.
    cases.push((
        with(parse_id("room_id", "!a:b"), "room_version", json!("99")),
        Box::new(error_kind("unsupported_room_version")),
    ));
    cases.push((
        with(parse_id("user_id", "@a:b"), "room_version", json!("V1")),
        Box::new(error_kind("unsupported_room_version")),
    ));
    cases.push((
        with(parse_id("user_id", "@a:b"), "room_version", json!("11")),
        ok(),
    ));
    check_with(cases);
}

#[test]
fn bad_lines_get_errors_and_the_loop_goes_on() {
    let kind = |k: &'static str| -> Expect { Box::new(error_kind(k)) };
    let input = concat!(
        "not json\n",
        "\n",
        "{\"op\":\"parse_id\"\n",
        "[1,2]\n",
        "\"a string\"\n",
        "{}\n",
        "{\"op\":42}\n",
        "{\"op\":\"parse_id\",\"op\":\"parse_id\",\"kind\":\"user_id\",\"input\":\"@a:b\"}\n",
        "{\"op\":\"parse_id\",\"input\":\"@a:b\"}\n",
        "{\"op\":\"parse_id\",\"kind\":\"user_id\"}\n",
        "{\"op\":\"parse_id\",\"kind\":\"user_id\",\"input\":7}\n",
        "{\"op\":\"parse_id\",\"kind\":\"user_id\",\"input\":\"@a:b\",\"strict\":\"yes\"}\n",
        "{\"op\":\"parse_id\",\"kind\":\"galaxy_id\",\"input\":\"x\"}\n",
        "{\"op\":\"parse_id\",\"kind\":\"user_id\",\"input\":\"@a:b\"} trailing\n",
        "{\"op\":\"parse_id\",\"kind\":\"user_id\",\"input\":\"@a:b\"}\n",
    );
    let expected: Vec<Expect> = vec![
        kind("invalid_json"),
        kind("invalid_json"),
        kind("invalid_json"),
        kind("bad_request"),
        kind("bad_request"),
        kind("missing_field"),
        kind("bad_request"),
        kind("duplicate_key"),
        kind("missing_field"),
        kind("missing_field"),
        kind("bad_request"),
        kind("bad_request"),
        kind("bad_request"),
        kind("invalid_json"),
        Box::new(|v: &Value| v["ok"]["localpart"] == "a"),
    ];
    let (lines, status) = run(input.as_bytes());
    assert_eq!(status, 0);
    assert_eq!(lines.len(), expected.len());
    for (i, (line, ok)) in lines.iter().zip(&expected).enumerate() {
        let got: Value = serde_json::from_str(line).unwrap();
        assert!(ok(&got), "line {i}: {got}");
    }
}

#[test]
fn invalid_utf8_and_missing_final_newline() {
    let mut input = b"{\"op\":\"parse_id\",\"kind\":\"user_id\",\"input\":\"@\xff:b\"}\n".to_vec();
    input.extend_from_slice(br#"{"op":"parse_id","kind":"device_id","input":"D","id":9}"#);
    let (lines, status) = run(&input);
    assert_eq!(status, 0);
    assert_eq!(lines.len(), 2);
    let first: Value = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(first["error"]["kind"], "invalid_json");
    let second: Value = serde_json::from_str(&lines[1]).unwrap();
    assert_eq!(second, json!({"id": 9, "ok": {"device_id": "D"}}));
}

#[test]
fn ids_are_echoed_whatever_their_type() {
    check(&[
        (
            with(parse_id("device_id", "D"), "id", json!(1)),
            json!({"id": 1, "ok": {"device_id": "D"}}),
        ),
        (
            with(parse_id("device_id", "D"), "id", json!("abc")),
            json!({"id": "abc", "ok": {"device_id": "D"}}),
        ),
        (
            with(parse_id("device_id", "D"), "id", json!({"n": [1, null]})),
            json!({"id": {"n": [1, null]}, "ok": {"device_id": "D"}}),
        ),
        (
            with(parse_id("device_id", "bad id"), "id", json!(2)),
            json!({"id": 2, "error": {"kind": "invalid_identifier", "message": "invalid device ID: invalid character ' ' at byte 3"}}),
        ),
        (
            json!({"id": 3}),
            json!({"id": 3, "error": {"kind": "missing_field", "message": "missing field `op`"}}),
        ),
        (
            json!({"id": 4, "op": "frobnicate"}),
            json!({"id": 4, "error": {"kind": "unsupported_op", "message": "unsupported op \"frobnicate\""}}),
        ),
        (
            json!({"op": "parse_id", "kind": "device_id", "input": "D", "id": null}),
            json!({"id": null, "ok": {"device_id": "D"}}),
        ),
    ]);
}

#[test]
fn unsupported_ops() {
    let ops = ["frobnicate", "", "PARSE_ID", "parse-id", "parse_id "];
    let cases: Vec<(Value, Value)> = ops
        .iter()
        .enumerate()
        .map(|(i, op)| {
            (
                json!({"op": op, "id": i}),
                json!({"id": i, "error": {"kind": "unsupported_op", "message": format!("unsupported op {op:?}")}}),
            )
        })
        .collect();
    check(&cases);
}

#[test]
fn responses_keep_request_order() {
    let mut input = String::new();
    let mut expected = Vec::new();
    for i in 0..2000 {
        let device = format!("D{i}");
        let req = if i % 3 == 0 {
            json!({"op": "nope", "id": i})
        } else {
            json!({"op": "parse_id", "kind": "device_id", "input": device, "id": i})
        };
        input.push_str(&format!("{req}\n"));
        expected.push(i);
    }
    let (lines, status) = run(input.as_bytes());
    assert_eq!(status, 0);
    let ids: Vec<i64> = lines
        .iter()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_i64()
                .unwrap()
        })
        .collect();
    assert_eq!(ids, expected);
    for (i, line) in lines.iter().enumerate() {
        let v: Value = serde_json::from_str(line).unwrap();
        if i % 3 != 0 {
            assert_eq!(v["ok"]["device_id"], format!("D{i}"));
        }
    }
}

#[test]
fn each_response_is_flushed_before_the_next_request() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mxp"))
        .arg("batch")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    for i in 0..5 {
        writeln!(
            stdin,
            "{}",
            json!({"op": "parse_id", "kind": "device_id", "input": "D", "id": i})
        )
        .unwrap();
        stdin.flush().unwrap();
        // Blocks until the response arrives: it would hang if unflushed.
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["id"], i);
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

#[test]
fn empty_input_exits_zero_with_no_output() {
    let (lines, status) = run(b"");
    assert_eq!((lines.len(), status), (0, 0));
}

#[test]
fn overlong_lines_are_skipped_in_process() {
    let mut input = format!("{}\n", "x".repeat(100)).into_bytes();
    input.extend_from_slice(br#"{"op":"parse_id","kind":"device_id","input":"D"}"#);
    input.push(b'\n');
    input.extend_from_slice("y".repeat(500).as_bytes());
    let mut out = Vec::new();
    mxp_cli::run_batch_with_max_line(&input[..], &mut out, 64).unwrap();
    let lines: Vec<Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["error"]["kind"], "too_large");
    assert_eq!(lines[1]["ok"]["device_id"], "D");
    assert_eq!(lines[2]["error"]["kind"], "too_large");
}
