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

    // The conflicted state set, without duplicates.
    let mut in_fcs = graph.side_table(false);
    let mut conflicted: Vec<Ix> = Vec::with_capacity(grouped.entries.len());
    for &(s, ix) in &grouped.entries {
        let slot = &grouped.keys.slots[s as usize];
        if (slot.differs || slot.count != sets) && !in_fcs[ix as usize] {
            in_fcs[ix as usize] = true;
            conflicted.push(ix);
        }
    }

    // SR-v2-D5 / SR-v21-2: the full conflicted set.
    let difference = auth_difference(graph, grouped)?;
    let mut fcs = Vec::with_capacity(conflicted.len() + difference.len());
    fcs.extend_from_slice(&conflicted);
    // The walk interned new events; the table grows once, not per event.
    grow_to(&mut in_fcs, graph.len(), false);
    for ix in difference {
        if !in_fcs[ix as usize] {
            in_fcs[ix as usize] = true;
            fcs.push(ix);
        }
    }
    if variant == Variant::V2_1 {
        let sub = conflicted_subgraph(graph, &conflicted)?;
        grow_to(&mut in_fcs, graph.len(), false);
        for (ix, &inside) in sub.iter().enumerate() {
            if inside && !in_fcs[ix] {
                in_fcs[ix] = true;
                fcs.push(ix as Ix);
            }
        }
    }
    grow_to(&mut in_fcs, graph.len(), false);

    let (x, in_x) = power_closure(graph, &fcs, &in_fcs)?;
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
    let others: Vec<Ix> = fcs
        .iter()
        .copied()
        .filter(|&ix| !in_x.get(ix as usize).copied().unwrap_or(false))
        .collect();
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

/// SR-v2-1: the power events of the full conflicted set and their auth
/// ancestors within it. Like Synapse and Ruma, the walk only goes *through*
/// events of the full conflicted set (the digest's note on SR-N2), and never
/// adds the power events' whole auth chains (incident P1-48). Returns the
/// events and a membership table.
pub(crate) fn power_closure<S, H>(
    graph: &mut Graph<'_, S, H>,
    fcs: &[Ix],
    in_fcs: &[bool],
) -> Result<(Vec<Ix>, Vec<bool>), ResolveError>
where
    S: EventSource,
    H: BuildHasher,
{
    let mut in_x = vec![false; in_fcs.len()];
    // `x` doubles as the work list: events from `next` on still have their
    // auth events to walk. The order of `x` does not matter (the sort that
    // follows orders by the auth graph and keys alone).
    let mut x: Vec<Ix> = Vec::with_capacity(fcs.len());
    let mut next = 0;
    for &ix in fcs {
        graph.load(ix)?;
        if graph.is_power(ix) && !in_x[ix as usize] {
            in_x[ix as usize] = true;
            x.push(ix);
        }
        while let Some(&p) = x.get(next) {
            next += 1;
            let range = graph.load_edges(p)?;
            for i in range.next..range.end {
                let a = graph.edge_at(i);
                graph.meter.spend(1)?;
                if in_fcs.get(a as usize).copied().unwrap_or(false) && !in_x[a as usize] {
                    in_x[a as usize] = true;
                    x.push(a);
                }
            }
        }
    }
    Ok((x, in_x))
}
