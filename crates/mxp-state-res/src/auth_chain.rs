//! Auth chains and the auth difference over any number of state sets
//! (`SR-v2-D3`, `SR-v2-D4`).
//!
//! Each event gets a bit mask of the state sets whose full auth chain contains
//! it, pushed from citing events to cited ones; the auth difference is every
//! event whose mask is neither empty nor full. This is `∪Cᵢ − ∩Cᵢ` exactly, for
//! any number of sets (not a pairwise symmetric difference, incident `P1-49`).
//!
//! The fast path walks events by decreasing `depth` (an event's auth events
//! are older, so deeper events are done first), which pushes each mask to
//! its final value with one pass and no recursion. It walks everything
//! reachable: `depth` is the sender's claim, and only a walk of every link
//! can tell that each one decreases it. Stopping once every queued event is
//! in every chain would trust the depths of the history left unwalked, and
//! a forged one there can put a common event in the difference. If an
//! `auth_events` link does not go to a smaller depth (only possible with
//! forged depths), or the caller supplies precomputed chains, the general
//! path runs instead: one depth-first walk over everything reachable, linear
//! in events and links. Both are exact; both cost the reachable history
//! (callers keeping an auth chain index can supply chains instead).

use std::hash::BuildHasher;

use crate::graph::{Graph, Ix, NONE, WARM_BATCH, grow_to, kind, side_table};
use crate::keys::Grouped;
use crate::{EventSource, ResolveError};

/// DFS colours.
const WHITE: u8 = 0;
const GREY: u8 = 1;
const BLACK: u8 = 2;

/// The events of the auth difference, in no particular order.
///
/// The full auth chain Cᵢ of a set includes the set's own events: Synapse
/// computes it that way, and the digest's note on `SR-v2-D4` recommends
/// matching it for network compatibility (a test covers the difference).
pub(crate) fn auth_difference<S, H>(
    graph: &mut Graph<'_, S, H>,
    grouped: &Grouped<'_, H>,
) -> Result<Vec<Ix>, ResolveError>
where
    S: EventSource,
    H: BuildHasher,
{
    let chains = grouped
        .entries
        .iter()
        .any(|&(_, ix)| graph.source_auth_chain(ix).is_some());
    if !chains && let Some(diff) = walk_by_depth(graph, grouped)? {
        return Ok(diff);
    }
    general(graph, grouped)
}

/// Bit masks, `words` u64 per event.
struct Masks {
    words: usize,
    full_last: u64,
    bits: Vec<u64>,
}

impl Masks {
    fn new(sets: usize, events: usize) -> Self {
        let words = sets.div_ceil(64).max(1);
        Self {
            words,
            full_last: match sets % 64 {
                0 if sets > 0 => u64::MAX,
                r => (1u64 << r) - 1,
            },
            bits: side_table(events, words, 0),
        }
    }

    #[inline]
    fn grow(&mut self, events: usize) {
        grow_to(&mut self.bits, events * self.words, 0);
    }

    #[inline]
    fn set(&mut self, ix: Ix, set: usize) {
        self.bits[ix as usize * self.words + set / 64] |= 1u64 << (set % 64);
    }

    #[inline]
    fn or_into(&mut self, from: Ix, to: Ix) {
        if self.words == 1 {
            // Up to 64 sets (the common case): one word per event.
            let m = self.bits[from as usize];
            self.bits[to as usize] |= m;
            return;
        }
        let (f, t) = (from as usize * self.words, to as usize * self.words);
        for w in 0..self.words {
            let m = self.bits[f + w];
            self.bits[t + w] |= m;
        }
    }

    #[inline]
    fn is_full(&self, ix: Ix) -> bool {
        if self.words == 1 {
            return self.bits[ix as usize] == self.full_last;
        }
        let s = ix as usize * self.words;
        let last = self.words - 1;
        self.bits[s..s + self.words]
            .iter()
            .enumerate()
            .all(|(w, &v)| v == if w == last { self.full_last } else { u64::MAX })
    }
}

/// The fast path; `None` if an `auth_events` link does not decrease `depth`.
pub(crate) fn walk_by_depth<S, H>(
    graph: &mut Graph<'_, S, H>,
    grouped: &Grouped<'_, H>,
) -> Result<Option<Vec<Ix>>, ResolveError>
where
    S: EventSource,
    H: BuildHasher,
{
    let mut masks = Masks::new(grouped.set_count(), graph.len());
    let mut queued = graph.side_table(false);
    for i in 0..grouped.set_count() {
        for &(_, ix) in grouped.set(i) {
            masks.set(ix, i);
        }
    }
    // Deeper first. Among equal depths the order is arbitrary (it may follow
    // the input order); that cannot change the result: an event's mask is
    // final once every deeper event is done.
    // The walk goes on to the end even once every event still queued is in
    // every chain: only a walk of every reachable link can tell that no
    // link fails to decrease `depth`. One that does (a forged depth) could
    // carry a common event's mask up to an event already counted as
    // partial, and so put a common event in the difference (test
    // `sr_v2_d4_a_forged_depth_cannot_put_a_common_event_in_the_difference`).
    // `group` fetched every entry, so their depths are known.
    let g = &*graph;
    let starts = grouped.entries.iter().map(|&(_, ix)| g.fetched_depth(ix));
    let mut heap = DepthQueue::new(starts, graph.side_table(NONE));
    for &(_, ix) in &grouped.entries {
        if !queued[ix as usize] {
            queued[ix as usize] = true;
            heap.push(graph.depth(ix)?, ix);
        }
    }
    let mut diff = Vec::with_capacity(grouped.entries.len());
    // Cache warming, a batch of upcoming events at a time (see
    // `Graph::warm_loads`); it has no effect on the result.
    let mut batch = Vec::new();
    let mut warmed = 0usize;
    loop {
        if warmed == 0 && graph.warming() {
            heap.upcoming(WARM_BATCH, &mut batch);
            graph.warm_loads(&batch);
            // Look again once a batch has popped, also after a short batch
            // (few events in sight), so that a sparse queue is not scanned
            // at every event.
            warmed = WARM_BATCH;
        }
        warmed = warmed.saturating_sub(1);
        let Some((depth, ix)) = heap.pop() else {
            break;
        };
        if !masks.is_full(ix) {
            diff.push(ix);
        }
        let range = graph.load_edges(ix)?;
        // Only `load` interns new events, so the tables can be sized once here.
        masks.grow(graph.len());
        grow_to(&mut queued, graph.len(), false);
        // The first power levels auth event, noted while the auth events are
        // at hand (the mainline sort asks for it).
        let mut pl = NONE;
        for i in range.next..range.end {
            let child = graph.edge_at(i);
            let child_depth = graph.depth(child)?;
            if pl == NONE && graph.kind(child) == kind::POWER_LEVELS {
                pl = child;
            }
            if child_depth >= depth {
                return Ok(None);
            }
            masks.or_into(ix, child);
            if !queued[child as usize] {
                queued[child as usize] = true;
                heap.push(child_depth, child);
            }
        }
        graph.note_pl_auth(ix, pl);
        // `depth` fetched every auth event above.
        graph.note_edges_fetched(ix);
    }
    Ok(Some(diff))
}

/// A monotone priority queue popping the deepest event first. Every push
/// after the first pop must be strictly shallower than the last popped event,
/// which the walk checks before pushing (a link that does not decrease
/// `depth` sends resolution to the general path).
///
/// Honest depths are dense, so events live in a window of depths below the
/// deepest starting event, one intrusive list per depth: pushes and pops cost
/// O(1) and the scan down the window is paid once. Events below the window
/// (only with sparse or hostile depths) go to a binary heap, popped after
/// the window is exhausted: each of them is shallower than every depth in it.
struct DepthQueue {
    /// The depth of window slot 0.
    top: i64,
    /// The first event of each window slot (`NONE`: empty).
    head: Vec<Ix>,
    /// The next event in the same slot, by event index.
    next: Vec<Ix>,
    /// No slot before this one holds an event.
    cursor: usize,
    /// How many events the window holds: at zero, `pop` need not scan the
    /// rest of it.
    in_window: usize,
    /// Events below the window.
    overflow: std::collections::BinaryHeap<(i64, Ix)>,
}

/// How many depths ahead the walk looks for upcoming events.
const SCAN: usize = 1024;

/// The largest window, in depths (4 MiB of list heads).
const MAX_WINDOW: i64 = 1 << 20;

impl DepthQueue {
    /// A queue for a walk starting at events of these depths; `next` is its
    /// per-event link table, `NONE` for each event interned so far.
    fn new(depths: impl Iterator<Item = i64> + Clone, next: Vec<Ix>) -> Self {
        let top = depths.clone().max().unwrap_or(0);
        let low = depths.clone().min().unwrap_or(0);
        let count = i64::try_from(depths.count()).unwrap_or(i64::MAX);
        // Room for the starting events and as much history again below them,
        // but never much more than the events at hand: a state set holding
        // both the create event (depth 1) and recent events must not cost a
        // window over the room's whole history.
        let span = top.saturating_sub(low).saturating_mul(2).saturating_add(64);
        let cap = count.saturating_mul(4).saturating_add(4096).min(MAX_WINDOW);
        let window = span.clamp(1, cap) as usize;
        Self {
            top,
            head: vec![NONE; window],
            next,
            cursor: 0,
            in_window: 0,
            overflow: std::collections::BinaryHeap::new(),
        }
    }

    /// Queues an event; `depth` is at most the starting depths' maximum, and
    /// below every popped depth (see above).
    #[inline]
    fn push(&mut self, depth: i64, ix: Ix) {
        let offset = u64::try_from(self.top.wrapping_sub(depth)).ok();
        match offset.and_then(|o| usize::try_from(o).ok()) {
            Some(o) if o < self.head.len() && depth <= self.top => {
                let i = ix as usize;
                grow_to(&mut self.next, i + 1, NONE);
                self.next[i] = self.head[o];
                self.head[o] = ix;
                self.in_window += 1;
            }
            _ => self.overflow.push((depth, ix)),
        }
    }

    /// Up to `n` queued events, in about the order they will pop (events
    /// pushed later may come first): for cache warming only.
    fn upcoming(&self, n: usize, out: &mut Vec<Ix>) {
        out.clear();
        // Bounded, so sparse depths cannot make the scan long.
        let end = self.cursor.saturating_add(SCAN);
        for slot in self.cursor..end {
            let Some(&first) = self.head.get(slot) else {
                return;
            };
            let mut ix = first;
            while ix != NONE {
                if out.len() == n {
                    return;
                }
                out.push(ix);
                ix = self.next.get(ix as usize).copied().unwrap_or(NONE);
            }
        }
    }

    /// The deepest queued event.
    fn pop(&mut self) -> Option<(i64, Ix)> {
        if self.in_window == 0 {
            return self.overflow.pop();
        }
        while let Some(&first) = self.head.get(self.cursor) {
            if first != NONE {
                // `first` was pushed, so `next` covers it.
                self.head[self.cursor] = self.next[first as usize];
                self.in_window -= 1;
                return Some((self.top - self.cursor as i64, first));
            }
            self.cursor += 1;
        }
        self.overflow.pop()
    }
}

/// The general path: every reachable event, in one depth-first walk.
pub(crate) fn general<S, H>(
    graph: &mut Graph<'_, S, H>,
    grouped: &Grouped<'_, H>,
) -> Result<Vec<Ix>, ResolveError>
where
    S: EventSource,
    H: BuildHasher,
{
    let sets = grouped.set_count();
    let words = sets.div_ceil(64).max(1);
    let mut masks: Vec<u64> = vec![0; graph.len() * words];
    let mut starts: Vec<Ix> = Vec::new();

    for i in 0..sets {
        let (word, bit) = (i / 64, 1u64 << (i % 64));
        for &(_, ix) in grouped.set(i) {
            grow_to(&mut masks, graph.len() * words, 0);
            masks[ix as usize * words + word] |= bit;
            match graph.source_auth_chain(ix) {
                Some(chain) => {
                    graph.meter.spend(chain.len() as u64)?;
                    for id in chain {
                        let a = graph.intern(id.as_id())?;
                        grow_to(&mut masks, graph.len() * words, 0);
                        masks[a as usize * words + word] |= bit;
                    }
                }
                None => starts.push(ix),
            }
        }
    }

    let post = topological_walk(graph, &starts)?;
    grow_to(&mut masks, graph.len() * words, 0);

    // Reverse post-order visits an event before every event it cites.
    for &ix in post.iter().rev() {
        let from = ix as usize * words;
        for &child in graph.edges(ix) {
            let to = child as usize * words;
            for w in 0..words {
                let m = masks[from + w];
                masks[to + w] |= m;
            }
        }
    }

    let full_last = match sets % 64 {
        0 => u64::MAX,
        r => (1u64 << r) - 1,
    };
    let mut diff = Vec::new();
    for (ix, m) in masks.chunks_exact(words).enumerate() {
        let any = m.iter().any(|&w| w != 0);
        let all = m
            .iter()
            .enumerate()
            .all(|(w, &v)| v == if w + 1 == words { full_last } else { u64::MAX });
        if any && !all {
            diff.push(ix as Ix);
        }
    }
    Ok(diff)
}

/// Iterative DFS over `auth_events` from `starts`, loading events as it goes.
/// Returns the visited events in post-order (cited events before citing ones).
/// A cycle is an error (events must form a DAG; hash IDs make cycles
/// impossible in v3+, but v1–v2 IDs are chosen by servers).
pub(crate) fn topological_walk<S, H>(
    graph: &mut Graph<'_, S, H>,
    starts: &[Ix],
) -> Result<Vec<Ix>, ResolveError>
where
    S: EventSource,
    H: BuildHasher,
{
    let mut colour: Vec<u8> = graph.side_table(WHITE);
    let mut post = Vec::with_capacity(graph.len());
    let mut stack = Vec::new();
    for &start in starts {
        if colour.get(start as usize).copied().unwrap_or(WHITE) != WHITE {
            continue;
        }
        let range = graph.load_edges(start)?;
        set(&mut colour, start, GREY);
        stack.push((start, range));
        while let Some((ix, range)) = stack.last_mut() {
            if range.next < range.end {
                let child = graph.edge_at(range.next);
                range.next += 1;
                match colour.get(child as usize).copied().unwrap_or(WHITE) {
                    WHITE => {
                        let r = graph.load_edges(child)?;
                        set(&mut colour, child, GREY);
                        stack.push((child, r));
                    }
                    GREY => {
                        return Err(ResolveError::AuthCycle {
                            event_id: graph.id(child).to_owned(),
                        });
                    }
                    _ => {}
                }
            } else {
                let ix = *ix;
                set(&mut colour, ix, BLACK);
                post.push(ix);
                stack.pop();
            }
        }
    }
    Ok(post)
}

fn set(colour: &mut Vec<u8>, ix: Ix, c: u8) {
    let i = ix as usize;
    grow_to(colour, i + 1, WHITE);
    colour[i] = c;
}

#[cfg(test)]
mod tests {
    use super::DepthQueue;
    use crate::graph::NONE;

    /// The queue pops in order of decreasing depth, including extreme and
    /// negative depths, when pushes respect the monotone contract.
    #[test]
    fn depth_queue_pops_deepest_first() {
        let initial = [5i64, i64::MAX, -3, 0, 5, i64::MIN, 1 << 40, 7];
        let mut q = DepthQueue::new(initial.iter().copied(), Vec::new());
        for (i, &d) in initial.iter().enumerate() {
            q.push(d, i as u32);
        }
        let mut popped = Vec::new();
        let mut next = 100u32;
        while let Some((d, ix)) = q.pop() {
            if let Some(last) = popped.last() {
                assert!(d <= *last, "{d} popped after {last}");
            }
            popped.push(d);
            // Children strictly shallower, as the walk guarantees.
            if ix < 100 && d > i64::MIN + 10 {
                for step in [1i64, 3, 1 << 20] {
                    if let Some(c) = d.checked_sub(step) {
                        q.push(c, next);
                        next += 1;
                    }
                }
            }
        }
        let mut sorted = popped.clone();
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        assert_eq!(popped, sorted);
        assert_eq!(popped.len(), initial.len() + 3 * 7);
    }

    /// `upcoming` lists queued events in the order they pop (when nothing
    /// is pushed in between), at most `n`, and leaves the queue as it was.
    #[test]
    fn depth_queue_upcoming_follows_pop_order() {
        let mut q = DepthQueue::new([50i64, 10].into_iter(), vec![NONE; 8]);
        for (d, ix) in [(50i64, 0u32), (40, 1), (45, 2), (40, 3), (10, 4)] {
            q.push(d, ix);
        }
        let mut up = Vec::new();
        q.upcoming(3, &mut up);
        assert_eq!(up.len(), 3);
        q.upcoming(10, &mut up);
        let mut popped = Vec::new();
        while let Some((_, ix)) = q.pop() {
            popped.push(ix);
        }
        assert_eq!(up, popped);
        q.upcoming(4, &mut up);
        assert!(up.is_empty());
    }

    /// The window's count of queued events: when it runs empty, `pop` goes
    /// to the events below the window, and events pushed into the window
    /// afterwards still pop before those below it.
    #[test]
    fn depth_queue_window_empties_and_fills_again() {
        let mut q = DepthQueue::new([1000i64].into_iter(), Vec::new());
        q.push(1000, 0);
        assert_eq!(q.pop(), Some((1000, 0)));
        assert_eq!(q.in_window, 0);
        q.push(999, 1);
        q.push(10, 2);
        q.push(500, 3);
        assert_eq!(q.in_window, 1, "500 and 10 lie below the window");
        assert_eq!(q.pop(), Some((999, 1)));
        q.push(998, 4);
        assert_eq!(q.pop(), Some((998, 4)));
        assert_eq!(q.pop(), Some((500, 3)));
        assert_eq!(q.pop(), Some((10, 2)));
        assert_eq!(q.pop(), None);
    }

    /// Dense honest depths stay in the window; the order still holds.
    #[test]
    fn depth_queue_dense_depths() {
        let mut q = DepthQueue::new([100i64, 90, 100].into_iter(), vec![NONE; 2]);
        q.push(100, 0);
        q.push(90, 1);
        q.push(100, 2);
        let mut out = Vec::new();
        let mut next = 3u32;
        while let Some((d, _)) = q.pop() {
            out.push(d);
            if d > 0 && next < 200 {
                q.push(d - 1, next);
                next += 1;
            }
        }
        assert!(out.windows(2).all(|w| w[0] >= w[1]));
        assert_eq!(out.len(), 200);
    }
}
