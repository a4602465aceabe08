# Helpers for the tunnel tests (sourced after lib.bash, not run; not a test itself).
#   start_backend            the python3 backend of tunnel_peers.py on a free port: BACKEND_PORT, BACKEND_LOG
#   start_tunnel NAME ARGS   `glasstls tunnel ARGS` in the background: TUNNEL_PORT, TUNNEL_PID, TLOG_<NAME>
#   mtls_supported           0 if the engine does client authentication (else MTLS_WHY says why not)
#   run_py CMD ARGS          one of tunnel_peers.py's clients, with a time limit

TUNNEL_PEERS="$ROOT/tests/interop/tunnel_peers.py"
export TUNNEL_CERTS="$ROOT/vectors/certs"

start_backend() {
  BACKEND_LOG="$WORK/backend.log"
  : >"$BACKEND_LOG"
  timeout 300 python3 "$TUNNEL_PEERS" backend "$WORK/backend.port" "$BACKEND_LOG" 2>"$WORK/backend.err" &
  PIDS+=($!)
  local i
  for i in $(seq 1 100); do
    [[ -s "$WORK/backend.port" ]] && break
    sleep 0.1
  done
  BACKEND_PORT=$(cat "$WORK/backend.port" 2>/dev/null) || fail "the backend did not start"
}

# How many connections the backend has accepted so far.
backend_accepts() { grep -c '^accept' "$BACKEND_LOG" || true; }

start_tunnel() { # start_tunnel NAME tunnel-args...
  local name=$1; shift
  local log="$WORK/tunnel-$name.log" i
  : >"$log" # exists before the background job opens it
  "$GLASSTLS" tunnel "$@" 2>"$log" &
  TUNNEL_PID=$!
  PIDS+=("$TUNNEL_PID")
  TUNNEL_LOGS+=("$log")
  TUNNEL_PIDS+=("$TUNNEL_PID")
  printf -v "TLOG_$name" '%s' "$log"
  for i in $(seq 1 100); do
    TUNNEL_PORT=$(sed -n 's/^listening on .*:\([0-9][0-9]*\)$/\1/p' "$log")
    [[ -n "$TUNNEL_PORT" ]] && return 0
    kill -0 "$TUNNEL_PID" 2>/dev/null || break
    sleep 0.1
  done
  cat "$log" >&2
  fail "tunnel $name did not start"
}

# Does this build do client authentication? The tunnel says so at start: with --client-ca it either
# listens, or refuses with TLS_ERR_UNSUPPORTED (glasstls_config_set_client_auth, issue 6).
mtls_supported() {
  local log="$WORK/mtls-probe.log" pid i
  : >"$log"
  "$GLASSTLS" tunnel --tls-server --accept 127.0.0.1:0 --connect 127.0.0.1:9 \
    --cert "$TUNNEL_CERTS/server-ecdsa.pem" --key "$TUNNEL_CERTS/server-ecdsa.key" \
    --client-ca "$TUNNEL_CERTS/client-ca.pem" 2>"$log" &
  pid=$!
  for i in $(seq 1 100); do
    if grep -q '^listening on' "$log"; then
      kill "$pid"; wait "$pid" 2>/dev/null || true
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  wait "$pid" 2>/dev/null || true
  if grep -q 'TLS_ERR_UNSUPPORTED' "$log"; then
    MTLS_WHY="client authentication is not in the engine yet ($(head -n 1 "$log"))"
    return 1
  fi
  cat "$log" >&2
  fail "tunnel --client-ca did not start"
}

# At the end: every tunnel still running gets SIGTERM and must exit 0, and no tunnel log may hold
# a sanitizer report (an ASan/UBSan build turns leaks and undefined behaviour into both).
TUNNEL_LOGS=(); TUNNEL_PIDS=()
tunnels_exit_cleanly() {
  local i rc bad=0
  for i in "${!TUNNEL_PIDS[@]}"; do
    if kill -0 "${TUNNEL_PIDS[$i]}" 2>/dev/null; then
      kill -TERM "${TUNNEL_PIDS[$i]}"
      rc=0; wait "${TUNNEL_PIDS[$i]}" || rc=$?
      [[ $rc -eq 0 ]] || { echo "tunnel ${TUNNEL_LOGS[$i]} exited $rc" >&2; bad=1; }
    fi
    if grep -Eq 'Sanitizer|runtime error' "${TUNNEL_LOGS[$i]}"; then
      cat "${TUNNEL_LOGS[$i]}" >&2; bad=1
    fi
  done
  return $bad
}

run_py() { timeout 120 python3 "$TUNNEL_PEERS" "$@"; }

fd_count() { ls "/proc/$1/fd" | wc -l; }

# Send one line in plaintext to 127.0.0.1:PORT and print the first line that comes back (nothing
# if the connection closes first).
plain_exchange() { # plain_exchange PORT TEXT
  python3 - "$1" "$2" <<'EOF'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
s.sendall(sys.argv[2].encode() + b"\n")
data = b""
try:
    while not data.endswith(b"\n"):
        d = s.recv(4096)
        if not d:
            break
        data += d
except OSError:
    pass
s.close()
print(data.decode(errors="replace").rstrip("\n"))
EOF
}
