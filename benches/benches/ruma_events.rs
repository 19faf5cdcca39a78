//! mxp against ruma (ruma-signatures 0.22, ruma-common 0.20) on event-level
//! work (issue 4), same PDU, same run.
//!
//! The PDU is a typical room v11 `m.room.message` of about 1.5 KB (3 auth
//! events, 1 prev event, an HTML body, a reply and mentions), hashed and
//! signed by its origin server (`ruma_fixtures::signed_message_pdus`). Both
//! libraries must agree that it verifies and on its reference hash before
//! anything is timed.
//!
//! Cases (each with an `mxp` and a `ruma` function):
//! - parse: JSON bytes to a canonical JSON object
//!   (`mxp::canonical_json::parse_object` with the PDU options vs
//!   `serde_json::from_slice::<ruma_common::CanonicalJsonObject>`);
//! - reference hash (base64, as used for event IDs), content hash;
//! - redact: from a borrowed object to a new one (ruma's `redact` takes its
//!   input by value, so its side includes the clone a caller holding a
//!   borrowed event must make), and in place on a fresh copy (copy untimed);
//! - receive: parse + verify the origin's signature (with the content hash
//!   check both `verify_event`s do) + reference hash (mxp's
//!   `verify_events_hashed` returns it, hashed from the bytes whose signature
//!   it checked; ruma computes it apart);
//! - receive ×1000: the same for 1,000 distinct events, mxp verifying all
//!   signatures in one batch, ruma one by one; and mxp one by one too.
//!
//! ```text
//! cd benches && CARGO_TARGET_DIR=/work/target-benches cargo bench --bench ruma_events
//! ```

use std::hint::black_box;

use criterion::BatchSize;
use mxp::canonical_json::{CanonicalJsonObject, ParseOptions, parse_object};
use mxp::room_versions::RoomVersionRules;
use mxp::signatures::{
    BatchMode, EventVerification, KeyRing, VerifyEventError, content_hash, reference_hash_base64,
    verify_events_hashed,
};
use mxp_benches::ruma_alloc::CountingAlloc;
use mxp_benches::ruma_fixtures::{mxp_keyring, ruma_public_keys, signed_message_pdus};
use mxp_benches::ruma_report::{Side, setup};
use ruma_common::CanonicalJsonObject as RumaObject;
use ruma_common::room_version_rules::RoomVersionRules as RumaRules;
use ruma_signatures::{PublicKeyMap, Verified};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

const RULES: RoomVersionRules = RoomVersionRules::V11;
const RUMA_RULES: RumaRules = RumaRules::V11;
const OPTIONS: ParseOptions = ParseOptions::pdu(true);

fn mxp_parse(bytes: &[u8]) -> CanonicalJsonObject {
    parse_object(bytes, &OPTIONS).expect("mxp parses the PDU")
}

fn ruma_parse(bytes: &[u8]) -> RumaObject {
    serde_json::from_slice(bytes).expect("ruma parses the PDU")
}

/// The event ID hash of a verified event, in the room version's base64
/// (v11: URL-safe). `verify_events_hashed` returns the reference hash, hashed
/// from the bytes whose signature it checked.
fn mxp_reference_of(result: &Result<(EventVerification, [u8; 32]), VerifyEventError>) -> String {
    let (verification, hash) = result.as_ref().expect("verifiable");
    assert!(matches!(verification, EventVerification::Valid { .. }));
    mxp::signatures::base64::encode_url_safe(hash)
}

/// mxp's receive path for one PDU: parse, verify, reference hash.
fn mxp_receive(bytes: &[u8], keys: &KeyRing) -> String {
    let object = mxp_parse(bytes);
    let results = verify_events_hashed(&[(&object, &RULES)], keys, BatchMode::Auto);
    mxp_reference_of(&results[0])
}

/// ruma's receive path for one PDU: parse, verify, reference hash.
fn ruma_receive(bytes: &[u8], keys: &PublicKeyMap) -> String {
    let object = ruma_parse(bytes);
    let verified = ruma_signatures::verify_event(keys, &object, &RUMA_RULES).expect("verifies");
    assert_eq!(verified, Verified::All);
    ruma_signatures::reference_hash(&object, &RUMA_RULES).expect("hashable")
}

/// mxp's receive path for many PDUs with one batch verification.
fn mxp_receive_batch(pdus: &[String], keys: &KeyRing, mode: BatchMode) -> Vec<String> {
    let objects: Vec<CanonicalJsonObject> = pdus.iter().map(|p| mxp_parse(p.as_bytes())).collect();
    let refs: Vec<(&CanonicalJsonObject, &RoomVersionRules)> =
        objects.iter().map(|o| (o, &RULES)).collect();
    verify_events_hashed(&refs, keys, mode)
        .iter()
        .map(mxp_reference_of)
        .collect()
}

fn main() {
    let (mut c, report) = setup("ruma_events");

    let pdus = signed_message_pdus(1000);
    let pdu = pdus[0].clone();
    let bytes = pdu.as_bytes();
    eprintln!("message PDU: {} bytes", bytes.len());
    let mxp_keys = mxp_keyring();
    let ruma_keys = ruma_public_keys();

    // Same input, same answers.
    let mxp_object = mxp_parse(bytes);
    let ruma_object = ruma_parse(bytes);
    assert_eq!(
        mxp_receive(bytes, &mxp_keys),
        ruma_receive(bytes, &ruma_keys)
    );
    assert_eq!(
        mxp_receive(bytes, &mxp_keys),
        reference_hash_base64(&mxp_object, &RULES).expect("hashable")
    );
    assert_eq!(
        mxp_receive_batch(&pdus, &mxp_keys, BatchMode::Auto),
        pdus.iter()
            .map(|p| ruma_receive(p.as_bytes(), &ruma_keys))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        content_hash(&mxp_object, &RULES).expect("hashable")[..],
        ruma_signatures::content_hash(&ruma_object)
            .expect("hashable")
            .as_bytes()[..]
    );

    let mut case = report.case(&mut c, "ev_parse", "parse to canonical JSON", 1);
    case.note(&format!("{}-byte PDU", bytes.len()));
    case.bench(Side::Mxp, || mxp_parse(black_box(bytes)));
    case.bench(Side::Ruma, || ruma_parse(black_box(bytes)));
    case.finish();

    let mut case = report.case(&mut c, "ev_reference_hash", "reference hash (base64)", 1);
    case.bench(Side::Mxp, || {
        reference_hash_base64(black_box(&mxp_object), &RULES).expect("hashable")
    });
    case.bench(Side::Ruma, || {
        ruma_signatures::reference_hash(black_box(&ruma_object), &RUMA_RULES).expect("hashable")
    });
    case.finish();

    let mut case = report.case(&mut c, "ev_content_hash", "content hash", 1);
    case.bench(Side::Mxp, || {
        content_hash(black_box(&mxp_object), &RULES).expect("hashable")
    });
    case.bench(Side::Ruma, || {
        ruma_signatures::content_hash(black_box(&ruma_object)).expect("hashable")
    });
    case.finish();

    let mut case = report.case(
        &mut c,
        "ev_redact",
        "redact (borrowed event → new object)",
        1,
    );
    case.bench(Side::Mxp, || {
        mxp::redaction::redact(black_box(&mxp_object), &RULES).expect("redactable")
    });
    case.bench(Side::Ruma, || {
        ruma_common::canonical_json::redact(
            black_box(&ruma_object).clone(),
            &RUMA_RULES.redaction,
            None,
        )
        .expect("redactable")
    });
    case.finish();

    let mut case = report.case(
        &mut c,
        "ev_redact_in_place",
        "redact in place (copy untimed)",
        1,
    );
    case.bench_batched(
        Side::Mxp,
        || mxp_object.clone(),
        |mut o| {
            mxp::redaction::redact_in_place(&mut o, &RULES).expect("redactable");
            o
        },
        BatchSize::SmallInput,
    );
    case.bench_batched(
        Side::Ruma,
        || ruma_object.clone(),
        |mut o| {
            ruma_common::canonical_json::redact_in_place(&mut o, &RUMA_RULES.redaction, None)
                .expect("redactable");
            o
        },
        BatchSize::SmallInput,
    );
    case.finish();

    let mut case = report.case(
        &mut c,
        "ev_receive",
        "receive: parse + verify 1 signature + reference hash",
        1,
    );
    case.bench(Side::Mxp, || mxp_receive(black_box(bytes), &mxp_keys));
    case.bench(Side::Ruma, || ruma_receive(black_box(bytes), &ruma_keys));
    case.finish();

    let mut case = report.case(
        &mut c,
        "ev_receive_1000",
        "receive ×1000: mxp batch-verified vs ruma one by one",
        1000,
    );
    case.group().sample_size(10);
    case.bench(Side::Mxp, || {
        mxp_receive_batch(black_box(&pdus), &mxp_keys, BatchMode::Auto)
    });
    case.bench(Side::Ruma, || {
        black_box(&pdus)
            .iter()
            .map(|p| ruma_receive(p.as_bytes(), &ruma_keys))
            .collect::<Vec<_>>()
    });
    case.finish();

    let mut case = report.case(
        &mut c,
        "ev_receive_1000_one_by_one",
        "receive ×1000: mxp one by one",
        1000,
    );
    case.group().sample_size(10);
    case.note("mxp only: ruma's one-by-one time is in the row above");
    case.bench(Side::Mxp, || {
        mxp_receive_batch(black_box(&pdus), &mxp_keys, BatchMode::OneByOne)
    });
    case.finish();

    c.final_summary();
    report.finish();
}
