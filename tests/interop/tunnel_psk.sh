#!/usr/bin/env bash
# glasstls tunnel with a pre-shared key (RFC 4279), both modes, on 127.0.0.1:
#   --tls-server --psk-identity/--psk (no certificate) in front of the echo backend: openssl
#   s_client with the same key gets through with a PSK suite; a wrong identity does not, and
#   never reaches the backend;
#   --tls-client --psk-identity/--psk in front of openssl s_server -psk: plaintext in, PSK out.
source "$(dirname "$0")/lib.bash"
need_glasstls
need openssl
need python3
source "$(dirname "$0")/tunnel_lib.bash"
KEY=0123456789abcdef0123456789abcdef

start_backend
start_tunnel A --tls-server --accept 127.0.0.1:0 --connect "127.0.0.1:$BACKEND_PORT" \
  --psk-identity Client_identity --psk "$KEY" --ciphers TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256 --idle-timeout 30
PA=$TUNNEL_PORT

out=$(printf 'hello over psk\nQUIT\n' | timeout 10 openssl s_client -quiet -connect "127.0.0.1:$PA" -tls1_2 \
        -psk "$KEY" -psk_identity Client_identity -cipher ECDHE-PSK-AES128-CBC-SHA256 2>/dev/null || true)
check "s_client (PSK) -> tunnel --tls-server --psk -> echo backend" grep -qx 'hello over psk' <<<"$out"
before=$(backend_accepts)
printf 'x\n' | timeout 10 openssl s_client -quiet -connect "127.0.0.1:$PA" -tls1_2 -psk "$KEY" \
  -psk_identity mallory -cipher ECDHE-PSK-AES128-CBC-SHA256 >/dev/null 2>&1 || true
sleep 0.3
check "an unknown PSK identity never reaches the backend" test "$(backend_accepts)" = "$before"

SPORT=$(free_port)
start_bg 30 "$WORK/s_server.log" openssl s_server -accept "$SPORT" -tls1_2 -rev -nocert -psk "$KEY" \
  -cipher PSK-AES128-GCM-SHA256
wait_port "$SPORT" || fail "s_server did not start"
start_tunnel B --tls-client --accept 127.0.0.1:0 --connect "127.0.0.1:$SPORT" --insecure \
  --psk-identity Client_identity --psk "$KEY" --ciphers TLS_PSK_WITH_AES_128_GCM_SHA256
PB=$TUNNEL_PORT
reply() {
  python3 - "$PB" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
s.sendall(b"olleh\n")
buf = b""
while b"\n" not in buf:
    d = s.recv(100)
    if not d:
        break
    buf += d
print(buf.decode().strip())
PY
}
check "plaintext -> tunnel --tls-client --psk -> s_server -psk" test "$(reply)" = hello
finish
