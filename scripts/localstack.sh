#!/usr/bin/env bash
# Starts, stops and reports on a LocalStack API Gateway emulator running on the
# host (these machines have no Docker engine).
#
# Usage:
#   localstack.sh start   install if needed, start, wait until API Gateway is
#                         available; the last line of stdout is the endpoint URL
#   localstack.sh stop    stop it (TERM, then KILL) and remove the pid file
#   localstack.sh status  print "running ..." (exit 0) or "not running" (exit 3)
#
# Environment:
#   LOCALSTACK_PORT           port on 127.0.0.1 (default 4566); one instance per port
#   LOCALSTACK_START_TIMEOUT  seconds to wait for readiness (default 90)
#   LOCALSTACK_STOP_TIMEOUT   seconds between TERM and KILL (default 15)
#   LOCALSTACK_GATEWAY_SERVER twisted (default) or hypercorn, see below
#   LOCALSTACK_DEBUG          1 for LocalStack's debug log (default 0)
#   APIGW_TOOLS_DIR           cache directory (see common.sh)
#
# Each port gets its own directory under the tools cache holding the pid file,
# the log and LocalStack's file tree, so instances on different ports do not
# share state.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh source-path=SCRIPTDIR
source "$script_dir/common.sh"

port=${LOCALSTACK_PORT:-4566}
[[ $port =~ ^[0-9]+$ ]] || die "LOCALSTACK_PORT must be a port number, got '$port'"
start_timeout=${LOCALSTACK_START_TIMEOUT:-90}
stop_timeout=${LOCALSTACK_STOP_TIMEOUT:-15}

url=http://127.0.0.1:$port
run_dir="$(tools_dir)/localstack-run/$port"
pid_file=$run_dir/localstack.pid
log_file=$run_dir/localstack.log
fs_root=$run_dir/fs

# Prints the pid from the pid file if that process is alive and is LocalStack
# (a stale pid may have been reused by an unrelated process).
running_pid() {
  local pid
  [[ -f $pid_file ]] || return 1
  pid=$(<"$pid_file")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ $(ps -o args= -p "$pid" 2>/dev/null) == *localstack.runtime.main* ]] || return 1
  printf '%s\n' "$pid"
}

# True while a process of group $1 is alive. Zombies do not count: until its
# parent reaps it, a dead process still answers kill -0.
group_alive() {
  ps -e -o pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }'
}

# True while process $1 is alive and not a zombie.
pid_alive() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ -n $state && $state != Z* ]]
}

# True when something accepts connections on the port, ours or not.
port_in_use() {
  (: <>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

# Prints API Gateway's state from the health endpoint ("available" before the
# first call loads the service, "running" after), or nothing.
apigateway_state() {
  curl -fsS --max-time 2 "$url/_localstack/health" 2>/dev/null |
    grep -Eo '"apigateway": *"[a-z_]+"' | grep -Eo '[a-z_]+"$' | tr -d '"' || true
}

is_ready() {
  [[ $(apigateway_state) =~ ^(available|running)$ ]]
}

show_log_tail() {
  log "last lines of $log_file:"
  tail -n 40 "$log_file" >&2 || true
}

# Signals the whole process group: start runs LocalStack under setsid, so the
# group id is its pid, and the group also holds the short-lived `sh -c rm -rf`
# it spawns while shutting down.
stop_group() {
  local pid=$1 waited=0
  kill -TERM -- "-$pid" 2>/dev/null || true
  # LocalStack takes 2-6 s to shut down (interpreter teardown after "bye").
  while group_alive "$pid"; do
    if ((waited >= stop_timeout * 10)); then
      log "still running after ${stop_timeout}s; sending KILL"
      kill -KILL -- "-$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

cmd_start() {
  local pid venv waited=0
  command -v curl >/dev/null || die "curl is needed to poll LocalStack's health endpoint"

  if pid=$(running_pid); then
    log "already running (pid $pid)"
  else
    rm -f "$pid_file"
    port_in_use && die "port $port on 127.0.0.1 is taken by another process; set LOCALSTACK_PORT"

    # A no-op in ~0.1 s once installed; keeps start usable on a fresh machine.
    venv=$("$script_dir/install-localstack.sh" | tail -n 1)

    mkdir -p "$fs_root/usr/lib"
    # The service catalog prebuilt at install time; see install-localstack.sh.
    ln -sfn "$venv/localstack-static-libs" "$fs_root/usr/lib/localstack"

    log "starting LocalStack on $url (log: $log_file)"
    # Why each setting:
    #   SERVICES               API Gateway; STS for the account id in execution ARNs; ACM
    #                          for custom domain certificates and Route 53, which
    #                          CreateDomainName uses; the others stay unloaded
    #   GATEWAY_LISTEN         the port. The default twisted server binds 0.0.0.0
    #                          whatever host is given here (LocalStack ignores the
    #                          interface); GATEWAY_SERVER=hypercorn honours
    #                          127.0.0.1 but is not LocalStack's default
    #   OVERRIDE_IN_DOCKER=0   LocalStack thinks this machine is a container and
    #                          would write to /var/lib/localstack; in host mode
    #                          its whole file tree goes under FILESYSTEM_ROOT
    #   DNS_ADDRESS=0          no DNS server (it would look up an upstream
    #                          resolver, which fails offline, and bind port 53)
    #   SKIP_SSL_CERT_DOWNLOAD no fetch from api.localstack.cloud; a self-signed
    #                          certificate is generated instead
    #   DISABLE_EVENTS=1       no analytics
    #   AWS_EC2_METADATA_DISABLED  its internal boto clients otherwise probe the
    #                          instance metadata address 169.254.169.254
    #   PERSISTENCE=0          every start begins empty
    # cd: LocalStack must not write relative paths into the caller's directory.
    (
      cd "$run_dir"
      exec env \
        SERVICES=apigateway,sts,acm,route53 \
        GATEWAY_LISTEN="127.0.0.1:$port" \
        GATEWAY_SERVER="${LOCALSTACK_GATEWAY_SERVER:-twisted}" \
        OVERRIDE_IN_DOCKER=0 \
        FILESYSTEM_ROOT="$fs_root" \
        DNS_ADDRESS=0 \
        SKIP_SSL_CERT_DOWNLOAD=1 \
        DISABLE_EVENTS=1 \
        AWS_EC2_METADATA_DISABLED=true \
        PERSISTENCE=0 \
        DEBUG="${LOCALSTACK_DEBUG:-0}" \
        PYTHONUNBUFFERED=1 \
        setsid "$venv/bin/python" -m localstack.runtime.main
    ) </dev/null >"$log_file" 2>&1 &
    pid=$!
    printf '%s\n' "$pid" >"$pid_file"
  fi

  until is_ready; do
    if ! pid_alive "$pid"; then
      show_log_tail
      rm -f "$pid_file"
      die "LocalStack exited during startup"
    fi
    if ((waited >= start_timeout * 10)); then
      show_log_tail
      stop_group "$pid"
      rm -f "$pid_file"
      die "API Gateway was not available after ${start_timeout}s"
    fi
    sleep 0.1
    waited=$((waited + 1))
  done

  # setsid execs in place (so $! is LocalStack's pid and its group id) only
  # when the caller is not a group leader, which holds without job control.
  if [[ $(ps -o pgid= -p "$pid" | tr -d ' ') != "$pid" ]]; then
    log "warning: LocalStack (pid $pid) does not lead its own process group; stop may miss children"
  fi

  # Load the API Gateway provider now (~0.7 s) rather than in the first test's
  # request. A read: it creates nothing. Any well-formed SigV4 header is accepted.
  curl -sS --max-time 30 -o /dev/null \
    -H 'Authorization: AWS4-HMAC-SHA256 Credential=test/20000101/us-east-1/apigateway/aws4_request, SignedHeaders=host, Signature=0' \
    "$url/restapis" || log "warning: the warm-up request failed"

  log "LocalStack is ready (pid $pid)"
  printf '%s\n' "$url"
}

cmd_stop() {
  local pid
  if ! pid=$(running_pid); then
    rm -f "$pid_file"
    log "not running"
    return 0
  fi
  log "stopping LocalStack (pid $pid)"
  stop_group "$pid"
  rm -f "$pid_file"
  # Nothing in its file tree outlives a run (PERSISTENCE=0). The log stays for
  # post-mortems unless LOCALSTACK_KEEP_LOG=0 (the test harness, whose ports are
  # ephemeral, keeps only the logs of failed runs).
  rm -rf "$fs_root"
  if [[ ${LOCALSTACK_KEEP_LOG:-1} == 0 ]]; then
    rm -rf "$run_dir"
  fi
  log "stopped"
}

cmd_status() {
  local pid
  if pid=$(running_pid); then
    printf 'running (pid %s, %s, apigateway %s)\n' "$pid" "$url" "$(apigateway_state)"
  else
    printf 'not running\n'
    return 3
  fi
}

case ${1:-} in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) die "usage: ${0##*/} start|stop|status" ;;
esac
