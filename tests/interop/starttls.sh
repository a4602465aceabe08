#!/usr/bin/env bash
# `glasstls client --starttls PROTO`: the plaintext upgrade (tools/net/starttls.h), then TLS.
#   smtp, imap, pop3, ftp: small servers in Python speaking each RFC's upgrade, then TLS with the
#     demo certificate (they check the exact commands glasstls sends); one refusing server each
#     shows the one-line error;
#   postgres: a real PostgreSQL server (Debian postgresql) with ssl=on, when installed;
#   mysql: a real MariaDB server (Debian mariadb-server) with TLS, when installed.
source "$(dirname "$0")/lib.bash"
need_glasstls
need python3
CERTS="$ROOT/vectors/certs"
cd "$WORK"

# A one-connection server: greeting, the expected command, the go-ahead, TLS, echo one line.
FAKE='
import socket, ssl, sys
proto, cert, key, refuse = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "refuse"
script = {  # greeting, what the client must send (in order), the final go-ahead
    "smtp": (b"220 mail.test ESMTP\r\n", [(b"EHLO ", b"250-mail.test\r\n250 STARTTLS\r\n"), (b"STARTTLS\r\n", b"220 Go ahead\r\n")], b"454 TLS not available\r\n"),
    "imap": (b"* OK IMAP4rev1 ready\r\n", [(b"a001 STARTTLS\r\n", b"a001 OK Begin TLS negotiation now\r\n")], b"a001 BAD no\r\n"),
    "pop3": (b"+OK POP3 ready\r\n", [(b"STLS\r\n", b"+OK Begin TLS negotiation\r\n")], b"-ERR no\r\n"),
    "ftp": (b"220-Welcome\r\n220 FTP ready\r\n", [(b"AUTH TLS\r\n", b"234 AUTH TLS OK\r\n")], b"502 no\r\n"),
}[proto]
ls = socket.socket(); ls.bind(("127.0.0.1", 0)); ls.listen(1)
print(ls.getsockname()[1], flush=True)
c, _ = ls.accept(); f = c.makefile("rb")
c.sendall(script[0])
for i, (want, answer) in enumerate(script[1]):
    line = f.readline()
    assert line.startswith(want), (line, want)
    if refuse and i == len(script[1]) - 1:
        c.sendall(script[2]); c.close(); print("refused", flush=True); sys.exit(0)
    c.sendall(answer)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); ctx.load_cert_chain(cert, key)
s = ctx.wrap_socket(c, server_side=True)
s.sendall(s.recv(100)); s.unwrap(); print("tls done", flush=True)
'
fake() { # fake PROTO ok|refuse -> FPORT
  start_bg 30 "fake-$1-$2.log" python3 -c "$FAKE" "$1" "$CERTS/server-rsa.pem" "$CERTS/server-rsa.key" "$2"
  local i; for i in $(seq 1 100); do FPORT=$(head -1 "fake-$1-$2.log" 2>/dev/null); [[ -n $FPORT ]] && return 0; sleep 0.1; done
  return 1
}
upgrade() { # upgrade PROTO: the handshake after the plaintext part, data echoed
  fake "$1" ok || return 1
  echo "hello $1" | timeout 20 "$GLASSTLS" client "127.0.0.1:$FPORT" --servername localhost --ca "$CERTS/ca.pem" \
    --starttls "$1" -v >"c-$1.out" 2>"c-$1.err" || { cat "c-$1.err"; return 1; }
  grep -q "^hello $1" "c-$1.out" && grep -q "the server agreed to start TLS" "c-$1.err" && wait_log "fake-$1-ok.log" "tls done"
}
refused() { # refused PROTO PATTERN: one line, exit 1
  fake "$1" refuse || return 1
  if timeout 20 "$GLASSTLS" client "127.0.0.1:$FPORT" --servername localhost --ca "$CERTS/ca.pem" \
       --starttls "$1" </dev/null >/dev/null 2>"r-$1.err"; then return 1; fi
  [[ $(wc -l <"r-$1.err") == 1 ]] && grep -q "^glasstls client: --starttls $1: $2" "r-$1.err" || { cat "r-$1.err"; return 1; }
}
for p in smtp imap pop3 ftp; do check "--starttls $p: upgrade, handshake, data" upgrade "$p"; done
check "--starttls smtp refused: one line" refused smtp 'the server refused STARTTLS (the server said "454 TLS not available")'
check "--starttls imap refused: one line" refused imap 'the server refused STARTTLS'
check "--starttls pop3 refused: one line" refused pop3 'the server refused STLS'
check "--starttls ftp refused: one line" refused ftp 'the server refused AUTH TLS'
silent() { # a server that never speaks: the wait is bounded and named
  python3 -c 'import socket,time; s=socket.socket(); s.bind(("127.0.0.1",0)); s.listen(1); print(s.getsockname()[1], flush=True); c,_=s.accept(); time.sleep(60)' >silent.log &
  PIDS+=($!)
  local port=""; local i; for i in $(seq 1 50); do port=$(head -1 silent.log); [[ -n $port ]] && break; sleep 0.1; done
  if timeout 20 "$GLASSTLS" client "127.0.0.1:$port" --starttls smtp --insecure --timeout 1 </dev/null 2>silent.err; then return 1; fi
  grep -q "timed out after 1000 ms waiting for the SMTP greeting (220)" silent.err || { cat silent.err; return 1; }
}
check "a server that never greets: a bounded wait that names what it waited for" silent

# PostgreSQL (SSLRequest, 'S') and MariaDB (Initial Handshake with CLIENT_SSL, SSLRequest):
# real servers, when installed (tests/interop/db_lib.bash).
source "$ROOT/tests/interop/db_lib.bash"
db_upgrade() { # db_upgrade PROTO PORT
  timeout 20 "$GLASSTLS" client "127.0.0.1:$2" --servername localhost --ca "$CERTS/ca.pem" \
    --starttls "$1" -v </dev/null >/dev/null 2>"db-$1.err"
  grep -q "$1: the server agreed to start TLS" "db-$1.err" && grep -q "protocol:  TLSv1.2" "db-$1.err" ||
    { cat "db-$1.err"; return 1; }
}
mkdir -p keys && cp "$CERTS/server-rsa.pem" "$CERTS/server-rsa.key" keys/ && chmod 0755 keys && chmod 0644 keys/*
if id postgres >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  chown postgres keys/server-rsa.key && chmod 0600 keys/server-rsa.key
  # TCP connections must use TLS (hostssl); the unix socket stays open for the test's own use.
  printf 'local all all trust\nhostssl all all 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 reject\n' >keys/hba.conf
  chmod 0644 keys/hba.conf
  pg() {
    start_postgres "-c ssl=on -c ssl_cert_file=$WORK/keys/server-rsa.pem -c ssl_key_file=$WORK/keys/server-rsa.key" \
      "-c hba_file=$WORK/keys/hba.conf" && db_upgrade postgres "$PGPORT"
  }
  check "--starttls postgres against a real PostgreSQL server" pg
  # The tunnel: psql without TLS -> tunnel --tls-client --starttls postgres -> PostgreSQL, which
  # accepts TCP clients only over TLS; the session reports that it is encrypted.
  pg_tunnel() {
    command -v psql >/dev/null || { echo "    psql not installed"; return 1; }
    start_bg 30 pgtun.log "$GLASSTLS" tunnel --accept 127.0.0.1:0 --connect "127.0.0.1:$PGPORT" --tls-client \
      --starttls postgres --ca "$CERTS/ca.pem" --servername localhost
    local tport; tport=$(wait_listening pgtun.log) || return 1
    timeout 20 psql "host=127.0.0.1 port=$tport sslmode=disable user=postgres dbname=postgres" -At \
      -c "select ssl from pg_stat_ssl where pid = pg_backend_pid()" >pgtun.out 2>&1
    grep -qx t pgtun.out || { cat pgtun.out pgtun.log; return 1; }
    # ... and straight to the server without TLS, the same psql is refused (hostssl only).
    ! timeout 20 psql "host=127.0.0.1 port=$PGPORT sslmode=disable user=postgres dbname=postgres" -c "select 1" \
      >/dev/null 2>&1
  }
  [[ -n ${PGPORT:-} ]] && check "tunnel --tls-client --starttls postgres: psql in plaintext, TLS to the server" pg_tunnel
  chown root keys/server-rsa.key && chmod 0644 keys/server-rsa.key
fi
if command -v mariadbd >/dev/null; then
  maria() {
    start_mariadb --ssl-cert="$WORK/keys/server-rsa.pem" --ssl-key="$WORK/keys/server-rsa.key" &&
      db_upgrade mysql "$MYPORT"
  }
  check "--starttls mysql against a real MariaDB server" maria
fi
finish
