//! Scenarios for `apigateway_account`, `apigateway_domain_name` and
//! `apigateway_base_path_mapping`. Ported from the official provider's acceptance tests
//! `TestAccAPIGatewayAccount_basic` (a CloudWatch role set, changed, and reset on destroy),
//! `TestAccAPIGatewayDomainName_regionalCertificateARN` (a regional domain with an ACM
//! certificate, then import) and `TestAccAPIGatewayBasePathMapping_basic`/`_BasePath_empty`/
//! `_updates` (a mapping to a stage, one at the domain's root, the stage and the API changed in
//! place), written again for this harness.
//!
//! What LocalStack cannot do, and how it is covered instead:
//! - it does not route calls by custom domain (a request with the domain's `Host` is answered
//!   501), so the mapping is checked with the SDK, and the API it leads to is called at its
//!   stage URL;
//! - it does not implement UpdateDomainName (501), so a domain's in-place updates are unit
//!   tests of `src/resources/domain_name.rs`; here the domain is created, read, imported,
//!   replaced and destroyed;
//! - it keeps no tags on domain names (GetTags answers `{}`), so tags are not configured on the
//!   domain here (the tag calls are the shared, tested ones of every taggable type);
//! - it answers the domain name access association calls 501: see
//!   `src/resources/domain_name_access_association.rs`.
//!
//! The certificate is a real one of LocalStack's ACM (RequestCertificate), as a user's would be.

// The SDK's errors are large; the closures below only hand them to `found` or `unwrap`.
#![allow(clippy::result_large_err)]

use super::Scenario;
use super::access::api_with_ping;
use crate::Ctx;
use crate::harness::{found, http_request};

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[
    ("account_lifecycle", account_lifecycle),
    (
        "domain_name_and_base_path_mapping_lifecycle",
        domain_name_and_base_path_mapping_lifecycle,
    ),
];

/// The account's role, as AWS reports it.
fn role(ctx: &Ctx) -> String {
    ctx.rt
        .block_on(ctx.sdk.get_account().send())
        .unwrap()
        .cloudwatch_role_arn()
        .unwrap_or_default()
        .to_owned()
}

/// A role ARN refused at plan (nothing written); a role set, changed in place, restored after
/// drift, imported; destroy resets it, as the official provider does.
fn account_lifecycle(ctx: &Ctx) {
    const ADDR: &str = "apigateway_account.a";
    let wd = ctx.workdir("account");
    let config = |arn: &str| {
        format!("resource \"apigateway_account\" \"a\" {{\n  cloudwatch_role_arn = \"{arn}\"\n}}\n")
    };
    let role_a = format!("arn:aws:iam::000000000000:role/{}-a", ctx.name("cw"));
    let role_b = format!("arn:aws:iam::000000000000:role/{}-b", ctx.name("cw"));

    // LocalStack starts with a role of its own; destroy resets whatever was there.
    let before = role(ctx);
    wd.write(&config("cloudwatch-role"));
    let r = wd.run(&["plan", "-input=false"]);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("cloudwatch_role_arn") && r.stderr.contains("IAM role ARN"),
        "{}",
        r.stderr
    );
    assert_eq!(role(ctx), before, "nothing was written");

    wd.write(&config(&role_a));
    wd.apply();
    assert_eq!(wd.attr_str(ADDR, "id"), "api-gateway-account");
    assert_eq!(role(ctx), role_a);
    let account = ctx.rt.block_on(ctx.sdk.get_account().send()).unwrap();
    let throttle = &wd.attr(ADDR, "throttle_settings")[0];
    let sdk_throttle = account.throttle_settings().unwrap();
    assert_eq!(
        throttle["burst_limit"].as_i64(),
        Some(i64::from(sdk_throttle.burst_limit()))
    );
    assert_eq!(
        throttle["rate_limit"].as_f64(),
        Some(sdk_throttle.rate_limit())
    );
    assert_eq!(
        wd.attr(ADDR, "features"),
        serde_json::json!(account.features())
    );
    wd.assert_no_changes();

    wd.write(&config(&role_b));
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(!plan.stdout.contains("must be replaced"), "{}", plan.stdout);
    wd.apply();
    assert_eq!(role(ctx), role_b);
    wd.assert_no_changes();

    // Drift: the role is reset outside Terraform; the plan puts it back.
    ctx.rt
        .block_on(
            ctx.sdk
                .update_account()
                .patch_operations(
                    aws_sdk_apigateway::types::PatchOperation::builder()
                        .op(aws_sdk_apigateway::types::Op::Replace)
                        .path("/cloudwatchRoleArn")
                        .value("")
                        .build(),
                )
                .send(),
        )
        .unwrap();
    let (code, _) = wd.plan_code();
    assert_eq!(code, 2, "the drift is planned");
    wd.apply();
    assert_eq!(role(ctx), role_b);

    wd.ok(&["state", "rm", ADDR]);
    let r = wd.run(&["import", ADDR, "my-account"]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("api-gateway-account"), "{}", r.stderr);
    wd.ok(&["import", ADDR, "api-gateway-account"]);
    wd.assert_no_changes();

    wd.ok(&["destroy", "-auto-approve"]);
    assert_eq!(role(ctx), "", "destroy resets the role");
}

/// A certificate of LocalStack's ACM, for `domain`.
fn acm_certificate(ctx: &Ctx, domain: &str) -> String {
    let (code, _, body) = http_request(
        "POST",
        &ctx.endpoint,
        &[
            ("X-Amz-Target", "CertificateManager.RequestCertificate"),
            ("Content-Type", "application/x-amz-json-1.1"),
            (
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/acm/aws4_request, \
                 SignedHeaders=host, Signature=0",
            ),
        ],
        &format!("{{\"DomainName\":\"{domain}\"}}"),
    );
    assert_eq!(code, 200, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
    answer["CertificateArn"].as_str().unwrap().to_owned()
}

/// Bad input refused at plan; a regional domain and two mappings (one at the root) created and
/// checked with the SDK; the stage changed in place; drift restored; a new base path replaces
/// the mapping; both imported; a new domain name replaces the domain and its mappings; all
/// destroyed.
fn domain_name_and_base_path_mapping_lifecycle(ctx: &Ctx) {
    const DOMAIN: &str = "apigateway_domain_name.d";
    const V: &str = "apigateway_base_path_mapping.v";
    const ROOT: &str = "apigateway_base_path_mapping.root";
    let name = ctx.name("domain");
    let domain = format!("{}.example.com", name.replace('.', "-"));
    let wd = ctx.workdir("domain");
    let cert = acm_certificate(ctx, &domain);
    let api = api_with_ping(&name, &["prod", "test"], false);
    let config = |domain: &str, policy: &str, base: &str, stage: &str| {
        format!(
            r#"{api}
resource "apigateway_domain_name" "d" {{
  domain_name              = "{domain}"
  regional_certificate_arn = "{cert}"
  security_policy          = "{policy}"
  routing_mode             = "ROUTING_RULE_THEN_BASE_PATH_MAPPING"

  endpoint_configuration {{
    types = ["REGIONAL"]
  }}
}}

resource "apigateway_base_path_mapping" "v" {{
  domain_name = apigateway_domain_name.d.domain_name
  api_id      = apigateway_rest_api.api.id
  stage_name  = apigateway_stage.{stage}.stage_name
  base_path   = "{base}"
}}

resource "apigateway_base_path_mapping" "root" {{
  domain_name = apigateway_domain_name.d.domain_name
  api_id      = apigateway_rest_api.api.id
  stage_name  = apigateway_stage.prod.stage_name
}}
"#
        )
    };
    let get_domain = |d: &str| {
        ctx.rt
            .block_on(ctx.sdk.get_domain_name().domain_name(d).send())
    };
    let get_mapping = |d: &str, base: &str| {
        ctx.rt.block_on(
            ctx.sdk
                .get_base_path_mapping()
                .domain_name(d)
                .base_path(base)
                .send(),
        )
    };

    // Refused at plan, naming the attribute; nothing is created.
    for (policy, base, attr, what) in [
        ("TLS_9_9", "v1", "security_policy", "TLS_1_2"),
        ("TLS_1_2", "v 1", "base_path", "is not allowed"),
    ] {
        wd.write(&config(&domain, policy, base, "prod"));
        let r = wd.run(&["plan", "-input=false"]);
        assert_ne!(r.code, 0);
        assert!(
            r.stderr.contains(attr) && r.stderr.contains(what),
            "{attr}: {}",
            r.stderr
        );
    }
    assert!(!found(get_domain(&domain), "the domain name"));

    wd.write(&config(&domain, "TLS_1_2", "v1", "prod"));
    wd.apply();
    let d = get_domain(&domain).unwrap();
    assert_eq!(d.regional_certificate_arn(), Some(cert.as_str()));
    assert_eq!(d.security_policy().map(|p| p.as_str()), Some("TLS_1_2"));
    assert_eq!(
        d.routing_mode().map(|m| m.as_str()),
        Some("ROUTING_RULE_THEN_BASE_PATH_MAPPING")
    );
    assert_eq!(
        d.endpoint_configuration().map(|e| e.types()[0].as_str()),
        Some("REGIONAL")
    );
    assert_eq!(wd.attr_str(DOMAIN, "id"), domain);
    assert_eq!(
        wd.attr_str(DOMAIN, "regional_domain_name"),
        d.regional_domain_name().unwrap_or_default()
    );
    assert_eq!(
        wd.attr_str(DOMAIN, "arn"),
        format!("arn:aws:apigateway:us-east-1::/domainnames/{domain}")
    );
    let api_id = wd.attr_str("apigateway_rest_api.api", "id");
    let v1 = get_mapping(&domain, "v1").unwrap();
    assert_eq!(
        (v1.rest_api_id(), v1.stage()),
        (Some(api_id.as_str()), Some("prod"))
    );
    assert_eq!(wd.attr_str(V, "id"), format!("{domain}/v1"));
    let root = get_mapping(&domain, "(none)").unwrap();
    assert_eq!(root.rest_api_id(), Some(api_id.as_str()));
    assert_eq!(wd.attr_str(ROOT, "id"), format!("{domain}/"));
    // The API the mappings lead to answers at its stage URL (LocalStack does not route by
    // custom domain).
    let (code, _, body) = crate::harness::http_get(&format!(
        "{}/restapis/{api_id}/prod/_user_request_/ping",
        ctx.endpoint
    ));
    assert_eq!((code, body.contains("pong")), (200, true), "{body}");
    wd.assert_no_changes();

    // The stage changes in place.
    wd.write(&config(&domain, "TLS_1_2", "v1", "test"));
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(!plan.stdout.contains("must be replaced"), "{}", plan.stdout);
    wd.apply();
    assert_eq!(get_mapping(&domain, "v1").unwrap().stage(), Some("test"));
    wd.assert_no_changes();

    // Drift: the stage is changed back outside Terraform; the plan restores it.
    ctx.rt
        .block_on(
            ctx.sdk
                .update_base_path_mapping()
                .domain_name(&domain)
                .base_path("v1")
                .patch_operations(
                    aws_sdk_apigateway::types::PatchOperation::builder()
                        .op(aws_sdk_apigateway::types::Op::Replace)
                        .path("/stage")
                        .value("prod")
                        .build(),
                )
                .send(),
        )
        .unwrap();
    let (code, _) = wd.plan_code();
    assert_eq!(code, 2, "the drift is planned");
    wd.apply();
    assert_eq!(get_mapping(&domain, "v1").unwrap().stage(), Some("test"));

    // A new base path replaces the mapping.
    wd.write(&config(&domain, "TLS_1_2", "v2", "test"));
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(plan.stdout.contains("must be replaced"), "{}", plan.stdout);
    wd.apply();
    assert!(!found(get_mapping(&domain, "v1"), "the v1 mapping"));
    assert_eq!(get_mapping(&domain, "v2").unwrap().stage(), Some("test"));

    // Drift the other way: the mapping is deleted outside Terraform; the plan makes it again.
    ctx.rt
        .block_on(
            ctx.sdk
                .delete_base_path_mapping()
                .domain_name(&domain)
                .base_path("v2")
                .send(),
        )
        .unwrap();
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2, "the deleted mapping is planned");
    assert!(plan.stdout.contains("will be created"), "{}", plan.stdout);
    wd.apply();
    assert_eq!(get_mapping(&domain, "v2").unwrap().stage(), Some("test"));

    // Import, by the official IDs.
    for addr in [DOMAIN, V, ROOT] {
        wd.ok(&["state", "rm", addr]);
    }
    wd.ok(&["import", DOMAIN, &domain]);
    wd.ok(&["import", V, &format!("{domain}/v2")]);
    wd.ok(&["import", ROOT, &format!("{domain}/")]);
    wd.assert_no_changes();

    // A new domain name replaces the domain, and its mappings with it; a `timeouts` block
    // (the official provider's) comes along and is kept as written.
    let renamed = format!("new-{domain}");
    let routing = "routing_mode             = \"ROUTING_RULE_THEN_BASE_PATH_MAPPING\"\n";
    wd.write(&config(&renamed, "TLS_1_2", "v2", "test").replace(
        routing,
        &format!("{routing}\n  timeouts {{\n    create = \"30m\"\n    update = \"45m\"\n  }}\n"),
    ));
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(plan.stdout.contains("must be replaced"), "{}", plan.stdout);
    wd.apply();
    assert!(!found(get_domain(&domain), "the old domain name"));
    assert_eq!(get_mapping(&renamed, "v2").unwrap().stage(), Some("test"));
    let timeouts = wd.attr(DOMAIN, "timeouts");
    assert_eq!(
        (&timeouts[0]["create"], &timeouts[0]["update"]),
        (&"30m".into(), &"45m".into()),
        "{timeouts}"
    );
    wd.assert_no_changes();

    // The domain is deleted outside Terraform (its mappings go with it): all come back.
    for base in ["v2", "(none)"] {
        ctx.rt
            .block_on(
                ctx.sdk
                    .delete_base_path_mapping()
                    .domain_name(&renamed)
                    .base_path(base)
                    .send(),
            )
            .unwrap();
    }
    ctx.rt
        .block_on(ctx.sdk.delete_domain_name().domain_name(&renamed).send())
        .unwrap();
    let (code, _) = wd.plan_code();
    assert_eq!(code, 2, "the deleted domain is planned");
    wd.apply();
    assert!(found(get_domain(&renamed), "the domain name"));
    assert_eq!(get_mapping(&renamed, "v2").unwrap().stage(), Some("test"));
    wd.assert_no_changes();

    wd.ok(&["destroy", "-auto-approve"]);
    assert!(!found(get_domain(&renamed), "the domain name"));
}
