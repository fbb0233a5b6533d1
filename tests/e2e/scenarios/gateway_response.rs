//! Scenarios for `apigateway_gateway_response`.
//!
//! Every response type of a REST API always exists in API Gateway; "created" here means
//! customised (`defaultResponse: false`) and "deleted" means reset to the default
//! (`defaultResponse: true`), which is what the SDK checks look at.

use std::collections::HashMap;

use aws_sdk_apigateway::operation::get_gateway_response::GetGatewayResponseOutput;
use aws_sdk_apigateway::types::GatewayResponseType;

use super::Scenario;
use crate::Ctx;

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[
    ("gateway_response_lifecycle", gateway_response_lifecycle),
    ("gateway_response_replacement", gateway_response_replacement),
    (
        "gateway_response_aws_defaults_plan_stably",
        gateway_response_aws_defaults,
    ),
    (
        "gateway_response_invalid_config_fails_at_plan",
        gateway_response_invalid_config,
    ),
];

const ADDR: &str = "apigateway_gateway_response.r";
/// AWS's template for a response whose Put sent none.
const DEFAULT_TEMPLATE: &str = r#"{"message":$context.error.messageString}"#;

fn get(ctx: &Ctx, api: &str, kind: &str) -> GetGatewayResponseOutput {
    ctx.rt
        .block_on(
            ctx.sdk
                .get_gateway_response()
                .rest_api_id(api)
                .response_type(GatewayResponseType::from(kind))
                .send(),
        )
        .unwrap()
}

fn is_default(ctx: &Ctx, api: &str, kind: &str) -> bool {
    get(ctx, api, kind).default_response()
}

fn map(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn put(ctx: &Ctx, api: &str, kind: &str, status: Option<&str>, templates: &[(&str, &str)]) {
    ctx.rt
        .block_on(
            ctx.sdk
                .put_gateway_response()
                .rest_api_id(api)
                .response_type(GatewayResponseType::from(kind))
                .set_status_code(status.map(str::to_owned))
                .set_response_templates((!templates.is_empty()).then(|| map(templates)))
                .send(),
        )
        .unwrap();
}

fn rest_api_exists(ctx: &Ctx, id: &str) -> bool {
    crate::harness::found(
        ctx.rt
            .block_on(ctx.sdk.get_rest_api().rest_api_id(id).send()),
        "the REST API",
    )
}

/// Two REST APIs and one customised response; `body` is the response's attributes.
fn config(name: &str, body: &str) -> String {
    format!(
        "resource \"apigateway_rest_api\" \"a\" {{ name = \"{name}-a\" }}\n\
         resource \"apigateway_rest_api\" \"b\" {{ name = \"{name}-b\" }}\n\n\
         resource \"apigateway_gateway_response\" \"r\" {{\n{body}}}\n"
    )
}

/// The response's attributes with every updatable attribute set.
fn full(api: &str, kind: &str, status: &str, template: &str, origin: &str) -> String {
    format!(
        "  rest_api_id   = apigateway_rest_api.{api}.id\n  response_type = \"{kind}\"\n  status_code   = \"{status}\"\n\
         \x20 response_templates = {{\n    \"application/json\" = \"{{\\\"error\\\":\\\"{template}\\\"}}\"\n  }}\n\
         \x20 response_parameters = {{\n    \"gatewayresponse.header.Access-Control-Allow-Origin\" = \"'{origin}'\"\n    \"gatewayresponse.header.X-Request-Id\"               = \"context.requestId\"\n  }}\n"
    )
}

/// Create, clean second plan, in-place update, out-of-band change and reset, import, destroy.
fn gateway_response_lifecycle(ctx: &Ctx) {
    let name = ctx.name("gwr-lifecycle");
    let wd = ctx.workdir("gwr-lifecycle");
    wd.write(&config(
        &name,
        &full("a", "UNAUTHORIZED", "401", "denied", "*"),
    ));
    wd.ok(&["validate"]);
    wd.apply();
    let api = wd.attr_str("apigateway_rest_api.a", "id");
    assert_eq!(wd.attr_str(ADDR, "id"), format!("aggr-{api}-UNAUTHORIZED"));

    // (1) The emulator holds the customisation.
    let r = get(ctx, &api, "UNAUTHORIZED");
    assert!(!r.default_response(), "customised: {r:?}");
    assert_eq!(r.status_code(), Some("401"));
    assert_eq!(
        r.response_templates(),
        Some(&map(&[("application/json", r#"{"error":"denied"}"#)]))
    );
    assert_eq!(
        r.response_parameters(),
        Some(&map(&[
            ("gatewayresponse.header.Access-Control-Allow-Origin", "'*'"),
            ("gatewayresponse.header.X-Request-Id", "context.requestId"),
        ]))
    );
    // (2) A second plan is clean.
    wd.assert_no_changes();

    // (3) Every updatable attribute changes in place.
    wd.write(&config(
        &name,
        &full("a", "UNAUTHORIZED", "418", "go away", "example.com"),
    ));
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(
        plan.stdout.contains("will be updated in-place"),
        "{}",
        plan.stdout
    );
    assert!(!plan.stdout.contains("must be replaced"), "{}", plan.stdout);
    wd.apply();
    let r = get(ctx, &api, "UNAUTHORIZED");
    assert_eq!(r.status_code(), Some("418"));
    assert_eq!(
        r.response_templates(),
        Some(&map(&[("application/json", r#"{"error":"go away"}"#)]))
    );
    assert_eq!(
        r.response_parameters()
            .and_then(|p| p.get("gatewayresponse.header.Access-Control-Allow-Origin"))
            .map(String::as_str),
        Some("'example.com'")
    );
    wd.assert_no_changes();

    // (5) Changed behind Terraform's back: the plan shows it and the apply restores it.
    put(
        ctx,
        &api,
        "UNAUTHORIZED",
        Some("499"),
        &[("text/plain", "changed behind terraform's back")],
    );
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2, "drift is detected");
    assert!(plan.stdout.contains("\"499\""), "{}", plan.stdout);
    assert!(
        plan.stdout.contains("changed behind terraform's back"),
        "{}",
        plan.stdout
    );
    assert!(plan.stdout.contains("updated in-place"), "{}", plan.stdout);
    wd.apply();
    let r = get(ctx, &api, "UNAUTHORIZED");
    assert_eq!(r.status_code(), Some("418"));
    assert_eq!(
        r.response_templates(),
        Some(&map(&[("application/json", r#"{"error":"go away"}"#)]))
    );
    assert_eq!(r.response_parameters().map(HashMap::len), Some(2));
    wd.assert_no_changes();

    // (6) Reset to the default behind Terraform's back: gone, so the plan recreates it.
    ctx.rt
        .block_on(
            ctx.sdk
                .delete_gateway_response()
                .rest_api_id(&api)
                .response_type(GatewayResponseType::Unauthorized)
                .send(),
        )
        .unwrap();
    assert!(is_default(ctx, &api, "UNAUTHORIZED"));
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(plan.stdout.contains("will be created"), "{}", plan.stdout);
    wd.apply();
    let r = get(ctx, &api, "UNAUTHORIZED");
    assert!(!r.default_response());
    assert_eq!(r.status_code(), Some("418"));
    wd.assert_no_changes();

    // (7) Import with the official ID format after forgetting it.
    wd.ok(&["state", "rm", ADDR]);
    let bad = wd.run(&["import", ADDR, &format!("aggr-{api}-UNAUTHORIZED")]);
    assert_ne!(bad.code, 0);
    assert!(
        bad.all().contains("REST-API-ID/RESPONSE-TYPE"),
        "{}",
        bad.all()
    );
    let bad = wd.run(&["import", ADDR, &format!("{api}/unauthorized")]);
    assert_ne!(bad.code, 0);
    assert!(
        bad.all().contains("not a gateway response type"),
        "{}",
        bad.all()
    );
    // A type that was never customised is AWS's default, nothing to import.
    let bad = wd.run(&["import", ADDR, &format!("{api}/WAF_FILTERED")]);
    assert_ne!(bad.code, 0);
    assert!(bad.all().contains("non-existent"), "{}", bad.all());
    wd.ok(&["import", ADDR, &format!("{api}/UNAUTHORIZED")]);
    assert_eq!(wd.attr_str(ADDR, "id"), format!("aggr-{api}-UNAUTHORIZED"));
    wd.assert_no_changes();

    // (8) Destroy resets the type to its default.
    wd.ok(&["destroy", "-auto-approve", &format!("-target={ADDR}")]);
    let r = get(ctx, &api, "UNAUTHORIZED");
    assert!(r.default_response(), "reset to the default: {r:?}");
    assert_eq!(r.status_code(), Some("401"));
    wd.ok(&["destroy", "-auto-approve"]);
    assert!(!rest_api_exists(ctx, &api));
}

/// (4) Changing the response type or the REST API replaces the customisation; the old one
/// goes back to its default.
fn gateway_response_replacement(ctx: &Ctx) {
    let name = ctx.name("gwr-replace");
    let wd = ctx.workdir("gwr-replace");
    wd.write(&config(&name, &full("a", "UNAUTHORIZED", "401", "x", "*")));
    wd.apply();
    let api_a = wd.attr_str("apigateway_rest_api.a", "id");
    let api_b = wd.attr_str("apigateway_rest_api.b", "id");
    assert!(!is_default(ctx, &api_a, "UNAUTHORIZED"));

    wd.write(&config(&name, &full("a", "ACCESS_DENIED", "401", "x", "*")));
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(plan.stdout.contains("must be replaced"), "{}", plan.stdout);
    wd.apply();
    assert_eq!(
        wd.attr_str(ADDR, "id"),
        format!("aggr-{api_a}-ACCESS_DENIED")
    );
    let r = get(ctx, &api_a, "ACCESS_DENIED");
    assert!(!r.default_response());
    assert_eq!(r.status_code(), Some("401"));
    assert!(is_default(ctx, &api_a, "UNAUTHORIZED"), "old one reset");
    wd.assert_no_changes();

    wd.write(&config(&name, &full("b", "ACCESS_DENIED", "401", "x", "*")));
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(plan.stdout.contains("must be replaced"), "{}", plan.stdout);
    wd.apply();
    assert_eq!(
        wd.attr_str(ADDR, "id"),
        format!("aggr-{api_b}-ACCESS_DENIED")
    );
    assert!(!is_default(ctx, &api_b, "ACCESS_DENIED"));
    assert!(is_default(ctx, &api_a, "ACCESS_DENIED"), "old one reset");
    wd.assert_no_changes();

    wd.ok(&["destroy", "-auto-approve"]);
    assert!(!rest_api_exists(ctx, &api_a) && !rest_api_exists(ctx, &api_b));
}

/// What AWS fills in (the type's status code, the default template) plans stably, drift on
/// those unset attributes still shows, and removing a value goes back to AWS's default.
fn gateway_response_aws_defaults(ctx: &Ctx) {
    let name = ctx.name("gwr-defaults");
    let wd = ctx.workdir("gwr-defaults");
    let cfg = |throttled: &str| {
        format!(
            "resource \"apigateway_rest_api\" \"a\" {{ name = \"{name}\" }}\n\n\
             resource \"apigateway_gateway_response\" \"throttled\" {{\n  rest_api_id   = apigateway_rest_api.a.id\n  response_type = \"THROTTLED\"\n{throttled}}}\n\n\
             resource \"apigateway_gateway_response\" \"d4\" {{\n  rest_api_id         = apigateway_rest_api.a.id\n  response_type       = \"DEFAULT_4XX\"\n  response_templates  = {{}}\n  response_parameters = {{}}\n}}\n"
        )
    };
    let params =
        "  response_parameters = {\n    \"gatewayresponse.header.Retry-After\" = \"'1'\"\n  }\n";
    wd.write(&cfg(params));
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    // AWS's defaults are known at plan time.
    assert!(
        plan.stdout
            .lines()
            .any(|l| l.contains("status_code") && l.contains("\"429\"")),
        "{}",
        plan.stdout
    );
    wd.apply();
    let api = wd.attr_str("apigateway_rest_api.a", "id");
    let t = "apigateway_gateway_response.throttled";
    assert_eq!(wd.attr_str(t, "status_code"), "429");
    assert_eq!(
        wd.attr(t, "response_templates"),
        serde_json::json!({ "application/json": DEFAULT_TEMPLATE })
    );
    let d4 = "apigateway_gateway_response.d4";
    assert_eq!(wd.attr(d4, "status_code"), serde_json::Value::Null);
    assert_eq!(wd.attr(d4, "response_templates"), serde_json::json!({}));
    assert_eq!(wd.attr(d4, "response_parameters"), serde_json::json!({}));

    let r = get(ctx, &api, "THROTTLED");
    assert!(!r.default_response());
    assert_eq!(r.status_code(), Some("429"));
    assert_eq!(
        r.response_templates(),
        Some(&map(&[("application/json", DEFAULT_TEMPLATE)]))
    );
    assert_eq!(
        r.response_parameters(),
        Some(&map(&[("gatewayresponse.header.Retry-After", "'1'")]))
    );
    let r = get(ctx, &api, "DEFAULT_4XX");
    assert!(!r.default_response());
    assert_eq!(r.status_code().filter(|s| !s.is_empty()), None);
    assert_eq!(
        r.response_templates(),
        Some(&map(&[("application/json", DEFAULT_TEMPLATE)]))
    );
    wd.assert_no_changes();

    // Drift on attributes the configuration leaves unset still shows, and is undone.
    put(
        ctx,
        &api,
        "THROTTLED",
        Some("503"),
        &[("text/plain", "slow")],
    );
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2, "drift is detected");
    assert!(
        plan.stdout.contains("\"503\" -> \"429\""),
        "{}",
        plan.stdout
    );
    wd.apply();
    let r = get(ctx, &api, "THROTTLED");
    assert_eq!(r.status_code(), Some("429"));
    assert_eq!(
        r.response_templates(),
        Some(&map(&[("application/json", DEFAULT_TEMPLATE)]))
    );
    wd.assert_no_changes();

    // Set, then removed from the configuration: back to AWS's defaults.
    wd.write(&cfg(&format!(
        "  status_code   = \"503\"\n  response_templates = {{\n    \"text/plain\" = \"slow down\"\n  }}\n{params}"
    )));
    wd.apply();
    assert_eq!(get(ctx, &api, "THROTTLED").status_code(), Some("503"));
    wd.assert_no_changes();
    wd.write(&cfg(""));
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(
        plan.stdout.contains("\"503\" -> \"429\""),
        "{}",
        plan.stdout
    );
    wd.apply();
    let r = get(ctx, &api, "THROTTLED");
    assert!(!r.default_response());
    assert_eq!(r.status_code(), Some("429"));
    assert_eq!(
        r.response_templates(),
        Some(&map(&[("application/json", DEFAULT_TEMPLATE)]))
    );
    assert_eq!(r.response_parameters().map(HashMap::len).unwrap_or(0), 0);
    assert_eq!(wd.attr(t, "response_parameters"), serde_json::Value::Null);
    wd.assert_no_changes();

    wd.ok(&["destroy", "-auto-approve"]);
    assert!(!rest_api_exists(ctx, &api));
}

/// (9) Invalid configurations fail at plan naming the attribute, and customise nothing.
fn gateway_response_invalid_config(ctx: &Ctx) {
    let name = ctx.name("gwr-invalid");
    let api = ctx
        .rt
        .block_on(ctx.sdk.create_rest_api().name(&name).send())
        .unwrap()
        .id()
        .unwrap()
        .to_owned();
    let wd = ctx.workdir("gwr-invalid");
    // (attributes, what the error must mention: the attribute and what is allowed)
    let cases: &[(&str, &[&str])] = &[
        (
            "response_type = \"NOT_A_TYPE\"",
            &["response_type", "\"NOT_A_TYPE\"", "`WAF_FILTERED`"],
        ),
        (
            "response_type = \"unauthorized\"",
            &["response_type", "`UNAUTHORIZED`"],
        ),
        (
            "response_type = \"THROTTLED\"\n  status_code   = \"600\"",
            &["status_code", "\"600\"", "three-digit"],
        ),
        (
            "response_type = \"THROTTLED\"\n  status_code   = \"abc\"",
            &["status_code", "\"abc\"", "three-digit"],
        ),
        (
            "response_type = \"THROTTLED\"\n  response_templates = { \"json\" = \"x\" }",
            &["response_templates", "\"json\"", "type/subtype"],
        ),
        (
            "response_type = \"THROTTLED\"\n  response_parameters = { \"gatewayresponse.body.x\" = \"'a'\" }",
            &[
                "response_parameters",
                "\"gatewayresponse.body.x\"",
                "gatewayresponse.{header|querystring|path}.NAME",
            ],
        ),
        (
            "response_type = \"THROTTLED\"\n  response_parameters = { \"method.response.header.X\" = \"'a'\" }",
            &[
                "response_parameters",
                "\"method.response.header.X\"",
                "gatewayresponse.{header|querystring|path}.NAME",
            ],
        ),
        (
            "response_type = \"THROTTLED\"\n  response_parameters = { \"gatewayresponse.header.X\" = \"unquoted\" }",
            &[
                "response_parameters[\"gatewayresponse.header.X\"]",
                "\"unquoted\"",
                "quoted static value",
            ],
        ),
    ];
    for (body, expected) in cases {
        wd.write(&format!(
            "resource \"apigateway_gateway_response\" \"r\" {{\n  rest_api_id   = \"{api}\"\n  {body}\n}}\n"
        ));
        let r = wd.run(&["plan", "-input=false"]);
        assert_ne!(r.code, 0, "{body} must fail at plan:\n{}", r.all());
        // Terraform wraps long details and frames them with `│`.
        let text = r
            .stderr
            .replace('│', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for part in *expected {
            assert!(text.contains(part), "{body}: no {part} in\n{}", r.stderr);
        }
    }
    // Nothing was customised.
    let all = ctx
        .rt
        .block_on(ctx.sdk.get_gateway_responses().rest_api_id(&api).send())
        .unwrap();
    assert_eq!(all.items().len(), 21);
    assert!(
        all.items().iter().all(|r| r.default_response()),
        "{:?}",
        all.items()
    );
    ctx.rt
        .block_on(ctx.sdk.delete_rest_api().rest_api_id(&api).send())
        .unwrap();
}
