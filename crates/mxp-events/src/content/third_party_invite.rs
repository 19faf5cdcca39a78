//! `m.room.third_party_invite` content.

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};

/// A view of `m.room.third_party_invite` content: the public keys that can
/// sign the `signed` block of the invite that redeems it.
///
/// ```
/// use mxp_canonical_json::CanonicalJsonValue;
/// use mxp_events::content::ThirdPartyInviteContent;
///
/// let content = CanonicalJsonValue::try_from(serde_json::json!({
///     "public_key": "a",
///     "public_keys": [{"public_key": "b"}, {"key_validity_url": "no key"}, 7],
/// })).unwrap();
/// let tpi = ThirdPartyInviteContent::new(content.as_object().unwrap());
/// assert_eq!(tpi.public_key(), Some("a"));
/// assert_eq!(tpi.public_keys().collect::<Vec<_>>(), ["b"]);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct ThirdPartyInviteContent<'a> {
    content: &'a CanonicalJsonObject,
}

impl<'a> ThirdPartyInviteContent<'a> {
    /// A view of `content`.
    pub fn new(content: &'a CanonicalJsonObject) -> Self {
        Self { content }
    }

    /// The raw content.
    pub fn content(&self) -> &'a CanonicalJsonObject {
        self.content
    }

    /// `public_key`, if it is a string.
    pub fn public_key(&self) -> Option<&'a str> {
        self.content
            .get("public_key")
            .and_then(CanonicalJsonValue::as_str)
    }

    /// The `public_key` strings of the objects in `public_keys`; malformed
    /// entries are skipped.
    pub fn public_keys(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.content
            .get("public_keys")
            .and_then(CanonicalJsonValue::as_array)
            .unwrap_or_default()
            .iter()
            .filter_map(|k| k.as_object()?.get("public_key")?.as_str())
    }

    /// `display_name`, if it is a string.
    pub fn display_name(&self) -> Option<&'a str> {
        self.content
            .get("display_name")
            .and_then(CanonicalJsonValue::as_str)
    }
}
