#!/usr/bin/env bash
# `glasstls client --sess-out FILE` then, in a later run, `--sess-in FILE`: the abbreviated
# handshake across runs (tools/net/session_file.h), against openssl s_server (by session ID and by
# ticket) and against a glasstls server; the file is mode 0600 (it holds the master secret);
# a file that is not a session is refused with one line.
source "$(dirname "$0")/lib.bash"
need_glasstls
need openssl
CERTS="$ROOT/vectors/certs"

client() { # client PORT EXTRA... : one request, -v summary in $WORK/c.err
  echo hello | timeout 20 "$GLASSTLS" client "127.0.0.1:$1" --servername localhost --ca "$CERTS/ca.pem" -v \
    "${@:2}" >"$WORK/c.out" 2>"$WORK/c.err"
}

across_runs() { # across_runs PORT NAME [client options]: save, then resume from the file
  local port=$1 file="$WORK/$2.sess"; shift 2
  client "$port" --sess-out "$file" "$@" || { cat "$WORK/c.err"; return 1; }
  grep -q "resumed: no" "$WORK/c.err" && grep -q "session saved to $file" "$WORK/c.err" || { cat "$WORK/c.err"; return 1; }
  [[ $(stat -c %a "$file") == 600 ]] || { echo "  mode $(stat -c %a "$file")"; return 1; }
  head -1 "$file" | grep -qx -- "-----BEGIN GLASSTLS SESSION-----" || return 1
  client "$port" --sess-in "$file" "$@" || { cat "$WORK/c.err"; return 1; }
  grep -q "resumed: yes" "$WORK/c.err" || { cat "$WORK/c.err"; return 1; }
}

OPORT=$(free_port)
start_bg 60 "$WORK/s_server.log" openssl s_server -accept "127.0.0.1:$OPORT" -www -tls1_2 \
  -cert "$CERTS/server-rsa.pem" -key "$CERTS/server-rsa.key"
wait_port "$OPORT" || fail "openssl s_server did not start"
check "openssl s_server: resumed by ticket from a session file" across_runs "$OPORT" ticket
OPORT2=$(free_port)
start_bg 60 "$WORK/s_server2.log" openssl s_server -accept "127.0.0.1:$OPORT2" -www -tls1_2 -no_ticket \
  -cert "$CERTS/server-rsa.pem" -key "$CERTS/server-rsa.key"
wait_port "$OPORT2" || fail "openssl s_server did not start"
check "openssl s_server -no_ticket: resumed by session ID from a session file" across_runs "$OPORT2" sid

start_bg 60 "$WORK/gs.log" "$GLASSTLS" server --port 0 --www --cert "$CERTS/server-ecdsa.pem" --key "$CERTS/server-ecdsa.key"
GPORT=$(wait_listening "$WORK/gs.log") || fail "glasstls server did not start"
check "glasstls server: resumed from a session file" across_runs "$GPORT" glasstls

# RFC 7301 §3.1: ALPN is negotiated afresh on resumption. glasstls's server must answer the
# four cases as openssl s_server does (the session was made with h2).
alpn_cases() { # alpn_cases PORT NAME -> one line per case: "OFFER: ALPN resumed" or "OFFER: alert"
  local port=$1 file="$WORK/$2-alpn.sess" offer
  client "$port" --alpn h2 --sess-out "$file" || return 1
  for offer in http/1.1 none foo; do
    local args=(--sess-in "$file"); [[ $offer != none ]] && args+=(--alpn "$offer")
    if client "$port" "${args[@]}"; then
      echo "$offer: $(sed -n 's/^\* ALPN: *//p' "$WORK/c.err") $(sed -n 's/^\* \(resumed: .*\)/\1/p' "$WORK/c.err")"
    else
      echo "$offer: $(grep -o 'alert [a-z_]*([0-9]*)' "$WORK/c.err")"
    fi
  done
}
alpn_like_openssl() {
  local oport; oport=$(free_port)
  start_bg 60 "$WORK/s_alpn.log" openssl s_server -accept "127.0.0.1:$oport" -www -tls1_2 -alpn h2,http/1.1 \
    -cert "$CERTS/server-rsa.pem" -key "$CERTS/server-rsa.key"
  wait_port "$oport" || return 1
  start_bg 60 "$WORK/gs-alpn.log" "$GLASSTLS" server --port 0 --www --alpn h2,http/1.1 \
    --cert "$CERTS/server-rsa.pem" --key "$CERTS/server-rsa.key"
  local gport; gport=$(wait_listening "$WORK/gs-alpn.log") || return 1
  alpn_cases "$oport" openssl >"$WORK/alpn-openssl.txt"
  alpn_cases "$gport" glasstls >"$WORK/alpn-glasstls.txt"
  sed 's/^/    openssl:  /' "$WORK/alpn-openssl.txt"
  grep -qx "http/1.1: http/1.1 resumed: yes" "$WORK/alpn-openssl.txt" || return 1
  diff -u "$WORK/alpn-openssl.txt" "$WORK/alpn-glasstls.txt"
}
check "ALPN on resumption: glasstls server answers as openssl s_server (RFC 7301 §3.1)" alpn_like_openssl

not_a_session() {
  cp "$CERTS/ca.pem" "$WORK/bogus.sess"
  if client "$GPORT" --sess-in "$WORK/bogus.sess"; then return 1; fi
  grep -q "^glasstls client: --sess-in $WORK/bogus.sess: not a glasstls session file" "$WORK/c.err" || { cat "$WORK/c.err"; return 1; }
  if client "$GPORT" --sess-in "$WORK/missing.sess"; then return 1; fi
  grep -q "cannot read the file" "$WORK/c.err"
}
check "a file that is not a session is refused with one line" not_a_session

corrupt_session() { # a session block whose contents do not parse: refused by the library
  printf -- '-----BEGIN GLASSTLS SESSION-----\nAQID\n-----END GLASSTLS SESSION-----\n' >"$WORK/bad.sess"
  if client "$GPORT" --sess-in "$WORK/bad.sess"; then return 1; fi
  grep -q "not a glasstls session file" "$WORK/c.err"
}
check "a session block that does not decode is refused" corrupt_session
finish
