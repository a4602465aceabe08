#!/usr/bin/env bash
# Every TLS 1.2 cipher suite OpenSSL negotiates, both ways, against OpenSSL on 127.0.0.1:
#   glasstls client -> openssl s_server     and     openssl s_client -> glasstls server.
# The list is OpenSSL's own (`openssl ciphers -stdname -V 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'`, the
# TLS 1.3 suites and SRP left aside), so a suite a newer OpenSSL adds shows up here as a failure,
# not a silence. A suite passes when, in both directions, it is the suite negotiated and a line
# of application data makes the round trip.
#
# The suites glasstls does not speak yet are listed in openssl_matrix_missing.txt (one IANA name
# a line, # comments). The test fails if a suite fails that is not listed there, and also if a
# listed suite now passes or is no longer in OpenSSL's list: the file only ever shrinks, and it is
# always the exact truth about what is missing.
#
# Peers: one s_server with the RSA and ECDSA demo certificates, a PSK and anonymous suites enabled
# (-psk, @SECLEVEL=0), one with a DSA certificate made at run time; one glasstls server per
# certificate set likewise. Pairs run in parallel (MATRIX_JOBS, default 8) with short timeouts.
source "$(dirname "$0")/lib.bash"
need_glasstls
need openssl
CERTS="$ROOT/vectors/certs"
MISSING_FILE="$ROOT/tests/interop/openssl_matrix_missing.txt"
PSK_ID=Client_identity # s_server expects this identity unless told otherwise
PSK_HEX=0123456789abcdef0123456789abcdef
JOBS=${MATRIX_JOBS:-8}

# ---- OpenSSL's list --------------------------------------------------------------------------
# -V lines: 0xC0,0x2B - IANA_NAME - OPENSSL_NAME PROTO Kx=.. Au=.. Enc=.. Mac=..
openssl ciphers -stdname -V 'ALL:COMPLEMENTOFALL:@SECLEVEL=0' |
  awk '$6 != "TLSv1.3" && $3 !~ /SRP/ { print $3, $5 }' >"$WORK/suites.txt"
[[ $(wc -l <"$WORK/suites.txt") -ge 100 ]] || fail "openssl ciphers listed only $(wc -l <"$WORK/suites.txt") TLS 1.2 suites"

# ---- a DSA certificate (issued by the demo CA, made now so its validity never lapses) ---------
openssl dsaparam -out "$WORK/dsa.param" 2048 2>/dev/null
openssl gendsa -out "$WORK/dsa.key" "$WORK/dsa.param" 2>/dev/null
openssl req -new -key "$WORK/dsa.key" -subj /CN=localhost -out "$WORK/dsa.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=digitalSignature\n' >"$WORK/dsa.ext"
openssl x509 -req -in "$WORK/dsa.csr" -CA "$CERTS/ca.pem" -CAkey "$CERTS/ca.key" -CAserial "$WORK/ca.srl" -CAcreateserial \
  -days 2 -sha256 -extfile "$WORK/dsa.ext" -out "$WORK/dsa.pem" 2>/dev/null || fail "cannot make a DSA certificate"

# ---- the peers --------------------------------------------------------------------------------
OSSL_CIPHERS='ALL:COMPLEMENTOFALL:@SECLEVEL=0'
# s_server picks a 1024-bit DH group for certificate-less suites on its own; glasstls refuses
# fewer than 2048 bits (RFC 7919 §1), so s_server gets ffdhe2048 (RFC 7919 App. A.1) to use.
openssl genpkey -genparam -algorithm DH -pkeyopt group:ffdhe2048 -out "$WORK/ffdhe2048.pem" 2>/dev/null ||
  fail "openssl cannot write the ffdhe2048 parameters"
S1=$(free_port); S2=$(free_port)
start_bg 240 "$WORK/s_server1.log" openssl s_server -accept "$S1" -tls1_2 -rev -cipher "$OSSL_CIPHERS" \
  -cert "$CERTS/server-rsa.pem" -key "$CERTS/server-rsa.key" \
  -dcert "$CERTS/server-ecdsa.pem" -dkey "$CERTS/server-ecdsa.key" -psk "$PSK_HEX" -psk_hint glasstls-hint \
  -dhparam "$WORK/ffdhe2048.pem"
start_bg 240 "$WORK/s_server2.log" openssl s_server -accept "$S2" -tls1_2 -rev -cipher "$OSSL_CIPHERS" \
  -cert "$WORK/dsa.pem" -key "$WORK/dsa.key" -dhparam "$WORK/ffdhe2048.pem"

# glasstls servers accept every suite glasstls implements (`glasstls ciphers` lists them, the
# opt-in ones included); PSK options where this build has them.
ALL_OURS=$("$GLASSTLS" ciphers | awk '$1 ~ /^0x/ { print $2 } $2 ~ /^0x/ { print $3 }' | paste -sd, -)
[[ -n "$ALL_OURS" ]] || fail "glasstls ciphers listed nothing"
PSK_OPTS=()
"$GLASSTLS" server --help 2>&1 | grep -q -- --psk-identity && PSK_OPTS=(--psk-identity "$PSK_ID" --psk "$PSK_HEX" --psk-hint glasstls-hint)
start_bg 240 "$WORK/g1.log" "$GLASSTLS" server --port 0 --echo --ciphers "$ALL_OURS" --groups ALL --sigalgs ALL \
  --cert "$CERTS/server-rsa.pem" --key "$CERTS/server-rsa.key" \
  --cert "$CERTS/server-ecdsa.pem" --key "$CERTS/server-ecdsa.key" "${PSK_OPTS[@]}"
G1=$(wait_listening "$WORK/g1.log") || fail "glasstls server did not start: $(cat "$WORK/g1.log")"
G2=""
start_bg 240 "$WORK/g2.log" "$GLASSTLS" server --port 0 --echo --ciphers "$ALL_OURS" --groups ALL --sigalgs ALL \
  --cert "$WORK/dsa.pem" --key "$WORK/dsa.key"
G2=$(wait_listening "$WORK/g2.log" || true) # a build without DSA keys refuses the key: DSS suites fail
wait_port "$S1" || fail "s_server did not start"
wait_port "$S2" || fail "s_server (DSA) did not start"
export GLASSTLS WORK CERTS PSK_ID PSK_HEX S1 S2 G1 G2

# ---- one suite, both ways ---------------------------------------------------------------------
# Feed a line, then keep stdin open until the reply shows in FILE or an error in ERRFILE (at most
# ~4 s): the client ends as soon as the round trip is done or failed, never after a fixed sleep.
say_then_wait() { # say_then_wait LINE FILE PATTERN ERRFILE ERRPATTERN
  printf '%s\n' "$1"
  local i
  for i in $(seq 1 80); do
    grep -q -- "$3" "$2" 2>/dev/null && return 0
    grep -q -E -- "$5" "$4" 2>/dev/null && return 0
    sleep 0.05
  done
}
export -f say_then_wait

# pair IANA OPENSSL_NAME: writes $WORK/res/IANA with "pass" or the reasons it failed.
pair() {
  local iana=$1 ossl=$2 why="" sport=$S1 gport=$G1 ca=(--ca "$CERTS/ca.pem") psk_c=() psk_g=()
  case $iana in *_DSS_*) sport=$S2; gport=$G2 ;; esac
  case $iana in *_anon_*) ca=(--insecure) ;; esac
  case $iana in *PSK*) psk_c=(-psk "$PSK_HEX" -psk_identity "$PSK_ID"); psk_g=(--psk-identity "$PSK_ID" --psk "$PSK_HEX") ;; esac
  # glasstls client -> s_server (which answers each line reversed)
  local out="$WORK/res/$iana.gc"
  if say_then_wait olleh "$out.out" '^hello' "$out.err" '^glasstls' | timeout 5 "$GLASSTLS" client "127.0.0.1:$sport" --servername localhost \
      "${ca[@]}" --ciphers "$iana" --sigalgs ALL --groups ALL "${psk_g[@]}" -v >"$out.out" 2>"$out.err"; then
    grep -q '^hello' "$out.out" || why+=" client:no-reply"
    grep -q "cipher: *$iana" "$out.err" || why+=" client:other-suite"
  else
    why+=" client:$(tail -1 "$out.err" | tr ' ' _ | cut -c1-80)"
  fi
  # s_client -> glasstls server (which echoes)
  out="$WORK/res/$iana.sc"
  if [[ -z "$gport" ]]; then
    why+=" server:not-started"
  elif say_then_wait "ping $iana" "$out.out" "^ping $iana" "$out.out" ':error:|errno' | timeout 5 openssl s_client -connect "127.0.0.1:$gport" -tls1_2 \
      -servername localhost -CAfile "$CERTS/ca.pem" -cipher "$ossl:@SECLEVEL=0" "${psk_c[@]}" >"$out.out" 2>&1; then
    grep -q "^ping $iana" "$out.out" || why+=" server:nothing-echoed"
    grep -q "Cipher is $ossl\$" "$out.out" || why+=" server:other-suite"
  else
    why+=" server:$(grep -m1 -i -E 'error|alert' "$out.out" | tr ' ' _ | cut -c1-80)"
  fi
  echo "${why:-pass}" >"$WORK/res/$iana"
}
export -f pair
mkdir -p "$WORK/res"
xargs -P "$JOBS" -L 1 bash -c 'pair "$@"' _ <"$WORK/suites.txt"

# ---- compare with the known-missing list ------------------------------------------------------
{ grep -v -E "^\s*(#|$)" "$MISSING_FILE" || true; } | awk '{ print $1 }' | sort -u >"$WORK/missing.txt"
npass=0; ntotal=0
while read -r iana _; do
  ntotal=$((ntotal + 1))
  res=$(cat "$WORK/res/$iana" 2>/dev/null || echo "no-result")
  listed=0; grep -qx -- "$iana" "$WORK/missing.txt" && listed=1
  if [[ $res == pass ]]; then
    npass=$((npass + 1))
    check "$iana both ways" true
    [[ $listed == 0 ]] || check "$iana passes now: remove it from openssl_matrix_missing.txt" false
  elif [[ $listed == 1 ]]; then
    echo "known missing $iana:$res"
  else
    check "$iana both ways:$res" false
  fi
done <"$WORK/suites.txt"
while read -r iana; do
  grep -q "^$iana " "$WORK/suites.txt" || check "$iana is listed as missing but OpenSSL does not offer it" false
done <"$WORK/missing.txt"
echo "$npass of $ntotal OpenSSL TLS 1.2 suites pass both ways"
finish
