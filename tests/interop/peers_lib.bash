# The same interop matrix for every independent peer written in another language's standard
# library (tests/interop/peers/: peer.go, peer.js, Peer.java). Sourced by peers_go.sh,
# peers_node.sh and peers_java.sh after they define:
#   peer_server CERT_KIND [args...]   start the peer's echo server (CERT_KIND rsa|ecdsa), in background
#   peer_client PORT [args...]        run the peer's client against 127.0.0.1:PORT (foreground)
#   PEER_CLIENT_CERT / PEER_OTHER_CERT  the peer's arguments for the client / other-client identity
#   PEER_RESUMES_EMS=yes|no           whether the peer's stack has extended master secret (RFC 7627)
# Each peer prints "port N" when listening, one "conn version=.. suite=.. resumed=.. alpn=.. peer=.."
# line per connection, "echo sha256 OK (N bytes)" (client) or "echoed N bytes, close_notify
# received" (server), and "error: ..." / "handshake failed: ..." on failure.
CERTS="$ROOT/vectors/certs"
BIG=$((10 * 1024 * 1024))

# A glasstls --echo server with -v; its port in GPORT, its log in $WORK/gs-NAME.log.
glasstls_server() { # glasstls_server NAME [args...]
  local name=$1; shift
  start_bg 120 "$WORK/gs-$name.log" "$GLASSTLS" server --port 0 --echo -v "$@"
  GPORT=$(wait_listening "$WORK/gs-$name.log") || fail "glasstls server did not start: $(cat "$WORK/gs-$name.log")"
}

# The peer's server: its port in PPORT once it printed "port N", its log in $WORK/ps-NAME.log.
peer_server_started() { # peer_server_started NAME
  local i
  for i in $(seq 1 300); do
    PPORT=$(sed -n 's/^port \([0-9]*\)$/\1/p' "$WORK/ps-$1.log" 2>/dev/null)
    [[ -n "$PPORT" ]] && return 0
    sleep 0.1
  done
  fail "peer server $1 did not start: $(cat "$WORK/ps-$1.log")"
}

show() { sed 's/^/    /' "$@"; }

# --- the peer as client, glasstls as server -------------------------------------------------
case_client_echo() { # KIND: 10 MiB echoed with checksum, close_notify both ways
  glasstls_server "echo-$1" --cert "$CERTS/server-$1.pem" --key "$CERTS/server-$1.key"
  peer_client "$GPORT" --bytes "$BIG" >"$WORK/pc-echo-$1.out" 2>&1 || { show "$WORK/pc-echo-$1.out"; return 1; }
  grep -q "^echo sha256 OK ($BIG bytes)" "$WORK/pc-echo-$1.out" || { show "$WORK/pc-echo-$1.out"; return 1; }
  wait_log "$WORK/gs-echo-$1.log" "closed (close_notify both ways)" || { show "$WORK/gs-echo-$1.log"; return 1; }
}

case_client_alpn() { # the peer offers h2,http/1.1; glasstls accepts only http/1.1
  glasstls_server alpn --cert "$CERTS/server-ecdsa.pem" --key "$CERTS/server-ecdsa.key" --alpn http/1.1
  peer_client "$GPORT" --alpn h2,http/1.1 >"$WORK/pc-alpn.out" 2>&1 || { show "$WORK/pc-alpn.out"; return 1; }
  grep -q "^conn .* alpn=http/1.1 " "$WORK/pc-alpn.out" || { show "$WORK/pc-alpn.out"; return 1; }
}

case_client_no_alpn() { # no protocol in common: RFC 7301 §3.2 no_application_protocol(120)
  glasstls_server noalpn --cert "$CERTS/server-rsa.pem" --key "$CERTS/server-rsa.key" --alpn http/1.1
  if peer_client "$GPORT" --alpn foo >"$WORK/pc-noalpn.out" 2>&1; then show "$WORK/pc-noalpn.out"; return 1; fi
  echo "    peer saw: $(grep -m1 error "$WORK/pc-noalpn.out")"
  wait_log "$WORK/gs-noalpn.log" "no_application_protocol(120)" || { show "$WORK/gs-noalpn.log"; return 1; }
}

case_client_mtls() { # mutual TLS: the client certificate's CN reaches the server
  glasstls_server mtls --cert "$CERTS/server-rsa.pem" --key "$CERTS/server-rsa.key" --client-ca "$CERTS/client-ca.pem"
  peer_client "$GPORT" $PEER_CLIENT_CERT >"$WORK/pc-mtls.out" 2>&1 || { show "$WORK/pc-mtls.out"; return 1; }
  grep -q "^echo sha256 OK" "$WORK/pc-mtls.out" || { show "$WORK/pc-mtls.out"; return 1; }
  wait_log "$WORK/gs-mtls.log" "client .*CN=" || { show "$WORK/gs-mtls.log"; return 1; }
}

case_client_mtls_other_ca() { # a client certificate from a CA the server does not list: refused
  glasstls_server other --cert "$CERTS/server-rsa.pem" --key "$CERTS/server-rsa.key" --client-ca "$CERTS/client-ca.pem"
  if peer_client "$GPORT" $PEER_OTHER_CERT >"$WORK/pc-other.out" 2>&1; then show "$WORK/pc-other.out"; return 1; fi
  wait_log "$WORK/gs-other.log" "handshake failed: sent fatal alert" || { show "$WORK/gs-other.log"; return 1; }
  # Some stacks send the certificate anyway (glasstls answers unknown_ca); others see that it is not
  # from a listed CA, send none, and glasstls answers handshake_failure (RFC 5246 §7.4.6).
  echo "    glasstls: $(grep -m1 -o 'sent fatal alert [a-z_]*([0-9]*)' "$WORK/gs-other.log")"
  echo "    peer:     $(grep -m1 error "$WORK/pc-other.out" | cut -c1-120)"
}

case_client_resume() { # the peer connects twice; with EMS the second handshake is abbreviated
  glasstls_server resume --cert "$CERTS/server-ecdsa.pem" --key "$CERTS/server-ecdsa.key"
  peer_client "$GPORT" --resume >"$WORK/pc-resume.out" 2>&1 || { show "$WORK/pc-resume.out"; return 1; }
  local second; second=$(grep '^conn ' "$WORK/pc-resume.out" | sed -n 2p)
  if [[ $PEER_RESUMES_EMS == yes ]]; then
    [[ $second == *"resumed=true"* ]] || { show "$WORK/pc-resume.out"; return 1; }
  else
    # No extended master secret: RFC 7627 §5.3, glasstls will not resume such a session, and
    # gives it neither a session ID nor a ticket; with --legacy-resumption it does, as OpenSSL.
    [[ $second == *"resumed=false"* ]] || { show "$WORK/pc-resume.out"; return 1; }
    glasstls_server legacy --cert "$CERTS/server-ecdsa.pem" --key "$CERTS/server-ecdsa.key" --legacy-resumption
    peer_client "$GPORT" --resume >"$WORK/pc-legacy.out" 2>&1 || { show "$WORK/pc-legacy.out"; return 1; }
    second=$(grep '^conn ' "$WORK/pc-legacy.out" | sed -n 2p)
    [[ $second == *"resumed=true"* ]] || { show "$WORK/pc-legacy.out"; return 1; }
  fi
}

# --- glasstls as client, the peer as server -------------------------------------------------
case_server_echo() { # KIND: 10 MiB through glasstls client, checksum, close_notify both ways
  peer_server "echo-$1" "$1"; peer_server_started "echo-$1"
  head -c "$BIG" /dev/urandom >"$WORK/big.in"
  timeout 60 "$GLASSTLS" client "127.0.0.1:$PPORT" --servername localhost --ca "$CERTS/ca.pem" \
    <"$WORK/big.in" >"$WORK/big.out" 2>"$WORK/gc-echo-$1.err" || { show "$WORK/gc-echo-$1.err"; return 1; }
  cmp -s "$WORK/big.in" "$WORK/big.out" || { echo "    echo differs ($(stat -c %s "$WORK/big.out") bytes back)"; return 1; }
  wait_log "$WORK/ps-echo-$1.log" "echoed $BIG bytes, close_notify received" || { show "$WORK/ps-echo-$1.log"; return 1; }
}

case_server_alpn_mtls() { # ALPN agreed and a client certificate the peer requires
  peer_server mtls ecdsa --client-ca "$CERTS/client-ca.pem" --alpn http/1.1; peer_server_started mtls
  echo hello | timeout 20 "$GLASSTLS" client "127.0.0.1:$PPORT" --servername localhost --ca "$CERTS/ca.pem" \
    --alpn h2,http/1.1 --cert "$CERTS/client.pem" --key "$CERTS/client.key" -v \
    >"$WORK/gc-mtls.out" 2>"$WORK/gc-mtls.err" || { show "$WORK/gc-mtls.err"; return 1; }
  grep -q "^hello" "$WORK/gc-mtls.out" || return 1
  grep -q "ALPN: *http/1.1" "$WORK/gc-mtls.err" || { show "$WORK/gc-mtls.err"; return 1; }
  wait_log "$WORK/ps-mtls.log" "^conn .* alpn=http/1.1 peer=demo-client" || { show "$WORK/ps-mtls.log"; return 1; }
}

case_server_mtls_missing() { # the peer requires a certificate, glasstls has none: a fatal alert
  peer_server nocert rsa --client-ca "$CERTS/client-ca.pem"; peer_server_started nocert
  if echo hello | timeout 20 "$GLASSTLS" client "127.0.0.1:$PPORT" --servername localhost --ca "$CERTS/ca.pem" \
       >/dev/null 2>"$WORK/gc-nocert.err"; then return 1; fi
  grep -q "alert" "$WORK/gc-nocert.err" || { show "$WORK/gc-nocert.err"; return 1; }
  echo "    glasstls: $(head -1 "$WORK/gc-nocert.err" | cut -c1-140)"
}

case_server_resume() { # glasstls client --resume: the second connection resumes when EMS is there
  peer_server resume ecdsa --conns 2; peer_server_started resume
  echo hello | timeout 20 "$GLASSTLS" client "127.0.0.1:$PPORT" --servername localhost --ca "$CERTS/ca.pem" \
    --resume -v >/dev/null 2>"$WORK/gc-resume.err" || { show "$WORK/gc-resume.err"; return 1; }
  if [[ $PEER_RESUMES_EMS == yes ]]; then
    grep -q "session kept, reconnecting to resume it" "$WORK/gc-resume.err" &&
      grep -q "resumed: yes" "$WORK/gc-resume.err" || { show "$WORK/gc-resume.err"; return 1; }
  else
    # -v tells the truth: the session is kept but will not be offered (RFC 7627 §5.3) ...
    grep -q "session kept but not resumable: no extended master secret" "$WORK/gc-resume.err" &&
      grep -q "resumed: no" "$WORK/gc-resume.err" &&
      grep -q "session: *not offered" "$WORK/gc-resume.err" || { show "$WORK/gc-resume.err"; return 1; }
    # ... unless --legacy-resumption, which resumes it as OpenSSL would.
    peer_server legacy ecdsa --conns 2; peer_server_started legacy
    echo hello | timeout 20 "$GLASSTLS" client "127.0.0.1:$PPORT" --servername localhost --ca "$CERTS/ca.pem" \
      --resume --legacy-resumption -v >/dev/null 2>"$WORK/gc-legacy.err" || { show "$WORK/gc-legacy.err"; return 1; }
    grep -q "resumed: yes" "$WORK/gc-legacy.err" || { show "$WORK/gc-legacy.err"; return 1; }
  fi
}

run_peer_matrix() {
  check "peer client -> glasstls server, RSA, 10 MiB echo, close_notify" case_client_echo rsa
  check "peer client -> glasstls server, ECDSA, 10 MiB echo, close_notify" case_client_echo ecdsa
  check "peer client -> glasstls server, ALPN agreed" case_client_alpn
  check "peer client -> glasstls server, no_application_protocol" case_client_no_alpn
  check "peer client -> glasstls server, mutual TLS" case_client_mtls
  check "peer client -> glasstls server, client cert from an unlisted CA refused" case_client_mtls_other_ca
  check "peer client -> glasstls server, resumption" case_client_resume
  check "glasstls client -> peer server, RSA, 10 MiB echo, close_notify" case_server_echo rsa
  check "glasstls client -> peer server, ECDSA, 10 MiB echo, close_notify" case_server_echo ecdsa
  check "glasstls client -> peer server, ALPN + mutual TLS" case_server_alpn_mtls
  check "glasstls client -> peer server, required certificate missing" case_server_mtls_missing
  check "glasstls client -> peer server, resumption" case_server_resume
  finish
}
