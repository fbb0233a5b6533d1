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

    /// Each kind's count, with the kind's configuration name (`"error500"`, ...).
    pub fn by_kind(&self) -> [(&'static str, u64); 6] {
        [
            ("error500", self.error500),
            ("error503", self.error503),
            ("throttle429", self.throttle429),
            ("conflict409", self.conflict409),
            ("reset", self.reset),
            ("stall", self.stall),
        ]
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

/// The largest numbers of writes to one REST API that were in the proxy at once: received
/// and not yet answered, whatever their outcome. Writes are POST, PUT, PATCH and DELETE
/// under `/restapis/{id}`; writes outside a REST API (`CreateRestApi`, ...) are not counted.
/// A value of 1 means the client never sent a write to an API while another write to that
/// API was unanswered; 0 means there was no such write.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WriteOverlap {
    /// Writes to one REST API at once, of any kind.
    pub max: u64,
    /// Writes to one kind of object of one REST API at once, by kind
    /// ([`Operation::object`]): `"MethodResponse"` counts PutMethodResponse,
    /// UpdateMethodResponse and DeleteMethodResponse together.
    pub by_object: BTreeMap<String, u64>,
}

impl WriteOverlap {
    /// The largest number of writes at once to one REST API's objects of the kind
    /// `operation` writes: `max_for(Operation::PutMethodResponse)` counts every
    /// method-response write.
    pub fn max_for(&self, operation: Operation) -> u64 {
        self.by_object.get(operation.object()).copied().unwrap_or(0)
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
    /// The largest numbers of writes to one REST API in flight at once.
    #[serde(default)]
    pub write_overlap: WriteOverlap,
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

    /// Notes how many writes were in flight when one arrived (itself included): `api` to
    /// its REST API, `same_object` to the same kind of object there.
    pub(crate) fn record_overlap(&mut self, object: &str, api: u64, same_object: u64) {
        let overlap = &mut self.write_overlap;
        overlap.max = overlap.max.max(api);
        let slot = overlap.by_object.entry(object.to_owned()).or_default();
        *slot = (*slot).max(same_object);
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

    #[test]
    fn write_overlap_keeps_the_largest() {
        let mut s = Stats::default();
        assert_eq!(s.write_overlap.max, 0);
        assert_eq!(s.write_overlap.max_for(Operation::PutMethodResponse), 0);
        s.record_overlap("Method", 1, 1);
        s.record_overlap("MethodResponse", 3, 1);
        s.record_overlap("Method", 2, 2);
        s.record_overlap("MethodResponse", 1, 1);
        assert_eq!(s.write_overlap.max, 3);
        assert_eq!(s.write_overlap.max_for(Operation::PutMethod), 2);
        assert_eq!(s.write_overlap.max_for(Operation::DeleteMethodResponse), 1);
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["write_overlap"]["max"], 3);
        assert_eq!(json["write_overlap"]["by_object"]["MethodResponse"], 1);
        // Stats from before the field existed still parse.
        let old: Stats = serde_json::from_str(r#"{"requests":1,"forwarded":1,"upstream_errors":0,"throttled":0,"operations":{},"status":{},"operation_status":{},"faults":{"error500":0,"error503":0,"throttle429":0,"conflict409":0,"reset":0,"stall":0}}"#).unwrap();
        assert_eq!(old.write_overlap, WriteOverlap::default());
    }
}
