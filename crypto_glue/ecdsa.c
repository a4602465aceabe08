/*
 * crypto_glue/ecdsa.c — ECDSA on P-256 and P-384 (SEC 1 §4.1) with DER signatures
 * (Ecdsa-Sig-Value, RFC 3279 §2.2.3; RFC 8422 §5.4 for TLS), over libtomcrypt's ecc_key.
 *
 * libtomcrypt decodes signatures leniently (it ignores bytes after the SEQUENCE, for one), so a
 * signature is first checked here against strict DER; only a well-formed one reaches
 * ecc_verify_hash, which then checks 0 < r, s < n and the equation.
 */
#include "crypto_glue/asn1.h"
#include "crypto_glue/pk_internal.h"

/* SEC 1 §4.1.3 step 5 and §4.1.4 step 3: e is made from the leftmost bits of the hash, as many as
 * the group order has. The orders of P-256 and P-384 are exactly 256 and 384 bits long, so that is
 * the first 32 or 48 bytes (SHA-384 with P-256 uses the first half of the digest). */
static size_t hash_bytes_used(crypto_group curve, size_t digest_len)
{
    size_t order_bytes = crypto_pk_curve_bytes(curve);
    return digest_len < order_bytes ? digest_len : order_bytes;
}

int crypto_ecdsa_sign_digest(ecc_key *key, crypto_group curve, const uint8_t *digest,
                             size_t digest_len, const crypto_rng *rng, uint8_t *sig, size_t *sig_len)
{
    prng_state prng;
    crypto_ltc_prng_use(&prng, rng); /* the per-signature secret k comes from rng */
    unsigned long out_len = (unsigned long)*sig_len;
    int err = ecc_sign_hash(digest, (unsigned long)hash_bytes_used(curve, digest_len), sig, &out_len,
                            &prng, crypto_ltc_prng_idx, key);
    if (err != CRYPT_OK)
        return crypto_ltc_err(err);
    *sig_len = (size_t)out_len;
    return TLS_OK;
}

/* Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }, nothing before or after, each integer
 * positive-looking, minimal, and no longer than the group order. */
static int check_sig_der(const uint8_t *sig, size_t sig_len, size_t order_bytes)
{
    wire_reader r, seq;
    wire_reader_init(&r, sig, sig_len);
    if (crypto_asn1_read(&r, CRYPTO_ASN1_SEQUENCE, &seq) != TLS_OK || wire_expect_empty(&r) != TLS_OK)
        return TLS_ERR_DECODE;
    for (int i = 0; i < 2; i++) {
        const uint8_t *v;
        size_t n;
        if (crypto_asn1_read_uint(&seq, &v, &n) != TLS_OK || n > order_bytes)
            return TLS_ERR_DECODE;
    }
    return wire_expect_empty(&seq) == TLS_OK ? TLS_OK : TLS_ERR_DECODE;
}

int crypto_ecdsa_verify_digest(ecc_key *key, crypto_group curve, const uint8_t *digest,
                               size_t digest_len, const uint8_t *sig, size_t sig_len)
{
    if (check_sig_der(sig, sig_len, crypto_pk_curve_bytes(curve)) != TLS_OK)
        return TLS_ERR_DECRYPT_ERROR;
    int stat = 0;
    int err = ecc_verify_hash(sig, (unsigned long)sig_len, digest,
                              (unsigned long)hash_bytes_used(curve, digest_len), &stat, key);
    if (err == CRYPT_MEM)
        return TLS_ERR_NOMEM;
    return (err == CRYPT_OK && stat == 1) ? TLS_OK : TLS_ERR_DECRYPT_ERROR;
}
