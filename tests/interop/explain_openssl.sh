#!/usr/bin/env bash
# glasstls explain on a connection glasstls took no part in: `openssl s_client` talking to
# `openssl s_server` on loopback, captured with tshark, with the key log from s_client's
# -keylogfile. explain must show the handshake from ClientHello to both Finished messages
# (decrypted with the key block derived from the logged master secret, RFC 5246 §6.3) and the
# application data line, read from the pcap and from the two directions' raw bytes.
# Skips (77) when tshark is missing or capturing on lo is not permitted.
source "$(dirname "$0")/lib.bash"
need_glasstls
need openssl
need tshark
need python3

C="$ROOT/vectors/certs"
port=$(free_port)
line="hello from s_client $$"

# s_server keeps reading stdin: feed it a sleep so it does not close on EOF.
(sleep 20) | timeout 25 openssl s_server -accept "$port" -cert "$C/server-rsa.pem" \
  -key "$C/server-rsa.key" -tls1_2 -quiet >"$WORK/s_server.out" 2>&1 &
PIDS+=($!)
wait_port "$port" || fail "openssl s_server did not start"

# Capture only after the port probe, so the first connection in the capture is the real one.
start_capture "$port" "$WORK/cap.pcapng"

(echo "$line"; sleep 1) | timeout 15 openssl s_client -connect "127.0.0.1:$port" -tls1_2 \
  -keylogfile "$WORK/keylog.txt" -quiet >"$WORK/s_client.out" 2>&1 || true
sleep 1
stop_capture
grep -q "$line" "$WORK/s_server.out" || fail "s_server did not get the line (setup problem)"
[[ -s "$WORK/cap.pcapng" ]] || skip "the capture is empty"
grep -q '^CLIENT_RANDOM ' "$WORK/keylog.txt" || fail "s_client wrote no key log"

# The messages of a full ECDHE handshake, in order, then the data (">>>" = client).
expect_flow() { # expect_flow FILE
  python3 - "$1" "$line" <<'EOF'
import sys
text = open(sys.argv[1]).read()
want = [">>> handshake out: ClientHello", "<<< handshake in: ServerHello",
        "<<< handshake in: Certificate", "<<< handshake in: ServerKeyExchange",
        "<<< handshake in: ServerHelloDone", ">>> handshake out: ClientKeyExchange",
        ">>> record out: change_cipher_spec", ">>> handshake out: Finished",
        "<<< record in: change_cipher_spec", "<<< handshake in: Finished",
        'application_data: client, %d bytes decrypted: "%s\\n"' % (len(sys.argv[2]) + 1, sys.argv[2])]
at = 0
for w in want:
    i = text.find(w, at)
    if i < 0:
        print("missing or out of order: %r" % w, file=sys.stderr)
        sys.exit(1)
    at = i
for bad in ("does not parse", "cannot be read", "cannot install"):
    if bad in text:
        print("unexpected: %r" % bad, file=sys.stderr)
        sys.exit(1)
EOF
}

# 1. from the capture
"$GLASSTLS" explain --pcap "$WORK/cap.pcapng" --port "$port" --keylog "$WORK/keylog.txt" \
  --html "$WORK/explain.html" >"$WORK/pcap.txt" 2>"$WORK/pcap.err"
check "explain --pcap: ClientHello..Finished and the data line" expect_flow "$WORK/pcap.txt"
check "explain --pcap: key block derived from the logged master secret" \
  grep -q '\* key client_write_key' "$WORK/pcap.txt"
check "explain --html: the flow diagram names the messages" \
  grep -q '<span class=lbl>ServerKeyExchange</span>' "$WORK/explain.html"
check "explain --pcap: the server's certificate decoded, with its SAN and pin (RFC 5280 §4.1)" \
  grep -q 'subjectAltName: 28 bytes = 2.5.29.17: DNS:localhost, IP:127.0.0.1' "$WORK/pcap.txt"
check "explain --html: one panel for the certificate" \
  grep -q "The server's certificate \[0\]: 888 bytes: O=glasstls demo, CN=localhost" "$WORK/explain.html"
# each client record titled by what it carries (issue 15: they were shifted by one)
client_titles() {
  python3 - "$1" <<'EOF'
import html, re, sys
page = open(sys.argv[1]).read()
got = [html.unescape(t).split(': ', 1)[1] for t in re.findall(r'<div class="rec c2s[^"]*" id=rec\d+><h3>([^<]*)</h3>', page)]
want = ["ClientHello", "ClientKeyExchange", "ChangeCipherSpec", "Finished"]
if got[:4] != want or len(got) < 5 or not got[4].startswith("application data, "):
    print("client records titled %r" % got, file=sys.stderr)
    sys.exit(1)
EOF
}
check "explain --html: the client's records titled ClientHello, ClientKeyExchange, ..." \
  client_titles "$WORK/explain.html"

# 2. from the two directions' raw bytes (what a TCP proxy would log), in the decoder's own order
tshark -r "$WORK/cap.pcapng" -n -Y "tcp.len > 0" -T fields -e tcp.srcport -e tcp.payload \
  2>/dev/null | python3 -c '
import sys
port = sys.argv[1]
c2s = open(sys.argv[2], "wb"); s2c = open(sys.argv[3], "wb")
for l in sys.stdin:
    f = l.split()
    if len(f) == 2:
        (s2c if f[0] == port else c2s).write(bytes.fromhex(f[1].replace(":", "")))
' "$port" "$WORK/c2s.bin" "$WORK/s2c.bin"
"$GLASSTLS" explain --client-bytes "$WORK/c2s.bin" --server-bytes "$WORK/s2c.bin" \
  --keylog "$WORK/keylog.txt" >"$WORK/files.txt" 2>&1
check "explain --client-bytes/--server-bytes: same flow" expect_flow "$WORK/files.txt"

# 3. without the key log: the hellos are decoded, the encrypted records are not
"$GLASSTLS" explain --client-bytes "$WORK/c2s.bin" --server-bytes "$WORK/s2c.bin" >"$WORK/nokeys.txt" 2>&1
check "explain without --keylog: hellos decoded" grep -q '<<< handshake in: ServerKeyExchange' "$WORK/nokeys.txt"
check "explain without --keylog: says why nothing is decrypted" grep -q 'no key log given' "$WORK/nokeys.txt"
check "explain without --keylog: no plaintext shown" bash -c "! grep -q '$line' '$WORK/nokeys.txt'"

# 4. usage errors exit 2
set +e
"$GLASSTLS" explain --pcap "$WORK/cap.pcapng" >/dev/null 2>&1; rc=$?
set -e
check "explain --pcap without --port: exit 2" test "$rc" -eq 2
finish
