//! Protocol tests: the real provider binary, started the way Terraform starts it, driven by
//! an in-process gRPC client over its Unix socket with mutual TLS. No AWS calls are needed
//! here; applying against the emulator is covered by the end-to-end tests.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Read;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{COOKIE, start, terraform_like_identity};
use terraform_provider_apigateway::plugin::proto::controller::Empty;
use terraform_provider_apigateway::plugin::proto::tfplugin6 as pb;
use terraform_provider_apigateway::provider::Registry;
use terraform_provider_apigateway::tfvalue::{Path, PathStep, Type, Value, msgpack};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn resource_type(name: &str) -> Type {
    Registry::new().get(name).unwrap().ty.as_ref().clone()
}

fn dv(value: &Value, ty: &Type) -> Option<pb::DynamicValue> {
    Some(pb::DynamicValue {
        msgpack: msgpack::encode(value, ty).unwrap(),
        json: vec![],
    })
}

fn undv(dv: Option<&pb::DynamicValue>, ty: &Type) -> Value {
    match dv {
        Some(d) if !d.msgpack.is_empty() => msgpack::decode(&d.msgpack, ty).unwrap(),
        _ => Value::Null,
    }
}

fn path_of(p: &pb::AttributePath) -> Path {
    use pb::attribute_path::step::Selector;
    p.steps
        .iter()
        .map(|s| match s.selector.as_ref().unwrap() {
            Selector::AttributeName(n) => PathStep::Attribute(n.clone()),
            Selector::ElementKeyString(k) => PathStep::Key(k.clone()),
            Selector::ElementKeyInt(i) => PathStep::Index(*i),
        })
        .collect::<Vec<_>>()
        .into()
}

/// A full object of `ty` with the given attributes set and the rest null.
fn object(ty: &Type, set: &[(&str, Value)]) -> Value {
    let Type::Object(attrs) = ty else {
        panic!("not an object type")
    };
    let mut v = Value::Object(
        attrs
            .iter()
            .map(|(k, t)| {
                (
                    k.clone(),
                    if matches!(t, Type::List(_) | Type::Set(_)) {
                        Value::List(vec![])
                    } else {
                        Value::Null
                    },
                )
            })
            .collect(),
    );
    for (k, val) in set {
        v.set(k, val.clone());
    }
    v
}

#[test]
fn handshake_line_has_the_go_plugin_shape_and_a_private_socket() {
    let p = start(true);
    let fields: Vec<&str> = p.line.split('|').collect();
    assert_eq!(fields.len(), 6, "{}", p.line);
    assert_eq!(&fields[..3], ["1", "6", "unix"]);
    assert_eq!(fields[4], "grpc");
    assert!(
        !fields[5].contains('='),
        "certificate must be unpadded base64"
    );
    let meta = std::fs::metadata(&p.socket).unwrap();
    assert!(meta.file_type().is_socket());
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    let dir = std::fs::metadata(p.socket.parent().unwrap()).unwrap();
    assert_eq!(dir.permissions().mode() & 0o777, 0o700);
}

#[test]
fn without_a_client_certificate_the_server_is_plaintext() {
    let p = start(false);
    assert_eq!(p.line.split('|').count(), 5, "{}", p.line);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let mut client = p.provider().await;
        let schema = client
            .get_provider_schema(pb::get_provider_schema::Request {})
            .await
            .unwrap()
            .into_inner();
        assert!(schema.resource_schemas.contains_key("apigateway_rest_api"));
    });
}

#[tokio::test]
async fn the_right_certificate_is_served_over_h2() {
    let p = start(true);
    let tls = p.tls_connect(p.identity.as_ref()).await.unwrap();
    assert_eq!(tls.get_ref().1.alpn_protocol(), Some(&b"h2"[..]));
    drop(tls);
    let mut client = p.provider().await;
    let schema = client
        .get_provider_schema(pb::get_provider_schema::Request {})
        .await
        .unwrap()
        .into_inner();
    assert!(schema.diagnostics.is_empty());
}

/// A refused client either fails the handshake or finds the connection closed at once
/// (with TLS 1.3 the server rejects the client's certificate after the client has finished).
async fn assert_refused(
    result: std::io::Result<tokio_rustls::client::TlsStream<tokio::net::UnixStream>>,
) {
    let Ok(mut tls) = result else { return };
    // An HTTP/2 preface; a served connection would answer with a SETTINGS frame.
    let _ = tls
        .write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\x04\0\0\0\0\0")
        .await;
    let mut buf = [0u8; 64];
    match tokio::time::timeout(Duration::from_secs(5), tls.read(&mut buf))
        .await
        .unwrap()
    {
        Ok(0) | Err(_) => {}
        Ok(n) => panic!("refused client got {n} bytes back"),
    }
}

#[tokio::test]
async fn a_client_without_a_certificate_is_refused() {
    let p = start(true);
    assert_refused(p.tls_connect(None).await).await;
}

#[tokio::test]
async fn a_client_with_another_certificate_is_refused() {
    let p = start(true);
    let other = terraform_like_identity();
    assert_refused(p.tls_connect(Some(&other)).await).await;
}

#[tokio::test]
async fn a_plaintext_client_is_refused_by_a_tls_server() {
    let p = start(true);
    let mut s = tokio::net::UnixStream::connect(&p.socket).await.unwrap();
    s.write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\x04\0\0\0\0\0")
        .await
        .unwrap();
    let mut buf = [0u8; 64];
    let n = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf))
        .await
        .unwrap()
        .unwrap_or(0);
    // Either closed, or a TLS alert record (content type 21) — never an HTTP/2 SETTINGS frame.
    assert!(
        n == 0 || buf[0] == 21,
        "plaintext client got {:?}",
        &buf[..n]
    );
}

#[test]
fn shutdown_exits_promptly_and_cleans_up_and_stdout_holds_only_the_handshake() {
    let mut p = start(true);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let mut c = p.controller().await;
        c.shutdown(Empty {}).await.unwrap();
    });
    let status = p
        .wait_exit(Duration::from_millis(1500))
        .expect("provider did not exit after Shutdown");
    assert!(status.success(), "{status:?}");
    assert!(
        !p.socket.parent().unwrap().exists(),
        "socket directory left behind"
    );
    let mut rest = String::new();
    p.stdout.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "", "nothing may follow the handshake line on stdout");
}

#[test]
fn stop_provider_keeps_serving() {
    let p = start(true);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let mut c = p.provider().await;
        let r = c
            .stop_provider(pb::stop_provider::Request {})
            .await
            .unwrap()
            .into_inner();
        assert_eq!(r.error, "");
        assert!(
            c.get_provider_schema(pb::get_provider_schema::Request {})
                .await
                .is_ok()
        );
    });
}

#[test]
fn sigint_is_ignored() {
    let mut p = start(true);
    let pid = p.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    assert!(
        p.wait_exit(Duration::from_millis(500)).is_none(),
        "provider died on SIGINT"
    );
}

#[test]
fn run_by_hand_it_explains_itself() {
    let out = Command::new(common::binary()).env_clear().output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("plugin for Terraform") && err.contains("dev_overrides"),
        "{err}"
    );
}

#[test]
fn help_prints_the_usage_on_stdout_and_exits_0() {
    for flag in ["--help", "-h"] {
        let out = Command::new(common::binary()).arg(flag).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{flag}");
        assert!(out.stderr.is_empty(), "{flag}: nothing on stderr");
        let text = String::from_utf8_lossy(&out.stdout);
        for needle in [
            "Usage:",
            "--debug",
            "--version",
            "--help",
            "dev_overrides",
            "registry.terraform.io/seed/apigateway",
        ] {
            assert!(
                text.contains(needle),
                "{flag}: {needle:?} missing from\n{text}"
            );
        }
    }
    // An unknown flag is a usage error: exit 2, the usage on stderr.
    let out = Command::new(common::binary())
        .arg("--bogus")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("\"--bogus\"") && err.contains("Usage:"),
        "{err}"
    );
}

#[test]
fn version_flag_prints_the_version() {
    let out = Command::new(common::binary())
        .arg("--version")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("terraform-provider-apigateway "));
}

#[test]
fn an_unsupported_protocol_version_fails_clearly() {
    let out = Command::new(common::binary())
        .env_clear()
        .env("TF_PLUGIN_MAGIC_COOKIE", COOKIE)
        .env("PLUGIN_PROTOCOL_VERSIONS", "4,5")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stdout.is_empty(),
        "no handshake line for an unsupported version"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("speaks only version 6"));
}

#[test]
fn the_provider_exits_when_terraform_dies() {
    // A shell starts the provider in the background the way Terraform does, waits until it
    // has printed its handshake line (it listens before printing it), and exits: the
    // provider is left behind exactly as by a killed Terraform.
    let dir = std::env::temp_dir().join(format!("apigw-parent-death-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("handshake");
    let script = format!(
        "TF_PLUGIN_MAGIC_COOKIE={COOKIE} PLUGIN_PROTOCOL_VERSIONS=6 {} >{out} 2>/dev/null & echo $!; \
         while ! grep -q grpc {out} 2>/dev/null; do sleep 0.01; done; \
         [ -S \"$(cut -d'|' -f4 {out})\" ] || exit 3",
        common::binary(),
        out = out.display()
    );
    let shell = Command::new("sh").arg("-c").arg(script).output().unwrap();
    let parent_died = std::time::Instant::now();
    assert!(
        shell.status.success(),
        "the provider handshook and its socket was there when the parent exited: {:?}",
        shell.status
    );
    let pid = String::from_utf8_lossy(&shell.stdout).trim().to_owned();
    let line = std::fs::read_to_string(&out).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let socket = std::path::PathBuf::from(
        line.split('|')
            .nth(3)
            .unwrap_or_else(|| panic!("no handshake line: {line:?}")),
    );
    // The provider polls its parent every 0.5 s; allow half a second more. An orphan is
    // reaped by whatever adopted it, which may take its time: a zombie has exited.
    let running = || {
        std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
            let state = stat
                .rsplit_once(')')
                .map(|(_, rest)| rest.trim_start().chars().next());
            state != Some(Some('Z'))
        })
    };
    let bound = Duration::from_millis(1000);
    while parent_died.elapsed() < bound && running() {
        std::thread::sleep(Duration::from_millis(10));
    }
    let took = parent_died.elapsed();
    if running() {
        let _ = Command::new("kill").args(["-9", &pid]).status();
        panic!("orphaned provider {pid} still running {took:?} after its parent died");
    }
    assert!(
        !socket.parent().unwrap().exists(),
        "socket directory {} left behind",
        socket.parent().unwrap().display()
    );
}

#[test]
fn sigterm_exits_promptly_and_removes_the_socket() {
    let mut p = start(true);
    assert!(p.socket.exists(), "serving on {}", p.socket.display());
    let pid = p.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = p
        .wait_exit(Duration::from_millis(1500))
        .expect("provider did not exit after SIGTERM");
    assert!(status.success(), "{status:?}");
    assert!(
        !p.socket.parent().unwrap().exists(),
        "socket directory {} left behind",
        p.socket.parent().unwrap().display()
    );
}

#[test]
fn the_debug_flag_prints_reattach_instructions() {
    let mut child = Command::new(common::binary())
        .arg("--debug")
        .env_clear()
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut text = String::new();
    while !text.contains("Ctrl-C") {
        let mut line = String::new();
        if std::io::BufRead::read_line(&mut stderr, &mut line).unwrap() == 0 {
            break;
        }
        text.push_str(&line);
    }
    // Ctrl-C stops debug mode (and removes the socket).
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let status = child.wait().unwrap();
    assert!(
        status.success(),
        "debug mode exits cleanly on Ctrl-C: {status:?}"
    );
    let json = text
        .split('\'')
        .nth(1)
        .expect("a quoted TF_REATTACH_PROVIDERS value");
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(v["registry.terraform.io/seed/apigateway"]["Test"], true);
}

#[tokio::test]
async fn schema_describes_the_resources_and_the_provider() {
    let p = start(true);
    let mut c = p.provider().await;
    let s = c
        .get_provider_schema(pb::get_provider_schema::Request {})
        .await
        .unwrap()
        .into_inner();
    let provider = s.provider.unwrap().block.unwrap();
    for name in ["secret_key", "token"] {
        let a = provider.attributes.iter().find(|a| a.name == name).unwrap();
        assert!(a.sensitive, "{name}");
    }
    for name in ["region", "endpoint", "profile", "access_key", "max_retries"] {
        assert!(provider.attributes.iter().any(|a| a.name == name), "{name}");
    }
    let api = s.resource_schemas["apigateway_rest_api"]
        .block
        .clone()
        .unwrap();
    let name = api.attributes.iter().find(|a| a.name == "name").unwrap();
    assert!(name.required && !name.computed);
    for block in s.resource_schemas.values() {
        for a in &block.block.as_ref().unwrap().attributes {
            let ty: serde_json::Value = serde_json::from_slice(&a.r#type).unwrap();
            assert!(Type::from_json(&ty).is_ok(), "{}: {ty}", a.name);
        }
    }
    assert!(s.server_capabilities.unwrap().plan_destroy);
    let meta = c
        .get_metadata(pb::get_metadata::Request {})
        .await
        .unwrap()
        .into_inner();
    assert!(
        meta.resources
            .iter()
            .any(|r| r.type_name == "apigateway_resource")
    );
}

#[tokio::test]
async fn plan_create_marks_computed_unknown_and_keeps_unknown_config() {
    let p = start(true);
    let mut c = p.provider().await;
    let ty = resource_type("apigateway_resource");
    let config = object(
        &ty,
        &[
            ("rest_api_id", Value::Unknown),
            ("parent_id", "root".into()),
            ("path_part", "pets".into()),
        ],
    );
    let r = c
        .plan_resource_change(pb::plan_resource_change::Request {
            type_name: "apigateway_resource".into(),
            prior_state: dv(&Value::Null, &ty),
            proposed_new_state: dv(&config, &ty),
            config: dv(&config, &ty),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let planned = undv(r.planned_state.as_ref(), &ty);
    assert_eq!(planned.get("rest_api_id"), &Value::Unknown);
    assert_eq!(planned.get("id"), &Value::Unknown);
    assert_eq!(planned.get("path"), &Value::Unknown);
    assert_eq!(planned.get("path_part").as_str(), Some("pets"));
    assert!(r.requires_replace.is_empty());
}

#[tokio::test]
async fn plan_update_reports_requires_replace_and_keeps_stable_computed_values() {
    let p = start(true);
    let mut c = p.provider().await;
    let ty = resource_type("apigateway_resource");
    let prior = object(
        &ty,
        &[
            ("id", "r1".into()),
            ("rest_api_id", "a1".into()),
            ("parent_id", "root".into()),
            ("path_part", "pets".into()),
            ("path", "/pets".into()),
        ],
    );
    // Same path, another API: replacement.
    let config = object(
        &ty,
        &[
            ("rest_api_id", "a2".into()),
            ("parent_id", "root".into()),
            ("path_part", "pets".into()),
        ],
    );
    let mut proposed = config.clone();
    proposed.set("id", "r1".into());
    proposed.set("path", "/pets".into());
    let plan = |config: Value, proposed: Value| pb::plan_resource_change::Request {
        type_name: "apigateway_resource".into(),
        prior_state: dv(&prior, &ty),
        proposed_new_state: dv(&proposed, &ty),
        config: dv(&config, &ty),
        ..Default::default()
    };
    let r = c
        .plan_resource_change(plan(config, proposed.clone()))
        .await
        .unwrap()
        .into_inner();
    let paths: Vec<Path> = r.requires_replace.iter().map(path_of).collect();
    assert_eq!(paths, vec![Path::attr("rest_api_id")]);
    let planned = undv(r.planned_state.as_ref(), &ty);
    assert_eq!(
        planned.get("id").as_str(),
        Some("r1"),
        "use-state-for-unknown keeps the id"
    );

    // No change at all: the plan is the prior state exactly.
    let mut same = proposed;
    same.set("rest_api_id", "a1".into());
    let mut cfg = same.clone();
    cfg.set("id", Value::Null);
    cfg.set("path", Value::Null);
    let r = c
        .plan_resource_change(plan(cfg, same))
        .await
        .unwrap()
        .into_inner();
    assert!(r.requires_replace.is_empty());
    assert_eq!(undv(r.planned_state.as_ref(), &ty), prior);
}

#[tokio::test]
async fn plan_destroy_plans_null() {
    let p = start(true);
    let mut c = p.provider().await;
    let ty = resource_type("apigateway_rest_api");
    let prior = object(&ty, &[("id", "a1".into()), ("name", "n".into())]);
    let r = c
        .plan_resource_change(pb::plan_resource_change::Request {
            type_name: "apigateway_rest_api".into(),
            prior_state: dv(&prior, &ty),
            proposed_new_state: dv(&Value::Null, &ty),
            config: dv(&Value::Null, &ty),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(r.diagnostics.is_empty());
    assert_eq!(undv(r.planned_state.as_ref(), &ty), Value::Null);
}

#[tokio::test]
async fn invalid_values_get_diagnostics_on_the_attribute_and_unknowns_pass() {
    let p = start(true);
    let mut c = p.provider().await;
    let ty = resource_type("apigateway_rest_api");
    let bad = object(
        &ty,
        &[("name", "n".into()), ("api_key_source", "BODY".into())],
    );
    let r = c
        .validate_resource_config(pb::validate_resource_config::Request {
            type_name: "apigateway_rest_api".into(),
            config: dv(&bad, &ty),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(r.diagnostics.len(), 1);
    assert_eq!(
        path_of(r.diagnostics[0].attribute.as_ref().unwrap()),
        Path::attr("api_key_source")
    );
    assert!(
        r.diagnostics[0].detail.contains("`HEADER` or `AUTHORIZER`"),
        "{}",
        r.diagnostics[0].detail
    );

    let unknown = object(
        &ty,
        &[("name", Value::Unknown), ("api_key_source", Value::Unknown)],
    );
    let r = c
        .validate_resource_config(pb::validate_resource_config::Request {
            type_name: "apigateway_rest_api".into(),
            config: dv(&unknown, &ty),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}

#[tokio::test]
async fn provider_configuration_is_validated() {
    let p = start(true);
    let mut c = p.provider().await;
    let ty = Registry::new(); // provider type comes from the provider schema
    drop(ty);
    let pty = terraform_provider_apigateway::provider::schema().value_type();
    let cfg = object(
        &pty,
        &[
            ("endpoint", "localhost:4566".into()),
            ("access_key", "AKIA".into()),
        ],
    );
    let r = c
        .validate_provider_config(pb::validate_provider_config::Request {
            config: dv(&cfg, &pty),
        })
        .await
        .unwrap()
        .into_inner();
    let paths: Vec<Path> = r
        .diagnostics
        .iter()
        .map(|d| path_of(d.attribute.as_ref().unwrap()))
        .collect();
    assert_eq!(
        paths,
        vec![Path::attr("endpoint"), Path::attr("secret_key")]
    );

    // Unknown values at configure time: a clear diagnostic, not a crash.
    let cfg = object(&pty, &[("region", Value::Unknown)]);
    let r = c
        .configure_provider(pb::configure_provider::Request {
            config: dv(&cfg, &pty),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(r.diagnostics.len(), 1);
    assert!(
        r.diagnostics[0]
            .detail
            .contains("`region` is not known until apply"),
        "{}",
        r.diagnostics[0].detail
    );
}

#[tokio::test]
async fn import_returns_a_partial_state_and_bad_ids_show_the_format() {
    let p = start(true);
    let mut c = p.provider().await;
    let ty = resource_type("apigateway_resource");
    let r = c
        .import_resource_state(pb::import_resource_state::Request {
            type_name: "apigateway_resource".into(),
            id: "api1/res1".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(r.diagnostics.is_empty());
    let state = undv(r.imported_resources[0].state.as_ref(), &ty);
    assert_eq!(state.get("rest_api_id").as_str(), Some("api1"));
    assert_eq!(state.get("id").as_str(), Some("res1"));
    assert!(state.get("path").is_null());

    let r = c
        .import_resource_state(pb::import_resource_state::Request {
            type_name: "apigateway_resource".into(),
            id: "api1".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(r.imported_resources.is_empty());
    assert!(r.diagnostics[0].detail.contains("REST-API-ID/RESOURCE-ID"));
}

#[tokio::test]
async fn upgrade_fills_new_attributes_with_null_and_drops_removed_ones() {
    let p = start(true);
    let mut c = p.provider().await;
    let ty = resource_type("apigateway_rest_api");
    let raw = br#"{"id":"a1","name":"old","retired_attribute":"x"}"#;
    let r = c
        .upgrade_resource_state(pb::upgrade_resource_state::Request {
            type_name: "apigateway_rest_api".into(),
            version: 0,
            raw_state: Some(pb::RawState {
                json: raw.to_vec(),
                flatmap: Default::default(),
            }),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let state = undv(r.upgraded_state.as_ref(), &ty);
    assert_eq!(state.get("name").as_str(), Some("old"));
    assert!(state.get("description").is_null());
    assert!(
        state
            .as_entries()
            .unwrap()
            .get("retired_attribute")
            .is_none()
    );
}

#[tokio::test]
async fn apply_before_configure_is_a_diagnostic_and_unknown_types_too() {
    let p = start(true);
    let mut c = p.provider().await;
    let ty = resource_type("apigateway_rest_api");
    let planned = object(&ty, &[("name", "n".into())]);
    let r = c
        .apply_resource_change(pb::apply_resource_change::Request {
            type_name: "apigateway_rest_api".into(),
            prior_state: dv(&Value::Null, &ty),
            planned_state: dv(&planned, &ty),
            config: dv(&planned, &ty),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(r.diagnostics.len(), 1);
    assert_eq!(
        undv(r.new_state.as_ref(), &ty),
        Value::Null,
        "nothing was created"
    );

    let r = c
        .read_resource(pb::read_resource::Request {
            type_name: "apigateway_nope".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(r.diagnostics[0].detail.contains("apigateway_nope"));
}

#[tokio::test]
async fn malformed_values_get_diagnostics_not_crashes() {
    let p = start(true);
    let mut c = p.provider().await;
    for bytes in [
        vec![0x81],
        vec![0xc1],
        vec![0x81, 0xa4, b'n', b'a', b'm', b'e', 0xc3],
        vec![0xdd, 0xff, 0xff, 0xff, 0xff],
    ] {
        let r = c
            .plan_resource_change(pb::plan_resource_change::Request {
                type_name: "apigateway_rest_api".into(),
                proposed_new_state: Some(pb::DynamicValue {
                    msgpack: bytes.clone(),
                    json: vec![],
                }),
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(r.diagnostics.len(), 1, "{bytes:?}");
    }
    // Still serving.
    assert!(
        c.get_provider_schema(pb::get_provider_schema::Request {})
            .await
            .is_ok()
    );
}
