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
#                                oversized record, raw garbage; and a hostile SERVER after the
#                                handshake (the client receives): HelloRequests, a ServerHello,
#                                floods of warnings and empty records, heartbeat records, garbage.
#   fuzz/corpus/hs_messages/     <type | kex << 6><body> every handshake message of the captures.
# And for each rule of issue 17, the input that triggers it ("issue17-*" seeds):
#   server_engine  a ClientHello followed in the same bytes by a heartbeat record, by five warning
#                  alerts; ClientHellos with 4,096 and 8,191 unknown extensions, 5,500 extra cipher
#                  suites, one 65,531-byte extension, 131,110 bytes in nine records, a header
#                  announcing 2^24 - 1 bytes; server names with NUL / a control byte / 0x80, two
#                  host_names;
#   client_engine  the server's flight followed by a heartbeat record, by five warnings;
#   hs_messages    those ClientHellos as bodies;
#   record         five warning alerts, 33 empty records (sealed), a heartbeat record.
# Usage: scripts/make-fuzz-corpus.sh   (needs openssl and python3; rewrites those five folders)
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
for target in ("server_engine", "client_engine", "chain", "encrypted_phase", "hs_messages"):
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

def tls_records(content_type, data):
    """data framed into records of at most 2^14 bytes (RFC 5246 §6.2.1)."""
    return b"".join(bytes([content_type, 3, 3]) + struct.pack(">H", len(data[i:i + 16384])) + data[i:i + 16384]
                    for i in range(0, len(data), 16384))

HEARTBEAT = bytes([24, 3, 3, 0, 3, 1, 0, 0])   # RFC 6520 heartbeat_request, never negotiated
WARNING = bytes([21, 3, 3, 0, 2, 1, 90])       # warning user_canceled
KEX = {"ecdhe_rsa": 0, "ecdhe_ecdsa": 1, "rsa": 2, "dhe_rsa": 3, "mtls_ecdhe_rsa": 0, "ecdhe_default": 0}

def kex_of(name):
    return next((v for k, v in sorted(KEX.items(), key=lambda kv: -len(kv[0])) if name.startswith(k)), 0)

def vec(n, data):
    return len(data).to_bytes(n, "big") + data

def split_hello(body):
    """ClientHello body -> (version+random, session_id, suites, compression, [(type, ext body)])."""
    at = 34
    sid = body[at + 1:at + 1 + body[at]]; at += 1 + len(sid)
    n = int.from_bytes(body[at:at + 2], "big"); suites = body[at + 2:at + 2 + n]; at += 2 + n
    comp = body[at + 1:at + 1 + body[at]]; at += 1 + len(comp)
    n = int.from_bytes(body[at:at + 2], "big"); block = body[at + 2:at + 2 + n]
    exts, i = [], 0
    while i < len(block):
        t, ln = int.from_bytes(block[i:i + 2], "big"), int.from_bytes(block[i + 2:i + 4], "big")
        exts.append((t, block[i + 4:i + 4 + ln])); i += 4 + ln
    return body[:34], sid, suites, comp, exts

def join_hello(head, sid, suites, comp, exts):
    block = b"".join(t.to_bytes(2, "big") + vec(2, b) for t, b in exts)
    body = head + vec(1, sid) + vec(2, suites) + vec(1, comp) + vec(2, block)
    return bytes([1]) + len(body).to_bytes(3, "big") + body

def unassigned_suites(n):   # 0x2000.., stepping over TLS_FALLBACK_SCSV (0x5600)
    return b"".join((v + (v >= 0x5600)).to_bytes(2, "big") for v in range(0x2000, 0x2000 + n))

def sni(*names):
    return vec(2, b"".join(b"\x00" + vec(2, n) for n in names))

def issue17_hellos(hello):
    """The ClientHellos of issue 17 rules 4 and 9, built from a real one (whole messages)."""
    head, sid, suites, comp, exts = split_hello(hello[4:])
    others = [e for e in exts if e[0] != 0]
    big_suites = suites + unassigned_suites((0xFFFE - len(suites)) // 2)
    return {
        "hello-4096-extensions": join_hello(head, sid, suites, comp, exts + [(0x1000 + i, b"") for i in range(4096)]),
        "hello-8191-extensions": join_hello(head, sid, suites, comp, exts + [(0x1000 + i, b"") for i in range(8191)]),
        "hello-8191-extensions-duplicate": join_hello(head, sid, suites, comp,
                                                      exts + [(0x1000 + i, b"") for i in range(8190)] + [(0x1000, b"")]),
        "hello-11000-byte-suites": join_hello(head, sid, suites + unassigned_suites(5500), comp, exts),
        "hello-65531-byte-extension": join_hello(head, sid, suites, comp, [(0x6A6A, b"B" * 65531)]),
        "hello-131110-bytes": join_hello(head, b"", big_suites, comp, [(0x6A6A, b"B" * 65531)]),
        "sni-nul": join_hello(head, sid, suites, comp, [(0, sni(b"loc\x00lhost"))] + others),
        "sni-control": join_hello(head, sid, suites, comp, [(0, sni(b"loc\x01lhost"))] + others),
        "sni-high-byte": join_hello(head, sid, suites, comp, [(0, sni(b"loc\x80lhost"))] + others),
        "sni-two-host-names": join_hello(head, sid, suites, comp, [(0, sni(b"localhost", b"example.org"))] + others),
    }

def first_flight(stream, last_type):
    """The records of a stream up to the one whose plaintext ends with a message of last_type."""
    at = 0
    for t, body in records(stream):
        at += 5 + len(body)
        if t == 22 and len(body) >= 4 and body[-4] == last_type and body[-3:] == b"\x00\x00\x00":
            return stream[:at]
    return stream

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
    for direction, stream in (("c2s", cs), ("s2c", sc)):
        for t, msg in handshake_messages(stream):
            out("hs_messages", f"openssl-{name}-{direction}-{t}", bytes([t | (kex_of(name) << 6)]) + msg[4:])
out("server_engine", "openssl-ecdhe_rsa_gcm-traced", b"\x80" + open(f"{work}/ecdhe_rsa_gcm.c2s", "rb").read())

# issue 17: a ClientHello and more records in the same bytes (rule 1-3), large hellos (rule 4),
# server names (rule 9)
ch_name, ch = hellos[0]
ch_rec = tls_records(22, ch)
out("server_engine", "issue17-pipelined-heartbeat", b"\x00" + ch_rec + HEARTBEAT)
out("server_engine", "issue17-pipelined-5-warnings", b"\x00" + ch_rec + WARNING * 5)
out("server_engine", "issue17-announce-16mb", b"\x00" + tls_records(22, b"\x01\xff\xff\xff" + ch[4:]))
for rule, msg in issue17_hellos(ch).items():
    out("server_engine", f"issue17-{rule}", b"\x00" + tls_records(22, msg))
    out("hs_messages", f"issue17-{rule}", b"\x01" + msg[4:])

# client engine, profiles 0-2: the golden transcripts (OpenSSL answering glasstls's ClientHello)
golden = ["openssl_ecdhe_rsa_x25519_aes128gcm", "openssl_ecdhe_ecdsa_p256_chacha20",
          "openssl_ecdhe_rsa_p384_aes256cbcsha384"]
for profile, g in enumerate(golden):
    for line in open(f"vectors/golden/{g}.txt"):
        if line.startswith("s2c "):
            sc = bytes.fromhex(line.split()[1])
            out("client_engine", f"golden-{g}", bytes([profile]) + sc)
            out("client_engine", f"golden-{g}-cut1-traced", bytes([profile | 4 | (1 << 3)]) + sc)
            if profile == 0:  # issue 17: the server's flight and more records in the same bytes
                flight = first_flight(sc, 14)
                out("client_engine", "issue17-pipelined-heartbeat", b"\x00" + flight + HEARTBEAT)
                out("client_engine", "issue17-pipelined-5-warnings", b"\x00" + flight + WARNING * 5)

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
        # issue 17: floods of records that carry nothing, and heartbeat records
        out("encrypted_phase", f"s{suite}-{who}-issue17-warnings-x5", head + rec(1, b"\x01\x5a") * 5)
        out("encrypted_phase", f"s{suite}-{who}-issue17-empty-x33", head + rec(3, b"") * 33 + rec(3, b"x"))
        out("encrypted_phase", f"s{suite}-{who}-issue17-heartbeat", head + rec(4, HEARTBEAT))
    # a hostile server after the handshake (the client receives): renegotiation requests, a
    # ServerHello out of the blue, alerts and garbage under the negotiated keys
    head = bytes([suite, 0])
    sh = next(msg for t, msg in handshake_messages(open(f"{work}/ecdhe_rsa_gcm.s2c", "rb").read()) if t == 2)
    out("encrypted_phase", f"s{suite}-client-hostile-server-hellorequests",
        head + rec(2, b"\x00\x00\x00\x00") * 3 + bytes([5, 4]) + b"ping" + rec(2, b"\x00\x00\x00\x00"))
    out("encrypted_phase", f"s{suite}-client-hostile-server-serverhello", head + rec(2, sh) + rec(3, b"after"))
    out("encrypted_phase", f"s{suite}-client-hostile-server-alerts",
        head + rec(1, b"\x01\x64") + rec(1, b"\x01\x5a") + rec(3, b"data") + rec(1, b"\x02\x0a"))
    out("encrypted_phase", f"s{suite}-client-hostile-server-garbage",
        head + rec(3, b"ok") + rec(4, bytes(range(256)) * 4) + rec(0, b"\x01"))
# record (hand-made seeds otherwise; these are rewritten in place): floods and a heartbeat record
# behind the integrity check ("sealed" mode, AES-128-GCM: type u8, length u16, bytes) and in the clear
out("record", "issue17-sealed-gcm-warnings-x5", bytes([1 | 8, 0]) + (b"\x15\x00\x02\x01\x5a") * 5)
out("record", "issue17-sealed-gcm-empty-x33", bytes([1 | 8, 0]) + (b"\x17\x00\x00") * 33)
out("record", "issue17-null-heartbeat", bytes([0, 0]) + HEARTBEAT)
for d in ("server_engine", "client_engine", "chain", "encrypted_phase", "hs_messages"):
    print(f"fuzz/corpus/{d}: {len(os.listdir('fuzz/corpus/' + d))} seeds")
EOF
