//! How often each rule decides the inputs of an `auth` corpus directory, to
//! see how deep the fuzzer gets:
//!
//! ```sh
//! cargo run --release --example auth_stats -- corpus/auth
//! ```
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let d = std::fs::read(e.path()).unwrap();
        if let Some(r) = mxp_fuzz::auth::outcome(&d) {
            *counts.entry(r).or_default() += 1;
        }
    }
    for (k, v) in counts {
        println!("{v:6} {k}");
    }
}
