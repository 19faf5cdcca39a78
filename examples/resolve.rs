//! Generates a forked room deterministically from a seed, resolves its forks
//! with mxp and prints the resolved state size and the time taken, over a
//! map of the events and over a `RoomEvents` store as a server keeps one.
//!
//! ```text
//! cargo run --release --example resolve
//! cargo run --release --example resolve -- --members 10000 --changes 5 --bans 50 --seed 7
//! cargo run --release --example resolve -- --help
//! ```

use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use mxp::room_versions::RoomVersionRules;
use mxp::state_res::{Budget, Resolver, RoomEvents};
use mxp_testkit::{Shape, generate_with_progress};

const HELP: &str = "\
Generates a forked Matrix room and resolves its forks with mxp.

Options (defaults: room v11, n=1000, k=1000, d=5, b=50, two forks):
  --version 1..12     room version
  --members N         members joined in the common history (n)
  --changers K        members changing their profile on every fork (k)
  --changes D         changes per member per fork (d)
  --bans B            members banned on fork A (b)
  --power-every P     a power levels change every P events on fork A
  --forks F           number of forks (>= 2)
  --users-map U       entries in the power levels `users` map
  --seed S            generator seed
  --runs R            resolutions to time (the best is reported), default 5
  --classic           resolve the classic ban-vs-power-levels fixture instead
";

fn rules_for(v: u32) -> Option<RoomVersionRules> {
    Some(match v {
        1 => RoomVersionRules::V1,
        2 => RoomVersionRules::V2,
        3 => RoomVersionRules::V3,
        4 => RoomVersionRules::V4,
        5 => RoomVersionRules::V5,
        6 => RoomVersionRules::V6,
        7 => RoomVersionRules::V7,
        8 => RoomVersionRules::V8,
        9 => RoomVersionRules::V9,
        10 => RoomVersionRules::V10,
        11 => RoomVersionRules::V11,
        12 => RoomVersionRules::V12,
        _ => return None,
    })
}

/// The process's peak resident set size (Linux only).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn parse_args() -> Result<(Shape, usize, bool), String> {
    let mut shape = Shape::default();
    let mut runs = 5;
    let mut classic = false;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "--help" || flag == "-h" {
            return Err(String::new());
        }
        if flag == "--classic" {
            classic = true;
            continue;
        }
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let n: u64 = value
            .parse()
            .map_err(|_| format!("{flag}: {value:?} is not a number"))?;
        let u = n as usize;
        match flag.as_str() {
            "--version" => {
                shape.rules = rules_for(n as u32).ok_or("--version must be 1 to 12")?;
                shape.version = n.to_string();
            }
            "--members" => shape.members = u,
            "--changers" => shape.changers = u,
            "--changes" => shape.changes = u,
            "--bans" => shape.bans = u,
            "--power-every" => shape.power_every = Some(u),
            "--forks" => shape.forks = u.max(2),
            "--users-map" => shape.users_map = u,
            "--seed" => shape.seed = n,
            "--runs" => runs = u.max(1),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok((shape, runs, classic))
}

fn main() -> ExitCode {
    let (shape, runs, classic) = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("{e}\n");
            }
            eprint!("{HELP}");
            return if e.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            };
        }
    };
    if classic {
        let s = mxp_testkit::scenarios::ban_vs_power_levels(shape.rules, &shape.version);
        let resolver = Resolver::new(&shape.rules);
        let mut best = Duration::MAX;
        let mut size = 0;
        for _ in 0..runs {
            let t = Instant::now();
            match resolver.resolve(&s.state_sets, s.room.events()) {
                Ok(state) => size = state.len(),
                Err(e) => {
                    eprintln!("resolution failed: {e}");
                    return ExitCode::FAILURE;
                }
            }
            best = best.min(t.elapsed());
        }
        println!(
            "ban vs power levels (room v{}): resolved to {size} entries in {best:.2?} (best of {runs})",
            shape.version
        );
        return ExitCode::SUCCESS;
    }
    println!(
        "room v{}: n={} members, k={} changers x d={} changes, b={} bans, {} forks{}{}, seed {}",
        shape.version,
        shape.members,
        shape.changers,
        shape.changes,
        shape.bans,
        shape.forks,
        shape
            .power_every
            .map(|p| format!(", power levels change every {p} events"))
            .unwrap_or_default(),
        if shape.users_map > 1 {
            format!(", {}-entry users map", shape.users_map)
        } else {
            String::new()
        },
        shape.seed,
    );
    let started = Instant::now();
    let room = generate_with_progress(&shape, |done, total| {
        eprint!("\rgenerating: {done} / ~{total} events ");
        let _ = std::io::stderr().flush();
    });
    eprintln!(
        "\rgenerated {} events in {:.2?}          ",
        room.events.len(),
        started.elapsed()
    );

    let peak_before = peak_rss_kib();
    let resolver = Resolver::new(&room.rules).budget(Budget::unlimited());
    let mut best = Duration::MAX;
    let mut size = 0;
    let mut resolved = Default::default();
    for _ in 0..runs {
        let t = Instant::now();
        match resolver.resolve(&room.state_sets, &room.events) {
            Ok(state) => {
                size = state.len();
                resolved = state.to_btree_map();
            }
            Err(e) => {
                eprintln!("resolution failed: {e}");
                return ExitCode::FAILURE;
            }
        }
        best = best.min(t.elapsed());
    }
    let sizes: Vec<String> = room
        .state_sets
        .iter()
        .map(|s| s.len().to_string())
        .collect();
    println!(
        "state sets of {} entries resolved to {size} entries",
        sizes.join(" + ")
    );
    println!("resolution took {best:.2?} (best of {runs})");
    if let (Some(before), Some(after)) = (peak_before, peak_rss_kib()) {
        println!(
            "peak memory: {} MiB for the generated room, {} MiB more while resolving",
            before / 1024,
            after.saturating_sub(before) / 1024
        );
    }

    // A server keeps its rooms' events in a store, filled as they arrive
    // (here by depth), and resolves over it.
    let t = Instant::now();
    let mut by_depth: Vec<_> = room.events.into_values().collect();
    by_depth.sort_by(|a, b| (a.depth, &a.event_id).cmp(&(b.depth, &b.event_id)));
    let mut store = RoomEvents::new(&room.rules);
    for event in by_depth {
        if let Err(e) = store.insert(event) {
            eprintln!("the store refused an event: {e}");
            return ExitCode::FAILURE;
        }
    }
    let filled = t.elapsed();
    let mut best_stored = Duration::MAX;
    for _ in 0..runs {
        let t = Instant::now();
        match resolver.resolve(&room.state_sets, &store) {
            Ok(state) if state.to_btree_map() == resolved => {}
            Ok(_) => {
                eprintln!("over the store: another resolved state");
                return ExitCode::FAILURE;
            }
            Err(e) => {
                eprintln!("resolution over the store failed: {e}");
                return ExitCode::FAILURE;
            }
        }
        best_stored = best_stored.min(t.elapsed());
    }
    println!(
        "over a RoomEvents store (filled in {filled:.2?}): {best_stored:.2?} (best of {runs})"
    );
    ExitCode::SUCCESS
}
