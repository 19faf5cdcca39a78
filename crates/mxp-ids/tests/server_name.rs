//! Server names: `WF-SN-1` … `WF-SN-6`, incidents P1-03 and P1-04.

use mxp_ids::{HostKind, IdError, ServerName};

fn ok(s: &str) -> &ServerName {
    ServerName::parse(s).unwrap_or_else(|e| panic!("{s:?} should be valid: {e}"))
}

fn err(s: &str) -> IdError {
    match ServerName::parse(s) {
        Ok(_) => panic!("{s:?} should be invalid"),
        Err(e) => e,
    }
}

#[test]
fn wf_sn_1_spec_examples_are_valid() {
    for (s, host, port, kind) in [
        ("matrix.org", "matrix.org", None, HostKind::Dns),
        ("matrix.org:8888", "matrix.org", Some(8888), HostKind::Dns),
        ("1.2.3.4", "1.2.3.4", None, HostKind::Ipv4),
        ("1.2.3.4:1234", "1.2.3.4", Some(1234), HostKind::Ipv4),
        (
            "[1234:5678::abcd]",
            "[1234:5678::abcd]",
            None,
            HostKind::Ipv6,
        ),
        (
            "[1234:5678::abcd]:5678",
            "[1234:5678::abcd]",
            Some(5678),
            HostKind::Ipv6,
        ),
    ] {
        let name = ok(s);
        assert_eq!(name.host(), host, "{s}");
        assert_eq!(name.port(), port, "{s}");
        assert_eq!(name.host_kind(), kind, "{s}");
        assert_eq!(name.as_str(), s);
    }
}

#[test]
fn wf_sn_1_rejects_what_the_grammar_does_not_produce() {
    assert_eq!(err(""), IdError::InvalidServerName("empty server name"));
    assert_eq!(
        err("exa_mple.org"),
        IdError::InvalidCharacter {
            character: '_',
            position: 3
        }
    );
    assert_eq!(
        err("[::1]x"),
        IdError::InvalidCharacter {
            character: 'x',
            position: 5
        }
    );
    assert_eq!(
        err("é.org"),
        IdError::InvalidCharacter {
            character: 'é',
            position: 0
        }
    );
    assert_eq!(
        err("a/b"),
        IdError::InvalidCharacter {
            character: '/',
            position: 1
        }
    );
}

#[test]
fn wf_sn_2_ipv4_literals() {
    assert_eq!(ok("0.0.0.0").host_kind(), HostKind::Ipv4);
    assert_eq!(ok("255.255.255.255").host_kind(), HostKind::Ipv4);
    assert_eq!(
        ok("127.0.0.1").ip(),
        Some(std::net::Ipv4Addr::new(127, 0, 0, 1).into())
    );
    // P1-04: leading zeros are allowed by `1*3DIGIT` and read as decimal.
    let padded = ok("001.2.3.4");
    assert_eq!(padded.host_kind(), HostKind::Ipv4);
    assert_eq!(
        padded.ip(),
        Some(std::net::Ipv4Addr::new(1, 2, 3, 4).into())
    );
    assert_eq!(ok("000.000.000.000").host_kind(), HostKind::Ipv4);
    // Not IPv4: out of range, too many parts, too many digits. They are still
    // valid DNS names by the grammar (WF-SN-1 note), so they parse as such.
    for s in [
        "256.1.1.1",
        "999.1.1.1",
        "1.2.3",
        "1.2.3.4.5",
        "0001.2.3.4",
        "1..2.3",
    ] {
        assert_eq!(ok(s).host_kind(), HostKind::Dns, "{s}");
        assert_eq!(ok(s).ip(), None, "{s}");
    }
    // A rejected IPv4-looking name: a character outside the grammar.
    assert!(ServerName::parse("1.2.3.4 ").is_err());
}

#[test]
fn wf_sn_3_ipv6_literals_are_checked_for_real() {
    for s in [
        "[::]",
        "[::1]",
        "[1::]",
        "[1:2:3:4:5:6:7:8]",
        "[1:2:3:4:5:6:7::]",
        "[::2:3:4:5:6:7:8]",
        "[ABCD:ef01::1]",
        "[::ffff:1.2.3.4]",
        "[1:2:3:4:5:6:1.2.3.4]",
        "[0000:0000:0000:0000:0000:0000:255.255.255.255]",
    ] {
        let name = ok(s);
        assert_eq!(name.host_kind(), HostKind::Ipv6, "{s}");
        assert!(name.ip().is_some(), "{s}");
    }
    for s in [
        "[]",
        "[:]",
        "[1]",
        "[1:2:3:4:5:6:7:8:9]",
        "[1:2:3:4:5:6:7]",
        "[1::2::3]",
        "[:1:2:3:4:5:6:7]",
        "[1:2:3:4:5:6:7:]",
        "[12345::]",
        "[::1.2.3]",
        "[::01.2.3.4]",
        "[::256.2.3.4]",
        "[1.2.3.4::]",
        "[1:2:3:4:5:6::1.2.3.4]",
        "[1:2:3:4:5:6:7:1.2.3.4]",
        "[::1",
        "[fe80::1%eth0]",
        "[::g]",
        "[0000:0000:0000:0000:0000:0000:0000:0000:0]",
    ] {
        assert!(ServerName::parse(s).is_err(), "{s} should be rejected");
    }
    assert_eq!(err("[1::2::3]"), IdError::InvalidIpLiteral);
    assert_eq!(
        err("[::g]"),
        IdError::InvalidCharacter {
            character: 'g',
            position: 3
        }
    );
    assert_eq!(
        err("[::1"),
        IdError::InvalidServerName("`[` of an IPv6 literal is not closed")
    );
    // IPv6address = 2*45IPv6char
    let inner = "0000:".repeat(9) + "0"; // 46 characters
    assert_eq!(
        err(&format!("[{inner}]")),
        IdError::TooLong {
            length: 46,
            max: 45
        }
    );
}

#[test]
fn wf_sn_4_dns_names() {
    assert_eq!(ok("a").host_kind(), HostKind::Dns);
    assert_eq!(ok("EXAMPLE.org").host(), "EXAMPLE.org");
    assert!(ok("a-b.c-d.example").is_valid_hostname());
    // The grammar only limits characters and length; label rules are a
    // recommendation, reported by `is_valid_hostname` (Synapse rejects these).
    for s in ["a..b", ".a", "a.", "-a.org", "a-.org", "..."] {
        let name = ok(s);
        assert!(!name.is_valid_hostname(), "{s}");
    }
    assert!(!ok(&format!("{}.org", "a".repeat(64))).is_valid_hostname());
    // 1*255dns-char: 255 is fine, 256 is too long.
    let long = "a".repeat(255);
    assert_eq!(ok(&long).host(), long);
    assert_eq!(
        err(&"a".repeat(256)),
        IdError::TooLong {
            length: 256,
            max: 255
        }
    );
    assert_eq!(
        err("exa mple.org"),
        IdError::InvalidCharacter {
            character: ' ',
            position: 3
        }
    );
}

#[test]
fn wf_sn_5_ports() {
    assert_eq!(ok("example.org:1").port(), Some(1));
    assert_eq!(ok("example.org:65535").port(), Some(65535));
    assert_eq!(ok("example.org:08448").port(), Some(8448));
    assert_eq!(ok("[::1]:8448").port(), Some(8448));
    assert_eq!(err("example.org:"), IdError::InvalidPort);
    assert_eq!(err("example.org:123456"), IdError::InvalidPort);
    // mxp's decision: 0 and values above 65535 are rejected.
    assert_eq!(
        err("example.org:99999"),
        IdError::PortOutOfRange { port: 99999 }
    );
    assert_eq!(
        err("example.org:65536"),
        IdError::PortOutOfRange { port: 65536 }
    );
    assert_eq!(err("example.org:0"), IdError::PortOutOfRange { port: 0 });
    assert_eq!(
        err("example.org:00000"),
        IdError::PortOutOfRange { port: 0 }
    );
    // Rust's u16 parser would accept a leading `+`; the grammar does not.
    assert_eq!(
        err("example.org:+80"),
        IdError::InvalidCharacter {
            character: '+',
            position: 12
        }
    );
    assert_eq!(
        err("1.2.3.4:80:90"),
        IdError::InvalidCharacter {
            character: ':',
            position: 10
        }
    );
    assert_eq!(err("[::1]:"), IdError::InvalidPort);
}

#[test]
fn wf_sn_6_server_names_are_case_sensitive() {
    let lower = ok("matrix.org");
    let upper = ok("MATRIX.ORG");
    assert_ne!(lower, upper);
    assert_ne!(lower.to_owned(), upper.to_owned());
    assert!(lower.eq_ignore_ascii_case(upper));
    let mut set = std::collections::HashSet::new();
    set.insert(lower.to_owned());
    assert!(!set.contains(upper));
}

#[test]
fn p1_03_empty_host_and_other_table_rejects() {
    for s in [
        "",
        ":8448",
        "[::1",
        "example.org:",
        "example.org:99999",
        "exa mple.org",
    ] {
        assert!(ServerName::parse(s).is_err(), "{s:?} must be rejected");
    }
    assert_eq!(err(":8448"), IdError::InvalidServerName("empty host"));
}

#[test]
fn p1_04_golden_vectors() {
    let v6 = ok("[::1]:8448");
    assert_eq!(
        (v6.host(), v6.port(), v6.host_kind()),
        ("[::1]", Some(8448), HostKind::Ipv6)
    );
    let v4 = ok("1.2.3.4:80");
    assert_eq!(
        (v4.host(), v4.port(), v4.host_kind()),
        ("1.2.3.4", Some(80), HostKind::Ipv4)
    );
    assert_eq!(ok("001.2.3.4").host_kind(), HostKind::Ipv4);
    assert_eq!(ok("EXAMPLE.org").host_kind(), HostKind::Dns);
    // A hostname starting with a digit is fine (gomatrixserverlib #113).
    assert_eq!(ok("1password.example").host_kind(), HostKind::Dns);
}
