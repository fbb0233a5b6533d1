//! Named, narrow locks for the few writes API Gateway cannot take concurrently.
//!
//! Parallel writes of method responses to one REST API make AWS answer "concurrent
//! modification" conflicts. They are serialised per REST API, never process-wide: writes to
//! different APIs, and every other kind of write, run in parallel (conflicts there are retried,
//! see [`super::retry`]).

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use tokio::sync::OwnedMutexGuard;

static PER_API: LazyLock<Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>> =
    LazyLock::new(Default::default);

/// Holds the write lock of one REST API until dropped.
pub async fn rest_api(rest_api_id: &str) -> OwnedMutexGuard<()> {
    let lock = {
        let mut map = PER_API
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(map.entry(rest_api_id.to_owned()).or_default())
    };
    lock.lock_owned().await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn same_api_waits_other_api_does_not() {
        let held = rest_api("a").await;
        assert!(
            tokio::time::timeout(Duration::from_millis(20), rest_api("b"))
                .await
                .is_ok()
        );
        assert!(
            tokio::time::timeout(Duration::from_millis(20), rest_api("a"))
                .await
                .is_err()
        );
        drop(held);
        assert!(
            tokio::time::timeout(Duration::from_millis(20), rest_api("a"))
                .await
                .is_ok()
        );
    }
}
