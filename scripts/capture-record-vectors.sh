#!/usr/bin/env bash
# Capture real TLS 1.2 records from OpenSSL into vectors/record/<suite>.txt, for
# tests/record/vectors_test.c. Run once by hand; the tests read the stored files and never run
# OpenSSL. Usage: scripts/capture-record-vectors.sh [outdir]
#
# How, for each cipher suite:
#   1. `openssl s_server -rev` (answers each line reversed) on 127.0.0.1, with a throwaway
#      self-signed RSA certificate made here, restricted to one TLS 1.2 cipher suite;
#   2. a tiny Python proxy on 127.0.0.1 between client and server, writing every byte of each
#      direction to c2s.bin / s2c.bin exactly as it crossed the wire;
#   3. `openssl s_client -tls1_2 -cipher SUITE -keylogfile keylog -msg` through the proxy, sending
#      one line of application data.
# From these we write: client_random and server_random (read from the ClientHello and ServerHello
# records in the capture, and checked against the keylog's CLIENT_RANDOM line), the master secret
# (keylog), whether Encrypt-then-MAC was negotiated (extension 22 in the ServerHello, RFC 7366),
# the two Finished messages in plaintext (s_client -msg prints them after decryption), the line
# sent each way, and the protected records that follow each side's ChangeCipherSpec: the
# Finished record (sequence number 0) and the first application-data record (sequence number 1).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$here/vectors/record}
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT
cd "$tmp"
mkdir -p "$out"

openssl req -x509 -newkey rsa:2048 -nodes -keyout rsa.key -out rsa.crt -subj /CN=localhost \
    -days 3650 2>/dev/null

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

cat >proxy.py <<'EOF'
# proxy.py LISTEN_PORT SERVER_PORT: relay one connection, logging each direction's raw bytes.
import select, socket, sys
lp, sp = int(sys.argv[1]), int(sys.argv[2])
ls = socket.socket(); ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", lp)); ls.listen(1)
print("LISTENING", flush=True)
c, _ = ls.accept()
s = socket.create_connection(("127.0.0.1", sp))
logs = {c: open("c2s.bin", "wb"), s: open("s2c.bin", "wb")}
peer = {c: s, s: c}
open_ = {c, s}
while open_:
    r, _, _ = select.select(list(open_), [], [], 15)
    if not r:
        break
    for x in r:
        d = x.recv(65536)
        if not d:
            open_.discard(x)
            try: peer[x].shutdown(socket.SHUT_WR)
            except OSError: pass
            continue
        logs[x].write(d); logs[x].flush()
        peer[x].sendall(d)
EOF

cat >extract.py <<'EOF'
# extract.py NAME SUITE CMDLINE OPENSSL_VERSION LINE: write the vector file to stdout.
import re, sys
name, suite, cmdline, version, line = sys.argv[1:6]

def records(buf):
    out, i = [], 0
    while i + 5 <= len(buf):
        n = int.from_bytes(buf[i+3:i+5], "big")
        out.append(buf[i:i+5+n]); i += 5 + n
    return out

c2s, s2c = records(open("c2s.bin", "rb").read()), records(open("s2c.bin", "rb").read())
# ClientHello / ServerHello are the first plaintext handshake records (type 22, msg type 1 / 2).
ch = c2s[0]; assert ch[0] == 22 and ch[5] == 1
sh = s2c[0]; assert sh[0] == 22 and sh[5] == 2
client_random, server_random = ch[11:43].hex(), sh[11:43].hex()
# ServerHello extensions: after random(32) session_id cipher_suite(2) compression(1).
body = sh[9:9+int.from_bytes(sh[6:9], "big")]
p = 2 + 32; p += 1 + body[p]; p += 3
etm = 0
if p < len(body):
    ext_end = p + 2 + int.from_bytes(body[p:p+2], "big"); p += 2
    while p < ext_end:
        t, l = int.from_bytes(body[p:p+2], "big"), int.from_bytes(body[p+2:p+4], "big")
        if t == 22: etm = 1
        p += 4 + l

ms = None
for l in open("keylog"):
    f = l.split()
    if len(f) == 3 and f[0] == "CLIENT_RANDOM" and f[1].lower() == client_random:
        ms = f[2].lower()
assert ms, "no CLIENT_RANDOM line for this client random"

def after_ccs(recs):
    i = next(k for k, r in enumerate(recs) if r[0] == 20)
    fin = recs[i+1]; app = next(r for r in recs[i+2:] if r[0] == 23)
    return fin, app

cfin, capp = after_ccs(c2s)
sfin, sapp = after_ccs(s2c)

# s_client -msg: '>>> TLS 1.2, Handshake [length 0010], Finished' + hex lines; '<<<' = received.
fins, cur = {}, None
for l in open("client.log"):
    m = re.match(r"^(>>>|<<<) .*Handshake \[length [0-9a-f]+\], Finished", l)
    if m:
        cur = "client" if m.group(1) == ">>>" else "server"; fins[cur] = ""; continue
    if l.startswith((">>>", "<<<")) or not l.startswith("    "):
        cur = None; continue
    if cur:
        fins[cur] += "".join(l.split())

sent = line.encode() + b"\n"
reply = line[::-1].encode() + b"\n"
print(f"# TLS 1.2 records captured from {version}, cipher suite {suite}.")
print("# Made by scripts/capture-record-vectors.sh (see the comment at its top):")
print(f"#   {cmdline}")
print("# client_random/server_random: from the ClientHello/ServerHello on the wire; master_secret:")
print("# the s_client keylog (CLIENT_RANDOM line); *_finished: the Finished message plaintext as")
print("# s_client -msg printed it; *_fin_record: the record after each side's ChangeCipherSpec")
print("# (sequence number 0); *_app_record: the first application-data record (sequence number 1);")
print("# *_app_plaintext: the line sent (the server is s_server -rev, which answers it reversed).")
print(f"suite = {suite}")
print(f"etm = {etm}")
print(f"client_random = {client_random}")
print(f"server_random = {server_random}")
print(f"master_secret = {ms}")
print(f"client_finished = {fins['client']}")
print(f"server_finished = {fins['server']}")
print(f"client_fin_record = {cfin.hex()}")
print(f"server_fin_record = {sfin.hex()}")
print(f"client_app_plaintext = {sent.hex()}")
print(f"client_app_record = {capp.hex()}")
print(f"server_app_plaintext = {reply.hex()}")
print(f"server_app_record = {sapp.hex()}")
EOF

# capture NAME SUITE [EXTRA s_client ARGS]
capture() {
    local name=$1 suite=$2 extra=${3:-} sport pport line
    line="glasstls record vector $name"
    sport=$(free_port)
    pport=$(free_port)
    rm -f c2s.bin s2c.bin keylog server.log client.log proxy.log
    # shellcheck disable=SC2086
    timeout 20 openssl s_server -accept "127.0.0.1:$sport" -naccept 1 -rev -tls1_2 -cipher "$suite" \
        -cert rsa.crt -key rsa.key >server.log 2>&1 &
    pids+=($!)
    timeout 20 python3 proxy.py "$pport" "$sport" >proxy.log 2>&1 &
    pids+=($!)
    for _ in $(seq 50); do
        grep -q ACCEPT server.log && grep -q LISTENING proxy.log && break
        sleep 0.1
    done
    # shellcheck disable=SC2086
    (printf '%s\n' "$line"; sleep 2) | timeout 10 openssl s_client -connect "127.0.0.1:$pport" \
        -tls1_2 -cipher "$suite" -keylogfile keylog -msg -no_ticket $extra >client.log 2>&1 || true
    wait "${pids[@]}" 2>/dev/null || true
    pids=()
    python3 extract.py "$name" "$suite" \
        "s_server -rev -tls1_2 -cipher $suite; s_client -tls1_2 -cipher $suite -keylogfile -msg -no_ticket $extra" \
        "$(openssl version)" "$line" >"$out/$name.txt"
    echo "wrote $out/$name.txt"
}

capture ecdhe-rsa-aes128-gcm-sha256 ECDHE-RSA-AES128-GCM-SHA256
capture ecdhe-rsa-aes256-gcm-sha384 ECDHE-RSA-AES256-GCM-SHA384
capture ecdhe-rsa-chacha20-poly1305 ECDHE-RSA-CHACHA20-POLY1305
capture aes128-sha-mte AES128-SHA -no_etm
capture aes128-sha-etm AES128-SHA
capture aes256-sha256-etm AES256-SHA256
capture ecdhe-rsa-aes256-sha384-mte ECDHE-RSA-AES256-SHA384 -no_etm
