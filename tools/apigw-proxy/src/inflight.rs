//! Writes in flight per REST API.
//!
//! Two counts per REST API, both for writes only (POST, PUT, PATCH, DELETE under
//! `/restapis/{id}`, see [`crate::classify::rest_api_of_write`]):
//!
//! - **received**: writes the proxy has received and not yet answered, whatever happens to
//!   them (forwarded, throttled, stalled, answered with a fault). This is the client's
//!   parallelism as the proxy sees it; its largest value goes into
//!   [`crate::stats::WriteOverlap`], overall and per kind of object.
//! - **forwarded**: of those, the writes sent upstream whose upstream answer has not come
//!   back yet. With `conflict409_when_concurrent`, a write may get the injected 409 only
//!   while this is not zero, as API Gateway answers "concurrent modification" only while
//!   another write to the same API is being applied.
//!
//! The counts are not part of the stats: a reset zeroes the recorded maxima but not the
//! writes still in flight.

use std::collections::HashMap;

/// The live counts, behind a mutex in the proxy.
#[derive(Debug, Default)]
pub(crate) struct InFlight {
    apis: HashMap<String, ApiWrites>,
}

/// One REST API's writes in flight. Removed once nothing is in flight, so the map stays as
/// small as the client's parallelism.
#[derive(Debug, Default)]
struct ApiWrites {
    received: u64,
    forwarded: u64,
    /// `received` by kind of object ([`crate::Operation::object`]).
    by_object: HashMap<&'static str, u64>,
}

/// The counts right after a write arrived, itself included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Overlap {
    /// Writes to the same REST API in flight.
    pub api: u64,
    /// Of those, writes to the same kind of object.
    pub object: u64,
}

impl InFlight {
    /// A write to `api` arrived; to be matched by one [`InFlight::answered`].
    pub fn received(&mut self, api: &str, object: &'static str) -> Overlap {
        let writes = self.apis.entry(api.to_owned()).or_default();
        writes.received += 1;
        let same_object = writes.by_object.entry(object).or_default();
        *same_object += 1;
        Overlap {
            api: writes.received,
            object: *same_object,
        }
    }

    /// The write [`InFlight::received`] announced has been answered (or dropped).
    pub fn answered(&mut self, api: &str, object: &'static str) {
        let Some(writes) = self.apis.get_mut(api) else {
            return;
        };
        writes.received = writes.received.saturating_sub(1);
        if let Some(n) = writes.by_object.get_mut(object) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                writes.by_object.remove(object);
            }
        }
        if writes.received == 0 && writes.forwarded == 0 {
            self.apis.remove(api);
        }
    }

    /// Marks a write to `api` as forwarded, unless `refuse_if_busy` and another write to
    /// `api` is forwarded and unanswered: then it returns false and counts nothing. Checking
    /// and counting under one lock means two writes can never both see "not busy". A true
    /// answer is to be matched by one [`InFlight::upstream_answered`].
    pub fn forward(&mut self, api: &str, refuse_if_busy: bool) -> bool {
        let writes = self.apis.entry(api.to_owned()).or_default();
        if refuse_if_busy && writes.forwarded > 0 {
            return false;
        }
        writes.forwarded += 1;
        true
    }

    /// The upstream answered (or failed) a write [`InFlight::forward`] let through.
    pub fn upstream_answered(&mut self, api: &str) {
        let Some(writes) = self.apis.get_mut(api) else {
            return;
        };
        writes.forwarded = writes.forwarded.saturating_sub(1);
        if writes.received == 0 && writes.forwarded == 0 {
            self.apis.remove(api);
        }
    }

    /// Whether nothing is in flight (tests).
    #[cfg(test)]
    fn is_empty(&self) -> bool {
        self.apis.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_api_and_per_object() {
        let mut f = InFlight::default();
        assert_eq!(f.received("a", "Method"), Overlap { api: 1, object: 1 });
        assert_eq!(
            f.received("a", "MethodResponse"),
            Overlap { api: 2, object: 1 }
        );
        assert_eq!(f.received("a", "Method"), Overlap { api: 3, object: 2 });
        // Another API has its own counts.
        assert_eq!(f.received("b", "Method"), Overlap { api: 1, object: 1 });
        f.answered("a", "Method");
        f.answered("a", "Method");
        assert_eq!(f.received("a", "Method"), Overlap { api: 2, object: 1 });
        f.answered("a", "Method");
        f.answered("a", "MethodResponse");
        f.answered("b", "Method");
        assert!(f.is_empty());
        // Unmatched answers are harmless.
        f.answered("a", "Method");
        f.upstream_answered("a");
        assert!(f.is_empty());
    }

    #[test]
    fn forwarding_is_refused_only_while_another_write_is_forwarded() {
        let mut f = InFlight::default();
        f.received("a", "Method");
        assert!(f.forward("a", true), "nothing else in flight");
        f.received("a", "Method");
        assert!(!f.forward("a", true), "the first is still upstream");
        assert!(f.forward("b", true), "another API is not busy");
        assert!(f.forward("a", false), "forced through");
        f.upstream_answered("a");
        assert!(!f.forward("a", true), "one is still upstream");
        f.upstream_answered("a");
        assert!(f.forward("a", true), "none upstream any more");
        f.upstream_answered("a");
        f.upstream_answered("b");
        f.answered("a", "Method");
        f.answered("a", "Method");
        assert!(f.is_empty());
    }
}
