//! `moved` blocks from hashicorp/aws (Terraform >= 1.8): `aws_api_gateway_*` objects become
//! `apigateway_*` objects through MoveResourceState, with an empty plan and no write to AWS.
//!
//! Terraform needs the source provider to load a state that mentions it; here a test-only
//! stand-in for hashicorp/aws (tools/aws-standin: hashicorp/aws v6's schemas of these types,
//! served by this project's implementation) makes the objects, through dev_overrides. An
//! object in another region than the target provider configuration's is refused at the first
//! read, naming the region; with an aliased configuration for that region it moves. Before 1.8 Terraform cannot move across providers: the scenario is reported
//! as skipped.

use super::Scenario;
use crate::Ctx;
use crate::harness::{at_least, provider_binary, sdk_client_of_region, skip};

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[(
    "moved_blocks_from_hashicorp_aws_plan_empty_and_write_nothing",
    moved_blocks_from_hashicorp_aws_plan_empty_and_write_nothing,
)];

const INVOKE_ARN: &str = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:auth/invocations";

/// Every object of the configuration, one or more of each type moved (all but the account,
/// a region's singleton other scenarios use; VPC links, domains and their mappings, which
/// need a load balancer or certificate; and rest_api_put, whose id the unit tests derive).
const MOVED: &[&str] = &[
    "rest_api.api",
    "rest_api.west",
    "resource.pets",
    "method.get",
    "integration.get",
    "method_response.ok",
    "integration_response.ok",
    "model.pet",
    "request_validator.body",
    "gateway_response.missing",
    "authorizer.a",
    "rest_api_policy.p",
    "documentation_part.api",
    "documentation_version.v1",
    "deployment.d",
    "stage.v1",
    "method_settings.all",
    "api_key.k",
    "usage_plan.p",
    "usage_plan_key.k",
    "client_certificate.c",
];

fn moved_blocks_from_hashicorp_aws_plan_empty_and_write_nothing(ctx: &Ctx) {
    if !at_least(&ctx.tf.version, 1, 8) {
        skip("moving across providers needs Terraform >= 1.8");
    }
    let wd = ctx.workdir("moved");
    let standin_dir = wd.dir.join("aws-plugins");
    std::fs::create_dir_all(&standin_dir).unwrap();
    let standin = provider_binary().with_file_name("aws-standin-for-tests");
    assert!(
        standin.exists(),
        "{} is built with the tests",
        standin.display()
    );
    std::os::unix::fs::symlink(&standin, standin_dir.join("terraform-provider-aws")).unwrap();
    std::fs::write(
        wd.dir.join("cli.tfrc"),
        format!(
            "provider_installation {{\n  dev_overrides {{\n    \"registry.terraform.io/seed/apigateway\" = \"{}\"\n    \"registry.terraform.io/hashicorp/aws\" = \"{}\"\n  }}\n  direct {{}}\n}}\n",
            wd.dir.join("plugins").display(),
            standin_dir.display()
        ),
    )
    .unwrap();
    let name = ctx.name("moved");
    let providers = format!(
        r#"terraform {{
  required_providers {{
    aws        = {{ source = "hashicorp/aws" }}
    apigateway = {{ source = "seed/apigateway" }}
  }}
}}

provider "aws" {{
  region     = "us-east-1"
  endpoint   = "{0}"
  access_key = "test"
  secret_key = "test"
}}

provider "aws" {{
  alias      = "west"
  region     = "us-west-2"
  endpoint   = "{0}"
  access_key = "test"
  secret_key = "test"
}}

provider "apigateway" {{
  region     = "us-east-1"
  endpoint   = "{0}"
  access_key = "test"
  secret_key = "test"
}}

provider "apigateway" {{
  alias      = "west"
  region     = "us-west-2"
  endpoint   = "{0}"
  access_key = "test"
  secret_key = "test"
}}
"#,
        ctx.endpoint
    );
    // `west` names the provider configuration of the API in us-west-2 (empty: the default
    // one, in us-east-1).
    let objects = |prefix: &str, west: &str| {
        let west = if west.is_empty() {
            String::new()
        } else {
            format!("  provider = {west}\n")
        };
        format!(
            r#"
resource "{prefix}rest_api" "west" {{
{west}  name = "{name}-west"
}}

resource "{prefix}rest_api" "api" {{
  name        = "{name}"
  description = "moved from hashicorp/aws"

  timeouts {{
    create = "10m"
    delete = "5m"
  }}
}}

resource "{prefix}resource" "pets" {{
  rest_api_id = {prefix}rest_api.api.id
  parent_id   = {prefix}rest_api.api.root_resource_id
  path_part   = "pets"
}}

resource "{prefix}method" "get" {{
  rest_api_id   = {prefix}rest_api.api.id
  resource_id   = {prefix}resource.pets.id
  http_method   = "GET"
  authorization = "NONE"
}}

resource "{prefix}integration" "get" {{
  rest_api_id       = {prefix}rest_api.api.id
  resource_id       = {prefix}resource.pets.id
  http_method       = {prefix}method.get.http_method
  type              = "MOCK"
  request_templates = {{ "application/json" = "{{\"statusCode\": 200}}" }}
}}

resource "{prefix}method_response" "ok" {{
  rest_api_id = {prefix}rest_api.api.id
  resource_id = {prefix}resource.pets.id
  http_method = {prefix}method.get.http_method
  status_code = "200"
}}

resource "{prefix}integration_response" "ok" {{
  rest_api_id = {prefix}rest_api.api.id
  resource_id = {prefix}resource.pets.id
  http_method = {prefix}method.get.http_method
  status_code = {prefix}method_response.ok.status_code
  depends_on  = [{prefix}integration.get]
}}

resource "{prefix}model" "pet" {{
  rest_api_id  = {prefix}rest_api.api.id
  name         = "Pet"
  content_type = "application/json"
  schema       = jsonencode({{ type = "object" }})
}}

resource "{prefix}request_validator" "body" {{
  rest_api_id           = {prefix}rest_api.api.id
  name                  = "body"
  validate_request_body = true
}}

resource "{prefix}gateway_response" "missing" {{
  rest_api_id   = {prefix}rest_api.api.id
  response_type = "MISSING_AUTHENTICATION_TOKEN"
  status_code   = "404"
}}

resource "{prefix}authorizer" "a" {{
  rest_api_id    = {prefix}rest_api.api.id
  name           = "a"
  authorizer_uri = "{INVOKE_ARN}"
}}

resource "{prefix}rest_api_policy" "p" {{
  rest_api_id = {prefix}rest_api.api.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Principal = "*"
      Action    = "execute-api:Invoke"
      Resource  = "${{{prefix}rest_api.api.execution_arn}}/*"
    }}]
  }})
}}

resource "{prefix}documentation_part" "api" {{
  rest_api_id = {prefix}rest_api.api.id
  location {{
    type = "API"
  }}
  properties = jsonencode({{ description = "moved" }})
}}

resource "{prefix}documentation_version" "v1" {{
  rest_api_id = {prefix}rest_api.api.id
  version     = "1"
  depends_on  = [{prefix}documentation_part.api]
}}

resource "{prefix}deployment" "d" {{
  rest_api_id = {prefix}rest_api.api.id
  depends_on  = [{prefix}integration_response.ok]
}}

resource "{prefix}stage" "v1" {{
  rest_api_id   = {prefix}rest_api.api.id
  deployment_id = {prefix}deployment.d.id
  stage_name    = "v1"
}}

resource "{prefix}method_settings" "all" {{
  rest_api_id = {prefix}rest_api.api.id
  stage_name  = {prefix}stage.v1.stage_name
  method_path = "*/*"
  settings {{
    metrics_enabled = true
  }}
}}

resource "{prefix}api_key" "k" {{
  name = "{name}-key"
}}

resource "{prefix}usage_plan" "p" {{
  name = "{name}-plan"
  api_stages {{
    api_id = {prefix}rest_api.api.id
    stage  = {prefix}stage.v1.stage_name
  }}
}}

resource "{prefix}usage_plan_key" "k" {{
  key_id        = {prefix}api_key.k.id
  key_type      = "API_KEY"
  usage_plan_id = {prefix}usage_plan.p.id
}}

resource "{prefix}client_certificate" "c" {{
  description = "moved"
}}
"#
        )
    };
    std::fs::write(
        wd.dir.join("main.tf"),
        format!("{providers}{}", objects("aws_api_gateway_", "aws.west")),
    )
    .unwrap();
    wd.apply();
    let api = wd.attr_str("aws_api_gateway_rest_api.api", "id");
    let west = wd.attr_str("aws_api_gateway_rest_api.west", "id");
    let method_id = wd.attr_str("aws_api_gateway_method.get", "id");
    // hashicorp/aws nests `timeouts` as one object; here it is a list of one.
    assert_eq!(
        wd.attr("aws_api_gateway_rest_api.api", "timeouts")["create"],
        "10m"
    );
    // The stand-in serves hashicorp/aws v6's schemas: each object stores its region.
    assert_eq!(
        wd.attr_str("aws_api_gateway_method.get", "region"),
        "us-east-1"
    );
    assert_eq!(
        wd.attr_str("aws_api_gateway_rest_api.west", "region"),
        "us-west-2"
    );
    let west_sdk = sdk_client_of_region(&ctx.endpoint, "us-west-2");
    assert!(
        ctx.rt
            .block_on(west_sdk.get_rest_api().rest_api_id(&west).send())
            .is_ok()
    );

    let moves: String = MOVED
        .iter()
        .map(|a| format!("\nmoved {{\n  from = aws_api_gateway_{a}\n  to   = apigateway_{a}\n}}\n"))
        .collect();
    // Moved to the default configuration, in another region than the object's: refused
    // before anything is looked for (it would not be found there, and a second API planned).
    std::fs::write(
        wd.dir.join("main.tf"),
        format!("{providers}{}{moves}", objects("apigateway_", "")),
    )
    .unwrap();
    let r = wd.run(&["plan", "-input=false"]);
    assert_ne!(r.code, 0, "{}", r.all());
    let text = r.all().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains("Moved object is in another region")
            && text.contains("region us-west-2")
            && text.contains(&west),
        "{text}"
    );

    std::fs::write(
        wd.dir.join("main.tf"),
        format!(
            "{providers}{}{moves}",
            objects("apigateway_", "apigateway.west")
        ),
    )
    .unwrap();
    let plan = wd.ok(&["plan", "-input=false"]);
    for a in MOVED {
        assert!(
            plan.stdout
                .contains(&format!("has moved to apigateway_{a}")),
            "{a}: {}",
            plan.stdout
        );
    }
    assert!(
        plan.stdout.contains("0 to add, 0 to change, 0 to destroy")
            || plan.stdout.contains("No changes"),
        "{}",
        plan.stdout
    );
    // The apply makes no change: this provider is never asked to apply one.
    let r = wd.run_env(
        &["apply", "-auto-approve", "-input=false"],
        &[("TF_LOG_PROVIDER", "debug")],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stderr.contains("MoveResourceState"),
        "the provider's log is there: {}",
        r.stderr
    );
    assert!(!r.stderr.contains("ApplyResourceChange"), "{}", r.stderr);
    assert_eq!(wd.attr_str("apigateway_rest_api.api", "id"), api);
    assert_eq!(wd.attr_str("apigateway_method.get", "id"), method_id);
    assert_eq!(wd.attr_str("apigateway_rest_api.west", "id"), west);
    let timeouts = wd.attr("apigateway_rest_api.api", "timeouts");
    assert_eq!(
        (&timeouts[0]["create"], &timeouts[0]["delete"]),
        (&"10m".into(), &"5m".into()),
        "{timeouts}"
    );
    wd.assert_no_changes();

    std::fs::write(
        wd.dir.join("main.tf"),
        format!("{providers}{}", objects("apigateway_", "apigateway.west")),
    )
    .unwrap();
    wd.ok(&["destroy", "-auto-approve", "-input=false"]);
    assert!(
        ctx.rt
            .block_on(ctx.sdk.get_rest_api().rest_api_id(&api).send())
            .is_err(),
        "the API is gone"
    );
    assert!(
        ctx.rt
            .block_on(west_sdk.get_rest_api().rest_api_id(&west).send())
            .is_err(),
        "the API in us-west-2 is gone"
    );
}
