//! Scenarios for `apigateway_documentation_version`, ported from the official provider's
//! `TestAccAPIGatewayDocumentationVersion_basic` and `_allFields` (a version of an API with one
//! documentation part, its description changed in place, imported), written again for this
//! harness.

use apigw_proxy::{FaultConfig, Operation};
use aws_sdk_apigateway::types::{DocumentationPartLocation, DocumentationPartType};

use super::Scenario;
use crate::Ctx;
use crate::harness::{Workdir, found, start_proxy};

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[
    (
        "documentation_version_lifecycle",
        documentation_version_lifecycle,
    ),
    ("documentation_part_lifecycle", documentation_part_lifecycle),
];

/// A bad version fails at plan with no call; create (SDK), clean plan, description in place
/// (one UpdateDocumentationVersion), changed and deleted outside Terraform (restored),
/// import, a new version replaces it, destroy.
fn documentation_version_lifecycle(ctx: &Ctx) {
    let name = ctx.name("docs");
    let proxy = start_proxy(&ctx.rt, &ctx.endpoint, 0.0, 1, FaultConfig::default());
    let wd = Workdir::new("docs", &ctx.tf, &proxy.url());
    let config = |version: &str, description: &str| {
        format!(
            r#"resource "apigateway_rest_api" "api" {{
  name = "{name}"
}}

resource "apigateway_documentation_version" "v" {{
  rest_api_id = apigateway_rest_api.api.id
  version     = "{version}"
  description = "{description}"
}}
"#
        )
    };
    // The version's description, or None when it does not exist.
    let get = |api: &str, version: &str| -> Option<String> {
        let r = ctx.rt.block_on(
            ctx.sdk
                .get_documentation_version()
                .rest_api_id(api)
                .documentation_version(version)
                .send(),
        );
        match r {
            Ok(v) => Some(v.description().unwrap_or_default().to_owned()),
            Err(e) => {
                assert!(!found::<(), _, _>(Err(e), "the version"));
                None
            }
        }
    };

    wd.write(&config("1/0", "first"));
    let bad = wd.run(&["plan", "-input=false", "-no-color"]);
    assert_ne!(bad.code, 0, "{}", bad.all());
    assert!(bad.all().contains("version"), "{}", bad.all());
    assert_eq!(proxy.reset().requests, 0, "a bad plan calls nothing");

    // The API with one documentation part first (a version snapshots the parts).
    let api_only =
        format!("resource \"apigateway_rest_api\" \"api\" {{\n  name = \"{name}\"\n}}\n");
    wd.write(&api_only);
    wd.apply();
    let api = wd.attr_str("apigateway_rest_api.api", "id");
    ctx.rt
        .block_on(
            ctx.sdk
                .create_documentation_part()
                .rest_api_id(&api)
                .location(
                    DocumentationPartLocation::builder()
                        .r#type(DocumentationPartType::Api)
                        .build()
                        .unwrap(),
                )
                .properties(r#"{"description":"The pets API"}"#)
                .send(),
        )
        .unwrap();

    wd.write(&config("1.0.0", "first"));
    wd.apply();
    assert_eq!(
        wd.attr_str("apigateway_documentation_version.v", "id"),
        format!("{api}/1.0.0")
    );
    assert_eq!(get(&api, "1.0.0").as_deref(), Some("first"));
    wd.assert_no_changes();

    // In place.
    wd.write(&config("1.0.0", "second"));
    proxy.reset();
    wd.apply();
    let stats = proxy.reset();
    assert_eq!(
        stats.operation(Operation::UpdateDocumentationVersion),
        1,
        "{stats:?}"
    );
    assert_eq!(
        stats.operation(Operation::CreateDocumentationVersion),
        0,
        "{stats:?}"
    );
    assert_eq!(get(&api, "1.0.0").as_deref(), Some("second"));
    wd.assert_no_changes();

    // Deleted outside Terraform: created again.
    ctx.rt
        .block_on(
            ctx.sdk
                .delete_documentation_version()
                .rest_api_id(&api)
                .documentation_version("1.0.0")
                .send(),
        )
        .unwrap();
    let (code, _) = wd.plan_code();
    assert_eq!(code, 2, "the deletion shows");
    wd.apply();
    assert_eq!(get(&api, "1.0.0").as_deref(), Some("second"));
    wd.assert_no_changes();

    // Import.
    wd.ok(&["state", "rm", "apigateway_documentation_version.v"]);
    wd.ok(&[
        "import",
        "-input=false",
        "apigateway_documentation_version.v",
        &format!("{api}/1.0.0"),
    ]);
    wd.assert_no_changes();

    // A new version replaces it.
    wd.write(&config("1.1.0", "second"));
    let plan = wd.run(&["plan", "-input=false", "-no-color"]);
    assert!(plan.all().contains("must be replaced"), "{}", plan.all());
    wd.apply();
    assert!(get(&api, "1.1.0").is_some());
    assert!(get(&api, "1.0.0").is_none(), "the old version is gone");
    wd.assert_no_changes();
    wd.ok(&["destroy", "-auto-approve", "-input=false"]);
}

/// A documentation part, ported from `TestAccAPIGatewayDocumentationPart_basic`,
/// `_method` and `_responseHeader`: a bad location type fails at plan; create (SDK), clean
/// plan; properties changed in place (one UpdateDocumentationPart) and restored after a change
/// outside Terraform; import; a new location replaces it; destroy.
fn documentation_part_lifecycle(ctx: &Ctx) {
    let name = ctx.name("doc-part");
    let proxy = start_proxy(&ctx.rt, &ctx.endpoint, 0.0, 1, FaultConfig::default());
    let wd = Workdir::new("doc-part", &ctx.tf, &proxy.url());
    let config = |kind: &str, description: &str| {
        format!(
            r#"resource "apigateway_rest_api" "api" {{
  name = "{name}"
}}

resource "apigateway_documentation_part" "p" {{
  rest_api_id = apigateway_rest_api.api.id
  location {{
    type   = "{kind}"
    method = "GET"
    path   = "/pets"
  }}
  properties = jsonencode({{ description = "{description}" }})
}}
"#
        )
    };
    let properties = |api: &str, id: &str| -> Option<String> {
        let r = ctx.rt.block_on(
            ctx.sdk
                .get_documentation_part()
                .rest_api_id(api)
                .documentation_part_id(id)
                .send(),
        );
        match r {
            Ok(p) => Some(p.properties().unwrap_or_default().to_owned()),
            Err(e) => {
                assert!(!found::<(), _, _>(Err(e), "the part"));
                None
            }
        }
    };

    wd.write(&config("VERB", "x"));
    let bad = wd.run(&["plan", "-input=false", "-no-color"]);
    assert_ne!(bad.code, 0, "{}", bad.all());
    assert!(bad.all().contains("type"), "{}", bad.all());
    assert_eq!(proxy.reset().requests, 0, "a bad plan calls nothing");

    wd.write(&config("METHOD", "Lists pets"));
    wd.apply();
    let api = wd.attr_str("apigateway_rest_api.api", "id");
    let part = wd.attr_str("apigateway_documentation_part.p", "documentation_part_id");
    assert_eq!(
        wd.attr_str("apigateway_documentation_part.p", "id"),
        format!("{api}/{part}")
    );
    let held: serde_json::Value = serde_json::from_str(&properties(&api, &part).unwrap()).unwrap();
    assert_eq!(held["description"], "Lists pets");
    wd.assert_no_changes();

    // In place.
    wd.write(&config("METHOD", "Lists the pets"));
    proxy.reset();
    wd.apply();
    let stats = proxy.reset();
    assert_eq!(
        stats.operation(Operation::UpdateDocumentationPart),
        1,
        "{stats:?}"
    );
    assert_eq!(
        wd.attr_str("apigateway_documentation_part.p", "documentation_part_id"),
        part
    );
    wd.assert_no_changes();

    // Changed outside Terraform: restored.
    ctx.rt
        .block_on(
            ctx.sdk
                .update_documentation_part()
                .rest_api_id(&api)
                .documentation_part_id(&part)
                .patch_operations(
                    aws_sdk_apigateway::types::PatchOperation::builder()
                        .op(aws_sdk_apigateway::types::Op::Replace)
                        .path("/properties")
                        .value(r#"{"description":"by hand"}"#)
                        .build(),
                )
                .send(),
        )
        .unwrap();
    let (code, _) = wd.plan_code();
    assert_eq!(code, 2, "the drift shows");
    wd.apply();
    let held: serde_json::Value = serde_json::from_str(&properties(&api, &part).unwrap()).unwrap();
    assert_eq!(held["description"], "Lists the pets");
    wd.assert_no_changes();

    // Import.
    wd.ok(&["state", "rm", "apigateway_documentation_part.p"]);
    wd.ok(&[
        "import",
        "-input=false",
        "apigateway_documentation_part.p",
        &format!("{api}/{part}"),
    ]);
    wd.assert_no_changes();

    // A new location replaces it.
    wd.write(&config("RESPONSE", "Lists the pets"));
    let plan = wd.run(&["plan", "-input=false", "-no-color"]);
    assert!(plan.all().contains("must be replaced"), "{}", plan.all());
    wd.apply();
    let moved = wd.attr_str("apigateway_documentation_part.p", "documentation_part_id");
    assert_ne!(moved, part);
    assert!(properties(&api, &part).is_none(), "the old part is gone");
    wd.assert_no_changes();
    wd.ok(&["destroy", "-auto-approve", "-input=false"]);
}
