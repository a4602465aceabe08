#!/usr/bin/env bash
# Headless Chromium -> glasstls server --www on 127.0.0.1 (issue 7: "real clients reach --www").
#
# Chromium offers TLS 1.3 first (supported_versions 0x0304, plus GREASE and hybrid key shares); our
# server ignores what it does not know and must settle on TLS 1.2 — that is the point of this test.
#
# The certificate is really verified: the demo CA is made a trust anchor in a throw-away NSS
# database ($HOME/.pki/nssdb is where Chromium on Linux looks, so HOME points to a temporary
# directory). No --ignore-certificate-errors; the last check shows the same fetch is refused when
# the CA is not trusted.
source "$(dirname "$0")/lib.bash"
need_glasstls
need chromium
need certutil
CERTS="$ROOT/vectors/certs"

# A home with an NSS database trusting only the demo CA ("C,,": a CA for TLS servers).
TRUSTING="$WORK/home-trusting"
UNTRUSTING="$WORK/home-untrusting"
mkdir -p "$TRUSTING/.pki/nssdb" "$UNTRUSTING"
certutil -d "sql:$TRUSTING/.pki/nssdb" -N --empty-password || fail "certutil -N"
certutil -d "sql:$TRUSTING/.pki/nssdb" -A -n glasstls-demo-ca -t "C,," -i "$CERTS/ca.pem" ||
  fail "certutil -A"

start_glasstls() { # start_glasstls LOG args... -> GPORT
  local log=$1; shift
  start_bg 60 "$log" "$GLASSTLS" server --port 0 --www --alpn http/1.1 "$@"
  GPORT=$(wait_listening "$log")
}

chromium_run() { # chromium_run HOME NAME PORT chromium-args... ; output in $WORK/NAME.{out,err}
  local home=$1 name=$2 port=$3; shift 3
  HOME="$home" timeout -k 5 25 chromium --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d "$WORK/profile.XXXXXX")" "$@" "https://localhost:$port/" \
    >"$WORK/$name.out" 2>"$WORK/$name.err"
}

page_ok() { # page_ok FILE SUITE: the --www page's lines as Chromium rendered them
  local f=$1 suite=$2
  grep -q "Protocol: TLSv1.2" "$f" || { echo "  no 'Protocol: TLSv1.2' in the DOM"; head -5 "$f"; return 1; }
  grep -q "Cipher: $suite" "$f" || { echo "  no 'Cipher: $suite' line"; return 1; }
  grep -q "ALPN: http/1.1" "$f" || { echo "  ALPN http/1.1 not negotiated"; return 1; }
  grep -q "Group: " "$f" && grep -q "Resumed: no" "$f" && grep -q "Client certificate: none" "$f" ||
    { echo "  a line of the page is missing"; return 1; }
}

# 1. RSA certificate, --dump-dom, the server tracing: the DOM holds the page, and the trace shows
#    that Chromium did offer TLS 1.3 and we answered with TLS 1.2.
start_glasstls "$WORK/rsa.log" --trace --cert "$CERTS/server-rsa.pem" --key "$CERTS/server-rsa.key" ||
  fail "server did not start"
dump_rsa() { chromium_run "$TRUSTING" dump-rsa "$GPORT" --dump-dom && page_ok "$WORK/dump-rsa.out" TLS_ECDHE_RSA_WITH_; }
check "chromium --dump-dom (RSA, CA trusted via NSS db)" dump_rsa
# The trace comes from the connection's child process, which may still be writing when Chromium exits.
check "chromium offered TLS 1.3" wait_log "$WORK/rsa.log" "TLS 1.3 (0x0304)"
check "server chose TLS 1.2" wait_log "$WORK/rsa.log" "server_version: 03 03"

# 2. ECDSA certificate, --screenshot: a PNG of the rendered page.
start_glasstls "$WORK/ecdsa.log" -v --cert "$CERTS/server-ecdsa.pem" --key "$CERTS/server-ecdsa.key" ||
  fail "server did not start"
shot() {
  chromium_run "$TRUSTING" shot "$GPORT" --window-size=640,360 --screenshot="$WORK/page.png" || return 1
  [[ -s "$WORK/page.png" ]] || { echo "  no screenshot written"; return 1; }
  [[ "$(head -c 8 "$WORK/page.png" | od -An -tx1 | tr -d ' \n')" == 89504e470d0a1a0a ]] ||
    { echo "  not a PNG"; return 1; }
  grep -q "TLSv1.2 TLS_ECDHE_ECDSA_WITH_.*ALPN http/1.1" "$WORK/ecdsa.log" ||
    { echo "  the server did not log an ECDSA handshake"; return 1; }
}
check "chromium --screenshot (ECDSA)" shot

# 3. Control: without the demo CA in its NSS database, Chromium refuses the certificate.
refused() {
  chromium_run "$UNTRUSTING" refused "$GPORT" --dump-dom || true
  ! grep -q "Protocol: TLSv1.2" "$WORK/refused.out" &&
    grep -q "ERR_CERT_AUTHORITY_INVALID" "$WORK/refused.err"
}
check "chromium without the demo CA refuses" refused

# KEEP_SHOT=FILE keeps the screenshot for a human to look at.
if [[ -n "${KEEP_SHOT:-}" && -s "$WORK/page.png" ]]; then cp "$WORK/page.png" "$KEEP_SHOT"; fi
finish
