#!/bin/sh
# scripts/make-test-keys.sh — make the test keys under vectors/keys/ with the openssl command.
#
# The keys are committed; running this again makes NEW keys (and tests keep working, since no test
# hard-codes anything computed from them). Give key names as arguments to make only those.
# For each key NAME in rsa2048 rsa3072 p256 p384 p521 dsa2048 dsa1024 rsapss2048 (dsa1024: under
# glasstls's 2048-bit floor, for the probe's cert-dsa-1024; an RSASSA-PSS key restricted
# to SHA-256, MGF1-SHA-256, salt >= 32, RFC 4055 §1.2):
#   NAME.pem            private key, PKCS#8 PEM (for `openssl pkeyutl` in the differential tests)
#   NAME.pkcs8.der      private key, PKCS#8 PrivateKeyInfo DER (RFC 5208)
#   NAME.pkcs1.der      RSA only: RSAPrivateKey DER (RFC 8017 A.1.2)
#   NAME.sec1.der       EC only: ECPrivateKey DER (RFC 5915)
#   NAME.trad.der       DSA only: OpenSSL's traditional DSAPrivateKey DER { 0, p, q, g, y, x }
#   NAME.spki.der       public key, SubjectPublicKeyInfo DER (RFC 5280 §4.1.2.7)
#   NAME.crt.pem        a self-signed certificate for the key
#   NAME.crt-spki.der   the SubjectPublicKeyInfo taken from that certificate
# PEM → DER is done here because PEM parsing lives in x509/, above crypto_glue/.
set -eu
cd "$(dirname "$0")/../vectors/keys"

NAMES=${*:-rsa2048 rsa3072 p256 p384 p521 dsa2048 dsa1024 rsapss2048}
for name in $NAMES; do
    case "$name" in
    rsapss*) openssl genpkey -algorithm RSA-PSS -pkeyopt "rsa_keygen_bits:${name#rsapss}" \
              -pkeyopt rsa_pss_keygen_md:sha256 -pkeyopt rsa_pss_keygen_mgf1_md:sha256 \
              -pkeyopt rsa_pss_keygen_saltlen:32 -out "$name.pem" ;;
    rsa*) openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:${name#rsa}" -out "$name.pem" ;;
    p*)   openssl genpkey -algorithm EC -pkeyopt "ec_paramgen_curve:P-${name#p}" \
              -pkeyopt ec_param_enc:named_curve -out "$name.pem" ;;
    dsa*) openssl genpkey -genparam -algorithm DSA -pkeyopt "dsa_paramgen_bits:${name#dsa}" -out "$name.param"
          openssl genpkey -paramfile "$name.param" -out "$name.pem"
          rm -f "$name.param" ;;
    esac
    openssl pkcs8 -topk8 -nocrypt -in "$name.pem" -outform DER -out "$name.pkcs8.der"
    openssl pkey -in "$name.pem" -pubout -outform DER -out "$name.spki.der"
    case "$name" in
    rsapss*) ;; # PKCS#8 only: PKCS#1 has no place for the parameters
    rsa*) openssl rsa -in "$name.pem" -traditional -outform DER -out "$name.pkcs1.der" ;;
    p*)   openssl ec -in "$name.pem" -outform DER -out "$name.sec1.der" ;;
    dsa*) openssl dsa -in "$name.pem" -outform DER -out "$name.trad.der" ;;
    esac
    openssl req -new -x509 -key "$name.pem" -subj "/CN=glasstls test $name" -days 36500 \
        -sha256 -out "$name.crt.pem"
    openssl x509 -in "$name.crt.pem" -pubkey -noout | openssl pkey -pubin -outform DER -out "$name.crt-spki.der"
done
chmod 644 ./*
echo "test keys written to $(pwd)"
