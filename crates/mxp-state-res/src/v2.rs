//! State resolution v2 (room versions 2–11, `SR-v2-*`) and v2.1 (room version
//! 12, `SR-v21-*`).

use std::hash::BuildHasher;

use crate::auth_chain::auth_difference;
use crate::graph::{Graph, Ix, NONE, POWER_LEVELS, grow_to};
use crate::iterative::{Authorize, iterative_auth_checks};
use crate::keys::Grouped;
use crate::mainline::mainline_sort;
use crate::sort::reverse_topological_power_sort;
use crate::subgraph::conflicted_subgraph;
use crate::{EventSource, ResolveError};

/// Which variant runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Variant {
    /// v2.
    V2,
    /// v2.1: conflicted state subgraph and empty starting state.
    V2_1,
}

/// Runs the algorithm on the grouped state sets; on return each slot's
/// `current` holds its resolved value.
pub(crate) fn resolve_v2<'a, S, H, A>(
    graph: &mut Graph<'a, S, H>,
    grouped: &mut Grouped<'a, H>,
    authorizer: &A,
    variant: Variant,
) -> Result<(), ResolveError>
where
    S: EventSource,
    H: BuildHasher,
    A: Authorize,
{
    let sets = grouped.set_count() as u32;
    // SR-v2-D2: a key is unconflicted iff every set maps it to the same event.
    let keys = &mut grouped.keys;
    let mut any_conflict = false;
    for slot in &mut keys.slots {
        let conflicted = slot.differs || slot.count != sets;
        any_conflict |= conflicted;
        slot.current = if conflicted { NONE } else { slot.first };
    }
    // With no conflict the unconflicted map is the answer (the shortcut of
    // Synapse and Ruma, consistent with the algorithm: SR-v2-5 re-imposes it).
    if !any_conflict {
        return Ok(());
    }

    // The conflicted state set, without duplicates: the first `conflicted`
    // events of the full conflicted set `fcs`. `flags` marks the events of
    // the full conflicted set (`IN_FCS`) and of the power closure (`IN_X`).
    let mut flags = graph.side_table(0u8);
    let mut fcs: Vec<Ix> = Vec::with_capacity(grouped.entries.len());
    for &(s, ix) in &grouped.entries {
        let slot = &grouped.keys.slots[s as usize];
        if (slot.differs || slot.count != sets) && flags[ix as usize] & IN_FCS == 0 {
            flags[ix as usize] |= IN_FCS;
            fcs.push(ix);
        }
    }
    let conflicted = fcs.len();

    // SR-v2-D5 / SR-v21-2: the full conflicted set.
    let difference = auth_difference(graph, grouped)?;
    let sub = match variant {
        Variant::V2_1 => Some(conflicted_subgraph(graph, &fcs[..conflicted])?),
        Variant::V2 => None,
    };
    // The walks interned new events; the table grows once, not per event.
    grow_to(&mut flags, graph.len(), 0);
    fcs.reserve(difference.len());
    for ix in difference {
        if flags[ix as usize] & IN_FCS == 0 {
            flags[ix as usize] |= IN_FCS;
            fcs.push(ix);
        }
    }
    for (ix, &inside) in sub.iter().flatten().enumerate() {
        if inside && flags[ix] & IN_FCS == 0 {
            flags[ix] |= IN_FCS;
            fcs.push(ix as Ix);
        }
    }

    let x = power_closure(graph, &fcs, &mut flags)?;
    let sorted_power = reverse_topological_power_sort(graph, &x)?;

    // SR-v2-2 / SR-v21-3: v2 starts from the unconflicted map (already in
    // `current`), v2.1 from an empty map.
    if variant == Variant::V2_1 {
        for slot in &mut grouped.keys.slots {
            slot.current = NONE;
        }
    }
    iterative_auth_checks(graph, &mut grouped.keys, authorizer, &sorted_power)?;

    // SR-v2-3: the rest, by mainline of the partially resolved power levels.
    fcs.retain(|&ix| flags.get(ix as usize).is_some_and(|&f| f & IN_X == 0));
    let others = fcs;
    let p0 = grouped.keys.current(POWER_LEVELS, "");
    let sorted_others = mainline_sort(graph, p0, &others)?;

    // SR-v2-4.
    iterative_auth_checks(graph, &mut grouped.keys, authorizer, &sorted_others)?;

    // SR-v2-5: the unconflicted map wins.
    for slot in &mut grouped.keys.slots {
        if !slot.differs && slot.count == sets {
            slot.current = slot.first;
        }
    }
    Ok(())
}

/// [`resolve_v2`]'s flag of the events of the full conflicted set.
pub(crate) const IN_FCS: u8 = 1;
/// [`resolve_v2`]'s flag of the events of the power closure.
pub(crate) const IN_X: u8 = 2;

/// SR-v2-1: the power events of the full conflicted set and their auth
/// ancestors within it. Like Synapse and Ruma, the walk only goes *through*
/// events of the full conflicted set (the digest's note on SR-N2), and never
/// adds the power events' whole auth chains (incident P1-48). `flags`
/// marks the full conflicted set with [`IN_FCS`], an entry per event of the
/// graph; the closure's events get [`IN_X`]. Returns them.
pub(crate) fn power_closure<S, H>(
    graph: &mut Graph<'_, S, H>,
    fcs: &[Ix],
    flags: &mut [u8],
) -> Result<Vec<Ix>, ResolveError>
where
    S: EventSource,
    H: BuildHasher,
{
    // `x` doubles as the work list: events from `next` on still have their
    // auth events to walk. The order of `x` does not matter (the sort that
    // follows orders by the auth graph and keys alone).
    let mut x: Vec<Ix> = Vec::with_capacity(fcs.len());
    let mut next = 0;
    for &ix in fcs {
        graph.load(ix)?;
        if graph.is_power(ix)
            && let Some(f) = flags.get_mut(ix as usize)
            && *f & IN_X == 0
        {
            *f |= IN_X;
            x.push(ix);
        }
        while let Some(&p) = x.get(next) {
            next += 1;
            let range = graph.load_edges(p)?;
            for i in range.next..range.end {
                let a = graph.edge_at(i);
                graph.meter.spend(1)?;
                // Events interned by this walk are outside `flags`, and
                // outside the full conflicted set.
                if let Some(f) = flags.get_mut(a as usize)
                    && *f & (IN_FCS | IN_X) == IN_FCS
                {
                    *f |= IN_X;
                    x.push(a);
                }
            }
        }
    }
    Ok(x)
}
