//! Scenarios for API access: `apigateway_api_key`, `apigateway_usage_plan` and
//! `apigateway_usage_plan_key`. Ported from the official provider's acceptance tests
//! (`TestAccAPIGatewayAPIKey_basic`/`_customerID`/`_description`/`_enabled`/`_value`,
//! `TestAccAPIGatewayUsagePlan_basic`/`_description`/`_productCode`/`_throttling`/`_quota`/
//! `_apiStages`/`_APIStages_throttle`, `TestAccAPIGatewayUsagePlanKey_basic`), written again for
//! this harness, plus the access proof over HTTP: a method that requires a key refuses callers
//! without one, serves the key of a plan for its stage, and refuses it again once the key is
//! taken out of the plan in Terraform. LocalStack enforces that as AWS does (an enabled key, in
//! a plan that has the stage); it enforces neither throttles nor quotas, so those are checked
//! with the SDK.

use super::Scenario;
use crate::Ctx;
use crate::harness::{found, http_request};

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[
    (
        "api_key_access_is_enforced_over_http",
        api_key_access_is_enforced_over_http,
    ),
    ("api_key_lifecycle", api_key_lifecycle),
    ("usage_plan_lifecycle", usage_plan_lifecycle),
];

/// A REST API with `GET /ping` (MOCK, `api_key_required`) deployed to the stages `names`.
fn served_api(name: &str, stages: &[&str]) -> String {
    api_with_ping(name, stages, true)
}

/// A REST API with `GET /ping` (MOCK, answering `{"pong":true}`) deployed to `stages`.
pub(super) fn api_with_ping(name: &str, stages: &[&str], key_required: bool) -> String {
    let stages: String = stages
        .iter()
        .map(|s| {
            format!(
                r#"
resource "apigateway_stage" "{s}" {{
  rest_api_id   = apigateway_rest_api.api.id
  stage_name    = "{s}"
  deployment_id = apigateway_deployment.d.id
}}
"#
            )
        })
        .collect();
    format!(
        r#"resource "apigateway_rest_api" "api" {{
  name = "{name}"
}}

resource "apigateway_resource" "ping" {{
  rest_api_id = apigateway_rest_api.api.id
  parent_id   = apigateway_rest_api.api.root_resource_id
  path_part   = "ping"
}}

resource "apigateway_method" "get" {{
  rest_api_id      = apigateway_rest_api.api.id
  resource_id      = apigateway_resource.ping.id
  http_method      = "GET"
  authorization    = "NONE"
  api_key_required = {key_required}
}}

resource "apigateway_integration" "get" {{
  rest_api_id       = apigateway_rest_api.api.id
  resource_id       = apigateway_resource.ping.id
  http_method       = apigateway_method.get.http_method
  type              = "MOCK"
  request_templates = {{ "application/json" = jsonencode({{ statusCode = 200 }}) }}
}}

resource "apigateway_method_response" "ok" {{
  rest_api_id = apigateway_rest_api.api.id
  resource_id = apigateway_resource.ping.id
  http_method = apigateway_method.get.http_method
  status_code = "200"
}}

resource "apigateway_integration_response" "ok" {{
  rest_api_id        = apigateway_rest_api.api.id
  resource_id        = apigateway_resource.ping.id
  http_method        = apigateway_method.get.http_method
  status_code        = apigateway_method_response.ok.status_code
  response_templates = {{ "application/json" = jsonencode({{ pong = true }}) }}
  depends_on         = [apigateway_integration.get]
}}

resource "apigateway_deployment" "d" {{
  rest_api_id = apigateway_rest_api.api.id
  depends_on  = [apigateway_integration_response.ok]
}}
{stages}"#
    )
}

/// The key is required, granted by a plan for the stage, and refused once the key leaves the
/// plan; the plan's per-method throttle is recorded as written.
fn api_key_access_is_enforced_over_http(ctx: &Ctx) {
    let name = ctx.name("access");
    let wd = ctx.workdir("access");
    let config = |attached: bool| {
        let key = if attached {
            r#"
resource "apigateway_usage_plan_key" "k" {
  key_id        = apigateway_api_key.k.id
  key_type      = "API_KEY"
  usage_plan_id = apigateway_usage_plan.p.id
}
"#
        } else {
            ""
        };
        format!(
            r#"{api}
resource "apigateway_api_key" "k" {{
  name = "{name}"
}}

resource "apigateway_usage_plan" "p" {{
  name = "{name}"
  api_stages {{
    api_id = apigateway_rest_api.api.id
    stage  = apigateway_stage.dev.stage_name
    throttle {{
      path        = "${{apigateway_resource.ping.path}}/${{apigateway_method.get.http_method}}"
      burst_limit = 3
      rate_limit  = 6
    }}
  }}
}}
{key}"#,
            api = served_api(&name, &["dev"])
        )
    };
    wd.write(&config(true));
    wd.apply();
    let api = wd.attr_str("apigateway_rest_api.api", "id");
    let value = wd.attr_str("apigateway_api_key.k", "value");
    assert!(!value.is_empty(), "the generated value is in the state");
    let url = format!("{}/restapis/{api}/dev/_user_request_/ping", ctx.endpoint);
    let call = |key: Option<&str>| {
        let headers: Vec<(&str, &str)> = key.map(|k| ("x-api-key", k)).into_iter().collect();
        http_request("GET", &url, &headers, "").0
    };
    assert_eq!(call(None), 403, "no key");
    assert_eq!(call(Some("not-the-key-0123456789")), 403, "a wrong key");
    assert_eq!(call(Some(&value)), 200, "the plan's key");
    assert_eq!(
        wd.attr_str("apigateway_usage_plan_key.k", "value"),
        value,
        "the usage plan key reads the key's value"
    );
    let plan_id = wd.attr_str("apigateway_usage_plan.p", "id");
    let plan = ctx
        .rt
        .block_on(ctx.sdk.get_usage_plan().usage_plan_id(&plan_id).send())
        .unwrap();
    let throttle = plan.api_stages()[0]
        .throttle()
        .expect("a per-method throttle");
    let limits = &throttle["/ping/GET"];
    assert_eq!((limits.burst_limit(), limits.rate_limit()), (3, 6.0));
    wd.assert_no_changes();

    // Import of the usage plan key (`USAGE-PLAN-ID/KEY-ID`).
    let key_id = wd.attr_str("apigateway_api_key.k", "id");
    wd.ok(&["state", "rm", "apigateway_usage_plan_key.k"]);
    wd.ok(&[
        "import",
        "apigateway_usage_plan_key.k",
        &format!("{plan_id}/{key_id}"),
    ]);
    wd.assert_no_changes();

    // The key taken out of the plan in Terraform: refused after one apply.
    wd.write(&config(false));
    wd.apply();
    assert_eq!(call(Some(&value)), 403, "the key left the plan");
    wd.assert_no_changes();
    wd.ok(&["destroy", "-auto-approve"]);
    assert!(!found(
        ctx.rt
            .block_on(ctx.sdk.get_usage_plan().usage_plan_id(&plan_id).send()),
        "the usage plan"
    ));
}

/// An API key: AWS's generated value and the official defaults; in-place updates of every
/// updatable argument (same key); drift restored; import with the value read back; a written
/// value replaces the key; a value AWS refuses fails at plan.
fn api_key_lifecycle(ctx: &Ctx) {
    let name = ctx.name("api-key");
    let wd = ctx.workdir("api-key");
    const ADDR: &str = "apigateway_api_key.k";
    wd.write(&format!(
        "resource \"apigateway_api_key\" \"k\" {{\n  name = \"{name}\"\n}}\n"
    ));
    wd.apply();
    let id = wd.attr_str(ADDR, "id");
    let get = || {
        ctx.rt
            .block_on(
                ctx.sdk
                    .get_api_key()
                    .api_key(&id)
                    .include_value(true)
                    .send(),
            )
            .unwrap()
    };
    let key = get();
    assert_eq!(key.value(), Some(wd.attr_str(ADDR, "value").as_str()));
    assert_eq!(key.description(), Some("Managed by Terraform"));
    assert!(key.enabled());
    assert!(
        wd.attr_str(ADDR, "arn")
            .ends_with(&format!("/apikeys/{id}"))
    );
    assert!(!wd.attr_str(ADDR, "created_date").is_empty());
    wd.assert_no_changes();

    // In place: name, description, enabled, customer id.
    let updated = format!(
        "resource \"apigateway_api_key\" \"k\" {{\n  name        = \"{name}-2\"\n  description = \"two\"\n  enabled     = false\n  customer_id = \"cid2\"\n}}\n"
    );
    wd.write(&updated);
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(!plan.stdout.contains("must be replaced"), "{}", plan.stdout);
    wd.apply();
    assert_eq!(wd.attr_str(ADDR, "id"), id, "the same key");
    let key = get();
    assert_eq!(key.name(), Some(format!("{name}-2").as_str()));
    assert_eq!(key.description(), Some("two"));
    assert!(!key.enabled());
    assert_eq!(key.customer_id(), Some("cid2"));
    wd.assert_no_changes();

    // Drift: changed outside Terraform, restored by the next apply.
    ctx.rt
        .block_on(
            ctx.sdk
                .update_api_key()
                .api_key(&id)
                .patch_operations(
                    aws_sdk_apigateway::types::PatchOperation::builder()
                        .op(aws_sdk_apigateway::types::Op::Replace)
                        .path("/description")
                        .value("drifted")
                        .build(),
                )
                .send(),
        )
        .unwrap();
    let (code, _) = wd.plan_code();
    assert_eq!(code, 2, "the drift is planned");
    wd.apply();
    assert_eq!(get().description(), Some("two"));

    // Import: every attribute, the value too, read back.
    wd.ok(&["state", "rm", ADDR]);
    wd.ok(&["import", ADDR, &id]);
    wd.assert_no_changes();

    // A value AWS refuses fails at plan; a written value replaces the key.
    wd.write(&updated.replace("}\n", "  value = \"short\"\n}\n"));
    let r = wd.run(&["plan", "-input=false"]);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("value") && r.stderr.contains("20 to 128 characters"),
        "{}",
        r.stderr
    );
    const VALUE: &str = "8bjqPK0BkA5N32bwYj4no2aw3eqsSM1o67eXFTNU";
    wd.write(&updated.replace("}\n", &format!("  value = \"{VALUE}\"\n}}\n")));
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(plan.stdout.contains("must be replaced"), "{}", plan.stdout);
    wd.apply();
    let new_id = wd.attr_str(ADDR, "id");
    assert_ne!(new_id, id);
    let key = ctx
        .rt
        .block_on(
            ctx.sdk
                .get_api_key()
                .api_key(&new_id)
                .include_value(true)
                .send(),
        )
        .unwrap();
    assert_eq!(key.value(), Some(VALUE));
    wd.assert_no_changes();

    // Deleted outside Terraform: planned again.
    ctx.rt
        .block_on(ctx.sdk.delete_api_key().api_key(&new_id).send())
        .unwrap();
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(plan.stdout.contains("will be created"), "{}", plan.stdout);
    wd.ok(&["destroy", "-auto-approve"]);
}

/// A usage plan: stages added and removed in place (never a replacement), throttling, a quota
/// and a product code added, changed and removed; import; a quota period or limit AWS refuses
/// fails at plan with nothing created.
fn usage_plan_lifecycle(ctx: &Ctx) {
    let name = ctx.name("usage-plan");
    let wd = ctx.workdir("usage-plan");
    const ADDR: &str = "apigateway_usage_plan.p";
    let api = served_api(&format!("{name}-api"), &["test", "foo"]);
    let config = |body: &str| {
        format!(
            "{api}\nresource \"apigateway_usage_plan\" \"p\" {{\n  name = \"{name}\"\n{body}}}\n"
        )
    };
    let stage = |s: &str| {
        format!(
            "  api_stages {{\n    api_id = apigateway_rest_api.api.id\n    stage  = apigateway_stage.{s}.stage_name\n  }}\n"
        )
    };

    // Plan-time checks, nothing created.
    for (body, says) in [
        (
            "  quota_settings {\n    limit  = 10\n    period = \"YEAR\"\n  }\n",
            "`WEEK`",
        ),
        (
            "  throttle_settings {\n    burst_limit = -1\n  }\n",
            "burst_limit",
        ),
        (
            "  quota_settings {\n    limit  = 10\n    offset = 3\n    period = \"DAY\"\n  }\n",
            "offset must be from 0 to 0",
        ),
    ] {
        wd.write(&config(body));
        let r = wd.run(&["plan", "-input=false"]);
        assert_ne!(r.code, 0, "{}", r.all());
        assert!(r.stderr.contains(says), "{}", r.stderr);
    }
    let plans = || {
        ctx.rt
            .block_on(ctx.sdk.get_usage_plans().limit(500).send())
            .unwrap()
            .items()
            .iter()
            .filter(|p| p.name() == Some(name.as_str()))
            .count()
    };
    assert_eq!(plans(), 0, "nothing was created");

    wd.write(&config(""));
    wd.apply();
    let id = wd.attr_str(ADDR, "id");
    let get = || {
        ctx.rt
            .block_on(ctx.sdk.get_usage_plan().usage_plan_id(&id).send())
            .unwrap()
    };
    assert!(get().api_stages().is_empty());
    wd.assert_no_changes();

    // Everything added in place.
    let full = format!(
        "  description  = \"one\"\n  product_code = \"MYCODE\"\n{}  throttle_settings {{\n    burst_limit = 2\n    rate_limit  = 5\n  }}\n  quota_settings {{\n    limit  = 100\n    offset = 6\n    period = \"WEEK\"\n  }}\n",
        stage("test")
    );
    wd.write(&config(&full));
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(!plan.stdout.contains("must be replaced"), "{}", plan.stdout);
    wd.apply();
    assert_eq!(wd.attr_str(ADDR, "id"), id);
    let p = get();
    assert_eq!(p.description(), Some("one"));
    assert_eq!(p.product_code(), Some("MYCODE"));
    let stages: Vec<&str> = p.api_stages().iter().filter_map(|s| s.stage()).collect();
    assert_eq!(stages, ["test"]);
    let t = p.throttle().expect("throttle");
    assert_eq!((t.burst_limit(), t.rate_limit()), (2, 5.0));
    let q = p.quota().expect("quota");
    assert_eq!((q.limit(), q.offset()), (100, 6));
    assert_eq!(q.period().map(|p| p.as_str()), Some("WEEK"));
    wd.assert_no_changes();

    // Changed in place: a second stage, new limits, another code and name.
    let changed = format!(
        "  description  = \"two\"\n  product_code = \"MYCODE2\"\n{}{}  throttle_settings {{\n    burst_limit = 3\n    rate_limit  = 6\n  }}\n  quota_settings {{\n    limit  = 200\n    offset = 20\n    period = \"MONTH\"\n  }}\n",
        stage("test"),
        stage("foo")
    );
    wd.write(&config(&changed));
    wd.apply();
    assert_eq!(wd.attr_str(ADDR, "id"), id);
    let p = get();
    let mut stages: Vec<&str> = p.api_stages().iter().filter_map(|s| s.stage()).collect();
    stages.sort_unstable();
    assert_eq!(stages, ["foo", "test"]);
    assert_eq!(p.product_code(), Some("MYCODE2"));
    let t = p.throttle().expect("throttle");
    assert_eq!((t.burst_limit(), t.rate_limit()), (3, 6.0));
    let q = p.quota().expect("quota");
    assert_eq!((q.limit(), q.offset()), (200, 20));
    wd.assert_no_changes();

    // Import.
    wd.ok(&["state", "rm", ADDR]);
    wd.ok(&["import", ADDR, &id]);
    wd.assert_no_changes();

    // Drift: a stage removed outside Terraform is added back.
    let api_id = wd.attr_str("apigateway_rest_api.api", "id");
    ctx.rt
        .block_on(
            ctx.sdk
                .update_usage_plan()
                .usage_plan_id(&id)
                .patch_operations(
                    aws_sdk_apigateway::types::PatchOperation::builder()
                        .op(aws_sdk_apigateway::types::Op::Remove)
                        .path("/apiStages")
                        .value(format!("{api_id}:foo"))
                        .build(),
                )
                .send(),
        )
        .unwrap();
    wd.apply();
    assert_eq!(get().api_stages().len(), 2);

    // Everything removed again, in place.
    wd.write(&config(""));
    wd.apply();
    let p = get();
    assert!(p.api_stages().is_empty());
    assert!(p.throttle().is_none() && p.quota().is_none());
    assert_eq!(p.product_code(), None);
    wd.assert_no_changes();
    wd.ok(&["destroy", "-auto-approve"]);
    assert!(!found(
        ctx.rt
            .block_on(ctx.sdk.get_usage_plan().usage_plan_id(&id).send()),
        "the usage plan"
    ));
}
