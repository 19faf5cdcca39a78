//! `mxp id <string>` and the command line itself.

use std::process::{Command, Output};

fn mxp(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mxp"))
        .args(args)
        .output()
        .unwrap()
}

fn id(input: &str) -> (String, i32) {
    let out = mxp(&["id", input]);
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn explains_valid_identifiers_and_their_parts() {
    let (text, status) = id("@Alice:example.org:8448");
    assert_eq!(status, 0);
    assert!(text.contains("valid user ID"), "{text}");
    assert!(text.contains("\"Alice\""), "{text}");
    assert!(text.contains("port 8448"), "{text}");
    assert!(text.contains("historical"), "{text}");
    assert!(text.contains("invalid character 'A' at byte 1"), "{text}");

    let (text, status) = id("!Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ");
    assert_eq!(status, 0);
    assert!(text.contains("room version 12"), "{text}");
    assert!(
        text.contains("$Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ"),
        "{text}"
    );

    let (text, _) = id("$acR1l0raoZnm60CBwAVgqbZqoO/mYU81xysh1u7XcJk");
    assert!(text.contains("room version 3"), "{text}");
    let (text, _) = id("[::1]:8448");
    assert!(text.contains("IPv6"), "{text}");
    let (text, _) = id("ed25519:abc");
    assert!(
        text.contains("valid key ID") && text.contains("algorithm:    ed25519"),
        "{text}"
    );
    let (text, _) = id("matrix:u/alice:example.org?action=chat");
    assert!(
        text.contains("https://matrix.to/#/@alice:example.org"),
        "{text}"
    );
    let (text, _) = id("https://matrix.to/#/%23room:example.org");
    assert!(text.contains("matrix:r/room:example.org"), "{text}");
    let (text, _) = id("mxc://example.org/abc");
    assert!(text.contains("media ID:     abc"), "{text}");
    let (text, _) = id("#room:example.org");
    assert!(text.contains("valid room alias"), "{text}");
}

#[test]
fn explains_why_invalid_identifiers_are_invalid() {
    for (input, why) in [
        ("@alice:example.org:99999", "port 99999 is out of range"),
        ("@alice", "no `:` separating"),
        ("!abc", "43 base64 characters"),
        ("$x", "43 base64 characters"),
        ("#a:[::1", "not closed"),
        ("mxc://127.0.0.1/../etc", "invalid character '.'"),
        ("+group:example.org", "group IDs"),
        ("matrix:u/alice", "user ID"),
        (
            "foo bar",
            "not a valid server name: invalid character ' ' at byte 3",
        ),
    ] {
        let (text, status) = id(input);
        assert_eq!(status, 1, "{input}: {text}");
        assert!(text.contains(why), "{input}: {text}");
    }
}

#[test]
fn help_version_and_usage_errors() {
    let out = mxp(&["--help"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("mxp batch") && text.contains("mxp id <string>"));
    assert_eq!(mxp(&["help"]).stdout, mxp(&["-h"]).stdout);
    let out = mxp(&["--version"]);
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("mxp "));
    for args in [
        &[][..],
        &["frobnicate"][..],
        &["id"][..],
        &["id", "a", "b"][..],
    ] {
        let out = mxp(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8(out.stderr).unwrap().contains("Usage:"));
    }
}
