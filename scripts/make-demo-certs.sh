#!/usr/bin/env bash
# Make the demo PKI in vectors/certs/ with OpenSSL (run once; the results are committed).
#
#   ca.pem / ca.key                    demo root CA (RSA-2048, sha256WithRSAEncryption)
#   server-rsa.pem / server-rsa.key    server: RSA-2048, signed by the demo CA
#   server-ecdsa.pem / server-ecdsa.key  server: ECDSA P-256, signed by the demo CA
#   client-ca.pem / client-ca.key      a second root for client certificates (ECDSA P-256)
#   client.pem / client.key            client certificate (ECDSA P-256), signed by client-ca
#   other-client-ca.pem, other-client.pem/.key  a client certificate from ANOTHER CA (refusal tests)
#   server-ed25519.pem / .key          server: Ed25519 (RFC 8410), signed by the demo CA
#   ed25519-ca.pem / ed25519-ca.key    a root for Ed25519 client certificates, Ed25519-signed
#   client-ed25519.pem / .key          client certificate (Ed25519), signed by ed25519-ca
#
# Server certificates name DNS:localhost and IP:127.0.0.1 (subjectAltName, RFC 5280 §4.2.1.6),
# have extendedKeyUsage serverAuth, and keyUsage digitalSignature (+ keyEncipherment for RSA).
# Keys are PKCS#8 PEM ("BEGIN PRIVATE KEY"), the default of OpenSSL 3. Valid 2024-01-01 to 2044-01-01. These keys are PUBLIC: never use them for anything but tests and demos.
#
# Usage: scripts/make-demo-certs.sh [OUT_DIR]   (default: vectors/certs)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$here/vectors/certs}
mkdir -p "$out"
cd "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rsa_key() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null; }
ec_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }

# Fixed validity (2024-01-01 .. 2044-01-01), set with `openssl ca` so it does not depend on the
# clock of the machine that made them.
start=20240101000000Z
end=20440101000000Z

# sign SUBJECT_CN CSR CERT EXTFILE [CA_CERT CA_KEY | -selfsign KEY]
sign() {
  local cn=$1 csr=$2 cert=$3 ext=$4; shift 4
  : >"$tmp/index.txt"
  openssl rand -hex 8 >"$tmp/serial"
  cat >"$tmp/ca.cnf" <<CNF
[ca]
default_ca = demo
[demo]
database = $tmp/index.txt
serial = $tmp/serial
new_certs_dir = $tmp
default_md = ${md:-sha256}
policy = any
unique_subject = no
[any]
organizationName = supplied
commonName = supplied
CNF
  if [[ $1 == -selfsign ]]; then set -- -selfsign -keyfile "$2"; else set -- -cert "$1" -keyfile "$2"; fi
  openssl ca -batch -notext -config "$tmp/ca.cnf" "$@" -in "$csr" -out "$cert" \
    -startdate $start -enddate $end -extfile "$ext" -subj "/O=glasstls demo/CN=$cn" \
    2>"$tmp/ca.log" || { cat "$tmp/ca.log" >&2; exit 1; }
}

csr() { # the request's own signature: SHA-256, or none for Ed25519 (md=default)
  local digest=-sha256
  [[ ${md:-} == default ]] && digest=
  openssl req -new $digest -key "$1" -subj "/O=glasstls demo/CN=x" -out "$2"
}

# root CN KEY CERT — a self-signed CA certificate.
root() {
  printf 'basicConstraints = critical, CA:TRUE\nkeyUsage = critical, keyCertSign, cRLSign\n' >"$tmp/root.ext"
  printf 'subjectKeyIdentifier = hash\n' >>"$tmp/root.ext"
  csr "$2" "$tmp/root.csr"
  sign "$1" "$tmp/root.csr" "$3" "$tmp/root.ext" -selfsign "$2"
}

# leaf CN KEY CERT CA_CERT CA_KEY EXTENSIONS
leaf() {
  printf '%s\n' "$6" >"$tmp/leaf.ext"
  csr "$2" "$tmp/leaf.csr"
  sign "$1" "$tmp/leaf.csr" "$3" "$tmp/leaf.ext" "$4" "$5"
}

server_ext() { # server_ext KEY_USAGE
  printf 'basicConstraints = critical, CA:FALSE\nkeyUsage = critical, %s\n' "$1"
  printf 'extendedKeyUsage = serverAuth\nsubjectAltName = DNS:localhost, IP:127.0.0.1\n'
  printf 'subjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n'
}
client_ext() {
  printf 'basicConstraints = critical, CA:FALSE\nkeyUsage = critical, digitalSignature\n'
  printf 'extendedKeyUsage = clientAuth\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n'
}

rsa_key ca.key
root "glasstls demo CA" ca.key ca.pem
rsa_key server-rsa.key
leaf localhost server-rsa.key server-rsa.pem ca.pem ca.key "$(server_ext 'digitalSignature, keyEncipherment')"
ec_key server-ecdsa.key
leaf localhost server-ecdsa.key server-ecdsa.pem ca.pem ca.key "$(server_ext digitalSignature)"

ec_key client-ca.key
root "glasstls demo client CA" client-ca.key client-ca.pem
ec_key client.key
leaf "demo-client" client.key client.pem client-ca.pem client-ca.key "$(client_ext)"

ec_key other-client-ca.key
root "glasstls OTHER client CA" other-client-ca.key other-client-ca.pem
ec_key other-client.key
leaf "other-client" other-client.key other-client.pem other-client-ca.pem other-client-ca.key "$(client_ext)"
rm -f other-client-ca.key

# Ed25519 (RFC 8410): PureEdDSA has no digest to choose, so openssl is given none (md=default).
ed_key() { openssl genpkey -algorithm ed25519 -out "$1"; }
md=default
ed_key server-ed25519.key
leaf localhost server-ed25519.key server-ed25519.pem ca.pem ca.key "$(server_ext digitalSignature)"
ed_key ed25519-ca.key
root "glasstls demo Ed25519 CA" ed25519-ca.key ed25519-ca.pem
ed_key client-ed25519.key
leaf "demo-ed25519-client" client-ed25519.key client-ed25519.pem ed25519-ca.pem ed25519-ca.key "$(client_ext)"
unset md

# Check what we made, the way a peer will.
openssl verify -CAfile ca.pem -purpose sslserver server-rsa.pem server-ecdsa.pem
openssl verify -CAfile client-ca.pem -purpose sslclient client.pem
openssl verify -CAfile ca.pem -purpose sslserver server-ed25519.pem
openssl verify -CAfile ed25519-ca.pem -purpose sslclient client-ed25519.pem
openssl verify -CAfile other-client-ca.pem -purpose sslclient other-client.pem
