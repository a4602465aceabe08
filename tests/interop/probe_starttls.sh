#!/usr/bin/env bash
# `glasstls probe HOST:PORT --starttls PROTO` (issue 22 item 5): every connection the probe makes
# — each experiment's, and the side connections some experiments need first (the server's highest
# version for fallback-scsv-tls12, the first handshake of resume-control) — begins with PROTO's
# plaintext upgrade (tools/net/starttls.h).
#   - a real PostgreSQL server with ssl=on (tests/interop/db_lib.bash), a short list of experiments;
#   - a server that refuses the upgrade: every row is "not run" with the server's answer;
#   - usage errors: an unknown protocol, --starttls with --serve.
source "$(dirname "$0")/lib.bash"
need_glasstls
need python3
cd "$WORK"

usage_unknown() { "$GLASSTLS" probe 127.0.0.1:1 --starttls gopher >/dev/null 2>err.txt; [[ $? -eq 2 ]] && grep -q "smtp, imap" err.txt; }
check "--starttls with an unknown protocol is a usage error naming the known ones" usage_unknown
usage_serve() { "$GLASSTLS" probe --serve 0 --starttls smtp >/dev/null 2>&1; [[ $? -eq 2 ]]; }
check "--starttls with --serve is a usage error" usage_serve

# A PostgreSQL server that answers every SSLRequest with 'N' (no TLS).
refuser() {
  start_bg 30 refuser.log python3 -c '
import socket
ls = socket.socket(); ls.bind(("127.0.0.1", 0)); ls.listen(8)
print(ls.getsockname()[1], flush=True)
while True:
    c, _ = ls.accept(); c.recv(8); c.sendall(b"N"); c.close()'
  local port="" i
  for i in $(seq 1 100); do port=$(head -1 refuser.log 2>/dev/null); [[ -n $port ]] && break; sleep 0.1; done
  "$GLASSTLS" probe "127.0.0.1:$port" --starttls postgres --only baseline,ch-truncated --timeout 2 >refused.txt 2>&1
  local rc=$?
  [[ $rc -eq 0 ]] && grep -q "^baseline .* inconclusive .*not run: --starttls postgres: the PostgreSQL server does not do TLS (it answered 'N'" refused.txt &&
    grep -q '^ch-truncated .* inconclusive .*not run: --starttls postgres' refused.txt || { cat refused.txt; return 1; }
}
check "a server that refuses the upgrade: each row says so (not run, the server's answer)" refuser

source "$ROOT/tests/interop/db_lib.bash"
if id postgres >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  mkdir -p keys && cp "$ROOT/vectors/certs/server-rsa.pem" "$ROOT/vectors/certs/server-rsa.key" keys/ &&
    chmod 0755 keys && chmod 0644 keys/* && chown postgres keys/server-rsa.key && chmod 0600 keys/server-rsa.key
  pg_probe() {
    start_postgres "-c ssl=on -c ssl_cert_file=$WORK/keys/server-rsa.pem -c ssl_key_file=$WORK/keys/server-rsa.key" ||
      return 1
    timeout 60 "$GLASSTLS" probe "127.0.0.1:$PGPORT" --starttls postgres --timeout 2 \
      --only baseline,fallback-scsv-tls12,ch-truncated,rec-bad-mac,close-notify,resume-control >pg.txt 2>&1
    cat pg.txt
    grep -q '^baseline .* pass .*completed the handshake' pg.txt &&
      grep -q '^fallback-scsv-tls12 .*highest version offered\|^fallback-scsv-tls12 .*highest version' pg.txt &&
      grep -q '^ch-truncated .* pass .*decode_error(50)' pg.txt &&
      grep -q '^rec-bad-mac .* pass .*bad_record_mac(20)' pg.txt &&
      grep -q '^close-notify .* pass ' pg.txt &&
      grep -q '^resume-control .*' pg.txt && ! grep -q 'not run: --starttls' pg.txt &&
      grep -q '^6 experiments' pg.txt
  }
  check "probe --starttls postgres against a real PostgreSQL server (side connections upgraded too)" pg_probe
else
  echo "note: PostgreSQL not installed; the real-server part is skipped" >&2
fi
finish
