#!/usr/bin/env bash
# curl -> glasstls server --www (RSA and ECDSA certificates, verified against the demo CA).
source "$(dirname "$0")/lib.bash"
need_glasstls
need curl
CERTS="$ROOT/vectors/certs"

start_glasstls() { # start_glasstls LOG CERT KEY -> GPORT
  local log=$1
  start_bg 60 "$log" "$GLASSTLS" server --port 0 --www --cert "$2" --key "$3" --alpn http/1.1
  GPORT=$(wait_listening "$log")
}

fetch() { # fetch PORT NAME [curl args]
  local port=$1 name=$2; shift 2
  timeout 10 curl -sS --http1.1 --cacert "$CERTS/ca.pem" --resolve "localhost:$port:127.0.0.1" \
    "$@" "https://localhost:$port/" >"$WORK/$name.html" 2>"$WORK/$name.err" ||
    { echo "  curl: $(cat "$WORK/$name.err")"; return 1; }
  grep -q "^Protocol: TLSv1.2" "$WORK/$name.html" || { echo "  no page"; return 1; }
}

for kind in rsa ecdsa; do
  start_glasstls "$WORK/$kind.log" "$CERTS/server-$kind.pem" "$CERTS/server-$kind.key" || fail "server did not start"
  check "curl --www ($kind)" fetch "$GPORT" "$kind"
  grep -q "^ALPN: http/1.1" "$WORK/$kind.html" || { echo "  ALPN not negotiated"; FAILED=$((FAILED+1)); }
  check "curl chacha20 ($kind)" fetch "$GPORT" "$kind-chacha" --ciphers "ECDHE-${kind^^}-CHACHA20-POLY1305"
  grep -q "^Cipher: TLS_ECDHE_${kind^^}_WITH_CHACHA20_POLY1305_SHA256" "$WORK/$kind-chacha.html" ||
    { echo "  suite not named"; FAILED=$((FAILED+1)); }
done
# curl refuses our certificate when it does not trust the CA (our server is not the one failing).
refused() { ! timeout 10 curl -sS --resolve "localhost:$GPORT:127.0.0.1" "https://localhost:$GPORT/" >/dev/null 2>&1; }
check "curl without the demo CA refuses" refused

finish
