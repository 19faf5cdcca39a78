//! Whole resolutions of generated rooms: cache warming, caller-supplied
//! auth chains and forged depths never change the answer.

use super::*;

/// `power_every`) power level changes.
fn mid_sized_room(
    seed: u64,
    v12: bool,
    forks: usize,
    power_every: Option<usize>,
) -> mxp_testkit::GeneratedRoom {
    let shape = mxp_testkit::Shape {
        members: 60,
        changers: 40,
        changes: 3,
        bans: 7,
        forks,
        power_every,
        seed,
        ..mxp_testkit::Shape::default()
    };
    mxp_testkit::generate(&if v12 { shape.v12() } else { shape })
}

/// The entries of a resolved state, sorted.
fn sorted_entries(state: crate::ResolvedState<'_>) -> Vec<(String, String, OwnedEventId)> {
    let mut v: Vec<_> = state
        .iter()
        .map(|((t, k), id)| (t.to_owned(), k.to_owned(), id.to_owned()))
        .collect();
    v.sort();
    v
}

/// Cache warming (`graph::warm`) never changes the answer: generated rooms
/// with forks, power changes and bans resolve to the same state with warming
/// forced on for every input, and off for every input, in v11 and v12, and
/// with a budget that only just suffices (warming spends none of it).
#[test]
fn warming_never_changes_the_answer() {
    use crate::Resolver;
    for (seed, v12, forks) in [
        (1u64, false, 2usize),
        (2, true, 2),
        (3, false, 4),
        (4, true, 3),
    ] {
        let room = mid_sized_room(seed, v12, forks, Some(9));
        let resolve = |warm_min: usize, budget: Budget| {
            Resolver::new(&room.rules)
                .seed(seed)
                .budget(budget)
                .warm_min(warm_min)
                .resolve(&room.state_sets, &room.events)
                .map(sorted_entries)
        };
        let cold = resolve(usize::MAX, Budget::unlimited()).unwrap();
        let warm = resolve(0, Budget::unlimited()).unwrap();
        assert!(!cold.is_empty());
        assert_eq!(cold, warm, "seed {seed}, v12 {v12}");
        // The smallest budget that suffices without warming suffices with it.
        let (mut lo, mut hi) = (0u64, 50_000_000u64);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if resolve(usize::MAX, Budget::new(mid)).is_ok() {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        assert_eq!(resolve(0, Budget::new(lo)).unwrap(), cold);
        assert!(matches!(
            resolve(0, Budget::new(lo - 1)),
            Err(ResolveError::BudgetExceeded { .. })
        ));
    }
}

/// A source that supplies the exact auth chain of every state set event, as
/// a server with an auth chain index does (`EventSource::auth_chain`).
struct WithChains<'a> {
    events: &'a HashMap<OwnedEventId, mxp_testkit::TestEvent>,
    chains: HashMap<OwnedEventId, Vec<OwnedEventId>>,
}

impl EventSource for WithChains<'_> {
    type Event = mxp_testkit::TestEvent;
    fn event(&self, id: &EventId) -> Option<&Self::Event> {
        self.events.get(id)
    }
    fn auth_chain(&self, id: &EventId) -> Option<&[OwnedEventId]> {
        self.chains.get(id).map(Vec::as_slice)
    }
}

/// `SR-v2-D3`, `SR-v2-D4`: a source that supplies exact auth chains gives the
/// answer resolution finds by walking `auth_events` itself, in v11 and v12
/// (where the chains hold no create event: it is in no `auth_events`), with
/// and without cache warming.
#[test]
fn supplied_auth_chains_give_the_walked_answer() {
    use crate::Resolver;
    use mxp_testkit::auth_chains;
    for (seed, v12, forks, power_every) in [
        (1u64, false, 2usize, Some(9)),
        (2, true, 2, None),
        (3, false, 4, None),
        (4, true, 3, Some(7)),
    ] {
        let room = mid_sized_room(seed, v12, forks, power_every);
        let heads = room.state_sets.iter().flat_map(|s| s.values());
        let with_chains = WithChains {
            events: &room.events,
            chains: auth_chains(&room.events, heads.map(|id| &**id)),
        };
        // The auth difference itself (`SR-v2-D4`), which a wrong chain would
        // change even where the resolved state happens not to.
        let walked = sorted_difference(&room.events, room.rules, &room.state_sets);
        assert!(walked.len() > 40, "seed {seed}");
        let given = sorted_difference(&with_chains, room.rules, &room.state_sets);
        assert_eq!(given, walked, "seed {seed}");

        let resolver = |warm_min| Resolver::new(&room.rules).seed(seed).warm_min(warm_min);
        let expected = sorted_entries(
            resolver(usize::MAX)
                .resolve(&room.state_sets, &room.events)
                .unwrap(),
        );
        assert!(expected.len() > 60, "seed {seed}");
        for warm_min in [usize::MAX, 0] {
            let walked = resolver(warm_min)
                .resolve(&room.state_sets, &room.events)
                .unwrap();
            assert_eq!(sorted_entries(walked), expected, "seed {seed}, walked");
            let given = resolver(warm_min)
                .resolve(&room.state_sets, &with_chains)
                .unwrap();
            assert_eq!(sorted_entries(given), expected, "seed {seed}, chains given");
        }
    }
}

/// `SR-v2-D4` with forged depths: an event in every chain (`$x`, depth 3)
/// cites an event with a *greater* depth (`$y`, depth 5). `$y` is then in
/// every chain too, so it is not in the auth difference, even though the
/// walk by decreasing depth meets `$y` before it meets the link from `$x`.
#[test]
fn sr_v2_d4_a_forged_depth_cannot_put_a_common_event_in_the_difference() {
    let src = source(vec![
        keyed_topic("$y:x", "y", 5, &[]),
        keyed_topic("$x:x", "x", 3, &["$y:x"]),
        keyed_topic("$a:x", "k", 10, &["$y:x", "$x:x"]),
        keyed_topic("$b:x", "k", 10, &["$x:x"]),
    ]);
    let sets = [topic_set(&[("k", "$a:x")]), topic_set(&[("k", "$b:x")])];
    let n = sorted_difference(&src, RoomVersionRules::V11, &sets);
    assert_eq!(n, ["$a:x", "$b:x"]);
}

/// `SR-v2-D2`, `SR-v2-D4`: more than 64 state sets (several words of set
/// bits per event in the auth difference) resolve as the distinct sets
/// given once each: repeating a state set changes neither the conflicted
/// keys nor the auth difference, by either walk. 64 and 128 fill their
/// last word exactly.
#[test]
fn more_than_64_state_sets_resolve_as_the_distinct_ones() {
    use crate::Resolver;
    for (seed, v12, forks) in [(5u64, false, 3usize), (6, true, 2)] {
        let room = mid_sized_room(seed, v12, forks, Some(9));
        let resolve = |sets: &[mxp_testkit::StateMap]| {
            Resolver::new(&room.rules)
                .seed(seed)
                .resolve(sets, &room.events)
                .map(sorted_entries)
                .unwrap()
        };
        let once = resolve(&room.state_sets);
        let difference = sorted_difference(&room.events, room.rules, &room.state_sets);
        assert!(!once.is_empty() && !difference.is_empty());
        for total in [63, 64, 65, 128, 130] {
            let sets: Vec<_> = room
                .state_sets
                .iter()
                .cycle()
                .take(total)
                .cloned()
                .collect();
            assert_eq!(
                sorted_difference(&room.events, room.rules, &sets),
                difference,
                "seed {seed}, {total} sets"
            );
            assert_eq!(
                sorted_difference_by(&room.events, room.rules, &sets, Walk::General),
                difference,
                "seed {seed}, {total} sets, general walk"
            );
            assert_eq!(resolve(&sets), once, "seed {seed}, {total} sets");
        }
    }
}
