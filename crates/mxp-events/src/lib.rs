//! Matrix PDU formats per room version and typed contents of the state events
//! the authorization rules read.

mod event;

pub use event::Event;

pub mod content;

mod pdu;
pub use pdu::{
    Field, MAX_AUTH_EVENTS, MAX_FIELD_BYTES, MAX_PDU_BYTES, MAX_PREV_EVENTS, Pdu, PduError,
    check_pdu_format,
};

mod verified;
pub use verified::{Expected, Verified, VerifiedOutcome, VerifyPduError, verify_pdu};
