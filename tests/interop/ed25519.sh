#!/usr/bin/env bash
# Ed25519 end to end against OpenSSL (RFC 8032, RFC 8410, RFC 8422), on 127.0.0.1:
#   an openssl-made Ed25519 chain (root -> intermediate -> leaf, all Ed25519-signed) passes
#     `glasstls verify`, one with a changed signature does not, and Ed25519-signed CRLs are read
#     (the same signature check, x509_check_signed);
#   glasstls client -> openssl s_server with an Ed25519 certificate (ServerKeyExchange signed with
#     ed25519, RFC 8422 §5.4), and openssl s_client -> glasstls server with one, both ways on an
#     ECDHE_ECDSA suite;
#   mutual TLS with an Ed25519 client certificate both ways (CertificateVerify over the handshake
#     messages themselves, RFC 8422 §5.10).
# Every certificate is made here with openssl (valid from now on: nothing depends on the date).
source "$(dirname "$0")/lib.bash"
need_glasstls
need openssl
openssl genpkey -algorithm ed25519 -out /dev/null 2>/dev/null || skip "this openssl has no Ed25519"
cd "$WORK"
G=$GLASSTLS

# ---- the chain -------------------------------------------------------------------------------
ext() { printf '%s\n' "$@" >"$WORK/ext.cnf"; echo "$WORK/ext.cnf"; }
openssl req -x509 -newkey ed25519 -nodes -keyout root.key -out root.pem -subj "/CN=Ed Root" -days 2 \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null ||
  fail "openssl could not make the root"
issue() { # issue NAME SUBJECT ISSUER EXT-LINES...
  local name=$1 subj=$2 issuer=$3; shift 3
  openssl req -new -newkey ed25519 -nodes -keyout "$name.key" -subj "$subj" -out "$name.csr" 2>/dev/null &&
    openssl x509 -req -in "$name.csr" -CA "$issuer.pem" -CAkey "$issuer.key" -CAcreateserial -days 2 \
      -extfile "$(ext "$@")" -out "$name.pem" 2>/dev/null
}
issue inter "/CN=Ed Intermediate" root "basicConstraints=critical,CA:TRUE,pathlen:0" \
  "keyUsage=critical,keyCertSign,cRLSign" || fail "no intermediate"
issue server "/CN=localhost" inter "subjectAltName=DNS:localhost" "extendedKeyUsage=serverAuth" \
  "keyUsage=critical,digitalSignature" || fail "no server certificate"
issue client "/CN=ed-client" inter "extendedKeyUsage=clientAuth" "keyUsage=critical,digitalSignature" ||
  fail "no client certificate"
cat server.pem inter.pem >server-chain.pem
cat client.pem inter.pem >client-chain.pem
grep -q "ED25519" <(openssl x509 -in server.pem -noout -text) || fail "openssl did not make an Ed25519 certificate"

check "glasstls verify accepts the openssl-made Ed25519 chain" \
  "$G" verify --ca root.pem --untrusted inter.pem --host localhost server.pem
forged() { # the leaf with the last byte of its signature (S, RFC 8032 §5.1.6) changed
  openssl x509 -in server.pem -outform DER -out server.der &&
    local last; last=$(tail -c 1 server.der | od -An -tu1) &&
    { head -c -1 server.der; printf "\\$(printf %03o $((last ^ 1)))"; } >forged.der &&
    openssl x509 -inform DER -in forged.der -out forged.pem &&
    ! "$G" verify --ca root.pem --untrusted inter.pem --host localhost forged.pem >forged.out 2>&1 &&
    grep -q "Ed25519 signature does not verify" forged.out || { cat forged.out; return 1; }
}
check "glasstls verify refuses a changed Ed25519 signature" forged

crl() { # crl NAME [REVOKE]: NAME.pem, a CRL signed by the Ed25519 intermediate (no digest: md default)
  mkdir -p "ca-$1" && : >"ca-$1/index.txt" && echo 01 >"ca-$1/crlnumber"
  if [[ -n ${2:-} ]]; then
    printf 'R\t440101000000Z\t240101000000Z,keyCompromise\t%s\tunknown\t/CN=localhost\n' \
      "$(openssl x509 -in "$2" -noout -serial | cut -d= -f2)" >"ca-$1/index.txt"
  fi
  printf '[ca]\ndefault_ca = d\n[d]\ndatabase = %s\ncrlnumber = %s\ndefault_md = default\ndefault_crl_days = 1\n' \
    "ca-$1/index.txt" "ca-$1/crlnumber" >"ca-$1/ca.cnf"
  openssl ca -batch -config "ca-$1/ca.cnf" -gencrl -cert inter.pem -keyfile inter.key -out "$1.pem" 2>"ca-$1/log" ||
    { cat "ca-$1/log"; return 1; }
}
crls() {
  crl clean && crl revoked server.pem || return 1
  "$G" verify --ca root.pem --untrusted inter.pem --host localhost --crl clean.pem server.pem >crl-clean.out 2>&1 ||
    { cat crl-clean.out; return 1; }
  ! "$G" verify --ca root.pem --untrusted inter.pem --host localhost --crl revoked.pem server.pem >crl-rev.out 2>&1 &&
    grep -qi "revoked" crl-rev.out || { cat crl-rev.out; return 1; }
}
check "Ed25519-signed CRLs: a clean one passes, one listing the leaf revokes it" crls

# ---- glasstls client -> openssl s_server -------------------------------------------------------
SPORT=$(free_port)
start_bg 30 s_server.log openssl s_server -accept "$SPORT" -tls1_2 -www -cert server.pem -key server.key \
  -cert_chain inter.pem -Verify 1 -CAfile root.pem -verify_return_error
wait_port "$SPORT" || fail "s_server did not start"

g_client() { # g_client NAME args...: a GET through glasstls client to s_server, -v on stderr
  local name=$1; shift
  (printf 'GET / HTTP/1.0\r\n\r\n'; sleep 0.5) | timeout 10 "$G" client "127.0.0.1:$SPORT" --ca root.pem \
    --servername localhost -v "$@" >"$name.out" 2>"$name.err"
}
client_to_s_server() {
  g_client gc --cert client-chain.pem --key client.key --ciphers TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 ||
    { tail -3 gc.err; return 1; }
  grep -q "^\* signature: ed25519" gc.err && grep -q "^\* cipher: *TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384" gc.err &&
    grep -q "CN *= *ed-client" gc.out || { cat gc.err; grep -i "cn" gc.out; return 1; }
}
check "glasstls client (Ed25519 client certificate) -> s_server (Ed25519 server): both verified" client_to_s_server
client_no_ed25519() { # without ed25519 in --sigalgs there is nothing the server can sign with
  g_client gn --sigalgs ecdsa_secp256r1_sha256,rsa_pss_rsae_sha256 && return 1
  grep -q "alert handshake_failure(40)" gn.err || { tail -2 gn.err; return 1; }
}
check "a client that does not offer ed25519 gets handshake_failure from s_server" client_no_ed25519

# ---- openssl s_client -> glasstls server --------------------------------------------------------
start_bg 30 g_server.log "$G" server --port 0 --www -v --cert server-chain.pem --key server.key --client-ca root.pem
GPORT=$(wait_listening g_server.log) || { cat g_server.log; fail "glasstls server did not start"; }
s_client() { # s_client NAME args...
  local name=$1; shift
  (printf 'GET / HTTP/1.0\r\n\r\n'; sleep 0.5) | timeout 10 openssl s_client -connect "127.0.0.1:$GPORT" \
    -tls1_2 -servername localhost -CAfile root.pem -verify_return_error -ign_eof "$@" >"$name.out" 2>&1
}
s_client_to_glasstls() {
  s_client sc -cert client.pem -key client.key -cert_chain inter.pem -cipher ECDHE-ECDSA-CHACHA20-POLY1305 ||
    { grep -m3 -i "error\|alert" sc.out; return 1; }
  grep -q "Peer signature type: [Ee][Dd]25519" sc.out && grep -q "Verification: OK" sc.out &&
    grep -q "^Client certificate: CN=ed-client" sc.out || { grep -i "signature\|verif\|client" sc.out; return 1; }
}
check "s_client (Ed25519 client certificate) -> glasstls server (Ed25519): both verified" s_client_to_glasstls
s_client_ed25519_only() { # s_client offering only ed25519 still gets it
  s_client so -sigalgs ed25519 -cert client.pem -key client.key -cert_chain inter.pem && grep -q "Peer signature type: [Ee][Dd]25519" so.out ||
    { grep -m3 -i "error\|alert\|signature" so.out; return 1; }
}
check "s_client -sigalgs ed25519 -> glasstls server: signed with ed25519" s_client_ed25519_only
s_client_no_ed25519() { # s_client without ed25519: glasstls has no way to sign, handshake_failure
  s_client sn -sigalgs ECDSA+SHA256:RSA+SHA256 -cert client.pem -key client.key -cert_chain inter.pem && return 1
  grep -qi "alert handshake failure" sn.out || { grep -m3 -i "alert\|error" sn.out; return 1; }
}
check "s_client without ed25519 in -sigalgs -> handshake_failure from glasstls" s_client_no_ed25519
finish
