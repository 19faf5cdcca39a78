//! Prints the room a `state_res` input (e.g. a crash artifact) decodes to:
//! the input, every event, the state sets and the resolved state.
//!
//! ```sh
//! cargo run --example show_state_res -- artifacts/state_res/crash-…
//! ```
use arbitrary::{Arbitrary, Unstructured};
fn main() {
    let data = std::fs::read(std::env::args().nth(1).unwrap()).unwrap();
    let input =
        mxp_fuzz::state_res::ResInput::arbitrary_take_rest(Unstructured::new(&data)).unwrap();
    println!("{input:#?}");
    let b = mxp_fuzz::state_res::build_room(&input);
    for id in &b.order {
        if let Some(e) = b.source_event(id) {
            println!(
                "{id} {} {:?} {} auth={:?} rej={:?}",
                e.event_type,
                e.state_key,
                e.sender,
                e.auth_events.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
                b.rejection(id)
            );
            println!("    {:?}", e.content);
        }
    }
    for s in &b.sets {
        println!("SET {s:?}");
    }
    let r = mxp_state_res::resolve(b.rules, &b.sets, b.source());
    println!("RESULT {:?}", r.map(|r| r.to_btree_map()));
}
