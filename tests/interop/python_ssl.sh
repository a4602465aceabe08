#!/usr/bin/env bash
# Python's ssl module (OpenSSL underneath, but a different client/server API) both ways:
#   ssl client -> glasstls server --www   (TLS 1.2 forced, certificate verified for "localhost")
#   glasstls client -> ssl echo server    (data both ways; the server unwraps = close_notify both ways)
source "$(dirname "$0")/lib.bash"
need_glasstls
need python3
CERTS="$ROOT/vectors/certs"

start_bg 60 "$WORK/www.log" "$GLASSTLS" server --port 0 --www --alpn http/1.1 \
  --cert "$CERTS/server-ecdsa.pem" --key "$CERTS/server-ecdsa.key"
GPORT=$(wait_listening "$WORK/www.log") || fail "glasstls server did not start: $(cat "$WORK/www.log" 2>/dev/null)"

py_client() {
  timeout 10 python3 - "$GPORT" "$CERTS/ca.pem" >"$WORK/py.out" 2>&1 <<'PY'
import socket, ssl, sys
port, ca = int(sys.argv[1]), sys.argv[2]
ctx = ssl.create_default_context(cafile=ca)
ctx.maximum_version = ssl.TLSVersion.TLSv1_2
ctx.set_alpn_protocols(["http/1.1"])
with socket.create_connection(("127.0.0.1", port)) as raw:
    with ctx.wrap_socket(raw, server_hostname="localhost") as s:
        s.sendall(b"GET / HTTP/1.0\r\n\r\n")
        data = b""
        while True:
            chunk = s.recv(4096)   # b"" once the server's close_notify arrives
            if not chunk:
                break
            data += chunk
        print(s.version(), s.cipher()[0], s.selected_alpn_protocol())
        sys.stdout.write(data.decode())
        s.unwrap()                 # answer with our close_notify
PY
}
check "python ssl client -> glasstls server --www" py_client
grep -q "^TLSv1.2 .* http/1.1" "$WORK/py.out" || { echo "  $(head -3 "$WORK/py.out")"; FAILED=$((FAILED+1)); }
grep -q "^Protocol: TLSv1.2" "$WORK/py.out" && grep -q "^ALPN: http/1.1" "$WORK/py.out" ||
  { echo "  page missing"; FAILED=$((FAILED+1)); }

# A Python TLS echo server for one connection; it prints its port, then serves.
PY_SERVER='
import socket, ssl, sys
cert, key = sys.argv[1], sys.argv[2]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.maximum_version = ssl.TLSVersion.TLSv1_2
ctx.load_cert_chain(cert, key)
ls = socket.socket(); ls.bind(("127.0.0.1", 0)); ls.listen(1)
print(ls.getsockname()[1], flush=True)
c, _ = ls.accept()
with ctx.wrap_socket(c, server_side=True) as s:
    while True:
        d = s.recv(4096)
        if not d:
            break
        s.sendall(d)
    s.unwrap()
    print("close_notify exchanged", flush=True)
'
py_server_case() { # py_server_case KIND
  start_bg 20 "$WORK/pysrv-$1.log" python3 -c "$PY_SERVER" "$CERTS/server-$1.pem" "$CERTS/server-$1.key"
  local port="" i
  for i in $(seq 1 100); do port=$(head -1 "$WORK/pysrv-$1.log" 2>/dev/null); [[ -n "$port" ]] && break; sleep 0.1; done
  printf 'hello from glasstls\n' | timeout 10 "$GLASSTLS" client "localhost:$port" --ca "$CERTS/ca.pem" \
    >"$WORK/pycli-$1.out" 2>"$WORK/pycli-$1.err" || { echo "  client: $(cat "$WORK/pycli-$1.err")"; return 1; }
  grep -q "^hello from glasstls" "$WORK/pycli-$1.out" || { echo "  no echo"; return 1; }
  for i in $(seq 1 30); do grep -q "close_notify exchanged" "$WORK/pysrv-$1.log" && return 0; sleep 0.1; done
  echo "  python server did not see close_notify: $(cat "$WORK/pysrv-$1.log")"; return 1
}
check "glasstls client -> python ssl echo server (RSA)" py_server_case rsa
check "glasstls client -> python ssl echo server (ECDSA)" py_server_case ecdsa

finish
