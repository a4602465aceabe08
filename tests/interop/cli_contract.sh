#!/usr/bin/env bash
# The promises docs/cli.md makes for `glasstls client` and `glasstls server` that the peer
# tests do not check: exit codes and one-line errors, --help, what goes to stdout, the
# "listening on" line, the --www page (one record, split requests), --echo, close_notify both
# ways, SNI and the name the certificate is checked against, --insecure, --pin, -v, and a server
# that keeps serving (concurrently, one after another, after failed handshakes).
# Peers besides glasstls itself: openssl (s_client -trace, key and certificate tools), python3 ssl.
source "$(dirname "$0")/lib.bash"
need_glasstls
need openssl
need python3
CERTS="$ROOT/vectors/certs"
CA="$CERTS/ca.pem"
RSA=(--cert "$CERTS/server-rsa.pem" --key "$CERTS/server-rsa.key")
ECDSA=(--cert "$CERTS/server-ecdsa.pem" --key "$CERTS/server-ecdsa.key")

start_server() { # start_server NAME args... -> GPORT; stdout in NAME.stdout, stderr in NAME.log
  local name=$1; shift
  GPORT=""
  timeout 60 "$GLASSTLS" server --port 0 "$@" >"$WORK/$name.stdout" 2>"$WORK/$name.log" &
  PIDS+=($!)
  GPORT=$(wait_listening "$WORK/$name.log") || { echo "server $name did not start: $(cat "$WORK/$name.log")"; return 1; }
}
# client NAME args... : glasstls client with stdin as given; NAME.out, NAME.err, $RC
client() {
  local name=$1; shift
  set +e
  timeout 10 "$GLASSTLS" client "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
  RC=$?
  set -e
}
one_line() { [[ $(wc -l <"$WORK/$1.err") -eq 1 ]] || { echo "  stderr has $(wc -l <"$WORK/$1.err") lines:"; cat "$WORK/$1.err"; return 1; }; }
err_has() { grep -Eq "$2" "$WORK/$1.err" || { echo "  stderr lacks /$2/: $(cat "$WORK/$1.err")"; return 1; }; }
exit_is() { [[ $RC -eq $1 ]] || { echo "  exit $RC, want $1; stderr: $(head -3 "$WORK/$2.err")"; return 1; }; }
spki_pin() { # sha256//BASE64 of the certificate's SubjectPublicKeyInfo (RFC 7469 §2.4)
  echo "sha256//$(openssl x509 -in "$1" -pubkey -noout | openssl pkey -pubin -outform der |
    openssl dgst -sha256 -binary | base64)"
}

start_server www --www --alpn http/1.1 --trace "${RSA[@]}" "${ECDSA[@]}" || fail "no --www server"
WWW=$GPORT
start_server echo --echo -v "${RSA[@]}" || fail "no --echo server"
ECHO=$GPORT

# ---- usage: --help, exit 2 with one line ----------------------------------------------------
help_ok() { # help_ok CMD: usage on stdout, exit 0, and every docs/cli.md option either documented or refused
  local cmd=$1 opt
  set +e; "$GLASSTLS" "$cmd" --help >"$WORK/help.out" 2>"$WORK/help.err"; RC=$?; set -e
  [[ $RC -eq 0 && -s "$WORK/help.out" && ! -s "$WORK/help.err" ]] || { echo "  exit $RC"; return 1; }
  grep -q "^usage: glasstls $cmd" "$WORK/help.out" || { echo "  no usage line"; return 1; }
  # The options of the docs/cli.md synopsis for CMD.
  for opt in $(awk -v c="glasstls $cmd" '/^```/ { inblk = !inblk; next }
                 inblk && index($0, c " ") == 1 { on = 1 } inblk && on { print } !inblk { on = 0 }' \
                 "$ROOT/docs/cli.md" | grep -oE -- '(--[a-z-]+|-v)\b' | sort -u); do
    grep -qE -- "(^|[ [,])$opt([] =,]|\$)" "$WORK/help.out" && continue
    # Not documented: acceptable only while the option is refused as not implemented (exit 2).
    local rest=(127.0.0.1:1 --insecure)
    [[ $cmd == server ]] && rest=(--port 0 "${RSA[@]}")
    set +e
    timeout 2 "$GLASSTLS" "$cmd" "${rest[@]}" "$opt" </dev/null >/dev/null 2>"$WORK/help.err"
    timeout 2 "$GLASSTLS" "$cmd" "${rest[@]}" "$opt" x </dev/null >/dev/null 2>>"$WORK/help.err"
    set -e
    grep -q -- "$opt is not implemented" "$WORK/help.err" || { echo "  --help does not mention $opt"; return 1; }
  done
}
check "client --help" help_ok client
check "server --help" help_ok server

usage_error() { # usage_error args...: exit 2, one line "glasstls CMD: ..."
  set +e; timeout 5 "$GLASSTLS" "$@" </dev/null >"$WORK/usage.out" 2>"$WORK/usage.err"; RC=$?; set -e
  exit_is 2 usage && one_line usage && [[ ! -s "$WORK/usage.out" ]] && err_has usage "^glasstls (client|server): "
}
check "client: unknown option -> 2" usage_error client "127.0.0.1:$ECHO" --no-such-option
check "client: missing HOST:PORT -> 2" usage_error client --insecure
check "client: option without its value -> 2" usage_error client "127.0.0.1:$ECHO" --ca
check "client: bad HOST:PORT -> 2" usage_error client "127.0.0.1:99999" --insecure
check "client: bad --ciphers value -> 2" usage_error client "127.0.0.1:$ECHO" --insecure --ciphers TLS_NO_SUCH_SUITE
check "client: bad --pin value -> 2" usage_error client "127.0.0.1:$ECHO" --insecure --pin md5//abc
check "client: --ca with --insecure -> 2" usage_error client "127.0.0.1:$ECHO" --insecure --ca "$CA"
check "server: unknown option -> 2" usage_error server --port 0 "${RSA[@]}" --no-such-option
check "server: bad --port -> 2" usage_error server --port 70000 "${RSA[@]}"
check "server: --port without value -> 2" usage_error server "${RSA[@]}" --port
check "server: bad --client-auth value -> 2" usage_error server --port 0 "${RSA[@]}" --client-ca "$CA" --client-auth sometimes
check "server: bad --groups value -> 2" usage_error server --port 0 "${RSA[@]}" --groups ffdhe1
check "server: --www with --echo -> 2" usage_error server --port 0 "${RSA[@]}" --www --echo

# Issue 11: a bad list names its bad entry and where the names are; a file that does not load is
# named with the system error or the PEM/DER rule it breaks.
names_entry() { # names_entry ENTRY args...: a usage error naming "ENTRY" and `glasstls ciphers`
  local entry=$1; shift
  usage_error "$@" && err_has usage "\"$entry\".*glasstls ciphers"
}
check "client: --ciphers names the bad entry" names_entry FOO client "127.0.0.1:$ECHO" --insecure --ciphers DEFAULT,FOO
check "client: --groups names the bad entry" names_entry ffdhe1 client "127.0.0.1:$ECHO" --insecure --groups x25519,ffdhe1
check "server: --sigalgs names the bad entry" names_entry rsa_md5 server --port 0 "${RSA[@]}" --sigalgs rsa_md5
load_fails() { # load_fails PATTERN args...: exit 1, one line matching PATTERN
  local want=$1; shift
  set +e; timeout 5 "$GLASSTLS" "$@" </dev/null >"$WORK/load.out" 2>"$WORK/load.err"; RC=$?; set -e
  exit_is 1 load && one_line load && err_has load "$want"
}
check "client: missing --ca file -> its name and strerror" load_fails \
  "cannot load --ca $WORK/none\.pem: No such file or directory" client "127.0.0.1:$ECHO" --ca "$WORK/none.pem"
check "client: --ca without a certificate -> the PEM rule" load_fails \
  "cannot load --ca .*server-rsa\.key: no CERTIFICATE block \(RFC 7468" client "127.0.0.1:$ECHO" --ca "$CERTS/server-rsa.key"
check "server: --key that holds no key -> the file and why" load_fails \
  "cannot load --key .*server-rsa\.pem: no PRIVATE KEY.*RFC 7468" server --port 0 --cert "$CERTS/server-rsa.pem" --key "$CERTS/server-rsa.pem"
check "server: a key that is not the certificate's" load_fails \
  "cannot use --cert .*server-rsa\.pem with --key .*server-ecdsa\.key: the key is not" server --port 0 \
  --cert "$CERTS/server-rsa.pem" --key "$CERTS/server-ecdsa.key"

port_taken() { # a server that cannot start: exit 1, one line
  set +e; timeout 5 "$GLASSTLS" server --port "$ECHO" "${RSA[@]}" >"$WORK/taken.out" 2>"$WORK/taken.err"; RC=$?; set -e
  exit_is 1 taken && one_line taken && err_has taken "$ECHO"
}
check "server: port in use -> 1, one line" port_taken

# ---- the listening line, --port 0, stdout purity -------------------------------------------
listening() {
  grep -Eq "^listening on 127\.0\.0\.1:$WWW\$" "$WORK/www.log" && [[ "$WWW" != "$ECHO" ]] &&
    (exec 3<>"/dev/tcp/127.0.0.1/$WWW") 2>/dev/null
}
check "--port 0: 'listening on HOST:PORT' on stderr names a free port that accepts" listening

echo_binary() { # 200 KiB of random bytes through --echo: stdout is exactly the data, even with -v --trace
  head -c 204800 /dev/urandom >"$WORK/blob"
  client blob "127.0.0.1:$ECHO" --ca "$CA" -v --trace <"$WORK/blob"
  exit_is 0 blob && cmp -s "$WORK/blob" "$WORK/blob.out" ||
    { echo "  stdout is not the echoed data ($(wc -c <"$WORK/blob.out") bytes)"; return 1; }
}
check "--echo returns 200 KiB exactly; client stdout carries only application data" echo_binary

# ---- errors: exit 1, one line naming the check or alert, sent or received ------------------
check "untrusted CA -> 1, one line: sent unknown_ca, the reason" eval \
  'client untrusted "127.0.0.1:$ECHO" --ca "$CERTS/client-ca.pem" </dev/null;
   exit_is 1 untrusted && one_line untrusted && err_has untrusted "sent fatal alert unknown_ca\(48\): .*trust anchor"'
check "no common suite -> 1, one line: handshake_failure received" eval \
  'client nosuite "127.0.0.1:$ECHO" --ca "$CA" --ciphers TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 </dev/null;
   exit_is 1 nosuite && one_line nosuite && err_has nosuite "(received|peer sent) fatal alert handshake_failure\(40\)"'
check "connection refused -> 1, one line" eval \
  'client refused "127.0.0.1:$(free_port)" --ca "$CA" </dev/null;
   exit_is 1 refused && one_line refused && err_has refused "refused"'

# ---- SNI and the name checked ---------------------------------------------------------------
# A leaf for DNS:localhost only (no IP address), issued by the demo CA for this test.
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
  -keyout "$WORK/dnsonly.key" -out "$WORK/dnsonly.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' >"$WORK/dnsonly.ext"
openssl x509 -req -in "$WORK/dnsonly.csr" -CA "$CA" -CAkey "$CERTS/ca.key" -set_serial 4242 -days 7 \
  -sha256 -extfile "$WORK/dnsonly.ext" -out "$WORK/dnsonly.pem" 2>/dev/null || fail "cannot make the test certificate"
start_server dnsonly --echo -v --cert "$WORK/dnsonly.pem" --key "$WORK/dnsonly.key" || fail "no dnsonly server"
DNSONLY=$GPORT

sni_of_last() { tail -1 <(grep -o "SNI [^,]*" "$WORK/$1.log"); }
check "by IP: no SNI sent, certificate checked against the IP (demo cert has IP:127.0.0.1)" eval \
  'client byip "127.0.0.1:$ECHO" --ca "$CA" <<<"ip"; exit_is 0 byip && grep -qx ip "$WORK/byip.out" &&
   [[ "$(sni_of_last echo)" == "SNI none" ]]'
check "by IP, certificate without that IP -> 1 (the IP is what is checked)" eval \
  'client ipmismatch "127.0.0.1:$DNSONLY" --ca "$CA" </dev/null;
   exit_is 1 ipmismatch && one_line ipmismatch && err_has ipmismatch "sent fatal alert bad_certificate\(42\): .*127\.0\.0\.1"'
check "by name: SNI is HOST and the name matches" eval \
  'client byname "localhost:$DNSONLY" --ca "$CA" <<<"n"; exit_is 0 byname && [[ "$(sni_of_last dnsonly)" == "SNI localhost" ]]'
check "--servername overrides: SNI and the name checked" eval \
  'client override "127.0.0.1:$DNSONLY" --ca "$CA" --servername localhost <<<"s";
   exit_is 0 override && [[ "$(sni_of_last dnsonly)" == "SNI localhost" ]]'
check "--servername with a name not in the certificate -> 1" eval \
  'client wrongname "127.0.0.1:$ECHO" --ca "$CA" --servername www.example.org </dev/null;
   exit_is 1 wrongname && one_line wrongname && err_has wrongname "sent fatal alert bad_certificate\(42\): .*www\.example\.org"'

# ---- --insecure and --pin -------------------------------------------------------------------
PIN=$(spki_pin "$CERTS/server-rsa.pem")
OTHERPIN=$(spki_pin "$CERTS/server-ecdsa.pem")
check "--insecure accepts an untrusted certificate; -v says it was not verified" eval \
  'client insecure "127.0.0.1:$DNSONLY" --insecure --servername nothing.example -v <<<"i";
   exit_is 0 insecure && grep -qx i "$WORK/insecure.out" && err_has insecure "verified: +NO"'
check "--pin (right) with the CA -> 0" eval \
  'client pin "127.0.0.1:$ECHO" --ca "$CA" --pin "$OTHERPIN,$PIN" -v <<<"p"; exit_is 0 pin && err_has pin "pinned"'
check "--pin (wrong) with the CA -> 1" eval \
  'client badpin "127.0.0.1:$ECHO" --ca "$CA" --pin "$OTHERPIN" </dev/null;
   exit_is 1 badpin && one_line badpin && err_has badpin "sent fatal alert bad_certificate\(42\): .*pin"'
check "--pin (right) with --insecure: the pin alone decides -> 0" eval \
  'client pininsecure "127.0.0.1:$ECHO" --insecure --pin "$PIN" <<<"q"; exit_is 0 pininsecure'
check "--pin (wrong) with --insecure -> 1" eval \
  'client badpininsecure "127.0.0.1:$ECHO" --insecure --pin "$OTHERPIN" </dev/null;
   exit_is 1 badpininsecure && one_line badpininsecure && err_has badpininsecure "pin"'

# ---- -v -------------------------------------------------------------------------------------
verbose() {
  client verbose "localhost:$WWW" --ca "$CA" --alpn h2,http/1.1 -v \
    --ciphers TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 --groups secp384r1 <<<$'GET / HTTP/1.0\r\n\r'
  exit_is 0 verbose || return 1
  local want
  for want in "protocol: +TLSv1\.2" "cipher: +TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256" \
              "group: +secp384r1" "ALPN: +http/1\.1" "peer certificate: .*CN=localhost .*" "resumed: no"; do
    err_has verbose "^\* $want\$" || return 1
  done
  [[ $(grep -vc '^\*' "$WORK/verbose.err") -eq 0 ]] || { echo "  -v printed more than its summary"; return 1; }
}
check "-v: version, suite, group, ALPN, peer certificate, resumed" verbose

resume() { # --resume against our own --www server: -v and the page both say so
  client resume "localhost:$WWW" --ca "$CA" --resume -v <<<$'GET / HTTP/1.0\r\n\r'
  exit_is 0 resume && err_has resume "^\* resumed: yes\$" && grep -qx "Resumed: yes" "$WORK/resume.out" ||
    { echo "  page: $(grep Resumed "$WORK/resume.out")"; return 1; }
}
check "--resume: -v says 'resumed: yes', the page 'Resumed: yes'" resume

# ---- the --www page ---------------------------------------------------------------------------
www_page_lines() { # the exact lines, from the page the -v client got
  local f="$WORK/verbose.out"
  grep -q "^HTTP/1.0 200 OK" "$f" && grep -qi "^Content-Type: text/html" "$f" &&
  grep -qx "Protocol: TLSv1.2" "$f" && grep -qx "Cipher: TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256" "$f" &&
  grep -qx "Group: secp384r1" "$f" && grep -qx "ALPN: http/1.1" "$f" && grep -qx "Resumed: no" "$f" &&
  grep -qx "Client certificate: none" "$f" || { echo "  page:"; cat "$f"; return 1; }
}
check "--www page: Protocol, Cipher, Group, ALPN, Resumed, Client certificate lines" www_page_lines

one_record() { # openssl s_client -trace sees the whole response in ONE application_data record
  printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 openssl s_client -connect "127.0.0.1:$WWW" -tls1_2 \
    -CAfile "$CA" -servername localhost -trace -ign_eof >"$WORK/trace1.out" 2>&1 || return 1
  local n
  n=$(grep -A3 "^Received Record" "$WORK/trace1.out" | grep -c "Content Type = ApplicationData" || true)
  [[ $n -eq 1 ]] || { echo "  $n application_data records received"; return 1; }
  grep -q "^Protocol: TLSv1.2" "$WORK/trace1.out" && grep -q "^Client certificate: none" "$WORK/trace1.out"
}
check "--www page in ONE application_data record (s_client -trace)" one_record

client_cert_line() { # --client-ca alone = require; the page names the client certificate's subject
  start_server mtls --www --client-ca "$CERTS/client-ca.pem" "${RSA[@]}" || return 1
  client mtls "127.0.0.1:$GPORT" --ca "$CA" --cert "$CERTS/client.pem" --key "$CERTS/client.key" \
    <<<$'GET / HTTP/1.0\r\n\r'
  exit_is 0 mtls && grep -qx "Client certificate: .*CN=demo-client" "$WORK/mtls.out" ||
    { echo "  page: $(grep Client "$WORK/mtls.out")"; return 1; }
  client nocert "127.0.0.1:$GPORT" --ca "$CA" <<<$'GET / HTTP/1.0\r\n\r'
  exit_is 1 nocert && one_line nocert && err_has nocert "(received|peer sent) fatal alert"
}
check "--client-ca alone requires a certificate; the page names its subject" client_cert_line

split_request() { # Python ssl sends the request one byte per record; the page still comes
  timeout 10 python3 - "$WWW" "$CA" >"$WORK/split.out" 2>&1 <<'PY'
import socket, ssl, sys
port, ca = int(sys.argv[1]), sys.argv[2]
ctx = ssl.create_default_context(cafile=ca)
ctx.maximum_version = ssl.TLSVersion.TLSv1_2
with socket.create_connection(("127.0.0.1", port)) as raw:
    with ctx.wrap_socket(raw, server_hostname="localhost") as s:
        req = b"GET /split HTTP/1.0\r\nHost: localhost\r\n\r\n"
        for i in range(len(req)):
            s.sendall(req[i:i + 1])          # one application_data record per byte
        print("sent", len(req), "records")
        data = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        sys.stdout.write(data.decode())
PY
  grep -q "^Protocol: TLSv1.2" "$WORK/split.out" || { echo "  no page: $(head -3 "$WORK/split.out")"; return 1; }
  # The server's trace shows the request arriving as 39 one-byte records.
  [[ $(grep -c "plaintext in: application_data, 1 bytes" "$WORK/www.log") -ge 39 ]] ||
    { echo "  the server did not see one-byte records"; return 1; }
}
check "--www answers a request split over 39 records" split_request

# ---- close_notify ---------------------------------------------------------------------------
client_sends_then_reads() { # a Python server that sends only AFTER the client's close_notify
  timeout 15 python3 - "$CERTS/server-rsa.pem" "$CERTS/server-rsa.key" >"$WORK/late.port" 2>"$WORK/late.err" <<'PY' &
import socket, ssl, sys
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
ls = socket.socket(); ls.bind(("127.0.0.1", 0)); ls.listen(1); ls.settimeout(10)
print(ls.getsockname()[1], flush=True)
c, _ = ls.accept(); c.settimeout(10)
s = ctx.wrap_socket(c, server_side=True)
got = b""
while True:
    d = s.recv(4096)
    if not d:            # the client's close_notify
        break
    got += d
s.sendall(b"after your close_notify: " + got)
s.unwrap()               # our close_notify
c.close()
PY
  PIDS+=($!)
  local i; for i in $(seq 1 100); do [[ -s "$WORK/late.port" ]] && break; sleep 0.1; done
  client late "127.0.0.1:$(cat "$WORK/late.port")" --ca "$CA" -v <<<"end of input"
  exit_is 0 late && grep -qx "after your close_notify: end of input" "$WORK/late.out" ||
    { echo "  got: $(cat "$WORK/late.out") / $(cat "$WORK/late.err")"; return 1; }
  err_has late "sent close_notify" && err_has late "received close_notify"
}
check "client: close_notify at end of stdin, then reads until the server closes" client_sends_then_reads

client_answers() { # the server closes first while stdin is still open: the client answers
  mkfifo "$WORK/in"
  exec 3<>"$WORK/in"
  timeout 10 "$GLASSTLS" client "127.0.0.1:$WWW" --ca "$CA" --trace <"$WORK/in" >"$WORK/answer.out" 2>"$WORK/answer.err" 3>&- &
  local cpid=$!
  printf 'GET / HTTP/1.0\r\n\r\n' >&3
  set +e; wait "$cpid"; RC=$?; set -e
  exec 3>&-
  exit_is 0 answer && grep -q "^Protocol: TLSv1.2" "$WORK/answer.out" || return 1
  # In the trace: the server's close_notify in, then ours out (and none of ours before it).
  grep -E "^(<<<|>>>) alert (in|out): .*close_notify" "$WORK/answer.err" | sed 's/  *\[.*//' >"$WORK/answer.alerts"
  [[ "$(cat "$WORK/answer.alerts")" == "$(printf '<<< alert in: warning(1) close_notify(0)\n>>> alert out: warning(1) close_notify(0)')" ]] ||
    { echo "  alerts:"; cat "$WORK/answer.alerts"; return 1; }
}
check "client answers the server's close_notify with its own" client_answers

server_answers() { # Python's unwrap() sends close_notify and waits for the server's answer
  timeout 10 python3 - "$ECHO" "$CA" >"$WORK/unwrap.out" 2>&1 <<'PY'
import socket, ssl, sys
port, ca = int(sys.argv[1]), sys.argv[2]
ctx = ssl.create_default_context(cafile=ca)
with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
    s = ctx.wrap_socket(raw, server_hostname="127.0.0.1")
    s.sendall(b"ping")
    assert s.recv(100) == b"ping"
    s.unwrap()       # raises unless the server's close_notify comes back
    print("answered")
PY
  grep -qx answered "$WORK/unwrap.out" || { echo "  $(tail -1 "$WORK/unwrap.out")"; return 1; }
  local conns closed
  conns=$(grep -c "TLSv1.2 TLS_" "$WORK/echo.log" || true)
  closed=$(grep -c "closed (close_notify both ways)" "$WORK/echo.log" || true)
  [[ $conns -ge 3 && $closed -eq $conns ]] || { echo "  the server logged $closed of $conns closed both ways"; return 1; }
}
check "server answers the client's close_notify with its own" server_answers

# ---- the server goes on: concurrently, one after another, after failures -------------------
concurrent() { # connection A stays open (stdin a fifo) while B is served
  mkfifo "$WORK/hold"
  exec 4<>"$WORK/hold"
  timeout 15 "$GLASSTLS" client "127.0.0.1:$ECHO" --ca "$CA" -v <"$WORK/hold" >"$WORK/a.out" 2>"$WORK/a.err" 4>&- &
  local apid=$! i
  for i in $(seq 1 100); do grep -q "^\* resumed" "$WORK/a.err" 2>/dev/null && break; sleep 0.1; done
  client b "127.0.0.1:$ECHO" --ca "$CA" <<<"B while A is open"
  local brc=$RC
  echo "A last" >&4
  exec 4>&-
  set +e; wait "$apid"; RC=$?; set -e
  [[ $brc -eq 0 ]] && grep -qx "B while A is open" "$WORK/b.out" || { echo "  B failed while A was open"; return 1; }
  exit_is 0 a && grep -qx "A last" "$WORK/a.out"
}
check "server serves connections concurrently" concurrent

after_failures() { # garbage, a refused certificate, then good connections one after another
  timeout 5 bash -c 'exec 5<>"/dev/tcp/127.0.0.1/$1"; printf "GET / HTTP/1.0\r\n\r\n" >&5; cat <&5 >/dev/null' \
    _ "$ECHO" || true
  client fail2 "127.0.0.1:$ECHO" --ca "$CERTS/client-ca.pem" </dev/null
  local i
  for i in 1 2 3 4 5; do
    client "seq$i" "127.0.0.1:$ECHO" --ca "$CA" <<<"round $i"
    exit_is 0 "seq$i" && grep -qx "round $i" "$WORK/seq$i.out" || return 1
  done
  [[ $(grep -c "handshake failed" "$WORK/echo.log") -ge 2 ]] || { echo "  failures not logged"; return 1; }
}
check "server goes on after failed handshakes, serving one connection after another" after_failures

servers_silent() { # nothing on any server's stdout
  local f
  for f in www echo dnsonly mtls; do [[ ! -s "$WORK/$f.stdout" ]] || { echo "  $f wrote to stdout"; return 1; }; done
}
check "server stdout stays empty" servers_silent

finish
