//! User IDs: `WF-ID-1`, `WF-ID-2`, `WF-UID-1` … `WF-UID-5`, incidents P1-01,
//! P1-02, P1-06.

use mxp_ids::{IdError, OwnedUserId, ServerName, UserId, map_to_localpart};

#[test]
fn wf_id_1_sigils() {
    assert!(UserId::parse("@a:example.org").is_ok());
    for (s, expected) in [
        ("!a:example.org", '@'),
        ("a:example.org", '@'),
        ("#a:b", '@'),
    ] {
        assert_eq!(UserId::parse(s), Err(IdError::MissingSigil { expected }));
    }
    assert_eq!(UserId::parse(""), Err(IdError::Empty));
}

#[test]
fn wf_id_2_localpart_on_domain() {
    let id = UserId::parse("@alice:example.org").unwrap();
    assert_eq!(id.localpart(), "alice");
    assert_eq!(id.server_name(), ServerName::parse("example.org").unwrap());
    assert_eq!(UserId::parse("@alice"), Err(IdError::MissingColon));
    assert!(UserId::parse("@alice:").is_err());
}

#[test]
fn wf_uid_1_strict_grammar() {
    for s in [
        "@alice:example.org",
        "@a-b.c=d_e/f+g:example.org",
        "@0123456789:example.org",
        "@john.doe:example.com",
    ] {
        let id = UserId::parse_strict(s).unwrap();
        assert!(!id.is_historical(), "{s}");
        assert!(id.is_compliant(), "{s}");
    }
    assert_eq!(
        UserId::parse_strict("@:example.org"),
        Err(IdError::EmptyLocalpart)
    );
    assert_eq!(
        UserId::parse_strict("@Alice:example.org"),
        Err(IdError::InvalidCharacter {
            character: 'A',
            position: 1
        })
    );
    assert_eq!(
        UserId::parse_strict("@al ice:example.org"),
        Err(IdError::InvalidCharacter {
            character: ' ',
            position: 3
        })
    );
    assert_eq!(
        UserId::parse_strict("@alicé:example.org"),
        Err(IdError::InvalidCharacter {
            character: 'é',
            position: 5
        })
    );
    for c in ['#', '!', '$', '@', '~', '*', '\u{7f}'] {
        let s = format!("@a{c}:example.org");
        assert!(UserId::parse_strict(&s).is_err(), "{s}");
    }
}

#[test]
fn wf_uid_2_length_is_255_bytes() {
    let server = ":example.org";
    let local_len = 255 - 1 - server.len();
    let max = format!("@{}{server}", "a".repeat(local_len));
    assert_eq!(max.len(), 255);
    assert!(UserId::parse_strict(&max).is_ok());
    assert!(UserId::parse(&max).is_ok());
    let over = format!("@{}{server}", "a".repeat(local_len + 1));
    assert_eq!(
        UserId::parse(&over),
        Err(IdError::TooLong {
            length: 256,
            max: 255
        })
    );
    assert_eq!(
        UserId::parse_strict(&over),
        Err(IdError::TooLong {
            length: 256,
            max: 255
        })
    );
}

#[test]
fn p1_06_limits_count_bytes_not_characters() {
    // 2-, 3- and 4-byte characters: 255 bytes pass, 256 fail.
    let server = ":example.org"; // 12 bytes; `@` is 1
    for (c, width) in [('é', 2), ('日', 3), ('😀', 4)] {
        let room = 255 - 13;
        let n = room / width;
        let pad = room - n * width;
        let fits = format!("@{}{}{server}", c.to_string().repeat(n), "a".repeat(pad));
        assert_eq!(fits.len(), 255);
        assert!(UserId::parse(&fits).is_ok(), "{c}");
        let over = format!(
            "@{}{}{server}",
            c.to_string().repeat(n),
            "a".repeat(pad + 1)
        );
        assert_eq!(over.len(), 256);
        assert!(matches!(
            UserId::parse(&over),
            Err(IdError::TooLong { length: 256, .. })
        ));
    }
    // 128 × `é` is 256 bytes but only 128 characters.
    let s = format!("@{}:a", "é".repeat(128));
    assert!(matches!(UserId::parse(&s), Err(IdError::TooLong { .. })));
}

#[test]
fn wf_uid_3_historical_localparts_are_accepted_leniently() {
    for s in [
        "@Alice:example.org",
        "@:example.org",
        "@\u{1}control:example.org",
        "@emoji😀:example.org",
        "@a b:example.org",
        "@\u{7f}:example.org",
        "@a#b!c$d:example.org",
    ] {
        let id = UserId::parse(s).unwrap_or_else(|e| panic!("{s:?}: {e}"));
        assert!(id.is_historical(), "{s:?}");
        assert!(UserId::parse_strict(s).is_err(), "{s:?}");
    }
    // Compliant historical: U+0021–U+007E; non-compliant: empty, or outside.
    assert!(UserId::parse("@Alice:example.org").unwrap().is_compliant());
    assert!(UserId::parse("@a#b:example.org").unwrap().is_compliant());
    assert!(!UserId::parse("@:example.org").unwrap().is_compliant());
    assert!(!UserId::parse("@a b:example.org").unwrap().is_compliant());
    assert!(!UserId::parse("@é:example.org").unwrap().is_compliant());
    // NUL is the one character (besides `:`) that is never allowed.
    assert_eq!(
        UserId::parse("@a\0b:example.org"),
        Err(IdError::InvalidCharacter {
            character: '\0',
            position: 2
        })
    );
}

#[test]
fn wf_uid_4_server_name_starts_after_the_first_colon() {
    let id = UserId::parse("@alice:[::1]:8448").unwrap();
    assert_eq!(id.localpart(), "alice");
    assert_eq!(id.server_name().as_str(), "[::1]:8448");
    assert_eq!(id.server_name().port(), Some(8448));
    // Positions of errors in the server name count from the start of the ID.
    assert_eq!(
        UserId::parse("@alice:exa_mple.org"),
        Err(IdError::InvalidCharacter {
            character: '_',
            position: 10
        })
    );
    assert!(UserId::parse("@alice:example.org:99999").is_err());
}

#[test]
fn p1_01_lenient_mode_round_trips_any_localpart() {
    for local in [
        "",
        "ÄÖÜ",
        "\u{1f}",
        "a\u{2028}b",
        "\u{10ffff}",
        "a@b",
        "/../",
    ] {
        let s = format!("@{local}:example.org");
        let id = UserId::parse(&s).unwrap();
        assert_eq!(id.localpart(), local);
        assert_eq!(id.to_string(), s);
    }
}

#[test]
fn p1_02_colons_split_at_the_first_one() {
    let id = UserId::parse("@a:b:8448").unwrap();
    assert_eq!(id.localpart(), "a");
    assert_eq!(id.server_name().as_str(), "b:8448");
    // `@a:b:example.org` would need the port `example.org`.
    assert!(UserId::parse("@a:b:example.org").is_err());
    let server = ServerName::parse("example.org").unwrap();
    assert_eq!(
        OwnedUserId::from_parts("a:b", server),
        Err(IdError::InvalidCharacter {
            character: ':',
            position: 2
        })
    );
    let port = ServerName::parse("8448").unwrap();
    assert!(OwnedUserId::from_parts("a:b", port).is_err());
    assert_eq!(
        OwnedUserId::from_parts("alice", server).unwrap().as_str(),
        "@alice:example.org"
    );
    assert_eq!(
        OwnedUserId::from_parts("", server),
        Err(IdError::EmptyLocalpart)
    );
}

#[test]
fn wf_uid_5_suggested_mapping() {
    assert_eq!(map_to_localpart("#", false), "=23");
    assert_eq!(map_to_localpart("á", false), "=c3=a1");
    assert_eq!(map_to_localpart("=", false), "=3d");
    assert_eq!(map_to_localpart("Alice Smith", false), "alice=20smith");
    assert_eq!(map_to_localpart("Alice_Smith", true), "_alice___smith");
    assert_eq!(map_to_localpart("a-b.c_d/e+f", false), "a-b.c_d/e+f");
    // The result is in the strict grammar; what it maps from is not.
    for name in ["Ünïcödé", "x y", "a=b#", "A_B", "日本"] {
        for preserve in [false, true] {
            let local = map_to_localpart(name, preserve);
            let id = format!("@{local}:example.org");
            assert!(UserId::parse_strict(&id).is_ok(), "{id}");
        }
        assert!(UserId::parse_strict(&format!("@{name}:example.org")).is_err());
    }
}

#[test]
fn accessors_and_conversions() {
    let owned: OwnedUserId = "@alice:example.org".parse().unwrap();
    let borrowed: &UserId = owned.as_id();
    assert_eq!(borrowed, owned);
    assert_eq!(owned.localpart(), "alice");
    assert_eq!(String::from(owned.clone()), "@alice:example.org");
    assert_eq!(
        OwnedUserId::try_from(String::from("@b:c"))
            .unwrap()
            .as_str(),
        "@b:c"
    );
    assert!(OwnedUserId::try_from("bad").is_err());
    let r: &UserId = "@x:y".try_into().unwrap();
    assert_eq!(r.len(), 4);
    let lit = mxp_ids::user_id!("@alice:example.org");
    assert_eq!(lit, owned);
    fn send_sync<T: Send + Sync + ?Sized>() {}
    send_sync::<UserId>();
    send_sync::<OwnedUserId>();
    send_sync::<IdError>();
}
