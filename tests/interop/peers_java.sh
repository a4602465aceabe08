#!/usr/bin/env bash
# Java's JSSE (Debian default-jdk-headless) against glasstls, both directions:
# tests/interop/peers_lib.bash. JSSE reads keys from PKCS#12 key stores, made here with openssl.
source "$(dirname "$0")/lib.bash"
need_glasstls
need javac
need java
need openssl
javac -d "$WORK/java" "$ROOT/tests/interop/peers/Peer.java" || fail "javac failed"
source "$(dirname "$0")/peers_lib.bash"
for id in server-rsa server-ecdsa client other-client; do
  openssl pkcs12 -export -in "$CERTS/$id.pem" -inkey "$CERTS/$id.key" -passout pass:changeit \
    -out "$WORK/$id.p12" || fail "pkcs12 $id"
done

peer_server() { # NAME KIND [args]
  local name=$1 kind=$2; shift 2
  start_bg 120 "$WORK/ps-$name.log" java -cp "$WORK/java" Peer server "$WORK/server-$kind.p12" "$@"
}
peer_client() { # PORT [args]
  local port=$1; shift
  timeout 60 java -cp "$WORK/java" Peer client "$port" "$CERTS/ca.pem" "$@"
}
PEER_CLIENT_CERT="--keystore $WORK/client.p12"
PEER_OTHER_CERT="--keystore $WORK/other-client.p12"
PEER_RESUMES_EMS=yes
run_peer_matrix
