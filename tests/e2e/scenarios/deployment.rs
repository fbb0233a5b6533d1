//! Scenarios for `apigateway_deployment` and `apigateway_stage`: the API is put on the air and
//! called over HTTP, and a change of a response template or header mapping is served after
//! one apply, with no `triggers`.

use apigw_proxy::{FaultConfig, Operation, Stats};

use super::Scenario;
use crate::Ctx;
use crate::harness::{Workdir, found, http_get, start_proxy};

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[
    (
        "deployment_publishes_every_change_in_one_apply",
        deployment_publishes_every_change_in_one_apply,
    ),
    ("method_settings_on_one_stage", method_settings_on_one_stage),
    (
        "provider_endpoints_block_reaches_each_service",
        provider_endpoints_block_reaches_each_service,
    ),
    (
        "redeploy_under_faults_always_serves_old_or_new",
        redeploy_under_faults_always_serves_old_or_new,
    ),
    (
        "ctrl_c_mid_redeploy_keeps_serving_and_the_rerun_cleans_up",
        ctrl_c_mid_redeploy_keeps_serving_and_the_rerun_cleans_up,
    ),
    (
        "ten_redeploys_leave_one_deployment",
        ten_redeploys_leave_one_deployment,
    ),
    (
        "deployment_description_drift_and_another_api",
        deployment_description_drift_and_another_api,
    ),
];

/// A REST API with `GET /pets` answered by a MOCK integration whose response template says
/// `version` and whose header mapping sets `X-Version` to `header`; a deployment that depends
/// on all of it, and the stage `test`. `extra` goes into the deployment block.
pub(super) fn config(name: &str, version: &str, header: &str, extra: &str) -> String {
    format!(
        r#"resource "apigateway_rest_api" "api" {{
  name = "{name}"
}}

resource "apigateway_resource" "pets" {{
  rest_api_id = apigateway_rest_api.api.id
  parent_id   = apigateway_rest_api.api.root_resource_id
  path_part   = "pets"
}}

resource "apigateway_method" "get" {{
  rest_api_id   = apigateway_rest_api.api.id
  resource_id   = apigateway_resource.pets.id
  http_method   = "GET"
  authorization = "NONE"
}}

resource "apigateway_integration" "get" {{
  rest_api_id = apigateway_rest_api.api.id
  resource_id = apigateway_resource.pets.id
  http_method = apigateway_method.get.http_method
  type        = "MOCK"
  request_templates = {{
    "application/json" = "{{\"statusCode\": 200}}"
  }}
}}

resource "apigateway_method_response" "ok" {{
  rest_api_id = apigateway_rest_api.api.id
  resource_id = apigateway_resource.pets.id
  http_method = apigateway_method.get.http_method
  status_code = "200"
  response_parameters = {{
    "method.response.header.X-Version" = true
  }}
}}

resource "apigateway_integration_response" "ok" {{
  rest_api_id = apigateway_rest_api.api.id
  resource_id = apigateway_resource.pets.id
  http_method = apigateway_integration.get.http_method
  status_code = apigateway_method_response.ok.status_code
  response_templates = {{
    "application/json" = "{{\"version\": \"{version}\"}}"
  }}
  response_parameters = {{
    "method.response.header.X-Version" = "'{header}'"
  }}
}}

resource "apigateway_deployment" "d" {{
  rest_api_id = apigateway_rest_api.api.id
{extra}
  depends_on = [
    apigateway_method.get,
    apigateway_integration.get,
    apigateway_method_response.ok,
    apigateway_integration_response.ok,
  ]
}}

resource "apigateway_stage" "s" {{
  rest_api_id   = apigateway_rest_api.api.id
  stage_name    = "test"
  deployment_id = apigateway_deployment.d.id
}}
"#
    )
}

/// Calls `GET /pets` on the stage and returns the status, the `X-Version` header and the body.
fn call(ctx: &Ctx, api: &str) -> (u16, String, String) {
    let url = format!("{}/restapis/{api}/test/_user_request_/pets", ctx.endpoint);
    let (status, headers, body) = http_get(&url);
    let version = headers
        .iter()
        .find(|(k, _)| k == "x-version")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    (status, version, body)
}

/// The ids of the API's deployments in the emulator.
fn deployments(ctx: &Ctx, api: &str) -> Vec<String> {
    let out = ctx
        .rt
        .block_on(ctx.sdk.get_deployments().rest_api_id(api).send())
        .unwrap();
    out.items()
        .iter()
        .filter_map(|d| d.id().map(str::to_owned))
        .collect()
}

/// Adds `GET /extra` (MOCK, answering `{"extra": true}`) to the API with the SDK, as someone
/// outside Terraform would.
fn add_unmanaged_method(ctx: &Ctx, api: &str, root: &str) {
    let sdk = &ctx.sdk;
    ctx.rt.block_on(async {
        let extra = sdk
            .create_resource()
            .rest_api_id(api)
            .parent_id(root)
            .path_part("extra")
            .send()
            .await
            .unwrap();
        let id = extra.id().unwrap();
        sdk.put_method()
            .rest_api_id(api)
            .resource_id(id)
            .http_method("GET")
            .authorization_type("NONE")
            .send()
            .await
            .unwrap();
        sdk.put_integration()
            .rest_api_id(api)
            .resource_id(id)
            .http_method("GET")
            .r#type(aws_sdk_apigateway::types::IntegrationType::Mock)
            .request_templates("application/json", "{\"statusCode\": 200}")
            .send()
            .await
            .unwrap();
        sdk.put_method_response()
            .rest_api_id(api)
            .resource_id(id)
            .http_method("GET")
            .status_code("200")
            .send()
            .await
            .unwrap();
        sdk.put_integration_response()
            .rest_api_id(api)
            .resource_id(id)
            .http_method("GET")
            .status_code("200")
            .response_templates("application/json", "{\"extra\": true}")
            .send()
            .await
            .unwrap();
    });
}

/// Calls of `ops` the proxy saw, in that order.
fn counts(stats: &Stats, ops: &[Operation]) -> Vec<u64> {
    ops.iter().map(|op| stats.operation(*op)).collect()
}

const PUBLISH: [Operation; 4] = [
    Operation::CreateDeployment,
    Operation::UpdateStage,
    Operation::DeleteDeployment,
    Operation::CreateStage,
];

/// Create and call the API; a second plan is empty; change a template and a header mapping and
/// see the new answer after one apply (one CreateDeployment, one UpdateStage, the old
/// deployment deleted); an out-of-band change is not served until Terraform restores and
/// redeploys it; `triggers` redeploy as in the official provider; import of both; destroy.
fn deployment_publishes_every_change_in_one_apply(ctx: &Ctx) {
    let name = ctx.name("publish");
    let proxy = start_proxy(&ctx.rt, &ctx.endpoint, 0.0, 1, FaultConfig::default());
    let wd = Workdir::new("publish", &ctx.tf, &proxy.url());

    wd.write(&config(&name, "one", "v1", ""));
    wd.apply();
    let stats = proxy.reset();
    assert_eq!(
        counts(&stats, &PUBLISH),
        [1, 0, 0, 1],
        "one deployment, one stage: {stats:?}"
    );
    let api = wd.attr_str("apigateway_rest_api.api", "id");
    let first = wd.attr_str("apigateway_deployment.d", "id");
    assert_eq!(
        wd.attr_str("apigateway_stage.s", "id"),
        format!("ags-{api}-test")
    );
    // The account id comes from STS (LocalStack's is 000000000000).
    assert_eq!(
        wd.attr_str("apigateway_rest_api.api", "execution_arn"),
        format!("arn:aws:execute-api:us-east-1:000000000000:{api}")
    );
    assert_eq!(
        wd.attr_str("apigateway_stage.s", "execution_arn"),
        format!("arn:aws:execute-api:us-east-1:000000000000:{api}/test")
    );
    assert_eq!(
        wd.attr_str("apigateway_deployment.d", "execution_arn"),
        format!("arn:aws:execute-api:us-east-1:000000000000:{api}/")
    );
    assert_eq!(
        wd.attr_str("apigateway_stage.s", "invoke_url"),
        format!("https://{api}.execute-api.us-east-1.amazonaws.com/test")
    );
    let (status, header, body) = call(ctx, &api);
    assert_eq!((status, header.as_str()), (200, "v1"), "{body}");
    assert!(body.contains("\"version\": \"one\""), "{body}");
    wd.assert_no_changes();
    assert_eq!(
        counts(&proxy.reset(), &PUBLISH),
        [0, 0, 0, 0],
        "nothing changed, nothing deployed"
    );

    // One apply publishes a changed template and header: the plan says why it redeploys.
    wd.write(&config(&name, "two", "v2", ""));
    let plan = wd.run(&["plan", "-input=false", "-no-color"]);
    let text = plan.all().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains(&format!("REST API {api} will be redeployed")),
        "{text}"
    );
    assert!(
        text.contains("apigateway_integration_response"),
        "the plan names the change: {text}"
    );
    assert!(
        !text.contains("must be replaced"),
        "a redeploy is an update: {text}"
    );
    proxy.reset();
    wd.apply();
    let stats = proxy.reset();
    assert_eq!(
        counts(&stats, &PUBLISH),
        [1, 1, 1, 0],
        "redeploy, repoint, delete the old one: {stats:?}"
    );
    let second = wd.attr_str("apigateway_deployment.d", "id");
    assert_ne!(second, first);
    assert_eq!(
        deployments(ctx, &api),
        std::slice::from_ref(&second),
        "no deployment is left behind"
    );
    let (status, header, body) = call(ctx, &api);
    assert_eq!((status, header.as_str()), (200, "v2"), "{body}");
    assert!(body.contains("\"version\": \"two\""), "{body}");
    wd.assert_no_changes();

    // The stage serves its deployment, not the live API: a change made outside Terraform is
    // not served until the apply restores it and redeploys.
    let stage_path = format!("{}/restapis/{api}/test/_user_request_/pets", ctx.endpoint);
    let resource = wd.attr_str("apigateway_resource.pets", "id");
    ctx.rt
        .block_on(
            ctx.sdk
                .put_integration_response()
                .rest_api_id(&api)
                .resource_id(&resource)
                .http_method("GET")
                .status_code("200")
                .response_templates("application/json", "{\"version\": \"out-of-band\"}")
                .response_parameters("method.response.header.X-Version", "'oob'")
                .send(),
        )
        .unwrap();
    let (_, header, body) = call(ctx, &api);
    assert_eq!(header, "v2", "{stage_path} serves the deployment: {body}");
    proxy.reset();
    wd.apply();
    assert_eq!(
        counts(&proxy.reset(), &PUBLISH)[..3],
        [1, 1, 1],
        "restored and redeployed"
    );
    let (_, header, body) = call(ctx, &api);
    assert_eq!(header, "v2", "{body}");
    assert!(body.contains("\"version\": \"two\""), "{body}");
    wd.assert_no_changes();

    // An object Terraform does not manage, added outside it (`GET /extra`): there is nothing to
    // restore, and the stage does not serve it. The refresh finds the API changed since the
    // deployment was made, and the plan redeploys, saying why; one apply publishes it.
    let extra_url = format!("{}/restapis/{api}/test/_user_request_/extra", ctx.endpoint);
    add_unmanaged_method(
        ctx,
        &api,
        &wd.attr_str("apigateway_rest_api.api", "root_resource_id"),
    );
    assert_ne!(http_get(&extra_url).0, 200, "not deployed yet");
    let plan = wd.run(&["plan", "-input=false", "-no-color"]);
    let text = plan.all().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains(&format!("REST API {api} will be redeployed")),
        "{text}"
    );
    assert!(text.contains("changed since it was made"), "{text}");
    proxy.reset();
    wd.apply();
    assert_eq!(
        counts(&proxy.reset(), &PUBLISH),
        [1, 1, 1, 0],
        "one redeploy publishes it"
    );
    let (status, _, body) = http_get(&extra_url);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"extra\": true"), "{body}");
    wd.assert_no_changes();

    // `triggers` redeploy, as in the official provider.
    wd.write(&config(
        &name,
        "two",
        "v2",
        "  triggers = { release = \"2\" }\n",
    ));
    proxy.reset();
    wd.apply();
    assert_eq!(
        counts(&proxy.reset(), &PUBLISH),
        [1, 1, 1, 0],
        "a trigger redeploys"
    );
    wd.assert_no_changes();

    // A stage pointed at another deployment outside Terraform shows a diff; the apply restores
    // it, with one UpdateStage.
    let ours = wd.attr_str("apigateway_deployment.d", "id");
    let other = ctx
        .rt
        .block_on(ctx.sdk.create_deployment().rest_api_id(&api).send())
        .unwrap();
    let other = other.id().unwrap().to_owned();
    let repoint = |to: &str| {
        aws_sdk_apigateway::types::PatchOperation::builder()
            .op(aws_sdk_apigateway::types::Op::Replace)
            .path("/deploymentId")
            .value(to)
            .build()
    };
    ctx.rt
        .block_on(
            ctx.sdk
                .update_stage()
                .rest_api_id(&api)
                .stage_name("test")
                .patch_operations(repoint(&other))
                .send(),
        )
        .unwrap();
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2, "the repointed stage shows: {}", plan.stdout);
    proxy.reset();
    wd.apply();
    assert_eq!(proxy.reset().operation(Operation::UpdateStage), 1);
    let stage = ctx
        .rt
        .block_on(
            ctx.sdk
                .get_stage()
                .rest_api_id(&api)
                .stage_name("test")
                .send(),
        )
        .unwrap();
    assert_eq!(stage.deployment_id(), Some(ours.as_str()));
    ctx.rt
        .block_on(
            ctx.sdk
                .delete_deployment()
                .rest_api_id(&api)
                .deployment_id(&other)
                .send(),
        )
        .unwrap();

    // A stage deleted outside Terraform is recreated, and serves again.
    ctx.rt
        .block_on(
            ctx.sdk
                .delete_stage()
                .rest_api_id(&api)
                .stage_name("test")
                .send(),
        )
        .unwrap();
    wd.apply();
    let (status, header, body) = call(ctx, &api);
    assert_eq!((status, header.as_str()), (200, "v2"), "{body}");
    wd.assert_no_changes();

    // Import both in the official formats.
    let deployment = wd.attr_str("apigateway_deployment.d", "id");
    wd.ok(&[
        "state",
        "rm",
        "apigateway_stage.s",
        "apigateway_deployment.d",
    ]);
    wd.ok(&[
        "import",
        "-input=false",
        "apigateway_deployment.d",
        &format!("{api}/{deployment}"),
    ]);
    let bad = wd.run(&[
        "import",
        "-input=false",
        "apigateway_stage.s",
        &format!("{api}/te st"),
    ]);
    assert_ne!(bad.code, 0);
    assert!(
        bad.all().contains("REST-API-ID/STAGE-NAME"),
        "{}",
        bad.all()
    );
    wd.ok(&[
        "import",
        "-input=false",
        "apigateway_stage.s",
        &format!("{api}/test"),
    ]);
    // The import cannot know the triggers: the next plan redeploys once, as after an import of
    // the official resource.
    wd.apply();
    wd.assert_no_changes();

    let live = wd.attr_str("apigateway_deployment.d", "id");
    wd.ok(&["destroy", "-auto-approve", "-input=false"]);
    let gone_stage = ctx.rt.block_on(
        ctx.sdk
            .get_stage()
            .rest_api_id(&api)
            .stage_name("test")
            .send(),
    );
    assert!(!found(gone_stage, "the stage"));
    let gone = ctx.rt.block_on(
        ctx.sdk
            .get_deployment()
            .rest_api_id(&api)
            .deployment_id(&live)
            .send(),
    );
    assert!(!found(gone, "the deployment"));
}

/// Two settings resources on one stage (`*/*` and `pets/GET`): each writes and reads only its
/// own entry; an update is one UpdateStage; a change made outside Terraform is restored; import;
/// destroy removes both entries and leaves the stage.
fn method_settings_on_one_stage(ctx: &Ctx) {
    let name = ctx.name("settings");
    let proxy = start_proxy(&ctx.rt, &ctx.endpoint, 0.0, 1, FaultConfig::default());
    let wd = Workdir::new("settings", &ctx.tf, &proxy.url());
    let settings = |level: &str, rate: &str| {
        format!(
            r#"
resource "apigateway_method_settings" "all" {{
  rest_api_id = apigateway_rest_api.api.id
  stage_name  = apigateway_stage.s.stage_name
  method_path = "*/*"
  settings {{
    metrics_enabled = true
    logging_level   = "{level}"
  }}
}}

resource "apigateway_method_settings" "get" {{
  rest_api_id = apigateway_rest_api.api.id
  stage_name  = apigateway_stage.s.stage_name
  method_path = "${{trimprefix(apigateway_resource.pets.path, "/")}}/GET"
  settings {{
    throttling_burst_limit = 10
    throttling_rate_limit  = {rate}
  }}
}}
"#
        )
    };
    let write = |level: &str, rate: &str| {
        wd.write(&format!(
            "{}{}",
            config(&name, "one", "v1", ""),
            settings(level, rate)
        ));
    };
    let method_settings = |api: &str| {
        let stage = ctx
            .rt
            .block_on(
                ctx.sdk
                    .get_stage()
                    .rest_api_id(api)
                    .stage_name("test")
                    .send(),
            )
            .unwrap();
        stage.method_settings().cloned().unwrap_or_default()
    };

    // A method path AWS cannot take fails at plan, naming the attribute.
    wd.write(&format!(
        "{}{}",
        config(&name, "one", "v1", ""),
        settings("INFO", "5").replace("\"*/*\"", "\"/pets/GET\"")
    ));
    let bad = wd.run(&["plan", "-input=false"]);
    assert_ne!(bad.code, 0, "{}", bad.all());
    assert!(bad.all().contains("method_path"), "{}", bad.all());
    // So does a logging level AWS does not know.
    wd.write(&format!(
        "{}{}",
        config(&name, "one", "v1", ""),
        settings("DEBUG", "5")
    ));
    let bad = wd.run(&["plan", "-input=false", "-no-color"]);
    assert_ne!(bad.code, 0, "{}", bad.all());
    let text = bad.all().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("logging_level"), "{text}");
    assert!(text.contains("OFF"), "the allowed values are named: {text}");

    write("INFO", "5");
    wd.apply();
    let api = wd.attr_str("apigateway_rest_api.api", "id");
    let all = method_settings(&api);
    let everything = all.get("*/*").expect("the */* entry");
    assert!(everything.metrics_enabled());
    assert_eq!(everything.logging_level(), Some("INFO"));
    let get = all.get("~1pets/GET").expect("the pets/GET entry");
    assert_eq!(get.throttling_burst_limit(), 10);
    assert!((get.throttling_rate_limit() - 5.0).abs() < f64::EPSILON);
    assert_eq!(
        wd.attr_str("apigateway_method_settings.get", "id"),
        format!("{api}-test-pets/GET")
    );
    wd.assert_no_changes();

    // An update of one entry is one UpdateStage and leaves the other alone.
    write("ERROR", "5");
    proxy.reset();
    wd.apply();
    assert_eq!(proxy.reset().operation(Operation::UpdateStage), 1);
    let all = method_settings(&api);
    assert_eq!(all["*/*"].logging_level(), Some("ERROR"));
    assert_eq!(all["~1pets/GET"].throttling_burst_limit(), 10);

    // Changed outside Terraform: the plan shows it, the apply restores it.
    ctx.rt
        .block_on(
            ctx.sdk
                .update_stage()
                .rest_api_id(&api)
                .stage_name("test")
                .patch_operations(
                    aws_sdk_apigateway::types::PatchOperation::builder()
                        .op(aws_sdk_apigateway::types::Op::Replace)
                        .path("/~1pets/GET/throttling/burstLimit")
                        .value("99")
                        .build(),
                )
                .send(),
        )
        .unwrap();
    let (code, _) = wd.plan_code();
    assert_eq!(code, 2, "the drift shows");
    wd.apply();
    assert_eq!(
        method_settings(&api)["~1pets/GET"].throttling_burst_limit(),
        10
    );
    wd.assert_no_changes();

    // Import in the official format.
    wd.ok(&["state", "rm", "apigateway_method_settings.get"]);
    wd.ok(&[
        "import",
        "-input=false",
        "apigateway_method_settings.get",
        &format!("{api}/test/pets/GET"),
    ]);
    wd.assert_no_changes();

    // Another stage is another identity: moving `get` there replaces it (the new stage gets
    // the entry; the old entry is removed, which LocalStack refuses for any key but `*/*`).
    let moved = format!(
        "{}{}
resource \"apigateway_stage\" \"o\" {{
  rest_api_id   = apigateway_rest_api.api.id
  stage_name    = \"other\"
  deployment_id = apigateway_deployment.d.id
}}
",
        config(&name, "one", "v1", ""),
        settings("ERROR", "5").replace(
            "stage_name  = apigateway_stage.s.stage_name\n  method_path = \"${trimprefix",
            "stage_name  = apigateway_stage.o.stage_name\n  method_path = \"${trimprefix",
        )
    );
    assert!(moved.contains("apigateway_stage.o.stage_name"), "{moved}");
    wd.write(&moved);
    let plan = wd.run(&["plan", "-input=false", "-no-color"]);
    assert!(plan.all().contains("must be replaced"), "{}", plan.all());
    wd.apply();
    assert_eq!(
        wd.attr_str("apigateway_method_settings.get", "id"),
        format!("{api}-other-pets/GET")
    );
    let other = ctx
        .rt
        .block_on(
            ctx.sdk
                .get_stage()
                .rest_api_id(&api)
                .stage_name("other")
                .send(),
        )
        .unwrap();
    let entries = other.method_settings().cloned().unwrap_or_default();
    assert_eq!(
        entries["~1pets/GET"].throttling_burst_limit(),
        10,
        "{entries:?}"
    );
    wd.assert_no_changes();

    // Removing the resources removes their entries; the stage stays.
    wd.write(&config(&name, "one", "v1", ""));
    wd.apply();
    // LocalStack can remove only the `*/*` entry (it answers "Invalid method setting path" for
    // any other key, which the provider reports and leaves); AWS removes both.
    let all = method_settings(&api);
    assert!(!all.contains_key("*/*"), "{all:?}");
    assert!(
        !wd.state()
            .to_string()
            .contains("apigateway_method_settings"),
        "both are gone from the state"
    );
    wd.ok(&["destroy", "-auto-approve", "-input=false"]);
}

/// Faults injected into every write of a redeploy (500, 429, 409 conflicts, connection resets):
/// after every apply, failed or not, the stage answers with the old or the new version, never
/// with an error; re-running the apply converges to the new version with a clean plan.
fn redeploy_under_faults_always_serves_old_or_new(ctx: &Ctx) {
    let name = ctx.name("redeploy-faults");
    let proxy = start_proxy(&ctx.rt, &ctx.endpoint, 0.0, 1, FaultConfig::default());
    let wd = Workdir::new("redeploy-faults", &ctx.tf, &proxy.url());
    wd.write(&config(&name, "one", "v1", ""));
    wd.apply();
    let api = wd.attr_str("apigateway_rest_api.api", "id");

    wd.write(&config(&name, "two", "v2", ""));
    proxy
        .set_faults(FaultConfig {
            error500: 0.25,
            throttle429: 0.15,
            conflict409: 0.15,
            reset: 0.15,
            writes_only: true,
            operations: vec![
                Operation::PutIntegrationResponse,
                Operation::CreateDeployment,
                Operation::UpdateStage,
                Operation::DeleteDeployment,
            ],
            seed: Some(7),
            ..FaultConfig::default()
        })
        .unwrap();
    let mut converged = false;
    for attempt in 1..=6 {
        let r = wd.run(&["apply", "-auto-approve", "-input=false", "-no-color"]);
        crate::harness::assert_clean_exit(&r);
        let (status, header, body) = call(ctx, &api);
        assert_eq!(
            status, 200,
            "attempt {attempt}: the stage serves throughout: {body}"
        );
        assert!(
            (header == "v1" && body.contains("\"one\""))
                || (header == "v2" && body.contains("\"two\"")),
            "attempt {attempt}: old or new, never a mix: {header} {body}"
        );
        if r.code == 0 {
            converged = true;
            break;
        }
    }
    assert!(
        converged,
        "the apply converges within six runs under these faults"
    );
    let stats = proxy.reset();
    let injected = stats
        .faults
        .by_kind()
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .collect::<Vec<_>>();
    println!(
        "  [terraform {}] redeploy under faults: {} faults injected {injected:?}",
        ctx.tf.version,
        stats.faults.total()
    );
    assert!(
        stats.faults.total() >= 3,
        "the redeploy met faults: {injected:?}"
    );
    proxy.set_faults(FaultConfig::default()).unwrap();
    let (_, header, body) = call(ctx, &api);
    assert_eq!(header, "v2", "{body}");
    wd.assert_no_changes();
    wd.ok(&["destroy", "-auto-approve", "-input=false"]);
}

/// `endpoints { apigateway, sts }` instead of `endpoint`: API Gateway's calls go to the first
/// (here through the counting proxy), STS's to the second (the emulator directly).
fn provider_endpoints_block_reaches_each_service(ctx: &Ctx) {
    let name = ctx.name("endpoints");
    let proxy = start_proxy(&ctx.rt, &ctx.endpoint, 0.0, 1, FaultConfig::default());
    let wd = Workdir::new("endpoints", &ctx.tf, &proxy.url());
    let settings = format!(
        "  region     = \"us-east-1\"\n  access_key = \"test\"\n  secret_key = \"test\"\n  \
         endpoints {{\n    apigateway = \"{}\"\n    sts        = \"{}\"\n  }}\n",
        proxy.url(),
        ctx.endpoint
    );
    wd.write_with_provider(
        &settings,
        &format!("resource \"apigateway_rest_api\" \"api\" {{\n  name = \"{name}\"\n}}\n"),
    );
    wd.apply();
    let stats = proxy.reset();
    assert_eq!(stats.operation(Operation::CreateRestApi), 1, "{stats:?}");
    assert_eq!(
        stats.operation(Operation::Other),
        0,
        "STS is not reached through the API Gateway endpoint: {stats:?}"
    );
    let api = wd.attr_str("apigateway_rest_api.api", "id");
    assert_eq!(
        wd.attr_str("apigateway_rest_api.api", "execution_arn"),
        format!("arn:aws:execute-api:us-east-1:000000000000:{api}")
    );
    wd.assert_no_changes();
    wd.ok(&["destroy", "-auto-approve", "-input=false"]);
}

/// Ctrl-C while the stage is being moved to a new deployment (its UpdateStage hangs in the
/// proxy): the stage keeps serving the old version throughout and after Terraform exits; the
/// re-run, a new provider process, finishes the move, serves the new version, and deletes the
/// deployment the interrupted run replaced (the deployment's private state remembers it).
fn ctrl_c_mid_redeploy_keeps_serving_and_the_rerun_cleans_up(ctx: &Ctx) {
    let name = ctx.name("redeploy-sigint");
    let proxy = start_proxy(&ctx.rt, &ctx.endpoint, 0.0, 1, FaultConfig::default());
    let wd = Workdir::new("redeploy-sigint", &ctx.tf, &proxy.url());
    wd.write(&config(&name, "one", "v1", ""));
    wd.apply();
    let api = wd.attr_str("apigateway_rest_api.api", "id");
    let first = wd.attr_str("apigateway_deployment.d", "id");

    wd.write(&config(&name, "two", "v2", ""));
    proxy
        .set_faults(FaultConfig {
            stall: 1.0,
            stall_ms: 600_000,
            operations: vec![Operation::UpdateStage],
            ..FaultConfig::default()
        })
        .unwrap();
    let mut apply = wd.spawn_env(
        &["apply", "-auto-approve", "-input=false", "-no-color"],
        &[],
    );
    assert!(
        crate::harness::eventually(std::time::Duration::from_secs(60), || {
            proxy.stats().faults.stall >= 1
        }),
        "the apply reached the stage's UpdateStage: {:?}",
        proxy.stats()
    );
    let (status, header, body) = call(ctx, &api);
    assert_eq!(
        (status, header.as_str()),
        (200, "v1"),
        "mid-redeploy: {body}"
    );
    super::reliability::interrupt_group(apply.pid());
    let r = apply
        .wait_for(std::time::Duration::from_secs(30))
        .expect("terraform exits within 30 s of Ctrl-C");
    assert_ne!(r.code, 0, "an interrupted apply fails:\n{}", r.all());
    proxy.set_faults(FaultConfig::default()).unwrap();
    let (status, header, body) = call(ctx, &api);
    assert_eq!(
        (status, header.as_str()),
        (200, "v1"),
        "after Ctrl-C: {body}"
    );
    let ids = deployments(ctx, &api);
    assert_eq!(
        ids.len(),
        2,
        "the new deployment exists, the old one still serves: {ids:?}"
    );
    assert!(ids.contains(&first), "{ids:?}");

    proxy.reset();
    wd.apply();
    let stats = proxy.reset();
    assert_eq!(
        counts(&stats, &PUBLISH),
        [0, 1, 1, 0],
        "the re-run moves the stage and deletes the old deployment, with no new one: {stats:?}"
    );
    let (status, header, body) = call(ctx, &api);
    assert_eq!((status, header.as_str()), (200, "v2"), "{body}");
    let current = wd.attr_str("apigateway_deployment.d", "id");
    assert_eq!(deployments(ctx, &api), [current], "nothing is left behind");
    wd.assert_no_changes();
    wd.ok(&["destroy", "-auto-approve", "-input=false"]);
}

/// Ten redeploys (a template changed ten times, one apply each): every one is served, and
/// AWS holds one deployment at the end, the one the stage serves.
fn ten_redeploys_leave_one_deployment(ctx: &Ctx) {
    let name = ctx.name("ten-redeploys");
    let wd = Workdir::new("ten-redeploys", &ctx.tf, &ctx.endpoint);
    let mut api = String::new();
    for n in 1..=11 {
        let version = format!("r{n}");
        wd.write(&config(&name, &version, &version, ""));
        wd.apply();
        if api.is_empty() {
            api = wd.attr_str("apigateway_rest_api.api", "id");
        }
        let (status, header, body) = call(ctx, &api);
        assert_eq!((status, header.as_str()), (200, version.as_str()), "{body}");
    }
    let current = wd.attr_str("apigateway_deployment.d", "id");
    assert_eq!(
        deployments(ctx, &api),
        [current],
        "one deployment after ten redeploys"
    );
    wd.assert_no_changes();
    wd.ok(&["destroy", "-auto-approve", "-input=false"]);
}

/// The standard steps for a deployment no stage serves: a description changed in place (one
/// UpdateDeployment, the id stays), a description changed outside Terraform restored, and a
/// move to another REST API (its identity) replacing it.
fn deployment_description_drift_and_another_api(ctx: &Ctx) {
    let name = ctx.name("deployment-std");
    let proxy = start_proxy(&ctx.rt, &ctx.endpoint, 0.0, 1, FaultConfig::default());
    let wd = Workdir::new("deployment-std", &ctx.tf, &proxy.url());
    let write = |description: &str, api: &str| {
        wd.write(&format!(
            r#"{}
resource "apigateway_rest_api" "b" {{
  name = "{name}-b"
}}

resource "apigateway_method" "b" {{
  rest_api_id   = apigateway_rest_api.b.id
  resource_id   = apigateway_rest_api.b.root_resource_id
  http_method   = "GET"
  authorization = "NONE"
}}

resource "apigateway_integration" "b" {{
  rest_api_id = apigateway_rest_api.b.id
  resource_id = apigateway_rest_api.b.root_resource_id
  http_method = apigateway_method.b.http_method
  type        = "MOCK"
}}

resource "apigateway_deployment" "x" {{
  rest_api_id = apigateway_rest_api.{api}.id
  description = "{description}"
  # Everything of both APIs: a deployment made before an object of its API would be
  # redeployed by the next plan (the API changed since).
  depends_on = [apigateway_integration_response.ok, apigateway_integration.b]
}}
"#,
            config(&name, "one", "v1", "")
        ));
    };
    let description = |api: &str, id: &str| {
        ctx.rt
            .block_on(
                ctx.sdk
                    .get_deployment()
                    .rest_api_id(api)
                    .deployment_id(id)
                    .send(),
            )
            .unwrap()
            .description()
            .unwrap_or_default()
            .to_owned()
    };

    write("first", "api");
    wd.apply();
    let a = wd.attr_str("apigateway_rest_api.api", "id");
    let x = wd.attr_str("apigateway_deployment.x", "id");
    assert_eq!(description(&a, &x), "first");
    wd.assert_no_changes();

    // In place: one UpdateDeployment, the same deployment.
    write("second", "api");
    proxy.reset();
    wd.apply();
    let stats = proxy.reset();
    assert_eq!(
        (
            stats.operation(Operation::UpdateDeployment),
            stats.operation(Operation::CreateDeployment)
        ),
        (1, 0),
        "{stats:?}"
    );
    assert_eq!(wd.attr_str("apigateway_deployment.x", "id"), x);
    assert_eq!(description(&a, &x), "second");
    wd.assert_no_changes();

    // Changed outside Terraform: the plan shows it, the apply restores it.
    ctx.rt
        .block_on(
            ctx.sdk
                .update_deployment()
                .rest_api_id(&a)
                .deployment_id(&x)
                .patch_operations(
                    aws_sdk_apigateway::types::PatchOperation::builder()
                        .op(aws_sdk_apigateway::types::Op::Replace)
                        .path("/description")
                        .value("changed by hand")
                        .build(),
                )
                .send(),
        )
        .unwrap();
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2, "the drift shows: {}", plan.stdout);
    wd.apply();
    assert_eq!(description(&a, &x), "second");
    wd.assert_no_changes();

    // Another REST API is another identity: the deployment is replaced.
    write("second", "b");
    let plan = wd.run(&["plan", "-input=false", "-no-color"]);
    assert!(plan.all().contains("must be replaced"), "{}", plan.all());
    wd.apply();
    let b = wd.attr_str("apigateway_rest_api.b", "id");
    let moved = wd.attr_str("apigateway_deployment.x", "id");
    assert_eq!(description(&b, &moved), "second");
    // (LocalStack answers GetDeployment of a deleted deployment with a 500: list them.)
    let left = deployments(ctx, &a);
    assert!(!left.contains(&x), "the old deployment is gone: {left:?}");
    wd.assert_no_changes();
    wd.ok(&["destroy", "-auto-approve", "-input=false"]);
}
