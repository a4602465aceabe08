#!/usr/bin/env bash
# A private key glasstls cannot use is named for what it is, in the one line `glasstls server`
# (and client, tunnel: the same code, tools/cli/endpoint_opts.c) prints — issue 15: a PKCS#8 DSA key
# was reported as "an encrypted key". Keys are made here with openssl; none is a fixture.
source "$(dirname "$0")/lib.bash"
need_glasstls
need openssl
C="$ROOT/vectors/certs"
cd "$WORK"

load() { # load CERT KEY: the server's one line (it exits at once: the key does not load)
  timeout 10 "$GLASSTLS" server --port 0 --cert "$1" --key "$2" 2>&1 | head -3
}
says() { # says CERT KEY TEXT…: exactly one line, containing every TEXT, and no "encrypted" unless asked
  local out; out=$(load "$1" "$2"); shift 2
  [[ $(wc -l <<<"$out") -eq 1 ]] || { echo "  $out"; return 1; }
  for t in "$@"; do [[ $out == *"$t"* ]] || { echo "  $out"; return 1; }; done
}

openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:1024 -out dsa.param 2>/dev/null
openssl genpkey -paramfile dsa.param -out dsa.key 2>/dev/null
openssl req -x509 -key dsa.key -subj /CN=localhost -days 1 -out dsa.pem 2>/dev/null
grep -q 'BEGIN PRIVATE KEY' dsa.key || fail "openssl did not write a PKCS#8 DSA key"
if load dsa.pem dsa.key | grep -q '^listening on'; then
  echo "glasstls loads DSA keys now: the DSA message is not needed"
else
  check "a PKCS#8 DSA key is named a DSA key" says dsa.pem dsa.key "a DSA key" "does not use"
  dsa_line=$(load dsa.pem dsa.key || true)
  check "... and not an encrypted one" test "${dsa_line/encrypted/}" == "$dsa_line"
fi
openssl genpkey -algorithm x25519 -out x.key 2>/dev/null
check "a PKCS#8 X25519 key (key agreement only) is named an X25519 key" says "$C/server-rsa.pem" x.key "an X25519 key"
openssl pkcs8 -topk8 -in "$C/server-rsa.key" -passout pass:x -out enc8.key 2>/dev/null
check "an ENCRYPTED PRIVATE KEY block is called encrypted" says "$C/server-rsa.pem" enc8.key "an encrypted key"
openssl rsa -in "$C/server-rsa.key" -aes128 -traditional -passout pass:x -out encpem.key 2>/dev/null
grep -q 'Proc-Type: 4,ENCRYPTED' encpem.key || fail "openssl did not write a Proc-Type header"
check "a key with Proc-Type headers is called encrypted" says "$C/server-rsa.pem" encpem.key "an encrypted key"
finish
