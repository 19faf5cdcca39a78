//! P1-29: the documented ed25519 acceptance policy on fixed edge cases
//! (small-order and mixed-order points, non-canonical encodings), one by one
//! and in batches.

use mxp_signatures::{BatchMode, PublicKey, Signature, SignatureBatch, SigningKey};

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn p1_29_edge_cases() {
    let doc: serde_json::Value =
        serde_json::from_str(include_str!("data/ed25519_edge_cases.json")).unwrap();
    let honest =
        SigningKey::from_seed(mxp_ids::KeyId::parse("ed25519:h").unwrap(), &[1; 32]).unwrap();
    for case in doc["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let key = PublicKey::from_bytes(
            &unhex(case["public_key"].as_str().unwrap())
                .try_into()
                .unwrap(),
        )
        .unwrap();
        let sig = Signature::from_bytes(
            &unhex(case["signature"].as_str().unwrap())
                .try_into()
                .unwrap(),
        );
        let message = unhex(case["message"].as_str().unwrap());
        let accept = |s: &str| match s {
            "accept" => Some(true),
            "reject" => Some(false),
            _ => None,
        };
        assert_eq!(
            Some(key.verify(&message, &sig).is_ok()),
            accept(case["one_by_one"].as_str().unwrap()),
            "{name}: one by one"
        );
        // In a batch among 20 honest signatures, in both modes.
        let mut batch = SignatureBatch::new();
        let messages: Vec<Vec<u8>> = (0..20u8).map(|i| vec![i; 64]).collect();
        for m in &messages {
            let i = batch.add_message(m.as_slice());
            batch.push(i, honest.sign(m), *honest.public_key());
        }
        let i = batch.add_message(message.as_slice());
        let index = batch.push(i, sig, key);
        let one_by_one = batch.verify(BatchMode::OneByOne);
        assert_eq!(
            Some(one_by_one.is_valid(index)),
            accept(case["one_by_one"].as_str().unwrap()),
            "{name}: OneByOne mode"
        );
        let auto = batch.verify(BatchMode::Auto);
        assert_eq!(auto.failed().filter(|&f| f != index).count(), 0, "{name}");
        if let Some(expected) = accept(case["batch"].as_str().unwrap()) {
            assert_eq!(auto.is_valid(index), expected, "{name}: batch");
        }
    }
}
