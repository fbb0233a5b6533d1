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

    let moves: String = [
        "rest_api.api",
        "rest_api.west",
        "resource.pets",
        "method.get",
    ]
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
    assert!(
        plan.stdout.contains("has moved to apigateway_method.get"),
        "{}",
        plan.stdout
    );
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
