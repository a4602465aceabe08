#!/usr/bin/env bash
# glasstls server --www answers big requests (issue 17 rule 5), as openssl s_server -www does: a
# request head of one full 2^14-byte record, and one of three records, with an AEAD suite and with
# a CBC suite, each read to its end and answered with the page. Client: Python's ssl module.
source "$(dirname "$0")/lib.bash"
need_glasstls
need python3
CERTS="$ROOT/vectors/certs"

start_bg 60 "$WORK/www.log" "$GLASSTLS" server --port 0 --www \
  --cert "$CERTS/server-rsa.pem" --key "$CERTS/server-rsa.key"
GPORT=$(wait_listening "$WORK/www.log") || fail "glasstls server did not start: $(cat "$WORK/www.log" 2>/dev/null)"

big_request() { # big_request RECORDS CIPHERS
  timeout 20 python3 - "$GPORT" "$CERTS/ca.pem" "$1" "$2" >"$WORK/py-$1-$2.out" 2>&1 <<'PY'
import socket, ssl, sys
port, ca, records, ciphers = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
ctx = ssl.create_default_context(cafile=ca)
ctx.maximum_version = ssl.TLSVersion.TLSv1_2
ctx.set_ciphers(ciphers)
head = b"GET / HTTP/1.0\r\nX-Fill: "
total = records * 16384
req = head + b"a" * (total - len(head) - 4) + b"\r\n\r\n"
with socket.create_connection(("127.0.0.1", port)) as raw:
    with ctx.wrap_socket(raw, server_hostname="localhost") as s:
        s.sendall(req)           # OpenSSL writes records of 2^14 bytes
        data = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        print(s.cipher()[0])
        sys.stdout.write(data.decode())
PY
  grep -q "^HTTP/1.0 200 OK" "$WORK/py-$1-$2.out" || { cat "$WORK/py-$1-$2.out" >&2; return 1; }
}
for ciphers in ECDHE-RSA-AES128-GCM-SHA256 ECDHE-RSA-AES128-SHA256; do
  for records in 1 3; do
    check "a request of $records x 2^14 bytes, $ciphers: answered" big_request "$records" "$ciphers"
  done
done
finish
