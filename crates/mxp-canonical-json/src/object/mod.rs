//! The canonical JSON object: members kept in one vector sorted by key.
//!
//! A sorted vector rather than a `BTreeMap`: one allocation per object, sized
//! exactly by the parser, iteration in canonical order for free, and lookups
//! by binary search. Keys Matrix uses everywhere (`content`, `sha256`,
//! `membership`, …) are shared `'static` strings, so parsing a PDU allocates
//! almost only for its values.
//!
//! Inserting into or removing from the middle moves the members after it, so
//! building a huge object key by key in random order is quadratic; collect it
//! from an iterator ([`FromIterator`], [`Extend`]) instead, which sorts once.

use std::fmt;

use crate::value::CanonicalJsonValue;

mod iter;
mod key;

pub use iter::{
    Entry, IntoIter, Iter, IterMut, Keys, OccupiedEntry, VacantEntry, Values, ValuesMut,
};
pub use key::ObjectKey;

/// A JSON object whose members are ordered by key code point, as canonical
/// JSON requires (UTF-8 byte order is the same order), with no duplicate key.
///
/// The API follows `BTreeMap<String, CanonicalJsonValue>`: [`get`](Self::get),
/// [`insert`](Self::insert), [`remove`](Self::remove), [`iter`](Self::iter)
/// in key order, and so on.
///
/// ```
/// use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};
///
/// let mut object = CanonicalJsonObject::new();
/// object.insert("type".into(), "m.room.message".into());
/// object.insert("depth".into(), 12.into());
/// assert_eq!(object.keys().collect::<Vec<_>>(), ["depth", "type"]);
/// assert_eq!(object.get("depth"), Some(&CanonicalJsonValue::Integer(12)));
/// assert_eq!(object.remove("type"), Some("m.room.message".into()));
/// assert_eq!(object.len(), 1);
/// ```
#[derive(Clone, PartialEq, Eq, Default)]
pub struct CanonicalJsonObject {
    /// Strictly increasing keys.
    entries: Vec<(ObjectKey, CanonicalJsonValue)>,
}

impl CanonicalJsonObject {
    /// An empty object; does not allocate.
    pub const fn new() -> Self {
        Self {
            entries: Vec::new(),
        }
    }

    /// An empty object with room for `capacity` members.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            entries: Vec::with_capacity(capacity),
        }
    }

    /// Members already strictly increasing by key (the parser checked).
    pub(crate) fn from_sorted(entries: Vec<(ObjectKey, CanonicalJsonValue)>) -> Self {
        debug_assert!(entries.windows(2).all(|w| match w {
            [a, b] => a.0 < b.0,
            _ => true,
        }));
        Self { entries }
    }

    /// Members in any order; the duplicate key, first in key order, if two
    /// members share one. Sorts once, so large inputs stay `n log n`.
    pub(crate) fn try_from_unique(
        mut entries: Vec<(ObjectKey, CanonicalJsonValue)>,
    ) -> Result<Self, ObjectKey> {
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let duplicate = entries.windows(2).find_map(|pair| match pair {
            [a, b] if a.0 == b.0 => Some(b.0.clone()),
            _ => None,
        });
        match duplicate {
            Some(key) => Err(key),
            None => Ok(Self { entries }),
        }
    }

    /// The index of `key`. Small objects (most PDU and content objects) are
    /// scanned comparing lengths first, which rarely calls `memcmp`; larger
    /// ones are searched.
    #[inline]
    fn find(&self, key: &str) -> Option<usize> {
        if self.entries.len() <= LINEAR_SCAN_MAX {
            let key = key.as_bytes();
            return self
                .entries
                .iter()
                .position(|(k, _)| k.len() == key.len() && k.as_bytes() == key);
        }
        self.position(key).ok()
    }

    fn position(&self, key: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no members.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Removes every member.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&CanonicalJsonValue> {
        let i = self.find(key)?;
        self.entries.get(i).map(|(_, v)| v)
    }

    /// The value of `key`, mutably.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut CanonicalJsonValue> {
        let i = self.find(key)?;
        self.entries.get_mut(i).map(|(_, v)| v)
    }

    /// The stored key and value of `key`.
    pub fn get_key_value(&self, key: &str) -> Option<(&ObjectKey, &CanonicalJsonValue)> {
        let i = self.find(key)?;
        self.entries.get(i).map(|(k, v)| (k, v))
    }

    /// Whether `key` is a member.
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_some()
    }

    /// Sets `key` to `value`; returns the value it replaced.
    pub fn insert(
        &mut self,
        key: ObjectKey,
        value: CanonicalJsonValue,
    ) -> Option<CanonicalJsonValue> {
        // Appending in order, the common case, needs no search.
        match self.entries.last() {
            None => {}
            Some((last, _)) if last.as_str() < key.as_str() => {}
            Some(_) => {
                return match self.position(&key) {
                    Ok(i) => self
                        .entries
                        .get_mut(i)
                        .map(|(_, v)| std::mem::replace(v, value)),
                    Err(i) => {
                        self.entries.insert(i, (key, value));
                        None
                    }
                };
            }
        }
        self.entries.push((key, value));
        None
    }

    /// Removes `key`; returns its value.
    pub fn remove(&mut self, key: &str) -> Option<CanonicalJsonValue> {
        self.remove_entry(key).map(|(_, v)| v)
    }

    /// Removes `key`; returns the stored key and its value.
    pub fn remove_entry(&mut self, key: &str) -> Option<(ObjectKey, CanonicalJsonValue)> {
        let i = self.find(key)?;
        Some(self.entries.remove(i))
    }

    /// The member `key`, to read, insert or update in place.
    pub fn entry(&mut self, key: ObjectKey) -> Entry<'_> {
        match self.position(&key) {
            Ok(index) => Entry::Occupied(OccupiedEntry {
                object: self,
                index,
            }),
            Err(index) => Entry::Vacant(VacantEntry {
                object: self,
                index,
                key,
            }),
        }
    }

    /// Keeps only the members for which `keep` returns `true`, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&ObjectKey, &mut CanonicalJsonValue) -> bool) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
    }

    /// The members in key order.
    pub fn iter(&self) -> Iter<'_> {
        Iter(self.entries.iter())
    }

    /// The members in key order, values mutably.
    pub fn iter_mut(&mut self) -> IterMut<'_> {
        IterMut(self.entries.iter_mut())
    }

    /// The keys in order.
    pub fn keys(&self) -> Keys<'_> {
        Keys(self.entries.iter())
    }

    /// The values in key order.
    pub fn values(&self) -> Values<'_> {
        Values(self.entries.iter())
    }

    /// The values in key order, mutably.
    pub fn values_mut(&mut self) -> ValuesMut<'_> {
        ValuesMut(self.entries.iter_mut())
    }

    /// The first member, by key order.
    pub fn first_key_value(&self) -> Option<(&ObjectKey, &CanonicalJsonValue)> {
        self.entries.first().map(|(k, v)| (k, v))
    }

    /// The last member, by key order.
    pub fn last_key_value(&self) -> Option<(&ObjectKey, &CanonicalJsonValue)> {
        self.entries.last().map(|(k, v)| (k, v))
    }

    /// Moves every member of `other` into `self`; `other`'s values win on equal keys.
    pub fn append(&mut self, other: &mut Self) {
        let taken = std::mem::take(&mut other.entries);
        self.extend(taken);
    }
}

/// Objects up to this size are scanned rather than searched by [`CanonicalJsonObject::find`].
const LINEAR_SCAN_MAX: usize = 16;

/// Sorts `entries` by key; on equal keys the later one wins (as repeated
/// `BTreeMap::insert` would).
fn sort_keep_last(
    mut entries: Vec<(ObjectKey, CanonicalJsonValue)>,
) -> Vec<(ObjectKey, CanonicalJsonValue)> {
    let sorted = entries.windows(2).all(|w| match w {
        [a, b] => a.0 < b.0,
        _ => true,
    });
    if sorted {
        return entries;
    }
    // Stable, so equal keys stay in insertion order and the last is kept.
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out: Vec<(ObjectKey, CanonicalJsonValue)> = Vec::with_capacity(entries.len());
    for (key, value) in entries {
        match out.last_mut() {
            Some(last) if last.0 == key => last.1 = value,
            _ => out.push((key, value)),
        }
    }
    out
}

impl fmt::Debug for CanonicalJsonObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: Into<ObjectKey>> FromIterator<(K, CanonicalJsonValue)> for CanonicalJsonObject {
    /// Sorts once; on equal keys the last one wins.
    fn from_iter<I: IntoIterator<Item = (K, CanonicalJsonValue)>>(iter: I) -> Self {
        let entries = iter.into_iter().map(|(k, v)| (k.into(), v)).collect();
        Self {
            entries: sort_keep_last(entries),
        }
    }
}

impl<K: Into<ObjectKey>> Extend<(K, CanonicalJsonValue)> for CanonicalJsonObject {
    /// Sorts once; on equal keys the last one wins.
    fn extend<I: IntoIterator<Item = (K, CanonicalJsonValue)>>(&mut self, iter: I) {
        let mut entries = std::mem::take(&mut self.entries);
        entries.extend(iter.into_iter().map(|(k, v)| (k.into(), v)));
        self.entries = sort_keep_last(entries);
    }
}

impl<K: Into<ObjectKey>, const N: usize> From<[(K, CanonicalJsonValue); N]>
    for CanonicalJsonObject
{
    fn from(members: [(K, CanonicalJsonValue); N]) -> Self {
        members.into_iter().collect()
    }
}

impl From<std::collections::BTreeMap<String, CanonicalJsonValue>> for CanonicalJsonObject {
    fn from(map: std::collections::BTreeMap<String, CanonicalJsonValue>) -> Self {
        Self::from_sorted(map.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }
}

impl std::ops::Index<&str> for CanonicalJsonObject {
    type Output = CanonicalJsonValue;

    /// The value of `key`.
    ///
    /// # Panics
    ///
    /// If `key` is not a member, like `BTreeMap`'s index. Use
    /// [`get`](CanonicalJsonObject::get) on untrusted input.
    fn index(&self, key: &str) -> &CanonicalJsonValue {
        match self.get(key) {
            Some(value) => value,
            // The documented contract of `Index`, as for `BTreeMap`: only a
            // caller who chose `object["key"]` over `get` reaches this, and
            // no library crate of the workspace indexes an object.
            None => panic!("no member {key:?} in the object"),
        }
    }
}

impl IntoIterator for CanonicalJsonObject {
    type Item = (ObjectKey, CanonicalJsonValue);
    type IntoIter = IntoIter;
    fn into_iter(self) -> IntoIter {
        IntoIter(self.entries.into_iter())
    }
}

impl<'a> IntoIterator for &'a CanonicalJsonObject {
    type Item = (&'a ObjectKey, &'a CanonicalJsonValue);
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl<'a> IntoIterator for &'a mut CanonicalJsonObject {
    type Item = (&'a ObjectKey, &'a mut CanonicalJsonValue);
    type IntoIter = IterMut<'a>;
    fn into_iter(self) -> IterMut<'a> {
        self.iter_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(object: &CanonicalJsonObject) -> Vec<&str> {
        object.keys().map(ObjectKey::as_str).collect()
    }

    #[test]
    fn insert_keeps_key_order_and_replaces() {
        let mut o = CanonicalJsonObject::new();
        for k in ["m", "b", "z", "a", "n"] {
            assert!(o.insert(k.into(), k.into()).is_none());
        }
        assert_eq!(keys(&o), ["a", "b", "m", "n", "z"]);
        assert_eq!(o.insert("m".into(), 1.into()), Some("m".into()));
        assert_eq!(o.get("m"), Some(&1.into()));
        assert_eq!(o.len(), 5);
    }

    #[test]
    fn remove_and_retain() {
        let mut o: CanonicalJsonObject = [("a", 1.into()), ("b", 2.into()), ("c", 3.into())].into();
        assert_eq!(o.remove("b"), Some(2.into()));
        assert_eq!(o.remove("b"), None);
        o.retain(|k, _| k != "a");
        assert_eq!(keys(&o), ["c"]);
    }

    #[test]
    fn collect_sorts_and_keeps_the_last_duplicate() {
        let o: CanonicalJsonObject = [("b", 1.into()), ("a", 2.into()), ("b", 3.into())]
            .into_iter()
            .collect();
        assert_eq!(keys(&o), ["a", "b"]);
        assert_eq!(o.get("b"), Some(&3.into()));
        let mut p = o.clone();
        p.extend([("0", CanonicalJsonValue::Null), ("a", 9.into())]);
        assert_eq!(keys(&p), ["0", "a", "b"]);
        assert_eq!(p["a"], 9.into());
    }

    #[test]
    fn entry_inserts_once() {
        let mut o = CanonicalJsonObject::new();
        *o.entry("x".into()).or_insert(1.into()) = 2.into();
        o.entry("x".into()).or_insert(5.into());
        o.entry("a".into()).or_default();
        assert_eq!(keys(&o), ["a", "x"]);
        assert_eq!(o["x"], 2.into());
        assert!(o["a"].is_null());
    }

    #[test]
    fn keys_are_in_code_point_order() {
        // Code point order is byte order: "é" sorts after "z".
        let o: CanonicalJsonObject = [("é", 1.into()), ("z", 2.into())].into_iter().collect();
        assert_eq!(keys(&o), ["z", "é"]);
    }

    #[test]
    fn lookups_agree_on_both_sides_of_the_scan_limit() {
        for size in [0, 1, LINEAR_SCAN_MAX, LINEAR_SCAN_MAX + 1, 500] {
            let o: CanonicalJsonObject = (0..size)
                .map(|i| (format!("@u{i}:x"), CanonicalJsonValue::from(i as u32)))
                .collect();
            for i in 0..size {
                let key = format!("@u{i}:x");
                assert_eq!(
                    o.get(&key),
                    Some(&CanonicalJsonValue::from(i as u32)),
                    "{size} {key}"
                );
                assert!(o.contains_key(&key));
            }
            for absent in ["", "@u", "@u0:xx", "@u1:", "zz"] {
                assert_eq!(o.get(absent), None, "{size} {absent}");
            }
        }
    }

    #[test]
    fn ends_entries_and_append_follow_btree_map() {
        let mut o: CanonicalJsonObject = [("b", 2.into()), ("d", 4.into())].into();
        assert_eq!(o.first_key_value().map(|(k, _)| k.as_str()), Some("b"));
        assert_eq!(o.last_key_value().map(|(k, _)| k.as_str()), Some("d"));
        assert_eq!(
            o.get_key_value("d").map(|(k, v)| (k.as_str(), v)),
            Some(("d", &4.into()))
        );
        let mut other: CanonicalJsonObject = [("a", 1.into()), ("d", 9.into())].into();
        o.append(&mut other);
        assert!(other.is_empty());
        assert_eq!(keys(&o), ["a", "b", "d"]);
        assert_eq!(o["d"], 9.into(), "the appended value wins");
        assert_eq!(
            o.remove_entry("a").map(|(k, v)| (k.into_string(), v)),
            Some(("a".to_owned(), 1.into()))
        );
        for v in o.values_mut() {
            *v = 0.into();
        }
        assert!(o.values().all(|v| *v == 0.into()));
        o.clear();
        assert!(o.is_empty() && o.first_key_value().is_none());
    }

    #[test]
    fn equality_ignores_how_the_object_was_built() {
        let a: CanonicalJsonObject = [("x", 1.into()), ("y", 2.into())].into();
        let mut b = CanonicalJsonObject::new();
        b.insert(String::from("y").into(), 2.into());
        b.insert("x".into(), 1.into());
        assert_eq!(a, b);
    }
}
