#!/usr/bin/env bash
# Builds what a provider registry or a private mirror serves, into OUT_DIR:
#
#   terraform-provider-apigateway_VERSION_OS_ARCH.zip     the binary
#   terraform-provider-apigateway_VERSION_manifest.json   the registry manifest
#                                                         (a copy of terraform-registry-manifest.json:
#                                                         plugin protocol 6.0)
#   terraform-registry-manifest.json                      the same, under its source name
#   terraform-provider-apigateway_VERSION_SHA256SUMS      checksums of the zip and manifest
#   terraform-provider-apigateway_VERSION_SHA256SUMS.sig  a detached GPG signature of the sums
#   mirror/registry.terraform.io/seed/apigateway/...zip   a filesystem mirror (packed layout)
#                                                         for `provider_installation`
#
# Usage: scripts/package.sh OUT_DIR
#
# Environment:
#   GPG_FINGERPRINT, GNUPGHOME  sign with this key from this keyring; without both, the
#                               script says it is not signing and writes no .sig
#   PROVIDER_BINARY             package this binary instead of building a release one
#                               (the tests package their debug build)
#   VERSION                     default: the version in Cargo.toml
#   TARGET_OS, TARGET_ARCH      default: this machine's, in Terraform's spelling
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$script_dir/.." && pwd)
# shellcheck source=common.sh source-path=SCRIPTDIR
source "$script_dir/common.sh"

readonly NAME=terraform-provider-apigateway
readonly SOURCE_ADDRESS=registry.terraform.io/seed/apigateway

[[ $# -eq 1 && -n $1 ]] || die "usage: scripts/package.sh OUT_DIR"
out=$1
for tool in zip sha256sum; do
  command -v "$tool" >/dev/null || die "$tool is required (Debian package: $tool, coreutils)"
done

version=${VERSION:-$(sed -n 's/^version = "\(.*\)"$/\1/p' "$repo/Cargo.toml" | head -n 1)}
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+].*)?$ ]] || die "not a semantic version: '$version'"

os=${TARGET_OS:-$(uname -s | tr '[:upper:]' '[:lower:]')}
if [[ -z ${TARGET_ARCH:-} ]]; then
  case $(uname -m) in
    x86_64 | amd64) arch=amd64 ;;
    aarch64 | arm64) arch=arm64 ;;
    i?86) arch=386 ;;
    armv*) arch=arm ;;
    *) die "unknown machine $(uname -m); set TARGET_ARCH" ;;
  esac
else
  arch=$TARGET_ARCH
fi

if [[ -n ${PROVIDER_BINARY:-} ]]; then
  binary=$PROVIDER_BINARY
  [[ -x $binary ]] || die "PROVIDER_BINARY is not an executable: $binary"
else
  log "building the release binary"
  (cd "$repo" && cargo build --locked --release --bin "$NAME" >&2)
  binary=$repo/target/release/$NAME
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

base=${NAME}_${version}
zip_name=${base}_${os}_${arch}.zip
sums=${base}_SHA256SUMS

# The binary keeps its fixed name inside the archive; -X leaves out file attributes that
# vary between machines.
cp "$binary" "$stage/$NAME"
chmod 0755 "$stage/$NAME"
rm -f "$out/$zip_name"
(cd "$stage" && zip -q -X "$out/$zip_name" "$NAME")

cp "$repo/terraform-registry-manifest.json" "$out/terraform-registry-manifest.json"
cp "$repo/terraform-registry-manifest.json" "$out/${base}_manifest.json"

# The sums cover every zip of this version in OUT_DIR (several platforms can be packaged into
# one directory) and the manifest.
(
  cd "$out"
  sha256sum "${base}"_*.zip "${base}_manifest.json" >"$sums"
)

if [[ -n ${GPG_FINGERPRINT:-} && -n ${GNUPGHOME:-} ]]; then
  command -v gpg >/dev/null || die "gpg is required to sign (Debian package: gnupg)"
  rm -f "$out/$sums.sig"
  gpg --batch --yes --local-user "$GPG_FINGERPRINT" --output "$out/$sums.sig" \
    --detach-sign "$out/$sums"
  log "signed $sums with $GPG_FINGERPRINT"
else
  rm -f "$out/$sums.sig"
  log "not signing: set GPG_FINGERPRINT and GNUPGHOME to sign the SHA256SUMS file"
fi

mirror=$out/mirror/$SOURCE_ADDRESS
mkdir -p "$mirror"
cp "$out/$zip_name" "$mirror/$zip_name"

log "packaged $NAME $version for ${os}_$arch in $out"
log "filesystem mirror: $out/mirror"
printf '%s\n' "$out"
