#!/usr/bin/env bash
# Fuzzes the provider's input handling with cargo-fuzz (libFuzzer) on stable Rust:
#   msgpack_decode  DynamicValues from Terraform, under every resource's type
#   json_decode     stored state (raw_state.json) under every resource's type
#   import_id       import IDs for every resource type
#   patch_ops       the Update* patch-operation builder, checked against its own inverse
# Each target runs for SECONDS (default 60) starting from, and adding to, its corpus in
# fuzz/corpus/<target>, which is kept in the repository. A crash or a hang (libFuzzer's
# -timeout) fails the script and leaves the input in fuzz/artifacts/<target>.
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-60}
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(msgpack_decode json_decode import_id patch_ops)

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "==> installing cargo-fuzz (once)" >&2
  cargo install cargo-fuzz --locked >&2
fi

cd "$repo/fuzz"
# -s none: no sanitizer, so stable Rust suffices (Rust code is memory safe; what we look
# for is panics, hangs and runaway allocations).
cargo fuzz build -s none >&2
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  echo "==> fuzzing $target for ${seconds}s" >&2
  cargo fuzz run -s none "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -timeout=5 -rss_limit_mb=1024 -max_len=4096 -print_final_stats=1 2>&1 |
    grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb|==|SUMMARY|panicked)' || true
  # libFuzzer exits non-zero on a finding; pipefail is defeated by grep above, so check artifacts.
  if compgen -G "artifacts/$target/*" >/dev/null; then
    echo "FAILED: $target found a crashing input: $(ls artifacts/"$target")" >&2
    exit 1
  fi
done
echo "fuzz: ${#targets[@]} targets ran ${seconds}s each without a finding" >&2
