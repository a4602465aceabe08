#!/usr/bin/env bash
# The usual mistakes, each named in one line by `glasstls client` (issue 15, item 9):
#   - a peer that does not speak TLS (fakes in python sending the real first bytes of HTTP, SSH,
#     SMTP, Redis, MySQL) is named with its bytes, not "a message arrived out of order";
#   - a server that sends nothing: --timeout 1 ends the handshake after ~1 s, and the line names
#     what it waited for (the state WAIT_SERVER_HELLO);
#   - a server that requires a client certificate, a client without --cert: the refusal says the
#     server asked for one and names --cert/--key (openssl s_server -Verify 1 and glasstls);
#   - a server certificate without subjectAltName (made here with openssl, valid from now): the
#     hint says the CN is not used for host names (RFC 6125 §6.4.4) and how to add a SAN.
source "$(dirname "$0")/lib.bash"
need_glasstls
need python3
CERTS="$ROOT/vectors/certs"

# A fake server: accepts one connection, sends BYTES (Python escapes), reads, closes.
cat >"$WORK/fake.py" <<'PY'
import socket, sys
data = sys.argv[1].encode().decode("unicode_escape").encode("latin1")
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0)); s.listen(1)
print("listening on 127.0.0.1:%d" % s.getsockname()[1], flush=True)
c, _ = s.accept()
if data: c.sendall(data)
c.settimeout(5)
try:
    while c.recv(4096): pass
except Exception: pass
c.close()
PY

fake() { # fake NAME BYTES -> FPORT
  start_bg 15 "$WORK/$1.fake" python3 "$WORK/fake.py" "$2"
  FPORT=$(wait_listening "$WORK/$1.fake") || { cat "$WORK/$1.fake"; return 1; }
}

client() { # client PORT NAME args... (stdin empty); stderr in $WORK/NAME.err
  local port=$1 name=$2; shift 2
  timeout 20 "$GLASSTLS" client "127.0.0.1:$port" --ca "$CERTS/ca.pem" --servername localhost "$@" \
    </dev/null >"$WORK/$name.out" 2>"$WORK/$name.err" && { echo "  the client succeeded"; return 1; }
  return 0
}

says() { # says NAME TEXT: the client's stderr has TEXT
  grep -qF -- "$2" "$WORK/$1.err" || { echo "  expected: $2"; sed 's/^/  got: /' "$WORK/$1.err"; return 1; }
}

not_tls() { # not_tls NAME BYTES WHAT
  fake "$1" "$2" || return 1
  client "$FPORT" "$1" || return 1
  says "$1" "the peer does not speak TLS: its first bytes are $3" &&
    ! grep -q "arrived out of order" "$WORK/$1.err"
}
check "HTTP server named" not_tls http 'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n' \
  'an HTTP response (a plain HTTP port): "HTTP/1.1 400 Bad Request\r\n'
check "SSH server named" not_tls ssh 'SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n' 'an SSH banner: "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"'
check "SMTP server named" not_tls smtp '220 mail.example.com ESMTP Postfix\r\n' 'an SMTP or FTP greeting'
check "Redis server named" not_tls redis "-ERR unknown command\r\n" 'a Redis reply (a plain Redis port)'
check "MySQL server named" not_tls mysql '\x4a\x00\x00\x00\x0a8.0.36\x00' 'a MySQL handshake packet'

timeout_names_the_wait() {
  fake silent "" || return 1
  local t0=$SECONDS
  client "$FPORT" silent --timeout 1 || return 1
  (( SECONDS - t0 <= 4 )) || { echo "  took $((SECONDS - t0)) s"; return 1; }
  says silent "handshake failed: timed out waiting for the server (--timeout 1): the handshake did not complete within 1 seconds" &&
    says silent "in state WAIT_SERVER_HELLO"
}
check "--timeout 1: gives up after ~1 s, names the state it waited in" timeout_names_the_wait

bad_timeout() {
  "$GLASSTLS" client 127.0.0.1:1 --timeout 0 2>"$WORK/t0.err" && return 1
  says t0 "--timeout takes whole seconds, 1 to 86400"
}
check "--timeout 0 is a usage error" bad_timeout

# A server that requires a client certificate; our client has none.
start_bg 15 "$WORK/mtls.log" "$GLASSTLS" server --port 0 --www --cert "$CERTS/server-rsa.pem" \
  --key "$CERTS/server-rsa.key" --client-ca "$CERTS/client-ca.pem"
MTLS=$(wait_listening "$WORK/mtls.log") || fail "no glasstls server"
no_client_cert() { # no_client_cert PORT NAME
  client "$1" "$2" || return 1
  says "$2" "(the server asked for a client certificate, CertificateRequest RFC 5246 §7.4.4, and this client had none to send)" &&
    says "$2" "had none to send); give the client one with --cert CHAIN.pem --key KEY.pem" &&
    [[ $(wc -l <"$WORK/$2.err") -eq 1 ]]
}
check "client auth required, no --cert (glasstls server): cause and hint" no_client_cert "$MTLS" mtls-glasstls
if command -v openssl >/dev/null; then
  OPORT=$(free_port)
  start_bg 15 "$WORK/s_server.log" openssl s_server -accept "$OPORT" -tls1_2 -cert "$CERTS/server-rsa.pem" \
    -key "$CERTS/server-rsa.key" -Verify 1 -CAfile "$CERTS/client-ca.pem" -quiet
  wait_port "$OPORT" || fail "no s_server"
  check "client auth required, no --cert (openssl s_server -Verify 1): cause and hint" no_client_cert "$OPORT" mtls-openssl

  # A server certificate without subjectAltName, issued now by a throwaway CA.
  openssl req -x509 -new -newkey rsa:2048 -nodes -keyout "$WORK/ca.key" -out "$WORK/ca.pem" -days 2 \
    -subj "/CN=diagnostics CA" >/dev/null 2>&1
  openssl req -new -newkey rsa:2048 -nodes -keyout "$WORK/nosan.key" -out "$WORK/nosan.csr" \
    -subj "/CN=localhost" >/dev/null 2>&1
  openssl x509 -req -in "$WORK/nosan.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" -CAcreateserial \
    -days 1 -out "$WORK/nosan.pem" >/dev/null 2>&1
  start_bg 15 "$WORK/nosan.log" "$GLASSTLS" server --port 0 --www --cert "$WORK/nosan.pem" --key "$WORK/nosan.key"
  NOSAN=$(wait_listening "$WORK/nosan.log") || fail "no server with the SAN-less certificate"
  no_san() {
    timeout 20 "$GLASSTLS" client "127.0.0.1:$NOSAN" --ca "$WORK/ca.pem" --servername localhost \
      </dev/null >/dev/null 2>"$WORK/nosan.err" && { echo "  the client accepted it"; return 1; }
    says nosan "localhost is not in subjectAltName (there is none; the CN is not used)" &&
      says nosan "hint: the certificate has no subjectAltName, and a client never takes the host name from the CN (RFC 6125 §6.4.4)" &&
      says nosan "-addext \"subjectAltName=DNS:NAME\"" && [[ $(wc -l <"$WORK/nosan.err") -eq 1 ]]
  }
  check "certificate without SAN: the CN hint with the openssl command" no_san
else
  echo "skip: openssl not installed (s_server and SAN-less certificate cases)"
fi
finish
