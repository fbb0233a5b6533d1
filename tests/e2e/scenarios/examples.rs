//! The example modules users copy: each applies, plans clean and destroys.

use super::Scenario;
use crate::Ctx;

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[(
    "example_mock_api_applies_plans_clean_and_destroys",
    mock_api,
)];

fn mock_api(ctx: &Ctx) {
    let wd = ctx.workdir("mock-api");
    wd.copy_example("mock-api");
    let name = ctx.name("mock-api");
    let mut vars = wd.example_vars();
    vars.extend(["-var".to_owned(), format!("name={name}")]);
    let with = |cmd: &[&str]| -> Vec<String> {
        cmd.iter()
            .map(|s| (*s).to_owned())
            .chain(vars.iter().cloned())
            .collect()
    };
    let run = |cmd: &[&str]| {
        let args = with(cmd);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        wd.ok(&args)
    };

    wd.ok(&["validate"]);
    run(&["apply", "-auto-approve", "-input=false"]);
    let api = wd.attr_str("apigateway_rest_api.api", "id");

    // The emulator holds every method with its integration and responses.
    let resources = ctx
        .rt
        .block_on(
            ctx.sdk
                .get_resources()
                .rest_api_id(&api)
                .embed("methods")
                .send(),
        )
        .unwrap();
    let mut seen = Vec::new();
    for r in resources.items() {
        for (verb, m) in r.resource_methods().into_iter().flatten() {
            let path = r.path().unwrap_or_default();
            seen.push(format!("{verb} {path}"));
            let integration = m
                .method_integration()
                .unwrap_or_else(|| panic!("{verb} {path} has no integration"));
            assert_eq!(integration.r#type().map(|t| t.as_str()), Some("MOCK"));
            assert!(
                !m.method_responses()
                    .unwrap_or(&Default::default())
                    .is_empty(),
                "{verb} {path} has no method response"
            );
            assert!(
                !integration
                    .integration_responses()
                    .unwrap_or(&Default::default())
                    .is_empty(),
                "{verb} {path} has no integration response"
            );
        }
    }
    seen.sort();
    assert_eq!(
        seen,
        [
            "GET /pets",
            "GET /pets/{petId}",
            "OPTIONS /pets",
            "POST /pets"
        ]
    );
    let gr = ctx
        .rt
        .block_on(
            ctx.sdk
                .get_gateway_response()
                .rest_api_id(&api)
                .response_type("DEFAULT_4XX".into())
                .send(),
        )
        .unwrap();
    assert!(!gr.default_response(), "DEFAULT_4XX is customised");

    let (code, plan) = {
        let args = with(&["plan", "-detailed-exitcode", "-input=false"]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = wd.run(&args);
        (r.code, r)
    };
    assert_eq!(code, 0, "second plan must be clean:\n{}", plan.stdout);

    run(&["destroy", "-auto-approve", "-input=false"]);
    assert!(
        ctx.rt
            .block_on(ctx.sdk.get_rest_api().rest_api_id(&api).send())
            .is_err(),
        "API deleted"
    );
}
