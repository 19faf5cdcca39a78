//! The boilerplate shared by every borrowed/owned identifier pair.

/// Declares `$borrowed` (an unsized wrapper around `str`, like `str`) and
/// `$owned` (its owned form, like `String`), with every conversion and trait,
/// validated through `$validate: fn(&str) -> Result<(), IdError>`.
macro_rules! id_type {
    (
        $(#[$bmeta:meta])* $borrowed:ident,
        $(#[$ometa:meta])* $owned:ident,
        $validate:path
    ) => {
        $(#[$bmeta])*
        #[derive(ref_cast::RefCastCustom, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[repr(transparent)]
        pub struct $borrowed(str);

        $(#[$ometa])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $owned(Box<str>);

        impl $borrowed {
            #[ref_cast::ref_cast_custom]
            pub(crate) const fn from_validated(s: &str) -> &Self;

            /// The identifier as a string slice.
            pub const fn as_str(&self) -> &str {
                &self.0
            }

            /// The length of the identifier in bytes.
            #[allow(clippy::len_without_is_empty)]
            pub const fn len(&self) -> usize {
                self.0.len()
            }
        }

        impl $owned {
            /// Wraps a string already known to be valid.
            #[allow(dead_code)]
            pub(crate) fn from_validated_owned(s: String) -> Self {
                $owned(s.into_boxed_str())
            }

            /// The identifier as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Borrows this identifier.
            pub fn as_id(&self) -> &$borrowed {
                $borrowed::from_validated(&self.0)
            }

            /// Converts into a `String` without copying.
            pub fn into_string(self) -> String {
                self.0.into()
            }
        }

        impl std::ops::Deref for $owned {
            type Target = $borrowed;
            fn deref(&self) -> &$borrowed {
                self.as_id()
            }
        }

        impl std::borrow::Borrow<$borrowed> for $owned {
            fn borrow(&self) -> &$borrowed {
                self.as_id()
            }
        }

        impl AsRef<$borrowed> for $owned {
            fn as_ref(&self) -> &$borrowed {
                self.as_id()
            }
        }

        impl ToOwned for $borrowed {
            type Owned = $owned;
            fn to_owned(&self) -> $owned {
                $owned(self.0.into())
            }
        }

        impl From<&$borrowed> for $owned {
            fn from(id: &$borrowed) -> Self {
                id.to_owned()
            }
        }

        impl From<$owned> for String {
            fn from(id: $owned) -> Self {
                id.into_string()
            }
        }

        impl AsRef<str> for $borrowed {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $owned {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $borrowed {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::fmt::Display for $owned {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::fmt::Debug for $borrowed {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(&self.0, f)
            }
        }

        impl std::fmt::Debug for $owned {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(&*self.0, f)
            }
        }

        impl<'a> TryFrom<&'a str> for &'a $borrowed {
            type Error = $crate::IdError;
            fn try_from(s: &'a str) -> Result<Self, $crate::IdError> {
                $validate(s)?;
                Ok($borrowed::from_validated(s))
            }
        }

        impl TryFrom<&str> for $owned {
            type Error = $crate::IdError;
            fn try_from(s: &str) -> Result<Self, $crate::IdError> {
                $validate(s)?;
                Ok($owned(s.into()))
            }
        }

        impl TryFrom<String> for $owned {
            type Error = $crate::IdError;
            fn try_from(s: String) -> Result<Self, $crate::IdError> {
                $validate(&s)?;
                Ok($owned(s.into_boxed_str()))
            }
        }

        impl std::str::FromStr for $owned {
            type Err = $crate::IdError;
            fn from_str(s: &str) -> Result<Self, $crate::IdError> {
                Self::try_from(s)
            }
        }

        impl PartialEq<str> for $borrowed {
            fn eq(&self, other: &str) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<&str> for $borrowed {
            fn eq(&self, other: &&str) -> bool {
                &self.0 == *other
            }
        }

        impl PartialEq<str> for $owned {
            fn eq(&self, other: &str) -> bool {
                &*self.0 == other
            }
        }

        impl PartialEq<&str> for $owned {
            fn eq(&self, other: &&str) -> bool {
                &*self.0 == *other
            }
        }

        impl PartialEq<$borrowed> for $owned {
            fn eq(&self, other: &$borrowed) -> bool {
                &*self.0 == other.as_str()
            }
        }

        impl PartialEq<&$borrowed> for $owned {
            fn eq(&self, other: &&$borrowed) -> bool {
                &*self.0 == other.as_str()
            }
        }

        impl PartialEq<$owned> for $borrowed {
            fn eq(&self, other: &$owned) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl PartialEq<$owned> for &$borrowed {
            fn eq(&self, other: &$owned) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl serde::Serialize for $borrowed {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl serde::Serialize for $owned {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $owned {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::try_from(s).map_err(serde::de::Error::custom)
            }
        }

        impl<'de: 'a, 'a> serde::Deserialize<'de> for &'a $borrowed {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <&'a str>::deserialize(d)?;
                <&$borrowed>::try_from(s).map_err(serde::de::Error::custom)
            }
        }
    };
}

pub(crate) use id_type;
