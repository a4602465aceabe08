#!/usr/bin/env bash
# Resumption against OpenSSL on 127.0.0.1, both directions, by ticket (RFC 5077) and by session ID
# (RFC 5246 §7.3):
#   openssl s_client -sess_out / -sess_in and -reconnect -> glasstls server: "Reused, TLSv1.2";
#     by session ID with tickets off on either side (the server's cache is shared by the processes
#     it forks per connection); with mutual TLS the resumed connection still names the client;
#   glasstls client --resume -> openssl s_server: "resumed: yes", by ticket and (s_server
#     -no_ticket) by session ID.
source "$(dirname "$0")/lib.bash"
need_glasstls
need openssl
CERTS="$ROOT/vectors/certs"

start_glasstls() { # start_glasstls LOG args... -> GPORT
  local log=$1; shift
  start_bg 25 "$log" "$GLASSTLS" server --port 0 --www \
    --cert "$CERTS/server-rsa.pem" --key "$CERTS/server-rsa.key" "$@"
  GPORT=$(wait_listening "$log") || { cat "$log"; return 1; }
}
start_glasstls "$WORK/tickets.log" || fail "no server"
TICKETS=$GPORT
start_glasstls "$WORK/ids.log" --tickets off || fail "no server"
IDS=$GPORT
start_glasstls "$WORK/mtls.log" --client-ca "$CERTS/client-ca.pem" || fail "no server"
MTLS=$GPORT

s_client() { # s_client PORT NAME args...
  local port=$1 name=$2; shift 2
  (printf 'GET / HTTP/1.0\r\n\r\n'; sleep 0.3) | timeout 10 openssl s_client -connect "127.0.0.1:$port" \
    -tls1_2 -servername localhost -CAfile "$CERTS/ca.pem" -verify_return_error -ign_eof "$@" \
    >"$WORK/$name.out" 2>&1
}

sess_out_in() { # sess_out_in PORT NAME [s_client args]
  local port=$1 name=$2; shift 2
  s_client "$port" "$name-1" -sess_out "$WORK/$name.sess" "$@" || { echo "  first connection failed"; return 1; }
  grep -q "^New, TLSv1.2" "$WORK/$name-1.out" || { echo "  first connection not new"; return 1; }
  s_client "$port" "$name-2" -sess_in "$WORK/$name.sess" "$@" || { echo "  second connection failed"; return 1; }
  grep -q "^Reused, TLSv1.2" "$WORK/$name-2.out" || { echo "  not reused"; return 1; }
  grep -q "^Resumed: yes" "$WORK/$name-2.out" || { echo "  the page does not say Resumed: yes"; return 1; }
}
check "s_client -sess_out/-sess_in -> glasstls (ticket)" sess_out_in "$TICKETS" ticket
ticket_seen() { grep -q "TLS session ticket:" "$WORK/ticket-1.out"; }
check "  ... and the server issued a ticket" ticket_seen
check "s_client -sess_out/-sess_in -no_ticket -> glasstls (session ID)" sess_out_in "$TICKETS" sid -no_ticket
check "s_client -sess_out/-sess_in -> glasstls --tickets off (session ID)" sess_out_in "$IDS" ids
mtls_resume() {
  sess_out_in "$MTLS" mtls -cert "$CERTS/client.pem" -key "$CERTS/client.key" || return 1
  grep -q "^Client certificate: O=glasstls demo, CN=demo-client" "$WORK/mtls-2.out" ||
    { echo "  the resumed connection lost the client identity"; return 1; }
}
check "s_client -cert, resumed -> glasstls --client-ca: client still named" mtls_resume

reconnect() {
  s_client "$TICKETS" reconnect -reconnect || { echo "  s_client failed"; return 1; }
  [[ $(grep -c "^Reused, TLSv1.2" "$WORK/reconnect.out") -ge 5 ]] ||
    { echo "  $(grep -c '^Reused' "$WORK/reconnect.out") reused of 5"; return 1; }
}
check "s_client -reconnect -> glasstls (5 reconnections reused)" reconnect

# glasstls client --resume -> openssl s_server
g_resume() { # g_resume NAME [s_server args]
  local name=$1 port; shift
  port=$(free_port)
  start_bg 15 "$WORK/$name-server.log" openssl s_server -accept "$port" -tls1_2 -www \
    -cert "$CERTS/server-rsa.pem" -key "$CERTS/server-rsa.key" "$@"
  wait_port "$port" || { echo "  s_server did not start"; return 1; }
  (printf 'GET / HTTP/1.0\r\n\r\n'; sleep 0.5) | timeout 10 "$GLASSTLS" client "127.0.0.1:$port" \
    --ca "$CERTS/ca.pem" --servername localhost --resume -v >"$WORK/$name.out" 2>"$WORK/$name.err" ||
    { echo "  client: $(tail -1 "$WORK/$name.err")"; return 1; }
  grep -q "resumed: *yes" "$WORK/$name.err" || { echo "  $(grep resumed "$WORK/$name.err")"; return 1; }
  # s_server -www counts the session-cache hits on its page
  grep -Eq "^ *1 session cache hits" "$WORK/$name.out" || { echo "  s_server counts no cache hit"; return 1; }
}
check "glasstls client --resume -> s_server (ticket)" g_resume g-ticket
check "glasstls client --resume -> s_server -no_ticket (session ID)" g_resume g-sid -no_ticket

finish
