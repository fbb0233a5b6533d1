//! Scenarios for `apigateway_integration_response`.
//!
//! The REST API and resource come from HCL; the method, its method responses and a MOCK
//! integration are made with SDK calls between two applies, so these scenarios depend only on
//! the integration response resource itself.

use std::collections::HashMap;

use aws_sdk_apigateway::types::{ContentHandlingStrategy, IntegrationType};
use terraform_provider_apigateway::aws::nulls::EmptyTemplateNulls;

use super::Scenario;
use crate::Ctx;
use crate::harness::Workdir;

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[
    (
        "integration_response_lifecycle",
        integration_response_lifecycle,
    ),
    (
        "integration_response_recreated_after_integration_replaced",
        integration_response_recreated_after_integration_replaced,
    ),
    (
        "integration_response_invalid_config_fails_at_plan_and_creates_nothing",
        integration_response_invalid_config_fails_at_plan,
    ),
];

const ADDRESS: &str = "apigateway_integration_response.ir";

/// The REST API and resource the integration responses belong to.
fn base_hcl(name: &str) -> String {
    format!(
        r#"resource "apigateway_rest_api" "api" {{
  name = "{name}"
}}

resource "apigateway_resource" "items" {{
  rest_api_id = apigateway_rest_api.api.id
  parent_id   = apigateway_rest_api.api.root_resource_id
  path_part   = "items"
}}
"#
    )
}

/// The base plus one integration response for `GET /items` with `status_code` and `body`.
fn with_response(name: &str, status_code: &str, body: &str) -> String {
    format!(
        r#"{}
resource "apigateway_integration_response" "ir" {{
  rest_api_id = apigateway_rest_api.api.id
  resource_id = apigateway_resource.items.id
  http_method = "GET"
  status_code = "{status_code}"
{body}
}}
"#,
        base_hcl(name)
    )
}

/// An SDK client that, like the provider, reads AWS's `null` empty templates as `""`.
fn reader(ctx: &Ctx) -> aws_sdk_apigateway::Client {
    let config = ctx
        .sdk
        .config()
        .to_builder()
        .interceptor(EmptyTemplateNulls)
        .build();
    aws_sdk_apigateway::Client::from_conf(config)
}

/// The method `GET` on `resource` with method responses for `codes` and a MOCK integration.
fn put_method_with_mock_integration(ctx: &Ctx, api: &str, resource: &str, codes: &[&str]) {
    ctx.rt.block_on(async {
        ctx.sdk
            .put_method()
            .rest_api_id(api)
            .resource_id(resource)
            .http_method("GET")
            .authorization_type("NONE")
            .send()
            .await
            .unwrap();
        for code in codes {
            ctx.sdk
                .put_method_response()
                .rest_api_id(api)
                .resource_id(resource)
                .http_method("GET")
                .status_code(*code)
                .send()
                .await
                .unwrap();
        }
        put_mock_integration(ctx, api, resource).await;
    });
}

async fn put_mock_integration(ctx: &Ctx, api: &str, resource: &str) {
    ctx.sdk
        .put_integration()
        .rest_api_id(api)
        .resource_id(resource)
        .http_method("GET")
        .r#type(IntegrationType::Mock)
        .request_templates("application/json", r#"{"statusCode": 200}"#)
        .send()
        .await
        .unwrap();
}

/// Applies the base, then adds the method and integration by SDK; returns (api, resource).
fn set_up(ctx: &Ctx, wd: &Workdir, name: &str, codes: &[&str]) -> (String, String) {
    wd.write(&base_hcl(name));
    wd.apply();
    let api = wd.attr_str("apigateway_rest_api.api", "id");
    let resource = wd.attr_str("apigateway_resource.items", "id");
    put_method_with_mock_integration(ctx, &api, &resource, codes);
    (api, resource)
}

/// The integration response in the emulator, `None` when it does not exist.
fn fetch(
    ctx: &Ctx,
    api: &str,
    resource: &str,
    code: &str,
) -> Option<aws_sdk_apigateway::operation::get_integration_response::GetIntegrationResponseOutput> {
    let r = ctx.rt.block_on(
        reader(ctx)
            .get_integration_response()
            .rest_api_id(api)
            .resource_id(resource)
            .http_method("GET")
            .status_code(code)
            .send(),
    );
    match r {
        Ok(out) => Some(out),
        Err(e) => {
            let text = format!("{e:?}");
            assert!(text.contains("NotFoundException"), "{text}");
            None
        }
    }
}

fn owned(map: Option<&HashMap<String, String>>) -> HashMap<String, String> {
    map.cloned().unwrap_or_default()
}

fn pairs(items: &[(&str, &str)]) -> HashMap<String, String> {
    items
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

const FIRST: &str = r#"  selection_pattern  = "2\\d{2}"
  response_templates = { "application/json" = "" }
  response_parameters = {
    "method.response.header.Access-Control-Allow-Origin" = "'*'"
  }
"#;

const SECOND: &str = r#"  selection_pattern = "-"
  response_templates = {
    "application/json" = "{\"ok\": true}"
    "text/plain"       = ""
  }
  response_parameters = {
    "method.response.header.Access-Control-Allow-Origin" = "'https://example.com'"
    "method.response.header.X-Request-Id"                = "context.requestId"
  }
  content_handling = "CONVERT_TO_TEXT"
"#;

/// Create (with the usual empty template), a clean second plan, in-place updates (setting and
/// clearing every updatable attribute), replacement on a status code change, out-of-band
/// change and deletion, import (and a malformed import ID), destroy.
fn integration_response_lifecycle(ctx: &Ctx) {
    let name = ctx.name("ir-lifecycle");
    let wd = ctx.workdir("ir-lifecycle");
    let (api, res) = set_up(ctx, &wd, &name, &["200", "500"]);

    // (1) Create; the empty template is the case AWS answers with `null`.
    wd.write(&with_response(&name, "200", FIRST));
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(
        plan.stdout.contains(&format!("agir-{api}-{res}-GET-200")),
        "the id is known at plan time:\n{}",
        plan.stdout
    );
    wd.apply();
    assert_eq!(
        wd.attr_str(ADDRESS, "id"),
        format!("agir-{api}-{res}-GET-200")
    );
    assert_eq!(
        wd.attr(ADDRESS, "response_templates"),
        serde_json::json!({"application/json": ""})
    );
    let raw = ctx.rt.block_on(
        crate::harness::plain_sdk_client(&ctx.endpoint)
            .get_integration_response()
            .rest_api_id(&api)
            .resource_id(&res)
            .http_method("GET")
            .status_code("200")
            .send(),
    );
    assert!(
        raw.is_err(),
        "the emulator answers the empty template as null, which the plain SDK cannot read"
    );
    let ir = fetch(ctx, &api, &res, "200").expect("created");
    assert_eq!(ir.selection_pattern(), Some("2\\d{2}"));
    assert_eq!(
        owned(ir.response_templates()),
        pairs(&[("application/json", "")])
    );
    assert_eq!(
        owned(ir.response_parameters()),
        pairs(&[("method.response.header.Access-Control-Allow-Origin", "'*'")])
    );
    assert_eq!(ir.content_handling(), None);

    // (2) A second plan is clean.
    wd.assert_no_changes();

    // (3) Every updatable attribute changes in place.
    wd.write(&with_response(&name, "200", SECOND));
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(
        plan.stdout.contains("will be updated in-place"),
        "{}",
        plan.stdout
    );
    assert!(!plan.stdout.contains("must be replaced"), "{}", plan.stdout);
    wd.apply();
    let ir = fetch(ctx, &api, &res, "200").expect("still there");
    assert_eq!(ir.selection_pattern(), Some("-"));
    assert_eq!(
        owned(ir.response_templates()),
        pairs(&[("application/json", r#"{"ok": true}"#), ("text/plain", "")])
    );
    assert_eq!(
        owned(ir.response_parameters()),
        pairs(&[
            (
                "method.response.header.Access-Control-Allow-Origin",
                "'https://example.com'"
            ),
            ("method.response.header.X-Request-Id", "context.requestId"),
        ])
    );
    assert_eq!(
        ir.content_handling(),
        Some(&ContentHandlingStrategy::ConvertToText)
    );
    wd.assert_no_changes();

    // Clearing attributes in place clears them in the emulator too (the update is a full Put).
    wd.write(&with_response(
        &name,
        "200",
        "  response_templates = { \"application/json\" = \"\" }\n",
    ));
    let (_, plan) = wd.plan_code();
    assert!(
        plan.stdout.contains("will be updated in-place"),
        "{}",
        plan.stdout
    );
    wd.apply();
    let ir = fetch(ctx, &api, &res, "200").expect("still there");
    assert_eq!(ir.selection_pattern(), None);
    assert_eq!(
        owned(ir.response_templates()),
        pairs(&[("application/json", "")])
    );
    assert!(owned(ir.response_parameters()).is_empty());
    assert_eq!(ir.content_handling(), None);
    wd.assert_no_changes();

    // (4) A new status code replaces the object: the new one exists, the old one is gone.
    wd.write(&with_response(&name, "500", FIRST));
    let (_, plan) = wd.plan_code();
    assert!(plan.stdout.contains("must be replaced"), "{}", plan.stdout);
    wd.apply();
    assert_eq!(
        wd.attr_str(ADDRESS, "id"),
        format!("agir-{api}-{res}-GET-500")
    );
    assert!(fetch(ctx, &api, &res, "500").is_some(), "new one created");
    assert!(fetch(ctx, &api, &res, "200").is_none(), "old one deleted");
    wd.assert_no_changes();

    // (5) Changed out of band: the plan shows it and apply restores the configuration.
    ctx.rt
        .block_on(
            ctx.sdk
                .put_integration_response()
                .rest_api_id(&api)
                .resource_id(&res)
                .http_method("GET")
                .status_code("500")
                .selection_pattern("changed-out-of-band")
                .response_templates("application/json", "$input.body")
                .send(),
        )
        .unwrap();
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2, "drift is detected");
    assert!(
        plan.stdout.contains("changed-out-of-band") && plan.stdout.contains("updated in-place"),
        "{}",
        plan.stdout
    );
    wd.apply();
    let ir = fetch(ctx, &api, &res, "500").expect("restored");
    assert_eq!(ir.selection_pattern(), Some("2\\d{2}"));
    assert_eq!(
        owned(ir.response_templates()),
        pairs(&[("application/json", "")])
    );
    assert_eq!(
        owned(ir.response_parameters()),
        pairs(&[("method.response.header.Access-Control-Allow-Origin", "'*'")])
    );
    wd.assert_no_changes();

    // (6) Deleted out of band: the plan recreates it.
    ctx.rt
        .block_on(
            ctx.sdk
                .delete_integration_response()
                .rest_api_id(&api)
                .resource_id(&res)
                .http_method("GET")
                .status_code("500")
                .send(),
        )
        .unwrap();
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(plan.stdout.contains("will be created"), "{}", plan.stdout);
    wd.apply();
    assert!(fetch(ctx, &api, &res, "500").is_some(), "recreated");
    wd.assert_no_changes();

    // (7) Forgotten, then imported with the official ID format.
    wd.ok(&["state", "rm", ADDRESS]);
    for bad in [
        format!("{api}/{res}/GET"),
        format!("agir-{api}-{res}-GET-500"),
        format!("{api}/{res}/GET/5000"),
    ] {
        let r = wd.run(&["import", ADDRESS, &bad]);
        assert_ne!(r.code, 0, "{bad} was accepted");
        assert!(
            r.all()
                .contains("REST-API-ID/RESOURCE-ID/HTTP-METHOD/STATUS-CODE"),
            "{}",
            r.all()
        );
    }
    wd.ok(&["import", ADDRESS, &format!("{api}/{res}/GET/500")]);
    assert_eq!(
        wd.attr_str(ADDRESS, "id"),
        format!("agir-{api}-{res}-GET-500")
    );
    wd.assert_no_changes();

    // (8) Destroy: gone from the emulator.
    wd.ok(&["destroy", "-auto-approve"]);
    let gone = ctx
        .rt
        .block_on(ctx.sdk.get_rest_api().rest_api_id(&api).send());
    assert!(
        !crate::harness::found(gone, "the REST API"),
        "the REST API is destroyed"
    );
}

/// API Gateway deletes an integration's responses when the integration is replaced; the next
/// plan must show the integration response as missing, and apply must put it back.
fn integration_response_recreated_after_integration_replaced(ctx: &Ctx) {
    let name = ctx.name("ir-integration-replaced");
    let wd = ctx.workdir("ir-integration-replaced");
    let (api, res) = set_up(ctx, &wd, &name, &["200"]);
    wd.write(&with_response(&name, "200", FIRST));
    wd.apply();
    assert!(fetch(ctx, &api, &res, "200").is_some());
    wd.assert_no_changes();

    // PutIntegration on an existing integration replaces it, taking its responses along
    // (AWS does this, and so does LocalStack).
    ctx.rt.block_on(put_mock_integration(ctx, &api, &res));
    assert!(
        fetch(ctx, &api, &res, "200").is_none(),
        "replacing the integration deleted its responses"
    );

    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(
        plan.stdout.contains(&format!("{ADDRESS} will be created")),
        "{}",
        plan.stdout
    );
    wd.apply();
    let ir = fetch(ctx, &api, &res, "200").expect("recreated");
    assert_eq!(ir.selection_pattern(), Some("2\\d{2}"));
    assert_eq!(
        owned(ir.response_templates()),
        pairs(&[("application/json", "")])
    );
    wd.assert_no_changes();
    wd.ok(&["destroy", "-auto-approve"]);
}

/// Invalid configurations fail at plan time, naming the attribute (and map key), and nothing
/// is created in the emulator.
fn integration_response_invalid_config_fails_at_plan(ctx: &Ctx) {
    let name = ctx.name("ir-invalid");
    let wd = ctx.workdir("ir-invalid");
    // Everything it would attach to exists already (made by SDK), so only the integration
    // response itself could be created.
    let (api, res) = ctx.rt.block_on(async {
        let api = ctx.sdk.create_rest_api().name(&name).send().await.unwrap();
        let api_id = api.id().unwrap().to_owned();
        let root = api.root_resource_id().map(str::to_owned);
        let root = match root {
            Some(r) => r,
            None => ctx
                .sdk
                .get_resources()
                .rest_api_id(&api_id)
                .send()
                .await
                .unwrap()
                .items()
                .iter()
                .find(|r| r.path() == Some("/"))
                .and_then(|r| r.id())
                .unwrap()
                .to_owned(),
        };
        let res = ctx
            .sdk
            .create_resource()
            .rest_api_id(&api_id)
            .parent_id(&root)
            .path_part("items")
            .send()
            .await
            .unwrap();
        (api_id, res.id().unwrap().to_owned())
    });
    put_method_with_mock_integration(ctx, &api, &res, &["200"]);

    let config = |http_method: &str, status_code: &str, body: &str| {
        format!(
            r#"resource "apigateway_integration_response" "ir" {{
  rest_api_id = "{api}"
  resource_id = "{res}"
  http_method = "{http_method}"
  status_code = "{status_code}"
{body}}}
"#
        )
    };
    let cases: &[(&str, String, &[&str])] = &[
        (
            "http_method",
            config("FETCH", "200", ""),
            &["http_method", "`GET`", "`ANY`"],
        ),
        (
            "status_code",
            config("GET", "2000", ""),
            &["status_code", "[1-5]\\d\\d"],
        ),
        (
            "content_handling",
            config("GET", "200", "  content_handling = \"CONVERT_TO_JSON\"\n"),
            &[
                "content_handling",
                "`CONVERT_TO_BINARY` or `CONVERT_TO_TEXT`",
            ],
        ),
        (
            "response_templates key",
            config("GET", "200", "  response_templates = { \"json\" = \"\" }\n"),
            &["response_templates", "\"json\"", "type/subtype"],
        ),
        (
            "response_parameters key",
            config(
                "GET",
                "200",
                "  response_parameters = { \"method.response.body.x\" = \"'a'\" }\n",
            ),
            &[
                "response_parameters",
                "\"method.response.body.x\"",
                "method.response.header.NAME",
            ],
        ),
        (
            "response_parameters value",
            config(
                "GET",
                "200",
                "  response_parameters = { \"method.response.header.X\" = \"*\" }\n",
            ),
            &[
                "response_parameters",
                "method.response.header.X",
                "integration.response.header.NAME",
            ],
        ),
    ];
    for (what, hcl, expected) in cases {
        wd.write(hcl);
        let r = wd.run(&["plan", "-input=false"]);
        assert_ne!(r.code, 0, "{what}: plan succeeded");
        // Terraform wraps diagnostic text; compare with the line breaks undone.
        let said = r.stderr.split_whitespace().collect::<Vec<_>>().join(" ");
        for text in *expected {
            assert!(said.contains(text), "{what}: no {text:?} in\n{}", r.stderr);
        }
        let r = wd.run(&["apply", "-auto-approve", "-input=false"]);
        assert_ne!(r.code, 0, "{what}: apply succeeded");
        let integration = ctx
            .rt
            .block_on(
                reader(ctx)
                    .get_integration()
                    .rest_api_id(&api)
                    .resource_id(&res)
                    .http_method("GET")
                    .send(),
            )
            .unwrap();
        assert!(
            integration
                .integration_responses()
                .is_none_or(HashMap::is_empty),
            "{what}: nothing was created, found {:?}",
            integration.integration_responses()
        );
    }

    // Not a plan-time error, but the commonest apply-time one: the method (or its integration)
    // does not exist. AWS: 404 "Invalid Method identifier specified"; the diagnostic says what
    // is missing and how to order the creates.
    wd.write(&config("POST", "200", ""));
    let r = wd.run(&["apply", "-auto-approve", "-input=false"]);
    assert_ne!(r.code, 0, "apply without a method succeeded");
    let said = r.stderr.split_whitespace().collect::<Vec<_>>().join(" ");
    for text in [
        "Creating API Gateway Integration Response",
        &format!("{api}/{res}/POST/200"),
        "Invalid Method identifier specified",
        "depends_on",
    ] {
        assert!(said.contains(text), "no {text:?} in\n{}", r.stderr);
    }
    ctx.rt
        .block_on(ctx.sdk.delete_rest_api().rest_api_id(&api).send())
        .unwrap();
}
