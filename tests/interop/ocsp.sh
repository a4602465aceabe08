#!/usr/bin/env bash
# OCSP (RFC 6960) and its stapling in TLS 1.2 (RFC 6066 §8), against OpenSSL, on 127.0.0.1:
#   responses made here with `openssl ocsp` by the demo CA of vectors/certs (good, revoked, signed
#   by a delegated responder, by a responder without id-kp-OCSPSigning, for another certificate),
#   judged by `glasstls verify --ocsp-response` at injected times (fresh, not yet valid, stale);
#   `glasstls client --ocsp require|request` against `openssl s_server -status_file`;
#   `openssl s_client -status` against `glasstls server --ocsp-response`, and glasstls both ways.
# Everything with a date is made at run time, so nothing depends on the day the repository was made.
source "$(dirname "$0")/lib.bash"
need_glasstls
need openssl
CERTS="$ROOT/vectors/certs"
cd "$WORK"

# index.txt lines of `openssl ca`: V (valid) or R (revoked) for the server certificate.
entry() { # entry V|R CERT
  local serial subject
  serial=$(openssl x509 -in "$CERTS/$2" -noout -serial | cut -d= -f2)
  subject=$(openssl x509 -in "$CERTS/$2" -noout -subject -nameopt compat | sed 's/^subject=//')
  if [[ $1 == R ]]; then printf 'R\t440101000000Z\t240101000000Z,keyCompromise\t%s\tunknown\t%s\n' "$serial" "$subject"
  else printf 'V\t440101000000Z\t\t%s\tunknown\t%s\n' "$serial" "$subject"; fi
}
entry V server-rsa.pem >valid.txt
entry R server-rsa.pem >revoked.txt
openssl ocsp -issuer "$CERTS/ca.pem" -cert "$CERTS/server-rsa.pem" -no_nonce -reqout req.der 2>/dev/null
respond() { # respond OUT INDEX SIGNER_CERT SIGNER_KEY [options…]
  local out=$1 index=$2 cert=$3 key=$4; shift 4
  openssl ocsp -index "$index" -rsigner "$cert" -rkey "$key" -CA "$CERTS/ca.pem" -reqin req.der -respout "$out" \
    -ndays 1 "$@" >/dev/null 2>&1 || fail "openssl ocsp -respout $out"
}
respond good.der valid.txt "$CERTS/ca.pem" "$CERTS/ca.key"
respond good-bykey.der valid.txt "$CERTS/ca.pem" "$CERTS/ca.key" -resp_key_id
respond revoked.der revoked.txt "$CERTS/ca.pem" "$CERTS/ca.key"
# Delegated responders (RFC 6960 §4.2.2.2), certified by the CA for a day: one for OCSP signing,
# one without that purpose.
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout responder.key -subj "/CN=OCSP responder" \
  -out responder.csr 2>/dev/null
printf 'extendedKeyUsage = OCSPSigning\n' >ocsp.ext
printf 'extendedKeyUsage = serverAuth\n' >notocsp.ext
openssl x509 -req -in responder.csr -CA "$CERTS/ca.pem" -CAkey "$CERTS/ca.key" -set_serial 77 -days 1 \
  -extfile ocsp.ext -out responder.pem 2>/dev/null
openssl x509 -req -in responder.csr -CA "$CERTS/ca.pem" -CAkey "$CERTS/ca.key" -set_serial 78 -days 1 \
  -extfile notocsp.ext -out notresponder.pem 2>/dev/null
respond delegated.der valid.txt responder.pem responder.key
respond not-delegated.der valid.txt notresponder.pem responder.key
# A response about another certificate (the client's, from another CA).
openssl ocsp -issuer "$CERTS/client-ca.pem" -cert "$CERTS/client.pem" -no_nonce -reqout other-req.der 2>/dev/null
entry V client.pem >other.txt
openssl ocsp -index other.txt -rsigner "$CERTS/client-ca.pem" -rkey "$CERTS/client-ca.key" -CA "$CERTS/client-ca.pem" \
  -reqin other-req.der -respout other.der -ndays 1 >/dev/null 2>&1 || fail "openssl ocsp (other)"

NOW=$(date +%s)
# ---- glasstls verify --ocsp-response (x509/ocsp.c at an injected clock) ----------------------
judge() { # judge NAME WANT_EXIT PATTERN RESPONSE AT
  local name=$1 want=$2 pattern=$3
  set +e
  "$GLASSTLS" verify --ca "$CERTS/ca.pem" --purpose server --ocsp-response "$4" --at "$5" "$CERTS/server-rsa.pem" \
    2>"$name.err"
  local rc=$?
  set -e
  [[ $rc == "$want" ]] && grep -q -- "$pattern" "$name.err" || { echo "  exit $rc: $(cat "$name.err")"; return 1; }
}
check "verify: a good response, signed by the CA (responderID byName)" judge good 0 "verify: OK" good.der "$NOW"
check "verify: a good response, responderID byKey" judge bykey 0 "verify: OK" good-bykey.der "$NOW"
check "verify: signed by a delegated responder with id-kp-OCSPSigning" judge delegated 0 "verify: OK" delegated.der "$NOW"
check "verify: a responder without id-kp-OCSPSigning is refused" judge notdelegated 1 "lacks id-kp-OCSPSigning" \
  not-delegated.der "$NOW"
check "verify: revoked (keyCompromise)" judge revoked 1 "says revoked .*keyCompromise" revoked.der "$NOW"
check "verify: a response about another certificate" judge other 1 "not signed by the certificate.s issuer" other.der "$NOW"
check "verify: not yet valid (thisUpdate a day ahead)" judge early 1 "thisUpdate .* is after" good.der $((NOW - 86400))
check "verify: stale (nextUpdate passed)" judge stale 1 "the response is stale" good.der $((NOW + 2 * 86400))
head -c 100 good.der >truncated.der
check "verify: a truncated response" judge truncated 1 "does not parse" truncated.der "$NOW"

# ---- glasstls client --ocsp -> openssl s_server -status_file ---------------------------------
s_server() { # s_server STATUS_FILE|- -> SPORT
  SPORT=$(free_port)
  local extra=()
  [[ $1 != - ]] && extra=(-status_file "$1")
  start_bg 30 "s_server-$SPORT.log" openssl s_server -accept "$SPORT" -cert "$CERTS/server-rsa.pem" \
    -key "$CERTS/server-rsa.key" -tls1_2 -www -quiet "${extra[@]}"
  wait_port "$SPORT" || fail "s_server did not start"
}
client() { # client PORT NAME args...
  local port=$1 name=$2; shift 2
  set +e
  printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 "$GLASSTLS" client "127.0.0.1:$port" --servername localhost \
    --ca "$CERTS/ca.pem" "$@" >"$name.out" 2>"$name.err"
  RC=$?
  set -e
}
s_server good.der; GOOD=$SPORT
s_server revoked.der; REVOKED=$SPORT
s_server -; NONE=$SPORT

require_good() { client "$GOOD" rg --ocsp require --trace; [[ $RC == 0 ]] && grep -q "CertificateStatus" rg.err ||
  { echo "  exit $RC: $(tail -1 rg.err)"; return 1; }; }
check "client --ocsp require, s_server -status_file (good): connected, CertificateStatus read" require_good
require_revoked() { client "$REVOKED" rr --ocsp require; [[ $RC == 1 ]] && grep -q "certificate_revoked" rr.err ||
  { echo "  exit $RC: $(tail -1 rr.err)"; return 1; }; }
check "client --ocsp require, revoked: certificate_revoked" require_revoked
require_none() { client "$NONE" rn --ocsp require; [[ $RC == 1 ]] && grep -q "stapled no OCSP response" rn.err ||
  { echo "  exit $RC: $(tail -1 rn.err)"; return 1; }; }
check "client --ocsp require, no staple: refused (bad_certificate_status_response)" require_none
request_none() { client "$NONE" qn --ocsp request; [[ $RC == 0 ]] || { echo "  exit $RC: $(tail -1 qn.err)"; return 1; }; }
check "client --ocsp request, no staple: connected" request_none
no_ask() { client "$GOOD" na; [[ $RC == 0 ]] || { echo "  exit $RC: $(tail -1 na.err)"; return 1; }; }
check "client without --ocsp, s_server with a status file: connected" no_ask

# ---- openssl s_client -status -> glasstls server --ocsp-response -----------------------------
start_bg 25 server.log "$GLASSTLS" server --port 0 --www --cert "$CERTS/server-rsa.pem" --key "$CERTS/server-rsa.key" \
  --ocsp-response good.der
GPORT=$(wait_listening server.log) || { cat server.log; fail "no server"; }
s_client_status() {
  (printf 'GET / HTTP/1.0\r\n\r\n'; sleep 0.5) | timeout 10 openssl s_client -connect "127.0.0.1:$GPORT" -tls1_2 \
    -servername localhost -CAfile "$CERTS/ca.pem" -status -ign_eof >sc.out 2>&1 || true
  grep -q "OCSP Response Status: successful" sc.out && grep -q "Cert Status: good" sc.out ||
    { echo "  $(grep -m2 -i "ocsp" sc.out)"; return 1; }
}
check "s_client -status -> glasstls server --ocsp-response: the response is stapled" s_client_status
glasstls_both() { client "$GPORT" gb --ocsp require; [[ $RC == 0 ]] || { echo "  exit $RC: $(tail -1 gb.err)"; return 1; }; }
check "glasstls client --ocsp require -> glasstls server --ocsp-response" glasstls_both

bad_mode() { client "$GPORT" bm --ocsp maybe; [[ $RC == 2 ]] && grep -q "request or require" bm.err ||
  { echo "  exit $RC: $(cat bm.err)"; return 1; }; }
check "client --ocsp maybe: usage error" bad_mode

finish
