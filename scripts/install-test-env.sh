#!/usr/bin/env bash
# Installs everything the acceptance tests need outside the repository (see
# common.sh for where) and prints a summary. Safe to run repeatedly: a second
# run takes seconds. It exports nothing; the test harness and CI call the
# individual scripts (or read the paths printed here) themselves.
#
# Environment: APIGW_TOOLS_DIR, TERRAFORM_PIP_PYTHON, LOCALSTACK_PYTHON (see the
# scripts this one calls).
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh source-path=SCRIPTDIR
source "$script_dir/common.sh"

readonly MACHINE_TERRAFORM=/usr/local/bin/terraform

# The packaging test (scripts/package.sh, signed with a throwaway key) needs zip, unzip and
# gpg: Debian's packages, installed when missing and apt-get can.
missing=()
for tool in zip unzip gpg; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if ((${#missing[@]})); then
  if command -v apt-get >/dev/null && [[ $(id -u) -eq 0 ]]; then
    log "installing ${missing[*]} from Debian's packages"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q zip unzip gnupg >&2 ||
      { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q zip unzip gnupg >&2; }
  else
    log "warning: ${missing[*]} missing (Debian packages zip, unzip, gnupg); the packaging test will fail"
  fi
fi

# Each installer prints its result on its last stdout line.
terraform_old=$("$script_dir/install-terraform.sh" | tail -n 1)
terraform_new=$("$script_dir/install-terraform-1.15.sh" | tail -n 1)
localstack_venv=$("$script_dir/install-localstack.sh" | tail -n 1)

# The newest Terraform is the machine image's own; it cannot be installed from
# the registries reachable here, so only report it.
if [[ -x $MACHINE_TERRAFORM ]]; then
  # Captured whole, not piped into head: that can end terraform with SIGPIPE.
  if machine_version=$(CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null "$MACHINE_TERRAFORM" version 2>/dev/null); then
    machine_version=${machine_version%%$'\n'*}
  else
    machine_version="fails to run"
  fi
else
  machine_version="not installed"
fi

cat <<EOF
Test environment (tools dir: $(tools_dir))
  terraform 1.0.3      $terraform_old
  terraform 1.15.5     $terraform_new
  terraform (machine)  $MACHINE_TERRAFORM: $machine_version
  localstack venv      $localstack_venv
  localstack control   $script_dir/localstack.sh start|stop|status
EOF
