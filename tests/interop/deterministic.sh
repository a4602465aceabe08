#!/usr/bin/env bash
# --deterministic SEED on both glasstls client and server: two runs give byte-identical traces
# (every record in hex, every key-schedule step), key logs and pages; another seed gives other
# bytes; and without the option two runs differ (so the comparison can fail).
#
# The lines that must differ between runs are dropped before comparing: the server's
# "listening on HOST:PORT" (port 0 picks a new port) and its -v lines (they name the client's port).
source "$(dirname "$0")/lib.bash"
need_glasstls
CERTS="$ROOT/vectors/certs"

run() { # run NAME SEED-or-"" [client args...] -> $WORK/NAME.{client,server,keylog,page}
  local name=$1 seed=$2 i port=""; shift 2
  local det=()
  [[ -n "$seed" ]] && det=(--deterministic "$seed")
  local log="$WORK/$name.server-raw"
  start_bg 30 "$log" "$GLASSTLS" server --port 0 --www --trace -v "${det[@]}" \
    --cert "$CERTS/server-rsa.pem" --key "$CERTS/server-rsa.key" \
    --cert "$CERTS/server-ecdsa.pem" --key "$CERTS/server-ecdsa.key"
  local spid=${PIDS[-1]}
  port=$(wait_listening "$log") || fail "server did not start"
  printf 'GET / HTTP/1.0\r\n\r\n' |
    timeout 10 "$GLASSTLS" client "127.0.0.1:$port" --ca "$CERTS/ca.pem" --trace "${det[@]}" \
      --keylog "$WORK/$name.keylog" "$@" >"$WORK/$name.page" 2>"$WORK/$name.client" ||
    fail "$name: client failed: $(tail -1 "$WORK/$name.client")"
  # The server child has finished when it logs the end of the connection.
  for i in $(seq 1 100); do
    grep -q "closed (close_notify both ways)" "$log" && break
    sleep 0.1
  done
  kill "$spid" 2>/dev/null || true
  grep -v -e '^listening on ' -e '^glasstls server: ' "$log" >"$WORK/$name.server"
}

same() { # same A B: every artefact identical
  local a=$1 b=$2 f
  for f in client server keylog page; do
    [[ -s "$WORK/$a.$f" ]] || { echo "  $a.$f is empty"; return 1; }
    cmp -s "$WORK/$a.$f" "$WORK/$b.$f" || { echo "  $f differs:"; diff "$WORK/$a.$f" "$WORK/$b.$f" | head -5; return 1; }
  done
}
differ() { # differ A B: the client randoms, and so the traces, differ
  ! cmp -s "$WORK/$1.client" "$WORK/$2.client" && ! cmp -s "$WORK/$1.server" "$WORK/$2.server" &&
    ! cmp -s "$WORK/$1.keylog" "$WORK/$2.keylog"
}
traced() { # the trace is a real one: the handshake, the key schedule, the page
  grep -q "ClientHello" "$WORK/$1.client" && grep -q "master" "$WORK/$1.client" &&
    grep -q "^Protocol: TLSv1.2" "$WORK/$1.page"
}

run rsa1 "seed one"
run rsa2 "seed one"
check "seed one: a real traced handshake" traced rsa1
check "seed one twice (ECDHE-RSA x25519 GCM): identical traces, key log, page" same rsa1 rsa2

ECDSA=(--ciphers TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 --groups secp256r1)
run ec1 "7" "${ECDSA[@]}"
run ec2 "7" "${ECDSA[@]}"
check "seed 7 twice (ECDHE-ECDSA P-256 ChaCha20): identical" same ec1 ec2

run other "seed two"
check "another seed gives other bytes" differ rsa1 other

run random1 ""
run random2 ""
check "control: without --deterministic two runs differ" differ random1 random2

finish
