//! The hashicorp/aws provider block's settings that matter for API Gateway, against
//! LocalStack's STS (which serves AssumeRole and GetCallerIdentity, and keeps each account's
//! objects apart: a 12-digit access key id is taken as the account id):
//! - `assume_role` (role ARN, session name, external id, duration, tags): objects are made in
//!   the role's account, and the execution ARN names it;
//! - `allowed_account_ids` / `forbidden_account_ids`: checked before any write, with a clear
//!   error, and nothing is created;
//! - `shared_config_files` / `shared_credentials_files` with `profile`;
//! - `retry_mode`, `skip_credentials_validation`; bad values refused at plan;
//! - `custom_ca_bundle` and `AWS_CA_BUNDLE`: an HTTPS endpoint (a TLS front for the emulator)
//!   whose certificate a private CA signed is refused without them and trusted with them;
//! - `http_proxy`: an endpoint where nothing listens is reached through the proxy only.

use super::Scenario;
use crate::Ctx;
use crate::harness::{sdk_client_of_account, start_front, start_tls_front};

/// This file's scenarios.
pub const ALL: &[(&str, Scenario)] = &[
    (
        "provider_block_assume_role_account_checks_and_shared_files",
        provider_block_assume_role_account_checks_and_shared_files,
    ),
    (
        "custom_ca_bundle_trusts_an_endpoint_signed_by_a_private_ca",
        custom_ca_bundle_trusts_an_endpoint_signed_by_a_private_ca,
    ),
    (
        "http_proxy_carries_every_call",
        http_proxy_carries_every_call,
    ),
];

const ROLE_ACCOUNT: &str = "111111111111";
const PROFILE_ACCOUNT: &str = "222222222222";

fn api_names(ctx: &Ctx, account: &str) -> Vec<String> {
    let client = sdk_client_of_account(&ctx.endpoint, account);
    ctx.rt
        .block_on(client.get_rest_apis().limit(500).send())
        .unwrap()
        .items()
        .iter()
        .filter_map(|a| a.name().map(str::to_owned))
        .collect()
}

fn provider_block_assume_role_account_checks_and_shared_files(ctx: &Ctx) {
    let name = ctx.name("assumed");
    let wd = ctx.workdir("provider-block");
    let config = |settings: &str| {
        format!(
            r#"terraform {{
  required_providers {{
    apigateway = {{ source = "seed/apigateway" }}
  }}
}}

provider "apigateway" {{
  region   = "us-east-1"
  endpoint = "{}"
{settings}
}}

resource "apigateway_rest_api" "api" {{
  name = "{name}"
}}
"#,
            ctx.endpoint
        )
    };
    let assume = |accounts: &str| {
        format!(
            r#"  access_key                  = "test"
  secret_key                  = "test"
  retry_mode                  = "adaptive"
  skip_credentials_validation = true
{accounts}
  assume_role {{
    role_arn     = "arn:aws:iam::{ROLE_ACCOUNT}:role/deployer"
    session_name = "e2e-session"
    external_id  = "e2e-external-id"
    duration     = "15m"
    tags = {{
      team = "api"
    }}
  }}"#
        )
    };
    let write = |settings: &str| {
        std::fs::write(wd.dir.join("main.tf"), config(settings)).expect("main.tf");
    };

    // Refused at plan, naming the attribute.
    for (settings, attr) in [
        (
            assume("").replace("role/deployer", "user/deployer"),
            "role_arn",
        ),
        (assume("").replace("\"15m\"", "\"2d\""), "duration"),
        (
            assume("").replace("\"adaptive\"", "\"eager\""),
            "retry_mode",
        ),
        (
            assume(&format!(
                "  allowed_account_ids   = [\"{ROLE_ACCOUNT}\"]\n  forbidden_account_ids = [\"{PROFILE_ACCOUNT}\"]"
            )),
            "forbidden_account_ids",
        ),
    ] {
        write(&settings);
        let r = wd.run(&["plan", "-input=false"]);
        assert_ne!(r.code, 0);
        assert!(r.all().contains(attr), "{attr}: {}", r.all());
    }

    // The account the role belongs to is not allowed, or is forbidden: nothing is made.
    for (accounts, message) in [
        (
            format!("  allowed_account_ids = [\"{PROFILE_ACCOUNT}\"]"),
            "is not in `allowed_account_ids`",
        ),
        (
            format!("  forbidden_account_ids = [\"{ROLE_ACCOUNT}\"]"),
            "`forbidden_account_ids` lists",
        ),
    ] {
        write(&assume(&accounts));
        let r = wd.run(&["apply", "-auto-approve", "-input=false"]);
        assert_ne!(r.code, 0);
        let text = r.all().split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains(message), "{text}");
        assert!(text.contains(ROLE_ACCOUNT), "{text}");
    }
    assert!(!api_names(ctx, ROLE_ACCOUNT).contains(&name));

    // Allowed: the API is made in the role's account, not the caller's.
    write(&assume(&format!(
        "  allowed_account_ids = [\"{ROLE_ACCOUNT}\"]"
    )));
    wd.apply();
    assert!(api_names(ctx, ROLE_ACCOUNT).contains(&name));
    assert!(!api_names(ctx, "000000000000").contains(&name));
    let id = wd.attr_str("apigateway_rest_api.api", "id");
    assert_eq!(
        wd.attr_str("apigateway_rest_api.api", "execution_arn"),
        format!("arn:aws:execute-api:us-east-1:{ROLE_ACCOUNT}:{id}")
    );
    wd.assert_no_changes();
    wd.ok(&["destroy", "-auto-approve", "-input=false"]);
    assert!(!api_names(ctx, ROLE_ACCOUNT).contains(&name));

    // A profile from the given shared files: its credentials name another account.
    let config_file = wd.dir.join("aws-config");
    let credentials_file = wd.dir.join("aws-credentials");
    std::fs::write(&config_file, "[profile e2e]\nregion = us-east-1\n").expect("config");
    std::fs::write(
        &credentials_file,
        format!("[e2e]\naws_access_key_id = {PROFILE_ACCOUNT}\naws_secret_access_key = test\n"),
    )
    .expect("credentials");
    write(&format!(
        "  profile                  = \"e2e\"\n  shared_config_files      = [\"{}\"]\n  shared_credentials_files = [\"{}\"]",
        config_file.display(),
        credentials_file.display()
    ));
    wd.apply();
    assert!(api_names(ctx, PROFILE_ACCOUNT).contains(&name));
    wd.assert_no_changes();
    wd.ok(&["destroy", "-auto-approve", "-input=false"]);
    assert!(!api_names(ctx, PROFILE_ACCOUNT).contains(&name));
}

fn custom_ca_bundle_trusts_an_endpoint_signed_by_a_private_ca(ctx: &Ctx) {
    use std::sync::atomic::Ordering;

    let front = start_tls_front(&ctx.rt, &ctx.endpoint);
    let wd = ctx.workdir("custom-ca");
    let ca = wd.dir.join("private-ca.pem");
    std::fs::write(&ca, &front.ca_pem).unwrap();
    let ca = ca.display().to_string();
    let name = ctx.name("private-ca");
    let write = |settings: &str| {
        std::fs::write(
            wd.dir.join("main.tf"),
            format!(
                r#"terraform {{
  required_providers {{
    apigateway = {{ source = "seed/apigateway" }}
  }}
}}

provider "apigateway" {{
  region     = "us-east-1"
  endpoint   = "{}"
  access_key = "test"
  secret_key = "test"
{settings}
}}

resource "apigateway_rest_api" "api" {{
  name = "{name}"
}}
"#,
                front.url
            ),
        )
        .unwrap();
    };
    let exists = || api_names(ctx, "000000000000").contains(&name);

    // No system store trusts the private CA: the connection is refused, with what to do,
    // and nothing is made.
    write("");
    let r = wd.run(&["apply", "-auto-approve", "-input=false"]);
    assert_ne!(r.code, 0, "{}", r.all());
    let text = r.all().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains(&format!(
            "the TLS certificate of {} is not trusted",
            front.url
        )) && text.contains("UnknownIssuer")
            && text.contains("custom_ca_bundle"),
        "{text}"
    );
    // Refused, and not retried (the default is 8 retries of a call).
    let refused = front.refused.load(Ordering::SeqCst);
    assert!((1..=3).contains(&refused), "{refused} handshakes refused");
    assert_eq!(front.handshakes.load(Ordering::SeqCst), 0);
    assert!(!exists());

    // AWS_CA_BUNDLE (the provider block leaves custom_ca_bundle unset): trusted.
    let r = wd.run_env(
        &["apply", "-auto-approve", "-input=false"],
        &[("AWS_CA_BUNDLE", ca.as_str())],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(exists());
    let after_apply = front.handshakes.load(Ordering::SeqCst);
    assert!(after_apply > 0);

    // custom_ca_bundle: the refresh reads the API over TLS and finds nothing to change.
    write(&format!("  custom_ca_bundle = \"{ca}\""));
    wd.assert_no_changes();
    assert!(front.handshakes.load(Ordering::SeqCst) > after_apply);
    wd.ok(&["destroy", "-auto-approve", "-input=false"]);
    assert!(!exists());
}

fn http_proxy_carries_every_call(ctx: &Ctx) {
    use std::sync::atomic::Ordering;

    // An endpoint where nothing listens (port 1): only the proxy, which takes every request
    // to the emulator whatever its URL, can answer for it.
    let unreachable = "http://127.0.0.1:1";
    let proxy = start_front(&ctx.rt, &ctx.endpoint, None);
    let wd = ctx.workdir("http-proxy");
    let name = ctx.name("proxied");
    let write = |settings: &str| {
        std::fs::write(
            wd.dir.join("main.tf"),
            format!(
                r#"terraform {{
  required_providers {{
    apigateway = {{ source = "seed/apigateway" }}
  }}
}}

provider "apigateway" {{
  region      = "us-east-1"
  endpoint    = "{unreachable}"
  access_key  = "test"
  secret_key  = "test"
  max_retries = 1
{settings}
}}

resource "apigateway_rest_api" "api" {{
  name = "{name}"
}}
"#
            ),
        )
        .unwrap();
    };
    let exists = || api_names(ctx, "000000000000").contains(&name);

    write("");
    let r = wd.run(&["apply", "-auto-approve", "-input=false"]);
    assert_ne!(r.code, 0, "{}", r.all());
    assert!(r.all().contains("connection refused"), "{}", r.all());
    assert!(!exists());
    assert_eq!(proxy.connections.load(Ordering::SeqCst), 0);

    write(&format!(
        "  http_proxy = \"http://127.0.0.1:{}\"",
        proxy.port
    ));
    wd.apply();
    assert!(exists());
    let after_apply = proxy.connections.load(Ordering::SeqCst);
    assert!(after_apply > 0);
    wd.assert_no_changes();
    assert!(proxy.connections.load(Ordering::SeqCst) > after_apply);
    wd.ok(&["destroy", "-auto-approve", "-input=false"]);
    assert!(!exists());
}
