//! Parses a few Matrix identifiers and prints their parts.

use mxp::ids::{EventId, RoomId, ServerName, UserId};

fn main() {
    for input in [
        "@alice:example.org",
        "@Bob:[::1]:8448",
        "@:example.org",
        "alice",
    ] {
        match UserId::parse(input) {
            Ok(id) => println!(
                "user {id}: localpart {:?}, server {}, historical {}",
                id.localpart(),
                id.server_name(),
                id.is_historical()
            ),
            Err(e) => println!("{input:?} is not a user ID: {e}"),
        }
    }
    for input in [
        "!abc:example.org",
        "!Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ",
    ] {
        match RoomId::parse(input) {
            Ok(id) => println!(
                "room {id}: server {:?}, v12 hash form {}",
                id.server_name().map(ServerName::as_str),
                id.is_hash_form()
            ),
            Err(e) => println!("{input:?} is not a room ID: {e}"),
        }
    }
    let event = "$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg";
    match EventId::parse(event) {
        Ok(id) => println!("event {id}: format {:?}", id.format()),
        Err(e) => println!("{event:?} is not an event ID: {e}"),
    }
}
