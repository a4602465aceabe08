/*
 * crypto_glue/glue/pk_gen.c — making new private keys (for `glasstls ca` and the MITM lab's forged
 * certificates), written out in the DER forms crypto_privkey_from_der reads back:
 *
 *   RSA  RSAPrivateKey (PKCS#1, RFC 8017 Appendix A.1.2), from libtomcrypt's rsa_make_key
 *        (probable primes, FIPS 186-4 style) with e = 65537;
 *   EC   ECPrivateKey (SEC 1 §C.4, RFC 5915 §3) on P-256 or P-384, from ecc_make_key_ex:
 *            ECPrivateKey ::= SEQUENCE {
 *                version        INTEGER { ecPrivkeyVer1(1) },
 *                privateKey     OCTET STRING,                  -- d, as many bytes as the order
 *                parameters [0] ECParameters {{ NamedCurve }},  -- the curve's OID
 *                publicKey  [1] BIT STRING }                   -- 04 || x || y
 */
#include <string.h>

#include "crypto_glue/asn1.h"
#include "crypto_glue/ecdh.h"
#include "crypto_glue/pk.h"
#include "crypto_glue/pk_internal.h"
#include "base/wipe.h"

static int rsa_generate(size_t bits, const crypto_rng *rng, uint8_t *der, size_t cap, size_t *len)
{
    rsa_key key;
    prng_state prng;
    crypto_ltc_prng_use(&prng, rng);
    int err = rsa_make_key(&prng, crypto_ltc_prng_idx, (int)(bits / 8), 65537, &key);
    if (err != CRYPT_OK)
        return crypto_ltc_err(err);
    unsigned long n = (unsigned long)cap;
    err = rsa_export(der, &n, PK_PRIVATE, &key); /* PKCS#1 RSAPrivateKey */
    rsa_free(&key);
    if (err != CRYPT_OK)
        return err == CRYPT_BUFFER_OVERFLOW ? TLS_ERR_BUFFER_TOO_SMALL : crypto_ltc_err(err);
    *len = (size_t)n;
    return TLS_OK;
}

static int ec_generate(crypto_group g, const crypto_rng *rng, uint8_t *der, size_t cap, size_t *len)
{
    const ltc_ecc_set_type *dp = crypto_pk_curve(g);
    size_t size = crypto_pk_curve_bytes(g);
    if (!dp || !size)
        return TLS_ERR_UNSUPPORTED;
    ecc_key key;
    prng_state prng;
    crypto_ltc_prng_use(&prng, rng);
    int err = ecc_make_key_ex(&prng, crypto_ltc_prng_idx, &key, dp);
    if (err != CRYPT_OK)
        return crypto_ltc_err(err);
    uint8_t d[48], point[1 + 2 * 48];
    point[0] = 0x04; /* uncompressed (SEC 1 §2.3.3) */
    int rc = crypto_ltc_mp_to_fixed(key.k, d, size);
    if (rc == TLS_OK)
        rc = crypto_ltc_mp_to_fixed(key.pubkey.x, point + 1, size);
    if (rc == TLS_OK)
        rc = crypto_ltc_mp_to_fixed(key.pubkey.y, point + 1 + size, size);
    ecc_free(&key);
    if (rc != TLS_OK) {
        crypto_wipe(d, sizeof d);
        return rc;
    }
    const uint8_t *oid = g == CRYPTO_GROUP_SECP256R1 ? crypto_asn1_oid_prime256v1 : crypto_asn1_oid_secp384r1;
    size_t oid_len = g == CRYPTO_GROUP_SECP256R1 ? sizeof crypto_asn1_oid_prime256v1 : sizeof crypto_asn1_oid_secp384r1;
    size_t point_len = 1 + 2 * size;
    size_t params = crypto_asn1_header_len(oid_len) + oid_len;
    size_t pub = crypto_asn1_header_len(point_len + 1) + point_len + 1;
    size_t body = 3 + crypto_asn1_header_len(size) + size + crypto_asn1_header_len(params) + params +
                  crypto_asn1_header_len(pub) + pub;
    wire_writer w;
    wire_writer_init(&w, der, cap);
    crypto_asn1_write_header(&w, CRYPTO_ASN1_SEQUENCE, body);
    static const uint8_t version1[] = { CRYPTO_ASN1_INTEGER, 1, 1 };
    wire_write_bytes(&w, version1, sizeof version1);
    crypto_asn1_write_header(&w, CRYPTO_ASN1_OCTET_STRING, size);
    wire_write_bytes(&w, d, size);
    crypto_asn1_write_header(&w, CRYPTO_ASN1_CONTEXT(0), params);
    crypto_asn1_write_header(&w, CRYPTO_ASN1_OID, oid_len);
    wire_write_bytes(&w, oid, oid_len);
    crypto_asn1_write_header(&w, CRYPTO_ASN1_CONTEXT(1), pub);
    crypto_asn1_write_header(&w, CRYPTO_ASN1_BIT_STRING, point_len + 1);
    wire_write_u8(&w, 0); /* no unused bits */
    wire_write_bytes(&w, point, point_len);
    crypto_wipe(d, sizeof d);
    if (wire_writer_finish(&w) != TLS_OK) {
        crypto_wipe(der, cap);
        return TLS_ERR_BUFFER_TOO_SMALL;
    }
    *len = w.len;
    return TLS_OK;
}

int crypto_privkey_generate_der(crypto_key_type type, size_t rsa_bits, crypto_group curve,
                                const crypto_rng *rng, uint8_t *der, size_t cap, size_t *len)
{
    if (!rng || !der || !len)
        return TLS_ERR_BAD_ARG;
    crypto_ltc_init();
    if (type == CRYPTO_KEY_RSA) {
        if (rsa_bits < 2048 || rsa_bits > 4096 || rsa_bits % 8)
            return TLS_ERR_BAD_ARG;
        return rsa_generate(rsa_bits, rng, der, cap, len);
    }
    if (type == CRYPTO_KEY_EC)
        return ec_generate(curve, rng, der, cap, len);
    return crypto_eddsa_generate_der(type, rng, der, cap, len); /* BAD_ARG for a non-EdDSA type */
}
