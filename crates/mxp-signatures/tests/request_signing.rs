//! X-Matrix request signatures: sign, verify, and every way to tamper.

mod common;

use common::*;
use http::{Method, Uri};
use mxp_canonical_json::CanonicalJsonValue;
use mxp_ids::ServerName;
use mxp_signatures::{
    KeyRing, RequestVerifyError, XMatrix, request_json, sign_request, signing_input, verify_request,
};

fn body() -> CanonicalJsonValue {
    CanonicalJsonValue::try_from(serde_json::json!({"pdus": [], "origin": "o.example"})).unwrap()
}

fn setup() -> (mxp_signatures::SigningKey, KeyRing, Uri) {
    let key = key("ed25519:r1", 4);
    let keys = ring(&[("o.example", &key)]);
    (
        key,
        keys,
        "/_matrix/federation/v1/send/txn1?a=b".parse().unwrap(),
    )
}

#[test]
fn signed_json_has_the_spec_shape() {
    let uri: Uri = "https://d.example/_matrix/x?y=1".parse().unwrap();
    let o = request_json(
        &Method::POST,
        &uri,
        ServerName::parse("o.example").unwrap(),
        ServerName::parse("d.example").unwrap(),
        Some(&body()),
    );
    assert_eq!(
        String::from_utf8(signing_input(&o).unwrap()).unwrap(),
        r#"{"content":{"origin":"o.example","pdus":[]},"destination":"d.example","method":"POST","origin":"o.example","uri":"/_matrix/x?y=1"}"#
    );
    let o = request_json(
        &Method::GET,
        &"/k".parse().unwrap(),
        ServerName::parse("o.example").unwrap(),
        ServerName::parse("d.example").unwrap(),
        None,
    );
    assert!(!o.contains_key("content"));
}

#[test]
fn sign_then_verify_with_and_without_body() {
    let (key, keys, uri) = setup();
    let o = ServerName::parse("o.example").unwrap();
    let d = ServerName::parse("d.example").unwrap();
    for content in [None, Some(body())] {
        let h = sign_request(&Method::PUT, &uri, o, d, content.as_ref(), &key).unwrap();
        let parsed = XMatrix::parse(&h.to_string()).unwrap();
        verify_request(&Method::PUT, &uri, d, content.as_ref(), &parsed, &keys).unwrap();
    }
}

#[test]
fn tampering_is_detected() {
    let (key, keys, uri) = setup();
    let o = ServerName::parse("o.example").unwrap();
    let d = ServerName::parse("d.example").unwrap();
    let h = sign_request(&Method::PUT, &uri, o, d, Some(&body()), &key).unwrap();
    let bad =
        |r: Result<(), RequestVerifyError>| assert_eq!(r, Err(RequestVerifyError::BadSignature));
    bad(verify_request(
        &Method::POST,
        &uri,
        d,
        Some(&body()),
        &h,
        &keys,
    ));
    bad(verify_request(
        &Method::PUT,
        &"/_matrix/federation/v1/send/txn1?a=c".parse().unwrap(),
        d,
        Some(&body()),
        &h,
        &keys,
    ));
    bad(verify_request(&Method::PUT, &uri, d, None, &h, &keys));
    let other_body = CanonicalJsonValue::try_from(serde_json::json!({"pdus": [1]})).unwrap();
    bad(verify_request(
        &Method::PUT,
        &uri,
        d,
        Some(&other_body),
        &h,
        &keys,
    ));
    // A header without `destination` is checked against our own name.
    let mut no_dest = h.clone();
    no_dest.destination = None;
    verify_request(&Method::PUT, &uri, d, Some(&body()), &no_dest, &keys).unwrap();
    bad(verify_request(
        &Method::PUT,
        &uri,
        ServerName::parse("e.example").unwrap(),
        Some(&body()),
        &no_dest,
        &keys,
    ));
    // Every bit of the signature matters.
    for bit in [0, 100, 511] {
        let mut bytes = h.sig.to_bytes();
        bytes[bit / 8] ^= 1 << (bit % 8);
        let mut t = h.clone();
        t.sig = mxp_signatures::Signature::from_bytes(&bytes);
        bad(verify_request(
            &Method::PUT,
            &uri,
            d,
            Some(&body()),
            &t,
            &keys,
        ));
    }
    // Claiming another origin.
    let mut t = h.clone();
    t.origin = "p.example".try_into().unwrap();
    let mut keys2 = keys.clone();
    keys2.insert("p.example", key.key_id(), *key.public_key());
    bad(verify_request(
        &Method::PUT,
        &uri,
        d,
        Some(&body()),
        &t,
        &keys2,
    ));
}

#[test]
fn destination_unknown_key_and_denied_key() {
    let (key, keys, uri) = setup();
    let o = ServerName::parse("o.example").unwrap();
    let d = ServerName::parse("d.example").unwrap();
    let h = sign_request(&Method::GET, &uri, o, d, None, &key).unwrap();
    assert!(matches!(
        verify_request(
            &Method::GET,
            &uri,
            ServerName::parse("e.example").unwrap(),
            None,
            &h,
            &keys
        ),
        Err(RequestVerifyError::WrongDestination { .. })
    ));
    assert!(matches!(
        verify_request(&Method::GET, &uri, d, None, &h, &KeyRing::new()),
        Err(RequestVerifyError::UnknownKey { .. })
    ));
    let mut denied = keys.clone();
    denied.deny(key.public_key());
    assert!(matches!(
        verify_request(&Method::GET, &uri, d, None, &h, &denied),
        Err(RequestVerifyError::DeniedKey(_))
    ));
    let mut other_alg = h.clone();
    other_alg.key = "curve25519:r1".try_into().unwrap();
    assert!(matches!(
        verify_request(&Method::GET, &uri, d, None, &other_alg, &keys),
        Err(RequestVerifyError::UnsupportedAlgorithm(_))
    ));
}
