//! A token bucket, the algorithm API Gateway uses for its request quotas.
//!
//! The bucket holds up to `burst` tokens and refills at `rate` tokens per second;
//! each request takes one token, and a request that finds less than one token is
//! throttled. The clock is passed in by the caller (`now`) rather than read inside,
//! so tests can drive time precisely and the proxy can use tokio's clock (which
//! tests may pause).

use std::time::Instant;

/// Token-bucket state. Not thread-safe by itself; the proxy keeps it behind a mutex.
#[derive(Debug, Clone)]
pub struct TokenBucket {
    rate: f64,
    capacity: f64,
    tokens: f64,
    last: Instant,
}

impl TokenBucket {
    /// A full bucket refilling `rate` tokens per second, holding at most `burst`.
    ///
    /// Starting full matches API Gateway: a fresh account can burst immediately.
    pub fn new(rate: f64, burst: u32, now: Instant) -> Self {
        let capacity = f64::from(burst);
        TokenBucket {
            rate,
            capacity,
            tokens: capacity,
            last: now,
        }
    }

    /// Takes a token if one is available at `now`; false means "throttle".
    pub fn try_acquire(&mut self, now: Instant) -> bool {
        self.refill(now);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// Tokens available at `now` (fractional while refilling).
    pub fn available(&mut self, now: Instant) -> f64 {
        self.refill(now);
        self.tokens
    }

    /// Fills the bucket to capacity (used when a test resets the proxy).
    pub fn refill_full(&mut self, now: Instant) {
        self.tokens = self.capacity;
        self.last = now;
    }

    fn refill(&mut self, now: Instant) {
        // `saturating_duration_since`: with several threads racing for the lock, an
        // older `now` may arrive after a newer one; time must not run backwards.
        let elapsed = now.saturating_duration_since(self.last);
        if now > self.last {
            self.last = now;
        }
        self.tokens = (self.tokens + elapsed.as_secs_f64() * self.rate).min(self.capacity);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn burst_then_throttle() {
        let t0 = Instant::now();
        let mut b = TokenBucket::new(10.0, 40, t0);
        for i in 0..40 {
            assert!(b.try_acquire(t0), "request {i} should fit in the burst");
        }
        assert!(!b.try_acquire(t0), "request 41 must be throttled");
        assert!(!b.try_acquire(t0));
    }

    #[test]
    fn refills_at_the_rate() {
        let t0 = Instant::now();
        let mut b = TokenBucket::new(10.0, 40, t0);
        for _ in 0..40 {
            assert!(b.try_acquire(t0));
        }
        // 10/s: one token per 100 ms.
        assert!(!b.try_acquire(t0 + ms(99)));
        assert!(b.try_acquire(t0 + ms(100)));
        assert!(!b.try_acquire(t0 + ms(150)));
        assert!(b.try_acquire(t0 + ms(200)));
        // One second later: ten more, not more.
        let t1 = t0 + ms(1200);
        for _ in 0..10 {
            assert!(b.try_acquire(t1));
        }
        assert!(!b.try_acquire(t1));
    }

    #[test]
    fn never_exceeds_capacity() {
        let t0 = Instant::now();
        let mut b = TokenBucket::new(10.0, 5, t0);
        let later = t0 + Duration::from_secs(3600);
        assert_eq!(b.available(later), 5.0);
        for _ in 0..5 {
            assert!(b.try_acquire(later));
        }
        assert!(!b.try_acquire(later));
    }

    #[test]
    fn sustained_rate_matches() {
        // Requests every 50 ms at 10/s with burst 1: exactly every other one passes.
        let t0 = Instant::now();
        let mut b = TokenBucket::new(10.0, 1, t0);
        let passed = (0..100).filter(|i| b.try_acquire(t0 + ms(50 * i))).count();
        assert_eq!(passed, 50);
    }

    #[test]
    fn time_going_backwards_is_harmless() {
        let t0 = Instant::now();
        let mut b = TokenBucket::new(1.0, 1, t0 + ms(1000));
        assert!(b.try_acquire(t0 + ms(1000)));
        assert!(!b.try_acquire(t0));
        assert!(b.try_acquire(t0 + ms(2000)));
    }

    #[test]
    fn refill_full() {
        let t0 = Instant::now();
        let mut b = TokenBucket::new(4.0, 1, t0);
        assert!(b.try_acquire(t0));
        assert!(!b.try_acquire(t0));
        b.refill_full(t0);
        assert!(b.try_acquire(t0));
    }

    #[tokio::test(start_paused = true)]
    async fn works_with_tokio_paused_time() {
        // The proxy reads tokio's clock, so a paused-time test can step it.
        let now = || tokio::time::Instant::now().into_std();
        let mut b = TokenBucket::new(2.0, 2, now());
        assert!(b.try_acquire(now()));
        assert!(b.try_acquire(now()));
        assert!(!b.try_acquire(now()));
        tokio::time::advance(ms(500)).await;
        assert!(b.try_acquire(now()));
        assert!(!b.try_acquire(now()));
    }
}
