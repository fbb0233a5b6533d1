//! Scenarios for `apigateway_client_certificate` and `apigateway_vpc_link`. Ported from the
//! official provider's acceptance tests `TestAccAPIGatewayClientCertificate_basic` (a
//! description, changed in place, then import) and `TestAccAPIGatewayVPCLink_basic` (a link to
//! a Network Load Balancer, its description changed, then import), written again for this
//! harness. LocalStack makes a VPC link AVAILABLE at once and accepts any well-formed NLB ARN,
//! so the waits' other outcomes (PENDING, FAILED, a timeout) are unit tests of
//! `src/resources/vpc_link.rs`.

use aws_sdk_apigateway::types::{Op, PatchOperation};

use super::Scenario;
use crate::Ctx;
use crate::harness::found;

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[
    ("client_certificate_lifecycle", client_certificate_lifecycle),
    ("vpc_link_lifecycle", vpc_link_lifecycle),
];

fn description_patch(value: &str) -> PatchOperation {
    PatchOperation::builder()
        .op(Op::Replace)
        .path("/description")
        .value(value)
        .build()
}

/// Generated with a description, changed in place, drift restored, imported, destroyed.
fn client_certificate_lifecycle(ctx: &Ctx) {
    const ADDR: &str = "apigateway_client_certificate.c";
    let wd = ctx.workdir("client-cert");
    let config = |d: &str| {
        format!(
            "resource \"apigateway_client_certificate\" \"c\" {{\n  description = \"{d}\"\n}}\n"
        )
    };
    wd.write(&config("Hello from TF acceptance test"));
    wd.apply();
    let id = wd.attr_str(ADDR, "id");
    let get = || {
        ctx.rt
            .block_on(
                ctx.sdk
                    .get_client_certificate()
                    .client_certificate_id(&id)
                    .send(),
            )
            .unwrap()
    };
    let cert = get();
    assert_eq!(cert.description(), Some("Hello from TF acceptance test"));
    assert_eq!(
        wd.attr_str(ADDR, "pem_encoded_certificate"),
        cert.pem_encoded_certificate().unwrap_or_default()
    );
    assert!(!wd.attr_str(ADDR, "expiration_date").is_empty());
    assert!(
        wd.attr_str(ADDR, "arn")
            .ends_with(&format!("/clientcertificates/{id}"))
    );
    wd.assert_no_changes();

    wd.write(&config("Hello from TF acceptance test - updated"));
    wd.apply();
    assert_eq!(wd.attr_str(ADDR, "id"), id, "changed in place");
    assert_eq!(
        get().description(),
        Some("Hello from TF acceptance test - updated")
    );
    wd.assert_no_changes();

    ctx.rt
        .block_on(
            ctx.sdk
                .update_client_certificate()
                .client_certificate_id(&id)
                .patch_operations(description_patch("drifted"))
                .send(),
        )
        .unwrap();
    let (code, _) = wd.plan_code();
    assert_eq!(code, 2, "the drift is planned");
    wd.apply();
    assert_eq!(
        get().description(),
        Some("Hello from TF acceptance test - updated")
    );

    wd.ok(&["state", "rm", ADDR]);
    wd.ok(&["import", ADDR, &id]);
    wd.assert_no_changes();
    wd.ok(&["destroy", "-auto-approve"]);
    assert!(!found(
        ctx.rt.block_on(
            ctx.sdk
                .get_client_certificate()
                .client_certificate_id(&id)
                .send()
        ),
        "the client certificate"
    ));
}

/// Created and waited for (AVAILABLE), renamed in place, a target that is not an NLB refused at
/// plan, imported, destroyed (waited until gone).
fn vpc_link_lifecycle(ctx: &Ctx) {
    const ADDR: &str = "apigateway_vpc_link.l";
    const NLB: &str =
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/e2e/50dc6c495c0c9188";
    let name = ctx.name("vpc-link");
    let wd = ctx.workdir("vpc-link");
    let config = |description: &str, target: &str| {
        format!(
            "resource \"apigateway_vpc_link\" \"l\" {{\n  name        = \"{name}\"\n  description = \"{description}\"\n  target_arns = [\"{target}\"]\n\n  timeouts {{\n    create = \"5m\"\n    delete = \"5m\"\n  }}\n}}\n"
        )
    };

    // An application load balancer cannot be a target: refused at plan, nothing created.
    let alb = NLB.replace("/net/", "/app/");
    wd.write(&config("test", &alb));
    let r = wd.run(&["plan", "-input=false"]);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("target_arns") && r.stderr.contains("Network Load Balancer"),
        "{}",
        r.stderr
    );

    wd.write(&config("test", NLB));
    let r = wd.run_env(
        &["apply", "-auto-approve", "-input=false"],
        &[("TF_LOG", "info")],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    let id = wd.attr_str(ADDR, "id");
    let get = || {
        ctx.rt
            .block_on(ctx.sdk.get_vpc_link().vpc_link_id(&id).send())
            .unwrap()
    };
    let link = get();
    assert_eq!(link.status().map(|s| s.as_str()), Some("AVAILABLE"));
    assert_eq!(link.target_arns(), [NLB]);
    assert_eq!(
        wd.attr("apigateway_vpc_link.l", "timeouts")[0]["create"],
        "5m"
    );
    wd.assert_no_changes();

    wd.write(&config("test update", NLB));
    let (code, plan) = wd.plan_code();
    assert_eq!(code, 2);
    assert!(!plan.stdout.contains("must be replaced"), "{}", plan.stdout);
    wd.apply();
    assert_eq!(wd.attr_str(ADDR, "id"), id);
    assert_eq!(get().description(), Some("test update"));
    wd.assert_no_changes();

    wd.ok(&["state", "rm", ADDR]);
    wd.ok(&["import", ADDR, &id]);
    let (code, plan) = wd.plan_code();
    // The timeouts are the configuration's alone: after an import they are planned, nothing
    // else.
    assert_eq!(code, 2, "{}", plan.stdout);
    assert!(plan.stdout.contains("timeouts"), "{}", plan.stdout);
    wd.apply();
    wd.assert_no_changes();

    wd.ok(&["destroy", "-auto-approve"]);
    assert!(!found(
        ctx.rt
            .block_on(ctx.sdk.get_vpc_link().vpc_link_id(&id).send()),
        "the VPC link"
    ));
}
