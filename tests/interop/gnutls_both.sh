#!/usr/bin/env bash
# GnuTLS both ways: gnutls-cli -> glasstls server --www, and glasstls client -> gnutls-serv --echo,
# with RSA and ECDSA certificates.
source "$(dirname "$0")/lib.bash"
need_glasstls
need gnutls-cli
need gnutls-serv
CERTS="$ROOT/vectors/certs"

start_bg 60 "$WORK/www.log" "$GLASSTLS" server --port 0 --www \
  --cert "$CERTS/server-rsa.pem" --key "$CERTS/server-rsa.key" \
  --cert "$CERTS/server-ecdsa.pem" --key "$CERTS/server-ecdsa.key"
GPORT=$(wait_listening "$WORK/www.log") || fail "glasstls server did not start: $(cat "$WORK/www.log" 2>/dev/null)"

cli_case() { # cli_case NAME PRIORITY
  (printf 'GET / HTTP/1.0\r\n\r\n'; sleep 1) | timeout 10 gnutls-cli --x509cafile "$CERTS/ca.pem" \
    --port "$GPORT" --priority "$2" 127.0.0.1 >"$WORK/$1.out" 2>&1
  grep -q "^Protocol: TLSv1.2" "$WORK/$1.out" || { echo "  $(grep -m2 -i -E 'error|fail' "$WORK/$1.out")"; return 1; }
}
check "gnutls-cli -> glasstls --www (ECDHE-RSA AES-128-GCM)" \
  cli_case rsa "NONE:+VERS-TLS1.2:+ECDHE-RSA:+AES-128-GCM:+AEAD:+SIGN-ALL:+GROUP-ALL:+COMP-NULL"
check "gnutls-cli -> glasstls --www (ECDHE-ECDSA CHACHA20)" \
  cli_case ecdsa "NONE:+VERS-TLS1.2:+ECDHE-ECDSA:+CHACHA20-POLY1305:+AEAD:+SIGN-ALL:+GROUP-ALL:+COMP-NULL"
check "gnutls-cli -> glasstls --www (ECDHE-RSA AES-256-CBC SHA-1)" \
  cli_case cbc "NONE:+VERS-TLS1.2:+ECDHE-RSA:+AES-256-CBC:+SHA1:+SIGN-ALL:+GROUP-ALL:+COMP-NULL"

serv_case() { # serv_case KIND
  local port; port=$(free_port)
  start_bg 20 "$WORK/serv-$1.log" gnutls-serv --echo --port "$port" \
    --x509certfile "$CERTS/server-$1.pem" --x509keyfile "$CERTS/server-$1.key"
  wait_port "$port" || { echo "  gnutls-serv did not start"; return 1; }
  printf 'hello gnutls\n' | timeout 10 "$GLASSTLS" client "127.0.0.1:$port" --ca "$CERTS/ca.pem" \
    >"$WORK/cli-$1.out" 2>"$WORK/cli-$1.err" || { echo "  client: $(cat "$WORK/cli-$1.err")"; return 1; }
  grep -q "^hello gnutls" "$WORK/cli-$1.out" || { echo "  no echo"; return 1; }
}
check "glasstls client -> gnutls-serv --echo (RSA)" serv_case rsa
check "glasstls client -> gnutls-serv --echo (ECDSA)" serv_case ecdsa

finish
