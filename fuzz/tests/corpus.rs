//! Replays the checked-in corpora through the checks of the fuzz targets on
//! the stable toolchain, so a regression in a library crate shows up in
//! `cargo test` here even without cargo-fuzz.

use std::fs;
use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(target);
    let mut entries: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    assert!(!entries.is_empty(), "no seeds for {target}");
    for path in entries {
        let data = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        eprintln!("{}", path.display());
        check(&data);
    }
}

#[test]
fn ids() {
    replay("ids", |d| {
        mxp_fuzz::ids::check_all(&String::from_utf8_lossy(d))
    });
}

#[test]
fn canonical_json() {
    replay("canonical_json", mxp_fuzz::canonical_json::check);
}

#[test]
fn pdu() {
    replay("pdu", mxp_fuzz::pdu::check);
}

#[test]
fn redaction() {
    replay("redaction", mxp_fuzz::redaction::check);
}

#[test]
fn signatures() {
    replay("signatures", mxp_fuzz::signatures::check);
}

#[test]
fn xmatrix() {
    replay("xmatrix", mxp_fuzz::xmatrix::check);
}

#[test]
fn auth() {
    replay("auth", mxp_fuzz::auth::check_bytes);
}

#[test]
fn state_res() {
    replay("state_res", mxp_fuzz::state_res::check_bytes);
}
