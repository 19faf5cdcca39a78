//! Parses a few Matrix identifiers and prints their parts.
//!
//! Run with `cargo run --release --example quickstart`.

use mxp::ids::{EventId, MatrixToUri, MatrixUri, RoomId, ServerName, UserId};

fn main() {
    println!("== user IDs: lenient (received over federation) and strict (created)");
    for input in [
        "@alice:example.org",
        "@Bob:[::1]:8448",
        "@:example.org",
        "@alice:example.org:99999",
        "alice",
    ] {
        match UserId::parse(input) {
            Ok(id) => println!(
                "user {id}: localpart {:?}, server {}, historical {}, strict: {}",
                id.localpart(),
                id.server_name(),
                id.is_historical(),
                match UserId::parse_strict(input) {
                    Ok(_) => "valid".to_owned(),
                    Err(e) => format!("invalid ({e})"),
                }
            ),
            Err(e) => println!("{input:?} is not a user ID: {e}"),
        }
    }

    println!("\n== server names");
    for input in [
        "matrix.org:8448",
        "1.2.3.4",
        "[1234:5678::abcd]:5678",
        "[::1::2]",
    ] {
        match ServerName::parse(input) {
            Ok(name) => println!(
                "server {name}: host {}, port {:?}, {:?}",
                name.host(),
                name.port(),
                name.host_kind()
            ),
            Err(e) => println!("{input:?} is not a server name: {e}"),
        }
    }

    println!("\n== room and event IDs");
    for input in [
        "!abc:example.org",
        "!Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ",
    ] {
        match RoomId::parse(input) {
            Ok(id) => println!(
                "room {id}: server {:?}, v12 hash form {}, create event {:?}",
                id.server_name().map(ServerName::as_str),
                id.is_hash_form(),
                id.create_event_id().map(|e| e.to_string())
            ),
            Err(e) => println!("{input:?} is not a room ID: {e}"),
        }
    }
    for input in [
        "$event:example.org",
        "$acR1l0raoZnm60CBwAVgqbZqoO/mYU81xysh1u7XcJk",
        "$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg",
    ] {
        match EventId::parse(input) {
            Ok(id) => println!("event {id}: format {:?}", id.format()),
            Err(e) => println!("{input:?} is not an event ID: {e}"),
        }
    }

    println!("\n== links");
    let link =
        "https://matrix.to/#/%21somewhere%3Aexample.org/%24event%3Aexample.org?via=elsewhere.ca";
    match MatrixToUri::parse(link) {
        Ok(to) => {
            let uri = MatrixUri::from(to.clone());
            println!(
                "{link}\n  -> {} in {}\n  -> {uri}\n  -> {to}",
                to.event_id().map_or("", |e| e.as_str()),
                to.id()
            );
        }
        Err(e) => println!("{link:?} is not a matrix.to link: {e}"),
    }

    // Literals are checked at compile time.
    let admin: &UserId = mxp::ids::user_id!("@admin:example.org");
    println!("\ncompile-time checked literal: {admin}");
}
