//! A counting global allocator for the side-by-side benches: allocations per
//! call and the heap high-water mark of one call.
//!
//! A bench binary installs it with
//! `#[global_allocator] static A: CountingAlloc = CountingAlloc;`. Counting is
//! off except inside [`measure`], so the timed runs pay one relaxed load per
//! allocation and nothing else.
//!
//! This is the one place in the repository with `unsafe`: a `GlobalAlloc`
//! cannot be written without it. It only forwards to the system allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering::Relaxed};

static ENABLED: AtomicBool = AtomicBool::new(false);
static COUNT: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// The system allocator, counting while [`measure`] runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct CountingAlloc;

fn grew(size: usize) {
    COUNT.fetch_add(1, Relaxed);
    BYTES.fetch_add(size as u64, Relaxed);
    let live = LIVE.fetch_add(size, Relaxed).saturating_add(size);
    PEAK.fetch_max(live, Relaxed);
}

fn shrank(size: usize) {
    // Saturating: blocks allocated before counting started may be freed
    // while it runs.
    let _ = LIVE.fetch_update(Relaxed, Relaxed, |l| Some(l.saturating_sub(size)));
}

// SAFETY: every method forwards to `System` with the caller's arguments, so
// `System`'s guarantees carry over; the counters never touch the memory.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() && ENABLED.load(Relaxed) {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() && ENABLED.load(Relaxed) {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as is.
        unsafe { System.dealloc(ptr, layout) };
        if ENABLED.load(Relaxed) {
            shrank(layout.size());
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded as is.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() && ENABLED.load(Relaxed) {
            shrank(layout.size());
            grew(new_size);
        }
        p
    }
}

/// What one call allocated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AllocStats {
    /// Calls to `alloc`, `alloc_zeroed` and `realloc`.
    pub allocations: u64,
    /// Bytes requested by them in total.
    pub bytes: u64,
    /// The most heap the call held at once, above what was live before it.
    pub peak: usize,
}

/// Runs `f` once with counting on. All zero unless the binary installed
/// [`CountingAlloc`] as its global allocator.
pub fn measure<R>(f: impl FnOnce() -> R) -> (R, AllocStats) {
    COUNT.store(0, Relaxed);
    BYTES.store(0, Relaxed);
    LIVE.store(0, Relaxed);
    PEAK.store(0, Relaxed);
    ENABLED.store(true, Relaxed);
    let r = f();
    ENABLED.store(false, Relaxed);
    let stats = AllocStats {
        allocations: COUNT.load(Relaxed),
        bytes: BYTES.load(Relaxed),
        peak: PEAK.load(Relaxed),
    };
    (r, stats)
}
