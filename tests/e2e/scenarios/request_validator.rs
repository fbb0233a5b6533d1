//! Scenarios for `apigateway_request_validator`.
//!
//! One scenario, run through the counting proxy so the calls behind each step can be checked.
//! It covers the steps of the hashicorp/aws acceptance test
//! (`internal/service/apigateway/request_validator_test.go`): the basic configuration with
//! both flags left at their default `false`, an import checked attribute by attribute, the
//! update to a new name with both flags `true`, and a validator deleted outside Terraform.

use apigw_proxy::{FaultConfig, Operation, Stats};
use aws_sdk_apigateway::operation::get_request_validator::GetRequestValidatorOutput;

use super::Scenario;
use crate::Ctx;
use crate::harness::{Workdir, found, start_proxy};

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[
    ("request_validator_lifecycle", request_validator_lifecycle),
    (
        "request_validation_is_enforced_over_http",
        request_validation_is_enforced_over_http,
    ),
];

/// What a deployed validator does to callers, checked over HTTP: a POST with a model, two
/// required parameters and a validator of both. LocalStack enforces request validation as AWS
/// does (400 "Missing required request parameters: [...]" and "Invalid request body"). Turning
/// body validation off in Terraform is served after one apply (the deployment redeploys).
fn request_validation_is_enforced_over_http(ctx: &Ctx) {
    let name = ctx.name("validation-http");
    let wd = ctx.workdir("validation-http");
    let config = |validate_body: bool| {
        format!(
            r#"resource "apigateway_rest_api" "api" {{
  name = "{name}"
}}

resource "apigateway_resource" "pets" {{
  rest_api_id = apigateway_rest_api.api.id
  parent_id   = apigateway_rest_api.api.root_resource_id
  path_part   = "pets"
}}

resource "apigateway_model" "pet" {{
  rest_api_id  = apigateway_rest_api.api.id
  name         = "Pet"
  content_type = "application/json"
  schema = jsonencode({{
    type       = "object"
    required   = ["name"]
    properties = {{ name = {{ type = "string" }} }}
  }})
}}

resource "apigateway_request_validator" "all" {{
  rest_api_id                 = apigateway_rest_api.api.id
  name                        = "all"
  validate_request_body       = {validate_body}
  validate_request_parameters = true
}}

resource "apigateway_method" "post" {{
  rest_api_id          = apigateway_rest_api.api.id
  resource_id          = apigateway_resource.pets.id
  http_method          = "POST"
  authorization        = "NONE"
  request_validator_id = apigateway_request_validator.all.id
  request_models       = {{ "application/json" = apigateway_model.pet.name }}
  request_parameters = {{
    "method.request.querystring.owner" = true
    "method.request.header.X-Id"       = true
  }}
}}

resource "apigateway_integration" "post" {{
  rest_api_id       = apigateway_rest_api.api.id
  resource_id       = apigateway_resource.pets.id
  http_method       = apigateway_method.post.http_method
  type              = "MOCK"
  request_templates = {{ "application/json" = jsonencode({{ statusCode = 200 }}) }}
}}

resource "apigateway_method_response" "ok" {{
  rest_api_id = apigateway_rest_api.api.id
  resource_id = apigateway_resource.pets.id
  http_method = apigateway_method.post.http_method
  status_code = "200"
}}

resource "apigateway_integration_response" "ok" {{
  rest_api_id        = apigateway_rest_api.api.id
  resource_id        = apigateway_resource.pets.id
  http_method        = apigateway_method.post.http_method
  status_code        = apigateway_method_response.ok.status_code
  response_templates = {{ "application/json" = jsonencode({{ ok = true }}) }}
  depends_on         = [apigateway_integration.post]
}}

resource "apigateway_deployment" "d" {{
  rest_api_id = apigateway_rest_api.api.id
  depends_on  = [apigateway_integration_response.ok, apigateway_request_validator.all]
}}

resource "apigateway_stage" "s" {{
  rest_api_id   = apigateway_rest_api.api.id
  stage_name    = "test"
  deployment_id = apigateway_deployment.d.id
}}
"#
        )
    };
    wd.write(&config(true));
    wd.apply();
    let api = wd.attr_str("apigateway_rest_api.api", "id");
    let post = |query: &str, id: Option<&str>, body: &str| {
        let url = format!(
            "{}/restapis/{api}/test/_user_request_/pets{query}",
            ctx.endpoint
        );
        let mut headers = vec![("Content-Type", "application/json")];
        if let Some(id) = id {
            headers.push(("X-Id", id));
        }
        let (status, _, answer) = crate::harness::http_request("POST", &url, &headers, body);
        (status, answer)
    };
    let good = r#"{"name":"rex"}"#;
    let bad = r#"{"age":3}"#;
    assert_eq!(post("?owner=a", Some("1"), good).0, 200);
    let (status, answer) = post("", Some("1"), good);
    assert_eq!(status, 400, "{answer}");
    assert!(answer.contains("owner"), "{answer}");
    let (status, answer) = post("?owner=a", None, good);
    assert_eq!(status, 400, "{answer}");
    assert!(answer.contains("X-Id"), "{answer}");
    let (status, answer) = post("?owner=a", Some("1"), bad);
    assert_eq!(status, 400, "{answer}");
    assert!(answer.contains("Invalid request body"), "{answer}");
    wd.assert_no_changes();

    // Body validation off: the next call with a body the model refuses gets through, while
    // the parameters are still required.
    wd.write(&config(false));
    wd.apply();
    assert_eq!(post("?owner=a", Some("1"), bad).0, 200);
    assert_eq!(post("", Some("1"), good).0, 400);
    wd.assert_no_changes();
    wd.ok(&["destroy", "-auto-approve"]);
}

const ADDR: &str = "apigateway_request_validator.v";
const IMPORT_FORMAT: &str = "REST-API-ID/REQUEST-VALIDATOR-ID";

/// Two REST APIs (`a` and `b`) and the validator; `body` is the validator's attributes.
fn config(name: &str, body: &str) -> String {
    format!(
        "resource \"apigateway_rest_api\" \"a\" {{\n  name = \"{name}-a\"\n}}\n\n\
         resource \"apigateway_rest_api\" \"b\" {{\n  name = \"{name}-b\"\n}}\n\n\
         resource \"apigateway_request_validator\" \"v\" {{\n{body}}}\n"
    )
}

/// The validator's attributes on REST API `api`; `flags` (body, parameters) unset when `None`.
fn validator(api: &str, name: &str, flags: Option<(bool, bool)>) -> String {
    let flags = flags.map_or_else(String::new, |(body, params)| {
        format!(
            "  validate_request_body       = {body}\n  validate_request_parameters = {params}\n"
        )
    });
    format!("  rest_api_id = apigateway_rest_api.{api}.id\n  name        = \"{name}\"\n{flags}")
}

/// The validator in the emulator, or `None` when AWS answers NotFound.
fn get(ctx: &Ctx, api: &str, id: &str) -> Option<GetRequestValidatorOutput> {
    match ctx.rt.block_on(
        ctx.sdk
            .get_request_validator()
            .rest_api_id(api)
            .request_validator_id(id)
            .send(),
    ) {
        Ok(out) => Some(out),
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_not_found_exception()) =>
        {
            None
        }
        Err(e) => panic!("GetRequestValidator failed: {e:?}"),
    }
}

/// The ids of the REST API's validators in the emulator.
fn validator_ids(ctx: &Ctx, api: &str) -> Vec<String> {
    let out = ctx
        .rt
        .block_on(ctx.sdk.get_request_validators().rest_api_id(api).send())
        .unwrap();
    out.items()
        .iter()
        .filter_map(|v| v.id().map(str::to_owned))
        .collect()
}

/// Asserts what the emulator holds for validator `id` of `api`.
fn assert_validator(ctx: &Ctx, api: &str, id: &str, name: &str, body: bool, params: bool) {
    let v = get(ctx, api, id).unwrap_or_else(|| panic!("validator {api}/{id} exists"));
    assert_eq!(v.id(), Some(id));
    assert_eq!(v.name(), Some(name), "{v:?}");
    assert_eq!(v.validate_request_body(), body, "{v:?}");
    assert_eq!(v.validate_request_parameters(), params, "{v:?}");
}

/// The write calls (anything but a read) the proxy saw, by operation.
fn writes(stats: &Stats) -> Vec<(String, u64)> {
    stats
        .operations
        .iter()
        .filter(|(op, _)| !op.starts_with("Get") && op.as_str() != "Other")
        .map(|(op, n)| (op.clone(), *n))
        .collect()
}

/// How many calls of `op` AWS answered with a 2xx status.
fn succeeded(stats: &Stats, op: Operation) -> u64 {
    stats
        .operation_status
        .get(op.as_str())
        .map(|by_status| {
            by_status
                .iter()
                .filter(|(status, _)| status.starts_with('2'))
                .map(|(_, n)| n)
                .sum()
        })
        .unwrap_or(0)
}

/// The validator's attribute values in the state.
fn values(wd: &Workdir) -> serde_json::Value {
    let state = wd.state();
    state["values"]["root_module"]["resources"]
        .as_array()
        .and_then(|rs| rs.iter().find(|r| r["address"] == ADDR))
        .map(|r| r["values"].clone())
        .unwrap_or(serde_json::Value::Null)
}

/// Terraform's error text on one line: it wraps long details and frames them with `│`.
fn flat(text: &str) -> String {
    text.replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Invalid configurations fail at plan; create with the defaults and a clean second plan; a
/// rename with both flags flipped in one UpdateRequestValidator; import (and malformed or
/// unknown import IDs); deleted outside Terraform, then recreated; a new `rest_api_id`
/// replaces it; destroy.
fn request_validator_lifecycle(ctx: &Ctx) {
    let name = ctx.name("rv-lifecycle");
    let proxy = start_proxy(&ctx.rt, &ctx.endpoint, 0.0, 1, FaultConfig::default());
    let wd = Workdir::new("rv-lifecycle", &ctx.tf, &proxy.url());
    let first = format!("{name}-validator");
    let renamed = format!("{name}-validator-modified");

    // (9) What the schema rejects fails at plan, naming the attribute, and writes nothing.
    let cases: [(String, &[&str]); 2] = [
        (
            "  rest_api_id = apigateway_rest_api.a.id\n".to_owned(),
            &["\"name\" is required"],
        ),
        (
            format!(
                "{}  validate_request_body = \"maybe\"\n",
                validator("a", &first, None)
            ),
            &["validate_request_body", "a bool is required"],
        ),
    ];
    for (body, expected) in &cases {
        wd.write(&config(&name, body));
        let r = wd.run(&["plan", "-input=false"]);
        assert_ne!(r.code, 0, "{body} must fail at plan:\n{}", r.all());
        crate::harness::assert_clean_exit(&r);
        let text = flat(&r.stderr);
        for part in *expected {
            assert!(text.contains(part), "{body}: no {part} in\n{}", r.stderr);
        }
    }
    let stats = proxy.reset();
    assert!(writes(&stats).is_empty(), "nothing was written: {stats:?}");

    // (1) Create with the official basic configuration: the flags default to false.
    wd.write(&config(&name, &validator("a", &first, None)));
    wd.apply();
    let stats = proxy.reset();
    assert_eq!(
        stats.operation(Operation::CreateRequestValidator),
        1,
        "{stats:?}"
    );
    let api_a = wd.attr_str("apigateway_rest_api.a", "id");
    let api_b = wd.attr_str("apigateway_rest_api.b", "id");
    let created = values(&wd);
    let id = created["id"].as_str().unwrap_or_default().to_owned();
    assert!(!id.is_empty(), "the id AWS assigned is in the state");
    assert_eq!(created["rest_api_id"], serde_json::json!(api_a));
    assert_eq!(created["name"], serde_json::json!(first));
    assert_eq!(created["validate_request_body"], serde_json::json!(false));
    assert_eq!(
        created["validate_request_parameters"],
        serde_json::json!(false)
    );
    assert_validator(ctx, &api_a, &id, &first, false, false);
    // (2) Nothing to do on a second plan.
    wd.assert_no_changes();

    // (3) A new name and both flags flipped: in place, one UpdateRequestValidator, same id.
    wd.write(&config(
        &name,
        &validator("a", &renamed, Some((true, true))),
    ));
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(
        plan.stdout.contains("will be updated in-place"),
        "{}",
        plan.stdout
    );
    assert!(!plan.stdout.contains("must be replaced"), "{}", plan.stdout);
    proxy.reset();
    wd.apply();
    let stats = proxy.reset();
    assert_eq!(
        writes(&stats),
        [("UpdateRequestValidator".to_owned(), 1)],
        "three arguments change in one UpdateRequestValidator, and nothing else is written: {stats:?}"
    );
    assert_eq!(wd.attr_str(ADDR, "id"), id, "the same validator");
    assert_validator(ctx, &api_a, &id, &renamed, true, true);
    assert_eq!(
        validator_ids(ctx, &api_a),
        std::slice::from_ref(&id),
        "no other validator"
    );
    wd.assert_no_changes();

    // (7) Forgotten, then imported with the official ID format: every attribute reads back.
    let before = values(&wd);
    wd.ok(&["state", "rm", ADDR]);
    for bad in [id.clone(), format!("{api_a}/{id}/x"), format!("{api_a}/")] {
        let r = wd.run(&["import", "-input=false", ADDR, &bad]);
        assert_ne!(r.code, 0, "import of {bad:?} must fail");
        assert!(r.all().contains(IMPORT_FORMAT), "{bad}:\n{}", r.all());
    }
    let r = wd.run(&["import", "-input=false", ADDR, &format!("{api_a}/missing")]);
    assert_ne!(
        r.code, 0,
        "a validator that does not exist cannot be imported"
    );
    assert!(r.all().contains("non-existent"), "{}", r.all());
    wd.ok(&["import", "-input=false", ADDR, &format!("{api_a}/{id}")]);
    assert_eq!(
        values(&wd),
        before,
        "the imported state equals the created one"
    );
    wd.assert_no_changes();

    // (6) Deleted behind Terraform's back (the official "disappears" test): the plan
    // recreates it.
    ctx.rt
        .block_on(
            ctx.sdk
                .delete_request_validator()
                .rest_api_id(&api_a)
                .request_validator_id(&id)
                .send(),
        )
        .unwrap();
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2, "the deletion is detected");
    assert!(plan.stdout.contains("will be created"), "{}", plan.stdout);
    wd.apply();
    let id = wd.attr_str(ADDR, "id");
    assert_validator(ctx, &api_a, &id, &renamed, true, true);

    // (4) A new rest_api_id replaces the validator: made on API b (with the flags set apart,
    // so a mix-up of the two would show), deleted from API a.
    wd.write(&config(
        &name,
        &validator("b", &renamed, Some((true, false))),
    ));
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(
        plan.stdout.contains("must be replaced") && plan.stdout.contains("forces replacement"),
        "{}",
        plan.stdout
    );
    proxy.reset();
    wd.apply();
    let stats = proxy.reset();
    assert_eq!(
        writes(&stats),
        [
            ("CreateRequestValidator".to_owned(), 1),
            ("DeleteRequestValidator".to_owned(), 1)
        ],
        "{stats:?}"
    );
    let new_id = wd.attr_str(ADDR, "id");
    assert_eq!(wd.attr_str(ADDR, "rest_api_id"), api_b);
    assert_validator(ctx, &api_b, &new_id, &renamed, true, false);
    assert!(
        get(ctx, &api_a, &id).is_none(),
        "the old validator is deleted"
    );
    assert!(validator_ids(ctx, &api_a).is_empty());
    wd.assert_no_changes();

    // (8) Destroy: the validator is deleted (by its own call, not only with its API), and the
    // emulator answers NotFound for it and both APIs.
    proxy.reset();
    wd.ok(&["destroy", "-auto-approve"]);
    let stats = proxy.reset();
    assert_eq!(
        succeeded(&stats, Operation::DeleteRequestValidator),
        1,
        "{stats:?}"
    );
    assert!(get(ctx, &api_b, &new_id).is_none(), "the validator is gone");
    for api in [&api_a, &api_b] {
        assert!(
            !found(
                ctx.rt
                    .block_on(ctx.sdk.get_rest_api().rest_api_id(api.as_str()).send()),
                "the REST API"
            ),
            "the REST API {api} is destroyed"
        );
    }
}
