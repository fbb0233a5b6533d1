//! Scenarios for `apigateway_method`.
//!
//! Each scenario makes its REST API, resources, authorizers and request validators with SDK
//! calls (there are no Terraform resources for authorizers and validators here), so the
//! configurations hold only `apigateway_method` blocks with literal ids.

use aws_sdk_apigateway::operation::get_method::GetMethodOutput;
use aws_sdk_apigateway::types::{IntegrationType, Op, PatchOperation};

use super::Scenario;
use crate::Ctx;

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[
    ("method_lifecycle_updates_in_place", method_lifecycle),
    (
        "method_drift_import_and_replacement",
        method_drift_import_and_replacement,
    ),
    (
        "method_invalid_config_fails_at_plan",
        method_invalid_config_fails_at_plan,
    ),
];

const ADDRESS: &str = "apigateway_method.m";
const IMPORT_FORMAT: &str = "REST-API-ID/RESOURCE-ID/HTTP-METHOD";
/// A Lambda invocation URI for the TOKEN authorizer; nothing ever invokes it.
const DUMMY_LAMBDA_URI: &str = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:authorizer/invocations";
const DUMMY_USER_POOL: &str = "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_e2e";

/// What a scenario's methods point at, made with SDK calls.
struct Fixture {
    api: String,
    /// `/items`
    res: String,
    /// `/other`, for moving a method to another resource
    res2: String,
    /// A TOKEN (Lambda) authorizer, for `CUSTOM`.
    token_auth: String,
    /// A Cognito user pool authorizer, for `COGNITO_USER_POOLS`.
    pool_auth: String,
    validator1: String,
    validator2: String,
}

impl Fixture {
    fn new(ctx: &Ctx, name: &str) -> Self {
        let rt = &ctx.rt;
        let sdk = &ctx.sdk;
        let api = rt
            .block_on(sdk.create_rest_api().name(name).send())
            .unwrap()
            .id()
            .unwrap()
            .to_owned();
        let root = rt
            .block_on(sdk.get_resources().rest_api_id(&api).send())
            .unwrap()
            .items()
            .iter()
            .find(|r| r.path() == Some("/"))
            .and_then(|r| r.id())
            .unwrap()
            .to_owned();
        let resource = |part: &str| {
            rt.block_on(
                sdk.create_resource()
                    .rest_api_id(&api)
                    .parent_id(&root)
                    .path_part(part)
                    .send(),
            )
            .unwrap()
            .id()
            .unwrap()
            .to_owned()
        };
        let (res, res2) = (resource("items"), resource("other"));
        let token_auth = rt
            .block_on(
                sdk.create_authorizer()
                    .rest_api_id(&api)
                    .name("token")
                    .r#type(aws_sdk_apigateway::types::AuthorizerType::Token)
                    .identity_source("method.request.header.Authorization")
                    .authorizer_uri(DUMMY_LAMBDA_URI)
                    .send(),
            )
            .unwrap()
            .id()
            .unwrap()
            .to_owned();
        let pool_auth = rt
            .block_on(
                sdk.create_authorizer()
                    .rest_api_id(&api)
                    .name("pool")
                    .r#type(aws_sdk_apigateway::types::AuthorizerType::CognitoUserPools)
                    .identity_source("method.request.header.Authorization")
                    .provider_arns(DUMMY_USER_POOL)
                    .send(),
            )
            .unwrap()
            .id()
            .unwrap()
            .to_owned();
        let validator = |name: &str, body: bool| {
            rt.block_on(
                sdk.create_request_validator()
                    .rest_api_id(&api)
                    .name(name)
                    .validate_request_body(body)
                    .validate_request_parameters(true)
                    .send(),
            )
            .unwrap()
            .id()
            .unwrap()
            .to_owned()
        };
        let (validator1, validator2) = (validator("params", false), validator("all", true));
        Self {
            api,
            res,
            res2,
            token_auth,
            pool_auth,
            validator1,
            validator2,
        }
    }

    /// `apigateway_method.m` on `res` with verb `verb`; `body` holds the other attributes.
    fn config(&self, res: &str, verb: &str, body: &str) -> String {
        format!(
            "resource \"apigateway_method\" \"m\" {{\n  rest_api_id = \"{}\"\n  resource_id = \"{res}\"\n  http_method = \"{verb}\"\n{body}}}\n",
            self.api
        )
    }

    /// The method in the emulator, or `None` when it does not exist.
    fn get(&self, ctx: &Ctx, res: &str, verb: &str) -> Option<GetMethodOutput> {
        match ctx.rt.block_on(
            ctx.sdk
                .get_method()
                .rest_api_id(&self.api)
                .resource_id(res)
                .http_method(verb)
                .send(),
        ) {
            Ok(out) => Some(out),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_not_found_exception()) =>
            {
                None
            }
            Err(e) => panic!("GetMethod failed: {e:?}"),
        }
    }

    fn import_id(&self, res: &str, verb: &str) -> String {
        format!("{}/{res}/{verb}", self.api)
    }

    fn state_id(&self, res: &str, verb: &str) -> String {
        format!("agm-{}-{res}-{verb}", self.api)
    }

    fn delete(&self, ctx: &Ctx) {
        ctx.rt
            .block_on(ctx.sdk.delete_rest_api().rest_api_id(&self.api).send())
            .unwrap();
    }
}

fn sorted(items: &[String]) -> Vec<String> {
    let mut v = items.to_vec();
    v.sort();
    v
}

fn plan_is_in_place_update(wd: &crate::harness::Workdir) {
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2, "{}", plan.stdout);
    assert!(
        plan.stdout.contains("will be updated in-place"),
        "{}",
        plan.stdout
    );
    assert!(!plan.stdout.contains("must be replaced"), "{}", plan.stdout);
}

/// Create, a clean second plan, then every updatable attribute changed in place over three
/// applies (authorization type and authorizer, scopes added and all removed, API key,
/// operation name, validator, models and parameters added, replaced and removed), each
/// checked in the emulator, while an integration attached to the method survives every update.
/// Ends with empty collections (`{}`, `[]`) planning cleanly, and destroy.
fn method_lifecycle(ctx: &Ctx) {
    let name = ctx.name("method-life");
    let wd = ctx.workdir("method-life");
    let fx = Fixture::new(ctx, &name);

    // 1. Create with a Cognito authorizer and one scope.
    wd.write(&fx.config(
        &fx.res,
        "GET",
        &format!(
            "  authorization        = \"COGNITO_USER_POOLS\"\n  authorizer_id        = \"{}\"\n  authorization_scopes = [\"pets/read\"]\n  operation_name       = \"ListPets\"\n  request_validator_id = \"{}\"\n  request_models = {{\n    \"application/json\" = \"Empty\"\n  }}\n  request_parameters = {{\n    \"method.request.querystring.page\" = true\n  }}\n",
            fx.pool_auth, fx.validator1
        ),
    ));
    wd.ok(&["validate"]);
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(
        plan.stdout.contains(&fx.state_id(&fx.res, "GET")),
        "the id is known at plan time:\n{}",
        plan.stdout
    );
    wd.apply();
    assert_eq!(wd.attr_str(ADDRESS, "id"), fx.state_id(&fx.res, "GET"));
    assert_eq!(wd.attr(ADDRESS, "api_key_required"), false);
    let m = fx.get(ctx, &fx.res, "GET").expect("created");
    assert_eq!(m.authorization_type(), Some("COGNITO_USER_POOLS"));
    assert_eq!(m.authorizer_id(), Some(fx.pool_auth.as_str()));
    assert_eq!(m.authorization_scopes(), ["pets/read"]);
    assert_eq!(m.api_key_required(), Some(false));
    assert_eq!(m.operation_name(), Some("ListPets"));
    assert_eq!(m.request_validator_id(), Some(fx.validator1.as_str()));
    assert_eq!(m.request_models().unwrap()["application/json"], "Empty");
    assert_eq!(m.request_parameters().unwrap().len(), 1);
    assert!(m.request_parameters().unwrap()["method.request.querystring.page"]);
    wd.assert_no_changes();

    // An integration on the method (made outside this resource) must survive every update:
    // updates are UpdateMethod patches, never a second PutMethod.
    ctx.rt
        .block_on(
            ctx.sdk
                .put_integration()
                .rest_api_id(&fx.api)
                .resource_id(&fx.res)
                .http_method("GET")
                .r#type(IntegrationType::Mock)
                .send(),
        )
        .unwrap();
    let integration_survives = || {
        let m = fx.get(ctx, &fx.res, "GET").expect("method exists");
        assert_eq!(
            m.method_integration().and_then(|i| i.r#type()),
            Some(&IntegrationType::Mock),
            "the integration survived the update"
        );
    };

    // 2. Add a scope; change the API key flag, operation name, validator; replace and add
    //    models and parameters.
    wd.write(&fx.config(
        &fx.res,
        "GET",
        &format!(
            "  authorization        = \"COGNITO_USER_POOLS\"\n  authorizer_id        = \"{}\"\n  authorization_scopes = [\"pets/read\", \"pets/write\"]\n  api_key_required     = true\n  operation_name       = \"GetPets\"\n  request_validator_id = \"{}\"\n  request_models = {{\n    \"application/json\" = \"Error\"\n    \"text/plain\"       = \"Empty\"\n  }}\n  request_parameters = {{\n    \"method.request.querystring.page\" = false\n    \"method.request.header.X-Trace\"   = true\n  }}\n",
            fx.pool_auth, fx.validator2
        ),
    ));
    plan_is_in_place_update(&wd);
    wd.apply();
    assert_eq!(wd.attr_str(ADDRESS, "id"), fx.state_id(&fx.res, "GET"));
    let m = fx.get(ctx, &fx.res, "GET").unwrap();
    assert_eq!(
        sorted(m.authorization_scopes()),
        ["pets/read", "pets/write"]
    );
    assert_eq!(m.api_key_required(), Some(true));
    assert_eq!(m.operation_name(), Some("GetPets"));
    assert_eq!(m.request_validator_id(), Some(fx.validator2.as_str()));
    let models = m.request_models().unwrap();
    assert_eq!(models.len(), 2);
    assert_eq!(models["application/json"], "Error");
    assert_eq!(models["text/plain"], "Empty");
    let params = m.request_parameters().unwrap();
    assert_eq!(params.len(), 2);
    assert!(!params["method.request.querystring.page"]);
    assert!(params["method.request.header.X-Trace"]);
    integration_survives();
    wd.assert_no_changes();

    // 3. Switch to a Lambda authorizer (the scopes go), drop one model and one parameter.
    wd.write(&fx.config(
        &fx.res,
        "GET",
        &format!(
            "  authorization        = \"CUSTOM\"\n  authorizer_id        = \"{}\"\n  api_key_required     = true\n  operation_name       = \"GetPets\"\n  request_validator_id = \"{}\"\n  request_models = {{\n    \"application/json\" = \"Error\"\n  }}\n  request_parameters = {{\n    \"method.request.header.X-Trace\" = true\n  }}\n",
            fx.token_auth, fx.validator2
        ),
    ));
    plan_is_in_place_update(&wd);
    wd.apply();
    let m = fx.get(ctx, &fx.res, "GET").unwrap();
    assert_eq!(m.authorization_type(), Some("CUSTOM"));
    assert_eq!(m.authorizer_id(), Some(fx.token_auth.as_str()));
    assert!(m.authorization_scopes().is_empty());
    assert_eq!(m.request_models().unwrap().len(), 1);
    assert_eq!(
        m.request_parameters().unwrap().keys().collect::<Vec<_>>(),
        ["method.request.header.X-Trace"]
    );
    assert!(wd.attr(ADDRESS, "authorization_scopes").is_null());
    integration_survives();
    wd.assert_no_changes();

    // 4. Open it up and clear everything, writing the empty collections explicitly.
    wd.write(&fx.config(
        &fx.res,
        "GET",
        "  authorization        = \"NONE\"\n  authorization_scopes = []\n  request_models       = {}\n  request_parameters   = {}\n",
    ));
    plan_is_in_place_update(&wd);
    wd.apply();
    let m = fx.get(ctx, &fx.res, "GET").unwrap();
    assert_eq!(m.authorization_type(), Some("NONE"));
    assert!(m.authorizer_id().is_none_or(str::is_empty), "{m:?}");
    assert_eq!(m.api_key_required(), Some(false));
    assert!(m.operation_name().is_none_or(str::is_empty), "{m:?}");
    assert!(m.request_validator_id().is_none_or(str::is_empty), "{m:?}");
    assert!(m.request_models().is_none_or(|r| r.is_empty()), "{m:?}");
    assert!(m.request_parameters().is_none_or(|r| r.is_empty()), "{m:?}");
    assert_eq!(wd.attr(ADDRESS, "request_models"), serde_json::json!({}));
    assert_eq!(
        wd.attr(ADDRESS, "authorization_scopes"),
        serde_json::json!([])
    );
    assert!(wd.attr(ADDRESS, "authorizer_id").is_null());
    integration_survives();
    wd.assert_no_changes();

    wd.ok(&["destroy", "-auto-approve"]);
    assert!(fx.get(ctx, &fx.res, "GET").is_none(), "destroyed");
    fx.delete(ctx);
}

/// Out-of-band change and deletion, `state rm` + import (and a malformed import ID), and
/// replacement when the verb or the resource changes.
fn method_drift_import_and_replacement(ctx: &Ctx) {
    let name = ctx.name("method-drift");
    let wd = ctx.workdir("method-drift");
    let fx = Fixture::new(ctx, &name);
    let body = "  authorization  = \"AWS_IAM\"\n  operation_name = \"ListItems\"\n  request_parameters = {\n    \"method.request.querystring.page\" = true\n  }\n";
    wd.write(&fx.config(&fx.res, "GET", body));
    wd.apply();
    assert!(fx.get(ctx, &fx.res, "GET").is_some());
    wd.assert_no_changes();

    // Drift: changed behind Terraform's back; the plan shows it and apply restores it.
    ctx.rt
        .block_on(
            ctx.sdk
                .update_method()
                .rest_api_id(&fx.api)
                .resource_id(&fx.res)
                .http_method("GET")
                .patch_operations(
                    PatchOperation::builder()
                        .op(Op::Replace)
                        .path("/operationName")
                        .value("DriftedName")
                        .build(),
                )
                .patch_operations(
                    PatchOperation::builder()
                        .op(Op::Add)
                        .path("/requestParameters/method.request.header.X-Sneaky")
                        .value("true")
                        .build(),
                )
                .send(),
        )
        .unwrap();
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2, "drift is detected");
    assert!(plan.stdout.contains("DriftedName"), "{}", plan.stdout);
    assert!(plan.stdout.contains("X-Sneaky"), "{}", plan.stdout);
    assert!(
        plan.stdout.contains("will be updated in-place"),
        "{}",
        plan.stdout
    );
    wd.apply();
    let m = fx.get(ctx, &fx.res, "GET").unwrap();
    assert_eq!(m.operation_name(), Some("ListItems"));
    assert_eq!(
        m.request_parameters().unwrap().keys().collect::<Vec<_>>(),
        ["method.request.querystring.page"]
    );
    wd.assert_no_changes();

    // Import after forgetting it; a malformed ID explains the format.
    wd.ok(&["state", "rm", ADDRESS]);
    let bad = wd.run(&["import", ADDRESS, &fx.state_id(&fx.res, "GET")]);
    assert_ne!(bad.code, 0);
    assert!(bad.all().contains(IMPORT_FORMAT), "{}", bad.all());
    let bad = wd.run(&["import", ADDRESS, &fx.import_id(&fx.res, "FETCH")]);
    assert_ne!(bad.code, 0);
    assert!(bad.all().contains("not an HTTP method"), "{}", bad.all());
    wd.ok(&["import", ADDRESS, &fx.import_id(&fx.res, "GET")]);
    assert_eq!(wd.attr_str(ADDRESS, "id"), fx.state_id(&fx.res, "GET"));
    assert_eq!(wd.attr_str(ADDRESS, "operation_name"), "ListItems");
    wd.assert_no_changes();

    // Deleted behind Terraform's back: the plan recreates it.
    ctx.rt
        .block_on(
            ctx.sdk
                .delete_method()
                .rest_api_id(&fx.api)
                .resource_id(&fx.res)
                .http_method("GET")
                .send(),
        )
        .unwrap();
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(plan.stdout.contains("will be created"), "{}", plan.stdout);
    wd.apply();
    assert_eq!(
        fx.get(ctx, &fx.res, "GET").unwrap().operation_name(),
        Some("ListItems")
    );
    wd.assert_no_changes();

    // A new verb is a new method: replaced, the old one gone.
    wd.write(&fx.config(&fx.res, "POST", body));
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(plan.stdout.contains("must be replaced"), "{}", plan.stdout);
    wd.apply();
    assert!(fx.get(ctx, &fx.res, "POST").is_some());
    assert!(fx.get(ctx, &fx.res, "GET").is_none(), "old method deleted");
    assert_eq!(wd.attr_str(ADDRESS, "id"), fx.state_id(&fx.res, "POST"));
    wd.assert_no_changes();

    // So is another resource.
    wd.write(&fx.config(&fx.res2, "POST", body));
    let (_, plan) = wd.plan_code();
    assert!(plan.stdout.contains("must be replaced"), "{}", plan.stdout);
    wd.apply();
    assert!(fx.get(ctx, &fx.res2, "POST").is_some());
    assert!(fx.get(ctx, &fx.res, "POST").is_none(), "old method deleted");
    wd.assert_no_changes();

    wd.ok(&["destroy", "-auto-approve"]);
    assert!(fx.get(ctx, &fx.res2, "POST").is_none(), "destroyed");
    fx.delete(ctx);
}

/// Each invalid configuration fails at plan naming the attribute, and nothing is created.
fn method_invalid_config_fails_at_plan(ctx: &Ctx) {
    let name = ctx.name("method-invalid");
    let wd = ctx.workdir("method-invalid");
    let fx = Fixture::new(ctx, &name);
    let cases: &[(&str, String, &str, &str)] = &[
        (
            "FETCH",
            "  authorization = \"NONE\"\n".to_owned(),
            "http_method",
            "allowed values",
        ),
        (
            "GET",
            "  authorization = \"OAUTH\"\n".to_owned(),
            "authorization",
            "`COGNITO_USER_POOLS`",
        ),
        (
            "GET",
            "  authorization = \"CUSTOM\"\n".to_owned(),
            "authorizer_id",
            "needs authorizer_id",
        ),
        (
            "GET",
            format!(
                "  authorization = \"NONE\"\n  authorizer_id = \"{}\"\n",
                fx.token_auth
            ),
            "authorizer_id",
            "only used when",
        ),
        (
            "GET",
            format!(
                "  authorization        = \"CUSTOM\"\n  authorizer_id        = \"{}\"\n  authorization_scopes = [\"pets/read\"]\n",
                fx.token_auth
            ),
            "authorization_scopes",
            "COGNITO_USER_POOLS",
        ),
        (
            "GET",
            "  authorization  = \"NONE\"\n  request_models = {\n    \"json\" = \"Empty\"\n  }\n"
                .to_owned(),
            "request_models",
            "type/subtype",
        ),
        (
            "GET",
            "  authorization      = \"NONE\"\n  request_parameters = {\n    \"querystring.page\" = true\n  }\n"
                .to_owned(),
            "request_parameters",
            "method.request.",
        ),
        (
            "GET",
            "  authorization      = \"NONE\"\n  request_parameters = {\n    \"method.request.path.id\"        = true\n    \"method.request.querystring.id\" = false\n  }\n"
                .to_owned(),
            "request_parameters",
            "must be unique",
        ),
    ];
    for (verb, body, attribute, words) in cases {
        wd.write(&fx.config(&fx.res, verb, body));
        let r = wd.run(&["plan", "-input=false"]);
        assert_ne!(r.code, 0, "{body}");
        assert!(r.stderr.contains(attribute), "{attribute}: {}", r.stderr);
        assert!(r.stderr.contains(words), "{words}: {}", r.stderr);
    }
    // apply stops at the same plan error.
    let (verb, body, _, _) = &cases[2];
    wd.write(&fx.config(&fx.res, verb, body));
    let r = wd.run(&["apply", "-auto-approve", "-input=false"]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("authorizer_id"), "{}", r.stderr);

    let methods = ctx
        .rt
        .block_on(
            ctx.sdk
                .get_resource()
                .rest_api_id(&fx.api)
                .resource_id(&fx.res)
                .send(),
        )
        .unwrap();
    assert!(
        methods.resource_methods().is_none_or(|m| m.is_empty()),
        "nothing was created: {methods:?}"
    );
    fx.delete(ctx);
}
