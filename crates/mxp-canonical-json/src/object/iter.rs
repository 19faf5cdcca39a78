//! Iterators over an object and its entry API.

use super::{CanonicalJsonObject, ObjectKey};
use crate::value::CanonicalJsonValue;

macro_rules! iterator {
    ($(#[$doc:meta])* $name:ident, $inner:ty, $item:ty, |$e:ident| $map:expr) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name<'a>(pub(super) $inner);

        impl<'a> Iterator for $name<'a> {
            type Item = $item;
            #[inline]
            fn next(&mut self) -> Option<$item> {
                self.0.next().map(|$e| $map)
            }
            fn size_hint(&self) -> (usize, Option<usize>) {
                self.0.size_hint()
            }
        }

        impl<'a> DoubleEndedIterator for $name<'a> {
            fn next_back(&mut self) -> Option<$item> {
                self.0.next_back().map(|$e| $map)
            }
        }

        impl<'a> ExactSizeIterator for $name<'a> {}
        impl<'a> std::iter::FusedIterator for $name<'a> {}
    };
}

iterator!(
    /// The members of an object in key order.
    Iter,
    std::slice::Iter<'a, (ObjectKey, CanonicalJsonValue)>,
    (&'a ObjectKey, &'a CanonicalJsonValue),
    |e| (&e.0, &e.1)
);
iterator!(
    /// The members of an object in key order, values mutably.
    IterMut,
    std::slice::IterMut<'a, (ObjectKey, CanonicalJsonValue)>,
    (&'a ObjectKey, &'a mut CanonicalJsonValue),
    |e| (&e.0, &mut e.1)
);
iterator!(
    /// The keys of an object in order.
    Keys,
    std::slice::Iter<'a, (ObjectKey, CanonicalJsonValue)>,
    &'a ObjectKey,
    |e| &e.0
);
iterator!(
    /// The values of an object in key order.
    Values,
    std::slice::Iter<'a, (ObjectKey, CanonicalJsonValue)>,
    &'a CanonicalJsonValue,
    |e| &e.1
);
iterator!(
    /// The values of an object in key order, mutably.
    ValuesMut,
    std::slice::IterMut<'a, (ObjectKey, CanonicalJsonValue)>,
    &'a mut CanonicalJsonValue,
    |e| &mut e.1
);

impl Clone for Iter<'_> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

/// The members of an object, owned, in key order.
#[derive(Debug)]
pub struct IntoIter(pub(super) std::vec::IntoIter<(ObjectKey, CanonicalJsonValue)>);

impl Iterator for IntoIter {
    type Item = (ObjectKey, CanonicalJsonValue);
    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next()
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for IntoIter {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back()
    }
}

impl ExactSizeIterator for IntoIter {}
impl std::iter::FusedIterator for IntoIter {}

/// One member of an object, present or not; from [`CanonicalJsonObject::entry`].
#[derive(Debug)]
pub enum Entry<'a> {
    /// The key is a member.
    Occupied(OccupiedEntry<'a>),
    /// The key is not a member.
    Vacant(VacantEntry<'a>),
}

/// A member that is present.
#[derive(Debug)]
pub struct OccupiedEntry<'a> {
    pub(super) object: &'a mut CanonicalJsonObject,
    pub(super) index: usize,
}

/// A member that is absent, with the key it would have.
#[derive(Debug)]
pub struct VacantEntry<'a> {
    pub(super) object: &'a mut CanonicalJsonObject,
    pub(super) index: usize,
    pub(super) key: ObjectKey,
}

impl<'a> Entry<'a> {
    /// The member's value, inserting `default` first if absent.
    pub fn or_insert(self, default: CanonicalJsonValue) -> &'a mut CanonicalJsonValue {
        self.or_insert_with(|| default)
    }

    /// The member's value, inserting `default()` first if absent.
    pub fn or_insert_with(
        self,
        default: impl FnOnce() -> CanonicalJsonValue,
    ) -> &'a mut CanonicalJsonValue {
        match self {
            Self::Occupied(entry) => entry.into_mut(),
            Self::Vacant(entry) => entry.insert(default()),
        }
    }

    /// The member's value, inserting `null` first if absent.
    pub fn or_default(self) -> &'a mut CanonicalJsonValue {
        self.or_insert_with(CanonicalJsonValue::default)
    }

    /// The key.
    pub fn key(&self) -> &str {
        match self {
            Self::Occupied(entry) => entry.key(),
            Self::Vacant(entry) => &entry.key,
        }
    }
}

impl<'a> OccupiedEntry<'a> {
    /// The key.
    pub fn key(&self) -> &str {
        self.object
            .entries
            .get(self.index)
            .map_or("", |(k, _)| k.as_str())
    }

    /// The value, mutably, for as long as the object is borrowed.
    pub fn into_mut(self) -> &'a mut CanonicalJsonValue {
        // In bounds: the index came from a search of this object, which the
        // entry borrows mutably, so nothing changed it since.
        &mut self.object.entries[self.index].1
    }
}

impl<'a> VacantEntry<'a> {
    /// The key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Inserts `value` under the key; returns it, mutably.
    pub fn insert(self, value: CanonicalJsonValue) -> &'a mut CanonicalJsonValue {
        // In bounds: the search gave an insertion point of this object, which
        // the entry borrows mutably, and the member was just put there.
        self.object.entries.insert(self.index, (self.key, value));
        &mut self.object.entries[self.index].1
    }
}
