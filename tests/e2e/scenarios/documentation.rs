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
pub const ALL: &[(&str, Scenario)] = &[(
    "documentation_version_lifecycle",
    documentation_version_lifecycle,
)];

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
