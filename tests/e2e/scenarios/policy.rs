//! Scenarios for REST API resource policies: `apigateway_rest_api.policy` and
//! `apigateway_rest_api_policy`. Ported from the official provider's acceptance tests
//! `TestAccAPIGatewayRestAPI_policy` and `TestAccAPIGatewayRestAPIPolicy_basic` (their
//! configurations: an Allow/Deny `execute-api:Invoke` statement on the API's ARN, changed in
//! place, then removed), written again for this harness.

use apigw_proxy::{FaultConfig, Operation};
use aws_sdk_apigateway::types::{Op, PatchOperation};

use super::Scenario;
use crate::Ctx;
use crate::harness::{Workdir, start_proxy};

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[(
    "rest_api_policy_is_compared_as_a_policy",
    rest_api_policy_is_compared_as_a_policy,
)];

/// A policy allowing (or denying) every call, spelt with a list of one action.
fn statement(effect: &str, resource: &str) -> String {
    format!(
        r#"jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "{effect}"
      Principal = "*"
      Action    = ["execute-api:Invoke"]
      Resource  = {resource}
    }}]
  }})"#
    )
}

/// The policy API Gateway holds for `api`, unescaped, as JSON.
fn policy_of(ctx: &Ctx, api: &str) -> Option<serde_json::Value> {
    let out = ctx
        .rt
        .block_on(ctx.sdk.get_rest_api().rest_api_id(api).send())
        .unwrap();
    let text = out.policy().filter(|p| !p.is_empty())?;
    let text = serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .map(|_| text.to_owned())
        .unwrap_or_else(|| serde_json::from_str::<String>(&format!("\"{text}\"")).unwrap());
    Some(serde_json::from_str(&text).unwrap())
}

/// Both ways to set a policy: the API's own `policy` (a respelling sends nothing, a change is
/// one UpdateRestApi, a change outside Terraform is restored) and `apigateway_rest_api_policy`
/// naming the API's ARN (clean second plan, import, destroy empties it); invalid JSON fails at
/// plan naming `policy`, with no call.
fn rest_api_policy_is_compared_as_a_policy(ctx: &Ctx) {
    let name = ctx.name("policy");
    let proxy = start_proxy(&ctx.rt, &ctx.endpoint, 0.0, 1, FaultConfig::default());
    let wd = Workdir::new("policy", &ctx.tf, &proxy.url());
    let config = |own: &str, separate: Option<&str>| {
        let separate = separate.map_or(String::new(), |policy| {
            format!(
                r#"
resource "apigateway_rest_api_policy" "b" {{
  rest_api_id = apigateway_rest_api.b.id
  policy      = {policy}
}}
"#
            )
        });
        format!(
            r#"resource "apigateway_rest_api" "a" {{
  name   = "{name}-a"
  policy = {own}
}}

resource "apigateway_rest_api" "b" {{
  name = "{name}-b"
}}
{separate}"#
        )
    };
    let arn_b = r#""${apigateway_rest_api.b.execution_arn}/*""#;

    // Invalid JSON: refused at plan, naming the attribute, before any call.
    wd.write(&config("\"{not json\"", Some("\"[1,\"")));
    let bad = wd.run(&["plan", "-input=false", "-no-color"]);
    assert_ne!(bad.code, 0, "{}", bad.all());
    let text = bad.all().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains("policy") && text.contains("not JSON"),
        "{text}"
    );
    assert_eq!(proxy.reset().requests, 0, "a bad plan calls nothing");

    wd.write(&config(
        &statement("Allow", "\"execute-api:/*\""),
        Some(&statement("Allow", arn_b)),
    ));
    wd.apply();
    let a = wd.attr_str("apigateway_rest_api.a", "id");
    let b = wd.attr_str("apigateway_rest_api.b", "id");
    let held = policy_of(ctx, &a).expect("API a has a policy");
    assert_eq!(held["Statement"][0]["Effect"], "Allow", "{held}");
    let held = policy_of(ctx, &b).expect("API b has a policy");
    assert_eq!(
        held["Statement"][0]["Resource"],
        format!("arn:aws:execute-api:us-east-1:000000000000:{b}/*"),
        "{held}"
    );
    assert_eq!(wd.attr_str("apigateway_rest_api_policy.b", "id"), b);
    wd.assert_no_changes();

    // The same policy spelt otherwise (a list of one as its element, other whitespace and key
    // order): Terraform plans the new text (the protocol wants the configuration's value), the
    // apply sends nothing, and the state keeps the new spelling.
    let respelt = r#"<<-JSON
    {"Statement": [{"Resource": "execute-api:/*", "Action": "execute-api:Invoke",
      "Principal": "*", "Effect": "Allow"}], "Version": "2012-10-17"}
  JSON"#;
    wd.write(&config(respelt, Some(&statement("Allow", arn_b))));
    proxy.reset();
    wd.apply();
    let stats = proxy.reset();
    assert_eq!(stats.operation(Operation::UpdateRestApi), 0, "{stats:?}");
    wd.assert_no_changes();

    // A real change is one UpdateRestApi.
    wd.write(&config(
        &statement("Deny", "\"execute-api:/*\""),
        Some(&statement("Allow", arn_b)),
    ));
    proxy.reset();
    wd.apply();
    let stats = proxy.reset();
    assert_eq!(stats.operation(Operation::UpdateRestApi), 1, "{stats:?}");
    assert_eq!(
        policy_of(ctx, &a).unwrap()["Statement"][0]["Effect"],
        "Deny"
    );
    wd.assert_no_changes();

    // Changed outside Terraform: the plan shows it, the apply restores it.
    let other = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*/GET/*"}]}"#;
    ctx.rt
        .block_on(
            ctx.sdk
                .update_rest_api()
                .rest_api_id(&b)
                .patch_operations(
                    PatchOperation::builder()
                        .op(Op::Replace)
                        .path("/policy")
                        .value(other)
                        .build(),
                )
                .send(),
        )
        .unwrap();
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2, "the drift shows: {}", plan.stdout);
    wd.apply();
    assert_eq!(
        policy_of(ctx, &b).unwrap()["Statement"][0]["Resource"],
        format!("arn:aws:execute-api:us-east-1:000000000000:{b}/*")
    );
    wd.assert_no_changes();

    // Import by the REST API id.
    wd.ok(&["state", "rm", "apigateway_rest_api_policy.b"]);
    wd.ok(&["import", "-input=false", "apigateway_rest_api_policy.b", &b]);
    wd.assert_no_changes();

    // Removing the resource empties the policy; the API stays.
    wd.write(&config(&statement("Deny", "\"execute-api:/*\""), None));
    wd.apply();
    assert!(policy_of(ctx, &b).is_none(), "the policy is gone");
    wd.assert_no_changes();
    wd.ok(&["destroy", "-auto-approve", "-input=false"]);
}
