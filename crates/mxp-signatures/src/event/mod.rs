//! Event-level signing and hashing: reference hashes and event IDs, signing
//! outgoing PDUs, verifying received ones.

pub(crate) mod ids;
mod sign;
mod verify;

pub use ids::{
    EventHashError, event_id, reference_hash, reference_hash_base64, room_id_of_create_event,
};
pub use sign::{SignEventError, sign_event};
pub use verify::{
    EventVerification, RequiredSigners, VerifyEventError, required_signers, verify_event,
    verify_events, verify_events_hashed,
};
