//! `mxp batch` ops `canonical_json`, `sign_json` and `verify_json`, end to
//! end: the binary is spawned and its response lines compared exactly.
//!
//! Vectors: the spec's canonical JSON test values (`CJ-1`…`CJ-5`) and JSON
//! signing vectors (`SIG-1`), copied from the workspace's spec digest
//! (wire formats §4 and §7.1).

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

/// The spec's signing key seed, server name and key ID (§7.1).
const SEED: &str = "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1";
/// Its public key (§7.2).
const PUBLIC_KEY: &str = "XGX0JRS2Af3be3knz2fBiRbApjm2Dh61gXDJA8kcJNI";
const SIG_EMPTY: &str =
    "K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ";
const SIG_ONE_TWO: &str =
    "KqmLSbO39/Bzb0QIYE82zqLwsA+PDzYIpIRA2sRQ4sL53+sN6/fpNSoqE7BP7vBZhG6kYdD13EIMJpvhJI+6Bw";

/// Runs `mxp batch` on the requests; returns the response lines. A request
/// that is a string starting with `raw:` is sent as the text after it (to
/// keep duplicate keys and number forms that a `Value` would lose).
fn run(requests: &[Value]) -> Vec<String> {
    let input: String = requests
        .iter()
        .map(|r| match r.as_str().and_then(|s| s.strip_prefix("raw:")) {
            Some(raw) => format!("{raw}\n"),
            None => format!("{r}\n"),
        })
        .collect();
    run_text(&input)
}

fn run_text(input: &str) -> Vec<String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mxp"))
        .arg("batch")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.as_bytes().to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    text.lines().map(str::to_owned).collect()
}

/// Runs the requests and checks each response line is exactly `expected`.
fn check_exact(cases: &[(Value, String)]) {
    let requests: Vec<Value> = cases.iter().map(|(r, _)| r.clone()).collect();
    let lines = run(&requests);
    assert_eq!(lines.len(), cases.len());
    for ((request, expected), line) in cases.iter().zip(&lines) {
        assert_eq!(line, expected, "request {request}");
    }
}

/// Runs the requests and checks each fails with the given kind and a
/// message.
fn check_errors(cases: &[(Value, &str)]) {
    let requests: Vec<Value> = cases.iter().map(|(r, _)| r.clone()).collect();
    let lines = run(&requests);
    assert_eq!(lines.len(), cases.len());
    for ((request, kind), line) in cases.iter().zip(&lines) {
        let got: Value = serde_json::from_str(line).unwrap();
        assert_eq!(got["error"]["kind"], *kind, "request {request}: {line}");
        assert!(got["error"]["message"].is_string(), "{line}");
        assert_eq!(got.as_object().unwrap().len(), 1, "{line}");
    }
}

fn canonical(input: &str) -> Value {
    json!({"op": "canonical_json", "input": input})
}

/// A `sign_json` request for the object's exact text, with the spec's key.
fn sign(object: &str) -> Value {
    Value::String(format!(
        r#"raw:{{"op":"sign_json","json":{object},"server_name":"domain","key_id":"ed25519:1","seed":"{SEED}"}}"#
    ))
}

/// A `sign_json` request of `{}` as a value, to change fields of.
fn sign_empty() -> Value {
    json!({"op": "sign_json", "json": {}, "server_name": "domain", "key_id": "ed25519:1", "seed": SEED})
}

fn verify(object: Value) -> Value {
    json!({"op": "verify_json", "json": object, "server_name": "domain",
        "key_id": "ed25519:1", "public_key": PUBLIC_KEY})
}

fn with(mut request: Value, key: &str, value: Value) -> Value {
    request[key] = value;
    request
}

fn ok_string(s: &str) -> String {
    format!("{{\"ok\":{}}}", Value::from(s))
}

/// CJ-1…CJ-5: the spec's test values, byte for byte.
#[test]
fn canonical_json_spec_values() {
    let nested = r#"{
        "auth": {
            "success": true,
            "mxid": "@john.doe:example.com",
            "profile": {
                "display_name": "John Doe",
                "three_pids": [
                    {"medium": "email", "address": "john.doe@example.org"},
                    {"medium": "msisdn", "address": "123456789"}
                ]
            }
        }
    }"#;
    let cases = [
        ("{}", "{}"),
        (r#"{ "one": 1, "two": "Two" }"#, r#"{"one":1,"two":"Two"}"#),
        (r#"{ "b": "2", "a": "1" }"#, r#"{"a":"1","b":"2"}"#),
        (r#"{"b":"2","a":"1"}"#, r#"{"a":"1","b":"2"}"#),
        (r#"{ "a": "日本語" }"#, r#"{"a":"日本語"}"#),
        (r#"{ "本": 2, "日": 1 }"#, r#"{"日":1,"本":2}"#),
        (r#"{ "a": "\u65E5" }"#, r#"{"a":"日"}"#),
        (r#"{ "a": null }"#, r#"{"a":null}"#),
        // CJ-3, the spec's own example: integral values in any form.
        (r#"{ "a": -0, "b": 1e10 }"#, r#"{"a":0,"b":10000000000}"#),
        (
            nested,
            r#"{"auth":{"mxid":"@john.doe:example.com","profile":{"display_name":"John Doe","three_pids":[{"address":"john.doe@example.org","medium":"email"},{"address":"123456789","medium":"msisdn"}]},"success":true}}"#,
        ),
    ];
    let cases: Vec<(Value, String)> = cases
        .iter()
        .map(|(input, output)| (canonical(input), ok_string(output)))
        .collect();
    check_exact(&cases);
}

/// CJ-2 (code point order), CJ-3 (range bounds, integral forms), CJ-4
/// (escapes), CJ-5 (literals, array order), on more inputs.
#[test]
fn canonical_json_edge_cases() {
    let cases = [
        (
            "{\"a\": \"\\u0000\\u0001\\u0007\\b\\t\\n\\u000B\\f\\r\\u000e\\u001F\u{7f}\"}",
            "{\"a\":\"\\u0000\\u0001\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u001f\u{7f}\"}",
        ),
        (r#"{"a": "\"\\\/"}"#, r#"{"a":"\"\\/"}"#),
        ("{\"a\": \"é\u{2028}😀\"}", "{\"a\":\"é\u{2028}😀\"}"),
        (
            r#"{"\ufffd":1,"😀":2,"B":3,"a":4,"é":5,"":6}"#,
            "{\"\":6,\"B\":3,\"a\":4,\"é\":5,\"\u{fffd}\":1,\"😀\":2}",
        ),
        (
            r#"{"a":[1,-1,0,9007199254740991,-9007199254740991]}"#,
            r#"{"a":[1,-1,0,9007199254740991,-9007199254740991]}"#,
        ),
        (
            r#"{"e":[],"d":{},"c":null,"b":false,"a":true}"#,
            r#"{"a":true,"b":false,"c":null,"d":{},"e":[]}"#,
        ),
        (r#"[3, 1, 2]"#, "[3,1,2]"),
        (r#""x""#, r#""x""#),
        ("1.0", "1"),
        ("2.50e1", "25"),
        ("-0.0", "0"),
        ("9007199254740991", "9007199254740991"),
    ];
    let cases: Vec<(Value, String)> = cases
        .iter()
        .map(|(input, output)| (canonical(input), ok_string(output)))
        .collect();
    check_exact(&cases);
}

#[test]
fn canonical_json_rejects_what_canonical_json_cannot_hold() {
    let deep = format!("{}{}", "[".repeat(129), "]".repeat(129));
    check_errors(&[
        (canonical("{"), "invalid_json"),
        (canonical(""), "invalid_json"),
        (canonical("{'a': 1}"), "invalid_json"),
        (canonical(r#"{"a":1,"a":2}"#), "duplicate_key"),
        (canonical(r#"{"a":{"b":1,"b":1}}"#), "duplicate_key"),
        (canonical(r#"{"a":1.5}"#), "float_not_allowed"),
        (canonical(r#"{"a":1e-1}"#), "float_not_allowed"),
        (
            canonical(r#"{"a":9007199254740992}"#),
            "integer_out_of_range",
        ),
        (
            canonical(r#"{"a":-9007199254740992}"#),
            "integer_out_of_range",
        ),
        (canonical(r#"{"a":1e16}"#), "integer_out_of_range"),
        (canonical(r#"{"a":NaN}"#), "non_finite_number"),
        (canonical(r#"{"a":"\ud800"}"#), "lone_surrogate"),
        (canonical("{} {}"), "trailing_data"),
        (canonical(&deep), "too_deep"),
        (
            json!({"op": "canonical_json", "input": {"a": 1}}),
            "bad_request",
        ),
        (json!({"op": "canonical_json"}), "missing_field"),
    ]);
}

/// SIG-1: the spec's JSON signing vectors, answered as canonical JSON.
#[test]
fn sign_json_spec_vectors() {
    check_exact(&[
        (
            sign("{}"),
            format!(r#"{{"ok":{{"signatures":{{"domain":{{"ed25519:1":"{SIG_EMPTY}"}}}}}}}}"#),
        ),
        (
            sign(r#"{"two": "Two", "one": 1}"#),
            format!(
                r#"{{"ok":{{"one":1,"signatures":{{"domain":{{"ed25519:1":"{SIG_ONE_TWO}"}}}},"two":"Two"}}}}"#
            ),
        ),
        // SIG-1: `unsigned` and existing signatures are not covered, and are
        // kept; another server's signature stays next to ours.
        (
            sign(
                r#"{"one":1,"two":"Two","unsigned":{"age":5},"signatures":{"other":{"ed25519:x":"c2ln"}}}"#,
            ),
            format!(
                r#"{{"ok":{{"one":1,"signatures":{{"domain":{{"ed25519:1":"{SIG_ONE_TWO}"}},"other":{{"ed25519:x":"c2ln"}}}},"two":"Two","unsigned":{{"age":5}}}}}}"#
            ),
        ),
        // A previous signature under the same key ID is replaced.
        (
            sign(r#"{"signatures":{"domain":{"ed25519:1":"b2xk","ed25519:2":"b2xk"}}}"#),
            format!(
                r#"{{"ok":{{"signatures":{{"domain":{{"ed25519:1":"{SIG_EMPTY}","ed25519:2":"b2xk"}}}}}}}}"#
            ),
        ),
    ]);
}

#[test]
fn sign_json_rejects_bad_fields() {
    let base = sign_empty();
    check_errors(&[
        (
            with(base.clone(), "seed", json!("not base64!")),
            "invalid_key",
        ),
        (with(base.clone(), "seed", json!("c2VlZA")), "invalid_key"),
        (
            with(base.clone(), "key_id", json!("curve25519:1")),
            "unsupported_algorithm",
        ),
        (
            with(base.clone(), "key_id", json!("ed25519")),
            "invalid_identifier",
        ),
        // WF-KEY-2: keys we sign with have versions of [a-zA-Z0-9_].
        (
            with(base.clone(), "key_id", json!("ed25519:a+b")),
            "invalid_identifier",
        ),
        (
            with(base.clone(), "server_name", json!("bad server")),
            "invalid_identifier",
        ),
        (with(base.clone(), "server_name", json!(7)), "bad_request"),
        (with(base.clone(), "json", json!([1])), "not_an_object"),
        (
            with(base.clone(), "json", json!({"signatures": []})),
            "invalid_signature",
        ),
        (
            with(base.clone(), "json", json!({"signatures": {"domain": 1}})),
            "invalid_signature",
        ),
        (sign(r#"{"a":1,"a":1}"#), "duplicate_key"),
        // Signed data is read strictly: no rewriting of number forms.
        (sign(r#"{"a":1e10}"#), "float_not_allowed"),
        (sign(r#"{"a":-0}"#), "negative_zero"),
        (sign(r#"{"a":9007199254740992}"#), "integer_out_of_range"),
        (
            json!({"op": "sign_json", "server_name": "domain", "key_id": "ed25519:1", "seed": SEED}),
            "missing_field",
        ),
        (
            json!({"op": "sign_json", "json": {}, "key_id": "ed25519:1", "seed": SEED}),
            "missing_field",
        ),
        (
            json!({"op": "sign_json", "json": {}, "server_name": "domain", "seed": SEED}),
            "missing_field",
        ),
        (
            json!({"op": "sign_json", "json": {}, "server_name": "domain", "key_id": "ed25519:1"}),
            "missing_field",
        ),
    ]);
}

/// SIG-3: `true` only when the server signed with that key and the
/// signature verifies.
#[test]
fn verify_json_answers_true_or_false() {
    let signed = json!({"one": 1, "two": "Two",
        "signatures": {"domain": {"ed25519:1": SIG_ONE_TWO}}});
    let mut tampered = signed.clone();
    tampered["two"] = json!("Three");
    let mut with_unsigned = signed.clone();
    with_unsigned["unsigned"] = json!({"age": 1});
    let mut with_others = signed.clone();
    with_others["signatures"]["domain"]["ed25519:2"] = json!("not base64!");
    with_others["signatures"]["other"] = json!({"ed25519:1": "bad"});
    let mut flipped = signed.clone();
    flipped["signatures"]["domain"]["ed25519:1"] = json!(SIG_ONE_TWO.replace('K', "L"));
    let other_key = "Ux0EBu6UZLkhzvdJ8HdhTymbrN84Y6ePrw3ZfNpVB2M";
    let mut with_id = verify(signed.clone());
    with_id["id"] = json!("v");
    check_exact(&[
        (verify(signed.clone()), r#"{"ok":true}"#.into()),
        (
            verify(json!({"signatures": {"domain": {"ed25519:1": SIG_EMPTY}}})),
            r#"{"ok":true}"#.into(),
        ),
        // SIG-1: `unsigned` is not covered.
        (verify(with_unsigned), r#"{"ok":true}"#.into()),
        // Unknown keys and other servers are not looked at.
        (verify(with_others), r#"{"ok":true}"#.into()),
        (verify(tampered), r#"{"ok":false}"#.into()),
        (verify(flipped), r#"{"ok":false}"#.into()),
        // SIG-3 step 1: not signed by the server.
        (
            verify(json!({"one": 1, "two": "Two"})),
            r#"{"ok":false}"#.into(),
        ),
        (
            with(verify(signed.clone()), "server_name", json!("other")),
            r#"{"ok":false}"#.into(),
        ),
        // SIG-3 step 3: signed, but not with this key ID (P1-22: never
        // valid with zero signatures checked).
        (
            with(verify(signed.clone()), "key_id", json!("ed25519:2")),
            r#"{"ok":false}"#.into(),
        ),
        // A different public key.
        (
            with(verify(signed.clone()), "public_key", json!(other_key)),
            r#"{"ok":false}"#.into(),
        ),
        (with_id, r#"{"id":"v","ok":true}"#.into()),
    ]);
}

#[test]
fn verify_json_malformed_input_is_an_error() {
    let signed = json!({"signatures": {"domain": {"ed25519:1": SIG_EMPTY}}});
    check_errors(&[
        (
            verify(json!({"signatures": {"domain": {"ed25519:1": "not base64!"}}})),
            "invalid_signature",
        ),
        (
            verify(json!({"signatures": {"domain": {"ed25519:1": "c2ln"}}})),
            "invalid_signature",
        ),
        (
            verify(json!({"signatures": {"domain": {"ed25519:1": 5}}})),
            "invalid_signature",
        ),
        (
            verify(json!({"signatures": {"domain": "x"}})),
            "invalid_signature",
        ),
        (verify(json!({"signatures": "x"})), "invalid_signature"),
        (verify(json!("x")), "not_an_object"),
        (
            with(verify(signed.clone()), "public_key", json!("c2ln")),
            "invalid_key",
        ),
        (
            with(verify(signed.clone()), "key_id", json!("curve25519:1")),
            "unsupported_algorithm",
        ),
        (
            with(verify(signed.clone()), "key_id", json!(":")),
            "invalid_identifier",
        ),
        (
            with(verify(signed.clone()), "server_name", json!("")),
            "invalid_identifier",
        ),
        (
            json!({"op": "verify_json", "json": signed, "server_name": "domain", "key_id": "ed25519:1"}),
            "missing_field",
        ),
    ]);
    let raw = format!(
        r#"{{"op":"verify_json","json":{{"a":1.5,"signatures":{{}}}},"server_name":"domain","key_id":"ed25519:1","public_key":"{PUBLIC_KEY}"}}"#
    );
    let lines = run_text(&format!("{raw}\n"));
    assert!(
        lines[0].starts_with(r#"{"error":{"kind":"float_not_allowed""#),
        "{}",
        lines[0]
    );
}

/// What `sign_json` writes, `verify_json` accepts.
#[test]
fn sign_then_verify() {
    let objects = [
        r#"{}"#,
        r#"{"nested":{"b":[1,2,{"c":null}],"a":"日本"},"n":-9007199254740991}"#,
        r#"{"unsigned":{"x":1},"signatures":{"a.example":{"ed25519:0":"b2xk"}}}"#,
    ];
    let requests: Vec<Value> = objects.iter().map(|o| sign(o)).collect();
    let signed = run(&requests);
    let verifications: Vec<Value> = signed
        .iter()
        .map(|line| {
            let got: Value = serde_json::from_str(line).unwrap();
            verify(got["ok"].clone())
        })
        .collect();
    assert_eq!(run(&verifications), vec![r#"{"ok":true}"#; objects.len()]);
}
