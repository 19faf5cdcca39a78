//! Matrix PDU formats per room version and typed contents of the state events
//! the authorization rules read.

mod event;

pub use event::Event;

pub mod content;
