#!/usr/bin/env bash
# openssl s_client -> glasstls server, on 127.0.0.1, for every ECDHE suite of issue 5 with RSA and
# ECDSA certificates (one server holds both and picks by suite). For each suite:
#   --www : s_client sends a request, gets the page in which the server names the suite, and sees the
#           server's close_notify (and answers it);
#   --echo: s_client sends a line, gets it back, closes with close_notify; the server answers.
source "$(dirname "$0")/lib.bash"
need_glasstls
need openssl
CERTS="$ROOT/vectors/certs"

SUITES=(AES_128_GCM_SHA256 AES_256_GCM_SHA384 CHACHA20_POLY1305_SHA256 AES_128_CBC_SHA
        AES_256_CBC_SHA AES_128_CBC_SHA256 AES_256_CBC_SHA384)

# start_glasstls LOG args... -> GPORT from its "listening on HOST:PORT" line
start_glasstls() {
  local log=$1; shift
  start_bg 100 "$log" "$GLASSTLS" server --host 127.0.0.1 --port 0 -v \
    --cert "$CERTS/server-rsa.pem" --key "$CERTS/server-rsa.key" \
    --cert "$CERTS/server-ecdsa.pem" --key "$CERTS/server-ecdsa.key" "$@"
  GPORT=$(wait_listening "$log") || { echo "glasstls server did not start:"; cat "$log"; return 1; }
}

start_glasstls "$WORK/www.log" --www || fail "no --www server"
WWW=$GPORT
start_glasstls "$WORK/echo.log" --echo || fail "no --echo server"
ECHO=$GPORT

s_client() { # s_client PORT NAME args... (stdin: what to send)
  local port=$1 name=$2; shift 2
  timeout 10 openssl s_client -connect "127.0.0.1:$port" -tls1_2 -servername localhost \
    -CAfile "$CERTS/ca.pem" -verify_return_error -msg "$@" >"$WORK/$name.out" 2>&1
}

www_case() { # www_case IANA OPENSSL_CIPHER [s_client args]
  local iana=$1 name="www-$1"; shift
  printf 'GET / HTTP/1.0\r\nHost: localhost\r\n\r\n' | s_client "$WWW" "$name" -ign_eof -cipher "$@" ||
    { echo "  s_client failed: $(grep -m1 -i error "$WORK/$name.out")"; return 1; }
  local out="$WORK/$name.out"
  grep -q "Verify return code: 0 (ok)" "$out" || { echo "  certificate not verified"; return 1; }
  grep -q "^HTTP/1.0 200 OK" "$out" || { echo "  no HTTP response"; return 1; }
  grep -q "^Protocol: TLSv1.2" "$out" || { echo "  page lacks Protocol"; return 1; }
  grep -q "^Cipher: $iana" "$out" || { echo "  page does not name $iana"; return 1; }
  grep -q "^Group: " "$out" && grep -q "^ALPN: " "$out" && grep -q "^Resumed: no" "$out" &&
    grep -q "^Client certificate: none" "$out" || { echo "  page lacks a line"; return 1; }
  grep -q "<<< TLS 1.2, Alert .*close_notify" "$out" || { echo "  no close_notify from the server"; return 1; }
}

echo_case() { # echo_case IANA OPENSSL_CIPHER
  local iana=$1 name="echo-$1"; shift
  (printf 'ping %s\n' "$iana"; sleep 0.3) | s_client "$ECHO" "$name" -cipher "$@" ||
    { echo "  s_client failed"; return 1; }
  grep -q "^ping $iana" "$WORK/$name.out" || { echo "  nothing echoed"; return 1; }
  grep -q ">>> TLS 1.2, Alert .*close_notify" "$WORK/$name.out" || { echo "  s_client sent no close_notify"; return 1; }
}

n_echo=0
for cert in RSA ECDSA; do
  for s in "${SUITES[@]}"; do
    iana="TLS_ECDHE_${cert}_WITH_$s"
    ossl=$(ossl_name "$iana")
    check "server --www $iana" www_case "$iana" "$ossl"
    check "server --echo $iana" echo_case "$iana" "$ossl"
    n_echo=$((n_echo+1))
  done
done

for g in X25519:x25519 P-256:secp256r1 P-384:secp384r1; do
  theirs=${g%%:*} ours=${g##*:}
  check "server group $ours" www_case TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 ECDHE-RSA-AES128-GCM-SHA256 -groups "$theirs"
  grep -q "^Group: $ours" "$WORK/www-TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256.out" ||
    { echo "  page does not name $ours"; FAILED=$((FAILED+1)); }
done

# The request split over many records still gets its page (docs/cli.md: "it may arrive split").
split_request() {
  (printf 'GET / HTTP/1.0\r\n'; sleep 0.2; printf 'Host: localhost\r\n'; sleep 0.2; printf '\r\n'; sleep 0.5) |
    s_client "$WWW" split -cipher ECDHE-RSA-AES128-GCM-SHA256 || return 1
  grep -q "^Cipher: TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" "$WORK/split.out"
}
check "server --www request split over records" split_request

# A failed handshake never stops the server: a client offering only a suite we lack, then a good one.
bad_then_good() {
  printf 'x' | timeout 10 openssl s_client -connect "127.0.0.1:$WWW" -tls1_2 -cipher AES128-SHA \
    >"$WORK/bad.out" 2>&1 && return 1
  www_case TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 ECDHE-RSA-AES128-GCM-SHA256
}
check "server survives a failed handshake" bad_then_good
grep -q "handshake failed" "$WORK/www.log" || { echo "  no 'handshake failed' line"; FAILED=$((FAILED+1)); }

# The echo server answered every client's close_notify with its own.
sleep 0.3
answered=$(grep -c "closed (close_notify both ways)" "$WORK/echo.log" || true)
check "server answered close_notify on all $n_echo echo connections" test "$answered" -eq "$n_echo"
[[ "$answered" -eq "$n_echo" ]] || sed "s/^/  /" "$WORK/echo.log"

finish
