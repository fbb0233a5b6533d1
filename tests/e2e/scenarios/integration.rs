//! Scenarios for `apigateway_integration`.
//!
//! The REST API and resource are made with HCL; the methods the integrations belong to are
//! made with SDK calls after the first apply, so these scenarios do not depend on
//! `apigateway_method`. Every check of the emulator uses the scenario's own SDK client.

use aws_sdk_apigateway::operation::get_integration::GetIntegrationOutput;
use aws_sdk_apigateway::types::{Op, PatchOperation};

use super::Scenario;
use crate::Ctx;
use crate::harness::Workdir;

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[
    ("integration_lifecycle", integration_lifecycle),
    (
        "integration_update_in_place_keeps_responses",
        integration_update_in_place,
    ),
    (
        "integration_identity_changes_replace",
        integration_identity_changes_replace,
    ),
    (
        "integration_invalid_config_fails_at_plan",
        integration_invalid_config,
    ),
];

const ADDRESS: &str = "apigateway_integration.i";
const IMPORT_FORMAT: &str = "REST-API-ID/RESOURCE-ID/HTTP-METHOD";

/// The REST API and the `/items` resource.
fn base(name: &str) -> String {
    format!(
        "resource \"apigateway_rest_api\" \"api\" {{\n  name = \"{name}\"\n}}\n\n\
         resource \"apigateway_resource\" \"r\" {{\n  rest_api_id = apigateway_rest_api.api.id\n  parent_id   = apigateway_rest_api.api.root_resource_id\n  path_part   = \"items\"\n}}\n"
    )
}

/// The integration block on `method`; `body` holds every other attribute.
fn integration(method: &str, body: &str) -> String {
    format!(
        "\nresource \"apigateway_integration\" \"i\" {{\n  rest_api_id = apigateway_rest_api.api.id\n  resource_id = apigateway_resource.r.id\n  http_method = \"{method}\"\n{body}}}\n"
    )
}

/// Applies the base configuration and makes GET and POST methods on the resource with the
/// SDK (with the request parameters the integrations map). Returns the REST API and resource
/// ids.
fn setup(ctx: &Ctx, wd: &Workdir, name: &str) -> (String, String) {
    wd.write(&base(name));
    wd.apply();
    let api = wd.attr_str("apigateway_rest_api.api", "id");
    let res = wd.attr_str("apigateway_resource.r", "id");
    for method in ["GET", "POST"] {
        ctx.rt
            .block_on(
                ctx.sdk
                    .put_method()
                    .rest_api_id(&api)
                    .resource_id(&res)
                    .http_method(method)
                    .authorization_type("NONE")
                    .request_parameters("method.request.querystring.page", false)
                    .request_parameters("method.request.header.X-Id", false)
                    .send(),
            )
            .unwrap();
    }
    (api, res)
}

/// The integration in the emulator, or `None` when it does not exist.
fn get(ctx: &Ctx, api: &str, res: &str, method: &str) -> Option<GetIntegrationOutput> {
    match ctx.rt.block_on(
        ctx.sdk
            .get_integration()
            .rest_api_id(api)
            .resource_id(res)
            .http_method(method)
            .send(),
    ) {
        Ok(out) => Some(out),
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_not_found_exception()) =>
        {
            None
        }
        Err(e) => panic!("GetIntegration failed: {e:?}"),
    }
}

/// A field AWS leaves out once cleared (an emulator may answer `""`).
fn cleared(v: Option<&str>) -> bool {
    v.is_none_or(str::is_empty)
}

fn sorted(items: &[String]) -> Vec<String> {
    let mut v = items.to_vec();
    v.sort();
    v
}

fn assert_in_place(wd: &Workdir) {
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2, "changes expected:\n{}", plan.stdout);
    assert!(
        plan.stdout.contains("will be updated in-place"),
        "{}",
        plan.stdout
    );
    assert!(!plan.stdout.contains("must be replaced"), "{}", plan.stdout);
}

fn assert_replaced(wd: &Workdir) {
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2, "changes expected:\n{}", plan.stdout);
    assert!(plan.stdout.contains("must be replaced"), "{}", plan.stdout);
}

const LIFECYCLE_BODY: &str = "  type                    = \"HTTP\"\n  integration_http_method = \"GET\"\n  uri                     = \"https://example.com/items\"\n  passthrough_behavior    = \"WHEN_NO_TEMPLATES\"\n  cache_key_parameters    = [\"method.request.querystring.page\", \"integration.request.header.X-Page\", \"integration.request.querystring.*\"]\n  timeout_milliseconds    = 10000\n  request_parameters = {\n    \"integration.request.header.X-Page\" = \"method.request.querystring.page\"\n  }\n  request_templates = {\n    \"application/json\" = \"\"\n    \"text/plain\"       = \"#set($page = $input.params('page'))\"\n  }\n";

/// Create, a clean second plan, out-of-band change and deletion, import, destroy.
fn integration_lifecycle(ctx: &Ctx) {
    let name = ctx.name("integ-life");
    let wd = ctx.workdir("integ-life");
    let (api, res) = setup(ctx, &wd, &name);
    let config = format!("{}{}", base(&name), integration("GET", LIFECYCLE_BODY));
    wd.write(&config);
    wd.ok(&["validate"]);
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    // The id is made of the identity attributes, so the plan already knows it.
    assert!(
        plan.stdout.contains(&format!("agi-{api}-{res}-GET")),
        "{}",
        plan.stdout
    );

    // (1) Create, and the object in the emulator.
    wd.apply();
    assert_eq!(wd.attr_str(ADDRESS, "id"), format!("agi-{api}-{res}-GET"));
    let i = get(ctx, &api, &res, "GET").expect("integration created");
    assert_eq!(i.r#type().map(|t| t.as_str()), Some("HTTP"));
    assert_eq!(i.http_method(), Some("GET"));
    assert_eq!(i.uri(), Some("https://example.com/items"));
    assert_eq!(i.passthrough_behavior(), Some("WHEN_NO_TEMPLATES"));
    assert_eq!(i.timeout_in_millis(), 10_000);
    // Integration request parameters too, as AWS and the official acceptance tests allow.
    assert_eq!(
        sorted(i.cache_key_parameters()),
        [
            "integration.request.header.X-Page",
            "integration.request.querystring.*",
            "method.request.querystring.page"
        ]
    );
    assert_eq!(
        i.request_parameters().unwrap()["integration.request.header.X-Page"],
        "method.request.querystring.page"
    );
    let templates = i.request_templates().unwrap();
    assert_eq!(templates["application/json"], "");
    assert_eq!(
        templates["text/plain"],
        "#set($page = $input.params('page'))"
    );
    // Defaults AWS fills in are in the state, known.
    assert_eq!(wd.attr_str(ADDRESS, "connection_type"), "INTERNET");
    assert_eq!(
        wd.attr_str(ADDRESS, "cache_namespace"),
        i.cache_namespace().unwrap_or_default()
    );
    assert_eq!(
        wd.attr(ADDRESS, "request_templates")["application/json"],
        ""
    );

    // (2) A second plan shows nothing to do.
    wd.assert_no_changes();

    // (5) Changed behind Terraform's back: the plan shows it, apply restores it.
    ctx.rt
        .block_on(
            ctx.sdk
                .update_integration()
                .rest_api_id(&api)
                .resource_id(&res)
                .http_method("GET")
                .patch_operations(
                    PatchOperation::builder()
                        .op(Op::Replace)
                        .path("/uri")
                        .value("https://example.com/changed-out-of-band")
                        .build(),
                )
                .patch_operations(
                    PatchOperation::builder()
                        .op(Op::Remove)
                        .path("/requestParameters/integration.request.header.X-Page")
                        .build(),
                )
                .send(),
        )
        .unwrap();
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2, "drift is detected:\n{}", plan.stdout);
    assert!(
        plan.stdout.contains("changed-out-of-band"),
        "{}",
        plan.stdout
    );
    assert!(plan.stdout.contains("X-Page"), "{}", plan.stdout);
    assert!(
        plan.stdout.contains("will be updated in-place"),
        "{}",
        plan.stdout
    );
    wd.apply();
    let i = get(ctx, &api, &res, "GET").unwrap();
    assert_eq!(i.uri(), Some("https://example.com/items"));
    assert_eq!(
        i.request_parameters().unwrap()["integration.request.header.X-Page"],
        "method.request.querystring.page"
    );
    wd.assert_no_changes();

    // (6) Deleted behind Terraform's back: the plan recreates it.
    ctx.rt
        .block_on(
            ctx.sdk
                .delete_integration()
                .rest_api_id(&api)
                .resource_id(&res)
                .http_method("GET")
                .send(),
        )
        .unwrap();
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(plan.stdout.contains("will be created"), "{}", plan.stdout);
    wd.apply();
    let i = get(ctx, &api, &res, "GET").expect("recreated");
    assert_eq!(i.uri(), Some("https://example.com/items"));
    wd.assert_no_changes();

    // (7) Forgotten and imported with the official ID format; a malformed ID explains it.
    wd.ok(&["state", "rm", ADDRESS]);
    for bad in [
        format!("{api}/{res}"),
        format!("{api}/{res}/FETCH"),
        format!("agi-{api}-{res}-GET"),
    ] {
        let r = wd.run(&["import", ADDRESS, &bad]);
        assert_ne!(r.code, 0, "{bad} must be rejected");
        assert!(r.all().contains(IMPORT_FORMAT), "{}", r.all());
    }
    wd.ok(&["import", ADDRESS, &format!("{api}/{res}/GET")]);
    assert_eq!(wd.attr_str(ADDRESS, "id"), format!("agi-{api}-{res}-GET"));
    assert_eq!(wd.attr_str(ADDRESS, "uri"), "https://example.com/items");
    wd.assert_no_changes();

    // (8) Destroyed: removing it from the configuration deletes the integration, not the
    // method; then everything goes.
    wd.write(&base(&name));
    wd.apply();
    assert!(get(ctx, &api, &res, "GET").is_none(), "integration deleted");
    assert!(
        ctx.rt
            .block_on(
                ctx.sdk
                    .get_method()
                    .rest_api_id(&api)
                    .resource_id(&res)
                    .http_method("GET")
                    .send()
            )
            .is_ok(),
        "the method stays"
    );
    wd.write(&config);
    wd.apply();
    assert!(get(ctx, &api, &res, "GET").is_some());
    wd.ok(&["destroy", "-auto-approve"]);
    assert!(get(ctx, &api, &res, "GET").is_none(), "destroyed");
}

/// The three configurations of the in-place scenario.
fn update_body(step: u8) -> &'static str {
    match step {
        1 => {
            "  type                    = \"HTTP\"\n  integration_http_method = \"GET\"\n  uri                     = \"https://example.com/v1\"\n  connection_type         = \"VPC_LINK\"\n  connection_id           = \"vl-one\"\n  credentials             = \"arn:aws:iam::000000000000:role/one\"\n  content_handling        = \"CONVERT_TO_TEXT\"\n  timeout_milliseconds    = 10000\n  request_parameters = {\n    \"integration.request.header.X-A\" = \"'a'\"\n    \"integration.request.header.X-B\" = \"method.request.header.X-Id\"\n  }\n  request_templates = {\n    \"application/json\" = \"one\"\n  }\n  tls_config {\n    insecure_skip_verification = false\n  }\n"
        }
        2 => {
            "  type                    = \"HTTP\"\n  integration_http_method = \"POST\"\n  uri                     = \"https://example.com/v2\"\n  connection_type         = \"VPC_LINK\"\n  connection_id           = \"vl-two\"\n  credentials             = \"arn:aws:iam::000000000000:role/two\"\n  content_handling        = \"CONVERT_TO_BINARY\"\n  cache_namespace         = \"ns-two\"\n  timeout_milliseconds    = 20000\n  request_parameters = {\n    \"integration.request.header.X-A\" = \"'a2'\"\n    \"integration.request.header.X-C\" = \"'c'\"\n  }\n  request_templates = {\n    \"application/json\" = \"two\"\n    \"text/plain\"       = \"\"\n  }\n  tls_config {\n    insecure_skip_verification = true\n  }\n"
        }
        _ => {
            "  type                    = \"HTTP\"\n  integration_http_method = \"POST\"\n  uri                     = \"https://example.com/v2\"\n  cache_namespace         = \"ns-two\"\n  timeout_milliseconds    = 20000\n"
        }
    }
}

/// Every attribute UpdateIntegration can change, changed in place; the integration response
/// made beside it survives every update.
fn integration_update_in_place(ctx: &Ctx) {
    let name = ctx.name("integ-upd");
    let wd = ctx.workdir("integ-upd");
    let (api, res) = setup(ctx, &wd, &name);
    let config = |step| format!("{}{}", base(&name), integration("GET", update_body(step)));
    wd.write(&config(1));
    wd.apply();
    let id = wd.attr_str(ADDRESS, "id");
    let i = get(ctx, &api, &res, "GET").unwrap();
    assert_eq!(i.connection_type().map(|c| c.as_str()), Some("VPC_LINK"));
    assert_eq!(i.connection_id(), Some("vl-one"));
    // Unset, the cache namespace is the resource id (and known in the state).
    assert_eq!(i.cache_namespace(), Some(res.as_str()));
    assert_eq!(wd.attr_str(ADDRESS, "cache_namespace"), res);
    assert_eq!(
        i.content_handling().map(|c| c.as_str()),
        Some("CONVERT_TO_TEXT")
    );
    assert_eq!(
        i.tls_config().map(|t| t.insecure_skip_verification()),
        Some(false)
    );
    wd.assert_no_changes();

    // An integration response, made the way another tool (or apigateway_integration_response)
    // would: it must survive every in-place update of the integration.
    ctx.rt
        .block_on(
            ctx.sdk
                .put_method_response()
                .rest_api_id(&api)
                .resource_id(&res)
                .http_method("GET")
                .status_code("200")
                .send(),
        )
        .unwrap();
    ctx.rt
        .block_on(
            ctx.sdk
                .put_integration_response()
                .rest_api_id(&api)
                .resource_id(&res)
                .http_method("GET")
                .status_code("200")
                .selection_pattern("2\\d{2}")
                .response_templates("application/json", "{\"ok\": true}")
                .send(),
        )
        .unwrap();
    let response_kept = || {
        let r = ctx
            .rt
            .block_on(
                ctx.sdk
                    .get_integration_response()
                    .rest_api_id(&api)
                    .resource_id(&res)
                    .http_method("GET")
                    .status_code("200")
                    .send(),
            )
            .expect("the integration response survives the update");
        assert_eq!(r.selection_pattern(), Some("2\\d{2}"));
        assert_eq!(
            r.response_templates().unwrap()["application/json"],
            "{\"ok\": true}"
        );
    };

    // (3) Every attribute changed: an update, not a replacement.
    wd.write(&config(2));
    assert_in_place(&wd);
    wd.apply();
    assert_eq!(wd.attr_str(ADDRESS, "id"), id, "same object");
    let i = get(ctx, &api, &res, "GET").unwrap();
    assert_eq!(i.http_method(), Some("POST"));
    assert_eq!(i.uri(), Some("https://example.com/v2"));
    assert_eq!(i.connection_id(), Some("vl-two"));
    assert_eq!(i.credentials(), Some("arn:aws:iam::000000000000:role/two"));
    assert_eq!(
        i.content_handling().map(|c| c.as_str()),
        Some("CONVERT_TO_BINARY")
    );
    assert_eq!(i.cache_namespace(), Some("ns-two"));
    assert_eq!(i.timeout_in_millis(), 20_000);
    let params = i.request_parameters().unwrap();
    assert_eq!(
        sorted(&params.keys().cloned().collect::<Vec<_>>()),
        [
            "integration.request.header.X-A",
            "integration.request.header.X-C"
        ]
    );
    assert_eq!(params["integration.request.header.X-A"], "'a2'");
    let templates = i.request_templates().unwrap();
    assert_eq!(templates["application/json"], "two");
    assert_eq!(templates["text/plain"], "");
    assert_eq!(
        i.tls_config().map(|t| t.insecure_skip_verification()),
        Some(true)
    );
    response_kept();
    wd.assert_no_changes();

    // Optional attributes removed: cleared in place, back to an INTERNET integration.
    wd.write(&config(3));
    assert_in_place(&wd);
    wd.apply();
    assert_eq!(wd.attr_str(ADDRESS, "id"), id, "same object");
    let i = get(ctx, &api, &res, "GET").unwrap();
    assert_eq!(i.connection_type().map(|c| c.as_str()), Some("INTERNET"));
    assert!(cleared(i.connection_id()), "{:?}", i.connection_id());
    assert!(cleared(i.credentials()), "{:?}", i.credentials());
    assert!(
        cleared(i.content_handling().map(|c| c.as_str())),
        "{:?}",
        i.content_handling()
    );
    assert!(i.request_parameters().is_none_or(|p| p.is_empty()));
    assert!(i.request_templates().is_none_or(|t| t.is_empty()));
    assert!(
        i.tls_config()
            .is_none_or(|t| !t.insecure_skip_verification())
    );
    assert_eq!(wd.attr(ADDRESS, "tls_config"), serde_json::json!([]));
    assert_eq!(wd.attr(ADDRESS, "credentials"), serde_json::Value::Null);
    response_kept();
    wd.assert_no_changes();

    // The two attributes the emulator cannot change in place (it ignores the patch; real AWS
    // applies it): the plan is still an in-place update, never a replacement.
    wd.write(&format!(
        "{}{}",
        base(&name),
        integration(
            "GET",
            &format!(
                "{}  passthrough_behavior = \"NEVER\"\n  cache_key_parameters = [\"method.request.header.X-Id\"]\n",
                update_body(3)
            )
        )
    ));
    assert_in_place(&wd);
    // Applied: the one UpdateIntegration goes out with both patches, LocalStack answers with
    // the integration unchanged, and the provider says exactly that, naming both attributes,
    // instead of saving a state API Gateway does not hold (or Terraform's "inconsistent
    // result after apply"). The state keeps what API Gateway has.
    let r = wd.run(&["apply", "-auto-approve", "-input=false"]);
    assert_ne!(r.code, 0, "{}", r.all());
    let text = r.all().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains("accepted the update but its answer does not show the change of")
            && text.contains(
                r#"passthrough_behavior (planned "NEVER", API Gateway has "WHEN_NO_MATCH")"#
            )
            && text.contains("cache_key_parameters (planned"),
        "{text}"
    );
    assert!(!text.contains("inconsistent result"), "{text}");
    let i = get(ctx, &api, &res, "GET").expect("integration");
    assert_eq!(i.passthrough_behavior(), Some("WHEN_NO_MATCH"));
    assert_eq!(
        wd.attr_str(ADDRESS, "passthrough_behavior"),
        "WHEN_NO_MATCH"
    );

    wd.ok(&["destroy", "-auto-approve"]);
    assert!(get(ctx, &api, &res, "GET").is_none());
}

/// `http_method` (identity) and `type` (which UpdateIntegration cannot change) replace the
/// integration.
fn integration_identity_changes_replace(ctx: &Ctx) {
    let name = ctx.name("integ-repl");
    let wd = ctx.workdir("integ-repl");
    let (api, res) = setup(ctx, &wd, &name);
    let mock = "  type = \"MOCK\"\n  request_templates = {\n    \"application/json\" = \"{\\\"statusCode\\\": 200}\"\n  }\n";
    wd.write(&format!("{}{}", base(&name), integration("GET", mock)));
    wd.apply();
    assert!(get(ctx, &api, &res, "GET").is_some());
    wd.assert_no_changes();

    // (4) Another method: a new integration there, none left on the old one.
    wd.write(&format!("{}{}", base(&name), integration("POST", mock)));
    assert_replaced(&wd);
    wd.apply();
    assert_eq!(wd.attr_str(ADDRESS, "id"), format!("agi-{api}-{res}-POST"));
    let i = get(ctx, &api, &res, "POST").expect("new integration");
    assert_eq!(i.r#type().map(|t| t.as_str()), Some("MOCK"));
    assert!(get(ctx, &api, &res, "GET").is_none(), "old one deleted");
    wd.assert_no_changes();

    // Another type.
    let proxy = "  type                    = \"HTTP_PROXY\"\n  integration_http_method = \"ANY\"\n  uri                     = \"https://example.com/{proxy}\"\n";
    wd.write(&format!("{}{}", base(&name), integration("POST", proxy)));
    assert_replaced(&wd);
    wd.apply();
    let i = get(ctx, &api, &res, "POST").unwrap();
    assert_eq!(i.r#type().map(|t| t.as_str()), Some("HTTP_PROXY"));
    assert_eq!(i.uri(), Some("https://example.com/{proxy}"));
    wd.assert_no_changes();

    wd.ok(&["destroy", "-auto-approve"]);
}

/// Invalid configurations fail at plan, name the attribute, and create nothing.
fn integration_invalid_config(ctx: &Ctx) {
    let name = ctx.name("integ-invalid");
    let wd = ctx.workdir("integ-invalid");
    let (api, res) = setup(ctx, &wd, &name);
    let http = "  type                    = \"HTTP\"\n  integration_http_method = \"GET\"\n  uri                     = \"https://example.com\"\n";
    let cases: &[(&str, String, &str)] = &[
        ("type = \"LAMBDA\"", "  type = \"LAMBDA\"\n".into(), "type"),
        (
            "http_method = \"FETCH\"",
            "  type = \"MOCK\"\n".into(),
            "http_method",
        ),
        (
            "passthrough_behavior",
            "  type = \"MOCK\"\n  passthrough_behavior = \"SOMETIMES\"\n".into(),
            "passthrough_behavior",
        ),
        (
            "timeout_milliseconds",
            "  type = \"MOCK\"\n  timeout_milliseconds = 10\n".into(),
            "timeout_milliseconds",
        ),
        (
            "connection_type",
            format!("{http}  connection_type = \"PRIVATE\"\n"),
            "connection_type",
        ),
        (
            "content_handling",
            "  type = \"MOCK\"\n  content_handling = \"CONVERT\"\n".into(),
            "content_handling",
        ),
        (
            "request_parameters key",
            format!("{http}  request_parameters = {{ \"header.X\" = \"'x'\" }}\n"),
            "request_parameters",
        ),
        (
            "request_parameters value",
            format!(
                "{http}  request_parameters = {{ \"integration.request.header.X\" = \"x\" }}\n"
            ),
            "request_parameters",
        ),
        (
            "request_templates key",
            "  type = \"MOCK\"\n  request_templates = { \"json\" = \"\" }\n".into(),
            "request_templates",
        ),
        (
            "cache_key_parameters",
            format!("{http}  cache_key_parameters = [\"page\"]\n"),
            "cache_key_parameters",
        ),
        (
            "HTTP without uri",
            "  type = \"HTTP\"\n  integration_http_method = \"GET\"\n".into(),
            "uri",
        ),
        (
            "HTTP without integration_http_method",
            "  type = \"HTTP\"\n  uri = \"https://example.com\"\n".into(),
            "integration_http_method",
        ),
        (
            "HTTP uri without scheme",
            "  type = \"HTTP\"\n  integration_http_method = \"GET\"\n  uri = \"example.com\"\n"
                .into(),
            "uri",
        ),
        (
            "AWS uri not an ARN",
            "  type = \"AWS\"\n  integration_http_method = \"POST\"\n  uri = \"not-an-arn\"\n"
                .into(),
            "uri",
        ),
        (
            "AWS_PROXY with GET",
            "  type = \"AWS_PROXY\"\n  integration_http_method = \"GET\"\n  uri = \"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:f/invocations\"\n".into(),
            "integration_http_method",
        ),
        (
            "VPC_LINK without connection_id",
            format!("{http}  connection_type = \"VPC_LINK\"\n"),
            "connection_id",
        ),
        (
            "connection_id with INTERNET",
            format!("{http}  connection_id = \"vl-1\"\n"),
            "connection_id",
        ),
        (
            "tls_config on a MOCK",
            "  type = \"MOCK\"\n  tls_config {\n    insecure_skip_verification = true\n  }\n".into(),
            "tls_config",
        ),
    ];
    for (what, body, attribute) in cases {
        let method = if what.starts_with("http_method") {
            "FETCH"
        } else {
            "GET"
        };
        wd.write(&format!("{}{}", base(&name), integration(method, body)));
        let r = wd.run(&["apply", "-auto-approve", "-input=false"]);
        assert_ne!(r.code, 0, "{what}: must fail:\n{}", r.all());
        assert!(
            r.stderr.contains("Error: ") && r.stderr.contains(attribute),
            "{what}: the error names {attribute}:\n{}",
            r.stderr
        );
        assert!(
            !r.stdout.contains("Creating..."),
            "{what}: nothing is created:\n{}",
            r.stdout
        );
    }
    for method in ["GET", "POST"] {
        assert!(
            get(ctx, &api, &res, method).is_none(),
            "no integration was created on {method}"
        );
    }
    wd.write(&base(&name));
    wd.ok(&["destroy", "-auto-approve"]);
}
