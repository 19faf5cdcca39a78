//! A criterion measurement of the benchmark thread's CPU time.
//!
//! The machines these benches run on are often shared (2 cores, several
//! builds and bench runs at once). Wall time then measures the load as much
//! as the code; the thread's CPU time (`CLOCK_THREAD_CPUTIME_ID`) counts
//! only the time the thread actually ran, so mxp and ruma are compared on the
//! same footing whatever else runs. Caches and memory bandwidth are still
//! shared, so a loaded machine reads somewhat slower than an idle one.
//!
//! Set `MXP_BENCH_WALL=1` to measure wall time instead.

use std::time::Instant;

use criterion::Throughput;
use criterion::measurement::{Measurement, ValueFormatter};

/// What [`BenchTime`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// CPU time of the calling thread.
    ThreadCpu,
    /// Wall time.
    Wall,
}

/// Thread CPU time (default) or wall time, in nanoseconds.
#[derive(Debug, Clone, Copy)]
pub struct BenchTime {
    clock: Clock,
    base: Instant,
}

impl BenchTime {
    /// Thread CPU time, unless `MXP_BENCH_WALL` is set (or the clock is not
    /// available).
    pub fn from_env() -> Self {
        let wall = std::env::var_os("MXP_BENCH_WALL").is_some_and(|v| v != "0");
        let clock = if wall || thread_cpu_ns().is_none() {
            Clock::Wall
        } else {
            Clock::ThreadCpu
        };
        Self {
            clock,
            base: Instant::now(),
        }
    }

    /// The clock in use.
    pub fn clock(&self) -> Clock {
        self.clock
    }

    /// A description for reports.
    pub fn describe(&self) -> &'static str {
        match self.clock {
            Clock::ThreadCpu => "thread CPU time (CLOCK_THREAD_CPUTIME_ID)",
            Clock::Wall => "wall time",
        }
    }

    /// The clock's reading now, in nanoseconds.
    pub fn now(&self) -> u64 {
        match self.clock {
            Clock::ThreadCpu => thread_cpu_ns().unwrap_or(0),
            Clock::Wall => u64::try_from(self.base.elapsed().as_nanos()).unwrap_or(u64::MAX),
        }
    }
}

fn thread_cpu_ns() -> Option<u64> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the
    // call; clock_gettime only writes to it.
    #[allow(unsafe_code)]
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return None;
    }
    let secs = u64::try_from(ts.tv_sec).ok()?;
    let nanos = u64::try_from(ts.tv_nsec).ok()?;
    Some(secs * 1_000_000_000 + nanos)
}

impl Measurement for BenchTime {
    type Intermediate = u64;
    type Value = u64;

    fn start(&self) -> u64 {
        self.now()
    }
    fn end(&self, start: u64) -> u64 {
        self.now().saturating_sub(start)
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a.saturating_add(*b)
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, v: &u64) -> f64 {
        *v as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &NanosFormatter
    }
}

/// Formats nanoseconds like criterion's wall-time formatter.
struct NanosFormatter;

impl NanosFormatter {
    fn unit(typical: f64) -> (f64, &'static str) {
        if typical < 1e3 {
            (1.0, "ns")
        } else if typical < 1e6 {
            (1e3, "µs")
        } else if typical < 1e9 {
            (1e6, "ms")
        } else {
            (1e9, "s")
        }
    }
}

impl ValueFormatter for NanosFormatter {
    fn scale_values(&self, typical: f64, values: &mut [f64]) -> &'static str {
        let (div, unit) = Self::unit(typical);
        for v in values {
            *v /= div;
        }
        unit
    }

    fn scale_throughputs(
        &self,
        typical: f64,
        throughput: &Throughput,
        values: &mut [f64],
    ) -> &'static str {
        let (n, unit) = match throughput {
            Throughput::Bytes(b) | Throughput::BytesDecimal(b) => (*b as f64, "B/s"),
            Throughput::Elements(e) | Throughput::ElementsAndBytes { elements: e, .. } => {
                (*e as f64, "elem/s")
            }
            Throughput::Bits(b) => (*b as f64, "bit/s"),
        };
        let _ = typical;
        for v in values {
            *v = n * 1e9 / *v;
        }
        unit
    }

    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns"
    }
}
