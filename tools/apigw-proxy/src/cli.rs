//! Command-line parsing for the `apigw-proxy` binary. Hand-written (the tool has a
//! dozen flags; a parser crate would be the heaviest dependency it has).

use std::net::SocketAddr;

use crate::classify::Operation;
use crate::faults::FaultConfig;
use crate::proxy::Config;

/// Usage text for `--help` and argument errors.
pub const USAGE: &str = "\
Usage: apigw-proxy [OPTIONS]

HTTP proxy for tests and benchmarks between an API Gateway client and an emulator
(LocalStack). Counts calls per API Gateway operation, enforces a control-plane-like
token bucket and injects faults. First stdout line: `listening on http://ADDR`; on
SIGINT/SIGTERM it prints the final stats as one JSON line and exits.

Options:
  --listen ADDR               address to listen on [default: 127.0.0.1:0]
  --upstream URL              where to forward [default: http://127.0.0.1:4566]
  --rate N                    token refill rate, requests/second; 0 disables
                              throttling [default: 10]
  --burst N                   token bucket capacity [default: 40]
  --seed N                    fault PRNG seed [default: time-derived, reported]
  --faults JSON               initial fault configuration, the JSON accepted by
                              POST /_proxy/faults; --fault-* flags override it
  --fault-error500 P          probability of an injected 500
  --fault-error503 P          probability of an injected 503
  --fault-throttle429 P       probability of an injected 429
  --fault-conflict409 P       probability of an injected 409 ConflictException
  --fault-conflict409-when-concurrent
                              answer that 409 only to a write to a REST API
                              while another write to the same API is in flight
                              upstream (like API Gateway); P still applies
  --fault-reset P             probability of closing the connection unanswered
  --fault-stall P             probability of a stall before handling
  --fault-stall-ms MS         stall duration in milliseconds
  --fault-writes-only         inject only into POST/PUT/PATCH/DELETE
  --fault-operations A,B,...  inject only into these operations (e.g. PutMethod)
  -v, --verbose               log each request to stderr
  -h, --help                  print this help

Control endpoints (never forwarded): GET /_proxy/stats, POST /_proxy/reset,
GET /_proxy/faults, POST /_proxy/faults (JSON body replaces the configuration).";

/// What the command line asks for.
#[derive(Debug)]
pub enum Command {
    Run(Config),
    Help,
}

/// Parses the arguments (without the program name). Accepts `--flag value` and
/// `--flag=value`.
pub fn parse<I, S>(args: I) -> Result<Command, String>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let mut config = Config::default();
    let mut faults_json: Option<String> = None;
    let mut seed: Option<u64> = None;
    // Individual fault flags are applied after --faults, whatever their order.
    let mut overrides = FaultFlags::default();

    let mut args = args.into_iter().map(Into::into);
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg.clone(), None),
        };
        // Pulls the flag's value from `--flag=value` or the next argument.
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "-v" | "--verbose" => config.verbose = true,
            "--listen" => config.listen = parse_value::<SocketAddr>(&flag, &value()?)?,
            "--upstream" => config.upstream = value()?.parse()?,
            "--rate" => config.rate = parse_value(&flag, &value()?)?,
            "--burst" => config.burst = parse_value(&flag, &value()?)?,
            "--seed" => seed = Some(parse_value(&flag, &value()?)?),
            "--faults" => faults_json = Some(value()?),
            "--fault-error500" => overrides.error500 = Some(parse_value(&flag, &value()?)?),
            "--fault-error503" => overrides.error503 = Some(parse_value(&flag, &value()?)?),
            "--fault-throttle429" => overrides.throttle429 = Some(parse_value(&flag, &value()?)?),
            "--fault-conflict409" => overrides.conflict409 = Some(parse_value(&flag, &value()?)?),
            "--fault-reset" => overrides.reset = Some(parse_value(&flag, &value()?)?),
            "--fault-stall" => overrides.stall = Some(parse_value(&flag, &value()?)?),
            "--fault-stall-ms" => overrides.stall_ms = Some(parse_value(&flag, &value()?)?),
            "--fault-writes-only" => {
                if inline.is_some() {
                    return Err(format!("{flag} takes no value"));
                }
                overrides.writes_only = true;
            }
            "--fault-conflict409-when-concurrent" => {
                if inline.is_some() {
                    return Err(format!("{flag} takes no value"));
                }
                overrides.conflict409_when_concurrent = true;
            }
            "--fault-operations" => {
                let operations = value()?
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| s.parse::<Operation>().map_err(|e| e.to_string()))
                    .collect::<Result<Vec<_>, _>>()?;
                overrides.operations = Some(operations);
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }

    if let Some(json) = faults_json {
        config.faults =
            FaultConfig::from_json(json.as_bytes()).map_err(|e| format!("--faults: {e}"))?;
    }
    overrides.apply(&mut config.faults);
    if seed.is_some() {
        config.faults.seed = seed;
    }
    config.validate()?;
    Ok(Command::Run(config))
}

/// The `--fault-*` flags given, to be laid over the `--faults` JSON.
#[derive(Debug, Default)]
struct FaultFlags {
    error500: Option<f64>,
    error503: Option<f64>,
    throttle429: Option<f64>,
    conflict409: Option<f64>,
    reset: Option<f64>,
    stall: Option<f64>,
    stall_ms: Option<u64>,
    writes_only: bool,
    conflict409_when_concurrent: bool,
    operations: Option<Vec<Operation>>,
}

impl FaultFlags {
    fn apply(self, faults: &mut FaultConfig) {
        let probabilities = [
            (self.error500, &mut faults.error500),
            (self.error503, &mut faults.error503),
            (self.throttle429, &mut faults.throttle429),
            (self.conflict409, &mut faults.conflict409),
            (self.reset, &mut faults.reset),
            (self.stall, &mut faults.stall),
        ];
        for (flag, slot) in probabilities {
            if let Some(p) = flag {
                *slot = p;
            }
        }
        if let Some(ms) = self.stall_ms {
            faults.stall_ms = ms;
        }
        if self.writes_only {
            faults.writes_only = true;
        }
        if self.conflict409_when_concurrent {
            faults.conflict409_when_concurrent = true;
        }
        if let Some(operations) = self.operations {
            faults.operations = operations;
        }
    }
}

fn parse_value<T>(flag: &str, value: &str) -> Result<T, String>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    value
        .parse()
        .map_err(|e| format!("invalid value {value:?} for {flag}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Config {
        match parse(args.iter().copied()) {
            Ok(Command::Run(config)) => config,
            other => panic!("{args:?}: {other:?}"),
        }
    }

    fn error(args: &[&str]) -> String {
        match parse(args.iter().copied()) {
            Err(e) => e,
            other => panic!("{args:?} should fail, got {other:?}"),
        }
    }

    #[test]
    fn defaults() {
        let c = run(&[]);
        assert_eq!(c.listen.to_string(), "127.0.0.1:0");
        assert_eq!(c.upstream.url(), "http://127.0.0.1:4566");
        assert_eq!(c.rate, 10.0);
        assert_eq!(c.burst, 40);
        assert_eq!(c.faults, FaultConfig::default());
        assert!(!c.verbose);
    }

    #[test]
    fn basic_flags_both_spellings() {
        let c = run(&[
            "--listen",
            "127.0.0.1:8080",
            "--upstream=http://127.0.0.1:4590",
            "--rate",
            "2.5",
            "--burst=3",
            "--seed",
            "99",
            "-v",
        ]);
        assert_eq!(c.listen.port(), 8080);
        assert_eq!(c.upstream.url(), "http://127.0.0.1:4590");
        assert_eq!(c.rate, 2.5);
        assert_eq!(c.burst, 3);
        assert_eq!(c.faults.seed, Some(99));
        assert!(c.verbose);
        assert_eq!(run(&["--rate", "0"]).rate, 0.0);
    }

    #[test]
    fn fault_flags() {
        let c = run(&[
            "--fault-error500",
            "0.1",
            "--fault-error503=0.05",
            "--fault-throttle429",
            "0.2",
            "--fault-conflict409",
            "0.3",
            "--fault-reset",
            "0.01",
            "--fault-stall",
            "0.5",
            "--fault-stall-ms",
            "250",
            "--fault-writes-only",
            "--fault-conflict409-when-concurrent",
            "--fault-operations",
            "PutMethod, UpdateMethodResponse",
        ]);
        assert_eq!(
            c.faults,
            FaultConfig {
                error500: 0.1,
                error503: 0.05,
                throttle429: 0.2,
                conflict409: 0.3,
                conflict409_when_concurrent: true,
                reset: 0.01,
                stall: 0.5,
                stall_ms: 250,
                writes_only: true,
                operations: vec![Operation::PutMethod, Operation::UpdateMethodResponse],
                seed: None,
            }
        );
    }

    #[test]
    fn fault_flags_override_faults_json_in_any_order() {
        let c = run(&[
            "--fault-conflict409",
            "0.5",
            "--faults",
            r#"{"conflict409":0.1,"error500":0.2,"seed":5}"#,
            "--seed",
            "6",
        ]);
        assert_eq!(c.faults.conflict409, 0.5);
        assert_eq!(c.faults.error500, 0.2);
        assert_eq!(c.faults.seed, Some(6));
    }

    #[test]
    fn help() {
        assert!(matches!(parse(["--help"]), Ok(Command::Help)));
        assert!(matches!(parse(["--rate", "1", "-h"]), Ok(Command::Help)));
    }

    #[test]
    fn errors() {
        assert!(error(&["--rate"]).contains("--rate needs a value"));
        assert!(error(&["--rate", "fast"]).contains("invalid value \"fast\" for --rate"));
        assert!(error(&["--rate", "-1"]).contains("rate must be a non-negative"));
        assert!(error(&["--burst", "0"]).contains("burst must be at least 1"));
        assert!(error(&["--listen", "localhost"]).contains("--listen"));
        assert!(error(&["--upstream", "https://x:1"]).contains("http://"));
        assert!(error(&["--bogus"]).contains("unknown argument"));
        assert!(error(&["--fault-writes-only=yes"]).contains("takes no value"));
        assert!(error(&["--fault-conflict409-when-concurrent=1"]).contains("takes no value"));
        assert!(error(&["--fault-operations", "PutMethod,Nope"]).contains("\"Nope\""));
        assert!(error(&["--fault-error500", "1.5"]).contains("error500 must be a probability"));
        assert!(
            error(&["--fault-error500", "0.7", "--fault-reset", "0.7"])
                .contains("must not exceed 1")
        );
        assert!(error(&["--fault-stall", "0.5"]).contains("stall_ms"));
        assert!(error(&["--faults", "{\"nope\":1}"]).contains("unknown field"));
    }
}
