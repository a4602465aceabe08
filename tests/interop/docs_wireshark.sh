#!/usr/bin/env bash
# docs/wireshark.md, replayed: the capture of section 1 (glasstls server --www, glasstls client
# with --keylog, tshark on lo; a free port instead of 8443), then the tshark commands of
# section 2. What the page shows must be what tshark prints:
#   - `-Y http`: the request and the response lines, with their frame sizes;
#   - `-z follow,tls,ascii,0`: the decrypted request and the --www page;
#   - the fields table: each record's content types and handshake types, row by row, in order
#     through the handshake (the frame numbers are not compared: they depend on the kernel's ACKs;
#     the data and close_notify records after it may interleave either way).
# Skips (77) when tshark is missing or capturing on lo is not permitted.
source "$(dirname "$0")/lib.bash"
need_glasstls
need tshark
need python3

C="$ROOT/vectors/certs"
start_bg 30 "$WORK/server.log" "$GLASSTLS" server --port 0 --cert "$C/server-rsa.pem" \
  --key "$C/server-rsa.key" --www
port=$(wait_listening "$WORK/server.log") || fail "glasstls server did not start"
start_capture "$port" "$WORK/tls.pcapng"
printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 "$GLASSTLS" client "127.0.0.1:$port" --ca "$C/ca.pem" \
  --servername localhost --keylog "$WORK/keys.log" >/dev/null 2>"$WORK/client.err" ||
  fail "the client failed: $(cat "$WORK/client.err")"
sleep 0.5
stop_capture

K=(-o "tls.keylog_file:$WORK/keys.log")
tshark -r "$WORK/tls.pcapng" "${K[@]}" -Y http 2>/dev/null >"$WORK/http.txt"
tshark -r "$WORK/tls.pcapng" "${K[@]}" -q -z follow,tls,ascii,0 2>/dev/null >"$WORK/follow.txt"
tshark -r "$WORK/tls.pcapng" "${K[@]}" -Y tls -T fields -e frame.number -e tls.record.content_type \
  -e tls.handshake.type 2>/dev/null >"$WORK/fields.txt"

# The page's two output blocks of section 2, each compared with what tshark printed.
compare() { # compare WHICH: "http" or "fields"
  python3 - "$ROOT" "$1" "$WORK" <<'PY'
import re, sys
root, which, work = sys.argv[1:4]
sys.path.insert(0, f"{root}/tests/lint")
from docs_blocks import blocks
page = f"{root}/docs/wireshark.md"
marked = [body for _, mark, _, body in blocks(page) if mark == "checked"]
shown = lambda body: [l[1:].strip() for l in body if re.match(r"^#\s{2,}\S", l)]
if which == "http":
    want = shown(next(b for b in marked if any("-Y http" in l for l in b)))
    got = [re.sub(r"\s+", " ", l.strip()) for l in open(f"{work}/http.txt")]
    for w in [w for w in want if "..." in w]:  # "10 ... HTTP 113 GET / HTTP/1.0": after "..." as printed
        tail = re.sub(r"\s+", " ", w.split("...", 1)[1].strip())
        if not any(g.endswith(tail) or tail in g for g in got):
            sys.exit(f"the page shows {w!r}; tshark printed:\n  " + "\n  ".join(got))
else:
    want = []
    for w in shown(next(b for b in marked if any("-T fields" in l for l in b))):
        # "10, 11  23   application data": frames, content types, handshake types, prose
        m = re.match(r"^([\d, ]+?)\s{2,}([\d,]+)\s+(([\d,]+)\s{2,})?", w)
        n = len(m.group(1).split(","))
        want += [(m.group(2), m.group(4) or "")] * n
    got = []
    for l in open(f"{work}/fields.txt"):
        f = l.rstrip("\n").split("\t")
        got.append((f[1], f[2] if len(f) > 2 else ""))
    # The handshake records come in protocol order; after it, the client's close_notify may
    # overtake the server's page (the client closes as soon as stdin ends): compared as a set.
    hs = sum(1 for t, _ in want if t != "23" and t != "21")
    if want[:hs] != got[:hs] or sorted(want[hs:]) != sorted(got[hs:]):
        sys.exit(f"records on the page: {want}\nrecords tshark decrypted: {got}")
PY
}
check "docs/wireshark.md: the -Y http lines are what tshark prints" compare http
check "docs/wireshark.md: the fields table, record by record (frame 9 holds the NewSessionTicket)" compare fields
check "docs/wireshark.md: follow,tls shows the decrypted request and the --www page" \
  bash -c "grep -q 'GET / HTTP/1.0' '$WORK/follow.txt' && grep -q 'Protocol: TLSv1.2' '$WORK/follow.txt'"
finish
