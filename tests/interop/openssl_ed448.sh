#!/usr/bin/env bash
# Ed448 certificates and the ed448 signature scheme (0x0808; RFC 8422 §5.1.3, RFC 8032 §5.2,
# RFC 8410) against OpenSSL on 127.0.0.1, both ways. The certificates are made here, at run time:
#   an OpenSSL Ed448 CA with an Ed448 server and client certificate;
#   openssl s_client -> glasstls server with the Ed448 certificate (ServerKeyExchange signed
#     with ed448), and with an Ed448 client certificate (CertificateVerify checked by glasstls);
#   glasstls client -> openssl s_server with the Ed448 certificate (chain and ServerKeyExchange
#     verified by glasstls), and with an Ed448 client certificate (checked by s_server);
#   glasstls ca --key ed448 issues a chain that `openssl verify` accepts and s_client trusts.
source "$(dirname "$0")/lib.bash"
need_glasstls
need openssl
SUITE=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
D=$WORK/pki
mkdir -p "$D"

# ---- an OpenSSL Ed448 PKI, valid from now for two days ---------------------------------------
ossl_cert() { # ossl_cert NAME CN EXT...: an Ed448 key and a certificate signed by the CA
  local name=$1 cn=$2; shift 2
  openssl genpkey -algorithm ED448 -out "$D/$name.key" 2>/dev/null &&
    openssl req -new -key "$D/$name.key" -subj "/CN=$cn" -out "$D/$name.csr" 2>/dev/null &&
    printf '%s\n' "$@" >"$D/$name.ext" &&
    openssl x509 -req -in "$D/$name.csr" -CA "$D/ca.pem" -CAkey "$D/ca.key" -CAcreateserial -days 2 \
      -extfile "$D/$name.ext" -out "$D/$name.pem" 2>/dev/null
}
openssl genpkey -algorithm ED448 -out "$D/ca.key" 2>/dev/null || skip "this openssl has no Ed448"
openssl req -x509 -new -key "$D/ca.key" -subj "/CN=ed448 test CA" -days 2 -out "$D/ca.pem" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null ||
  fail "openssl cannot make an Ed448 CA"
ossl_cert server localhost "subjectAltName=DNS:localhost,IP:127.0.0.1" "keyUsage=critical,digitalSignature" \
  "extendedKeyUsage=serverAuth" || fail "openssl cannot issue the Ed448 server certificate"
ossl_cert client ed448-client "keyUsage=critical,digitalSignature" "extendedKeyUsage=clientAuth" ||
  fail "openssl cannot issue the Ed448 client certificate"

# ---- openssl s_client -> glasstls server -------------------------------------------------------
start_bg 40 "$WORK/server.log" "$GLASSTLS" server --port 0 -v --www --ciphers "$SUITE" \
  --cert "$D/server.pem" --key "$D/server.key" --client-ca "$D/ca.pem" --client-auth request
GPORT=$(wait_listening "$WORK/server.log") || fail "glasstls server did not start: $(cat "$WORK/server.log")"

s_client() { # s_client NAME args...
  local name=$1; shift
  (printf 'GET / HTTP/1.0\r\n\r\n'; wait_log "$WORK/$name.out" "</html>\|^Client certificate" 50) |
    timeout 15 openssl s_client -connect "127.0.0.1:$GPORT" -tls1_2 -servername localhost \
      -CAfile "$D/ca.pem" -verify_return_error -ign_eof "$@" >"$WORK/$name.out" 2>&1
}
server_signs_ed448() {
  s_client sc-server -sigalgs ed448 || { echo "  s_client failed: $(grep -m1 -i -E 'error|alert' "$WORK/sc-server.out")"; return 1; }
  grep -qi "Peer signature type: Ed448" "$WORK/sc-server.out" ||
    { echo "  $(grep -m1 'Peer signature' "$WORK/sc-server.out")"; return 1; }
  grep -q "Verify return code: 0 (ok)" "$WORK/sc-server.out" || { echo "  chain not verified by s_client"; return 1; }
}
check "s_client -> glasstls server with an Ed448 certificate: ServerKeyExchange signed with ed448" server_signs_ed448

client_cert_ed448() {
  s_client sc-client -cert "$D/client.pem" -key "$D/client.key" ||
    { echo "  s_client failed: $(grep -m1 -i -E 'error|alert' "$WORK/sc-client.out")"; return 1; }
  grep -q "^Client certificate: CN=ed448-client" "$WORK/sc-client.out" ||
    { echo "  the page does not name the Ed448 client"; return 1; }
}
check "s_client -cert Ed448 -> glasstls server: CertificateVerify (ed448) accepted" client_cert_ed448

# ---- glasstls client -> openssl s_server ---------------------------------------------------------
from_glasstls() { # from_glasstls NAME s_server-args -- client-args
  local name=$1 port; shift
  local ss=() cl=()
  while [[ $# -gt 0 && $1 != -- ]]; do ss+=("$1"); shift; done
  shift
  cl=("$@")
  port=$(free_port)
  start_bg 30 "$WORK/$name.ss" openssl s_server -accept "$port" -tls1_2 -rev -cert "$D/server.pem" \
    -key "$D/server.key" "${ss[@]}"
  wait_port "$port" || { echo "  s_server did not start: $(cat "$WORK/$name.ss")"; return 1; }
  (printf 'olleh\n'; wait_log "$WORK/$name.out" "^hello" 50) | timeout 15 "$GLASSTLS" client "127.0.0.1:$port" \
    --ca "$D/ca.pem" --servername localhost --ciphers "$SUITE" -v "${cl[@]}" \
    >"$WORK/$name.out" 2>"$WORK/$name.err" || { echo "  client: $(tail -1 "$WORK/$name.err")"; return 1; }
  grep -q "^hello" "$WORK/$name.out" || { echo "  no reply"; return 1; }
  grep -q "signature: *ed448$" "$WORK/$name.err" || { echo "  $(grep -m1 'signature:' "$WORK/$name.err")"; return 1; }
}
check "glasstls client -> s_server with an Ed448 certificate: chain and ServerKeyExchange verified" \
  from_glasstls gc-server --
s_server_saw_client() {
  from_glasstls gc-client -Verify 1 -CAfile "$D/ca.pem" -verify_return_error -- \
    --cert "$D/client.pem" --key "$D/client.key" || return 1
  grep -q "CN *= *ed448-client" "$WORK/gc-client.ss" || { echo "  s_server: $(tail -3 "$WORK/gc-client.ss")"; return 1; }
}
check "glasstls client --cert Ed448 -> s_server -Verify: CertificateVerify (ed448) accepted" s_server_saw_client

# ---- certificates glasstls writes with Ed448 ---------------------------------------------------
glasstls_ca() {
  "$GLASSTLS" ca init "$WORK/lab" --key ed448 --cn "glasstls ed448 lab" >/dev/null 2>&1 &&
    "$GLASSTLS" ca issue "$WORK/lab" --cn localhost --san DNS:localhost,IP:127.0.0.1 --key ed448 \
      --out "$WORK/lab/srv" >/dev/null 2>&1 || { echo "  glasstls ca failed"; return 1; }
  openssl x509 -in "$WORK/lab/srv.pem" -noout -text | grep -q "Signature Algorithm: ED448" ||
    { echo "  not signed with Ed448"; return 1; }
  openssl verify -CAfile "$WORK/lab/ca.pem" "$WORK/lab/srv.pem" >"$WORK/verify.out" 2>&1 ||
    { echo "  openssl verify: $(cat "$WORK/verify.out")"; return 1; }
}
check "glasstls ca --key ed448: openssl verify accepts the Ed448-signed chain" glasstls_ca

lab_server() {
  start_bg 20 "$WORK/lab.log" "$GLASSTLS" server --port 0 --echo --cert "$WORK/lab/srv.pem" --key "$WORK/lab/srv.key"
  local port
  port=$(wait_listening "$WORK/lab.log") || { echo "  server did not start: $(cat "$WORK/lab.log")"; return 1; }
  (printf 'ping\n'; wait_log "$WORK/lab.out" "^ping" 50) | timeout 15 openssl s_client -connect "127.0.0.1:$port" \
    -tls1_2 -servername localhost -CAfile "$WORK/lab/ca.pem" -verify_return_error >"$WORK/lab.out" 2>&1 ||
    { echo "  s_client: $(grep -m1 -i -E 'error|alert' "$WORK/lab.out")"; return 1; }
  grep -q "^ping" "$WORK/lab.out" || { echo "  nothing echoed"; return 1; }
}
check "s_client trusts a glasstls-made Ed448 chain and talks to the server holding it (DEFAULT lists)" lab_server

finish
