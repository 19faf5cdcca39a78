//! Hostile identifiers (issue 7, P1-03, P1-06): megabyte inputs, thousands of
//! colons, brackets and dots, long IPv6 literals. Every parser answers with
//! an error (or the valid ID), bounded by the 255-byte limits, never a panic.

use mxp_ids::{
    DeviceId, EventId, IdError, KeyId, MatrixToUri, MatrixUri, MxcUri, NamespacedId, OpaqueId,
    RoomAliasId, RoomId, RoomVersionId, ServerName, UserId,
};

/// A parser reduced to its verdict.
type Parser = fn(&str) -> Result<(), IdError>;

/// Every parser, by name.
fn parsers() -> Vec<(&'static str, Parser)> {
    vec![
        ("user", |s| UserId::parse(s).map(drop)),
        ("user strict", |s| UserId::parse_strict(s).map(drop)),
        ("room", |s| RoomId::parse(s).map(drop)),
        ("event", |s| EventId::parse(s).map(drop)),
        ("alias", |s| RoomAliasId::parse(s).map(drop)),
        ("server", |s| ServerName::parse(s).map(drop)),
        ("key", |s| KeyId::parse(s).map(drop)),
        ("key strict", |s| KeyId::parse_strict(s).map(drop)),
        ("device", |s| DeviceId::parse(s).map(drop)),
        ("room version", |s| RoomVersionId::parse(s).map(drop)),
        ("mxc", |s| MxcUri::parse(s).map(drop)),
        ("namespaced", |s| NamespacedId::parse(s).map(drop)),
        ("opaque", |s| OpaqueId::parse(s).map(drop)),
        ("matrix uri", |s| MatrixUri::parse(s).map(drop)),
        ("matrix.to", |s| MatrixToUri::parse(s).map(drop)),
    ]
}

fn hostile_inputs() -> Vec<String> {
    let mib = 1 << 20;
    vec![
        "a".repeat(mib),
        format!("@{}:example.org", "a".repeat(mib)),
        format!("@alice:{}", "a.".repeat(mib / 2)),
        ":".repeat(64 * 1024),
        format!("@{}", ":".repeat(64 * 1024)),
        format!("!x:[{}]", ":".repeat(64 * 1024)),
        format!("@a:[{}]", "1:".repeat(20_000)),
        format!("@a:{}", "[".repeat(64 * 1024)),
        format!("@a:example.org:{}", "9".repeat(64 * 1024)),
        format!("${}", "A".repeat(64 * 1024)),
        format!("ed25519:{}", "a".repeat(mib)),
        format!("mxc://example.org/{}", "a".repeat(mib)),
        format!("matrix:u/{}:example.org", "%41".repeat(100_000)),
        format!("https://matrix.to/#/{}", "%23".repeat(100_000)),
        "\u{1F600}".repeat(64 * 1024),
    ]
}

#[test]
fn megabyte_and_pathological_inputs_are_rejected_by_every_parser() {
    for input in hostile_inputs() {
        for (name, parse) in parsers() {
            let result = parse(&input);
            // MXC URIs have no length limit in the spec (WF-MXC-1) and mxp
            // sets none: a megabyte media ID of valid characters is valid.
            let unbounded = name == "mxc" && input.starts_with("mxc://example.org/");
            assert_eq!(
                result.is_ok(),
                unbounded,
                "{name} on a {}-byte hostile input: {result:?}",
                input.len()
            );
        }
    }
}

#[test]
fn fifty_thousand_via_parameters_cost_linear_memory() {
    // Accepted (a link may name many servers), each kept once per occurrence:
    // memory proportional to the input, no amplification.
    let input = format!("matrix:r/a:example.org?{}", "via=a&".repeat(50_000));
    let uri = MatrixUri::parse(input.trim_end_matches('&')).unwrap();
    assert_eq!(uri.via().len(), 50_000);
    let again = MatrixUri::parse(&uri.to_string()).unwrap();
    assert_eq!(again, uri);
}

#[test]
fn p1_06_limits_are_bytes_at_the_boundary_for_every_sigil_kind() {
    // 255 bytes accepted, 256 refused, with 1-, 2-, 3- and 4-byte characters.
    for ch in ['a', '\u{e9}', '\u{65e5}', '\u{1F600}'] {
        for (sigil, parse) in [
            (
                '@',
                (|s| UserId::parse(s).map(drop)) as fn(&str) -> Result<(), IdError>,
            ),
            ('!', |s| RoomId::parse(s).map(drop)),
            ('$', |s| EventId::parse(s).map(drop)),
            ('#', |s| RoomAliasId::parse(s).map(drop)),
        ] {
            let suffix = ":example.org";
            let room = 255 - 1 - suffix.len();
            let n = room / ch.len_utf8();
            let pad = "a".repeat(room - n * ch.len_utf8());
            let fits = format!("{sigil}{pad}{}{suffix}", ch.to_string().repeat(n));
            assert_eq!(fits.len(), 255);
            assert!(parse(&fits).is_ok(), "{sigil} {ch:?}: 255 bytes refused");
            let over = format!("{sigil}a{pad}{}{suffix}", ch.to_string().repeat(n));
            assert_eq!(over.len(), 256);
            assert!(
                matches!(
                    parse(&over),
                    Err(IdError::TooLong {
                        length: 256,
                        max: 255
                    })
                ),
                "{sigil} {ch:?}: 256 bytes: {:?}",
                parse(&over)
            );
        }
    }
}

#[test]
fn p1_03_server_names_without_a_host_are_refused_whatever_follows() {
    for s in [
        "",
        ":",
        ":8448",
        "[]",
        "[]:8448",
        "[::1",
        "::1]",
        "example.org:",
        "example.org::8448",
        "example.org:99999",
        "example.org:0",
        "exa mple.org",
        "[::1]x",
        "[::1]:",
    ] {
        assert!(ServerName::parse(s).is_err(), "{s:?}");
        assert!(UserId::parse(&format!("@alice:{s}")).is_err(), "@alice:{s}");
    }
}
