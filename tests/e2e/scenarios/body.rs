//! Scenarios for `apigateway_rest_api.body` (OpenAPI import with PutRestApi) and
//! `apigateway_rest_api_put`. Ported from the official provider's acceptance tests
//! `TestAccAPIGatewayRestAPI_body`, the `*_overrideBody` and `*_setByBody` pairs (description,
//! binary media types, API key source, minimum compression size), `_parameters`, and
//! `TestAccAPIGatewayRestAPIPut_basic`/`_multistage`, written again for this harness with
//! MOCK integrations, so what is imported is also called over HTTP.

use std::collections::BTreeSet;

use super::Scenario;
use crate::Ctx;
use crate::harness::http_get;

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[
    (
        "rest_api_body_is_deployed_served_and_replaced",
        rest_api_body_is_deployed_served_and_replaced,
    ),
    (
        "rest_api_body_arguments_override_or_take_the_bodys",
        rest_api_body_arguments_override_or_take_the_bodys,
    ),
    (
        "rest_api_put_imports_a_body_that_is_served",
        rest_api_put_imports_a_body_that_is_served,
    ),
];

/// An OpenAPI 3 body (HCL `jsonencode`) with one GET at `path` whose MOCK integration answers
/// `{"msg":"<msg>"}`.
fn openapi(path: &str, msg: &str) -> String {
    format!(
        r#"jsonencode({{
    openapi = "3.0.1"
    info    = {{ title = "from-the-body", version = "1" }}
    paths = {{
      "{path}" = {{
        get = {{
          responses = {{ "200" = {{ description = "ok" }} }}
          x-amazon-apigateway-integration = {{
            type             = "mock"
            requestTemplates = {{ "application/json" = "{{\"statusCode\": 200}}" }}
            responses = {{
              default = {{
                statusCode        = "200"
                responseTemplates = {{ "application/json" = "{{\"msg\":\"{msg}\"}}" }}
              }}
            }}
          }}
        }}
      }}
    }}
  }})"#
    )
}

/// The API's resource paths in the emulator.
fn paths(ctx: &Ctx, api: &str) -> BTreeSet<String> {
    let out = ctx
        .rt
        .block_on(ctx.sdk.get_resources().rest_api_id(api).limit(500).send())
        .unwrap();
    out.items()
        .iter()
        .filter_map(|r| r.path().map(str::to_owned))
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// `GET <path>` on a stage: the status and the body.
fn call(ctx: &Ctx, api: &str, stage: &str, path: &str) -> (u16, String) {
    let url = format!(
        "{}/restapis/{api}/{stage}/_user_request_{path}",
        ctx.endpoint
    );
    let (status, _, body) = http_get(&url);
    (status, body)
}

/// An API defined only by an OpenAPI body, deployed with `apigateway_deployment` and
/// `apigateway_stage`, answers over HTTP; a changed body (a new path, the old one gone, as
/// in overwrite mode) is served after one apply, with the API's id kept. The configured name
/// wins over the body's title.
fn rest_api_body_is_deployed_served_and_replaced(ctx: &Ctx) {
    let name = ctx.name("body");
    let wd = ctx.workdir("body");
    let config = |path: &str, msg: &str| {
        format!(
            r#"resource "apigateway_rest_api" "api" {{
  name = "{name}"
  body = {body}
}}

resource "apigateway_deployment" "d" {{
  rest_api_id = apigateway_rest_api.api.id
}}

resource "apigateway_stage" "v1" {{
  rest_api_id   = apigateway_rest_api.api.id
  stage_name    = "v1"
  deployment_id = apigateway_deployment.d.id
}}
"#,
            body = openapi(path, msg)
        )
    };
    wd.write(&config("/hello", "one"));
    wd.apply();
    let api = wd.attr_str("apigateway_rest_api.api", "id");
    assert_eq!(paths(ctx, &api), set(&["/", "/hello"]));
    let got = ctx
        .rt
        .block_on(ctx.sdk.get_rest_api().rest_api_id(&api).send())
        .unwrap();
    assert_eq!(
        got.name(),
        Some(name.as_str()),
        "the argument wins over info.title"
    );
    assert_eq!(
        wd.attr_str("apigateway_rest_api.api", "put_rest_api_mode"),
        "overwrite"
    );
    assert_eq!(
        wd.attr_str("apigateway_rest_api.api", "root_resource_id"),
        got.root_resource_id().unwrap_or_default()
    );
    let (status, body) = call(ctx, &api, "v1", "/hello");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(r#""msg":"one""#), "{body}");
    wd.assert_no_changes();

    // A new body: one apply imports it (same API) and publishes it.
    wd.write(&config("/greet", "two"));
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(
        plan.stdout
            .contains("apigateway_rest_api.api will be updated in-place"),
        "{}",
        plan.stdout
    );
    wd.apply();
    assert_eq!(wd.attr_str("apigateway_rest_api.api", "id"), api);
    assert_eq!(paths(ctx, &api), set(&["/", "/greet"]), "overwrite mode");
    let (status, body) = call(ctx, &api, "v1", "/greet");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(r#""msg":"two""#), "{body}");
    let (status, _) = call(ctx, &api, "v1", "/hello");
    assert_ne!(status, 200, "the old path is no longer served");
    wd.assert_no_changes();
    wd.ok(&["destroy", "-auto-approve"]);
}

/// A Swagger 2 body that sets a description, binary media types, the API key source, a
/// compression size and a base path.
const SWAGGER: &str = r#"jsonencode({
    swagger = "2.0"
    info    = { title = "from-the-body", version = "1", description = "the body's" }
    basePath = "/foo/bar/baz"
    schemes  = ["https"]
    x-amazon-apigateway-api-key-source          = "AUTHORIZER"
    x-amazon-apigateway-binary-media-types      = ["image/jpeg"]
    x-amazon-apigateway-minimum-compression-size = 5242880
    paths = {
      "/test" = {
        get = {
          responses = { "200" = { description = "ok" } }
          x-amazon-apigateway-integration = {
            type             = "mock"
            requestTemplates = { "application/json" = "{\"statusCode\": 200}" }
            responses        = { default = { statusCode = "200" } }
          }
        }
      }
    }
  })"#;

/// The configuration's arguments win over the body (`*_overrideBody`); those left out take the
/// body's values, shown in the state (`*_setByBody`); `parameters` reach the import and a
/// change of them imports the body again (`_parameters`). A bad body or mode fails at plan.
fn rest_api_body_arguments_override_or_take_the_bodys(ctx: &Ctx) {
    let name = ctx.name("body-args");
    let wd = ctx.workdir("body-args");

    // Plan-time checks, nothing created.
    for (attr, setting, says) in [
        ("body", r#"body = "{\"foo\": 1}""#, "`openapi` or `swagger`"),
        (
            "put_rest_api_mode",
            r#"body = "openapi: 3.0.1"
  put_rest_api_mode = "replace""#,
            "`overwrite` or `merge`",
        ),
    ] {
        wd.write(&format!(
            "resource \"apigateway_rest_api\" \"api\" {{\n  name = \"{name}\"\n  {setting}\n}}\n"
        ));
        let r = wd.run(&["plan", "-input=false"]);
        assert_ne!(r.code, 0, "{}", r.all());
        assert!(
            r.stderr.contains(attr) && r.stderr.contains(says),
            "{}",
            r.stderr
        );
    }

    let config = |extra: &str, basepath: &str| {
        format!(
            r#"resource "apigateway_rest_api" "api" {{
  name               = "{name}"
  description        = "terraform's"
  binary_media_types = ["application/octet-stream"]
  parameters         = {{ basepath = "{basepath}" }}
  body               = {SWAGGER}
{extra}}}
"#
        )
    };
    wd.write(&config("", "prepend"));
    wd.apply();
    let api = wd.attr_str("apigateway_rest_api.api", "id");
    let got = ctx
        .rt
        .block_on(ctx.sdk.get_rest_api().rest_api_id(&api).send())
        .unwrap();
    assert_eq!(got.description(), Some("terraform's"), "override");
    assert_eq!(
        got.binary_media_types(),
        ["application/octet-stream"],
        "override"
    );
    assert_eq!(
        got.api_key_source().map(|s| s.as_str()),
        Some("AUTHORIZER"),
        "set by body"
    );
    assert_eq!(
        got.minimum_compression_size(),
        Some(5_242_880),
        "set by body"
    );
    assert_eq!(
        wd.attr_str("apigateway_rest_api.api", "api_key_source"),
        "AUTHORIZER"
    );
    assert_eq!(
        wd.attr_str("apigateway_rest_api.api", "minimum_compression_size"),
        "5242880"
    );
    assert_eq!(
        paths(ctx, &api),
        set(&["/", "/foo", "/foo/bar", "/foo/bar/baz", "/foo/bar/baz/test"]),
        "basepath = prepend"
    );
    wd.assert_no_changes();

    // Only the parameters change: the body is imported again.
    wd.write(&config("", "ignore"));
    wd.apply();
    assert_eq!(paths(ctx, &api), set(&["/", "/test"]), "basepath = ignore");
    let got = ctx
        .rt
        .block_on(ctx.sdk.get_rest_api().rest_api_id(&api).send())
        .unwrap();
    assert_eq!(
        got.description(),
        Some("terraform's"),
        "still the argument's"
    );
    wd.assert_no_changes();

    // An argument set over the body's value, and the mode: in place, the body not imported
    // again (the paths keep their ids).
    let before = ctx
        .rt
        .block_on(ctx.sdk.get_resources().rest_api_id(&api).send())
        .unwrap();
    wd.write(&config(
        "  api_key_source = \"HEADER\"\n  put_rest_api_mode = \"merge\"\n",
        "ignore",
    ));
    wd.apply();
    let got = ctx
        .rt
        .block_on(ctx.sdk.get_rest_api().rest_api_id(&api).send())
        .unwrap();
    assert_eq!(got.api_key_source().map(|s| s.as_str()), Some("HEADER"));
    let after = ctx
        .rt
        .block_on(ctx.sdk.get_resources().rest_api_id(&api).send())
        .unwrap();
    let ids = |r: &aws_sdk_apigateway::operation::get_resources::GetResourcesOutput| {
        r.items()
            .iter()
            .filter_map(|i| i.id().map(str::to_owned))
            .collect::<BTreeSet<_>>()
    };
    assert_eq!(ids(&before), ids(&after), "no second import");
    wd.assert_no_changes();

    // Import: the body is not read back; the configuration's is kept without a change.
    wd.ok(&["state", "rm", "apigateway_rest_api.api"]);
    wd.ok(&["import", "apigateway_rest_api.api", &api]);
    let (code, plan) = wd.plan_code();
    assert_eq!(
        code, 2,
        "the body is planned, being unknown to AWS's answer"
    );
    assert!(
        plan.stdout.contains("will be updated in-place"),
        "{}",
        plan.stdout
    );
    wd.ok(&["destroy", "-auto-approve"]);
    assert!(!crate::harness::found(
        ctx.rt
            .block_on(ctx.sdk.get_rest_api().rest_api_id(&api).send()),
        "the REST API"
    ));
}

/// `apigateway_rest_api_put` imports a body into an API made by `apigateway_rest_api`
/// (`TestAccAPIGatewayRestAPIPut_basic`): deployed and served; a new body replaces the put and
/// the stage serves it after one apply; destroying it leaves the API.
fn rest_api_put_imports_a_body_that_is_served(ctx: &Ctx) {
    let name = ctx.name("rest-api-put");
    let wd = ctx.workdir("rest-api-put");
    let config = |msg: &str| {
        format!(
            r#"resource "apigateway_rest_api" "api" {{
  name = "{name}"
}}

resource "apigateway_rest_api_put" "p" {{
  rest_api_id      = apigateway_rest_api.api.id
  body             = {body}
  fail_on_warnings = true
  triggers         = {{ version = "{msg}" }}

  timeouts {{
    create = "15m"
  }}
}}

resource "apigateway_deployment" "d" {{
  rest_api_id = apigateway_rest_api.api.id
  depends_on  = [apigateway_rest_api_put.p]
}}

resource "apigateway_stage" "v1" {{
  rest_api_id   = apigateway_rest_api.api.id
  stage_name    = "v1"
  deployment_id = apigateway_deployment.d.id
}}
"#,
            body = openapi("/hello", msg),
        )
    };
    wd.write(&config("one"));
    wd.apply();
    let api = wd.attr_str("apigateway_rest_api.api", "id");
    assert_eq!(wd.attr_str("apigateway_rest_api_put.p", "id"), api);
    assert_eq!(
        wd.attr("apigateway_rest_api_put.p", "timeouts")[0]["create"],
        "15m"
    );
    assert_eq!(paths(ctx, &api), set(&["/", "/hello"]));
    let (status, body) = call(ctx, &api, "v1", "/hello");
    assert!(
        status == 200 && body.contains(r#""msg":"one""#),
        "{status} {body}"
    );
    wd.assert_no_changes();

    // A new body replaces the put: imported again, and the stage serves it after one apply.
    wd.write(&config("two"));
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(
        plan.stdout
            .contains("apigateway_rest_api_put.p must be replaced"),
        "{}",
        plan.stdout
    );
    wd.apply();
    let (status, body) = call(ctx, &api, "v1", "/hello");
    assert!(
        status == 200 && body.contains(r#""msg":"two""#),
        "{status} {body}"
    );
    wd.assert_no_changes();

    // Import by the REST API id; removing the put leaves the API and what it imported.
    wd.ok(&["state", "rm", "apigateway_rest_api_put.p"]);
    wd.ok(&["import", "apigateway_rest_api_put.p", &api]);
    assert_eq!(wd.attr_str("apigateway_rest_api_put.p", "rest_api_id"), api);
    wd.ok(&[
        "destroy",
        "-auto-approve",
        "-target=apigateway_rest_api_put.p",
    ]);
    assert_eq!(
        paths(ctx, &api),
        set(&["/", "/hello"]),
        "the API keeps the import"
    );
    wd.ok(&["destroy", "-auto-approve"]);
}
