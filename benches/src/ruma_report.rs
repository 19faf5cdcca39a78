//! The side-by-side summary printed at the end of each `ruma_*` bench: per
//! case the mxp and ruma medians (read back from criterion's
//! `estimates.json`), the ratio, and allocations per call.
//!
//! Each case is a criterion group with two functions, `mxp` and `ruma` (or
//! only `mxp` where ruma is not run), measured on the same input.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::path::PathBuf;

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
}

impl Side {
    /// The criterion function name.
    pub fn name(self) -> &'static str {
        match self {
            Side::Mxp => "mxp",
            Side::Ruma => "ruma",
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
    note: String,
}

/// The cases of one bench binary, filled while the benches run.
#[derive(Debug, Default)]
pub struct Report {
    title: String,
    clock: String,
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
        let _ = writeln!(out, "Medians of {}.\n", self.clock);
        let _ = writeln!(
            out,
            "| case | mxp median | ruma median | ruma / mxp | mxp allocs/call | ruma allocs/call | mxp peak heap | ruma peak heap |"
        );
        let _ = writeln!(
            out,
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
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
            let ratio = match (mxp, ruma) {
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
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                r.label,
                time(mxp),
                time(ruma),
                ratio,
                allocs(r.mxp),
                allocs(r.ruma),
                peak(r.mxp),
                peak(r.ruma),
            );
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

/// One case: a criterion group whose `mxp` and `ruma` functions measure the
/// same input. Allocations of one call of each are counted first, only when
/// criterion selected that function.
pub struct Case<'c, 'r> {
    group: BenchmarkGroup<'c, BenchTime>,
    name: String,
    report: &'r Report,
}

impl Report {
    /// Opens the criterion group of a case and registers it: `group` is the
    /// criterion group name, `label` the table's, `per` how many items one
    /// call handles (for per-item times; 1 if none).
    pub fn case<'c, 'r>(
        &'r self,
        c: &'c mut Criterion<BenchTime>,
        group: &str,
        label: &str,
        per: u64,
    ) -> Case<'c, 'r> {
        self.row(group, |r| {
            r.label = label.to_owned();
            r.per = Some(per.max(1));
        });
        Case {
            group: c.benchmark_group(group),
            name: group.to_owned(),
            report: self,
        }
    }
}

impl<'c> Case<'c, '_> {
    /// The criterion group, for settings (sample size, measurement time…).
    pub fn group(&mut self) -> &mut BenchmarkGroup<'c, BenchTime> {
        &mut self.group
    }

    /// Adds a note shown under the table.
    pub fn note(&self, note: &str) {
        self.report.note(&self.name, note);
    }

    /// Benchmarks `f` for `side`.
    pub fn bench<R>(&mut self, side: Side, mut f: impl FnMut() -> R) {
        let (report, name) = (self.report, self.name.clone());
        let mut counted = false;
        self.group.bench_function(side.name(), |b| {
            if !counted {
                counted = true;
                drop(report.count_allocs(&name, side, &mut f));
            }
            b.iter(&mut f);
        });
    }

    /// Benchmarks `f` for `side` on a fresh input from `setup` each time,
    /// `setup` not timed and not counted.
    pub fn bench_batched<I, R>(
        &mut self,
        side: Side,
        mut setup: impl FnMut() -> I,
        mut f: impl FnMut(I) -> R,
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
    }

    /// Closes the group.
    pub fn finish(self) {
        self.group.finish();
    }
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
