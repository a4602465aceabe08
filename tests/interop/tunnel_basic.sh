#!/usr/bin/env bash
# glasstls tunnel, both modes, against real peers on 127.0.0.1 (docs/cli.md, "glasstls tunnel").
#   --tls-server in front of a plaintext backend (a small python3 asyncio server that logs every
#   connection it gets): openssl s_client, glasstls client and Python's ssl module through it;
#   64 MiB each way (sha256 at both ends); half-close both ways; failed handshakes never reach the
#   backend; timeouts and --max-conns; 1,000 concurrent connections with the descriptor count back
#   to its baseline; SIGHUP reload; SIGTERM exit. mTLS checks run once the engine supports client
#   authentication (skipped with a message until then).
#   --tls-client in front of `openssl s_server`: good CA, wrong CA, pins.
# Usage: tests/interop/tunnel_basic.sh BUILD_DIR
source "$(dirname "$0")/lib.bash"
need_glasstls
need openssl
need python3
source "$(dirname "$0")/tunnel_lib.bash"

CERTS="$ROOT/vectors/certs"
BIG_MIB=${TUNNEL_BIG_MIB:-64}

start_backend

# ---- --tls-server: the basics ----------------------------------------------------------------------
start_tunnel A --tls-server --accept 127.0.0.1:0 --connect "127.0.0.1:$BACKEND_PORT" \
  --cert "$CERTS/server-rsa.pem" --key "$CERTS/server-rsa.key" --idle-timeout 60
PA=$TUNNEL_PORT; PID_A=$TUNNEL_PID

out=$(printf 'hello from s_client\nQUIT\n' | timeout 10 openssl s_client -quiet -connect "127.0.0.1:$PA" \
        -CAfile "$CERTS/ca.pem" -verify_return_error 2>/dev/null || true)
check "s_client -> tunnel -> echo backend" grep -qx 'hello from s_client' <<<"$out"

# glasstls client: stdin held open (a FIFO) so the backend's QUIT decides the end, not our EOF.
glasstls_client_fifo() { # glasstls_client_fifo PORT OUTFILE TEXT [client options...]
  local port=$1 outf=$2 text=$3; shift 3
  rm -f "$WORK/in.fifo"; mkfifo "$WORK/in.fifo"
  exec 7<>"$WORK/in.fifo"
  printf '%b' "$text" >&7
  timeout 60 "$GLASSTLS" client "127.0.0.1:$port" "$@" <"$WORK/in.fifo" >"$outf" 2>"$outf.err"
  local rc=$?
  exec 7>&-
  return $rc
}
glasstls_client_fifo "$PA" "$WORK/gc.out" 'hello from glasstls\nQUIT\n' --ca "$CERTS/ca.pem" || true
check "glasstls client -> tunnel -> echo backend" grep -qx 'hello from glasstls' "$WORK/gc.out"
check "tunnel log line: peer, identity, suite, bytes, time, reason" \
  grep -Eq '^glasstls tunnel: 127\.0\.0\.1:[0-9]+ id="-" suite=TLS_ECDHE_RSA_WITH_[A-Z0-9_]+ up=[0-9]+ down=[0-9]+ time=[0-9.]+s closed: ' "$TLOG_A"

# ---- 64 MiB each way ---------------------------------------------------------------------------------
head -c $((BIG_MIB * 1048576)) /dev/urandom >"$WORK/big"
big_sum=$(sha256sum "$WORK/big" | cut -d' ' -f1)
{ printf 'SINK\n'; cat "$WORK/big"; } | timeout 120 "$GLASSTLS" client "127.0.0.1:$PA" --ca "$CERTS/ca.pem" \
  >/dev/null 2>"$WORK/up.err" || true
wait_log "$BACKEND_LOG" "^sink " 100 || true
check "${BIG_MIB} MiB client -> tunnel -> backend arrives intact (sha256)" \
  grep -qx "sink $((BIG_MIB * 1048576)) $big_sum" "$BACKEND_LOG"
glasstls_client_fifo "$PA" "$WORK/down" "SOURCE $WORK/big\n" --ca "$CERTS/ca.pem" || true
check "${BIG_MIB} MiB backend -> tunnel -> client arrives intact (sha256)" \
  test "$(sha256sum <"$WORK/down" | cut -d' ' -f1)" = "$big_sum"
rm -f "$WORK/big" "$WORK/down"

# ---- half-close --------------------------------------------------------------------------------------
# (1) the backend shuts its side: the client gets close_notify, and can still send (backend logs it).
# (2) the client sends close_notify: the backend sees EOF (SHUT_WR) right after the data.
run_py half "$PA" >"$WORK/half.out" 2>&1 || true
check "half-close: backend EOF -> close_notify to the client" grep -qx 'client got close_notify after server-done' "$WORK/half.out"
wait_log "$BACKEND_LOG" "^half " 30 || true
check "half-close: the client's data after our close_notify still reaches the backend" \
  grep -qx "half b'late data\\\\n'" "$BACKEND_LOG"
wait_log "$BACKEND_LOG" "^eof " 30 || true
check "half-close: client close_notify -> backend sees EOF after all the data" grep -qx 'eof 8' "$BACKEND_LOG"
# A shutdown(SHUT_WR), not a close: the tunnel still reads what the backend sends after the EOF and,
# since it holds back its own close_notify (glasstls_config_set_close_reply MANUAL; RFC 5246 §7.2.1
# asks for the reply, RFC 8446 §6.1 shows why half-close is useful), carries it to the client.
wait_log "$TLOG_A" "closed: client sent close_notify" 30 || true
check "half-close: the backend's 14 bytes after the client's close_notify reach the client" \
  grep -q ' up=17 down=14 time=.* closed: client sent close_notify' "$TLOG_A"

# ---- failed handshakes never reach the backend ---------------------------------------------------------
before=$(backend_accepts)
printf 'x\n' | timeout 10 openssl s_client -quiet -connect "127.0.0.1:$PA" -CAfile "$CERTS/client-ca.pem" \
  -verify_return_error >/dev/null 2>&1 || true
python3 - "$PA" <<'EOF' || true
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
s.sendall(b"GET / HTTP/1.0\r\n\r\n")   # plaintext at a TLS port
try:
    while s.recv(4096): pass
except OSError: pass
EOF
check "failed handshakes: the tunnel logs why (client's unknown_ca alert)" \
  grep -q 'failed: handshake failed: .*unknown_ca' "$TLOG_A"
check "failed handshakes: plaintext at the TLS port is refused" \
  grep -Eq 'failed: handshake failed: .*(decode_error|unexpected_message|protocol_version|record_overflow)' "$TLOG_A"
check "failed handshakes: the backend was never connected" test "$(backend_accepts)" -eq "$before"

# ---- mTLS (client certificates required, allow-lists) --------------------------------------------------
if mtls_supported; then
  start_tunnel M --tls-server --accept 127.0.0.1:0 --connect "127.0.0.1:$BACKEND_PORT" \
    --cert "$CERTS/server-ecdsa.pem" --key "$CERTS/server-ecdsa.key" --client-ca "$CERTS/client-ca.pem" \
    --allow-cn demo-client
  PM=$TUNNEL_PORT
  start_tunnel N --tls-server --accept 127.0.0.1:0 --connect "127.0.0.1:$BACKEND_PORT" \
    --cert "$CERTS/server-ecdsa.pem" --key "$CERTS/server-ecdsa.key" --client-ca "$CERTS/client-ca.pem" \
    --allow-cn somebody-else --allow-san somebody.example
  PN=$TUNNEL_PORT
  out=$(printf 'mtls ok\nQUIT\n' | timeout 10 openssl s_client -quiet -connect "127.0.0.1:$PM" -CAfile "$CERTS/ca.pem" \
          -cert "$CERTS/client.pem" -key "$CERTS/client.key" 2>/dev/null || true)
  check "mTLS: demo-client with a good certificate gets through" grep -qx 'mtls ok' <<<"$out"
  check "mTLS: the log names the client identity" grep -q 'id="[^"]*CN=demo-client' "$TLOG_M"
  before=$(backend_accepts)
  printf 'nocert\n' | timeout 10 openssl s_client -quiet -connect "127.0.0.1:$PM" -CAfile "$CERTS/ca.pem" >/dev/null 2>&1 || true
  printf 'othercert\n' | timeout 10 openssl s_client -quiet -connect "127.0.0.1:$PM" -CAfile "$CERTS/ca.pem" \
    -cert "$CERTS/other-client.pem" -key "$CERTS/other-client.key" >/dev/null 2>&1 || true
  printf 'notallowed\n' | timeout 10 openssl s_client -quiet -connect "127.0.0.1:$PN" -CAfile "$CERTS/ca.pem" \
    -cert "$CERTS/client.pem" -key "$CERTS/client.key" >/dev/null 2>"$WORK/notallowed.err" || true
  wait_log "$TLOG_N" "refused" 50 || true
  check "mTLS: no certificate -> refused" test "$(grep -c 'failed: handshake failed' "$TLOG_M")" -ge 2
  check "mTLS: CN not in --allow-cn/--allow-san -> refused (access_denied)" grep -q 'failed: refused: ' "$TLOG_N"
  check "mTLS: no refused client reached the backend" test "$(backend_accepts)" -eq "$before"
  check "mTLS: the refused client got access_denied(49)" grep -q 'alert access denied' "$WORK/notallowed.err"
  check "mTLS: nothing of theirs reached the backend" bash -c "! grep -Eq 'nocert|othercert|notallowed' '$BACKEND_LOG'"
  check "mTLS: a refused certificate is named in the log" grep -q 'id="[^"]*CN=other-client' "$TLOG_M"

  # --allow-san and --pin, with a client certificate made here by the demo client CA.
  cat >"$WORK/san.ext" <<'EXT'
subjectAltName = DNS:svc.example, URI:spiffe://demo/svc
extendedKeyUsage = clientAuth
keyUsage = critical, digitalSignature
EXT
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/O=glasstls demo/CN=san-client" \
    -keyout "$WORK/san.key" -out "$WORK/san.csr" 2>/dev/null
  openssl x509 -req -in "$WORK/san.csr" -CA "$CERTS/client-ca.pem" -CAkey "$CERTS/client-ca.key" -days 2 \
    -extfile "$WORK/san.ext" -out "$WORK/san.pem" 2>/dev/null
  CPIN=$(openssl x509 -in "$CERTS/client.pem" -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64)
  start_tunnel Q --tls-server --accept 127.0.0.1:0 --connect "127.0.0.1:$BACKEND_PORT" \
    --cert "$CERTS/server-ecdsa.pem" --key "$CERTS/server-ecdsa.key" --client-ca "$CERTS/client-ca.pem" \
    --allow-san spiffe://demo/svc --allow-cn nobody
  PQ=$TUNNEL_PORT
  start_tunnel P --tls-server --accept 127.0.0.1:0 --connect "127.0.0.1:$BACKEND_PORT" \
    --cert "$CERTS/server-ecdsa.pem" --key "$CERTS/server-ecdsa.key" --client-ca "$CERTS/client-ca.pem" \
    --pin "sha256//$CPIN"
  PP=$TUNNEL_PORT
  via() { # via PORT CERT KEY TEXT: one line through an mTLS tunnel, the echo on stdout
    printf '%s\nQUIT\n' "$4" | timeout 10 openssl s_client -quiet -connect "127.0.0.1:$1" -CAfile "$CERTS/ca.pem" \
      -cert "$2" -key "$3" 2>/dev/null | head -n 1 || true
  }
  check "--allow-san: a certificate with that URI SAN gets through" \
    test "$(via "$PQ" "$WORK/san.pem" "$WORK/san.key" san-uri)" = san-uri
  check "--allow-san: the DNS SAN of another tunnel's list does not" \
    test -z "$(via "$PN" "$WORK/san.pem" "$WORK/san.key" san-dns)"
  check "--pin: the pinned client key gets through" \
    test "$(via "$PP" "$CERTS/client.pem" "$CERTS/client.key" pinned)" = pinned
  check "--pin: another key from the same CA does not" \
    test -z "$(via "$PP" "$WORK/san.pem" "$WORK/san.key" unpinned)"
  check "--pin: logged" grep -q 'failed: refused: the client key matches no --pin' "$TLOG_P"
else
  echo "skip mTLS checks: $MTLS_WHY"
fi

# ---- timeouts and --max-conns ----------------------------------------------------------------------------
start_tunnel T --tls-server --accept 127.0.0.1:0 --connect "127.0.0.1:$BACKEND_PORT" \
  --cert "$CERTS/server-ecdsa.pem" --key "$CERTS/server-ecdsa.key" \
  --handshake-timeout 1 --idle-timeout 1 --max-conns 2
run_py limits "$TUNNEL_PORT" >"$WORK/limits.out" 2>&1 || true
check "--max-conns 2: a third connection is closed at once" grep -qx 'third refused' "$WORK/limits.out"
check "--max-conns: logged" grep -q 'refused: --max-conns 2 reached' "$TLOG_T"
check "--handshake-timeout: silent connections are closed" grep -qx 'silent closed 2' "$WORK/limits.out"
check "--handshake-timeout: logged" test "$(grep -c 'failed: handshake timeout' "$TLOG_T")" -eq 2
check "--idle-timeout: an idle session gets close_notify" grep -qx 'idle closed' "$WORK/limits.out"
check "--idle-timeout: logged" grep -q 'closed: idle timeout' "$TLOG_T"

# ---- 1,000 concurrent connections, no descriptor left behind ------------------------------------------
base=$(fd_count "$PID_A")
lines_before=$(grep -c '^glasstls tunnel: 127' "$TLOG_A" || true)
run_py load "$PA" 1000 "$PID_A" >"$WORK/load.out" 2>&1 || true
cat "$WORK/load.out"
check "1,000 concurrent connections: every line echoed" grep -qx 'ok 1000' "$WORK/load.out"
peak=$(sed -n 's/^peak fds //p' "$WORK/load.out")
check "1,000 concurrent connections: held at once (tunnel fds >= base + 2000 at the peak)" \
  test "${peak:-0}" -ge $((base + 2000))
for _ in $(seq 1 100); do [[ $(fd_count "$PID_A") -le $base ]] && break; sleep 0.1; done
check "1,000 concurrent connections: fd count back to its baseline ($base)" test "$(fd_count "$PID_A")" -eq "$base"
for _ in $(seq 1 50); do
  [[ $(grep -c '^glasstls tunnel: 127' "$TLOG_A") -ge $((lines_before + 1000)) ]] && break; sleep 0.1
done
check "1,000 concurrent connections: 1,000 log lines, none failed" \
  test "$(tail -n +1 "$TLOG_A" | grep '^glasstls tunnel: 127' | tail -n 1000 | grep -c ' closed: ')" -eq 1000

# ---- SIGHUP reload -----------------------------------------------------------------------------------
cp "$CERTS/server-rsa.pem" "$WORK/cur.pem"; cp "$CERTS/server-rsa.key" "$WORK/cur.key"
start_tunnel R --tls-server --accept 127.0.0.1:0 --connect "127.0.0.1:$BACKEND_PORT" \
  --cert "$WORK/cur.pem" --key "$WORK/cur.key"
run_py reload "$TUNNEL_PORT" "$TUNNEL_PID" "$TLOG_R" "$WORK/cur" >"$WORK/reload.out" 2>&1 || true
cat "$WORK/reload.out"
check "SIGHUP: new connections get the new certificate" grep -qx 'new conn has the new cert' "$WORK/reload.out"
check "SIGHUP: an open connection keeps working across the reload" grep -qx 'old conn still echoes' "$WORK/reload.out"
check "SIGHUP: a broken reload keeps the previous config" grep -qx 'broken reload kept the config' "$WORK/reload.out"

# ---- SIGTERM -------------------------------------------------------------------------------------------
rm -f "$WORK/in.fifo"; mkfifo "$WORK/in.fifo"; exec 7<>"$WORK/in.fifo"
printf 'still here\n' >&7
timeout 20 "$GLASSTLS" client "127.0.0.1:$PA" --ca "$CERTS/ca.pem" <"$WORK/in.fifo" >"$WORK/term.out" 2>&1 &
CPID=$!
for _ in $(seq 1 100); do grep -q 'still here' "$WORK/term.out" && break; sleep 0.1; done
kill -TERM "$PID_A"
rc_a=0; wait "$PID_A" || rc_a=$?
rc_c=0; wait "$CPID" || rc_c=$?
exec 7>&-
check "SIGTERM: the tunnel exits 0" test "$rc_a" -eq 0
check "SIGTERM: open connections get close_notify (the client exits cleanly)" test "$rc_c" -eq 0
check "SIGTERM: logged" grep -q 'shut down: .* 1 closed at exit' "$TLOG_A"
check "SIGTERM: the open connection's line says why" grep -q 'closed: tunnel shutting down' "$TLOG_A"

# ---- --tls-client in front of openssl s_server ---------------------------------------------------------
SP=$(free_port)
start_bg 60 "$WORK/s_server.log" openssl s_server -accept "127.0.0.1:$SP" -cert "$CERTS/server-rsa.pem" \
  -key "$CERTS/server-rsa.key" -rev -quiet
wait_port "$SP" || fail "openssl s_server did not start"
start_tunnel C --tls-client --accept 127.0.0.1:0 --connect "127.0.0.1:$SP" --ca "$CERTS/ca.pem"
PC=$TUNNEL_PORT
check "--tls-client: plaintext -> tunnel -> openssl s_server" test "$(plain_exchange "$PC" 'hello reversed')" = 'desrever olleh'
check "--tls-client: the log names the server" grep -q 'id="O=glasstls demo, CN=localhost" suite=TLS_' "$TLOG_C"
start_tunnel D --tls-client --accept 127.0.0.1:0 --connect "127.0.0.1:$SP" --ca "$CERTS/client-ca.pem"
check "--tls-client, wrong CA: the plaintext client gets nothing" test -z "$(plain_exchange "$TUNNEL_PORT" 'secret')"
check "--tls-client, wrong CA: logged" grep -q 'failed: handshake failed: .*unknown_ca' "$TLOG_D"
PIN=$(openssl x509 -in "$CERTS/server-rsa.pem" -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64)
start_tunnel E --tls-client --accept 127.0.0.1:0 --connect "127.0.0.1:$SP" --insecure --pin "sha256//$PIN"
check "--tls-client --insecure --pin (right pin)" test "$(plain_exchange "$TUNNEL_PORT" 'pinned')" = 'dennip'
start_tunnel F --tls-client --accept 127.0.0.1:0 --connect "127.0.0.1:$SP" --insecure \
  --pin "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
check "--tls-client --pin (wrong pin): nothing passes" test -z "$(plain_exchange "$TUNNEL_PORT" 'pinned')"
check "--tls-client --pin (wrong pin): logged" grep -q 'failed: handshake failed' "$TLOG_F"

check "usage error: exit 2" bash -c "'$GLASSTLS' tunnel --tls-server --accept 127.0.0.1:0 >/dev/null 2>&1; test \$? -eq 2"
check "every tunnel exits 0 on SIGTERM, no sanitizer report" tunnels_exit_cleanly
finish
