//! End-to-end tests: real `terraform` (1.0.3, 1.15.5, and the machine's 1.11.x when present) loads
//! the provider through `dev_overrides` and applies against a real LocalStack that this
//! runner starts and stops. Every scenario checks the emulator with its own SDK calls.
//!
//! Run: `cargo test --test e2e [-- FILTER]`. A Terraform version that is not installed is
//! reported as skipped, never as passed.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr
)]

mod harness;
mod scenarios;

use std::panic::AssertUnwindSafe;
use std::time::Instant;

use harness::{LocalStack, Terraform};

/// What every scenario gets.
#[allow(missing_debug_implementations)]
pub struct Ctx {
    pub tf: Terraform,
    pub endpoint: String,
    pub sdk: aws_sdk_apigateway::Client,
    pub rt: tokio::runtime::Runtime,
}

impl Ctx {
    /// A name unique to this scenario and Terraform version.
    pub fn name(&self, scenario: &str) -> String {
        format!("e2e-{scenario}-{}", self.tf.version)
    }

    pub fn workdir(&self, scenario: &str) -> harness::Workdir {
        harness::Workdir::new(scenario, &self.tf, &self.endpoint)
    }
}

fn main() {
    // A failed scenario's message says what went wrong; a backtrace of the harness does not.
    std::panic::set_hook(Box::new(|info| {
        // A skip is not a failure: the runner reports it with its reason.
        if info.payload().downcast_ref::<harness::Skip>().is_none() {
            eprintln!("{info}");
        }
    }));
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if std::env::args().any(|a| a == "--list") {
        for (name, _) in scenarios::all() {
            println!("{name}: test");
        }
        return;
    }
    let all = scenarios::all();
    let selected: Vec<_> = all
        .iter()
        .filter(|(name, _)| args.is_empty() || args.iter().any(|f| name.contains(f.as_str())))
        .collect();
    if selected.is_empty() {
        // A misspelt filter must not look like a green run.
        eprintln!(
            "e2e: no scenario matches {args:?}; `cargo test --test e2e -- --list` lists them"
        );
        println!("e2e: 0 passed, 1 failed");
        std::process::exit(1);
    }

    let mut versions = Vec::new();
    let mut failed = 0usize;
    let mut skipped = 0usize;
    match harness::terraform_1_0_3() {
        Ok(tf) => versions.push(tf),
        Err(e) => {
            eprintln!("e2e: Terraform 1.0.3 is required: {e}. Run scripts/install-test-env.sh.");
            failed += selected.len();
        }
    }
    match harness::terraform_1_11() {
        Some(tf) => versions.push(tf),
        None => {
            println!(
                "SKIPPED: Terraform 1.11.x not found at /usr/local/bin/terraform (or $TERRAFORM_1_11); {} scenario runs skipped",
                selected.len()
            );
            skipped += selected.len();
        }
    }

    match harness::terraform_1_15() {
        Ok(tf) => versions.push(tf),
        Err(e) => {
            eprintln!("e2e: Terraform 1.15.5 is required: {e}. Run scripts/install-test-env.sh.");
            failed += selected.len();
        }
    }

    let localstack = match LocalStack::start() {
        Ok(ls) => ls,
        Err(e) => {
            eprintln!("e2e: cannot start LocalStack: {e}");
            println!(
                "e2e: 0 passed, {} failed",
                failed + selected.len() * versions.len()
            );
            std::process::exit(1);
        }
    };
    println!("LocalStack at {}", localstack.endpoint);

    let mut passed = 0usize;
    for tf in &versions {
        for (name, scenario) in &selected {
            let ctx = Ctx {
                tf: tf.clone(),
                endpoint: localstack.endpoint.clone(),
                sdk: harness::sdk_client(&localstack.endpoint),
                rt: tokio::runtime::Runtime::new().unwrap(),
            };
            let started = Instant::now();
            let result = std::panic::catch_unwind(AssertUnwindSafe(|| scenario(&ctx)));
            let secs = started.elapsed().as_secs_f64();
            match result {
                Ok(()) => {
                    passed += 1;
                    println!("test {name} [terraform {}] ... ok ({secs:.1}s)", tf.version);
                }
                Err(payload) if payload.downcast_ref::<harness::Skip>().is_some() => {
                    skipped += 1;
                    let reason = payload
                        .downcast_ref::<harness::Skip>()
                        .map(|s| s.0.clone())
                        .unwrap_or_default();
                    println!(
                        "test {name} [terraform {}] ... skipped: {reason}",
                        tf.version
                    );
                }
                Err(_) => {
                    failed += 1;
                    println!(
                        "test {name} [terraform {}] ... FAILED ({secs:.1}s)",
                        tf.version
                    );
                }
            }
        }
    }
    let mut localstack = localstack;
    localstack.keep_log = failed > 0;
    let run_dir = localstack.run_dir();
    drop(localstack);
    if failed == 0 && run_dir.exists() {
        // A clean run leaves nothing behind (each run's port, hence directory, is new).
        eprintln!(
            "e2e: LocalStack's run directory {} outlived a run without failures",
            run_dir.display()
        );
        failed += 1;
    }
    println!("\ne2e: {passed} passed, {failed} failed, {skipped} skipped");
    if failed > 0 {
        std::process::exit(1);
    }
}
