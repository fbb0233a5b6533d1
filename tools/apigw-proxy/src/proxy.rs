//! The HTTP server: accepts connections, runs each request through the token
//! bucket and the fault injector, forwards it, and serves the `/_proxy/` control
//! endpoints. Writes to a REST API are tracked while in flight ([`crate::inflight`]).

use std::error::Error as StdError;
use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{self, HeaderMap, HeaderName, HeaderValue};
use hyper::http::uri::Authority;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode, Uri};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};

use crate::bucket::TokenBucket;
use crate::classify::{self, Operation};
use crate::faults::{Decision, FaultConfig, FaultConfigError, FaultInjector, FaultKind};
use crate::inflight::InFlight;
use crate::stats::Stats;

/// Message of API Gateway's (and this proxy's) throttling error.
pub const THROTTLE_MESSAGE: &str = "Too Many Requests";
/// Message of API Gateway's transient conflict, which callers are expected to retry.
pub const CONFLICT_MESSAGE: &str =
    "Unable to complete operation due to concurrent modification. Please try again later.";
/// Header the proxy puts on responses it generated itself (`throttled`,
/// `fault=<kind>`, or `error` for its own failures such as an unreachable upstream),
/// so tests can tell them from upstream answers. AWS clients ignore it.
pub const GENERATED_HEADER: &str = "x-apigw-proxy";

/// How long upstream connections may sit idle in the pool. Kept below the keep-alive
/// timeouts of LocalStack's servers so the proxy rarely reuses a connection the
/// upstream is about to close (that race would surface as a spurious 502).
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(2);
/// How long shutdown waits for requests in flight before dropping them.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(5);

/// The upstream base URL (`http://host:port`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upstream {
    authority: Authority,
}

impl Upstream {
    /// The URL, e.g. `http://127.0.0.1:4566`.
    pub fn url(&self) -> String {
        format!("http://{}", self.authority)
    }
}

impl FromStr for Upstream {
    type Err = String;

    /// Accepts `http://host:port` with an optional trailing `/`; only plain HTTP,
    /// since the emulators this sits in front of speak nothing else.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let uri: Uri = s
            .parse()
            .map_err(|e| format!("invalid upstream URL {s:?}: {e}"))?;
        if uri.scheme_str() != Some("http") {
            return Err(format!("upstream must be an http:// URL, got {s:?}"));
        }
        if !matches!(uri.path(), "" | "/") || uri.query().is_some() {
            return Err(format!(
                "upstream must not have a path or query (requests keep their own), got {s:?}"
            ));
        }
        let authority = uri
            .authority()
            .cloned()
            .ok_or_else(|| format!("upstream URL has no host: {s:?}"))?;
        Ok(Upstream { authority })
    }
}

/// Proxy settings. `Config::default()` listens on an ephemeral 127.0.0.1 port in
/// front of `http://127.0.0.1:4566` with API Gateway's default quota (10/s, burst 40)
/// and no faults.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub upstream: Upstream,
    /// Token-bucket refill rate in requests per second; 0 disables throttling.
    pub rate: f64,
    /// Token-bucket capacity.
    pub burst: u32,
    /// Initial fault configuration (its `seed`, when set, seeds the PRNG).
    pub faults: FaultConfig,
    /// Log one line per request to stderr.
    pub verbose: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            upstream: Upstream {
                authority: Authority::from_static("127.0.0.1:4566"),
            },
            rate: 10.0,
            burst: 40,
            faults: FaultConfig::default(),
            verbose: false,
        }
    }
}

impl Config {
    /// Default settings in front of `upstream`.
    pub fn new(upstream: Upstream) -> Self {
        Config {
            upstream,
            ..Config::default()
        }
    }

    /// Checks the settings that parsing alone cannot.
    pub fn validate(&self) -> Result<(), String> {
        if !self.rate.is_finite() || self.rate < 0.0 {
            return Err(format!(
                "rate must be a non-negative number, got {}",
                self.rate
            ));
        }
        if self.rate > 0.0 && self.burst == 0 {
            return Err("burst must be at least 1 when throttling is on".into());
        }
        self.faults.validate().map_err(|e| e.to_string())
    }
}

/// A running proxy. Dropping it without [`Handle::shutdown`] also stops the proxy
/// (the server notices its shutdown channel closing), just without waiting.
#[derive(Debug)]
pub struct Handle {
    /// The address the proxy listens on (with the actual port when 0 was asked for).
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: watch::Sender<bool>,
    server: JoinHandle<()>,
}

impl Handle {
    /// The proxy's base URL, e.g. `http://127.0.0.1:40123`; point the SDK's endpoint here.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The counters so far.
    pub fn stats(&self) -> Stats {
        lock(&self.shared.stats).clone()
    }

    /// Returns the counters and zeroes them, and refills the token bucket, so the
    /// next phase of a test or benchmark starts from a clean slate.
    pub fn reset(&self) -> Stats {
        self.shared.reset()
    }

    /// The fault configuration in force (with the seed in use).
    pub fn faults(&self) -> FaultConfig {
        lock(&self.shared.faults).config().clone()
    }

    /// Replaces the fault configuration, as `POST /_proxy/faults` does.
    pub fn set_faults(&self, config: FaultConfig) -> Result<(), FaultConfigError> {
        config.validate()?;
        lock(&self.shared.faults).replace(config);
        Ok(())
    }

    /// Stops accepting, lets requests in flight finish (up to a few seconds), and
    /// returns the final counters.
    pub async fn shutdown(self) -> Stats {
        // An error only means the server already stopped.
        let _ = self.shutdown.send(true);
        if let Err(e) = self.server.await {
            eprintln!("apigw-proxy: server task failed: {e}");
        }
        lock(&self.shared.stats).clone()
    }
}

/// Starts the proxy and returns once it is listening.
pub async fn serve(config: Config) -> io::Result<Handle> {
    config
        .validate()
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    let listener = TcpListener::bind(config.listen).await?;
    let addr = listener.local_addr()?;

    let mut connector = HttpConnector::new();
    connector.set_nodelay(true);
    let client = Client::builder(TokioExecutor::new())
        .pool_idle_timeout(POOL_IDLE_TIMEOUT)
        .pool_timer(TokioTimer::new())
        .build(connector);

    let limiter = (config.rate > 0.0).then(|| TokenBucket::new(config.rate, config.burst, now()));
    let shared = Arc::new(Shared {
        upstream: config.upstream,
        client,
        limiter: Mutex::new(limiter),
        faults: Mutex::new(FaultInjector::new(config.faults, time_seed())),
        stats: Mutex::new(Stats::default()),
        in_flight: Mutex::new(InFlight::default()),
        request_ids: AtomicU64::new(0),
        verbose: config.verbose,
    });

    let (shutdown, shutdown_rx) = watch::channel(false);
    let server = tokio::spawn(accept_loop(listener, Arc::clone(&shared), shutdown_rx));
    Ok(Handle {
        addr,
        shared,
        shutdown,
        server,
    })
}

/// State shared by all connections.
struct Shared {
    upstream: Upstream,
    client: Client<HttpConnector, Full<Bytes>>,
    limiter: Mutex<Option<TokenBucket>>,
    faults: Mutex<FaultInjector>,
    stats: Mutex<Stats>,
    /// Writes to each REST API in flight. Never locked together with `stats`.
    in_flight: Mutex<InFlight>,
    request_ids: AtomicU64,
    verbose: bool,
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shared")
            .field("upstream", &self.upstream)
            .finish_non_exhaustive()
    }
}

impl Shared {
    fn reset(&self) -> Stats {
        if let Some(bucket) = lock(&self.limiter).as_mut() {
            bucket.refill_full(now());
        }
        std::mem::take(&mut *lock(&self.stats))
    }

    fn next_request_id(&self) -> String {
        let n = self.request_ids.fetch_add(1, Ordering::Relaxed);
        format!("00000000-0000-4000-8000-{n:012x}")
    }
}

/// A write to a REST API, counted in flight from its arrival until it is answered (or
/// dropped, when the client goes away). Records the overlap it found on arrival.
struct ReceivedWrite<'a> {
    shared: &'a Shared,
    api: &'a str,
    object: &'static str,
}

impl<'a> ReceivedWrite<'a> {
    fn new(shared: &'a Shared, api: &'a str, operation: Operation) -> Self {
        let object = operation.object();
        let overlap = lock(&shared.in_flight).received(api, object);
        lock(&shared.stats).record_overlap(object, overlap.api, overlap.object);
        ReceivedWrite {
            shared,
            api,
            object,
        }
    }
}

impl Drop for ReceivedWrite<'_> {
    fn drop(&mut self) {
        lock(&self.shared.in_flight).answered(self.api, self.object);
    }
}

/// A write to a REST API sent upstream, counted until the upstream answered or failed.
struct ForwardedWrite<'a> {
    shared: &'a Shared,
    api: &'a str,
}

impl<'a> ForwardedWrite<'a> {
    /// `None` when `refuse_if_busy` and another write to `api` is upstream.
    fn new(shared: &'a Shared, api: &'a str, refuse_if_busy: bool) -> Option<Self> {
        // Not `then_some`: that would build (and drop, locking again) a guard when refused.
        let forwarded = lock(&shared.in_flight).forward(api, refuse_if_busy);
        forwarded.then(|| ForwardedWrite { shared, api })
    }
}

impl Drop for ForwardedWrite<'_> {
    fn drop(&mut self) {
        lock(&self.shared.in_flight).upstream_answered(self.api);
    }
}

/// Locks a mutex, recovering it if a panicking thread poisoned it: the data are
/// plain counters and configuration that stay consistent between statements.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// tokio's clock, so tests running with paused time control the bucket too.
fn now() -> std::time::Instant {
    tokio::time::Instant::now().into_std()
}

/// A seed for runs that did not ask for one. It is reported (stderr, `GET
/// /_proxy/faults`), so such a run can still be replayed.
fn time_seed() -> u64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    nanos ^ (u64::from(std::process::id()) << 32)
}

async fn accept_loop(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            // A send or the sender being dropped both mean "stop".
            _ = shutdown.changed() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => {
                    // Small request/response exchanges: do not let Nagle delay them.
                    let _ = stream.set_nodelay(true);
                    connections.spawn(serve_connection(stream, Arc::clone(&shared), shutdown.clone()));
                }
                Err(e) => {
                    // Typically EMFILE under a load test; back off instead of spinning.
                    eprintln!("apigw-proxy: accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            // Reap finished connections so the set does not grow without bound.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    let drain = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout(DRAIN_TIMEOUT, drain).await.is_err() {
        connections.abort_all();
    }
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    shared: Arc<Shared>,
    mut shutdown: watch::Receiver<bool>,
) {
    let service = service_fn(move |req| handle(Arc::clone(&shared), req));
    let conn = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    // Connection errors (client went away, injected resets) end the connection and
    // need no further handling.
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = shutdown.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}

/// Returned by the service to make hyper drop the connection without a response:
/// that is how the `reset` fault is delivered.
#[derive(Debug)]
struct InjectedReset;

impl fmt::Display for InjectedReset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("injected connection reset")
    }
}

impl StdError for InjectedReset {}

type ProxyResponse = Response<Full<Bytes>>;

async fn handle(
    shared: Arc<Shared>,
    req: Request<Incoming>,
) -> Result<ProxyResponse, InjectedReset> {
    let path = req.uri().path();
    if path == "/_proxy" || path.starts_with("/_proxy/") {
        return Ok(control(&shared, req).await);
    }

    let method = req.method().clone();
    let operation = classify::classify(&method, path, req.uri().query());
    let api = classify::rest_api_of_write(&method, path).map(str::to_owned);
    let target = shared.verbose.then(|| {
        req.uri()
            .path_and_query()
            .map(|pq| pq.to_string())
            .unwrap_or_default()
    });
    lock(&shared.stats).record_request(operation);
    let received = api
        .as_deref()
        .map(|api| ReceivedWrite::new(&shared, api, operation));

    let outcome = process(&shared, req, &method, operation, api.as_deref()).await;
    // Answered: no longer in flight (before the client can see the answer and send more).
    drop(received);

    if let Some(target) = target {
        let what = match &outcome {
            Ok(resp) => match resp.headers().get(GENERATED_HEADER) {
                Some(generated) => format!(
                    "{} ({})",
                    resp.status().as_u16(),
                    generated.to_str().unwrap_or("?")
                ),
                None => resp.status().as_u16().to_string(),
            },
            Err(InjectedReset) => "reset (fault=reset)".to_owned(),
        };
        eprintln!("apigw-proxy: {method} {target} {operation} -> {what}");
    }
    if let Ok(resp) = &outcome {
        lock(&shared.stats).record_status(operation, resp.status().as_u16());
    }
    outcome
}

/// Throttle, inject, or forward one API request. `api` is the REST API of a write to one.
async fn process(
    shared: &Shared,
    req: Request<Incoming>,
    method: &Method,
    operation: Operation,
    api: Option<&str>,
) -> Result<ProxyResponse, InjectedReset> {
    // The quota is checked first, as API Gateway does: a throttled request never
    // reaches the service, nor the fault injector.
    let admitted = lock(&shared.limiter)
        .as_mut()
        .is_none_or(|bucket| bucket.try_acquire(now()));
    if !admitted {
        lock(&shared.stats).throttled += 1;
        return Ok(throttled(shared, "throttled"));
    }

    let Decision {
        stall,
        fault,
        only_if_concurrent,
    } = lock(&shared.faults).decide(method, operation);
    if let Some(delay) = stall {
        lock(&shared.stats).record_fault(FaultKind::Stall);
        tokio::time::sleep(delay).await;
    }
    if let Some(kind) = fault.filter(|_| !only_if_concurrent) {
        return injected(shared, kind);
    }

    // A conditional conflict is decided here, after the stall, in one step with counting
    // the write as forwarded: of two overlapping writes, one is forwarded.
    let _forwarded = match api {
        Some(api) => match ForwardedWrite::new(shared, api, only_if_concurrent) {
            Some(forwarded) => Some(forwarded),
            None => return injected(shared, FaultKind::Conflict409),
        },
        None => None,
    };
    Ok(forward(shared, req).await)
}

/// Counts an injected fault and makes its answer (`Err` for a reset: no answer at all).
fn injected(shared: &Shared, kind: FaultKind) -> Result<ProxyResponse, InjectedReset> {
    lock(&shared.stats).record_fault(kind);
    let marker = format!("fault={kind}");
    match kind {
        FaultKind::Reset => Err(InjectedReset),
        FaultKind::Throttle429 => Ok(throttled(shared, &marker)),
        FaultKind::Conflict409 => Ok(aws_error(
            shared,
            StatusCode::CONFLICT,
            "ConflictException",
            CONFLICT_MESSAGE,
            &marker,
        )),
        FaultKind::Error503 => Ok(aws_error(
            shared,
            StatusCode::SERVICE_UNAVAILABLE,
            "ServiceUnavailableException",
            "Service Unavailable",
            &marker,
        )),
        // `Stall` is never a failure decision; answer it like a 500 rather than panic.
        FaultKind::Error500 | FaultKind::Stall => Ok(aws_error(
            shared,
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalFailure",
            "Internal server error",
            &marker,
        )),
    }
}

/// Sends the request upstream and relays the answer. Bodies are buffered: API
/// Gateway requests and responses are small JSON documents.
async fn forward(shared: &Shared, req: Request<Incoming>) -> ProxyResponse {
    let (mut parts, body) = req.into_parts();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        // The client went away mid-request; nobody will read this answer.
        Err(e) => {
            return plain_error(
                StatusCode::BAD_REQUEST,
                &format!("could not read the request body: {e}"),
            );
        }
    };

    let path_and_query = parts.uri.path_and_query().map_or("/", |pq| pq.as_str());
    parts.uri = match Uri::builder()
        .scheme("http")
        .authority(shared.upstream.authority.clone())
        .path_and_query(path_and_query)
        .build()
    {
        Ok(uri) => uri,
        Err(e) => {
            return plain_error(
                StatusCode::BAD_REQUEST,
                &format!("cannot forward {path_and_query:?}: {e}"),
            );
        }
    };
    // The client's Host header is kept (hyper-util only adds one when missing): the
    // request was signed for it, and the upstream may echo it into URLs.
    strip_hop_by_hop(&mut parts.headers);
    parts.headers.remove(header::EXPECT);
    parts.version = hyper::Version::HTTP_11;

    lock(&shared.stats).forwarded += 1;
    let result = async {
        let resp = shared
            .client
            .request(Request::from_parts(parts, Full::new(body)))
            .await
            .map_err(|e| error_chain(&e))?;
        let (mut parts, body) = resp.into_parts();
        let body = body
            .collect()
            .await
            .map_err(|e| error_chain(&e))?
            .to_bytes();
        // Hyper sets Content-Length (or chunks) for the buffered body itself.
        strip_hop_by_hop(&mut parts.headers);
        Ok::<_, String>(Response::from_parts(parts, Full::new(body)))
    }
    .await;

    result.unwrap_or_else(|e| {
        lock(&shared.stats).upstream_errors += 1;
        eprintln!(
            "apigw-proxy: upstream {} failed: {e}",
            shared.upstream.url()
        );
        plain_error(
            StatusCode::BAD_GATEWAY,
            &format!("upstream request failed: {e}"),
        )
    })
}

/// Removes headers that describe one connection rather than the message, including
/// any the `Connection` header names (RFC 9110, section 7.6.1).
fn strip_hop_by_hop(headers: &mut HeaderMap) {
    let named: Vec<HeaderName> = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|name| HeaderName::from_bytes(name.trim().as_bytes()).ok())
        .collect();
    for name in named {
        headers.remove(name);
    }
    for name in [
        header::CONNECTION,
        header::TRANSFER_ENCODING,
        header::TE,
        header::TRAILER,
        header::UPGRADE,
        header::PROXY_AUTHENTICATE,
        header::PROXY_AUTHORIZATION,
    ] {
        headers.remove(name);
    }
    headers.remove("keep-alive");
    headers.remove("proxy-connection");
}

/// An error with its causes: hyper-util's top-level message ("client error
/// (Connect)") alone does not say what went wrong.
fn error_chain(e: &dyn StdError) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// API Gateway's throttling answer: 429, `x-amzn-ErrorType: TooManyRequestsException`,
/// body `{"message":"Too Many Requests"}`. AWS SDKs take the error code from the
/// header, so that is what makes the SDK classify it as throttling and retry.
fn throttled(shared: &Shared, marker: &str) -> ProxyResponse {
    aws_error(
        shared,
        StatusCode::TOO_MANY_REQUESTS,
        "TooManyRequestsException",
        THROTTLE_MESSAGE,
        marker,
    )
}

/// An AWS REST-JSON error response, shaped like API Gateway's own.
fn aws_error(
    shared: &Shared,
    status: StatusCode,
    error_type: &'static str,
    message: &str,
    marker: &str,
) -> ProxyResponse {
    let body = serde_json::json!({ "message": message }).to_string();
    let mut resp = Response::new(Full::new(Bytes::from(body)));
    *resp.status_mut() = status;
    let headers = resp.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert("x-amzn-errortype", HeaderValue::from_static(error_type));
    if let Ok(id) = HeaderValue::from_str(&shared.next_request_id()) {
        headers.insert("x-amzn-requestid", id);
    }
    if let Ok(marker) = HeaderValue::from_str(marker) {
        headers.insert(GENERATED_HEADER, marker);
    }
    resp
}

/// A JSON answer from the proxy itself (control endpoints, proxy-side failures).
fn json_response(status: StatusCode, body: String) -> ProxyResponse {
    let mut resp = Response::new(Full::new(Bytes::from(body)));
    *resp.status_mut() = status;
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    resp
}

fn plain_error(status: StatusCode, message: &str) -> ProxyResponse {
    let mut resp = json_response(
        status,
        serde_json::json!({ "message": message }).to_string(),
    );
    resp.headers_mut()
        .insert(GENERATED_HEADER, HeaderValue::from_static("error"));
    resp
}

fn to_json<T: serde::Serialize>(value: &T) -> ProxyResponse {
    match serde_json::to_string(value) {
        Ok(body) => json_response(StatusCode::OK, body),
        Err(e) => plain_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("cannot serialise: {e}"),
        ),
    }
}

/// The control endpoints. They are never forwarded, throttled or counted.
async fn control(shared: &Shared, req: Request<Incoming>) -> ProxyResponse {
    let method = req.method().clone();
    match (&method, req.uri().path()) {
        (&Method::GET, "/_proxy/stats") => to_json(&*lock(&shared.stats)),
        (&Method::POST, "/_proxy/reset") => to_json(&shared.reset()),
        (&Method::GET, "/_proxy/faults") => to_json(lock(&shared.faults).config()),
        (&Method::POST, "/_proxy/faults") => {
            let body = match req.into_body().collect().await {
                Ok(collected) => collected.to_bytes(),
                Err(e) => {
                    return plain_error(
                        StatusCode::BAD_REQUEST,
                        &format!("could not read the body: {e}"),
                    );
                }
            };
            match FaultConfig::from_json(&body) {
                Ok(config) => {
                    let mut faults = lock(&shared.faults);
                    faults.replace(config);
                    to_json(faults.config())
                }
                Err(e) => plain_error(StatusCode::BAD_REQUEST, &e.0),
            }
        }
        (_, "/_proxy/stats" | "/_proxy/reset" | "/_proxy/faults") => plain_error(
            StatusCode::METHOD_NOT_ALLOWED,
            &format!("{method} is not supported here"),
        ),
        (_, path) => plain_error(
            StatusCode::NOT_FOUND,
            &format!(
                "unknown control endpoint {path}; see GET /_proxy/stats, POST /_proxy/reset, GET|POST /_proxy/faults"
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_parsing() {
        let u: Upstream = "http://127.0.0.1:4566".parse().unwrap();
        assert_eq!(u.url(), "http://127.0.0.1:4566");
        let u: Upstream = "http://localhost:4566/".parse().unwrap();
        assert_eq!(u.url(), "http://localhost:4566");
        for bad in [
            "https://127.0.0.1:4566",
            "127.0.0.1:4566",
            "http://h:1/base",
            "http://h:1/?a=b",
            "not a url",
        ] {
            assert!(bad.parse::<Upstream>().is_err(), "{bad}");
        }
    }

    #[test]
    fn config_validation() {
        assert!(Config::default().validate().is_ok());
        let zero_rate = Config {
            rate: 0.0,
            burst: 0,
            ..Config::default()
        };
        assert!(
            zero_rate.validate().is_ok(),
            "rate 0 disables throttling; burst is unused"
        );
        for bad in [
            Config {
                rate: -1.0,
                ..Config::default()
            },
            Config {
                rate: f64::NAN,
                ..Config::default()
            },
            Config {
                burst: 0,
                ..Config::default()
            },
            Config {
                faults: FaultConfig {
                    error500: 2.0,
                    ..FaultConfig::default()
                },
                ..Config::default()
            },
        ] {
            assert!(bad.validate().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn hop_by_hop_headers_are_stripped() {
        let mut h = HeaderMap::new();
        h.insert(
            header::CONNECTION,
            HeaderValue::from_static("keep-alive, x-private"),
        );
        h.insert("keep-alive", HeaderValue::from_static("timeout=5"));
        h.insert("x-private", HeaderValue::from_static("1"));
        h.insert(
            header::TRANSFER_ENCODING,
            HeaderValue::from_static("chunked"),
        );
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:1"));
        h.insert("x-amz-date", HeaderValue::from_static("20260101T000000Z"));
        strip_hop_by_hop(&mut h);
        let mut left: Vec<&str> = h.keys().map(|k| k.as_str()).collect();
        left.sort_unstable();
        assert_eq!(left, ["host", "x-amz-date"]);
    }
}
