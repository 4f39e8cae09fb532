//! The one clock a hub reads. Everything the hub decides by time reads it: event
//! timestamps and replay windows, grace periods, the rate budget, token and session
//! expiry, pings and stalled writes, and (as an offset to Redis's own clock) a
//! cluster's presence. A real hub reads the system clock; a test drives a
//! [`ManualClock`] and moves time instead of waiting for it (as mini-redis's tests
//! pause tokio's time). Only the HTTP server's own I/O timeouts (request headers, the
//! TLS handshake) run on tokio's timer.

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tokio::sync::watch;

/// A wait on a clock, boxed so a clock can be a trait object.
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send>>;

pub trait Clock: Send + Sync + std::fmt::Debug {
    /// Wall-clock milliseconds since the Unix epoch: event ids, event timestamps,
    /// replay windows, token and session expiry.
    fn now_ms(&self) -> u64;
    /// Monotonic time: grace periods, rate budgets, connection deadlines.
    fn now(&self) -> Instant;
    /// Completes once [`Clock::now`] reaches `deadline`.
    fn sleep_until(&self, deadline: Instant) -> Sleep;
    /// How far this clock runs ahead of the system's: a cluster's scripts add it to
    /// Redis's time, so a test that moves its hub's clock moves presence expiry too.
    fn ahead_ms(&self) -> u64 {
        0
    }
}

/// Helpers every clock has.
pub trait ClockExt: Clock {
    fn sleep(&self, duration: Duration) -> Sleep {
        self.sleep_until(self.now() + duration)
    }

    fn system_time(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_millis(self.now_ms())
    }

    /// A wall-clock moment (epoch seconds, as a JWT's `exp`) as a point on the
    /// monotonic clock; `None` when it is too far off to represent.
    fn deadline_of_epoch(&self, epoch_secs: f64) -> Option<Instant> {
        let left_ms = epoch_secs * 1000.0 - self.now_ms() as f64;
        if !left_ms.is_finite() || left_ms > 1e15 {
            return None;
        }
        Some(self.now() + Duration::from_millis(left_ms.max(0.0) as u64))
    }
}

impl<C: Clock + ?Sized> ClockExt for C {}

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

    fn sleep_until(&self, deadline: Instant) -> Sleep {
        Box::pin(tokio::time::sleep_until(deadline.into()))
    }
}

/// A clock that stands still until told to move: it starts at the system's time and
/// moves only by [`ManualClock::advance`], which also ends the waits it passes.
#[derive(Debug)]
pub struct ManualClock {
    start_ms: u64,
    start: Instant,
    advanced: watch::Sender<Duration>,
}

impl Default for ManualClock {
    fn default() -> ManualClock {
        ManualClock {
            start_ms: crate::timefmt::epoch_millis(SystemTime::now()),
            start: Instant::now(),
            advanced: watch::channel(Duration::ZERO).0,
        }
    }
}

impl ManualClock {
    pub fn advance(&self, by: Duration) {
        self.advanced.send_modify(|a| *a += by);
    }

    fn advanced(&self) -> Duration {
        *self.advanced.borrow()
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> u64 {
        self.start_ms + self.advanced().as_millis() as u64
    }

    fn now(&self) -> Instant {
        self.start + self.advanced()
    }

    fn sleep_until(&self, deadline: Instant) -> Sleep {
        let mut moves = self.advanced.subscribe();
        let start = self.start;
        Box::pin(async move {
            loop {
                if start + *moves.borrow_and_update() >= deadline {
                    return;
                }
                if moves.changed().await.is_err() {
                    // The clock is gone: its time never comes.
                    std::future::pending::<()>().await;
                }
            }
        })
    }

    fn ahead_ms(&self) -> u64 {
        let system = crate::timefmt::epoch_millis(SystemTime::now());
        self.now_ms().saturating_sub(system)
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
        assert!(clock.ahead_ms() >= 1900);
    }

    #[tokio::test]
    async fn a_manual_wait_ends_when_time_is_moved_past_it() {
        let clock = ManualClock::default();
        let mut wait = clock.sleep(Duration::from_secs(30));
        assert!(futures_util::FutureExt::now_or_never(&mut wait).is_none());
        clock.advance(Duration::from_secs(29));
        assert!(futures_util::FutureExt::now_or_never(&mut wait).is_none());
        clock.advance(Duration::from_secs(1));
        tokio::time::timeout(Duration::from_secs(5), wait)
            .await
            .expect("the wait ends once the clock passes it");
    }

    #[test]
    fn epoch_deadlines_map_onto_the_monotonic_clock() {
        let clock = ManualClock::default();
        let in_ten = clock.now_ms() as f64 / 1000.0 + 10.0;
        let deadline = clock.deadline_of_epoch(in_ten).unwrap();
        let left = deadline - clock.now();
        assert!(left <= Duration::from_secs(10) && left >= Duration::from_millis(9_990));
        assert!(clock.deadline_of_epoch(1e300).is_none());
        assert_eq!(clock.deadline_of_epoch(0.0), Some(clock.now()));
    }
}
