#!/usr/bin/env bash
# Runs the performance benchmark (benches/perf.rs): start-up against Terraform's null
# provider (a Go SDK provider), per-RPC overhead, AWS calls per operation, and real
# Terraform refreshing and applying the 300-object examples/bench-300 module against
# LocalStack behind the quota proxy (tools/apigw-proxy). Prints a table.
#
# Usage:
#   scripts/bench.sh            release build, full run, writes docs/PERFORMANCE.md
#                               (about 15 minutes with the build; most of the run is applies
#                               paced by the quota)
#   scripts/bench.sh --smoke    debug build, tiny counts and a 23-object module: every
#                               code path once in well under two minutes; judges no timing,
#                               fails only when something breaks (for CI)
# Other arguments go to the benchmark, e.g. `--only startup,rpc,terraform`.
#
# Run the full benchmark on a quiet machine: concurrent builds distort every timing (the
# report records the load average at start and end).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

smoke=0
args=()
for arg in "$@"; do
  case $arg in
    --smoke) smoke=1 ;;
    *) args+=("$arg") ;;
  esac
done

echo "==> Test environment (Terraform, LocalStack) and the null provider" >&2
scripts/install-test-env.sh >&2
scripts/install-null-provider.sh >&2

if ((smoke)); then
  # Debug builds: CI has them already from `cargo test`, and smoke judges no timing.
  # The benchmark finds the proxy next to the provider binary of its own profile.
  echo "==> Smoke benchmark (debug build)" >&2
  cargo build --locked -p apigw-proxy
  cargo test --locked --bench perf -- --smoke "${args[@]}"
else
  echo "==> Benchmark (release build); load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  cargo build --locked --release -p apigw-proxy
  cargo bench --locked --bench perf -- --write docs/PERFORMANCE.md "${args[@]}"
fi
