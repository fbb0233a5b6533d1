//! Scenarios for what `apigateway_stage` holds besides its deployment: access logs, a canary,
//! tags (with the provider's `default_tags`), and the checks a stage's arguments get at plan
//! time.

use apigw_proxy::{FaultConfig, Operation};
use aws_sdk_apigateway::types::{Op, PatchOperation};

use super::Scenario;
use super::deployment::config;
use crate::Ctx;
use crate::harness::{Workdir, start_proxy};

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[(
    "stage_access_logs_canary_and_plan_checks",
    stage_access_logs_canary_and_plan_checks,
)];

const TAGS: &str = r#"  tags = { app = "pets-stage", owner = "platform" }"#;
const GROUP: &str = "arn:aws:logs:us-east-1:000000000000:log-group:api-access";

/// The scenario API with `stage` added to the stage block.
fn with_stage(name: &str, stage: &str) -> String {
    let base = config(name, "one", "v1", "");
    let anchor = "  deployment_id = apigateway_deployment.d.id\n}";
    assert!(base.contains(anchor));
    base.replace(
        anchor,
        &format!("  deployment_id = apigateway_deployment.d.id\n{stage}\n}}"),
    )
}

/// Bad values fail at plan naming the attribute; a stage created with access logs and a canary
/// is CreateStage plus one UpdateStage (CreateStage takes no access logs), and AWS holds both;
/// a second plan is empty; changing both is one UpdateStage; a canary added outside Terraform
/// shows in the plan and is removed by the apply; import; removing the blocks turns both off;
/// tags; a new stage name replaces the stage.
fn stage_access_logs_canary_and_plan_checks(ctx: &Ctx) {
    let name = ctx.name("stage-extras");
    let proxy = start_proxy(&ctx.rt, &ctx.endpoint, 0.0, 1, FaultConfig::default());
    let wd = Workdir::new("stage-extras", &ctx.tf, &proxy.url());
    // Every taggable resource gets the provider's default tags.
    let provider = format!(
        "  region     = \"us-east-1\"\n  endpoint   = \"{}\"\n  access_key = \"test\"\n  \
         secret_key = \"test\"\n  default_tags {{\n    tags = {{ team = \"api\", app = \"pets\" }}\n  }}\n",
        proxy.url()
    );
    let write = |body: &str| wd.write_with_provider(&provider, body);
    let get_stage = |api: &str| {
        ctx.rt
            .block_on(
                ctx.sdk
                    .get_stage()
                    .rest_api_id(api)
                    .stage_name("test")
                    .send(),
            )
            .unwrap()
    };

    // Plan-time checks, before anything exists: nothing reaches AWS.
    for (bad, attribute, words) in [
        (
            "  canary_settings {\n    percent_traffic = 150\n  }",
            "percent_traffic",
            "a number from 0 to 100",
        ),
        (
            "  access_log_settings {\n    destination_arn = \"api-access\"\n    format = \"x\"\n  }",
            "destination_arn",
            "not an ARN",
        ),
        ("  cache_cluster_size = \"2\"", "cache_cluster_size", "0.5"),
    ] {
        write(&with_stage(&name, bad));
        let run = wd.run(&["plan", "-input=false"]);
        assert_ne!(run.code, 0, "{bad}: {}", run.all());
        assert!(run.all().contains(attribute), "{bad}: {}", run.all());
        assert!(run.all().contains(words), "{bad}: {}", run.all());
    }
    let stage_name = with_stage(&name, "").replace("\"test\"", "\"bad name\"");
    write(&stage_name);
    let run = wd.run(&["plan", "-input=false"]);
    assert!(run.all().contains("stage_name"), "{}", run.all());
    assert!(run.all().contains("' ' is not allowed"), "{}", run.all());
    assert_eq!(proxy.reset().requests, 0, "a bad plan calls nothing");

    let extras = |format: &str, percent: &str, cache: bool| {
        format!(
            r#"  variables = {{ answer = "stage" }}
{TAGS}
  access_log_settings {{
    destination_arn = "{GROUP}"
    format          = "{format}"
  }}
  canary_settings {{
    percent_traffic          = {percent}
    stage_variable_overrides = {{ answer = "canary" }}
    use_stage_cache          = {cache}
  }}"#
        )
    };
    write(&with_stage(
        &name,
        &extras("$context.requestId", "10", true),
    ));
    wd.apply();
    let stats = proxy.reset();
    assert_eq!(
        (
            stats.operation(Operation::CreateStage),
            stats.operation(Operation::UpdateStage)
        ),
        (1, 1),
        "CreateStage, then one UpdateStage for the access logs: {stats:?}"
    );
    let api = wd.attr_str("apigateway_rest_api.api", "id");
    let deployment = wd.attr_str("apigateway_deployment.d", "id");
    let stage = get_stage(&api);
    let logs = stage.access_log_settings().expect("access log settings");
    assert_eq!(logs.destination_arn(), Some(GROUP));
    assert_eq!(logs.format(), Some("$context.requestId"));
    let canary = stage.canary_settings().expect("canary settings");
    assert!((canary.percent_traffic() - 10.0).abs() < f64::EPSILON);
    assert_eq!(canary.deployment_id(), Some(deployment.as_str()));
    assert_eq!(
        canary
            .stage_variable_overrides()
            .and_then(|m| m.get("answer")),
        Some(&"canary".to_owned())
    );
    assert_eq!(
        wd.attr("apigateway_stage.s", "canary_settings")[0]["deployment_id"],
        deployment.as_str(),
        "the canary's deployment defaults to the stage's, and the state shows it"
    );
    // Tags: the stage's own over the defaults, on the stage and (defaults only) the API.
    assert_eq!(
        stage.tags().cloned().unwrap_or_default(),
        [
            ("team", "api"),
            ("app", "pets-stage"),
            ("owner", "platform")
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect(),
    );
    assert_eq!(wd.attr("apigateway_stage.s", "tags_all")["team"], "api");
    assert_eq!(wd.attr("apigateway_stage.s", "tags")["app"], "pets-stage");
    assert!(wd.attr("apigateway_stage.s", "tags").get("team").is_none());
    let rest_api = ctx
        .rt
        .block_on(ctx.sdk.get_rest_api().rest_api_id(&api).send())
        .unwrap();
    assert_eq!(
        rest_api
            .tags()
            .and_then(|t| t.get("team"))
            .map(String::as_str),
        Some("api")
    );
    assert!(wd.attr("apigateway_rest_api.api", "tags").is_null());
    wd.assert_no_changes();

    // Both change in place, in one UpdateStage. (`use_stage_cache` is set at create: LocalStack
    // stores a patched `useStageCache` as the string "true", which no SDK can read back.)
    write(&with_stage(
        &name,
        &extras("$context.requestId $context.status", "25.5", true),
    ));
    wd.apply();
    let stats = proxy.reset();
    assert_eq!(stats.operation(Operation::UpdateStage), 1, "{stats:?}");
    assert_eq!(stats.operation(Operation::CreateStage), 0, "{stats:?}");
    let stage = get_stage(&api);
    assert_eq!(
        stage.access_log_settings().and_then(|l| l.format()),
        Some("$context.requestId $context.status")
    );
    let canary = stage.canary_settings().expect("canary settings");
    assert!((canary.percent_traffic() - 25.5).abs() < f64::EPSILON);
    assert!(canary.use_stage_cache());
    wd.assert_no_changes();

    // Import in the official format reads both blocks back.
    wd.ok(&["state", "rm", "apigateway_stage.s"]);
    wd.ok(&[
        "import",
        "-input=false",
        "apigateway_stage.s",
        &format!("{api}/test"),
    ]);
    wd.assert_no_changes();

    // Removing the blocks turns access logging and the canary off.
    write(&with_stage(&name, TAGS));
    wd.apply();
    let stage = get_stage(&api);
    assert!(stage.access_log_settings().is_none(), "{stage:?}");
    assert!(stage.canary_settings().is_none(), "{stage:?}");
    wd.assert_no_changes();

    // A canary added outside Terraform shows in the plan; the apply removes it.
    ctx.rt
        .block_on(
            ctx.sdk
                .update_stage()
                .rest_api_id(&api)
                .stage_name("test")
                .patch_operations(
                    PatchOperation::builder()
                        .op(Op::Replace)
                        .path("/canarySettings/percentTraffic")
                        .value("50")
                        .build(),
                )
                .send(),
        )
        .unwrap();
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2, "the canary shows: {}", plan.stdout);
    assert!(plan.stdout.contains("canary_settings"), "{}", plan.stdout);
    wd.apply();
    assert!(get_stage(&api).canary_settings().is_none());
    wd.assert_no_changes();

    // AWS's answer differs from the plan (LocalStack ignores `clientCertificateId` in
    // UpdateStage): the error names the attribute and both values, instead of Terraform's
    // generic "inconsistent result", and the state records what the stage holds.
    let cert = ctx
        .rt
        .block_on(ctx.sdk.generate_client_certificate().send())
        .unwrap();
    let cert = cert.client_certificate_id().unwrap().to_owned();
    write(&with_stage(
        &name,
        &format!("{TAGS}\n  client_certificate_id = \"{cert}\""),
    ));
    let r = wd.run(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    assert_ne!(r.code, 0, "{}", r.all());
    let text = r.all().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains("API Gateway holds a different client_certificate_id than planned"),
        "{text}"
    );
    assert!(
        text.contains(&format!("the plan said \"{cert}\"")),
        "{text}"
    );
    assert!(!text.contains("inconsistent result"), "{text}");
    assert!(
        wd.attr("apigateway_stage.s", "client_certificate_id")
            .is_null()
    );
    write(&with_stage(&name, TAGS));
    wd.assert_no_changes();

    // A tag change is UntagResource and TagResource, not an UpdateStage. LocalStack keeps these
    // in a store of their own that GetStage does not show (AWS shows them), so the check is
    // GetTags, and this comes last: on LocalStack a refresh would now see the old tags.
    write(&with_stage(
        &name,
        "  tags = { owner = \"platform\", cost = \"42\" }",
    ));
    proxy.reset();
    wd.apply();
    let stats = proxy.reset();
    assert_eq!(stats.operation(Operation::UpdateStage), 0, "{stats:?}");
    let arn = wd.attr_str("apigateway_stage.s", "arn");
    let tagged = ctx
        .rt
        .block_on(ctx.sdk.get_tags().resource_arn(&arn).send())
        .unwrap();
    assert_eq!(
        tagged
            .tags()
            .and_then(|t| t.get("cost"))
            .map(String::as_str),
        Some("42"),
        "{tagged:?}"
    );
    assert_eq!(wd.attr("apigateway_stage.s", "tags_all")["cost"], "42");

    // A new stage name replaces the stage (its name is its identity): the new one serves, the
    // old one is gone.
    write(
        &with_stage(&name, "  tags = { owner = \"platform\", cost = \"42\" }")
            .replace("\"test\"", "\"live\""),
    );
    proxy.reset();
    let plan = wd.run(&["plan", "-input=false", "-no-color"]);
    assert!(plan.all().contains("must be replaced"), "{}", plan.all());
    wd.apply();
    let stats = proxy.reset();
    assert_eq!(
        (
            stats.operation(Operation::CreateStage),
            stats.operation(Operation::DeleteStage)
        ),
        (1, 1),
        "{stats:?}"
    );
    assert_eq!(
        wd.attr_str("apigateway_stage.s", "id"),
        format!("ags-{api}-live")
    );
    let url = format!("{}/restapis/{api}/live/_user_request_/pets", ctx.endpoint);
    let (status, _, body) = crate::harness::http_get(&url);
    assert_eq!(status, 200, "{body}");
    let old = ctx.rt.block_on(
        ctx.sdk
            .get_stage()
            .rest_api_id(&api)
            .stage_name("test")
            .send(),
    );
    assert!(!crate::harness::found(old, "the old stage"));
    wd.ok(&["destroy", "-auto-approve", "-input=false"]);
}
