#!/usr/bin/env bash
# glasstls client -> openssl s_server, on 127.0.0.1, for every ECDHE suite of issue 5 with RSA and
# ECDSA certificates, each group, and ALPN. Data flows both ways (s_server -rev sends each line back
# reversed) and close_notify goes both ways: the client sends it at the end of stdin, s_server
# answers, and the s_server log must show one received and one sent.
source "$(dirname "$0")/lib.bash"
need_glasstls
need openssl
CERTS="$ROOT/vectors/certs"

SUITES=(AES_128_GCM_SHA256 AES_256_GCM_SHA384 CHACHA20_POLY1305_SHA256 AES_128_CBC_SHA
        AES_256_CBC_SHA AES_128_CBC_SHA256 AES_256_CBC_SHA384)

# start_s_server LOG extra-args... -> SPORT is its port once it listens
start_s_server() {
  local log=$1 port; shift
  port=$(free_port)
  SPORT=$port
  start_bg 20 "$log" openssl s_server -accept "127.0.0.1:$port" -naccept 1 -msg -rev \
    -cert "$CERTS/server-rsa.pem" -key "$CERTS/server-rsa.key" \
    -dcert "$CERTS/server-ecdsa.pem" -dkey "$CERTS/server-ecdsa.key" "$@"
  SPID=${PIDS[-1]}
  wait_log "$log" '^ACCEPT'
}

# Let a -naccept 1 server finish (it flushes its log on exit); kill it after 3 s.
stop_pid() { local i; for i in $(seq 1 30); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done; kill "$1" 2>/dev/null || true; }

# one_case NAME GLASSTLS_ARGS -- S_SERVER_ARGS ; extra checks read $WORK/NAME.{out,err,srv}
one_case() {
  local name=$1; shift
  local gargs=() sargs=()
  while [[ $# -gt 0 && $1 != -- ]]; do gargs+=("$1"); shift; done
  shift || true
  sargs=("$@")
  local port
  start_s_server "$WORK/$name.srv" "${sargs[@]}" || { echo "  s_server did not start"; return 1; }
  port=$SPORT
  printf 'hello glasstls\n' | timeout 10 "$GLASSTLS" client "127.0.0.1:$port" --ca "$CERTS/ca.pem" -v \
    "${gargs[@]}" >"$WORK/$name.out" 2>"$WORK/$name.err"
  local rc=$?
  stop_pid "$SPID"
  if [[ $rc -ne 0 ]]; then echo "  client exit $rc: $(tail -1 "$WORK/$name.err")"; return 1; fi
  grep -q "sltssalg olleh" "$WORK/$name.out" || { echo "  no reversed data back"; return 1; }
  grep -q "<<< TLS 1.2, Alert .*close_notify" "$WORK/$name.srv" || { echo "  s_server got no close_notify"; return 1; }
  grep -q ">>> TLS 1.2, Alert .*close_notify" "$WORK/$name.srv" || { echo "  s_server sent no close_notify"; return 1; }
}

for cert in RSA ECDSA; do
  for s in "${SUITES[@]}"; do
    iana="TLS_ECDHE_${cert}_WITH_$s"
    check "client $iana" one_case "$iana" --ciphers "$iana" -- -cipher "$(ossl_name "$iana")"
    grep -q "cipher: *$iana" "$WORK/$iana.err" || { echo "  summary does not name $iana"; FAILED=$((FAILED+1)); }
  done
done

for g in x25519:X25519 secp256r1:P-256 secp384r1:P-384; do
  ours=${g%%:*} theirs=${g##*:}
  check "client group $ours" one_case "group-$ours" --groups "$ours" -- -groups "$theirs"
  grep -q "group: *$ours" "$WORK/group-$ours.err" || { echo "  summary does not name $ours"; FAILED=$((FAILED+1)); }
done

check "client ALPN http/1.1" one_case alpn --alpn "h2,http/1.1" -- -alpn "http/1.1"
grep -q "ALPN: *http/1.1" "$WORK/alpn.err" || { echo "  ALPN not reported"; FAILED=$((FAILED+1)); }

check "client --servername localhost" one_case sni --servername localhost --

# Failures: exit 1 and one line naming the check or alert.
expect_fail() { # expect_fail NAME PATTERN glasstls-args... -- s_server-args...
  local name=$1 pattern=$2; shift 2
  local gargs=()
  while [[ $# -gt 0 && $1 != -- ]]; do gargs+=("$1"); shift; done
  shift || true
  local port rc
  start_s_server "$WORK/$name.srv" "$@" || { echo "  s_server did not start"; return 1; }
  port=$SPORT
  timeout 10 "$GLASSTLS" client "127.0.0.1:$port" "${gargs[@]}" </dev/null >/dev/null 2>"$WORK/$name.err"
  rc=$?
  stop_pid "$SPID"
  [[ $rc -eq 1 ]] || { echo "  exit $rc, expected 1"; return 1; }
  echo "  ($(cat "$WORK/$name.err"))"
  [[ $(wc -l <"$WORK/$name.err") -eq 1 ]] || { echo "  expected ONE line:"; cat "$WORK/$name.err"; return 1; }
  grep -qiE "$pattern" "$WORK/$name.err" || { echo "  no '$pattern' in: $(cat "$WORK/$name.err")"; return 1; }
}
check "untrusted server is refused (unknown_ca sent)" \
  expect_fail untrusted "sent.*unknown_ca" --ca "$CERTS/client-ca.pem" --
grep -q "<<< TLS 1.2, Alert .*fatal unknown_ca" "$WORK/untrusted.srv" ||
  { echo "  s_server did not receive unknown_ca"; FAILED=$((FAILED+1)); }
check "wrong host name is refused (bad_certificate sent)" \
  expect_fail badname "sent.*bad_certificate" --ca "$CERTS/ca.pem" --servername example.com --
check "no common suite (handshake_failure received)" \
  expect_fail nosuite "(received|peer sent).*handshake_failure" --ca "$CERTS/ca.pem" \
  --ciphers TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 -- -cipher ECDHE-RSA-AES128-GCM-SHA256
check "usage error exits 2" bash -c '"$1" client --nonsense >/dev/null 2>&1; [[ $? -eq 2 ]]' _ "$GLASSTLS"

finish
