#!/usr/bin/env bash
# The main job: set up, build, and show glasstls at work — a TRACED TLS 1.2 handshake of the
# glasstls client against a real peer, `openssl s_server -www`, on 127.0.0.1 with the demo
# certificates (vectors/certs/). Every record, handshake message field, alert and key-schedule step
# is printed as it happens (secrets marked [secret]); then the page the server sent back.
#
# Options after `--` go to the glasstls client, e.g.:
#   bash scripts/demo.sh -- --ciphers TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
extra=()
if [[ "${1:-}" == "--" ]]; then shift; extra=("$@"); fi

bash scripts/setup.sh --demo
bash scripts/build.sh build -DGLASSTLS_TESTS=OFF
./build/glasstls --version

certs=vectors/certs
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
work=$(mktemp -d)
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The peer: OpenSSL's test server answering with a status page, RSA and ECDSA certificates loaded
# (the suite decides which one it uses). Killed when this script exits, and after 60 s anyway.
timeout 60 openssl s_server -accept "127.0.0.1:$port" -www -naccept 1 \
  -cert "$certs/server-rsa.pem" -key "$certs/server-rsa.key" \
  -dcert "$certs/server-ecdsa.pem" -dkey "$certs/server-ecdsa.key" >"$work/s_server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do grep -q '^ACCEPT' "$work/s_server.log" 2>/dev/null && break; sleep 0.1; done

echo
echo "=== glasstls client --trace  ->  openssl s_server -www on 127.0.0.1:$port ==="
echo "    (>>> = sent by glasstls, <<< = received; +offset = byte offset inside the message)"
echo
set +e
printf 'GET / HTTP/1.0\r\n\r\n' |
  ./build/glasstls client "127.0.0.1:$port" --servername localhost --ca "$certs/ca.pem" \
    --keylog "$work/keylog.txt" --trace -v "${extra[@]}" >"$work/page.html" 2>&1
rc=$?
set -e
# stderr (the trace) and stdout (the page) were written to one file in order: show it.
cat "$work/page.html"
echo
if [[ -s "$work/keylog.txt" ]]; then
  echo "=== the NSS key log line (what Wireshark needs to decrypt this connection) ==="
  cat "$work/keylog.txt"
fi
echo
echo "glasstls client exit code: $rc"
exit $rc
