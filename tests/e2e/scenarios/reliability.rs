//! Reliability scenarios (docs/RELIABILITY.md): a 100-object apply through the test proxy
//! while it injects 500/503/429/409 answers, connection resets and stalls; parallel creates
//! under conflicts; Ctrl-C and `kill -9` in the middle of an apply; a hung endpoint; and a
//! table of invalid input that must fail before any write. Every scenario checks the
//! emulator with its own SDK calls and compares it with Terraform's state object by object.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::process::Command;
use std::time::{Duration, Instant};

use apigw_proxy::{FaultConfig, Handle, Operation, Stats};
use terraform_provider_apigateway::aws::transport::{CANCELLED, STOP_GRACE};

use super::Scenario;
use crate::Ctx;
use crate::harness::{Run, Workdir, assert_clean_exit, eventually, start_proxy};

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[
    (
        "reliability_faults_apply_100_objects_and_lose_nothing",
        faults_lose_nothing,
    ),
    (
        "reliability_50_parallel_creates_under_conflicts",
        parallel_creates_under_conflicts,
    ),
    (
        "reliability_ctrl_c_cancels_in_flight_calls_and_rerun_converges",
        ctrl_c_mid_apply,
    ),
    (
        "reliability_kill_9_providers_exit_and_rerun_converges",
        kill_9_mid_apply,
    ),
    (
        "reliability_hung_endpoint_fails_fast_with_a_clear_diagnostic",
        hung_endpoint,
    ),
    (
        "reliability_refused_endpoint_fails_in_seconds_naming_the_url",
        refused_endpoint,
    ),
    (
        "reliability_invalid_input_fails_at_plan_with_zero_writes",
        invalid_input_table,
    ),
];

/// The attempt timeout the fault scenarios give the provider: short, so stalls are cheap.
const ATTEMPT_TIMEOUT_MS: &str = "1000";
/// Injected stalls outlast [`ATTEMPT_TIMEOUT_MS`], so every stall is a timed-out attempt.
const STALL_MS: u64 = 1500;
/// No client-side rate limit, and the short attempt timeout.
const FAST: &[(&str, &str)] = &[
    ("APIGW_RATE_LIMIT", "off"),
    ("APIGW_ATTEMPT_TIMEOUT_MS", ATTEMPT_TIMEOUT_MS),
];
const APPLY: &[&str] = &["apply", "-auto-approve", "-input=false"];

/// Verbs of the generated module and the status code each answers with.
const VERBS: &[(&str, &str)] = &[
    ("GET", "200"),
    ("POST", "201"),
    ("PUT", "200"),
    ("DELETE", "204"),
];

/// Gateway response types with a status code for each.
const GATEWAY_RESPONSES: &[(&str, &str)] = &[
    ("DEFAULT_4XX", "400"),
    ("DEFAULT_5XX", "500"),
    ("RESOURCE_NOT_FOUND", "404"),
    ("UNAUTHORIZED", "401"),
    ("INVALID_API_KEY", "403"),
    ("ACCESS_DENIED", "403"),
    ("AUTHORIZER_FAILURE", "500"),
    ("AUTHORIZER_CONFIGURATION_ERROR", "500"),
    ("INVALID_SIGNATURE", "403"),
    ("EXPIRED_TOKEN", "403"),
    ("MISSING_AUTHENTICATION_TOKEN", "403"),
    ("INTEGRATION_FAILURE", "504"),
    ("INTEGRATION_TIMEOUT", "504"),
    ("API_CONFIGURATION_ERROR", "500"),
    ("UNSUPPORTED_MEDIA_TYPE", "415"),
    ("BAD_REQUEST_PARAMETERS", "400"),
    ("BAD_REQUEST_BODY", "400"),
    ("REQUEST_TOO_LARGE", "413"),
    ("THROTTLED", "429"),
    ("QUOTA_EXCEEDED", "429"),
    ("WAF_FILTERED", "403"),
];

/// A generated module: one REST API, `paths` top-level resources, and for each resource and
/// verb a method, a method response, a MOCK integration and an integration response; plus
/// `gateway_responses` customised gateway responses. `version` goes into operation names and
/// templates, so changing it updates 2 objects per method and every gateway response.
struct Module<'a> {
    name: &'a str,
    paths: usize,
    verbs: &'a [(&'a str, &'a str)],
    gateway_responses: usize,
    version: &'a str,
}

impl Module<'_> {
    /// The module with 100 objects: 1 + 5 + 5 x 4 x 4 + 14.
    fn hundred<'a>(name: &'a str, version: &'a str) -> Module<'a> {
        Module {
            name,
            paths: 5,
            verbs: VERBS,
            gateway_responses: 14,
            version,
        }
    }

    fn object_count(&self) -> usize {
        1 + self.paths + 4 * self.paths * self.verbs.len() + self.gateway_responses
    }

    fn hcl(&self) -> String {
        let verbs: Vec<String> = self
            .verbs
            .iter()
            .map(|(verb, status)| format!("    {verb} = \"{status}\"\n"))
            .collect();
        let gateway: Vec<String> = GATEWAY_RESPONSES[..self.gateway_responses]
            .iter()
            .map(|(kind, status)| format!("    {kind} = \"{status}\"\n"))
            .collect();
        MODULE
            .replace("@NAME@", self.name)
            .replace("@PATHS@", &self.paths.to_string())
            .replace("@VERBS@", &verbs.concat())
            .replace("@GATEWAY@", &gateway.concat())
            .replace("@VERSION@", self.version)
    }
}

const MODULE: &str = r#"
locals {
  paths    = toset([for i in range(@PATHS@) : format("p%02d", i)])
  statuses = {
@VERBS@  }
  methods = {
    for pair in setproduct(local.paths, keys(local.statuses)) :
    "${pair[0]} ${pair[1]}" => { path = pair[0], verb = pair[1], status = local.statuses[pair[1]] }
  }
  gateway = {
@GATEWAY@  }
}

resource "apigateway_rest_api" "api" {
  name = "@NAME@"
}

resource "apigateway_resource" "r" {
  for_each    = local.paths
  rest_api_id = apigateway_rest_api.api.id
  parent_id   = apigateway_rest_api.api.root_resource_id
  path_part   = each.key
}

resource "apigateway_method" "m" {
  for_each           = local.methods
  rest_api_id        = apigateway_rest_api.api.id
  resource_id        = apigateway_resource.r[each.value.path].id
  http_method        = each.value.verb
  authorization      = "NONE"
  operation_name     = "@VERSION@${each.value.verb}${each.value.path}"
  request_parameters = { "method.request.querystring.page" = false }
}

resource "apigateway_method_response" "m" {
  for_each            = local.methods
  rest_api_id         = apigateway_rest_api.api.id
  resource_id         = apigateway_resource.r[each.value.path].id
  http_method         = apigateway_method.m[each.key].http_method
  status_code         = each.value.status
  response_models     = { "application/json" = "Empty" }
  response_parameters = { "method.response.header.X-Version" = false }
}

resource "apigateway_integration" "m" {
  for_each          = local.methods
  rest_api_id       = apigateway_rest_api.api.id
  resource_id       = apigateway_resource.r[each.value.path].id
  http_method       = apigateway_method.m[each.key].http_method
  type              = "MOCK"
  request_templates = { "application/json" = jsonencode({ statusCode = tonumber(each.value.status) }) }
}

resource "apigateway_integration_response" "m" {
  for_each            = local.methods
  rest_api_id         = apigateway_rest_api.api.id
  resource_id         = apigateway_resource.r[each.value.path].id
  http_method         = apigateway_integration.m[each.key].http_method
  status_code         = apigateway_method_response.m[each.key].status_code
  response_templates  = { "application/json" = "{\"version\": \"@VERSION@\"}" }
  response_parameters = { "method.response.header.X-Version" = "'@VERSION@'" }
}

resource "apigateway_gateway_response" "g" {
  for_each           = local.gateway
  rest_api_id        = apigateway_rest_api.api.id
  response_type      = each.key
  status_code        = each.value
  response_templates = { "application/json" = "{\"message\": $context.error.messageString, \"version\": \"@VERSION@\"}" }
}
"#;

/// Transient faults on every request the filter selects (rates in the docs).
fn transient_faults(seed: u64) -> FaultConfig {
    FaultConfig {
        error500: 0.05,
        error503: 0.05,
        throttle429: 0.05,
        reset: 0.03,
        stall: 0.03,
        stall_ms: STALL_MS,
        seed: Some(seed),
        ..FaultConfig::default()
    }
}

/// Write calls (anything but a read) the proxy saw.
fn writes(stats: &Stats) -> u64 {
    stats
        .operations
        .iter()
        .filter(|(op, _)| !op.starts_with("Get") && op.as_str() != "Other")
        .map(|(_, n)| n)
        .sum()
}

fn add_faults(total: &mut BTreeMap<&'static str, u64>, stats: &Stats) {
    for (kind, n) in stats.faults.by_kind() {
        *total.entry(kind).or_default() += n;
    }
}

fn run_ok(wd: &Workdir, args: &[&str], envs: &[(&str, &str)]) -> Run {
    let r = wd.run_env(args, envs);
    assert_eq!(r.code, 0, "terraform {args:?} failed:\n{}", r.all());
    assert_clean_exit(&r);
    r
}

fn assert_plan_clean(wd: &Workdir) {
    let r = wd.run_env(&["plan", "-detailed-exitcode", "-input=false"], FAST);
    assert_eq!(r.code, 0, "expected no changes, got:\n{}", r.all());
}

/// Key `k=v` pairs of a JSON object (null: none), sorted.
fn json_pairs(v: &serde_json::Value) -> String {
    let mut pairs: Vec<String> = v
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| match v {
            serde_json::Value::String(s) => format!("{k}={s}"),
            other => format!("{k}={other}"),
        })
        .collect();
    pairs.sort();
    pairs.join(",")
}

/// Key `k=v` pairs of an SDK map, sorted.
fn map_pairs<V: ToString>(m: Option<&HashMap<String, V>>) -> String {
    let mut pairs: Vec<String> = m
        .into_iter()
        .flatten()
        .map(|(k, v)| format!("{k}={}", v.to_string()))
        .collect();
    pairs.sort();
    pairs.join(",")
}

/// The REST API id in state and every other object in state as a comparable line.
fn state_objects(state: &serde_json::Value) -> (String, BTreeSet<String>) {
    let mut api = String::new();
    let mut lines = BTreeSet::new();
    let resources = state["values"]["root_module"]["resources"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let s = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    for r in &resources {
        let v = &r["values"];
        let line = match r["type"].as_str().unwrap_or_default() {
            "apigateway_rest_api" => {
                assert!(api.is_empty(), "one REST API in state");
                api = s(&v["id"]);
                continue;
            }
            "apigateway_resource" => format!("resource {} {}", s(&v["id"]), s(&v["path"])),
            "apigateway_method" => format!(
                "method {} {} auth={} op={} params={}",
                s(&v["resource_id"]),
                s(&v["http_method"]),
                s(&v["authorization"]),
                s(&v["operation_name"]),
                json_pairs(&v["request_parameters"])
            ),
            "apigateway_method_response" => format!(
                "method_response {} {} {} models={} params={}",
                s(&v["resource_id"]),
                s(&v["http_method"]),
                s(&v["status_code"]),
                json_pairs(&v["response_models"]),
                json_pairs(&v["response_parameters"])
            ),
            "apigateway_integration" => format!(
                "integration {} {} type={} templates={}",
                s(&v["resource_id"]),
                s(&v["http_method"]),
                s(&v["type"]),
                json_pairs(&v["request_templates"])
            ),
            "apigateway_integration_response" => format!(
                "integration_response {} {} {} templates={} params={}",
                s(&v["resource_id"]),
                s(&v["http_method"]),
                s(&v["status_code"]),
                json_pairs(&v["response_templates"]),
                json_pairs(&v["response_parameters"])
            ),
            "apigateway_gateway_response" => format!(
                "gateway_response {} status={} templates={}",
                s(&v["response_type"]),
                s(&v["status_code"]),
                json_pairs(&v["response_templates"])
            ),
            other => panic!("unexpected resource type {other} in state"),
        };
        assert!(lines.insert(line.clone()), "duplicate in state: {line}");
    }
    (api, lines)
}

/// Every object of REST API `api` in the emulator (except the root resource and gateway
/// responses left at their defaults), read with the SDK, as the lines of [`state_objects`].
fn emulator_objects(ctx: &Ctx, api: &str) -> BTreeSet<String> {
    let mut lines = BTreeSet::new();
    let mut add = |line: String| assert!(lines.insert(line.clone()), "duplicate: {line}");
    let resources = ctx
        .rt
        .block_on(
            ctx.sdk
                .get_resources()
                .rest_api_id(api)
                .embed("methods")
                .limit(500)
                .send(),
        )
        .expect("GetResources");
    for r in resources.items() {
        let id = r.id().unwrap_or_default();
        if r.path() != Some("/") {
            add(format!("resource {id} {}", r.path().unwrap_or_default()));
        }
        for (verb, m) in r.resource_methods().into_iter().flatten() {
            add(format!(
                "method {id} {verb} auth={} op={} params={}",
                m.authorization_type().unwrap_or_default(),
                m.operation_name().unwrap_or_default(),
                map_pairs(m.request_parameters())
            ));
            for (code, mr) in m.method_responses().into_iter().flatten() {
                add(format!(
                    "method_response {id} {verb} {code} models={} params={}",
                    map_pairs(mr.response_models()),
                    map_pairs(mr.response_parameters())
                ));
            }
            if let Some(i) = m.method_integration() {
                add(format!(
                    "integration {id} {verb} type={} templates={}",
                    i.r#type().map(|t| t.as_str()).unwrap_or_default(),
                    map_pairs(i.request_templates())
                ));
                for (code, ir) in i.integration_responses().into_iter().flatten() {
                    add(format!(
                        "integration_response {id} {verb} {code} templates={} params={}",
                        map_pairs(ir.response_templates()),
                        map_pairs(ir.response_parameters())
                    ));
                }
            }
        }
    }
    let gateway = ctx
        .rt
        .block_on(
            ctx.sdk
                .get_gateway_responses()
                .rest_api_id(api)
                .limit(500)
                .send(),
        )
        .expect("GetGatewayResponses");
    for g in gateway.items().iter().filter(|g| !g.default_response()) {
        add(format!(
            "gateway_response {} status={} templates={}",
            g.response_type().map(|t| t.as_str()).unwrap_or_default(),
            g.status_code().unwrap_or_default(),
            map_pairs(g.response_templates())
        ));
    }
    lines
}

fn rest_apis_named(ctx: &Ctx, name: &str) -> Vec<String> {
    let out = ctx
        .rt
        .block_on(ctx.sdk.get_rest_apis().limit(500).send())
        .expect("GetRestApis");
    out.items()
        .iter()
        .filter(|a| a.name() == Some(name))
        .filter_map(|a| a.id().map(str::to_owned))
        .collect()
}

/// Terraform's state and the emulator hold exactly the same objects, there is exactly one
/// REST API called `name`, and (when given) the state holds `expected` objects. Returns the
/// number of objects in state, the REST API included.
fn assert_state_equals_emulator(
    ctx: &Ctx,
    wd: &Workdir,
    name: &str,
    expected: Option<usize>,
) -> usize {
    let (api, in_state) = state_objects(&wd.state());
    assert!(!api.is_empty(), "the REST API is in state");
    assert_eq!(
        rest_apis_named(ctx, name),
        std::slice::from_ref(&api),
        "exactly one REST API named {name}, the one in state"
    );
    let in_emulator = emulator_objects(ctx, &api);
    let missing: Vec<_> = in_state.difference(&in_emulator).collect();
    let extra: Vec<_> = in_emulator.difference(&in_state).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "state and emulator differ:\nin state only: {missing:#?}\nin the emulator only: {extra:#?}"
    );
    let count = in_state.len() + 1;
    if let Some(expected) = expected {
        assert_eq!(count, expected, "objects in state");
    }
    count
}

fn destroy_and_check_gone(ctx: &Ctx, wd: &Workdir, name: &str) {
    run_ok(wd, &["destroy", "-auto-approve"], FAST);
    assert!(
        eventually(Duration::from_secs(5), || rest_apis_named(ctx, name)
            .is_empty()),
        "the REST API is gone after destroy"
    );
}

fn proxy(ctx: &Ctx) -> Handle {
    start_proxy(&ctx.rt, &ctx.endpoint, 0.0, 1, FaultConfig::default())
}

/// A 100-object module created, refreshed, updated and destroyed through the proxy while it
/// injects every kind of fault: each command must succeed on its first run, and state must
/// equal the emulator exactly.
fn faults_lose_nothing(ctx: &Ctx) {
    let name = ctx.name("faults");
    let proxy = proxy(ctx);
    let wd = Workdir::new("reliability-faults", &ctx.tf, &proxy.url());
    let mut total = BTreeMap::new();
    let mut report = Vec::new();

    // 1. CreateRestApi alone, with a high rate of resets, stalls and errors: faults are
    //    injected before forwarding (a stalled request whose client gave up is dropped, never
    //    forwarded), so a retried create never duplicates the API. Only CreateRestApi draws
    //    from the seeded sequence, so this phase is deterministic.
    let api_only = Module {
        name: &name,
        paths: 0,
        verbs: &[],
        gateway_responses: 0,
        version: "v1",
    };
    wd.write(&api_only.hcl());
    proxy
        .set_faults(FaultConfig {
            error500: 0.2,
            error503: 0.2,
            reset: 0.25,
            stall: 0.3,
            stall_ms: STALL_MS,
            operations: vec![Operation::CreateRestApi],
            // With this seed the first three attempts stall, reset and answer 500.
            seed: Some(40),
            ..FaultConfig::default()
        })
        .unwrap();
    let started = Instant::now();
    run_ok(&wd, APPLY, FAST);
    let stats = proxy.reset();
    add_faults(&mut total, &stats);
    assert!(
        stats.faults.stall >= 1 && stats.faults.reset >= 1 && stats.faults.error500 >= 1,
        "faults hit CreateRestApi: {:?}",
        stats.faults
    );
    assert_eq!(
        stats.operation(Operation::CreateRestApi),
        stats.faults.total() + 1,
        "each fault cost one retry"
    );
    assert_eq!(
        stats.forwarded,
        stats.requests - stats.faults.total(),
        "a stalled request whose client gave up is never forwarded: {stats:?}"
    );
    assert_eq!(rest_apis_named(ctx, &name).len(), 1, "one REST API");
    report.push(format!(
        "CreateRestApi: {} attempts, faults {:?}, {:.1}s",
        stats.operation(Operation::CreateRestApi),
        stats.faults,
        started.elapsed().as_secs_f64()
    ));

    // 2. The other 99 objects, with every fault kind on every write. Reads get none here:
    //    409 "concurrent modification" is an answer to writes only.
    let v1 = Module::hundred(&name, "v1");
    assert_eq!(v1.object_count(), 100);
    wd.write(&v1.hcl());
    proxy
        .set_faults(FaultConfig {
            conflict409: 0.05,
            writes_only: true,
            ..transient_faults(11)
        })
        .unwrap();
    let started = Instant::now();
    run_ok(&wd, APPLY, FAST);
    let stats = proxy.reset();
    add_faults(&mut total, &stats);
    report.push(format!(
        "create 99: {} requests ({} writes), faults {:?}, {:.1}s",
        stats.requests,
        writes(&stats),
        stats.faults,
        started.elapsed().as_secs_f64()
    ));
    proxy.set_faults(FaultConfig::default()).unwrap();
    assert_state_equals_emulator(ctx, &wd, &name, Some(100));

    // 3. A refresh of all 100 (a plan) with faults on every read. Only reads draw from the
    //    seeded sequence here; with this seed its first eight draws hold every kind.
    proxy
        .set_faults(FaultConfig {
            error500: 0.1,
            error503: 0.1,
            throttle429: 0.1,
            reset: 0.1,
            stall: 0.1,
            stall_ms: STALL_MS,
            seed: Some(1286),
            ..FaultConfig::default()
        })
        .unwrap();
    let started = Instant::now();
    assert_plan_clean(&wd);
    let stats = proxy.reset();
    add_faults(&mut total, &stats);
    // Every kind configured above; reads never draw a 409.
    for (kind, n) in stats.faults.by_kind() {
        assert!(
            kind == "conflict409" || n > 0,
            "the refresh met a {kind} fault: {stats:?}"
        );
    }
    report.push(format!(
        "refresh 100: {} reads, faults {:?}, {:.1}s",
        stats.requests,
        stats.faults,
        started.elapsed().as_secs_f64()
    ));

    // 4. Update 54 of them (operation names, integration and gateway response templates)
    //    with transient faults on every call, reads included (the refresh reads all 100).
    wd.write(&Module::hundred(&name, "v2").hcl());
    proxy.set_faults(transient_faults(12)).unwrap();
    let started = Instant::now();
    let r = run_ok(&wd, APPLY, FAST);
    assert!(
        r.stdout.contains("0 added, 54 changed, 0 destroyed"),
        "{}",
        r.stdout
    );
    let stats = proxy.reset();
    add_faults(&mut total, &stats);
    report.push(format!(
        "update 54: {} requests ({} writes), faults {:?}, {:.1}s",
        stats.requests,
        writes(&stats),
        stats.faults,
        started.elapsed().as_secs_f64()
    ));

    // 5. Faults off: state equals the emulator, and the next plan is clean.
    proxy.set_faults(FaultConfig::default()).unwrap();
    assert_state_equals_emulator(ctx, &wd, &name, Some(100));
    assert_plan_clean(&wd);

    // 6. Destroy with faults on every call, 409s on the sub-objects' deletes.
    proxy
        .set_faults(FaultConfig {
            conflict409: 0.05,
            ..transient_faults(13)
        })
        .unwrap();
    let started = Instant::now();
    destroy_and_check_gone(ctx, &wd, &name);
    let stats = proxy.reset();
    add_faults(&mut total, &stats);
    report.push(format!(
        "destroy 100: {} requests, faults {:?}, {:.1}s",
        stats.requests,
        stats.faults,
        started.elapsed().as_secs_f64()
    ));
    println!(
        "  [terraform {}] faults: {}\n  total faults injected: {total:?}",
        ctx.tf.version,
        report.join("; ")
    );
    for (kind, n) in &total {
        assert!(*n > 0, "no {kind} fault was injected: {total:?}");
    }
}

/// Top-level resources of [`parallel_creates_under_conflicts`], each with a GET method.
const PARALLEL_PATHS: usize = 50;
/// How many of those methods get method responses, and their status codes: the responses of
/// one method are all ready to create the moment it exists, so Terraform sends them together.
const PARALLEL_RESPONSE_METHODS: usize = 10;
const PARALLEL_RESPONSE_CODES: &[&str] = &["200", "400", "500"];

/// The module of [`parallel_creates_under_conflicts`] and its number of objects.
fn parallel_module(name: &str) -> (String, usize) {
    let codes: Vec<String> = PARALLEL_RESPONSE_CODES
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect();
    let hcl = format!(
        r#"
locals {{
  paths = [for i in range({PARALLEL_PATHS}) : format("r%02d", i)]
  responses = {{
    for pair in setproduct(slice(local.paths, 0, {PARALLEL_RESPONSE_METHODS}), [{codes}]) :
    "${{pair[0]}} ${{pair[1]}}" => {{ path = pair[0], status = pair[1] }}
  }}
}}

resource "apigateway_rest_api" "api" {{
  name = "{name}"
}}

resource "apigateway_resource" "r" {{
  for_each    = toset(local.paths)
  rest_api_id = apigateway_rest_api.api.id
  parent_id   = apigateway_rest_api.api.root_resource_id
  path_part   = each.key
}}

resource "apigateway_method" "m" {{
  for_each      = apigateway_resource.r
  rest_api_id   = apigateway_rest_api.api.id
  resource_id   = each.value.id
  http_method   = "GET"
  authorization = "NONE"
}}

resource "apigateway_method_response" "m" {{
  for_each    = local.responses
  rest_api_id = apigateway_rest_api.api.id
  resource_id = apigateway_resource.r[each.value.path].id
  http_method = apigateway_method.m[each.value.path].http_method
  status_code = each.value.status
}}
"#,
        codes = codes.join(", ")
    );
    let objects =
        1 + 2 * PARALLEL_PATHS + PARALLEL_RESPONSE_METHODS * PARALLEL_RESPONSE_CODES.len();
    (hcl, objects)
}

/// 50 resources, then 50 methods and 30 method responses (3 on each of 10 methods), created
/// in parallel on one REST API (`-parallelism=50`) while the proxy answers 409 "concurrent
/// modification" to half of the writes that arrive while another write to the API is being
/// applied upstream (`conflict409_when_concurrent`), as API Gateway does. So conflicts happen
/// only if the provider really writes in parallel. The proxy also records how many writes to
/// the API it held at once: more than one, but never two method-response writes, which the
/// provider serialises per REST API (`aws::locks::rest_api`) because AWS answers parallel ones
/// with conflicts; in the apply and again in the destroy.
fn parallel_creates_under_conflicts(ctx: &Ctx) {
    let name = ctx.name("parallel");
    let proxy = proxy(ctx);
    let wd = Workdir::new("reliability-parallel", &ctx.tf, &proxy.url());
    let (hcl, objects) = parallel_module(&name);
    wd.write(&hcl);
    proxy
        .set_faults(FaultConfig {
            conflict409: 0.5,
            conflict409_when_concurrent: true,
            seed: Some(21),
            ..FaultConfig::default()
        })
        .unwrap();
    let started = Instant::now();
    run_ok(
        &wd,
        &["apply", "-auto-approve", "-input=false", "-parallelism=50"],
        FAST,
    );
    let took = started.elapsed().as_secs_f64();
    let stats = proxy.reset();
    proxy.set_faults(FaultConfig::default()).unwrap();
    let overlap = &stats.write_overlap;
    println!(
        "  [terraform {}] {objects} parallel creates: CreateResource {} calls, PutMethod {} calls, PutMethodResponse {} calls, {} conflicts injected; most writes to the API at once {} (by object {:?}), {took:.1}s",
        ctx.tf.version,
        stats.operation(Operation::CreateResource),
        stats.operation(Operation::PutMethod),
        stats.operation(Operation::PutMethodResponse),
        stats.faults.conflict409,
        overlap.max,
        overlap.by_object
    );
    assert!(
        overlap.max > 1,
        "writes to the REST API overlapped (Terraform sends them in parallel): {overlap:?}"
    );
    assert_eq!(
        overlap.max_for(Operation::PutMethodResponse),
        1,
        "method-response writes to one REST API never overlapped (the provider's lock): {overlap:?}"
    );
    // Only writes that overlapped another one could get a 409.
    assert!(
        stats.faults.conflict409 >= 20,
        "conflicts were injected into overlapping writes: {:?}",
        stats.faults
    );
    assert_eq!(
        writes(&stats),
        objects as u64 + stats.faults.conflict409,
        "each conflict cost exactly one retry: {:?}",
        stats.operations
    );
    assert_state_equals_emulator(ctx, &wd, &name, Some(objects));
    assert_plan_clean(&wd);

    // The destroy (Terraform's default parallelism, no faults) deletes the 30 method
    // responses one at a time too.
    proxy.reset();
    destroy_and_check_gone(ctx, &wd, &name);
    let stats = proxy.reset();
    let responses = (PARALLEL_RESPONSE_METHODS * PARALLEL_RESPONSE_CODES.len()) as u64;
    assert_eq!(
        stats.operation(Operation::DeleteMethodResponse),
        responses,
        "{:?}",
        stats.operations
    );
    assert_eq!(
        stats.write_overlap.max_for(Operation::DeleteMethodResponse),
        1,
        "method-response deletes never overlapped: {:?}",
        stats.write_overlap
    );
}

/// Sends SIGINT to a process group, as a terminal's Ctrl-C does.
pub(super) fn interrupt_group(pgid: u32) {
    let status = Command::new("kill")
        .args(["-INT", "--", &format!("-{pgid}")])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -INT -{pgid}");
}

/// The parent process id of `pid`.
fn parent_of(pid: u32) -> Option<u32> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("PPid:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// `kill -9 pid`.
fn kill_9(pid: u32) {
    let status = Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -9 {pid}");
}

/// Waits until the proxy has seen `n` writes (the apply is under way).
fn wait_for_writes(proxy: &Handle, n: u64) {
    assert!(
        eventually(Duration::from_secs(30), || writes(&proxy.stats()) >= n),
        "the apply made {n} writes within 30 s: {:?}",
        proxy.stats()
    );
}

/// Ctrl-C in the middle of a slow 100-object apply, while some calls hang: Terraform calls
/// StopProvider, the provider sends nothing new and abandons the hung calls after its short
/// grace, Terraform saves what was done and exits; state equals the emulator; a re-run
/// converges.
fn ctrl_c_mid_apply(ctx: &Ctx) {
    let name = ctx.name("sigint");
    let proxy = proxy(ctx);
    let wd = Workdir::new("reliability-sigint", &ctx.tf, &proxy.url());
    wd.write(&Module::hundred(&name, "v1").hcl());
    // 5 calls/s: the apply takes about 20 s; it is a third of the way after about 6 s.
    let mut apply = wd.spawn_env(APPLY, &[("APIGW_RATE_LIMIT", "5/5")]);
    wait_for_writes(&proxy, 30);
    // From now on every call hangs in the proxy (never forwarded), so there are calls in
    // flight that only StopProvider can end.
    proxy
        .set_faults(FaultConfig {
            stall: 1.0,
            stall_ms: 600_000,
            ..FaultConfig::default()
        })
        .unwrap();
    assert!(
        eventually(Duration::from_secs(10), || proxy.stats().faults.stall >= 3),
        "calls are hanging"
    );
    assert!(!wd.provider_pids().is_empty(), "providers are running");
    let interrupted = Instant::now();
    interrupt_group(apply.pid());
    // Terraform relays the interrupt to the providers as StopProvider within milliseconds;
    // from then on nothing new may reach the proxy.
    std::thread::sleep(Duration::from_millis(300));
    let sent_at_stop = proxy.stats().requests;
    let r = apply
        .wait_for(Duration::from_secs(30))
        .expect("terraform exits within 30 s of Ctrl-C");
    let took = interrupted.elapsed();
    assert_ne!(r.code, 0, "an interrupted apply fails:\n{}", r.all());
    let text = r.all().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains(CANCELLED),
        "the transport cancelled the in-flight calls with its own message:\n{text}"
    );
    assert!(
        !text.contains("the operation was abandoned"),
        "the core's backstop, not the transport, ended an operation:\n{text}"
    );
    assert!(
        took >= STOP_GRACE && took < STOP_GRACE + Duration::from_secs(1),
        "hung calls were abandoned at the provider's stop grace of {STOP_GRACE:?} (took {took:?})"
    );
    assert_eq!(
        proxy.stats().requests,
        sent_at_stop,
        "no request reached the proxy after the stop"
    );
    assert!(
        eventually(Duration::from_secs(5), || wd.provider_pids().is_empty()),
        "no provider process is left: {:?}",
        wd.provider_pids()
    );
    let stats = proxy.reset();
    proxy.set_faults(FaultConfig::default()).unwrap();

    // Terraform saved what the provider reported, and that is exactly what exists.
    let saved = assert_state_equals_emulator(ctx, &wd, &name, None);
    assert!(
        (2..100).contains(&saved),
        "interrupted mid-way ({saved} objects saved)"
    );
    println!(
        "  [terraform {}] Ctrl-C after {} writes with {} calls hanging: exit {} in {:.2}s, {saved}/100 objects saved",
        ctx.tf.version,
        writes(&stats),
        stats.faults.stall,
        r.code,
        took.as_secs_f64()
    );

    run_ok(&wd, APPLY, FAST);
    assert_state_equals_emulator(ctx, &wd, &name, Some(100));
    assert_plan_clean(&wd);
    destroy_and_check_gone(ctx, &wd, &name);
}

/// `kill -9` of Terraform in the middle of creating 94 objects under an existing REST API
/// and resources: the orphaned providers exit on their own; the re-run converges.
fn kill_9_mid_apply(ctx: &Ctx) {
    let name = ctx.name("kill9");
    let proxy = proxy(ctx);
    let wd = Workdir::new("reliability-kill9", &ctx.tf, &proxy.url());
    // The REST API and its resources first: CreateRestApi and CreateResource are not
    // idempotent (see docs/RELIABILITY.md), everything after them is.
    let containers = Module {
        name: &name,
        paths: 5,
        verbs: &[],
        gateway_responses: 0,
        version: "v1",
    };
    wd.write(&containers.hcl());
    run_ok(&wd, APPLY, FAST);
    proxy.reset();

    wd.write(&Module::hundred(&name, "v1").hcl());
    let mut apply = wd.spawn_env(APPLY, &[("APIGW_RATE_LIMIT", "5/5")]);
    wait_for_writes(&proxy, 40);
    let providers = wd.provider_pids();
    assert!(!providers.is_empty(), "providers are running");
    // The Terraform process that runs the providers: the one started here (1.11), or its
    // child (1.0.3 re-executes itself under panicwrap, a parent that only watches for crashes).
    let parents: BTreeSet<u32> = providers.iter().filter_map(|p| parent_of(*p)).collect();
    for parent in &parents {
        assert!(
            *parent == apply.pid() || parent_of(*parent) == Some(apply.pid()),
            "provider parent {parent} is terraform ({})",
            apply.pid()
        );
        kill_9(*parent);
    }
    let killed = Instant::now();
    let r = apply
        .wait_for(Duration::from_secs(5))
        .expect("terraform is gone");
    assert_ne!(r.code, 0, "terraform did not finish:\n{}", r.all());
    // The bound documented in RELIABILITY.md: a provider notices its parent is gone within
    // its 0.5 s poll, gives RPCs in flight 0.5 s to finish, and exits; half a second more
    // for the machine.
    assert!(
        eventually(Duration::from_millis(1500), || wd
            .provider_pids()
            .is_empty()),
        "the providers exit on their own within 1.5 s: {:?}",
        wd.provider_pids()
    );
    let exited = killed.elapsed();
    let stats = proxy.reset();
    // Terraform writes its local state file in place, not atomically: a kill during that
    // write leaves it truncated, and the snapshot before it is in terraform.tfstate.backup.
    // That is Terraform's own loss, not the provider's; go on from the backup.
    let state_file = wd.dir.join("terraform.tfstate");
    let readable = std::fs::read_to_string(&state_file)
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .is_some_and(|v| v["resources"].as_array().is_some_and(|r| !r.is_empty()));
    if !readable {
        println!(
            "  [terraform {}] the kill truncated terraform.tfstate; using its backup",
            ctx.tf.version
        );
        std::fs::copy(wd.dir.join("terraform.tfstate.backup"), &state_file)
            .expect("the state backup");
    }
    // Everything in state exists; what exists beyond it was created just before the kill.
    let (api, saved) = state_objects(&wd.state());
    let existing = emulator_objects(ctx, &api);
    let lost: Vec<_> = saved.difference(&existing).collect();
    assert!(
        lost.is_empty(),
        "in state but not in the emulator: {lost:#?}"
    );
    let unsaved = existing.difference(&saved).count();

    // A kill between AWS's answer and Terraform's state write leaves objects that exist but
    // are not in state. The kill above rarely lands in that window (a call takes ~10 ms), so
    // make it certain: forget a saved method with everything under it, and a gateway
    // response, as such a kill would (state is saved whole, so an object's dependents are
    // never saved without it).
    // (From a backup, nothing the kill interrupted is in state: there is nothing to forget.)
    let forgotten = if readable {
        forget_some(&wd)
    } else {
        Vec::new()
    };
    assert!(!readable || !forgotten.is_empty(), "something to forget");
    let (_, remembered) = state_objects(&wd.state());
    let missing = 99 - remembered.len();

    // The re-run creates every missing object once more: AWS answers 409 for a method or
    // method response that exists and the provider adopts it; LocalStack overwrites it;
    // integrations, integration responses and gateway responses are upserts on both.
    let r = run_ok(&wd, APPLY, FAST);
    assert!(
        r.stdout
            .contains(&format!("{missing} added, 0 changed, 0 destroyed")),
        "the re-run creates exactly the {missing} missing objects:\n{}",
        r.stdout
    );
    assert_state_equals_emulator(ctx, &wd, &name, Some(100));
    println!(
        "  [terraform {}] kill -9 after {} writes: {} provider(s) exited {:.2}s later; state held {} of 100 objects ({unsaved} more existed unsaved); forgot {} more; the re-run added {missing}",
        ctx.tf.version,
        writes(&stats),
        providers.len(),
        exited.as_secs_f64(),
        saved.len() + 1,
        forgotten.len()
    );
    assert_plan_clean(&wd);
    destroy_and_check_gone(ctx, &wd, &name);
}

/// Removes from state a saved method with its saved dependents, and a saved gateway
/// response; returns their addresses.
fn forget_some(wd: &Workdir) -> Vec<String> {
    let state = wd.state();
    let addresses: Vec<String> = state["values"]["root_module"]["resources"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["address"].as_str().map(str::to_owned))
        .collect();
    // The saved method with the most saved dependents, and those dependents.
    let group = |method: &String| -> Vec<String> {
        let key = method.trim_start_matches("apigateway_method.m");
        [
            "apigateway_integration_response",
            "apigateway_integration",
            "apigateway_method_response",
            "apigateway_method",
        ]
        .iter()
        .map(|kind| format!("{kind}.m{key}"))
        .filter(|address| addresses.contains(address))
        .collect()
    };
    let mut forget = addresses
        .iter()
        .filter(|a| a.starts_with("apigateway_method.m["))
        .map(group)
        .max_by_key(Vec::len)
        .unwrap_or_default();
    if let Some(gateway) = addresses
        .iter()
        .find(|a| a.starts_with("apigateway_gateway_response."))
    {
        forget.push(gateway.clone());
    }
    if !forget.is_empty() {
        let mut args = vec!["state", "rm"];
        args.extend(forget.iter().map(String::as_str));
        wd.ok(&args);
    }
    forget
}

/// An endpoint that accepts requests and never answers: apply and plan fail within a bound,
/// naming the object and saying the call timed out.
fn hung_endpoint(ctx: &Ctx) {
    let name = ctx.name("hung");
    let proxy = proxy(ctx);
    let wd = Workdir::new("reliability-hung", &ctx.tf, &proxy.url());
    // STS (the account id of the execution ARN) is reached directly: API Gateway's endpoint
    // is the one that hangs here.
    let provider = format!(
        "  region      = \"us-east-1\"\n  endpoint    = \"{}\"\n  access_key  = \"test\"\n  secret_key  = \"test\"\n  max_retries = 1\n  endpoints {{\n    sts = \"{}\"\n  }}\n",
        proxy.url(),
        ctx.endpoint
    );
    let body = format!("resource \"apigateway_rest_api\" \"api\" {{\n  name = \"{name}\"\n}}\n");
    wd.write_with_provider(&provider, &body);
    let env = [
        ("APIGW_RATE_LIMIT", "off"),
        ("APIGW_ATTEMPT_TIMEOUT_MS", "500"),
    ];
    let hang = FaultConfig {
        stall: 1.0,
        stall_ms: 600_000,
        ..FaultConfig::default()
    };

    // A create that never gets an answer.
    proxy.set_faults(hang.clone()).unwrap();
    let started = Instant::now();
    let r = wd.run_env(APPLY, &env);
    let create_took = started.elapsed();
    assert_ne!(r.code, 0, "{}", r.all());
    assert_clean_exit(&r);
    let text = r.all();
    assert!(
        text.contains(&format!("Creating API Gateway REST API ({name})")),
        "the diagnostic names the object:\n{text}"
    );
    assert!(
        text.to_lowercase().contains("timed out") || text.to_lowercase().contains("timeout"),
        "the diagnostic says the call timed out:\n{text}"
    );
    assert!(
        create_took < Duration::from_secs(30),
        "failed in {create_took:?}"
    );
    let stats = proxy.reset();
    assert_eq!(
        stats.operation(Operation::CreateRestApi),
        2,
        "one attempt and max_retries = 1 retry"
    );
    assert!(rest_apis_named(ctx, &name).is_empty(), "nothing created");
    // The detail, which Terraform wraps over several lines.
    let create_error = text
        .split_once("Creating API Gateway REST API (")
        .map(|(_, rest)| rest.split("\n\n").next().unwrap_or_default())
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");

    // A refresh that never gets an answer.
    proxy.set_faults(FaultConfig::default()).unwrap();
    run_ok(&wd, APPLY, &env);
    let id = wd.attr_str("apigateway_rest_api.api", "id");
    proxy.set_faults(hang).unwrap();
    let started = Instant::now();
    let r = wd.run_env(&["plan", "-input=false"], &env);
    let read_took = started.elapsed();
    assert_ne!(r.code, 0, "{}", r.all());
    assert_clean_exit(&r);
    let text = r.all();
    assert!(
        text.contains(&format!("Reading API Gateway REST API ({id})")),
        "the diagnostic names the object:\n{text}"
    );
    assert!(
        text.to_lowercase().contains("timed out") || text.to_lowercase().contains("timeout"),
        "the diagnostic says the call timed out:\n{text}"
    );
    assert!(
        read_took < Duration::from_secs(30),
        "failed in {read_took:?}"
    );
    proxy.set_faults(FaultConfig::default()).unwrap();
    println!(
        "  [terraform {}] hung endpoint: apply failed in {:.1}s, plan in {:.1}s: \"Creating API Gateway REST API ({create_error}\"",
        ctx.tf.version,
        create_took.as_secs_f64(),
        read_took.as_secs_f64()
    );
    destroy_and_check_gone(ctx, &wd, &name);
}

/// An endpoint where nothing listens: the apply fails in seconds, not after the SDK's 40 s of
/// retries, and the diagnostic names the URL it tried and what to check.
fn refused_endpoint(ctx: &Ctx) {
    let name = ctx.name("refused");
    // A port that was free a moment ago and that nothing listens on now.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let wd = Workdir::new("reliability-refused", &ctx.tf, &url);
    let provider = format!(
        "  region     = \"us-east-1\"\n  endpoint   = \"{url}\"\n  access_key = \"test\"\n  secret_key = \"test\"\n"
    );
    let body = format!("resource \"apigateway_rest_api\" \"api\" {{\n  name = \"{name}\"\n}}\n");
    wd.write_with_provider(&provider, &body);
    let started = Instant::now();
    let r = wd.run_env(APPLY, &[]);
    let took = started.elapsed();
    assert_ne!(r.code, 0, "{}", r.all());
    assert_clean_exit(&r);
    // Terraform wraps long diagnostics over several lines.
    let text = r.all().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains(&format!("Creating API Gateway REST API ({name})"))
            && text.contains(&format!("cannot connect to {url}: connection refused"))
            && text.contains("`endpoint`"),
        "the diagnostic names the object, the URL and what to check:\n{text}"
    );
    assert!(
        !text.contains("dispatch failure"),
        "the SDK's wrapping is left out:\n{text}"
    );
    // The whole terraform apply, start-up included: the provider's own retries of a refused
    // connection take 2 s; the SDK's retries took about 40 s.
    assert!(took < Duration::from_secs(10), "failed after {took:?}");
    println!(
        "  [terraform {}] refused endpoint: apply failed in {:.1}s",
        ctx.tf.version,
        took.as_secs_f64()
    );
}

/// The valid attributes of each resource type; a case overrides some of them.
const BASES: &[(&str, &str)] = &[
    ("apigateway_rest_api", r#"name = "never-created""#),
    (
        "apigateway_resource",
        r#"rest_api_id = "a1b2c3"; parent_id = "r00t"; path_part = "pets""#,
    ),
    (
        "apigateway_method",
        r#"rest_api_id = "a1b2c3"; resource_id = "res1"; http_method = "GET"; authorization = "NONE""#,
    ),
    (
        "apigateway_method_response",
        r#"rest_api_id = "a1b2c3"; resource_id = "res1"; http_method = "GET"; status_code = "200""#,
    ),
    (
        "apigateway_integration",
        r#"rest_api_id = "a1b2c3"; resource_id = "res1"; http_method = "GET"; type = "MOCK""#,
    ),
    (
        "apigateway_integration_response",
        r#"rest_api_id = "a1b2c3"; resource_id = "res1"; http_method = "GET"; status_code = "200""#,
    ),
    (
        "apigateway_gateway_response",
        r#"rest_api_id = "a1b2c3"; response_type = "UNAUTHORIZED""#,
    ),
];

/// Invalid resources: address, the attribute the diagnostic must point at, and the
/// attributes (`;`-separated) that replace or extend the type's valid base. Ids are literals,
/// so every value is known at validate time.
const INVALID_RESOURCES: &[(&str, &str, &str)] = &[
    (
        "apigateway_rest_api.key_source",
        "api_key_source",
        r#"api_key_source = "BODY""#,
    ),
    (
        "apigateway_rest_api.compression",
        "minimum_compression_size",
        r#"minimum_compression_size = "lots""#,
    ),
    (
        "apigateway_rest_api.compression_range",
        "minimum_compression_size",
        r#"minimum_compression_size = "10485761""#,
    ),
    (
        "apigateway_rest_api.endpoint_type",
        "types",
        r#"endpoint_configuration {; types = ["GLOBAL"]; }"#,
    ),
    (
        "apigateway_rest_api.two_endpoint_types",
        "types",
        r#"endpoint_configuration {; types = ["EDGE", "REGIONAL"]; }"#,
    ),
    (
        "apigateway_resource.slash",
        "path_part",
        r#"path_part = "pets/{id}""#,
    ),
    (
        "apigateway_resource.empty",
        "path_part",
        r#"path_part = """#,
    ),
    (
        "apigateway_method.verb",
        "http_method",
        r#"http_method = "FETCH""#,
    ),
    (
        "apigateway_method.authorization",
        "authorization",
        r#"authorization = "OAUTH""#,
    ),
    (
        "apigateway_method.authorizer_without_custom",
        "authorizer_id",
        r#"authorizer_id = "auth1""#,
    ),
    (
        "apigateway_method.scopes",
        "authorization_scopes",
        r#"authorization = "AWS_IAM"; authorization_scopes = ["pets/read"]"#,
    ),
    (
        "apigateway_method.model_content_type",
        "request_models",
        r#"request_models = { "json" = "Empty" }"#,
    ),
    (
        "apigateway_method.parameter_prefix",
        "request_parameters",
        r#"request_parameters = { "querystring.page" = true }"#,
    ),
    (
        "apigateway_method.parameter_location",
        "request_parameters",
        r#"request_parameters = { "method.request.cookie.session" = true }"#,
    ),
    (
        "apigateway_method.parameter_name",
        "request_parameters",
        r#"request_parameters = { "method.request.header." = true }"#,
    ),
    (
        "apigateway_method_response.status_600",
        "status_code",
        r#"status_code = "600""#,
    ),
    (
        "apigateway_method_response.status_letters",
        "status_code",
        r#"status_code = "2xx""#,
    ),
    (
        "apigateway_method_response.status_short",
        "status_code",
        r#"status_code = "20""#,
    ),
    (
        "apigateway_method_response.verb",
        "http_method",
        r#"http_method = "TRACE""#,
    ),
    (
        "apigateway_method_response.model_content_type",
        "response_models",
        r#"response_models = { "text" = "Empty" }"#,
    ),
    (
        "apigateway_method_response.parameter_location",
        "response_parameters",
        r#"response_parameters = { "method.response.querystring.page" = true }"#,
    ),
    ("apigateway_integration.type", "type", r#"type = "LAMBDA""#),
    (
        "apigateway_integration.verb",
        "http_method",
        r#"http_method = "get""#,
    ),
    (
        "apigateway_integration.integration_verb",
        "integration_http_method",
        r#"type = "HTTP"; uri = "https://example.com"; integration_http_method = "FETCH""#,
    ),
    (
        "apigateway_integration.passthrough",
        "passthrough_behavior",
        r#"passthrough_behavior = "ALWAYS""#,
    ),
    (
        "apigateway_integration.connection_type",
        "connection_type",
        r#"type = "HTTP"; uri = "https://example.com"; integration_http_method = "GET"; connection_type = "PRIVATE""#,
    ),
    (
        "apigateway_integration.content_handling",
        "content_handling",
        r#"content_handling = "CONVERT_TO_JSON""#,
    ),
    (
        "apigateway_integration.timeout_low",
        "timeout_milliseconds",
        r#"timeout_milliseconds = 10"#,
    ),
    (
        "apigateway_integration.timeout_high",
        "timeout_milliseconds",
        r#"timeout_milliseconds = 300001"#,
    ),
    (
        "apigateway_integration.template_content_type",
        "request_templates",
        r#"request_templates = { "json" = "{}" }"#,
    ),
    (
        "apigateway_integration.parameter_key",
        "request_parameters",
        r#"request_parameters = { "header.X-Id" = "method.request.header.X-Id" }"#,
    ),
    (
        "apigateway_integration.parameter_value",
        "request_parameters",
        r#"request_parameters = { "integration.request.header.X-Id" = "header.X-Id" }"#,
    ),
    (
        "apigateway_integration.http_without_uri",
        "uri",
        r#"type = "HTTP"; integration_http_method = "GET"; uri = """#,
    ),
    (
        "apigateway_integration_response.status",
        "status_code",
        r#"status_code = "99""#,
    ),
    (
        "apigateway_integration_response.verb",
        "http_method",
        r#"http_method = "CONNECT""#,
    ),
    (
        "apigateway_integration_response.template_content_type",
        "response_templates",
        r#"response_templates = { "xml" = "" }"#,
    ),
    (
        "apigateway_integration_response.parameter_key",
        "response_parameters",
        r#"response_parameters = { "integration.response.header.X" = "'a'" }"#,
    ),
    (
        "apigateway_integration_response.parameter_value",
        "response_parameters",
        r#"response_parameters = { "method.response.header.X" = "integration.response.status" }"#,
    ),
    (
        "apigateway_integration_response.content_handling",
        "content_handling",
        r#"content_handling = "BINARY""#,
    ),
    (
        "apigateway_gateway_response.type",
        "response_type",
        r#"response_type = "DEFAULT_6XX""#,
    ),
    (
        "apigateway_gateway_response.status",
        "status_code",
        r#"status_code = "4011""#,
    ),
    (
        "apigateway_gateway_response.template_content_type",
        "response_templates",
        r#"response_templates = { "application" = "{}" }"#,
    ),
    (
        "apigateway_gateway_response.parameter_key",
        "response_parameters",
        r#"response_parameters = { "header.Access-Control-Allow-Origin" = "'*'" }"#,
    ),
    (
        "apigateway_gateway_response.parameter_value",
        "response_parameters",
        r#"response_parameters = { "gatewayresponse.header.Access-Control-Allow-Origin" = "*" }"#,
    ),
];

/// The resource block of an invalid case: the type's base with the case's attributes, one
/// per line.
fn invalid_block(address: &str, attributes: &str) -> String {
    let (kind, name) = address.split_once('.').expect("type.name");
    let base = BASES
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, b)| *b)
        .expect("a base for every type");
    let set = |s: &str| -> Vec<String> { s.split("; ").map(str::to_owned).collect() };
    let name_of = |line: &str| line.split([' ', '=']).next().unwrap_or_default().to_owned();
    let overrides = set(attributes);
    let overridden: BTreeSet<String> = overrides.iter().map(|l| name_of(l)).collect();
    let lines: Vec<String> = set(base)
        .into_iter()
        .filter(|l| !overridden.contains(&name_of(l)))
        .chain(overrides)
        .map(|l| format!("  {l}\n"))
        .collect();
    format!(
        "resource \"{kind}\" \"{name}\" {{\n{}}}\n\n",
        lines.concat()
    )
}

/// Invalid provider blocks (the lines between the braces) and the attribute named.
const INVALID_PROVIDERS: &[(&str, &str)] = &[
    ("max_retries", "  max_retries = 101\n"),
    ("max_retries", "  max_retries = -1\n"),
    ("endpoint", "  endpoint = \"ftp://127.0.0.1:4566\"\n"),
    ("endpoint", "  endpoint = \"http://\"\n"),
    ("secret_key", "  access_key = \"AKIAEXAMPLE\"\n"),
    ("access_key", "  secret_key = \"secret\"\n"),
    ("token", "  token = \"session\"\n"),
];

/// Malformed import IDs for every resource type, and the format the diagnostic shows.
const INVALID_IMPORT_IDS: &[(&str, &str, &str)] = &[
    ("apigateway_rest_api.i", "a1b2c3/res1", "REST-API-ID"),
    ("apigateway_rest_api.i", "", "REST-API-ID"),
    ("apigateway_resource.i", "a1b2c3", "REST-API-ID/RESOURCE-ID"),
    (
        "apigateway_resource.i",
        "a1b2c3/res1/GET",
        "REST-API-ID/RESOURCE-ID",
    ),
    (
        "apigateway_method.i",
        "a1b2c3/res1",
        "REST-API-ID/RESOURCE-ID/HTTP-METHOD",
    ),
    (
        "apigateway_method.i",
        "a1b2c3//GET",
        "REST-API-ID/RESOURCE-ID/HTTP-METHOD",
    ),
    (
        "apigateway_method_response.i",
        "a1b2c3/res1/GET",
        "REST-API-ID/RESOURCE-ID/HTTP-METHOD/STATUS-CODE",
    ),
    (
        "apigateway_integration.i",
        "a1b2c3/res1/GET/200",
        "REST-API-ID/RESOURCE-ID/HTTP-METHOD",
    ),
    (
        "apigateway_integration_response.i",
        "a1b2c3/res1/GET",
        "REST-API-ID/RESOURCE-ID/HTTP-METHOD/STATUS-CODE",
    ),
    (
        "apigateway_gateway_response.i",
        "a1b2c3",
        "REST-API-ID/RESPONSE-TYPE",
    ),
];

/// Splits Terraform's output into its error blocks (from one `Error: ` line to the next).
fn error_blocks(text: &str) -> Vec<String> {
    let mut blocks: Vec<String> = Vec::new();
    for line in text.lines() {
        let plain = line.trim_start_matches(['│', '╷', '╵', ' ']);
        if plain.starts_with("Error: ") {
            blocks.push(String::new());
        }
        if let Some(block) = blocks.last_mut() {
            block.push_str(plain);
            block.push('\n');
        }
    }
    blocks
}

/// Whether an error block points at `attribute`: Terraform quotes the configuration line the
/// diagnostic's attribute path leads to (`  12:   status_code = "600"`).
fn points_at(block: &str, attribute: &str) -> bool {
    block.lines().any(|l| {
        l.split_once(": ").is_some_and(|(n, src)| {
            n.trim().parse::<u32>().is_ok() && src.trim_start().starts_with(attribute)
        })
    })
}

/// At least 40 invalid configurations across all seven resource types, plus invalid
/// provider blocks and malformed import IDs: each fails at validate or plan with a
/// diagnostic on the right attribute, and the proxy sees no write at all.
fn invalid_input_table(ctx: &Ctx) {
    let proxy = proxy(ctx);
    let wd = Workdir::new("reliability-invalid", &ctx.tf, &proxy.url());
    let types: BTreeSet<&str> = INVALID_RESOURCES
        .iter()
        .map(|(address, _, _)| address.split('.').next().unwrap_or_default())
        .collect();
    assert_eq!(types.len(), 7, "every resource type has cases: {types:?}");
    assert!(INVALID_RESOURCES.len() >= 40);

    let body: String = INVALID_RESOURCES
        .iter()
        .map(|(address, _, attributes)| invalid_block(address, attributes))
        .collect();
    wd.write(&body);
    for command in [&["validate"][..], &["plan", "-input=false"]] {
        let r = wd.run_env(command, FAST);
        assert_ne!(r.code, 0, "{command:?} fails");
        let blocks = error_blocks(&r.stderr);
        for (address, attribute, _) in INVALID_RESOURCES {
            let with = format!("with {address},");
            let mine: Vec<&String> = blocks.iter().filter(|b| b.contains(&with)).collect();
            assert!(
                !mine.is_empty(),
                "{command:?}: no error for {address}:\n{}",
                r.stderr
            );
            assert!(
                mine.iter().any(|b| points_at(b, attribute)),
                "{command:?}: the error for {address} does not point at {attribute}:\n{mine:#?}"
            );
        }
        assert!(
            blocks.iter().all(|b| b.contains("with apigateway_")),
            "every error is attached to a resource:\n{}",
            r.stderr
        );
    }
    let r = wd.run_env(APPLY, FAST);
    assert_ne!(r.code, 0, "apply stops at the same errors");

    // The provider block: validate does not configure the provider, plan does.
    let valid = "resource \"apigateway_rest_api\" \"ok\" {\n  name = \"never-created\"\n}\n";
    for (attribute, settings) in INVALID_PROVIDERS {
        let mut full = String::from("  region = \"us-east-1\"\n");
        if !settings.contains("endpoint") {
            full.push_str(&format!("  endpoint = \"{}\"\n", proxy.url()));
        }
        if !settings.contains("_key") && !settings.contains("token") {
            full.push_str("  access_key = \"test\"\n  secret_key = \"test\"\n");
        }
        full.push_str(settings);
        let settings = full;
        wd.write_with_provider(&settings, valid);
        let r = wd.run_env(&["plan", "-input=false"], FAST);
        assert_ne!(r.code, 0, "{settings}");
        let blocks = error_blocks(&r.stderr);
        // An attribute that is missing has no line to quote: then the detail names it.
        let named = |b: &String| {
            if settings.contains(&format!("  {attribute} =")) {
                points_at(b, attribute)
            } else {
                b.contains(&format!("`{attribute}`"))
            }
        };
        assert!(
            blocks
                .iter()
                .any(|b| b.contains("with provider[") && named(b)),
            "the provider error points at {attribute}:\n{}",
            r.stderr
        );
    }

    // Import IDs: one valid resource of each type to import into.
    let targets = "resource \"apigateway_rest_api\" \"i\" {\n  name = \"x\"\n}\n\
        resource \"apigateway_resource\" \"i\" {\n  rest_api_id = \"a1b2c3\"\n  parent_id = \"r00t\"\n  path_part = \"x\"\n}\n\
        resource \"apigateway_method\" \"i\" {\n  rest_api_id = \"a1b2c3\"\n  resource_id = \"res1\"\n  http_method = \"GET\"\n  authorization = \"NONE\"\n}\n\
        resource \"apigateway_method_response\" \"i\" {\n  rest_api_id = \"a1b2c3\"\n  resource_id = \"res1\"\n  http_method = \"GET\"\n  status_code = \"200\"\n}\n\
        resource \"apigateway_integration\" \"i\" {\n  rest_api_id = \"a1b2c3\"\n  resource_id = \"res1\"\n  http_method = \"GET\"\n  type = \"MOCK\"\n}\n\
        resource \"apigateway_integration_response\" \"i\" {\n  rest_api_id = \"a1b2c3\"\n  resource_id = \"res1\"\n  http_method = \"GET\"\n  status_code = \"200\"\n}\n\
        resource \"apigateway_gateway_response\" \"i\" {\n  rest_api_id = \"a1b2c3\"\n  response_type = \"UNAUTHORIZED\"\n}\n";
    wd.write(targets);
    let import_types: BTreeSet<&str> = INVALID_IMPORT_IDS
        .iter()
        .map(|(a, _, _)| a.split('.').next().unwrap_or_default())
        .collect();
    assert_eq!(
        import_types.len(),
        7,
        "every resource type: {import_types:?}"
    );
    for (address, id, format) in INVALID_IMPORT_IDS {
        let r = wd.run_env(&["import", "-input=false", address, id], FAST);
        assert_ne!(r.code, 0, "import {address} {id:?}");
        assert!(
            r.stderr.contains("Invalid import ID") && r.stderr.contains(format),
            "import {address} {id:?} explains the format {format}:\n{}",
            r.stderr
        );
    }

    let stats = proxy.reset();
    let cases = INVALID_RESOURCES.len() + INVALID_PROVIDERS.len() + INVALID_IMPORT_IDS.len();
    println!(
        "  [terraform {}] {cases} invalid inputs rejected; proxy saw {} requests, {} writes",
        ctx.tf.version,
        stats.requests,
        writes(&stats)
    );
    assert_eq!(
        stats.requests, 0,
        "no request of any kind (read or write) reached AWS: {stats:?}"
    );
}
