#!/usr/bin/env bash
# `glasstls client --trace-html` rendered by a real browser: a deterministic glasstls client talks
# to a glasstls server on loopback and writes the page; headless Chromium (Debian's chromium)
# loads it from disk with networking off. --dump-dom must show every message of the handshake
# in the flow diagram (in order) and the decrypted data; --screenshot must produce a real PNG.
# Skips (77) when chromium is not installed (scripts/setup.sh --peers installs it).
source "$(dirname "$0")/lib.bash"
need_glasstls
need chromium
need python3

C="$ROOT/vectors/certs"
port=$(free_port)
start_bg 30 "$WORK/server.log" "$GLASSTLS" server --port "$port" --cert "$C/server-rsa.pem" \
  --key "$C/server-rsa.key" --www --deterministic html-server
wait_port "$port" || fail "glasstls server did not start: $(cat "$WORK/server.log")"

# The client keeps its input open after the request, so the server answers before any
# close_notify of ours (which would end the connection first, RFC 5246 §7.2.1).
python3 - "$GLASSTLS" "$port" "$C/ca.pem" "$WORK" <<'EOF' || fail "client failed: $(cat "$WORK/client.err")"
import subprocess, sys
glasstls, port, ca, work = sys.argv[1:]
with open(work + "/page.out", "wb") as out, open(work + "/client.err", "wb") as err:
    p = subprocess.Popen([glasstls, "client", "127.0.0.1:" + port, "--ca", ca, "--deterministic",
                          "html-client", "--trace-html", work + "/trace.html"],
                         stdin=subprocess.PIPE, stdout=out, stderr=err)
    p.stdin.write(b"GET / HTTP/1.0\r\n\r\n")
    p.stdin.flush()
    rc = p.wait(timeout=30)
    p.stdin.close()
sys.exit(rc)
EOF
check "the client wrote the page" test -s "$WORK/trace.html"
check "the page has no external references" \
  bash -c "! grep -Eiq '(src|href)=\"?(https?:|//)' '$WORK/trace.html'"

chrome() {
  timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d "$WORK/chrome.XXXXXX")" "$@"
}

chrome --dump-dom "file://$WORK/trace.html" >"$WORK/dom.html" 2>"$WORK/chrome.err" ||
  fail "chromium --dump-dom failed: $(tail -5 "$WORK/chrome.err")"
# The diagram, as the browser parsed it: the arrow labels in document order.
python3 - "$WORK/dom.html" >"$WORK/flow.txt" <<'EOF'
import re, sys, html
dom = open(sys.argv[1]).read()
flow = dom[dom.index('<section id="flow">'):]
flow = flow[:flow.index('</section>')]
for lbl in re.findall(r'<span class="lbl">(.*?)</span>', flow):
    print(html.unescape(lbl))
EOF
expect_order() {
  python3 - "$WORK/flow.txt" <<'EOF'
import sys
labels = open(sys.argv[1]).read().splitlines()
want = ["ClientHello", "ServerHello, Certificate, ServerKeyExchange, ServerHelloDone",
        "ClientKeyExchange", "ChangeCipherSpec", "Finished", "ChangeCipherSpec", "Finished",
        "application data, 18 bytes", "application data, 301 bytes"]
i = 0
for l in labels:
    if i < len(want) and l == want[i]:
        i += 1
if i < len(want):
    print("flow labels %r lack %r" % (labels, want[i]), file=sys.stderr)
    sys.exit(1)
EOF
}
check "dump-dom: the flow diagram shows the handshake in order" expect_order
check "dump-dom: the decrypted response is on the page" grep -q 'HTTP/1.0 200 OK' "$WORK/dom.html"
check "dump-dom: the key schedule is worked out" grep -q '<b>master_secret</b>' "$WORK/dom.html"
check "dump-dom: the record header bytes are annotated" grep -q '>content_type<' "$WORK/dom.html"

chrome --screenshot="$WORK/shot.png" --window-size=1280,2000 "file://$WORK/trace.html" \
  >/dev/null 2>"$WORK/shot.err" || fail "chromium --screenshot failed: $(tail -5 "$WORK/shot.err")"
png_ok() {
  python3 - "$WORK/shot.png" <<'EOF'
import struct, sys
b = open(sys.argv[1], "rb").read()
assert b[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h = struct.unpack(">II", b[16:24])
assert (w, h) == (1280, 2000), (w, h)
# a blank page compresses to a few KiB; this one has text, hex and colours all over
assert len(b) > 50000, len(b)
EOF
}
check "screenshot: a 1280x2000 PNG with real content" png_ok
if [[ -n "${KEEP_SCREENSHOT:-}" ]]; then cp "$WORK/shot.png" "$KEEP_SCREENSHOT"; fi
finish
