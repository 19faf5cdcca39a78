//! User IDs (`WF-UID-*`).

use crate::bytes::{ascii_set, check_ascii_set, check_len, check_no_nul, check_sigil, find, tri};
use crate::macros::id_type;
use crate::{IdError, ServerName};

id_type!(
    /// A user ID, `@localpart:server_name`.
    ///
    /// A `UserId` value has passed the lenient grammar (`WF-UID-3`), which
    /// every ID received in an event must be accepted under: any localpart
    /// without `:` or NUL, even empty. [`UserId::parse_strict`] applies the
    /// current grammar (`WF-UID-1`) for IDs a server creates, and
    /// [`UserId::is_historical`] tells which of the two a parsed ID meets.
    ///
    /// ```
    /// use mxp_ids::UserId;
    /// let id = UserId::parse("@Alice:example.org").unwrap();
    /// assert!(id.is_historical());
    /// assert!(UserId::parse_strict("@Alice:example.org").is_err());
    /// // The server name starts after the first `:` (WF-UID-4).
    /// let id = UserId::parse("@alice:[::1]:8448").unwrap();
    /// assert_eq!(id.server_name().port(), Some(8448));
    /// ```
    UserId,
    /// An owned [`UserId`].
    OwnedUserId,
    validate_lenient
);

/// Maximum length of a user ID in bytes, sigil and server name included (`WF-UID-2`).
pub const MAX_BYTES: usize = 255;

/// `user_id_char` (`WF-UID-1`): `a-z 0-9 - . = _ / +`.
const STRICT_CHAR: [bool; 128] = ascii_set(&[(b'a', b'z'), (b'0', b'9')], b"-.=_/+");

/// Checks sigil and length, and returns the index of the first `:`.
const fn split(b: &[u8]) -> Result<usize, IdError> {
    tri!(check_sigil(b, b'@'));
    tri!(check_len(b, MAX_BYTES));
    match find(b, 1, b.len(), b':') {
        Some(colon) => Ok(colon),
        None => Err(IdError::MissingColon),
    }
}

/// `WF-UID-3`/`WF-UID-4`: `@`, a localpart of anything but `:` and NUL
/// (possibly empty), `:`, a server name.
pub(crate) const fn validate_lenient(s: &str) -> Result<(), IdError> {
    let b = s.as_bytes();
    let colon = tri!(split(b));
    tri!(check_no_nul(b, 1, colon));
    crate::server_name::validate_range(b, colon + 1, b.len())
}

/// `WF-UID-1`: a non-empty localpart of `a-z 0-9 - . = _ / +`.
pub(crate) const fn validate_strict(s: &str) -> Result<(), IdError> {
    let b = s.as_bytes();
    let colon = tri!(split(b));
    if colon == 1 {
        return Err(IdError::EmptyLocalpart);
    }
    tri!(check_ascii_set(b, 1, colon, &STRICT_CHAR));
    crate::server_name::validate_range(b, colon + 1, b.len())
}

impl UserId {
    /// Parses a user ID leniently, accepting historical localparts
    /// (`WF-UID-3`). Use this for IDs received from other servers.
    pub const fn parse(s: &str) -> Result<&UserId, IdError> {
        match validate_lenient(s) {
            Ok(()) => Ok(UserId::from_validated(s)),
            Err(e) => Err(e),
        }
    }

    /// Parses a user ID with the current grammar (`WF-UID-1`). Use this for
    /// IDs a server creates or registers.
    pub const fn parse_strict(s: &str) -> Result<&UserId, IdError> {
        match validate_strict(s) {
            Ok(()) => Ok(UserId::from_validated(s)),
            Err(e) => Err(e),
        }
    }

    fn parts(&self) -> (&str, &str) {
        let s = self.as_str();
        s.get(1..)
            .and_then(|rest| rest.split_once(':'))
            .unwrap_or(("", ""))
    }

    /// The localpart, between `@` and the first `:`.
    pub fn localpart(&self) -> &str {
        self.parts().0
    }

    /// The server name, after the first `:`.
    pub fn server_name(&self) -> &ServerName {
        ServerName::from_validated(self.parts().1)
    }

    /// Whether the localpart is outside the current grammar (`WF-UID-1`):
    /// empty, or holding a character other than `a-z 0-9 - . = _ / +`.
    pub fn is_historical(&self) -> bool {
        let local = self.localpart();
        local.is_empty()
            || !local
                .bytes()
                .all(|c| c < 128 && STRICT_CHAR[usize::from(c)])
    }

    /// Whether the localpart is *compliant* in the sense of `WF-UID-3`:
    /// non-empty and made of U+0021–U+007E. Servers should not forward
    /// non-compliant user IDs to clients outside the context of an event.
    pub fn is_compliant(&self) -> bool {
        let local = self.localpart();
        !local.is_empty() && local.bytes().all(|c| (0x21..=0x7e).contains(&c))
    }
}

impl OwnedUserId {
    /// Builds a user ID from a localpart and a server name, with the strict
    /// grammar (`WF-UID-1`): for IDs a server creates. A localpart holding
    /// `:` is rejected, so the result always splits back into the same parts
    /// (P1-02).
    ///
    /// ```
    /// use mxp_ids::{OwnedUserId, ServerName};
    /// let server = ServerName::parse("example.org").unwrap();
    /// let id = OwnedUserId::from_parts("alice", server).unwrap();
    /// assert_eq!(id.as_str(), "@alice:example.org");
    /// assert!(OwnedUserId::from_parts("a:b", server).is_err());
    /// ```
    pub fn from_parts(localpart: &str, server_name: &ServerName) -> Result<OwnedUserId, IdError> {
        let s = format!("@{localpart}:{server_name}");
        let local_end = 1 + localpart.len();
        if localpart.is_empty() {
            return Err(IdError::EmptyLocalpart);
        }
        // Checked on its own: a `:` in the localpart would move the split.
        check_ascii_set(s.as_bytes(), 1, local_end, &STRICT_CHAR)?;
        validate_strict(&s)?;
        Ok(OwnedUserId::from_validated_owned(s))
    }
}

/// Maps a name from another character set to a user ID localpart, as
/// `WF-UID-5` suggests: UTF-8 bytes; `A-Z` lower-cased (with
/// `preserve_case`, first escaped as `_` + the lower-case letter, and `_` as
/// `__`); then every byte outside `a-z 0-9 - . _ / +`, and `=` itself,
/// written as `=` + two lower-case hex digits.
///
/// The result is in the strict grammar (`WF-UID-1`) unless it is empty.
///
/// ```
/// use mxp_ids::map_to_localpart;
/// assert_eq!(map_to_localpart("#", false), "=23");
/// assert_eq!(map_to_localpart("á", false), "=c3=a1");
/// assert_eq!(map_to_localpart("Bob_X", false), "bob_x");
/// assert_eq!(map_to_localpart("Bob_X", true), "_bob___x");
/// ```
pub fn map_to_localpart(name: &str, preserve_case: bool) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(name.len());
    for c in name.bytes() {
        match c {
            b'A'..=b'Z' => {
                if preserve_case {
                    out.push('_');
                }
                out.push(char::from(c.to_ascii_lowercase()));
            }
            b'_' if preserve_case => out.push_str("__"),
            b'=' => out.push_str("=3d"),
            _ if c < 128 && STRICT_CHAR[usize::from(c)] => out.push(char::from(c)),
            // Writing to a String cannot fail.
            _ => {
                let _ = write!(out, "={c:02x}");
            }
        }
    }
    out
}
