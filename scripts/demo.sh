#!/usr/bin/env bash
# The main job, end to end on a fresh machine: build the provider, start LocalStack on
# 127.0.0.1, `terraform apply` an example module against it through dev_overrides, show
# the result, then destroy it and stop the emulator.
#
# Usage: scripts/demo.sh [EXAMPLE_DIR]      (default: examples/mock-api)
# Environment:
#   LOCALSTACK_PORT   port for the emulator (default 4566; when 4566 is taken and this is
#                     unset, a free port is picked and printed)
#   KEEP=1            leave the API and the emulator running (prints how to stop them)
#   TERRAFORM         terraform binary (default: /usr/local/bin/terraform if present,
#                     else the project's Terraform 1.0.3)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
example=$(cd "${1:-$repo/examples/mock-api}" && pwd)
say() { printf '\n==> %s\n' "$*" >&2; }
die() { printf 'demo.sh: error: %s\n' "$*" >&2; exit 1; }

# The emulator's port, settled before the long build: a port held by something other than
# our own LocalStack is an error when the user chose it, and is swapped for a free one
# (printed) when it is only the default.
port_taken() { (: <>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
ours() { LOCALSTACK_PORT=$1 "$repo/scripts/localstack.sh" status >/dev/null 2>&1; }
port=${LOCALSTACK_PORT:-4566}
[[ $port =~ ^[0-9]+$ ]] || die "LOCALSTACK_PORT must be a port number, got '$port'"
if port_taken "$port" && ! ours "$port"; then
  if [[ -n ${LOCALSTACK_PORT:-} ]]; then
    die "port $port on 127.0.0.1 (LOCALSTACK_PORT) is taken by another process; choose a free one"
  fi
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  say "Port 4566 is taken by another process; LocalStack will use port $port (set LOCALSTACK_PORT to choose)"
fi

say "Building the provider (release)"
cargo build --release --locked --manifest-path "$repo/Cargo.toml" \
  --bin terraform-provider-apigateway >&2

say "Installing the test environment (first run only; later runs reuse it)"
"$repo/scripts/install-test-env.sh" >&2
if [[ -n ${TERRAFORM:-} ]]; then
  terraform=$TERRAFORM
elif [[ -x /usr/local/bin/terraform ]]; then
  terraform=/usr/local/bin/terraform
else
  terraform=$("$repo/scripts/install-terraform.sh" | tail -n 1)
fi

say "Starting LocalStack on 127.0.0.1:$port"
endpoint=$(LOCALSTACK_PORT=$port "$repo/scripts/localstack.sh" start | tail -n 1)

work=$(mktemp -d)
cleanup() {
  if [[ ${KEEP:-0} != 1 ]]; then
    say "Destroying and stopping LocalStack"
    (cd "$work" && "$terraform" destroy -auto-approve -no-color "${vars[@]}" >/dev/null) || true
    LOCALSTACK_PORT=$port "$repo/scripts/localstack.sh" stop || true
    rm -rf "$work"
  else
    say "Kept: state in $work; stop the emulator with LOCALSTACK_PORT=$port scripts/localstack.sh stop"
  fi
}
trap cleanup EXIT

cp -R "$example"/. "$work"/
# A directory holding only the provider binary: dev_overrides accepts any file named
# terraform-provider-apigateway[.suffix], and target/release also holds cargo's .d file.
mkdir -p "$work/.plugins"
ln -s "$repo/target/release/terraform-provider-apigateway" "$work/.plugins/terraform-provider-apigateway"
cat >"$work/.terraformrc" <<CFG
provider_installation {
  dev_overrides {
    "registry.terraform.io/seed/apigateway" = "$work/.plugins"
  }
  direct {}
}
CFG
export TF_CLI_CONFIG_FILE=$work/.terraformrc CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
vars=(-var "endpoint=$endpoint" -var "access_key=test" -var "secret_key=test")

say "terraform apply $(basename "$example") with $("$terraform" version | sed -n 1p)"
(cd "$work" && "$terraform" apply -auto-approve -no-color "${vars[@]}")

say "Result: what Terraform manages"
(cd "$work" && "$terraform" state list && "$terraform" output -no-color)

say "A second plan shows no changes"
(cd "$work" && "$terraform" plan -detailed-exitcode -no-color "${vars[@]}" >/dev/null) && echo "No changes." >&2

say "The emulator's view (GET /restapis)"
curl -fsS -H 'Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/apigateway/aws4_request, SignedHeaders=host, Signature=0' \
  "$endpoint/restapis" | python3 -m json.tool

say "Calling every method of the deployed API (stage $(cd "$work" && "$terraform" output -raw invoke_url | sed 's|.*/||'))"
calls=$(cd "$work" && "$terraform" output -json local_urls |
  python3 -c 'import json, sys; [print(k.split()[0], v) for k, v in sorted(json.load(sys.stdin).items())]')
[[ -n $calls ]] || die "the example has no local_urls output"
while read -r verb url; do
  printf '\n%s %s\n' "$verb" "${url#"$endpoint"}" >&2
  answer=$(curl -sS -i -X "$verb" -H 'Content-Type: application/json' "$url") || die "$verb $url failed"
  status=$(printf '%s' "$answer" | sed -n '1s/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p')
  printf '%s\n' "$answer" | tr -d '\r' | grep -iE '^(HTTP/|access-control-allow-origin:)|^[[{]' >&2 || true
  [[ $status == 2* ]] || die "$verb $url answered $status"
done <<<"$calls"
