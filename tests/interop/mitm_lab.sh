#!/usr/bin/env bash
# The MITM lab of docs/mitm-lab.md, as a test: a real server (glasstls server --www with the demo
# certificates), a rogue CA made with `glasstls ca init`, and `glasstls mitm` between them. Each
# victim connects to the MITM asking for "localhost"; the MITM's one line per connection says
# whether it was fooled (ACCEPTED) or how it refused (REJECTED ... alert). Who is fooled:
#   trusts the rogue CA, no pin           -> ACCEPTED (and --show-data prints the request)
#   trusts only the real CA               -> REJECTED unknown_ca(48)   (RFC 5280 §6.1: no path)
#   trusts the rogue CA, pins the real key -> REJECTED bad_certificate(42) (RFC 7469 §2.6)
source "$(dirname "$0")/lib.bash"
need_glasstls
need openssl
need curl
need python3
CERTS="$ROOT/vectors/certs"
cd "$WORK"

"$GLASSTLS" ca init rogue --cn "Totally Legit Root CA" 2>/dev/null || fail "glasstls ca init"
start_bg 120 real.log "$GLASSTLS" server --port 0 --www --cert "$CERTS/server-rsa.pem" --key "$CERTS/server-rsa.key"
RPORT=$(wait_listening real.log) || fail "real server did not start"
start_bg 120 mitm.log "$GLASSTLS" mitm --accept 127.0.0.1:0 --connect "127.0.0.1:$RPORT" --ca rogue \
  --upstream-ca "$CERTS/ca.pem" --show-data
MPORT=$(wait_listening mitm.log) || fail "mitm did not start: $(cat mitm.log)"
REAL_PIN=$("$GLASSTLS" pin "$CERTS/server-rsa.pem")
[[ $REAL_PIN == sha256//* ]] || fail "glasstls pin printed '$REAL_PIN'"

# verdict PATTERN victim-command...: run the victim, then the MITM's next line must match.
verdict() {
  local pattern=$1; shift
  local before; before=$(grep -c '^\(ACCEPTED\|REJECTED\|FAILED\)' mitm.log || true)
  "$@" >victim.out 2>&1 || true
  local i line=""
  for i in $(seq 1 100); do
    line=$(grep '^\(ACCEPTED\|REJECTED\|FAILED\)' mitm.log | sed -n "$((before + 1))p")
    [[ -n $line ]] && break
    sleep 0.1
  done
  echo "    mitm: ${line:-(nothing)}"
  [[ $line =~ $pattern ]] || { sed 's/^/    victim: /' victim.out | head -5; return 1; }
}

GET='GET / HTTP/1.0\r\nHost: localhost\r\n\r\n'
gclient() { printf "$GET" | timeout 20 "$GLASSTLS" client "127.0.0.1:$MPORT" --servername localhost "$@"; }
check "glasstls client trusting the rogue CA is fooled" \
  verdict "^ACCEPTED forged certificate for localhost \(victim trusted the rogue CA\): [1-9][0-9]* bytes up, [1-9][0-9]* down" \
  gclient --ca rogue/ca.pem
check "... and the MITM read its request (--show-data)" wait_log mitm.log "^GET / HTTP/1.0"
check "glasstls client with the real CA refuses: unknown_ca" \
  verdict "^REJECTED forged certificate for localhost: victim sent fatal alert unknown_ca\(48\)" gclient --ca "$CERTS/ca.pem"
check "glasstls client trusting the rogue CA but pinning the real key refuses: bad_certificate" \
  verdict "^REJECTED forged certificate for localhost: victim sent fatal alert bad_certificate\(42\)" \
  gclient --ca rogue/ca.pem --pin "$REAL_PIN"

check "curl trusting the rogue CA is fooled" \
  verdict "^ACCEPTED" curl -sS --max-time 20 --cacert rogue/ca.pem "https://localhost:$MPORT/"
check "curl with the real CA refuses" \
  verdict "^REJECTED .*unknown_ca\(48\)" curl -sS --max-time 20 --cacert "$CERTS/ca.pem" "https://localhost:$MPORT/"
check "curl with the rogue CA and the real pin refuses" \
  verdict "^REJECTED .*completed the handshake, then closed without sending anything" \
  curl -sS --max-time 20 --cacert rogue/ca.pem --pinnedpubkey "$REAL_PIN" "https://localhost:$MPORT/"

sclient() { echo | timeout 20 openssl s_client -connect "127.0.0.1:$MPORT" -servername localhost \
  -verify_return_error -verify_hostname localhost "$@"; }
check "openssl s_client with the real CA refuses" verdict "^REJECTED .*unknown_ca\(48\)" sclient -CAfile "$CERTS/ca.pem"
check "openssl s_client trusting the rogue CA is fooled" verdict "^ACCEPTED" sclient -CAfile rogue/ca.pem

pyclient() { timeout 20 python3 -c '
import socket, ssl, sys
ctx = ssl.create_default_context(cafile=sys.argv[2])
with socket.create_connection(("127.0.0.1", int(sys.argv[1]))) as raw:
    with ctx.wrap_socket(raw, server_hostname="localhost") as s:
        s.sendall(b"GET / HTTP/1.0\r\n\r\n")
        print(s.recv(100))
' "$MPORT" "$1"; }
check "python ssl with the real CA refuses" verdict "^REJECTED .*unknown_ca\(48\)" pyclient "$CERTS/ca.pem"
check "python ssl trusting the rogue CA is fooled" verdict "^ACCEPTED" pyclient rogue/ca.pem

# Headless Chromium: the rogue CA in its NSS database, or not (tests/interop/chromium_www.sh).
if command -v chromium >/dev/null && command -v certutil >/dev/null; then
  mkdir -p fooled/.pki/nssdb careful
  certutil -d sql:fooled/.pki/nssdb -N --empty-password && \
    certutil -d sql:fooled/.pki/nssdb -A -n rogue -t "C,," -i rogue/ca.pem || fail "certutil"
  chrome() { HOME="$WORK/$1" timeout -k 5 25 chromium --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d "$WORK/profile.XXXXXX")" --dump-dom "https://localhost:$MPORT/"; }
  check "chromium with the rogue CA in its NSS database is fooled" verdict "^ACCEPTED" chrome fooled
  check "chromium without it refuses" verdict "^REJECTED" chrome careful
fi
# Anonymous Diffie-Hellman: no certificate at all, so nothing to forge — the MITM just answers.
# The victim must have asked for it by name, and glasstls client insists on --insecure.
check "an anonymous-DH victim is read without any forgery" \
  verdict "^ACCEPTED anonymous key exchange for localhost \(TLS_ECDH_anon_WITH_AES_128_CBC_SHA: nothing to forge" \
  gclient --insecure --ciphers TLS_ECDH_anon_WITH_AES_128_CBC_SHA
check "... and glasstls client warned that the suite is anonymous" \
  grep -q "^glasstls client: WARNING: TLS_ECDH_anon_WITH_AES_128_CBC_SHA is anonymous" victim.out
anon_needs_insecure() { # without --insecure an anonymous suite is a usage error, before connecting
  "$GLASSTLS" client "127.0.0.1:$MPORT" --ciphers "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_DH_anon_WITH_AES_128_CBC_SHA" \
    </dev/null >anon.out 2>&1
  [[ $? == 2 ]] && grep -q "an anonymous suite (DH_anon, ECDH_anon) has no certificate to verify: it needs --insecure" anon.out
}
check "an anonymous suite without --insecure is refused (exit 2)" anon_needs_insecure
check "openssl s_client offering only aNULL is read too" \
  verdict "^ACCEPTED anonymous key exchange" bash -c "printf 'GET / HTTP/1.0\r\n\r\n' | timeout 20 openssl s_client \
    -connect 127.0.0.1:$MPORT -servername localhost -tls1_2 -cipher 'aNULL:@SECLEVEL=0' -quiet"
check "the forged certificate copies the real subject, under the rogue CA" \
  bash -c "openssl x509 -in rogue/forged/localhost.pem -noout -subject -issuer | tr '\n' ' ' |
           grep -q 'subject=O = glasstls demo, CN = localhost issuer=CN = Totally Legit Root CA'"
finish
