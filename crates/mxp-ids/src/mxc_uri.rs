//! MXC URIs (`WF-MXC-1`).

use crate::bytes::{ascii_set, check_ascii_set, find, starts_with, tri};
use crate::macros::id_type;
use crate::{IdError, ServerName};

id_type!(
    /// A content URI, `mxc://<server-name>/<media-id>` (`WF-MXC-1`): a valid
    /// server name and a non-empty media ID of `A-Z a-z 0-9 _ -`, which rules
    /// out path traversal such as `mxc://127.0.0.1/../../etc/passwd`.
    ///
    /// ```
    /// use mxp_ids::MxcUri;
    /// let uri = MxcUri::parse("mxc://example.org/SEsfnsuifSDFSSEF").unwrap();
    /// assert_eq!(uri.server_name().as_str(), "example.org");
    /// assert_eq!(uri.media_id(), "SEsfnsuifSDFSSEF");
    /// assert!(MxcUri::parse("mxc://127.0.0.1/../../../some_service/etc/passwd").is_err());
    /// ```
    MxcUri,
    /// An owned [`MxcUri`].
    OwnedMxcUri,
    validate
);

const PREFIX: &[u8] = b"mxc://";

/// `media-id`: `A-Z a-z 0-9 _ -` (`WF-MXC-1`).
const MEDIA_CHAR: [bool; 128] = ascii_set(&[(b'A', b'Z'), (b'a', b'z'), (b'0', b'9')], b"_-");

pub(crate) const fn validate(s: &str) -> Result<(), IdError> {
    let b = s.as_bytes();
    if b.is_empty() {
        return Err(IdError::Empty);
    }
    if !starts_with(b, PREFIX) {
        return Err(IdError::InvalidUri("an MXC URI must start with `mxc://`"));
    }
    let start = PREFIX.len();
    let slash = match find(b, start, b.len(), b'/') {
        Some(i) => i,
        None => return Err(IdError::InvalidUri("an MXC URI needs `/` and a media ID")),
    };
    tri!(crate::server_name::validate_range(b, start, slash));
    if slash + 1 == b.len() {
        return Err(IdError::InvalidUri("the media ID of an MXC URI is empty"));
    }
    check_ascii_set(b, slash + 1, b.len(), &MEDIA_CHAR)
}

impl MxcUri {
    /// Parses an MXC URI.
    pub const fn parse(s: &str) -> Result<&MxcUri, IdError> {
        match validate(s) {
            Ok(()) => Ok(MxcUri::from_validated(s)),
            Err(e) => Err(e),
        }
    }

    fn parts(&self) -> (&str, &str) {
        self.as_str()
            .get(PREFIX.len()..)
            .and_then(|rest| rest.split_once('/'))
            .unwrap_or(("", ""))
    }

    /// The server name.
    pub fn server_name(&self) -> &ServerName {
        ServerName::from_validated(self.parts().0)
    }

    /// The media ID.
    pub fn media_id(&self) -> &str {
        self.parts().1
    }
}

impl OwnedMxcUri {
    /// Builds an MXC URI from its parts.
    ///
    /// ```
    /// use mxp_ids::{OwnedMxcUri, ServerName};
    /// let server = ServerName::parse("example.org").unwrap();
    /// let uri = OwnedMxcUri::from_parts(server, "abc").unwrap();
    /// assert_eq!(uri.as_str(), "mxc://example.org/abc");
    /// assert!(OwnedMxcUri::from_parts(server, "a/b").is_err());
    /// ```
    pub fn from_parts(server_name: &ServerName, media_id: &str) -> Result<OwnedMxcUri, IdError> {
        let s = format!("mxc://{server_name}/{media_id}");
        validate(&s)?;
        Ok(OwnedMxcUri::from_validated_owned(s))
    }
}
