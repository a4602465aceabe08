#!/usr/bin/env bash
# Node.js's tls module (Debian nodejs) against glasstls, both directions: tests/interop/peers_lib.bash.
source "$(dirname "$0")/lib.bash"
need_glasstls
need node
source "$(dirname "$0")/peers_lib.bash"

peer_server() { # NAME KIND [args]
  local name=$1 kind=$2; shift 2
  start_bg 120 "$WORK/ps-$name.log" node "$ROOT/tests/interop/peers/peer.js" server \
    "$CERTS/server-$kind.pem" "$CERTS/server-$kind.key" "$@"
}
peer_client() { # PORT [args]
  local port=$1; shift
  timeout 60 node "$ROOT/tests/interop/peers/peer.js" client "$port" "$CERTS/ca.pem" "$@"
}
PEER_CLIENT_CERT="--cert $CERTS/client.pem --key $CERTS/client.key"
PEER_OTHER_CERT="--cert $CERTS/other-client.pem --key $CERTS/other-client.key"
PEER_RESUMES_EMS=yes
run_peer_matrix
