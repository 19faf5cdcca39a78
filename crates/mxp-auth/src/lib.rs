//! Matrix authorization rules for room versions 1 to 12, each rejection naming
//! its rule.
//!
//! The rules are those of the spec's room versions, numbered as the spec renders
//! them per version: a [`Rejection`] names its rule as `AUTH-v10-4.3.2` (see
//! [`Rule`] for the version-independent names). No I/O: the caller supplies the
//! events through two small traits, [`StateLookup`] (the state an event is
//! checked against, by `(type, state_key)`) and [`EventLookup`] (the events it
//! cites in `auth_events`, by ID, and which were rejected).
//!
//! The state-independent rules ([`check_state_independent`]: `create`,
//! `auth_events.*`, v12 `room_id_is_create`) are separate from the
//! state-dependent ones ([`check_state_dependent`]), so a server can run the
//! first once on receipt and the second against each candidate state, as state
//! resolution does.
//!
//! ```
//! use mxp_auth::{check, check_state_dependent, Rule};
//! use mxp_events::Pdu;
//! use mxp_ids::EventId;
//! use mxp_room_versions::RoomVersionRules;
//!
//! let rules = &RoomVersionRules::V11;
//! // PDUs as received; from v3 the event ID (the reference hash) is supplied.
//! let pdu = |id: &str, sender: &str, ty: &str, state_key: Option<&str>, content, auth: &[&str]| {
//!     let mut json = serde_json::json!({
//!         "room_id": "!room:a.org", "sender": sender, "type": ty, "content": content,
//!         "origin_server_ts": 0, "depth": 1, "prev_events": [], "auth_events": auth,
//!         "hashes": {"sha256": "aGFzaA"}, "signatures": {},
//!     });
//!     if let Some(k) = state_key { json["state_key"] = k.into(); }
//!     let id = EventId::parse(id).unwrap();
//!     Pdu::from_json_bytes(&serde_json::to_vec(&json).unwrap(), Some(id), rules).unwrap()
//! };
//! let create_id = "$cccccccccccccccccccccccccccccccccccccccccc1";
//! let join_id = "$jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj1";
//! let create = pdu(create_id, "@alice:a.org", "m.room.create", Some(""),
//!     serde_json::json!({"room_version": "11"}), &[]);
//! let join = pdu(join_id, "@alice:a.org", "m.room.member", Some("@alice:a.org"),
//!     serde_json::json!({"membership": "join"}), &[create_id]);
//! let state = vec![create, join];
//!
//! // Alice may talk: the full check, against her auth events and the state.
//! let hello = pdu("$mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm1", "@alice:a.org",
//!     "m.room.message", None, serde_json::json!({"body": "hi"}), &[create_id, join_id]);
//! assert_eq!(check(rules, &hello, &state, &state).unwrap().rule(), Rule::Allow);
//!
//! // Bob is not in the room.
//! let intruder = pdu("$bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb1", "@bob:b.org",
//!     "m.room.message", None, serde_json::json!({"body": "hi"}), &[create_id]);
//! let rejection = check_state_dependent(rules, &intruder, &state).unwrap_err();
//! assert_eq!(rejection.rule_id().to_string(), "AUTH-v11-5"); // sender_joined
//! assert_eq!(rejection.rule(), Rule::SenderJoined);
//! ```
//!
//! The auth events selection and rule IDs:
//!
//! ```
//! use mxp_auth::{auth_types_for_event, Rule};
//! use mxp_room_versions::RoomVersionRules;
//!
//! // Which auth events may a v11 join cite?
//! let content = mxp_canonical_json::CanonicalJsonValue::try_from(
//!     serde_json::json!({"membership": "join"})).unwrap();
//! let types = auth_types_for_event(&RoomVersionRules::V11, "m.room.member",
//!     "@alice:example.org", Some("@alice:example.org"), content.as_object().unwrap());
//! assert!(types.contains("m.room.create", ""));
//! assert!(types.contains("m.room.join_rules", ""));
//!
//! // Rule IDs are per version.
//! assert_eq!(mxp_auth::RuleId::new(Rule::MemberJoinSelf, 10).to_string(), "AUTH-v10-4.3.2");
//! ```
//!
//! # Decisions where the spec is silent or implementations differ
//!
//! Each is documented next to its rule and tested.
//!
//! * No `m.room.join_rules` event, or one without `join_rule`: the join rule is
//!   `invite` (as Synapse; Ruma rejects). A non-string value is none of the values.
//! * A power level value a rule needs that cannot be read rejects the event,
//!   citing that rule. Values the rule does not need are never read (P1-52).
//! * Power level strings (v1–v9) follow the spec grammar only (no `_`, no
//!   non-ASCII digits or whitespace, no booleans, unlike Synapse's `int()`).
//!   Values beyond 64 bits are invalid. Floats (v1–v5) are truncated.
//! * `m.federate` blocks only when it is the literal `false`, and only the
//!   sender's server is compared (the spec; Synapse is stricter).
//! * `member.authoriser_signature` applies to every membership carrying
//!   `join_authorised_via_users_server` (the spec; Synapse checks joins only).
//!   Signatures are taken as verified on receipt unless a
//!   [`SignatureVerifier`] is supplied.
//! * v1–v2 `redaction.same_domain`: a redaction without `redacts` matches no
//!   domain and is rejected (as Ruma; Synapse lets it through).
//! * An `m.room.member` event whose `state_key` is not a user ID fails
//!   `member.shape`.
//! * Third party invites: a `third_party_invite` that is not an object has no
//!   `signed` (`member.invite.3pid.signed`); a `signed` that is not an object,
//!   or non-string `mxid`/`token`, fails `member.invite.3pid.fields`. Signatures
//!   by any entity under any `ed25519:*` key ID count; public keys may use either
//!   base64 alphabet.
//! * An auth event the caller cannot supply rejects the event under the
//!   `auth_events` rule; a state without the create event rejects under
//!   `auth_events.has_create` (v1–v11) or `room_id_is_create` (v12).
//! * `create.room_version` that is not a string or not a valid identifier is
//!   unrecognised; `create.creator` tests only that the key is present.
//! * Auth events selection includes the join rules for `knock` memberships in
//!   every version (as Synapse and Ruma).
//! * `power_levels.scalars`: "changed" compares the parsed values, so `"50"` →
//!   `50` is no change. A new `events`/`notifications` that is not an object
//!   fails `power_levels.events_new.check` (v1–v9); an old one reads as empty.
//! * Rules given as a custom [`RoomVersionRules`](mxp_room_versions::RoomVersionRules)
//!   (equal to none of v1–v12) have no numbered IDs: rejections name the slug.
//!
//! # Resource limits
//!
//! The checks read events already bounded by `mxp-events` (PDUs of at most
//! 65,536 bytes, identifiers of at most 255 bytes, JSON depth 128) and cost
//! time linear in the event and the auth events it cites; an event citing
//! more auth events than its selection allows is rejected by a named rule
//! (P1-51), whatever their number.
//!
//! # Unverified events (P1-21)
//!
//! Any [`Event`](mxp_events::Event) is accepted, so the signatures of what
//! comes in are the caller's responsibility: store and pass
//! `mxp_events::Verified<Pdu>` (built only by `mxp_events::verify_pdu`) to
//! make an unverified event impossible to feed in.

mod auth_types;
mod check;
pub mod lookup;
mod outcome;
mod power;
mod rule;
mod rule_table;
mod verify;

pub use auth_types::{
    ALIASES, AuthTypes, CREATE, JOIN_RULES, MEMBER, POWER_LEVELS, REDACTION, THIRD_PARTY_INVITE,
    auth_types, auth_types_for_event,
};
pub use check::{AuthCheck, check, check_state_dependent, check_state_independent};
pub use lookup::{EventLookup, StateLookup};
pub use outcome::{Allowed, Rejection};
pub use power::{Action, RoomCreators, RoomPowerLevels, UserPowerLevel};
pub use rule::{Rule, RuleId};
pub use verify::{SignatureVerifier, SignaturesVerifiedOnReceipt};
