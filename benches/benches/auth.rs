//! Benchmarks: the authorization check of a display-name change and of a ban,
//! each against a power levels event with 1 and with 500 `users` entries.
//!
//! The power levels content is never converted into a map of parsed levels:
//! the check looks up the two users it needs in the event's own content, so its
//! cost does not grow with the size of `users`.

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use mxp::auth::{Rule, check_state_dependent};
use mxp::events::Pdu;
use mxp::ids::EventId;
use mxp::room_versions::RoomVersionRules;
use serde_json::{Value, json};

const ROOM: &str = "!room:a.org";
const ALICE: &str = "@alice:a.org";
const BOB: &str = "@bob:b.org";
const CAROL: &str = "@carol:c.org";

fn event_id(n: usize) -> String {
    format!("${n:A>43}")
}

fn pdu(n: usize, sender: &str, ty: &str, state_key: &str, content: Value) -> Pdu {
    let json = json!({
        "room_id": ROOM, "sender": sender, "type": ty, "state_key": state_key,
        "content": content, "origin_server_ts": 1_700_000_000_000_i64 + n as i64, "depth": n,
        "prev_events": [event_id(n - 1)], "auth_events": [event_id(1)],
        "hashes": {"sha256": "aGFzaA"}, "signatures": {"a.org": {"ed25519:1": "c2ln"}},
    });
    let bytes = serde_json::to_vec(&json).unwrap();
    let id = event_id(n);
    Pdu::from_json_bytes(
        &bytes,
        Some(EventId::parse(&id).unwrap()),
        &RoomVersionRules::V11,
    )
    .unwrap()
}

/// The state of a v11 room: create, power levels with `users` entries, join
/// rules `invite`, and Alice (100), Bob (50) and Carol (0) joined.
pub fn state(users: usize) -> HashMap<(String, String), Pdu> {
    let mut map = serde_json::Map::new();
    map.insert(ALICE.into(), json!(100));
    for i in 0..users.saturating_sub(1) {
        map.insert(format!("@user{i}:example.org"), json!(i % 100));
    }
    let events = [
        pdu(1, ALICE, "m.room.create", "", json!({"room_version": "11"})),
        pdu(
            2,
            ALICE,
            "m.room.member",
            ALICE,
            json!({"membership": "join"}),
        ),
        pdu(
            3,
            ALICE,
            "m.room.power_levels",
            "",
            json!({"users": map, "ban": 50, "kick": 50}),
        ),
        pdu(
            4,
            ALICE,
            "m.room.join_rules",
            "",
            json!({"join_rule": "invite"}),
        ),
        pdu(
            5,
            BOB,
            "m.room.member",
            BOB,
            json!({"membership": "join", "displayname": "Bob"}),
        ),
        pdu(
            6,
            CAROL,
            "m.room.member",
            CAROL,
            json!({"membership": "join"}),
        ),
    ];
    events
        .into_iter()
        .map(|e| {
            let key = (
                e.json()["type"].as_str().unwrap().to_owned(),
                e.json()["state_key"].as_str().unwrap().to_owned(),
            );
            (key, e)
        })
        .collect()
}

/// The same inputs for ruma-state-res 0.18.
mod ruma {
    use std::collections::HashMap;

    use ruma_common::{
        EventId, MilliSecondsSinceUnixEpoch, OwnedEventId, OwnedRoomId, OwnedUserId, RoomId, UserId,
    };
    use ruma_events::{StateEventType, TimelineEventType};
    use serde_json::value::{RawValue, to_raw_value};

    /// A PDU as ruma-state-res reads it.
    pub struct RumaEvent {
        id: OwnedEventId,
        room_id: OwnedRoomId,
        sender: OwnedUserId,
        ty: TimelineEventType,
        state_key: Option<String>,
        content: Box<RawValue>,
        prev: Vec<OwnedEventId>,
        auth: Vec<OwnedEventId>,
    }

    impl ruma_state_res::Event for RumaEvent {
        type Id = OwnedEventId;
        fn event_id(&self) -> &OwnedEventId {
            &self.id
        }
        fn room_id(&self) -> Option<&RoomId> {
            Some(&self.room_id)
        }
        fn sender(&self) -> &UserId {
            &self.sender
        }
        fn origin_server_ts(&self) -> MilliSecondsSinceUnixEpoch {
            MilliSecondsSinceUnixEpoch(js_int::uint!(1_700_000_000))
        }
        fn event_type(&self) -> &TimelineEventType {
            &self.ty
        }
        fn content(&self) -> &RawValue {
            &self.content
        }
        fn state_key(&self) -> Option<&str> {
            self.state_key.as_deref()
        }
        fn prev_events(&self) -> Box<dyn DoubleEndedIterator<Item = &OwnedEventId> + '_> {
            Box::new(self.prev.iter())
        }
        fn auth_events(&self) -> Box<dyn DoubleEndedIterator<Item = &OwnedEventId> + '_> {
            Box::new(self.auth.iter())
        }
        fn redacts(&self) -> Option<&OwnedEventId> {
            None
        }
        fn rejected(&self) -> bool {
            false
        }
    }

    /// Converts one of the mxp bench PDUs.
    pub fn convert(pdu: &mxp::events::Pdu) -> RumaEvent {
        use mxp::events::Event;
        let json: serde_json::Value =
            mxp::canonical_json::CanonicalJsonValue::Object(pdu.content().clone()).into();
        RumaEvent {
            id: EventId::parse(pdu.event_id().as_str()).unwrap(),
            room_id: RoomId::parse(pdu.room_id().unwrap().as_str()).unwrap(),
            sender: UserId::parse(pdu.sender().as_str()).unwrap(),
            ty: pdu.event_type().into(),
            state_key: pdu.state_key().map(Into::into),
            content: to_raw_value(&json).unwrap(),
            prev: pdu
                .prev_events()
                .iter()
                .map(|e| EventId::parse(e.as_str()).unwrap())
                .collect(),
            auth: pdu
                .auth_events()
                .iter()
                .map(|e| EventId::parse(e.as_str()).unwrap())
                .collect(),
        }
    }

    /// The state, keyed as ruma-state-res looks it up.
    pub fn state(
        mxp_state: &HashMap<(String, String), mxp::events::Pdu>,
    ) -> HashMap<(StateEventType, String), RumaEvent> {
        mxp_state
            .iter()
            .map(|((t, k), e)| ((t.as_str().into(), k.clone()), convert(e)))
            .collect()
    }
}

fn benches(c: &mut Criterion) {
    let rules = &RoomVersionRules::V11;
    let rename = pdu(
        10,
        BOB,
        "m.room.member",
        BOB,
        json!({"membership": "join", "displayname": "Robert"}),
    );
    let ban = pdu(
        11,
        ALICE,
        "m.room.member",
        CAROL,
        json!({"membership": "ban"}),
    );
    let mut group = c.benchmark_group("auth");
    for users in [1, 500] {
        let state = state(users);
        assert_eq!(
            check_state_dependent(rules, &rename, &state)
                .unwrap()
                .rule(),
            Rule::MemberJoinInviteRule
        );
        assert_eq!(
            check_state_dependent(rules, &ban, &state).unwrap().rule(),
            Rule::MemberBanLevel
        );
        group.bench_function(format!("mxp/displayname/{users}_users"), |b| {
            b.iter(|| check_state_dependent(rules, black_box(&rename), black_box(&state)))
        });
        group.bench_function(format!("mxp/ban/{users}_users"), |b| {
            b.iter(|| check_state_dependent(rules, black_box(&ban), black_box(&state)))
        });
        let ruma_rules = &ruma_common::room_version_rules::RoomVersionRules::V11.authorization;
        let ruma_state = ruma::state(&state);
        let fetch =
            |t: &ruma_events::StateEventType, k: &str| ruma_state.get(&(t.clone(), k.to_owned()));
        let (ruma_rename, ruma_ban) = (ruma::convert(&rename), ruma::convert(&ban));
        ruma_state_res::check_state_dependent_auth_rules(ruma_rules, &ruma_rename, fetch).unwrap();
        ruma_state_res::check_state_dependent_auth_rules(ruma_rules, &ruma_ban, fetch).unwrap();
        group.bench_function(format!("ruma/displayname/{users}_users"), |b| {
            b.iter(|| {
                ruma_state_res::check_state_dependent_auth_rules(
                    ruma_rules,
                    black_box(&ruma_rename),
                    fetch,
                )
            })
        });
        group.bench_function(format!("ruma/ban/{users}_users"), |b| {
            b.iter(|| {
                ruma_state_res::check_state_dependent_auth_rules(
                    ruma_rules,
                    black_box(&ruma_ban),
                    fetch,
                )
            })
        });
    }
    group.finish();
}

criterion_group!(group, benches);
criterion_main!(group);
