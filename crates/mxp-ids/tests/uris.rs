//! `matrix:` URIs (`WF-URI-1`), matrix.to links (`WF-URI-2`) and `via`
//! routing (`WF-URI-3`).

use mxp_ids::{
    EventId, IdError, MatrixId, MatrixToUri, MatrixUri, RoomAliasId, RoomId, ServerName, UriAction,
    UserId, recommended_via,
};

fn server(s: &str) -> mxp_ids::OwnedServerName {
    ServerName::parse(s).unwrap().to_owned()
}

#[test]
fn wf_uri_1_spec_examples() {
    let uri = MatrixUri::parse("matrix:r/somewhere:example.org").unwrap();
    assert_eq!(
        uri.id(),
        &MatrixId::RoomAlias(
            RoomAliasId::parse("#somewhere:example.org")
                .unwrap()
                .to_owned()
        )
    );
    assert!(uri.via().is_empty() && uri.action().is_none() && uri.event_id().is_none());
    assert_eq!(uri.to_string(), "matrix:r/somewhere:example.org");

    let uri = MatrixUri::parse("matrix:roomid/somewhere:example.org?via=elsewhere.ca").unwrap();
    assert_eq!(uri.id().as_str(), "!somewhere:example.org");
    assert_eq!(uri.id().kind_str(), "room_id");
    assert_eq!(uri.via(), [server("elsewhere.ca")]);
    assert_eq!(
        uri.to_string(),
        "matrix:roomid/somewhere:example.org?via=elsewhere.ca"
    );

    // The spec's `e/event` uses `event` as a placeholder: `$event` is not a
    // valid event ID (WF-EID-*), so the URI is rejected; with a real ID it
    // parses.
    assert_eq!(
        MatrixUri::parse("matrix:roomid/somewhere:example.org/e/event?via=elsewhere.ca"),
        Err(IdError::InvalidUriComponent {
            part: "event ID",
            reason: "neither `:server_name` nor a 43-character hash"
        })
    );
    let uri = MatrixUri::parse(
        "matrix:roomid/somewhere:example.org/e/event:example.org?via=elsewhere.ca",
    )
    .unwrap();
    assert_eq!(uri.event_id().unwrap().as_str(), "$event:example.org");

    let uri = MatrixUri::parse("matrix:u/alice:example.org?action=chat").unwrap();
    assert_eq!(uri.id().as_str(), "@alice:example.org");
    assert_eq!(uri.id().kind_str(), "user");
    assert_eq!(uri.action(), Some(&UriAction::Chat));
    assert_eq!(uri.to_string(), "matrix:u/alice:example.org?action=chat");
}

#[test]
fn wf_uri_1_legacy_types_are_read_not_written() {
    let uri = MatrixUri::parse("matrix:user/alice:example.org").unwrap();
    assert_eq!(uri.to_string(), "matrix:u/alice:example.org");
    let uri = MatrixUri::parse("matrix:room/somewhere:example.org").unwrap();
    assert_eq!(uri.to_string(), "matrix:r/somewhere:example.org");
    let uri = MatrixUri::parse("matrix:roomid/a:example.org/event/b:example.org").unwrap();
    assert_eq!(
        uri.to_string(),
        "matrix:roomid/a:example.org/e/b:example.org"
    );
}

#[test]
fn wf_uri_1_v12_room_ids_and_percent_encoding() {
    let room = RoomId::parse("!Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ").unwrap();
    let event = EventId::parse("$acR1l0raoZnm60CBwAVgqbZqoO/mYU81xysh1u7XcJk").unwrap();
    let uri = MatrixUri::new(room)
        .with_event_id(event.to_owned())
        .unwrap()
        .with_via([server("example.org"), server("[::1]:8448")])
        .with_action(UriAction::Join);
    let text = uri.to_string();
    assert_eq!(
        text,
        "matrix:roomid/Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ/e/acR1l0raoZnm60CBwAVgqbZqoO%2FmYU81xysh1u7XcJk?action=join&via=example.org&via=%5B::1%5D:8448"
    );
    assert_eq!(MatrixUri::parse(&text).unwrap(), uri);
    // Characters that would be misread are encoded, and decoded on reading.
    let user = UserId::parse("@a/b?c#d%e&f=g h:example.org").unwrap();
    let uri = MatrixUri::new(user);
    assert_eq!(
        uri.to_string(),
        "matrix:u/a%2Fb%3Fc%23d%25e%26f=g%20h:example.org"
    );
    assert_eq!(
        MatrixUri::parse(&uri.to_string()).unwrap().id().as_str(),
        user.as_str()
    );
    let uri = MatrixUri::parse("matrix:u/%C3%A9:example.org").unwrap();
    assert_eq!(uri.id().as_str(), "@é:example.org");
    assert_eq!(
        MatrixUri::parse("matrix:u/%FF:example.org"),
        Err(IdError::InvalidPercentEncoding)
    );
}

#[test]
fn wf_uri_1_query_authority_and_fragment() {
    let uri = MatrixUri::parse(
        "matrix://authority/roomid/a:example.org?via=b.example&org.example.custom=1&via=c.example&action=join#frag",
    )
    .unwrap();
    assert_eq!(uri.via(), [server("b.example"), server("c.example")]);
    assert_eq!(uri.action(), Some(&UriAction::Join));
    let uri = MatrixUri::parse("matrix:u/a:b?action=knock").unwrap();
    assert_eq!(uri.action(), Some(&UriAction::Other("knock".into())));
    assert_eq!(uri.to_string(), "matrix:u/a:b?action=knock");
    assert_eq!(
        MatrixUri::parse("matrix:u/a:b?action=chat&action=join"),
        Err(IdError::InvalidUri("`action` is given more than once"))
    );
    assert_eq!(
        MatrixUri::parse("matrix:roomid/a:b?via=exa%20mple.org"),
        Err(IdError::InvalidUriComponent {
            part: "via server name",
            reason: "invalid character"
        })
    );
}

#[test]
fn wf_uri_1_rejects_malformed_uris() {
    for s in [
        "",
        "matrix:",
        "matrix:u",
        "matrix:u/",
        "matrix:x/a:b",
        "matrix:u/alice",
        "matrix:u/a:b/e/c:d",
        "matrix:r/a:b/e",
        "matrix:r/a:b/x/c:d",
        "matrix:r/a:b/e/c:d/extra",
        "matrix:roomid/abc",
        "mxc:u/a:b",
        "matrix://authority",
        "MATRIX:u/a:b",
    ] {
        assert!(MatrixUri::parse(s).is_err(), "{s:?}");
    }
    let user = UserId::parse("@a:b").unwrap();
    assert!(
        MatrixUri::new(user)
            .with_event_id(EventId::parse("$e:b").unwrap().to_owned())
            .is_err()
    );
    // `WF-URI-2`: the same for a matrix.to link; rooms and aliases can.
    let event = EventId::parse("$e:b").unwrap().to_owned();
    assert_eq!(
        MatrixToUri::new(user.to_owned())
            .with_event_id(event.clone())
            .unwrap_err(),
        IdError::InvalidUri("only a room can carry an event")
    );
    for room in [
        MatrixId::from(RoomId::parse("!r:b").unwrap().to_owned()),
        MatrixId::from(RoomAliasId::parse("#r:b").unwrap().to_owned()),
    ] {
        let link = MatrixToUri::new(room).with_event_id(event.clone()).unwrap();
        assert_eq!(link.event_id(), Some(&*event));
    }
}

#[test]
fn wf_uri_2_spec_examples_both_forms() {
    let cases = [
        (
            "https://matrix.to/#/%23somewhere:example.org",
            "#somewhere:example.org",
            None,
            &[][..],
        ),
        (
            "https://matrix.to/#/!somewhere:example.org?via=elsewhere.ca",
            "!somewhere:example.org",
            None,
            &["elsewhere.ca"][..],
        ),
        (
            "https://matrix.to/#/!somewhere:example.org/$event:example.org?via=elsewhere.ca",
            "!somewhere:example.org",
            Some("$event:example.org"),
            &["elsewhere.ca"][..],
        ),
        (
            "https://matrix.to/#/@alice:example.org",
            "@alice:example.org",
            None,
            &[][..],
        ),
        (
            "https://matrix.to/#/%23somewhere%3Aexample.org",
            "#somewhere:example.org",
            None,
            &[][..],
        ),
        (
            "https://matrix.to/#/%21somewhere%3Aexample.org?via=elsewhere.ca",
            "!somewhere:example.org",
            None,
            &["elsewhere.ca"][..],
        ),
        (
            "https://matrix.to/#/%21somewhere%3Aexample.org/%24event%3Aexample.org?via=elsewhere.ca",
            "!somewhere:example.org",
            Some("$event:example.org"),
            &["elsewhere.ca"][..],
        ),
        (
            "https://matrix.to/#/%40alice%3Aexample.org",
            "@alice:example.org",
            None,
            &[][..],
        ),
    ];
    for (link, id, event, via) in cases {
        let parsed = MatrixToUri::parse(link).unwrap_or_else(|e| panic!("{link}: {e}"));
        assert_eq!(parsed.id().as_str(), id, "{link}");
        assert_eq!(parsed.event_id().map(EventId::as_str), event, "{link}");
        let got: Vec<&str> = parsed.via().iter().map(|s| s.as_str()).collect();
        assert_eq!(got, via, "{link}");
        // Building writes the first (minimally encoded) form.
        assert_eq!(MatrixToUri::parse(&parsed.to_string()).unwrap(), parsed);
    }
    assert_eq!(
        MatrixToUri::parse(cases[4].0).unwrap().to_string(),
        "https://matrix.to/#/%23somewhere:example.org"
    );
    assert_eq!(
        MatrixToUri::parse(cases[6].0).unwrap().to_string(),
        cases[2].0
    );
}

#[test]
fn wf_uri_2_tolerates_unencoded_v3_event_ids_and_extra_slashes() {
    let link = "https://matrix.to/#/!a:example.org/$acR1l0raoZnm60CBwAVgqbZqoO/mYU81xysh1u7XcJk/";
    let parsed = MatrixToUri::parse(link).unwrap();
    assert_eq!(
        parsed.event_id().unwrap().as_str(),
        "$acR1l0raoZnm60CBwAVgqbZqoO/mYU81xysh1u7XcJk"
    );
    assert_eq!(
        parsed.to_string(),
        "https://matrix.to/#/!a:example.org/$acR1l0raoZnm60CBwAVgqbZqoO%2FmYU81xysh1u7XcJk"
    );
    let v12 =
        MatrixToUri::parse("https://matrix.to/#/!Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ/")
            .unwrap();
    assert!(matches!(v12.id(), MatrixId::RoomId(id) if id.is_hash_form()));
}

#[test]
fn wf_uri_2_rejects_malformed_links() {
    assert_eq!(
        MatrixToUri::parse("https://matrix.to/#/%2Bexample%3Aexample.org"),
        Err(IdError::InvalidUri(
            "group IDs (`+`) are no longer specified"
        ))
    );
    for s in [
        "http://matrix.to/#/@a:b",
        "https://matrix.to/#@a:b",
        "https://matrix.to/#/",
        "https://matrix.to/#/alice:example.org",
        "https://matrix.to/#/$event:example.org",
        "https://matrix.to/#/@alice:example.org/$e:example.org",
        "https://matrix.to/#/!a:b/$nope",
        "https://matrix.to/#/@a:b?via=bad_server",
        "https://matrix.to/#/%40%FF:b",
    ] {
        assert!(MatrixToUri::parse(s).is_err(), "{s}");
    }
}

#[test]
fn wf_uri_2_converts_to_and_from_matrix_uris() {
    let uri =
        MatrixUri::parse("matrix:roomid/a:example.org/e/b:example.org?via=c.example&action=join")
            .unwrap();
    let link = MatrixToUri::from(&uri);
    assert_eq!(
        link.to_string(),
        "https://matrix.to/#/!a:example.org/$b:example.org?via=c.example"
    );
    let back = MatrixUri::from(link);
    assert_eq!(back.action(), None);
    assert_eq!(back.event_id(), uri.event_id());
    assert_eq!(back.via(), uri.via());
}

#[test]
fn wf_uri_3_via_choice() {
    let users = [
        ("@admin:small.example", 100),
        ("@a:big.example", 0),
        ("@b:big.example", 0),
        ("@c:big.example", 0),
        ("@d:mid.example", 0),
        ("@e:mid.example", 0),
        ("@f:tiny.example", 0),
        ("@g:1.2.3.4", 0),
        ("@h:[::1]", 0),
        ("@i:banned.example", 0),
        ("@j:banned.example", 0),
        ("@k:banned.example", 0),
        ("@l:banned.example", 0),
    ];
    let members: Vec<(&UserId, i64)> = users
        .iter()
        .map(|(u, pl)| (UserId::parse(u).unwrap(), *pl))
        .collect();
    let allowed = |s: &ServerName| s.as_str() != "banned.example";
    let via = recommended_via(members.iter().copied(), allowed);
    assert_eq!(
        via,
        [
            server("small.example"),
            server("big.example"),
            server("mid.example")
        ]
    );
    // Highest power below 50: the most populous servers only.
    let low: Vec<(&UserId, i64)> = members.iter().map(|&(u, _)| (u, 49)).collect();
    let via = recommended_via(low.iter().copied(), allowed);
    assert_eq!(
        via,
        [
            server("big.example"),
            server("mid.example"),
            server("small.example")
        ]
    );
    // IP literals are never chosen, even when they are all there is.
    let ips = [(UserId::parse("@a:1.2.3.4").unwrap(), 100)];
    assert!(recommended_via(ips, |_| true).is_empty());
    // A banned highest-power server is skipped too.
    let via = recommended_via(
        members
            .iter()
            .map(|&(u, _)| (u, if u.localpart() == "i" { 100 } else { 0 })),
        allowed,
    );
    assert_eq!(via[0], server("big.example"));
}
