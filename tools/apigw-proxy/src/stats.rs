//! Request counters, served as JSON at `GET /_proxy/stats`.
//!
//! Maps are `BTreeMap`s so the JSON is sorted and diffs between runs are stable.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::classify::Operation;
use crate::faults::FaultKind;

/// Injected faults by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultCounts {
    pub error500: u64,
    pub error503: u64,
    pub throttle429: u64,
    pub conflict409: u64,
    pub reset: u64,
    pub stall: u64,
}

impl FaultCounts {
    fn add(&mut self, kind: FaultKind) {
        let slot = match kind {
            FaultKind::Error500 => &mut self.error500,
            FaultKind::Error503 => &mut self.error503,
            FaultKind::Throttle429 => &mut self.throttle429,
            FaultKind::Conflict409 => &mut self.conflict409,
            FaultKind::Reset => &mut self.reset,
            FaultKind::Stall => &mut self.stall,
        };
        *slot += 1;
    }

    /// All injected faults.
    pub fn total(&self) -> u64 {
        self.error500
            + self.error503
            + self.throttle429
            + self.conflict409
            + self.reset
            + self.stall
    }
}

/// A snapshot of the counters. Control requests (`/_proxy/...`) are not counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Requests received (forwarded or answered by the proxy).
    pub requests: u64,
    /// Requests sent upstream (an upstream answer or an upstream error).
    pub forwarded: u64,
    /// Forwarded requests that got no answer from upstream (answered 502 by the proxy).
    pub upstream_errors: u64,
    /// 429s answered by the proxy's token bucket (not counting injected 429s, which
    /// are in `faults.throttle429`).
    pub throttled: u64,
    /// Requests by operation name.
    pub operations: BTreeMap<String, u64>,
    /// Responses by status code, whoever produced them ("429", "201", ...).
    pub status: BTreeMap<String, u64>,
    /// Responses by operation, then by status code.
    pub operation_status: BTreeMap<String, BTreeMap<String, u64>>,
    /// Injected faults by kind.
    pub faults: FaultCounts,
}

impl Stats {
    /// Counts an incoming request; called before any decision about it.
    pub(crate) fn record_request(&mut self, operation: Operation) {
        self.requests += 1;
        *self
            .operations
            .entry(operation.as_str().to_owned())
            .or_default() += 1;
    }

    /// Counts the response the client got.
    pub(crate) fn record_status(&mut self, operation: Operation, status: u16) {
        let code = status.to_string();
        *self.status.entry(code.clone()).or_default() += 1;
        *self
            .operation_status
            .entry(operation.as_str().to_owned())
            .or_default()
            .entry(code)
            .or_default() += 1;
    }

    pub(crate) fn record_fault(&mut self, kind: FaultKind) {
        self.faults.add(kind);
    }

    /// Requests of one operation so far.
    pub fn operation(&self, operation: Operation) -> u64 {
        self.operations
            .get(operation.as_str())
            .copied()
            .unwrap_or(0)
    }

    /// Responses with one status code so far.
    pub fn status(&self, status: u16) -> u64 {
        self.status.get(&status.to_string()).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_serialises() {
        let mut s = Stats::default();
        s.record_request(Operation::PutMethod);
        s.record_status(Operation::PutMethod, 201);
        s.record_request(Operation::PutMethod);
        s.throttled += 1;
        s.record_status(Operation::PutMethod, 429);
        s.record_request(Operation::Other);
        s.record_fault(FaultKind::Reset);
        s.record_fault(FaultKind::Stall);

        assert_eq!(s.operation(Operation::PutMethod), 2);
        assert_eq!(s.operation(Operation::GetMethod), 0);
        assert_eq!(s.status(429), 1);
        assert_eq!(s.faults.total(), 2);

        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["requests"], 3);
        assert_eq!(json["operations"]["PutMethod"], 2);
        assert_eq!(json["operation_status"]["PutMethod"]["201"], 1);
        assert_eq!(json["faults"]["reset"], 1);
        let back: Stats = serde_json::from_value(json).unwrap();
        assert_eq!(back, s);
    }
}
