//! Resource identity (Terraform >= 1.12): the provider serves identity schemas for every
//! resource type and identity data with every read, plan, apply and import. On 1.15.5:
//! `import { identity = {...} }` adopts a method, `plan -generate-config-out` writes
//! configuration for an API imported by identity that then plans clean, and the state records
//! each object's identity. Older Terraform versions never ask for identities: there the
//! scenario is reported as skipped.

use super::Scenario;
use crate::Ctx;
use crate::harness::{at_least, skip};

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[(
    "resource_identity_imports_and_generates_configuration",
    resource_identity_imports_and_generates_configuration,
)];

fn resource_identity_imports_and_generates_configuration(ctx: &Ctx) {
    if !at_least(&ctx.tf.version, 1, 12) {
        skip("resource identity needs Terraform >= 1.12");
    }
    let name = ctx.name("identity");
    let wd = ctx.workdir("identity");
    let api = format!(
        r#"resource "apigateway_rest_api" "api" {{
  name = "{name}"
}}

resource "apigateway_resource" "pets" {{
  rest_api_id = apigateway_rest_api.api.id
  parent_id   = apigateway_rest_api.api.root_resource_id
  path_part   = "pets"
}}
"#
    );
    let method = r#"
resource "apigateway_method" "get" {
  rest_api_id   = apigateway_rest_api.api.id
  resource_id   = apigateway_resource.pets.id
  http_method   = "GET"
  authorization = "NONE"
}
"#;
    wd.write(&format!("{api}{method}"));
    wd.apply();
    let api_id = wd.attr_str("apigateway_rest_api.api", "id");
    let pets = wd.attr_str("apigateway_resource.pets", "id");

    // The state records every object's identity.
    let state = wd.state();
    let identity_of = |address: &str| {
        state["values"]["root_module"]["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["address"] == address)
            .map(|r| r["identity"].clone())
            .unwrap_or_default()
    };
    assert_eq!(
        identity_of("apigateway_method.get"),
        serde_json::json!({ "rest_api_id": api_id, "resource_id": pets, "http_method": "GET" }),
        "{state}"
    );
    assert_eq!(
        identity_of("apigateway_rest_api.api"),
        serde_json::json!({ "id": api_id })
    );

    // The method leaves the state, and comes back by its identity.
    wd.ok(&["state", "rm", "apigateway_method.get"]);
    wd.write(&format!(
        r#"{api}{method}
import {{
  to = apigateway_method.get
  identity = {{
    rest_api_id = "{api_id}"
    resource_id = "{pets}"
    http_method = "GET"
  }}
}}
"#
    ));
    let r = wd.apply();
    assert!(r.stdout.contains("1 imported"), "{}", r.stdout);
    wd.assert_no_changes();

    // An identity missing a required attribute is refused, naming the attributes.
    wd.ok(&["state", "rm", "apigateway_method.get"]);
    wd.write(&format!(
        r#"{api}{method}
import {{
  to = apigateway_method.get
  identity = {{
    rest_api_id = "{api_id}"
    http_method = "GET"
  }}
}}
"#
    ));
    let r = wd.run(&["plan", "-input=false"]);
    assert_ne!(r.code, 0);
    assert!(r.all().contains("resource_id"), "{}", r.all());

    // Configuration generated for an object imported by identity plans clean.
    wd.write(&format!(
        r#"{api}
import {{
  to = apigateway_method.get
  identity = {{
    rest_api_id = "{api_id}"
    resource_id = "{pets}"
    http_method = "GET"
  }}
}}
"#
    ));
    let _ = std::fs::remove_file(wd.dir.join("generated.tf"));
    let r = wd.run(&["plan", "-input=false", "-generate-config-out=generated.tf"]);
    assert!(r.code == 0, "{}", r.all());
    let generated = std::fs::read_to_string(wd.dir.join("generated.tf")).expect("generated.tf");
    assert!(
        generated.contains("resource \"apigateway_method\" \"get\""),
        "{generated}"
    );
    assert!(generated.contains("http_method"), "{generated}");
    wd.apply();
    wd.assert_no_changes();

    wd.ok(&["destroy", "-auto-approve", "-input=false"]);
}
