//! End-to-end tests of the proxy, in-process: a tiny hyper upstream that echoes
//! requests as JSON, the proxy in front of it, and a raw HTTP/1.1 client.

// Test helpers outside `#[test]` functions panic on setup failures by design.
#![allow(clippy::unwrap_used)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use apigw_proxy::{Config, FaultConfig, Handle, Operation, Stats, WriteOverlap};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::HeaderMap;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;

const AUTH: &str = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/apigateway/aws4_request, SignedHeaders=host, Signature=0";

/// The fake upstream: answers every request 200 with a JSON echo of it, except
/// `?status=N`, which it answers with status N. Counts the requests it sees. A request
/// with `?hold` is answered only once the test calls [`Upstream::release`].
struct Upstream {
    addr: SocketAddr,
    hits: Arc<AtomicU64>,
    gate: Arc<Semaphore>,
}

impl Upstream {
    async fn start() -> Upstream {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let hits = Arc::new(AtomicU64::new(0));
        let gate = Arc::new(Semaphore::new(0));
        let counter = Arc::clone(&hits);
        let held = Arc::clone(&gate);
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let counter = Arc::clone(&counter);
                let held = Arc::clone(&held);
                tokio::spawn(async move {
                    let service = service_fn(move |req: Request<Incoming>| {
                        counter.fetch_add(1, Ordering::SeqCst);
                        let hold = req.uri().query() == Some("hold");
                        let held = Arc::clone(&held);
                        async move {
                            if hold {
                                held.acquire().await.unwrap().forget();
                            }
                            echo(req).await
                        }
                    });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Upstream { addr, hits, gate }
    }

    fn hits(&self) -> u64 {
        self.hits.load(Ordering::SeqCst)
    }

    /// Waits until the upstream has seen `n` requests in all.
    async fn wait_for_hits(&self, n: u64) {
        tokio::time::timeout(Duration::from_secs(5), async {
            while self.hits() < n {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
        .await
        .unwrap_or_else(|_| panic!("the upstream saw {} requests, not {n}", self.hits()));
    }

    /// Lets one held request be answered.
    fn release(&self) {
        self.gate.add_permits(1);
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

async fn echo(req: Request<Incoming>) -> Result<Response<Full<Bytes>>, hyper::Error> {
    let (parts, body) = req.into_parts();
    let body = body.collect().await?.to_bytes();
    let headers: serde_json::Map<String, Value> = parts
        .headers
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v.to_str().unwrap_or("?"))))
        .collect();
    let status = parts
        .uri
        .query()
        .and_then(|q| q.strip_prefix("status="))
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let echo = json!({
        "method": parts.method.as_str(),
        "path": parts.uri.path(),
        "query": parts.uri.query(),
        "headers": headers,
        "body": String::from_utf8_lossy(&body),
    });
    let mut resp = Response::new(Full::new(Bytes::from(echo.to_string())));
    *resp.status_mut() = StatusCode::from_u16(status).unwrap();
    resp.headers_mut()
        .insert("content-type", "application/json".parse().unwrap());
    resp.headers_mut()
        .insert("x-amzn-requestid", "upstream-req-1".parse().unwrap());
    Ok(resp)
}

/// One response as the client saw it.
#[derive(Debug)]
struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }
}

/// Sends one request on a fresh connection (so an injected reset cannot affect
/// other requests). `Err` when the connection ended without a response.
async fn send(
    addr: SocketAddr,
    method: &str,
    target: &str,
    body: &str,
) -> Result<Reply, hyper::Error> {
    let stream = TcpStream::connect(addr).await.unwrap();
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap();
    tokio::spawn(conn);
    let req = Request::builder()
        .method(method)
        .uri(target)
        .header("host", addr.to_string())
        .header("authorization", AUTH)
        .header("content-type", "application/x-amz-json-1.1")
        .body(Full::new(Bytes::from(body.to_owned())))
        .unwrap();
    let resp = sender.send_request(req).await?;
    let (parts, body) = resp.into_parts();
    Ok(Reply {
        status: parts.status,
        headers: parts.headers,
        body: body.collect().await?.to_bytes(),
    })
}

async fn ok(addr: SocketAddr, method: &str, target: &str, body: &str) -> Reply {
    send(addr, method, target, body).await.unwrap()
}

async fn proxy(upstream: &Upstream, rate: f64, burst: u32) -> Handle {
    apigw_proxy::serve(Config {
        upstream: upstream.url().parse().unwrap(),
        rate,
        burst,
        ..Config::default()
    })
    .await
    .unwrap()
}

async fn http_stats(addr: SocketAddr) -> Stats {
    let reply = ok(addr, "GET", "/_proxy/stats", "").await;
    assert_eq!(reply.status, StatusCode::OK);
    serde_json::from_slice(&reply.body).unwrap()
}

#[tokio::test]
async fn forwards_requests_and_responses_unchanged() {
    let upstream = Upstream::start().await;
    let proxy = proxy(&upstream, 0.0, 0).await;
    let addr = proxy.addr;

    let reply = ok(addr, "POST", "/restapis?x=1&y=two", r#"{"name":"x"}"#).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("x-amzn-requestid"), Some("upstream-req-1"));
    assert_eq!(reply.header(apigw_proxy::GENERATED_HEADER), None);
    let echo = reply.json();
    assert_eq!(echo["method"], "POST");
    assert_eq!(echo["path"], "/restapis");
    assert_eq!(echo["query"], "x=1&y=two");
    assert_eq!(echo["body"], r#"{"name":"x"}"#);
    assert_eq!(echo["headers"]["authorization"], AUTH);
    assert_eq!(
        echo["headers"]["content-type"],
        "application/x-amz-json-1.1"
    );
    // The Host header the client signed stays as it was.
    assert_eq!(echo["headers"]["host"], addr.to_string());

    // Upstream errors come back as they are.
    let reply = ok(addr, "GET", "/restapis/nope?status=404", "").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.json()["path"], "/restapis/nope");

    let reply = ok(addr, "PUT", "/restapis/a1/resources/r1/methods/GET", "{}").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["method"], "PUT");
    assert_eq!(upstream.hits(), 3);

    // Stats, in-process and over HTTP (the stats request itself is not counted).
    let stats = proxy.stats();
    assert_eq!(http_stats(addr).await, stats);
    assert_eq!(stats.requests, 3);
    assert_eq!(stats.forwarded, 3);
    assert_eq!(stats.throttled, 0);
    assert_eq!(stats.upstream_errors, 0);
    assert_eq!(stats.operation(Operation::CreateRestApi), 1);
    assert_eq!(stats.operation(Operation::GetRestApi), 1);
    assert_eq!(stats.operation(Operation::PutMethod), 1);
    assert_eq!(stats.status(200), 2);
    assert_eq!(stats.status(404), 1);
    assert_eq!(stats.operation_status["GetRestApi"]["404"], 1);
    assert_eq!(stats.faults.total(), 0);

    // Reset returns the counters and zeroes them.
    let reply = ok(addr, "POST", "/_proxy/reset", "").await;
    let before: Stats = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(before, stats);
    assert_eq!(proxy.stats(), Stats::default());

    ok(addr, "GET", "/restapis/a1/gatewayresponses", "").await;
    let stats = proxy.shutdown().await;
    assert_eq!(stats.operation(Operation::GetGatewayResponses), 1);
    assert_eq!(stats.requests, 1);
    // The proxy is gone.
    assert!(TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn throttles_past_the_burst_like_api_gateway() {
    let upstream = Upstream::start().await;
    // A negligible refill rate: only the burst gets through during the test.
    let proxy = proxy(&upstream, 0.001, 5).await;
    let addr = proxy.addr;

    let mut statuses = Vec::new();
    for i in 0..8 {
        let reply = ok(
            addr,
            "PUT",
            &format!("/restapis/a1/resources/r{i}/methods/GET"),
            "{}",
        )
        .await;
        statuses.push(reply.status.as_u16());
        if reply.status == StatusCode::TOO_MANY_REQUESTS {
            assert_eq!(
                reply.header("x-amzn-errortype"),
                Some("TooManyRequestsException")
            );
            assert_eq!(reply.header("content-type"), Some("application/json"));
            assert!(reply.header("x-amzn-requestid").is_some());
            assert_eq!(
                reply.header(apigw_proxy::GENERATED_HEADER),
                Some("throttled")
            );
            assert_eq!(&reply.body[..], br#"{"message":"Too Many Requests"}"#);
        }
    }
    assert_eq!(statuses, [200, 200, 200, 200, 200, 429, 429, 429]);
    // Throttled requests never reached the upstream.
    assert_eq!(upstream.hits(), 5);

    let stats = proxy.stats();
    assert_eq!(stats.requests, 8);
    assert_eq!(stats.forwarded, 5);
    assert_eq!(stats.throttled, 3);
    assert_eq!(stats.status(429), 3);
    assert_eq!(stats.operation(Operation::PutMethod), 8);
    assert_eq!(stats.operation_status["PutMethod"]["429"], 3);
    assert_eq!(
        stats.faults.throttle429, 0,
        "bucket 429s are not injected faults"
    );

    // Control endpoints are never throttled, and a reset refills the bucket.
    ok(addr, "POST", "/_proxy/reset", "").await;
    for _ in 0..5 {
        assert_eq!(
            ok(addr, "GET", "/restapis", "").await.status,
            StatusCode::OK
        );
    }
    assert_eq!(ok(addr, "GET", "/restapis", "").await.status, 429);
}

#[tokio::test]
async fn refills_at_the_configured_rate() {
    let upstream = Upstream::start().await;
    // 2/s: a token every 500 ms, long enough that the second request surely
    // arrives before the refill even on a loaded machine.
    let proxy = proxy(&upstream, 2.0, 1).await;
    let addr = proxy.addr;
    assert_eq!(ok(addr, "GET", "/restapis", "").await.status, 200);
    assert_eq!(ok(addr, "GET", "/restapis", "").await.status, 429);
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(ok(addr, "GET", "/restapis", "").await.status, 200);
}

#[tokio::test]
async fn injects_configured_faults() {
    let upstream = Upstream::start().await;
    let proxy = proxy(&upstream, 0.0, 0).await;
    let addr = proxy.addr;

    // 409 on PutMethod only, configured over HTTP.
    let reply = ok(
        addr,
        "POST",
        "/_proxy/faults",
        r#"{"conflict409":1,"operations":["PutMethod"],"seed":3}"#,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["conflict409"], 1.0);
    assert_eq!(reply.json()["seed"], 3);
    let reply = ok(addr, "PUT", "/restapis/a1/resources/r1/methods/GET", "{}").await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.header("x-amzn-errortype"), Some("ConflictException"));
    assert_eq!(
        reply.header(apigw_proxy::GENERATED_HEADER),
        Some("fault=conflict409")
    );
    assert_eq!(
        reply.json(),
        json!({"message": "Unable to complete operation due to concurrent modification. Please try again later."})
    );
    let reply = ok(
        addr,
        "PUT",
        "/restapis/a1/resources/r1/methods/GET/integration",
        "{}",
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "other operations are not affected"
    );
    assert_eq!(upstream.hits(), 1);

    // Connection reset: no response at all.
    ok(addr, "POST", "/_proxy/faults", r#"{"reset":1}"#).await;
    let err = send(addr, "GET", "/restapis", "").await.unwrap_err();
    assert!(err.is_incomplete_message() || err.is_closed(), "{err:?}");

    // 500 and 503 on writes only, configured in-process.
    proxy
        .set_faults(FaultConfig {
            error500: 1.0,
            writes_only: true,
            ..FaultConfig::default()
        })
        .unwrap();
    assert_eq!(ok(addr, "GET", "/restapis/a1", "").await.status, 200);
    let reply = ok(addr, "DELETE", "/restapis/a1", "").await;
    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(reply.header("x-amzn-errortype").is_some());
    assert!(reply.json()["message"].is_string());
    proxy
        .set_faults(FaultConfig {
            error503: 1.0,
            ..FaultConfig::default()
        })
        .unwrap();
    let reply = ok(addr, "GET", "/restapis", "").await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        reply.header("x-amzn-errortype"),
        Some("ServiceUnavailableException")
    );

    // Injected 429s look exactly like the bucket's.
    proxy
        .set_faults(FaultConfig {
            throttle429: 1.0,
            ..FaultConfig::default()
        })
        .unwrap();
    let reply = ok(addr, "PATCH", "/restapis/a1", "{}").await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        reply.header("x-amzn-errortype"),
        Some("TooManyRequestsException")
    );
    assert_eq!(&reply.body[..], br#"{"message":"Too Many Requests"}"#);

    // Stall, then forward.
    ok(
        addr,
        "POST",
        "/_proxy/faults",
        r#"{"stall":1,"stall_ms":200}"#,
    )
    .await;
    let started = Instant::now();
    assert_eq!(ok(addr, "GET", "/restapis", "").await.status, 200);
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "{:?}",
        started.elapsed()
    );

    // Invalid configurations are refused and leave the old one in force.
    let reply = ok(addr, "POST", "/_proxy/faults", r#"{"error500":2}"#).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(
        reply.json()["message"]
            .as_str()
            .unwrap()
            .contains("error500")
    );
    let reply = ok(addr, "GET", "/_proxy/faults", "").await;
    assert_eq!(reply.json()["stall_ms"], 200);

    // Clearing.
    ok(addr, "POST", "/_proxy/faults", "{}").await;
    assert_eq!(ok(addr, "DELETE", "/restapis/a1", "").await.status, 200);

    let stats = proxy.stats();
    assert_eq!(stats.faults.conflict409, 1);
    assert_eq!(stats.faults.reset, 1);
    assert_eq!(stats.faults.error500, 1);
    assert_eq!(stats.faults.error503, 1);
    assert_eq!(stats.faults.throttle429, 1);
    assert_eq!(stats.faults.stall, 1);
    assert_eq!(stats.throttled, 0);
    assert_eq!(stats.status(409), 1);
    assert_eq!(stats.requests, 9);
    // Forwarded: integration PUT, GET a1, stalled GET, final DELETE.
    assert_eq!(stats.forwarded, 4);
    assert_eq!(upstream.hits(), 4);
}

/// Sends a request in the background, returning its status.
fn spawn_send(
    addr: SocketAddr,
    method: &'static str,
    target: &'static str,
) -> tokio::task::JoinHandle<u16> {
    tokio::spawn(async move { ok(addr, method, target, "{}").await.status.as_u16() })
}

#[tokio::test]
async fn conflicts_when_concurrent_hit_only_overlapping_writes() {
    let upstream = Upstream::start().await;
    let proxy = proxy(&upstream, 0.0, 0).await;
    let addr = proxy.addr;
    let reply = ok(
        addr,
        "POST",
        "/_proxy/faults",
        r#"{"conflict409":1,"conflict409_when_concurrent":true}"#,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["conflict409_when_concurrent"], true);

    // Writes one after the other never conflict, even with probability 1.
    for target in [
        "/restapis/a1/resources/r1/methods/GET",
        "/restapis/a1/resources/r1/methods/GET/responses/200",
        "/restapis/a1",
    ] {
        assert_eq!(ok(addr, "PUT", target, "{}").await.status, 200, "{target}");
    }
    assert_eq!(proxy.stats().faults.conflict409, 0);
    assert_eq!(proxy.stats().write_overlap.max, 1);

    // A write held upstream: API a1 is busy.
    let held = spawn_send(addr, "PUT", "/restapis/a1/resources/r1/methods/GET?hold");
    upstream.wait_for_hits(4).await;
    // Another write to a1 conflicts, and is not forwarded.
    let reply = ok(
        addr,
        "PUT",
        "/restapis/a1/resources/r2/methods/GET/responses/200",
        "{}",
    )
    .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.header("x-amzn-errortype"), Some("ConflictException"));
    assert_eq!(
        reply.header(apigw_proxy::GENERATED_HEADER),
        Some("fault=conflict409")
    );
    assert_eq!(
        reply.json()["message"],
        apigw_proxy::CONFLICT_MESSAGE,
        "the message the provider retries"
    );
    assert_eq!(
        ok(addr, "DELETE", "/restapis/a1/resources/r3", "")
            .await
            .status,
        409
    );
    // Reads of a1, writes to another API and writes outside any API go through.
    assert_eq!(
        ok(addr, "GET", "/restapis/a1/resources", "").await.status,
        200
    );
    assert_eq!(
        ok(addr, "PUT", "/restapis/b2/resources/r1/methods/GET", "{}")
            .await
            .status,
        200
    );
    assert_eq!(ok(addr, "POST", "/restapis", "{}").await.status, 200);
    assert_eq!(upstream.hits(), 7, "the two conflicts were not forwarded");

    upstream.release();
    assert_eq!(held.await.unwrap(), 200);
    // a1 is free again.
    assert_eq!(
        ok(addr, "PATCH", "/restapis/a1/resources/r1", "{}")
            .await
            .status,
        200
    );

    let stats = proxy.stats();
    assert_eq!(stats.faults.conflict409, 2);
    assert_eq!(stats.status(409), 2);
    assert_eq!(
        stats.operation_status["PutMethodResponse"]["409"], 1,
        "{stats:?}"
    );
    assert_eq!(stats.operation_status["DeleteResource"]["409"], 1);
    // The held write and each conflicting one: two writes to a1 at once.
    assert_eq!(stats.write_overlap.max, 2);
    assert_eq!(stats.write_overlap.max_for(Operation::PutMethod), 1);
    assert_eq!(stats.write_overlap.max_for(Operation::PutMethodResponse), 1);

    // Without the mode, the same configuration conflicts every write.
    proxy
        .set_faults(FaultConfig {
            conflict409: 1.0,
            ..FaultConfig::default()
        })
        .unwrap();
    assert_eq!(ok(addr, "PATCH", "/restapis/a1", "{}").await.status, 409);
}

#[tokio::test]
async fn a_conflict_probability_below_one_still_applies_to_overlapping_writes() {
    let upstream = Upstream::start().await;
    let proxy = proxy(&upstream, 0.0, 0).await;
    let addr = proxy.addr;
    proxy
        .set_faults(FaultConfig {
            conflict409: 0.5,
            conflict409_when_concurrent: true,
            seed: Some(7),
            ..FaultConfig::default()
        })
        .unwrap();
    let held = spawn_send(addr, "PUT", "/restapis/a1/resources/r1/methods/GET?hold");
    upstream.wait_for_hits(1).await;
    let mut statuses = Vec::new();
    for _ in 0..32 {
        statuses.push(
            ok(addr, "PATCH", "/restapis/a1/resources/r1", "{}")
                .await
                .status
                .as_u16(),
        );
    }
    upstream.release();
    assert_eq!(held.await.unwrap(), 200);
    assert!(
        statuses.contains(&200) && statuses.contains(&409),
        "{statuses:?}"
    );
    let conflicts = statuses.iter().filter(|&&s| s == 409).count() as u64;
    assert_eq!(proxy.stats().faults.conflict409, conflicts);
}

#[tokio::test]
async fn records_the_largest_overlap_of_writes_to_one_api() {
    let upstream = Upstream::start().await;
    let proxy = proxy(&upstream, 0.0, 0).await;
    let addr = proxy.addr;
    assert_eq!(proxy.stats().write_overlap, WriteOverlap::default());

    // Three method-response writes and a method write to a1 held at once, one write to b2.
    let targets = [
        (
            "PUT",
            "/restapis/a1/resources/r1/methods/GET/responses/200?hold",
        ),
        (
            "PATCH",
            "/restapis/a1/resources/r1/methods/GET/responses/400?hold",
        ),
        (
            "DELETE",
            "/restapis/a1/resources/r2/methods/GET/responses/500?hold",
        ),
        ("PUT", "/restapis/a1/resources/r1/methods/POST?hold"),
        ("PUT", "/restapis/b2/resources/r1/methods/GET?hold"),
        // Reads and CreateRestApi are not writes to one API.
        ("GET", "/restapis/a1/resources?hold"),
        ("POST", "/restapis?hold"),
    ];
    let pending: Vec<_> = targets
        .iter()
        .map(|&(method, target)| spawn_send(addr, method, target))
        .collect();
    upstream.wait_for_hits(targets.len() as u64).await;
    let during = proxy.stats();
    for _ in &targets {
        upstream.release();
    }
    for p in pending {
        assert_eq!(p.await.unwrap(), 200);
    }
    assert_eq!(during.write_overlap.max, 4);
    assert_eq!(
        during.write_overlap.max_for(Operation::PutMethodResponse),
        3
    );
    assert_eq!(during.write_overlap.max_for(Operation::PutMethod), 1);
    assert_eq!(
        during.write_overlap.by_object.keys().collect::<Vec<_>>(),
        ["Method", "MethodResponse"]
    );

    // Answered writes no longer count: one more write finds itself alone.
    proxy.reset();
    assert_eq!(
        ok(
            addr,
            "DELETE",
            "/restapis/a1/resources/r1/methods/GET/responses/200",
            ""
        )
        .await
        .status,
        200
    );
    let stats = proxy.stats();
    assert_eq!(stats.write_overlap.max, 1);
    assert_eq!(
        stats.write_overlap.max_for(Operation::UpdateMethodResponse),
        1
    );
    // And over HTTP.
    assert_eq!(http_stats(addr).await.write_overlap, stats.write_overlap);
}

#[tokio::test]
async fn seeded_faults_are_reproducible() {
    let upstream = Upstream::start().await;
    let mut runs = Vec::new();
    for _ in 0..2 {
        let proxy = proxy(&upstream, 0.0, 0).await;
        proxy
            .set_faults(FaultConfig {
                error500: 0.5,
                seed: Some(2026),
                ..FaultConfig::default()
            })
            .unwrap();
        let mut statuses = Vec::new();
        for _ in 0..32 {
            statuses.push(ok(proxy.addr, "GET", "/restapis", "").await.status.as_u16());
        }
        runs.push(statuses);
        proxy.shutdown().await;
    }
    assert_eq!(runs[0], runs[1]);
    assert!(
        runs[0].contains(&200) && runs[0].contains(&500),
        "{:?}",
        runs[0]
    );
}

#[tokio::test]
async fn unreachable_upstream_is_a_502() {
    // A port nobody listens on: bind, note it, release it.
    let port = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let proxy = apigw_proxy::serve(Config {
        upstream: format!("http://127.0.0.1:{port}").parse().unwrap(),
        rate: 0.0,
        ..Config::default()
    })
    .await
    .unwrap();
    let reply = ok(proxy.addr, "GET", "/restapis", "").await;
    assert_eq!(reply.status, StatusCode::BAD_GATEWAY);
    assert!(
        reply.json()["message"]
            .as_str()
            .unwrap()
            .contains("upstream")
    );
    let stats = proxy.stats();
    assert_eq!(stats.upstream_errors, 1);
    assert_eq!(stats.forwarded, 1);
    assert_eq!(stats.status(502), 1);
}

#[tokio::test]
async fn unknown_control_endpoints() {
    let upstream = Upstream::start().await;
    let proxy = proxy(&upstream, 0.0, 0).await;
    assert_eq!(ok(proxy.addr, "GET", "/_proxy/nope", "").await.status, 404);
    assert_eq!(
        ok(proxy.addr, "DELETE", "/_proxy/stats", "").await.status,
        405
    );
    assert_eq!(upstream.hits(), 0);
    assert_eq!(proxy.stats().requests, 0);
}
