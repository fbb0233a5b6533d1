//! Goal 2 (per-RPC overhead) and the in-process half of goal 3 (AWS calls per operation).
//!
//! The provider core runs in this process behind its real gRPC service
//! ([`ProviderService`], called directly, without a transport), with an `Aws` built the way
//! `Aws::connect` (src/aws/mod.rs) builds it: `aws_config` defaults, `connect`'s retry and
//! timeout settings, the `EmptyTemplateNulls` interceptor, read snapshots on, and
//! [`transport::Governed`](terraform_provider_apigateway::aws::transport::Governed) (stop
//! handling, the token bucket, call counting, snapshot invalidation) as the HTTP client. Only
//! the HTTPS client under `Governed` is replaced, by [`Responder`]: an in-process "API
//! Gateway" that answers at once. It keeps the objects it is sent, answers Put/Create with
//! the request merged over API Gateway's defaults, applies Update's patch operations, answers
//! `GetResources?embed=methods` with every method, method response, integration and
//! integration response embedded, and returns empty templates as JSON `null` as AWS does, so
//! every resource type's create/read/update/delete can run end to end and its HTTP calls can
//! be counted.
//!
//! The timed loops decode the protobuf request from bytes, call the RPC and encode the
//! protobuf response: what a provider does per RPC, minus HTTP/2 and TLS framing. While they
//! run the responder is *frozen* (it replays the stored answer of a path without parsing
//! anything), so its own cost stays out of the numbers. The token bucket is set so high that
//! it never waits (it still does its bookkeeping on every call): at API Gateway's 10 calls/s
//! the timed loops would take hours, and waiting at the quota is goal 5's measurement.

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use aws_config::BehaviorVersion;
use aws_credential_types::Credentials;
use aws_sdk_apigateway::config::Region;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;
use bytes::Bytes;
use prost::Message;
use serde_json::{Map, Value as Json, json};
use tonic::Request;

use terraform_provider_apigateway::aws::cache::Cache;
use terraform_provider_apigateway::aws::transport::{Governed, QUOTA_RATE, RateLimiter};
use terraform_provider_apigateway::aws::{Aws, DEFAULT_MAX_RETRIES, Settings, nulls};
use terraform_provider_apigateway::plugin::core::Core;
use terraform_provider_apigateway::plugin::proto::tfplugin6 as pb;
use terraform_provider_apigateway::plugin::rpc::ProviderService;
use terraform_provider_apigateway::provider::Registry;
use terraform_provider_apigateway::schema::{Block, Nesting, Presence};
use terraform_provider_apigateway::tfvalue::{Type, Value, msgpack};

use pb::provider_server::Provider;

use super::report::{Report, Row, Samples, Verdict, us};
use crate::Options;

/// Timed calls per RPC in a full run, after the warm-up.
const ITERATIONS: usize = 20_000;
const WARMUP: usize = 2_000;
const SMOKE_ITERATIONS: usize = 200;
const SMOKE_WARMUP: usize = 20;
/// The goal's bounds.
const GOAL_P50: Duration = Duration::from_micros(50);
const GOAL_P99: Duration = Duration::from_micros(250);

/// The token bucket's rate (per second) and burst in this harness: it takes a token on every
/// call, as in the provider, but never runs dry (see the module doc).
const NEVER_EMPTY: f64 = 1e12;

const REGION: &str = "us-east-1";
const ENDPOINT: &str = "http://apigateway.bench.invalid";
/// Fixed ids of the API, its root and the resource the child objects hang off, stored in the
/// responder before anything runs (reads find objects in the API's read snapshot, which lists
/// what the API holds).
const API: &str = "benchapi01";
const ROOT: &str = "benchroot01";
const RES: &str = "benchres01";
/// The methods of [`RES`] the child scenarios hang off, also stored beforehand (a scenario
/// deletes what it created, so the method scenario's `GET` cannot be their parent): the
/// method responses and integrations are created under `OPTIONS`, the integration responses
/// under `PUT`, whose integration is stored too.
const PARENT_METHOD: &str = "OPTIONS";
const PARENT_INTEGRATION: &str = "PUT";
/// A deployment of [`API`] stored beforehand, for the stage scenario.
const DEPLOYMENT: &str = "benchdep01";

// ---------------------------------------------------------------------------------------
// The in-process API Gateway.

/// What the responder knows: the objects by request path, and the calls it answered.
#[derive(Debug, Default)]
struct World {
    objects: Mutex<HashMap<String, Bytes>>,
    /// Every call answered.
    calls: AtomicU64,
    /// The calls answered that were not reads (GET).
    writes: AtomicU64,
    /// When set, answers replay stored bodies without parsing (the timed loops).
    frozen: AtomicBool,
    /// While frozen: the answers to collection reads (GetResources, GetGatewayResponses) by
    /// request URI, composed once and then replayed.
    replay: Mutex<HashMap<String, Bytes>>,
    next_id: AtomicU64,
}

impl World {
    /// Freezes (see [`World::frozen`]) or thaws the responder.
    fn freeze(&self, on: bool) {
        lock(&self.replay).clear();
        self.frozen.store(on, Ordering::Relaxed);
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The SDK's HTTP client: answers every request in place.
#[derive(Debug, Clone, Default)]
struct Responder(Arc<World>);

impl HttpClient for Responder {
    fn http_connector(
        &self,
        _: &HttpConnectorSettings,
        _: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(self.clone())
    }
}

impl HttpConnector for Responder {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        HttpConnectorFuture::ready(Ok(self.answer(&request)))
    }
}

fn respond(status: u16, body: Bytes) -> HttpResponse {
    let mut r = HttpResponse::new(
        StatusCode::try_from(status).expect("status"),
        SdkBody::from(body),
    );
    r.headers_mut().insert("content-type", "application/json");
    r.headers_mut()
        .insert("x-amzn-requestid", "00000000-0000-0000-0000-000000000000");
    r
}

fn not_found(message: &str) -> HttpResponse {
    let mut r = respond(404, Bytes::from(json!({ "message": message }).to_string()));
    r.headers_mut()
        .insert("x-amzn-errortype", "NotFoundException");
    r
}

/// The path of a request URI, without scheme, host and query.
fn path_of(uri: &str) -> &str {
    let rest = uri.split_once("://").map_or(uri, |(_, r)| r);
    let path = rest.find('/').map_or("/", |i| &rest[i..]);
    path.split('?').next().unwrap_or(path)
}

impl Responder {
    fn world(&self) -> &World {
        &self.0
    }

    fn answer(&self, req: &HttpRequest) -> HttpResponse {
        let w = self.world();
        w.calls.fetch_add(1, Ordering::Relaxed);
        let method = req.method();
        if method != "GET" {
            w.writes.fetch_add(1, Ordering::Relaxed);
        }
        let path = path_of(req.uri());
        if w.frozen.load(Ordering::Relaxed) {
            if method == "DELETE" {
                return respond(202, Bytes::new());
            }
            if let Some(body) = lock(&w.objects).get(path) {
                return respond(if method == "PUT" { 201 } else { 200 }, body.clone());
            }
            if method == "GET"
                && let Some(body) = lock(&w.replay).get(req.uri())
            {
                return respond(200, body.clone());
            }
        }
        let body: Json = req
            .body()
            .bytes()
            .filter(|b| !b.is_empty())
            .and_then(|b| serde_json::from_slice(b).ok())
            .unwrap_or_else(|| json!({}));
        self.handle(method, req.uri(), body)
    }

    /// The objects the benchmark's child resources hang off (see [`API`], [`RES`],
    /// [`PARENT_METHOD`] and [`PARENT_INTEGRATION`]).
    fn seed(&self) {
        let mut api = defaults(&["restapis", API]);
        api.insert("name".into(), json!("bench"));
        api.insert("rootResourceId".into(), json!(ROOT));
        self.store(format!("/restapis/{API}"), &api);
        self.store(
            format!("/restapis/{API}/resources/{ROOT}"),
            &json_object(json!({ "id": ROOT, "path": "/" })),
        );
        let res = format!("/restapis/{API}/resources/{RES}");
        self.store(
            res.clone(),
            &json_object(
                json!({ "id": RES, "parentId": ROOT, "pathPart": "items", "path": "/items" }),
            ),
        );
        for m in [PARENT_METHOD, PARENT_INTEGRATION] {
            let mut method = defaults(&["methods", m]);
            method.insert("authorizationType".into(), json!("NONE"));
            self.store(format!("{res}/methods/{m}"), &method);
        }
        self.store(
            format!("/restapis/{API}/deployments/{DEPLOYMENT}"),
            &json_object(json!({ "id": DEPLOYMENT, "createdDate": 1_700_000_000 })),
        );
        self.store(
            "/account".to_owned(),
            &json_object(json!({
                "cloudwatchRoleArn": "",
                "throttleSettings": { "burstLimit": 5000, "rateLimit": 10000.0 },
                "features": ["UsagePlans"], "apiKeyVersion": "4",
            })),
        );
        let mut integration = defaults(&["methods", PARENT_INTEGRATION, "integration"]);
        integration.insert("type".into(), json!("MOCK"));
        self.store(
            format!("{res}/methods/{PARENT_INTEGRATION}/integration"),
            &integration,
        );
    }

    /// The objects stored right under `path`, by their last path segment.
    fn children(objects: &HashMap<String, Bytes>, path: &str) -> Map<String, Json> {
        let prefix = format!("{path}/");
        objects
            .iter()
            .filter_map(|(p, b)| {
                let name = p.strip_prefix(&prefix).filter(|n| !n.contains('/'))?;
                Some((name.to_owned(), serde_json::from_slice(b).ok()?))
            })
            .collect()
    }

    /// A collection read (GetResources, GetGatewayResponses): `{"item": [...]}` of what is
    /// stored right under `path`. With `embed` (GetResources?embed=methods), each resource
    /// carries its methods as `resourceMethods`, each method its method responses as
    /// `methodResponses` and its integration as `methodIntegration`, which carries its
    /// integration responses as `integrationResponses`, as API Gateway answers it.
    fn collection(&self, path: &str, embed: bool) -> Bytes {
        let objects = lock(&self.world().objects);
        let mut items = Vec::new();
        for (item_path, item) in Self::children(&objects, path)
            .into_iter()
            .map(|(name, item)| (format!("{path}/{name}"), item))
        {
            let Json::Object(mut item) = item else {
                continue;
            };
            if embed {
                let mut methods = Self::children(&objects, &format!("{item_path}/methods"));
                for (name, method) in &mut methods {
                    let Json::Object(method) = method else {
                        continue;
                    };
                    let base = format!("{item_path}/methods/{name}");
                    let responses = Self::children(&objects, &format!("{base}/responses"));
                    if !responses.is_empty() {
                        method.insert("methodResponses".into(), Json::Object(responses));
                    }
                    let integration = objects
                        .get(&format!("{base}/integration"))
                        .and_then(|b| serde_json::from_slice::<Json>(b).ok());
                    if let Some(Json::Object(mut integration)) = integration {
                        let responses =
                            Self::children(&objects, &format!("{base}/integration/responses"));
                        if !responses.is_empty() {
                            integration
                                .insert("integrationResponses".into(), Json::Object(responses));
                        }
                        method.insert("methodIntegration".into(), Json::Object(integration));
                    }
                }
                if !methods.is_empty() {
                    item.insert("resourceMethods".into(), Json::Object(methods));
                }
            }
            items.push(Json::Object(item));
        }
        // API Gateway names a collection's members `item` (the SDK's `items`).
        Bytes::from(json!({ "item": items }).to_string())
    }

    fn store(&self, path: String, object: &Map<String, Json>) -> Bytes {
        let bytes = Bytes::from(Json::Object(object.clone()).to_string());
        lock(&self.world().objects).insert(path, bytes.clone());
        bytes
    }

    fn load(&self, path: &str) -> Option<Map<String, Json>> {
        let bytes = lock(&self.world().objects).get(path)?.clone();
        match serde_json::from_slice(&bytes) {
            Ok(Json::Object(m)) => Some(m),
            _ => None,
        }
    }

    fn id(&self, prefix: &str) -> String {
        let n = self.world().next_id.fetch_add(1, Ordering::Relaxed);
        format!("{prefix}{n:03}")
    }

    fn handle(&self, method: &str, uri: &str, body: Json) -> HttpResponse {
        let path = path_of(uri);
        let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
        let request = match body {
            Json::Object(m) => m,
            _ => Map::new(),
        };
        match (method, segs.as_slice()) {
            ("POST", ["restapis"]) => {
                let id = self.id("api");
                let root = self.id("root");
                let mut api = defaults(&["restapis", &id]);
                api.insert("rootResourceId".into(), json!(root));
                api.extend(request);
                self.store(
                    format!("/restapis/{id}/resources/{root}"),
                    &json_object(json!({ "id": root, "path": "/" })),
                );
                respond(201, self.store(format!("/restapis/{id}"), &api))
            }
            ("POST", ["restapis", api, "resources", parent]) => {
                let id = self.id("res");
                let part = request
                    .get("pathPart")
                    .and_then(Json::as_str)
                    .unwrap_or_default()
                    .to_owned();
                let mut res = json_object(
                    json!({ "id": id, "parentId": parent, "path": format!("/{part}") }),
                );
                res.extend(request);
                respond(
                    201,
                    self.store(format!("/restapis/{api}/resources/{id}"), &res),
                )
            }
            // The collections (GetResources, GetGatewayResponses).
            ("GET", ["restapis", _, "resources" | "gatewayresponses"]) => {
                let query = uri.split_once('?').map_or("", |(_, q)| q);
                let embed = query.split('&').any(|p| p == "embed=methods");
                let body = self.collection(path, embed);
                if self.world().frozen.load(Ordering::Relaxed) {
                    lock(&self.world().replay).insert(uri.to_owned(), body.clone());
                }
                respond(200, body)
            }
            // Any other create: the object under its collection, by the attribute that
            // names it (an id the responder assigns for most types).
            ("POST", [.., collection]) => {
                let named = match *collection {
                    "models" => "name",
                    "stages" => "stageName",
                    "domainnames" => "domainName",
                    "basepathmappings" => "basePath",
                    "versions" => "documentationVersion",
                    "keys" => "keyId",
                    _ => "",
                };
                let id = request
                    .get(named)
                    .and_then(Json::as_str)
                    .map_or_else(|| self.id("obj"), str::to_owned);
                let mut object = request;
                object.insert("id".into(), json!(id));
                match *collection {
                    "versions" => {
                        object.insert("version".into(), json!(id));
                    }
                    "vpclinks" => {
                        object.insert("status".into(), json!("AVAILABLE"));
                    }
                    "apikeys" => {
                        object.insert("value".into(), json!(format!("{id}-generated-value-0123")));
                        object.entry("enabled").or_insert(json!(false));
                    }
                    "clientcertificates" => {
                        object.insert("clientCertificateId".into(), json!(id));
                    }
                    "domainnames" => {
                        object.insert("regionalDomainName".into(), json!("d-bench.example"));
                        object.insert("domainNameStatus".into(), json!("AVAILABLE"));
                    }
                    _ => {}
                }
                let at = format!("{path}/{id}");
                respond(201, self.store(at, &object))
            }
            // The other list calls of the read snapshots (GetModels, GetStages, ...).
            (
                "GET",
                [
                    "restapis",
                    _,
                    "models" | "authorizers" | "requestvalidators" | "stages" | "deployments",
                ]
                | ["restapis", _, "documentation", "parts" | "versions"],
            ) => {
                let body = self.collection(path, false);
                if self.world().frozen.load(Ordering::Relaxed) {
                    lock(&self.world().replay).insert(uri.to_owned(), body.clone());
                }
                respond(200, body)
            }
            ("PUT", _) => {
                let mut object = defaults(&segs);
                object.extend(request);
                null_empty_templates(&mut object);
                respond(201, self.store(path.to_owned(), &object))
            }
            ("GET", _) => match lock(&self.world().objects).get(path) {
                Some(b) => respond(200, b.clone()),
                None => not_found("Invalid identifier specified"),
            },
            ("PATCH", _) => {
                let Some(mut object) = self.load(path) else {
                    return not_found("Invalid identifier specified");
                };
                let ops = request
                    .get("patchOperations")
                    .and_then(Json::as_array)
                    .cloned()
                    .unwrap_or_default();
                apply_patch(&mut object, &ops, &segs);
                null_empty_templates(&mut object);
                respond(200, self.store(path.to_owned(), &object))
            }
            ("DELETE", _) => match lock(&self.world().objects).remove(path) {
                Some(_) => respond(202, Bytes::new()),
                None => not_found("Invalid identifier specified"),
            },
            _ => not_found("Unsupported request"),
        }
    }
}

fn json_object(v: Json) -> Map<String, Json> {
    match v {
        Json::Object(m) => m,
        _ => Map::new(),
    }
}

/// What API Gateway fills in when a Put or Create does not say.
fn defaults(segs: &[&str]) -> Map<String, Json> {
    json_object(match segs {
        ["restapis", id] => json!({
            "id": id, "createdDate": 1_700_000_000, "apiKeySource": "HEADER",
            "endpointConfiguration": { "types": ["EDGE"] }, "disableExecuteApiEndpoint": false,
        }),
        [.., "methods", m] => json!({ "httpMethod": m, "apiKeyRequired": false }),
        [.., "methods", _, "integration"] => json!({
            "passthroughBehavior": "WHEN_NO_MATCH", "timeoutInMillis": 29000,
            "cacheNamespace": segs.get(3).copied().unwrap_or_default(),
            "cacheKeyParameters": [], "connectionType": "INTERNET",
        }),
        [.., "responses", code] => json!({ "statusCode": code }),
        [.., "gatewayresponses", t] => json!({ "responseType": t, "defaultResponse": false }),
        _ => json!({}),
    })
}

/// AWS answers an empty mapping template as JSON null (see src/aws/nulls.rs).
fn null_empty_templates(object: &mut Map<String, Json>) {
    for key in ["requestTemplates", "responseTemplates"] {
        if let Some(Json::Object(m)) = object.get_mut(key) {
            for v in m.values_mut() {
                if v.as_str() == Some("") {
                    *v = Json::Null;
                }
            }
        }
    }
}

/// RFC 6901 unescaping of one JSON-pointer segment.
fn unescape(seg: &str) -> String {
    seg.replace("~1", "/").replace("~0", "~")
}

/// Applies API Gateway patch operations (`/field` and `/map/key` paths, enough for what the
/// provider sends).
fn apply_patch(object: &mut Map<String, Json>, ops: &[Json], segs: &[&str]) {
    // Which parameter maps hold booleans: a method's request parameters, a method
    // response's response parameters.
    let bool_map = match segs {
        [.., "methods", _] => Some("requestParameters"),
        [.., "methods", _, "responses", _] => Some("responseParameters"),
        _ => None,
    };
    for op in ops {
        let kind = op.get("op").and_then(Json::as_str).unwrap_or("replace");
        let path = op.get("path").and_then(Json::as_str).unwrap_or_default();
        let value = op.get("value").and_then(Json::as_str);
        let parts: Vec<String> = path
            .trim_start_matches('/')
            .split('/')
            .map(unescape)
            .collect();
        match parts.as_slice() {
            [field] => match (kind, object.get_mut(field.as_str())) {
                ("add", Some(Json::Array(items))) => items.extend(value.map(|v| json!(v))),
                ("remove", Some(Json::Array(items))) if value.is_some() => {
                    items.retain(|i| i.as_str() != value);
                }
                ("remove", _) => {
                    object.remove(field.as_str());
                }
                (_, existing) => {
                    let typed = match (existing, value) {
                        (Some(Json::Bool(_)), Some(v)) => json!(v == "true"),
                        (Some(Json::Number(_)), Some(v)) => {
                            v.parse::<i64>().map_or_else(|_| json!(v), |n| json!(n))
                        }
                        (_, v) => json!(v),
                    };
                    object.insert(field.clone(), typed);
                }
            },
            [field, key] => {
                let map = object.entry(field.clone()).or_insert_with(|| json!({}));
                if let Json::Object(map) = map {
                    if kind == "remove" {
                        map.remove(key.as_str());
                    } else if bool_map == Some(field.as_str()) {
                        map.insert(key.clone(), json!(value == Some("true")));
                    } else {
                        map.insert(key.clone(), json!(value));
                    }
                }
            }
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------------------
// Driving the provider.

/// The provider core configured with the responder, and its gRPC service.
struct Harness {
    svc: ProviderService,
    core: Arc<Core>,
    world: Arc<World>,
    /// As `Aws::connect` builds it (see [`Aws::connect_with`]).
    aws: Aws,
    /// A plain SDK client on the same responder: SDK defaults, no `transport::Governed`,
    /// no interceptor but `EmptyTemplateNulls` (what `Aws::from_client` gets in unit tests).
    /// Only for pricing the client stack of `aws`.
    plain: aws_sdk_apigateway::Client,
}

impl Harness {
    async fn new() -> Result<Self, String> {
        let responder = Responder::default();
        responder.seed();
        let world = Arc::clone(&responder.0);
        let cache = Arc::new(Cache::new());
        let http = Governed::wrap(
            SharedHttpClient::new(responder.clone()),
            RateLimiter::new(NEVER_EMPTY, NEVER_EMPTY),
            Arc::clone(&cache),
        );
        let settings = Settings {
            region: Some(REGION.to_owned()),
            endpoint: Some(ENDPOINT.to_owned()),
            access_key: Some("bench".to_owned()),
            secret_key: Some("bench".to_owned()),
            ..Settings::default()
        };
        let mut aws = Aws::connect_with(&settings, http, cache).await?;
        // The in-process responder answers API Gateway only: the account id (STS) is known,
        // as it is after a provider's first create.
        aws.account = Arc::new(tokio::sync::OnceCell::new_with(Some(
            "123456789012".to_owned(),
        )));
        let plain = aws_sdk_apigateway::Client::from_conf(
            aws_sdk_apigateway::Config::builder()
                .behavior_version(BehaviorVersion::latest())
                .region(Region::new(REGION))
                .credentials_provider(Credentials::new("bench", "bench", None, None, "bench"))
                .endpoint_url(ENDPOINT)
                .http_client(responder)
                .interceptor(nulls::EmptyTemplateNulls)
                .build(),
        );
        let core = Core::new(Registry::new());
        core.configure_with(aws.clone());
        Ok(Self {
            svc: ProviderService::new(Arc::clone(&core)),
            core,
            world,
            aws,
            plain,
        })
    }

    /// Calls the responder answered (through either client).
    fn calls(&self) -> u64 {
        self.world.calls.load(Ordering::Relaxed)
    }

    /// Write calls (anything but GET) the responder answered.
    fn writes(&self) -> u64 {
        self.world.writes.load(Ordering::Relaxed)
    }

    /// Calls `transport::Governed` counted.
    fn governed_calls(&self) -> u64 {
        self.aws.transport.calls().values().sum()
    }

    fn block(&self, type_name: &str) -> (Block, Type) {
        let entry = self.core.entry(type_name).expect("registered type");
        (entry.schema.block.clone(), (*entry.ty).clone())
    }

    async fn plan(
        &self,
        type_name: &str,
        ty: &Type,
        prior: &Value,
        proposed: &Value,
        config: &Value,
    ) -> Result<Value, String> {
        let req = plan_request(type_name, ty, prior, proposed, config);
        let resp = self
            .svc
            .plan_resource_change(Request::new(req))
            .await
            .map_err(|s| s.to_string())?
            .into_inner();
        check(&resp.diagnostics)?;
        decode(resp.planned_state.as_ref(), ty)
    }

    async fn apply(
        &self,
        type_name: &str,
        ty: &Type,
        prior: &Value,
        planned: &Value,
        config: &Value,
    ) -> Result<Value, String> {
        let req = apply_request(type_name, ty, prior, planned, config);
        let resp = self
            .svc
            .apply_resource_change(Request::new(req))
            .await
            .map_err(|s| s.to_string())?
            .into_inner();
        check(&resp.diagnostics)?;
        decode(resp.new_state.as_ref(), ty)
    }

    async fn read(&self, type_name: &str, ty: &Type, state: &Value) -> Result<Value, String> {
        let req = read_request(type_name, ty, state);
        let resp = self
            .svc
            .read_resource(Request::new(req))
            .await
            .map_err(|s| s.to_string())?
            .into_inner();
        check(&resp.diagnostics)?;
        decode(resp.new_state.as_ref(), ty)
    }
}

fn dv(v: &Value, ty: &Type) -> pb::DynamicValue {
    pb::DynamicValue {
        msgpack: msgpack::encode(v, ty).expect("encodable value"),
        json: Vec::new(),
    }
}

fn decode(v: Option<&pb::DynamicValue>, ty: &Type) -> Result<Value, String> {
    match v {
        Some(dv) if !dv.msgpack.is_empty() => {
            msgpack::decode(&dv.msgpack, ty).map_err(|e| e.to_string())
        }
        _ => Ok(Value::Null),
    }
}

fn check(diags: &[pb::Diagnostic]) -> Result<(), String> {
    let errors: Vec<String> = diags
        .iter()
        .filter(|d| d.severity == pb::diagnostic::Severity::Error as i32)
        .map(|d| format!("{}: {}", d.summary, d.detail))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

fn plan_request(
    type_name: &str,
    ty: &Type,
    prior: &Value,
    proposed: &Value,
    config: &Value,
) -> pb::plan_resource_change::Request {
    pb::plan_resource_change::Request {
        type_name: type_name.to_owned(),
        prior_state: Some(dv(prior, ty)),
        proposed_new_state: Some(dv(proposed, ty)),
        config: Some(dv(config, ty)),
        ..Default::default()
    }
}

fn apply_request(
    type_name: &str,
    ty: &Type,
    prior: &Value,
    planned: &Value,
    config: &Value,
) -> pb::apply_resource_change::Request {
    pb::apply_resource_change::Request {
        type_name: type_name.to_owned(),
        prior_state: Some(dv(prior, ty)),
        planned_state: Some(dv(planned, ty)),
        config: Some(dv(config, ty)),
        ..Default::default()
    }
}

fn read_request(type_name: &str, ty: &Type, state: &Value) -> pb::read_resource::Request {
    pb::read_resource::Request {
        type_name: type_name.to_owned(),
        current_state: Some(dv(state, ty)),
        ..Default::default()
    }
}

/// A configuration as Terraform sends it: every attribute (null unless set) and every block.
fn config(block: &Block, set: &[(&str, Value)]) -> Value {
    let mut out = BTreeMap::new();
    for a in &block.attributes {
        out.insert(a.name.clone(), Value::Null);
    }
    for b in &block.blocks {
        let empty = match b.nesting {
            Nesting::List => Value::List(Vec::new()),
            Nesting::Set => Value::Set(Vec::new()),
            Nesting::Single => Value::Null,
            Nesting::Group => config(&b.block, &[]),
        };
        out.insert(b.name.clone(), empty);
    }
    for (k, v) in set {
        out.insert((*k).to_owned(), v.clone());
    }
    Value::Object(out)
}

/// Terraform's proposed new state: the configuration, with computed attributes the
/// configuration leaves null taken from the prior state.
fn proposed(block: &Block, prior: &Value, config: &Value) -> Value {
    let mut out = BTreeMap::new();
    for a in &block.attributes {
        let c = config.get(&a.name);
        let computed = matches!(a.presence, Presence::Computed | Presence::OptionalComputed);
        let v = if c.is_null() && computed {
            prior.get(&a.name).clone()
        } else {
            c.clone()
        };
        out.insert(a.name.clone(), v);
    }
    for b in &block.blocks {
        out.insert(b.name.clone(), config.get(&b.name).clone());
    }
    Value::Object(out)
}

fn map(pairs: &[(&str, &str)]) -> Value {
    Value::Map(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Value::from(*v)))
            .collect(),
    )
}

fn bool_map(pairs: &[(&str, bool)]) -> Value {
    Value::Map(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Value::Bool(*v)))
            .collect(),
    )
}

/// One resource type's configuration and the one attribute its update changes.
struct Scenario {
    type_name: &'static str,
    config: Vec<(&'static str, Value)>,
    update: (&'static str, Value),
}

fn scenarios() -> Vec<Scenario> {
    // The parent method (stored beforehand, see [`PARENT_METHOD`]).
    let on_method = |http_method: &'static str| {
        vec![
            ("rest_api_id", Value::from(API)),
            ("resource_id", Value::from(RES)),
            ("http_method", Value::from(http_method)),
        ]
    };
    let with = |mut base: Vec<(&'static str, Value)>, more: Vec<(&'static str, Value)>| {
        base.extend(more);
        base
    };
    vec![
        Scenario {
            type_name: "apigateway_rest_api",
            config: vec![("name", "bench".into()), ("description", "v1".into())],
            update: ("description", "v2".into()),
        },
        Scenario {
            type_name: "apigateway_resource",
            config: vec![
                ("rest_api_id", API.into()),
                ("parent_id", ROOT.into()),
                ("path_part", "items".into()),
            ],
            update: ("path_part", "things".into()),
        },
        Scenario {
            type_name: "apigateway_method",
            config: method_config("V1ListItems"),
            update: ("operation_name", "V2ListItems".into()),
        },
        Scenario {
            type_name: "apigateway_method_response",
            config: with(
                on_method(PARENT_METHOD),
                vec![
                    ("status_code", "200".into()),
                    ("response_models", map(&[("application/json", "Empty")])),
                    (
                        "response_parameters",
                        bool_map(&[("method.response.header.Access-Control-Allow-Origin", true)]),
                    ),
                ],
            ),
            update: ("response_models", map(&[("application/json", "Error")])),
        },
        Scenario {
            type_name: "apigateway_integration",
            config: with(
                on_method(PARENT_METHOD),
                vec![
                    ("type", "MOCK".into()),
                    (
                        "request_templates",
                        map(&[("application/json", "{\"statusCode\": 200}")]),
                    ),
                ],
            ),
            update: ("timeout_milliseconds", Value::from(10_000)),
        },
        Scenario {
            type_name: "apigateway_integration_response",
            config: with(
                on_method(PARENT_INTEGRATION),
                vec![
                    ("status_code", "200".into()),
                    // Comes back as null from AWS: exercises the null-template workaround.
                    ("response_templates", map(&[("application/json", "")])),
                    (
                        "response_parameters",
                        map(&[("method.response.header.Access-Control-Allow-Origin", "'*'")]),
                    ),
                ],
            ),
            update: (
                "response_templates",
                map(&[("application/json", "{\"ok\": true}")]),
            ),
        },
        Scenario {
            type_name: "apigateway_gateway_response",
            config: vec![
                ("rest_api_id", API.into()),
                ("response_type", "DEFAULT_4XX".into()),
                (
                    "response_templates",
                    map(&[(
                        "application/json",
                        "{\"message\": $context.error.messageString}",
                    )]),
                ),
                (
                    "response_parameters",
                    map(&[("gatewayresponse.header.Access-Control-Allow-Origin", "'*'")]),
                ),
            ],
            update: ("status_code", "400".into()),
        },
        Scenario {
            type_name: "apigateway_model",
            config: vec![
                ("rest_api_id", API.into()),
                ("name", "Pet".into()),
                ("content_type", "application/json".into()),
                ("schema", "{\"type\":\"object\"}".into()),
            ],
            update: ("description", "a pet".into()),
        },
        Scenario {
            type_name: "apigateway_request_validator",
            config: vec![
                ("rest_api_id", API.into()),
                ("name", "body".into()),
                ("validate_request_body", Value::Bool(true)),
            ],
            update: ("validate_request_parameters", Value::Bool(true)),
        },
        Scenario {
            type_name: "apigateway_authorizer",
            config: vec![
                ("rest_api_id", API.into()),
                ("name", "token".into()),
                (
                    "authorizer_uri",
                    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations".into(),
                ),
            ],
            update: ("authorizer_result_ttl_in_seconds", Value::from(60)),
        },
        Scenario {
            type_name: "apigateway_documentation_part",
            config: vec![
                ("rest_api_id", API.into()),
                (
                    "location",
                    Value::List(vec![Value::object([
                        ("type", Value::from("API")),
                        ("method", Value::Null),
                        ("name", Value::Null),
                        ("path", Value::Null),
                        ("status_code", Value::Null),
                    ])]),
                ),
                ("properties", "{\"description\":\"v1\"}".into()),
            ],
            update: ("properties", "{\"description\":\"v2\"}".into()),
        },
        Scenario {
            type_name: "apigateway_documentation_version",
            config: vec![
                ("rest_api_id", API.into()),
                ("version", "v1".into()),
                ("description", "first".into()),
            ],
            update: ("description", "second".into()),
        },
        Scenario {
            type_name: "apigateway_stage",
            config: vec![
                ("rest_api_id", API.into()),
                ("stage_name", "prod".into()),
                ("deployment_id", DEPLOYMENT.into()),
            ],
            update: ("description", "production".into()),
        },
        Scenario {
            type_name: "apigateway_rest_api_policy",
            config: vec![
                ("rest_api_id", API.into()),
                ("policy", policy("execute-api:Invoke").into()),
            ],
            update: ("policy", policy("execute-api:*").into()),
        },
        Scenario {
            type_name: "apigateway_deployment",
            config: vec![("rest_api_id", API.into()), ("description", "v1".into())],
            update: ("description", "v2".into()),
        },
        Scenario {
            type_name: "apigateway_api_key",
            config: vec![("name", "partner".into())],
            update: ("description", "a partner".into()),
        },
        Scenario {
            type_name: "apigateway_usage_plan",
            config: vec![("name", "standard".into())],
            update: ("description", "the standard plan".into()),
        },
        Scenario {
            type_name: "apigateway_client_certificate",
            config: vec![("description", "v1".into())],
            update: ("description", "v2".into()),
        },
        Scenario {
            type_name: "apigateway_vpc_link",
            config: vec![
                ("name", "internal".into()),
                (
                    "target_arns",
                    Value::List(vec![Value::from(
                        "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/bench/50dc6c495c0c9188",
                    )]),
                ),
            ],
            update: ("description", "to the NLB".into()),
        },
        Scenario {
            type_name: "apigateway_domain_name",
            config: vec![
                ("domain_name", "api.bench.example".into()),
                (
                    "regional_certificate_arn",
                    "arn:aws:acm:us-east-1:123456789012:certificate/one".into(),
                ),
                (
                    "endpoint_configuration",
                    Value::List(vec![Value::object([
                        ("types", Value::List(vec![Value::from("REGIONAL")])),
                        ("ip_address_type", Value::Null),
                    ])]),
                ),
            ],
            update: (
                "regional_certificate_arn",
                "arn:aws:acm:us-east-1:123456789012:certificate/two".into(),
            ),
        },
        Scenario {
            type_name: "apigateway_base_path_mapping",
            config: vec![
                ("domain_name", "api.bench.example".into()),
                ("base_path", "v1".into()),
                ("api_id", API.into()),
                ("stage_name", "prod".into()),
            ],
            update: ("stage_name", "test".into()),
        },
        Scenario {
            type_name: "apigateway_account",
            config: vec![(
                "cloudwatch_role_arn",
                "arn:aws:iam::123456789012:role/one".into(),
            )],
            update: (
                "cloudwatch_role_arn",
                "arn:aws:iam::123456789012:role/two".into(),
            ),
        },
    ]
}

/// A resource policy allowing `action` to everyone.
fn policy(action: &str) -> String {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow", "Principal": "*", "Action": action, "Resource": "*",
        }],
    })
    .to_string()
}

/// The method the timed loops create, read and plan.
fn method_config(operation: &str) -> Vec<(&'static str, Value)> {
    vec![
        ("rest_api_id", API.into()),
        ("resource_id", RES.into()),
        ("http_method", "GET".into()),
        ("authorization", "NONE".into()),
        ("operation_name", operation.into()),
        (
            "request_parameters",
            bool_map(&[
                ("method.request.querystring.page", false),
                ("method.request.querystring.limit", false),
            ]),
        ),
    ]
}

/// AWS calls per step of one resource type's life.
#[derive(Debug, Default)]
struct Counts {
    /// Write calls of the create, the update and the delete.
    create: u64,
    read: u64,
    update: u64,
    delete: u64,
    /// Read calls the create, the update and the delete made besides their writes (a VPC
    /// link's status polls).
    reads_in_writes: u64,
}

/// Create, read, update (one attribute) and delete through the RPCs, counting AWS calls.
async fn lifecycle(h: &Harness, s: &Scenario) -> Result<Counts, String> {
    let (block, ty) = h.block(s.type_name);
    let t = s.type_name;
    let cfg = config(&block, &s.config);
    let mut counts = Counts::default();

    let planned = h.plan(t, &ty, &Value::Null, &cfg, &cfg).await?;
    let (before, writes) = (h.calls(), h.writes());
    let state = h.apply(t, &ty, &Value::Null, &planned, &cfg).await?;
    counts.create = h.writes() - writes;
    counts.reads_in_writes += (h.calls() - before) - counts.create;

    let before = h.calls();
    let read = h.read(t, &ty, &state).await?;
    counts.read = h.calls() - before;
    if read.is_null() {
        return Err("read after create found nothing".to_owned());
    }

    let mut cfg2 = s.config.clone();
    cfg2.retain(|(k, _)| *k != s.update.0);
    cfg2.push(s.update.clone());
    let cfg2 = config(&block, &cfg2);
    let proposed2 = proposed(&block, &read, &cfg2);
    let planned2 = h.plan(t, &ty, &read, &proposed2, &cfg2).await?;
    let (before, writes) = (h.calls(), h.writes());
    let updated = h.apply(t, &ty, &read, &planned2, &cfg2).await?;
    counts.update = h.writes() - writes;
    counts.reads_in_writes += (h.calls() - before) - counts.update;
    if updated.get(s.update.0) != &s.update.1 {
        return Err(format!(
            "the update did not take: {} is {:?}",
            s.update.0,
            updated.get(s.update.0)
        ));
    }

    let planned3 = h.plan(t, &ty, &updated, &Value::Null, &Value::Null).await?;
    let (before, writes) = (h.calls(), h.writes());
    let gone = h.apply(t, &ty, &updated, &planned3, &Value::Null).await?;
    counts.delete = h.writes() - writes;
    counts.reads_in_writes += (h.calls() - before) - counts.delete;
    if !gone.is_null() {
        return Err("delete left a state".to_owned());
    }
    Ok(counts)
}

/// Times `n` runs each of `f` and `g`, alternating, after `warmup` untimed ones; `setup`
/// runs before each run of `f`, outside the timing.
async fn time_pair<S, F, Fut, G, Gut>(
    warmup: usize,
    n: usize,
    mut setup: S,
    mut f: F,
    mut g: G,
) -> (Samples, Samples)
where
    S: FnMut(),
    F: FnMut() -> Fut,
    Fut: Future<Output = ()>,
    G: FnMut() -> Gut,
    Gut: Future<Output = ()>,
{
    for _ in 0..warmup {
        setup();
        f().await;
        g().await;
    }
    let mut a = Vec::with_capacity(n);
    let mut b = Vec::with_capacity(n);
    for _ in 0..n {
        setup();
        let started = Instant::now();
        f().await;
        a.push(started.elapsed());
        let started = Instant::now();
        g().await;
        b.push(started.elapsed());
    }
    (Samples::new(a), Samples::new(b))
}

/// AWS calls per run of `f` (`setup` before each), counted apart from the timed loops,
/// which interleave the SDK baselines' own calls.
async fn calls_per<S, F, Fut>(h: &Harness, mut setup: S, mut f: F) -> f64
where
    S: FnMut(),
    F: FnMut() -> Fut,
    Fut: Future<Output = ()>,
{
    const COUNTED: u64 = 100;
    let before = h.calls();
    for _ in 0..COUNTED {
        setup();
        f().await;
    }
    (h.calls() - before) as f64 / COUNTED as f64
}

/// The bare SDK call of an apply of [`method_config`]`("V1ListItems")`.
async fn put_method(client: &aws_sdk_apigateway::Client) {
    let out = client
        .put_method()
        .rest_api_id(API)
        .resource_id(RES)
        .http_method("GET")
        .authorization_type("NONE")
        .operation_name("V1ListItems")
        .request_parameters("method.request.querystring.page", false)
        .request_parameters("method.request.querystring.limit", false)
        .send()
        .await
        .expect("PutMethod");
    black_box(out);
}

/// The bare SDK call that loads the API's read snapshot (as `Cache::resources` sends it,
/// with its page size of 500).
async fn get_resources(
    client: &aws_sdk_apigateway::Client,
) -> aws_sdk_apigateway::operation::get_resources::GetResourcesOutput {
    client
        .get_resources()
        .rest_api_id(API)
        .embed("methods")
        .limit(500)
        .send()
        .await
        .expect("GetResources")
}

/// The timed RPCs and their baselines.
#[derive(Debug)]
struct Timings {
    plan: Samples,
    apply: Samples,
    /// ReadResource with the API's read snapshot dropped before each call.
    read_load: Samples,
    /// ReadResource answered from the API's read snapshot.
    read_hit: Samples,
    codec_plan: Samples,
    codec_read: Samples,
    sdk_put: Samples,
    sdk_get_resources: Samples,
    /// PutMethod through the harness's client, against [`Timings::plain_put`].
    stack_put: Samples,
    /// PutMethod through the plain SDK client.
    plain_put: Samples,
    calls_per_plan: f64,
    calls_per_apply: f64,
    calls_per_read_load: f64,
    calls_per_read_hit: f64,
    /// Resources and methods in the API's read snapshot.
    snapshot: (usize, usize),
    /// Calls `transport::Governed` counted and calls the responder answered, before the
    /// plain client's.
    governed_calls: u64,
    answered_calls: u64,
}

async fn timed(h: &Harness, warmup: usize, n: usize) -> Result<Timings, String> {
    let t = "apigateway_method";
    let (block, ty) = h.block(t);
    let cfg = config(&block, &method_config("V1ListItems"));
    let planned = h.plan(t, &ty, &Value::Null, &cfg, &cfg).await?;
    let state = h.apply(t, &ty, &Value::Null, &planned, &cfg).await?;
    if h.read(t, &ty, &state).await?.is_null() {
        return Err("the read after the create found nothing in the API's read snapshot".into());
    }
    let cfg2 = config(&block, &method_config("V2ListItems"));
    let proposed2 = proposed(&block, &state, &cfg2);

    // Request bytes prepared once, as they arrive from Terraform.
    let plan_bytes = plan_request(t, &ty, &state, &proposed2, &cfg2).encode_to_vec();
    let apply_bytes = apply_request(t, &ty, &Value::Null, &planned, &cfg).encode_to_vec();
    let read_bytes = read_request(t, &ty, &state).encode_to_vec();

    // Every RPC must succeed before it is timed.
    let probe = h
        .svc
        .plan_resource_change(Request::new(
            pb::plan_resource_change::Request::decode(plan_bytes.as_slice())
                .map_err(|e| e.to_string())?,
        ))
        .await
        .map_err(|s| s.to_string())?
        .into_inner();
    check(&probe.diagnostics)?;

    // What a snapshot load reads.
    let listing = get_resources(&h.aws.client).await;
    let snapshot = (
        listing.items().len(),
        listing
            .items()
            .iter()
            .map(|r| r.resource_methods().map_or(0, |m| m.len()))
            .sum(),
    );

    h.world.freeze(true);
    let svc = &h.svc;
    let client = &h.aws.client;
    let plain = &h.plain;
    let cache = &h.aws.cache;
    let ty = &ty;
    let (plan_bytes, apply_bytes, read_bytes) = (&plan_bytes, &apply_bytes, &read_bytes);

    let plan_rpc = || async move {
        let req = pb::plan_resource_change::Request::decode(plan_bytes.as_slice()).expect("decode");
        let resp = svc
            .plan_resource_change(Request::new(req))
            .await
            .expect("rpc");
        black_box(resp.into_inner().encode_to_vec());
    };
    let apply_rpc = || async move {
        let req =
            pb::apply_resource_change::Request::decode(apply_bytes.as_slice()).expect("decode");
        let resp = svc
            .apply_resource_change(Request::new(req))
            .await
            .expect("rpc");
        black_box(resp.into_inner().encode_to_vec());
    };
    let read_rpc = || async move {
        let req = pb::read_resource::Request::decode(read_bytes.as_slice()).expect("decode");
        let resp = svc.read_resource(Request::new(req)).await.expect("rpc");
        black_box(resp.into_inner().encode_to_vec());
    };
    let nothing = || {};
    // What a write to the API does to its snapshot (outside the timing).
    let drop_snapshot = || cache.invalidate(API);

    // Baselines. The codec floor of a plan: decode its three values, encode the answer.
    let prior_b = &msgpack::encode(&state, ty).expect("encode");
    let proposed_b = &msgpack::encode(&proposed2, ty).expect("encode");
    let config_b = &msgpack::encode(&cfg2, ty).expect("encode");
    let codec_plan = || async move {
        let a = msgpack::decode(prior_b, ty).expect("decode");
        let b = msgpack::decode(proposed_b, ty).expect("decode");
        let c = msgpack::decode(config_b, ty).expect("decode");
        black_box((&a, &c));
        black_box(msgpack::encode(&b, ty).expect("encode"));
    };
    // The codec floor of a read: decode the state, encode the new state.
    let codec_read = || async move {
        let a = msgpack::decode(prior_b, ty).expect("decode");
        black_box(msgpack::encode(&a, ty).expect("encode"));
    };
    // The bare SDK calls the apply and the snapshot load make, through the same client.
    let sdk_put = || put_method(client);
    let sdk_get_resources = || async move {
        black_box(get_resources(client).await);
    };
    let plain_put = || put_method(plain);

    let calls_per_plan = calls_per(h, nothing, plan_rpc).await;
    let calls_per_apply = calls_per(h, nothing, apply_rpc).await;
    let calls_per_read_load = calls_per(h, drop_snapshot, read_rpc).await;
    read_rpc().await;
    let calls_per_read_hit = calls_per(h, nothing, read_rpc).await;

    // Each RPC alternates with its baseline, so both see the same machine over the run.
    let (plan, codec_plan) = time_pair(warmup, n, nothing, plan_rpc, codec_plan).await;
    let (apply, sdk_put_samples) = time_pair(warmup, n, nothing, apply_rpc, sdk_put).await;
    let (read_load, sdk_get_resources) =
        time_pair(warmup, n, drop_snapshot, read_rpc, sdk_get_resources).await;
    // The last load left the snapshot in place; nothing writes to the API from here on.
    let (read_hit, codec_read) = time_pair(warmup, n, nothing, read_rpc, codec_read).await;
    let governed_calls = h.governed_calls();
    let answered_calls = h.calls();
    let (stack_put, plain_put) = time_pair(warmup, n, nothing, sdk_put, plain_put).await;
    h.world.freeze(false);

    if governed_calls != answered_calls {
        return Err(format!(
            "the responder answered {answered_calls} calls, transport::Governed counted \
             {governed_calls}: some went around the transport layer"
        ));
    }
    Ok(Timings {
        plan,
        apply,
        read_load,
        read_hit,
        codec_plan,
        codec_read,
        sdk_put: sdk_put_samples,
        sdk_get_resources,
        stack_put,
        plain_put,
        calls_per_plan,
        calls_per_apply,
        calls_per_read_load,
        calls_per_read_hit,
        snapshot,
        governed_calls,
        answered_calls,
    })
}

pub fn run(opts: &Options, report: &mut Report) {
    eprintln!("perf: per-RPC overhead and calls per operation (in process)");
    // As the provider's main: a multi-threaded runtime with two workers.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let h = match rt.block_on(Harness::new()) {
        Ok(h) => h,
        Err(e) => {
            report.fail(format!("in-process harness: {e}"));
            return;
        }
    };

    // Goal 3, in process: every resource type's create, update and delete.
    let mut table = String::from(
        "AWS calls counted by the in-process responder for one create, read, update (one \
         attribute) and delete of each resource type, driven through the gRPC service with \
         the client built as `Aws::connect` builds it (see \"Per-RPC overhead\"). Create, \
         update and delete count write calls (anything but a GET); the last column counts the \
         reads they made besides (a VPC link's status polls: AWS makes links asynchronously). \
         Reads use the read snapshots of `src/aws/cache.rs` as in Terraform; the create's \
         write has just dropped the API's snapshot, so each read of an object in a REST API \
         loads its list with one call (GetResources?embed=methods, GetGatewayResponses, \
         GetModels, GetAuthorizers, GetRequestValidators, GetStages, \
         GetDocumentationParts, GetDocumentationVersions); a REST API and objects outside \
         one are read with their Get call. Goal 4 measures what the snapshots save in a \
         refresh.\n\n\
         | resource type | create | read | update | delete | reads in writes |\n\
         |---|---|---|---|---|---|\n",
    );
    let mut all_one = true;
    let mut judged = 0;
    for s in scenarios() {
        match rt.block_on(lifecycle(&h, &s)) {
            Ok(c) => {
                judged += 1;
                all_one &= c.create == 1 && c.update == 1 && c.delete == 1;
                table.push_str(&format!(
                    "| `{}` | {} | {} | {} | {} | {} |\n",
                    s.type_name, c.create, c.read, c.update, c.delete, c.reads_in_writes
                ));
            }
            Err(e) => {
                table.push_str(&format!("| `{}` | failed: {e} | | | | |\n", s.type_name));
                report.fail(format!("in-process lifecycle of {}: {e}", s.type_name));
            }
        }
    }
    report.row(
        Row::count(
            "3 calls/op",
            format!(
                "in process: AWS write calls per create, update, delete ({judged} resource types)"
            ),
        )
        .measured(if all_one {
            "1 each".to_owned()
        } else {
            "see table".to_owned()
        })
        .target("exactly 1", Verdict::of(all_one && judged > 0)),
    );
    if !all_one {
        report.note(
            "In process, some create/update/delete made other than one AWS call; see \"Calls \
             per operation, in process\".",
        );
    }
    report.section("Calls per operation, in process", table);

    // Goal 2.
    let (warmup, n) = if opts.smoke {
        (SMOKE_WARMUP, SMOKE_ITERATIONS)
    } else {
        (WARMUP, ITERATIONS)
    };
    let t = match rt.block_on(timed(&h, warmup, n)) {
        Ok(t) => t,
        Err(e) => {
            report.fail(format!("per-RPC timing of apigateway_method: {e}"));
            return;
        }
    };
    // (name, samples, baseline, baseline's name, whether it calls AWS)
    let rows: [(&str, &Samples, &Samples, &str, bool); 4] = [
        (
            "PlanResourceChange (update of a method)",
            &t.plan,
            &t.codec_plan,
            "msgpack codec alone",
            false,
        ),
        (
            "ApplyResourceChange (create of a method)",
            &t.apply,
            &t.sdk_put,
            "bare SDK PutMethod, same client",
            true,
        ),
        (
            "ReadResource (a method, loading the API's read snapshot)",
            &t.read_load,
            &t.sdk_get_resources,
            "bare SDK GetResources?embed=methods, same client",
            true,
        ),
        (
            "ReadResource (a method, from the API's read snapshot)",
            &t.read_hit,
            &t.codec_read,
            "msgpack codec alone",
            false,
        ),
    ];
    for (name, s, base, base_name, calls_aws) in rows {
        let ok = s.median() <= GOAL_P50 && s.pct(99.0) <= GOAL_P99;
        let stack = if calls_aws {
            "; client as `Aws::connect` builds it, rate limiter on but never waiting"
        } else {
            ""
        };
        report.row(
            Row::timing("2 per-RPC", format!("{name}, p50 / p99{stack}"))
                .measured(format!("{} / {}", us(s.median()), us(s.pct(99.0))))
                .baseline(format!(
                    "{base_name}: {} / {}",
                    us(base.median()),
                    us(base.pct(99.0))
                ))
                .ratio(ratio(s, base))
                .target(
                    format!("≤ {} / ≤ {}", us(GOAL_P50), us(GOAL_P99)),
                    Verdict::of(ok),
                ),
        );
        if !ok && !report.smoke {
            report.note(format!(
                "{name}: p50 {} / p99 {} against ≤ {} / ≤ {}; the {base_name} it contains \
                 alone takes {} / {}.",
                us(s.median()),
                us(s.pct(99.0)),
                us(GOAL_P50),
                us(GOAL_P99),
                us(base.median()),
                us(base.pct(99.0))
            ));
        }
    }
    report.row(
        Row::timing(
            "2 per-RPC",
            "client stack per AWS call (transport::Governed, `Aws::connect`'s configuration): \
             bare SDK PutMethod, p50 / p99",
        )
        .measured(format!(
            "{} / {}",
            us(t.stack_put.median()),
            us(t.stack_put.pct(99.0))
        ))
        .baseline(format!(
            "plain SDK client: {} / {}",
            us(t.plain_put.median()),
            us(t.plain_put.pct(99.0))
        ))
        .ratio(ratio(&t.stack_put, &t.plain_put)),
    );
    let minutes = t.governed_calls as f64 / QUOTA_RATE / 60.0;
    report.section(
        "Per-RPC overhead",
        format!(
            "{n} timed calls per RPC after {warmup} warm-up calls, one at a time on a \
             two-worker Tokio runtime like the provider's. Each call: protobuf-decode the \
             request bytes, run the RPC handler (msgpack decode, validation, planning or the \
             resource's AWS call, msgpack encode), protobuf-encode the response.\n\n\
             **Measured**, per AWS call, the client as `Aws::connect` (src/aws/mod.rs) builds \
             it: `aws_config` defaults with the provider block's static keys, region and \
             endpoint; standard retries (at most {attempts} attempts) and the connect and \
             per-attempt timeouts; the `EmptyTemplateNulls` interceptor; the SDK's endpoint \
             resolution, signing, serialising and deserialising; and `transport::Governed` \
             under it: the stop check, a token from the rate limiter's bucket, call counting, \
             dropping the API's read snapshot before and after a write, and the request copy \
             kept for a refused-connection retry. Reads go through the read snapshots of \
             `src/aws/cache.rs`, as in Terraform: *from the read snapshot* is every read of a \
             refresh but the first of each REST API; *loading the read snapshot* is that \
             first read, or any read after a write to the API (the snapshot is dropped before \
             each call, outside the timing), one GetResources?embed=methods of an API of \
             {resources} resources with {methods} methods.\n\n\
             **Measured differently**: the rate limiter's bucket refills at 10^12 calls/s, so \
             it takes a token on every call but never waits: at API Gateway's quota of \
             {QUOTA_RATE} calls/s, the {governed} calls counted below would take {minutes:.0} \
             minutes. Waiting at the quota is goal 5's measurement.\n\n\
             **Not measured**: the gRPC transport to Terraform (HTTP/2 and TLS framing; the \
             service is called directly); the HTTPS client, TLS and network to AWS (the \
             in-process responder answers at once, so retries and timeouts never fire: only \
             their per-call bookkeeping is measured); credentials from the default chain \
             (environment, profile, SSO, IMDS; static keys are used); ConfigureProvider \
             itself (once per process); `APIGW_ATTEMPT_TIMEOUT_MS` (the default attempt \
             timeout is used).\n\n\
             | RPC | min | p50 | p90 | p99 | max | AWS calls per RPC |\n\
             |---|---|---|---|---|---|---|\n\
             | PlanResourceChange | {} | {:.2} |\n\
             | ApplyResourceChange (create) | {} | {:.2} |\n\
             | ReadResource, loading the read snapshot | {} | {:.2} |\n\
             | ReadResource, from the read snapshot | {} | {:.2} |\n\
             | *baseline: msgpack codec of a plan* | {} | 0 |\n\
             | *baseline: msgpack codec of a read* | {} | 0 |\n\
             | *baseline: bare SDK PutMethod* | {} | 1 |\n\
             | *baseline: bare SDK GetResources?embed=methods* | {} | 1 |\n\n\
             The client stack alone: a bare SDK PutMethod through this client, alternating \
             with one through a plain SDK client on the same responder (SDK defaults and \
             `EmptyTemplateNulls`, no `transport::Governed`: what `Aws::from_client` gets in \
             unit tests), {n} calls each.\n\n\
             | client | min | p50 | p90 | p99 | max |\n|---|---|---|---|---|---|\n\
             | as `Aws::connect` builds it | {} |\n\
             | plain SDK client | {} |\n\n\
             Every AWS call above went through `transport::Governed`: it counted \
             {governed} calls, and the responder answered {answered} (before the plain \
             client's).\n",
            cells(&t.plan),
            t.calls_per_plan,
            cells(&t.apply),
            t.calls_per_apply,
            cells(&t.read_load),
            t.calls_per_read_load,
            cells(&t.read_hit),
            t.calls_per_read_hit,
            cells(&t.codec_plan),
            cells(&t.codec_read),
            cells(&t.sdk_put),
            cells(&t.sdk_get_resources),
            cells(&t.stack_put),
            cells(&t.plain_put),
            attempts = DEFAULT_MAX_RETRIES + 1,
            resources = t.snapshot.0,
            methods = t.snapshot.1,
            governed = t.governed_calls,
            answered = t.answered_calls,
        ),
    );
}

/// p50 and p99 of `s` against `base`.
fn ratio(s: &Samples, base: &Samples) -> String {
    format!(
        "{:.1}× / {:.1}×",
        s.median().as_secs_f64() / base.median().as_secs_f64().max(1e-12),
        s.pct(99.0).as_secs_f64() / base.pct(99.0).as_secs_f64().max(1e-12)
    )
}

/// min, p50, p90, p99 and max as table cells.
fn cells(s: &Samples) -> String {
    format!(
        "{} | {} | {} | {} | {}",
        us(s.pct(0.0)),
        us(s.median()),
        us(s.pct(90.0)),
        us(s.pct(99.0)),
        us(s.pct(100.0))
    )
}
