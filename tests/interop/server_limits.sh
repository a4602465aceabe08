#!/usr/bin/env bash
# `glasstls server` as a server that defends itself and runs as a fleet (tools/net/evloop.c,
# tools/net/shared_store.c), in a few seconds:
#   - a client that stops reading is dropped after --idle-timeout (1 s here);
#   - a silent connection is dropped after --handshake-timeout;
#   - the (--max-conns-per-ip + 1)th connection from one address is closed at once, and logged;
#   - SIGTERM: every open client gets close_notify, the server exits 0;
#   - --workers 2: a session made on one worker resumes on the other (session ID and ticket);
#   - two instances with one --ticket-keys file resume each other's tickets; SIGHUP re-reads it:
#     a key kept as "previous" still opens its tickets, a key dropped from the file does not;
#   - -v names the group, or why there is none (resumed, RSA key transport), and logs a normal
#     close by openssl s_client as a normal close;
#   - the tunnel, on the same loop: --workers 2 with a per-address limit that counts across them.
# Usage: tests/interop/server_limits.sh BUILD_DIR
source "$(dirname "$0")/lib.bash"
need_glasstls
need openssl
need python3
CERTS="$ROOT/vectors/certs"
RSA=(--cert "$CERTS/server-rsa.pem" --key "$CERTS/server-rsa.key")

start_server() { # start_server NAME args... -> SPORT, SPID; stderr in $WORK/NAME.log
  local name=$1; shift
  : >"$WORK/$name.log"
  "$GLASSTLS" server --port 0 "$@" 2>"$WORK/$name.log" & # no timeout(1) in between: it would
                                                         # not pass on every SIGHUP
  SPID=$!
  PIDS+=("$SPID")
  SPORT=$(wait_listening "$WORK/$name.log") || fail "server $name did not start: $(cat "$WORK/$name.log")"
}

# ---- idle and handshake timeouts, per-address limit ------------------------------------------
start_server lim --echo -v --idle-timeout 1 --handshake-timeout 1 --max-conns-per-ip 3 "${RSA[@]}"
python3 - "$SPORT" "$CERTS/ca.pem" >"$WORK/lim.out" 2>&1 <<'EOF'
import socket, ssl, sys, time
port, ca = int(sys.argv[1]), sys.argv[2]
ctx = ssl.create_default_context(cafile=ca)
ctx.check_hostname = False

# A reader that never reads: it sends until the server's echo fills every buffer, then waits.
s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port)), server_hostname="localhost")
s.settimeout(0.2)
chunk = b"x" * 65536
start = time.monotonic()
dropped = False
while time.monotonic() - start < 8:
    try:
        s.send(chunk)
    except socket.timeout:
        pass  # blocked: the server stopped reading because we do not read
    except (ssl.SSLError, OSError):
        dropped = True
        break
print("never-reader dropped" if dropped else "never-reader still open", f"after {time.monotonic() - start:.1f}s")
s.close()

# Silent connections: closed after the handshake timeout (the kernel hands a connection that
# sends nothing over after a second, TCP_DEFER_ACCEPT: then its timeout starts).
silent = socket.create_connection(("127.0.0.1", port))
silent.settimeout(6)
t0 = time.monotonic()
try:
    data = silent.recv(100)
except OSError:
    data = b""
print("silent closed" if data == b"" and time.monotonic() - t0 < 5 else "silent kept")

# Three held connections from 127.0.0.1 (each sends the first byte of a record, so it is
# accepted at once and then waits in its handshake), then a fourth: closed at once.
def started():
    s = socket.create_connection(("127.0.0.1", port))
    s.send(b"\x16")
    return s
held = [started() for _ in range(3)]
time.sleep(0.2)
extra = started()
extra.settimeout(0.5)
try:
    print("fourth refused" if extra.recv(1) == b"" else "fourth served")
except socket.timeout:
    print("fourth kept open")
except OSError:
    print("fourth refused")
EOF
check "a client that never reads is dropped after --idle-timeout 1" grep -q '^never-reader dropped' "$WORK/lim.out"
check "  ... and the log says why" grep -q 'idle timeout (1 s, nothing moved either way)' "$WORK/lim.log"
check "a silent connection is closed after --handshake-timeout 1" grep -qx 'silent closed' "$WORK/lim.out"
check "the (--max-conns-per-ip + 1)th connection is closed at once" grep -qx 'fourth refused' "$WORK/lim.out"
check "  ... and logged" grep -q 'refused: --max-conns-per-ip 3 reached' "$WORK/lim.log"
check "--help shows every limit" bash -c '"$1" server --help | grep -q -- "--max-conns-per-ip N" &&
  "$1" server --help | grep -q -- "--idle-timeout S" && "$1" tunnel --help | grep -q -- "--workers N"' _ "$GLASSTLS"

# ---- SIGTERM -----------------------------------------------------------------------------------
start_server term --echo -v "${RSA[@]}"
rm -f "$WORK/in.fifo"; mkfifo "$WORK/in.fifo"
exec 7<>"$WORK/in.fifo"
timeout 20 "$GLASSTLS" client "127.0.0.1:$SPORT" --ca "$CERTS/ca.pem" -v <"$WORK/in.fifo" >"$WORK/term.out" 2>"$WORK/term.err" &
CPID=$!
printf 'hello\n' >&7
wait_log "$WORK/term.out" '^hello' 50 || true
kill -TERM "$SPID"
set +e; wait "$SPID"; rc_s=$?; wait "$CPID"; rc_c=$?; set -e
exec 7>&-
check "SIGTERM: the server exits 0" test "$rc_s" -eq 0
check "SIGTERM: the open client got close_notify (it exits 0)" test "$rc_c" -eq 0
check "  ... it says so" grep -q 'received close_notify' "$WORK/term.err"
check "  ... the server's log says it shut down" grep -q 'shut down: 1 connections served, 1 closed at exit' "$WORK/term.log"

# ---- workers and instances resume each other -----------------------------------------------------
keyline() { head -c 48 /dev/urandom | od -An -tx1 | tr -d ' \n'; echo; }
OLD=$(keyline); NEW=$(keyline)
printf '# current\n%s\n' "$OLD" >"$WORK/keys"
start_server wA --www -v --workers 2 --ticket-keys "$WORK/keys" "${RSA[@]}"; PA=$SPORT; PID_A=$SPID
start_server iB --www -v --ticket-keys "$WORK/keys" "${RSA[@]}"; PB=$SPORT; PID_B=$SPID

sclient() { # sclient PORT [s_client args...]: one request; prints New/Reused
  local port=$1; shift
  printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 openssl s_client -connect "127.0.0.1:$port" -tls1_2 \
    -CAfile "$CERTS/ca.pem" -ign_eof "$@" 2>&1 | grep -E '^(New|Reused),' || true
}
# Resume until a worker other than the one that made the session has resumed it (each try has an
# even chance: the kernel spreads connections over the workers' sockets).
new_lines() { tail -n +"$((FROM + 1))" "$WORK/wA.log"; } # what wA logged since line FROM
across_workers() { # across_workers SESSFILE [s_client args...]
  local f=$1 first i; shift
  FROM=$(wc -l <"$WORK/wA.log")
  sclient "$PA" -sess_out "$f" "$@" >/dev/null
  for i in $(seq 1 50); do new_lines | grep -q 'x25519.*worker' && break; sleep 0.1; done
  first=$(new_lines | grep -o 'x25519.*worker [0-9]' | tail -1 | grep -o '[0-9]$')
  [[ -n $first ]] || { echo "  no full handshake logged"; return 1; }
  for i in $(seq 1 30); do
    [[ $(sclient "$PA" -sess_in "$f" "$@") == Reused* ]] || { echo "  try $i: not resumed"; return 1; }
    sleep 0.05
    new_lines | grep 'resumed' | grep -qv "worker $first\$" && return 0
  done
  echo "  30 resumptions, all on worker $first"; return 1
}
check "--workers 2: a session ID made on one worker resumes on the other" across_workers "$WORK/sid.pem" -no_ticket
check "--workers 2: a ticket made on one worker resumes on the other" across_workers "$WORK/t1.pem"
b_resumes() { [[ $(sclient "$PB" -sess_in "$1") == Reused* ]]; }
check "two instances, one --ticket-keys file: A's ticket resumes on B" b_resumes "$WORK/t1.pem"

# Rotation: the new key first, the old one kept as previous -> old tickets still open; then the
# old key dropped -> they do not (a full handshake, never an error). The ticket is made on A and
# tried on B, which never saw its session ID: only the ticket can resume it there.
sclient "$PA" -sess_out "$WORK/old.pem" >/dev/null
printf '# current\n%s\n# previous\n%s\n' "$NEW" "$OLD" >"$WORK/keys"
kill -HUP "$PID_B"
wait_log "$WORK/iB.log" 'SIGHUP: reloaded (generation 2, 2 ticket keys)' 50 || true
check "SIGHUP re-reads --ticket-keys" grep -q 'SIGHUP: reloaded (generation 2, 2 ticket keys)' "$WORK/iB.log"
check "rotation: a ticket under the previous key still resumes" b_resumes "$WORK/old.pem"
printf '%s\n' "$NEW" >"$WORK/keys"
kill -HUP "$PID_B"
wait_log "$WORK/iB.log" 'generation 3, 1 ticket keys' 50 || true
dropped_key() { [[ $(sclient "$PB" -sess_in "$WORK/old.pem") == New* ]]; }
check "rotation: a ticket under a key dropped from the file gets a full handshake" dropped_key
printf 'not a key\n' >"$WORK/keys"
kill -HUP "$PID_B"
wait_log "$WORK/iB.log" 'keeping the ticket keys in use' 50 || true
check "a key file that does not load keeps the keys in use" grep -q 'keeping the ticket keys in use' "$WORK/iB.log"

# ---- -v lines ------------------------------------------------------------------------------------
check "-v: a resumed handshake says 'resumed' where the group goes (not (null))" \
  grep -q 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 resumed, SNI' "$WORK/iB.log"
start_server kx --www -v --ciphers TLS_RSA_WITH_AES_128_GCM_SHA256 "${RSA[@]}"
sclient "$SPORT" >/dev/null
wait_log "$WORK/kx.log" 'closed' 50 || true
check "-v: RSA key transport says 'RSA-kx' where the group goes" grep -q 'TLS_RSA_WITH_AES_128_GCM_SHA256 RSA-kx, SNI' "$WORK/kx.log"
check "-v: no (null) anywhere" bash -c '! grep -q "(null)" "$1"/*.log' _ "$WORK"
start_server sc --echo -v "${RSA[@]}"
printf 'hi\n' | timeout 10 openssl s_client -connect "127.0.0.1:$SPORT" -tls1_2 -CAfile "$CERTS/ca.pem" >/dev/null 2>&1 || true
wait_log "$WORK/sc.log" 'closed' 50 || true
check "-v: openssl s_client's normal close is logged as one" grep -q 'closed (close_notify both ways)' "$WORK/sc.log"
check "  ... not as an internal error name" bash -c '! grep -q "TLS_ERR_" "$1"' _ "$WORK/sc.log"

# ---- the tunnel shares the loop: --workers and a per-address limit across them ------------------
: >"$WORK/tun.log"
"$GLASSTLS" tunnel --tls-server --accept 127.0.0.1:0 --connect 127.0.0.1:9 "${RSA[@]}" \
  --workers 2 --max-conns-per-ip 2 2>"$WORK/tun.log" &
TPID=$!
PIDS+=("$TPID")
TPORT=$(wait_listening "$WORK/tun.log") || fail "the tunnel did not start: $(cat "$WORK/tun.log")"
python3 - "$TPORT" >"$WORK/tun.out" 2>&1 <<'EOF'
import socket, sys, time
port = int(sys.argv[1])
held = []
for _ in range(8):  # two held, then more: each lands on either worker, the limit counts both
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(0.5)
    held.append(s)
    time.sleep(0.05)
closed = 0
for s in held[2:]:
    try:
        closed += s.recv(1) == b""
    except socket.timeout:
        pass
    except OSError:
        closed += 1
print(f"closed {closed} of 6")
EOF
check "tunnel --workers 2: the per-address limit counts across the workers" grep -qx 'closed 6 of 6' "$WORK/tun.out"
kill -TERM "$TPID"
set +e; wait "$TPID"; rc_t=$?; set -e
check "tunnel --workers 2: SIGTERM -> exit 0" test "$rc_t" -eq 0
check "  ... every worker shut down" test "$(grep -c 'shut down' "$WORK/tun.log")" -eq 2

kill -TERM "$PID_A" "$PID_B" 2>/dev/null || true
finish
