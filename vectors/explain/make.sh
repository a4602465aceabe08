#!/usr/bin/env bash
# Records the fixture in this folder (see README.md): `openssl s_client` talking TLS 1.2 to
# `openssl s_server` on 127.0.0.1 through a small Python relay that writes down the bytes of each
# direction, with s_client's key log. Run from anywhere; overwrites c2s.hex, s2c.hex, keylog.txt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
certs="$here/../certs"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
sport=$(port); rport=$(port)

(sleep 6) | timeout 10 openssl s_server -accept "127.0.0.1:$sport" -cert "$certs/server-rsa.pem" \
  -key "$certs/server-rsa.key" -tls1_2 -quiet >"$work/s_server.out" 2>&1 &
python3 - "$rport" "$sport" "$work" <<'PY' &
import socket, sys, threading
rport, sport, work = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
ls = socket.socket(); ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", rport)); ls.listen(1); ls.settimeout(10)
c, _ = ls.accept()
s = socket.create_connection(("127.0.0.1", sport))
def pump(a, b, name):
    with open(f"{work}/{name}.bin", "wb") as log:
        while True:
            data = a.recv(65536)
            if not data:
                break
            log.write(data); log.flush()
            b.sendall(data)
    try: b.shutdown(socket.SHUT_WR)
    except OSError: pass
t = threading.Thread(target=pump, args=(s, c, "s2c")); t.start()
pump(c, s, "c2s"); t.join()
PY
# wait for s_server, then for the relay (the relay's first accept is s_client's connection)
for _ in $(seq 1 50); do (exec 3<>/dev/tcp/127.0.0.1/"$sport") 2>/dev/null && break; sleep 0.1; done
for _ in $(seq 1 50); do ss -ltn | grep -q ":$rport " && break; sleep 0.1; done
(echo "hello from s_client"; sleep 1) | timeout 8 openssl s_client -connect "127.0.0.1:$rport" \
  -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256 -keylogfile "$work/keylog.txt" -quiet >/dev/null 2>&1 || true
sleep 1
for d in c2s s2c; do
  python3 -c 'import sys; b=open(sys.argv[1],"rb").read(); print("\n".join(b[i:i+32].hex() for i in range(0,len(b),32)))' \
    "$work/$d.bin" >"$here/$d.hex"
done
cp "$work/keylog.txt" "$here/keylog.txt"
wc -c "$work"/*.bin
