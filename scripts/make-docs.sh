#!/usr/bin/env bash
# Generate docs/tls12-byte-by-byte.md: "A TLS 1.2 connection, byte by byte".
#
# A glasstls server (--www) and a glasstls client run on loopback, both with --deterministic
# (fixed randoms, ephemeral keys and clock), so every byte of the connection is the same on every
# run. The client's --trace is cut into blocks and woven into the prose of
# docs/src/tls12-byte-by-byte.md.in, where a line
#     @@trace UNTIL <prefix>@@   inserts the trace from where the last block stopped up to (not
#                                including) the first line that starts with <prefix>
#     @@trace REST@@             inserts the rest of the trace
# Every trace line ends up in exactly one block, so nothing the code prints is left out, and
# tests/interop/docs_drift.sh fails when the committed document differs from a fresh run.
#
# Usage: scripts/make-docs.sh [BUILD_DIR] [OUT]   (defaults: build, docs/tls12-byte-by-byte.md)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
OUT=${2:-$ROOT/docs/tls12-byte-by-byte.md}
GLASSTLS="$BUILD/glasstls"
[[ -x "$GLASSTLS" ]] || { echo "make-docs: $GLASSTLS not built" >&2; exit 1; }
C="$ROOT/vectors/certs"
WORK=$(mktemp -d)
SP=
trap '[[ -n "$SP" ]] && kill "$SP" 2>/dev/null; rm -rf "$WORK"' EXIT

"$GLASSTLS" server --port 0 --cert "$C/server-rsa.pem" --key "$C/server-rsa.key" --www \
  --deterministic byte-by-byte-server 2>"$WORK/server.log" &
SP=$!
for _ in $(seq 1 100); do
  grep -q 'listening on' "$WORK/server.log" && break
  sleep 0.1
done
port=$(sed -n 's/.*listening on [0-9.]*:\([0-9]*\).*/\1/p' "$WORK/server.log" | head -1)
[[ -n "$port" ]] || { echo "make-docs: the server did not start" >&2; cat "$WORK/server.log" >&2; exit 1; }

# The client sends one request and keeps its input open, so the only close_notify it sends is its
# answer to the server's (RFC 5246 §7.2.1): the same records every time, whatever the timing.
python3 - "$GLASSTLS" "$port" "$C/ca.pem" "$WORK/trace.txt" <<'PY'
import subprocess, sys
glasstls, port, ca, trace = sys.argv[1:]
with open(trace, "wb") as err:
    p = subprocess.Popen([glasstls, "client", "127.0.0.1:" + port, "--ca", ca, "--servername",
                          "localhost", "--deterministic", "byte-by-byte-client", "--trace"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err)
    p.stdin.write(b"GET / HTTP/1.0\r\n\r\n")
    p.stdin.flush()
    out = p.stdout.read()  # until the client exits: after the server's close_notify
    rc = p.wait(timeout=30)
    p.stdin.close()
if rc != 0 or b"200 OK" not in out:
    sys.exit("make-docs: the client failed (exit %d)" % rc)
PY

python3 - "$ROOT/docs/src/tls12-byte-by-byte.md.in" "$WORK/trace.txt" "$OUT" <<'PY'
import sys
template, trace_path, out_path = sys.argv[1:]
trace = open(trace_path).read().splitlines()
pos = 0
out = []
for line in open(template).read().splitlines():
    if not line.startswith("@@trace "):
        out.append(line)
        continue
    spec = line[len("@@trace "):].rstrip("@")
    if spec == "REST":
        end = len(trace)
    else:
        assert spec.startswith("UNTIL "), line
        prefix = spec[len("UNTIL "):]
        end = next((i for i in range(pos + 1, len(trace)) if trace[i].startswith(prefix)), None)
        if end is None:
            sys.exit("make-docs: no trace line after line %d starts with %r" % (pos + 1, prefix))
    out.append("```")
    out.extend(trace[pos:end])
    out.append("```")
    pos = end
if pos != len(trace):
    sys.exit("make-docs: the template leaves %d trace lines out (end it with @@trace REST@@)" % (len(trace) - pos))
open(out_path, "w").write("\n".join(out) + "\n")
PY
echo "make-docs: wrote $OUT" >&2
