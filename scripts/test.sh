#!/usr/bin/env bash
# Runs every test, as a new user (and CI) would: installs the test environment (Terraform
# 1.0.3, LocalStack; reused on later runs), checks formatting, lints and the dependency
# audit, then `cargo test`: unit tests, protocol tests over real gRPC + TLS, the fuzz corpus
# replay, and the end-to-end tests that drive real Terraform against a LocalStack the test
# harness starts and stops itself; last, a smoke run of the benchmark.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

echo "==> Test environment" >&2
scripts/install-test-env.sh >&2

echo "==> cargo fmt --check" >&2
cargo fmt --all -- --check

echo "==> cargo clippy (warnings are errors)" >&2
cargo clippy --locked --all-targets -- -D warnings

echo "==> dependency audit (licences, bans, sources; advisories when the database is here)" >&2
scripts/audit.sh

echo "==> cargo test" >&2
cargo test --locked

echo "==> benchmark smoke run (every measurement once; no timing is judged)" >&2
scripts/bench.sh --smoke
