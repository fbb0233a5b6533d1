//! The example modules users copy: each applies, plans clean and destroys.

use super::Scenario;
use crate::Ctx;

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[
    (
        "example_mock_api_applies_plans_clean_and_destroys",
        mock_api,
    ),
    (
        "examples_are_formatted_and_valid",
        examples_are_formatted_and_valid,
    ),
];

/// Every example module: `terraform fmt -check` passes, and `terraform validate` passes with
/// the provider loaded (so attribute names and types match the schema). Resource examples
/// get the provider requirement they leave to the user's own module.
fn examples_are_formatted_and_valid(ctx: &Ctx) {
    let examples = crate::harness::repo().join("examples");
    let wd = ctx.workdir("examples-fmt");
    let fmt = wd.run(&[
        "fmt",
        "-check",
        "-recursive",
        "-diff",
        &examples.display().to_string(),
    ]);
    assert_eq!(fmt.code, 0, "terraform fmt -check failed:\n{}", fmt.all());

    let mut modules = vec![examples.join("mock-api"), examples.join("bench-300")];
    for kind in ["resources", "data-sources"] {
        for entry in std::fs::read_dir(examples.join(kind)).expect("examples/<kind>") {
            modules.push(entry.expect("entry").path());
        }
    }
    let mut checked = 0;
    for module in modules.iter().filter(|m| m.is_dir()) {
        let name = module
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let wd = ctx.workdir(&format!("validate-{name}"));
        let mut has_provider_block = false;
        for entry in std::fs::read_dir(module).expect("module dir") {
            let path = entry.expect("entry").path();
            // The configuration and the files it reads (an OpenAPI body).
            if path.extension().is_some_and(|e| e != "sh") {
                let text = std::fs::read_to_string(&path).expect("read example");
                has_provider_block |= text.contains("required_providers");
                std::fs::write(wd.dir.join(path.file_name().expect("file name")), text)
                    .expect("copy example");
            }
        }
        if !has_provider_block {
            std::fs::write(
                wd.dir.join("provider.tf"),
                "terraform {\n  required_providers {\n    apigateway = { source = \"seed/apigateway\" }\n  }\n}\n",
            )
            .expect("write provider.tf");
        }
        let r = wd.run(&["validate"]);
        assert_eq!(
            r.code,
            0,
            "terraform validate failed for examples/{name}:\n{}",
            r.all()
        );
        let import = module.join("import.sh");
        if import.exists() {
            let text = std::fs::read_to_string(&import).expect("import.sh");
            assert!(
                text.contains("terraform import apigateway_"),
                "examples/{name}/import.sh shows the import command"
            );
        }
        checked += 1;
    }
    assert!(checked >= 9, "all example modules were found ({checked})");
}

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

    // The stage serves every method: each URL of the `local_urls` output answers 2xx with the
    // mock's body and the CORS header.
    let out = wd.ok(&["output", "-json", "local_urls"]);
    let urls: serde_json::Value = serde_json::from_str(&out.stdout).expect("local_urls is JSON");
    let urls = urls.as_object().expect("local_urls is a map");
    assert_eq!(urls.len(), 4, "{urls:?}");
    for (method, url) in urls {
        let url = url.as_str().expect("a URL");
        assert!(
            url.starts_with(&format!(
                "{}/restapis/{api}/v1/_user_request_/",
                ctx.endpoint
            )),
            "{url}"
        );
        if !method.starts_with("GET ") {
            continue; // the harness's client sends GETs; the demo calls every verb with curl
        }
        let (status, headers, body) = crate::harness::http_get(url);
        assert_eq!(status, 200, "{method}: {body}");
        assert!(
            headers
                .iter()
                .any(|(k, v)| k == "access-control-allow-origin" && v == "*"),
            "{method}: {headers:?}"
        );
        assert!(body.contains("Rex"), "{method}: {body}");
    }
    let settings = ctx
        .rt
        .block_on(
            ctx.sdk
                .get_stage()
                .rest_api_id(&api)
                .stage_name("v1")
                .send(),
        )
        .unwrap();
    let all = settings
        .method_settings()
        .and_then(|m| m.get("*/*"))
        .expect("*/* settings");
    assert!(all.metrics_enabled());
    assert_eq!(all.throttling_burst_limit(), 100);

    let (code, plan) = {
        let args = with(&["plan", "-detailed-exitcode", "-input=false"]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = wd.run(&args);
        (r.code, r)
    };
    assert_eq!(code, 0, "second plan must be clean:\n{}", plan.stdout);

    run(&["destroy", "-auto-approve", "-input=false"]);
    assert!(
        !crate::harness::found(
            ctx.rt
                .block_on(ctx.sdk.get_rest_api().rest_api_id(&api).send()),
            "the REST API"
        ),
        "API deleted"
    );
}
