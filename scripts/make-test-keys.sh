#!/bin/sh
# scripts/make-test-keys.sh — make the test keys under vectors/keys/ with the openssl command.
#
# The keys are committed; running this again makes NEW keys (and tests keep working, since no test
# hard-codes anything computed from them). For each key NAME in rsa2048 rsa3072 p256 p384:
#   NAME.pem            private key, PKCS#8 PEM (for `openssl pkeyutl` in the differential tests)
#   NAME.pkcs8.der      private key, PKCS#8 PrivateKeyInfo DER (RFC 5208)
#   NAME.pkcs1.der      RSA only: RSAPrivateKey DER (RFC 8017 A.1.2)
#   NAME.sec1.der       EC only: ECPrivateKey DER (RFC 5915)
#   NAME.spki.der       public key, SubjectPublicKeyInfo DER (RFC 5280 §4.1.2.7)
#   NAME.crt.pem        a self-signed certificate for the key
#   NAME.crt-spki.der   the SubjectPublicKeyInfo taken from that certificate
# PEM → DER is done here because PEM parsing lives in x509/, above crypto_glue/.
set -eu
cd "$(dirname "$0")/../vectors/keys"

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa2048.pem
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out rsa3072.pem
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:named_curve -out p256.pem
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -pkeyopt ec_param_enc:named_curve -out p384.pem

for name in rsa2048 rsa3072 p256 p384; do
    openssl pkcs8 -topk8 -nocrypt -in "$name.pem" -outform DER -out "$name.pkcs8.der"
    openssl pkey -in "$name.pem" -pubout -outform DER -out "$name.spki.der"
    case "$name" in
    rsa*) openssl rsa -in "$name.pem" -traditional -outform DER -out "$name.pkcs1.der" ;;
    p*)   openssl ec -in "$name.pem" -outform DER -out "$name.sec1.der" ;;
    esac
    openssl req -new -x509 -key "$name.pem" -subj "/CN=glasstls test $name" -days 36500 \
        -sha256 -out "$name.crt.pem"
    openssl x509 -in "$name.crt.pem" -pubkey -noout | openssl pkey -pubin -outform DER -out "$name.crt-spki.der"
done
chmod 644 ./*
echo "test keys written to $(pwd)"
