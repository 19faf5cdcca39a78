//! IP address literals in server names (`WF-SN-2`, `WF-SN-3`), checked as
//! `const fn` so that server-name literals can be checked at compile time.

use crate::IdError;
use crate::bytes::{byte, invalid_char};

/// Whether `b[start..end]` is an IPv4 literal per `WF-SN-2`: exactly four
/// 1–3 digit decimal numbers, each 0–255, separated by `.`.
///
/// Leading zeros are allowed (the grammar is `1*3DIGIT`; `001.2.3.4` is
/// 1.2.3.4 in decimal). A digits-and-dots string that is not IPv4 (such as
/// `999.1.1.1`) is still a valid DNS name by the grammar, so this is a
/// classification, not a validation.
pub(crate) const fn is_ipv4(b: &[u8], start: usize, end: usize) -> bool {
    let mut i = start;
    let mut parts = 0;
    while parts < 4 {
        let mut value: u32 = 0;
        let mut digits = 0;
        while i < end && byte(b, i).is_ascii_digit() {
            value = value * 10 + (byte(b, i) - b'0') as u32;
            digits += 1;
            i += 1;
            if digits > 3 {
                return false;
            }
        }
        if digits == 0 || value > 255 {
            return false;
        }
        parts += 1;
        if parts < 4 {
            if i >= end || byte(b, i) != b'.' {
                return false;
            }
            i += 1;
        }
    }
    i == end
}

/// Validates the dotted-quad tail of an IPv6 address: four decimal octets
/// without leading zeros (the "standard IPv4 representation" of RFC 3513
/// §2.2 item 3, `dec-octet` of RFC 3986).
const fn is_embedded_ipv4(b: &[u8], start: usize, end: usize) -> bool {
    let mut i = start;
    let mut parts = 0;
    while parts < 4 {
        let first = i;
        let mut value: u32 = 0;
        while i < end && byte(b, i).is_ascii_digit() && i - first < 3 {
            value = value * 10 + (byte(b, i) - b'0') as u32;
            i += 1;
        }
        let digits = i - first;
        if digits == 0 || value > 255 || (digits > 1 && byte(b, first) == b'0') {
            return false;
        }
        parts += 1;
        if parts < 4 {
            if i >= end || byte(b, i) != b'.' {
                return false;
            }
            i += 1;
        }
    }
    i == end
}

/// Validates the inside of `[...]` (`b[start..end]`) as an IPv6 address
/// (`WF-SN-3`): the grammar's `2*45IPv6char`, then RFC 3513 §2.2 text form:
/// eight groups of 1–4 hex digits, at most one `::` standing for one or more
/// zero groups, and optionally a dotted IPv4 address as the last 32 bits.
pub(crate) const fn validate_ipv6(b: &[u8], start: usize, end: usize) -> Result<(), IdError> {
    let len = end.saturating_sub(start);
    let mut i = start;
    while i < end {
        let c = byte(b, i);
        if !(c.is_ascii_hexdigit() || c == b':' || c == b'.') {
            return Err(invalid_char(b, i));
        }
        i += 1;
    }
    if len > 45 {
        return Err(IdError::TooLong {
            length: len,
            max: 45,
        });
    }
    if len < 2 {
        return Err(IdError::InvalidIpLiteral);
    }
    let mut groups = 0;
    let mut compressed = false;
    i = start;
    if byte(b, i) == b':' {
        if byte(b, i + 1) != b':' {
            return Err(IdError::InvalidIpLiteral);
        }
        compressed = true;
        i += 2;
    }
    while i < end {
        // Find the end of this piece to see whether it is the IPv4 tail.
        let mut j = i;
        let mut has_dot = false;
        while j < end && byte(b, j) != b':' {
            if byte(b, j) == b'.' {
                has_dot = true;
            }
            j += 1;
        }
        if has_dot {
            if j != end || !is_embedded_ipv4(b, i, end) {
                return Err(IdError::InvalidIpLiteral);
            }
            groups += 2;
            break;
        }
        let digits = j - i;
        if digits == 0 || digits > 4 {
            return Err(IdError::InvalidIpLiteral);
        }
        groups += 1;
        i = j;
        if i == end {
            break;
        }
        // At a ':'.
        i += 1;
        if i < end && byte(b, i) == b':' {
            if compressed {
                return Err(IdError::InvalidIpLiteral);
            }
            compressed = true;
            i += 1;
        } else if i == end {
            // A single trailing ':'.
            return Err(IdError::InvalidIpLiteral);
        }
    }
    let ok = if compressed { groups <= 7 } else { groups == 8 };
    if ok {
        Ok(())
    } else {
        Err(IdError::InvalidIpLiteral)
    }
}
