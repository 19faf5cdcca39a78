//! `X-Matrix` Authorization headers: parsing, writing, and request
//! signatures.

use std::sync::OnceLock;

use http::{HeaderValue, Method, Uri};
use mxp_canonical_json::{CanonicalJsonValue, ParseOptions, parse_value};
use mxp_ids::{KeyId, ServerName};
use mxp_signatures::{
    KeyRing, SigningKey, XMatrix, XMatrixParseError, sign_request, verify_request,
};

const ORIGIN: &str = "origin.example";
const DESTINATION: &str = "dest.example";
/// The request every parsed header is checked against.
const URI: &str = "/_matrix/federation/v1/send/txn1?a=b";

struct Fixture {
    key: SigningKey,
    keys: KeyRing,
    /// The one valid header for `PUT URI` without a body.
    valid: XMatrix,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let key = SigningKey::from_seed(KeyId::parse("ed25519:1").expect("valid"), &[7; 32])
            .expect("valid seed");
        let mut keys = KeyRing::new();
        keys.insert(ORIGIN, key.key_id(), *key.public_key());
        let valid = sign_request(
            &Method::PUT,
            &URI.parse().expect("valid URI"),
            server(ORIGIN),
            server(DESTINATION),
            None,
            &key,
        )
        .expect("signs");
        Fixture { key, keys, valid }
    })
}

fn server(s: &str) -> &ServerName {
    ServerName::parse(s).expect("valid server name")
}

/// The header value that [`check`] treats as valid, for the seed corpus.
pub fn valid_header() -> String {
    fixture().valid.to_string()
}

/// Runs the header checks on `data` as a header value, and the request
/// signature checks with `data` as the request's URI path and body.
pub fn check(data: &[u8]) {
    if let Ok(s) = std::str::from_utf8(data) {
        header(s);
    }
    request(data);
}

fn header(s: &str) {
    let parsed = XMatrix::parse(s);
    // The `http` entry point agrees with the string one.
    if let Ok(value) = HeaderValue::from_str(s) {
        assert_eq!(
            XMatrix::from_header_value(&value),
            parsed,
            "from_header_value differs"
        );
    }
    let header = match parsed {
        Ok(h) => h,
        Err(e) => {
            if let XMatrixParseError::Syntax { position, .. } = e {
                assert!(position <= s.len(), "syntax error past the end");
            }
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    // Written back and parsed again: the same header (lossless round trip).
    let written = header.to_string();
    assert_eq!(
        XMatrix::parse(&written).as_ref(),
        Ok(&header),
        "parse(display(h)) != h"
    );
    let value = header
        .to_header_value()
        .expect("a parsed header converts back");
    assert_eq!(XMatrix::from_header_value(&value).as_ref(), Ok(&header));
    assert_eq!(
        written.to_string(),
        XMatrix::parse(&written).expect("parses").to_string()
    );

    // It authenticates the fixed request only if it is the real signature.
    let f = fixture();
    let verdict = verify_request(
        &Method::PUT,
        &URI.parse().expect("valid URI"),
        server(DESTINATION),
        None,
        &header,
        &f.keys,
    );
    if verdict.is_ok() {
        assert_eq!(header.origin, f.valid.origin, "verified for another origin");
        assert_eq!(header.key, f.valid.key);
        assert_eq!(
            header.sig, f.valid.sig,
            "verified a signature the key never made"
        );
        assert!(
            header
                .destination
                .as_deref()
                .is_none_or(|d| d.as_str() == DESTINATION)
        );
    }
}

/// Signs a request built from `data`, checks that it verifies, and that
/// changing the method, URI, body, origin or destination breaks it.
fn request(data: &[u8]) {
    let split = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let (path, body) = data.split_at(split);
    let Ok(path) = std::str::from_utf8(path) else {
        return;
    };
    let Ok(uri) = format!("/{}", path.trim_start_matches('/')).parse::<Uri>() else {
        return;
    };
    let body = match body.get(1..) {
        Some(b) if !b.is_empty() => match parse_value(b, &ParseOptions::strict()) {
            Ok(v) => Some(v),
            Err(_) => return,
        },
        _ => None,
    };
    let f = fixture();
    let (origin, destination) = (server(ORIGIN), server(DESTINATION));
    let signed = sign_request(
        &Method::PUT,
        &uri,
        origin,
        destination,
        body.as_ref(),
        &f.key,
    )
    .expect("a strict body signs");
    let header = XMatrix::parse(&signed.to_string()).expect("a written header parses");
    assert_eq!(header, signed);
    verify_request(
        &Method::PUT,
        &uri,
        destination,
        body.as_ref(),
        &header,
        &f.keys,
    )
    .expect("a signed request verifies");

    let other_uri: Uri = format!("{}x", uri.path()).parse().expect("still a path");
    let other_body = match &body {
        Some(_) => None,
        None => Some(CanonicalJsonValue::Object(Default::default())),
    };
    let attempts: [(
        &Method,
        &Uri,
        &ServerName,
        Option<&CanonicalJsonValue>,
        &str,
    ); 4] = [
        (&Method::POST, &uri, destination, body.as_ref(), "method"),
        (&Method::PUT, &other_uri, destination, body.as_ref(), "uri"),
        (
            &Method::PUT,
            &uri,
            server("other.example"),
            body.as_ref(),
            "destination",
        ),
        (&Method::PUT, &uri, destination, other_body.as_ref(), "body"),
    ];
    for (method, uri, dest, body, what) in attempts {
        assert!(
            verify_request(method, uri, dest, body, &header, &f.keys).is_err(),
            "a request with another {what} verifies"
        );
    }
    // Another origin claiming the same signature.
    let mut spoofed = header.clone();
    spoofed.origin = server("other.example").to_owned();
    let mut keys = f.keys.clone();
    keys.insert("other.example", f.key.key_id(), *f.key.public_key());
    assert!(
        verify_request(
            &Method::PUT,
            &uri,
            destination,
            body.as_ref(),
            &spoofed,
            &keys
        )
        .is_err(),
        "a signature made for one origin verifies for another"
    );
}
