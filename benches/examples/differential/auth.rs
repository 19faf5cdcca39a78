//! Authorization of generated events: mxp against ruma.

use super::*;

/// The state events of an auth case, looked up by ID (nothing rejected).
struct ById<'a>(&'a [TestEvent]);

impl mxp::auth::EventLookup for ById<'_> {
    type Event = TestEvent;
    fn event(&self, id: &mxp::ids::EventId) -> Option<&TestEvent> {
        self.0.iter().find(|e| e.event_id.as_str() == id.as_str())
    }
    fn is_rejected(&self, _: &mxp::ids::EventId) -> bool {
        false
    }
}

/// ruma's verdict on `event` against `state`: the state-independent rules,
/// then the state-dependent ones, as its `resolve` applies them.
fn ruma_verdict(
    auth: &AuthorizationRules,
    state: &[TestEvent],
    event: &TestEvent,
) -> Result<Result<(), String>, String> {
    let convert = |e: &TestEvent| {
        RumaPdu::from_json(e.event_id.as_str(), &pdu_json(e))
            .map_err(|e| format!("conversion: {e}"))
    };
    let state: Vec<RumaPdu> = state.iter().map(convert).collect::<Result<_, _>>()?;
    let event = convert(event)?;
    let fetch_event = |id: &ruma_common::EventId| state.iter().find(|e| e.event_id() == id);
    let fetch_state = |t: &StateEventType, k: &str| {
        state
            .iter()
            .find(|e| e.event_type().to_string() == t.to_string() && e.state_key() == Some(k))
    };
    catch_unwind(AssertUnwindSafe(|| {
        ruma_state_res::check_state_independent_auth_rules(auth, &event, fetch_event)?;
        ruma_state_res::check_state_dependent_auth_rules(auth, &event, fetch_state)
    }))
    .map_err(|_| "ruma panicked".to_owned())
}

/// Authorization: events against small states from the `auth` fuzz target's
/// generator (made honest: auth events selected from the state), mxp's
/// verdict against ruma's. Disagreements are counted by mxp's rule and the
/// start of ruma's reason.
pub(super) fn auth_cases(cases: u64, seed: u64, only: Option<u64>) {
    let mut rng = seed;
    let mut by_version = [[0u64; 3]; 13]; // compared, allowed by both, differ
    let mut kinds: BTreeMap<String, (u64, String)> = BTreeMap::new();
    let mut skipped = 0u64;
    let mut causes: BTreeMap<&str, u64> = BTreeMap::new();
    for case in 0..cases {
        let bytes = random_bytes(&mut rng, 32, 1024);
        if only.is_some_and(|o| o != case) {
            continue;
        }
        let Ok(input) = AuthInput::arbitrary_take_rest(Unstructured::new(&bytes)) else {
            skipped += 1;
            continue;
        };
        let (rules, state, event) = input.honest_case();
        if only.is_some() {
            println!("state:");
            for e in &state {
                println!("  {} {}", e.event_id, pdu_json(e));
            }
            println!("event:\n  {} {}", event.event_id, pdu_json(&event));
        }
        let version = version_of(rules);
        let Some((auth, _)) = ruma_rules(version) else {
            skipped += 1;
            continue;
        };
        let mxp = mxp::auth::check(rules, &event, &ById(&state), &state);
        let ruma = match ruma_verdict(&auth, &state, &event) {
            Ok(verdict) => verdict,
            Err(_) => {
                skipped += 1;
                continue;
            }
        };
        let row = &mut by_version[version];
        row[0] += 1;
        if mxp.is_ok() && ruma.is_ok() {
            row[1] += 1;
        }
        if mxp.is_ok() == ruma.is_ok() {
            continue;
        }
        row[2] += 1;
        if let Some(cause) = known_auth_cause(&mxp, &ruma) {
            *causes.entry(cause).or_insert(0) += 1;
        } else {
            *causes.entry("unexplained").or_insert(0) += 1;
        }
        let mxp_side = match &mxp {
            Ok(a) => format!("mxp allows ({})", a.rule_id()),
            Err(r) => format!("mxp rejects ({})", r.rule_id()),
        };
        let ruma_side = match &ruma {
            Ok(()) => "ruma allows".to_owned(),
            Err(e) => format!("ruma: {}", e.chars().take(70).collect::<String>()),
        };
        let entry = kinds
            .entry(format!("v{version} {mxp_side}; {ruma_side}"))
            .or_insert((0, String::new()));
        entry.0 += 1;
        if entry.1.is_empty() {
            entry.1 = format!(
                "case {case}: {} {} by {} with state [{}]",
                event.event_type,
                pdu_json(&event)["content"],
                event.sender.as_str(),
                state
                    .iter()
                    .map(|e| format!("{} {:?}", e.event_type, e.state_key))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    println!(
        "auth, seed {seed}, {cases} cases drawn, {skipped} skipped (undecodable, v1, or ruma could not take them)"
    );
    println!("version  compared  allowed by both  different");
    for (v, [c, a, d]) in by_version.iter().enumerate() {
        if *c > 0 {
            println!("v{v:<7} {c:>8} {a:>16} {d:>10}");
        }
    }
    for (kind, (n, example)) in &kinds {
        println!("{n:>7}  {kind}\n         e.g. {example}");
    }
    for (cause, n) in &causes {
        println!("different, {cause}: {n}");
    }
}

/// Which known difference explains a disagreement on an auth case, if any.
fn known_auth_cause(
    mxp: &Result<mxp::auth::Allowed, mxp::auth::Rejection>,
    ruma: &Result<(), String>,
) -> Option<&'static str> {
    use mxp::auth::Rule;
    if let Err(e) = ruma {
        // The digest's note on the join rule: none in the state reads as
        // `invite` (Synapse), ruma rejects.
        if e.contains("no `m.room.join_rules` event") {
            return Some("join without a join rules event in the state");
        }
        // A power levels event (the one checked, or the state's) with a
        // value ruma cannot parse (a float, a string, a non-object): the
        // rules of v1–v9 allow it, and in v10+ one in the state could not
        // have been accepted.
        if e.contains("m.room.power_levels") && e.contains("unexpected format") {
            return Some("power levels (the event or the state's) that ruma cannot parse");
        }
    }
    let rule = mxp.as_ref().err()?.rule();
    match rule {
        // A create event naming a room version this implementation does not
        // recognise is rejected (AUTH-vN-1.3); ruma accepts any version.
        Rule::CreateRoomVersion => Some("create names a room version not recognised (AUTH-vN-1.3)"),
        // The authorising server's signature (v8+): mxp's auth checks that
        // the event carries it (verified on receipt); ruma leaves the whole
        // check to `verify_event`.
        Rule::MemberAuthoriserSignatureCheck => {
            Some("authorising server's signature: checked by mxp's auth, by ruma's verify_event")
        }
        // v12: the room ID must name an accepted *create* event
        // (AUTH-v12-2); ruma 0.18 fetches the event the room ID names and
        // checks that it was not rejected, but not that it is a create event.
        Rule::RoomIdIsCreate => Some("v12 room ID names no create event (AUTH-v12-2)"),
        _ => None,
    }
}
