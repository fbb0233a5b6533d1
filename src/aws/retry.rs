//! Retrying API Gateway's transient "concurrent modification" conflicts.
//!
//! Throttling (429) and 5xx answers are retried by the SDK itself. What it does not retry is
//! API Gateway's 409 ConflictException "Unable to complete operation due to concurrent
//! modification. Please try again later.", which parallel writes to one REST API provoke.

use std::future::Future;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::{Aws, AwsError, not_found_as_none};
use crate::diag::Diagnostic;

/// Attempts for one write before a concurrent-modification conflict is reported.
pub const CONFLICT_ATTEMPTS: u32 = 8;
/// First backoff; doubles per attempt, with full jitter.
pub const CONFLICT_BASE_DELAY: Duration = Duration::from_millis(100);
/// Longest single backoff.
pub const CONFLICT_MAX_DELAY: Duration = Duration::from_secs(5);

/// Runs `call` until it succeeds, fails with anything but a concurrent-modification conflict,
/// or [`CONFLICT_ATTEMPTS`] attempts are used. A stop (Terraform's Ctrl-C) during a backoff
/// ends the wait at once with the transport's "Operation cancelled" error.
pub async fn on_conflict<T, F, Fut>(aws: &Aws, mut call: F) -> Result<T, AwsError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, AwsError>>,
{
    let mut attempt = 0;
    loop {
        attempt += 1;
        match call().await {
            Err(e) if e.is_concurrent_modification() && attempt < CONFLICT_ATTEMPTS => {
                tracing::debug!(attempt, message = %e.message, "retrying after a concurrent modification conflict");
                tokio::select! {
                    () = tokio::time::sleep(backoff(attempt)) => {}
                    () = aws.transport.stop_requested() => return Err(AwsError::cancelled()),
                }
            }
            other => return other,
        }
    }
}

/// A delete: `call` under [`on_conflict`], where NotFound (the object, or what it belongs to,
/// is already gone) is what a delete wants. Other failures become a diagnostic naming
/// `object` and `id`.
pub async fn delete<T, F, Fut>(aws: &Aws, object: &str, id: &str, call: F) -> Result<(), Diagnostic>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, AwsError>>,
{
    not_found_as_none(on_conflict(aws, call).await)
        .map(drop)
        .map_err(|e| e.diagnostic("Deleting", object, id))
}

/// Full-jitter exponential backoff for `attempt` (1-based).
fn backoff(attempt: u32) -> Duration {
    let cap = CONFLICT_BASE_DELAY
        .saturating_mul(1 << attempt.min(16))
        .min(CONFLICT_MAX_DELAY);
    // Sub-second clock noise is jitter enough here and avoids a random-number dependency.
    let noise = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let cap_ms = u64::try_from(cap.as_millis()).unwrap_or(u64::MAX).max(1);
    Duration::from_millis(u64::from(noise) % cap_ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::ErrorKind;
    use std::sync::atomic::{AtomicU32, Ordering};

    fn conflict() -> AwsError {
        AwsError {
            kind: ErrorKind::Conflict,
            code: Some("ConflictException".into()),
            message: "Unable to complete operation due to concurrent modification. Please try again later.".into(),
        }
    }

    fn aws() -> Aws {
        let config = aws_sdk_apigateway::Config::builder()
            .behavior_version(aws_sdk_apigateway::config::BehaviorVersion::latest())
            .region(aws_sdk_apigateway::config::Region::new("us-east-1"))
            .build();
        Aws::from_client(aws_sdk_apigateway::Client::from_conf(config), "us-east-1")
    }

    #[tokio::test(start_paused = true)]
    async fn retries_concurrent_modification_then_succeeds() {
        let aws = aws();
        let calls = AtomicU32::new(0);
        let r = on_conflict(&aws, || async {
            if calls.fetch_add(1, Ordering::SeqCst) < 3 {
                Err(conflict())
            } else {
                Ok(7)
            }
        })
        .await;
        assert_eq!(r.ok(), Some(7));
        assert_eq!(calls.load(Ordering::SeqCst), 4);
    }

    #[tokio::test(start_paused = true)]
    async fn gives_up_after_the_bound_and_never_retries_other_errors() {
        let aws = aws();
        let calls = AtomicU32::new(0);
        let r: Result<(), _> = on_conflict(&aws, || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err(conflict())
        })
        .await;
        assert!(r.is_err());
        assert_eq!(calls.load(Ordering::SeqCst), CONFLICT_ATTEMPTS);

        let calls = AtomicU32::new(0);
        let r: Result<(), _> = on_conflict(&aws, || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err(AwsError {
                kind: ErrorKind::LimitExceeded,
                code: None,
                message: "Maximum number of Resources".into(),
            })
        })
        .await;
        assert!(r.is_err());
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn a_stop_during_a_conflict_backoff_ends_the_wait_at_once() {
        let aws = aws();
        let calls = AtomicU32::new(0);
        let op = on_conflict(&aws, || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err::<(), _>(conflict())
        });
        let transport = std::sync::Arc::clone(&aws.transport);
        let stopper = async move {
            // Past the first backoff's earliest end, into a later one.
            tokio::time::sleep(Duration::from_millis(150)).await;
            transport.stop();
            tokio::time::Instant::now()
        };
        let (r, stopped_at) = tokio::join!(op, stopper);
        let err = r.unwrap_err();
        assert_eq!(err.message, crate::aws::transport::CANCELLED);
        assert_eq!(
            tokio::time::Instant::now(),
            stopped_at,
            "no time passes between the stop and the end of the wait"
        );
        let made = calls.load(Ordering::SeqCst);
        assert!(
            (1..CONFLICT_ATTEMPTS).contains(&made),
            "stopped in a backoff, not after the last attempt: {made}"
        );
    }

    #[test]
    fn backoff_stays_within_the_cap() {
        for attempt in 1..40 {
            assert!(backoff(attempt) <= CONFLICT_MAX_DELAY);
        }
    }
}
