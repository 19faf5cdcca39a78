//! Property tests: round trips `parse(display(x)) == x` for every kind, no
//! panics on arbitrary input for every parser, and IP literal checks
//! against the standard library's parser (`WF-SN-2`, `WF-SN-3`).

use std::net::Ipv6Addr;

use mxp_ids::{
    DeviceId, EventId, HostKind, KeyId, MatrixId, MatrixToUri, MatrixUri, MxcUri, NamespacedId,
    OpaqueId, OwnedEventId, OwnedServerName, RoomAliasId, RoomId, RoomVersionId, ServerName,
    UriAction, UserId, map_to_localpart,
};
use proptest::prelude::*;

fn dns_name() -> impl Strategy<Value = String> {
    "[A-Za-z0-9.-]{1,30}"
}

fn ipv4() -> impl Strategy<Value = String> {
    any::<[u8; 4]>().prop_map(|[a, b, c, d]| format!("{a}.{b}.{c}.{d}"))
}

fn ipv6() -> impl Strategy<Value = String> {
    any::<u128>().prop_map(|n| format!("[{}]", Ipv6Addr::from(n)))
}

fn server_name() -> impl Strategy<Value = String> {
    (
        prop_oneof![dns_name(), ipv4(), ipv6()],
        proptest::option::of(1u16..=65535),
    )
        .prop_map(|(host, port)| match port {
            Some(p) => format!("{host}:{p}"),
            None => host,
        })
}

/// Any localpart the lenient grammar allows: no `:`, no NUL.
fn lenient_local() -> impl Strategy<Value = String> {
    "[^:\\x00]{0,24}"
}

fn strict_local() -> impl Strategy<Value = String> {
    "[a-z0-9._=/+-]{1,24}"
}

fn url_safe_hash() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_-]{43}"
}

fn standard_hash() -> impl Strategy<Value = String> {
    "[A-Za-z0-9+/]{43}"
}

/// Strings shaped like IPv6 addresses: hex groups (some too long or empty)
/// and dotted tails, joined by `:` or `::`.
fn near_ipv6() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        (
            prop_oneof![
                4 => "[0-9a-fA-F]{0,5}",
                1 => "(0|[1-9][0-9]{0,2}|0[0-9]{1,2})\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}",
            ],
            prop_oneof![4 => Just(":"), 1 => Just("::")],
        ),
        0..10,
    )
    .prop_map(|parts| {
        let mut s = String::new();
        for (i, (group, sep)) in parts.iter().enumerate() {
            if i > 0 {
                s.push_str(sep);
            }
            s.push_str(group);
        }
        s
    })
}

/// Noise made of the characters identifiers and URIs are built from.
fn noise() -> impl Strategy<Value = String> {
    "[@!$#+:\\[\\]0-9a-fA-F.%/?&=_~ \\x00é😀-]{0,60}"
}

fn arbitrary_input() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        noise(),
        (
            prop_oneof![
                Just("@"),
                Just("!"),
                Just("$"),
                Just("#"),
                Just("mxc://"),
                Just("matrix:"),
                Just("matrix:u/"),
                Just("matrix:roomid/"),
                Just("https://matrix.to/#/"),
                Just("https://matrix.to/#/!"),
                Just("ed25519:"),
            ],
            noise()
        )
            .prop_map(|(p, n)| format!("{p}{n}")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn server_name_round_trips(s in server_name()) {
        let name = ServerName::parse(&s).unwrap();
        prop_assert_eq!(ServerName::parse(&format!("{name}")).unwrap().to_owned(), name);
        let rebuilt = match name.port() {
            Some(p) => format!("{}:{p}", name.host()),
            None => name.host().to_owned(),
        };
        prop_assert_eq!(rebuilt, s);
    }

    #[test]
    fn user_id_lenient_round_trips(local in lenient_local(), server in server_name()) {
        let s = format!("@{local}:{server}");
        prop_assume!(s.len() <= 255);
        let id = UserId::parse(&s).unwrap();
        prop_assert_eq!(id.localpart(), local.as_str());
        prop_assert_eq!(id.server_name().as_str(), server.as_str());
        prop_assert_eq!(UserId::parse(&format!("{id}")).unwrap().to_owned(), id);
        // Strict mode accepts exactly the WF-UID-1 localparts.
        let strict_ok = !local.is_empty()
            && local.bytes().all(|c| matches!(c, b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'=' | b'_' | b'/' | b'+'));
        prop_assert_eq!(UserId::parse_strict(&s).is_ok(), strict_ok);
        prop_assert_eq!(id.is_historical(), !strict_ok);
    }

    #[test]
    fn user_id_strict_round_trips(local in strict_local(), server in server_name()) {
        let s = format!("@{local}:{server}");
        let id = UserId::parse_strict(&s).unwrap();
        prop_assert!(!id.is_historical());
        prop_assert_eq!(UserId::parse_strict(&format!("{id}")).unwrap().to_owned(), id);
    }

    #[test]
    fn mapped_localparts_are_strict(name in any::<String>(), preserve in any::<bool>()) {
        let local = map_to_localpart(&name, preserve);
        prop_assume!(!local.is_empty() && local.len() < 200);
        let s = format!("@{local}:example.org");
        prop_assert!(UserId::parse_strict(&s).is_ok());
    }

    #[test]
    fn room_id_round_trips(local in lenient_local(), server in server_name(), hash in url_safe_hash()) {
        let opaque = format!("!{local}:{server}");
        prop_assume!(opaque.len() <= 255);
        let id = RoomId::parse(&opaque).unwrap();
        prop_assert_eq!(id.localpart(), Some(local.as_str()));
        prop_assert_eq!(RoomId::parse(&format!("{id}")).unwrap().to_owned(), id);
        let v12 = format!("!{hash}");
        let id = RoomId::parse(&v12).unwrap();
        prop_assert_eq!(id.hash(), Some(hash.as_str()));
        let create = id.create_event_id().unwrap();
        prop_assert_eq!(create.to_room_id().unwrap(), id);
        prop_assert_eq!(RoomId::parse(&format!("{id}")).unwrap().to_owned(), id);
    }

    #[test]
    fn event_id_round_trips(local in lenient_local(), server in server_name(), std_hash in standard_hash(), url_hash in url_safe_hash()) {
        for s in [format!("${local}:{server}"), format!("${std_hash}"), format!("${url_hash}")] {
            prop_assume!(s.len() <= 255);
            let id = EventId::parse(&s).unwrap();
            prop_assert!(id.matches_format(id.format()));
            prop_assert_eq!(EventId::parse(&format!("{id}")).unwrap().to_owned(), id);
        }
    }

    #[test]
    fn alias_round_trips(local in lenient_local(), server in server_name()) {
        let s = format!("#{local}:{server}");
        prop_assume!(s.len() <= 255);
        let id = RoomAliasId::parse(&s).unwrap();
        prop_assert_eq!(id.alias(), local.as_str());
        prop_assert_eq!(RoomAliasId::parse(&format!("{id}")).unwrap().to_owned(), id);
    }

    #[test]
    fn simple_kinds_round_trip(
        device in "[\\x21\\x23-\\x5b\\x5d-\\x7e]{1,40}",
        alg in "[a-z0-9_]{1,20}",
        version in "[A-Za-z0-9_]{1,20}",
        rv in "[0-9a-z.-]{1,32}",
        ns in "[a-z][a-z0-9._-]{0,40}",
        opq in "[A-Za-z0-9._~-]{1,40}",
        media in "[A-Za-z0-9_-]{1,40}",
        server in server_name(),
    ) {
        let d = DeviceId::parse(&device).unwrap();
        prop_assert_eq!(DeviceId::parse(&format!("{d}")).unwrap().to_owned(), d);
        let key = format!("{alg}:{version}");
        let k = KeyId::parse_strict(&key).unwrap();
        prop_assert_eq!((k.algorithm_str(), k.version()), (alg.as_str(), version.as_str()));
        prop_assert_eq!(KeyId::parse(&format!("{k}")).unwrap().to_owned(), k);
        let v = RoomVersionId::parse(&rv).unwrap();
        prop_assert_eq!(RoomVersionId::parse(&format!("{v}")).unwrap().to_owned(), v);
        let n = NamespacedId::parse(&ns).unwrap();
        prop_assert_eq!(NamespacedId::parse(&format!("{n}")).unwrap().to_owned(), n);
        let o = OpaqueId::parse(&opq).unwrap();
        prop_assert_eq!(OpaqueId::parse(&format!("{o}")).unwrap().to_owned(), o);
        let mxc = format!("mxc://{server}/{media}");
        let m = MxcUri::parse(&mxc).unwrap();
        prop_assert_eq!(m.server_name().as_str(), server.as_str());
        prop_assert_eq!(m.media_id(), media.as_str());
        prop_assert_eq!(MxcUri::parse(&format!("{m}")).unwrap().to_owned(), m);
    }

    #[test]
    fn matrix_uris_round_trip(
        kind in 0u8..3,
        local in lenient_local(),
        server in server_name(),
        hash in url_safe_hash(),
        event in proptest::option::of(prop_oneof![
            (lenient_local(), server_name()).prop_map(|(l, s)| format!("${l}:{s}")),
            standard_hash().prop_map(|h| format!("${h}")),
            url_safe_hash().prop_map(|h| format!("${h}")),
        ]),
        via in proptest::collection::vec(server_name(), 0..4),
        action in proptest::option::of(prop_oneof![
            Just(UriAction::Join),
            Just(UriAction::Chat),
            "[a-z&=+ ]{1,8}".prop_map(|s| UriAction::Other(s.into())),
        ]),
    ) {
        let id: MatrixId = match kind {
            0 => UserId::parse(&format!("@{local}:{server}")).map(Into::into),
            1 => RoomAliasId::parse(&format!("#{local}:{server}")).map(Into::into),
            _ if local.len() % 2 == 0 => RoomId::parse(&format!("!{hash}")).map(Into::into),
            _ => RoomId::parse(&format!("!{local}:{server}")).map(Into::into),
        }.map_err(|e| TestCaseError::reject(e.to_string()))?;
        let via: Vec<OwnedServerName> = via.iter().map(|s| ServerName::parse(s).unwrap().to_owned()).collect();
        let event: Option<OwnedEventId> = match event {
            Some(e) => Some(EventId::parse(&e).map_err(|e| TestCaseError::reject(e.to_string()))?.to_owned()),
            None => None,
        };
        let mut uri = MatrixUri::new(id.clone()).with_via(via.clone());
        let mut link = MatrixToUri::new(id).with_via(via);
        if let Some(action) = action {
            uri = uri.with_action(action);
        }
        if let Some(event) = event
            && uri.id().is_room()
        {
            uri = uri.with_event_id(event.clone()).unwrap();
            link = link.with_event_id(event).unwrap();
        }
        prop_assert_eq!(MatrixUri::parse(&format!("{uri}")).unwrap().to_owned(), uri.clone());
        prop_assert_eq!(MatrixToUri::parse(&format!("{link}")).unwrap().to_owned(), link);
        let json = serde_json::to_string(&uri).unwrap();
        prop_assert_eq!(serde_json::from_str::<MatrixUri>(&json).unwrap(), uri);
    }

    #[test]
    fn no_parser_panics(s in arbitrary_input()) {
        let _ = ServerName::parse(&s).map(|n| (n.host(), n.port(), n.host_kind(), n.ip(), n.is_valid_hostname()));
        let _ = UserId::parse(&s).map(|id| (id.localpart(), id.server_name().port(), id.is_historical(), id.is_compliant()));
        let _ = UserId::parse_strict(&s);
        let _ = RoomId::parse(&s).map(|id| (id.localpart(), id.server_name(), id.hash(), id.create_event_id()));
        let _ = EventId::parse(&s).map(|id| (id.format(), id.localpart(), id.server_name(), id.hash(), id.to_room_id()));
        let _ = RoomAliasId::parse(&s).map(|id| (id.alias(), id.server_name().host()));
        let _ = DeviceId::parse(&s);
        let _ = KeyId::parse(&s).map(|k| (k.algorithm(), k.version()));
        let _ = KeyId::parse_strict(&s);
        let _ = RoomVersionId::parse(&s);
        let _ = NamespacedId::parse(&s);
        let _ = OpaqueId::parse(&s);
        let _ = MxcUri::parse(&s).map(|m| (m.server_name().host(), m.media_id()));
        let _ = MatrixUri::parse(&s).map(|u| u.to_string());
        let _ = MatrixToUri::parse(&s).map(|u| u.to_string());
        let _ = map_to_localpart(&s, true);
        // Errors display without panicking too.
        if let Err(e) = UserId::parse(&s) {
            let _ = e.to_string();
        }
    }

    #[test]
    fn wf_sn_3_ipv6_agrees_with_std(inner in prop_oneof![near_ipv6(), "[0-9a-fA-F:.]{0,46}"]) {
        let ours = ServerName::parse(&format!("[{inner}]")).is_ok();
        let std = inner.parse::<Ipv6Addr>().is_ok();
        prop_assert_eq!(ours, std, "{}", inner);
    }

    #[test]
    fn wf_sn_3_ipv6_accepts_every_std_rendering(n in any::<u128>()) {
        let addr = Ipv6Addr::from(n);
        let s = format!("[{addr}]");
        let name = ServerName::parse(&s).unwrap();
        prop_assert_eq!(name.ip(), Some(addr.into()));
        // The full, uncompressed form too.
        let segs = addr.segments();
        let full = format!(
            "[{:04x}:{:04x}:{:04x}:{:04x}:{:04x}:{:04x}:{:04x}:{:04x}]",
            segs[0], segs[1], segs[2], segs[3], segs[4], segs[5], segs[6], segs[7]
        );
        prop_assert!(ServerName::parse(&full).is_ok());
    }

    #[test]
    fn wf_sn_2_ipv4_classification(s in "[0-9.]{1,17}") {
        prop_assume!(ServerName::parse(&s).is_ok());
        let parts: Vec<&str> = s.split('.').collect();
        let reference = parts.len() == 4
            && parts.iter().all(|p| (1..=3).contains(&p.len()) && p.parse::<u32>().is_ok_and(|v| v <= 255));
        let kind = ServerName::parse(&s).unwrap().host_kind();
        prop_assert_eq!(kind == HostKind::Ipv4, reference, "{}", s);
    }
}

/// The IPv6 generator must produce both valid and invalid addresses, or
/// the agreement test above would prove little.
#[test]
fn near_ipv6_generator_covers_both_outcomes() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut valid, mut invalid) = (0, 0);
    for _ in 0..2000 {
        let s = near_ipv6().new_tree(&mut runner).unwrap().current();
        if s.parse::<Ipv6Addr>().is_ok() {
            valid += 1;
        } else {
            invalid += 1;
        }
    }
    assert!(
        valid > 20 && invalid > 20,
        "valid {valid}, invalid {invalid}"
    );
}
