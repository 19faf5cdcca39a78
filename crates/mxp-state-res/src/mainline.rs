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
    let mut memo = graph.side_table(UNKNOWN);

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
    // First `rank << 32 | index`, turned into the sort key in place below.
    let mut keyed: Vec<u64> = Vec::with_capacity(events.len());
    let (mut ts_min, mut ts_max) = (u64::MAX, 0u64);
    let ts_of = |graph: &Graph<'_, S, H>, ix: Ix| (graph.ts(ix) as u64) ^ (1 << 63);
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
        let ts = ts_of(graph, ix);
        ts_min = ts_min.min(ts);
        ts_max = ts_max.max(ts);
        keyed.push((u64::from(rank) << 32) | u64::from(ix));
    }
    // Usually the ranks, the timestamps' spread and the indices fit in 64
    // bits together: sort `u64` keys (by radix when there are many), much
    // cheaper than `u128`. The index takes the low `ix_bits`.
    let rank_bits = 32 - i.leading_zeros();
    let ts_bits = 64 - ts_max.wrapping_sub(ts_min).leading_zeros();
    let ix_bits = 32
        - u32::try_from(graph.len())
            .unwrap_or(u32::MAX)
            .leading_zeros();
    let key_bits = rank_bits + ts_bits + ix_bits;
    let sorted = if keyed.is_empty() || key_bits <= 64 {
        let ix_mask = (1u64 << ix_bits) - 1;
        for k in &mut keyed {
            let ix = *k as u32;
            // A shift by 64 only happens when there is nothing to shift
            // (no ranks: `i` is 0; or no timestamp spread).
            let rank = (*k >> 32).checked_shl(ts_bits + ix_bits).unwrap_or(0);
            let ts = (ts_of(graph, ix) - ts_min)
                .checked_shl(ix_bits)
                .unwrap_or(0);
            *k = rank | ts | u64::from(ix);
        }
        sort_keys(&mut keyed, key_bits);
        by_id_within_ties(
            graph,
            memo,
            &keyed,
            |k| k >> ix_bits,
            |k| (k & ix_mask) as u32,
        )
    } else {
        let mut wide: Vec<u128> = keyed
            .iter()
            .map(|&k| {
                let ix = k as u32;
                ((u128::from(k) >> 32) << 96)
                    | (u128::from(ts_of(graph, ix)) << 32)
                    | u128::from(ix)
            })
            .collect();
        wide.sort_unstable();
        by_id_within_ties(graph, memo, &wide, |k| k >> 32, |k| k as u32)
    };
    Ok(sorted)
}

/// Sorts distinct keys of at most `bits` significant bits: by least
/// significant byte first (radix) when there are many and few bytes,
/// otherwise by comparison. Keys are distinct, so both give one order.
fn sort_keys(keys: &mut Vec<u64>, bits: u32) {
    let passes = bits.div_ceil(8);
    if keys.len() < 256 || passes > 6 {
        keys.sort_unstable();
        return;
    }
    // Every pass's byte counts, in one read of the keys.
    let mut starts = [[0usize; 256]; 6];
    for &k in keys.iter() {
        for (pass, counts) in starts.iter_mut().enumerate().take(passes as usize) {
            counts[((k >> (pass * 8)) & 0xff) as usize] += 1;
        }
    }
    let mut buf = vec![0u64; keys.len()];
    for (pass, start) in starts.iter_mut().enumerate().take(passes as usize) {
        let shift = pass * 8;
        let mut sum = 0;
        for c in start.iter_mut() {
            let n = *c;
            *c = sum;
            sum += n;
        }
        // `start[b]` stays below the number of keys with bytes up to `b`,
        // so every write lands inside `buf`.
        for &k in keys.iter() {
            let b = ((k >> shift) & 0xff) as usize;
            if let Some(slot) = buf.get_mut(start[b]) {
                *slot = k;
            }
            start[b] += 1;
        }
        std::mem::swap(keys, &mut buf);
    }
}

/// The indices of sorted `keyed`, with runs of equal position and
/// timestamp (`high`) ordered by event ID, written into `buf` (a spent
/// table, reused for its allocation).
fn by_id_within_ties<S, H, K: Copy + PartialEq>(
    graph: &Graph<'_, S, H>,
    buf: Vec<Ix>,
    keyed: &[K],
    high: impl Fn(K) -> K,
    index: impl Fn(K) -> Ix,
) -> Vec<Ix>
where
    S: EventSource,
    H: BuildHasher,
{
    let mut sorted = buf;
    sorted.clear();
    sorted.extend(keyed.iter().map(|&k| index(k)));
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
