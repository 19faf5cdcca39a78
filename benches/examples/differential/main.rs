//! Differential testing against ruma: the same inputs through mxp and through
//! `ruma-state-res` 0.18 (and `ruma-common`/`ruma-signatures`), every
//! disagreement printed with the known divergence that explains it, or
//! `UNEXPLAINED`. Five kinds of input, each drawn from a seed:
//!
//! ```sh
//! cd benches
//! cargo run --release --example differential -- [rooms] [seed] [room to show]
//! cargo run --release --example differential -- shapes [rooms] [seed]
//! cargo run --release --example differential -- auth [cases] [seed] [case to show]
//! cargo run --release --example differential -- redaction [events] [seed]
//! cargo run --release --example differential -- json [texts] [seed]
//! ```
//!
//! - State resolution of rooms from the `state_res` fuzz target's generator
//!   (forks of events each authorized against its fork's state, merged by
//!   resolution), without its hostile mutations, in room versions 2–12
//!   (`rooms.rs`). The third argument prints one room in full.
//! - `shapes`: state resolution of small random `mxp_testkit::Shape`s (forks
//!   of display name changes, bans and power level changes: every room has
//!   conflicts).
//! - `auth`: events against small states from the `auth` fuzz target's
//!   generator, made honest (`auth.rs`).
//! - `redaction`: redaction, content hash and reference hash of random events
//!   in every room version (`redaction.rs`).
//! - `json`: canonical JSON of random JSON text, strictly parsed
//!   (`canonical_json.rs`).
//!
//! ruma gets the auth chains and (v12) the conflicted state subgraph it asks
//! its caller for, computed by the bench's `RumaStore`.

mod auth;
mod canonical_json;
mod redaction;
mod rooms;

use auth::auth_cases;
use canonical_json::canonical_json_cases;
use redaction::redaction_cases;
use rooms::{Tally, fuzz_rooms, shape_rooms};

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use arbitrary::{Arbitrary, Unstructured};
use mxp::canonical_json::CanonicalJsonValue;
use mxp::room_versions::RoomVersionRules;
use mxp::state_res::{Budget, EventSource, Resolver};
use mxp_benches::ruma_pdu::{RumaPdu, RumaStore, conflicted_state_set, ruma_state_map};
use mxp_fuzz::auth::AuthInput;
use mxp_fuzz::state_res::{Built, ResInput, build_room};
use mxp_testkit::{Shape, StateMap, TestEvent, generate};
use ruma_common::room_version_rules::{AuthorizationRules, StateResolutionV2Rules};
use ruma_events::StateEventType;
use ruma_state_res::Event as _;

/// SplitMix64: a small seeded generator, enough to draw fuzz inputs.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `min` to `min + spread - 1` random bytes: the input of a fuzz generator.
fn random_bytes(rng: &mut u64, min: usize, spread: u64) -> Vec<u8> {
    let len = min + (next(rng) % spread) as usize;
    (0..len).map(|_| next(rng) as u8).collect()
}

/// Whether two outcomes agree: the same value, or both an error.
fn agree<T: PartialEq>(a: &Result<T, String>, b: &Result<T, String>) -> bool {
    match (a, b) {
        (Ok(a), Ok(b)) => a == b,
        (Err(_), Err(_)) => true,
        _ => false,
    }
}

/// The room version number of `rules` (1–12).
fn version_of(rules: &RoomVersionRules) -> usize {
    RoomVersionRules::ALL
        .iter()
        .position(|(_, r)| *r == rules)
        .map_or(0, |i| i + 1)
}

fn ruma_rules(version: usize) -> Option<(AuthorizationRules, StateResolutionV2Rules)> {
    use ruma_common::room_version_rules::RoomVersionRules as R;
    let rules = match version {
        2 => R::V2,
        3 => R::V3,
        4 => R::V4,
        5 => R::V5,
        6 => R::V6,
        7 => R::V7,
        8 => R::V8,
        9 => R::V9,
        10 => R::V10,
        11 => R::V11,
        12 => R::V12,
        _ => return None,
    };
    let sr = if version == 12 {
        StateResolutionV2Rules::V2_1
    } else {
        StateResolutionV2Rules::V2_0
    };
    Some((rules.authorization, sr))
}

/// The fields of `event` that ruma's `Event` reads, as PDU JSON (the fuzz
/// generator's events carry them as fields; their `json` may be partial).
fn pdu_json(event: &TestEvent) -> serde_json::Value {
    let mut json = serde_json::json!({
        "type": event.event_type,
        "sender": event.sender.as_str(),
        "origin_server_ts": event.origin_server_ts,
        "depth": event.depth,
        "content": serde_json::Value::from(CanonicalJsonValue::Object(event.content.clone())),
        "prev_events": event.prev_events.iter().map(|id| id.as_str()).collect::<Vec<_>>(),
        "auth_events": event.auth_events.iter().map(|id| id.as_str()).collect::<Vec<_>>(),
    });
    if let Some(room) = &event.room_id {
        json["room_id"] = room.as_str().into();
    }
    if let Some(key) = &event.state_key {
        json["state_key"] = key.as_str().into();
    }
    if let Some(redacts) = event.content.get("redacts").and_then(|r| r.as_str()) {
        json["redacts"] = redacts.into();
    }
    json
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).is_some_and(|a| a == "json") {
        let arg = |i: usize| args.get(i).and_then(|a| a.parse::<u64>().ok());
        canonical_json_cases(arg(2).unwrap_or(1_000_000), arg(3).unwrap_or(1));
        return;
    }
    if args.get(1).is_some_and(|a| a == "redaction") {
        let arg = |i: usize| args.get(i).and_then(|a| a.parse::<u64>().ok());
        redaction_cases(arg(2).unwrap_or(100_000), arg(3).unwrap_or(1));
        return;
    }
    if args.get(1).is_some_and(|a| a == "auth") {
        let arg = |i: usize| args.get(i).and_then(|a| a.parse::<u64>().ok());
        auth_cases(arg(2).unwrap_or(100_000), arg(3).unwrap_or(1), arg(4));
        return;
    }
    let shapes = args.get(1).is_some_and(|a| a == "shapes");
    let rest = if shapes { &args[2..] } else { &args[1..] };
    let arg = |i: usize| rest.get(i).and_then(|a| a.parse::<u64>().ok());
    let rooms = arg(0).unwrap_or(2000);
    let seed = arg(1).unwrap_or(1);
    let mut tally = Tally::default();
    if shapes {
        shape_rooms(rooms, seed, &mut tally);
        println!("\nshapes, seed {seed}, {rooms} rooms");
    } else {
        fuzz_rooms(rooms, seed, arg(2), &mut tally);
        println!(
            "\nfuzz generator, seed {seed}, {rooms} rooms drawn, {} skipped (undecodable or v1)",
            tally.skipped
        );
    }
    tally.print();
}
