#!/usr/bin/env bash
# A key log written by glasstls lets tshark decrypt a capture of the same connection (issue 7).
#
# tshark captures on lo (port filter) while two connections run:
#   1. glasstls client (key log from SSLKEYLOGFILE) -> glasstls server --www --keylog FILE (RSA, GCM):
#      with either side's key log tshark sees the HTTP request and the page (HTTP dissected);
#   2. glasstls client --keylog FILE -> glasstls server --echo (ECDSA, AES-256-CBC-SHA384): the line
#      sent and the line echoed are visible as decrypted data.
# Controls: without a key log nothing is decrypted, and the key log's client random is the one in
# the captured ClientHello.
#
# Capture start and end are found without sleeping blindly: the filter also admits a "marker" port
# nobody listens on; connecting to it makes a SYN/RST pair appear in tshark's live output. Once the
# first marker shows, capturing has begun; once a marker sent after the clients finished shows,
# every packet before it has been captured.
source "$(dirname "$0")/lib.bash"
need_glasstls
need tshark
CERTS="$ROOT/vectors/certs"

start_glasstls() { # start_glasstls LOG args... -> GPORT
  local log=$1; shift
  start_bg 60 "$log" "$GLASSTLS" server --port 0 "$@"
  GPORT=$(wait_listening "$log")
}

start_glasstls "$WORK/www.log" --www --keylog "$WORK/server.keylog" \
  --cert "$CERTS/server-rsa.pem" --key "$CERTS/server-rsa.key" || fail "no --www server"
WWW=$GPORT
start_glasstls "$WORK/echo.log" --echo \
  --cert "$CERTS/server-ecdsa.pem" --key "$CERTS/server-ecdsa.key" || fail "no --echo server"
ECHO=$GPORT
MARK=$(free_port)

CAP="$WORK/cap.pcapng"
timeout 30 tshark -i lo -f "tcp port $WWW or tcp port $ECHO or tcp port $MARK" -l -P -w "$CAP" \
  >"$WORK/live.txt" 2>"$WORK/tshark.err" &
TSHARK=$!
PIDS+=("$TSHARK")

marks() { grep -c "$MARK" "$WORK/live.txt" 2>/dev/null || true; }
mark() { (exec 3<>"/dev/tcp/127.0.0.1/$MARK") 2>/dev/null || true; }
for i in $(seq 1 100); do
  [[ "$(marks)" -gt 0 ]] && break
  kill -0 "$TSHARK" 2>/dev/null ||
    skip "tshark cannot capture on lo here: $(grep -v -e '^Running as' "$WORK/tshark.err" | head -1)"
  mark
  sleep 0.1
done
[[ "$(marks)" -gt 0 ]] || skip "tshark saw no packets on lo in 10 s (capturing on lo is not possible here)"

# The two connections. The client's random for connection 1 comes from SSLKEYLOGFILE.
printf 'GET /keylog-test HTTP/1.0\r\nHost: localhost\r\n\r\n' |
  SSLKEYLOGFILE="$WORK/client-env.keylog" timeout 10 "$GLASSTLS" client "127.0.0.1:$WWW" \
    --ca "$CERTS/ca.pem" >"$WORK/page.html" 2>"$WORK/client1.err" ||
  fail "client 1: $(cat "$WORK/client1.err")"
LINE="keylog line $RANDOM$RANDOM through AES-256-CBC"
echo "$LINE" | timeout 10 "$GLASSTLS" client "127.0.0.1:$ECHO" --ca "$CERTS/ca.pem" \
  --ciphers TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384 --keylog "$WORK/client-opt.keylog" \
  >"$WORK/echoed.txt" 2>"$WORK/client2.err" || fail "client 2: $(cat "$WORK/client2.err")"

before=$(marks)
for i in $(seq 1 100); do
  mark
  sleep 0.1
  [[ "$(marks)" -gt "$before" ]] && break
done
kill -TERM "$TSHARK" 2>/dev/null || true
wait "$TSHARK" 2>/dev/null || true
[[ -s "$CAP" ]] || fail "no capture file"

decode() { # decode KEYLOG tshark-args... : read the capture with that key log
  local kl=$1; shift
  tshark -r "$CAP" -o "tls.keylog_file:$kl" "$@" 2>/dev/null
}

www_decrypted() { # www_decrypted KEYLOG
  decode "$1" -Y "tcp.port == $WWW && http" -T fields -e http.request.uri -e http.response.code \
    -e http.file_data >"$WORK/http.txt"
  grep -q "^/keylog-test" "$WORK/http.txt" || { echo "  request not decrypted"; return 1; }
  grep -q "200.*Protocol: TLSv1.2.*Cipher: TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" "$WORK/http.txt" ||
    { echo "  page not decrypted"; cat "$WORK/http.txt"; return 1; }
}
check "server --keylog FILE decrypts the --www connection" www_decrypted "$WORK/server.keylog"
check "client SSLKEYLOGFILE decrypts the --www connection" www_decrypted "$WORK/client-env.keylog"

echo_decrypted() {
  grep -qx "$LINE" "$WORK/echoed.txt" || { echo "  the line did not come back"; return 1; }
  decode "$WORK/client-opt.keylog" -o data.show_as_text:TRUE -Y "tcp.port == $ECHO && data" \
    -T fields -e tcp.srcport -e data.text >"$WORK/data.txt"
  [[ $(grep -c "$LINE" "$WORK/data.txt") -eq 2 ]] || { echo "  want the line both ways:"; cat "$WORK/data.txt"; return 1; }
  grep -q "^$ECHO	$LINE" "$WORK/data.txt" || { echo "  the echo is not from the server port"; return 1; }
}
check "client --keylog FILE decrypts a CBC --echo connection, both directions" echo_decrypted

no_keylog() {
  : >"$WORK/empty.keylog"
  [[ -z "$(decode "$WORK/empty.keylog" -Y "http || data" -T fields -e frame.number)" ]]
}
check "control: without a key log nothing is decrypted" no_keylog

same_random() { # the CLIENT_RANDOM of each key log is the random of a captured ClientHello
  decode /dev/null -Y "tls.handshake.type == 1" -T fields -e tls.handshake.random |
    tr -d ':' >"$WORK/randoms.txt"
  local f r
  for f in server.keylog client-env.keylog client-opt.keylog; do
    r=$(awk '$1 == "CLIENT_RANDOM" { print $2 }' "$WORK/$f")
    [[ $(wc -l <<<"$r") -eq 1 && ${#r} -eq 64 ]] || { echo "  $f: want one CLIENT_RANDOM line"; return 1; }
    grep -qi "^$r$" "$WORK/randoms.txt" || { echo "  $f: random not in the capture"; return 1; }
  done
  cmp -s "$WORK/server.keylog" "$WORK/client-env.keylog" || { echo "  client and server logs differ"; return 1; }
}
check "key log lines name the captured ClientHello randoms" same_random

finish
