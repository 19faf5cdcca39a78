//! Server names (`WF-SN-*`).

use crate::IdError;
use crate::bytes::{ascii_set, byte, check_ascii_set, find, invalid_char, tri};
use crate::ip::{is_ipv4, validate_ipv6};
use crate::macros::id_type;

id_type!(
    /// A server name: a DNS name, an IPv4 literal or a bracketed IPv6 literal,
    /// with an optional port (`WF-SN-1`).
    ///
    /// Server names are case-sensitive (`WF-SN-6`): `Eq`, `Ord` and `Hash`
    /// compare bytes. Use [`ServerName::eq_ignore_ascii_case`] where a policy
    /// (such as server ACLs) compares names without case.
    ///
    /// ```
    /// use mxp_ids::{HostKind, ServerName};
    /// let name = ServerName::parse("matrix.org:8448").unwrap();
    /// assert_eq!(name.host(), "matrix.org");
    /// assert_eq!(name.port(), Some(8448));
    /// assert_eq!(ServerName::parse("[::1]").unwrap().host_kind(), HostKind::Ipv6);
    /// assert!(ServerName::parse("example.org:99999").is_err());
    /// ```
    ServerName,
    /// An owned [`ServerName`].
    OwnedServerName,
    validate
);

/// Maximum length of a DNS name in bytes (`WF-SN-1`: `dns-name = 1*255dns-char`).
pub const MAX_DNS_NAME_BYTES: usize = 255;

/// What kind of host a server name has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HostKind {
    /// A DNS name (`WF-SN-4`), including digits-and-dots strings that are
    /// not valid IPv4 addresses, such as `999.1.1.1`.
    Dns,
    /// An IPv4 literal (`WF-SN-2`).
    Ipv4,
    /// A bracketed IPv6 literal (`WF-SN-3`).
    Ipv6,
}

impl HostKind {
    /// The kind's name as used by `mxp batch`: `dns`, `ipv4` or `ipv6`.
    pub const fn as_str(self) -> &'static str {
        match self {
            HostKind::Dns => "dns",
            HostKind::Ipv4 => "ipv4",
            HostKind::Ipv6 => "ipv6",
        }
    }
}

/// `dns-char = DIGIT / ALPHA / "-" / "."` (`WF-SN-1`).
const DNS_CHAR: [bool; 128] = ascii_set(&[(b'0', b'9'), (b'A', b'Z'), (b'a', b'z')], b"-.");

/// Where the host ends in `b[start..end]`: after `]` for IPv6 literals,
/// else at the first `:` (DNS names and IPv4 literals hold no `:`).
const fn host_end(b: &[u8], start: usize, end: usize) -> usize {
    if byte(b, start) == b'[' {
        match find(b, start, end, b']') {
            Some(i) => i + 1,
            None => end,
        }
    } else {
        match find(b, start, end, b':') {
            Some(i) => i,
            None => end,
        }
    }
}

/// Validates `b[start..end]` as a server name; positions are offsets in `b`.
pub(crate) const fn validate_range(b: &[u8], start: usize, end: usize) -> Result<(), IdError> {
    if start >= end {
        // P1-03: `@alice:` and `` are rejected.
        return Err(IdError::InvalidServerName("empty server name"));
    }
    let host_end;
    if byte(b, start) == b'[' {
        let close = match find(b, start + 1, end, b']') {
            Some(i) => i,
            None => {
                return Err(IdError::InvalidServerName(
                    "`[` of an IPv6 literal is not closed",
                ));
            }
        };
        tri!(validate_ipv6(b, start + 1, close));
        host_end = close + 1;
    } else {
        host_end = match find(b, start, end, b':') {
            Some(i) => i,
            None => end,
        };
        if host_end == start {
            // P1-03: `:8448` has a port but no host.
            return Err(IdError::InvalidServerName("empty host"));
        }
        if host_end - start > MAX_DNS_NAME_BYTES {
            return Err(IdError::TooLong {
                length: host_end - start,
                max: MAX_DNS_NAME_BYTES,
            });
        }
        // WF-SN-1/WF-SN-4: IPv4 literals are made of dns-chars too, so one
        // character check covers both; `is_ipv4` only classifies.
        tri!(check_ascii_set(b, start, host_end, &DNS_CHAR));
    }
    if host_end == end {
        return Ok(());
    }
    if byte(b, host_end) != b':' {
        return Err(invalid_char(b, host_end));
    }
    validate_port(b, host_end + 1, end)
}

/// `port = 1*5DIGIT` (`WF-SN-5`), and mxp's decision: the value must be a
/// usable TCP port, 1..=65535. The grammar alone would accept `0` and
/// `99999`; Synapse does not range-check, ruma rejects above 65535. Out-of-range
/// ports are rejected everywhere, including in IDs received in events, so
/// that [`ServerName::port`] is always a real port.
const fn validate_port(b: &[u8], start: usize, end: usize) -> Result<(), IdError> {
    let digits = end.saturating_sub(start);
    let mut value: u32 = 0;
    let mut i = start;
    while i < end {
        let c = byte(b, i);
        if !c.is_ascii_digit() {
            return Err(invalid_char(b, i));
        }
        if i - start < 5 {
            value = value * 10 + (c - b'0') as u32;
        }
        i += 1;
    }
    if digits == 0 || digits > 5 {
        return Err(IdError::InvalidPort);
    }
    if value == 0 || value > 65535 {
        return Err(IdError::PortOutOfRange { port: value });
    }
    Ok(())
}

pub(crate) const fn validate(s: &str) -> Result<(), IdError> {
    let b = s.as_bytes();
    validate_range(b, 0, b.len())
}

impl ServerName {
    /// Parses a server name.
    pub const fn parse(s: &str) -> Result<&ServerName, IdError> {
        match validate(s) {
            Ok(()) => Ok(ServerName::from_validated(s)),
            Err(e) => Err(e),
        }
    }

    /// The host part, brackets included for IPv6 literals.
    pub fn host(&self) -> &str {
        let s = self.as_str();
        s.get(..host_end(s.as_bytes(), 0, s.len())).unwrap_or(s)
    }

    /// The port, if one is given.
    pub fn port(&self) -> Option<u16> {
        let s = self.as_str();
        let port = s
            .get(host_end(s.as_bytes(), 0, s.len())..)?
            .strip_prefix(':')?;
        port.parse().ok()
    }

    /// Whether the host is a DNS name or an IP literal.
    pub fn host_kind(&self) -> HostKind {
        let b = self.as_str().as_bytes();
        let end = host_end(b, 0, b.len());
        if byte(b, 0) == b'[' {
            HostKind::Ipv6
        } else if is_ipv4(b, 0, end) {
            HostKind::Ipv4
        } else {
            HostKind::Dns
        }
    }

    /// Whether the host is an IPv4 or IPv6 literal.
    pub fn is_ip_literal(&self) -> bool {
        self.host_kind() != HostKind::Dns
    }

    /// The IP address of an IP-literal host (leading zeros of IPv4 parts
    /// read as decimal, per `WF-SN-2`).
    pub fn ip(&self) -> Option<std::net::IpAddr> {
        let host = self.host();
        match self.host_kind() {
            HostKind::Ipv6 => host
                .strip_prefix('[')?
                .strip_suffix(']')?
                .parse::<std::net::Ipv6Addr>()
                .ok()
                .map(Into::into),
            HostKind::Ipv4 => {
                let mut octets = [0u8; 4];
                let mut parts = host.split('.');
                for octet in &mut octets {
                    *octet = parts.next()?.parse().ok()?;
                }
                Some(std::net::Ipv4Addr::from(octets).into())
            }
            HostKind::Dns => None,
        }
    }

    /// Compares two server names ignoring ASCII case, for policies such as
    /// server ACLs; identity comparisons stay case-sensitive (`WF-SN-6`).
    pub fn eq_ignore_ascii_case(&self, other: &ServerName) -> bool {
        self.as_str().eq_ignore_ascii_case(other.as_str())
    }

    /// Whether a DNS host also follows ordinary hostname rules, which
    /// `WF-SN-4` recommends but the grammar does not require: labels of 1–63
    /// letters, digits and hyphens, not starting or ending with `-`, no empty
    /// label (`a..b`, `.a`, `a.` fail). IP literals return `true`.
    ///
    /// ```
    /// use mxp_ids::ServerName;
    /// assert!(ServerName::parse("a..b").unwrap().is_valid_hostname() == false);
    /// assert!(ServerName::parse("matrix.org").unwrap().is_valid_hostname());
    /// ```
    pub fn is_valid_hostname(&self) -> bool {
        if self.host_kind() != HostKind::Dns {
            return true;
        }
        self.host().split('.').all(|label| {
            (1..=63).contains(&label.len())
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'-')
        })
    }
}
