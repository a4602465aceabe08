#!/usr/bin/env bash
# Mutual TLS against OpenSSL on 127.0.0.1, both directions (RFC 5246 §7.4.4, §7.4.6, §7.4.8):
#   openssl s_client -cert -> glasstls server --client-ca: accepted and named on the --www page;
#     no certificate -> handshake_failure; a certificate from another CA -> unknown_ca;
#     --client-auth request -> an anonymous client is served;
#   glasstls client --cert -> openssl s_server -Verify 1 -CAfile: s_server verifies our chain and
#     CertificateVerify; without --cert, s_server refuses.
source "$(dirname "$0")/lib.bash"
need_glasstls
need openssl
CERTS="$ROOT/vectors/certs"

start_glasstls() { # start_glasstls LOG args... -> GPORT
  local log=$1; shift
  start_bg 25 "$log" "$GLASSTLS" server --port 0 -v --www \
    --cert "$CERTS/server-rsa.pem" --key "$CERTS/server-rsa.key" "$@"
  GPORT=$(wait_listening "$log") || { cat "$log"; return 1; }
}
start_glasstls "$WORK/require.log" --client-ca "$CERTS/client-ca.pem" || fail "no server"
REQUIRE=$GPORT
start_glasstls "$WORK/request.log" --client-ca "$CERTS/client-ca.pem" --client-auth request || fail "no server"
REQUEST=$GPORT

s_client() { # s_client PORT NAME args...
  local port=$1 name=$2; shift 2
  (printf 'GET / HTTP/1.0\r\n\r\n'; sleep 0.5) | timeout 10 openssl s_client -connect "127.0.0.1:$port" \
    -tls1_2 -servername localhost -CAfile "$CERTS/ca.pem" -verify_return_error -ign_eof "$@" \
    >"$WORK/$name.out" 2>&1
}

with_cert() {
  s_client "$REQUIRE" with-cert -cert "$CERTS/client.pem" -key "$CERTS/client.key" ||
    { echo "  s_client failed: $(grep -m1 -i error "$WORK/with-cert.out")"; return 1; }
  grep -q "^Client certificate: O=glasstls demo, CN=demo-client" "$WORK/with-cert.out" ||
    { echo "  the page does not name the client"; return 1; }
}
check "s_client -cert -> glasstls --client-ca (require): client named" with_cert

no_cert() {
  s_client "$REQUIRE" no-cert && { echo "  s_client succeeded"; return 1; }
  grep -qi "alert handshake failure" "$WORK/no-cert.out" ||
    { echo "  $(grep -m1 -i alert "$WORK/no-cert.out")"; return 1; }
}
check "s_client without a certificate -> handshake_failure" no_cert

other_ca() {
  s_client "$REQUIRE" other-ca -cert "$CERTS/other-client.pem" -key "$CERTS/other-client.key" &&
    { echo "  s_client succeeded"; return 1; }
  grep -qi "alert unknown ca" "$WORK/other-ca.out" || { echo "  $(grep -m1 -i alert "$WORK/other-ca.out")"; return 1; }
}
check "s_client with another CA's certificate -> unknown_ca" other_ca

request_anon() {
  s_client "$REQUEST" anon || { echo "  s_client failed"; return 1; }
  grep -q "^Client certificate: none" "$WORK/anon.out" || { echo "  page: $(grep Client "$WORK/anon.out")"; return 1; }
}
check "s_client without a certificate -> glasstls --client-auth request: served" request_anon

# glasstls client -> openssl s_server -Verify 1 (a client certificate is required)
SPORT=$(free_port)
start_bg 25 "$WORK/s_server.log" openssl s_server -accept "$SPORT" -tls1_2 -www \
  -cert "$CERTS/server-rsa.pem" -key "$CERTS/server-rsa.key" -Verify 1 -CAfile "$CERTS/client-ca.pem" \
  -verify_return_error
wait_port "$SPORT" || fail "s_server did not start"

client_cert() {
  (printf 'GET / HTTP/1.0\r\n\r\n'; sleep 0.5) | timeout 10 "$GLASSTLS" client "127.0.0.1:$SPORT" \
    --ca "$CERTS/ca.pem" --servername localhost --cert "$CERTS/client.pem" --key "$CERTS/client.key" -v \
    >"$WORK/gclient.out" 2>"$WORK/gclient.err" || { echo "  client: $(tail -1 "$WORK/gclient.err")"; return 1; }
  # s_server -www prints the verified client certificate's subject on the page
  grep -q "CN *= *demo-client" "$WORK/gclient.out" || { echo "  s_server did not see our certificate"; return 1; }
}
check "glasstls client --cert -> s_server -Verify 1: verified" client_cert

client_no_cert() {
  (printf 'GET / HTTP/1.0\r\n\r\n'; sleep 0.5) | timeout 10 "$GLASSTLS" client "127.0.0.1:$SPORT" \
    --ca "$CERTS/ca.pem" --servername localhost >"$WORK/gnocert.out" 2>"$WORK/gnocert.err" &&
    { echo "  the client succeeded"; return 1; }
  grep -q "fatal alert handshake_failure(40)" "$WORK/gnocert.err" ||
    { echo "  $(tail -1 "$WORK/gnocert.err")"; return 1; }
}
check "glasstls client without --cert -> s_server -Verify 1: handshake_failure" client_no_cert

finish
