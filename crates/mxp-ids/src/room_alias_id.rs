//! Room aliases (`WF-ALIAS-1`).

use crate::bytes::{check_len, check_no_nul, check_sigil, find, tri};
use crate::macros::id_type;
use crate::{IdError, ServerName};

id_type!(
    /// A room alias, `#localpart:server_name` (`WF-ALIAS-1`). The localpart
    /// may hold any code point but `:` and NUL.
    ///
    /// ```
    /// use mxp_ids::RoomAliasId;
    /// let alias = RoomAliasId::parse("#room:example.org").unwrap();
    /// assert_eq!(alias.alias(), "room");
    /// assert_eq!(alias.server_name().as_str(), "example.org");
    /// ```
    RoomAliasId,
    /// An owned [`RoomAliasId`].
    OwnedRoomAliasId,
    validate
);

/// Maximum length of a room alias in bytes (`WF-ALIAS-1`).
pub const MAX_BYTES: usize = 255;

pub(crate) const fn validate(s: &str) -> Result<(), IdError> {
    let b = s.as_bytes();
    tri!(check_sigil(b, b'#'));
    tri!(check_len(b, MAX_BYTES));
    let colon = match find(b, 1, b.len(), b':') {
        Some(colon) => colon,
        None => return Err(IdError::MissingColon),
    };
    tri!(check_no_nul(b, 1, colon));
    crate::server_name::validate_range(b, colon + 1, b.len())
}

impl RoomAliasId {
    /// Parses a room alias.
    pub const fn parse(s: &str) -> Result<&RoomAliasId, IdError> {
        match validate(s) {
            Ok(()) => Ok(RoomAliasId::from_validated(s)),
            Err(e) => Err(e),
        }
    }

    fn parts(&self) -> (&str, &str) {
        self.as_str()
            .get(1..)
            .and_then(|rest| rest.split_once(':'))
            .unwrap_or(("", ""))
    }

    /// The localpart, between `#` and the first `:`.
    pub fn alias(&self) -> &str {
        self.parts().0
    }

    /// The server name, after the first `:`.
    pub fn server_name(&self) -> &ServerName {
        ServerName::from_validated(self.parts().1)
    }
}
