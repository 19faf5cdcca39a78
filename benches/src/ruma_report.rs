//! The side-by-side summary printed at the end of each `ruma_*` bench: per
//! case the mxp and ruma medians (read back from criterion's
//! `estimates.json`), the ratio, and allocations per call.
//!
//! Each case is a criterion group with two functions, `mxp` and `ruma` (or
//! only `mxp` where ruma is not run), measured on the same input.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{BatchSize, BenchmarkGroup, Criterion};

use crate::ruma_cputime::BenchTime;

use crate::ruma_alloc::{self, AllocStats};

/// Which library a measurement is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// mxp.
    Mxp,
    /// ruma.
    Ruma,
    /// mxp on another input form of the same case (for state resolution, a
    /// `RoomEvents` store): its own row in the table, against the same ruma
    /// measurement.
    MxpStore,
}

impl Side {
    /// The criterion function name.
    pub fn name(self) -> &'static str {
        match self {
            Side::Mxp => "mxp",
            Side::Ruma => "ruma",
            Side::MxpStore => "mxp_store",
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Row {
    group: String,
    label: String,
    per: Option<u64>,
    mxp: Option<AllocStats>,
    ruma: Option<AllocStats>,
    store: Option<AllocStats>,
    interleaved: Option<Spread>,
    interleaved_store: Option<Spread>,
    /// The label of the [`Side::MxpStore`] row.
    store_label: String,
    note: String,
}

/// ruma's time over mxp's, measured in alternating rounds ([`Case::finish`]).
#[derive(Debug, Clone, Copy)]
struct Spread {
    median: f64,
    low: f64,
    high: f64,
    rounds: usize,
}

/// The cases of one bench binary, filled while the benches run.
#[derive(Debug)]
pub struct Report {
    title: String,
    clock: String,
    time: BenchTime,
    rows: RefCell<Vec<Row>>,
}

/// The criterion runner of the side-by-side benches (measuring
/// [`BenchTime`], configured from the command line) and the report that
/// goes with it.
pub fn setup(title: &str) -> (Criterion<BenchTime>, Report) {
    let time = BenchTime::from_env();
    let report = Report {
        title: title.to_owned(),
        clock: time.describe().to_owned(),
        time,
        rows: RefCell::new(Vec::new()),
    };
    let c = Criterion::default()
        .with_measurement(time)
        .configure_from_args();
    (c, report)
}

impl Report {
    fn row<T>(&self, group: &str, f: impl FnOnce(&mut Row) -> T) -> T {
        let mut rows = self.rows.borrow_mut();
        let i = match rows.iter().position(|r| r.group == group) {
            Some(i) => i,
            None => {
                rows.push(Row {
                    group: group.to_owned(),
                    label: group.to_owned(),
                    ..Row::default()
                });
                rows.len() - 1
            }
        };
        f(&mut rows[i])
    }

    /// Adds a note to a case (shown under the table).
    pub fn note(&self, group: &str, note: &str) {
        self.row(group, |r| r.note = note.to_owned());
    }

    /// Runs `f` once with allocation counting and records it for `side`,
    /// returning what `f` returned.
    pub fn count_allocs<R>(&self, group: &str, side: Side, f: impl FnOnce() -> R) -> R {
        let (r, stats) = ruma_alloc::measure(f);
        self.row(group, |row| match side {
            Side::Mxp => row.mxp = Some(stats),
            Side::Ruma => row.ruma = Some(stats),
            Side::MxpStore => row.store = Some(stats),
        });
        r
    }

    fn criterion_dir() -> PathBuf {
        if let Some(home) = std::env::var_os("CRITERION_HOME") {
            return PathBuf::from(home);
        }
        if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
            return PathBuf::from(target).join("criterion");
        }
        PathBuf::from("target/criterion")
    }

    /// The median of the last run of `group/side`, in nanoseconds.
    pub fn median_ns(group: &str, side: Side) -> Option<f64> {
        let safe: String = group
            .chars()
            .map(|c| match c {
                '?' | '"' | '/' | '\\' | '*' | '<' | '>' | ':' | '|' | '^' => '_',
                c => c,
            })
            .collect();
        let path = Self::criterion_dir()
            .join(safe)
            .join(side.name())
            .join("new/estimates.json");
        let text = std::fs::read_to_string(path).ok()?;
        let v: serde_json::Value = serde_json::from_str(&text).ok()?;
        v.get("median")?.get("point_estimate")?.as_f64()
    }

    /// The summary as a Markdown table (only cases that ran in this process,
    /// with the medians of their latest criterion run).
    pub fn markdown(&self) -> String {
        let rows = self.rows.borrow();
        let mut out = String::new();
        let _ = writeln!(out, "### {}\n", self.title);
        let _ = writeln!(out, "Medians of {}.", self.clock);
        let _ = writeln!(
            out,
            "The interleaved ratio alternates short runs of both sides (median and range of \
             the rounds), so that a change of machine speed between the two criterion runs \
             does not skew it.\n"
        );
        let _ = writeln!(
            out,
            "| case | mxp median | ruma median | ruma / mxp | interleaved ruma / mxp | mxp allocs/call | ruma allocs/call | mxp peak heap | ruma peak heap |"
        );
        let _ = writeln!(
            out,
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        );
        let mut notes = String::new();
        for r in rows.iter() {
            let mxp = Self::median_ns(&r.group, Side::Mxp);
            let ruma = Self::median_ns(&r.group, Side::Ruma);
            if mxp.is_none() && ruma.is_none() {
                continue;
            }
            let per = r.per.unwrap_or(1);
            let time = |t: Option<f64>| match t {
                Some(t) if per > 1 => format!("{} ({}/item)", fmt_ns(t), fmt_ns(t / per as f64)),
                Some(t) => fmt_ns(t),
                None => "—".to_owned(),
            };
            let ratio = |mxp: Option<f64>, ruma: Option<f64>| match (mxp, ruma) {
                (Some(m), Some(r)) if m > 0.0 => format!("**{:.1}×**", r / m),
                _ => "—".to_owned(),
            };
            let allocs = |a: Option<AllocStats>| match a {
                Some(a) => fmt_count(a.allocations),
                None => "—".to_owned(),
            };
            let peak = |a: Option<AllocStats>| match a {
                Some(a) => fmt_bytes(a.peak),
                None => "—".to_owned(),
            };
            let interleaved = |spread: Option<Spread>| match spread {
                Some(s) => format!(
                    "{:.1}× ({:.1}–{:.1}, {} rounds)",
                    s.median, s.low, s.high, s.rounds
                ),
                None => "—".to_owned(),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                r.label,
                time(mxp),
                time(ruma),
                ratio(mxp, ruma),
                interleaved(r.interleaved),
                allocs(r.mxp),
                allocs(r.ruma),
                peak(r.mxp),
                peak(r.ruma),
            );
            let store = Self::median_ns(&r.group, Side::MxpStore);
            if store.is_some() {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                    r.store_label,
                    time(store),
                    time(ruma),
                    ratio(store, ruma),
                    interleaved(r.interleaved_store),
                    allocs(r.store),
                    allocs(r.ruma),
                    peak(r.store),
                    peak(r.ruma),
                );
            }
            if !r.note.is_empty() {
                let _ = writeln!(notes, "- {}: {}", r.label, r.note);
            }
        }
        if !notes.is_empty() {
            out.push('\n');
            out.push_str(&notes);
        }
        out
    }

    /// Prints [`Self::markdown`] and writes it next to criterion's output as
    /// `<criterion dir>/<title>.md`.
    pub fn finish(&self) {
        let md = self.markdown();
        println!("\n{md}");
        let dir = Self::criterion_dir();
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join(format!("{}.md", self.title)), md);
    }
}

/// `n` calls of one side, timed: returns the nanoseconds they took.
type Timed<'f> = Box<dyn FnMut(&BenchTime, u64) -> u64 + 'f>;

/// One case: a criterion group whose `mxp` and `ruma` functions measure the
/// same input. Allocations of one call of each are counted first, only when
/// criterion selected that function. When both ran, [`Case::finish`] also
/// measures them in alternating rounds.
pub struct Case<'c, 'r, 'f> {
    group: BenchmarkGroup<'c, BenchTime>,
    name: String,
    report: &'r Report,
    /// Each side's routine, kept for the alternating rounds.
    timed: [Option<Timed<'f>>; 3],
}

/// Rounds of [`Case::finish`]: each side runs about this long per round.
const ROUND: Duration = Duration::from_millis(20);

impl Report {
    /// Opens the criterion group of a case and registers it: `group` is the
    /// criterion group name, `label` the table's, `per` how many items one
    /// call handles (for per-item times; 1 if none).
    pub fn case<'c, 'r, 'f>(
        &'r self,
        c: &'c mut Criterion<BenchTime>,
        group: &str,
        label: &str,
        per: u64,
    ) -> Case<'c, 'r, 'f> {
        self.row(group, |r| {
            r.label = label.to_owned();
            r.per = Some(per.max(1));
        });
        Case {
            group: c.benchmark_group(group),
            name: group.to_owned(),
            report: self,
            timed: [None, None, None],
        }
    }
}

impl<'c, 'f> Case<'c, '_, 'f> {
    /// The criterion group, for settings (sample size, measurement time…).
    pub fn group(&mut self) -> &mut BenchmarkGroup<'c, BenchTime> {
        &mut self.group
    }

    /// Adds a note shown under the table.
    pub fn note(&self, note: &str) {
        self.report.note(&self.name, note);
    }

    /// Benchmarks `f` for `side`.
    pub fn bench<R>(&mut self, side: Side, mut f: impl FnMut() -> R + 'f) {
        let (report, name) = (self.report, self.name.clone());
        let mut counted = false;
        self.group.bench_function(side.name(), |b| {
            if !counted {
                counted = true;
                drop(report.count_allocs(&name, side, &mut f));
            }
            b.iter(&mut f);
        });
        self.keep(
            side,
            Box::new(move |time: &BenchTime, n: u64| {
                let start = time.now();
                for _ in 0..n {
                    black_box(f());
                }
                time.now().saturating_sub(start)
            }),
        );
    }

    /// Benchmarks `f` for `side` on a fresh input from `setup` each time,
    /// `setup` not timed and not counted.
    pub fn bench_batched<I, R>(
        &mut self,
        side: Side,
        mut setup: impl FnMut() -> I + 'f,
        mut f: impl FnMut(I) -> R + 'f,
        size: BatchSize,
    ) {
        let (report, name) = (self.report, self.name.clone());
        let mut counted = false;
        self.group.bench_function(side.name(), |b| {
            if !counted {
                counted = true;
                let input = setup();
                drop(report.count_allocs(&name, side, || f(input)));
            }
            b.iter_batched(&mut setup, &mut f, size);
        });
        self.keep(
            side,
            Box::new(move |time: &BenchTime, n: u64| {
                // Inputs made and outputs dropped outside the timed loop.
                let inputs: Vec<I> = (0..n).map(|_| setup()).collect();
                let mut outputs = Vec::with_capacity(inputs.len());
                let start = time.now();
                for input in inputs {
                    outputs.push(black_box(f(input)));
                }
                let elapsed = time.now().saturating_sub(start);
                drop(outputs);
                elapsed
            }),
        );
    }

    fn keep(&mut self, side: Side, timed: Timed<'f>) {
        let i = match side {
            Side::Mxp => 0,
            Side::Ruma => 1,
            Side::MxpStore => 2,
        };
        self.timed[i] = Some(timed);
    }

    /// Sets the label of the [`Side::MxpStore`] row.
    pub fn store_label(&self, label: &str) {
        self.report
            .row(&self.name, |r| r.store_label = label.to_owned());
    }

    /// Closes the group; for each mxp side that criterion ran with ruma,
    /// measures the two again in alternating rounds (each side about
    /// [`ROUND`] per round, the order switching every round) and records
    /// the median ratio and its range.
    pub fn finish(mut self) {
        self.group.finish();
        let time = self.report.time;
        let [mxp, ruma, store] = &mut self.timed;
        let Some(ruma) = ruma else {
            return;
        };
        for (side, timed) in [(Side::Mxp, mxp), (Side::MxpStore, store)] {
            let ran = self.report.row(&self.name, |r| {
                r.ruma.is_some()
                    && match side {
                        Side::MxpStore => r.store.is_some(),
                        _ => r.mxp.is_some(),
                    }
            });
            let (Some(timed), true) = (timed, ran) else {
                continue;
            };
            let Some(spread) = interleave(&time, timed, ruma) else {
                continue;
            };
            eprintln!(
                "{}: interleaved ruma / {} {:.2}× ({:.2}–{:.2}, {} rounds)",
                self.name,
                side.name(),
                spread.median,
                spread.low,
                spread.high,
                spread.rounds
            );
            self.report.row(&self.name, |r| match side {
                Side::MxpStore => r.interleaved_store = Some(spread),
                _ => r.interleaved = Some(spread),
            });
        }
    }
}

/// Alternating rounds of `mxp` and `ruma` (see [`Case::finish`]).
fn interleave(time: &BenchTime, mxp: &mut Timed<'_>, ruma: &mut Timed<'_>) -> Option<Spread> {
    // One call each to warm up and to size the rounds.
    let per_round = |t: u64| (ROUND.as_nanos() as u64 / t.max(1)).clamp(1, 1 << 20);
    let (n_mxp, n_ruma) = (per_round(mxp(time, 1)), per_round(ruma(time, 1)));
    let started = Instant::now();
    let mut ratios = Vec::new();
    // Rounds are counted apart from ratios, so that a round whose mxp
    // time reads 0 (too fast for the clock) cannot keep the loop going.
    for round in 0..101 {
        let (m, r) = if round % 2 == 0 {
            let m = mxp(time, n_mxp);
            (m, ruma(time, n_ruma))
        } else {
            let r = ruma(time, n_ruma);
            (mxp(time, n_mxp), r)
        };
        let per_mxp = m as f64 / n_mxp as f64;
        let per_ruma = r as f64 / n_ruma as f64;
        if per_mxp > 0.0 {
            ratios.push(per_ruma / per_mxp);
        }
        let elapsed = started.elapsed();
        if (round >= 14 && elapsed >= Duration::from_secs(2))
            || (round >= 4 && elapsed >= Duration::from_secs(20))
        {
            break;
        }
    }
    ratios.sort_by(f64::total_cmp);
    let (Some(&low), Some(&median), Some(&high)) =
        (ratios.first(), ratios.get(ratios.len() / 2), ratios.last())
    else {
        return None;
    };
    Some(Spread {
        median,
        low,
        high,
        rounds: ratios.len(),
    })
}

/// Formats nanoseconds with a unit.
pub fn fmt_ns(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

fn fmt_count(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn fmt_bytes(b: usize) -> String {
    let b = b as f64;
    if b >= 1024.0 * 1024.0 {
        format!("{:.1} MiB", b / (1024.0 * 1024.0))
    } else if b >= 1024.0 {
        format!("{:.1} KiB", b / 1024.0)
    } else {
        format!("{b:.0} B")
    }
}
