//! Choosing `via` servers for links to rooms (`WF-URI-3`).

use std::collections::BTreeMap;

use crate::{HostKind, OwnedServerName, ServerName, UserId};

/// Recommends up to three distinct `via` servers for a link to a room, as
/// `WF-URI-3` describes: first the server of the highest-power user if their
/// power level is at least 50, else the server with the most joined
/// members; then the next most populous servers. Servers that `allowed`
/// rejects (e.g. by the room's server ACL) and IP-literal servers are never
/// chosen.
///
/// `members` are the room's joined members with their power levels. Ties
/// are broken deterministically: among users of equal power, and among
/// servers of equal population, the smaller server name wins.
///
/// ```
/// use mxp_ids::{UserId, recommended_via};
/// let members = [
///     (UserId::parse("@admin:small.example").unwrap(), 100),
///     (UserId::parse("@a:big.example").unwrap(), 0),
///     (UserId::parse("@b:big.example").unwrap(), 0),
///     (UserId::parse("@c:1.2.3.4").unwrap(), 0),
/// ];
/// let via = recommended_via(members, |_| true);
/// let via: Vec<&str> = via.iter().map(|s| s.as_str()).collect();
/// assert_eq!(via, ["small.example", "big.example"]);
/// ```
pub fn recommended_via<'a>(
    members: impl IntoIterator<Item = (&'a UserId, i64)>,
    allowed: impl Fn(&ServerName) -> bool,
) -> Vec<OwnedServerName> {
    let mut population: BTreeMap<&'a ServerName, usize> = BTreeMap::new();
    let mut top: Option<(i64, &'a ServerName)> = None;
    for (user, power) in members {
        let server = user.server_name();
        if server.host_kind() != HostKind::Dns || !allowed(server) {
            continue;
        }
        *population.entry(server).or_insert(0) += 1;
        let better = match top {
            None => true,
            Some((best, best_server)) => power > best || (power == best && server < best_server),
        };
        if better {
            top = Some((power, server));
        }
    }
    let mut by_population: Vec<(&ServerName, usize)> = population.into_iter().collect();
    // Stable sort: equal populations keep the BTreeMap's name order.
    by_population.sort_by_key(|&(_, count)| std::cmp::Reverse(count));
    let mut out: Vec<OwnedServerName> = Vec::with_capacity(3);
    if let Some((power, server)) = top
        && power >= 50
    {
        out.push(server.to_owned());
    }
    for (server, _) in by_population {
        if out.len() == 3 {
            break;
        }
        if !out.iter().any(|s| s.as_str() == server.as_str()) {
            out.push(server.to_owned());
        }
    }
    out
}
