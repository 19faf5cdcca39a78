//! State resolution v1 (room version 1, `SR-v1-*`).

use std::cmp::Reverse;
use std::hash::BuildHasher;

use mxp_events::Event;

use crate::graph::{Graph, Ix, JOIN_RULES, MEMBER, NONE, POWER_LEVELS};
use crate::iterative::{Authorize, Fallback, check_one};
use crate::keys::Grouped;
use crate::sha1::sha1;
use crate::{EventSource, ResolveError};

/// Runs v1; on return each slot's `current` holds its resolved value.
pub(crate) fn resolve_v1<'a, S, H, A>(
    graph: &mut Graph<'a, S, H>,
    grouped: &mut Grouped<'a, H>,
    authorizer: &A,
) -> Result<(), ResolveError>
where
    S: EventSource,
    H: BuildHasher,
    A: Authorize,
{
    // SR-v1-1/2: only keys with two different values conflict; R starts as
    // every other key's single value.
    for slot in &mut grouped.keys.slots {
        slot.current = if slot.differs { NONE } else { slot.first };
    }
    let mut conflicting: Vec<(u32, Ix)> = grouped
        .entries
        .iter()
        .copied()
        .filter(|&(s, _)| grouped.keys.slots[s as usize].differs)
        .collect();
    if conflicting.is_empty() {
        return Ok(());
    }
    conflicting.sort_unstable();
    conflicting.dedup();
    graph.meter.spend(conflicting.len() as u64)?;

    // Group by key; each group is keyed by its events' (type, state_key).
    let mut groups: Vec<((&'a str, &'a str), u32, Vec<Ix>)> = Vec::new();
    for (s, ix) in conflicting {
        match groups.last_mut() {
            Some((_, last, evs)) if *last == s => evs.push(ix),
            _ => {
                let e = graph.load(ix)?;
                let key = (e.event_type(), e.state_key().unwrap_or_default());
                groups.push((key, s, vec![ix]));
            }
        }
    }
    // Keys are processed in key order so the result never depends on input
    // order (Synapse walks its dict; the spec gives no order within a step).
    groups.sort_unstable_by_key(|g| g.0);

    // SR-v1-3, SR-v1-4, SR-v1-5, each key separately (as Synapse does).
    for pass in [Pass::PowerLevels, Pass::JoinRules, Pass::Members] {
        for (key, s, events) in &groups {
            if pass.matches(*key) {
                let winner = ordered_pass(graph, grouped, authorizer, events)?;
                grouped.keys.slots[*s as usize].current = winner;
            }
        }
    }
    // SR-v1-6: everything else.
    for (key, s, events) in &groups {
        if !Pass::PowerLevels.matches(*key)
            && !Pass::JoinRules.matches(*key)
            && !Pass::Members.matches(*key)
        {
            let winner = highest_passing(graph, grouped, authorizer, events)?;
            grouped.keys.slots[*s as usize].current = winner;
        }
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Pass {
    PowerLevels,
    JoinRules,
    Members,
}

impl Pass {
    fn matches(self, (t, k): (&str, &str)) -> bool {
        match self {
            Pass::PowerLevels => t == POWER_LEVELS && k.is_empty(),
            Pass::JoinRules => t == JOIN_RULES,
            Pass::Members => t == MEMBER,
        }
    }
}

/// SR-v1-3 steps 2–4: by depth ascending, then `sha1(event_id)` descending;
/// the first goes in unchecked, each next one must pass against `R`, and the
/// first failure ends the pass.
fn ordered_pass<'a, S, H, A>(
    graph: &mut Graph<'a, S, H>,
    grouped: &mut Grouped<'a, H>,
    authorizer: &A,
    events: &[Ix],
) -> Result<Ix, ResolveError>
where
    S: EventSource,
    H: BuildHasher,
    A: Authorize,
{
    let mut keyed = Vec::with_capacity(events.len());
    for &ix in events {
        let e = graph.load(ix)?;
        keyed.push((
            e.depth(),
            Reverse(sha1(graph.id(ix).as_str().as_bytes())),
            ix,
        ));
    }
    keyed.sort_unstable();
    let mut it = keyed.into_iter();
    let Some((_, _, first)) = it.next() else {
        return Ok(NONE);
    };
    let mut winner = first;
    let (t, k) = key_of(graph, first)?;
    grouped.keys.set_current(t, k, winner);
    for (_, _, ix) in it {
        if !check_one(graph, &grouped.keys, authorizer, ix, Fallback::None)? {
            break;
        }
        winner = ix;
        grouped.keys.set_current(t, k, winner);
    }
    Ok(winner)
}

/// SR-v1-6: the highest depth (then lowest `sha1(event_id)`) that passes
/// against `R`; if none passes, the last of that order (Synapse; the spec is
/// silent).
fn highest_passing<'a, S, H, A>(
    graph: &mut Graph<'a, S, H>,
    grouped: &mut Grouped<'a, H>,
    authorizer: &A,
    events: &[Ix],
) -> Result<Ix, ResolveError>
where
    S: EventSource,
    H: BuildHasher,
    A: Authorize,
{
    let mut keyed = Vec::with_capacity(events.len());
    for &ix in events {
        let e = graph.load(ix)?;
        keyed.push((
            Reverse(e.depth()),
            sha1(graph.id(ix).as_str().as_bytes()),
            ix,
        ));
    }
    keyed.sort_unstable();
    for &(_, _, ix) in &keyed {
        if check_one(graph, &grouped.keys, authorizer, ix, Fallback::None)? {
            return Ok(ix);
        }
    }
    Ok(keyed.last().map_or(NONE, |k| k.2))
}

fn key_of<'a, S: EventSource, H: BuildHasher>(
    graph: &mut Graph<'a, S, H>,
    ix: Ix,
) -> Result<(&'a str, &'a str), ResolveError> {
    let e = graph.load(ix)?;
    Ok((e.event_type(), e.state_key().unwrap_or_default()))
}
