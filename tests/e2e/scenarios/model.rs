//! Scenarios for `apigateway_model`.

use super::Scenario;
use crate::Ctx;
use crate::harness::found;

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[("model_lifecycle", model_lifecycle)];

fn config(name: &str, description: &str, schema: &str) -> String {
    format!(
        "resource \"apigateway_rest_api\" \"api\" {{\n  name = \"{name}\"\n}}\n\n\
         resource \"apigateway_model\" \"pet\" {{\n  rest_api_id  = apigateway_rest_api.api.id\n  \
         name         = \"Pet\"\n  description  = \"{description}\"\n  content_type = \"application/json\"\n  \
         schema       = {schema}\n}}\n"
    )
}

const OBJECT: &str = r#"jsonencode({ type = "object", required = ["name"] })"#;
/// The same JSON as [`OBJECT`], spelt differently.
const RESPELT: &str = r#""{ \"required\" : [ \"name\" ], \"type\" : \"object\" }""#;
const ARRAY: &str = r#"jsonencode({ type = "array" })"#;

/// Bad input fails at plan; create and check with the SDK; a respelt schema is no change; a new
/// schema and description are changed in place; import by name; destroy.
fn model_lifecycle(ctx: &Ctx) {
    let name = ctx.name("model");
    let wd = ctx.workdir("model");

    wd.write(&config(&name, "d", "\"{not json\"").replace("\"Pet\"", "\"Pet-1\""));
    let bad = wd.run(&["plan", "-input=false"]);
    assert_ne!(bad.code, 0);
    let text = bad.all().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("letters and digits"), "{text}");
    assert!(text.contains("not JSON"), "{text}");

    wd.write(&config(&name, "a pet", OBJECT));
    wd.apply();
    let api = wd.attr_str("apigateway_rest_api.api", "id");
    let model = ctx
        .rt
        .block_on(
            ctx.sdk
                .get_model()
                .rest_api_id(&api)
                .model_name("Pet")
                .send(),
        )
        .unwrap();
    assert_eq!(
        model.id(),
        Some(wd.attr_str("apigateway_model.pet", "id").as_str())
    );
    assert_eq!(model.description(), Some("a pet"));
    let schema: serde_json::Value = serde_json::from_str(model.schema().unwrap()).unwrap();
    assert_eq!(
        schema,
        serde_json::json!({ "type": "object", "required": ["name"] })
    );
    wd.assert_no_changes();

    // The same JSON in another spelling: the plan shows it (Terraform plans what is written),
    // the apply sends nothing, and the next plan is empty.
    wd.write(&config(&name, "a pet", RESPELT));
    wd.apply();
    wd.assert_no_changes();

    let id = wd.attr_str("apigateway_model.pet", "id");
    wd.write(&config(&name, "a list", ARRAY));
    let plan = wd.run(&["plan", "-input=false", "-no-color"]);
    assert!(plan.stdout.contains("updated in-place"), "{}", plan.stdout);
    wd.apply();
    assert_eq!(
        wd.attr_str("apigateway_model.pet", "id"),
        id,
        "changed in place"
    );
    let model = ctx
        .rt
        .block_on(
            ctx.sdk
                .get_model()
                .rest_api_id(&api)
                .model_name("Pet")
                .send(),
        )
        .unwrap();
    assert_eq!(model.description(), Some("a list"));
    assert!(model.schema().unwrap().contains("array"));
    wd.assert_no_changes();

    wd.ok(&["state", "rm", "apigateway_model.pet"]);
    wd.ok(&[
        "import",
        "-input=false",
        "apigateway_model.pet",
        &format!("{api}/Pet"),
    ]);
    wd.assert_no_changes();

    wd.ok(&["destroy", "-auto-approve", "-input=false"]);
    let gone = ctx.rt.block_on(
        ctx.sdk
            .get_model()
            .rest_api_id(&api)
            .model_name("Pet")
            .send(),
    );
    assert!(!found(gone, "the model"));
}
