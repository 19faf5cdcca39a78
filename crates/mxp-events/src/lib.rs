//! Matrix PDU formats per room version and typed contents of the state events
//! the authorization rules read.
//!
//! # Resource limits
//!
//! - A PDU is at most [`MAX_PDU_BYTES`] (65,536) bytes as canonical JSON
//!   (`PDU-4`), measured after parsing (time and memory linear in the input;
//!   callers bound request bodies), with at most [`MAX_PREV_EVENTS`] (20)
//!   `prev_events` and [`MAX_AUTH_EVENTS`] (10) `auth_events` (`PDU-2`).
//! - `sender`, `room_id`, `type`, `state_key` and event IDs are at most
//!   [`MAX_FIELD_BYTES`] (255) bytes (`PDU-5`, and `mxp-ids`' limits).
//! - JSON nesting: at most 128 levels
//!   ([`mxp_canonical_json::DEFAULT_MAX_DEPTH`]); deeper PDUs are refused.
//!
//! # Receiving PDUs
//!
//! [`verify_pdu`] checks a parsed [`Pdu`] against what the request expects
//! ([`Expected`]: room, membership, origin; P1-20) and its signatures, and
//! returns a [`Verified`] PDU, which only it can build (P1-21). `Verified`
//! implements [`Event`]; `mxp-auth` and `mxp-state-res` accept any `Event`,
//! so requiring `Verified` is up to the caller's storage and pipeline.

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
