//! The README's commands fail early and clearly where they can: checks of `scripts/` that
//! need neither a build nor LocalStack.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;
use std::time::{Duration, Instant};

fn script(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scripts")
        .join(name)
}

/// `LOCALSTACK_PORT` names a port something else holds: the demo says so at once, before its
/// ten-minute release build.
#[test]
fn demo_stops_at_once_when_the_chosen_port_is_taken() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let tools = std::env::temp_dir().join(format!("apigw-demo-port-{}", std::process::id()));
    let started = Instant::now();
    let out = Command::new("bash")
        .arg(script("demo.sh"))
        .env("LOCALSTACK_PORT", &port)
        // No LocalStack of ours can be running there.
        .env("APIGW_TOOLS_DIR", &tools)
        .output()
        .unwrap();
    let took = started.elapsed();
    let _ = std::fs::remove_dir_all(&tools);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("port {port}")) && err.contains("LOCALSTACK_PORT"),
        "{err}"
    );
    assert!(!err.contains("Building"), "nothing was built: {err}");
    assert!(took < Duration::from_secs(5), "{took:?}");
    drop(taken);
}

/// A value that is not a port is refused before anything else happens.
#[test]
fn demo_refuses_a_port_that_is_not_a_number() {
    let out = Command::new("bash")
        .arg(script("demo.sh"))
        .env("LOCALSTACK_PORT", "45x")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("LOCALSTACK_PORT must be a port number"),
        "{err}"
    );
}
