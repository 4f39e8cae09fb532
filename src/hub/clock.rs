//! Where the hub's channel state reads the time. A real hub reads the system clock;
//! a test drives a [`ManualClock`], so grace periods and replay windows are tested by
//! moving time forward instead of waiting for it (as mini-redis's tests pause tokio's
//! time).

use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

pub trait Clock: Send + Sync + std::fmt::Debug {
    /// Wall-clock milliseconds since the Unix epoch: event ids, event timestamps and
    /// replay windows.
    fn now_ms(&self) -> u64;
    /// Monotonic time: grace periods.
    fn now(&self) -> Instant;
}

/// The system's clocks.
#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> u64 {
        crate::timefmt::epoch_millis(SystemTime::now())
    }

    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// A clock that stands still until told to move: it starts at the system's time and
/// moves only by [`ManualClock::advance`].
#[derive(Debug)]
pub struct ManualClock {
    start_ms: u64,
    start: Instant,
    advanced: Mutex<Duration>,
}

impl Default for ManualClock {
    fn default() -> ManualClock {
        ManualClock {
            start_ms: crate::timefmt::epoch_millis(SystemTime::now()),
            start: Instant::now(),
            advanced: Mutex::new(Duration::ZERO),
        }
    }
}

impl ManualClock {
    pub fn advance(&self, by: Duration) {
        *self.advanced.lock().unwrap_or_else(|p| p.into_inner()) += by;
    }

    fn advanced(&self) -> Duration {
        *self.advanced.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> u64 {
        self.start_ms + self.advanced().as_millis() as u64
    }

    fn now(&self) -> Instant {
        self.start + self.advanced()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let clock = ManualClock::default();
        let (ms, at) = (clock.now_ms(), clock.now());
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!((clock.now_ms(), clock.now()), (ms, at));
        clock.advance(Duration::from_secs(2));
        assert_eq!(clock.now_ms(), ms + 2000);
        assert_eq!(clock.now(), at + Duration::from_secs(2));
    }
}
