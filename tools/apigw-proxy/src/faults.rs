//! Fault injection: deciding, per request, whether the proxy answers with an
//! injected failure instead of forwarding, and whether it stalls first.
//!
//! Decisions come from a seeded PRNG so a failing reliability test can be replayed
//! with the same `--seed`. Each request the filter selects consumes exactly two
//! draws (one for the stall, one for the failure) whatever the outcome, so the
//! sequence of decisions depends only on the seed and the order of requests.

use std::fmt;
use std::time::Duration;

use hyper::Method;
use serde::{Deserialize, Serialize};

use crate::classify::{self, Operation};

/// What to inject and where. The JSON form (for `POST /_proxy/faults`) uses the
/// same field names; missing fields take their defaults (no fault).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FaultConfig {
    /// Probability of answering 500 `InternalFailure` without forwarding.
    pub error500: f64,
    /// Probability of answering 503 `ServiceUnavailableException` without forwarding.
    pub error503: f64,
    /// Probability of answering 429 `TooManyRequestsException` without forwarding
    /// (independent of the token bucket).
    pub throttle429: f64,
    /// Probability of answering 409 `ConflictException` ("concurrent modification").
    pub conflict409: f64,
    /// Makes `conflict409` behave like API Gateway: a write to a REST API (POST, PUT,
    /// PATCH or DELETE under `/restapis/{id}`) that drew the conflict gets it only if
    /// another write to the same REST API is in flight (forwarded and not yet answered
    /// upstream) when it would be forwarded; otherwise it is forwarded. Reads and writes
    /// outside a REST API then never get it. So conflicts only happen if the client
    /// really writes in parallel; `conflict409: 1` answers every such overlapping write.
    pub conflict409_when_concurrent: bool,
    /// Probability of closing the connection without any response.
    pub reset: f64,
    /// Probability of waiting `stall_ms` before handling the request. Independent of
    /// the kinds above: a stalled request may still get an injected failure.
    pub stall: f64,
    /// How long a stall lasts, in milliseconds.
    pub stall_ms: u64,
    /// Only inject into POST/PUT/PATCH/DELETE requests.
    pub writes_only: bool,
    /// Only inject into these operations; empty means all operations.
    pub operations: Vec<Operation>,
    /// Seed for the PRNG. Setting it restarts the random sequence; when absent in an
    /// update the current sequence continues. Reported back with the seed in use.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
}

/// The kinds of injected fault, as named in the configuration and in stats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    Error500,
    Error503,
    Throttle429,
    Conflict409,
    Reset,
    Stall,
}

impl FaultKind {
    /// The configuration/stats name, e.g. `"conflict409"`.
    pub fn as_str(self) -> &'static str {
        match self {
            FaultKind::Error500 => "error500",
            FaultKind::Error503 => "error503",
            FaultKind::Throttle429 => "throttle429",
            FaultKind::Conflict409 => "conflict409",
            FaultKind::Reset => "reset",
            FaultKind::Stall => "stall",
        }
    }
}

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An invalid fault configuration, with a message meant for the person who wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultConfigError(pub String);

impl fmt::Display for FaultConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FaultConfigError {}

impl FaultConfig {
    /// Parses and validates the JSON form.
    pub fn from_json(body: &[u8]) -> Result<FaultConfig, FaultConfigError> {
        let invalid =
            |e: serde_json::Error| FaultConfigError(format!("invalid fault configuration: {e}"));
        let value: serde_json::Value = serde_json::from_slice(body).map_err(invalid)?;
        // serde would also accept a JSON array as a struct (fields by position);
        // nobody means that, so insist on an object.
        if !value.is_object() {
            return Err(FaultConfigError(
                "invalid fault configuration: expected a JSON object".into(),
            ));
        }
        let config: FaultConfig = serde_json::from_value(value).map_err(invalid)?;
        config.validate()?;
        Ok(config)
    }

    /// The exclusive failure kinds with their probabilities, in the order the
    /// decision walks them (fixed, so a seed always means the same faults).
    fn exclusive(&self) -> [(FaultKind, f64); 5] {
        [
            (FaultKind::Reset, self.reset),
            (FaultKind::Error500, self.error500),
            (FaultKind::Error503, self.error503),
            (FaultKind::Throttle429, self.throttle429),
            (FaultKind::Conflict409, self.conflict409),
        ]
    }

    /// Checks probabilities are in 0..=1 and that the failure kinds, which exclude
    /// each other, do not add up to more than 1.
    pub fn validate(&self) -> Result<(), FaultConfigError> {
        let mut sum = 0.0;
        for (kind, p) in self
            .exclusive()
            .into_iter()
            .chain([(FaultKind::Stall, self.stall)])
        {
            if !(0.0..=1.0).contains(&p) {
                return Err(FaultConfigError(format!(
                    "{kind} must be a probability between 0 and 1, got {p}"
                )));
            }
            if kind != FaultKind::Stall {
                sum += p;
            }
        }
        // Small tolerance: 0.1 + 0.2 + 0.7 is not exactly 1.0 in floating point.
        if sum > 1.0 + 1e-9 {
            return Err(FaultConfigError(format!(
                "error500 + error503 + throttle429 + conflict409 + reset must not exceed 1, got {sum}"
            )));
        }
        if self.stall > 0.0 && self.stall_ms == 0 {
            return Err(FaultConfigError(
                "stall needs stall_ms (the stall duration in milliseconds)".into(),
            ));
        }
        Ok(())
    }

    /// Whether any fault can fire at all.
    pub fn is_active(&self) -> bool {
        self.exclusive().iter().any(|&(_, p)| p > 0.0) || (self.stall > 0.0 && self.stall_ms > 0)
    }

    /// Whether the filter selects this request.
    pub fn applies_to(&self, method: &Method, operation: Operation) -> bool {
        (!self.writes_only || classify::is_write(method))
            && (self.operations.is_empty() || self.operations.contains(&operation))
    }
}

/// What to do with one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Decision {
    /// Wait this long first.
    pub stall: Option<Duration>,
    /// Then answer with this fault instead of forwarding (never [`FaultKind::Stall`]).
    pub fault: Option<FaultKind>,
    /// The fault is a [`FaultKind::Conflict409`] under `conflict409_when_concurrent`: answer
    /// it only if the request is a write to a REST API and another write to that API is
    /// forwarded and unanswered at the moment it would be forwarded; else forward it.
    pub only_if_concurrent: bool,
}

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and statistically good enough
/// to decide faults; avoids a dependency on `rand`.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`: the top 53 bits as the mantissa.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// The live fault configuration plus its random sequence.
#[derive(Debug, Clone)]
pub struct FaultInjector {
    config: FaultConfig,
    rng: SplitMix64,
}

impl FaultInjector {
    /// `default_seed` is used when the configuration carries none (the CLI passes a
    /// time-derived one and reports it, so a run can still be replayed).
    pub fn new(mut config: FaultConfig, default_seed: u64) -> Self {
        let seed = *config.seed.get_or_insert(default_seed);
        FaultInjector {
            config,
            rng: SplitMix64::new(seed),
        }
    }

    /// The configuration in force, with the seed in use.
    pub fn config(&self) -> &FaultConfig {
        &self.config
    }

    /// Replaces the configuration. A `seed` in it restarts the random sequence;
    /// without one the sequence continues (and the old seed stays reported).
    pub fn replace(&mut self, mut config: FaultConfig) {
        match config.seed {
            Some(seed) => self.rng = SplitMix64::new(seed),
            None => config.seed = self.config.seed,
        }
        self.config = config;
    }

    /// Decides the fate of one request.
    pub fn decide(&mut self, method: &Method, operation: Operation) -> Decision {
        if !self.config.is_active() || !self.config.applies_to(method, operation) {
            return Decision::default();
        }
        let stall_draw = self.rng.next_f64();
        let fault_draw = self.rng.next_f64();

        let stall = (self.config.stall_ms > 0 && stall_draw < self.config.stall)
            .then(|| Duration::from_millis(self.config.stall_ms));

        // One draw picks at most one kind: walk the cumulative probabilities.
        let mut threshold = 0.0;
        let mut fault = None;
        for (kind, p) in self.config.exclusive() {
            threshold += p;
            if p > 0.0 && fault_draw < threshold {
                fault = Some(kind);
                break;
            }
        }
        let only_if_concurrent =
            fault == Some(FaultKind::Conflict409) && self.config.conflict409_when_concurrent;
        Decision {
            stall,
            fault,
            only_if_concurrent,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_json_is_no_faults() {
        let c = FaultConfig::from_json(b"{}").unwrap();
        assert_eq!(c, FaultConfig::default());
        assert!(!c.is_active());
    }

    #[test]
    fn full_json_parses() {
        let c = FaultConfig::from_json(
            br#"{"error500":0.1,"error503":0.05,"throttle429":0.2,"conflict409":0.25,
                 "conflict409_when_concurrent":true,"reset":0.01,"stall":0.5,"stall_ms":1500,"writes_only":true,
                 "operations":["PutMethod","UpdateMethodResponse"],"seed":7}"#,
        )
        .unwrap();
        assert_eq!(
            c,
            FaultConfig {
                error500: 0.1,
                error503: 0.05,
                throttle429: 0.2,
                conflict409: 0.25,
                conflict409_when_concurrent: true,
                reset: 0.01,
                stall: 0.5,
                stall_ms: 1500,
                writes_only: true,
                operations: vec![Operation::PutMethod, Operation::UpdateMethodResponse],
                seed: Some(7),
            }
        );
        assert!(c.is_active());
    }

    #[test]
    fn json_round_trips() {
        let c = FaultConfig {
            conflict409: 0.5,
            operations: vec![Operation::Other],
            ..FaultConfig::default()
        };
        let json = serde_json::to_vec(&c).unwrap();
        assert_eq!(FaultConfig::from_json(&json).unwrap(), c);
    }

    #[test]
    fn rejects_bad_json() {
        for (body, needle) in [
            (&br#"{"error_500":0.1}"#[..], "unknown field"),
            (
                br#"{"operations":["putMethod"]}"#,
                "unknown API Gateway operation",
            ),
            (br#"{"error500":"0.1"}"#, "invalid type"),
            (br#"{"stall_ms":-1}"#, "invalid value"),
            (br#"[]"#, "expected a JSON object"),
            (br#"[0.5]"#, "expected a JSON object"),
            (b"", "EOF"),
            (br#"{"error500":1.5}"#, "error500 must be a probability"),
            (
                br#"{"stall":-0.1,"stall_ms":5}"#,
                "stall must be a probability",
            ),
            (
                br#"{"error500":0.6,"conflict409":0.6}"#,
                "must not exceed 1",
            ),
            (br#"{"stall":0.5}"#, "stall needs stall_ms"),
        ] {
            let err = FaultConfig::from_json(body).unwrap_err();
            assert!(
                err.0.contains(needle),
                "{}: {err}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn probabilities_summing_to_one_are_accepted() {
        FaultConfig::from_json(br#"{"error500":0.1,"error503":0.2,"conflict409":0.7}"#).unwrap();
        FaultConfig::from_json(br#"{"reset":1,"stall":1,"stall_ms":1}"#).unwrap();
    }

    #[test]
    fn filters() {
        let c = FaultConfig {
            writes_only: true,
            ..FaultConfig::default()
        };
        assert!(c.applies_to(&Method::PUT, Operation::PutMethod));
        assert!(!c.applies_to(&Method::GET, Operation::GetMethod));

        let c = FaultConfig {
            operations: vec![Operation::PutMethod],
            ..FaultConfig::default()
        };
        assert!(c.applies_to(&Method::PUT, Operation::PutMethod));
        assert!(!c.applies_to(&Method::PUT, Operation::PutIntegration));
    }

    #[test]
    fn certain_faults_always_fire_and_only_where_selected() {
        let config = FaultConfig {
            conflict409: 1.0,
            stall: 1.0,
            stall_ms: 20,
            operations: vec![Operation::PutMethod],
            ..FaultConfig::default()
        };
        let mut inj = FaultInjector::new(config, 1);
        for _ in 0..100 {
            assert_eq!(
                inj.decide(&Method::PUT, Operation::PutMethod),
                Decision {
                    stall: Some(Duration::from_millis(20)),
                    fault: Some(FaultKind::Conflict409),
                    only_if_concurrent: false,
                }
            );
            assert_eq!(
                inj.decide(&Method::GET, Operation::GetMethod),
                Decision::default()
            );
        }
    }

    #[test]
    fn concurrent_only_conflicts_are_marked_and_draw_the_same() {
        let config = FaultConfig {
            error500: 0.2,
            conflict409: 0.4,
            seed: Some(5),
            ..FaultConfig::default()
        };
        let run = |config: FaultConfig| {
            let mut inj = FaultInjector::new(config, 0);
            (0..200)
                .map(|_| inj.decide(&Method::PUT, Operation::PutMethodResponse))
                .collect::<Vec<_>>()
        };
        let plain = run(config.clone());
        let concurrent = run(FaultConfig {
            conflict409_when_concurrent: true,
            ..config
        });
        // The same draws pick the same faults; only the conflicts are marked conditional.
        for (p, c) in plain.iter().zip(&concurrent) {
            assert_eq!((p.stall, p.fault), (c.stall, c.fault));
            assert!(!p.only_if_concurrent);
            assert_eq!(
                c.only_if_concurrent,
                c.fault == Some(FaultKind::Conflict409)
            );
        }
        assert!(concurrent.iter().any(|d| d.only_if_concurrent));
        assert!(
            concurrent
                .iter()
                .any(|d| d.fault == Some(FaultKind::Error500))
        );
    }

    #[test]
    fn frequencies_follow_probabilities() {
        let config = FaultConfig {
            error500: 0.1,
            throttle429: 0.3,
            reset: 0.05,
            stall: 0.25,
            stall_ms: 1,
            ..FaultConfig::default()
        };
        let mut inj = FaultInjector::new(config, 12345);
        let n = 100_000;
        let (mut e500, mut t429, mut reset, mut other, mut stalls) = (0, 0, 0, 0, 0);
        for _ in 0..n {
            let d = inj.decide(&Method::POST, Operation::CreateRestApi);
            match d.fault {
                Some(FaultKind::Error500) => e500 += 1,
                Some(FaultKind::Throttle429) => t429 += 1,
                Some(FaultKind::Reset) => reset += 1,
                Some(_) => other += 1,
                None => {}
            }
            stalls += usize::from(d.stall.is_some());
        }
        let near = |count: usize, p: f64| ((count as f64 / n as f64) - p).abs() < 0.01;
        assert!(near(e500, 0.1), "{e500}");
        assert!(near(t429, 0.3), "{t429}");
        assert!(near(reset, 0.05), "{reset}");
        assert!(near(stalls, 0.25), "{stalls}");
        assert_eq!(other, 0);
    }

    #[test]
    fn same_seed_same_decisions() {
        let config = FaultConfig {
            error503: 0.3,
            conflict409: 0.3,
            stall: 0.5,
            stall_ms: 5,
            seed: Some(42),
            ..FaultConfig::default()
        };
        let run = |config: FaultConfig| {
            let mut inj = FaultInjector::new(config, 0);
            (0..200)
                .map(|_| inj.decide(&Method::PATCH, Operation::UpdateMethod))
                .collect::<Vec<_>>()
        };
        let a = run(config.clone());
        assert_eq!(a, run(config.clone()));
        assert_ne!(
            a,
            run(FaultConfig {
                seed: Some(43),
                ..config
            })
        );
    }

    #[test]
    fn replace_keeps_or_restarts_the_sequence() {
        let config = FaultConfig {
            error500: 0.5,
            ..FaultConfig::default()
        };
        let mut a = FaultInjector::new(config.clone(), 9);
        assert_eq!(a.config().seed, Some(9));
        let first: Vec<_> = (0..10)
            .map(|_| a.decide(&Method::GET, Operation::GetRestApis))
            .collect();
        // Re-seeding with the same seed replays the sequence.
        a.replace(FaultConfig {
            seed: Some(9),
            ..config.clone()
        });
        let replay: Vec<_> = (0..10)
            .map(|_| a.decide(&Method::GET, Operation::GetRestApis))
            .collect();
        assert_eq!(first, replay);
        // Without a seed the old one stays reported.
        a.replace(config);
        assert_eq!(a.config().seed, Some(9));
    }

    #[test]
    fn splitmix_is_the_reference_sequence_and_in_range() {
        // Reference values of SplitMix64 seeded with 0.
        let mut r = SplitMix64::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        for _ in 0..10_000 {
            let x = r.next_f64();
            assert!((0.0..1.0).contains(&x));
        }
    }
}
