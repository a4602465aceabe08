#!/usr/bin/env bash
# The named groups beyond DEFAULT against OpenSSL on 127.0.0.1, both ways (RFC 8422 §5.1.1,
# RFC 7748, RFC 7919): x448 and secp521r1 for ECDHE, ffdhe4096/6144/8192 for DHE.
#   openssl s_client -groups G -> glasstls server --groups ALL (EC), --groups ffdheN (DHE);
#   glasstls client --groups G -> openssl s_server -groups G (EC), -dhparam ffdheN (DHE);
#   and a glasstls server left at DEFAULT does not take x448 (it is opt-in): handshake_failure.
source "$(dirname "$0")/lib.bash"
need_glasstls
need openssl
CERTS="$ROOT/vectors/certs"
EC_SUITE=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
DHE_SUITE=TLS_DHE_RSA_WITH_AES_128_GCM_SHA256

# What `openssl s_client` prints for the server's ephemeral key, per group.
temp_key() {
  case $1 in
    x448) echo "X448, 448 bits" ;;
    secp521r1) echo "ECDH, secp521r1, 521 bits" ;;
    ffdhe*) echo "DH, ${1#ffdhe} bits" ;;
  esac
}

start_glasstls() { # start_glasstls NAME GROUPS -> prints the port
  start_bg 60 "$WORK/$1.log" "$GLASSTLS" server --port 0 --echo --ciphers ALL --groups "$2" \
    --cert "$CERTS/server-rsa.pem" --key "$CERTS/server-rsa.key" -v
  wait_listening "$WORK/$1.log" || fail "glasstls server $1 did not start: $(cat "$WORK/$1.log" 2>/dev/null)"
}

s_client_to() { # s_client_to PORT GROUP SUITE [extra s_client args]
  local port=$1 group=$2 suite=$3 name="sc-$2-$1"; shift 3
  # stdin stays open until the echo is back (a large DH group takes the server a while).
  (printf 'ping %s\n' "$group"; wait_log "$WORK/$name.out" "^ping $group" 150) | timeout 20 openssl s_client -connect "127.0.0.1:$port" -tls1_2 \
    -servername localhost -CAfile "$CERTS/ca.pem" -verify_return_error -cipher "$(ossl_name "$suite")" "$@" \
    >"$WORK/$name.out" 2>&1 || { echo "  s_client failed: $(grep -m1 -i -E 'error|alert' "$WORK/$name.out")"; return 1; }
  grep -q "^ping $group" "$WORK/$name.out" || { echo "  nothing echoed"; return 1; }
  grep -q "Server Temp Key: $(temp_key "$group")" "$WORK/$name.out" ||
    { echo "  server key: $(grep -m1 'Server Temp Key' "$WORK/$name.out")"; return 1; }
}

# glasstls server, all groups allowed: s_client names the one curve it offers.
APORT=$(start_glasstls all ALL)
for g in x448 secp521r1; do
  check "s_client -groups $g -> glasstls server --groups ALL" s_client_to "$APORT" "$g" "$EC_SUITE" -groups "$g"
done
server_logged() { wait_log "$WORK/all.log" "$EC_SUITE $1" || { echo "  server log: $(grep -m3 TLSv1.2 "$WORK/all.log")"; return 1; }; }
check "glasstls server reports x448 as the group" server_logged x448

# DHE: OpenSSL's TLS 1.2 client sends no finite-field groups, so the glasstls server is given one.
for g in ffdhe4096 ffdhe6144 ffdhe8192; do
  port=$(start_glasstls "$g" "$g")
  check "s_client -> glasstls server --groups $g ($DHE_SUITE)" s_client_to "$port" "$g" "$DHE_SUITE"
done

# A server at DEFAULT (x25519, secp256r1, secp384r1) does not take x448.
DPORT=$(start_glasstls default DEFAULT)
refused() {
  (sleep 0.3) | timeout 20 openssl s_client -connect "127.0.0.1:$DPORT" -tls1_2 -servername localhost \
    -cipher "$(ossl_name "$EC_SUITE")" -groups x448 >"$WORK/refused.out" 2>&1 && { echo "  handshake completed"; return 1; }
  grep -q -i "handshake failure" "$WORK/refused.out" || { echo "  $(grep -m1 -i alert "$WORK/refused.out")"; return 1; }
}
check "glasstls server at DEFAULT refuses an x448-only client: handshake_failure" refused

from_glasstls() { # from_glasstls GROUP SUITE s_server-args...
  local group=$1 suite=$2 name="gc-$1" port; shift 2
  port=$(free_port)
  start_bg 30 "$WORK/ss-$group.log" openssl s_server -accept "$port" -tls1_2 -rev \
    -cert "$CERTS/server-rsa.pem" -key "$CERTS/server-rsa.key" -cipher "$(ossl_name "$suite")" "$@"
  wait_port "$port" || { echo "  s_server did not start: $(cat "$WORK/ss-$group.log")"; return 1; }
  (printf 'olleh\n'; wait_log "$WORK/$name.out" "^hello" 150) | timeout 20 "$GLASSTLS" client "127.0.0.1:$port" --ca "$CERTS/ca.pem" \
    --servername localhost --ciphers "$suite" --groups "$group" -v >"$WORK/$name.out" 2>"$WORK/$name.err" ||
    { echo "  client: $(tail -1 "$WORK/$name.err")"; return 1; }
  grep -q "^hello" "$WORK/$name.out" || { echo "  no reply"; return 1; }
  grep -q "group: *$group\$" "$WORK/$name.err" || { echo "  $(grep -m1 'group:' "$WORK/$name.err")"; return 1; }
}

for g in x448 secp521r1; do
  check "glasstls client --groups $g -> s_server -groups $g" from_glasstls "$g" "$EC_SUITE" -groups "$g"
done
for g in ffdhe4096 ffdhe6144 ffdhe8192; do
  openssl genpkey -genparam -algorithm DH -pkeyopt "group:$g" -out "$WORK/$g.pem" 2>/dev/null ||
    fail "openssl cannot write the $g parameters"
  check "glasstls client --groups $g -> s_server -dhparam $g" from_glasstls "$g" "$DHE_SUITE" -dhparam "$WORK/$g.pem"
done

finish
