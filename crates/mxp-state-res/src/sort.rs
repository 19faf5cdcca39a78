//! The reverse topological power ordering (`SR-v2-D6`, `SR-N2`): Kahn's
//! algorithm with a binary heap, `O(|X| log |X|)`.

use std::cmp::Ordering;
use std::hash::BuildHasher;

use mxp_events::Event;
use mxp_ids::EventId;

use crate::graph::{Graph, Ix, NONE};
use crate::power::{Power, sender_power};
use crate::{EventSource, ResolveError};

/// The comparison key of `SR-v2-D6`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PowerKey<'a> {
    pub(crate) power: Power,
    pub(crate) ts: i64,
    pub(crate) id: &'a EventId,
}

impl PowerKey<'_> {
    /// `SR-v2-D6`: x comes first iff its sender's power is greater, then its
    /// `origin_server_ts` is smaller, then its event ID is smaller.
    pub(crate) fn order(&self, other: &Self) -> Ordering {
        other
            .power
            .cmp(&self.power)
            .then(self.ts.cmp(&other.ts))
            .then_with(|| self.id.as_str().cmp(other.id.as_str()))
    }
}

/// A binary min-heap of positions in `keys`, ordered by
/// [`PowerKey::order`], kept in a slice the caller provides (room for every
/// position): positions are 4 bytes, so sifting moves little.
struct ReadyHeap<'h> {
    heap: &'h mut [u32],
    len: usize,
}

impl ReadyHeap<'_> {
    #[inline]
    fn less(keys: &[PowerKey<'_>], a: u32, b: u32) -> bool {
        match (keys.get(a as usize), keys.get(b as usize)) {
            (Some(x), Some(y)) => x.order(y) == Ordering::Less,
            _ => false,
        }
    }

    fn push(&mut self, keys: &[PowerKey<'_>], p: u32) {
        let mut i = self.len;
        // The slice has room for every position, and each is pushed once
        // (when its last auth event in the set is emitted): never full.
        let Some(slot) = self.heap.get_mut(i) else {
            return;
        };
        *slot = p;
        self.len += 1;
        while i > 0 {
            let parent = (i - 1) / 2;
            let (pi, ci) = (self.heap[parent], self.heap[i]);
            if !Self::less(keys, ci, pi) {
                break;
            }
            self.heap.swap(parent, i);
            i = parent;
        }
    }

    fn pop(&mut self, keys: &[PowerKey<'_>]) -> Option<u32> {
        if self.len == 0 {
            return None;
        }
        self.len -= 1;
        let top = self.heap[0];
        self.heap.swap(0, self.len);
        let mut i = 0;
        loop {
            let (l, r) = (2 * i + 1, 2 * i + 2);
            let mut best = i;
            if l < self.len && Self::less(keys, self.heap[l], self.heap[best]) {
                best = l;
            }
            if r < self.len && Self::less(keys, self.heap[r], self.heap[best]) {
                best = r;
            }
            if best == i {
                break;
            }
            self.heap.swap(i, best);
            i = best;
        }
        Some(top)
    }
}

/// Sorts `events` (distinct indices) by the reverse topological power
/// ordering: an event comes after all of its auth events that are in
/// `events`; among the events whose auth events have all been emitted, the
/// smallest under [`PowerKey::order`] goes next. Links to events outside the
/// set are ignored (they do not hold an event back, incident `P1-49`).
pub(crate) fn reverse_topological_power_sort<'a, S, H>(
    graph: &mut Graph<'a, S, H>,
    events: &[Ix],
) -> Result<Vec<Ix>, ResolveError>
where
    S: EventSource,
    H: BuildHasher,
{
    let n = events.len();
    graph.meter.spend(n as u64)?;
    // Position of each graph event in `events`.
    let mut pos = graph.side_table(NONE);
    for (p, &ix) in events.iter().enumerate() {
        pos[ix as usize] = p as u32;
    }
    let mut keys = Vec::with_capacity(n);
    for &ix in events {
        let power = sender_power(graph, ix)?;
        let e = graph.load(ix)?;
        keys.push(PowerKey {
            power,
            ts: e.origin_server_ts(),
            id: graph.id(ix),
        });
    }
    // `sender_power` may have interned events; they are outside the set.
    pos.resize(graph.len(), NONE);

    // Waiting counts and cited-by lists (CSR), multiplicity kept consistent.
    // `offsets[q]` counts the citations of `q`, then (prefix sums) ends its
    // run in `cited_by`; filling each run from its end leaves `offsets[q]`
    // at the run's start, and `offsets[n]` at the total. The order within a
    // run does not matter: the heap orders by key, and keys are distinct.
    // One allocation for both tables and the heap.
    let mut counts = vec![0u32; 3 * n + 1];
    let (waiting, rest) = counts.split_at_mut(n);
    let (offsets, heap) = rest.split_at_mut(n + 1);
    for (p, &ix) in events.iter().enumerate() {
        for &a in graph.edges(ix) {
            let q = pos[a as usize];
            if q != NONE {
                waiting[p] += 1;
                offsets[q as usize] += 1;
            }
        }
    }
    for i in 1..=n {
        offsets[i] += offsets[i - 1];
    }
    let mut cited_by = vec![0u32; offsets[n] as usize];
    for (p, &ix) in events.iter().enumerate() {
        for &a in graph.edges(ix) {
            let q = pos[a as usize];
            if q != NONE {
                let slot = &mut offsets[q as usize];
                *slot -= 1;
                cited_by[*slot as usize] = p as u32;
            }
        }
    }

    let mut heap = ReadyHeap { heap, len: 0 };
    for (p, &w) in waiting.iter().enumerate() {
        if w == 0 {
            heap.push(&keys, p as u32);
        }
    }
    // `pos` is done with: its buffer (at least `n` long) holds the output.
    let mut out = pos;
    out.clear();
    while let Some(p) = heap.pop(&keys) {
        out.push(events[p as usize]);
        let (s, e) = (
            offsets[p as usize] as usize,
            offsets[p as usize + 1] as usize,
        );
        for &c in &cited_by[s..e] {
            let w = &mut waiting[c as usize];
            *w -= 1;
            if *w == 0 {
                heap.push(&keys, c);
            }
        }
    }
    if out.len() < n {
        // Some events wait on each other: a cycle. Name the smallest ID.
        let stuck = events
            .iter()
            .zip(waiting.iter())
            .filter(|&(_, &w)| w > 0)
            .map(|(&ix, _)| graph.id(ix))
            .min();
        if let Some(id) = stuck {
            return Err(ResolveError::AuthCycle {
                event_id: id.to_owned(),
            });
        }
    }
    Ok(out)
}
