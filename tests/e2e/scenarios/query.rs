//! List resources and `terraform query` (Terraform >= 1.14): an API built by hand (with the
//! SDK: a path, two methods, an integration and a method response) is found by `.tfquery.hcl`
//! lists, and `terraform query -generate-config-out` writes
//! import blocks and configuration that adopt it with one apply and then plan clean: bulk
//! adoption in two commands. Before 1.14 Terraform has no `terraform query`: there the
//! scenario is reported as skipped.

use super::Scenario;
use crate::Ctx;
use crate::harness::{at_least, skip};

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[(
    "query_lists_a_hand_built_api_and_generates_importable_configuration",
    query_lists_a_hand_built_api_and_generates_importable_configuration,
)];

fn query_lists_a_hand_built_api_and_generates_importable_configuration(ctx: &Ctx) {
    if !at_least(&ctx.tf.version, 1, 14) {
        skip("terraform query needs Terraform >= 1.14");
    }
    let name = ctx.name("query");
    let sdk = &ctx.sdk;
    let api = ctx
        .rt
        .block_on(sdk.create_rest_api().name(&name).send())
        .unwrap();
    let api_id = api.id().unwrap().to_owned();
    let root = api.root_resource_id().unwrap().to_owned();
    let pets = ctx
        .rt
        .block_on(
            sdk.create_resource()
                .rest_api_id(&api_id)
                .parent_id(&root)
                .path_part("pets")
                .send(),
        )
        .unwrap();
    let pets_id = pets.id().unwrap().to_owned();
    for verb in ["GET", "POST"] {
        ctx.rt
            .block_on(
                sdk.put_method()
                    .rest_api_id(&api_id)
                    .resource_id(&pets_id)
                    .http_method(verb)
                    .authorization_type("NONE")
                    .send(),
            )
            .unwrap();
    }

    ctx.rt
        .block_on(
            sdk.put_integration()
                .rest_api_id(&api_id)
                .resource_id(&pets_id)
                .http_method("GET")
                .r#type(aws_sdk_apigateway::types::IntegrationType::Mock)
                .request_templates("application/json", "{\"statusCode\": 200}")
                .send(),
        )
        .unwrap();
    ctx.rt
        .block_on(
            sdk.put_method_response()
                .rest_api_id(&api_id)
                .resource_id(&pets_id)
                .http_method("GET")
                .status_code("200")
                .send(),
        )
        .unwrap();

    let wd = ctx.workdir("query");
    wd.write("");
    let lists = |extra: &str| {
        format!(
            r#"list "apigateway_method" "methods" {{
  provider = apigateway
  config {{
    rest_api_id = "{api_id}"
  }}
}}

list "apigateway_resource" "paths" {{
  provider = apigateway
  config {{
    rest_api_id = "{api_id}"
  }}
}}

list "apigateway_integration" "integrations" {{
  provider = apigateway
  config {{
    rest_api_id = "{api_id}"
  }}
}}

list "apigateway_method_response" "responses" {{
  provider = apigateway
  config {{
    rest_api_id = "{api_id}"
  }}
}}
{extra}"#
        )
    };
    std::fs::write(
        wd.dir.join("search.tfquery.hcl"),
        lists("\nlist \"apigateway_rest_api\" \"apis\" {\n  provider = apigateway\n}\n"),
    )
    .unwrap();
    let r = wd.ok(&["query"]);
    for shown in ["GET /pets", "POST /pets", "/pets", "GET /pets 200", &name] {
        assert!(r.stdout.contains(shown), "{shown}: {}", r.stdout);
    }

    // Generated configuration for the API's paths and methods adopts them in one apply, and
    // then plans clean.
    std::fs::write(wd.dir.join("search.tfquery.hcl"), lists("")).unwrap();
    let _ = std::fs::remove_file(wd.dir.join("generated.tf"));
    let r = wd.ok(&["query", "-generate-config-out=generated.tf"]);
    let generated = std::fs::read_to_string(wd.dir.join("generated.tf"))
        .unwrap_or_else(|e| panic!("generated.tf: {e}\n{}", r.all()));
    assert!(generated.contains("import {"), "{generated}");
    assert!(
        generated.contains("resource \"apigateway_method\""),
        "{generated}"
    );
    let r = wd.apply();
    // The path, two methods, the integration and the method response.
    assert!(r.stdout.contains("5 imported"), "{}", r.stdout);
    wd.assert_no_changes();
    let state = wd.state();
    let methods = state["values"]["root_module"]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["type"] == "apigateway_method")
        .count();
    assert_eq!(methods, 2);

    wd.ok(&["destroy", "-auto-approve", "-input=false"]);
    ctx.rt
        .block_on(sdk.delete_rest_api().rest_api_id(&api_id).send())
        .unwrap();
}
