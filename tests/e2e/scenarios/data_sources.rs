//! Scenarios for the data sources, against objects made by this configuration and by the SDK:
//! `apigateway_rest_api` (by name: one found, several and none are errors that say how many),
//! `apigateway_resource` (by path), `apigateway_authorizers` and `apigateway_authorizer`, and
//! `apigateway_export` (the OpenAPI definition of a stage), ported from the official provider's
//! `TestAccAPIGatewayRestAPIDataSource_basic`, `TestAccAPIGatewayResourceDataSource_basic`,
//! `TestAccAPIGatewayAuthorizerDataSource_basic`, `TestAccAPIGatewayAuthorizersDataSource_basic`
//! and `TestAccAPIGatewayExportDataSource_basic`.

use super::Scenario;
use crate::Ctx;
use crate::harness::Workdir;

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[
    (
        "data_sources_find_apis_and_resources",
        data_sources_find_apis_and_resources,
    ),
    (
        "data_sources_find_keys_links_and_domains",
        data_sources_find_keys_links_and_domains,
    ),
];

/// `apigateway_api_key` (with its value), `apigateway_api_keys`, `apigateway_vpc_link` (by
/// name) and `apigateway_domain_name`, ported from the official provider's
/// `TestAccAPIGatewayAPIKeyDataSource_basic`, `TestAccAPIGatewayAPIKeysDataSource_basic`,
/// `TestAccAPIGatewayVPCLinkDataSource_basic` and `TestAccAPIGatewayDomainNameDataSource_basic`.
/// `apigateway_sdk`: LocalStack cannot generate SDKs (GetSdk answers 501), so the read is a unit
/// test (`src/data_sources/access.rs`); here its plan-time check of the SDK type's parameters
/// refuses an incomplete `android` SDK before any call.
fn data_sources_find_keys_links_and_domains(ctx: &Ctx) {
    const VALUE: &str = "data-source-key-value-0123456789";
    const NLB: &str =
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/ds/50dc6c495c0c9188";
    let name = ctx.name("access-lookup");
    let domain = format!("{}.example.com", name.replace('.', "-"));
    let wd = Workdir::new("access-lookup", &ctx.tf, &ctx.endpoint);
    let config = |sdk: &str| {
        format!(
            r#"resource "apigateway_api_key" "k" {{
  name        = "{name}"
  description = "found by id"
  value       = "{VALUE}"
}}

resource "apigateway_vpc_link" "l" {{
  name        = "{name}"
  description = "found by name"
  target_arns = ["{NLB}"]
}}

resource "apigateway_domain_name" "d" {{
  domain_name              = "{domain}"
  regional_certificate_arn = "arn:aws:acm:us-east-1:000000000000:certificate/ds"

  endpoint_configuration {{
    types = ["REGIONAL"]
  }}
}}

data "apigateway_api_key" "k" {{
  id = apigateway_api_key.k.id
}}

data "apigateway_api_keys" "all" {{
  include_values = true
  depends_on     = [apigateway_api_key.k]
}}

data "apigateway_vpc_link" "l" {{
  name       = "{name}"
  depends_on = [apigateway_vpc_link.l]
}}

data "apigateway_domain_name" "d" {{
  domain_name = apigateway_domain_name.d.domain_name
}}

output "key" {{
  value = "${{data.apigateway_api_key.k.name}} ${{data.apigateway_api_key.k.description}} ${{data.apigateway_api_key.k.enabled}}"
}}

output "key_value" {{
  value = nonsensitive(data.apigateway_api_key.k.value)
}}

output "listed_value" {{
  value = nonsensitive([for k in data.apigateway_api_keys.all.items : k.value if k.id == apigateway_api_key.k.id][0])
}}

output "link" {{
  value = "${{data.apigateway_vpc_link.l.id}} ${{data.apigateway_vpc_link.l.status}} ${{join(",", data.apigateway_vpc_link.l.target_arns)}}"
}}

output "domain" {{
  value = "${{data.apigateway_domain_name.d.regional_domain_name}} ${{data.apigateway_domain_name.d.endpoint_configuration[0].types[0]}}"
}}
{sdk}"#
        )
    };
    wd.write(&config(""));
    wd.apply();
    let output = |name: &str| wd.ok(&["output", "-raw", name]).stdout.trim().to_owned();
    assert_eq!(output("key"), format!("{name} found by id true"));
    assert_eq!(output("key_value"), VALUE);
    assert_eq!(output("listed_value"), VALUE);
    let link = wd.attr_str("apigateway_vpc_link.l", "id");
    assert_eq!(output("link"), format!("{link} AVAILABLE {NLB}"));
    let sdk_domain = ctx
        .rt
        .block_on(ctx.sdk.get_domain_name().domain_name(&domain).send())
        .unwrap();
    assert_eq!(
        output("domain"),
        format!(
            "{} REGIONAL",
            sdk_domain.regional_domain_name().unwrap_or_default()
        )
    );
    wd.assert_no_changes();

    // An android SDK without its required parameters: refused at plan, before any call.
    wd.write(&config(
        r#"
data "apigateway_sdk" "android" {
  rest_api_id = "a1b2c3d4e5"
  stage_name  = "prod"
  sdk_type    = "android"
  parameters  = { groupId = "com.example" }
}
"#,
    ));
    let r = wd.run(&["plan", "-input=false", "-no-color"]);
    assert_ne!(r.code, 0, "{}", r.all());
    let text = r.all().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains("missing: artifactId, artifactVersion, invokerPackage"),
        "{text}"
    );

    wd.write(&config(""));
    wd.ok(&["destroy", "-auto-approve", "-input=false"]);
}

fn data_sources_find_apis_and_resources(ctx: &Ctx) {
    let name = ctx.name("lookup");
    let wd = Workdir::new("lookup", &ctx.tf, &ctx.endpoint);
    let managed = format!(
        r#"resource "apigateway_rest_api" "api" {{
  name        = "{name}"
  description = "found by name"
}}

resource "apigateway_resource" "pets" {{
  rest_api_id = apigateway_rest_api.api.id
  parent_id   = apigateway_rest_api.api.root_resource_id
  path_part   = "pets"
}}

resource "apigateway_method" "get" {{
  rest_api_id   = apigateway_rest_api.api.id
  resource_id   = apigateway_resource.pets.id
  http_method   = "GET"
  authorization = "NONE"
}}

resource "apigateway_integration" "get" {{
  rest_api_id = apigateway_rest_api.api.id
  resource_id = apigateway_resource.pets.id
  http_method = apigateway_method.get.http_method
  type        = "MOCK"
}}

resource "apigateway_deployment" "d" {{
  rest_api_id = apigateway_rest_api.api.id
  depends_on  = [apigateway_integration.get]
}}

resource "apigateway_stage" "s" {{
  rest_api_id   = apigateway_rest_api.api.id
  stage_name    = "v1"
  deployment_id = apigateway_deployment.d.id
}}

resource "apigateway_authorizer" "token" {{
  rest_api_id    = apigateway_rest_api.api.id
  name           = "token"
  authorizer_uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:auth/invocations"
}}
"#
    );
    wd.write(&managed);
    wd.apply();
    let api = wd.attr_str("apigateway_rest_api.api", "id");
    let pets = wd.attr_str("apigateway_resource.pets", "id");

    let lookups = |api_name: &str, path: &str| {
        format!(
            r#"{managed}
data "apigateway_rest_api" "found" {{
  name       = "{api_name}"
  depends_on = [apigateway_resource.pets]
}}

data "apigateway_resource" "found" {{
  rest_api_id = data.apigateway_rest_api.found.id
  path        = "{path}"
}}

output "api_id" {{
  value = data.apigateway_rest_api.found.id
}}

output "root" {{
  value = data.apigateway_rest_api.found.root_resource_id
}}

output "description" {{
  value = data.apigateway_rest_api.found.description
}}

output "execution_arn" {{
  value = data.apigateway_rest_api.found.execution_arn
}}

output "pets" {{
  value = data.apigateway_resource.found.id
}}

output "pets_parent" {{
  value = data.apigateway_resource.found.parent_id
}}

data "apigateway_authorizers" "all" {{
  rest_api_id = data.apigateway_rest_api.found.id
  depends_on  = [apigateway_authorizer.token]
}}

data "apigateway_authorizer" "one" {{
  rest_api_id   = data.apigateway_rest_api.found.id
  authorizer_id = data.apigateway_authorizers.all.ids[0]
}}

data "apigateway_export" "oas" {{
  rest_api_id = data.apigateway_rest_api.found.id
  stage_name  = apigateway_stage.s.stage_name
  export_type = "oas30"
}}

output "authorizer" {{
  value = "${{data.apigateway_authorizer.one.name}} ${{data.apigateway_authorizer.one.type}}"
}}

output "authorizer_count" {{
  value = length(data.apigateway_authorizers.all.ids)
}}

output "export_has_pets" {{
  value = length(regexall("/pets", data.apigateway_export.oas.body)) > 0
}}
"#
        )
    };
    let output = |name: &str| {
        let r = wd.ok(&["output", "-raw", name]);
        r.stdout.trim().to_owned()
    };

    wd.write(&lookups(&name, "/pets"));
    wd.apply();
    assert_eq!(output("api_id"), api);
    assert_eq!(
        output("root"),
        wd.attr_str("apigateway_rest_api.api", "root_resource_id")
    );
    assert_eq!(output("description"), "found by name");
    assert_eq!(
        output("execution_arn"),
        format!("arn:aws:execute-api:us-east-1:000000000000:{api}")
    );
    assert_eq!(output("pets"), pets);
    assert_eq!(output("pets_parent"), output("root"));
    assert_eq!(output("authorizer"), "token TOKEN");
    assert_eq!(output("authorizer_count"), "1");
    assert_eq!(
        output("export_has_pets"),
        "true",
        "the stage's OpenAPI export has /pets"
    );
    wd.assert_no_changes();

    // A path the API does not have: the error names it.
    wd.write(&lookups(&name, "/cats"));
    let r = wd.run(&["plan", "-input=false", "-no-color"]);
    assert_ne!(r.code, 0, "{}", r.all());
    assert!(r.all().contains("has no resource \"/cats\""), "{}", r.all());

    // No API with the name, then two: each is an error that says how many.
    wd.write(&lookups(&format!("{name}-none"), "/pets"));
    let r = wd.run(&["plan", "-input=false", "-no-color"]);
    assert_ne!(r.code, 0, "{}", r.all());
    assert!(
        r.all().contains("REST APIs of region us-east-1 is named"),
        "{}",
        r.all()
    );
    let twin = ctx
        .rt
        .block_on(ctx.sdk.create_rest_api().name(&name).send())
        .unwrap();
    let twin = twin.id().unwrap().to_owned();
    wd.write(&lookups(&name, "/pets"));
    let r = wd.run(&["plan", "-input=false", "-no-color"]);
    assert_ne!(r.code, 0, "{}", r.all());
    let text = r.all().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains("2 REST APIs of region us-east-1 are named"),
        "{text}"
    );
    assert!(text.contains(&twin), "{text}");
    ctx.rt
        .block_on(ctx.sdk.delete_rest_api().rest_api_id(&twin).send())
        .unwrap();

    wd.write(&managed);
    wd.ok(&["destroy", "-auto-approve", "-input=false"]);
}
