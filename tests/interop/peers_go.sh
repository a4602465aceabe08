#!/usr/bin/env bash
# Go's crypto/tls (Debian golang-go) against glasstls, both directions: tests/interop/peers_lib.bash.
# Go 1.19 has no extended master secret, so glasstls does not resume its sessions (RFC 7627 §5.3).
source "$(dirname "$0")/lib.bash"
need_glasstls
need go
export GOCACHE="$WORK/gocache" GOPATH="$WORK/gopath" GOFLAGS=-mod=mod GO111MODULE=auto
go build -o "$WORK/peer-go" "$ROOT/tests/interop/peers/peer.go" || fail "go build failed"
source "$(dirname "$0")/peers_lib.bash"

peer_server() { # NAME KIND [args]
  local name=$1 kind=$2; shift 2
  start_bg 120 "$WORK/ps-$name.log" "$WORK/peer-go" server "$CERTS/server-$kind.pem" "$CERTS/server-$kind.key" "$@"
}
peer_client() { # PORT [args] (Go's flag package takes -name value)
  local port=$1; shift
  timeout 60 "$WORK/peer-go" client "$port" "$CERTS/ca.pem" "${@/#--/-}"
}
PEER_CLIENT_CERT="-cert $CERTS/client.pem -key $CERTS/client.key"
PEER_OTHER_CERT="-cert $CERTS/other-client.pem -key $CERTS/other-client.key"
PEER_RESUMES_EMS=no
run_peer_matrix
