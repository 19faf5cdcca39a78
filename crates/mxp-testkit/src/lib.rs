//! Test and benchmark helpers for mxp: a small event type, a room builder for
//! scenario tests, and a deterministic generator of large forked rooms.
//!
//! Not published; nothing here validates its input the way the library crates
//! do. Output is plain JSON PDUs plus state sets of event IDs, so other Matrix
//! libraries can be fed the same rooms.
//!
//! ```
//! use mxp_testkit::{Room, Shape, generate};
//! use serde_json::json;
//!
//! // A scenario by hand.
//! let mut room = Room::new(mxp_room_versions::RoomVersionRules::V11, "11");
//! let mut main = room.create("@alice:example.org");
//! room.state(&mut main, "@alice:example.org", "m.room.topic", "", json!({"topic": "hi"}));
//! assert_eq!(main.state().len(), 3); // create, alice's join, topic
//!
//! // A generated room with two forks.
//! let g = generate(&Shape { members: 10, changers: 5, changes: 2, bans: 2, ..Shape::default() });
//! assert_eq!(g.state_sets.len(), 2);
//! ```

mod chains;
mod event;
mod generate;
mod rng;
mod room;
pub mod scenarios;

pub use chains::auth_chains;
pub use event::TestEvent;
pub use generate::{GeneratedRoom, Shape, generate, generate_with_progress};
pub use rng::Rng;
pub use room::{Fork, Room, Spec, StateMap};
