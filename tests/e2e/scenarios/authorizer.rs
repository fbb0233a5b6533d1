//! Scenarios for `apigateway_authorizer`.

use super::Scenario;
use crate::Ctx;
use crate::harness::found;

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[("authorizer_lifecycle", authorizer_lifecycle)];

const INVOKE_ARN: &str = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:auth/invocations";

fn config(name: &str, body: &str) -> String {
    format!(
        "resource \"apigateway_rest_api\" \"api\" {{\n  name = \"{name}\"\n}}\n\n\
         resource \"apigateway_authorizer\" \"a\" {{\n  rest_api_id = apigateway_rest_api.api.id\n{body}}}\n"
    )
}

/// What AWS would refuse fails at plan; a TOKEN authorizer with the defaults; name, TTL and
/// validation expression changed in place; a method uses it; import; destroy.
fn authorizer_lifecycle(ctx: &Ctx) {
    let name = ctx.name("authorizer");
    let wd = ctx.workdir("authorizer");

    for (body, expected) in [
        ("  name = \"a\"\n", "needs authorizer_uri"),
        (
            "  name = \"a\"\n  type = \"COGNITO_USER_POOLS\"\n",
            "needs provider_arns",
        ),
        (
            &*format!(
                "  name = \"a\"\n  authorizer_uri = \"{INVOKE_ARN}\"\n  authorizer_result_ttl_in_seconds = 4000\n"
            ),
            "from 0 to 3600",
        ),
    ] {
        wd.write(&config(&name, body));
        let r = wd.run(&["plan", "-input=false"]);
        assert_ne!(r.code, 0, "{body}");
        let text = r.all().split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains(expected), "{body}: {text}");
    }

    let token = |auth_name: &str, ttl: u32| {
        format!(
            "  name = \"{auth_name}\"\n  authorizer_uri = \"{INVOKE_ARN}\"\n  authorizer_result_ttl_in_seconds = {ttl}\n"
        )
    };
    wd.write(&config(&name, &token("first", 300)));
    wd.apply();
    let api = wd.attr_str("apigateway_rest_api.api", "id");
    let id = wd.attr_str("apigateway_authorizer.a", "id");
    let get = || {
        ctx.rt
            .block_on(
                ctx.sdk
                    .get_authorizer()
                    .rest_api_id(&api)
                    .authorizer_id(&id)
                    .send(),
            )
            .unwrap()
    };
    let a = get();
    assert_eq!(a.name(), Some("first"));
    assert_eq!(a.r#type().map(|t| t.as_str()), Some("TOKEN"));
    assert_eq!(a.authorizer_uri(), Some(INVOKE_ARN));
    assert_eq!(
        a.identity_source(),
        Some("method.request.header.Authorization")
    );
    assert_eq!(
        wd.attr_str("apigateway_authorizer.a", "arn"),
        format!("arn:aws:apigateway:us-east-1::/restapis/{api}/authorizers/{id}")
    );
    wd.assert_no_changes();

    let method = "\nresource \"apigateway_method\" \"get\" {\n  rest_api_id   = apigateway_rest_api.api.id\n  \
         resource_id   = apigateway_rest_api.api.root_resource_id\n  http_method   = \"GET\"\n  \
         authorization = \"CUSTOM\"\n  authorizer_id = apigateway_authorizer.a.id\n}\n";
    wd.write(&format!("{}{method}", config(&name, &token("renamed", 60))));
    wd.apply();
    assert_eq!(
        wd.attr_str("apigateway_authorizer.a", "id"),
        id,
        "changed in place"
    );
    let a = get();
    assert_eq!(a.name(), Some("renamed"));
    assert_eq!(a.authorizer_result_ttl_in_seconds(), Some(60));
    let m = ctx
        .rt
        .block_on(
            ctx.sdk
                .get_method()
                .rest_api_id(&api)
                .resource_id(wd.attr_str("apigateway_rest_api.api", "root_resource_id"))
                .http_method("GET")
                .send(),
        )
        .unwrap();
    assert_eq!(m.authorizer_id(), Some(id.as_str()));
    wd.assert_no_changes();

    wd.ok(&["state", "rm", "apigateway_authorizer.a"]);
    wd.ok(&[
        "import",
        "-input=false",
        "apigateway_authorizer.a",
        &format!("{api}/{id}"),
    ]);
    wd.assert_no_changes();

    wd.ok(&["destroy", "-auto-approve", "-input=false"]);
    let gone = ctx.rt.block_on(
        ctx.sdk
            .get_authorizer()
            .rest_api_id(&api)
            .authorizer_id(&id)
            .send(),
    );
    assert!(!found(gone, "the authorizer"));
}
