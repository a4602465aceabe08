#!/usr/bin/env bash
# Make the seed corpora of the engine and chain fuzz targets from REAL handshakes with OpenSSL.
#
# For each case, `openssl s_server -rev -tls1_2` and `openssl s_client -tls1_2` talk on loopback
# through a tiny Python proxy that writes each direction to a file (c2s = every byte the client
# sent, s2c = every byte the server sent). From those captures:
#   fuzz/corpus/server_engine/   <byte 0><c2s>   s_client's whole flight (ClientHello, key exchange,
#                                                CCS, Finished, data, close_notify; with a client
#                                                certificate for the mtls case), fed at once or
#                                                in small pieces
#   fuzz/corpus/client_engine/   <byte 0><s2c>   s_server's flight; the ClientHello it answered is
#                                                not glasstls's, so these stop at the
#                                                ServerKeyExchange signature. The seeds that reach
#                                                the end come from the golden transcripts
#                                                (vectors/golden/openssl_*.txt, profiles 0-2 of
#                                                fuzz_client_engine.c), which are OpenSSL's answers
#                                                to the exact ClientHello the target sends.
#   fuzz/corpus/chain/           <flags><certificate_list> the Certificate message of each
#                                s2c, plus the chains of vectors/x509/cases.txt
#   fuzz/corpus/encrypted_phase/ operations for fuzz_encrypted_phase.c: application data, each
#                                s_client ClientHello injected after the handshake (a
#                                renegotiation attempt), HelloRequest, alerts, CCS, an
#                                oversized record, raw garbage.
# Usage: scripts/make-fuzz-corpus.sh   (needs openssl and python3; rewrites those four folders)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
command -v openssl >/dev/null && command -v python3 >/dev/null || { echo "needs openssl and python3" >&2; exit 77; }

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

cat >"$work/proxy.py" <<'EOF'
# proxy.py LISTEN_PORT TARGET_PORT OUT_PREFIX: relay one connection, log c2s and s2c.
import select, socket, sys
lp, tp, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
ls = socket.socket(); ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", lp)); ls.listen(1); ls.settimeout(20)
open(out + ".ready", "w").close()
c, _ = ls.accept()
s = socket.create_connection(("127.0.0.1", tp), timeout=20)
logs = {c: open(out + ".c2s", "wb"), s: open(out + ".s2c", "wb")}
peer = {c: s, s: c}
live = [c, s]
while live:
    r, _, _ = select.select(live, [], [], 10)
    if not r:
        break
    for x in r:
        d = x.recv(65536)
        if not d:
            live.remove(x)
            try: peer[x].shutdown(socket.SHUT_WR)
            except OSError: pass
            continue
        logs[x].write(d); peer[x].sendall(d)
for f in logs.values(): f.close()
EOF

port=$((20000 + RANDOM % 20000))
capture() { # name cert key cipher [extra s_client args...]
  local name=$1 cert=$2 key=$3 cipher=$4; shift 4
  local sp=$port pp=$((port + 1)); port=$((port + 2))
  # shellcheck disable=SC2086
  openssl s_server -accept "$sp" -tls1_2 -rev -naccept 1 -cert "vectors/certs/$cert" -key "vectors/certs/$key" \
    -cipher "$cipher" ${SERVER_EXTRA:-} -quiet >/dev/null 2>&1 &
  pids+=($!)
  python3 "$work/proxy.py" "$pp" "$sp" "$work/$name" &
  pids+=($!)
  for _ in $(seq 50); do [[ -e "$work/$name.ready" ]] && break; sleep 0.1; done
  sleep 0.3
  (printf 'ping fuzz corpus\n'; sleep 1) | timeout 10 openssl s_client -connect "127.0.0.1:$pp" -tls1_2 \
    -cipher "$cipher" -servername localhost -CAfile vectors/certs/ca.pem "$@" -quiet >/dev/null 2>&1 || true
  wait "${pids[-1]}" || true
  [[ -s "$work/$name.c2s" && -s "$work/$name.s2c" ]] || { echo "capture $name failed" >&2; exit 1; }
  echo "captured $name: $(stat -c %s "$work/$name.c2s") bytes c2s, $(stat -c %s "$work/$name.s2c") bytes s2c"
}

capture ecdhe_rsa_gcm server-rsa.pem server-rsa.key ECDHE-RSA-AES128-GCM-SHA256 -groups X25519
capture ecdhe_ecdsa_chacha server-ecdsa.pem server-ecdsa.key ECDHE-ECDSA-CHACHA20-POLY1305 -groups P-256
capture ecdhe_rsa_cbc384 server-rsa.pem server-rsa.key ECDHE-RSA-AES256-SHA384 -groups P-384
capture ecdhe_ecdsa_cbc_sha server-ecdsa.pem server-ecdsa.key ECDHE-ECDSA-AES256-SHA -groups P-384:P-256
capture dhe_rsa_gcm server-rsa.pem server-rsa.key DHE-RSA-AES128-GCM-SHA256
capture rsa_gcm server-rsa.pem server-rsa.key AES128-GCM-SHA256
capture ecdhe_default server-rsa.pem server-rsa.key 'DEFAULT' -alpn h2,http/1.1
# client authentication: s_server asks (-Verify), s_client sends client.pem and CertificateVerify
SERVER_EXTRA="-Verify 1 -CAfile vectors/certs/client-ca.pem" \
  capture mtls_ecdhe_rsa_gcm server-rsa.pem server-rsa.key ECDHE-RSA-AES128-GCM-SHA256 \
  -cert vectors/certs/client.pem -key vectors/certs/client.key

python3 - "$work" <<'EOF'
import glob, os, re, struct, subprocess, sys
work = sys.argv[1]
def out(target, name, data):
    d = f"fuzz/corpus/{target}"
    os.makedirs(d, exist_ok=True)
    open(f"{d}/{name}", "wb").write(data)
for target in ("server_engine", "client_engine", "chain", "encrypted_phase"):
    for f in glob.glob(f"fuzz/corpus/{target}/*"):
        os.remove(f)

def records(stream):
    at = 0
    while at + 5 <= len(stream):
        t, ln = stream[at], struct.unpack(">H", stream[at + 3:at + 5])[0]
        yield t, stream[at + 5:at + 5 + ln]
        at += 5 + ln

def handshake_messages(stream):
    """The plaintext handshake messages (before the first ChangeCipherSpec)."""
    buf = b""
    for t, body in records(stream):
        if t == 20:
            break
        if t == 22:
            buf += body
    at = 0
    while at + 4 <= len(buf):
        ln = int.from_bytes(buf[at + 1:at + 4], "big")
        yield buf[at], buf[at:at + 4 + ln]
        at += 4 + ln

def rec(op, data):
    return bytes([op]) + struct.pack(">H", len(data)) + data

hellos = []
for c2s in sorted(glob.glob(f"{work}/*.c2s")):
    name = os.path.basename(c2s)[:-4]
    cs, sc = open(c2s, "rb").read(), open(f"{work}/{name}.s2c", "rb").read()
    # server engine: the whole client flight at once (0), in 5-byte and 1-byte pieces, traced
    auth = 0x40 if name.startswith("mtls") else 0  # fuzz_server_engine: ask for a certificate
    out("server_engine", f"openssl-{name}", bytes([auth]) + cs)
    out("server_engine", f"openssl-{name}-cut5", bytes([auth | 5]) + cs)
    # client engine, profile 3 (DEFAULT): feed at once, and in 9-byte pieces with a tracer
    out("client_engine", f"openssl-{name}", b"\x03" + sc)
    out("client_engine", f"openssl-{name}-cut9", bytes([3 | 4 | (2 << 3)]) + sc)
    for t, msg in handshake_messages(sc):
        if t == 11:  # Certificate: certificate_list<0..2^24-1> without its own length
            out("chain", f"openssl-{name}-server", bytes([1 | (1 << 2)]) + msg[7:])
            out("chain", f"openssl-{name}-any", b"\x00" + msg[7:])
    for t, msg in handshake_messages(cs):
        if t == 1:
            hellos.append((name, msg))
out("server_engine", "openssl-ecdhe_rsa_gcm-traced", b"\x80" + open(f"{work}/ecdhe_rsa_gcm.c2s", "rb").read())

# client engine, profiles 0-2: the golden transcripts (OpenSSL answering glasstls's ClientHello)
golden = ["openssl_ecdhe_rsa_x25519_aes128gcm", "openssl_ecdhe_ecdsa_p256_chacha20",
          "openssl_ecdhe_rsa_p384_aes256cbcsha384"]
for profile, g in enumerate(golden):
    for line in open(f"vectors/golden/{g}.txt"):
        if line.startswith("s2c "):
            sc = bytes.fromhex(line.split()[1])
            out("client_engine", f"golden-{g}", bytes([profile]) + sc)
            out("client_engine", f"golden-{g}-cut1-traced", bytes([profile | 4 | (1 << 3)]) + sc)

# chain: the cases of vectors/x509/cases.txt as certificate lists (leaf first, then untrusted)
def der_of(pem_name):
    p = subprocess.run(["openssl", "x509", "-in", f"vectors/x509/{pem_name}", "-outform", "DER"],
                       capture_output=True)
    return p.stdout if p.returncode == 0 else open(f"vectors/x509/{pem_name}", "rb").read()
purposes = {"any": 0, "server": 1, "client": 2}
hosts = {"-": 0, "localhost": 1, "www.example.com": 2, "127.0.0.1": 3}
for line in open("vectors/x509/cases.txt"):
    f = line.split()
    if len(f) < 9 or line.startswith("#"):
        continue
    name, leaf, untrusted, host, purpose = f[0], f[1], f[2], f[4], f[6]
    certs = [leaf] + ([] if untrusted == "-" else untrusted.split(","))
    flags = purposes.get(purpose, 0) | (hosts.get(host, 0) << 2)
    body = b"".join(len(d).to_bytes(3, "big") + d for d in map(der_of, certs))
    out("chain", f"case-{name}", bytes([flags]) + body)

# encrypted phase: byte 0 = suite | receiver, byte 1 = feed size, then operations
for suite in range(4):
    for server in (0, 1):
        head = bytes([suite | (server << 2), 0])
        who = "server" if server else "client"
        out("encrypted_phase", f"s{suite}-{who}-appdata",
            head + rec(3, b"GET / HTTP/1.1\r\n\r\n") + bytes([5, 5]) + b"hello" + rec(3, b"") + bytes([6]))
        out("encrypted_phase", f"s{suite}-{who}-alerts",
            head + rec(1, b"\x01\x00") + rec(1, b"\x02\x28") + rec(1, b"\x01"))
        out("encrypted_phase", f"s{suite}-{who}-ccs", head + rec(0, b"\x01") + rec(3, b"x"))
        out("encrypted_phase", f"s{suite}-{who}-oversized", head + rec(3, b"A" * 16385))
        out("encrypted_phase", f"s{suite}-{who}-raw", head + rec(4, b"\x17\x03\x03\x00\x20" + b"\x00" * 32))
        out("encrypted_phase", f"s{suite}-{who}-hellorequest",
            bytes([suite | (server << 2), 7]) + rec(2, b"\x00\x00\x00\x00") + rec(3, b"after") + bytes([7]))
        for n, hello in hellos[:3]:
            out("encrypted_phase", f"s{suite}-{who}-renegotiate-{n}", head + rec(2, hello) + rec(3, b"after"))
for d in ("server_engine", "client_engine", "chain", "encrypted_phase"):
    print(f"fuzz/corpus/{d}: {len(os.listdir('fuzz/corpus/' + d))} seeds")
EOF
