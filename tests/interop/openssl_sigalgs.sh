#!/usr/bin/env bash
# TLS 1.2 signature_algorithms are (hash, signature) pairs (RFC 5246 §7.4.1.4.1): ECDSA with
# SHA-1, SHA-224, SHA-256, SHA-384 or SHA-512 on any curve (RFC 8422 §5.1.3), RSA PKCS#1 v1.5
# with each. Against OpenSSL on 127.0.0.1:
#   s_client -sigalgs ONE_PAIR -> glasstls server --sigalgs ALL (P-256 and RSA certificates): the
#     ServerKeyExchange is signed with exactly that pair;
#   s_client with an ECDSA client certificate and -client_sigalgs ONE_PAIR: glasstls accepts the
#     CertificateVerify made with it (listed in its CertificateRequest);
#   glasstls client --sigalgs NAME -> s_server: the pair glasstls offered alone is the one used.
source "$(dirname "$0")/lib.bash"
need_glasstls
need openssl
C="$ROOT/vectors/certs"

start_bg 60 "$WORK/server.log" "$GLASSTLS" server --port 0 --echo --sigalgs ALL \
  --cert "$C/server-ecdsa.pem" --key "$C/server-ecdsa.key" --cert "$C/server-rsa.pem" --key "$C/server-rsa.key" \
  --client-ca "$C/client-ca.pem" --client-auth request
GPORT=$(wait_listening "$WORK/server.log") || fail "glasstls server did not start: $(cat "$WORK/server.log")"

ske_pair() { # ske_pair OPENSSL_SIGALG DIGEST TYPE
  local out="$WORK/ske-$1.out"
  (printf 'ping\n'; sleep 0.3) | timeout 5 openssl s_client -connect "127.0.0.1:$GPORT" -tls1_2 -sigalgs "$1" \
    -CAfile "$C/ca.pem" -cipher 'ALL:@SECLEVEL=0' >"$out" 2>&1 || { echo "  s_client failed"; return 1; }
  grep -q "^ping" "$out" || { echo "  nothing echoed"; return 1; }
  grep -q "Peer signing digest: $2\$" "$out" || { echo "  digest: $(grep 'Peer signing digest' "$out")"; return 1; }
  grep -q "Peer signature type: $3\$" "$out" || { echo "  type: $(grep 'Peer signature type' "$out")"; return 1; }
}
for h in SHA1 SHA224 SHA256 SHA384 SHA512; do
  check "ServerKeyExchange signed with ECDSA+$h (P-256 certificate)" ske_pair "ECDSA+$h" "$h" ECDSA
  check "ServerKeyExchange signed with RSA+$h" ske_pair "RSA+$h" "$h" RSA
done

cv_pair() { # cv_pair OPENSSL_SIGALG
  local out="$WORK/cv-$1.out"
  (printf 'ping\n'; sleep 0.3) | timeout 5 openssl s_client -connect "127.0.0.1:$GPORT" -tls1_2 \
    -cert "$C/client.pem" -key "$C/client.key" -client_sigalgs "$1" -CAfile "$C/ca.pem" >"$out" 2>&1 ||
    { echo "  s_client failed: $(grep -m1 -i alert "$out")"; return 1; }
  grep -q "^ping" "$out" || { echo "  nothing echoed: $(grep -m1 -i alert "$out")"; return 1; }
}
for h in SHA1 SHA224 SHA256 SHA384 SHA512; do
  check "CertificateVerify with ECDSA+$h accepted" cv_pair "ECDSA+$h"
done

SPORT=$(free_port)
start_bg 60 "$WORK/s_server.log" openssl s_server -accept "$SPORT" -tls1_2 -rev -cipher 'ALL:@SECLEVEL=0' \
  -cert "$C/server-ecdsa.pem" -key "$C/server-ecdsa.key"
wait_port "$SPORT" || fail "s_server did not start"
client_pair() { # client_pair GLASSTLS_NAME
  (printf 'olleh\n'; sleep 0.3) | timeout 5 "$GLASSTLS" client "127.0.0.1:$SPORT" --ca "$C/ca.pem" \
    --servername localhost --sigalgs "$1" -v >"$WORK/c-$1.out" 2>"$WORK/c-$1.err" ||
    { echo "  client: $(tail -1 "$WORK/c-$1.err")"; return 1; }
  grep -q "^hello" "$WORK/c-$1.out" || { echo "  no reply"; return 1; }
  grep -q "signature: *$1" "$WORK/c-$1.err" || { echo "  $(grep 'signature:' "$WORK/c-$1.err")"; return 1; }
}
for n in ecdsa_sha1 ecdsa_sha224 ecdsa_secp384r1_sha384 ecdsa_secp521r1_sha512; do
  check "glasstls client offering only $n gets it from a P-256 s_server" client_pair "$n"
done
finish
