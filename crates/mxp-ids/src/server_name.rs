//! Server names (`WF-SN-*`).

use crate::IdError;
use crate::macros::id_type;

id_type!(
    /// A server name: a DNS name, an IPv4 literal or a bracketed IPv6 literal,
    /// with an optional port (`WF-SN-1`).
    ///
    /// ```
    /// use mxp_ids::ServerName;
    /// let name = ServerName::parse("matrix.org:8448").unwrap();
    /// assert_eq!(name.host(), "matrix.org");
    /// assert_eq!(name.port(), Some(8448));
    /// ```
    ServerName,
    /// An owned [`ServerName`].
    OwnedServerName,
    validate
);

/// What kind of host a server name has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HostKind {
    /// A DNS name.
    Dns,
    /// An IPv4 literal (`WF-SN-2`).
    Ipv4,
    /// A bracketed IPv6 literal (`WF-SN-3`).
    Ipv6,
}

/// Index of the `:` that starts the port, if any.
fn port_colon(s: &str) -> Option<usize> {
    let start = s.rfind(']').map_or(0, |i| i + 1);
    s[start..].rfind(':').map(|i| start + i)
}

pub(crate) fn validate(s: &str) -> Result<(), IdError> {
    if s.is_empty() {
        return Err(IdError::InvalidServerName("empty"));
    }
    let (host, port) = match port_colon(s) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    if let Some(port) = port {
        if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdError::InvalidPort);
        }
        match port.parse::<u32>() {
            Ok(p) if (1..=65535).contains(&p) => {}
            _ => return Err(IdError::InvalidPort),
        }
    }
    if let Some(inner) = host.strip_prefix('[') {
        let inner = inner.strip_suffix(']').ok_or(IdError::InvalidIpLiteral)?;
        inner
            .parse::<std::net::Ipv6Addr>()
            .map_err(|_| IdError::InvalidIpLiteral)?;
        return Ok(());
    }
    if host.is_empty() {
        return Err(IdError::InvalidServerName("empty host"));
    }
    if host.len() > 255 {
        return Err(IdError::TooLong {
            length: host.len(),
            max: 255,
        });
    }
    if let Some(b) = host
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'.'))
    {
        let character = host[b..].chars().next().unwrap_or('\0');
        return Err(IdError::InvalidCharacter {
            character,
            position: b,
        });
    }
    Ok(())
}

impl ServerName {
    /// Parses a server name.
    pub fn parse(s: &str) -> Result<&ServerName, IdError> {
        s.try_into()
    }

    /// The host part, brackets included for IPv6 literals.
    pub fn host(&self) -> &str {
        match port_colon(self.as_str()) {
            Some(i) => &self.as_str()[..i],
            None => self.as_str(),
        }
    }

    /// The port, if one is given.
    pub fn port(&self) -> Option<u16> {
        port_colon(self.as_str()).and_then(|i| self.as_str()[i + 1..].parse().ok())
    }

    /// Whether the host is a DNS name or an IP literal.
    pub fn host_kind(&self) -> HostKind {
        let host = self.host();
        if host.starts_with('[') {
            HostKind::Ipv6
        } else if host.parse::<std::net::Ipv4Addr>().is_ok() {
            HostKind::Ipv4
        } else {
            HostKind::Dns
        }
    }
}
