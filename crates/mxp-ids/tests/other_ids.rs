//! Device IDs (`WF-DEV-1`), key IDs (`WF-KEY-*`), namespaced and opaque
//! identifiers (`WF-NS-1`, `WF-OPQ-1`), room versions (`WF-RV-1`), MXC URIs
//! (`WF-MXC-1`), incident P1-05.

use mxp_ids::{
    DeviceId, IdError, KeyId, MxcUri, NamespacedId, OpaqueId, OwnedMxcUri, RoomVersionId,
    ServerName, SigningKeyAlgorithm,
};

#[test]
fn wf_dev_1_device_ids() {
    for s in [
        "ABCDEFGHIJ",
        "a-b.c_d~e",
        "!#$%&'()*+,-./:;<=>?@[]^_`{|}~",
        "x",
    ] {
        let id = DeviceId::parse(s).unwrap_or_else(|e| panic!("{s:?}: {e}"));
        assert_eq!(id.as_str(), s);
    }
    assert!(DeviceId::parse("a-b.c_d~e").unwrap().is_unreserved());
    assert!(!DeviceId::parse("a:b").unwrap().is_unreserved());
    assert_eq!(DeviceId::parse(""), Err(IdError::Empty));
    for (s, c, position) in [
        ("has space", ' ', 3),
        ("quote\"", '"', 5),
        ("back\\slash", '\\', 4),
        ("tab\t", '\t', 3),
        ("é", 'é', 0),
        ("del\u{7f}", '\u{7f}', 3),
    ] {
        assert_eq!(
            DeviceId::parse(s),
            Err(IdError::InvalidCharacter {
                character: c,
                position
            }),
            "{s:?}"
        );
    }
    assert!(DeviceId::parse(&"A".repeat(255)).is_ok());
    assert_eq!(
        DeviceId::parse(&"A".repeat(256)),
        Err(IdError::TooLong {
            length: 256,
            max: 255
        })
    );
}

#[test]
fn wf_key_1_algorithm_and_version() {
    let id = KeyId::parse("ed25519:abc123").unwrap();
    assert_eq!(id.algorithm(), SigningKeyAlgorithm::Ed25519);
    assert_eq!(id.algorithm().as_str(), "ed25519");
    assert_eq!(id.algorithm_str(), "ed25519");
    assert_eq!(id.version(), "abc123");
    assert_eq!(KeyId::parse("ed25519"), Err(IdError::InvalidKeyId));
    assert_eq!(KeyId::parse(":abc"), Err(IdError::EmptyKeyAlgorithm));
    assert_eq!(KeyId::parse("ed25519:"), Err(IdError::EmptyKeyVersion));
    assert_eq!(KeyId::parse(""), Err(IdError::Empty));
}

#[test]
fn wf_key_2_server_key_versions() {
    for s in ["ed25519:abc123", "ed25519:a_B_9", "ed25519:0"] {
        assert!(KeyId::parse_strict(s).is_ok(), "{s}");
    }
    assert_eq!(
        KeyId::parse_strict("ed25519:a+b"),
        Err(IdError::InvalidCharacter {
            character: '+',
            position: 9
        })
    );
    assert_eq!(
        KeyId::parse_strict("ed25519:a-b"),
        Err(IdError::InvalidCharacter {
            character: '-',
            position: 9
        })
    );
    assert_eq!(
        KeyId::parse_strict("Ed25519:abc"),
        Err(IdError::InvalidCharacter {
            character: 'E',
            position: 0
        })
    );
}

#[test]
fn wf_key_3_policy_server_key() {
    assert_eq!(KeyId::POLICY_SERVER.as_str(), "ed25519:policy_server");
    assert_eq!(KeyId::POLICY_SERVER.version(), "policy_server");
    assert!(KeyId::parse_strict(KeyId::POLICY_SERVER.as_str()).is_ok());
    assert_ne!(
        KeyId::POLICY_SERVER,
        KeyId::parse("ed25519:policy-server").unwrap()
    );
}

#[test]
fn wf_key_4_end_to_end_key_ids_parse_leniently() {
    for (s, alg, version) in [
        ("ed25519:JLAFKJWSCS", "ed25519", "JLAFKJWSCS"),
        ("curve25519:JLAFKJWSCS", "curve25519", "JLAFKJWSCS"),
        ("signed_curve25519:AAAAHg", "signed_curve25519", "AAAAHg"),
        (
            "ed25519:nqOvzeuGWT/sRx3h7+MHoInYj3Uk2LD/unI9kDYcHwk",
            "ed25519",
            "nqOvzeuGWT/sRx3h7+MHoInYj3Uk2LD/unI9kDYcHwk",
        ),
    ] {
        let id = KeyId::parse(s).unwrap();
        assert_eq!((id.algorithm_str(), id.version()), (alg, version));
    }
    assert_eq!(
        KeyId::parse("curve25519:DEV").unwrap().algorithm(),
        SigningKeyAlgorithm::Other("curve25519")
    );
    // Not a key ID: no algorithm separator.
    assert!(KeyId::parse("JLAFKJWSCS").is_err());
}

#[test]
fn wf_key_5_algorithm_is_before_the_first_colon() {
    let id = KeyId::parse("ed25519:dev:ice").unwrap();
    assert_eq!(id.algorithm(), SigningKeyAlgorithm::Ed25519);
    assert_eq!(id.version(), "dev:ice");
    assert_eq!(KeyId::parse("::x"), Err(IdError::EmptyKeyAlgorithm));
}

#[test]
fn p1_05_key_ids_lenient_to_verify_strict_to_create() {
    for s in [
        "ed25519:i+b2",
        "ed25519: a_FOWS",
        "ed25519:intelfx-homenet-org-1",
    ] {
        assert!(KeyId::parse(s).is_ok(), "{s}");
        assert!(KeyId::parse_strict(s).is_err(), "{s}");
    }
}

#[test]
fn wf_ns_1_common_namespaced_identifiers() {
    for s in ["m.login.password", "com.example.identifier", "a", "a-b_c.1"] {
        assert!(NamespacedId::parse(s).is_ok(), "{s}");
    }
    assert!(
        NamespacedId::parse("m.room.member")
            .unwrap()
            .is_spec_reserved()
    );
    assert!(
        !NamespacedId::parse("com.example")
            .unwrap()
            .is_spec_reserved()
    );
    assert_eq!(
        NamespacedId::parse("1abc"),
        Err(IdError::InvalidCharacter {
            character: '1',
            position: 0
        })
    );
    assert_eq!(
        NamespacedId::parse("com.Example"),
        Err(IdError::InvalidCharacter {
            character: 'E',
            position: 4
        })
    );
    assert_eq!(NamespacedId::parse(""), Err(IdError::Empty));
    assert!(NamespacedId::parse(&"a".repeat(255)).is_ok());
    assert!(NamespacedId::parse(&"a".repeat(256)).is_err());
}

#[test]
fn wf_opq_1_opaque_identifiers() {
    for s in ["abc", "ABC-def_1.2~3", "~"] {
        assert!(OpaqueId::parse(s).is_ok(), "{s}");
    }
    for (s, c, position) in [
        ("a/b", '/', 1),
        ("a b", ' ', 1),
        ("a:b", ':', 1),
        ("ä", 'ä', 0),
    ] {
        assert_eq!(
            OpaqueId::parse(s),
            Err(IdError::InvalidCharacter {
                character: c,
                position
            })
        );
    }
    assert_eq!(OpaqueId::parse(""), Err(IdError::Empty));
    assert!(OpaqueId::parse(&"A".repeat(255)).is_ok());
    assert!(OpaqueId::parse(&"A".repeat(256)).is_err());
}

#[test]
fn wf_rv_1_room_version_identifiers() {
    for s in [
        "1",
        "1.2",
        "1.2-beta",
        "com.example.version",
        "org.matrix.hydra.11",
        "12",
    ] {
        assert_eq!(RoomVersionId::parse(s).unwrap().as_str(), s);
    }
    let all = [
        RoomVersionId::V1,
        RoomVersionId::V2,
        RoomVersionId::V3,
        RoomVersionId::V4,
        RoomVersionId::V5,
        RoomVersionId::V6,
        RoomVersionId::V7,
        RoomVersionId::V8,
        RoomVersionId::V9,
        RoomVersionId::V10,
        RoomVersionId::V11,
        RoomVersionId::V12,
    ];
    for (i, v) in all.iter().enumerate() {
        assert_eq!(v.as_str(), (i + 1).to_string());
        assert!(v.is_spec_reserved());
    }
    assert!(
        !RoomVersionId::parse("org.matrix.hydra.11")
            .unwrap()
            .is_spec_reserved()
    );
    assert_eq!(RoomVersionId::parse(""), Err(IdError::Empty));
    assert_eq!(
        RoomVersionId::parse("V1"),
        Err(IdError::InvalidCharacter {
            character: 'V',
            position: 0
        })
    );
    assert_eq!(
        RoomVersionId::parse("1_0"),
        Err(IdError::InvalidCharacter {
            character: '_',
            position: 1
        })
    );
    assert!(RoomVersionId::parse(&"a".repeat(32)).is_ok());
    assert_eq!(
        RoomVersionId::parse(&"a".repeat(33)),
        Err(IdError::TooLong {
            length: 33,
            max: 32
        })
    );
}

#[test]
fn wf_mxc_1_content_uris() {
    let uri = MxcUri::parse("mxc://example.org/SEsfnsuifSDFSSEF").unwrap();
    assert_eq!(uri.server_name().as_str(), "example.org");
    assert_eq!(uri.media_id(), "SEsfnsuifSDFSSEF");
    let uri = MxcUri::parse("mxc://[::1]:8448/a_b-C9").unwrap();
    assert_eq!(uri.server_name().port(), Some(8448));
    assert_eq!(uri.media_id(), "a_b-C9");
    // Path traversal (WF-MXC-1's own example) is rejected.
    assert_eq!(
        MxcUri::parse("mxc://127.0.0.1/../../../some_service/etc/passwd"),
        Err(IdError::InvalidCharacter {
            character: '.',
            position: 16
        })
    );
    for s in [
        "mxc://example.org/",
        "mxc://example.org",
        "mxc:///abc",
        "mxc://exa mple.org/abc",
        "mxc://example.org/a.b",
        "mxc://example.org/a?b",
        "https://example.org/abc",
        "MXC://example.org/abc",
        "",
    ] {
        assert!(MxcUri::parse(s).is_err(), "{s:?}");
    }
    let server = ServerName::parse("example.org").unwrap();
    assert_eq!(
        OwnedMxcUri::from_parts(server, "abc").unwrap().as_str(),
        "mxc://example.org/abc"
    );
    assert!(OwnedMxcUri::from_parts(server, "../x").is_err());
    assert_eq!(mxp_ids::mxc_uri!("mxc://a/b").media_id(), "b");
}
