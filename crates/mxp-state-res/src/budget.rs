//! A bound on the work of one resolution (`P1-51`).

use crate::ResolveError;

/// How much work one resolution may do before it gives up with
/// [`ResolveError::BudgetExceeded`].
///
/// One step is one event loaded from the event source, one `auth_events` link
/// followed, or one event placed by a sort. Resolution is linear-ish in these
/// steps, so the budget bounds both time and memory.
///
/// ```
/// use mxp_state_res::Budget;
/// assert_eq!(Budget::default().steps(), 50_000_000);
/// assert_eq!(Budget::new(10).steps(), 10);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Budget {
    steps: u64,
}

impl Budget {
    /// The default: 50 million steps. A resolution that walks 100,000 events
    /// (everything reachable from the state sets) with ten auth events per
    /// event takes about 2.5 million steps, so this leaves a wide margin for
    /// honest rooms while still bounding a hostile one to well under a second
    /// or two of CPU.
    pub const DEFAULT: Budget = Budget { steps: 50_000_000 };

    /// A budget of `steps` steps.
    pub const fn new(steps: u64) -> Self {
        Self { steps }
    }

    /// No practical limit (`u64::MAX` steps).
    pub const fn unlimited() -> Self {
        Self { steps: u64::MAX }
    }

    /// The number of steps allowed.
    pub const fn steps(&self) -> u64 {
        self.steps
    }
}

impl Default for Budget {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// The running counter.
#[derive(Debug)]
pub(crate) struct Meter {
    used: u64,
    limit: u64,
}

impl Meter {
    pub(crate) fn new(budget: Budget) -> Self {
        Self {
            used: 0,
            limit: budget.steps,
        }
    }

    /// Spends `n` steps.
    #[inline]
    pub(crate) fn spend(&mut self, n: u64) -> Result<(), ResolveError> {
        self.used = self.used.saturating_add(n);
        if self.used > self.limit {
            Err(ResolveError::BudgetExceeded { limit: self.limit })
        } else {
            Ok(())
        }
    }
}
