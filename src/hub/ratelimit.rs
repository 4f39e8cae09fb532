//! The per-installation operation limit (50/s on the platform), as a token bucket.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::hub::clock::Clock;

pub struct RateLimiter {
    per_second: Option<u32>,
    buckets: Mutex<HashMap<String, Bucket>>,
    clock: Arc<dyn Clock>,
}

struct Bucket {
    tokens: f64,
    last: Instant,
}

impl RateLimiter {
    /// `None` turns the limit off.
    pub fn new(per_second: Option<u32>, clock: Arc<dyn Clock>) -> RateLimiter {
        RateLimiter {
            per_second: per_second.filter(|n| *n > 0),
            buckets: Mutex::new(HashMap::new()),
            clock,
        }
    }

    pub fn limit(&self) -> Option<u32> {
        self.per_second
    }

    /// Takes one operation from the installation's budget, or says how long until one
    /// is available.
    pub fn check(&self, installation: &str) -> Result<(), Duration> {
        self.check_n(installation, 1)
    }

    /// Takes `n` operations at once, or none: says how long until all `n` are
    /// available. `n` above the limit can never be admitted (the caller refuses it).
    pub fn check_n(&self, installation: &str, n: u32) -> Result<(), Duration> {
        self.check_leaving(installation, n, 0)
    }

    /// Like [`RateLimiter::check_n`], but admits only while `reserve` operations
    /// would be left for others: what a publisher that waits for its budget uses, so
    /// it never takes the installation's last operations from one that would be
    /// refused.
    pub fn check_leaving(&self, installation: &str, n: u32, reserve: u32) -> Result<(), Duration> {
        let Some(rate) = self.per_second else {
            return Ok(());
        };
        let rate = f64::from(rate);
        let want = f64::from(n);
        let needed = want + f64::from(reserve);
        let now = self.clock.now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let bucket = buckets.entry(installation.to_string()).or_insert(Bucket {
            tokens: rate,
            last: now,
        });
        let elapsed = now.saturating_duration_since(bucket.last).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate).min(rate);
        bucket.last = now;
        if bucket.tokens >= needed {
            bucket.tokens -= want;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((needed - bucket.tokens) / rate))
        }
    }

    /// Forgets installations whose bucket has been full for a while.
    pub fn sweep(&self) {
        let Some(rate) = self.per_second else {
            return;
        };
        let now = self.clock.now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        buckets.retain(|_, b| {
            let refilled =
                b.tokens + now.saturating_duration_since(b.last).as_secs_f64() * f64::from(rate);
            refilled < f64::from(rate)
                || now.saturating_duration_since(b.last) < Duration::from_secs(10)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hub::clock::ManualClock;

    fn limiter(per_second: Option<u32>) -> RateLimiter {
        RateLimiter::new(per_second, Arc::new(ManualClock::default()))
    }

    #[test]
    fn allows_a_burst_of_the_rate_then_refuses() {
        let rl = limiter(Some(50));
        for _ in 0..50 {
            assert!(rl.check("a").is_ok());
        }
        let wait = rl.check("a").unwrap_err();
        assert!(wait <= Duration::from_millis(21), "{wait:?}");
        assert!(rl.check("b").is_ok(), "installations have separate budgets");
    }

    #[test]
    fn the_budget_refills_as_the_clock_moves() {
        let clock = Arc::new(ManualClock::default());
        let rl = RateLimiter::new(Some(10), clock.clone());
        while rl.check("a").is_ok() {}
        clock.advance(Duration::from_millis(100));
        assert!(rl.check("a").is_ok(), "one more after a tenth of a second");
        assert!(rl.check("a").is_err());
    }

    #[test]
    fn a_batch_is_admitted_whole_or_not_at_all() {
        let rl = limiter(Some(50));
        assert!(rl.check_n("a", 40).is_ok());
        assert!(rl.check_n("a", 20).is_err(), "only 10 left: none taken");
        assert!(
            rl.check_n("a", 10).is_ok(),
            "the refused batch took nothing"
        );
    }

    #[test]
    fn a_waiting_publisher_leaves_a_reserve_for_others() {
        let rl = limiter(Some(10));
        let mut taken = 0;
        while rl.check_leaving("a", 1, 2).is_ok() {
            taken += 1;
        }
        assert_eq!(taken, 8, "two of ten left");
        assert!(
            rl.check("a").is_ok() && rl.check("a").is_ok(),
            "others get the reserve"
        );
        assert!(rl.check("a").is_err());
    }

    #[test]
    fn off_means_unlimited() {
        let rl = limiter(None);
        for _ in 0..10_000 {
            assert!(rl.check("a").is_ok());
        }
    }
}
