#!/usr/bin/env bash
# TLS 1.2 signature_algorithms are (hash, signature) pairs (RFC 5246 §7.4.1.4.1): ECDSA with
# SHA-1, SHA-224, SHA-256, SHA-384 or SHA-512 on any curve (RFC 8422 §5.1.3), RSA PKCS#1 v1.5
# with each. Against OpenSSL on 127.0.0.1:
#   s_client -sigalgs ONE_PAIR -> glasstls server --sigalgs ALL (P-256 and RSA certificates): the
#     ServerKeyExchange is signed with exactly that pair;
#   s_client with an ECDSA client certificate and -client_sigalgs ONE_PAIR: glasstls accepts the
#     CertificateVerify made with it (listed in its CertificateRequest);
#   glasstls client --sigalgs NAME -> s_server: the pair glasstls offered alone is the one used.
# And the other key types, both ways, with certificates made now by a CA of the same type (so the
# X.509 layer checks dsa-with-SHA256, ecdsa-with-SHA512 on P-521 and RSASSA-PSS with openssl's
# default salt length on the way): DSA (DHE_DSS, dsa_sha1 … dsa_sha512), ECDSA on P-521, and an
# RSASSA-PSS key (rsa_pss_pss_sha256/384/512, RFC 8446 §4.2.3), which signs with nothing else.
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
# ---- DSA, P-521 and RSASSA-PSS: a CA and a server certificate of each kind, made now ------------
# [MD=sha384] ca_and_leaf KIND GENPKEY_ARGS... : $WORK/KIND-ca.pem, $WORK/KIND.pem, $WORK/KIND.key
ca_and_leaf() {
  local kind=$1 md=${MD:-sha256}; shift
  openssl genpkey "$@" -out "$WORK/$kind-ca.key" 2>/dev/null &&
    openssl req -x509 -new -key "$WORK/$kind-ca.key" -subj "/CN=glasstls $kind CA" -days 2 "-$md" \
      -addext basicConstraints=critical,CA:TRUE -addext keyUsage=keyCertSign -out "$WORK/$kind-ca.pem" 2>/dev/null &&
    openssl genpkey "$@" -out "$WORK/$kind.key" 2>/dev/null &&
    openssl req -new -key "$WORK/$kind.key" -subj /CN=localhost -out "$WORK/$kind.csr" 2>/dev/null &&
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=digitalSignature\n' >"$WORK/$kind.ext" &&
    openssl x509 -req -in "$WORK/$kind.csr" -CA "$WORK/$kind-ca.pem" -CAkey "$WORK/$kind-ca.key" -CAcreateserial \
      -CAserial "$WORK/$kind.srl" -days 2 "-$md" -extfile "$WORK/$kind.ext" -out "$WORK/$kind.pem" 2>/dev/null ||
    fail "openssl cannot make the $kind certificates"
}
openssl dsaparam -out "$WORK/dsa.param" 2048 2>/dev/null || fail "openssl cannot make DSA parameters"
ca_and_leaf dsa -paramfile "$WORK/dsa.param"
ca_and_leaf p521 -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -pkeyopt ec_param_enc:named_curve
ca_and_leaf pss -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048
openssl x509 -in "$WORK/pss-ca.pem" -noout -text | grep -q 'Signature Algorithm: rsassaPss' || fail "the PSS CA is not PSS-signed"
# A key whose parameters allow SHA-384 only (RFC 4055 §1.2), its certificate signed with them.
MD=sha384 ca_and_leaf pss384 -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -pkeyopt rsa_pss_keygen_md:sha384 \
  -pkeyopt rsa_pss_keygen_mgf1_md:sha384 -pkeyopt rsa_pss_keygen_saltlen:48

# s_client -> glasstls server: the ServerKeyExchange signed with exactly the pair asked for.
start_bg 60 "$WORK/server2.log" "$GLASSTLS" server --port 0 --echo --ciphers ALL --sigalgs ALL \
  --cert "$WORK/dsa.pem" --key "$WORK/dsa.key" --cert "$WORK/p521.pem" --key "$WORK/p521.key"
G2=$(wait_listening "$WORK/server2.log") || fail "glasstls server (DSA, P-521) did not start: $(cat "$WORK/server2.log")"
# No --sigalgs: the RSASSA-PSS key adds rsa_pss_pss_* to DEFAULT on its own (it signs with nothing else).
start_bg 60 "$WORK/server3.log" "$GLASSTLS" server --port 0 --echo --cert "$WORK/pss.pem" --key "$WORK/pss.key"
G3=$(wait_listening "$WORK/server3.log") || fail "glasstls server (RSASSA-PSS) did not start: $(cat "$WORK/server3.log")"
start_bg 60 "$WORK/server4.log" "$GLASSTLS" server --port 0 --echo --cert "$WORK/pss384.pem" --key "$WORK/pss384.key"
G4=$(wait_listening "$WORK/server4.log") || fail "glasstls server (RSASSA-PSS, SHA-384) did not start: $(cat "$WORK/server4.log")"

ske_pair_at() { # ske_pair_at PORT CA OPENSSL_SIGALG DIGEST TYPE
  local out="$WORK/ske2-$3.out"
  (printf 'ping\n'; sleep 0.3) | timeout 5 openssl s_client -connect "127.0.0.1:$1" -tls1_2 -sigalgs "$3" \
    -CAfile "$2" -verify_return_error -cipher 'ALL:@SECLEVEL=0' >"$out" 2>&1 || { echo "  s_client failed: $(grep -m1 -i -E 'alert|error' "$out")"; return 1; }
  grep -q "^ping" "$out" || { echo "  nothing echoed"; return 1; }
  grep -q "Peer signing digest: $4\$" "$out" || { echo "  digest: $(grep 'Peer signing digest' "$out")"; return 1; }
  grep -q "Peer signature type: $5\$" "$out" || { echo "  type: $(grep 'Peer signature type' "$out")"; return 1; }
}
for h in SHA1 SHA224 SHA256 SHA384 SHA512; do
  check "ServerKeyExchange signed with DSA+$h (DHE_DSS)" ske_pair_at "$G2" "$WORK/dsa-ca.pem" "DSA+$h" "$h" DSA
  check "ServerKeyExchange signed with ECDSA+$h (P-521 certificate)" ske_pair_at "$G2" "$WORK/p521-ca.pem" "ECDSA+$h" "$h" ECDSA
done
for h in SHA256 SHA384 SHA512; do
  check "ServerKeyExchange signed with rsa_pss_pss_${h,,} (RSASSA-PSS key)" \
    ske_pair_at "$G3" "$WORK/pss-ca.pem" "rsa_pss_pss_${h,,}" "$h" RSA-PSS
done
check "a key restricted to SHA-384 signs rsa_pss_pss_sha384 though the client lists sha256 too" \
  ske_pair_at "$G4" "$WORK/pss384-ca.pem" "rsa_pss_pss_sha256:rsa_pss_pss_sha384" SHA384 RSA-PSS
check "an RSASSA-PSS key never signs PKCS#1 v1.5" bash -c \
  "(sleep 0.3) | timeout 5 openssl s_client -connect 127.0.0.1:$G3 -tls1_2 -sigalgs RSA+SHA256 2>&1 | grep -q -i 'handshake failure'"

# glasstls client -> s_server with each certificate: the one scheme offered is the one used, and
# the certificate chain (DSA-, P-521- and PSS-signed) verifies.
S_DSA=$(free_port); S_521=$(free_port); S_PSS=$(free_port)
start_bg 60 "$WORK/s_dsa.log" openssl s_server -accept "$S_DSA" -tls1_2 -rev -cipher 'ALL:@SECLEVEL=0' \
  -cert "$WORK/dsa.pem" -key "$WORK/dsa.key"
start_bg 60 "$WORK/s_521.log" openssl s_server -accept "$S_521" -tls1_2 -rev -cert "$WORK/p521.pem" -key "$WORK/p521.key"
start_bg 60 "$WORK/s_pss.log" openssl s_server -accept "$S_PSS" -tls1_2 -rev -cert "$WORK/pss.pem" -key "$WORK/pss.key"
for port in "$S_DSA" "$S_521" "$S_PSS"; do wait_port "$port" || fail "s_server on $port did not start"; done
client_at() { # client_at PORT CA GLASSTLS_NAME [client options...]
  local port=$1 ca=$2 name=$3; shift 3
  (printf 'olleh\n'; sleep 0.3) | timeout 5 "$GLASSTLS" client "127.0.0.1:$port" --ca "$ca" \
    --servername localhost --sigalgs "$name" "$@" -v >"$WORK/c2-$name.out" 2>"$WORK/c2-$name.err" ||
    { echo "  client: $(tail -1 "$WORK/c2-$name.err")"; return 1; }
  grep -q "^hello" "$WORK/c2-$name.out" || { echo "  no reply"; return 1; }
  grep -q "signature: *$name" "$WORK/c2-$name.err" || { echo "  $(grep 'signature:' "$WORK/c2-$name.err")"; return 1; }
}
for n in dsa_sha1 dsa_sha224 dsa_sha256 dsa_sha384 dsa_sha512; do
  check "glasstls client offering only $n gets it from a DSA s_server (DHE_DSS)" \
    client_at "$S_DSA" "$WORK/dsa-ca.pem" "$n" --ciphers TLS_DHE_DSS_WITH_AES_128_GCM_SHA256
done
dss_by_name_only() { # no --sigalgs: naming a DHE_DSS suite adds dsa_sha256 … to DEFAULT
  (printf 'olleh\n'; sleep 0.3) | timeout 5 "$GLASSTLS" client "127.0.0.1:$S_DSA" --ca "$WORK/dsa-ca.pem" \
    --servername localhost --ciphers TLS_DHE_DSS_WITH_AES_256_CBC_SHA256 -v >"$WORK/c2-dss.out" 2>"$WORK/c2-dss.err" ||
    { echo "  client: $(tail -1 "$WORK/c2-dss.err")"; return 1; }
  grep -q "^hello" "$WORK/c2-dss.out" && grep -q "signature: *dsa_sha256" "$WORK/c2-dss.err"
}
check "a DHE_DSS suite named in --ciphers works without --sigalgs (dsa_sha256)" dss_by_name_only
for n in ecdsa_secp521r1_sha512 ecdsa_secp256r1_sha256 ecdsa_sha224; do
  # RFC 8422 §5.1.1: the curves the client lists also bound the server certificate's: secp521r1 is
  # not in DEFAULT, so the client names it.
  check "glasstls client offering only $n gets it from a P-521 s_server" \
    client_at "$S_521" "$WORK/p521-ca.pem" "$n" --groups x25519,secp521r1
done
for n in rsa_pss_pss_sha256 rsa_pss_pss_sha384 rsa_pss_pss_sha512; do
  check "glasstls client offering only $n gets it from an RSASSA-PSS s_server" client_at "$S_PSS" "$WORK/pss-ca.pem" "$n"
done
check "glasstls client offering only rsa_pss_rsae_sha256 is refused by the RSASSA-PSS s_server" \
  bash -c "! (sleep 0.3) | timeout 5 '$GLASSTLS' client 127.0.0.1:$S_PSS --ca '$WORK/pss-ca.pem' --servername localhost --sigalgs rsa_pss_rsae_sha256 >/dev/null 2>&1"
finish
