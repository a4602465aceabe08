#!/usr/bin/env bash
# RSA and DHE_RSA key exchanges and encrypt_then_mac against OpenSSL on 127.0.0.1, both ways:
#   openssl s_client -> glasstls server --ciphers ALL: each RSA suite (RFC 5246 §7.4.7.1) and each
#     DHE suite (RFC 7919 group), data echoed; a CBC suite shows "encrypt-then-mac" answered;
#   glasstls client -> openssl s_server: the same suites, and EtM offered with a CBC suite.
source "$(dirname "$0")/lib.bash"
need_glasstls
need openssl
CERTS="$ROOT/vectors/certs"

start_bg 25 "$WORK/server.log" "$GLASSTLS" server --port 0 --echo --ciphers ALL --groups ALL \
  --cert "$CERTS/server-rsa.pem" --key "$CERTS/server-rsa.key" -v
GPORT=$(wait_listening "$WORK/server.log") || fail "glasstls server did not start: $(cat "$WORK/server.log" 2>/dev/null)"

SUITES=(TLS_RSA_WITH_AES_128_GCM_SHA256 TLS_RSA_WITH_AES_256_GCM_SHA384 TLS_RSA_WITH_AES_128_CBC_SHA
        TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 TLS_DHE_RSA_WITH_AES_256_GCM_SHA384
        TLS_DHE_RSA_WITH_AES_128_CBC_SHA TLS_DHE_RSA_WITH_AES_256_CBC_SHA256)

to_glasstls() { # to_glasstls IANA
  local name="sc-$1" ossl; ossl=$(ossl_name "$1")
  (printf 'ping %s\n' "$1"; sleep 0.3) | timeout 10 openssl s_client -connect "127.0.0.1:$GPORT" -tls1_2 \
    -servername localhost -CAfile "$CERTS/ca.pem" -verify_return_error -cipher "$ossl" -tlsextdebug \
    >"$WORK/$name.out" 2>&1 || { echo "  s_client failed: $(grep -m1 -i -E 'error|alert' "$WORK/$name.out")"; return 1; }
  grep -q "^ping $1" "$WORK/$name.out" || { echo "  nothing echoed"; return 1; }
  grep -q "Cipher is $ossl" "$WORK/$name.out" || { echo "  another suite"; return 1; }
  case $1 in # RFC 7919: ffdhe2048, the first group of ours that OpenSSL lists
    *DHE*) grep -q "Server Temp Key: DH, 2048 bits" "$WORK/$name.out" || { echo "  not a 2048-bit DH group"; return 1; } ;;
  esac
  case $1 in # RFC 7366: answered for CBC suites only
    *CBC*) grep -q 'server extension "encrypt-then-mac"' "$WORK/$name.out" || { echo "  no EtM"; return 1; } ;;
    *)     ! grep -q 'server extension "encrypt-then-mac"' "$WORK/$name.out" || { echo "  EtM with AEAD"; return 1; } ;;
  esac
}

SPORT=$(free_port)
start_bg 25 "$WORK/s_server.log" openssl s_server -accept "$SPORT" -tls1_2 -rev -tlsextdebug \
  -cipher 'ALL:@SECLEVEL=1' -cert "$CERTS/server-rsa.pem" -key "$CERTS/server-rsa.key"
wait_port "$SPORT" || fail "s_server did not start"

from_glasstls() { # from_glasstls IANA
  local name="gc-$1"
  (printf 'olleh\n'; sleep 0.3) | timeout 10 "$GLASSTLS" client "127.0.0.1:$SPORT" --ca "$CERTS/ca.pem" \
    --servername localhost --ciphers "$1" -v >"$WORK/$name.out" 2>"$WORK/$name.err" ||
    { echo "  client: $(tail -1 "$WORK/$name.err")"; return 1; }
  grep -q "^hello" "$WORK/$name.out" || { echo "  no reply"; return 1; }
  grep -q "cipher: *$1" "$WORK/$name.err" || { echo "  another suite"; return 1; }
}

for s in "${SUITES[@]}"; do
  check "s_client -> glasstls server $s" to_glasstls "$s"
  check "glasstls client -> s_server $s" from_glasstls "$s"
done

etm_offered() { # the s_server -tlsextdebug log shows our encrypt_then_mac for the CBC suites
  grep -q 'client extension "encrypt-then-mac"' "$WORK/s_server.log" || { echo "  not seen"; return 1; }
}
check "glasstls client offers encrypt_then_mac with a CBC suite (s_server saw it)" etm_offered

finish
