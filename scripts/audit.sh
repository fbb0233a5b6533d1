#!/usr/bin/env bash
# Audits the dependency tree with cargo-deny (policy in deny.toml):
#   licences, bans and sources   always (offline, from Cargo.lock and the local registry)
#   security advisories          when a checkout of the RustSec advisory database is
#                                available: $APIGW_ADVISORY_DB, or a copy already in
#                                ~/.cargo/advisory-dbs (cargo-deny's own cache). These
#                                machines cannot reach GitHub, so the database cannot be
#                                downloaded here; the script says so instead of passing.
# Usage: scripts/audit.sh
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

if ! cargo deny --version >/dev/null 2>&1; then
  echo "==> installing cargo-deny (once)" >&2
  cargo install cargo-deny --locked >&2
fi

# cargo-deny reads the metadata of every crate in Cargo.lock, for every platform, and
# --offline forbids it to download any. A machine that has only built the project for
# itself lacks the other platforms' crates, so fetch the whole lockfile first (a no-op
# when they are all here). --locked: the lockfile is audited as committed, never updated.
echo "==> fetching every crate in Cargo.lock (all platforms)" >&2
cargo fetch --locked >&2

echo "==> licences, bans, sources" >&2
cargo deny --offline check licenses bans sources

# cargo-deny keeps the default database under this name (a hash of its URL).
cache=${CARGO_HOME:-$HOME/.cargo}/advisory-dbs/advisory-db-3157b0e258782691
if [[ -n ${APIGW_ADVISORY_DB:-} ]]; then
  rm -rf "$cache"
  mkdir -p "$(dirname "$cache")"
  git clone --quiet "$APIGW_ADVISORY_DB" "$cache"
fi
if [[ -d $cache/.git || -f $cache/HEAD ]]; then
  echo "==> security advisories (database of $(git -C "$cache" show -s --format=%cs HEAD))" >&2
  cargo deny --offline check advisories
else
  echo "==> security advisories: SKIPPED, no RustSec database on this machine (set APIGW_ADVISORY_DB to a checkout of github.com/rustsec/advisory-db)" >&2
fi
