//! The HTTP layer under the SDK: the default HTTPS client, wrapped to
//! - keep the provider within API Gateway's control-plane quota (a token bucket: the documented
//!   10 requests/s with a burst of 40 for all management calls of an account) instead of
//!   letting Terraform's parallel workers run into 429 throttling and back off blindly,
//! - count calls per operation (logged at debug level when the process ends its work), and
//! - tell the read cache when anything writes to a REST API, so no stale snapshot is served,
//! - stop sending when Terraform asks the provider to stop (Ctrl-C): nothing new goes out,
//!   and a request already on the wire gets [`STOP_GRACE`] to answer, because AWS may already
//!   have applied it and its answer is what lets Terraform record the object in state;
//! - bound each attempt ([`Governed::with_attempt_timeout`]) here rather than in the SDK, so
//!   that the SDK's own sleeps (its retry backoff) can end at a stop ([`StopAwareSleep`])
//!   without cutting short the grace of requests on the wire.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::time::Instant;

use aws_sdk_apigateway::config::{AsyncSleep, Sleep};
use aws_smithy_http_client::tls::{Provider, rustls_provider::CryptoMode};
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};

use super::cache::Cache;

/// API Gateway's documented steady rate for all management calls of an account.
pub const QUOTA_RATE: f64 = 10.0;
/// API Gateway's documented burst.
pub const QUOTA_BURST: f64 = 40.0;

/// How long a request already sent may still take after Terraform asked the provider to stop.
pub const STOP_GRACE: Duration = Duration::from_secs(5);

/// What a request refused (or abandoned) because of a stop says.
pub const CANCELLED: &str = "Operation cancelled: Terraform asked the provider to stop (interrupt)";

/// A token bucket shared by every request of the process.
#[derive(Debug)]
pub struct RateLimiter {
    rate: f64,
    burst: f64,
    state: Mutex<(f64, Instant)>,
}

impl RateLimiter {
    /// A bucket refilling at `rate` tokens/s up to `burst`; `rate <= 0` disables limiting.
    pub fn new(rate: f64, burst: f64) -> Self {
        Self {
            rate,
            burst: burst.max(1.0),
            state: Mutex::new((burst.max(1.0), Instant::now())),
        }
    }

    /// The quota's bucket, unless `APIGW_RATE_LIMIT` overrides it: `off`, or `RATE` or
    /// `RATE/BURST` in requests per second (for a raised account quota, or for tests).
    pub fn from_env() -> Self {
        let setting = std::env::var("APIGW_RATE_LIMIT").unwrap_or_default();
        let setting = setting.trim();
        if setting.eq_ignore_ascii_case("off") {
            return Self::new(0.0, 1.0);
        }
        let (rate, burst) = setting.split_once('/').unwrap_or((setting, ""));
        let rate = rate.parse().unwrap_or(QUOTA_RATE);
        let burst = burst.parse().unwrap_or(QUOTA_BURST.max(rate));
        Self::new(rate, burst)
    }

    /// Takes a token, waiting as long as needed.
    pub async fn acquire(&self) {
        if self.rate <= 0.0 {
            return;
        }
        loop {
            let wait = {
                let mut state = self
                    .state
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let now = Instant::now();
                let (tokens, last) = *state;
                let tokens =
                    (tokens + now.duration_since(last).as_secs_f64() * self.rate).min(self.burst);
                if tokens >= 1.0 {
                    *state = (tokens - 1.0, now);
                    return;
                }
                *state = (tokens, now);
                Duration::from_secs_f64((1.0 - tokens) / self.rate)
            };
            tokio::time::sleep(wait).await;
        }
    }
}

/// What every connector of the process shares.
#[derive(Debug)]
pub struct Shared {
    limiter: RateLimiter,
    calls: Mutex<BTreeMap<String, u64>>,
    cache: Arc<Cache>,
    stopped: tokio::sync::watch::Sender<bool>,
}

impl Shared {
    /// Shared state with `limiter`, reporting writes to `cache`.
    pub fn new(limiter: RateLimiter, cache: Arc<Cache>) -> Self {
        Self {
            limiter,
            calls: Mutex::new(BTreeMap::new()),
            cache,
            stopped: tokio::sync::watch::channel(false).0,
        }
    }

    /// From now on, send nothing new (see the module doc).
    pub fn stop(&self) {
        self.stopped.send_replace(true);
    }

    /// Whether [`Shared::stop`] was called.
    pub fn is_stopped(&self) -> bool {
        *self.stopped.borrow()
    }

    /// Resolves once [`Shared::stop`] has been called.
    pub async fn stop_requested(&self) {
        let mut rx = self.stopped.subscribe();
        let _ = rx.wait_for(|s| *s).await;
    }

    /// Calls made so far, by `METHOD path-shape`.
    pub fn calls(&self) -> BTreeMap<String, u64> {
        self.calls
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

/// The provider block's HTTP settings: extra certificate authorities and proxies.
#[derive(Debug, Clone, Default)]
pub struct HttpOptions {
    /// PEM certificates to trust besides the system's (`custom_ca_bundle`).
    pub ca_pem: Option<Vec<u8>>,
    /// `http_proxy`, `https_proxy`, `no_proxy`.
    pub proxy: Option<aws_smithy_http_client::proxy::ProxyConfig>,
}

impl HttpOptions {
    /// From the provider settings; an error names what cannot be used.
    pub fn from_settings(settings: &super::Settings) -> Result<Self, String> {
        use aws_smithy_http_client::proxy::ProxyConfig;
        let ca_pem = settings
            .custom_ca_bundle
            .as_ref()
            .map(|path| {
                std::fs::read(path)
                    .map_err(|e| format!("`custom_ca_bundle` {path} cannot be read: {e}"))
            })
            .transpose()?;
        fn bad(name: &'static str) -> impl Fn(aws_smithy_http_client::proxy::ProxyError) -> String {
            move |e| format!("`{name}` is not a usable proxy URL: {e}")
        }
        let proxy = match (&settings.http_proxy, &settings.https_proxy) {
            (None, None) => None,
            (Some(http), Some(https)) if http == https => {
                Some(ProxyConfig::all(http.as_str()).map_err(bad("http_proxy"))?)
            }
            (_, Some(https)) => {
                Some(ProxyConfig::https(https.as_str()).map_err(bad("https_proxy"))?)
            }
            (Some(http), None) => {
                Some(ProxyConfig::http(http.as_str()).map_err(bad("http_proxy"))?)
            }
        };
        let proxy = match (proxy, &settings.no_proxy) {
            (Some(p), Some(rules)) => Some(p.no_proxy(rules)),
            (p, _) => p,
        };
        Ok(Self { ca_pem, proxy })
    }

    fn is_default(&self) -> bool {
        self.ca_pem.is_none() && self.proxy.is_none()
    }
}

/// The wrapping client.
#[derive(Debug, Clone)]
pub struct Governed {
    inner: SharedHttpClient,
    shared: Arc<Shared>,
    attempt_timeout: Option<Duration>,
}

impl Governed {
    /// Wraps the SDK's default HTTPS client (rustls on aws-lc).
    pub fn new(limiter: RateLimiter, cache: Arc<Cache>) -> Self {
        let inner = aws_smithy_http_client::Builder::new()
            .tls_provider(Provider::Rustls(CryptoMode::AwsLc))
            .build_https();
        Self::wrap(inner, limiter, cache)
    }

    /// Like [`Governed::new`], with the provider block's trust store and proxies.
    pub fn with_options(
        limiter: RateLimiter,
        cache: Arc<Cache>,
        options: &HttpOptions,
    ) -> Result<Self, String> {
        if options.is_default() {
            return Ok(Self::new(limiter, cache));
        }
        let mut trust = aws_smithy_http_client::tls::TrustStore::default();
        if let Some(pem) = &options.ca_pem {
            trust = trust.with_pem_certificate(pem.clone());
        }
        let tls = aws_smithy_http_client::tls::TlsContext::builder()
            .with_trust_store(trust)
            .build()
            .map_err(|e| format!("the custom CA bundle cannot be used: {e}"))?;
        let proxy = options.proxy.clone();
        let inner = aws_smithy_http_client::Builder::new().build_with_connector_fn(
            move |settings, _components| {
                let mut builder = aws_smithy_http_client::Connector::builder();
                if let Some(settings) = settings {
                    builder = builder.connector_settings(settings.clone());
                }
                if let Some(proxy) = &proxy {
                    builder = builder.proxy_config(proxy.clone());
                }
                builder
                    .tls_provider(Provider::Rustls(CryptoMode::AwsLc))
                    .tls_context(tls.clone())
                    .build()
            },
        );
        Ok(Self::wrap(inner, limiter, cache))
    }

    /// Wraps any client (tests and benchmarks use an in-process one).
    pub fn wrap(inner: SharedHttpClient, limiter: RateLimiter, cache: Arc<Cache>) -> Self {
        Self {
            inner,
            shared: Arc::new(Shared::new(limiter, cache)),
            attempt_timeout: None,
        }
    }

    /// Bounds each attempt, from sending the request to the last byte of the answer. Past
    /// it the attempt fails as a timeout, which the SDK retries.
    #[must_use]
    pub fn with_attempt_timeout(mut self, limit: Duration) -> Self {
        self.attempt_timeout = Some(limit);
        self
    }

    /// The state shared with its connectors.
    pub fn shared(&self) -> Arc<Shared> {
        Arc::clone(&self.shared)
    }

    /// The sleep the SDK should use: it ends at a stop (see [`StopAwareSleep`]).
    pub fn sleep(&self) -> StopAwareSleep {
        StopAwareSleep(Arc::clone(&self.shared))
    }
}

/// The SDK's sleep for this process: a timer that also ends when Terraform asks the provider
/// to stop. The SDK sleeps in its retry backoff (up to 20 s between attempts), before a
/// connection is established (the connect timeout) and while loading credentials; after a
/// stop none of these waits is worth finishing, since the transport refuses what would
/// follow. The attempt timeout is not among them: [`Governed`] keeps it, so requests on
/// the wire still get their [`STOP_GRACE`].
#[derive(Debug, Clone)]
pub struct StopAwareSleep(Arc<Shared>);

impl AsyncSleep for StopAwareSleep {
    fn sleep(&self, duration: Duration) -> Sleep {
        let shared = Arc::clone(&self.0);
        Sleep::new(async move {
            tokio::select! {
                () = tokio::time::sleep(duration) => {}
                () = shared.stop_requested() => {}
            }
        })
    }
}

impl HttpClient for Governed {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(GovernedConnector {
            inner: self.inner.http_connector(settings, components),
            shared: Arc::clone(&self.shared),
            attempt_timeout: self.attempt_timeout,
        })
    }
}

#[derive(Debug)]
struct GovernedConnector {
    inner: SharedHttpConnector,
    shared: Arc<Shared>,
    attempt_timeout: Option<Duration>,
}

impl HttpConnector for GovernedConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let inner = self.inner.clone();
        let shared = Arc::clone(&self.shared);
        let limit = self.attempt_timeout;
        HttpConnectorFuture::new(async move {
            let method = request.method().to_owned();
            let path = request
                .uri()
                .split('?')
                .next()
                .unwrap_or_default()
                .to_owned();
            let path = path
                .split_once("://")
                .map_or(path.as_str(), |(_, rest)| {
                    rest.find('/').map_or("/", |i| &rest[i..])
                })
                .to_owned();
            let is_write = method != "GET" && method != "HEAD";
            if is_write && let Some(api) = rest_api_of(&path) {
                // Before the write goes out: a snapshot loaded from now on will see it.
                shared.cache.invalidate(api);
            }
            if shared.is_stopped() {
                return Err(cancelled());
            }
            tokio::select! {
                () = shared.limiter.acquire() => {}
                () = shared.stop_requested() => return Err(cancelled()),
            }
            {
                let mut calls = shared
                    .calls
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                *calls
                    .entry(format!("{method} {}", shape(&path)))
                    .or_default() += 1;
            }
            let origin = origin_of(request.uri());
            let mut copy = request.try_clone();
            let mut response = send(&inner, &shared, request, limit).await;
            for delay in REFUSED_RETRY_DELAYS {
                if !response.as_ref().is_err_and(is_refused) {
                    break;
                }
                let Some(again) = copy.take() else { break };
                copy = again.try_clone();
                tracing::debug!(endpoint = %origin, "connection refused; trying again in {delay:?}");
                tokio::select! {
                    () = tokio::time::sleep(delay) => {}
                    () = shared.stop_requested() => return Err(cancelled()),
                }
                response = send(&inner, &shared, again, limit).await;
            }
            if response.as_ref().is_err_and(is_refused) {
                // Not the SDK's transient "io error": retrying for 40 s would not make a
                // closed port open, and its message would not say which address was tried.
                response = Err(ConnectorError::user(Box::new(Unreachable { origin })));
            } else if let Some(detail) = response.as_ref().err().and_then(untrusted_certificate) {
                // Nor would waiting make a certificate trusted.
                response = Err(ConnectorError::user(Box::new(Untrusted { origin, detail })));
            }
            if is_write && let Some(api) = rest_api_of(&path) {
                // And after it: a snapshot loaded while it was in flight may predate it.
                shared.cache.invalidate(api);
            }
            response
        })
    }
}

/// Sends `request` within `limit` (up to the last byte of the answer's body); once a stop is
/// requested it gets [`STOP_GRACE`] to answer.
async fn send(
    inner: &SharedHttpConnector,
    shared: &Shared,
    request: HttpRequest,
    limit: Option<Duration>,
) -> Result<HttpResponse, ConnectorError> {
    let attempt = async {
        let Some(limit) = limit else {
            return inner.call(request).await;
        };
        let deadline = Instant::now() + limit;
        match tokio::time::timeout_at(deadline, inner.call(request)).await {
            // A body still streaming must arrive by the same deadline.
            Ok(response) => response.map(|r| {
                r.map(move |body| match body.bytes() {
                    Some(_) => body,
                    None => SdkBody::from_body_1_x(Deadline::new(body, deadline, limit)),
                })
            }),
            Err(_) => Err(ConnectorError::timeout(Box::new(TimedOut(limit)))),
        }
    };
    tokio::select! {
        response = attempt => response,
        () = async {
            shared.stop_requested().await;
            tokio::time::sleep(STOP_GRACE).await;
        } => Err(cancelled()),
    }
}

/// An attempt that got no (whole) answer within the attempt timeout.
#[derive(Debug)]
pub struct TimedOut(pub Duration);

impl std::fmt::Display for TimedOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the request timed out: no answer within {:?} (the attempt timeout)",
            self.0
        )
    }
}

impl std::error::Error for TimedOut {}

/// An answer's body that must be complete by the attempt's deadline.
struct Deadline {
    inner: SdkBody,
    timer: Pin<Box<tokio::time::Sleep>>,
    limit: Duration,
}

impl Deadline {
    fn new(inner: SdkBody, deadline: Instant, limit: Duration) -> Self {
        Self {
            inner,
            timer: Box::pin(tokio::time::sleep_until(deadline)),
            limit,
        }
    }
}

impl Body for Deadline {
    type Data = Bytes;
    type Error = aws_smithy_runtime_api::box_error::BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Poll::Ready(frame) = Pin::new(&mut self.inner).poll_frame(cx) {
            return Poll::Ready(frame);
        }
        if self.timer.as_mut().poll(cx).is_ready() {
            let limit = self.limit;
            return Poll::Ready(Some(Err(Box::new(TimedOut(limit)))));
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// The error for a request not sent (or abandoned) because of a stop; a "user" error, so the
/// SDK does not retry it.
pub fn cancelled() -> ConnectorError {
    ConnectorError::user(CANCELLED.into())
}

/// Waits before the retries of a refused connection (an endpoint restarting, or a load
/// balancer swapping targets). Together they stay well within the 5 s a user should wait to
/// learn that nothing listens at the endpoint.
pub const REFUSED_RETRY_DELAYS: [Duration; 2] =
    [Duration::from_millis(500), Duration::from_millis(1500)];

/// Nothing accepts connections at the endpoint: the error a request ends with after
/// [`REFUSED_RETRY_DELAYS`], naming the address it tried and what to check.
#[derive(Debug)]
pub struct Unreachable {
    /// `scheme://host[:port]` of the request.
    pub origin: String,
}

impl std::fmt::Display for Unreachable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "cannot connect to {}: connection refused (nothing is listening there). Check the \
             provider's `endpoint` argument (or AWS_ENDPOINT_URL) and that the service is running",
            self.origin
        )
    }
}

impl std::error::Error for Unreachable {}

/// A TLS certificate the client does not trust: no error to retry, and one the user can
/// mend (`custom_ca_bundle`).
#[derive(Debug)]
pub struct Untrusted {
    /// `scheme://host[:port]` of the request.
    pub origin: String,
    /// What rustls found wrong with the certificate.
    pub detail: String,
}

impl std::fmt::Display for Untrusted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the TLS certificate of {} is not trusted ({}). If a private certificate authority \
             signed it, set the provider's `custom_ca_bundle` (or AWS_CA_BUNDLE) to the PEM file \
             of that authority",
            self.origin, self.detail
        )
    }
}

impl std::error::Error for Untrusted {}

/// What rustls found wrong with the server's certificate, when that is why a connection failed
/// (a `rustls::Error::InvalidCertificate` somewhere in the chain, perhaps inside an
/// `io::Error`).
fn untrusted_certificate(err: &ConnectorError) -> Option<String> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = source {
        let tls = e.downcast_ref::<rustls::Error>().or_else(|| {
            e.downcast_ref::<std::io::Error>()
                .and_then(std::io::Error::get_ref)
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        });
        if let Some(tls @ rustls::Error::InvalidCertificate(_)) = tls {
            return Some(tls.to_string());
        }
        // The TLS connector may keep only rustls's message.
        let text = e.to_string();
        if let Some(at) = text.find("invalid peer certificate") {
            return Some(text[at..].to_owned());
        }
        source = e.source();
    }
    None
}

/// Whether a connector error is a refused TCP connection (an `io::Error` of kind
/// `ConnectionRefused` somewhere in its chain).
fn is_refused(err: &ConnectorError) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = source {
        if e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::ConnectionRefused)
        {
            return true;
        }
        source = e.source();
    }
    false
}

/// `scheme://authority` of a request URI.
fn origin_of(uri: &str) -> String {
    match uri.split_once("://") {
        Some((scheme, rest)) => {
            let authority = rest.split(['/', '?']).next().unwrap_or_default();
            format!("{scheme}://{authority}")
        }
        None => uri.to_owned(),
    }
}

/// The REST API id in `/restapis/{id}/...`.
pub fn rest_api_of(path: &str) -> Option<&str> {
    path.strip_prefix("/restapis/")?
        .split('/')
        .next()
        .filter(|s| !s.is_empty())
}

/// The path with ids replaced by `{}` (for counting calls by operation).
fn shape(path: &str) -> String {
    let mut out = String::new();
    let mut prev = "";
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        out.push('/');
        let named = matches!(
            seg,
            "restapis" | "resources" | "methods" | "responses" | "integration" | "gatewayresponses"
        );
        out.push_str(if named || prev.is_empty() { seg } else { "{}" });
        prev = seg;
    }
    if out.is_empty() { "/".to_owned() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// rustls's certificate verdict is found inside the connector's `io::Error` and named;
    /// other failures are not taken for it.
    #[test]
    fn an_untrusted_certificate_is_recognised_in_the_error_chain() {
        let tls = rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer);
        let err = ConnectorError::io(Box::new(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            tls,
        )));
        let detail = untrusted_certificate(&err).unwrap();
        assert!(detail.contains("UnknownIssuer"), "{detail}");
        let message = Untrusted {
            origin: "https://127.0.0.1:1".into(),
            detail,
        }
        .to_string();
        assert!(message.contains("custom_ca_bundle"), "{message}");
        let other = ConnectorError::io(Box::new(std::io::Error::from(
            std::io::ErrorKind::ConnectionReset,
        )));
        assert_eq!(untrusted_certificate(&other), None);
        let as_text = ConnectorError::io(Box::new(std::io::Error::other(
            "TLS handshake failed: invalid peer certificate: UnknownIssuer",
        )));
        assert_eq!(
            untrusted_certificate(&as_text).as_deref(),
            Some("invalid peer certificate: UnknownIssuer")
        );
    }

    #[test]
    fn paths_name_their_api_and_shape() {
        assert_eq!(
            rest_api_of("/restapis/abc/resources/r1/methods/GET"),
            Some("abc")
        );
        assert_eq!(rest_api_of("/restapis"), None);
        assert_eq!(
            shape("/restapis/abc/resources/r1/methods/GET"),
            "/restapis/{}/resources/{}/methods/{}"
        );
        assert_eq!(
            shape("/restapis/abc/gatewayresponses/DEFAULT_4XX"),
            "/restapis/{}/gatewayresponses/{}"
        );
    }

    /// An HTTP connector whose requests never get an answer, counting what was sent.
    #[derive(Debug, Clone, Default)]
    struct Silent(Arc<std::sync::atomic::AtomicUsize>);

    impl HttpConnector for Silent {
        fn call(&self, _request: HttpRequest) -> HttpConnectorFuture {
            self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            HttpConnectorFuture::new(std::future::pending())
        }
    }

    /// A governed connector around `inner`, and the state it shares.
    fn governed(
        inner: impl HttpConnector + 'static,
        limiter: RateLimiter,
        attempt_timeout: Option<Duration>,
    ) -> (GovernedConnector, Arc<Shared>) {
        let shared = Arc::new(Shared::new(limiter, Arc::new(Cache::new())));
        let connector = GovernedConnector {
            inner: SharedHttpConnector::new(inner),
            shared: Arc::clone(&shared),
            attempt_timeout,
        };
        (connector, shared)
    }

    fn request() -> HttpRequest {
        let mut r = HttpRequest::empty();
        r.set_uri("http://localhost/restapis/a1/resources").unwrap();
        r
    }

    #[tokio::test(start_paused = true)]
    async fn after_a_stop_nothing_is_sent_and_requests_on_the_wire_get_the_grace() {
        let silent = Silent::default();
        let (connector, shared) = governed(silent.clone(), RateLimiter::new(0.0, 1.0), None);
        let in_flight = tokio::spawn(connector.call(request()));
        tokio::time::sleep(Duration::from_millis(10)).await;
        assert_eq!(
            silent.0.load(std::sync::atomic::Ordering::SeqCst),
            1,
            "sent"
        );
        let stopped_at = Instant::now();
        shared.stop();
        let err = in_flight.await.unwrap().unwrap_err();
        assert!(err.is_user(), "not retried by the SDK: {err}");
        let source = std::error::Error::source(&err)
            .map(ToString::to_string)
            .unwrap_or_default();
        assert_eq!(source, CANCELLED);
        let waited = stopped_at.elapsed();
        assert!(
            waited >= STOP_GRACE && waited < STOP_GRACE + Duration::from_millis(50),
            "{waited:?}"
        );
        // Nothing new goes out.
        assert!(connector.call(request()).await.is_err());
        assert_eq!(
            silent.0.load(std::sync::atomic::Ordering::SeqCst),
            1,
            "not sent"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_stop_during_a_limiter_wait_refuses_the_request_at_once() {
        let silent = Silent::default();
        let (connector, shared) = governed(silent.clone(), RateLimiter::new(0.1, 1.0), None);
        // The one token goes to the first request; the second waits about 10 s for the next.
        let _first = tokio::spawn(connector.call(request()));
        let second = tokio::spawn(connector.call(request()));
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(silent.0.load(std::sync::atomic::Ordering::SeqCst), 1);
        let stopped_at = Instant::now();
        shared.stop();
        let err = second.await.unwrap().unwrap_err();
        assert_eq!(Instant::now(), stopped_at, "refused without waiting");
        let source = std::error::Error::source(&err)
            .map(ToString::to_string)
            .unwrap_or_default();
        assert_eq!(source, CANCELLED);
        assert_eq!(
            silent.0.load(std::sync::atomic::Ordering::SeqCst),
            1,
            "the waiting request was never sent"
        );
    }

    /// An API Gateway that answers every request 500, counting them.
    #[derive(Debug, Clone, Default)]
    struct Failing(Arc<std::sync::atomic::AtomicUsize>);

    impl HttpConnector for Failing {
        fn call(&self, _request: HttpRequest) -> HttpConnectorFuture {
            self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let status = aws_smithy_runtime_api::http::StatusCode::try_from(500_u16).unwrap();
            HttpConnectorFuture::ready(Ok(HttpResponse::new(
                status,
                SdkBody::from(r#"{"message":"internal failure"}"#),
            )))
        }
    }

    impl HttpClient for Failing {
        fn http_connector(
            &self,
            _settings: &HttpConnectorSettings,
            _components: &RuntimeComponents,
        ) -> SharedHttpConnector {
            SharedHttpConnector::new(self.clone())
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_stop_during_the_sdks_retry_backoff_ends_the_wait_at_once() {
        let failing = Failing::default();
        let cache = Arc::new(Cache::new());
        let http = Governed::wrap(
            SharedHttpClient::new(failing.clone()),
            RateLimiter::new(0.0, 1.0),
            Arc::clone(&cache),
        );
        let settings = crate::aws::Settings {
            region: Some("us-east-1".into()),
            endpoint: Some("http://127.0.0.1:9".into()),
            access_key: Some("test".into()),
            secret_key: Some("test".into()),
            // Enough retries that the backoffs (up to 20 s each) outlast the stop below.
            max_retries: Some(30),
            ..crate::aws::Settings::default()
        };
        let aws = crate::aws::Aws::connect_with(&settings, http, cache)
            .await
            .unwrap();
        let client = aws.client.clone();
        let op = tokio::spawn(async move { client.get_rest_api().rest_api_id("a1").send().await });
        tokio::time::sleep(Duration::from_secs(10)).await;
        let sent = failing.0.load(std::sync::atomic::Ordering::SeqCst);
        assert!(sent >= 1, "the SDK is retrying 500s");
        let stopped_at = Instant::now();
        aws.transport.stop();
        let err = crate::aws::AwsError::from(op.await.unwrap().unwrap_err());
        assert_eq!(
            Instant::now(),
            stopped_at,
            "the backoff ended at the stop, not at its own end"
        );
        assert_eq!(err.message, CANCELLED, "{err:?}");
        assert_eq!(
            failing.0.load(std::sync::atomic::Ordering::SeqCst),
            sent,
            "nothing was sent after the stop"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn an_attempt_without_an_answer_times_out_and_says_so() {
        let silent = Silent::default();
        let (connector, _) = governed(
            silent.clone(),
            RateLimiter::new(0.0, 1.0),
            Some(Duration::from_millis(500)),
        );
        let started = Instant::now();
        let err = connector.call(request()).await.unwrap_err();
        assert_eq!(started.elapsed(), Duration::from_millis(500));
        assert!(err.is_timeout(), "retried by the SDK as a timeout: {err:?}");
        let text = std::error::Error::source(&err)
            .map(ToString::to_string)
            .unwrap_or_default();
        assert_eq!(
            text,
            "the request timed out: no answer within 500ms (the attempt timeout)"
        );
    }

    /// An HTTP connector whose connections are all refused, counting the attempts.
    #[derive(Debug, Clone, Default)]
    struct Refusing(Arc<std::sync::atomic::AtomicUsize>);

    impl HttpConnector for Refusing {
        fn call(&self, _request: HttpRequest) -> HttpConnectorFuture {
            self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
            HttpConnectorFuture::ready(Err(ConnectorError::io(Box::new(refused))))
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_refused_connection_fails_quickly_naming_the_endpoint_and_is_not_retried_by_the_sdk()
    {
        let refusing = Refusing::default();
        let (connector, _) = governed(refusing.clone(), RateLimiter::new(0.0, 1.0), None);
        let started = Instant::now();
        let err = connector.call(request()).await.unwrap_err();
        let took = started.elapsed();
        assert_eq!(
            refusing.0.load(std::sync::atomic::Ordering::SeqCst),
            1 + REFUSED_RETRY_DELAYS.len(),
            "the first attempt and its quick retries"
        );
        let total: Duration = REFUSED_RETRY_DELAYS.iter().sum();
        assert!(took >= total && took < Duration::from_secs(5), "{took:?}");
        assert!(
            err.is_user(),
            "the SDK's own retries must not start: {err:?}"
        );
        let text = std::error::Error::source(&err)
            .map(ToString::to_string)
            .unwrap_or_default();
        assert!(
            text.contains("cannot connect to http://localhost: connection refused")
                && text.contains("`endpoint`"),
            "{text}"
        );
    }

    #[test]
    fn origins_keep_scheme_host_and_port() {
        assert_eq!(
            origin_of("http://127.0.0.1:4566/restapis/a?limit=500"),
            "http://127.0.0.1:4566"
        );
        assert_eq!(
            origin_of("https://apigateway.eu-west-1.amazonaws.com/restapis"),
            "https://apigateway.eu-west-1.amazonaws.com"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_bucket_allows_the_burst_then_the_rate() {
        let limiter = RateLimiter::new(10.0, 40.0);
        let start = Instant::now();
        for _ in 0..40 {
            limiter.acquire().await;
        }
        assert!(
            start.elapsed() < Duration::from_millis(5),
            "the burst is immediate"
        );
        // 40 more at 10/s take about 4 s.
        for _ in 0..40 {
            limiter.acquire().await;
        }
        let took = start.elapsed().as_secs_f64();
        assert!((3.8..4.5).contains(&took), "{took}");
    }

    /// `http_proxy`: every call goes through the proxy (a request in absolute form), and the
    /// provider block's bad values are errors that name them.
    #[tokio::test]
    async fn calls_go_through_the_configured_proxy() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let proxy = format!("http://{}", listener.local_addr().unwrap());
        let seen = tokio::spawn(async move {
            let (mut sock, _) = listener.accept().await.unwrap();
            let mut buf = vec![0u8; 4096];
            let n = sock.read(&mut buf).await.unwrap();
            let body = r#"{"item":[]}"#;
            let reply = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            sock.write_all(reply.as_bytes()).await.unwrap();
            String::from_utf8_lossy(&buf[..n]).into_owned()
        });
        let settings = crate::aws::Settings {
            region: Some("us-east-1".into()),
            endpoint: Some("http://apigateway.example.invalid:4566".into()),
            access_key: Some("test".into()),
            secret_key: Some("test".into()),
            http_proxy: Some(proxy),
            max_retries: Some(0),
            ..crate::aws::Settings::default()
        };
        let aws = crate::aws::Aws::connect(&settings).await.unwrap();
        let out = aws.client.get_rest_apis().send().await.unwrap();
        assert!(out.items().is_empty());
        let request = seen.await.unwrap();
        assert!(
            request.starts_with("GET http://apigateway.example.invalid:4566/restapis"),
            "{request}"
        );

        let bad = |f: fn(&mut crate::aws::Settings)| {
            let mut s = crate::aws::Settings::default();
            f(&mut s);
            HttpOptions::from_settings(&s).unwrap_err()
        };
        assert!(
            bad(|s| s.custom_ca_bundle = Some("/nonexistent/ca.pem".into()))
                .contains("custom_ca_bundle")
        );
        assert!(bad(|s| s.https_proxy = Some("not a url".into())).contains("https_proxy"));
    }

    /// `skip_requesting_account_id`: the account is empty, and STS is never asked.
    #[tokio::test]
    async fn skipping_the_account_id_asks_nothing() {
        let settings = crate::aws::Settings {
            region: Some("us-east-1".into()),
            endpoint: Some("http://127.0.0.1:9".into()),
            access_key: Some("test".into()),
            secret_key: Some("test".into()),
            skip_requesting_account_id: true,
            ..crate::aws::Settings::default()
        };
        let aws = crate::aws::Aws::connect(&settings).await.unwrap();
        assert_eq!(aws.account_id().await.unwrap(), "");
    }
}
