//! Scenarios for `apigateway_method_response`.
//!
//! The REST API and resource are made with HCL; the methods the responses belong to are made
//! with SDK calls after the first apply, so these scenarios do not depend on
//! `apigateway_method`.

use std::collections::HashMap;

use aws_sdk_apigateway::operation::get_method_response::GetMethodResponseOutput;
use aws_sdk_apigateway::types::{Op, PatchOperation};

use super::Scenario;
use crate::Ctx;
use crate::harness::Workdir;

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[
    ("method_response_lifecycle", method_response_lifecycle),
    (
        "method_response_identity_changes_replace",
        method_response_identity_changes_replace,
    ),
    (
        "method_response_parallel_writes_on_one_api",
        method_response_parallel_writes,
    ),
    (
        "method_response_invalid_config_fails_at_plan",
        method_response_invalid_config,
    ),
];

const IMPORT_FORMAT: &str = "REST-API-ID/RESOURCE-ID/HTTP-METHOD/STATUS-CODE";

/// The REST API and the `/items` resource.
fn base(name: &str) -> String {
    format!(
        "resource \"apigateway_rest_api\" \"api\" {{\n  name = \"{name}\"\n}}\n\n\
         resource \"apigateway_resource\" \"r\" {{\n  rest_api_id = apigateway_rest_api.api.id\n  parent_id   = apigateway_rest_api.api.root_resource_id\n  path_part   = \"items\"\n}}\n"
    )
}

/// A method response block; `extra` holds the optional attributes.
fn response(label: &str, method: &str, code: &str, extra: &str) -> String {
    format!(
        "\nresource \"apigateway_method_response\" \"{label}\" {{\n  rest_api_id = apigateway_rest_api.api.id\n  resource_id = apigateway_resource.r.id\n  http_method = \"{method}\"\n  status_code = \"{code}\"\n{extra}}}\n"
    )
}

/// Applies the base configuration and makes `methods` on the resource with the SDK.
/// Returns the REST API and resource ids.
fn setup(ctx: &Ctx, wd: &Workdir, name: &str, methods: &[&str]) -> (String, String) {
    wd.write(&base(name));
    wd.apply();
    let api = wd.attr_str("apigateway_rest_api.api", "id");
    let res = wd.attr_str("apigateway_resource.r", "id");
    for method in methods {
        ctx.rt
            .block_on(
                ctx.sdk
                    .put_method()
                    .rest_api_id(&api)
                    .resource_id(&res)
                    .http_method(*method)
                    .authorization_type("NONE")
                    .send(),
            )
            .unwrap();
    }
    (api, res)
}

/// The method response in the emulator, or `None` when it does not exist.
fn get(
    ctx: &Ctx,
    api: &str,
    res: &str,
    method: &str,
    code: &str,
) -> Option<GetMethodResponseOutput> {
    match ctx.rt.block_on(
        ctx.sdk
            .get_method_response()
            .rest_api_id(api)
            .resource_id(res)
            .http_method(method)
            .status_code(code)
            .send(),
    ) {
        Ok(out) => Some(out),
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_not_found_exception()) =>
        {
            None
        }
        Err(e) => panic!("GetMethodResponse failed: {e:?}"),
    }
}

/// The status codes of the method's responses in the emulator.
fn response_codes(ctx: &Ctx, api: &str, res: &str, method: &str) -> Vec<String> {
    let out = ctx
        .rt
        .block_on(
            ctx.sdk
                .get_method()
                .rest_api_id(api)
                .resource_id(res)
                .http_method(method)
                .send(),
        )
        .unwrap();
    let mut codes: Vec<String> = out
        .method_responses()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    codes.sort();
    codes
}

fn models(out: &GetMethodResponseOutput) -> HashMap<String, String> {
    out.response_models().cloned().unwrap_or_default()
}

fn params(out: &GetMethodResponseOutput) -> HashMap<String, bool> {
    out.response_parameters().cloned().unwrap_or_default()
}

fn strings(entries: &[(&str, &str)]) -> HashMap<String, String> {
    entries
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn bools(entries: &[(&str, bool)]) -> HashMap<String, bool> {
    entries.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

const ADDR: &str = "apigateway_method_response.ok";

/// Create, clean second plan, in-place update of both maps, out-of-band change and deletion,
/// import (and a malformed import ID), destroy.
fn method_response_lifecycle(ctx: &Ctx) {
    let name = ctx.name("mr-lifecycle");
    let wd = ctx.workdir("mr-lifecycle");
    let (api, res) = setup(ctx, &wd, &name, &["GET"]);

    // (1) Create.
    let v1 = "  response_models = {\n    \"application/json\" = \"Empty\"\n  }\n  response_parameters = {\n    \"method.response.header.X-Request-Id\"                = true\n    \"method.response.header.Access-Control-Allow-Origin\" = false\n  }\n";
    wd.write(&format!(
        "{}{}",
        base(&name),
        response("ok", "GET", "200", v1)
    ));
    wd.apply();
    assert_eq!(wd.attr_str(ADDR, "id"), format!("agmr-{api}-{res}-GET-200"));
    let mr = get(ctx, &api, &res, "GET", "200").expect("created in the emulator");
    assert_eq!(mr.status_code(), Some("200"));
    assert_eq!(models(&mr), strings(&[("application/json", "Empty")]));
    assert_eq!(
        params(&mr),
        bools(&[
            ("method.response.header.X-Request-Id", true),
            ("method.response.header.Access-Control-Allow-Origin", false),
        ])
    );
    // (2) Nothing to do on a second plan.
    wd.assert_no_changes();

    // (3) Every updatable attribute in place: a model replaced and one added, a header
    // flipped, one removed and one added.
    let v2 = "  response_models = {\n    \"application/json\" = \"Error\"\n    \"text/plain\"       = \"Empty\"\n  }\n  response_parameters = {\n    \"method.response.header.X-Request-Id\" = false\n    \"method.response.header.X-Trace\"      = true\n  }\n";
    let config_v2 = format!("{}{}", base(&name), response("ok", "GET", "200", v2));
    wd.write(&config_v2);
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(
        plan.stdout.contains("will be updated in-place"),
        "{}",
        plan.stdout
    );
    assert!(!plan.stdout.contains("must be replaced"), "{}", plan.stdout);
    wd.apply();
    let want_models = strings(&[("application/json", "Error"), ("text/plain", "Empty")]);
    let want_params = bools(&[
        ("method.response.header.X-Request-Id", false),
        ("method.response.header.X-Trace", true),
    ]);
    let mr = get(ctx, &api, &res, "GET", "200").unwrap();
    assert_eq!(models(&mr), want_models);
    assert_eq!(params(&mr), want_params);
    wd.assert_no_changes();

    // (5) Changed behind Terraform's back: the plan shows it and apply restores it.
    ctx.rt
        .block_on(
            ctx.sdk
                .update_method_response()
                .rest_api_id(&api)
                .resource_id(&res)
                .http_method("GET")
                .status_code("200")
                .patch_operations(
                    PatchOperation::builder()
                        .op(Op::Replace)
                        .path("/responseParameters/method.response.header.X-Trace")
                        .value("false")
                        .build(),
                )
                .patch_operations(
                    PatchOperation::builder()
                        .op(Op::Remove)
                        .path("/responseModels/text~1plain")
                        .build(),
                )
                .send(),
        )
        .unwrap();
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2, "drift is detected");
    assert!(
        plan.stdout.contains("will be updated in-place")
            && plan.stdout.contains("method.response.header.X-Trace")
            && plan.stdout.contains("text/plain"),
        "{}",
        plan.stdout
    );
    wd.apply();
    let mr = get(ctx, &api, &res, "GET", "200").unwrap();
    assert_eq!(models(&mr), want_models);
    assert_eq!(params(&mr), want_params);
    wd.assert_no_changes();

    // (6) Deleted behind Terraform's back: the plan recreates it.
    ctx.rt
        .block_on(
            ctx.sdk
                .delete_method_response()
                .rest_api_id(&api)
                .resource_id(&res)
                .http_method("GET")
                .status_code("200")
                .send(),
        )
        .unwrap();
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(plan.stdout.contains("will be created"), "{}", plan.stdout);
    wd.apply();
    let mr = get(ctx, &api, &res, "GET", "200").expect("recreated");
    assert_eq!(models(&mr), want_models);
    assert_eq!(params(&mr), want_params);
    wd.assert_no_changes();

    // (7) Forgotten, then imported with the official ID format.
    wd.ok(&["state", "rm", ADDR]);
    for bad in [
        format!("{api}/{res}/GET"),
        format!("agmr-{api}-{res}-GET-200"),
        format!("{api}/{res}/get/200"),
    ] {
        let r = wd.run(&["import", "-input=false", ADDR, &bad]);
        assert_ne!(r.code, 0, "import of {bad:?} must fail");
        assert!(r.all().contains(IMPORT_FORMAT), "{}", r.all());
    }
    let r = wd.run(&[
        "import",
        "-input=false",
        ADDR,
        &format!("{api}/{res}/GET/404"),
    ]);
    assert_ne!(
        r.code, 0,
        "a response that does not exist cannot be imported"
    );
    wd.ok(&[
        "import",
        "-input=false",
        ADDR,
        &format!("{api}/{res}/GET/200"),
    ]);
    assert_eq!(wd.attr_str(ADDR, "id"), format!("agmr-{api}-{res}-GET-200"));
    wd.assert_no_changes();

    // (8) Destroy: gone from the emulator.
    wd.write(&base(&name));
    wd.apply();
    assert!(get(ctx, &api, &res, "GET", "200").is_none(), "deleted");
    assert!(response_codes(ctx, &api, &res, "GET").is_empty());
    wd.ok(&["destroy", "-auto-approve"]);
}

/// (4) A new status code or HTTP method replaces the response: the new one exists, the old one
/// is gone. Empty maps written as `{}` stay stable.
fn method_response_identity_changes_replace(ctx: &Ctx) {
    let name = ctx.name("mr-replace");
    let wd = ctx.workdir("mr-replace");
    let (api, res) = setup(ctx, &wd, &name, &["GET", "POST"]);
    let empty = "  response_models     = {}\n  response_parameters = {}\n";
    let config = |method: &str, code: &str| {
        format!("{}{}", base(&name), response("ok", method, code, empty))
    };

    wd.write(&config("GET", "200"));
    wd.apply();
    assert!(get(ctx, &api, &res, "GET", "200").is_some());
    assert_eq!(wd.attr(ADDR, "response_models"), serde_json::json!({}));
    assert_eq!(wd.attr(ADDR, "response_parameters"), serde_json::json!({}));
    wd.assert_no_changes();

    wd.write(&config("GET", "201"));
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(plan.stdout.contains("must be replaced"), "{}", plan.stdout);
    assert!(
        plan.stdout.contains(&format!("agmr-{api}-{res}-GET-201")),
        "the new id is known at plan time:\n{}",
        plan.stdout
    );
    wd.apply();
    assert_eq!(wd.attr_str(ADDR, "id"), format!("agmr-{api}-{res}-GET-201"));
    assert!(get(ctx, &api, &res, "GET", "201").is_some(), "new one made");
    assert!(get(ctx, &api, &res, "GET", "200").is_none(), "old one gone");
    wd.assert_no_changes();

    wd.write(&config("POST", "201"));
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(plan.stdout.contains("must be replaced"), "{}", plan.stdout);
    wd.apply();
    assert!(
        get(ctx, &api, &res, "POST", "201").is_some(),
        "new one made"
    );
    assert!(get(ctx, &api, &res, "GET", "201").is_none(), "old one gone");
    assert!(response_codes(ctx, &api, &res, "GET").is_empty());
    wd.assert_no_changes();

    wd.ok(&["destroy", "-auto-approve"]);
    assert!(
        !crate::harness::found(
            ctx.rt
                .block_on(ctx.sdk.get_rest_api().rest_api_id(&api).send()),
            "the REST API"
        ),
        "the REST API is destroyed"
    );
}

const CODES: &[&str] = &["200", "201", "202", "204", "400", "401", "404", "500"];

/// Eight responses of one method created, updated and deleted with -parallelism=10: the
/// per-API write lock keeps AWS from answering "concurrent modification".
fn method_response_parallel_writes(ctx: &Ctx) {
    let name = ctx.name("mr-parallel");
    let wd = ctx.workdir("mr-parallel");
    let (api, res) = setup(ctx, &wd, &name, &["GET"]);
    let apply = |wd: &Workdir| {
        wd.ok(&["apply", "-auto-approve", "-input=false", "-parallelism=10"]);
    };
    // A mix of spellings: `{}`, unset, and values.
    let config = |header: &str| {
        let mut text = base(&name);
        for (i, code) in CODES.iter().enumerate() {
            let extra = match i % 3 {
                0 => format!(
                    "  response_models     = {{}}\n  response_parameters = {{\n    \"method.response.header.{header}\" = true\n  }}\n"
                ),
                1 => format!(
                    "  response_parameters = {{\n    \"method.response.header.{header}\" = false\n  }}\n"
                ),
                _ => format!(
                    "  response_models = {{\n    \"application/json\" = \"Error\"\n  }}\n  response_parameters = {{\n    \"method.response.header.{header}\" = true\n  }}\n"
                ),
            };
            text.push_str(&response(&format!("r{code}"), "GET", code, &extra));
        }
        text
    };

    wd.write(&config("X-One"));
    apply(&wd);
    assert_eq!(response_codes(ctx, &api, &res, "GET"), CODES);
    for code in CODES {
        let mr = get(ctx, &api, &res, "GET", code).unwrap();
        assert_eq!(
            params(&mr).keys().cloned().collect::<Vec<_>>(),
            ["method.response.header.X-One"],
            "{code}"
        );
    }
    wd.assert_no_changes();

    wd.write(&config("X-Two"));
    apply(&wd);
    for code in CODES {
        let mr = get(ctx, &api, &res, "GET", code).unwrap();
        assert_eq!(
            params(&mr).keys().cloned().collect::<Vec<_>>(),
            ["method.response.header.X-Two"],
            "{code}"
        );
    }
    wd.assert_no_changes();

    wd.write(&base(&name));
    apply(&wd);
    assert!(response_codes(ctx, &api, &res, "GET").is_empty());
    wd.ok(&["destroy", "-auto-approve"]);
}

/// (9) Invalid configurations fail at plan naming the attribute, and create nothing.
fn method_response_invalid_config(ctx: &Ctx) {
    let name = ctx.name("mr-invalid");
    let wd = ctx.workdir("mr-invalid");
    let (api, res) = setup(ctx, &wd, &name, &["GET"]);
    let cases: &[(&str, &str, &str, &str, &str)] = &[
        // (http_method, status_code, extra attributes, attribute named, words in the error)
        ("GET", "600", "", "status_code", "[1-5]"),
        ("GET", "20", "", "status_code", "three-digit"),
        ("GET", "2x0", "", "status_code", "three-digit"),
        ("get", "200", "", "http_method", "`GET`"),
        ("FETCH", "200", "", "http_method", "`OPTIONS`"),
        (
            "GET",
            "200",
            "  response_models = {\n    \"json\" = \"Empty\"\n  }\n",
            "response_models",
            "type/subtype",
        ),
        (
            "GET",
            "200",
            "  response_models = {\n    \"application/json\" = \"My-Model\"\n  }\n",
            "response_models",
            "digits",
        ),
        (
            "GET",
            "200",
            "  response_parameters = {\n    \"method.response.querystring.page\" = true\n  }\n",
            "response_parameters",
            "method.response.header.NAME",
        ),
        (
            "GET",
            "200",
            "  response_parameters = {\n    \"X-Header\" = true\n  }\n",
            "response_parameters",
            "method.response.header.NAME",
        ),
    ];
    for (method, code, extra, attr, words) in cases {
        wd.write(&format!(
            "{}{}",
            base(&name),
            response("bad", method, code, extra)
        ));
        let r = wd.run(&["plan", "-input=false"]);
        assert_ne!(r.code, 0, "{method} {code} {extra} must fail at plan");
        assert!(
            r.stderr.contains(attr) && r.stderr.contains(words),
            "{attr} / {words}:\n{}",
            r.stderr
        );
        crate::harness::assert_clean_exit(&r);
    }
    let r = wd.run(&["apply", "-auto-approve", "-input=false"]);
    assert_ne!(r.code, 0);
    assert!(
        response_codes(ctx, &api, &res, "GET").is_empty(),
        "nothing was created"
    );
    wd.write(&base(&name));
    wd.ok(&["destroy", "-auto-approve"]);
}
