#!/usr/bin/env bash
# The seed scenario, end to end (issue 7): Redis must not face the network bare.
#   1. redis-server on a loopback port without TLS; `glasstls tunnel --tls-server` with a required
#      client certificate (vectors/certs/client-ca.pem) in front of it. redis-cli --tls with the demo
#      client certificate does SET/GET through it; redis-cli without a certificate, or with one from
#      another CA, or with a good one whose CN is not allowed, is refused, and Redis never sees a
#      connection or a command from them (INFO stats / commandstats on the backend, read directly).
#      (Needs client authentication in the engine; skipped with a message until it is there.)
#   2. The reverse: plaintext redis-cli -> `glasstls tunnel --tls-client` (with the demo client
#      certificate) -> redis-server --tls-port; a tunnel trusting the wrong CA gets nothing through.
#      Once the engine does client authentication: Redis with --tls-auth-clients yes lets the
#      tunnel's certificate in and refuses a tunnel without one.
# Redis comes from Debian (scripts/setup.sh --peers); the test skips (77) only without it.
# Usage: tests/interop/redis_tunnel.sh BUILD_DIR
source "$(dirname "$0")/lib.bash"
need_glasstls
need redis-server
need redis-cli
need python3
source "$(dirname "$0")/tunnel_lib.bash"
CERTS="$ROOT/vectors/certs"

rcli() { timeout 10 redis-cli -h 127.0.0.1 "$@" 2>&1; }
# A field of INFO, read straight from the backend (never through a tunnel).
redis_info() { rcli -p "$1" INFO "$2" | tr -d '\r' | sed -n "s/^$3:\([0-9]*\).*/\1/p"; }

# ---- 1. TLS + client certificates in front of a plaintext Redis ----------------------------------
RP=$(free_port)
start_bg 120 "$WORK/redis.log" redis-server --port "$RP" --bind 127.0.0.1 --save '' --appendonly no \
  --dir "$WORK"
wait_port "$RP" || fail "redis-server did not start"

if mtls_supported; then
  start_tunnel S --tls-server --accept 127.0.0.1:0 --connect "127.0.0.1:$RP" \
    --cert "$CERTS/server-rsa.pem" --key "$CERTS/server-rsa.key" --client-ca "$CERTS/client-ca.pem"
  TP=$TUNNEL_PORT
  start_tunnel W --tls-server --accept 127.0.0.1:0 --connect "127.0.0.1:$RP" \
    --cert "$CERTS/server-rsa.pem" --key "$CERTS/server-rsa.key" --client-ca "$CERTS/client-ca.pem" \
    --allow-cn someone-else
  WP=$TUNNEL_PORT
  tls_cli=(--tls --cacert "$CERTS/ca.pem" --cert "$CERTS/client.pem" --key "$CERTS/client.key")
  check "redis-cli --tls --cert: SET through the tunnel" test "$(rcli -p "$TP" "${tls_cli[@]}" SET seed glasstls)" = OK
  check "redis-cli --tls --cert: GET through the tunnel" test "$(rcli -p "$TP" "${tls_cli[@]}" GET seed)" = glasstls
  check "the value is in Redis (read directly)" test "$(rcli -p "$RP" GET seed)" = glasstls
  check "the tunnel logs the client identity" grep -q 'id="[^"]*CN=demo-client[^"]*" suite=TLS_' "$TLOG_S"

  rcli -p "$RP" CONFIG RESETSTAT >/dev/null
  conns_before=$(redis_info "$RP" stats total_connections_received)
  out_none=$(rcli -p "$TP" --tls --cacert "$CERTS/ca.pem" SET nocert x || true)
  out_other=$(rcli -p "$TP" --tls --cacert "$CERTS/ca.pem" --cert "$CERTS/other-client.pem" \
                --key "$CERTS/other-client.key" SET othercert x || true)
  out_cn=$(rcli -p "$WP" "${tls_cli[@]}" SET notallowed x || true)
  conns_after=$(redis_info "$RP" stats total_connections_received)
  check "redis-cli without a client certificate is refused" bash -c "! grep -q '^OK' <<<'$out_none'"
  check "redis-cli with a certificate from another CA is refused" bash -c "! grep -q '^OK' <<<'$out_other'"
  check "redis-cli with a good certificate but a CN not in --allow-cn is refused" bash -c "! grep -q '^OK' <<<'$out_cn'"
  check "the refusals are logged" test "$(grep -c 'failed: ' "$TLOG_S")" -ge 2
  check "the allow-list refusal is logged" grep -q 'failed: refused: ' "$TLOG_W"
  # The only connection Redis saw since RESETSTAT is the INFO that reads the counter.
  check "no refused client ever connected to Redis" test "$conns_after" -eq $((conns_before + 1))
  stats=$(rcli -p "$RP" INFO commandstats | tr -d '\r')
  check "no command of theirs reached Redis (only our INFO/CONFIG)" \
    bash -c "! grep '^cmdstat_' <<<'$stats' | grep -Ev '^cmdstat_(info|config)[:|]' | grep -q ."
  check "none of their keys exist" test "$(rcli -p "$RP" EXISTS nocert othercert notallowed)" = 0
else
  echo "skip part 1 (TLS + client certificates in front of Redis): $MTLS_WHY"
fi

# ---- 2. The reverse: plaintext redis-cli -> tunnel --tls-client -> Redis with TLS ----------------
# This Redis asks for a client certificate but does not insist (--tls-auth-clients optional), so the
# tunnel works whether or not the engine answers CertificateRequest with its certificate yet.
redis_tls() { # redis_tls PORT AUTH_CLIENTS LOG
  start_bg 120 "$3" redis-server --port 0 --tls-port "$1" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$WORK" --tls-cert-file "$CERTS/server-rsa.pem" --tls-key-file "$CERTS/server-rsa.key" \
    --tls-ca-cert-file "$CERTS/client-ca.pem" --tls-auth-clients "$2"
  wait_port "$1" || fail "redis-server --tls-port did not start"
}
tls_direct() { # redis-cli over TLS straight to Redis (to read what arrived)
  local port=$1; shift
  rcli -p "$port" --tls --cacert "$CERTS/ca.pem" --cert "$CERTS/client.pem" --key "$CERTS/client.key" "$@"
}
RTP=$(free_port)
redis_tls "$RTP" optional "$WORK/redis-tls.log"
start_tunnel C --tls-client --accept 127.0.0.1:0 --connect "127.0.0.1:$RTP" --ca "$CERTS/ca.pem" \
  --cert "$CERTS/client.pem" --key "$CERTS/client.key"
CP=$TUNNEL_PORT
check "plaintext redis-cli -> tunnel -> TLS Redis: SET" test "$(rcli -p "$CP" SET reverse ok)" = OK
check "plaintext redis-cli -> tunnel -> TLS Redis: GET" test "$(rcli -p "$CP" GET reverse)" = ok
check "the value is in Redis (read over TLS directly)" test "$(tls_direct "$RTP" GET reverse)" = ok
check "the tunnel logs the Redis server's identity" grep -q 'id="O=glasstls demo, CN=localhost" suite=TLS_' "$TLOG_C"

start_tunnel Y --tls-client --accept 127.0.0.1:0 --connect "127.0.0.1:$RTP" --ca "$CERTS/client-ca.pem"
out=$(rcli -p "$TUNNEL_PORT" SET wrongca x || true)
check "tunnel trusting the wrong CA: nothing passes" bash -c "! grep -q '^OK' <<<'$out'"
check "tunnel trusting the wrong CA: logged" grep -q 'failed: handshake failed: .*unknown_ca' "$TLOG_Y"
check "the key does not exist in Redis" test "$(tls_direct "$RTP" EXISTS wrongca)" = 0

# Redis that requires client certificates (--tls-auth-clients yes): the tunnel's --cert gets in,
# a tunnel without one does not.
if mtls_supported; then
  RYP=$(free_port)
  redis_tls "$RYP" yes "$WORK/redis-tls-yes.log"
  start_tunnel K --tls-client --accept 127.0.0.1:0 --connect "127.0.0.1:$RYP" --ca "$CERTS/ca.pem" \
    --cert "$CERTS/client.pem" --key "$CERTS/client.key"
  check "Redis requiring client certificates: SET through the tunnel with --cert" \
    test "$(rcli -p "$TUNNEL_PORT" SET withcert ok)" = OK
  start_tunnel X --tls-client --accept 127.0.0.1:0 --connect "127.0.0.1:$RYP" --ca "$CERTS/ca.pem"
  out=$(rcli -p "$TUNNEL_PORT" SET nocert x || true)
  check "Redis requiring client certificates: a tunnel without --cert gets nothing through" \
    bash -c "! grep -q '^OK' <<<'$out'"
  check "... and logs the refusal" grep -q 'failed: handshake failed' "$TLOG_X"
  check "... and the key does not exist" test "$(tls_direct "$RYP" EXISTS nocert)" = 0
else
  echo "skip Redis with --tls-auth-clients yes: $MTLS_WHY"
fi
check "every tunnel exits 0 on SIGTERM, no sanitizer report" tunnels_exit_cleanly
finish
