//! `apigw-proxy`: an HTTP/1.1 proxy for tests and benchmarks that sits between an
//! API Gateway client (the Terraform provider, through the AWS SDK) and an emulator
//! such as LocalStack.
//!
//! For every request it
//! 1. classifies the API Gateway operation from method and path ([`classify`]),
//! 2. applies a token bucket like API Gateway's control-plane quota and answers
//!    `429 TooManyRequestsException` itself when the bucket is empty ([`bucket`]),
//! 3. optionally injects a fault: an AWS-style 500/503/429/409 error, a dropped
//!    connection, or a stall ([`faults`]); the 409 can be limited to writes that overlap
//!    another write to the same REST API,
//! 4. otherwise forwards the request unchanged and relays the answer unchanged,
//!
//! and counts it all ([`stats`]), including the largest number of writes to one REST API
//! in flight at once. Counters and fault settings are reachable over
//! HTTP under `/_proxy/` (see the README) and, in-process, through [`Handle`]:
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let config = apigw_proxy::Config {
//!     upstream: "http://127.0.0.1:4566".parse().map_err(std::io::Error::other)?,
//!     ..apigw_proxy::Config::default()
//! };
//! let proxy = apigw_proxy::serve(config).await?;
//! // ... point the SDK at proxy.url() and run the workload ...
//! let stats = proxy.shutdown().await;
//! assert_eq!(stats.throttled, 0);
//! # Ok(())
//! # }
//! ```

pub mod bucket;
pub mod classify;
pub mod cli;
pub mod faults;
mod inflight;
mod proxy;
pub mod stats;

pub use classify::Operation;
pub use faults::{FaultConfig, FaultConfigError, FaultKind};
pub use proxy::{
    CONFLICT_MESSAGE, Config, GENERATED_HEADER, Handle, THROTTLE_MESSAGE, Upstream, serve,
};
pub use stats::{FaultCounts, Stats, WriteOverlap};
