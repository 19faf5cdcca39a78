//! `CanonicalJsonObject` against `BTreeMap<String, _>` as a model, and the
//! parser's handling of keys in any order (P1-14).

use std::collections::BTreeMap;

use mxp_canonical_json::{
    CanonicalJsonObject, CanonicalJsonValue, ParseOptions, parse_object, to_canonical_string,
};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Insert(String, i32),
    Remove(String),
    Entry(String, i32),
    Retain(u8),
    SetAll(i32),
}

fn key() -> impl Strategy<Value = String> {
    // Few distinct keys, so operations collide; some well-known, some not,
    // some non-ASCII (code point order is byte order).
    prop_oneof![
        Just("content".to_owned()),
        Just("type".to_owned()),
        Just("sha256".to_owned()),
        "[a-d]{1,2}",
        "[é日a]{1,2}",
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (key(), any::<i32>()).prop_map(|(k, v)| Op::Insert(k, v)),
        1 => key().prop_map(Op::Remove),
        1 => (key(), any::<i32>()).prop_map(|(k, v)| Op::Entry(k, v)),
        1 => any::<u8>().prop_map(Op::Retain),
        1 => any::<i32>().prop_map(Op::SetAll),
    ]
}

proptest! {
    #[test]
    fn behaves_like_a_btree_map(ops in prop::collection::vec(op(), 0..64)) {
        let mut object = CanonicalJsonObject::new();
        let mut model: BTreeMap<String, CanonicalJsonValue> = BTreeMap::new();
        for op in ops {
            match op {
                Op::Insert(k, v) => {
                    prop_assert_eq!(object.insert(k.as_str().into(), v.into()), model.insert(k, v.into()));
                }
                Op::Remove(k) => prop_assert_eq!(object.remove(&k), model.remove(&k)),
                Op::Entry(k, v) => {
                    let entry = object.entry(k.as_str().into());
                    prop_assert_eq!(entry.key(), k.as_str());
                    *entry.or_insert(v.into()) = 7.into();
                    *model.entry(k).or_insert(v.into()) = 7.into();
                }
                Op::Retain(seed) => {
                    let keep = |k: &str| !(k.len() + usize::from(seed)).is_multiple_of(3);
                    object.retain(|k, _| keep(k));
                    model.retain(|k, _| keep(k));
                }
                Op::SetAll(v) => {
                    for (i, (_, value)) in object.iter_mut().enumerate() {
                        *value = CanonicalJsonValue::Integer(i64::from(v) + i as i64);
                    }
                    for (i, value) in model.values_mut().enumerate() {
                        *value = CanonicalJsonValue::Integer(i64::from(v) + i as i64);
                    }
                }
            }
            prop_assert_eq!(object.len(), model.len());
            prop_assert!(object.iter().map(|(k, v)| (k.as_str(), v)).eq(model.iter().map(|(k, v)| (k.as_str(), v))));
            prop_assert!(object.iter().rev().map(|(k, v)| (k.as_str(), v)).eq(model.iter().rev().map(|(k, v)| (k.as_str(), v))));
            prop_assert_eq!(object.iter().size_hint(), (model.len(), Some(model.len())));
            for k in model.keys() {
                prop_assert_eq!(object.get(k), model.get(k));
            }
        }
        prop_assert_eq!(CanonicalJsonObject::from(model.clone()), object.clone());
        prop_assert_eq!(model.into_iter().rev().collect::<CanonicalJsonObject>(), object);
    }

    /// `CJ-2`: members come out in code point order whatever order they were
    /// written in.
    #[test]
    fn parsing_any_key_order_gives_the_sorted_object(
        members in prop::collection::btree_map(key(), any::<i32>(), 0..8),
        seed in any::<u64>(),
    ) {
        // Write the members in a scrambled order.
        let mut order: Vec<_> = members.iter().collect();
        let n = order.len().max(1) as u64;
        order.rotate_left((seed % n) as usize);
        if seed & 1 == 1 {
            order.reverse();
        }
        let text = format!(
            "{{{}}}",
            order
                .iter()
                .map(|(k, v)| format!("{}:{v}", serde_json::to_string(k).unwrap()))
                .collect::<Vec<_>>()
                .join(",")
        );
        let parsed = parse_object(text.as_bytes(), &ParseOptions::strict()).unwrap();
        let expected: CanonicalJsonObject =
            members.iter().map(|(k, v)| (k.as_str(), CanonicalJsonValue::from(*v))).collect();
        prop_assert_eq!(&parsed, &expected);
        let canonical = to_canonical_string(&CanonicalJsonValue::Object(parsed)).unwrap();
        prop_assert_eq!(canonical, serde_json::to_string(&members).unwrap());
    }
}

#[test]
fn p1_14_duplicate_keys_out_of_order_are_refused_at_the_second_occurrence() {
    // Adjacent duplicate: refused as soon as it is read.
    let err = parse_object(br#"{"a":1,"a":2}"#, &ParseOptions::strict()).unwrap_err();
    assert_eq!((err.kind(), err.offset()), ("duplicate_key", 7));
    // Far apart, keys unsorted: found when the object closes, reported at the
    // second occurrence of the earliest repeated key.
    let text = br#"{"z":1,"b":2,"y":3,"b":4,"z":5}"#;
    let err = parse_object(text, &ParseOptions::strict()).unwrap_err();
    assert_eq!((err.kind(), err.offset()), ("duplicate_key", 19));
    assert!(err.to_string().contains("\"b\""), "{err}");
    // In a nested object, with the outer object's members around it.
    let text = br#"{"m":{"q":1,"p":2,"q":3},"a":0}"#;
    let err = parse_object(text, &ParseOptions::strict()).unwrap_err();
    assert_eq!((err.kind(), err.offset()), ("duplicate_key", 18));
}

#[test]
fn nested_objects_keep_their_own_members() {
    let text = br#"{"z":{"y":{"x":1},"a":[{"k":2,"c":3}]},"b":{}}"#;
    let parsed = parse_object(text, &ParseOptions::strict()).unwrap();
    assert_eq!(
        to_canonical_string(&CanonicalJsonValue::Object(parsed)).unwrap(),
        r#"{"b":{},"z":{"a":[{"c":3,"k":2}],"y":{"x":1}}}"#
    );
}

#[test]
fn many_keys_in_reverse_order_parse_in_n_log_n() {
    // 20,000 members, every one out of order: sorted once at the close.
    let body: Vec<String> = (0..20_000)
        .rev()
        .map(|i| format!("\"k{i:05}\":{i}"))
        .collect();
    let text = format!("{{{}}}", body.join(","));
    let parsed = parse_object(text.as_bytes(), &ParseOptions::strict()).unwrap();
    assert_eq!(parsed.len(), 20_000);
    assert_eq!(parsed.keys().next().map(|k| k.as_str()), Some("k00000"));
    assert!(parsed.keys().zip(parsed.keys().skip(1)).all(|(a, b)| a < b));
}
