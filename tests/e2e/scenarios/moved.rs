//! `moved` blocks from hashicorp/aws (Terraform >= 1.8): `aws_api_gateway_*` objects become
//! `apigateway_*` objects through MoveResourceState, with an empty plan and no write to AWS.
//!
//! Terraform needs the source provider to load a state that mentions it; here a test-only
//! stand-in for hashicorp/aws (tools/aws-standin: this project's resource types served under
//! the official names, whose attribute names are the official ones) makes the objects, through
//! dev_overrides. Before 1.8 Terraform cannot move across providers: the scenario is reported
//! as skipped.

use super::Scenario;
use crate::Ctx;
use crate::harness::{at_least, provider_binary, skip};

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

provider "apigateway" {{
  region     = "us-east-1"
  endpoint   = "{0}"
  access_key = "test"
  secret_key = "test"
}}
"#,
        ctx.endpoint
    );
    let objects = |prefix: &str| {
        format!(
            r#"
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
        format!("{providers}{}", objects("aws_api_gateway_")),
    )
    .unwrap();
    wd.apply();
    let api = wd.attr_str("aws_api_gateway_rest_api.api", "id");
    let method_id = wd.attr_str("aws_api_gateway_method.get", "id");

    let moves: String = ["rest_api.api", "resource.pets", "method.get"]
        .iter()
        .map(|a| format!("\nmoved {{\n  from = aws_api_gateway_{a}\n  to   = apigateway_{a}\n}}\n"))
        .collect();
    std::fs::write(
        wd.dir.join("main.tf"),
        format!("{providers}{}{moves}", objects("apigateway_")),
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
    wd.assert_no_changes();

    std::fs::write(
        wd.dir.join("main.tf"),
        format!("{providers}{}", objects("apigateway_")),
    )
    .unwrap();
    wd.ok(&["destroy", "-auto-approve", "-input=false"]);
    assert!(
        ctx.rt
            .block_on(ctx.sdk.get_rest_api().rest_api_id(&api).send())
            .is_err(),
        "the API is gone"
    );
}
