#!/usr/bin/env bash
# Revocation over a real handshake (issue 19 item 6), on 127.0.0.1:
#   --crl on `glasstls client` (server: openssl s_server) and on `glasstls server` (client:
#   openssl s_client -cert): a chain whose leaf is on its issuer's CRL ends in certificate_revoked
#   (RFC 5246 §7.2.2, RFC 5280 §5.3); a CRL that does not cover the leaf's issuer is "status
#   unknown"; the same chain with a CRL that does not list it connects.
# The CRLs are made here, at run time, by the demo CAs of vectors/certs with `openssl ca -gencrl`
# (valid from now for a day), so nothing depends on the date the repository was made.
source "$(dirname "$0")/lib.bash"
need_glasstls
need openssl
CERTS="$ROOT/vectors/certs"

# make_crl NAME CA_BASENAME [REVOKED_CERT]: $WORK/NAME.pem, signed by vectors/certs/CA.{pem,key}
make_crl() {
  local name=$1 ca=$2 revoked=${3:-} dir="$WORK/ca-$1"
  mkdir -p "$dir"
  : >"$dir/index.txt"
  echo 01 >"$dir/crlnumber"
  if [[ -n $revoked ]]; then
    local serial subject
    serial=$(openssl x509 -in "$CERTS/$revoked" -noout -serial | cut -d= -f2)
    subject=$(openssl x509 -in "$CERTS/$revoked" -noout -subject -nameopt compat | sed 's/^subject=//')
    printf 'R\t440101000000Z\t240101000000Z,keyCompromise\t%s\tunknown\t%s\n' "$serial" "$subject" >"$dir/index.txt"
  fi
  cat >"$dir/ca.cnf" <<EOF
[ca]
default_ca = d
[d]
database = $dir/index.txt
crlnumber = $dir/crlnumber
default_md = sha256
default_crl_days = 1
crl_extensions = ext
[ext]
authorityKeyIdentifier = keyid:always
EOF
  openssl ca -batch -config "$dir/ca.cnf" -gencrl -cert "$CERTS/$ca.pem" -keyfile "$CERTS/$ca.key" \
    -out "$WORK/$name.pem" 2>"$dir/log" || { cat "$dir/log"; fail "openssl ca -gencrl"; }
}
make_crl server-revoked ca server-rsa.pem
make_crl server-clean ca
make_crl client-revoked client-ca client.pem
make_crl client-clean client-ca
openssl crl -in "$WORK/server-clean.pem" -outform der -out "$WORK/server-clean.der"

# ---- glasstls client --crl -> openssl s_server ---------------------------------------------------
SPORT=$(free_port)
start_bg 30 "$WORK/s_server.log" openssl s_server -accept "$SPORT" -cert "$CERTS/server-rsa.pem" \
  -key "$CERTS/server-rsa.key" -tls1_2 -www -quiet
wait_port "$SPORT" || fail "s_server did not start"

client() { # client NAME crl-args...: exit code in RC, stderr in $WORK/NAME.err
  local name=$1; shift
  set +e
  printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 "$GLASSTLS" client "127.0.0.1:$SPORT" --servername localhost \
    --ca "$CERTS/ca.pem" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
  RC=$?
  set -e
}

clean_crl() {
  client clean --crl "$WORK/server-clean.pem"
  [[ $RC == 0 ]] || { echo "  exit $RC: $(tail -1 "$WORK/clean.err")"; return 1; }
}
check "client --crl (PEM) that does not list the server: connected" clean_crl

clean_der() {
  client clean-der --crl "$WORK/server-clean.der"
  [[ $RC == 0 ]] || { echo "  exit $RC: $(tail -1 "$WORK/clean-der.err")"; return 1; }
}
check "client --crl (DER): connected" clean_der

revoked() {
  client revoked --crl "$WORK/server-clean.pem" --crl "$WORK/server-revoked.pem"
  [[ $RC == 1 ]] || { echo "  exit $RC"; return 1; }
  grep -q "certificate is revoked" "$WORK/revoked.err" && grep -q "keyCompromise" "$WORK/revoked.err" ||
    { echo "  $(tail -1 "$WORK/revoked.err")"; return 1; }
}
check "client --crl listing the server's serial: refused, revoked (keyCompromise)" revoked

unknown() {
  client unknown --crl "$WORK/client-clean.pem"
  [[ $RC == 1 ]] || { echo "  exit $RC"; return 1; }
  grep -q "no CRL from the certificate's issuer" "$WORK/unknown.err" || { echo "  $(tail -1 "$WORK/unknown.err")"; return 1; }
}
check "client --crl from another CA only: status unknown, refused" unknown

bad_file() {
  client bad-file --crl "$CERTS/ca.pem"
  [[ $RC == 1 ]] && grep -q "cannot load --crl" "$WORK/bad-file.err" || { echo "  exit $RC: $(cat "$WORK/bad-file.err")"; return 1; }
}
check "client --crl with a file that holds no CRL: one line, exit 1" bad_file

# ---- glasstls tunnel --tls-client --crl -> openssl s_server ----------------------------------------
source "$ROOT/tests/interop/tunnel_lib.bash"
start_tunnel R --tls-client --accept 127.0.0.1:0 --connect "127.0.0.1:$SPORT" --ca "$CERTS/ca.pem" \
  --servername localhost --crl "$WORK/server-revoked.pem"
plain_exchange "$TUNNEL_PORT" 'secret' >/dev/null || true
check "tunnel --crl listing the server: the connection is refused, certificate_revoked logged" \
  wait_log "$TLOG_R" 'failed: handshake failed: .*certificate_revoked'
tunnel_bad_crl() {
  set +e
  timeout 10 "$GLASSTLS" tunnel --tls-client --accept 127.0.0.1:0 --connect "127.0.0.1:$SPORT" --ca "$CERTS/ca.pem" \
    --crl "$CERTS/ca.pem" 2>"$WORK/tunnel-bad.err"
  local rc=$?
  set -e
  [[ $rc == 1 ]] && grep -q "cannot load --crl" "$WORK/tunnel-bad.err" || { echo "  exit $rc: $(cat "$WORK/tunnel-bad.err")"; return 1; }
}
check "tunnel --crl with a file that holds no CRL: refuses to start" tunnel_bad_crl

# ---- openssl s_client -cert -> glasstls server --client-ca --crl ---------------------------------
start_server() { # start_server LOG crl-args... -> GPORT
  local log=$1; shift
  start_bg 25 "$log" "$GLASSTLS" server --port 0 -v --www --cert "$CERTS/server-rsa.pem" \
    --key "$CERTS/server-rsa.key" --client-ca "$CERTS/client-ca.pem" "$@"
  GPORT=$(wait_listening "$log") || { cat "$log"; return 1; }
}
start_server "$WORK/srv-revoked.log" --crl "$WORK/client-revoked.pem" || fail "no server"
REVOKED_PORT=$GPORT
start_server "$WORK/srv-clean.log" --crl "$WORK/client-clean.pem" || fail "no server"
CLEAN_PORT=$GPORT

s_client() { # s_client PORT NAME
  (printf 'GET / HTTP/1.0\r\n\r\n'; sleep 0.5) | timeout 10 openssl s_client -connect "127.0.0.1:$1" -tls1_2 \
    -servername localhost -CAfile "$CERTS/ca.pem" -cert "$CERTS/client.pem" -key "$CERTS/client.key" \
    -ign_eof >"$WORK/$2.out" 2>&1
}

server_clean() {
  s_client "$CLEAN_PORT" sc-clean || { echo "  $(grep -m1 -i alert "$WORK/sc-clean.out")"; return 1; }
  grep -q "^Client certificate: O=glasstls demo, CN=demo-client" "$WORK/sc-clean.out" || { echo "  not named"; return 1; }
}
check "server --crl that does not list the client: served" server_clean

server_revoked() {
  s_client "$REVOKED_PORT" sc-revoked && { echo "  s_client succeeded"; return 1; }
  grep -qi "alert certificate revoked" "$WORK/sc-revoked.out" || { echo "  $(grep -m1 -i alert "$WORK/sc-revoked.out")"; return 1; }
}
check "server --crl listing the client: certificate_revoked alert" server_revoked

finish
