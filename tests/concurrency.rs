//! Concurrency (issue 7): resolving and authorizing many generated rooms on
//! several threads at once gives exactly the answers of a sequential run, and
//! every public type is `Send + Sync` (checked at compile time). There is no
//! hidden shared state: nothing global, nothing thread-local.

use std::collections::BTreeMap;

use mxp::auth::{RuleId, check_state_dependent, check_state_independent};
use mxp::ids::OwnedEventId;
use mxp::room_versions::RoomVersionRules;
use mxp::state_res::Resolver;
use mxp_testkit::{GeneratedRoom, Shape, TestEvent, generate};

/// Compile-time: every public type of every crate can be sent to and shared
/// between threads.
const fn send_sync<T: ?Sized + Send + Sync>() {}

const _: () = {
    use mxp::{auth, canonical_json, events, ids, redaction, room_versions, signatures, state_res};
    // ids
    send_sync::<ids::UserId>();
    send_sync::<ids::OwnedUserId>();
    send_sync::<ids::RoomId>();
    send_sync::<ids::OwnedRoomId>();
    send_sync::<ids::EventId>();
    send_sync::<ids::OwnedEventId>();
    send_sync::<ids::RoomAliasId>();
    send_sync::<ids::OwnedRoomAliasId>();
    send_sync::<ids::ServerName>();
    send_sync::<ids::OwnedServerName>();
    send_sync::<ids::DeviceId>();
    send_sync::<ids::OwnedDeviceId>();
    send_sync::<ids::KeyId>();
    send_sync::<ids::OwnedKeyId>();
    send_sync::<ids::RoomVersionId>();
    send_sync::<ids::OwnedRoomVersionId>();
    send_sync::<ids::MxcUri>();
    send_sync::<ids::OwnedMxcUri>();
    send_sync::<ids::NamespacedId>();
    send_sync::<ids::OwnedNamespacedId>();
    send_sync::<ids::OpaqueId>();
    send_sync::<ids::OwnedOpaqueId>();
    send_sync::<ids::MatrixUri>();
    send_sync::<ids::MatrixToUri>();
    send_sync::<ids::MatrixId>();
    send_sync::<ids::UriAction>();
    send_sync::<ids::SigningKeyAlgorithm<'static>>();
    send_sync::<ids::HostKind>();
    send_sync::<ids::EventIdFormat>();
    send_sync::<ids::RoomIdFormat>();
    send_sync::<ids::IdError>();
    // canonical JSON
    send_sync::<canonical_json::CanonicalJsonValue>();
    send_sync::<canonical_json::CanonicalJsonObject>();
    send_sync::<canonical_json::ParseOptions>();
    send_sync::<canonical_json::NumberMode>();
    send_sync::<canonical_json::ParseError>();
    send_sync::<canonical_json::EncodeError>();
    send_sync::<canonical_json::ConvertError>();
    send_sync::<canonical_json::SerializeError>();
    // room versions
    send_sync::<room_versions::RoomVersionRules>();
    send_sync::<room_versions::AuthorizationRules>();
    send_sync::<room_versions::RedactionRules>();
    send_sync::<room_versions::SignatureRules>();
    send_sync::<room_versions::StateResolution>();
    send_sync::<room_versions::UnsupportedRoomVersion>();
    // redaction
    send_sync::<redaction::RedactionError>();
    send_sync::<redaction::RedactedEncodeError>();
    // signatures
    send_sync::<signatures::SigningKey>();
    send_sync::<signatures::PublicKey>();
    send_sync::<signatures::Signature>();
    send_sync::<signatures::KeyRing>();
    send_sync::<signatures::VerifyKey>();
    send_sync::<signatures::KeyValidity>();
    send_sync::<signatures::SignatureReport>();
    send_sync::<signatures::EntityReport>();
    send_sync::<signatures::EntityStatus>();
    send_sync::<signatures::KeyCheck>();
    send_sync::<signatures::CheckOutcome>();
    send_sync::<signatures::SignatureBatch<'static>>();
    send_sync::<signatures::BatchResult>();
    send_sync::<signatures::BatchMode>();
    send_sync::<signatures::EventVerification>();
    send_sync::<signatures::RequiredSigners>();
    send_sync::<signatures::ContentHashCheck>();
    send_sync::<signatures::XMatrix>();
    send_sync::<signatures::ServerKeys>();
    send_sync::<signatures::OldVerifyKey>();
    send_sync::<signatures::base64::Alphabet>();
    send_sync::<signatures::base64::Base64Error>();
    send_sync::<signatures::SignError>();
    send_sync::<signatures::VerifyError>();
    send_sync::<signatures::SignEventError>();
    send_sync::<signatures::VerifyEventError>();
    send_sync::<signatures::EventHashError>();
    send_sync::<signatures::HashError>();
    send_sync::<signatures::KeyError>();
    send_sync::<signatures::BadSignature>();
    send_sync::<signatures::XMatrixParseError>();
    send_sync::<signatures::RequestSignError>();
    send_sync::<signatures::RequestVerifyError>();
    send_sync::<signatures::ServerKeysError>();
    // events
    send_sync::<events::Pdu>();
    send_sync::<events::PduError>();
    send_sync::<events::Verified<events::Pdu>>();
    send_sync::<events::VerifyPduError>();
    send_sync::<events::Expected<'static>>();
    send_sync::<events::Field>();
    send_sync::<events::content::CreateContent<'static>>();
    send_sync::<events::content::MemberContent<'static>>();
    send_sync::<events::content::Membership<'static>>();
    send_sync::<events::content::JoinRulesContent<'static>>();
    send_sync::<events::content::JoinRule<'static>>();
    send_sync::<events::content::PowerLevelsContent<'static>>();
    send_sync::<events::content::PowerLevelField>();
    send_sync::<events::content::RedactionContent<'static>>();
    send_sync::<events::content::AliasesContent<'static>>();
    send_sync::<events::content::ThirdPartyInviteContent<'static>>();
    send_sync::<events::content::ContentError>();
    send_sync::<events::content::PowerLevelError>();
    // auth
    send_sync::<auth::AuthCheck<'static>>();
    send_sync::<auth::Allowed>();
    send_sync::<auth::Rejection>();
    send_sync::<auth::Rule>();
    send_sync::<auth::RuleId>();
    send_sync::<auth::Action>();
    send_sync::<auth::UserPowerLevel>();
    send_sync::<auth::RoomCreators<'static>>();
    send_sync::<auth::RoomPowerLevels<'static>>();
    send_sync::<auth::AuthTypes<'static>>();
    send_sync::<auth::SignaturesVerifiedOnReceipt>();
    // state resolution
    send_sync::<state_res::Resolver>();
    send_sync::<state_res::ResolvedState<'static>>();
    send_sync::<state_res::ResolveError>();
    send_sync::<state_res::Budget>();
    send_sync::<state_res::Rejection>();
};

/// Rooms of the three algorithms, in several shapes.
fn rooms() -> Vec<GeneratedRoom> {
    let versions: [(RoomVersionRules, &str); 4] = [
        (RoomVersionRules::V1, "1"),
        (RoomVersionRules::V6, "6"),
        (RoomVersionRules::V11, "11"),
        (RoomVersionRules::V12, "12"),
    ];
    let mut out = Vec::new();
    for seed in 0..4u64 {
        for (rules, version) in &versions {
            out.push(generate(&Shape {
                rules: *rules,
                version: (*version).to_owned(),
                members: 12 + seed as usize * 3,
                changers: 6,
                changes: 2,
                bans: 2 + seed as usize,
                power_every: Some(2 + seed as usize),
                forks: 2 + (seed as usize % 3),
                users_map: 3,
                seed,
            }));
        }
    }
    out
}

/// What one room gives: the resolved state, and each event's verdict against
/// its own auth events.
#[derive(Debug, PartialEq, Eq)]
struct Answers {
    resolved: BTreeMap<(String, String), OwnedEventId>,
    verdicts: Vec<(OwnedEventId, Result<RuleId, RuleId>)>,
}

fn answer(room: &GeneratedRoom, seed: u64) -> Answers {
    let resolved = Resolver::new(&room.rules)
        .seed(seed)
        .resolve(&room.state_sets, &room.events)
        .expect("generated rooms resolve")
        .to_btree_map();
    let verdicts = room
        .order
        .iter()
        .map(|id| {
            let event = &room.events[id];
            let auth: Vec<&TestEvent> = event
                .auth_events
                .iter()
                .filter_map(|a| room.events.get(a))
                .collect();
            let verdict = check_state_independent(&room.rules, event, &auth)
                .and_then(|()| check_state_dependent(&room.rules, event, &auth))
                .map(|a| a.rule_id())
                .map_err(|r| r.rule_id());
            (id.clone(), verdict)
        })
        .collect();
    Answers { resolved, verdicts }
}

#[test]
fn threads_give_exactly_the_sequential_answers() {
    let rooms = rooms();
    let sequential: Vec<Answers> = rooms.iter().map(|r| answer(r, 0)).collect();
    // The generated rooms are real rooms: most events pass their auth events.
    let allowed = sequential
        .iter()
        .flat_map(|a| &a.verdicts)
        .filter(|(_, v)| v.is_ok())
        .count();
    assert!(
        allowed > sequential.len() * 10,
        "only {allowed} events allowed"
    );

    const THREADS: usize = 4;
    let per_thread: Vec<Vec<(usize, Answers)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                let rooms = &rooms;
                scope.spawn(move || {
                    // Every thread does every room, starting at a different
                    // one and with its own hash seed, so the same data is read
                    // by all threads at once.
                    (0..rooms.len())
                        .map(|i| {
                            let i = (i + t * 3) % rooms.len();
                            (i, answer(&rooms[i], 100 + t as u64))
                        })
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("no thread panics"))
            .collect()
    });
    for answers in per_thread {
        assert_eq!(answers.len(), rooms.len());
        for (i, a) in answers {
            assert_eq!(a, sequential[i], "room {i} differs on a thread");
        }
    }
}
