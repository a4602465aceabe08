# Shared helpers for the shell-driven interop tests (sourced, not run).
# Every peer is started on 127.0.0.1 on a free port, with a time limit, and killed on exit.
#   source "$(dirname "$0")/lib.bash"; BUILD=$1; need_glasstls; port=$(free_port)

set -euo pipefail
BUILD=${1:-build}
[[ "$BUILD" = /* ]] || BUILD="$(pwd)/$BUILD"
GLASSTLS="$BUILD/glasstls"
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/glasstls-interop.XXXXXX")
PIDS=()

cleanup() {
  for p in "${PIDS[@]:-}"; do
    [[ -n "$p" ]] && kill "$p" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

skip() { echo "SKIP: $*" >&2; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || skip "$1 not installed"; }
need_glasstls() { [[ -x "$GLASSTLS" ]] || skip "$GLASSTLS not built"; }

# A free TCP port on 127.0.0.1 (asks the kernel by binding port 0).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Start a command in the background with a time limit; its pid is appended to PIDS.
start_bg() { # start_bg SECONDS LOGFILE cmd...
  local secs=$1 log=$2; shift 2
  timeout "$secs" "$@" >"$log" 2>&1 &
  PIDS+=($!)
}

# Wait until something listens on 127.0.0.1:PORT (up to ~10 s).
wait_port() {
  local port=$1 i
  for i in $(seq 1 100); do
    (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# Capture port PORT on lo into FILE with tshark; skips (77) when capturing is not permitted
# here. tshark says "Capturing on" a moment before it really captures, so the capture counts as
# started only once it has seen one of the UDP datagrams sent to PORT meanwhile (a TCP reader of
# the file never sees them). stop_capture ends it and waits until the file is complete.
start_capture() { # start_capture PORT FILE
  timeout 30 tshark -l -P -i lo -f "port $1" -w "$2" >"$WORK/tshark.log" 2>&1 &
  CAPTURE_PID=$!
  PIDS+=($CAPTURE_PID)
  local i
  for i in $(seq 1 150); do
    grep -q " UDP .* $1 " "$WORK/tshark.log" 2>/dev/null && return 0
    kill -0 "$CAPTURE_PID" 2>/dev/null || break
    echo probe >/dev/udp/127.0.0.1/"$1" 2>/dev/null || true
    sleep 0.1
  done
  skip "tshark cannot capture on lo here: $(head -c 300 "$WORK/tshark.log")"
}
stop_capture() {
  kill -INT "$CAPTURE_PID" 2>/dev/null || true
  wait "$CAPTURE_PID" 2>/dev/null || true
}

# Wait for the "listening on HOST:PORT" line a glasstls server (or `glasstls probe serve`) prints
# on stderr when it is ready, and print PORT (up to ~10 s). The log may not exist yet. Returns 1,
# printing nothing, if the line never comes:  GPORT=$(wait_listening "$log") || fail "no server"
wait_listening() { # wait_listening LOG [HOST]
  local log=$1 host=${2:-127.0.0.1} i port
  for i in $(seq 1 100); do
    port=$(sed -n "s/^listening on ${host//./\\.}:\([1-9][0-9]*\)\$/\1/p" "$log" 2>/dev/null || true)
    [[ -n "$port" ]] && { echo "$port"; return 0; }
    sleep 0.1
  done
  return 1
}

# OpenSSL's name for an IANA suite name (`openssl ciphers -stdname` prints both).
# Wait until FILE has a line matching the grep pattern: TRIES x 0.1 s (default 100, ~10 s).
# Output written by another process (a server's forked child, a backend) lands when it lands.
wait_log() { # wait_log FILE PATTERN [TRIES]
  local i
  for i in $(seq 1 "${3:-100}"); do
    grep -q -- "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

ossl_name() { openssl ciphers -stdname ALL | awk -v s="$1" '$1 == s { print $3 }'; }

# Counters and the closing line ctest users read.
PASSED=0; FAILED=0
check() { # check "name" command...
  local name=$1; shift
  if "$@"; then PASSED=$((PASSED+1)); echo "ok   $name"; else FAILED=$((FAILED+1)); echo "FAIL $name"; fi
}
finish() {
  echo "$PASSED passed, $FAILED failed"
  [[ $FAILED -eq 0 ]]
}
