//! Object keys: shared `'static` text for the keys Matrix uses everywhere.

use std::borrow::{Borrow, Cow};
use std::fmt;

/// The key of an object member: a string, shared for keys Matrix uses often.
///
/// It dereferences to `str` and compares, orders and hashes as its text.
///
/// ```
/// use mxp_canonical_json::ObjectKey;
///
/// let key = ObjectKey::from("content");
/// assert_eq!(key, "content");
/// assert_eq!(key.len(), 7);
/// assert!(ObjectKey::from("b") > ObjectKey::from(String::from("a")));
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ObjectKey(Cow<'static, str>);

impl ObjectKey {
    /// Whether this is a shared well-known key, which is plain ASCII
    /// without `"`, `\\` or control characters (a test checks the table).
    /// Only [`well_known`] keys are ever borrowed.
    pub(crate) fn is_shared(&self) -> bool {
        matches!(&self.0, Cow::Borrowed(_))
    }

    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key's text, owned.
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl std::ops::Deref for ObjectKey {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for ObjectKey {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for ObjectKey {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ObjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for ObjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<String> for ObjectKey {
    fn from(key: String) -> Self {
        Self(Cow::Owned(key))
    }
}

impl From<&str> for ObjectKey {
    /// Shares the text if it is a well-known Matrix key, else copies it.
    #[inline]
    fn from(key: &str) -> Self {
        match well_known(key) {
            Some(shared) => Self(Cow::Borrowed(shared)),
            None => Self(Cow::Owned(key.to_owned())),
        }
    }
}

impl From<&String> for ObjectKey {
    fn from(key: &String) -> Self {
        Self::from(key.as_str())
    }
}

impl From<ObjectKey> for String {
    fn from(key: ObjectKey) -> Self {
        key.into_string()
    }
}

impl PartialEq<str> for ObjectKey {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ObjectKey {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for ObjectKey {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<ObjectKey> for str {
    fn eq(&self, other: &ObjectKey) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<ObjectKey> for String {
    fn eq(&self, other: &ObjectKey) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<ObjectKey> for &str {
    fn eq(&self, other: &ObjectKey) -> bool {
        *self == other.as_str()
    }
}

macro_rules! well_known_keys {
    ($($len:literal => [$($k:literal)*],)*) => {
        /// The shared copy of a key Matrix events use often, if `key` is one.
        /// Grouped by length, so a key is compared only with keys as long.
        pub(crate) fn well_known(key: &str) -> Option<&'static str> {
            match key.len() {
                $($len => match key {
                    $($k => Some($k),)*
                    _ => None,
                },)*
                _ => None,
            }
        }

        #[cfg(test)]
        pub(super) const WELL_KNOWN: &[&str] = &[$($($k),*),*];
    };
}

// Keys of PDUs and of the events the rules, clients and servers read most.
well_known_keys!(
    1 => ["h" "w"],
    3 => ["age" "ban" "key" "url" "via"],
    4 => ["body" "info" "keys" "kick" "mxid" "name" "room" "size" "type"],
    5 => ["alias" "allow" "depth" "token" "topic" "users"],
    6 => ["age_ts" "events" "format" "hashes" "invite" "origin" "reason" "redact" "sender" "sha256" "signed"],
    7 => ["aliases" "content" "creator" "ed25519" "msgtype" "redacts" "room_id"],
    8 => ["event_id" "mimetype" "rel_type" "unsigned" "user_ids"],
    9 => ["is_direct" "join_rule" "state_key"],
    10 => ["avatar_url" "expired_ts" "m.federate" "m.mentions" "membership" "prev_state" "public_key" "signatures"],
    11 => ["alt_aliases" "auth_events" "displayname" "predecessor" "prev_events" "public_keys" "server_name" "verify_keys"],
    12 => ["display_name" "event_format" "guest_access" "m.relates_to" "prev_content" "room_version"],
    13 => ["m.in_reply_to" "m.new_content" "notifications" "state_default" "thumbnail_url" "users_default"],
    14 => ["events_default" "formatted_body" "thumbnail_info" "valid_until_ts"],
    15 => ["old_verify_keys"],
    16 => ["key_validity_url" "origin_server_ts"],
    18 => ["history_visibility" "third_party_invite"],
    19 => ["additional_creators"],
    32 => ["join_authorised_via_users_server"],
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_known_keys_are_shared_and_compare_as_text() {
        let shared = ObjectKey::from("content");
        assert!(matches!(shared.0, Cow::Borrowed(_)));
        let owned = ObjectKey::from(String::from("content"));
        assert_eq!(shared, owned);
        assert!(matches!(ObjectKey::from("not-well-known").0, Cow::Owned(_)));
        // Code point order is byte order: "é" sorts after "z".
        let (e, z) = (ObjectKey::from("é"), ObjectKey::from("z"));
        assert_eq!(e.cmp(&z), std::cmp::Ordering::Greater);
    }

    #[test]
    fn shared_keys_need_no_escaping() {
        assert!(WELL_KNOWN.len() > 80, "{}", WELL_KNOWN.len());
        for &key in WELL_KNOWN {
            assert!(ObjectKey::from(key).is_shared(), "{key}");
            assert!(
                key.bytes()
                    .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\'),
                "{key}"
            );
        }
        assert!(!ObjectKey::from("a\"b").is_shared());
        assert!(!ObjectKey::from(String::from("content")).is_shared());
    }
}
