//! Event IDs (`WF-EID-*`).

use crate::bytes::{byte, check_len, check_no_nul, check_sigil, contains, find, invalid_char, tri};
use crate::macros::id_type;
use crate::{IdError, ServerName};

id_type!(
    /// An event ID in one of three forms: `$opaque:server_name` (room versions
    /// 1–2, `WF-EID-1`), `$` + 43 standard base64 characters (v3, `WF-EID-2`)
    /// or `$` + 43 URL-safe base64 characters (v4+, `WF-EID-3`).
    ///
    /// [`EventId::parse`] accepts every form; [`EventId::parse_as`] accepts
    /// only the form a room version uses.
    ///
    /// ```
    /// use mxp_ids::{EventId, EventIdFormat};
    /// let id = EventId::parse("$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg").unwrap();
    /// assert_eq!(id.format(), EventIdFormat::UrlSafeHash);
    /// let v3 = EventId::parse("$acR1l0raoZnm60CBwAVgqbZqoO/mYU81xysh1u7XcJk").unwrap();
    /// assert_eq!(v3.format(), EventIdFormat::StandardHash);
    /// assert!(EventId::parse_as(v3.as_str(), EventIdFormat::UrlSafeHash).is_err());
    /// ```
    EventId,
    /// An owned [`EventId`].
    OwnedEventId,
    validate
);

/// Maximum length of an event ID in bytes (`WF-EID-5`).
pub const MAX_BYTES: usize = 255;

/// Number of base64 characters of a SHA-256 hash, unpadded.
pub const HASH_CHARS: usize = 43;

/// Which of the three event ID forms an ID has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EventIdFormat {
    /// `$opaque:server_name` (room versions 1–2, `WF-EID-1`).
    Opaque,
    /// Standard base64 hash, alphabet with `+` and `/` (room version 3,
    /// `WF-EID-2`).
    StandardHash,
    /// URL-safe base64 hash, alphabet with `-` and `_` (room versions 4+,
    /// `WF-EID-3`).
    UrlSafeHash,
}

impl EventIdFormat {
    /// A short description of the form, for messages.
    pub const fn description(self) -> &'static str {
        match self {
            EventIdFormat::Opaque => "opaque `$localpart:server_name`",
            EventIdFormat::StandardHash => "standard base64 hash",
            EventIdFormat::UrlSafeHash => "URL-safe base64 hash",
        }
    }
}

/// Validates `b[start..end]` as the 43 unpadded base64 characters of a
/// SHA-256 hash: URL-safe alphabet, plus the standard one when
/// `allow_standard`; the two alphabets may not be mixed.
///
/// The last character's unused low bits are not checked (`WF-B64-3`: strict
/// validation of encodings is optional; be lenient on input).
pub(crate) const fn validate_hash(
    b: &[u8],
    start: usize,
    end: usize,
    allow_standard: bool,
) -> Result<(), IdError> {
    let length = end.saturating_sub(start);
    if length != HASH_CHARS {
        return Err(IdError::InvalidHashLength { length });
    }
    let mut standard = false;
    let mut url_safe = false;
    let mut i = start;
    while i < end {
        let c = byte(b, i);
        if c == b'-' || c == b'_' {
            url_safe = true;
        } else if allow_standard && (c == b'+' || c == b'/') {
            standard = true;
        } else if !c.is_ascii_alphanumeric() {
            return Err(invalid_char(b, i));
        }
        i += 1;
    }
    if standard && url_safe {
        return Err(IdError::InvalidHash(
            "mixes the standard (`+`, `/`) and URL-safe (`-`, `_`) base64 alphabets",
        ));
    }
    Ok(())
}

/// Classes of the base64 characters, for [`is_plain_hash`]: `ALNUM`,
/// `URL_SAFE` (`-`, `_`), `STANDARD` (`+`, `/`); 0 for every other byte.
const HASH_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        if (c as u8).is_ascii_alphanumeric() {
            table[c] = ALNUM;
        }
        c += 1;
    }
    table[b'-' as usize] = URL_SAFE;
    table[b'_' as usize] = URL_SAFE;
    table[b'+' as usize] = STANDARD;
    table[b'/' as usize] = STANDARD;
    table
};
const ALNUM: u8 = 1;
const URL_SAFE: u8 = 2;
const STANDARD: u8 = 4;

/// The fast path for hash-form IDs (`WF-EID-2`/`-3`, `WF-RID-2`), the
/// common case: whether `b` is `sigil` + 43 base64 characters of one
/// alphabet (URL-safe, or standard when `allow_standard`), by table lookup.
/// `false` only means "not certainly valid": the caller then runs the exact
/// validator, which also says what is wrong.
pub(crate) const fn is_plain_hash(b: &[u8], sigil: u8, allow_standard: bool) -> bool {
    if b.len() != 1 + HASH_CHARS || b[0] != sigil {
        return false;
    }
    let mut seen = 0;
    let mut i = 1;
    while i < b.len() {
        let class = HASH_CLASS[b[i] as usize];
        if class == 0 {
            return false;
        }
        seen |= class;
        i += 1;
    }
    let mixed = seen & (URL_SAFE | STANDARD) == URL_SAFE | STANDARD;
    !mixed && (allow_standard || seen & STANDARD == 0)
}

pub(crate) const fn validate(s: &str) -> Result<(), IdError> {
    let b = s.as_bytes();
    if is_plain_hash(b, b'$', true) {
        return Ok(());
    }
    tri!(check_sigil(b, b'$'));
    tri!(check_len(b, MAX_BYTES));
    match find(b, 1, b.len(), b':') {
        // WF-EID-1: the opaque part may hold anything but `:` and NUL, like
        // the other opaque localparts; it may be empty.
        Some(colon) => {
            tri!(check_no_nul(b, 1, colon));
            crate::server_name::validate_range(b, colon + 1, b.len())
        }
        None => validate_hash(b, 1, b.len(), true),
    }
}

impl EventId {
    /// Parses an event ID of any form.
    pub const fn parse(s: &str) -> Result<&EventId, IdError> {
        match validate(s) {
            Ok(()) => Ok(EventId::from_validated(s)),
            Err(e) => Err(e),
        }
    }

    /// Parses an event ID that must have the given form, e.g. the form of the
    /// room version the event belongs to. A hash made only of characters
    /// common to both alphabets fits both hash forms.
    pub const fn parse_as(s: &str, format: EventIdFormat) -> Result<&EventId, IdError> {
        let id = match EventId::parse(s) {
            Ok(id) => id,
            Err(e) => return Err(e),
        };
        if id.matches_format(format) {
            Ok(id)
        } else {
            Err(IdError::WrongFormat {
                expected: format.description(),
                found: id.format().description(),
            })
        }
    }

    /// Which form this ID has.
    ///
    /// A hash that contains `+` or `/` is [`EventIdFormat::StandardHash`];
    /// any other hash, including one made only of `A-Z a-z 0-9` (valid in
    /// both alphabets, so the ID alone cannot tell), reports
    /// [`EventIdFormat::UrlSafeHash`], the form of every current room
    /// version. Use [`EventId::matches_format`] to ask whether an ID is valid
    /// in a given form.
    pub const fn format(&self) -> EventIdFormat {
        let b = self.as_str().as_bytes();
        let end = b.len();
        if contains(b, 1, end, b':') {
            EventIdFormat::Opaque
        } else if contains(b, 1, end, b'+') || contains(b, 1, end, b'/') {
            EventIdFormat::StandardHash
        } else {
            EventIdFormat::UrlSafeHash
        }
    }

    /// Whether this ID is valid in the given form: an `Opaque` ID only in
    /// `Opaque`; a hash in each alphabet its characters belong to.
    pub const fn matches_format(&self, format: EventIdFormat) -> bool {
        let b = self.as_str().as_bytes();
        let end = b.len();
        let opaque = contains(b, 1, end, b':');
        match format {
            EventIdFormat::Opaque => opaque,
            EventIdFormat::StandardHash => {
                !opaque && !contains(b, 1, end, b'-') && !contains(b, 1, end, b'_')
            }
            EventIdFormat::UrlSafeHash => {
                !opaque && !contains(b, 1, end, b'+') && !contains(b, 1, end, b'/')
            }
        }
    }

    /// Whether this is a hash-form ID (room version 3 and later).
    #[inline]
    pub const fn is_hash_form(&self) -> bool {
        let b = self.as_str().as_bytes();
        !contains(b, 1, b.len(), b':')
    }

    fn opaque_parts(&self) -> Option<(&str, &str)> {
        self.as_str().get(1..)?.split_once(':')
    }

    /// The opaque localpart of a `$opaque:server_name` ID; `None` for hash forms.
    pub fn localpart(&self) -> Option<&str> {
        self.opaque_parts().map(|(local, _)| local)
    }

    /// The server name of a `$opaque:server_name` ID; `None` for hash forms.
    pub fn server_name(&self) -> Option<&ServerName> {
        self.opaque_parts()
            .map(|(_, server)| ServerName::from_validated(server))
    }

    /// The 43 base64 characters after `$` of a hash-form ID.
    #[inline]
    pub fn hash(&self) -> Option<&str> {
        if self.is_hash_form() {
            self.as_str().get(1..)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The exact validators without the fast path.
    fn slow_event_id(b: &[u8]) -> bool {
        check_sigil(b, b'$').is_ok()
            && check_len(b, MAX_BYTES).is_ok()
            && match find(b, 1, b.len(), b':') {
                Some(colon) => {
                    check_no_nul(b, 1, colon).is_ok()
                        && crate::server_name::validate_range(b, colon + 1, b.len()).is_ok()
                }
                None => validate_hash(b, 1, b.len(), true).is_ok(),
            }
    }

    /// ID bodies of 42 to 44 bytes from `extra` and the letters.
    fn alphabet(extra: &[u8]) -> impl Strategy<Value = Vec<u8>> + use<> {
        let chars: Vec<u8> = extra.iter().copied().chain(b'a'..=b'z').collect();
        prop::collection::vec(prop::sample::select(chars), 42..=44)
    }

    proptest! {
        /// WF-EID-2/3, WF-RID-2: the table fast path accepts only what the
        /// exact validators accept, and every valid hash-form ID.
        #[test]
        fn hash_fast_path_agrees_with_exact_validator(
            sigil in prop::sample::select(vec![b'$', b'!', b'#']),
            body in prop_oneof![
                alphabet(b"aZ09-_:.=\0\xc3 +/"),
                alphabet(b"aZ09-_"),
                alphabet(b"aZ09+/"),
                alphabet(b"aZ09-_+/"),
            ],
        ) {
            let mut b = vec![sigil];
            b.extend_from_slice(&body);
            let fast_event = is_plain_hash(&b, b'$', true);
            if fast_event {
                prop_assert!(slow_event_id(&b));
            }
            if sigil == b'$' && b.len() == 44 && !b.contains(&b':') {
                prop_assert_eq!(fast_event, validate_hash(&b, 1, b.len(), true).is_ok());
            }
            let fast_room = is_plain_hash(&b, b'!', false);
            if sigil == b'!' && b.len() == 44 && !b.contains(&b':') {
                prop_assert_eq!(fast_room, validate_hash(&b, 1, b.len(), false).is_ok());
            } else {
                prop_assert!(!fast_room || (sigil == b'!' && b.len() == 44));
            }
        }
    }
}
