//! Mainline ordering (`SR-v2-D7`) with memoised positions: every
//! power-levels event's position is computed once, so sorting `m` events whose
//! power-levels chains share history costs `O(m log m + chain events)`.

use std::hash::BuildHasher;

use crate::graph::{Graph, Ix, NONE, grow_to, kind};
use crate::{EventSource, ResolveError};

/// Memo values.
const UNKNOWN: u32 = u32::MAX;
/// Position ∞: no power-levels ancestor on the mainline. Kept apart from every
/// real position, including 0 (incident `P1-49`).
const INFINITE: u32 = u32::MAX - 1;
const ON_PATH: u32 = u32::MAX - 2;

/// Sorts `events` by the mainline ordering based on the power-levels event
/// `p0` (`NONE` if the partial state has none: every position is ∞, and the
/// order falls back to `origin_server_ts` then event ID).
pub(crate) fn mainline_sort<S, H>(
    graph: &mut Graph<'_, S, H>,
    p0: Ix,
    events: &[Ix],
) -> Result<Vec<Ix>, ResolveError>
where
    S: EventSource,
    H: BuildHasher,
{
    graph.meter.spend(events.len() as u64)?;
    let mut memo = vec![UNKNOWN; graph.len()];

    // The mainline: P₀, P₁, … with Pᵢ at position i.
    let mut p = p0;
    let mut i = 0u32;
    while p != NONE {
        grow_to(&mut memo, graph.len(), UNKNOWN);
        if memo[p as usize] != UNKNOWN {
            break; // A cycle among power-levels events; stop the mainline.
        }
        graph.meter.spend(1)?;
        memo[p as usize] = i;
        i = i.saturating_add(1).min(ON_PATH - 1);
        p = graph
            .auth_event_of_kind(p, kind::POWER_LEVELS)?
            .unwrap_or(NONE);
    }

    // Greater position first (∞ first), then smaller timestamp, then smaller
    // ID. The first two become one integer key, so most comparisons never
    // touch the IDs: the position as a rank (0 for ∞, then `i - position`:
    // the mainline has `i` events), the timestamp as unsigned, and the index
    // in the low 32 bits (it only makes keys distinct; ties are settled by
    // ID below).
    let mut path = Vec::new();
    let mut parts = Vec::with_capacity(events.len());
    let (mut ts_min, mut ts_max) = (u64::MAX, 0u64);
    for &ix in events {
        // e₀ itself is not part of its list (`SR-v2-D7`): start from its
        // power-levels auth event.
        let first = graph
            .auth_event_of_kind(ix, kind::POWER_LEVELS)?
            .unwrap_or(NONE);
        let position = chain_position(graph, &mut memo, &mut path, first)?;
        graph.load(ix)?;
        let rank = if position == INFINITE {
            0
        } else {
            i.saturating_sub(position)
        };
        let ts = (graph.ts(ix) as u64) ^ (1 << 63);
        ts_min = ts_min.min(ts);
        ts_max = ts_max.max(ts);
        parts.push((rank, ts, ix));
    }
    // Usually the ranks and the timestamps' spread fit in 32 bits together:
    // sort `u64` keys, much cheaper than `u128`.
    let rank_bits = 32 - i.leading_zeros();
    let ts_bits = 64 - ts_max.wrapping_sub(ts_min).leading_zeros();
    let sorted = if parts.is_empty() || rank_bits + ts_bits <= 32 {
        let mut keyed: Vec<u64> = parts
            .iter()
            .map(|&(rank, ts, ix)| {
                // With 32 bits of timestamps there are no ranks (`i` is 0).
                let rank = u64::from(rank).checked_shl(32 + ts_bits).unwrap_or(0);
                rank | ((ts - ts_min) << 32) | u64::from(ix)
            })
            .collect();
        keyed.sort_unstable();
        by_id_within_ties(graph, &keyed, |k| k >> 32, |k| k as u32)
    } else {
        let mut keyed: Vec<u128> = parts
            .iter()
            .map(|&(rank, ts, ix)| {
                (u128::from(rank) << 96) | (u128::from(ts) << 32) | u128::from(ix)
            })
            .collect();
        keyed.sort_unstable();
        by_id_within_ties(graph, &keyed, |k| k >> 32, |k| k as u32)
    };
    Ok(sorted)
}

/// The indices of sorted `keyed`, with runs of equal position and
/// timestamp (`high`) ordered by event ID.
fn by_id_within_ties<S, H, K: Copy + PartialEq>(
    graph: &Graph<'_, S, H>,
    keyed: &[K],
    high: impl Fn(K) -> K,
    index: impl Fn(K) -> Ix,
) -> Vec<Ix>
where
    S: EventSource,
    H: BuildHasher,
{
    let mut sorted: Vec<Ix> = keyed.iter().map(|&k| index(k)).collect();
    let mut start = 0;
    while let Some(&first) = keyed.get(start) {
        let h = high(first);
        let mut end = start + 1;
        while keyed.get(end).is_some_and(|&k| high(k) == h) {
            end += 1;
        }
        if end - start > 1
            && let Some(run) = sorted.get_mut(start..end)
        {
            run.sort_unstable_by(|&a, &b| graph.id(a).as_str().cmp(graph.id(b).as_str()));
        }
        start = end;
    }
    sorted
}

/// The mainline position reached by following power-levels auth events from
/// `start` (itself included), memoising every event on the way.
fn chain_position<S, H>(
    graph: &mut Graph<'_, S, H>,
    memo: &mut Vec<u32>,
    path: &mut Vec<Ix>,
    start: Ix,
) -> Result<u32, ResolveError>
where
    S: EventSource,
    H: BuildHasher,
{
    path.clear();
    let mut p = start;
    let result = loop {
        if p == NONE {
            break INFINITE;
        }
        grow_to(memo, graph.len(), UNKNOWN);
        match memo[p as usize] {
            UNKNOWN => {
                graph.meter.spend(1)?;
                memo[p as usize] = ON_PATH;
                path.push(p);
                p = graph
                    .auth_event_of_kind(p, kind::POWER_LEVELS)?
                    .unwrap_or(NONE);
            }
            // A cycle: no mainline ancestor along it.
            ON_PATH => break INFINITE,
            known => break known,
        }
    };
    for &q in path.iter() {
        memo[q as usize] = result;
    }
    Ok(result)
}
