# shellcheck shell=bash
# Shared helpers for the test-environment scripts; sourced, never executed.
#
# Everything these scripts install lives OUTSIDE the repository, in one cache
# directory, so a fresh clone (CI, a new worktree) reuses the previous install
# and its second run takes seconds.

# The cache directory; override with APIGW_TOOLS_DIR.
tools_dir() {
  printf '%s\n' "${APIGW_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-apigateway}"
}

# Progress and diagnostics go to stderr: stdout is reserved for the one result
# line (a path or URL) that callers capture with $(...).
log() {
  printf '[%s] %s\n' "${0##*/}" "$*" >&2
}

die() {
  log "error: $*"
  exit 1
}

# Serialises installers that share the cache directory (parallel CI jobs or test
# binaries may call them at once). The lock is released when the script exits.
take_lock() {
  local name=$1 dir
  dir=$(tools_dir)
  mkdir -p "$dir"
  exec 9>"$dir/.$name.lock"
  if ! flock -w 600 9; then
    die "timed out waiting for $dir/.$name.lock"
  fi
}
