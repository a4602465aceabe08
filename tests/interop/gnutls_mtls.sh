#!/usr/bin/env bash
# Mutual TLS against GnuTLS on 127.0.0.1, both directions: gnutls-cli --x509certfile -> glasstls
# server --client-ca (the --www page names the client; no certificate -> handshake_failure), and
# glasstls client --cert -> gnutls-serv --require-client-cert --verify-client-cert.
source "$(dirname "$0")/lib.bash"
need_glasstls
need gnutls-cli
need gnutls-serv
CERTS="$ROOT/vectors/certs"

start_bg 25 "$WORK/www.log" "$GLASSTLS" server --port 0 --www --client-ca "$CERTS/client-ca.pem" \
  --cert "$CERTS/server-rsa.pem" --key "$CERTS/server-rsa.key"
GPORT=$(wait_listening "$WORK/www.log") || fail "glasstls server did not start: $(cat "$WORK/www.log" 2>/dev/null)"

cli() { # cli NAME [gnutls-cli args]
  local name=$1; shift
  (printf 'GET / HTTP/1.0\r\n\r\n'; sleep 1) | timeout 10 gnutls-cli --x509cafile "$CERTS/ca.pem" \
    --port "$GPORT" --priority "NORMAL:-VERS-ALL:+VERS-TLS1.2" localhost "$@" >"$WORK/$name.out" 2>&1
}
cli_cert() {
  cli with-cert --x509certfile "$CERTS/client.pem" --x509keyfile "$CERTS/client.key" ||
    { echo "  $(grep -m2 -i -E 'error|fail' "$WORK/with-cert.out")"; return 1; }
  grep -q "^Client certificate: O=glasstls demo, CN=demo-client" "$WORK/with-cert.out" ||
    { echo "  the page does not name the client"; return 1; }
}
check "gnutls-cli --x509certfile -> glasstls --client-ca: client named" cli_cert
cli_no_cert() {
  cli no-cert && { echo "  gnutls-cli succeeded"; return 1; }
  grep -q "Received alert \[40\]" "$WORK/no-cert.out" ||
    { echo "  $(tail -2 "$WORK/no-cert.out")"; return 1; }
}
check "gnutls-cli without a certificate -> handshake_failure" cli_no_cert

serv() {
  local port; port=$(free_port)
  start_bg 20 "$WORK/serv.log" gnutls-serv --echo --port "$port" --require-client-cert --verify-client-cert \
    --x509cafile "$CERTS/client-ca.pem" --x509certfile "$CERTS/server-rsa.pem" --x509keyfile "$CERTS/server-rsa.key"
  wait_port "$port" || { echo "  gnutls-serv did not start"; return 1; }
  printf 'hello gnutls\n' | timeout 10 "$GLASSTLS" client "127.0.0.1:$port" --ca "$CERTS/ca.pem" \
    --servername localhost --cert "$CERTS/client.pem" --key "$CERTS/client.key" \
    >"$WORK/cli.out" 2>"$WORK/cli.err" || { echo "  client: $(tail -1 "$WORK/cli.err")"; return 1; }
  grep -q "^hello gnutls" "$WORK/cli.out" || { echo "  no echo"; return 1; }
  grep -q "demo-client" "$WORK/serv.log" || { echo "  gnutls-serv did not report our certificate"; return 1; }
}
check "glasstls client --cert -> gnutls-serv --require-client-cert" serv

finish
